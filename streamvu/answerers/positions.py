"""Where each visual token of a memory entry sits, and the position ids of a prompt built from entries.

Memory entries are no longer the encoder's full grids: older entries are pooled to a smaller
(h, w) grid, and the query handler's pruning keeps only some tokens of each. The choice made here:

* **cells**: every kept token keeps its ``(row, col)`` on its entry's *current* grid
  (``entry.grid``, i.e. the pooled grid for pooled entries). The row-major index of each kept
  token comes from the pruning indices, which the query handler carries on the
  :class:`~streamvu.messages.Context` (``kept_indices``, brought to the host by
  :func:`indices_on_host`); an entry with all its tokens needs none. Without indices (an entry
  pruned by other code) the kept tokens, which pruning leaves in ascending order, are spread evenly
  over the grid (approximate).
* **Qwen M-RoPE** (``(t, h, w)`` position ids): each entry is laid out exactly as Qwen2.5-VL lays
  out one still image: ``t = s`` for all its tokens, ``h = s + row``, ``w = s + col``, where ``s``
  is the position after the preceding text; the text after it starts at ``s + max(grid_h, grid_w)``
  (as if the whole grid were present, so positions do not depend on how much was pruned). The
  per-entry temporal index is thus the block's start position: strictly increasing from one entry
  to the next, constant within an entry; the entry's time span is given in text before it. For
  a full, unpooled grid this equals ``Qwen2_5_VLModel.get_rope_index`` (tested).
* **Other families** (SmolVLM/Idefics3, LLaVA-OneVision): plain 1-D positions, one per token.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

from streamvu.messages import MemoryEntry


def indices_on_host(indices: Sequence[torch.Tensor]) -> list[torch.Tensor]:
    """Each pruned entry's kept-token indices (what ``PruneResult.split_indices()`` gives) as CPU int64
    tensors, for :attr:`Context.kept_indices <streamvu.messages.Context.kept_indices>`.

    Indices on a GPU come to the host in **one** device-to-host copy for all entries (concatenated on
    the device first), not one copy, and one synchronisation, per entry.
    """
    indices = list(indices)
    if not indices:
        return []
    sizes = [int(idx.numel()) for idx in indices]  # shapes are host metadata: no sync
    flat = torch.cat([idx.detach().reshape(-1) for idx in indices])
    flat = flat.to("cpu", torch.int64)  # the one copy (a no-op for CPU indices already int64)
    return list(torch.split(flat, sizes))


def token_cells(entry: MemoryEntry, kept: torch.Tensor | None = None) -> torch.Tensor:
    """(n, 2) int64 ``(row, col)`` of each of the entry's tokens on ``entry.grid``; see the module docstring.

    kept: the row-major grid index of each token the entry kept (its ``Context.kept_indices``); None
    for an entry with all its tokens, or one pruned without indices (spread evenly, approximate).
    """
    h, w = int(entry.grid[0]), int(entry.grid[1])
    n = int(entry.tokens.shape[0])
    if kept is not None and kept.numel() != n:
        raise ValueError(f"{kept.numel()} kept-token indices for an entry of {n} tokens")
    idx = kept
    if idx is None:
        if n >= h * w:
            idx = torch.arange(n, dtype=torch.int64)
        else:  # pruned without indices: spread evenly in ascending order (approximate)
            idx = torch.arange(n, dtype=torch.int64) * (h * w) // max(n, 1)
    return torch.stack([idx // w, idx % w], dim=1)


def text_positions(start: int, length: int, mrope: bool) -> torch.Tensor:
    """Positions of ``length`` text tokens from ``start``: (3, length) for M-RoPE, else (length,)."""
    pos = torch.arange(start, start + length, dtype=torch.int64)
    return pos.expand(3, -1).clone() if mrope else pos


def mrope_block(start: int, cells: torch.Tensor, grid: tuple[int, int]) -> tuple[torch.Tensor, int]:
    """Qwen M-RoPE ids of one entry's visual block starting at ``start``, and the next text position.

    cells: (n, 2) rows/cols (:func:`token_cells`); grid: the entry's (h, w). Returns ((3, n), next).
    """
    n = cells.shape[0]
    t = torch.full((n,), start, dtype=torch.int64)
    pos = torch.stack([t, start + cells[:, 0], start + cells[:, 1]])
    rows = int(cells[:, 0].max()) + 1 if n else 0
    extent = max(int(grid[0]), int(grid[1]), rows)
    return pos, start + extent
