"""Sightings (people, faces, motion, scene changes) attached to every encoded frame of one stream.

:class:`SightingsEncoder` wraps the encoder a stream uses (see ``stream_encoder``): it encodes as the
wrapped encoder does, then looks at each frame's pixels with a :class:`PeopleDetector` and a
:class:`MotionTracker` and sets ``FrameTokens.sightings``. The tracker remembers the stream's previous
sampled frame, so one wrapper serves one pass over one source, frames in order.
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
