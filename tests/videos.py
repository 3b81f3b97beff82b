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
from PIL import Image


def skimage_rgb(name: str, size: tuple[int, int] = (224, 224)) -> np.ndarray:
    """An ``skimage.data`` image by name, as RGB uint8 resized to ``size`` (w, h)."""
    from skimage import data

    img = getattr(data, name)()
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
