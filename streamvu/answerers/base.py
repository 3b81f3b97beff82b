"""The interface every answer backend implements."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

import numpy as np
import torch

from streamvu.memory.config import KeyKind
from streamvu.messages import Context, Evidence, Frame, FrameTokens, MemoryEntry

MemoryScope = Literal["retrieved", "all"]
"""Which memory entries a question's context holds: ``retrieved`` (the recent window, plus the entries
retrieved for a past question) or ``all`` (every entry ending by the ask time, for an answerer that
does its own time logic). An answerer states it in :attr:`Answerer.memory_scope`."""


@dataclass(frozen=True)
class FrameMatcher:
    """How a future question recognises its evidence in one new frame: ``score(frame)`` (None when the
    frame cannot be scored) fires the question at or above ``threshold``; ``what`` names the target."""

    score: Callable[[FrameTokens], float | None]
    threshold: float
    what: str


@runtime_checkable
class Answerer(Protocol):
    """Turns a question plus pruned memory (a :class:`Context`) into text.

    ``query_vector`` maps the question into the visual token space (a unit (D,) tensor) so pruning
    can favour relevant tokens, or returns None when the backend has no such mapping.
    ``retrieval_vector`` maps the question into the key space memory retrieval compares with (a unit
    float32 numpy vector), or returns None to retrieve by the sentence embedding of the question
    against the entries' text keys. ``memory_key`` is the key kind the memory should index for this
    answerer (a VLM, whose frames carry no text labels: ``"both"``), or None to keep the configured one.
    ``memory_scope`` says which entries a question's context holds (see :data:`MemoryScope`).
    ``reads_tokens`` says whether the answer reads the entries' visual tokens (a VLM does); when it does
    not (the grounded default reads each entry's pooled vector and labels), the query handler skips
    pruning and every device copy, and the answer reports no kept-token count.
    ``frame_matcher`` gives a future question's per-frame test (people, movement, categories), or None
    to compare the question's target with each frame's text key.
    ``evidence`` describes what each context entry shows; ``stream`` yields the answer piece by piece.
    ``warm_up`` loads what loads lazily (a language model) now, so that the first answer does not wait
    for it and threads do not race to load it.
    ``prepare`` is called by a stream's ingest thread each time frames reach memory, with every entry
    then in memory: an answerer that reads every entry (the grounded default) reads the new ones there,
    so a question pays only for itself. It must not change any answer.

    Backends subclass this protocol explicitly to inherit the defaults of ``memory_key``,
    ``memory_scope``, ``retrieval_vector``, ``frame_matcher``, ``warm_up`` and ``prepare`` (text keys,
    retrieved entries, sentence embeddings, no per-frame test, nothing to load or prepare).
    """

    name: str
    memory_key: KeyKind | None = None
    memory_scope: MemoryScope = "retrieved"
    reads_tokens: bool = True

    def query_vector(self, question: str) -> torch.Tensor | None: ...

    def retrieval_vector(self, question: str) -> np.ndarray | None:
        return None

    def frame_matcher(self, question: str) -> FrameMatcher | None:
        return None

    def warm_up(self) -> None:
        return None

    def prepare(self, entries: Sequence[MemoryEntry]) -> None:
        return None

    def evidence(self, context: Context) -> list[Evidence]: ...

    def stream(self, context: Context, evidence: list[Evidence]) -> Iterator[str]: ...


@dataclass
class DecidedAnswer:
    """An answer decided from the evidence (not generated): its text, the evidence it rests on, and for
    a multiple-choice question the chosen letter and one score per option; ``decision`` is the typed
    decision as plain data (form, value, recognised) when the answerer has one."""

    text: str
    evidence: list[Evidence] = field(default_factory=list)
    choice: str | None = None
    option_scores: tuple[float, ...] = ()
    decision: dict | None = None


@runtime_checkable
class DecidingAnswerer(Protocol):
    """An answerer that decides answers itself from the evidence (the grounded offline default).

    ``decide`` returns the decision for ``context`` (for a multiple-choice question, scoring every
    option); ``phrase`` yields its final text piece by piece (the template, or a checked rewrite).
    """

    def decide(self, context: Context) -> DecidedAnswer: ...

    def phrase(self, context: Context, decided: DecidedAnswer) -> Iterator[str]: ...


@runtime_checkable
class ChoiceScorer(Protocol):
    """An answerer that can score the options of a multiple-choice question by likelihood.

    ``option_logliks`` returns, for each of ``context.question.options`` in order, the summed log-
    probability its language model gives to that option (its letter and text, as the answer to the
    prompt it would generate from) — higher is more likely.
    """

    def option_logliks(self, context: Context, evidence: list[Evidence]) -> list[float]: ...


def retrieval_query(answerer: Answerer, embedder, text: str) -> np.ndarray:
    """The vector memory retrieval compares ``text`` with (a unit float32 numpy vector): the
    answerer's ``retrieval_vector`` (a VLM: the visual token space, whose dimension differs from the
    text keys', so ``MemoryConfig(key="both")`` ranks visual keys), or when that is None the sentence
    embedding of ``text`` (compared with the entries' text keys)."""
    vec = answerer.retrieval_vector(text)
    return embedder.embed_one(text) if vec is None else vec


def entry_similarity(entry, query) -> float:
    """Cosine of ``query`` with the entry's key of the same dimension: its text key if that fits,
    else its pooled visual features; 0.0 when neither does."""
    q = np.asarray(query, dtype=np.float32).reshape(-1)
    if entry.text_key is not None and entry.text_key.shape[0] == q.shape[0]:
        return float(entry.text_key @ q)
    pooled = entry.pooled.detach().to("cpu", torch.float32).numpy().reshape(-1)
    if pooled.shape[0] != q.shape[0]:
        return 0.0
    norm = float(np.linalg.norm(pooled) * np.linalg.norm(q))
    return float(pooled @ q) / norm if norm > 0 else 0.0


@runtime_checkable
class Captioner(Protocol):
    """An answerer that can also write captions (``streamvu caption``).

    ``caption`` gets a segment's evidence (time spans + traces) and its encoded frames ``items``
    (empty for a whole-video summary, which is written from the captions' evidence) and returns one
    sentence.
    """

    def caption(
        self, evidence: Sequence[Evidence], max_new_tokens: int = 40, items: Sequence[FrameTokens] = ()
    ) -> str: ...


@runtime_checkable
class FrameKeeper(Protocol):
    """An answerer that sends frames themselves with a question (a served model): it keeps a small
    picture of every encoded frame (``FrameTokens.thumbnail``), or None for a frame it will not send."""

    def keep_frame(self, frame: Frame) -> bytes | None: ...
