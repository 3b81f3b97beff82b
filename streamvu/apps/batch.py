"""Batch captioning: many videos and whole folders, several at a time, one error never stops the batch.

:func:`collect_jobs` turns the command-line inputs (files, folders searched recursively,
``sample:NAME``) into jobs with their output paths (or URIs); :func:`run_batch` captions them on an
executor (threads here, or Ray actors; see :mod:`streamvu.apps.caption_units`), each video one unit
of work, each file resumable.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from streamvu.apps.caption_units import (
    CaptionedFiles,
    CaptionWork,
    Job,
    expected_hash,
    media_seconds,
    up_to_date,
    write_unit,
)
from streamvu.apps.captioning import FORMATS, CaptionConfig, FileReport
from streamvu.apps.common import LoadedPipeline, PipelineSpec
from streamvu.apps.executors.base import Executor, Unit, UnitResult
from streamvu.apps.executors.local import LocalExecutor
from streamvu.apps.executors.outputs import is_uri, join
from streamvu.apps.executors.progress import UnitProgress
from streamvu.errors import SourceError
from streamvu.pipeline.engine import Pipeline

VIDEO_EXTENSIONS = frozenset(
    {
        ".mp4",
        ".m4v",
        ".mkv",
        ".mov",
        ".avi",
        ".webm",
        ".mpg",
        ".mpeg",
        ".ts",
        ".mts",
        ".m2ts",
        ".flv",
        ".wmv",
        ".3gp",
        ".ogv",
    }
)


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
                    raise ValueError(
                        f"unknown caption format {fmt!r}; choose from: {', '.join(FORMATS)}, all"
                    )
                if fmt not in out:
                    out.append(fmt)
    return tuple(out)


def find_videos(folder: Path) -> list[Path]:
    """Video files under ``folder`` (recursively, by extension), sorted; hidden folders skipped."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(root) / f
            for f in files
            if Path(f).suffix.lower() in VIDEO_EXTENSIONS and not f.startswith(".")
        )
    return sorted(found)


def collect_jobs(
    inputs: Sequence[str], formats: Sequence[str], output: str | os.PathLike | None = None
) -> list[Job]:
    """Jobs for ``inputs``: files and URLs write ``OUT/STEM.FORMAT``; a folder's videos write
    ``OUT/RELATIVE/PATH/STEM.FORMAT`` (mirroring the folder). ``OUT`` is ``output`` or the current
    directory, or a URI (``s3://bucket/captions``: written through pyarrow.fs); with one video and one
    format, an ``output`` that is not an existing folder and has a file extension is the output file itself. Raises SourceError for a missing input or a folder
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
                raise SourceError(
                    f"no video files in folder {path} (looked for {', '.join(sorted(VIDEO_EXTENSIONS))})"
                )
            items.extend((str(v), str(v), v.relative_to(path).with_suffix("")) for v in videos)
        elif path.exists():
            items.append((source, raw, Path(path.stem)))
        else:
            raise SourceError(f"no such video file or folder: {source}")
    out: str | Path = (
        str(output) if output is not None and is_uri(str(output)) else Path(output or Path.cwd())
    )
    single_file = (
        output is not None
        and len(items) == 1
        and len(formats) == 1
        and Path(str(out)).suffix != ""
        and (is_uri(out) or not Path(out).is_dir())
    )
    jobs, seen = [], {}
    for source, name, rel in items:
        outputs = (
            {formats[0]: out}
            if single_file
            else {f: join(out, *rel.parent.parts, f"{rel.name}.{f}") for f in formats}
        )
        first = next(iter(outputs.values()))
        if first in seen:
            raise ValueError(
                f"{seen[first]} and {name} would both write {first}; caption them into different "
                "output folders (-o)"
            )
        seen[first] = name
        jobs.append(Job(source, name, outputs))
    return jobs


def run_batch(
    jobs: Sequence[Job],
    pipeline: Pipeline | PipelineSpec,
    config: CaptionConfig | None = None,
    *,
    workers: int = 1,
    executor: Executor | None = None,
    resume: bool = True,
    progress: bool = False,
    on_report: Callable[[FileReport], None] | None = None,
) -> list[FileReport]:
    """Caption every job on ``executor`` (default: ``workers`` local threads sharing ``pipeline``'s models);
    returns one :class:`FileReport` per job, in job order. A video that fails gets ``status="failed"``
    with its error and the batch goes on; KeyboardInterrupt stops it (finished files and, in place,
    finished clips are kept: a rerun resumes). ``pipeline``: a loaded Pipeline (local executor only) or
    a :class:`PipelineSpec` that each worker builds."""
    config = config or CaptionConfig()
    executor = executor or LocalExecutor(workers)
    spec = LoadedPipeline(pipeline) if isinstance(pipeline, Pipeline) else pipeline
    in_place = executor.name == "local" and not any(is_uri(t) for job in jobs for t in job.outputs.values())
    # files elsewhere (a worker writes them to a scratch folder) are checked here, before any model loads
    reports = _up_to_date(jobs, expected_hash(spec, config)) if resume and not in_place else {}
    todo = [job for job in jobs if job.name not in reports]
    count = min(executor.workers, max(1, len(todo)))
    rows = tuple(range(1, count + 1)) if len(jobs) > 1 else (0,)
    scratch = None if in_place else tempfile.mkdtemp(prefix="streamvu-run-")
    work = CaptionWork(
        spec,
        config,
        resume=resume,
        in_place=in_place,
        progress=progress and in_place,
        rows=rows,
        scratch=scratch,
    )
    by_name = {job.name: job for job in todo}
    bar = UnitProgress(len(jobs), done=len(reports), enabled=progress and len(jobs) > 1)
    try:
        for result in executor.run(work, [Unit(job.name, job) for job in todo]):
            job = by_name[result.key]
            report = _report(job, result)
            if report.status == "failed":
                bar.note(f"streamvu caption: {job.name}: error: {report.error}")
            reports[job.name] = report
            bar.add(report.status != "failed", media_seconds(report))
            if on_report is not None:
                on_report(report)
    finally:
        bar.close()
        if scratch is not None:  # what workers killed mid-unit left behind
            shutil.rmtree(scratch, ignore_errors=True)
    return [reports[job.name] for job in jobs if job.name in reports]


def _up_to_date(jobs: Sequence[Job], config_hash: str) -> dict[str, FileReport]:
    """The jobs whose outputs are complete under the same settings: "skipped" reports by job name."""
    reports = {}
    for job in jobs:
        skipped = up_to_date(job, config_hash)
        if skipped is not None:
            reports[job.name] = skipped
    return reports


def _report(job: Job, result: UnitResult) -> FileReport:
    """A finished unit's report; captions a worker sent back are written here first."""
    if result.status == "failed":
        return FileReport(
            job.source,
            "failed",
            outputs=list(job.outputs.values()),
            error=result.error,
            seconds=result.seconds,
        )
    if isinstance(result.value, CaptionedFiles):
        return write_unit(job, result.value)
    return result.value


def summary_line(reports: Sequence[FileReport], seconds: float) -> str:
    """ "3 videos: 2 captioned, 1 up to date, 0 failed; 12 min of video in 40 s (18x real time)"."""
    count = {s: sum(r.status == s for r in reports) for s in ("done", "resumed", "skipped", "failed")}
    video = sum(r.duration for r in reports if r.status in ("done", "resumed"))
    rate = f" ({video / seconds:.1f}x real time)" if seconds > 0 and video > 0 else ""
    return (
        f"{len(reports)} video{'s' if len(reports) != 1 else ''}: {count['done']} captioned, "
        f"{count['resumed']} resumed, {count['skipped']} up to date, {count['failed']} failed; "
        f"{video / 60:.1f} min of video in {seconds:.1f} s{rate}"
    )
