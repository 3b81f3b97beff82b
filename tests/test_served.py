"""The served answerer against a real OpenAI-compatible server: ``transformers serve`` on loopback hosting
a tiny plain LLaVA (see tests/served_fixtures.py). One server for the module; the last test stops it
in the middle of an answer."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import threading

import pytest

from tests.served_fixtures import IMAGE_TOKENS, LocalServer, free_port, require_serving, save_tiny_llava

require_serving()

from streamvu.answerers.config import AnswererConfig  # noqa: E402
from streamvu.answerers.served import ServedAnswerer, ServedConfig, images_in  # noqa: E402
from streamvu.apps.cli import main  # noqa: E402
from streamvu.errors import ModelError, PromptTooLongError, ServerError  # noqa: E402
from streamvu.messages import Context, Question  # noqa: E402
from streamvu.pipeline.engine import Pipeline, PipelineConfig  # noqa: E402

MAX_MODEL_LEN = 1024


@pytest.fixture(scope="module")
def llava(tmp_path_factory):
    root = tmp_path_factory.mktemp("served-llava")
    server = LocalServer(
        save_tiny_llava(root / "tiny-llava"), root / "server.log", "--max-model-len", str(MAX_MODEL_LEN)
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def pipeline(llava, short_video):
    """The pipeline with the served answerer, fed the 4 s astronaut/rocket video at 1 fps."""
    p = Pipeline(
        PipelineConfig(answerer=AnswererConfig(llava.model, served=ServedConfig(llava.url, max_tokens=8)))
    )
    p.ingest(short_video)
    return p


def context(pipeline, text="What is shown?", entries=None) -> Context:
    snapshot = pipeline.memory.snapshot()
    ctx = pipeline.queries.context(Question(text, asked_at=snapshot.latest_t, mode="now"), snapshot)
    return ctx if entries is None else dataclasses.replace(ctx, entries=entries)


def test_every_sampled_frame_keeps_a_jpeg(pipeline):
    entries = pipeline.memory.snapshot().entries
    assert len(entries) >= 3
    assert all(e.thumbnail is not None and e.thumbnail[:2] == b"\xff\xd8" for e in entries)
    assert pipeline.answerer.name == pipeline.config.answerer.model
    assert pipeline.encoder.name == "efficientnet-lite0"


def test_images_reach_the_model(llava, pipeline):
    """The server's prompt token count grows by the model's image tokens with each image sent."""
    ctx = context(pipeline)
    assert len(ctx.entries) >= 3
    for k in (1, 2, 3):
        answerer = ServedAnswerer(ServedConfig(llava.url, model=llava.model, max_images=k, max_tokens=2))
        messages = answerer.messages(ctx, answerer.evidence(ctx))
        assert images_in(messages) == k
        stripped = [
            {**m, "content": [p for p in m["content"] if p["type"] != "image_url"]}
            if isinstance(m["content"], list)
            else m
            for m in messages
        ]
        counts = []
        for msgs in (stripped, messages):
            assert "".join(answerer.client.stream(llava.model, msgs, 2, on_usage=counts.append))
        grow = counts[1].prompt_tokens - counts[0].prompt_tokens
        assert k * IMAGE_TOKENS <= grow <= k * (IMAGE_TOKENS + 1), (k, grow)


def test_answer_streams_in_pieces_and_usage_is_summed(pipeline):
    pieces: list[str] = []
    before = pipeline.answerer.usage.requests
    answer = pipeline.ask("What is shown right now?", on_token=pieces.append)
    assert len(pieces) >= 2
    assert answer.text == "".join(pieces).strip()
    assert 0 < answer.time_to_first_token < answer.latency
    assert answer.tokens == len(pieces)
    assert [e.start for e in answer.evidence] == sorted(e.start for e in answer.evidence)
    assert pipeline.answerer.usage.requests == before + 1
    assert pipeline.answerer.last_usage.completion_tokens == 8


def test_questions_answered_concurrently(pipeline):
    results: list[str] = []
    errors: list[BaseException] = []

    def ask(i: int) -> None:
        try:
            results.append(pipeline.ask(f"What happens at {i} s?", at=3.0).text)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors and len(results) == 4


def test_unknown_model_is_one_clear_error(llava, pipeline):
    answerer = ServedAnswerer(ServedConfig(llava.url, model="no-such/model", check=False))
    ctx = context(pipeline)
    with pytest.raises(ModelError, match="does not serve the model 'no-such/model'.*it serves: .*tiny-llava"):
        "".join(answerer.stream(ctx, answerer.evidence(ctx)))


def test_prompt_too_long_is_one_clear_error(llava, pipeline):
    ctx = context(pipeline)
    many = list(ctx.entries) * (MAX_MODEL_LEN // (IMAGE_TOKENS * len(ctx.entries)) + 2)
    answerer = ServedAnswerer(ServedConfig(llava.url, model=llava.model, max_images=len(many)))
    long_ctx = context(pipeline, entries=many)
    with pytest.raises(PromptTooLongError, match="too long.*--max-images"):
        "".join(answerer.stream(long_ctx, answerer.evidence(long_ctx)))


def test_cli_ask_through_the_server(llava, short_video, capsys):
    code = main(
        ["ask", str(short_video), "What is shown?", "--server", llava.url, "--model", llava.model]
        + ["--max-images", "2", "--no-progress"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip()


def test_cli_unknown_model_and_server_down(llava, short_video, capsys):
    code = main(["ask", str(short_video), "What?", "--server", llava.url, "--model", "nope", "--no-progress"])
    out, err = capsys.readouterr()
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "does not serve the model 'nope'" in lines[0], err
    down = f"http://127.0.0.1:{free_port()}/v1"
    code = main(["ask", str(short_video), "What?", "--server", down, "--model", "x", "--no-progress"])
    out, err = capsys.readouterr()
    assert code != 0 and not out.strip()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the answer server" in lines[0], err


def test_cli_caption_and_watch_through_the_server(llava, short_video, tmp_path, monkeypatch, capsys):
    out = tmp_path / "captions"
    code = main(["caption", str(short_video), "--server", llava.url, "--segment", "2", "-o", str(out), "-q"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    srt = (out / "short.srt").read_text()
    assert srt.count(" --> ") == 2
    monkeypatch.setattr("sys.stdin", io.StringIO("@1 what is shown?\n@3 and now?\n"))
    code = main(["watch", str(short_video), "--server", llava.url, "--speed", "4", "--no-progress"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert (
        "[now, asked at 1.0s] what is shown?" in captured.out
        and "[now, asked at 3.0s] and now?" in captured.out
    )


OBJECTS = ["an astronaut", "a rocket", "a cat", "a cup"]


@pytest.fixture(scope="module")
def bench(tmp_path_factory, short_video):
    """An OVBench file in its record shape: 8 questions on one 4 s video, 4 asked at 2 s and 4 at 4 s."""
    root = tmp_path_factory.mktemp("served-ovbench")
    (root / "videos").mkdir()
    shutil.copy(short_video, root / "videos" / "clip.mp4")
    rows = [
        {
            "middle_frame_timestamp": t,
            "question": f"What is on screen ({t:g} s, {k})?",
            "answer": OBJECTS[0 if t < 3 else 1],
            "sub_answer_type": "TemporalPerception-1",
            "answer_type": "TemporalPerception",
            "video": "clip.mp4",
            "candidates": OBJECTS,
            "start": 0.0,
            "end": t,
        }
        for t in (2.0, 4.0)
        for k in range(4)
    ]
    (root / "coin.json").write_text(json.dumps(rows))
    return root


def test_eval_questions_of_a_video_sent_concurrently_and_resumed(llava, pipeline, bench, tmp_path):
    from streamvu.apps.eval import ovbench
    from streamvu.apps.eval.runner import load_records, run

    items = ovbench.load([bench / "coin.json"], "lmms-eval")
    assert len(items) == 8
    answerer = ServedAnswerer(ServedConfig(llava.url, model=llava.model, max_tokens=16))
    local = Pipeline(pipeline.config, encoder=pipeline.encoder, embedder=pipeline.embedder, answerer=answerer)
    in_flight, peak, lock = [0], [0], threading.Lock()
    original = answerer.stream

    def counting(context, evidence):
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        try:
            yield from original(context, evidence)
        finally:
            with lock:
                in_flight[0] -= 1

    answerer.stream = counting
    out = tmp_path / "pred.jsonl"
    first = run(items[:5], bench / "videos", local, out, concurrency=4)
    assert first.answered == 5 and not first.missing_videos
    assert peak[0] >= 2  # the questions asked at 2 s were in flight together
    records = load_records(out)
    assert [r["uid"] for r in records] == [i.uid for i in items[:5]]
    assert all(r["response"] and "error" not in r for r in records)
    # each answered from memory as it was at its time, not from what ingest read meanwhile
    assert all(r["memory_end"] <= r["asked_at"] + 1e-3 for r in records)
    assert {r["memory_end"] for r in records[:4]} == {2.0}
    second = run(items, bench / "videos", local, out, resume=True, concurrency=4)
    assert second.resumed == 5 and second.answered == 3
    assert [r["uid"] for r in load_records(out)] == [i.uid for i in items]
    assert answerer.usage.requests == 8


def test_eval_with_the_server_gone_records_nothing(llava, pipeline, bench, tmp_path):
    from streamvu.apps.eval import ovbench
    from streamvu.apps.eval.runner import load_records, run

    items = ovbench.load([bench / "coin.json"], "lmms-eval")
    gone = ServedConfig(f"http://127.0.0.1:{free_port()}/v1", model="m", check=False, retries=0)
    local = Pipeline(
        pipeline.config, encoder=pipeline.encoder, embedder=pipeline.embedder, answerer=ServedAnswerer(gone)
    )
    out = tmp_path / "pred.jsonl"
    result = run(items, bench / "videos", local, out, concurrency=4)
    assert result.answered == 0 and load_records(out) == []
    assert "cannot reach the answer server" in result.missing_videos["clip.mp4"]


def test_cli_eval_with_server_and_concurrency(llava, bench, tmp_path, capsys):
    from streamvu.apps.eval.runner import load_records

    out, report = tmp_path / "pred.jsonl", tmp_path / "summary.json"
    args = ["eval", "ovbench", "--annotations", str(bench / "coin.json"), "--videos", str(bench / "videos")]
    args += ["--protocol", "lmms-eval", "--output", str(out), "--report", str(report), "--no-progress"]
    code = main([*args, "--server", llava.url, "--concurrency", "4", "--max-images", "2"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    summary = json.loads(report.read_text())
    assert summary["model"] == llava.model and summary["server"] == llava.url
    assert summary["server_usage"]["requests"] == 8 and summary["server_usage"]["prompt_tokens"] > 8 * 2 * 16
    assert summary["n"] == 8 and len(load_records(out)) == 8


def test_server_stopped_mid_answer(llava, pipeline):
    """Last: stops the module's server. One error line, and no answer comes back as final."""
    answerer = ServedAnswerer(ServedConfig(llava.url, model=llava.model, max_tokens=MAX_MODEL_LEN - 600))
    local = Pipeline(pipeline.config, encoder=pipeline.encoder, embedder=pipeline.embedder, answerer=answerer)
    local.memory = pipeline.memory
    pieces: list[str] = []

    def on_token(piece: str) -> None:
        pieces.append(piece)
        if len(pieces) == 1:
            llava.kill()

    with pytest.raises(ServerError) as info:
        local.ask("Describe everything.", on_token=on_token)
    message = str(info.value)
    assert "stopped in the middle of an answer" in message and "\n" not in message
    assert 1 <= len(pieces) < MAX_MODEL_LEN - 600
