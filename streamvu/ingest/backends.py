"""Which decoder reads what: installed backends, the ``auto`` choice, and what counts as a live source."""

from __future__ import annotations

import os
from typing import get_args

from streamvu import _deps
from streamvu.errors import SourceError
from streamvu.ingest.sampling import SamplerConfig
from streamvu.ingest.source import BackendChoice

LIVE_SCHEMES = (
    "rtsp://",
    "rtsps://",
    "rtmp://",
    "rtmps://",
    "http://",
    "https://",
    "udp://",
    "tcp://",
    "srt://",
    "hls+http://",
)
CHOICES: tuple[BackendChoice, ...] = get_args(BackendChoice)


def available_backends() -> list[str]:
    """Installed backends, fastest first for sampled file decoding (``auto`` tries them in this order)."""
    found = {"pyav": _deps.HAS_PYAV, "decord": _deps.HAS_DECORD, "opencv": _deps.HAS_OPENCV}
    return [name for name in ("pyav", "opencv", "decord") if found[name]]


def is_camera(source: str | os.PathLike | int) -> bool:
    """True for a webcam index (``0`` or ``"0"``)."""
    if isinstance(source, int) and not isinstance(source, bool):
        return True
    return isinstance(source, str) and source.isdigit()


def is_live_source(source: str | os.PathLike | int) -> bool:
    """True for webcam indices and network URLs (RTSP, RTMP, HTTP/HLS, UDP, SRT)."""
    return is_camera(source) or str(source).lower().startswith(LIVE_SCHEMES)


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
    if is_camera(source):
        return "opencv" if "opencv" in installed else installed[0]
    if live:
        return "pyav" if "pyav" in installed else installed[0]
    if sampler is not None and sampler.every_frame and "opencv" in installed:
        return "opencv"
    return installed[0]


def check_backend(backend: str) -> str:
    """``backend`` lower-cased, after checking it is a known name whose decoder is installed."""
    name = str(backend).lower()
    if name not in CHOICES:
        raise SourceError(f"unknown video backend {backend!r}: choose one of {', '.join(CHOICES)}")
    if name == "auto":
        return name
    module = {"pyav": "av", "decord": "decord", "opencv": "cv2"}[name]
    if not _deps.has(module):
        _deps.require(module, f"the {name} video backend")  # raises MissingDependencyError with pip hint
    return name
