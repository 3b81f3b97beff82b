"""The command-line choice of executor: ``--executor local|ray``, ``--workers``, ``--address``,
``--gpus-per-worker``, ``--cpus-per-worker``, and the executor they make."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import get_args

from streamvu.apps.executors.base import Executor, ExecutorName

EXECUTORS: tuple[ExecutorName, ...] = get_args(ExecutorName)


@dataclass(frozen=True)
class ExecutorOptions:
    """Where a batch job runs.

    name: "local" (threads in this process) or "ray" (actors on a Ray cluster).
    workers: threads (local) or actors (ray) processing units at the same time.
    address: Ray cluster to join ("auto", "HOST:6379", "ray://HOST:10001"); None joins ``RAY_ADDRESS``
        when set, else starts a local Ray instance for the job.
    gpus_per_worker: GPUs each Ray actor requests (0: CPU actors); cpus_per_worker: CPUs each requests.
    """

    name: ExecutorName = "local"
    workers: int = 1
    address: str | None = None
    gpus_per_worker: float = 0.0
    cpus_per_worker: float = 1.0

    def __post_init__(self) -> None:
        if self.name not in EXECUTORS:
            raise ValueError(f"unknown executor {self.name!r}; choose one of: {', '.join(EXECUTORS)}")
        if self.workers < 1:
            raise ValueError(f"--workers must be >= 1, got {self.workers}")
        if not self.gpus_per_worker >= 0:
            raise ValueError(f"--gpus-per-worker must be >= 0, got {self.gpus_per_worker}")
        if not self.cpus_per_worker > 0:
            raise ValueError(f"--cpus-per-worker must be > 0, got {self.cpus_per_worker}")
        if self.name == "local" and (self.address or self.gpus_per_worker):
            raise ValueError("--address and --gpus-per-worker need --executor ray")


def add_executor_args(p: argparse.ArgumentParser, workers_help: str) -> None:
    """Add the executor options to a subcommand's parser."""
    p.add_argument(
        "--executor",
        choices=EXECUTORS,
        default="local",
        help="where videos are processed: local (this process, default) or ray (actors on a Ray "
        "cluster; pip install 'streamvu[ray]')",
    )
    p.add_argument("--workers", type=int, default=1, help=workers_help)
    p.add_argument(
        "--address",
        default=None,
        help="Ray cluster to join (e.g. auto, HEAD_IP:6379); default: $RAY_ADDRESS, else a local instance",
    )
    p.add_argument(
        "--gpus-per-worker",
        type=float,
        default=0.0,
        metavar="G",
        help="GPUs each Ray worker requests (default 0: CPU workers)",
    )
    p.add_argument(
        "--cpus-per-worker",
        type=float,
        default=1.0,
        metavar="C",
        help="CPUs each Ray worker requests (default 1)",
    )


def options_from_args(args: argparse.Namespace) -> ExecutorOptions:
    """ExecutorOptions from :func:`add_executor_args` options (ValueError on bad values)."""
    return ExecutorOptions(
        name=args.executor,
        workers=args.workers,
        address=args.address,
        gpus_per_worker=args.gpus_per_worker,
        cpus_per_worker=args.cpus_per_worker,
    )


def make_executor(options: ExecutorOptions, on_event: Callable[[str], None] | None = None) -> Executor:
    """The executor ``options`` name. For "ray" without Ray installed, raises MissingDependencyError with
    the install command (call this before loading any model)."""
    if options.name == "local":
        from streamvu.apps.executors.local import LocalExecutor

        return LocalExecutor(workers=options.workers)
    from streamvu._deps import require

    require("ray", "--executor ray")
    from streamvu.apps.executors.ray import RayExecutor

    return RayExecutor(
        workers=options.workers,
        address=options.address,
        gpus_per_worker=options.gpus_per_worker,
        cpus_per_worker=options.cpus_per_worker,
        on_event=on_event,
    )
