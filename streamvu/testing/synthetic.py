"""Synthetic encoded frames for tests and benchmarks (a mock encoder, no model needed).

Frames are generated lazily and deterministically from ``(seed, index)``. With
``scene_length > 1`` consecutive frames share a scene vector plus ``noise``, so adjacent
frames are similar (like real video) and scene cuts are not.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import torch

from streamvu.messages import FrameTokens, Label

VOCAB = ("person", "dog", "cat", "car", "tree", "cup", "ball", "door", "screen", "bird")


def synthetic_frame(
    index: int,
    *,
    fps: float = 1.0,
    dim: int = 32,
    grid: tuple[int, int] = (7, 7),
    text_dim: int | None = 16,
    seed: int = 0,
    scene_length: int = 1,
    noise: float = 0.1,
) -> FrameTokens:
    """Frame ``index`` at ``t = index / fps`` with random (N, dim) tokens, labels and a text key."""
    n = grid[0] * grid[1]
    scene = index // scene_length
    g_scene = torch.Generator().manual_seed(seed * 1_000_003 + scene)
    tokens = torch.randn(n, dim, generator=g_scene)
    if scene_length > 1:
        g_frame = torch.Generator().manual_seed(seed * 1_000_003 + 7_919 * (index + 1) + 17)
        tokens = tokens + noise * torch.randn(n, dim, generator=g_frame)
    rng = np.random.default_rng(seed * 1_000_003 + scene)
    names = rng.choice(len(VOCAB), size=2, replace=False)
    probs = sorted(rng.random(2).tolist(), reverse=True)
    labels = tuple(Label(VOCAB[i], p) for i, p in zip(names, probs, strict=True))
    text_key = None
    if text_dim is not None:
        key = rng.standard_normal(text_dim).astype(np.float32)
        text_key = key / np.linalg.norm(key)
    return FrameTokens(
        t=index / fps,
        index=index,
        tokens=tokens,
        pooled=tokens.mean(0),
        grid=grid,
        labels=labels,
        text_key=text_key,
    )


def synthetic_stream(frames: int, *, start: int = 0, **kwargs) -> Iterator[FrameTokens]:
    """Frames ``start`` .. ``start + frames - 1`` of :func:`synthetic_frame`, one at a time."""
    for index in range(start, start + frames):
        yield synthetic_frame(index, **kwargs)
