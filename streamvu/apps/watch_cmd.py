"""``streamvu watch SOURCE``: ingest a stream in the background and answer questions typed (or
piped) on standard input while it runs.

A file is replayed in real time like a camera (``--speed`` to go faster, ``--fast`` to read it as
fast as it decodes). A stream URL (rtsp, rtmp, http(s)/HLS, udp, srt) or a webcam index is read
live and reconnects with backoff when it drops; ``--timeout`` bounds each wait for its data. Each
line is a question asked at the current stream time; ``@SECONDS question`` asks it at that
stream time instead (waiting until the stream gets there); any other line starting with ``@``, and
a line that is not UTF-8, is refused (quoted) while the others go on. Answers print as they finish, with the
time they were asked at and their evidence. At the end of input, streamvu waits for the answers
still pending, then stops (a file is first played to its end; a live source is stopped then).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future

from streamvu.apps.common import add_pipeline_args, bounded, make_pipeline, seconds
from streamvu.errors import QuestionError

NAME = "watch"
INTERRUPT_GRACE_S = 1.0  # nothing is written: end promptly even while an answer is being generated
_AT = re.compile(r"^@(\S*)(?:\s+(.*))?$", re.DOTALL)
AT_USAGE = '"@SECONDS question", e.g. "@12.5 what is on the table?"'


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(NAME, help="ingest a stream and answer questions from stdin while it runs")
    add_pipeline_args(p, quiet_flags=True)
    p.add_argument(
        "--fast",
        action="store_true",
        help="read a file as fast as it decodes instead of replaying it in real time like a camera",
    )
    p.add_argument(
        "--speed", type=bounded(0.01, 1000, what="the replay speed"), default=1.0, help="replay speed of a file (default 1: real time)"
    )
    p.add_argument(
        "--timeout",
        type=bounded(0, 3600, above=True, what="seconds"),
        default=10.0,
        metavar="SECONDS",
        help="stream URLs and webcams: seconds to wait for data before reconnecting (default 10)",
    )
    p.add_argument(
        "--within",
        type=seconds,
        default=None,
        help="future questions: stream seconds to wait for evidence (default 300)",
    )


def parse_line(line: str) -> tuple[float | None, str]:
    """``"@12.5 what is here?"`` -> (12.5, "what is here?"); a plain line -> (None, line).

    A line starting with ``@`` must be a finite time followed by a question: anything else
    (``@abc what?``, ``@3``, ``@nan what?``) raises QuestionError quoting the line.
    """
    text = line.strip()
    match = _AT.match(text)
    if not match:
        return None, text
    when, question = match.group(1), (match.group(2) or "").strip()
    try:
        at = float(when)
    except ValueError:
        raise QuestionError(
            f"refused {text!r}: {when!r} is not a time in seconds; write {AT_USAGE}"
        ) from None
    if not math.isfinite(at):
        raise QuestionError(
            f"refused {text!r}: the time must be a finite number of seconds; write {AT_USAGE}"
        )
    if not question:
        raise QuestionError(f"refused {text!r}: no question after the time; write {AT_USAGE}")
    return at, question


def read_lines(stdin) -> Iterator[str | QuestionError]:
    """The lines of ``stdin`` as text; a line that is not valid UTF-8 comes as a QuestionError instead
    (the lines after it are still read)."""
    source: Iterable = getattr(stdin, "buffer", None) or stdin
    for number, raw in enumerate(source, 1):
        if isinstance(raw, str):
            yield raw
            continue
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield QuestionError(f"refused line {number} of the input: it is not valid UTF-8 text")


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
    from streamvu.apps.preflight import check_feature_cache, probe_video
    from streamvu.errors import StreamvuError
    from streamvu.ingest import is_live_source
    from streamvu.pipeline.stream import Stream, StreamConfig

    if args.video.isdigit():
        source: str | int = int(args.video)
    else:
        info = probe_video(args.video, args.backend, args.frame_fps, args.time_offset)
        source = info.source if info is not None else args.video
    check_feature_cache(args.feature_cache)
    live = is_live_source(source)  # never ends by itself: stopped at the end of input
    if not 0 < args.timeout < float("inf"):
        raise ValueError(f"--timeout must be a positive number of seconds, got {args.timeout}")
    if live and args.speed != 1.0:
        raise ValueError(f"--speed applies to video files, not to the live source {args.video}")
    pipeline = make_pipeline(args)
    config = StreamConfig(
        pipeline=pipeline.config, realtime=not args.fast, speed=args.speed, source_timeout_s=args.timeout
    )
    printing = threading.Lock()
    failures = 0

    def refuse(line: str, exc: Exception) -> None:
        nonlocal failures
        failures += 1
        with printing:
            print(f"[{line}] error: {exc}" if line else f"error: {exc}", flush=True)

    def report(future: Future) -> None:
        nonlocal failures
        with printing:
            try:
                print(format_answer(future.result()), flush=True)
            except Exception as exc:  # one failed question never stops the others
                failures += 1
                print(f"  error: {exc}", flush=True)

    futures = []
    stream = Stream(source, config, pipeline=pipeline)
    try:
        for raw in read_lines(sys.stdin):
            if isinstance(raw, QuestionError):
                refuse("", raw)
                continue
            try:
                at, text = parse_line(raw)
            except QuestionError as exc:
                refuse("", exc)
                continue
            if not text:
                continue
            try:
                future = stream.ask_async(text, at=at, within=args.within)
            except StreamvuError as exc:
                refuse(text, exc)
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
    except KeyboardInterrupt:  # answers not started are dropped; the one being generated is abandoned
        stream.close(cancel=True, timeout=0.5)
        raise
    finally:
        stream.close()
    return 1 if failures else 0
