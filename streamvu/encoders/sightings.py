"""Sightings (people, faces, motion, scene changes) attached to every encoded frame of one stream.

:class:`SightingsEncoder` wraps the encoder a stream uses (see ``stream_encoder``): it encodes as the
wrapped encoder does and meanwhile looks at each frame's pixels with a :class:`PeopleDetector` and a
:class:`MotionTracker` and sets ``FrameTokens.sightings``. The tracker remembers the stream's previous
sampled frame, so one wrapper serves one pass over one source, frames in order. Where the wrapped
encoder reads ImageNet classes, a face its tokens read as an animal is dropped (see ``ANIMAL_FACE``).

:func:`sightings_text` says a frame's (or merged entries') sightings in a few words, for captions,
evidence traces and ``watch`` lines.
"""

from __future__ import annotations

import dataclasses
import math
import threading
from collections.abc import Sequence

import torch

from streamvu.encoders.base import EncoderWrapper, class_head_of
from streamvu.encoders.detectors import PeopleDetector, person_box
from streamvu.encoders.imagenet import ANIMALS
from streamvu.encoders.motion import MotionTracker
from streamvu.messages import Detection, Frame, FrameTokens, Sightings


class SightingsLooker:
    """People, faces, motion and cuts of the frames of one stream, given in order.

    A frame that is still against the previous one (motion below ``still``, no cut) keeps the previous
    frame's detections instead of searching again, at most ``reuse`` times in a row: a fixed camera on
    a quiet room costs only the motion check. Faces in profile, the dearest search, are looked for on
    every ``profile_every``-th search and on a cut, and carried to the searches between (someone turned
    side-on is found within that many frames).
    """

    def __init__(
        self,
        detector: PeopleDetector | None = None,
        tracker: MotionTracker | None = None,
        still: float = 0.02,
        reuse: int = 8,
        profile_every: int = 4,
    ) -> None:
        self.detector = detector or PeopleDetector()
        self.tracker = tracker or MotionTracker()
        self.still, self.reuse, self.profile_every = still, reuse, max(1, profile_every)
        self._last: tuple[Detection, ...] | None = None
        self._reused = 0
        self._profiles: list[Detection] | None = None
        self._searches = 0

    def look(self, frame: Frame) -> Sightings:
        rgb = frame.rgb
        motion, cut = self.tracker.update(rgb)
        if self._last is not None and motion < self.still and cut < CUT and self._reused < self.reuse:
            self._reused += 1
        else:
            if self._profiles is None or cut >= CUT or self._searches % self.profile_every == 0:
                self._profiles = self.detector.profiles(self.detector.gray(rgb), rgb)
            self._searches += 1
            self._last, self._reused = self.detector.detect(rgb, self._profiles), 0
        t = float(frame.t)
        moving = (t, t) if motion >= MOVING and cut < CUT else None
        return Sightings(self._last, motion, cut, moving, (t,) if cut >= CUT else ())


class SightingsEncoder(EncoderWrapper):
    """``encoder`` whose frames carry :class:`Sightings`; see the module docstring.

    The looking runs in a second thread while the wrapped encoder encodes the same batch (OpenCV and
    torch both release the GIL), frames in order.
    """

    def __init__(self, encoder, looker: SightingsLooker | None = None) -> None:
        super().__init__(encoder)
        self.looker = looker or SightingsLooker()

    def encode(self, frames: Sequence[Frame]) -> list[FrameTokens]:
        seen: list[Sightings] = []
        failed: list[BaseException] = []

        def look() -> None:
            try:
                seen.extend(self.looker.look(frame) for frame in frames)
            except BaseException as exc:  # raised again in the caller's thread
                failed.append(exc)

        worker = threading.Thread(target=look, name="streamvu-sightings", daemon=True)
        worker.start()
        try:
            items = self.encoder.encode(frames)
        finally:
            worker.join()
        if failed:
            raise failed[0]
        head = class_head_of(self.encoder)
        if head is not None:
            seen = [without_animal_faces(s, item, head) for s, item in zip(seen, items, strict=True)]
        # a copy per frame: a feature cache may hand back one FrameTokens for several frames
        return [dataclasses.replace(item, sightings=s) for item, s in zip(items, seen, strict=True)]


ANIMAL_FACE = 0.25
"""A face whose tokens (those under its box) the ImageNet head reads as an animal at this share or more
is an animal's face, and it and its person are dropped: the frontal-face cascade answers to a cat's face
(skimage's chelsea, beside other pictures on 224-854 px frames: 40 of its 42 false faces read 0.30-0.79
animal), while the 364 faces of people in the same layouts read at most 0.20 (ImageNet has no person:
a face reads as a wig, a mask, a suit)."""


def box_cells(grid: tuple[int, int], box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    """(row0, row1, col0, col1): the cells of an (h, w) token ``grid`` that ``box`` (x0, y0, x1, y1,
    fractions of the frame) covers, at least one."""
    h, w = grid
    x0, y0, x1, y1 = box
    c0, r0 = min(int(x0 * w), w - 1), min(int(y0 * h), h - 1)
    return r0, max(math.ceil(y1 * h), r0 + 1), c0, max(math.ceil(x1 * w), c0 + 1)


def animal_share(item: FrameTokens, box: tuple[float, float, float, float], head) -> float | None:
    """The share of the animal classes in ``head``'s reading of the mean of ``item``'s tokens under
    ``box`` (fractions of the frame); None when the tokens are not a grid (a pooled entry)."""
    h, w = item.grid
    if h * w != item.tokens.shape[0]:
        return None
    r0, r1, c0, c1 = box_cells(item.grid, box)
    grid = item.tokens.detach().to("cpu", torch.float32).reshape(h, w, -1)
    mean = grid[r0:r1, c0:c1].reshape(-1, grid.shape[-1]).mean(dim=0)
    return float(head(mean[None])[0, ANIMALS].sum())


def without_animal_faces(sightings: Sightings, item: FrameTokens, head) -> Sightings:
    """``sightings`` less the faces ``item``'s tokens read as an animal's (see ``ANIMAL_FACE``) and the
    people those faces stood for."""
    animals = [
        d
        for d in sightings.detections
        if d.kind == "face" and (animal_share(item, d.box, head) or 0.0) >= ANIMAL_FACE
    ]
    if not animals:
        return sightings
    gone = {person_box(d.box) for d in animals}
    kept = tuple(
        d for d in sightings.detections if d not in animals and not (d.kind == "person" and d.box in gone)
    )
    return dataclasses.replace(sightings, detections=kept)


MOVING = 0.38
"""Motion at or above this reads as "moving": above a textured still picture shaken by a pixel or two
between samples (up to 0.31 on the 224-px development videos; still scenes and H.264 noise stay near 0),
below a 48-px object crossing a 640x360 frame (0.42-0.70) and an object sliding across a 224-px picture
(0.54-0.97 while it moves)."""
CUT = 0.5
"""A cut score at or above this is a scene change."""


def people_words(sightings: Sightings) -> str:
    """ "a person", "2 people", "a face" (faces only when no person box: each face is also a person), or ""."""
    people, faces = sightings.count("person"), sightings.count("face")
    if people:
        return "a person" if people == 1 else f"{people} people"
    if faces:
        return "a face" if faces == 1 else f"{faces} faces"
    return ""


def sightings_text(sightings: Sightings | None) -> str:
    """A few words for one frame's (or merged entries') sightings: "2 people, moving", "a person",
    "scene change", "moving"; "" when nothing was seen (or ``sightings`` is None)."""
    if sightings is None:
        return ""
    parts = [people_words(sightings)]
    if sightings.cut >= CUT:
        parts.append("scene change")
    elif sightings.motion >= MOVING:
        parts.append("moving")
    return ", ".join(p for p in parts if p)
