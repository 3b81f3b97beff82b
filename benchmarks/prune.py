"""Benchmark token pruning: PyTorch reference vs the fused Triton kernel vs torch.compile(reference).

    python benchmarks/prune.py                      # F=64, N=196, D=1024, keep_ratio 0.25
    python benchmarks/prune.py --peak-gbps 3350     # override the device's peak bandwidth

On a GPU: bf16, all three implementations, and the **effective bandwidth** of each: compulsory bytes
(``x`` read once + the outputs written) over the time, as a fraction of the device's peak. It counts
no re-reads (the temporal term's previous frame, a split plan's partial sums, the tall plan's mean
pass), so it understates the traffic a kernel really makes.
On CPU: fp32 and the reference only (the CPU runtime path); the Triton interpreter is a
correctness tool and is not timed.  Prints a table and writes JSON to
``benchmarks/results/prune.json`` (or ``--json``).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streamvu import _deps  # noqa: E402
from streamvu.kernels import prune_tokens, prune_tokens_ref  # noqa: E402

DTYPES = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}


def time_ms(fn: Callable[[], object], *, cuda: bool, warmup: int, repeats: int) -> list[float]:
    for _ in range(warmup):
        fn()
    if cuda:
        torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        if cuda:
            torch.cuda.synchronize()
        times.append((time.perf_counter() - start) * 1e3)
    return times


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=64)
    parser.add_argument("--tokens", type=int, default=196)
    parser.add_argument("--dim", type=int, default=1024)
    parser.add_argument("--keep-ratio", type=float, default=0.25)
    parser.add_argument(
        "--dtype", choices=sorted(DTYPES), default=None, help="default: bf16 on GPU, fp32 on CPU"
    )
    parser.add_argument("--device", default=None, help="default: cuda when available, else cpu")
    parser.add_argument("--no-query", action="store_true", help="score without a query")
    parser.add_argument("--no-compile", action="store_true", help="skip torch.compile(reference)")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument(
        "--peak-gbps",
        type=float,
        default=None,
        help="device peak bandwidth; default: read from the device (memory clock x bus width)",
    )
    parser.add_argument(
        "--json", type=Path, default=Path(__file__).resolve().parent / "results" / "prune.json"
    )
    args = parser.parse_args(argv)

    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    cuda = device.type == "cuda"
    dtype = DTYPES[args.dtype or ("bf16" if cuda else "fp32")]
    device_name = (
        torch.cuda.get_device_name(device) if cuda else f"CPU ({platform.processor() or platform.machine()})"
    )
    peak_source = "--peak-gbps" if args.peak_gbps is not None else None
    peak = args.peak_gbps
    if peak is None and cuda:
        from streamvu.apps.gpu_info import gpu_info

        info = gpu_info(torch.device(device).index or 0)
        peak, peak_source = info.peak_gbps, info.bandwidth_source

    gen = torch.Generator().manual_seed(0)
    x = torch.randn(args.frames, args.tokens, args.dim, generator=gen).to(device=device, dtype=dtype)
    query = None if args.no_query else torch.randn(args.dim, generator=gen).to(device)
    kw = dict(keep_ratio=args.keep_ratio, query=query)

    ref = prune_tokens_ref(x, **kw)
    kept = int(ref.counts.sum())
    elt = x.element_size()
    bytes_moved = (
        x.numel() * elt + kept * args.dim * elt + kept * 8 + x.shape[0] * x.shape[1] * 4 + x.shape[0] * 8
    )

    impls: dict[str, Callable[[], object]] = {"reference (torch)": lambda: prune_tokens_ref(x, **kw)}
    notes: dict[str, str] = {}
    if cuda:
        if _deps.HAS_TRITON:
            got = prune_tokens(x, impl="triton", **kw)
            notes["triton"] = f"indices match reference: {torch.equal(got.indices, ref.indices)}"
            impls["triton"] = lambda: prune_tokens(x, impl="triton", **kw)
        else:
            notes["triton"] = f"not installed: {_deps.install_hint('triton')}"
        if not args.no_compile:
            compiled = torch.compile(prune_tokens_ref)
            impls["torch.compile(reference)"] = lambda: compiled(x, **kw)

    rows = []
    for name, fn in impls.items():
        try:
            times = time_ms(fn, cuda=cuda, warmup=args.warmup, repeats=args.repeats)
        except Exception as exc:  # a backend failing must not hide the others
            notes[name] = f"failed: {type(exc).__name__}: {exc}".splitlines()[0][:200]
            continue
        median = statistics.median(times)
        row = {"impl": name, "ms_median": median, "ms_min": min(times), "repeats": len(times)}
        if cuda:
            row["effective_gbps"] = bytes_moved / (median * 1e-3) / 1e9
            row["effective_frac_of_peak"] = row["effective_gbps"] / peak if peak else None
        rows.append(row)
    base = rows[0]["ms_median"] if rows else None
    for row in rows:
        row["speedup_vs_reference"] = base / row["ms_median"] if base else None

    print(f"prune_tokens  F={args.frames} N={args.tokens} D={args.dim} {str(dtype).removeprefix('torch.')} "
          f"keep_ratio={args.keep_ratio} query={'no' if query is None else 'yes'}  kept={kept}")  # fmt: skip
    threads = "" if cuda else f", {torch.get_num_threads()} threads"
    peak_text = f", peak {peak:g} GB/s" if peak else ""
    print(f"device: {device_name}{threads}{peak_text}; compulsory bytes {bytes_moved / 1e6:.1f} MB")
    header = f"{'impl':<28}{'median ms':>11}{'min ms':>9}{'speedup':>9}"
    header += f"{'eff GB/s':>10}{'eff % peak':>12}" if cuda else ""
    print(header)
    print("-" * len(header))
    for row in rows:
        line = f"{row['impl']:<28}{row['ms_median']:>11.3f}{row['ms_min']:>9.3f}{row['speedup_vs_reference']:>8.2f}x"
        if cuda:
            frac = row["effective_frac_of_peak"]
            line += f"{row['effective_gbps']:>10.0f}" + (f"{100 * frac:>11.1f}%" if frac else f"{'-':>12}")
        print(line)
    for name, note in notes.items():
        print(f"note: {name}: {note}")
    if cuda:
        print("note: effective bandwidth = compulsory bytes / time (re-reads not counted: a lower bound)")
    if not cuda:
        print("note: CPU run: the reference is the runtime path; the Triton interpreter is not timed")

    report = {
        "benchmark": "prune_tokens",
        "shape": {"frames": args.frames, "tokens": args.tokens, "dim": args.dim},
        "dtype": str(dtype).removeprefix("torch."),
        "keep_ratio": args.keep_ratio,
        "query": query is not None,
        "kept_tokens": kept,
        "device": device_name,
        "threads": None if cuda else torch.get_num_threads(),
        "peak_gbps": peak,
        "peak_source": peak_source,
        "compulsory_bytes": bytes_moved,
        "results": rows,
        "notes": notes,
        "torch": torch.__version__,
        "triton": _triton_version(),
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.json}")
    return report


def _triton_version() -> str | None:
    if not _deps.HAS_TRITON:
        return None
    from importlib.metadata import version

    return version("triton")


if __name__ == "__main__":
    main()
