"""Spill archived entries to disk as memory-mapped ``.npy`` segments.

Entries queue in RAM until :data:`SEGMENT` of them (with the same token shape) are
pending; the segment is then written atomically (temp file + rename) and re-opened with
``np.load(mmap_mode="c")`` (copy-on-write: the file is never modified through a tensor),
and the entries are returned with their tokens and pooled features as views of that map
(one ``(n, tokens + 1, D)`` array per segment, pooled in the last row). The retrieval keys
(unit pooled vector, text key) stay in RAM.

Files live in a directory private to one store (``<root>/memory-<id>/``) and are a cache
of this process: :meth:`PyramidMemory.save` writes spilled tokens into the save, and
:meth:`SpillStore.close` deletes the directory.
"""

from __future__ import annotations

import dataclasses
import shutil
import uuid
from pathlib import Path

import numpy as np
import torch

from streamvu.atomic import atomic_write
from streamvu.messages import MemoryEntry

SEGMENT = 64


class SpillStore:
    """Append-only disk store. ``add`` returns ``(position, mapped_entry)`` pairs when a segment
    is written, position being the entry's 0-based order of arrival."""

    def __init__(self, root: Path) -> None:
        self.dir = Path(root) / f"memory-{uuid.uuid4().hex[:12]}"
        self.dir.mkdir(parents=True, exist_ok=False)
        self._pending: list[tuple[int, MemoryEntry]] = []
        self._count = 0
        self._segments = 0
        self.disk_bytes = 0

    def add(self, entry: MemoryEntry) -> list[tuple[int, MemoryEntry]]:
        done: list[tuple[int, MemoryEntry]] = []
        if self._pending and tuple(self._pending[0][1].tokens.shape) != tuple(entry.tokens.shape):
            done = self.flush()
        self._pending.append((self._count, entry))
        self._count += 1
        if len(self._pending) >= SEGMENT:
            done += self.flush()
        return done

    def flush(self) -> list[tuple[int, MemoryEntry]]:
        """Write the pending entries as one segment; return them memory-mapped."""
        if not self._pending:
            return []
        stack = np.stack(
            [
                np.concatenate([e.tokens.detach().cpu().numpy(), e.pooled.detach().cpu().numpy()[None]])
                for _, e in self._pending
            ]
        ).astype(np.float32, copy=False)
        path = self.dir / f"segment-{self._segments:06d}.npy"
        atomic_write(path, lambda fh: np.save(fh, stack))
        self._segments += 1
        self.disk_bytes += path.stat().st_size
        mapped = np.load(path, mmap_mode="c")
        out = [
            (
                pos,
                dataclasses.replace(
                    e, tokens=torch.from_numpy(mapped[i, :-1]), pooled=torch.from_numpy(mapped[i, -1])
                ),
            )
            for i, (pos, e) in enumerate(self._pending)
        ]
        self._pending = []
        return out

    def close(self) -> None:
        """Delete this store's files (entries still mapped stay readable until released on Linux)."""
        self._pending = []
        shutil.rmtree(self.dir, ignore_errors=True)
