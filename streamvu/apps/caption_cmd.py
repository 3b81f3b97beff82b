"""``streamvu caption VIDEO``: timestamped captions to stdout and to a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from streamvu.apps.common import add_pipeline_args, check_video, make_pipeline

NAME = "caption"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(NAME, help="write timestamped captions of the video")
    add_pipeline_args(p)
    p.add_argument("--segment", type=float, default=5.0, help="seconds per caption (default 5)")
    p.add_argument("--format", default="srt", choices=["srt", "vtt", "json"])
    p.add_argument("-o", "--output", default=None, help="output file (default: ./VIDEO_NAME.FORMAT)")


def run(args: argparse.Namespace) -> int:
    from streamvu.apps.captioning import CaptionConfig, caption_meta, caption_video, render, write_atomic

    config = CaptionConfig(segment_s=args.segment)
    video = check_video(args.video)
    pipeline = make_pipeline(args)
    captions = caption_video(pipeline, video, config, progress=not args.no_progress)
    text = render(captions, args.format, caption_meta(pipeline, video, config))
    output = Path(args.output) if args.output else Path.cwd() / f"{Path(video).stem}.{args.format}"
    write_atomic(output, text)
    print(text)
    print(f"wrote {len(captions)} captions to {output}", file=sys.stderr)
    return 0
