"""Options that list several things, scored by aligning them in order with the scenes of a stretch.

"What happened?", "in what order did these appear?", "list what came before the motorbike": each option's
things (in order; things named together share a scene) are aligned with the stretch's scenes
(:func:`align`, a small dynamic programme), and the option is worth what the best alignment explains.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

import streamvu.answerers.grounded.unseen as unseen
from streamvu.answerers.grounded.decide import Grounder
from streamvu.answerers.grounded.option_readers import (
    option_conjuncts,
    option_items,
    option_nothing,
    option_steps,
)
from streamvu.answerers.reading import Reading, Target

STRENGTH_TIE = 0.02
"""A thing seen at its threshold earns this much less than one seen at three times it, in listed summaries."""


def listed_scores(
    grounder: Grounder, entries, reading: Reading, options, asked_at: float
) -> list[float] | None:
    """Options that list things in order, for a summary or for what came before / after a thing ("list
    what came before the motorbike": everything before (after) its first appearance); None otherwise."""
    if not any(option_items(o) for o in options):
        return None
    if reading.form in ("summary", "what_now") or (reading.form == "first" and reading.ordinal <= 1):
        # "what happened?", "in what order did these appear?": the listed things in the window's scenes
        return sequence_scores(grounder, entries, reading, options, asked_at)
    if reading.form in ("before", "after") and reading.target is not None:
        anchor, _ = grounder.found(reading.target, entries)
        if not anchor:
            return [0.0] * len(options)
        first = anchor[0]
        idx = range(0, first.first) if reading.form == "before" else range(first.last + 1, len(entries))
        return sequence_scores(grounder, entries, reading, options, asked_at, idx)
    return None


def sequence_scores(
    grounder: Grounder, entries, reading: Reading, options, asked_at: float, idx: Sequence[int] | None = None
) -> list[float]:
    """ "What happened?" with options that list several things: the listed things aligned, in order, with
    the window's scenes (things named together, "a cat with a ball rolling across", share one; several
    steps may too, but "then" and a thing named again need a later one; a shot where movement starts or
    stops is two, :meth:`~.decide.Grounder.stretches`). A thing seen
    in its scene earns about 1 (less the weaker); on a scene no listed thing was seen in, the chance it was
    there unrecognised (:func:`~.unseen.credit`). The value is :func:`align`'s."""
    if idx is None:
        idx = (
            grounder.window_idx(entries, reading)
            if reading.mode != "now"
            else grounder.now_idx(entries, asked_at)
        )
    if not len(idx):
        return [0.0] * len(options)
    scenes = grounder.stretches(entries, idx)
    quiet = _quiet(grounder, entries, idx)
    out = []
    for option in options:
        if option_nothing(option):  # "nothing, it was quiet": no one came, nothing moved or changed
            out.append(1.0 if quiet else 0.0)
            continue
        steps = [(later, option_conjuncts(item)) for item, later in option_steps(option) or [(option, False)]]
        items = [thing for _, things in steps for thing in things]
        grounder.scorer.prepare([p for t in items for p in (t.phrase, t.attached) if p])
        # each item's best score in each scene / its threshold
        near = np.stack(
            [unseen.scene_peaks(grounder, entries, t, scenes) / grounder.threshold(t) for t in items]
        )
        seen_in = near >= 1.0
        # a sighting earns 1 at three times the threshold, a little less when weaker: of two alignments
        # that explain as much, the one placing each thing where it is seen more strongly wins
        credit = np.where(seen_in, 1.0 - STRENGTH_TIE * (3.0 - np.minimum(near, 3.0)) / 2.0, 0.0)
        unexplained = ~seen_in.any(axis=0)
        free = [sc for sc, u in zip(scenes, unexplained, strict=True) if u]
        for i, t in enumerate(items):
            # unseen there: the chance it hid unrecognised, or half a sighting for a score short of the threshold
            credit[i, unexplained] = unseen.credit(grounder, entries, t, free)
        # things named together ("a temple with a ball rolling across") share their step's scene: a step is
        # one row, its things' mean credit, weighing as many items as it names
        bounds = np.cumsum([0] + [len(things) for _, things in steps])
        per_step = np.stack([credit[a:b].mean(axis=0) for a, b in zip(bounds, bounds[1:], strict=False)])
        out.append(align(per_step, [later for later, _ in steps], np.diff(bounds)))
    return out


def _quiet(grounder: Grounder, entries, idx: Sequence[int]) -> bool:
    """Whether nothing happened in entries ``idx``: one scene, no person seen, no movement, no cut."""
    events = (Target("a person"), Target("movement", "motion"), Target("scene change", "cut"))
    return len(grounder.scenes_in(entries, idx)) <= 1 and not any(
        grounder.found(t, entries, idx)[0] for t in events
    )


def align(credit: np.ndarray, later: Sequence[bool] = (), weights: Sequence[float] = ()) -> float:
    """The best in-order alignment of items (rows) with scenes (columns): each item on one scene at or
    after the previous placed item's (after it, for an item whose ``later`` is true), or on none. Its
    value: half the credit the items earn per item (an item counting ``weights[i]`` items, 1 by default),
    half the share of scenes that earn some."""
    n, m = credit.shape
    if not n or not m:
        return 0.0
    w = np.asarray(weights, np.float64) if len(weights) else np.ones(n)
    per_item, per_scene = 0.5 * w / w.sum(), 0.5 / m
    last = np.full((n + 1, m), -np.inf)  # last[i, k]: items[:i] placed, the last placed one on scene k
    upto = np.zeros((n + 1, m + 1))  # upto[i, k + 1]: items[:i] placed on scenes[: k + 1] (k = -1: none)
    for i in range(1, n + 1):
        for k in range(m):
            c = credit[i - 1, k]
            gain = c * per_item[i - 1]
            new_scene = upto[i - 1, k] + gain + (per_scene if c > 0 else 0.0)
            same_scene = -np.inf if i - 1 < len(later) and later[i - 1] else last[i - 1, k] + gain
            last[i, k] = max(last[i - 1, k], same_scene, new_scene)
            upto[i, k + 1] = max(upto[i, k], last[i, k], upto[i - 1, k + 1])
    return float(upto[n, m])
