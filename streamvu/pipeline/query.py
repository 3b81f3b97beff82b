"""The query handler: question at time t -> memory up to t -> retrieval -> pruning -> answer.

It reads a :class:`MemorySnapshot` (a consistent view taken when the question is asked) and never
anything recorded after ``question.asked_at``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import torch

from streamvu.answerers.base import (
    Answerer,
    ChoiceScorer,
    DecidedAnswer,
    DecidingAnswerer,
    entry_similarity,
    retrieval_query,
)
from streamvu.answerers.options import option_letter
from streamvu.answerers.positions import indices_on_host
from streamvu.answerers.reading import read_question
from streamvu.encoders.text import TextEmbedder
from streamvu.errors import QuestionError
from streamvu.kernels import IMPLS, PruneImpl, PruneWeights, prune_tokens, stack_tokens
from streamvu.memory import MemorySnapshot
from streamvu.messages import (
    NOW_WINDOW_S,
    QUESTION_MODES,
    TIME_TOLERANCE_S,
    Answer,
    Context,
    MemoryEntry,
    Question,
    QuestionMode,
)


@dataclass(frozen=True)
class QueryConfig:
    """How questions are answered.

    now_window_s: "now"/"future" questions look at the entries overlapping the last ``now_window_s``
        seconds before ``asked_at`` (at least the most recent entry); the grounded answerer's "now" (the
        latest scene) reaches back as far.
    top_k: long-term entries retrieved for "past" questions (short-term entries are added to them).
    keep_ratio: fraction of each entry's tokens kept by pruning before the answerer (1.0 keeps all).
    prune: weights of the pruning score (spatial saliency, temporal novelty, query relevance).
    impl: pruning implementation, "auto" | "triton" | "torch" (``auto``: the Triton kernel when the
        pipeline's device is CUDA and triton is installed).
    max_question_chars: longer questions are refused.
    """

    now_window_s: float = NOW_WINDOW_S
    top_k: int = 6
    keep_ratio: float = 0.5
    prune: PruneWeights = field(default_factory=PruneWeights)
    impl: PruneImpl = "auto"
    max_question_chars: int = 1000

    def __post_init__(self) -> None:
        if not self.now_window_s > 0:
            raise ValueError(f"now_window_s must be > 0, got {self.now_window_s}")
        if self.top_k < 0:
            raise ValueError(f"top_k must be >= 0, got {self.top_k}")
        if not 0.0 < self.keep_ratio <= 1.0:
            raise ValueError(f"keep_ratio must be in (0, 1], got {self.keep_ratio}")
        if self.impl not in IMPLS:
            raise ValueError(f"impl must be one of {', '.join(IMPLS)}, got {self.impl!r}")
        if self.max_question_chars < 1:
            raise ValueError("max_question_chars must be >= 1")


def infer_mode(text: str) -> QuestionMode:
    """Whether a question is about the past, the future or now, read from its wording by the question
    reader (:func:`~streamvu.answerers.reading.read_question`: tense and cue words; "tell me when a cat
    appears" and "let me know if ..." are "future" questions, which a
    :class:`~streamvu.pipeline.stream.Stream` answers when evidence arrives; "tell me when the cat
    showed up" is about the past)."""
    return read_question(text).mode


def target_phrase(text: str) -> str:
    """What a question asks about: "tell me when a cat appears" -> "a cat" ("" when it names nothing, as
    "tell me when something happens" does)."""
    target = read_question(text).target
    return "" if target is None or target.kind == "event" else target.text


def is_generic(target: str) -> bool:
    """True when a target names nothing to look for ("", "something", "what happens next")."""
    words = re.findall(r"[a-z']+", target.lower())
    return all(w in _GENERIC_WORDS for w in words)


_GENERIC_WORDS = frozenset(
    "what who which how when where happens happen happening next will would is are be there the a an "
    "something anything else new going to on do does it this that scene change changes show me".split()
)


def check_text(text: str, mode: str, max_chars: int, asked_at: float | None = None) -> None:
    """The checks that need no memory: raise :class:`QuestionError` on an empty or overlong question,
    an unknown mode or a negative time."""
    if not isinstance(text, str):
        raise QuestionError(f"a question must be a string, got {type(text).__name__}")
    stripped = text.strip()
    if not stripped:
        raise QuestionError("the question is empty")
    if len(stripped) > max_chars:
        raise QuestionError(f"the question is {len(stripped)} characters long; the limit is {max_chars}")
    if mode not in QUESTION_MODES:
        raise QuestionError(f"unknown mode {mode!r}; use auto, now, past or future")
    if asked_at is not None and asked_at < 0:
        raise QuestionError(f"a question cannot be asked at a negative time ({asked_at} s)")


def validate_question(question: Question, snapshot: MemorySnapshot, max_chars: int) -> None:
    """Raise :class:`QuestionError` when ``question`` cannot be answered from ``snapshot``."""
    check_text(question.text, question.mode, max_chars, question.asked_at)
    first = snapshot.entries[0].start if snapshot.entries else None
    if first is None or question.asked_at + TIME_TOLERANCE_S < first:
        raise QuestionError(
            "no frame has arrived yet at the time the question was asked; nothing to answer from"
        )


class QueryHandler:
    """Answers questions from memory snapshots; see the module docstring."""

    def __init__(
        self, config: QueryConfig, embedder: TextEmbedder, answerer: Answerer, device: str = "cpu"
    ) -> None:
        """``device``: where pruning runs (memory keeps tokens on the CPU; on CUDA they are copied
        there so the Triton kernel prunes them)."""
        self.config = config
        self.embedder = embedder
        self.answerer = answerer
        self.device = torch.device(device)

    def select(
        self, question: Question, snapshot: MemorySnapshot, mode: QuestionMode, since: float | None = None
    ) -> list[MemoryEntry]:
        """The memory entries a question looks at, time-ordered, all ending by ``asked_at``.

        With ``since`` only entries ending at or after ``since`` are used (what a future question's
        trigger saw), or the latest entry ending by ``asked_at`` when there is none.
        """
        before = question.asked_at + TIME_TOLERANCE_S
        # all stores: a question about an earlier moment may find it already in long-term memory
        recent = snapshot.ending_by(before)
        if since is not None:
            return [e for e in recent if e.end >= since - TIME_TOLERANCE_S] or recent[-1:]
        if self.answerer.memory_scope == "all":
            return recent
        window_start = question.asked_at - self.config.now_window_s
        recent = [e for e in recent if e.end >= window_start] or recent[-1:]
        if mode != "past":
            return recent
        query = retrieval_query(self.answerer, self.embedder, question.text)  # a VLM's: visual key space
        # faiss ranks the long-term store; the short-term store is small and ranked here alike
        candidates = snapshot.retrieve(query, before=before, k=self.config.top_k, include_short_term=False)
        candidates += [e for e in snapshot.short_term if e.end <= before and e.text_key is not None]
        candidates.sort(key=lambda e: (-entry_similarity(e, query), e.start))
        merged = {(e.start, e.end): e for e in [*candidates[: self.config.top_k], *recent]}
        return sorted(merged.values(), key=lambda e: (e.start, e.end))

    def prune(
        self, entries: list[MemoryEntry], query: torch.Tensor | None
    ) -> tuple[list[MemoryEntry], int, int, list[torch.Tensor] | None]:
        """Keep the top ``keep_ratio`` of each entry's tokens; returns (entries, kept, total, the kept
        tokens' grid indices per entry or None when all were kept: ``Context.kept_indices``)."""
        total = sum(int(e.tokens.shape[0]) for e in entries)
        if not entries or self.config.keep_ratio >= 1.0:
            return entries, total, total, None
        # one pinned staging buffer and one host-to-device copy for all entries (not one copy per entry)
        x, lengths = stack_tokens([e.tokens for e in entries], self.device)
        if query is not None:
            query = query.to(self.device)
        result = prune_tokens(
            x,
            keep_ratio=self.config.keep_ratio,
            lengths=lengths,
            query=query,
            weights=self.config.prune,
            impl=self.config.impl,
        )
        pruned = [replace(e, tokens=kept) for e, kept in zip(entries, result.split(), strict=True)]
        indices = indices_on_host(result.split_indices())  # kept cells for M-RoPE: one device-to-host copy
        return pruned, sum(result.sizes()), total, indices

    def context(self, question: Question, snapshot: MemorySnapshot, since: float | None = None) -> Context:
        """Validate, select and prune: everything before the answerer runs (``since``: see :meth:`select`)."""
        validate_question(question, snapshot, self.config.max_question_chars)
        mode = infer_mode(question.text) if question.mode == "auto" else question.mode
        entries = self.select(question, snapshot, mode, since)
        if not entries:
            raise QuestionError(
                f"memory holds nothing that ends by {question.asked_at:.1f} s: older content has been merged "
                "into spans reaching past that time; ask while the stream is at that time"
            )
        if not self.answerer.reads_tokens:  # nothing would read the kept tokens: no pruning, no copies
            return Context(question=question, entries=entries, mode=mode, pruned=False)
        query = self.answerer.query_vector(question.text) if self.config.prune.query > 0 else None
        pruned, kept, total, indices = self.prune(entries, query)
        return Context(
            question=question,
            entries=pruned,
            mode=mode,
            kept_tokens=kept,
            total_tokens=total,
            kept_indices=indices,
        )

    def answer(
        self,
        question: Question,
        snapshot: MemorySnapshot,
        on_token: Callable[[str], None] | None = None,
        since: float | None = None,
    ) -> Answer:
        """Answer ``question``; ``on_token`` receives the text as it streams in (``since``: see :meth:`select`)."""
        started = time.perf_counter()
        context = self.context(question, snapshot, since)
        decided = self.decided_answer(context)
        if decided is not None:
            evidence = decided.evidence
            source = (
                self.answerer.phrase(context, decided)
                if isinstance(self.answerer, DecidingAnswerer)
                else iter([decided.text])
            )
        else:
            evidence = self.answerer.evidence(context)
            source = self.answerer.stream(context, evidence)
        pieces: list[str] = []
        first_token = 0.0
        for piece in source:
            if not pieces:
                first_token = time.perf_counter() - started
            pieces.append(piece)
            if on_token is not None:
                on_token(piece)
        latency = time.perf_counter() - started
        rate = (
            (len(pieces) - 1) / (latency - first_token) if len(pieces) > 1 and latency > first_token else 0.0
        )
        return Answer(
            question=question,
            text="".join(pieces).strip(),
            evidence=evidence,
            mode=context.mode,
            time_to_first_token=first_token,
            latency=latency,
            kept_tokens=context.kept_tokens,
            total_tokens=context.total_tokens,
            answered_at=snapshot.latest_t,
            tokens=len(pieces),
            tokens_per_s=rate,
            choice=decided.choice if decided is not None else None,
            option_scores=decided.option_scores if decided is not None else (),
            decision=decided.decision if decided is not None else None,
            pruned=context.pruned,
        )

    def decided_answer(self, context: Context) -> DecidedAnswer | None:
        """The answer when it is decided rather than generated, else None.

        A multiple-choice question with ``choice_scoring="likelihood"`` picks the option the answerer's
        language model finds most likely (:class:`ChoiceScorer`); ``"generate"`` always generates; otherwise
        an answerer that decides from the evidence (:class:`DecidingAnswerer`) decides.
        """
        q = context.question
        if q.options and q.choice_scoring == "likelihood":
            if not isinstance(self.answerer, ChoiceScorer):
                raise QuestionError(
                    f"the answer model {self.answerer.name!r} cannot score options by likelihood; "
                    "use choice scoring 'auto' or 'generate'"
                )
            evidence = self.answerer.evidence(context)
            logliks = [float(x) for x in self.answerer.option_logliks(context, evidence)]
            best = max(range(len(logliks)), key=lambda i: (logliks[i], -i))
            letter = option_letter(best)
            return DecidedAnswer(f"{letter}. {q.options[best]}", evidence, letter, tuple(logliks))
        if q.options and q.choice_scoring == "generate":
            return None
        if isinstance(self.answerer, DecidingAnswerer):
            return self.answerer.decide(context)
        return None
