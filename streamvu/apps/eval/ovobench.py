"""OVO-Bench (Li et al., CVPR 2025): reader, prompts and report.

Annotation records (``ovo_bench*.json`` of github.com/JoeLeelyf/OVO-Bench, a JSON list, or a dict
with "backward" / "realtime" / "forward" lists)::

    {"id": 12, "task": "EPM", "video": "src_videos/xxx.mp4", "question": "...",
     "options": ["...", "..."], "gt": 1, "realtime": 63.0}               # backward / real-time
    {"id": 40, "task": "SSR", "video": "...", "test_info": [{"realtime": 12.0, "step": "...", "type": 1}, ...]}
    {"id": 41, "task": "REC", "video": "...", "activity": "...", "test_info": [{"realtime": 8.0, "count": 2}, ...]}
    {"id": 42, "task": "CRR", "video": "...", "question": "...", "test_info": [{"realtime": 30.0, "type": 0}, ...]}

Backward tracing (EPM, ASI, HLD) and real-time perception (STU, OJR, ATR, ACR, OCR, FPD) are
multiple choice asked at ``realtime``; forward active responding (REC, SSR, CRR) asks the same
question at every ``test_info`` time (a count, or Yes/No with ``type`` 1 = Yes). Each question sees
the video from its start to ``ceil(realtime)`` seconds, as ``utils/chunk_videos.py`` cuts it.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from pathlib import Path

from streamvu.answerers.options import dotted_options, option_letter
from streamvu.apps.eval.items import EvalItem
from streamvu.apps.eval.report import markdown_table, mean, pct
from streamvu.apps.eval.runner import read_annotations

NAME = "ovobench"
TITLE = "OVO-Bench"

# (mode, context, ((code, name), ...)) in the paper's table order
MODES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Real-Time Visual Perception",
        "present",
        (
            ("OCR", "Optical Character Recognition"),
            ("ACR", "Action Recognition"),
            ("ATR", "Attribute Recognition"),
            ("STU", "Spatial Understanding"),
            ("FPD", "Future Prediction"),
            ("OJR", "Object Recognition"),
        ),
    ),
    (
        "Backward Tracing",
        "past",
        (
            ("EPM", "Episodic Memory"),
            ("ASI", "Action Sequence Identification"),
            ("HLD", "Hallucination Detection"),
        ),
    ),
    (
        "Forward Active Responding",
        "future",
        (
            ("REC", "Repetition Event Count"),
            ("SSR", "Sequential Steps Recognition"),
            ("CRR", "Clues Reveal Responding"),
        ),
    ),
)
_MODE_OF = {code: (mode, ctx) for mode, ctx, tasks in MODES for code, _ in tasks}
FORWARD = ("REC", "SSR", "CRR")


# The released prompt templates (constant.py), character for character: a leading and a trailing
# newline, and the trailing spaces some lines carry.
BR_TEMPLATE = (
    "\nQuestion: {}\nOptions:\n{}\n\n"
    "Respond only with the letter corresponding to your chosen option (e.g., A, B, C). \n"
    "Do not include any additional text or explanation in your response.\n"
)
REC_TEMPLATE = (
    "\nYou're watching a video in which people may perform a certain type of action repetively. \n"
    "The person performing this kind of action are referred to as 'they' in the following statement.\n"
    "You're task is to count how many times have different people in the video perform this kind of action in total.\n"
    "One complete motion counts as one. \n"
    "Now, answer the following question: {}\n"
    "Provide your answer as a single number (e.g., 0, 1, 2, 3\u2026) indicating the total count.\n"
    "Do not include any additional text or explanation in your response.\n"
)
SSR_TEMPLATE = (
    "\nYou're watching a tutorial video which contain a sequential of steps. \n"
    "The following is one step from the whole procedures: \n{}\n"
    "Your task is to determine if the man or woman in the video is currently performing this step.\n"
    "Answer only with \u201cYes\u201d or \u201cNo\u201d.\n"
    "Do not include any additional text or explanation in your response.\n"
)
CRR_TEMPLATE = (
    "\nYou're responsible of answering questions based on the video content. \n"
    "The following question are relevant to the latest frames, i.e. the end of the video.\n{}\n"
    "Decide whether existing visual content, especially latest frames, i.e. frames that near the end of the video, "
    "provide enough information for answering the question.\n"
    "Answer only with \u201cYes\u201d or \u201cNo\u201d.\n"
    "Do not include any additional text or explanation in your response.\n"
)


def choice_prompt(question: str, options: tuple[str, ...]) -> str:
    """The released multiple-choice prompt (backward and real-time tasks): options "A. x; B. y;"."""
    formatted = "; ".join(dotted_options(options)) + ";"
    return BR_TEMPLATE.format(question, formatted)


def forward_prompt(task: str, record: dict, test: dict) -> str:
    """The released prompts of the forward active responding tasks."""
    if task == "REC":
        return REC_TEMPLATE.format("How many times did they " + str(record.get("activity", "")) + "?")
    if task == "SSR":
        return SSR_TEMPLATE.format(test.get("step", ""))
    return CRR_TEMPLATE.format(record.get("question", ""))


def _records(path: str, doc) -> list[dict]:
    if isinstance(doc, dict):
        return [r for key in ("backward", "realtime", "forward") for r in doc.get(key, [])]
    if not isinstance(doc, list):
        raise ValueError(f"{path}: an OVO-Bench annotation file holds a JSON list, got {type(doc).__name__}")
    return doc


def _seconds(where: str, key: str, value) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value < 0
    ):
        raise ValueError(f"{where}: key {key!r}: must be a number of seconds >= 0, got {value!r}")
    return float(value)


def load(path: str | os.PathLike, **_protocol) -> list[EvalItem]:
    """Every question of an OVO-Bench annotation file; forward tasks give one item per test time.
    A record the reader does not understand stops it with the file, the record's index and the key."""
    doc = read_annotations(path)
    items = []
    for n, rec in enumerate(_records(os.fspath(path), doc)):
        where = f"{os.fspath(path)}: record {n}"
        if not isinstance(rec, dict):
            raise ValueError(f"{where}: must be a JSON object, got {type(rec).__name__}")
        task = rec.get("task")
        if task not in _MODE_OF:
            raise ValueError(f"{where}: key 'task': {task!r} is not one of {', '.join(_MODE_OF)}")
        video = rec.get("video")
        if not isinstance(video, str) or not video.strip():
            raise ValueError(f"{where}: key 'video': must be a non-empty string, got {video!r}")
        mode, context = _MODE_OF[task]
        common = {"video": video, "task": task, "group": mode, "context": context, "source": Path(path).stem}
        rid = str(rec.get("id", n))
        if task in FORWARD:
            items.extend(_forward_items(where, rec, rid, common))
        else:
            items.append(_choice_item(where, rec, rid, common))
    return items


def _forward_items(where: str, rec: dict, rid: str, common: dict) -> list[EvalItem]:
    """A forward task's record: one item per test time (a count for REC, yes/no for the others)."""
    task = common["task"]
    tests = rec.get("test_info")
    if not isinstance(tests, list) or not tests:
        raise ValueError(f"{where}: key 'test_info': must be a non-empty list, got {tests!r:.80}")
    items = []
    for i, test in enumerate(tests):
        key = f"test_info[{i}]"
        if not isinstance(test, dict):
            raise ValueError(f"{where}: key {key!r}: must be a JSON object, got {type(test).__name__}")
        t = _seconds(where, f"{key}.realtime", test.get("realtime"))
        if task == "REC":
            count = test.get("count")
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValueError(f"{where}: key '{key}.count': must be a whole number >= 0, got {count!r}")
            kind, answer, scorer = "count", str(count), "ovo_count"
        else:
            if test.get("type") not in (0, 1) or isinstance(test.get("type"), bool):
                raise ValueError(
                    f"{where}: key '{key}.type': must be 0 (No) or 1 (Yes), got {test.get('type')!r}"
                )
            kind, answer, scorer = "yesno", "Yes" if test["type"] == 1 else "No", "ovo_yes_no"
        prompt = forward_prompt(task, rec, test)
        items.append(
            EvalItem(
                uid=f"{rid}#{i}",
                time=t,
                question=prompt,
                answer=answer,
                kind=kind,
                prompt=prompt,
                scorer=scorer,
                gold=answer,
                see_until=float(math.ceil(t)),
                **common,
            )
        )
    return items


def _choice_item(where: str, rec: dict, rid: str, common: dict) -> EvalItem:
    """A backward or real-time task's record: one multiple-choice item."""
    options = rec.get("options")
    if (
        not isinstance(options, list)
        or len(options) < 2
        or not all(isinstance(o, str) and o.strip() for o in options)
    ):
        raise ValueError(
            f"{where}: key 'options': must be a list of at least 2 non-empty strings, got {options!r:.120}"
        )
    gt = rec.get("gt")
    if isinstance(gt, bool) or not isinstance(gt, int) or not 0 <= gt < len(options):
        raise ValueError(f"{where}: key 'gt': must be an option index 0..{len(options) - 1}, got {gt!r}")
    question = rec.get("question")
    if not isinstance(question, str) or not question.strip():
        raise ValueError(f"{where}: key 'question': must be a non-empty string, got {question!r}")
    letter = option_letter(gt)
    t = _seconds(where, "realtime", rec.get("realtime"))
    return EvalItem(
        uid=rid,
        time=t,
        see_until=float(math.ceil(t)),
        question=question.strip(),
        answer=letter,
        options=tuple(options),
        kind="choice",
        prompt=choice_prompt(question, tuple(options)),
        scorer="ovo_choice",
        gold=letter,
        **common,
    )


def select(items: list[EvalItem], tasks: list[str] | None) -> list[EvalItem]:
    """Items whose task code (EPM...) or mode name / context (backward, realtime, forward) is in ``tasks``."""
    if not tasks:
        return items
    alias = {"backward": "past", "realtime": "present", "real-time": "present", "forward": "future"}
    wanted = {t.strip().upper() for t in tasks}
    wanted_ctx = {alias.get(t.strip().lower(), t.strip().lower()) for t in tasks}
    return [i for i in items if i.task in wanted or i.context in wanted_ctx or i.group.lower() in wanted_ctx]


def summarize(records: list[dict]) -> dict:
    """As the released scorer: task accuracy pooled over its questions, each mode the mean of its
    tasks, "Total Avg." the mean of the three modes (None until all three have questions).
    ``strict`` holds the same layout by this harness's strict parser (an extra column)."""
    by_task: dict[str, list[dict]] = defaultdict(list)
    for rec in records:
        by_task[rec["task"]].append(rec)

    def layout(key: str) -> tuple[dict, dict, float | None]:
        tasks = {}
        for t, rs in by_task.items():
            correct = sum(bool(r.get(key)) for r in rs)
            tasks[t] = {"n": len(rs), "correct": correct, "acc": 100.0 * correct / len(rs)}
        modes = {
            mode: {
                "acc": mean(tasks[c]["acc"] for c, _ in members if c in tasks),
                "n": sum(tasks[c]["n"] for c, _ in members if c in tasks),
                "context": ctx,
            }
            for mode, ctx, members in MODES
        }
        accs = [m["acc"] for m in modes.values()]
        return tasks, modes, (sum(accs) / 3 if all(a is not None for a in accs) else None)

    tasks, modes, total = layout("correct")
    s_tasks, s_modes, s_total = layout("strict_correct")
    return {
        "benchmark": NAME,
        "tasks": tasks,
        "modes": modes,
        "overall": total,
        "strict": {
            "tasks": {t: v["acc"] for t, v in s_tasks.items()},
            "modes": {m: v["acc"] for m, v in s_modes.items()},
            "overall": s_total,
        },
        "n": len(records),
        "empty": sum(1 for r in records if r.get("response", "") == ""),
    }


def format_report(summary: dict, model: str = "") -> str:
    """The released scorer's numbers in the paper's table layout, then a per-task breakdown."""
    tasks, modes, strict = summary["tasks"], summary["modes"], summary["strict"]
    headers, row, strict_row = ["Model"], [model or "-"], ["strict parser"]
    for mode, _, members in MODES:
        for code, _ in members:
            headers.append(code)
            row.append(pct(tasks.get(code, {}).get("acc")))
            strict_row.append(pct(strict["tasks"].get(code)))
        headers.append("".join(w[0] for w in mode.replace("-", " ").split()[:2]) + " Avg")
        row.append(pct(modes[mode]["acc"]))
        strict_row.append(pct(strict["modes"][mode]))
    headers.append("Total Avg.")
    row.append(pct(summary["overall"]))
    strict_row.append(pct(strict["overall"]))
    detail = markdown_table(
        ["Mode", "Task", "Context", "n", "correct", "acc"],
        [
            [
                mode,
                f"{code} {name}",
                ctx,
                *(tasks.get(code, {}).get(k, 0) for k in ("n", "correct")),
                pct(tasks.get(code, {}).get("acc")),
            ]
            for mode, ctx, members in MODES
            for code, name in members
        ],
        left=3,
    )
    return "\n\n".join(
        [
            f"{TITLE}: accuracy (%) as the released scorer computes it (task: pooled; mode: mean of its tasks; "
            "Total Avg.: mean of the three modes)",
            markdown_table(headers, [row, strict_row]),
            detail,
            f"{summary['n']} questions, {summary['empty']} with an empty response (counted wrong); the strict-parser "
            "row is this harness's own answer parser, not the official score.",
        ]
    )
