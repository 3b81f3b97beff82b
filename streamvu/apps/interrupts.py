"""Ctrl-C and SIGTERM for a command-line program: one exception, one line, exit status 130.

Inside :class:`InterruptGuard`, SIGINT and SIGTERM both raise :class:`Interrupted` (a
``KeyboardInterrupt``) in the main thread, so ``finally`` blocks and ``with`` exits run as the
program unwinds. With ``grace_s`` set, the process also ends by itself ``grace_s`` seconds after
the signal if the main thread is still busy (stuck in native code, or waiting for worker threads
that cannot be stopped), and a second signal ends it at once; both print the guard's line first.
Only a program's entry point should set ``grace_s``: it ends the whole process. Ending it goes
through ``os._exit`` after atomic writes in progress finish (:func:`streamvu.atomic.quiesce`), so no
file is cut in half and no native thread (decoders, BLAS pools) can abort an interpreter shutdown
("terminate called without an active exception").
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from types import FrameType

from streamvu.atomic import quiesce

EXIT_INTERRUPTED = 130
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class InterruptGuard:
    """Context manager: SIGINT/SIGTERM raise :class:`Interrupted`; the previous handlers come back on exit.

    line: what :meth:`announce` prints (once) to stderr; may be changed while the guard is active.
    grace_s: None (default) only raises; a number also ends the process (status 130) that many
        seconds after the first signal, or at once on a second one.
    Outside the main thread the guard does nothing (Python delivers signals to the main thread only).
    """

    def __init__(self, line: str, grace_s: float | None = None) -> None:
        self.line = line
        self.grace_s = grace_s
        self.fired = False
        self.signum: int | None = None
        self._announced = False
        self._lock = threading.Lock()
        self._previous: dict[int, object] = {}

    def __enter__(self) -> InterruptGuard:
        if threading.current_thread() is threading.main_thread():
            for sig in SIGNALS:
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous.clear()

    def check(self) -> None:
        """Raise :class:`Interrupted` if a signal came: its own exception is lost when it lands in code
        whose exceptions Python ignores (a weakref or ``__del__`` callback of a thread pool)."""
        if self.fired and self.signum is not None:
            raise Interrupted(self.signum)

    def announce(self) -> None:
        """Print :attr:`line` to stderr, the first time only."""
        with self._lock:
            if self._announced:
                return
            self._announced = True
        try:
            sys.stderr.write(self.line + "\n")
            sys.stderr.flush()
        except (OSError, ValueError):  # stderr closed or a broken pipe: nothing more to say
            pass

    def exit_now(self) -> None:
        """Announce, flush what was printed, wait (briefly) for atomic writes in progress, and end the
        process with status 130 (no interpreter shutdown)."""
        self.announce()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        quiesce(timeout=2.0)
        os._exit(EXIT_INTERRUPTED)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.fired and self.grace_s is not None:
            self.exit_now()
        if not self.fired:
            self.fired, self.signum = True, signum
            if self.grace_s is not None:
                timer = threading.Timer(self.grace_s, self.exit_now)
                timer.daemon = True
                timer.start()
        raise Interrupted(signum)
