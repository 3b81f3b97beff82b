"""The streaming engine: ingest in its own thread, questions answered concurrently at any moment.

>>> with Stream("sample:bikes") as s:                       # doctest: +SKIP
...     s.wait_until(5.0)
...     print(s.ask("what is in the video now?").text)
...     cat = s.ask_async("tell me when a cat appears")        # answered when a cat shows up
...     for piece in s.ask_stream("what happened so far?"):
...         print(piece, end="", flush=True)

Threads: one ``streamvu-stream-ingest`` thread pulls frames from the source, encodes them in small
batches and adds them to memory; after each frame it checks the pending questions (cheap dot
products) and, when one is due, takes a memory snapshot and hands it to a pool of
``StreamConfig.workers`` ``streamvu-answer`` threads. Answering never holds a lock ingest needs:
it reads an immutable :class:`~streamvu.memory.MemorySnapshot`. A ``streamvu-monitor`` thread
enforces wall-clock limits when no frame arrives. Live sources buffer in a bounded drop-oldest
queue (``queue_size``), so a slow encoder drops frames instead of buffering without bound.

Question timing: a question is asked at the stream time of the newest frame in memory when it is
asked (``at=`` overrides it; a time ahead of the stream waits until the stream gets there) and is
answered from memory up to that time only.

Modes (``mode="auto"`` infers one from the wording, see :func:`~streamvu.pipeline.query.infer_mode`):

* ``now`` / ``past``: answered at once from the snapshot taken when asked (recent window /
  retrieval over long-term memory).
* ``future``: registered and answered proactively when the evidence arrives: each new frame's
  text key is compared with the question's target (see :mod:`streamvu.pipeline.triggers`). The
  answer rests on the frames that triggered it (``Answer.answered_at`` is the trigger frame's time,
  ``question.asked_at`` the ask time). If nothing matches within ``future_timeout_s`` seconds of
  stream time (or ``future_wall_timeout_s`` of wall time, or before the stream ends or is closed),
  the answer has ``status="timeout"`` and says so; it is not an exception.

Errors: bad questions raise :class:`~streamvu.errors.QuestionError` at once from ``ask*``. A
question asked before the first frame waits up to ``first_frame_timeout_s`` for it (0 raises at
once). A backend failure while answering fails that question's future only. A source failure
mid-stream stops ingest (``Stream.error``, ``metrics().state == "failed"``, ``wait_until`` raises
:class:`~streamvu.errors.SourceError`); questions on the memory already built still work.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from streamvu.errors import QuestionError, SourceError
from streamvu.ingest.source import VideoInfo
from streamvu.memory import PyramidMemory
from streamvu.messages import TIME_TOLERANCE_S, Answer, ChoiceScoring, Frame, FrameTokens, QuestionMode
from streamvu.pipeline.answer_stream import AnswerStream
from streamvu.pipeline.engine import Pipeline, PipelineConfig
from streamvu.pipeline.lifecycle import StreamState, advance
from streamvu.pipeline.metrics import AnswerMeter, IngestMeter, StreamMetrics
from streamvu.pipeline.pending import Pending
from streamvu.pipeline.query import check_text, infer_mode, is_generic, target_phrase
from streamvu.pipeline.questions import QuestionBoard
from streamvu.pipeline.request import AskRequest
from streamvu.pipeline.stream_config import StreamConfig
from streamvu.pipeline.stream_source import (
    SourceLike,
    close_source,
    open_frames,
    source_metrics,
    stream_encoder_for,
)

__all__ = ["AnswerStream", "AskRequest", "Stream", "StreamConfig"]

log = logging.getLogger(__name__)


class Stream:
    """A video stream being watched: ingest runs in a background thread from construction (unless
    ``start=False``) until the source ends, ``until`` is reached or :meth:`close` is called.

    source: a file path, ``sample:NAME``, a URL (RTSP/RTMP/HTTP(S)/HLS/UDP/SRT), a webcam index,
        an opened :class:`VideoSource`, or any iterable of :class:`Frame` (encoded here) or of
        :class:`FrameTokens` (already encoded: added to memory as they come).
    config: a :class:`StreamConfig`, or a :class:`PipelineConfig` (other stream settings default).
    pipeline: reuse an existing pipeline (its models and memory); else one is built from
        ``config.pipeline`` with the given ``encoder`` / ``embedder`` / ``answerer`` overrides.
    Raises :class:`SourceError` at once when the source cannot be opened.
    """

    def __init__(
        self,
        source: SourceLike,
        config: StreamConfig | PipelineConfig | None = None,
        *,
        pipeline: Pipeline | None = None,
        encoder=None,
        embedder=None,
        answerer=None,
        start: bool = True,
    ) -> None:
        if isinstance(config, PipelineConfig):
            config = StreamConfig(pipeline=config)
        self.config = config or StreamConfig()
        self.pipeline = pipeline or Pipeline(
            self.config.pipeline, encoder=encoder, embedder=embedder, answerer=answerer
        )
        self._frames, self._source, self._live = open_frames(source, self.config, self.pipeline)
        self._encoder = stream_encoder_for(self.pipeline, source, self._source, self._live)
        # one lock guards the stream's state and the board's pending questions and answer count
        self._lock = threading.Condition(threading.RLock())
        self._state = StreamState.STARTING
        self._error: BaseException | None = None
        self._stop = threading.Event()
        self._closed = False
        self._ingest_meter = IngestMeter()
        self._answer_meter = AnswerMeter()
        self._executor = ThreadPoolExecutor(self.config.workers, thread_name_prefix="streamvu-answer")
        self._questions = QuestionBoard(
            self.config, self.pipeline, self._lock, self._stop, self._executor, self._answer_meter
        )
        self._ingest = threading.Thread(target=self._run, name="streamvu-stream-ingest", daemon=True)
        self._monitor = threading.Thread(target=self._questions.watch, name="streamvu-monitor", daemon=True)
        if start:
            self.start()

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> Stream:
        """Start ingesting (done by the constructor unless ``start=False``)."""
        if self._closed:
            raise SourceError("the stream is closed")
        if not self._ingest.is_alive() and self._ingest.ident is None:
            self._ingest.start()
            self._monitor.start()
        return self

    def close(self, cancel: bool = False, timeout: float = 10.0) -> None:
        """Stop ingest, end its thread and the answer threads; idempotent.

        Pending future questions get ``status="timeout"`` answers ("the stream was closed"),
        scheduled ones a QuestionError. Answers already handed to the worker pool finish first,
        unless ``cancel`` (then those not yet started are cancelled). ``timeout``: seconds to wait
        for the ingest thread before closing the source under it (to unblock a stalled live read).
        """
        if self._closed:
            return
        self._closed = True
        self._questions.cancel_answers = cancel
        self._stop.set()
        if self._ingest.ident is not None:
            self._ingest.join(timeout)
            if self._ingest.is_alive() and self._source is not None:
                log.warning("ingest did not stop within %.1f s; closing the source under it", timeout)
                self._close_source()
                self._ingest.join(timeout)
        else:  # never started: nothing else owns the source
            self._close_source()
            self._finish(StreamState.CLOSED, "the stream was closed")
        if self._monitor.ident is not None:
            self._monitor.join(timeout)
        self._executor.shutdown(wait=True)
        with self._lock:
            self._move(StreamState.CLOSED)  # a failed stream stays failed
            self._lock.notify_all()

    def __enter__(self) -> Stream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for ingest to end (source exhausted, ``until`` reached, failure or close); True if it did."""
        if self._ingest.ident is None:
            return self._closed
        self._ingest.join(timeout)
        return not self._ingest.is_alive()

    # -- state -------------------------------------------------------------------------------
    @property
    def memory(self) -> PyramidMemory:
        return self.pipeline.memory

    @property
    def time(self) -> float | None:
        """Stream time of the newest frame in memory (None before the first)."""
        return self.pipeline.memory.latest_t

    @property
    def state(self) -> StreamState:
        """ "starting" | "running" | "ended" | "failed" | "closed"."""
        with self._lock:
            return self._state

    @property
    def error(self) -> BaseException | None:
        """The exception that stopped ingest (None while it runs or after a clean end)."""
        return self._error

    @property
    def info(self) -> VideoInfo | None:
        """What the source reported when opened (None for iterables)."""
        return self._source.info if self._source is not None else None

    @property
    def ingesting(self) -> bool:
        return self._ingest.is_alive()

    def wait_until(self, t: float, timeout: float | None = None) -> bool:
        """Block until the stream time reaches ``t`` seconds. False when ``timeout`` (wall seconds)
        passes or the stream ends cleanly before ``t``; raises :class:`SourceError` when ingest failed
        before ``t``."""
        deadline = None if timeout is None else time.perf_counter() + timeout
        with self._lock:
            while True:
                latest = self.pipeline.memory.latest_t
                if latest is not None and latest >= t - TIME_TOLERANCE_S:
                    return True
                if self._state is StreamState.FAILED:
                    raise SourceError(
                        f"the stream failed at {latest if latest is not None else 0.0:.1f} s before "
                        f"reaching {t:.1f} s: {self._error}"
                    ) from self._error
                if self._state in (StreamState.ENDED, StreamState.CLOSED):
                    return False
                remaining = None if deadline is None else deadline - time.perf_counter()
                if remaining is not None and remaining <= 0:
                    return False
                self._lock.wait(0.5 if remaining is None else min(remaining, 0.5))

    # -- questions ---------------------------------------------------------------------------
    # ask, ask_stream and ask_async take the same keywords: the fields of AskRequest, plus on_token
    def ask(
        self,
        text: str,
        at: float | None = None,
        mode: QuestionMode = "auto",
        on_token: Callable[[str], None] | None = None,
        within: float | None = None,
        options: Sequence[str] = (),
        timeout: float | None = None,
        prompt: str | None = None,
        choice_scoring: ChoiceScoring = "auto",
    ) -> Answer:
        """Ask and wait for the answer (see :meth:`ask_async`); ``timeout``: wall seconds to wait,
        then ``TimeoutError`` (the question stays registered)."""
        request = AskRequest(text, at, mode, options, prompt, choice_scoring, within, timeout)
        return self.submit(request, on_token).result(request.timeout)

    def ask_stream(
        self,
        text: str,
        at: float | None = None,
        mode: QuestionMode = "auto",
        on_token: Callable[[str], None] | None = None,
        within: float | None = None,
        options: Sequence[str] = (),
        timeout: float | None = None,
        prompt: str | None = None,
        choice_scoring: ChoiceScoring = "auto",
    ) -> AnswerStream:
        """Ask and iterate the answer's text pieces as they are generated (see :meth:`ask_async`).

        on_token: also called with each piece (from a worker thread).
        timeout: wall seconds from now that iterating (and ``answer()``) waits for the answer, then
            ``TimeoutError`` (the question stays registered).
        """
        request = AskRequest(text, at, mode, options, prompt, choice_scoring, within, timeout)
        out = AnswerStream(request.timeout)

        def put(piece: str) -> None:
            out._put(piece)
            if on_token is not None:
                on_token(piece)

        out._attach(self.submit(request, put))
        return out

    def ask_async(
        self,
        text: str,
        at: float | None = None,
        mode: QuestionMode = "auto",
        on_token: Callable[[str], None] | None = None,
        within: float | None = None,
        options: Sequence[str] = (),
        timeout: float | None = None,
        prompt: str | None = None,
        choice_scoring: ChoiceScoring = "auto",
    ) -> Future[Answer]:
        """Ask a question without blocking; the :class:`~concurrent.futures.Future` gives the Answer.

        at: stream time the question is asked at (default: the newest frame's time now); a time
            ahead of the stream is answered when the stream reaches it.
        mode: "auto" | "now" | "past" | "future"; future questions wait for their evidence.
        on_token: called with each piece of the answer as it is generated (from a worker thread).
        within: future questions: stream seconds to wait for the evidence (default
            ``config.future_timeout_s``).
        options: answer choices of a multiple-choice question (see :class:`Question`).
        timeout: checked like the others, then left to the caller (``future.result(timeout)``).
        prompt, choice_scoring: the exact text for a generative model and how a multiple-choice
            question is decided (see :class:`Question`).
        Raises :class:`QuestionError` at once for an empty or overlong question, an unknown mode or
        choice scoring, a negative time, a closed stream, or no frame yet (with
        ``first_frame_timeout_s=0``).
        """
        request = AskRequest(text, at, mode, options, prompt, choice_scoring, within, timeout)
        return self.submit(request, on_token)

    def submit(self, request: AskRequest, on_token: Callable[[str], None] | None = None) -> Future[Answer]:
        """Ask ``request`` without blocking (what :meth:`ask_async` does with its arguments)."""
        text, at, mode = request.text, request.at, request.mode
        check_text(text, mode, self.pipeline.queries.config.max_question_chars, at)
        if self._closed:
            raise QuestionError("the stream is closed; questions can no longer be asked")
        future_mode = (infer_mode(text) if mode == "auto" else mode) == "future"
        pending = Pending(
            request=request,
            future_mode=future_mode,
            result=Future(),
            on_token=on_token,
            asked_wall=time.perf_counter(),
            within=self.config.future_timeout_s if request.within is None else request.within,
        )
        if future_mode:
            pending.target = target_phrase(text)
            pending.matcher = self.pipeline.answerer.frame_matcher(text)
            if pending.matcher is None and not is_generic(pending.target):
                pending.key = self.pipeline.embedder.embed_one(pending.target)
        with self._lock:
            snapshot = self.pipeline.memory.snapshot()
            latest = snapshot.latest_t
            over = self._state in (StreamState.ENDED, StreamState.FAILED, StreamState.CLOSED)
            if latest is None:
                if over:
                    raise QuestionError(f"the stream ended before any frame arrived{self._why()}")
                wait = self.config.first_frame_timeout_s
                if wait == 0:
                    raise QuestionError(
                        "no frame has arrived yet; nothing to answer from (set "
                        "StreamConfig.first_frame_timeout_s to wait for the first frame)"
                    )
                pending.deadline_wall = None if wait is None else pending.asked_wall + wait
                self._questions.add(pending)
                return pending.result
            if at is not None and at > latest + TIME_TOLERANCE_S:
                if over:
                    raise QuestionError(f"the stream ended at {latest:.1f} s, before {at:.1f} s{self._why()}")
                self._questions.add(pending)
                return pending.result
            asked_at = latest if at is None else float(at)
            if future_mode:
                # asked for a moment the stream has passed: the frames since then are in memory
                seen = [e for e in snapshot.entries if e.end <= asked_at + TIME_TOLERANCE_S]
                since = [e for e in snapshot.entries if e.end > asked_at + TIME_TOLERANCE_S]
                baseline = (seen or list(snapshot.entries))[-1].text_key if len(snapshot) else None
                self._questions.await_evidence(pending, asked_at, baseline, register=False)
                if self._questions.replay(pending, since, snapshot):
                    return pending.result
                if not over:
                    self._questions.add(pending)
                else:  # no frame will come: answer "not seen" at once
                    ended = "failed" if self._state is StreamState.FAILED else "ended"
                    self._questions.expire(pending, f"the stream has {ended} at {latest:.1f} s{self._why()}")
                return pending.result
            self._questions.submit(pending, pending.question(asked_at), snapshot)
        return pending.result

    def metrics(self) -> StreamMetrics:
        """Ingest rate, lag, drops, memory size and answer latencies now (see :class:`StreamMetrics`)."""
        memory = self.pipeline.memory
        fps, speed, latency = self._ingest_meter.rates()
        source = source_metrics(self._source)
        drops = int(source.get("frames_dropped", 0) or 0)  # live sources' drop-oldest queue
        with self._lock:
            pending, answering, state = self._questions.waiting, self._questions.answering, self._state
        snapshot = memory.snapshot()
        return StreamMetrics(
            state=state,
            stream_time=snapshot.latest_t,
            frames_ingested=self._ingest_meter.frames,
            frames_skipped=self._ingest_meter.skipped,
            ingest_fps=fps,
            speed=speed,
            ingest_latency_s=latency,
            lag_s=self._ingest_meter.lag(
                snapshot.latest_t, self.config.speed if self.config.realtime else 1.0
            )
            if self._live and state == "running"
            else None,
            drops=drops,
            entries_in_memory=len(snapshot),
            frames_in_memory=snapshot.frames_seen,
            memory_bytes=memory.nbytes(),
            pending=pending,
            answering=answering,
            answered=self._answer_meter.answered,
            timeouts=self._answer_meter.timeouts,
            errors=self._answer_meter.errors,
            latency=self._answer_meter.stats(),
            source=source,
            error=None if self._error is None else f"{type(self._error).__name__}: {self._error}",
        )

    # -- internals: source -------------------------------------------------------------------
    def _close_source(self) -> None:
        close_source(self._frames, self._source, close_frames=threading.current_thread() is self._ingest)

    # -- internals: ingest -------------------------------------------------------------------
    def _run(self) -> None:
        with self._lock:
            if self._state is StreamState.STARTING:  # not closed before the thread ran
                self._move(StreamState.RUNNING)
        # files: batches for encoder throughput; live sources and iterables (unknown pace): each frame
        # as it comes, since waiting to fill a batch would delay it
        size = self.config.batch_size or (8 if self._source is not None and not self._live else 1)
        until = self.config.until
        state = StreamState.ENDED
        why = "the stream has ended"
        try:
            batch: list[tuple[Frame | FrameTokens, float]] = []
            failure: BaseException | None = None
            while not self._stop.is_set():
                try:
                    item = next(self._frames)
                except StopIteration:
                    break
                except BaseException as exc:  # the source failed: keep what it delivered, then report
                    failure = exc
                    break
                if until is not None and item.t > until + TIME_TOLERANCE_S:
                    break
                batch.append((item, time.perf_counter()))
                if len(batch) >= size or isinstance(item, FrameTokens):  # encoded already: no batching
                    self._ingest_batch(batch)
                    batch = []
            if batch and not self._stop.is_set():
                self._ingest_batch(batch)
            if failure is not None:
                raise failure
        except BaseException as exc:  # exposed through error / metrics / wait_until
            log.warning("ingest stopped: %s: %s", type(exc).__name__, exc)
            self._error = exc
            state, why = StreamState.FAILED, f"the stream failed ({type(exc).__name__}: {exc})"
        finally:
            self._close_source()
            if self._stop.is_set() and state is not StreamState.FAILED:
                state, why = StreamState.CLOSED, "the stream was closed"
            self._finish(state, why)

    def _move(self, wanted: StreamState) -> None:
        """Go to ``wanted`` as the lifecycle's table allows (:mod:`streamvu.pipeline.lifecycle`; lock held)."""
        self._state = advance(self._state, wanted)

    def _finish(self, state: StreamState, why: str) -> None:
        """Ingest ended as ``state`` says: questions still waiting expire with ``why``."""
        with self._lock:
            self._move(state)
            left = self._questions.take_all()
            self._lock.notify_all()
        for pending in left:
            self._questions.expire(pending, why)

    def _ingest_batch(self, batch: list[tuple[Frame | FrameTokens, float]]) -> None:
        first = batch[0][0]
        if isinstance(first, Frame):
            frames = [frame for frame, _ in batch]
            items = (
                self.pipeline.encode(frames, self._encoder) if self._encoder else self.pipeline.encode(frames)
            )
        elif isinstance(first, FrameTokens):
            items = [item for item, _ in batch]
        else:
            raise SourceError(f"a stream source must yield Frame or FrameTokens, got {type(first).__name__}")
        memory = self.pipeline.memory
        added = False
        for item, (_, wall) in zip(items, batch, strict=True):
            latest = memory.latest_t
            if latest is not None and not item.t > latest:
                self._ingest_meter.skip()  # a live source restarting its clock, a repeated frame
                continue
            memory.add(item)
            added = True
            self._ingest_meter.add(float(item.t), wall)
            self._questions.after_frame(item)
        if added:
            self.pipeline.answerer.prepare(memory.snapshot().entries)

    def _why(self) -> str:
        return f" ({type(self._error).__name__}: {self._error})" if self._error is not None else ""

    def __repr__(self) -> str:
        t = self.time
        return (
            f"Stream({self.state}, t={'-' if t is None else f'{t:.1f}'} s, pending={self._questions.waiting})"
        )
