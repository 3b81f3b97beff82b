"""``--feature-cache``: a second run over the same file reads features instead of encoding."""

from __future__ import annotations

import pytest

from streamvu.apps.cli import main
from streamvu.encoders.efficientnet import EfficientNetLite0Encoder


def test_second_caption_run_skips_encoding(short_video, tmp_path, monkeypatch, capsys):
    calls = []
    original = EfficientNetLite0Encoder.features

    def counting(self, pixels):
        calls.append(pixels.shape[0])
        return original(self, pixels)

    monkeypatch.setattr(EfficientNetLite0Encoder, "features", counting)
    cache = tmp_path / "features"
    argv = ["caption", str(short_video), "--segment", "2", "--feature-cache", str(cache), "--no-progress"]
    assert main([*argv, "-o", str(tmp_path / "a.srt")]) == 0
    assert sum(calls) == 4 and any(cache.rglob("*"))
    calls.clear()
    assert main([*argv, "-o", str(tmp_path / "b.srt")]) == 0
    assert calls == []
    assert (tmp_path / "a.srt").read_text().count("-->") == (tmp_path / "b.srt").read_text().count("-->") == 2


def test_reuse_threshold_is_validated(short_video, capsys):
    with pytest.raises(SystemExit) as refused:  # refused by the argument parser, naming the flag
        main(["ask", str(short_video), "what?", "--reuse-threshold", "3", "--no-progress"])
    assert refused.value.code == 2 and "argument --reuse-threshold" in capsys.readouterr().err
