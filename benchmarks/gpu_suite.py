"""The GPU suite: every GPU path of streamvu measured by one command, offline, in minutes.

    python benchmarks/gpu_suite.py --out results/              # on a GPU machine (< 8 min: see HARD_S)
    python benchmarks/gpu_suite.py --dry-run --out /tmp/dry    # on any CPU, shapes scaled down (CI runs it)

Steps (each in its own process, with a time budget and a hard deadline, so one failure or stall keeps
the others):

1a. ``gpu-tests``: the test classes marked ``gpu`` (``pytest -q -m gpu``);
1b. ``exactness``: the pruning kernel against the PyTorch reference over ragged real-size shapes,
    fp32/fp16/bf16, every launch plan (fused, split, tall);
2.  ``roofline``: kernel effective bandwidth (compulsory bytes / time) as a fraction of the device's peak
    memory bandwidth (read from the device), and speed-up over the reference, F in {8, 64, 256},
    N in {196, 729, 1024}, D in {1024, 1280, 3584}, fp16/bf16, all score terms or spatial alone, then
    frames of 4,096 and 16,384 tokens (the tall plan);
3.  ``vlm``: Qwen2.5-VL-3B and -7B architectures with random weights (no download), bf16: encoding
    frames/s, time to first token over a 1 min / 30 min / 2 h stream through ``QueryHandler(device=
    "cuda")`` (the production pruning path), GPU memory, prefill at keep ratio 1.0 / 0.5 / 0.25,
    second-question TTFT with and without prefix KV reuse;
4.  ``faiss``: the archive's exact search at 10^5 and 10^6 keys, faiss on the GPU vs faiss-cpu.

Budgets: a step checks its budget (``BUDGET_S``) between items and stops with ``partial``; its process
is stopped at the hard deadline (``HARD_S``) whatever it is doing (a cold Triton compile, a long
prefill), and what it had written is reported as ``partial``, never lost. Each worker writes its
result every second. The hard deadlines add up to the suite's worst case.

Prints a Markdown report and writes ``gpu_suite.json`` and ``gpu_suite.md`` into ``--out`` (the
JSON is rewritten after every step). ``--dry-run`` runs every step on the CPU with shapes scaled
down: the kernel steps with ``TRITON_INTERPRET=1`` (the kernel in Triton's CPU interpreter), the VLM
step with the tiny random Qwen2.5-VL of ``streamvu.testing.tiny_vlm``, faiss on small tables; it proves
each step starts, keeps to its deadline and writes its table (``--smoke`` is the same).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
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
BUDGET_S = {"gpu-tests": 80, "exactness": 40, "roofline": 90, "vlm": 120, "faiss": 30}
"""Seconds per step on a GPU: the step stops between items once its budget is spent (sum 360 s)."""
HARD_S = {name: round(1.1 * budget) + 15 for name, budget in BUDGET_S.items()}
"""Hard deadline of each step's process (budget + 10% + 15 s for start-up and the item in flight): sum
431 s, so with the process starts the whole run stays under 8 minutes whatever a step does."""
DRY_BUDGET_S, DRY_HARD_S = 40, 90
"""``--dry-run``: every step's budget and hard deadline on the CPU."""
INTERPRETED = ("exactness", "roofline")
"""Steps that run the kernel: in the dry run their process has TRITON_INTERPRET=1."""
KILL_GRACE_S = 3.0
"""After the hard deadline: SIGTERM, this long to exit, then SIGKILL."""
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
    """Run one step in this process (the worker), timed and guarded."""
    started = time.perf_counter()
    budget = Deadline(DRY_BUDGET_S if args.dry_run else args.budget_scale * BUDGET_S[name])
    try:
        if name == "gpu-tests":
            from gpu_steps import pytest_step

            res = pytest_step.run(args.dry_run, budget)
        elif name in INTERPRETED:
            from gpu_steps import kernel_steps

            if name == "exactness":
                res = kernel_steps.exactness(device, args.dry_run, budget)
            else:
                res = kernel_steps.roofline(device, args.dry_run, budget, peak)
        elif name == "vlm":
            from gpu_steps import vlm_stream

            res = vlm_stream.run(device, args.dry_run, budget, list(args.models))
        else:
            from gpu_steps import faiss_archive

            res = faiss_archive.run(device, args.dry_run, budget, args.faiss_dim)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 (one step's failure must not lose the others)
        res = StepResult(name, name, status="failed", error=f"{type(exc).__name__}: {exc}",
                         notes=[traceback.format_exc(limit=8)])  # fmt: skip
    res.seconds = round(time.perf_counter() - started, 1)
    return res


def hard_deadline(name: str, args: argparse.Namespace) -> float:
    """Seconds the step's process may run before it is stopped."""
    if args.hard_deadline_s is not None:
        return args.hard_deadline_s
    return DRY_HARD_S if args.dry_run else args.budget_scale * HARD_S[name]


def worker_command(name: str, args: argparse.Namespace, device: str, out: Path) -> list[str]:
    """The command that runs step ``name`` in its own process and writes its result to ``out``."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", name, "--worker-out", str(out),
           "--device", device, "--models", ",".join(args.models), "--faiss-dim", str(args.faiss_dim),
           "--budget-scale", str(args.budget_scale)]  # fmt: skip
    if args.peak_gbps is not None:
        cmd += ["--peak-gbps", str(args.peak_gbps)]
    return cmd + (["--dry-run"] if args.dry_run else [])


def run_worker(name: str, cmd: list[str], env: dict, hard_s: float, out: Path) -> StepResult:
    """Run one step's process; stop it at ``hard_s`` seconds and keep what it wrote (``partial``)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)  # fmt: skip
        killed = False
        try:
            proc.wait(timeout=hard_s)
        except subprocess.TimeoutExpired:
            killed = True
            _stop_group(proc)
        log.seek(0)
        output = log.read()[-3000:]
    spent = round(time.perf_counter() - started, 1)
    res = None
    if out.exists():
        try:
            res = StepResult(**json.loads(out.read_text()))
        except (ValueError, TypeError):
            res = None
    if res is not None:
        res.name = name
    if killed:
        res = res or StepResult(name, name)
        res.status = "partial"
        res.notes.append(f"hard deadline: the step's process was stopped after {hard_s:.0f} s; the rows "
                         "above are what it had measured by then")  # fmt: skip
    elif res is None:
        res = StepResult(name, name, status="failed",
                         error=f"the step's process exited with {proc.returncode} and no result:\n{output}")  # fmt: skip
    elif proc.returncode != 0:  # it died after a checkpoint: keep the rows, but it did not finish
        res.status = "failed"
        res.error = f"the step's process exited with {proc.returncode} before it finished:\n{output}"
    res.seconds = spent
    return res


def _stop_group(proc: subprocess.Popen) -> None:
    """SIGTERM to the step's process group (pytest, compilers...), then SIGKILL after a grace period."""
    for sig, wait in ((signal.SIGTERM, KILL_GRACE_S), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def run_isolated(name: str, args: argparse.Namespace, device: str) -> StepResult:
    """Step ``name`` in its own process, under its hard deadline (see :func:`run_worker`)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("TRITON_INTERPRET", None)
    if args.dry_run and name in INTERPRETED:
        env["TRITON_INTERPRET"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.json"
        return run_worker(name, worker_command(name, args, device, out), env, hard_deadline(name, args), out)


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return "" if value is None else str(value)


def markdown(doc: dict) -> str:
    """The report: machine, one section per step with its table, summary and notes."""
    m = doc["machine"]
    gpu = m.get("gpu") or {}
    head = gpu.get("name") or f"no GPU ({m['device']})"
    lines = [f"# streamvu GPU suite{' (dry run)' if doc['dry_run'] else ''}: {head}", "",
             f"torch {m['torch']} (CUDA {m['cuda_build']}), triton {m['triton']}, transformers {m['transformers']}, "
             f"Python {m['python']}, commit {m.get('commit')}, {m['date_utc']} UTC"]  # fmt: skip
    if gpu:
        lines.append(f"peak memory bandwidth {gpu['peak_gbps']} GB/s ({gpu['bandwidth_source']}), "
                     f"{gpu['sm_count']} SMs, {gpu['memory_gb']} GiB")  # fmt: skip
    hard = doc.get("hard_deadlines_s", {})
    lines += ["", "| step | status | seconds | hard deadline (s) |", "|---|---|---|---|"]
    lines += [
        f"| {s['name']} | {s['status']} | {s['seconds']} | {_cell(hard.get(s['name']))} |"
        for s in doc["steps"]
    ]
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
    p.add_argument("--dry-run", "--smoke", dest="dry_run", action="store_true",
                   help="every step on the CPU with shapes scaled down: checks the suite runs")  # fmt: skip
    p.add_argument("--steps", default=",".join(STEPS), help=f"comma-separated subset of {','.join(STEPS)}")
    p.add_argument(
        "--models", default=",".join(MODELS), help=f"VLM architectures for step vlm ({','.join(MODELS)})"
    )
    p.add_argument("--device", default=None, help="default: cuda when available, else cpu")
    p.add_argument("--faiss-dim", type=int, default=2048, help="key dimension of the faiss step")
    p.add_argument(
        "--budget-scale", type=float, default=1.0, help="multiply every step's budget and deadline"
    )
    p.add_argument("--hard-deadline-s", type=float, default=None, help="stop every step's process after this")
    p.add_argument("--peak-gbps", type=float, default=None, help="device peak bandwidth (default: read it)")
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
    device = args.device or ("cuda" if torch.cuda.is_available() and not args.dry_run else "cpu")
    if torch.device(device).type == "cuda" and not torch.cuda.is_available():
        p.error(f"--device {device}: this machine has no usable CUDA GPU (use --dry-run on CPU)")
    if not args.dry_run and torch.device(device).type != "cuda":
        p.error("no CUDA GPU here: the full suite needs one; run with --dry-run to check it on CPU")

    if args.worker:  # one step, in the process the suite started for it
        from gpu_steps.common import Checkpoints

        checkpoints = Checkpoints(args.worker_out, args.worker)
        res = run_step(args.worker, args, device, args.peak_gbps)
        checkpoints.final(res)
        return 0

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    doc = {"dry_run": args.dry_run, "machine": machine(device), "steps": [],
           "hard_deadlines_s": {n: hard_deadline(n, args) for n in steps}}  # fmt: skip
    args.peak_gbps = args.peak_gbps or (doc["machine"]["gpu"] or {}).get("peak_gbps")
    started = time.perf_counter()
    try:
        for name in steps:
            print(f"[gpu_suite] {name} (hard deadline {hard_deadline(name, args):.0f} s) ...", file=sys.stderr,
                  flush=True)  # fmt: skip
            res = run_isolated(name, args, device)
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
