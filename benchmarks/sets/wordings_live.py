"""A development batch of live-camera questions: someone watching a feed asks whatever comes to mind.

Three videos of 640x360 shots of 8 to 18 s, each a camera on one spot (a doorway that looks out on a
temple, a desk with a cup of coffee, a shop counter with a motorbike): long stretches of that one
still picture (the "empty room"), people (the navy officer, the astronaut) stepping in alone, side by
side with the room's thing or with each other, a cat, a ball or a red square sliding across, the
view switching to a rocket, and the room coming back when they leave. Questions ask whether anyone
is there or came by, how many people are in view, whether something moves or moved, when the view
changed, what is on now, whether a thing is (or was) there, when someone came or left, the order of
things, how many times, what was on in a stretch of time, and for a recap, each worded the way a
user of a live-camera tool types: casual ("any1 there?", "smth moving?"), polite, terse, two
sentences ("I stepped away for about half a minute. Did anybody come by?").

Every truth is computed from the schedule (people from ``ShotVideo.people``, movement from
``moving=True``, view changes from ``ShotVideo.cuts``); ask times sit 2 s or more from any shot
boundary, window edges 3 s or more (or at 0). A wrong option is never something in view during the
asked time, nor something a picture could pass for (the astronaut's photo has a shuttle model in it,
so a rocket is no wrong option while she is in view, and her flight suit could pass for a uniform,
so "a woman in uniform" is no wrong option then either; the motorbike's garage has shelves, boxes and
a chair, the coffee a spoon and a saucer, the temple trees and a boat, so none of those is ever an
option). The astronaut is a woman too, so the navy officer is
always "the woman in uniform" (or "the navy officer"), never just "the woman". The cameraman's picture
is not used. "Did anyone come in" questions start their window when nobody is in view; "how many
people came by" is asked only where different people and separate appearances agree; a "nothing
moved" window holds no view change (a person leaving is not read as movement), and a "no view change"
window holds no movement either.
"""

from __future__ import annotations

import random
from itertools import count, permutations
from pathlib import Path

from benchmarks.sets.grounding import (
    FORM_CODES,
    PEOPLE,
    PEOPLE_FORM_CODES,
    Questions,
    Shot,
    ShotVideo,
    write_shot_suite,
)

LIVE_FORMS = (
    *("people", "people count", "motion", "scene change", "now", "now yes/no"),
    *("past yes/no", "when", "order", "count", "window", "summary"),
)
_CODES = {**FORM_CODES, **PEOPLE_FORM_CODES, "summary": "PastMemory-4", "window": "PastMemory-3"}
LIVE_CODES = {form: _CODES[form] for form in LIVE_FORMS}

LIVE_VIDEOS = (
    ShotVideo(
        "live_doorway",
        (
            Shot(("china",), 0, 16),
            Shot(("china",), 16, 26, moving=True),
            Shot(("grace_hopper", "china"), 26, 40),
            Shot(("china",), 40, 52),
            Shot(("astronaut",), 52, 64),
            Shot(("china",), 64, 76, moving=True),
            Shot(("china",), 76, 92),
            Shot(("grace_hopper", "astronaut"), 92, 104),
        ),
        size=(640, 360),
        mover="ball",
    ),
    ShotVideo(
        "live_desk",
        (
            Shot(("coffee",), 0, 14),
            Shot(("grace_hopper", "coffee"), 14, 28),
            Shot(("coffee",), 28, 36),
            Shot(("coffee",), 36, 50, moving=True),
            Shot(("grace_hopper", "coffee", "astronaut"), 50, 66),
            Shot(("coffee",), 66, 80),
            Shot(("chelsea", "coffee"), 80, 92),
            Shot(("coffee",), 92, 104, moving=True),
        ),
        size=(640, 360),
        mover="square",
    ),
    ShotVideo(
        "live_counter",
        (
            Shot(("stereo_motorcycle",), 0, 18),
            Shot(("stereo_motorcycle", "chelsea"), 18, 30, moving=True),
            Shot(("stereo_motorcycle",), 30, 42),
            Shot(("grace_hopper", "stereo_motorcycle"), 42, 56, moving=True),
            Shot(("stereo_motorcycle",), 56, 64),
            Shot(("rocket",), 64, 76),
            Shot(("rocket",), 76, 86, moving=True),
            Shot(("astronaut", "stereo_motorcycle"), 86, 100),
            Shot(("stereo_motorcycle",), 100, 110),
        ),
        size=(640, 360),
        mover="ball",
    ),
)
V = dict(zip("ABC", LIVE_VIDEOS, strict=True))

# each picture as the options name it; the never-shown things come last
NAMES = {
    "grace_hopper": "a woman in uniform",
    "astronaut": "an astronaut",
    "chelsea": "a cat",
    "coffee": "a cup of coffee",
    "rocket": "a rocket",
    "stereo_motorcycle": "a motorbike",
    "china": "a temple",
}
PICTURES = tuple(NAMES)
NEVER = ("dog", "guitar", "pizza", "teddy bear", "umbrella", "laptop")
NAMES |= {k: f"a {k}" if k != "umbrella" else "an umbrella" for k in NEVER}
STRANGERS = ("a child", "a man walking a dog", "a chef in a white hat")  # people never shown
NOBODY = "nobody"
PERSONS = set(PEOPLE)
MOVER = {"ball": "a ball rolling across", "square": "a red square sliding across"}
# a thing is no wrong option while any of these is in view (itself, or a picture that could pass for it)
BLOCK = {k: {k} for k in NAMES}
BLOCK["rocket"] |= {"astronaut"}  # the shuttle model beside her
BLOCK["grace_hopper"] |= {"astronaut"}  # her flight suit could pass for a uniform

# form, video, ask time, kind, argument, question (the kinds are read in :func:`live_suite`)
QUESTIONS = (
    # --- the doorway: a temple; a ball at 0:16 and 1:04; the navy officer 0:26-0:40; the astronaut
    # 0:52-1:04; both from 1:32
    ("people", "A", 8, "here", None, "anybody there?"),
    ("people", "A", 22, "came", 0, "did anyone come in?"),
    ("people", "A", 50, "came", 50 - 30, "I stepped away for about half a minute. Did anybody come by?"),
    ("people", "A", 70, "who came", 70 - 25, "Who showed up in the last 25 seconds?"),
    ("people", "A", 96, "is", "astronaut", "Is the astronaut back?"),
    ("people count", "A", 36, "people now", None, "How many people can you see right now?"),
    ("people count", "A", 58, "people now", None, "how many ppl on cam rn"),
    ("people count", "A", 82, "people now", None, "How many people are at the door at the moment?"),
    (
        "people count",
        "A",
        88,
        "people most",
        None,
        "What's the most people we've had in view at once so far?",
    ),
    ("people count", "A", 96, "count is", 2, "are there two people there now?"),
    ("motion", "A", 20, "moving", None, "smth moving?"),
    ("motion", "A", 78, "moved", 78 - 20, "Has anything moved in the last 20 seconds?"),
    ("motion", "A", 90, "moved", 90 - 10, "anything move in the past 10 sec?"),
    (
        "motion",
        "A",
        70,
        "moved while",
        "astronaut",
        "Was there any movement while the astronaut was on screen?",
    ),
    ("motion", "A", 86, "motion span", "last", "When did something last move?"),
    ("now yes/no", "A", 10, "is", "china", "Is there a temple on the camera right now?"),
    ("now yes/no", "A", 58, "is", "china", "Is the temple visible at the moment?"),
    ("now yes/no", "A", 84, "is", "chelsea", "Is there a cat in front of the door right now?"),
    ("now yes/no", "A", 98, "is", "dog", "any dog out there rn?"),
    ("when", "A", 48, "left person", None, "When did the person leave?"),
    ("when", "A", 60, "last arrival", None, "When did someone last show up?"),
    ("when", "A", 80, "leave", "astronaut", "when did the astronaut leave?"),
    ("when", "A", 98, "arrive", "grace_hopper", "When did the woman in uniform first show up?"),
    ("scene change", "A", 12, "cut since", 0, "Has the scene changed yet?"),
    ("scene change", "A", 46, "last cut", None, "When did the view last change?"),
    ("scene change", "A", 80, "cuts", 0, "How many times has the view changed so far?"),
    ("scene change", "A", 100, "cut since", 100 - 20, "has the view changed in the last 20 seconds"),
    ("now", "A", 12, "what", None, "What's the camera looking at now?"),
    ("now", "A", 38, "what", None, "what do u see on the feed rn?"),
    ("now", "A", 60, "which", "astronaut", "Which of these is in front of the camera right now?"),
    ("past yes/no", "A", 62, "ever", "chelsea", "Did a cat wander by at any point?"),
    ("past yes/no", "A", 46, "ever", "astronaut", "has the astronaut shown up yet?"),
    ("past yes/no", "A", 100, "back", "grace_hopper", "Did the woman in uniform come back?"),
    (
        *("order", "A", 100, "first of", ("grace_hopper", "astronaut")),
        "Who showed up first, the woman in uniform or the astronaut?",
    ),
    (
        *("order", "A", 84, "first of", ("motion", "astronaut")),
        "Which happened first: the ball rolling across or the astronaut showing up?",
    ),
    ("order", "A", 70, "after", "grace_hopper", "What was on camera right after the woman in uniform left?"),
    ("count", "A", 96, "distinct", None, "How many different people have come by so far?"),
    ("count", "A", 100, "visits", None, "How many separate times did someone appear so far?"),
    ("count", "A", 80, "moves", None, "how many times has the ball rolled through?"),
    ("window", "A", 70, "at", 33, "What was on camera at 0:33?"),
    ("window", "A", 102, "quiet", (80, 87), "Was the doorway empty and still between 1:20 and 1:27?"),
    ("window", "A", 56, "quiet", (10, 30), "was it quiet from 0:10 to 0:30"),
    ("summary", "A", 36, "summary", (0, None), "recap?"),
    ("summary", "A", 82, "summary", (82 - 60, None), "What did I miss in the last minute?"),
    ("summary", "A", 100, "summary", (60, None), "Tell me what happened since 1:00."),
    # --- the desk: a cup of coffee; the navy officer 0:14-0:28; a square 0:36-0:50; both people
    # 0:50-1:06; a cat 1:20-1:32; a square from 1:32
    ("people", "B", 20, "here", None, "Is someone at the desk right now?"),
    ("people", "B", 44, "here", None, "any1 there?"),
    ("people", "B", 86, "came", 86 - 15, "Did anybody come by in the last 15 seconds?"),
    ("people", "B", 60, "who", None, "Who's at the desk?"),
    ("people", "B", 74, "left", "grace_hopper", "Has the woman in uniform left the desk?"),
    ("people count", "B", 24, "people now", None, "How many people are at the desk?"),
    ("people count", "B", 56, "people now", None, "number of people on screen right now?"),
    ("people count", "B", 62, "count is", 1, "Is the woman in uniform alone at the desk?"),
    (
        *("people count", "B", 96, "people most", None),
        "What's the largest number of people that were at the desk at the same time so far?",
    ),
    (
        "people count",
        "B",
        98,
        "people with",
        "chelsea",
        "How many people were around when the cat showed up?",
    ),
    ("motion", "B", 98, "moved while", "chelsea", "was there any movement while the cat was on screen?"),
    ("motion", "B", 78, "moved", 70, "Has anything moved since 1:10?"),
    ("motion", "B", 62, "motion span", "first", "When did something first move on the desk?"),
    ("motion", "B", 100, "static", None, "is the picture still right now?"),
    ("now yes/no", "B", 8, "is", "coffee", "Is the coffee cup on screen rn?"),
    ("now yes/no", "B", 86, "is", "chelsea", "is that a cat on the desk?"),
    ("now yes/no", "B", 70, "is", "chelsea", "Can you see a cat on the desk at the moment?"),
    ("now yes/no", "B", 46, "is", "laptop", "Is there a laptop on the desk right now?"),
    ("when", "B", 40, "left person", None, "When did the person at the desk leave?"),
    ("when", "B", 74, "leave", "astronaut", "What time did the astronaut leave?"),
    ("when", "B", 98, "span", "chelsea", "When was the cat there?"),
    ("when", "B", 70, "last arrival", None, "When did someone most recently come to the desk?"),
    ("scene change", "B", 44, "cut since", 44 - 20, "Did the picture switch at all in the past 20 s?"),
    ("scene change", "B", 72, "last cut", None, "When did the scene last change?"),
    ("scene change", "B", 102, "cuts", 60, "How many times did the picture change since 1:00?"),
    ("now", "B", 18, "what", None, "What's on the desk cam right now?"),
    ("now", "B", 64, "which", "astronaut", "which of these can you see rn?"),
    ("now", "B", 84, "what", None, "What is the camera showing at this moment?"),
    ("past yes/no", "B", 48, "ever", "astronaut", "Has the astronaut been here yet?"),
    ("past yes/no", "B", 76, "ever", "chelsea", "did a cat come by earlier?"),
    ("past yes/no", "B", 102, "back", "grace_hopper", "Did the woman in uniform come back after she left?"),
    (
        *("order", "B", 76, "first of", ("astronaut", "grace_hopper")),
        "Who came first, the astronaut or the woman in uniform?",
    ),
    (
        *("order", "B", 98, "first of", ("motion", "chelsea")),
        "What came first: the red square sliding by or the cat?",
    ),
    ("order", "B", 94, "before", "chelsea", "What was on camera just before the cat showed up?"),
    ("count", "B", 70, "came by", None, "how many people came by so far?"),
    ("count", "B", 100, "moves", None, "How many times did something slide across?"),
    ("count", "B", 60, "visits", None, "How many times has someone shown up at the desk?"),
    ("window", "B", 60, "at", 20, "What was on the desk cam at 0:20?"),
    ("window", "B", 98, "quiet", (69, 77), "Was the desk calm and empty between 1:09 and 1:17?"),
    ("window", "B", 90, "has in", ("astronaut", 53, 63), "Was the astronaut there between 0:53 and 1:03?"),
    ("window", "B", 74, "busy", (5, 25), "Did anything happen between 0:05 and 0:25?"),
    ("summary", "B", 100, "summary", (100 - 60, None), "I was on a call for the past minute. What went on?"),
    ("summary", "B", 46, "summary", (0, None), "I just tuned in. What's happened so far?"),
    ("summary", "B", 90, "summary", (55, 75), "What happened between 0:55 and 1:15?"),
    # --- the counter: a motorbike; a cat with a ball 0:18-0:30; the navy officer with a ball 0:42-0:56;
    # a rocket 1:04-1:26 (a ball from 1:16); the astronaut 1:26-1:40
    ("people", "C", 10, "here", None, "Anyone at the counter?"),
    ("people", "C", 24, "came", 0, "Did a customer come in?"),
    ("people", "C", 92, "who", None, "Who's that at the counter?"),
    ("people", "C", 103, "came", 103 - 30, "Any visitors in the last 30 seconds?"),
    ("people count", "C", 46, "people now", None, "How many people in view atm?"),
    ("people count", "C", 60, "people now", None, "how many people are at the counter now"),
    ("people count", "C", 96, "count is", 1, "Just one person there?"),
    ("people count", "C", 108, "people at", 95, "How many people were at the counter at 1:35?"),
    ("motion", "C", 36, "moving", None, "Is the ball still rolling?"),
    ("motion", "C", 40, "moved while", "chelsea", "Did anything move while the cat was around?"),
    ("motion", "C", 50, "static", None, "Is the feed static right now?"),
    ("motion", "C", 40, "moved", 40 - 5, "Any movement over the last 5 seconds?"),
    ("motion", "C", 108, "motion span", "last", "When was the last movement?"),
    ("now yes/no", "C", 22, "is", "chelsea", "wait, is there a cat up there right now?"),
    ("now yes/no", "C", 36, "is", "chelsea", "Is the cat still there?"),
    ("now yes/no", "C", 70, "is", "stereo_motorcycle", "Is the motorbike still in the picture?"),
    ("now yes/no", "C", 104, "is", "stereo_motorcycle", "Is the motorbike back on screen?"),
    ("now yes/no", "C", 88, "is", "dog", "Do you see a dog at the counter at the moment?"),
    ("when", "C", 62, "left person", None, "When did the customer leave?"),
    ("when", "C", 80, "arrive", "rocket", "When did the rocket come on?"),
    ("when", "C", 108, "last arrival", None, "what time did the last visitor show up?"),
    ("when", "C", 62, "span", "chelsea", "When was the cat on the counter?"),
    ("when", "C", 106, "leave", "astronaut", "At what point did the astronaut walk off?"),
    ("scene change", "C", 70, "last cut", None, "The view just changed. When did that happen?"),
    ("scene change", "C", 74, "cut since", 74 - 15, "Did the scene change in the last 15 seconds?"),
    ("scene change", "C", 108, "cuts", 0, "How many times did the picture change?"),
    ("now", "C", 4, "what", None, "What's the camera pointed at?"),
    ("now", "C", 70, "what", None, "what am I looking at rn?"),
    ("now", "C", 92, "which", "astronaut", "Which of these is at the counter now?"),
    ("past yes/no", "C", 60, "ever", "chelsea", "Was there ever a cat on the counter?"),
    ("past yes/no", "C", 40, "ever", "rocket", "Has there been a rocket so far?"),
    ("past yes/no", "C", 106, "ever", "coffee", "Any coffee at the counter at any point?"),
    ("order", "C", 106, "first of", ("chelsea", "grace_hopper"), "cat or lady in uniform, who was first?"),
    ("order", "C", 80, "after", "chelsea", "What came right after the cat left?"),
    (
        *("order", "C", 108, "list", ("rocket", "chelsea", "grace_hopper")),
        "Put these in order: the rocket, the cat, the woman in uniform.",
    ),
    ("count", "C", 108, "came by", None, "How many different people came by the counter?"),
    ("count", "C", 62, "moves", None, "how often did something go past?"),
    ("count", "C", 104, "times", "chelsea", "How many times did the cat show up?"),
    ("window", "C", 62, "at", 25, "What was at the counter at 0:25?"),
    ("window", "C", 98, "busy", (5, 15), "Anything going on between 0:05 and 0:15?"),
    ("window", "C", 96, "quiet", (35, 50), "was it quiet between 0:35 and 0:50?"),
    ("window", "C", 104, "anyone in", (67, 83), "Was anyone at the counter between 1:07 and 1:23?"),
    ("summary", "C", 96, "summary", (60, None), "Catch me up on everything since 1:00."),
    ("summary", "C", 40, "summary", (40 - 30, None), "what happened in the last 30 seconds?"),
)


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def name(x: str) -> str:
    return NAMES[x]


def the(x: str) -> str:
    """The definite form of a picture's name: "a woman in uniform" -> "the woman in uniform"."""
    return "the " + name(x).split(" ", 1)[1]


def describe(images) -> str:
    names = [name(i) for i in images]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def shot_text(video: ShotVideo, shot: Shot) -> str:
    """A shot as a recap names it: what is in view, and the mover if one slides across."""
    text = describe(shot.images)
    if shot.moving:
        text += (", with " if len(shot.images) > 1 else " with ") + MOVER[video.mover]
    return text


def blocked(x: str, images) -> bool:
    return bool(BLOCK[x] & set(images))


def mmss(t: float) -> str:
    return f"{int(t) // 60}:{int(t) % 60:02d}"


def check_ask(video: ShotVideo, t: float) -> None:
    ok = all(abs(t - s.start) >= 2 for s in video.shots[1:]) and 2 <= t <= video.duration - 2
    assert ok, (video.name, t)


def check_edge(video: ShotVideo, a: float) -> None:
    assert a == 0 or all(abs(a - s.start) >= 3 for s in video.shots[1:]) and a >= 3, (video.name, a)


def in_view(video: ShotVideo, a: float, b: float) -> list[Shot]:
    """The shots on screen at some time in the window [a, b]."""
    return [s for s in video.shots if s.start < b and s.end > a]


def before(video: ShotVideo, t: float) -> list[Shot]:
    """The shots begun before ``t``."""
    return [s for s in video.shots if s.start < t]


def runs(shots, keep) -> list[tuple[float, float]]:
    """The stretches (start, end) of back-to-back ``shots`` for which ``keep(shot)`` holds."""
    out: list[tuple[float, float]] = []
    for s in shots:
        if keep(s):
            if out and out[-1][1] == s.start:
                out[-1] = (out[-1][0], s.end)
            else:
                out.append((s.start, s.end))
    return out


def showings(video: ShotVideo, x: str, t: float) -> list[tuple[float, float]]:
    """The separate stretches in which ``x`` was in view, begun before ``t``."""
    return runs(before(video, t), lambda s: x in s.images)


def visits(video: ShotVideo, t: float) -> list[tuple[float, float]]:
    """The separate stretches in which someone was in view, begun before ``t``."""
    return runs(before(video, t), lambda s: video.people(s.start) > 0)


def persons(shots) -> list[str]:
    """The people in ``shots``, in the order they first appear."""
    return list(dict.fromkeys(x for s in shots for x in s.images if x in PERSONS))


class Batch(Questions):
    """Questions with the right option at a seeded random position; ask times checked, wordings unique."""

    def __init__(self) -> None:
        super().__init__(LIVE_CODES)
        self.rng = random.Random(53)
        self.turn = count()

    def add(self, video, t, form, question, candidates, answer) -> None:
        check_ask(video, t)
        assert all(question.lower() != r["question"].lower() for r in self.records), question
        super().add(video, t, form, question, candidates, answer)

    def pick(self, v, t, form, question: str, answer: str, wrongs, n: int = 4) -> None:
        wrongs = [w for w in dict.fromkeys(wrongs) if w != answer][: n - 1]
        assert len(wrongs) >= 2 or n == 2 and wrongs, (question, answer, wrongs)
        k = self.rng.randrange(len(wrongs) + 1)
        self.add(v, t, form, question, [*wrongs[:k], answer, *wrongs[k:]], answer)

    def number(self, v, t, form, question: str, n: int) -> None:
        others = [str(m) for m in (n + 1, n - 1, n + 2, n - 2, n + 3) if m >= 0]
        self.pick(v, t, form, question, str(n), others, 3 + next(self.turn) % 2)

    def size(self) -> int:
        return 3 + next(self.turn) % 2


def live_suite() -> list[dict]:
    """The questions about :data:`LIVE_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    q = Batch()
    rng = q.rng

    def pool(v: ShotVideo, avoid, also=()) -> list[str]:
        """Things that are no answer while ``avoid`` is (or was) in view: the video's own pictures
        first, then the other pictures, then things never shown (each group shuffled)."""
        own = list(dict.fromkeys(x for s in v.shots for x in s.images))
        groups = [own, [x for x in PICTURES if x not in own], list(NEVER)]
        for group in groups:
            rng.shuffle(group)
        return [x for g in groups for x in g if not blocked(x, avoid) and x not in also]

    def combos(v: ShotVideo, avoid, m: int, n: int = 3, also=()) -> list[str]:
        """``n`` descriptions of ``m`` things each, none of them in (or passing for one in) ``avoid``."""
        things = pool(v, avoid, also)
        return [describe(things[j * m : (j + 1) * m]) for j in range(n)]

    def fmt_time(s: float, style: int) -> str:
        return (f"at {mmss(s)}", mmss(s), f"around {mmss(s)}")[style % 3]

    def fmt_span(a: float, b: float, style: int) -> str:
        return (f"{mmss(a)}–{mmss(b)}", f"from {mmss(a)} to {mmss(b)}")[style % 2]

    def times(v: ShotVideo, t: int, form, question, truth: float, exclude=(), cuts_only=False) -> None:
        """A "when" question whose answer is the instant ``truth``: the wrong options are other shot
        boundaries (view changes only, with ``cuts_only``) and middles of shots, none in ``exclude``."""
        assert truth < t
        done = [s for s in v.shots if s.end <= t]
        edges = [s.start for s in done[1:]] + ([v.at(t).start] if v.at(t).start else [])
        if cuts_only:
            edges = [e for e in edges if e in v.cuts]
        edges = [e for e in edges if e != truth and e not in exclude]
        middles = [(s.start + s.end) / 2 for s in done if abs((s.start + s.end) / 2 - truth) >= 4]
        rng.shuffle(edges)
        rng.shuffle(middles)
        style = next(q.turn)
        wrongs = [fmt_time(e, style) for e in [*edges, *middles]]
        q.pick(v, t, form, question, fmt_time(truth, style), wrongs, q.size())

    def spans(v: ShotVideo, t: int, form, question, truth: tuple[float, float], fits) -> None:
        """A "when" question whose answer is the stretch ``truth``: the wrong options are finished
        shots outside it for which ``fits(shot)`` holds."""
        assert truth[1] <= t
        others = [s for s in v.shots if s.end <= t and (s.end <= truth[0] or s.start >= truth[1]) and fits(s)]
        rng.shuffle(others)
        style = next(q.turn)
        wrongs = [fmt_span(s.start, s.end, style) for s in others]
        q.pick(v, t, form, question, fmt_span(*truth, style), wrongs, q.size())

    def label(v: ShotVideo, x: str) -> str:
        return "the " + MOVER[v.mover].split(" ", 1)[1] if x == "motion" else the(x)

    def first_time(v: ShotVideo, x: str, t: float) -> float:
        if x == "motion":
            return runs(before(v, t), lambda s: s.moving)[0][0]
        return showings(v, x, t)[0][0]

    for form, key, t, kind, arg, question in QUESTIONS:
        v = V[key]
        shot = v.at(t)
        check_ask(v, t)
        # --- yes/no --------------------------------------------------------------------------
        if kind == "here":
            q.yn(v, t, form, question, v.people(t) > 0)
        elif kind == "came":  # someone came by in [arg, t], nobody being in view at its start
            check_edge(v, arg)
            assert v.people(arg) == 0, question
            q.yn(v, t, form, question, any(v.people(s.start) for s in in_view(v, arg, t)))
        elif kind == "is":
            truth = arg in shot.images
            assert truth or not blocked(arg, shot.images), question
            q.yn(v, t, form, question, truth)
        elif kind == "left":  # seen earlier, not in view now
            assert any(arg in s.images for s in before(v, shot.start)), question
            q.yn(v, t, form, question, arg not in shot.images)
        elif kind == "back":  # two separate stretches or more
            q.yn(v, t, form, question, len(showings(v, arg, t)) >= 2)
        elif kind == "ever":
            seen = {x for s in before(v, t) for x in s.images}
            truth = arg in seen
            assert truth or not blocked(arg, seen), question
            q.yn(v, t, form, question, truth)
        elif kind == "count is":
            q.yn(v, t, form, question, v.people(t) == arg)
        elif kind in ("moving", "static"):
            q.yn(v, t, form, question, shot.moving == (kind == "moving"))
        elif kind == "moved":  # anything moved in [arg, t]
            check_edge(v, arg)
            truth = any(s.moving for s in in_view(v, arg, t))
            assert truth or not any(arg < c < t for c in v.cuts), question  # nobody came or left
            q.yn(v, t, form, question, truth)
        elif kind == "moved while":
            with_it = [s for s in before(v, t) if arg in s.images]
            assert with_it and arg not in shot.images, question
            q.yn(v, t, form, question, any(s.moving for s in with_it))
        elif kind == "cut since":
            check_edge(v, arg)
            truth = any(arg < c < t for c in v.cuts)
            assert truth or len(in_view(v, arg, t)) == 1, question  # no movement starting or stopping
            q.yn(v, t, form, question, truth)
        elif kind in ("quiet", "busy", "anyone in", "has in"):
            x, a, b = arg if kind == "has in" else (None, *arg)
            check_edge(v, a)
            check_edge(v, b)
            assert b < t
            inside = in_view(v, a, b)
            if kind == "has in":
                images = {img for s in inside for img in s.images}
                truth = x in images
                assert truth or not blocked(x, images), question
            elif kind == "anyone in":
                truth = any(v.people(s.start) for s in inside)
            else:  # quiet: one still shot with nobody in it; not quiet: someone or something moving
                quiet = len(inside) == 1 and not inside[0].moving and not v.people(a)
                assert quiet or any(s.moving or v.people(s.start) for s in inside), question
                truth = quiet == (kind == "quiet")
            q.yn(v, t, form, question, truth)
        # --- numbers -------------------------------------------------------------------------
        elif kind == "people now":
            q.number(v, t, form, question, v.people(t))
        elif kind == "people at":
            check_edge(v, arg)
            q.number(v, t, form, question, v.people(arg))
        elif kind == "people most":
            q.number(v, t, form, question, max(v.people(s.start) for s in before(v, t)))
        elif kind == "people with":
            (stretch,) = showings(v, arg, t)
            assert stretch[1] <= t, question
            q.number(v, t, form, question, max(v.people(s.start) for s in in_view(v, *stretch)))
        elif kind in ("distinct", "visits", "came by"):
            distinct = len(persons(before(v, t)))
            separate = len(visits(v, t))
            assert kind != "came by" or distinct == separate, question
            q.number(v, t, form, question, separate if kind == "visits" else distinct)
        elif kind == "moves":
            q.number(v, t, form, question, len(runs(before(v, t), lambda s: s.moving)))
        elif kind == "times":
            q.number(v, t, form, question, len(showings(v, arg, t)))
        elif kind == "cuts":
            check_edge(v, arg)
            q.number(v, t, form, question, sum(arg < c < t for c in v.cuts))
        # --- times and stretches -------------------------------------------------------------
        elif kind in ("left person", "last arrival", "first arrival"):
            came = visits(v, t)
            arrivals = [a for a, _ in came]
            if kind == "left person":  # the one visit so far, over
                (visit,) = came
                assert visit[1] <= t, question
                times(v, t, form, question, visit[1])
            else:
                truth = arrivals[-1] if kind == "last arrival" else arrivals[0]
                times(v, t, form, question, truth, exclude=arrivals)
        elif kind in ("arrive", "leave"):
            stretches = showings(v, arg, t)
            if kind == "arrive":
                times(v, t, form, question, stretches[0][0], exclude=[a for a, _ in stretches])
            else:
                assert len(stretches) == 1 and arg not in shot.images, question
                times(v, t, form, question, stretches[0][1])
        elif kind in ("last cut", "first cut"):
            cuts = [c for c in v.cuts if c < t]
            truth = cuts[-1] if kind == "last cut" else cuts[0]
            times(v, t, form, question, truth, cuts_only=True)
        elif kind == "span":
            (stretch,) = showings(v, arg, t)
            spans(v, t, form, question, stretch, lambda s, x=arg: not blocked(x, s.images))
        elif kind == "motion span":
            moving = runs([s for s in v.shots if s.end <= t], lambda s: s.moving)
            assert arg != "first" or len(moving) == 1, question
            truth = moving[-1] if arg == "last" else moving[0]
            spans(v, t, form, question, truth, lambda s, v=v: not s.moving and not v.people(s.start))
        # --- descriptions --------------------------------------------------------------------
        elif kind == "what":
            m = len(shot.images)
            q.pick(v, t, form, question, describe(shot.images), combos(v, shot.images, m), q.size())
        elif kind == "which":
            assert arg in shot.images
            wrongs = [name(x) for x in pool(v, shot.images)]
            q.pick(v, t, form, question, name(arg), wrongs, q.size())
        elif kind in ("who", "who came"):
            a = t if kind == "who" else arg
            if kind == "who came":
                check_edge(v, a)
            inside = in_view(v, a, t)
            here = persons(inside)
            images = {x for s in inside for x in s.images}
            wrongs = [name(x) for x in sorted(PERSONS & set(NAMES)) if not blocked(x, images)]
            wrongs += list(STRANGERS)
            rng.shuffle(wrongs)
            if here:
                wrongs.insert(rng.randrange(2), NOBODY)
            q.pick(v, t, form, question, describe(here) if here else NOBODY, wrongs, q.size())
        elif kind == "at":
            check_edge(v, arg)
            images = v.at(arg).images
            wrongs = combos(v, images, len(images))
            q.pick(v, t, form, question, describe(images), wrongs, q.size())
        elif kind in ("before", "after"):
            (stretch,) = showings(v, arg, t)
            if kind == "before":
                answer = v.at(stretch[0] - 1)
                avoid = {x for s in v.shots if s.start < stretch[0] for x in s.images}
            else:
                answer = v.at(stretch[1])
                assert answer.end <= t or answer is shot
                avoid = {x for s in in_view(v, stretch[1], t) for x in s.images}
            m = len(answer.images)
            wrongs = combos(v, avoid, m, also=(arg,))
            q.pick(v, t, form, question, describe(answer.images), wrongs, q.size())
        elif kind == "first of":
            x, y = arg
            if "motion" not in arg:  # the first thing passing for one of them is that one
                assert first_time(v, x, t) < first_time(v, y, t) or not blocked(x, [y])
                assert first_time(v, y, t) < first_time(v, x, t) or not blocked(y, [x])
            first = min(arg, key=lambda z: first_time(v, z, t))
            assert first_time(v, x, t) != first_time(v, y, t)
            q.pick(v, t, form, question, label(v, first), [label(v, x), label(v, y)], 2)
        elif kind == "list":
            assert all(len(showings(v, x, t)) == 1 for x in arg)
            order = sorted(arg, key=lambda z: first_time(v, z, t))
            lists = [", then ".join(the(x) for x in p) for p in permutations(order)]
            truth, wrongs = lists[0], lists[1:]
            rng.shuffle(wrongs)
            q.pick(v, t, form, question, truth, wrongs, q.size())
        elif kind == "summary":
            a, b = arg[0], t if arg[1] is None else arg[1]
            check_edge(v, a)
            if arg[1] is not None:
                check_edge(v, b)
            inside = in_view(v, a, b)
            assert len(inside) >= 2, question
            items = [shot_text(v, s) for s in inside]
            seen = {x for s in before(v, t) for x in s.images}
            intruder = describe([rng.choice([k for k in NEVER if not blocked(k, seen)])])
            wrong = [items[::-1], [*items[:-2], items[-1], items[-2]], [*items[:-1], intruder]]
            wrong.append([intruder, *items[1:]])
            earlier = [shot_text(v, s) for s in v.shots if s.end <= a]
            if earlier and earlier[-1] != items[0]:
                wrong.append([earlier[-1], *items])
            later = [shot_text(v, s) for s in v.shots if s.start >= max(b, t)]
            if later:
                wrong.append([*items, later[0]])
            wrongs = [", then ".join(w) for w in wrong if w != items]
            rng.shuffle(wrongs)
            q.pick(v, t, form, question, ", then ".join(items), wrongs, q.size())
        else:
            raise AssertionError((kind, question))
    recs = q.records
    assert {r["form"] for r in recs} == set(LIVE_FORMS)
    return recs


def write_live_suite(folder: Path) -> tuple[Path, Path]:
    """Write the live-camera videos and ``live.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, LIVE_VIDEOS, live_suite(), "live")
