"""Types shared by every video source and backend: ``VideoInfo``, ``DecodeStats``, ``VideoSource``.

They live here (not in ``sources.py``) so backends can use them without importing the
dispatcher; ``streamvu.ingest.open`` re-exports them as the public API.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, get_args

from streamvu.ingest.sampling import ReadStrategy, SamplerConfig
from streamvu.ingest.timeline import Discontinuity
from streamvu.messages import Frame

Backend = Literal["pyav", "decord", "opencv"]
"""A video decoder."""
BACKENDS: tuple[Backend, ...] = get_args(Backend)
BackendChoice = Literal["auto", Backend]
"""A decoder as asked for: one of :data:`Backend`, or ``"auto"`` (see ``streamvu.ingest.backends``)."""
DecodeStrategy = Literal["", "batch", "push", ReadStrategy]
"""How a source read its frames: ``""`` before reading; ``decode`` / ``seek`` (a file read by PyAV,
see ``sampling.choose_strategy``; ``decode`` for OpenCV and cameras); ``batch`` (decord); ``push``
(frames pushed in by the caller)."""


@dataclass(frozen=True)
class VideoInfo:
    """What is known about a source before decoding.

    source: the path or URL (or ``"webcam:N"``) it was opened from.
    duration: seconds (0.0 when unknown, e.g. live streams).
    fps: average frame rate (frames / second) as the container reports it.
    num_frames: frame count from the container index (``None`` when unknown).
    width, height: size of decoded frames after rotation metadata is applied, before resizing.
    backend: ``"pyav"``, ``"decord"`` or ``"opencv"``.
    live: True for cameras, network streams and real-time replays (no seeking, paced).
    """

    source: str
    duration: float
    fps: float
    num_frames: int | None
    width: int
    height: int
    backend: str
    live: bool = False


@dataclass
class DecodeStats:
    """Counters of one source, updated while decoding (read them at any time).

    frames_decoded: frames the decoder produced.
    frames_emitted: frames handed to the caller.
    packets_dropped: packets skipped without decoding (seeking to a keyframe).
    corrupt_packets: packets (frames) lost to damaged data; decoding went on past them.
    corrupt_frames: frames the decoder flagged as damaged (concealed errors); still emitted.
    strategy: how the last ``frames()`` call read (see :data:`DecodeStrategy`).
    ended_early: the data stopped before the container said it would (truncated file, read error).
    discontinuities: where the source's own timestamps jumped (restart, wrap, gap) and how stream
        time went on over them (see :mod:`streamvu.ingest.timeline`): a file's all, a live stream's so far.
    """

    frames_decoded: int = 0
    frames_emitted: int = 0
    packets_dropped: int = 0
    corrupt_packets: int = 0
    corrupt_frames: int = 0
    strategy: DecodeStrategy = ""
    ended_early: bool = False
    discontinuities: tuple[Discontinuity, ...] = ()

    @property
    def frames_skipped(self) -> int:
        """Frames lost to corrupt data (rejected packets)."""
        return self.corrupt_packets


class VideoSource:
    """A video you can iterate sampled frames from; use it as a context manager.

    ``info`` describes the video, ``frames(sampler)`` yields :class:`~streamvu.messages.Frame`
    objects in time order, ``stats`` counts what happened, ``close()`` frees the decoder.
    """

    info: VideoInfo

    def __init__(self) -> None:
        self.stats = DecodeStats()
        self._closed = False
        self._lock = threading.Lock()

    def frames(self, sampler: SamplerConfig | None = None) -> Iterator[Frame]:
        """Yield the frames ``sampler`` selects (default: 1 fps), in presentation order."""
        raise NotImplementedError

    def batches(self, sampler: SamplerConfig | None = None, size: int = 16) -> Iterator[list[Frame]]:
        """The same frames as ``frames(sampler)`` in lists of up to ``size`` (for batched encoders)."""
        if size < 1:
            raise ValueError(f"batch size must be >= 1, got {size}")
        batch: list[Frame] = []
        for frame in self.frames(sampler):
            batch.append(frame)
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch

    def __iter__(self) -> Iterator[Frame]:
        return self.frames()

    @property
    def discontinuities(self) -> tuple[Discontinuity, ...]:
        """Where the source's timestamps jumped and how ``Frame.t`` went on over them (see
        :mod:`streamvu.ingest.timeline`); empty for a steady clock. Readers override it."""
        return self.stats.discontinuities

    @property
    def metrics(self) -> object | None:
        """Live counters of a source that buffers frames (a dataclass: ``LiveSource``'s
        ``IngestMetrics``, ``PushSource``'s ``PushMetrics``); None for a source read directly."""
        return None

    def close(self) -> None:
        self._closed = True

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> VideoSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        i = self.info
        return (
            f"{type(self).__name__}({i.source!r}, backend={i.backend}, {i.width}x{i.height}, "
            f"{i.fps:.3g} fps, {i.duration:.2f} s{', live' if i.live else ''})"
        )
