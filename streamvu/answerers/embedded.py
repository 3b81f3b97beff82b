"""The plain SmolLM2 answerer (``--model smollm2``): classifier traces of pruned tokens, answered by SmolLM2.

Fully offline: the tokens pruning kept for each memory entry are pooled and read by EfficientNet's
ImageNet head; those labels with their timestamps are the evidence, and SmolLM2-135M-Instruct turns
evidence + question into a sentence. A 135M model cannot reason over observations, so the offline
default is the grounded answerer (:mod:`streamvu.answerers.grounded`), which decides from the
evidence and uses this one only to rephrase or, for comparison, to generate or score options.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import torch

from streamvu.answerers.base import Answerer
from streamvu.answerers.options import format_options
from streamvu.answerers.smollm2 import SmolLM2
from streamvu.atomic import atomic_write
from streamvu.cache_dir import cache_root
from streamvu.encoders.efficientnet import EfficientNetLite0Encoder
from streamvu.encoders.sightings import sightings_text
from streamvu.encoders.text import TextEmbedder
from streamvu.messages import Context, Evidence, FrameTokens

SYSTEM_PROMPT = (
    "You describe a video using only the observations given: what an image classifier saw at each "
    "time in seconds. Answer the question in one short sentence that names the most likely object "
    "and the time. Do not add details that are not in the observations."
)

_MODE_HINT = {
    "now": "The question is about the moment it is asked; the last observations matter most.",
    "past": "The question is about what happened before it was asked.",
    "future": "The question asks what comes next; guess from the latest observations and say it is a guess.",
    "auto": "",
}


def format_time(seconds: float) -> str:
    """12.0 -> '12.0s'; 75.5 -> '1:15.5'."""
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}"


CHOICE_SYSTEM_PROMPT = (
    "You watch a video only through the observations given: what an image classifier saw at each "
    "time in seconds. Based on your observations, select the best option that accurately addresses "
    "the question. Answer with the option's letter."
)


def build_messages(context: Context, evidence: Sequence[Evidence]) -> list[dict[str, str]]:
    """The chat prompt for one question: system rules, then observations and the question.

    A multiple-choice question (``question.options``) lists its lettered options after the
    question and asks for the option's letter; an open question's prompt has no options.
    """
    lines = [
        f"- {format_time(e.start)} to {format_time(e.end)}: {e.trace or 'nothing recognised'}"
        for e in evidence
    ]
    q = context.question
    options = q.options
    parts = [
        "Observations:",
        *lines,
        _MODE_HINT.get(context.mode, ""),
        f"Question (asked at {format_time(q.asked_at)}): {q.text}",
    ]
    if options:
        parts += ["Options:", *format_options(options), "Answer with the option's letter."]
    system = CHOICE_SYSTEM_PROMPT if options else SYSTEM_PROMPT
    return [{"role": "system", "content": system}, {"role": "user", "content": "\n".join(parts)}]


class SmolLM2Answerer(Answerer):
    """See the module docstring. ``llm`` loads lazily on the first answer."""

    name = "smollm2"

    def __init__(
        self,
        encoder: EfficientNetLite0Encoder,
        embedder: TextEmbedder,
        llm: SmolLM2 | None = None,
        max_new_tokens: int = 48,
        query_classes: int = 5,
        min_query_similarity: float = 0.3,
    ) -> None:
        self.encoder = encoder
        self.embedder = embedder
        self._llm = llm
        self.max_new_tokens = max_new_tokens
        self.query_classes = query_classes
        self.min_query_similarity = min_query_similarity
        self._class_keys: np.ndarray | None = None
        self._llm_lock = threading.Lock()
        self._keys_lock = threading.Lock()

    def warm_up(self) -> None:
        """Load SmolLM2 now (it loads lazily on the first answer otherwise)."""
        _ = self.llm

    @property
    def llm(self) -> SmolLM2:
        """The language model, loaded on first use (once, even when several threads ask at once)."""
        with self._llm_lock:
            if self._llm is None:
                self._llm = SmolLM2()
            return self._llm

    def class_keys(self) -> np.ndarray:
        """(1000, 384) embeddings of the class names, computed once and cached on disk."""
        with self._keys_lock:
            if self._class_keys is None:
                path = cache_root() / "embeddings" / f"imagenet-{self.embedder.name}.npy"
                keys = _load_array(path, (len(self.encoder.class_names), self.embedder.dim))
                if keys is None:
                    keys = self.embedder.embed(list(self.encoder.class_names))
                    _save_array(path, keys)
                self._class_keys = keys
            return self._class_keys

    def query_vector(self, question: str) -> torch.Tensor | None:
        """Question -> its nearest class names -> the head's direction for them in token space.

        None when no class name is at least ``min_query_similarity`` close to the question (a
        generic question such as "what is happening?" names no object to look for).
        """
        sims = self.class_keys() @ self.embedder.embed_one(question)
        top = np.argsort(-sims, kind="stable")[: self.query_classes]
        if sims[top[0]] < self.min_query_similarity:
            return None
        weights = np.clip(sims[top], 1e-3, None)
        return self.encoder.class_directions([int(i) for i in top], weights.tolist())

    def evidence(self, context: Context) -> list[Evidence]:
        out = []
        for entry in context.entries:
            labels = self.encoder.labels_for(entry.tokens)
            trace = ", ".join(f"{lab.name} ({lab.prob:.0%})" for lab in labels)
            seen = sightings_text(entry.sightings)  # "2 people, moving": what ImageNet classes cannot name
            trace = f"{seen}; {trace}" if seen and trace else seen or trace
            out.append(Evidence(start=entry.start, end=entry.end, trace=trace))
        return out

    def stream(self, context: Context, evidence: list[Evidence]) -> Iterator[str]:
        yield from self.llm.stream(
            build_messages(context, evidence), max_new_tokens=self.max_new_tokens, max_sentences=1
        )

    def option_logliks(self, context: Context, evidence: list[Evidence]) -> list[float]:
        """SmolLM2's summed log-probability of each option ("(A) cup") as the reply to the choice prompt."""
        options = context.question.options
        if not options:
            raise ValueError("option_logliks needs a multiple-choice question")
        return self.llm.continuation_logliks(build_messages(context, evidence), format_options(options))

    def caption(
        self, evidence: Sequence[Evidence], max_new_tokens: int = 40, items: Sequence[FrameTokens] = ()
    ) -> str:
        """One sentence describing a segment from its evidence (the traces; ``items`` are not needed)."""
        lines = [f"- {format_time(e.start)} to {format_time(e.end)}: {e.trace}" for e in evidence]
        messages = [
            {
                "role": "system",
                "content": "You write one short caption sentence for a video segment, "
                "using only what an image classifier saw in it. Do not add details that were not seen.",
            },
            {"role": "user", "content": "Seen in the segment:\n" + "\n".join(lines) + "\nCaption:"},
        ]
        return self.llm.generate(messages, max_new_tokens=max_new_tokens, max_sentences=1)


def _load_array(path: Path, shape: tuple[int, int]) -> np.ndarray | None:
    try:
        arr = np.load(path)
    except (OSError, ValueError):
        return None
    return arr if arr.shape == shape and arr.dtype == np.float32 else None


def _save_array(path: Path, arr: np.ndarray) -> None:
    atomic_write(path, lambda fh: np.save(fh, arr))


EmbeddedAnswerer = SmolLM2Answerer
"""The former name of :class:`SmolLM2Answerer`, kept so that old imports still work."""
