"""Typed messages passed between stages (see the data flow in the README).

Tensors are ``torch.Tensor`` on CPU in float32 unless a field says otherwise;
embeddings used as retrieval keys are ``numpy.float32`` vectors of unit norm.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import torch

QuestionMode = Literal["auto", "now", "past", "future"]


@dataclass(frozen=True)
class Frame:
    """One decoded frame.

    t: presentation time in seconds from the start of the source.
    index: the frame's position in the source's decode order (0-based).
    rgb: ``uint8`` array of shape (H, W, 3).
    """

    t: float
    index: int
    rgb: np.ndarray


@dataclass(frozen=True)
class Label:
    """A class name with its probability (the textual trace of a frame)."""

    name: str
    prob: float


@dataclass
class FrameTokens:
    """An encoded frame.

    tokens: (N, D) visual tokens in row-major grid order (``grid`` = (h, w), h*w == N).
    pooled: (D,) mean of the tokens, the frame's visual summary.
    labels: top classes of the frame, most probable first (may be empty for encoders without a head).
    text_key: unit-norm embedding of the labels' text, the key for text questions (None until set).
    cache_hit: True when the tokens were reused from an earlier frame instead of computed.
    """

    t: float
    index: int
    tokens: torch.Tensor
    pooled: torch.Tensor
    grid: tuple[int, int]
    labels: tuple[Label, ...] = ()
    text_key: np.ndarray | None = None
    cache_hit: bool = False

    @property
    def trace(self) -> str:
        """Comma-separated label names: the text embedded as this frame's key."""
        return ", ".join(label.name for label in self.labels)


@dataclass
class MemoryEntry:
    """One unit of memory: a frame or several merged frames covering ``[start, end]`` seconds.

    tokens: (n, D) tokens kept for this entry (fewer than a fresh frame's once pooled).
    grid: (h, w) layout of ``tokens``.
    store: "short" (recent, full tokens) or "long" (older, pooled and merged).
    frames: how many source frames were merged into it.
    """

    start: float
    end: float
    tokens: torch.Tensor
    pooled: torch.Tensor
    grid: tuple[int, int]
    labels: tuple[Label, ...]
    text_key: np.ndarray | None
    store: str = "short"
    frames: int = 1

    @property
    def trace(self) -> str:
        return ", ".join(label.name for label in self.labels)

    @property
    def mid(self) -> float:
        return 0.5 * (self.start + self.end)


@dataclass(frozen=True)
class Question:
    """A question asked at stream time ``asked_at`` seconds; only video before that time may be used."""

    text: str
    asked_at: float
    mode: QuestionMode = "auto"


@dataclass
class Context:
    """What the query handler hands to an answerer: pruned memory entries, ordered by time."""

    question: Question
    entries: list[MemoryEntry]
    mode: QuestionMode
    kept_tokens: int = 0
    total_tokens: int = 0


@dataclass
class Evidence:
    """A span of the video an answer relied on, with the textual trace seen there."""

    start: float
    end: float
    trace: str


@dataclass
class Answer:
    """A finished answer. ``evidence`` is ordered by time; latencies are in seconds."""

    question: Question
    text: str
    evidence: list[Evidence] = field(default_factory=list)
    mode: QuestionMode = "now"
    time_to_first_token: float = 0.0
    latency: float = 0.0
    kept_tokens: int = 0
    total_tokens: int = 0
