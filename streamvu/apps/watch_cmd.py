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
BACKOFF = (0.5, 8.0)  # seconds: first and longest wait between attempts to reach a live source


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(NAME, help="ingest a stream and answer questions from stdin while it runs")
    add_pipeline_args(p, quiet_flags=True)
    p.add_argument(
        "--fast",
        action="store_true",
        help="read a file as fast as it decodes instead of replaying it in real time like a camera",
    )
    p.add_argument(
        "--speed",
        type=bounded(0.01, 1000, what="the replay speed"),
        default=1.0,
        help="replay speed of a file (default 1: real time)",
    )
    p.add_argument(
        "--timeout",
        type=bounded(0, 3600, above=True, what="seconds"),
        default=10.0,
        metavar="SECONDS",
        help="stream URLs and webcams: seconds to wait for data before reconnecting (default 10)",
    )
    p.add_argument(
        "--reconnect-for",
        type=seconds,
        default=30.0,
        metavar="SECONDS",
        help="stream URLs and webcams: keep trying to reach the source for this long, at the start and "
        "after it drops, before giving up with exit status 1 (default 30)",
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


def reconnect_attempts(span: float, backoff: tuple[float, float] = BACKOFF) -> int:
    """Re-open attempts whose waits (``backoff``: first and longest, doubling) add up to ``span`` seconds."""
    attempts, waited, delay = 0, 0.0, backoff[0]
    while waited < span:
        attempts += 1
        waited += delay
        delay = min(backoff[1], delay * 2)
    return attempts


class StreamLost(Exception):
    """A live source that could not be reached, or came back too late, within ``--reconnect-for``."""


def open_live_source(source: str | int, args: argparse.Namespace):
    """Open a stream URL or webcam under the ``--reconnect-for`` policy: a URL down at the start is
    tried again (backing off) for that long; once open, a drop reconnects for about as long again."""
    import time

    from streamvu.errors import SourceError
    from streamvu.ingest import open_video

    started, delay = time.monotonic(), BACKOFF[0]
    while True:
        try:
            return open_video(
                source,
                args.backend,
                queue_size=8,
                timeout=args.timeout,
                reconnect=reconnect_attempts(args.reconnect_for),
            )
        except SourceError as exc:
            if isinstance(source, int):  # no such camera: a wrong index, not a network that is down
                raise
            if time.monotonic() - started + delay > args.reconnect_for:
                raise StreamLost(
                    f"cannot reach {source} (tried for {time.monotonic() - started:.0f} s; --reconnect-for "
                    f"sets how long): {_plain(exc)}"
                ) from None
            time.sleep(delay)
            delay = min(BACKOFF[1], delay * 2)


def run(args: argparse.Namespace) -> int:
    from streamvu.apps.preflight import check_cache_dir, check_disk_cache, probe_video, sampling_note

    info = None
    if args.video.isdigit():
        source: str | int = int(args.video)
    else:
        info = probe_video(args.video, args.backend, args.frame_fps, args.time_offset)
        source = info.source if info is not None else args.video
    note = sampling_note(args, info)
    check_disk_cache(args.disk_cache)
    check_cache_dir()
    if info is None and args.speed != 1.0:
        raise ValueError(f"--speed applies to video files, not to the live source {args.video}")
    if note:  # a correction of what was asked: said with -q too
        print(f"streamvu {NAME}: {note}", file=sys.stderr)
    try:
        return _watch(args, source, live=info is None)
    except StreamLost as exc:
        print(f"streamvu {NAME}: error: {exc}", file=sys.stderr, flush=True)
        return 1


def _watch(args: argparse.Namespace, source: str | int, live: bool) -> int:
    """Ingest ``source`` while the questions on stdin are answered; see the module docstring."""
    from streamvu.pipeline.stream import Stream, StreamConfig

    pipeline = make_pipeline(args)
    config = StreamConfig(
        pipeline=pipeline.config, realtime=not args.fast, speed=args.speed, source_timeout_s=args.timeout
    )
    answers = _Answers()
    stream = Stream(open_live_source(source, args) if live else source, config, pipeline=pipeline)
    lines = _read_in_background(sys.stdin)
    try:
        _ask_each_line(args, stream, lines, answers, live)
        answers.wait()
        if live:  # nothing to finish; a stream waiting for a reconnect is cut after 2 s
            stream.close(timeout=2.0)
        stream.join()
        if answers.output.closed:  # the reader of the answers went away (``| head -1``)
            raise BrokenPipeError
        if stream.error is not None:
            _stream_failed(args, stream, live)
            return 1
    except KeyboardInterrupt:  # answers not started are dropped; the one being generated is abandoned
        stream.close(cancel=True, timeout=0.5)
        raise
    finally:
        stream.close()
    return 1 if answers.failures else 0


def _read_in_background(stdin):
    """A queue the lines of ``stdin`` arrive on (see :func:`_pump_lines`), filled by a daemon thread."""
    import queue

    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=_pump_lines, args=(stdin, lines), name="streamvu-stdin", daemon=True)
    reader.start()
    return lines


def _ask_each_line(args: argparse.Namespace, stream, lines, answers: _Answers, live: bool) -> None:
    """Ask each line's question until the input ends, the reader of the answers goes away, or a live
    stream ends (or a stream is lost)."""
    import queue

    while not answers.output.closed:
        try:
            raw = lines.get(timeout=0.2)
        except queue.Empty:
            if _nothing_more_to_answer(args, stream, live):
                break
            continue
        if raw is None:  # end of input
            break
        answers.ask(stream, raw, within=args.within)


def _nothing_more_to_answer(args: argparse.Namespace, stream, live: bool) -> bool:
    """A live stream that ended or was lost has nothing more to answer from: stop waiting for input (a
    file that played to its end still answers questions about it)."""
    if (live or stream.error is not None) and not stream.ingesting:
        if stream.error is None and not args.no_progress:
            print(f"streamvu {NAME}: the stream ended", file=sys.stderr, flush=True)
        return True
    return False


def _stream_failed(args: argparse.Namespace, stream, live: bool) -> None:
    """A live stream lost for good raises StreamLost; a file that could not be read to its end is said."""
    if live:
        raise StreamLost(
            f"the stream was lost and did not come back within {args.reconnect_for:g} s "
            f"(--reconnect-for): {_plain(stream.error)}"
        )
    print(
        f"streamvu watch: error: the video could not be read to its end: {_plain(stream.error)}",
        file=sys.stderr,
    )


class _Answers:
    """The questions asked and their answers printed as they finish (one at a time), each refused line
    and failed question counted in ``failures``."""

    def __init__(self) -> None:
        self.output = Output()
        self.failures = 0
        self.futures: list[Future] = []
        self._printing = threading.Lock()

    def ask(self, stream, raw: str | QuestionError, within: float | None) -> None:
        """Ask the question of one input line (``@SECONDS question`` or a plain one); a line that is not
        a question is refused."""
        from streamvu.errors import StreamvuError

        if isinstance(raw, QuestionError):
            self.refuse("", raw)
            return
        try:
            at, text = parse_line(raw)
        except QuestionError as exc:
            self.refuse("", exc)
            return
        if not text:
            return
        try:
            future = stream.ask_async(text, at=at, within=within)
        except StreamvuError as exc:
            self.refuse(text, exc)
            return
        future.add_done_callback(self.report)
        self.futures.append(future)

    def refuse(self, line: str, exc: Exception) -> None:
        with self._printing:
            self.failures += 1
            self.output.say(f"[{line}] error: {_plain(exc)}" if line else f"error: {_plain(exc)}")

    def report(self, future: Future) -> None:
        with self._printing:
            try:
                self.output.say(format_answer(future.result()))
            except Exception as exc:  # one failed question never stops the others
                self.failures += 1
                self.output.say(f"  error: {_plain(exc)}")

    def wait(self) -> None:
        """Until every question asked is answered (or failed)."""
        for future in self.futures:
            try:
                future.result()
            except Exception:
                pass  # already reported by its callback


def _plain(exc: BaseException) -> str:
    from streamvu.apps.failures import describe

    return describe(exc)


def _pump_lines(stdin, lines) -> None:
    """Put the lines of ``stdin`` (see :func:`read_lines`) on ``lines``, then None; a closed stdin
    (``0<&-``: ``sys.stdin`` is None) is an empty input."""
    try:
        if stdin is not None:
            for line in read_lines(stdin):
                lines.put(line)
    except (OSError, ValueError):  # stdin closed under us: the input has ended
        pass
    finally:
        lines.put(None)


class Output:
    """Standard output for answers; after a broken pipe (the reader went away) it says nothing more
    and ``closed`` is True."""

    def __init__(self) -> None:
        self.closed = False

    def say(self, text: str) -> None:
        if self.closed:
            return
        try:
            print(text, flush=True)
        except (BrokenPipeError, ValueError):
            self.closed = True
        except OSError as exc:
            import errno

            if exc.errno != errno.EPIPE:
                raise
            self.closed = True
