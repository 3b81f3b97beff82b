"""Time windows named in a question: "in the last 30 seconds", "between 1:00 and 1:10", "at the start",
"in the first half" (a share of what was streamed by the ask time), "in the middle of the video".

:func:`find_window` returns the window and the question with the window's words removed, so the
rest of the reader never mistakes "after 45 s" for "after the cat". Times may be written as
seconds ("45 s", "45 seconds", "second 45"), minutes ("2 minutes", "a minute", "half a minute"),
clock times ("1:05") or number words ("thirty seconds").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Window = tuple[float | None, float | None]
"""(from, to) in seconds; None is open (the start of the video / the ask time)."""

AT_SLACK_S = 1.5
""""at 30 s" looks from ``30 - AT_SLACK_S`` to ``30 + AT_SLACK_S``."""

FIRST_N_OPEN_S = 0.01
""""the first 30 seconds" is [0, 30): its window ends this much before 30 s."""

_UNITS = {
    "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
    "m": 60.0, "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0,
    "h": 3600.0, "hr": 3600.0, "hour": 3600.0, "hours": 3600.0,
}  # fmt: skip
_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split()
)
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}  # fmt: skip
_WORD_NUM = {w: i for i, w in enumerate(_ONES)} | _TENS | {"a": 1, "an": 1, "a couple of": 2, "a few": 3}
_UNIT_RE = r"(?:seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)\b"
_NUMWORD_RE = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|"
    r"seven|eight|nine))?|" + "|".join(sorted(_ONES, key=len, reverse=True)) + r"|a couple of|a few|an|a)"
)
_NUM = r"\d+(?:\.\d+)?"
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?"
# a point in time: "1:05", "45 s", "45", "second 45", "the 45-second mark"
_POINT = (
    rf"(?:the\s+)?(?:{_CLOCK}|second\s+{_NUM}|{_NUM}(?:\s*-?\s*{_UNIT_RE})?)(?:\s*-?\s*(?:seconds?\s+)?mark)?"
)
_DUR = rf"(?:{_NUM}\s*{_UNIT_RE}|(?:a\s+)?half\s+(?:a\s+|an\s+)?(?:minute|hour)|{_CLOCK})"


def _words_to_numbers(text: str) -> str:
    """'thirty seconds' -> '30 seconds', 'a minute' -> '1 minute' (only before a time unit)."""

    def num(m: re.Match) -> str:
        words = m.group(1).replace("-", " ").split()
        if words[0] in _TENS:
            value = _TENS[words[0]] + (_ONES.index(words[1]) if len(words) > 1 else 0)
        else:
            value = _WORD_NUM[" ".join(words)]
        return f"{value} {m.group(2)}"

    # not "half a minute"; not "a second time" (the ordinal)
    return re.sub(rf"(?<!half )\b({_NUMWORD_RE})(?:\s+|-)({_UNIT_RE})(?!\s+times?\b)", num, text)


def seconds_of(text: str) -> float:
    """'1:05' -> 65, '45 s' -> 45, '2 minutes' -> 120, 'second 12' -> 12, 'half a minute' -> 30."""
    t = text.strip().lower()
    t = re.sub(r"^the\s+|\s*-?\s*(?:seconds?\s+)?mark$|^second\s+", "", t).strip()
    if re.fullmatch(_CLOCK, t):
        parts = [float(p) for p in t.split(":")]
        value = 0.0
        for p in parts:
            value = 60 * value + p
        return value
    if m := re.fullmatch(r"(?:a\s+)?half\s+(?:a\s+|an\s+)?(minute|hour)", t):
        return 0.5 * _UNITS[m.group(1)]
    m = re.fullmatch(rf"({_NUM})\s*-?\s*({_UNIT_RE})?", t)
    if not m:
        raise ValueError(f"not a time: {text!r}")
    return float(m.group(1)) * _UNITS.get((m.group(2) or "s").strip(), 1.0)


ScenesBack = tuple[int, int]
"""(from, to) scenes counted back from the latest (0): "recently" is (1, 0), the previous and the
latest scene; "the shot before this one" is (1, 1); "before this scene" is (EVERY_SCENE, 1), every
scene before the latest."""
EVERY_SCENE = 1_000_000


@dataclass(frozen=True)
class FoundWindow:
    """A question's time window. ``beginning``: "at the start" (the first scene); ``ending``: "at the
    end" (the latest scene); ``scenes_back``: scenes counted back from the latest ("recently", "the
    last couple of scenes", "the previous shot"); ``rest``: the question with the window's words removed."""

    window: Window
    beginning: bool
    ending: bool
    rest: str
    scenes_back: ScenesBack | None = None
    within: str | None = None  # "in the shot with the motorbike": the scene where that thing was shown


MOMENT_S = 10.0
"""A scene change "a moment ago", "just now" or "recently" is one in the last this many seconds (a thing
seen then is one in the latest two scenes)."""

_PATTERNS: list[tuple[str, str]] = [
    ("between", rf"\b(?:between|from)\s+({_POINT})\s+(?:and|to|till|until|through|-|–)\s+({_POINT})"),
    # "a rundown of 0:20 to 0:45", "20s-45s": a span said without "from" needs a clock or a unit
    (
        "between",
        rf"(?<![\w:])({_CLOCK}|{_NUM}\s*{_UNIT_RE})\s*(?:to|till|until|through|-|–)\s*({_CLOCK}|{_NUM}\s*{_UNIT_RE})",
    ),
    (
        "last",
        rf"\b(?:(?:in|during|over|within|for|throughout)\s+)?(?:the\s+)?(?:last|past|previous|preceding|"
        rf"final|latest|most\s+recent)\s+({_DUR}|minute|hour|second|few\s+seconds)",
    ),
    # "what did the kiosk show 63 s in?": a moment, counted from the start
    (
        "at",
        rf"(?<![\w:])({_NUM}\s*(?:seconds?|secs?|s|minutes?|mins?)|{_CLOCK})\s+in(?:to\s+(?:the|this|it)(?:\s+[a-z]+)?)?(?=\s*[?.!,]|\s*$)",
    ),
    # "since a minute ago", "in the last 30 seconds ago": from then until now
    ("since_ago", rf"\b(?:since|from|(?:in|over|during)\s+the\s+(?:last|past))\s+({_DUR})\s+ago\b"),
    ("ago", rf"\b({_DUR})\s+ago\b"),
    # "I was on the phone for 45 sec", "stepped away for 2 minutes": the time away, up to now
    (
        "away",
        rf"\b(?:away|gone|out|afk|busy|distracted|on\s+(?:the\s+)?(?:phone|a\s+call|call|break|a\s+break))\b"
        rf"(?:\s+[a-z]+){{0,3}}?\s+for\s+(?:the\s+)?(?:last\s+|past\s+)?({_DUR}|minute|hour)(\s+and\s+a\s+half)?",
    ),
    # "from 58 seconds in until now": since then
    (
        "since",
        rf"\b(?:since|from)\s+({_POINT})(?:\s+in)?\s+(?:until|till|up\s+(?:to|till|until)|to|through)\s+(?:right\s+)?now\b",
    ),
    ("up_to_now", r"\b(?:before|until|till|up\s+(?:to|till|until)|prior\s+to)\s+(?:right\s+)?now\b"),
    (
        "first_n",
        rf"\b(?:(?:in|during|over|within|for|throughout)\s+)?(?:the\s+)?(?:first|opening|initial)\s+"
        rf"({_DUR}|minute|second)",
    ),
    (
        "since_start",
        r"\b(?:since|from)\s+the\s+(?:very\s+)?(?:start|beginning|outset)(?:\s+of\s+the\s+\w+)?\b",
    ),
    # "I glanced away at 1:25", "I left at 2:00": since then
    (
        "since",
        rf"(?:\b(?:i|we)(?:'ve|\s+have|\s+had)?\s+|^)(?:just\s+|only\s+)?(?:(?:looked|glanced|turned|stepped|walked|went"
        rf"|got|was|been)\s+(?:away|out|off)|left|stopped\s+watching|tuned\s+out|dozed\s+off|nodded\s+off|fell\s+asleep"
        rf"|zoned\s+out|spaced\s+out)\s+(?:at|around|about)\s+({_POINT})"
        rf"(?=\W|$)",
    ),
    (
        "since",
        rf"\b(?:since|after|from|past|beyond|later\s+than)\s+({_POINT})(?:\s+in)?(?:\s+on(?:wards?)?)?(?=\W|$)",
    ),
    ("until", rf"\b(?:before|until|till|up\s+to|by|prior\s+to|earlier\s+than)\s+({_POINT})(?=\W|$)"),
    ("at", rf"\b(?:at|around|about|near|at\s+around|at\s+about|roughly\s+at)\s+({_POINT})(?=\W|$)"),
    (
        "beginning",
        r"\b(?:at|in|near|during)\s+(?:the\s+)?(?:very\s+)?(?:beginning|start|outset|opening)(?:\s+of\s+the\s+\w+)?\b"
        r"|\bat\s+first\b|\binitially\b|\bwhen\s+(?:the|this|it|my|our)\s*(?:video|clip|stream|recording|call|webinar|meeting|session|feed|camera|cam|broadcast"
        r"|lecture|class|footage|drive|show|quiz|game|match|programme|program|film|movie|trip|journey|ride|tour|episode|shift)?"
        r"\s+(?:first\s+)?(?:started|began|came\s+on|switched\s+on|went\s+live|opened|kicked\s+off)\b"
        r"|\bin\s+the\s+(?:opening|first)\s+(?:scene|shot|part|seconds)\b|\bto\s+(?:start|begin)\s+with\b",
    ),
    (
        "ending",
        r"\b(?:at|near|towards?|by)\s+the\s+(?:very\s+)?end(?:\s+of\s+the\s+\w+)?\b"
        r"|\bin\s+the\s+(?:final|closing|last)\s+(?:scene|shot|part)\b",
    ),
]
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
_PLACES = {"first": 0, "opening": 0, "second": 1, "third": 2, "last": -1, "final": -1, "latter": -1,
           "former": 0}  # fmt: skip
_PATTERNS.insert(
    0,
    (
        "part",
        r"\b(?:(?:in|during|over|within|throughout)\s+)?(?:the\s+)?(first|opening|second|third|last|final|"
        r"latter|former)\s+(half|third|quarter)(?!\s+(?:an?\s+)?(?:minute|hour|second)s?\b)"
        r"(?:\s+of\s+the\s+(?:video|clip|stream|recording|footage))?\b",
    ),
)
_PATTERNS.insert(
    1,
    (
        "middle",
        r"\b(?:(?:in|during|around|near)\s+)?the\s+middle(?:\s+(?:part|section))?(?:\s+of\s+the\s+"
        r"(?:video|clip|stream|recording|footage))?\b|\b(?:mid-?way|halfway)\s+through\b",
    ),
)
_SCENE = r"(?:scenes?|shots?|clips?|views?)"
_NOW_SHOWN = (
    r"(?:the\s+(?:current|present)\s+(?:scene|shot|one|view)|this\s+(?:scene|shot|one|view)|the\s+one\s+(?:on\s+"
    r"(?:the\s+)?screen\s+)?now|what\s+is\s+(?:on\s+(?:the\s+)?screen|shown|showing|being\s+shown|in\s+view)"
    r"(?:\s+now)?)"
)
_COUNT_BACK = {"couple of": 2, "few": 3, "two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
_PATTERNS[:0] = [
    (
        "scenes_before_now",
        rf"\b(?:(?:the|a)\s+)?(?:{_SCENE}|one)\s+(?:just\s+|right\s+|immediately\s+)?before\s+{_NOW_SHOWN}"
        rf"|\b(?:just|right|immediately)\s+before\s+{_NOW_SHOWN}(?=\W|$)"
        rf"|\b(?:in\s+|during\s+)?the\s+(?:previous|prior|preceding|earlier)\s+{_SCENE}",
    ),
    # "when was someone last on screen before this scene?": any time before it, not the scene just before
    ("before_now_shown", rf"\bbefore\s+{_NOW_SHOWN}(?=\W|$)"),
    (
        "last_scenes",
        rf"\b(?:in\s+|during\s+|over\s+)?(?:the\s+)?(?:last|past|previous|latest|most\s+recent)\s+"
        rf"(couple\s+of|few|two|three|four|[234])\s+{_SCENE}",
    ),
    (
        "recent",
        r"\b(?<!most\s)(?:recently|lately|of\s+late|just\s+now|a\s+(?:moment|second|sec|little\s+while|bit)\s+ago"
        r"|(?:in\s+)?the\s+last\s+(?:few\s+)?moments?)\b",
    ),
]
_COMPILED = [(name, re.compile(p, re.I)) for name, p in _PATTERNS]


def _is_time(point: str) -> bool:
    """A bare number counts as a time only with a unit, a clock form or 'second N'."""
    p = point.strip().lower()
    return bool(re.search(rf"{_UNIT_RE}|:|^(?:the\s+)?second\s|mark$", p))


def _scenes_back(name: str, m: re.Match) -> ScenesBack:
    """The scenes a window counted in scenes covers (see :data:`ScenesBack`)."""
    if name == "scenes_before_now":
        return (1, 1)
    if name == "before_now_shown":
        return (EVERY_SCENE, 1)
    if name == "last_scenes":
        return (_COUNT_BACK[" ".join(m.group(1).lower().split())] - 1, 0)
    return (1, 0)  # recently


_WITHIN = re.compile(
    r"\b(?:in|during|within|of)\s+the\s+(?:scene|shot|part|clip|bit|segment)\s+(?:with|where|showing|that\s+"
    r"(?:had|showed|has|shows)|when\s+(?:we\s+saw|you\s+saw|there\s+was))\s+((?:the|a|an|some)\s+[a-z]+(?:\s+[a-z]+)?)"
    r"(?:\s+(?:was|were|appeared|in\s+it|on\s+screen|shown))?"
)


# "how many people appeared alongside the cat?", "was the cup next to the cat?": the cat's scene
_BESIDE = re.compile(
    r"\b(?:alongside|beside|next\s+to|together\s+with)\s+((?:the|a|an)\s+[a-z]+(?:\s+(?![a-z]+ed\b)"
    r"(?!was\b|were\b|is\b|are\b|at\b|in\b|on\b|before\b|after\b)[a-z]+)?)"
)


_THING = r"((?:the|a|an)\s+[a-z]+(?:\s+(?!(?:was|were|is|are|showed|appeared|came)\b)[a-z]+)?)"
# "was there movement while the cat was on screen?", "back when the coffee was in shot, did anything move?",
# "how many people were there when the cat showed up?"
# "while coffee on screen": a thing without its article, as people type
_BARE_THING = r"((?:(?:the|a|an)\s+)?(?!(?:was|were|is|are|it|they|he|she)\b)[a-z]+)"
_WHILE_IN = r"(?:on\s+screen|there|shown|visible|in\s+view|in\s+(?:the\s+)?(?:shot|frame|picture)|around|present|on)\b"
_WHILE = re.compile(
    rf"(?:^(?:back\s+)?when\s+{_THING}\s+(?:was|were|is|are)\s+{_WHILE_IN}"
    rf"|\b(?:while|whilst|as\s+long\s+as)\s+(?:{_THING}\s+(?:was|were|is|are)|{_BARE_THING}(?:\s+(?:was|were|is|are))?)\s+{_WHILE_IN})"
)
_WHEN_CLAUSE = re.compile(
    rf"(?<=\w)(?<!\bme)(?<!\bus)(?<!\bknow)(?<!\bask)(?<!\bsee)\s+when\s+{_THING}\s+(?:showed\s+up|appeared|came\s+in|came\s+on|was\s+on\s+screen|was\s+there"
    r"|was\s+shown|arrived|turned\s+up)\b"
)


def _before_now(name: str, m: re.Match[str], asked_at: float) -> Window:
    """The window a duration before ``asked_at`` names: "since a minute ago" and "in the last 30 s" run
    to now, "for 2 minutes" away too (and a half: 1.5 times), "30 s ago" is a moment."""
    if name == "since_ago":
        return (max(0.0, asked_at - seconds_of(m.group(1))), None)
    if name == "ago":
        at = asked_at - seconds_of(m.group(1))
        return (max(0.0, at - AT_SLACK_S), at + AT_SLACK_S)
    d = m.group(1)
    dur = 5.0 if d.startswith("few") else seconds_of(d if d[0].isdigit() or "half" in d else f"1 {d}")
    return (max(0.0, asked_at - dur * (1.5 if name == "away" and m.group(2) else 1.0)), None)


def find_window(text: str, asked_at: float) -> FoundWindow:
    """The first time window named in ``text`` (asked at ``asked_at`` s); see the module docstring."""
    if m := _WITHIN.search(text) or _BESIDE.search(text) or _WHILE.search(text) or _WHEN_CLAUSE.search(text):
        rest = (text[: m.start()] + " " + text[m.end() :]).strip()
        return FoundWindow((None, None), False, False, rest, within=next(g for g in m.groups() if g))
    t = _words_to_numbers(text)
    for name, pattern in _COMPILED:
        for m in pattern.finditer(t):
            rest = (t[: m.start()] + " " + t[m.end() :]).strip()
            if name == "between":
                a, b = m.group(1), m.group(2)
                if not (_is_time(a) or _is_time(b)):
                    continue
                unit = re.search(_UNIT_RE, b) or re.search(_UNIT_RE, a)
                lo, hi = (
                    seconds_of(x if _is_time(x) or not unit else f"{x} {unit.group(0)}") for x in (a, b)
                )
                lo, hi = sorted((lo, hi))
                return FoundWindow((lo, hi), False, False, rest)
            if name == "part":  # "the first half", "the last third": a share of what was streamed so far
                parts = _FRACTIONS[m.group(2).lower()]
                k = _PLACES[m.group(1).lower()] % parts
                if k >= parts:
                    continue
                return FoundWindow((asked_at * k / parts, asked_at * (k + 1) / parts), False, False, rest)
            if name == "middle":
                return FoundWindow((asked_at / 3.0, asked_at * 2.0 / 3.0), False, False, rest)
            if name in ("since_ago", "last", "away", "ago"):
                return FoundWindow(_before_now(name, m, asked_at), False, False, rest)
            if name == "first_n":  # the first 30 s end before the frame at 30 s
                d = m.group(1)
                end = seconds_of(d if d[0].isdigit() else f"1 {d}") - FIRST_N_OPEN_S
                return FoundWindow((0.0, end), False, False, rest)
            if name in ("since_start", "up_to_now"):  # "since the start", "before now": all so far
                return FoundWindow((0.0, None), False, False, rest)
            if name in ("scenes_before_now", "before_now_shown", "last_scenes", "recent"):
                return FoundWindow((None, None), False, False, rest, scenes_back=_scenes_back(name, m))
            if name in ("since", "until", "at"):
                if not _is_time(m.group(1)):
                    continue
                v = seconds_of(m.group(1))
                window: Window = {
                    "since": (v, None),
                    "until": (None, v),
                    "at": (max(0.0, v - AT_SLACK_S), v + AT_SLACK_S),
                }[name]
                return FoundWindow(window, False, False, rest)
            if name == "beginning":
                return FoundWindow((None, None), True, False, rest)
            if name == "ending":
                return FoundWindow((None, None), False, True, rest)
    return FoundWindow((None, None), False, False, t)
