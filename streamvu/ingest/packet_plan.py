"""Exact frame timing from a packet scan, and the per-packet decode plan built on it.

A file's packet headers are read once without decoding (~0.1 s per 10 min of 720p): that
gives every frame's presentation timestamp and every keyframe. From them the sampler's
choices are known *before decoding*, so the reader can, packet by packet:

* ``drop``:   skip packets up to the last keyframe at or before the next wanted frame (a seek
  without a container seek: no decoder flush, no re-read),
* ``skip``:   decode with ``skip_frame=NONREF`` (a frame nobody wants; if nothing references it
  the decoder need not reconstruct it),
* ``decode``: a wanted frame, or one the wanted frames depend on.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from streamvu.ingest.sampling import SamplerConfig, select_times
from streamvu.ingest.timeline import Discontinuity, Timeline, TimeMap


@dataclass(frozen=True)
class StreamIndex:
    """Exact timing of every frame from one pass over the packet headers.

    time_base: seconds per tick; start: the stream's start (ticks) that times count from.
    pts: presentation timestamps of all frames, sorted (ticks), made continuous by ``timeline.Timeline``.
    key_pts: of keyframes, sorted (keyframes are never reordered, so also decode order).
    raw_pts: the source's own pts of the frames in ``pts`` (equal to it without discontinuities).
    discontinuities: where the source's timestamps jumped (see ``timeline``).
    """

    time_base: Fraction
    start: int
    pts: np.ndarray
    key_pts: np.ndarray
    raw_pts: np.ndarray | None = None
    discontinuities: tuple[Discontinuity, ...] = ()

    def seconds(self, pts: np.ndarray) -> np.ndarray:
        """Ticks to seconds from the stream start, correctly rounded (same as ``float(Fraction)``)."""
        tb = self.time_base
        return (pts - self.start).astype(np.float64) * tb.numerator / tb.denominator

    @property
    def times(self) -> np.ndarray:
        return self.seconds(self.pts)

    def index_of(self, pts: int) -> int:
        """Position of the frame at ``pts`` in presentation order (frames before it)."""
        return int(np.searchsorted(self.pts, pts))

    @property
    def duration(self) -> float:
        """Seconds from the start to the last frame's time (its own display time not included)."""
        return float(self.seconds(self.pts[-1:])[0]) if len(self.pts) else 0.0

    def time_map(self) -> TimeMap:
        """Raw pts -> continuous pts, in presentation order (for readers that see raw timestamps)."""
        return TimeMap(self.pts if self.raw_pts is None else self.raw_pts, self.pts)


def scan_packets(
    packets: Iterator[Any], time_base: Fraction, start: int, timeline: Timeline | None = None
) -> StreamIndex:
    """Build a :class:`StreamIndex` from demuxed packets (empty or pre-start packets ignored).

    timeline: makes the timestamps continuous (fed every non-empty packet, in decode order, the same
    way the decoding pass feeds its own); None keeps them as they are.
    """
    pts, raw, key_pts = [], [], []
    for packet in packets:
        if not packet.size:
            continue
        p = packet.pts if packet.pts is not None else packet.dts
        offset = timeline.shift(packet.pts, packet.dts) if timeline is not None else 0
        if p is None or p + offset < start:
            continue
        pts.append(p + offset)
        raw.append(p)
        if packet.is_keyframe:
            key_pts.append(p + offset)
    order = np.argsort(np.asarray(pts, np.int64), kind="stable")
    return StreamIndex(
        time_base,
        start,
        np.asarray(pts, np.int64)[order],
        np.asarray(sorted(key_pts), np.int64),
        np.asarray(raw, np.int64)[order],
        tuple(timeline.discontinuities) if timeline is not None else (),
    )


Route = Literal["drop", "skip", "decode"]
"""Where a packet goes: dropped unread (jumping to a keyframe), decoded as a skippable non-reference
frame, or decoded."""


class PacketPlan:
    """Routes each demuxed packet to ``"drop"``, ``"skip"`` or ``"decode"`` (see module doc).

    jumps: allow dropping packets between wanted frames (False: only before the first one).
    """

    def __init__(self, index: StreamIndex, config: SamplerConfig, jumps: bool = True) -> None:
        chosen = select_times(index.times, config)
        self.wanted = index.pts[chosen].tolist()
        self._wanted_set = set(self.wanted)
        self._fed: set[int] = set()
        self._next = 0  # position in ``wanted`` of the first wanted frame not yet fed
        self.keys = index.key_pts.tolist()
        self._jumps = jumps
        self._seen_keys = 0
        self._jump_to: int | None = None

    @property
    def done(self) -> bool:
        """Every wanted frame's packet has been fed to the decoder."""
        return self._next >= len(self.wanted)

    def route(self, pts: int | None, is_keyframe: bool) -> Route:
        if is_keyframe:
            self._seen_keys += 1
            if self._jump_to is not None and pts is not None and pts >= self._jump_to:
                self._jump_to = None  # arrived: decode from this keyframe
        if self._jump_to is None and not self.done and (self._jumps or self._next == 0):
            # the last keyframe at or before the next wanted frame, if it is still ahead
            j = bisect.bisect_right(self.keys, self.wanted[self._next]) - 1
            if j >= self._seen_keys:
                self._jump_to = self.keys[j]
        if self._jump_to is not None:
            return "drop"
        if pts is not None and pts in self._wanted_set:
            self._fed.add(pts)
            while self._next < len(self.wanted) and self.wanted[self._next] in self._fed:
                self._next += 1
            return "decode"
        return "skip"
