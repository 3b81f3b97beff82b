"""What an executor runs: units of work, the work done on each, and what comes back.

A batch job (captioning an archive, evaluating a benchmark) is a list of :class:`Unit` s, one per
video. A :class:`Work` object says how to set up a worker (load the models, once) and how to process
one unit on it. An :class:`Executor` maps the work over the units somewhere (threads here, Ray actors
on a cluster) and yields one :class:`UnitResult` per unit as each finishes. A unit that fails for its
own reason (a corrupt video) comes back ``failed`` with its error and the job goes on; a worker that
dies is the executor's problem (it retries the unit on another worker), never the unit's.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeVar

P = TypeVar("P")  # a unit's payload
R = TypeVar("R")  # what processing a unit returns

UnitStatus = Literal["done", "failed"]
ExecutorName = Literal["local", "ray"]


@dataclass(frozen=True)
class Unit(Generic[P]):
    """One unit of work. key: unique and stable across runs (shown in progress and failures);
    payload: what the worker needs (picklable for Ray)."""

    key: str
    payload: P


@dataclass(frozen=True)
class UnitResult(Generic[R]):
    """The outcome of one unit.

    status: "done" (``value`` holds the result) or "failed" (``error`` says why, one line).
    seconds: time spent on the successful (or last) attempt; attempts: how many workers took it
    (more than 1 when a worker died mid-unit); worker: where it ran ("host:pid").
    """

    key: str
    status: UnitStatus
    value: R | None = None
    error: str | None = None
    seconds: float = 0.0
    attempts: int = 1
    worker: str = ""


class Work(Protocol[P, R]):
    """How to process units. Must be picklable (it is shipped to every Ray worker).

    ``setup()`` runs once per worker and returns its state (loaded models); ``process(state, payload)``
    handles one unit and raises on a unit's own failure. With the local executor, several threads
    share one state, so ``process`` must not keep per-unit state on it.
    """

    def setup(self) -> Any: ...

    def process(self, state: Any, payload: P) -> R: ...


class Executor(Protocol):
    """Maps :class:`Work` over units; see the module docstring."""

    name: ExecutorName
    workers: int

    def run(self, work: Work[P, R], units: Sequence[Unit[P]]) -> Iterator[UnitResult[R]]:
        """Yield one result per unit, in the order they finish. Closing the iterator early (or a
        KeyboardInterrupt) stops the workers; units not yet yielded are simply not done."""
        ...


def here() -> str:
    """ "host:pid" of this process (where a unit ran)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def describe_error(exc: BaseException) -> str:
    """One line for a unit's failure, in plain words (a full disk says so; no exception names)."""
    from streamvu.apps.failures import describe

    return describe(exc)


def process_unit(work: Work[P, R], state: Any, unit: Unit[P], attempt: int = 1) -> UnitResult[R]:
    """Run ``work.process`` on one unit, turning its exception into a failed result (KeyboardInterrupt
    and other BaseExceptions pass through: they stop the job, not the unit)."""
    started = time.perf_counter()
    try:
        value = work.process(state, unit.payload)
    except Exception as exc:
        return UnitResult(
            unit.key,
            "failed",
            error=describe_error(exc),
            seconds=time.perf_counter() - started,
            attempts=attempt,
            worker=here(),
        )
    return UnitResult(
        unit.key, "done", value=value, seconds=time.perf_counter() - started, attempts=attempt, worker=here()
    )


def check_units(units: Sequence[Unit]) -> None:
    """ValueError when two units share a key."""
    seen: set[str] = set()
    for unit in units:
        if unit.key in seen:
            raise ValueError(f"two units share the key {unit.key!r}")
        seen.add(unit.key)
