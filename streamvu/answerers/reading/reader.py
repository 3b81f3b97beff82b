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

from streamvu.answerers.reading.parsed import parse
from streamvu.answerers.reading.rules import RULES, described
from streamvu.answerers.reading.types import FORMS, CountOf, Form, Mode, Reading, Target, TargetKind
from streamvu.answerers.reading.windows import EVERY_SCENE

__all__ = ["FORMS", "CountOf", "Form", "Mode", "Reading", "Target", "TargetKind", "read_question"]


@functools.lru_cache(maxsize=1024)  # a question is read by the mode check, the answerer and a trigger
def read_question(text: str, mode: str = "auto", asked_at: float = 0.0) -> Reading:
    """Read ``text`` asked at ``asked_at`` s; ``mode`` "now"/"past"/"future" overrides the tense read
    from the wording ("auto" reads it). See the module docstring."""
    parsed = parse(text, mode, asked_at)
    reading = next((r for r in (rule(parsed) for rule in RULES) if r is not None), None) or described(parsed)
    if reading.scenes_back == (EVERY_SCENE, 1) and reading.form in _WHAT_WAS_SHOWN:
        # "what was shown before this scene?" asks for the scene before it; "was the cat there before
        # this scene?", "when was someone last on screen before this scene?" for any time before it
        reading = dataclasses.replace(reading, scenes_back=(1, 1))
    return reading


_WHAT_WAS_SHOWN = frozenset({"summary", "what_now", "first", "last"})
