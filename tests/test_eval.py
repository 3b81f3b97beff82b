"""The benchmark harness's pure parts: option parsing, the official annotation readers, reports."""

from __future__ import annotations

import json

import pytest

from streamvu.apps.eval import benchmark, ovbench, ovobench
from streamvu.apps.eval.parsing import official_choice, parse_choice, parse_count, parse_yes_no
from streamvu.apps.eval.runner import EvalItem, grade, group_by_video, load_records, resolve_video

OPTIONS = ("a coffee mug", "a cat", "a rocket", "a horse")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(B)", "B"), ("B.", "B"), ("b", "B"), ("B) a cat", "B"), ("**C**", "C"), (" [d] ", "D"),
        ("The answer is b", "B"), ("The answer is B because the cat is visible.", "B"),
        ("Option C: a rocket", "C"), ("Answer: (A)", "A"), ("Best option:(D", "D"),
        ("I think the answer is (C), the rocket.", "C"), ("The cat appears, so B", "B"),
        ("It looks like a coffee mug.", "A"),  # no letter: exactly one option's text is quoted
        ("A. a coffee mug", "A"), ("A", "A"),
        # invalid: nothing, no option, a letter past the last option, several options named
        ("", None), ("   ", None), (None, None), ("I don't know.", None), ("(E)", None),
        ("Option E", None), ("There is a coffee mug and a cat.", None), ("A dog runs.", None),
    ],
)
def test_parse_choice_messy_outputs(text, expected):
    assert parse_choice(text, 4, OPTIONS) == expected


def test_parse_choice_respects_the_number_of_options():
    assert parse_choice("C", 2) is None
    assert parse_choice("B", 2) == "B"


def test_official_parser_keeps_its_quirks():
    assert official_choice("B. a cat") == "B"
    assert official_choice("(C)") == "C"
    assert official_choice("a dog runs") == "A"  # the article reads as option A in mcq_acc
    assert official_choice("nothing here") == "nothing here"


@pytest.mark.parametrize("text, expected", [("Yes.", "Yes"), ("no", "No"), ("N", "No"), ("Y", "Yes"),
                                            ("It is not happening now", "No"), ("maybe", None), ("", None)])
def test_parse_yes_no(text, expected):
    assert parse_yes_no(text) == expected


@pytest.mark.parametrize("text, expected", [("3", "3"), ("They did it three times.", "3"), ("none", None),
                                            ("2 or 3", "2")])
def test_parse_count(text, expected):
    assert parse_count(text) == expected


# --- OVBench: the official annotation shapes, handwritten from the published format ---------------

# VideoChat-Online's streaming evaluation: one record per video, options carry their letters
PER_VIDEO = [
    {
        "video_id": "COIN/videos/abc123.mp4",
        "clip": [4.0, 96.5],
        "questions": [
            {"middle_frame_timestamp": 30.5, "question": "What is the person doing now?",
             "options": ["A. whisking eggs", "B. cutting bread", "C. pouring milk", "D. washing a pan"],
             "answer": "B", "answer_type": "Temporal Perception", "sub_answer_type": "Step Localization"},
            {"middle_frame_timestamp": 12.0, "question": "Which step was done before the current one?",
             "options": ["A. adding salt", "B. boiling water"],
             "answer": "A", "answer_type": "Past Memory", "sub_answer_type": "Procedure Recall"},
        ],
    },
    {
        "video_id": "TAO/frames/val/ArgoVerse/xyz",  # a frame folder (video given with "fps")
        "fps": 30, "clip": [0, 20],
        "questions": [
            {"middle_frame_timestamp": 15, "question": "Where will the car move next?",
             "options": ["A. left", "B. right", "C. straight"], "answer": "C",
             "answer_type": "Future Prediction", "sub_answer_type": "Movement Prediction"},
        ],
    },
]
# the sliding-window script / split files: one question per record
FLAT = [
    {"id": "hirest_0001_q0", "video_id": "hirest/v1.mp4", "middle_frame_timestamp": 8.0,
     "question": "Is the object still present?", "options": ["A. yes", "B. no"], "answer": "A",
     "answer_type": "Temporal Hallucination Verification", "sub_answer_type": "Object Presence",
     "start": 0.0, "end": 8.0},
]
# the lmms-eval task's rows: option texts in "candidates", the answer as text
LMMS = [
    {"video": "AVA/clip_9.mp4", "question": "Where is the man standing?", "candidates": ["left", "center", "right"],
     "answer": "right", "answer_type": "Spatio Perception", "sub_answer_type": "Action Location",
     "start": 900.0, "end": 932.0},
]


def write_json(tmp_path, name, doc):
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def test_ovbench_reads_the_per_video_format(tmp_path):
    items = ovbench.load(write_json(tmp_path, "ovbench.json", PER_VIDEO))
    assert [i.uid for i in items] == ["COIN/videos/abc123.mp4#0", "COIN/videos/abc123.mp4#1", "TAO/frames/val/ArgoVerse/xyz#0"]
    first = items[0]
    assert first.video == "COIN/videos/abc123.mp4" and first.time == 30.5 and first.start == 4.0
    assert first.options == ("whisking eggs", "cutting bread", "pouring milk", "washing a pan")
    assert first.answer == "B" and first.kind == "choice"
    assert (first.group, first.task, first.context) == ("Temporal Perception", "Step Localization", "present")
    assert (items[1].group, items[1].context, items[1].options) == ("Past Memory", "past", ("adding salt", "boiling water"))
    assert items[2].context == "future" and items[2].answer == "C"
    # VideoChat-Online's prompt: "Question at {t}s", "(A) ..." lettering, "Answer:"
    assert first.prompt == ("Question at 30.5s: What is the person doing now?\nOptions:\n(A) whisking eggs\n"
                            "(B) cutting bread\n(C) pouring milk\n(D) washing a pan\nAnswer:")


def test_ovbench_reads_flat_and_lmms_eval_rows(tmp_path):
    flat = ovbench.load(write_json(tmp_path, "flat.json", FLAT))
    assert flat[0].uid == "hirest_0001_q0" and flat[0].context == "past" and flat[0].answer == "A"
    assert flat[0].group == "Temporal Hallucination Verification"
    lmms = ovbench.load(write_json(tmp_path, "lmms.json", LMMS))
    item = lmms[0]
    assert item.options == ("left", "center", "right") and item.answer == "C"
    assert item.time == 932.0 and item.start == 900.0 and item.group == "Spatio Perception"


def test_ovbench_canonicalises_type_names(tmp_path):
    assert ovbench.classify("Spatial Perception", "object position")[:2] == ("Spatio Perception", "Object Position")
    assert ovbench.classify("Spatio-Temporal Perception", "Action Trajectory")[2] == "present"
    assert ovbench.classify("Past Memory", "Something New") == ("Past Memory", "Something New", "past")
    assert len(ovbench.SUBTASKS) == 16 and len(ovbench.TASK_TYPES) == 6


@pytest.mark.parametrize("doc, message", [
    ({"nothing": 1}, "no list"),
    ([{"question": "q"}], "video_id"),
    ([{"video_id": "v.mp4", "middle_frame_timestamp": 1, "question": "q", "options": ["A. x", "B. y"],
       "answer": "C"}], "only 2 options"),
    ([{"video_id": "v.mp4", "question": "q", "options": ["A. x", "B. y"], "answer": "A"}], "middle_frame_timestamp"),
])
def test_ovbench_bad_annotations_are_clear(tmp_path, doc, message):
    with pytest.raises(ValueError, match=message):
        ovbench.load(write_json(tmp_path, "bad.json", doc))


def test_ovbench_select_by_name_type_or_code(tmp_path):
    items = ovbench.load(write_json(tmp_path, "ovbench.json", PER_VIDEO))
    assert [i.task for i in ovbench.select(items, ["step localization"])] == ["Step Localization"]
    assert [i.task for i in ovbench.select(items, ["PM"])] == ["Procedure Recall"]
    assert [i.task for i in ovbench.select(items, ["Future Prediction"])] == ["Movement Prediction"]


def record(task, group, context, correct, valid=True):
    return {"uid": f"{task}{correct}{valid}", "task": task, "group": group, "context": context,
            "correct": correct, "valid": valid}


def test_ovbench_report_macro_and_micro():
    records = [
        record("Procedure Recall", "Past Memory", "past", True),
        record("Procedure Recall", "Past Memory", "past", True),
        record("Procedure Recall", "Past Memory", "past", False),
        record("Action Retrieval", "Past Memory", "past", False, valid=False),
        record("Movement Prediction", "Future Prediction", "future", True),
    ]
    s = ovbench.summarize(records)
    assert s["subtasks"]["Procedure Recall"]["acc"] == pytest.approx(200 / 3)
    assert s["task_types"]["Past Memory"]["acc"] == pytest.approx((200 / 3 + 0) / 2)
    assert s["overall"] == pytest.approx((200 / 3 + 0 + 100) / 3)  # mean of subtask accuracies
    assert s["overall_micro"] == pytest.approx(60.0) and s["invalid"] == 1
    assert s["contexts"]["past"]["n"] == 4 and s["contexts"]["present"]["acc"] is None
    text = ovbench.format_report(s, model="embedded")
    assert "| Model" in text and "PM/PR" in text and "FP/MP" in text and "| embedded" in text
    for sub in ovbench.SUBTASKS:
        assert sub in text
    assert "Past" in text and "Present" in text and "Future" in text


# --- OVO-Bench -------------------------------------------------------------------------------------

OVO = [
    {"id": 1, "task": "EPM", "video": "src/ego_1.mp4", "question": "Where did I put the keys?",
     "options": ["on the table", "in the bag", "on the shelf"], "gt": 2, "realtime": 120.0},
    {"id": 2, "task": "OCR", "video": "src/street.mp4", "question": "What does the sign say?",
     "options": ["STOP", "EXIT"], "gt": 0, "realtime": 10.5},
    {"id": 3, "task": "SSR", "video": "src/cooking.mp4",
     "test_info": [{"realtime": 5.0, "step": "crack the eggs", "type": 0},
                   {"realtime": 9.0, "step": "crack the eggs", "type": 1}]},
    {"id": 4, "task": "REC", "video": "src/gym.mp4", "activity": "do a push-up",
     "test_info": [{"realtime": 4.0, "count": 1}, {"realtime": 8.0, "count": 3}]},
    {"id": 5, "task": "CRR", "video": "src/film.mp4", "question": "Who opens the door?",
     "test_info": [{"realtime": 3.0, "type": 0}]},
]


def test_ovobench_reads_the_official_format(tmp_path):
    items = ovobench.load(write_json(tmp_path, "ovo_bench_new.json", OVO))
    by_uid = {i.uid: i for i in items}
    assert set(by_uid) == {"1", "2", "3#0", "3#1", "4#0", "4#1", "5#0"}
    assert by_uid["1"].answer == "C" and by_uid["1"].context == "past" and by_uid["1"].time == 120.0
    assert by_uid["2"].context == "present" and by_uid["2"].prompt.startswith("Question: What does the sign say?")
    assert "A. STOP; B. EXIT;" in by_uid["2"].prompt
    assert (by_uid["3#0"].kind, by_uid["3#0"].answer, by_uid["3#1"].answer) == ("yesno", "No", "Yes")
    assert "crack the eggs" in by_uid["3#1"].question and by_uid["3#1"].context == "future"
    assert (by_uid["4#1"].kind, by_uid["4#1"].answer) == ("count", "3")
    assert "How many times did they do a push-up?" in by_uid["4#0"].question
    # the split layout {"backward": [...], "realtime": [...], "forward": [...]} reads the same
    split = {"backward": OVO[:1], "realtime": OVO[1:2], "forward": OVO[2:]}
    assert [i.uid for i in ovobench.load(write_json(tmp_path, "split.json", split))] == [i.uid for i in items]


def test_ovobench_grading_and_report(tmp_path):
    items = {i.uid: i for i in ovobench.load(write_json(tmp_path, "ovo.json", OVO))}
    assert grade(items["1"], "C. on the shelf") == ("C", True)
    assert grade(items["3#1"], "Yes") == ("Yes", True)
    assert grade(items["3#0"], "Yes") == ("Yes", False)
    assert grade(items["4#1"], "three") == ("3", True)
    assert grade(items["2"], "no idea") == (None, False)
    records = [record("EPM", "Backward Tracing", "past", True), record("SSR", "Forward Active Responding", "future", False)]
    s = ovobench.summarize(records)
    assert s["overall"] == pytest.approx(50.0) and s["modes"]["Backward Tracing"]["acc"] == 100.0
    text = ovobench.format_report(s, model="m")
    assert "EPM" in text and "BT Avg" in text and "Overall" in text


def test_benchmark_registry():
    assert benchmark("OVBench") is ovbench and benchmark("ovobench") is ovobench
    with pytest.raises(ValueError, match="unknown benchmark"):
        benchmark("nope")


# --- runner helpers ---------------------------------------------------------------------------------

def test_eval_item_validation():
    with pytest.raises(ValueError, match="2 options"):
        EvalItem(uid="x", video="v", time=1.0, question="q", answer="A", task="t", group="g", context="past",
                 options=("only",))
    with pytest.raises(ValueError, match="context"):
        EvalItem(uid="x", video="v", time=1.0, question="q", answer="A", task="t", group="g", context="later",
                 options=("a", "b"))


def test_group_by_video_sorts_each_video_by_time():
    def item(uid, video, t):
        return EvalItem(uid=uid, video=video, time=t, question="q", answer="A", task="t", group="g",
                        context="present", options=("a", "b"))

    groups = group_by_video([item("1", "b", 9.0), item("2", "a", 1.0), item("3", "b", 2.0)])
    assert list(groups) == ["b", "a"] and [i.uid for i in groups["b"]] == ["3", "1"]


def test_resolve_video_and_torn_records(tmp_path):
    (tmp_path / "COIN").mkdir()
    (tmp_path / "COIN" / "abc.mp4").write_bytes(b"x")
    assert resolve_video(tmp_path, "COIN/abc.mp4") == tmp_path / "COIN" / "abc.mp4"
    assert resolve_video(tmp_path, "COIN/abc") == tmp_path / "COIN" / "abc.mp4"  # extension added
    assert resolve_video(tmp_path, "COIN/videos/abc.mp4") is None
    assert resolve_video(tmp_path, "missing.mp4") is None
    path = tmp_path / "pred.jsonl"
    path.write_text('{"uid": "a", "correct": true}\n{"uid": "b", "corr')
    assert [r["uid"] for r in load_records(path)] == ["a"]


# --- prompt snapshots: the multiple-choice prompt stays stable; the open prompt is unchanged -------

def test_embedded_multiple_choice_prompt_snapshot():
    from streamvu.answerers.embedded import CHOICE_SYSTEM_PROMPT, SYSTEM_PROMPT, build_messages
    from streamvu.messages import Context, Evidence, Question

    ev = [Evidence(13.0, 15.0, "espresso (60%)")]
    q = Question("What object is on screen now?", asked_at=15.0, mode="now", options=("a cup", "a cat"))
    messages = build_messages(Context(question=q, entries=[], mode="now"), ev)
    assert messages[0] == {"role": "system", "content": CHOICE_SYSTEM_PROMPT}
    assert messages[1]["content"] == (
        "Observations:\n"
        "- 13.0s to 15.0s: espresso (60%)\n"
        "The question is about the moment it is asked; the last observations matter most.\n"
        "Question (asked at 15.0s): What object is on screen now?\n"
        "Options:\n"
        "(A) a cup\n"
        "(B) a cat\n"
        "Answer with the option's letter."
    )
    open_q = Question("What object is on screen now?", asked_at=15.0, mode="now")
    plain = build_messages(Context(question=open_q, entries=[], mode="now"), ev)
    assert plain[0]["content"] == SYSTEM_PROMPT
    assert plain[1]["content"].endswith("Question (asked at 15.0s): What object is on screen now?")
    assert "Options" not in plain[1]["content"]
