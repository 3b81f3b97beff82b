"""Token pruning: the contract (weights, result, argument checks) and the pure-PyTorch reference.

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

import math
from dataclasses import dataclass

import torch

EPS = 1e-6
"""Floor of the cosine denominators and of the per-frame spatial normaliser."""

RATIO_TOLERANCE = 1e-9
"""``keep_ratio`` rounding: ``ceil(ratio * length - RATIO_TOLERANCE)``, so 0.3 * 10 keeps 3, not 4."""

SUPPORTED_DTYPES = (torch.float32, torch.float16, torch.bfloat16)


@dataclass(frozen=True)
class PruneWeights:
    """Weights of the three score terms (each finite and >= 0, not all zero).

    spatial: ``a``, spatial saliency: distance of a token from its frame's mean token,
        divided by the frame's largest such distance (so in [0, 1]).
    temporal: ``b``, temporal novelty: ``1 - cos(token, same position in the previous
        frame)``; 1 for the first frame and for positions the previous frame lacks.
    query: ``c``, query relevance: ``cos(token, query)``; ignored when no query is given.
    """

    spatial: float = 1.0
    temporal: float = 1.0
    query: float = 1.0

    def __post_init__(self) -> None:
        for name in ("spatial", "temporal", "query"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"PruneWeights.{name} must be a number, got {value!r}")
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"PruneWeights.{name} must be finite and >= 0, got {value!r}")
            object.__setattr__(self, name, float(value))
        if self.spatial == 0 and self.temporal == 0 and self.query == 0:
            raise ValueError("PruneWeights: at least one of spatial, temporal, query must be > 0")


@dataclass
class PruneResult:
    """Tokens kept by :func:`~streamvu.kernels.prune_tokens`.

    tokens: ``[sum(counts), D]`` kept tokens, same dtype as the input, frame after frame,
        in their original order within each frame.
    indices: ``[sum(counts)]`` int64 position of each kept token within its frame
        (ascending within a frame).
    counts: ``[F]`` int64 number of tokens kept per frame.
    scores: ``[F, N]`` float32 score of every token (positions >= the frame's length are -inf).
    """

    tokens: torch.Tensor
    indices: torch.Tensor
    counts: torch.Tensor
    scores: torch.Tensor

    def _sizes(self) -> list[int]:
        return [int(c) for c in self.counts.tolist()]

    def split(self) -> list[torch.Tensor]:
        """Kept tokens of each frame: a list of ``F`` tensors ``[counts[f], D]``."""
        return list(torch.split(self.tokens, self._sizes()))

    def split_indices(self) -> list[torch.Tensor]:
        """Kept positions of each frame: a list of ``F`` int64 tensors ``[counts[f]]``."""
        return list(torch.split(self.indices, self._sizes()))


# ----------------------------------------------------------------------------------------------
# argument checks shared by every implementation


def check_inputs(
    x: torch.Tensor,
    lengths: torch.Tensor | None,
    query: torch.Tensor | None,
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """Validate ``x``/``lengths``/``query``; return ``lengths`` as int64 on ``x.device`` (N if None)."""
    if not isinstance(x, torch.Tensor):
        raise ValueError(f"x must be a torch.Tensor of shape [F, N, D], got {type(x).__name__}")
    if x.dim() != 3:
        raise ValueError(f"x must have shape [F, N, D] (3 dims), got {tuple(x.shape)}")
    if x.dtype not in SUPPORTED_DTYPES:
        raise ValueError(f"x must be float32, float16 or bfloat16, got {x.dtype}")
    num_frames, num_tokens, dim = x.shape
    if dim == 0:
        raise ValueError("x has D == 0: tokens need at least one feature")
    if lengths is None:
        lengths = torch.full((num_frames,), num_tokens, dtype=torch.int64, device=x.device)
    else:
        if not isinstance(lengths, torch.Tensor):
            lengths = torch.as_tensor(lengths)
        if lengths.shape != (num_frames,):
            raise ValueError(f"lengths must have shape [F] = [{num_frames}], got {tuple(lengths.shape)}")
        if lengths.dtype.is_floating_point or lengths.dtype.is_complex or lengths.dtype == torch.bool:
            raise ValueError(f"lengths must be an integer tensor, got {lengths.dtype}")
        lengths = lengths.to(device=x.device, dtype=torch.int64)
        if num_frames and (int(lengths.min()) < 0 or int(lengths.max()) > num_tokens):
            raise ValueError(f"lengths must lie in [0, N={num_tokens}], got {lengths.tolist()}")
    if query is not None:
        if not isinstance(query, torch.Tensor):
            raise ValueError(f"query must be a torch.Tensor of shape [D], got {type(query).__name__}")
        if query.shape != (dim,):
            raise ValueError(f"query must have shape [D] = [{dim}], got {tuple(query.shape)}")
        if not query.dtype.is_floating_point:
            raise ValueError(f"query must be a floating-point tensor, got {query.dtype}")
        query = query.to(device=x.device)
    return lengths, query


def resolve_counts(lengths: torch.Tensor, keep: int | None, keep_ratio: float | None) -> torch.Tensor:
    """Tokens to keep per frame (int64, on ``lengths.device``).

    ``keep``: ``min(keep, length)``.  ``keep_ratio`` in [0, 1]:
    ``ceil(keep_ratio * length - RATIO_TOLERANCE)`` computed in float64, so any ratio > 0
    keeps at least one token of a non-empty frame and 0.3 * 10 keeps exactly 3.
    """
    if (keep is None) == (keep_ratio is None):
        raise ValueError("give exactly one of keep (tokens per frame) and keep_ratio (fraction in [0, 1])")
    if keep is not None:
        if isinstance(keep, bool) or not isinstance(keep, int):
            raise ValueError(f"keep must be an int >= 0, got {keep!r}")
        if keep < 0:
            raise ValueError(f"keep must be >= 0, got {keep}")
        return lengths.clamp(max=keep)
    if isinstance(keep_ratio, bool) or not isinstance(keep_ratio, (int, float)):
        raise ValueError(f"keep_ratio must be a number in [0, 1], got {keep_ratio!r}")
    if not (0.0 <= keep_ratio <= 1.0):
        raise ValueError(f"keep_ratio must lie in [0, 1], got {keep_ratio}")
    wanted = torch.ceil(lengths.to(torch.float64) * float(keep_ratio) - RATIO_TOLERANCE)
    return torch.minimum(wanted.clamp(min=0).to(torch.int64), lengths)


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
