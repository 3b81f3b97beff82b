"""Forms about order: what came first or last (of everything, or of the things named), and what came
just before or just after something named (its first appearance)."""

from __future__ import annotations

import numpy as np

from streamvu.answerers.grounded.decide import Grounder
from streamvu.answerers.grounded.past import not_seen
from streamvu.answerers.grounded.timeline import Span
from streamvu.answerers.grounded.unseen import likeliest_scene, share_before
from streamvu.answerers.grounded.values import Decision, Ordering, YesNo
from streamvu.answerers.grounded.wording import at_time, be, cap, ordinal_word, span_text, subject
from streamvu.answerers.reading import Reading, Target

Seen = list[tuple[Target, Span, np.ndarray]]
"""The named things that were recognised: (thing, its first (latest) appearance, its scores), ordered."""


def _said(found: Seen, but: Target | None = None) -> str:
    return "; ".join(f"{a.text} at {span_text(r.start, r.end)}" for a, r, _ in found if a is not but)


def _evidence(g: Grounder, entries, found: Seen) -> list:
    return [g.evidence(entries, r, s) for _, r, s in sorted(found, key=lambda t: t[1].start)]


def _relation(g: Grounder, entries, reading: Reading, found: Seen, form, value) -> Decision:
    """ "Was the cup shown before or after the cat?" (both recognised)."""
    asked = reading.alternatives[0]
    other = next(a for a, _, _ in found if a is not asked)
    word = "Before" if found[0][0] is asked else "After"
    text = f"{word} — {asked.text} came {word.lower()} {other.text}: {_said(found).replace('; ', ', ')}."
    return Decision(form, text, value, _evidence(g, entries, found))


def _nth(g: Grounder, entries, reading: Reading, found: Seen, form, value) -> Decision:
    """ "Which came second, the cat or the rocket?"."""
    k = reading.ordinal - 1
    if k >= len(found):
        were = "was" if len(found) == 1 else "were"
        text = f"Only {len(found)} of them {were} recognised: {_said(found)}."
        return Decision(form, text, value, _evidence(g, entries, found), False)
    alt, run, _ = found[k]
    word = ordinal_word(reading.ordinal)
    text = f"{subject(alt)} came {word}, at {span_text(run.start, run.end)} ({_said(found, alt)})."
    return Decision(form, text, value, _evidence(g, entries, found))


def _read_as(g: Grounder, entries, scene: Span) -> str:
    """ "56–66 s, read as Great Dane (22%), Groenendael dog (20%)": where a never-recognised thing may be."""
    return f"{span_text(scene.start, scene.end)}, read as {g.classes(entries, scene.indices, 2)}"


def _claim(
    g: Grounder, entries, reading: Reading, found: Seen, missing: list[Target], form, hidden=None
) -> Decision:
    """ "Was the cat shown before the rocket?": is the first named one the first (last)? With one of the
    two never recognised, ``hidden`` (:func:`~.unseen.share_before`: the share of the chance it hid
    before (after) the other, and its likeliest scene; given only then) decides, said as a hedge."""
    alt, run, _ = found[0]
    yes = alt is reading.alternatives[0] and len(found) == len(reading.alternatives)
    spans = _said(found) + "".join(f"; {a.text} {be(a, True)} not recognised" for a in missing)
    if hidden is not None:
        share, scene = hidden
        p_yes = share if missing[0] is reading.alternatives[0] else 1.0 - share
        where = _read_as(g, entries, scene)
        value = YesNo(p_yes > 0.5, p_yes, 0.5, (run.start, run.end))
        text = (
            f"Probably {'yes' if p_yes > 0.5 else 'not'} — {_said(found)}; {missing[0].text} {be(missing[0], True)} never "
            f"recognised, but it may be what was on screen at {where}."
        )
        return Decision(form, text, value, _evidence(g, entries, found))
    value = YesNo(yes, 1.0 if yes else 0.0, 0.5, (run.start, run.end))
    return Decision(form, f"{'Yes' if yes else 'No'} — {spans}.", value, _evidence(g, entries, found))


def _compare(g: Grounder, entries, reading: Reading, last: bool) -> Decision:
    """ "Which came first, the cat or the camera?" -- by each one's first (or latest) appearance."""
    seen, taken = [], []
    idx = g.window_idx(entries, reading)
    for alt in reading.alternatives:
        runs, scores = g.found(alt, entries, idx, reading.window)
        taken += runs
        seen.append((alt, (runs[-1] if last else runs[0]) if runs else None, scores))
    found: Seen = sorted(
        ((a, r, s) for a, r, s in seen if r is not None),
        key=lambda t: t[1].end if last else t[1].start,
        reverse=last,
    )
    missing = [a for a, r, _ in seen if r is None]
    value = Ordering(tuple((a.text, r.start) for a, r, _ in found) + tuple((a.text, None) for a in missing))
    form = "last" if last else "first"
    if not found:
        scene = g.scenes(entries)[-1 if last else 0]
        names = " nor ".join(a.text for a in reading.alternatives)
        text = (
            f"Neither {names} was recognised up to {at_time(entries[-1].end)}; "
            f"{'last' if last else 'first'} seen: {g.seen(entries, scene.indices, 2)} at "
            f"{span_text(scene.start, scene.end)}."
        )
        return Decision(form, text, value, [g.evidence(entries, scene)], False)
    if reading.relation and len(found) == 2:
        return _relation(g, entries, reading, found, form, value)
    if reading.ordinal > 1 and not last:
        return _nth(g, entries, reading, found, form, value)
    if reading.claim:
        hidden = None
        if len(missing) == 1 and len(found) == 1:
            edge = found[0][1].end if last else found[0][1].start
            hidden = share_before(g, entries, missing[0], idx, taken, edge, last)
        return _claim(g, entries, reading, found, missing, form, hidden)
    if len(missing) == 1 and reading.ordinal <= 1:
        hedged = _hedged(g, entries, missing[0], found, idx, taken, last)
        if hedged is not None:
            return Decision(form, hedged, value, _evidence(g, entries, found))
    alt, run, _ = found[0]
    rest = [_said(found[1:])] if len(found) > 1 else []
    rest += [f"{a.text} {be(a, True)} not recognised" for a in missing]
    word = "was seen last" if last else "came first"
    text = f"{subject(alt)} {word}, at {span_text(run.start, run.end)}" + (
        f" ({'; '.join(rest)})." if rest else "."
    )
    return Decision(form, text, value, _evidence(g, entries, found))


def _hedged(g: Grounder, entries, thing: Target, found: Seen, idx, taken, last: bool) -> str | None:
    """ "Which came first, the coins or the coffee?", "put these in order" with one named thing never
    recognised: where the chance that it hid in a scene lies mostly before the first one seen (after the
    last), or, for a list, in which scene it most likely was, said as a hedge; None when nothing says."""
    edge = found[0][1].end if last else found[0][1].start
    share = share_before(g, entries, thing, idx, taken, edge, last)
    if share is None:
        return None
    scene = share[1]
    where = _read_as(g, entries, scene)
    if share[0] > 0.5:
        side = "after" if last else "before"
        return f"Probably {thing.text}: never recognised, but it may be what was on screen at {where}; {side} {_said(found)}."
    if last or len(found) < 2:
        return None
    said = [f"{a.text} at {span_text(r.start, r.end)}" for a, r, _ in found]
    k = sum(r.start < scene.start for _, r, _ in found)
    said.insert(k, f"probably {thing.text} at {where} (never recognised)")
    return f"In order: {'; '.join(said)}."


def _edge(g: Grounder, entries, reading: Reading, last: bool) -> Decision:
    """ "What came first?" -- the first (last) scene; with a category ("which animal appeared
    first?"), that category's first (latest) appearance."""
    form = "last" if last else "first"
    target = reading.target
    idx = g.window_idx(entries, reading)
    if target is not None:
        found, scores = g.found(target, entries, idx, reading.window)
        if found:
            run = found[-1] if last else found[0]
            text = (
                f"{g.seen(entries, run.indices, 1)} at {span_text(run.start, run.end)} — the "
                f"{'latest' if last else 'first'} {target.text.split(' ', 1)[-1]} seen."
            )
            return Decision(form, cap(text), Ordering(((g.seen(entries, run.indices, 1), run.start),)),
                            [g.evidence(entries, run, scores)])  # fmt: skip
    shots = g.scenes_in(entries, idx)
    if reading.ordinal > 1:  # "what was shown second?"
        k = reading.ordinal
        if k > len(shots):
            text = f"Only {len(shots)} scene{'s' if len(shots) != 1 else ''} were seen: {g.scene_list(entries, shots)}."
            return Decision(form, text, Ordering(()), [g.evidence(entries, s) for s in shots], False)
        scene = shots[k - 1]
        what = g.seen(entries, scene.indices, 2)
        word = cap(ordinal_word(k))
        text = f"{word} seen: {what} at {span_text(scene.start, scene.end)}."
        return Decision(form, text, Ordering(((what, scene.start),)), [g.evidence(entries, scene)])
    scene = shots[-1 if last else 0]
    what = g.seen(entries, scene.indices, 2)
    said = g.seen_or_guess(entries, scene.indices, 2)
    where = span_text(scene.start, scene.end)
    edge = "Last" if last else "First"
    text = f"{edge} seen: {what} at {where}." if said == what else f"{edge} seen ({where}): {said}."
    return Decision(form, text, Ordering(((what, scene.start),)), [g.evidence(entries, scene)])


def first(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    if len(reading.alternatives) >= 2:
        return _compare(g, entries, reading, last=False)
    return _edge(g, entries, reading, last=False)


def last(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    if len(reading.alternatives) >= 2:
        return _compare(g, entries, reading, last=True)
    return _edge(g, entries, reading, last=True)


def _adjacent(g: Grounder, entries, reading: Reading, asked_at: float, before: bool) -> Decision:
    target = reading.target
    form = "before" if before else "after"
    assert target is not None
    found, scores = g.found(target, entries)
    if not found:
        placed = likeliest_scene(g, entries, target, range(len(entries)))
        other = g.neighbour_scene(entries, placed, before) if placed is not None else None
        if placed is not None and other is not None:
            return _beside_likeliest(g, entries, target, placed, other, before)
        text, ev = not_seen(g, entries, target, range(len(entries)), scores, f"up to {at_time(asked_at)}")
        return Decision(form, cap(text), Ordering(((target.text, None),)), ev, False)
    # the first appearance with something before (after) it: "what preceded the coffee?" when the
    # coffee opened the video and came back later is answered about its return
    if reading.ordinal and len(found) >= reading.ordinal:  # "what came after the cat came back?"
        found = found[reading.ordinal - 1 : reading.ordinal]
    pairs = [(run, g.neighbour_scene(entries, run, before)) for run in found]
    anchor, other = next(((r, o) for r, o in pairs if o is not None), (found[0], None))
    where = span_text(anchor.start, anchor.end)
    if other is None:
        text = (
            f"Nothing came before {target.text}: it is there from the start ({where})."
            if before
            else f"Nothing else yet: {target.text} is seen from {at_time(anchor.start)} up to now ({at_time(asked_at)})."
        )
        return Decision(
            form, text, Ordering(((target.text, anchor.start),)), [g.evidence(entries, anchor, scores)]
        )
    what = g.seen(entries, other.indices, 2)
    said = g.seen_or_guess(entries, other.indices, 2)
    side = "before" if before else "after"
    text = (
        f"{cap(what)} at {span_text(other.start, other.end)}, just {side} {target.text} ({where})."
        if said == what
        else f"Just {side} {target.text} ({where}), at {span_text(other.start, other.end)}: {said}."
    )
    pair = sorted([(what, other.start), (target.text, anchor.start)], key=lambda t: t[1])
    return Decision(
        form,
        text,
        Ordering(tuple(pair)),
        [g.evidence(entries, s) for s in sorted((anchor, other), key=lambda s: s.start)],
    )


def _beside_likeliest(
    g: Grounder, entries, target: Target, placed: Span, other: Span, before: bool
) -> Decision:
    """ "What came before the horse?" with the horse never recognised: the question says it was shown, so
    ``other``, the scene next to where it most likely was (``placed``, :func:`~.unseen.likeliest_scene`),
    said as a hedge."""
    what = g.seen_or_guess(entries, other.indices, 2)
    side = "before" if before else "after"
    text = (
        f"Probably {what} at {span_text(other.start, other.end)}, just {side} where {target.text} may have "
        f"been: {target.text} {be(target, True)} never recognised, but at {span_text(placed.start, placed.end)} "
        f"the picture was read as {g.classes(entries, placed.indices, 2)}."
    )
    pair = sorted(
        [(g.seen(entries, other.indices, 1), other.start), (target.text, placed.start)], key=lambda t: t[1]
    )
    ev = [g.evidence(entries, s) for s in sorted((placed, other), key=lambda s: s.start)]
    return Decision("before" if before else "after", text, Ordering(tuple(pair)), ev, False)


def before(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    return _adjacent(g, entries, reading, asked_at, before=True)


def after(g: Grounder, entries, reading: Reading, asked_at: float) -> Decision:
    return _adjacent(g, entries, reading, asked_at, before=False)
