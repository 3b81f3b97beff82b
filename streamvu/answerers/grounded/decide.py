"""The per-form logic: a question's form + phrase scores over time -> the answer and what it rests on.

Every answer is a :class:`Decision`: a template sentence that names what was seen and when, the
evidence spans it rests on (each with the phrase's score there), and whether the asked thing was
recognised. Below the threshold the answer says what was seen instead and that the asked thing was
not recognised; it never guesses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from streamvu.answerers.grounded.forms import Form, Parsed
from streamvu.answerers.grounded.timeline import Span, in_window, peak, run_strength, runs, scenes, span_of
from streamvu.answerers.grounded.vocabulary import EntryView, PhraseScorer
from streamvu.messages import Evidence

# A phrase counts as seen in an entry when it scores at least this (probability mass of the classes
# that mean it). Chosen on the development set of benchmarks/calibrate_grounding.py: the best balanced
# accuracy among thresholds that say "yes" to at most 1% of absent things (see the README).
DEFAULT_THRESHOLD = 0.15


@dataclass(frozen=True)
class GroundingConfig:
    """Settings of the grounded answerer.

    threshold: phrase score at or above which the asked thing counts as seen (calibrated; README).
    now_window_s: "now" means the latest scene, at most this many seconds back.
    scene_cos: consecutive entries belong to one scene while their pooled features keep this cosine
        with the scene's first entry.
    gap: entries of another content bridged inside one appearance of a phrase.
    max_scenes: at most this many scenes are described in one answer.
    sure: a scene whose most probable class has less probability than this is described as guesses.
    """

    threshold: float = DEFAULT_THRESHOLD
    now_window_s: float = 8.0
    scene_cos: float = 0.8
    gap: int = 1
    max_scenes: int = 5
    sure: float = 0.3

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold must be in (0, 1), got {self.threshold}")
        if not self.now_window_s > 0:
            raise ValueError(f"now_window_s must be > 0, got {self.now_window_s}")
        if self.gap < 0 or self.max_scenes < 1:
            raise ValueError("gap must be >= 0 and max_scenes >= 1")


@dataclass
class Decision:
    """A decided answer. ``recognised`` is False when the asked thing scored below the threshold."""

    form: Form
    text: str
    evidence: list[Evidence] = field(default_factory=list)
    recognised: bool = True
    choice: str | None = None
    option_scores: tuple[float, ...] = ()


def seconds(t: float) -> str:
    """12.0 -> '12', 12.5 -> '12.5', 725 -> '12:05' (minutes from 10 minutes on)."""
    if t >= 600:
        m, s = divmod(round(t), 60)
        return f"{int(m)}:{int(s):02d}"
    return f"{t:.1f}".rstrip("0").rstrip(".")


def span_text(start: float, end: float) -> str:
    """'20–39 s' ('3 s' when both ends agree to the shown precision)."""
    unit = "" if end >= 600 else " s"
    if seconds(start) == seconds(end):
        return f"{seconds(end)}{unit}"
    return f"{seconds(start)}–{seconds(end)}{unit}"


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class Grounder:
    """Decides answers from entries; see the module docstring."""

    def __init__(self, scorer: PhraseScorer, config: GroundingConfig | None = None) -> None:
        self.scorer = scorer
        self.config = config or GroundingConfig()

    # -- what was seen ---------------------------------------------------------------------------
    def seen(self, entries: Sequence[EntryView], idx: Sequence[int], k: int = 2) -> str:
        """The top classes over entries ``idx`` (their mean probabilities): "espresso (82%), tea cup (12%)"."""
        probs = np.mean([entries[i].probs for i in idx], axis=0)
        return ", ".join(f"{name} ({p:.0%})" for name, p in self.scorer.top_classes(probs, k))

    def sure(self, entries: Sequence[EntryView], idx: Sequence[int]) -> bool:
        """True when the most probable class over ``idx`` has at least ``config.sure`` probability."""
        return float(np.max(np.mean([entries[i].probs for i in idx], axis=0))) >= self.config.sure

    def scene_evidence(self, entries, span: Span, scores: np.ndarray | None = None) -> Evidence:
        """Evidence for a span: the entries' own time span (from the frame before the first one) and
        their top classes, with the phrase's mean score there when ``scores`` is given."""
        score = None if scores is None else float(np.mean(scores[span.first : span.last + 1]))
        return Evidence(entries[span.first].start, span.end, self.seen(entries, span.indices, 3), score=score)

    def scene_list(self, entries, spans: Sequence[Span]) -> str:
        """'espresso (82%) at 0–20 s; Egyptian Mau (76%) at 20–40 s' (the longest few, in time order)."""
        keep = sorted(
            sorted(spans, key=lambda s: -(s.end - s.start))[: self.config.max_scenes], key=lambda s: s.start
        )
        return "; ".join(f"{self.seen(entries, s.indices, 1)} at {span_text(s.start, s.end)}" for s in keep)

    # -- regions a question looks at -------------------------------------------------------------
    def now_idx(self, entries, asked_at: float) -> list[int]:
        """The latest scene, at most ``now_window_s`` back."""
        last = scenes(entries, self.config.scene_cos)[-1]
        lo = asked_at - self.config.now_window_s
        idx = [i for i in last.indices if entries[i].end >= lo]
        return idx or [len(entries) - 1]

    def window_idx(self, entries, parsed: Parsed) -> list[int]:
        if parsed.beginning:
            return list(scenes(entries, self.config.scene_cos)[0].indices)
        return in_window(entries, parsed.window) or list(range(len(entries)))

    def region(self, entries, parsed: Parsed, asked_at: float, mode: str) -> list[int]:
        """The entries whose content answers a "what" about ``parsed``'s time."""
        if parsed.beginning or parsed.window != (None, None):
            return self.window_idx(entries, parsed)
        if parsed.form in ("now_what", "now_yesno", "future") or (
            parsed.form == "describe" and mode == "now"
        ):
            return self.now_idx(entries, asked_at)
        return list(range(len(entries)))

    def appearances(self, entries, scores: np.ndarray, idx: Sequence[int]) -> list[Span]:
        """Runs of the phrase inside ``idx`` (a contiguous index range)."""
        if not idx:
            return []
        lo, hi = min(idx), max(idx)
        sub = np.zeros_like(scores)
        sub[lo : hi + 1] = scores[lo : hi + 1]
        return runs(sub, entries, self.config.threshold, self.config.gap)

    def neighbour_scene(self, entries, run: Span, before: bool) -> Span | None:
        """The scene just before ``run`` starts, or just after it ends (None at the edge)."""
        for s in (
            scenes(entries, self.config.scene_cos)
            if not before
            else reversed(scenes(entries, self.config.scene_cos))
        ):
            if before and s.first < run.first:
                return span_of(entries, s.first, min(s.last, run.first - 1))
            if not before and s.last > run.last:
                return span_of(entries, max(s.first, run.last + 1), s.last)
        return None

    # -- the forms -------------------------------------------------------------------------------
    def decide(self, entries: Sequence[EntryView], parsed: Parsed, asked_at: float, mode: str) -> Decision:
        """The answer to ``parsed`` from ``entries`` (time-ordered, all ending by ``asked_at``)."""
        if not entries:
            return Decision(parsed.form, "Nothing has been seen yet.", recognised=False)
        form = parsed.form
        if form in ("now_yesno", "past_yesno", "when", "count", "before", "after") and not parsed.target:
            if form == "count":
                return self._count_scenes(entries, parsed)
            form = "now_what" if form == "now_yesno" else "describe"
            parsed = Parsed(form, "", parsed.alternatives, parsed.window, parsed.beginning)
        handler = getattr(self, f"_{form}")
        return handler(entries, parsed, asked_at, mode)

    def _not_recognised(
        self, entries, parsed: Parsed, idx: Sequence[int], scores: np.ndarray, where: str
    ) -> Decision:
        best, at = peak(scores, idx)
        spans = [
            s for s in scenes(entries, self.config.scene_cos) if s.last >= min(idx) and s.first <= max(idx)
        ]
        best_txt = (
            f"best match {best:.2f} at {seconds(entries[at].end)} s" if at is not None else "nothing to match"
        )
        text = (
            f"{parsed.target} was not recognised {where} ({best_txt}, below {self.config.threshold:.2f}); "
            f"seen instead: {self.scene_list(entries, spans)}."
        )
        evidence = [self.scene_evidence(entries, s, scores) for s in spans[: self.config.max_scenes]]
        return Decision(parsed.form, cap(text), evidence, recognised=False)

    def _where(self, entries, parsed: Parsed, asked_at: float) -> str:
        if parsed.beginning:
            return "at the beginning"
        lo, hi = parsed.window
        if lo is None and hi is None:
            return f"up to {seconds(asked_at)} s"
        return (
            f"between {seconds(lo or 0.0)} and {seconds(min(hi if hi is not None else asked_at, asked_at))} s"
        )

    def _now_what(self, entries, parsed, asked_at, mode) -> Decision:
        idx = self.now_idx(entries, asked_at)
        span = span_of(entries, idx[0], idx[-1])
        scene = scenes(entries, self.config.scene_cos)[-1]
        seen = self.seen(entries, idx, 3)
        if not self.sure(entries, idx):
            seen = f"nothing recognised with confidence; the classifier's best guesses: {seen}"
        text = f"Now ({seconds(asked_at)} s): {seen} — this shot since {seconds(scene.start)} s."
        return Decision("now_what", text, [self.scene_evidence(entries, span)])

    def _now_yesno(self, entries, parsed, asked_at, mode) -> Decision:
        idx = self.now_idx(entries, asked_at)
        scores = self.scorer.scores(parsed.target, entries)
        value = float(np.mean(scores[idx]))
        span = span_of(entries, idx[0], idx[-1])
        if value < self.config.threshold:
            text = (
                f"No: {parsed.target} is not recognised now ({seconds(asked_at)} s; score {value:.2f}, below "
                f"{self.config.threshold:.2f}); seen now: {self.seen(entries, idx, 2)}."
            )
            return Decision("now_yesno", text, [self.scene_evidence(entries, span, scores)], recognised=False)
        since = self.appearances(entries, scores, range(len(entries)))
        start = since[-1].start if since else span.start
        text = (
            f"Yes: {parsed.target} is seen now ({self.seen(entries, idx, 1)}, score {value:.2f}), "
            f"since {seconds(start)} s."
        )
        return Decision("now_yesno", text, [self.scene_evidence(entries, span, scores)])

    def _past_yesno(self, entries, parsed, asked_at, mode) -> Decision:
        idx = self.window_idx(entries, parsed)
        scores = self.scorer.scores(parsed.target, entries)
        found = self.appearances(entries, scores, idx)
        if not found:
            decision = self._not_recognised(
                entries, parsed, idx, scores, self._where(entries, parsed, asked_at)
            )
            decision.text = "No: " + decision.text[0].lower() + decision.text[1:]
            return decision
        best = max(found, key=lambda r: run_strength(scores, r))
        text = (
            f"Yes: {parsed.target} was seen at {span_text(best.start, best.end)} "
            f"({self.seen(entries, best.indices, 1)}, score {run_strength(scores, best):.2f})."
        )
        return Decision("past_yesno", text, [self.scene_evidence(entries, best, scores)])

    def _when(self, entries, parsed, asked_at, mode) -> Decision:
        idx = self.window_idx(entries, parsed)
        scores = self.scorer.scores(parsed.target, entries)
        found = self.appearances(entries, scores, idx)
        if not found:
            return self._not_recognised(entries, parsed, idx, scores, self._where(entries, parsed, asked_at))
        best = max(found, key=lambda r: run_strength(scores, r) * (r.end - r.start + 1.0))
        others = [r for r in found if r is not best]
        also = f" (also {', '.join(span_text(r.start, r.end) for r in others[:3])})" if others else ""
        text = (
            f"{cap(parsed.target)} was seen at {span_text(best.start, best.end)}{also}: "
            f"{self.seen(entries, best.indices, 1)}, score {run_strength(scores, best):.2f}."
        )
        return Decision(
            "when",
            text,
            [self.scene_evidence(entries, r, scores) for r in sorted(found, key=lambda r: r.start)],
        )

    def first_seen(self, entries, phrase: str) -> tuple[Span | None, np.ndarray]:
        scores = self.scorer.scores(phrase, entries)
        found = runs(scores, entries, self.config.threshold, self.config.gap)
        return (found[0] if found else None), scores

    def _first(self, entries, parsed, asked_at, mode) -> Decision:
        if parsed.alternatives:
            seen = [(alt, *self.first_seen(entries, alt)) for alt in parsed.alternatives]
            found = sorted(
                [(run.start, alt, run, sc) for alt, run, sc in seen if run is not None], key=lambda t: t[0]
            )
            missing = [alt for alt, run, _ in seen if run is None]
            if not found:
                first = scenes(entries, self.config.scene_cos)[0]
                text = (
                    f"None of {', '.join(parsed.alternatives)} was recognised; first seen: "
                    f"{self.seen(entries, first.indices, 2)} at {span_text(first.start, first.end)}."
                )
                return Decision("first", text, [self.scene_evidence(entries, first)], recognised=False)
            _, alt, run, sc = found[0]
            rest = "; ".join(
                [
                    *(f"{a} at {span_text(r.start, r.end)}" for _, a, r, _ in found[1:]),
                    *(f"{a} not recognised" for a in missing),
                ]
            )
            text = f"{cap(alt)} came first, at {span_text(run.start, run.end)}" + (
                f" ({rest})." if rest else "."
            )
            return Decision("first", text, [self.scene_evidence(entries, r, s) for _, _, r, s in found])
        first = scenes(entries, self.config.scene_cos)[0]
        text = f"First seen: {self.seen(entries, first.indices, 2)} at {span_text(first.start, first.end)}."
        return Decision("first", text, [self.scene_evidence(entries, first)])

    def _adjacent(self, entries, parsed, asked_at, before: bool) -> Decision:
        scores = self.scorer.scores(parsed.target, entries)
        found = runs(scores, entries, self.config.threshold, self.config.gap)
        form: Form = "before" if before else "after"
        if not found:
            decision = self._not_recognised(
                entries, parsed, range(len(entries)), scores, f"up to {seconds(asked_at)} s"
            )
            decision.form = form
            return decision
        anchor = found[0]  # the first appearance of the anchor
        other = self.neighbour_scene(entries, anchor, before)
        where = span_text(anchor.start, anchor.end)
        if other is None:
            text = (
                f"Nothing was seen before {parsed.target} (it is there from the start, {where})."
                if before
                else f"Nothing else yet: {parsed.target} is seen from {seconds(anchor.start)} s up to now "
                f"({seconds(asked_at)} s)."
            )
            return Decision(form, text, [self.scene_evidence(entries, anchor, scores)])
        word = "Before" if before else "After"
        text = (
            f"{word} {parsed.target} ({where}): {self.seen(entries, other.indices, 2)} at "
            f"{span_text(other.start, other.end)}."
        )
        return Decision(
            form,
            text,
            [self.scene_evidence(entries, s) for s in sorted((anchor, other), key=lambda s: s.start)],
        )

    def _before(self, entries, parsed, asked_at, mode) -> Decision:
        return self._adjacent(entries, parsed, asked_at, before=True)

    def _after(self, entries, parsed, asked_at, mode) -> Decision:
        return self._adjacent(entries, parsed, asked_at, before=False)

    def _count(self, entries, parsed, asked_at, mode) -> Decision:
        idx = self.window_idx(entries, parsed)
        scores = self.scorer.scores(parsed.target, entries)
        found = self.appearances(entries, scores, idx)
        if not found:
            decision = self._not_recognised(
                entries, parsed, idx, scores, self._where(entries, parsed, asked_at)
            )
            decision.form, decision.text = "count", "0 times: " + decision.text[0].lower() + decision.text[1:]
            return decision
        n = len(found)
        text = (
            f"{cap(parsed.target)} appeared {n} time{'s' if n != 1 else ''}: "
            f"{', '.join(span_text(r.start, r.end) for r in found)}."
        )
        return Decision("count", text, [self.scene_evidence(entries, r, scores) for r in found])

    def _count_scenes(self, entries, parsed) -> Decision:
        idx = self.window_idx(entries, parsed)
        spans = [
            s for s in scenes(entries, self.config.scene_cos) if s.last >= min(idx) and s.first <= max(idx)
        ]
        n = len(spans)
        text = f"{n} distinct scene{'s' if n != 1 else ''}: {self.scene_list(entries, spans)}."
        return Decision("count", text, [self.scene_evidence(entries, s) for s in spans])

    def _future(self, entries, parsed, asked_at, mode) -> Decision:
        idx = self.now_idx(entries, asked_at)
        span = span_of(entries, idx[0], idx[-1])
        if parsed.target:
            scores = self.scorer.scores(parsed.target, entries)
            value, at = peak(scores, idx)
            if value >= self.config.threshold and at is not None:
                text = (
                    f"{cap(parsed.target)} is seen at {seconds(entries[at].end)} s "
                    f"({self.seen(entries, [at], 1)}, score {value:.2f})."
                )
                return Decision("future", text, [self.scene_evidence(entries, span, scores)])
            text = (
                f"{cap(parsed.target)} has not been recognised by "
                f"{seconds(asked_at)} s; latest: {self.seen(entries, idx, 2)}."
            )
            return Decision("future", text, [self.scene_evidence(entries, span, scores)], recognised=False)
        text = (
            f"What comes next cannot be told from what was seen; latest ({span_text(span.start, span.end)}): "
            f"{self.seen(entries, idx, 2)}."
        )
        return Decision("future", text, [self.scene_evidence(entries, span)], recognised=False)

    def _describe(self, entries, parsed, asked_at, mode) -> Decision:
        idx = self.region(entries, parsed, asked_at, mode)
        spans = [
            s for s in scenes(entries, self.config.scene_cos) if s.last >= min(idx) and s.first <= max(idx)
        ]
        spans = [span_of(entries, max(s.first, min(idx)), min(s.last, max(idx))) for s in spans]
        text = f"Seen {self._where(entries, parsed, asked_at)}: {self.scene_list(entries, spans)}."
        if parsed.target and len(parsed.target.split()) <= 4:
            scores = self.scorer.scores(parsed.target, entries)
            found = self.appearances(entries, scores, idx)
            if found:
                text += (
                    f" {cap(parsed.target)}: seen at "
                    + ", ".join(span_text(r.start, r.end) for r in found[:3])
                    + "."
                )
        return Decision(
            "describe", text, [self.scene_evidence(entries, s) for s in spans[: self.config.max_scenes]]
        )
