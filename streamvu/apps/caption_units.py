"""Captioning one video as a unit of work, for the executors (:mod:`streamvu.apps.executors`).

Two ways to run a unit, chosen by the driver:

* **in place** (local executor, local output folder): :func:`~streamvu.apps.captioning.caption_file`
  writes the outputs itself after every clip, so even a video interrupted half-way resumes mid-video;
* **as files returned** (Ray, or a URI output): the worker captions into a private temporary folder
  and returns the finished files' bytes; the driver writes each one atomically to its target
  (:mod:`.executors.outputs`). The bytes are those ``caption_file`` writes, so both ways give the
  same files. Such a unit is all or nothing: a worker lost mid-video leaves nothing behind.

The driver skips finished videos before dispatching (:func:`up_to_date`), from the model names and
settings alone, so a rerun of a finished job loads no model anywhere.
"""

from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from streamvu.apps.captioning import (
    CaptionConfig,
    FileReport,
    caption_file,
    fingerprint,
    parse_state,
    settings_dict,
    settings_hash,
)
from streamvu.apps.common import LoadedPipeline, PipelineSpec
from streamvu.apps.executors.outputs import Target, exists, read_bytes, with_name, write_bytes
from streamvu.pipeline.engine import Pipeline

STATE = "state"  # key of the hidden resume document among a unit's files (when no JSON output is asked)


@dataclass(frozen=True)
class Job:
    """One video to caption: ``source`` (a path or URL), ``name`` (as shown), ``outputs`` {format: target}."""

    source: str
    name: str
    outputs: dict[str, Target]


@dataclass
class CaptionedFiles:
    """What a worker returns for a unit run as files returned: its report and {format or "state": bytes}."""

    report: FileReport
    files: dict[str, bytes] = field(default_factory=dict)


def state_target(outputs: dict[str, Target]) -> Target:
    """Where the resume document of ``outputs`` lives (as :func:`~streamvu.apps.captioning.state_path`,
    for URIs too): the JSON output, else a hidden file beside the first output."""
    if "json" in outputs:
        return outputs["json"]
    first = next(iter(outputs.values()))
    return with_name(first, f".{PurePosixPath(str(first)).stem}.captions.json")


def expected_hash(pipeline: Pipeline | PipelineSpec | LoadedPipeline, config: CaptionConfig) -> str:
    """The ``config_hash`` the workers' captions will carry, without loading models for a spec."""
    if isinstance(pipeline, LoadedPipeline):
        pipeline = pipeline.pipeline
    if isinstance(pipeline, Pipeline):
        return settings_hash(
            settings_dict(pipeline.encoder.name, pipeline.answerer.name, pipeline.config, config)
        )
    encoder, answerer = pipeline.model_names()
    return settings_hash(settings_dict(encoder, answerer, pipeline.config, config))


def up_to_date(job: Job, config_hash: str) -> FileReport | None:
    """A "skipped" report when every output of ``job`` exists and its resume document says complete,
    with the same settings and the same source file; None otherwise (the job must run)."""
    data = read_bytes(state_target(job.outputs))
    if data is None:
        return None
    state = parse_state(data, {"config_hash": config_hash, "source": fingerprint(job.source)})
    if state is None or not state.complete or not all(exists(t) for t in job.outputs.values()):
        return None
    return FileReport(
        job.source,
        "skipped",
        captions=len(state.captions),
        duration=state.captions[-1].end if state.captions else 0.0,
        outputs=list(job.outputs.values()),
    )


def write_unit(job: Job, captioned: CaptionedFiles) -> FileReport:
    """Write a unit's returned files to the job's targets (outputs first, the resume document last, so
    a crash in between leaves a job that reruns, never one marked complete with a file missing)."""
    targets = {**job.outputs, STATE: state_target(job.outputs)}
    keys = [k for k in captioned.files if k not in ("json", STATE)] + [
        k for k in ("json", STATE) if k in captioned.files
    ]
    for key in keys:
        write_bytes(targets[key], captioned.files[key])
    report = captioned.report
    report.outputs = list(job.outputs.values()) + ([targets[STATE]] if STATE in captioned.files else [])
    return report


class _Worker:
    """A worker's state: the loaded pipeline, and free progress-bar rows for the files in progress."""

    def __init__(self, pipeline: Pipeline, rows: list[int]) -> None:
        self.pipeline = pipeline
        self.rows = rows
        self.lock = threading.Lock()


@dataclass
class CaptionWork:
    """Caption one :class:`Job` per unit (see the module docstring); picklable with a PipelineSpec.

    in_place: write outputs from the worker after every clip (True) or return the files (False).
    rows: progress-bar rows for files in progress (in place, local only); progress: show them.
    scratch: folder under which a worker captions a unit that returns its files (None: the system's
        temporary folder); the batch removes it when it ends, so a worker killed on an interrupt
        (Ray kills actors) leaves nothing behind on a shared machine.
    """

    pipeline: PipelineSpec | LoadedPipeline
    config: CaptionConfig
    resume: bool = True
    in_place: bool = True
    progress: bool = False
    rows: tuple[int, ...] = (0,)
    scratch: str | None = None

    def setup(self) -> _Worker:
        pipeline = self.pipeline.build()
        pipeline.answerer.warm_up()  # load lazily loaded models now, not in racing threads
        return _Worker(pipeline, list(reversed(self.rows)))

    def process(self, worker: _Worker, job: Job) -> FileReport | CaptionedFiles:
        if self.in_place:
            with worker.lock:
                row = worker.rows.pop() if worker.rows else 0
            try:
                return caption_file(
                    worker.pipeline,
                    job.source,
                    job.outputs,
                    self.config,  # type: ignore[arg-type]
                    resume=self.resume,
                    progress=self.progress,
                    position=row,
                    desc=_short(job.name),
                )
            finally:
                with worker.lock:
                    worker.rows.append(row)
        return caption_to_files(worker.pipeline, job, self.config, self.scratch)


def caption_to_files(
    pipeline: Pipeline, job: Job, config: CaptionConfig, scratch: str | None = None
) -> CaptionedFiles:
    """Caption ``job`` from the start into a temporary folder (under ``scratch``) and return the files' bytes."""
    if scratch is not None:
        os.makedirs(scratch, exist_ok=True)  # a worker on another machine makes its own
    with tempfile.TemporaryDirectory(prefix="streamvu-unit-", dir=scratch) as tmp:
        outputs = {fmt: Path(tmp) / f"unit.{fmt}" for fmt in job.outputs}
        report = caption_file(pipeline, job.source, outputs, config, resume=False)
        files = {fmt: path.read_bytes() for fmt, path in outputs.items()}
        if "json" not in outputs:
            files[STATE] = (Path(tmp) / ".unit.captions.json").read_bytes()
    report.outputs = []
    return CaptionedFiles(report, files)


def media_seconds(report: FileReport) -> float:
    return report.duration if report.status in ("done", "resumed") else 0.0


def _short(name: str, width: int = 28) -> str:
    base = Path(name).name or name
    return base if len(base) <= width else "..." + base[-(width - 3) :]
