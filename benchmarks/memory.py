"""Pyramid memory: RAM and add() time per frame vs stream length, retrieval latency at 10 h.

Simulates a 1 fps stream of encoder-sized frames (7x7 tokens of D=1280, 384-d text keys,
random, generated lazily one frame at a time) through the default :class:`MemoryConfig`
(``key="both"`` so both text and visual queries can be timed), from 1 minute to 10 hours
(36,000 frames). At each checkpoint it records the memory's RAM bytes, entry count and the
median add() time per frame since the previous checkpoint. Flatness check: bytes at 10 h
within 5% of bytes at 1 h (exit status 1 otherwise); add() time growth is reported too.
The optional ``--spill`` run (archive spilled to disk) is reported separately and excluded
from the check: its RAM and disk grow with the stream by design.

    python benchmarks/memory.py [--hours 10] [--spill] [--out benchmarks/results]

Writes ``<out>/memory.json`` and ``<out>/memory.png`` (needs matplotlib), and copies the plot
to ``docs/memory.png``.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from streamvu.memory import MemoryConfig, PyramidMemory  # noqa: E402
from streamvu.testing.synthetic import synthetic_frame  # noqa: E402

CHECKPOINTS_S = [60, 600, 1800, 3600, 7200, 18000, 36000]  # 1 min .. 10 h at 1 fps
DIM, GRID, TEXT_DIM = 1280, (7, 7), 384


def label(seconds: float) -> str:
    return f"{seconds / 3600:g} h" if seconds >= 3600 else f"{seconds / 60:g} min"


def run_stream(
    config: MemoryConfig, checkpoints: list[int], scene_length: int
) -> tuple[list[dict], PyramidMemory]:
    memory = PyramidMemory(config)
    rows: list[dict] = []
    times: list[float] = []
    for index in range(checkpoints[-1]):
        item = synthetic_frame(
            index, dim=DIM, grid=GRID, text_dim=TEXT_DIM, scene_length=scene_length, noise=0.3
        )
        t0 = time.perf_counter()
        memory.add(item)
        times.append(time.perf_counter() - t0)
        if index + 1 in checkpoints:
            snap = memory.snapshot()
            rows.append(
                {
                    "seconds": index + 1,
                    "stream": label(index + 1),
                    "frames": memory.frames_seen,
                    "entries": len(snap),
                    "ram_mb": memory.nbytes() / 2**20,
                    "disk_mb": memory.disk_bytes() / 2**20,
                    "add_ms_median": 1e3 * statistics.median(times),
                    "add_ms_p99": 1e3 * float(np.percentile(times, 99)),
                }
            )
            times = []
    return rows, memory


def time_retrieval(memory: PyramidMemory, repeats: int = 50) -> dict:
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    snap = memory.snapshot()
    snapshot_ms = 1e3 * (time.perf_counter() - t0)
    out = {"snapshot_ms": snapshot_ms, "long_term_entries": len(snap.long_term)}
    for kind, dim in (("text", TEXT_DIM), ("visual", DIM)):
        t0 = time.perf_counter()
        snap.retrieve(rng.standard_normal(dim), k=8)  # builds this snapshot's index
        out[f"{kind}_first_ms"] = 1e3 * (time.perf_counter() - t0)
        lat = []
        for _ in range(repeats):
            query = rng.standard_normal(dim)
            before = float(rng.uniform(0, snap.latest_t))
            t0 = time.perf_counter()
            snap.retrieve(query, before=before, k=8)
            lat.append(time.perf_counter() - t0)
        out[f"{kind}_ms_median"] = 1e3 * statistics.median(lat)
    return out


def print_table(rows: list[dict], title: str) -> None:
    print(f"\n{title}")
    print(
        f"{'stream':>8} {'frames':>7} {'entries':>7} {'RAM MB':>8} {'disk MB':>8} {'add ms (median)':>16} {'add ms (p99)':>13}"
    )
    for r in rows:
        print(
            f"{r['stream']:>8} {r['frames']:>7} {r['entries']:>7} {r['ram_mb']:>8.2f} {r['disk_mb']:>8.1f} "
            f"{r['add_ms_median']:>16.3f} {r['add_ms_p99']:>13.3f}"
        )


def plot(rows: list[dict], spill_rows: list[dict], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (pip install matplotlib): no plot written")
        return False
    hours = [r["seconds"] / 3600 for r in rows]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
    ax1.plot(hours, [r["ram_mb"] for r in rows], "o-", label="pyramid memory (RAM)")
    if spill_rows:
        ax1.plot(hours, [r["ram_mb"] for r in spill_rows], "s--", label="with spill: RAM")
        ax1.plot(hours, [r["disk_mb"] for r in spill_rows], "^:", label="with spill: disk")
    ax1.set(xscale="log", xlabel="stream length (hours, 1 fps)", ylabel="MB", title="memory size")
    ax1.legend(fontsize=8)
    ax2.plot(hours, [r["add_ms_median"] for r in rows], "o-", label="median")
    ax2.plot(hours, [r["add_ms_p99"] for r in rows], "o--", label="p99")
    ax2.set(xscale="log", xlabel="stream length (hours, 1 fps)", ylabel="ms per frame", title="add() time")
    ax2.set_ylim(bottom=0)
    ax2.legend(fontsize=8)
    fig.suptitle(f"streamvu PyramidMemory, D={DIM}, {GRID[0]}x{GRID[1]} tokens/frame, default layers")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=10.0, help="longest stream (default 10)")
    parser.add_argument(
        "--scene-length", type=int, default=1, help="frames per synthetic scene (1 = all random)"
    )
    parser.add_argument("--spill", action="store_true", help="also run with the archive spilled to disk")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--threads", type=int, default=None, help="torch intra-op threads (default: torch's)")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)  # add() itself always runs single-threaded (ops.one_thread)
    last = int(args.hours * 3600)
    checkpoints = [c for c in CHECKPOINTS_S if c < last] + [last]
    config = MemoryConfig(key="both")

    t0 = time.perf_counter()
    rows, memory = run_stream(config, checkpoints, args.scene_length)
    wall = time.perf_counter() - t0
    print_table(
        rows,
        f"PyramidMemory, default layers {[(s.capacity, s.tokens_per_frame) for s in config.layers]}, "
        f"archive {config.archive_capacity} (ran {wall:.0f} s)",
    )
    retrieval = time_retrieval(memory)
    print(
        f"\nretrieval at {label(last)}: snapshot {retrieval['snapshot_ms']:.2f} ms; k=8 over "
        f"{retrieval['long_term_entries']} long-term entries: text {retrieval['text_ms_median']:.3f} ms, "
        f"visual {retrieval['visual_ms_median']:.3f} ms (median; first call incl. index build: "
        f"text {retrieval['text_first_ms']:.2f} ms, visual {retrieval['visual_first_ms']:.2f} ms)"
    )

    spill_rows: list[dict] = []
    if args.spill:
        with tempfile.TemporaryDirectory() as tmp:
            spill_cfg = MemoryConfig(key="both", archive_spill_dir=tmp)
            spill_rows, spilled = run_stream(spill_cfg, checkpoints, args.scene_length)
            print_table(spill_rows, "with archive_spill_dir (excluded from the flatness check)")
            spill_retrieval = time_retrieval(spilled, repeats=10)
            print(
                f"retrieval with spill at {label(last)}: text {spill_retrieval['text_ms_median']:.2f} ms, "
                f"first call {spill_retrieval['text_first_ms']:.1f} ms over {spill_retrieval['long_term_entries']} entries"
            )
            spilled.close()

    by_s = {r["seconds"]: r for r in rows}
    flat = {}
    if 3600 in by_s and last > 3600:
        ref, end = by_s[3600], by_s[last]
        flat = {
            "from": "1 h",
            "to": label(last),
            "ram_growth": end["ram_mb"] / ref["ram_mb"] - 1,
            "entries_growth": end["entries"] / ref["entries"] - 1,
            "add_time_growth": end["add_ms_median"] / ref["add_ms_median"] - 1,
        }
        flat["ram_flat"] = flat["ram_growth"] <= 0.05
        flat["add_time_flat"] = flat["add_time_growth"] <= 0.05
        print(
            f"\nflatness 1 h -> {label(last)}: RAM {100 * flat['ram_growth']:+.2f}% "
            f"({'OK' if flat['ram_flat'] else 'FAIL'}, limit +5%), entries {100 * flat['entries_growth']:+.2f}%, "
            f"median add time {100 * flat['add_time_growth']:+.2f}% ({'OK' if flat['add_time_flat'] else 'over 5%: timing noise?'})"
        )

    args.out.mkdir(parents=True, exist_ok=True)
    result = {
        "benchmark": "memory",
        "machine": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "threads": torch.get_num_threads(),
            "cpu": platform.processor() or platform.machine(),
        },
        "setup": {
            "dim": DIM,
            "grid": list(GRID),
            "text_dim": TEXT_DIM,
            "fps": 1,
            "scene_length": args.scene_length,
            "config": config.to_dict(),
        },
        "rows": rows,
        "retrieval": retrieval,
        "flatness": flat,
        "spill_rows": spill_rows,
        "wall_s": wall,
    }
    (args.out / "memory.json").write_text(json.dumps(result, indent=2))
    png = args.out / "memory.png"
    if plot(rows, spill_rows, png):
        docs = ROOT / "docs"
        docs.mkdir(exist_ok=True)
        shutil.copyfile(png, docs / "memory.png")
        print(f"wrote {args.out / 'memory.json'}, {png}, {docs / 'memory.png'}")
    return 0 if not flat or flat["ram_flat"] else 1


if __name__ == "__main__":
    sys.exit(main())
