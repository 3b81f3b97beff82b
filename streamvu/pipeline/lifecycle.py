"""The lives of a stream and of a question: their states, and every move between them, in one table each.

A :class:`~streamvu.pipeline.stream.Stream` starts, runs, and ends one way (its source ended or
reached ``until``, it failed, or it was closed):

    starting -> running -> ended | failed | closed        starting -> closed        ended -> closed

A question on a stream waits (for the first frame or its scheduled time), a future question then
watches the frames for its evidence, and each is answered, fails, expires or is cancelled:

    waiting -> answering | watching | expired | cancelled
    watching -> answering | expired | cancelled
    answering -> answered | failed | cancelled

:func:`advance` makes a move. A move the table does not list from a live state is a bug and raises; a
final state stays as it is (a stream closed after it failed still reports the failure; a question
cancelled while its answer was being written stays cancelled).
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

__all__ = [
    "QUESTION_MOVES",
    "STREAM_MOVES",
    "QuestionState",
    "StreamState",
    "advance",
    "final",
]


class _State(str, Enum):
    """A state that is also its name as a string (``StreamState.FAILED == "failed"``, JSON writes
    ``"failed"``)."""

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


class StreamState(_State):
    """A stream's life (see the module doc)."""

    STARTING = "starting"
    RUNNING = "running"
    ENDED = "ended"  # the source was exhausted or ``until`` was reached
    FAILED = "failed"
    CLOSED = "closed"


class QuestionState(_State):
    """A question's life on a stream (see the module doc)."""

    WAITING = "waiting"  # for the first frame or the scheduled time
    WATCHING = "watching"  # a future question, for its evidence
    ANSWERING = "answering"  # handed to the answer pool
    ANSWERED = "answered"
    EXPIRED = "expired"  # its frame, time or evidence did not come in time (a future question gets a
    # "not seen" answer, any other a QuestionError)
    FAILED = "failed"
    CANCELLED = "cancelled"


S, Q = StreamState, QuestionState

STREAM_MOVES: dict[StreamState, frozenset[StreamState]] = {
    S.STARTING: frozenset({S.RUNNING, S.CLOSED}),
    S.RUNNING: frozenset({S.ENDED, S.FAILED, S.CLOSED}),
    S.ENDED: frozenset({S.CLOSED}),
    S.FAILED: frozenset(),
    S.CLOSED: frozenset(),
}
"""Where a stream may go from each state."""

QUESTION_MOVES: dict[QuestionState, frozenset[QuestionState]] = {
    Q.WAITING: frozenset({Q.ANSWERING, Q.WATCHING, Q.EXPIRED, Q.CANCELLED}),
    Q.WATCHING: frozenset({Q.ANSWERING, Q.EXPIRED, Q.CANCELLED}),
    Q.ANSWERING: frozenset({Q.ANSWERED, Q.FAILED, Q.CANCELLED}),
    Q.ANSWERED: frozenset(),
    Q.EXPIRED: frozenset(),
    Q.FAILED: frozenset(),
    Q.CANCELLED: frozenset(),
}
"""Where a question may go from each state."""

StateT = TypeVar("StateT", StreamState, QuestionState)


def advance(current: StateT, wanted: StateT) -> StateT:
    """The state after asking to move from ``current`` to ``wanted``: ``wanted`` when the table allows
    it; ``current`` when it is final (or already ``wanted``); RuntimeError for any other move."""
    moves = STREAM_MOVES if isinstance(current, StreamState) else QUESTION_MOVES
    if wanted in moves[current]:
        return wanted
    if not moves[current] or wanted is current:
        return current
    raise RuntimeError(f"a {type(current).__name__} cannot go from {current} to {wanted}")


def final(state: StreamState | QuestionState) -> bool:
    """True for a state nothing leaves."""
    moves = STREAM_MOVES if isinstance(state, StreamState) else QUESTION_MOVES
    return not moves[state]
