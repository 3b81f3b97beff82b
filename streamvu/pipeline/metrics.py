"""Live counters of a :class:`~streamvu.pipeline.stream.Stream`: ingest rate, lag, drops, answer latencies.

:class:`StreamMetrics` is an immutable report (``Stream.metrics()``); :class:`IngestMeter` and
:class:`AnswerMeter` are the thread-safe accumulators behind it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from streamvu.ingest.timeline import Discontinuity
from streamvu.messages import Answer
from streamvu.pipeline.lifecycle import StreamState


@dataclass(frozen=True)
class LatencyStats:
    """Latencies (seconds) of the last answers a stream gave (timeouts and errors excluded).

    count: answers measured. ttft_*: time to first token from the start of answering;
    wait_p50: time between the ask and the start of answering (queueing, not counting future
    questions' wait for evidence); latency_*: whole answer; tokens_per_s: mean streaming rate.
    """

    count: int = 0
    ttft_p50: float | None = None
    ttft_p95: float | None = None
    wait_p50: float | None = None
    latency_p50: float | None = None
    latency_p95: float | None = None
    tokens_per_s: float | None = None


@dataclass(frozen=True)
class StreamMetrics:
    """A stream's state at one instant (``Stream.metrics()``).

    state: "starting" | "running" | "ended" (source exhausted or ``until`` reached) | "failed" | "closed".
    stream_time: time of the newest frame in memory (None before the first).
    frames_ingested: frames added to memory; frames_skipped: frames dropped by ingest because their
        time was not after the previous one's.
    ingest_fps: frames added to memory per wall second over the last few seconds.
    speed: stream seconds ingested per wall second over the same window (1.0 = real time).
    ingest_latency_s: median seconds from a frame leaving the source to its arrival in memory (encoding).
    lag_s: live and real-time sources: how far memory is behind the live edge (wall time elapsed since
        the first frame, times the replay speed, minus the stream time covered); None for files read
        as fast as possible.
    drops: frames the live source dropped (its bounded queue drops the oldest); 0 for files.
    entries_in_memory / frames_in_memory: memory entries now, and the frames merged into them.
    memory_bytes: RAM held by memory tensors.
    pending: future and scheduled questions waiting for their evidence or time.
    answering: questions queued or being answered now.
    answered / timeouts / errors: questions finished so far, by outcome.
    latency: :class:`LatencyStats` of recent answers.
    source: the source's own counters (decode statistics, live-source metrics) as a dict; its
        ``"discontinuities"`` are read back as :attr:`discontinuities`.
    error: the exception text when ingest failed.
    """

    state: StreamState
    stream_time: float | None
    frames_ingested: int
    frames_skipped: int
    ingest_fps: float
    speed: float
    ingest_latency_s: float | None
    lag_s: float | None
    drops: int
    entries_in_memory: int
    frames_in_memory: int
    memory_bytes: int
    pending: int
    answering: int
    answered: int
    timeouts: int
    errors: int
    latency: LatencyStats = field(default_factory=LatencyStats)
    source: dict = field(default_factory=dict)
    error: str | None = None

    @property
    def discontinuities(self) -> tuple[Discontinuity, ...]:
        """Where the source's own timestamps jumped (a restart, a wrap, a gap) and how stream time
        went on over them (see :mod:`streamvu.ingest.timeline`); empty for a steady clock."""
        return discontinuities_of(self.source)


def discontinuities_of(source: dict) -> tuple[Discontinuity, ...]:
    """The discontinuities in a source-counters dict (dataclasses or their ``asdict`` form)."""
    found = source.get("discontinuities") or ()
    return tuple(d if isinstance(d, Discontinuity) else Discontinuity(**d) for d in found)


class IngestMeter:
    """Counts frames entering memory; rates over a sliding window of ``window_s`` wall seconds."""

    def __init__(self, window_s: float = 5.0) -> None:
        self.window_s = window_s
        self._lock = threading.Lock()
        self._events: deque[tuple[float, float]] = deque()  # (wall time, stream time)
        self._latency: deque[float] = deque(maxlen=256)
        self.frames = 0
        self.skipped = 0
        self.first_wall: float | None = None
        self.first_t: float | None = None

    def add(self, t: float, source_wall: float) -> None:
        """One frame of stream time ``t`` in memory; it left the source at ``source_wall``."""
        now = time.perf_counter()
        with self._lock:
            if self.first_wall is None:
                self.first_wall, self.first_t = source_wall, t
            self.frames += 1
            self._events.append((now, t))
            self._latency.append(now - source_wall)
            while self._events and now - self._events[0][0] > self.window_s:
                self._events.popleft()

    def skip(self) -> None:
        with self._lock:
            self.skipped += 1

    def rates(self) -> tuple[float, float, float | None]:
        """(frames/s, stream seconds per wall second, median ingest latency) over the window."""
        now = time.perf_counter()
        with self._lock:
            events = [e for e in self._events if now - e[0] <= self.window_s]
            latency = float(np.median(self._latency)) if self._latency else None
        if len(events) < 2:
            return 0.0, 0.0, latency
        span = max(now - events[0][0], 1e-9)
        return (len(events) - 1) / span, (events[-1][1] - events[0][1]) / span, latency

    def lag(self, latest_t: float | None, speed: float) -> float | None:
        """Seconds memory is behind a live edge that started with the first frame."""
        with self._lock:
            if self.first_wall is None or latest_t is None or self.first_t is None:
                return None
            edge = (time.perf_counter() - self.first_wall) * speed
            return max(0.0, edge - (latest_t - self.first_t))


class AnswerMeter:
    """Outcomes and latencies of answers (the last ``keep`` answers are kept for percentiles)."""

    def __init__(self, keep: int = 1000) -> None:
        self._lock = threading.Lock()
        self._answers: deque[tuple[float, float, float, float]] = deque(maxlen=keep)
        self.answered = 0
        self.timeouts = 0
        self.errors = 0

    def record(self, answer: Answer, future: bool = False) -> None:
        with self._lock:
            if answer.status == "timeout":
                self.timeouts += 1
                return
            self.answered += 1
            wait = 0.0 if future else answer.wait
            self._answers.append((answer.time_to_first_token, wait, answer.latency, answer.tokens_per_s))

    def error(self) -> None:
        with self._lock:
            self.errors += 1

    def stats(self) -> LatencyStats:
        with self._lock:
            rows = np.asarray(self._answers, dtype=np.float64).reshape(-1, 4)
        if not len(rows):
            return LatencyStats()
        rates = rows[:, 3][rows[:, 3] > 0]
        return LatencyStats(
            count=len(rows),
            ttft_p50=float(np.percentile(rows[:, 0], 50)),
            ttft_p95=float(np.percentile(rows[:, 0], 95)),
            wait_p50=float(np.percentile(rows[:, 1], 50)),
            latency_p50=float(np.percentile(rows[:, 2], 50)),
            latency_p95=float(np.percentile(rows[:, 2], 95)),
            tokens_per_s=float(rates.mean()) if len(rates) else None,
        )
