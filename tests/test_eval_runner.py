"""The benchmark runner on real videos with known content (0-20 s coffee, 20-40 s cat; 2 s astronaut,
2 s rocket): questions in every temporal context, each video streamed once, nothing after a
question's time seen, predictions written video by video, resume, missing videos. The stub answerer
keeps the mechanics fast; the embedded default (SmolLM2) runs the whole path once through the CLI.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

from streamvu.apps.eval import ovbench, ovobench
from streamvu.apps.eval.runner import load_records, run
from streamvu.messages import Evidence
from streamvu.pipeline.engine import Pipeline, PipelineConfig

OPTIONS = ["A. a cup of coffee", "B. a cat", "C. a rocket", "D. a horse"]


def question(t, text, answer, answer_type, sub_answer_type):
    return {"middle_frame_timestamp": t, "question": text, "options": OPTIONS, "answer": answer,
            "answer_type": answer_type, "sub_answer_type": sub_answer_type}


# VideoChat-Online's per-video format; questions deliberately out of time order
ANNOTATIONS = [
    {"video_id": "coffee_cat.mp4", "clip": [0, 40], "questions": [
        question(35.0, "What object is on screen now?", "B", "Spatio Perception", "Object Position"),
        question(15.0, "What object is on screen now?", "A", "Temporal Perception", "Object Existence State"),
        question(35.0, "What was shown before the cat appeared?", "A", "Past Memory", "Action Retrieval"),
        question(18.0, "What will appear next?", "B", "Future Prediction", "Movement Prediction"),
    ]},
    {"video_id": "short", "questions": [  # no extension: resolved to short.mp4
        question(3.0, "What object is on screen now?", "C", "Spatio Perception", "Action Location"),
    ]},
    {"video_id": "not_downloaded.mp4", "questions": [
        question(5.0, "What is on screen?", "A", "Temporal Perception", "Action Sequence"),
    ]},
]


class StubAnswerer:
    """Answers "(B)" to everything and cites every context entry; counts its calls."""

    name = "stub"

    def __init__(self, reply="(B)"):
        self.reply = reply
        self.calls = []

    def query_vector(self, question):
        return None

    def evidence(self, context):
        return [Evidence(start=e.start, end=e.end, trace="stub") for e in context.entries]

    def stream(self, context, evidence):
        self.calls.append(context.question)
        yield self.reply


@pytest.fixture(scope="module")
def bench_dir(tmp_path_factory, coffee_cat_video, short_video):
    root = tmp_path_factory.mktemp("ovbench")
    videos = root / "videos"
    videos.mkdir()
    shutil.copy(coffee_cat_video, videos / "coffee_cat.mp4")
    shutil.copy(short_video, videos / "short.mp4")
    (root / "ovbench.json").write_text(json.dumps(ANNOTATIONS))
    return root


@pytest.fixture
def stub_pipeline(encoder, embedder):
    def make(reply="(B)", fps=1.0):
        pipe = Pipeline(PipelineConfig(fps=fps), encoder=encoder, embedder=embedder, answerer=StubAnswerer(reply))
        calls = []
        original = pipe.encoded

        def counting(source, until=None, progress=False):
            calls.append((str(source), until))
            return original(source, until, progress)

        pipe.encoded = counting
        pipe.encode_calls = calls
        return pipe

    return make


def test_each_video_streamed_once_and_nothing_after_the_question_time(bench_dir, stub_pipeline, tmp_path):
    items = ovbench.load(bench_dir / "ovbench.json")
    pipe = stub_pipeline()
    logs = []
    out = tmp_path / "pred.jsonl"
    result = run(items, bench_dir / "videos", pipe, out, benchmark="ovbench", log=logs.append)
    # one pass per available video, read only up to its last question
    assert [(src.rsplit("/", 1)[-1], until) for src, until in pipe.encode_calls] == [
        ("coffee_cat.mp4", 35.0), ("short.mp4", 3.0)]
    assert result.answered == 5 and result.videos_encoded == 2
    assert result.missing_videos == {"not_downloaded.mp4": "not found"} and result.missing_questions == 1
    assert "not_downloaded.mp4" in logs[0] and "skipped 1 question" in logs[0]
    # asked in time order within a video, each at its own time
    assert [q.asked_at for q in pipe.answerer.calls] == [15.0, 18.0, 35.0, 35.0, 3.0]
    assert all(q.options == ("a cup of coffee", "a cat", "a rocket", "a horse") for q in pipe.answerer.calls)
    records = load_records(out)
    assert len(records) == 5 and {r["uid"] for r in records} == {r["uid"] for r in result.records}
    for r in records:
        # memory held frames up to the question time (1 fps) and none after it
        assert r["time"] - 1.0 - 1e-6 <= r["memory_end"] <= r["time"] + 1e-6, r
        assert r["evidence_end"] is not None and r["evidence_end"] <= r["time"] + 1e-6, r
        assert r["response"] == "(B)" and r["parsed"] == "B" and r["valid"]
    by_uid = {r["uid"]: r for r in records}
    assert by_uid["coffee_cat.mp4#0"]["correct"] and not by_uid["coffee_cat.mp4#1"]["correct"]
    assert {r["context"] for r in records} == {"past", "present", "future"}
    summary = ovbench.summarize(result.records)
    assert summary["n"] == 5 and summary["overall_micro"] == pytest.approx(40.0)


def test_predictions_are_written_video_by_video(bench_dir, stub_pipeline, tmp_path):
    """A video's predictions land together when it is done (a unit of work is all or nothing)."""
    out = tmp_path / "pred.jsonl"
    seen = []
    pipe = stub_pipeline()
    original = pipe.answerer.stream

    def watching(context, evidence):
        seen.append(len(load_records(out)))  # lines on disk when each question starts
        yield from original(context, evidence)

    pipe.answerer.stream = watching
    run(ovbench.load(bench_dir / "ovbench.json"), bench_dir / "videos", pipe, out)
    assert seen == [0, 0, 0, 0, 4]  # coffee_cat's 4 questions, then short's one


def test_resume_skips_done_questions(bench_dir, stub_pipeline, tmp_path):
    ann = [{"video_id": "short.mp4", "questions": [
        question(t, "What object is on screen now?", "C", "Spatio Perception", "Action Location")
        for t in (1.0, 2.0, 3.0, 3.5)]}]
    (tmp_path / "short.json").write_text(json.dumps(ann))
    items = ovbench.load(tmp_path / "short.json")
    out = tmp_path / "pred.jsonl"
    first = run(items[:2], bench_dir / "videos", stub_pipeline("(A)"), out)
    assert first.answered == 2
    with open(out, "a") as f:
        f.write('{"uid": "short.mp4#2", "torn')  # an interrupted write
    pipe = stub_pipeline("(B)")
    second = run(items, bench_dir / "videos", pipe, out, resume=True)
    assert second.resumed == 2 and second.answered == 2
    assert [q.asked_at for q in pipe.answerer.calls] == [3.0, 3.5]  # only the new ones
    records = load_records(out)
    assert len(records) == 4 and len({r["uid"] for r in records}) == 4
    assert [r["response"] for r in records] == ["(A)", "(A)", "(B)", "(B)"]  # earlier answers kept
    assert [r["uid"] for r in second.records] == [i.uid for i in items]
    # everything done: a resumed run streams nothing
    third_pipe = stub_pipeline()
    third = run(items, bench_dir / "videos", third_pipe, out, resume=True)
    assert third.answered == 0 and third_pipe.encode_calls == [] and len(third.records) == 4
    # without --resume the file starts over
    run(items[:1], bench_dir / "videos", stub_pipeline(), out)
    assert len(load_records(out)) == 1


def test_question_before_the_first_frame_is_an_invalid_answer(bench_dir, stub_pipeline, tmp_path):
    items = ovbench.load(bench_dir / "ovbench.json")
    early = [replace(items[4], uid="early", time=0.0, start=1.0)]
    result = run(early, bench_dir / "videos", stub_pipeline(), tmp_path / "p.jsonl")
    rec = result.records[0]
    assert rec["error"].startswith("QuestionError") and not rec["valid"] and not rec["correct"]


def test_ovobench_forward_questions_on_a_real_video(stub_pipeline, short_video, tmp_path):
    videos = tmp_path / "videos"
    videos.mkdir()
    shutil.copy(short_video, videos / "short.mp4")
    ann = [
        {"id": 7, "task": "SSR", "video": "short.mp4",
         "test_info": [{"realtime": 1.0, "step": "launch the rocket", "type": 0},
                       {"realtime": 3.5, "step": "launch the rocket", "type": 1}]},
        {"id": 8, "task": "OJR", "video": "short.mp4", "question": "What is visible?",
         "options": ["an astronaut", "a rocket"], "gt": 1, "realtime": 3.0},
    ]
    (tmp_path / "ovo.json").write_text(json.dumps(ann))
    items = ovobench.load(tmp_path / "ovo.json")
    pipe = stub_pipeline("Yes")
    result = run(items, videos, pipe, tmp_path / "p.jsonl", benchmark="ovobench")
    assert [q.asked_at for q in pipe.answerer.calls] == [1.0, 3.0, 3.5] and len(pipe.encode_calls) == 1
    by_uid = {r["uid"]: r for r in result.records}
    assert by_uid["7#0"]["parsed"] == "Yes" and not by_uid["7#0"]["correct"] and by_uid["7#1"]["correct"]
    assert not by_uid["8"]["valid"]  # "Yes" names no option
    assert all(r["memory_end"] <= r["time"] + 1e-6 for r in result.records)
    assert "SSR" in ovobench.format_report(ovobench.summarize(result.records))


def test_cli_end_to_end_with_the_embedded_default(bench_dir, encoder, embedder, answerer, tmp_path, monkeypatch,
                                                  capsys):
    """``streamvu eval ovbench`` with the real embedded answerer (EfficientNet + MiniLM + SmolLM2)."""
    from streamvu.apps import eval_cmd
    from streamvu.apps.cli import main

    made = []

    def make_pipeline(args):  # the session's models, the command's settings
        assert args.model == "embedded" and args.fps == 1.0
        made.append(Pipeline(PipelineConfig(fps=args.fps), encoder=encoder, embedder=embedder, answerer=answerer))
        return made[-1]

    monkeypatch.setattr(eval_cmd, "make_pipeline", make_pipeline)
    out, report = tmp_path / "pred.jsonl", tmp_path / "summary.json"
    code = main(["eval", "ovbench", "--annotations", str(bench_dir / "ovbench.json"), "--videos",
                 str(bench_dir / "videos"), "--model", "embedded", "--fps", "1", "--output", str(out),
                 "--report", str(report), "--no-progress"])
    assert code == 0
    captured = capsys.readouterr()
    assert "OVBench" in captured.out and "| Model" in captured.out and "Past" in captured.out
    assert "not_downloaded.mp4" in captured.err
    records = load_records(out)
    assert len(records) == 5
    for r in records:
        assert r["response"], r
        assert r["parsed"] in (None, "A", "B", "C", "D")
        assert r["evidence_end"] <= r["time"] + 1e-6 and r["memory_end"] <= r["time"] + 1e-6
    summary = json.loads(report.read_text())
    assert summary["n"] == 5 and summary["skipped"] == 1 and summary["missing_videos"] == {"not_downloaded.mp4": "not found"}
    # the now-question at 15 s rests on the coffee segment only, the one at 35 s on the cat segment
    evidence_15 = [r for r in records if r["time"] == 15.0][0]
    assert evidence_15["evidence_end"] <= 15.0 + 1e-6


def test_cli_errors(bench_dir, tmp_path, capsys):
    from streamvu.apps.cli import main

    assert main(["eval", "ovbench", "--annotations", str(tmp_path / "none.json"), "--videos",
                 str(bench_dir / "videos")]) == 2
    assert "no such annotation file" in capsys.readouterr().err
    assert main(["eval", "ovbench", "--annotations", str(bench_dir / "ovbench.json"), "--videos",
                 str(tmp_path / "nowhere")]) == 2
    assert "no such video folder" in capsys.readouterr().err
    assert main(["eval", "ovbench", "--annotations", str(bench_dir / "ovbench.json"), "--videos",
                 str(bench_dir / "videos"), "--tasks", "Nothing Like This"]) == 2
    assert "no questions" in capsys.readouterr().err
