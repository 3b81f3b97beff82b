"""A development batch of home-camera questions: what someone checking a home or security camera app asks.

Three 640x360 videos of shots of 8 to 16 s, each a fixed camera on one spot: a hallway with a picture of a
temple, a kitchen table with a cup of coffee, a porch with a motorbike. Long stretches show only that still
picture (the room is empty); the navy officer and the astronaut step in, alone or beside the room's thing,
leave and come back (the same person in two separate shots) or come in together; the cat passes; a ball or
a red square slides across; the view switches to another camera (a rocket on the TV, a horse) and back.
The questions were written from the schedule alone, without looking at any answering code, the way users
of a home-camera app type: casual ("who's in the kitchen rn?"), polite, terse, with typos now and then
("whos in the hallway?"), and two sentences ("Been gone about half a minute. Anyone stop by?").

Every truth is computed from the schedule (people from ``PEOPLE``, movement from ``moving=True``, view
switches from the pictures that are not people or the cat), never typed in. Ask times sit 2 s or more from
any shot boundary, window edges 3 s or more (or at 0). "Different people" counts individuals, "how many
times did someone come in" separate appearances (asked only where nobody came in together); "anyone" is a
person, not the cat; "empty" and "nobody" are asked only with the room's thing in view and the cat not
there alone. A view switch is the room's picture giving way to another spot, not a person stepping in; a
"no switch" window is one still shot, a "nothing moved" window holds no cut, and "when did something last
(first) move" is asked only where nobody came or went after (before) it. A wrong option is never in view in
the asked time nor something a picture there could pass for: the astronaut's photo has a shuttle model and
her flight suit could pass for a uniform, so while (for past questions: once) she is in view no wrong
option is a rocket or a woman in uniform, her arrivals are no wrong option for the navy officer's, and the
navy officer's returns, counts and order are asked only where the astronaut cannot be taken for her; a dog
is no wrong option beside the horse's silhouette, nor a teddy bear beside the cat; the temple's trees and
boat, the coffee's spoon and saucer, the garage's shelves and boxes and flags are never options. The
astronaut is a woman too, so Grace Hopper is "the woman in uniform" or "the navy officer", never "the
woman". The cameraman's picture is not used.
"""

from __future__ import annotations

import random
from itertools import permutations
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

HOME_FORMS = (
    *("people", "people count", "motion", "scene change", "now", "now yes/no"),
    *("past yes/no", "when", "order", "count", "window", "summary"),
)
_ALL_CODES = {**FORM_CODES, **PEOPLE_FORM_CODES, "window": "PastMemory-3", "summary": "PastMemory-4"}
HOME_CODES = {form: _ALL_CODES[form] for form in HOME_FORMS}

MOTO = "stereo_motorcycle"


def _video(schedule: str) -> ShotVideo:
    """A 640x360 camera video from "name mover: pictures start-end, ...": side-by-side pictures joined by
    "+", a "~" after them for a shot with the mover (a ball or a red square) sliding across."""
    head, _, body = schedule.partition(": ")
    shots: list[Shot] = []
    for part in body.split(", "):
        pictures, span = part.split()
        start, end = map(int, span.split("-"))
        assert start == (shots[-1].end if shots else 0), part
        shots.append(Shot(tuple(pictures.rstrip("~").split("+")), start, end, moving=pictures[-1] == "~"))
    name, mover = head.split()
    return ShotVideo(name, tuple(shots), size=(640, 360), mover=mover)


HOME_VIDEOS = (
    _video(
        "home_hallway ball: china 0-16, grace_hopper+china 16-28, china 28-40, china~ 40-50, "
        "astronaut 50-62, china 62-76, grace_hopper+china 76-88, rocket 88-100, china 100-108, "
        "chelsea+china 108-118"
    ),
    _video(
        "home_kitchen square: coffee 0-14, chelsea+coffee 14-26, coffee~ 26-38, astronaut+coffee 38-50, "
        "coffee 50-62, astronaut 62-74, coffee 74-86, grace_hopper+astronaut+coffee 86-100, coffee~ 100-112"
    ),
    _video(
        f"home_porch ball: {MOTO} 0-12, {MOTO}~ 12-22, {MOTO} 22-34, grace_hopper+{MOTO} 34-46, "
        f"{MOTO}~ 46-56, {MOTO} 56-66, chelsea+{MOTO} 66-78, astronaut+{MOTO} 78-90, horse 90-100, "
        f"{MOTO} 100-108, grace_hopper+{MOTO} 108-120"
    ),
)
ROOM = {"home_hallway": "china", "home_kitchen": "coffee", "home_porch": MOTO}  # each camera's own spot
GH, AST, CAT = "grace_hopper", "astronaut", "chelsea"

# each picture as the options name it
NAMES = {GH: "a woman in uniform", AST: "an astronaut", CAT: "a cat", "coffee": "a cup of coffee"}
NAMES |= {"rocket": "a rocket", MOTO: "a motorbike", "china": "a temple", "horse": "a horse"}
PICTURES = tuple(NAMES)
NEVER = {"dog": "a dog", "guitar": "a guitar", "pizza": "a pizza", "teddy": "a teddy bear"}
NEVER |= {"umbrella": "an umbrella", "vacuum": "a vacuum cleaner"}
NAMES |= NEVER
PERSONS = tuple(p for p in PEOPLE if p in NAMES)  # the astronaut and the navy officer (no cameraman)
ANIMATE = {*PERSONS, CAT}
STRANGERS = ("a little kid", "a guy walking a dog", "a teenage boy")  # people never shown
NOBODY, QUIET = "nobody", "nothing, it was quiet"
MOVER = {"ball": "a ball rolling across", "square": "a red square sliding across"}
# x is no wrong option while any of PASS[x] is in view (x itself, or a picture that could pass for it)
PASS = {x: {x} for x in NAMES}
PASS["rocket"].add(AST)  # the shuttle model beside her
PASS[GH].add(AST)  # her flight suit
PASS["dog"].add("horse")  # a silhouette
PASS["teddy"].add(CAT)

# per video: form, ask time, kind, argument, question (the kinds are read in :func:`_ask`)
ASK = {
    # hallway: a temple; the navy officer 0:16-0:28 and again 1:16-1:28; a ball 0:40-0:50; the
    # astronaut 0:50-1:02; the TV (a rocket) 1:28-1:40; the cat from 1:48
    "home_hallway": (
        ("people", 8, "here", None, "anyone home?"),
        ("people", 22, "who", None, "whos in the hallway?"),
        ("people", 34, "came", 9, "I popped out for about 25 seconds. Did anybody come in while I was gone?"),
        ("people", 74, "who came", 44, "who came by in the last half minute?"),
        ("people", 96, "came", 66, "Been gone about half a minute. Anyone stop by?"),
        ("people", 114, "here", None, "is someone there? i heard a noise"),
        ("people count", 24, "people now", None, "how many ppl in the hall right now"),
        ("people count", 72, "people now", None, "how many people can you see at the moment?"),
        ("people count", 96, "most", None, "most people in the hall at once so far?"),
        ("people count", 104, "distinct", None, "How many different people came by today?"),
        ("people count", 104, "visits", None, "How many times did someone come in so far?"),
        ("motion", 44, "moving", None, "anything moving?"),
        ("motion", 37, "moved", 31, "did anything move in the last 6 seconds?"),
        ("motion", 46, "moved", 33, "any movement since 0:33?"),
        ("motion", 104, "still", None, "is the picture totally still rn?"),
        ("scene change", 12, "switch", 0, "Has the camera view switched at all?"),
        ("scene change", 96, "switch", 81, "Did the camera view switch in the last 15 seconds?"),
        ("scene change", 96, "switch at", None, "When did the view switch?"),
        ("scene change", 104, "last switch", None, "When did the picture last change?"),
        ("scene change", 106, "switches", 81, "how many times has the view switched since 1:21?"),
        ("now", 6, "what", None, "what's the hallway cam showing?"),
        ("now", 80, "which", GH, "which of these is in the hall rn?"),
        ("now", 92, "what", None, "What's on the screen now?"),
        ("now yes/no", 26, "is", "china", "can u still see the temple picture?"),
        ("now yes/no", 56, "is", "china", "Is the temple still in view?"),
        ("now yes/no", 112, "is", CAT, "is that the cat in the hallway?"),
        ("past yes/no", 46, "ever", AST, "has the astronaut been by yet?"),
        ("past yes/no", 104, "ever", CAT, "did teh cat come thru the hall earlier?"),
        ("past yes/no", 116, "back", AST, "Did the astronaut come back after she left?"),
        ("when", 34, "left person", None, "When did the person leave?"),
        ("when", 68, "leave", AST, "when did the astronaut leave?"),
        ("when", 70, "span", AST, "When was the astronaut here?"),
        ("when", 96, "last in", None, "When did someone last come in?"),
        ("when", 116, "arrive", CAT, "what time did the cat show up?"),
        ("order", 112, "first", (GH, AST), "who came first, the astronaut or the woman in uniform?"),
        ("order", 116, "rel", (CAT, AST), "Did the cat show up before or after the astronaut?"),
        ("order", 70, "first", ("motion", AST), "What came first, the ball rolling across or the astronaut?"),
        ("order", 96, "after", AST, "what was on cam right after the astronaut left?"),
        ("order", 112, "before", "rocket", "What was on right before the rocket came on?"),
        ("count", 66, "moves", None, "how many times has the ball rolled past?"),
        ("count", 112, "times", AST, "how many times was the astronaut here?"),
        ("count", 116, "visits", None, "How many separate times was somebody in the hallway?"),
        ("window", 70, "at", 22, "what was in the hall at 0:22?"),
        ("window", 84, "empty in", (65, 73), "was the hallway empty between 1:05 and 1:13?"),
        ("window", 116, "recap", (79, 105), "what happened between 1:19 and 1:45?"),
        ("summary", 56, "recap", (0, None), "quick recap pls"),
        ("summary", 86, "recap", (56, None), "anything happen in the last 30 secs? give me the rundown"),
        ("summary", 116, "recap", (81, None), "What did I miss in the last 35 seconds?"),
    ),
    # kitchen: a cup of coffee; the cat 0:14-0:26; a square 0:26-0:38 and from 1:40; the astronaut
    # 0:38-0:50, again 1:02-1:14 and with the navy officer 1:26-1:40
    "home_kitchen": (
        ("people", 34, "came", 0, "Did anyone come into the kitchen?"),
        ("people", 44, "who", None, "Could you tell me who's at the kitchen table, please?"),
        ("people", 56, "empty", None, "is the kitchen empty right now?"),
        ("people", 84, "came", 54, "I was out for like 30 sec. did anybody come in?"),
        ("people", 92, "who", None, "who's in the kitchen rn?"),
        ("people count", 80, "distinct", None, "How many different people have been in today?"),
        ("people count", 80, "visits", None, "How many times has someone come in so far?"),
        ("people count", 96, "count is", 2, "are there 2 people there now?"),
        ("people count", 106, "most", None, "What's the most people in the kitchen at one time?"),
        ("motion", 30, "moving", None, "is something moving on the table?"),
        ("motion", 58, "moved", 53, "anything move in the last 5 secs?"),
        ("motion", 70, "still", None, "is the feed still right now?"),
        ("motion", 110, "moved", 90, "Did anything move in the last 20 s?"),
        ("scene change", 12, "switch", 0, "did the camera view switch at all so far?"),
        ("scene change", 60, "switch", 53, "has the view switched in the last 7 sec?"),
        ("now", 20, "what", None, "what's on the kitchen cam?"),
        ("now", 94, "which", AST, "Which one of these is in the kitchen now?"),
        ("now yes/no", 22, "is", CAT, "is the cat on the table??"),
        ("now yes/no", 46, "is", "dog", "is there a dog in the kitchn?"),
        ("now yes/no", 68, "is", "coffee", "can you still see my coffee?"),
        ("now yes/no", 90, "is", GH, "Is the navy officer in the kitchen right now?"),
        ("past yes/no", 56, "back", AST, "has the astronaut come back since she left?"),
        ("past yes/no", 60, "ever", CAT, "was the cat on the table earlier?"),
        ("past yes/no", 80, "back", AST, "Did the astronaut come back later?"),
        ("past yes/no", 110, "ever", "pizza", "Was there a pizza on the table at any point?"),
        ("when", 58, "leave", AST, "what time did the astronaut leave the kitchen?"),
        ("when", 60, "span", CAT, "When was the cat on the table?"),
        ("when", 108, "arrive", GH, "what time did the navy officer show up?"),
        ("order", 58, "list", (AST, "motion", CAT), "order pls: the astronaut, the red square, the cat"),
        ("order", 60, "first", ("motion", CAT), "what came first, the red square or the cat?"),
        ("order", 70, "rel", (CAT, AST), "did the cat come before or after the astronaut?"),
        ("count", 82, "times", AST, "How many times did the astronaut come by?"),
        ("count", 96, "moves", None, "how many times has the red square gone across?"),
        ("count", 108, "distinct", None, "how many different people came by the kitchen?"),
        ("window", 70, "at", 44, "what was on camera at 0:44?"),
        ("window", 96, "empty in", (41, 55), "Was the kitchen empty from 0:41 to 0:55?"),
        ("window", 110, "anyone in", (65, 71), "anybody in the kitchen between 1:05 and 1:11?"),
        ("window", 110, "recap", (59, 89), "What happened between 0:59 and 1:29?"),
        ("summary", 40, "recap", (0, None), "what's happened so far?"),
        ("summary", 84, "recap", (54, None), "what's been going on in the last half minute?"),
        ("summary", 110, "recap", (65, None), "Sorry, I was on the phone for 45 sec. What did I miss?"),
    ),
    # porch: a motorbike; a ball 0:12-0:22 and 0:46-0:56; the navy officer 0:34-0:46 and from 1:48;
    # the cat 1:06-1:18; the astronaut 1:18-1:30; another camera (a horse) 1:30-1:40
    "home_porch": (
        ("people", 40, "who", None, "who's at the door?"),
        ("people", 60, "empty", None, "is the porch clear rn?"),
        ("people", 64, "came", 49, "Did anyone come to the door in the last 15 s?"),
        ("people count", 82, "count is", 1, "just one person out there?"),
        ("people count", 116, "distinct", None, "how many different people came to the door today?"),
        ("people count", 116, "visits", None, "How many times did someone come to the door?"),
        ("motion", 16, "moving", None, "is something moving out there?"),
        ("motion", 40, "moved", 15, "Has anything moved in the last 25 s?"),
        ("motion", 62, "motion last", None, "When did something last move?"),
        ("motion", 64, "motion first", None, "When was the first movement on the porch?"),
        ("scene change", 31, "switch", 25, "did the view change in the last 6 s?"),
        ("scene change", 96, "switch", 84, "did the camera view switch in the last 12 sec?"),
        ("scene change", 96, "switch at", None, "When did the picture change?"),
        ("scene change", 106, "switches", 83, "How many times did the view switch since 1:23?"),
        ("now", 4, "what", None, "whats the porch cam lookin at?"),
        ("now", 70, "what", None, "what's out front rn?"),
        ("now", 82, "which", AST, "Which of these is at the door?"),
        ("now", 94, "what", None, "wait what is this on the porch cam now?"),
        ("now yes/no", 72, "is", "dog", "is that a dog on the porch?"),
        ("now yes/no", 94, "is", MOTO, "Can you see the motorbike right now?"),
        ("now yes/no", 112, "is", AST, "is the astronaut at the door?"),
        ("past yes/no", 60, "ever", CAT, "has the cat been out frnt today?"),
        ("past yes/no", 116, "ever", "horse", "was there a horse at some point?"),
        ("past yes/no", 116, "back", GH, "did the woman in uniform come back?"),
        ("when", 60, "left person", None, "when did the person at the door leave?"),
        ("when", 104, "arrive", AST, "what time did the astronaut get here?"),
        ("when", 104, "span", CAT, "when was the cat on the porch?"),
        ("order", 116, "first", (GH, AST), "who came first, the astronaut or the navy officer?"),
        ("order", 96, "before", AST, "what was there right before the astronaut showed up?"),
        ("order", 116, "list", ("horse", CAT, AST), "Put these in order: the horse, the cat, the astronaut."),
        ("count", 70, "moves", None, "How many times did the ball roll by?"),
        ("count", 104, "times", CAT, "How many times did the cat come by?"),
        ("count", 104, "distinct", None, "How many different ppl came by so far?"),
        ("window", 64, "at", 40, "What was at the door at 0:40?"),
        ("window", 76, "empty in", (3, 30), "Was the porch empty from 0:03 to 0:30?"),
        ("window", 104, "anyone in", (59, 63), "was anyone at the door between 0:59 and 1:03?"),
        ("window", 116, "recap", (60, 96), "What happened between 1:00 and 1:36?"),
        ("summary", 44, "recap", (0, None), "Hi! Just got home. Could you fill me in on what happened?"),
        ("summary", 62, "recap", (0, None), "Catch me up?"),
        ("summary", 116, "recap", (71, None), "what did I miss in the past 45 seconds?"),
    ),
}


def _say(things) -> str:
    """``["grace_hopper", "chelsea"]`` -> "a woman in uniform and a cat"."""
    words = [NAMES[x] for x in things]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _the(x: str) -> str:
    return "the " + NAMES[x].split(" ", 1)[1]


def _clock(t: float) -> str:
    return f"{int(t) // 60}:{int(t) % 60:02d}"


def _passes(x: str, images) -> bool:
    """Whether ``x`` is among ``images``, or could be taken to be."""
    return bool(PASS[x] & set(images))


def _stretches(shots, keep) -> list[tuple[float, float]]:
    """(start, end) of each run of back-to-back ``shots`` that ``keep``."""
    out: list[tuple[float, float]] = []
    for s in shots:
        if keep(s) and out and out[-1][1] == s.start:
            out[-1] = (out[-1][0], s.end)
        elif keep(s):
            out.append((s.start, s.end))
    return out


def _switches(v: ShotVideo) -> list[float]:
    """Cuts where the camera shows another spot: the pictures other than people and the cat change, and
    neither side is people alone (someone right in front of the lens is no switch either way)."""
    f = [set(s.images) - ANIMATE for s in v.shots]
    return [v.shots[i].start for i in range(1, len(f)) if f[i - 1] and f[i] and f[i] != f[i - 1]]


class _Set(Questions):
    """The records; options shuffled with a seeded generator; ask times and wordings checked."""

    def __init__(self) -> None:
        super().__init__(HOME_CODES)
        self.rng, self.turn = random.Random(4711), 0

    def add(self, video, t, form, question, candidates, answer) -> None:
        ok = 2 <= t <= video.duration - 2 and all(abs(t - s.start) >= 2 for s in video.shots[1:])
        assert ok and question.lower() not in {r["question"].lower() for r in self.records}, question
        super().add(video, t, form, question, candidates, answer)

    def choose(self, v, t, form, question, answer: str, wrongs, n: int = 0) -> None:
        self.turn += 1
        n = n or 3 + self.turn % 2
        wrongs = [w for w in dict.fromkeys(wrongs) if w != answer][: n - 1]
        assert len(wrongs) >= min(2, n - 1), (question, wrongs)
        self.add(v, t, form, question, self.rng.sample([answer, *wrongs], len(wrongs) + 1), answer)


def _ask(q: _Set, v: ShotVideo, form: str, t: float, kind: str, arg, text: str) -> None:
    """Add one question of ``kind`` about ``v`` asked at ``t``, its truth taken from the schedule."""
    rng, shot, room = q.rng, v.at(t), ROOM[v.name]
    upto = [s for s in v.shots if s.start < t]

    def edge(a: float) -> float:  # a window edge: 0, or 3 s or more from any shot boundary
        assert a == 0 or 3 <= a <= t and all(abs(a - s.start) >= 3 for s in v.shots[1:]), (text, a)
        return a

    def between(a: float, b: float) -> list[Shot]:
        return [s for s in v.shots if s.start < b and s.end > a]

    def seen(shots) -> set[str]:
        return {x for s in shots for x in s.images}

    def persons(shots) -> list[str]:
        return list(dict.fromkeys(x for s in shots for x in s.images if x in PERSONS))

    def showings(x: str) -> list[tuple[float, float]]:
        return _stretches(upto, lambda s: s.moving if x == "motion" else x in s.images)

    def first(x: str) -> float:
        return showings(x)[0][0]

    def label(x: str) -> str:  # "the astronaut", "the ball rolling across"
        return "the " + MOVER[v.mover].split(" ", 1)[1] if x == "motion" else _the(x)

    def pool(avoid) -> list[str]:
        """No answer while ``avoid`` is in view: own pictures, other pictures, never shown (each shuffled)."""
        own = list(dict.fromkeys(x for s in v.shots for x in s.images))
        out = []
        for group in (own, [x for x in PICTURES if x not in own], list(NEVER)):
            rng.shuffle(group)
            out += [x for x in group if not _passes(x, avoid)]
        return out

    def combos(avoid, m: int) -> list[str]:
        things = pool(avoid)
        return [_say(things[i * m : (i + 1) * m]) for i in range(3)]

    def instant(truth: float, exclude=(), edges: bool = True) -> None:
        # wrong options: other shot starts (with ``edges``), middles of finished shots; none in ``exclude``
        times = [s.start for s in upto[1:]] if edges else []
        times += [(s.start + s.end) // 2 for s in upto if s.end <= t]
        times = [x for x in times if abs(x - truth) > 3 and x not in exclude]
        rng.shuffle(times)
        style = ("{}", "at {}", "around {}")[q.turn % 3]
        say = [style.format(_clock(x)) for x in (truth, *times)]
        q.choose(v, t, form, text, say[0], say[1:])

    def stretch(truth: tuple[float, float], fits) -> None:
        # wrong options: finished shots outside ``truth`` that ``fits``
        assert truth[1] <= t, text
        others = [(s.start, s.end) for s in upto if s.end <= t and fits(s)]
        others = [x for x in others if x[1] <= truth[0] or x[0] >= truth[1]]
        rng.shuffle(others)
        style = ("{}–{}", "from {} to {}")[q.turn % 2]
        say = [style.format(_clock(a), _clock(b)) for a, b in (truth, *others)]
        q.choose(v, t, form, text, say[0], say[1:])

    came = _stretches(upto, lambda s: v.people(s.start) > 0)  # separate appearances so far
    yes = number = None
    if kind == "here":
        yes = v.people(t) > 0
    elif kind == "empty":  # asked with the room's thing in view, and not the cat alone
        yes = v.people(t) == 0
        assert not yes or room in shot.images and CAT not in shot.images, text
    elif kind == "came":  # someone came in during [arg, t], nobody being there at arg
        assert v.people(edge(arg)) == 0, text
        yes = bool(persons(between(arg, t)))
    elif kind in ("is", "ever"):
        images = shot.images if kind == "is" else seen(upto)
        yes = arg in images
        assert yes or not _passes(arg, images), text
    elif kind == "back":  # two separate stretches or more; for a "no", nothing else passing for it
        n = len(showings(arg))
        assert n >= 2 or n == 1 and not any(_passes(arg, s.images) and arg not in s.images for s in upto)
        yes = n >= 2
    elif kind == "count is":
        yes = v.people(t) == arg
    elif kind in ("moving", "still"):
        yes = shot.moving == (kind == "moving")
    elif kind == "moved":  # anything moved in [arg, t]; a "no" window holds no cut at all
        yes = any(s.moving for s in between(edge(arg), t))
        assert yes or not any(arg < c < t for c in v.cuts), text
    elif kind == "switch":  # the view switched in (arg, t); a "no" window is one still shot
        yes = any(edge(arg) < c < t for c in _switches(v))
        assert yes or [s.moving for s in between(arg, t)] == [False], text
    elif kind in ("empty in", "anyone in"):  # a "nobody" window shows the room, and no cat alone
        inside = between(edge(arg[0]), edge(arg[1]))
        anyone = bool(persons(inside))
        assert arg[1] < t and (anyone or all(room in s.images for s in inside)), text
        assert anyone or kind == "anyone in" or CAT not in seen(inside), text
        yes = anyone == (kind == "anyone in")
    elif kind in ("people now", "most", "distinct"):
        most = max(v.people(s.start) for s in upto)
        number = {"people now": v.people(t), "most": most, "distinct": len(persons(upto))}[kind]
    elif kind == "visits":  # separate appearances, asked where nobody came in together
        assert all(v.people(s.start) <= 1 for s in upto), text
        number = len(came)
    elif kind == "times":
        assert not any(_passes(arg, s.images) and arg not in s.images for s in upto), text
        number = len(showings(arg))
    elif kind == "moves":
        assert not shot.moving, text
        number = len(showings("motion"))
    elif kind == "switches":  # asked where every cut in the window is a switch
        cuts = [c for c in v.cuts if edge(arg) < c < t]
        assert cuts == [c for c in _switches(v) if arg < c < t], text
        number = len(cuts)
    elif kind == "left person":  # the one visit so far, over
        ((_, left),) = came
        assert left <= t, text
        instant(left)
    elif kind == "last in":
        instant(came[-1][0], exclude=[a for a, _ in came])
    elif kind == "arrive":  # no arrival of it, or of what could pass for it, is a wrong option
        instant(first(arg), exclude=[a for x in PASS[arg] for a, _ in showings(x)])
    elif kind == "leave":
        ((_, left),) = showings(arg)
        assert arg not in shot.images, text
        instant(left)
    elif kind in ("switch at", "last switch"):  # no cut at all is a wrong option
        switched = [c for c in _switches(v) if c < t]
        assert kind == "last switch" or len(switched) == 1, text
        instant(switched[-1], edges=False)
    elif kind == "span":
        (once,) = showings(arg)
        stretch(once, lambda s: not _passes(arg, s.images))
    elif kind in ("motion last", "motion first"):  # nobody came or went after (before) it
        runs = [r for r in showings("motion") if r[1] <= t]
        run = runs[-1] if kind == "motion last" else runs[0]
        assert not any(run[1] <= c < t if kind == "motion last" else c < run[0] for c in v.cuts), text
        stretch(run, lambda s: not s.moving and not ANIMATE & set(s.images))
    elif kind in ("what", "at"):
        images = shot.images if kind == "what" else v.at(edge(arg)).images
        q.choose(v, t, form, text, _say(images), combos(images, len(images)))
    elif kind == "which":
        assert arg in shot.images, text
        q.choose(v, t, form, text, NAMES[arg], [NAMES[x] for x in pool(shot.images)])
    elif kind in ("who", "who came"):  # a "nobody" is asked with the room in view, and no cat alone
        inside = [shot] if kind == "who" else between(edge(arg), t)
        here, images = persons(inside), seen(inside)
        assert here or all(room in s.images and CAT not in s.images for s in inside), text
        absent = [x for x in (*PERSONS, CAT) if not _passes(x, images)]
        singles = [NAMES[x] for x in absent if x in PERSONS] + list(STRANGERS)
        rng.shuffle(singles)
        pairs = [_say(absent[:2])] if len(absent) > 1 else []
        pairs += [f"{STRANGERS[0]} and a cat"] if CAT in absent else []
        wrongs = ([NOBODY] if here else []) + pairs[:1] + singles
        q.choose(v, t, form, text, _say(here) if here else NOBODY, wrongs)
    elif kind in ("before", "after"):
        ((start, end),) = showings(arg)
        answer = v.at(start - 0.5 if kind == "before" else end).images
        avoid = seen(s for s in v.shots if s.start < start) if kind == "before" else seen(between(end, t))
        q.choose(v, t, form, text, _say(answer), combos(avoid | {arg}, len(answer)))
    elif kind == "first":  # what could pass for either came no earlier than it
        assert all(first(a) <= first(z) for a in arg if a != "motion" for z in PASS[a] if showings(z))
        assert first(arg[0]) != first(arg[1]), text
        q.choose(v, t, form, text, label(min(arg, key=first)), [label(x) for x in arg], 2)
    elif kind == "rel":  # every showing of x is before (or after) every showing of y
        (sx, sy), sides = map(showings, arg), [f"before {_the(arg[1])}", f"after {_the(arg[1])}"]
        assert sx[-1][1] <= sy[0][0] or sy[-1][1] <= sx[0][0], text
        q.choose(v, t, form, text, sides[sx[0] > sy[0]], sides, 2)
    elif kind == "list":
        assert all(len(showings(x)) == 1 for x in arg), text
        orders = [", then ".join(label(x) for x in p) for p in permutations(sorted(arg, key=first))]
        q.choose(v, t, form, text, orders[0], rng.sample(orders[1:], 5))
    elif kind == "recap":
        a, b = edge(arg[0]), t if arg[1] is None else edge(arg[1])
        assert arg[1] is None or b < t, text
        text_of = [s.moving and f"{_say(s.images)} with {MOVER[v.mover]}" or _say(s.images) for s in v.shots]
        items = [text_of[i] for i, s in enumerate(v.shots) if s.start < b and s.end > a]
        earlier = [text_of[i] for i, s in enumerate(v.shots) if s.end <= a][-1:]
        later = [text_of[i] for i, s in enumerate(v.shots) if s.start >= b][:1]
        assert len(items) >= 2, text
        intruder = NAMES[rng.choice([x for x in NEVER if not _passes(x, seen(upto))])]
        k = rng.randrange(len(items) - 1)
        wrong = [items[::-1], [*items[:k], items[k + 1], items[k], *items[k + 2 :]]]
        wrong += [[*items[: k + 1], intruder, *items[k + 2 :]], earlier + items, items + later]
        wrongs = [", then ".join(w) for w in wrong if w != items]
        rng.shuffle(wrongs)
        q.choose(v, t, form, text, ", then ".join(items), [QUIET, *wrongs] if q.turn % 3 else wrongs)
    else:
        raise AssertionError((kind, text))
    if yes is not None:
        q.yn(v, t, form, text, yes)
    elif number is not None:
        others = [str(m) for m in (number + 1, number - 1, number + 2, number + 3) if m >= 0]
        q.choose(v, t, form, text, str(number), others)


def home_suite() -> list[dict]:
    """The questions about :data:`HOME_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    q = _Set()
    for v in HOME_VIDEOS:
        for form, t, kind, arg, text in ASK[v.name]:
            _ask(q, v, form, t, kind, arg, text)
    assert {r["form"] for r in q.records} == set(HOME_FORMS)
    return q.records


def write_home_suite(folder: Path) -> tuple[Path, Path]:
    """Write the home-camera videos and ``home.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, HOME_VIDEOS, home_suite(), "home")
