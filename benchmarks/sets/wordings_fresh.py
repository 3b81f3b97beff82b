"""A fresh development batch: recaps, order, people counts, scene changes and windows, asked the way
people type to a live-camera or long-video assistant.

Three videos of shots (one picture, several side by side, still or with an object sliding across);
every answer is computed here from the shot schedule (who is in each picture is ``PEOPLE``, a cut is
where the picture changes, a moving shot is one with ``moving=True``), never from a model. Ask times
sit at least 2 s from any shot boundary and a window edge at least 3 s from a cut (or on one), so
each truth is unambiguous. Records are in the suite's lmms-eval row shape, plus ``form``.
"""

from __future__ import annotations

from itertools import count
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

FOCUS_FORMS = ("summary", "order", "people count", "scene change", "window")  # about four in five questions
FRESH_FORMS = (*FOCUS_FORMS, "people", "motion", "count", "category")
_CODES = {**FORM_CODES, **PEOPLE_FORM_CODES, "summary": "PastMemory-4", "window": "PastMemory-3"}
FRESH_CODES = {form: _CODES[form] for form in FRESH_FORMS}

# each picture as people say it
NAMES = {
    "chelsea": "a cat",
    "coffee": "a cup of coffee",
    "rocket": "a rocket",
    "stereo_motorcycle": "a motorbike",
    "china": "a temple",
    "flower": "some flowers",
    "coins": "coins",
    "grace_hopper": "a woman",
    "astronaut": "an astronaut",  # a model shuttle stands beside her: no "rocket?" asked while she shows
    "camera": "a cameraman",
}
NEVER = ("a dog", "a bicycle", "a guitar", "a pizza", "a bird", "a car")
KINDS = {
    "animal": {"chelsea"},
    "drink": {"coffee"},
    "vehicle": {"stereo_motorcycle", "rocket"},
    "money": {"coins"},
    "building": {"china"},
}


def shots(schedule: str) -> tuple[Shot, ...]:
    """Shots back to back from 0, written "picture[+picture...][*]:end ..." (``*``: a moving shot)."""
    out, start = [], 0.0
    for part in schedule.split():
        pictures, end = part.split(":")
        out.append(Shot(tuple(pictures.rstrip("*").split("+")), start, float(end), pictures.endswith("*")))
        start = float(end)
    return tuple(out)


MORNING = "chelsea:15 grace_hopper:30 coffee:42 coffee*:56 grace_hopper+camera:74 rocket:88 china:100"
STREET = (
    "stereo_motorcycle:12 flower:30 astronaut+chelsea:48 astronaut+chelsea*:60 coins:72 camera:90"
    " stereo_motorcycle*:105"
)
GALLERY = "rocket:12 astronaut:28 astronaut*:38 chelsea+coffee:52 camera+grace_hopper+astronaut:68 china:80"
GALLERY += " chelsea:92 coins*:100"
FRESH_VIDEOS = (
    ShotVideo("fresh_morning", shots(MORNING), size=(640, 360), mover="ball"),
    ShotVideo("fresh_street", shots(STREET), size=(640, 360), mover="square"),
    ShotVideo("fresh_gallery", shots(GALLERY), size=(448, 224), mover="ball"),
)
V = dict(zip("ABC", FRESH_VIDEOS, strict=True))

# --- the schedule, read -------------------------------------------------------------------------


def desc(images: tuple[str, ...]) -> str:
    """A scene as people describe it: "a cat", "a woman and a cameraman", "three people"."""
    if len(images) > 2 and all(i in PEOPLE for i in images):
        return f"{('no', 'one', 'two', 'three', 'four')[len(images)]} people"
    return " and ".join(NAMES[i] for i in images)


def the(name: str) -> str:
    return "the " + name.split(" ", 1)[1] if name.split(" ", 1)[0] in ("a", "an", "some") else f"the {name}"


def clock(s: float) -> str:
    return f"{int(s) // 60}:{int(s) % 60:02d}"


def scenes(v: ShotVideo, t: float | None = None) -> list[tuple[tuple[str, ...], float, float]]:
    """(images, start, end) of each stretch between cuts (a still shot and the moving shot of the same
    picture after it are one scene), only those begun before ``t`` when given."""
    out: list[tuple[tuple[str, ...], float, float]] = []
    for s in v.shots:
        if out and out[-1][0] == s.images:
            out[-1] = (s.images, out[-1][1], s.end)
        else:
            out.append((s.images, s.start, s.end))
    return [s for s in out if t is None or s[1] < t]


def ask(v: ShotVideo, t: float) -> float:
    assert 0 < t <= v.duration - 2 and all(abs(t - s.start) >= 2 for s in v.shots[1:]), (v.name, t)
    return t


def edge(v: ShotVideo, x: float, motion: bool = False) -> float:
    """A window edge: on a boundary or at least 3 s from each (cuts; every shot start for motion)."""
    bounds = [s.start for s in v.shots[1:]] if motion else v.cuts
    assert x <= 0 or all(abs(x - b) == 0 or abs(x - b) >= 3 for b in bounds), (v.name, x)
    return x


def seen(v: ShotVideo, a: float, b: float) -> list[tuple[tuple[str, ...], float, float]]:
    """The scenes on screen at some time in the window [a, b]."""
    edge(v, a)
    return [s for s in scenes(v) if s[1] < b and s[2] > a]


def once(v: ShotVideo, image: str, t: float) -> int:
    """The index of the one scene up to ``t`` showing ``image`` (it must show nowhere else)."""
    hits = [i for i, s in enumerate(scenes(v, t)) if image in s[0]]
    assert len(hits) == 1, (v.name, image, t)
    return hits[0]


class Batch(Questions):
    """Questions with the right option put at a varied position."""

    def __init__(self) -> None:
        super().__init__(FRESH_CODES)
        self.turn = count()

    def pick(self, v, t, form, question, truth: str, others, n: int = 4) -> None:
        wrong = [o for o in dict.fromkeys(others) if o != truth][: n - 1]
        assert wrong, question
        opts = list(wrong)
        opts.insert(next(self.turn) % (len(wrong) + 1), truth)
        self.add(v, ask(v, t), form, question, opts, truth)

    def number(self, v, t, form, question, n: int) -> None:
        self.pick(v, t, form, question, str(n), [str(m) for m in (n + 1, n - 1, n + 2, n - 2) if m >= 0])

    def when(self, v, t, form, question, x: float, others, style: int = 0) -> None:
        fmt = (lambda s: f"at {clock(s)}") if style == 0 else (lambda s: f"{s:g} seconds in")
        self.pick(v, t, form, question, fmt(x), [fmt(o) for o in others if o != x])


# --- summary: what happened, in order, over a window ---------------------------------------------

SUMMARY = (  # video, ask time, window start (None: "recently", the last two scenes), window end (None: t)
    ("A", 36, 0, None, "What has happened so far?"),
    ("A", 62, 0, None, "Give me a quick recap of the video up to now."),
    ("A", 96, 0, None, "hey, what have I missed since the start?"),
    ("A", 80, 50, None, "What happened in the last 30 seconds?"),
    ("A", 65, 45, None, "quick question - what was on screen over the past 20 seconds?"),
    ("A", 94, 34, None, "Can you describe the last minute for me?"),
    ("A", 70, 20, 50, "What was shown between 0:20 and 0:50?"),
    ("A", 80, 0, 40, "What happened in the first half of what's been shown so far?"),
    ("A", 78, None, None, "What's been going on recently?"),
    ("A", 50, 0, 30, "What did the first 30 seconds show?"),
    ("A", 96, 60, None, "Describe everything since the one-minute mark."),
    ("B", 66, 0, None, "Summarize the stream from the beginning until now, please."),
    ("B", 100, 0, None, "recap everything in order"),
    ("B", 86, 46, None, "What was on screen during the last 40 seconds?"),
    ("B", 100, 85, None, "what happened in the last 15 s?"),
    ("B", 70, 15, 45, "What went on between 0:15 and 0:45?"),
    ("B", 96, 65, 95, "Walk me through what happened from 1:05 to 1:35."),
    ("B", 58, None, None, "Anything new lately? Describe the last couple of scenes."),
    ("B", 102, 42, None, "What did the camera see over the past minute?"),
    ("C", 74, 0, None, "I just tuned in - what did I miss?"),
    ("C", 97, 0, None, "Can you list what was shown, start to finish?"),
    ("C", 60, 30, None, "Describe the past 30 seconds."),
    ("C", 88, 63, None, "what did the last 25 seconds look like?"),
    ("C", 66, 5, 45, "Tell me what appeared between 0:05 and 0:45."),
    ("C", 84, 0, 42, "What happened in the first half of the stream so far?"),
    ("C", 56, None, None, "What's been on screen recently?"),
)


def summaries(q: Batch) -> None:
    for key, t, a, b, question in SUMMARY:
        v = V[key]
        upto = [desc(s[0]) for s in scenes(v, t)]
        if a is None:
            items, before = upto[-2:], upto[:2]
        else:
            got = seen(v, a, t if b is None else edge(v, b))
            items = [desc(s[0]) for s in got]
            before = upto[: upto.index(items[0])][-1:] + items if a > 0 else []
        truth = ", then ".join(items)
        wrong = []
        if len(items) > 1:
            k = len(items) // 2
            wrong.append(items[: k - 1] + [items[k], items[k - 1]] + items[k + 1 :])
        else:
            wrong += [[o] for o in upto if o not in items][:2]
        wrong.append(items[:-1] + [NEVER[t % len(NEVER)]])
        if before and before != items:
            wrong.append(before)
        later = [desc(s[0]) for s in scenes(v) if s[1] > t]
        if later and a is not None:
            wrong.append(items + later[:1])
        wrong.append([NEVER[(t + 1) % len(NEVER)]] + items[1:])
        q.pick(v, t, "summary", question, truth, [", then ".join(w) for w in wrong])


# --- order: first, before, after, which earlier, the nth ------------------------------------------

ORDER = (  # video, ask time, kind, argument, question
    ("A", 96, "first", None, "What was the very first thing shown?"),
    ("A", 96, "after", "chelsea", "What came right after the cat?"),
    ("A", 96, "before", "rocket", "What was on screen just before the rocket?"),
    ("A", 84, "before", "coffee", "what was shown right before the coffee?"),
    ("A", 96, "earlier", ("rocket", "chelsea"), "Which came first, the rocket or the cat?"),
    ("A", 96, "later", ("coffee", "china"), "Which showed up later: the temple or the coffee?"),
    ("A", 70, "nth", 3, "What was the third thing shown?"),
    ("A", 80, "prev", None, "What was on screen right before this scene?"),
    ("A", 96, "yes", ("china", "coffee"), "Was the temple shown before the coffee?"),
    ("A", 62, "after", "coffee", "After the coffee, what did we see next?"),
    ("B", 66, "first", None, "hey, what was the first thing on screen?"),
    ("B", 84, "before", "coins", "What was on screen right before the coins?"),
    ("B", 96, "after", "flower", "what was shown immediately after the flowers?"),
    ("B", 86, "earlier", ("camera", "flower"), "Which appeared earlier, the cameraman or the flowers?"),
    ("B", 100, "nth", 5, "what was the fifth thing shown?"),
    ("B", 50, "prev", None, "What came just before the current shot?"),
    ("B", 100, "yes", ("coins", "camera"), "Were the coins shown before the cameraman?"),
    ("C", 76, "after", "rocket", "What came next after the rocket?"),
    ("C", 97, "before", "coins", "what was on screen just before the coins?"),
    ("C", 86, "earlier", ("china", "rocket"), "Which was earlier - the temple or the rocket?"),
    ("C", 97, "later", ("rocket", "china"), "Which came last, the rocket or the temple?"),
    ("C", 74, "nth", 4, "What was the fourth scene?"),
    ("C", 60, "prev", None, "What was shown right before what's on screen now?"),
    ("C", 97, "before", "china", "What did we see right before the temple?"),
    ("C", 45, "yes", ("astronaut", "rocket"), "Did the astronaut show up before the rocket?"),
)


def orders(q: Batch) -> None:
    for key, t, kind, arg, question in ORDER:
        v = V[key]
        names = [desc(s[0]) for s in scenes(v, t)]
        if kind in ("earlier", "later", "yes"):
            i, j = once(v, arg[0], t), once(v, arg[1], t)
            if kind == "yes":
                q.yn(v, ask(v, t), "order", question, i < j)
                continue
            first, other = arg if (i < j) == (kind == "earlier") else arg[::-1]
            q.pick(v, t, "order", question, the(NAMES[first]), [the(NAMES[other])], n=2)
            continue
        if kind == "first":
            truth, wrong = names[0], names[1:]
        elif kind == "nth":
            truth, wrong = names[arg - 1], names[: arg - 1] + names[arg:]
        elif kind == "prev":
            truth, wrong = names[-2], names[-1:]
        elif kind == "before":
            i = once(v, arg, t)
            truth, wrong = names[i - 1], names[i + 1 :] + names[: i - 1]
        else:
            i = once(v, arg, t)
            truth, wrong = names[i + 1], names[:i] + names[i + 2 :]
        wrong = [w for w in wrong if w not in truth and truth not in w]  # none naming the same picture
        q.pick(v, t, "order", question, truth, [*wrong[::-1], *NEVER[t % 3 :]])


# --- people counts --------------------------------------------------------------------------------

PEOPLE_COUNT = (  # video, ask time, kind, argument, question
    ("A", 20, "now", None, "How many people are on screen right now?"),
    ("A", 64, "now", None, "how many people can you see?"),
    ("A", 36, "now", None, "Count the people in view, please."),
    ("A", 70, "one", None, "Is it just one person on screen?"),
    ("A", 24, "one", None, "Is there only one person in the picture right now?"),
    ("A", 94, "max", None, "What's the most people we've seen on screen at the same time?"),
    ("A", 90, "at", 65, "How many people were on screen at 1:05?"),
    ("A", 50, "max", None, "So far, what's the largest number of people in one shot?"),
    ("B", 40, "now", None, "hey, how many people are in the frame?"),
    ("B", 54, "now", None, "Quick one: number of people visible at the moment?"),
    ("B", 66, "prev", None, "How many people were in the previous scene?"),
    ("B", 100, "max", None, "At most, how many people were on screen at once?"),
    ("B", 20, "two", None, "Are there two people in view?"),
    ("C", 58, "now", None, "How many people are in the picture right now?"),
    ("C", 62, "one", None, "Is it just one person?"),
    ("C", 32, "one", None, "Is it only one person on screen?"),
    ("C", 86, "max", None, "What's the highest number of people shown together so far?"),
    ("C", 75, "at", 55, "How many people were visible at 0:55?"),
    ("C", 45, "now", None, "how many people are there at the moment?"),
    ("C", 97, "first", None, "How many people were in the opening shot?"),
    ("C", 74, "prev", None, "How many people were in the shot before this one?"),
)


def people_counts(q: Batch) -> None:
    for key, t, kind, arg, question in PEOPLE_COUNT:
        v = V[key]
        shown = scenes(v, t)
        if kind in ("now", "one", "two"):
            n = v.people(t)
        elif kind == "at":
            n = v.people(ask(v, arg))
        elif kind == "max":
            n = max(v.people(s[1]) for s in shown)
        else:
            n = v.people(shown[-2 if kind == "prev" else 0][1])
        if kind in ("one", "two"):
            q.yn(v, ask(v, t), "people count", question, n == (1 if kind == "one" else 2))
        else:
            q.number(v, t, "people count", question, n)


# --- scene changes --------------------------------------------------------------------------------

SCENE_CHANGE = (  # video, ask time, kind, argument, question
    ("A", 50, "nth", 1, "When did the scene first change?"),
    ("A", 96, "nth", 2, "When did the picture change for the second time?"),
    ("A", 64, "nth", -1, "When did the current shot start?"),
    ("A", 50, "nth", -1, "When was the most recent cut?"),
    ("A", 80, "cuts", None, "How many times has the scene changed so far?"),
    ("A", 96, "scenes", None, "How many different scenes so far?"),
    ("A", 53, "last", 20, "Did the view change in the last 20 s?"),
    ("A", 80, "last", 10, "Has the scene cut in the past 10 seconds?"),
    ("A", 96, "within", (36, 96), "How many cuts were there in the last minute?"),
    ("B", 40, "nth", 1, "At what point did the shot first change?"),
    ("B", 100, "nth", -1, "When did the scene last change?"),
    ("B", 80, "nth", 3, "When was the third cut?"),
    ("B", 66, "scenes", None, "How many scenes have there been so far?"),
    ("B", 56, "last", 15, "Did the scene change in the last 15 seconds?"),
    ("B", 76, "last", 20, "has the picture changed during the last 20 seconds?"),
    ("B", 100, "within", (20, 80), "How many times did it cut between 0:20 and 1:20?"),
    ("C", 34, "nth", -1, "When did this scene begin?"),
    ("C", 60, "nth", 2, "When did the view change the second time?"),
    ("C", 97, "cuts", None, "How many times did the video cut so far?"),
    ("C", 46, "last", 30, "Any scene change in the last 30 seconds?"),
    ("C", 35, "last", 15, "hey, did the shot change in the past 15 seconds?"),
    ("C", 76, "since", 45, "Has the picture changed since 0:45?"),
)


def scene_changes(q: Batch) -> None:
    for key, t, kind, arg, question in SCENE_CHANGE:
        v = V[key]
        cuts = [c for c in v.cuts if c < t]
        if kind == "nth":
            x = cuts[arg - 1 if arg > 0 else -1]
            decoys = [s.start for s in v.shots[1:]] + [s[1] + 7 for s in scenes(v)]
            decoys = [d for d in decoys if d < t]
            q.when(v, t, "scene change", question, x, sorted(set(decoys), key=lambda d: abs(d - x)), t % 2)
        elif kind == "cuts":
            q.number(v, t, "scene change", question, len(cuts))
        elif kind == "scenes":
            names = [desc(s[0]) for s in scenes(v, t)]
            assert len(set(names)) == len(names), question
            q.number(v, t, "scene change", question, len(names))
        elif kind == "within":
            a, b = edge(v, arg[0]), edge(v, arg[1])
            q.number(v, t, "scene change", question, sum(a < c < b for c in cuts))
        else:
            a = edge(v, t - arg if kind == "last" else arg)
            q.yn(v, ask(v, t), "scene change", question, any(a < c < t for c in cuts))


# --- windows --------------------------------------------------------------------------------------

WINDOW = (  # video, ask time, window start, window end (None: t), kind, argument, question
    ("A", 64, 34, None, "has", "chelsea", "Was there a cat in the last 30 seconds?"),
    ("A", 64, 34, None, "has", "coffee", "Did you see a cup of coffee in the past 30 seconds?"),
    ("A", 78, 68, None, "has", "grace_hopper", "Did a woman show up a moment ago?"),
    ("A", 90, 60, 70, "what", None, "What was on screen between 1:00 and 1:10?"),
    ("A", 96, 81, None, "has", "rocket", "was a rocket shown in the last 15 seconds?"),
    ("A", 50, 25, None, "person", None, "Were any people on screen in the last 25 seconds?"),
    ("B", 66, 46, None, "has", "flower", "Were there flowers in the last 20 seconds?"),
    ("B", 76, 66, None, "has", "coins", "Did I just see some coins?"),
    ("B", 100, 63, 69, "what", None, "What did the camera show between 1:03 and 1:09?"),
    ("B", 96, 36, None, "has", "chelsea", "Was a cat on screen at any point in the past minute?"),
    ("B", 36, 21, None, "has", "stereo_motorcycle", "Did a motorbike show up in the last 15 seconds?"),
    ("B", 88, 68, None, "person", None, "Has anyone been on screen in the last 20 seconds?"),
    ("C", 58, 48, None, "has", "coffee", "Any coffee in the last 10 seconds?"),
    ("C", 86, 71, None, "has", "astronaut", "Was the astronaut shown in the last 15 seconds?"),
    ("C", 97, 71, 77, "what", None, "Between 1:11 and 1:17, what was shown?"),
    ("C", 84, 74, None, "has", "china", "Did a temple appear just now?"),
    ("C", 76, 56, None, "has", "coffee", "Was there any coffee in the past 20 s?"),
    ("C", 95, 45, None, "what", "first", "What was the first thing shown in the past 50 seconds?"),
)


def windows(q: Batch) -> None:
    for key, t, a, b, kind, arg, question in WINDOW:
        v = V[key]
        got = seen(v, a, t if b is None else edge(v, b))
        if kind == "has":
            q.yn(v, ask(v, t), "window", question, any(arg in s[0] for s in got))
        elif kind == "person":
            q.yn(v, ask(v, t), "window", question, any(v.people(s[1]) for s in got))
        else:
            assert arg == "first" or len(got) == 1, question
            truth = desc(got[0][0])
            others = [desc(s[0]) for s in scenes(v, t) if s not in got] + [desc(s[0]) for s in got[1:2]]
            q.pick(v, t, "window", question, truth, [*others[::-1], *NEVER])


# --- the rest: people, motion, how many times, categories ------------------------------------------

OTHER = (  # form, video, ask time, kind, argument, question
    ("people", "A", 20, "now", None, "Is someone on screen right now?"),
    ("people", "A", 36, "now", None, "Is anybody in the shot?"),
    ("people", "A", 36, "ever", None, "Has a person appeared so far?"),
    ("people", "B", 26, "ever", None, "Have we seen anyone yet?"),
    ("people", "B", 66, "arrive", None, "When did a person first appear?"),
    ("people", "C", 74, "leave", None, "When did the last person leave the picture?"),
    ("people", "A", 96, "leave", None, "When did the people disappear from view?"),
    ("motion", "A", 96, "when", None, "When did something move?"),
    ("motion", "A", 48, "now", None, "Is anything moving right now?"),
    ("motion", "A", 62, "now", None, "Is something moving at the moment?"),
    ("motion", "B", 70, "when", None, "When was there movement?"),
    ("motion", "C", 60, "when", None, "when did something move across the screen?"),
    ("motion", "C", 50, "recent", 15, "Did anything move in the last 15 seconds?"),
    ("motion", "B", 86, "recent", 10, "has anything moved in the past 10 seconds?"),
    ("count", "A", 96, "times", "grace_hopper", "How many times did the woman appear?"),
    ("count", "A", 96, "times", "coffee", "How many times was the coffee shown?"),
    ("count", "B", 100, "times", "stereo_motorcycle", "How many times did a motorbike appear?"),
    ("count", "C", 97, "times", "chelsea", "How many times did we see the cat?"),
    ("count", "C", 97, "times", "astronaut", "How many times did the astronaut appear?"),
    ("category", "A", 10, "ever", "animal", "Any animal so far?"),
    ("category", "A", 28, "ever", "drink", "Has anything to drink been shown?"),
    ("category", "A", 36, "now", "drink", "Is there a drink on screen?"),
    ("category", "B", 26, "ever", "vehicle", "Was there a vehicle?"),
    ("category", "C", 30, "ever", "drink", "Any food or drink so far?"),
    ("category", "B", 56, "ever", "money", "Any money yet?"),
    ("category", "A", 96, "ever", "building", "Did we see a building?"),
)


def others(q: Batch) -> None:
    for form, key, t, kind, arg, question in OTHER:
        v = V[key]
        shown = scenes(v, t)
        if form == "count":
            q.number(v, t, form, question, sum(arg in s[0] for s in shown))
        elif form == "category":
            images = v.at(t).images if kind == "now" else [i for s in shown for i in s[0]]
            q.yn(v, ask(v, t), form, question, bool(KINDS[arg] & set(images)))
        elif kind == "now":
            q.yn(v, ask(v, t), form, question, v.at(t).moving if form == "motion" else v.people(t) > 0)
        elif kind == "ever":
            q.yn(v, ask(v, t), form, question, any(v.people(s[1]) for s in shown))
        elif kind == "recent":
            a = edge(v, t - arg, motion=True)
            q.yn(v, ask(v, t), form, question, any(s.moving and s.start < t and s.end > a for s in v.shots))
        elif kind == "when":
            moved = [s for s in v.shots if s.moving and s.start < t]
            assert len(moved) == 1 and moved[0].end < t, question
            span = [f"from {clock(s.start)} to {clock(s.end)}" for s in v.shots if s.start < t]
            truth = f"from {clock(moved[0].start)} to {clock(moved[0].end)}"
            q.pick(v, t, form, question, truth, span[::-1])
        else:
            arrivals = [s[1] for s in shown if v.people(s[1])]
            x = arrivals[0] if kind == "arrive" else max(s[2] for s in shown if v.people(s[1]))
            assert x < t, question
            q.when(
                v,
                t,
                form,
                question,
                x,
                [*arrivals[1 if kind == "arrive" else 0 :], *[s[1] + 5 for s in shown]],
            )


def fresh_suite() -> list[dict]:
    """Every question of the fresh batch, in the lmms-eval row shape plus ``form``."""
    q = Batch()
    for part in (summaries, orders, people_counts, scene_changes, windows, others):
        part(q)
    assert {r["form"] for r in q.records} == set(FRESH_FORMS)
    return q.records


def write_fresh_suite(folder: Path) -> tuple[Path, Path]:
    """Write the videos and ``fresh.json`` into ``folder``; returns (annotations, video folder)."""
    return write_shot_suite(folder, FRESH_VIDEOS, fresh_suite(), "fresh")
