"""Reading questions as people word them (forms, tense, targets, time windows); see :mod:`.reader`."""

from streamvu.answerers.reading.reader import (
    FORMS,
    CountOf,
    Form,
    Mode,
    Reading,
    Target,
    TargetKind,
    read_question,
)
from streamvu.answerers.reading.windows import Window, find_window

__all__ = [
    "FORMS",
    "CountOf",
    "Form",
    "Mode",
    "Reading",
    "Target",
    "TargetKind",
    "Window",
    "find_window",
    "read_question",
]
