"""The OpenCV backend: ``grab()`` decodes every frame, ``retrieve()`` converts only sampled ones.

Timestamps are the decoder's own pts (``CAP_PROP_PTS``) in the stream's time base, read with
PyAV's probe, so ``Frame.t`` is identical to the PyAV backend's. Where the raw timestamps jump
(concatenated recordings, clock wraps: ``timeline``), each frame is found in PyAV's packet scan by
its raw pts and takes the scan's continuous time. OpenCV applies rotation
metadata itself. It is also the camera backend (``open_camera``) when installed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import numpy as np

from streamvu._deps import require
from streamvu.errors import SourceError
from streamvu.ingest.packet_plan import StreamIndex
from streamvu.ingest.pyav_reader import PyAVSource
from streamvu.ingest.sampling import SamplerConfig, TimestampSampler, target_size
from streamvu.ingest.source import DecodeStats, VideoInfo, VideoSource
from streamvu.messages import Frame

log = logging.getLogger(__name__)


def resize_bgr(cv2: Any, bgr: np.ndarray, max_side: int | None) -> np.ndarray:
    h, w = bgr.shape[:2]
    tw, th = target_size(w, h, max_side)
    if (tw, th) != (w, h):
        bgr = cv2.resize(bgr, (tw, th), interpolation=cv2.INTER_AREA)
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


class OpenCVSource(VideoSource):
    """Reads a local file with OpenCV's FFmpeg backend (decode-and-skip only: OpenCV's seek is
    frame-number based and not exact for variable frame rates)."""

    backend = "opencv"

    def __init__(self, path: str, threads: int = 0) -> None:
        super().__init__()
        self._cv2 = require("cv2", "the opencv video backend")
        self._path = path
        self._threads = threads
        with PyAVSource(path) as probe:  # exact time base, start, keyframes, frame count
            self._tb, self._t0 = probe.time_base, probe.start_pts
            meta = probe.info
            self._probe = probe
        self.info = VideoInfo(
            source=path,
            duration=meta.duration,
            fps=meta.fps,
            num_frames=meta.num_frames,
            width=meta.width,
            height=meta.height,
            backend=self.backend,
        )
        self._cap = self._open()
        if not self._cap.grab():  # e.g. AV1: OpenCV's bundled FFmpeg has no decoder for it
            self.close()
            raise SourceError(f"OpenCV cannot decode {path!r} (codec {probe.codec!r}); use backend='pyav'")
        self.stats.frames_decoded = 1  # frames() re-opens from the start

    def _open(self) -> Any:
        cv2 = self._cv2
        params = [cv2.CAP_PROP_N_THREADS, self._threads] if self._threads else []
        cap = cv2.VideoCapture(self._path, cv2.CAP_FFMPEG, params)
        if not cap.isOpened():
            raise SourceError(
                f"OpenCV cannot open {self._path!r} (not a video, or a codec OpenCV's FFmpeg lacks)"
            )
        cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)  # upright frames (the default; made explicit)
        return cap

    @property
    def discontinuities(self) -> tuple:
        """Where the timestamps jumped (from PyAV's packet scan; see ``timeline``)."""
        return self._probe.scan().discontinuities

    def close(self) -> None:
        if getattr(self, "_cap", None) is not None:
            self._cap.release()
            self._cap = None
        super().close()

    def frames(self, sampler: SamplerConfig | None = None) -> Iterator[Frame]:
        cfg = sampler or SamplerConfig()
        if self._closed:
            raise SourceError(f"{self._path!r} is closed")
        if self._cap is None or self.stats.frames_decoded:
            if self._cap is not None:
                self._cap.release()
            self._cap = self._open()
        self.stats = DecodeStats(strategy="decode")
        return self._decode(cfg)

    def _decode(self, cfg: SamplerConfig) -> Iterator[Frame]:
        """Grab every frame, time it (:class:`FrameClock`), retrieve the ones the sampler wants; past
        damaged data, resume at the next keyframe."""
        scan = self._probe.scan()  # exact pts of every frame: indices, keyframes, resuming
        self.stats.discontinuities = scan.discontinuities
        clock = FrameClock(self._tb, self._t0, scan, 1.0 / (self.info.fps or 30.0))
        keys = set(scan.key_pts.tolist()) if cfg.mode == "keyframes" else None
        sampler = TimestampSampler(cfg)
        floor: int | None = None  # resume past this pts (moves forward on every failed resume)
        while True:
            if not self._cap.grab():
                floor = max(x for x in (clock.last_pts, floor, -1) if x is not None)
                resume = self._resume_point(floor, scan.key_pts)
                if resume is None:
                    break
                floor = resume  # if grabbing fails again at once, skip to the keyframe after it
                clock.resume_at(resume)
                continue
            self.stats.frames_decoded += 1
            pts, t, index = clock.grabbed(self._cap.get(self._cv2.CAP_PROP_POS_MSEC))
            if sampler.finished(t):
                break
            if (keys is not None and pts not in keys) or not sampler.wants(t):
                continue
            ok, bgr = self._cap.retrieve()
            if not ok or bgr is None:
                self.stats.corrupt_frames += 1
                continue
            sampler.take(t)
            self.stats.frames_emitted += 1
            yield Frame(t=t, index=index, rgb=resize_bgr(self._cv2, bgr, cfg.max_side))
        self._report(len(scan.pts))

    def _report(self, scanned: int) -> None:
        """Log what went wrong in one pass: a truncated file, frames lost to damaged data."""
        n = self.info.num_frames
        if n and scanned < n:
            self.stats.ended_early = True
            log.warning("%s: the data ends after %d of %d frames: file truncated", self._path, scanned, n)
        if self.stats.corrupt_packets:
            log.warning(
                "%s: OpenCV stopped at damaged data; resumed at the next keyframe, %d frames skipped",
                self._path,
                self.stats.corrupt_packets,
            )

    def _resume_point(self, done: int, key_pts: np.ndarray) -> int | None:
        """After ``grab()`` fails early (OpenCV stops at the first bad packet), seek to the next
        keyframe after pts ``done`` and count the frames lost; None at the real end."""
        scan = self._probe.scan()
        later = key_pts[key_pts > done]
        if not len(later):
            if len(scan.pts) and done < scan.pts[-1]:
                self.stats.corrupt_packets += int(np.count_nonzero(scan.pts > done))
            return None
        key = int(later[0])
        self.stats.corrupt_packets += int(np.count_nonzero((scan.pts > done) & (scan.pts < key)))
        # a failed grab leaves the capture unusable: reopen and seek to the keyframe
        self._cap.release()
        self._cap = self._open()
        raw = key if scan.raw_pts is None else int(scan.raw_pts[np.searchsorted(scan.pts, key)])
        self._cap.set(self._cv2.CAP_PROP_POS_MSEC, float((raw - self._t0) * self._tb) * 1000)
        return key


def open_camera(index: int, timeout: float = 10.0) -> Any:
    """An opened ``cv2.VideoCapture`` for webcam ``index`` or SourceError."""
    cv2 = require("cv2", "webcam capture")
    params = [
        cv2.CAP_PROP_OPEN_TIMEOUT_MSEC,
        int(timeout * 1000),
        cv2.CAP_PROP_READ_TIMEOUT_MSEC,
        int(timeout * 1000),
    ]
    cap = cv2.VideoCapture(index, cv2.CAP_ANY, params)
    if not cap.isOpened():
        raise SourceError(f"cannot open webcam {index}: no such camera, or it is in use")
    return cap


class FrameClock:
    """Times the frames OpenCV grabs, in order: its POS_MSEC (the decoder's pts minus the stream start,
    in ms, a double) snapped to the time base, found in the packet scan by its raw pts so that times
    and indices equal the other backends' exact ones (continuous over timestamp jumps)."""

    def __init__(self, tb: Fraction, t0: int, scan: StreamIndex, fallback_dt: float) -> None:
        self.tb, self.t0, self.fallback_dt = tb, t0, fallback_dt
        self.all_pts = scan.pts
        self.times = scan.time_map()  # raw pts -> continuous pts, found from a cursor moving forward
        self.cursor = 0
        self.shift = 0  # raw -> continuous of the last frame found (for frames not found)
        self.counter = -1
        self.last_pts: int | None = None
        self.last_t: float | None = None

    def grabbed(self, msec: float) -> tuple[int | None, float, int]:
        """(pts, seconds, presentation index) of the frame just grabbed, from its POS_MSEC."""
        self.counter += 1
        if msec != msec or msec < 0:  # no pts: continue from the last frame
            pts, t = None, (0.0 if self.last_t is None else self.last_t + self.fallback_dt)
            index = self.counter
        else:
            raw = round(msec / 1000 / self.tb) + self.t0
            pos = self.times.locate(raw, self.cursor)
            if pos is None:
                pts, index = raw + self.shift, self.counter
            else:
                pts, index, self.cursor = int(self.all_pts[pos]), pos, pos + 1
                self.shift = pts - raw
            t = float((pts - self.t0) * self.tb)
        self.last_pts, self.last_t = pts, t
        return pts, t, index

    def resume_at(self, pts: int) -> None:
        """Decoding goes on at the keyframe at ``pts`` (after damaged data)."""
        self.cursor = int(np.searchsorted(self.all_pts, pts))
