"""Multiple choice with the same logic: every option is scored, the best one is chosen.

Options are read as what they are: yes/no, numbers (a count), time spans ("20–40 s"), or phrases.
A phrase option is scored on the region the question's form looks at (the latest scene for "now",
the scene before/after the anchor for "before/after", the first scene for "first", the asked window
otherwise); a time span by its overlap with the asked thing's best span; a number by its distance to
the counted appearances. Scores are in [0, 1]; ties go to the earlier option.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from streamvu.answerers.grounded.decide import Decision, Grounder
from streamvu.answerers.grounded.forms import Parsed, clean_target
from streamvu.answerers.grounded.timeline import overlap, peak, run_strength, runs, scenes
from streamvu.answerers.grounded.vocabulary import EntryView

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SPAN = re.compile(
    r"^\D*?(\d+(?:[.:]\d+)?)\s*(?:s|sec|seconds)?\s*(?:-|–|—|to|and)\s*(\d+(?:[.:]\d+)?)\s*(?:s|sec|seconds)?\W*$",
    re.I,
)
_NUMBER = re.compile(r"^\D*?(\d+)\D*$")
_WORDS = {
    "zero": 0,
    "none": 0,
    "once": 1,
    "one": 1,
    "twice": 2,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
}
_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}


def _seconds(text: str) -> float:
    if ":" in text:
        m, s = text.split(":")
        return 60 * float(m) + float(s)
    return float(text)


def option_span(text: str) -> tuple[float, float] | None:
    """'20–40 s' / 'from 20s to 40s' / '0:20-0:40' -> (20.0, 40.0); None when not a span."""
    m = _SPAN.match(text.strip())
    if not m:
        return None
    a, b = _seconds(m.group(1)), _seconds(m.group(2))
    return (a, b) if b > a else None


def option_number(text: str) -> int | None:
    t = text.strip().lower().rstrip(".")
    for word, n in _WORDS.items():
        if re.search(rf"\b{word}\b", t):
            return n
    m = _NUMBER.match(t)
    return int(m.group(1)) if m else None


def option_yes_no(text: str) -> bool | None:
    t = re.sub(r"[^a-z]", "", text.lower())
    return True if t in _YES else False if t in _NO else None


def choose(
    grounder: Grounder,
    entries: Sequence[EntryView],
    parsed: Parsed,
    options: Sequence[str],
    asked_at: float,
    mode: str,
) -> Decision:
    """Score every option of a multiple-choice question and pick the best (see the module docstring)."""
    if not options:
        raise ValueError("a multiple-choice question needs options")
    if len(options) > len(LETTERS):
        raise ValueError(f"at most {len(LETTERS)} options, got {len(options)}")
    base = grounder.decide(entries, parsed, asked_at, mode) if entries else None
    if not entries:
        scores = [0.0] * len(options)
    elif all(option_yes_no(o) is not None for o in options):
        scores = _yes_no_scores(grounder, entries, parsed, options, base)
    elif all(option_span(o) for o in options) and parsed.target:
        scores = _span_scores(grounder, entries, parsed, options)
    elif all(option_number(o) is not None for o in options) and parsed.form == "count":
        scores = _count_scores(grounder, entries, parsed, options)
    else:
        scores = _phrase_scores(grounder, entries, parsed, options, asked_at, mode)
    best = int(np.argmax(scores))  # first of equal scores
    letter = LETTERS[best]
    weak = scores[best] < grounder.config.threshold
    why = base.text if base is not None else "nothing has been seen yet"
    note = (
        (
            f"weak match ({scores[best]:.2f}, below {grounder.config.threshold:.2f}): none of the options was "
            f"recognised clearly; {why[0].lower()}{why[1:]}"
        )
        if weak
        else why
    )
    text = f"{letter}. {options[best]} — {note}"
    evidence = base.evidence if base is not None else []
    return Decision(
        parsed.form,
        text,
        evidence,
        recognised=not weak,
        choice=letter,
        option_scores=tuple(round(float(s), 4) for s in scores),
    )


def _yes_no_scores(grounder, entries, parsed, options, base: Decision | None) -> list[float]:
    """P(yes) from the decisive score's distance to the threshold, on the side the decision took."""
    yes = base is not None and base.recognised and base.text.startswith("Yes")
    value = max((e.score or 0.0 for e in base.evidence), default=0.0) if base is not None else 0.0
    p = 1.0 / (1.0 + math.exp(-(value - grounder.config.threshold) / 0.05))
    p = max(p, 0.51) if yes else min(p, 0.49)
    return [p if option_yes_no(o) else 1.0 - p for o in options]


def _span_scores(grounder, entries, parsed, options) -> list[float]:
    scores = grounder.scorer.scores(parsed.target, entries)
    idx = grounder.window_idx(entries, parsed)
    found = grounder.appearances(entries, scores, idx)
    if not found:  # the asked thing was not recognised: the span where it scored highest
        _, at = peak(scores, idx)
        found = [] if at is None else runs(scores, entries, float(scores[at]) * 0.8, grounder.config.gap)
    best = max(found, key=lambda r: run_strength(scores, r) * (r.end - r.start + 1.0)) if found else None
    if best is None:
        return [0.0] * len(options)
    target = (best.start, best.end)
    return [overlap(target, option_span(o)) for o in options]


def _count_scores(grounder, entries, parsed, options) -> list[float]:
    if parsed.target:
        scores = grounder.scorer.scores(parsed.target, entries)
        n = len(grounder.appearances(entries, scores, grounder.window_idx(entries, parsed)))
    else:
        idx = grounder.window_idx(entries, parsed)
        n = sum(
            1
            for s in scenes(entries, grounder.config.scene_cos)
            if s.last >= min(idx) and s.first <= max(idx)
        )
    return [math.exp(-abs(option_number(o) - n)) for o in options]


def _phrase_scores(grounder: Grounder, entries, parsed: Parsed, options, asked_at, mode) -> list[float]:
    phrases = [clean_target(o) or o for o in options]
    grounder.scorer.prepare(phrases)
    form = parsed.form
    if form in ("before", "after") and parsed.target:
        anchor = runs(
            grounder.scorer.scores(parsed.target, entries),
            entries,
            grounder.config.threshold,
            grounder.config.gap,
        )
        other = grounder.neighbour_scene(entries, anchor[0], form == "before") if anchor else None
        if other is not None:
            return [float(np.mean(grounder.scorer.scores(p, entries)[list(other.indices)])) for p in phrases]
        return [0.0] * len(options)
    if form == "first":
        first = scenes(entries, grounder.config.scene_cos)[0]
        on_first = [float(np.mean(grounder.scorer.scores(p, entries)[list(first.indices)])) for p in phrases]
        if max(on_first) >= grounder.config.threshold:
            return on_first
        # the first scene matches no option: the option whose first appearance is earliest
        starts = []
        for p in phrases:
            found = runs(
                grounder.scorer.scores(p, entries), entries, grounder.config.threshold, grounder.config.gap
            )
            starts.append(found[0].start if found else math.inf)
        end = entries[-1].end or 1.0
        return [0.0 if math.isinf(s) else grounder.config.threshold * (1.0 - s / (end + 1.0)) for s in starts]
    idx = grounder.region(entries, parsed, asked_at, mode)
    if form in ("now_what", "now_yesno", "future") or (form == "describe" and mode == "now"):
        return [float(np.mean(grounder.scorer.scores(p, entries)[idx])) for p in phrases]
    return [peak(grounder.scorer.scores(p, entries), idx)[0] for p in phrases]
