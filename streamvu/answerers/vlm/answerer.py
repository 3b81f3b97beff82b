"""Answer with a Hugging Face VLM fed the memory's own visual tokens as input embeddings.

The memory already holds tokens in the language model's input space (the VLM encoders of
``streamvu.encoders.hf`` run the vision tower and projector). A question's prompt is the checkpoint's
own chat template with one visual block per memory entry (:mod:`~streamvu.answerers.vlm.prompt`);
it is prefilled reusing cached prefixes (:mod:`~streamvu.answerers.vlm.prefill`) and decoded greedily,
streaming text (:mod:`~streamvu.answerers.vlm.decoding`). The options of a multiple-choice question
can also be scored by likelihood (:mod:`~streamvu.answerers.vlm.scoring`).

Concurrency: an answerer holds only the model, its configuration and the prefix store (which hands
out private cache copies under a lock). Everything about one call — its prompt, cache, prefill
figures and generated tokens — lives in the :class:`Reply` or :class:`OptionScores` that call
returns, so questions answered at once by several threads never see each other's state.

Retrieval: VLM frames carry no labels, so a sentence embedding of the question cannot be compared
with them. :meth:`VLMAnswerer.retrieval_vector` maps the question into the visual token space as the
normalised mean of the LLM input embeddings of its tokens; memory entries are ranked by cosine with
their pooled tokens. This is an approximation (input embeddings of words and projected visual tokens
share a space, not a metric); a real text-visual retriever would do better.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from streamvu.answerers.base import Answerer
from streamvu.answerers.kv_cache import PrefixKVStore
from streamvu.answerers.options import answer_texts
from streamvu.answerers.vlm.decoding import Decoded, decode, token_rules
from streamvu.answerers.vlm.prefill import Prefiller, PrefillInfo
from streamvu.answerers.vlm.prompt import (
    CAPTION_PROMPT,
    SUMMARY_PROMPT,
    SYSTEM_PROMPT,
    Prompt,
    PromptBuilder,
    question_text,
)
from streamvu.answerers.vlm.scoring import continuation_logliks
from streamvu.encoders.base import VisionEncoder
from streamvu.encoders.hf import HFVisionEncoder
from streamvu.errors import ModelError
from streamvu.memory.ops import entry_from_frame
from streamvu.messages import Context, Evidence, FrameTokens, Question
from streamvu.models.hf_vlm import SUPPORTED_FAMILIES, VLMBundle, detect_family, same_model


@dataclass(frozen=True)
class VLMAnswerConfig:
    """Settings of :class:`VLMAnswerer`.

    max_new_tokens: tokens generated at most per answer (a call may pass its own).
    repetition_penalty: divides (multiplies, if negative) the logits of tokens already generated; 1 is
        off. Not applied to a question with an exact ``prompt`` (a benchmark's), which decodes plain greedy.
    system_prompt: the system message (part of the reusable prefix).
    query_pruning: when True, :meth:`VLMAnswerer.query_vector` returns the question's direction so pruning
        favours tokens close to it; each question then keeps different tokens, so visual blocks (and their
        KV) are no longer shared between questions. False (default) keeps pruning question-independent.
    kv_reuse: reuse prefilled prefixes across questions (exact; see :mod:`streamvu.answerers.kv_cache`).
    kv_capacity: prefixes kept at most.
    """

    max_new_tokens: int = 64
    repetition_penalty: float = 1.05
    system_prompt: str = SYSTEM_PROMPT
    query_pruning: bool = False
    kv_reuse: bool = True
    kv_capacity: int = 4

    def __post_init__(self) -> None:
        if self.max_new_tokens < 1:
            raise ValueError(f"max_new_tokens must be >= 1, got {self.max_new_tokens}")
        if not self.repetition_penalty > 0:
            raise ValueError(f"repetition_penalty must be > 0, got {self.repetition_penalty}")
        if self.kv_capacity < 1:
            raise ValueError(f"kv_capacity must be >= 1, got {self.kv_capacity}")


class Reply:
    """One call's answer: iterate it (once) for the text pieces as they decode.

    prompt: the :class:`Prompt` (``prompt.text`` is the exact prompt text sent).
    prefill: this call's :class:`PrefillInfo`, set once its prompt is prefilled (None before).
    generated: tokens generated so far.
    """

    def __init__(self, answerer: VLMAnswerer, prompt: Prompt, max_new_tokens: int, penalty: float) -> None:
        self.prompt = prompt
        self.prefill: PrefillInfo | None = None
        self.max_new_tokens = max_new_tokens
        self._answerer = answerer
        self._penalty = penalty
        self._decoded = Decoded()
        self._started = False

    @property
    def generated(self) -> int:
        return len(self._decoded.ids)

    def __iter__(self) -> Iterator[str]:
        if self._started:
            raise RuntimeError("a Reply is iterated once")
        self._started = True
        ans = self._answerer
        prefilled = ans.prefiller.prefill(self.prompt.segments)
        self.prefill = prefilled.info
        yield from decode(
            ans.prefiller, prefilled, ans.rules, self.max_new_tokens, self._penalty, self._decoded
        )


@dataclass(frozen=True)
class OptionScores:
    """One call's likelihood scores: ``logliks[i]`` is the summed log-probability of ``answers[i]``
    (option i written as the prompt lists it) right after ``prompt``; ``prefill`` its prefill figures."""

    prompt: Prompt
    answers: tuple[str, ...]
    logliks: tuple[float, ...]
    prefill: PrefillInfo


class VLMAnswerer(Answerer):
    """Answers from memory entries with a loaded VLM; see the module docstring.

    bundle: the VLM (share the encoder's: the tokens must come from this model's vision tower).
    """

    memory_key = "both"  # retrieval compares visual keys (see retrieval_vector); text keys stay usable

    def __init__(self, bundle: VLMBundle, config: VLMAnswerConfig | None = None) -> None:
        self.prompts = PromptBuilder(bundle)  # checks the family and the tokenizer
        self.bundle = bundle
        self.config = config or VLMAnswerConfig()
        self.name = bundle.name
        self.family = bundle.family
        self.kv = PrefixKVStore(self.config.kv_capacity) if self.config.kv_reuse else None
        self.prefiller = Prefiller(bundle, self.kv)
        self.rules = token_rules(bundle, self.prompts.layout.stops)

    def _direction(self, text: str) -> torch.Tensor | None:
        """Unit mean of the LLM input embeddings of ``text``'s tokens (float32 CPU), None if empty."""
        ids = self.bundle.tokenizer(text, add_special_tokens=False)["input_ids"] if text else []
        if not ids:
            return None
        with torch.no_grad():
            vec = self.bundle.embed_tokens(torch.tensor([list(ids)]))[0].float().mean(dim=0).cpu()
        norm = float(vec.norm())
        return vec / norm if norm > 0 and np.isfinite(norm) else None

    # -- the Answerer protocol ---------------------------------------------------------------------
    def query_vector(self, question: str) -> torch.Tensor | None:
        """The question's direction in token space for pruning when ``config.query_pruning``, else None."""
        return self._direction(question) if self.config.query_pruning else None

    def retrieval_vector(self, question: str) -> np.ndarray | None:
        """The question mapped into the visual key space (approximate; see the module docstring)."""
        vec = self._direction(question)
        return None if vec is None else vec.numpy().astype(np.float32)

    def evidence(self, context: Context) -> list[Evidence]:
        """One span per entry shown to the model; the trace is the entry's labels (empty for VLM frames)."""
        return [Evidence(start=e.start, end=e.end, trace=e.trace) for e in context.entries]

    def stream(self, context: Context, evidence: list[Evidence]) -> Iterator[str]:
        yield from self.reply(context)

    # -- per-call entry points ---------------------------------------------------------------------
    def render(self, context: Context, text: str | None = None) -> Prompt:
        """The prompt for ``context``; ``prompt.text`` is the exact text sent (``text``: the question's)."""
        return self.prompts.build(context, self.config.system_prompt, text)

    def reply(self, context: Context, max_new_tokens: int | None = None) -> Reply:
        """Answer ``context``'s question: a :class:`Reply` to iterate for the streamed text.

        Greedy; a question with an exact ``prompt`` (a benchmark's) decodes without repetition penalty.
        """
        penalty = 1.0 if context.question.prompt is not None else self.config.repetition_penalty
        return Reply(self, self.render(context), max_new_tokens or self.config.max_new_tokens, penalty)

    def score_options(self, context: Context) -> OptionScores:
        """Likelihood of each option of ``context.question`` as the answer (see :class:`OptionScores`).

        Each option is written as the question text lists it (``(A) text`` or ``A. text``, see
        :func:`streamvu.answerers.options.answer_texts`), after the family's reply prefix. One prefill
        (reusing cached prefixes) and one short forward per option.
        """
        options = context.question.options
        if not options:
            raise ValueError("the question has no options to score")
        prompt = self.render(context)
        answers = tuple(answer_texts(options, question_text(context)))
        prefix = self.prompts.layout.reply_prefix
        tok = self.bundle.tokenizer
        candidates = [tok(prefix + a, add_special_tokens=False)["input_ids"] for a in answers]
        prefilled = self.prefiller.prefill(prompt.segments)
        logliks = continuation_logliks(self.prefiller, prefilled, candidates)
        return OptionScores(prompt=prompt, answers=answers, logliks=tuple(logliks), prefill=prefilled.info)

    def option_logliks(self, context: Context, evidence: list[Evidence]) -> list[float]:
        """The :class:`~streamvu.answerers.base.ChoiceScorer` protocol: see :meth:`score_options`."""
        return list(self.score_options(context).logliks)

    def caption(
        self, evidence: Sequence[Evidence], max_new_tokens: int = 40, items: Sequence[FrameTokens] = ()
    ) -> str:
        """One sentence about a segment: the model sees the segment's frames (``items``, full tokens,
        each with its time span). Without items (a whole-video summary) it reads ``evidence`` as text."""
        entries, previous = [], None
        for item in items:
            entries.append(entry_from_frame(item, item.t if previous is None else previous, store="short"))
            previous = item.t
        if entries:
            text = CAPTION_PROMPT
        else:
            lines = "\n".join(f"- {e.start:.1f}s to {e.end:.1f}s: {e.trace}" for e in evidence)
            text = f"Captions of the video so far:\n{lines}\n{SUMMARY_PROMPT}"
        asked_at = entries[-1].end if entries else (evidence[-1].end if evidence else 0.0)
        context = Context(question=Question(text, asked_at=asked_at), entries=entries, mode="auto")
        reply = Reply(self, self.render(context, text), max_new_tokens, self.config.repetition_penalty)
        return "".join(reply).strip()


def load_vlm_answerer(
    name: str, encoder: VisionEncoder, config: VLMAnswerConfig | None = None
) -> VLMAnswerer:
    """The VLM answerer ``name`` (hub name or local path), sharing the encoder's loaded model.

    The memory's tokens must come from the same VLM's vision tower, so ``encoder`` must be that
    model's encoder (``build_encoder(name)``); otherwise, or when ``name`` is no supported VLM,
    :class:`ModelError` says what to choose.
    """
    if isinstance(encoder, HFVisionEncoder) and same_model(encoder.bundle.name, name):
        return VLMAnswerer(encoder.bundle, config)
    from transformers import AutoConfig

    choices = (
        "grounded (or its alias embedded), smollm2, or a Hugging Face model name or local path of a "
        f"supported VLM ({', '.join(SUPPORTED_FAMILIES)})"
    )
    try:
        cfg = AutoConfig.from_pretrained(name)
        detect_family(getattr(cfg, "model_type", "") or "")
    except (OSError, ValueError, ModelError) as exc:
        raise ModelError(f"unknown answer model {name!r}; choose one of: {choices}. Details: {exc}") from exc
    raise ModelError(
        f"the answer model {name!r} reads visual tokens from its own vision encoder, but the encoder is "
        f"{encoder.name!r}: "
        f"use encoder={name!r} too (the CLI's --model sets both)"
    )
