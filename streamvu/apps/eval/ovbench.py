"""OVBench (VideoChat-Online, CVPR 2025): reader, prompt and report.

Annotation shapes read (all JSON; detected per record):

* per video, as VideoChat-Online's streaming evaluation reads it::

    [{"video_id": "COIN/xxx.mp4", "clip": [0.0, 95.0],            # "fps" for frame folders
      "questions": [{"middle_frame_timestamp": 42.0, "question": "...",
                     "options": ["A. ...", "B. ...", "C. ...", "D. ..."], "answer": "B",
                     "answer_type": "Past Memory", "sub_answer_type": "Procedure Recall"}, ...]}, ...]

* one question per record (the sliding-window script and split files): the same question keys
  beside ``video_id`` (optionally ``id``, ``start``, ``end``, ``fps``);
* the lmms-eval task's rows: ``video``, ``question``, ``candidates`` (option texts), ``answer``
  (the correct option's text), ``answer_type``, ``sub_answer_type``, optionally ``start``/``end``.

The question time is ``middle_frame_timestamp`` (``end`` when it is absent); the clip start is
``clip[0]`` or ``start``. Six task types, 16 subtasks, three temporal contexts: see ``TASK_TYPES``.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict

from streamvu.apps.eval.parsing import LETTERS
from streamvu.apps.eval.report import accuracy, markdown_table, mean, pct
from streamvu.apps.eval.runner import EvalItem, read_annotations

NAME = "ovbench"
TITLE = "OVBench"

# (abbreviation, answer_type, temporal context, ((abbreviation, sub_answer_type), ...)), in the
# column order of the paper's results table (FP, THV, PM, SP, STP, TP). The type abbreviations are
# the paper's; the subtask abbreviations are ours (the report also prints the full names).
TASK_TYPES: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    ("FP", "Future Prediction", "future",
     (("AA", "Action Anticipation"), ("GSP", "Goal/Step Prediction"), ("MP", "Movement Prediction"))),
    ("THV", "Temporal Hallucination Verification", "past",
     (("AP", "Action Persistence"), ("OPr", "Object Presence"), ("SV", "Step Verification"))),
    ("PM", "Past Memory", "past",
     (("AR", "Action Retrieval"), ("PR", "Procedure Recall"), ("TR", "Trajectory Retrieval"))),
    ("SP", "Spatio Perception", "present",
     (("AL", "Action Location"), ("OPo", "Object Position"))),
    ("STP", "Spatio Temporal Perception", "present",
     (("AT", "Action Trajectory"), ("OT", "Object Trajectory"))),
    ("TP", "Temporal Perception", "present",
     (("AS", "Action Sequence"), ("OES", "Object Existence State"), ("SL", "Step Localization"))),
)
SUBTASKS = tuple(name for *_, subs in TASK_TYPES for _, name in subs)

# VideoChat-Online's evaluation prompt (streaming setting): system message, then
# "Question at {t}s: {question}\nOptions:\n(A) ...\n(B) ...\nAnswer:".
SYSTEM_PROMPT = (
    "Carefully watch the video and pay attention to the cause and sequence of events, the detail and "
    "movement of objects, and the action and pose of persons. Based on your observations, select the "
    "best option that accurately addresses the question.\n"
)


def _key(text: str) -> str:
    return re.sub(r"[^a-z]", "", str(text).lower()).replace("spatial", "spatio")


_TYPE_BY_KEY = {_key(name): (abbr, name, ctx) for abbr, name, ctx, _ in TASK_TYPES}
_SUB_BY_KEY = {_key(sub): (abbr, name, ctx, sub) for abbr, name, ctx, subs in TASK_TYPES for _, sub in subs}


def classify(answer_type: str, sub_answer_type: str) -> tuple[str, str, str]:
    """(task type, subtask, context) with the canonical names; unknown names are kept as given."""
    known = _SUB_BY_KEY.get(_key(sub_answer_type))
    if known:
        return known[1], known[3], known[2]
    typ = _TYPE_BY_KEY.get(_key(answer_type))
    if typ:
        return typ[1], str(sub_answer_type), typ[2]
    return str(answer_type or "Other"), str(sub_answer_type or answer_type or "Other"), "present"


_OPTION_PREFIX = re.compile(r"^\s*[\(\[]?([A-Z])[\)\]\.:]\s*")


def strip_option(text: str) -> str:
    """"A. a cup" / "(A) a cup" -> "a cup" (options are stored with their letters in OVBench)."""
    return _OPTION_PREFIX.sub("", str(text), count=1).strip()


def format_prompt(time: float, question: str, options: tuple[str, ...]) -> str:
    """The user turn VideoChat-Online's evaluation builds for one question."""
    lines = [f"Question at {_num(time)}s: {question}", "Options:"]
    lines += [f"({LETTERS[i]}) {o}" for i, o in enumerate(options)]
    return "\n".join(lines) + "\nAnswer:"


def _num(t: float) -> str:
    return str(int(t)) if float(t).is_integer() else str(t)


def _records(doc) -> list[dict]:
    if isinstance(doc, dict):
        for key in ("data", "annotations", "questions"):
            if isinstance(doc.get(key), list):
                return doc[key]
        lists = [v for v in doc.values() if isinstance(v, list)]
        if lists:
            return [r for v in lists for r in v]
        raise ValueError("the OVBench annotation file holds no list of questions")
    if not isinstance(doc, list):
        raise ValueError("the OVBench annotation file must hold a JSON list")
    return doc


def _item(q: dict, video: str, uid: str, start: float) -> EvalItem:
    where = f"question {uid}"
    if "candidates" in q:  # lmms-eval rows: option texts, answer = the correct text
        options = tuple(str(c) for c in q["candidates"])
        gold = str(q.get("answer", ""))
        if gold not in options and not (len(gold) == 1 and gold.upper() in LETTERS[: len(options)]):
            raise ValueError(f"{where}: answer {gold!r} is not one of its candidates")
        answer = LETTERS[options.index(gold)] if gold in options else gold.upper()
    else:
        raw = q.get("options")
        if not isinstance(raw, list):
            raise ValueError(f"{where}: no 'options' list")
        options = tuple(strip_option(o) for o in raw)
        gold = str(q.get("answer", "")).strip()
        m = re.fullmatch(r"[\(\[]?([A-Za-z])[\)\]\.]?", gold)
        if m:
            answer = m.group(1).upper()
        elif gold in options:
            answer = LETTERS[options.index(gold)]
        else:
            raise ValueError(f"{where}: answer {gold!r} is neither an option letter nor an option")
        if answer not in LETTERS[: len(options)]:
            raise ValueError(f"{where}: answer {answer} but only {len(options)} options")
    t = q.get("middle_frame_timestamp", q.get("end"))
    if t is None:
        raise ValueError(f"{where}: no 'middle_frame_timestamp' (or 'end')")
    group, task, context = classify(q.get("answer_type", ""), q.get("sub_answer_type", ""))
    text = str(q.get("question", "")).strip()
    return EvalItem(
        uid=uid, video=video, time=float(t), question=text, answer=answer, task=task, group=group,
        context=context, options=options, kind="choice", start=float(start),
        prompt=format_prompt(float(t), text, options),
    )


def load(path: str | os.PathLike) -> list[EvalItem]:
    """Every question of an OVBench annotation file (any of the shapes in the module docstring)."""
    doc = read_annotations(path)
    items: list[EvalItem] = []
    counter: dict[str, int] = defaultdict(int)
    for rec in _records(doc):
        if not isinstance(rec, dict):
            raise ValueError(f"{path}: every record must be a JSON object")
        video = str(rec.get("video_id") or rec.get("video") or "").strip()
        if not video:
            raise ValueError(f"{path}: a record has no 'video_id' (or 'video')")
        clip = rec.get("clip")
        start = float(clip[0]) if isinstance(clip, list | tuple) and clip else float(rec.get("start", 0.0) or 0.0)
        if isinstance(rec.get("questions"), list):  # per video
            for k, q in enumerate(rec["questions"]):
                items.append(_item(q, video, f"{video}#{k}", start))
        else:
            k = counter[video]
            counter[video] += 1
            uid = str(rec["id"]) if rec.get("id") not in (None, "") else f"{video}#{k}"
            items.append(_item(rec, video, uid, start))
    return items


def select(items: list[EvalItem], tasks: list[str] | None) -> list[EvalItem]:
    """Items whose subtask or task type (name or abbreviation, any case) is in ``tasks``."""
    if not tasks:
        return items
    abbr = {a.lower(): name for a, name, _, _ in TASK_TYPES}
    abbr |= {a.lower(): sub for _, _, _, subs in TASK_TYPES for a, sub in subs}
    wanted = {_key(abbr.get(t.strip().lower(), t)) for t in tasks}
    return [i for i in items if _key(i.task) in wanted or _key(i.group) in wanted]


def summarize(records: list[dict]) -> dict:
    """Accuracy per subtask, per task type, per temporal context and overall.

    Task-type, context and overall scores are unweighted means of subtask accuracies (the paper
    reports the mean of its 16 subtask accuracies); ``overall_micro`` pools the questions (as the
    lmms-eval task's aggregate does).
    """
    by_task: dict[str, list[dict]] = defaultdict(list)
    group_of: dict[str, str] = {}
    context_of: dict[str, str] = {}
    for rec in records:
        by_task[rec["task"]].append(rec)
        group_of[rec["task"]] = rec["group"]
        context_of[rec["task"]] = rec["context"]
    subtasks = {t: accuracy(rs) for t, rs in by_task.items()}
    members: dict[str, list[str]] = defaultdict(list)
    for _, name, _, subs in TASK_TYPES:
        members[name] = [s for _, s in subs if s in subtasks]
    for task, group in group_of.items():  # subtasks the paper's table does not name
        if task not in SUBTASKS:
            members[group].append(task)
    types = {
        group: {"acc": mean(subtasks[t]["acc"] for t in tasks), "n": sum(subtasks[t]["n"] for t in tasks)}
        for group, tasks in members.items()
    }
    contexts = {}
    for ctx in ("past", "present", "future"):
        tasks = [t for t in subtasks if context_of[t] == ctx]
        contexts[ctx] = {
            "acc": mean(subtasks[t]["acc"] for t in tasks),
            "n": sum(subtasks[t]["n"] for t in tasks),
            "micro": accuracy(r for r in records if r["context"] == ctx)["acc"],
        }
    overall = accuracy(records)
    return {
        "benchmark": NAME,
        "subtasks": subtasks,
        "task_types": types,
        "contexts": contexts,
        "overall": mean(s["acc"] for s in subtasks.values()),
        "overall_micro": overall["acc"],
        "n": overall["n"],
        "invalid": overall["invalid"],
        "unknown_subtasks": sorted(t for t in subtasks if t not in SUBTASKS),
    }


def format_report(summary: dict, model: str = "") -> str:
    """The paper's layout (one row: subtasks grouped by task type, type averages, overall), then the
    temporal contexts and a per-subtask breakdown."""
    subs, types = summary["subtasks"], summary["task_types"]
    headers, row = ["Model"], [model or "-"]
    for abbr, name, _, members in TASK_TYPES:
        for sub_abbr, sub in members:
            headers.append(f"{abbr}/{sub_abbr}")
            row.append(pct(subs.get(sub, {}).get("acc")))
        headers.append(abbr)
        row.append(pct(types[name]["acc"]))
    headers.append("Avg")
    row.append(pct(summary["overall"]))
    ctx = summary["contexts"]
    context_table = markdown_table(
        ["Temporal context", "Past", "Present", "Future", "Overall"],
        [["mean of subtasks", *(pct(ctx[c]["acc"]) for c in ("past", "present", "future")), pct(summary["overall"])],
         ["pooled questions", *(pct(ctx[c]["micro"]) for c in ("past", "present", "future")),
          pct(summary["overall_micro"])],
         ["questions", *(ctx[c]["n"] for c in ("past", "present", "future")), summary["n"]]],
    )
    detail_rows = []
    for abbr, name, context, members in TASK_TYPES:
        for sub_abbr, sub in members:
            s = subs.get(sub, {"n": 0, "correct": 0, "invalid": 0, "acc": None})
            detail_rows.append([f"{abbr} {name}", f"{sub_abbr} {sub}", context, s["n"], s["correct"], s["invalid"],
                                pct(s["acc"])])
    for sub in summary["unknown_subtasks"]:
        s = subs[sub]
        detail_rows.append(["(not in the paper's table)", sub, "-", s["n"], s["correct"], s["invalid"], pct(s["acc"])])
    detail = markdown_table(["Task type", "Subtask", "Context", "n", "correct", "invalid", "acc"], detail_rows, left=3)
    return "\n\n".join([
        f"{TITLE}: accuracy (%) per subtask; type averages and Avg are unweighted means of subtask accuracies",
        markdown_table(headers, [row]),
        context_table,
        detail,
        f"{summary['n']} questions, {summary['invalid']} without a readable option (counted wrong).",
    ])
