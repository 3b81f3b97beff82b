"""Snapshots: retrieval equals brute force and respects time windows; recent(); key kinds;
consistency under a concurrent writer."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch

from streamvu.memory import MemoryConfig, MemorySnapshot, PyramidMemory
from streamvu.memory.index import KeyTable, brute_force
from streamvu.messages import TIME_TOLERANCE_S, FrameTokens
from streamvu.testing.synthetic import synthetic_stream
from tests.test_memory import check_invariants

CFG = MemoryConfig(layers=((3, None), (6, 16), (12, 4)), archive_capacity=40, key="both")


@pytest.fixture(scope="module")
def snap() -> MemorySnapshot:
    mem = PyramidMemory(CFG)
    for item in synthetic_stream(1500, scene_length=3, noise=0.5):
        mem.add(item)
    return mem.snapshot()


def reference(snap: MemorySnapshot, query: np.ndarray, kind: str, k: int, before, after, short=True):
    """Brute force in numpy: rank long-term entries by cosine (5 decimals), ties by time."""
    q = np.asarray(query, np.float64) / np.linalg.norm(query)

    def in_window(e):
        return (before is None or e.end <= before + TIME_TOLERANCE_S) and (
            after is None or e.start >= after - TIME_TOLERANCE_S
        )

    scored = []
    for e in snap.long_term:
        if not in_window(e):
            continue
        key = e.text_key if kind == "text" else e.pooled.numpy() / np.linalg.norm(e.pooled.numpy())
        if key is None:
            continue
        scored.append((-round(float(np.dot(key.astype(np.float64), q)), 5), e.start, e))
    picked = [e for _, _, e in sorted(scored, key=lambda s: (s[0], s[1]))[:k]]
    if short:
        picked += [e for e in snap.short_term if in_window(e)]
    return sorted(picked, key=lambda e: e.start)


@pytest.mark.parametrize("kind", ["text", "visual"])
def test_retrieve_equals_brute_force_in_windows(snap, kind):
    rng = np.random.default_rng(1)
    dim = 16 if kind == "text" else 32
    latest = snap.latest_t
    for trial in range(40):
        query = rng.standard_normal(dim).astype(np.float32)
        before = None if trial % 5 == 0 else float(rng.uniform(0, latest + 10))
        after = None if trial % 3 == 0 else float(rng.uniform(0, before if before is not None else latest))
        k = int(rng.integers(0, 12))
        got = snap.retrieve(query, before=before, after=after, k=k)
        want = reference(snap, query, kind, k, before, after)
        assert [(e.start, e.end) for e in got] == [(e.start, e.end) for e in want]
        if before is not None:
            assert all(e.end <= before + TIME_TOLERANCE_S for e in got)  # nothing after `before`
        if after is not None:
            assert all(e.start >= after - TIME_TOLERANCE_S for e in got)
        assert [e.start for e in got] == sorted(e.start for e in got)


def test_retrieve_finds_the_matching_entry_and_can_skip_short_term(snap):
    target = snap.long_term[7]
    got = snap.retrieve(target.text_key, k=1, include_short_term=False)
    assert got == [target]
    got = snap.retrieve(target.pooled.numpy(), k=1, include_short_term=False)
    assert got == [target]
    assert snap.retrieve(target.text_key, k=0, include_short_term=False) == []
    with_short = snap.retrieve(target.text_key, k=1)
    ids = {id(e) for e in with_short}
    assert id(target) in ids and {id(e) for e in snap.short_term} <= ids


def test_keytable_ties_go_to_the_earlier_entry():
    rows = np.eye(8, dtype=np.float32)[[0, 1, 0, 2, 0, 3, 0]]
    table = KeyTable(rows, list(range(7)), list(range(7)))
    query = np.eye(8, dtype=np.float32)[0]
    assert table.search(query, 2, 0, 7) == [0, 2] == brute_force(rows, query, 2, 0, 7)
    assert table.search(query, 3, 1, 7) == [2, 4, 6]
    assert table.search(query, 2, 3, 5) == [3, 4]  # window of 2 rows: both, whatever the score


def test_retrieve_is_deterministic_with_duplicate_keys():
    cfg = MemoryConfig(layers=((2, None), (4, 4)), archive_capacity=20, merge_threshold=1.0)
    mem = PyramidMemory(cfg)
    key = np.eye(8, dtype=np.float32)[0]
    for i in range(20):
        tokens = torch.randn(4, 8, generator=torch.Generator().manual_seed(i))
        text = key if i % 4 == 0 else np.eye(8, dtype=np.float32)[1 + i % 7]
        mem.add(
            FrameTokens(t=float(i), index=i, tokens=tokens, pooled=tokens.mean(0), grid=(2, 2), text_key=text)
        )
    snap = mem.snapshot()
    got = snap.retrieve(key, k=2, include_short_term=False)
    assert [e.end for e in got] == [0.0, 4.0]  # four equal best keys: the two earliest
    assert got == snap.retrieve(key, k=2, include_short_term=False)


def test_key_kinds_choose_keys_by_dimension():
    def build(key, text_dim=16):
        mem = PyramidMemory(MemoryConfig(layers=((2, None), (4, 4)), archive_capacity=4, key=key))
        for item in synthetic_stream(20, text_dim=text_dim):
            mem.add(item)
        return mem.snapshot()

    text, visual = np.ones(16, np.float32), np.ones(32, np.float32)
    s = build("text")
    assert s.key_kind(16) == "text" and s.retrieve(text, k=2)
    with pytest.raises(ValueError, match="dims"):
        s.retrieve(visual)
    s = build("visual")
    assert s.key_kind(32) == "visual" and s.retrieve(visual, k=2)
    with pytest.raises(ValueError):
        s.retrieve(text)
    s = build("both")
    assert s.key_kind(16) == "text" and s.key_kind(32) == "visual"
    with pytest.raises(ValueError):
        s.retrieve(np.ones(7, np.float32))
    s = build("text", text_dim=None)  # an encoder without labels: falls back to visual
    assert s.key_kind(32) == "visual" and len(s.retrieve(visual, k=3, include_short_term=False)) == 3
    with pytest.raises(ValueError):
        s.retrieve(text)
    with pytest.raises(ValueError):
        s.retrieve(np.zeros(32, np.float32))
    assert PyramidMemory().snapshot().retrieve(text) == []


def test_recent_returns_short_term_before_time(snap):
    short = snap.short_term
    assert snap.recent(snap.latest_t) == list(short)
    assert snap.recent(snap.latest_t, n=2) == list(short[-2:])
    assert snap.recent(snap.latest_t, n=0) == []
    cut = short[3].end
    got = snap.recent(cut - 2 * TIME_TOLERANCE_S)
    assert got == list(short[:3]) and all(e.end <= cut for e in got)
    assert snap.recent(cut + 1e-9) == list(short[:4])  # float tolerance
    assert snap.recent(-5.0) == []


def test_snapshots_are_consistent_under_a_concurrent_writer():
    cfg = MemoryConfig(
        layers=((2, None), (4, 16), (8, 4)), archive_capacity=16, merge_threshold=0.9, key="both"
    )
    mem = PyramidMemory(cfg)
    frames = list(synthetic_stream(2500, scene_length=4, noise=0.3))
    done = threading.Event()
    errors: list[BaseException] = []
    seen: list[int] = []

    def writer():
        try:
            for item in frames:
                mem.add(item)
        finally:
            done.set()

    def reader(seed):
        rng = np.random.default_rng(seed)
        mine = 0  # each reader takes at least 5 snapshots, however the threads are scheduled
        try:
            while not done.is_set() or mine < 5:
                mine += 1
                s = mem.snapshot()
                check_invariants(s, cfg)  # frames sum == frames_seen, gapless, ordered, bounded
                if s.latest_t is not None:
                    before = float(rng.uniform(0, s.latest_t))
                    got = s.retrieve(rng.standard_normal(16), before=before, k=4)
                    assert all(e.end <= before + TIME_TOLERANCE_S for e in got)
                    q = rng.standard_normal(32)
                    assert s.retrieve(q, k=3) == s.retrieve(q, k=3)
                seen.append(s.frames_seen)
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)
            done.set()

    threads = [threading.Thread(target=writer)] + [
        threading.Thread(target=reader, args=(i,)) for i in range(2)
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert not errors, errors[0]
    assert mem.frames_seen == 2500
    assert len(seen) >= 10 and len(set(seen)) > 2  # readers really ran during ingest
