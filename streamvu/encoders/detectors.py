"""People and faces in a frame, from the detectors OpenCV 4.x wheels ship with their weights.

* faces: the frontal-face Haar cascade (``haarcascade_frontalface_default.xml``), kept where the
  face box shows skin (in colour frames: the cascade also answers to cartoon faces);
* people: every face stands for a person (a box grown from the face down over the shoulders), plus
  the HOG + linear SVM pedestrian detector (``HOGDescriptor_getDefaultPeopleDetector``) for whole
  standing bodies; a body holding a face is that face's person (two faces are always two people).

The upper-body and full-body cascades were measured and left out: on skimage/matplotlib images they
fired on a retina scan and a micrograph as strongly as on people, and missed the astronaut and Grace
Hopper. OpenCV 5.x wheels no longer ship the cascades nor the HOG people model, hence the
``opencv-python-headless<5`` pin.

Frames are searched on a small grayscale copy (``width`` pixels wide), so a frame costs a few
milliseconds whatever its size (no histogram equalisation: letterbox bars skew it and it cost the
astronaut's face most of its support). Scores are calibrated to [0, 1] so that a clear detection is
>= 0.5: a face from the number of overlapping raw detections that support it (measured at 320 px:
astronaut 35, or 8 when letterboxed into 640x360, Grace Hopper 23-28; the most on coffee, chelsea,
cat, rocket, horse, camera, retina, immunohistochemistry, hubble, china and flower was 5; Big Buck
Bunny's face reached 12, and is dropped by the skin check), a HOG person from its SVM margin (a taxi
sign in the bikes clip reached 0.9, below the 1.0 that scores 0.5). No shipped photo shows a whole
standing person, so HOG's hit rate is unmeasured here: people are mostly found by their faces.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from streamvu import _deps
from streamvu.errors import MissingDependencyError
from streamvu.messages import Detection

Box = tuple[float, float, float, float]

_FACE_CASCADE = "haarcascade_frontalface_default.xml"
_PROFILE_CASCADE = "haarcascade_profileface.xml"  # faces turned one way; the mirrored frame finds the other
_FACE_SCALE = 6.0 / math.log(2.0)  # 8.66
"""Support n of a face -> score 1 - exp(-n / 8.66): 6 raw hits give 0.5, 21 give 0.91."""
SECOND_LOOK = 0.9
"""A frame whose frontal-face search only nearly found a face is searched again on a copy this much smaller."""
_HOG_CENTER, _HOG_SLOPE = 1.0, 3.0
"""HOG margin m -> score 1 / (1 + exp(-3 (m - 1))): a margin of 1 gives 0.5."""


def load_cv2():
    """The ``cv2`` module, checked to carry the detector data the 4.x wheels ship."""
    cv2 = _deps.require("cv2", "people and face detection")
    data = getattr(cv2, "data", None)
    folder = getattr(data, "haarcascades", None)
    if folder is None or not hasattr(cv2, "HOGDescriptor_getDefaultPeopleDetector"):
        raise MissingDependencyError(
            f"OpenCV {cv2.__version__} has no Haar cascades or HOG people model (5.x wheels dropped them): "
            "pip install 'opencv-python-headless>=4.10,<5'"
        )
    return cv2


@dataclass(frozen=True)
class DetectorConfig:
    """Settings of :class:`PeopleDetector`.

    width: frames are searched on a grayscale copy this many pixels wide (aspect kept; smaller frames
        are not enlarged).
    hog_width: width of the copy the HOG people detector searches (its window is 64x128 pixels, so a
        standing person must be at least 128 pixels tall in it); 0 turns HOG off.
    min_face: smallest face searched, in pixels of the ``width`` copy (the cascade's own window, 24, is
        the floor: smaller faces are not found at all; 24 px of 320 is a 48-px face in a 640-px frame).
    min_score: detections scoring below this are dropped.
    min_skin: in a colour frame, the least share of skin-coloured pixels in the middle of a face box
        (real faces measured 0.91-1.0, Big Buck Bunny's face 0.09-0.15); grey frames skip the check.
    grey_min_score: in a grey frame (or a grey part of one), where skin cannot vet a face, the least
        score a face needs (heads on old coins reached 0.55; frontal faces of people 0.84-0.99).
    nms_overlap: two boxes of one kind overlapping more than this (intersection over the smaller box)
        are one thing.
    face_overlap: the same for faces, lower: faces of different people barely overlap, while the
        cascade also fires on a chin or collar half inside a face it found (a squeezed portrait).
    profiles: also look for faces in profile (OpenCV's profile cascade, on the frame and its mirror:
        skimage's cameraman, side-on, scores 0.44-0.82 there and nothing on the frontal cascade); a
        profile needs ``min_score`` and, in colour, skin, but no ``grey_min_score`` (it found none of
        the heads on old coins).
    """

    width: int = 320
    hog_width: int = 400
    min_face: int = 24
    min_score: float = 0.5
    min_skin: float = 0.5
    grey_min_score: float = 0.7
    nms_overlap: float = 0.5
    face_overlap: float = 0.15
    profiles: bool = True

    def __post_init__(self) -> None:
        if self.width < 64:
            raise ValueError(f"width must be >= 64, got {self.width}")
        if self.hog_width and self.hog_width < 64:
            raise ValueError(f"hog_width must be 0 (off) or >= 64, got {self.hog_width}")
        if not 0.0 <= self.min_score <= 1.0:
            raise ValueError(f"min_score must be in [0, 1], got {self.min_score}")


class PeopleDetector:
    """Finds faces and people in RGB frames; one instance per thread (OpenCV detectors keep state)."""

    def __init__(self, config: DetectorConfig | None = None) -> None:
        self.config = config or DetectorConfig()
        cv2 = self._cv2 = load_cv2()
        self._face = cv2.CascadeClassifier(cv2.data.haarcascades + _FACE_CASCADE)
        self._profile = cv2.CascadeClassifier(cv2.data.haarcascades + _PROFILE_CASCADE)
        for name, cascade in ((_FACE_CASCADE, self._face), (_PROFILE_CASCADE, self._profile)):
            if cascade.empty():
                raise MissingDependencyError(f"OpenCV could not load {name} from cv2.data")
        self._hog = cv2.HOGDescriptor()
        self._hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())

    # -- the parts (public so the benchmark can time each) --------------------------------------
    def gray(self, rgb: np.ndarray, width: int | None = None) -> np.ndarray:
        """A grayscale copy of ``rgb`` at most ``width`` pixels wide."""
        cv2 = self._cv2
        width = width or self.config.width
        g = rgb if rgb.ndim == 2 else cv2.cvtColor(np.ascontiguousarray(rgb[..., :3]), cv2.COLOR_RGB2GRAY)
        h, w = g.shape
        if w > width:
            g = cv2.resize(g, (width, max(1, round(h * width / w))), interpolation=cv2.INTER_AREA)
        return g

    def faces(self, gray: np.ndarray, rgb: np.ndarray | None = None) -> list[Detection]:
        """Frontal faces in a grayscale frame (from :meth:`gray`), strongest first, after NMS.

        With the colour frame ``rgb``, a face must also show skin (see :func:`skin_share`): the cascade
        answers to any face-like pattern, a cartoon rabbit's included."""
        found, near = self._search(self._face, gray, rgb, 1.1, self.config.grey_min_score)
        if near and not found:
            # a face's support swings with where the scale steps fall (the astronaut letterboxed at 320 px:
            # 5 hits, 9 at 288): a near miss gets a second look on a copy 10% smaller
            # (resampled from the frame itself: a copy of the copy reads as the first one did)
            h, w = gray.shape
            width = round(w * SECOND_LOOK)
            if rgb is not None:
                smaller = self.gray(rgb, width)
            else:
                size = (width, round(h * SECOND_LOOK))
                smaller = self._cv2.resize(gray, size, interpolation=self._cv2.INTER_AREA)
            found = self._search(self._face, smaller, rgb, 1.1, self.config.grey_min_score)[0]
        return nms(found, self.config.face_overlap)

    def profiles(self, gray: np.ndarray, rgb: np.ndarray | None = None) -> list[Detection]:
        """Faces in profile, turned either way (the profile cascade on the frame and on its mirror), as
        :meth:`faces` finds frontal ones; [] when ``config.profiles`` is off. The scale steps are coarser
        (1.15): the two searches at 1.1 cost three times the frontal one."""
        if not self.config.profiles:
            return []
        found = self._search(self._profile, gray, rgb, 1.15, 0.0)[0]
        found += self._search(self._profile, gray, rgb, 1.15, 0.0, mirrored=True)[0]
        return nms(found, self.config.face_overlap)

    def _search(
        self, cascade, gray: np.ndarray, rgb: np.ndarray | None, step: float, grey_bar: float, mirrored=False
    ) -> tuple[list[Detection], bool]:
        """(faces the cascade found and the score and skin checks kept, whether it found one they did not
        keep for its score alone: a near miss)."""
        h, w = gray.shape
        side = self.config.min_face
        if min(h, w) < side:
            return [], False
        boxes, support = cascade.detectMultiScale2(
            np.ascontiguousarray(gray[:, ::-1]) if mirrored else gray,
            scaleFactor=step,
            minNeighbors=3,
            minSize=(side, side),
        )
        found, near = [], False
        for (x, y, bw, bh), n in zip(
            np.asarray(boxes).reshape(-1, 4), np.asarray(support).reshape(-1), strict=True
        ):
            score = round(1.0 - math.exp(-float(n) / _FACE_SCALE), 4)  # 6 hits: 0.5, not 0.49997
            x = w - x - bw if mirrored else x
            box = _frac(x, y, x + bw, y + bh, w, h)
            skin = None if rgb is None else skin_share(rgb, box)
            vetted = skin >= self.config.min_skin if skin is not None else score >= grey_bar
            if score >= self.config.min_score and vetted:
                found.append(Detection("face", box, score))
            near = near or (score < self.config.min_score and (skin is None or skin >= self.config.min_skin))
        return found, near

    def bodies(self, rgb: np.ndarray) -> list[Detection]:
        """Standing people found by HOG on a ``hog_width`` copy of ``rgb``, strongest first, after NMS."""
        if not self.config.hog_width:
            return []
        gray = self.gray(rgb, self.config.hog_width)
        h, w = gray.shape
        if h < 128 or w < 64:
            return []
        boxes, margins = self._hog.detectMultiScale(gray, winStride=(8, 8), padding=(8, 8), scale=1.1)
        found = []
        for (x, y, bw, bh), m in zip(
            np.asarray(boxes).reshape(-1, 4), np.asarray(margins).reshape(-1), strict=True
        ):
            score = 1.0 / (1.0 + math.exp(-_HOG_SLOPE * (float(m) - _HOG_CENTER)))
            if score >= self.config.min_score:
                # HOG boxes carry a margin around the body: trim it so boxes compare with face-grown ones
                px, py = 0.15 * bw, 0.07 * bh
                found.append(
                    Detection(
                        "person", _frac(x + px, y + py, x + bw - px, y + bh - py, w, h), round(score, 4)
                    )
                )
        return nms(found, self.config.nms_overlap)

    # -- the whole frame -----------------------------------------------------------------------
    def detect(self, rgb: np.ndarray, profiles: Sequence[Detection] | None = None) -> tuple[Detection, ...]:
        """Faces and people in an RGB (H, W, 3) uint8 frame: faces first, then people, each strongest
        first. Each face also counts as a person (one box per person when HOG finds the same one).
        ``profiles``: faces in profile found on an earlier frame, used instead of searching this one
        (see ``SightingsLooker``); None searches."""
        gray = self.gray(rgb)
        side = self.profiles(gray, rgb) if profiles is None else list(profiles)
        faces = nms(self.faces(gray, rgb) + side, self.config.face_overlap)
        people = [Detection("person", person_box(f.box), f.score) for f in faces]
        for body in self.bodies(rgb):  # a body holding a face is that face's person: more sure of it
            i = next((i for i, f in enumerate(faces) if _holds_face(body.box, f.box)), None)
            if i is None:
                people.append(body)
            else:
                both = round(1.0 - (1.0 - people[i].score) * (1.0 - body.score), 4)
                people[i] = Detection("person", people[i].box, both)
        return tuple(faces) + tuple(sorted(people, key=lambda d: -d.score))


def skin_share(rgb: np.ndarray, box: Box) -> float | None:
    """Share of skin-coloured pixels (YCrCb chroma in Cr 135-180, Cb 85-135, a range used across
    skin tones) in the middle 60% of ``box``; None where the frame is grey there (no colour to judge by)."""
    import cv2

    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = box
    dx, dy = 0.2 * (x1 - x0), 0.2 * (y1 - y0)
    patch = rgb[int((y0 + dy) * h) : int((y1 - dy) * h) + 1, int((x0 + dx) * w) : int((x1 - dx) * w) + 1, :3]
    if patch.size == 0:
        return 0.0
    patch = np.ascontiguousarray(patch)
    spread = patch.max(axis=2).astype(np.int16) - patch.min(axis=2)
    if float(spread.mean()) < 6.0:  # grey (or nearly): a monochrome camera
        return None
    ycc = cv2.cvtColor(patch, cv2.COLOR_RGB2YCrCb)
    cr, cb = ycc[..., 1], ycc[..., 2]
    return float(np.mean((cr >= 135) & (cr <= 180) & (cb >= 85) & (cb <= 135)))


def _holds_face(body: Box, face: Box) -> bool:
    """The face's centre lies in the top half of the body box."""
    cx, cy = (face[0] + face[2]) / 2, (face[1] + face[3]) / 2
    return body[0] <= cx <= body[2] and body[1] <= cy <= (body[1] + body[3]) / 2


def person_box(face: Box) -> Box:
    """The box of the person a face belongs to: a face's width either side, down to 3 faces below."""
    x0, y0, x1, y1 = face
    fw, fh = x1 - x0, y1 - y0
    return _clip((x0 - fw, y0 - 0.3 * fh, x1 + fw, y1 + 3.0 * fh))


def overlap(a: Box, b: Box) -> float:
    """Intersection over the smaller box's area (1.0 when one box holds the other)."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy / small if small > 0 else 0.0


def nms(dets: list[Detection], threshold: float) -> list[Detection]:
    """Greedy non-max suppression, strongest first: a box overlapping a kept one by more than
    ``threshold`` (see :func:`overlap`) is dropped."""
    kept: list[Detection] = []
    for det in sorted(dets, key=lambda d: -d.score):
        if all(overlap(det.box, k.box) <= threshold for k in kept):
            kept.append(det)
    return kept


def _clip(box: tuple[float, float, float, float]) -> Box:
    x0, y0, x1, y1 = (min(1.0, max(0.0, float(v))) for v in box)
    return (round(x0, 4), round(y0, 4), round(x1, 4), round(y1, 4))


def _frac(x0: float, y0: float, x1: float, y1: float, w: int, h: int) -> Box:
    return _clip((x0 / w, y0 / h, x1 / w, y1 / h))
