"""Time logic over memory entries: scenes, runs of a phrase, windows.

Entries arrive time-ordered (:class:`~.vocabulary.EntryView`). A *scene* is a maximal run of
consecutive entries whose pooled features stay alike (cosine with the scene's first entry at least
``scene_cos``); a *run* of a phrase is a maximal run of entries scoring at least the threshold, with
gaps of at most ``gap`` entries bridged (one odd frame does not split an appearance).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from streamvu.answerers.grounded.vocabulary import EntryView, EntryViews, column
from streamvu.answerers.reading import Window


@dataclass(frozen=True)
class Span:
    """Entries ``[first, last]`` (indices into the entry list); their content was on screen from
    ``start`` to ``end`` seconds."""

    first: int
    last: int
    start: float
    end: float

    @property
    def indices(self) -> range:
        return range(self.first, self.last + 1)


def frame_step(entries) -> float:
    """The time between sampled frames (an entry of one frame spans one step; merged entries span more)."""
    return min((e.first_seen - e.start for e in entries if e.first_seen > e.start + 1e-6), default=1.0)


def span_of(entries: Sequence[EntryView], first: int, last: int) -> Span:
    return Span(first, last, entries[first].first_seen, entries[last].end)


def scenes(
    entries: Sequence[EntryView], scene_cos: float = 0.8, cuts: Sequence[bool] | None = None
) -> list[Span]:
    """Cut ``entries`` into scenes (see the module docstring); every entry is in exactly one. ``cuts``
    marks entries that a shot-boundary detector saw start a new shot: a scene also starts there."""
    if not entries:
        return []
    keys = entries.vkeys if isinstance(entries, EntryViews) else np.stack([e.vkey for e in entries])
    # a scene can only end where two neighbours differ: the anchor is compared only there
    step = np.einsum("ij,ij->i", keys[1:], keys[:-1]) if len(entries) > 1 else np.zeros(0)
    cut_at = np.zeros(len(entries), bool) if cuts is None else np.asarray(cuts, bool)
    changed = np.flatnonzero((step < 0.95) | cut_at[1:]) + 1  # where a scene may start
    starts = [0]
    k, n = 0, len(changed)
    near = (step < scene_cos).tolist()  # an entry unlike the one just before it
    marked = cut_at.tolist()
    candidates = changed.tolist()
    while k < n:
        i, first = candidates[k], starts[-1]
        if i == first + 1:  # right after the anchor: the neighbours' cosine is the anchor's
            if marked[i] or near[i - 1]:
                starts.append(i)
            k += 1
            continue
        # the next place where a cut is marked or the features left the anchor, looked for a block of
        # candidates at a time (one matrix-vector product each)
        block = changed[k : k + 16]
        new = cut_at[block] | ((keys[block] @ keys[first]) < scene_cos)
        hit = int(np.argmax(new)) if new.any() else -1
        if hit < 0:
            k += len(block)
            continue
        starts.append(int(block[hit]))
        k += hit + 1
    ends = [s - 1 for s in starts[1:]] + [len(entries) - 1]
    return [span_of(entries, a, b) for a, b in zip(starts, ends, strict=True)]


GAP_S = 3.0
"""The longest time a run of a phrase bridges (see :func:`runs`)."""


def runs(scores: np.ndarray, entries: Sequence[EntryView], threshold: float, gap: int = 1) -> list[Span]:
    """Maximal runs of entries scoring at least ``threshold`` (gaps of at most ``gap`` entries bridged)."""
    hits = np.flatnonzero(np.asarray(scores) >= threshold).tolist()
    out: list[Span] = []
    for i in hits:
        # bridged: at most ``gap`` entries, on screen for at most GAP_S (a merged entry of a long other
        # shot is not an odd frame)
        if out and i - out[-1].last <= gap + 1 and entries[i].first_seen - entries[out[-1].last].end <= GAP_S:
            out[-1] = span_of(entries, out[-1].first, i)
        else:
            out.append(span_of(entries, i, i))
    return out


def run_strength(scores: np.ndarray, run: Span) -> float:
    """How strongly a run shows its phrase: the mean score over its entries."""
    return float(np.mean(scores[run.first : run.last + 1]))


def in_window(entries: Sequence[EntryView], window: Window) -> list[int]:
    """Indices of the entries whose frames were on screen in ``window`` (from its first frame's time to
    its last's; open ends: the start / the last entry); a window between two frames: the entries
    overlapping it."""
    lo = -np.inf if window[0] is None else window[0]
    hi = np.inf if window[1] is None else window[1]
    first, start, end = column(entries, "first_seen"), column(entries, "start"), column(entries, "end")
    shown = np.flatnonzero((first <= hi + 1e-6) & (end >= lo - 1e-6))
    if not len(shown):
        shown = np.flatnonzero((end > lo + 1e-6) & ((start < hi - 1e-6) | (end <= hi)))
    return shown.tolist()


def peak(scores: np.ndarray, indices: Sequence[int]) -> tuple[float, int | None]:
    """(highest score among ``indices``, its index); (0.0, None) when there are none."""
    if not len(indices):
        return 0.0, None
    idx = np.asarray(indices)
    best = int(idx[np.argmax(scores[idx])])  # the first of equal scores (indices are time-ordered)
    return float(scores[best]), best


def overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Intersection over union of two time spans (0 when disjoint)."""
    inter = max(0.0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union > 0 else 0.0
