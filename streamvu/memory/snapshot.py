"""An immutable, consistent view of the memory that questions read while ingest goes on.

:meth:`PyramidMemory.snapshot` copies the entry lists under the memory's lock; entries and
their tensors are never mutated after insertion, so sharing them is safe and a snapshot
never sees a half-applied merge or promotion. Retrieval indexes are built lazily per
snapshot (on first :meth:`MemorySnapshot.retrieve` for each key kind) and cached.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Sequence

import numpy as np

from streamvu.memory.config import KeyKind
from streamvu.memory.index import KeyTable, bisect_window
from streamvu.memory.ops import Slot
from streamvu.messages import TIME_TOLERANCE_S, MemoryEntry


class MemorySnapshot:
    """What the memory held at one instant.

    entries: every entry ordered by start time (long-term ones first: they are older).
    short_term / long_term: the two stores, each ordered by start time.
    latest_t: time of the newest frame seen (None before the first).
    frames_seen: frames added so far; equals the sum of ``frames`` over ``entries``.
    layer_sizes: entries per pyramid layer, bottom (newest) first; the archive is not a layer
        (see ``archive_size`` and ``spilled_size``).
    """

    __slots__ = (
        "_short",
        "_long",
        "_long_slots",
        "_latest_t",
        "_frames_seen",
        "_layer_sizes",
        "_archive_size",
        "_spilled_size",
        "_key",
        "_dim",
        "_text_dim",
        "_tables",
        "_lock",
        "_ends",
    )

    def __init__(
        self,
        short: Sequence[Slot],
        long: Sequence[Slot],
        *,
        latest_t: float | None,
        frames_seen: int,
        layer_sizes: tuple[int, ...],
        archive_size: int,
        spilled_size: int,
        key: KeyKind,
        dim: int | None,
        text_dim: int | None,
    ) -> None:
        self._short = tuple(slot.entry for slot in short)
        self._long_slots = tuple(long)
        self._long = tuple(slot.entry for slot in long)
        self._latest_t = latest_t
        self._frames_seen = frames_seen
        self._layer_sizes = layer_sizes
        self._archive_size = archive_size
        self._spilled_size = spilled_size
        self._key = key
        self._dim = dim
        self._text_dim = text_dim
        self._tables: dict[str, tuple[KeyTable, list[int]]] = {}
        self._lock = threading.Lock()
        self._ends: list[float] | None = None

    # -- read-only state -------------------------------------------------------------------

    @property
    def latest_t(self) -> float | None:
        return self._latest_t

    @property
    def frames_seen(self) -> int:
        return self._frames_seen

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        return self._layer_sizes

    @property
    def archive_size(self) -> int:
        """Entries in the in-RAM archive."""
        return self._archive_size

    @property
    def spilled_size(self) -> int:
        """Entries spilled to disk (still in ``long_term``)."""
        return self._spilled_size

    # -- the stores -------------------------------------------------------------------------

    @property
    def short_term(self) -> tuple[MemoryEntry, ...]:
        return self._short

    @property
    def long_term(self) -> tuple[MemoryEntry, ...]:
        return self._long

    @property
    def entries(self) -> tuple[MemoryEntry, ...]:
        return self._long + self._short

    def __len__(self) -> int:
        return len(self._short) + len(self._long)

    def ending_by(self, before: float) -> list[MemoryEntry]:
        """Every entry whose ``end`` is at most ``before``, time-ordered (a binary search: entries end in
        time order)."""
        if self._ends is None:
            self._ends = [e.end for e in self.entries]
        return list(self.entries[: bisect.bisect_right(self._ends, before)])

    def recent(self, before: float, n: int | None = None) -> list[MemoryEntry]:
        """The short-term entries with ``end <= before`` (+ :data:`TIME_TOLERANCE_S`), the most recent ``n``
        of them (all when None), ordered by time."""
        if n is not None and n < 0:
            raise ValueError(f"n must be >= 0 or None, got {n}")
        ends = [e.end for e in self._short]
        _, hi = bisect_window([e.start for e in self._short], ends, None, before, TIME_TOLERANCE_S)
        picked = self._short[:hi]
        if n is not None:
            picked = picked[max(0, len(picked) - n) :] if n else ()
        return list(picked)

    # -- retrieval --------------------------------------------------------------------------

    def key_kind(self, dim: int) -> str:
        """ "text" or "visual": which keys a query of dimension ``dim`` is compared with.

        Follows ``MemoryConfig.key``; raises ``ValueError`` when ``dim`` fits no usable key.
        """
        has_text = self._text_dim is not None
        if self._key == "visual" or (self._key == "text" and not has_text):
            if dim == self._dim:
                return "visual"
            why = "key='visual'" if self._key == "visual" else "key='text' but no frame had a text key"
            raise ValueError(f"query has {dim} dims; {why}, so queries must have the token dim {self._dim}")
        if has_text and dim == self._text_dim:
            return "text"
        if self._key == "both" and dim == self._dim:
            return "visual"
        expected = f"{self._text_dim} (text keys)" + (
            f" or {self._dim} (visual)" if self._key == "both" else ""
        )
        raise ValueError(f"query has {dim} dims; key={self._key!r} expects {expected}")

    def _table(self, kind: str) -> tuple[KeyTable, list[int]]:
        """The key table over long-term entries for ``kind`` and each row's entry position."""
        with self._lock:
            if kind not in self._tables:
                if kind == "text":
                    pos = [i for i, s in enumerate(self._long_slots) if s.tkey is not None]
                    rows = [self._long_slots[i].tkey for i in pos]
                    dim = self._text_dim
                else:
                    pos = list(range(len(self._long_slots)))
                    rows = [s.vkey for s in self._long_slots]
                    dim = self._dim
                matrix = np.stack(rows) if rows else np.zeros((0, dim or 1), np.float32)
                starts = [self._long[i].start for i in pos]
                ends = [self._long[i].end for i in pos]
                self._tables[kind] = (KeyTable(matrix, starts, ends), pos)
            return self._tables[kind]

    def retrieve(
        self,
        query: np.ndarray,
        *,
        before: float | None = None,
        after: float | None = None,
        k: int = 8,
        include_short_term: bool = True,
    ) -> list[MemoryEntry]:
        """Entries relevant to ``query`` inside the window, ordered by start time.

        The top-``k`` long-term entries by cosine between ``query`` and their key (see
        :meth:`key_kind`), among those with ``end <= before`` and ``start >= after`` (each bound
        optional, with :data:`TIME_TOLERANCE_S`), plus, when ``include_short_term``, every short-term
        entry in that window. Exact (equals brute force) and deterministic: scores are compared
        rounded to 5 decimals, ties go to the earlier entry. Raises ``ValueError`` on a query
        whose dimension fits no key, on a zero/non-finite query, or on ``k < 0``.
        """
        if k < 0:
            raise ValueError(f"k must be >= 0, got {k}")
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        if self._dim is None:  # nothing seen yet
            return []
        kind = self.key_kind(q.shape[0])
        norm = float(np.linalg.norm(q))
        if not np.isfinite(norm) or norm == 0.0:
            raise ValueError("query must be a finite, non-zero vector")
        q = q / norm
        table, pos = self._table(kind)
        lo, hi = table.window(after, before, TIME_TOLERANCE_S)
        found = [self._long[pos[row]] for row in table.search(q, k, lo, hi)]
        if include_short_term:
            starts = [e.start for e in self._short]
            s_lo, s_hi = bisect_window(starts, [e.end for e in self._short], after, before, TIME_TOLERANCE_S)
            found.extend(self._short[s_lo:s_hi])
        unique = {id(e): e for e in found}
        return sorted(unique.values(), key=lambda e: (e.start, e.end))
