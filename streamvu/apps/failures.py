"""What a user reads when something fails: plain words, no Python or FFmpeg internals.

:func:`describe` turns an exception into the one line the command line prints (``OSError`` by its
reason and file with a hint such as "the disk is full"; our own errors by their message); :func:`plain`
takes the library internals out of a message (``[Errno 1094995529]``, ``avcodec_send_packet()``,
``OverflowError:`` prefixes).
"""

from __future__ import annotations

import errno
import re
import traceback

_HINTS = {
    errno.ENOSPC: "the disk is full",
    errno.EFBIG: "the disk is full or a file size limit was hit",
    errno.EROFS: "the folder is read-only",
    errno.EACCES: "no permission",
    errno.EPERM: "no permission",
    errno.EDQUOT: "the disk quota is exceeded",
}
# Python exception names that may lead a message ("SourceError: cannot open ...")
_TYPE_PREFIX = re.compile(r"\b(?:[A-Z][A-Za-z]*(?:Error|Exception|Interrupt)|StopIteration):\s*")
_ERRNO = re.compile(r"\[Errno -?\d+\]\s*")
_NATIVE = re.compile(
    r"\s*\(?\b[a-z_]+\(\)(?: failed)?\)?:?"
)  # "avcodec_send_packet()", "open_input() failed"
_CHECK = re.compile(  # decord's "[16:01:02] src/video/video_reader.cc:151: Check failed: st_nb >= 0"
    r"\s*(?:\[[\d:. ]+\]\s*)?(?:[\w/.\-]+\.(?:cc|cpp|c|h):\d+:\s*)?Check failed:[^\n]*"
)


def os_error_text(exc: OSError) -> str:
    """'No space left on device: /out/file (the disk is full)' rather than ``[Errno 28] ...``."""
    text = exc.strerror or _ERRNO.sub("", str(exc)) or "input/output error"
    if exc.filename is not None:
        text += f": {exc.filename}"
    hint = _HINTS.get(exc.errno)
    return f"{text} ({hint})" if hint and hint not in text else text


def plain(text: str) -> str:
    """``text`` on one line without Python exception names, errno numbers and FFmpeg/decord internals."""
    text = _ERRNO.sub("", str(text))
    text = _CHECK.sub("", text)
    text = _NATIVE.sub("", text)
    text = _TYPE_PREFIX.sub("", text)
    return " ".join(text.split())


def describe(exc: BaseException) -> str:
    """One line saying what went wrong, in plain words (see the module docstring)."""
    if isinstance(exc, OSError) and (exc.strerror or exc.errno):
        return plain(os_error_text(exc))
    text = plain(str(exc))
    if text:
        return text
    return "the operation was interrupted" if isinstance(exc, KeyboardInterrupt) else "an unknown failure"


def is_bad_input(exc: BaseException) -> bool:
    """Whether ``exc`` says the input was wrong (exit status 2) rather than that streamvu failed.

    Our own errors (:class:`~streamvu.errors.StreamvuError`) are; a plain ``ValueError`` is when the
    command line's own code raised it (the innermost streamvu frame is in ``streamvu.apps``: an argument
    or input file checked there) or a settings object refused a value (a streamvu ``__post_init__`` on
    the way, e.g. ``PipelineConfig(fps=-1)``). A ``ValueError`` from inside the running pipeline (numpy,
    torch, or a check deep in memory or a kernel) is an internal error, not bad input.
    """
    from streamvu.errors import StreamvuError

    if isinstance(exc, StreamvuError):
        return True
    if not isinstance(exc, ValueError):
        return False
    modules = [
        (frame.f_globals.get("__name__", ""), frame.f_code.co_name)
        for frame, _ in traceback.walk_tb(exc.__traceback__)
    ]
    ours = [(module, function) for module, function in modules if module.startswith("streamvu.")]
    if any(function == "__post_init__" for _, function in ours):
        return True
    return bool(ours) and ours[-1][0].startswith("streamvu.apps.")
