"""Pyramid memory bank: bounded short-term and long-term stores of encoded frames.

``PyramidMemory(config).add(frame_tokens)`` ingests; ``memory.snapshot()`` gives questions an
immutable :class:`MemorySnapshot` (``recent``, ``retrieve``); ``memory.save(dir)`` and
``PyramidMemory.load(dir)`` persist and resume. See :mod:`streamvu.memory.pyramid` for the policy.
"""

from streamvu.memory.config import DEFAULT_LAYERS, LayerSpec, MemoryConfig
from streamvu.memory.persistence import FORMAT_VERSION
from streamvu.memory.pyramid import PyramidMemory
from streamvu.memory.snapshot import MemorySnapshot

__all__ = [
    "DEFAULT_LAYERS",
    "FORMAT_VERSION",
    "LayerSpec",
    "MemoryConfig",
    "MemorySnapshot",
    "PyramidMemory",
]
