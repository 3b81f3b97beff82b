"""Token pruning: the pure-PyTorch reference (the contract lives in :mod:`streamvu.kernels.prune_spec`).

The reference is the CPU runtime path and the ground truth the Triton kernel
(:mod:`streamvu.kernels.prune_triton`) is tested against, so every formula here is
written exactly the way the kernel computes it.

Score of token ``i`` of frame ``f`` (only the first ``lengths[f]`` tokens of a frame
are valid; the rest are ignored and may hold anything)::

    score = a * spatial + b * temporal + c * query

    spatial  = |x_i - mean_f| / max(max_j |x_j - mean_f|, EPS)       in [0, 1]
               (mean over the frame's valid tokens; normalised per frame)
    temporal = 1 - cos(x_i, x_i of frame f-1)                        in [0, 2]
               = 1 (fully novel) for the first frame and where frame f-1 has
               fewer than i + 1 valid tokens
    query    = cos(x_i, query)                                       in [-1, 1]
               (treated as 0 when no query is given)
    cos(u, v) = u.v / max(|u| |v|, EPS)     (so a zero vector has cosine 0)

Selection keeps the ``counts[f]`` highest scores of each frame; ties go to the lower
index (a stable sort on ``(-score, index)``).  Non-finite inputs give an unspecified
selection.
"""

from __future__ import annotations

import torch

from streamvu.kernels.prune_spec import (
    EPS,
    RATIO_TOLERANCE,
    SUPPORTED_DTYPES,
    PruneResult,
    PruneWeights,
    check_inputs,
    resolve_counts,
)

__all__ = [
    "EPS",
    "RATIO_TOLERANCE",
    "SUPPORTED_DTYPES",
    "PruneResult",
    "PruneWeights",
    "check_inputs",
    "prune_tokens_ref",
    "resolve_counts",
    "score_tokens_ref",
    "select_topk_ref",
]

# ----------------------------------------------------------------------------------------------
# reference


def _valid_mask(lengths: torch.Tensor, num_tokens: int) -> torch.Tensor:
    return torch.arange(num_tokens, device=lengths.device) < lengths[:, None]


CHUNK_BYTES = 8 << 20
"""On CPU the reference works through ``x`` in blocks of frames of about this many (upcast) bytes:
small temporaries stay in cache and are reused, which is ~10x faster on CPU than whole-tensor
temporaries (F=64, N=196, D=1024 fp32: ~4 ms instead of ~50 ms for the distances)."""


@torch.no_grad()
def score_tokens_ref(
    x: torch.Tensor,
    *,
    lengths: torch.Tensor | None = None,
    query: torch.Tensor | None = None,
    weights: PruneWeights | None = None,
    upcast: bool = True,
) -> torch.Tensor:
    """Scores ``[F, N]`` float32 of the tokens ``x [F, N, D]`` (see the module docstring).

    upcast: compute in float32 (the runtime path and the ground truth); ``False`` computes in
        ``x.dtype``, which measures how much error plain torch makes in that dtype.
    """
    lengths, query = check_inputs(x, lengths, query)
    weights = PruneWeights() if weights is None else weights
    num_frames, num_tokens, dim = x.shape
    dtype = torch.float32 if upcast else x.dtype
    if num_tokens == 0:
        return torch.empty((num_frames, 0), dtype=torch.float32, device=x.device)
    valid = _valid_mask(lengths, num_tokens)
    ragged = not bool(valid.all())
    use_spatial = weights.spatial > 0
    use_temporal = weights.temporal > 0 and num_frames > 1
    use_query = query is not None and weights.query > 0
    q = query.to(dtype) if use_query else None

    # per-token statistics, gathered block of frames by block of frames
    def stat() -> torch.Tensor:
        return torch.zeros((num_frames, num_tokens), dtype=dtype, device=x.device)

    norms, dist, prev_dot, q_dot = stat(), stat(), stat(), stat()
    # blocks help the CPU's caches; on a GPU one block avoids many small launches
    step = num_frames if x.is_cuda else max(1, CHUNK_BYTES // (num_tokens * dim * 4))
    for f0 in range(0, num_frames, step):
        f1 = min(num_frames, f0 + step)
        lo = max(f0 - 1, 0)  # one frame of overlap for the temporal term
        block = x[lo:f1].to(dtype)
        if ragged:  # padding may hold anything: ignore it
            block = block.masked_fill(~valid[lo:f1, :, None], 0)
        cur = block[f0 - lo :]
        norms[f0:f1] = torch.linalg.vector_norm(cur, dim=-1)
        if use_spatial:
            mean = cur.sum(dim=1, keepdim=True) / lengths[f0:f1].clamp(min=1).to(dtype)[:, None, None]
            dist[f0:f1] = torch.linalg.vector_norm(cur - mean, dim=-1)
        if use_temporal and f1 - lo > 1:
            prev_dot[lo + 1 : f1] = (block[1:] * block[:-1]).sum(dim=-1)
        if use_query:
            q_dot[f0:f1] = cur @ q

    score = stat()
    if use_spatial:
        dist = dist.masked_fill(~valid, 0)
        score += weights.spatial * (dist / dist.amax(dim=1, keepdim=True).clamp(min=EPS))
    if weights.temporal > 0:
        novelty = torch.ones_like(score)
        if use_temporal:
            cos = prev_dot[1:] / (norms[1:] * norms[:-1]).clamp(min=EPS)
            novelty[1:] = torch.where(valid[:-1], 1 - cos, novelty[1:])  # token i exists in frame f-1
        score += weights.temporal * novelty
    if use_query:
        score += weights.query * (q_dot / (norms * torch.linalg.vector_norm(q)).clamp(min=EPS))
    return score.float().masked_fill(~valid, float("-inf"))


def select_topk_ref(scores: torch.Tensor, counts: torch.Tensor) -> torch.Tensor:
    """Boolean ``[F, N]`` mask of the ``counts[f]`` best scores per frame, ties to the lower index."""
    num_tokens = scores.shape[1]
    order = torch.sort(scores, dim=1, descending=True, stable=True).indices
    rank_ok = torch.arange(num_tokens, device=scores.device) < counts.to(scores.device)[:, None]
    return torch.zeros_like(scores, dtype=torch.bool).scatter_(1, order, rank_ok)


def prune_tokens_ref(
    x: torch.Tensor,
    *,
    keep: int | None = None,
    keep_ratio: float | None = None,
    lengths: torch.Tensor | None = None,
    query: torch.Tensor | None = None,
    weights: PruneWeights | None = None,
    upcast: bool = True,
) -> PruneResult:
    """Pure-PyTorch :func:`~streamvu.kernels.prune_tokens` (any device, vectorised)."""
    lengths, query = check_inputs(x, lengths, query)
    counts = resolve_counts(lengths, keep, keep_ratio)
    scores = score_tokens_ref(x, lengths=lengths, query=query, weights=weights, upcast=upcast)
    kept = select_topk_ref(scores, counts)
    indices = kept.nonzero()[:, 1]  # row-major: frame after frame, ascending within a frame
    return PruneResult(tokens=x[kept], indices=indices, counts=counts, scores=scores)
