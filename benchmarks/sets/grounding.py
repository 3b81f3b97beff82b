"""The grounding development suite: videos of known images at known times, and questions about them.

Each video is a schedule of ``skimage.data`` images (what is on screen from when to when); the
questions are written from that schedule alone, with the wording a user would use ("a cat", "a cup
of coffee"), never from what the classifier says. Records follow OVBench's lmms-eval row shape (a
flat JSON list): ``video``, ``question``, ``candidates`` (option texts), ``answer`` (the correct
option's text), ``answer_type`` and ``sub_answer_type`` (the question form as an OVBench type and code, see
:data:`FORM_CODES`), ``start``, ``end``,
``middle_frame_timestamp`` (the ask time), so ``streamvu eval ovbench`` reads the file as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.sets.media import skimage_rgb, write_video

# what each image shows, as people say it
OBJECTS = {
    "coffee": "a cup of coffee",
    "chelsea": "a cat",
    "rocket": "a rocket",
    "camera": "a camera",
    "stereo_motorcycle": "a motorcycle",
}
NEVER_SHOWN = ("a dog", "a bird", "a guitar", "a banana", "a car")
FORMS = ("now", "now yes/no", "past yes/no", "when", "order", "beginning/window", "count")
# each form as an OVBench task type and subtask code (the reader accepts OVBench's six types only)
FORM_CODES = {
    "now": "SpatialPerception-1",
    "now yes/no": "Hallucination-1",
    "past yes/no": "PastMemory-1",
    "when": "TemporalPerception-1",
    "order": "PastMemory-2",
    "beginning/window": "PastMemory-3",
    "count": "SpatioTemporalPerception-1",
}


def form_of(code: str) -> str:
    """The question form of a suite record's ``sub_answer_type`` (a prediction's ``task``)."""
    return next(form for form, c in FORM_CODES.items() if c == code)


@dataclass(frozen=True)
class Video:
    name: str
    schedule: tuple[tuple[str, float, float], ...]  # (image, start s, end s), back to back from 0

    @property
    def duration(self) -> float:
        return self.schedule[-1][2]

    def at(self, t: float) -> str:
        for image, a, b in self.schedule:
            if a <= t < b:
                return image
        return self.schedule[-1][0]


VIDEOS = (
    Video(
        "kitchen_walk",
        (
            ("coffee", 0, 20),
            ("chelsea", 20, 45),
            ("rocket", 45, 60),
            ("coffee", 60, 75),
            ("stereo_motorcycle", 75, 90),
        ),
    ),
    Video(
        "studio", (("camera", 0, 18), ("stereo_motorcycle", 18, 36), ("chelsea", 36, 54), ("camera", 54, 72))
    ),
    Video("launch", (("rocket", 0, 30), ("chelsea", 30, 48), ("coffee", 48, 66))),
)


def image_of(name: str):
    from skimage import data

    if name == "stereo_motorcycle":
        import numpy as np
        from PIL import Image

        return np.asarray(Image.fromarray(data.stereo_motorcycle()[0]).resize((224, 224), Image.BILINEAR))
    return skimage_rgb(name)


def write_videos(folder: Path, fps: float = 2.0) -> dict[str, Path]:
    """Encode every suite video into ``folder`` (H.264, 224x224); returns name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for video in VIDEOS:
        path = folder / f"{video.name}.mp4"
        if not path.exists():
            write_video(path, [(image_of(img), b - a) for img, a, b in video.schedule], fps=fps)
        out[video.name] = path
    return out


def _record(video: Video, t: float, form: str, question: str, candidates: list[str], answer: str) -> dict:
    assert answer in candidates, (question, answer, candidates)
    return {
        "video": f"{video.name}.mp4",
        "question": question,
        "candidates": candidates,
        "answer": answer,
        "answer_type": FORM_CODES[form].partition("-")[0],
        "sub_answer_type": FORM_CODES[form],
        "start": 0.0,
        "end": t,
        "middle_frame_timestamp": t,
    }


def _rotate(options: list[str], k: int) -> list[str]:
    k %= len(options)
    return options[k:] + options[:k]


def _span(a: float, b: float) -> str:
    return f"{a:g}–{b:g} s"


def questions(video: Video, seed: int) -> list[dict]:
    """Questions about ``video`` written from its schedule (``seed`` rotates the option order)."""
    recs: list[dict] = []
    shown = [img for img, _, _ in video.schedule]
    present = list(dict.fromkeys(shown))
    absent_objs = [o for o in OBJECTS if o not in present]
    k = seed

    def objects(truth: str, n: int = 4) -> list[str]:
        others = [OBJECTS[o] for o in present if o != truth] + [OBJECTS[o] for o in absent_objs]
        others += list(NEVER_SHOWN)
        nonlocal k
        k += 1
        return _rotate([OBJECTS[truth], *others[: n - 1]], k)

    # now: the middle of each segment
    for img, a, b in video.schedule[:3]:
        t = round(a + 0.6 * (b - a))
        recs.append(_record(video, t, "now", "What is in the video now?", objects(img), OBJECTS[img]))
    # now yes/no: one true, one false
    img, a, b = video.schedule[1]
    t = round(a + 0.7 * (b - a))
    recs.append(
        _record(video, t, "now yes/no", f"Is there {OBJECTS[img]} on screen now?", ["Yes", "No"], "Yes")
    )
    other = video.schedule[0][0]
    recs.append(
        _record(
            video,
            t,
            "now yes/no",
            f"Is {OBJECTS[other].replace('a ', 'the ', 1)} still here?",
            ["Yes", "No"],
            "No" if other != img else "Yes",
        )
    )
    # past yes/no: something shown earlier, something never shown, something shown only later
    end = video.duration
    recs.append(_record(video, end, "past yes/no", f"Was {OBJECTS[shown[1]]} shown?", ["Yes", "No"], "Yes"))
    recs.append(
        _record(
            video,
            end,
            "past yes/no",
            f"Did {NEVER_SHOWN[seed % len(NEVER_SHOWN)]} appear in the video?",
            ["Yes", "No"],
            "No",
        )
    )
    late = video.schedule[-1]
    if late[0] not in shown[:-1]:
        recs.append(
            _record(
                video,
                late[1] - 2,
                "past yes/no",
                f"Has {OBJECTS[late[0]]} been shown so far?",
                ["Yes", "No"],
                "No",
            )
        )
    # when: the span of an image shown once
    once = [s for s in video.schedule if shown.count(s[0]) == 1]
    img, a, b = once[0]
    spans = [_span(x, y) for _, x, y in video.schedule]
    truth = _span(a, b)
    opts = [truth] + [s for s in spans if s != truth][:3]
    recs.append(
        _record(
            video,
            end,
            "when",
            f"When was {OBJECTS[img].replace('a ', 'the ', 1)} shown?",
            _rotate(opts, seed),
            truth,
        )
    )
    # order: first, before, after, which first
    recs.append(_record(video, end, "order", "What was shown first?", objects(shown[0]), OBJECTS[shown[0]]))
    img, a, b = video.schedule[2]
    prev = video.schedule[1][0]
    recs.append(
        _record(
            video,
            end,
            "order",
            f"What was shown just before {OBJECTS[img].replace('a ', 'the ', 1)}?",
            objects(prev),
            OBJECTS[prev],
        )
    )
    img1 = video.schedule[1][0]
    nxt = video.schedule[2][0]
    recs.append(
        _record(
            video,
            end,
            "order",
            f"What came right after {OBJECTS[img1].replace('a ', 'the ', 1)}?",
            objects(nxt),
            OBJECTS[nxt],
        )
    )
    x, y = video.schedule[0][0], video.schedule[2][0]
    pair = [OBJECTS[y].replace("a ", "the ", 1), OBJECTS[x].replace("a ", "the ", 1)]
    recs.append(
        _record(
            video, end, "order", f"Which came first, {pair[0]} or {pair[1]}?", _rotate(pair, seed), pair[1]
        )
    )
    # beginning / a window
    recs.append(
        _record(
            video,
            end,
            "beginning/window",
            "What was shown at the beginning of the video?",
            objects(shown[0]),
            OBJECTS[shown[0]],
        )
    )
    img, a, b = video.schedule[-2]
    recs.append(
        _record(
            video,
            end,
            "beginning/window",
            f"What was shown between {a + 2:g} and {b - 2:g} seconds?",
            objects(img),
            OBJECTS[img],
        )
    )
    # count: how many times the most repeated image appeared; how many scenes
    top = max(present, key=shown.count)
    n = shown.count(top)
    recs.append(
        _record(
            video,
            end,
            "count",
            f"How many times was {OBJECTS[top]} shown?",
            _rotate([str(n), *[str(m) for m in (1, 2, 3, 4) if m != n][:3]], seed),
            str(n),
        )
    )
    scenes = len(video.schedule)
    recs.append(
        _record(
            video,
            end,
            "count",
            "How many distinct scenes were shown?",
            _rotate([str(scenes), *[str(m) for m in (2, 3, 4, 5, 6) if m != scenes][:3]], seed + 1),
            str(scenes),
        )
    )
    return recs


def suite() -> list[dict]:
    """Every question of the suite, in the lmms-eval row shape."""
    return [rec for i, video in enumerate(VIDEOS) for rec in questions(video, i)]


def write_suite(folder: Path) -> tuple[Path, Path]:
    """Write the videos and ``suite.json`` into ``folder``; returns (annotations, video folder)."""
    videos = folder / "videos"
    write_videos(videos)
    path = folder / "suite.json"
    path.write_text(json.dumps(suite(), indent=1))
    return path, videos


# --- people, categories, motion and scene changes (the development part) -------------------------
# Videos of shots: one picture, or several side by side, still, or with an object sliding across it.
# The truth is the schedule's: who is in each picture (PEOPLE), which shots move, where the picture
# changes. Records carry a ``form`` besides OVBench's keys.

PEOPLE_FORMS = ("people", "people count", "motion", "scene change", "category")
PEOPLE_FORM_CODES = {
    "people": "Hallucination-2",
    "people count": "SpatialPerception-2",
    "motion": "TemporalPerception-2",
    "scene change": "TemporalPerception-3",
    "category": "PastMemory-5",
}
PEOPLE = {"astronaut": 1, "grace_hopper": 1, "camera": 1}  # people in each picture (the cameraman is one)


@dataclass(frozen=True)
class Shot:
    images: tuple[str, ...]  # one picture, or several side by side
    start: float
    end: float
    moving: bool = False  # an object slides across the still picture during the shot


@dataclass(frozen=True)
class ShotVideo:
    name: str
    shots: tuple[Shot, ...]  # back to back from 0
    size: tuple[int, int] = (224, 224)  # (w, h)
    mover: str = "square"  # what moves in a moving shot: "square" (a bright square) or "ball"

    @property
    def duration(self) -> float:
        return self.shots[-1].end

    def at(self, t: float) -> Shot:
        return next((s for s in self.shots if s.start <= t < s.end), self.shots[-1])

    def people(self, t: float) -> int:
        return sum(PEOPLE.get(img, 0) for img in self.at(t).images)

    @property
    def cuts(self) -> list[float]:
        """Times where the picture changes (a moving object starting or stopping is not a cut)."""
        return [b.start for a, b in zip(self.shots, self.shots[1:], strict=False) if a.images != b.images]

    def frame(self, shot: Shot):
        from benchmarks.sets.media import sample_image, side_by_side

        pictures = [sample_image(img) for img in shot.images]
        if len(pictures) == 1 and self.size == (224, 224):
            return pictures[0]
        return side_by_side(pictures, self.size)


def _mover(kind: str):
    import numpy as np

    from benchmarks.sets.media import disc

    return disc(18) if kind == "ball" else np.full((32, 32, 3), (255, 60, 40), np.uint8)


def write_shot_videos(folder: Path, videos, fps: float = 2.0) -> dict[str, Path]:
    """Encode each :class:`ShotVideo` of ``videos`` into ``folder`` (H.264, no jitter); name -> path."""
    from benchmarks.sets.media import write_shots_video

    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for video in videos:
        path = folder / f"{video.name}.mp4"
        if not path.exists():
            shots = [
                (video.frame(s), s.end - s.start, _mover(video.mover) if s.moving else None)
                for s in video.shots
            ]
            write_shots_video(path, shots, fps=fps)
        out[video.name] = path
    return out


def shot_record(
    video: str, t: float, form: str, question: str, candidates: list[str], answer: str, codes: dict[str, str]
) -> dict:
    """One question in the lmms-eval row shape, plus its ``form``; ``codes`` maps forms to OVBench codes."""
    assert answer in candidates and len(set(candidates)) == len(candidates), (question, answer, candidates)
    return {
        "video": f"{video}.mp4",
        "question": question,
        "candidates": candidates,
        "answer": answer,
        "answer_type": codes[form].partition("-")[0],
        "sub_answer_type": codes[form],
        "start": 0.0,
        "end": float(t),
        "middle_frame_timestamp": float(t),
        "form": form,
    }


@dataclass
class Questions:
    """The records of a question set being written: :meth:`add` one multiple-choice question about a
    video (anything with a ``name``), :meth:`yn` a yes/no one; ``codes`` maps forms to OVBench codes."""

    codes: dict[str, str]
    records: list[dict] = field(default_factory=list)

    def add(self, video, t: float, form: str, question: str, candidates: list[str], answer: str) -> None:
        self.records.append(shot_record(video.name, t, form, question, candidates, answer, self.codes))

    def yn(self, video, t: float, form: str, question: str, truth: bool) -> None:
        self.add(video, t, form, question, ["Yes", "No"], "Yes" if truth else "No")


PEOPLE_VIDEOS = (
    ShotVideo(
        "visitors",
        (
            Shot(("chelsea",), 0, 14),
            Shot(("astronaut",), 14, 32),
            Shot(("coffee",), 32, 46),
            Shot(("astronaut", "camera"), 46, 62),
            Shot(("stereo_motorcycle",), 62, 76),
        ),
        size=(448, 224),
    ),
    ShotVideo(
        "slider",
        (
            Shot(("coffee",), 0, 16),
            Shot(("coffee",), 16, 30, moving=True),
            Shot(("coffee",), 30, 44),
            Shot(("chelsea",), 44, 58),
            Shot(("chelsea",), 58, 70, moving=True),
            Shot(("stereo_motorcycle",), 70, 82),
        ),
    ),
)


def _yes(truth: bool) -> str:
    return "Yes" if truth else "No"


def people_suite() -> list[dict]:
    """The development questions about people, categories, motion and scene changes (plain wordings)."""
    visitors, slider = PEOPLE_VIDEOS
    recs: list[dict] = []

    def add(video: ShotVideo, t: float, form: str, question: str, candidates: list[str], answer: str) -> None:
        recs.append(shot_record(video.name, t, form, question, candidates, answer, PEOPLE_FORM_CODES))

    def yn(video: ShotVideo, t: float, form: str, question: str, truth: bool) -> None:
        add(video, t, form, question, ["Yes", "No"], _yes(truth))

    def span(shot: Shot) -> str:
        return _span(shot.start, shot.end)

    v = visitors
    for t in (8, 24, 40, 54):
        yn(v, t, "people", "Is there a person on screen now?", v.people(t) > 0)
    yn(v, 10, "people", "Has a person appeared so far?", False)
    yn(v, 40, "people", "Has a person appeared so far?", True)
    first = next(s for s in v.shots if any(i in PEOPLE for i in s.images))
    add(v, 76, "people", "When was a person first on screen?", [span(s) for s in v.shots[:4]], span(first))
    for t in (24, 54, 70):
        add(v, t, "people count", "How many people are visible?", ["0", "1", "2", "3"], str(v.people(t)))
    coffee = next(s for s in v.shots if s.images == ("coffee",))
    add(
        v,
        76,
        "category",
        "When did we see a hot drink?",
        _rotate([span(s) for s in v.shots[:4]], 1),
        span(coffee),
    )
    yn(v, 10, "category", "Has any animal appeared?", True)
    yn(v, 28, "category", "Has anything to drink appeared?", False)
    yn(v, 76, "category", "Was there a vehicle?", True)
    opts = [f"at {x:g} s" for x in (8, v.cuts[0], 24, 40)]
    add(v, 76, "scene change", "When did the scene change for the first time?", opts, f"at {v.cuts[0]:g} s")

    v = slider
    moving = [s for s in v.shots if s.moving]
    add(v, 44, "motion", "When was there movement?", [span(s) for s in v.shots[:3]], span(moving[0]))
    yn(v, 24, "motion", "Is something moving now?", True)
    yn(v, 50, "motion", "Is something moving now?", False)
    for t in (28, 42, 56, 66):
        yn(
            v,
            t,
            "motion",
            "Did anything move in the last 10 seconds?",
            any(s.moving and s.start < t and s.end > t - 10 for s in v.shots),
        )
    add(
        v,
        82,
        "motion",
        "When was there movement most recently?",
        _rotate([span(s) for s in v.shots[2:]], 2),
        span(moving[-1]),
    )
    opts = [f"at {x:g} s" for x in (16, 30, v.cuts[0], 58)]
    add(v, 82, "scene change", "When did the scene first change?", opts, f"at {v.cuts[0]:g} s")
    add(
        v, 82, "scene change", "How many scene cuts are in the video?", ["0", "1", "2", "4"], str(len(v.cuts))
    )
    add(v, 82, "category", "When did we see a hot drink?", ["0–44 s", "44–70 s", "70–82 s"], "0–44 s")
    yn(v, 50, "category", "Has any animal appeared?", True)
    yn(v, 60, "category", "Was there a vehicle?", False)
    yn(v, 82, "category", "Was there a vehicle?", True)
    return recs


def write_shot_suite(folder: Path, videos, records: list[dict], name: str) -> tuple[Path, Path]:
    """Encode ``videos`` (:class:`ShotVideo`) into ``folder/videos`` and write ``records`` to
    ``folder/<name>.json``; returns (annotations, video folder)."""
    video_folder = folder / "videos"
    write_shot_videos(video_folder, videos)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(records, indent=1))
    return path, video_folder


def write_people_suite(folder: Path) -> tuple[Path, Path]:
    """Write the people/motion videos and ``people.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, PEOPLE_VIDEOS, people_suite(), "people")
