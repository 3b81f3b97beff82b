"""Run a streaming benchmark: each video is encoded once, questions are asked at their times.

A benchmark is data plus small hooks (see :mod:`.ovbench`, :mod:`.ovobench`): its reader turns
the official annotation file into :class:`EvalItem` s, and its ``summarize`` / ``format_report``
turn prediction records into the paper's table. This module does the rest, the same for all:

* questions are grouped by video and sorted by time; ``pipeline.encoded(video)`` is iterated
  **once** per video, frames are added to memory until the next question's time, the question
  is answered from a snapshot of memory at that moment, and ingest goes on (memory is
  checkpointed at each question time, never recomputed). Nothing after a question's time is in
  memory when it is answered; each record keeps ``memory_end`` and ``evidence_end`` to show it;
* one video with all its questions is a unit of work (:class:`VideoUnit`, :func:`evaluate_video`);
  an executor (this process, or Ray actors) runs the units and each video's predictions are
  appended to a JSONL file when it is done; ``resume`` skips questions already in it; videos
  missing from the video folder or unreadable are reported and skipped.
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


@dataclass(frozen=True)
class VideoUnit:
    """The unit of work of a benchmark run: one video with all its questions (sorted by time), so the
    video is streamed and its memory built once."""

    video: str
    questions: tuple[EvalItem, ...]


@dataclass
class VideoOutcome:
    """What evaluating one :class:`VideoUnit` gave: the prediction records of the questions asked, and
    ``skipped``: why the others were not asked (video not found / unreadable), None when all were."""

    records: list[dict]
    skipped: str | None = None


def evaluate_video(pipeline, videos_dir: str | os.PathLike, unit: VideoUnit, benchmark: str) -> VideoOutcome:
    """Stream ``unit.video`` once and answer its questions; the executor hook (see :class:`EvalWork`).
    ``pipeline`` is used by this unit alone (its memory is reset here)."""
    path = resolve_video(videos_dir, unit.video)
    if path is None:
        return VideoOutcome([], missing_reason(videos_dir, unit.video))
    records: list[dict] = []
    try:
        for record in _answer_video(pipeline, path, list(unit.questions), benchmark):
            records.append(record)
    except SourceError as exc:
        return VideoOutcome(records, f"unreadable: {exc}")
    return VideoOutcome(records)


def missing_reason(videos_dir: str | os.PathLike, video: str) -> str:
    """Why :func:`resolve_video` found no file for ``video``."""
    return "a folder of frames (not supported)" if (Path(videos_dir) / video).is_dir() else "not found"


@dataclass
class EvalWork:
    """:func:`evaluate_video` as executor work: each worker loads the models once (``pipeline.build()``,
    a :class:`~streamvu.apps.common.PipelineSpec` or a loaded pipeline). threads: several threads share
    the worker's models, so each unit gets a pipeline (memory, query handler) of its own over them."""

    pipeline: object
    videos_dir: str
    benchmark: str = ""
    threads: bool = False

    def setup(self):
        return self.pipeline.build()

    def process(self, models, unit: VideoUnit) -> VideoOutcome:
        if not self.threads:
            return evaluate_video(models, self.videos_dir, unit, self.benchmark)
        from streamvu.pipeline.engine import Pipeline

        own = Pipeline(models.config, encoder=models.encoder, embedder=models.embedder, answerer=models.answerer)
        try:
            return evaluate_video(own, self.videos_dir, unit, self.benchmark)
        finally:
            own.memory.close()


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
    executor=None,
) -> RunResult:
    """Answer ``items``, one video per unit of work on ``executor`` (default: this process), appending
    each video's predictions to ``output`` as it finishes; see the module docstring. ``pipeline``: a
    loaded :class:`~streamvu.pipeline.engine.Pipeline` (local executor) or a
    :class:`~streamvu.apps.common.PipelineSpec` each worker builds."""
    from streamvu.apps.common import LoadedPipeline
    from streamvu.apps.executors.base import Unit
    from streamvu.apps.executors.local import LocalExecutor

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
    for video in [v for v in groups if resolve_video(videos_dir, v) is None]:  # no worker needed to see that
        result.missing_videos[video] = missing_reason(videos_dir, video)
        result.missing_questions += len(groups.pop(video))
    executor = executor or LocalExecutor(1)
    spec = pipeline if hasattr(pipeline, "build") else LoadedPipeline(pipeline)
    work = EvalWork(spec, str(videos_dir), benchmark, threads=executor.name == "local" and executor.workers > 1)
    units = [Unit(video, VideoUnit(video, tuple(questions))) for video, questions in groups.items()]
    bar = tqdm(total=sum(len(q) for q in groups.values()), unit="q", desc=benchmark or "eval",
               disable=not progress, leave=False)
    new: dict[str, dict] = {}
    with open(output, "a", encoding="utf-8") as sink:
        for unit_result in executor.run(work, units):
            questions = groups[unit_result.key]
            outcome = unit_result.value if unit_result.status == "done" else VideoOutcome([], f"failed: {unit_result.error}")
            # one write per video, so its lines land together; a kill inside the write can leave a torn last
            # line, which resume drops (the whole lines before it count as answered)
            sink.write("".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in outcome.records))
            sink.flush()
            for record in outcome.records:
                new[record["uid"]] = record
            result.answered += len(outcome.records)
            if outcome.skipped is None:
                result.videos_encoded += 1
            else:
                result.missing_videos[unit_result.key] = outcome.skipped
                result.missing_questions += len(questions) - len(outcome.records)
            bar.set_postfix_str(f"videos done={result.videos_encoded}, failed={len(result.missing_videos)}",
                                refresh=False)
            bar.update(len(questions))
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


def _answer_video(pipeline, path: Path, questions: list[EvalItem], benchmark: str) -> Iterator[dict]:
    """Stream ``path`` once, answering each question (sorted by time) when the stream reaches it."""
    _reset_memory(pipeline)
    pending = list(questions)
    start = min(q.start for q in questions)
    for frame in _frames(pipeline, path, until=pending[-1].time):
        while pending and frame.t > pending[0].time + TIME_TOLERANCE_S:
            yield _ask(pipeline, pending.pop(0), benchmark)
        if not pending:
            return  # everything asked: stop decoding
        if frame.t + TIME_TOLERANCE_S >= start:
            pipeline.memory.add(frame)
    while pending:
        yield _ask(pipeline, pending.pop(0), benchmark)


def _ask(pipeline, item: EvalItem, benchmark: str) -> dict:
    memory_end = pipeline.memory.latest_t
    started = _time.perf_counter()
    response, error, evidence_end, mode = "", None, None, None
    try:
        answer = pipeline.ask(item.question, at=float(item.time), options=item.options)
        response, mode = answer.text, answer.mode
        evidence_end = max((e.end for e in answer.evidence), default=None)
    except StreamvuError as exc:  # e.g. asked before the first frame: an invalid answer
        error = f"{type(exc).__name__}: {exc}"
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
