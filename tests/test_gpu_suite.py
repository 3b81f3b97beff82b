"""The GPU suite's dry run (``benchmarks/gpu_suite.py --dry-run``): every step starts in its own process,
keeps to its deadline and writes its table, on the CPU with shapes scaled down.

On a CPU the kernel steps run the Triton kernel in the interpreter, the VLM step uses the tiny random
Qwen2.5-VL and checks the real-size architectures on the meta device, faiss runs on the CPU. The dry
run takes about 25 s of CPU (five step processes, each importing torch); the deadline guard is checked
with stand-in workers that stall.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from streamvu import _deps

REPO = Path(__file__).resolve().parents[1]
SUITE = REPO / "benchmarks" / "gpu_suite.py"


@pytest.fixture(scope="module")
def smoke(tmp_path_factory) -> tuple[int, dict, str]:
    out = tmp_path_factory.mktemp("gpu_suite")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    env.pop("TRITON_INTERPRET", None)
    proc = subprocess.run([sys.executable, str(SUITE), "--dry-run", "--out", str(out)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert (out / "gpu_suite.json").exists(), proc.stderr[-3000:]
    return (
        proc.returncode,
        json.loads((out / "gpu_suite.json").read_text()),
        (out / "gpu_suite.md").read_text(),
    )


def _suite():
    spec = importlib.util.spec_from_file_location("gpu_suite_under_test", SUITE)
    suite = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(suite)
    return suite


def _step(doc: dict, name: str) -> dict:
    return next(s for s in doc["steps"] if s["name"] == name)


def test_every_step_runs_in_time_and_writes_its_table(smoke):
    code, doc, report = smoke
    assert [s["name"] for s in doc["steps"]] == ["gpu-tests", "exactness", "roofline", "vlm", "faiss"]
    failed = {s["name"]: s["error"] for s in doc["steps"] if s["status"] == "failed"}
    assert not failed and code == 0
    assert doc["dry_run"] and report.startswith("# streamvu GPU suite (dry run)")
    assert "| step | status | seconds | hard deadline (s) |" in report
    for step in doc["steps"]:
        assert step["status"] in ("ok", "skipped"), step  # nothing ran out of time
        assert step["seconds"] <= doc["hard_deadlines_s"][step["name"]]
        assert step["rows"], f"{step['name']} wrote no table"
        header = "| " + " | ".join(dict.fromkeys(k for r in step["rows"] for k in r)) + " |"
        assert header in report.split(f"## {step['name']}:")[1]


def test_gpu_tests_are_collected_and_skip_with_the_reason(smoke):
    step = _step(smoke[1], "gpu-tests")
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU: the GPU tests ran for real")
    assert step["status"] == "skipped" and "CUDA" in step["reason"]
    assert step["summary"]["skipped"] > 0 and step["summary"].get("passed", 0) == 0


@pytest.mark.skipif(not _deps.HAS_TRITON, reason="triton is not installed")
def test_kernel_steps_ran_both_plans_in_the_interpreter(smoke):
    exact = _step(smoke[1], "exactness")
    assert exact["summary"]["all_exact"] and {r["plan"] for r in exact["rows"]} == {"fused", "split", "tall"}
    assert all(r["split"] > 1 for r in exact["rows"] if r["plan"] == "split")
    assert {r["dtype"] for r in exact["rows"]} == {"fp32", "fp16", "bf16"}
    roof = _step(smoke[1], "roofline")
    assert roof["rows"] and all(r["exact"] and r["kernel_ms"] > 0 and r["ref_ms"] > 0 for r in roof["rows"])
    assert {r["terms"] for r in roof["rows"]} == {"all", "spatial"} and {r["plan"] for r in roof["rows"]} == {
        "fused",
        "tall",
    }
    assert all("eff_GBps" in r and "GBps" not in r and "pct_peak" not in r for r in roof["rows"])
    assert any("effective bandwidth" in n and "compulsory" in n for n in roof["notes"])
    assert roof["summary"]["peak_gbps"] is None  # no device: no peak, and no made-up one


def test_vlm_step(smoke):
    step = _step(smoke[1], "vlm")
    params = [r for r in step["rows"] if r["measure"] == "parameters (meta device)"]
    assert {r["model"] for r in params} == {"qwen2.5-vl-3b", "qwen2.5-vl-7b"} and all(
        r["matches"] for r in params
    )
    ttft = [r for r in step["rows"] if r["measure"].startswith("ttft")]
    assert {(r["measure"], r["stream_s"]) for r in ttft} == {
        (m, s) for m in ("ttft now", "ttft past") for s in (6, 12, 24)
    }
    assert all(r["value"] > 0 for r in ttft)
    prefill = {r["measure"]: r["prompt_tokens"] for r in step["rows"] if r["measure"].startswith("prefill")}
    assert prefill["prefill keep 1.0"] > prefill["prefill keep 0.5"] > prefill["prefill keep 0.25"]
    reuse = {r["measure"]: r for r in step["rows"] if "kv_reuse" in r["measure"]}
    with_kv, without = reuse["2nd question ttft, kv_reuse=True"], reuse["2nd question ttft, kv_reuse=False"]
    assert with_kv["prefilled_tokens"] < without["prefilled_tokens"] == without["prompt_tokens"]
    assert "tiny" in step["summary"] and step["summary"]["tiny"]["encode_fps"] > 0
    assert any("QueryHandler(device='cpu')" in n for n in step["notes"])  # the device the suite runs on


def test_faiss_step(smoke):
    step = _step(smoke[1], "faiss")
    assert {r["keys"] for r in step["rows"]} == {1000, 4000}
    assert any(r["index"].startswith("KeyTable.search") for r in step["rows"])
    if step["summary"]["faiss_gpus"] == 0:
        assert any("no GPU" in n for n in step["notes"])


FAKE_WORKER = """
import json, signal, sys, time
out, mode = sys.argv[1], sys.argv[2]
if mode == "crash":
    print("worker exploded", flush=True)
    sys.exit(3)
row = {"shape": "first", "ms": 1.5}
result = {"name": "vlm", "title": "stand-in", "rows": [row], "summary": {}, "notes": [], "status": "ok"}
open(out, "w").write(json.dumps(result))
if mode == "die":  # dies after its first checkpoint
    sys.exit(4)
if mode == "stall":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # only SIGKILL stops it
    time.sleep(120)
"""


def _fake_workers(monkeypatch, suite, modes: dict[str, str]) -> None:
    real = suite.worker_command

    def command(name, args, device, out):
        if name not in modes:
            return real(name, args, device, out)
        return [sys.executable, "-c", FAKE_WORKER, str(out), modes[name]]

    monkeypatch.setattr(suite, "worker_command", command)


def test_a_crashing_step_keeps_the_others(tmp_path, monkeypatch):
    suite = _suite()
    _fake_workers(monkeypatch, suite, {"faiss": "crash", "gpu-tests": "ok", "exactness": "die"})
    code = suite.main(["--dry-run", "--steps", "faiss,exactness,gpu-tests", "--out", str(tmp_path)])
    doc = json.loads((tmp_path / "gpu_suite.json").read_text())
    assert code == 1
    faiss = _step(doc, "faiss")
    assert (
        faiss["status"] == "failed"
        and "exited with 3" in faiss["error"]
        and "worker exploded" in faiss["error"]
    )
    assert _step(doc, "gpu-tests")["status"] == "ok" and _step(doc, "gpu-tests")["rows"] == [
        {"shape": "first", "ms": 1.5}
    ]
    assert "worker exploded" in (tmp_path / "gpu_suite.md").read_text()
    died = _step(doc, "exactness")  # what it wrote before dying is kept, but it is not "ok"
    assert died["status"] == "failed" and "exited with 4" in died["error"] and died["rows"]


def test_a_stalled_step_is_stopped_at_its_hard_deadline_and_keeps_its_rows(tmp_path, monkeypatch):
    """A step still busy at its hard deadline (a cold Triton compile, a long prefill) is stopped, even when
    it ignores SIGTERM, and reported ``partial`` with the rows it had written, not ``failed``."""
    import time

    suite = _suite()
    _fake_workers(monkeypatch, suite, {"vlm": "stall"})
    started = time.perf_counter()
    code = suite.main(["--dry-run", "--steps", "vlm", "--hard-deadline-s", "2", "--out", str(tmp_path)])
    spent = time.perf_counter() - started
    step = _step(json.loads((tmp_path / "gpu_suite.json").read_text()), "vlm")
    assert code == 0 and step["status"] == "partial"
    assert step["rows"] == [{"shape": "first", "ms": 1.5}]
    assert any("hard deadline" in n for n in step["notes"])
    assert 2 <= step["seconds"] <= 2 + suite.KILL_GRACE_S + 5 and spent < 30


def test_worker_checkpoints_rows_while_the_step_runs(tmp_path):
    """The worker side: the step's result is on disk, rows included, before the step returns."""
    import time

    sys.path.insert(0, str(REPO / "benchmarks"))
    from gpu_steps.common import Checkpoints, StepResult

    path = tmp_path / "step.json"
    checkpoints = Checkpoints(str(path), "x", every_s=0.05)
    res = StepResult("x", "checkpointed")
    res.rows.append({"n": 1})
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not (path.exists() and json.loads(path.read_text())["rows"]):
        time.sleep(0.05)
    assert json.loads(path.read_text())["rows"] == [{"n": 1}]
    res.status = "partial"
    checkpoints.final(res)
    assert json.loads(path.read_text())["status"] == "partial"


def test_full_run_refuses_a_cpu_only_machine(tmp_path):
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    proc = subprocess.run([sys.executable, str(SUITE), "--out", str(tmp_path)], capture_output=True, text=True,
                          timeout=120, cwd=REPO)  # fmt: skip
    assert proc.returncode == 2 and "--dry-run" in proc.stderr
