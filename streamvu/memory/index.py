"""Exact top-k search over unit keys with faiss, restricted to a contiguous time window.

:class:`KeyTable` holds the keys of a time-ordered, non-overlapping run of entries, so any
time window is a contiguous row range ``[lo, hi)`` found by bisection. Search is a faiss
``IndexFlatIP`` (exact inner product; cosine on unit vectors) built lazily on first use,
with ``IDSelectorRange`` for the window. The result equals brute force under this rule:
rank by cosine rounded to 5 decimals (higher first), ties by earlier row (earlier time).

faiss-gpu is used automatically when installed (``faiss.get_num_gpus() > 0``) for tables of
at least :data:`GPU_MIN_ROWS` keys; ties at the k-th score are then settled on the CPU index.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

import numpy as np

from streamvu._deps import require

GPU_MIN_ROWS = 65536
_DECIMALS = 5
_TIE_EPS = 2e-5  # > 10**-_DECIMALS: every score that may round like the k-th one


def _faiss():
    return require("faiss", "the long-term memory index")


class KeyTable:
    """Keys (rows, unit float32) of entries sorted by time, with their spans.

    rows: (n, d) float32, one unit key per entry.
    starts / ends: the entries' spans, both non-decreasing (entries do not overlap).
    """

    def __init__(self, rows: np.ndarray, starts: Sequence[float], ends: Sequence[float]) -> None:
        self.rows = np.ascontiguousarray(rows, dtype=np.float32)
        if self.rows.ndim != 2 or len(starts) != len(self.rows) or len(ends) != len(self.rows):
            raise ValueError("KeyTable needs (n, d) rows and n starts/ends")
        self.starts = list(starts)
        self.ends = list(ends)
        self._index = None
        self._gpu_index = None
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        return int(self.rows.shape[1])

    def __len__(self) -> int:
        return len(self.starts)

    def window(self, after: float | None, before: float | None, tol: float) -> tuple[int, int]:
        """Row range ``[lo, hi)`` of entries with ``start >= after - tol`` and ``end <= before + tol``."""
        return bisect_window(self.starts, self.ends, after, before, tol)

    def _cpu(self):
        with self._lock:
            return self._cpu_unlocked()

    def _gpu(self):
        faiss = _faiss()
        if len(self) < GPU_MIN_ROWS or not hasattr(faiss, "get_num_gpus") or faiss.get_num_gpus() < 1:
            return None
        with self._lock:
            if self._gpu_index is None:
                self._gpu_index = faiss.index_cpu_to_all_gpus(self._cpu_unlocked())
            return self._gpu_index

    def _cpu_unlocked(self):
        if self._index is None:
            faiss = _faiss()
            self._index = faiss.IndexFlatIP(self.dim)
            if len(self):
                self._index.add(self.rows)
        return self._index

    def search(self, query: np.ndarray, k: int, lo: int, hi: int) -> list[int]:
        """Rows of the top-``k`` keys by inner product with unit ``query`` among rows ``[lo, hi)``."""
        n = hi - lo
        if k <= 0 or n <= 0:
            return []
        q = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        if n <= k:
            return list(range(lo, hi))
        faiss = _faiss()
        fetch = k + 1
        gpu = self._gpu() if (lo, hi) == (0, len(self)) else None
        if gpu is not None:
            scores, ids = gpu.search(q, fetch)
        else:
            params = faiss.SearchParameters(sel=faiss.IDSelectorRange(lo, hi))
            scores, ids = self._cpu().search(q, fetch, params=params)
        scores, ids = scores[0], ids[0]
        if scores[k - 1] - scores[k] >= _TIE_EPS:  # the k-th is clearly ahead of the rest
            return sorted(int(i) for i in ids[:k])
        # near-tie at the boundary: take every row that may rank like the k-th, then the rule
        params = faiss.SearchParameters(sel=faiss.IDSelectorRange(lo, hi))
        lims, cand_scores, cand_ids = self._cpu().range_search(
            q, float(scores[k - 1]) - _TIE_EPS, params=params
        )
        cand = sorted(
            zip(cand_scores[lims[0] : lims[1]].tolist(), cand_ids[lims[0] : lims[1]].tolist(), strict=True),
            key=lambda si: (-round(si[0], _DECIMALS), si[1]),
        )
        return sorted(int(i) for _, i in cand[:k])


def brute_force(rows: np.ndarray, query: np.ndarray, k: int, lo: int, hi: int) -> list[int]:
    """Reference for :meth:`KeyTable.search` in numpy (same ranking rule)."""
    scores = rows[lo:hi].astype(np.float64) @ np.asarray(query, np.float64).reshape(-1)
    order = sorted(range(hi - lo), key=lambda i: (-round(float(scores[i]), _DECIMALS), i))
    return sorted(lo + i for i in order[:k])


def bisect_window(starts: Sequence[float], ends: Sequence[float], after, before, tol) -> tuple[int, int]:
    """Same as :meth:`KeyTable.window` for plain lists."""
    lo = 0 if after is None else bisect_left(starts, after - tol)
    hi = len(starts) if before is None else bisect_right(ends, before + tol)
    return lo, max(lo, hi)
