"""Sampling by presentation timestamp, the resize policy, and the seek-vs-skip choice.

The sampler never guesses times from ``index / fps``: it sees each decoded frame's exact
presentation time and keeps the first frame at or after each target time
``t_k = start + k / fps``. Targets a frame already passed are skipped, so a frame is
never emitted twice and variable-frame-rate sources are sampled correctly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np

from streamvu.messages import TIME_TOLERANCE_S

SamplingMode = Literal["fps", "all", "keyframes"]
"""Which frames a sampler keeps (see :class:`SamplerConfig`)."""
MODES: tuple[SamplingMode, ...] = get_args(SamplingMode)

# Times are compared with this slack (seconds) so 1/3 s targets match frames at 0.3333 s.


@dataclass(frozen=True)
class SamplerConfig:
    """Which frames a source emits.

    fps: target sampling rate in frames per second; ``None`` keeps every frame.
    mode: ``"fps"`` (first frame at or after each target time), ``"all"`` (every frame;
        ``fps`` is ignored) or ``"keyframes"`` (only keyframes, decoded without the frames
        between them; ``fps`` is ignored).
    start: seconds from the stream start; frames before it are not emitted.
    end: frames with ``t > end`` are not emitted (``None``: to the end of the stream).
    max_side: resize so the longer side is at most this many pixels, keeping the aspect
        ratio (``None``: decoded size). Frames are never enlarged.
    """

    fps: float | None = 1.0
    mode: SamplingMode = "fps"
    start: float = 0.0
    end: float | None = None
    max_side: int | None = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"SamplerConfig.mode must be one of {MODES}, got {self.mode!r}")
        if self.fps is not None and not (isinstance(self.fps, (int, float)) and math.isfinite(self.fps)):
            raise ValueError(f"SamplerConfig.fps must be a finite number or None, got {self.fps!r}")
        if self.fps is not None and self.fps <= 0:
            raise ValueError(f"SamplerConfig.fps must be > 0 (or None for every frame), got {self.fps}")
        if not math.isfinite(self.start) or self.start < 0:
            raise ValueError(f"SamplerConfig.start must be >= 0 seconds, got {self.start}")
        if self.end is not None and (not math.isfinite(self.end) or self.end < self.start):
            raise ValueError(f"SamplerConfig.end must be >= start ({self.start}), got {self.end}")
        if self.max_side is not None and (
            isinstance(self.max_side, bool) or not isinstance(self.max_side, int) or self.max_side < 2
        ):
            raise ValueError(f"SamplerConfig.max_side must be an int >= 2 or None, got {self.max_side!r}")

    @property
    def every_frame(self) -> bool:
        """True when every frame in ``[start, end]`` is emitted."""
        return self.mode == "all" or (self.mode == "fps" and self.fps is None)

    @property
    def interval(self) -> float:
        """Seconds between target times (0 when every frame or every keyframe is kept)."""
        if self.mode != "fps" or self.fps is None:
            return 0.0
        return 1.0 / self.fps


class TimestampSampler:
    """Decides, frame by frame in presentation order, which frames to keep.

    ``wants(t)`` is cheap and side-effect free (call it before converting pixels);
    ``take(t)`` records that the frame at ``t`` was emitted and moves to the next target.
    """

    def __init__(self, config: SamplerConfig) -> None:
        self.config = config
        self._k = 0  # index of the next target time (fps mode)
        self._last: float | None = None  # time of the last emitted frame

    @property
    def started(self) -> bool:
        """True once a frame was emitted."""
        return self._last is not None

    @property
    def next_target(self) -> float:
        """The earliest time the next emitted frame may have."""
        cfg = self.config
        if cfg.interval == 0.0:
            return cfg.start if self._last is None else self._last
        return cfg.start + self._k * cfg.interval

    def finished(self, t: float) -> bool:
        """True once frames at ``t`` (and later) are past ``end``."""
        return self.config.end is not None and t > self.config.end + TIME_TOLERANCE_S

    def wants(self, t: float) -> bool:
        """Would a frame at presentation time ``t`` be emitted?"""
        cfg = self.config
        if t < cfg.start - TIME_TOLERANCE_S or self.finished(t):
            return False
        if self._last is not None and t <= self._last + TIME_TOLERANCE_S:
            return False  # never the same (or an earlier) frame twice
        return cfg.interval == 0.0 or t >= self.next_target - TIME_TOLERANCE_S

    def take(self, t: float) -> None:
        """Record that the frame at ``t`` was emitted; targets it passed are skipped."""
        self._last = t
        cfg = self.config
        if cfg.interval:
            # smallest k with start + k*interval > t (targets at or before t are used up)
            self._k = max(self._k + 1, math.floor((t - cfg.start) / cfg.interval + TIME_TOLERANCE_S) + 1)


def select_times(
    times: np.ndarray, config: SamplerConfig, candidates: np.ndarray | None = None
) -> np.ndarray:
    """Positions in ``times`` (sorted seconds) of the frames ``config`` keeps, decided before decoding.

    candidates: positions allowed (e.g. keyframes); default all. Same rule as ``TimestampSampler``.
    """
    pool = np.arange(len(times)) if candidates is None else np.asarray(candidates, np.int64)
    if not len(pool):
        return pool
    pool = pool[np.searchsorted(times[pool], config.start - TIME_TOLERANCE_S) :]
    sampler, keep = TimestampSampler(config), []
    for i in pool.tolist():
        t = float(times[i])
        if sampler.finished(t):
            break
        if sampler.wants(t):
            sampler.take(t)
            keep.append(i)
    return np.asarray(keep, np.int64)


def target_size(width: int, height: int, max_side: int | None) -> tuple[int, int]:
    """(w, h) after the max-side policy: longer side <= ``max_side``, aspect kept, never enlarged."""
    if max_side is None or max(width, height) <= max_side:
        return width, height
    scale = max_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


ReadStrategy = Literal["decode", "seek"]
"""How a file is read for one sampling job (see :class:`Plan`)."""
READ_STRATEGIES: tuple[ReadStrategy, ...] = get_args(ReadStrategy)


@dataclass(frozen=True)
class Plan:
    """How a file is read for one sampling job.

    strategy: ``"decode"`` reads every packet and converts only kept frames to RGB;
        ``"seek"`` jumps to the keyframe before each target when the next keyframe comes
        before the target (no decoding of the frames in between).
    reason: one line saying why, for logs and the benchmark.
    """

    strategy: ReadStrategy
    reason: str


# Overhead of one jump, in decoded-frame equivalents. A container seek (av_seek_frame + decoder
# flush + refilling frame threads) measured about 12 frames of 720p H.264 on 2 cores (DESIGN.md
# section 4: seeking lost 20 vs 88 frames/s with sparse keyframes, won 103 vs 88 with a 1 s GOP).
# PyAV's reader jumps inside the packet stream instead (drops packets up to the keyframe while
# demuxing, no flush), which costs about one frame.
SEEK_COST_FRAMES = 12.0
PACKET_JUMP_COST_FRAMES = 1.0


def choose_strategy(
    config: SamplerConfig,
    keyframe_interval: float | None,
    fps: float,
    seek_cost_frames: float = SEEK_COST_FRAMES,
) -> Plan:
    """Pick decode-and-skip or seek from the keyframe spacing and the sampling interval.

    Seeking pays when targets are further apart than the keyframe spacing: each jump skips
    whole GOPs and decodes on average half a GOP to reach the target. With sparse keyframes
    (or every frame wanted) the decoder has to run through every frame anyway, so plain
    decoding with cheap skipping (no RGB conversion) wins.
    """
    if config.mode == "keyframes":
        return Plan("seek", "keyframes only: non-key packets are never decoded")
    if config.every_frame:
        return Plan("decode", "every frame is wanted")
    if not keyframe_interval or keyframe_interval <= 0 or fps <= 0:
        return Plan("decode", "keyframe spacing unknown")
    interval = config.interval
    # frames decoded per target: decode-and-skip = all of them; seek = half a GOP + seek cost
    skip_cost = interval * fps
    seek_cost = 0.5 * keyframe_interval * fps + seek_cost_frames
    if interval > keyframe_interval and seek_cost < skip_cost:
        return Plan("seek", f"targets every {interval:.3g}s, keyframes every {keyframe_interval:.3g}s")
    return Plan(
        "decode",
        f"keyframes every {keyframe_interval:.3g}s >= target spacing {interval:.3g}s "
        "or too close to gain from seeking",
    )
