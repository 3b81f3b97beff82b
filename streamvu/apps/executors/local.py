"""The local executor: ``workers`` threads in this process sharing one set of models."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from streamvu.apps.executors.base import ExecutorName, P, R, Unit, UnitResult, Work, check_units, process_unit

POLL_S = 0.1  # seconds the main thread waits at a time (see _get)


class LocalExecutor:
    """Process units in this process: ``work.setup()`` once, then ``workers`` threads (1: the calling
    thread itself) take units in order. Worker threads are daemons: an interrupted job does not wait
    for the units in progress (their outputs are written atomically, so nothing torn is left)."""

    name: ExecutorName = "local"

    def __init__(self, workers: int = 1) -> None:
        if workers < 1:
            raise ValueError(f"workers must be >= 1, got {workers}")
        self.workers = workers

    def run(self, work: Work[P, R], units: Sequence[Unit[P]]) -> Iterator[UnitResult[R]]:
        check_units(units)
        if not units:
            return
        state = work.setup()
        if self.workers == 1 or len(units) == 1:
            for unit in units:
                yield process_unit(work, state, unit)
            return
        yield from self._threads(work, state, units)

    def _threads(self, work: Work[P, R], state: Any, units: Sequence[Unit[P]]) -> Iterator[UnitResult[R]]:
        todo: queue.SimpleQueue[Unit[P] | None] = queue.SimpleQueue()
        for unit in units:
            todo.put(unit)
        results: queue.SimpleQueue[UnitResult[R] | BaseException] = queue.SimpleQueue()
        stop = threading.Event()
        count = min(self.workers, len(units))
        for _ in range(count):
            todo.put(None)

        def loop() -> None:
            while not stop.is_set():
                unit = todo.get()
                if unit is None:
                    return
                try:
                    results.put(process_unit(work, state, unit))
                except BaseException as exc:  # e.g. KeyboardInterrupt raised inside the work: stop the job
                    results.put(exc)
                    return

        threads = [
            threading.Thread(target=loop, name=f"streamvu-worker-{i}", daemon=True) for i in range(count)
        ]
        for thread in threads:
            thread.start()
        try:
            for _ in range(len(units)):
                item = _get(results)
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()


def _get(results: queue.SimpleQueue):
    """The next result. Waits in short slices: a signal may be delivered to a worker thread, and Python
    runs its handler only when the main thread next executes code, which a blocking wait would delay
    until the next video finished."""
    while True:
        try:
            return results.get(timeout=POLL_S)
        except queue.Empty:
            continue
