"""The Ray executor: one Ray actor per worker, each loading the models once and taking videos one at a time.

Why plain actors and not Ray Data's ``map_batches``: a unit here is a whole video (seconds to hours
of work), so block streaming and backpressure bring nothing, while the driver needs to know exactly
which unit finished, failed or was lost with its worker (progress, resume, the failure list). The
actors still come from Ray (placement on nodes, GPU/CPU requests, object transfer); this module only
hands each idle actor the next unit.

Faults: a unit whose processing raises comes back ``failed`` (see :func:`.base.process_unit`). A
worker that dies mid-unit (killed, out of memory, node lost) is replaced by a new actor, and its
unit goes back to the front of the queue for the next idle worker, up to ``max_attempts`` times; a
lost attempt never returned anything, so nothing is written twice. A worker whose ``setup()`` fails
stops the whole job with that error (no model, no progress anywhere).
"""

from __future__ import annotations

import logging
import os
import socket
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from streamvu._deps import require
from streamvu.apps.executors.base import (
    ExecutorName,
    P,
    R,
    Unit,
    UnitResult,
    Work,
    check_units,
    describe_error,
    here,
    process_unit,
)
from streamvu.errors import StreamvuError

WAIT_S = 0.2  # how often the driver wakes up while waiting (to notice Ctrl-C promptly)
PASSED_ENV = (
    "HF_HUB_OFFLINE",
    "TRANSFORMERS_OFFLINE",
    "TRANSFORMERS_VERBOSITY",
    "HF_HUB_DISABLE_PROGRESS_BARS",
)


class WorkerActor:
    """The body of one Ray actor: ``work.setup()`` once at start, then one unit per call."""

    def __init__(self, work: Work) -> None:
        self.work = work
        self.state: Any = None
        self.setup_error: str | None = None
        try:
            self.state = work.setup()
        except Exception as exc:  # reported to the driver by process(), which stops the job
            self.setup_error = describe_error(exc)

    def process(self, unit: Unit, attempt: int) -> UnitResult | SetupFailed:
        if self.setup_error is not None:
            return SetupFailed(here(), self.setup_error)
        return process_unit(self.work, self.state, unit, attempt)


@dataclass(frozen=True)
class SetupFailed:
    """A worker could not set up (load its models): the job cannot go on."""

    worker: str
    error: str


@dataclass
class _Slot:
    """One worker position: its current actor and the unit it is processing."""

    actor: Any
    busy: tuple[Unit, int] | None = None  # (unit, attempt)


class RayExecutor:
    """Process units on Ray actors; see the module docstring.

    address: the cluster to join; None joins ``RAY_ADDRESS`` when set, else starts a local instance
    (stopped again at the end). When Ray is already initialised in this process, that session is used.
    """

    name: ExecutorName = "ray"

    def __init__(
        self,
        workers: int = 1,
        address: str | None = None,
        gpus_per_worker: float = 0.0,
        cpus_per_worker: float = 1.0,
        max_attempts: int = 3,
        on_event: Callable[[str], None] | None = None,
    ) -> None:
        if workers < 1 or max_attempts < 1:
            raise ValueError("workers and max_attempts must be >= 1")
        self.workers = workers
        self.address = address
        self.gpus_per_worker = gpus_per_worker
        self.cpus_per_worker = cpus_per_worker
        self.max_attempts = max_attempts
        self.on_event = on_event or (lambda message: None)
        self.replaced = 0  # workers replaced after dying mid-unit
        address = address or os.environ.get("RAY_ADDRESS")
        if address:  # fail now, before any model loads
            check_reachable(address)

    # -- cluster ------------------------------------------------------------------------------------
    def _connect(self) -> bool:
        """Join or start Ray; True when this call started it (and must shut it down)."""
        ray = require("ray", "--executor ray")
        if ray.is_initialized():
            return False
        # workers behave as this process does (offline or not, as verbose); paths are not passed on,
        # they need not exist on other nodes
        env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
        kwargs: dict[str, Any] = {
            "logging_level": logging.WARNING,
            "log_to_driver": True,
            "runtime_env": {"env_vars": env},
        }
        address = self.address or os.environ.get("RAY_ADDRESS")
        try:
            if address:
                ray.init(address=address, **kwargs)
            else:  # a private instance for this run: loopback only
                ray.init(include_dashboard=False, _node_ip_address="127.0.0.1", **kwargs)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = f"the Ray cluster at {address}" if address else "a local Ray instance"
            raise StreamvuError(f"cannot connect to {where}: {' '.join(str(exc).split())[:300]}") from None
        return True

    def _check_resources(self, ray: Any) -> None:
        total = ray.cluster_resources()
        if self.gpus_per_worker and total.get("GPU", 0) < self.gpus_per_worker:
            raise StreamvuError(
                f"each worker asks for {self.gpus_per_worker:g} GPU(s) but the Ray cluster has "
                f"{total.get('GPU', 0):g}; lower --gpus-per-worker or add GPU nodes"
            )
        if total.get("CPU", 0) < self.cpus_per_worker:
            raise StreamvuError(
                f"each worker asks for {self.cpus_per_worker:g} CPU(s) but the Ray cluster has "
                f"{total.get('CPU', 0):g}"
            )

    def _new_actor(self, ray: Any, work_ref: Any) -> Any:
        return (
            ray.remote(WorkerActor)
            .options(
                num_cpus=self.cpus_per_worker,
                num_gpus=self.gpus_per_worker,
                max_restarts=0,
                max_task_retries=0,
            )
            .remote(work_ref)
        )

    # -- running ------------------------------------------------------------------------------------
    def run(self, work: Work[P, R], units: Sequence[Unit[P]]) -> Iterator[UnitResult[R]]:
        check_units(units)
        if not units:
            return
        ray = require("ray", "--executor ray")
        owned = self._connect()
        slots: list[_Slot] = []
        try:
            self._check_resources(ray)
            work_ref = ray.put(work)
            slots = [_Slot(self._new_actor(ray, work_ref)) for _ in range(min(self.workers, len(units)))]
            yield from self._dispatch(ray, work_ref, slots, units)
        finally:
            for slot in slots:
                ray.kill(slot.actor, no_restart=True)
            if owned:
                ray.shutdown()

    def _dispatch(
        self, ray: Any, work_ref: Any, slots: list[_Slot], units: Sequence[Unit[P]]
    ) -> Iterator[UnitResult[R]]:
        queue: deque[tuple[Unit[P], int]] = deque((unit, 1) for unit in units)
        inflight: dict[Any, _Slot] = {}
        while queue or inflight:
            for slot in slots:
                if slot.busy is None and queue:
                    slot.busy = queue.popleft()
                    inflight[slot.actor.process.remote(*slot.busy)] = slot
            ready, _ = ray.wait(list(inflight), num_returns=1, timeout=WAIT_S)
            for ref in ready:
                slot = inflight.pop(ref)
                unit, attempt = slot.busy  # type: ignore[misc]
                slot.busy = None
                try:
                    result = ray.get(ref)
                except ray.exceptions.RayActorError as exc:
                    if exc.actor_init_failed:
                        raise StreamvuError(f"a Ray worker failed to start: {_first_line(exc)}") from None
                    # the worker died mid-unit: a new actor takes its place, the unit goes to the next idle one
                    slot.actor = self._new_actor(ray, work_ref)
                    self.replaced += 1
                    if attempt < self.max_attempts:
                        self.on_event(
                            f"{unit.key}: worker lost ({_first_line(exc)}); retrying on another worker"
                        )
                        queue.appendleft((unit, attempt + 1))
                        continue
                    result = UnitResult(
                        unit.key,
                        "failed",
                        attempts=attempt,
                        error=f"its worker died {attempt} times while processing it "
                        f"(last: {_first_line(exc)})",
                    )
                except ray.exceptions.RayTaskError as exc:  # cannot happen short of a bug in process_unit
                    result = UnitResult(unit.key, "failed", attempts=attempt, error=_first_line(exc))
                if isinstance(result, SetupFailed):
                    raise StreamvuError(
                        f"a Ray worker ({result.worker}) failed to load its models: {result.error}"
                    )
                yield result


def check_reachable(address: str, timeout: float = 5.0) -> None:
    """StreamvuError unless something listens at ``address`` ("HOST:PORT" or "ray://HOST:PORT"; "auto"
    and "local" are left to Ray): ``ray.init`` itself would wait minutes for an address that is wrong."""
    if address in ("auto", "local"):
        return
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise StreamvuError(f"bad Ray address {address!r}: give HOST:PORT (e.g. 10.0.0.5:6379) or auto")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        raise StreamvuError(
            f"cannot reach the Ray cluster at {address} ({exc.strerror or exc}); is "
            "'ray start --head' running there?"
        ) from None


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
