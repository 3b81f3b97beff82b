"""Question tables over videos of shots: a development set written as a table of questions (form, video
and ask time, kind, argument, wording), each truth computed from the videos' schedules.

:func:`table_suite` reads a table: its kinds (``is``, ``ever``, ``first of``, ``list``, ``cuts`` ...) say
how the truth follows from the schedule and how wrong options are drawn. The pictures (skimage's and
matplotlib's: a temple, a horse silhouette, a rocket, the astronaut, a flower, the navy officer, a cup of
coffee, a cat, a motorbike) are named as :data:`NAMES` says; :data:`BLOCK` keeps a wrong option away
from a picture that could pass for it, :data:`CATEGORY` says which pictures surely (or might) show a
kind of thing. Used by :mod:`.wordings_tour` and :mod:`.wordings_office`.
"""

from __future__ import annotations

import random
from itertools import count, permutations

from benchmarks.sets.grounding import (
    FORM_CODES,
    PEOPLE,
    PEOPLE_FORM_CODES,
    Questions,
    Shot,
    ShotVideo,
)

TABLE_FORMS = (
    *("category", "now", "now yes/no", "past yes/no", "when", "order", "count"),
    *("window", "summary", "people", "motion", "scene change", "never"),
)
_CODES = {**FORM_CODES, **PEOPLE_FORM_CODES, "summary": "PastMemory-4", "window": "PastMemory-3"}
_CODES["never"] = "PastMemory-6"
TABLE_CODES = {form: _CODES[form] for form in TABLE_FORMS}

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


def table_suite(table: str, videos: dict[str, ShotVideo], codes: dict[str, str], seed: int) -> list[dict]:
    """The questions of a ``table`` (see :data:`QUESTIONS`) about ``videos`` (by their key in the table),
    each truth computed from the schedule, with wrong options drawn by ``random.Random(seed)``; in the
    lmms-eval row shape plus ``form``. Every form of ``codes`` is asked, and no wording twice."""
    q = Questions(codes)
    rng = random.Random(seed)
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

    def sequence(v, t, form, text, items: list[str], b: float, intruder: str) -> None:
        """What came in turn; wrong lists are reordered, hold a thing never shown or run past b."""
        wrong = [items[::-1], [*items[:-2], items[-1], items[-2]]]
        wrong += [[*items[:-1], intruder], [intruder, *items[1:]]]
        after = [describe(s.images) for s in v.shots if s.start >= b]
        if after and after[0] != items[-1].split(" with ")[0]:
            wrong.append([*items, after[0]])
        wrongs = [", then ".join(w) for w in wrong if w != items]
        rng.shuffle(wrongs)
        pick(v, t, form, text, ", then ".join(items), wrongs)

    for form, key, t, kind, arg, text in rows(table):
        v = videos[key]
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
        elif kind in ("here", "anyone"):  # "is there a woman?" too: both people pictures show a woman
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
            early, late = sorted(arg, key=first.get)
            assert not blocked(late, [early]), text  # the earlier picture may not pass for the later one
            pick(v, t, form, text, the(early), [the(x) for x in arg], 2)
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
                sequence(v, t, form, text, items, b, intruder)
        elif kind == "summary":
            a, b = arg[0], t if arg[1] is None else arg[1]
            edges(v, t, a, b)
            items = [describe(s.images) + f" with {MOVER[v.mover]}" * s.moving for s in shots_in(v, a, b)]
            assert len(items) >= 2, text
            sequence(v, t, form, text, items, b, intruder)
        elif kind == "never":
            wrongs = rng.sample([NAMES[x] for x in sorted(so_far)], len(so_far))
            x = arg or rng.choice([k for k in NEVER if not blocked(k, so_far)])  # "all": all were shown
            assert x == "all" and len(so_far) == 3 or x not in so_far and not blocked(x, so_far), text
            pick(v, t, form, text, "none of them" if x == "all" else NAMES[x], wrongs, 4)
        else:
            raise AssertionError((kind, text))
    recs = q.records
    assert {r["form"] for r in recs} == set(codes)
    assert len({r["question"].lower() for r in recs}) == len(recs), "a wording twice"
    return recs
