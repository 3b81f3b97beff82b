"""Forms about what was seen before the ask time: was X shown, when, how many times, how many scenes,
what was never shown, and what happened (in a window)."""

from __future__ import annotations

import dataclasses

import numpy as np

from streamvu.answerers.grounded.decide import Grounder
from streamvu.answerers.grounded.identities import distinct
from streamvu.answerers.grounded.present import claim, instances
from streamvu.answerers.grounded.timeline import frame_step, peak, run_strength, span_of
from streamvu.answerers.grounded.unseen import likeliest_scene
from streamvu.answerers.grounded.values import Count, Decision, Spans, YesNo
from streamvu.answerers.grounded.vocabulary import mean_probs
from streamvu.answerers.grounded.wording import (
    asked_thing,
    at_time,
    be,
    cap,
    plural,
    span_text,
    spans_text,
    subject,
    times,
)
from streamvu.answerers.reading import Reading, Target


def not_seen(g: Grounder, entries, target: Target, idx, scores: np.ndarray, where: str) -> tuple[str, list]:
    """'a dog was not recognised up to 90 s (best match 0.06 at 45 s, below 0.15); seen instead: ...'."""
    best, at = peak(scores, idx)
    spans = g.scenes_in(entries, idx)
    best_txt = (
        f"best match {best:.2f} at {at_time(entries[at].end)}" if at is not None else "nothing to match"
    )
    text = (
        f"{target.text} {be(target, True)} not recognised {where} ({best_txt}, below {g.threshold(target):.2f}). "
        f"Seen instead: {g.scene_list(entries, spans)}."
    )
    return text, [g.evidence(entries, s, scores) for s in spans[: g.config.max_scenes]]


def was_shown(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    idx = g.window_idx(entries, reading)
    target = g.likeliest(reading, entries, idx)
    if target is None:
        return summary(g, entries, reading, asked_at)
    found, scores = g.found(target, entries, idx, reading.window)
    for later in g.within_all(entries, reading)[1:]:  # "did anything move while the cat was there?": any time
        if found:
            break
        idx = later
        found, scores = g.found(target, entries, idx, reading.window)
    limit = g.threshold(target)
    if reading.negated:  # "was the room empty between 1:00 and 1:20?"
        return _absent(g, entries, reading, asked_at, found, scores)
    if not found:
        best, _ = peak(scores, idx)
        said = asked_thing(target, reading.alternatives)
        text, ev = not_seen(g, entries, said, idx, scores, g.where(reading, asked_at))
        return Decision("was_shown", "No — " + text, YesNo(False, best, limit), ev, False)
    best = max(found, key=lambda r: run_strength(scores, r))
    strength = run_strength(scores, best)
    also = f"; also at {spans_text([r for r in found if r is not best][:3])}" if len(found) > 1 else ""
    said = g.which_event(target, entries, best.indices)  # "did anything happen?": movement, or a scene change
    text = (
        f"Yes — {said.text} {be(said, True)} seen at {span_text(best.start, best.end)}: "
        f"{g.seen_as(target, entries, best.indices)}, score {strength:.2f}{also}."
    )
    return Decision(
        "was_shown",
        text,
        YesNo(True, strength, limit, (best.start, best.end)),
        [g.evidence(entries, best, scores)],
    )


def _absent(g: Grounder, entries, reading: Reading, asked_at: float, found: list, scores) -> Decision:
    """ "Was the room empty (then)?": yes when the target was not seen in the asked window."""
    target, idx, where = reading.target, g.window_idx(entries, reading), g.where(reading, asked_at)
    best, _ = peak(scores, idx)
    limit = g.threshold(target)
    if found:
        text = (f"No — {target.text} {be(target, True)} seen {where}, at {spans_text(found[:3])}: "
                f"{g.seen_as(target, entries, found[0].indices)}.")  # fmt: skip
        ev = [g.evidence(entries, r, scores) for r in found[:3]]
    else:
        text, ev = not_seen(g, entries, target, idx, scores, where)
        text = "Yes — " + text
    return Decision("was_shown", text, YesNo(not found, best, limit, negated=True), ev, not found)


def when(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    target = reading.target
    if target is None:
        return summary(g, entries, reading, asked_at)
    idx = g.window_idx(entries, reading)
    found, scores = g.found(target, entries, idx, reading.window)
    if not found:
        text, ev = not_seen(g, entries, target, idx, scores, g.where(reading, asked_at))
        placed = likeliest_scene(g, entries, target, idx)
        if placed is None:
            return Decision("when", cap(text), Spans((), ()), ev, False)
        # the question takes for granted that it was shown: where it most likely was, as a hedge
        said, rest = text.split(" Seen instead: ", 1)
        hedge = (
            f"If shown at all, most likely at {span_text(placed.start, placed.end)} (read as "
            f"{g.classes(entries, placed.indices, 2)})."
        )
        value = Spans(((placed.start, placed.end),), (0.0,))
        return Decision("when", f"{cap(said)} {hedge} Seen instead: {rest}", value, ev, False)
    if reading.nth == "last" and reading.edge == "end":  # "when did X leave?": the latest time it went
        found = _latest_gone(entries, target, found)
    elif reading.nth != "any":  # "when did X first (last) appear?"
        found = found[:1] if reading.nth == "first" else found[-1:]
    elif reading.ordinal:  # "when did X appear for the second time?", "when did X come back?"
        if len(found) < reading.ordinal:
            seen = spans_text(found[:4])
            text = f"{subject(target)} {be(target, True)} seen only {times(len(found))}: at {seen}."
            return Decision(
                "when", text, Spans((), ()), [g.evidence(entries, r, scores) for r in found], False
            )
        found = found[reading.ordinal - 1 : reading.ordinal]
    if reading.edge == "end":
        return gone(g, entries, target, found, scores)
    strengths = [run_strength(scores, r) for r in found]
    step = frame_step(entries)
    # things from their entries' first frames; movement and cuts are already placed by their frames
    seconds = sum(
        r.end - (entries[r.first].first_seen if target.kind == "thing" else r.start) + step for r in found
    )
    if reading.duration:
        return how_long(g, entries, reading, found, scores, strengths, seconds)
    if target.kind == "cut":
        where = ", ".join(at_time(r.start) for r in found[:6])
        text = (
            f"The scene changed at {where}"
            + (f" and {len(found) - 6} more times" if len(found) > 6 else "")
            + "."
        )
    else:
        best = max(range(len(found)), key=lambda i: strengths[i] * (found[i].end - found[i].start + 1.0))
        text = (
            f"{subject(target)} {be(target, True)} seen at {spans_text(found[:4])}"
            f"{f' (and {len(found) - 4} more times)' if len(found) > 4 else ''}: "
            f"{g.seen_as(target, entries, found[best].indices)}, score {strengths[best]:.2f}."
        )
    value = Spans(tuple((r.start, r.end) for r in found), tuple(round(s, 4) for s in strengths), seconds)
    return Decision("when", text, value, [g.evidence(entries, r, scores) for r in found])


def how_long(g: Grounder, entries, reading: Reading, found, scores, strengths, seconds: float) -> Decision:
    """ "How long was X on screen?" (``seconds`` in all), "... for more than 10 s?" (yes/no)."""
    target = reading.target
    assert target is not None
    ev = [g.evidence(entries, r, scores) for r in found]
    if reading.than is not None:
        more = reading.than[0] == "more"
        limit = reading.than[1]
        yes = seconds > limit if more else seconds < limit
        text = (
            f"{'Yes' if yes else 'No'} — {target.text} {be(target, True)} on screen for {seconds:g} s in all "
            f"({'more' if seconds > limit else 'less' if seconds < limit else 'exactly'} than {limit:g} s): "
            f"at {spans_text(found[:4])}."
        )
        return Decision(
            "when", text, YesNo(yes, seconds, limit, (found[0].start, found[-1].end), negated=not more), ev
        )
    text = (
        f"{subject(target)} {be(target, True)} on screen for {seconds:g} s in all: at {spans_text(found[:4])}"
        f"{f' (and {len(found) - 4} more times)' if len(found) > 4 else ''}."
    )
    value = Spans(tuple((r.start, r.end) for r in found), tuple(round(s, 4) for s in strengths), seconds)
    return Decision("when", text, value, ev)


def _went_at(entries, target: Target, run, step: float) -> float | None:
    """When the appearance ``run`` ended: the first frame after it (movement: one frame step after its last
    moving frame); None while it is still on screen (going on)."""
    if target.kind == "thing":
        return entries[run.last + 1].first_seen if run.last + 1 < len(entries) else None
    return run.end + step if run.end + step <= entries[-1].end + 1e-6 else None


def _latest_gone(entries, target: Target, found: list) -> list:
    """The latest appearance that has ended, and after it the one still on screen if any (``gone`` says
    it is back); the last appearance alone when none has ended."""
    step = frame_step(entries)
    ended = [r for r in found if _went_at(entries, target, r, step) is not None]
    if not ended:
        return found[-1:]
    return [ended[-1]] + ([found[-1]] if found[-1] is not ended[-1] else [])


def gone(g: Grounder, entries, target: Target, found: list, scores: np.ndarray) -> Decision:
    """ "When did X leave?", "when did the movement stop?": the moment each appearance ended (the value's
    spans are those moments); an appearance still on screen has none."""
    step = frame_step(entries)
    moments = [t for t in (_went_at(entries, target, r, step) for r in found) if t is not None]
    strengths = tuple(round(run_strength(scores, r), 4) for r in found[: len(moments)])
    seen = f"seen {spans_text(found[:4])}: {g.seen(entries, found[0].indices, 1)}"
    thing = target.kind == "thing"
    if not moments:
        text = f"{subject(target)} {be(target, False)} still {'on screen' if thing else 'going on'} ({seen})."
    else:
        went = "went out of view" if thing else "stopped"
        text = f"{subject(target)} {went} at {', '.join(at_time(t) for t in moments[:4])} ({seen})."
        if len(moments) < len(found):
            text = text[:-1] + f"; {'it is back on screen' if thing else 'it is going on again'} now."
    value = Spans(tuple((t, t) for t in moments), strengths)
    return Decision("when", text, value, [g.evidence(entries, r, scores) for r in found], bool(moments))


def tally(g: Grounder, entries, idx) -> list[tuple[str, list]]:
    """What was seen, grouped: each scene under its most probable class name (scenes with people under
    "people": a person is what people see, not the classifier's guess at their clothes), (name, its
    appearances: back-to-back scenes of one name are one), names in order of first appearance."""
    groups: dict[str, list] = {}
    for s in g.scenes_in(entries, idx):
        if max(entries[i].person_count for i in s.indices):
            name = "people"
        else:
            name = g.scorer.top_classes(mean_probs(entries, s.indices), 1)[0][0]
        spans = groups.setdefault(name, [])
        if spans and spans[-1].last + 1 == s.first:
            spans[-1] = span_of(entries, spans[-1].first, s.last)
        else:
            spans.append(s)
    return list(groups.items())


def _indices(spans: list) -> list[int]:
    return [i for s in spans for i in s.indices]


def ranked(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    """ "Which thing appeared most often / the longest?", "what appeared twice?": what was seen, grouped by
    class name, ranked by appearances or by time on screen."""
    idx = g.window_idx(entries, reading)
    # only what was recognised can be named and ranked: people, and classes said with confidence
    groups = [(n, s) for n, s in tally(g, entries, idx) if n == "people" or g.sure(entries, _indices(s))]
    by_time = reading.rank in ("longest", "shortest")
    if not groups:
        listed = g.scene_list(entries, g.scenes_in(entries, idx))
        text = (
            f"Nothing was recognised with confidence {g.where(reading, asked_at)}, so nothing can be ranked; "
            f"the classifier's best guesses: {listed}."
        )
        return Decision("count", text, Count(0, "things"), [], False)

    def measure(spans: list) -> float:
        return sum(s.end - s.start + 1.0 for s in spans) if by_time else float(len(spans))

    if reading.claimed:
        hits = [(n, s) for n, s in groups if len(s) == reading.claimed]
        if not hits:
            listed = "; ".join(f"{n} {times(len(s))}" for n, s in groups)
            text = (
                f"Nothing was seen exactly {times(reading.claimed)} {g.where(reading, asked_at)} ({listed})."
            )
            return Decision("count", text, Count(0, "things"), [], False)
        name, spans = hits[0]
        others = f" (also {', '.join(n for n, _ in hits[1:])})" if len(hits) > 1 else ""
        text = f"{cap(name)} appeared {times(len(spans))}: at {spans_text(spans)}{others}."
        return Decision("count", text, Count(len(spans), name, tuple((s.start, s.end) for s in spans)),
                        [g.evidence(entries, s) for s in spans])  # fmt: skip
    pick = max if reading.rank in ("most", "longest") else min
    name, spans = pick(groups, key=lambda kv: measure(kv[1]))
    if (
        len({round(measure(s), 6) for _, s in groups}) == 1 and len(groups) > 1
    ):  # all alike: no answer to pick
        listed = "; ".join(f"{n} at {spans_text(s)}" for n, s in groups)
        alike = f"for {measure(spans):g} s" if by_time else times(len(spans))
        text = f"Everything was seen {alike} {g.where(reading, asked_at)}: {listed}."
        return Decision(
            "count",
            text,
            Count(len(spans), "each thing"),
            [g.evidence(entries, s) for _, found in groups for s in found],
            False,
        )
    amount = f"{measure(spans):g} s in all" if by_time else times(len(spans))
    word = {
        "most": "most often",
        "least": "least often",
        "longest": "the longest",
        "shortest": "the shortest time",
    }
    verb = "were" if name == "people" else "was"
    text = f"{cap(name)} {verb} seen {word[reading.rank]}: {amount}, at {spans_text(spans[:4])}."
    value = Count(len(spans), name, tuple((s.start, s.end) for s in spans))
    return Decision("count", text, value, [g.evidence(entries, s) for s in spans])


def kinds(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    """ "How many different things were shown?": what was seen grouped by name, people told apart by
    their looks (:mod:`.identities`); a name the classifier only guessed at counts as one more thing,
    said as a guess (it is something on screen, just not recognised)."""
    idx = g.window_idx(entries, reading)
    groups = tally(g, entries, idx)
    sure = [(n, s) for n, s in groups if n == "people" or g.sure(entries, _indices(s))]
    guessed = [(n, s) for n, s in groups if (n, s) not in sure]
    people = next((s for n, s in sure if n == "people"), [])
    # told apart by their looks, and never fewer than were seen at once
    at_once = max((entries[i].person_count for i in _indices(people)), default=0)
    who = (
        max(1, at_once, distinct([k for i in _indices(people) for k in entries[i].people_keys]))
        if people
        else 0
    )
    total = len(sure) - bool(people) + who + len(guessed)
    listed = "; ".join(
        f"{(f'{who} people' if who > 1 else '1 person') if n == 'people' else n} at {spans_text(s[:3])}"
        for n, s in sure
    )
    if guessed:
        listed += ("; " if listed else "") + (
            f"{'and ' if listed else ''}{len(guessed)} the classifier could only guess at ("
            + "; ".join(f"{n} at {spans_text(s[:3])}" for n, s in guessed)
            + ")"
        )
    text = f"{plural(total, 'different thing')} {g.where(reading, asked_at)}: {listed}."
    spans = tuple((s.start, s.end) for _, ss in sure for s in ss)
    return Decision(
        "count",
        text,
        Count(total, "kinds", spans),
        [g.evidence(entries, s) for _, ss in [*sure, *guessed] for s in ss[:1]],
        bool(sure),
    )


def count(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    if reading.count_of == "kinds":
        return kinds(g, entries, reading, asked_at)
    target = reading.target
    people = target is not None and (g.person_phrase(target) or g.scorer.is_face_phrase(target.phrase))
    if reading.count_of == "arrivals":
        if people or target is None:
            return arrivals(g, entries, reading, asked_at)
        reading = dataclasses.replace(reading, count_of="instances")
    if reading.count_of == "instances":
        if people or reading.mode == "now" or reading.claimed or reading.at_least > 1:
            return instances(g, entries, reading, asked_at)
        # "how many animals did we see?": things are counted by their appearances
        reading = dataclasses.replace(reading, count_of="appearances")
    if reading.rank != "none":
        return ranked(g, entries, reading, asked_at)
    idx = g.window_idx(entries, reading)
    where = g.where(reading, asked_at)
    if reading.count_of == "scenes" or reading.target is None:
        spans = g.scenes_in(entries, idx)
        # shots that memory merged into one entry are still told apart by the cuts seen between them
        lo = entries[min(idx)].start
        cuts = {t for i in idx for t in entries[i].cuts if t > lo + 1e-6}
        n = max(len(spans), len(cuts) + 1)
        text = f"{plural(n, 'distinct scene')} {where}: {g.scene_list(entries, spans)}."
        value = Count(n, "scenes", tuple((s.start, s.end) for s in spans))
        return Decision("count", text, value, [g.evidence(entries, s) for s in spans])
    target = reading.target
    found, scores = g.found(target, entries, idx, reading.window)
    if target.kind == "cut":
        n = len(found)
        text = f"The scene changed {times(n) if n else 'no times'} {where}" + (
            f": at {', '.join(at_time(r.start) for r in found[:8])}." if n else "."
        )
        return Decision("count", text, Count(n, "scene changes", tuple((r.start, r.end) for r in found)),
                        [g.evidence(entries, r, scores) for r in found])  # fmt: skip
    if reading.at_least > 1:  # "was X shown more than once?", "did X come back?"
        n = len(found)
        yes = n >= reading.at_least
        say = (
            f"{target.text} appeared {times(n)} {where}: at {spans_text(found)}."
            if n
            else f"{target.text} {be(target, True)} not recognised {where}."
        )
        value = YesNo(
            yes, float(n), float(reading.at_least), (found[0].start, found[-1].end) if found else None
        )
        return Decision("count", f"{'Yes' if yes else 'No'} — {say}", value,
                        [g.evidence(entries, r, scores) for r in found], bool(found))  # fmt: skip
    if not found:
        text, ev = not_seen(g, entries, target, idx, scores, where)
        return Decision("count", f"0 times — {text}", Count(0, target.text), ev, False)
    n = len(found)
    text = f"{subject(target)} appeared {times(n)} {where}: at {spans_text(found)}."
    value = Count(n, target.text, tuple((r.start, r.end) for r in found))
    return Decision("count", text, value, [g.evidence(entries, r, scores) for r in found])


def arrivals(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    """ "How many people came by?": the different people who came into view in the asked window. Each
    rise in the number on screen is an arrival (a dip of one entry of at most ``gap`` frames is bridged:
    a face missed for a moment is no new arrival); people whose looks agree are one person (see
    :mod:`.identities`), so someone who comes back is counted once. The count lies between the most
    seen at once and the arrivals."""
    target = reading.target or Target("people")
    faces = g.scorer.is_face_phrase(target.phrase) and not g.scorer.is_person_phrase(target.phrase)
    idx = list(g.window_idx(entries, reading))
    counts = [entries[i].faces if faces else entries[i].person_count for i in idx]
    brief = g.config.gap * frame_step(entries) + 1e-6  # a dip this long (a frame or so) is bridged
    for k in range(1, len(counts) - 1):
        dip = entries[idx[k]].end - entries[idx[k]].start <= brief
        if dip and counts[k] < counts[k - 1] <= counts[k + 1]:
            counts[k] = counts[k - 1]
    came: list[tuple[int, int]] = []  # (entry index, how many came)
    before = 0
    for i, c in zip(idx, counts, strict=True):
        if c > before:
            came.append((i, c - before))
        before = c
    arrived = sum(k for _, k in came)
    keys = [k for i in idx for k in entries[i].people_keys]
    # told apart by their looks, between the most seen at once and one person per arrival
    n = min(arrived, max(max(counts, default=0), distinct(keys))) if keys and not faces else arrived
    where = g.where(reading, asked_at)
    one, many = ("face", "faces") if faces else ("person", "people")
    if n:
        said = ", ".join(f"{k} at {at_time(entries[i].start)}" for i, k in came[:8])
        again = f" ({arrived} arrivals: someone came back)" if n < arrived else ""
        text = f"{plural(n, one, many)} came into view {where}{again}: {said}."
    else:
        text = f"No {one} was recognised {where}; seen: {g.seen(entries, idx, 2)}."
    ev = [g.evidence(entries, span_of(entries, i, i)) for i, _ in came]
    if reading.claimed or reading.at_least > 1:
        return claim(reading, n, text, ev)
    value = Count(n, many, tuple((entries[i].start, entries[i].end) for i, _ in came))
    return Decision("count", text, value, ev, n > 0)


def summary(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    """What was seen in the asked window (the whole video up to now when none is named); a named
    thing, if any, is answered first."""
    idx = g.window_idx(entries, reading)
    spans = g.scenes_in(entries, idx)
    listed = f"Seen {g.where(reading, asked_at)}: {g.scene_list(entries, spans, 2 * g.config.max_scenes)}."
    ev = [g.evidence(entries, s) for s in spans[: 2 * g.config.max_scenes]]
    target = reading.target
    if target is not None:
        found, scores = g.found(target, entries, idx, reading.window)
        if found:
            lead = (
                f"{subject(target)} {be(target, True)} seen at {spans_text(found[:3])} "
                f"({g.seen(entries, found[0].indices, 1)})."
            )
            return Decision("summary", f"{lead} {listed}", g.described(entries, spans), ev)
        lead = f"{cap(target.text)} {be(target, True)} not recognised {g.where(reading, asked_at)}."
        return Decision("summary", f"{lead} {listed}", g.described(entries, spans), ev, False)
    return Decision("summary", listed, g.described(entries, spans), ev)


def never(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    """ "Was X never shown?" is the opposite of "was X shown?"; without a named thing (and without
    options, which :mod:`.choices` scores) only what was seen can be told."""
    if reading.target is not None:
        shown = was_shown(g, entries, reading, asked_at)
        assert isinstance(shown.value, YesNo)
        yes = not shown.value.yes
        body = shown.text.split(" — ", 1)[1]
        text = f"{'Yes' if yes else 'No'} — {body}"
        value = YesNo(yes, shown.value.score, shown.value.threshold, shown.value.span)
        return Decision("never", text, value, shown.evidence, shown.recognised)
    d = summary(g, entries, reading, asked_at)
    d.form = "never"
    d.text = "Name the things to check and I will say which were never seen. " + d.text
    return d
