"""The grounding development suite end to end: real videos of known images, questions in OVBench's
lmms-eval row shape, answered by streaming each video once to each question's time (the path
``streamvu eval ovbench`` runs), graded on the letter the grounded answerer chose."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from benchmarks.sets.grounding import FORMS, VIDEOS, form_of, suite, write_suite
from streamvu.apps.cli import main
from streamvu.apps.eval import ovbench
from streamvu.apps.eval.runner import run
from streamvu.pipeline.engine import Pipeline, PipelineConfig


@pytest.fixture(scope="module")
def suite_files(tmp_path_factory):
    return write_suite(tmp_path_factory.mktemp("grounding"))


@pytest.fixture(scope="module")
def suite_run(suite_files, encoder, embedder, tmp_path_factory):
    annotations, videos = suite_files
    # half a frame per second keeps the test short; benchmarks/answer_quality.py runs it at 1 fps
    pipeline = Pipeline(PipelineConfig(fps=0.5), encoder=encoder, embedder=embedder)
    assert pipeline.answerer.name == "grounded" and type(pipeline.answerer).__name__ == "GroundedAnswerer"
    out = tmp_path_factory.mktemp("grounding-pred") / "pred.jsonl"
    return run(ovbench.load(annotations, "lmms-eval"), videos, pipeline, out, benchmark="grounding")


def test_suite_shape():
    records = suite()
    assert len(records) >= 40 and {form_of(r["sub_answer_type"]) for r in records} == set(FORMS)
    assert all(60 <= v.duration <= 120 for v in VIDEOS)
    keys = {
        "video",
        "question",
        "candidates",
        "answer",
        "answer_type",
        "sub_answer_type",
        "start",
        "end",
        "middle_frame_timestamp",
    }
    assert all(set(r) == keys and r["answer"] in r["candidates"] for r in records)


def test_grounded_answers_meet_the_target(suite_run):
    records = suite_run.records
    assert len(records) == len(suite()) and not suite_run.missing_videos
    by_form: dict[str, list[bool]] = defaultdict(list)
    for rec in records:
        by_form[form_of(rec["task"])].append(rec["correct"])
        assert rec["memory_end"] is None or rec["memory_end"] <= rec["time"] + 1e-3
        assert rec["response"][:2] == f"{rec['parsed']}.", rec["response"]  # the text starts with the letter
    overall = sum(r["correct"] for r in records) / len(records)
    wrong = [(r["question"], r["time"], r["response"]) for r in records if not r["correct"]]
    assert overall >= 0.8, wrong
    assert all(sum(v) / len(v) >= 0.6 for v in by_form.values()), (dict(by_form), wrong)


def test_streamvu_eval_reads_the_suite(suite_files, tmp_path, capsys):
    annotations, videos = suite_files
    sub = tmp_path / "one.json"
    sub.write_text(json.dumps([r for r in suite() if r["video"] == "launch.mp4"][:3]))
    out = tmp_path / "pred.jsonl"
    code = main(
        [
            "eval",
            "ovbench",
            "--annotations",
            str(sub),
            "--videos",
            str(videos),
            "--fps",
            "0.5",
            "--output",
            str(out),
            "--no-progress",
        ]
    )
    assert code == 0
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(recs) == 3 and all(r["correct"] for r in recs), recs
    assert "3 answered now" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["people", "wordings", "fresh", "casual", "pairs", "street", "live", "home",
                                  "tour", "office", "traffic", "market", "doorway", "trail", "garage", "harbour", "gallery", "lobby", "studio", "relay", "heldout", "heldout2"])  # fmt: skip
def test_every_question_set_builds_rows_whose_answer_is_an_option(name):
    """Every set benchmarks/answer_quality.py runs: OVBench rows, each truth among its options, each form
    one the set reports, no question asked twice at the same time of the same video."""
    from benchmarks.answer_quality import SETS

    make, _, forms = SETS[name]
    records = make()
    assert len(records) >= 25
    assert all(
        r["answer"] in r["candidates"] and len(set(r["candidates"])) == len(r["candidates"]) for r in records
    )
    assert {r["form"] for r in records} <= set(forms)
    asked = [(r["video"], r["end"], r["question"]) for r in records]
    assert len(set(asked)) == len(asked)
