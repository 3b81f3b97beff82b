"""Step 1a of the GPU suite: the test classes marked ``gpu`` (``pytest -q -m gpu``), in a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from gpu_steps.common import Deadline, StepResult

ROOT = Path(__file__).resolve().parents[2]
SMOKE_FILES = ["tests/test_prune_triton.py"]
"""The dry run collects only these (collecting the whole suite imports every model library)."""


def parse_counts(text: str) -> dict[str, int]:
    """pytest's final line (``3 passed, 2 skipped, 40 deselected in 1.2s``) as a dict."""
    counts = {}
    for number, word in re.findall(r"(\d+) (passed|failed|skipped|deselected|errors?|xfailed|xpassed)", text):
        counts[word.rstrip("s") if word.startswith("error") else word] = int(number)
    return counts


def progress_counts(text: str) -> dict[str, int]:
    """Outcomes of the tests ``pytest -v`` had reported (``path::test PASSED``) when it was stopped."""
    counts: dict[str, int] = {}
    for word in re.findall(r"::\S+ (PASSED|FAILED|SKIPPED|ERROR|XFAIL|XPASS)", text):
        key = word.lower()
        counts[key] = counts.get(key, 0) + 1
    return counts


def run(smoke: bool, deadline: Deadline) -> StepResult:
    res = StepResult("gpu-tests", "GPU test classes (pytest -m gpu)")
    cmd = [sys.executable, "-m", "pytest", "-v", "-m", "gpu", "-p", "no:cacheprovider", "-rs",
           *(SMOKE_FILES if smoke else ["tests"])]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("TRITON_INTERPRET", None)
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=max(5.0, deadline.left()))  # fmt: skip
    except subprocess.TimeoutExpired as exc:  # e.g. a cold Triton compile of every kernel variant
        partial = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        counts = progress_counts(partial)
        res.status = "partial"
        res.rows = [{"outcome": k, "tests": v} for k, v in counts.items()]
        res.summary = {"command": " ".join(cmd[2:]), "stopped_after_s": round(exc.timeout), **counts}
        res.notes.append(f"pytest did not finish within its budget ({exc.timeout:.0f} s) and was stopped: the "
                         f"tests it had not reached did not run; its output so far:\n{partial[-1500:]}")  # fmt: skip
        return res
    tail = (proc.stdout + proc.stderr).strip().splitlines()
    counts = parse_counts(tail[-1] if tail else "")
    res.summary = {"command": " ".join(cmd[2:]), "returncode": proc.returncode, **counts,
                   "seconds": round(time.perf_counter() - started, 1)}  # fmt: skip
    res.rows = [{"outcome": k, "tests": v} for k, v in counts.items()]
    if proc.returncode not in (0, 5):  # 5: nothing collected
        res.status, res.error = "failed", "\n".join(tail[-30:])
    elif counts.get("passed", 0) == 0:
        res.status = "skipped"
        skips = sorted({line.split(": ", 1)[-1] for line in tail if line.startswith("SKIPPED")})
        res.reason = "no GPU test ran: " + ("; ".join(skips) or "none collected")
    return res
