"""Token pruning before the language model: keep the most salient visual tokens of each frame.

The public entry is :func:`prune_tokens`; it checks the arguments once and dispatches to

* ``"triton"``: the Triton kernels (:mod:`streamvu.kernels.prune_triton`): one fused launch
  that scores, selects and compacts every frame, or, when there are too few frames to fill the
  GPU, each frame split across programs and merged; frames of more than 1,024 tokens walked in row
  blocks (the tall plan). Needs triton and CUDA tensors, or CPU tensors
  with ``TRITON_INTERPRET=1`` (slow: for tests);
* ``"torch"``: the vectorised PyTorch reference (:mod:`streamvu.kernels.prune_ref`), the
  CPU runtime path and the ground truth;
* ``"auto"`` (default): triton when ``x`` is on CUDA and triton is installed, else torch.

Both give the same selection (ties to the lower index) and the score formulas documented in
:mod:`streamvu.kernels.prune_ref`.
"""

from __future__ import annotations

import torch

from streamvu import _deps
from streamvu.kernels.prune_ref import prune_tokens_ref, score_tokens_ref
from streamvu.kernels.prune_spec import (
    IMPLS,
    TRITON_MAX_TOKENS,
    PruneImpl,
    PruneResult,
    PruneWeights,
    check_inputs,
    resolve_counts,
    triton_interpret,
)
from streamvu.kernels.prune_triton import prune_tokens_triton

__all__ = [
    "IMPLS",
    "PruneImpl",
    "TRITON_MAX_TOKENS",
    "PruneResult",
    "PruneWeights",
    "prune_tokens",
    "prune_tokens_ref",
    "resolve_impl",
    "score_tokens_ref",
    "triton_interpret",
]


def resolve_impl(impl: PruneImpl, x: torch.Tensor) -> PruneImpl:
    """The implementation ``impl`` means for ``x``: ``"triton"`` or ``"torch"``.

    Raises ValueError for an unknown name or for ``"triton"`` on CPU tensors without
    ``TRITON_INTERPRET=1``, and MissingDependencyError (an ImportError, with the pip
    command) for ``"triton"`` when triton is not installed.
    """
    if impl not in IMPLS:
        raise ValueError(f"impl must be one of {IMPLS}, got {impl!r}")
    if impl == "auto":
        fits = x.dim() == 3 and x.shape[1] <= TRITON_MAX_TOKENS
        return "triton" if (x.is_cuda and _deps.HAS_TRITON and fits) else "torch"
    if impl == "triton":
        _deps.require("triton", purpose='prune_tokens(impl="triton")')
        if not x.is_cuda and not triton_interpret():
            raise ValueError(
                f'prune_tokens(impl="triton") needs CUDA tensors (x is on {x.device}); '
                'use impl="torch" on CPU, or set TRITON_INTERPRET=1 to run the kernel in the interpreter'
            )
    return impl


def prune_tokens(
    x: torch.Tensor,
    *,
    keep: int | None = None,
    keep_ratio: float | None = None,
    lengths: torch.Tensor | None = None,
    query: torch.Tensor | None = None,
    weights: PruneWeights = PruneWeights(),  # noqa: B008 (frozen, immutable)
    impl: PruneImpl = "auto",
) -> PruneResult:
    """Keep the highest-scoring tokens of each frame.

    x: ``[F, N, D]`` float32/float16/bfloat16 tokens.
    keep: tokens to keep per frame (``min(keep, length)``); or
    keep_ratio: fraction in [0, 1] of each frame's valid tokens, rounded up:
        ``ceil(keep_ratio * length)`` (with a 1e-9 tolerance, so 0.3 * 10 keeps 3).
        Give exactly one of the two.
    lengths: ``[F]`` valid tokens per frame (ragged frames; the rest is ignored); default N.
    query: ``[D]`` query embedding in token space; relevance is ignored when None.
    weights: weights of the spatial, temporal and query terms.
    impl: ``"auto"`` | ``"triton"`` | ``"torch"`` (see the module docstring).

    Returns a :class:`PruneResult`: kept tokens frame after frame in their original order,
    their positions, the per-frame counts and the float32 scores.
    """
    if not isinstance(weights, PruneWeights):
        raise ValueError(f"weights must be a PruneWeights, got {type(weights).__name__}")
    lengths, query = check_inputs(x, lengths, query)
    which = resolve_impl(impl, x)
    counts = resolve_counts(lengths, keep, keep_ratio)
    if which == "torch":
        return prune_tokens_ref(
            x, keep=keep, keep_ratio=keep_ratio, lengths=lengths, query=query, weights=weights
        )
    return prune_tokens_triton(x, counts, lengths, query, weights, interpret=triton_interpret())
