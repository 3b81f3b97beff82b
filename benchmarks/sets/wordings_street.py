"""A development batch of everyday wordings over nine question forms, asked all along three videos.

Three videos of 640x360 shots of 10 to 16 s: one picture, or two or three side by side, a few with a
ball or a red square sliding across; people (the navy officer, the astronaut, the cameraman) alone and
together, and things that come back later. Questions ask what is on screen now, whether something is
(or was, or still is) shown, the order of things, how many people are in view, how many times or
scenes, a recap, a kind of thing, and when something was shown, each worded the ways different people
type: casual chat ("is that a cat rn?"), polite, terse ("cat or rocket first?"), two sentences.

Every truth is computed from the schedule; ask times sit 2 s or more from any shot boundary, window
edges 3 s or more (or on one). A wrong option is never something in view during the asked time, nor
something a picture could pass for (the astronaut's photo has a small shuttle model in it, the temple's
trees and a lake with a boat, the cameraman's buildings behind him, the coins faces and animals on
them), nor, in an order question, what is on screen when it is asked. Things with a stand-in elsewhere
in the video are not asked about in order, when or count questions, and no head count is asked while
coins are in view.
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

STREET_FORMS = (
    *("now", "now yes/no", "order", "people count", "past yes/no"),
    *("when", "count", "summary", "category"),
)
_CODES = {**FORM_CODES, **PEOPLE_FORM_CODES, "summary": "PastMemory-4"}
STREET_CODES = {form: _CODES[form] for form in STREET_FORMS}

STREET_VIDEOS = (
    ShotVideo(
        "street_corner",
        (
            Shot(("camera",), 0, 12),
            Shot(("chelsea", "coffee"), 12, 26),
            Shot(("rocket",), 26, 38, moving=True),
            Shot(("grace_hopper", "astronaut"), 38, 52),
            Shot(("china",), 52, 64),
            Shot(("chelsea",), 64, 78),
            Shot(("stereo_motorcycle", "camera"), 78, 92, moving=True),
            Shot(("flower", "coffee", "grace_hopper"), 92, 106),
        ),
        size=(640, 360),
        mover="ball",
    ),
    ShotVideo(
        "street_market",
        (
            Shot(("stereo_motorcycle",), 0, 14),
            Shot(("astronaut",), 14, 24, moving=True),
            Shot(("coins", "chelsea"), 24, 40),
            Shot(("grace_hopper", "camera", "astronaut"), 40, 52),
            Shot(("coffee",), 52, 66, moving=True),
            Shot(("china", "flower"), 66, 80),
            Shot(("rocket", "grace_hopper"), 80, 92),
            Shot(("stereo_motorcycle", "chelsea"), 92, 106),
            Shot(("camera",), 106, 118),
        ),
        size=(640, 360),
        mover="square",
    ),
    ShotVideo(
        "street_parade",
        (
            Shot(("flower",), 0, 10),
            Shot(("grace_hopper",), 10, 24),
            Shot(("coffee", "rocket"), 24, 36, moving=True),
            Shot(("camera", "chelsea"), 36, 50),
            Shot(("astronaut", "grace_hopper"), 50, 62),
            Shot(("china",), 62, 76, moving=True),
            Shot(("coins", "coffee"), 76, 88),
            Shot(("flower", "stereo_motorcycle"), 88, 100),
            Shot(("astronaut",), 100, 112),
        ),
        size=(640, 360),
        mover="ball",
    ),
)

# the names people use for each picture (the first is the one options use); the last ones are never shown
NAMES = {
    "grace_hopper": ("a woman in navy uniform", "an old lady in uniform", "a navy officer"),
    "astronaut": ("an astronaut", "an astronaut in an orange suit"),
    "camera": ("a man with a camera", "a cameraman", "a photographer"),
    "chelsea": ("a cat", "a kitty", "a tabby cat"),
    "coffee": ("a cup of coffee", "a coffee cup", "a coffee"),
    "rocket": ("a rocket", "a rocket on its launch pad"),
    "stereo_motorcycle": ("a motorbike", "a motorcycle", "a red motorbike"),
    "china": ("a temple", "a pagoda"),
    "flower": ("flowers", "an orange flower"),
    "coins": ("coins", "old coins"),
}
NAMES |= {
    n.split()[-1]: (n,) for n in ("a dog", "a guitar", "a banana", "a pizza", "a teddy bear", "a laptop")
}
NAMES |= {"umbrella": ("an umbrella",), "piano": ("a piano",)}
PICTURES = tuple(NAMES)[:10]
NEVER = tuple(NAMES)[10:]
SHORT = {  # the bare word a terse question uses
    "grace_hopper": "navy lady",
    "astronaut": "astronaut",
    "camera": "cameraman",
    "chelsea": "cat",
    "coffee": "coffee",
    "rocket": "rocket",
    "stereo_motorcycle": "motorbike",
    "china": "temple",
    "flower": "flowers",
    "coins": "coins",
}
PERSONS = set(PEOPLE)
# a thing is no wrong answer while any of these is in view (itself, or a picture that could pass for it)
BLOCK = {k: {k} for k in NAMES}
BLOCK["rocket"] |= {"astronaut"}  # the shuttle model beside her
BLOCK["flower"] |= {"china"}  # the temple's trees
BLOCK["china"] |= {"camera"}  # the domed building behind the cameraman
BLOCK["dog"] |= {"coins"}  # animals struck on the coins
BLOCK["chelsea"] |= {"coins"}
for _p in PERSONS:
    BLOCK[_p] |= PERSONS
# category -> (pictures that surely show one, pictures that might pass for one)
CATEGORY = {
    "animal": ({"chelsea"}, {"coins"}),
    "drink": ({"coffee"}, set()),
    "vehicle": ({"stereo_motorcycle"}, {"rocket", "astronaut", "china", "camera"}),
    "person": (PERSONS, {"coins"}),
    "building": ({"china"}, {"camera", "rocket", "stereo_motorcycle"}),
    "money": ({"coins"}, set()),
}
CAT_A = {"animal": "an animal", "drink": "a drink", "vehicle": "a vehicle", "person": "a person"}
CAT_A |= {"building": "a building", "money": "money"}
CAT_ANY = {"animal": "any animals", "drink": "anything to drink", "vehicle": "any vehicles"}
CAT_ANY |= {"person": "anyone", "building": "any buildings", "money": "any money"}

NOW_WHOLE = (
    "what's on screen rn?",
    "What are we looking at right now?",
    "Could you tell me what is being shown at this moment?",
    "On screen now?",
    "I looked away for a sec. What's showing currently?",
    "what's in the frame atm",
    "Hi! Could you please describe what is on the screen right now?",
    "What's up on screen at the moment?",
    "So what is the video showing now?",
)
NOW_ONE = (
    "Which of these is on screen right now?",
    "which one of these can u see atm?",
    "Could you tell me which of these is currently visible?",
    "Visible now - which one?",
    "One of these is in the picture right now. Which is it?",
    "Which of these things is showing at this moment?",
    "Please pick the one that's on screen now.",
)
NOW_YN = (
    "{is_that} {a} rn?",
    "{A} on screen right now?",
    "Can you see {a} at the moment?",
    "Could you check whether there {is} {a} in the picture right now?",
    "any {bare} on screen atm?",
    "Right now, {is_there} {a} in the frame?",
    "Would you say {a} {is} visible at this moment?",
    "Currently, do you see {a}?",
    "I think I'm seeing {a}. {Is_it} actually on screen right now?",
)
STILL_YN = (
    "{Is} {the} still on screen?",
    "{is} {the} still there rn?",
    "Can you still see {the} at this moment?",
    "{Is} {the} on screen anymore?",
    "{The} - still there?",
    "Do we currently still have {the} in the picture?",
)
PEOPLE_YN = (
    "any people on screen atm",
    "Is anyone in the picture right now?",
    "Is there a person on screen at this moment?",
    "anybody there rn?",
    "Can you currently see any people?",
)
PEOPLE_NUM = (
    "how many people are there rn?",
    "How many folks are on screen right now?",
    "Could you count how many persons are visible at the moment?",
    "How many faces can you see currently?",
    "People on screen: how many?",
    "How many people are in the shot right now? Just the number, please.",
    "how many ppl in the frame atm",
    "At this moment, how many people are in view?",
    "How many persons are there?",
)
PEOPLE_ONE = (
    "is it just one person?",
    "Is there only one person on screen right now?",
    "Just the one person in view at the moment?",
)
PEOPLE_TWO = (
    "are there two people?",
    "Are there two people on screen right now?",
    "Do we have two people in the picture currently?",
)
PEOPLE_SHOT = (
    "How many people were in the shot with {the}?",
    "When {the} {was} on screen, how many people were there?",
    "Could you tell me how many people appeared alongside {the}?",
)
PEOPLE_MOST = (
    "So far, what's the largest number of people on screen at the same time?",
    "What's the most people we've had at once up to now?",
    "max number of people on screen at once so far?",
)
ORDER = {
    "two": (
        "Which came first, {x} or {y}?",
        "{X} or {y} — which was earlier?",
        "{sx} or {sy} first?",
        "Could you tell me which came first, {x} or {y}?",
        "Did {x} or {y} show up earlier?",
    ),
    "before": (
        "What did we see before {the}?",
        "What was shown right before {the}?",
        "Could you tell me what was on screen just before {the} came up?",
        "before {the}, what was on?",
    ),
    "after": (
        "What was shown right after {the}?",
        "what came after {the}?",
        "After {the} went away, what came next?",
        "Could you tell me what followed {the}?",
    ),
    "first": (
        "What did the video start with?",
        "first thing shown?",
        "Could you remind me what was on screen at the very beginning?",
        "What was the first thing we saw? I missed the start.",
    ),
    "last": (
        "Which of these appeared last?",
        "Of these, which did we see most recently?",
        "which of these came up last?",
    ),
    "list": (
        "Put these in order: {items}.",
        "In what order did {items} appear?",
        "Could you put {items} in the order they were shown?",
        "order of {items}?",
    ),
}
PAST = {
    "sofar": (
        "did we see {a} earlier?",
        "{Has} {a} shown up so far?",
        "Up to now, {was_there} {a} at any point?",
        "{A} at any point so far?",
        "Could you tell me if {a} appeared earlier in the video?",
        "Have we had {a} yet? I might have missed it.",
    ),
    "window": (
        "{Was_there} {a} in the last {n} seconds?",
        "in the last {n} s, did {a} show up?",
        "Did we see {a} at all in the past {n} seconds?",
    ),
}
WHEN = {
    "once": (
        "When {was} {the} shown?",
        "when did we see {the}?",
        "Could you tell me when {the} {was} on screen?",
        "{The} - when?",
        "During which stretch was {the} visible?",
    ),
    "first": (
        "When did {the} first appear?",
        "At what point did we first see {the}?",
        "Could you tell me when {the} showed up for the first time?",
    ),
    "start": ("At what time did {the} first come on screen?", "roughly when did {the} first show up?"),
}
COUNT = {
    "times": (
        "How many times {has} {the} shown up so far?",
        "how many times have we seen {the}?",
        "{The}: how many times up to now?",
        "Could you count how many separate times {the} {has} appeared?",
    ),
    "scenes": (
        "How many scenes have there been up to now?",
        "how many different shots so far?",
        "Could you tell me how many scenes we've had, counting this one?",
    ),
    "persons": (
        "How many different people have we seen so far?",
        "how many different people have appeared up to now?",
    ),
}
SUMMARY = {
    "sofar": (
        "What have we seen so far?",
        "recap pls",
        "Could you give me a quick summary of the video up to now?",
        "I just joined. What did I miss?",
    ),
    "last": (
        "What happened in the last {n} seconds?",
        "what was on over the past {n} s?",
        "Summarize the last {n} seconds for me, please.",
    ),
    "between": ("Describe what was shown between {a} and {b}.", "what did we see from {a} to {b}?"),
}
CAT_Q = {
    "now": (
        "Is there {c} on screen rn?",
        "{Any} in view right now?",
        "Could you tell me whether there's {c} in the picture at the moment?",
    ),
    "sofar": ("Have we seen {c} so far?", "{Any} at any point up to now?"),
    "window": ("Was there {c} in the last {n} seconds?", "{Any} in the past {n} s?"),
    "choice": (
        "What kind of thing is on screen now?",
        "Which of these best describes something you see right now?",
        "what sort of thing is in the frame atm?",
    ),
}
WINDOWS = (10, 15, 20, 25, 30, 40)


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def the(a: str) -> str:
    """The definite form of a name: "a man with a camera" -> "the man with the camera"."""
    if a == "a man with a camera":
        return "the man with the camera"
    first, _, rest = a.partition(" ")
    return "the " + rest if first in ("a", "an") else "the " + a


def name(x: str) -> str:
    return NAMES[x][0]


def words(x: str, k: int) -> dict[str, str]:
    """The ways a question template names ``x``, with its ``k``-th name."""
    a = NAMES[x][k % len(NAMES[x])]
    plural = not a.startswith(("a ", "an "))
    bare = a if plural else a.split(" ", 1)[1]
    return {
        "a": a,
        "A": cap(a),
        "bare": bare,
        "the": the(a),
        "The": cap(the(a)),
        "is": "are" if plural else "is",
        "Is": "Are" if plural else "Is",
        "was": "were" if plural else "was",
        "has": "have" if plural else "has",
        "Has": "Have" if plural else "Has",
        "is_that": "are those" if plural else "is that",
        "Is_it": "Are they" if plural else "Is it",
        "is_there": "are there" if plural else "is there",
        "was_there": "were there" if plural else "was there",
        "Was_there": "Were there" if plural else "Was there",
    }


def describe(images) -> str:
    names = [name(i) for i in images]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def blocked(x: str, images) -> bool:
    return bool(BLOCK[x] & set(images))


def state(images, cat: str) -> bool | None:
    """Whether ``images`` show something of ``cat``: True, False, or None where a picture might pass for one."""
    sure, maybe = CATEGORY[cat]
    if set(images) & sure:
        return True
    return None if set(images) & maybe else False


def mmss(t: float) -> str:
    return f"{int(t) // 60}:{int(t) % 60:02d}"


def span(a: float, b: float, style: int) -> str:
    return (f"{mmss(a)}–{mmss(b)}", f"{a:g}–{b:g} s", f"from {mmss(a)} to {mmss(b)}")[style % 3]


def ask_time(video: ShotVideo, i: int, f: float) -> int:
    shot = video.shots[i]
    t = round(shot.start + f * (shot.end - shot.start))
    assert all(abs(t - s.start) >= 2 for s in video.shots[1:]) and t <= video.duration - 2, (video.name, t)
    assert video.at(t) is shot
    return t


def in_view(video: ShotVideo, a: float, b: float) -> list[Shot]:
    """The shots on screen at some time in the window [a, b]."""
    return [s for s in video.shots if s.start < b and s.end > a]


def window(video: ShotVideo, t: float, k: int, scenes: int = 1) -> int | None:
    """A "last N seconds" length whose start is 3 s or more from any cut (or on one) and whose window
    holds at least ``scenes`` shots; ``k`` turns the choice."""
    for n in WINDOWS[k % len(WINDOWS) :] + WINDOWS[: k % len(WINDOWS)]:
        a = t - n
        if a >= 0 and all(a == c or abs(a - c) >= 3 for c in video.cuts):
            if len(in_view(video, a, t)) >= scenes:
                return n
    return None


class Batch(Questions):
    """Questions with the right option at a varied position and the wordings taken in turn."""

    def __init__(self) -> None:
        super().__init__(STREET_CODES)
        self.rng = random.Random(41)
        self.turn = count()
        self.said: dict[tuple[str, ...], int] = {}
        self.names: dict[str, int] = {}

    def add(self, video, t, form, question, candidates, answer) -> None:
        assert all(abs(t - s.start) >= 2 for s in video.shots[1:]) and t <= video.duration - 2, (
            video.name,
            t,
        )
        super().add(video, t, form, question, candidates, answer)

    def pick(self, v, t, form, question: str, answer: str, wrongs, n: int = 4) -> None:
        wrongs = [w for w in dict.fromkeys(wrongs) if w != answer][: n - 1]
        assert wrongs, question
        k = next(self.turn) % (len(wrongs) + 1)
        self.add(v, t, form, question, [*wrongs[:k], answer, *wrongs[k:]], answer)

    def number(self, v, t, form, question: str, n: int) -> None:
        others = [str(m) for m in (n + 1, n - 1, n + 2, n - 2, n + 3) if m >= 0]
        self.pick(v, t, form, question, str(n), others, 3 + next(self.turn) % 2)

    def say(self, templates: tuple[str, ...], **kw) -> str:
        self.said[templates] = self.said.get(templates, -1) + 1
        return templates[self.said[templates] % len(templates)].format(**kw)

    def words(self, x: str) -> dict[str, str]:
        self.names[x] = self.names.get(x, -1) + 1
        return words(x, self.names[x])


def street_suite() -> list[dict]:
    """The questions about :data:`STREET_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    q = Batch()
    rng = q.rng
    kinds: dict[str, count] = {}

    def turn(key: str) -> int:
        return next(kinds.setdefault(key, count()))

    def wrong_items(v: ShotVideo, avoid) -> list[str]:
        """Things that are no answer while ``avoid`` is (or was) in view: the video's own pictures first."""
        own = list(dict.fromkeys(img for s in v.shots for img in s.images))
        groups = [own, [k for k in PICTURES if k not in own], list(NEVER)]
        for group in groups:
            rng.shuffle(group)
        return [k for group in groups for k in group if not blocked(k, avoid)]

    def fakes(avoid, m: int, n: int) -> list[str]:
        """``n`` made-up shots of ``m`` things each, never shown and passing for nothing in ``avoid``."""
        pool = [k for k in NEVER if not blocked(k, avoid)]
        return [describe(rng.sample(pool, m)) for _ in range(n)]

    def clear_of(shots, avoid) -> list[str]:
        """The descriptions of ``shots`` none of whose pictures is (or could pass for) one in ``avoid``."""
        out = [describe(s.images) for s in shots if not any(blocked(x, avoid) for x in s.images)]
        rng.shuffle(out)
        return out

    def seen(v: ShotVideo, i: int) -> list[str]:
        return list(dict.fromkeys(img for s in v.shots[: i + 1] for img in s.images))

    def plain(v: ShotVideo, i: int) -> list[str]:
        """Things shown up to shot ``i`` that no other picture there could pass for."""
        shots = v.shots[: i + 1]
        return [x for x in seen(v, i) if all(x in s.images for s in shots if blocked(x, s.images))]

    # --- now -----------------------------------------------------------------------------------
    def now_q(v: ShotVideo, i: int, t: int) -> None:
        shot = v.shots[i]
        pool = wrong_items(v, shot.images)
        n = rng.choice((3, 4))
        if turn("now") % 2 == 0:  # the whole shot: one thing, or two or three together
            m = len(shot.images)
            wrongs = [describe(pool[j * m : (j + 1) * m]) for j in range(n - 1)]
            q.pick(v, t, "now", q.say(NOW_WHOLE), describe(shot.images), wrongs, n)
        else:  # one of the things on screen among things that are not
            x = rng.choice(shot.images)
            q.pick(v, t, "now", q.say(NOW_ONE), name(x), [name(k) for k in pool], n)

    def now_yn(v: ShotVideo, i: int, t: int) -> None:
        shot = v.shots[i]
        truth = turn("now yes/no") % 2 == 0
        x = rng.choice(shot.images) if truth else wrong_items(v, shot.images)[0]
        assert (x in shot.images) == truth
        q.yn(v, t, "now yes/no", q.say(NOW_YN, **q.words(x)), truth)

    def still_yn(v: ShotVideo, i: int, t: int) -> None:
        """ "still" / "anymore" about a thing of this shot or the last one, or "anyone there?"."""
        shot = v.shots[i]
        if turn("still") % 3 == 2 and "coins" not in shot.images:
            q.yn(v, t, "now yes/no", q.say(PEOPLE_YN), v.people(t) > 0)
            return
        gone = [x for x in v.shots[i - 1].images if not blocked(x, shot.images)]
        truth = turn("still truth") % 2 == 0 or not gone
        x = rng.choice(shot.images if truth else gone)
        assert t - shot.start >= 5 or not truth  # "still": it has been on a while
        q.yn(v, t, "now yes/no", q.say(STILL_YN, **q.words(x)), truth)

    # --- people count --------------------------------------------------------------------------
    def people_q(v: ShotVideo, i: int, t: int) -> None:
        shot = v.shots[i]
        if "coins" in shot.images:  # the faces on the coins make any head count arguable
            return
        n = v.people(t)
        kind = ("now", "one", "shot", "now", "two", "most")[turn("people count") % 6]
        if kind in ("one", "two") and n:
            templates = PEOPLE_ONE if kind == "one" else PEOPLE_TWO
            q.yn(v, t, "people count", q.say(templates), n == (1 if kind == "one" else 2))
            return
        numbers = ("none", "one", "two", "three") if i % 3 == 1 else ("0", "1", "2", "3")
        earlier = v.shots[:i]
        once = [
            (x, s)
            for s in earlier
            if "coins" not in s.images
            for x in s.images
            if x not in PERSONS and sum(blocked(x, o.images) for o in v.shots[: i + 1]) == 1
        ]
        if kind == "shot" and once:
            x, s = rng.choice([(x, s) for x, s in once if v.people(s.start)] or once)
            n = v.people(s.start)
            question = q.say(PEOPLE_SHOT, **q.words(x))
        elif kind == "most" and i and not any("coins" in s.images for s in v.shots[: i + 1]):
            n = max(v.people(s.start) for s in v.shots[: i + 1])
            question = q.say(PEOPLE_MOST)
        else:
            question = q.say(PEOPLE_NUM)
        opts = list(numbers) if i % 2 else [w for j, w in enumerate(numbers) if j == n or j != (n + 2) % 4]
        q.pick(v, t, "people count", question, numbers[n], opts, 4)

    # --- order ---------------------------------------------------------------------------------
    def order_q(v: ShotVideo, i: int, t: int) -> None:
        shots = v.shots[: i + 1]
        shown = plain(v, i)
        first = {x: next(j for j, s in enumerate(shots) if x in s.images) for x in shown}
        times = {x: sum(x in s.images for s in shots) for x in shown}
        once = [x for x in shown if times[x] == 1]
        n = 3 + i % 2
        start = turn("order")
        for kind in [("two", "before", "list", "after", "first", "last")[(start + j) % 6] for j in range(6)]:
            tpl = ORDER[kind]
            if kind == "two":
                pairs = [
                    (x, y)
                    for x in once
                    for y in once
                    if first[x] != first[y] < i
                    and first[x] < i
                    and not blocked(x, [y])
                    and not blocked(y, [x])
                    and x < y
                ]
                if not pairs:
                    continue
                x, y = rng.choice(pairs)
                if rng.random() < 0.5:
                    x, y = y, x
                wx, wy = q.words(x), q.words(y)
                right = name(min((x, y), key=first.get))
                opts = [the(name(x)), the(name(y))]
                question = q.say(tpl, x=wx["the"], y=wy["the"], X=wx["The"], sx=cap(SHORT[x]), sy=SHORT[y])
                q.pick(v, t, "order", question, the(right), opts, 2)
                return
            if kind in ("before", "after"):
                step = -1 if kind == "before" else 1
                xs = [x for x in once if 0 <= first[x] + step <= i]
                if not xs:
                    continue
                x = rng.choice(xs)
                j = first[x]
                answer = shots[j + step]
                if kind == "before":  # nothing shown before x, even read loosely ("at any time before")
                    avoid = {img for s in shots[:j] for img in s.images}
                    cands = [s for s in v.shots[j + 1 :] if x not in s.images and s is not shots[i]]
                else:  # nothing shown after x up to now
                    avoid = {img for s in shots[j + 1 :] for img in s.images}
                    cands = shots[:j]
                wrongs = [*clear_of(cands, avoid)[: n - 2], *fakes(avoid, len(answer.images), 2)]
                q.pick(v, t, "order", q.say(tpl, **q.words(x)), describe(answer.images), wrongs, n)
                return
            if kind == "first":
                avoid = set(shots[0].images)
                wrongs = [*clear_of(shots[1:i], avoid)[: n - 2], *fakes(avoid, len(shots[0].images), 2)]
                q.pick(v, t, "order", q.say(tpl), describe(shots[0].images), wrongs, n)
                return
            if kind == "last":  # of two or three things each shown once, none on screen now
                xs = [x for x in once if first[x] < i]
                picks = [
                    (x, y)
                    for x in xs
                    for y in xs
                    if first[x] < first[y] and not blocked(x, [y]) and not blocked(y, [x])
                ]
                if not picks:
                    continue
                x, y = rng.choice(picks)
                group = [x, y]
                more = [z for z in xs if first[z] not in (first[x], first[y])]
                more = [z for z in more if not any(blocked(z, [g]) or blocked(g, [z]) for g in group)]
                if more and i > 3:
                    group.append(rng.choice(more))
                right = max(group, key=first.get)
                q.pick(v, t, "order", q.say(tpl), name(right), [name(z) for z in group], len(group))
                return
            # put three things, each shown once and in different shots, in order
            trios = [
                (x, y, z)
                for x in once
                for y in once
                for z in once
                if first[x] < first[y] < first[z]
                and not any(blocked(a, [b]) for a in (x, y, z) for b in (x, y, z) if a != b)
            ]
            if not trios:
                continue
            trio = rng.choice(trios)
            lists = [", then ".join(the(name(x)) for x in p) for p in permutations(trio)]
            truth, wrongs = lists[0], lists[1:]
            rng.shuffle(wrongs)
            asked = list(trio)
            while asked == list(trio):
                rng.shuffle(asked)
            items = ", ".join(the(name(x)) for x in asked[:-1]) + " and " + the(name(asked[-1]))
            q.pick(v, t, "order", q.say(tpl, items=items), truth, wrongs, 3 + i % 2)
            return
        raise AssertionError((v.name, i))

    # --- past yes/no ---------------------------------------------------------------------------
    def past_q(v: ShotVideo, i: int, t: int) -> None:
        shot = v.shots[i]
        truth = turn("past truth") % 2 == 0
        if turn("past") % 2 == 1:
            n = window(v, t, turn("window"), 2)
            if n is not None:
                inside = {img for s in in_view(v, t - n, t) for img in s.images}
                if truth:
                    xs = [x for x in inside if x not in shot.images]
                else:
                    earlier = [x for x in seen(v, i) if not blocked(x, inside)]
                    xs = earlier or wrong_items(v, inside)[:1]
                if xs:
                    x = rng.choice(sorted(xs))
                    assert (x in inside) == truth and (truth or not blocked(x, inside))
                    q.yn(v, t, "past yes/no", q.say(PAST["window"], n=n, **q.words(x)), truth)
                    return
        before = [x for x in seen(v, i - 1) if x not in shot.images]
        truth = truth and bool(before)
        x = rng.choice(before) if truth else wrong_items(v, seen(v, i))[0]
        assert (x in seen(v, i)) == truth
        q.yn(v, t, "past yes/no", q.say(PAST["sofar"], **q.words(x)), truth)

    # --- when ----------------------------------------------------------------------------------
    def when_q(v: ShotVideo, i: int, t: int) -> None:
        shots = v.shots[: i + 1]
        shown = plain(v, i)
        times = {x: sum(x in s.images for s in shots) for x in shown}
        first = {x: next(j for j, s in enumerate(shots) if x in s.images) for x in shown}
        style = turn("when")
        for kind in [("once", "first", "start")[(style + j) % 3] for j in range(3)]:
            if kind == "once":
                xs = [x for x in shown if times[x] == 1 and first[x] < i]
            elif kind == "first":
                xs = [x for x in shown if times[x] > 1 and first[x] < i]
            else:
                xs = shown
            if not xs:
                continue
            x = rng.choice(xs)
            j = first[x]
            last = len(shots) if kind == "start" else i  # a span must have ended
            others = [m for m in range(last) if m != j]
            others = [m for m in others if m > j and kind != "once" or not blocked(x, shots[m].images)]
            rng.shuffle(others)
            if kind == "start":
                fmt = (lambda s: f"at {s:g} s") if style % 2 else (lambda s: f"at {mmss(s)}")
                right, wrongs = fmt(shots[j].start), [fmt(shots[m].start) for m in others]
            else:
                right = span(shots[j].start, shots[j].end, style)
                wrongs = [span(shots[m].start, shots[m].end, style) for m in others]
            if not wrongs:
                continue
            q.pick(v, t, "when", q.say(WHEN[kind], **q.words(x)), right, wrongs, 3 + i % 2)
            return
        raise AssertionError((v.name, i))

    # --- count ---------------------------------------------------------------------------------
    def count_q(v: ShotVideo, i: int, t: int) -> None:
        shots = v.shots[: i + 1]
        assert all(a.images != b.images for a, b in zip(shots, shots[1:], strict=False))  # a shot is a scene
        coins = any("coins" in s.images for s in shots)
        start = turn("count")
        for kind in [("times", "persons", "scenes", "times")[(start + j) % 4] for j in range(4)]:
            if kind == "times":  # a thing never in two shots back to back, so each showing is a shot
                xs = [
                    x
                    for x in plain(v, i)
                    if not any(
                        x in a.images and x in b.images for a, b in zip(shots, shots[1:], strict=False)
                    )
                ]
                several = [x for x in xs if sum(x in s.images for s in shots) > 1]
                x = rng.choice(several or xs)
                n = sum(x in s.images for s in shots)
                q.number(v, t, "count", q.say(COUNT["times"], **q.words(x)), n)
                return
            if kind == "scenes":
                q.number(v, t, "count", q.say(COUNT["scenes"]), i + 1)
                return
            if not coins:
                n = len({x for s in shots for x in s.images if x in PERSONS})
                q.number(v, t, "count", q.say(COUNT["persons"]), n)
                return
        raise AssertionError((v.name, i))

    # --- summary -------------------------------------------------------------------------------
    def summary_q(v: ShotVideo, i: int, t: int) -> None:
        kind = ("sofar", "last", "between")[turn("summary") % 3]
        a, b = 0.0, float(t)
        question = ""
        if kind == "last":
            n = window(v, t, turn("window"), 2)
            if n is None:
                kind = "sofar"
            else:
                a = t - n
                question = q.say(SUMMARY["last"], n=n)
        if kind == "between":
            j = rng.randint(1, max(1, i - 2))
            k = rng.randint(j + 1, i - 1)
            a, b = v.shots[j].start, v.shots[k].end
            style = turn("between")
            fmt = mmss if style % 2 else (lambda s: f"{s:g} s")
            question = q.say(SUMMARY["between"], a=fmt(a), b=fmt(b))
        if kind == "sofar":
            question = q.say(SUMMARY["sofar"])
        inside = in_view(v, a, b)
        assert len(inside) >= 2, (v.name, t, a, b)
        items = [describe(s.images) for s in inside]
        held = {img for s in v.shots if s.start < t for img in s.images}
        intruder = describe([k for k in NEVER if not blocked(k, held)][t % 5 : t % 5 + 1])
        wrong = [items[::-1], [*items[:-2], items[-1], items[-2]], [*items[:-1], intruder]]
        before = [describe(s.images) for s in v.shots if s.end <= a]
        if before:
            wrong.append([before[-1], *items])
        later = [describe(s.images) for s in v.shots if s.start >= b]
        if later:
            wrong.append([*items, later[0]])
        wrong.append([intruder, *items[1:]])
        wrongs = [", then ".join(w) for w in wrong if w != items]
        rng.shuffle(wrongs)
        q.pick(v, t, "summary", question, ", then ".join(items), wrongs, 3 + i % 2)

    # --- category ------------------------------------------------------------------------------
    def category_q(v: ShotVideo, i: int, t: int) -> None:
        shot = v.shots[i]
        kind = ("now", "sofar", "choice", "window")[turn("category") % 4]
        if kind == "choice":
            known = {c: state(shot.images, c) for c in CATEGORY}
            right = [c for c, s in known.items() if s]
            wrongs = [CAT_A[c] for c, s in known.items() if s is False]
            if right and wrongs:
                rng.shuffle(wrongs)
                c = rng.choice(right)
                q.pick(v, t, "category", q.say(CAT_Q["choice"]), CAT_A[c], wrongs, 3 + i % 2)
                return
            kind = "now"
        n = window(v, t, turn("window"), 2) if kind == "window" else None
        if kind == "window" and n is None:
            kind = "sofar"
        images = {
            "now": shot.images,
            "sofar": seen(v, i),
            "window": [img for s in in_view(v, t - (n or 0), t) for img in s.images],
        }[kind]
        known = {c: state(images, c) for c in CATEGORY}
        known = {c: s for c, s in known.items() if s is not None}
        want = turn("category truth") % 2 == 0
        c = rng.choice(sorted(c for c, s in known.items() if s == want) or sorted(known))
        question = q.say(CAT_Q[kind], c=CAT_A[c], Any=cap(CAT_ANY[c]), n=n)
        q.yn(v, t, "category", question, known[c])

    for v in STREET_VIDEOS:
        last = len(v.shots) - 1
        for i in range(len(v.shots)):
            t1, t2, t3 = (ask_time(v, i, f) for f in (0.3, 0.55, 0.8))
            now_q(v, i, t1)
            if i % 2 == 0:
                now_yn(v, i, t2)
            else:
                still_yn(v, i, t3)
            people_q(v, i, t3)
            if i >= 1:
                order_q(v, i, t2)
            if i in (2, 4, 6, 8):
                past_q(v, i, t1)
            if i in (3, 5, 7):
                when_q(v, i, t2)
            if i in (4, 6, last):
                count_q(v, i, t3)
            if i in (3, 5, last):
                summary_q(v, i, t3 if i != last else t2)
            if i in (1, 4, 7):
                category_q(v, i, t2 if i != 4 else t1)
    recs = q.records
    assert {r["form"] for r in recs} == set(STREET_FORMS)
    return recs


def write_street_suite(folder: Path) -> tuple[Path, Path]:
    """Write the street videos and ``street.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, STREET_VIDEOS, street_suite(), "street")
