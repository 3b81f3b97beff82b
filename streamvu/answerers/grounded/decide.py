"""The grounder: a question's reading + scores over time -> the answer and what it rests on.

:class:`Grounder` holds what every form needs -- the asked thing's score on each memory entry (a
phrase through :class:`~.vocabulary.PhraseScorer`, people and faces through the detectors' scores,
movement and scene changes through the motion probe), the regions a question looks at (now, a window,
the first or last scene), and the words for what was seen. The forms themselves live in
:mod:`.present`, :mod:`.past` and :mod:`.order`; each returns a :class:`~.values.Decision` whose text
opens with the answer. Below the threshold an answer says that the asked thing was not recognised
and what was seen instead; it never guesses.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from streamvu.answerers.grounded.timeline import Span, frame_step, in_window, runs, scenes, span_of
from streamvu.answerers.grounded.values import Described
from streamvu.answerers.grounded.vocabulary import (
    SURE,
    EntryView,
    EntryViews,
    PhraseScorer,
    column,
    mean_probs,
)
from streamvu.answerers.grounded.wording import at_time, clock, span_text
from streamvu.answerers.reading import Reading, Target, Window
from streamvu.encoders.sightings import CUT, MOVING
from streamvu.messages import NOW_WINDOW_S, Evidence

# A phrase counts as seen in an entry when it scores at least this (probability mass of the classes
# that mean it). Chosen on the development set of benchmarks/calibrate_grounding.py: the best balanced
# accuracy among thresholds that say "yes" to at most 1% of absent things (see the README).
DEFAULT_THRESHOLD = 0.20
DEFAULT_WEAK = 0.10
"""A thing scoring from this up to the threshold is a weak match, said as "probably": on the same
development set a score in [0.10, 0.20) is about 8 times likelier on a frame that shows the thing than on
one that does not, and in [0.05, 0.10) about as likely on either (benchmarks/calibrate_grounding.py prints
each band's ratio). A yes/no question about such a thing *now* leans yes: the ratio is per frame, and
"now" is one scene. Over a past window the best of many scenes reaches the band by chance, so "was X
shown?" keeps the threshold, as do first and last sightings, spans, counts and "tell me when"."""
ATTACHED_WEIGHT = 0.5
"""What a thing is said to be seen with counts this much where the thing itself is not recognised ("a
man with a camera" on a man in profile, whom no detector finds, beside his camera on a tripod)."""
STEADY_S = 2.0
"""A shot is two moments (:meth:`Grounder.stretches`) where movement starts or stops and each side lasts this
long."""
EVENT = 0.5
"""Something happening (movement or a scene change) is scored as the stronger of the two over twice its
own threshold, so it is seen from 0.5."""


@dataclass(frozen=True)
class GroundingConfig:
    """Settings of the grounded answerer.

    threshold: phrase score at or above which the asked thing counts as seen (calibrated; README).
    motion: motion energy (:class:`~streamvu.messages.Sightings`) at or above which an entry counts as
        showing movement (the captions' threshold, :data:`streamvu.encoders.sightings.MOVING`).
    cut: scene-change score at or above which an entry starts a new shot.
    scene_cos: consecutive entries belong to one scene while their pooled features keep this cosine
        with the scene's first entry.
    gap: entries of another content bridged inside one appearance of a phrase.
    max_scenes: at most this many scenes are described in one answer (besides the question's own
        subject: "seen instead", evidence); a summary ("what happened?") lists up to twice as many.
    sure: a scene whose most probable class has less probability than this is described as guesses.
    weak: a thing's score from which, below ``threshold``, a yes/no question about it is answered
        "probably" (:data:`DEFAULT_WEAK`); ``threshold`` turns the weak band off.
    """

    threshold: float = DEFAULT_THRESHOLD
    motion: float = MOVING
    cut: float = CUT
    scene_cos: float = 0.8
    gap: int = 1
    max_scenes: int = 5
    sure: float = SURE
    weak: float = DEFAULT_WEAK

    def __post_init__(self) -> None:
        for name, value in (("threshold", self.threshold), ("motion", self.motion), ("cut", self.cut)):
            if not 0.0 < value < 1.0:
                raise ValueError(f"{name} must be in (0, 1), got {value}")
        if not 0.0 < self.weak <= self.threshold:
            raise ValueError(f"weak must be in (0, threshold], got {self.weak}")
        if self.gap < 0 or self.max_scenes < 1:
            raise ValueError("gap must be >= 0 and max_scenes >= 1")


class Grounder:
    """Decides answers from entries; see the module docstring. ``now_window_s``: "now" means the latest
    scene, at most this many seconds back (the pipeline's :attr:`QueryConfig.now_window_s`)."""

    def __init__(
        self, scorer: PhraseScorer, config: GroundingConfig | None = None, now_window_s: float = NOW_WINDOW_S
    ) -> None:
        if not now_window_s > 0:
            raise ValueError(f"now_window_s must be > 0, got {now_window_s}")
        self.scorer = scorer
        self.config = config or GroundingConfig()
        self.now_window_s = now_window_s

    # -- the asked thing ---------------------------------------------------------------------------
    def scores(self, target: Target, entries: Sequence[EntryView]) -> np.ndarray:
        """(len(entries),) how strongly each entry shows ``target``."""
        if (
            target.kind == "motion"
        ):  # a cut changes every pixel: it is no movement (unless frames after it moved)
            moved = column(entries, "moved") > 0
            return np.where(
                moved | (column(entries, "cut") < self.config.cut), column(entries, "motion"), 0.0
            )
        if target.kind == "cut":
            return column(entries, "cut").astype(np.float32)
        if target.kind == "event":  # movement or a scene change, each over its own threshold: >= 0.5
            moved = self.scores(Target("movement", "motion"), entries) / (2.0 * self.config.motion)
            cut = column(entries, "cut") / (2.0 * self.config.cut)
            return np.minimum(1.0, np.maximum(moved, cut)).astype(np.float32)
        scores = self.scorer.scores(target.phrase, entries)
        if target.worn:  # "a woman in uniform": the person, more surely where the uniform is seen too
            worn = self.scorer.scores(target.attached, entries)
            scores = scores * (ATTACHED_WEIGHT + (1.0 - ATTACHED_WEIGHT) * worn)
        elif target.attached:  # "a man with a camera": both, or the camera where the man is not recognised
            attached = self.scorer.scores(target.attached, entries)
            scores = np.maximum(np.minimum(scores, attached), ATTACHED_WEIGHT * attached)
        return scores

    def motion_of(self, e: EntryView) -> float:
        """An entry's movement: its motion energy, unless that is a cut's (a merged entry holding a cut
        and frames that moved after it moved)."""
        return e.motion if e.moving is not None or e.cut < self.config.cut else 0.0

    def threshold(self, target: Target) -> float:
        limits = {"motion": self.config.motion, "cut": self.config.cut, "event": EVENT}
        return limits.get(target.kind, self.config.threshold)

    def weak(self, target: Target) -> float:
        """The score from which ``target``, short of :meth:`threshold`, is a weak match (see
        :data:`DEFAULT_WEAK`): a named thing's class-score band; people, faces, movement and scene
        changes are measured by detectors and have none (their threshold)."""
        if target.kind != "thing" or self.person_phrase(target) or self.scorer.is_face_phrase(target.phrase):
            return self.threshold(target)
        return min(self.config.weak, self.threshold(target))

    def which_event(self, target: Target, entries, idx: Sequence[int]) -> Target:
        """What something happening (an ``event`` target) was over entries ``idx``: movement, else a scene
        change (the answer names the one seen); any other target as it is."""
        if target.kind != "event" or not len(idx):
            return target
        motion = Target("movement", "motion")
        moved = float(np.max(self.scores(motion, entries)[list(idx)])) >= self.config.motion
        return motion if moved else Target("scene change", "cut")

    def likeliest(self, reading: Reading, entries, idx: Sequence[int]) -> Target | None:
        """The thing a yes/no question asks about; of "a cat or a dog" the one most strongly seen in
        entries ``idx`` (against its threshold), the first named on a tie."""
        if len(reading.alternatives) < 2 or reading.negated or not len(idx):
            return reading.target
        strength = [
            float(np.max(self.scores(a, entries)[list(idx)])) / self.threshold(a)
            for a in reading.alternatives
        ]
        return reading.alternatives[int(np.argmax(strength))]

    def found(
        self, target: Target, entries, idx: Sequence[int] | None = None, window: Window = (None, None)
    ) -> tuple[list[Span], np.ndarray]:
        """The appearances of ``target`` (runs at or above its threshold) inside ``idx`` (default all).
        Movement and scene changes are placed by when the frames showed them (inside ``window``), not by
        the spans of the entries that hold them (a merged entry spans more than its movement)."""
        scores = self.scores(target, entries)
        if target.kind != "thing" and any(e.moving is not None or e.cuts for e in entries):
            return self.events(target, entries, idx, window), scores
        if idx is not None and len(idx) < len(entries):
            sub = np.zeros_like(scores)
            if len(idx):
                sub[min(idx) : max(idx) + 1] = scores[min(idx) : max(idx) + 1]
            scores_in = sub
        else:
            scores_in = scores
        gap = 0 if target.kind == "cut" else self.config.gap
        return runs(scores_in, entries, self.threshold(target), gap), scores

    def events(self, target: Target, entries, idx: Sequence[int] | None, window: Window) -> list[Span]:
        """Movement (the moving frames' times, gaps of up to two frame steps bridged) or scene changes
        (one span per cut frame) inside ``idx`` and ``window``."""
        if target.kind == "event":
            both = [
                *self.events(Target("movement", "motion"), entries, idx, window),
                *self.events(Target("scene change", "cut"), entries, idx, window),
            ]
            return sorted(both, key=lambda s: (s.start, s.end))
        lo = -np.inf if window[0] is None else window[0]
        hi = np.inf if window[1] is None else window[1]
        where = range(len(entries)) if idx is None else idx

        def entry_at(t: float) -> int:
            return next(
                (i for i in where if entries[i].start - 1e-6 <= t <= entries[i].end + 1e-6), where[-1]
            )

        if target.kind == "cut":
            times = sorted({t for i in where for t in entries[i].cuts if lo <= t <= hi})
            return [Span(entry_at(t), entry_at(t), t, t) for t in times]
        gap = 2.0 * frame_step(entries) + 1e-6
        spans: list[list[float]] = []
        for a, b in sorted(entries[i].moving for i in where if entries[i].moving is not None):
            if b < lo or a > hi:
                continue
            a, b = max(a, lo), min(b, hi)
            if spans and a - spans[-1][1] <= gap:
                spans[-1][1] = max(spans[-1][1], b)
            else:
                spans.append([a, b])
        return [Span(entry_at(a), entry_at(b), a, b) for a, b in spans]

    def person_phrase(self, target: Target | None) -> bool:
        """Whether ``target`` is a thing that means people (see :meth:`PhraseScorer.is_person_phrase`)."""
        return (
            target is not None
            and target.kind == "thing"
            and (not target.attached or target.worn)
            and self.scorer.is_person_phrase(target.phrase)
        )

    # -- what was seen -----------------------------------------------------------------------------
    def classes(self, entries: Sequence[EntryView], idx: Sequence[int], k: int = 2) -> str:
        """The top classes over entries ``idx``: "espresso (82%), tea cup (12%)"."""
        probs = mean_probs(entries, idx)
        return ", ".join(f"{name} ({p:.0%})" for name, p in self.scorer.top_classes(probs, k))

    def _once(self, entries, idx: Sequence[int], key: tuple, make):
        """``make()``, said once per run of :class:`EntryViews` (every question on an unchanged memory
        reads the same words); computed each time for plain lists or indices that are not a range."""
        if not (isinstance(entries, EntryViews) and isinstance(idx, range)):
            return make()
        key = (*key, idx.start, idx.stop, idx.step, self.config)
        if key not in entries.memo:
            entries.memo[key] = make()
        return entries.memo[key]

    def seen(self, entries: Sequence[EntryView], idx: Sequence[int], k: int = 2) -> str:
        """Top classes over entries ``idx`` and any people, faces or movement there:
        "1 person, moving; espresso (82%), tea cup (12%)"."""
        return self._once(entries, idx, ("seen", k), lambda: self._seen(entries, idx, k))

    def _seen(self, entries: Sequence[EntryView], idx: Sequence[int], k: int) -> str:
        names = self.classes(entries, idx, k)
        extra = self.sightings(entries, idx)
        return f"{extra}; {names}" if extra else names

    def seen_or_guess(self, entries: Sequence[EntryView], idx: Sequence[int], k: int = 2) -> str:
        """:meth:`seen`, with the classes said as the classifier's guesses when none over ``idx`` is
        recognised with confidence (no class at ``config.sure``); people and movement stay said."""
        return self._once(entries, idx, ("seen_or_guess", k), lambda: self._seen_or_guess(entries, idx, k))

    def _seen_or_guess(self, entries: Sequence[EntryView], idx: Sequence[int], k: int) -> str:
        if self.sure(entries, idx):
            return self.seen(entries, idx, k)
        names = self.classes(entries, idx, k)
        extra = self.sightings(entries, idx)
        if extra:
            return f"{extra}; no thing recognised with confidence (the classifier's best guesses: {names})"
        return f"nothing recognised with confidence; the classifier's best guesses: {names}"

    def seen_as(self, target: Target, entries: Sequence[EntryView], idx: Sequence[int]) -> str:
        """What over entries ``idx`` made them show ``target``: the class that means it most ("espresso
        (14%)" for "a cup of coffee" beside a cat), with any people or movement; for people, movement
        and scene changes (or a thing no class means), what :meth:`seen` says; for a kind of person no
        detector checks ("the astronaut"), that too."""
        if self.person_phrase(target) and self.scorer.channels(target.phrase)[0] < 1.0:
            return f"{self.seen(entries, idx, 1)} (no detector can tell whether it is {target.text})"
        if target.kind != "thing" or self.person_phrase(target):
            return self.seen(entries, idx, 1)
        probs = mean_probs(entries, idx)
        relevance = self.scorer.relevance(target.phrase)
        best = int(np.argmax(probs * relevance))
        if relevance[best] <= 0.0 or probs[best] < 0.01:
            return self.seen(entries, idx, 1)
        extra = self.sightings(entries, idx)
        named = f"{self.scorer.class_names[best]} ({min(1.0, float(probs[best])):.0%})"
        return f"{extra}; {named}" if extra else named

    def sightings(self, entries: Sequence[EntryView], idx: Sequence[int]) -> str:
        n = max((entries[i].person_count for i in idx), default=0)
        moving = any(self.motion_of(entries[i]) >= self.config.motion for i in idx)
        parts = []
        if n:
            parts.append(f"{n} {'person' if n == 1 else 'people'}")
        if moving:
            parts.append("moving")
        return ", ".join(parts)

    def sure(self, entries: Sequence[EntryView], idx: Sequence[int]) -> bool:
        """True when the most probable class name over ``idx`` (classes of one name together, as they are
        said) has at least ``config.sure`` probability."""
        probs = mean_probs(entries, idx)
        return self.scorer.top_classes(probs, 1)[0][1] >= self.config.sure

    def evidence(self, entries, span: Span, scores: np.ndarray | None = None) -> Evidence:
        """Evidence for a span: the entries' own time span (from the frame before the first one) and
        what was seen there, with the asked thing's mean score when ``scores`` is given."""
        score = None if scores is None else float(np.mean(scores[span.first : span.last + 1]))
        return Evidence(entries[span.first].start, span.end, self.seen(entries, span.indices, 3), score=score)

    def scene_list(self, entries, spans: Sequence[Span], most: int | None = None) -> str:
        """'espresso (82%) at 0–20 s; Egyptian Mau (76%) at 20–40 s' (the longest ``most`` (default
        ``max_scenes``), in time order; "and N shorter scenes" when some are left out)."""
        most = most or self.config.max_scenes
        keep = sorted(sorted(spans, key=lambda s: -(s.end - s.start))[:most], key=lambda s: s.start)
        text = "; ".join(f"{self.seen(entries, s.indices, 1)} at {span_text(s.start, s.end)}" for s in keep)
        left = len(spans) - len(keep)
        return text + (f"; and {left} shorter scene{'s' if left > 1 else ''}" if left else "")

    def described(self, entries, spans: Sequence[Span]) -> Described:
        return Described(tuple((s.start, s.end, self.seen(entries, s.indices, 1)) for s in spans))

    # -- regions a question looks at ---------------------------------------------------------------
    def scenes(self, entries) -> list[Span]:
        """The scenes of ``entries`` (cut once per :class:`EntryViews`)."""
        memo = entries.memo if isinstance(entries, EntryViews) else {}
        key = ("scenes", self.config)
        if key not in memo:
            memo[key] = scenes(entries, self.config.scene_cos, column(entries, "cut") >= self.config.cut)
        return memo[key]

    def now_idx(self, entries, asked_at: float) -> range:
        """The latest scene, at most ``now_window_s`` back."""
        last = self.scenes(entries)[-1]
        # entries are time-ordered: the first of the scene ending at or after the window's start
        first = int(np.searchsorted(column(entries, "end"), asked_at - self.now_window_s, side="left"))
        if first > last.last:
            return range(len(entries) - 1, len(entries))
        return range(max(first, last.first), last.last + 1)

    def window_idx(self, entries, reading: Reading) -> Sequence[int]:
        """The entries a question's window covers (all of them when it names none), in time order."""
        if reading.beginning:
            return self.scenes(entries)[0].indices
        if reading.ending:
            return self.scenes(entries)[-1].indices
        if reading.within is not None:  # the scenes of the named thing's first appearance
            found, _ = self.found(reading.within, entries)
            if not found:  # not recognised: what was seen in all (the answer says so, see where())
                return range(len(entries))
            return range(found[0].first, found[0].last + 1)
        if reading.scenes_back is not None:
            every = self.scenes(entries)
            a, b = (min(k, len(every) - 1) for k in reading.scenes_back)
            return range(every[-1 - a].first, every[-1 - b].last + 1)
        return in_window(entries, reading.window) or range(len(entries))

    def within_all(self, entries, reading: Reading) -> list[range]:
        """Every appearance of the thing whose scene a question names ("while the cat was there"), as
        ranges of entries; [] when the question names none or the thing was not recognised."""
        if reading.within is None:
            return []
        found, _ = self.found(reading.within, entries)
        return [range(r.first, r.last + 1) for r in found]

    def scenes_in(self, entries, idx: Sequence[int]) -> list[Span]:
        """The scenes overlapping ``idx`` (time-ordered indices), clipped to it."""
        lo, hi = idx[0], idx[-1]
        every = self.scenes(entries)
        if lo <= every[0].first and hi >= every[-1].last:
            return list(every)
        firsts = [s.first for s in every]
        a, b = max(0, bisect.bisect_right(firsts, lo) - 1), bisect.bisect_right(firsts, hi)
        return [span_of(entries, max(s.first, lo), min(s.last, hi)) for s in every[a:b]]

    def stretches(self, entries, idx: Sequence[int]) -> list[Span]:
        """:meth:`scenes_in`, each split where movement starts or stops and stays so for :data:`STEADY_S`
        or more on both sides: "a motorbike, then a motorbike with a ball rolling across" is one shot (the
        same picture) but two moments."""
        moving = self.scores(Target("movement", "motion"), entries) >= self.config.motion
        out = []
        for scene in self.scenes_in(entries, idx):
            runs = [scene.first]  # the first entry of each run of one motion state
            runs += [i for i in range(scene.first + 1, scene.last + 1) if moving[i] != moving[i - 1]]
            bounds = [*runs, scene.last + 1]
            lasting = [
                entries[b - 1].end - entries[a].first_seen >= STEADY_S
                for a, b in zip(bounds, bounds[1:], strict=False)
            ]
            start = scene.first
            for k in range(1, len(runs)):
                if lasting[k - 1] and lasting[k]:
                    out.append(span_of(entries, start, runs[k] - 1))
                    start = runs[k]
            out.append(span_of(entries, start, scene.last))
        return out

    def where(self, reading: Reading, asked_at: float) -> str:
        """'up to 90 s', 'at the beginning', 'between 10 and 20 s'."""
        if reading.beginning:
            return "at the beginning"
        if reading.ending:
            return "at the end"
        if reading.within is not None:
            return f"in the scene with {reading.within.text}"  # (or up to now, when it was not recognised)
        if reading.scenes_back is not None:
            a, b = reading.scenes_back
            if a == b:
                return "in the scene before this one" if a == 1 else f"{a} scenes back"
            if b == 1:
                return "before this scene"
            return "in the latest scenes" if a > 1 else "in this scene and the one before it"
        lo, hi = reading.window
        if lo is None and hi is None:
            return f"up to {at_time(asked_at)}"
        hi_t = min(hi if hi is not None else asked_at, asked_at)
        return f"between {clock(lo or 0.0)} and {at_time(hi_t)}"

    def neighbour_scene(self, entries, run: Span, before: bool) -> Span | None:
        """The scene just before the one where ``run`` starts, or just after the one where it ends (None at
        the edge): the rest of its own scene is more of the same shot, not what came before or after."""
        all_scenes = self.scenes(entries)
        for s in reversed(all_scenes) if before else all_scenes:
            if before and s.last < run.first:
                return s
            if not before and s.first > run.last:
                return s
        return None
