"""The ``streamvu`` command line. Each subcommand lives in its own module with
``NAME``, ``add_parser(subparsers)`` and ``run(args) -> exit code``; list it in ``COMMANDS``.

Every failure ends in one line on stderr, ``streamvu CMD: error: ...``, and a non-zero status:
2 for bad arguments or input (found before any model loads where possible), 1 for a failure while
running (a full disk, a read error, a stream lost) and for an internal error (a bug: ``streamvu CMD:
internal error: ...``, the traceback with ``STREAMVU_TRACEBACK=1``;
:func:`~streamvu.apps.failures.is_bad_input` says which ``ValueError`` is bad input), 130 for Ctrl-C
or SIGTERM (from the first moment the program runs its own code), 141 when the reader of its output
went away (``| head -1``; nothing is printed then). A command module may set ``INTERRUPT_GRACE_S``
(seconds, or a function of the parsed arguments giving them): after a signal the program then ends
within that time even when threads it cannot stop are still busy (see
:mod:`streamvu.apps.interrupts`); and ``INTERRUPTED``, the line printed then (default "interrupted").
"""

from __future__ import annotations

import os
import signal
import sys


def _early_interrupt(signum, frame) -> None:  # noqa: ANN001 - a signal handler
    word = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1].isalpha() else ""
    try:
        os.write(2, f"streamvu{' ' + word if word else ''}: interrupted\n".encode())
    finally:
        os._exit(130)


# The program (the ``streamvu`` script), until main() puts its guard in place: Ctrl-C or SIGTERM while
# it starts ends it at once, status 130, one line, no traceback. Imported as a library: nothing.
if os.path.basename(sys.argv[0] if sys.argv else "") == "streamvu":
    for _sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(_sig, _early_interrupt)

import argparse  # noqa: E402
import errno  # noqa: E402
import importlib  # noqa: E402
import traceback  # noqa: E402

from streamvu.apps.failures import describe, is_bad_input  # noqa: E402
from streamvu.apps.interrupts import EXIT_INTERRUPTED, InterruptGuard  # noqa: E402
from streamvu.errors import StreamvuError  # noqa: E402

EXIT_USAGE = 2
EXIT_FAILED = 1
EXIT_BROKEN_PIPE = 141  # as a shell reports a program ended by SIGPIPE
QUIET_FLAGS = {"-q", "--quiet", "--no-progress"}
COMMANDS = (
    "streamvu.apps.ask_cmd",
    "streamvu.apps.caption_cmd",
    "streamvu.apps.watch_cmd",
    "streamvu.apps.demo_cmd",
    "streamvu.apps.eval_cmd",
    "streamvu.apps.doctor_cmd",
)


class OneLineParser(argparse.ArgumentParser):
    """argparse whose errors are one line, ``PROG: error: MESSAGE``, with exit status 2."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def command_names() -> dict[str, str]:
    """{command name: module} without importing the modules (``streamvu.apps.ask_cmd`` is ``ask``)."""
    return {m.rpartition(".")[2].removesuffix("_cmd"): m for m in COMMANDS}


def build_parser(only: str | None = None) -> tuple[argparse.ArgumentParser, dict]:
    """The parser with every command, or with only the command ``only`` (the others' modules, and
    what they import, are then never loaded: a bad argument is refused in a fraction of a second)."""
    parser = OneLineParser(
        prog="streamvu",
        description="Watch a video or live stream and answer questions about it at any moment; "
        "caption videos, run the live demo, evaluate on streaming benchmarks.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command")
    handlers = {}
    for name in COMMANDS if only is None else (command_names()[only],):
        module = importlib.import_module(name)
        module.add_parser(sub)
        handlers[module.NAME] = module
    return parser, handlers


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns its exit status. Called without ``argv`` (as the program), an
    interrupted command with ``INTERRUPT_GRACE_S`` ends the process itself, with status 130."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    given = sys.argv[1:] if argv is None else list(argv)
    program = argv is None
    if program and QUIET_FLAGS & set(given):  # before the libraries that read it are imported
        from streamvu.apps.common import quiet_libraries

        quiet_libraries(environment=True)
    if given[:1] == ["--version"]:  # nothing else to load
        return _print_version()
    named = _named_command(given)
    if program:  # the program: its own log lines (a caller of main() keeps its logging setup)
        from streamvu.apps.common import configure_logging

        configure_logging(quiet=bool(QUIET_FLAGS & set(given)))
    guard = InterruptGuard(f"streamvu {named}: interrupted" if named else "streamvu: interrupted")
    command = None
    with guard:
        try:
            parser, handlers = build_parser(named)
            args = parser.parse_args(given)
            if args.version:
                return _print_version()
            if args.command is None:
                parser.print_help()
                return EXIT_USAGE
            command = args.command
            module = handlers[command]
            _prepare(module, args, guard, program)
            status = module.run(args)
            guard.check()  # a signal whose exception was swallowed still ends the run as interrupted
            return status
        except (KeyboardInterrupt, Exception) as exc:
            return _exit_status(exc, command, guard)


def _print_version() -> int:
    from streamvu import __version__

    print(f"streamvu {__version__}")
    return 0


def _named_command(given: list[str]) -> str | None:
    """The command's name when it comes first: known before its parser is built, so that only that
    command's module is loaded."""
    words = [a for a in given if not a.startswith("-")]
    return words[0] if words and words[0] in command_names() and given[0] == words[0] else None


def _prepare(module, args: argparse.Namespace, guard: InterruptGuard, program: bool) -> None:
    """Before a command runs: the line its interruption prints, the grace the program gives it to end
    (see ``INTERRUPT_GRACE_S``), and quiet libraries with ``--no-progress``."""
    # after a progress bar the cursor sits mid-line: start the line on a fresh one
    fresh = "" if getattr(args, "no_progress", False) else "\n"
    guard.line = f"{fresh}streamvu {args.command}: {getattr(module, 'INTERRUPTED', 'interrupted')}"
    if program:
        grace = getattr(module, "INTERRUPT_GRACE_S", None)
        guard.grace_s = grace(args) if callable(grace) else grace
    if getattr(args, "no_progress", False):
        from streamvu.apps.common import quiet_libraries

        quiet_libraries()


def _exit_status(exc: BaseException, command: str | None, guard: InterruptGuard) -> int:
    """What a command's exception ends in (see the module docstring), said in one line where it says
    anything: Ctrl-C 130, a reader gone 141 (silently), bad input 2, a failure while running 1, a bug 1."""
    if isinstance(exc, KeyboardInterrupt):
        guard.announce()
        if guard.grace_s is not None:
            guard.exit_now()
        return EXIT_INTERRUPTED
    if isinstance(exc, BrokenPipeError):  # the reader of the output went away (``| head -1``): end quietly
        _drop_stdout()
        return EXIT_BROKEN_PIPE
    if isinstance(exc, (StreamvuError, ValueError)):
        if not is_bad_input(exc):  # a ValueError from inside the pipeline: not the user's input
            return _internal(command, exc, guard)
        _say(command, describe(exc))
        return EXIT_USAGE
    if isinstance(exc, OSError):
        if exc.errno == errno.EPIPE:
            _drop_stdout()
            return EXIT_BROKEN_PIPE
        _say(command, describe(exc))
        return EXIT_FAILED
    return _internal(command, exc, guard)  # a bug: one line here, the traceback with STREAMVU_TRACEBACK=1


def _internal(command: str | None, exc: BaseException, guard: InterruptGuard) -> int:
    """An internal error (not bad input, not one of our own errors): one line and status 1, or the
    traceback with ``STREAMVU_TRACEBACK=1``."""
    if guard.fired:  # a signal inside native code came out as another error (numpy's import)
        guard.announce()
        if guard.grace_s is not None:
            guard.exit_now()
        return EXIT_INTERRUPTED
    prog = f"streamvu {command}" if command else "streamvu"
    try:
        if os.environ.get("STREAMVU_TRACEBACK", "") not in ("", "0"):
            traceback.print_exception(exc, file=sys.stderr)
            print(f"{prog}: internal error: {describe(exc)}", file=sys.stderr, flush=True)
        else:
            print(
                f"{prog}: internal error: {describe(exc)} (rerun with STREAMVU_TRACEBACK=1 for the traceback)",
                file=sys.stderr,
                flush=True,
            )
    except (OSError, ValueError):  # stderr closed: nowhere to say it
        pass
    return EXIT_FAILED


def _say(command: str | None, message: object) -> None:
    prog = f"streamvu {command}" if command else "streamvu"
    text = " ".join(str(message).split()) or "failed"
    try:
        print(f"{prog}: error: {text}", file=sys.stderr, flush=True)
    except (OSError, ValueError):  # stderr closed: nowhere to say it
        pass


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush of what is still
    buffered does not fail again ("Exception ignored ... BrokenPipeError")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
