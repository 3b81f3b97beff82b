"""Motion and scene changes between consecutive sampled frames of one stream.

Both compare a frame with the previous *sampled* frame (at 1 fps, a second earlier), on small copies:

* motion: the share of pixels of a blurred ``width``-pixel colour copy whose brightness changed by more
  than ``noise`` levels or one of whose colour channels changed by more than ``colour_noise`` (a red ball
  rolling over a grey road of the same brightness moves too; H.264's coarser, noisier chroma needs
  the higher floor) (the floor that keeps H.264 noise and flicker at ~0), even allowing each
  pixel to have moved by ``shift`` pixels, after undoing the camera's own small movement and after
  matching the overall brightness (so auto-exposure is not motion either), mapped to [0, 1] by
  ``1 - exp(-share / share_scale)``: an object covering 0.5% of the frame that moves gives ~0.6.
  The camera's movement is the whole picture's shift, found by phase correlation of the two small
  copies; a shift of up to ``steady`` of the width (a hand-held camera shaking or drifting) is undone
  before comparing, so the background it moves is no motion while something moving across it still
  is. A larger shift (a pan) is left as motion. What cannot be told apart: a textured thing sliding
  by less than ``steady`` of the width over a plain, textureless background reads as the camera
  moving.
* cut: how unlike the two frames look as wholes: the Bhattacharyya distance of their colour
  histograms and the mean difference of 16x9 thumbnails, both must be large; >= 0.5 means a shot
  boundary. Motion across a cut is not motion (a new shot changes every pixel), so it is 0 there.
  On a split screen (:func:`streamvu.encoders.panels.panel_boxes`) each panel is also compared on its
  own, and the largest panel's cut counts: a gallery whose middle tile switches to another picture
  changed its shot, though two thirds of the frame stayed the same. A picture between bars is compared
  on its own too: the bars look the same before and after a cut and dilute the whole frame's score.

:class:`MotionTracker` keeps the previous frame: one tracker per stream, owned by that stream's
encoder loop (see :class:`streamvu.encoders.sightings.SightingsEncoder`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from streamvu.encoders.detectors import load_cv2
from streamvu.encoders.panels import panel_boxes

PANEL_CHANGE = 0.1
"""Panels are compared one by one only when at least this share of the frame changed (a third of a
three-tile split screen switching changes about a third): the search for seams costs a few
milliseconds, and most frames change far less."""


@dataclass(frozen=True)
class MotionConfig:
    """Settings of :class:`MotionTracker` (see the module docstring)."""

    width: int = 160
    noise: int = 18
    colour_noise: int = 48
    shift: int = 1
    share_scale: float = 0.005
    steady: float = 0.025
    hist_scale: float = 0.35
    thumb_scale: float = 0.12

    def __post_init__(self) -> None:
        if self.width < 16:
            raise ValueError(f"width must be >= 16, got {self.width}")
        if not 0 <= self.noise <= 255:
            raise ValueError(f"noise must be in [0, 255], got {self.noise}")


@dataclass
class _Seen:
    small: np.ndarray  # blurred small colour copy (H, W, 3) uint8
    grey: np.ndarray  # its brightness, float32 (H, W), for phase correlation
    hist: np.ndarray  # normalised colour histogram
    thumb: np.ndarray  # 16x9 colour thumbnail, float32


class MotionTracker:
    """Motion energy and cut score of each frame against the previous one given to :meth:`update`."""

    def __init__(self, config: MotionConfig | None = None) -> None:
        self.config = config or MotionConfig()
        self._cv2 = load_cv2()
        self._prev: _Seen | None = None
        self._window: np.ndarray | None = None

    def reset(self) -> None:
        """Forget the previous frame (the next one scores 0, 0)."""
        self._prev = None

    def _summary(self, rgb: np.ndarray) -> _Seen:
        cv2 = self._cv2
        rgb = np.ascontiguousarray(rgb[..., :3]) if rgb.ndim == 3 else cv2.cvtColor(rgb, cv2.COLOR_GRAY2RGB)
        h, w = rgb.shape[:2]
        width = min(self.config.width, w)
        small = cv2.resize(rgb, (width, max(1, round(h * width / w))), interpolation=cv2.INTER_AREA)
        blurred = cv2.GaussianBlur(small, (5, 5), 0)
        hist, thumb = self._looks(small, (16, 9))
        grey = cv2.cvtColor(blurred, cv2.COLOR_RGB2GRAY).astype(np.float32)
        return _Seen(blurred, grey, hist, thumb)

    def _steadied(self, prev: _Seen, seen: _Seen, before: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``before`` (the previous small copy) moved by the camera's shift between ``prev`` and ``seen``,
        and ``seen.small``, both cropped to what the two share; unchanged when the shift is under half a
        pixel (the shift-tolerant difference covers it) or over ``steady`` of the width (a pan)."""
        cv2 = self._cv2
        h, w = seen.grey.shape
        if self._window is None or self._window.shape != (h, w):
            self._window = cv2.createHanningWindow((w, h), cv2.CV_32F)
        (dx, dy), _ = cv2.phaseCorrelate(prev.grey, seen.grey, self._window)
        largest = max(abs(dx), abs(dy))
        if largest < 0.5 or largest > self.config.steady * w:
            return before, seen.small
        moved = cv2.warpAffine(
            before, np.float32([[1, 0, dx], [0, 1, dy]]), (w, h), borderMode=cv2.BORDER_REPLICATE
        )
        m = math.ceil(largest)
        return moved[m : h - m, m : w - m], seen.small[m : h - m, m : w - m]

    def update(self, rgb: np.ndarray) -> tuple[float, float]:
        """(motion, cut) of ``rgb`` against the previous frame, both in [0, 1]; (0, 0) for the first."""
        seen = self._summary(rgb)
        prev, self._prev = self._prev, seen
        if prev is None or prev.small.shape != seen.small.shape:
            return 0.0, 0.0
        cfg = self.config
        # exposure: a camera brightening or darkening the whole picture is neither a cut nor motion
        gain = float(np.clip(seen.small.mean() / max(1.0, float(prev.small.mean())), 0.5, 2.0))
        cut = self._cut((prev.hist, prev.thumb), (seen.hist, seen.thumb), gain)
        if cut >= 0.5:
            return 0.0, round(cut, 4)
        before = prev.small if abs(gain - 1.0) < 0.01 else np.clip(prev.small * gain, 0, 255).astype(np.uint8)
        diff = _shift_tolerant_diff(*self._steadied(prev, seen, before), cfg.shift)
        luma = diff.astype(np.float32) @ np.float32([0.299, 0.587, 0.114])  # <= the brightness change
        moved = (luma > cfg.noise) | (diff.max(axis=2) > cfg.colour_noise)
        changed = float(np.count_nonzero(moved)) / max(1, moved.size)
        if changed >= PANEL_CHANGE:  # a tile of a split screen switching changes a large part of it
            panel = self._panel_cut(prev, seen, rgb, gain)
            if panel >= 0.5:
                return 0.0, round(panel, 4)
        motion = 1.0 - math.exp(-changed / cfg.share_scale)
        return round(motion, 4), round(cut, 4)

    def _looks(self, img: np.ndarray, thumb: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        """(normalised 8x8x8 colour histogram, ``thumb``-sized float thumbnail) of an RGB image."""
        cv2 = self._cv2
        hist = cv2.calcHist([img], [0, 1, 2], None, [8, 8, 8], [0, 256, 0, 256, 0, 256])
        hist = (hist / max(1.0, float(hist.sum()))).astype(np.float32)
        return hist, cv2.resize(img, thumb, interpolation=cv2.INTER_AREA).astype(np.float32)

    def _cut(self, before, after, gain: float) -> float:
        """The cut score between two (histogram, thumbnail) looks (``gain``: the exposure change undone
        on ``before``'s thumbnail): the geometric mean of the ramps of their Bhattacharyya distance and
        their thumbnails' mean difference (both at their scale give 0.5)."""
        cfg = self.config
        hist_d = float(self._cv2.compareHist(before[0], after[0], self._cv2.HISTCMP_BHATTACHARYYA))
        thumb_d = float(np.abs(np.clip(before[1] * gain, 0, 255) - after[1]).mean()) / 255.0
        return math.sqrt(_ramp(hist_d / cfg.hist_scale) * _ramp(thumb_d / cfg.thumb_scale))

    def _panel_cut(self, prev: _Seen, seen: _Seen, rgb: np.ndarray, gain: float) -> float:
        """The largest cut score of the panels of a split-screen ``rgb``, each compared on its own in the
        small copies; for one picture between bars (4:3 in a 16:9 frame), the picture's own (the bars,
        the same on both sides of a cut, dilute the whole frame's); 0 for a frame that is one picture."""
        boxes = panel_boxes(rgb) if rgb.ndim == 3 else []
        h, w = rgb.shape[:2]
        if not boxes or (
            len(boxes) == 1 and (boxes[0][2] - boxes[0][0]) * (boxes[0][3] - boxes[0][1]) >= 0.9 * h * w
        ):
            return 0.0
        scale = seen.small.shape[1] / rgb.shape[1]
        best = 0.0
        for x0, y0, x1, y1 in boxes:
            a, b = (round(v * scale) for v in (x0, x1))
            c, d = (round(v * scale) for v in (y0, y1))
            if b - a < 8 or d - c < 8:
                continue
            before, after = (
                self._looks(np.ascontiguousarray(s.small[c:d, a:b]), (8, 8)) for s in (prev, seen)
            )
            best = max(best, self._cut(before, after, gain))
        return best


def _shift_tolerant_diff(a: np.ndarray, b: np.ndarray, shift: int) -> np.ndarray:
    """Per pixel (and channel), the smallest absolute difference between ``b`` and ``a`` moved by up to
    ``shift`` pixels either way (borders cropped): a camera shaking by a pixel or two is not motion."""
    h, w = b.shape[:2]
    if shift <= 0 or h <= 2 * shift or w <= 2 * shift:
        return np.abs(a.astype(np.int16) - b.astype(np.int16)).astype(np.uint8)
    core = b[shift : h - shift, shift : w - shift].astype(np.int16)
    best = None
    for dy in range(-shift, shift + 1):
        for dx in range(-shift, shift + 1):
            moved = a[shift + dy : h - shift + dy, shift + dx : w - shift + dx].astype(np.int16)
            d = np.abs(moved - core)
            best = d if best is None else np.minimum(best, d)
    return best.astype(np.uint8)


def _ramp(x: float) -> float:
    """x / (1 + x): 0 at 0, 0.5 at 1, towards 1 beyond."""
    return x / (1.0 + x) if x > 0 else 0.0
