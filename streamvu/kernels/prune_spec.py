"""Token pruning: the contract every implementation shares (weights, result, argument checks).

:mod:`streamvu.kernels.prune_ref` (the PyTorch reference), :mod:`streamvu.kernels.prune_triton`
(the fused kernel) and :mod:`streamvu.kernels.prune` (the dispatch) all import from here and never
from each other's internals, so the three modules form no import circle.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Literal, get_args

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

    def sizes(self) -> list[int]:
        """``counts`` as Python ints, read from the device once per result (one copy, one sync)."""
        cached = self.__dict__.get("_sizes")
        if cached is None or len(cached) != self.counts.shape[0]:
            cached = [int(c) for c in self.counts.tolist()]
            self.__dict__["_sizes"] = cached
        return cached

    def split(self) -> list[torch.Tensor]:
        """Kept tokens of each frame: a list of ``F`` tensors ``[counts[f], D]``."""
        return list(torch.split(self.tokens, self.sizes()))

    def split_indices(self) -> list[torch.Tensor]:
        """Kept positions of each frame: a list of ``F`` int64 tensors ``[counts[f]]``."""
        return list(torch.split(self.indices, self.sizes()))


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
        lengths = lengths.to(dtype=torch.int64)
        if num_frames:  # checked where the lengths are (host lengths: no device sync), then moved
            low, high = (int(v) for v in torch.aminmax(lengths))
            if low < 0 or high > num_tokens:
                raise ValueError(f"lengths must lie in [0, N={num_tokens}], got {lengths.tolist()}")
        lengths = lengths.to(device=x.device)
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


PruneImpl = Literal["auto", "triton", "torch"]
"""Which implementation prunes: ``auto`` is Triton for CUDA tensors when triton is installed, else torch."""
IMPLS: tuple[str, ...] = get_args(PruneImpl)

TRITON_MAX_TOKENS = 16384
"""Most tokens per frame the Triton kernel takes; ``impl="auto"`` uses the reference above it."""


def triton_interpret() -> bool:
    """True when ``TRITON_INTERPRET`` asks triton to run kernels on the CPU (read at each call)."""
    return os.environ.get("TRITON_INTERPRET", "0").strip().lower() in ("1", "true", "yes", "on", "y")
