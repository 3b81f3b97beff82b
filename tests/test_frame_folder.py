"""Folders of images as a video source (OVBench's AVA and TAO ship frames, not files): ordered by
the numbers in their names, timed by an fps and a time offset, read through open_video, the
Pipeline, a Stream and the CLI options; clear errors for empty folders, mixed sizes, bad images."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from streamvu.errors import SourceError
from streamvu.ingest import SamplerConfig, open_video
from streamvu.ingest.frame_folder import list_frames, natural_key
from streamvu.pipeline.engine import Pipeline, PipelineConfig
from streamvu.pipeline.stream import Stream
from streamvu.pipeline.stream_config import StreamConfig
from tests.doubles import ScriptedAnswerer
from tests.videos import skimage_rgb


def write_frames(folder, names_and_images, fmt="JPEG"):
    folder.mkdir(parents=True, exist_ok=True)
    for name, rgb in names_and_images:
        Image.fromarray(rgb).save(folder / name, format=fmt)
    return folder


def shade(v, size=(32, 24)):
    return np.full((size[1], size[0], 3), v, np.uint8)


def test_numbered_order_times_with_offset_and_sampling(tmp_path):
    # TAO-style names whose plain sort would put frame10 before frame9; a stray non-image is ignored
    folder = write_frames(tmp_path / "tao", [(f"frame{i}.jpg", shade(20 * i)) for i in (1, 2, 9, 10, 11)])
    (folder / "notes.txt").write_text("not a frame")
    assert [p.name for p in list_frames(folder)] == [
        "frame1.jpg",
        "frame2.jpg",
        "frame9.jpg",
        "frame10.jpg",
        "frame11.jpg",
    ]
    assert sorted(["v_000012.jpg", "v_000003.jpg"], key=natural_key) == ["v_000003.jpg", "v_000012.jpg"]
    with open_video(folder, frame_fps=2, time_offset=895.0) as video:
        info = video.info
        assert (info.backend, info.num_frames, info.fps, info.width, info.height) == (
            "images",
            5,
            2.0,
            32,
            24,
        )
        assert info.duration == pytest.approx(895.0 + 5 / 2)
        frames = list(video.frames(SamplerConfig(fps=1, start=895.4, max_side=16)))
    # images at 895.0, 895.5, 896.0, 896.5, 897.0; 1 fps from 895.4 keeps 895.5 and 896.5
    assert [(f.t, f.index) for f in frames] == [(895.5, 1), (896.5, 3)]
    assert [int(round(f.rgb.mean() / 20)) for f in frames] == [2, 10]  # frame2 and frame10, by number
    assert frames[0].rgb.shape == (12, 16, 3)
    with open_video(folder, frame_fps=2) as video:
        assert [f.t for f in video.frames(SamplerConfig(fps=None, end=1.0))] == [0.0, 0.5, 1.0]


def test_folder_errors_are_one_clear_line(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SourceError, match="holds no images"):
        open_video(empty, frame_fps=1)
    mixed = write_frames(tmp_path / "mixed", [("00001.jpg", shade(10)), ("00002.jpg", shade(10, (40, 24)))])
    with pytest.raises(SourceError, match=r"00002\.jpg' is 40x24, the folder's first frame 32x24"):
        with open_video(mixed, frame_fps=1) as video:
            list(video.frames(SamplerConfig(fps=None)))
    broken = write_frames(tmp_path / "broken", [("00001.jpg", shade(10))])
    (broken / "00002.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    with pytest.raises(SourceError, match=r"cannot read frame image .*00002\.jpg"):
        with open_video(broken, frame_fps=1) as video:
            list(video.frames(SamplerConfig(fps=None)))
    with pytest.raises(
        SourceError, match="is a directory, not a video file; to read it as a folder of frames give"
    ):
        open_video(broken)
    with pytest.raises(SourceError, match="frame_fps must be a number > 0"):
        open_video(broken, frame_fps=float("nan"))


def test_a_folder_replays_in_real_time_like_a_camera(tmp_path):
    folder = write_frames(tmp_path / "cam", [(f"{i:05d}.png", shade(10 * i)) for i in range(1, 9)], fmt="PNG")
    with open_video(folder, realtime=True, speed=8.0, frame_fps=4, time_offset=10.0) as video:
        assert video.info.live
        frames = list(video.frames(SamplerConfig(fps=None)))
    assert [f.t for f in frames] == [10.0 + i / 4 for i in range(8)] and video.metrics.frames_out == 8


def test_cli_refuses_a_folder_without_a_frame_rate_before_loading_models(tmp_path, capsys, monkeypatch):
    from streamvu.apps import ask_cmd
    from streamvu.apps.cli import main

    monkeypatch.setattr(ask_cmd, "make_pipeline", lambda args: pytest.fail("models loaded before the check"))
    folder = write_frames(tmp_path / "frames", [("00001.jpg", shade(10))])
    assert main(["ask", str(folder), "what is there?"]) == 2
    err = capsys.readouterr().err.strip()
    assert (
        len(err.splitlines()) == 1
        and "to read it as a folder of frames give its frame rate" in err
        and "--frame-fps" in err
    )


def test_file_sources_refuse_folder_options(short_video):
    with pytest.raises(SourceError, match="apply to folders of frames"):
        open_video(short_video, frame_fps=5)


@pytest.fixture(scope="module")
def coffee_cat_folder(tmp_path_factory):
    """AVA-style: 1 fps frames of a movie from 895 s on; 895-899 s a coffee cup, 900-904 s a cat."""
    coffee, cat = skimage_rgb("coffee", (64, 64)), skimage_rgb("chelsea", (64, 64))
    return write_frames(
        tmp_path_factory.mktemp("ava") / "movie",
        [(f"movie_{i:06d}.jpg", coffee if i <= 5 else cat) for i in range(1, 11)],
    )


def test_pipeline_and_stream_read_a_folder_on_its_timeline(coffee_cat_folder, encoder, embedder):
    pipe = Pipeline(
        PipelineConfig(fps=1.0, frame_fps=1.0, time_offset=895.0),
        encoder=encoder,
        embedder=embedder,
        answerer=ScriptedAnswerer("B"),
    )
    assert [f.t for f in pipe.encoded(coffee_cat_folder, until=898.0)] == [895.0, 896.0, 897.0, 898.0]
    # a per-call frame rate overrides the config's (the eval runner gives each folder its own)
    assert [f.t for f in pipe.encoded(coffee_cat_folder, until=3.0, frame_fps=2.0, time_offset=0.0)] == [
        0.0,
        1.0,
        2.0,
        3.0,
    ]
    with Stream(coffee_cat_folder, StreamConfig(batch_size=4), pipeline=pipe) as s:
        assert s.join(timeout=60)
        answer = s.ask(
            "What object is on screen now?",
            at=904.0,
            options=("a cup of coffee", "a cat"),
            prompt="Which object?\nA. a cup of coffee\nB. a cat",
        )
    assert answer.text == "B" and answer.question.prompt == "Which object?\nA. a cup of coffee\nB. a cat"
    assert answer.evidence and all(895.0 - 1e-3 <= e.start and e.end <= 904.0 + 1e-3 for e in answer.evidence)


def test_cli_options_reach_the_pipeline(monkeypatch, coffee_cat_folder):
    import streamvu.pipeline.engine as engine
    from streamvu.apps import ask_cmd
    from streamvu.apps.cli import build_parser
    from streamvu.apps.common import make_pipeline

    args = build_parser()[0].parse_args(
        ["ask", str(coffee_cat_folder), "what is there?", "--frame-fps", "1", "--time-offset", "895"]
    )
    assert args.frame_fps == 1.0 and args.time_offset == 895.0 and ask_cmd.NAME == "ask"
    monkeypatch.setattr(engine, "Pipeline", lambda config: config)
    config = make_pipeline(args)
    assert (config.frame_fps, config.time_offset) == (1.0, 895.0)
