"""A camera of known content for trying the demo's browser camera without one: a Y4M clip that
Chromium plays as the camera ``getUserMedia`` sees (it loops the file).

>>> clip = coffee_then_face("clip.y4m")                 # doctest: +SKIP
>>> args = chromium_camera_args(clip)                  # Chromium flags: the clip is the camera

Y4M is a text header line and ``FRAME`` chunks of raw I420 (planar Y, then U and V at half size).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
from PIL import Image


def rgb_to_i420(rgb: np.ndarray) -> bytes:
    """One RGB frame (even width and height) as I420 bytes (BT.601, studio range)."""
    x = rgb.astype(np.float32)
    r, g, b = x[..., 0], x[..., 1], x[..., 2]
    y = 16 + 0.257 * r + 0.504 * g + 0.098 * b
    u = 128 - 0.148 * r - 0.291 * g + 0.439 * b
    v = 128 + 0.439 * r - 0.368 * g - 0.071 * b
    h, w = y.shape

    def half(p: np.ndarray) -> np.ndarray:
        return p.reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))

    planes = (y, half(u), half(v))
    return b"".join(np.clip(np.rint(p), 0, 255).astype(np.uint8).tobytes() for p in planes)


def write_y4m(path: str | Path, frames: Iterable[np.ndarray], fps: int = 5) -> Path:
    """Write RGB frames (all of one even size) as a Y4M file; returns the path."""
    path = Path(path)
    with path.open("wb") as f:
        header = False
        for rgb in frames:
            h, w = rgb.shape[:2]
            if h % 2 or w % 2:
                raise ValueError(f"Y4M I420 frames need an even size, got {w}x{h}")
            if not header:
                f.write(f"YUV4MPEG2 W{w} H{h} F{int(fps)}:1 Ip A1:1 C420jpeg\n".encode())
                header = True
            f.write(b"FRAME\n" + rgb_to_i420(rgb))
    return path


def fit(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``rgb`` letterboxed into ``size`` (w, h) on black, aspect kept."""
    w, h = size
    img = Image.fromarray(rgb)
    scale = min(w / img.width, h / img.height)
    img = img.resize((max(2, round(img.width * scale)), max(2, round(img.height * scale))), Image.BILINEAR)
    canvas = Image.new("RGB", (w, h))
    canvas.paste(img, ((w - img.width) // 2, (h - img.height) // 2))
    return np.asarray(canvas)


def coffee_then_face(
    path: str | Path,
    first_s: float = 8.0,
    then_s: float = 8.0,
    fps: int = 5,
    size: tuple[int, int] = (320, 240),
) -> Path:
    """``first_s`` seconds of skimage's cup of coffee, then ``then_s`` of its astronaut (a face),
    at ``fps``, ``size`` (w, h): the content a test knows. Needs scikit-image."""
    from skimage import data

    coffee, face = fit(data.coffee(), size), fit(data.astronaut(), size)
    n1, n2 = round(first_s * fps), round(then_s * fps)
    rng = np.random.default_rng(0)

    def frames():
        for i in range(n1 + n2):  # a little sensor noise: a real camera's frames are never identical
            base = coffee if i < n1 else face
            noise = rng.integers(-2, 3, base.shape, dtype=np.int16)
            yield np.clip(base.astype(np.int16) + noise, 0, 255).astype(np.uint8)

    return write_y4m(path, frames(), fps)


HEADLESS_CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Flags for a headless Chromium that drives the demo offline (no GPU, no sandbox in a container, no
calls home)."""


def chromium_camera_args(clip: str | Path) -> list[str]:
    """Chromium flags that make ``clip`` (a .y4m or .mjpeg file) the camera and allow it unasked."""
    return [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={Path(clip).resolve()}",
    ]


__all__ = [
    "HEADLESS_CHROMIUM_ARGS",
    "chromium_camera_args",
    "coffee_then_face",
    "fit",
    "rgb_to_i420",
    "write_y4m",
]
