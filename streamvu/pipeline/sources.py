"""Video sources: one entry function, ``open_video``, for files, cameras, network streams and replays.

>>> with open_video("clip.mp4") as src:                      # doctest: +SKIP
...     for frame in src.frames(SamplerConfig(fps=2, max_side=448)):
...         print(frame.t, frame.index, frame.rgb.shape)

Backends (``backend=``): ``"pyav"`` (always installed), ``"decord"`` and ``"opencv"`` (the
``video`` extra); ``"auto"`` picks the fastest installed one for the job (see ``pick_backend``).
Sampling is by presentation timestamp (``sampling.SamplerConfig``): ``Frame.t`` is the frame's
exact time in the source, ``Frame.index`` its position in presentation order.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence

import numpy as np

from streamvu import _deps
from streamvu.errors import SourceError
from streamvu.messages import Frame
from streamvu.pipeline.live import IngestMetrics, LiveSource, replay_realtime
from streamvu.pipeline.sampling import SamplerConfig
from streamvu.pipeline.video import BACKENDS, DecodeStats, VideoInfo, VideoSource

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
    "iter_frames",
    "open_video",
    "pick_backend",
    "replay_realtime",
]

log = logging.getLogger(__name__)

LIVE_SCHEMES = ("rtsp://", "rtsps://", "rtmp://", "rtmps://", "http://", "https://", "udp://", "tcp://",
                "srt://", "hls+http://")
CHOICES = ("auto", *BACKENDS)


def available_backends() -> list[str]:
    """Installed backends, fastest first for sampled file decoding (``auto`` tries them in this order)."""
    found = {"pyav": _deps.HAS_PYAV, "decord": _deps.HAS_DECORD, "opencv": _deps.HAS_OPENCV}
    return [name for name in ("pyav", "opencv", "decord") if found[name]]


def is_live_source(source: str | os.PathLike | int) -> bool:
    """True for webcam indices and network URLs (RTSP, RTMP, HTTP/HLS, UDP, SRT)."""
    if isinstance(source, int) and not isinstance(source, bool):
        return True
    text = str(source)
    return text.isdigit() or text.lower().startswith(LIVE_SCHEMES)


def pick_backend(source: str | int, sampler: SamplerConfig | None = None, live: bool = False) -> str:
    """The backend ``"auto"`` uses for this source and job.

    Files: PyAV, which skips whole GOPs without decoding when keyframes are close enough and
    converts only the sampled frames to RGB; it was the fastest loop at 1 and 4 fps in
    ``benchmarks/ingest.py``. OpenCV for every-frame decoding when installed (its
    grab/retrieve loop is the fastest full decode). Webcams: OpenCV when installed (V4L2,
    AVFoundation, DirectShow), else PyAV. Network streams: PyAV (read timeouts, RTSP options).
    """
    installed = available_backends()
    if not installed:
        raise SourceError(f"no video backend installed: {_deps.install_hint('av')}")
    if isinstance(source, int) or str(source).isdigit():
        return "opencv" if "opencv" in installed else installed[0]
    if live:
        return "pyav" if "pyav" in installed else installed[0]
    if sampler is not None and sampler.every_frame and "opencv" in installed:
        return "opencv"
    return installed[0]


def _check_backend(backend: str) -> str:
    name = str(backend).lower()
    if name not in CHOICES:
        raise SourceError(f"unknown video backend {backend!r}: choose one of {', '.join(CHOICES)}")
    if name == "auto":
        return name
    module = {"pyav": "av", "decord": "decord", "opencv": "cv2"}[name]
    if not _deps.has(module):
        _deps.require(module, f"the {name} video backend")  # raises MissingDependencyError with pip hint
    return name


def open_file(
    path: str, backend: str, sampler: SamplerConfig | None = None, fast_decode: bool = False
) -> VideoSource:
    """Open a local file with one backend (``"auto"`` resolved here; ``fast_decode`` picks PyAV)."""
    from streamvu.pipeline.pyav_reader import file_checks

    file_checks(path)
    if fast_decode:
        if backend not in ("auto", "pyav"):
            raise SourceError(f"fast_decode needs the pyav backend, not {backend!r}")
        return _open_with(path, "pyav", fast_decode=True)
    if backend != "auto":
        return _open_with(path, backend)
    name = pick_backend(path, sampler)
    if name == "pyav" or not _deps.HAS_PYAV:
        return _open_with(path, name)
    try:
        return _open_with(path, name)
    except SourceError as exc:  # e.g. AV1 in OpenCV, rotation in decord: PyAV reads them
        log.info("%s: %s could not read it (%s); using pyav", path, name, exc)
        return _open_with(path, "pyav")


def _open_with(path: str, name: str, fast_decode: bool = False) -> VideoSource:
    if name == "pyav":
        from streamvu.pipeline.pyav_reader import PyAVSource

        return PyAVSource(path, skip_loop_filter=fast_decode)
    if name == "decord":
        from streamvu.pipeline.decord_reader import DecordSource

        return DecordSource(path)
    from streamvu.pipeline.opencv_reader import OpenCVSource

    return OpenCVSource(path)


def open_video(
    source: str | os.PathLike | int,
    backend: str = "auto",
    *,
    sampler: SamplerConfig | None = None,
    realtime: bool = False,
    speed: float = 1.0,
    queue_size: int = 8,
    timeout: float = 10.0,
    reconnect: int | None = None,
    options: dict[str, str] | None = None,
    fast_decode: bool = False,
) -> VideoSource:
    """Open a video file, camera or stream.

    source: a path, a URL (``rtsp://``, ``http(s)://`` incl. HLS ``.m3u8``, ``rtmp://``, ``udp://``)
        or a webcam index (``0``).
    backend: ``"auto"`` | ``"pyav"`` | ``"decord"`` | ``"opencv"``.
    sampler: optional hint of the job, used by ``"auto"`` to pick the fastest backend.
    realtime: replay a file paced by its timestamps, as if it were a live camera.
    speed: replay speed factor for ``realtime`` (2.0 = twice real time).
    queue_size: live sources only: frames buffered before the oldest is dropped.
    timeout: seconds to wait when opening or reading a network stream before giving up.
    reconnect: live sources: reconnect attempts after the stream drops (``None``: 5 for network
        streams and cameras, 0 for replays).
    options: FFmpeg options for the PyAV backend (e.g. ``{"rtsp_transport": "tcp"}``).
    fast_decode: files, PyAV backend: skip the H.264/HEVC in-loop deblocking filter (~15-20% faster
        decoding; frames show faint block edges, which a 224 px encoder input barely sees).

    Files give a seekable :class:`VideoSource`; cameras, URLs and ``realtime=True`` give a
    :class:`~streamvu.pipeline.live.LiveSource` (bounded drop-oldest queue with metrics).
    Raises :class:`~streamvu.errors.SourceError` with the reason (missing, empty, not a video,
    no video stream, unknown backend, unreachable URL).
    """
    backend = _check_backend(backend)
    if isinstance(source, bool) or not isinstance(source, (str, os.PathLike, int)):
        raise SourceError(f"video source must be a path, URL or webcam index, got {type(source).__name__}")
    if isinstance(source, int) or is_live_source(source) or realtime:
        if fast_decode:
            raise SourceError("fast_decode applies to files read directly, not to live sources or realtime replays")
        return LiveSource(source, backend=backend, realtime=realtime, speed=speed, queue_size=queue_size,
                          timeout=timeout, reconnect=reconnect, options=options)
    if speed != 1.0:
        raise SourceError("speed= applies to realtime=True replays only")
    return open_file(os.fspath(source), backend, sampler, fast_decode=fast_decode)


def decode_video_frames(
    path: str | os.PathLike,
    timestamps: Sequence[float],
    tolerance_s: float = 0.02,
    backend: str = "auto",
    max_side: int | None = None,
) -> list[Frame]:
    """The frames nearest to ``timestamps`` (seconds), each within ``tolerance_s``, in the given order.

    Decodes once, in order, and keeps for every requested time the closest frame. Raises
    :class:`SourceError` naming the times with no frame within the tolerance (LeRobot's contract).
    """
    if not len(timestamps):
        return []
    wanted = np.asarray(timestamps, dtype=np.float64)
    lo, hi = float(wanted.min()), float(wanted.max())
    best: list[Frame | None] = [None] * len(wanted)
    cfg = SamplerConfig(fps=None, mode="all", start=max(0.0, lo - tolerance_s), end=hi + tolerance_s,
                        max_side=max_side)
    with open_video(path, backend, sampler=cfg) as src:
        for frame in src.frames(cfg):
            for i in np.nonzero(np.abs(wanted - frame.t) <= tolerance_s)[0]:
                cur = best[i]
                if cur is None or abs(frame.t - wanted[i]) < abs(cur.t - wanted[i]):
                    best[i] = frame
    missing = [float(wanted[i]) for i, f in enumerate(best) if f is None]
    if missing:
        raise SourceError(f"{os.fspath(path)!r}: no frame within {tolerance_s}s of t={missing[:10]}"
                          f"{' ...' if len(missing) > 10 else ''}; check the timestamps against the "
                          "video's duration and frame rate")
    return [f for f in best if f is not None]


def iter_frames(source: str | os.PathLike | int, sampler: SamplerConfig | None = None,
                backend: str = "auto") -> Iterator[Frame]:
    """Open, iterate and close in one call: ``for f in iter_frames("a.mp4", SamplerConfig(fps=2))``."""
    with open_video(source, backend, sampler=sampler) as src:
        yield from src.frames(sampler)
