"""Make real encoded test videos with known content at known times.

Each segment shows one ``skimage.data`` image (with a little motion so the encoder
sees real H.264 frames, not a still), so the ground truth of "what is on screen at
time t" is known exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import av
import numpy as np

from benchmarks.sets.media import (  # noqa: F401  (re-exported for the tests)
    disc,
    paste,
    sample_image,
    side_by_side,
    skimage_rgb,
    write_shots_video,
    write_video,
)

# --- fixtures for the source/backends tests (real encoded files, made in the session) ---------


def ffmpeg(*args: str, timeout: float = 120.0) -> None:
    """Run the static ffmpeg that ships with imageio-ffmpeg (libx264/x265/vpx/aom/svtav1)."""
    import subprocess

    import imageio_ffmpeg

    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-nostdin", "-y", *args]
    subprocess.run(cmd, check=True, timeout=timeout, capture_output=True)


def ffmpeg_rgb(path: Path, width: int, height: int) -> np.ndarray:
    """Every frame of ``path`` as FFmpeg's CLI decodes it (auto-rotated), shape (N, H, W, 3)."""
    import subprocess

    import imageio_ffmpeg

    cmd = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-v",
        "error",
        "-nostdin",
        "-i",
        str(path),
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-",
    ]
    raw = subprocess.run(cmd, check=True, timeout=60, capture_output=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, height, width, 3)


def gradient_frame(i: int, width: int, height: int) -> np.ndarray:
    """A frame whose mean brightness encodes ``i`` (30 * i) and with an asymmetric corner mark."""
    img = np.full((height, width, 3), (30 * i) % 256, np.uint8)
    img[: height // 4, : width // 4] = (255, 0, 0)  # red block top-left shows the orientation
    return img


def write_timed_video(
    path: Path,
    times: Sequence[float],
    size: tuple[int, int] = (64, 48),
    codec: str = "libx264",
    rotation: int = 0,
) -> Path:
    """Encode one frame per entry of ``times`` (seconds, VFR) with a millisecond time base."""
    from fractions import Fraction

    w, h = size
    container = av.open(str(path), "w")
    stream = container.add_stream(codec, rate=30)
    stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
    stream.codec_context.time_base = Fraction(1, 1000)
    if rotation:
        stream.set_display_rotation(rotation)
    for i, t in enumerate(times):
        frame = av.VideoFrame.from_ndarray(gradient_frame(i, w, h), format="rgb24")
        frame.pts, frame.time_base = round(t * 1000), Fraction(1, 1000)
        for packet in stream.encode(frame):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return path


def corrupt_copy(src: Path, dst: Path, start: float = 0.4, length: float = 0.1, seed: int = 0) -> Path:
    """Copy ``src`` with random bytes over ``[start, start + length)`` of the file (fractions)."""
    data = bytearray(src.read_bytes())
    a, n = int(len(data) * start), max(1, int(len(data) * length))
    data[a : a + n] = np.random.default_rng(seed).integers(0, 256, n, dtype=np.uint8).tobytes()
    dst.write_bytes(bytes(data))
    return dst


def truncated_copy(src: Path, dst: Path, keep: float = 0.6) -> Path:
    """Copy the first ``keep`` fraction of ``src``'s bytes (a download cut short)."""
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * keep)])
    return dst


# --- shots with people, moving objects and cuts (the people/motion questions of the suites) -------
