"""Timestamp discontinuities: MPEG-TS recordings joined bytewise (``cat a.ts b.ts``), clock wraps, gaps.

Every file here is real H.264 MPEG-TS written by the ffmpeg binary of imageio-ffmpeg and read by the
real decoders. A joined file restarts its clock in the middle (``backward``); when the first part
starts late, FFmpeg's own 33-bit unwrapping turns the restart into a jump of +26.5 h (``wrap``, the
"26:29:00" captions); a hole of 20 s is a ``gap`` and is kept. Stream time must be continuous over
the first two, the same in every backend that reads TS, and the discontinuity reported.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from streamvu import _deps
from streamvu.errors import SourceError
from streamvu.ingest import SamplerConfig, open_video
from streamvu.ingest.pyav_reader import PyAVSource
from streamvu.ingest.timeline import Discontinuity, Timeline, TimelinePolicy, continuous_ticks
from streamvu.pipeline.metrics import discontinuities_of
from streamvu.pipeline.stream_source import source_metrics
from tests.videos import ffmpeg

FPS = 10
EVERY = SamplerConfig(fps=None, mode="all")
TS_BACKENDS = [
    "pyav",
    pytest.param("opencv", marks=pytest.mark.skipif(not _deps.HAS_OPENCV, reason="opencv not installed")),
]


def _ts(path: Path, pattern: str, offset: float | None = None) -> Path:
    """3 s of a moving test pattern, 10 fps, H.264 in MPEG-TS (keyframe every second, B-frames)."""
    args = ["-output_ts_offset", str(offset)] if offset is not None else []
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        f"{pattern}=size=96x72:rate={FPS}:duration=3",
        "-c:v",
        "libx264",
        "-g",
        "10",
        "-pix_fmt",
        "yuv420p",
        *args,
        str(path),
    )
    return path


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("ts")
    a = _ts(d / "a.ts", "testsrc")  # FFmpeg's MPEG-TS muxer starts the clock at 1.4 s
    b = _ts(d / "b.ts", "testsrc2")
    late = _ts(d / "late.ts", "testsrc", offset=600)  # a camera clock at 10 min
    b23 = _ts(d / "b23.ts", "testsrc2", offset=23)  # the next recording 20 s later on the same clock
    wrapping = _ts(d / "wrapping.ts", "testsrc", offset=95442)  # crosses 2**33 ticks at 1.7 s
    out = {"a": a, "b": b, "late": late, "wrapping": wrapping}
    for name, parts in {"ab": (a, b), "wrap": (late, b), "gap": (a, b23)}.items():
        out[name] = d / f"{name}.ts"
        out[name].write_bytes(b"".join(p.read_bytes() for p in parts))  # cat a.ts b.ts
    return out


def _frames(path: Path, backend: str, sampler: SamplerConfig = EVERY):
    with open_video(path, backend=backend) as src:
        frames = list(src.frames(sampler))
        return src.info, src.discontinuities, src.stats, frames


def _diff(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.abs(x.astype(np.int16) - y.astype(np.int16)).mean())


@pytest.mark.parametrize("backend", TS_BACKENDS)
@pytest.mark.parametrize("name, kind", [("ab", "backward"), ("wrap", "wrap")])
def test_joined_recordings_run_on_continuously(clips, backend, name, kind):
    info, found, stats, frames = _frames(clips[name], backend)
    times = np.array([f.t for f in frames])
    assert len(frames) == 60 and times[0] == 0.0
    np.testing.assert_allclose(np.diff(times), 0.1, atol=1e-6)  # the second half goes on at 3.0 s
    assert [f.index for f in frames] == list(range(60))
    assert info.duration == pytest.approx(6.0)  # not 3 s, not 26.5 h
    assert len(found) == 1 and stats.discontinuities == found
    d = found[0]
    assert (d.kind, d.t, d.closed) == (kind, pytest.approx(3.0), True)
    first_start = 1.4 if name == "ab" else 601.4  # the muxer adds 1.4 s
    assert d.raw_before == pytest.approx(first_start + 2.9, abs=0.25)
    assert d.raw_after == pytest.approx(1.4 + (2**33 / 90000 if kind == "wrap" else 0), abs=0.25)
    # the pictures are in order: the second half is b.ts, frame by frame
    *_, second = _frames(clips["b"], "pyav")
    assert max(_diff(f.rgb, g.rgb) for f, g in zip(frames[30:], second, strict=True)) < 1.0
    assert _diff(frames[29].rgb, second[0].rgb) > 20  # the first half is not b.ts


@pytest.mark.parametrize("strategy", ["decode", "seek"])
def test_sampled_reading_of_a_joined_file_jumps_on_the_continuous_times(clips, strategy):
    """The packet plan (dropping whole GOPs) works on the corrected timestamps."""
    with PyAVSource(str(clips["ab"]), strategy=strategy) as src:
        frames = list(src.frames(SamplerConfig(fps=1, start=1.0)))
    assert [f.t for f in frames] == pytest.approx([1.0, 2.0, 3.0, 4.0, 5.0])
    assert [f.index for f in frames] == [10, 20, 30, 40, 50]
    *_, every = _frames(clips["ab"], "pyav")
    assert max(_diff(f.rgb, every[f.index].rgb) for f in frames) < 1.0


@pytest.mark.skipif(not _deps.HAS_DECORD, reason="decord not installed")
def test_decord_refuses_mpegts_and_auto_reads_it_with_another_backend(clips):
    # decord returns neighbouring frames from MPEG-TS (no index) and sorts joined parts together
    with pytest.raises(SourceError, match="without an index.*backend='pyav' or 'opencv'"):
        open_video(clips["ab"], backend="decord")
    info, found, _, frames = _frames(clips["ab"], "auto", SamplerConfig(fps=2))
    assert info.backend != "decord" and [f.t for f in frames] == pytest.approx(np.arange(12) / 2)
    assert [d.kind for d in found] == ["backward"]


@pytest.mark.parametrize("backend", TS_BACKENDS)
def test_a_clock_that_does_not_start_at_zero(clips, backend):
    for name in ("late", "wrapping"):  # 600 s; and 2**33 ticks crossed inside the file (FFmpeg unwraps)
        info, found, _, frames = _frames(clips[name], backend)
        assert found == ()
        assert [f.t for f in frames] == pytest.approx(np.arange(30) / 10)
        assert info.duration == pytest.approx(3.0)


@pytest.mark.parametrize("backend", TS_BACKENDS)
def test_a_forward_gap_is_kept_and_reported(clips, backend):
    """20 s without frames on the source's clock is real time (a frozen camera, a paused recorder)."""
    info, found, _, frames = _frames(clips["gap"], backend)
    times = np.array([f.t for f in frames])
    np.testing.assert_allclose(times[:30], np.arange(30) / 10, atol=1e-6)
    np.testing.assert_allclose(times[30:], 22.8 + np.arange(30) / 10, atol=1e-6)
    assert info.duration == pytest.approx(25.8)
    (d,) = found
    assert (d.kind, d.closed, d.t) == ("gap", False, pytest.approx(22.8))
    assert d.raw_after - d.raw_before == pytest.approx(19.9)


def test_timeline_rules():
    tb = Fraction(1, 1000)  # milliseconds; frames every 100 ms
    line = Timeline(tb, start=1000, step=100, policy=TimelinePolicy(gap_s=2.0, max_gap_s=60.0))
    raw = [1000, 1100, 1200, 50, 150, 5000, 5100, 99_000, 99_100]  # back, gap of 4.8 s, jump of 94 s
    out = [t + line.shift(t, t) for t in raw]
    assert out == [1000, 1100, 1200, 1300, 1400, 6250, 6350, 6450, 6550]
    assert [(d.kind, d.t) for d in line.discontinuities] == [
        ("backward", 0.3),
        ("gap", 5.25),
        ("jump", 5.45),
    ]
    # B-frames: decode order checks dts; pts going back by two frames is not a discontinuity, nor is
    # a dts equal to the pts (written so by some muxers)
    line = Timeline(tb, 0, 100)
    assert [line.shift(p, d) for p, d in [(100, 0), (400, 100), (200, 200), (300, 300)]] == [0, 0, 0, 0]
    assert [line.shift(p, p) for p in (700, 500, 600)] == [0, 0, 0]
    assert line.discontinuities == []
    # no dts (RTP): pts, reordered, against the largest so far; a restart is found all the same
    line = Timeline(tb, 1000, 100)
    raw = [1000, 1300, 1100, 1200, 1600, 1400, 1500, 100, 400, 200, 300]
    out = [p + line.shift(p, None) for p in raw]
    assert out == [1000, 1300, 1100, 1200, 1600, 1400, 1500, 1700, 2000, 1800, 1900]
    assert [(d.kind, d.t, d.raw_before, d.raw_after) for d in line.discontinuities] == [
        ("backward", 0.7, 1.6, 0.1)
    ]
    ticks, found = continuous_ticks(np.array([10, 20, 30, 10, 20]), tb, 10)
    assert ticks.tolist() == [10, 20, 30, 40, 50] and [d.kind for d in found] == ["backward"]
    with pytest.raises(ValueError):
        TimelinePolicy(gap_s=10, max_gap_s=5)


def test_ingest_metrics_carry_the_discontinuities(clips):
    with open_video(clips["wrap"], backend="pyav") as src:
        for _ in src.frames(SamplerConfig(fps=1)):
            pass
        counters = source_metrics(src)  # what ``Stream.metrics().source`` holds
    (d,) = discontinuities_of(counters)
    assert isinstance(d, Discontinuity) and d.kind == "wrap" and d.t == pytest.approx(3.0)
    json.dumps(counters)  # plain data


def test_a_replay_and_a_live_url_run_on_continuously(clips):
    with open_video(clips["ab"], realtime=True, speed=50.0, backend="pyav") as src:
        times = [f.t for f in src.frames(SamplerConfig(fps=2))]
        metrics = src.metrics
    assert times == pytest.approx(np.arange(12) / 2)
    assert [(d.kind, round(d.t, 3)) for d in metrics.discontinuities] == [("backward", 3.0)]

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(clips["ab"].parent))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/ab.ts"
        with open_video(url, timeout=5.0, reconnect=0) as src:
            times = [f.t for f in src.frames(SamplerConfig(fps=None, mode="all"))]
            metrics = src.metrics
    finally:
        server.shutdown()
        server.server_close()
    assert len(times) == 60 and np.allclose(np.diff(times), 0.1, atol=1e-6)
    assert [(d.kind, round(d.t, 3)) for d in metrics.discontinuities] == [("backward", 3.0)]


def test_duration_probe_agrees_with_the_continuous_times(clips):
    from streamvu.apps.preflight import check_at, probe_video
    from streamvu.errors import QuestionError

    info = probe_video(str(clips["wrap"]))
    assert info is not None and info.duration == pytest.approx(6.0)
    check_at(5.5, info)
    with pytest.raises(QuestionError, match="past the end"):
        check_at(60.0, info)


def test_caption_json_of_joined_recordings(clips, tmp_path):
    """``streamvu caption FILE.ts --format json``: captions 0-6 s, the wrap in the metadata."""
    from streamvu.apps.cli import main

    out = tmp_path / "wrap.json"
    argv = ["caption", str(clips["wrap"]), "--format", "json", "--segment", "2", "-o", str(out)]
    assert main([*argv, "--no-progress", "-q"]) == 0
    doc = json.loads(out.read_text())
    spans = [(c["start"], c["end"]) for c in doc["captions"]]
    assert spans == [(0.0, 2.0), (2.0, 4.0), (4.0, pytest.approx(6.0))]
    assert doc["duration"] == pytest.approx(6.0)
    (d,) = doc["discontinuities"]
    assert d["kind"] == "wrap" and d["t"] == pytest.approx(3.0)
    assert d["raw_before"] == pytest.approx(604.3, abs=0.25)
    assert d["raw_after"] == pytest.approx(1.4 + 2**33 / 90000, abs=0.25)


def test_stream_metrics_of_joined_recordings(clips, encoder, embedder):
    """A :class:`Stream` over the file: memory ends near 6 s (not 26.5 h), the wrap in its metrics."""
    from streamvu import Stream, StreamConfig
    from streamvu.pipeline.engine import Pipeline, PipelineConfig
    from tests.doubles import UnusedAnswerer

    pipe = Pipeline(PipelineConfig(fps=2), encoder=encoder, embedder=embedder, answerer=UnusedAnswerer())
    with Stream(str(clips["wrap"]), StreamConfig(), pipeline=pipe) as stream:
        assert stream.join(timeout=60)
        m = stream.metrics()
    assert m.state == "ended" and m.frames_ingested == 12
    assert m.stream_time == pytest.approx(5.5)
    assert [(d.kind, d.t) for d in m.discontinuities] == [("wrap", pytest.approx(3.0))]
