"""``streamvu eval ovbench|ovobench --annotations PATH... --videos DIR``: streaming benchmark runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import get_args

from streamvu.apps.common import PipelineSpec, add_pipeline_args, bounded, make_pipeline, positive_seconds
from streamvu.apps.executors.options import add_executor_args, make_executor, options_from_args
from streamvu.messages import ChoiceScoring

NAME = "eval"
# predictions are flushed line by line: ending the process a second after Ctrl-C loses none
INTERRUPT_GRACE_S = 1.0
INTERRUPTED = "interrupted; run the same command with --resume to keep the predictions so far"


def add_parser(sub: argparse._SubParsersAction) -> None:
    from streamvu.apps.eval import BENCHMARKS

    p = sub.add_parser(NAME, help="run a streaming benchmark (OVBench, OVO-Bench) and report accuracy")
    benches = p.add_subparsers(dest="benchmark", metavar="BENCHMARK")
    benches.required = True
    for name in BENCHMARKS:
        b = benches.add_parser(name, help=f"{name}: stream each video to each question's time and answer it")
        _add_input_args(b)
        if name == "ovbench":
            _add_protocol_args(b)
        _add_selection_args(b)
        _add_output_args(b, name)
        _add_answering_args(b)


def _add_input_args(b: argparse.ArgumentParser) -> None:
    """The annotation files, the video folder and the pipeline options (sampling 2 frames a second)."""
    b.add_argument(
        "--annotations",
        required=True,
        nargs="+",
        metavar="JSON",
        help="the benchmark's official annotation file(s); accuracy is pooled within each file",
    )
    b.add_argument(
        "--videos", required=True, help="folder holding the videos (files or frame folders) they name"
    )
    add_pipeline_args(b, video=False, quiet_flags=True)
    for action in b._actions:  # both benchmarks' streaming settings sample 2 frames per second
        if action.dest == "fps":
            action.default, action.help = 2.0, "frames sampled per second (default 2)"


def _add_protocol_args(b: argparse.ArgumentParser) -> None:
    """OVBench's protocols: whose evaluation to follow, and the sliding window's span."""
    from streamvu.apps.eval.ovbench import DEFAULT_PROTOCOL, PROTOCOLS, WINDOW_FRAMES, WINDOW_S

    b.add_argument(
        "--protocol",
        choices=PROTOCOLS,
        default=DEFAULT_PROTOCOL,
        help="whose prompt, frame range, answer parsing and averaging to use (default "
        f"{DEFAULT_PROTOCOL}: VideoChat-Online's own evaluation)",
    )
    b.add_argument(
        "--window",
        type=positive_seconds,
        default=WINDOW_S,
        metavar="S",
        help=f"sliding-window protocol: seconds of video before each question (default {WINDOW_S:g})",
    )
    b.add_argument(
        "--window-frames",
        type=bounded(1, 100_000, integer=True, what="frames"),
        default=WINDOW_FRAMES,
        metavar="N",
        help=f"sliding-window protocol: at most N frames per window (default {WINDOW_FRAMES})",
    )


def _add_selection_args(b: argparse.ArgumentParser) -> None:
    """Which questions to ask."""
    b.add_argument("--tasks", nargs="+", default=None, help="only these task types / subtasks / files")
    b.add_argument(
        "--limit",
        type=bounded(1, integer=True, what="questions"),
        default=None,
        help="only the first N questions (annotation order)",
    )


def _add_output_args(b: argparse.ArgumentParser, name: str) -> None:
    """The predictions and report files, resuming or replacing them, and the exit status."""
    from streamvu.apps.eval.ovbench import DEFAULT_PROTOCOL

    default_name = (
        f"{name}-{DEFAULT_PROTOCOL}-predictions.jsonl" if name == "ovbench" else f"{name}-predictions.jsonl"
    )
    b.add_argument(
        "--output",
        default=None,
        help=f"predictions JSONL (default: {default_name}"
        + (", named after --protocol)" if name == "ovbench" else ")"),
    )
    again = b.add_mutually_exclusive_group()
    again.add_argument(
        "--resume", action="store_true", help="keep the predictions already in --output and add the rest"
    )
    again.add_argument(
        "--overwrite", action="store_true", help="replace an existing --output (and --report) file"
    )
    b.add_argument("--report", default=None, help="also write the summary as JSON here")
    b.add_argument(
        "--allow-missing",
        action="store_true",
        help="exit 0 even when questions were skipped because their videos are missing",
    )


def _add_answering_args(b: argparse.ArgumentParser) -> None:
    """How multiple-choice questions are decided, and how many questions and videos run at once."""
    b.add_argument(
        "--choice-scoring",
        choices=get_args(ChoiceScoring),
        default="auto",
        help="how multiple-choice questions are decided: auto (the answerer's own way: the "
        "offline default scores options against the evidence, a VLM generates), generate "
        "(generate and parse the letter), likelihood (the option the language model finds "
        "most likely)",
    )
    b.add_argument(
        "--concurrency",
        type=bounded(1, 1024, integer=True, what="a number of questions"),
        default=1,
        metavar="N",
        help="questions of one video answered at the same time while its ingest goes on, each from "
        "memory as it was at its time (for --server: the server batches them; default 1)",
    )
    add_executor_args(
        b,
        workers_help="videos evaluated at the same time, each with all its questions: "
        "threads sharing one set of models (local) or Ray actors (default 1)",
    )


def pipeline_spec(args: argparse.Namespace) -> PipelineSpec:
    """What each Ray worker builds."""
    return PipelineSpec.from_args(args)


def load_items(args: argparse.Namespace, bench) -> list:
    """The questions to ask, read and checked before any model loads (ValueError on bad input)."""
    if not Path(args.videos).is_dir():
        raise ValueError(f"no such video folder: {args.videos}")
    if bench.NAME == "ovbench":
        items = bench.load(
            args.annotations,
            args.protocol,
            window=args.window,
            window_frames=args.window_frames,
            videos_dir=args.videos,
        )
    else:
        items = [item for path in args.annotations for item in bench.load(path)]
    check_choices(items)
    items = bench.select(items, args.tasks)
    if not items:
        raise ValueError(f"no questions to ask (tasks: {', '.join(args.tasks or ['all'])})")
    return items[: args.limit] if args.limit is not None else items


def check_choices(items) -> None:
    """ValueError for a multiple-choice question whose options repeat (an answer could then be two
    letters at once): the annotation file is wrong, and its scores would be too."""
    for item in items:
        seen: dict[str, int] = {}
        for i, option in enumerate(item.options):
            key = " ".join(str(option).split()).casefold()
            if key in seen:
                where = f" in {item.source}" if item.source else ""
                raise ValueError(
                    f"question {item.uid}{where} lists the option {option!r} twice (options "
                    f"{seen[key] + 1} and {i + 1}); fix the annotation file"
                )
            seen[key] = i


def default_output(args: argparse.Namespace) -> str:
    """``ovbench-streaming-predictions.jsonl``: each benchmark and protocol its own file."""
    protocol = getattr(args, "protocol", None)
    return (
        f"{args.benchmark}-{protocol}-predictions.jsonl"
        if protocol
        else f"{args.benchmark}-predictions.jsonl"
    )


def check_outputs(args: argparse.Namespace, output: str) -> None:
    """ValueError, before anything runs, when --output or --report would be written over an input
    (an annotation file) or each other, or would replace an earlier file without --resume or
    --overwrite."""
    from streamvu.apps.preflight import check_not_inputs

    outputs = [("--output", output)] + ([("--report", args.report)] if args.report else [])
    for flag, path in outputs:
        if "://" in str(path):
            raise ValueError(
                f"{flag} {path!r}: predictions and reports are written to local files; give a path"
            )
    check_not_inputs(outputs, args.annotations)
    if args.resume or args.overwrite:
        return
    for flag, path in outputs:
        if Path(path).is_file() and Path(path).stat().st_size:
            keep = "--resume to keep its predictions and ask only the rest, or " if flag == "--output" else ""
            raise ValueError(f"{flag} {path!r} already exists; pass {keep}--overwrite to replace it")


def run(args: argparse.Namespace) -> int:
    from streamvu.apps.eval import benchmark

    bench = benchmark(args.benchmark)
    items, output = _check(args, bench)
    executor, pipeline = _prepare(args)
    result = _evaluate(args, bench, items, pipeline, output, executor)
    summary = _summarize(args, bench, result, pipeline, output)
    return _report(args, bench, summary, result, output)


def _log(msg: str) -> None:
    print(f"streamvu eval: {msg}", file=sys.stderr)


def _check(args: argparse.Namespace, bench) -> tuple[list, Path]:
    """(the questions, the predictions file), both checked before any model loads."""
    from streamvu.apps.preflight import check_writable

    output_name = args.output or default_output(args)
    check_outputs(args, output_name)
    items = load_items(args, bench)
    output = check_writable(output_name, folder=False, what="--output")
    if args.report:
        check_writable(args.report, folder=False, what="--report")
    return items, output


def _prepare(args: argparse.Namespace):
    """(the executor, what it runs the questions with): a loaded pipeline for the local executor, the
    recipe for Ray workers (they load the models themselves)."""
    from streamvu.apps.preflight import check_cache_dir, check_disk_cache

    check_disk_cache(args.disk_cache)
    check_cache_dir()
    options = options_from_args(args)
    executor = make_executor(options, on_event=_log)
    pipeline = make_pipeline(args) if options.name == "local" else pipeline_spec(args)
    return executor, pipeline


def _evaluate(args: argparse.Namespace, bench, items: list, pipeline, output: Path, executor):
    from streamvu.apps.eval.runner import run as run_benchmark

    return run_benchmark(
        items,
        args.videos,
        pipeline,
        output,
        resume=args.resume,
        benchmark=bench.NAME,
        progress=not args.no_progress,
        log=_log,
        executor=executor,
        choice_scoring=args.choice_scoring,
        concurrency=args.concurrency,
    )


def _served_model(args: argparse.Namespace, pipeline) -> tuple[str, dict | None]:
    """(the model's name, the tokens the server reported) for the summary: with ``--server`` and the
    pipeline loaded here, the name the server gave and its usage; otherwise ``--model`` and None (Ray
    workers' answerers report to their own processes)."""
    if args.server and not isinstance(pipeline, PipelineSpec):
        from streamvu.answerers.served import ServedAnswerer

        if isinstance(pipeline.answerer, ServedAnswerer):
            return pipeline.answerer.name, pipeline.answerer.usage.as_dict()
    return args.model, None


def _summarize(args: argparse.Namespace, bench, result, pipeline, output: Path) -> dict:
    summary = bench.summarize(result.records)
    model, usage = _served_model(args, pipeline)
    summary.update(
        model=model,
        server=args.server,
        server_usage=usage,
        fps=args.fps,
        predictions=str(output),
        asked=result.answered,
        resumed=result.resumed,
        skipped=result.missing_questions,
        missing_videos=result.missing_videos,
        protocol=getattr(args, "protocol", None) or "ovo-bench",
    )
    return summary


def _report(args: argparse.Namespace, bench, summary: dict, result, output: Path) -> int:
    """Print the scores (and write --report); 1 when questions were skipped without --allow-missing."""
    from streamvu.apps.eval.report import write_json

    print(bench.format_report(summary, model=summary["model"]))
    print(
        f"\n{result.answered} answered now, {result.resumed} from {output}, "
        f"{result.missing_questions} skipped (missing videos); predictions in {output}"
    )
    if args.report:
        write_json(args.report, summary)
    if result.missing_questions and not args.allow_missing:
        print(
            f"streamvu eval: {result.missing_questions} question(s) were skipped because their videos are missing "
            "or unreadable; the scores above leave them out (pass --allow-missing to accept that)",
            file=sys.stderr,
        )
        return 1
    return 0
