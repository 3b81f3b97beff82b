"""The questions a :class:`~streamvu.pipeline.stream.Stream` has not answered yet: :class:`QuestionBoard`.

The board keeps the pending questions (waiting for the first frame, a scheduled time or, for future
questions, their evidence), checks them after each frame (ingest thread) and against wall-clock
limits (monitor thread), and hands the due ones to the answer pool. It shares the stream's lock: that
one lock guards ``pending`` and ``answering`` as well as the stream's state.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from streamvu.errors import QuestionError
from streamvu.memory import MemorySnapshot
from streamvu.messages import TIME_TOLERANCE_S, Answer, FrameTokens, Question
from streamvu.pipeline.engine import Pipeline
from streamvu.pipeline.lifecycle import QuestionState
from streamvu.pipeline.metrics import AnswerMeter
from streamvu.pipeline.pending import Pending, settle
from streamvu.pipeline.stream_config import StreamConfig
from streamvu.pipeline.triggers import FutureTrigger

__all__ = ["QuestionBoard"]

log = logging.getLogger(__name__)


class QuestionBoard:
    """Pending questions and the answers in flight of one stream.

    lock: the stream's condition; guards ``pending`` and ``answering`` (methods documented "lock
        held" expect the caller to hold it; the others take it themselves).
    stop: the stream's stop event; ends :meth:`watch`.
    cancel_answers: set by ``Stream.close(cancel=True)``: answers not yet started are cancelled.
    """

    def __init__(
        self,
        config: StreamConfig,
        pipeline: Pipeline,
        lock: threading.Condition,
        stop: threading.Event,
        executor: ThreadPoolExecutor,
        meter: AnswerMeter,
    ) -> None:
        self.config = config
        self.pipeline = pipeline
        self.lock = lock
        self.stop = stop
        self.executor = executor
        self.meter = meter
        self.pending: list[Pending] = []
        self.answering = 0
        self.cancel_answers = False

    def add(self, p: Pending) -> None:
        """Queue ``p`` until its time, its first frame or its evidence comes (lock held)."""
        self.pending.append(p)
        self.lock.notify_all()

    @property
    def waiting(self) -> int:
        """How many questions are queued (lock held)."""
        return len(self.pending)

    def take_all(self) -> list[Pending]:
        """Remove and return every pending question (lock held)."""
        left, self.pending = self.pending, []
        return left

    def after_frame(self, item: FrameTokens) -> None:
        """Check the pending questions against the frame just added (ingest thread)."""
        t = float(item.t)
        due: list[tuple[Pending, float | None]] = []  # (pending, since) to answer now
        expired: list[Pending] = []
        with self.lock:
            keep: list[Pending] = []
            for p in self.pending:
                if p.result.cancelled():
                    p.move(QuestionState.CANCELLED)
                    continue
                if p.state is QuestionState.WAITING:  # for the first frame or the scheduled time
                    if p.at is None or t >= p.at - TIME_TOLERANCE_S:
                        asked_at = t if p.at is None else float(p.at)
                        if p.future_mode:
                            self.await_evidence(p, asked_at, item.text_key, register=False)
                        else:
                            due.append((p, None))
                            continue
                    keep.append(p)
                    continue
                assert p.trigger is not None
                if p.trigger.update(item):
                    due.append((p, p.trigger.first_hit))
                elif p.within is not None and t - p.asked_at >= p.within - TIME_TOLERANCE_S:
                    expired.append(p)
                else:
                    keep.append(p)
            self.pending = keep
            if due:
                snapshot = self.pipeline.memory.snapshot()
                for p, since in due:
                    if since is None:
                        asked = t if p.at is None else float(p.at)
                        self.submit(p, p.question(asked), snapshot)
                    else:
                        self.submit(p, p.question(t, "now"), snapshot, since)
            self.lock.notify_all()
        for p in expired:
            self.expire(p, f"no match within {p.within:g} s of stream time")

    def await_evidence(
        self, p: Pending, asked_at: float, baseline: np.ndarray | None, register: bool = True
    ) -> None:
        """Turn ``p`` into a future question watching for its evidence from ``asked_at`` on (lock held)."""
        p.move(QuestionState.WATCHING)
        p.asked_at = asked_at
        p.trigger = FutureTrigger(asked_at, p.key, self.config.trigger, baseline, p.matcher)
        wall = self.config.future_wall_timeout_s
        p.deadline_wall = None if wall is None else time.perf_counter() + wall
        if register:
            self.add(p)

    def replay(self, p: Pending, entries, snapshot: MemorySnapshot) -> bool:
        """Score watching ``p`` on memory ``entries`` the stream already holds past its ask time (a future
        question asked for a moment the stream has passed: ``watch --fast`` running ahead of its input);
        answer it and return True when they hold its evidence (lock held)."""
        assert p.trigger is not None
        for e in entries:
            if p.within is not None and e.end - p.asked_at >= p.within - TIME_TOLERANCE_S:
                return False
            item = FrameTokens(e.end, -1, e.tokens, e.pooled, e.grid, e.labels, e.text_key,
                               sightings=e.sightings, regions=e.regions)  # fmt: skip
            if p.trigger.update(item):
                self.submit(p, p.question(e.end, "now"), snapshot, p.trigger.first_hit)
                return True
        return False

    def watch(self) -> None:
        """Wall-clock limits (first-frame wait, future_wall_timeout_s), checked 10 times a second."""
        while not self.stop.wait(0.1):
            now = time.perf_counter()
            with self.lock:
                late = [p for p in self.pending if p.deadline_wall is not None and now >= p.deadline_wall]
                self.pending = [p for p in self.pending if p not in late]
            for p in late:
                if p.state is QuestionState.WAITING:
                    self.expire(p, f"no frame arrived within {self.config.first_frame_timeout_s:g} s")
                else:
                    self.expire(p, f"no match within {self.config.future_wall_timeout_s:g} s of wall time")

    # -- answers -----------------------------------------------------------------------------
    def submit(
        self, p: Pending, question: Question, snapshot: MemorySnapshot, since: float | None = None
    ) -> None:
        with self.lock:
            self.answering += 1
            p.move(QuestionState.ANSWERING)
        try:
            self.executor.submit(self._answer, p, question, snapshot, since)
        except RuntimeError as exc:  # the pool was shut down by close()
            with self.lock:
                self.answering -= 1
            p.move(QuestionState.FAILED)
            settle(p.result, error=QuestionError(f"the stream is closed ({exc})"))

    def _answer(self, p: Pending, question: Question, snapshot: MemorySnapshot, since: float | None) -> None:
        try:
            if self.cancel_answers:
                p.result.cancel()
            if not p.result.set_running_or_notify_cancel():
                p.move(QuestionState.CANCELLED)
                return
            started = time.perf_counter()
            try:
                answer = self.pipeline.queries.answer(question, snapshot, p.on_token, since=since)
            except BaseException as exc:  # this question fails; the stream goes on
                self.meter.error()
                log.info("question %r failed: %s: %s", p.text[:60], type(exc).__name__, exc)
                p.move(QuestionState.FAILED)
                settle(p.result, error=exc)
                return
            answer.wait = started - p.asked_wall
            if since is not None:  # a triggered future question: report it as asked
                answer.question = p.question(float(p.asked_at or 0.0), "future")
                answer.mode = "future"
                answer.answered_at = question.asked_at
            self.meter.record(answer, future=since is not None)
            p.move(QuestionState.ANSWERED)
            settle(p.result, answer)
        finally:
            with self.lock:
                self.answering -= 1

    def expire(self, p: Pending, why: str) -> None:
        """Resolve a question whose frame or evidence will not come: a timeout answer for future
        questions, a QuestionError for ones that never got a frame or their scheduled time."""
        waited_for_frame = p.state is QuestionState.WAITING
        p.move(QuestionState.EXPIRED)
        if waited_for_frame or not p.future_mode:
            settle(
                p.result,
                error=QuestionError(
                    f"{why}: the question could not be asked"
                    + (f" at {p.at:.1f} s" if p.at is not None else "")
                ),
            )
            return
        latest = self.pipeline.memory.latest_t
        end = latest if latest is not None else p.asked_at
        what = f"{p.target!r}" if p.key is not None else "a change of scene"
        text = f"Not seen: nothing matching {what} appeared between {p.asked_at:.1f}s and {end:.1f}s ({why})."
        answer = Answer(
            question=p.question(p.asked_at, "future"),
            text=text,
            mode="future",
            status="timeout",
            answered_at=latest,
            wait=time.perf_counter() - p.asked_wall,
        )
        if p.on_token is not None and not p.result.done():
            try:
                p.on_token(text)
            except Exception:
                log.debug("on_token failed on a timeout answer", exc_info=True)
        self.meter.record(answer, future=True)
        settle(p.result, answer)
