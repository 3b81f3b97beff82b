"""The interface every answer backend implements."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

import torch

from streamvu.messages import Context, Evidence


@runtime_checkable
class Answerer(Protocol):
    """Turns a question plus pruned memory (a :class:`Context`) into text.

    ``query_vector`` maps the question into the visual token space (a unit (D,) tensor) so pruning
    can favour relevant tokens, or returns None when the backend has no such mapping.
    ``evidence`` describes what each context entry shows; ``stream`` yields the answer piece by piece.
    """

    name: str

    def query_vector(self, question: str) -> torch.Tensor | None: ...

    def evidence(self, context: Context) -> list[Evidence]: ...

    def stream(self, context: Context, evidence: list[Evidence]) -> Iterator[str]: ...
