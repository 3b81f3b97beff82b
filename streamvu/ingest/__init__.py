"""Reading video: one entry, :func:`open_video`, for files, cameras, network streams and replays.

A source travels one way down: ``open.py`` (the entry: generic checks, backend choice, live
wrapping) -> ``live.py`` (drop-oldest queue, reconnects) -> ``camera.py`` / the readers
(``pyav_reader.py``, ``decord_reader.py``, ``opencv_reader.py``) -> ``packet_plan.py`` ->
``sampling.py`` / ``source.py`` (the ``VideoSource`` interface). No module imports one above it.
"""

from streamvu.ingest.backends import available_backends, is_live_source, pick_backend
from streamvu.ingest.live import IngestMetrics, LiveSource
from streamvu.ingest.open import decode_video_frames, open_live, open_video, replay_realtime
from streamvu.ingest.sampling import SamplerConfig
from streamvu.ingest.source import BACKENDS, DecodeStats, VideoInfo, VideoSource

__all__ = [
    "BACKENDS",
    "DecodeStats",
    "IngestMetrics",
    "LiveSource",
    "SamplerConfig",
    "VideoInfo",
    "VideoSource",
    "available_backends",
    "decode_video_frames",
    "is_live_source",
    "open_live",
    "open_video",
    "pick_backend",
    "replay_realtime",
]
