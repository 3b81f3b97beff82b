"""Read a question as people word it: its form, its tense, what it asks about, and when.

:func:`read_question` takes the question apart once (:mod:`.parsed`): every word is tagged with what it
signals (:mod:`.lexicon`, :mod:`.cues`): tense ("showed up", "is there", "will"), a request to be told
("let me know when"), order ("preceded", "earlier", "last"), counting ("how often"), the events motion
and scene change, a time window (:mod:`.windows`). The words left untagged are the thing asked about;
"it" refers back to an earlier sentence. The form follows from the signals by rules in a fixed order
of precedence (:mod:`.rules`), and a question with no decisive signal is read as ``summary`` —
answered by describing what was seen in its window — never forced into a confident other form.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from streamvu.answerers.reading.parsed import parse
from streamvu.answerers.reading.rules import RULES, described
from streamvu.answerers.reading.types import FORMS, Beyond, CountOf, Form, Mode, Reading, Target, TargetKind
from streamvu.answerers.reading.windows import EVERY_SCENE

__all__ = ["FORMS", "Beyond", "CountOf", "Form", "Mode", "Reading", "Target", "TargetKind", "read_question"]


@functools.lru_cache(maxsize=1024)  # a question is read by the mode check, the answerer and a trigger
def read_question(text: str, mode: str = "auto", asked_at: float = 0.0) -> Reading:
    """Read ``text`` asked at ``asked_at`` s; ``mode`` "now"/"past"/"future" overrides the tense read
    from the wording ("auto" reads it). See the module docstring."""
    parsed = parse(text, mode, asked_at)
    reading = next((r for r in (rule(parsed) for rule in RULES) if r is not None), None) or described(parsed)
    beyond = beyond_sight(text)
    if beyond:
        if beyond in ("the weather", "feelings") and reading.form in ("here_now", "was_shown"):
            # "is it raining?", "is she happy?": nothing to check; what is seen instead
            form = "what_now" if reading.mode == "now" else "summary"
            reading = dataclasses.replace(reading, form=form, target=None, alternatives=())
        reading = dataclasses.replace(reading, beyond=beyond)
    if reading.scenes_back == (EVERY_SCENE, 1) and reading.form in _WHAT_WAS_SHOWN:
        # "what was shown before this scene?" asks for the scene before it; "was the cat there before
        # this scene?", "when was someone last on screen before this scene?" for any time before it
        reading = dataclasses.replace(reading, scenes_back=(1, 1))
    return reading


_WHAT_WAS_SHOWN = frozenset({"summary", "what_now", "first", "last"})

_BEYOND: tuple[tuple[Beyond, re.Pattern[str]], ...] = (
    (
        "colours",
        re.compile(r"\b(?:what|which)\s+colou?rs?\b|\bcolou?r\s+(?:is|are|was|were)\b|\bwhat\s+shade\b"),
    ),
    (
        "why",
        re.compile(r"^\s*(?:so\s+|and\s+|but\s+)?why\b|\bwhat\s+(?:made|caused)\b|\bfor\s+what\s+reason\b"),
    ),
    (
        "what anyone is doing",
        re.compile(
            r"\b(?:what|how)\s+(?:is|are|was|were)\s+(?:\w+\s+){1,3}?(?:doing|saying|thinking|feeling|up\s+to)\b"
        ),
    ),
    (
        "the weather",
        re.compile(
            r"\b(?:rain(?:s|ing|ed|y)?|snow(?:s|ing|ed|y)?|sunny|cloudy|foggy|windy|stormy|weather)\b"
        ),
    ),
    (
        "feelings",
        re.compile(r"\b(?:happy|sad|angry|upset|scared|afraid|nervous|mood|emotions?|bored|excited)\b"),
    ),
)


def beyond_sight(text: str) -> Beyond:
    """What ``text`` asks that colours-blind class labels, detectors and motion cannot tell (see
    ``Reading.beyond``); "" when nothing."""
    q = text.lower()
    return next((name for name, pattern in _BEYOND if pattern.search(q)), "")
