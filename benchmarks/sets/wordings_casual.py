"""A development batch of casual wordings over every question form, typed the way different people talk to a
video assistant (terse, chatty, informal, indirect, negated, imperative, "frame", "clip", "feed").

Three videos of shots (one picture or two side by side, still or with a ball or a red square sliding across);
every answer is computed from the shot schedule (people from ``ShotVideo.people``, cuts where the picture
changes, motion from ``moving=True``). Ask times sit 2 s or more from any shot boundary, window edges 3 s or
more (or on one); no option but the answer is true. Records: the suite's lmms-eval rows, plus ``form``.
"""

from __future__ import annotations

from itertools import count
from pathlib import Path

from benchmarks.sets.grounding import (
    FORM_CODES,
    PEOPLE_FORM_CODES,
    Questions,
    Shot,
    ShotVideo,
    write_shot_suite,
)
from benchmarks.sets.wordings_fresh import FRESH_CODES

CASUAL_FORMS = (
    *("now", "now yes/no", "past yes/no", "when", "order", "window", "count", "never", "summary"),
    *("people", "people count", "motion", "scene change", "category"),
)
_CODES = {**FORM_CODES, **PEOPLE_FORM_CODES, **FRESH_CODES, "never": "Hallucination-3"}
CASUAL_CODES = {form: _CODES[form] for form in CASUAL_FORMS}

MOTO = "stereo_motorcycle"
NAMES = {  # each picture as people say it
    "chelsea": "a cat",
    "coffee": "a cup of coffee",
    "rocket": "a rocket",
    MOTO: "a motorbike",
    "astronaut": "an astronaut",  # a model shuttle stands beside her: never "a rocket" as a wrong option
    "grace_hopper": "a woman in uniform",
    "china": "a temple",
}
POOL = (  # wrong options are drawn from here, minus what the asked time holds
    *("a dog", "a temple", "a guitar", "a cat", "a pizza", "a rocket", "a bird", "a cup of coffee"),
    *("a car", "a motorbike", "a horse", "a woman in uniform", "a laptop", "an astronaut", "a bicycle"),
)
NEAR = {  # names too close to a shown thing to be clearly wrong beside it
    "an astronaut": ("a rocket", "a woman in uniform"),
    "a woman in uniform": ("an astronaut",),
    "a motorbike": ("a bicycle", "a car"),
}
KINDS = {"animal": {"chelsea"}, "drink": {"coffee"}, "vehicle": {MOTO}, "building": {"china"}}
SHORT = {"cat": "chelsea", "moto": MOTO, "woman": "grace_hopper", "temple": "china"}


def _video(name: str, spec: str, mover: str) -> ShotVideo:
    """A 640x360 video from "picture[+picture][*]:end ..." (shots back to back from 0; * = moving)."""
    shots, start = [], 0.0
    for item in spec.split():
        pics, _, end = item.partition(":")
        images = tuple(SHORT.get(p, p) for p in pics.rstrip("*").split("+"))
        shots.append(Shot(images, start, float(end), pics.endswith("*")))
        start = float(end)
    return ShotVideo(name, tuple(shots), size=(640, 360), mover=mover)


CASUAL_VIDEOS = (
    _video("porch", "cat:14 coffee:30 coffee*:42 rocket:58 cat+moto:74 woman:88 cat*:100", "ball"),
    _video(
        "museum",
        "temple:18 astronaut:34 coffee:46 astronaut+woman:62 moto*:80 temple:96 rocket:108",
        "square",
    ),
    _video("garage", "moto:16 moto*:28 coffee+cat:44 woman:60 rocket*:72 temple:86 woman:98", "ball"),
)
MOVERS = {"ball": "a ball", "square": "a red square"}


# --- the schedule's truths ------------------------------------------------------------------------------
def scenes(v: ShotVideo, a: float = 0.0, b: float = 1e9) -> list[tuple[tuple[str, ...], float, float]]:
    """The stretches between cuts, (pictures, start, end), that overlap [a, b] (the one at a when a == b)."""
    out: list[tuple[tuple[str, ...], float, float]] = []
    for s in v.shots:
        if out and out[-1][0] == s.images:
            out[-1] = (s.images, out[-1][1], s.end)
        else:
            out.append((s.images, s.start, s.end))
    return [sc for sc in out if ((sc[1] <= a < sc[2]) if a == b else (sc[1] < b and sc[2] > a))]


def label(pics: tuple[str, ...]) -> str:
    return " and ".join(NAMES[p] for p in pics)


def names_in(v: ShotVideo, a: float, b: float) -> set[str]:
    return {NAMES[p] for sc in scenes(v, a, b) for p in sc[0]}


def runs(v: ShotVideo, t: float, pred) -> list[tuple[float, float]]:
    """The stretches up to ``t`` whose pictures satisfy ``pred``, merged when back to back."""
    out: list[tuple[float, float]] = []
    for pics, a, b in scenes(v, 0, t):
        if pred(pics):
            out[-1:] = [(out[-1][0], b)] if out and out[-1][1] == a else [*out[-1:], (a, b)]
    return out


def moving_in(v: ShotVideo, a: float, b: float) -> bool:
    return any(s.moving and s.start < b and s.end > a for s in v.shots)


def check_time(v: ShotVideo, t: float, edge: float = 2.0) -> bool:
    bounds = [s.start for s in v.shots] + [v.duration]
    assert t in bounds or all(abs(t - x) >= edge for x in bounds), (v.name, t)
    return True


def check_window(v: ShotVideo, a: float, b: float, t: float) -> None:
    """A window's edges sit on a shot boundary or 3 s from one (2 s for an edge at the ask time)."""
    check_time(v, a, 3.0)
    check_time(v, b, 2.0 if b == t else 3.0)


def mmss(t: float) -> str:
    return f"{int(t) // 60}:{int(t) % 60:02d}"


def span(a: float, b: float, style: int) -> str:
    return (f"{mmss(a)}–{mmss(b)}", f"{a:g}–{b:g} s", f"from {mmss(a)} to {mmss(b)}")[style % 3]


class Batch(Questions):
    """Questions with the option order turned by a running count, so answers sit at varied positions."""

    def __init__(self) -> None:
        super().__init__(CASUAL_CODES)
        self.k = count(1)

    def add(self, video, t, form, question, candidates, answer) -> None:
        check_time(video, t)
        super().add(video, t, form, question, candidates, answer)

    def pick(self, v, t, form, question, answer: str, others: list[str]) -> None:
        opts = [answer, *others]
        k = next(self.k) % len(opts)
        self.add(v, t, form, question, opts[k:] + opts[:k], answer)

    def things(self, v, t, form, question, answer: str, held: set[str], n: int = 0) -> None:
        """``answer`` against things clearly not in ``held`` (what the asked time holds)."""
        bad = held | {x for h in held for x in NEAR.get(h, ())}
        assert answer not in bad or answer in held
        pool = [x for x in POOL if x not in bad and x != answer]
        k = next(self.k) % len(pool)
        self.pick(v, t, form, question, answer, (pool[k:] + pool[:k])[: n or 1 + k % 3])

    def number(self, v, t, form, question, n: int) -> None:
        k = next(self.k)
        size = 3 + k % 2
        start = max(0, n - k % size)
        self.add(v, t, form, question, [str(x) for x in range(start, start + size)], str(n))

    def when(self, v, t, form, question, pred, which: str = "only", upto: float | None = None) -> None:
        found = runs(v, t if upto is None else upto, pred)
        assert found and (which != "only" or len(found) == 1), (question, found)
        a, b = found[-1] if which == "last" else found[0]
        assert b <= t - 2 or which == "first", (question, b, t)
        style = next(self.k)
        others = [(x, y) for pics, x, y in scenes(v, 0, t) if not pred(pics) and y <= t and (x, y) != (a, b)]
        self.pick(v, t, form, question, span(a, b, style), [span(x, y, style) for x, y in others[:3]])

    def listing(self, v, t, form, question, items: list[str], held: set[str]) -> None:
        """``items`` in order against the reversed order, a swap, and one with an unshown thing."""
        intruder = next(x for x in POOL if x not in held | {y for h in held for y in NEAR.get(h, ())})
        wrong = [items[::-1], [*items[1:2], *items[:1], *items[2:]], [*items[:-1], intruder]]
        others = list(dict.fromkeys(", then ".join(w) for w in wrong if w != items))
        self.pick(v, t, form, question, ", then ".join(items), others[: 1 + next(self.k) % 3])


# --- the questions --------------------------------------------------------------------------------------
def casual_suite() -> list[dict]:
    """The batch's records, every truth from the schedules above."""
    P, M, G = CASUAL_VIDEOS
    q = Batch()

    def held_now(v, t) -> set[str]:
        return names_in(v, t, t)

    for v, t, text in (
        (P, 8, "whats on rn"),
        (P, 50, "What am I looking at right now?"),
        (P, 66, "so what's in the frame at the moment? just the main things"),
        (M, 10, "Describe the current frame in a few words."),
        (M, 26, "what's the feed showing now"),
        (M, 70, "Quick one: what do you see on screen? Just the main thing."),
        (G, 8, "hey, what is this?"),
        (G, 52, "Tell me what's in the clip right now."),
        (G, 78, "What's the camera pointed at now?"),
        (G, 36, "we're live - what's on the feed?"),
    ):
        q.things(v, t, "now", text, label(v.at(t).images), held_now(v, t))

    for v, t, text, thing in (
        (P, 8, "cat?", "a cat"),
        (P, 22, "is that a motorbike", "a motorbike"),
        (P, 50, "Is there a cup of coffee in the frame right now?", "a cup of coffee"),
        (M, 26, "Isn't that a temple on screen?", "a temple"),
        (M, 56, "Can you check if there's a woman in uniform in the shot?", "a woman in uniform"),
        (M, 100, "rocket on screen now?", "a rocket"),
        (G, 36, "I see something furry. Is it a cat?", "a cat"),
        (G, 66, "Is the feed showing a temple right now?", "a temple"),
        (P, 80, "we're looking at a rocket now, aren't we?", "a rocket"),
    ):
        q.yn(v, t, "now yes/no", text, thing in held_now(v, t))

    for v, t, text, thing in (
        (P, 50, "motorbike earlier?", "a motorbike"),
        (P, 95, "did u see a rocket", "a rocket"),
        (P, 36, "Has a cat shown up at any point so far?", "a cat"),
        (M, 70, "So I was wondering whether we saw a temple earlier in the footage. Did we?", "a temple"),
        (M, 40, "Was there ever a dog in this clip?", "a dog"),
        (M, 104, "Have you seen a cat yet?", "a cat"),
        (G, 50, "We had coffee at some point, right? Or am I misremembering?", "a cup of coffee"),
        (G, 80, "Did a woman in uniform appear before this?", "a woman in uniform"),
        (M, 90, "any motorbike in the clip before now? I wasn't paying attention.", "a motorbike"),
    ):
        before = names_in(v, 0, v.at(t).start)  # a yes is shown before this shot, a no not even now
        truth = thing in before
        assert truth or thing not in names_in(v, 0, t) | {x for h in before for x in NEAR.get(h, ())}
        q.yn(v, t, "past yes/no", text, truth)

    def has(pic: str):
        return lambda pics: pic in pics

    for v, t, text, pic, which in (
        (P, 96, "rocket - when?", "rocket", "only"),
        (P, 96, "I think I saw a woman in uniform - when was that?", "grace_hopper", "only"),
        (P, 96, "when did u see the coffee", "coffee", "only"),
        (P, 70, "When did the cat first appear?", "chelsea", "first"),
        (M, 104, "At what point in the footage did the motorbike show up?", MOTO, "only"),
        (M, 104, "Roughly when was the coffee on screen?", "coffee", "only"),
        (M, 75, "Find the part of the clip with the temple.", "china", "only"),
        (G, 94, "We had a cat at some point. When?", "chelsea", "only"),
        (G, 94, "Which part of the clip had the rocket?", "rocket", "only"),
        (G, 94, "When did the temple come on?", "china", "only"),
    ):
        q.when(v, t, "when", text, has(pic), which)

    def now(v, t) -> tuple[tuple[str, ...], float, float]:
        return scenes(v, t, t)[0]

    def seq(v, a, b) -> list[str]:
        return [label(pics) for pics, _, _ in scenes(v, a, b)]

    def scene_no(v, i: int) -> str:
        return label(scenes(v)[i][0])

    def next_to(v, pic: str, step: int) -> str:
        sc = scenes(v)
        i = next(i for i, s in enumerate(sc) if s[0] == (pic,))
        return label(sc[i + step][0])

    order = (
        (P, 96, "what was first?", scene_no(P, 0)),
        (M, 100, "What did we see right after the coffee?", next_to(M, "coffee", 1)),
        (P, 96, "what was the third thing shown", scene_no(P, 2)),
        (G, 94, "What was the last thing shown before the temple?", next_to(G, "china", -1)),
        (P, 80, "What was on just before the current scene?", label(scenes(P, 0, now(P, 80)[1])[-1][0])),
        (G, 50, "And what came right after the motorbike?", next_to(G, MOTO, 1)),
    )
    for v, t, text, answer in order:
        q.things(v, t, "order", text, answer, set(answer.split(" and ")))
    for v, t, text, x, y in (
        (M, 104, "Which came first, the rocket or the temple?", "rocket", "china"),
        (G, 94, "so, cat or motorbike - which showed up first?", "chelsea", MOTO),
        (M, 104, "Out of the astronaut and the motorbike, which came first?", "astronaut", MOTO),
    ):
        first = min((x, y), key=lambda p: runs(v, t, has(p))[0][0])
        the = {p: "the " + NAMES[p].partition(" ")[2] for p in (x, y)}
        q.pick(v, t, "order", text, the[first], [the[x if first == y else y]])
    before = seq(M, 0, runs(M, 90, lambda p: MOTO in p)[0][0])
    q.listing(M, 90, "order", "List what came before the motorbike.", before, names_in(M, 0, 90))

    for v, t, a, b, text, answer in (
        (P, 96, 20, 35, "What was on between 0:20 and 0:35?", None),
        (P, 96, 45, 55, "what did we see from 45 s to 55 s", None),
        (M, 60, 50, 60, "what was in the frame in the last 10 seconds", "a woman in uniform"),
        (P, 96, 0, 50, "In the first half of the clip, which of these showed up?", "a cup of coffee"),
        (G, 94, 0, 49, "in the first half, which of these did we see?", "a cat"),
        (G, 94, 50, 94, "Since 0:50, which of these came up?", "a rocket"),
        (M, 104, 65, 75, "Between 1:05 and 1:15, what was in the frame?", None),
        (G, 94, 0, 10, "Tell me what the feed showed during the first 10 seconds.", None),
        (G, 76, 56, 56, "what was on a bit earlier, like 20 seconds ago?", None),
        (P, 70, 55, 70, "What showed up recently?", "a motorbike"),
    ):
        check_window(v, a, b, t)
        held = names_in(v, a, b)
        if answer is None:
            (pics,) = {sc[0] for sc in scenes(v, a, b)}
            answer = label(pics)
        assert answer in held or answer in (label(sc[0]) for sc in scenes(v, a, b)), (text, answer)
        if "half" in text:  # of the clip so far or of the whole clip: the same scenes either way
            halves = (v.duration / 2, t / 2)
            assert all(check_time(v, h, 3.0) and scenes(v, 0, b) == scenes(v, 0, h) for h in halves)
        q.things(v, t, "window", text, answer, held if "recently" not in text else names_in(v, 0, t), 3)

    for v, t, text, pic in (
        (P, 96, "how many times did u see the cat", "chelsea"),
        (P, 50, "Count the cat's appearances so far.", "chelsea"),
        (G, 94, "woman in uniform - how many times?", "grace_hopper"),
        (M, 104, "How often did the temple come up?", "china"),
        (M, 70, "How many times have we had the astronaut on screen?", "astronaut"),
        (P, 96, "I lost track - how many times did the coffee show up in total?", "coffee"),
    ):
        q.number(v, t, "count", text, len(runs(v, t, has(pic))))
    q.number(M, 104, "count", "So how many separate scenes has the footage had?", len(scenes(M, 0, 104)))
    q.number(G, 94, "count", "how many scenes in the clip so far", len(scenes(G, 0, 94)))
    q.number(G, 94, "count", "How many cuts were there in the first 50 seconds?", sum(c < 50 for c in G.cuts))
    q.number(P, 96, "count", "How many different things did we see? One that came back counts once.", 5)
    assert check_time(G, 50, 3) and len({p for s in P.shots for p in s.images}) == 5

    for v, t, text, answer in (
        (P, 96, "Which one didn't show up?", "a temple"),
        (M, 104, "which of these never appeared in the clip", "a dog"),
        (G, 94, "One of these was never in the footage - which?", "a laptop"),
        (P, 50, "Pick the thing we have not seen so far.", "a motorbike"),
        (M, 40, "what wasn't shown", "a cat"),
        (G, 66, "So far, which of these has not been on the feed?", "a guitar"),
        (P, 80, "Which is missing from the video?", "a bird"),
        (M, 90, "Name the one thing here that never came up.", "a pizza"),
        (G, 94, "Of these, which did we never see?", "a horse"),
        (P, 26, "did we see all of these? which one's missing?", "a rocket"),
    ):
        seen = sorted(names_in(v, 0, t), key=POOL.index)
        assert answer not in seen and answer not in {x for h in seen for x in NEAR.get(h, ())}, (text, answer)
        k = next(q.k)
        q.pick(v, t, "never", text, answer, (seen[k % len(seen) :] + seen[: k % len(seen)])[: 1 + k % 3])

    for v, t, a, text in (
        (P, 50, 0, "Summarize the video so far."),
        (P, 96, 0, "recap pls"),
        (M, 40, 0, "what's happened so far"),
        (M, 104, 0, "Give me a rundown of the footage up to now."),
        (G, 50, 0, "I just joined - what did I miss?"),
        (G, 94, 0, "Walk me through what the clip showed, in order."),
        (M, 75, 0, "So what have we seen since the start? In order please."),
        (P, 96, 35, "What did the feed show in the first 35 seconds?"),
        (G, 80, 0, "tl;dr of the clip?"),
        (M, 100, 40, "What did we see in the last minute?"),
    ):
        lo, hi = (0, a) if "first" in text else (a, t)
        check_window(v, lo, hi, t)
        q.listing(v, t, "summary", text, seq(v, lo, hi), names_in(v, 0, t))

    def people_now(v, t) -> bool:
        return v.people(t) > 0

    def anyone_by(v, t) -> bool:
        return any(v.people(s.start) for s in v.shots if s.start < t)

    for v, t, text, truth in (
        (P, 80, "anyone on screen?", people_now(P, 80)),
        (P, 50, "is there a person in the frame now?", people_now(P, 50)),
        (M, 12, "Has anybody shown up so far?", anyone_by(M, 12)),
        (G, 52, "Do you see someone?", people_now(G, 52)),
        (P, 70, "Has a person appeared in the footage yet?", anyone_by(P, 70)),
        (G, 94, "I'm looking for people. Is there a human in this frame?", people_now(G, 94)),
        (M, 40, "is anyone there rn", people_now(M, 40)),
    ):
        q.yn(v, t, "people", text, truth)

    def with_people(pics) -> bool:
        return any(p in ("astronaut", "grace_hopper") for p in pics)

    q.when(M, 104, "people", "When did a person first show up?", with_people, "first")
    q.when(G, 94, "people", "When was someone last on screen before this scene?", with_people, "last", 86)
    assert now(G, 94)[1] == 86

    for v, t, text in (
        (P, 80, "how many people rn"),
        (M, 54, "How many people are in the frame?"),
        (M, 26, "count the people on screen"),
        (G, 36, "How many persons can you see now?"),
        (G, 52, "How many humans are visible at the moment?"),
        (P, 20, "What's the headcount right now?"),
        (M, 70, "So, how many folks are in this shot?"),
        (G, 92, "Quick headcount of the current frame, please."),
    ):
        q.number(v, t, "people count", text, v.people(t))
    q.pick(M, 56, "people count", "is it one person or two?", "two", ["one"])
    assert M.people(56) == 2
    most = max(M.people(s.start) for s in M.shots if s.start < 104)
    q.number(M, 104, "people count", "What's the most people we've seen at once?", most)

    def moving_now(v, t) -> bool:
        return v.at(t).moving

    for v, t, text, truth in (
        (P, 36, "is something moving?", moving_now(P, 36)),
        (P, 20, "Is the frame static right now?", not moving_now(P, 20)),
        (P, 56, "anything move in the last 10 s?", moving_in(P, 46, 56)),
        (G, 94, "Did you notice anything moving so far?", moving_in(G, 0, 94)),
        (G, 82, "anything moving in the last 15 seconds?", moving_in(G, 67, 82)),
    ):
        q.yn(v, t, "motion", text, truth)
    for v, t, text in (
        (G, 36, "What's moving across the screen?"),
        (G, 22, "something's sliding across. What is it?"),
        (M, 70, "what is that thing moving in front of the motorbike?"),
    ):
        answer = MOVERS[v.mover] if moving_now(v, t) else "nothing"
        others = [x for x in (*MOVERS.values(), "nothing") if x != answer]
        q.pick(v, t, "motion", text, answer, others[: next(q.k) % 2 + 1])
    for v, t, text, which in (
        (M, 104, "When did something move?", "only"),
        (G, 94, "When was the last time something moved?", "last"),
    ):
        moved = [(s.start, s.end) for s in v.shots if s.moving]
        a, b = moved[-1] if which == "last" else moved[0]
        assert which != "only" or len(moved) == 1
        still = [(x, y) for _, x, y in scenes(v, 0, t) if y <= t and not moving_in(v, x, y)]
        style = next(q.k)
        q.pick(v, t, "motion", text, span(a, b, style), [span(x, y, style) for x, y in still[1:4]])

    def at(c: float) -> str:
        return f"at {mmss(c)}"

    def not_cuts(v, t) -> list[str]:
        mids = [round((x + y) / 2) for _, x, y in scenes(v, 0, t) if y <= t]
        bounds = [s.start for s in v.shots]
        return [at(m) for m in mids if all(abs(m - c) >= 3 for c in bounds)]

    for v, t, text, which in (
        (P, 96, "When did the scene change for the first time?", 0),
        (G, 94, "When was the last cut?", -1),
        (M, 70, "I noticed the footage switched a bit ago - when was that?", -1),
    ):
        cuts = [c for c in v.cuts if c < t]
        k = next(q.k)
        q.pick(v, t, "scene change", text, at(cuts[which]), not_cuts(v, t)[k % 2 :][: 1 + k % 3])
    for v, t, a, b, text in (
        (P, 56, 46, 56, "has the scene changed in the last 10 s?"),
        (G, 50, 40, 50, "Did the scene change in the last 10 seconds?"),
        (P, 39, 18, 38, "Was there a cut between 0:18 and 0:38?"),
        (G, 24, 0, 24, "Has the scene changed at all yet?"),
        (M, 30, 0, 30, "scene change yet?"),
    ):
        check_window(v, a, b, t)
        q.yn(v, t, "scene change", text, any(a < c < b for c in v.cuts))
    for v, t, text in (
        (M, 104, "how many cuts so far?"),
        (G, 94, "How many times did the scene switch in the clip?"),
        (P, 80, "how many scene changes have there been up to now"),
    ):
        q.number(v, t, "scene change", text, sum(c < t for c in v.cuts))

    def kind_in(v, a, b, kind: str) -> bool:
        pics = {p for sc in scenes(v, a, b) for p in sc[0]}
        if kind == "vehicle":  # the rocket and the astronaut's shuttle would make a "no" unclear
            assert pics & KINDS[kind] or not pics & {"rocket", "astronaut"}
        return bool(pics & KINDS[kind])

    for v, t, a, b, text, kind in (
        (P, 8, 8, 8, "any animal?", "animal"),
        (M, 40, 40, 40, "a drink?", "drink"),
        (G, 8, 8, 8, "a vehicle?", "vehicle"),
        (G, 24, 0, 24, "Have we seen any animals so far?", "animal"),
        (P, 50, 50, 50, "Is there something to drink on screen?", "drink"),
        (G, 94, 0, 20, "did a vehicle show up in the first 20 seconds?", "vehicle"),
        (P, 36, 0, 36, "did u see any vehicle so far", "vehicle"),
    ):
        check_window(v, a, b, t)
        q.yn(v, t, "category", text, kind_in(v, a, b, kind))
    for form, v, t, text, truth, yes, no in (  # negated: the options spell the answer out
        ("now yes/no", G, 78, "there's no dog in the frame right now, right?", "a dog" not in held_now(G, 78),
         "There is no dog", "There is a dog"),
        ("past yes/no", P, 70, "there was no dog earlier, right?", "a dog" not in names_in(P, 0, 70),
         "There was no dog", "There was a dog"),
        ("people", G, 66, "nobody's in the shot right now, right?", not people_now(G, 66),
         "Nobody is there", "Someone is there"),
        ("category", M, 104, "There were no animals in the clip, right?", not kind_in(M, 0, 104, "animal"),
         "No animals", "There was an animal"),
    ):  # fmt: skip
        q.pick(v, t, form, text, yes if truth else no, [no if truth else yes])
    q.when(P, 96, "category", "When did we first see an animal?", lambda p: "chelsea" in p, "first")
    q.when(G, 94, "category", "When was there something to drink?", lambda p: "coffee" in p, "only")

    recs = q.records
    assert {r["form"] for r in recs} == set(CASUAL_FORMS)
    assert all(len(r["candidates"]) >= 2 for r in recs)
    return recs


def write_casual_suite(folder: Path) -> tuple[Path, Path]:
    """Write the batch's videos and ``casual.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, CASUAL_VIDEOS, casual_suite(), "casual")
