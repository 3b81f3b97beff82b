"""The ``streamvu`` command: real runs and every bad input giving a clear error and exit code 2."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from streamvu.apps.cli import main


def test_console_script_is_installed():
    exe = shutil.which("streamvu")
    assert exe, "the streamvu console script is not on PATH"
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.startswith("streamvu ")


def test_ask_json_at_35(coffee_cat_video, capsys):
    code = main(
        ["ask", str(coffee_cat_video), "--at", "35", "what is in the video now?", "--json", "--no-progress"]
    )
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["asked_at"] == 35.0 and doc["answer"]
    assert all(20.0 <= e["end"] <= 35.0 + 1e-6 for e in doc["evidence"])


def test_ask_streams_text_and_evidence(short_video, capsys):
    assert main(["ask", str(short_video), "--at", "3", "what is shown now?", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "no pruning" in out and "evidence" in out


def test_caption_writes_srt(short_video, tmp_path, capsys):
    out = tmp_path / "short.srt"
    assert main(["caption", str(short_video), "--segment", "2", "-o", str(out), "--no-progress"]) == 0
    text = out.read_text()
    assert text.count("-->") == 2
    assert "00:00:00,000 --> 00:00:02,000" in text
    assert text.strip() in capsys.readouterr().out


def test_caption_json_and_default_output_path(short_video, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["caption", str(short_video), "--format", "json", "--no-progress"]) == 0
    doc = json.loads((tmp_path / "short.json").read_text())
    assert doc["model"]["encoder"] == "efficientnet-lite0"
    assert doc["captions"][0]["start"] == 0.0 and doc["captions"][-1]["end"] == pytest.approx(4.0, abs=0.11)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["ask", "/no/such/video.mp4", "what?"], "no such video file"),
        (["ask", "{short}", "   "], "question is empty"),
        (["ask", "{short}", "--at", "100", "what?"], "past the end"),
        (["ask", "{short}", "--fps", "-1", "what?"], "argument --fps"),
        (["ask", "{short}", "--model", "gpt-17", "what?"], "unknown answer model"),
        (["ask", "{notvideo}", "what?"], "notes.mp4"),
        (["ask", "{short}", "--device", "banana", "what?"], "unknown device"),
        (["caption", "sample:nope"], "unknown sample"),
        (["caption", "{short}", "--segment", "0"], "argument --segment"),
    ],
)
def test_bad_input_exits_2_with_message(argv, message, short_video, not_a_video, capsys):
    argv = [a.format(short=short_video, notvideo=not_a_video) for a in argv] + ["--no-progress"]
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse refuses bad option values itself
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "error" in err


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "ask" in capsys.readouterr().out


@pytest.mark.skipif(
    __import__("torch").cuda.is_available(), reason="checks the message on a machine without CUDA"
)
def test_cuda_device_without_a_gpu_is_a_clear_error(short_video, capsys):
    assert main(["ask", str(short_video), "what?", "--device", "cuda", "--no-progress"]) == 2
    assert "no usable CUDA GPU" in capsys.readouterr().err
