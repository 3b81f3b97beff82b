"""Step 3 of the GPU suite: a real-size VLM (random weights) encoding frames and answering from memory.

Per model: frames encoded per second through streamvu's own encoder path (resize, normalise,
patchify, vision tower + merger, bf16 on the GPU); a stream simulated at 1 fps by feeding encoded
frames into the pyramid memory up to 1 min, 30 min and 2 h, and at each point the time to first
token (prefill + first token) of a "now" and a "past" question through the query handler
(retrieval, pruning, prompt) and the VLM answerer, with GPU memory; prefill time at keep ratio
1.0 / 0.5 / 0.25; and the second question's time to first token with and without prefix KV reuse.

Encoding every frame of a 2-hour stream would take most of the suite's time, so a pool of frames
is encoded once (timed) and the stream cycles through the pool's tokens with new timestamps. The
memory, retrieval, pruning and answering all see a real stream of that length.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import replace

import numpy as np
import torch
from gpu_steps.common import Deadline, StepResult, free, gpu_memory, reset_peak, sync
from gpu_steps.qwen_configs import PUBLISHED, PUBLISHED_PARAMS_B, build_bundle, count_params_on_meta

from streamvu.answerers.vlm import VLMAnswerConfig, VLMAnswerer
from streamvu.encoders.hf import HFEncoderConfig, vlm_encoder
from streamvu.memory import MemoryConfig, PyramidMemory
from streamvu.messages import Frame, Question
from streamvu.pipeline.query import QueryConfig, QueryHandler

NOW_Q = "What is happening in the video now?"
PAST_Q = "What happened before, earlier in the video?"
SECOND_Q = "Describe the scene in one sentence."
STC_PREFILL_CLAIM = -45.3  # % prefill latency, STC-Pruner (reported)
MIN_MODEL_S = 45  # a model is not started with less of the step's budget left


def synthetic_frames(count: int, height: int = 360, width: int = 640, seed: int = 0) -> list[Frame]:
    """Frames with structure (moving gradients and blocks, some noise) at 1 fps."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width]
    out = []
    for i in range(count):
        img = np.stack([(xx + 7 * i) % 256, (yy + 3 * i) % 256, ((xx + yy) // 2 + 11 * i) % 256], axis=-1)
        r0, c0 = (17 * i) % (height - 64), (29 * i) % (width - 64)
        img[r0 : r0 + 64, c0 : c0 + 64] = rng.integers(0, 256, 3)
        img = np.clip(img + rng.normal(0, 8, img.shape), 0, 255).astype(np.uint8)
        out.append(Frame(t=float(i + 1), index=i, rgb=img))
    return out


def _ttft(handler: QueryHandler, answerer: VLMAnswerer, text: str, mode: str, snapshot, at: float) -> dict:
    """Question -> context (retrieve, prune) -> prompt -> prefill + first token, timed."""
    sync(answerer.bundle.device)
    started = time.perf_counter()
    context = handler.context(Question(text, asked_at=at, mode=mode), snapshot)
    reply = answerer.reply(context, max_new_tokens=1)
    for _ in reply:
        pass
    sync(answerer.bundle.device)
    info = reply.prefill
    return {"ttft_s": time.perf_counter() - started, "prefill_s": info.prefill_s, "prompt_tokens": info.prompt_tokens,
            "prefilled_tokens": info.prefilled_tokens, "entries": len(context.entries)}  # fmt: skip


def _repeat(repeats: int, deadline: Deadline, *args) -> list[dict]:
    """``_ttft(*args)`` up to ``repeats`` times, at least once, fewer once the budget is spent."""
    runs = [_ttft(*args)]
    while len(runs) < repeats and not deadline.over():
        runs.append(_ttft(*args))
    return runs


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def run_model(name: str, device: str, dtype: torch.dtype, points: list[float], pool: int, repeats: int,
              deadline: Deadline, image_size: int = 448, rows: list[dict] | None = None,
              ) -> tuple[list[dict], dict, list[str]]:  # fmt: skip
    """One model's rows, summary and notes (see the module docstring); rows are appended to ``rows``
    as they are measured (the step's own list: a process stopped midway keeps them)."""
    rows = [] if rows is None else rows
    notes: list[str] = []
    reset_peak(device)
    bundle, build_s = build_bundle(name, device, dtype)
    params = sum(p.numel() for p in bundle.model.parameters())
    loaded = gpu_memory(device)
    encoder = vlm_encoder(bundle, HFEncoderConfig(image_size=image_size, batch_size=8))
    frames = synthetic_frames(pool)
    encoder.encode(frames[: min(8, pool)])  # warm-up (kernels, allocator)
    sync(device)
    started = time.perf_counter()
    items = encoder.encode(frames)
    sync(device)
    enc_s = time.perf_counter() - started
    fps = len(frames) / enc_s
    rows.append({"model": name, "measure": "encode", "value": round(fps, 2), "unit": "frames/s",
                 "detail": f"{len(frames)} frames 640x360 -> {image_size}px, {items[0].tokens.shape[0]} tokens/frame, "
                           f"batch 8"})  # fmt: skip

    memory = PyramidMemory(MemoryConfig(key="both"))
    plain = VLMAnswerer(bundle, VLMAnswerConfig(max_new_tokens=1, kv_reuse=False))
    # the production answer path: pruning on the model's device (the Triton kernel on CUDA); the VLM's
    # own retrieval (no text embedder)
    handler = QueryHandler(QueryConfig(keep_ratio=0.5), embedder=None, answerer=plain, device=device)
    fed, by_point, feed_s = 0, {}, 0.0
    for point in points:
        t0 = time.perf_counter()
        while fed < int(point) and not (fed % 20 == 0 and deadline.over()):
            item = items[fed % len(items)]
            memory.add(replace(item, t=float(fed + 1), index=fed))
            fed += 1
        feed_s += time.perf_counter() - t0
        if fed < int(point):
            notes.append(
                f"time budget reached while feeding: stopped at {fed} s of stream, before {point:.0f} s"
            )
            break
        snap = memory.snapshot()
        if not by_point:  # warm-up (first prefill shapes, allocator), not recorded
            for mode, text in (("now", NOW_Q), ("past", PAST_Q)):
                _ttft(handler, plain, text, mode, snap, float(fed))
        reset_peak(device)
        for mode, text in (("now", NOW_Q), ("past", PAST_Q)):
            runs = _repeat(repeats, deadline, handler, plain, text, mode, snap, float(fed))
            mem = gpu_memory(device)
            by_point[(point, mode)] = runs
            rows.append({"model": name, "measure": f"ttft {mode}", "stream_s": point,
                         "value": round(1e3 * _median(runs, "ttft_s"), 1), "unit": "ms",
                         "prompt_tokens": runs[0]["prompt_tokens"], "entries": runs[0]["entries"],
                         "memory_entries": len(snap.entries), "host_memory_mb": round(memory.nbytes() / 2**20, 1),
                         "gpu_allocated_gib": mem["allocated_gib"], "gpu_peak_gib": mem["peak_gib"]})  # fmt: skip
        if deadline.over():
            notes.append(f"time budget reached after the {point:.0f} s point")
            break

    if not by_point:
        notes.append("no stream point was reached within the budget")
        return rows, {"encode_fps": round(fps, 2), "params_b": round(params / 1e9, 3)}, notes
    last = max(p for p, _ in by_point)
    snap = memory.snapshot()
    prefill = {}
    for ratio in (1.0, 0.5, 0.25):
        if deadline.over():
            notes.append(f"time budget reached before prefill at keep ratio {ratio}")
            break
        h = QueryHandler(QueryConfig(keep_ratio=ratio), embedder=None, answerer=plain, device=device)
        runs = _repeat(repeats, deadline, h, plain, NOW_Q, "now", snap, float(fed))
        prefill[ratio] = _median(runs, "prefill_s")
        rows.append(
            {
                "model": name,
                "measure": f"prefill keep {ratio}",
                "stream_s": last,
                "value": round(1e3 * prefill[ratio], 1),
                "unit": "ms",
                "prompt_tokens": runs[0]["prompt_tokens"],
            }
        )

    reuse = {}
    for kv in (False, True):
        if deadline.over():
            notes.append(f"time budget reached before the second question with kv_reuse={kv}")
            break
        ans = VLMAnswerer(bundle, VLMAnswerConfig(max_new_tokens=1, kv_reuse=kv))
        h = QueryHandler(QueryConfig(keep_ratio=0.5), embedder=None, answerer=ans, device=device)
        firsts, seconds = [], []
        for i in range(repeats):
            if i and deadline.over():
                break
            if ans.kv is not None:
                ans.kv.clear()
            firsts.append(_ttft(h, ans, NOW_Q, "now", snap, float(fed)))
            seconds.append(_ttft(h, ans, SECOND_Q, "now", snap, float(fed)))
        reuse[kv] = (_median(firsts, "ttft_s"), _median(seconds, "ttft_s"))
        rows.append({"model": name, "measure": f"2nd question ttft, kv_reuse={kv}", "stream_s": last,
                     "value": round(1e3 * reuse[kv][1], 1), "unit": "ms",
                     "first_ms": round(1e3 * reuse[kv][0], 1), "prefilled_tokens": seconds[0]["prefilled_tokens"],
                     "prompt_tokens": seconds[0]["prompt_tokens"]})  # fmt: skip

    first_p, last_p = min(p for p, _ in by_point), last
    growth = {mode: 100 * (_median(by_point[(last_p, mode)], "ttft_s") / _median(by_point[(first_p, mode)], "ttft_s") - 1)
              for mode in ("now", "past")}  # fmt: skip
    mine = [r for r in rows if r["model"] == name and r["measure"] == "ttft now"]
    mem_first = next(r for r in mine if r["stream_s"] == first_p)
    mem_last = next(r for r in mine if r["stream_s"] == last_p)
    summary = {
        "params_b": round(params / 1e9, 3), "build_s": round(build_s, 1), "gpu_after_load_gib": loaded["allocated_gib"],
        "attention": getattr(bundle.model.config, "_attn_implementation", None),
        "encode_fps": round(fps, 2), "stream_points_s": [p for p in points if (p, "now") in by_point],
        "feed_s": round(feed_s, 1),
        "ttft_growth_pct": {m: round(g, 1) for m, g in growth.items()},
        "ttft_flat_within_20pct": all(g <= 20 for g in growth.values()),
        "gpu_allocated_gib": {"first": mem_first["gpu_allocated_gib"], "last": mem_last["gpu_allocated_gib"]},
        "host_memory_mb": {"first": mem_first["host_memory_mb"], "last": mem_last["host_memory_mb"]},
        "prefill_change_pct": {str(r): round(100 * (prefill[r] / prefill[1.0] - 1), 1) for r in (0.5, 0.25)
                               if r in prefill and 1.0 in prefill},
        "stc_claim_prefill_pct": STC_PREFILL_CLAIM,
        "kv_reuse_second_ttft_ratio": round(reuse[True][1] / reuse[False][1], 3) if len(reuse) == 2 else None,
    }  # fmt: skip
    del plain, handler, memory, encoder, bundle
    free(device)
    return rows, summary, notes


def run(device: str, smoke: bool, deadline: Deadline, models: list[str]) -> StepResult:
    """Step 3 over ``models`` (the tiny random Qwen2.5-VL in the dry run)."""
    res = StepResult("vlm", "Real-size VLM: encoding, TTFT over a long stream, memory, pruning, KV reuse")
    for name in PUBLISHED:  # the architectures as data: parameter counts against the published ones
        params = count_params_on_meta(name) / 1e9
        res.rows.append({"model": name, "measure": "parameters (meta device)", "value": round(params, 3),
                         "unit": "B", "published": PUBLISHED_PARAMS_B[name],
                         "matches": abs(params / PUBLISHED_PARAMS_B[name] - 1) < 0.005})  # fmt: skip
    if smoke:
        models, points, pool, repeats, dtype, side = ["tiny"], [6.0, 12.0, 24.0], 4, 1, torch.float32, 112
    else:
        points, pool, repeats, dtype, side = [60.0, 1800.0, 7200.0], 64, 3, torch.bfloat16, 448
    for i, name in enumerate(models):
        if deadline.over():
            res.status = "partial"
            res.notes.append(f"time budget reached before {name}")
            break
        share = Deadline(deadline.left() / (len(models) - i))
        if not smoke and share.left() < MIN_MODEL_S:
            res.status = "partial"
            res.notes.append(
                f"{name}: not run, {share.left():.0f} s of the step's budget left (< {MIN_MODEL_S} s)"
            )
            continue
        try:
            _, summary, notes = run_model(name, device, dtype, points, pool, repeats, share, side, res.rows)
        except torch.cuda.OutOfMemoryError as exc:
            res.status = "partial"
            res.notes.append(f"{name}: out of GPU memory: {exc}")
            free(device)
            continue
        if any("time budget reached" in n or "no stream point" in n for n in notes):
            res.status = "partial"
        res.summary = {**res.summary, name: summary}  # a new dict: the checkpoint thread may be copying it
        res.notes += [f"{name}: {n}" for n in notes]
    res.notes += [
        "random weights with the published architecture; tiny byte-level tokenizer (text takes more tokens "
        "than Qwen's tokenizer would; visual tokens unchanged)",
        "stream: a pool of encoded frames fed at 1 fps with new timestamps; questions through the query handler "
        "(retrieval, pruning at keep 0.5 unless stated) and the VLM answerer; TTFT = context + prefill + 1 token",
        f"QueryHandler(device={device!r}): memory keeps tokens on the CPU; each question's selected entries go "
        "to that device and are pruned there (on CUDA by the Triton kernel), inside TTFT: the production path",
        f"STC reports {STC_PREFILL_CLAIM}% prefill latency from pruning; our prefill_change_pct is ours, measured here",
    ]
    if smoke:
        res.notes.append(
            "dry run: tiny random Qwen2.5-VL (hidden 64, 2 layers) on CPU, fp32, 112 px frames, short stream; "
            "real-size configs checked on the meta device instead"
        )
    return res
