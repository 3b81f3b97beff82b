"""Split screens: the panels of a frame made of several pictures side by side or in a grid.

A news split screen, a video call's gallery, a CCTV recorder's 2x2 view, or two pictures put side by
side: each panel is its own picture, and a classifier reads a frame's mean as its biggest one. A seam
between two panels is a straight step in the picture across the whole frame: on most rows, the few
pixels just left of it differ from the few just right of it much more than each side varies within
itself. A thing's edge in one picture is a step on some rows only, and a thin line (a pole, a brick
wall's mortar) is two opposite steps a few pixels apart, which the minimum panel size keeps apart.

:func:`panel_boxes` finds those seams on a small grey copy of the frame (at most ``SEARCH_WIDTH`` pixels long; about 2 ms),
drops panels of one flat colour (letterbox and pillarbox bars, empty cells) and returns the others.
"""

from __future__ import annotations

import numpy as np

Box = tuple[int, int, int, int]
"""(x0, y0, x1, y1) in pixels of the frame, x1/y1 exclusive."""

SEAM_SHARE = 0.45
"""A column (row) is a seam when at least this share of the rows (columns) step across it."""
STEP = 24.0
"""A row steps across a column when its brightness (sum over RGB, 0-765) changes by more than this..."""
STEP_RATIO = 2.0
"""...and by more than this many times the spread of the pixels on either side of it."""
WEAK_SHARE = 0.15
"""A seam that completes an even split (see :func:`seams`) needs only this share: split screens are laid
out evenly, and two similar pictures meet with a step on fewer rows."""
CROSS_SHARE = 0.3
"""Seams across the other axis of a frame found split (a grid) need this share, at an even split."""
EVEN_PARTS = (2, 3, 4)
"""The even splits a split screen is completed to: halves, thirds, quarters."""
EVEN_SLACK = 0.02
"""A seam is at an even split's mark when within this share of the side of it."""
MIN_PANEL = 0.18
"""A panel is at least this share of the frame's width (height) and 24 px; closer seams are one."""
FLAT = 18.0
"""A panel (or a bar's row or column) whose grey values (0-765) vary by a standard deviation under this
is flat: a bar or an empty cell."""
MIN_BAR = 0.04
"""Flat edges narrower than this share of the frame's side are no bars (a dark border of the picture)."""
MAX_PANELS = 6
SEARCH_WIDTH = 240
"""Seams are searched on a copy at most this many pixels long (a 448-px frame halved, a 640-px one in
thirds): a step blurred over a pixel or two by the codec is still one there."""


def _small_grey(rgb: np.ndarray) -> tuple[np.ndarray, int]:
    """A grey (sum over RGB) copy of ``rgb`` shrunk by a whole factor to at most ``SEARCH_WIDTH`` pixels
    along its longer side (averaging each block), and that factor."""
    h, w = rgb.shape[:2]
    f = max(1, -(-max(h, w) // SEARCH_WIDTH))
    if f == 1:
        return rgb.sum(axis=2, dtype=np.float32), 1
    h2, w2 = h // f, w // f
    block = rgb[: f * h2, : f * w2].reshape(h2, f, w2, f, 3)
    return block.sum(axis=(1, 3, 4), dtype=np.float32) / (f * f), f


def seam_shares(img: np.ndarray) -> np.ndarray:
    """(W,) share of the rows of an (H, W) grey image that step at column x: the three pixels from x
    on differ from the three ending at x-2 (x-1 may be the blurred seam itself)."""
    h, w = img.shape
    if w < 10 or h < 3:
        return np.zeros(w)
    rows = img[:-2] + img[1:-1] + img[2:]
    x = np.arange(4, w - 2)
    left = (rows[:, x - 4], rows[:, x - 3], rows[:, x - 2])
    right = (rows[:, x], rows[:, x + 1], rows[:, x + 2])
    step = np.abs(sum(right) - sum(left)) / 9
    spread = np.maximum.reduce(left) - np.minimum.reduce(left)
    spread += np.maximum.reduce(right) - np.minimum.reduce(right)
    steps = (step > STEP) & (step > STEP_RATIO * spread / 3)
    out = np.zeros(w)
    out[x] = steps.mean(axis=0)
    return out


def seams(shares: np.ndarray, length: int) -> list[int]:
    """Seam positions along an axis of ``length`` pixels from its ``shares``: peaks of at least
    ``SEAM_SHARE``, strongest first, each at least a minimum panel from the ends and from each other;
    then, where those fit an even split (``EVEN_PARTS``: halves, thirds, quarters), the split's other
    seams wherever they reach ``WEAK_SHARE``."""
    gap = max(24, int(MIN_PANEL * length))
    kept: list[int] = []
    for x in np.argsort(-shares, kind="stable"):
        if shares[x] < SEAM_SHARE:
            break
        if x < gap or length - x < gap or any(abs(int(x) - k) < gap for k in kept):
            continue
        kept.append(int(x))
    return sorted(kept + _even_split(shares, length, kept)) if kept else []


def _even_split(shares: np.ndarray, length: int, found: list[int], weak: float = WEAK_SHARE) -> list[int]:
    """The seams an even split into n parts adds to ``found`` (the smallest n they all fit, each added
    seam reaching ``weak``); with nothing found, the first even split whose every seam reaches ``weak``."""
    near = max(2, round(EVEN_SLACK * length))
    for n in EVEN_PARTS:
        marks = [round(k * length / n) for k in range(1, n)]
        if not all(any(abs(x - m) <= near for m in marks) for x in found):
            continue
        added = []
        for m in marks:
            if any(abs(x - m) <= near for x in found):
                continue
            lo, hi = max(0, m - near), min(length, m + near + 1)
            best = lo + int(np.argmax(shares[lo:hi]))
            if shares[best] < weak:
                if found:
                    return []
                break
            added.append(best)
        else:
            return added
    return []


def _content(small: np.ndarray) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) of ``small`` without the flat bars along its edges."""
    h, w = small.shape
    col_flat = small.std(axis=0) < FLAT
    row_flat = small.std(axis=1) < FLAT
    if col_flat.all() or row_flat.all():
        return 0, 0, w, h
    x0, x1 = _bar(col_flat), w - _bar(col_flat[::-1])
    y0, y1 = _bar(row_flat), h - _bar(row_flat[::-1])
    return x0, y0, x1, y1


def _bar(flat: np.ndarray) -> int:
    """How many of the leading entries of ``flat`` are a bar (0 when fewer than ``MIN_BAR``)."""
    n = int(np.argmin(flat))
    return n if n >= MIN_BAR * len(flat) else 0


def panel_boxes(rgb: np.ndarray) -> list[Box]:
    """The panels of an (H, W, 3) uint8 frame, row by row, left to right, flat ones and flat bars left
    out; empty when the frame is one picture filling it, or more than ``MAX_PANELS`` panels."""
    small, scale = _small_grey(rgb)
    h, w = small.shape[:2]
    bx0, by0, bx1, by1 = _content(small)
    inner = small[by0:by1, bx0:bx1]
    across, down = seam_shares(inner), seam_shares(inner.T)
    xs, ys = seams(across, bx1 - bx0), seams(down, by1 - by0)
    if xs and not ys:
        ys = _even_split(down, by1 - by0, [], CROSS_SHARE)
    elif ys and not xs:
        xs = _even_split(across, bx1 - bx0, [], CROSS_SHARE)
    xs, ys = [bx0 + x for x in xs], [by0 + y for y in ys]
    if not xs and not ys and (bx0, by0, bx1, by1) == (0, 0, w, h):
        return []
    cols = list(zip([bx0, *xs], [*xs, bx1], strict=True))
    rows = list(zip([by0, *ys], [*ys, by1], strict=True))
    if len(cols) * len(rows) > MAX_PANELS:
        return []
    H, W = rgb.shape[:2]
    out = []
    for y0, y1 in rows:
        for x0, x1 in cols:
            if small[y0:y1, x0:x1].std() >= FLAT:
                out.append(
                    (x0 * scale, y0 * scale, W if x1 == w else x1 * scale, H if y1 == h else y1 * scale)
                )
    return out
