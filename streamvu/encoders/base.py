"""The interface every vision encoder implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from streamvu.messages import Frame, FrameTokens


@runtime_checkable
class VisionEncoder(Protocol):
    """Turns frames into visual tokens.

    ``encode`` takes a batch of frames and returns one :class:`FrameTokens` per frame, in order,
    with ``tokens`` of shape (grid[0] * grid[1], dim) and ``pooled`` of shape (dim,), float32 on CPU.
    """

    name: str
    dim: int
    grid: tuple[int, int]

    def encode(self, frames: Sequence[Frame]) -> list[FrameTokens]: ...
