"""A question waiting for a frame (:class:`Pending`) and :func:`settle`, which resolves its future."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass

import numpy as np

from streamvu.answerers.base import FrameMatcher
from streamvu.messages import Answer, ChoiceScoring, Question, QuestionMode
from streamvu.pipeline.triggers import FutureTrigger

__all__ = ["Pending", "settle"]


@dataclass(eq=False)
class Pending:
    """A question waiting for a frame: the first one, a scheduled time, or its evidence (future)."""

    text: str
    mode: QuestionMode  # as asked ("auto" allowed)
    future_mode: bool  # resolved mode is "future"
    result: Future
    on_token: Callable[[str], None] | None
    asked_wall: float
    at: float | None = None  # scheduled ask time; None with asked_at None: the first frame
    asked_at: float | None = None  # set once waiting for evidence (future questions)
    key: np.ndarray | None = None  # target embedding (None: generic question)
    matcher: FrameMatcher | None = None  # the answerer's own per-frame test (replaces ``key``)
    target: str = ""
    within: float | None = None  # stream seconds to wait for evidence
    deadline_wall: float | None = None
    trigger: FutureTrigger | None = None
    options: tuple[str, ...] = ()  # multiple-choice answers (empty: open question)
    prompt: str | None = None  # exact text for a generative model (None: the answerer lays it out)
    choice_scoring: ChoiceScoring = "auto"

    def question(self, asked_at: float, mode: QuestionMode | None = None) -> Question:
        return Question(
            self.text,
            asked_at,
            self.mode if mode is None else mode,
            self.options,
            self.prompt,
            self.choice_scoring,
        )


def settle(future: Future, result: Answer | None = None, error: BaseException | None = None) -> None:
    """Set a future's outcome unless it was cancelled meanwhile."""
    try:
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)
    except InvalidStateError:
        pass
