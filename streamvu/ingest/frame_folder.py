"""A folder of images read as a video: ``FrameFolderSource``.

Benchmarks ship some videos as folders of extracted frames (OVBench's AVA and TAO parts), with a
frame rate and, for AVA, a time offset into the movie the frames were cut from. This reader turns
such a folder into a :class:`~streamvu.ingest.source.VideoSource` like any decoder:

* images (``.jpg .jpeg .png .bmp .webp .tif .tiff``) are ordered by the numbers in their names
  (``frame9.jpg`` before ``frame10.jpg``; ``00001.jpg``, ``frame0211.jpg``, ``vid_000012.jpg``),
  other files are ignored;
* image ``i`` (0-based, in that order) is at ``time_offset + i / fps`` seconds: ``Frame.t`` and
  ``VideoInfo.duration`` are on that timeline (the duration is the end time of the last frame);
* only the images the sampler keeps are read; an unreadable image or one whose size differs from
  the first raises :class:`SourceError` naming the file.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from streamvu.errors import SourceError
from streamvu.ingest.sampling import SamplerConfig, TimestampSampler, target_size
from streamvu.ingest.source import VideoInfo, VideoSource
from streamvu.messages import Frame

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff")
BACKEND = "images"


def natural_key(name: str) -> tuple:
    """Sort key that orders the digit runs of ``name`` by value ("f9" < "f10")."""
    return tuple(
        (0, int(part), part) if part.isdigit() else (1, 0, part.lower())
        for part in re.split(r"(\d+)", name)
        if part
    )


def list_frames(folder: str | os.PathLike) -> list[Path]:
    """The images of ``folder`` in frame order (SourceError when there are none)."""
    root = Path(folder)
    try:
        names = [
            e.name for e in os.scandir(root) if e.is_file() and e.name.lower().endswith(IMAGE_EXTENSIONS)
        ]
    except OSError as exc:
        raise SourceError(
            f"cannot list the frame folder {os.fspath(folder)!r}: {exc.strerror or exc}"
        ) from None
    if not names:
        raise SourceError(
            f"{os.fspath(folder)!r} holds no images ({', '.join(IMAGE_EXTENSIONS)}): not a folder of frames"
        )
    return [root / n for n in sorted(names, key=natural_key)]


def check_frame_timing(fps: float | None, time_offset: float) -> None:
    """SourceError unless ``fps`` is a finite number > 0 and ``time_offset`` a finite number >= 0."""
    if isinstance(fps, bool) or not isinstance(fps, (int, float)) or not math.isfinite(fps) or fps <= 0:
        raise SourceError(
            f"a folder of frames needs its frame rate: frame_fps must be a number > 0, got {fps!r}"
        )
    if (
        isinstance(time_offset, bool)
        or not isinstance(time_offset, (int, float))
        or not math.isfinite(time_offset)
        or time_offset < 0
    ):
        raise SourceError(f"time_offset must be a number of seconds >= 0, got {time_offset!r}")


def _read(path: Path) -> np.ndarray:
    try:
        with Image.open(path) as img:
            return np.asarray(img.convert("RGB"))
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise SourceError(f"cannot read frame image {os.fspath(path)!r}: {exc}") from None


class FrameFolderSource(VideoSource):
    """The images of a folder as frames at ``fps``, the first at ``time_offset`` seconds."""

    def __init__(self, folder: str | os.PathLike, fps: float, time_offset: float = 0.0) -> None:
        super().__init__()
        check_frame_timing(fps, time_offset)
        self.paths = list_frames(folder)
        self.fps = float(fps)
        self.time_offset = float(time_offset)
        first = _read(self.paths[0])
        self._size = (first.shape[1], first.shape[0])
        n = len(self.paths)
        self.info = VideoInfo(
            source=os.fspath(folder),
            duration=self.time_offset + n / self.fps,
            fps=self.fps,
            num_frames=n,
            width=self._size[0],
            height=self._size[1],
            backend=BACKEND,
        )

    def time_of(self, i: int) -> float:
        """Time in seconds of image ``i`` (0-based, in frame order)."""
        return self.time_offset + i / self.fps

    def frames(self, sampler: SamplerConfig | None = None) -> Iterator[Frame]:
        cfg = sampler or SamplerConfig()
        pick = TimestampSampler(cfg)
        first = max(0, math.floor((cfg.start - self.time_offset) * self.fps) - 1)
        out_size = target_size(*self._size, cfg.max_side)
        for i in range(first, len(self.paths)):
            if self._closed:
                return
            t = self.time_of(i)
            if pick.finished(t):
                return
            if not pick.wants(t):
                continue
            rgb = _read(self.paths[i])
            if (rgb.shape[1], rgb.shape[0]) != self._size:
                raise SourceError(
                    f"frame image {os.fspath(self.paths[i])!r} is {rgb.shape[1]}x{rgb.shape[0]}, "
                    f"the folder's first frame {self._size[0]}x{self._size[1]}: all frames of a "
                    "folder must have one size"
                )
            if out_size != self._size:
                rgb = np.asarray(Image.fromarray(rgb).resize(out_size, Image.BILINEAR))
            pick.take(t)
            self.stats.frames_decoded += 1
            self.stats.frames_emitted += 1
            yield Frame(t=t, index=i, rgb=np.ascontiguousarray(rgb))
