"""A second held-out question set: four new videos of shots, asked about in every held-out form.

The videos are schedules of sample pictures (one picture, or several side by side, still or with a
ball or square sliding across), 80-124 s long at 640x360 (one at 448x224). The questions were written
from those schedules alone, without looking at how any question reader works, the way people type to
a live-camera or long-video assistant (casual, terse, polite; tenses, synonyms, windows in seconds and
in m:ss, ordinals, which-of-two, counts, categories, people, motion and cuts). Truths are computed
from the schedule here and checked as the records are built (ask times at least 2 s from a shot
boundary, window edges at least 3 s from one).

The set is frozen: a question or answer changes only to fix a ground-truth error shown from the
schedule. Records are OVBench lmms-eval rows (as benchmarks/sets/grounding.py) with a ``form`` key.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.sets.grounding import PEOPLE, Questions, Shot, ShotVideo, write_shot_suite
from benchmarks.sets.heldout import CODES, HELDOUT_FORMS

SECOND_FORMS = tuple(HELDOUT_FORMS)

# name, size, mover: the shots ("picture+picture start-end", "moving" when something slides across)
_SCHEDULES = """
yard_walk 640x360 ball: coffee 0-16, chelsea 16-30, chelsea 30-44 moving, grace_hopper 44-62,
  rocket+china 62-80, coffee 80-96 moving, stereo_motorcycle 96-112
gallery 640x360 square: china 0-20, astronaut+camera 20-36, flower 36-50, flower 50-62 moving,
  coins 62-78, grace_hopper+astronaut 78-96, chelsea 96-110 moving, china 110-124
garage 640x360 ball: stereo_motorcycle 0-20 moving, rocket 20-34, coffee+chelsea 34-52, camera 52-66,
  camera 66-78 moving, rocket 78-88, stereo_motorcycle 88-100
waiting_room 448x224 square: flower 0-14, grace_hopper+astronaut+camera 14-30, chelsea 30-42,
  coffee 42-56 moving, coins 56-68, chelsea 68-80
"""


def _video(entry: str) -> ShotVideo:
    head, _, schedule = entry.partition(":")
    name, size, mover = head.split()
    shots = []
    for part in schedule.split(","):
        images, span, *moving = part.split()
        a, b = span.split("-")
        shots.append(Shot(tuple(images.split("+")), float(a), float(b), moving == ["moving"]))
    w, h = size.split("x")
    return ShotVideo(name, tuple(shots), size=(int(w), int(h)), mover=mover)


SECOND_VIDEOS = tuple(_video(e) for e in _SCHEDULES.strip().replace("\n  ", " ").splitlines())

# what each picture shows, as people say it
NAME = dict(
    p.split("=")
    for p in "grace_hopper=a woman;astronaut=a woman;camera=a man with a camera;chelsea=a cat;"
    "coffee=a cup of coffee;rocket=a rocket;stereo_motorcycle=a motorbike;china=a temple;flower=flowers;"
    "coins=coins".split(";")
)
PLURAL = {"flowers", "coins"}
PERSON_NAMES = {NAME[p] for p in PEOPLE}
# names that a picture might be read as showing besides its own (never used as a false answer there)
CONFUSE = {"astronaut": {"a rocket"}, "china": {"flowers"}}
NEVER = ("a dog", "a horse", "a guitar", "a banana", "a pizza", "a laptop", "an umbrella", "a teddy bear")
# category -> (plural noun, pictures clearly in it, pictures a reader might argue are in it)
CATS = {
    "an animal": ("animals", {"chelsea"}, set(PEOPLE)),
    "a drink": ("drinks", {"coffee"}, set()),
    "a vehicle": ("vehicles", {"stereo_motorcycle"}, {"rocket", "astronaut"}),
    "a building": ("buildings", {"china"}, {"camera", "rocket", "stereo_motorcycle"}),
    "a plant": ("plants", {"flower"}, {"china", "camera"}),
    "money": ("money", {"coins"}, set()),
}
MOVER = {"ball": "a yellow ball", "square": "a red square"}


def _clock(x: float) -> str:
    return f"{int(x) // 60}:{int(x) % 60:02d}"


def _span(a: float, b: float, style: int) -> str:
    return f"{a:g}–{b:g} s" if style % 2 == 0 else f"{_clock(a)}–{_clock(b)}"


def _at(x: float, style: int) -> str:
    return f"at {x:g} s" if style % 2 == 0 else f"at {_clock(x)}"


def _gate(video: ShotVideo, t: float) -> None:
    """An ask time: inside the video and at least 2 s from every shot boundary."""
    assert 0 < t <= video.duration and all(abs(t - s.start) >= 2 for s in video.shots[1:]), (video.name, t)


def _edge(video: ShotVideo, x: float) -> None:
    """A window edge: the start, or at least 3 s from every shot boundary."""
    assert x == 0 or all(abs(x - s.start) >= 3 for s in video.shots[1:]), (video.name, x)


def _runs(video: ShotVideo, t: float) -> list[tuple[tuple[str, ...], float, float]]:
    """Stretches of one picture (a still shot and a moving one of the same picture merge), up to ``t``."""
    out: list[tuple[tuple[str, ...], float, float]] = []
    for s in (s for s in video.shots if s.start < t):
        if out and out[-1][0] == s.images:
            out[-1] = (s.images, out[-1][1], min(s.end, t))
        else:
            out.append((s.images, s.start, min(s.end, t)))
    return out


def _within(video: ShotVideo, a: float, b: float) -> set[str]:
    return {img for s in video.shots if s.start < b and s.end > a for img in s.images}


def _names(images) -> set[str]:
    return {NAME[i] for i in images}


def _blocked(images) -> set[str]:
    """Names never used as a false option about ``images``: theirs, what they might be read as, and
    every person when a person is among them."""
    out = _names(images) | {n for i in images for n in CONFUSE.get(i, ())}
    return out | PERSON_NAMES if any(i in PEOPLE for i in images) else out


def _describe(images) -> str:
    names = [NAME[i] for i in images]
    women = names.count("a woman")
    parts = (["two women"] if women == 2 else ["a woman"] * women) + [n for n in names if n != "a woman"]
    return " and ".join(parts)


def _others(images, k: int) -> list[str]:
    pool = [n for n in dict.fromkeys([*NAME.values(), *NEVER]) if n not in _blocked(images)]
    k %= len(pool)
    return (pool[k:] + pool[:k])[:3]


def _rot(items: list, k: int) -> list:
    k %= max(len(items), 1)
    return items[k:] + items[:k]


def _fill(template: str, name: str | None = None, **kw) -> str:
    if name is not None:
        pl, the = name in PLURAL, "the " + name.removeprefix("a ")
        kw.update(a=name, the=the, The=the.capitalize(), Is="Are" if pl else "Is", is_="are" if pl else "is")
        kw.update(was="were" if pl else "was", Has="Have" if pl else "Has")
    return template.format(**kw)


# wordings: "key: wording | wording", several lines may add to one key
_WORDINGS = """
now: What's on screen right now? | hey, what am I looking at? | quick one: what do you see at the moment?
now: What is the camera showing now? | Could you tell me what's in view currently?
now: which of these is in the shot right now? | what's in front of the camera at this moment?
now_yn: {Is} there {a} on screen right now? | do you see {a} at the moment? | hey, {is_} {a} in view?
now_yn: {Is} {a} visible currently? | quick check: {a} in the picture now?
now_yn: is the camera showing {a} right now?
still: Can you still see {the}? | {is_} {the} from a moment ago still on screen?
past: Have you seen {a} so far? | did {a} show up at any point? | {Has} {a} appeared since the start?
past: any sign of {a} yet? | quick question, {was} {a} on screen at some point?
past: Has the stream shown {a} up to now?
past_win: In the first {n} seconds, {was} there {a}?
when.span: When did {the} appear? | at what point {was} {the} on screen? | hey, when {was} {the} showing?
when.span: Roughly when did you see {the}? | when could I see {the}?
when.first: When did {the} first show up? | what time did {the} come on?
when.last: When {was} {the} last on screen? | when did we see {the} most recently?
order.first: What was the first thing you saw? | what did you see first?
order.which: Which came first, {x} or {y}? | which showed up earlier: {x} or {y}?
order.before: What was on right before {the}?
order.after: what came just after {the}?
order.second: What was the second thing shown?
order.ba: Did {the} come before or after {y}?
window.start: What was on at the very start? | what did the video open with?
window.start: What was on screen at the beginning?
window.win: What was shown between {a} and {b} seconds? | Between {ma} and {mb}, what was on?
window.win: what did you see from {a} to {b} s?
window.around: What was showing around the {ma} mark?
window.last: What was on screen during the last {n} seconds? | what's been showing for the past {n} seconds?
count: How many times has {the} shown up so far? | how often did you see {the}?
count: Count for me: how many separate times {was} {the} on screen? | {The}: how many appearances so far?
count: quick one, how many times did {a} come up?
count_win: In the first {n} seconds, how many times did {the} appear?
summary: Can you summarize what's happened so far? | what have I missed? give me the rundown
summary: Recap the stream up to now, please. | tl;dr of the video so far?
summary: Describe what was shown since the start, in order.
summary_win: hey, sum up the last {n} seconds | what happened in the past {n} seconds?
people.now: Anyone there? | Is there a person in view right now? | is somebody on camera at the moment?
people.now: hey, can you see anyone right now?
people.sofar: has anyone shown up so far? | Has a person appeared since the start?
people.when: When did someone show up? | when was a person first on screen?
people.win: Was anyone on screen in the last {n} seconds? | anyone in view in the past {n} s?
people.at: Was anyone on screen at {m}?
pcount: How many people are in view? | how many people can you see right now?
pcount: Count the people on screen, please. | hey, how many folks are in the shot?
pcount: Number of people visible at the moment?
pcount_at: How many people were on screen at {m}?
motion.now: Is anything moving right now? | is something moving on screen? | hey, any movement at the moment?
motion.still: Is the picture still right now, or is something moving?
motion.sofar: Has anything moved since the start?
motion.when: When was there movement?
motion.first: When was the first movement?
motion.recent: when did something move most recently?
motion.win: Did anything move in the last {n} seconds? | any motion in the past {n} s?
motion.what: What moved across the screen?
scene.one: When did the shot change?
scene.count: how many cuts so far? | How many times has the scene changed since the start?
scene.last: When was the most recent cut?
scene.first: when did the scene first change?
scene.win: Has the scene changed in the last {n} seconds?
scene.between: how many scene changes between {ma} and {mb}?
scene.at: Was there a scene change at {m}?
category.sofar: any {noun} so far? | Have you seen {a} yet? | {a}? anything like that so far?
category.sofar: was there {a} at any point since the start?
category.now: Is there {a} on screen now? | see {a} right now?
category.kind: What kind of thing is on screen now?
category.when: When did we see {a}?
"""
WORDINGS: dict[str, tuple[str, ...]] = {}
for _line in _WORDINGS.strip().splitlines():
    _key, _, _text = _line.partition(": ")
    WORDINGS[_key] = WORDINGS.get(_key, ()) + tuple(w.strip() for w in _text.split(" | "))
# questions by form: "video-number ask-time fields...; ..." (the fields are each form's, read below)
_TABLES = """
now: 1 8; 1 37; 1 71; 1 104; 2 10; 2 28; 2 70; 2 117; 3 10; 3 43; 3 60; 4 7; 4 22; 4 62
now yes/no: 1 8 chelsea 0; 1 25 chelsea 0; 1 53 grace_hopper 0; 1 71 china 0; 1 88 chelsea 1;
 1 104 stereo_motorcycle 0; 2 10 coffee 0; 2 45 flower 0; 2 70 chelsea 0; 2 87 astronaut 0; 2 103 chelsea 0;
 3 27 rocket 0; 3 43 stereo_motorcycle 1; 3 94 rocket 1; 4 50 chelsea 1
past yes/no: 1 40 coffee 0; 1 40 stereo_motorcycle 0; 1 75 grace_hopper 0; 1 112 dog 0; 1 112 rocket 0;
 1 112 chelsea 50; 2 30 chelsea 0; 2 70 flower 0; 2 124 stereo_motorcycle 0; 2 124 coins 0;
 2 124 chelsea 45; 3 30 chelsea 0; 3 60 chelsea 0; 3 100 china 0; 4 80 stereo_motorcycle 0
when: 1 112 chelsea span; 1 112 rocket span; 1 112 stereo_motorcycle first; 1 112 coffee last;
 2 124 flower span; 2 124 coins span; 2 124 chelsea span; 2 124 china last; 3 100 chelsea span;
 3 100 camera span; 3 100 rocket first; 3 100 stereo_motorcycle last; 4 80 flower span;
 4 80 coffee span; 4 80 chelsea first
order: 1 112 first - -; 1 112 which stereo_motorcycle chelsea; 1 112 before rocket -; 1 112 second - -;
 2 124 which coins flower; 2 124 after flower -; 2 124 before coins -; 2 124 ba chelsea coins;
 3 100 after chelsea -; 3 100 which camera chelsea; 3 100 ba coffee camera; 4 80 second - -;
 4 80 after coffee -; 4 80 which coins coffee
beginning/window: 1 112 start 0 0; 1 112 win 20 40; 1 112 win 65 75; 1 112 last 100 112;
 2 124 start 0 0; 2 124 win 40 58; 2 124 around 70 70; 2 124 win 82 93; 3 100 start 0 0;
 3 100 win 38 48; 3 100 around 60 60; 3 100 last 92 100; 4 80 start 0 0; 4 80 win 45 53;
 4 80 last 71 80
count: 1 112 coffee 0; 1 50 coffee 0; 1 112 chelsea 0; 1 112 coffee 70; 2 124 china 0; 2 100 china 0;
 2 124 flower 0; 2 124 coins 0; 3 100 rocket 0; 3 100 stereo_motorcycle 0; 3 60 stereo_motorcycle 0;
 3 100 chelsea 0; 4 80 chelsea 0; 4 62 chelsea 0; 4 80 coffee 0
summary: 1 40 0; 1 75 0; 1 112 0; 1 112 28; 2 30 0; 2 70 0; 2 124 0; 2 124 40; 3 45 0; 3 100 0;
 3 100 30; 4 36 0; 4 80 0; 4 62 17
people: 1 8 now 0; 1 53 now 0; 1 70 sofar 0; 1 70 win 15; 1 112 when 0; 2 28 now 0; 2 124 at 65;
 2 124 when 0; 2 70 win 15; 3 45 sofar 0; 3 70 now 0; 3 100 when 0; 4 22 now 0; 4 80 at 35
people count: 1 53 0; 1 71 0; 1 112 50; 2 28 0; 2 87 0; 2 45 0; 2 117 0; 2 124 85; 3 60 0; 3 43 0;
 3 72 0; 4 22 0; 4 8 0; 4 62 20
motion: 1 37 now 0; 1 88 still 0; 1 55 win 15; 1 112 first 0; 1 112 recent 0; 1 40 what 0;
 2 30 sofar 0; 2 80 when 0; 2 70 win 12; 2 104 what 0; 3 10 sofar 0; 3 27 now 0; 3 94 win 10;
 4 50 now 0; 4 80 when 0
scene change: 1 53 count 0 0; 1 112 count 0 0; 1 37 one 0 0; 1 88 win 12 0; 1 112 at 30 0;
 2 124 first 0 0; 2 104 last 0 0; 2 124 between 40 100; 2 58 win 5 0; 3 72 count 0 0; 3 27 one 0 0;
 3 84 win 10 0; 3 100 at 52 0; 4 80 count 0 0; 4 62 last 0 0
category: 1 10 sofar an_animal; 1 88 now a_drink; 1 112 sofar a_vehicle; 1 50 sofar a_building;
 1 25 kind -; 1 112 when an_animal; 2 10 now a_building; 2 55 now a_plant; 2 45 sofar money;
 2 124 when money; 2 124 sofar a_drink; 3 30 sofar a_drink; 3 45 sofar an_animal; 3 95 kind -;
 4 7 now a_plant
"""


def _table(form: str) -> list[tuple]:
    """The rows of ``form``'s table: (video, ask time, fields...), numbers as ints, "a_drink" as "a drink",
    "-" as ""."""
    text = _TABLES.replace("\n ", " ").split(f"\n{form}: ")[1].split("\n")[0]
    out = []
    for row in text.split(";"):
        n, t, *fields = row.split()
        fields = [int(f) if f.isdigit() else "" if f == "-" else f for f in fields]
        fields = [f.replace("_", " ") if str(f).startswith(("a_", "an_")) else f for f in fields]
        out.append((SECOND_VIDEOS[int(n) - 1], int(t), *fields))
    return out


def _w(key: str, i: int) -> str:
    return WORDINGS[key][i % len(WORDINGS[key])]


def second_heldout() -> list[dict]:
    """Every question of the second held-out set, in the lmms-eval row shape with ``form``."""
    q = Questions(CODES)
    wordings: dict[str, set[str]] = {}

    def mc(v, t, form, template, question, truth, wrong) -> None:
        _gate(v, t)
        wrong = [w for w in dict.fromkeys(wrong) if w != truth][:3]
        assert wrong, question
        i = len(q.records) % (len(wrong) + 1)
        q.add(v, t, form, question, [*wrong[:i], truth, *wrong[i:]], truth)
        wordings.setdefault(form, set()).add(template)

    def yn(v, t, form, template, question, truth) -> None:
        _gate(v, t)
        q.yn(v, t, form, question, truth)
        wordings.setdefault(form, set()).add(template)

    def spans(runs, i) -> list[str]:
        return _rot([_span(a, b, i) for _, a, b in runs], i)

    for i, (v, t) in enumerate(_table("now")):
        imgs, tpl = v.at(t).images, _w("now", i)
        mc(v, t, "now", tpl, tpl, NAME[imgs[i % len(imgs)]], _others(imgs, i))

    # "still": something shown before the current shot
    for i, (v, t, key, still) in enumerate(_table("now yes/no")):
        name, shot = NAME.get(key, f"a {key}"), v.at(t)
        truth = name in _names(shot.images)
        assert truth or name not in _blocked(shot.images), (v.name, t, name)
        assert not still or any(name in _names(s.images) for s in v.shots if s.end <= shot.start)
        tpl = _w("still" if still else "now_yn", i)
        yn(v, t, "now yes/no", tpl, _fill(tpl, name), truth)

    # n: only the first n seconds
    for i, (v, t, key, n) in enumerate(_table("past yes/no")):
        name, seen = NAME.get(key, f"a {key}"), _within(v, 0, n or t)
        _edge(v, n)
        truth = name in _names(seen)
        assert truth or name not in _blocked(seen) - PERSON_NAMES, (v.name, t, name)
        tpl = _w("past_win" if n else "past", i)
        yn(v, t, "past yes/no", tpl, _fill(tpl, name, n=n), truth)

    # the one stretch of a picture, its first start, or its last stretch
    for i, (v, t, img, kind) in enumerate(_table("when")):
        runs = _runs(v, t)
        mine, rest = [r for r in runs if img in r[0]], [r for r in runs if img not in r[0]]
        assert kind != "span" or (len(mine) == 1 and mine[0][2] <= t), (v.name, img)
        tpl = _w(f"when.{kind}", i)
        question = _fill(tpl, NAME[img])
        if kind == "first":
            wrong = _rot([_at(a, i) for _, a, _ in rest], i)
            mc(v, t, "when", tpl, question, _at(mine[0][1], i), wrong)
        else:
            mc(v, t, "when", tpl, question, _span(*mine[-1][1:], i), spans(rest, i))

    for i, (v, t, kind, x, y) in enumerate(_table("order")):
        runs = _runs(v, t)
        first = {img: next(a for imgs, a, _ in runs if img in imgs) for r in runs for img in r[0]}
        tpl = _w(f"order.{kind}", i)
        if kind == "which":
            pair = [_fill("{the}", NAME[x]), _fill("{the}", NAME[y])]
            truth = pair[0] if first[x] < first[y] else pair[1]
            mc(v, t, "order", tpl, _fill(tpl, x=pair[0], y=pair[1]), truth, pair)
        elif kind == "ba":
            truth = "Before" if first[x] < first[y] else "After"
            question = _fill(tpl, NAME[x], y=_fill("{the}", NAME[y]))
            mc(v, t, "order", tpl, question, truth, ["Before", "After"])
        else:
            if kind in ("before", "after"):
                (j,) = [j for j, r in enumerate(runs) if x in r[0]]
                target = runs[j - 1 if kind == "before" else j + 1]
            else:
                target = runs[0 if kind == "first" else 1]
            avoid = _blocked(target[0]) | ({NAME[x]} if x else set())
            wrong = _rot([_describe(r[0]) for r in runs if not (_names(r[0]) & avoid)], i)
            question = _fill(tpl, NAME[x]) if x else tpl
            mc(v, t, "order", tpl, question, _describe(target[0]), [*wrong[:2], NEVER[i % len(NEVER)]])

    for i, (v, t, kind, a, b) in enumerate(_table("beginning/window")):
        imgs = v.shots[0].images
        if kind != "start":
            _edge(v, a)
            _edge(v, b if b < v.duration else 0)
            shots = [s for s in v.shots if s.start < max(b, a + 0.5) and s.end > a]
            assert len({s.images for s in shots}) == 1 and (kind != "last" or b == t), (v.name, a, b)
            imgs = shots[0].images
        tpl = _w(f"window.{kind}", i)
        question = _fill(tpl, a=a, b=b, ma=_clock(a), mb=_clock(b), n=b - a)
        mc(v, t, "beginning/window", tpl, question, NAME[imgs[i % len(imgs)]], _others(imgs, i + 3))

    # separate stretches of a picture (a moving shot after a still one of it is the same stretch)
    times = ("once", "twice", "three times", "four times")
    for i, (v, t, img, n) in enumerate(_table("count")):
        _edge(v, n)
        truth = sum(img in imgs for imgs, _, _ in _runs(v, n or t))
        opts = [times[m] if i % 3 == 2 else str(m + 1) for m in range(4)]
        tpl = _w("count_win" if n else "count", i)
        mc(v, t, "count", tpl, _fill(tpl, NAME[img], n=n), opts[truth - 1], _rot(opts, i))

    # the stretches since the start (or in the last n seconds), in order
    for i, (v, t, n) in enumerate(_table("summary")):
        _edge(v, t - n if n else 0)
        items = [_describe(imgs) for imgs, _, b in _runs(v, t) if b > t - (n or t)]
        assert len(items) >= 2
        wrong = [", then ".join(items[::-1])]
        for j, never in ((i, NEVER[i % 8]), (i + 1, NEVER[(i + 3) % 8])):
            wrong.append(", then ".join(never if k == j % len(items) else x for k, x in enumerate(items)))
        tpl = _w("summary_win" if n else "summary", i)
        mc(v, t, "summary", tpl, _fill(tpl, n=n), ", then ".join(items), wrong)

    for i, (v, t, kind, x) in enumerate(_table("people")):
        tpl = _w(f"people.{kind}", i)
        question = _fill(tpl, n=x, m=_clock(x))
        if kind == "when":
            runs = _runs(v, t)
            who = [r for r in runs if any(img in PEOPLE for img in r[0])]
            rest = [r for r in runs if r not in who]
            mc(v, t, "people", tpl, question, _span(*who[0][1:], i), spans(rest, i))
            continue
        _edge(v, x if kind == "at" else t - x if x else 0)
        if kind in ("at", "now"):
            truth = v.people(x if kind == "at" else t) > 0
        else:
            truth = any(img in PEOPLE for img in _within(v, t - x if x else 0, t))
        yn(v, t, "people", tpl, question, truth)

    for i, (v, t, x) in enumerate(_table("people count")):
        _edge(v, x)
        opts = [("none", "one", "two", "three")[m] if i % 2 else str(m) for m in range(4)]
        tpl = _w("pcount_at" if x else "pcount", i)
        mc(v, t, "people count", tpl, _fill(tpl, m=_clock(x)), opts[v.people(x or t)], _rot(opts, i))

    # moving shots are the ones with moving=True
    for i, (v, t, kind, n) in enumerate(_table("motion")):
        tpl = _w(f"motion.{kind}", i)
        question = _fill(tpl, n=n)
        past = [s for s in v.shots if s.start < t]
        moved = [s for s in past if s.moving]
        if kind in ("when", "first", "recent"):
            assert kind != "when" or len(moved) == 1
            s = moved[-1] if kind == "recent" else moved[0]
            assert s.end <= t
            rest = [(x.images, x.start, x.end) for x in past if not x.moving]
            mc(v, t, "motion", tpl, question, _span(s.start, s.end, i), spans(rest, i))
        elif kind == "what":
            assert v.at(t).moving
            mc(v, t, "motion", tpl, question, MOVER[v.mover], [*MOVER.values(), "nothing moved"])
        elif kind == "still":
            opts = ["It's still", "Something is moving"]
            mc(v, t, "motion", tpl, question, opts[v.at(t).moving], opts)
        elif kind == "now":
            yn(v, t, "motion", tpl, question, v.at(t).moving)
        else:
            _edge(v, t - n if n else 0)
            yn(v, t, "motion", tpl, question, any(s.end > t - (n or t) for s in moved))

    # a cut is where the pictures change (ShotVideo.cuts)
    for i, (v, t, kind, a, b) in enumerate(_table("scene change")):
        tpl = _w(f"scene.{kind}", i)
        question = _fill(tpl, n=a, m=_clock(a), ma=_clock(a), mb=_clock(b))
        cuts = [c for c in v.cuts if c < t]
        if kind in ("count", "between"):
            _edge(v, a)
            _edge(v, b)
            truth = len([c for c in cuts if kind == "count" or a < c < b])
            opts = [str(m) for m in dict.fromkeys([truth, truth + 1, max(truth - 1, 0), truth + 2])]
            mc(v, t, "scene change", tpl, question, str(truth), opts)
        elif kind in ("one", "first", "last"):
            assert kind != "one" or len(cuts) == 1
            truth = cuts[-1] if kind == "last" else cuts[0]
            wrong = [s.start for s in v.shots if 0 < s.start < t and s.start != truth]
            wrong += [x for x in (truth + 7, truth - 7, truth - 12) if 0 < x < t - 2 and x not in wrong]
            mc(v, t, "scene change", tpl, question, _at(truth, i), [_at(x, i) for x in _rot(wrong, i)])
        elif kind == "at":
            assert a in [s.start for s in v.shots]
            yn(v, t, "scene change", tpl, question, a in v.cuts)
        else:
            _edge(v, t - a)
            yn(v, t, "scene change", tpl, question, any(t - a < c <= t for c in cuts))

    # yes when a picture clearly in it was shown; no only when none that might be was
    for i, (v, t, kind, cat) in enumerate(_table("category")):
        tpl = _w(f"category.{kind}", i)
        if kind == "kind":
            imgs = set(v.at(t).images)
            (truth,) = [c for c, (_, yes, _) in CATS.items() if imgs & yes]
            wrong = [c for c, (_, yes, maybe) in CATS.items() if not imgs & (yes | maybe)]
            mc(v, t, "category", tpl, tpl, truth, _rot(wrong, i))
            continue
        noun, yes, maybe = CATS[cat]
        question = _fill(tpl, a=cat, noun=noun)
        if kind == "when":
            runs = _runs(v, t)
            (hit,) = [r for r in runs if set(r[0]) & yes]
            rest = [r for r in runs if not set(r[0]) & (yes | maybe)]
            mc(v, t, "category", tpl, question, _span(*hit[1:], i), spans(rest, i))
            continue
        shown = set(v.at(t).images) if kind == "now" else _within(v, 0, t)
        truth = bool(shown & yes)
        assert truth or not shown & maybe, (v.name, t, cat)
        yn(v, t, "category", tpl, question, truth)

    counts = {form: sum(r["form"] == form for r in q.records) for form in SECOND_FORMS}
    assert set(counts) == {r["form"] for r in q.records}, counts
    assert all(n >= 8 and len(wordings[f]) >= 5 for f, n in counts.items()), (counts, wordings)
    return q.records


def write_second_heldout(folder: Path) -> tuple[Path, Path]:
    """Write the videos and ``second_heldout.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, SECOND_VIDEOS, second_heldout(), "second_heldout")
