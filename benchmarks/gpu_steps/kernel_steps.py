"""Steps 1b and 2 of the GPU suite: the pruning kernel's exactness and its roofline.

Both call the kernel the way :func:`streamvu.kernels.prune_tokens` does (arguments checked, counts
resolved) but through :func:`~streamvu.kernels.prune_triton.prune_tokens_triton`, so a launch plan
can be forced: ``fused`` (one program per frame), ``split`` (each frame's columns across programs,
then a merge), ``tall`` (one program per frame walking it in row blocks, what frames of more than
1,024 tokens get) or ``auto`` (what ``prune_tokens`` picks on this device).

Bandwidth here is **effective** bandwidth: the compulsory bytes (:func:`moved_bytes`) over the kernel
time. It leaves out the temporal term's second read of the previous frame (mostly served by L2), the
split plan's partial sums and the tall plan's second read for the mean, so it is a lower bound on
the traffic the kernel really makes.
"""

from __future__ import annotations

import torch
from gpu_steps.common import Deadline, StepResult, free, time_ms

from streamvu.kernels.prune_ref import prune_tokens_ref, score_tokens_ref
from streamvu.kernels.prune_spec import PruneWeights, check_inputs, resolve_counts, triton_interpret
from streamvu.kernels.prune_triton import TALL_CONFIG, launch, launch_config, prepare, sm_count

DTYPES = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}
TERMS = {"all": PruneWeights(1.0, 1.0, 1.0), "spatial": PruneWeights(1.0, 0.0, 0.0)}
"""Score terms: all three (spatial, temporal, query) or spatial saliency alone (no query, no temporal)."""
KEEP_RATIO = 0.25


def _inputs(frames, n, d, dtype, device, ragged, seed):
    """Random tokens made on ``device`` (a CPU generator would take seconds for the largest shapes)."""
    gen = torch.Generator(device=device).manual_seed(seed)
    x = torch.randn(frames, n, d, generator=gen, device=device).to(DTYPES[dtype])
    query = torch.randn(d, generator=gen, device=device)
    lengths = None
    if ragged:
        cpu = torch.Generator().manual_seed(seed)
        lengths = torch.randint(0, n + 1, (frames,), generator=cpu)
        lengths[0] = n
        lengths = lengths.to(device)
    return x, lengths, query


def _plan_config(plan: str, x: torch.Tensor, interpret: bool) -> dict | None:
    """The launch config override for ``plan`` (None: the kernel's own choice)."""
    if plan == "fused":
        return {"SPLIT": 1}
    if plan == "tall":
        blocks = {"BLOCK_N": 16, "BLOCK_D": 16, "BLOCK_J": 16} if interpret else TALL_CONFIG
        return {**blocks, "TALL": 1, "SPLIT": 1}
    if plan == "split":
        cfg = launch_config(x.shape[1], x.shape[2], interpret, num_frames=x.shape[0],
                            element_bytes=x.element_size(), sm_count=sm_count(x.device))  # fmt: skip
        if interpret:  # whole-frame tiles under the interpreter: cut D into 16-wide tiles to split
            return {"BLOCK_D": 16, "SPLIT": 3}
        return {"SPLIT": max(2, cfg["SPLIT"])}
    return None


def prepared(x, lengths, query, weights, plan: str = "auto"):
    """The host-side preparation of one kernel call with ``plan`` (see ``prune_triton.prepare``)."""
    interpret = triton_interpret()
    lengths, query = check_inputs(x, lengths, query)
    counts = resolve_counts(lengths, None, KEEP_RATIO)
    return prepare(x, counts, lengths, query if weights.query > 0 else None, weights, interpret=interpret,
                   config=_plan_config(plan, x, interpret))  # fmt: skip


def run_kernel(x, lengths, query, weights, plan: str = "auto"):
    """The kernel on ``x`` with ``plan``, as ``prune_tokens`` runs it; returns (result, chunks per frame)."""
    p = prepared(x, lengths, query, weights, plan)
    return launch(p), p.split


def compare(x, lengths, query, weights, got) -> dict:
    """Indices and kept tokens identical to the reference; score error within 2x torch's own + 1e-5."""
    q = query if weights.query > 0 else None
    ref = prune_tokens_ref(x, keep_ratio=KEEP_RATIO, lengths=lengths, query=q, weights=weights)
    same_dtype = score_tokens_ref(x, lengths=lengths, query=q, weights=weights, upcast=False)
    finite = torch.isfinite(ref.scores)
    k_err = float((got.scores[finite] - ref.scores[finite]).abs().max()) if finite.any() else 0.0
    t_err = float((same_dtype[finite] - ref.scores[finite]).abs().max()) if finite.any() else 0.0
    return {"indices_equal": bool(torch.equal(got.indices, ref.indices)),
            "tokens_equal": bool(torch.equal(got.tokens, ref.tokens)),
            "score_err": k_err, "torch_same_dtype_err": t_err, "score_ok": k_err <= 2 * t_err + 1e-5}  # fmt: skip


def exactness(device: str, smoke: bool, deadline: Deadline) -> StepResult:
    """Step 1b: kernel == reference over ragged real-size shapes, three dtypes, both launch plans."""
    res = StepResult("exactness", "Kernel exactness vs the PyTorch reference")
    if smoke:  # one case per plan and dtype
        shapes = [(3, 37, 48, True, ("fused",)), (3, 37, 48, True, ("split",)), (3, 37, 48, True, ("tall",))]
    else:
        whole = ("fused", "split", "tall")
        shapes = [(8, 729, 3584, True, whole), (64, 196, 1024, True, whole), (3, 1024, 1280, True, whole),
                  (4, 4096, 1280, True, ("auto",)), (2, 16384, 1024, True, ("auto",))]  # fmt: skip
    dtypes = ("bf16", "fp16", "fp32")  # bf16 first: the roofline reuses these compilations
    cases = [(dt, (f, n, d, r), plan) for dt in dtypes for f, n, d, r, plans in shapes for plan in plans]
    if smoke:
        cases = [(dtypes[i], shape, plan) for i, (_, shape, plan) in enumerate(cases[: len(shapes)])]
    seed = 0
    for dtype, (f, n, d, ragged), plan in cases:
        if deadline.over():
            res.status = "partial"
            res.notes.append("time budget reached: the remaining cases were not run")
            break
        seed += 1
        terms = "spatial" if seed % 4 == 0 else "all"
        x, lengths, query = _inputs(f, n, d, dtype, device, ragged, seed)
        got, split = run_kernel(x, lengths, query, TERMS[terms], plan)
        if plan == "auto":
            plan = (
                "tall"
                if prepared(x, lengths, query, TERMS[terms]).tall
                else "fused"
                if split == 1
                else "split"
            )
        row = {"F": f, "N": n, "D": d, "dtype": dtype, "ragged": ragged, "terms": terms, "plan": plan,
               "split": split, **compare(x, lengths, query, TERMS[terms], got)}  # fmt: skip
        res.rows.append(row)
        del x, got
        free(device)
    bad = [r for r in res.rows if not (r["indices_equal"] and r["tokens_equal"] and r["score_ok"])]
    res.summary = {"cases": len(res.rows), "exact": len(res.rows) - len(bad), "all_exact": not bad}
    if bad:
        res.status = "failed"
        res.error = f"{len(bad)} case(s) differ from the reference"
    res.notes.append(f"keep_ratio {KEEP_RATIO}; device {device}; interpreter: {triton_interpret()}")
    return res


def roofline_grid(smoke: bool) -> list[tuple[int, int, int, str, str]]:
    """(F, N, D, dtype, terms), the target shape first."""
    if smoke:
        return [(2, 37, 48, "bf16", "all"), (2, 1100, 16, "fp16", "spatial")]
    # most informative first (the budget may stop the grid): all terms before spatial alone, bf16 before fp16
    grid = [(f, n, d, dt, t) for t in TERMS for dt in ("bf16", "fp16") for f in (8, 64, 256) for n in (196, 729, 1024)
            for d in (1024, 1280, 3584)]  # fmt: skip
    target = (64, 729, 3584, "bf16", "all")
    tall = [(64, 4096, 1280, "bf16", "all"), (8, 16384, 1024, "bf16", "all")]  # the tall plan
    return [target, *tall] + [g for g in grid if g != target]


def moved_bytes(x: torch.Tensor, kept: int) -> int:
    """Compulsory traffic: x read once, kept rows read again and written, scores and indices written
    (what effective bandwidth counts; see the module docstring for what it leaves out)."""
    f, n, d = x.shape
    return f * n * d * x.element_size() + 2 * kept * d * x.element_size() + f * n * 4 + kept * 8


def roofline(device: str, smoke: bool, deadline: Deadline, peak_gbps: float | None) -> StepResult:
    """Step 2: effective bandwidth of the kernel against the device's peak; speed-up over the reference."""
    res = StepResult("roofline", "Pruning kernel effective bandwidth and speed-up over the reference")
    timing = dict(warmup=0, repeats=1, max_s=0.0) if smoke else dict(warmup=1, repeats=5, max_s=0.5)
    for f, n, d, dtype, terms in roofline_grid(smoke):
        if deadline.over():
            res.status = "partial"
            res.notes.append("time budget reached: the remaining shapes were not measured")
            break
        x, _, query = _inputs(f, n, d, dtype, device, False, f * n + d)
        w = TERMS[terms]
        got, split = run_kernel(x, None, query, w, "auto")
        check = compare(x, None, query, w, got)
        kept = int(got.counts.sum())
        q = query if w.query > 0 else None
        plan = prepared(x, None, query, w, "auto")
        k_ms = time_ms(lambda plan=plan: launch(plan), device, **timing)  # the kernels alone
        call_ms = time_ms(
            lambda x=x, w=w, query=query: run_kernel(x, None, query, w, "auto"), device, **timing
        )
        other = {}  # the same kernels with another plan forced: what the device's choice gains
        if not plan.tall and (split > 1 or smoke):
            fused = prepared(x, None, query, w, "fused")
            other["fused_ms"] = round(time_ms(lambda fused=fused: launch(fused), device, **timing), 4)
            del fused
        if not plan.tall and (n >= 729 or smoke):
            tall = prepared(x, None, query, w, "tall")
            other["tall_ms"] = round(time_ms(lambda tall=tall: launch(tall), device, **timing), 4)
            del tall
        r_ms = time_ms(lambda x=x, q=q, w=w: prune_tokens_ref(x, keep_ratio=KEEP_RATIO, query=q, weights=w),
                       device, **timing)  # fmt: skip
        gbps = moved_bytes(x, kept) / (k_ms * 1e-3) / 1e9
        res.rows.append({
            "F": f, "N": n, "D": d, "dtype": dtype, "terms": terms,
            "plan": "tall" if plan.tall else "fused" if split == 1 else f"split {split}",
            "kernel_ms": round(k_ms, 4), **other,
            "call_ms": round(call_ms, 4), "ref_ms": round(r_ms, 4), "speedup": round(r_ms / call_ms, 2),
            "eff_GBps": round(gbps, 1),
            "eff_pct_peak": None if not peak_gbps else round(100 * gbps / peak_gbps, 1),
            "exact": check["indices_equal"] and check["tokens_equal"],
        })  # fmt: skip
        del x, got, plan
        free(device)
    key = (64, 729, 3584, "bf16", "all")
    target = next((r for r in res.rows if (r["F"], r["N"], r["D"], r["dtype"], r["terms"]) == key), None)
    pct = None if target is None else target["eff_pct_peak"]
    res.summary = {
        "peak_gbps": peak_gbps,
        "target_shape": "F=64 N=729 D=3584 bf16, all terms",
        "target_eff_pct_peak": pct,
        "target_speedup": None if target is None else target["speedup"],
        "meets_70pct_peak_effective": None if pct is None else pct >= 70,
        "meets_3x_reference": None if target is None or smoke else target["speedup"] >= 3,
        "all_exact": all(r["exact"] for r in res.rows),
    }  # fmt: skip
    res.notes += [
        "effective bandwidth (eff_GBps, eff_pct_peak) counts compulsory bytes only: F*N*D*elt (x read once) + "
        "2*kept*D*elt (kept rows read again, written) + F*N*4 (scores) + kept*8 (indices). Not counted: the "
        "temporal term's read of the previous frame, the split plan's partial sums, the tall plan's second "
        "read of x for the frame mean; so it understates the traffic the kernel makes",
        "kernel_ms: the kernels alone (plus the split plan's gather), with the plan the device picks (plan; "
        "split k = k chunks per frame), host preparation done beforehand: the bandwidth comes from it; "
        "fused_ms / tall_ms: the same with that plan forced",
        f"call_ms: the whole call as prune_tokens makes it (argument checks, counts, one host sync for the output "
        f"size, allocations, kernels); speedup = ref_ms / call_ms, the reference being prune_tokens_ref on the "
        f"same device; keep_ratio {KEEP_RATIO}",
        "times: median of repeats after warm-up, clock read after torch.cuda.synchronize",
    ]
    if smoke:
        res.notes.append("dry run: the kernel ran in the Triton interpreter on CPU; its times mean nothing")
    return res
