"""The whole path on a real encoded video: 0-20 s a coffee cup, 20-40 s a cat.

Frames are decoded, encoded by EfficientNet-Lite0, stored in memory, retrieved, pruned and
answered by SmolLM2; the assertions are on what the answer rests on (its evidence), which is
deterministic, and on the time limits a question must respect.
"""

from __future__ import annotations

import pytest

from streamvu.errors import QuestionError
from streamvu.memory import MemoryConfig
from streamvu.pipeline.engine import Pipeline, PipelineConfig
from streamvu.pipeline.query import QueryConfig

CAT = ("cat", "Mau", "tabby", "lynx")
COFFEE = ("espresso", "cup", "mug", "coffee")


@pytest.fixture(scope="module")
def make_pipeline(encoder, embedder, answerer):
    def make(**kwargs) -> Pipeline:
        return Pipeline(PipelineConfig(**kwargs), encoder=encoder, embedder=embedder, answerer=answerer)

    return make


@pytest.fixture(scope="module")
def full(make_pipeline, coffee_cat_video):
    pipe = make_pipeline()
    assert pipe.ingest(coffee_cat_video) == 40
    return pipe


def names(answer) -> str:
    return " ".join(e.trace for e in answer.evidence)


def test_now_question_at_35_rests_on_the_cat_segment(make_pipeline, coffee_cat_video):
    pipe = make_pipeline()
    pipe.ingest(coffee_cat_video, until=35.0)
    assert pipe.memory.snapshot().latest_t == pytest.approx(35.0)
    streamed: list[str] = []
    answer = pipe.ask("what is in the video now?", at=35.0, on_token=streamed.append)
    assert answer.mode == "now"
    assert answer.text and "".join(streamed).strip() == answer.text
    assert answer.evidence, "an answer must cite evidence"
    # an entry spans [previous frame, its frame]: its end is when it was seen
    assert all(27.0 <= e.end <= 35.0 + 1e-6 for e in answer.evidence), answer.evidence
    assert any(w in names(answer) for w in CAT), names(answer)
    assert not any(w in names(answer) for w in COFFEE), names(answer)
    assert 0 < answer.kept_tokens < answer.total_tokens
    assert 0 < answer.time_to_first_token <= answer.latency


def test_question_at_15_uses_nothing_after_15(make_pipeline, coffee_cat_video):
    pipe = make_pipeline()
    pipe.ingest(coffee_cat_video, until=15.0)
    assert pipe.memory.snapshot().latest_t <= 15.0
    answer = pipe.ask("what is in the video now?", at=15.0)
    assert all(e.end <= 15.0 + 1e-6 for e in answer.evidence)
    assert any(w in names(answer) for w in COFFEE), names(answer)


@pytest.fixture(scope="module")
def unmerged(make_pipeline, coffee_cat_video):
    """The whole video in a memory that never merges frames (every frame keeps its own span)."""
    pipe = make_pipeline(memory=MemoryConfig(merge_threshold=1.0))
    pipe.ingest(coffee_cat_video)
    return pipe


@pytest.mark.parametrize("mode", ["now", "past"])
def test_memory_after_the_question_time_is_never_used(unmerged, mode):
    answer = unmerged.ask("was there a cup of coffee?", at=15.0, mode=mode)
    assert answer.evidence and all(e.end <= 15.0 + 1e-6 for e in answer.evidence)
    assert not any(w in names(answer) for w in CAT)


def test_merged_memory_refuses_to_look_past_the_question(full):
    # the coffee frames were merged into one span reaching past 15 s: using it would leak the future
    with pytest.raises(QuestionError, match="ends by 15.0 s"):
        full.ask("what is in the video now?", at=15.0)


def test_past_question_retrieves_the_earlier_segment(full):
    answer = full.ask("was there a cup of coffee before the cat?", at=39.0)
    assert answer.mode == "past"
    early = [e for e in answer.evidence if e.end <= 20.0 + 1e-6]
    assert early, answer.evidence
    assert any(w in e.trace for e in early for w in COFFEE)
    times = [e.start for e in answer.evidence]
    assert times == sorted(times)


@pytest.mark.parametrize("keep", [1.0, 0.5, 0.1])
def test_answer_path_at_keep_ratios(make_pipeline, coffee_cat_video, keep):
    pipe = make_pipeline(query=QueryConfig(keep_ratio=keep))
    pipe.ingest(coffee_cat_video, until=30.0)
    answer = pipe.ask("is there a cat?", at=30.0)
    assert answer.text
    assert answer.kept_tokens == pytest.approx(keep * answer.total_tokens, abs=len(answer.evidence))
    assert any(w in names(answer) for w in CAT)


def test_question_before_any_frame(make_pipeline):
    with pytest.raises(QuestionError, match="no frame"):
        make_pipeline().ask("what is happening?")


@pytest.mark.parametrize("text, match", [("   ", "empty"), ("x" * 5000, "limit")])
def test_bad_questions(full, text, match):
    with pytest.raises(QuestionError, match=match):
        full.ask(text, at=10.0)


def test_negative_time(full):
    with pytest.raises(QuestionError, match="negative"):
        full.ask("what is happening?", at=-1.0)


def test_time_past_the_end(make_pipeline, coffee_cat_video):
    with pytest.raises(QuestionError, match="past the end"):
        make_pipeline().ingest(coffee_cat_video, until=100.0)


def test_negative_fps_rejected():
    with pytest.raises(ValueError, match="fps"):
        PipelineConfig(fps=-1.0)
