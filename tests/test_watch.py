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
