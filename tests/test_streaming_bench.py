"""``benchmarks/streaming.py``: the MaxFPS search and the report (the live replays themselves are what the
benchmark runs; here the search is driven by a stand-in pipeline whose limit is known)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("streaming_bench", REPO / "benchmarks" / "streaming.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("limit", [0.2, 0.9, 3.0, 5.5, 12.0])
def test_search_brackets_the_highest_sustained_rate(bench, limit):
    tried = []

    def probe(fps):
        tried.append(fps)
        return fps <= limit

    lo, hi = bench.search(probe, start=1.0, ceiling=30.0, floor=0.1, refine=3)
    assert lo is not None and lo <= limit < hi
    assert hi / lo <= 2 ** (1 / 8) + 1e-9 or hi / lo <= 1.1 + 1e-9  # three bisections of an octave
    assert len(tried) <= 10


def test_search_stops_at_the_ceiling_and_the_floor(bench):
    assert bench.search(lambda fps: True, 1.0, 25.0, 0.1, 3) == (25.0, None)
    tried = []
    assert bench.search(lambda fps: tried.append(fps) or False, 1.0, 25.0, 0.1, 3) == (None, 0.125)
    assert min(tried) >= 0.1


def test_table_prints_unmeasured_rows_and_the_anchors(bench):
    measured = {"row": "CPU, embedded default", "measured": True, "max_fps": 8.0, "first_unsustained_fps": 11.3,
                "capped": False, "ttft_now_s": 0.0012, "ttft_past_s": 0.0031, "memory_entries": 340,
                "rss_mb": 900, "peak_rss_mb": 950, "memory_mb": 5.1}  # fmt: skip
    text = bench.table([measured, {"row": "GPU, VLM qwen2.5-vl-3b", "measured": False}])
    assert "| CPU, embedded default | 8.00 | 11.30 | 1.2 / 3.1 | 340 |" in text
    assert "| GPU, VLM qwen2.5-vl-3b | unmeasured |" in text
    for name, fps in (("VideoChat-Online", "0.14"), ("StreamForest", "4"), ("TimeChat-Online", "7"),
                      ("FIFO Qwen3-VL-8B", "8")):  # fmt: skip
        assert f"StreamingEval: {name} (RTX 4090, 1 fps input) | {fps} |" in text
