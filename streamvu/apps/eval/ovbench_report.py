"""OVBench scores and tables, computed as each protocol's own script computes them.

* lmms-eval (``ovbench_aggregate_results`` per file, lmms-eval's group mean across files): within a
  file, accuracy = correct / answered, where questions with an empty response are left out; the
  same for each ``answer_type`` ("Task") and ``sub_answer_type`` ("Subtask") of the file; the
  ``ovbench_full`` score is the mean of the files' accuracies weighted by their number of questions
  (empty ones included), as lmms-eval weights a group's tasks by size.
* streaming (``evaluate_online_stream_single.py``, one run per annotation file): accuracy of each
  (answer_type, sub_answer_type) cell, and "Avg" = the unweighted mean of the file's cells.
* sliding-window (``evaluate_online_sliding_window.py``, per file): accuracy per answer_type, and
  "Avg" = correct / total over the file (pooled).

Every protocol also shows each file's pooled accuracy (correct / all questions) and the harness's
strict parser's pooled accuracy (an extra column; the official numbers never use it).
"""

from __future__ import annotations

from collections import defaultdict

from streamvu.apps.eval.report import markdown_table, mean, pct

PROTOCOL_OF_SCORER = {"mcq_acc": "lmms-eval", "mcq_acc_all": "streaming", "window_letter": "sliding-window"}


def _acc(correct: int, n: int) -> float | None:
    return 100.0 * correct / n if n else None


def _cell(records: list[dict], counted_only: bool = False) -> dict:
    rs = [r for r in records if r.get("counted", True)] if counted_only else records
    correct = sum(bool(r["correct"]) for r in rs)
    return {"n": len(rs), "correct": correct, "acc": _acc(correct, len(rs))}


def _file_common(rs: list[dict]) -> dict:
    strict = sum(bool(r.get("strict_correct")) for r in rs)
    return {
        "questions": len(rs),
        "pooled": _cell(rs)["acc"],
        "strict_pooled": _acc(strict, len(rs)),
        "empty": sum(1 for r in rs if r.get("response", "") == ""),
        "unreadable": sum(1 for r in rs if r.get("response") and not r.get("valid", True)),
    }


def summarize(records: list[dict]) -> dict:
    """Every number the report prints, per file and overall (see the module docstring)."""
    scorers = {r.get("scorer") for r in records}
    if len(scorers) > 1:
        raise ValueError(
            f"the predictions mix protocols ({sorted(map(str, scorers))}); score one protocol at a time"
        )
    protocol = PROTOCOL_OF_SCORER.get(next(iter(scorers), "mcq_acc_all"), "streaming")
    by_file: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        by_file[r.get("source", "")].append(r)
    files: dict[str, dict] = {}
    for source, rs in by_file.items():
        f = _file_common(rs)
        if protocol == "lmms-eval":
            f["accuracy"] = _cell(rs, counted_only=True)
            f["tasks"] = _grouped(rs, lambda r: r["group"], counted_only=True)
            f["subtasks"] = _grouped(rs, lambda r: r["task"], counted_only=True)
            f["score"] = f["accuracy"]["acc"] if f["accuracy"]["acc"] is not None else 0.0
        elif protocol == "streaming":
            f["cells"] = _grouped(rs, lambda r: f"{r['group']}/{r['task']}")
            f["score"] = mean(c["acc"] for c in f["cells"].values())  # "Avg"
        else:
            f["tasks"] = _grouped(rs, lambda r: r["group"])
            f["score"] = _cell(rs)["acc"]  # "Avg": pooled
        files[source] = f
    summary = {
        "benchmark": "ovbench",
        "protocol": protocol,
        "files": files,
        "n": len(records),
        "pooled": _cell(records)["acc"],
        "strict_pooled": _acc(sum(bool(r.get("strict_correct")) for r in records), len(records)),
    }
    if protocol == "lmms-eval":  # lmms-eval's group: file scores weighted by their sizes
        total = sum(f["questions"] for f in files.values())
        summary["overall"] = (
            (sum(f["score"] * f["questions"] for f in files.values()) / total) if total else None
        )
    else:  # the scripts score one file per run and print no number across files
        summary["overall"] = None
    return summary


def _grouped(rs: list[dict], key, counted_only: bool = False) -> dict:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rs:
        groups[key(r)].append(r)
    return {k: _cell(v, counted_only) for k, v in sorted(groups.items())}


def format_report(summary: dict, model: str = "") -> str:
    """The tables the protocol's script prints, one block per annotation file, then an overview."""
    protocol, files = summary["protocol"], summary["files"]
    blocks = [
        f"OVBench, {protocol} protocol ({model or '-'}): accuracy (%) computed as its official script does"
    ]
    for source, f in files.items():
        table, note = _file_table(protocol, source, f, model)
        blocks.append(f"{table}\n{f['questions']} questions; {note}.")
    blocks.append(_overview(summary))
    tail = (
        "'all' score: lmms-eval's ovbench_full group (file scores weighted by size)"
        if protocol == "lmms-eval"
        else "'all' score: none (the official script scores each file in its own run)"
    )
    blocks.append(
        f"{tail}; pooled = correct / all questions; strict parser = this harness's own answer parser "
        "(an extra column, not the official score); unreadable = no option found by it."
    )
    return "\n\n".join(blocks)


def _file_table(protocol: str, source: str, f: dict, model: str) -> tuple[str, str]:
    """One annotation file's table as the protocol's script prints it, and a note under it."""
    if protocol == "lmms-eval":
        a = f["accuracy"]
        rows = [["Subset", a["n"], a["correct"], pct(a["acc"])]]
        rows += [[f"Task {k}", c["n"], c["correct"], pct(c["acc"])] for k, c in f["tasks"].items()]
        rows += [[f"Subtask {k}", c["n"], c["correct"], pct(c["acc"])] for k, c in f["subtasks"].items()]
        table = markdown_table([source, "answered", "correct", "acc"], rows)
        return table, f"{f['empty']} empty response(s) left out, as the official aggregation does"
    cells = f["cells"] if protocol == "streaming" else f["tasks"]
    table = markdown_table(
        [source, *cells, "Avg"], [[model or "-", *(pct(c["acc"]) for c in cells.values()), pct(f["score"])]]
    )
    if protocol == "streaming":
        return table, "Avg is the unweighted mean of the (answer_type/sub_answer_type) cells"
    return table, "Avg is pooled over the file's questions"


def _overview(summary: dict) -> str:
    """Every file's scores in one table, with an 'all' row."""
    files = summary["files"]
    overview = [
        [
            s,
            f["questions"],
            pct(f["score"]),
            pct(f["pooled"]),
            pct(f["strict_pooled"]),
            f["empty"],
            f["unreadable"],
        ]
        for s, f in files.items()
    ]
    overview.append(
        [
            "all",
            summary["n"],
            pct(summary["overall"]),
            pct(summary["pooled"]),
            pct(summary["strict_pooled"]),
            sum(f["empty"] for f in files.values()),
            sum(f["unreadable"] for f in files.values()),
        ]
    )
    score_name = {"lmms-eval": "score", "streaming": "Avg", "sliding-window": "Avg"}[summary["protocol"]]
    header = ["file", "questions", score_name, "pooled", "strict parser", "empty", "unreadable"]
    return markdown_table(header, overview)
