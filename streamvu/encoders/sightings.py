"""Sightings (people, faces, motion, scene changes) attached to every encoded frame of one stream.

:class:`SightingsEncoder` wraps the encoder a stream uses (see ``stream_encoder``): it encodes as the
wrapped encoder does, then looks at each frame's pixels with a :class:`PeopleDetector` and a
:class:`MotionTracker` and sets ``FrameTokens.sightings``. The tracker remembers the stream's previous
sampled frame, so one wrapper serves one pass over one source, frames in order.

:func:`sightings_text` says a frame's (or merged entries') sightings in a few words, for captions,
evidence traces and ``watch`` lines.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from streamvu.encoders.detectors import PeopleDetector
from streamvu.encoders.motion import MotionTracker
from streamvu.messages import Frame, FrameTokens, Sightings


class SightingsLooker:
    """People, faces, motion and cuts of the frames of one stream, given in order."""

    def __init__(self, detector: PeopleDetector | None = None, tracker: MotionTracker | None = None) -> None:
        self.detector = detector or PeopleDetector()
        self.tracker = tracker or MotionTracker()

    def look(self, frame: Frame) -> Sightings:
        rgb = frame.rgb
        motion, cut = self.tracker.update(rgb)
        return Sightings(detections=self.detector.detect(rgb), motion=motion, cut=cut)


class SightingsEncoder:
    """``encoder`` whose frames carry :class:`Sightings`; see the module docstring."""

    def __init__(self, encoder, looker: SightingsLooker | None = None) -> None:
        self.encoder = encoder
        self.looker = looker or SightingsLooker()
        self.name, self.dim, self.grid = encoder.name, encoder.dim, encoder.grid

    @property
    def config(self):
        return getattr(self.encoder, "config", None)

    def encode(self, frames: Sequence[Frame]) -> list[FrameTokens]:
        items = self.encoder.encode(frames)
        # a copy per frame: a feature cache may hand back one FrameTokens for several frames
        return [
            dataclasses.replace(item, sightings=self.looker.look(frame))
            for frame, item in zip(frames, items, strict=True)
        ]


MOVING = 0.3
"""Motion at or above this reads as "moving" (an object crossing part of the frame; still scenes and
H.264 noise stay near 0)."""
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
