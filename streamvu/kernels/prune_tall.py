"""Token pruning: the Triton kernel of the **tall** plan, for frames of more than 1,024 tokens.

The fused and split plans (:mod:`streamvu.kernels.prune_triton`) hold a whole frame's rows in one
tile. Past 1,024 rows that leaves either a few columns per row (uncoalesced loads) or more values per
thread than there are registers: ptxas spilled 1.5 KB per thread at N = 4,096 and 13 KB at 16,384.
Here one program per frame walks the frame in ``[BLOCK_N, BLOCK_D]`` row blocks of a fixed size:

1. the frame's mean token, column tile by column tile (one extra read of ``x``, only when the spatial
   weight is > 0), into ``MEAN``;
2. each row block's per-token sums over ``D``; the spatial distance, temporal novelty and query
   cosine go to ``AUX`` and the largest distance is kept;
3. the scores, added in the same order as the other plans and the reference;
4. per row block, the ranks against every score in ``[BLOCK_N, BLOCK_J]`` tiles (ties to the lower
   index), the kept positions after the frame's offset and a running count, and the compact copy.

The formulas are those of :mod:`streamvu.kernels.prune_ref`, in float32.
"""

from __future__ import annotations

from streamvu import _deps

if _deps.HAS_TRITON:
    import triton
    import triton.language as tl

    _jit = triton.jit
else:  # a plain function; every launch goes through _deps.require("triton") first

    def _jit(fn):
        return fn


WHOLE_FRAME_MAX_ROWS = 1024
"""Largest frame (tokens, rounded up to a power of two) the fused and split plans hold in one tile; longer
frames use the tall plan. At 1024 rows the fused kernel takes 253 registers and no spills (8 warps); at
4096 and 16,384 rows (32 warps, at most 64 registers a thread) ptxas spilled 1.5 KB and 13 KB a thread."""

TALL_CONFIG = {"BLOCK_N": 64, "BLOCK_D": 64, "BLOCK_J": 64, "num_warps": 8}
"""The tall plan's blocks, the same for every N: 16 values per thread in a ``[64, 64]`` tile, 64 columns
(128 bytes of a 16-bit row: one whole cache line) per row and load, and a rank loop of N / 64 steps per
row block."""


@_jit
def _tall_kernel(
    X, Q, LENGTHS, COUNTS, OFFSETS,
    MEAN,  # [F, D] float32 scratch: each frame's mean token (written when HAS_SPATIAL)
    AUX,  # [F, 3, N] float32 scratch: distance from the mean, temporal novelty, query cosine
    SCORES, OUT, IDX,
    stride_xf, stride_xn, N, D, w_spatial, w_temporal, w_query, eps,
    BLOCK_N: tl.constexpr, BLOCK_D: tl.constexpr, BLOCK_J: tl.constexpr,
    HAS_SPATIAL: tl.constexpr, HAS_TEMPORAL: tl.constexpr, HAS_QUERY: tl.constexpr,
):  # fmt: skip
    """The tall plan: one program per frame, row block after row block (see the module docstring).

    Long on purpose: it is one program whose four steps share the frame's offsets, tile sizes and
    loop-carried state (the largest distance, the running kept count); ``@triton.jit`` helpers would be
    inlined back into the same program with all of that passed through each call. The steps are
    numbered in comments, as in the module docstring."""
    frame = tl.program_id(0).to(tl.int64)
    length = tl.load(LENGTHS + frame)
    prev_length = tl.load(LENGTHS + tl.maximum(frame - 1, 0))
    prev_length = tl.where(frame > 0, prev_length, 0)
    length_f = tl.maximum(length, 1).to(tl.float32)
    x_frame = X + frame * stride_xf
    p_frame = x_frame - stride_xf
    mean_row = MEAN + frame * D
    aux = AUX + frame * (3 * N)
    score_row = SCORES + frame * N
    block = tl.arange(0, BLOCK_N)
    # 1. the frame's mean token, one column tile at a time
    if HAS_SPATIAL:
        for d0 in range(0, D, BLOCK_D):
            cols = d0 + tl.arange(0, BLOCK_D)
            col_ok = cols < D
            col_sum = tl.zeros([BLOCK_D], dtype=tl.float32)
            for r0 in range(0, N, BLOCK_N):
                rows = r0 + block
                tile_ok = (rows < length)[:, None] & col_ok[None, :]
                xt = tl.load(x_frame + rows[:, None] * stride_xn + cols[None, :], mask=tile_ok, other=0.0)
                col_sum += tl.sum(xt.to(tl.float32), axis=0)
            tl.store(mean_row + cols, col_sum / length_f, mask=col_ok)
        tl.debug_barrier()
    q_acc = tl.zeros([BLOCK_D], dtype=tl.float32)
    if HAS_QUERY:
        for d0 in range(0, D, BLOCK_D):
            cols = d0 + tl.arange(0, BLOCK_D)
            qt = tl.load(Q + cols, mask=cols < D, other=0.0).to(tl.float32)
            q_acc += qt * qt
    q_norm = tl.sqrt(tl.sum(q_acc, axis=0))
    # 2. each token's terms; the largest distance from the mean
    dist_max = tl.zeros([BLOCK_N], dtype=tl.float32)
    for r0 in range(0, N, BLOCK_N):
        rows = r0 + block
        row_ok = rows < length
        prev_ok = rows < prev_length
        in_frame = rows < N
        row_offs = rows[:, None] * stride_xn
        x_sq = tl.zeros([BLOCK_N], dtype=tl.float32)
        dist_sq = tl.zeros([BLOCK_N], dtype=tl.float32)
        prev_dot = tl.zeros([BLOCK_N], dtype=tl.float32)
        prev_sq = tl.zeros([BLOCK_N], dtype=tl.float32)
        q_dot = tl.zeros([BLOCK_N], dtype=tl.float32)
        for d0 in range(0, D, BLOCK_D):
            cols = d0 + tl.arange(0, BLOCK_D)
            col_ok = cols < D
            tile_ok = row_ok[:, None] & col_ok[None, :]
            offs = row_offs + cols[None, :]
            xt = tl.load(x_frame + offs, mask=tile_ok, other=0.0).to(tl.float32)
            x_sq += tl.sum(xt * xt, axis=1)
            if HAS_SPATIAL:
                mean = tl.load(mean_row + cols, mask=col_ok, other=0.0)
                diff = tl.where(tile_ok, xt - mean[None, :], 0.0)
                dist_sq += tl.sum(diff * diff, axis=1)
            if HAS_TEMPORAL:
                pt_ok = prev_ok[:, None] & col_ok[None, :]
                pt = tl.load(p_frame + offs, mask=pt_ok, other=0.0).to(tl.float32)
                prev_dot += tl.sum(xt * pt, axis=1)
                prev_sq += tl.sum(pt * pt, axis=1)
            if HAS_QUERY:
                qt = tl.load(Q + cols, mask=col_ok, other=0.0).to(tl.float32)
                q_dot += tl.sum(xt * qt[None, :], axis=1)
        x_norm = tl.sqrt(x_sq)
        if HAS_SPATIAL:
            dist = tl.where(row_ok, tl.sqrt(dist_sq), 0.0)
            dist_max = tl.maximum(dist_max, dist)
            tl.store(aux + rows, dist, mask=in_frame)
        if HAS_TEMPORAL:
            cos_prev = prev_dot / tl.maximum(x_norm * tl.sqrt(prev_sq), eps)
            tl.store(aux + N + rows, tl.where(prev_ok, 1.0 - cos_prev, 1.0), mask=in_frame)
        if HAS_QUERY:
            tl.store(aux + 2 * N + rows, q_dot / tl.maximum(x_norm * q_norm, eps), mask=in_frame)
    spread = tl.maximum(tl.max(dist_max, axis=0), eps)
    tl.debug_barrier()
    # 3. the scores, added in _score's order
    for r0 in range(0, N, BLOCK_N):
        rows = r0 + block
        in_frame = rows < N
        score = tl.zeros([BLOCK_N], dtype=tl.float32)
        if HAS_SPATIAL:
            score += w_spatial * (tl.load(aux + rows, mask=in_frame, other=0.0) / spread)
        if HAS_TEMPORAL:
            score += w_temporal * tl.load(aux + N + rows, mask=in_frame, other=0.0)
        if HAS_QUERY:
            score += w_query * tl.load(aux + 2 * N + rows, mask=in_frame, other=0.0)
        tl.store(score_row + rows, tl.where(rows < length, score, float("-inf")), mask=in_frame)
    tl.debug_barrier()
    # 4. ranks (ties to the lower index), kept positions and the compact copy, block after block
    count = tl.load(COUNTS + frame)
    out_start = tl.load(OFFSETS + frame)
    out_frame = OUT + out_start * D
    taken = tl.full([], 0, dtype=tl.int32)
    for r0 in range(0, N, BLOCK_N):
        rows = r0 + block
        row_ok = rows < length
        score = tl.load(score_row + rows, mask=rows < N, other=float("-inf"))
        rank = tl.zeros([BLOCK_N], dtype=tl.int32)
        for j0 in range(0, N, BLOCK_J):
            js = j0 + tl.arange(0, BLOCK_J)
            sj = tl.load(score_row + js, mask=js < N, other=float("-inf"))
            beats = (sj[None, :] > score[:, None]) | (
                (sj[None, :] == score[:, None]) & (js[None, :] < rows[:, None])
            )
            rank += tl.sum(beats.to(tl.int32), axis=1)
        kept = row_ok & (rank < count)
        slot = taken + tl.cumsum(kept.to(tl.int32), axis=0) - 1
        kept = kept & (slot < count)  # never write past the frame's share (non-finite scores)
        tl.store(IDX + out_start + slot, rows.to(tl.int64), mask=kept)
        row_offs = rows[:, None] * stride_xn
        slot_offs = slot[:, None] * D
        for d0 in range(0, D, BLOCK_D):
            cols = d0 + tl.arange(0, BLOCK_D)
            tile_ok = kept[:, None] & (cols < D)[None, :]
            xt = tl.load(x_frame + row_offs + cols[None, :], mask=tile_ok, other=0.0)
            tl.store(out_frame + slot_offs + cols[None, :], xt, mask=tile_ok)
        taken += tl.sum(kept.to(tl.int32), axis=0)
