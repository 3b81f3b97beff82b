"""Streaming benchmark harnesses: ``streamvu eval ovbench`` and ``streamvu eval ovobench``.

Each benchmark is a module with ``NAME``, ``TITLE``, ``load(path, ...) -> list[EvalItem]`` (OVBench
also takes the protocol), ``select(items, tasks)``, ``summarize(records) -> dict`` and
``format_report(summary, model)``. The data flow: the reader (``ovbench`` / ``ovobench``) ->
:class:`~.items.EvalItem` s with their exact prompt, frame range and official scoring rule ->
:mod:`.runner` (video units, one stream each) -> prediction records (scored by :mod:`.items` with
:mod:`.official`'s rules and :mod:`.parsing`'s strict parser) -> ``summarize`` / ``format_report``
(:mod:`.ovbench_report` for OVBench).
"""

from __future__ import annotations

import importlib
from types import ModuleType

BENCHMARKS = {
    "ovbench": "streamvu.apps.eval.ovbench",
    "ovobench": "streamvu.apps.eval.ovobench",
}


def benchmark(name: str) -> ModuleType:
    """The benchmark module called ``name`` (ValueError listing the choices otherwise)."""
    try:
        return importlib.import_module(BENCHMARKS[name.strip().lower()])
    except KeyError:
        raise ValueError(f"unknown benchmark {name!r}; choose one of: {', '.join(BENCHMARKS)}") from None
