"""Video sources: one entry function, ``open_video``, for files, cameras, network streams and replays.

>>> with open_video("clip.mp4") as src:                      # doctest: +SKIP
...     for frame in src.frames(SamplerConfig(fps=2, max_side=448)):
...         print(frame.t, frame.index, frame.rgb.shape)

Backends (``backend=``): ``"pyav"`` (always installed), ``"decord"`` and ``"opencv"`` (the
``video`` extra); ``"auto"`` picks the fastest installed one for the job (see ``pick_backend``).
Sampling is by presentation timestamp (``sampling.SamplerConfig``): ``Frame.t`` is the frame's
exact time in the source, ``Frame.index`` its position in presentation order.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence

import numpy as np

from streamvu import _deps
from streamvu.errors import SourceError
from streamvu.ingest.backends import (
    check_backend,
    is_camera,
    is_live_source,
    pick_backend,
)
from streamvu.ingest.camera import open_camera_source
from streamvu.ingest.decord_reader import DecordSource
from streamvu.ingest.frame_folder import FrameFolderSource
from streamvu.ingest.live import LiveSource, Opener
from streamvu.ingest.opencv_reader import OpenCVSource
from streamvu.ingest.pyav_reader import PyAVSource
from streamvu.ingest.samples import PREFIX as SAMPLE_PREFIX
from streamvu.ingest.samples import resolve_source
from streamvu.ingest.sampling import SamplerConfig
from streamvu.ingest.source import VideoSource
from streamvu.messages import Frame

log = logging.getLogger(__name__)


def file_checks(path: str) -> None:
    """Raise SourceError for a missing, directory or zero-length local path (before any decoder)."""
    if not os.path.exists(path):
        raise SourceError(f"no such video file: {path!r}")
    if os.path.isdir(path):
        raise SourceError(
            f"{path!r} is a directory, not a video file (a folder of frames needs its frame "
            "rate: frame_fps=, --frame-fps)"
        )
    if os.path.getsize(path) == 0:
        raise SourceError(f"{path!r} is empty (0 bytes): not a video")


def open_file(
    path: str,
    backend: str,
    sampler: SamplerConfig | None = None,
    fast_decode: bool = False,
    options: dict[str, str] | None = None,
) -> VideoSource:
    """Open a local file with one backend (``"auto"`` resolved here; ``fast_decode`` picks PyAV).
    With FFmpeg ``options`` (e.g. a protocol or format whitelist) only PyAV opens it: decord and
    OpenCV carry their own FFmpeg, which would open the file without them."""
    file_checks(path)
    if options:
        if backend not in ("auto", "pyav"):
            raise SourceError(f"FFmpeg options need the pyav backend, not {backend!r}")
        return PyAVSource(path, options=options, skip_loop_filter=fast_decode)
    if fast_decode:
        if backend not in ("auto", "pyav"):
            raise SourceError(f"fast_decode needs the pyav backend, not {backend!r}")
        return _open_with(path, "pyav", fast_decode=True)
    if backend != "auto":
        return _open_with(path, backend)
    name = pick_backend(path, sampler)
    if name == "pyav" or not _deps.HAS_PYAV:
        return _open_with(path, name)
    try:
        return _open_with(path, name)
    except SourceError as exc:  # e.g. AV1 in OpenCV, rotation in decord: PyAV reads them
        log.info("%s: %s could not read it (%s); using pyav", path, name, exc)
        return _open_with(path, "pyav")


def _open_with(path: str, name: str, fast_decode: bool = False) -> VideoSource:
    if name == "pyav":
        return PyAVSource(path, skip_loop_filter=fast_decode)
    if name == "decord":
        return DecordSource(path)
    return OpenCVSource(path)


def live_opener(
    source: str | os.PathLike | int,
    backend: str,
    *,
    realtime: bool,
    timeout: float,
    options: dict[str, str] | None,
    frame_fps: float | None = None,
    time_offset: float = 0.0,
) -> Opener:
    """A function that opens (and re-opens after a drop) the reader behind a live source."""
    if is_camera(source):
        index = int(source)
        name = pick_backend(index) if backend == "auto" else backend
        if name == "decord":
            raise SourceError("decord cannot read cameras: use backend='opencv' or 'pyav'")
        return lambda: open_camera_source(index, name, timeout)
    text = os.fspath(source)
    if is_live_source(text):
        name = pick_backend(text, live=True) if backend == "auto" else backend
        if name != "pyav":
            raise SourceError(
                f"network streams are read with backend='pyav' (got {name!r}): it has "
                "read timeouts and RTSP/HLS options"
            )
        opts = dict(options or {})
        if text.lower().startswith(("rtsp://", "rtsps://")):
            opts.setdefault("rtsp_transport", "tcp")
        return lambda: PyAVSource(text, options=opts, timeout=timeout, live=True)
    if not realtime:
        raise SourceError(f"{text!r} is a file: pass realtime=True to replay it as a live source")
    if os.path.isdir(text) and frame_fps is not None:
        return lambda: FrameFolderSource(text, frame_fps, time_offset)
    return lambda: open_file(text, backend, options=options)


def open_live(
    source: str | os.PathLike | int,
    backend: str = "auto",
    *,
    realtime: bool = False,
    speed: float = 1.0,
    queue_size: int = 8,
    timeout: float = 10.0,
    reconnect: int | None = None,
    options: dict[str, str] | None = None,
    backoff: tuple[float, float] = (0.5, 8.0),
    frame_fps: float | None = None,
    time_offset: float = 0.0,
) -> LiveSource:
    """A camera, network stream or real-time file replay behind a drop-oldest queue (see
    :func:`open_video` for the arguments; ``backoff`` is (first, max) seconds between reconnects).

    Cameras and URLs are live whatever ``realtime`` says: they arrive in real time by themselves,
    so they are never paced, and they reconnect (``reconnect=None``: 5 attempts). Only a local
    file needs ``realtime=True``; its replay does not reconnect (``reconnect=None``: 0).
    """
    backend = check_backend(backend)
    live = is_live_source(source)
    if live and speed != 1.0:
        raise SourceError(f"speed= applies to replays of files, not to the live source {source!r}")
    realtime = realtime and not live
    attempts = (5 if live else 0) if reconnect is None else int(reconnect)
    opener = live_opener(
        source,
        backend,
        realtime=realtime,
        timeout=timeout,
        options=options,
        frame_fps=frame_fps,
        time_offset=time_offset,
    )
    return LiveSource(
        opener,
        realtime=realtime,
        speed=speed,
        queue_size=queue_size,
        timeout=timeout,
        reconnect=attempts,
        backoff=backoff,
    )


def open_video(
    source: str | os.PathLike | int,
    backend: str = "auto",
    *,
    sampler: SamplerConfig | None = None,
    realtime: bool = False,
    speed: float = 1.0,
    queue_size: int = 8,
    timeout: float = 10.0,
    reconnect: int | None = None,
    options: dict[str, str] | None = None,
    fast_decode: bool = False,
    frame_fps: float | None = None,
    time_offset: float = 0.0,
) -> VideoSource:
    """Open a video file, folder of frames, camera or stream.

    source: a path, ``sample:NAME`` (a bundled clip), a URL (``rtsp://``, ``http(s)://`` incl. HLS ``.m3u8``, ``rtmp://``, ``udp://``)
        or a webcam index (``0``).
    backend: ``"auto"`` | ``"pyav"`` | ``"decord"`` | ``"opencv"``.
    sampler: optional hint of the job, used by ``"auto"`` to pick the fastest backend.
    realtime: replay a file paced by its timestamps, as if it were a live camera (cameras and URLs
        are live anyway: for them it changes nothing, they are never paced and always reconnect).
    speed: replay speed factor for ``realtime`` (2.0 = twice real time); files only.
    queue_size: live sources only: frames buffered before the oldest is dropped.
    timeout: seconds to wait when opening or reading a network stream before giving up ("timed
        out after N s waiting for data").
    reconnect: live sources: reconnect attempts, with exponential backoff, after the stream drops
        (``None``: 5 for network streams and cameras, 0 for file replays).
    options: FFmpeg options for the PyAV backend (e.g. ``{"rtsp_transport": "tcp"}``); a file opened
        with options (e.g. ``protocol_whitelist``) is read by PyAV, on every (re-)open.
    fast_decode: files, PyAV backend: skip the H.264/HEVC in-loop deblocking filter (~15-20% faster
        decoding; frames show faint block edges, which a 224 px encoder input barely sees).
    frame_fps: a folder of images is read as a video at this frame rate (required for folders; see
        :mod:`streamvu.ingest.frame_folder`); ``time_offset``: seconds of its first image (default 0).

    Files give a seekable :class:`VideoSource`; cameras, URLs and ``realtime=True`` give a
    :class:`~streamvu.ingest.live.LiveSource` (bounded drop-oldest queue with metrics).
    Raises :class:`~streamvu.errors.SourceError` with the reason (missing, empty, not a video,
    no video stream, unknown backend, unreachable URL).
    """
    backend = check_backend(backend)
    if isinstance(source, str) and source.startswith(SAMPLE_PREFIX):
        source = resolve_source(source)
    if isinstance(source, bool) or not isinstance(source, (str, os.PathLike, int)):
        raise SourceError(f"video source must be a path, URL or webcam index, got {type(source).__name__}")
    if isinstance(source, int) or is_live_source(source) or realtime:
        folder = not isinstance(source, int) and os.path.isdir(source)
        if (frame_fps is not None or time_offset) and not folder:
            raise SourceError("frame_fps and time_offset apply to folders of frames, not to live sources")
        if fast_decode:
            raise SourceError(
                "fast_decode applies to files read directly, not to live sources or realtime replays"
            )
        return open_live(
            source,
            backend,
            realtime=realtime,
            speed=speed,
            queue_size=queue_size,
            timeout=timeout,
            reconnect=reconnect,
            options=options,
            frame_fps=frame_fps,
            time_offset=time_offset,
        )
    if speed != 1.0:
        raise SourceError("speed= applies to realtime=True replays only")
    if os.path.isdir(source):
        if frame_fps is None:
            raise SourceError(
                f"{os.fspath(source)!r} is a directory, not a video file; to read it as a folder of "
                "frames give its frame rate (frame_fps=, --frame-fps)"
            )
        if fast_decode:
            raise SourceError("fast_decode applies to video files, not to folders of frames")
        return FrameFolderSource(source, frame_fps, time_offset)
    if frame_fps is not None or time_offset:
        raise SourceError(
            f"frame_fps and time_offset apply to folders of frames; {os.fspath(source)!r} is not one"
        )
    return open_file(os.fspath(source), backend, sampler, fast_decode=fast_decode, options=options)


def decode_video_frames(
    path: str | os.PathLike,
    timestamps: Sequence[float],
    tolerance_s: float = 0.02,
    backend: str = "auto",
    max_side: int | None = None,
) -> list[Frame]:
    """The frames nearest to ``timestamps`` (seconds), each within ``tolerance_s``, in the given order.

    Decodes once, in order, and keeps for every requested time the closest frame. Raises
    :class:`SourceError` naming the times with no frame within the tolerance (LeRobot's contract).
    """
    if not len(timestamps):
        return []
    wanted = np.asarray(timestamps, dtype=np.float64)
    lo, hi = float(wanted.min()), float(wanted.max())
    best: list[Frame | None] = [None] * len(wanted)
    cfg = SamplerConfig(
        fps=None, mode="all", start=max(0.0, lo - tolerance_s), end=hi + tolerance_s, max_side=max_side
    )
    with open_video(path, backend, sampler=cfg) as src:
        for frame in src.frames(cfg):
            for i in np.nonzero(np.abs(wanted - frame.t) <= tolerance_s)[0]:
                cur = best[i]
                if cur is None or abs(frame.t - wanted[i]) < abs(cur.t - wanted[i]):
                    best[i] = frame
    missing = [float(wanted[i]) for i, f in enumerate(best) if f is None]
    if missing:
        raise SourceError(
            f"{os.fspath(path)!r}: no frame within {tolerance_s}s of t={missing[:10]}"
            f"{' ...' if len(missing) > 10 else ''}; check the timestamps against the "
            "video's duration and frame rate"
        )
    return [f for f in best if f is not None]


def replay_realtime(
    path: str | os.PathLike,
    sampler: SamplerConfig | None = None,
    speed: float = 1.0,
    backend: str = "auto",
    queue_size: int = 8,
) -> Iterator[Frame]:
    """Frames of a file paced by their timestamps (``speed`` x real time), like a live camera."""
    with open_live(path, backend, realtime=True, speed=speed, queue_size=queue_size) as src:
        yield from src.frames(sampler)
