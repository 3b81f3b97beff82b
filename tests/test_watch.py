"""``streamvu watch``: questions piped on stdin while a file is replayed like a camera."""

from __future__ import annotations

import io

import pytest

from streamvu.apps.cli import main
from streamvu.apps.watch_cmd import parse_line


def test_parse_line():
    assert parse_line("@12.5  what is here?\n") == (12.5, "what is here?")
    assert parse_line("what now?") == (None, "what now?")
    assert parse_line("   \n") == (None, "")


def test_watch_answers_timed_and_future_questions(coffee_cat_video, monkeypatch, capsys):
    questions = "@8 what is in the video now?\n@5 tell me when a cat appears\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(questions))
    code = main(["watch", str(coffee_cat_video), "--speed", "5", "--within", "30", "--no-progress"])
    out = capsys.readouterr().out
    assert code == 0, out
    now, future = out.split("[now, asked at 8.0s]")[1], out.split("[future, asked at 5.0s")[1]
    now_spans = [line for line in now.split("\n[")[0].splitlines() if "evidence" in line]
    assert now_spans and all(float(line.split("-")[1].split("s")[0]) <= 8.0 + 1e-6 for line in now_spans)
    answered_at = float(future.split("answered at ")[1].split("s")[0])
    assert answered_at >= 20.0
    assert "timeout" not in future.split("\n[")[0]


def test_watch_reports_bad_questions_and_goes_on(short_video, monkeypatch, capsys):
    # two answers at once from a fresh pipeline also load the language model only once
    monkeypatch.setattr("sys.stdin", io.StringIO("@-1 what?\nwhat is shown?\nwhat now?\n"))
    code = main(["watch", str(short_video), "--speed", "4", "--no-progress"])
    out = capsys.readouterr().out
    assert code == 1  # one question failed; the others were answered
    assert "negative" in out
    assert out.count("] what is shown?") == 1 and out.count("] what now?") == 1
    assert "error: Cannot" not in out


@pytest.mark.parametrize("argv, message", [(["watch", "/no/such.mp4"], "no such video file")])
def test_watch_bad_source(argv, message, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main([*argv, "--no-progress"]) == 2
    assert message in capsys.readouterr().err


def test_watch_tells_when_someone_appears(tmp_path, monkeypatch, capsys):
    """A person (skimage's astronaut) enters at 10 s after a cup of coffee: the proactive question,
    asked at 2 s, fires on the frame that shows her (1 fps: within 2 s), from the face/person detectors."""
    from tests.videos import sample_image, write_video

    video = write_video(
        tmp_path / "visit.mp4",
        [(sample_image("coffee"), 10.0), (sample_image("astronaut"), 8.0)],
        fps=5,
        jitter=False,
    )
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("@2 tell me when someone appears\n@4 let me know if something moves\n")
    )
    # paced (4x real time), as a camera is: with --fast the file can run ahead of the question under load
    code = main(["watch", str(video), "--speed", "4", "--within", "30", "--no-progress"])
    out = capsys.readouterr().out
    assert code == 0, out
    someone = out.split("[future, asked at 2.0s")[1].split("\n[")[0]
    answered_at = float(someone.split("answered at ")[1].split("s")[0])
    assert 10.0 <= answered_at <= 12.0, someone
    assert "someone is seen at" in someone.lower() and "person" in someone, someone
    still = out.split("[future, asked at 4.0s")[1].split("\n[")[0]  # a still picture, then a cut: no movement
    assert "answered at" not in still or "timeout" in still, still


def test_a_future_question_asked_for_a_passed_moment_reads_the_frames_since(tmp_path):
    """ "Tell me when someone appears" asked for 2 s after the stream has already played to its end (as a
    file replayed with --fast can run ahead of its questions): the frames since 2 s are in memory, so it
    is answered at the frame that shows her (10 s), not expired."""
    from streamvu import Stream, StreamConfig
    from streamvu.pipeline.engine import Pipeline, PipelineConfig
    from tests.videos import sample_image, write_video

    video = write_video(
        tmp_path / "visit.mp4",
        [(sample_image("coffee"), 10.0), (sample_image("astronaut"), 8.0)],
        fps=5,
        jitter=False,
    )
    with Stream(video, StreamConfig(realtime=False), pipeline=Pipeline(PipelineConfig())) as s:
        assert s.join(timeout=120)
        found = s.ask_async("tell me when someone appears", at=2.0).result(timeout=60)
    assert found.status == "answered" and 10.0 <= found.answered_at <= 12.0, (found.status, found.text)
    assert "someone is seen at" in found.text.lower(), found.text
