"""The pyramid memory's policy, stated as one pure function (``relief``), and the memory following it."""

from __future__ import annotations

import pytest

from streamvu.memory import MemoryConfig, PyramidMemory
from streamvu.memory.pyramid import relief
from streamvu.testing.synthetic import synthetic_stream

CFG = MemoryConfig(layers=((2, None), (4, 16), (8, 4)), merge_threshold=0.9, archive_capacity=8)


@pytest.mark.parametrize(
    "layer, sims, config, spills, expected",
    [
        (0, [0.2, 0.95, 0.5], CFG, False, ("merge", 1)),  # a redundant pair: merged in place
        (0, [0.2, 0.9, 0.9], CFG, False, ("merge", 1)),  # at the threshold; the first pair on ties
        (1, [0.2, 0.3, 0.1], CFG, False, ("promote", 0)),  # nothing redundant: the oldest moves up
        (2, [0.2, 0.3], CFG, False, ("promote", 0)),  # the top layer promotes into the archive...
        (
            2,
            [0.2, 0.3],
            MemoryConfig(layers=CFG.layers, archive_capacity=0),
            False,
            ("merge", 1),
        ),  # ...or merges
        (None, [0.1, 0.4, 0.3], CFG, False, ("merge", 1)),  # the archive merges its most similar pair
        (None, [0.1, 0.99, 0.3], CFG, True, ("spill", 0)),  # or spills its oldest to disk
    ],
)
def test_relief_states_the_whole_policy(layer, sims, config, spills, expected):
    assert relief(layer, sims, config, spills) == expected


def test_relief_is_pure():
    sims = [0.3, 0.1]
    assert relief(0, sims, CFG, False) == relief(0, sims, CFG, False) and sims == [0.3, 0.1]


def counts(memory: PyramidMemory) -> tuple[tuple[int, ...], int]:
    snap = memory.snapshot()
    return snap.layer_sizes, snap.archive_size


@pytest.mark.parametrize("threshold", [-1.0, 1.0])
def test_the_memory_does_what_relief_says(threshold):
    """Always merging keeps everything in layer 0; never merging fills each layer, then the archive."""
    memory = PyramidMemory(MemoryConfig(layers=CFG.layers, merge_threshold=threshold, archive_capacity=8))
    for item in synthetic_stream(40, dim=32):
        memory.add(item)
    snap = memory.snapshot()
    assert sum(e.frames for e in snap.entries) == snap.frames_seen == 40  # nothing dropped
    if threshold < 0:
        assert counts(memory) == ((2, 0, 0), 0)
    else:  # 2 + 4 + 8 + 8 entries; the archive, full, merges its most similar pairs
        assert counts(memory) == ((2, 4, 8), 8)
        assert [int(e.tokens.shape[0]) for e in snap.entries[-2:]] == [49, 49]  # layer 0: full grids
