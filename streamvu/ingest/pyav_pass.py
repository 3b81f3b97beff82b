"""One decoding pass of :class:`~streamvu.ingest.pyav_reader.PyAVSource`, step by step.

For each demuxed packet, in order:

1. :meth:`DecodePass.continuous_pts`: its timestamps put on the continuous timeline, exactly as the
   packet scan put them (:mod:`streamvu.ingest.timeline`); a live stream without a start time
   starts at its first packet;
2. :meth:`DecodePass.route`: ``"decode"``; ``"skip"`` (decoded without output: a non-reference
   frame nobody wants); ``"drop"`` (it never reaches the decoder: a GOP jumped over); or ``"flush"``
   (every wanted frame is in: drain the decoder and stop); :meth:`DecodePass.steer` tells the
   decoder whether to skip non-reference frames;

then for each frame the decoder gives back:

3. :meth:`DecodePass.place`: its time in seconds and its presentation index (None before the start);
4. the sampler: stop past the end, emit the frames it wants.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from streamvu.ingest.packet_plan import PacketPlan, StreamIndex
from streamvu.ingest.sampling import TimestampSampler
from streamvu.ingest.source import DecodeStats
from streamvu.ingest.timeline import Discontinuity, Timeline
from streamvu.messages import TIME_TOLERANCE_S

PassRoute = Literal["drop", "skip", "decode", "flush"]


@dataclass
class DecodePass:
    """The state of one pass over a stream's packets.

    index: a file's packet scan (exact presentation indices); None for a live stream, whose indices
        are counted from the packets seen so far.
    plan: a file's packet plan (keyframe jumps, skipping, stopping once every wanted frame is in);
        None for live streams and keyframes-only sampling.
    keyframes_only: decode keyframes and drop every other packet.
    live_skip: a live stream may skip frames that lie before the sampler's next target.
    nonref: the codec lets the decoder skip non-reference frames (H.264/HEVC, when allowed).
    on_start: called with the start pts when the pass finds it (a stream without a start time).
    on_jump: called with a live stream's discontinuities each time a new one is found.
    """

    sampler: TimestampSampler
    stats: DecodeStats
    timeline: Timeline
    tb: Fraction
    fps: float
    t0: int | None
    index: StreamIndex | None = None
    plan: PacketPlan | None = None
    keyframes_only: bool = False
    live_skip: bool = False
    nonref: bool = False
    on_start: Callable[[int], None] | None = None
    on_jump: Callable[[tuple[Discontinuity, ...]], None] | None = None
    packets: int = 0  # non-empty packets routed
    skipping: bool = False  # the decoder is skipping non-reference frames
    last_pts: Any = None  # the last placed frame's pts
    pending: list[int] = field(default_factory=list)  # live: pts of packets whose frames are not counted
    counted: int = 0  # live: frames counted so far

    def continuous_pts(self, packet: Any) -> int | None:
        """Shift ``packet``'s timestamps onto the continuous timeline; its pts (its dts when it has none)."""
        if packet.size:
            offset = self.timeline.shift(packet.pts, packet.dts)
            if offset:
                if packet.pts is not None:
                    packet.pts += offset
                if packet.dts is not None:
                    packet.dts += offset
            if self.index is None and len(self.timeline.discontinuities) != len(self.stats.discontinuities):
                self.stats.discontinuities = tuple(self.timeline.discontinuities)
                if self.on_jump is not None:
                    self.on_jump(self.stats.discontinuities)
        pts = packet.pts if packet.pts is not None else packet.dts
        if self.t0 is None and pts is not None:  # a live stream without a start time: its first packet
            self.timeline.start = pts
            self._start(pts)
        return pts

    def route(self, packet: Any, pts: int | None) -> PassRoute:
        """What becomes of a non-empty packet (see the module doc); counts it."""
        self.packets += 1
        if self.index is None and pts is not None and self.t0 is not None and pts >= self.t0:
            heapq.heappush(self.pending, pts)
        if self.keyframes_only:
            return "decode" if packet.is_keyframe else "drop"
        if self.plan is not None:
            return "flush" if self.plan.done else self.plan.route(pts, packet.is_keyframe)
        if self.live_skip and pts is not None and self.t0 is not None:
            # a frame before the next target can never be emitted (targets only move on)
            early = (pts - self.t0) * float(self.tb) < self.sampler.next_target - TIME_TOLERANCE_S
            return "skip" if early else "decode"
        return "decode"

    def steer(self, ctx: Any, route: PassRoute) -> None:
        """Have the decoder (a PyAV codec context) skip non-reference frames while packets route to "skip"."""
        skip = route == "skip"
        if self.nonref and skip != self.skipping:
            self.skipping = skip
            ctx.skip_frame = "NONREF" if skip else "DEFAULT"

    def place(self, frame: Any) -> tuple[float, int] | None:
        """A decoded frame's time in seconds from the start and its presentation index; None for a frame
        before the start (an edit-list preroll, a live join mid-GOP). Counts the frames it places."""
        fpts = frame.pts if frame.pts is not None else frame.dts
        if fpts is None:  # no timing at all: continue from the last frame
            fpts = (self.last_pts or self.t0 or 0) + (1 / (self.fps or 30.0)) / self.tb
        if self.t0 is None:
            self._start(fpts)
        if fpts < self.t0:
            return None
        position = self.index.index_of(fpts) if self.index is not None else self._count(fpts)
        self.last_pts = fpts
        self.stats.frames_decoded += 1
        if frame.is_corrupt:
            self.stats.corrupt_frames += 1
        return float((fpts - self.t0) * self.tb), position

    def seconds(self, pts: int | None) -> float:
        """``pts`` (the start when None) in seconds from the start, for messages."""
        t0 = self.t0 or 0
        return float(((pts or t0) - t0) * self.tb)

    def _count(self, fpts: int) -> int:
        """A live frame's presentation index: packets before it whose frames never came count too."""
        while self.pending and self.pending[0] < fpts:
            heapq.heappop(self.pending)
            self.counted += 1
        if self.pending and self.pending[0] == fpts:
            heapq.heappop(self.pending)
        position, self.counted = self.counted, self.counted + 1
        return position

    def _start(self, pts: int) -> None:
        self.t0 = pts
        if self.on_start is not None:
            self.on_start(pts)
