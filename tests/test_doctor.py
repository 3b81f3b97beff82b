"""``streamvu doctor``: the report on a real machine (real decoders on real probe clips) and its JSON."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import torch

from streamvu import _deps
from streamvu.apps import gpu_info
from streamvu.apps.cli import main


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    cache = tmp_path_factory.mktemp("doctor_cache")
    (cache / "features").mkdir()
    (cache / "features" / "a.npy").write_bytes(b"x" * 1000)
    (cache / "b.bin").write_bytes(b"y" * 234)
    mp = pytest.MonkeyPatch()
    mp.setenv("STREAMVU_CACHE_DIR", str(cache))
    try:
        from streamvu.apps.doctor import collect, format_report

        doc = collect()
        text = format_report(doc)
    finally:
        mp.undo()
    return cache, doc, text


def test_cache_dir_and_its_size(report):
    cache, doc, _ = report
    assert doc["cache"]["path"] == str(cache)
    assert doc["cache"]["bytes"] == 1234 and doc["cache"]["files"] == 2
    assert doc["cache"]["set_by"] == "STREAMVU_CACHE_DIR"


def test_torch_and_the_pruning_kernel(report):
    _, doc, text = report
    assert doc["torch"]["version"] == torch.__version__
    assert doc["torch"]["cuda_available"] == torch.cuda.is_available()
    assert doc["triton"]["installed"] == _deps.HAS_TRITON
    uses_kernel = torch.cuda.is_available() and _deps.HAS_TRITON
    assert doc["triton"]["fused_kernel"].startswith("yes" if uses_kernel else "no")
    assert "fused kernel:" in text


def test_decoders_really_decode_the_probe_clips(report):
    _, doc, text = report
    pyav = doc["decoders"]["pyav"]
    assert set(pyav["codecs"]) == {"H.264", "HEVC", "VP9", "AV1"}
    assert pyav["codecs"]["H.264"] is True  # PyAV's wheel always decodes H.264
    assert "h264" in pyav["ffmpeg_decoders"]["H.264"]
    for backend in ("decord", "opencv"):
        info = doc["decoders"][backend]
        assert info["installed"] == _deps.has("decord" if backend == "decord" else "cv2")
        assert set(info["codecs"]) == {"H.264", "HEVC", "VP9", "AV1"}
        if info["installed"]:
            assert info["codecs"]["H.264"] is True
            assert all(isinstance(r, (bool, str)) for r in info["codecs"].values())
    assert "H.264 yes" in text


def test_optional_packages_are_reported(report):
    _, doc, text = report
    assert doc["faiss"]["installed"] and doc["faiss"]["gpus"] >= 0
    for name in ("gradio", "ray", "transformers"):
        assert doc[name]["installed"] == _deps.has(name)
        assert (doc[name]["version"] is not None) == doc[name]["installed"]
        assert name in text


def test_cli_json_without_probe(capsys):
    assert main(["doctor", "--json", "--no-probe"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["decoders"]["pyav"]["codecs"]["HEVC"] == "not probed (--no-probe)"
    assert {"torch", "triton", "faiss", "decoders", "gradio", "ray", "cache"} <= set(doc)


def test_cli_text(capsys):
    assert main(["doctor", "--no-probe"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("streamvu ") and "cache dir" in out and "faiss" in out


class TestPeakBandwidth:
    def test_formula(self):
        """H100 SXM: 2619 MHz HBM3 on a 5120-bit bus is its published 3.35 TB/s."""
        assert gpu_info.peak_gbps(2619, 5120) == pytest.approx(3352.3, abs=0.1)

    def _props(self, clock_khz: int, width: int):
        return SimpleNamespace(
            name="Fake GPU",
            major=9,
            minor=0,
            multi_processor_count=132,
            total_memory=80 * 2**30,
            memory_clock_rate=clock_khz,
            memory_bus_width=width,
        )

    def test_read_from_torch(self, monkeypatch):
        monkeypatch.setattr(torch.cuda, "get_device_properties", lambda i: self._props(2619000, 5120))
        info = gpu_info.gpu_info(0)
        assert info.peak_gbps == pytest.approx(3352.3, abs=0.1)
        assert info.bandwidth_source.startswith("torch")

    def test_falls_back_to_nvml_then_nvidia_smi(self, monkeypatch):
        monkeypatch.setattr(torch.cuda, "get_device_properties", lambda i: self._props(0, 5120))
        monkeypatch.setattr(gpu_info, "_from_nvml", lambda i: (2619.0, 5120))
        assert gpu_info.gpu_info(0).bandwidth_source.startswith("NVML")
        monkeypatch.setattr(gpu_info, "_from_nvml", lambda i: None)
        monkeypatch.setattr(gpu_info, "_clock_from_smi", lambda i: 2619.0)
        info = gpu_info.gpu_info(0)
        assert info.bandwidth_source.startswith("nvidia-smi") and info.peak_gbps == pytest.approx(
            3352.3, abs=0.1
        )
        monkeypatch.setattr(gpu_info, "_clock_from_smi", lambda i: None)
        info = gpu_info.gpu_info(0)
        assert info.peak_gbps is None and info.bandwidth_source.startswith("unknown")
