"""Cutting a stream of encoded frames into clips to caption: fixed length or at scene changes.

Both segmenters are *streaming and causal*: feed frames in time order with :meth:`Segmenter.push`,
which returns the clip it closes (if any); :meth:`Segmenter.finish` closes the last one. A cut
depends only on the frames since the current clip began, so a run resumed at a clip boundary
(``streamvu caption`` resuming an interrupted file) finds exactly the same later clips.

* ``fixed``: clip ``k`` holds the frames with ``k * length <= t < (k + 1) * length``.
* ``scene``: a new clip starts at a frame whose pooled visual feature is far from the mean of the
  current clip (cosine distance above ``threshold``), once the clip is ``min_s`` long; clips are
  also cut at ``max_s``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

import numpy as np

from streamvu.messages import FrameTokens

SegmentMode = Literal["fixed", "scene"]
"""How clips are cut (see :class:`SegmentConfig`)."""
MODES: tuple[SegmentMode, ...] = get_args(SegmentMode)


@dataclass(frozen=True)
class SegmentConfig:
    """How a video is cut into captioned clips.

    mode: "fixed" (every ``length_s`` seconds) or "scene" (at visual changes).
    length_s: fixed mode: seconds per clip (the last one may be shorter).
    threshold: scene mode: cosine distance in [0, 2] between a frame's pooled feature and the
        current clip's mean above which a new clip starts.
    min_s: scene mode: a clip is at least this long (except the last).
    max_s: scene mode: a clip is cut after this many seconds even without a scene change.
    """

    mode: SegmentMode = "fixed"
    length_s: float = 5.0
    threshold: float = 0.25
    min_s: float = 2.0
    max_s: float = 30.0

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown segmentation {self.mode!r}; choose one of: {', '.join(MODES)}")
        if not self.length_s > 0:
            raise ValueError(f"segment length must be > 0 seconds, got {self.length_s}")
        if not 0 < self.threshold <= 2:
            raise ValueError(f"scene threshold must be in (0, 2], got {self.threshold}")
        if self.min_s < 0 or not self.max_s > 0 or self.max_s < self.min_s:
            raise ValueError(
                f"need 0 <= min_s <= max_s and max_s > 0, got min_s={self.min_s}, max_s={self.max_s}"
            )


@dataclass
class Clip:
    """Frames ``items`` covering ``[start, end)`` seconds of the video."""

    start: float
    end: float
    items: list[FrameTokens] = field(default_factory=list)


class Segmenter:
    """Streaming segmenter; see the module docstring. ``start``: time of the first clip's start
    (a resumed run starts at the end of the last clip already done)."""

    def __init__(self, config: SegmentConfig, start: float = 0.0) -> None:
        self.config = config
        self._clip: Clip | None = None
        self._start = start
        self._sum: np.ndarray | None = None

    def push(self, item: FrameTokens) -> Clip | None:
        """Add the next frame; returns the clip this frame closed, or None."""
        t = float(item.t)
        closed = None
        if self._clip is not None and self._cuts_before(item, t):
            fixed = self.config.mode == "fixed"
            closed = self._close(self._clip.start + self.config.length_s if fixed else t)
        if self._clip is None:
            self._clip = Clip(start=self._clip_start(t), end=t)
            self._sum = None
        self._clip.items.append(item)
        self._clip.end = t
        vec = _unit(item.pooled)
        self._sum = vec if self._sum is None else self._sum + vec
        return closed

    def finish(self, end: float) -> Clip | None:
        """Close the last clip at ``end`` seconds (the video's duration); None when no frame came."""
        if self._clip is None:
            return None
        end = max(end, self._clip.end)
        if self.config.mode == "fixed":
            end = min(end, self._clip.start + self.config.length_s)
        return self._close(end)

    # -- internals -----------------------------------------------------------------------------
    def _clip_start(self, t: float) -> float:
        if self.config.mode == "fixed":
            return max(self._start, (t // self.config.length_s) * self.config.length_s)
        return self._start

    def _cuts_before(self, item: FrameTokens, t: float) -> bool:
        assert self._clip is not None
        cfg = self.config
        if cfg.mode == "fixed":
            return t >= self._clip.start + cfg.length_s - 1e-9
        length = t - self._clip.start
        if length >= cfg.max_s - 1e-9:
            return True
        if length < cfg.min_s - 1e-9 or self._sum is None:
            return False
        mean = self._sum / max(float(np.linalg.norm(self._sum)), 1e-12)
        return 1.0 - float(mean @ _unit(item.pooled)) > cfg.threshold

    def _close(self, end: float) -> Clip:
        assert self._clip is not None
        clip, self._clip = self._clip, None
        clip.end = end
        self._start = end
        return clip


def _unit(pooled) -> np.ndarray:
    vec = np.asarray(
        pooled.detach().cpu().float() if hasattr(pooled, "detach") else pooled, np.float32
    ).reshape(-1)
    return vec / max(float(np.linalg.norm(vec)), 1e-12)
