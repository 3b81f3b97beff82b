"""OVO-Bench read and scored as its released scorer does (utils/OVOBenchScore.py, constant.py):
exact prompts, letters / Yes / No found anywhere (case-sensitive), REC's joined digits, pooled
task accuracy, modes as means of their tasks, Total Avg. as the mean of the three modes."""

from __future__ import annotations

import json

import pytest

from streamvu.apps.eval import ovobench
from streamvu.apps.eval.items import score

ANN = [
    {
        "id": 1,
        "task": "EPM",
        "video": "a.mp4",
        "question": "What was held?",
        "options": ["a cup", "a cat"],
        "gt": 0,
        "realtime": 10.0,
    },
    {
        "id": 2,
        "task": "EPM",
        "video": "a.mp4",
        "question": "What next?",
        "options": ["a cup", "a cat"],
        "gt": 1,
        "realtime": 12.0,
    },
    {
        "id": 3,
        "task": "ASI",
        "video": "a.mp4",
        "question": "Order?",
        "options": ["x", "y", "z"],
        "gt": 0,
        "realtime": 4.2,
    },
    {
        "id": 4,
        "task": "HLD",
        "video": "a.mp4",
        "question": "Which?",
        "options": ["x", "y", "z"],
        "gt": 2,
        "realtime": 6.0,
    },
    {
        "id": 5,
        "task": "OCR",
        "video": "b.mp4",
        "question": "Text?",
        "options": ["p", "q"],
        "gt": 1,
        "realtime": 3.0,
    },
    {
        "id": 6,
        "task": "REC",
        "video": "b.mp4",
        "activity": "jump",
        "test_info": [{"realtime": 4.0, "count": 12}],
    },
    {
        "id": 7,
        "task": "SSR",
        "video": "b.mp4",
        "test_info": [
            {"realtime": 2.0, "step": "pour water", "type": 1},
            {"realtime": 3.0, "step": "pour water", "type": 0},
        ],
    },
]
# right "A"; empty; lower-case "a" (not "A"); "The answer is C"; "B"; "1 and 2" -> "12"; "Y"; "no" (not "No")
RESPONSES = ["A", "", "a", "The answer is C", "B", "1 and 2", "Y", "no"]


@pytest.fixture
def items(tmp_path):
    path = tmp_path / "ovo_bench.json"
    path.write_text(json.dumps(ANN))
    return ovobench.load(path)


def test_exact_released_prompts(items):
    assert items[0].prompt == (
        "\nQuestion: What was held?\nOptions:\nA. a cup; B. a cat;\n\n"
        "Respond only with the letter corresponding to your chosen option (e.g., A, B, C). \n"
        "Do not include any additional text or explanation in your response.\n"
    )
    rec = items[5].prompt
    assert rec.startswith(
        "\nYou're watching a video in which people may perform a certain type of action repetively. \n"
    )
    assert "Now, answer the following question: How many times did they jump?\n" in rec
    assert "(e.g., 0, 1, 2, 3\u2026)" in rec
    assert items[6].prompt.endswith(
        "The following is one step from the whole procedures: \npour water\n"
        "Your task is to determine if the man or woman in the video is currently performing "
        "this step.\nAnswer only with \u201cYes\u201d or \u201cNo\u201d.\n"
        "Do not include any additional text or explanation in your response.\n"
    )
    assert [i.uid for i in items] == ["1", "2", "3", "4", "5", "6#0", "7#0", "7#1"]
    assert (items[2].time, items[2].until) == (
        4.2,
        5.0,
    )  # video up to ceil(realtime), as chunk_videos.py cuts it


def test_released_scorer_by_hand(items):
    records = []
    for item, response in zip(items, RESPONSES, strict=True):
        s = score(item, response)
        records.append(
            {
                "task": item.task,
                "response": response,
                "correct": s.correct,
                "strict_correct": s.strict_correct,
            }
        )
    assert [r["correct"] for r in records] == [True, False, False, True, True, True, True, False]
    summary = ovobench.summarize(records)
    assert summary["tasks"]["EPM"] == {"n": 2, "correct": 1, "acc": 50.0}
    modes = {m: v["acc"] for m, v in summary["modes"].items()}
    assert modes == {
        "Backward Tracing": 50.0,
        "Real-Time Visual Perception": 100.0,
        "Forward Active Responding": 75.0,
    }  # (50 + 0 + 100) / 3; 100; (100 + 50) / 2
    assert summary["overall"] == 75.0  # Total Avg.: mean of the three modes
    assert (
        summary["strict"]["tasks"]["ASI"] == 100.0
    )  # the strict parser reads "a" as option A: extra column only
    report = ovobench.format_report(summary, "m")
    assert "Total Avg." in report and "| strict parser" in report and "75.0" in report


@pytest.mark.parametrize(
    "doc, message",
    [
        (
            [
                {
                    "id": 1,
                    "task": "EPM",
                    "video": "a",
                    "question": "q",
                    "options": ["x", "y"],
                    "gt": 2,
                    "realtime": 1,
                }
            ],
            "record 0: key 'gt': must be an option index 0..1",
        ),
        (
            [
                {
                    "id": 1,
                    "task": "EPM",
                    "video": "a",
                    "question": "q",
                    "options": [None, {}, 3],
                    "gt": 0,
                    "realtime": 1,
                }
            ],
            "record 0: key 'options'",
        ),
        (
            [
                {
                    "id": 1,
                    "task": "EPM",
                    "video": "a",
                    "question": "",
                    "options": ["x", "y"],
                    "gt": 0,
                    "realtime": 1,
                }
            ],
            "record 0: key 'question'",
        ),
        (
            [
                {
                    "id": 1,
                    "task": "EPM",
                    "video": "a",
                    "question": "q",
                    "options": ["x", "y"],
                    "gt": 0,
                    "realtime": "late",
                }
            ],
            "record 0: key 'realtime': must be a number",
        ),
        (
            [{"id": 1, "task": "SSR", "video": "a", "test_info": [5]}],
            "record 0: key 'test_info[0]': must be a JSON object",
        ),
        ([{"id": 1, "task": "XYZ", "video": "a"}], "record 0: key 'task': 'XYZ' is not one of"),
        (["x"], "record 0: must be a JSON object"),
    ],
)
def test_bad_records_name_file_index_and_key(tmp_path, doc, message):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(ValueError) as err:
        ovobench.load(path)
    assert message in str(err.value) and str(path) in str(err.value)
