"""``streamvu eval ovbench|ovobench --annotations PATH --videos DIR``: streaming benchmark runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from streamvu.apps.common import add_pipeline_args, make_pipeline

NAME = "eval"


def add_parser(sub: argparse._SubParsersAction) -> None:
    from streamvu.apps.eval import BENCHMARKS

    p = sub.add_parser(NAME, help="run a streaming benchmark (OVBench, OVO-Bench) and report accuracy")
    benches = p.add_subparsers(dest="benchmark", metavar="BENCHMARK")
    benches.required = True
    for name in BENCHMARKS:
        b = benches.add_parser(name, help=f"{name}: stream each video to each question's time and answer it")
        b.add_argument("--annotations", required=True, help="the benchmark's official annotation JSON")
        b.add_argument("--videos", required=True, help="folder holding the videos the annotations name")
        add_pipeline_args(b, video=False)
        for action in b._actions:  # both benchmarks' streaming settings sample 2 frames per second
            if action.dest == "fps":
                action.default, action.help = 2.0, "frames sampled per second (default 2: OVBench's streaming setting)"
        b.add_argument("--tasks", nargs="+", default=None, help="only these subtasks / task types (names or codes)")
        b.add_argument("--limit", type=int, default=None, help="only the first N questions (annotation order)")
        b.add_argument("--output", default=None, help=f"predictions JSONL (default: {name}_predictions.jsonl)")
        b.add_argument("--resume", action="store_true", help="keep the predictions already in --output")
        b.add_argument("--report", default=None, help="also write the summary as JSON here")
        b.add_argument("--choice-scoring", choices=("auto", "generate", "likelihood"), default="auto",
                       help="how multiple-choice questions are decided: auto (the answerer's own way: the "
                            "offline default scores options against the evidence, a VLM generates), generate "
                            "(generate and parse the letter), likelihood (the option the language model finds "
                            "most likely)")


def run(args: argparse.Namespace) -> int:
    from streamvu.apps.eval import benchmark
    from streamvu.apps.eval.report import write_json
    from streamvu.apps.eval.runner import run as run_benchmark

    bench = benchmark(args.benchmark)
    if args.limit is not None and args.limit < 1:
        raise ValueError("--limit must be >= 1")
    if not Path(args.videos).is_dir():
        raise ValueError(f"no such video folder: {args.videos}")
    items = bench.select(bench.load(args.annotations), args.tasks)
    if not items:
        raise ValueError(f"no questions to ask (tasks: {', '.join(args.tasks or ['all'])})")
    if args.limit is not None:
        items = items[: args.limit]
    output = Path(args.output or f"{bench.NAME}_predictions.jsonl")
    pipeline = make_pipeline(args)
    result = run_benchmark(
        items, args.videos, pipeline, output, resume=args.resume, benchmark=bench.NAME,
        progress=not args.no_progress, log=lambda msg: print(f"streamvu eval: {msg}", file=sys.stderr),
        choice_scoring=args.choice_scoring,
    )
    summary = bench.summarize(result.records)
    summary.update(model=args.model, fps=args.fps, predictions=str(output), asked=result.answered,
                   resumed=result.resumed, skipped=result.missing_questions,
                   missing_videos=result.missing_videos)
    print(bench.format_report(summary, model=args.model))
    print(f"\n{result.answered} answered now, {result.resumed} from {output}, "
          f"{result.missing_questions} skipped (missing videos); predictions in {output}")
    if args.report:
        write_json(args.report, summary)
    return 0
