"""Streaming benchmark harnesses: ``streamvu eval ovbench`` and ``streamvu eval ovobench``.

Each benchmark is a module with ``NAME``, ``TITLE``, ``load(path) -> list[EvalItem]``,
``select(items, tasks)``, ``summarize(records) -> dict`` and ``format_report(summary, model)``;
:mod:`streamvu.apps.eval.runner` streams the videos and writes the predictions for all of them.
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
