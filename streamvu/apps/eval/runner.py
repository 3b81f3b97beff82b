"""Run a streaming benchmark: read -> group into video units -> evaluate each unit -> JSONL -> report.

A benchmark is data plus small hooks (see :mod:`.ovbench`, :mod:`.ovobench`): its reader turns the
official annotation files into :class:`~streamvu.apps.eval.items.EvalItem` s (each with its
protocol's exact prompt, frame range and scoring rule), and its ``summarize`` / ``format_report``
turn prediction records into the published tables. This module does the rest, the same for all:

* :func:`units` groups the questions by video (:class:`VideoUnit`, one unit of work);
* :func:`evaluate_unit` streams one unit's video **once** with a given pipeline: frames are added
  to memory until the next question's time, the question is answered from a snapshot of memory at
  that moment, and ingest goes on. Nothing after a question's frame range is in memory when it is
  answered (each record keeps ``memory_end`` and ``evidence_end`` to show it). Sliding-window items
  get a fresh memory holding only their window. It returns the unit's prediction records: plain,
  JSON-serialisable dicts in a fixed order;
* :class:`EvalWork` makes :func:`evaluate_video` executor work: an executor (this process's
  threads, or Ray actors that each load the models once) runs the units;
* :func:`run` maps it over the units, appends each video's records to a JSONL file as the video
  finishes (``resume`` keeps those already there) and reports videos missing from the video folder
  or unreadable.
"""

from __future__ import annotations

import json
import os
import time as _time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm.auto import tqdm

from streamvu.apps.common import LoadedPipeline, PipelineSpec
from streamvu.apps.eval.asks import OrderedAsks
from streamvu.apps.eval.items import EvalItem, score
from streamvu.apps.executors.base import Executor, Unit
from streamvu.apps.executors.local import LocalExecutor
from streamvu.atomic import append_line, write_text_atomic
from streamvu.errors import ModelError, QuestionError, ServerError, SourceError, StreamvuError
from streamvu.messages import TIME_TOLERANCE_S, ChoiceScoring, FrameTokens

VIDEO_EXTENSIONS = (".mp4", ".mkv", ".webm", ".avi", ".mov", ".m4v")


def read_annotations(path: str | os.PathLike) -> object:
    """The parsed JSON of an annotation file; ValueError naming the file when missing or not JSON."""
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"no such annotation file: {path}") from None
    except IsADirectoryError:
        raise ValueError(f"{path} is a folder, not an annotation file") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path} is not valid JSON: {exc}") from None


@dataclass(frozen=True)
class VideoUnit:
    """One video with all its questions (annotation order kept): the unit of work.

    path: the resolved file or frame folder; frame_fps / time_offset: for a frame folder."""

    video: str
    path: Path
    questions: tuple[EvalItem, ...]
    frame_fps: float | None = None
    time_offset: float = 0.0


@dataclass
class RunResult:
    """What a run did. ``records`` holds every prediction for the run's items (resumed ones too)."""

    records: list[dict] = field(default_factory=list)
    answered: int = 0
    resumed: int = 0
    missing_videos: dict[str, str] = field(default_factory=dict)  # video -> why it was skipped
    missing_questions: int = 0
    videos_encoded: int = 0


def resolve_video(videos_dir: str | os.PathLike, name: str, folder_ok: bool = False) -> Path | None:
    """The file for ``name`` in ``videos_dir``: as given, with a video extension added, or by base
    name; with ``folder_ok`` a folder of that name (a video given as frames) too."""
    root = Path(videos_dir)
    rel = Path(name.replace("\\", "/").lstrip("/"))
    candidates = [root / rel, root / rel.name]
    for base in list(candidates):
        if not base.suffix:
            candidates += [base.with_name(base.name + ext) for ext in VIDEO_EXTENSIONS]
    for path in candidates:
        if path.is_file() or (folder_ok and path.is_dir()):
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
    """Videos in order of first appearance, each with its questions in annotation order."""
    groups: dict[str, list[EvalItem]] = {}
    for item in items:
        groups.setdefault(item.video, []).append(item)
    return groups


def units(items: Iterable[EvalItem], videos_dir: str | os.PathLike) -> tuple[list[VideoUnit], dict[str, str]]:
    """The video units of ``items`` and, for videos that cannot be run, why (video -> reason)."""
    found, missing = [], {}
    for video, questions in group_by_video(items).items():
        fps = {q.frame_fps for q in questions}
        offsets = {q.time_offset for q in questions}
        if len(fps) > 1 or len(offsets) > 1:
            missing[video] = (
                f"its questions disagree on the frame rate ({sorted(map(str, fps))}) or time offset"
            )
            continue
        frame_fps, offset = fps.pop(), offsets.pop()
        path = resolve_video(videos_dir, video, folder_ok=True)
        if path is None:
            missing[video] = "not found"
        elif path.is_dir() and frame_fps is None:
            missing[video] = "a folder of frames, but its annotations give no fps"
        else:
            found.append(
                VideoUnit(
                    video,
                    path,
                    tuple(questions),
                    frame_fps if path.is_dir() else None,
                    offset if path.is_dir() else 0.0,
                )
            )
    return found, missing


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
    choice_scoring: ChoiceScoring = "auto",
    executor: Executor | None = None,
    concurrency: int = 1,
) -> RunResult:
    """Answer ``items``, one video per unit of work on ``executor`` (default: this process, one
    thread), appending each video's predictions to ``output`` as it finishes; see the module
    docstring. ``pipeline``: a loaded :class:`~streamvu.pipeline.engine.Pipeline` (local executor)
    or a :class:`~streamvu.apps.common.PipelineSpec` each worker builds. concurrency: questions of one
    video answered at the same time while its ingest goes on (see :mod:`.asks`; for a served model)."""
    uids = [item.uid for item in items]
    if len(set(uids)) != len(uids):
        raise ValueError("question ids are not unique in the annotations")
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    previous = _reusable(output, items) if resume else []
    done = {r["uid"]: r for r in previous}
    if resume:  # rewrite with the reused predictions only (no torn line, no other protocol's), then append
        _rewrite(output, previous)
    else:
        output.write_text("")
    result = RunResult(resumed=len(done))
    todo, missing = units((i for i in items if i.uid not in done), videos_dir)
    result.missing_videos = missing
    result.missing_questions = sum(1 for i in items if i.uid not in done and i.video in missing)
    executor = executor or LocalExecutor(1)
    spec = pipeline if isinstance(pipeline, (PipelineSpec, LoadedPipeline)) else LoadedPipeline(pipeline)
    work = EvalWork(
        spec,
        benchmark,
        choice_scoring,
        threads=executor.name == "local" and executor.workers > 1,
        concurrency=concurrency,
    )
    new = _run_units(executor, work, todo, output, result, progress, benchmark)
    result.records = [done.get(uid) or new[uid] for uid in uids if uid in done or uid in new]
    if log:
        _log_skipped(log, result, new.values(), videos_dir)
    return result


def _reusable(output: Path, items: list[EvalItem]) -> list[dict]:
    """The predictions in ``output`` a resumed run keeps: made for the same question under the same
    protocol (scorer, question time)."""
    by_uid = {item.uid: item for item in items}
    return [
        r
        for r in load_records(output)
        if r["uid"] in by_uid
        and r.get("scorer") == by_uid[r["uid"]].scorer
        and r.get("asked_at") == by_uid[r["uid"]].until
    ]


def _run_units(
    executor: Executor,
    work: EvalWork,
    todo: list[VideoUnit],
    output: Path,
    result: RunResult,
    progress: bool,
    benchmark: str,
) -> dict[str, dict]:
    """Run the videos' units on ``executor``, appending each video's predictions to ``output`` as it
    finishes and counting them in ``result``; the new predictions by question id."""
    bar = tqdm(
        total=sum(len(u.questions) for u in todo),
        unit="q",
        desc=benchmark or "eval",
        disable=not progress,
        leave=False,
    )
    new: dict[str, dict] = {}
    with open(output, "a", encoding="utf-8") as sink:
        by_video = {u.video: u for u in todo}
        for done_unit in executor.run(work, [Unit(u.video, u) for u in todo]):
            unit = by_video[done_unit.key]
            outcome = (
                done_unit.value
                if done_unit.status == "done"
                else VideoOutcome([], f"failed: {done_unit.error}")
            )
            for record in outcome.records:  # whole lines only, even on a full disk
                append_line(sink, json.dumps(record, ensure_ascii=False))
                new[record["uid"]] = record
            result.answered += len(outcome.records)
            if outcome.skipped is None:
                result.videos_encoded += 1
            else:
                result.missing_videos[unit.video] = outcome.skipped
                result.missing_questions += len(unit.questions) - len(outcome.records)
            bar.set_postfix_str(
                f"videos done={result.videos_encoded}, failed={len(result.missing_videos)}", refresh=False
            )
            bar.update(len(unit.questions))
    bar.close()
    return new


def _log_skipped(
    log: Callable[[str], None], result: RunResult, new: Iterable[dict], videos_dir: str | os.PathLike
) -> None:
    """Say which videos were missing or failed, and how many questions were timed past their video's end."""
    if result.missing_videos:
        shown = ", ".join(f"{v} ({why})" for v, why in list(result.missing_videos.items())[:5])
        more = len(result.missing_videos) - 5
        log(
            f"skipped {result.missing_questions} question(s) of {len(result.missing_videos)} video(s) "
            f"missing from {videos_dir}: {shown}{f' and {more} more' if more > 0 else ''}"
        )
    past_end = sum(1 for r in new if r.get("past_end"))
    if past_end:
        log(
            f"{past_end} question(s) are timed past the end of their video; they were answered from the "
            "whole video (marked past_end in the predictions)"
        )


def _rewrite(path: Path, records: list[dict]) -> None:
    write_text_atomic(path, "".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in records))


def evaluate_unit(
    pipeline, unit: VideoUnit, benchmark: str = "", choice_scoring: ChoiceScoring = "auto"
) -> list[dict]:
    """The prediction records of one video unit, in order of the questions' frame-range ends."""
    return list(iter_unit(pipeline, unit, benchmark, choice_scoring))


@dataclass
class VideoOutcome:
    """What evaluating one :class:`VideoUnit` gave: the records of the questions asked, and
    ``skipped``: why the others were not asked (the video is unreadable), None when all were."""

    records: list[dict]
    skipped: str | None = None


def evaluate_video(
    pipeline,
    unit: VideoUnit,
    benchmark: str = "",
    choice_scoring: ChoiceScoring = "auto",
    concurrency: int = 1,
) -> VideoOutcome:
    """:func:`iter_unit` for an executor: an unreadable video becomes a reason, not an exception."""
    records: list[dict] = []
    try:
        for record in iter_unit(pipeline, unit, benchmark, choice_scoring, concurrency):
            records.append(record)
    except SourceError as exc:
        return VideoOutcome(records, f"unreadable: {exc}")
    return VideoOutcome(records)


@dataclass
class EvalWork:
    """:func:`evaluate_video` as executor work: each worker loads the models once (``pipeline.build()``,
    a :class:`~streamvu.apps.common.PipelineSpec` or an already loaded pipeline). threads: several
    threads share the worker's models, so each unit gets a pipeline (memory, query handler) of its own."""

    pipeline: object
    benchmark: str = ""
    choice_scoring: ChoiceScoring = "auto"
    threads: bool = False
    concurrency: int = 1

    def setup(self):
        return self.pipeline.build()

    def process(self, models, unit: VideoUnit) -> VideoOutcome:
        if not self.threads:
            return evaluate_video(models, unit, self.benchmark, self.choice_scoring, self.concurrency)
        from streamvu.pipeline.engine import Pipeline  # imports torch: not when the CLI only parses

        own = Pipeline(
            models.config, encoder=models.encoder, embedder=models.embedder, answerer=models.answerer
        )
        try:
            return evaluate_video(own, unit, self.benchmark, self.choice_scoring, self.concurrency)
        finally:
            own.memory.close()


def _frames(pipeline, unit: VideoUnit, until: float) -> Iterator[FrameTokens]:
    """Encoded frames up to ``until``; a time past the end of the video reads to the end."""
    folder = {"frame_fps": unit.frame_fps, "time_offset": unit.time_offset} if unit.path.is_dir() else {}
    started = False
    try:
        for item in pipeline.encoded(unit.path, until=until, **folder):
            started = True
            yield item
    except QuestionError:
        if started:
            raise
        yield from pipeline.encoded(unit.path, until=None, **folder)


def _fresh_memory(pipeline):
    from streamvu.memory import PyramidMemory

    return PyramidMemory(pipeline.config.memory)


def iter_unit(
    pipeline,
    unit: VideoUnit,
    benchmark: str = "",
    choice_scoring: ChoiceScoring = "auto",
    concurrency: int = 1,
) -> Iterator[dict]:
    """Stream ``unit``'s video once, yielding each question's record when the stream reaches it (with
    ``concurrency`` > 1, once answered on a worker thread while ingest goes on; in question order)."""
    asks = OrderedAsks(concurrency, _ask)
    old = pipeline.memory
    pipeline.memory = _fresh_memory(pipeline)
    old.close()
    pending = sorted(unit.questions, key=lambda q: q.until)
    start = min(q.start for q in pending)
    windowed = any(q.fresh_memory for q in pending)
    cumulative = not all(q.fresh_memory for q in pending)
    recent: list[FrameTokens] = []  # frames a sliding window may still need
    for frame in _frames(pipeline, unit, until=pending[-1].until):
        while pending and frame.t > pending[0].until + TIME_TOLERANCE_S:
            yield from asks.add(pipeline, pending.pop(0), benchmark, choice_scoring, recent)
        if not pending:
            break  # everything asked: stop decoding
        if windowed:
            recent.append(frame)
            oldest = min(q.start for q in pending)
            recent = [f for f in recent if f.t + TIME_TOLERANCE_S >= oldest]
        if cumulative and frame.t + TIME_TOLERANCE_S >= start:
            pipeline.memory.add(frame)
    while pending:
        yield from asks.add(pipeline, pending.pop(0), benchmark, choice_scoring, recent)
    yield from asks.finish()


def window_frames(frames: list[FrameTokens], item: EvalItem) -> list[FrameTokens]:
    """The frames of ``item``'s window, at most ``max_frames`` of them picked uniformly (as
    ``numpy.linspace(0, n - 1, k).astype(int32)`` picks them in the sliding-window script)."""
    inside = [f for f in frames if item.start - TIME_TOLERANCE_S <= f.t <= item.until + TIME_TOLERANCE_S]
    k = item.max_frames
    if k is None or len(inside) <= k:
        return inside
    import numpy as np  # the script's own float rounding: i * (n - 1) / (k - 1) differs (n=31, k=23)

    return [inside[int(i)] for i in np.linspace(0, len(inside) - 1, k).astype(np.int32)]


def _ask(
    pipeline, item: EvalItem, benchmark: str, choice_scoring: ChoiceScoring, recent: list[FrameTokens]
) -> dict:
    shared = pipeline.memory
    if item.fresh_memory:
        pipeline.memory = _fresh_memory(pipeline)
        for frame in window_frames(recent, item):
            pipeline.memory.add(frame)
    try:
        return _answer(pipeline, item, benchmark, choice_scoring)
    finally:
        if item.fresh_memory:
            pipeline.memory.close()
            pipeline.memory = shared


def _answer(pipeline, item: EvalItem, benchmark: str, choice_scoring: ChoiceScoring) -> dict:
    memory_end = pipeline.memory.latest_t
    started = _time.perf_counter()
    response, error, evidence_end, mode, choice, option_scores, sent = (
        "",
        None,
        None,
        None,
        None,
        [],
        item.prompt,
    )
    try:
        answer = pipeline.ask(
            item.question,
            at=float(item.until),
            options=item.options,
            prompt=item.prompt or None,
            choice_scoring=choice_scoring if item.options else "auto",
        )
        response, mode, choice = answer.text, answer.mode, answer.choice
        option_scores = [float(s) for s in answer.option_scores]
        sent = answer.prompt or item.prompt
        evidence_end = max((e.end for e in answer.evidence), default=None)
    except (ServerError, ModelError):
        raise  # a served model gone or unknown: the video fails, nothing is recorded, a resumed run asks again
    except StreamvuError as exc:  # e.g. asked before the first frame: an empty (invalid) answer
        error = f"{type(exc).__name__}: {exc}"
    s = score(item, response)
    duration = (pipeline.info.duration if pipeline.info is not None else 0.0) or 0.0
    record = {
        "uid": item.uid,
        "benchmark": benchmark,
        **{k: v for k, v in asdict(item).items() if k not in ("uid", "prompt", "system")},
        "options": list(item.options),
        "asked_at": float(item.until),
        "prompt": sent,
        "system": item.system,
        "response": response,
        "choice": choice,
        "option_scores": option_scores,
        "official": s.official,
        "correct": s.correct,
        "counted": s.counted,
        "parsed": s.parsed,
        "valid": s.parsed is not None,
        "strict_correct": s.strict_correct,
        "mode": mode,
        "memory_end": memory_end,
        "evidence_end": evidence_end,
        "past_end": bool(duration and item.time > duration + 0.5),
        "latency_s": round(_time.perf_counter() - started, 3),
    }
    if error:
        record["error"] = error
    return record
