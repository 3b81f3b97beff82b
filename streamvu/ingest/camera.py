"""Webcam sources (``open_video(0)``): OpenCV's capture when installed, else FFmpeg's device input.

Frame times are seconds since the first frame on the monotonic clock (cameras give no
stream timestamps that are comparable across drivers); indices count captured frames.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

from streamvu._deps import require
from streamvu.errors import SourceError
from streamvu.ingest.opencv_reader import resize_bgr
from streamvu.ingest.pyav_reader import PyAVSource
from streamvu.ingest.sampling import SamplerConfig, TimestampSampler
from streamvu.ingest.source import DecodeStats, VideoInfo, VideoSource
from streamvu.messages import Frame


class OpenCVCamera(VideoSource):
    """A webcam read with ``cv2.VideoCapture(index)`` (V4L2, AVFoundation, DirectShow...)."""

    backend = "opencv"

    def __init__(self, index: int, timeout: float = 10.0) -> None:
        super().__init__()
        cv2 = self._cv2 = require("cv2", "webcam capture")
        ms = int(timeout * 1000)
        self._cap = cv2.VideoCapture(
            index, cv2.CAP_ANY, [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, ms, cv2.CAP_PROP_READ_TIMEOUT_MSEC, ms]
        )
        if not self._cap.isOpened():
            raise SourceError(f"cannot open webcam {index}: no such camera, or it is in use")
        w, h = int(self._cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(self._cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        self.info = VideoInfo(
            source=f"webcam:{index}",
            duration=0.0,
            fps=float(self._cap.get(cv2.CAP_PROP_FPS) or 0),
            num_frames=None,
            width=w,
            height=h,
            backend=self.backend,
            live=True,
        )

    def frames(self, sampler: SamplerConfig | None = None) -> Iterator[Frame]:
        cfg = sampler or SamplerConfig()
        self.stats = DecodeStats(strategy="decode")
        sampler_ = TimestampSampler(cfg)
        t0, index = None, -1
        while self._cap is not None and self._cap.grab():
            now = time.monotonic()
            t0 = now if t0 is None else t0
            t, index = now - t0, index + 1
            self.stats.frames_decoded += 1
            if sampler_.finished(t):
                return
            if not sampler_.wants(t):
                continue
            ok, bgr = self._cap.retrieve()
            if ok:
                sampler_.take(t)
                self.stats.frames_emitted += 1
                yield Frame(t=t, index=index, rgb=resize_bgr(self._cv2, bgr, cfg.max_side))
        raise SourceError(f"{self.info.source}: the camera stopped delivering frames")

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None
        super().close()


def _ffmpeg_device(index: int) -> tuple[str, str]:
    if sys.platform.startswith("linux"):
        return f"/dev/video{index}", "v4l2"
    if sys.platform == "darwin":
        return f"{index}:none", "avfoundation"
    return f"video={index}", "dshow"  # pragma: no cover - Windows


def open_camera_source(index: int, backend: str, timeout: float = 10.0) -> VideoSource:
    """Open webcam ``index`` with ``backend`` ("opencv" or "pyav")."""
    if backend == "opencv":
        return OpenCVCamera(index, timeout)
    url, fmt = _ffmpeg_device(index)
    return PyAVSource(url, fmt=fmt, timeout=timeout, live=True)
