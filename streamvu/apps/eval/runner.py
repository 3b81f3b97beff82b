"""Run a streaming benchmark: each video is encoded once, questions are asked at their times.

A benchmark is data plus small hooks (see :mod:`.ovbench`, :mod:`.ovobench`): its reader turns
the official annotation file into :class:`EvalItem` s, and its ``summarize`` / ``format_report``
turn prediction records into the paper's table. This module does the rest, the same for all:

* questions are grouped by video and sorted by time; ``pipeline.encoded(video)`` is iterated
  **once** per video, frames are added to memory until the next question's time, the question
  is answered from a snapshot of memory at that moment, and ingest goes on (memory is
  checkpointed at each question time, never recomputed). Nothing after a question's time is in
  memory when it is answered; each record keeps ``memory_end`` and ``evidence_end`` to show it;
* predictions are appended to a JSONL file as they are produced; ``resume`` skips questions
  already in it; videos missing from the video folder are reported and skipped.
"""

from __future__ import annotations

import json
import os
import time as _time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm.auto import tqdm

from streamvu.apps.eval.parsing import official_choice, parse_choice, parse_count, parse_yes_no
from streamvu.atomic import write_text_atomic
from streamvu.errors import QuestionError, SourceError, StreamvuError
from streamvu.messages import FrameTokens

KINDS = ("choice", "yesno", "count")
CONTEXTS = ("past", "present", "future")
VIDEO_EXTENSIONS = (".mp4", ".mkv", ".webm", ".avi", ".mov", ".m4v")
TIME_TOLERANCE_S = 1e-3  # a frame at exactly the question time is seen (the official scripts do the same)



def read_annotations(path: str | os.PathLike) -> object:
    """The parsed JSON of an annotation file; ValueError naming the file when missing or not JSON."""
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"no such annotation file: {path}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path} is not valid JSON: {exc}") from None

@dataclass(frozen=True)
class EvalItem:
    """One benchmark question, asked at ``time`` seconds of ``video``.

    uid: stable id (the key ``resume`` uses).
    video: the video's name as the annotations give it, relative to the video folder.
    question: the question text as posed; ``options`` the choice texts without letters.
    answer: the gold answer: an option letter ("choice"), "Yes"/"No" ("yesno") or a number ("count").
    task / group: subtask and task type (OVBench) or task and mode (OVO-Bench), for the report.
    context: temporal context, "past" | "present" | "future".
    start: clip start in seconds: frames before it are not fed (the official scripts start there).
    prompt: the benchmark's official prompt text, kept in the record for reference.
    """

    uid: str
    video: str
    time: float
    question: str
    answer: str
    task: str
    group: str
    context: str
    options: tuple[str, ...] = ()
    kind: str = "choice"
    start: float = 0.0
    prompt: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if self.context not in CONTEXTS:
            raise ValueError(f"context must be one of {CONTEXTS}, got {self.context!r}")
        if self.kind == "choice" and len(self.options) < 2:
            raise ValueError(f"question {self.uid}: a multiple-choice question needs at least 2 options")
        if not self.time >= 0:
            raise ValueError(f"question {self.uid}: time must be >= 0, got {self.time}")


def grade(item: EvalItem, response: str | None) -> tuple[str | None, bool]:
    """(parsed answer or None when invalid, correct). An invalid answer counts as wrong."""
    if item.kind == "choice":
        parsed = parse_choice(response, len(item.options), item.options)
    elif item.kind == "yesno":
        parsed = parse_yes_no(response)
    else:
        parsed = parse_count(response)
    return parsed, parsed is not None and parsed == item.answer


@dataclass
class RunResult:
    """What a run did. ``records`` holds every prediction for the run's items (resumed ones too)."""

    records: list[dict] = field(default_factory=list)
    answered: int = 0
    resumed: int = 0
    missing_videos: dict[str, str] = field(default_factory=dict)  # video -> why it was skipped
    missing_questions: int = 0
    videos_encoded: int = 0


def resolve_video(videos_dir: str | os.PathLike, name: str) -> Path | None:
    """The file for ``name`` in ``videos_dir``: as given, with a video extension added, or by base name."""
    root = Path(videos_dir)
    rel = Path(name.replace("\\", "/").lstrip("/"))
    candidates = [root / rel, root / rel.name]
    for base in list(candidates):
        if not base.suffix:
            candidates += [base.with_name(base.name + ext) for ext in VIDEO_EXTENSIONS]
    for path in candidates:
        if path.is_file():
            return path
    return None


def load_records(path: str | os.PathLike) -> list[dict]:
    """Predictions already in a JSONL file (a torn last line from an interrupted run is ignored)."""
    records = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(rec, dict) and "uid" in rec:
                    records.append(rec)
    except FileNotFoundError:
        pass
    return records


def group_by_video(items: Iterable[EvalItem]) -> dict[str, list[EvalItem]]:
    """Videos in order of first appearance, each with its questions sorted by time (stable)."""
    groups: dict[str, list[EvalItem]] = {}
    for item in items:
        groups.setdefault(item.video, []).append(item)
    return {video: sorted(qs, key=lambda q: q.time) for video, qs in groups.items()}


def run(
    items: list[EvalItem],
    videos_dir: str | os.PathLike,
    pipeline,
    output: str | os.PathLike,
    *,
    resume: bool = False,
    benchmark: str = "",
    progress: bool = False,
    log: Callable[[str], None] | None = None,
    choice_scoring: str = "auto",
) -> RunResult:
    """Answer ``items`` with ``pipeline`` (a :class:`~streamvu.pipeline.engine.Pipeline`), appending
    predictions to ``output``; see the module docstring. ``choice_scoring`` goes to every multiple-choice
    question (:data:`~streamvu.messages.ChoiceScoring`); a letter the answerer chose by scoring
    (``Answer.choice``) is graded as it is, not parsed from the text."""
    uids = [item.uid for item in items]
    if len(set(uids)) != len(uids):
        raise ValueError("question ids are not unique in the annotations")
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    wanted = set(uids)
    previous = [r for r in load_records(output) if r["uid"] in wanted] if resume else []
    done = {r["uid"]: r for r in previous}
    if resume:  # rewrite without a torn last line, then append
        _rewrite(output, load_records(output))
    else:
        output.write_text("")
    result = RunResult(resumed=len(done))
    groups = group_by_video(i for i in items if i.uid not in done)
    bar = tqdm(total=sum(len(q) for q in groups.values()), unit="q", desc=benchmark or "eval",
               disable=not progress, leave=False)
    new: dict[str, dict] = {}
    with open(output, "a", encoding="utf-8") as sink:
        for video, questions in groups.items():
            path = resolve_video(videos_dir, video)
            if path is None:
                reason = "not found" if not (Path(videos_dir) / video).is_dir() else "a folder of frames (not supported)"
                result.missing_videos[video] = reason
                result.missing_questions += len(questions)
                bar.update(len(questions))
                continue
            try:
                for record in _answer_video(pipeline, path, questions, benchmark, choice_scoring):
                    sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                    sink.flush()
                    new[record["uid"]] = record
                    result.answered += 1
                    bar.update(1)
                result.videos_encoded += 1
            except SourceError as exc:
                left = [q for q in questions if q.uid not in new]
                result.missing_videos[video] = f"unreadable: {exc}"
                result.missing_questions += len(left)
                bar.update(len(left))
    bar.close()
    result.records = [done.get(uid) or new[uid] for uid in uids if uid in done or uid in new]
    if log and result.missing_videos:
        shown = ", ".join(f"{v} ({why})" for v, why in list(result.missing_videos.items())[:5])
        more = len(result.missing_videos) - 5
        log(f"skipped {result.missing_questions} question(s) of {len(result.missing_videos)} video(s) "
            f"missing from {videos_dir}: {shown}{f' and {more} more' if more > 0 else ''}")
    return result


def _rewrite(path: Path, records: list[dict]) -> None:
    write_text_atomic(path, "".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in records))


def _frames(pipeline, path: Path, until: float) -> Iterator[FrameTokens]:
    """Encoded frames up to ``until``; a question time past the end of the file reads to the end."""
    started = False
    try:
        for item in pipeline.encoded(path, until=until):
            started = True
            yield item
    except QuestionError:
        if started:
            raise
        yield from pipeline.encoded(path, until=None)


def _reset_memory(pipeline) -> None:
    from streamvu.memory import PyramidMemory

    old = pipeline.memory
    pipeline.memory = PyramidMemory(pipeline.config.memory)
    old.close()


def _answer_video(pipeline, path: Path, questions: list[EvalItem], benchmark: str,
                  choice_scoring: str = "auto") -> Iterator[dict]:
    """Stream ``path`` once, answering each question (sorted by time) when the stream reaches it."""
    _reset_memory(pipeline)
    pending = list(questions)
    start = min(q.start for q in questions)
    for frame in _frames(pipeline, path, until=pending[-1].time):
        while pending and frame.t > pending[0].time + TIME_TOLERANCE_S:
            yield _ask(pipeline, pending.pop(0), benchmark, choice_scoring)
        if not pending:
            return  # everything asked: stop decoding
        if frame.t + TIME_TOLERANCE_S >= start:
            pipeline.memory.add(frame)
    while pending:
        yield _ask(pipeline, pending.pop(0), benchmark, choice_scoring)


def _ask(pipeline, item: EvalItem, benchmark: str, choice_scoring: str = "auto") -> dict:
    memory_end = pipeline.memory.latest_t
    started = _time.perf_counter()
    response, error, evidence_end, mode, choice = "", None, None, None, None
    try:
        answer = pipeline.ask(item.question, at=float(item.time), options=item.options,
                              choice_scoring=choice_scoring if item.options else "auto")
        response, mode, choice = answer.text, answer.mode, answer.choice
        evidence_end = max((e.end for e in answer.evidence), default=None)
    except StreamvuError as exc:  # e.g. asked before the first frame: an invalid answer
        error = f"{type(exc).__name__}: {exc}"
    if choice is not None and item.kind == "choice":  # chosen by scoring: graded as chosen
        parsed, correct = choice, choice == item.answer
    else:
        parsed, correct = grade(item, response)
    record = {
        "uid": item.uid,
        "benchmark": benchmark,
        **{k: v for k, v in asdict(item).items() if k not in ("uid", "prompt")},
        "options": list(item.options),
        "response": response,
        "parsed": parsed,
        "valid": parsed is not None,
        "correct": bool(correct),
        "mode": mode,
        "memory_end": memory_end,
        "evidence_end": evidence_end,
        "latency_s": round(_time.perf_counter() - started, 3),
    }
    if item.kind == "choice":
        record["parsed_official"] = official_choice(response)
    if error:
        record["error"] = error
    return record
