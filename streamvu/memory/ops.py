"""Pure operations on memory entries: make, pool, merge, key.

Every function returns new objects and never writes into a tensor it was given, so
entries (and their tensors) can be shared with snapshots without copying.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import math
from collections.abc import Iterator

import numpy as np
import torch

from streamvu.messages import DETECTION_KINDS, FrameTokens, Label, MemoryEntry, Sightings

_OPENMP = "parallel backend: OpenMP" in torch.__config__.parallel_info()


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """Run torch ops in the calling thread without intra-op threads, then restore the setting.

    Memory tensors are small (at most a frame's tokens): intra-op threads only add overhead,
    and on a busy machine OpenMP waits stretch a 0.2 ms add() to tens of ms. With torch's
    OpenMP backend the setting is per thread, so other threads (an encoder, an answerer) are
    unaffected; with any other backend it is process-wide, so nothing is changed.
    """
    prev = torch.get_num_threads()
    if not _OPENMP or prev == 1:
        yield
        return
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(prev)


def unit(vec: np.ndarray | torch.Tensor) -> np.ndarray:
    """``vec`` as a float32 numpy vector of unit L2 norm (a zero vector stays zero)."""
    arr = vec.detach().cpu().numpy() if isinstance(vec, torch.Tensor) else np.asarray(vec)
    arr = np.ascontiguousarray(arr, dtype=np.float32).reshape(-1)
    norm = float(np.linalg.norm(arr))
    return arr / norm if norm > 0 else arr.copy()


def entry_from_frame(item: FrameTokens, start: float, store: str) -> MemoryEntry:
    """A one-frame entry spanning ``[start, item.t]`` with its own copy of the tensors."""
    return MemoryEntry(
        start=float(start),
        end=float(item.t),
        tokens=item.tokens.detach().to("cpu", torch.float32).clone(),
        pooled=item.pooled.detach().to("cpu", torch.float32).clone().reshape(-1),
        grid=(int(item.grid[0]), int(item.grid[1])),
        labels=tuple(item.labels),
        text_key=None if item.text_key is None else unit(item.text_key),
        store=store,
        frames=1,
        sightings=item.sightings,
        thumbnail=item.thumbnail,
        regions=None if item.regions is None else item.regions.detach().to("cpu", torch.float32).clone(),
    )


def pool_tokens(tokens: torch.Tensor, grid: tuple[int, int], target: tuple[int, int]) -> torch.Tensor:
    """Adaptive-average-pool ``tokens`` (h*w, D) laid out on ``grid`` down to ``target`` (never up).

    Same windows as ``torch.nn.functional.adaptive_avg_pool2d``, applied as one matmul with a
    cached (th*tw, h*w) pooling matrix (much faster on small grids, and deterministic).
    """
    h, w = grid
    th, tw = min(target[0], h), min(target[1], w)
    if (th, tw) == (h, w):
        return tokens
    return _pool_matrix(h, w, th, tw).to(tokens.dtype) @ tokens


@functools.lru_cache(maxsize=64)
def _pool_matrix(h: int, w: int, th: int, tw: int) -> torch.Tensor:
    def windows(n: int, m: int) -> torch.Tensor:
        out = torch.zeros(m, n, dtype=torch.float64)
        for i in range(m):
            lo, hi = (i * n) // m, -((-(i + 1) * n) // m)  # floor, ceil: adaptive pooling bounds
            out[i, lo:hi] = 1.0 / (hi - lo)
        return out

    rows, cols = windows(h, th), windows(w, tw)  # (th, h), (tw, w)
    return torch.einsum("ah,bw->abhw", rows, cols).reshape(th * tw, h * w).to(torch.float32)


def pooled_grid(grid: tuple[int, int], tokens_per_frame: int | None) -> tuple[int, int]:
    """The grid an entry with ``grid`` has after pooling to ``tokens_per_frame`` (None = unchanged)."""
    if tokens_per_frame is None:
        return grid
    s = math.isqrt(tokens_per_frame)
    return (min(s, grid[0]), min(s, grid[1]))


def pool_entry(entry: MemoryEntry, tokens_per_frame: int | None, store: str) -> MemoryEntry:
    """``entry`` with tokens pooled to ``tokens_per_frame`` and ``store`` set (tensors shared if unchanged)."""
    target = pooled_grid(entry.grid, tokens_per_frame)
    tokens = pool_tokens(entry.tokens, entry.grid, target)
    return dataclasses.replace(entry, tokens=tokens, grid=target, store=store)


def merge_labels(a: tuple[Label, ...], b: tuple[Label, ...], limit: int) -> tuple[Label, ...]:
    """Union of two label lists by name, each name with its max probability; top ``limit`` by it.

    Ties are broken by name so the result is deterministic.
    """
    best: dict[str, float] = {}
    for label in (*a, *b):
        if label.name not in best or label.prob > best[label.name]:
            best[label.name] = float(label.prob)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return tuple(Label(name, prob) for name, prob in ranked)


def merge_text_keys(a: MemoryEntry, b: MemoryEntry) -> np.ndarray | None:
    """Frame-weighted mean of the two text keys, renormalised; the one present if only one is."""
    if a.text_key is None or b.text_key is None:
        return a.text_key if b.text_key is None else b.text_key
    mixed = a.text_key.astype(np.float32) * a.frames + b.text_key.astype(np.float32) * b.frames
    if float(np.linalg.norm(mixed)) < 1e-12:  # opposite keys cancel: keep the heavier one
        return a.text_key if a.frames >= b.frames else b.text_key
    return unit(mixed)


def merge_sightings(a: Sightings | None, b: Sightings | None) -> Sightings | None:
    """Sightings of two merged entries: per kind, the detections of the side with more of that kind
    (a count over a shot is a max, not a sum; ties go to the stronger side, then to ``a``); motion and
    cut: the max; when it moved and where its cuts are: the union. None only when both are None
    (nothing was looked for)."""
    if a is None or b is None:
        return a if b is None else b
    detections = []
    for kind in DETECTION_KINDS:
        na, nb = a.count(kind), b.count(kind)
        pick = a if (na, a.score(kind)) >= (nb, b.score(kind)) else b
        detections.extend(d for d in pick.detections if d.kind == kind)
    spans = [m for m in (a.moving, b.moving) if m is not None]
    moving = (min(m[0] for m in spans), max(m[1] for m in spans)) if spans else None
    cuts = tuple(sorted(set(a.cuts) | set(b.cuts)))
    return Sightings(tuple(detections), max(a.motion, b.motion), max(a.cut, b.cut), moving, cuts)


def merge_regions(a: MemoryEntry, b: MemoryEntry) -> torch.Tensor | None:
    """Region features of two merged entries: their frame-weighted mean when both have the same crops;
    otherwise those of the side with more frames (``a`` on a tie), or the only ones."""
    ra, rb = a.regions, b.regions
    if ra is not None and rb is not None and ra.shape == rb.shape:
        return (ra * a.frames + rb * b.frames) / (a.frames + b.frames)
    if ra is None or rb is None:
        return ra if rb is None else rb
    return rb if b.frames > a.frames else ra


def merge_entries(a: MemoryEntry, b: MemoryEntry, max_labels: int) -> MemoryEntry:
    """Merge two time-adjacent entries (``a`` before ``b``) into one covering both spans.

    tokens/pooled: averages weighted by frame counts (if the grids differ, both are first pooled
    to the smaller grid); span: ``[a.start, b.end]``; labels: :func:`merge_labels`; text key:
    :func:`merge_text_keys`; sightings: :func:`merge_sightings`; regions: :func:`merge_regions`;
    frames: the sum; store: ``a``'s;
    thumbnail: that of the side with more frames (``a`` on a tie), or the only one.
    """
    grid = (min(a.grid[0], b.grid[0]), min(a.grid[1], b.grid[1]))
    ta = pool_tokens(a.tokens, a.grid, grid)
    tb = pool_tokens(b.tokens, b.grid, grid)
    wa, wb = a.frames / (a.frames + b.frames), b.frames / (a.frames + b.frames)
    return MemoryEntry(
        start=a.start,
        end=b.end,
        tokens=ta * wa + tb * wb,
        pooled=a.pooled * wa + b.pooled * wb,
        grid=grid,
        labels=merge_labels(a.labels, b.labels, max_labels),
        text_key=merge_text_keys(a, b),
        store=a.store,
        frames=a.frames + b.frames,
        sightings=merge_sightings(a.sightings, b.sightings),
        thumbnail=(b.thumbnail or a.thumbnail) if b.frames > a.frames else (a.thumbnail or b.thumbnail),
        regions=merge_regions(a, b),
    )


@dataclasses.dataclass(frozen=True)
class Slot:
    """An entry with its retrieval keys, as the memory stores it.

    vkey: unit-norm pooled features (the visual key, also used for adjacent-pair similarity).
    tkey: the unit text key, or None.
    mapped: True when ``entry.tokens`` and ``entry.pooled`` are memory-mapped from a spill file.
    """

    entry: MemoryEntry
    vkey: np.ndarray
    tkey: np.ndarray | None
    mapped: bool = False

    @staticmethod
    def of(entry: MemoryEntry) -> Slot:
        return Slot(entry, unit(entry.pooled), entry.text_key)

    def nbytes(self) -> int:
        """RAM bytes: tokens and pooled (unless memory-mapped), text key, region features and the visual key."""
        entry = self.entry
        text = 0 if entry.text_key is None else int(entry.text_key.nbytes)
        tensors = 0 if self.mapped else _tensor_bytes(entry.tokens) + _tensor_bytes(entry.pooled)
        regions = 0 if entry.regions is None else _tensor_bytes(entry.regions)
        return tensors + text + regions + int(self.vkey.nbytes)


def _tensor_bytes(t: torch.Tensor) -> int:
    return t.numel() * t.element_size()
