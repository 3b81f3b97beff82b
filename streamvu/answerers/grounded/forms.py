"""Question forms the grounded answerer knows, read from the wording.

``parse(text, mode)`` returns a :class:`Parsed`: the form, the thing asked about (``target``: "a
cat"), the alternatives of a "which came first, X or Y?" question, and the time window the question
names ("at the beginning", "since 20 s", "in the last 10 seconds", "between 5 and 30 s"). Anything
not recognised is a ``describe`` question: the answer states the top observations in the window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Form = Literal[
    "now_what",  # what is here now?
    "now_yesno",  # is X here now / still here?
    "past_yesno",  # was X shown / did X appear?
    "when",  # when was X shown? -> its best span
    "first",  # what came first? / which came first, X or Y?
    "before",  # what came before X?
    "after",  # what came after X?
    "count",  # how many times did X appear? / how many distinct scenes?
    "future",  # what happens next? (not predictable from what was seen)
    "describe",  # anything else: the top observations in the asked window
]
FORMS: tuple[Form, ...] = (
    "now_what",
    "now_yesno",
    "past_yesno",
    "when",
    "first",
    "before",
    "after",
    "count",
    "future",
    "describe",
)
Window = tuple[float | None, float | None]
"""(from, to) in seconds; None is open (the start of the video / the ask time)."""


@dataclass(frozen=True)
class Parsed:
    """A question read into its form. ``target`` is "" when the question names nothing to look for;
    ``beginning`` marks "at the beginning / at the start" (the first scene)."""

    form: Form
    target: str = ""
    alternatives: tuple[str, ...] = ()
    window: Window = (None, None)
    beginning: bool = False


_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"\s*(?:s|sec|secs|seconds?)\b"
_BETWEEN = re.compile(rf"\bbetween\s+{_NUM}(?:{_UNIT})?\s+and\s+{_NUM}(?:{_UNIT})?", re.I)
_SINCE = re.compile(rf"\b(?:since|after|from)\s+(?:second\s+)?{_NUM}(?:{_UNIT})?", re.I)
_UNTIL = re.compile(rf"\b(?:before|until|by)\s+(?:second\s+)?{_NUM}(?:{_UNIT})?", re.I)
_LAST = re.compile(rf"\b(?:in\s+)?the\s+(?:last|past)\s+{_NUM}{_UNIT}", re.I)
_FIRST_N = re.compile(rf"\b(?:in\s+)?the\s+first\s+{_NUM}{_UNIT}", re.I)
_AT_T = re.compile(rf"\bat\s+(?:second\s+)?{_NUM}{_UNIT}|\bat\s+second\s+{_NUM}\b", re.I)
_BEGINNING = re.compile(
    r"\b(at|in|near)\s+the\s+(very\s+)?(beginning|start|outset)\b|\b(at\s+first|initially)\b", re.I
)

_COUNT = re.compile(r"\bhow\s+many\b", re.I)
_WHEN = re.compile(r"^\s*(when|at\s+what\s+time|what\s+time|during\s+which\s+(seconds|time|span))\b", re.I)
_BEFORE_AFTER = re.compile(
    r"\b(right\s+|just\s+|immediately\s+)?(before|after|preceding|following)\s+(?!\d)(.+)$", re.I
)
_FIRST = re.compile(
    r"\b(came|appeared|was\s+shown|was\s+seen|showed\s+up|come|appear|shown|seen)\s+first\b"
    r"|\bfirst\s*[,:]|\bwhich\s+(one\s+)?(was\s+)?first\b|\bwhat\s+(was\s+)?first\b",
    re.I,
)
_FUTURE = re.compile(r"\b(will|next|going\s+to|about\s+to|later|soon)\b", re.I)
_PROACTIVE = re.compile(
    r"^\s*(please\s+)?((tell|let|notify|alert|warn|ping)\s+(me|us)(\s+know)?\s+(when|if|once|as\s+soon\s+as)"
    r"|wait\s+(for|until|till)|watch\s+(out\s+)?for)\b",
    re.I,
)
_NOW = re.compile(
    r"\b(now|currently|at\s+the\s+moment|right\s+now|at\s+present|still|on\s+screen\s+now)\b", re.I
)
_PAST_YN = re.compile(
    r"^\s*(was|were|did|has|have|had)\b|\b(ever|earlier|at\s+any\s+(point|time)|so\s+far|before)\b", re.I
)
_YESNO = re.compile(
    r"^\s*(is|are|was|were|did|does|do|has|have|had|can\s+you\s+see|could\s+you\s+see|"
    r"have\s+you\s+seen|do\s+you\s+see|is\s+there|are\s+there)\b",
    re.I,
)
_WHAT_NOW = re.compile(
    r"^\s*(what|which|who)\b.*\b(now|currently|at\s+the\s+moment|right\s+now|on\s+screen|"
    r"happening|visible|in\s+(the\s+)?(view|frame|picture|video))\b",
    re.I,
)

# words that frame a question but name nothing visible
_FILLER = re.compile(
    r"\b(how\s+many\s+(distinct\s+|different\s+|separate\s+)?(times|scenes|moments|occasions|spans|segments|parts)"
    r"|how\s+many|when|at\s+what\s+time|what\s+time|during\s+which\s+(seconds|time|span)|which\s+came|what\s+came"
    r"|what\s+was|what\s+is|what's|what|which|who|can\s+you\s+see|could\s+you\s+see|have\s+you\s+seen|do\s+you\s+see"
    r"|is\s+there|are\s+there|was\s+there|were\s+there|there|is|are|was|were|did|does|do|has|have|had|been|be"
    r"|appears?|appeared|appearing|shows?|showed|shown|showing|seen|see|visible|present|on\s+screen|in\s+view"
    r"|in\s+(the\s+)?(video|clip|stream|frame|picture|scene)|come|came|comes|displayed|featured|first|last"
    r"|still|now|currently|right\s+now|at\s+the\s+moment|ever|earlier|at\s+any\s+(point|time)|so\s+far|again"
    r"|here|yet|any|anything|something|the\s+video|you|me|please|tell|in\s+total|altogether|distinct|different"
    r"|separate|times|scenes|occur|occurred|happen|happened|happening|just|right|immediately|go|going|on|it"
    r"|show\s+up|showed\s+up|shows\s+up|turn\s+up|turned\s+up|happens|next|will|let\s+me\s+know|know|if|once"
    r"|notify|alert|warn|ping|let|us|wait\s+for|wait|watch\s+out\s+for|watch\s+for|as\s+soon\s+as|arrives?|enters?|back|into\s+view)\b",
    re.I,
)
_WINDOW_WORDS = [_BETWEEN, _SINCE, _UNTIL, _LAST, _FIRST_N, _AT_T, _BEGINNING]


def _window(text: str, asked_at: float) -> tuple[Window, bool]:
    if m := _BETWEEN.search(text):
        a, b = sorted((float(m.group(1)), float(m.group(2))))
        return (a, b), False
    if m := _LAST.search(text):
        return (max(0.0, asked_at - float(m.group(1))), None), False
    if m := _FIRST_N.search(text):
        return (0.0, float(m.group(1))), False
    if m := _AT_T.search(text):
        t = float(m.group(1) or m.group(2))
        return (max(0.0, t - 1.0), t + 1.0), False
    if m := _SINCE.search(text):
        return (float(m.group(1)), None), False
    if m := _UNTIL.search(text):
        return (None, float(m.group(1))), False
    if _BEGINNING.search(text):
        return (None, None), True
    return (None, None), False


def clean_target(text: str) -> str:
    """The visible thing a phrase names, with framing words, times and punctuation removed:
    "was a cat shown at the beginning?" -> "a cat"; "" when nothing is left."""
    t = text
    for pattern in _WINDOW_WORDS:
        t = pattern.sub(" ", t)
    t = _FILLER.sub(" ", t)
    t = re.sub(r"[?!.,;:\"()]", " ", t)
    words = t.split()
    while words and words[-1].lower() in ("a", "an", "the", "of", "in", "at", "by", "to", "and", "or", "for"):
        words.pop()
    while words and words[0].lower() in ("of", "in", "at", "by", "to", "and", "or", "for"):
        words.pop(0)
    return " ".join(words)


def _alternatives(text: str) -> tuple[str, ...]:
    """'which came first, the cat or the rocket?' -> ('the cat', 'the rocket')."""
    tail = re.split(r"[,:]", text, maxsplit=1)
    part = tail[1] if len(tail) == 2 else text
    if not re.search(r"\bor\b", part, re.I):
        return ()
    pieces = [clean_target(p) for p in re.split(r"\bor\b", part, flags=re.I)]
    return tuple(p for p in pieces if p) if sum(1 for p in pieces if p) >= 2 else ()


def parse(text: str, mode: str = "auto", asked_at: float = 0.0) -> Parsed:
    """Read ``text`` (asked at ``asked_at`` s, in ``mode`` as the query handler resolved it) into its form."""
    q = " ".join(text.strip().split())
    window, beginning = _window(q, asked_at)
    if _COUNT.search(q):
        return Parsed("count", clean_target(q), window=window, beginning=beginning)
    if _PROACTIVE.search(q):
        return Parsed("future", clean_target(q), window=window)
    if _WHEN.search(q) and mode != "future":
        return Parsed("when", clean_target(q), window=window)
    m = _BEFORE_AFTER.search(q)
    if m and re.match(r"^\s*(what|which|who)\b", q, re.I):
        form: Form = "before" if m.group(2).lower() in ("before", "preceding") else "after"
        return Parsed(form, clean_target(m.group(3)), window=window)
    if _FIRST.search(q):
        return Parsed("first", "", alternatives=_alternatives(q), window=window)
    if mode == "future" or (_FUTURE.search(q) and not _YESNO.search(q)):
        return Parsed("future", clean_target(q), window=window)
    if _YESNO.search(q):
        past = bool(_PAST_YN.search(q)) and not _NOW.search(q)
        past = past or beginning or window != (None, None)
        return Parsed(
            "past_yesno" if past else "now_yesno", clean_target(q), window=window, beginning=beginning
        )
    if beginning or window != (None, None):
        return Parsed("describe", clean_target(q), window=window, beginning=beginning)
    if _WHAT_NOW.search(q) or (mode == "now" and not clean_target(q)):
        return Parsed("now_what", clean_target(q), window=window)
    return Parsed("describe", clean_target(q), window=window)
