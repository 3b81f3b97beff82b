"""What each part of a frame shows: class probabilities of the whole frame and of its windows.

An ImageNet head reads the mean of a frame's tokens as one picture, so a cat beside a cup of coffee
reads as a cat (the cup gets 2%), and a thing on a letterboxed or busy frame drowns in the rest.
The head also reads any subset of tokens, so an entry is read as its whole grid and as overlapping
windows of it (each axis cut into its left/middle/right ~4/7, crossed), and a class the whole frame
hints at is raised towards what its strongest window reads:

    p(c) = max(p_whole(c), sqrt(p_whole(c) * max_w p_w(c)))     (for p_whole(c) >= 1%)

which is not a distribution any more: it says how strongly each class is seen somewhere in the
frame. A cup beside a cat gets 5% whole and 35% in its window: 13%, and "a cup of coffee" (cups and
espresso together) is seen. The geometric mean, not the window's own reading, because a part of a
frame read alone is often read wrong with confidence (a flower's petals as a honeycomb at 50%): the
bare maximum raised the false "yes" on benchmarks/category_precision.py from 0.7% to 3.4%; with the
mean and the threshold the calibration then picks (0.20), 0.9% at 83% recall (whole frames only, at
0.15: 0.7% at 81%). Pooled memory entries (a 2x2 or 4x4 grid) are read the same way on their coarser
grid; an entry of one token is read whole.

Token windows cannot see past the frame's mean: every token of a 7x7 grid has a receptive field that
spans the frame, so a window of a two-picture frame still reads mostly the bigger picture. Wide frames
are therefore also encoded as square crops (``FrameTokens.regions``, see the encoder), each a picture
of its own, and a class a crop reads at ``CROP_FLOOR`` or more is raised towards that reading:

    p(c) = max(p'(c), (max_r p_r(c)) ** 0.8 * p'(c) ** 0.2)     (p' the reading above; p_r(c) >= CROP_FLOOR)

On every ordered pair of the category benchmark's photos side by side on a 640x360 frame
(benchmarks/category_precision.py), category words are found in 79% of the pairs that show them, at
1.4% false "yes" with three 160-px squares (whole frame and windows alone: 57% at 0.1%; the crop's bare
reading: 85% at 2.0%); leaving out skimage's black-and-white horse silhouette, whose crops read as a
dog, 0.1% false "yes" (0.1%; 0.4%). Weights 0.7, 0.6, 0.5 find 72%, 65%, 63%. With the 128-px end
squares and thirds of 16:9 frames (``EfficientNetConfig(thirds=True)``), pairs: 79% at 2.7% (1.2% without the horse);
three pictures side by side: 70% at 1.9%, against 37% at 2.4% with three squares.
"""

from __future__ import annotations

from functools import lru_cache

import torch

CROP_MIX = 0.8
"""A crop's reading counts with this weight in a geometric mean with the frame's own (whole and windows):
a crop is a part of the frame, and a part read alone is read wrong with confidence more often."""

CROP_FLOOR = 0.05
"""A square crop adds only the classes it reads at least this strongly: its tail of 1-4% guesses, maxed
over several crops, would add up over a WordNet category of a hundred classes (a cat read as a dog)."""

WINDOW_SUPPORT = 0.01
"""A window sharpens only a class the whole frame gives at least this much (it adds no new guesses)."""


@lru_cache(maxsize=16)
def intervals(side: int) -> tuple[tuple[int, int], ...]:
    """Overlapping [a, b) windows along an axis of ``side`` tokens, besides the whole axis: the first,
    the middle and the last ~4/7 (1 token each for side 2; none for side 1)."""
    if side < 2:
        return ()
    span = max(1, round(side * 4 / 7))
    if span >= side:
        span = side - 1
    starts = sorted({0, (side - span) // 2, side - span})
    return tuple((a, a + span) for a in starts)


@lru_cache(maxsize=16)
def windows(h: int, w: int) -> tuple[tuple[int, int, int, int], ...]:
    """(row0, row1, col0, col1) windows of an h x w grid, the whole grid excluded."""
    rows = ((0, h), *intervals(h))
    cols = ((0, w), *intervals(w))
    return tuple((r0, r1, c0, c1) for r0, r1 in rows for c0, c1 in cols if (r1 - r0, c1 - c0) != (h, w))


def window_pooled(tokens: torch.Tensor, grid: tuple[int, int]) -> torch.Tensor:
    """(R, D) mean tokens of each window of ``grid`` (R = 0 for a single token)."""
    h, w = grid
    if h * w != tokens.shape[0]:
        return tokens.new_zeros((0, tokens.shape[1]))
    g = tokens.reshape(h, w, -1)
    found = [g[r0:r1, c0:c1].reshape(-1, g.shape[-1]).mean(dim=0) for r0, r1, c0, c1 in windows(h, w)]
    return torch.stack(found) if found else tokens.new_zeros((0, tokens.shape[1]))


def seen_probs(
    class_probs,
    pooled: torch.Tensor,
    tokens: list[torch.Tensor],
    grids,
    crops: list[torch.Tensor | None] | None = None,
    support: float = WINDOW_SUPPORT,
) -> torch.Tensor:
    """(n, C) per-class strength for n entries: ``class_probs`` ((m, D) -> (m, C)) of each entry's
    ``pooled`` features, raised where a window of its tokens (from ``tokens``/``grids``) reads the class
    more strongly, to the geometric mean of the two, and to what its square crops read (``crops``: each
    entry's (R, D) crop features or None; see the module docstring)."""
    out = _windowed(class_probs, pooled, tokens, grids, support)
    if crops is None:
        return out
    have = [i for i, c in enumerate(crops) if c is not None and c.shape[0]]
    if not have:
        return out
    parts = [crops[i].detach().to("cpu", torch.float32) for i in have]
    read = class_probs(torch.cat(parts))
    k = 0
    for i, part in zip(have, parts, strict=True):
        n = part.shape[0]
        best = read[k : k + n].max(dim=0).values
        best = torch.where(best >= CROP_FLOOR, best, 0.0) ** CROP_MIX * out[i] ** (1.0 - CROP_MIX)
        out[i] = torch.maximum(out[i], best)
        k += n
    return out


def _windowed(
    class_probs, pooled: torch.Tensor, tokens: list[torch.Tensor], grids, support: float
) -> torch.Tensor:
    parts = [
        window_pooled(t.detach().to("cpu", torch.float32), g) for t, g in zip(tokens, grids, strict=True)
    ]
    counts = [p.shape[0] for p in parts]
    whole = class_probs(pooled)
    if not sum(counts):
        return whole
    inside = class_probs(torch.cat([p for p in parts if p.shape[0]]))
    out = whole.clone()
    k = 0
    for i, n in enumerate(counts):
        if n:
            sharper = torch.sqrt(inside[k : k + n].max(dim=0).values * whole[i])
            out[i] = torch.where(whole[i] >= support, torch.maximum(out[i], sharper), out[i])
            k += n
    return out
