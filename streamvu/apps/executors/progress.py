"""The driver's progress bar over units: done / failed counts and throughput."""

from __future__ import annotations

import sys
import time

from tqdm.auto import tqdm


class UnitProgress:
    """``videos: 40%|####      | 4/10 [00:12, failed=1, 0.33 video/s, 21x real time]``.

    ``add(ok, media_s)`` after each unit; ``media_s`` is the seconds of video it covered (for the
    real-time factor). ``note(line)`` prints a line above the bar.
    """

    def __init__(
        self, total: int, *, desc: str = "videos", unit: str = "video", done: int = 0, enabled: bool = True
    ) -> None:
        self.started = time.perf_counter()
        self.failed = 0
        self.processed = 0
        self.media_s = 0.0
        self.unit = unit
        self.bar = tqdm(
            total=total,
            initial=done,
            desc=desc,
            unit=unit,
            disable=not enabled,
            position=0,
            leave=True,
            dynamic_ncols=True,
            file=sys.stderr,
        )

    def add(self, ok: bool, media_s: float = 0.0) -> None:
        self.processed += 1
        self.failed += not ok
        self.media_s += media_s
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        postfix = f"failed={self.failed}, {self.processed / elapsed:.2f} {self.unit}/s"
        if self.media_s:
            postfix += f", {self.media_s / elapsed:.1f}x real time"
        self.bar.set_postfix_str(postfix, refresh=False)
        self.bar.update(1)

    def note(self, line: str) -> None:
        tqdm.write(line, file=sys.stderr)

    def close(self) -> None:
        self.bar.close()
