"""Pyramid memory: config validation, capacity/coverage/order invariants, merge policy, determinism."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from streamvu.memory import LayerSpec, MemoryConfig, MemorySnapshot, PyramidMemory
from streamvu.messages import FrameTokens, Label
from streamvu.testing.synthetic import synthetic_frame, synthetic_stream

SMALL = MemoryConfig(layers=((2, None), (4, 16), (8, 4)), archive_capacity=8)


def check_invariants(snap: MemorySnapshot, config: MemoryConfig, first_t: float = 0.0) -> None:
    """Everything that must hold for any snapshot of any stream."""
    for size, spec in zip(snap.layer_sizes, config.layers, strict=True):
        assert size <= spec.capacity
    assert snap.archive_size <= config.archive_capacity
    entries = snap.entries
    assert sum(e.frames for e in entries) == snap.frames_seen
    if not entries:
        assert snap.latest_t is None
        return
    # time-ordered, non-overlapping and gapless: each entry starts where the previous ended
    assert entries[0].start == first_t
    assert entries[-1].end == snap.latest_t
    for a, b in zip(entries, entries[1:], strict=False):
        assert a.start <= a.end
        assert a.end == b.start
    assert all(e.store == "short" for e in snap.short_term)
    assert all(e.store == "long" for e in snap.long_term)
    assert snap.entries == snap.long_term + snap.short_term
    # token budget per layer: sizes are bottom-up, entries time-ordered (top layer oldest)
    short = list(snap.short_term)
    for i, size in enumerate(snap.layer_sizes[: len(config.layers) - 1]):
        layer = short[len(short) - size :]
        short = short[: len(short) - size]
        tpf = config.layers[i].tokens_per_frame
        for e in layer:
            assert tpf is None or e.tokens.shape[0] <= tpf
            assert e.tokens.shape[0] == e.grid[0] * e.grid[1]


def frame(t: float, pooled: list[float] | torch.Tensor, **kw) -> FrameTokens:
    """A 2x2-grid frame whose 4 tokens all equal ``pooled`` (so pooled == mean of tokens)."""
    vec = torch.as_tensor(pooled, dtype=torch.float32)
    return FrameTokens(t=t, index=int(t), tokens=vec.repeat(4, 1), pooled=vec, grid=(2, 2), **kw)


# -- config --------------------------------------------------------------------------------


def test_default_config_is_the_pyramid():
    cfg = MemoryConfig()
    assert [(s.capacity, s.tokens_per_frame) for s in cfg.layers] == [(4, None), (16, 16), (64, 4)]
    assert cfg.key == "text" and cfg.archive_capacity == 256 and cfg.archive_spill_dir is None
    assert MemoryConfig(layers=[(4, None), (8, 4)]).layers == (LayerSpec(4, None), LayerSpec(8, 4))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"layers": ()},
        {"layers": ((0, None),)},
        {"layers": ((4, 5),)},  # not a perfect square
        {"layers": ((4, 0),)},
        {"layers": ((4, 4), (8, 16))},  # more tokens higher up
        {"layers": ((4, 4), (8, None))},  # full tokens above a pooled layer
        {"layers": ((True, None),)},
        {"archive_capacity": -1},
        {"archive_capacity": 0, "archive_spill_dir": "/tmp/x"},
        {"key": "audio"},
        {"merge_threshold": 1.5},
        {"max_labels": 0},
    ],
)
def test_bad_config_raises_value_error(kwargs):
    with pytest.raises(ValueError):
        MemoryConfig(**kwargs)


def test_config_roundtrip_and_hash_ignores_spill_dir(tmp_path):
    cfg = MemoryConfig(layers=((2, None), (4, 4)), archive_capacity=3, archive_spill_dir=tmp_path, key="both")
    again = MemoryConfig.from_dict(cfg.to_dict())
    assert again == cfg
    assert (
        cfg.config_hash()
        == MemoryConfig(layers=((2, None), (4, 4)), archive_capacity=3, key="both").config_hash()
    )
    assert cfg.config_hash() != MemoryConfig().config_hash()


# -- add() validation ----------------------------------------------------------------------


def test_add_rejects_non_increasing_time_and_bad_shapes():
    mem = PyramidMemory(SMALL)
    mem.add(synthetic_frame(0))
    mem.add(synthetic_frame(1))
    with pytest.raises(ValueError, match="increasing"):
        mem.add(synthetic_frame(1))
    with pytest.raises(ValueError, match="increasing"):
        mem.add(synthetic_frame(0))
    with pytest.raises(ValueError):
        mem.add(synthetic_frame(5, dim=16))  # token dim changed
    with pytest.raises(ValueError):
        mem.add(synthetic_frame(5, text_dim=8))
    bad = synthetic_frame(5)
    bad.grid = (6, 7)
    with pytest.raises(ValueError, match="grid"):
        mem.add(bad)
    assert mem.frames_seen == 2 and mem.latest_t == 1.0


# -- invariants over long streams ----------------------------------------------------------


def test_10000_frame_stream_stays_bounded_covered_and_ordered():
    cfg = MemoryConfig()
    mem = PyramidMemory(cfg)
    max_bytes = 0
    for item in synthetic_stream(10_000, dim=32, scene_length=5):
        mem.add(item)
        if item.index % 1000 == 999:
            snap = mem.snapshot()
            check_invariants(snap, cfg)
            assert len(snap) <= cfg.max_entries()
            max_bytes = max(max_bytes, mem.nbytes())
    snap = mem.snapshot()
    assert snap.frames_seen == 10_000 and snap.latest_t == 9999.0
    assert snap.layer_sizes == (4, 16, 64) and snap.archive_size == 256
    # bytes are bounded by the config: full layers at their token budgets (+ pooled and keys)
    d, per_entry_extra = 32, 4 * (32 + 32 + 16)
    bound = (
        4 * (4 * 49 * d) + 4 * (16 * 16 * d + 64 * 4 * d + 256 * 4 * d) + cfg.max_entries() * per_entry_extra
    )
    assert max_bytes <= bound
    # older content is coarser: the archive merged old frames, the newest entry is the last frame
    assert snap.short_term[-1].end == 9999.0 and snap.short_term[-1].grid == (7, 7)
    assert snap.long_term[0].end - snap.long_term[0].start > 1.0  # the archive merged old content


def test_promotion_pools_tokens_to_each_layer():
    cfg = MemoryConfig(layers=((2, None), (3, 16), (4, 4)), archive_capacity=2, merge_threshold=1.0)
    mem = PyramidMemory(cfg)
    for item in synthetic_stream(40):
        mem.add(item)
    snap = mem.snapshot()
    check_invariants(snap, cfg)
    newest_first = list(reversed(snap.entries))
    assert [e.grid for e in newest_first[:2]] == [(7, 7)] * 2  # layer 0: full tokens
    assert [e.grid for e in newest_first[2:5]] == [(4, 4)] * 3  # layer 1: 16 tokens
    assert {e.grid for e in newest_first[5:]} == {(2, 2)}  # layer 2 + archive: 4 tokens
    # pooling keeps the frame's pooled summary and approximately its token mean
    e = newest_first[2]
    assert torch.allclose(e.tokens.mean(0), e.pooled, atol=0.2)


def test_single_layer_without_archive_is_long_term_only():
    cfg = MemoryConfig(layers=((5, 4),), archive_capacity=0)
    mem = PyramidMemory(cfg)
    for item in synthetic_stream(50):
        mem.add(item)
    snap = mem.snapshot()
    check_invariants(snap, cfg)
    assert snap.short_term == () and len(snap.long_term) == 5


# -- merge policy --------------------------------------------------------------------------


def test_overflow_merges_the_most_similar_adjacent_pair():
    cfg = MemoryConfig(layers=((4, None),), archive_capacity=0, max_labels=2)
    mem = PyramidMemory(cfg)
    vecs = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0.1], [0, 0, 0, 1]]  # 2 ~ 3
    keys = [np.eye(3, dtype=np.float32)[i % 3] for i in range(5)]
    labels = [(Label(f"x{i}", 0.1 * (i + 1)), Label("shared", 0.2)) for i in range(5)]
    for i, vec in enumerate(vecs):
        mem.add(frame(float(i), vec, labels=labels[i], text_key=keys[i]))
    snap = mem.snapshot()
    assert [(e.start, e.end, e.frames) for e in snap.entries] == [(0, 0, 1), (0, 1, 1), (1, 3, 2), (3, 4, 1)]
    merged = snap.entries[2]
    assert torch.allclose(merged.pooled, torch.tensor([0, 0, 1, 0.05]))
    assert torch.allclose(merged.tokens, merged.pooled.repeat(4, 1))
    assert [label.name for label in merged.labels] == ["x3", "x2"]  # union, top-2 by max prob
    expected = (keys[2] + keys[3]) / np.linalg.norm(keys[2] + keys[3])
    np.testing.assert_allclose(merged.text_key, expected, rtol=1e-6)
    # the next overflow: the new frame is most like the merged entry, but they are not adjacent,
    # so the most similar ADJACENT pair (3-4, 4-5) is merged
    mem.add(frame(5.0, [0, 0, 1, 0.2]))
    snap = mem.snapshot()
    assert [(e.start, e.end, e.frames) for e in snap.entries] == [(0, 0, 1), (0, 1, 1), (1, 3, 2), (3, 5, 2)]


def test_frame_weighted_merge():
    cfg = MemoryConfig(layers=((2, None),), archive_capacity=0)
    mem = PyramidMemory(cfg)
    for i, vec in enumerate([[1.0, 0], [1.0, 0.1], [1.0, 0.4]]):  # 0+1 merge first (2 frames)
        mem.add(frame(float(i), vec))
    mem.add(frame(3.0, [-1.0, 0]))  # now (0..2 merged: 3 frames) vs the new one
    (a, b) = mem.snapshot().entries
    assert (a.frames, b.frames) == (3, 1)
    assert torch.allclose(a.pooled, torch.tensor([1.0, 0.5 / 3]))


def test_redundant_frames_merge_in_place_distinct_frames_move_up():
    cfg = MemoryConfig(layers=((3, None), (4, 4)), archive_capacity=4, merge_threshold=0.9)
    mem = PyramidMemory(cfg)
    for item in synthetic_stream(6, scene_length=100, noise=0.01):  # one static scene
        mem.add(item)
    snap = mem.snapshot()
    assert snap.layer_sizes == (3, 0)  # merged in layer 0, nothing promoted
    assert sum(e.frames for e in snap.entries) == 6
    mem2 = PyramidMemory(cfg)
    for item in synthetic_stream(6):  # independent random frames: cosine ~ 0
        mem2.add(item)
    assert mem2.snapshot().layer_sizes == (3, 3)
    check_invariants(mem2.snapshot(), cfg)


def test_archive_merges_instead_of_dropping():
    cfg = MemoryConfig(layers=((2, None), (2, 4)), archive_capacity=3, merge_threshold=1.0)
    mem = PyramidMemory(cfg)
    for item in synthetic_stream(100):
        mem.add(item)
    snap = mem.snapshot()
    check_invariants(snap, cfg)
    assert snap.archive_size == 3 and snap.frames_seen == 100
    assert snap.entries[0].start == 0.0  # the first second is still covered


# -- determinism ---------------------------------------------------------------------------


def test_same_input_same_memory():
    def build() -> MemorySnapshot:
        mem = PyramidMemory(SMALL)
        for item in synthetic_stream(300, scene_length=4):
            mem.add(item)
        return mem.snapshot()

    a, b = build(), build()
    assert len(a) == len(b)
    assert_same(a, b)


def test_added_tokens_are_copied():
    mem = PyramidMemory(SMALL)
    item = synthetic_frame(0)
    mem.add(item)
    item.tokens.zero_()
    assert mem.snapshot().entries[0].tokens.abs().sum() > 0


def test_nbytes_counts_tensors_and_keys():
    mem = PyramidMemory(MemoryConfig(layers=((4, None),), archive_capacity=0))
    assert mem.nbytes() == 0
    mem.add(synthetic_frame(0, dim=32, text_dim=16))
    assert mem.nbytes() == 4 * (49 * 32 + 32 + 16 + 32)


def test_snapshot_is_read_only_and_add_restores_torch_threads():
    mem = PyramidMemory(SMALL)
    threads = torch.get_num_threads()
    mem.add(synthetic_frame(0, dim=32))
    assert torch.get_num_threads() == threads
    snap = mem.snapshot()
    with pytest.raises(AttributeError):
        snap.frames_seen = 3
    assert isinstance(snap.entries, tuple)


def test_pooling_matches_adaptive_avg_pool():
    from streamvu.memory.ops import pool_tokens

    for grid, target in [((7, 7), (4, 4)), ((7, 7), (2, 2)), ((5, 3), (2, 2)), ((4, 4), (8, 8))]:
        x = torch.randn(grid[0] * grid[1], 8, generator=torch.Generator().manual_seed(0))
        size = (min(target[0], grid[0]), min(target[1], grid[1]))
        ref = torch.nn.functional.adaptive_avg_pool2d(x.T.reshape(1, 8, *grid), size)
        assert torch.allclose(pool_tokens(x, grid, target), ref.reshape(8, -1).T, atol=1e-6)


def assert_same(a: MemorySnapshot, b: MemorySnapshot) -> None:
    assert (a.frames_seen, a.latest_t, a.layer_sizes, a.archive_size, a.spilled_size) == (
        b.frames_seen,
        b.latest_t,
        b.layer_sizes,
        b.archive_size,
        b.spilled_size,
    )
    for x, y in zip(a.entries, b.entries, strict=True):
        assert (x.start, x.end, x.frames, x.grid, x.labels, x.store) == (
            y.start,
            y.end,
            y.frames,
            y.grid,
            y.labels,
            y.store,
        )
        assert torch.equal(x.tokens, y.tokens) and torch.equal(x.pooled, y.pooled)
        assert (x.regions is None and y.regions is None) or torch.equal(x.regions, y.regions)
        if x.text_key is None:
            assert y.text_key is None
        else:
            np.testing.assert_array_equal(x.text_key, y.text_key)


def test_snapshot_is_shared_until_the_memory_changes_and_ending_by_filters_by_end():
    mem = PyramidMemory(SMALL)
    for i in range(60):
        mem.add(synthetic_frame(i, dim=32, scene_length=7))
    snap = mem.snapshot()
    assert mem.snapshot() is snap  # questions on an unchanged memory share one view
    for before in (-1.0, 0.0, 0.5, 3.0, 17.2, 30.0, 59.0, 100.0):
        assert snap.ending_by(before) == [e for e in snap.entries if e.end <= before]
    mem.add(synthetic_frame(60, dim=32, scene_length=7))
    newer = mem.snapshot()
    assert newer is not snap and newer.frames_seen == snap.frames_seen + 1
    check_invariants(newer, SMALL)
