"""Checks that need no model, run by the commands before any model loads.

A bad question, video, time or output path is reported in one line within a fraction of a
second, instead of after the ~6 s model load (or after the first captioned segment). Each check
raises :class:`~streamvu.errors.StreamvuError` or ``ValueError``; the command line turns either
into ``streamvu CMD: error: ...`` with exit status 2.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from streamvu.errors import QuestionError, SourceError
from streamvu.ingest import VideoInfo, open_video
from streamvu.ingest.backends import is_camera, is_live_source
from streamvu.ingest.samples import resolve_source
from streamvu.pipeline.engine import check_time_in_video
from streamvu.pipeline.query import QueryConfig, check_text


def check_question(text: str, mode: str = "auto", max_chars: int | None = None) -> str:
    """The question stripped; QuestionError when it is empty, not valid UTF-8, too long or of an unknown mode.

    max_chars: default ``QueryConfig().max_question_chars`` (the limit the pipeline applies).
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes arrive as lone surrogates (surrogateescape)
        raise QuestionError(
            "the question is not valid UTF-8 text; check the terminal's or file's encoding"
        ) from None
    check_text(text, mode, QueryConfig().max_question_chars if max_chars is None else max_chars)
    return text.strip()


def probe_video(
    source: str, backend: str = "auto", frame_fps: float | None = None, time_offset: float = 0.0
) -> VideoInfo | None:
    """Open a local video file (or folder of frames, given ``frame_fps``) just long enough to read
    its header and first frame; None for live sources.

    Resolves ``sample:NAME``. Raises SourceError for a missing, unreadable, empty or non-video file,
    or one without a video stream (e.g. audio only). Live URLs and cameras are not opened here:
    reaching them is the stream's job (with timeouts and reconnects).
    """
    path = resolve_source(source)
    if is_camera(path) or is_live_source(path):
        return None
    if os.path.isfile(path) and not os.access(path, os.R_OK):
        raise SourceError(f"cannot read {path!r}: permission denied")
    folder = {"frame_fps": frame_fps, "time_offset": time_offset} if os.path.isdir(path) else {}
    with open_video(path, backend="pyav" if backend == "auto" else backend, **folder) as video:
        return video.info


def check_at(at: float | None, info: VideoInfo | None) -> None:
    """QuestionError when ``at`` is negative or past the end of the probed video."""
    if at is None:
        return
    if info is None:
        if at < 0:
            raise QuestionError(f"time {at} s is negative")
        return
    check_time_in_video(at, info)


def check_feature_cache(setting: str | None) -> None:
    """ValueError when ``--feature-cache DIR`` names something that is not (and cannot become) a folder."""
    if setting is None or str(setting).strip().lower() in ("", "auto"):
        return
    check_writable(setting, folder=True, what="--feature-cache")


def check_writable(path: str | os.PathLike, *, folder: bool, what: str = "output") -> Path:
    """Make sure ``path`` can be written before any work is done; returns it as a Path.

    folder: ``path`` is a folder to write files into (created later if missing); else a file
    (replaced if present). The nearest existing folder is probed by creating and removing a
    temporary file in it, so read-only file systems, permissions and full quotas are all caught
    (a permission check alone says yes to root). ValueError names the path and the reason.
    """
    path = Path(path).expanduser()
    if path.exists():
        if folder and not path.is_dir():
            raise ValueError(f"{what} {str(path)!r} is a file, not a folder")
        if not folder and path.is_dir():
            raise ValueError(f"{what} {str(path)!r} is a folder, not a file")
    parent = path if folder else path.parent
    probe = parent
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if not probe.is_dir():
        raise ValueError(f"{what} {str(path)!r} cannot be created: {str(probe)!r} is a file")
    try:
        fd, name = tempfile.mkstemp(prefix=".streamvu-probe-", dir=probe)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ValueError(f"cannot write {what} {str(path)!r}: {reason} in {str(probe)!r}") from None
    os.close(fd)
    os.unlink(name)
    return path


def check_output_files(paths: Iterable[str | os.PathLike], what: str = "output") -> None:
    """:func:`check_writable` for many output files, probing each folder they go into once (e.g.
    every caption file a batch will write)."""
    checked: set[Path] = set()
    for path in paths:
        path = Path(path).expanduser()
        if path.exists() and path.is_dir():
            raise ValueError(f"{what} {str(path)!r} is a folder, not a file")
        if path.parent not in checked:
            check_writable(path.parent, folder=True, what=f"{what} folder")
            checked.add(path.parent)
