"""The PyAV (FFmpeg) backend: files of any container/codec FFmpeg reads, and network streams.

It demuxes packets itself. For files, a scan of the packet headers (``packet_plan``) gives exact
frame times and keyframes, so it can (a) drop whole GOPs without decoding them when seeking
pays (``sampling.choose_strategy``), (b) skip unwanted non-reference frames, (c) stop once the
last wanted frame is decoded, and (d) give exact presentation indices. It decodes past packets
the decoder rejects, counting them, instead of stopping.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterator
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from streamvu._deps import require
from streamvu.errors import SourceError
from streamvu.ingest.packet_plan import PacketPlan, StreamIndex, scan_packets
from streamvu.ingest.pyav_pass import DecodePass
from streamvu.ingest.sampling import (
    PACKET_JUMP_COST_FRAMES,
    READ_STRATEGIES,
    ReadStrategy,
    SamplerConfig,
    TimestampSampler,
    choose_strategy,
    target_size,
)
from streamvu.ingest.source import DecodeStats, VideoInfo, VideoSource
from streamvu.ingest.timeline import Discontinuity, Timeline, frame_ticks
from streamvu.messages import Frame

log = logging.getLogger(__name__)


# Codecs where one packet is one frame with that packet's pts, so "this packet's frame lies
# before the next target" is known before decoding (not AV1: hidden frames shown later).
NONREF_CODECS = frozenset({"h264", "hevc"})

# Containers with an index whose timestamps come from it (one steady clock by construction). Any other
# (MPEG-TS/PS, FLV, raw streams...) is scanned when opened, so the duration is known on the continuous
# timeline when its timestamps jump (``timeline``): a concatenated recording, a clock wrap.
INDEXED_FORMATS = frozenset({"mov", "mp4", "matroska", "webm", "avi"})

_reported: set[tuple[str, float, str]] = set()  # discontinuities already logged (a file is opened often)


def report_discontinuities(source: str, found: tuple[Discontinuity, ...] | list[Discontinuity]) -> None:
    """Log each discontinuity of ``source`` once per process (warning when stream time was corrected)."""
    for d in found:
        key = (source, round(d.t, 3), d.kind)
        if key in _reported:
            continue
        if len(_reported) < 10_000:
            _reported.add(key)
        log.log(logging.WARNING if d.closed else logging.INFO, "%s: %s", source, d.describe())


def rotate(rgb: np.ndarray, rotation: float) -> np.ndarray:
    """Apply display-matrix rotation (degrees counter-clockwise, FFmpeg's convention)."""
    k = round(rotation / 90) % 4
    # PyAV 18.1.1 returns rows with their line padding (a strided view): every frame leaves contiguous
    return np.ascontiguousarray(np.rot90(rgb, k) if k else rgb)


def to_rgb(frame: Any, max_side: int | None) -> np.ndarray:
    """A decoded ``av.VideoFrame`` as upright RGB uint8 (H, W, 3) under the max-side policy."""
    rotation = frame.rotation or 0
    swap = round(rotation / 90) % 2 == 1
    w, h = frame.width, frame.height
    dw, dh = (h, w) if swap else (w, h)
    tw, th = target_size(dw, dh, max_side)
    if swap:
        tw, th = th, tw
    if (tw, th) == (w, h):
        rgb = frame.to_ndarray(format="rgb24")
    else:
        rgb = frame.to_ndarray(format="rgb24", width=tw, height=th, interpolation="AREA")
    return rotate(rgb, rotation)


def _av_errors(av: Any) -> tuple[type[BaseException], ...]:
    return (av.FFmpegError,) if hasattr(av, "FFmpegError") else (av.AVError,)  # pragma: no cover


def _timed_out(av: Any, exc: BaseException, waited: float, timeout: float | None) -> bool:
    """True when FFmpeg gave up because PyAV's ``timeout`` expired. It reports that as AVERROR_EXIT
    ("Immediate exit requested", naming neither the cause nor the wait), or, where a demuxer maps
    the interrupted read to its own error (RTSP: "Invalid data found"), as an error that came only
    after the whole ``timeout`` was waited."""
    if not timeout:
        return False
    exit_error = getattr(av, "ExitError", None)
    return (exit_error is not None and isinstance(exc, exit_error)) or waited >= timeout


class PyAVSource(VideoSource):
    """Reads a file or URL with PyAV.

    options: FFmpeg format options (e.g. ``{"rtsp_transport": "tcp"}``).
    timeout: seconds to wait for opening / for each read before raising instead of hanging.
    threads: decoder threads (0: FFmpeg's choice, frame + slice threading).
    fmt: FFmpeg input format (``"v4l2"`` for cameras); None guesses it.
    skip_nonref: when sampling H.264/HEVC, let the decoder skip non-reference frames that are not
        wanted (nothing depends on them; output is bit-identical, ~35% fewer frames decoded).
    skip_loop_filter: skip the in-loop deblocking filter (H.264/HEVC): faster decoding, frames with
        faint block edges instead of bit-exact ones.
    strategy: ``"auto"`` (``sampling.choose_strategy`` from the keyframe spacing), ``"decode"``
        (never drop packets) or ``"seek"`` (drop packets up to the last keyframe before each
        wanted frame whenever one lies ahead). Jumps to reach ``start`` happen unless "decode".
    """

    backend = "pyav"

    def __init__(
        self,
        source: str,
        *,
        options: dict[str, str] | None = None,
        timeout: float | None = 10.0,
        threads: int = 0,
        live: bool = False,
        strategy: Literal["auto", ReadStrategy] = "auto",
        fmt: str | None = None,
        skip_nonref: bool = True,
        skip_loop_filter: bool = False,
    ) -> None:
        super().__init__()
        if strategy not in ("auto", *READ_STRATEGIES):
            raise ValueError(f"strategy must be 'auto', 'decode' or 'seek', got {strategy!r}")
        self._strategy = strategy
        self._format = fmt
        self._skip_nonref = skip_nonref
        self._skip_loop_filter = skip_loop_filter
        self._av = require("av", "decoding video")
        self._source = source
        self._options = dict(options or {})
        self._timeout = timeout
        self._threads = threads
        self._live = live
        self._errors = _av_errors(self._av)
        self._container: Any = None
        self._used = False
        self._open()
        self._index: StreamIndex | None = None
        self._live_timeline: Timeline | None = None
        self._reopen_needed = not live  # the probe consumed packets
        self.container_format = self._container.format.name
        self.info = self._describe(self._container.streams.video[0])
        if not live and not self.indexed and self.scan().discontinuities:
            # the container's duration is the span of its raw timestamps: wrong over a jump
            step = 1.0 / self.info.fps if self.info.fps > 0 else 0.0
            self.info = dataclasses.replace(self.info, duration=self.scan().duration + step)

    def _describe(self, stream: Any) -> VideoInfo:
        """The stream's :class:`VideoInfo`; sets its time base, codec, rotation and start. A file's first
        frame is decoded (proving the data is video, giving rotation and start); a live stream's
        headers are trusted (a probe decode would cost a reconnect)."""
        self._tb = stream.time_base or Fraction(1, 90000)
        self._codec = stream.codec_context.name
        if self._live:
            self._rotation = 0
            self._t0 = stream.start_time
            w, h = stream.codec_context.width, stream.codec_context.height
        else:
            first = self._probe_first_frame(stream)
            self._rotation = first.rotation or 0
            self._t0 = stream.start_time if stream.start_time is not None else (first.pts or 0)
            w, h = first.width, first.height
        if round(self._rotation / 90) % 2:
            w, h = h, w
        fps = float(stream.average_rate or stream.guessed_rate or 0.0)
        return VideoInfo(
            source=self._source,
            duration=self._duration(stream),
            fps=fps,
            num_frames=stream.frames or None,
            width=w,
            height=h,
            backend=self.backend,
            live=self._live,
        )

    def _duration(self, stream: Any) -> float:
        """Seconds of video the stream's or the container's header gives (0 when neither does)."""
        if stream.duration:
            return max(float(stream.duration * self._tb), 0.0)
        if self._container.duration:
            return max(self._container.duration / 1_000_000, 0.0)
        return 0.0

    # -- opening ---------------------------------------------------------------------------
    def _open(self) -> None:
        av = self._av
        timeout = self._timeout if self._timeout else None
        started = time.monotonic()
        try:
            self._container = av.open(
                self._source, mode="r", format=self._format, options=self._options, timeout=timeout
            )
        except self._errors as exc:
            if _timed_out(av, exc, time.monotonic() - started, timeout):
                raise SourceError(f"cannot open {self._source!r}: {self._timeout_text()}") from exc
            raise SourceError(
                f"cannot open {self._source!r} with PyAV: {exc}. Is it a video file (not "
                "truncated before its index) or a reachable stream URL?"
            ) from exc
        if not self._container.streams.video:
            kinds = sorted({s.type for s in self._container.streams}) or ["none"]
            self._container.close()
            raise SourceError(f"{self._source!r} has no video stream (streams: {', '.join(kinds)})")
        stream = self._container.streams.video[0]
        stream.thread_type = "AUTO"
        if self._skip_loop_filter:
            stream.codec_context.options = {**stream.codec_context.options, "skip_loop_filter": "all"}
        if self._threads:
            stream.codec_context.thread_count = self._threads

    def _timeout_text(self) -> str:
        return f"timed out after {self._timeout:g} s waiting for data"

    def _probe_first_frame(self, stream: Any) -> Any:
        try:
            for packet in self._container.demux(stream):
                try:
                    for frame in stream.codec_context.decode(packet):
                        return frame
                except self._errors:
                    continue
        except self._errors as exc:
            self.close()
            raise SourceError(f"{self._source!r} could not be read: {exc}") from exc
        self.close()
        raise SourceError(f"{self._source!r} holds no decodable video frame (empty, truncated or corrupt)")

    @property
    def rotation(self) -> int:
        """Display rotation in degrees (counter-clockwise), from the stream's display matrix."""
        return int(round(self._rotation)) % 360

    @property
    def codec(self) -> str:
        """The decoder's name (``h264``, ``hevc``, ``vp9``, ``libdav1d``...)."""
        return self._codec

    @property
    def indexed(self) -> bool:
        """True for containers whose timestamps come from an index (MP4/MOV, Matroska/WebM, AVI); False
        for streams of packets (MPEG-TS/PS, FLV, raw), where recordings joined together and clock wraps
        make timestamps jump."""
        return bool(set(self.container_format.split(",")) & INDEXED_FORMATS)

    @property
    def time_base(self) -> Fraction:
        return self._tb

    @property
    def start_pts(self) -> int:
        """The stream's start in time-base ticks: ``Frame.t`` is measured from it."""
        return int(self._t0 or 0)

    def scan(self) -> StreamIndex:
        """Read every packet header once (no decoding; ~0.1 s per 10 min of 720p) for exact timing."""
        if self._index is None:
            try:
                container = self._av.open(self._source, mode="r", format=self._format, options=self._options)
            except self._errors as exc:
                raise SourceError(f"cannot re-open {self._source!r}: {exc}") from exc
            try:
                packets = self._readable(container.demux(container.streams.video[0]), quiet=True)
                self._index = scan_packets(packets, self._tb, self.start_pts, self._timeline())
            finally:
                container.close()
            report_discontinuities(self._source, self._index.discontinuities)
        return self._index

    def _timeline(self) -> Timeline:
        """A fresh continuity corrector for this stream (the scan and each decoding pass use one)."""
        return Timeline(self._tb, self.start_pts, frame_ticks(self.info.fps, self._tb))

    @property
    def discontinuities(self) -> tuple[Discontinuity, ...]:
        """Where the timestamps jumped (see ``timeline``): a file's all (from the packet scan), a live
        stream's so far."""
        if self._live:
            return tuple(self._live_timeline.discontinuities) if self._live_timeline is not None else ()
        return self.scan().discontinuities

    @property
    def keyframe_interval(self) -> float | None:
        """Mean seconds between keyframes (from the packet scan; None for live streams)."""
        keys = self._keyframe_pts()
        if keys is None or not len(keys):
            return None
        if len(keys) < 2:
            return max(self.info.duration, 1e-3)
        return float((int(keys[-1]) - int(keys[0])) * self._tb) / (len(keys) - 1)

    def _keyframe_pts(self) -> list[int] | None:
        if self._live:
            return None
        return self.scan().key_pts.tolist()

    def close(self) -> None:
        if self._container is not None:
            try:
                self._container.close()
            except self._errors:  # pragma: no cover - closing a broken stream
                pass
            self._container = None
        super().close()

    # -- decoding --------------------------------------------------------------------------
    def frames(self, sampler: SamplerConfig | None = None) -> Iterator[Frame]:
        cfg = sampler or SamplerConfig()
        if self._closed:
            raise SourceError(f"{self._source!r} is closed")
        if self._live and self._used:
            raise SourceError(f"{self._source!r} is a live stream: it can be iterated only once")
        if self._reopen_needed:
            if self._container is not None:
                self._container.close()
            self._open()
            self._reopen_needed = False
        self._used = True
        self._reopen_needed = not self._live
        self.stats = DecodeStats()
        return self._decode(cfg)

    def _readable(self, it: Iterator[Any], quiet: bool = False) -> Iterator[Any]:
        """Demuxed packets; a read error ends a file (truncated, logged) and fails a live stream."""
        while True:
            started = time.monotonic()
            try:
                packet = next(it)
            except StopIteration:
                return
            except self._errors as exc:
                if self._live and _timed_out(self._av, exc, time.monotonic() - started, self._timeout):
                    raise SourceError(f"{self._source!r}: {self._timeout_text()}") from exc
                if self._live:
                    raise SourceError(f"{self._source!r}: stream read failed: {exc}") from exc
                if not quiet:
                    log.warning(
                        "%s: reading stopped early (%s): file truncated or damaged", self._source, exc
                    )
                    self.stats.ended_early = True
                return
            yield packet

    def _decode(self, cfg: SamplerConfig) -> Iterator[Frame]:
        """One pass over the packets, in the steps :mod:`streamvu.ingest.pyav_pass` names."""
        stream = self._container.streams.video[0]
        ctx = stream.codec_context
        run = self._start_pass(cfg)
        for packet in self._readable(self._container.demux(stream)):
            pts = run.continuous_pts(packet)
            flush = False
            if packet.size:
                route = run.route(packet, pts)
                if route == "drop":
                    self.stats.packets_dropped += 1
                    continue
                run.steer(ctx, route)
                flush = route == "flush"
            for frame in self._decode_packet(ctx, None if flush else packet, run, pts):
                placed = run.place(frame)
                if placed is None:
                    continue
                t, position = placed
                if run.sampler.finished(t):
                    self._report(run.packets)
                    return
                if run.sampler.wants(t):
                    run.sampler.take(t)
                    self.stats.frames_emitted += 1
                    yield Frame(t=t, index=position, rgb=to_rgb(frame, cfg.max_side))
            if flush:  # every wanted frame is in
                self._report(run.packets)
                return
        self._report(run.packets, complete=True)

    def _start_pass(self, cfg: SamplerConfig) -> DecodePass:
        """A pass's state: a file's packet scan and plan (with the read strategy in ``stats``), a live
        stream's own timeline."""
        timeline = self._timeline()
        index = None if self._live else self.scan()
        if index is not None:
            self.stats.discontinuities = index.discontinuities
        else:
            self._live_timeline = timeline
        nonref = self._skip_nonref and self._codec in NONREF_CODECS
        return DecodePass(
            sampler=TimestampSampler(cfg),
            stats=self.stats,
            timeline=timeline,
            tb=self._tb,
            fps=self.info.fps,
            t0=self._t0,
            index=index,
            plan=self._plan(cfg, index) if index is not None and cfg.mode != "keyframes" else None,
            keyframes_only=cfg.mode == "keyframes",
            live_skip=nonref and self._live and cfg.interval > 0,
            nonref=nonref,
            on_start=self._started,
            on_jump=lambda found: report_discontinuities(self._source, found),
        )

    def _plan(self, cfg: SamplerConfig, index: StreamIndex) -> PacketPlan:
        """A file's packet plan under the read strategy (chosen from the keyframe spacing for "auto")."""
        if self._strategy == "auto":
            spacing = self.keyframe_interval if cfg.interval > 0 else None
            self.stats.strategy = choose_strategy(
                cfg, spacing, self.info.fps, PACKET_JUMP_COST_FRAMES
            ).strategy
        else:
            self.stats.strategy = self._strategy
        plan = PacketPlan(index, cfg, jumps=self.stats.strategy == "seek")
        if self._strategy == "decode":
            plan.keys = []  # no jumps at all, not even to ``start``
        return plan

    def _started(self, t0: int) -> None:
        self._t0 = t0

    def _decode_packet(self, ctx: Any, packet: Any, run: DecodePass, pts: int | None) -> list[Any]:
        """The frames ``packet`` completes (None drains the decoder); a packet the decoder rejects is
        counted, logged and gives none."""
        try:
            return ctx.decode(packet)
        except self._errors as exc:
            self.stats.corrupt_packets += 1
            level = logging.WARNING if self.stats.corrupt_packets == 1 else logging.DEBUG
            at = run.seconds(pts)
            log.log(level, "%s: skipped a corrupt packet at t=%.3fs (%s)", self._source, at, exc)
            return []

    def _report(self, packets: int, complete: bool = False) -> None:
        """Log what went wrong in one pass (a summary, not one line per bad packet)."""
        stats, n = self.stats, self.info.num_frames
        if complete and not self._live and n and packets < n:
            stats.ended_early = True
            log.warning("%s: the data ends after %d of %d frames: file truncated", self._source, packets, n)
        if stats.corrupt_packets or stats.corrupt_frames:
            log.warning(
                "%s: decoded past damaged data: %d packets skipped, %d frames concealed",
                self._source,
                stats.corrupt_packets,
                stats.corrupt_frames,
            )
