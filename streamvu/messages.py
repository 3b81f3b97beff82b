"""Typed messages passed between stages (see the data flow in the README).

Tensors are ``torch.Tensor`` on CPU in float32 unless a field says otherwise;
embeddings used as retrieval keys are ``numpy.float32`` vectors of unit norm.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

import numpy as np

if TYPE_CHECKING:  # only annotations name it: the command line starts without importing torch
    import torch

TIME_TOLERANCE_S = 1e-3
"""Seconds within which two stream times count as equal, everywhere (sampling grids, memory windows,
ask times): far below any frame interval, far above float rounding of timestamps."""

NOW_WINDOW_S = 8.0
"""Default of :attr:`~streamvu.pipeline.query.QueryConfig.now_window_s`: how far back "now" reaches
(seconds). The query handler and the grounded answerer read the one setting."""

QuestionMode = Literal["auto", "now", "past", "future"]
QUESTION_MODES: tuple[str, ...] = get_args(QuestionMode)
AnswerStatus = Literal["answered", "timeout"]
"""``answered``; ``timeout`` for a future question whose evidence never came (the text says why)."""
MemoryStore = Literal["short", "long"]
"""Where a memory entry lives: the short-term store (recent, full tokens) or the long-term one."""
ChoiceScoring = Literal["auto", "generate", "likelihood"]
"""How a multiple-choice question is decided: ``auto`` lets the answerer decide in its own way (the
grounded offline default scores each option against the evidence; a VLM generates and the letter is
parsed), ``generate`` always generates text and parses the letter, ``likelihood`` picks the option
whose answer text the language model finds most likely."""


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


DetectionKind = Literal["person", "face"]
DETECTION_KINDS: tuple[str, ...] = get_args(DetectionKind)


@dataclass(frozen=True)
class Detection:
    """One thing a detector found in a frame.

    kind: "person" (the person a face belongs to, or a whole standing body) or "face".
    box: (x0, y0, x1, y1) as fractions of the frame's width and height.
    score: calibrated confidence in [0, 1]: a clear detection is >= 0.5, and no detection is 0.0.
    """

    kind: DetectionKind
    box: tuple[float, float, float, float]
    score: float


@dataclass(frozen=True)
class Sightings:
    """Evidence of a frame (or, merged, of a memory entry) that is not a classifier's label.

    detections: people and faces found, strongest first within each kind.
    motion: motion energy against the previous sampled frame, in [0, 1] (0 for a still scene; for a
        merged entry, the max over its frames).
    cut: how sure it is that a shot boundary lies just before this frame, in [0, 1]; >= 0.5 means a
        cut (for a merged entry, the max over its frames).
    moving: (first, last) time in seconds of the frames that showed movement, or None (a merged entry
        spans more than its movement: this says when it moved).
    cuts: times in seconds of the frames that start a new shot (a merged entry may hold several).
    """

    detections: tuple[Detection, ...] = ()
    motion: float = 0.0
    cut: float = 0.0
    moving: tuple[float, float] | None = None
    cuts: tuple[float, ...] = ()

    def count(self, kind: DetectionKind) -> int:
        """How many detections of ``kind``."""
        return sum(1 for d in self.detections if d.kind == kind)

    def score(self, kind: DetectionKind) -> float:
        """The strongest detection of ``kind`` (0.0 when there is none)."""
        return max((d.score for d in self.detections if d.kind == kind), default=0.0)


@dataclass
class FrameTokens:
    """An encoded frame.

    tokens: (N, D) visual tokens in row-major grid order (``grid`` = (h, w), h*w == N).
    pooled: (D,) mean of the tokens, the frame's visual summary.
    labels: top classes of the frame, most probable first (may be empty for encoders without a head).
    text_key: unit-norm embedding of the labels' text, the key for text questions (None until set).
    cache_hit: True when the tokens were reused from an earlier frame instead of computed.
    reused: fraction of ``tokens`` reused from an earlier frame by the temporal feature cache
        (1.0 on a cache hit, between 0 and 1 when only the changed patches were recomputed).
    grid_thw: for Qwen-VL encoders, the (t, h, w) patch grid the vision tower saw *before* the
        spatial merge (h, w are ``grid`` times the merge size); pass it as ``image_grid_thw`` when
        building the language model's M-RoPE positions. None for other encoders.
    space: the embedding space of ``tokens``: "" for an encoder's own features (EfficientNet), or the
        VLM family (e.g. "qwen2_5_vl") when they are already language-model input embeddings (after
        the projector/merger) that replace one image placeholder token each.
    sightings: people, faces, motion and scene change seen in the frame (None when not looked for).
    thumbnail: the frame as a small JPEG, kept only for an answerer that sends images to a server (None
        otherwise).
    regions: (R, D) pooled features of R square crops of the frame, each encoded on its own (a thing
        filling a third of a wide frame is read as the crop's main subject); None for encoders that do
        not crop, and for frames too close to square to need it.
    """

    t: float
    index: int
    tokens: torch.Tensor
    pooled: torch.Tensor
    grid: tuple[int, int]
    labels: tuple[Label, ...] = ()
    text_key: np.ndarray | None = None
    cache_hit: bool = False
    reused: float = 0.0
    grid_thw: tuple[int, int, int] | None = None
    space: str = ""
    sightings: Sightings | None = None
    thumbnail: bytes | None = None
    regions: torch.Tensor | None = None

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
    sightings: people, faces, motion and cuts seen in its frames (None when not looked for).
    thumbnail: one of its frames as a small JPEG (see ``FrameTokens.thumbnail``; None when not kept, and
        after a save and load of memory).
    regions: (R, D) pooled features of its frames' square crops (see ``FrameTokens.regions``; merged
        entries hold their frame-weighted mean), or None.
    """

    start: float
    end: float
    tokens: torch.Tensor
    pooled: torch.Tensor
    grid: tuple[int, int]
    labels: tuple[Label, ...]
    text_key: np.ndarray | None
    store: MemoryStore = "short"
    frames: int = 1
    sightings: Sightings | None = None
    thumbnail: bytes | None = None
    regions: torch.Tensor | None = None

    @property
    def trace(self) -> str:
        return ", ".join(label.name for label in self.labels)

    @property
    def mid(self) -> float:
        return 0.5 * (self.start + self.end)


@dataclass(frozen=True)
class Question:
    """A question asked at stream time ``asked_at`` seconds; only video before that time may be used.

    options: answer choices of a multiple-choice question, without letters (they are lettered
        A, B, C... in this order); empty for an open question.
    prompt: the exact text a generative model is given for this question (a benchmark's official
        prompt); None lets the answerer lay out ``text`` and ``options`` itself.
    choice_scoring: how a multiple-choice question is decided (see :data:`ChoiceScoring`).
    """

    text: str
    asked_at: float
    mode: QuestionMode = "auto"
    options: tuple[str, ...] = ()
    prompt: str | None = None
    choice_scoring: ChoiceScoring = "auto"


@dataclass
class Context:
    """What the query handler hands to an answerer: pruned memory entries, ordered by time.

    pruned: False when the answerer reads no visual tokens and pruning was skipped (the entries are
        memory's own; ``kept_tokens``/``total_tokens`` are then 0).
    kept_indices: when pruning kept part of the entries' tokens, for each entry (in order) the
        row-major index on its grid of each token kept, CPU int64 (an answerer places the tokens on
        their grid cells with them: ``streamvu.answerers.positions``); None: all tokens are there.
    """

    question: Question
    entries: list[MemoryEntry]
    mode: QuestionMode
    kept_tokens: int = 0
    total_tokens: int = 0
    pruned: bool = True
    kept_indices: list[torch.Tensor] | None = None


@dataclass
class Evidence:
    """A span of the video an answer relied on, with the textual trace seen there.

    score: for a grounded answer, how well the asked phrase matched this span (in [0, 1]); None
        when nothing was scored.
    """

    start: float
    end: float
    trace: str
    score: float | None = None


@dataclass
class Answer:
    """A finished answer. ``evidence`` is ordered by time; latencies are in seconds.

    time_to_first_token, latency: from the moment answering began (retrieval, pruning, generation).
    status: "answered", or "timeout" for a future question whose evidence never came (the text says why).
    answered_at: stream time (seconds) of the memory the answer was built from; for a future question,
        the time of the frame that triggered it (``question.asked_at`` stays the time it was asked).
    wait: seconds between the ask and the start of answering (queueing, waiting for the first frame or a
        scheduled time; for a future question, waiting for the evidence).
    tokens: text pieces streamed (one or more model tokens each); tokens_per_s: their rate after the first.
    choice: for a multiple-choice question decided by scoring (not by parsing generated text), the
        chosen letter ("A", "B", ...); None otherwise.
    option_scores: one score per option when the options were scored (evidence scores in [0, 1], or
        log-likelihoods), in option order; empty otherwise.
    prompt: the exact text given to a generative model ("" when nothing was generated).
    pruned: False when pruning was skipped because the answerer reads no visual tokens (the grounded
        default); ``kept_tokens``/``total_tokens`` are then 0.
    decision: the decided answer as data when the answerer decides from the evidence (the grounded
        default): ``{"form": ..., "recognised": ..., "value": {"kind": "yes_no"|"spans"|"count"|
        "ordering"|"described", ...}}``; None for generated answers.
    """

    question: Question
    text: str
    evidence: list[Evidence] = field(default_factory=list)
    mode: QuestionMode = "now"
    time_to_first_token: float = 0.0
    latency: float = 0.0
    kept_tokens: int = 0
    total_tokens: int = 0
    status: AnswerStatus = "answered"
    answered_at: float | None = None
    wait: float = 0.0
    tokens: int = 0
    tokens_per_s: float = 0.0
    choice: str | None = None
    option_scores: tuple[float, ...] = ()
    prompt: str = ""
    decision: dict | None = None
    pruned: bool = True
