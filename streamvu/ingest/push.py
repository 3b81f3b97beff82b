"""A live source fed from outside: frames pushed one at a time (a browser's camera, a callback).

The producer calls :meth:`PushSource.push` with an RGB array as each frame arrives; the consumer
(a :class:`~streamvu.pipeline.stream.Stream`) iterates :meth:`PushSource.frames` as from any live
source. Frame times are seconds since the first frame was accepted, on the monotonic clock of
arrival. Caps are applied in ``push`` before anything is queued: at most ``max_fps`` frames a
second (and no more than the consumer's sampler asks for), the longer side resized to at most
``max_side`` pixels, frames larger than ``max_pixels`` refused. Accepted frames wait in a bounded
drop-oldest queue, so a slow consumer drops the oldest frames (counted) and a fast producer never
blocks. :meth:`end` finishes the stream cleanly after the frames queued; :meth:`close` at once.
"""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from PIL import Image

from streamvu.errors import SourceError
from streamvu.ingest.live import DropOldestQueue
from streamvu.ingest.sampling import SamplerConfig, TimestampSampler, target_size
from streamvu.ingest.source import DecodeStats, VideoInfo, VideoSource
from streamvu.messages import Frame

_END = object()


@dataclass(frozen=True)
class PushMetrics:
    """A snapshot of a :class:`PushSource`'s counters.

    frames_pushed: frames offered to ``push``; frames_in: accepted and queued; frames_out: handed
    to the consumer; frames_dropped: discarded (oldest first) because the queue was full;
    frames_skipped: refused by the rate caps (``max_fps`` or the consumer's sampling rate);
    frames_refused: refused as too large or not an image.
    arrival_fps: frames pushed per second over the last few seconds.
    lag_s: seconds the last delivered frame waited in the queue; max_lag_s: the largest so far.
    settle_p50_s / settle_p95_s: seconds from a frame's arrival to the consumer coming back for the
        next frame (for a stream: the frame was encoded and is in memory), over the last 200 frames.
    queue_depth: frames waiting now; ended: no more frames will come; error: why it ended, if not cleanly.
    """

    frames_pushed: int = 0
    frames_in: int = 0
    frames_out: int = 0
    frames_dropped: int = 0
    frames_skipped: int = 0
    frames_refused: int = 0
    arrival_fps: float = 0.0
    lag_s: float = 0.0
    max_lag_s: float = 0.0
    settle_p50_s: float | None = None
    settle_p95_s: float | None = None
    queue_depth: int = 0
    ended: bool = False
    error: str | None = None


class PushSource(VideoSource):
    """Frames pushed by a producer thread, read by one consumer (see the module doc).

    ``max_fps``: frames accepted per second at most (None: no cap; the first frame at or after each
    ``k / max_fps`` s is kept); ``max_side``: the longer side
    of a queued frame at most (None: as pushed); ``max_pixels``: larger frames are refused (a
    client cannot make the server resize a huge image); ``queue_size``: frames buffered before the
    oldest is dropped; ``name``: what ``info.source`` says.
    """

    def __init__(
        self,
        name: str = "push",
        *,
        max_fps: float | None = 5.0,
        max_side: int | None = 640,
        max_pixels: int = 4096 * 4096,
        queue_size: int = 8,
    ) -> None:
        super().__init__()
        if max_fps is not None and not max_fps > 0:
            raise SourceError(f"max_fps must be > 0 or None, got {max_fps}")
        if max_side is not None and max_side < 2:
            raise SourceError(f"max_side must be >= 2 or None, got {max_side}")
        self.max_fps, self.max_side, self.max_pixels = max_fps, max_side, int(max_pixels)
        self._queue = DropOldestQueue(queue_size)
        self._mlock = threading.Lock()
        self._t0: float | None = None
        self._last_t: float | None = None
        self._sampler: TimestampSampler | None = None
        self._sampler_cfg = SamplerConfig(fps=None)
        self._cap = TimestampSampler(SamplerConfig(fps=max_fps)) if max_fps else None
        self._started = self._ended = False
        self._error: str | None = None
        self._pushed = self._in = self._out = self._skipped = self._refused = 0
        self._index = -1
        self._lag = self._max_lag = 0.0
        self._arrivals: collections.deque[float] = collections.deque(maxlen=64)
        self._settle: collections.deque[float] = collections.deque(maxlen=200)
        self.info = VideoInfo(
            source=name, duration=0.0, fps=float(max_fps or 0.0), num_frames=None, width=0, height=0,
            backend="push", live=True,
        )  # fmt: skip
        self.stats = DecodeStats(strategy="push")

    # -- producer side -----------------------------------------------------------------------------
    def push(self, rgb: np.ndarray, arrived: float | None = None) -> bool:
        """Offer one frame (H x W x 3 uint8 RGB; gray or RGBA are converted) that arrived at
        ``arrived`` (``time.monotonic()``, default now). True when it was queued; False when a cap
        skipped it or the source has ended. Raises nothing for a bad frame: it is counted as refused."""
        now = time.monotonic() if arrived is None else float(arrived)
        with self._mlock:
            if self._ended or self._closed:
                return False
            self._pushed += 1
            self._arrivals.append(now)
            t = 0.0 if self._t0 is None else now - self._t0
            # each cap keeps the first frame at or after each of its target times (k / fps): a
            # jittery producer near the cap keeps its rate instead of losing every early frame
            samplers = [s for s in (self._cap, self._sampler) if s is not None and not s.config.every_frame]
            if not all(s.wants(t) for s in samplers):
                self._skipped += 1
                return False
        frame = self._fit(rgb)
        with self._mlock:
            if frame is None:
                self._refused += 1
                return False
            if self._t0 is None:
                self._t0, t = now, 0.0
            if (self._last_t is not None and t <= self._last_t) or not all(s.wants(t) for s in samplers):
                self._skipped += 1  # a frame pushed at the same time from another thread got there first
                return False
            for s in samplers:
                s.take(t)
            self._last_t = t
            self._index += 1
            self._in += 1
            self.stats.frames_decoded += 1
            self._queue.put((Frame(t=t, index=self._index, rgb=frame), now))
            if self.info.width == 0:
                h, w = frame.shape[:2]
                self.info = VideoInfo(self.info.source, 0.0, self.info.fps, None, w, h, "push", True)
        return True

    def _fit(self, rgb) -> np.ndarray | None:
        """The frame as a contiguous RGB uint8 array within ``max_side``; None when unusable."""
        try:
            arr = np.asarray(rgb)
        except Exception:  # noqa: BLE001 - not array-like
            return None
        if arr.ndim == 2:
            arr = np.repeat(arr[:, :, None], 3, axis=2)
        if arr.ndim != 3 or arr.shape[2] not in (3, 4) or arr.shape[0] < 2 or arr.shape[1] < 2:
            return None
        if arr.shape[0] * arr.shape[1] > self.max_pixels:
            return None
        if arr.dtype != np.uint8:
            if not np.issubdtype(arr.dtype, np.number):
                return None
            scale = 255.0 if np.issubdtype(arr.dtype, np.floating) and float(np.nanmax(arr)) <= 1.0 else 1.0
            arr = np.clip(np.nan_to_num(arr.astype(np.float32) * scale), 0, 255).astype(np.uint8)
        arr = arr[:, :, :3]
        h, w = arr.shape[:2]
        cfg_side = self._sampler_cfg.max_side
        sides = [s for s in (self.max_side, cfg_side) if s]
        tw, th = target_size(w, h, min(sides) if sides else None)
        if (tw, th) != (w, h):
            arr = np.asarray(Image.fromarray(np.ascontiguousarray(arr)).resize((tw, th), Image.BILINEAR))
        return np.ascontiguousarray(arr)

    def end(self, error: str | None = None) -> None:
        """No more frames: the consumer gets the frames queued, then the end (a
        :class:`SourceError` with ``error`` when given)."""
        with self._mlock:
            if self._ended:
                return
            self._ended, self._error = True, error
        self._queue.put_end(_END)

    # -- consumer side -----------------------------------------------------------------------------
    @property
    def metrics(self) -> PushMetrics:
        with self._mlock:
            arrivals = list(self._arrivals)
            settle = sorted(self._settle)
            fps = 0.0
            if len(arrivals) >= 2:
                recent = [a for a in arrivals if time.monotonic() - a <= 5.0]
                if len(recent) >= 2:
                    fps = (len(recent) - 1) / max(recent[-1] - recent[0], 1e-6)
            return PushMetrics(
                frames_pushed=self._pushed,
                frames_in=self._in,
                frames_out=self._out,
                frames_dropped=self._queue.dropped,
                frames_skipped=self._skipped,
                frames_refused=self._refused,
                arrival_fps=fps,
                lag_s=self._lag,
                max_lag_s=self._max_lag,
                settle_p50_s=_quantile(settle, 0.5),
                settle_p95_s=_quantile(settle, 0.95),
                queue_depth=len(self._queue),
                ended=self._ended,
                error=self._error,
            )

    def frames(self, sampler: SamplerConfig | None = None) -> Iterator[Frame]:
        """The frames pushed from now on, at most ``sampler.fps`` a second (default: every frame
        the caps let through); can be iterated once."""
        if self._closed:
            raise SourceError(f"{self.info.source!r} is closed")
        if self._started:
            raise SourceError(f"{self.info.source!r} is live: frames() can be iterated only once")
        self._started = True
        cfg = sampler or SamplerConfig(fps=None)
        with self._mlock:
            self._sampler_cfg = cfg
            self._sampler = TimestampSampler(cfg)
        return self._consume(cfg)

    def _consume(self, cfg: SamplerConfig) -> Iterator[Frame]:
        handed: float | None = None  # arrival of the frame handed out last
        while True:
            if handed is not None:
                with self._mlock:
                    self._settle.append(time.monotonic() - handed)
                handed = None
            try:
                item = self._queue.get(timeout=0.5)
            except TimeoutError:
                if self._closed:
                    return
                continue
            if item is _END:
                if self._error:
                    raise SourceError(self._error)
                return
            frame, arrived = item  # type: ignore[misc]
            if cfg.end is not None and frame.t > cfg.end:
                return
            lag = time.monotonic() - arrived
            with self._mlock:
                self._out += 1
                self._lag, self._max_lag = lag, max(self._max_lag, lag)
                self.stats.frames_emitted += 1
            handed = arrived
            yield frame

    def close(self) -> None:
        with self._mlock:
            self._ended = True
        super().close()
        self._queue.put_end(_END)


def _quantile(sorted_values: list[float], q: float) -> float | None:
    if not sorted_values:
        return None
    return float(sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))])


__all__ = ["PushMetrics", "PushSource"]
