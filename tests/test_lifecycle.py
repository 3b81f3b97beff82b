"""The lives of a stream and of its questions: one table of moves each, checked on every move."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

import pytest

from streamvu import Stream, StreamConfig
from streamvu.errors import QuestionError, SourceError
from streamvu.pipeline.engine import Pipeline, PipelineConfig
from streamvu.pipeline.lifecycle import (
    QUESTION_MOVES,
    STREAM_MOVES,
    QuestionState,
    StreamState,
    advance,
    final,
)
from streamvu.pipeline.metrics import AnswerMeter
from streamvu.pipeline.pending import Pending
from streamvu.pipeline.query import QueryConfig
from streamvu.pipeline.questions import QuestionBoard
from streamvu.pipeline.request import AskRequest
from streamvu.testing.synthetic import synthetic_frame, synthetic_stream
from tests.doubles import ScriptedAnswerer

S, Q = StreamState, QuestionState


def test_every_state_has_its_moves_and_only_final_states_have_none():
    assert set(STREAM_MOVES) == set(StreamState) and set(QUESTION_MOVES) == set(QuestionState)
    assert {s for s in StreamState if final(s)} == {S.FAILED, S.CLOSED}
    assert {q for q in QuestionState if final(q)} == {Q.ANSWERED, Q.EXPIRED, Q.FAILED, Q.CANCELLED}
    for table in (STREAM_MOVES, QUESTION_MOVES):
        for state, moves in table.items():
            assert state not in moves and all(type(m) is type(state) for m in moves)


def test_advance_follows_the_table_keeps_final_states_and_refuses_the_rest():
    assert advance(S.STARTING, S.RUNNING) is S.RUNNING
    assert advance(S.RUNNING, S.ENDED) is S.ENDED and advance(S.ENDED, S.CLOSED) is S.CLOSED
    assert advance(S.FAILED, S.CLOSED) is S.FAILED  # a stream closed after it failed reports the failure
    assert advance(S.CLOSED, S.FAILED) is S.CLOSED
    assert advance(S.RUNNING, S.RUNNING) is S.RUNNING
    assert advance(Q.WAITING, Q.WATCHING) is Q.WATCHING and advance(Q.ANSWERING, Q.ANSWERED) is Q.ANSWERED
    assert advance(Q.CANCELLED, Q.ANSWERED) is Q.CANCELLED
    for current, wanted in ((S.RUNNING, S.STARTING), (S.ENDED, S.RUNNING), (S.STARTING, S.ENDED)):
        with pytest.raises(RuntimeError, match=f"from {current} to {wanted}"):
            advance(current, wanted)
    with pytest.raises(RuntimeError, match="QuestionState cannot go from watching to waiting"):
        advance(Q.WATCHING, Q.WAITING)
    with pytest.raises(RuntimeError):
        advance(Q.ANSWERING, Q.WATCHING)


def test_states_read_and_write_as_their_names():
    assert S.FAILED == "failed" and f"{S.ENDED}" == "ended" and str(Q.WATCHING) == "watching"
    assert json.dumps({"state": S.CLOSED}) == '{"state": "closed"}'
    assert f"{S.RUNNING:>8}" == " running"


class CrashingOn(ScriptedAnswerer):
    """Replies "ok", except to a question with "crash" in it: its backend fails."""

    def stream(self, context, evidence):
        if "crash" in context.question.text:
            raise RuntimeError("down")
        yield "ok"


@pytest.fixture
def pipeline(encoder, embedder):
    return Pipeline(
        PipelineConfig(query=QueryConfig(keep_ratio=1.0)),
        encoder=encoder,
        embedder=embedder,
        answerer=CrashingOn(),
    )


def frames(n: int, start: int = 0):
    return list(synthetic_stream(n, start=start, text_dim=384))


def test_a_stream_starts_runs_ends_and_closes(pipeline):
    gate = threading.Event()

    def gated():
        gate.wait(10)
        yield from frames(4)

    idle = Stream(iter(frames(2)), StreamConfig(), pipeline=pipeline, start=False)
    assert idle.state is S.STARTING
    idle.close()
    assert idle.state is S.CLOSED

    s = Stream(gated(), StreamConfig(), pipeline=pipeline)
    deadline = time.monotonic() + 10
    while s.state is not S.RUNNING and time.monotonic() < deadline:
        time.sleep(0.01)
    assert s.state is S.RUNNING and s.metrics().state == "running"
    gate.set()
    assert s.join(timeout=10) and s.state is S.ENDED
    s.close()
    assert s.state is S.CLOSED


def test_a_failed_stream_stays_failed_after_close(pipeline):
    def failing():
        yield from frames(2)
        raise SourceError("connection lost")

    s = Stream(failing(), StreamConfig(), pipeline=pipeline)
    assert s.join(timeout=10) and s.state is S.FAILED
    s.close()
    assert s.state is S.FAILED and "connection lost" in s.metrics().error


def board(pipeline) -> QuestionBoard:
    return QuestionBoard(
        StreamConfig(),
        pipeline,
        threading.Condition(threading.RLock()),
        threading.Event(),
        ThreadPoolExecutor(1),
        AnswerMeter(),
    )


def pending(text: str, future_mode: bool = False) -> Pending:
    return Pending(AskRequest(text), future_mode, Future(), None, time.perf_counter(), within=2.0)


def feed(questions: QuestionBoard, pipeline: Pipeline, index: int) -> None:
    item = synthetic_frame(index, text_dim=384, scene_length=100)  # one scene: nothing new to trigger on
    pipeline.memory.add(item)
    questions.after_frame(item)


def test_questions_wait_watch_and_end_one_way_each(pipeline):
    questions = board(pipeline)
    now, crash, later, gone = (
        pending("what is here?"),
        pending("crash now"),
        pending("tell me when a dog shows up", True),
        pending("what is it?"),
    )
    for p in (now, crash, later, gone):
        assert p.state is Q.WAITING
        with questions.lock:
            questions.add(p)
    gone.result.cancel()
    feed(questions, pipeline, 0)
    assert now.result.result(timeout=10).text == "ok" and now.state is Q.ANSWERED
    with pytest.raises(RuntimeError, match="down"):
        crash.result.result(timeout=10)
    assert crash.state is Q.FAILED
    assert gone.state is Q.CANCELLED
    assert later.state is Q.WATCHING and not later.result.done()  # a future question watches for its evidence
    for i in range(1, 4):  # nothing like a dog for longer than its 2 s of stream time
        feed(questions, pipeline, i)
    answer = later.result.result(timeout=10)
    assert answer.status == "timeout" and later.state is Q.EXPIRED
    assert questions.waiting == 0
    questions.executor.shutdown()


def test_a_question_that_never_got_a_frame_expires_with_an_error(pipeline):
    questions = board(pipeline)
    p = pending("what is here?")
    questions.expire(p, "the stream was closed")
    assert p.state is Q.EXPIRED
    with pytest.raises(QuestionError, match="could not be asked"):
        p.result.result(timeout=1)
    questions.executor.shutdown()
