"""streamvu: watch a video stream continuously and answer questions about it at any moment.

>>> from streamvu import Stream                             # doctest: +SKIP
>>> with Stream("sample:bikes") as s:
...     print(s.ask("what is in the video now?").text)

The public classes load lazily (``streamvu.Stream`` imports torch and the pipeline on first use),
so ``import streamvu`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it (imported on first attribute access, PEP 562)
_EXPORTS = {
    "Stream": "streamvu.pipeline.stream",
    "StreamConfig": "streamvu.pipeline.stream",
    "AnswerStream": "streamvu.pipeline.stream",
    "Pipeline": "streamvu.pipeline.engine",
    "PipelineConfig": "streamvu.pipeline.config",
    "AnswererConfig": "streamvu.answerers.config",
    "QueryConfig": "streamvu.pipeline.query",
    "TriggerConfig": "streamvu.pipeline.triggers",
    "StreamMetrics": "streamvu.pipeline.metrics",
    "MemoryConfig": "streamvu.memory",
    "open_video": "streamvu.ingest",
    "SamplerConfig": "streamvu.ingest",
    "Answer": "streamvu.messages",
    "Evidence": "streamvu.messages",
    "Question": "streamvu.messages",
}

__all__ = [
    "__version__",
    "Stream",
    "StreamConfig",
    "AnswerStream",
    "Pipeline",
    "PipelineConfig",
    "AnswererConfig",
    "QueryConfig",
    "TriggerConfig",
    "StreamMetrics",
    "MemoryConfig",
    "Answer",
    "Evidence",
    "Question",
    "open_video",
    "SamplerConfig",
]

if TYPE_CHECKING:  # for type checkers and IDEs; not executed at runtime
    from streamvu.answerers.config import AnswererConfig
    from streamvu.ingest import SamplerConfig, open_video
    from streamvu.memory import MemoryConfig
    from streamvu.messages import Answer, Evidence, Question
    from streamvu.pipeline.config import PipelineConfig
    from streamvu.pipeline.engine import Pipeline
    from streamvu.pipeline.metrics import StreamMetrics
    from streamvu.pipeline.query import QueryConfig
    from streamvu.pipeline.stream import AnswerStream, Stream, StreamConfig
    from streamvu.pipeline.triggers import TriggerConfig


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'streamvu' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
