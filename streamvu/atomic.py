"""Atomic file writes: readers (other threads or processes) see the old file or the new one,
never half of one, and a crash mid-write leaves no partial file behind.

A process that must end at once (Ctrl-C, see :mod:`streamvu.apps.interrupts`) calls
:func:`quiesce` first: it waits for the writes in progress and holds back new ones, so the exit
falls between two writes and leaves no temporary file either.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TextIO

_writes = threading.Condition()
_active = 0
_closing = False


def atomic_write(path: str | os.PathLike, write: Callable[[BinaryIO], object], fsync: bool = False) -> Path:
    """Call ``write(fh)`` on a temporary file beside ``path``, then rename it over ``path``.

    fsync: flush the data to disk before the rename (for caches that must survive a power loss).
    """
    global _active
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _writes:
        while _closing:  # the process is ending: this write never starts
            _writes.wait()
        _active += 1
    tmp = path.parent / f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp"
    try:
        with open(tmp, "wb") as fh:
            write(fh)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        if exc.filename is None:  # e.g. "No space left on device": say where
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    finally:
        tmp.unlink(missing_ok=True)
        with _writes:
            _active -= 1
            _writes.notify_all()
    return path


def quiesce(timeout: float = 2.0) -> bool:
    """Hold back new writes for the rest of the process and wait up to ``timeout`` seconds for those in
    progress to finish; True when none is left. Only for a process about to exit."""
    global _closing
    with _writes:
        _closing = True
        return _writes.wait_for(lambda: _active == 0, timeout)


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    return atomic_write(path, lambda fh: fh.write(text.encode("utf-8")))


def append_line(fh: TextIO | BinaryIO, line: str) -> None:
    """Append ``line`` and a newline (UTF-8) to ``fh``, a file opened for appending, straight to disk.

    All of it or none of it: when the write fails part way (a full disk, a file size limit) the
    file is cut back to its previous length before the error is raised, so it never ends in half a
    line. Bytes go through the file descriptor, not ``fh``'s buffer (nothing is left in it to be
    flushed later).
    """
    fh.flush()
    fd = fh.fileno()
    start = os.lseek(fd, 0, os.SEEK_END)
    data = memoryview((line + "\n").encode("utf-8"))
    try:
        while data:
            data = data[os.write(fd, data) :]
    except OSError as exc:
        os.truncate(fd, start)
        name = getattr(fh, "name", None)
        if exc.filename is None and isinstance(name, str):
            raise OSError(exc.errno, exc.strerror, name) from exc
        raise
