"""Token pruning: the Triton kernels and their launcher.

The formulas are those of :mod:`streamvu.kernels.prune_ref`, computed in float32 whatever the
input dtype. Two launch plans give the same selection:

**fused** (one program per frame; many frames): one program does everything for its frame:

1. one sweep over ``D`` in ``[BLOCK_N, BLOCK_D]`` tiles reads the frame's tokens once (and
   the previous frame's tokens when the temporal weight is > 0) and accumulates |x|^2,
   |x - mean|^2 (the mean of a tile's columns needs only that tile), x.prev, |prev|^2, x.q;
2. the scores are written to ``SCORES``, read back in ``BLOCK_J`` chunks to rank every
   token (``rank_i = #{j: s_j > s_i or (s_j == s_i and j < i)}``, i.e. ties to the lower
   index, exactly like the reference's stable sort) and ``rank < count`` selects it;
3. a cumulative sum of the kept mask gives each kept token its slot after the frame's
   offset (prefix sums of the counts, computed on the host), and a second sweep copies the
   kept rows (only those are read) into ``OUT`` with their positions in ``IDX``.

**split** (few frames: one program per frame would leave most of the GPU idle): every frame's
``D`` columns are cut into ``SPLIT`` chunks, one program per (frame, chunk). Each per-token
statistic of step 1 is a sum over columns, and a column's mean needs only that column, so each
program writes its chunk's partial sums (``PART``); a second kernel, one program per frame, adds
the partials, scores, ranks and writes ``IDX`` exactly as above; the kept rows are then gathered
with one indexing op. ``x`` is still read once; the partials add ``5 * 4 * SPLIT`` bytes per token.

**tall** (frames of more than ``WHOLE_FRAME_MAX_ROWS`` tokens): one program per frame walks it in row
blocks of a fixed size (:mod:`streamvu.kernels.prune_tall`).

triton is imported here when it is installed (``streamvu._deps.HAS_TRITON``); that fixes
triton's interpreter mode (``TRITON_INTERPRET``) for the process, and the kernels are built in
the same mode. :func:`check_mode` says clearly when a call asks for the other one.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass

import torch

from streamvu import _deps
from streamvu.kernels.prune_spec import EPS, TRITON_MAX_TOKENS, PruneResult, PruneWeights
from streamvu.kernels.prune_tall import TALL_CONFIG, WHOLE_FRAME_MAX_ROWS, _tall_kernel

if _deps.HAS_TRITON:
    import triton
    import triton.language as tl

    _jit = triton.jit
else:  # the kernels stay plain functions; every launch goes through _deps.require("triton") first

    def _jit(fn):
        return fn


STATS = 5
"""Per-token partial sums a split program writes: |x|^2, |x - mean|^2, x.prev, |prev|^2, x.q."""

TILE_PER_THREAD = 16
"""fp32 elements of one ``[BLOCK_N, BLOCK_D]`` tile per thread on the GPU. A tile lives in registers
several times over (x, the previous frame, x - mean, addresses); at 16 per thread ptxas reports no
spills for the kernels at BLOCK_N 256 (BLOCK_D 16) and 1024 (BLOCK_D 4) with 8 warps on sm_90, where
32 (the first choice) spilled kilobytes per thread."""
MIN_BLOCK_D = 4

PROGRAMS_PER_SM = 4
"""Split plan: aim for this many programs per streaming multiprocessor."""

MAX_PARTIAL_OVERHEAD = 0.1
"""Split plan: partial sums may add at most this fraction of the bytes of ``x``."""


@_jit
def _frame_rows(LENGTHS, frame, BLOCK_N: tl.constexpr):
    """Rows of a frame, which are valid, which exist in the previous frame, and the length as float."""
    length = tl.load(LENGTHS + frame)
    prev_length = tl.load(LENGTHS + tl.maximum(frame - 1, 0))
    prev_length = tl.where(frame > 0, prev_length, 0)
    rows = tl.arange(0, BLOCK_N)
    return rows, rows < length, rows < prev_length, tl.maximum(length, 1).to(tl.float32)


@_jit
def _column_sums(
    x_frame, row_offs, stride_xf, Q, row_ok, prev_ok, length_f, d_lo, d_hi,
    BLOCK_N: tl.constexpr, BLOCK_D: tl.constexpr,
    HAS_SPATIAL: tl.constexpr, HAS_TEMPORAL: tl.constexpr, HAS_QUERY: tl.constexpr,
):  # fmt: skip
    """Per-token sums over columns ``[d_lo, d_hi)``: |x|^2, |x - mean|^2, x.prev, |prev|^2, x.q; and |q|^2.

    ``x_frame`` points at the frame's first token, ``row_offs`` (``[BLOCK_N, 1]``, 32-bit) at its rows;
    the previous frame is ``stride_xf`` before (only read where ``prev_ok``).
    """
    p_frame = x_frame - stride_xf
    x_sq = tl.zeros([BLOCK_N], dtype=tl.float32)
    dist_sq = tl.zeros([BLOCK_N], dtype=tl.float32)
    prev_dot = tl.zeros([BLOCK_N], dtype=tl.float32)
    prev_sq = tl.zeros([BLOCK_N], dtype=tl.float32)
    q_dot = tl.zeros([BLOCK_N], dtype=tl.float32)
    q_sq = tl.zeros([BLOCK_D], dtype=tl.float32)
    for d0 in range(d_lo, d_hi, BLOCK_D):
        cols = d0 + tl.arange(0, BLOCK_D)
        col_ok = cols < d_hi
        tile_ok = row_ok[:, None] & col_ok[None, :]
        offs = row_offs + cols[None, :]
        xt = tl.load(x_frame + offs, mask=tile_ok, other=0.0).to(tl.float32)
        x_sq += tl.sum(xt * xt, axis=1)
        if HAS_SPATIAL:
            mean = tl.sum(xt, axis=0) / length_f
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
            q_sq += qt * qt
    return x_sq, dist_sq, prev_dot, prev_sq, q_dot, tl.sum(q_sq, axis=0)


@_jit
def _score(
    x_sq, dist_sq, prev_dot, prev_sq, q_dot, q_sq, row_ok, prev_ok, w_spatial, w_temporal, w_query, eps,
    BLOCK_N: tl.constexpr, HAS_SPATIAL: tl.constexpr, HAS_TEMPORAL: tl.constexpr, HAS_QUERY: tl.constexpr,
):  # fmt: skip
    """The frame's scores from its per-token sums (-inf where a row is not valid)."""
    score = tl.zeros([BLOCK_N], dtype=tl.float32)
    x_norm = tl.sqrt(x_sq)
    if HAS_SPATIAL:
        dist = tl.where(row_ok, tl.sqrt(dist_sq), 0.0)
        score += w_spatial * (dist / tl.maximum(tl.max(dist, axis=0), eps))
    if HAS_TEMPORAL:
        cos_prev = prev_dot / tl.maximum(x_norm * tl.sqrt(prev_sq), eps)
        score += w_temporal * tl.where(prev_ok, 1.0 - cos_prev, 1.0)
    if HAS_QUERY:
        score += w_query * (q_dot / tl.maximum(x_norm * tl.sqrt(q_sq), eps))
    return tl.where(row_ok, score, float("-inf"))


@_jit
def _select(score, score_row, rows, row_ok, count, idx_out, N, BLOCK_N: tl.constexpr, BLOCK_J: tl.constexpr):
    """Top-``count`` by rank (ties to the lower index); writes the kept positions at ``idx_out`` (the
    frame's first output row); returns (kept mask, each kept row's slot among the frame's outputs).

    ``score`` must already be stored at ``score_row`` (the ranks read it back in chunks).
    """
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
    tl.store(idx_out + slot, rows.to(tl.int64), mask=kept)
    return kept, slot


@_jit
def _prune_kernel(
    X,  # [F, N, D] tokens, last dim contiguous
    Q,  # [D] query (any tensor when HAS_QUERY is False)
    LENGTHS,  # [F] int64 valid tokens per frame
    COUNTS,  # [F] int64 tokens to keep per frame (<= LENGTHS)
    OFFSETS,  # [F] int64 first output row of each frame (exclusive prefix sum of COUNTS)
    SCORES,  # [F, N] float32 out
    OUT,  # [sum(COUNTS), D] out, dtype of X
    IDX,  # [sum(COUNTS)] int64 out
    stride_xf, stride_xn, N, D, w_spatial, w_temporal, w_query, eps,
    BLOCK_N: tl.constexpr, BLOCK_D: tl.constexpr, BLOCK_J: tl.constexpr,
    HAS_SPATIAL: tl.constexpr, HAS_TEMPORAL: tl.constexpr, HAS_QUERY: tl.constexpr,
):  # fmt: skip
    """The fused plan: one program per frame (see the module docstring)."""
    frame = tl.program_id(0).to(tl.int64)
    rows, row_ok, prev_ok, length_f = _frame_rows(LENGTHS, frame, BLOCK_N)
    # 64-bit scalar base, 32-bit offsets within the frame (the launcher guarantees they fit): 64-bit
    # [BLOCK_N, BLOCK_D] address tensors would double the registers a tile takes and spill
    x_frame = X + frame * stride_xf
    row_offs = rows[:, None] * stride_xn
    x_sq, dist_sq, prev_dot, prev_sq, q_dot, q_sq = _column_sums(
        x_frame, row_offs, stride_xf, Q, row_ok, prev_ok, length_f, 0, D,
        BLOCK_N, BLOCK_D, HAS_SPATIAL, HAS_TEMPORAL, HAS_QUERY,
    )  # fmt: skip
    score = _score(x_sq, dist_sq, prev_dot, prev_sq, q_dot, q_sq, row_ok, prev_ok, w_spatial, w_temporal,
                   w_query, eps, BLOCK_N, HAS_SPATIAL, HAS_TEMPORAL, HAS_QUERY)  # fmt: skip
    score_row = SCORES + frame * N
    tl.store(score_row + rows, score, mask=rows < N)
    tl.debug_barrier()  # the whole program reads the scores back below
    count = tl.load(COUNTS + frame)
    out_start = tl.load(OFFSETS + frame)
    kept, slot = _select(score, score_row, rows, row_ok, count, IDX + out_start, N, BLOCK_N, BLOCK_J)
    # compact copy of the kept rows (only those are read again)
    out_frame = OUT + out_start * D
    slot_offs = slot[:, None] * D
    for d0 in range(0, D, BLOCK_D):
        cols = d0 + tl.arange(0, BLOCK_D)
        tile_ok = kept[:, None] & (cols < D)[None, :]
        xt = tl.load(x_frame + row_offs + cols[None, :], mask=tile_ok, other=0.0)
        tl.store(out_frame + slot_offs + cols[None, :], xt, mask=tile_ok)


@_jit
def _partials_kernel(
    X, Q, LENGTHS,
    PART,  # [F, SPLIT, STATS, N] float32 out: per-token sums over the program's columns
    QSQ,  # [F, SPLIT] float32 out: |q|^2 over the program's columns
    stride_xf, stride_xn, N, D, CHUNK_D,
    BLOCK_N: tl.constexpr, BLOCK_D: tl.constexpr,
    HAS_SPATIAL: tl.constexpr, HAS_TEMPORAL: tl.constexpr, HAS_QUERY: tl.constexpr,
):  # fmt: skip
    """The split plan, part 1: program (frame, chunk) sums columns ``[chunk * CHUNK_D, ...)``."""
    frame = tl.program_id(0).to(tl.int64)
    chunk = tl.program_id(1)
    splits = tl.num_programs(1)
    rows, row_ok, prev_ok, length_f = _frame_rows(LENGTHS, frame, BLOCK_N)
    d_lo = chunk * CHUNK_D
    d_hi = tl.minimum(d_lo + CHUNK_D, D)
    x_sq, dist_sq, prev_dot, prev_sq, q_dot, q_sq = _column_sums(
        X + frame * stride_xf, rows[:, None] * stride_xn, stride_xf, Q, row_ok, prev_ok, length_f, d_lo, d_hi,
        BLOCK_N, BLOCK_D, HAS_SPATIAL, HAS_TEMPORAL, HAS_QUERY,
    )  # fmt: skip
    base = PART + (frame * splits + chunk) * (5 * N)
    in_frame = rows < N
    tl.store(base + rows, x_sq, mask=in_frame)
    tl.store(base + N + rows, dist_sq, mask=in_frame)
    tl.store(base + 2 * N + rows, prev_dot, mask=in_frame)
    tl.store(base + 3 * N + rows, prev_sq, mask=in_frame)
    tl.store(base + 4 * N + rows, q_dot, mask=in_frame)
    tl.store(QSQ + frame * splits + chunk, q_sq)


@_jit
def _merge_select_kernel(
    PART, QSQ, LENGTHS, COUNTS, OFFSETS, SCORES, IDX,
    N, SPLIT, w_spatial, w_temporal, w_query, eps,
    BLOCK_N: tl.constexpr, BLOCK_J: tl.constexpr,
    HAS_SPATIAL: tl.constexpr, HAS_TEMPORAL: tl.constexpr, HAS_QUERY: tl.constexpr,
):  # fmt: skip
    """The split plan, part 2: one program per frame adds the partials, scores, ranks, writes ``IDX``."""
    frame = tl.program_id(0).to(tl.int64)
    rows, row_ok, prev_ok, length_f = _frame_rows(LENGTHS, frame, BLOCK_N)
    in_frame = rows < N
    base = PART + frame * SPLIT * (5 * N)
    x_sq = tl.load(base + rows, mask=in_frame, other=0.0)
    dist_sq = tl.load(base + N + rows, mask=in_frame, other=0.0)
    prev_dot = tl.load(base + 2 * N + rows, mask=in_frame, other=0.0)
    prev_sq = tl.load(base + 3 * N + rows, mask=in_frame, other=0.0)
    q_dot = tl.load(base + 4 * N + rows, mask=in_frame, other=0.0)
    q_sq = tl.load(QSQ + frame * SPLIT)
    for chunk in range(1, SPLIT):
        part = base + chunk * (5 * N)
        x_sq += tl.load(part + rows, mask=in_frame, other=0.0)
        dist_sq += tl.load(part + N + rows, mask=in_frame, other=0.0)
        prev_dot += tl.load(part + 2 * N + rows, mask=in_frame, other=0.0)
        prev_sq += tl.load(part + 3 * N + rows, mask=in_frame, other=0.0)
        q_dot += tl.load(part + 4 * N + rows, mask=in_frame, other=0.0)
        q_sq += tl.load(QSQ + frame * SPLIT + chunk)
    score = _score(x_sq, dist_sq, prev_dot, prev_sq, q_dot, q_sq, row_ok, prev_ok, w_spatial, w_temporal,
                   w_query, eps, BLOCK_N, HAS_SPATIAL, HAS_TEMPORAL, HAS_QUERY)  # fmt: skip
    score_row = SCORES + frame * N
    tl.store(score_row + rows, score, mask=in_frame)
    tl.debug_barrier()
    count = tl.load(COUNTS + frame)
    _select(score, score_row, rows, row_ok, count, IDX + tl.load(OFFSETS + frame), N, BLOCK_N, BLOCK_J)


def check_mode(interpret: bool) -> None:
    """Raise a RuntimeError that says what to do when ``interpret`` is not the mode triton is in.

    triton.language's helpers (``tl.zeros``, ``tl.sum``...) and these kernels are decorated when
    triton is first imported, in the mode ``TRITON_INTERPRET`` gave then; the mode cannot change
    later in the same process.
    """
    _deps.require("triton", purpose='prune_tokens(impl="triton")')
    library = type(tl.zeros).__name__ == "InterpretedFunction"
    kernels = type(_prune_kernel).__name__ == "InterpretedFunction"
    if interpret != library or interpret != kernels:
        raise RuntimeError(
            "TRITON_INTERPRET changed after triton was imported (triton.language is in "
            f"{'interpreter' if library else 'compiled'} mode, this call asks for "
            f"{'interpreter' if interpret else 'compiled'} mode): set TRITON_INTERPRET before the first "
            "`import triton` in the process, e.g. in the shell, or run the kernel in a fresh process"
        )


def _next_pow2(n: int) -> int:
    return 1 << max(0, (n - 1).bit_length())


def plan_splits(num_frames: int, dim: int, block_d: int, element_bytes: int, sm_count: int) -> int:
    """Chunks per frame for the split plan (1 = fused): enough programs to fill ``sm_count`` SMs,
    at most one per ``BLOCK_D`` tile, and partial sums under :data:`MAX_PARTIAL_OVERHEAD` of ``x``."""
    if num_frames <= 0 or sm_count <= 0:
        return 1
    wanted = math.ceil(PROGRAMS_PER_SM * sm_count / num_frames)
    tiles = math.ceil(dim / block_d)
    affordable = int(MAX_PARTIAL_OVERHEAD * dim * element_bytes / (STATS * 4))
    return max(1, min(wanted, tiles, affordable))


def launch_config(
    num_tokens: int,
    dim: int,
    interpret: bool,
    *,
    num_frames: int = 0,
    element_bytes: int = 2,
    sm_count: int = 0,
) -> dict[str, int]:
    """Block sizes, warps, ``SPLIT`` (chunks per frame; 1 = the fused plan) and ``TALL`` (1 = the tall
    plan, where ``BLOCK_N`` is the rows of a block rather than of the whole frame).

    Interpreter: cost is per op, so whole-frame tiles, fused (tall past 1,024 rows). GPU: frames of more
    than ``WHOLE_FRAME_MAX_ROWS`` tokens take the tall plan (``TALL_CONFIG``); shorter ones the fused plan,
    or the split plan when one program per frame would leave SMs idle (see :func:`plan_splits`).
    """
    block_n = max(16, _next_pow2(num_tokens))
    if num_tokens > TRITON_MAX_TOKENS:
        raise ValueError(
            f"the Triton kernel handles at most {TRITON_MAX_TOKENS} tokens per frame, got N={num_tokens}"
        )
    if interpret:
        rows = min(block_n, WHOLE_FRAME_MAX_ROWS)
        return {"BLOCK_N": rows, "BLOCK_D": max(16, _next_pow2(dim)), "BLOCK_J": rows, "num_warps": 4,
                "SPLIT": 1, "TALL": int(block_n > WHOLE_FRAME_MAX_ROWS)}  # fmt: skip
    if block_n > WHOLE_FRAME_MAX_ROWS:
        return {**TALL_CONFIG, "SPLIT": 1, "TALL": 1}
    num_warps = 4 if block_n < 256 else 8
    tile = TILE_PER_THREAD * 32 * num_warps
    block_d = max(MIN_BLOCK_D, min(_next_pow2(dim), tile // block_n))
    block_j = max(1, min(block_n, tile // block_n))
    return {
        "BLOCK_N": block_n,
        "BLOCK_D": block_d,
        "BLOCK_J": block_j,
        "num_warps": num_warps,
        "SPLIT": plan_splits(num_frames, dim, block_d, element_bytes, sm_count),
        "TALL": 0,
    }


_SM_COUNT: dict[int, int] = {}


def sm_count(device: torch.device) -> int:
    """Streaming multiprocessors of a CUDA device (0 for other devices)."""
    if device.type != "cuda":
        return 0
    index = device.index if device.index is not None else torch.cuda.current_device()
    if index not in _SM_COUNT:
        _SM_COUNT[index] = int(torch.cuda.get_device_properties(index).multi_processor_count)
    return _SM_COUNT[index]


@dataclass
class Launch:
    """Everything the kernels need, prepared on the host by :func:`prepare` (the one host sync: the
    total kept count sizes the outputs); :func:`launch` only enqueues the kernels. Benchmarks time
    ``launch`` alone to see the kernels' bandwidth without the host preparation."""

    x: torch.Tensor
    q: torch.Tensor
    lengths: torch.Tensor
    counts: torch.Tensor
    offsets: torch.Tensor
    scores: torch.Tensor
    out: torch.Tensor
    idx: torch.Tensor
    cfg: dict
    flags: dict
    weights: tuple[float, float, float, float]
    split: int
    chunk_d: int = 0
    part: torch.Tensor | None = None
    qsq: torch.Tensor | None = None
    frame_of: torch.Tensor | None = None
    tall: bool = False
    mean: torch.Tensor | None = None
    aux: torch.Tensor | None = None

    def result(self) -> PruneResult:
        return PruneResult(tokens=self.out, indices=self.idx, counts=self.counts, scores=self.scores)


def prepare(
    x: torch.Tensor,
    counts: torch.Tensor,
    lengths: torch.Tensor,
    query: torch.Tensor | None,
    weights: PruneWeights,
    *,
    interpret: bool,
    config: dict[str, int] | None = None,
) -> Launch | PruneResult:
    """Offsets, outputs and launch config for :func:`launch`; the (empty) result when there is no work."""
    check_mode(interpret)
    num_frames, num_tokens, dim = x.shape
    if x.stride(-1) != 1 or num_tokens * x.stride(1) >= 2**31:  # the kernels use 32-bit offsets in a frame
        x = x.contiguous()
    offsets = torch.cumsum(counts, 0) - counts
    total = int(counts.sum()) if num_frames else 0
    scores = torch.empty((num_frames, num_tokens), dtype=torch.float32, device=x.device)
    out = torch.empty((total, dim), dtype=x.dtype, device=x.device)
    idx = torch.empty((total,), dtype=torch.int64, device=x.device)
    if num_frames == 0 or num_tokens == 0:
        return PruneResult(tokens=out, indices=idx, counts=counts, scores=scores)
    has_query = query is not None and weights.query > 0
    cfg = dict(launch_config(num_tokens, dim, interpret, num_frames=num_frames,
                             element_bytes=x.element_size(), sm_count=sm_count(x.device)))  # fmt: skip
    if config:
        cfg.update(config)
    plan = Launch(
        x=x, q=query.contiguous() if has_query else x, lengths=lengths.contiguous(), counts=counts.contiguous(),
        offsets=offsets, scores=scores, out=out, idx=idx, cfg=cfg,
        flags=dict(HAS_SPATIAL=weights.spatial > 0, HAS_TEMPORAL=weights.temporal > 0, HAS_QUERY=has_query),
        weights=(float(weights.spatial), float(weights.temporal), float(weights.query), EPS),
        split=min(int(cfg["SPLIT"]), math.ceil(dim / cfg["BLOCK_D"])), tall=bool(cfg.get("TALL", 0)),
    )  # fmt: skip
    if plan.tall:
        plan.split = 1
        plan.mean = torch.empty((num_frames, dim), dtype=torch.float32, device=x.device)
        plan.aux = torch.empty((num_frames, 3, num_tokens), dtype=torch.float32, device=x.device)
    elif plan.split > 1:
        plan.chunk_d = math.ceil(math.ceil(dim / cfg["BLOCK_D"]) / plan.split) * cfg["BLOCK_D"]  # whole tiles
        plan.split = math.ceil(dim / plan.chunk_d)
        plan.part = torch.empty(
            (num_frames, plan.split, STATS, num_tokens), dtype=torch.float32, device=x.device
        )
        plan.qsq = torch.empty((num_frames, plan.split), dtype=torch.float32, device=x.device)
        plan.frame_of = torch.repeat_interleave(torch.arange(num_frames, device=x.device), counts,
                                                output_size=total)  # fmt: skip
    return plan


def launch(p: Launch) -> PruneResult:
    """Enqueue the kernels of a prepared launch (fused, tall: one; split: partials, merge, then the gather).

    Triton launches on the *current* CUDA device, whatever device the tensors are on, so the launch is
    made with ``x``'s device current (as flash-attention's Triton ops do): ``cuda:1`` tensors run on
    ``cuda:1`` even when ``cuda:0`` is current.
    """
    guard = torch.cuda.device(p.x.device) if p.x.is_cuda else contextlib.nullcontext()
    with guard:
        return _enqueue(p)


def _enqueue(p: Launch) -> PruneResult:
    x, cfg = p.x, p.cfg
    num_frames, num_tokens, dim = x.shape
    if p.tall:
        _tall_kernel[(num_frames,)](
            x, p.q, p.lengths, p.counts, p.offsets, p.mean, p.aux, p.scores, p.out, p.idx, x.stride(0),
            x.stride(1), num_tokens, dim, *p.weights,
            BLOCK_N=cfg["BLOCK_N"], BLOCK_D=cfg["BLOCK_D"], BLOCK_J=cfg["BLOCK_J"], num_warps=cfg["num_warps"],
            **p.flags,
        )  # fmt: skip
        return p.result()
    if p.split <= 1:
        _prune_kernel[(num_frames,)](
            x, p.q, p.lengths, p.counts, p.offsets, p.scores, p.out, p.idx, x.stride(0), x.stride(1),
            num_tokens, dim, *p.weights,
            BLOCK_N=cfg["BLOCK_N"], BLOCK_D=cfg["BLOCK_D"], BLOCK_J=cfg["BLOCK_J"], num_warps=cfg["num_warps"],
            **p.flags,
        )  # fmt: skip
        return p.result()
    _partials_kernel[(num_frames, p.split)](
        x, p.q, p.lengths, p.part, p.qsq, x.stride(0), x.stride(1), num_tokens, dim, p.chunk_d,
        BLOCK_N=cfg["BLOCK_N"], BLOCK_D=cfg["BLOCK_D"], num_warps=cfg["num_warps"], **p.flags,
    )  # fmt: skip
    _merge_select_kernel[(num_frames,)](
        p.part, p.qsq, p.lengths, p.counts, p.offsets, p.scores, p.idx, num_tokens, p.split, *p.weights,
        BLOCK_N=cfg["BLOCK_N"], BLOCK_J=cfg["BLOCK_J"], num_warps=cfg["num_warps"], **p.flags,
    )  # fmt: skip
    p.out = x[p.frame_of, p.idx]
    return p.result()


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
    """Run the kernels. Arguments are already checked (see ``prune_spec.check_inputs``).

    x: ``[F, N, D]``; counts, lengths: ``[F]`` int64 on ``x.device``; query: ``[D]`` or None.
    config: override of :func:`launch_config` (tests use it to force several D/J chunks or a split).
    """
    plan = prepare(x, counts, lengths, query, weights, interpret=interpret, config=config)
    return plan if isinstance(plan, PruneResult) else launch(plan)
