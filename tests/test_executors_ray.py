"""``--executor ray`` on a real local Ray instance (loopback, 2 CPUs, no dashboard) with real videos:
the same captions byte for byte and the same predictions record for record as the local executor,
a worker killed mid-video (its unit retried on another worker, nothing torn or doubled), a corrupt
video reported without stopping the job, and reruns that resume.

The workers load the real EfficientNet-Lite0 encoder and MiniLM embedder; a stand-in caption writer
and answerer (below, shipped to the workers by reference) keep the runs to seconds.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from streamvu.answerers.base import Answerer
from streamvu.apps import caption_cmd, eval_cmd
from streamvu.apps.cli import main
from streamvu.apps.common import PipelineSpec
from streamvu.apps.executors.base import Unit
from streamvu.pipeline.config import PipelineConfig

ray = pytest.importorskip("ray", reason="the Ray executor needs the [ray] extra: pip install 'streamvu[ray]'")

ROOT = Path(__file__).resolve().parents[1]


class SeenCaptioner(Answerer):
    """Writes "Seen: LABEL." from a clip's evidence. With ``kill_marker`` set, the first call in any
    Ray worker (whichever creates the marker file) kills that worker's own actor mid-video."""

    name = "seen-captioner"

    def __init__(self, kill_marker: str | None = None) -> None:
        self.kill_marker = kill_marker

    def query_vector(self, question):
        return None

    def caption(self, evidence, max_new_tokens: int = 40, items=()) -> str:
        if self.kill_marker and ray.is_initialized() and ray.get_runtime_context().get_actor_id():
            try:
                fd = os.open(self.kill_marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                pass
            else:
                os.write(fd, str(os.getpid()).encode())
                os.close(fd)
                ray.kill(ray.get_runtime_context().current_actor)
                time.sleep(60)  # killed during this sleep
        return "Seen: " + ", ".join(ev.trace for ev in evidence) + "." if evidence else "Nothing."


class StubAnswerer(Answerer):
    """Answers "(B)" to every question, citing every memory entry it was shown."""

    name = "stub"

    def query_vector(self, question):
        return None

    def evidence(self, context):
        from streamvu.messages import Evidence

        return [Evidence(start=e.start, end=e.end, trace="stub") for e in context.entries]

    def stream(self, context, evidence):
        yield "(B)"


@dataclass(frozen=True)
class StandInSpec(PipelineSpec):
    """Real encoder and embedder, stand-in answer model (``answerer``: "caption" or "stub")."""

    answerer: str = "caption"
    kill_marker: str | None = None

    def build(self):
        from streamvu.encoders.efficientnet import EfficientNetLite0Encoder
        from streamvu.encoders.text import TextEmbedder
        from streamvu.pipeline.engine import Pipeline

        answerer = SeenCaptioner(self.kill_marker) if self.answerer == "caption" else StubAnswerer()
        return Pipeline(
            self.config, encoder=EfficientNetLite0Encoder(), embedder=TextEmbedder(), answerer=answerer
        )

    def model_names(self) -> tuple[str, str]:
        return "efficientnet-lite0", SeenCaptioner.name if self.answerer == "caption" else StubAnswerer.name


@pytest.fixture(scope="module")
def ray_instance():
    """One local Ray instance for the module: loopback only, 2 CPUs, no dashboard."""
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    ray.init(
        address="local",
        num_cpus=2,
        include_dashboard=False,
        _node_ip_address="127.0.0.1",
        logging_level=logging.WARNING,
        runtime_env={"env_vars": {"PYTHONPATH": path}},
    )
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def archive(tmp_path_factory, short_video, truncated_no_index):
    """Four real 4 s H.264 videos (different content) and one truncated file without an index."""
    from tests.videos import ffmpeg

    root = tmp_path_factory.mktemp("archive")
    shutil.copy(short_video, root / "a.mp4")
    (root / "sub").mkdir()
    for name, src in (("b", "testsrc2"), ("c", "mandelbrot"), ("sub/d", "smptebars")):
        ffmpeg(
            "-f",
            "lavfi",
            "-i",
            f"{src}=size=160x120:rate=10",
            "-t",
            "4",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            str(root / f"{name}.mp4"),
        )
    shutil.copy(truncated_no_index, root / "broken.mp4")
    return root


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_caption_on_ray_equals_local_survives_a_killed_worker_and_resumes(
    ray_instance, archive, encoder, embedder, monkeypatch, tmp_path, capsys
):
    from streamvu.pipeline.engine import Pipeline

    local_out, ray_out = tmp_path / "local", tmp_path / "ray"
    args = [
        "caption",
        str(archive),
        "--segment",
        "2",
        "--format",
        "srt,vtt,json",
        "--no-progress",
        "--fps",
        "2",
    ]
    spec = StandInSpec(PipelineConfig(fps=2.0), kill_marker=str(tmp_path / "killed"))
    monkeypatch.setattr(
        caption_cmd,
        "make_pipeline",
        lambda a: Pipeline(
            PipelineConfig(fps=2.0), encoder=encoder, embedder=embedder, answerer=SeenCaptioner()
        ),
    )
    monkeypatch.setattr(caption_cmd, "pipeline_spec", lambda a: spec)
    assert main([*args, "-o", str(local_out)]) == 1  # the broken file fails, the others are captioned
    capsys.readouterr()

    import glob
    import tempfile

    scratch = os.path.join(tempfile.gettempdir(), "streamvu-")
    before = set(glob.glob(scratch + "run-*") + glob.glob(scratch + "unit-*"))
    assert main([*args, "-o", str(ray_out), "--executor", "ray", "--workers", "2"]) == 1
    err = capsys.readouterr().err
    assert (tmp_path / "killed").exists()  # a worker did die mid-video ...
    # ... and left no scratch folder behind: units are captioned under the run's folder, removed at the end
    assert set(glob.glob(scratch + "run-*") + glob.glob(scratch + "unit-*")) <= before
    assert (
        err.count("worker lost") == 1 and "retrying on another worker" in err
    )  # ... and its unit was retried
    assert "4 captioned" in err and "1 failed" in err and "failed: " in err and "broken.mp4" in err
    # byte for byte what the local executor wrote; nothing torn, nothing extra
    assert files_under(ray_out) == files_under(local_out)
    assert len(files_under(ray_out)) == 12 and not [p for p in ray_out.rglob("*.tmp")]
    doc = json.loads((ray_out / "sub" / "d.json").read_text())
    assert doc["complete"] and doc["captions"] and doc["captions"][0]["text"].startswith("Seen: ")

    # a rerun skips every finished video before any worker starts; a removed output is redone alone
    (ray_out / "c.json").unlink()
    assert main([*args, "-o", str(ray_out), "--executor", "ray", "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "1 captioned" in err and "3 up to date" in err and "1 failed" in err
    assert files_under(ray_out) == files_under(local_out)


def test_eval_on_ray_gives_the_local_records_and_resumes(
    ray_instance, archive, short_video, encoder, embedder, monkeypatch, tmp_path, capsys
):
    from streamvu.pipeline.engine import Pipeline

    videos = tmp_path / "videos"
    videos.mkdir()
    shutil.copy(archive / "c.mp4", videos / "fractal.mp4")
    shutil.copy(short_video, videos / "short.mp4")
    shutil.copy(short_video, videos / "copy.mp4")
    options = ["a cup of coffee", "a cat", "a rocket", "a horse"]

    def q(video, t, answer, sub):  # OVBench's released lmms-eval record shape
        return {
            "video": video,
            "middle_frame_timestamp": t,
            "start": 0.0,
            "end": t,
            "question": "What object is on screen now?",
            "candidates": options,
            "answer": options["ABCD".index(answer)],
            "answer_type": sub.partition("-")[0],
            "sub_answer_type": sub,
        }

    annotations = [
        q("fractal.mp4", 3.5, "B", "SpatialPerception-1"),
        q("fractal.mp4", 1.5, "A", "PastMemory-1"),
        q("fractal.mp4", 2.0, "B", "FuturePrediction-1"),
        q("short", 3.0, "C", "SpatialPerception-2"),
        q("copy.mp4", 1.0, "A", "TemporalPerception-1"),
        q("copy.mp4", 3.5, "C", "SpatialPerception-2"),
        q("not_downloaded.mp4", 1.0, "A", "TemporalPerception-2"),
    ]
    ann = tmp_path / "ovbench.json"
    ann.write_text(json.dumps(annotations))
    monkeypatch.setattr(
        eval_cmd,
        "make_pipeline",
        lambda a: Pipeline(
            PipelineConfig(fps=1.0), encoder=encoder, embedder=embedder, answerer=StubAnswerer()
        ),
    )
    monkeypatch.setattr(
        eval_cmd, "pipeline_spec", lambda a: StandInSpec(PipelineConfig(fps=1.0), answerer="stub")
    )
    base = [
        "eval",
        "ovbench",
        "--annotations",
        str(ann),
        "--videos",
        str(videos),
        "--fps",
        "1",
        "--no-progress",
    ]

    status = main([*base, "--output", str(tmp_path / "local.jsonl")])
    capsys.readouterr()
    assert (
        main([*base, "--output", str(tmp_path / "ray.jsonl"), "--executor", "ray", "--workers", "2"])
        == status
    )
    out = capsys.readouterr()
    assert "not_downloaded.mp4 (not found)" in out.err and "6 answered now" in out.out

    def records(name):
        rows = [json.loads(line) for line in (tmp_path / name).read_text().splitlines()]
        return sorted(
            ({k: v for k, v in r.items() if k != "latency_s"} for r in rows), key=lambda r: r["uid"]
        )

    local, remote = records("local.jsonl"), records("ray.jsonl")
    assert len(local) == 6 and remote == local
    assert all(r["memory_end"] <= r["asked_at"] + 1e-3 for r in remote)

    # a resumed run asks nothing again (only the missing video is looked for again)
    assert main([*base, "--output", str(tmp_path / "ray.jsonl"), "--executor", "ray", "--resume"]) == status
    assert "0 answered now, 6 from" in capsys.readouterr().out
    assert records("ray.jsonl") == local


@dataclass
class Doubling:
    """Doubles numbers; 13 kills the worker processing it, every time; ``broken`` fails the setup."""

    broken: bool = False

    def setup(self):
        if self.broken:
            raise FileNotFoundError("no weights in /models")
        return 2

    def process(self, factor, payload: int) -> int:
        if payload == 13:
            ray.kill(ray.get_runtime_context().current_actor)
            time.sleep(60)
        if payload < 0:
            raise ValueError(f"negative: {payload}")
        return factor * payload


def test_ray_executor_retries_lost_units_a_bounded_number_of_times(ray_instance):
    from streamvu.apps.executors.ray import RayExecutor

    events: list[str] = []
    executor = RayExecutor(workers=2, max_attempts=2, on_event=events.append)
    units = [Unit(str(i), i) for i in (1, 13, -4, 5, 6)]
    results = {r.key: r for r in executor.run(Doubling(), units)}
    assert {k: r.value for k, r in results.items() if r.status == "done"} == {"1": 2, "5": 10, "6": 12}
    assert results["-4"].status == "failed" and results["-4"].error == "negative: -4"
    lost = results["13"]
    assert lost.status == "failed" and lost.attempts == 2 and "its worker died 2 times" in lost.error
    assert executor.replaced == 2 and len(events) == 1 and events[0].startswith("13: worker lost")


def test_ray_worker_that_cannot_load_its_models_stops_the_job(ray_instance):
    from streamvu.apps.executors.ray import RayExecutor
    from streamvu.errors import StreamvuError

    with pytest.raises(StreamvuError, match="failed to load its models: no weights in /models"):
        list(RayExecutor(workers=1).run(Doubling(broken=True), [Unit(str(i), i) for i in range(4)]))


def test_unreachable_cluster_is_one_line_before_any_model_loads(short_video, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(caption_cmd, "make_pipeline", lambda a: pytest.fail("loaded models"))
    monkeypatch.setattr(caption_cmd, "pipeline_spec", lambda a: pytest.fail("built the spec"))
    argv = ["caption", str(short_video), "-o", str(tmp_path), "--executor", "ray", "--address", "127.0.0.1:1"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot reach the Ray cluster at 127.0.0.1:1" in err[0]


def test_gpu_workers_on_a_cluster_without_gpus_are_refused_before_starting(ray_instance):
    from streamvu.apps.executors.ray import RayExecutor
    from streamvu.errors import StreamvuError

    with pytest.raises(StreamvuError, match=r"asks for 1 GPU\(s\) but the Ray cluster has 0"):
        list(RayExecutor(workers=1, gpus_per_worker=1).run(Doubling(), [Unit("1", 1)]))
