"""Prefill cost of VLM answers with and without prefix KV reuse (ReKV-style, exact).

Memory entries with random visual tokens (``--entries`` of ``--grid`` x ``--grid`` tokens in the
model's hidden size) are answered by :class:`~streamvu.answerers.vlm.VLMAnswerer` three ways:
a first question (cold), a second question on the same entries, and a question after one more
entry arrived. For each: tokens in the prompt, tokens prefilled, prefill wall time and time to the
first streamed piece, with ``kv_reuse`` off and on. Timings are the median of ``--repeats`` runs.

    python benchmarks/qa_latency_vlm.py [--model PATH_OR_NAME] [--entries 8] [--grid 16] [--device cpu]

Without ``--model`` a tiny random Qwen2.5-VL (hidden size 64, 2 layers) is built offline: its
token counts are those of a real run, its times only show the shape of the saving.
Writes ``<out>/qa_latency_vlm.json``.
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
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from streamvu.answerers.vlm import VLMAnswerConfig, VLMAnswerer  # noqa: E402
from streamvu.messages import Context, MemoryEntry, Question  # noqa: E402
from streamvu.models.hf_vlm import load_vlm  # noqa: E402


def make_entries(n: int, grid: int, dim: int, seed: int = 0) -> list[MemoryEntry]:
    gen = torch.Generator().manual_seed(seed)
    out = []
    for i in range(n):
        tokens = torch.randn(grid * grid, dim, generator=gen) * 0.02
        out.append(
            MemoryEntry(
                start=float(i),
                end=float(i + 1),
                tokens=tokens,
                pooled=tokens.mean(0),
                grid=(grid, grid),
                labels=(),
                text_key=None,
            )
        )
    return out


def run(ans: VLMAnswerer, entries, text: str, max_new: int) -> dict:
    ctx = Context(question=Question(text, entries[-1].end, "now"), entries=entries, mode="now")
    started = time.perf_counter()
    first = None
    reply = ans.reply(ctx, max_new_tokens=max_new)
    for _ in reply:
        if first is None:
            first = time.perf_counter() - started
    info = reply.prefill
    return {
        "prompt_tokens": info.prompt_tokens,
        "prefilled_tokens": info.prefilled_tokens,
        "reused_tokens": info.reused_tokens,
        "prefill_s": info.prefill_s,
        "ttft_s": first if first is not None else time.perf_counter() - started,
    }


def scenario(bundle, reuse: bool, entries, more, max_new: int) -> dict[str, dict]:
    ans = VLMAnswerer(bundle, VLMAnswerConfig(kv_reuse=reuse, max_new_tokens=max_new))
    return {
        "first question": run(ans, entries, "what is happening now?", max_new),
        "second question, same entries": run(ans, entries, "what color is the car?", max_new),
        "after one more entry": run(ans, more, "and now?", max_new),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", default=None, help="VLM name or path (default: a tiny random Qwen2.5-VL)")
    p.add_argument("--entries", type=int, default=8)
    p.add_argument("--grid", type=int, default=16, help="tokens per entry = grid * grid (Qwen 448 px: 16)")
    p.add_argument("--device", default="cpu")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--max-new-tokens", type=int, default=4)
    p.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = p.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        model = args.model
        if model is None:
            from streamvu.testing.tiny_vlm import save_tiny_vlm

            model = str(save_tiny_vlm("qwen2_5_vl", Path(tmp) / "tiny-qwen2_5_vl"))
        bundle = load_vlm(model, device=args.device)
    entries = make_entries(args.entries + 1, args.grid, bundle.hidden_size)
    base, more = entries[:-1], entries
    rows = []
    for reuse in (False, True):
        runs = [scenario(bundle, reuse, base, more, args.max_new_tokens) for _ in range(args.repeats)]
        for case in runs[0]:
            first = runs[0][case]
            rows.append(
                {
                    "kv_reuse": reuse,
                    "case": case,
                    "prompt_tokens": first["prompt_tokens"],
                    "prefilled_tokens": first["prefilled_tokens"],
                    "prefill_ms": 1000 * statistics.median(r[case]["prefill_s"] for r in runs),
                    "ttft_ms": 1000 * statistics.median(r[case]["ttft_s"] for r in runs),
                }
            )
    print(f"{'kv_reuse':8} {'case':32} {'prompt':>7} {'prefilled':>9} {'prefill ms':>10} {'ttft ms':>8}")
    for r in rows:
        print(
            f"{r['kv_reuse']!s:8} {r['case']:32} {r['prompt_tokens']:7d} {r['prefilled_tokens']:9d} "
            f"{r['prefill_ms']:10.1f} {r['ttft_ms']:8.1f}"
        )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    doc = {
        "model": args.model or "tiny random qwen2_5_vl (hidden 64, 2 layers)",
        "device": args.device,
        "entries": args.entries,
        "tokens_per_entry": args.grid**2,
        "rows": rows,
        "machine": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "cpu_threads": torch.get_num_threads(),
            "numpy": np.__version__,
            "cuda": torch.cuda.get_device_name() if torch.cuda.is_available() else None,
        },
    }
    (out / "qa_latency_vlm.json").write_text(json.dumps(doc, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
