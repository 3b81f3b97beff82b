"""What checking the converted SmolLM2 folder against its manifest costs at each load.

Times, on the converted model in the streamvu cache dir (converted first if needed): the cheap
check every load runs (sizes, sampled hashes, modification times), the full check (sha256 of every
byte: what a changed modification time triggers, once), and loading the model itself for scale.

    python benchmarks/model_check.py [--repeat 5] [--out benchmarks/results]

Prints a table and writes ``<out>/model_check.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from streamvu.answerers.smollm2 import SmolLM2, converted_dir  # noqa: E402
from streamvu.manifest import check_folder  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = ap.parse_args()
    folder = converted_dir()
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    rows = {
        "cheap check (every load)": timed(lambda: check_folder(folder), args.repeat),
        "full sha256 check": timed(lambda: check_folder(folder, full=True), args.repeat),
        "model load (for scale)": timed(lambda: SmolLM2(), min(args.repeat, 3)),
    }
    print(f"{folder} ({size / 1e6:.0f} MB), {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"{'step':28s} {'median s':>9s} {'min s':>8s}")
    for name, times in rows.items():
        print(f"{name:28s} {statistics.median(times):9.3f} {min(times):8.3f}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    doc = {
        "folder_bytes": size,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg()[0],
        "python": platform.python_version(),
        "seconds": {
            name: {"median": statistics.median(t), "min": min(t), "runs": t} for name, t in rows.items()
        },
    }
    (out / "model_check.json").write_text(json.dumps(doc, indent=2) + "\n")


if __name__ == "__main__":
    main()
