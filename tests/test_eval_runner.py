"""The benchmark runner end to end on real media with known content, one fixture per OVBench source
file style in its exact record shape: COIN- and HiREST-like video files, an AVA-like frame folder
whose frames begin 895 s into the movie, a TAO-like frame folder. Each video is streamed once, every
question is asked with its protocol's exact prompt and frame range, nothing after that range is
seen, predictions are written video by video, and the printed numbers equal hand-computed ones. A
scripted answerer keeps the mechanics fast; the embedded default runs the whole path through the CLI.
"""

from __future__ import annotations

import json
import shutil

import pytest
from PIL import Image

from streamvu.apps.eval import ovbench, ovobench
from streamvu.apps.eval.runner import evaluate_unit, load_records, run, units
from streamvu.pipeline.engine import Pipeline, PipelineConfig
from tests.doubles import ScriptedAnswerer
from tests.videos import skimage_rgb

TOL = 1e-3
OBJECTS = ["a cup of coffee", "a cat", "a rocket", "a horse"]


def row(video, t, text, answer, answer_type, sub, start=0.0, end=None, **extra):
    return {
        "middle_frame_timestamp": t,
        "question": text,
        "answer": answer,
        "sub_answer_type": sub,
        "answer_type": answer_type,
        "video": video,
        "candidates": OBJECTS,
        "start": start,
        "end": t if end is None else end,
        **extra,
    }


COIN = [
    row(
        "AIAqkAAXnjg.mp4",
        15.0,
        "What is on screen (coin 15)?",
        "a cup of coffee",
        "TemporalPerception",
        "TemporalPerception-1",
    ),
    row("AIAqkAAXnjg.mp4", 35.0, "What is on screen (coin 35)?", "a cat", "PastMemory", "PastMemory-4"),
]
HIREST = [
    row(
        "-2emCno7Ri4.mp4",
        3.0,
        "What is on screen (hirest 3)?",
        "a rocket",
        "Hallucination",
        "Hallucination-1",
    )
]
AVA = [
    row(
        "1j20qq1JyX4",
        905.0,
        "What is on screen (ava 905)?",
        "a cup of coffee",
        "SpatialPerception",
        "SpatialPerception-3",
        end=10.0,
        fps=1,
    ),
    row(
        "1j20qq1JyX4",
        915.0,
        "What is on screen (ava 915)?",
        "a cat",
        "SpatialPerception",
        "SpatialPerception-1",
        end=20.0,
        fps=1,
    ),
]
TAO = [
    row(
        "Spinning_v_x",
        3.0,
        "What is on screen (tao 3)?",
        "a cat",
        "SpatioTemporalPerception",
        "SpatioTemporalPerception-2",
        fps=5,
        image_file="val/HACS/Spinning_v_x/frame0016.jpg",
    )
]
# right by mcq_acc's article reading, empty, unparseable, grounded-style wrong / right, wrong
REPLIES = {
    "coin 15": "a cup of coffee",
    "coin 35": "",
    "hirest 3": "I cannot tell",
    "ava 905": "B. a cat",
    "ava 915": "B. a cat",
    "tao 3": "D",
}


def reply(question):
    return next(r for key, r in REPLIES.items() if key in question.text)


@pytest.fixture(scope="module")
def bench(tmp_path_factory, coffee_cat_video, short_video):
    root = tmp_path_factory.mktemp("ovbench")
    videos = root / "videos"
    videos.mkdir()
    shutil.copy(coffee_cat_video, videos / "AIAqkAAXnjg.mp4")
    shutil.copy(short_video, videos / "-2emCno7Ri4.mp4")
    coffee, cat = skimage_rgb("coffee", (64, 64)), skimage_rgb("chelsea", (64, 64))
    ava = videos / "1j20qq1JyX4"  # 1 fps from 895 s: coffee until 909 s, then the cat
    ava.mkdir()
    for i in range(24):
        Image.fromarray(coffee if i < 15 else cat).save(ava / f"1j20qq1JyX4_{i + 1:06d}.jpg")
    tao = videos / "Spinning_v_x"  # 5 fps: astronaut for 2 s, then a rocket
    tao.mkdir()
    astronaut, rocket = skimage_rgb("astronaut", (64, 48)), skimage_rgb("rocket", (64, 48))
    for i in range(20):
        Image.fromarray(astronaut if i < 10 else rocket).save(tao / f"frame{i + 1:04d}.jpg")
    files = []
    for name, doc in (("coin", COIN), ("hirest", HIREST), ("ava", AVA), ("tao", TAO)):
        (root / f"{name}.json").write_text(json.dumps(doc))
        files.append(root / f"{name}.json")
    return root, files


@pytest.fixture
def pipeline(encoder, embedder):
    def make(answer=reply, fps=1.0):
        pipe = Pipeline(
            PipelineConfig(fps=fps), encoder=encoder, embedder=embedder, answerer=ScriptedAnswerer(answer)
        )
        calls, original = [], pipe.encoded

        def counting(source, until=None, progress=False, **folder):
            calls.append((source.name, until, folder))
            return original(source, until, progress, **folder)

        pipe.encoded = counting
        pipe.encode_calls = calls
        return pipe

    return make


def test_lmms_eval_all_four_shapes_end_to_end(bench, pipeline, tmp_path):
    root, files = bench
    items = ovbench.load(files, "lmms-eval")
    pipe = pipeline()
    out = tmp_path / "pred.jsonl"
    result = run(items, root / "videos", pipe, out, benchmark="ovbench")
    assert result.answered == 6 and result.missing_questions == 0 and result.videos_encoded == 4
    # one pass per video, up to its last question; frame folders with their fps and time offset
    assert pipe.encode_calls == [
        ("AIAqkAAXnjg.mp4", 35.0, {}),
        ("-2emCno7Ri4.mp4", 3.0, {}),
        ("1j20qq1JyX4", 915.0, {"frame_fps": 1.0, "time_offset": 895.0}),
        ("Spinning_v_x", 3.0, {"frame_fps": 5.0, "time_offset": 0.0}),
    ]
    by_uid = {i.uid: i for i in items}
    sent = {q.text: q for q in pipe.answerer.calls}
    records = load_records(out)
    assert [r["uid"] for r in records] == [i.uid for i in items]
    for r in records:
        item = by_uid[r["uid"]]
        assert sent[item.question].prompt == item.prompt == r["prompt"]  # the exact protocol prompt was sent
        assert sent[item.question].asked_at == item.until == r["asked_at"]
        assert r["memory_end"] <= item.until + TOL and r["evidence_end"] <= item.until + TOL
    ava = [r for r in records if r["source"] == "ava"]
    assert [r["memory_end"] for r in ava] == [905.0, 915.0]  # the movie's timeline
    summary = ovbench.summarize(result.records)
    files_ = summary["files"]
    assert files_["coin"]["accuracy"] == {"n": 1, "correct": 1, "acc": 100.0}  # "" left out
    assert files_["hirest"]["accuracy"]["acc"] == 0.0 and files_["tao"]["accuracy"]["acc"] == 0.0
    assert files_["ava"]["accuracy"] == {"n": 2, "correct": 1, "acc": 50.0}
    assert summary["overall"] == pytest.approx((100 * 2 + 0 * 1 + 50 * 2 + 0 * 1) / 6)
    assert summary["pooled"] == pytest.approx(200 / 6)


def test_streaming_last_question_of_a_video_sees_the_whole_clip(bench, pipeline, tmp_path):
    root, _ = bench
    per_video = [
        {
            "video_id": "AIAqkAAXnjg.mp4",
            "clip": [0, 30],
            "questions": [
                {
                    "middle_frame_timestamp": 15.0,
                    "question": "coin 15?",
                    "options": [f"{'ABCD'[i]}. {o}" for i, o in enumerate(OBJECTS)],
                    "answer": "A",
                    "answer_type": "TemporalPerception",
                    "sub_answer_type": "TemporalPerception-1",
                },
                {
                    "middle_frame_timestamp": 10,
                    "question": "coin 35?",
                    "options": [f"{'ABCD'[i]}. {o}" for i, o in enumerate(OBJECTS)],
                    "answer": "B",
                    "answer_type": "PastMemory",
                    "sub_answer_type": "PastMemory-4",
                },
            ],
        }
    ]
    (tmp_path / "event.json").write_text(json.dumps(per_video))
    items = ovbench.load(tmp_path / "event.json", "streaming")
    todo, missing = units(items, root / "videos")
    assert missing == {} and len(todo) == 1
    records = evaluate_unit(pipeline(), todo[0], "ovbench")
    first, last = records
    assert first["prompt"].startswith("Question at 15.0s: coin 15?") and first["memory_end"] <= 15.0 + TOL
    assert last["prompt"] == (
        "Question at 10s: coin 35?\nOptions:\n(A) a cup of coffee\n(B) a cat\n(C) a rocket\n"
        "(D) a horse\nAnswer:"
    )
    assert last["asked_at"] == 30.0 and last["memory_end"] == 30.0  # the clip, not just up to 10 s
    assert json.loads(json.dumps(records)) == records  # plain JSON


def test_sliding_window_gives_each_question_only_its_window(bench, pipeline, tmp_path):
    root, files = bench
    items = ovbench.load(files[0], "sliding-window", window=5.0, window_frames=3)
    pipe = pipeline()
    seen = []
    original = pipe.answerer.evidence

    def watch(context):
        seen.append([(e.start, e.end) for e in context.entries])
        return original(context)

    pipe.answerer.evidence = watch
    result = run(items, root / "videos", pipe, tmp_path / "p.jsonl")
    assert len(pipe.encode_calls) == 1
    for item, entries in zip(items, seen, strict=True):
        assert item.start == item.time - 5.0
        assert entries and len(entries) <= 3
        assert (
            min(s for s, _ in entries) >= item.start - TOL and max(e for _, e in entries) <= item.time + TOL
        )
    assert [r["prompt"].endswith("\nOnly give the best option.") for r in result.records] == [True, True]


def test_predictions_written_video_by_video_and_resume(bench, pipeline, tmp_path):
    """A video's predictions land together when it is done (a unit of work); resume reuses them."""
    root, files = bench
    items = ovbench.load(files, "lmms-eval")
    out = tmp_path / "pred.jsonl"
    seen = []
    pipe = pipeline()
    original = pipe.answerer.stream

    def watching(context, evidence):
        seen.append(len(load_records(out)))  # lines on disk when each question starts
        yield from original(context, evidence)

    pipe.answerer.stream = watching
    run(items[:3], root / "videos", pipe, out)
    assert seen == [0, 0, 2]  # the COIN video's two questions, then HiREST's one
    with open(out, "a") as f:
        f.write('{"uid": "hirest:0", "torn')  # an interrupted write
    again = pipeline()
    second = run(items, root / "videos", again, out, resume=True)
    assert second.resumed == 3 and second.answered == 3
    assert [name for name, *_ in again.encode_calls] == ["1j20qq1JyX4", "Spinning_v_x"]
    assert [r["uid"] for r in load_records(out)] == [i.uid for i in items]
    # predictions made under another protocol are not reused
    other = pipeline()
    third = run(ovbench.load(files[1], "streaming"), root / "videos", other, out, resume=True)
    assert third.resumed == 0 and third.answered == 1 and len(load_records(out)) == 1


def test_question_past_the_end_and_before_the_first_frame(bench, pipeline, tmp_path):
    root, _ = bench
    late = [row("-2emCno7Ri4.mp4", 9.0, "late (hirest 3)?", "a rocket", "Hallucination", "Hallucination-1")]
    (tmp_path / "late.json").write_text(json.dumps(late))
    logs = []
    result = run(
        ovbench.load(tmp_path / "late.json", "lmms-eval"),
        root / "videos",
        pipeline(),
        tmp_path / "p.jsonl",
        log=logs.append,
    )
    assert result.records[0]["past_end"] and result.records[0]["memory_end"] <= 4.0
    assert "1 question(s) are timed past the end" in logs[0]
    options = [f"{'ABCD'[i]}. {o}" for i, o in enumerate(OBJECTS)]
    early = [
        {
            "video_id": "-2emCno7Ri4.mp4",
            "clip": [1, 3],
            "questions": [
                {
                    "middle_frame_timestamp": t,
                    "question": f"(hirest 3) at {t}",
                    "options": options,
                    "answer": "C",
                    "answer_type": "PastMemory",
                    "sub_answer_type": "PastMemory-2",
                }
                for t in (0.5, 2.0)
            ],
        }
    ]
    (tmp_path / "early.json").write_text(json.dumps(early))
    first = run(
        ovbench.load(tmp_path / "early.json", "streaming"), root / "videos", pipeline(), tmp_path / "q.jsonl"
    )
    rec = first.records[0]  # asked at 0.5 s of a clip that starts at 1 s: no frame to answer from
    assert rec["error"].startswith("QuestionError") and rec["response"] == "" and not rec["correct"]


def test_cli_embedded_default_all_four_files(
    bench, encoder, embedder, answerer, tmp_path, monkeypatch, capsys
):
    """``streamvu eval ovbench`` with the real embedded answerer (EfficientNet + MiniLM + SmolLM2)."""
    from streamvu.apps import eval_cmd
    from streamvu.apps.cli import main

    root, files = bench
    made = []

    def make_pipeline(args):  # the session's models, the command's settings
        assert args.model == "grounded" and args.fps == 1.0
        made.append(
            Pipeline(PipelineConfig(fps=args.fps), encoder=encoder, embedder=embedder, answerer=answerer)
        )
        return made[-1]

    monkeypatch.setattr(eval_cmd, "make_pipeline", make_pipeline)
    out, report = tmp_path / "pred.jsonl", tmp_path / "summary.json"
    code = main(
        [
            "eval",
            "ovbench",
            "--annotations",
            *map(str, files),
            "--videos",
            str(root / "videos"),
            "--protocol",
            "lmms-eval",
            "--fps",
            "1",
            "--output",
            str(out),
            "--report",
            str(report),
            "--no-progress",
            "--tasks",
            "coin:PastMemory-4",
            "hirest",
            "ava:SpatialPerception-3",
            "tao",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "lmms-eval protocol" in captured.out and "| Subset" in captured.out and "| all" in captured.out
    records = load_records(out)
    assert [r["source"] for r in records] == ["coin", "hirest", "ava", "tao"] and all(
        r["response"] for r in records
    )
    assert all(r["memory_end"] <= r["asked_at"] + TOL for r in records)
    assert 895.0 <= records[2]["memory_end"] <= 905.0 + TOL and records[2]["asked_at"] == 905.0
    summary = json.loads(report.read_text())
    assert (
        summary["n"] == 4
        and summary["skipped"] == 0
        and set(summary["files"]) == {"coin", "hirest", "ava", "tao"}
    )
    manual = [r for r in records if r["counted"]]
    assert summary["files"]["coin"]["accuracy"]["correct"] == sum(
        r["correct"] for r in manual if r["source"] == "coin"
    )


def test_cli_missing_videos_fail_unless_allowed(bench, encoder, embedder, tmp_path, monkeypatch, capsys):
    from streamvu.apps import eval_cmd
    from streamvu.apps.cli import main

    root, _ = bench
    doc = [*HIREST, row("not_downloaded.mp4", 5.0, "gone (tao 3)?", "a cat", "PastMemory", "PastMemory-4")]
    (tmp_path / "hirest.json").write_text(json.dumps(doc))
    monkeypatch.setattr(
        eval_cmd,
        "make_pipeline",
        lambda args: Pipeline(
            PipelineConfig(fps=1.0), encoder=encoder, embedder=embedder, answerer=ScriptedAnswerer(reply)
        ),
    )
    argv = [
        "eval",
        "ovbench",
        "--annotations",
        str(tmp_path / "hirest.json"),
        "--videos",
        str(root / "videos"),
        "--output",
        str(tmp_path / "p.jsonl"),
        "--no-progress",
        "--report",
        str(tmp_path / "s.json"),
    ]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "skipped 1 question(s) of 1 video(s)" in err and "not_downloaded.mp4 (not found)" in err
    assert "pass --allow-missing" in err
    assert json.loads((tmp_path / "s.json").read_text())["skipped"] == 1
    assert main([*argv, "--allow-missing", "--overwrite"]) == 0


@pytest.mark.parametrize(
    "doc, message",
    [
        (
            [{"video_id": "v", "clip": [0, 9], "questions": [[1]]}],
            "record 0: key 'questions': item 0 must be a JSON object",
        ),
        (
            [{**COIN[0], "middle_frame_timestamp": "noon"}],
            "record 0: key 'middle_frame_timestamp': must be a number",
        ),
        ([{**COIN[0], "candidates": [None, {"x": 1}, 3]}], "record 0: key 'candidates'"),
    ],
)
def test_cli_bad_annotations_one_line_before_any_model(bench, tmp_path, monkeypatch, capsys, doc, message):
    from streamvu.apps import eval_cmd
    from streamvu.apps.cli import main

    root, _ = bench
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))

    def no_models(args):
        raise AssertionError("models were loaded before the input was checked")

    monkeypatch.setattr(eval_cmd, "make_pipeline", no_models)
    assert main(["eval", "ovbench", "--annotations", str(path), "--videos", str(root / "videos")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err and str(path) in err


def test_ovobench_forward_questions_on_a_real_video(pipeline, short_video, tmp_path):
    videos = tmp_path / "videos"
    videos.mkdir()
    shutil.copy(short_video, videos / "short.mp4")
    ann = [
        {
            "id": 7,
            "task": "SSR",
            "video": "short.mp4",
            "test_info": [
                {"realtime": 1.0, "step": "launch the rocket", "type": 0},
                {"realtime": 3.5, "step": "launch the rocket", "type": 1},
            ],
        },
        {
            "id": 8,
            "task": "OJR",
            "video": "short.mp4",
            "question": "What is visible?",
            "options": ["an astronaut", "a rocket"],
            "gt": 1,
            "realtime": 3.0,
        },
    ]
    (tmp_path / "ovo.json").write_text(json.dumps(ann))
    items = ovobench.load(tmp_path / "ovo.json")
    pipe = pipeline("Yes")
    result = run(items, videos, pipe, tmp_path / "p.jsonl", benchmark="ovobench")
    # each sees the video up to ceil(realtime), as the released chunker cuts it
    assert [q.asked_at for q in pipe.answerer.calls] == [1.0, 3.0, 4.0] and len(pipe.encode_calls) == 1
    assert [q.prompt for q in pipe.answerer.calls] == [items[0].prompt, items[2].prompt, items[1].prompt]
    by_uid = {r["uid"]: r for r in result.records}
    assert not by_uid["7#0"]["correct"] and by_uid["7#1"]["correct"] and not by_uid["8"]["correct"]
    assert all(r["memory_end"] <= r["asked_at"] + 1e-6 for r in result.records)


@pytest.mark.parametrize("n, k", [(31, 23), (154, 64), (10, 3), (5, 1)])
def test_window_frames_picked_as_the_sliding_window_script_picks_them(n, k):
    """``numpy.linspace(0, n - 1, k).astype(int32)``, float rounding included (exact arithmetic
    picks another frame at n=31, k=23 and n=154, k=64)."""
    import numpy as np

    from streamvu.apps.eval.items import EvalItem
    from streamvu.apps.eval.runner import window_frames
    from streamvu.messages import FrameTokens

    frames = [FrameTokens(float(i), i, None, None, (1, 1)) for i in range(n)]
    item = EvalItem(
        "u", "v.mp4", float(n), "what?", "A", "t", "g", "past", ("x", "y"), fresh_memory=True, max_frames=k
    )
    picked = [f.index for f in window_frames(frames, item)]
    assert picked == np.linspace(0, n - 1, k).astype(np.int32).tolist()
