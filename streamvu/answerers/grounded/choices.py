"""Multiple choice with the same logic: every option is scored, the best one is chosen.

Options are read as what they are: yes/no, numbers (a count), time spans ("20–40 s"), or phrases.
Yes/no, spans and numbers are scored from the decision's typed value (:mod:`.values`): P(yes) from
the decisive score's distance to the threshold, a span by its overlap with the asked thing's
appearances, a number by its distance to the count. A phrase option is scored on the region the
question looks at (the latest scene for "now", the scene before/after the anchor, the first or last
scene, the asked window otherwise); for "which was never shown?" the least seen option wins. Scores
are in [0, 1]; ties go to the earlier option.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from streamvu.answerers.grounded.decide import Grounder
from streamvu.answerers.grounded.forms import decide
from streamvu.answerers.grounded.timeline import overlap, peak, run_strength, runs
from streamvu.answerers.grounded.values import Count, Decision, Spans, YesNo
from streamvu.answerers.grounded.vocabulary import EntryView
from streamvu.answerers.options import OPTION_LETTERS as LETTERS
from streamvu.answerers.reading import Reading, Target, read_question

_SPAN = re.compile(
    r"^\D*?(\d+(?:[.:]\d+)?)\s*(?:s|sec|seconds)?\s*(?:-|–|—|to|and)\s*(\d+(?:[.:]\d+)?)\s*(?:s|sec|seconds)?\W*$",
    re.I,
)
_NUMBER = re.compile(r"^\D*?(\d+)\D*$")
_WORDS = {"zero": 0, "none": 0, "never": 0, "once": 1, "one": 1, "twice": 2, "two": 2, "three": 3,
          "thrice": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}  # fmt: skip
_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}


def _seconds(text: str) -> float:
    value = 0.0
    for part in text.split(":"):
        value = 60 * value + float(part)
    return value


def option_span(text: str) -> tuple[float, float] | None:
    """'20–40 s' / 'from 20s to 40s' / '0:20-0:40' -> (20.0, 40.0); None when not a span."""
    m = _SPAN.match(text.strip())
    if not m:
        return None
    a, b = _seconds(m.group(1)), _seconds(m.group(2))
    return (a, b) if b > a else None


_TIME = re.compile(
    r"^\s*(?:at|around|about|after|from)?\s*(?:(\d+:\d{2})|(\d+(?:\.\d+)?)\s*(?:s|sec|secs|seconds?)\b)\W*$",
    re.I,
)


def option_time(text: str) -> float | None:
    """'at 14 s' / '0:14' / '14 seconds' -> 14.0; None when not a single moment (a bare number is a count)."""
    m = _TIME.match(text.strip())
    if not m:
        return None
    return _seconds(m.group(1)) if m.group(1) else float(m.group(2))


_DURATION = re.compile(
    r"^\D*?(\d+(?:\.\d+)?|half\s+a|a|an|one|two|three|four|five|ten)\s*(s|secs?|seconds?|m|mins?|minutes?)\b",
    re.I,
)
_AMOUNTS = {"half a": 0.5, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}


def option_seconds(text: str) -> float | None:
    """A duration option ("30 seconds", "about 2 minutes", "half a minute", "1:30") in seconds."""
    t = text.strip().lower()
    if m := re.match(r"^\D*?(\d+):(\d{2})\b", t):
        return 60.0 * int(m.group(1)) + int(m.group(2))
    m = _DURATION.match(t)
    if not m:
        return None
    amount = m.group(1)
    n = float(amount) if amount[0].isdigit() else _AMOUNTS[re.sub(r"\s+", " ", amount)]
    return n * (60.0 if m.group(2).startswith("m") else 1.0)


def option_number(text: str) -> int | None:
    """The number an option states ("3", "three times", "twice", "2 people", "none"); None for an option
    that lists things ("three people, then a temple")."""
    t = text.strip().lower().rstrip(".")
    if option_items(t):
        return None
    for word, n in _WORDS.items():
        if re.search(rf"\b{word}\b", t):
            return n
    m = _NUMBER.match(t)
    return int(m.group(1)) if m else None


_RELATIONS = {"before": "before", "earlier": "before", "first": "before", "sooner": "before",
              "after": "after", "later": "after", "second": "after", "afterwards": "after"}  # fmt: skip


def option_relation(text: str) -> str | None:
    """'before' / 'after' for an option that only places one thing against another ("Before.",
    "after it", "earlier"); None otherwise."""
    t = re.sub(r"\b(?:it|that|the\s+\w+|than\s+\w+)\b", "", text.lower())
    t = re.sub(r"[^a-z ]", "", t).strip()
    return _RELATIONS.get(t)


_PARTS = (
    (0, r"\b(?:start|beginning|begin|early|earlier\s+on|opening|first\s+(?:part|third|half))\b"),
    (1, r"\b(?:middle|halfway|midway|mid|centre|center|second\s+third)\b"),
    (2, r"\b(?:end|ending|late|later\s+on|final|closing|last\s+(?:part|third|half)|towards\s+the\s+end)\b"),
)


def option_part(text: str) -> int | None:
    """Which third of the video an option names: 0 "at the start" / "early on", 1 "in the middle",
    2 "near the end"; None for anything else (an option naming a time or a thing)."""
    t = text.lower()
    if re.search(r"\d", t) or len(t.split()) > 5:
        return None
    found = [k for k, pattern in _PARTS if re.search(pattern, t)]
    return found[0] if len(found) == 1 else None


_DENIES = re.compile(r"\b(?:no|not|nobody|nothing|none|never|neither|nor|no\s+one|without)\b|n't\b")


def option_polarity(text: str) -> bool | None:
    """For an option that states an answer ("There was no dog", "Someone is there"): False when it
    denies, True when it affirms; None for an option shorter than a statement."""
    t = text.lower()
    if len(t.split()) < 3:
        return None
    return not _DENIES.search(t)


def _affirm_and_deny(options: Sequence[str]) -> bool:
    """Two statements, one affirming and one denying ("There is a dog" / "There is no dog")."""
    said = [option_polarity(o) for o in options]
    return len(options) == 2 and None not in said and said[0] != said[1]


def option_yes_no(text: str) -> bool | None:
    t = re.sub(r"[^a-z]", "", text.lower())
    return True if t in _YES else False if t in _NO else None


_SEQ_SPLIT = re.compile(
    r"\s*(?:,?\s*(?:and\s+)?(?:then|next|afterwards|after\s+that|later|finally|lastly)\b|,?\s*followed\s+by\b"
    r"|->|→|;|,\s*and\b|,)\s*",
    re.I,
)
_SEQ_LEAD = re.compile(r"^\s*(?:first(?:ly)?|at\s+first|initially|to\s+begin\s+with)\b[\s,]*", re.I)


_THEN = re.compile(
    r"^\s*(?:,?\s*(?:and\s+)?(?:then|next|afterwards|after\s+that|later|finally|lastly|followed\s+by)|->|→)",
    re.I,
)


def option_steps(text: str) -> list[tuple[str, bool]]:
    """:func:`option_items` with, for each, whether the option says it came after the one before it
    ("then", "followed by", "->": a later shot) rather than merely listing it ("," may list two things
    of one shot)."""
    items = option_items(text)
    if not items:
        return []
    seps = [m.group(0) for m in _SEQ_SPLIT.finditer(text) if m.group(0).strip()]
    return [
        (item, i > 0 and i - 1 < len(seps) and bool(_THEN.match(seps[i - 1]))) for i, item in enumerate(items)
    ]


def option_items(text: str) -> list[str]:
    """The things an option lists in order ("a cup of coffee, then a cat" -> two); [] for one thing."""
    parts = [_SEQ_LEAD.sub("", p).strip(" .") for p in _SEQ_SPLIT.split(text) if p and p.strip(" .")]
    parts = [p for p in parts if p]
    return parts if len(parts) >= 2 else []


def option_phrase(text: str) -> str:
    """The thing an option names ("A cat.", "the cat appeared" -> "the cat"); the text when nothing is left."""
    reading = read_question(text)
    target = reading.target
    return target.phrase if target is not None and target.kind == "thing" else text.strip().rstrip(".")


def choose(
    grounder: Grounder,
    entries: Sequence[EntryView],
    reading: Reading,
    options: Sequence[str],
    asked_at: float,
) -> Decision:
    """Score every option of a multiple-choice question and pick the best (see the module docstring)."""
    if not options:
        raise ValueError("a multiple-choice question needs options")
    if len(options) > len(LETTERS):
        raise ValueError(f"at most {len(LETTERS)} options, got {len(options)}")
    base = decide(grounder, entries, reading, asked_at) if entries else None
    if base is None:
        scores = [0.0] * len(options)
    elif all(option_yes_no(o) is not None for o in options):
        scores = _yes_no_scores(base, [option_yes_no(o) for o in options])
    elif isinstance(base.value, YesNo) and _affirm_and_deny(options):
        scores = _yes_no_scores(base, [option_polarity(o) for o in options])
    elif all(option_span(o) for o in options):
        scores = _span_scores(grounder, entries, reading, base, options)
    elif len(reading.alternatives) >= 2 and all(option_relation(o) for o in options):
        scores = _relation_scores(grounder, entries, reading, options)
    elif base.value.kind in ("spans", "count") and all(option_part(o) is not None for o in options):
        scores = _part_scores(base, reading, options, asked_at)
    elif reading.duration and all(option_seconds(o) is not None for o in options):
        scores = _duration_scores(base, options)
    elif all(option_time(o) is not None for o in options):
        scores = _time_scores(base, reading, options)
    elif all(option_number(o) is not None for o in options):
        scores = _count_scores(base, options)
    else:
        scores = _phrase_scores(grounder, entries, reading, options, asked_at)
    best = int(np.argmax(scores))  # first of equal scores
    letter = LETTERS[best]
    weak = scores[best] < grounder.config.threshold
    why = base.text if base is not None else "nothing has been seen yet"
    note = (
        f"weak match ({scores[best]:.2f}, below {grounder.config.threshold:.2f}): none of the options was "
        f"recognised clearly; {why[0].lower()}{why[1:]}"
        if weak
        else why
    )
    return Decision(
        reading.form,
        f"{letter}. {options[best]} — {note}",
        base.value if base is not None else Count(0, ""),
        base.evidence if base is not None else [],
        recognised=not weak,
        choice=letter,
        option_scores=tuple(round(float(s), 4) for s in scores),
    )


def _yes_no_scores(base: Decision, says_yes: Sequence[bool | None]) -> list[float]:
    """P(yes) from the decisive score's distance to the threshold, on the side the decision took, for
    each option that says yes (``says_yes``), and 1 - P(yes) for the others."""
    value = base.value
    if isinstance(value, YesNo):
        p = 1.0 / (1.0 + math.exp(-(value.score - value.threshold) / 0.05))
        p = 1.0 - p if value.negated else p
        p = max(p, 0.51) if value.yes else min(p, 0.49)
    elif isinstance(value, Count | Spans):  # "did X appear twice?" read as a count: yes when any
        n = value.n if isinstance(value, Count) else len(value.spans)
        p = 0.9 if n else 0.1
    else:
        p = 0.9 if base.recognised else 0.1
    return [p if yes else 1.0 - p for yes in says_yes]


def _span_scores(grounder: Grounder, entries, reading: Reading, base: Decision, options) -> list[float]:
    spans: list[tuple[float, float]] = []
    if isinstance(base.value, Spans) and base.value.spans:
        spans = list(base.value.spans)
    elif reading.target is not None:  # not recognised: where it scored highest
        scores = grounder.scores(reading.target, entries)
        idx = grounder.window_idx(entries, reading)
        _, at = peak(scores, idx)
        if at is not None and scores[at] > 0:
            found = runs(scores, entries, float(scores[at]) * 0.8, grounder.config.gap)
            best = max(found, key=lambda r: run_strength(scores, r) * (r.end - r.start + 1.0))
            spans = [(best.start, best.end)]
    if not spans:
        return [0.0] * len(options)
    return [max(overlap(s, option_span(o)) for s in spans) for o in options]


def _time_scores(base: Decision, reading: Reading, options) -> list[float]:
    """A moment by its distance to the start of the asked appearance (the first, the last, or any)."""
    value = base.value
    spans = list(value.spans) if isinstance(value, Spans | Count) else []
    if not spans:
        return [0.0] * len(options)
    if reading.nth == "first":
        spans = spans[:1]
    elif reading.nth == "last":
        spans = spans[-1:]
    return [max(math.exp(-abs(option_time(o) - a) / 2.0) for a, _ in spans) for o in options]


def _relation_scores(grounder: Grounder, entries, reading: Reading, options) -> list[float]:
    """ "Was the cup shown before or after the cat?" with options "before" / "after": the first named
    thing's first appearance against the second's."""
    firsts = []
    for alt in reading.alternatives[:2]:
        found, _ = grounder.found(alt, entries)
        firsts.append(found[0].start if found else None)
    if None in firsts or firsts[0] == firsts[1]:
        return [0.0] * len(options)
    truth = "before" if firsts[0] < firsts[1] else "after"
    return [1.0 if option_relation(o) == truth else 0.0 for o in options]


def _part_scores(base: Decision, reading: Reading, options, asked_at: float) -> list[float]:
    """ "Roughly when did the motorcycle appear?" with options "at the start" / "in the middle" / "near
    the end": the asked appearance's middle as a share of the video so far, against each third."""
    value = base.value
    spans = list(value.spans)
    if not spans:
        return [0.0] * len(options)
    if reading.nth == "last":
        spans = spans[-1:]
    elif reading.nth == "first" or len(spans) > 1:
        spans = spans[:1]
    a, b = spans[0]
    share = min(1.0, max(0.0, 0.5 * (a + b) / max(asked_at, b, 1e-6)))
    return [math.exp(-abs(share - (option_part(o) + 0.5) / 3.0) * 6.0) for o in options]


def _duration_scores(base: Decision, options) -> list[float]:
    """ "How long was X on screen?": each option by its distance to the time X was seen, in all."""
    value = base.value
    seconds = value.seconds if isinstance(value, Spans) else 0.0
    if seconds <= 0:
        return [0.0] * len(options)
    scale = 2.0 + 0.15 * seconds
    return [math.exp(-abs(option_seconds(o) - seconds) / scale) for o in options]


def _count_scores(base: Decision, options) -> list[float]:
    value = base.value
    n = value.n if isinstance(value, Count) else len(value.spans) if isinstance(value, Spans) else 0
    return [math.exp(-abs(option_number(o) - n)) for o in options]


MISSED_THING = 0.17
"""How often a thing the classifier names goes unrecognised on screen: 1 - its 83% recall at the yes/no
threshold on the category benchmark (benchmarks/category_precision.py)."""
MISSED_PERSON = 0.5
"""How often a person on screen goes unseen: the face detector finds frontal faces only."""


def blindness(grounder: Grounder, target: Target) -> float:
    """How likely ``target`` is to be on screen unrecognised, in [0, 1]: for people
    :data:`MISSED_PERSON`; for a thing, :data:`MISSED_THING` when a class means it, more the less any
    class does ("a dog": 0.17, many classes are dogs; "coins": 0.48, no class is a coin)."""
    if target.kind != "thing":
        return 0.0
    if grounder.person_phrase(target):
        return MISSED_PERSON
    covered = float(np.max(grounder.scorer.relevance(target.phrase)))
    return MISSED_THING + (1.0 - MISSED_THING) * (1.0 - covered)


def _sequence_scores(
    grounder: Grounder, entries, reading: Reading, options, asked_at: float, idx: Sequence[int] | None = None
) -> list[float]:
    """ "What happened?" with options that list several things: the listed things aligned, in order, with
    the window's scenes (several things may share a scene; a thing named again needs a later one). A
    thing seen in its scene counts 1, a thing never recognised in the window :data:`UNSEEN_ITEM` on a
    scene nothing else listed explains; the score is half the credit per listed thing, half the share of
    scenes the alignment explains."""
    if idx is None:
        idx = (
            grounder.window_idx(entries, reading)
            if reading.mode != "now"
            else grounder.now_idx(entries, asked_at)
        )
    if not len(idx):
        return [0.0] * len(options)
    scenes = grounder.scenes_in(entries, idx)
    out = []
    for option in options:
        steps = option_steps(option) or [(option, False)]
        items = [Target(option_phrase(i)) for i, _ in steps]
        grounder.scorer.prepare([t.phrase for t in items])
        seen_in = np.zeros((len(items), len(scenes)), bool)
        for i, t in enumerate(items):
            scores = grounder.scores(t, entries)
            limit = grounder.threshold(t)
            for k, sc in enumerate(scenes):
                seen_in[i, k] = float(np.max(scores[sc.first : sc.last + 1])) >= limit
        credit = np.where(seen_in, 1.0, 0.0)
        unexplained = ~seen_in.any(axis=0)
        for i, t in enumerate(items):
            credit[i, unexplained] = blindness(grounder, t)
        out.append(_align(credit, [later for _, later in steps]))
    return out


def _align(credit: np.ndarray, later: Sequence[bool] = ()) -> float:
    """The best in-order alignment of items (rows) with scenes (columns): each item on one scene at or
    after the previous placed item's (after it, for an item whose ``later`` is true), or on none. Its
    value: half the credit the items earn per item, half the share of scenes that earn some."""
    n, m = credit.shape
    if not n or not m:
        return 0.0
    per_item, per_scene = 0.5 / n, 0.5 / m
    last = np.full((n + 1, m), -np.inf)  # last[i, k]: items[:i] placed, the last placed one on scene k
    upto = np.zeros((n + 1, m + 1))  # upto[i, k + 1]: items[:i] placed on scenes[: k + 1] (k = -1: none)
    for i in range(1, n + 1):
        for k in range(m):
            c = credit[i - 1, k]
            gain = c * per_item
            new_scene = upto[i - 1, k] + gain + (per_scene if c > 0 else 0.0)
            same_scene = -np.inf if i - 1 < len(later) and later[i - 1] else last[i - 1, k] + gain
            last[i, k] = max(last[i - 1, k], same_scene, new_scene)
            upto[i, k + 1] = max(upto[i, k], last[i, k], upto[i - 1, k + 1])
    return float(upto[n, m])


def _ranked_scores(grounder: Grounder, entries, reading: Reading, targets: list[Target]) -> list[float]:
    """ "Which appeared most often / the longest?", "what appeared twice?": each option by how often
    (how long) it was seen in the asked window."""
    idx = grounder.window_idx(entries, reading)
    found = [grounder.found(t, entries, idx, reading.window)[0] for t in targets]
    if reading.claimed:
        return [math.exp(-abs(len(f) - reading.claimed)) if f else 0.0 for f in found]
    by_time = reading.rank in ("longest", "shortest")
    amounts = [sum(r.end - r.start + 1.0 for r in f) if by_time else float(len(f)) for f in found]
    top = max(amounts)
    if top <= 0:
        return [0.0] * len(targets)
    if reading.rank in ("most", "longest"):
        return [a / top for a in amounts]
    return [0.0 if a == 0 else min(amounts_ for amounts_ in amounts if amounts_ > 0) / a for a in amounts]


def _phrase_scores(grounder: Grounder, entries, reading: Reading, options, asked_at: float) -> list[float]:
    listed = any(option_items(o) for o in options)
    if reading.form in ("summary", "what_now") and listed:
        return _sequence_scores(grounder, entries, reading, options, asked_at)
    if reading.form in ("before", "after") and reading.target is not None and listed:
        # "list what came before the motorbike": everything before (after) its first appearance, in order
        anchor, _ = grounder.found(reading.target, entries)
        if not anchor:
            return [0.0] * len(options)
        first = anchor[0]
        idx = range(0, first.first) if reading.form == "before" else range(first.last + 1, len(entries))
        return _sequence_scores(grounder, entries, reading, options, asked_at, idx)
    phrases = [option_phrase(o) for o in options]
    grounder.scorer.prepare(phrases)
    targets = [Target(p) for p in phrases]
    form = reading.form
    if reading.rank != "none":
        return _ranked_scores(grounder, entries, reading, targets)
    if form == "first" and reading.ordinal > 1 and len(reading.alternatives) >= 2:
        # "which came second, the cat or the rocket?": the options ranked by their first appearance
        firsts = [grounder.found(t, entries)[0] for t in targets]
        starts = sorted({f[0].start for f in firsts if f})
        k = reading.ordinal - 1
        return [1.0 if f and k < len(starts) and f[0].start == starts[k] else 0.0 for f in firsts]

    def mean_on(idx) -> list[float]:
        return [float(np.mean(grounder.scores(t, entries)[list(idx)])) for t in targets]

    if form in ("before", "after") and reading.target is not None:
        anchor, _ = grounder.found(reading.target, entries)
        other = grounder.neighbour_scene(entries, anchor[0], form == "before") if anchor else None
        return mean_on(other.indices) if other is not None else [0.0] * len(options)
    if form in ("first", "last"):
        last = form == "last"
        idx = grounder.window_idx(entries, reading)
        shots = grounder.scenes_in(entries, idx)
        if reading.ordinal > 1:  # "what was shown second?": the n-th scene, when there is one
            return (
                mean_on(shots[reading.ordinal - 1].indices)
                if reading.ordinal <= len(shots)
                else [0.0] * len(options)
            )
        scene = shots[-1 if last else 0]
        on_edge = mean_on(scene.indices)
        if max(on_edge) >= grounder.config.threshold:
            return on_edge
        # the edge scene matches no option: the option whose first (latest) appearance is nearest it
        ends = []
        for t in targets:
            found, _ = grounder.found(t, entries, idx)
            ends.append(None if not found else (found[-1].end if last else found[0].start))
        span = entries[-1].end or 1.0
        thr = grounder.config.threshold
        return [
            0.0 if e is None else thr * ((e / (span + 1.0)) if last else (1.0 - e / (span + 1.0)))
            for e in ends
        ]
    if form == "never":
        seen = [peak(grounder.scores(t, entries), grounder.window_idx(entries, reading))[0] for t in targets]
        return [1.0 - min(1.0, s / grounder.config.threshold) for s in seen]
    if form in ("what_now", "here_now", "watch", "next") or (reading.mode == "now" and form == "count"):
        return mean_on(grounder.now_idx(entries, asked_at))
    idx = grounder.window_idx(entries, reading)
    return [peak(grounder.scores(t, entries), idx)[0] for t in targets]
