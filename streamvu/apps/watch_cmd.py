"""``streamvu watch SOURCE``: ingest a stream in the background and answer questions typed (or
piped) on standard input while it runs.

A file is replayed in real time like a camera (``--speed`` to go faster, ``--fast`` to read it as
fast as it decodes). A stream URL (rtsp, rtmp, http(s)/HLS, udp, srt) or a webcam index is read
live and reconnects with backoff when it drops; ``--timeout`` bounds each wait for its data. Each line is a question asked at the current stream time; ``@SECONDS question`` asks it at that
stream time instead (waiting until the stream gets there). Answers print as they finish, with the
time they were asked at and their evidence. At the end of input, streamvu waits for the answers
still pending, then stops (a file is first played to its end; a live source is stopped then).
"""

from __future__ import annotations

import argparse
import re
import sys
import threading
from concurrent.futures import Future

from streamvu.apps.common import add_pipeline_args, check_video, make_pipeline

NAME = "watch"
_AT = re.compile(r"^@\s*(-?\d+(?:\.\d+)?)\s+(.*)$")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(NAME, help="ingest a stream and answer questions from stdin while it runs")
    add_pipeline_args(p)
    p.add_argument("--fast", action="store_true",
                   help="read a file as fast as it decodes instead of replaying it in real time like a camera")
    p.add_argument("--speed", type=float, default=1.0, help="replay speed of a file (default 1: real time)")
    p.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                   help="stream URLs and webcams: seconds to wait for data before reconnecting (default 10)")
    p.add_argument("--within", type=float, default=None,
                   help="future questions: stream seconds to wait for evidence (default 300)")


def parse_line(line: str) -> tuple[float | None, str]:
    """``"@12.5 what is here?"`` -> (12.5, "what is here?"); a plain line -> (None, line)."""
    match = _AT.match(line.strip())
    if match:
        return float(match.group(1)), match.group(2).strip()
    return None, line.strip()


def format_answer(answer) -> str:
    q = answer.question
    when = f"{q.asked_at:.1f}s"
    if answer.answered_at is not None and abs(answer.answered_at - q.asked_at) > 1e-6:
        when += f", answered at {answer.answered_at:.1f}s"
    lines = [f"[{answer.mode}, asked at {when}] {q.text}", f"  {answer.text or '(no text)'}"]
    if answer.status != "answered":
        lines[0] += f" ({answer.status})"
    lines += [f"  evidence {e.start:6.1f}s - {e.end:6.1f}s: {e.trace}" for e in answer.evidence]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from streamvu.errors import StreamvuError
    from streamvu.ingest import is_live_source
    from streamvu.pipeline.stream import Stream, StreamConfig

    source = check_video(args.video, args.frame_fps) if not args.video.isdigit() else int(args.video)
    live = is_live_source(source)  # never ends by itself: stopped at the end of input
    if not 0 < args.timeout < float("inf"):
        raise ValueError(f"--timeout must be a positive number of seconds, got {args.timeout}")
    if live and args.speed != 1.0:
        raise ValueError(f"--speed applies to video files, not to the live source {args.video}")
    pipeline = make_pipeline(args)
    config = StreamConfig(pipeline=pipeline.config, realtime=not args.fast, speed=args.speed,
                          source_timeout_s=args.timeout)
    printing = threading.Lock()
    failures = 0

    def report(future: Future) -> None:
        nonlocal failures
        with printing:
            try:
                print(format_answer(future.result()), flush=True)
            except Exception as exc:  # one failed question never stops the others
                failures += 1
                print(f"  error: {exc}", flush=True)

    futures = []
    with Stream(source, config, pipeline=pipeline) as stream:
        for raw in sys.stdin:
            at, text = parse_line(raw)
            if not text:
                continue
            try:
                future = stream.ask_async(text, at=at, within=args.within)
            except StreamvuError as exc:
                failures += 1
                with printing:
                    print(f"[{text}] error: {exc}", flush=True)
                continue
            future.add_done_callback(report)
            futures.append(future)
        for future in futures:
            try:
                future.result()
            except Exception:
                pass  # already reported by its callback
        if live:  # nothing to finish; a stream waiting for a reconnect is cut after 2 s
            stream.close(timeout=2.0)
        stream.join()
        if stream.error is not None:
            print(f"streamvu watch: the stream failed: {stream.error}", file=sys.stderr)
            return 1
    return 1 if failures else 0
