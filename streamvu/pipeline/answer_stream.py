"""The pieces of one answer as they are generated: :class:`AnswerStream` (``Stream.ask_stream``)."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from concurrent.futures import Future

from streamvu.messages import Answer

__all__ = ["AnswerStream"]

_DONE = object()


class AnswerStream(Iterator[str]):
    """Iterate the pieces of one answer as they are generated; ``answer()`` gives the finished
    :class:`Answer` (``future`` is its :class:`~concurrent.futures.Future`). Iteration re-raises the
    answer's error, if any, after the pieces streamed before it."""

    def __init__(self) -> None:
        self._queue: queue.Queue = queue.Queue()
        self.future: Future[Answer] | None = None
        self._finished = False

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
        item = self._queue.get()
        if item is _DONE:
            self._finished = True
            assert self.future is not None
            error = None if self.future.cancelled() else self.future.exception()
            if error is not None:
                raise error
            raise StopIteration
        return item

    def answer(self, timeout: float | None = None) -> Answer:
        assert self.future is not None
        return self.future.result(timeout)
