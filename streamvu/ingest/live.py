"""Live sources: cameras, network streams and real-time replays of files.

A reader thread decodes and samples; frames go through a bounded queue that drops the
*oldest* frame when the consumer is slow, so ingest never blocks and memory never grows.
``LiveSource.metrics`` exposes the counters (frames in/out/dropped, lag, reconnects). When a
stream drops, the reader reconnects with exponential backoff; a clean end of stream ends
iteration, a stream that stays broken raises :class:`~streamvu.errors.SourceError` in the
consumer after the frames already queued.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from streamvu.errors import SourceError
from streamvu.ingest.sampling import SamplerConfig
from streamvu.ingest.source import VideoSource
from streamvu.ingest.timeline import Discontinuity
from streamvu.messages import Frame

log = logging.getLogger(__name__)

_END = object()


@dataclass(frozen=True)
class IngestMetrics:
    """A snapshot of a live source's counters.

    frames_in: sampled frames the reader put in the queue.
    frames_out: frames handed to the consumer.
    frames_dropped: frames discarded (oldest first) because the queue was full.
    lag_s: seconds the last delivered frame waited between capture and delivery.
    max_lag_s: the largest ``lag_s`` so far.
    reconnects: times the stream was re-opened after dropping.
    gaps: times frames came again after a drop (a reconnect that delivered at least one frame).
    gap_s: wall seconds without frames over those gaps, added up (each from the last frame before
        the drop to the first frame after it). A live stream's clock (``Frame.t``) steps over the
        gap by as much, so it keeps following wall time; a finite one (a file over HTTP) resumes
        after the last frame given.
    queue_depth: frames waiting now.
    ended: the reader has finished (end of stream, error or ``close()``).
    error: why the stream failed for good (``None`` while healthy or after a clean end).
    discontinuities: where the stream's own timestamps jumped so far (``timeline.Discontinuity``;
        ``t`` on this source's clock).
    """

    frames_in: int = 0
    frames_out: int = 0
    frames_dropped: int = 0
    lag_s: float = 0.0
    max_lag_s: float = 0.0
    reconnects: int = 0
    gaps: int = 0
    gap_s: float = 0.0
    queue_depth: int = 0
    ended: bool = False
    error: str | None = None
    discontinuities: tuple[Discontinuity, ...] = ()


class DropOldestQueue:
    """A bounded FIFO whose ``put`` never blocks: when full, the oldest item is discarded."""

    def __init__(self, maxsize: int) -> None:
        if maxsize < 1:
            raise ValueError(f"queue_size must be >= 1, got {maxsize}")
        self._items: collections.deque = collections.deque()
        self._maxsize = maxsize
        self._cond = threading.Condition()
        self.dropped = 0

    def put(self, item: object) -> bool:
        """Append ``item``; returns True when an older item was dropped to make room."""
        with self._cond:
            dropped = len(self._items) >= self._maxsize
            if dropped:
                self._items.popleft()
                self.dropped += 1
            self._items.append(item)
            self._cond.notify()
            return dropped

    def put_end(self, item: object) -> None:
        """Append the end marker without dropping anything (it may exceed the bound by one)."""
        with self._cond:
            self._items.append(item)
            self._cond.notify()

    def get(self, timeout: float | None = None) -> object:
        """The oldest item; raises TimeoutError after ``timeout`` seconds with nothing queued."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._items, timeout):
                raise TimeoutError
            return self._items.popleft()

    def __len__(self) -> int:
        return len(self._items)


Opener = Callable[[], VideoSource]


@dataclass
class _Feed:
    """What the reader thread carries from one connection to the next."""

    t_offset: float = 0.0  # reader clock -> this source's clock
    index_offset: int = 0
    last: Frame | None = None  # the last frame queued
    last_put: float | None = None  # its wall time
    wall0: float | None = None  # a replay's wall time of t=0
    gap_from: float | None = None  # set while reconnected and waiting for the first frame
    rebasing: bool = False  # a live stream was re-opened: its clock restarts, place it at its first frame
    end: float | None = (
        None  # ``cfg.end`` on the continued clock, once the reader's sampler no longer sees it
    )

    def rebase(self, cfg: SamplerConfig, last: Frame) -> SamplerConfig:
        """A live stream was re-opened after ``last``: its clock restarts, so it goes on from the last
        frame given plus the wall time the gap lasted (stream time keeps following the clock on the
        wall). Returns the sampler the next connection reads with."""
        self.rebasing, self.index_offset = True, last.index + 1
        self.end = cfg.end if self.end is None else self.end
        return dataclasses.replace(cfg, start=0.0, end=None)


class LiveSource(VideoSource):
    """A camera, network stream or paced file replay behind a drop-oldest queue.

    Iterate ``frames(sampler)`` once; read ``metrics`` at any time (from any thread).
    ``backoff`` is (first delay, max delay) in seconds between reconnect attempts; ``reconnect``
    attempts are counted across drops until a connection stays up for ``STABLE_S`` seconds.
    """

    STABLE_S = 30.0

    def __init__(
        self,
        opener: Opener,
        *,
        realtime: bool = False,
        speed: float = 1.0,
        queue_size: int = 8,
        timeout: float = 10.0,
        reconnect: int = 0,
        backoff: tuple[float, float] = (0.5, 8.0),
    ) -> None:
        """``opener`` opens (and after a drop re-opens) the underlying reader; it is called once here,
        so a wrong path or URL fails at once. ``realtime`` paces frames by their timestamps (a file
        replayed like a camera) at ``speed`` x; ``reconnect`` is the number of re-open attempts."""
        super().__init__()
        if speed <= 0:
            raise SourceError(f"speed must be > 0, got {speed}")
        if reconnect < 0:
            raise SourceError(f"reconnect must be >= 0, got {reconnect}")
        self._queue = DropOldestQueue(queue_size)
        self._realtime = realtime
        self._speed = speed
        self._timeout = timeout
        self._backoff = backoff
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._started = False
        self._mlock = threading.Lock()
        self._frames_in = self._frames_out = self._reconnects = self._gaps = 0
        self._gap_s = 0.0
        self._t_offset = 0.0  # reader clock -> this source's clock (moves when a live stream rebases)
        self._past_jumps: tuple[Discontinuity, ...] = ()  # of earlier connections
        self._counted: VideoSource | None = None  # the reader whose jumps are in ``_past_jumps``
        self._lag = self._max_lag = 0.0
        self._error: str | None = None
        self._ended = False
        self._attempts = 0  # consecutive reconnect attempts (reset after STABLE_S of good streaming)
        self._open = opener
        self._max_reconnects = int(reconnect)
        self._reader = self._open()
        self.info = dataclasses.replace(self._reader.info, live=True)

    # -- consumer side ---------------------------------------------------------------------
    @property
    def metrics(self) -> IngestMetrics:
        with self._mlock:
            return IngestMetrics(
                self._frames_in,
                self._frames_out,
                self._queue.dropped,
                self._lag,
                self._max_lag,
                self._reconnects,
                self._gaps,
                self._gap_s,
                len(self._queue),
                self._ended,
                self._error,
                self.discontinuities,
            )

    @property
    def discontinuities(self) -> tuple[Discontinuity, ...]:
        """Where the timestamps jumped so far, over every connection, on this source's clock."""
        reader = self._reader
        now = reader.stats.discontinuities if reader is not None and reader is not self._counted else ()
        shift = self._t_offset
        return (*self._past_jumps, *(dataclasses.replace(d, t=d.t + shift) for d in now))

    def frames(self, sampler: SamplerConfig | None = None) -> Iterator[Frame]:
        cfg = sampler or SamplerConfig()
        if self._closed:
            raise SourceError(f"{self.info.source!r} is closed")
        if self._started:
            raise SourceError(f"{self.info.source!r} is live: frames() can be iterated only once")
        self._started = True
        self._thread = threading.Thread(target=self._run, args=(cfg,), name="streamvu-ingest", daemon=True)
        self._thread.start()
        return self._consume()

    def _consume(self) -> Iterator[Frame]:
        while True:
            try:
                item = self._queue.get(timeout=0.5)
            except TimeoutError:
                if self._thread is not None and not self._thread.is_alive() and not len(self._queue):
                    return  # reader gone without an end marker (closed): end cleanly
                continue
            if item is _END:
                if self._error:
                    raise SourceError(self._error)
                return
            frame, captured = item  # type: ignore[misc]
            lag = time.monotonic() - captured
            with self._mlock:
                self._frames_out += 1
                self._lag, self._max_lag = lag, max(self._max_lag, lag)
            yield frame

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=self._timeout + 2.0)
        reader, self._reader = getattr(self, "_reader", None), None
        if reader is not None:
            reader.close()
        super().close()

    # -- reader thread ---------------------------------------------------------------------
    def _sleep(self, seconds: float) -> bool:
        """Sleep unless stopped; False when ``close()`` was called."""
        return not self._stop.wait(max(0.0, seconds))

    def _run(self, cfg: SamplerConfig) -> None:
        """The reader thread: read a connection's frames into the queue, reconnect when it fails or a
        live stream ends, until closed, the sampler's end, or the reconnect budget is spent."""
        feed = _Feed()
        try:
            while not self._stop.is_set():
                connected = time.monotonic()
                failure, stopped = self._read_connection(cfg, feed)
                if stopped or self._stop.is_set():
                    return
                if failure is None and (self.info.duration > 0 or self._realtime):
                    return  # clean end of a finite stream or of a replay
                if time.monotonic() - connected >= self.STABLE_S:
                    self._attempts = 0  # it ran fine for a while: a fresh reconnect budget
                if feed.gap_from is None:
                    feed.gap_from = feed.last_put if feed.last_put is not None else connected
                self._past_jumps, self._counted = self.discontinuities, self._reader
                if not self._reconnect(failure):
                    return
                if feed.last is not None and not self._reader.info.duration > 0:
                    # a finite stream (VOD) resumes after the last frame given, its times kept; a live
                    # one restarts its clock
                    cfg = feed.rebase(cfg, feed.last)
        finally:
            with self._mlock:
                self._ended = True
            self._queue.put_end(_END)

    def _read_connection(self, cfg: SamplerConfig, feed: _Feed) -> tuple[str | None, bool]:
        """Queue one connection's frames on the continued clock; (why it failed or None, stop now)."""
        try:
            for frame in self._reader.frames(cfg):
                if self._stop.is_set():
                    return None, True
                if feed.rebasing and feed.last is not None and feed.last_put is not None:
                    step = 1.0 / (self.info.fps or 30.0)
                    feed.t_offset = feed.last.t + max(step, time.monotonic() - feed.last_put) - frame.t
                    self._t_offset, feed.rebasing = feed.t_offset, False
                frame = Frame(t=frame.t + feed.t_offset, index=frame.index + feed.index_offset, rgb=frame.rgb)
                if feed.end is not None and frame.t > feed.end:
                    return None, True
                if feed.last is not None and frame.t <= feed.last.t:
                    continue  # a resumed stream repeating frames already sent
                if self._realtime and not self._pace(frame, feed):
                    return None, True
                self._put(frame, feed)
        except SourceError as exc:
            return str(exc), False
        except Exception as exc:  # noqa: BLE001 - a decoder/driver error must not end silently
            return f"{type(exc).__name__}: {exc}", False
        return None, False

    def _pace(self, frame: Frame, feed: _Feed) -> bool:
        """A replay waits until the frame's time on the wall clock; False when closed meanwhile."""
        if feed.wall0 is None:
            feed.wall0 = time.monotonic() - frame.t / self._speed
        return self._sleep(feed.wall0 + frame.t / self._speed - time.monotonic())

    def _put(self, frame: Frame, feed: _Feed) -> None:
        """Queue ``frame`` and count it (and the gap it ends, after a reconnect)."""
        feed.last = frame
        feed.last_put = time.monotonic()
        self._queue.put((frame, feed.last_put))
        with self._mlock:
            self._frames_in += 1
            if feed.gap_from is not None:
                self._gaps += 1
                self._gap_s += feed.last_put - feed.gap_from
        if feed.gap_from is not None:
            log.warning(
                "%s: frames again after a %.1f s gap", self.info.source, feed.last_put - feed.gap_from
            )
            feed.gap_from = None

    def _reconnect(self, failure: str | None) -> bool:
        """Re-open with exponential backoff; False (with ``error`` set on failure) when giving up."""
        self._reader.close()
        why = failure or "end of data"
        while self._attempts < self._max_reconnects:
            self._attempts += 1
            attempt = self._attempts
            delay = min(self._backoff[1], self._backoff[0] * 2 ** (attempt - 1))
            log.warning(
                "%s: stream dropped (%s); reconnecting in %.1fs (attempt %d of %d)",
                self.info.source,
                why,
                delay,
                attempt,
                self._max_reconnects,
            )
            if not self._sleep(delay):
                return False
            try:
                self._reader = self._open()
            except SourceError as exc:
                why = str(exc)
                continue
            with self._mlock:
                self._reconnects += 1
            return True
        if failure is None:  # the stream ended and its server is gone: a clean end
            log.info("%s: stream ended (%s)", self.info.source, why)
            return False
        self._error = (
            f"{self.info.source!r}: stream lost and not recovered after "
            f"{self._max_reconnects} reconnect attempts: {why}"
        )
        log.error("%s", self._error)
        return False


__all__ = ["DropOldestQueue", "IngestMetrics", "LiveSource", "Opener"]
