"""Ctrl-C and SIGTERM for commands that write files: stop within about a second, one line, exit 130.

A plain KeyboardInterrupt unwinds only the main thread: worker threads keep captioning until their
video ends, and native threads (decoders, BLAS pools) still running at interpreter shutdown can abort
the process ("terminate called without an active exception"). :class:`Interrupts` instead prints
one line at the first signal, raises KeyboardInterrupt in the main thread so the job unwinds (open
files closed, temporary files removed), and ends the process with status 130 as soon as the main
thread is out, or ``grace_s`` seconds after the signal at the latest, through :func:`exit_now`,
which never cuts an atomic write in half. A second signal ends it at once.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from types import FrameType, TracebackType

EXIT_INTERRUPTED = 130
SIGNALS = (signal.SIGINT, signal.SIGTERM)


def exit_now(code: int = EXIT_INTERRUPTED) -> None:
    """End the process now with ``code``: flush stdout/stderr, wait (briefly) for atomic writes in
    progress, then ``os._exit`` (no interpreter shutdown, so no native thread can abort it)."""
    from streamvu.atomic import quiesce

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    quiesce(timeout=2.0)
    os._exit(code)


class Interrupts:
    """``with Interrupts("caption", "interrupted; rerun to resume"):`` — see the module docstring.

    Outside the main thread (where signal handlers cannot be installed) it does nothing. ``signalled``
    says whether a signal arrived; without one, a KeyboardInterrupt raised by the code inside passes
    through unchanged.
    """

    def __init__(self, command: str, message: str, grace_s: float = 1.0) -> None:
        self.line = f"streamvu {command}: {message}"
        self.grace_s = grace_s
        self.signalled = False
        self._previous: dict[int, object] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signalled:
            exit_now()
        self.signalled = True
        print(f"\n{self.line}", file=sys.stderr, flush=True)
        timer = threading.Timer(self.grace_s, exit_now)
        timer.daemon = True
        timer.start()
        raise KeyboardInterrupt

    def __enter__(self) -> Interrupts:
        if threading.current_thread() is threading.main_thread():
            for sig in SIGNALS:
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.signalled:
            exit_now()
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
