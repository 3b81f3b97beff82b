"""Token pruning: the fused Triton kernel and its launcher.

Import this module only once triton is known to be installed (``streamvu._deps.require``);
:mod:`streamvu.kernels.prune` does that.  The formulas are those of
:mod:`streamvu.kernels.prune_ref`, computed in float32 whatever the input dtype.

One program per frame does everything for its frame:

1. one sweep over ``D`` in ``[BLOCK_N, BLOCK_D]`` tiles reads the frame's tokens once (and
   the previous frame's tokens when the temporal weight is > 0) and accumulates |x|^2,
   |x - mean|^2 (the mean of a tile's columns needs only that tile), x.prev, |prev|^2, x.q;
2. the scores are written to ``SCORES``, read back in ``BLOCK_J`` chunks to rank every
   token (``rank_i = #{j: s_j > s_i or (s_j == s_i and j < i)}``, i.e. ties to the lower
   index, exactly like the reference's stable sort) and ``rank < count`` selects it;
3. a cumulative sum of the kept mask gives each kept token its slot after the frame's
   offset (prefix sums of the counts, computed on the host), and a second sweep copies the
   kept rows (only those are read) into ``OUT`` with their positions in ``IDX``.
"""

from __future__ import annotations

import torch
import triton
import triton.language as tl

from streamvu.kernels.prune import TRITON_MAX_TOKENS
from streamvu.kernels.prune_ref import EPS, PruneResult, PruneWeights


def _prune_kernel(
    X,  # [F, N, D] tokens, last dim contiguous
    Q,  # [D] query (any tensor when HAS_QUERY is False)
    LENGTHS,  # [F] int64 valid tokens per frame
    COUNTS,  # [F] int64 tokens to keep per frame (<= LENGTHS)
    OFFSETS,  # [F] int64 first output row of each frame (exclusive prefix sum of COUNTS)
    SCORES,  # [F, N] float32 out
    OUT,  # [sum(COUNTS), D] out, dtype of X
    IDX,  # [sum(COUNTS)] int64 out
    stride_xf,
    stride_xn,
    N,
    D,
    w_spatial,
    w_temporal,
    w_query,
    eps,
    BLOCK_N: tl.constexpr,
    BLOCK_D: tl.constexpr,
    BLOCK_J: tl.constexpr,
    HAS_SPATIAL: tl.constexpr,
    HAS_TEMPORAL: tl.constexpr,
    HAS_QUERY: tl.constexpr,
):
    frame = tl.program_id(0).to(tl.int64)
    length = tl.load(LENGTHS + frame)
    count = tl.load(COUNTS + frame)
    out_start = tl.load(OFFSETS + frame)
    prev_length = tl.load(LENGTHS + tl.maximum(frame - 1, 0))
    prev_length = tl.where(frame > 0, prev_length, 0)

    rows = tl.arange(0, BLOCK_N)
    row_ok = rows < length
    prev_ok = rows < prev_length
    x_rows = X + frame * stride_xf + rows.to(tl.int64)[:, None] * stride_xn
    p_rows = x_rows - stride_xf  # same positions in frame - 1 (only read where prev_ok)
    length_f = tl.maximum(length, 1).to(tl.float32)

    x_sq = tl.zeros([BLOCK_N], dtype=tl.float32)
    dist_sq = tl.zeros([BLOCK_N], dtype=tl.float32)
    prev_dot = tl.zeros([BLOCK_N], dtype=tl.float32)
    prev_sq = tl.zeros([BLOCK_N], dtype=tl.float32)
    q_dot = tl.zeros([BLOCK_N], dtype=tl.float32)
    q_sq = tl.zeros([BLOCK_D], dtype=tl.float32)

    # ---- 1. one sweep over D: the frame's tokens are read once
    for d0 in range(0, D, BLOCK_D):
        cols = d0 + tl.arange(0, BLOCK_D)
        col_ok = cols < D
        tile_ok = row_ok[:, None] & col_ok[None, :]
        xt = tl.load(x_rows + cols[None, :], mask=tile_ok, other=0.0).to(tl.float32)
        x_sq += tl.sum(xt * xt, axis=1)
        if HAS_SPATIAL:
            mean = tl.sum(xt, axis=0) / length_f
            diff = tl.where(tile_ok, xt - mean[None, :], 0.0)
            dist_sq += tl.sum(diff * diff, axis=1)
        if HAS_TEMPORAL:
            pt_ok = prev_ok[:, None] & col_ok[None, :]
            pt = tl.load(p_rows + cols[None, :], mask=pt_ok, other=0.0).to(tl.float32)
            prev_dot += tl.sum(xt * pt, axis=1)
            prev_sq += tl.sum(pt * pt, axis=1)
        if HAS_QUERY:
            qt = tl.load(Q + cols, mask=col_ok, other=0.0).to(tl.float32)
            q_dot += tl.sum(xt * qt[None, :], axis=1)
            q_sq += qt * qt

    # ---- 2. scores
    score = tl.zeros([BLOCK_N], dtype=tl.float32)
    x_norm = tl.sqrt(x_sq)
    if HAS_SPATIAL:
        dist = tl.where(row_ok, tl.sqrt(dist_sq), 0.0)
        score += w_spatial * (dist / tl.maximum(tl.max(dist, axis=0), eps))
    if HAS_TEMPORAL:
        cos_prev = prev_dot / tl.maximum(x_norm * tl.sqrt(prev_sq), eps)
        score += w_temporal * tl.where(prev_ok, 1.0 - cos_prev, 1.0)
    if HAS_QUERY:
        q_norm = tl.sqrt(tl.sum(q_sq, axis=0))
        score += w_query * (q_dot / tl.maximum(x_norm * q_norm, eps))
    score = tl.where(row_ok, score, float("-inf"))
    score_row = SCORES + frame * N
    tl.store(score_row + rows, score, mask=rows < N)
    tl.debug_barrier()  # the whole program reads the scores back below

    # ---- 3. top-k by rank: ties to the lower index
    rank = tl.zeros([BLOCK_N], dtype=tl.int32)
    for j0 in range(0, N, BLOCK_J):
        js = j0 + tl.arange(0, BLOCK_J)
        sj = tl.load(score_row + js, mask=js < N, other=float("-inf"))
        beats = (sj[None, :] > score[:, None]) | (
            (sj[None, :] == score[:, None]) & (js[None, :] < rows[:, None])
        )
        rank += tl.sum(beats.to(tl.int32), axis=1)
    kept = row_ok & (rank < count)
    slot = tl.cumsum(kept.to(tl.int32), axis=0) - 1
    kept = kept & (slot < count)  # never write past the frame's share (non-finite scores)
    out_row = out_start + slot.to(tl.int64)
    tl.store(IDX + out_row, rows.to(tl.int64), mask=kept)

    # ---- 4. compact copy of the kept rows (only those are read again)
    for d0 in range(0, D, BLOCK_D):
        cols = d0 + tl.arange(0, BLOCK_D)
        tile_ok = kept[:, None] & (cols < D)[None, :]
        xt = tl.load(x_rows + cols[None, :], mask=tile_ok, other=0.0)
        tl.store(OUT + out_row[:, None] * D + cols[None, :], xt, mask=tile_ok)


_KERNELS: dict[bool, object] = {}


def _kernel(interpret: bool):
    """The jitted kernel for this mode, built on first use.

    ``triton.jit`` picks the interpreter when it decorates (from ``TRITON_INTERPRET``), so
    decorating at import time would freeze whatever the environment said when this module
    was first imported. triton.language's own helpers (``tl.zeros``, ``tl.sum``...) are
    decorated when triton is first imported, though, so the mode must not change after that:
    a mismatch raises a RuntimeError that says so instead of failing deep in the interpreter.
    """
    library_interpreted = type(tl.zeros).__name__ == "InterpretedFunction"
    if interpret != library_interpreted:
        raise RuntimeError(
            "TRITON_INTERPRET changed after triton was imported (triton.language is in "
            f"{'interpreter' if library_interpreted else 'compiled'} mode, this call asks for "
            f"{'interpreter' if interpret else 'compiled'} mode): set TRITON_INTERPRET before the first "
            "`import triton` in the process, e.g. in the shell, or run the kernel in a fresh process"
        )
    if interpret not in _KERNELS:
        _KERNELS[interpret] = triton.jit(_prune_kernel)
    return _KERNELS[interpret]


def _next_pow2(n: int) -> int:
    return 1 << max(0, (n - 1).bit_length())


def launch_config(num_tokens: int, dim: int, interpret: bool) -> dict[str, int]:
    """Block sizes (and warps): under the interpreter cost is per op, so use whole-frame tiles."""
    block_n = max(16, _next_pow2(num_tokens))
    if num_tokens > TRITON_MAX_TOKENS:
        raise ValueError(
            f"the Triton kernel handles at most {TRITON_MAX_TOKENS} tokens per frame, got N={num_tokens}"
        )
    if interpret:
        return {"BLOCK_N": block_n, "BLOCK_D": max(16, _next_pow2(dim)), "BLOCK_J": block_n, "num_warps": 4}
    tile = 8192  # fp32 elements per [BLOCK_N, BLOCK_D] tile held in registers
    block_d = max(16, min(_next_pow2(dim), tile // block_n))
    block_j = max(1, min(block_n, tile // block_n))
    return {
        "BLOCK_N": block_n,
        "BLOCK_D": block_d,
        "BLOCK_J": block_j,
        "num_warps": 8 if block_n >= 256 else 4,
    }


def prune_tokens_triton(
    x: torch.Tensor,
    counts: torch.Tensor,
    lengths: torch.Tensor,
    query: torch.Tensor | None,
    weights: PruneWeights,
    *,
    interpret: bool,
    config: dict[str, int] | None = None,
) -> PruneResult:
    """Launch the fused kernel. Arguments are already checked (see ``prune_ref.check_inputs``).

    x: ``[F, N, D]``; counts, lengths: ``[F]`` int64 on ``x.device``; query: ``[D]`` or None.
    config: override of :func:`launch_config` (tests use it to force several D/J chunks).
    """
    num_frames, num_tokens, dim = x.shape
    if x.stride(-1) != 1:
        x = x.contiguous()
    offsets = torch.cumsum(counts, 0) - counts
    total = int(counts.sum()) if num_frames else 0
    scores = torch.empty((num_frames, num_tokens), dtype=torch.float32, device=x.device)
    out = torch.empty((total, dim), dtype=x.dtype, device=x.device)
    idx = torch.empty((total,), dtype=torch.int64, device=x.device)
    if num_frames == 0 or num_tokens == 0:
        return PruneResult(tokens=out, indices=idx, counts=counts, scores=scores)

    has_query = query is not None and weights.query > 0
    q = query.contiguous() if has_query else x
    cfg = dict(launch_config(num_tokens, dim, interpret))
    if config:
        cfg.update(config)
    _kernel(interpret)[(num_frames,)](
        x, q, lengths.contiguous(), counts.contiguous(), offsets, scores, out, idx,
        x.stride(0), x.stride(1), num_tokens, dim,
        float(weights.spatial), float(weights.temporal), float(weights.query), EPS,
        BLOCK_N=cfg["BLOCK_N"], BLOCK_D=cfg["BLOCK_D"], BLOCK_J=cfg["BLOCK_J"],
        HAS_SPATIAL=weights.spatial > 0, HAS_TEMPORAL=weights.temporal > 0, HAS_QUERY=has_query,
        num_warps=cfg["num_warps"],
    )  # fmt: skip
    return PruneResult(tokens=out, indices=idx, counts=counts, scores=scores)
