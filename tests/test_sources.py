"""File sources: every backend on real encoded fixtures (containers, VFR, rotation, odd sizes)."""

from __future__ import annotations

import numpy as np
import pytest

from streamvu import _deps
from streamvu.errors import SourceError
from streamvu.ingest import (
    VideoInfo,
    VideoSource,
    decode_video_frames,
    is_live_source,
    open_video,
    pick_backend,
)
from streamvu.ingest.sampling import SamplerConfig, TimestampSampler
from streamvu.messages import Frame
from tests.conftest import CONTAINERS, VFR_TIMES
from tests.videos import ffmpeg, ffmpeg_rgb, skimage_rgb

BACKENDS = [
    "pyav",
    pytest.param("decord", marks=pytest.mark.skipif(not _deps.HAS_DECORD, reason="decord not installed")),
    pytest.param("opencv", marks=pytest.mark.skipif(not _deps.HAS_OPENCV, reason="opencv not installed")),
]


def sample(path, backend, **cfg) -> list[Frame]:
    with open_video(path, backend) as src:
        return list(src.frames(SamplerConfig(**cfg)))


def expected_times(times, **cfg) -> list[float]:
    """What the timestamp rule keeps from a list of frame times (the reference)."""
    sampler, out = TimestampSampler(SamplerConfig(**cfg)), []
    for t in times:
        if sampler.wants(t):
            sampler.take(t)
            out.append(t)
    return out


@pytest.mark.parametrize("backend", BACKENDS)
def test_info_and_one_fps_sampling(short_video, backend):
    with open_video(short_video, backend) as src:
        assert isinstance(src, VideoSource)
        info = src.info
        assert isinstance(info, VideoInfo)
        assert (info.width, info.height, info.backend, info.live) == (160, 120, backend, False)
        assert info.fps == pytest.approx(10.0)
        assert info.duration == pytest.approx(4.0, abs=0.11)
        assert info.num_frames in (40, None)
        frames = list(src.frames(SamplerConfig(fps=1)))
    assert [f.t for f in frames] == pytest.approx([0.0, 1.0, 2.0, 3.0], abs=1e-6)
    assert [f.index for f in frames] == [0, 10, 20, 30]
    for f in frames:
        assert f.rgb.dtype == np.uint8 and f.rgb.shape == (120, 160, 3) and f.rgb.flags.c_contiguous


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_frame_times_indices_and_content(short_video, backend):
    frames = sample(short_video, backend, fps=None)
    assert [f.index for f in frames] == list(range(40))
    assert [f.t for f in frames] == pytest.approx([i / 10 for i in range(40)], abs=1e-6)
    astronaut = skimage_rgb("astronaut", (160, 120)).astype(float)
    rocket = skimage_rgb("rocket", (160, 120)).astype(float)
    for f in (frames[5], frames[35]):
        d_astro = np.abs(f.rgb - astronaut).mean()
        d_rocket = np.abs(f.rgb - rocket).mean()
        assert (d_astro < d_rocket) == (f.t < 2.0), (f.t, d_astro, d_rocket)


@pytest.mark.parametrize("backend", BACKENDS)
def test_variable_frame_rate_uses_exact_timestamps(vfr_video, backend):
    frames = sample(vfr_video, backend, fps=None)
    assert [f.t for f in frames] == pytest.approx(list(VFR_TIMES), abs=1e-6)
    assert [f.index for f in frames] == list(range(len(VFR_TIMES)))
    # frame i was painted with brightness 30*i: pixels match their timestamp
    for i, f in enumerate(frames):
        assert abs(float(np.median(f.rgb[-5:, -5:])) - (30 * i) % 256) < 6
    got = sample(vfr_video, backend, fps=2)
    assert [f.t for f in got] == pytest.approx(expected_times(VFR_TIMES, fps=2), abs=1e-6)
    assert [f.t for f in got] == pytest.approx([0.0, 0.5, 1.3, 2.0, 3.0], abs=1e-6)


@pytest.mark.parametrize("backend", BACKENDS)
def test_rotation_metadata_matches_ffmpeg(rotated_video, backend):
    if backend == "decord":  # decord 0.6 returns 4-channel garbage for rotated videos: refused
        with pytest.raises(SourceError, match="90 degree rotation.*backend='pyav' or 'opencv'"):
            open_video(rotated_video, backend)
        return
    frames = sample(rotated_video, backend, fps=None)
    assert len(frames) == 5 and frames[0].rgb.shape == (64, 48, 3)  # stored 64x48, displayed 48x64
    reference = ffmpeg_rgb(rotated_video, width=48, height=64)
    for f, ref in zip(frames, reference, strict=True):
        assert np.abs(f.rgb.astype(int) - ref).mean() < 4
    with open_video(rotated_video, backend) as src:
        assert (src.info.width, src.info.height) == (48, 64)


@pytest.mark.parametrize("backend", BACKENDS)
def test_odd_size_and_max_side(odd_video, short_video, backend):
    frames = sample(odd_video, backend, fps=None)
    assert len(frames) == 10 and frames[0].rgb.shape == (35, 63, 3)
    small = sample(odd_video, backend, fps=None, max_side=32)
    assert small[0].rgb.shape == (18, 32, 3)
    resized = sample(short_video, backend, fps=1, max_side=80)
    assert [f.rgb.shape for f in resized] == [(60, 80, 3)] * 4
    assert sample(short_video, backend, fps=1, max_side=1000)[0].rgb.shape == (120, 160, 3)


def opencv_reads(path) -> bool:
    """True when the installed OpenCV decodes a frame of ``path`` (its bundled FFmpeg has the codec)."""
    if not _deps.HAS_OPENCV:
        return False
    import cv2

    cap = cv2.VideoCapture(str(path))
    try:
        return bool(cap.isOpened() and cap.read()[0])
    finally:
        cap.release()


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("container", list(CONTAINERS))
def test_containers_and_codecs(container_videos, container, backend):
    if backend == "decord" and container == "mp4-av1":
        pytest.skip("decord 0.6 bundles no AV1 decoder")
    if backend == "opencv" and container == "mp4-av1" and not opencv_reads(container_videos[container]):
        # an OpenCV whose FFmpeg lacks AV1 (the 5.x wheels): a clear error
        with pytest.raises(SourceError, match="OpenCV cannot decode .*av1.*backend='pyav'"):
            open_video(container_videos[container], backend)
        return
    frames = sample(container_videos[container], backend, fps=None)
    assert len(frames) == 20
    assert [f.t for f in frames] == pytest.approx([i / 10 for i in range(20)], abs=2e-3)
    got = sample(container_videos[container], backend, fps=2.5)
    assert [f.index for f in got] == [0, 4, 8, 12, 16]


@pytest.mark.parametrize("backend", BACKENDS)
def test_keyframes_mode(gop_video, backend):
    frames = sample(gop_video, backend, mode="keyframes")
    assert [f.t for f in frames] == pytest.approx([0.5 * i for i in range(24)], abs=1e-6)
    assert [f.index for f in frames] == [15 * i for i in range(24)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_start_end_window(gop_video, backend):
    frames = sample(gop_video, backend, fps=2, start=3.3, end=6.0)
    assert [f.t for f in frames] == pytest.approx([3.3 + 0.5 * k for k in range(6)], abs=1e-6)
    assert [f.index for f in frames] == [99 + 15 * k for k in range(6)]


@pytest.mark.parametrize("container", ["mp4", "mkv"])
def test_seek_and_decode_strategies_give_identical_frames(gop_video, container, tmp_path):
    from streamvu.ingest.pyav_reader import PyAVSource

    video = gop_video
    if container == "mkv":  # mkv has no full index: keyframes come from a packet scan
        video = tmp_path / "gop15.mkv"
        ffmpeg("-i", str(gop_video), "-c", "copy", str(video))
    cfg = SamplerConfig(fps=0.8, start=0.7)
    with PyAVSource(str(video)) as src:
        seek = list(src.frames(cfg))
        assert src.stats.strategy == "seek" and src.stats.packets_dropped > 100
        assert src.stats.frames_decoded < 200
    with PyAVSource(str(video), strategy="decode") as src:
        plain = list(src.frames(cfg))
        assert src.stats.packets_dropped == 0 and src.stats.strategy == "decode"
    assert [(f.t, f.index) for f in seek] == [(f.t, f.index) for f in plain]
    assert len(seek) == 10
    assert all(np.array_equal(a.rgb, b.rgb) for a, b in zip(seek, plain, strict=True))


def test_frames_can_be_iterated_again_and_closed_source_refuses(short_video):
    src = open_video(short_video, "pyav")
    first = [f.t for f in src.frames(SamplerConfig(fps=2))]
    assert (
        [f.t for f in src.frames(SamplerConfig(fps=2))] == first == pytest.approx([0.5 * k for k in range(8)])
    )
    src.close()
    with pytest.raises(SourceError, match="closed"):
        next(iter(src.frames()))


def test_decode_video_frames_nearest_within_tolerance(short_video):
    frames = decode_video_frames(short_video, [1.02, 0.0, 3.9], tolerance_s=0.03)
    assert [f.t for f in frames] == pytest.approx([1.0, 0.0, 3.9])
    assert [f.index for f in frames] == [10, 0, 39]
    with pytest.raises(SourceError, match=r"no frame within 0.01s of t=\[1.05, 9.0\]"):
        decode_video_frames(short_video, [1.05, 2.0, 9.0], tolerance_s=0.01)
    assert decode_video_frames(short_video, []) == []


def test_auto_backend_choice(short_video):
    assert pick_backend(str(short_video)) == "pyav"
    with open_video(short_video) as src:
        assert src.info.backend in ("pyav", "decord", "opencv")
    assert pick_backend(0) in ("opencv", "pyav")
    assert pick_backend("rtsp://127.0.0.1/x", live=True) == "pyav"
    assert is_live_source(0) and is_live_source("rtsp://h/s") and is_live_source("https://h/a.m3u8")
    assert not is_live_source(str(short_video)) and not is_live_source(True)


def test_auto_falls_back_to_pyav_without_the_video_extra(short_video, monkeypatch):
    monkeypatch.setattr(_deps, "HAS_DECORD", False)
    monkeypatch.setattr(_deps, "HAS_OPENCV", False)
    assert pick_backend(str(short_video), SamplerConfig(fps=None)) == "pyav"
    assert pick_backend(0) == "pyav"
    with open_video(short_video) as src:
        assert src.info.backend == "pyav"


@pytest.mark.parametrize("video", ["gop", "mp4-hevc", "webm-vp9", "mp4-av1"])
def test_skipping_non_reference_frames_is_exact(video, gop_video, container_videos):
    """Frames before the next target are decoded with skip_frame=NONREF: identical output."""
    from streamvu.ingest.pyav_reader import PyAVSource

    path = gop_video if video == "gop" else container_videos[video]
    cfg = SamplerConfig(fps=3, start=0.25)
    out = []
    for skip in (True, False):
        with PyAVSource(str(path), skip_nonref=skip, strategy="decode") as src:
            out.append(list(src.frames(cfg)))
            decoded = src.stats.frames_decoded
        if skip and video == "gop":
            assert decoded < 300  # B-frames between targets were never decoded
    fast, full = out  # (vp9/av1 are not skipped: checks that the codec allow-list holds)
    assert [(f.t, f.index) for f in fast] == [(f.t, f.index) for f in full] and len(fast) >= 5
    assert all(np.array_equal(a.rgb, b.rgb) for a, b in zip(fast, full, strict=True))


@pytest.mark.parametrize("backend", BACKENDS)
def test_batches_group_the_same_frames(short_video, backend):
    with open_video(short_video, backend) as src:
        batches = list(src.batches(SamplerConfig(fps=2), size=3))
        assert [len(b) for b in batches] == [3, 3, 2]
        assert [f.t for b in batches for f in b] == pytest.approx([0.5 * k for k in range(8)])
        with pytest.raises(ValueError, match="batch size"):
            next(src.batches(size=0))


@pytest.mark.skipif(not _deps.HAS_OPENCV, reason="opencv not installed")
def test_auto_falls_back_when_the_fast_backend_cannot_read(container_videos):
    if opencv_reads(container_videos["mp4-av1"]):
        pytest.skip("this OpenCV's FFmpeg decodes AV1 (the 4.x wheels do): no AV1 file to fall back from")
    every = SamplerConfig(fps=None)
    assert pick_backend(str(container_videos["mp4-av1"]), every) == "opencv"
    with open_video(container_videos["mp4-av1"], sampler=every) as src:  # OpenCV lacks AV1
        assert src.info.backend == "pyav"
        assert len(list(src.frames(every))) == 20
