"""The pieces of one answer as they are generated: :class:`AnswerStream` (``Stream.ask_stream``)."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from concurrent.futures import Future

from streamvu.messages import Answer

__all__ = ["AnswerStream"]

_DONE = object()


class AnswerStream(Iterator[str]):
    """Iterate the pieces of one answer as they are generated; ``answer()`` gives the finished
    :class:`Answer` (``future`` is its :class:`~concurrent.futures.Future`). Iteration re-raises the
    answer's error, if any, after the pieces streamed before it.

    timeout: wall seconds from now that iterating and ``answer()`` wait for the answer before
    ``TimeoutError`` (None: no limit)."""

    def __init__(self, timeout: float | None = None) -> None:
        self._queue: queue.Queue = queue.Queue()
        self.future: Future[Answer] | None = None
        self._finished = False
        self._deadline = None if timeout is None else time.monotonic() + timeout

    def _left(self) -> float | None:
        return None if self._deadline is None else max(0.0, self._deadline - time.monotonic())

    def _put(self, piece: str) -> None:
        self._queue.put(piece)

    def _attach(self, future: Future[Answer]) -> None:
        self.future = future
        future.add_done_callback(lambda _: self._queue.put(_DONE))

    def __iter__(self) -> AnswerStream:
        return self

    def __next__(self) -> str:
        if self._finished:
            raise StopIteration
        try:
            item = self._queue.get(timeout=self._left())
        except queue.Empty:
            raise TimeoutError("no answer within the timeout; the question stays registered") from None
        if item is _DONE:
            self._finished = True
            assert self.future is not None
            error = None if self.future.cancelled() else self.future.exception()
            if error is not None:
                raise error
            raise StopIteration
        return item

    def answer(self, timeout: float | None = None) -> Answer:
        """The finished answer; ``timeout`` (wall seconds) defaults to what is left of the stream's."""
        assert self.future is not None
        return self.future.result(self._left() if timeout is None else timeout)
