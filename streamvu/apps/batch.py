"""Batch captioning: many videos and whole folders, several at a time, one error never stops the batch.

:func:`collect_jobs` turns the command-line inputs (files, folders searched recursively,
``sample:NAME``) into jobs with their output paths; :func:`run_batch` captions them with
``workers`` threads sharing one set of models, each file resumable (see
:func:`streamvu.apps.captioning.caption_file`).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tqdm.auto import tqdm

from streamvu.apps.captioning import FORMATS, CaptionConfig, FileReport, caption_file
from streamvu.errors import SourceError
from streamvu.pipeline.engine import Pipeline

VIDEO_EXTENSIONS = frozenset({
    ".mp4", ".m4v", ".mkv", ".mov", ".avi", ".webm", ".mpg", ".mpeg", ".ts", ".mts", ".m2ts", ".flv",
    ".wmv", ".3gp", ".ogv",
})


@dataclass(frozen=True)
class Job:
    """One video to caption: ``source`` (a path or URL), ``name`` (as shown), ``outputs`` {format: path}."""

    source: str
    name: str
    outputs: dict[str, Path]


def parse_formats(values: Sequence[str] | None) -> tuple[str, ...]:
    """``["srt,vtt", "json"]`` / ``["all"]`` -> ("srt", "vtt", "json"); ValueError on unknown names."""
    out: list[str] = []
    for value in values or ():
        for name in str(value).lower().replace(" ", "").split(","):
            if not name:
                continue
            names = FORMATS if name == "all" else (name,)
            for fmt in names:
                if fmt not in FORMATS:
                    raise ValueError(f"unknown caption format {fmt!r}; choose from: {', '.join(FORMATS)}, all")
                if fmt not in out:
                    out.append(fmt)
    return tuple(out)


def find_videos(folder: Path) -> list[Path]:
    """Video files under ``folder`` (recursively, by extension), sorted; hidden folders skipped."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / f for f in files if Path(f).suffix.lower() in VIDEO_EXTENSIONS
                     and not f.startswith("."))
    return sorted(found)


def collect_jobs(inputs: Sequence[str], formats: Sequence[str], output: str | os.PathLike | None = None) -> list[Job]:
    """Jobs for ``inputs``: files and URLs write ``OUT/STEM.FORMAT``; a folder's videos write
    ``OUT/RELATIVE/PATH/STEM.FORMAT`` (mirroring the folder). ``OUT`` is ``output`` or the current
    directory; with one video and one format, an ``output`` that is not an existing folder and has a
    file extension is the output file itself. Raises SourceError for a missing input or a folder
    without videos, ValueError when two inputs would write the same file."""
    from streamvu.ingest.samples import resolve_source

    if not inputs:
        raise ValueError("no video given")
    if not formats:
        raise ValueError("no output format chosen")
    items: list[tuple[str, str, Path]] = []  # (source, name, relative output base)
    for raw in inputs:
        source = resolve_source(raw)
        path = Path(source)
        if "://" in source:
            stem = Path(source.split("?", 1)[0].rstrip("/")).stem or "stream"
            items.append((source, raw, Path(stem)))
        elif path.is_dir():
            videos = find_videos(path)
            if not videos:
                raise SourceError(f"no video files in folder {path} (looked for {', '.join(sorted(VIDEO_EXTENSIONS))})")
            items.extend((str(v), str(v), v.relative_to(path).with_suffix("")) for v in videos)
        elif path.exists():
            items.append((source, raw, Path(path.stem)))
        else:
            raise SourceError(f"no such video file or folder: {source}")
    out = Path(output) if output is not None else Path.cwd()
    single_file = (output is not None and len(items) == 1 and len(formats) == 1 and not out.is_dir()
                   and out.suffix != "")
    jobs, seen = [], {}
    for source, name, rel in items:
        outputs = {formats[0]: out} if single_file else {f: out / rel.parent / f"{rel.name}.{f}" for f in formats}
        first = next(iter(outputs.values()))
        if first in seen:
            raise ValueError(f"{seen[first]} and {name} would both write {first}; caption them into different "
                             "output folders (-o)")
        seen[first] = name
        jobs.append(Job(source, name, outputs))
    return jobs


def warm_up(pipeline: Pipeline) -> None:
    """Load lazily loaded models once, before worker threads could race to load them twice."""
    getattr(pipeline.answerer, "llm", None)


def run_batch(
    jobs: Sequence[Job],
    pipeline: Pipeline,
    config: CaptionConfig | None = None,
    *,
    workers: int = 1,
    resume: bool = True,
    progress: bool = False,
    on_report: Callable[[FileReport], None] | None = None,
) -> list[FileReport]:
    """Caption every job; returns one :class:`FileReport` per job, in job order. A file that fails
    gets ``status="failed"`` with the error text and the batch goes on (KeyboardInterrupt stops it;
    what was written so far resumes on the next run)."""
    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers}")
    config = config or CaptionConfig()
    workers = min(workers, max(1, len(jobs)))
    if workers > 1:
        warm_up(pipeline)
    overall = tqdm(total=len(jobs), unit="file", desc="videos", position=0, leave=True,
                   disable=not progress or len(jobs) < 2, dynamic_ncols=True)
    slots = list(range(workers, 0, -1)) if len(jobs) > 1 else [0]
    lock = threading.Lock()

    def one(job: Job) -> FileReport:
        with lock:
            slot = slots.pop() if slots else 0
        started = time.perf_counter()
        try:
            report = caption_file(pipeline, job.source, job.outputs, config, resume=resume, progress=progress,
                                  position=slot, desc=_short(job.name))
        except Exception as exc:  # one bad file never stops the batch
            report = FileReport(job.source, "failed", outputs=list(job.outputs.values()),
                                error=_describe(exc),
                                seconds=time.perf_counter() - started)
            tqdm.write(f"streamvu caption: {job.name}: error: {report.error}", file=sys.stderr)
        finally:
            with lock:
                slots.append(slot)
        overall.update(1)
        if on_report is not None:
            on_report(report)
        return report

    try:
        if workers == 1:
            return [one(job) for job in jobs]
        with ThreadPoolExecutor(workers, thread_name_prefix="streamvu-caption") as pool:
            return list(pool.map(one, jobs))
    finally:
        overall.close()


def _describe(exc: Exception) -> str:
    from streamvu.errors import StreamvuError

    if isinstance(exc, (StreamvuError, ValueError)) and str(exc):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _short(name: str, width: int = 28) -> str:
    base = Path(name).name or name
    return base if len(base) <= width else "..." + base[-(width - 3):]


def summary_line(reports: Sequence[FileReport], seconds: float) -> str:
    """"3 videos: 2 captioned, 1 up to date, 0 failed; 12 min of video in 40 s (18x real time)"."""
    count = {s: sum(r.status == s for r in reports) for s in ("done", "resumed", "skipped", "failed")}
    video = sum(r.duration for r in reports if r.status in ("done", "resumed"))
    rate = f" ({video / seconds:.1f}x real time)" if seconds > 0 and video > 0 else ""
    return (f"{len(reports)} video{'s' if len(reports) != 1 else ''}: {count['done']} captioned, "
            f"{count['resumed']} resumed, {count['skipped']} up to date, {count['failed']} failed; "
            f"{video / 60:.1f} min of video in {seconds:.1f} s{rate}")
