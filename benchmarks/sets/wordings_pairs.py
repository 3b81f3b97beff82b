"""A development batch of side-by-side shots: two or three pictures next to each other on one frame.

Three videos of 640x360 shots, most of them showing two or three pictures at once, with a few in
which a ball or a square slides across. Questions ask what is on screen now, whether something is
(or was) shown, the order of things, how many people are in view, the kind of thing shown, and
when something was shown, each in several wordings (plain, casual, polite, terse). Every truth is
computed from the schedule; a wrong option is never something in view during the asked time, nor
something a picture could pass for (the astronaut's photo has a small shuttle model in it, the
temple's a lake with a boat, the cameraman's buildings behind him, the coins faces on them).
"""

from __future__ import annotations

import random
from itertools import combinations, count
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

PAIRS_FORMS = ("now", "now yes/no", "order", "people count", "category", "past yes/no", "when")
PAIRS_CODES = {form: {**FORM_CODES, **PEOPLE_FORM_CODES}[form] for form in PAIRS_FORMS}

PAIRS_VIDEOS = (
    ShotVideo(
        "pairs_market",
        (
            Shot(("chelsea", "rocket"), 0, 14),
            Shot(("coffee",), 14, 26),
            Shot(("grace_hopper", "stereo_motorcycle"), 26, 42, moving=True),
            Shot(("flower", "coins"), 42, 56),
            Shot(("china",), 56, 70),
            Shot(("astronaut", "chelsea"), 70, 86, moving=True),
            Shot(("coffee", "camera"), 86, 100),
        ),
        size=(640, 360),
        mover="ball",
    ),
    ShotVideo(
        "pairs_gallery",
        (
            Shot(("grace_hopper",), 0, 12),
            Shot(("coins", "chelsea", "coffee"), 12, 28),
            Shot(("astronaut", "camera"), 28, 44),
            Shot(("stereo_motorcycle", "flower"), 44, 58, moving=True),
            Shot(("rocket",), 58, 72),
            Shot(("china", "coffee"), 72, 88),
            Shot(("grace_hopper", "astronaut", "camera"), 88, 104),
            Shot(("flower", "chelsea"), 104, 116),
        ),
        size=(640, 360),
        mover="ball",
    ),
    ShotVideo(
        "pairs_parade",
        (
            Shot(("stereo_motorcycle", "coffee"), 0, 16),
            Shot(("camera",), 16, 28, moving=True),
            Shot(("china", "chelsea"), 28, 46),
            Shot(("astronaut", "grace_hopper"), 46, 60),
            Shot(("coins", "coffee"), 60, 72),
            Shot(("rocket", "flower", "chelsea"), 72, 88, moving=True),
            Shot(("grace_hopper",), 88, 100),
        ),
        size=(640, 360),
        mover="square",
    ),
)

# what each picture shows, as people say it; the last ones are never shown
NAME = {
    "grace_hopper": "a woman in uniform",
    "astronaut": "an astronaut",
    "camera": "a man with a camera",
    "chelsea": "a cat",
    "coffee": "a cup of coffee",
    "rocket": "a rocket",
    "stereo_motorcycle": "a motorbike",
    "china": "a temple",
    "flower": "flowers",
    "coins": "coins",
}
NAME |= {
    n.split()[-1]: n for n in ("a guitar", "a banana", "a pizza", "a teddy bear", "an umbrella", "a dog")
}
PICTURES = tuple(NAME)[:10]
NEVER = tuple(NAME)[10:]
THE = {k: "the " + v.split(" ", 1)[1] if v.startswith(("a ", "an ")) else "the " + v for k, v in NAME.items()}
THE["camera"] = "the man with the camera"
PLURAL = {"flower", "coins"}
PERSONS = {"grace_hopper", "astronaut", "camera"}
# a thing is no wrong answer while any of these is in view (itself, or a picture that could pass for it)
BLOCK = {k: {k} for k in NAME}
BLOCK["rocket"] |= {"astronaut"}
BLOCK["flower"] |= {"china"}
BLOCK["china"] |= {"camera"}  # the domed building behind the cameraman
BLOCK["dog"] |= {"coins"}
for _p in PERSONS:
    BLOCK[_p] |= PERSONS
# category -> (pictures that surely show one, pictures that might pass for one)
CATEGORY = {
    "animal": ({"chelsea"}, {"coins"}),
    "drink": ({"coffee"}, set()),
    "vehicle": ({"stereo_motorcycle"}, {"rocket", "astronaut", "china"}),
    "person": (PERSONS, {"coins"}),
    "building": ({"china"}, {"camera", "rocket", "stereo_motorcycle"}),
}
CAT_A = {c: f"a{'n' * (c == 'animal')} {c}" for c in CATEGORY}
CAT_ANY = {c: f"any {c}" for c in CATEGORY} | {"drink": "anything to drink", "person": "anyone"}
ORDINAL = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")

NOW_WHOLE = (
    "What is on screen now?",
    "what's showing right now?",
    "Could you tell me what is being shown at the moment?",
    "On screen now?",
    "What are we looking at right now?",
    "What's in the picture at this moment?",
)
NOW_ONE = (
    "Which of these can you see right now?",
    "Which one of these is on screen at the moment?",
    "Could you tell me which of these is in the picture right now?",
    "Visible now: which one?",
    "which of these is up on screen rn?",
    "Please pick the thing that is on screen now.",
)
NOW_YN = (
    "{Is_there} on screen now?",
    "{A} on screen right now?",
    "Can you see {a} at the moment?",
    "Could you check whether {a} {is} in the picture right now?",
    "any {bare} in view right now?",
    "Right now, {is_there} in the frame?",
    "Would you say {a} {is} visible at this moment?",
)
PEOPLE_NOW = (
    "How many people are on screen now?",
    "how many people can you see right now?",
    "Could you count the people who are visible at the moment?",
    "People in view now: how many?",
    "How many persons are in the picture at this moment?",
    "Right now, how many people are on screen?",
)
PEOPLE_SHOT = (
    "How many people were in the shot with {the}?",
    "When {the} {was} on screen, how many people were there?",
    "Could you tell me how many people appeared in the scene with {the}?",
)
PEOPLE_MOST = (
    "So far, what's the largest number of people on screen at the same time?",
    "What is the most people we've seen at once up to now?",
)
CAT_NOW = (
    "Is there {a} on screen now?",
    "{Any} in view right now?",
    "Can you see {a} at the moment?",
    "Could you tell me whether there's {a} in the picture right now?",
)
CAT_PAST = (
    "Has there been {a} so far?",
    "did {any} show up at any point up to now?",
    "Have we seen {a} yet?",
    "Up to now, was there {a} at any point?",
)
CAT_CHOICE = (
    "What kind of thing is on screen now?",
    "Which of these is in view right now?",
    "Which sort of thing can you see at the moment?",
)
PAST_YN = (
    "{Has} {a} appeared so far?",
    "did we see {a} earlier?",
    "{Was} {a} shown at any point before now?",
    "Could you tell me if {a} {was} on screen earlier in the video?",
    "{A} earlier on?",
    "Up to this point, have we had {a} at all?",
    "Earlier in the video, {was_there} {a}?",
)
ORDER = {
    "two": (
        "Which came first, {x} or {y}?",
        "{X} or {y}: which was shown earlier?",
        "did we see {x} or {y} first?",
        "Could you tell me which appeared first, {x} or {y}?",
    ),
    "before": (
        "What was shown just before {the}?",
        "what came right before {the}?",
        "Could you tell me what was on screen immediately before {the} appeared?",
    ),
    "after": ("What came right after {the}?", "After {the}, what came up next?", "What followed {the}?"),
    "first": (
        "What was shown first?",
        "What did the video open with?",
        "Could you remind me what was on screen at the very start?",
        "First thing shown?",
    ),
    "nth": (
        "What was shown in the {nth} scene?",
        "{Nth} scene: what was in it?",
        "Could you tell me what the {nth} shot showed?",
    ),
    "last": ("Which of these was shown last?", "Of these, which did we see most recently?"),
}
WHEN = {
    "once": (
        "When {was} {the} shown?",
        "when did we see {the}?",
        "Could you tell me when {the} {was} on screen?",
        "{The}: when?",
        "During which stretch was {the} visible?",
    ),
    "first": ("When did {the} first appear?", "At what point did we first see {the}?"),
    "start": (
        "At what time did {the} first come on screen?",
        "roughly when did {the} first show up?",
        "What time did {the} first pop up?",
    ),
}


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def words(x: str) -> dict[str, str]:
    """The ways a question template names ``x``."""
    plural = x in PLURAL
    a = NAME[x]
    bare = a.split(" ", 1)[1] if a.startswith(("a ", "an ")) else a
    is_there = ("Are there " if plural else "Is there ") + a
    return {
        "a": a,
        "A": cap(a),
        "bare": bare,
        "the": THE[x],
        "The": cap(THE[x]),
        "is": "are" if plural else "is",
        "was": "were" if plural else "was",
        "Was": "Were" if plural else "Was",
        "Has": "Have" if plural else "Has",
        "Is_there": is_there,
        "is_there": is_there[0].lower() + is_there[1:],
        "was_there": "were there" if plural else "was there",
    }


def describe(images) -> str:
    names = [NAME[i] for i in images]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def state(images, cat: str) -> bool | None:
    """Whether ``images`` show something of ``cat``: True, False, or None where a picture might pass for one."""
    sure, maybe = CATEGORY[cat]
    if any(i in sure for i in images):
        return True
    return None if any(i in maybe for i in images) else False


def blocked(x: str, images) -> bool:
    return bool(BLOCK[x] & set(images))


def ask_time(video: ShotVideo, shot: Shot, f: float) -> float:
    t = round(shot.start + f * (shot.end - shot.start))
    assert all(abs(t - c) >= 3 for c in [*video.cuts, video.duration]), (video.name, t)
    assert video.at(t) is shot
    return t


def seen(video: ShotVideo, i: int) -> list[str]:
    """Every picture in the shots up to and including shot ``i``, in order of first showing."""
    return list(dict.fromkeys(img for s in video.shots[: i + 1] for img in s.images))


def span(shot: Shot, style: int) -> str:
    return f"{shot.start:g}–{shot.end:g} s" if style % 2 else f"from {shot.start:g} s to {shot.end:g} s"


def pairs_suite() -> list[dict]:
    """The questions about :data:`PAIRS_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    q = Questions(PAIRS_CODES)
    rng = random.Random(23)
    turns: dict[int, count] = {}  # per number of options, moves the right one along
    said: dict[tuple[str, ...], int] = {}
    kinds = {form: count() for form in PAIRS_FORMS}

    def pick(answer: str, wrongs: list[str], n: int) -> list[str]:
        wrongs = list(dict.fromkeys(w for w in wrongs if w != answer))[: n - 1]
        assert wrongs, answer
        k = next(turns.setdefault(len(wrongs), count())) % (len(wrongs) + 1)
        return [*wrongs[:k], answer, *wrongs[k:]]

    def say(templates: tuple[str, ...], **kw) -> str:
        said[templates] = said.get(templates, -1) + 1
        return templates[said[templates] % len(templates)].format(**kw)

    def wrong_items(video: ShotVideo, avoid) -> list[str]:
        """Things that are no answer while ``avoid`` is (or was) in view: the video's own pictures first."""
        own = seen(video, len(video.shots) - 1)
        groups = [own, [k for k in PICTURES if k not in own], list(NEVER)]
        for group in groups:
            rng.shuffle(group)
        return [k for group in groups for k in group if not blocked(k, avoid)]

    def fake(avoid, n: int) -> str:
        """A made-up shot of ``n`` things never shown."""
        return describe([k for k in wrong_items(PAIRS_VIDEOS[0], avoid) if k in NEVER][:n])

    def shot_options(answer: Shot, others, avoid, n: int) -> list[str]:
        """The description of ``answer`` among those of ``others`` sharing nothing with it (nor passing
        for it), and a made-up shot."""
        wrongs = [
            describe(s.images)
            for s in others
            if s is not answer and not any(blocked(x, s.images) for x in answer.images)
        ]
        rng.shuffle(wrongs)
        return pick(describe(answer.images), [*wrongs[: n - 2], fake(avoid, len(answer.images))], n)

    def now_q(v: ShotVideo, shot: Shot, t: float) -> None:
        pool = wrong_items(v, shot.images)
        n = rng.choice((3, 4))
        if next(kinds["now"]) % 2 == 0:  # the whole shot: one thing, or two or three together
            m = len(shot.images)
            wrongs = [describe(pool[j * m : (j + 1) * m]) for j in range(n - 1)]
            q.add(v, t, "now", say(NOW_WHOLE), pick(describe(shot.images), wrongs, n), describe(shot.images))
        else:  # one of the things on screen among things that are not
            x = rng.choice(shot.images)
            q.add(v, t, "now", say(NOW_ONE), pick(NAME[x], [NAME[k] for k in pool], n), NAME[x])

    def now_yn(v: ShotVideo, shot: Shot, t: float) -> None:
        truth = next(kinds["now yes/no"]) % 2 == 0
        x = rng.choice(shot.images) if truth else wrong_items(v, shot.images)[0]
        assert (x in shot.images) == truth
        q.yn(v, t, "now yes/no", say(NOW_YN, **words(x)), truth)

    def people(v: ShotVideo, i: int, t: float) -> None:
        shot = v.shots[i]
        if "coins" in shot.images:  # the faces on the coins make any head count arguable
            return
        kind = ("now", "shot", "now", "most")[next(kinds["people count"]) % 4]
        numbers = ("none", "one", "two", "three") if i % 3 == 1 else ("0", "1", "2", "3")
        earlier = seen(v, i - 1) if i else []
        once = [(x, s) for s in v.shots[:i] if "coins" not in s.images for x in s.images if x not in PERSONS]
        once = [(x, s) for x, s in once if sum(blocked(x, o.images) for o in v.shots[: i + 1]) == 1]
        if kind == "now" and not v.people(t) and i % 2:
            kind = "most"  # not every count a zero
        if kind == "shot" and once:
            x, s = rng.choice([(x, s) for x, s in once if v.people(s.start)] or once)
            n = sum(PEOPLE.get(img, 0) for img in s.images)
            question = say(PEOPLE_SHOT, **words(x))
        elif kind == "most" and i and "coins" not in earlier:
            n = max(v.people(s.start) for s in v.shots[: i + 1])
            question = say(PEOPLE_MOST)
        else:
            n = v.people(t)
            question = say(PEOPLE_NOW)
        opts = list(numbers) if i % 2 else [w for j, w in enumerate(numbers) if j == n or j != (n + 2) % 4]
        q.add(v, t, "people count", question, pick(numbers[n], opts, 4), numbers[n])

    def category(v: ShotVideo, i: int, t: float) -> None:
        shot = v.shots[i]
        kind = ("now", "past", "choice")[next(kinds["category"]) % 3]
        if kind == "choice" and not any(state(shot.images, c) for c in CATEGORY):
            kind = "now"
        images = seen(v, i) if kind == "past" else shot.images
        known = {c: state(images, c) for c in CATEGORY}
        known = {c: s for c, s in known.items() if s is not None}
        if kind == "choice":
            right = [c for c, s in known.items() if s]
            wrongs = [CAT_A[c] for c, s in known.items() if not s]
            rng.shuffle(wrongs)
            c = rng.choice(right)
            q.add(v, t, "category", say(CAT_CHOICE), pick(CAT_A[c], wrongs, 3 + i % 2), CAT_A[c])
            return
        want = i % 2 == 0
        c = rng.choice([c for c, s in known.items() if s == want] or list(known))
        templates = CAT_PAST if kind == "past" else CAT_NOW
        q.yn(v, t, "category", say(templates, a=CAT_A[c], any=CAT_ANY[c], Any=cap(CAT_ANY[c])), known[c])

    def past(v: ShotVideo, i: int, t: float) -> None:
        shot = v.shots[i]
        before = [x for x in seen(v, i - 1) if x not in shot.images]
        truth = next(kinds["past yes/no"]) % 2 == 0 and bool(before)
        x = rng.choice(before) if truth else wrong_items(v, seen(v, i))[0]
        assert (x in seen(v, i)) == truth
        q.yn(v, t, "past yes/no", say(PAST_YN, **words(x)), truth)

    def order(v: ShotVideo, i: int, t: float) -> None:
        shots = v.shots[: i + 1]
        shown = seen(v, i)
        # where each thing (or a picture that could pass for it) was shown
        at = {x: [j for j, s in enumerate(shots) if blocked(x, s.images)] for x in shown}
        shown = [x for x in shown if all(x in shots[j].images for j in at[x])]  # none passing for another
        first, last = {x: at[x][0] for x in shown}, {x: at[x][-1] for x in shown}
        once = [x for x in shown if len(at[x]) == 1]
        start = next(kinds["order"])
        for kind in [("two", "before", "after", "first", "nth", "last")[(start + j) % 6] for j in range(6)]:
            tpl = ORDER[kind]
            if kind == "two":
                pairs = [(x, y) for x, y in combinations(shown, 2) if first[x] != first[y]]
                x, y = rng.choice([(x, y) for x, y in pairs if not blocked(x, [y]) and not blocked(y, [x])])
                right = THE[min((x, y), key=first.get)]
                question = say(tpl, x=THE[x], y=THE[y], X=cap(THE[x]))
                q.add(v, t, "order", question, pick(right, [THE[x], THE[y]], 2), right)
                return
            if kind in ("before", "after"):
                step = -1 if kind == "before" else 1
                xs = [x for x in once if 0 <= first[x] + step <= i]
                if not xs:
                    continue
                x = rng.choice(xs)
                answer = shots[first[x] + step]
                opts = shot_options(answer, shots, shown, 3 + i % 2)
                q.add(v, t, "order", say(tpl, **words(x)), opts, describe(answer.images))
                return
            if kind in ("first", "nth"):
                j = 0 if kind == "first" else rng.randint(1, i)
                opts = shot_options(shots[j], shots, shown, 3 + i % 2)
                question = say(tpl, nth=ORDINAL[j], Nth=cap(ORDINAL[j]))
                q.add(v, t, "order", question, opts, describe(shots[j].images))
                return
            # the one of two or three things, none on screen now, that was shown last
            xs = [x for x in shown if last[x] < i]
            picks = [c for c in combinations(xs, 3 if i > 3 else 2) if len({last[x] for x in c}) == len(c)]
            picks = [c for c in picks if not any(blocked(a, [b]) for a in c for b in c if a != b)]
            if picks:
                c = rng.choice(picks)
                right = max(c, key=last.get)
                opts = pick(NAME[right], [NAME[x] for x in c], len(c))
                q.add(v, t, "order", say(tpl), opts, NAME[right])
                return
        raise AssertionError((v.name, i))

    def when(v: ShotVideo, i: int, t: float) -> None:
        shots = v.shots[: i + 1]
        shown = seen(v, i)
        times = {x: sum(x in s.images for s in shots) for x in shown}
        first = {x: next(j for j, s in enumerate(shots) if x in s.images) for x in shown}
        style = next(kinds["when"])
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
                right, wrongs = f"at {shots[j].start:g} s", [f"at {shots[m].start:g} s" for m in others]
            else:
                right, wrongs = span(shots[j], style), [span(shots[m], style) for m in others]
            if not wrongs:
                continue
            q.add(v, t, "when", say(WHEN[kind], **words(x)), pick(right, wrongs, 3 + i % 2), right)
            return
        raise AssertionError((v.name, i))

    for v in PAIRS_VIDEOS:
        for i, shot in enumerate(v.shots):
            t1, t2 = ask_time(v, shot, 0.35), ask_time(v, shot, 0.7)
            if i < len(v.shots) - 1:
                now_q(v, shot, t1)
            people(v, i, t1)
            if i >= 1:
                now_yn(v, shot, t2)
                category(v, i, t2)
                past(v, i, t1)
                order(v, i, t2)
                when(v, i, t2)
    return q.records


def write_pairs_suite(folder: Path) -> tuple[Path, Path]:
    """Write the side-by-side videos and ``pairs.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, PAIRS_VIDEOS, pairs_suite(), "pairs")
