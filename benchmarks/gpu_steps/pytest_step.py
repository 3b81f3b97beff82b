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
"""The smoke collects only these (collecting the whole suite imports every model library)."""


def parse_counts(text: str) -> dict[str, int]:
    """pytest's final line (``3 passed, 2 skipped, 40 deselected in 1.2s``) as a dict."""
    counts = {}
    for number, word in re.findall(r"(\d+) (passed|failed|skipped|deselected|errors?|xfailed|xpassed)", text):
        counts[word.rstrip("s") if word.startswith("error") else word] = int(number)
    return counts


def run(smoke: bool, deadline: Deadline) -> StepResult:
    res = StepResult("gpu-tests", "GPU test classes (pytest -m gpu)")
    cmd = [sys.executable, "-m", "pytest", "-q", "-m", "gpu", "-p", "no:cacheprovider", "-rs",
           *(SMOKE_FILES if smoke else ["tests"])]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("TRITON_INTERPRET", None)
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=max(10.0, deadline.left()))  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        partial = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        res.status = "failed"
        res.error = f"pytest did not finish within its budget ({exc.timeout:.0f} s); its output so far:\n{partial[-2000:]}"
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
