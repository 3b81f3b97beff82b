"""Getting many entries' tokens onto the device that prunes them: one staging buffer, one copy.

Memory keeps each entry's tokens on the CPU. Copying them one by one to a GPU is one pageable
host-to-device copy per entry (``non_blocking`` does nothing for pageable memory: each copy waits),
hundreds per question. :func:`stack_tokens` pads them into one page-locked (pinned) host buffer and
sends it with a single asynchronous copy, which the pruning kernel then follows on the same stream.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

__all__ = ["stack_tokens"]


def stack_tokens(
    tokens: Sequence[torch.Tensor], device: torch.device | str
) -> tuple[torch.Tensor, torch.Tensor]:
    """``tokens`` (each ``[n_i, D]``, one dtype) padded into ``x [F, max n_i, D]`` on ``device``, and
    ``lengths [F]`` (int64, CPU): what :func:`~streamvu.kernels.prune_tokens` takes.

    To a CUDA device from host tensors: one pinned staging buffer filled on the CPU and one
    ``non_blocking`` copy (the caching host allocator keeps the buffer until the copy is done).
    Otherwise the padded tensor is built on ``device`` directly. Padding rows are zero.
    """
    device = torch.device(device)
    if not tokens:
        raise ValueError("stack_tokens needs at least one tensor")
    dims = {int(t.shape[1]) for t in tokens if t.dim() == 2}
    dtypes = {t.dtype for t in tokens}
    if len(dims) != 1 or any(t.dim() != 2 for t in tokens) or len(dtypes) != 1:
        raise ValueError(
            "stack_tokens needs [n, D] tensors of one D and one dtype, got "
            f"{sorted({tuple(t.shape) for t in tokens})} {sorted(str(d) for d in dtypes)}"
        )
    lengths = torch.tensor([int(t.shape[0]) for t in tokens], dtype=torch.int64)
    shape = (len(tokens), int(lengths.max()), dims.pop())
    dtype = dtypes.pop()
    staged = device.type == "cuda" and all(t.device.type == "cpu" for t in tokens)
    if staged:
        x = torch.empty(shape, dtype=dtype, pin_memory=True)
    else:
        x = torch.empty(shape, dtype=dtype, device=device)
    for i, t in enumerate(tokens):
        n = int(t.shape[0])
        x[i, :n] = t  # host memcpy when staged; a device copy per entry otherwise (not the GPU path)
        if n < shape[1]:
            x[i, n:] = 0
    if staged:
        x = x.to(device, non_blocking=True)
    return x, lengths
