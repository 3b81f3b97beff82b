"""Question modes, proactive targets, the ``since`` window and future-question triggers (no models)."""

from __future__ import annotations

import numpy as np
import pytest

from streamvu.answerers.base import Answerer
from streamvu.errors import QuestionError
from streamvu.memory import MemoryConfig, PyramidMemory
from streamvu.messages import Question
from streamvu.pipeline.query import (
    QueryConfig,
    QueryHandler,
    check_text,
    infer_mode,
    is_generic,
    target_phrase,
)
from streamvu.pipeline.triggers import FutureTrigger, TriggerConfig
from streamvu.testing.synthetic import synthetic_frame


@pytest.mark.parametrize(
    "text, mode",
    [
        ("tell me when a cat appears", "future"),
        ("Let me know if a dog shows up.", "future"),
        ("notify me once the door opens", "future"),
        ("wait for the bus", "future"),
        ("what will happen next?", "future"),
        ("was there a cup of coffee before the cat?", "past"),
        ("what is in the video now?", "now"),
        ("is there a cat?", "now"),
        ("Tell me when the cat showed up.", "past"),
        ("let me know when something moves", "future"),
    ],
)
def test_infer_mode(text, mode):
    assert infer_mode(text) == mode


@pytest.mark.parametrize(
    "text, target, generic",
    [
        ("tell me when a cat appears", "a cat", False),
        ("Let me know if a dog shows up.", "a dog", False),
        ("tell me when there is a person", "a person", False),
        ("when will a car arrive?", "a car", False),
        ("will there be a bird?", "a bird", False),
        ("what happens next?", "", True),
        ("tell me when something happens", "", True),
        ("tell me when someone comes in", "someone", False),
    ],
)
def test_target_phrase(text, target, generic):
    assert target_phrase(text) == target
    assert is_generic(target) is generic


@pytest.mark.parametrize(
    "text, mode, at, match",
    [
        ("  ", "auto", None, "empty"),
        ("x" * 2000, "auto", None, "limit"),
        ("ok?", "later", None, "unknown mode"),
        ("ok?", "now", -1.0, "negative"),
    ],
)
def test_check_text(text, mode, at, match):
    with pytest.raises(QuestionError, match=match):
        check_text(text, mode, 1000, at)


class _NoAnswer(Answerer):
    name = "none"

    def query_vector(self, question):
        return None


def test_since_keeps_only_entries_from_the_trigger_on():
    memory = PyramidMemory(MemoryConfig(merge_threshold=1.0))
    for i in range(10):
        memory.add(synthetic_frame(i, fps=1.0))
    handler = QueryHandler(QueryConfig(keep_ratio=1.0), embedder=None, answerer=_NoAnswer())
    snap = memory.snapshot()
    entries = handler.select(Question("tell me when", 8.0, "now"), snap, "now", since=7.0)
    assert [e.end for e in entries] == [7.0, 8.0]
    # nothing at or after `since` before asked_at: the latest entry ending by asked_at
    entries = handler.select(Question("x", 5.0, "now"), snap, "now", since=6.0)
    assert [e.end for e in entries] == [5.0]


def _frame_with_key(t: float, key: np.ndarray):
    item = synthetic_frame(int(t), fps=1.0)
    item.text_key = (key / np.linalg.norm(key)).astype(np.float32)
    return item


def test_trigger_fires_on_match_after_ask_time_only():
    cat, cup = np.eye(4, dtype=np.float32)[0], np.eye(4, dtype=np.float32)[1]
    trig = FutureTrigger(asked_at=5.0, key=cat, config=TriggerConfig(threshold=0.4))
    assert not trig.update(_frame_with_key(5.0, cat))  # not after the ask time
    assert not trig.update(_frame_with_key(6.0, cup))
    assert trig.update(_frame_with_key(7.0, cat + 0.2 * cup))
    assert trig.first_hit == 7.0 and trig.best_t == 7.0 and trig.best_score > 0.9


def test_trigger_debounce_needs_consecutive_frames():
    cat, cup = np.eye(4, dtype=np.float32)[0], np.eye(4, dtype=np.float32)[1]
    trig = FutureTrigger(asked_at=0.0, key=cat, config=TriggerConfig(frames=2))
    assert not trig.update(_frame_with_key(1.0, cat))
    assert not trig.update(_frame_with_key(2.0, cup))  # streak broken
    assert not trig.update(_frame_with_key(3.0, cat))
    assert trig.update(_frame_with_key(4.0, cat))
    assert trig.first_hit == 3.0


def test_generic_trigger_fires_on_scene_change():
    a, b = np.eye(4, dtype=np.float32)[0], np.eye(4, dtype=np.float32)[2]
    trig = FutureTrigger(asked_at=0.0, key=None, config=TriggerConfig(novelty=0.5))  # baseline from 1st frame
    assert not trig.update(_frame_with_key(1.0, a))
    assert not trig.update(_frame_with_key(2.0, a + 0.1 * b))
    assert trig.update(_frame_with_key(3.0, b))


@pytest.mark.parametrize("kwargs", [{"threshold": 2.0}, {"frames": 0}, {"novelty": -3.0}])
def test_trigger_config_validation(kwargs):
    with pytest.raises(ValueError):
        TriggerConfig(**kwargs)
