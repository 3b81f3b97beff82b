"""Sightings (people, faces, motion, scene changes) attached to every encoded frame of one stream.

:class:`SightingsEncoder` wraps the encoder a stream uses (see ``stream_encoder``): it encodes as the
wrapped encoder does and meanwhile looks at each frame's pixels with a :class:`PeopleDetector` and a
:class:`MotionTracker` and sets ``FrameTokens.sightings``. The tracker remembers the stream's previous
sampled frame, so one wrapper serves one pass over one source, frames in order.

:func:`sightings_text` says a frame's (or merged entries') sightings in a few words, for captions,
evidence traces and ``watch`` lines.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence

from streamvu.encoders.base import EncoderWrapper
from streamvu.encoders.detectors import PeopleDetector
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
        # a copy per frame: a feature cache may hand back one FrameTokens for several frames
        return [dataclasses.replace(item, sightings=s) for item, s in zip(items, seen, strict=True)]


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
