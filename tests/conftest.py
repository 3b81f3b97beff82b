"""Shared fixtures: real encoded videos made once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from tests.videos import skimage_rgb, write_video  # noqa: E402


@pytest.fixture(scope="session")
def video_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("videos")


@pytest.fixture(scope="session")
def coffee_cat_video(video_dir) -> Path:
    """40 s at 10 fps, 224x224 H.264: 0-20 s a coffee cup, 20-40 s a cat (chelsea)."""
    return write_video(
        video_dir / "coffee_cat.mp4",
        [(skimage_rgb("coffee"), 20.0), (skimage_rgb("chelsea"), 20.0)],
        fps=10,
    )


@pytest.fixture(scope="session")
def short_video(video_dir) -> Path:
    """4 s at 10 fps: 2 s astronaut then 2 s rocket (fast to decode in unit tests)."""
    return write_video(
        video_dir / "short.mp4",
        [(skimage_rgb("astronaut", (160, 120)), 2.0), (skimage_rgb("rocket", (160, 120)), 2.0)],
        fps=10,
    )


@pytest.fixture(scope="session")
def not_a_video(video_dir) -> Path:
    path = video_dir / "notes.mp4"
    path.write_text("this is plain text, not a video\n")
    return path


@pytest.fixture(scope="session")
def encoder():
    from streamvu.encoders.efficientnet import EfficientNetLite0Encoder

    return EfficientNetLite0Encoder()


@pytest.fixture(scope="session")
def embedder():
    from streamvu.encoders.text import TextEmbedder

    return TextEmbedder()


@pytest.fixture(scope="session")
def answerer(encoder, embedder):
    """The embedded answerer with SmolLM2 (converted once into the user cache dir)."""
    from streamvu.answerers.embedded import SmolLM2Answerer

    return SmolLM2Answerer(encoder, embedder)


# --- source / backend fixtures (real encoded files; see tests/videos.py) ----------------------

from tests.videos import corrupt_copy, ffmpeg, truncated_copy, write_timed_video  # noqa: E402

# name -> (file name, ffmpeg video codec args)
CONTAINERS = {
    "mp4-h264": ("h264.mp4", ["-c:v", "libx264"]),
    "mkv-h264": ("h264.mkv", ["-c:v", "libx264"]),
    "mov-h264": ("h264.mov", ["-c:v", "libx264"]),
    "webm-vp9": ("vp9.webm", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8"]),
    "avi-mpeg4": ("mpeg4.avi", ["-c:v", "mpeg4"]),
    "mp4-hevc": ("hevc.mp4", ["-c:v", "libx265", "-x265-params", "log-level=error"]),
    "mp4-av1": ("av1.mp4", ["-c:v", "libsvtav1"]),
}


@pytest.fixture(scope="session")
def container_videos(video_dir) -> dict[str, Path]:
    """2 s, 10 fps, 160x120 testsrc2 clips in every common container/codec (20 frames each)."""
    out = {}
    for name, (fname, args) in CONTAINERS.items():
        path = video_dir / fname
        ffmpeg(
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=160x120:rate=10",
            "-t",
            "2",
            *args,
            "-pix_fmt",
            "yuv420p",
            str(path),
        )
        out[name] = path
    return out


@pytest.fixture(scope="session")
def gop_video(video_dir) -> Path:
    """12 s, 30 fps, 128x96 H.264 with B-frames and a keyframe every 15 frames (0.5 s)."""
    path = video_dir / "gop15.mp4"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=128x96:rate=30",
        "-t",
        "12",
        "-c:v",
        "libx264",
        "-g",
        "15",
        "-keyint_min",
        "15",
        "-bf",
        "3",
        "-pix_fmt",
        "yuv420p",
        str(path),
    )
    return path


VFR_TIMES = (0.0, 0.1, 0.15, 0.5, 0.52, 0.9, 1.3, 2.0, 2.05, 3.0)


@pytest.fixture(scope="session")
def vfr_video(video_dir) -> Path:
    """10 frames at the irregular times ``VFR_TIMES`` (frame i has brightness 30*i), mkv."""
    return write_timed_video(video_dir / "vfr.mkv", VFR_TIMES)


@pytest.fixture(scope="session")
def rotated_video(video_dir) -> Path:
    """64x48 stored frames with a 90-degree display rotation (shown 48x64), 5 frames at 10 fps."""
    return write_timed_video(video_dir / "rotated.mp4", [i / 10 for i in range(5)], rotation=90)


@pytest.fixture(scope="session")
def odd_video(video_dir) -> Path:
    """63x35 VP9 (odd width and height), 10 frames at 10 fps."""
    return write_timed_video(
        video_dir / "odd.webm", [i / 10 for i in range(10)], size=(63, 35), codec="libvpx-vp9"
    )


@pytest.fixture(scope="session")
def long_gop_video(video_dir) -> Path:
    """10 s, 25 fps, 320x240 H.264, default x264 GOP (one keyframe): the corruption/truncation source."""
    path = video_dir / "long_gop.mp4"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x240:rate=25",
        "-t",
        "10",
        "-c:v",
        "libx264",
        "-g",
        "50",
        "-pix_fmt",
        "yuv420p",
        "-movflags",
        "+faststart",
        str(path),
    )
    return path


@pytest.fixture(scope="session")
def corrupt_video(video_dir, long_gop_video) -> Path:
    """``long_gop_video`` with 5% of its bytes overwritten with noise around the middle."""
    return corrupt_copy(long_gop_video, video_dir / "corrupt.mp4", start=0.45, length=0.05)


@pytest.fixture(scope="session")
def truncated_video(video_dir, long_gop_video) -> Path:
    """The first 60% of ``long_gop_video`` (index at the front: the first frames still decode)."""
    return truncated_copy(long_gop_video, video_dir / "truncated.mp4", keep=0.6)


@pytest.fixture(scope="session")
def truncated_no_index(video_dir, short_video) -> Path:
    """The first half of ``short_video``, whose index (moov) sits at the end: unreadable."""
    return truncated_copy(short_video, video_dir / "truncated_noindex.mp4", keep=0.5)


@pytest.fixture(scope="session")
def empty_video(video_dir) -> Path:
    path = video_dir / "empty.mp4"
    path.write_bytes(b"")
    return path


@pytest.fixture(scope="session")
def audio_only(video_dir) -> Path:
    """A real audio file (1 s sine) with no video stream."""
    path = video_dir / "tone.m4a"
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac", str(path))
    return path
