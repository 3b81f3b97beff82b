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
question at every ``test_info`` time (a count, or Yes/No with ``type`` 1 = Yes).
"""

from __future__ import annotations

import os
import textwrap
from collections import defaultdict

from streamvu.apps.eval.report import accuracy, markdown_table, mean, pct
from streamvu.apps.eval.runner import EvalItem, read_annotations

NAME = "ovobench"
TITLE = "OVO-Bench"

# (mode, context, ((code, name), ...)) in the paper's table order
MODES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("Real-Time Visual Perception", "present", (
        ("OCR", "Optical Character Recognition"), ("ACR", "Action Recognition"), ("ATR", "Attribute Recognition"),
        ("STU", "Spatial Understanding"), ("FPD", "Future Prediction"), ("OJR", "Object Recognition"))),
    ("Backward Tracing", "past", (
        ("EPM", "Episodic Memory"), ("ASI", "Action Sequence Identification"), ("HLD", "Hallucination Detection"))),
    ("Forward Active Responding", "future", (
        ("REC", "Repetition Event Count"), ("SSR", "Sequential Steps Recognition"), ("CRR", "Clues Reveal Responding"))),
)
_MODE_OF = {code: (mode, ctx) for mode, ctx, tasks in MODES for code, _ in tasks}
FORWARD = ("REC", "SSR", "CRR")


def _prompt(text: str) -> str:
    return textwrap.dedent(text).strip()


def choice_prompt(question: str, options: tuple[str, ...]) -> str:
    """The released multiple-choice prompt (backward and real-time tasks)."""
    formatted = "; ".join(f"{chr(65 + i)}. {o}" for i, o in enumerate(options)) + ";"
    return _prompt(f"""
        Question: {question}
        Options:
        {formatted}
        Respond only with the letter corresponding to your chosen option (e.g., A, B, C).
        Do not include any additional text or explanation in your response.
    """)


def forward_prompt(task: str, record: dict, test: dict) -> str:
    """The released prompts of the forward active responding tasks."""
    if task == "REC":
        return _prompt(f"""
            You're watching a video in which people may perform a certain type of action repetively.
            The person performing this kind of action are referred to as 'they' in the following statement.
            You're task is to count how many times have different people in the video perform this kind of action in total.
            One complete motion counts as one.
            Now, answer the following question: How many times did they {record.get("activity", "")}?
            Provide your answer as a single number (e.g., 0, 1, 2, 3…) indicating the total count.
            Do not include any additional text or explanation in your response.
        """)
    if task == "SSR":
        return _prompt(f"""
            You're watching a tutorial video which contain a sequential of steps.
            The following is one step from the whole procedures:
            {test.get("step", "")}
            Your task is to determine if the man or woman in the video is currently performing this step.
            Answer only with “Yes” or “No”.
            Do not include any additional text or explanation in your response.
        """)
    return _prompt(f"""
        You're responsible of answering questions based on the video content.
        The following question are relevant to the latest frames, i.e. the end of the video.
        {record.get("question", "")}
        Decide whether existing visual content, especially latest frames, i.e. frames that near the end of the video, provide enough information for answering the question.
        Answer only with “Yes” or “No”.
        Do not include any additional text or explanation in your response.
    """)


def _records(doc) -> list[dict]:
    if isinstance(doc, dict):
        return [r for key in ("backward", "realtime", "forward") for r in doc.get(key, [])]
    if not isinstance(doc, list):
        raise ValueError("the OVO-Bench annotation file must hold a JSON list")
    return doc


def load(path: str | os.PathLike) -> list[EvalItem]:
    """Every question of an OVO-Bench annotation file; forward tasks give one item per test time."""
    doc = read_annotations(path)
    items = []
    for rec in _records(doc):
        task = str(rec.get("task", ""))
        if task not in _MODE_OF:
            raise ValueError(f"record {rec.get('id')}: unknown OVO-Bench task {task!r}")
        mode, context = _MODE_OF[task]
        video, rid = str(rec.get("video", "")), str(rec.get("id"))
        if not video:
            raise ValueError(f"record {rid}: no 'video'")
        if task in FORWARD:
            for i, test in enumerate(rec.get("test_info", [])):
                prompt = forward_prompt(task, rec, test)
                if task == "REC":
                    kind, answer = "count", str(int(test["count"]))
                else:
                    kind, answer = "yesno", "Yes" if int(test["type"]) == 1 else "No"
                items.append(EvalItem(
                    uid=f"{rid}#{i}", video=video, time=float(test["realtime"]), question=prompt, answer=answer,
                    task=task, group=mode, context=context, kind=kind, prompt=prompt,
                ))
            continue
        options = tuple(str(o) for o in rec.get("options", []))
        gt = rec.get("gt")
        letter = chr(65 + int(gt)) if isinstance(gt, int) or str(gt).isdigit() else str(gt).strip().upper()
        if letter not in [chr(65 + i) for i in range(len(options))]:
            raise ValueError(f"record {rid}: ground truth {gt!r} does not name one of {len(options)} options")
        question = str(rec.get("question", "")).strip()
        items.append(EvalItem(
            uid=rid, video=video, time=float(rec["realtime"]), question=question, answer=letter, task=task,
            group=mode, context=context, options=options, kind="choice", prompt=choice_prompt(question, options),
        ))
    return items


def select(items: list[EvalItem], tasks: list[str] | None) -> list[EvalItem]:
    """Items whose task code (EPM...) or mode name / context (backward, realtime, forward) is in ``tasks``."""
    if not tasks:
        return items
    alias = {"backward": "past", "realtime": "present", "real-time": "present", "forward": "future"}
    wanted = {t.strip().upper() for t in tasks}
    wanted_ctx = {alias.get(t.strip().lower(), t.strip().lower()) for t in tasks}
    return [i for i in items if i.task in wanted or i.context in wanted_ctx or i.group.lower() in wanted_ctx]


def summarize(records: list[dict]) -> dict:
    """Accuracy per task, per mode (mean of its tasks) and overall (mean of all tasks, as the
    released scorer prints it; ``overall_modes`` is the mean of the three mode averages)."""
    by_task: dict[str, list[dict]] = defaultdict(list)
    for rec in records:
        by_task[rec["task"]].append(rec)
    tasks = {t: accuracy(rs) for t, rs in by_task.items()}
    modes = {
        mode: {"acc": mean(tasks[c]["acc"] for c, _ in members if c in tasks),
               "n": sum(tasks[c]["n"] for c, _ in members if c in tasks), "context": ctx}
        for mode, ctx, members in MODES
    }
    overall = accuracy(records)
    return {
        "benchmark": NAME,
        "tasks": tasks,
        "modes": modes,
        "overall": mean(t["acc"] for t in tasks.values()),
        "overall_modes": mean(m["acc"] for m in modes.values()),
        "overall_micro": overall["acc"],
        "n": overall["n"],
        "invalid": overall["invalid"],
    }


def format_report(summary: dict, model: str = "") -> str:
    tasks, modes = summary["tasks"], summary["modes"]
    headers, row = ["Model"], [model or "-"]
    for mode, _, members in MODES:
        for code, _ in members:
            headers.append(code)
            row.append(pct(tasks.get(code, {}).get("acc")))
        headers.append("".join(w[0] for w in mode.replace("-", " ").split()[:2]) + " Avg")
        row.append(pct(modes[mode]["acc"]))
    headers.append("Overall")
    row.append(pct(summary["overall"]))
    detail = markdown_table(
        ["Mode", "Task", "Context", "n", "correct", "invalid", "acc"],
        [[mode, f"{code} {name}", ctx, *(tasks.get(code, {}).get(k, 0) for k in ("n", "correct", "invalid")),
          pct(tasks.get(code, {}).get("acc"))] for mode, ctx, members in MODES for code, name in members],
        left=3,
    )
    return "\n\n".join([
        f"{TITLE}: accuracy (%) per task; mode averages and Overall are unweighted means of task accuracies",
        markdown_table(headers, [row]),
        detail,
        f"{summary['n']} questions, {summary['invalid']} without a readable answer (counted wrong); "
        f"mean of the three modes {pct(summary['overall_modes'])}, pooled {pct(summary['overall_micro'])}.",
    ])
