"""save/load: exact roundtrip, resume after restart, atomic replace, corrupt saves, disk spill."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from streamvu.errors import MemoryStateError
from streamvu.memory import MemoryConfig, PyramidMemory
from streamvu.memory.persistence import MANIFEST, TENSORS
from streamvu.testing.synthetic import synthetic_stream
from tests.test_memory import assert_same, check_invariants

CFG = MemoryConfig(layers=((2, None), (4, 16), (8, 4)), archive_capacity=10, merge_threshold=0.9)
STREAM = {"scene_length": 3, "noise": 0.3}


def fed(
    n: int, config: MemoryConfig = CFG, start: int = 0, memory: PyramidMemory | None = None
) -> PyramidMemory:
    memory = memory if memory is not None else PyramidMemory(config)
    for item in synthetic_stream(n, start=start, **STREAM):
        memory.add(item)
    return memory


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> tuple[PyramidMemory, Path]:
    memory = fed(200)
    return memory, memory.save(tmp_path_factory.mktemp("saves") / "mem")


def test_roundtrip_is_exact(saved):
    memory, path = saved
    assert sorted(p.name for p in path.iterdir()) == [MANIFEST, TENSORS]
    loaded = PyramidMemory.load(path)
    assert loaded.config == memory.config
    assert loaded.nbytes() == memory.nbytes()
    assert_same(loaded.snapshot(), memory.snapshot())
    query = np.ones(16, np.float32)
    assert [e.start for e in loaded.snapshot().retrieve(query)] == [
        e.start for e in memory.snapshot().retrieve(query)
    ]


def test_resume_continues_the_stream_exactly(tmp_path):
    original = fed(300)
    original.save(tmp_path / "mem")
    resumed = PyramidMemory.load(tmp_path / "mem")
    with pytest.raises(ValueError, match="increasing"):
        fed(1, memory=resumed, start=299)  # t=299 was already seen
    fed(250, memory=resumed, start=300)
    fed(250, memory=original, start=300)
    assert_same(resumed.snapshot(), original.snapshot())
    check_invariants(resumed.snapshot(), CFG)
    assert resumed.frames_seen == 550


def test_save_replaces_an_earlier_save_atomically(tmp_path):
    path = tmp_path / "mem"
    fed(50).save(path)
    newer = fed(120)
    newer.save(path)
    assert PyramidMemory.load(path).frames_seen == 120
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mem"]  # no temp or backup dirs left
    other = tmp_path / "photos"
    other.mkdir()
    (other / "cat.jpg").write_bytes(b"x")
    with pytest.raises(FileExistsError):
        newer.save(other)
    assert (other / "cat.jpg").exists()


def copy_save(saved, tmp_path) -> Path:
    import shutil

    dst = tmp_path / "copy"
    shutil.copytree(saved[1], dst)
    return dst


def edit_manifest(path: Path, **changes) -> None:
    manifest = json.loads((path / MANIFEST).read_text())
    manifest.update(changes)
    (path / MANIFEST).write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda p: (p / TENSORS).write_bytes((p / TENSORS).read_bytes()[:1000]), "truncated"),
        (lambda p: (p / TENSORS).unlink(), "missing"),
        (lambda p: (p / MANIFEST).unlink(), "missing"),
        (lambda p: (p / MANIFEST).write_text((p / MANIFEST).read_text()[:200]), "corrupt"),
        (lambda p: edit_manifest(p, version=99), "version"),
        (lambda p: edit_manifest(p, format="something"), "not a streamvu memory"),
        (lambda p: edit_manifest(p, config_hash="0" * 64), "config hash"),
        (lambda p: edit_manifest(p, frames_seen=5), "frames"),
        (lambda p: edit_manifest(p, entries=[]), "frames"),
    ],
)
def test_damaged_saves_raise_memory_state_error(saved, tmp_path, damage, message):
    path = copy_save(saved, tmp_path)
    damage(path)
    with pytest.raises(MemoryStateError, match=message):
        PyramidMemory.load(path)


def test_flipped_byte_is_caught_by_the_checksum(saved, tmp_path):
    path = copy_save(saved, tmp_path)
    data = bytearray((path / TENSORS).read_bytes())
    data[-7] ^= 0xFF
    (path / TENSORS).write_bytes(bytes(data))
    with pytest.raises(MemoryStateError, match="checksum"):
        PyramidMemory.load(path)


def test_load_with_an_incompatible_config_raises(saved, tmp_path):
    with pytest.raises(MemoryStateError, match="incompatible config"):
        PyramidMemory.load(saved[1], MemoryConfig())
    with pytest.raises(MemoryStateError, match="no memory save"):
        PyramidMemory.load(tmp_path / "nowhere")
    same_but_spilling = MemoryConfig(**{**CFG.__dict__, "archive_spill_dir": tmp_path / "spill"})
    assert PyramidMemory.load(saved[1], same_but_spilling).frames_seen == 200


def test_spill_keeps_everything_retrievable_with_bounded_ram(tmp_path):
    spill = MemoryConfig(layers=((2, None), (4, 4)), archive_capacity=6, archive_spill_dir=tmp_path / "spill")
    mem = PyramidMemory(spill)
    ram, early = [], None
    for item in synthetic_stream(400):
        mem.add(item)
        if item.index == 20:
            early = mem.snapshot()
        if item.index in (200, 399):
            ram.append(mem.nbytes())
    snap = mem.snapshot()
    check_invariants(snap, spill)
    assert snap.spilled_size == 400 - 12 and mem.disk_bytes() > 0
    assert len(list((tmp_path / "spill").glob("memory-*/segment-*.npy"))) >= 5
    # RAM per spilled entry is only its keys; tokens and pooled are memory-mapped
    assert ram[1] - ram[0] < 200 * 4 * (32 + 16) + 64 * 4 * (4 * 32 + 32)
    # spilled entries keep the tokens they had in the archive (nothing merged or forgotten)
    for before, after in zip(early.long_term, snap.long_term, strict=False):
        assert (before.start, before.end) == (after.start, after.end)
        assert torch.equal(before.tokens, after.tokens) and torch.equal(before.pooled, after.pooled)
    oldest = snap.long_term[0]
    assert oldest.frames == 1 and oldest.tokens.shape == (4, 32) and float(oldest.tokens.abs().sum()) > 0
    hit = snap.retrieve(oldest.text_key, k=1, include_short_term=False)
    assert hit == [oldest]
    # save/load carries spilled entries and re-spills them
    mem.save(tmp_path / "save")
    loaded = PyramidMemory.load(tmp_path / "save")
    assert_same(loaded.snapshot(), snap)
    fed(10, config=spill, start=400, memory=loaded)
    mem.close()
    loaded.close()
    assert not list((tmp_path / "spill").glob("memory-*"))


def test_region_features_are_merged_by_frames_saved_and_loaded(tmp_path):
    """Entries whose frames carry crop features keep them through merging (frame-weighted mean, as
    pooled) and a save and load; the memory's byte count includes them."""
    import dataclasses

    memory = PyramidMemory(CFG)
    for item in synthetic_stream(120, **STREAM):
        regions = torch.full((3, item.pooled.numel()), float(item.index))
        memory.add(dataclasses.replace(item, regions=regions))
    entries = memory.snapshot().entries
    merged = [e for e in entries if e.frames > 1]
    assert merged and all(e.regions is not None and e.regions.shape == (3, e.pooled.numel()) for e in entries)
    for e in merged:  # every frame's regions hold its index: the mean lies inside the merged range
        assert float(e.regions.min()) == float(e.regions.max())
    assert memory.nbytes() > fed(120).nbytes()
    loaded = PyramidMemory.load(memory.save(tmp_path / "mem"))
    assert_same(loaded.snapshot(), memory.snapshot())
