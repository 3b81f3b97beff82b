"""A second development set: the forms the plain suite asks once, asked in many wordings.

Videos of shots (one picture, or several side by side; some with an object sliding across) whose truth
is the schedule's, like :func:`benchmarks.sets.grounding.people_suite`; the questions are worded the many
ways people ask for a summary, an order, a scene change, a count of people, movement or a time window.
Used to develop the question reader; the held-out set (benchmarks/sets/heldout.py) is never tuned on.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.sets.grounding import (
    PEOPLE,
    Questions,
    Shot,
    ShotVideo,
    _rotate,
    _span,
    write_shot_videos,
    write_videos,
)
from benchmarks.sets.wordings_plain import WORDING_CODES, plain_suite

WORDING_FORMS = (
    "summary", "order", "scene change", "people count", "people", "motion", "count", "window",
    "now", "now yes/no", "past yes/no", "when", "never", "category",
)  # fmt: skip
NAMES = {
    "rocket": "a rocket",
    "coffee": "a cup of coffee",
    "chelsea": "a cat",
    "stereo_motorcycle": "a motorcycle",
    "astronaut": "a woman",
    "grace_hopper": "a woman",
}

TRICKY = ShotVideo(
    "station",
    (
        Shot(("china",), 0, 15),
        Shot(("stereo_motorcycle",), 15, 30, moving=True),
        Shot(("coffee",), 30, 38),
        Shot(("chelsea",), 38, 58),
        Shot(("rocket",), 58, 66),
        Shot(("coffee",), 66, 80),
        Shot(("chelsea",), 80, 92),
    ),
    size=(640, 360),
)
WORDING_VIDEOS = (
    ShotVideo(
        "lobby",
        (
            Shot(("rocket",), 0, 12),
            Shot(("astronaut",), 12, 26),
            Shot(("grace_hopper", "astronaut"), 26, 40),
            Shot(("coffee",), 40, 52),
            Shot(("chelsea",), 52, 66, moving=True),
            Shot(("grace_hopper",), 66, 80),
        ),
        size=(640, 360),
        mover="ball",
    ),
    ShotVideo(
        "garage",
        (
            Shot(("stereo_motorcycle",), 0, 15),
            Shot(("stereo_motorcycle",), 15, 27, moving=True),
            Shot(("coffee", "chelsea"), 27, 42),
            Shot(("rocket",), 42, 56),
            Shot(("astronaut", "grace_hopper", "astronaut"), 56, 72),
        ),
        size=(640, 360),
    ),
)


def wordings_suite() -> list[dict]:
    """The questions (lmms-eval rows plus ``form``), worded many ways, truth from the schedules."""
    lobby, garage = WORDING_VIDEOS
    q = Questions(WORDING_CODES)

    # -- summary: options list what was shown in order ----------------------------------------
    v = lobby
    q.add(
        v,
        80,
        "summary",
        "What happened in the video so far?",
        [
            "a rocket, then a woman, then a cup of coffee, then a cat",
            "a cat, then a motorcycle, then a rocket",
            "a cup of coffee, then a rocket, then a woman",
            "a motorcycle, then a cup of coffee",
        ],
        "a rocket, then a woman, then a cup of coffee, then a cat",
    )
    q.add(
        v,
        66,
        "summary",
        "Summarize the last 30 seconds.",
        [
            "two women, then a cup of coffee, then a cat",
            "a rocket and then a motorcycle",
            "a cat, then a rocket",
            "a motorcycle, then a woman",
        ],
        "two women, then a cup of coffee, then a cat",
    )
    q.add(
        v,
        80,
        "summary",
        "Describe what was shown between 0:40 and 1:06.",
        [
            "a rocket followed by a woman",
            "a cup of coffee followed by a cat",
            "a cat followed by a motorcycle",
            "a motorcycle followed by a cup of coffee",
        ],
        "a cup of coffee followed by a cat",
    )
    v = garage
    q.add(
        v,
        72,
        "summary",
        "Which of these best describes the video?",
        [
            "A motorcycle, then a cat with a cup of coffee, then a rocket, then people",
            "A rocket, then a motorcycle, then a cat",
            "A cup of coffee, then a woman, then a motorcycle",
            "People, then a rocket, then a motorcycle",
        ],
        "A motorcycle, then a cat with a cup of coffee, then a rocket, then people",
    )
    q.add(
        v,
        45,
        "summary",
        "Give me a recap of what we've seen.",
        [
            "a motorcycle, then a cat and a cup of coffee, then a rocket",
            "a rocket, then a motorcycle",
            "a woman, then a cat, then a rocket",
            "a cup of coffee, then a woman",
        ],
        "a motorcycle, then a cat and a cup of coffee, then a rocket",
    )

    # -- order ----------------------------------------------------------------------------------
    v = lobby
    q.add(
        v, 80, "order", "Which appeared later, the cat or the rocket?", ["the cat", "the rocket"], "the cat"
    )
    q.add(
        v,
        80,
        "order",
        "What did we see right after the rocket?",
        _rotate(["a woman", "a cup of coffee", "a cat", "a motorcycle"], 1),
        "a woman",
    )
    q.add(
        v,
        80,
        "order",
        "What was on screen before the cat showed up?",
        _rotate(["a cup of coffee", "a rocket", "a motorcycle", "a woman"], 2),
        "a cup of coffee",
    )
    q.add(
        v,
        52,
        "order",
        "What was the very first thing shown?",
        _rotate(["a rocket", "a cup of coffee", "a cat", "a motorcycle"], 3),
        "a rocket",
    )
    q.add(
        v,
        80,
        "order",
        "What was the second thing shown?",
        ["a rocket", "a cup of coffee", "a cat", "a woman"],
        "a woman",
    )
    q.yn(v, 80, "order", "Did the rocket come before the coffee?", True)
    q.yn(v, 80, "order", "Was the cat shown before the coffee?", False)
    v = garage
    q.add(
        v,
        72,
        "order",
        "Which came last: the motorcycle, the rocket or the cat?",
        ["the motorcycle", "the rocket", "the cat"],
        "the rocket",
    )
    q.add(
        v,
        72,
        "order",
        "What followed the motorcycle?",
        _rotate(["a cat", "a rocket", "a woman", "a dog"], 2),
        "a cat",
    )
    q.add(
        v,
        72,
        "order",
        "What came just before the rocket?",
        _rotate(["a cup of coffee", "a motorcycle", "a dog", "a woman"], 1),
        "a cup of coffee",
    )
    q.add(
        v,
        72,
        "order",
        "Which did we see first, the rocket or the motorcycle?",
        ["the rocket", "the motorcycle"],
        "the motorcycle",
    )

    # -- scene changes --------------------------------------------------------------------------
    for v, end in ((lobby, 80), (garage, 72)):
        n = len(v.cuts)
        q.add(
            v,
            end,
            "scene change",
            "How many times did the shot change?",
            _rotate([str(n), str(n - 2), str(n + 2), str(n - 3)], n),
            str(n),
        )
        last = v.cuts[-1]
        q.add(
            v,
            end,
            "scene change",
            "When was the last cut?",
            [f"at {x:g} s" for x in (v.cuts[0], v.cuts[1], last, end - 3)],
            f"at {last:g} s",
        )
        for t, back, wording in (
            (v.cuts[2] + 6, 10, "Did the scene change in the last 10 seconds?"),
            (v.cuts[2] + 13, 5, "Has the picture changed in the past 5 seconds?"),
        ):
            q.yn(v, t, "scene change", wording, any(t - back <= c <= t for c in v.cuts))
    q.add(
        lobby,
        80,
        "scene change",
        "At what time did the scene switch away from the rocket?",
        ["at 4 s", "at 12 s", "at 26 s", "at 40 s"],
        "at 12 s",
    )
    q.add(
        garage,
        72,
        "scene change",
        "How many different shots were there?",
        ["2", "3", "4", "6"],
        str(len(garage.cuts) + 1),
    )

    # -- people ---------------------------------------------------------------------------------
    for v, times in ((lobby, (6, 20, 34, 46, 74)), (garage, (10, 35, 64))):
        for t in times:
            n = v.people(t)
            q.add(
                v,
                t,
                "people count",
                "How many people are on screen right now?",
                _rotate(["0", "1", "2", "3"], t),
                str(n),
            )
    q.add(lobby, 34, "people count", "Count the faces you can see.", ["0", "1", "2", "4"], "2")
    q.add(garage, 64, "people count", "How many persons are in the frame?", ["1", "2", "3", "5"], "3")
    q.yn(lobby, 34, "people count", "Are there two people here?", True)
    q.yn(lobby, 20, "people count", "Are there two people visible?", False)
    q.yn(lobby, 6, "people", "Is anyone here?", False)
    q.yn(lobby, 20, "people", "Is anybody in view?", True)
    q.yn(lobby, 46, "people", "Is there someone in the picture?", False)
    q.yn(garage, 50, "people", "Have we seen anyone yet?", False)
    q.yn(garage, 70, "people", "Is a person visible at the moment?", True)
    first = next(s for s in lobby.shots if any(i in PEOPLE for i in s.images))
    q.add(
        lobby,
        80,
        "people",
        "When did someone first show up?",
        [_span(s.start, s.end) for s in lobby.shots[:4]],
        _span(first.start, first.end),
    )
    q.add(
        garage,
        72,
        "people",
        "When were there people on screen?",
        [_span(s.start, s.end) for s in garage.shots[1:]],
        _span(56, 72),
    )

    # -- motion ---------------------------------------------------------------------------------
    q.yn(lobby, 60, "motion", "Is anything moving right now?", True)
    q.yn(lobby, 74, "motion", "Is anything moving right now?", False)
    q.yn(garage, 35, "motion", "Was there any motion in the last 15 seconds?", True)
    q.yn(garage, 50, "motion", "Did something move within the past 10 seconds?", False)
    q.add(
        garage,
        72,
        "motion",
        "When did something move?",
        [_span(s.start, s.end) for s in garage.shots[:4]],
        _span(15, 27),
    )
    q.add(
        lobby,
        80,
        "motion",
        "At what point was there movement?",
        [_span(s.start, s.end) for s in lobby.shots[2:]],
        _span(52, 66),
    )

    # -- counts ---------------------------------------------------------------------------------
    q.add(garage, 72, "count", "How often did the motorcycle show up?", ["1", "2", "3", "4"], "1")
    q.add(garage, 72, "count", "How many times did we see the rocket?", ["1", "2", "3", "0"], "1")
    q.add(lobby, 80, "count", "How many separate scenes has the video had?", ["3", "4", "6", "8"], "6")
    q.add(garage, 72, "count", "Count the times a cat was on screen.", ["0", "1", "2", "3"], "1")

    # -- windows --------------------------------------------------------------------------------
    q.add(
        lobby,
        80,
        "window",
        "What did we see during the first 10 seconds?",
        _rotate([NAMES[i] for i in ("rocket", "coffee", "chelsea", "stereo_motorcycle")], 1),
        "a rocket",
    )
    q.add(
        lobby,
        80,
        "window",
        "What was on screen 30 seconds ago?",
        _rotate([NAMES[i] for i in ("rocket", "coffee", "chelsea", "stereo_motorcycle")], 2),
        "a cup of coffee",
    )
    q.add(
        garage,
        72,
        "window",
        "What was shown from 0:45 to 0:55?",
        ["a rocket", "a motorcycle", "a cat", "a dog"],
        "a rocket",
    )
    q.add(
        garage,
        72,
        "window",
        "Between 5 and 12 seconds, what was visible?",
        _rotate(["a rocket", "a motorcycle", "a cat", "a dog"], 3),
        "a motorcycle",
    )
    q.add(
        garage,
        40,
        "window",
        "What have we been looking at for the last ten seconds?",
        ["a rocket", "a motorcycle", "a cat", "a dog"],
        "a cat",
    )
    return q.records + plain_suite() + camera_suite() + tricky_suite()


def camera_suite() -> list[dict]:
    """What people ask a live camera: is anyone there, how many faces, when did they leave, is anything
    moving, when did it stop, how long did it move."""
    lobby, garage = WORDING_VIDEOS
    q = Questions(WORDING_CODES)

    # lobby: rocket 0-12, astronaut 12-26, two women 26-40, coffee 40-52, cat + ball 52-66, a woman 66-80
    q.yn(lobby, 20, "people", "Is someone there?", True)
    q.yn(lobby, 45, "people", "anyone around?", False)
    q.yn(lobby, 30, "people", "Do you see a face?", True)
    q.add(lobby, 30, "people count", "How many faces are visible?", ["0", "1", "2", "3"], "2")
    q.yn(lobby, 75, "people", "Is the person still there?", True)
    q.yn(lobby, 48, "people", "Is the person still there?", False)
    q.add(
        lobby,
        80,
        "people",
        "When did the person leave?",
        ["at 26 s", "at 40 s", "at 52 s", "at 66 s"],
        "at 40 s",
    )
    q.yn(lobby, 80, "people", "Did somebody come in?", True)
    q.yn(garage, 50, "people", "Has anybody entered in the last 20 seconds?", False)
    q.yn(garage, 64, "people count", "Is there more than one person?", True)
    q.yn(lobby, 60, "motion", "Is there any movement right now?", True)
    q.add(
        lobby,
        80,
        "motion",
        "When did the movement stop?",
        ["at 52 s", "at 60 s", "at 66 s", "at 74 s"],
        "at 66 s",
    )
    q.add(garage, 72, "motion", "How long was there movement?",
        ["5 seconds", "12 seconds", "30 seconds", "60 seconds"], "12 seconds")  # fmt: skip
    q.yn(garage, 72, "scene change", "Did the camera cut to a different scene?", True)
    q.add(lobby, 80, "scene change", "How many different scenes were there?", ["3", "4", "6", "8"], "6")
    return q.records


def tricky_suite() -> list[dict]:
    """Orders, counts and cuts on a video with short shots and things that come back (``station``:
    a temple, a moving motorcycle, coffee, a cat, a rocket, coffee, the cat again)."""
    v = TRICKY
    q = Questions(WORDING_CODES)

    things = ["a cup of coffee", "a cat", "a rocket", "a motorcycle"]
    q.add(v, 92, "order", "What came right after the rocket?", _rotate(things, 1), "a cup of coffee")
    q.add(v, 92, "order", "What was shown just before the rocket?", _rotate(things, 2), "a cat")
    q.add(
        v, 92, "order", "What did we see right after the motorcycle?", _rotate(things, 3), "a cup of coffee"
    )
    q.add(v, 50, "order", "What came before the cat?", _rotate(things, 0), "a cup of coffee")
    q.add(
        v,
        92,
        "order",
        "Which appeared first, the rocket or the coffee?",
        ["the rocket", "the coffee"],
        "the coffee",
    )
    q.add(v, 92, "order", "Which was seen last, the cat or the rocket?", ["the cat", "the rocket"], "the cat")
    q.yn(v, 92, "order", "Did the motorcycle come before the cat?", True)
    q.yn(v, 92, "order", "Did the rocket appear before the motorcycle?", False)
    q.add(v, 92, "count", "How many times did the cat appear?", ["1", "2", "3", "4"], "2")
    q.add(v, 92, "count", "How often was coffee shown?", ["once", "twice", "three times", "never"], "twice")
    q.add(v, 62, "count", "How many times has the coffee been shown so far?", ["0", "1", "2", "3"], "1")
    q.add(v, 92, "count", "How many times did the rocket appear?", ["0", "1", "2", "3"], "1")
    n = len(v.cuts)
    q.add(
        v,
        92,
        "scene change",
        "How many cuts were there?",
        _rotate([str(n), str(n - 2), str(n + 1), str(n - 4)], 1),
        str(n),
    )
    q.add(v, 92, "scene change", "When did the scene change for the third time?",
        [f"at {x:g} s" for x in (v.cuts[1], v.cuts[2], v.cuts[3], v.cuts[4])], f"at {v.cuts[2]:g} s")  # fmt: skip
    q.add(v, 92, "scene change", "When did the shot change after the rocket?",
        ["at 58 s", "at 66 s", "at 80 s", "at 38 s"], "at 66 s")  # fmt: skip
    q.yn(v, 64, "scene change", "Was there a cut in the last 10 seconds?", True)
    q.yn(v, 56, "scene change", "Has the picture changed in the last 10 seconds?", False)
    q.add(v, 92, "when", "When was the rocket shown?", [_span(a, b) for a, b in ((30, 38), (58, 66), (66, 80), (80, 92))],
        _span(58, 66))  # fmt: skip
    q.add(v, 92, "when", "When did the cat come back?", [_span(a, b) for a, b in ((38, 58), (58, 66), (80, 92))],
        _span(80, 92))  # fmt: skip
    q.add(v, 92, "when", "When was the motorcycle moving?", [_span(a, b) for a, b in ((0, 15), (15, 30), (30, 38))],
        _span(15, 30))  # fmt: skip
    q.add(v, 92, "summary", "What happened in the last 30 seconds?",
        ["a rocket, then a cup of coffee, then a cat", "a cat, then a rocket", "a motorcycle, then a cat",
         "a cup of coffee, then a motorcycle"], "a rocket, then a cup of coffee, then a cat")  # fmt: skip
    q.add(v, 40, "summary", "What have we seen so far?",
        ["a motorcycle, then a cup of coffee", "a cat, then a rocket", "a rocket, then a motorcycle",
         "a cup of coffee, then a cat, then a rocket"], "a motorcycle, then a cup of coffee")  # fmt: skip
    q.add(v, 92, "summary", "Summarize the video.",
        ["a temple, a motorcycle, coffee, a cat, a rocket, coffee, and the cat again",
         "a temple, a motorcycle, a dog, a cat", "a motorcycle, a temple, coffee, a cat", "coffee, a rocket, a cat"],
        "a temple, a motorcycle, coffee, a cat, a rocket, coffee, and the cat again")  # fmt: skip
    q.add(v, 66, "summary", "What has happened up to now?",
        ["a building, then a moving motorcycle, then coffee, then a cat, then a rocket",
         "a building, then a cat, then a motorcycle", "a motorcycle, then a rocket, then a building",
         "a building, then a dog, then a rocket"],
        "a building, then a moving motorcycle, then coffee, then a cat, then a rocket")  # fmt: skip
    q.add(v, 92, "summary", "Which list is in the right order?",
        ["cat, coffee, rocket", "coffee, cat, rocket", "rocket, cat, coffee", "cat, rocket, motorcycle"],
        "coffee, cat, rocket")  # fmt: skip
    q.add(v, 92, "window", "What was on screen at 1:00?", _rotate(things, 2), "a rocket")
    q.add(v, 92, "window", "What was shown between 0:40 and 0:50?", _rotate(things, 3), "a cat")
    return q.records


def write_wordings_suite(folder: Path) -> tuple[Path, Path]:
    """Write the videos and ``wordings.json`` into ``folder``; returns (annotations, videos)."""
    videos = folder / "videos"
    write_shot_videos(videos, (*WORDING_VIDEOS, TRICKY))
    write_videos(videos)
    path = folder / "wordings.json"
    path.write_text(json.dumps(wordings_suite(), indent=1))
    return path, videos
