"""The GPU suite's CPU smoke (``benchmarks/gpu_suite.py --smoke``): every step's code path runs.

On a CPU the kernel steps run the Triton kernel in the interpreter, the VLM step uses the tiny random
Qwen2.5-VL and checks the real-size architectures on the meta device, faiss runs on the CPU.
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
    proc = subprocess.run([sys.executable, str(SUITE), "--smoke", "--out", str(out)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert (out / "gpu_suite.json").exists(), proc.stderr[-3000:]
    return (
        proc.returncode,
        json.loads((out / "gpu_suite.json").read_text()),
        (out / "gpu_suite.md").read_text(),
    )


def _step(doc: dict, name: str) -> dict:
    return next(s for s in doc["steps"] if s["name"] == name)


def test_every_step_runs_and_none_fails(smoke):
    code, doc, report = smoke
    assert [s["name"] for s in doc["steps"]] == ["gpu-tests", "exactness", "roofline", "vlm", "faiss"]
    failed = {s["name"]: s["error"] for s in doc["steps"] if s["status"] == "failed"}
    assert not failed and code == 0
    assert report.startswith("# streamvu GPU suite (smoke)") and "| step | status | seconds |" in report


def test_gpu_tests_are_collected_and_skip_with_the_reason(smoke):
    step = _step(smoke[1], "gpu-tests")
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU: the GPU tests ran for real")
    assert step["status"] == "skipped" and "CUDA" in step["reason"]
    assert step["summary"]["skipped"] > 0 and step["summary"].get("passed", 0) == 0


@pytest.mark.skipif(not _deps.HAS_TRITON, reason="triton is not installed")
def test_kernel_steps_ran_both_plans_in_the_interpreter(smoke):
    exact = _step(smoke[1], "exactness")
    assert exact["summary"]["all_exact"] and {r["plan"] for r in exact["rows"]} == {"fused", "split"}
    assert all(r["split"] > 1 for r in exact["rows"] if r["plan"] == "split")
    assert {r["dtype"] for r in exact["rows"]} == {"fp32", "fp16", "bf16"}
    roof = _step(smoke[1], "roofline")
    assert roof["rows"] and all(r["exact"] and r["kernel_ms"] > 0 and r["ref_ms"] > 0 for r in roof["rows"])
    assert {r["terms"] for r in roof["rows"]} == {"all", "spatial"}
    assert roof["summary"]["peak_gbps"] is None  # no device: no peak, and no made-up one


def test_vlm_step(smoke):
    step = _step(smoke[1], "vlm")
    params = [r for r in step["rows"] if r["measure"] == "parameters (meta device)"]
    assert {r["model"] for r in params} == {"qwen2.5-vl-3b", "qwen2.5-vl-7b"} and all(
        r["matches"] for r in params
    )
    ttft = [r for r in step["rows"] if r["measure"].startswith("ttft")]
    assert {(r["measure"], r["stream_s"]) for r in ttft} == {
        (m, s) for m in ("ttft now", "ttft past") for s in (8, 30, 60)
    }
    assert all(r["value"] > 0 for r in ttft)
    prefill = {r["measure"]: r["prompt_tokens"] for r in step["rows"] if r["measure"].startswith("prefill")}
    assert prefill["prefill keep 1.0"] > prefill["prefill keep 0.5"] > prefill["prefill keep 0.25"]
    reuse = {r["measure"]: r for r in step["rows"] if "kv_reuse" in r["measure"]}
    with_kv, without = reuse["2nd question ttft, kv_reuse=True"], reuse["2nd question ttft, kv_reuse=False"]
    assert with_kv["prefilled_tokens"] < without["prefilled_tokens"] == without["prompt_tokens"]
    assert "tiny" in step["summary"] and step["summary"]["tiny"]["encode_fps"] > 0


def test_faiss_step(smoke):
    step = _step(smoke[1], "faiss")
    assert {r["keys"] for r in step["rows"]} == {1000, 10000}
    assert any(r["index"].startswith("KeyTable.search") for r in step["rows"])
    if step["summary"]["faiss_gpus"] == 0:
        assert any("no GPU" in n for n in step["notes"])


def test_a_failing_step_keeps_the_others(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("gpu_suite_under_test", SUITE)
    suite = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(suite)
    from gpu_steps import faiss_archive, pytest_step
    from gpu_steps.common import StepResult

    def boom(*args, **kwargs):
        raise RuntimeError("faiss exploded")

    monkeypatch.setattr(faiss_archive, "run", boom)
    monkeypatch.setattr(
        pytest_step, "run", lambda smoke, deadline: StepResult("gpu-tests", "t", rows=[{"a": 1}])
    )
    code = suite.main(["--smoke", "--steps", "faiss,gpu-tests", "--out", str(tmp_path)])
    doc = json.loads((tmp_path / "gpu_suite.json").read_text())
    assert code == 1
    assert _step(doc, "faiss")["status"] == "failed" and "faiss exploded" in _step(doc, "faiss")["error"]
    assert _step(doc, "gpu-tests")["status"] == "ok" and _step(doc, "gpu-tests")["rows"] == [{"a": 1}]
    assert "faiss exploded" in (tmp_path / "gpu_suite.md").read_text()


def test_full_run_refuses_a_cpu_only_machine(tmp_path):
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    proc = subprocess.run([sys.executable, str(SUITE), "--out", str(tmp_path)], capture_output=True, text=True,
                          timeout=120, cwd=REPO)  # fmt: skip
    assert proc.returncode == 2 and "--smoke" in proc.stderr
