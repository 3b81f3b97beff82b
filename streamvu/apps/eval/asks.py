"""The questions of one video answered concurrently while its single ingest goes on (``eval --concurrency``).

A question is answered from the memory as it was when the stream reached the question's time: the
pipeline is frozen at a snapshot (:class:`AtSnapshot`) and the answer runs on a worker thread while
frames keep coming, so a served model (vLLM, SGLang) gets several questions at once and batches them.
Records come out in question order whatever order the answers finish in; a failed answer (a server
that went away) fails the video, so nothing half-done is recorded and a resumed run asks it again.
Sliding-window questions, which build a memory of their own, are answered in the ingest thread.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from streamvu.apps.eval.items import EvalItem


class _FrozenMemory:
    """What :meth:`Pipeline.ask` reads of memory, fixed at one snapshot."""

    def __init__(self, snapshot) -> None:
        self._snapshot = snapshot

    def snapshot(self):
        return self._snapshot

    @property
    def latest_t(self) -> float | None:
        return self._snapshot.latest_t


class AtSnapshot:
    """``pipeline`` as it is now: its memory frozen at a snapshot, its models and query handler shared."""

    def __init__(self, pipeline) -> None:
        self._pipeline = pipeline
        self.memory = _FrozenMemory(pipeline.memory.snapshot())
        self.queries = pipeline.queries
        self.info = pipeline.info
        self.config = pipeline.config

    def ask(self, *args, **kwargs):
        """:meth:`Pipeline.ask` against the frozen memory."""
        return type(self._pipeline).ask(self, *args, **kwargs)


class OrderedAsks:
    """Answers questions on up to ``concurrency`` threads (1: at once, in the calling thread) and yields
    their records in the order the questions were added. ``ask(pipeline, item, *args)`` makes one record."""

    def __init__(self, concurrency: int, ask: Callable[..., dict]) -> None:
        if concurrency < 1:
            raise ValueError(f"concurrency must be >= 1, got {concurrency}")
        self.ask = ask
        self.pool = (
            ThreadPoolExecutor(concurrency, thread_name_prefix="streamvu-ask") if concurrency > 1 else None
        )
        self.limit = 4 * concurrency  # questions in flight or finished but not yet yielded
        self.futures: deque[Future] = deque()

    def add(self, pipeline, item: EvalItem, *args) -> Iterator[dict]:
        """Start answering ``item``; yields the records of earlier questions that are done."""
        if self.pool is None:
            yield self.ask(pipeline, item, *args)
            return
        if item.fresh_memory:  # its own window memory: built and answered here
            done: Future = Future()
            try:
                done.set_result(self.ask(pipeline, item, *args))
            except Exception as exc:
                done.set_exception(exc)
            self.futures.append(done)
        else:
            self.futures.append(self.pool.submit(self.ask, AtSnapshot(pipeline), item, *args))
        while self.futures and (self.futures[0].done() or len(self.futures) > self.limit):
            yield self._result(self.futures.popleft())

    def finish(self) -> Iterator[dict]:
        """The remaining records, in order, once answered."""
        while self.futures:
            yield self._result(self.futures.popleft())
        if self.pool is not None:
            self.pool.shutdown(wait=True)

    def _result(self, future: Future) -> dict:
        try:
            return future.result()
        except BaseException:
            self.futures.clear()
            if self.pool is not None:
                self.pool.shutdown(wait=False, cancel_futures=True)
            raise
