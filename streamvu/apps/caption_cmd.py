"""``streamvu caption VIDEO_OR_FOLDER...``: timestamped captions (SRT, WebVTT, JSON), resumable, batched.

Exit codes: 0 every video captioned (or already up to date), 1 some videos failed (each one's error
is printed; the others are captioned), 2 bad arguments, 130 interrupted (rerun to resume).
"""

from __future__ import annotations

import argparse
import sys
import time

from streamvu.apps.common import (
    PipelineSpec,
    add_pipeline_args,
    bounded,
    make_pipeline,
    positive_seconds,
    seconds,
)
from streamvu.apps.executors.options import add_executor_args, make_executor, options_from_args

NAME = "caption"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        NAME,
        help="write timestamped captions of videos or whole folders (SRT / WebVTT / JSON)",
        description="Caption videos clip by clip. Outputs are rewritten atomically after each clip; "
        "rerunning the same command resumes where it stopped and skips finished files.",
    )
    add_pipeline_args(p, video=False)
    p.add_argument(
        "videos",
        nargs="+",
        metavar="VIDEO",
        help="video files, folders (searched recursively) or sample:bikes / sample:bigbuckbunny",
    )
    _add_segment_args(p)
    _add_output_args(p)
    add_executor_args(
        p,
        workers_help="videos captioned at the same time: threads sharing one set of models "
        "(local) or Ray actors each loading its own (default 1)",
    )
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="caption again instead of resuming / skipping, and replace output files that are not "
        "captions of the same video",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="do not print the captions of a single video")


def _add_segment_args(p: argparse.ArgumentParser) -> None:
    """What one caption covers: fixed segments, or scenes and their bounds."""
    p.add_argument(
        "--segment",
        type=positive_seconds,
        default=5.0,
        help="seconds per caption with fixed segments (default 5)",
    )
    p.add_argument(
        "--scenes",
        action="store_true",
        help="one caption per scene (cut where the picture changes) instead of fixed segments",
    )
    p.add_argument(
        "--scene-threshold",
        type=bounded(0, 2, above=True, what="a cosine distance"),
        default=0.4,
        help="scene cut: cosine distance of a frame from its scene's mean feature (default 0.4)",
    )
    p.add_argument("--min-scene", type=seconds, default=2.0, help="shortest scene in seconds (default 2)")
    p.add_argument(
        "--max-scene", type=positive_seconds, default=30.0, help="longest scene in seconds (default 30)"
    )


def _add_output_args(p: argparse.ArgumentParser) -> None:
    """What is written, in which formats, and where."""
    p.add_argument("--summary", action="store_true", help="also write a summary of each video")
    p.add_argument(
        "--format",
        action="append",
        default=None,
        metavar="FMT",
        help="srt, vtt, json, a comma list or 'all' (repeatable; default: the -o suffix, else srt)",
    )
    p.add_argument(
        "-o",
        "--output",
        default=None,
        help="output folder or pyarrow.fs URI such as s3://bucket/dir (default: current folder); "
        "with one video and one format, a file",
    )


def pipeline_spec(args: argparse.Namespace) -> PipelineSpec:
    """What each Ray worker builds (the models are loaded there, not here)."""
    return PipelineSpec.from_args(args)


INTERRUPTED = "interrupted; run the same command again to resume"


def INTERRUPT_GRACE_S(args: argparse.Namespace) -> float:  # noqa: N802 - the command line's hook name
    """Seconds the process may take to stop after Ctrl-C: a Ray job's driver may need a few to stop
    its actors and local instance."""
    return 5.0 if getattr(args, "executor", "local") == "ray" else 1.0


def run(args: argparse.Namespace) -> int:
    return _run(args, options_from_args(args))


def _run(args: argparse.Namespace, options) -> int:
    _check_arguments(args)  # before torch is imported: a bad argument is refused at once
    config = _caption_config(args)
    jobs = _jobs(args)
    executor = make_executor(
        options, on_event=lambda line: print(f"streamvu {NAME}: {line}", file=sys.stderr)
    )
    pipeline = make_pipeline(args) if options.name == "local" else pipeline_spec(args)
    started = time.perf_counter()
    reports = _caption(args, jobs, pipeline, config, executor)
    return _report(args, jobs, reports, time.perf_counter() - started)


def _caption(args: argparse.Namespace, jobs: list, pipeline, config, executor) -> list:
    from streamvu.apps.batch import run_batch

    return run_batch(
        jobs, pipeline, config, executor=executor, resume=not args.overwrite, progress=not args.no_progress
    )


def _check_arguments(args: argparse.Namespace) -> None:
    """ValueError, before anything heavy is imported, for scene bounds that exclude each other, an -o
    that is no place to write or one of the videos, and a single video that cannot be read."""
    from pathlib import Path

    from streamvu.apps.preflight import check_not_inputs, check_output_target, probe_video, sampling_note
    from streamvu.ingest.samples import resolve_source

    if args.min_scene > args.max_scene:
        raise ValueError(
            f"--min-scene ({args.min_scene:g} s) is longer than --max-scene ({args.max_scene:g} s)"
        )
    if args.output is not None:
        check_output_target(args.output, "-o")
        check_not_inputs([("-o", args.output)], [resolve_source(v) for v in args.videos])
    if len(args.videos) == 1 and "://" not in args.videos[0] and not Path(args.videos[0]).is_dir():
        # one video: a file that is not a video is refused now, before any model loads (a batch
        # reports each bad file and captions the others)
        info = probe_video(args.videos[0], args.backend)
        note = sampling_note(args, info)
        if note:
            print(f"streamvu {NAME}: {note}", file=sys.stderr)


def _caption_config(args: argparse.Namespace):
    from streamvu.apps.captioning import CaptionConfig

    return CaptionConfig(
        segment_s=args.segment,
        segmentation="scene" if args.scenes else "fixed",
        scene_threshold=args.scene_threshold,
        min_segment_s=args.min_scene,
        max_segment_s=args.max_scene,
        summary=args.summary,
    )


def _jobs(args: argparse.Namespace) -> list:
    """One job per video with its output files, each checked (never a video, never someone else's file,
    writable) before any model loads; the cache folders too."""
    from pathlib import Path

    from streamvu.apps.batch import collect_jobs, parse_formats
    from streamvu.apps.captioning import FORMATS
    from streamvu.apps.preflight import (
        check_cache_dir,
        check_disk_cache,
        check_new_outputs,
        check_not_inputs,
        check_output_files,
    )

    formats = parse_formats(args.format)
    if not formats:
        suffix = Path(args.output).suffix.lstrip(".").lower() if args.output else ""
        formats = (suffix,) if suffix in FORMATS else ("srt",)
    jobs = collect_jobs(args.videos, formats, args.output)
    local = [(job, p) for job in jobs for p in job.outputs.values() if "://" not in str(p)]
    # a video is never written over, whatever -o says; nor a file that is not our captions of it
    check_not_inputs([("-o", p) for _, p in local], [job.source for job in jobs])
    if not args.overwrite:
        check_new_outputs(jobs)
    # an unwritable output or cache folder is found now, not after the first captioned segment
    check_output_files(p for _, p in local)
    check_disk_cache(args.disk_cache)
    check_cache_dir()
    return jobs


def _report(args: argparse.Namespace, jobs: list, reports: list, elapsed_s: float) -> int:
    """A single video's captions on stdout (unless -q), a line per written video and, for a batch, the
    summary and each failure on stderr; 1 when a video failed."""
    from streamvu.apps.batch import summary_line

    if len(reports) == 1 and reports[0].status != "failed" and not args.quiet:
        from streamvu.apps.executors.outputs import read_bytes

        print((read_bytes(next(iter(jobs[0].outputs.values()))) or b"").decode("utf-8"))
    for job, report in zip(jobs, reports, strict=True):
        if report.status != "failed":
            what = {"skipped": "up to date", "resumed": f"resumed, {report.new} new"}.get(report.status, "")
            names = ", ".join(str(p) for p in job.outputs.values())
            print(
                f"wrote {report.captions} caption{'' if report.captions == 1 else 's'} to {names}"
                + (f" ({what})" if what else ""),
                file=sys.stderr,
            )
    failed = [r for r in reports if r.status == "failed"]
    if len(reports) > 1:  # a single video's error was printed as it happened: once is enough
        print(summary_line(reports, elapsed_s), file=sys.stderr)
        for report in failed:
            print(f"  failed: {report.source}: {report.error}", file=sys.stderr)
    return 1 if failed else 0
