"""Bad input is refused in one line before any model loads; ``-q`` runs print only results."""

from __future__ import annotations

import io
import os

import pytest

from streamvu.apps import ask_cmd, watch_cmd
from streamvu.apps.cli import main
from streamvu.apps.preflight import check_output_files, check_writable
from streamvu.apps.watch_cmd import parse_line
from streamvu.errors import QuestionError


@pytest.fixture
def no_models(monkeypatch):
    """Fail the test if a command gets as far as loading models."""

    def refuse(args):
        raise AssertionError("models were loaded before the input was checked")

    monkeypatch.setattr(ask_cmd, "make_pipeline", refuse)
    monkeypatch.setattr(watch_cmd, "make_pipeline", refuse)


def one_error_line(capsys, command: str = "ask") -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"streamvu {command}: error: "), err
    return lines[0]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--at", "nan"], "argument --at: expected a finite number, got 'nan'"),
        (["--at=-inf"], "expected a finite number"),
        (["--fps", "inf"], "argument --fps: expected a finite number, got 'inf'"),
        (["--keep-ratio", "nan"], "argument --keep-ratio"),
        (["--at", "soon"], "expected a number, got 'soon'"),
    ],
)
def test_non_finite_numbers_are_argument_errors(argv, message, short_video, capsys, no_models):
    with pytest.raises(SystemExit) as exit_:
        main(["ask", str(short_video), "what?", *argv])
    assert exit_.value.code == 2
    line = one_error_line(capsys)
    assert message in line and "SamplerConfig" not in line


@pytest.mark.parametrize(
    "video, question, message",
    [
        ("{audio}", "what?", "has no video stream"),
        ("{empty}", "what?", "is empty"),
        ("{short}", "what \udcff is it?", "not valid UTF-8"),  # how Python passes undecodable argv bytes
        ("{short}", "a" * 100_000, "100000 characters long"),
        ("{short}", "  ", "question is empty"),
    ],
)
def test_bad_input_is_refused_before_models_load(
    video, question, message, short_video, audio_only, empty_video, capsys, no_models
):
    path = video.format(audio=audio_only, empty=empty_video, short=short_video)
    assert main(["ask", path, question]) == 2
    assert message in one_error_line(capsys)


def test_time_past_the_end_and_feature_cache_file_are_refused_before_models_load(
    short_video, capsys, no_models
):
    assert main(["ask", str(short_video), "--at", "100", "what?"]) == 2
    assert "past the end of the video (4.0 s long)" in one_error_line(capsys)
    assert main(["ask", str(short_video), "--feature-cache", str(short_video), "what?"]) == 2
    assert "is a file, not a folder" in one_error_line(capsys)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_refused(short_video, tmp_path, capsys, no_models):
    locked = tmp_path / "locked.mp4"
    locked.write_bytes(short_video.read_bytes())
    locked.chmod(0)
    assert main(["ask", str(locked), "what?"]) == 2
    assert "permission denied" in one_error_line(capsys)


def test_watch_source_is_checked_before_models_load(audio_only, monkeypatch, capsys, no_models):
    monkeypatch.setattr("sys.stdin", io.StringIO("what?\n"))
    assert main(["watch", str(audio_only)]) == 2
    assert "has no video stream" in one_error_line(capsys, "watch")


def test_check_writable(tmp_path):
    (tmp_path / "file").write_text("x")
    assert check_writable(tmp_path / "new" / "deeper", folder=True) == tmp_path / "new" / "deeper"
    assert not (tmp_path / "new").exists()  # checking creates nothing
    with pytest.raises(ValueError, match="is a file, not a folder"):
        check_writable(tmp_path / "file", folder=True)
    with pytest.raises(ValueError, match="is a folder, not a file"):
        check_writable(tmp_path, folder=False)
    with pytest.raises(ValueError, match="cannot be created"):
        check_writable(tmp_path / "file" / "out.srt", folder=False)
    with pytest.raises(ValueError, match="output folder .* is a file"):
        check_output_files([tmp_path / "a.srt", tmp_path / "file" / "b.srt"])
    check_output_files([tmp_path / "out" / "a.srt", tmp_path / "out" / "a.vtt"])
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".streamvu-probe")]


@pytest.mark.parametrize(
    "line, problem",
    [
        ("@abc what?", "'abc' is not a time"),
        ("@3", "no question after the time"),
        ("@3   ", "no question after the time"),
        ("@nan what is it?", "finite"),
        ("@inf what is it?", "finite"),
        ("@ 12 what?", "'' is not a time"),
    ],
)
def test_malformed_at_lines_are_refused_with_the_line_quoted(line, problem):
    with pytest.raises(QuestionError) as exc:
        parse_line(line)
    assert repr(line.strip()) in str(exc.value) and problem in str(exc.value)


def test_watch_refuses_malformed_lines_and_answers_the_rest(
    short_video, encoder, embedder, answerer, monkeypatch, capsys
):
    from streamvu.pipeline.engine import Pipeline, PipelineConfig

    monkeypatch.setattr(
        watch_cmd,
        "make_pipeline",
        lambda args: Pipeline(  # the session's models
            PipelineConfig(fps=args.fps), encoder=encoder, embedder=embedder, answerer=answerer
        ),
    )
    lines = b"@abc what?\n@3\n@nan what is shown?\n\xff\xfe what?\n@inf what?\n@2 what is shown?\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(lines), encoding="utf-8"))
    assert main(["watch", str(short_video), "--speed", "4", "-q"]) == 1  # some lines were refused
    out = capsys.readouterr().out
    for bad in ("@abc what?", "@3", "@nan what is shown?", "@inf what?"):
        assert f"refused {bad!r}" in out
    assert "refused line 4 of the input: it is not valid UTF-8" in out
    assert out.count("asked at 2.0s] what is shown?") == 1 and "asked at 0.0s" not in out


def test_quiet_run_prints_only_the_answer(short_video, capfd):
    assert main(["ask", str(short_video), "--at", "3", "what is shown?", "-q"]) == 0
    out, err = capfd.readouterr()
    assert err == ""
    assert "no pruning" in out and "evidence" in out
