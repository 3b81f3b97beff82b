"""What every step of the GPU suite shares: its result record, the timer and the device facts."""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Literal

import torch

Status = Literal["ok", "partial", "skipped", "failed"]


@dataclass
class StepResult:
    """One step's outcome.

    status: ok (all measured), partial (its time budget ran out, or some items failed: see notes),
        skipped (cannot run here: see reason), failed (raised: see error).
    rows: one dict per measurement (the Markdown table's rows).
    summary: the step's headline numbers and whether each target was met.
    notes: how the numbers were computed, and anything that differs from the claim they answer.
    """

    name: str
    title: str
    status: Status = "ok"
    seconds: float = 0.0
    rows: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    reason: str | None = None
    error: str | None = None

    def __post_init__(self) -> None:
        _LIVE.append(self)  # the worker process writes the newest one out while the step runs

    def to_dict(self) -> dict:
        return asdict(self)


_LIVE: list[StepResult] = []


class Checkpoints:
    """Writes the step's newest :class:`StepResult` to ``path`` every ``every_s`` seconds (a daemon
    thread) and once more at :meth:`final`: a worker stopped at its hard deadline leaves what it had
    measured, rows included, for the suite to report as ``partial``."""

    def __init__(self, path: str, name: str, every_s: float = 1.0) -> None:
        self.path, self.name, self.every_s = path, name, every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="gpu-suite-checkpoints", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.every_s):
            if _LIVE:
                self.write(_LIVE[-1])

    def write(self, res: StepResult) -> None:
        try:
            text = json.dumps(res.to_dict(), default=str)
        except RuntimeError:  # the step changed a dict while it was copied: the next tick writes it
            return
        tmp = f"{self.path}.tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, self.path)  # atomic: the suite never reads half a file

    def final(self, res: StepResult) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.write(res)


class Deadline:
    """A step's time budget: ``left()`` seconds remain; ``over()`` once it is spent."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def over(self) -> bool:
        return self.left() <= 0


def sync(device: torch.device | str) -> None:
    if torch.device(device).type == "cuda":
        torch.cuda.synchronize(device)


def time_ms(
    fn: Callable[[], object],
    device: torch.device | str,
    *,
    warmup: int = 2,
    repeats: int = 10,
    max_s: float = 2.0,
    min_batch_ms: float = 1.0,
) -> float:
    """Median milliseconds of one ``fn()`` call on ``device``.

    CUDA work is asynchronous, so the clock is read only after ``torch.cuda.synchronize``; calls
    shorter than ``min_batch_ms`` are run several times between two synchronizations and averaged,
    so launch latency is not all that is measured. Stops after ``max_s`` seconds of repeats.
    """  # fmt: skip
    for _ in range(warmup):
        fn()
    sync(device)
    start = time.perf_counter()
    fn()
    sync(device)
    once = (time.perf_counter() - start) * 1e3
    batch = max(1, min(100, int(min_batch_ms / max(once, 1e-3))))
    samples: list[float] = []
    began = time.perf_counter()
    while len(samples) < repeats and (not samples or time.perf_counter() - began < max_s):
        start = time.perf_counter()
        for _ in range(batch):
            fn()
        sync(device)
        samples.append((time.perf_counter() - start) * 1e3 / batch)
    return statistics.median(samples)


def gpu_memory(device: torch.device | str) -> dict[str, float | None]:
    """Allocated and peak GPU memory (GiB) since the last reset; None on CPU."""
    if torch.device(device).type != "cuda":
        return {"allocated_gib": None, "peak_gib": None}
    return {"allocated_gib": round(torch.cuda.memory_allocated(device) / 2**30, 3),
            "peak_gib": round(torch.cuda.max_memory_allocated(device) / 2**30, 3)}  # fmt: skip


def reset_peak(device: torch.device | str) -> None:
    if torch.device(device).type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)


def free(device: torch.device | str) -> None:
    import gc

    gc.collect()
    if torch.device(device).type == "cuda":
        torch.cuda.empty_cache()
