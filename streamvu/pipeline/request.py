"""One question as asked: :class:`AskRequest`, the arguments every ``ask*`` entry point takes.

``Pipeline.ask``, ``Stream.ask``, ``Stream.ask_async`` and ``Stream.ask_stream`` each build one
from their keyword arguments, so a wrong value is refused with the same
:class:`~streamvu.errors.QuestionError` whichever way the question came in (a test keeps their
signatures in line with the fields here). Checks that need the pipeline's settings (the question's
length limit) or memory (a frame to answer from) come later, where those are known.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, fields
from typing import get_args

from streamvu.errors import QuestionError
from streamvu.messages import QUESTION_MODES, ChoiceScoring, Question, QuestionMode

__all__ = ["CHOICE_SCORINGS", "AskRequest"]

CHOICE_SCORINGS: tuple[str, ...] = get_args(ChoiceScoring)


@dataclass(frozen=True)
class AskRequest:
    """A question and how to ask it, checked once when made.

    text: the question.
    at: stream time (seconds) it is asked at; None: the newest frame's time when asked.
    mode: "auto" | "now" | "past" | "future" (see :data:`~streamvu.messages.QuestionMode`).
    options: answer choices of a multiple-choice question, without letters.
    prompt: the exact text a generative model is given; None lets the answerer lay it out.
    choice_scoring: how a multiple-choice question is decided (see
        :data:`~streamvu.messages.ChoiceScoring`).
    within: future questions on a stream: stream seconds to wait for the evidence (None: the stream's
        ``future_timeout_s``); a pipeline, which answers at once, ignores it.
    timeout: wall seconds a caller waits for the answer before ``TimeoutError`` (None: no limit);
        the question stays registered.
    """

    text: str
    at: float | None = None
    mode: QuestionMode = "auto"
    options: tuple[str, ...] = ()
    prompt: str | None = None
    choice_scoring: ChoiceScoring = "auto"
    within: float | None = None
    timeout: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise QuestionError(f"a question must be a string, got {type(self.text).__name__}")
        if not self.text.strip():
            raise QuestionError("the question is empty")
        if self.mode not in QUESTION_MODES:
            raise QuestionError(f"unknown mode {self.mode!r}; use auto, now, past or future")
        if self.choice_scoring not in CHOICE_SCORINGS:
            raise QuestionError(
                f"unknown choice scoring {self.choice_scoring!r}; use auto, generate or likelihood"
            )
        if isinstance(self.options, str):
            raise QuestionError("options must be a sequence of answer texts, not one string")
        options = tuple(self.options)
        if not all(isinstance(option, str) for option in options):
            raise QuestionError("every option must be a string")
        object.__setattr__(self, "options", options)
        if self.prompt is not None and not isinstance(self.prompt, str):
            raise QuestionError(f"prompt must be a string or None, got {type(self.prompt).__name__}")
        for name, value in (("at", self.at), ("within", self.within), ("timeout", self.timeout)):
            if value is not None:
                object.__setattr__(self, name, _seconds(name, value))

    def question(self, asked_at: float, mode: QuestionMode | None = None) -> Question:
        """The :class:`~streamvu.messages.Question` asked at ``asked_at`` (``mode`` overrides the asked one)."""
        return Question(
            text=self.text,
            asked_at=float(asked_at),
            mode=self.mode if mode is None else mode,
            options=self.options,
            prompt=self.prompt,
            choice_scoring=self.choice_scoring,
        )


FIELDS: tuple[str, ...] = tuple(f.name for f in fields(AskRequest))
"""The request's field names, in order (the keywords every ask entry point takes)."""


def _seconds(name: str, value: object) -> float:
    """``value`` as a finite number of seconds >= 0, else QuestionError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise QuestionError(f"{name} must be a number of seconds, got {type(value).__name__}")
    if not math.isfinite(value):
        raise QuestionError(f"{name} must be a finite number of seconds, got {value}")
    if value < 0:
        if name == "at":
            raise QuestionError(f"a question cannot be asked at a negative time ({value} s)")
        raise QuestionError(f"{name} must be >= 0 seconds, got {value}")
    return float(value)
