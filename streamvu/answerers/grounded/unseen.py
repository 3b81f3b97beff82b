"""Where a named thing that was never recognised may have been.

Not recognised is not absent: the classifier misses some things it names (:data:`MISSED_THING`) and
cannot name others at all (no ImageNet class is a coin). A question that takes for granted that a
thing was shown ("which came first, the coins or the coffee?", "put these in order: ...") is answered
with where it could have been: a scene where none of the asked things was seen, the likelier the less
surely the classifier read that scene as something else, and less where people explain it:

    hidden(t, scene) = blindness(t) * (1 - top(scene)) * (PERSON_COVER if people are there and t is no person)

with ``top(scene)`` the probability of the scene's most probable class name. A flower read as a
"honeycomb (28%)" may well be the flower; a scene read as "moped (77%)" is less likely to hide it.
A thing's own score short of the threshold is evidence too: a scene earns the greater of the two,

    credit(t, scene) = max(hidden(t, scene), HINT * best score of t in scene / threshold)

(a horse silhouette read as "Great Dane (22%)" scores 0.14 for "a horse": 0.35).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from streamvu.answerers.grounded.decide import Grounder
from streamvu.answerers.grounded.timeline import Span
from streamvu.answerers.grounded.vocabulary import mean_probs
from streamvu.answerers.reading import Target

MISSED_THING = 0.17
"""How often a thing the classifier names goes unrecognised on screen: 1 - its 83% recall at the yes/no
threshold on the category benchmark (benchmarks/category_precision.py)."""
MISSED_PERSON = 0.5
"""How often a person on screen goes unseen: the face detector finds frontal faces only."""
PERSON_COVER = 0.5
"""A scene where people were seen is half as likely to hide a thing: the people are part of what it showed."""
HINT = 0.5
"""A thing's score short of the threshold in a scene counts as this much of a sighting at the threshold (less
below it): weak evidence, but more than none ("a flower" on a scene read as a plant pot, 8%, over "a teddy
bear" there)."""
PLACED = 0.1
"""A never-recognised thing is placed in its likeliest scene (:func:`likeliest_scene`) when that scene's
credit is at least this; below it no scene is said to be likelier than the rest."""


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


def openness(grounder: Grounder, entries, scene: Span, target: Target) -> float:
    """How little of ``scene`` is explained by what was seen there, for hiding ``target`` (see the module
    docstring): 1 - its top class, less where people were seen and ``target`` is no person."""
    idx = scene.indices
    top = grounder.scorer.top_classes(mean_probs(entries, idx), 1)[0][1]
    people = max(entries[i].person_count for i in idx) > 0
    cover = PERSON_COVER if people and not grounder.person_phrase(target) else 1.0
    return (1.0 - min(1.0, top)) * cover


def hidden(grounder: Grounder, entries, target: Target, scenes: Sequence[Span]) -> np.ndarray:
    """(len(scenes),) how likely ``target`` was on screen, unrecognised, in each of ``scenes``."""
    b = blindness(grounder, target)
    return np.array([b * openness(grounder, entries, s, target) for s in scenes])


def scene_peaks(grounder: Grounder, entries, target: Target, scenes: Sequence[Span]) -> np.ndarray:
    """(len(scenes),) ``target``'s best score in each of ``scenes``."""
    scores = grounder.scores(target, entries)
    return np.array([float(np.max(scores[s.first : s.last + 1])) for s in scenes])


def credit(
    grounder: Grounder, entries, target: Target, scenes: Sequence[Span], weak_only: bool = False
) -> np.ndarray:
    """(len(scenes),) how likely ``target``, not recognised there, was on screen in each of ``scenes``: the
    greater of :func:`hidden` and its own score's :data:`HINT` (see the module docstring); ``weak_only``:
    its score counts only from the weak band up (:meth:`~.decide.Grounder.weak`; below it a score is no
    likelier on a frame showing the thing than on one that does not)."""
    best = scene_peaks(grounder, entries, target, scenes)
    near = np.minimum(1.0, best / grounder.threshold(target))
    if weak_only:
        near = np.where(best >= grounder.weak(target), near, 0.0)
    return np.maximum(hidden(grounder, entries, target, scenes), HINT * near)


def likeliest_scene(grounder: Grounder, entries, target: Target, idx: Sequence[int]) -> Span | None:
    """For ``target``, never recognised in entries ``idx`` but taken to be shown there ("what came before
    the horse?"): the scene it most likely was (:func:`credit`, its score counting from the weak band), or
    None when no scene earns :data:`PLACED`."""
    if not len(idx) or target.kind != "thing":
        return None
    scenes = grounder.scenes_in(entries, idx)
    weights = credit(grounder, entries, target, scenes, weak_only=True)
    best = int(np.argmax(weights))
    return scenes[best] if weights[best] >= PLACED else None


def share_before(
    grounder: Grounder,
    entries,
    target: Target,
    idx: Sequence[int],
    taken: Sequence[Span],
    at: float,
    last: bool,
) -> tuple[float, Span] | None:
    """For ``target``, never recognised in entries ``idx`` but taken to be shown there: the share of the
    chance it was there (:func:`credit`) that lies before ``at`` (``last``: after ``at``), and its likeliest
    scene on the side that share favours; None when no scene free of the ``taken`` spans (where the asked
    things were seen) could hold it."""
    if not len(idx):
        return None
    free = [
        s
        for s in grounder.scenes_in(entries, idx)
        if not any(s.first <= t.last and t.first <= s.last for t in taken)
    ]
    if not free:
        return None
    weights = credit(grounder, entries, target, free)
    if float(weights.sum()) <= 0.0:
        return None
    side = np.array([(s.end > at) if last else (s.start < at) for s in free])
    share = float(weights[side].sum() / weights.sum())
    likeliest = np.where(side == (share > 0.5), weights, -1.0)  # on the side the share says
    return share, free[int(np.argmax(likeliest))]
