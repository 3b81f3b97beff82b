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
from collections.abc import Sequence

import numpy as np

from streamvu.answerers.grounded.decide import ATTACHED_WEIGHT, Grounder
from streamvu.answerers.grounded.forms import decide
from streamvu.answerers.grounded.listed import listed_scores
from streamvu.answerers.grounded.option_readers import (
    affirm_and_deny,
    option_conjuncts,
    option_nobody,
    option_none_of_these,
    option_nothing,
    option_number,
    option_part,
    option_polarity,
    option_relation,
    option_seconds,
    option_span,
    option_target,
    option_time,
    option_yes_no,
    paired_alternatives,
)
from streamvu.answerers.grounded.timeline import overlap, peak, run_strength, runs
from streamvu.answerers.grounded.unseen import MISSED_PERSON, likeliest_scene, share_before
from streamvu.answerers.grounded.values import Count, Decision, Spans, YesNo
from streamvu.answerers.grounded.vocabulary import EntryView, column
from streamvu.answerers.options import OPTION_LETTERS as LETTERS
from streamvu.answerers.reading import Reading, Target


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
    elif isinstance(base.value, YesNo) and affirm_and_deny(options):
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
        scores = _time_scores(grounder, entries, base, reading, options)
    elif all(option_number(o) is not None for o in options):
        scores = _count_scores(base, options)
    else:
        scores = _none_of_the_others(
            grounder, reading, options, _phrase_scores(grounder, entries, reading, options, asked_at)
        )
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


def _none_of_the_others(grounder: Grounder, reading: Reading, options, scores: list[float]) -> list[float]:
    """ "None of these" among options naming things: sure where the best other option is unseen (its
    score 0), unlikely from the threshold up ("which of these never appeared?" keeps its own reading)."""
    none = [option_none_of_these(o) for o in options]
    if not any(none) or all(none) or reading.form == "never":
        return scores
    best = max(s for s, n in zip(scores, none, strict=True) if not n)
    return [
        1.0 - min(1.0, best / grounder.config.threshold) if n else s
        for s, n in zip(scores, none, strict=True)
    ]


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


CLEAR_PERSON = 0.5
"""A person sighting this strong is a clear one (:class:`~.vocabulary.EntryView`): "nobody" is then false."""
FAR = math.exp(-2.0)
"""A moment option this far from the asked appearance (4 s or more) is not it."""


def _time_scores(grounder: Grounder, entries, base: Decision, reading: Reading, options) -> list[float]:
    """A moment by its distance to the start of the asked appearance (the first, the last, or any). When
    no option is near the first (last) appearance found, that one may have been something else passing
    for the asked thing (another person for "the astronaut"): the options are scored by the nearest of all
    its appearances, at half the threshold (a weak match, said as one)."""
    value = base.value
    spans = list(value.spans) if isinstance(value, Spans | Count) else []
    if not spans:
        return [0.0] * len(options)

    def near(starts) -> list[float]:
        return [max(math.exp(-abs(option_time(o) - a) / 2.0) for a, _ in starts) for o in options]

    scores = near(spans)
    if max(scores) < FAR and reading.nth in ("first", "last") and reading.target is not None:
        found, _ = grounder.found(
            reading.target, entries, grounder.window_idx(entries, reading), reading.window
        )
        if found:  # (a scene change is no appearance: none may be found)
            scores = [0.5 * grounder.config.threshold * x for x in near([(r.start, r.end) for r in found])]
    return scores


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
    listed = listed_scores(grounder, entries, reading, options, asked_at)
    if listed is not None:
        return listed
    targets = [option_target(o) for o in options]
    grounder.scorer.prepare([p for t in targets for p in (t.phrase, t.attached) if p])
    form = reading.form
    if reading.rank != "none":
        return _ranked_scores(grounder, entries, reading, targets)
    if form == "first" and reading.ordinal > 1 and len(reading.alternatives) >= 2:
        # "which came second, the cat or the rocket?": the options ranked by their first appearance
        firsts = [grounder.found(t, entries)[0] for t in targets]
        starts = sorted({f[0].start for f in firsts if f})
        k = reading.ordinal - 1
        return [1.0 if f and k < len(starts) and f[0].start == starts[k] else 0.0 for f in firsts]

    evidence, denies = _evidences(grounder, entries, reading, options)

    def mean_on(idx) -> list[float]:
        return [_said(d, float(np.mean(e[list(idx)]))) for e, d in zip(evidence, denies, strict=True)]

    if form in ("before", "after") and reading.target is not None:
        anchor, _ = grounder.found(reading.target, entries)
        # never recognised: the question says it was shown, so where it most likely was
        run = anchor[0] if anchor else likeliest_scene(grounder, entries, reading.target, range(len(entries)))
        other = grounder.neighbour_scene(entries, run, form == "before") if run is not None else None
        return mean_on(other.indices) if other is not None else [0.0] * len(options)
    if form in ("first", "last") and len(reading.alternatives) >= 2:
        return _earliest_scores(grounder, entries, reading, options)
    if form in ("first", "last"):
        return _edge_scores(grounder, entries, reading, targets, mean_on)
    if form == "never":
        idx = grounder.window_idx(entries, reading)
        seen = [_said(d, peak(e, idx)[0]) for e, d in zip(evidence, denies, strict=True)]
        return [1.0 - min(1.0, s / grounder.config.threshold) for s in seen]
    if form in ("what_now", "here_now", "watch", "next") or (reading.mode == "now" and form == "count"):
        return mean_on(grounder.now_idx(entries, asked_at))
    idx = grounder.window_idx(entries, reading)
    return [_said(d, peak(e, idx)[0]) for e, d in zip(evidence, denies, strict=True)]


def _evidences(grounder: Grounder, entries, reading: Reading, options) -> tuple[list[np.ndarray], list[bool]]:
    """Each option's evidence over the entries (:func:`option_evidence`) and whether the option denies
    it ("nobody"; "nothing" in a question about an event), whose score is then the complement. In a
    question about movement or a scene change, an option naming a thing ("a ball") is the event seen,
    more where the thing is recognised too."""
    about = reading.target if reading.target is not None and reading.target.kind != "thing" else None
    denies = [option_nobody(o) or (about is not None and option_nothing(o)) for o in options]
    evidence = [option_evidence(grounder, entries, o) for o in options]
    if about is not None:
        happened = (grounder.scores(about, entries) >= grounder.threshold(about)).astype(np.float64)
        evidence = [
            happened if option_nothing(o) else happened * (ATTACHED_WEIGHT + (1.0 - ATTACHED_WEIGHT) * e)
            for o, e in zip(options, evidence, strict=True)
        ]
    return evidence, denies


def _edge_scores(
    grounder: Grounder, entries, reading: Reading, targets: list[Target], mean_on
) -> list[float]:
    """ "What came first / last / second?": the options on the window's first (last, n-th) scene."""
    last = reading.form == "last"
    idx = grounder.window_idx(entries, reading)
    shots = grounder.scenes_in(entries, idx)
    if reading.ordinal > 1:  # "what was shown second?": the n-th scene, when there is one
        return (
            mean_on(shots[reading.ordinal - 1].indices)
            if reading.ordinal <= len(shots)
            else [0.0] * len(targets)
        )
    on_edge = mean_on(shots[-1 if last else 0].indices)
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
        0.0 if e is None else thr * ((e / (span + 1.0)) if last else (1.0 - e / (span + 1.0))) for e in ends
    ]


def _said(denies: bool, score: float) -> float:
    return 1.0 - score if denies else score


def _earliest_scores(grounder: Grounder, entries, reading: Reading, options) -> list[float]:
    """ "Which came first, the ball rolling across or the astronaut?" with the compared things as
    options: the one whose first (for "last": latest) appearance in the window comes first (last) scores
    1 — of several first seen together, each 0.5 + 0.5 · its strength against the strongest's — one seen
    at another time half the threshold, one never seen 0. When exactly one was never recognised, the
    question still says it was shown: it scores the share of the chance it hid in a scene before the
    first (after the last) one seen (:func:`~.unseen.share_before`), and that one the rest."""
    idx = grounder.window_idx(entries, reading)
    last = reading.form == "last"
    when, strength, taken = [], [], []
    named = paired_alternatives(grounder.scorer.relevance, options, reading.alternatives)
    for option, alt in zip(options, named, strict=True):
        found, scores = grounder.found(option_conjuncts(option)[0], entries, idx, reading.window)
        if not found and alt is not None:  # the question's own word for it ("blossom" for "the flower")
            found, scores = grounder.found(alt, entries, idx, reading.window)
        taken += found
        run = None if not found else found[-1] if last else found[0]
        when.append(None if run is None else -run.end if last else run.start)
        strength.append(0.0 if run is None else run_strength(scores, run))
    known = [w for w in when if w is not None]
    # things first seen together: the more surely seen one (a cat, over a "lady" its face passed for)
    top = max((s for w, s in zip(when, strength, strict=True) if known and w == min(known)), default=0.0)
    out = [
        0.0
        if w is None
        else 0.5 * grounder.config.threshold
        if w != min(known)
        else 0.5 + 0.5 * s / max(top, 1e-6)
        for w, s in zip(when, strength, strict=True)
    ]
    missing = [k for k, w in enumerate(when) if w is None]
    if len(missing) == 1 and known:
        (k,) = missing
        edge = -min(known) if last else min(known)
        share = share_before(grounder, entries, option_conjuncts(options[k])[0], idx, taken, edge, last)
        if share is not None:
            out = [share[0] if j == k else o * (1.0 - share[0]) for j, o in enumerate(out)]
    return out


def option_evidence(grounder: Grounder, entries, option: str) -> np.ndarray:
    """(len(entries),) how strongly each entry shows what a phrase option names.

    "Nobody" (:func:`option_nobody`): how strongly a person is seen (a clear sighting counts fully),
    whose complement the option's score is, once the entries asked about are taken together. Several things ("a woman in uniform and a temple"): the geometric
    mean of each one's score, where the k-th person named counts as seen only on entries with at least k
    people (else :data:`MISSED_PERSON` of it), and an option naming people loses that factor for each
    person seen but not named (it leaves them out)."""
    if option_nobody(option):  # a clear sighting (>= CLEAR_PERSON) rules "nobody" out
        return np.minimum(1.0, grounder.scorer.scores("a person", entries) / CLEAR_PERSON)
    parts = option_conjuncts(option)
    grounder.scorer.prepare([p for t in parts for p in (t.phrase, t.attached) if p])
    people = column(entries, "person_count")
    named = 0
    logs = np.zeros(len(entries))
    for t in parts:
        scores = grounder.scores(t, entries).astype(np.float64)
        if t.kind == "thing" and grounder.scorer.is_person_phrase(t.phrase):
            named += 1
            scores = scores * np.where(people >= named, 1.0, MISSED_PERSON)
        logs += np.log(np.maximum(scores, 1e-6))
    out = np.exp(logs / len(parts))
    if named:
        out = out * MISSED_PERSON ** np.maximum(people - named, 0.0)
    return out
