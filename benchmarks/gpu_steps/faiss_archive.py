"""Step 4 of the GPU suite: faiss for the long-term archive, on the GPU against faiss-cpu.

Unit keys of the archive's dimension (visual keys of Qwen2.5-VL-3B: 2048) at 10^5 and 10^6
entries, exact inner-product search (``IndexFlatIP``, what :class:`streamvu.memory.index.KeyTable`
uses): one question's query (the streaming case) and a batch of 64; the GPU index must return the
same top-k as the CPU one. Also streamvu's own ``KeyTable.search`` (which moves tables of at least
``GPU_MIN_ROWS`` keys to the GPU by itself when faiss has GPUs).
"""

from __future__ import annotations

import time

import numpy as np
import torch
from gpu_steps.common import Deadline, StepResult, free

from streamvu import _deps
from streamvu.memory.index import KeyTable

K = 6  # QueryConfig.top_k


def _keys(n: int, dim: int, device: str, seed: int) -> np.ndarray:
    gen = torch.Generator(device=device).manual_seed(seed)
    x = torch.randn(n, dim, generator=gen, device=device)
    x = torch.nn.functional.normalize(x, dim=1)
    return np.ascontiguousarray(x.cpu().numpy(), dtype=np.float32)


def _time_search(index, queries: np.ndarray, repeats: int) -> tuple[float, np.ndarray]:
    index.search(queries, K)  # warm-up
    times, ids = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        _, ids = index.search(queries, K)  # faiss returns after the GPU finished
        times.append((time.perf_counter() - started) * 1e3)
    return float(np.median(times)), ids


def run(device: str, smoke: bool, deadline: Deadline, dim: int) -> StepResult:
    res = StepResult("faiss", "faiss for the long-term archive: GPU vs CPU")
    if not _deps.has("faiss"):
        res.status, res.reason = "skipped", f"faiss is not installed: {_deps.install_hint('faiss')}"
        return res
    faiss = _deps.require("faiss")
    gpus = int(faiss.get_num_gpus()) if hasattr(faiss, "get_num_gpus") else 0
    sizes = [1_000, 4_000] if smoke else [100_000, 1_000_000]
    dim = 64 if smoke else dim
    res.summary = {
        "faiss": _deps.version("faiss-gpu") or _deps.version("faiss-cpu"),
        "faiss_gpus": gpus,
        "dim": dim,
    }
    if gpus == 0:
        res.notes.append("faiss has no GPU here (faiss-cpu, or faiss-gpu without a visible GPU): CPU only; "
                         "install faiss-gpu (pip install 'streamvu[faiss-gpu]', replacing faiss-cpu) to compare")  # fmt: skip
    key_device = device if torch.device(device).type == "cuda" else "cpu"
    for n in sizes:
        if deadline.over():
            res.status = "partial"
            res.notes.append(f"time budget reached before {n} keys")
            break
        keys = _keys(n, dim, key_device, seed=n)
        queries = _keys(64, dim, key_device, seed=n + 1)
        started = time.perf_counter()
        cpu = faiss.IndexFlatIP(dim)
        cpu.add(keys)
        add_s = time.perf_counter() - started
        reps = 3 if smoke else 5
        for batch in (1, 64):
            ms, cpu_ids = _time_search(cpu, queries[:batch], reps)
            res.rows.append(
                {
                    "keys": n,
                    "batch": batch,
                    "index": "faiss cpu",
                    "ms": round(ms, 3),
                    "build_s": round(add_s, 2),
                }
            )
            if gpus:
                started = time.perf_counter()
                gpu = faiss.index_cpu_to_all_gpus(cpu)
                to_gpu_s = time.perf_counter() - started
                g_ms, gpu_ids = _time_search(gpu, queries[:batch], reps)
                res.rows.append({"keys": n, "batch": batch, "index": "faiss gpu", "ms": round(g_ms, 3),
                                 "build_s": round(to_gpu_s, 2), "speedup": round(ms / g_ms, 2),
                                 "same_topk": float(np.mean([set(a) == set(b) for a, b in zip(gpu_ids, cpu_ids, strict=True)]))})  # fmt: skip
                del gpu
        table = KeyTable(keys, list(range(n)), list(range(1, n + 1)))
        started = time.perf_counter()
        table.search(queries[0], K, 0, n)  # builds the index (and moves it to the GPU when it can)
        first_s = time.perf_counter() - started
        times = []
        for q in queries[:10]:
            started = time.perf_counter()
            table.search(q, K, 0, n)
            times.append((time.perf_counter() - started) * 1e3)
        res.rows.append({"keys": n, "batch": 1, "index": f"KeyTable.search ({'gpu' if table._gpu_index is not None else 'cpu'})",
                         "ms": round(float(np.median(times)), 3), "build_s": round(first_s, 2)})  # fmt: skip
        del keys, table, cpu
        free(device)
    res.notes.append(f"exact IndexFlatIP, top-{K}; times are medians; build_s = adding the keys (cpu) or copying "
                     "the index to the GPU (gpu) or the first KeyTable search (which builds its index)")  # fmt: skip
    return res
