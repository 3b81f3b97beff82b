"""A development batch of tour and vlog questions: someone filming a walk-through asks about what they filmed.

Three videos of shots (a picture alone or two side by side; some with a ball or a red square sliding
across; pictures coming back later): a museum tour at 854x480, a travel vlog at 640x360 and a desk vlog
of single 224x224 pictures (a temple, a horse silhouette, a rocket, the astronaut, a flower, the navy
officer, a cup of coffee, a cat, a motorbike). Questions cover every form (categories, what is on now,
is or was a thing there, when, order, how many times, what was on in a stretch of time, a recap,
people, movement, shot changes, what never showed up), each worded the way a user of a video-QA tool
types: formal, casual, terse, two sentences, some typos. They were written from the schedule alone,
without running any answerer.

Every truth is computed from the schedule (people from ``ShotVideo.people``, movement from
``moving=True``, shot changes from ``ShotVideo.cuts``, categories from :data:`CATEGORY`); ask times sit
2 s or more from any shot boundary, window edges 3 s or more (or at 0). A wrong option is never in view
during the asked time, nor something a picture could pass for (:data:`BLOCK`: the astronaut's shuttle
model for a rocket, her flight suit for a uniform, the horse silhouette for a dog); the coffee's saucer
and spoon, the temple's trees, water and boat, the garage's shelves and the flags are never options. A
category is asked only where no picture in the asked time might pass for one (the rocket, the shuttle
and the temple's boat for a vehicle; the launch towers and the garage for a building; the temple's
trees for a plant) unless a picture surely shows one. "Put in order" and "right before/after X" ask
about things shown once so far; "when did the view change" never offers the start of a movement.
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

TOUR_FORMS = (
    *("category", "now", "now yes/no", "past yes/no", "when", "order", "count"),
    *("window", "summary", "people", "motion", "scene change", "never"),
)
_CODES = {**FORM_CODES, **PEOPLE_FORM_CODES, "summary": "PastMemory-4", "window": "PastMemory-3"}
_CODES["never"] = "PastMemory-6"
TOUR_CODES = {form: _CODES[form] for form in TOUR_FORMS}

MOTO = "stereo_motorcycle"


def shots(spec: str) -> tuple[Shot, ...]:
    """``"china 0-14, horse+rocket 14-28, astronaut~ 40-50"``: the pictures of each shot (``+`` side by
    side, ``~`` with something sliding across) and its seconds, back to back from 0."""
    out: list[Shot] = []
    for part in spec.split(", "):
        pics, secs = part.split()
        a, b = map(int, secs.split("-"))
        assert a == (out[-1].end if out else 0), part
        out.append(Shot(tuple(pics.rstrip("~").split("+")), a, b, moving=pics.endswith("~")))
    return tuple(out)


MUSEUM = "china 0-14, horse+rocket 14-28, astronaut 28-40, astronaut~ 40-50, flower 50-62, "
MUSEUM += "grace_hopper+china 62-76, rocket~ 76-88, horse 88-100, grace_hopper+flower 100-112"
TRAVEL = f"china 0-12, china~ 12-22, {MOTO} 22-36, grace_hopper+coffee 36-50, horse~ 50-62, chelsea 62-74, "
TRAVEL += f"{MOTO}+china 74-88, chelsea+coffee~ 88-100, flower 100-110"
DESK = "coffee 0-14, coffee~ 14-24, chelsea 24-36, flower 36-48, grace_hopper 48-60, coffee 60-72, "
DESK += "chelsea~ 72-82, astronaut 82-92, coffee 92-104"
TOUR_VIDEOS = (
    ShotVideo("tour_museum", shots(MUSEUM), size=(854, 480), mover="ball"),
    ShotVideo("tour_travel", shots(TRAVEL), size=(640, 360), mover="square"),
    ShotVideo("tour_desk", shots(DESK), size=(224, 224), mover="square"),  # single pictures only
)
V = dict(zip("ABC", TOUR_VIDEOS, strict=True))

# each picture as the options name it; the never-shown things come last
NAMES = {"china": "a temple", "horse": "a horse", "rocket": "a rocket", "astronaut": "an astronaut"}
NAMES |= {"flower": "a flower", "grace_hopper": "a woman in uniform", "coffee": "a cup of coffee"}
NAMES |= {"chelsea": "a cat", MOTO: "a motorbike"}
PICTURES = tuple(NAMES)
NEVER = ("dog", "guitar", "pizza", "teddy bear", "umbrella", "laptop", "banana")
NAMES |= {k: ("an " if k[0] in "aeiou" else "a ") + k for k in NEVER}
BLOCK = {k: {k} for k in NAMES}  # no wrong option while any of these is in view
BLOCK["rocket"] |= {"astronaut"}  # the shuttle model beside her
BLOCK["grace_hopper"] |= {"astronaut"}  # her flight suit could pass for a uniform
BLOCK["dog"] |= {"horse"}  # a black silhouette of a four-legged animal
# category -> (pictures that surely show one, pictures that might pass for one)
CATEGORY = {"animal": ({"chelsea", "horse"}, set()), "vehicle": ({MOTO}, {"rocket", "astronaut", "china"})}
CATEGORY |= {"drink": ({"coffee"}, set()), "building": ({"china"}, {"rocket", MOTO})}
CATEGORY["plant"] = ({"flower"}, {"china"})
CAT_A = {"animal": "an animal", "vehicle": "a vehicle", "drink": "food or drink"}
CAT_A |= {"building": "a building", "plant": "a plant"}
STRANGERS = ("a child", "a man in a suit", "a chef")
NOBODY, NONE = "nobody", "none of these"
MOVER = {"ball": "a ball rolling across", "square": "a red square sliding across"}

# form | video and ask time | kind | argument (comma-separated; "-" for none) | question; the kinds are
# read in :func:`tour_suite`
QUESTIONS = """
# --- the museum (MUSEUM above)
category | A 20 | cat ever | animal | was there any animal?
category | A 70 | cat which | - | What kind of thing is on screen now?
category | A 46 | cat ever | building | any building in the video?
category | A 104 | cat in | animal, 53, 73 | Was there an animal between 0:53 and 1:13?
category | A 92 | cat which | animal, vehicle, drink, building | Which kind of thing is on screen now: an animal, a vehicle, food or a building?
now | A 12 | what | - | What are we looking at?
now | A 20 | what | - | what's in this room
now | A 66 | which | china | Which of these exhibits is in view right now?
now | A 94 | what | - | What's this exhibit?
now yes/no | A 24 | is | horse | Is that a horse?
now yes/no | A 34 | is | chelsea | is there a cat in this room?
now yes/no | A 80 | is | rocket | Is the rocket on screen right now?
now yes/no | A 106 | is | flower | is there a flower in frame rn
past yes/no | A 108 | back | grace_hopper | Did the navy officer come back later?
past yes/no | A 108 | ever | chelsea | Did we see a cat anywhere in the museum?
past yes/no | A 60 | back | horse | Has the horse come back since we first saw it?
past yes/no | A 30 | ever | china | did we already see the temple?
when | A 48 | first seen | astronaut | When did the astronaut appear?
when | A 110 | span | astronaut | When was the astronaut exhibit shown?
when | A 96 | first seen | rocket | when did we first see teh rocket?
when | A 58 | person first | - | At what time did a person first come into view?
order | A 110 | first | - | What did the tour start with?
order | A 110 | first of | horse, flower | Which came first, the horse or the flower?
order | A 60 | list | flower, china, astronaut | Put these in order: the flower, the temple, the astronaut.
count | A 110 | times | horse | How many times did the horse appear?
count | A 110 | distinct | - | how many different exhibits did we see?
count | A 110 | times | china | How many times did the temple come up?
window | A 70 | at | 33 | Could you tell me what was displayed at 0:33?
window | A 96 | between | 17, 33 | What did we see from 0:17 to 0:33?
window | A 104 | has in | rocket, 65, 73 | was the rocket on between 1:05 and 1:13?
summary | A 56 | summary | 0, - | Quick recap of the tour so far?
summary | A 110 | summary | 65, - | what happened since 1:05?
people | A 34 | here | - | is there a person in this shot?
people | A 56 | here | - | Anybody on screen now?
people | A 70 | who | - | Who is that?
people | A 92 | visits | - | How many times did someone show up so far?
motion | A 44 | moving | - | is something moving?
motion | A 58 | moved | 53 | Has anything moved since 0:53?
motion | A 110 | motion span | last | When did something last slide across?
motion | A 84 | moved while | china | Did anything move while the temple was on screen?
scene change | A 110 | cuts | 0 | How many times did the shot change?
scene change | A 86 | cut since | 80 | I looked away at 1:20. Did the picture change since then?
scene change | A 96 | last cut | - | When did the view last change?
never | A 110 | never | teddy bear | Which of these never appeared?
never | A 48 | never | flower | which of these hasn't shown up yet?
never | A 26 | never | all | Which of these haven't we seen?
# --- the travel vlog (TRAVEL above)
category | B 106 | cat ever | vehicle | did we see a vehicle?
category | B 104 | cat first | drink | when did a drink appear?
now | B 46 | what | - | What's in the shot right now?
now | B 80 | what | - | wat am i looking at
now | B 58 | which | guitar, rocket, teddy bear | Which of these is in the shot?
now yes/no | B 8 | is | china | Is that a temple?
now yes/no | B 26 | is | stereo_motorcycle | is that a motorbike
now yes/no | B 70 | is | coffee | Is there any coffee in shot right now?
past yes/no | B 40 | ever | chelsea | Have we seen a cat yet?
past yes/no | B 96 | back | stereo_motorcycle | Did the motorbike show up again?
past yes/no | B 80 | ever | flower | any flowers so far?
when | B 108 | span | grace_hopper | When was the woman in uniform on?
when | B 70 | first seen | chelsea | when did the cat show up?
when | B 92 | first seen | coffee | At what time did the coffee first appear?
when | B 104 | person first | - | when did a person first appear in the vlog?
order | B 108 | last | - | what's the last thing the vlog showed?
order | B 72 | before | chelsea | What came right before the cat?
order | B 96 | first of | chelsea, stereo_motorcycle | Out of the cat and the motorbike, which came first?
order | B 108 | list | horse, flower, grace_hopper | put these in order: the horse, the flower, the woman in uniform
count | B 108 | times | chelsea | how many times did the cat appear?
count | B 108 | times | coffee | How many times was there coffee on screen?
count | B 108 | distinct | - | How many different things did the vlog show?
window | B 90 | between | 25, 45 | what was shown between 0:25 and 0:45?
window | B 108 | at | 80 | What was on at 1:20?
window | B 60 | has in | coffee, 39, 47 | Was there coffee between 0:39 and 0:47?
summary | B 60 | summary | 0, - | I just joined. What have I missed?
summary | B 108 | summary | 68, - | what happened in the last 40 seconds?
summary | B 96 | summary | 25, 59 | Summarize what was shown between 0:25 and 0:59.
people | B 20 | anyone | 0 | has anyone appeared in the vlog yet?
people | B 44 | who | - | who's in the shot?
people | B 80 | anyone | 53 | Anyone on camera since 0:53?
motion | B 16 | moving | - | Is anything moving right now?
motion | B 70 | moved | 55 | I was gone for 15 seconds. Did anything move?
motion | B 104 | motion span | first | When did something first slide across?
scene change | B 30 | first cut | - | When was the first scene change?
scene change | B 108 | cuts | 53 | how many scene changes since 0:53?
scene change | B 58 | cut since | 53 | did the scene change in the last 5 sec
never | B 108 | never | umbrella | which of these did not appear in the vlog?
never | B 40 | never | horse | Which of these hasn't appeared yet?
never | B 80 | never | flower | Which one haven't we seen so far?
# --- the desk vlog (DESK above)
category | C 20 | cat ever | vehicle | Has any vehicle shown up so far?
category | C 40 | cat which | animal, plant, drink, building | Is this an animal, a plant, something to eat or drink, or a building?
category | C 100 | cat ever | building | Was there a building anywhere in this vlog?
now | C 30 | what | - | what's on the desk?
now | C 86 | which | astronaut | Which of these can you see now?
now | C 66 | what | - | What is shown at the moment?
now yes/no | C 54 | is | grace_hopper | Is the woman in uniform on screen now?
now yes/no | C 44 | is | chelsea | is the cat still here?
now yes/no | C 96 | is | dog | do u see a dog
past yes/no | C 70 | ever | stereo_motorcycle | Was there a motorbike at any point?
past yes/no | C 90 | back | chelsea | Did the cat come back?
past yes/no | C 46 | ever | coffee | was there coffee earlier?
when | C 78 | span | flower | When was the flower on screen?
when | C 96 | first seen | astronaut | whn did the astronaut pop up
order | C 56 | after | flower | What came right after the flower?
order | C 100 | first of | astronaut, grace_hopper | astronaut or navy officer, who was first?
order | C 100 | list | astronaut, flower, grace_hopper | Can you put these in the order they appeared? The astronaut, the flower, the woman in uniform.
count | C 100 | times | coffee | how many times does the coffee show up?
count | C 100 | distinct | - | How many different things were shown?
count | C 100 | times | chelsea | How often did the cat appear?
count | C 46 | times | coffee | So far, how many times have we seen the coffee?
window | C 100 | between | 0, 20 | What was on screen between 0:00 and 0:20?
window | C 70 | at | 30 | What was shown at 0:30?
window | C 100 | has in | chelsea, 63, 79 | Did the cat show up between 1:03 and 1:19?
window | C 94 | between | 51, 69 | what was on from 0:51 to 1:09
summary | C 50 | summary | 0, - | tl;dr so far?
summary | C 100 | summary | 55, - | What's happened since 0:55?
summary | C 80 | summary | 20, 45 | Give me a rundown of 0:20 to 0:45.
people | C 56 | here | - | Is someone on camera?
people | C 86 | who | - | Who's on screen?
people | C 76 | people now | - | How many people are on screen?
motion | C 30 | static | - | Is the picture still right now?
motion | C 90 | moved while | chelsea | Did anything move while the cat was there?
motion | C 100 | moves | - | how many times did the red square slide across?
scene change | C 100 | cuts | 0 | how many cuts were there?
scene change | C 70 | last cut | - | When did the shot last change?
scene change | C 46 | cut since | 30 | Has the view changed since 0:30?
never | C 100 | never | - | which one was never shown?
never | C 57 | never | astronaut | Which of these didn't we see so far?
never | C 100 | never | stereo_motorcycle | Only one of these never showed up. Which one?
"""


def rows(table: str):
    """(form, video, ask time, kind, argument, question) of each line of ``table`` but comments."""
    for line in table.strip().splitlines():
        if not line.startswith("#"):
            form, when, kind, arg, text = (x.strip() for x in line.split("|"))
            key, t = when.split()
            args = [None if a == "-" else int(a) if a.isdigit() else a for a in arg.split(", ")]
            yield form, key, int(t), kind, tuple(args) if len(args) > 1 else args[0], text


def the(x: str) -> str:
    return "the " + NAMES[x].split(" ", 1)[1]


def describe(images) -> str:
    names = [NAMES[i] for i in images]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def blocked(x: str, images) -> bool:
    return bool(BLOCK[x] & set(images))


def clock(t: float) -> str:
    return f"{int(t) // 60}:{int(t) % 60:02d}"


def when_text(a: float, b: float | None, style: int) -> str:
    """An instant (``b`` None) or a stretch as an option says it, in one of a few styles."""
    if b is None:
        return (f"at {clock(a)}", clock(a), f"at {a:g} s", f"around {clock(a)}")[style % 4]
    return (f"{clock(a)}–{clock(b)}", f"from {clock(a)} to {clock(b)}", f"{a:g}–{b:g} s")[style % 3]


def edges(v: ShotVideo, t: float, *times: float) -> None:
    """Ask time ``t`` 2 s or more from any shot boundary; window edges at 0, at ``t`` or 3 s or more."""
    assert 2 <= t <= v.duration - 2 and all(abs(t - s.start) >= 2 for s in v.shots[1:]), (v.name, t)
    for a in times:
        assert a in (0, t) or a >= 3 and all(abs(a - s.start) >= 3 for s in v.shots[1:]), (v.name, a)


def shots_in(v: ShotVideo, a: float, b: float) -> list[Shot]:
    """The shots on screen at some time in [a, b]."""
    return [s for s in v.shots if s.start < b and s.end > a]


def stretches(shots, keep) -> list[tuple[float, float]]:
    """(start, end) of each run of back-to-back ``shots`` for which ``keep(shot)`` holds."""
    out: list[tuple[float, float]] = []
    for s in filter(keep, shots):
        joined = out and out[-1][1] == s.start
        out[-1:] = [(out[-1][0], s.end)] if joined else [*out[-1:], (s.start, s.end)]
    return out


def seen(v: ShotVideo, a: float, b: float) -> set[str]:
    return {x for s in shots_in(v, a, b) for x in s.images}


def category(c: str, images) -> bool:
    """Whether ``images`` show a ``c`` (True), none (False); an unclear case fails."""
    sure, maybe = CATEGORY[c]
    assert sure & set(images) or not maybe & set(images), (c, images)
    return bool(sure & set(images))


def unclear(c: str, images) -> bool:
    return bool((CATEGORY[c][0] | CATEGORY[c][1]) & set(images))


def peopled(s: Shot) -> bool:
    return any(x in PEOPLE for x in s.images)


def tour_suite() -> list[dict]:
    """The questions about :data:`TOUR_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    q = Questions(TOUR_CODES)
    rng = random.Random(71)
    turn = count()

    def pick(v, t, form, text, answer, wrongs, n=None) -> None:
        n = n or 3 + next(turn) % 2
        wrongs = [w for w in dict.fromkeys(wrongs) if w != answer][: n - 1]
        assert len(wrongs) >= 2 or n == 2 and wrongs, (text, answer, wrongs)
        k = rng.randrange(len(wrongs) + 1)
        q.add(v, t, form, text, [*wrongs[:k], answer, *wrongs[k:]], answer)

    def number(v, t, form, text, n: int) -> None:
        pick(v, t, form, text, str(n), [str(m) for m in (n + 1, n - 1, n + 2, n + 3) if m >= 0], 4)

    def combos(v: ShotVideo, avoid, m: int, n: int = 3, also=()) -> list[str]:
        """``n`` wrong options of ``m`` things each, none (passing for one) in ``avoid``: the video's
        own pictures first, then the other pictures, then things never shown (each group shuffled)."""
        own = list(dict.fromkeys(x for s in v.shots for x in s.images))
        groups = [own, [x for x in PICTURES if x not in own], list(NEVER)]
        for g in groups:
            rng.shuffle(g)
        things = [x for g in groups for x in g if not blocked(x, avoid) and x not in also]
        return [describe(things[j * m : (j + 1) * m]) for j in range(n)]

    def times(v, t, form, text, truth: float, bad=lambda s: False, cuts_only=False) -> None:
        """Wrong instants: shot starts (or changes) and middles, 4 s from ``truth``, none ``bad``."""
        done = [s for s in v.shots if s.start < t]
        starts = [s.start for s in done[1:] if not cuts_only or s.start in v.cuts]
        middles = [(s.start + s.end) / 2 for s in done if (s.start + s.end) / 2 < t]
        rng.shuffle(starts)
        rng.shuffle(middles)
        style = next(turn)
        ok = [w for w in [*starts, *middles] if abs(w - truth) >= 4 and not bad(v.at(w))]
        pick(v, t, form, text, when_text(truth, None, style), [when_text(w, None, style) for w in ok])

    def spans(v, t, form, text, truth: tuple[float, float], fits) -> None:
        """Wrong stretches: finished shots outside ``truth`` for which ``fits(shot)`` holds."""
        others = [s for s in v.shots if s.end <= t and (s.end <= truth[0] or s.start >= truth[1]) and fits(s)]
        rng.shuffle(others)
        style = next(turn)
        pick(v, t, form, text, when_text(*truth, style), [when_text(s.start, s.end, style) for s in others])

    def sequence(v, t, form, text, items: list[str], a: float, b: float, intruder: str) -> None:
        """What came in turn; wrong lists are reordered, hold a thing never shown or run past b."""
        wrong = [items[::-1], [*items[:-2], items[-1], items[-2]]]
        wrong += [[*items[:-1], intruder], [intruder, *items[1:]]]
        after = [describe(s.images) for s in v.shots if s.start >= b]
        if after and after[0] != items[-1].split(" with ")[0]:
            wrong.append([*items, after[0]])
        wrongs = [", then ".join(w) for w in wrong if w != items]
        rng.shuffle(wrongs)
        pick(v, t, form, text, ", then ".join(items), wrongs)

    for form, key, t, kind, arg, text in rows(QUESTIONS):
        v = V[key]
        shot = v.at(t)
        edges(v, t)
        past = [s for s in v.shots if s.start < t]
        so_far = {x for s in past for x in s.images}
        shown = {x: stretches(past, lambda s, x=x: x in s.images) for x in PICTURES}
        first = {x: runs[0][0] for x, runs in shown.items() if runs}  # when each was first in view
        intruder = NAMES[rng.choice([k for k in NEVER if not blocked(k, so_far)])]
        # --- yes/no ------------------------------------------------------------------------------
        if kind in ("is", "ever", "has in", "cat now", "cat ever", "cat in"):
            x, a, b = arg if isinstance(arg, tuple) else (arg, 0 if "ever" in kind else t, t)
            edges(v, t, a, b)
            images = seen(v, a, b)  # in view at t, before t, or in [a, b]
            truth = category(x, images) if kind.startswith("cat") else x in images
            assert truth or kind.startswith("cat") or not blocked(x, images), text
            q.yn(v, t, form, text, truth)
        elif kind == "back":
            q.yn(v, t, form, text, len(shown[arg]) >= 2)
        elif kind in ("here", "anyone"):
            a = t if kind == "here" else arg
            edges(v, t, a)
            q.yn(v, t, form, text, any(peopled(s) for s in shots_in(v, a, t)))
        elif kind in ("moving", "static", "moved"):  # now, or in [arg, t]
            a = arg if kind == "moved" else t
            edges(v, t, a)
            truth = any(s.moving for s in shots_in(v, a, t))
            assert truth or not any(a < c < t for c in v.cuts), text  # a shot change is no movement
            q.yn(v, t, form, text, truth != (kind == "static"))
        elif kind == "moved while":
            with_it = [s for s in past if arg in s.images]
            assert with_it and arg not in shot.images, text
            q.yn(v, t, form, text, any(s.moving for s in with_it))
        elif kind == "cut since":
            edges(v, t, arg)
            truth = any(arg < c < t for c in v.cuts)
            assert truth or len(shots_in(v, arg, t)) == 1, text  # no movement starting or stopping
            q.yn(v, t, form, text, truth)
        # --- numbers -----------------------------------------------------------------------------
        elif kind == "times":
            assert not any(blocked(arg, s.images) and arg not in s.images for s in past), text
            number(v, t, form, text, len(shown[arg]))
        elif kind == "distinct":
            number(v, t, form, text, len(so_far))
        elif kind in ("moves", "visits"):  # separate stretches of movement, of someone in view
            runs = stretches(past, peopled) if kind == "visits" else stretches(past, lambda s: s.moving)
            number(v, t, form, text, len(runs))
        elif kind == "cuts":
            edges(v, t, arg)
            number(v, t, form, text, sum(arg < c < t for c in v.cuts))
        elif kind == "people now":
            number(v, t, form, text, v.people(t))
        # --- instants and stretches --------------------------------------------------------------
        elif kind == "first seen":
            times(v, t, form, text, first[arg], bad=lambda s, x=arg: blocked(x, s.images))
        elif kind == "cat first":
            truth = stretches(past, lambda s, c=arg: category(c, s.images))[0][0]
            times(v, t, form, text, truth, bad=lambda s, c=arg: unclear(c, s.images))
        elif kind == "person first":
            truth = stretches(past, peopled)[0][0]
            times(v, t, form, text, truth, bad=peopled)
        elif kind in ("first cut", "last cut"):
            cuts = [c for c in v.cuts if c < t]
            times(v, t, form, text, cuts[0] if kind == "first cut" else cuts[-1], cuts_only=True)
        elif kind == "span":
            (truth,) = shown[arg]
            assert truth[1] <= t, text
            spans(v, t, form, text, truth, lambda s, x=arg: not blocked(x, s.images))
        elif kind == "motion span":
            moving = stretches([s for s in v.shots if s.end <= t], lambda s: s.moving)
            spans(v, t, form, text, moving[0 if arg == "first" else -1], lambda s: not s.moving)
        # --- descriptions ------------------------------------------------------------------------
        elif kind == "what":
            pick(v, t, form, text, describe(shot.images), combos(v, shot.images, len(shot.images)))
        elif kind == "which":  # with several things, none of them is in view
            many = isinstance(arg, tuple)
            assert not any(blocked(x, shot.images) for x in arg) if many else arg in shot.images, text
            wrongs = [NAMES[x] for x in arg] if many else [*combos(v, shot.images, 1, 2), NONE]
            pick(v, t, form, text, NONE if many else NAMES[arg], wrongs, 4)
        elif kind == "cat which":
            (c,) = [c for c in CATEGORY if CATEGORY[c][0] & set(shot.images)]
            options = list(arg or rng.sample(list(CATEGORY), len(CATEGORY)))
            wrongs = [CAT_A[o] for o in options if not unclear(o, shot.images)]
            assert not arg or c in arg and len(wrongs) == len(arg) - 1, text  # the options it lists
            pick(v, t, form, text, CAT_A[c], wrongs if arg else [*wrongs[:2], NONE], len(arg) if arg else 4)
        elif kind == "who":
            here = [x for x in shot.images if x in PEOPLE]
            wrongs = [
                *STRANGERS,
                *(NAMES[x] for x in PICTURES if x in PEOPLE and not blocked(x, shot.images)),
            ]
            rng.shuffle(wrongs)
            wrongs.insert(rng.randrange(2), NOBODY)
            pick(v, t, form, text, describe(here) if here else NOBODY, wrongs)
        elif kind in ("first", "last"):
            answer = past[0] if kind == "first" else shot
            pick(v, t, form, text, describe(answer.images), combos(v, answer.images, len(answer.images)))
        elif kind in ("before", "after"):
            ((a, b),) = shown[arg]
            answer = v.at(a - 1) if kind == "before" else v.at(b)
            assert kind == "before" or answer.end <= t or answer is shot
            avoid = seen(v, 0, a) if kind == "before" else seen(v, b, t)
            wrongs = combos(v, avoid, len(answer.images), also=(arg,))
            pick(v, t, form, text, describe(answer.images), wrongs)
        elif kind == "first of":
            x, y = arg
            early, late = sorted(arg, key=first.get)
            assert not blocked(late, [early]), text  # the earlier picture may not pass for the later one
            pick(v, t, form, text, the(early), [the(x), the(y)], 2)
        elif kind == "list":
            assert all(len(shown[x]) == 1 for x in arg), text
            order = sorted(arg, key=first.get)
            lists = [", then ".join(the(x) for x in p) for p in permutations(order)]
            pick(v, t, form, text, lists[0], rng.sample(lists[1:], len(lists) - 1))
        elif kind == "at":
            edges(v, t, arg)
            images = v.at(arg).images
            pick(v, t, form, text, describe(images), combos(v, images, len(images)))
        elif kind == "between":
            a, b = arg
            edges(v, t, a, b)
            items = list(dict.fromkeys(describe(s.images) for s in shots_in(v, a, b)))
            if len(items) == 1:
                images = shots_in(v, a, b)[0].images
                pick(v, t, form, text, items[0], combos(v, seen(v, a, b), len(images)))
            else:
                sequence(v, t, form, text, items, a, b, intruder)
        elif kind == "summary":
            a, b = arg[0], t if arg[1] is None else arg[1]
            edges(v, t, a, b)
            items = [describe(s.images) + f" with {MOVER[v.mover]}" * s.moving for s in shots_in(v, a, b)]
            assert len(items) >= 2, text
            sequence(v, t, form, text, items, a, b, intruder)
        elif kind == "never":
            wrongs = rng.sample([NAMES[x] for x in sorted(so_far)], len(so_far))
            x = arg or rng.choice([k for k in NEVER if not blocked(k, so_far)])  # "all": all were shown
            assert x == "all" and len(so_far) == 3 or x not in so_far and not blocked(x, so_far), text
            pick(v, t, form, text, "none of them" if x == "all" else NAMES[x], wrongs, 4)
        else:
            raise AssertionError((kind, text))
    recs = q.records
    assert {r["form"] for r in recs} == set(TOUR_FORMS)
    assert len({r["question"].lower() for r in recs}) == len(recs), "a wording twice"
    return recs


def write_tour_suite(folder: Path) -> tuple[Path, Path]:
    """Write the tour videos and ``tour.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, TOUR_VIDEOS, tour_suite(), "tour")
