"""The GPU suite: every GPU path of streamvu measured by one command, offline, in minutes.

    python benchmarks/gpu_suite.py --out results/            # on a GPU machine (< 8 min on an H100/H200)
    python benchmarks/gpu_suite.py --smoke --out /tmp/smoke  # on any CPU, tiny shapes, in seconds (CI runs it)

Steps (each timed, each with its own time budget, each guarded so one failure keeps the others):

1a. ``gpu-tests``: the test classes marked ``gpu`` (``pytest -q -m gpu``);
1b. ``exactness``: the pruning kernel against the PyTorch reference over ragged real-size shapes,
    fp32/fp16/bf16, both launch plans (fused, split);
2.  ``roofline``: kernel bytes moved / time as a fraction of the device's peak memory bandwidth
    (read from the device), and speed-up over the reference, F in {8, 64, 256}, N in {196, 729, 1024},
    D in {1024, 1280, 3584}, fp16/bf16, all score terms or spatial alone;
3.  ``vlm``: Qwen2.5-VL-3B and -7B architectures with random weights (no download), bf16: encoding
    frames/s, time to first token over a 1 min / 30 min / 2 h stream, GPU memory, prefill at keep
    ratio 1.0 / 0.5 / 0.25, second-question TTFT with and without prefix KV reuse;
4.  ``faiss``: the archive's exact search at 10^5 and 10^6 keys, faiss on the GPU vs faiss-cpu.

Prints a Markdown report and writes ``gpu_suite.json`` and ``gpu_suite.md`` into ``--out`` (the
JSON is rewritten after every step, so an interrupted run keeps what it measured). In ``--smoke``
the kernel steps run in a subprocess with ``TRITON_INTERPRET=1`` (the kernel in Triton's CPU
interpreter) and the VLM step uses the tiny random Qwen2.5-VL of ``streamvu.models.tiny``.
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
import traceback
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
ROOT = Path(__file__).resolve().parents[1]
for path in (str(ROOT), str(ROOT / "benchmarks")):  # run from a checkout without installing
    if path not in sys.path:
        sys.path.insert(0, path)

import torch  # noqa: E402
from gpu_steps.common import Deadline, StepResult  # noqa: E402

STEPS = ("gpu-tests", "exactness", "roofline", "vlm", "faiss")
BUDGET_S = {"gpu-tests": 100, "exactness": 45, "roofline": 100, "vlm": 160, "faiss": 35}
"""Seconds per step on a GPU (sum 440 s; a step stops between items once its budget is spent, so with
start-up and the last item of each step the whole run stays under 8 minutes)."""
INTERPRETED = ("exactness", "roofline")
"""Steps that run the kernel: in the smoke they run in a TRITON_INTERPRET=1 subprocess."""
MODELS = ("qwen2.5-vl-3b", "qwen2.5-vl-7b")


def machine(device: str) -> dict:
    from streamvu import _deps
    from streamvu.apps.gpu_info import gpu_info

    info = {"python": platform.python_version(), "platform": platform.platform(), "torch": torch.__version__,
            "cuda_build": torch.version.cuda, "triton": _deps.version("triton"),
            "transformers": _deps.version("transformers"), "device": device, "gpu": None,
            "date_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())}  # fmt: skip
    if torch.device(device).type == "cuda":
        info["gpu"] = gpu_info(torch.device(device).index or 0).to_dict()
    try:
        info["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                        text=True, timeout=10).stdout.strip() or None  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        info["commit"] = None
    return info


def run_step(name: str, args: argparse.Namespace, device: str, peak: float | None) -> StepResult:
    """Run one step in this process, timed and guarded."""
    started = time.perf_counter()
    budget = Deadline(args.budget_scale * BUDGET_S[name] if not args.smoke else 120)
    try:
        if name == "gpu-tests":
            from gpu_steps import pytest_step

            res = pytest_step.run(args.smoke, budget)
        elif name in INTERPRETED:
            from gpu_steps import kernel_steps

            if name == "exactness":
                res = kernel_steps.exactness(device, args.smoke, budget)
            else:
                res = kernel_steps.roofline(device, args.smoke, budget, peak)
        elif name == "vlm":
            from gpu_steps import vlm_stream

            res = vlm_stream.run(device, args.smoke, budget, list(args.models))
        else:
            from gpu_steps import faiss_archive

            res = faiss_archive.run(device, args.smoke, budget, args.faiss_dim)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 (one step's failure must not lose the others)
        res = StepResult(name, name, status="failed", error=f"{type(exc).__name__}: {exc}",
                         notes=[traceback.format_exc(limit=8)])  # fmt: skip
    res.seconds = round(time.perf_counter() - started, 1)
    return res


def run_interpreted(names: list[str], args: argparse.Namespace) -> list[StepResult]:
    """Run kernel steps in one fresh process with ``TRITON_INTERPRET=1`` (the smoke on CPU)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "steps.json"
        env = {**os.environ, "TRITON_INTERPRET": "1"}
        cmd = [sys.executable, str(Path(__file__).resolve()), "--smoke", "--worker", ",".join(names),
               "--worker-out", str(out)]  # fmt: skip
        try:
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
            error = None if proc.returncode == 0 and out.exists() else (proc.stdout + proc.stderr)[-3000:]
        except subprocess.TimeoutExpired:
            error = "interpreter worker timed out"
        if error is not None:
            spent = round(time.perf_counter() - started, 1)
            return [StepResult(n, n, status="failed", error=error, seconds=spent) for n in names]
        return [StepResult(**d) for d in json.loads(out.read_text())]


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return "" if value is None else str(value)


def markdown(doc: dict) -> str:
    """The report: machine, one section per step with its table, summary and notes."""
    m = doc["machine"]
    gpu = m.get("gpu") or {}
    head = gpu.get("name") or f"no GPU ({m['device']})"
    lines = [f"# streamvu GPU suite{' (smoke)' if doc['smoke'] else ''}: {head}", "",
             f"torch {m['torch']} (CUDA {m['cuda_build']}), triton {m['triton']}, transformers {m['transformers']}, "
             f"Python {m['python']}, commit {m.get('commit')}, {m['date_utc']} UTC"]  # fmt: skip
    if gpu:
        lines.append(f"peak memory bandwidth {gpu['peak_gbps']} GB/s ({gpu['bandwidth_source']}), "
                     f"{gpu['sm_count']} SMs, {gpu['memory_gb']} GiB")  # fmt: skip
    lines += ["", "| step | status | seconds |", "|---|---|---|"]
    lines += [f"| {s['name']} | {s['status']} | {s['seconds']} |" for s in doc["steps"]]
    for s in doc["steps"]:
        lines += ["", f"## {s['name']}: {s['title']} — {s['status']}"]
        if s.get("reason"):
            lines.append(f"reason: {s['reason']}")
        if s.get("error"):
            lines += ["```", s["error"][-2000:], "```"]
        if s["rows"]:
            cols = list(dict.fromkeys(k for r in s["rows"] for k in r))
            lines += ["", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
            lines += ["| " + " | ".join(_cell(r.get(c)) for c in cols) + " |" for r in s["rows"]]
        if s["summary"]:
            lines += ["", "summary: `" + json.dumps(s["summary"]) + "`"]
        lines += [f"- {n.strip()}" for n in s["notes"] if n.strip()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--out", default=str(ROOT / "benchmarks" / "results"), help="folder for gpu_suite.json/.md"
    )
    p.add_argument("--smoke", action="store_true", help="CPU, tiny shapes, tiny model: checks the suite runs")
    p.add_argument("--steps", default=",".join(STEPS), help=f"comma-separated subset of {','.join(STEPS)}")
    p.add_argument(
        "--models", default=",".join(MODELS), help=f"VLM architectures for step vlm ({','.join(MODELS)})"
    )
    p.add_argument("--device", default=None, help="default: cuda when available, else cpu")
    p.add_argument("--faiss-dim", type=int, default=2048, help="key dimension of the faiss step")
    p.add_argument("--budget-scale", type=float, default=1.0, help="multiply every step's time budget")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--worker-out", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    unknown = sorted(set(steps) - set(STEPS))
    if unknown:
        p.error(f"unknown step(s) {', '.join(unknown)}; choose from {', '.join(STEPS)}")
    args.models = [m.strip() for m in args.models.split(",") if m.strip()]
    if set(args.models) - set(MODELS):
        p.error(f"unknown model(s); choose from {', '.join(MODELS)}")
    device = args.device or ("cuda" if torch.cuda.is_available() and not args.smoke else "cpu")
    if torch.device(device).type == "cuda" and not torch.cuda.is_available():
        p.error(f"--device {device}: this machine has no usable CUDA GPU (use --smoke on CPU)")
    if not args.smoke and torch.device(device).type != "cuda":
        p.error("no CUDA GPU here: the full suite needs one; run with --smoke to check it on CPU")

    if args.worker:  # the kernel steps inside the TRITON_INTERPRET=1 subprocess of the smoke
        results = [run_step(name, args, device, None).to_dict() for name in args.worker.split(",")]
        Path(args.worker_out).write_text(json.dumps(results))
        return 0

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    doc = {"smoke": args.smoke, "machine": machine(device), "steps": []}
    peak = (doc["machine"]["gpu"] or {}).get("peak_gbps")
    started = time.perf_counter()
    try:
        pending = list(steps)
        while pending:
            name = pending.pop(0)
            print(f"[gpu_suite] {name} ...", file=sys.stderr, flush=True)
            if args.smoke and name in INTERPRETED:  # together, in one interpreter process
                names = [name] + [n for n in pending if n in INTERPRETED]
                pending = [n for n in pending if n not in INTERPRETED]
                results = run_interpreted(names, args)
            else:
                results = [run_step(name, args, device, peak)]
            for res in results:
                doc["steps"].append(res.to_dict())
                print(f"[gpu_suite] {res.name}: {res.status} in {res.seconds} s", file=sys.stderr, flush=True)
            doc["seconds"] = round(time.perf_counter() - started, 1)
            (out / "gpu_suite.json").write_text(json.dumps(doc, indent=1))
    except KeyboardInterrupt:
        doc["interrupted"] = True
        print("[gpu_suite] interrupted: writing what was measured", file=sys.stderr)
    doc["seconds"] = round(time.perf_counter() - started, 1)
    (out / "gpu_suite.json").write_text(json.dumps(doc, indent=1))
    report = markdown(doc)
    (out / "gpu_suite.md").write_text(report)
    print(report)
    failed = [s["name"] for s in doc["steps"] if s["status"] == "failed"]
    return 1 if failed or doc.get("interrupted") else 0


if __name__ == "__main__":
    raise SystemExit(main())
