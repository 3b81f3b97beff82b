"""Streaming throughput in StreamingEval's terms: MaxFPS, TTFT at full memory, resident memory.

    python benchmarks/streaming.py                 # 60 s trials (about 10 minutes on 2 cores)
    python benchmarks/streaming.py --quick         # 20 s trials, fewer steps: a few minutes
    python benchmarks/streaming.py --vlm qwen2.5-vl-3b   # on a CUDA GPU: the VLM row too

* **MaxFPS** (StreamingEval: the highest input frame rate the whole pipeline sustains without drops):
  each tested rate is a *live replay* of a real video through the Stream API (``realtime=True``: the
  source decodes on its own thread at the video's pace and hands frames sampled at that rate to a
  bounded drop-oldest queue; ingest encodes them, looks for people and motion, adds them to memory,
  and a question is asked every ``--ask-every`` seconds meanwhile). A rate is *sustained* when for
  the whole ``--seconds`` no frame was dropped, every sampled frame reached memory, and the last one
  reached it within 1 s plus one frame interval of the live edge. The rate doubles from ``--start-fps``
  until it fails (or reaches the video's own frame rate), then a bisection narrows the bracket.
  The video is a bundled clip looped to the trial's length with the bundled ffmpeg (stream copy).
* **TTFT at full memory**: memory filled with ``--fill-s`` seconds of the same video's frames at
  1 fps (encoded once, fed again with new timestamps), then "now" and "past" questions; median and
  fastest time to first token.
* **Resident memory**: the process's resident set (now and peak) and the bytes of memory's tensors.

Rows: the CPU default (the embedded answerer) is always measured; a VLM row (random weights with a
published architecture, no download) is measured with ``--vlm`` on a CUDA GPU and printed as
*unmeasured* otherwise. StreamingEval's own MaxFPS figures are printed beside ours as anchors: they
come from a different machine (an RTX 4090) and 1 fps input, so they place ours, not rank it.

Prints a table and writes ``<out>/streaming.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
ROOT = Path(__file__).resolve().parents[1]
for _path in (str(ROOT), str(ROOT / "benchmarks")):  # run from a checkout without installing
    if _path not in sys.path:
        sys.path.insert(0, _path)

import torch  # noqa: E402

from streamvu import PipelineConfig, Stream, StreamConfig  # noqa: E402
from streamvu.ingest import SamplerConfig, open_video  # noqa: E402
from streamvu.ingest.samples import resolve_source  # noqa: E402
from streamvu.memory import PyramidMemory  # noqa: E402
from streamvu.pipeline.engine import Pipeline  # noqa: E402

ANCHORS = [
    ("VideoChat-Online", 0.14),
    ("StreamForest", 4.0),
    ("TimeChat-Online", 7.0),
    ("FIFO Qwen3-VL-8B", 8.0),
]
"""MaxFPS reported by StreamingEval (RTX 4090, 1 fps input)."""
QUESTIONS = {"now": "what is in the video now?", "past": "what happened earlier in the video?"}
VLMS = ("qwen2.5-vl-3b", "qwen2.5-vl-7b", "tiny")


# ----------------------------------------------------------------------------------------------
# the source: a real video at least as long as a trial


def looped_video(source: str, seconds: float, folder: Path) -> Path:
    """``source`` looped to at least ``seconds`` (stream copy with the bundled ffmpeg: no re-encode)."""
    import imageio_ffmpeg

    path = Path(resolve_source(source))
    with open_video(str(path)) as video:
        duration = float(video.info.duration or 0.0)
    loops = max(0, math.ceil((seconds + 2) / max(duration, 0.1)) - 1)
    out = folder / f"{path.stem}_x{loops + 1}.mp4"
    if not out.exists():
        cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-stream_loop", str(loops), "-i", str(path),
               "-map", "0:v:0", "-c", "copy", str(out)]  # fmt: skip
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    return out


def native_fps(path: Path) -> float:
    with open_video(str(path)) as video:
        return float(video.info.fps or 30.0)


# ----------------------------------------------------------------------------------------------
# one rate: a live replay


class TimedMemory(PyramidMemory):
    """Memory that notes the wall time each frame arrived (first and last), to measure falling behind."""

    first: tuple[float, float] | None = None
    last: tuple[float, float] | None = None

    def add(self, item) -> None:
        super().add(item)
        now = (time.perf_counter(), float(item.t))
        self.last = now
        if self.first is None:
            self.first = now


def trial(pipe: Pipeline, video: Path, fps: float, seconds: float, ask_every: float, queue: int) -> dict:
    """Replay ``video`` live for ``seconds`` with frames sampled at ``fps``; did the pipeline keep up?"""
    pipe.config = replace(pipe.config, fps=fps)  # the source samples at the pipeline's rate
    pipe.memory = memory = TimedMemory(pipe.config.memory)  # each trial starts from empty memory
    config = StreamConfig(realtime=True, speed=1.0, queue_size=queue, until=seconds, workers=1)
    ttfts: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    with Stream(str(video), config, pipeline=pipe) as s:
        next_ask = ask_every
        while s.ingesting:
            wall = time.perf_counter() - started
            if ask_every > 0 and wall >= next_ask and s.time is not None:
                try:
                    ttfts.append(s.ask(QUESTIONS["now"], mode="now").time_to_first_token)
                except Exception as exc:  # an answer failing says nothing about throughput: noted
                    errors.append(f"{type(exc).__name__}: {exc}")
                next_ask += ask_every
            time.sleep(0.05)
        done = time.perf_counter() - started
        m = s.metrics()
    expected = int(math.floor(seconds * fps + 1e-6))
    # how much later than the first frame the last one reached memory, beyond the stream time between
    # them: a pipeline that keeps up stays as far behind the live edge as it started
    behind = float("inf")
    if memory.first is not None and memory.last is not None:
        behind = (memory.last[0] - memory.first[0]) - (memory.last[1] - memory.first[1])
    slack = 1.0 + 1.0 / fps
    sustained = m.drops == 0 and m.frames_ingested >= expected - 1 and behind <= slack and m.error is None
    return {
        "fps": round(fps, 3),
        "sustained": sustained,
        "frames_expected": expected,
        "frames_ingested": m.frames_ingested,
        "drops": m.drops,
        "behind_live_s": round(behind, 2) if math.isfinite(behind) else None,
        "allowed_behind_s": round(slack, 2),
        "ingest_latency_s": None if m.ingest_latency_s is None else round(m.ingest_latency_s, 3),
        "questions": len(ttfts),
        "question_errors": errors[:3],
        "ttft_median_s": round(statistics.median(ttfts), 3) if ttfts else None,
        "wall_s": round(done, 1),
        "error": m.error,
    }


def search(
    probe, start: float, ceiling: float, floor: float, refine: int
) -> tuple[float | None, float | None]:
    """(highest rate ``probe`` sustained, lowest it did not) from doubling ``start`` up to ``ceiling``
    (halving down to ``floor`` when ``start`` already fails), then ``refine`` geometric bisections."""
    lo, hi, fps = None, None, min(start, ceiling)
    while True:
        if probe(fps):
            lo = fps
            if fps >= ceiling:
                break
            fps = min(fps * 2, ceiling)
        else:
            hi = fps
            if lo is not None or fps / 2 < floor:
                break
            fps /= 2
    for _ in range(refine if lo is not None and hi is not None else 0):
        if hi / lo <= 1.1:
            break
        mid = math.sqrt(lo * hi)
        if probe(mid):
            lo = mid
        else:
            hi = mid
    return lo, hi


def max_fps(pipe: Pipeline, video: Path, args: argparse.Namespace, log) -> tuple[float | None, list[dict]]:
    """Highest sustained rate (see :func:`search`), with every trial's record."""
    trials: list[dict] = []

    def probe(fps: float) -> bool:
        row = trial(pipe, video, fps, args.seconds, args.ask_every, args.queue)
        trials.append(row)
        log(f"  {fps:7.3f} fps: {'sustained' if row['sustained'] else 'NOT sustained'} "
            f"({row['frames_ingested']}/{row['frames_expected']} frames, {row['drops']} dropped, "
            f"{row['behind_live_s']} s further behind live)")  # fmt: skip
        return row["sustained"]

    ceiling = min(native_fps(video), args.max_fps or float("inf"))
    best, _ = search(probe, args.start_fps, ceiling, args.min_fps, args.refine)
    return best, trials


# ----------------------------------------------------------------------------------------------
# full memory: TTFT and resident memory


def rss_mb() -> tuple[float | None, float]:
    """Resident set now (None where /proc is missing) and its peak, MiB."""
    now = None
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return now, peak


class Repeating:
    """``items`` (encoded frames) again and again at 1 fps with new timestamps, ``count`` in all."""

    def __init__(self, items: list, count: int) -> None:
        self.items, self.count = items, count

    def __iter__(self):
        for i in range(self.count):
            yield replace(self.items[i % len(self.items)], t=float(i + 1), index=i)


def full_memory(pipe: Pipeline, video: Path, args: argparse.Namespace) -> dict:
    """Fill memory with ``--fill-s`` seconds of ``video`` at 1 fps; TTFT of "now"/"past"; memory."""
    pipe.config = replace(pipe.config, fps=1.0)
    pipe.memory = PyramidMemory(pipe.config.memory)
    with open_video(str(video)) as source:
        frames = list(source.frames(SamplerConfig(fps=1.0, end=args.seconds, max_side=pipe.config.max_side)))
    started = time.perf_counter()
    items = pipe.encode(frames)
    encode_s = time.perf_counter() - started
    started = time.perf_counter()
    with Stream(Repeating(items, int(args.fill_s)), StreamConfig(workers=1), pipeline=pipe) as s:
        s.join()
        fill_s = time.perf_counter() - started
        # warm-up: first-question costs (class-name keys, caches), reported apart
        first = max(s.ask(text).time_to_first_token for text in QUESTIONS.values())
        runs: dict[str, list[float]] = {mode: [] for mode in QUESTIONS}
        for _ in range(args.repeats):
            for mode, text in QUESTIONS.items():
                runs[mode].append(s.ask(text, mode=mode).time_to_first_token)
        m = s.metrics()
    now, peak = rss_mb()
    return {
        "stream_s": int(args.fill_s),
        "memory_entries": m.entries_in_memory,
        "memory_mb": round(m.memory_bytes / 2**20, 2),
        "rss_mb": None if now is None else round(now),
        "peak_rss_mb": round(peak),
        "ttft_now_s": round(statistics.median(runs["now"]), 4),
        "ttft_past_s": round(statistics.median(runs["past"]), 4),
        "ttft_min_s": round(min(min(v) for v in runs.values()), 4),
        "first_question_ttft_s": round(first, 3),
        "encode_fps_batch": round(len(frames) / encode_s, 2),
        "fill_wall_s": round(fill_s, 1),
    }


# ----------------------------------------------------------------------------------------------
# pipelines


def vlm_pipeline(name: str, device: str) -> Pipeline:
    """Random weights with ``name``'s published architecture (``tiny``: the test model), its own
    vision tower as the encoder and the VLM answerer: what a GPU user runs, without a download."""
    from gpu_steps.qwen_configs import build_bundle

    from streamvu.answerers.vlm import VLMAnswerConfig, VLMAnswerer
    from streamvu.encoders.hf import HFEncoderConfig, vlm_encoder

    dtype = torch.bfloat16 if device.startswith("cuda") else torch.float32
    bundle, _ = build_bundle(name, device, dtype)
    encoder = vlm_encoder(bundle, HFEncoderConfig(image_size=448 if name != "tiny" else 112, batch_size=1))
    answerer = VLMAnswerer(bundle, VLMAnswerConfig(max_new_tokens=1, kv_reuse=True))
    return Pipeline(PipelineConfig(device=device), encoder=encoder, answerer=answerer)


def measure(label: str, pipe: Pipeline, video: Path, args: argparse.Namespace, log) -> dict:
    log(f"{label}: MaxFPS search, {args.seconds:g} s live replays")
    best, trials = max_fps(pipe, video, args, log)
    log(f"{label}: TTFT at full memory ({args.fill_s:g} s of stream at 1 fps)")
    full = full_memory(pipe, video, args)
    sustained = [t for t in trials if t["sustained"]]
    failed = [t["fps"] for t in trials if not t["sustained"]]
    return {
        "row": label,
        "measured": True,
        "max_fps": None if best is None else round(best, 2),
        "first_unsustained_fps": min(failed) if failed else None,
        "capped": not failed,
        "ttft_during_replay_s": statistics.median(t["ttft_median_s"] for t in sustained if t["ttft_median_s"])
        if any(t["ttft_median_s"] for t in sustained)
        else None,
        **full,
        "trials": trials,
    }


# ----------------------------------------------------------------------------------------------
# report


def _fmt(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def table(rows: list[dict]) -> str:
    lines = [
        "| pipeline | MaxFPS | first rate not sustained | TTFT at full memory, now / past (ms) | memory entries | "
        "resident memory (MiB) | memory tensors (MiB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if not r["measured"]:
            lines.append(f"| {r['row']} | unmeasured | – | – | – | – | – |")
            continue
        best = _fmt(r["max_fps"]) + (" (the highest rate tried)" if r["capped"] else "")
        lines.append(
            f"| {r['row']} | {best} | {_fmt(r['first_unsustained_fps'])} | {_fmt(1e3 * r['ttft_now_s'], 1)} / "
            f"{_fmt(1e3 * r['ttft_past_s'], 1)} | {r['memory_entries']} | {_fmt(r['rss_mb'])} (peak "
            f"{_fmt(r['peak_rss_mb'])}) | {_fmt(r['memory_mb'])} |"
        )
    for name, fps in ANCHORS:
        lines.append(f"| StreamingEval: {name} (RTX 4090, 1 fps input) | {fps:g} | – | – | – | – | – |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--video", default="sample:bikes", help="a real video, looped to --seconds")
    ap.add_argument("--seconds", type=float, default=60.0, help="length of each live replay")
    ap.add_argument("--quick", action="store_true", help="20 s replays, one bisection step, smaller fill")
    ap.add_argument("--start-fps", type=float, default=1.0)
    ap.add_argument("--min-fps", type=float, default=0.125, help="stop halving below this rate")
    ap.add_argument("--max-fps", type=float, default=None, help="highest rate tried (default: the video's)")
    ap.add_argument("--refine", type=int, default=3, help="bisection steps after the bracket is found")
    ap.add_argument("--ask-every", type=float, default=10.0, help="seconds between questions in a replay")
    ap.add_argument("--queue", type=int, default=8, help="the live source's buffer (frames) before drops")
    ap.add_argument("--fill-s", type=float, default=1800.0, help="stream seconds in memory for TTFT")
    ap.add_argument("--repeats", type=int, default=5, help="questions per mode at full memory")
    ap.add_argument(
        "--vlm", choices=VLMS, default=None, help="also measure this VLM (CUDA; tiny: any device)"
    )
    ap.add_argument("--device", default=None, help="the VLM's device (default: cuda when available)")
    ap.add_argument("--skip-default", action="store_true", help="only the VLM row")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = ap.parse_args(argv)
    if args.quick:
        args.seconds = min(args.seconds, 20.0)
        args.refine = min(args.refine, 1)
        args.fill_s = min(args.fill_s, 900.0)
        args.repeats = min(args.repeats, 3)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    started = time.perf_counter()
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        video = looped_video(args.video, args.seconds, Path(tmp))
        if not args.skip_default:
            rows.append(measure("CPU, embedded default", Pipeline(PipelineConfig()), video, args, log))
        device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
        label = f"GPU, VLM {args.vlm or 'qwen2.5-vl-3b'} (random weights, bf16)"
        if args.vlm and (device.startswith("cuda") or args.vlm == "tiny"):
            if args.vlm == "tiny":
                label = f"{device}, VLM tiny (test model)"
            rows.append(measure(label, vlm_pipeline(args.vlm, device), video, args, log))
        else:
            why = "no CUDA GPU here" if not torch.cuda.is_available() else "run with --vlm NAME"
            rows.append({"row": label, "measured": False, "reason": why})
    report = {
        "benchmark": "streaming",
        "video": args.video,
        "seconds_per_trial": args.seconds,
        "quick": args.quick,
        "fill_s": args.fill_s,
        "rows": rows,
        "anchors": [
            {"model": n, "max_fps": f, "source": "StreamingEval, RTX 4090, 1 fps input"} for n, f in ANCHORS
        ],
        "machine": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "cpus": os.cpu_count(),
            "torch_threads": torch.get_num_threads(),
            "load_avg": os.getloadavg(),
            "cuda": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
        },  # fmt: skip
        "wall_s": round(time.perf_counter() - started, 1),
        "date_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
    }
    text = table(rows)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "streaming.json").write_text(json.dumps(report, indent=1) + "\n")
    print(f"wrote {args.out / 'streaming.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
