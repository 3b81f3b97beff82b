"""Held-out questions: the development suite's videos asked the way other people ask, and new videos.

Written from the videos' schedules alone, without looking at how any question reader works, and frozen
before tuning: a question or answer changes only to fix a ground-truth error shown from the schedule.

* Paraphrases over the three development videos (same schedules) and over ``temple_garden``, a video
  of pictures the development suite never uses (scikit-learn's temple and flower photos, skimage's
  coins): every form of the development suite plus ``summary``, each in many wordings (tenses, cue
  words, synonyms people use, windows in seconds and in m:ss), asked at times across each video.
* People, categories, motion and scene changes: ``front_desk`` (faces: Grace Hopper alone, then beside
  the astronaut), ``drift`` (a ball rolling across still pictures, and cuts), and people/category
  questions on the development videos (the cameraman in ``studio`` is a person).

Records are OVBench lmms-eval rows (as benchmarks/sets/grounding.py) with a ``form`` key.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.sets.grounding import (
    FORM_CODES,
    FORMS,
    PEOPLE_FORM_CODES,
    PEOPLE_FORMS,
    VIDEOS,
    Shot,
    ShotVideo,
    Video,
    shot_record,
    write_shot_videos,
    write_videos,
)
from benchmarks.sets.heldout_wordings import (
    NAMES,
    NEVER,
    NEVER_ASKED,
    NUMBER_WORDS,
    OPTION_NAMES,
    TIMES_WORDS,
    W,
    agree,
)

PARAPHRASE_FORMS = (*FORMS, "summary")
HELDOUT_FORMS = (*PARAPHRASE_FORMS, *PEOPLE_FORMS)
CODES = {**FORM_CODES, "summary": "PastMemory-4", **PEOPLE_FORM_CODES}

NEW_VIDEOS = (
    Video("temple_garden", (("china", 0, 20), ("flower", 20, 36), ("coins", 36, 52), ("china", 52, 68))),
)
SHOT_VIDEOS = (
    ShotVideo(
        "front_desk",
        (
            Shot(("flower",), 0, 14),
            Shot(("grace_hopper",), 14, 30),
            Shot(("china",), 30, 44),
            Shot(("grace_hopper", "astronaut"), 44, 60),
            Shot(("chelsea",), 60, 74),
        ),
        size=(448, 224),
    ),
    ShotVideo(
        "drift",
        (
            Shot(("china",), 0, 14),
            Shot(("china",), 14, 28, moving=True),
            Shot(("china",), 28, 46),
            Shot(("coffee",), 46, 58),
            Shot(("coffee",), 58, 70, moving=True),
            Shot(("flower",), 70, 82),
        ),
        mover="ball",
    ),
)


class _Rotor:
    """Hands out wordings, names and option orders in turn, so each form uses all of its wordings."""

    def __init__(self) -> None:
        self.turns: dict[str, int] = {}

    def pick(self, key: str, items: list):
        i = self.turns.get(key, 0)
        self.turns[key] = i + 1
        return items[i % len(items)]

    def wording(self, key: str, **names: str) -> str:
        text = self.pick(key, W[key])
        for k, v in names.items():
            text = text.replace("{" + k + "}", v).replace(
                "{" + k[0].upper() + k[1:] + "}", v[0].upper() + v[1:]
            )
        return agree(text)

    def the(self, img: str) -> str:
        return self.pick("the:" + img, NAMES[img][0])

    def a(self, img: str) -> str:
        return self.pick("a:" + img, NAMES[img][1])

    def option(self, img: str) -> str:
        return self.pick("opt:" + img, OPTION_NAMES[img])

    def never(self, n: int) -> list[str]:
        start = self.turns.get("never", 0)
        self.turns["never"] = start + n
        return [NEVER[(start + i) % len(NEVER)] for i in range(n)]

    def order(self, options: list[str]) -> list[str]:
        k = self.pick("order", list(range(7))) % len(options)
        return options[k:] + options[:k]


def mmss(x: float) -> str:
    return f"{int(x) // 60}:{int(x) % 60:02d}"


SPAN_STYLES = (
    lambda a, b: f"{a:g}–{b:g} s",
    lambda a, b: f"{mmss(a)}–{mmss(b)}",
    lambda a, b: f"from {a:g} to {b:g} seconds",
    lambda a, b: f"{a:g} s to {b:g} s",
    lambda a, b: f"between {mmss(a)} and {mmss(b)}",
)
MOMENT_STYLES = (
    lambda x: f"at {x:g} s",
    lambda x: f"around {mmss(x)}",
    lambda x: f"at about {x:g} seconds",
    lambda x: f"at {mmss(x)}",
)


# --- schedule facts --------------------------------------------------------------------------------


def _until(v: Video, t: float) -> list[tuple[str, float, float]]:
    """The segments begun by ``t`` (the current one cut at ``t``)."""
    return [(img, a, min(b, t)) for img, a, b in v.schedule if a < t]


def _mid(a: float, b: float, frac: float = 0.6) -> float:
    return float(max(a + 4, min(b - 2, round(a + frac * (b - a)))))


def paraphrases(v: Video, r: _Rotor) -> list[dict]:
    """Every paraphrase form over ``v``, with the truth read from its schedule."""
    recs: list[dict] = []
    sched = list(v.schedule)
    end = v.duration
    shown = [img for img, _, _ in sched]
    distinct = list(dict.fromkeys(shown))

    def add(t: float, form: str, question: str, candidates: list[str], answer: str) -> None:
        recs.append(shot_record(v.name, t, form, question, candidates, answer, CODES))

    def yn(t: float, form: str, question: str, truth: bool) -> None:
        add(t, form, question, ["Yes", "No"], "Yes" if truth else "No")

    def choose(truth: str, others: list[str], n: int = 4) -> tuple[list[str], str]:
        """Options: the truth's name, names of ``others`` (pictures), then things never shown."""
        names = [r.option(truth)] + [r.option(o) for o in others[: n - 1]]
        names += r.never(n - len(names))
        return r.order(names), names[0]

    # now: the middle of every segment
    for i, (img, a, b) in enumerate(sched):
        t = _mid(a, b, (0.5, 0.7, 0.4, 0.8)[i % 4])
        others = [o for o in distinct if o != img]
        opts, ans = choose(img, others[:2], 4)
        add(t, "now", r.wording("now"), opts, ans)
    # now yes/no: the current picture (yes), the one before it (no), a thing never shown, a later one
    for i, (img, a, b) in enumerate(sched[1:], 1):
        t = _mid(a, b, (0.6, 0.45, 0.75)[i % 3])
        key = "now_plain" if i % 2 else "now_still"
        yn(t, "now yes/no", r.wording(key, a=r.a(img), the=r.the(img)), True)
        prev = sched[i - 1][0]
        if prev != img:
            key = "now_still" if i % 2 else "now_plain"
            yn(t, "now yes/no", r.wording(key, a=r.a(prev), the=r.the(prev)), False)
    t = _mid(*sched[1][1:], 0.5)
    yn(t, "now yes/no", r.wording("now_plain", a=r.pick("never_asked", NEVER_ASKED)), False)
    late = next(img for img in distinct if img not in shown[:2])
    yn(_mid(*sched[0][1:], 0.5), "now yes/no", r.wording("now_plain", a=r.a(late)), False)
    # past yes/no: everything shown (at the end), two things never shown, each thing before it first appears,
    # and the first picture asked in the middle
    for img in distinct:
        yn(end, "past yes/no", r.wording("past", a=r.a(img)), True)
    for _ in range(2):
        yn(end, "past yes/no", r.wording("past", a=r.pick("never_asked", NEVER_ASKED)), False)
    for img in distinct[1:]:
        first = min(a for i, a, _ in sched if i == img)
        yn(first - 3, "past yes/no", r.wording("past", a=r.a(img)), False)
    yn(_mid(*sched[2][1:]), "past yes/no", r.wording("past", a=r.a(shown[0])), True)
    # when: pictures shown once, and the first and second time of a repeated one (asked at the end)
    for k, img in enumerate(distinct):
        spans = [(a, b) for i, a, b in sched if i == img]
        style = SPAN_STYLES[(len(recs) + k) % len(SPAN_STYLES)]
        every = [style(a, b) for _, a, b in sched]
        for which, (a, b) in enumerate(spans):
            if len(spans) == 1:
                q = r.wording("when", the=r.the(img))
            else:
                q = r.wording("when_first" if which == 0 else "when_again", the=r.the(img))
            truth = style(a, b)
            others = [s for s in every if s != truth]
            add(end, "when", q, r.order([truth, *others[:3]]), truth)
    # order
    firsts = {img: min(a for i, a, _ in sched if i == img) for img in distinct}
    lasts = {img: max(b for i, _, b in sched if i == img) for img in distinct}
    opts, ans = choose(shown[0], [o for o in distinct if o != shown[0]][:2])
    add(end, "order", r.wording("first"), opts, ans)
    t = _mid(*sched[2][1:], 0.5)
    opts, ans = choose(shown[0], [o for o in distinct if o != shown[0] and firsts[o] < t][:1])
    add(t, "order", r.wording("first"), opts, ans)
    opts, ans = choose(shown[-1], [o for o in distinct if o != shown[-1]][:2])
    add(end, "order", r.wording("last"), opts, ans)
    for i in (1, len(sched) - 1):
        img, a, b = sched[i]
        t = _mid(a, b)
        earlier = {o for o, x, _ in sched[:i]}
        opts, ans = choose(sched[i - 1][0], [o for o in distinct if o not in earlier and o != img][:1])
        add(t, "order", r.wording("previous"), opts, ans)
    for i, (img, _, _) in enumerate(sched):
        if shown.count(img) != 1:
            continue
        if i > 0:
            earlier = {o for o, _, _ in sched[:i]}
            opts, ans = choose(sched[i - 1][0], [o for o in distinct if o not in earlier and o != img][:2])
            add(end, "order", r.wording("before", the=r.the(img)), opts, ans)
        if i < len(sched) - 1:
            later = {o for o, _, _ in sched[i + 1 :]}
            opts, ans = choose(sched[i + 1][0], [o for o in distinct if o not in later and o != img][:2])
            add(end, "order", r.wording("after", the=r.the(img)), opts, ans)
    pairs = [(x, y) for x in distinct for y in distinct if x < y]
    for k, (x, y) in enumerate(pairs[:3]):
        first, second = sorted((x, y), key=firsts.get)
        names = {x: r.the(x), y: r.the(y)}
        q = (
            r.wording("which_first", the1=names[x], the2=names[y])
            if k % 2
            else r.wording("which_first", the1=names[y], the2=names[x])
        )
        opts = [OPTION_NAMES[x][0], OPTION_NAMES[y][0]]
        add(end, "order", q, r.order(opts), OPTION_NAMES[first][0])
    x, y = sorted(distinct, key=lasts.get)[-2:]
    q = r.wording("which_last", the1=r.the(y), the2=r.the(x))
    add(end, "order", q, r.order([OPTION_NAMES[x][0], OPTION_NAMES[y][0]]), OPTION_NAMES[y][0])

    # beginning / windows: the truth overlaps the window by >= 5 s; no other option comes within 2 s of it
    def window(t: float, w0: float, w1: float, question: str) -> None:
        inside = [img for img, a, b in sched if min(b, w1) - max(a, w0) >= 5]
        near = {img for img, a, b in sched if a < w1 + 2 and b > w0 - 2}
        if not inside:
            return
        truth = inside[-1] if len(recs) % 2 else inside[0]
        opts, ans = choose(truth, [o for o in distinct if o not in near][:2])
        add(t, "beginning/window", question, opts, ans)

    for n, t in ((30, end), (20, _mid(*sched[2][1:], 0.7)), (15, _mid(*sched[-2][1:], 0.6))):
        window(t, t - n, t, r.wording("last_n", n=str(n)))
    for i, k in ((1, 0), (len(sched) - 2, 1), (2, 2)):
        img, a, b = sched[i]
        w0, w1 = a + 3, min(b - 2, a + 13)
        fmt = (mmss, lambda x: f"{x:g} seconds", mmss)[k]
        if k == 1:
            question = r.wording("between", a=f"{w0:g}", b=f"{w1:g} seconds")
        else:
            question = r.wording("between", a=fmt(w0), b=fmt(w1))
        window(end, w0, w1, question)
    n = int(sched[0][2] // 5 * 5) - 5
    window(end, 0, n, r.wording("first_n", n=str(n)))
    opts, ans = choose(shown[0], [o for o in distinct if o != shown[0]][:2])
    add(end, "beginning/window", r.wording("beginning"), opts, ans)
    t = _mid(*sched[1][1:], 0.6)
    seen = {img for img, _, _ in _until(v, t)}
    truth = sched[0][0] if len(recs) % 2 else sched[1][0]
    opts, ans = choose(truth, [o for o in distinct if o not in seen][:1])
    add(t, "beginning/window", r.wording("since_start"), opts, ans)

    # count: times a picture appeared (at the end and midway), scenes, cuts, different things
    def times(t: float, img: str | None) -> None:
        n = sum(1 for i, _, _ in _until(v, t) if i == img)
        words = len(recs) % 2 == 1
        values = [n, *[m for m in (0, 1, 2, 3, 4) if m != n][:3]]
        opts = [TIMES_WORDS[m] if words else str(m) for m in values]
        name = r.pick("never_asked", NEVER_ASKED) if img is None else None
        q = r.wording("times", the=name or r.the(img), a=name or r.a(img))
        add(t, "count", q, r.order(opts), opts[0])

    repeated = [img for img in distinct if shown.count(img) > 1]
    once = [img for img in distinct if shown.count(img) == 1]
    for img in repeated:
        times(end, img)
        second = [a for i, a, _ in sched if i == img][1]
        times(_mid(second, second + 10, 0.6), img)
        times(second - 3, img)
    for img in once[:2]:
        times(end, img)
    times(end, None)

    def number(t: float, key: str, n: int) -> None:
        words = len(recs) % 3 == 2
        values = [n, *[m for m in range(1, 7) if m != n][:3]]
        opts = [NUMBER_WORDS[m] if words else str(m) for m in values]
        add(t, "count", r.wording(key), r.order(opts), opts[0])

    for t in (end, _mid(*sched[2][1:])):
        segs = _until(v, t)
        number(t, "scenes", len(segs))
        number(t, "cuts", len(segs) - 1)
        number(t, "different", len({img for img, _, _ in segs}))

    # summary: the order of what was shown; wrong options swap two, or put in a thing never shown
    for t in (_mid(*sched[2][1:], 0.6), end):
        seq = [img for img, _, _ in _until(v, t)]
        names = {img: OPTION_NAMES[img][0] for img in seq}
        truth = ", then ".join(names[i] for i in seq)
        swapped = list(seq)
        swapped[0], swapped[1] = swapped[1], swapped[0]
        wrong_a = ", then ".join(names[i] for i in swapped)
        wrong_b = ", then ".join([*(names[i] for i in seq[:-1]), r.never(1)[0]])
        wrong_c = ", then ".join(names[i] for i in reversed(seq))
        opts = list(dict.fromkeys([truth, wrong_a, wrong_b, wrong_c]))
        opts = [o[0].upper() + o[1:] + "." for o in opts]
        add(t, "summary", r.wording("summary"), r.order(opts), opts[0])
    return recs


# --- people, categories, motion and scene changes -------------------------------------------------


def people_questions() -> list[dict]:
    """Held-out questions about people, categories, motion and cuts (truth from the shot schedules)."""
    desk, drift = SHOT_VIDEOS
    kitchen, studio, launch = VIDEOS
    recs: list[dict] = []

    def add(video: str, t: float, form: str, question: str, candidates: list[str], answer: str) -> None:
        recs.append(shot_record(video, t, form, question, candidates, answer, CODES))

    def yn(video: str, t: float, form: str, question: str, truth: bool) -> None:
        add(video, t, form, question, ["Yes", "No"], "Yes" if truth else "No")

    def spans(video: ShotVideo, style=SPAN_STYLES[0]) -> list[str]:
        return [style(s.start, s.end) for s in video.shots]

    # front_desk: a flower, Grace Hopper, the temple, Grace Hopper beside the astronaut, the cat
    d = desk.name
    people = desk.people
    yn(d, 8, "people", "Is anyone on screen?", people(8) > 0)
    yn(d, 10, "people", "Has anybody shown up yet?", False)
    yn(d, 22, "people", "Is there somebody in the picture right now?", people(22) > 0)
    yn(d, 38, "people", "Can you see a person at the moment?", people(38) > 0)
    yn(d, 40, "people", "Has someone appeared so far?", True)
    yn(d, 52, "people", "Are there people on screen?", people(52) > 0)
    yn(d, 68, "people", "Is there a human in view now?", people(68) > 0)
    opts = [MOMENT_STYLES[1](s.start) for s in desk.shots[1:]]
    add(d, 74, "people", "Tell me when someone first appeared.", opts, MOMENT_STYLES[1](14))
    sh = spans(desk, SPAN_STYLES[0])
    add(d, 74, "people", "When did we last see a person?", [sh[1], sh[2], sh[3], sh[4]], sh[3])
    add(
        d, 22, "people count", "How many people can you see right now?", ["0", "1", "2", "3"], str(people(22))
    )
    add(d, 52, "people count", "How many people are in the frame?", ["1", "2", "3", "4"], str(people(52)))
    add(d, 38, "people count", "How many people are in view now?", ["none", "one", "two", "three"], "none")
    add(d, 56, "people count", "Count the people on screen.", ["one", "two", "three", "zero"], "two")
    add(
        d,
        74,
        "people count",
        "What's the most people we've seen on screen at once?",
        ["1", "2", "3", "4"],
        "2",
    )
    sh = spans(desk, SPAN_STYLES[1])
    add(d, 74, "people count", "When were there two people on screen?", [sh[3], sh[1], sh[4], sh[2]], sh[3])
    sh = spans(desk, SPAN_STYLES[3])
    add(d, 74, "category", "When did we see a building?", [sh[0], sh[1], sh[2], sh[4]], sh[2])
    yn(d, 50, "category", "Have we seen any animals yet?", False)
    yn(d, 74, "category", "Was there an animal at some point?", True)
    yn(d, 74, "category", "Did we see any architecture?", True)
    yn(d, 66, "category", "Is there a pet on screen right now?", True)
    add(
        d,
        74,
        "scene change",
        "How many different shots were there?",
        ["3", "4", "5", "6"],
        str(len(desk.shots)),
    )

    # drift: the temple (a ball rolls across at 14-28 s), coffee (a ball at 58-70 s), a flower
    d = drift.name

    def moved(t: float, n: float = 10) -> bool:
        return any(s.moving and s.start < t and s.end > t - n for s in drift.shots)

    yn(d, 24, "motion", "Is anything moving right now?", drift.at(24).moving)
    yn(d, 10, "motion", "Is something in motion at the moment?", drift.at(10).moving)
    yn(d, 42, "motion", "Has anything moved in the past 10 seconds?", moved(42))
    yn(d, 66, "motion", "Was there any motion in the last 10 s?", moved(66))
    yn(d, 57, "motion", "Anything moving in the last ten seconds?", moved(57))
    yn(d, 81, "motion", "Did anything move during the last 10 seconds?", moved(81))
    sh = spans(drift, SPAN_STYLES[0])
    add(d, 50, "motion", "When did something move?", [sh[0], sh[2], sh[1]], sh[1])
    sh = spans(drift, SPAN_STYLES[1])
    add(d, 82, "motion", "When was the most recent movement?", [sh[2], sh[4], sh[3], sh[5]], sh[4])
    add(d, 82, "motion", "How many times did something move across the screen?", ["0", "1", "2", "3"], "2")
    cuts = drift.cuts  # 46 and 70: the ball starting or stopping is no cut
    m = MOMENT_STYLES[1]
    add(d, 60, "scene change", "When did the scene change?", [m(14), m(28), m(36), m(cuts[0])], m(cuts[0]))
    m = MOMENT_STYLES[0]
    add(d, 82, "scene change", "When was the last cut?", [m(cuts[0]), m(58), m(cuts[1]), m(28)], m(cuts[1]))
    add(
        d, 82, "scene change", "How many scene changes have there been?", ["0", "2", "4", "5"], str(len(cuts))
    )
    yn(d, 30, "scene change", "Has the scene changed yet?", any(c < 30 for c in cuts))
    yn(d, 50, "scene change", "Has there been a scene change?", any(c < 50 for c in cuts))
    sh = ["0–28 s", "28–46 s", "46–70 s", "70–82 s"]
    add(d, 82, "category", "When was there something to drink?", sh, "46–70 s")
    yn(d, 40, "category", "Has a beverage appeared yet?", False)
    yn(d, 82, "category", "Was there a building in the video?", True)
    yn(d, 44, "category", "Is there a building on screen?", True)

    # the development videos: the cameraman in studio is a person; nobody is in kitchen_walk or launch
    yn(studio.name, 10, "people", "Is anyone in the shot right now?", True)
    yn(studio.name, 30, "people", "Is there a person on screen at the moment?", False)
    yn(launch.name, 66, "people", "Did anyone appear in this video?", False)
    yn(kitchen.name, 90, "people", "Have you seen a person at all?", False)
    add(studio.name, 72, "people count", "How many people are on screen now?", ["0", "1", "2", "3"], "1")
    add(kitchen.name, 35, "people count", "how many people are there now?", ["0", "1", "2", "3"], "0")
    sched = studio.schedule
    opts = [f"{a:g}–{b:g} s" for _, a, b in sched]
    add(studio.name, 72, "category", "When did a vehicle show up?", opts, "18–36 s")
    yn(studio.name, 30, "category", "Has any animal shown up so far?", False)
    yn(studio.name, 72, "category", "Did an animal appear at some point?", True)
    opts = [f"{mmss(a)}–{mmss(b)}" for _, a, b in launch.schedule]
    add(launch.name, 66, "category", "When did we see a hot beverage?", opts, "0:48–1:06")
    yn(launch.name, 40, "category", "Is there an animal on screen now?", True)
    yn(kitchen.name, 15, "category", "Any animals so far?", False)
    m = MOMENT_STYLES[2]
    cut = kitchen.schedule[1][1]
    add(
        kitchen.name,
        90,
        "scene change",
        "At what time did the first scene change happen?",
        [m(10), m(cut), m(30), m(40)],
        m(cut),
    )
    cut = launch.schedule[1][1]
    q = "When did the picture first cut to something else?"
    add(launch.name, 66, "scene change", q, [m(15), m(cut), m(40), m(55)], m(cut))
    return recs


def heldout() -> list[dict]:
    """Every held-out question: paraphrases over the development and new videos, then people/motion."""
    r = _Rotor()
    recs = [rec for video in (*VIDEOS, *NEW_VIDEOS) for rec in paraphrases(video, r)]
    return recs + people_questions()


def write_heldout_videos(folder: Path, fps: float = 2.0) -> Path:
    """Encode every video the held-out questions ask about into ``folder`` (kept if already there)."""
    from benchmarks.sets.media import sample_image, write_video

    folder.mkdir(parents=True, exist_ok=True)
    write_videos(folder, fps=fps)
    for video in NEW_VIDEOS:
        path = folder / f"{video.name}.mp4"
        if not path.exists():
            write_video(path, [(sample_image(img), b - a) for img, a, b in video.schedule], fps=fps)
    write_shot_videos(folder, SHOT_VIDEOS, fps=fps)
    return folder


def write_heldout(folder: Path, fps: float = 2.0) -> tuple[Path, Path]:
    """Write the videos (at ``fps``) and ``heldout.json`` into ``folder``; returns (annotations, videos)."""
    videos = write_heldout_videos(folder / "videos", fps=fps)
    path = folder / "heldout.json"
    path.write_text(json.dumps(heldout(), indent=1))
    return path, videos
