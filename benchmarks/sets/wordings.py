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
    VIDEOS,
    Shot,
    ShotVideo,
    _rotate,
    _span,
    shot_record,
    write_shot_videos,
    write_videos,
)

WORDING_FORMS = (
    "summary", "order", "scene change", "people count", "people", "motion", "count", "window",
    "now", "now yes/no", "past yes/no", "when", "never", "category",
)  # fmt: skip
WORDING_CODES = {
    "summary": "PastMemory-4",
    "order": "PastMemory-2",
    "scene change": "TemporalPerception-3",
    "people count": "SpatialPerception-2",
    "people": "Hallucination-2",
    "motion": "TemporalPerception-2",
    "count": "SpatioTemporalPerception-1",
    "window": "PastMemory-3",
    "now": "SpatialPerception-1",
    "now yes/no": "Hallucination-1",
    "past yes/no": "PastMemory-1",
    "when": "TemporalPerception-1",
    "never": "PastMemory-6",
    "category": "PastMemory-5",
}
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


def _the(phrase: str) -> str:
    return phrase.replace("a ", "the ", 1)


def wordings_suite() -> list[dict]:
    """The questions (lmms-eval rows plus ``form``), worded many ways, truth from the schedules."""
    lobby, garage = WORDING_VIDEOS
    recs: list[dict] = []

    def add(video: ShotVideo, t: float, form: str, question: str, candidates: list[str], answer: str) -> None:
        recs.append(shot_record(video.name, t, form, question, candidates, answer, WORDING_CODES))

    def yn(video: ShotVideo, t: float, form: str, question: str, truth: bool) -> None:
        add(video, t, form, question, ["Yes", "No"], "Yes" if truth else "No")

    # -- summary: options list what was shown in order ----------------------------------------
    v = lobby
    add(
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
    add(
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
    add(
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
    add(
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
    add(
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
    add(v, 80, "order", "Which appeared later, the cat or the rocket?", ["the cat", "the rocket"], "the cat")
    add(
        v,
        80,
        "order",
        "What did we see right after the rocket?",
        _rotate(["a woman", "a cup of coffee", "a cat", "a motorcycle"], 1),
        "a woman",
    )
    add(
        v,
        80,
        "order",
        "What was on screen before the cat showed up?",
        _rotate(["a cup of coffee", "a rocket", "a motorcycle", "a woman"], 2),
        "a cup of coffee",
    )
    add(
        v,
        52,
        "order",
        "What was the very first thing shown?",
        _rotate(["a rocket", "a cup of coffee", "a cat", "a motorcycle"], 3),
        "a rocket",
    )
    add(
        v,
        80,
        "order",
        "What was the second thing shown?",
        ["a rocket", "a cup of coffee", "a cat", "a woman"],
        "a woman",
    )
    yn(v, 80, "order", "Did the rocket come before the coffee?", True)
    yn(v, 80, "order", "Was the cat shown before the coffee?", False)
    v = garage
    add(
        v,
        72,
        "order",
        "Which came last: the motorcycle, the rocket or the cat?",
        ["the motorcycle", "the rocket", "the cat"],
        "the rocket",
    )
    add(
        v,
        72,
        "order",
        "What followed the motorcycle?",
        _rotate(["a cat", "a rocket", "a woman", "a dog"], 2),
        "a cat",
    )
    add(
        v,
        72,
        "order",
        "What came just before the rocket?",
        _rotate(["a cup of coffee", "a motorcycle", "a dog", "a woman"], 1),
        "a cup of coffee",
    )
    add(
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
        add(
            v,
            end,
            "scene change",
            "How many times did the shot change?",
            _rotate([str(n), str(n - 2), str(n + 2), str(n - 3)], n),
            str(n),
        )
        last = v.cuts[-1]
        add(
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
            yn(v, t, "scene change", wording, any(t - back <= c <= t for c in v.cuts))
    add(
        lobby,
        80,
        "scene change",
        "At what time did the scene switch away from the rocket?",
        ["at 4 s", "at 12 s", "at 26 s", "at 40 s"],
        "at 12 s",
    )
    add(
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
            add(
                v,
                t,
                "people count",
                "How many people are on screen right now?",
                _rotate(["0", "1", "2", "3"], t),
                str(n),
            )
    add(lobby, 34, "people count", "Count the faces you can see.", ["0", "1", "2", "4"], "2")
    add(garage, 64, "people count", "How many persons are in the frame?", ["1", "2", "3", "5"], "3")
    yn(lobby, 34, "people count", "Are there two people here?", True)
    yn(lobby, 20, "people count", "Are there two people visible?", False)
    yn(lobby, 6, "people", "Is anyone here?", False)
    yn(lobby, 20, "people", "Is anybody in view?", True)
    yn(lobby, 46, "people", "Is there someone in the picture?", False)
    yn(garage, 50, "people", "Have we seen anyone yet?", False)
    yn(garage, 70, "people", "Is a person visible at the moment?", True)
    first = next(s for s in lobby.shots if any(i in PEOPLE for i in s.images))
    add(
        lobby,
        80,
        "people",
        "When did someone first show up?",
        [_span(s.start, s.end) for s in lobby.shots[:4]],
        _span(first.start, first.end),
    )
    add(
        garage,
        72,
        "people",
        "When were there people on screen?",
        [_span(s.start, s.end) for s in garage.shots[1:]],
        _span(56, 72),
    )

    # -- motion ---------------------------------------------------------------------------------
    yn(lobby, 60, "motion", "Is anything moving right now?", True)
    yn(lobby, 74, "motion", "Is anything moving right now?", False)
    yn(garage, 35, "motion", "Was there any motion in the last 15 seconds?", True)
    yn(garage, 50, "motion", "Did something move within the past 10 seconds?", False)
    add(
        garage,
        72,
        "motion",
        "When did something move?",
        [_span(s.start, s.end) for s in garage.shots[:4]],
        _span(15, 27),
    )
    add(
        lobby,
        80,
        "motion",
        "At what point was there movement?",
        [_span(s.start, s.end) for s in lobby.shots[2:]],
        _span(52, 66),
    )

    # -- counts ---------------------------------------------------------------------------------
    add(garage, 72, "count", "How often did the motorcycle show up?", ["1", "2", "3", "4"], "1")
    add(garage, 72, "count", "How many times did we see the rocket?", ["1", "2", "3", "0"], "1")
    add(lobby, 80, "count", "How many separate scenes has the video had?", ["3", "4", "6", "8"], "6")
    add(garage, 72, "count", "Count the times a cat was on screen.", ["0", "1", "2", "3"], "1")

    # -- windows --------------------------------------------------------------------------------
    add(
        lobby,
        80,
        "window",
        "What did we see during the first 10 seconds?",
        _rotate([NAMES[i] for i in ("rocket", "coffee", "chelsea", "stereo_motorcycle")], 1),
        "a rocket",
    )
    add(
        lobby,
        80,
        "window",
        "What was on screen 30 seconds ago?",
        _rotate([NAMES[i] for i in ("rocket", "coffee", "chelsea", "stereo_motorcycle")], 2),
        "a cup of coffee",
    )
    add(
        garage,
        72,
        "window",
        "What was shown from 0:45 to 0:55?",
        ["a rocket", "a motorcycle", "a cat", "a dog"],
        "a rocket",
    )
    add(
        garage,
        72,
        "window",
        "Between 5 and 12 seconds, what was visible?",
        _rotate(["a rocket", "a motorcycle", "a cat", "a dog"], 3),
        "a motorcycle",
    )
    add(
        garage,
        40,
        "window",
        "What have we been looking at for the last ten seconds?",
        ["a rocket", "a motorcycle", "a cat", "a dog"],
        "a cat",
    )
    return recs + casual_suite() + loose_suite() + camera_suite() + tricky_suite()


def casual_suite() -> list[dict]:
    """Questions about the plain suite's videos (benchmarks/sets/grounding.py) as people type them: casual,
    lower case, synonyms, no question mark."""
    kitchen, studio, launch = VIDEOS
    recs: list[dict] = []

    def add(video, t: float, form: str, question: str, candidates: list[str], answer: str) -> None:
        recs.append(shot_record(video.name, t, form, question, candidates, answer, WORDING_CODES))

    def yn(video, t: float, form: str, question: str, truth: bool) -> None:
        add(video, t, form, question, ["Yes", "No"], "Yes" if truth else "No")

    things = ["a cup of coffee", "a cat", "a rocket", "a motorcycle"]
    v = kitchen
    add(v, 30, "now", "what am i looking at", _rotate(things, 0), "a cat")
    add(v, 52, "now", "what's on screen at the moment?", _rotate(things, 1), "a rocket")
    add(v, 68, "now", "what do you see right now", _rotate(things, 2), "a cup of coffee")
    yn(v, 30, "now yes/no", "is the cat still there?", True)
    yn(v, 50, "now yes/no", "is there any coffee in view?", False)
    yn(v, 85, "now yes/no", "can you see a motorbike?", True)
    yn(v, 90, "past yes/no", "did a rocket show up at any point?", True)
    yn(v, 90, "past yes/no", "have we seen a dog", False)
    yn(v, 40, "past yes/no", "has the rocket been on yet?", False)
    yn(v, 90, "past yes/no", "was there ever a motorcycle", True)
    spans = [_span(a, b) for _, a, b in v.schedule]
    add(v, 90, "when", "at what time did the rocket show up?", spans[:4], _span(45, 60))
    add(v, 90, "when", "when did we first see coffee", spans[:4], _span(0, 20))
    add(v, 90, "when", "when did we last see coffee?", spans[1:], _span(60, 75))
    add(v, 90, "order", "what came after the cat?", _rotate(things, 3), "a rocket")
    add(v, 90, "order", "what was shown before the motorcycle", _rotate(things, 1), "a cup of coffee")
    add(v, 90, "order", "which appeared first: the rocket or the cat?", ["the rocket", "the cat"], "the cat")
    yn(v, 90, "order", "did the motorcycle appear before the rocket?", False)
    add(v, 90, "count", "how many times was coffee on screen?", ["1", "2", "3", "4"], "2")
    add(v, 90, "count", "how many times did we see the cat", ["0", "1", "2", "3"], "1")
    add(v, 90, "window", "what was shown in the first 15 seconds?", _rotate(things, 2), "a cup of coffee")
    add(v, 90, "window", "what was on screen around the 50 second mark?", _rotate(things, 0), "a rocket")
    add(v, 90, "window", "what did we see at 1:05", _rotate(things, 1), "a cup of coffee")
    add(v, 90, "summary", "what happened during the last 30 seconds?",
        ["a cup of coffee, then a motorcycle", "a cat, then a rocket", "a rocket, then a cat",
         "a motorcycle, then a cup of coffee"], "a cup of coffee, then a motorcycle")  # fmt: skip
    add(
        v,
        90,
        "never",
        "which of these never appeared?",
        ["a cat", "a rocket", "a dog", "a motorcycle"],
        "a dog",
    )
    yn(v, 90, "category", "did we see any animals?", True)
    yn(v, 40, "category", "has there been a vehicle yet?", False)

    v = studio
    yn(v, 60, "now yes/no", "is the camera back?", True)
    add(v, 72, "order", "what was filmed right before the cat", ["a camera", "a motorcycle", "a rocket", "a dog"],
        "a motorcycle")  # fmt: skip
    add(v, 72, "count", "how many times did the camera appear?", ["1", "2", "3", "4"], "2")
    add(
        v,
        72,
        "when",
        "when did the motorcycle leave?",
        ["at 18 s", "at 30 s", "at 36 s", "at 54 s"],
        "at 36 s",
    )
    add(v, 72, "when", "when did the cat go away", ["at 36 s", "at 45 s", "at 54 s", "at 60 s"], "at 54 s")
    add(v, 72, "never", "which one of these did not show up?", ["a camera", "a cat", "a rocket", "a motorcycle"],
        "a rocket")  # fmt: skip

    v = launch
    add(v, 20, "now", "what's going on right now?", _rotate(things, 1), "a rocket")
    add(v, 66, "order", "which showed up last?", ["a rocket", "a cat", "a cup of coffee"], "a cup of coffee")
    add(v, 66, "when", "how long was the rocket on screen?", ["10 seconds", "20 seconds", "30 seconds", "40 seconds"],
        "30 seconds")  # fmt: skip
    add(v, 66, "summary", "tell me what happened",
        ["a rocket, then a cat, then a cup of coffee", "a cat, then a rocket", "a cup of coffee, then a rocket",
         "a motorcycle, then a cat"], "a rocket, then a cat, then a cup of coffee")  # fmt: skip
    yn(v, 66, "order", "were there any cats before the coffee?", True)
    yn(v, 40, "now yes/no", "is the rocket gone?", True)
    add(v, 66, "when", "when did the cat come on?", [_span(a, b) for _, a, b in v.schedule], _span(30, 48))
    return recs


def loose_suite() -> list[dict]:
    """Looser questions about the plain suite's videos: fillers, relative answers ("before"/"after",
    "near the start"), superlatives, durations as yes/no, typed without care."""
    kitchen, studio, launch = VIDEOS
    recs: list[dict] = []

    def add(video, t: float, form: str, question: str, candidates: list[str], answer: str) -> None:
        recs.append(shot_record(video.name, t, form, question, candidates, answer, WORDING_CODES))

    def yn(video, t: float, form: str, question: str, truth: bool) -> None:
        add(video, t, form, question, ["Yes", "No"], "Yes" if truth else "No")

    things = ["a cup of coffee", "a cat", "a rocket", "a motorcycle"]
    v = kitchen  # coffee 0-20, cat 20-45, rocket 45-60, coffee 60-75, motorcycle 75-90
    yn(v, 90, "past yes/no", "ok so was there a cat at some point", True)
    add(v, 30, "now", "Hey, what's in front of the camera?", _rotate(things, 1), "a cat")
    yn(v, 90, "past yes/no", "Can you tell me whether a rocket was visible in the first 20 seconds?", False)
    add(v, 50, "now", "what is currently being shown", _rotate(things, 2), "a rocket")
    add(v, 90, "order", "was the cup shown before or after the cat?", ["before", "after"], "before")
    add(v, 90, "order", "Which came second, the cat or the rocket?", ["the cat", "the rocket"], "the rocket")
    add(v, 90, "when", "Roughly when did the motorcycle appear?",
        ["at the start", "in the middle", "near the end"], "near the end")  # fmt: skip
    add(v, 90, "order", "What is the last thing we saw?", _rotate(things, 3), "a motorcycle")
    add(v, 90, "order", "What was shown between the cat and the coffee?", _rotate(things, 0), "a rocket")
    add(v, 90, "count", "Which object appeared most often?", _rotate(things, 1), "a cup of coffee")
    add(v, 90, "order", "What did the video start with?", _rotate(things, 2), "a cup of coffee")
    yn(v, 90, "when", "Was the rocket on screen for more than 10 seconds?", True)
    yn(v, 90, "when", "Was the cat visible for less than 10 seconds?", False)
    yn(v, 70, "count", "Is the coffee back again?", True)
    add(v, 90, "summary", "Name everything that appeared, in order.",
        ["coffee, cat, rocket, coffee, motorcycle", "cat, coffee, rocket, motorcycle",
         "rocket, motorcycle, cat, coffee", "motorcycle, cat, coffee"],
        "coffee, cat, rocket, coffee, motorcycle")  # fmt: skip
    v = launch  # rocket 0-30, cat 30-48, coffee 48-66
    add(v, 66, "scene change", "How many scene changes were there between 0:10 and 1:00?",
        ["0", "1", "2", "3"], "2")  # fmt: skip
    add(v, 66, "when", "When in the video was the cat?", ["early on", "in the middle", "at the end"],
        "in the middle")  # fmt: skip
    add(v, 66, "order", "was the coffee shown before or after the rocket?", ["before", "after"], "after")
    yn(v, 45, "now yes/no", "cat on screen?", True)
    add(v, 66, "count", "Which thing was on screen the longest?", ["a rocket", "a cat", "a cup of coffee"],
        "a rocket")  # fmt: skip
    v = studio  # camera 0-18, motorcycle 18-36, cat 36-54, camera 54-72
    add(v, 72, "count", "What appeared twice?", ["a camera", "a motorcycle", "a cat", "a rocket"], "a camera")
    yn(v, 40, "past yes/no", "any motorbikes so far?", True)
    add(v, 72, "window", "what was on between 20 and 30 secs", ["a camera", "a motorcycle", "a cat", "a rocket"],
        "a motorcycle")  # fmt: skip
    return recs


def camera_suite() -> list[dict]:
    """What people ask a live camera: is anyone there, how many faces, when did they leave, is anything
    moving, when did it stop, how long did it move."""
    lobby, garage = WORDING_VIDEOS
    recs: list[dict] = []

    def add(video, t: float, form: str, question: str, candidates: list[str], answer: str) -> None:
        recs.append(shot_record(video.name, t, form, question, candidates, answer, WORDING_CODES))

    def yn(video, t: float, form: str, question: str, truth: bool) -> None:
        add(video, t, form, question, ["Yes", "No"], "Yes" if truth else "No")

    # lobby: rocket 0-12, astronaut 12-26, two women 26-40, coffee 40-52, cat + ball 52-66, a woman 66-80
    yn(lobby, 20, "people", "Is someone there?", True)
    yn(lobby, 45, "people", "anyone around?", False)
    yn(lobby, 30, "people", "Do you see a face?", True)
    add(lobby, 30, "people count", "How many faces are visible?", ["0", "1", "2", "3"], "2")
    yn(lobby, 75, "people", "Is the person still there?", True)
    yn(lobby, 48, "people", "Is the person still there?", False)
    add(
        lobby,
        80,
        "people",
        "When did the person leave?",
        ["at 26 s", "at 40 s", "at 52 s", "at 66 s"],
        "at 40 s",
    )
    yn(lobby, 80, "people", "Did somebody come in?", True)
    yn(garage, 50, "people", "Has anybody entered in the last 20 seconds?", False)
    yn(garage, 64, "people count", "Is there more than one person?", True)
    yn(lobby, 60, "motion", "Is there any movement right now?", True)
    add(
        lobby,
        80,
        "motion",
        "When did the movement stop?",
        ["at 52 s", "at 60 s", "at 66 s", "at 74 s"],
        "at 66 s",
    )
    add(garage, 72, "motion", "How long was there movement?",
        ["5 seconds", "12 seconds", "30 seconds", "60 seconds"], "12 seconds")  # fmt: skip
    yn(garage, 72, "scene change", "Did the camera cut to a different scene?", True)
    add(lobby, 80, "scene change", "How many different scenes were there?", ["3", "4", "6", "8"], "6")
    return recs


def tricky_suite() -> list[dict]:
    """Orders, counts and cuts on a video with short shots and things that come back (``station``:
    a temple, a moving motorcycle, coffee, a cat, a rocket, coffee, the cat again)."""
    v = TRICKY
    recs: list[dict] = []

    def add(t: float, form: str, question: str, candidates: list[str], answer: str) -> None:
        recs.append(shot_record(v.name, t, form, question, candidates, answer, WORDING_CODES))

    def yn(t: float, form: str, question: str, truth: bool) -> None:
        add(t, form, question, ["Yes", "No"], "Yes" if truth else "No")

    things = ["a cup of coffee", "a cat", "a rocket", "a motorcycle"]
    add(92, "order", "What came right after the rocket?", _rotate(things, 1), "a cup of coffee")
    add(92, "order", "What was shown just before the rocket?", _rotate(things, 2), "a cat")
    add(92, "order", "What did we see right after the motorcycle?", _rotate(things, 3), "a cup of coffee")
    add(50, "order", "What came before the cat?", _rotate(things, 0), "a cup of coffee")
    add(
        92,
        "order",
        "Which appeared first, the rocket or the coffee?",
        ["the rocket", "the coffee"],
        "the coffee",
    )
    add(92, "order", "Which was seen last, the cat or the rocket?", ["the cat", "the rocket"], "the cat")
    yn(92, "order", "Did the motorcycle come before the cat?", True)
    yn(92, "order", "Did the rocket appear before the motorcycle?", False)
    add(92, "count", "How many times did the cat appear?", ["1", "2", "3", "4"], "2")
    add(92, "count", "How often was coffee shown?", ["once", "twice", "three times", "never"], "twice")
    add(62, "count", "How many times has the coffee been shown so far?", ["0", "1", "2", "3"], "1")
    add(92, "count", "How many times did the rocket appear?", ["0", "1", "2", "3"], "1")
    n = len(v.cuts)
    add(
        92,
        "scene change",
        "How many cuts were there?",
        _rotate([str(n), str(n - 2), str(n + 1), str(n - 4)], 1),
        str(n),
    )
    add(92, "scene change", "When did the scene change for the third time?",
        [f"at {x:g} s" for x in (v.cuts[1], v.cuts[2], v.cuts[3], v.cuts[4])], f"at {v.cuts[2]:g} s")  # fmt: skip
    add(92, "scene change", "When did the shot change after the rocket?",
        ["at 58 s", "at 66 s", "at 80 s", "at 38 s"], "at 66 s")  # fmt: skip
    yn(64, "scene change", "Was there a cut in the last 10 seconds?", True)
    yn(56, "scene change", "Has the picture changed in the last 10 seconds?", False)
    add(92, "when", "When was the rocket shown?", [_span(a, b) for a, b in ((30, 38), (58, 66), (66, 80), (80, 92))],
        _span(58, 66))  # fmt: skip
    add(92, "when", "When did the cat come back?", [_span(a, b) for a, b in ((38, 58), (58, 66), (80, 92))],
        _span(80, 92))  # fmt: skip
    add(92, "when", "When was the motorcycle moving?", [_span(a, b) for a, b in ((0, 15), (15, 30), (30, 38))],
        _span(15, 30))  # fmt: skip
    add(92, "summary", "What happened in the last 30 seconds?",
        ["a rocket, then a cup of coffee, then a cat", "a cat, then a rocket", "a motorcycle, then a cat",
         "a cup of coffee, then a motorcycle"], "a rocket, then a cup of coffee, then a cat")  # fmt: skip
    add(40, "summary", "What have we seen so far?",
        ["a motorcycle, then a cup of coffee", "a cat, then a rocket", "a rocket, then a motorcycle",
         "a cup of coffee, then a cat, then a rocket"], "a motorcycle, then a cup of coffee")  # fmt: skip
    add(92, "summary", "Summarize the video.",
        ["a temple, a motorcycle, coffee, a cat, a rocket, coffee, and the cat again",
         "a temple, a motorcycle, a dog, a cat", "a motorcycle, a temple, coffee, a cat", "coffee, a rocket, a cat"],
        "a temple, a motorcycle, coffee, a cat, a rocket, coffee, and the cat again")  # fmt: skip
    add(66, "summary", "What has happened up to now?",
        ["a building, then a moving motorcycle, then coffee, then a cat, then a rocket",
         "a building, then a cat, then a motorcycle", "a motorcycle, then a rocket, then a building",
         "a building, then a dog, then a rocket"],
        "a building, then a moving motorcycle, then coffee, then a cat, then a rocket")  # fmt: skip
    add(92, "summary", "Which list is in the right order?",
        ["cat, coffee, rocket", "coffee, cat, rocket", "rocket, cat, coffee", "cat, rocket, motorcycle"],
        "coffee, cat, rocket")  # fmt: skip
    add(92, "window", "What was on screen at 1:00?", _rotate(things, 2), "a rocket")
    add(92, "window", "What was shown between 0:40 and 0:50?", _rotate(things, 3), "a cat")
    return recs


def write_wordings_suite(folder: Path) -> tuple[Path, Path]:
    """Write the videos and ``wordings.json`` into ``folder``; returns (annotations, videos)."""
    videos = folder / "videos"
    write_shot_videos(videos, (*WORDING_VIDEOS, TRICKY))
    write_videos(videos)
    path = folder / "wordings.json"
    path.write_text(json.dumps(wordings_suite(), indent=1))
    return path, videos
