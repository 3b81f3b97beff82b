"""The on-disk feature cache: roundtrip, reuse across runs, corruption, concurrent writers."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import torch

from streamvu.encoders.disk_cache import DiskCachedEncoder, DiskFeatureCache, file_content_hash
from streamvu.messages import Frame, FrameTokens, Label
from streamvu.pipeline.engine import Pipeline, PipelineConfig
from tests.doubles import UnusedAnswerer


def item(i: int, n: int = 4, d: int = 8) -> FrameTokens:
    g = torch.Generator().manual_seed(i)
    tok = torch.randn(n, d, generator=g)
    return FrameTokens(
        t=0.5 * i,
        index=5 * i,
        tokens=tok,
        pooled=tok.mean(0),
        grid=(2, 2),
        labels=(Label("tabby, tabby cat", 0.75), Label("cup", 0.125)),
        cache_hit=i % 2 == 1,
        reused=0.25 * (i % 2),
        grid_thw=(1, 4, 4) if i % 2 else None,
        space="qwen2_5_vl",
        regions=torch.randn(3, d, generator=g) if i % 2 == 0 else None,
    )


def frames(k: int = 3) -> list[Frame]:
    return [Frame(t=0.5 * i, index=5 * i, rgb=np.zeros((6, 8, 3), np.uint8)) for i in range(k)]


def assert_same(a: list[FrameTokens], b: list[FrameTokens]) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        torch.testing.assert_close(x.tokens, y.tokens, atol=0, rtol=0)
        torch.testing.assert_close(x.pooled, y.pooled, atol=0, rtol=0)
        assert (x.regions is None) == (y.regions is None)
        if x.regions is not None:
            torch.testing.assert_close(x.regions, y.regions, atol=0, rtol=0)
        assert (x.t, x.index, x.grid, x.labels, x.cache_hit, x.reused, x.grid_thw, x.space) == (
            y.t,
            y.index,
            y.grid,
            y.labels,
            y.cache_hit,
            y.reused,
            y.grid_thw,
            y.space,
        )


def test_roundtrip_and_keys(tmp_path):
    cache = DiskFeatureCache(tmp_path)
    key = cache.key("v" * 64, frames(), "enc|cfg", {"backend": "auto"})
    assert cache.get(key) is None
    items = [item(i) for i in range(3)]
    cache.put(key, items)
    assert_same(cache.get(key), items)
    assert (cache.stats.hits, cache.stats.misses, cache.stats.writes) == (1, 1, 1)
    # anything that changes the features changes the key
    others = [
        cache.key("w" * 64, frames(), "enc|cfg", {"backend": "auto"}),
        cache.key("v" * 64, frames(2), "enc|cfg", {"backend": "auto"}),
        cache.key("v" * 64, frames(), "enc|cfg2", {"backend": "auto"}),
        cache.key("v" * 64, frames(), "enc|cfg", {"backend": "pyav"}),
        cache.key(
            "v" * 64,
            [Frame(f.t, f.index, np.zeros((12, 16, 3), np.uint8)) for f in frames()],
            "enc|cfg",
            {"backend": "auto"},
        ),
    ]
    assert len({key, *others}) == 6
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty", "other_key"])
def test_corrupt_entry_is_never_read_and_is_recomputed(tmp_path, damage):
    cache = DiskFeatureCache(tmp_path)
    key = cache.key("v" * 64, frames(), "enc", None)
    items = [item(i) for i in range(3)]
    path = cache.put(key, items)
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[-5] ^= 0xFF
    elif damage == "truncate":
        data = data[: len(data) // 2]  # a crash mid-write of a non-atomic writer
    elif damage == "garbage":
        data = bytearray(b"\x00garbage" * 10)
    elif damage == "empty":
        data = bytearray()
    else:
        other = cache.key("x" * 64, frames(), "enc", None)
        data = bytearray(cache.put(other, items).read_bytes())
    path.write_bytes(bytes(data))
    assert cache.get(key) is None and not path.exists() and cache.stats.corrupt == 1

    class Counting:
        name, dim, grid, config, calls = "counting", 8, (2, 2), None, 0

        def encode(self, fr):
            Counting.calls += 1
            return items

    wrapped = DiskCachedEncoder(Counting(), cache, "v" * 64)
    wrapped.encoder_id = "enc"
    assert_same(wrapped.encode(frames()), items)  # recomputed, rewritten
    assert Counting.calls == 1 and path.exists()
    assert_same(wrapped.encode(frames()), items)
    assert Counting.calls == 1


def test_concurrent_writers_and_readers_never_see_a_broken_entry(tmp_path):
    items = [item(i, n=64, d=256) for i in range(4)]  # ~270 kB entries: writes take a while
    key = DiskFeatureCache.key("v" * 64, frames(4), "enc", None)
    errors, seen = [], []
    writers_done = threading.Event()

    def writer():
        cache = DiskFeatureCache(tmp_path)
        for _ in range(15):
            cache.put(key, items)

    def reader():
        cache = DiskFeatureCache(tmp_path)
        reads = 0
        while not writers_done.is_set() or reads < 20:
            reads += 1
            got = cache.get(key)
            if got is not None:
                seen.append(1)
                try:
                    assert_same(got, items)
                except AssertionError as exc:  # pragma: no cover - the failure this test guards against
                    errors.append(exc)
        if cache.stats.corrupt:
            errors.append(f"reader saw {cache.stats.corrupt} corrupt entries")

    writers = [threading.Thread(target=writer) for _ in range(4)]
    readers = [threading.Thread(target=reader) for _ in range(3)]
    for t in readers + writers:
        t.start()
    for t in writers:
        t.join()
    writers_done.set()
    for t in readers:
        t.join()
    assert not errors, errors[:3]
    assert seen
    assert_same(DiskFeatureCache(tmp_path).get(key), items)
    assert not list(tmp_path.rglob("*.tmp"))


def _process_worker(directory: str, rounds: int) -> int:
    """Write and read the same entry ``rounds`` times; exit status 1 on any broken read."""
    items = [item(i, n=64, d=256) for i in range(4)]
    key = DiskFeatureCache.key("p" * 64, frames(4), "enc", None)
    cache = DiskFeatureCache(directory)
    for _ in range(rounds):
        cache.put(key, items)
        got = cache.get(key)
        if got is None:
            return 1
        assert_same(got, items)
    return 1 if cache.stats.corrupt else 0


def test_concurrent_processes_never_see_a_broken_entry(tmp_path):
    code = "import sys; from tests.test_disk_cache import _process_worker as w; sys.exit(w(sys.argv[1], 25))"
    root = str(Path(__file__).resolve().parents[1])
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], cwd=root) for _ in range(3)]
    assert [p.wait(timeout=240) for p in procs] == [0, 0, 0]
    assert not list(tmp_path.rglob("*.tmp"))


def test_file_content_hash(tmp_path):
    a, b = tmp_path / "a.bin", tmp_path / "b.bin"
    a.write_bytes(b"x" * 100)
    b.write_bytes(b"x" * 99 + b"y")
    assert file_content_hash(a) != file_content_hash(b)
    assert file_content_hash(a) == file_content_hash(tmp_path / "." / "a.bin")


class CountingEncoder:
    """Wraps the real encoder and counts the frames it is asked to encode."""

    def __init__(self, inner) -> None:
        self.inner, self.frames = inner, 0
        self.name, self.dim, self.grid, self.config = inner.name, inner.dim, inner.grid, inner.config

    def encode(self, frames):
        self.frames += len(frames)
        return self.inner.encode(frames)


def test_second_run_skips_encoding(tmp_path, encoder, embedder, short_video):
    counting = CountingEncoder(encoder)
    config = PipelineConfig(fps=5, disk_cache=str(tmp_path / "features"))

    def run():
        pipe = Pipeline(config, encoder=counting, embedder=embedder, answerer=UnusedAnswerer())
        return list(pipe.encoded(short_video))

    first = run()
    assert counting.frames == len(first) == 20
    second = run()
    assert counting.frames == 20  # nothing encoded the second time
    assert_same(first, second)
    assert all(s.text_key is not None for s in second)
    # a prefix run (until=) reuses the batches it shares with the full run
    pipe = Pipeline(config, encoder=counting, embedder=embedder, answerer=UnusedAnswerer())
    assert len(list(pipe.encoded(short_video, until=3.0))) >= 15
    assert counting.frames <= 20 + 16
    # another sampling rate is another key: encoded again
    other = Pipeline(
        PipelineConfig(fps=2, disk_cache=str(tmp_path / "features")),
        encoder=counting,
        embedder=embedder,
        answerer=UnusedAnswerer(),
    )
    list(other.encoded(short_video))
    assert counting.frames > 20 + 8 - 1


def test_auto_dir_uses_cache_root(tmp_path, monkeypatch):
    from streamvu.encoders.stream import feature_dir

    monkeypatch.setenv("STREAMVU_CACHE_DIR", str(tmp_path))
    assert feature_dir("auto") == tmp_path / "features"
    assert feature_dir(None) is None
