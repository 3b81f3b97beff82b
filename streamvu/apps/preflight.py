"""Checks that need no model, run by the commands before any model loads.

A bad question, video, time or output path is reported in one line within a fraction of a
second, instead of after the ~6 s model load (or after the first captioned segment). Each check
raises :class:`~streamvu.errors.StreamvuError` or ``ValueError``; the command line turns either
into ``streamvu CMD: error: ...`` with exit status 2.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from streamvu.errors import QuestionError, SourceError

if TYPE_CHECKING:
    from streamvu.ingest import VideoInfo
# the pipeline's modules import torch (~1-2 s): the checks that need them import them when called,
# so that a bad file or number is refused before that


def check_question(text: str, mode: str = "auto", max_chars: int | None = None) -> str:
    """The question stripped; QuestionError when it is empty, not valid UTF-8, too long or of an unknown mode.

    max_chars: default ``QueryConfig().max_question_chars`` (the limit the pipeline applies).
    """
    from streamvu.pipeline.query import QueryConfig, check_text

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
    from streamvu.ingest import open_video
    from streamvu.ingest.backends import is_camera, is_live_source
    from streamvu.ingest.samples import resolve_source

    path = resolve_source(source)
    if is_camera(path) or is_live_source(path):
        return None
    if os.path.isfile(path) and not os.access(path, os.R_OK):
        raise SourceError(f"cannot read {path!r}: permission denied")
    if os.path.isdir(path) and frame_fps is None:  # said with the flag (the reader names its parameter too)
        raise SourceError(
            f"{path!r} is a directory, not a video file; to read it as a folder of frames give its frame "
            "rate (--frame-fps FPS)"
        )
    folder = {"frame_fps": frame_fps, "time_offset": time_offset} if os.path.isdir(path) else {}
    with open_video(path, backend="pyav" if backend == "auto" else backend, **folder) as video:
        return video.info


def check_at(at: float | None, info: VideoInfo | None, flag: str = "--at", time_offset: float = 0.0) -> None:
    """QuestionError when ``at`` is negative, before a folder's first image (``time_offset``) or past
    the end of the probed video."""
    if at is None:
        return
    if at < 0:
        raise QuestionError(f"{flag} {at:g} is a negative time")
    if info is None:
        return
    if time_offset and os.path.isdir(info.source) and at < time_offset:
        raise QuestionError(
            f"{flag} {at:g} is before the first image, which --time-offset puts at {time_offset:g} s"
        )
    if not info.live and info.duration > 0 and at > info.duration + 0.5:
        raise QuestionError(f"{flag} {at:g} is past the end of the video ({info.duration:.1f} s long)")


def check_disk_cache(setting: str | None) -> None:
    """ValueError when ``--disk-cache DIR`` names something that is not (and cannot become) a folder."""
    if setting is None or str(setting).strip().lower() in ("", "auto"):
        return
    check_writable(setting, folder=True, what="--disk-cache")


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


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True when ``a`` and ``b`` name one file: the same resolved path, or the same inode (a hard
    link, a bind mount, a symlink)."""
    try:
        if Path(a).expanduser().resolve() == Path(b).expanduser().resolve():
            return True
        return os.path.samefile(Path(a).expanduser(), Path(b).expanduser())
    except (OSError, ValueError):
        return False


def check_not_inputs(
    outputs: Iterable[tuple[str, str | os.PathLike]], inputs: Iterable[str | os.PathLike]
) -> None:
    """ValueError when an output would be written over an input (or two outputs are one file).

    outputs: (flag, path) pairs, e.g. ``("--output", "pred.jsonl")``; inputs: paths read by the run.
    URIs and names that do not exist yet are never the same file as an existing input.
    """
    outputs = [(flag, path) for flag, path in outputs if "://" not in str(path)]
    inputs = [p for p in inputs if "://" not in str(p) and os.path.isfile(p)]
    for flag, path in outputs:
        for source in inputs:
            if same_file(path, source):
                raise ValueError(
                    f"{flag} {str(path)!r} is the input file {str(source)!r}: writing there would destroy "
                    "it; choose another output"
                )
    for i, (flag, path) in enumerate(outputs):
        for other_flag, other in outputs[i + 1 :]:
            if other_flag != flag and same_file(path, other):
                raise ValueError(
                    f"{flag} and {other_flag} name the same file {str(path)!r}; give each its own"
                )


# pyarrow.fs URI schemes that store files somewhere lasting ("mock://" keeps them in memory only)
OUTPUT_SCHEMES = ("file", "s3", "gs", "gcs", "abfs", "abfss", "hdfs", "viewfs")


def check_output_target(target: str, flag: str = "-o") -> None:
    """ValueError (or MissingDependencyError) now, for an output URI that cannot be written: an unknown
    or memory-only scheme, HDFS without a Hadoop client, or no pyarrow."""
    if "://" not in target:
        return
    scheme = target.split("://", 1)[0].lower()
    if scheme not in OUTPUT_SCHEMES:
        raise ValueError(
            f"{flag} {target!r}: {scheme}:// is not a place files can be stored; use a local folder or "
            f"one of {', '.join(s + '://' for s in OUTPUT_SCHEMES)}"
        )
    from streamvu._deps import has, require

    if not has("pyarrow"):
        require("pyarrow", f"writing {scheme}:// outputs")
    if scheme in ("hdfs", "viewfs") and not (
        os.environ.get("JAVA_HOME") and (os.environ.get("HADOOP_HOME") or os.environ.get("ARROW_LIBHDFS_DIR"))
    ):
        raise ValueError(
            f"{flag} {target!r}: writing to HDFS needs Java and Hadoop's client library; set JAVA_HOME "
            "and HADOOP_HOME (or ARROW_LIBHDFS_DIR)"
        )


def check_new_outputs(jobs) -> None:
    """ValueError when a caption job would replace an existing file that is not a caption file of its
    format (a video, notes, anything else given as ``-o``); caption files are resumed, skipped or
    captioned again as before. ``--overwrite`` replaces any file."""
    for job in jobs:
        for fmt, target in job.outputs.items():
            path = Path(target)
            if "://" in str(target) or not path.is_file() or not path.stat().st_size:
                continue
            if not looks_like_captions(path, fmt):
                raise ValueError(
                    f"{str(path)!r} already exists and is not a {fmt.upper()} caption file; pass --overwrite "
                    "to replace it, or choose another output (-o)"
                )


_SRT_CUE = re.compile(r"^\d+:\d\d:\d\d[,.]\d{3} --> \d+:\d\d:\d\d[,.]\d{3}", re.M)


def looks_like_captions(path: Path, fmt: str) -> bool:
    """True when ``path`` reads as captions in ``fmt`` (srt, vtt or json): what caption writes."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 16)
        text = head.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if fmt == "json":
        try:
            import json

            doc = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return False
        return isinstance(doc, dict) and isinstance(doc.get("captions"), list)
    if fmt == "vtt":
        return text.lstrip("\ufeff").startswith("WEBVTT")
    return bool(_SRT_CUE.search(text))


def sampling_note(args, info: VideoInfo | None) -> str | None:
    """A note when ``--fps`` asks for more frames than the video has (every frame is used then);
    ValueError for ``--frame-fps`` / ``--time-offset`` given with a video file (they describe a
    folder of images)."""
    if info is None:
        return None
    folder = os.path.isdir(info.source)
    if not folder and (getattr(args, "frame_fps", None) is not None or getattr(args, "time_offset", 0.0)):
        flag = "--frame-fps" if getattr(args, "frame_fps", None) is not None else "--time-offset"
        raise ValueError(
            f"{flag} describes a folder of images; {info.source!r} is a video file, which carries its own "
            "frame times (leave the option out)"
        )
    fps = getattr(args, "fps", None)
    if fps and info.fps and fps > info.fps + 1e-6:
        return (
            f"--fps {fps:g} is more than the video's {info.fps:g} frames per second: every frame is used "
            f"({info.fps:g} per second)"
        )
    return None


def check_cache_dir() -> None:
    """ValueError at once when the cache folder (``$STREAMVU_CACHE_DIR``) cannot be written and holds
    nothing yet: the first run must write the class-name embeddings there, and would otherwise fail
    only after loading the models. A read-only cache that was filled before is fine."""
    from streamvu.cache_dir import cache_root

    root = cache_root()
    if (root / "embeddings").is_dir():
        return
    try:
        check_writable(root, folder=True, what="cache folder")
    except ValueError as exc:
        where = "STREAMVU_CACHE_DIR" if os.environ.get("STREAMVU_CACHE_DIR") else "the default cache folder"
        raise ValueError(
            f"{exc}; streamvu keeps the models' derived files there ({where}): point STREAMVU_CACHE_DIR "
            "at a writable folder"
        ) from None
