"""Batch captioning: segmentation, resume after interruption, folders, workers, per-file errors.

A counting stand-in captioner keeps these fast; the real embedded model writes captions in test_cli.
"""

from __future__ import annotations

import json
import shutil

import pytest

from streamvu.answerers.base import Answerer
from streamvu.apps import caption_cmd
from streamvu.apps.batch import collect_jobs, parse_formats, run_batch
from streamvu.apps.captioning import CaptionConfig, caption_file, caption_video, summary_evidence
from streamvu.apps.cli import main
from streamvu.apps.segments import SegmentConfig, Segmenter
from streamvu.errors import SourceError
from streamvu.pipeline.engine import Pipeline, PipelineConfig
from streamvu.testing.synthetic import synthetic_stream


class CountingCaptioner(Answerer):
    """Writes "Seen: LABEL." from a clip's first evidence; raises on call number ``fail_at``."""

    name = "counting-captioner"

    def __init__(self, fail_at: int | None = None, error: type[BaseException] = RuntimeError) -> None:
        self.calls = 0
        self.fail_at, self.error = fail_at, error

    def query_vector(self, question):
        return None

    def caption(self, evidence, max_new_tokens: int = 40, items=()) -> str:
        self.calls += 1
        if self.fail_at is not None and self.calls == self.fail_at:
            raise self.error("power cut")
        return f"Seen: {evidence[0].trace}." if evidence else "Nothing."


@pytest.fixture
def make_pipeline(encoder, embedder):
    def make(captioner=None, fps: float = 2.0) -> Pipeline:
        return Pipeline(
            PipelineConfig(fps=fps),
            encoder=encoder,
            embedder=embedder,
            answerer=captioner or CountingCaptioner(),
        )

    return make


def count_encoded(pipeline: Pipeline) -> list[int]:
    """Count frames the pipeline encodes from now on (wraps ``pipeline.encode``)."""
    seen = [0]
    original = pipeline.encode

    def encode(frames, encoder=None):
        seen[0] += len(frames)
        return original(frames, encoder)

    pipeline.encode = encode  # type: ignore[method-assign]
    return seen


# -- segmentation ------------------------------------------------------------------------------------
def clips_of(items, config, end):
    seg = Segmenter(config)
    out = [c for c in (seg.push(i) for i in items) if c is not None]
    last = seg.finish(end)
    return out + ([last] if last else [])


def test_fixed_segments_cover_the_video_without_gaps():
    clips = clips_of(list(synthetic_stream(23)), SegmentConfig("fixed", length_s=5), end=23.0)
    assert [(c.start, c.end) for c in clips] == [(0, 5), (5, 10), (10, 15), (15, 20), (20, 23.0)]
    assert [len(c.items) for c in clips] == [5, 5, 5, 5, 3]


def test_scene_segments_cut_at_scene_changes_and_resume_identically():
    items = list(synthetic_stream(40, scene_length=8, noise=0.05))
    config = SegmentConfig("scene", threshold=0.3, min_s=2, max_s=30)
    clips = clips_of(items, config, end=40.0)
    assert [c.start for c in clips] == [0, 8, 16, 24, 32]
    # a run resumed at a clip boundary finds the same later clips (the detector is causal)
    seg = Segmenter(config, start=16.0)
    resumed = [c for c in (seg.push(i) for i in items[16:]) if c is not None] + [seg.finish(40.0)]
    assert [(c.start, c.end) for c in resumed] == [(c.start, c.end) for c in clips[2:]]


def test_scene_segments_respect_max_length():
    clips = clips_of(
        list(synthetic_stream(25, scene_length=100, noise=0.01)),
        SegmentConfig("scene", threshold=0.5, min_s=1, max_s=10),
        end=25.0,
    )
    assert [(c.start, c.end) for c in clips] == [(0, 10), (10, 20), (20, 25.0)]


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"mode": "shots"}, "unknown segmentation"),
        ({"length_s": 0}, "segment length"),
        ({"threshold": 0}, "threshold"),
        ({"min_s": 5, "max_s": 2}, "min_s"),
    ],
)
def test_segment_config_validated(kwargs, match):
    with pytest.raises(ValueError, match=match):
        SegmentConfig(**kwargs)


def test_scene_captions_of_a_real_video(make_pipeline, coffee_cat_video):
    """40 s: a coffee cup, then a cat from 20 s: scene segmentation finds the cut."""
    config = CaptionConfig(segmentation="scene", max_segment_s=60)
    caps = caption_video(make_pipeline(fps=1.0), coffee_cat_video, config)
    assert len(caps) == 2
    assert caps[0].start == 0.0 and caps[1].start == pytest.approx(20.0, abs=1.01)
    assert caps[1].end == pytest.approx(40.0, abs=0.2)
    cats = ("cat", "mau", "tabby", "lynx")  # ImageNet's cats (chelsea reads as an Egyptian Mau)
    assert any(c in caps[1].evidence[0].trace.lower() for c in cats)
    assert not any(c in caps[0].evidence[0].trace.lower() for c in cats)


# -- one file: outputs, resume -------------------------------------------------------------------------
def outputs_in(folder, stem="short", formats=("srt", "vtt", "json")):
    return {f: folder / f"{stem}.{f}" for f in formats}


def test_resume_after_interruption_skips_done_segments(make_pipeline, short_video, tmp_path):
    config = CaptionConfig(segment_s=1.0)
    clean = outputs_in(tmp_path / "clean")
    caption_file(make_pipeline(), str(short_video), clean, config)

    out = outputs_in(tmp_path / "run")
    with pytest.raises(RuntimeError, match="power cut"):
        caption_file(make_pipeline(CountingCaptioner(fail_at=3)), str(short_video), out, config)
    partial = json.loads(out["json"].read_text())
    assert partial["complete"] is False and len(partial["captions"]) == 2  # written after each segment
    assert out["srt"].read_text().count("-->") == 2
    assert not [p for p in out["json"].parent.iterdir() if ".tmp" in p.name]

    captioner = CountingCaptioner()
    pipeline = make_pipeline(captioner)
    encoded = count_encoded(pipeline)
    report = caption_file(pipeline, str(short_video), out, config)
    assert report.status == "resumed" and report.new == 2 and report.captions == 4
    assert captioner.calls == 2 and encoded[0] <= 5  # decoding restarted at 2 s (8 frames in all at 2 fps)
    for fmt in ("srt", "vtt", "json"):
        assert out[fmt].read_text() == clean[fmt].read_text()


def test_finished_file_is_skipped_and_settings_change_redoes_it(make_pipeline, short_video, tmp_path):
    out = outputs_in(tmp_path, formats=("srt",))
    config = CaptionConfig(segment_s=2.0)
    assert caption_file(make_pipeline(), str(short_video), out, config).status == "done"
    state = tmp_path / ".short.captions.json"  # the resume state when no JSON output is asked for
    assert json.loads(state.read_text())["complete"] is True
    captioner = CountingCaptioner()
    assert caption_file(make_pipeline(captioner), str(short_video), out, config).status == "skipped"
    assert captioner.calls == 0
    report = caption_file(make_pipeline(captioner), str(short_video), out, CaptionConfig(segment_s=1.0))
    assert report.status == "done" and captioner.calls == 4 and out["srt"].read_text().count("-->") == 4


def test_summary_goes_into_json_and_vtt(make_pipeline, short_video, tmp_path):
    out = outputs_in(tmp_path, formats=("json", "vtt"))
    caption_file(make_pipeline(), str(short_video), out, CaptionConfig(segment_s=2.0, summary=True))
    doc = json.loads(out["json"].read_text())
    assert doc["summary"].startswith("Seen: ") and doc["complete"] is True
    assert len(doc["config_hash"]) == 16 and doc["source"]["size"] == short_video.stat().st_size
    assert doc["captions"][0]["evidence"] and doc["model"]["answerer"] == "counting-captioner"
    assert "NOTE summary: Seen: " in out["vtt"].read_text()


def test_summary_evidence_is_bounded():
    from streamvu.apps.captioning import Caption
    from streamvu.messages import Evidence

    caps = [Caption(i, i + 1, "x", [Evidence(i, i + 1, "cat" if i % 3 else "dog")]) for i in range(100)]
    ev = summary_evidence(caps, max_lines=12)
    assert len(ev) <= 12 and ev[0].start == 0 and ev[-1].end == 100 and ev[0].trace.startswith("cat")


# -- batches -------------------------------------------------------------------------------------------------
def test_parse_formats():
    assert parse_formats(["srt,vtt", "json", "srt"]) == ("srt", "vtt", "json")
    assert parse_formats(["all"]) == ("srt", "vtt", "json")
    with pytest.raises(ValueError, match="unknown caption format"):
        parse_formats(["docx"])


def test_collect_jobs_mirrors_folders_and_rejects_collisions(short_video, tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(short_video, folder / "a.mp4")
    shutil.copy(short_video, folder / "sub" / "b.mkv")
    (folder / "notes.txt").write_text("not a video")
    jobs = collect_jobs([str(folder)], ("srt", "json"), tmp_path / "out")
    assert [j.outputs["srt"] for j in jobs] == [tmp_path / "out/a.srt", tmp_path / "out/sub/b.srt"]
    single = collect_jobs([str(short_video)], ("vtt",), tmp_path / "x.vtt")
    assert single[0].outputs == {"vtt": tmp_path / "x.vtt"}
    with pytest.raises(ValueError, match="would both write"):
        collect_jobs(
            [str(folder / "a.mp4"), str(short_video.parent / "short.mp4"), str(folder / "a.mp4")],
            ("srt",),
            tmp_path,
        )
    with pytest.raises(SourceError, match="no such video"):
        collect_jobs([str(tmp_path / "missing.mp4")], ("srt",))
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError, match="no video files"):
        collect_jobs([str(tmp_path / "empty")], ("srt",))


def test_batch_with_workers_reports_bad_files_and_goes_on(
    make_pipeline, short_video, not_a_video, tmp_path, monkeypatch, capsys
):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(short_video, folder / "one.mp4")
    shutil.copy(short_video, folder / "sub" / "two.mp4")
    shutil.copy(not_a_video, folder / "broken.mp4")
    captioner = CountingCaptioner()
    monkeypatch.setattr(caption_cmd, "make_pipeline", lambda args: make_pipeline(captioner))
    out = tmp_path / "out"
    argv = [
        "caption",
        str(folder),
        "-o",
        str(out),
        "--format",
        "srt,json",
        "--segment",
        "2",
        "--workers",
        "2",
        "--no-progress",
    ]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "broken.mp4" in err and "error" in err and "1 failed" in err and "2 captioned" in err
    assert (out / "one.srt").read_text().count("-->") == 2
    assert json.loads((out / "sub" / "two.json").read_text())["complete"] is True
    assert not (out / "broken.srt").exists()
    calls = captioner.calls
    assert calls == 4
    # a rerun skips the finished files and reports the broken one again
    assert main(argv) == 1
    assert captioner.calls == calls and "2 up to date" in capsys.readouterr().err


def test_run_batch_keeps_job_order_and_interrupt_stops(make_pipeline, short_video, tmp_path):
    jobs = collect_jobs([str(short_video), "sample:carphone"], ("srt",), tmp_path)
    reports = run_batch(jobs, make_pipeline(), CaptionConfig(segment_s=2.0), workers=2)
    assert [r.status for r in reports] == ["done", "done"]
    assert [r.source for r in reports] == [j.source for j in jobs]
    with pytest.raises(KeyboardInterrupt):
        run_batch(
            jobs,
            make_pipeline(CountingCaptioner(fail_at=1, error=KeyboardInterrupt)),
            CaptionConfig(segment_s=1.0),
            workers=1,
        )
