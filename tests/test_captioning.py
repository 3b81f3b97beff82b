"""Caption formats and segmentation (the end-to-end run is in test_cli)."""

from __future__ import annotations

import json

import pytest

from streamvu.apps.captioning import Caption, CaptionConfig, label_runs, render, to_srt, to_vtt, write_atomic
from streamvu.messages import Evidence, FrameTokens, Label


def caps():
    return [
        Caption(0.0, 5.0, "A cup of coffee.", [Evidence(0.0, 5.0, "espresso")]),
        Caption(5.0, 7.25, "A cat looks up.", [Evidence(5.0, 7.25, "tabby cat")]),
    ]


def test_srt_layout():
    assert to_srt(caps()) == (
        "1\n00:00:00,000 --> 00:00:05,000\nA cup of coffee.\n\n"
        "2\n00:00:05,000 --> 00:00:07,250\nA cat looks up.\n"
    )


def test_vtt_layout():
    text = to_vtt(caps())
    assert text.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nA cup of coffee.\n")
    assert "00:00:05.000 --> 00:00:07.250" in text


def test_json_roundtrip_keeps_evidence_and_meta():
    doc = json.loads(render(caps(), "json", {"video": "v.mp4", "model": {"answerer": "embedded"}}))
    assert doc["video"] == "v.mp4"
    assert doc["captions"][1]["evidence"][0] == {
        "start": 5.0,
        "end": 7.25,
        "trace": "tabby cat",
        "score": None,
    }


def test_render_rejects_unknown_format():
    with pytest.raises(ValueError, match="srt, vtt, json"):
        render(caps(), "docx", {})


def test_label_runs_merge_consecutive_frames():
    def item(t, name):
        return FrameTokens(t=t, index=0, tokens=None, pooled=None, grid=(7, 7), labels=(Label(name, 0.9),))

    runs = label_runs([item(0, "cup"), item(1, "cup"), item(2, "cat"), item(3, "cup")], 1.0)
    assert [(r.start, r.end, r.trace) for r in runs] == [(0, 2.0, "cup"), (2, 3.0, "cat"), (3, 4.0, "cup")]


def test_segment_length_validated():
    with pytest.raises(ValueError):
        CaptionConfig(segment_s=0)


def test_write_atomic_replaces_whole_file(tmp_path):
    path = tmp_path / "out" / "a.srt"
    write_atomic(path, "first")
    write_atomic(path, "second")
    assert path.read_text() == "second"
    assert [p.name for p in path.parent.iterdir()] == ["a.srt"]
