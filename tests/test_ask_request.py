"""One typed ask request: every public ask path takes the same keywords and refuses the same bad values."""

from __future__ import annotations

import inspect
import math

import pytest

from streamvu import Pipeline, PipelineConfig, Stream
from streamvu.errors import QuestionError
from streamvu.pipeline.request import FIELDS, AskRequest
from tests.doubles import ScriptedAnswerer


@pytest.fixture(scope="module")
def pipe(encoder, embedder, short_video) -> Pipeline:
    """A pipeline whose memory holds the short video (so only the request itself can be wrong)."""
    p = Pipeline(PipelineConfig(), encoder=encoder, embedder=embedder, answerer=ScriptedAnswerer("yes"))
    assert p.ingest(short_video) > 0
    return p


@pytest.fixture
def stream(pipe):
    s = Stream(iter(()), pipeline=pipe, start=False)
    yield s
    s.close()


ASK_PATHS = {
    "Pipeline.ask": lambda pipe, stream, **kw: pipe.ask("what is here?", **kw),
    "Stream.ask": lambda pipe, stream, **kw: stream.ask("what is here?", timeout=30, **kw),
    "Stream.ask_async": lambda pipe, stream, **kw: stream.ask_async("what is here?", **kw).result(30),
    "Stream.ask_stream": lambda pipe, stream, **kw: stream.ask_stream("what is here?", **kw).answer(30),
}


@pytest.mark.parametrize("path", sorted(ASK_PATHS))
def test_every_ask_path_refuses_an_unknown_choice_scoring(pipe, stream, path):
    with pytest.raises(QuestionError, match="unknown choice scoring 'vote'"):
        ASK_PATHS[path](pipe, stream, options=("a cat", "a rocket"), choice_scoring="vote")


@pytest.mark.parametrize("path", sorted(ASK_PATHS))
def test_every_ask_path_answers_with_prompt_and_choice_scoring(pipe, stream, path):
    answer = ASK_PATHS[path](
        pipe, stream, at=3.0, options=("a cat", "a rocket"), prompt="Pick one.", choice_scoring="generate"
    )
    assert answer.question.prompt == "Pick one."
    assert answer.question.choice_scoring == "generate"
    assert answer.question.options == ("a cat", "a rocket")
    assert answer.question.asked_at == pytest.approx(3.0)


@pytest.mark.parametrize("path", sorted(ASK_PATHS))
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mode": "soon"}, "unknown mode"),
        ({"at": -1.0}, "negative time"),
        ({"at": math.nan}, "at must be a finite number"),
    ],
)
def test_every_ask_path_refuses_bad_values(pipe, stream, path, kwargs, message):
    with pytest.raises(QuestionError, match=message):
        ASK_PATHS[path](pipe, stream, **kwargs)


def test_the_ask_signatures_are_the_request_fields():
    """Stream's three ask methods take exactly the request's fields plus on_token; Pipeline.ask (which
    answers at once) the same without within and timeout."""

    def keywords(method) -> list[str]:
        return [p for p in inspect.signature(method).parameters if p not in ("self", "on_token")]

    for method in (Stream.ask, Stream.ask_async, Stream.ask_stream):
        assert sorted(keywords(method)) == sorted(FIELDS), method.__qualname__
        assert "on_token" in inspect.signature(method).parameters
    assert sorted(keywords(Pipeline.ask)) == sorted(set(FIELDS) - {"within", "timeout"})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "  "}, "question is empty"),
        ({"text": 3}, "must be a string"),
        ({"within": -2.0}, "within must be >= 0"),
        ({"within": math.inf}, "within must be a finite number"),
        ({"timeout": math.nan}, "timeout must be a finite number"),
        ({"at": "5"}, "at must be a number"),
        ({"options": "abc"}, "not one string"),
        ({"options": ("a", 2)}, "every option must be a string"),
    ],
)
def test_a_request_is_checked_when_made(kwargs, message):
    with pytest.raises(QuestionError, match=message):
        AskRequest(**{"text": "what is here?", **kwargs})


def test_a_request_is_frozen_and_normalised():
    request = AskRequest("what is here?", at=2, options=["x", "y"], within=5)
    assert request.at == 2.0 and isinstance(request.at, float)
    assert request.options == ("x", "y")
    with pytest.raises(AttributeError):
        request.text = "other"  # type: ignore[misc]
    question = request.question(7.0, "now")
    assert (question.asked_at, question.mode, question.options) == (7.0, "now", ("x", "y"))


def test_ask_stream_times_out_and_passes_pieces_on(pipe):
    slow = Stream(iter(()), pipeline=pipe, start=False)
    try:
        pieces: list[str] = []
        out = slow.ask_stream("what is here?", at=3.0, on_token=pieces.append, timeout=30)
        text = "".join(out)
        assert text and "".join(pieces) == text
        late = slow.ask_stream("what is here?", at=99.0, timeout=0.2)  # ahead of a stream that never runs
        with pytest.raises(TimeoutError):
            next(late)
    finally:
        slow.close(cancel=True)
