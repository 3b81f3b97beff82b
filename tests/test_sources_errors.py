"""Bad input, every backend, with real damaged files: a clear SourceError or a logged recovery."""

from __future__ import annotations

import logging

import pytest

from streamvu.errors import MissingDependencyError, SourceError
from streamvu.ingest import SamplerConfig, open_video
from tests.test_sources import BACKENDS

EVERY = SamplerConfig(fps=None)


@pytest.mark.parametrize("backend", BACKENDS)
def test_missing_file(video_dir, backend):
    with pytest.raises(SourceError, match="no such video file: .*nope.mp4"):
        open_video(video_dir / "nope.mp4", backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_zero_length_file(empty_video, backend):
    with pytest.raises(SourceError, match=r"is empty \(0 bytes\)"):
        open_video(empty_video, backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_not_a_video(not_a_video, backend):
    with pytest.raises(SourceError, match="cannot open .*notes.mp4.*Is it a video file"):
        open_video(not_a_video, backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_video_stream(audio_only, backend):
    with pytest.raises(SourceError, match=r"has no video stream \(streams: audio\)"):
        open_video(audio_only, backend)


def test_directory_unknown_backend_and_bad_type(video_dir, short_video):
    with pytest.raises(SourceError, match="is a directory"):
        open_video(video_dir, "pyav")
    with pytest.raises(
        SourceError, match="unknown video backend 'ffmpeg': choose one of auto, pyav, decord, opencv"
    ):
        open_video(short_video, "ffmpeg")
    with pytest.raises(SourceError, match="path, URL or webcam index"):
        open_video(3.5)  # type: ignore[arg-type]
    with pytest.raises(SourceError, match="speed= applies to realtime"):
        open_video(short_video, speed=2.0)


def test_missing_backend_names_the_extra(short_video, monkeypatch):
    from streamvu import _deps

    monkeypatch.setattr(_deps, "has", lambda module: module != "decord")
    monkeypatch.setitem(__import__("sys").modules, "decord", None)  # import fails like a missing package
    with pytest.raises(MissingDependencyError, match=r"pip install 'streamvu\[video\]'"):
        open_video(short_video, "decord")


@pytest.mark.parametrize("backend", BACKENDS)
def test_truncated_without_index_is_a_clear_error(truncated_no_index, backend):
    with pytest.raises(SourceError, match="truncated_noindex.mp4.*truncated before its index"):
        open_video(truncated_no_index, backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_truncated_file_decodes_what_is_there(truncated_video, backend, caplog):
    with caplog.at_level(logging.WARNING), open_video(truncated_video, backend) as src:
        assert src.info.duration == pytest.approx(10.0, abs=0.05)  # the index promises 10 s
        frames = list(src.frames(EVERY))
        assert src.stats.ended_early
    assert 100 < len(frames) < 250 and 4.0 < frames[-1].t < 8.0
    assert [f.index for f in frames] == list(range(len(frames)))
    assert "file truncated" in caplog.text


@pytest.mark.parametrize("backend", BACKENDS)
def test_corrupt_bytes_in_the_middle_are_decoded_past(corrupt_video, backend, caplog):
    with caplog.at_level(logging.WARNING), open_video(corrupt_video, backend) as src:
        frames = list(src.frames(EVERY))
        stats = src.stats
    assert stats.frames_skipped > 0 and not stats.ended_early
    assert frames[-1].t == pytest.approx(9.96)  # reached the end, past the damage
    assert len(frames) + stats.frames_skipped >= 249
    times = [f.t for f in frames]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert "damaged data" in caplog.text


def test_corrupt_file_sampled_and_seeked(corrupt_video):
    """Sampling (not every frame) over damaged data still reaches the end with exact times."""
    with open_video(corrupt_video, "pyav") as src:
        frames = list(src.frames(SamplerConfig(fps=1)))
    assert [round(f.t, 2) for f in frames][-3:] == [7.0, 8.0, 9.0]
    assert len(frames) >= 8
