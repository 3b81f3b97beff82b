"""The whole pipeline, the CLI and captioning with Hugging Face VLMs (tiny random models saved and
loaded by path, offline) on a real encoded video: one loaded model encodes and answers, answers
stream, KV prefixes are reused across questions, a crash fails only its question."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from streamvu.answerers.vlm import Reply, VLMAnswerer
from streamvu.errors import ModelError
from streamvu.memory import MemoryConfig
from streamvu.pipeline.engine import Pipeline, PipelineConfig
from streamvu.pipeline.query import QueryConfig
from streamvu.testing.tiny_vlm import save_tiny_vlm


@pytest.fixture(scope="module")
def dirs(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("tiny_vlm_pipeline")
    return {family: save_tiny_vlm(family, root / family) for family in ("qwen2_5_vl", "smolvlm")}


# --- the whole pipeline -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def qwen_pipeline(dirs, embedder, short_video):
    config = PipelineConfig(
        fps=2.0,
        answerer=str(dirs["qwen2_5_vl"]),
        query=QueryConfig(keep_ratio=0.5),
        memory=MemoryConfig(layers=((2, None), (4, 16), (8, 4))),
    )
    pipe = Pipeline(config, embedder=embedder)
    pipe.answerer.config = replace(pipe.answerer.config, max_new_tokens=8)
    assert pipe.ingest(short_video, until=3.0) == 7  # t = 0, 0.5, ..., 3
    return pipe


def record_replies(monkeypatch, answerer: VLMAnswerer) -> list[Reply]:
    """Keep every Reply the pipeline's answerer hands out (each call's own prefill figures)."""
    replies: list[Reply] = []
    original = answerer.reply

    def spy(context, max_new_tokens=None):
        replies.append(original(context, max_new_tokens))
        return replies[-1]

    monkeypatch.setattr(answerer, "reply", spy)
    return replies


def test_pipeline_with_a_qwen_vlm_by_path_streams_an_answer_from_its_memory(qwen_pipeline, dirs, monkeypatch):
    pipe = qwen_pipeline
    replies = record_replies(monkeypatch, pipe.answerer)
    assert pipe.answerer.bundle is pipe.encoder.bundle, "one loaded model for encoder and answerer"
    assert pipe.encoder.name == str(dirs["qwen2_5_vl"]) and pipe.memory.config.key == "both"
    pieces: list[str] = []
    ans = pipe.ask("what is happening now?", at=3.0, on_token=pieces.append)
    assert ans.text and "".join(pieces).strip() == ans.text and ans.tokens == len(pieces) >= 1
    assert ans.evidence and all(e.end <= 3.0 + 1e-6 and e.start <= e.end for e in ans.evidence)
    assert 0 < ans.kept_tokens < ans.total_tokens
    info = replies[-1].prefill
    assert info.position_ids.shape == (3, info.prompt_tokens)
    t = info.position_ids[0]
    assert bool((t[1:] >= t[:-1]).all())
    assert info.prompt_tokens > ans.kept_tokens and info.segments == len(ans.evidence) + 2
    again = pipe.ask("is anything moving?", at=3.0)
    assert len(replies) == 2 and replies[-1].prefill.reused_segments == len(again.evidence) + 1
    own = replies[-1].prompt.segments[-1]
    assert replies[-1].prefill.prefilled_tokens == own.ids.shape[0], (
        "only the question's own text is prefilled"
    )
    assert "is anything moving?" in replies[-1].prompt.text and replies[0].prefill is info


def test_past_questions_retrieve_by_visual_keys(qwen_pipeline):
    ans = qwen_pipeline.ask("what did we see at the start?", at=3.0, mode="past")
    assert ans.mode == "past" and ans.evidence and all(e.end <= 3.0 + 1e-6 for e in ans.evidence)


def test_a_crash_inside_generation_fails_only_that_question(qwen_pipeline, monkeypatch):
    pipe = qwen_pipeline
    replies = record_replies(monkeypatch, pipe.answerer)
    before = pipe.ask("what is happening now?", at=3.0)

    def boom(module, args, kwargs):
        if kwargs["inputs_embeds"].shape[1] == 1:  # decoding, after the prefill
            raise RuntimeError("device lost")

    handle = pipe.answerer.bundle.language_model.register_forward_pre_hook(boom, with_kwargs=True)
    try:
        with pytest.raises(RuntimeError, match="device lost"):
            pipe.ask("what is happening now?", at=3.0)
    finally:
        handle.remove()
    after = pipe.ask("what is happening now?", at=3.0)
    assert after.text == before.text and replies[-1].prefill.reused_tokens > 0


def test_pipeline_with_smolvlm(dirs, embedder, short_video, monkeypatch):
    pipe = Pipeline(
        PipelineConfig(fps=2.0, encoder=str(dirs["smolvlm"]), answerer=str(dirs["smolvlm"])),
        embedder=embedder,
    )
    assert pipe.answerer.bundle is pipe.encoder.bundle
    replies = record_replies(monkeypatch, pipe.answerer)
    pipe.ingest(short_video, until=2.0)
    pieces: list[str] = []
    ans = pipe.ask("what is shown?", at=2.0, on_token=pieces.append)
    assert ans.text and "".join(pieces).strip() == ans.text
    assert ans.evidence and all(e.end <= 2.0 + 1e-6 for e in ans.evidence)
    assert replies[-1].prefill.position_ids.ndim == 1


def test_pipeline_unknown_answer_model_lists_choices(embedder):
    with pytest.raises(ModelError, match="unknown answer model.*embedded"):
        Pipeline(PipelineConfig(answerer="no-such-vlm-anywhere"), embedder=embedder)


def test_cli_ask_with_a_local_vlm_dir(dirs, short_video, capsys):
    from streamvu.apps.cli import main

    code = main(
        [
            "ask",
            str(short_video),
            "--at",
            "2",
            "what is shown?",
            "--model",
            str(dirs["smolvlm"]),
            "--fps",
            "1",
            "--json",
            "--no-progress",
        ]
    )
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["answer"] and doc["evidence"] and all(e["end"] <= 2.0 + 1e-6 for e in doc["evidence"])


@pytest.mark.parametrize("family", ["qwen2_5_vl", "smolvlm"])
def test_cli_caption_with_a_local_vlm_dir(dirs, short_video, tmp_path, family, capsys, monkeypatch):
    """Captions and the summary come from the VLM itself: it sees each segment's frames."""
    from streamvu.apps.cli import main

    seen = []
    original = VLMAnswerer.caption

    def spy(self, evidence, max_new_tokens=40, items=()):
        seen.append(len(items))
        return original(self, evidence, max_new_tokens=max_new_tokens, items=items)

    monkeypatch.setattr(VLMAnswerer, "caption", spy)
    out = tmp_path / "short.json"
    code = main(
        [
            "caption",
            str(short_video),
            "--model",
            str(dirs[family]),
            "--fps",
            "1",
            "--segment",
            "2",
            "--summary",
            "--format",
            "json",
            "-o",
            str(out),
            "--no-progress",
        ]
    )
    assert code == 0, capsys.readouterr().err
    doc = json.loads(out.read_text())
    assert [(c["start"], c["end"]) for c in doc["captions"]] == [
        (0.0, 2.0),
        (2.0, pytest.approx(4.0, abs=0.11)),
    ]
    assert seen[:2] == [2, 2] and seen[-1] == 0  # two frames per segment, then the text-only summary
    assert "summary" in doc
