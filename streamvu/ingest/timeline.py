"""Continuous stream time over timestamp discontinuities (concatenated recordings, clock wraps, gaps).

A source's timestamps are not always one steady clock. ``cat a.ts b.ts`` (what many cameras and
recorders write) restarts the clock in the middle; MPEG-TS timestamps are 33-bit and wrap every
26.5 hours (FFmpeg's own unwrapping then turns a restart into a jump of +26.5 h); a camera that
froze leaves a hole. :class:`Timeline` sees a stream's timestamps one by one and returns, for each,
the offset (ticks) that makes stream time continuous. Every reader uses it on its raw timestamps
(PyAV on packets, in decode order; OpenCV and decord through the PyAV packet scan of the file), so
all backends give the same ``Frame.t`` and the same :class:`Discontinuity` list.

The policy (:class:`TimelinePolicy`):

* ``backward``: the clock went back (a restart) -> closed: stream time goes on one nominal frame
  interval after the last frame before it.
* ``wrap``: the 33-bit MPEG clock wrapped, or FFmpeg unwrapped a restart into a jump of about
  +26.5 h (a step of more than half the 2**33 range at 90 kHz) -> closed the same way.
* ``jump``: forward by more than ``max_gap_s`` (default one hour): a clock jump, not a pause -> closed.
* ``gap``: forward by more than ``gap_s`` (default 2 s, and at least 3 frame intervals) up to
  ``max_gap_s``: kept. The time passed for real (a camera that froze for 20 s, a recorder paused, a
  live stream that stalled), so captions and answers keep the source's own times; it is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

import numpy as np

DiscontinuityKind = Literal["backward", "wrap", "jump", "gap"]
MPEG_TIME_BASE = Fraction(1, 90000)
WRAP_TICKS = 1 << 33  # MPEG-TS/PS timestamps are 33-bit at 90 kHz


@dataclass(frozen=True)
class Discontinuity:
    """One place where a source's own timestamps are not continuous.

    t: stream time (seconds from the start, as in ``Frame.t``) of the first frame after it.
    raw_before, raw_after: the source's own timestamps (seconds on its clock: pts x time base) of the
        last frame before it and of the first frame after it.
    kind: ``"backward"``, ``"wrap"``, ``"jump"`` (closed: stream time goes on one frame interval
        later) or ``"gap"`` (kept: stream time steps over it as the source's clock did).
    """

    t: float
    raw_before: float
    raw_after: float
    kind: DiscontinuityKind

    @property
    def closed(self) -> bool:
        """True when stream time was made continuous over it (not a kept gap)."""
        return self.kind != "gap"

    def describe(self) -> str:
        what = (
            f"kept a {self.raw_after - self.raw_before:.3f} s gap"
            if self.kind == "gap"
            else "stream time continues one frame later"
        )
        return (
            f"timestamps {self.kind} at {self.t:.3f} s (source clock {self.raw_before:.3f} s -> "
            f"{self.raw_after:.3f} s): {what}"
        )


@dataclass(frozen=True)
class TimelinePolicy:
    """Thresholds of :class:`Timeline` (see the module docstring).

    gap_s: a forward step longer than this (and than 3 frame intervals) is reported as a ``gap``.
    max_gap_s: a forward step longer than this is a clock ``jump`` and is closed.
    """

    gap_s: float = 2.0
    max_gap_s: float = 3600.0

    def __post_init__(self) -> None:
        if not (0 < self.gap_s <= self.max_gap_s):
            raise ValueError(f"need 0 < gap_s <= max_gap_s, got {self.gap_s} and {self.max_gap_s}")


def frame_ticks(fps: float, time_base: Fraction) -> int:
    """One nominal frame interval (1 / fps; 1/30 s when unknown) in ticks, at least 1."""
    seconds = 1.0 / fps if fps and fps > 0 else 1.0 / 30.0
    return max(1, round(seconds / float(time_base)))


@dataclass
class Timeline:
    """Makes one stream's timestamps continuous; feed it every timestamped packet (or frame) in order.

    time_base: seconds per tick; start: the tick stream time counts from (``Frame.t == 0``).
    step: one nominal frame interval in ticks (see :func:`frame_ticks`).
    order: ``"decode"`` (packets: the decode timestamp ``dts`` is checked, as it only grows; for a
        packet without one, e.g. RTP, its pts) or ``"presentation"`` (decoded frames: ``pts``).
        In decode order a timestamp may be up to ``REORDER_S`` or 8 frame intervals below the
        largest one so far without being a discontinuity: B-frames are reordered, and some muxers
        write a dts equal to the pts.
    """

    REORDER_S = 0.5

    time_base: Fraction
    start: int
    step: int
    policy: TimelinePolicy = field(default_factory=TimelinePolicy)
    order: Literal["decode", "presentation"] = "decode"
    offset: int = 0
    discontinuities: list[Discontinuity] = field(default_factory=list)
    _key: int | None = None  # largest checked timestamp of the current segment (raw ticks)
    _max_pts: int | None = None  # largest raw pts of the current segment
    _max_pts_c: int | None = None  # largest corrected pts so far

    def shift(self, pts: int | None, dts: int | None = None) -> int:
        """The offset (ticks) to add to this item's pts and dts; detects a discontinuity before it."""
        if self.order == "decode" and dts is None:  # pts only, in decode order (reordered)
            if pts is None:
                return self.offset
            if self._max_pts is not None:
                kind = self._classify(pts - self._max_pts, self._reorder())
                if kind is not None:
                    self._cut(kind, self._max_pts, pts, pts)
        else:
            key = dts if self.order == "decode" else pts
            if key is None:
                return self.offset
            if self._key is not None:
                back = self._reorder() if self.order == "decode" else self.step // 2
                kind = self._classify(key - self._key, back)
                if kind is not None:
                    self._cut(kind, self._key, key, pts)
            self._key = key if self._key is None else max(self._key, key)
        if pts is not None:
            self._max_pts = pts if self._max_pts is None else max(self._max_pts, pts)
            c = pts + self.offset
            self._max_pts_c = c if self._max_pts_c is None else max(self._max_pts_c, c)
        return self.offset

    def _reorder(self) -> int:
        return max(8 * self.step, round(self.REORDER_S / float(self.time_base)))

    def _classify(self, delta: int, back: int) -> DiscontinuityKind | None:
        """What a step of ``delta`` ticks from the segment's largest timestamp is (``back``: the most
        it may go back without being a discontinuity)."""
        tb = self.time_base
        if self.time_base == MPEG_TIME_BASE and abs(delta) > WRAP_TICKS // 2:
            return "wrap"
        if delta < -back:
            return "backward"
        seconds = float(delta * tb)
        if seconds > self.policy.max_gap_s:
            return "jump"
        if seconds > self.policy.gap_s and delta > 3 * self.step:
            return "gap"
        return None

    def _cut(self, kind: DiscontinuityKind, ref: int, key: int, pts: int | None) -> None:
        """A new segment starts at ``key`` (ref: the largest of the same timestamp before it)."""
        tb = self.time_base
        before = self._max_pts if self._max_pts is not None else ref
        if kind != "gap":
            offset = ref + self.offset + self.step - key
            if pts is not None and self._max_pts_c is not None:
                offset = max(offset, self._max_pts_c + self.step - pts)
            self.offset = offset
        after = pts if pts is not None else key
        self.discontinuities.append(
            Discontinuity(
                t=float((after + self.offset - self.start) * tb),
                raw_before=float(before * tb) if before is not None else 0.0,
                raw_after=float(after * tb),
                kind=kind,
            )
        )
        self._key = None
        self._max_pts = None


def continuous_ticks(
    ticks: np.ndarray, time_base: Fraction, step: int, policy: TimelinePolicy | None = None
) -> tuple[np.ndarray, list[Discontinuity]]:
    """Frame timestamps (ticks, presentation order, the first one is the start) made continuous."""
    if not len(ticks):
        return np.asarray(ticks, np.int64), []
    line = Timeline(time_base, int(ticks[0]), step, policy or TimelinePolicy(), order="presentation")
    out = np.asarray([t + line.shift(t) for t in np.asarray(ticks, np.int64).tolist()], np.int64)
    return out, line.discontinuities


class TimeMap:
    """A scanned file's frames in presentation order: raw pts -> continuous pts and position.

    Readers that see decoded frames with their raw timestamps (OpenCV) find each frame here: a raw
    pts can occur once per segment (two recordings both starting at 1.4 s), so the lookup takes the
    first position at or after a cursor that moves forward with the frames.
    """

    def __init__(self, raw: np.ndarray, pts: np.ndarray) -> None:
        self.raw = np.asarray(raw, np.int64)
        self.pts = np.asarray(pts, np.int64)
        self._where: dict[int, list[int]] = {}
        for i, r in enumerate(self.raw.tolist()):
            self._where.setdefault(r, []).append(i)

    def locate(self, raw: int, after: int = 0) -> int | None:
        """The first position >= ``after`` whose raw pts is ``raw`` (None when there is none)."""
        for i in self._where.get(int(raw), ()):
            if i >= after:
                return i
        return None

    @property
    def raw_in_order(self) -> bool:
        """True when raw timestamps grow with presentation order (a reader sorting by them keeps it)."""
        return bool(np.all(np.diff(self.raw) > 0))


__all__ = [
    "Discontinuity",
    "DiscontinuityKind",
    "TimeMap",
    "Timeline",
    "TimelinePolicy",
    "continuous_ticks",
    "frame_ticks",
]
