"""Token pruning: a fused Triton kernel, its PyTorch reference and the dispatch between them."""

from streamvu.kernels.prune import (
    IMPLS,
    PruneImpl,
    PruneResult,
    PruneWeights,
    prune_tokens,
    prune_tokens_ref,
    score_tokens_ref,
)
from streamvu.kernels.staging import stack_tokens

__all__ = [
    "IMPLS",
    "PruneImpl",
    "PruneResult",
    "PruneWeights",
    "prune_tokens",
    "prune_tokens_ref",
    "score_tokens_ref",
    "stack_tokens",
]
