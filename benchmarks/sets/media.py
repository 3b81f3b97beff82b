"""Pictures and videos with known content at known times, for the question sets and the tests.

Pictures are photos that ship inside installed packages (``skimage.data``, scikit-learn's and
matplotlib's sample images); videos are real H.264 files encoded with PyAV, a picture per stretch of
time, so what is on screen at any time is known exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import av
import numpy as np
from PIL import Image


def skimage_rgb(name: str, size: tuple[int, int] = (224, 224)) -> np.ndarray:
    """An ``skimage.data`` image by name, as RGB uint8 resized to ``size`` (w, h)."""
    from skimage import data

    img = getattr(data, name)()
    if img.dtype == bool:
        img = img.astype(np.uint8) * 255
    if img.ndim == 2:
        img = np.stack([img] * 3, axis=-1)
    return np.asarray(Image.fromarray(img[..., :3]).resize(size, Image.BILINEAR))


def write_video(
    path: Path,
    segments: Sequence[tuple[np.ndarray, float]],
    fps: float = 10.0,
    codec: str = "libx264",
    gop: int | None = None,
    jitter: bool = True,
) -> Path:
    """Encode ``segments`` (image, seconds) back to back into ``path`` at ``fps``.

    With ``jitter`` each frame is shifted by a pixel or two so consecutive frames differ.
    """
    container = av.open(str(path), "w")
    h, w = segments[0][0].shape[:2]
    stream = container.add_stream(codec, rate=int(fps) if float(fps).is_integer() else fps)
    stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
    if gop:
        stream.codec_context.gop_size = gop
    index = 0
    for image, seconds in segments:
        for _ in range(round(seconds * fps)):
            rgb = np.roll(image, shift=(index % 3) - 1, axis=1) if jitter else image
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
            index += 1
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return path


def sample_image(name: str, size: tuple[int, int] = (224, 224)) -> np.ndarray:
    """A sample photo that ships with an installed package, as RGB uint8 resized to ``size`` (w, h):
    ``grace_hopper`` (matplotlib's sample data), ``china`` and ``flower`` (scikit-learn's sample
    images), ``stereo_motorcycle`` (the left view) or any ``skimage.data`` name."""
    if name == "grace_hopper":
        import matplotlib.cbook

        with matplotlib.cbook.get_sample_data("grace_hopper.jpg") as f:
            img = np.asarray(Image.open(f).convert("RGB"))
    elif name in ("china", "flower"):
        from sklearn.datasets import load_sample_image

        img = load_sample_image(f"{name}.jpg")
    elif name == "stereo_motorcycle":
        from skimage import data

        img = data.stereo_motorcycle()[0]
    else:
        return skimage_rgb(name, size)
    return np.asarray(Image.fromarray(img[..., :3]).resize(size, Image.BILINEAR))


def side_by_side(images: Sequence[np.ndarray], size: tuple[int, int]) -> np.ndarray:
    """``images`` resized to equal widths and placed left to right on one frame of ``size`` (w, h);
    a single image is centred between grey bars at its own aspect ratio."""
    w, h = size
    canvas = np.full((h, w, 3), 128, np.uint8)
    if len(images) == 1:
        img = images[0]
        iw = min(w, round(img.shape[1] * h / img.shape[0]))
        x = (w - iw) // 2
        canvas[:, x : x + iw] = np.asarray(Image.fromarray(img).resize((iw, h), Image.BILINEAR))
        return canvas
    step = w // len(images)
    for i, img in enumerate(images):
        canvas[:, i * step : (i + 1) * step] = np.asarray(
            Image.fromarray(img).resize((step, h), Image.BILINEAR)
        )
    return canvas


def disc(radius: int, color: tuple[int, int, int] = (255, 230, 40)) -> np.ndarray:
    """A filled disc on a transparent square (RGBA uint8, side ``2 * radius``): a ball to move."""
    yy, xx = np.mgrid[: 2 * radius, : 2 * radius] + 0.5
    inside = (xx - radius) ** 2 + (yy - radius) ** 2 <= radius**2
    out = np.zeros((2 * radius, 2 * radius, 4), np.uint8)
    out[inside] = (*color, 255)
    return out


def paste(frame: np.ndarray, patch: np.ndarray, x: int, y: int) -> np.ndarray:
    """``frame`` with ``patch`` (RGB, or RGBA whose alpha masks it) at top-left (x, y), clipped to the frame."""
    out = frame.copy()
    h, w = frame.shape[:2]
    ph, pw = patch.shape[:2]
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + pw, w), min(y + ph, h)
    if x0 >= x1 or y0 >= y1:
        return out
    part = patch[y0 - y : y1 - y, x0 - x : x1 - x]
    if part.shape[2] == 4:
        mask = part[..., 3:] > 127
        out[y0:y1, x0:x1] = np.where(mask, part[..., :3], out[y0:y1, x0:x1])
    else:
        out[y0:y1, x0:x1] = part
    return out


def write_shots_video(
    path: Path,
    shots: Sequence[tuple[np.ndarray, float, np.ndarray | None]],
    fps: float = 2.0,
    codec: str = "libx264",
) -> Path:
    """Encode ``shots`` (background, seconds, mover) back to back into ``path`` at ``fps``, without jitter:
    a shot whose mover is None is a still (every frame the same picture); otherwise the mover (an RGB or
    RGBA patch) slides at a steady speed along the middle of the frame from just outside its left edge
    to just outside its right edge over the shot, so the frames of that shot, and only those, move."""
    container = av.open(str(path), "w")
    h, w = shots[0][0].shape[:2]
    stream = container.add_stream(codec, rate=int(fps) if float(fps).is_integer() else fps)
    stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
    for background, seconds, mover in shots:
        n = round(seconds * fps)
        for i in range(n):
            rgb = background
            if mover is not None:
                ph, pw = mover.shape[:2]
                x = round(-pw + (w + pw) * (i + 0.5) / n)
                rgb = paste(background, mover, x, (h - ph) // 2)
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return path
