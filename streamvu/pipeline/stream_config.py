"""How a :class:`~streamvu.pipeline.stream.Stream` ingests and answers: :class:`StreamConfig`."""

from __future__ import annotations

from dataclasses import dataclass, field

from streamvu.pipeline.config import PipelineConfig
from streamvu.pipeline.triggers import TriggerConfig

__all__ = ["StreamConfig"]


@dataclass(frozen=True)
class StreamConfig:
    """How a :class:`~streamvu.pipeline.stream.Stream` ingests and answers.

    pipeline: the models, sampling, memory and query settings (:class:`PipelineConfig`).
    workers: answer threads; questions beyond this many wait in a queue (``Answer.wait``).
    realtime: replay a file paced by its timestamps, like a live camera (drop-oldest queue).
    speed: replay speed factor with ``realtime`` (2.0 = twice real time).
    queue_size: live sources: frames buffered before the oldest is dropped.
    until: stop ingesting after this stream time (seconds; None: to the end of the source).
    batch_size: frames encoded together (None: 8 for files; 1 for live sources and iterables, where
        waiting to fill a batch would delay frames).
    first_frame_timeout_s: a question asked before the first frame waits this many wall seconds for
        it and is then asked at the first frame's time; 0 raises QuestionError at once; None waits
        as long as the stream runs.
    future_timeout_s: a future question not triggered within this many seconds of stream time after
        it was asked gets a ``status="timeout"`` answer (None: no stream-time limit).
    future_wall_timeout_s: the same limit in wall-clock seconds (None: none); whichever comes first.
    trigger: when a future question fires (:class:`TriggerConfig`).
    source_timeout_s: network streams and cameras: seconds to wait for data (when opening and
        between packets) before the read fails and the source reconnects or gives up.
    """

    pipeline: PipelineConfig = field(default_factory=PipelineConfig)
    workers: int = 2
    realtime: bool = False
    speed: float = 1.0
    queue_size: int = 8
    until: float | None = None
    batch_size: int | None = None
    first_frame_timeout_s: float | None = 30.0
    future_timeout_s: float | None = 300.0
    future_wall_timeout_s: float | None = None
    trigger: TriggerConfig = field(default_factory=TriggerConfig)
    source_timeout_s: float = 10.0

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ValueError(f"workers must be >= 1, got {self.workers}")
        if not self.speed > 0:
            raise ValueError(f"speed must be > 0, got {self.speed}")
        if self.queue_size < 1:
            raise ValueError(f"queue_size must be >= 1, got {self.queue_size}")
        if self.until is not None and self.until < 0:
            raise ValueError(f"until must be >= 0 seconds, got {self.until}")
        if not 0 < self.source_timeout_s < float("inf"):
            raise ValueError(
                f"source_timeout_s must be a positive number of seconds, got {self.source_timeout_s}"
            )
        if self.batch_size is not None and self.batch_size < 1:
            raise ValueError(f"batch_size must be >= 1 or None, got {self.batch_size}")
        for name in ("first_frame_timeout_s", "future_timeout_s", "future_wall_timeout_s"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} must be >= 0 or None, got {value}")
