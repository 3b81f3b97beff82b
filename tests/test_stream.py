"""The streaming engine: ingest in its own thread, concurrent questions, future questions, failures.

Most tests feed the coffee->cat video's encoded frames (encoded once per module) through a paced
generator and answer with a fast test double, so threads and timing are exercised without the
language model; one test runs the whole real path (decode, encode, SmolLM2) on the video.
"""

from __future__ import annotations

import importlib.util
import threading
import time

import pytest

from streamvu import Stream, StreamConfig
from streamvu.answerers.base import Answerer
from streamvu.errors import QuestionError, SourceError
from streamvu.memory import MemoryConfig
from streamvu.messages import Evidence, FrameTokens
from streamvu.pipeline.engine import Pipeline, PipelineConfig
from streamvu.pipeline.query import QueryConfig

CAT = ("cat", "Mau", "tabby", "lynx")
TOL = 1e-6


class EchoAnswerer(Answerer):
    """A fast answerer double: repeats the evidence span word by word (``delay`` s per word); it
    raises for questions containing ``fail_on``, and may call ``hook(question)`` after the first word."""

    name = "echo"

    def __init__(self, delay: float = 0.0, fail_on: str | None = None, hook=None) -> None:
        self.delay, self.fail_on, self.hook = delay, fail_on, hook

    def query_vector(self, question):
        return None

    def evidence(self, context):
        return [Evidence(e.start, e.end, e.trace) for e in context.entries]

    def stream(self, context, evidence):
        if self.fail_on and self.fail_on in context.question.text:
            raise RuntimeError("backend crashed")
        words = f"seen {evidence[0].start:.1f} to {evidence[-1].end:.1f} : {evidence[-1].trace}".split()
        for i, word in enumerate(words):
            if i == 1 and self.hook is not None:
                self.hook(context.question)
            time.sleep(self.delay)
            yield word + " "


@pytest.fixture(scope="module")
def cat_tokens(encoder, embedder, coffee_cat_video) -> list[FrameTokens]:
    """The 40 encoded frames (1 fps) of the coffee (0-20 s) -> cat (20-40 s) video."""
    pipe = Pipeline(PipelineConfig(), encoder=encoder, embedder=embedder, answerer=EchoAnswerer())
    return list(pipe.encoded(coffee_cat_video))


def paced(items, delay: float = 0.02, fail_after: int | None = None, gate: threading.Event | None = None):
    """Yield ``items`` one every ``delay`` s, like a live source; optionally wait for ``gate`` first
    or raise a SourceError after ``fail_after`` items (a connection lost mid-stream)."""
    if gate is not None:
        gate.wait(10)
    for i, item in enumerate(items):
        if fail_after is not None and i == fail_after:
            raise SourceError("connection lost")
        time.sleep(delay)
        yield item


@pytest.fixture
def make_stream(encoder, embedder):
    made: list[Stream] = []

    def make(source, answerer=None, memory=None, **options) -> Stream:
        pipe = Pipeline(
            PipelineConfig(memory=memory or MemoryConfig(), query=QueryConfig(keep_ratio=1.0)),
            encoder=encoder,
            embedder=embedder,
            answerer=answerer or EchoAnswerer(),
        )
        stream = Stream(source, StreamConfig(**options), pipeline=pipe)
        made.append(stream)
        return stream

    yield make
    for stream in made:
        stream.close(cancel=True)


def stream_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("streamvu-") and t.is_alive()]


# -- the real path -------------------------------------------------------------------------------


def test_real_stream_answers_now_and_future_cat(encoder, embedder, answerer, coffee_cat_video):
    """Decode + encode in the ingest thread, SmolLM2 answers; "tell me when a cat appears" asked
    at ~5 s is answered from the frames where the cat shows up (>= 20 s)."""
    pipe = Pipeline(PipelineConfig(), encoder=encoder, embedder=embedder, answerer=answerer)
    with Stream(coffee_cat_video, StreamConfig(batch_size=4), pipeline=pipe) as s:
        assert s.wait_until(5.0, timeout=60)
        cat = s.ask_async("tell me when a cat appears")
        pieces: list[str] = []
        now = s.ask_stream("what is in the video now?")
        pieces.extend(now)
        a = now.answer()
        assert a.text and "".join(pieces).strip() == a.text
        assert 5.0 - TOL <= a.question.asked_at < 20.0
        assert a.evidence and all(e.end <= a.question.asked_at + TOL for e in a.evidence)
        assert not any(w in e.trace for e in a.evidence for w in CAT)
        found = cat.result(timeout=60)
        assert s.join(timeout=60)
    assert found.status == "answered" and found.mode == "future" and found.text
    assert 5.0 - TOL <= found.question.asked_at < 20.0
    assert 20.0 - TOL <= found.answered_at < 25.0
    assert found.evidence and all(e.end >= 20.0 - TOL for e in found.evidence), found.evidence
    assert any(w in e.trace for e in found.evidence for w in CAT)
    assert found.wait > 0 and 0 < found.time_to_first_token <= found.latency
    assert not stream_threads()


# -- concurrency ---------------------------------------------------------------------------------


def test_ingest_advances_while_questions_are_answered(make_stream, cat_tokens):
    """Each answer waits, mid-generation, for the stream to move 5 s past its ask time: if answering
    blocked ingest this would time out. Answers see only memory up to their ask time."""
    holder: dict[str, Stream] = {}
    advanced: list[bool] = []

    def hook(question):
        advanced.append(holder["s"].wait_until(question.asked_at + 5.0, timeout=10))

    s = make_stream(
        paced(cat_tokens, 0.03),
        answerer=EchoAnswerer(hook=hook),
        workers=3,
        memory=MemoryConfig(merge_threshold=1.0),
    )
    holder["s"] = s
    assert s.wait_until(3.0, timeout=10)
    futures = []
    for _ in range(3):
        futures.append((s.time, s.ask_async("what is in the video now?")))
        time.sleep(0.05)
    answers = [(t, f.result(timeout=20)) for t, f in futures]
    assert advanced == [True, True, True]
    for t_at_ask, a in answers:
        assert a.question.asked_at == pytest.approx(t_at_ask, abs=1.0)
        assert a.evidence and all(e.end <= a.question.asked_at + TOL for e in a.evidence)
        assert a.answered_at >= a.question.asked_at
    assert s.join(timeout=20) and s.time == pytest.approx(39.0)


def test_question_scheduled_ahead_of_the_stream(make_stream, cat_tokens):
    s = make_stream(paced(cat_tokens, 0.01), memory=MemoryConfig(merge_threshold=1.0))
    a = s.ask("what is in the video now?", at=12.0, timeout=20)
    assert a.question.asked_at == 12.0 and a.evidence[-1].end == pytest.approx(12.0)
    past = s.ask("what was there?", at=3.0, mode="past", timeout=20)  # behind the stream: answered at once
    assert all(e.end <= 3.0 + TOL for e in past.evidence)


def test_ask_stream_yields_the_answer_text(make_stream, cat_tokens):
    s = make_stream(paced(cat_tokens, 0.0))
    s.wait_until(2.0, timeout=10)
    st = s.ask_stream("what is in the video now?")
    pieces = list(st)
    assert len(pieces) > 3 and "".join(pieces).strip() == st.answer().text
    assert st.answer().tokens == len(pieces)


# -- future questions ----------------------------------------------------------------------------


def paused_at(items, n: int, gate: threading.Event):
    """The first ``n`` items, then a pause until ``gate`` is set, then the rest."""
    yield from items[:n]
    gate.wait(10)
    yield from items[n:]


def test_future_question_times_out_on_stream_time(make_stream, cat_tokens):
    gate = threading.Event()
    s = make_stream(paused_at(cat_tokens, 6, gate))
    assert s.wait_until(5.0, timeout=10)
    dog = s.ask_async("tell me when a dog appears", within=10.0)
    cat = s.ask_async("let me know when a cat shows up")
    assert s.time == 5.0 and not dog.done() and not cat.done()
    gate.set()
    a = dog.result(timeout=20)
    assert a.status == "timeout" and a.mode == "future" and "a dog" in a.text
    assert a.answered_at == pytest.approx(a.question.asked_at + 10.0, abs=1.0)
    c = cat.result(timeout=20)
    assert c.status == "answered" and c.answered_at == pytest.approx(20.0)
    assert s.metrics().timeouts == 1


def test_future_question_times_out_on_wall_time_and_at_stream_end(make_stream, cat_tokens):
    gate = threading.Event()
    s = make_stream(paced(cat_tokens[:5], 0.0, gate=gate), future_wall_timeout_s=0.3)
    gate.set()
    assert s.join(timeout=10)
    ended = s.ask("tell me when a dog appears", timeout=5)  # the stream is over: not seen, at once
    assert ended.status == "timeout" and "ended" in ended.text
    release = threading.Event()

    def stalling():  # 3 frames, then a source that stops delivering (until released)
        yield from cat_tokens[:3]
        release.wait(10)

    s2 = make_stream(stalling(), future_wall_timeout_s=0.3)
    pending = s2.ask_async("tell me when a dog appears")  # waits for the first frame, then for a dog
    a = pending.result(timeout=10)
    release.set()
    assert a.status == "timeout" and "wall time" in a.text


# -- bad input and failures ----------------------------------------------------------------------


@pytest.mark.parametrize("text, match", [("   ", "empty"), ("x" * 5000, "limit")])
def test_bad_questions_raise_at_once(make_stream, cat_tokens, text, match):
    s = make_stream(iter(cat_tokens[:3]))
    with pytest.raises(QuestionError, match=match):
        s.ask_async(text)


def test_question_before_the_first_frame(make_stream, cat_tokens):
    gate = threading.Event()
    strict = make_stream(paced(cat_tokens[:3], 0.0, gate=gate), first_frame_timeout_s=0)
    with pytest.raises(QuestionError, match="no frame has arrived yet"):
        strict.ask_async("what is in the video now?")
    waiting = make_stream(paced(cat_tokens[:3], 0.0, gate=gate))
    future = waiting.ask_async("what is in the video now?")
    time.sleep(0.1)
    assert not future.done()
    gate.set()
    assert future.result(timeout=10).question.asked_at == 0.0  # asked when the first frame came
    late = threading.Event()
    never = make_stream(paced(cat_tokens[:3], 0.0, gate=late), first_frame_timeout_s=0.2)
    with pytest.raises(QuestionError, match="no frame arrived within"):
        never.ask("what is in the video now?", timeout=5)
    late.set()


def test_backend_crash_fails_only_that_question(make_stream, cat_tokens):
    s = make_stream(paced(cat_tokens, 0.01), answerer=EchoAnswerer(fail_on="crash"))
    assert s.wait_until(4.0, timeout=10)
    good = s.ask_async("what is in the video now?")
    bad = s.ask_async("crash: what is in the video now?")
    other = s.ask_async("what was there before?", mode="past")
    with pytest.raises(RuntimeError, match="backend crashed"):
        bad.result(timeout=10)
    assert good.result(timeout=10).text and other.result(timeout=10).text
    assert s.join(timeout=20) and s.state == "ended" and s.time == pytest.approx(39.0)
    m = s.metrics()
    assert m.errors == 1 and m.answered == 2 and m.error is None


def test_source_failure_mid_stream_keeps_memory_usable(make_stream, cat_tokens):
    gate = threading.Event()
    s = make_stream(paced(cat_tokens, 0.005, fail_after=10, gate=gate))
    cat = s.ask_async("tell me when a cat appears")  # waits for the first frame, never sees a cat
    gate.set()
    assert s.join(timeout=10)
    assert s.state == "failed" and isinstance(s.error, SourceError)
    m = s.metrics()
    assert m.state == "failed" and "connection lost" in m.error and m.frames_ingested == 10
    with pytest.raises(SourceError, match="connection lost"):
        s.wait_until(30.0)
    a = s.ask("what is in the video now?", timeout=10)
    assert a.question.asked_at == pytest.approx(9.0) and a.text
    timed_out = cat.result(timeout=5)
    assert timed_out.status == "timeout" and "connection lost" in timed_out.text


def test_unopenable_source_raises_at_once(make_stream, not_a_video):
    with pytest.raises(SourceError):
        make_stream(str(not_a_video))


# -- shutdown and metrics ------------------------------------------------------------------------


def forever(items):
    """An endless live-like source: the same frames again and again with increasing times."""
    for k in range(10**6):
        for item in items:
            time.sleep(0.005)
            yield FrameTokens(
                item.t + 40 * k, item.index, item.tokens, item.pooled, item.grid, item.labels, item.text_key
            )


def test_close_ends_every_thread_and_resolves_pending(make_stream, cat_tokens):
    before = set(stream_threads())
    s = make_stream(forever(cat_tokens[:20]), answerer=EchoAnswerer(delay=0.01))
    assert s.wait_until(3.0, timeout=10)
    pending = s.ask_async("tell me when a cat appears")  # only coffee frames: never triggers
    answering = s.ask_async("what is in the video now?")
    s.close()
    assert not s.ingesting and s.state == "closed"
    assert set(stream_threads()) == before
    assert answering.result(timeout=1).text  # already handed to a worker: finished, not dropped
    closed = pending.result(timeout=1)
    assert closed.status == "timeout" and "closed" in closed.text
    with pytest.raises(QuestionError, match="closed"):
        s.ask_async("anything?")
    s.close()  # idempotent


def test_file_stream_close_midway(make_stream, coffee_cat_video):
    s = make_stream(str(coffee_cat_video), batch_size=2)
    assert s.wait_until(1.0, timeout=60)
    s.close()
    assert not s.ingesting and s._source.closed and not stream_threads()
    assert s.time < 39.0


def test_metrics_are_plausible(make_stream, cat_tokens):
    s = make_stream(paced(cat_tokens, 0.03), answerer=EchoAnswerer(delay=0.005))
    assert s.wait_until(10.0, timeout=10)
    running = s.metrics()
    assert running.state == "running" and running.ingest_fps > 5 and running.speed > 5
    assert 10.0 <= running.stream_time <= 39.0
    for _ in range(3):
        s.ask("what is in the video now?", timeout=10)
    assert s.join(timeout=20)
    m = s.metrics()
    assert m.state == "ended" and m.frames_ingested == 40 == m.frames_in_memory
    assert 0 < m.entries_in_memory <= 40 and m.memory_bytes > 0
    assert m.drops == 0 and m.lag_s is None and m.pending == 0 and m.answering == 0
    assert m.answered == 3 and m.latency.count == 3
    assert 0 < m.latency.ttft_p50 <= m.latency.latency_p50 and m.latency.tokens_per_s > 0
    assert m.ingest_latency_s is not None and m.ingest_latency_s >= 0


@pytest.mark.skipif(
    importlib.util.find_spec("streamvu.ingest.live") is None,
    reason="live sources (streamvu.ingest.live) not available",
)
def test_realtime_replay_reports_lag(make_stream, short_video):
    s = make_stream(str(short_video), realtime=True, speed=4.0)
    assert s.wait_until(1.0, timeout=30)
    m = s.metrics()
    assert m.lag_s is not None and m.lag_s >= 0
    assert s.join(timeout=30)
