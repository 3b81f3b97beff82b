"""Questions per second and time to first token of the served answerer against an OpenAI-compatible server.

The same memory (``--entries`` entries, each with its JPEG) is asked ``--questions`` different questions
through :class:`~streamvu.answerers.served.ServedAnswerer`, ``--concurrency`` of them in flight at a time
(1, 4 and 16 by default: what ``eval --concurrency`` sends), with the prompt laid out prefix-friendly
(system, memory oldest first, question last: a server with prefix caching reuses the shared part) and
with the question first (no shared prefix). For each: questions/s over the whole batch, and the median
and 90th percentile of the time to the first streamed piece and of the whole answer; the prompt tokens
the server reported and, when it reports them, how many of those came from its prefix cache.

    python benchmarks/served.py                                  # starts transformers serve on a tiny LLaVA
    python benchmarks/served.py --server http://127.0.0.1:8000/v1 --model Qwen/Qwen2.5-VL-7B-Instruct

Without ``--server`` a tiny random plain LLaVA (tests/served_fixtures.py) is served by ``transformers
serve --device cpu`` on loopback (``transformers[serving]``, the ``serve`` extra): its numbers show the
client and server overheads on this machine, not a real model's speed. Writes ``<out>/served.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from streamvu.answerers.served import ServedAnswerer, ServedConfig  # noqa: E402
from streamvu.answerers.served.prompt import jpeg_bytes  # noqa: E402
from streamvu.messages import Context, Label, MemoryEntry, Question  # noqa: E402


def make_entries(n: int, side: int, seed: int = 0) -> list[MemoryEntry]:
    """``n`` one-second entries whose JPEGs are smooth random pictures ``side`` pixels wide."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        small = rng.integers(0, 255, (6, 8, 3)).astype(np.float32)
        picture = np.kron(small, np.ones((side // 8, side // 8, 1))).astype(np.uint8)
        out.append(
            MemoryEntry(
                start=float(i),
                end=float(i + 1),
                tokens=torch.zeros(1, 4),
                pooled=torch.zeros(4),
                grid=(1, 1),
                labels=(Label("thing", 0.5),),
                text_key=None,
                thumbnail=jpeg_bytes(picture, side),
            )
        )
    return out


def ask(answerer: ServedAnswerer, context: Context) -> dict:
    started = time.perf_counter()
    first = None
    for _ in answerer.stream(context, answerer.evidence(context)):
        if first is None:
            first = time.perf_counter() - started
    total = time.perf_counter() - started
    usage = answerer.last_usage
    return {
        "ttft_s": first if first is not None else total,
        "latency_s": total,
        "prompt_tokens": usage.prompt_tokens if usage else None,
        "cached_tokens": usage.cached_tokens if usage else None,
    }


def batch(config: ServedConfig, entries, questions: int, concurrency: int) -> dict:
    answerer = ServedAnswerer(config)
    contexts = [
        Context(
            Question(f"Question {i}: what is in the frames?", float(len(entries))),
            entries,
            "now",
            pruned=False,
        )
        for i in range(questions)
    ]
    ask(answerer, contexts[0])  # warm-up (and the server's first prefix)
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        runs = list(pool.map(lambda c: ask(answerer, c), contexts))
    wall = time.perf_counter() - started
    ttft = sorted(r["ttft_s"] for r in runs)
    latency = sorted(r["latency_s"] for r in runs)
    cached = [r["cached_tokens"] for r in runs if r["cached_tokens"] is not None]
    return {
        "concurrency": concurrency,
        "prefix_order": config.prefix_order,
        "questions": questions,
        "questions_per_s": questions / wall,
        "ttft_median_s": statistics.median(ttft),
        "ttft_p90_s": ttft[int(0.9 * (len(ttft) - 1))],
        "latency_median_s": statistics.median(latency),
        "prompt_tokens": statistics.median(r["prompt_tokens"] or 0 for r in runs),
        "cached_tokens": statistics.median(cached) if cached else None,
    }


def local_server(folder: Path):
    from streamvu.testing.serving import LocalServer, missing_serving_modules, save_tiny_llava

    missing = missing_serving_modules()
    if missing:
        raise SystemExit(
            f"cannot start a local server: {', '.join(missing)} missing (pip install -e '.[serve]')"
        )
    server = LocalServer(save_tiny_llava(folder / "tiny-llava"), folder / "server.log")
    return server.start()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--server", help="base URL of a running server (default: start transformers serve)")
    p.add_argument("--model", help="model name on the server (default: its only one)")
    p.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    p.add_argument("--questions", type=int, default=32, help="questions per measurement")
    p.add_argument("--entries", type=int, default=8, help="memory entries (images) in each prompt")
    p.add_argument("--side", type=int, default=224, help="JPEG side in pixels")
    p.add_argument("--max-tokens", type=int, default=16)
    p.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = p.parse_args(argv)

    server = None
    with tempfile.TemporaryDirectory() as tmp:
        if args.server is None:
            server = local_server(Path(tmp))
        url = args.server or server.url
        try:
            entries = make_entries(args.entries, args.side)
            rows = []
            for prefix_order in (True, False):
                for c in args.concurrency:
                    config = ServedConfig(
                        url,
                        args.model,
                        max_images=args.entries,
                        max_tokens=args.max_tokens,
                        prefix_order=prefix_order,
                    )
                    rows.append(batch(config, entries, args.questions, c))
                    r = rows[-1]
                    print(
                        f"prefix_order={str(prefix_order):5} concurrency={c:3}  {r['questions_per_s']:6.2f} q/s  "
                        f"TTFT median {r['ttft_median_s'] * 1000:7.1f} ms  p90 {r['ttft_p90_s'] * 1000:7.1f} ms  "
                        f"answer {r['latency_median_s'] * 1000:7.1f} ms  prompt {r['prompt_tokens']:.0f} tok  "
                        f"cached {r['cached_tokens'] if r['cached_tokens'] is not None else 'not reported'}",
                        flush=True,
                    )
        finally:
            if server is not None:
                server.stop()
    result = {
        "server": args.server or "transformers serve --device cpu (tiny random LLaVA, loopback)",
        "model": args.model,
        "entries": args.entries,
        "side": args.side,
        "max_tokens": args.max_tokens,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.system()},
        "rows": rows,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "served.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out / 'served.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
