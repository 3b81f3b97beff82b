"""Token pruning: the contract, checked on the PyTorch reference (the CPU runtime path).

The Triton kernel is compared against this reference in ``test_prune_triton.py``.
"""

from __future__ import annotations

import math

import pytest
import torch

from streamvu.errors import MissingDependencyError
from streamvu.kernels import PruneResult, PruneWeights, prune_tokens, prune_tokens_ref, score_tokens_ref
from streamvu.kernels import prune_ref as prune_ref_module
from streamvu.kernels.prune import resolve_impl
from streamvu.kernels.prune_ref import resolve_counts

DTYPES = [torch.float32, torch.float16, torch.bfloat16]


def tokens(frames: int = 3, n: int = 20, d: int = 24, *, seed: int = 0, dtype=torch.float32) -> torch.Tensor:
    gen = torch.Generator().manual_seed(seed)
    return torch.randn(frames, n, d, generator=gen).to(dtype)


def check_invariants(result: PruneResult, x: torch.Tensor, lengths: torch.Tensor | None = None) -> None:
    """Everything every result must satisfy, whatever the scores."""
    frames, n, d = x.shape
    lengths = torch.full((frames,), n) if lengths is None else lengths
    total = int(result.counts.sum())
    assert result.tokens.shape == (total, d) and result.tokens.dtype == x.dtype
    assert result.indices.shape == (total,) and result.indices.dtype == torch.int64
    assert result.counts.shape == (frames,) and result.counts.dtype == torch.int64
    assert result.scores.shape == (frames, n) and result.scores.dtype == torch.float32
    assert bool((result.counts <= lengths).all())
    for f, (toks, idx) in enumerate(zip(result.split(), result.split_indices(), strict=True)):
        assert len(idx) == int(result.counts[f])
        assert bool((idx[1:] > idx[:-1]).all()), "positions ascend within a frame"
        assert bool((idx < lengths[f]).all()), "only valid positions are kept"
        assert torch.equal(toks, x[f, idx]), "kept tokens are exact copies, in original order"
        kept_scores = result.scores[f, idx]
        dropped = torch.ones(n, dtype=torch.bool)
        dropped[idx] = False
        dropped[int(lengths[f]) :] = False
        if len(idx) and bool(dropped.any()):
            assert float(kept_scores.min()) >= float(result.scores[f, dropped].max()), "the best are kept"
    assert bool(torch.isinf(result.scores[torch.arange(n) >= lengths[:, None]]).all())


class TestShapesAndDtypes:
    @pytest.mark.parametrize("dtype", DTYPES)
    def test_shapes_dtypes(self, dtype):
        x = tokens(dtype=dtype)
        query = torch.randn(24)
        result = prune_tokens(x, keep=5, query=query)
        check_invariants(result, x)
        assert result.counts.tolist() == [5, 5, 5]
        assert bool(torch.isfinite(result.scores).all())

    def test_half_selection_matches_fp32_selection_on_upcast_input(self):
        x = tokens(dtype=torch.bfloat16)
        low = prune_tokens(x, keep=7)
        high = prune_tokens(x.float(), keep=7)
        assert torch.equal(low.indices, high.indices), "the reference scores in fp32 whatever the input"
        torch.testing.assert_close(low.scores, high.scores)

    def test_same_dtype_scores_close_to_upcast(self):
        x = tokens(dtype=torch.float16)
        query = torch.randn(24)
        up = score_tokens_ref(x, query=query)
        same = score_tokens_ref(x, query=query, upcast=False)
        assert same.dtype == torch.float32
        finite = torch.isfinite(up)
        assert float((up[finite] - same[finite]).abs().max()) < 0.05

    def test_single_frame_and_empty(self):
        x = tokens(frames=1)
        result = prune_tokens(x, keep=4)
        check_invariants(result, x)
        assert result.scores[0].max() <= 2.0 + 1e-6  # spatial <= 1, novelty == 1 on the first frame
        empty = prune_tokens(torch.zeros(0, 5, 8), keep=2)
        assert empty.tokens.shape == (0, 8) and empty.counts.shape == (0,) and empty.scores.shape == (0, 5)
        no_tokens = prune_tokens(torch.zeros(2, 0, 8), keep=2)
        assert no_tokens.tokens.shape == (0, 8) and no_tokens.counts.tolist() == [0, 0]

    def test_d_not_power_of_two_and_one(self):
        for d in (1, 3, 48, 97):
            x = tokens(d=d)
            check_invariants(prune_tokens(x, keep_ratio=0.5), x)


class TestCounts:
    def test_keep_zero(self):
        x = tokens()
        result = prune_tokens(x, keep=0)
        assert result.tokens.shape == (0, 24) and result.indices.numel() == 0
        assert result.counts.tolist() == [0, 0, 0]
        assert result.split() == [] or all(t.numel() == 0 for t in result.split())

    @pytest.mark.parametrize("keep", [20, 21, 1000])
    def test_keep_all(self, keep):
        x = tokens()
        result = prune_tokens(x, keep=keep)
        assert result.counts.tolist() == [20, 20, 20]
        assert torch.equal(result.tokens, x.reshape(-1, 24))
        assert torch.equal(result.indices, torch.arange(20).repeat(3))

    @pytest.mark.parametrize(
        ("ratio", "length", "expected"),
        [(0.25, 196, 49), (0.3, 10, 3), (0.7, 10, 7), (0.01, 10, 1), (0.0, 10, 0), (1.0, 10, 10),
         (0.5, 7, 4), (0.5, 0, 0), (1 / 3, 9, 3)],
    )  # fmt: skip
    def test_keep_ratio_rounds_up(self, ratio, length, expected):
        assert resolve_counts(torch.tensor([length]), None, ratio).tolist() == [expected]

    def test_keep_ratio_per_frame(self):
        x = tokens(frames=3, n=20)
        result = prune_tokens(x, keep_ratio=0.25, lengths=torch.tensor([20, 10, 3]))
        assert result.counts.tolist() == [5, 3, 1]


class TestRagged:
    def test_ragged_lengths(self):
        x = tokens(frames=4, n=16)
        lengths = torch.tensor([16, 5, 0, 9])
        result = prune_tokens(x, keep=6, lengths=lengths, query=torch.randn(24))
        check_invariants(result, x, lengths)
        assert result.counts.tolist() == [6, 5, 0, 6]

    def test_padding_content_is_ignored(self):
        x = tokens(frames=3, n=16)
        lengths = torch.tensor([16, 7, 11])
        garbage = x.clone()
        for f, length in enumerate(lengths.tolist()):
            garbage[f, length:] = float("nan") if f % 2 else 1e4
        query = torch.randn(24)
        clean = prune_tokens(x, keep=4, lengths=lengths, query=query)
        dirty = prune_tokens(garbage, keep=4, lengths=lengths, query=query)
        assert torch.equal(clean.indices, dirty.indices)
        assert torch.equal(clean.tokens, dirty.tokens)
        assert torch.equal(clean.scores, dirty.scores)

    def test_lengths_as_list(self):
        x = tokens(frames=2, n=8)
        result = prune_tokens(x, keep=3, lengths=[8, 2])
        assert result.counts.tolist() == [3, 2]


class TestScores:
    def test_query_keeps_tokens_equal_to_query(self):
        x = tokens(frames=2, n=32, seed=1)
        query = torch.randn(24)
        targets = [3, 17, 30]
        x[:, targets] = query
        result = prune_tokens(
            x, keep=3, query=query, weights=PruneWeights(spatial=0.0, temporal=0.0, query=1.0)
        )
        assert result.indices.tolist() == targets * 2
        torch.testing.assert_close(result.scores[0, targets], torch.ones(3))
        # with all three terms the matches still win here (their relevance is 1, others ~0)
        mixed = prune_tokens(
            x, keep=3, query=query, weights=PruneWeights(spatial=0.1, temporal=0.1, query=1.0)
        )
        assert mixed.indices.tolist() == targets * 2

    def test_query_changes_the_selection(self):
        x = tokens(frames=2, n=32, seed=2)
        without = prune_tokens(x, keep=4)
        query = x[0, without.indices[0]].neg().clone()  # far from a kept token: demote it
        with_query = prune_tokens(x, keep=4, query=query, weights=PruneWeights(1.0, 1.0, 5.0))
        assert int(without.indices[0]) not in with_query.split_indices()[0].tolist()

    def test_no_query_means_no_query_term(self):
        x = tokens()
        a = prune_tokens(x, keep=5, weights=PruneWeights(1.0, 1.0, 0.0))
        b = prune_tokens(x, keep=5, weights=PruneWeights(1.0, 1.0, 7.0))
        assert torch.equal(a.scores, b.scores)

    def test_temporal_novelty(self):
        x = tokens(frames=2, n=10, seed=3)
        x[1] = x[0]
        x[1, 4] = torch.randn(24)  # the only token that changed
        w = PruneWeights(spatial=0.0, temporal=1.0, query=0.0)
        scores = score_tokens_ref(x, weights=w)
        torch.testing.assert_close(scores[0], torch.ones(10))  # first frame: everything is novel
        unchanged = torch.cat([scores[1, :4], scores[1, 5:]])
        torch.testing.assert_close(unchanged, torch.zeros(9), atol=1e-5, rtol=0)
        assert float(scores[1, 4]) > float(unchanged.max()) + 0.5
        assert prune_tokens(x, keep=1, weights=w).indices.tolist() == [0, 4]

    def test_temporal_novelty_where_previous_frame_is_shorter(self):
        x = tokens(frames=2, n=8)
        x[1] = x[0]
        scores = score_tokens_ref(x, lengths=torch.tensor([5, 8]), weights=PruneWeights(0.0, 1.0, 0.0))
        torch.testing.assert_close(scores[1, 5:], torch.ones(3))
        torch.testing.assert_close(scores[1, :5], torch.zeros(5), atol=1e-5, rtol=0)

    def test_spatial_outlier_is_kept(self):
        x = torch.ones(1, 12, 8) + 0.01 * tokens(frames=1, n=12, d=8)
        x[0, 9] += 5.0
        scores = score_tokens_ref(x, weights=PruneWeights(spatial=1.0, temporal=0.0, query=0.0))
        assert int(scores[0].argmax()) == 9
        assert math.isclose(float(scores[0, 9]), 1.0, rel_tol=1e-6)  # normalised by the frame's max
        assert bool((scores >= 0).all() & (scores <= 1 + 1e-6).all())

    def test_ties_go_to_the_lower_index(self):
        x = torch.ones(2, 10, 8)
        assert prune_tokens(x, keep=4).indices.tolist() == [0, 1, 2, 3] * 2
        x[:, 7] = 2.0  # a strict winner, then ties
        assert prune_tokens(x, keep=3, weights=PruneWeights(1.0, 0.0, 0.0)).indices.tolist() == [0, 1, 7] * 2

    def test_zero_tokens_do_not_make_nan(self):
        x = torch.zeros(2, 6, 4)
        result = prune_tokens(x, keep=2, query=torch.zeros(4))
        assert bool(torch.isfinite(result.scores).all())

    def test_deterministic(self):
        x = tokens(frames=4, n=50, seed=4, dtype=torch.bfloat16)
        query = torch.randn(24)
        a = prune_tokens(x, keep_ratio=0.3, query=query)
        b = prune_tokens(x, keep_ratio=0.3, query=query)
        assert torch.equal(a.scores, b.scores) and torch.equal(a.indices, b.indices)
        assert torch.equal(a.tokens, b.tokens)

    def test_blocked_reference_equals_one_block(self, monkeypatch):
        x = tokens(frames=7, n=9, d=5, seed=5)
        lengths = torch.tensor([9, 3, 9, 0, 9, 6, 2])
        query = torch.randn(5)
        whole = score_tokens_ref(x, lengths=lengths, query=query)
        for frames_per_block in (1, 2, 3):
            monkeypatch.setattr(prune_ref_module, "CHUNK_BYTES", frames_per_block * 9 * 5 * 4)
            torch.testing.assert_close(score_tokens_ref(x, lengths=lengths, query=query), whole)

    def test_prune_ref_is_the_torch_impl(self):
        x = tokens(dtype=torch.float16)
        a = prune_tokens(x, keep=5, impl="torch")
        b = prune_tokens_ref(x, keep=5)
        assert torch.equal(a.indices, b.indices) and torch.equal(a.scores, b.scores)


class TestDispatch:
    def test_auto_is_torch_on_cpu(self):
        assert resolve_impl("auto", torch.zeros(1, 1, 1)) == "torch"
        assert resolve_impl("torch", torch.zeros(1, 1, 1)) == "torch"

    def test_triton_on_cpu_without_interpreter(self, monkeypatch):
        monkeypatch.delenv("TRITON_INTERPRET", raising=False)
        with pytest.raises((ValueError, MissingDependencyError), match="TRITON_INTERPRET|pip install"):
            prune_tokens(tokens(), keep=2, impl="triton")

    def test_triton_without_triton(self, monkeypatch):
        from streamvu import _deps

        def missing(module, purpose=""):
            raise MissingDependencyError(f"'{module}' is needed: {_deps.install_hint(module)}")

        monkeypatch.setattr(_deps, "HAS_TRITON", False)
        monkeypatch.setattr(_deps, "require", missing)
        with pytest.raises(MissingDependencyError, match=r"streamvu\[gpu\]"):
            prune_tokens(tokens(), keep=2, impl="triton")
        assert resolve_impl("auto", torch.zeros(1, 1, 1)) == "torch"


class TestErrors:
    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({}, "exactly one"),
            ({"keep": 2, "keep_ratio": 0.5}, "exactly one"),
            ({"keep": -1}, ">= 0"),
            ({"keep": 2.5}, "int"),
            ({"keep": True}, "int"),
            ({"keep_ratio": 1.5}, r"\[0, 1\]"),
            ({"keep_ratio": -0.1}, r"\[0, 1\]"),
            ({"keep_ratio": float("nan")}, r"\[0, 1\]"),
            ({"keep": 2, "impl": "cuda"}, "impl"),
            ({"keep": 2, "lengths": torch.tensor([1, 2])}, "lengths"),
            ({"keep": 2, "lengths": torch.tensor([1, 2, 21])}, "lengths"),
            ({"keep": 2, "lengths": torch.tensor([1, -1, 2])}, "lengths"),
            ({"keep": 2, "lengths": torch.tensor([1.0, 2.0, 3.0])}, "integer"),
            ({"keep": 2, "query": torch.zeros(5)}, "query"),
            ({"keep": 2, "query": torch.zeros(24, dtype=torch.int64)}, "query"),
            ({"keep": 2, "weights": (1, 1, 1)}, "PruneWeights"),
        ],
    )
    def test_bad_arguments(self, kwargs, match):
        with pytest.raises(ValueError, match=match):
            prune_tokens(tokens(), **kwargs)

    @pytest.mark.parametrize(
        "x",
        [
            torch.zeros(4, 8),
            torch.zeros(1, 2, 3, 4),
            torch.zeros(2, 3, 4, dtype=torch.int32),
            torch.zeros(2, 3, 0),
        ],
    )
    def test_bad_tokens(self, x):
        with pytest.raises(ValueError, match="x "):
            prune_tokens(x, keep=1)

    @pytest.mark.parametrize(
        "weights",
        [(-1.0, 1.0, 1.0), (0.0, 0.0, 0.0), (float("inf"), 1.0, 1.0), (float("nan"), 1, 1), ("1", 1, 1)],
    )
    def test_bad_weights(self, weights):
        with pytest.raises(ValueError, match="PruneWeights"):
            PruneWeights(*weights)

    def test_weights_are_floats(self):
        assert PruneWeights(1, 0, 2) == PruneWeights(1.0, 0.0, 2.0)
        assert isinstance(PruneWeights(1, 0, 2).spatial, float)


class TestStagingAndPositions:
    """What the query handler uses around the kernel: one staged batch in, one index copy out."""

    def test_stack_tokens_pads_ragged_entries(self):
        from streamvu.kernels import stack_tokens

        parts = [torch.randn(49, 8), torch.randn(4, 8), torch.randn(30, 8)]
        x, lengths = stack_tokens(parts, "cpu")
        assert x.shape == (3, 49, 8) and lengths.tolist() == [49, 4, 30] and lengths.device.type == "cpu"
        for i, p in enumerate(parts):
            assert torch.equal(x[i, : len(p)], p) and not bool(x[i, len(p) :].any())
        with pytest.raises(ValueError, match="one D"):
            stack_tokens([torch.randn(3, 8), torch.randn(3, 9)], "cpu")
        with pytest.raises(ValueError, match="at least one"):
            stack_tokens([], "cpu")

    def test_stacked_entries_prune_like_each_frame_alone(self):
        from streamvu.kernels import stack_tokens

        parts = [torch.randn(n, 16, generator=torch.Generator().manual_seed(n)) for n in (49, 4, 30)]
        x, lengths = stack_tokens(parts, "cpu")
        result = prune_tokens(x, keep_ratio=0.5, lengths=lengths, weights=PruneWeights(1.0, 0.0, 0.0))
        for f, p in enumerate(parts):
            alone = prune_tokens(p[None], keep_ratio=0.5, weights=PruneWeights(1.0, 0.0, 0.0))
            assert torch.equal(result.split_indices()[f], alone.indices)

    def test_indices_come_to_the_host_in_one_copy_and_place_tokens_on_their_cells(self, monkeypatch):
        from dataclasses import replace

        from streamvu.answerers.positions import indices_on_host, token_cells
        from streamvu.messages import MemoryEntry

        def entry(i: int) -> MemoryEntry:
            t = torch.randn(16, 4)
            return MemoryEntry(float(i), float(i + 1), t, t.mean(0), (4, 4), (), None)

        entries = [entry(i) for i in range(5)]
        flat = torch.tensor([0, 5, 15, 1, 2, 3, 7, 9, 10, 11, 12, 13, 14], dtype=torch.int32)
        sizes = [3, 0, 4, 5, 1]
        indices = list(torch.split(flat, sizes))
        pruned = [replace(e, tokens=e.tokens[i.long()]) for e, i in zip(entries, indices, strict=True)]
        copies = []
        real_to = torch.Tensor.to
        monkeypatch.setattr(
            torch.Tensor, "to", lambda self, *a, **k: copies.append(a) or real_to(self, *a, **k)
        )
        kept = indices_on_host(indices)
        monkeypatch.undo()
        assert len(copies) == 1, "one host copy for all entries"
        for got, i in zip(kept, indices, strict=True):
            assert got.dtype == torch.int64 and got.device.type == "cpu" and got.tolist() == i.tolist()
        assert token_cells(pruned[0], kept[0]).tolist() == [[0, 0], [1, 1], [3, 3]]
        # without indices the kept tokens are spread evenly over the grid (approximate)
        assert token_cells(pruned[0]).tolist() == [[0, 0], [1, 1], [2, 2]]
        assert token_cells(entries[0]).shape == (16, 2)  # all tokens: their own cells, no indices needed
        with pytest.raises(ValueError, match="3 kept-token indices for an entry of 4 tokens"):
            token_cells(pruned[2], kept[0])
        assert indices_on_host([]) == []

    def test_query_handler_records_the_cells_it_kept(self):
        from streamvu.kernels import stack_tokens
        from tests.test_prune_triton import check_handler_matches_cpu, memory_entries, prune_through_handler

        entries = memory_entries()
        (pruned, kept, total, indices), query = prune_through_handler("cpu", entries)
        assert kept < total
        x, lengths = stack_tokens([e.tokens for e in entries], "cpu")
        ref = prune_tokens_ref(x, keep_ratio=0.5, lengths=lengths, query=query)  # frames score together
        for p, got, idx, toks in zip(pruned, indices, ref.split_indices(), ref.split(), strict=True):
            assert torch.equal(got, idx) and torch.equal(p.tokens, toks)
        check_handler_matches_cpu("cpu")
