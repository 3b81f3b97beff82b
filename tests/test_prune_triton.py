"""The fused Triton pruning kernel against the PyTorch reference.

* ``TestInterpreter`` runs the kernel on CPU tensors with ``TRITON_INTERPRET=1``. The
  interpreter mode is fixed when triton is first imported (its own ``tl.*`` helpers are
  decorated then), and another test module may already have imported triton without it, so
  the kernel runs in one fresh subprocess (this file with ``--worker``) over the whole grid;
  the comparisons happen here. The grid covers both launch plans: fused (one program per
  frame) and split (each frame's columns across programs, then a merge; forced with
  ``config={"SPLIT": k}``, as the GPU chooses it for few frames).
* ``TestGPU`` (marker ``gpu``) runs the compiled kernels on CUDA and skips without a GPU.

Rule (flash-attention's): indices identical, kept tokens bit-exact, and
``max|kernel - ref_fp32| <= 2 * max|ref_same_dtype - ref_fp32| + atol`` for the scores.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import torch

from streamvu import _deps
from streamvu.kernels import PruneResult, PruneWeights, prune_tokens, prune_tokens_ref, score_tokens_ref

REPO = Path(__file__).resolve().parents[1]
ATOL = 1e-5
DTYPES = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}

needs_triton = pytest.mark.skipif(
    not _deps.HAS_TRITON, reason=f"triton is not installed: {_deps.install_hint('triton')}"
)


@dataclass(frozen=True)
class Case:
    """One kernel run: inputs are made from the seed, identically in the worker and here."""

    frames: int
    n: int
    d: int
    dtype: str
    lengths: tuple[int, ...] | None = None
    keep: int | None = None
    keep_ratio: float = 0.3  # used when keep is None
    query: bool = True
    weights: tuple[float, float, float] = (1.0, 1.0, 1.0)
    config: dict = field(default_factory=dict, hash=False, compare=False)
    ties: bool = False
    strided: bool = False  # x is a view with row stride != D
    seed: int = 0

    @property
    def id(self) -> str:
        parts = [f"F{self.frames}N{self.n}D{self.d}", self.dtype]
        parts += ["ragged"] if self.lengths else []
        parts += [f"k{self.keep}"] if self.keep is not None else [f"r{self.keep_ratio}"]
        parts += [] if self.query else ["noq"]
        parts += [] if self.weights == (1.0, 1.0, 1.0) else ["w" + "-".join(f"{w:g}" for w in self.weights)]
        parts += [f"{k}{v}" for k, v in sorted(self.config.items())]
        parts += ["ties"] * self.ties + ["strided"] * self.strided
        return "_".join(parts)

    def inputs(self) -> tuple[torch.Tensor, torch.Tensor | None, torch.Tensor | None]:
        gen = torch.Generator().manual_seed(self.seed)
        if self.ties:
            palette = torch.randn(3, self.d, generator=gen)  # few distinct tokens: many equal scores
            x = palette[torch.randint(0, 3, (self.frames, self.n), generator=gen)]
        elif self.strided:
            x = torch.randn(self.frames, 2 * self.n, self.d, generator=gen)[:, ::2]
        else:
            x = torch.randn(self.frames, self.n, self.d, generator=gen)
        x = x.to(DTYPES[self.dtype])
        query = torch.randn(self.d, generator=gen) if self.query else None
        lengths = torch.tensor(self.lengths) if self.lengths else None
        return x, lengths, query

    def kwargs(self) -> dict:
        x, lengths, query = self.inputs()
        keep_ratio = None if self.keep is not None else self.keep_ratio
        return dict(keep=self.keep, keep_ratio=keep_ratio, lengths=lengths, query=query,
                    weights=PruneWeights(*self.weights))  # fmt: skip


TALL = {"TALL": 1, "BLOCK_N": 16, "BLOCK_D": 16, "BLOCK_J": 16}
"""The tall plan with blocks small enough that test frames span several row, column and rank blocks."""


def _grid() -> list[Case]:
    cases = []
    seed = 0
    for d in (16, 48, 96):
        for dtype in DTYPES:
            for lengths, frames, n in ((None, 3, 37), ((64, 20, 0, 45), 4, 64)):
                for query in (True, False):
                    seed += 1
                    cases.append(Case(frames, n, d, dtype, lengths=lengths, query=query, seed=seed))
    cases += [
        Case(1, 50, 48, "fp32", keep=7, seed=100),  # F = 1
        Case(1, 5, 16, "bf16", keep=3, query=False, seed=101),  # N < 16
        Case(3, 37, 48, "fp16", keep=0, seed=102),
        Case(3, 37, 48, "fp32", keep=37, seed=103),
        Case(3, 37, 48, "bf16", keep=1000, lengths=(37, 0, 12), seed=104),
        Case(2, 40, 16, "fp32", keep=9, ties=True, query=False, seed=105),
        Case(3, 33, 48, "fp32", weights=(1.0, 0.0, 0.0), seed=106),
        Case(3, 33, 48, "fp32", weights=(0.0, 1.0, 0.0), seed=107),
        Case(3, 33, 48, "fp16", weights=(0.0, 0.0, 1.0), seed=108),
        Case(3, 33, 48, "fp32", weights=(0.5, 2.0, 0.0), query=False, seed=109),
        Case(3, 37, 48, "fp32", strided=True, seed=110),
        # the GPU's block sizes: several D tiles (the last partial) and several rank chunks
        Case(4, 64, 96, "bf16", lengths=(64, 20, 0, 45), config={"BLOCK_D": 32, "BLOCK_J": 16}, seed=111),
        Case(3, 37, 48, "fp16", config={"BLOCK_D": 16, "BLOCK_J": 8}, seed=112),
        # the split plan: columns cut into chunks of whole BLOCK_D tiles, partial sums merged
        Case(4, 64, 96, "bf16", lengths=(64, 20, 0, 45), config={"BLOCK_D": 16, "SPLIT": 3}, seed=120),
        Case(4, 64, 96, "fp16", lengths=(64, 20, 0, 45), config={"BLOCK_D": 16, "SPLIT": 6}, seed=121),
        Case(3, 37, 48, "fp32", config={"BLOCK_D": 16, "SPLIT": 2}, seed=122),  # last chunk shorter
        Case(3, 37, 40, "bf16", query=False, config={"BLOCK_D": 16, "SPLIT": 3}, seed=123),  # partial tile
        Case(1, 50, 48, "fp16", keep=7, config={"BLOCK_D": 16, "SPLIT": 3}, seed=124),  # F = 1
        Case(3, 33, 48, "fp32", weights=(1.0, 0.0, 0.0), config={"BLOCK_D": 16, "SPLIT": 3}, seed=125),
        Case(3, 33, 48, "fp32", weights=(0.0, 1.0, 0.0), config={"BLOCK_D": 16, "SPLIT": 3}, seed=126),
        Case(3, 33, 48, "bf16", weights=(0.0, 0.0, 1.0), config={"BLOCK_D": 16, "SPLIT": 2}, seed=127),
        Case(2, 40, 48, "fp32", keep=9, ties=True, query=False, config={"BLOCK_D": 16, "SPLIT": 3}, seed=128),
        Case(3, 37, 48, "fp32", strided=True, config={"BLOCK_D": 16, "SPLIT": 3}, seed=129),
        Case(3, 37, 48, "bf16", keep=1000, lengths=(37, 0, 12), config={"BLOCK_D": 16, "SPLIT": 3}, seed=130),
        Case(3, 37, 48, "fp16", config={"BLOCK_D": 16, "BLOCK_J": 8, "SPLIT": 3}, seed=131),
        # the tall plan (frames of more than 1,024 tokens on the GPU): row blocks, forced on small frames
        Case(4, 64, 96, "bf16", lengths=(64, 20, 0, 45), config={**TALL, "BLOCK_D": 32}, seed=140),
        Case(3, 37, 40, "fp16", query=False, config={**TALL, "BLOCK_J": 8}, seed=141),  # partial blocks
        Case(1, 50, 48, "fp32", keep=7, config=TALL, seed=142),  # F = 1
        Case(3, 33, 48, "fp32", weights=(1.0, 0.0, 0.0), config=TALL, seed=143),
        Case(3, 33, 48, "bf16", weights=(0.0, 1.0, 0.0), config=TALL, seed=144),
        Case(3, 33, 48, "fp32", weights=(0.0, 0.0, 1.0), config=TALL, seed=145),
        Case(2, 40, 16, "fp32", keep=9, ties=True, query=False, config=TALL, seed=146),
        Case(3, 37, 48, "fp32", strided=True, config=TALL, seed=147),
        Case(3, 37, 48, "bf16", keep=1000, lengths=(37, 0, 12), config=TALL, seed=148),
        # the interpreter's own tall blocks (1,024 rows) past 1,024 tokens, ragged
        Case(2, 1100, 16, "bf16", lengths=(1100, 700), seed=150),
    ]
    return cases


CASES = _grid()


def run_kernel(case: Case) -> PruneResult:
    """Run the kernel for ``case`` in this process (the worker; or the GPU tests with ``device``)."""
    from streamvu.kernels.prune_spec import check_inputs, resolve_counts, triton_interpret
    from streamvu.kernels.prune_triton import prune_tokens_triton

    x, lengths, query = case.inputs()
    kw = case.kwargs()
    lengths, query = check_inputs(x, lengths, query)
    counts = resolve_counts(lengths, kw["keep"], kw["keep_ratio"])
    return prune_tokens_triton(x, counts, lengths, query, kw["weights"], interpret=triton_interpret(),
                               config=case.config or None)  # fmt: skip


def _worker(out_path: str) -> None:
    results = {}
    for case in CASES:
        r = run_kernel(case)
        results[case.id] = (r.tokens, r.indices, r.counts, r.scores)
    # the public entry dispatches to the interpreter too
    x = torch.randn(2, 10, 16)
    r = prune_tokens(x, keep=3, impl="triton")
    results["public"] = (x, r.tokens, r.indices, r.counts, r.scores)
    # the guards, in interpreter mode
    from streamvu.kernels import prune_triton

    for key, call in (
        ("mismatch", lambda: prune_triton.check_mode(interpret=False)),
        ("too_many_tokens", lambda: prune_triton.launch_config(16385, 8, interpret=False)),
    ):
        try:
            call()
            results[key] = "no error"
        except (RuntimeError, ValueError) as exc:
            results[key] = str(exc)
    torch.save(results, out_path)


def check_against_reference(case: Case, got: PruneResult) -> None:
    x, _, _ = case.inputs()
    kw = case.kwargs()
    ref = prune_tokens_ref(x, **kw)
    assert torch.equal(got.counts.cpu(), ref.counts)
    assert torch.equal(got.indices.cpu(), ref.indices), "kernel and reference keep different tokens"
    assert got.tokens.dtype == x.dtype
    assert torch.equal(got.tokens.cpu(), ref.tokens), "kept tokens must be exact copies"
    scores = got.scores.cpu()
    assert torch.equal(torch.isinf(scores), torch.isinf(ref.scores))
    finite = torch.isfinite(ref.scores)
    same_dtype = score_tokens_ref(
        x, lengths=kw["lengths"], query=kw["query"], weights=kw["weights"], upcast=False
    )
    kernel_err = float((scores[finite] - ref.scores[finite]).abs().max()) if finite.any() else 0.0
    torch_err = float((same_dtype[finite] - ref.scores[finite]).abs().max()) if finite.any() else 0.0
    assert kernel_err <= 2 * torch_err + ATOL, (
        f"kernel error {kernel_err:.3g} vs torch {case.dtype} {torch_err:.3g}"
    )


@pytest.fixture(scope="module")
def interpreted(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("prune_interp") / "results.pt"
    env = {
        **os.environ,
        "TRITON_INTERPRET": "1",
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "tests.test_prune_triton", "--worker", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, f"interpreter worker failed:\n{proc.stdout}\n{proc.stderr}"
    return torch.load(out)


@needs_triton
class TestInterpreter:
    @pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
    def test_kernel_matches_reference(self, interpreted, case):
        tokens, indices, counts, scores = interpreted[case.id]
        check_against_reference(case, PruneResult(tokens, indices, counts, scores))

    def test_public_entry_runs_the_kernel(self, interpreted):
        x, tokens, indices, counts, scores = interpreted["public"]
        ref = prune_tokens_ref(x, keep=3)
        assert torch.equal(indices, ref.indices) and torch.equal(tokens, ref.tokens)
        assert torch.equal(counts, ref.counts)

    def test_mode_mismatch_is_explained(self, interpreted):
        """Compiled mode asked for after triton was imported in interpreter mode fails clearly."""
        assert "before the first `import triton`" in interpreted["mismatch"]

    def test_too_many_tokens_is_a_clear_error(self, interpreted):
        assert "at most" in interpreted["too_many_tokens"]


class TestLaunchPlan:
    """Which plan the GPU gets: split only when one program per frame leaves SMs idle."""

    def test_few_frames_are_split_and_many_are_not(self):
        from streamvu.kernels.prune_triton import launch_config

        few = launch_config(729, 3584, False, num_frames=8, element_bytes=2, sm_count=132)
        many = launch_config(729, 3584, False, num_frames=1024, element_bytes=2, sm_count=132)
        assert few["SPLIT"] > 1 and many["SPLIT"] == 1
        assert few["SPLIT"] <= -(-3584 // few["BLOCK_D"])  # at most one chunk per tile

    def test_partials_stay_a_small_fraction_of_the_bytes(self):
        from streamvu.kernels.prune_triton import MAX_PARTIAL_OVERHEAD, STATS, plan_splits

        for dim, elt in ((1024, 2), (1280, 2), (3584, 2), (3584, 4), (64, 2)):
            split = plan_splits(1, dim, 16, elt, sm_count=132)
            assert split == 1 or STATS * 4 * split <= MAX_PARTIAL_OVERHEAD * dim * elt

    def test_interpreter_and_cpu_use_the_fused_plan(self):
        from streamvu.kernels.prune_triton import launch_config

        assert launch_config(37, 48, True, num_frames=1, sm_count=132)["SPLIT"] == 1
        assert launch_config(37, 48, False, num_frames=1, sm_count=0)["SPLIT"] == 1

    @pytest.mark.parametrize("elt", [2, 4])
    def test_configs_stay_in_registers_up_to_the_largest_frame(self, elt):
        """Every N up to TRITON_MAX_TOKENS: at most 16 tile values per thread, and past 1,024 tokens the
        tall plan with whole 64-column rows and 64-wide rank chunks (never BLOCK_D 4 / BLOCK_J 1)."""
        from streamvu.kernels.prune_spec import TRITON_MAX_TOKENS
        from streamvu.kernels.prune_triton import TILE_PER_THREAD, WHOLE_FRAME_MAX_ROWS, launch_config

        n = 16
        while n <= TRITON_MAX_TOKENS:
            for tokens in (n - 1, n) if n > 16 else (n,):
                cfg = launch_config(tokens, 3584, False, num_frames=64, element_bytes=elt, sm_count=132)
                threads = 32 * cfg["num_warps"]
                assert cfg["BLOCK_N"] * cfg["BLOCK_D"] <= TILE_PER_THREAD * threads, (tokens, cfg)
                assert cfg["BLOCK_N"] * cfg["BLOCK_J"] <= TILE_PER_THREAD * threads, (tokens, cfg)
                if tokens > WHOLE_FRAME_MAX_ROWS:
                    assert cfg["TALL"] == 1 and cfg["SPLIT"] == 1, (tokens, cfg)
                    assert cfg["BLOCK_D"] >= 64 and cfg["BLOCK_J"] >= 64, (tokens, cfg)
                    assert -(-tokens // cfg["BLOCK_J"]) <= TRITON_MAX_TOKENS // 64
                else:
                    assert cfg["TALL"] == 0 and cfg["BLOCK_N"] >= tokens, (tokens, cfg)
            n *= 2


@needs_triton
@pytest.mark.skipif(
    os.environ.get("TRITON_INTERPRET", "0") not in ("", "0"), reason="kernels are interpreted here"
)
class TestCompiles:
    """The compiled path without a GPU: Triton's ahead-of-time compiler lowers every kernel to an
    sm_90 binary (type errors, unsupported ops and register-level problems surface here, not on
    the first GPU run). Small blocks keep it to seconds; the GPU suite compiles the real ones."""

    def test_kernels_compile_for_sm90(self):
        dtype = "bf16"
        from streamvu.kernels import prune_triton as pt

        flags = {"HAS_SPATIAL": True, "HAS_TEMPORAL": True, "HAS_QUERY": True}
        for kernel, consts in ((pt._prune_kernel, {"BLOCK_N": 64, "BLOCK_D": 32, "BLOCK_J": 16, **flags}),
                               (pt._partials_kernel, {"BLOCK_N": 64, "BLOCK_D": 32, **flags}),
                               (pt._merge_select_kernel, {"BLOCK_N": 64, "BLOCK_J": 16, **flags}),
                               (pt._tall_kernel, {"BLOCK_N": 16, "BLOCK_D": 16, "BLOCK_J": 16, **flags})):  # fmt: skip
            compiled = _compile_sm90(kernel, consts, dtype, num_warps=4)
            assert compiled.asm.get("cubin"), f"{kernel.__name__}: no sm_90 binary"

    def test_tall_plan_does_not_spill_at_16384_tokens(self):
        """The launch config of the largest frame, compiled for sm_90: ptxas reports no spills (the whole-
        frame tile it replaced spilled 13 KB per thread there)."""
        import re

        from streamvu.kernels import prune_triton as pt

        cfg = pt.launch_config(16384, 3584, False, num_frames=64, element_bytes=2, sm_count=132)
        consts = {k: cfg[k] for k in ("BLOCK_N", "BLOCK_D", "BLOCK_J")}
        consts.update(HAS_SPATIAL=True, HAS_TEMPORAL=True, HAS_QUERY=True)
        compiled = _compile_sm90(pt._tall_kernel, consts, "bf16", num_warps=cfg["num_warps"])
        report = _ptxas_report(compiled.asm["ptx"])
        spills = [int(b) for b in re.findall(r"(\d+) bytes spill stores", report)]
        assert spills and max(spills) == 0, report[-800:]


def _compile_sm90(kernel, consts: dict, dtype: str, num_warps: int):
    import triton
    from triton.backends.compiler import GPUTarget
    from triton.compiler import ASTSource

    types = {"X": f"*{dtype}", "Q": f"*{dtype}", "OUT": f"*{dtype}", "LENGTHS": "*i64", "COUNTS": "*i64",
             "OFFSETS": "*i64", "IDX": "*i64", "SCORES": "*fp32", "PART": "*fp32", "QSQ": "*fp32",
             "MEAN": "*fp32", "AUX": "*fp32", "stride_xf": "i64", "stride_xn": "i64", "w_spatial": "fp32",
             "w_temporal": "fp32", "w_query": "fp32", "eps": "fp32"}  # fmt: skip
    signature = {a: "constexpr" if a in consts else types.get(a, "i32") for a in kernel.arg_names}
    src = ASTSource(fn=kernel, signature=signature, constexprs=consts)
    return triton.compile(src, target=GPUTarget("cuda", 90, 32), options={"num_warps": num_warps})


def _ptxas_report(ptx: str) -> str:
    """``ptxas -v`` on ``ptx`` with the assemblers triton ships (the first that reads this PTX version)."""
    import tempfile

    import triton

    folder = Path(triton.__file__).parent / "backends" / "nvidia" / "bin"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "k.ptx"
        path.write_text(ptx)
        for name in ("ptxas-blackwell", "ptxas"):
            exe = folder / name
            if not exe.exists():
                continue
            proc = subprocess.run([str(exe), "-v", "--gpu-name", "sm_90a", str(path), "-o", os.devnull],
                                  capture_output=True, text=True, timeout=120)  # fmt: skip
            if proc.returncode == 0:
                return proc.stdout + proc.stderr
    pytest.skip("no ptxas shipped with triton reads this PTX")


@needs_triton
@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
class TestGPU:
    @pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
    def test_kernel_matches_reference(self, case):
        x, lengths, query = case.inputs()
        kw = case.kwargs()
        kw["lengths"] = None if lengths is None else lengths.cuda()
        kw["query"] = None if query is None else query.cuda()
        got = prune_tokens(x.cuda(), impl="triton", **kw)
        check_against_reference(case, got)

    def test_auto_uses_the_kernel_on_cuda(self):
        from streamvu.kernels.prune import resolve_impl

        assert resolve_impl("auto", torch.zeros(1, 1, 1, device="cuda")) == "triton"

    @pytest.mark.parametrize("frames", [1, 8, 64])
    def test_auto_plan_at_real_sizes(self, frames):
        """The launch plan the GPU picks by itself (split for few frames) at a real VLM's size."""
        case = Case(frames, 729, 3584, "bf16", keep_ratio=0.25, seed=8)
        x, _, query = case.inputs()
        got = prune_tokens(x.cuda(), keep_ratio=0.25, query=query.cuda())
        check_against_reference(case, got)

    @pytest.mark.parametrize("dtype", ["fp32", "bf16"])
    def test_large(self, dtype):
        """The benchmark's shape: GPU block sizes with many D tiles and rank chunks."""
        case = Case(64, 196, 1024, dtype, keep_ratio=0.25, seed=7)
        x, _, query = case.inputs()
        got = prune_tokens(x.cuda(), keep_ratio=0.25, query=query.cuda())
        check_against_reference(case, got)


def memory_entries(count: int = 12, grid: tuple[int, int] = (7, 7), dim: int = 64) -> list:
    """Memory entries as the query handler gets them (CPU tokens; every third pooled to 2x2)."""
    from streamvu.messages import MemoryEntry

    gen = torch.Generator().manual_seed(3)
    out = []
    for i in range(count):
        h, w = (2, 2) if i % 3 == 2 else grid
        tokens = torch.randn(h * w, dim, generator=gen)
        out.append(MemoryEntry(start=float(i), end=float(i + 1), tokens=tokens, pooled=tokens.mean(0),
                               grid=(h, w), labels=(), text_key=None))  # fmt: skip
    return out


def prune_through_handler(device: str, entries: list, keep_ratio: float = 0.5):
    """The production answer path's pruning: ``QueryHandler(..., device=device).prune``."""
    from streamvu.pipeline.query import QueryConfig, QueryHandler

    handler = QueryHandler(QueryConfig(keep_ratio=keep_ratio), embedder=None, answerer=None, device=device)
    gen = torch.Generator().manual_seed(5)
    query = torch.nn.functional.normalize(torch.randn(entries[0].tokens.shape[1], generator=gen), dim=0)
    return handler.prune(entries, query), query


def check_handler_matches_cpu(device: str) -> None:
    entries = memory_entries()
    (pruned, kept, total, indices), query = prune_through_handler(device, entries)
    (ref, ref_kept, ref_total, ref_indices), _ = prune_through_handler("cpu", entries)
    assert (kept, total) == (ref_kept, ref_total) and kept < total
    where = torch.device(device)
    for got, want, idx, ref_idx in zip(pruned, ref, indices, ref_indices, strict=True):
        assert got.tokens.device.type == where.type and where.index in (None, got.tokens.device.index)
        assert torch.equal(got.tokens.cpu(), want.tokens)
        assert idx.device.type == "cpu" and torch.equal(idx, ref_idx)


@needs_triton
@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
class TestQueryHandlerOnCUDA:
    def test_query_handler_prunes_with_the_kernel_on_cuda(self, monkeypatch):
        """``QueryHandler(..., device="cuda")``: the production path runs the Triton kernel, gives the CPU
        reference's selection and records each kept token's cell on the host."""
        from streamvu.kernels import prune as dispatch

        used = []
        real = dispatch.resolve_impl
        monkeypatch.setattr(dispatch, "resolve_impl", lambda impl, x: used.append(real(impl, x)) or used[-1])
        check_handler_matches_cpu("cuda")
        assert used == ["triton"]


@needs_triton
@pytest.mark.gpu
@pytest.mark.skipif(
    torch.cuda.device_count() < 2,
    reason=f"needs two CUDA GPUs to run on a non-default one (this machine has {torch.cuda.device_count()})",
)
class TestNonDefaultDevice:
    """Triton launches on the current device: the launcher makes x's device current (cuda:1 here, while
    cuda:0 is current); without that guard the kernel would read cuda:1 memory from cuda:0."""

    def test_kernel_on_cuda_1(self):
        case = Case(8, 196, 256, "bf16", lengths=tuple(range(196, 196 - 8 * 20, -20)), seed=9)
        x, lengths, query = case.inputs()
        kw = case.kwargs()
        kw.update(lengths=lengths.to("cuda:1"), query=query.to("cuda:1"))
        with torch.cuda.device(0):
            got = prune_tokens(x.to("cuda:1"), impl="triton", **kw)
            torch.cuda.synchronize("cuda:1")
        assert got.tokens.device == torch.device("cuda:1") and got.indices.device == torch.device("cuda:1")
        check_against_reference(case, got)

    def test_query_handler_on_cuda_1(self):
        with torch.cuda.device(0):
            check_handler_matches_cpu("cuda:1")


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    _worker(sys.argv[2])
