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
