"""A question waiting for a frame (:class:`Pending`) and :func:`settle`, which resolves its future."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass

import numpy as np

from streamvu.answerers.base import FrameMatcher
from streamvu.messages import Answer, Question, QuestionMode
from streamvu.pipeline.lifecycle import QuestionState, advance
from streamvu.pipeline.request import AskRequest
from streamvu.pipeline.triggers import FutureTrigger

__all__ = ["Pending", "settle"]


@dataclass(eq=False)
class Pending:
    """A question waiting for a frame: the first one, a scheduled time, or its evidence (future)."""

    request: AskRequest  # the question as asked (its ``mode`` may be "auto")
    future_mode: bool  # resolved mode is "future"
    result: Future
    on_token: Callable[[str], None] | None
    asked_wall: float
    asked_at: float | None = None  # the time it counts as asked from, once watching (future questions)
    key: np.ndarray | None = None  # target embedding (None: generic question)
    matcher: FrameMatcher | None = None  # the answerer's own per-frame test (replaces ``key``)
    target: str = ""
    within: float | None = None  # stream seconds to wait for evidence (the request's, or the default)
    deadline_wall: float | None = None
    trigger: FutureTrigger | None = None
    state: QuestionState = QuestionState.WAITING  # see streamvu.pipeline.lifecycle

    def move(self, wanted: QuestionState) -> None:
        """Go to ``wanted`` as the lifecycle's table allows (a final state stays)."""
        self.state = advance(self.state, wanted)

    @property
    def text(self) -> str:
        return self.request.text

    @property
    def at(self) -> float | None:
        """Scheduled ask time; None with ``asked_at`` None: asked at the first frame."""
        return self.request.at

    def question(self, asked_at: float, mode: QuestionMode | None = None) -> Question:
        return self.request.question(asked_at, mode)


def settle(future: Future, result: Answer | None = None, error: BaseException | None = None) -> None:
    """Set a future's outcome unless it was cancelled meanwhile."""
    try:
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)
    except InvalidStateError:
        pass
