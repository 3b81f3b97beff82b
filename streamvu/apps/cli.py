"""The ``streamvu`` command line: ``ask`` questions about a video, ``caption`` a video."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from streamvu.errors import StreamvuError

EXIT_USAGE = 2


def _pipeline_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("video", help="a video file, or sample:bikes / sample:bigbuckbunny / sample:carphone")
    p.add_argument("--fps", type=float, default=1.0, help="frames sampled per second of video (default 1)")
    p.add_argument("--backend", default="auto", help="decoder: auto, pyav, decord or opencv")
    p.add_argument("--model", default="embedded", help="answer model (default: embedded)")
    p.add_argument("--keep-ratio", type=float, default=0.5, help="fraction of visual tokens kept by pruning")
    p.add_argument("--no-progress", action="store_true", help="hide progress bars")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="streamvu", description="Ask questions about a video and caption it.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command")

    ask = sub.add_parser("ask", help="answer a question about the video as seen up to a moment")
    _pipeline_args(ask)
    ask.add_argument("question", help="the question, in quotes")
    ask.add_argument("--at", type=float, default=None, help="ask at this second of the video (default: the end)")
    ask.add_argument("--mode", default="auto", choices=["auto", "now", "past", "future"])
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")

    cap = sub.add_parser("caption", help="write timestamped captions of the video")
    _pipeline_args(cap)
    cap.add_argument("--segment", type=float, default=5.0, help="seconds per caption (default 5)")
    cap.add_argument("--format", default="srt", choices=["srt", "vtt", "json"])
    cap.add_argument("-o", "--output", default=None, help="output file (default: ./VIDEO_NAME.FORMAT)")
    return parser


def _make_pipeline(args: argparse.Namespace):
    from streamvu.pipeline.engine import Pipeline, PipelineConfig
    from streamvu.pipeline.query import QueryConfig

    config = PipelineConfig(
        fps=args.fps, backend=args.backend, answerer=args.model, query=QueryConfig(keep_ratio=args.keep_ratio)
    )
    return Pipeline(config)


def _check_video(source: str) -> str:
    from streamvu.apps.samples import resolve_source
    from streamvu.errors import SourceError

    path = resolve_source(source)
    if "://" not in path and not Path(path).exists():
        raise SourceError(f"no such video file: {path}")
    return path


def cmd_ask(args: argparse.Namespace) -> int:
    from streamvu.errors import QuestionError

    if not args.question.strip():
        raise QuestionError("the question is empty")
    video = _check_video(args.video)
    pipeline = _make_pipeline(args)
    pipeline.ingest(video, until=args.at, progress=not args.no_progress)
    stream = None if args.json else (lambda piece: print(piece, end="", flush=True))
    answer = pipeline.ask(args.question, at=args.at, mode=args.mode, on_token=stream)
    if args.json:
        print(json.dumps({
            "question": answer.question.text, "asked_at": answer.question.asked_at, "mode": answer.mode,
            "answer": answer.text,
            "evidence": [{"start": e.start, "end": e.end, "trace": e.trace} for e in answer.evidence],
            "tokens": {"kept": answer.kept_tokens, "total": answer.total_tokens},
            "latency_s": round(answer.latency, 3), "time_to_first_token_s": round(answer.time_to_first_token, 3),
        }, indent=2))
        return 0
    print()
    print(f"[{answer.mode} question at {answer.question.asked_at:.1f}s; "
          f"{answer.kept_tokens}/{answer.total_tokens} visual tokens kept; {answer.latency:.2f}s]")
    for e in answer.evidence:
        print(f"  evidence {e.start:6.1f}s - {e.end:6.1f}s: {e.trace}")
    return 0


def cmd_caption(args: argparse.Namespace) -> int:
    from streamvu.apps.captioning import CaptionConfig, caption_meta, caption_video, render, write_atomic

    config = CaptionConfig(segment_s=args.segment)
    video = _check_video(args.video)
    pipeline = _make_pipeline(args)
    captions = caption_video(pipeline, video, config, progress=not args.no_progress)
    text = render(captions, args.format, caption_meta(pipeline, video, config))
    output = Path(args.output) if args.output else Path.cwd() / f"{Path(video).stem}.{args.format}"
    write_atomic(output, text)
    print(text)
    print(f"wrote {len(captions)} captions to {output}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from streamvu import __version__

        print(f"streamvu {__version__}")
        return 0
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    handler = {"ask": cmd_ask, "caption": cmd_caption}[args.command]
    try:
        return handler(args)
    except (StreamvuError, ValueError) as exc:
        print(f"streamvu {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
