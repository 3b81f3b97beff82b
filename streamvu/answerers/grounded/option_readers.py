"""What a multiple-choice option says, read once: yes or no, a statement that affirms or denies, a number,
a time span, a moment, a duration, a relation ("before"), a part of the video ("near the end"), a list
of things in order, or the thing it names. :mod:`.choices` scores each kind against the evidence."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import permutations

import numpy as np

from streamvu.answerers.reading import Target, read_question

_SPAN = re.compile(
    r"^\D*?(\d+(?:[.:]\d+)?)\s*(?:s|sec|seconds)?\s*(?:-|–|—|to|and)\s*(\d+(?:[.:]\d+)?)\s*(?:s|sec|seconds)?\W*$",
    re.I,
)
_NUMBER = re.compile(r"^\D*?(\d+)\D*$")
_WORDS = {"zero": 0, "none": 0, "never": 0, "once": 1, "one": 1, "twice": 2, "two": 2, "three": 3,
          "thrice": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}  # fmt: skip
_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}


def _seconds(text: str) -> float:
    value = 0.0
    for part in text.split(":"):
        value = 60 * value + float(part)
    return value


def option_span(text: str) -> tuple[float, float] | None:
    """'20–40 s' / 'from 20s to 40s' / '0:20-0:40' -> (20.0, 40.0); None when not a span."""
    m = _SPAN.match(text.strip())
    if not m:
        return None
    a, b = _seconds(m.group(1)), _seconds(m.group(2))
    return (a, b) if b > a else None


_TIME = re.compile(
    r"^\s*(?:at|around|about|after|from)?\s*(?:(\d+:\d{2})|(\d+(?:\.\d+)?)\s*(?:s|sec|secs|seconds?)\b)\W*$",
    re.I,
)


def option_time(text: str) -> float | None:
    """'at 14 s' / '0:14' / '14 seconds' -> 14.0; None when not a single moment (a bare number is a count)."""
    m = _TIME.match(text.strip())
    if not m:
        return None
    return _seconds(m.group(1)) if m.group(1) else float(m.group(2))


_DURATION = re.compile(
    r"^\D*?(\d+(?:\.\d+)?|half\s+a|a|an|one|two|three|four|five|ten)\s*(s|secs?|seconds?|m|mins?|minutes?)\b",
    re.I,
)
_AMOUNTS = {"half a": 0.5, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}


def option_seconds(text: str) -> float | None:
    """A duration option ("30 seconds", "about 2 minutes", "half a minute", "1:30") in seconds."""
    t = text.strip().lower()
    if m := re.match(r"^\D*?(\d+):(\d{2})\b", t):
        return 60.0 * int(m.group(1)) + int(m.group(2))
    m = _DURATION.match(t)
    if not m:
        return None
    amount = m.group(1)
    n = float(amount) if amount[0].isdigit() else _AMOUNTS[re.sub(r"\s+", " ", amount)]
    return n * (60.0 if m.group(2).startswith("m") else 1.0)


def option_number(text: str) -> int | None:
    """The number an option states ("3", "three times", "twice", "2 people", "none"); None for an option
    that lists things ("three people, then a temple")."""
    t = text.strip().lower().rstrip(".")
    if option_items(t):
        return None
    for word, n in _WORDS.items():
        if re.search(rf"\b{word}\b", t):
            return n
    m = _NUMBER.match(t)
    return int(m.group(1)) if m else None


_RELATIONS = {"before": "before", "earlier": "before", "first": "before", "sooner": "before",
              "after": "after", "later": "after", "second": "after", "afterwards": "after"}  # fmt: skip


def option_relation(text: str) -> str | None:
    """'before' / 'after' for an option that only places one thing against another ("Before.",
    "after it", "earlier"); None otherwise."""
    t = re.sub(r"\b(?:it|that|the\s+\w+|than\s+\w+)\b", "", text.lower())
    t = re.sub(r"[^a-z ]", "", t).strip()
    return _RELATIONS.get(t)


_PARTS = (
    (0, r"\b(?:start|beginning|begin|early|earlier\s+on|opening|first\s+(?:part|third|half))\b"),
    (1, r"\b(?:middle|halfway|midway|mid|centre|center|second\s+third)\b"),
    (2, r"\b(?:end|ending|late|later\s+on|final|closing|last\s+(?:part|third|half)|towards\s+the\s+end)\b"),
)


def option_part(text: str) -> int | None:
    """Which third of the video an option names: 0 "at the start" / "early on", 1 "in the middle",
    2 "near the end"; None for anything else (an option naming a time or a thing)."""
    t = text.lower()
    if re.search(r"\d", t) or len(t.split()) > 5:
        return None
    found = [k for k, pattern in _PARTS if re.search(pattern, t)]
    return found[0] if len(found) == 1 else None


_DENIES = re.compile(r"\b(?:no|not|nobody|nothing|none|never|neither|nor|no\s+one|without)\b|n't\b")


def option_polarity(text: str) -> bool | None:
    """For an option that states an answer ("There was no dog", "Someone is there"): False when it
    denies, True when it affirms; None for an option shorter than a statement."""
    t = text.lower()
    if len(t.split()) < 3:
        return None
    return not _DENIES.search(t)


def affirm_and_deny(options: Sequence[str]) -> bool:
    """Two statements, one affirming and one denying ("There is a dog" / "There is no dog")."""
    said = [option_polarity(o) for o in options]
    return len(options) == 2 and None not in said and said[0] != said[1]


def option_yes_no(text: str) -> bool | None:
    t = re.sub(r"[^a-z]", "", text.lower())
    return True if t in _YES else False if t in _NO else None


_SEQ_SPLIT = re.compile(
    r"\s*(?:,?\s*(?:and\s+)?(?:then|next|afterwards|after\s+that|later|finally|lastly)\b|,?\s*followed\s+by\b"
    r"|->|→|;|,\s*and\b|,)\s*",
    re.I,
)
_SEQ_LEAD = re.compile(r"^\s*(?:first(?:ly)?|at\s+first|initially|to\s+begin\s+with)\b[\s,]*", re.I)


_THEN = re.compile(
    r"^\s*(?:,?\s*(?:and\s+)?(?:then|next|afterwards|after\s+that|later|finally|lastly|followed\s+by)|->|→)",
    re.I,
)


def option_steps(text: str) -> list[tuple[str, bool]]:
    """:func:`option_items` with, for each, whether the option says it came after the one before it
    ("then", "followed by", "->": a later shot) rather than merely listing it ("," may list two things
    of one shot)."""
    items = option_items(text)
    if not items:
        return []
    seps = [m.group(0) for m in _SEQ_SPLIT.finditer(text) if m.group(0).strip()]
    return [
        (item, i > 0 and i - 1 < len(seps) and bool(_THEN.match(seps[i - 1]))) for i, item in enumerate(items)
    ]


def option_items(text: str) -> list[str]:
    """The things an option lists in order ("a cup of coffee, then a cat" -> two); [] for one thing."""
    parts = [_SEQ_LEAD.sub("", p).strip(" .") for p in _SEQ_SPLIT.split(text) if p and p.strip(" .")]
    parts = [p for p in parts if p]
    return parts if len(parts) >= 2 else []


_NOBODY = re.compile(
    r"^(?:there\s+(?:is|was|'s)\s+)?(?:nobody|no\s*-?\s*one|no\s+(?:person|people|humans?)|not\s+anyone)"
    r"(?:\s+(?:is|was|at\s+all|there|here|in\s+view|on\s+screen|came|showed\s+up|appeared))*$"
)


def option_nobody(text: str) -> bool:
    """Whether an option says that no one is (was) there ("nobody", "No one.", "there was no one")."""
    return bool(_NOBODY.match(re.sub(r"[^a-z' -]", "", text.lower()).strip()))


_NOTHING = re.compile(
    r"^(?:nothing|none|no\s+(?:movement|motion|change|scene\s+change|cut)s?|nothing\s+(?:at\s+all|moved|moves|"
    r"is\s+moving|was\s+moving|changed|happened|happens))(?:\s+(?:it|all)\s+(?:was|is|stayed|has\s+been)\s+"
    r"(?:quiet|still|calm|empty))?$"
)


_NONE_OF = re.compile(
    r"^(?:none(?:\s+of\s+(?:these|them|those|the\s+above|the\s+options|the\s+others))?|neither(?:\s+of\s+"
    r"(?:them|these|those))?|none\s+of\s+these\s+things|something\s+else)$"
)


def option_none_of_these(text: str) -> bool:
    """Whether an option says that none of the others is the answer ("None of these", "neither")."""
    return bool(_NONE_OF.match(re.sub(r"[^a-z ]", "", text.lower()).strip()))


def option_nothing(text: str) -> bool:
    """Whether an option says that nothing is (was) there or happened ("nothing", "No movement.")."""
    return bool(_NOTHING.match(re.sub(r"[^a-z ]", "", text.lower()).strip()))


_AND = re.compile(r"\s+(?:and|&|plus|as\s+well\s+as)\s+|\s*,\s*", re.I)


_WITH_EVENT = re.compile(r"\s+(?:with|and|as|while|plus)\s+|\s*,\s*", re.I)


def option_conjuncts(text: str) -> list[Target]:
    """The things an option names together, each as :func:`option_target` reads it ("a woman in uniform
    and a temple" -> "a woman" (in "uniform"), "a temple"); an option naming movement ("the ball rolling
    across", "something moving") -> that event."""
    read = read_question(text).target
    if read is not None and read.kind != "thing":  # "a temple with a ball rolling across": both
        parts = [p for p in _WITH_EVENT.split(text.strip().rstrip(".")) if p.strip()]
        return [option_target(p) for p in parts] if len(parts) >= 2 else [read]
    parts = [p for p in _AND.split(text.strip().rstrip(".")) if p.strip()]
    return [option_target(p) for p in parts] if len(parts) >= 2 else [option_target(text)]


def option_target(text: str) -> Target:
    """The thing an option names ("A cat.", "the cat appeared" -> "the cat"; "a ball rolling across" ->
    movement; the text when nothing is left),
    with what the reader says it is seen with ("a man with a camera": "a man", attached "a camera"; see
    ``Target.attached``)."""
    target = read_question(text).target
    return target if target is not None else Target(text.strip().rstrip("."))


def paired_alternatives(
    relevance: Callable[[str], np.ndarray], options: Sequence[str], alternatives: Sequence[Target]
) -> list[Target | None]:
    """Which of the question's compared things each option names, when the options name them in other
    words ("rocket or blossom, which came first?" with options "the flower", "the rocket"): the pairing of
    options with alternatives whose class relevances agree most in total (the rocket pairs with the
    rocket, so the flower with the blossom). None for every option when the counts differ."""
    if len(options) != len(alternatives) or not 2 <= len(options) <= 4:
        return [None] * len(options)

    def unit(phrase: str) -> np.ndarray:
        r = relevance(phrase)
        return r / max(float(np.linalg.norm(r)), 1e-9)

    opts = [unit(option_conjuncts(o)[0].phrase) for o in options]
    alts = [unit(a.phrase) for a in alternatives]
    sim = np.array([[float(o @ a) for a in alts] for o in opts])
    best = max(permutations(range(len(alts))), key=lambda perm: sum(sim[i, j] for i, j in enumerate(perm)))
    return [alternatives[j] for j in best]
