"""Opening and closing a :class:`~streamvu.pipeline.stream.Stream`'s source: the frame iterator, the
per-stream encoder caches and the source's own counters."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, is_dataclass

from streamvu.encoders.stream import stream_encoder
from streamvu.errors import SourceError
from streamvu.ingest import SamplerConfig, VideoSource, open_video
from streamvu.messages import Frame, FrameTokens
from streamvu.pipeline.engine import Pipeline
from streamvu.pipeline.stream_config import StreamConfig

__all__ = ["SourceLike", "close_source", "open_frames", "source_metrics", "stream_encoder_for"]

log = logging.getLogger(__name__)

SourceLike = str | os.PathLike | int | VideoSource | Iterable[Frame] | Iterable[FrameTokens]


def open_frames(
    source: SourceLike, config: StreamConfig, pipeline: Pipeline
) -> tuple[Iterator[Frame | FrameTokens], VideoSource | None, bool]:
    """The frames of ``source`` and, for anything but an iterable, the opened :class:`VideoSource`
    and whether it is live (also sets ``pipeline.info``). Raises :class:`SourceError`."""
    cfg = pipeline.config
    sampler = SamplerConfig(fps=cfg.fps, end=config.until, max_side=cfg.max_side)
    if isinstance(source, VideoSource):
        video = source
    elif isinstance(source, (str, os.PathLike, int)) and not isinstance(source, bool):
        live = (
            {"realtime": True, "speed": config.speed} if config.realtime else {"fast_decode": cfg.fast_decode}
        )
        if not isinstance(source, int) and os.path.isdir(source):  # a folder of frames, replayed or not
            live = {
                **({"realtime": True, "speed": config.speed} if config.realtime else {}),
                "frame_fps": cfg.frame_fps,
                "time_offset": cfg.time_offset,
            }
        video = open_video(
            source,
            cfg.backend,
            sampler=sampler,
            queue_size=config.queue_size,
            timeout=config.source_timeout_s,
            **live,
        )
    elif isinstance(source, Iterable):
        return iter(source), None, False
    else:
        raise SourceError(
            "a stream source must be a path, sample:NAME, URL, webcam index, VideoSource or an "
            f"iterable of Frame / FrameTokens; got {type(source).__name__}"
        )
    is_live = bool(video.info.live)
    pipeline.info = video.info
    return iter(video.frames(sampler)), video, is_live


def stream_encoder_for(pipeline: Pipeline, source: SourceLike, video: VideoSource | None, live: bool):
    """The pipeline's encoder with its per-stream caches (feature reuse, disk cache for files) and
    sightings, if the pipeline config asks for them; None: ``pipeline.encode`` uses the plain encoder."""
    cfg = pipeline.config
    reuse, disk, sightings = cfg.temporal_reuse, cfg.disk_cache, cfg.sightings
    if reuse is None and disk is None and not sightings:
        return None
    path = source if isinstance(source, (str, os.PathLike)) and video is not None else ""
    if video is not None and not live:
        path = video.info.source
    return stream_encoder(
        pipeline.encoder, path, reuse, disk if path else None, extra=cfg.decoder_key(), sightings=sightings
    )


def close_source(frames: Iterator, video: VideoSource | None, close_frames: bool) -> None:
    """Close the frame iterator (only when ``close_frames``: from the thread consuming it) and the
    source; failures are logged, not raised."""
    close = getattr(frames, "close", None)
    if close is not None and close_frames:
        try:
            close()
        except Exception:  # a generator's cleanup failing must not hide the real outcome
            log.debug("closing the frame iterator failed", exc_info=True)
    if video is not None:
        try:
            video.close()
        except Exception:
            log.debug("closing the source failed", exc_info=True)


def source_metrics(video: VideoSource | None) -> dict:
    """The source's own counters (``stats`` and live ``metrics``) as one dict; empty for iterables."""
    if video is None:
        return {}
    out = asdict(video.stats)
    live = video.metrics  # a dataclass of counters for sources that buffer frames, else None
    if is_dataclass(live) and not isinstance(live, type):
        out.update(asdict(live))
    return out
