"""Executors without Ray: the local executor, the executor options, the install hint when Ray is
missing, and atomic outputs to pyarrow.fs URIs (the Ray executor itself: test_executors_ray.py)."""

from __future__ import annotations

import json
import sys
import threading
from dataclasses import dataclass

import pytest

from streamvu.answerers.base import Answerer
from streamvu.apps import caption_cmd
from streamvu.apps.batch import collect_jobs, run_batch
from streamvu.apps.caption_units import state_target
from streamvu.apps.captioning import CaptionConfig, state_path
from streamvu.apps.cli import main
from streamvu.apps.executors import outputs
from streamvu.apps.executors.base import Unit
from streamvu.apps.executors.local import LocalExecutor
from streamvu.pipeline.engine import Pipeline, PipelineConfig


@dataclass
class Square:
    """Squares numbers; a negative one fails (its own fault); counts setups."""

    setups: list

    def setup(self):
        self.setups.append(threading.get_ident())
        return "models"

    def process(self, state, payload: int) -> int:
        assert state == "models"
        if payload < 0:
            raise ValueError(f"cannot square {payload}")
        return payload * payload


@pytest.mark.parametrize("workers", [1, 3])
def test_local_executor_processes_every_unit_and_reports_failures(workers):
    setups: list = []
    units = [Unit(f"u{i}", i) for i in (1, 2, -3, 4, 5)]
    results = {r.key: r for r in LocalExecutor(workers).run(Square(setups), units)}
    assert len(setups) == 1  # models loaded once, shared by the threads
    assert {k: r.value for k, r in results.items() if r.status == "done"} == {
        "u1": 1,
        "u2": 4,
        "u4": 16,
        "u5": 25,
    }
    assert results["u-3"].status == "failed" and results["u-3"].error == "cannot square -3"
    with pytest.raises(ValueError, match="share the key"):
        list(LocalExecutor(workers).run(Square([]), [Unit("a", 1), Unit("a", 2)]))


def test_local_executor_stops_on_keyboard_interrupt_in_a_worker():
    @dataclass
    class Interrupting:
        def setup(self):
            return None

        def process(self, state, payload):
            if payload == 2:
                raise KeyboardInterrupt
            return payload

    with pytest.raises(KeyboardInterrupt):
        list(LocalExecutor(2).run(Interrupting(), [Unit(str(i), i) for i in range(6)]))


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--address", "127.0.0.1:6379"], "--address and --gpus-per-worker need --executor ray"),
        (["--executor", "ray", "--workers", "0"], "--workers must be >= 1"),
        (["--executor", "ray", "--gpus-per-worker", "-1"], "--gpus-per-worker must be >= 0"),
    ],
)
def test_executor_options_are_checked_first(short_video, tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.setattr(caption_cmd, "make_pipeline", lambda a: pytest.fail("loaded models before checking"))
    assert main(["caption", str(short_video), "-o", str(tmp_path), *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_executor_ray_without_ray_says_how_to_install(short_video, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ray", None)  # as if not installed: importing it fails
    monkeypatch.setattr(caption_cmd, "make_pipeline", lambda a: pytest.fail("loaded models before checking"))
    assert main(["caption", str(short_video), "-o", str(tmp_path), "--executor", "ray"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pip install 'streamvu[ray]'" in err[0]
    assert not list(tmp_path.iterdir())


def test_uri_outputs_are_written_atomically_through_pyarrow(tmp_path):
    pytest.importorskip("pyarrow.fs", reason="URI outputs need pyarrow (the [ray] extra)")
    uri = f"file://{tmp_path}/out/deep/a.srt"
    assert outputs.is_uri(uri) and not outputs.exists(uri) and outputs.read_bytes(uri) is None
    outputs.write_bytes(uri, b"first")
    outputs.write_bytes(uri, b"second")
    assert outputs.read_bytes(uri) == b"second" and (tmp_path / "out/deep/a.srt").read_bytes() == b"second"
    assert [p.name for p in (tmp_path / "out/deep").iterdir()] == ["a.srt"]  # no temporary left
    assert outputs.join("s3://bucket/captions/", "sub", "b.vtt") == "s3://bucket/captions/sub/b.vtt"
    assert state_target({"srt": "s3://bucket/x/b.srt"}) == "s3://bucket/x/.b.captions.json"
    local = {"srt": tmp_path / "b.srt", "vtt": tmp_path / "b.vtt"}
    assert state_target(local) == state_path(local)


class Captioner(Answerer):
    name = "seen"

    def query_vector(self, question):
        return None

    def caption(self, evidence, max_new_tokens: int = 40, items=()) -> str:
        return "Seen: " + ", ".join(ev.trace for ev in evidence) + "."


def test_caption_to_a_uri_equals_caption_to_a_folder_and_resumes(short_video, encoder, embedder, tmp_path):
    pytest.importorskip("pyarrow.fs", reason="URI outputs need pyarrow (the [ray] extra)")
    pipeline = Pipeline(PipelineConfig(fps=2.0), encoder=encoder, embedder=embedder, answerer=Captioner())
    config = CaptionConfig(segment_s=2.0)
    folder = tmp_path / "folder"
    run_batch(collect_jobs([str(short_video)], ("srt", "vtt"), folder), pipeline, config)
    jobs = collect_jobs([str(short_video)], ("srt", "vtt"), f"file://{tmp_path}/uri")
    assert isinstance(jobs[0].outputs["srt"], str)
    [report] = run_batch(jobs, pipeline, config)
    assert report.status == "done" and report.captions == 2
    for name in ("short.srt", "short.vtt", ".short.captions.json"):
        assert (tmp_path / "uri" / name).read_bytes() == (folder / name).read_bytes()
    assert json.loads((tmp_path / "uri" / ".short.captions.json").read_text())["complete"] is True
    [again] = run_batch(jobs, pipeline, config)
    assert again.status == "skipped" and again.captions == 2


class StubAnswerer(Answerer):
    name = "stub"

    def query_vector(self, question):
        return None

    def evidence(self, context):
        from streamvu.messages import Evidence

        return [Evidence(start=e.start, end=e.end, trace=e.trace or "") for e in context.entries]

    def stream(self, context, evidence):
        yield f"(A) {len(evidence)} entries"


def test_eval_with_worker_threads_gives_the_records_of_one_thread(short_video, encoder, embedder, tmp_path):
    """Two threads share the models, each video gets its own memory: the same predictions as one thread."""
    import shutil

    from streamvu.apps.eval import ovbench
    from streamvu.apps.eval.runner import run

    videos = tmp_path / "videos"
    videos.mkdir()
    for name in ("a", "b", "c"):
        shutil.copy(short_video, videos / f"{name}.mp4")
    options = ["an astronaut", "a rocket"]
    ann = [
        {
            "video": f"{name}.mp4",
            "middle_frame_timestamp": t,
            "start": 0.0,
            "end": t,
            "candidates": options,
            "question": "What is on screen now?",
            "answer": options[0],
            "answer_type": "SpatialPerception",
            "sub_answer_type": "SpatialPerception-1",
        }  # OVBench's released lmms-eval record shape
        for name, times in (("a", (1.0, 3.0)), ("b", (2.5,)), ("c", (0.5, 1.5, 3.0)))
        for t in times
    ]
    (tmp_path / "ann.json").write_text(json.dumps(ann))
    items = ovbench.load(tmp_path / "ann.json", "lmms-eval")
    pipeline = Pipeline(PipelineConfig(fps=2.0), encoder=encoder, embedder=embedder, answerer=StubAnswerer())

    def records(workers):
        result = run(items, videos, pipeline, tmp_path / f"p{workers}.jsonl", executor=LocalExecutor(workers))
        return [{k: v for k, v in r.items() if k != "latency_s"} for r in result.records]

    one, two = records(1), records(2)
    assert len(one) == 6 and two == one
    at3 = {r["video"]: r["response"] for r in two if r["time"] == 3.0}
    assert at3["a.mp4"] == at3["c.mp4"]  # same video, same moment: same memory, whatever ran beside it
