"""PyAV's decoding pass, step by step (``ingest.pyav_pass``), on the packets and frames of a real file."""

from __future__ import annotations

import av
import pytest

from streamvu.ingest.pyav_pass import DecodePass
from streamvu.ingest.pyav_reader import PyAVSource
from streamvu.ingest.sampling import SamplerConfig, TimestampSampler
from streamvu.ingest.source import DecodeStats
from streamvu.ingest.timeline import Timeline, frame_ticks


def a_pass(source: PyAVSource, cfg: SamplerConfig, *, live: bool = False, **kw) -> DecodePass:
    tb = source.time_base
    return DecodePass(
        sampler=TimestampSampler(cfg),
        stats=DecodeStats(),
        timeline=Timeline(tb, source.start_pts, frame_ticks(source.info.fps, tb)),
        tb=tb,
        fps=source.info.fps,
        t0=source.start_pts,
        index=None if live else source.scan(),
        **kw,
    )


def run(path, p: DecodePass) -> list[tuple[str, float | None]]:
    """Every packet's route and the times of the frames placed (the file read as a pass reads it)."""
    out = []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for packet in container.demux(stream):
            pts = p.continuous_pts(packet)
            if not packet.size:
                continue
            route = p.route(packet, pts)
            out.append((route, None))
            if route == "drop":
                continue
            for frame in stream.codec_context.decode(packet):
                placed = p.place(frame)
                out.append(("frame", None if placed is None else placed[0]))
    return out


@pytest.fixture
def source(short_video):
    with PyAVSource(str(short_video)) as s:
        yield s


def test_keyframes_only_drops_every_other_packet(short_video, source):
    steps = run(short_video, a_pass(source, SamplerConfig(mode="keyframes"), keyframes_only=True))
    routes = [r for r, _ in steps if r != "frame"]
    assert routes.count("decode") == len(source.scan().key_pts) >= 1
    assert routes.count("drop") == len(routes) - routes.count("decode") > 0


def test_frames_are_placed_in_order_with_exact_times(short_video, source):
    p = a_pass(source, SamplerConfig(fps=None))
    times = [t for r, t in run(short_video, p) if r == "frame"]
    assert times[:3] == pytest.approx([0.0, 0.1, 0.2]) and p.stats.frames_decoded == len(times)
    assert p.packets == len(source.scan().pts)


def test_a_live_pass_counts_indices_from_the_packets_it_saw(short_video, source):
    """Without a scan, a frame's index is the count of packets before it (here: all 40, in order)."""
    p = a_pass(source, SamplerConfig(fps=None), live=True)
    indices = []
    with av.open(str(short_video)) as container:
        stream = container.streams.video[0]
        for packet in container.demux(stream):
            pts = p.continuous_pts(packet)
            if packet.size:
                p.route(packet, pts)
            for frame in stream.codec_context.decode(packet if packet.size else None):
                indices.append(p.place(frame)[1])
    assert indices == list(range(40))


def test_a_pass_with_a_plan_flushes_once_every_wanted_frame_is_in(short_video, source):
    cfg = SamplerConfig(fps=1.0, end=1.0)
    with PyAVSource(str(short_video), strategy="decode") as s:
        frames = list(s.frames(cfg))
        assert [f.t for f in frames] == pytest.approx([0.0, 1.0])
        assert s.stats.frames_decoded < 40  # stopped after the last wanted frame, not at the end
