"""The pyramid memory bank (after VideoChat-Online's Pyramid Memory Bank).

Layout, oldest content at the top::

    spilled (disk, optional) < archive (bounded) < layer top < ... < layer 1 < layer 0 (newest)

Every layer and the archive is a time-ordered run of entries; the runs partition the stream
in time, so all entries together are time-ordered and never overlap (neighbours may share an
endpoint). Layer 0 receives new frames (pooled to its ``tokens_per_frame`` if set). When a
layer exceeds its capacity it is relieved once per extra entry (:func:`relief` states this policy
as one pure function, as StreamingLLM states its cache's):

* if its most similar ADJACENT pair (cosine of pooled features, the first pair on ties) has
  similarity >= ``merge_threshold``, that pair is merged in place (frame-weighted average of
  tokens and pooled, union of spans, labels by max probability, renormalised text key);
* otherwise its oldest entry is promoted to the next layer, spatially pooled to that layer's
  ``tokens_per_frame``; the top layer promotes into the archive (with ``archive_capacity=0``
  the top layer always merges instead).

The archive, when over capacity, spills its oldest entry to disk if ``archive_spill_dir`` is
set, else merges its most similar adjacent pair. Nothing is ever dropped: content forgotten at
capacity is merged into its neighbour, so every instant of ``[first frame's t, latest_t]``
stays inside some entry's span and ``sum(entry.frames) == frames_seen``. RAM therefore stays
bounded by the config whatever the stream length (at most ``config.max_entries()`` entries,
each with a bounded token count).

Span of a fresh frame: ``[previous frame's t, t]`` (the first frame: ``[t, t]``): an entry
stands for the stream since the frame before it, and ``end`` is when it was observed.

Layers below the top form the short-term store (``store="short"``); the top layer, the archive
and spilled entries the long-term store (``"long"``).

Thread safety: :meth:`PyramidMemory.add` and :meth:`PyramidMemory.snapshot` take one lock;
entries are replaced, never mutated, so a snapshot shares them safely. ``add`` runs its torch
ops without intra-op threads (see :func:`streamvu.memory.ops.one_thread`).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import torch

from streamvu.errors import MemoryStateError
from streamvu.memory.config import MemoryConfig
from streamvu.memory.ops import Slot, entry_from_frame, merge_entries, one_thread, pool_entry
from streamvu.memory.persistence import SavedState, load_memory, save_memory
from streamvu.memory.snapshot import MemorySnapshot
from streamvu.memory.spill import SpillStore
from streamvu.messages import FrameTokens

Relief = Literal["merge", "promote", "spill"]
"""How a run over its capacity loses one entry: merge an adjacent pair, promote (or spill) its oldest."""


def relief(
    layer: int | None, sims: Sequence[float], config: MemoryConfig, spills: bool
) -> tuple[Relief, int]:
    """The memory's policy: what shrinks a run over its capacity by one entry.

    layer: the layer's index (0 newest), or None for the archive; sims: the cosines of its adjacent
    pairs, oldest first; spills: an ``archive_spill_dir`` is set. Returns ``("merge", j)``: merge the
    pair ``(j, j + 1)``, the most similar (the first on ties); ``("promote", 0)``: move the oldest
    entry up, pooled (to the next layer, or from the top layer to the archive); ``("spill", 0)``: write
    the archive's oldest entry to disk. Nothing is ever dropped.
    """
    if layer is None:
        return ("spill", 0) if spills else ("merge", _most_similar(sims))
    j = _most_similar(sims)
    if sims[j] >= config.merge_threshold or (layer == config.top and config.archive_capacity == 0):
        return "merge", j
    return "promote", 0


def _most_similar(sims: Sequence[float]) -> int:
    return max(range(len(sims)), key=sims.__getitem__)


class _Run:
    """A time-ordered list of slots with the cosine of every adjacent pair cached.

    ``sims[i]`` is the similarity of ``slots[i]`` and ``slots[i + 1]``.
    """

    __slots__ = ("slots", "sims")

    def __init__(self) -> None:
        self.slots: list[Slot] = []
        self.sims: list[float] = []

    def __len__(self) -> int:
        return len(self.slots)

    def append(self, slot: Slot) -> None:
        if self.slots:
            self.sims.append(_cos(self.slots[-1], slot))
        self.slots.append(slot)

    def pop_oldest(self) -> Slot:
        if self.sims:
            self.sims.pop(0)
        return self.slots.pop(0)

    def merge_at(self, j: int, max_labels: int) -> None:
        """Replace slots ``j`` and ``j+1`` by their merge."""
        merged = Slot.of(merge_entries(self.slots[j].entry, self.slots[j + 1].entry, max_labels))
        self.slots[j : j + 2] = [merged]
        del self.sims[j]
        if j > 0:
            self.sims[j - 1] = _cos(self.slots[j - 1], merged)
        if j < len(self.slots) - 1:
            self.sims[j] = _cos(merged, self.slots[j + 1])


def _cos(a: Slot, b: Slot) -> float:
    return float(np.dot(a.vkey, b.vkey))


class PyramidMemory:
    """Fixed-size streaming memory of encoded frames; see the module docstring for the policy.

    add(item): ingest one frame (strictly increasing ``t``).
    snapshot(): an immutable :class:`MemorySnapshot` for questions.
    save(dir) / PyramidMemory.load(dir): persist and resume (see :mod:`streamvu.memory.persistence`).
    """

    def __init__(self, config: MemoryConfig | None = None) -> None:
        self.config = config if config is not None else MemoryConfig()
        self._layers = [_Run() for _ in self.config.layers]
        self._archive = _Run()
        self._spilled: list[Slot] = []
        spill_dir = self.config.archive_spill_dir
        self._spill = SpillStore(Path(spill_dir)) if spill_dir is not None else None
        self._lock = threading.Lock()
        self._frames_seen = 0
        self._latest_t: float | None = None
        self._dim: int | None = None
        self._text_dim: int | None = None
        # the last snapshot, reused until the memory changes (add, restore): questions on an unchanged
        # memory share one view and its retrieval tables
        self._snapshot: MemorySnapshot | None = None

    # -- state ------------------------------------------------------------------------------

    @property
    def frames_seen(self) -> int:
        """Frames added since the stream began (across save/load)."""
        return self._frames_seen

    @property
    def latest_t(self) -> float | None:
        """Time of the newest frame, None before the first."""
        return self._latest_t

    def __len__(self) -> int:
        with self._lock:
            return sum(len(r) for r in self._layers) + len(self._archive) + len(self._spilled)

    def nbytes(self) -> int:
        """RAM bytes of all entries' tensors and keys (tokens, pooled, text key, visual key);
        tokens and pooled of spilled entries, memory-mapped from disk, are not counted
        (see :meth:`disk_bytes`)."""
        with self._lock:
            return sum(slot.nbytes() for slot in self._all_slots())

    def disk_bytes(self) -> int:
        """Bytes of spill segments written so far (0 without ``archive_spill_dir``)."""
        return 0 if self._spill is None else self._spill.disk_bytes

    def _all_slots(self) -> list[Slot]:
        """Every slot in time order (caller holds the lock)."""
        out = list(self._spilled) + list(self._archive.slots)
        for run in reversed(self._layers):
            out.extend(run.slots)
        return out

    # -- ingest -----------------------------------------------------------------------------

    def add(self, item: FrameTokens) -> None:
        """Add one encoded frame. Raises ``ValueError`` if ``item.t`` is not after the previous
        frame's, or if its shapes disagree with each other or with earlier frames."""
        self._check(item)
        with self._lock, one_thread():
            t = float(item.t)
            if self._latest_t is not None and not t > self._latest_t:
                raise ValueError(f"frames must arrive in increasing t: got t={t} after t={self._latest_t}")
            dim = int(item.tokens.shape[1])
            if self._dim is not None and dim != self._dim:
                raise ValueError(f"token dim {dim} differs from earlier frames' {self._dim}")
            text_dim = None if item.text_key is None else int(np.asarray(item.text_key).size)
            if text_dim is not None and self._text_dim is not None and text_dim != self._text_dim:
                raise ValueError(f"text_key dim {text_dim} differs from earlier frames' {self._text_dim}")
            start = t if self._latest_t is None else self._latest_t
            store = "long" if self.config.top == 0 else "short"
            entry = entry_from_frame(item, start, store)
            entry = pool_entry(entry, self.config.layers[0].tokens_per_frame, store)
            self._layers[0].append(Slot.of(entry))
            self._dim = dim
            self._text_dim = self._text_dim if text_dim is None else text_dim
            self._frames_seen += 1
            self._latest_t = t
            self._rebalance()
            self._snapshot = None

    @staticmethod
    def _check(item: FrameTokens) -> None:
        tokens, pooled = item.tokens, item.pooled
        if not isinstance(tokens, torch.Tensor) or tokens.ndim != 2:
            raise ValueError("FrameTokens.tokens must be a 2-D (N, D) tensor")
        h, w = item.grid
        if h * w != tokens.shape[0] or h < 1 or w < 1:
            raise ValueError(f"FrameTokens.grid {item.grid} does not lay out {tokens.shape[0]} tokens")
        if pooled.numel() != tokens.shape[1]:
            raise ValueError(
                f"FrameTokens.pooled has {pooled.numel()} values, tokens have D={tokens.shape[1]}"
            )
        if not math.isfinite(float(item.t)):
            raise ValueError(f"FrameTokens.t must be finite, got {item.t}")

    def _rebalance(self) -> None:
        """Restore every capacity after one insertion into layer 0, layer by layer and then the archive,
        as :func:`relief` says (caller holds the lock)."""
        cfg = self.config
        runs: list[tuple[int | None, _Run, int]] = [
            (i, r, cfg.layers[i].capacity) for i, r in enumerate(self._layers)
        ]
        runs.append((None, self._archive, cfg.archive_capacity))
        for layer, run, capacity in runs:
            while len(run) > capacity:
                action, j = relief(layer, run.sims, cfg, spills=self._spill is not None)
                if action == "merge":
                    run.merge_at(j, cfg.max_labels)
                elif action == "spill":
                    self._spill_slot(run.pop_oldest())
                else:
                    assert layer is not None
                    self._promote(layer)

    def _promote(self, i: int) -> None:
        """Move layer ``i``'s oldest entry up: to the next layer, or from the top one to the archive,
        pooled to the tokens per frame of where it goes (the top layer's own for the archive)."""
        cfg = self.config
        slot = self._layers[i].pop_oldest()
        top = i == cfg.top
        if top:
            dest, tpf = self._archive, cfg.layers[i].tokens_per_frame
        else:
            dest, tpf = self._layers[i + 1], cfg.layers[i + 1].tokens_per_frame
        store = "long" if top or i + 1 == cfg.top else "short"
        entry = pool_entry(slot.entry, tpf, store)
        dest.append(Slot(entry, slot.vkey, slot.tkey))  # pooled features (hence keys) unchanged

    def _spill_slot(self, slot: Slot) -> None:
        assert self._spill is not None
        self._spilled.append(slot)
        for pos, entry in self._spill.add(slot.entry):
            old = self._spilled[pos]
            self._spilled[pos] = Slot(entry, old.vkey, old.tkey, mapped=True)

    # -- reading ----------------------------------------------------------------------------

    def snapshot(self) -> MemorySnapshot:
        """A consistent, immutable view (copy of the entry lists under the lock; the same object until
        the memory changes)."""
        with self._lock:
            if self._snapshot is None:
                self._snapshot = self._take_snapshot()
            return self._snapshot

    def _take_snapshot(self) -> MemorySnapshot:
        """A new :class:`MemorySnapshot` of the current state (caller holds the lock)."""
        top = self.config.top
        long = list(self._spilled) + list(self._archive.slots) + list(self._layers[top].slots)
        short: list[Slot] = []
        for run in reversed(self._layers[:top]):
            short.extend(run.slots)
        return MemorySnapshot(
            short,
            long,
            latest_t=self._latest_t,
            frames_seen=self._frames_seen,
            layer_sizes=tuple(len(r) for r in self._layers),
            archive_size=len(self._archive),
            spilled_size=len(self._spilled),
            key=self.config.key,
            dim=self._dim,
            text_dim=self._text_dim,
        )

    # -- persistence ------------------------------------------------------------------------

    def save(self, directory: str | Path) -> Path:
        """Write the memory to ``directory`` atomically; see :func:`persistence.save_memory`.

        Ingest may continue meanwhile: the state written is the one at the call (copied under the lock).
        """
        return save_memory(self._saved_state(), directory)

    @classmethod
    def load(cls, directory: str | Path, config: MemoryConfig | None = None) -> PyramidMemory:
        """Restore a memory saved by :meth:`save`; ``add()`` then continues the stream.

        ``config`` (optional) must have the saved config's :meth:`MemoryConfig.config_hash`
        (it may change ``archive_spill_dir``). Raises ``MemoryStateError`` on a corrupt,
        truncated, version-mismatched or incompatible save."""
        saved = load_memory(directory, config)
        memory = cls(saved.config)
        try:
            memory._restore(saved.groups, saved.counters)
        except Exception as exc:  # e.g. spilled entries without a spill dir: a save that does not fit
            raise MemoryStateError(f"memory save {directory} is corrupt or inconsistent: {exc}") from exc
        return memory

    def close(self) -> None:
        """Delete spill files (the memory stays usable for entries in RAM only if not spilled)."""
        if self._spill is not None:
            self._spill.close()

    # -- used by persistence ----------------------------------------------------------------

    def _saved_state(self) -> SavedState:
        """Copy of every run, tagged ``layer<i>``/``archive``/``spilled``, and the counters."""
        with self._lock:
            groups = {f"layer{i}": list(r.slots) for i, r in enumerate(self._layers)}
            groups |= {"archive": list(self._archive.slots), "spilled": list(self._spilled)}
            counters = {
                "frames_seen": self._frames_seen,
                "latest_t": self._latest_t,
                "dim": self._dim,
                "text_dim": self._text_dim,
            }
            return SavedState(self.config, groups, counters)

    def _restore(self, groups: dict[str, list[Slot]], state: dict) -> None:
        """Inverse of :meth:`_saved_state` on a fresh memory (no lock needed: not shared yet)."""
        for i, run in enumerate(self._layers):
            for slot in groups.get(f"layer{i}", []):
                run.append(slot)
        for slot in groups.get("archive", []):
            self._archive.append(slot)
        spilled = groups.get("spilled", [])
        if spilled and self._spill is None:
            raise ValueError("the save holds spilled entries but the config has no archive_spill_dir")
        for slot in spilled:
            self._spill_slot(slot)
        self._frames_seen = int(state["frames_seen"])
        self._latest_t = None if state["latest_t"] is None else float(state["latest_t"])
        self._dim = None if state["dim"] is None else int(state["dim"])
        self._text_dim = None if state["text_dim"] is None else int(state["text_dim"])
        self._snapshot = None
