"""OVBench read and scored as its official scripts do: the released lmms-eval records (a few real
ones copied as data), the streaming script's per-video records and the sliding-window script's
per-question records; each protocol's exact prompt (golden strings), its answer parsing and its
averaging, checked against numbers worked out by hand from the official rules."""

from __future__ import annotations

import json

import pytest

from streamvu.apps.eval import ovbench
from streamvu.apps.eval.items import score
from streamvu.apps.eval.official import mcq_process, window_letter

# real records of the four released files (lmms-eval-ovbench/.../ovbench_full/json/*.json)
AVA = [
    {
        "middle_frame_timestamp": 945.0,
        "question": "Are there still 2 people in the current frame now?",
        "answer": "No",
        "sub_answer_type": "Hallucination-2",
        "answer_type": "Hallucination",
        "video": "1j20qq1JyX4",
        "candidates": ["Yes", "No"],
        "start": 0.0,
        "end": 50.0,
        "fps": 1,
    },
    {
        "middle_frame_timestamp": 966.0,
        "question": "What action is the person at the location [0.02, 0.14, 0.99, 0.99] in the image performing?",
        "answer": "stand, talk to (e.g., self, a person, a group)",
        "sub_answer_type": "SpatialPerception-3",
        "answer_type": "SpatialPerception",
        "video": "1j20qq1JyX4",
        "candidates": [
            "stand, carry/hold (an object), watch (a person)",
            "stand, talk to (e.g., self, a person, a group)",
            "sit, talk to (e.g., self, a person, a group)",
            "stand, carry/hold (an object)",
        ],
        "start": 0.0,
        "end": 71.0,
        "fps": 1,
    },
]
COIN = [
    {
        "middle_frame_timestamp": 85.0,
        "question": "How long has the person in the scene been performing the 'make the  detergent'?",
        "answer": "6-7s",
        "sub_answer_type": "TemporalPerception-1",
        "answer_type": "TemporalPerception",
        "video": "AIAqkAAXnjg.mp4",
        "candidates": ["8-9s", "50-51s", "6-7s", "19-20s"],
        "start": 0.0,
        "end": 85.0,
    },
    {
        "middle_frame_timestamp": 112.0,
        "question": "Is the person in the current frame still performing the 'wet the mop'?",
        "answer": "Yes",
        "sub_answer_type": "Hallucination-1",
        "answer_type": "Hallucination",
        "video": "AIAqkAAXnjg.mp4",
        "candidates": ["Yes", "No"],
        "start": 0.0,
        "end": 112.0,
    },
]
HIREST = [
    {
        "middle_frame_timestamp": 187.0,
        "question": "Which action did the person perform for the longest duration in the last 120 seconds?",
        "answer": "Follow the letters",
        "sub_answer_type": "PastMemory-4",
        "answer_type": "PastMemory",
        "video": "-2emCno7Ri4.mp4",
        "candidates": [
            "Rinse fruits with warm water",
            "Stir the glitters",
            "Connect the letter in rows",
            "Follow the letters",
        ],
        "start": 0.0,
        "end": 187.0,
    },
]
TAO = [
    {
        "fps": 30,
        "middle_frame_timestamp": 7.0,
        "question": "Where is the location of the person [0.96, 0.60, 1.00, 1.00] in the screen 4.0 second(s) before?",
        "answer": "[0.79, 0.42, 1.00, 1.00]",
        "sub_answer_type": "PastMemory-1",
        "image_file": "val/HACS/Spinning_v_8rhkybFaad4_scene_0_0-3734/frame0211.jpg",
        "answer_type": "PastMemory",
        "video": "Spinning_v_8rhkybFaad4_scene_0_0-3734",
        "candidates": [
            "[0.38, 0.49, 0.41, 0.55]",
            "[0.31, 0.26, 0.59, 0.88]",
            "[0.35, 0.83, 0.40, 0.90]",
            "[0.79, 0.42, 1.00, 1.00]",
        ],
        "start": 0.0,
        "end": 7.0,
    },
]


def write(tmp_path, name, doc):
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


@pytest.fixture
def released(tmp_path):
    return [
        write(tmp_path, f"{n}.json", d)
        for n, d in (("ava", AVA), ("coin", COIN), ("hirest", HIREST), ("tao", TAO))
    ]


def test_the_released_lmms_eval_files_load_as_they_are(released):
    items = ovbench.load(released, "lmms-eval")
    assert len(items) == 6 and [i.source for i in items] == ["ava", "ava", "coin", "coin", "hirest", "tao"]
    ava = items[0]
    # AVA: frames [start, end] of the folder, which begins 895 s into the movie; asked at the movie time
    assert (ava.frame_fps, ava.time_offset, ava.start, ava.until, ava.time) == (
        1.0,
        895.0,
        895.0,
        945.0,
        945.0,
    )
    assert ava.answer == "B" and ava.options == ("Yes", "No") and ava.context == "past"
    assert (ava.group, ava.task) == ("Hallucination", "Hallucination-2")  # named as the files name them
    tao = items[-1]
    assert (tao.frame_fps, tao.time_offset, tao.until, tao.answer) == (30.0, 0.0, 7.0, "D")
    coin = items[2]
    assert (coin.frame_fps, coin.start, coin.until, coin.answer) == (None, 0.0, 85.0, "C")
    assert len({i.uid for i in items}) == 6


def test_golden_prompts_for_each_protocol(released):
    lmms = ovbench.load(released, "lmms-eval")
    assert lmms[2].prompt == (
        "How long has the person in the scene been performing the 'make the  detergent'?\n"
        "A. 8-9s\nB. 50-51s\nC. 6-7s\nD. 19-20s\n"
        "Answer with the option's letter from the given choices directly."
    )
    stream = ovbench.load(released, "streaming")
    assert stream[2].prompt == (
        "Question at 85.0s: How long has the person in the scene been performing the 'make the  detergent'?\n"
        "Options:\n(A) 8-9s\n(B) 50-51s\n(C) 6-7s\n(D) 19-20s\nAnswer:"
    )
    assert stream[2].system.startswith("Carefully watch the video") and stream[2].gold == "(C) 6-7s"
    assert stream[0].prompt.startswith("Question at 945.0s: Are there still 2 people")  # the movie's time
    window = ovbench.load(released, "sliding-window")
    assert window[2].prompt == (
        "Question at 85.0s: How long has the person in the scene been performing the 'make the  detergent'?\n"
        "Options:\n(A) 8-9s\n(B) 50-51s\n(C) 6-7s\n(D) 19-20s\nOnly give the best option."
    )
    assert (window[2].start, window[2].until, window[2].fresh_memory, window[2].max_frames) == (
        53.0,
        85.0,
        True,
        64,
    )


def test_streaming_file_times_print_as_python_prints_them_and_the_last_question_sees_the_clip(tmp_path):
    per_video = [
        {
            "video_id": "COIN/abc.mp4",
            "clip": [2, 60],
            "questions": [
                {
                    "middle_frame_timestamp": 42,
                    "question": "What now?",
                    "options": ["A. a cup", "B. a cat"],
                    "answer": "B",
                    "answer_type": "TemporalPerception",
                    "sub_answer_type": "TemporalPerception-1",
                },
                {
                    "middle_frame_timestamp": 12.5,
                    "question": "Before?",
                    "options": ["A. a cup", "B. a cat"],
                    "answer": "A",
                    "answer_type": "PastMemory",
                    "sub_answer_type": "PastMemory-3",
                },
            ],
        }
    ]
    items = ovbench.load(write(tmp_path, "event.json", per_video), "streaming")
    assert items[0].prompt == "Question at 42s: What now?\nOptions:\n(A) a cup\n(B) a cat\nAnswer:"
    assert items[1].prompt.startswith("Question at 12.5s: Before?")
    assert (items[0].start, items[0].until) == (2.0, 42.0)
    assert (items[1].time, items[1].until) == (
        12.5,
        60.0,
    )  # the script's quirk: the last question sees the clip
    per_question = [
        {
            "video_id": "AVA/x",
            "middle_frame_timestamp": 30.0,
            "fps": 1,
            "question": "Who?",
            "options": ["A. one", "B. two", "C. three"],
            "answer": "C",
            "answer_type": "SpatialPerception",
        }
    ]
    item = ovbench.load(write(tmp_path, "action.json", per_question), "sliding-window")[0]
    assert (item.frame_fps, item.start, item.until, item.gold, item.task) == (1.0, 0.0, 30.0, "C", "")


@pytest.mark.parametrize(
    "doc, message",
    [
        ({"a": 1}, "holds a JSON list of records, got dict"),
        ([3], "record 0: must be a JSON object"),
        (
            [{"video_id": "v", "clip": [0, 9], "questions": [7]}],
            "record 0: key 'questions': item 0 must be a JSON object",
        ),
        (
            [{"video_id": "v", "clip": [0, 9], "questions": "x"}],
            "record 0: key 'questions': must be a non-empty list",
        ),
        (
            [COIN[0], {**COIN[1], "middle_frame_timestamp": "soon"}],
            "record 1: key 'middle_frame_timestamp': must be a number",
        ),
        (
            [{**COIN[0], "candidates": [None, {}, 3]}],
            "record 0: key 'candidates': must be a list of 2 to 26 non-empty",
        ),
        ([{**COIN[0], "question": ""}], "record 0: key 'question': must be a non-empty string"),
        ([{**COIN[0], "answer": "9-10s"}], "record 0: key 'answer': '9-10s' is not one of its candidates"),
        (
            [{**COIN[0], "answer_type": "Memory"}],
            "record 0: key 'answer_type': 'Memory' is not one of OVBench's",
        ),
        (
            [{k: v for k, v in COIN[0].items() if k != "sub_answer_type"}],
            "record 0: key 'sub_answer_type': missing",
        ),
        (
            [{**COIN[0], "end": 80.0}],
            "record 0: key 'middle_frame_timestamp': 85.0 differs from end 80.0 but the record has no fps",
        ),
        (
            [
                {
                    "video_id": "v",
                    "middle_frame_timestamp": 3,
                    "question": "q",
                    "options": ["A. x", "C. y"],
                    "answer": "A",
                    "answer_type": "PastMemory",
                }
            ],
            "key 'options': option 1 must start with 'B. '",
        ),
        ([{"video": "v"}], "has none of the keys"),
        (
            [
                {
                    "video_id": "v",
                    "clip": [0, 9],
                    "questions": [
                        {
                            "middle_frame_timestamp": 1,
                            "question": "q",
                            "answer": "A",
                            "options": ["A. x", "B. y"],
                            "answer_type": "PastMemory",
                        },
                        {
                            "middle_frame_timestamp": 2,
                            "question": "q",
                            "answer": "C",
                            "options": ["A. x", "B. y"],
                            "answer_type": "PastMemory",
                        },
                    ],
                }
            ],
            "record 0, question 1: key 'answer': must be one of the option letters AB, got 'C'",
        ),
    ],
)
def test_records_the_reader_does_not_understand_stop_it_with_file_index_and_key(tmp_path, doc, message):
    path = write(tmp_path, "bad.json", doc)
    with pytest.raises(ValueError) as err:
        ovbench.load(path, "lmms-eval")
    assert message in str(err.value) and str(path) in str(err.value)


def test_official_parsers_keep_their_quirks():
    # mcq_acc: "B. ..." in any case; the article "a" reads as A; nothing -> the text itself
    assert [
        mcq_process(t)
        for t in (
            "B. a cat",
            "b. a cat",
            "(C)",
            "The answer is (B).",
            "a dog runs",
            "I cannot tell",
            "",
            "B. a cat\nEvidence: 3 s",
        )
    ] == ["B", "B", "C", "B", "A", "i cannot tell", "", "B"]
    assert mcq_process("(B) a cat") == "B"  # the streaming script's gold string
    # sliding window: the first capital A-D after the prefixes; lower case reads nothing
    assert [
        window_letter(t) for t in ("The answer is B", "A cat", "a cat", "I think D", "B. a cat", "none")
    ] == ["B", "A", None, "D", "B", None]


# responses: right, wrong, empty, unparseable, the lower-case article "a", the grounded answerer's form
PER_VIDEO = [
    {
        "video_id": "coin1.mp4",
        "clip": [0, 50],
        "questions": [
            {
                "middle_frame_timestamp": t,
                "question": f"q{k}",
                "options": ["A. a cup", "B. a horse", "C. a rocket"],
                "answer": gold,
                "answer_type": typ,
                "sub_answer_type": sub,
            }
            for k, (t, gold, typ, sub) in enumerate(
                [
                    (10.0, "B", "PastMemory", "PastMemory-1"),
                    (20.0, "C", "PastMemory", "PastMemory-1"),
                    (30.0, "A", "Hallucination", "Hallucination-1"),
                    (40.0, "A", "Hallucination", "Hallucination-1"),
                    (45.0, "A", "Hallucination", "Hallucination-1"),
                ]
            )
        ],
    },
]
PER_VIDEO_AVA = [
    {
        "video_id": "ava1",
        "clip": [0, 50],
        "fps": 1,
        "questions": [
            {
                "middle_frame_timestamp": 5.0,
                "question": "q5",
                "options": ["A. a cup", "B. a cat"],
                "answer": "B",
                "answer_type": "SpatialPerception",
                "sub_answer_type": "SpatialPerception-1",
            },
            {
                "middle_frame_timestamp": 9.0,
                "question": "q6",
                "options": ["A. a cup", "B. a cat"],
                "answer": "A",
                "answer_type": "FuturePrediction",
                "sub_answer_type": "FuturePrediction-1",
            },
        ],
    },
]
RESPONSES = ["B", "A", "", "I cannot tell", "a cat is there", "B. a cat (evidence at 4.0 s)", ""]


def predictions(tmp_path, protocol):
    items = ovbench.load(
        [write(tmp_path, "coin.json", PER_VIDEO), write(tmp_path, "ava.json", PER_VIDEO_AVA)], protocol
    )
    records = []
    for item, response in zip(items, RESPONSES, strict=True):
        s = score(item, response)
        records.append(
            {
                "scorer": item.scorer,
                "source": item.source,
                "group": item.group,
                "task": item.task,
                "response": response,
                "correct": s.correct,
                "counted": s.counted,
                "valid": s.parsed is not None,
                "strict_correct": s.strict_correct,
            }
        )
    return ovbench.summarize(records)


def test_lmms_eval_scores_by_hand(tmp_path):
    s = predictions(tmp_path, "lmms-eval")
    coin, ava = s["files"]["coin"], s["files"]["ava"]
    # coin: B right, A wrong, "" left out, "I cannot tell" wrong, "a cat is there" = A right -> 2 of 4 answered
    assert (
        coin["accuracy"] == {"n": 4, "correct": 2, "acc": 50.0}
        and coin["questions"] == 5
        and coin["empty"] == 1
    )
    assert coin["tasks"]["Hallucination"] == {"n": 2, "correct": 1, "acc": 50.0}
    assert coin["subtasks"]["PastMemory-1"]["acc"] == 50.0
    # ava: "B. a cat ..." = B right, "" left out -> 1 of 1
    assert ava["accuracy"] == {"n": 1, "correct": 1, "acc": 100.0}
    assert s["overall"] == pytest.approx((50.0 * 5 + 100.0 * 2) / 7)  # lmms-eval's size-weighted group mean
    assert coin["pooled"] == 40.0 and s["pooled"] == pytest.approx(300 / 7)
    assert (
        coin["strict_pooled"] == 20.0
    )  # the strict parser reads neither "a cat is there" nor the empty ones
    report = ovbench.format_report(s, "m")
    assert "| Subset" in report and "Subtask PastMemory-1" in report and "64.3" in report


def test_streaming_scores_by_hand(tmp_path):
    s = predictions(tmp_path, "streaming")
    coin = s["files"]["coin"]
    assert coin["cells"] == {
        "Hallucination/Hallucination-1": {"n": 3, "correct": 1, "acc": pytest.approx(100 / 3)},
        "PastMemory/PastMemory-1": {"n": 2, "correct": 1, "acc": 50.0},
    }
    assert coin["score"] == pytest.approx((100 / 3 + 50.0) / 2)  # "Avg": mean of the cells
    assert s["files"]["ava"]["score"] == 50.0 and s["overall"] is None  # empty counts wrong here
    assert "Avg" in ovbench.format_report(s)


def test_sliding_window_scores_by_hand(tmp_path):
    s = predictions(tmp_path, "sliding-window")
    coin = s["files"]["coin"]
    # only "B" is read right: "a cat is there" has no capital letter, "I cannot tell" none of A-D
    assert coin["tasks"] == {
        "Hallucination": {"n": 3, "correct": 0, "acc": 0.0},
        "PastMemory": {"n": 2, "correct": 1, "acc": 50.0},
    }
    assert coin["score"] == 20.0 and s["files"]["ava"]["score"] == 50.0  # "Avg": pooled


def test_select_by_type_subtask_or_file(released):
    items = ovbench.load(released, "lmms-eval")
    assert {i.task for i in ovbench.select(items, ["pastmemory"])} == {"PastMemory-4", "PastMemory-1"}
    assert [i.source for i in ovbench.select(items, ["tao:PastMemory-1"])] == ["tao"]
    assert len(ovbench.select(items, ["ava"])) == 2
