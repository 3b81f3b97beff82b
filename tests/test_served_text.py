"""A text-only served model: ``transformers serve`` on loopback hosting the converted SmolLM2-135M-Instruct
folder; with ``--max-images 0`` each memory entry goes as its textual evidence line."""

from __future__ import annotations

import pytest

from tests.served_fixtures import LocalServer, require_serving

require_serving()

from streamvu.answerers.config import AnswererConfig  # noqa: E402
from streamvu.answerers.served import ServedConfig, images_in  # noqa: E402
from streamvu.apps.cli import main  # noqa: E402
from streamvu.errors import MissingDependencyError  # noqa: E402
from streamvu.messages import Question  # noqa: E402
from streamvu.pipeline.engine import Pipeline, PipelineConfig  # noqa: E402


@pytest.fixture(scope="module")
def smollm2(tmp_path_factory):
    from streamvu.answerers.smollm2 import converted_dir

    try:
        folder = converted_dir()
    except MissingDependencyError as exc:
        pytest.skip(str(exc))
    server = LocalServer(folder, tmp_path_factory.mktemp("served-smollm2") / "server.log").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def pipeline(smollm2, short_video):
    config = ServedConfig(smollm2.url, max_images=0, max_tokens=24)
    p = Pipeline(
        PipelineConfig(answerer=AnswererConfig(served=config))
    )  # no model named: the server's only one
    p.ingest(short_video)
    return p


def test_evidence_lines_reach_a_text_only_model(pipeline):
    assert pipeline.answerer.name == pipeline.answerer.model and pipeline.answerer.name.endswith("f32")
    snapshot = pipeline.memory.snapshot()
    assert all(e.thumbnail is None for e in snapshot.entries)  # no image is ever sent: none is kept
    counts, contents = [], []
    for at in (0.0, 3.0):  # the 8 s window holds one entry at 0 s, all of them at 3 s
        ctx = pipeline.queries.context(Question("What is shown?", asked_at=at, mode="now"), snapshot)
        messages = pipeline.answerer.messages(ctx, pipeline.answerer.evidence(ctx))
        assert images_in(messages) == 0 and isinstance(messages[1]["content"], str)
        contents.append(messages[1]["content"])
        text = "".join(pipeline.answerer.stream(ctx, pipeline.answerer.evidence(ctx)))
        assert text.strip()
        counts.append(pipeline.answerer.last_usage.prompt_tokens)
    lines = [line for line in contents[1].splitlines() if line.startswith("[")]
    assert len(lines) >= 3 and all("%" in line for line in lines), contents[1]
    assert counts[1] > counts[0] + 10 * (len(lines) - 1), counts


def test_text_only_answer_streams(pipeline):
    pieces: list[str] = []
    answer = pipeline.ask("What object is in the video?", on_token=pieces.append)
    assert len(pieces) >= 2 and answer.text == "".join(pieces).strip()
    assert answer.evidence and not answer.pruned


def test_cli_text_only_without_a_model_name(smollm2, short_video, capsys):
    code = main(
        ["ask", str(short_video), "What is shown?", "--server", smollm2.url, "--max-images", "0", "-q"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip()
