"""The timestamp sampler, the resize policy and the seek-vs-skip choice (no decoding)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from streamvu.ingest.packet_plan import PacketPlan, StreamIndex
from streamvu.ingest.sampling import (
    SamplerConfig,
    TimestampSampler,
    choose_strategy,
    select_times,
    target_size,
)


def run(config: SamplerConfig, times: list[float]) -> list[float]:
    sampler, out = TimestampSampler(config), []
    for t in times:
        if sampler.finished(t):
            break
        if sampler.wants(t):
            sampler.take(t)
            out.append(t)
    return out


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"fps": 0}, "fps must be > 0"),
        ({"fps": -2.0}, "fps must be > 0"),
        ({"fps": float("nan")}, "finite"),
        ({"mode": "every"}, "mode must be one of"),
        ({"start": -1.0}, "start must be >= 0"),
        ({"start": 5.0, "end": 2.0}, "end must be >= start"),
        ({"max_side": 0}, "max_side"),
        ({"max_side": 100.5}, "max_side"),
    ],
)
def test_config_rejects_bad_values(kwargs, match):
    with pytest.raises(ValueError, match=match):
        SamplerConfig(**kwargs)


def test_config_defaults_and_flags():
    cfg = SamplerConfig()
    assert (cfg.fps, cfg.mode, cfg.start, cfg.end, cfg.max_side) == (1.0, "fps", 0.0, None, None)
    assert cfg.interval == 1.0 and not cfg.every_frame
    assert SamplerConfig(fps=None).every_frame and SamplerConfig(mode="all", fps=3).every_frame
    assert SamplerConfig(mode="keyframes").interval == 0.0


def test_first_frame_at_or_after_each_target():
    times = [i / 30 for i in range(90)]  # 3 s at 30 fps
    assert run(SamplerConfig(fps=1), times) == [0.0, 30 / 30, 60 / 30]
    out = run(SamplerConfig(fps=4), times)
    # targets 0, .25, .5, .75 ...: first frame with t >= target
    assert out[:4] == [0.0, 8 / 30, 15 / 30, 23 / 30]
    assert len(out) == 12


def test_passed_targets_are_skipped_and_no_frame_twice():
    # a gap from 0.1 to 2.6 s (VFR / dropped frames): targets 1.0 and 2.0 fall in it
    times = [0.0, 0.1, 2.6, 2.7, 3.05, 3.1]
    assert run(SamplerConfig(fps=1), times) == [0.0, 2.6, 3.05]
    assert run(SamplerConfig(fps=100), [0.0, 0.0, 0.5]) == [0.0, 0.5]  # duplicate time emitted once


def test_start_end_window_and_every_frame():
    times = [i / 10 for i in range(50)]
    assert run(SamplerConfig(fps=1, start=1.05, end=3.0), times) == [1.1, 2.1]
    assert run(SamplerConfig(fps=None, start=4.55), times) == [4.6, 4.7, 4.8, 4.9]
    assert run(SamplerConfig(mode="all", end=0.2), times) == [0.0, 0.1, 0.2]


def test_target_near_float_boundary_matches_exact_time():
    # 1/3 s targets against frames at exact multiples of 1/3 that float arithmetic rounds differently
    times = [k * (1 / 3) for k in range(7)]
    assert run(SamplerConfig(fps=3), times) == times


@pytest.mark.parametrize(
    "size, max_side, expected",
    [
        ((1280, 720), 448, (448, 252)),
        ((720, 1280), 448, (252, 448)),
        ((63, 35), 32, (32, 18)),
        ((160, 120), 500, (160, 120)),
        ((160, 120), None, (160, 120)),
        ((3000, 2), 100, (100, 1)),
    ],
)
def test_target_size_keeps_aspect_never_enlarges(size, max_side, expected):
    assert target_size(*size, max_side) == expected


def test_strategy_from_keyframe_spacing():
    one_fps = SamplerConfig(fps=1)
    # sparse keyframes (8 s GOP): every frame must be decoded anyway -> decode-and-skip
    assert choose_strategy(one_fps, 8.0, 30.0).strategy == "decode"
    # 0.5 s GOP and 1 s between targets: jump GOPs -> seek
    assert choose_strategy(one_fps, 0.5, 30.0).strategy == "seek"
    # targets closer than the keyframes: decode
    assert choose_strategy(SamplerConfig(fps=4), 1.0, 30.0).strategy == "decode"
    assert choose_strategy(one_fps, None, 30.0).strategy == "decode"
    assert choose_strategy(SamplerConfig(fps=None), 0.1, 30.0).strategy == "decode"
    assert choose_strategy(SamplerConfig(mode="keyframes"), 8.0, 30.0).strategy == "seek"
    # 10 fps source, 0.8 s GOP, 1 fps: a container seek (12 frames) loses, a packet jump (1) wins
    assert choose_strategy(one_fps, 0.8, 10.0).strategy == "decode"
    assert choose_strategy(one_fps, 0.8, 10.0, seek_cost_frames=1.0).strategy == "seek"


def test_select_times_matches_the_streaming_sampler():
    times = np.array([0.0, 0.1, 0.15, 0.5, 0.52, 0.9, 1.3, 2.0, 2.05, 3.0])
    for cfg in (SamplerConfig(fps=2), SamplerConfig(fps=None, start=0.5, end=2.0), SamplerConfig(fps=0.5)):
        assert times[select_times(times, cfg)].tolist() == run(cfg, times.tolist())
    assert select_times(times, SamplerConfig(mode="keyframes"), candidates=[0, 6]).tolist() == [0, 6]
    assert select_times(np.array([]), SamplerConfig()).tolist() == []


def plan_for(pts_decode_order, keys, cfg, jumps=True):
    """Route packets given in decode order (pts in ticks of 1/10 s) through a PacketPlan."""
    index = StreamIndex(Fraction(1, 10), 0, np.sort(np.array(pts_decode_order)), np.array(keys))
    plan = PacketPlan(index, cfg, jumps=jumps)
    routes = []
    for p in pts_decode_order:
        routes.append("stop" if plan.done else plan.route(p, p in keys))
        if routes[-1] == "stop":
            break
    return routes


def test_packet_plan_jumps_skips_and_stops():
    # 0..39 (4 s at 10 fps), keyframes every 10 frames, no B-frames
    pts = list(range(40))
    routes = plan_for(pts, [0, 10, 20, 30], SamplerConfig(fps=1, end=2.5))
    # frame 0 wanted; 1-9 dropped (keyframe 10 lies at the next target); 10 wanted, 20 wanted
    assert routes[:12] == ["decode"] + ["drop"] * 9 + ["decode", "drop"]
    assert routes[20] == "decode" and routes[-1] == "stop" and len(routes) == 22
    # without jumps: frames between targets are decoded as skippable (non-ref may be skipped)
    routes = plan_for(pts, [0, 10, 20, 30], SamplerConfig(fps=1, start=1.5), jumps=False)
    assert routes[:10] == ["drop"] * 10  # the jump to reach ``start`` still happens
    assert routes[10:16] == ["skip"] * 5 + ["decode"]  # keyframe 10 is decoded (a reference)
    assert routes[16:26] == ["skip"] * 9 + ["decode"]  # no jump to keyframe 20 between targets


def test_packet_plan_with_b_frames_in_decode_order():
    # decode order I0 P3 B1 B2 P6 B4 B5 I9 B7 B8; fps=2.5 -> targets 0, 0.4, 0.8 -> frames 0, 4, 8
    order = [0, 3, 1, 2, 6, 4, 5, 9, 7, 8]
    routes = plan_for(order, [0, 9], SamplerConfig(fps=2.5))
    assert dict(zip(order, routes, strict=True)) == {
        0: "decode",
        3: "skip",
        1: "skip",
        2: "skip",
        6: "skip",
        4: "decode",
        5: "skip",
        9: "skip",
        7: "skip",
        8: "decode",
    }
