"""Forms about now and what comes: what is here, is X here, how many people are here, what happens
next, and "tell me when X appears" (decided on the memory up to the moment the trigger fired)."""

from __future__ import annotations

import numpy as np

from streamvu.answerers.grounded.decide import Grounder
from streamvu.answerers.grounded.timeline import peak, span_of
from streamvu.answerers.grounded.values import Count, Decision, Described, YesNo
from streamvu.answerers.grounded.wording import (
    asked_thing,
    at_time,
    be,
    cap,
    like,
    plural,
    span_text,
    subject,
    weak_score,
)
from streamvu.answerers.reading import Reading, Target


def what_now(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    idx = g.now_idx(entries, asked_at)
    span = span_of(entries, idx[0], idx[-1])
    scene = g.scenes(entries)[-1]
    ev = [g.evidence(entries, span)]
    value = g.described(entries, [span])
    target = reading.target
    if target is not None and target.kind == "thing" and not g.person_phrase(target):
        # "what animal is on screen?": the classes that mean the asked category, now
        scores = g.scores(target, entries)
        score = float(np.mean(scores[idx]))
        if score >= g.threshold(target):
            text = (
                f"{subject(target)} {be(target, False)} on screen now, since {at_time(scene.start)}: "
                f"{g.seen(entries, idx, 2)}."
            )
            return Decision("what_now", text, value, ev)
    seen = g.seen_or_guess(entries, idx, 3)
    text = f"Now ({at_time(asked_at)}): {seen} — this shot since {at_time(scene.start)}."
    if len(reading.alternatives) >= 2:  # "is it a cat or a dog?": the one seen now leads, or neither
        means = [float(np.mean(g.scores(a, entries)[idx])) for a in reading.alternatives]
        best = int(np.argmax([m / g.threshold(a) for m, a in zip(means, reading.alternatives, strict=True)]))
        chosen = reading.alternatives[best]
        if means[best] >= g.threshold(chosen):
            lead = f"{cap(chosen.text)}."
        elif means[best] >= g.weak(chosen):
            lead = f"Probably {chosen.text}, though not clearly ({weak_score(means[best], g.threshold(chosen))})."
        else:
            lead = f"{_neither(reading.alternatives)} recognised now."
        text = f"{lead} {text}"
    return Decision("what_now", text, value, ev)


def _neither(things: tuple[Target, ...]) -> str:
    """ "Neither a horse nor a dog is", "None of a horse, a dog or a cat is"."""
    names = [t.text for t in things]
    if len(names) == 2:
        return f"Neither {names[0]} nor {names[1]} is"
    return f"None of {', '.join(names[:-1])} or {names[-1]} is"


def here_now(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    idx = g.now_idx(entries, asked_at)
    target = g.likeliest(reading, entries, idx)
    if target is None:
        return what_now(g, entries, reading, asked_at)
    scores = g.scores(target, entries)
    value = float(np.max(scores[idx])) if target.kind != "thing" else float(np.mean(scores[idx]))
    span = span_of(entries, idx[0], idx[-1])
    limit, weak = g.threshold(target), value < g.threshold(target) and value >= g.weak(target)
    ev = [g.evidence(entries, span, scores)]
    if reading.negated:  # "is the cat gone?"
        return _gone(g, entries, target, idx, value, asked_at, ev)
    if weak:
        text = (
            f"Probably — {like(target)} may be on screen now ({at_time(asked_at)}), though not clearly: "
            f"{g.seen(entries, idx, 2)}; {weak_score(value, limit)}."
        )
        return Decision(
            "here_now", text, YesNo(True, value, limit, (span.start, span.end), weak=True), ev, False
        )
    if value < limit:
        target = asked_thing(target, reading.alternatives)  # "is there a cat or a dog?": neither
        text = (
            f"No — {target.text} {be(target, False)} not seen now ({at_time(asked_at)}; score {value:.2f}, "
            f"below {limit:.2f}). On screen now: {g.seen(entries, idx, 2)}."
        )
        return Decision("here_now", text, YesNo(False, value, limit, (span.start, span.end)), ev, False)
    found, _ = g.found(target, entries)
    start = found[-1].start if found else span.start
    said = g.which_event(target, entries, idx)  # "anything going on?": movement, or a scene change
    text = (
        f"Yes — {said.text} {be(said, False)} on screen now, since {at_time(start)}: "
        f"{g.seen_as(target, entries, idx)}, score {value:.2f}."
    )
    return Decision("here_now", text, YesNo(True, value, limit, (span.start, span.end)), ev)


def _gone(g: Grounder, entries, target: Target, idx, value: float, asked_at: float, ev) -> Decision:
    """ "Is the cat gone?" on the now score ``value``: yes below the weak band, "probably not" in it."""
    limit, span = g.threshold(target), span_of(entries, idx[0], idx[-1])
    gone, weak = value < g.weak(target), g.weak(target) <= value < limit
    found, _ = g.found(target, entries)
    last = f"; last seen at {span_text(found[-1].start, found[-1].end)}" if found and gone else ""
    if gone:
        text = (
            f"Yes — {target.text} {be(target, False)} not seen now ({at_time(asked_at)}; score {value:.2f}, below "
            f"{limit:.2f}){last}. On screen now: {g.seen(entries, idx, 2)}."
        )
    elif weak:
        text = (
            f"Probably not — {like(target)} may still be on screen ({at_time(asked_at)}), though not clearly: "
            f"{g.seen(entries, idx, 2)}; {weak_score(value, limit)}."
        )
    else:
        text = (
            f"No — {target.text} {be(target, False)} still on screen now: {g.seen(entries, idx, 1)}, "
            f"score {value:.2f}."
        )
    value_ = YesNo(gone, value, limit, (span.start, span.end), negated=True, weak=weak)
    return Decision("here_now", text, value_, ev, not weak)


def instances(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    """ "How many people are there?" -- people are counted per shot by the detector; other things
    can only be said to be there or not."""
    target = reading.target or Target("people")
    idx = g.now_idx(entries, asked_at) if reading.mode == "now" else g.window_idx(entries, reading)
    span = span_of(entries, idx[0], idx[-1])
    where = "now" if reading.mode == "now" else g.where(reading, asked_at)
    faces = g.scorer.is_face_phrase(target.phrase) and not g.scorer.is_person_phrase(target.phrase)
    if faces or g.person_phrase(target):
        one, many = ("face", "faces") if faces else ("person", "people")

        def of(i: int) -> int:
            return entries[i].faces if faces else entries[i].person_count

        n = max(of(i) for i in idx)
        best = max(idx, key=of)
        text = (
            f"{plural(n, one, many)} {'is' if n == 1 else 'are'} on screen {where}"
            if reading.mode == "now"
            else f"At most {plural(n, one, many)} {'was' if n == 1 else 'were'} on screen at once {where}"
        )
        text = (text[0].upper() + text[1:]) + (f" (at {at_time(entries[best].end)})." if n else ".")
        if n == 0:
            text = f"No {one} is recognised {where}; seen: {g.seen(entries, idx, 2)}."
        ev = [g.evidence(entries, span_of(entries, best, best))]
        counted = Count(n, many, ((span.start, span.end),))
        if reading.claimed or reading.at_least > 1:
            return claim(reading, n, text, ev)
        return Decision("count", text, counted, ev, n > 0)
    scores = g.scores(target, entries)
    value = float(np.max(scores[idx]))
    seen = value >= g.threshold(target)
    if (reading.claimed > 1 or reading.at_least > 1) and seen:  # "are there two cats?": cannot be told
        text = f"{target.text} {be(target, False)} seen {where}, but only people and faces can be counted one by one."
        ev = [g.evidence(entries, span, scores)]
        return Decision("count", cap(text), YesNo(False, value, g.threshold(target)), ev, False)
    if reading.claimed or reading.at_least > 1:
        text = f"{target.text} {be(target, False)} {'' if seen else 'not '}seen {where}."
        return claim(reading, int(seen), cap(text), [g.evidence(entries, span, scores)])
    text = (
        f"At least one: {target.text} {be(target, False)} seen {where} ({g.seen(entries, idx, 1)}); "
        "only people can be counted one by one."
        if seen
        else f"None: {target.text} {be(target, False)} not recognised {where}; seen: {g.seen(entries, idx, 2)}."
    )
    return Decision("count", text, Count(int(seen), target.text), [g.evidence(entries, span, scores)], seen)


def claim(reading: Reading, n: int, said: str, evidence: list) -> Decision:
    """ "Are there two people here?" (exactly ``claimed``) / "at least two?" (``at_least``), for a count ``n``."""
    want = reading.claimed or reading.at_least
    yes = n == want if reading.claimed else n >= want
    value = YesNo(yes, float(n), float(want))
    return Decision("count", f"{'Yes' if yes else 'No'} — {said}", value, evidence, True)


def upcoming(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    """ "What happens next?" cannot be told from what was seen: say so, and what is seen now."""
    idx = g.now_idx(entries, asked_at)
    span = span_of(entries, idx[0], idx[-1])
    text = (
        "What comes next cannot be told from what was seen; the latest "
        f"({span_text(span.start, span.end)}): {g.seen(entries, idx, 2)}."
    )
    return Decision("next", text, Described(((span.start, span.end, g.seen(entries, idx, 1)),)),
                    [g.evidence(entries, span)], False)  # fmt: skip


def watch(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    """ "Tell me when X appears", decided on the memory the trigger saw (its latest frames)."""
    target = reading.target
    if target is None:
        return upcoming(g, entries, reading, asked_at)
    idx = g.now_idx(entries, asked_at)
    span = span_of(entries, idx[0], idx[-1])
    scores = g.scores(target, entries)
    value, at = peak(scores, idx)
    limit = g.threshold(target)
    ev = [g.evidence(entries, span, scores)]
    if value >= limit and at is not None:
        text = f"{subject(target)} {be(target, False)} seen at {at_time(entries[at].end)}: {g.seen(entries, [at], 1)}, score {value:.2f}."
        return Decision("watch", text, YesNo(True, value, limit, (entries[at].start, entries[at].end)), ev)
    text = (
        f"Not yet: {target.text} {be(target, True)} not seen by {at_time(asked_at)}; the latest: "
        f"{g.seen(entries, idx, 2)}."
    )
    return Decision("watch", text, YesNo(False, value, limit), ev, False)
