"""Reading video: one entry, :func:`open_video`, for files, cameras, network streams and replays.

A source travels one way down: ``open.py`` (the entry: generic checks, backend choice, live
wrapping) -> ``live.py`` (drop-oldest queue, reconnects) -> ``camera.py`` / the readers
(``pyav_reader.py``, ``decord_reader.py``, ``opencv_reader.py``) -> ``packet_plan.py`` ->
``sampling.py`` / ``source.py`` (the ``VideoSource`` interface). No module imports one above it.
``push.py``: frames pushed in by the caller (a browser camera), ``timeline.py``: one continuity
corrector for every reader's timestamps (``Discontinuity``: a gap or jump kept and reported).
"""

from streamvu.ingest.backends import available_backends, is_live_source, pick_backend
from streamvu.ingest.live import IngestMetrics, LiveSource
from streamvu.ingest.open import decode_video_frames, open_live, open_video, replay_realtime
from streamvu.ingest.push import PushMetrics, PushSource
from streamvu.ingest.sampling import SamplerConfig
from streamvu.ingest.source import BACKENDS, DecodeStats, VideoInfo, VideoSource
from streamvu.ingest.timeline import Discontinuity

__all__ = [
    "BACKENDS",
    "DecodeStats",
    "Discontinuity",
    "IngestMetrics",
    "LiveSource",
    "PushMetrics",
    "PushSource",
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
