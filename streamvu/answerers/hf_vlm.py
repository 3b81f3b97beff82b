"""Answer with a Hugging Face VLM fed the memory's own visual tokens as input embeddings.

The memory already holds tokens in the language model's input space (the VLM encoders of
``streamvu.encoders.hf`` run the vision tower and projector). The prompt is the family's chat
format, with one visual block per memory entry::

    <header: system prompt, user turn opens>
    <t=12.0-15.0s> <|vision_start|><|image_pad|> x n<|vision_end|>      (Qwen2.5-VL; per entry)
    ...
    Question (asked at 35.0s): ...<user turn closes, assistant turn opens>

The ids are embedded with the model's input embeddings and each entry's (pruned or pooled) tokens
are written over its image-placeholder positions, then the decoder stack (``bundle.language_model``)
runs on ``inputs_embeds`` with position ids computed here (Qwen's M-RoPE ``(t, h, w)``; see
:mod:`streamvu.answerers.positions`) and a ``DynamicCache`` this module owns. Decoding is a manual
greedy loop (mild repetition penalty; image/video placeholders never generated) that yields text
as soon as it decodes, so answers stream token by token. The model's ``generate`` and its
internal ``rope_deltas`` state are not used, so concurrent questions never share mutable state.

Prefilled prefixes (header + visual blocks) are kept in a :class:`PrefixKVStore`: a second
question over the same entries prefills only its own text (see :mod:`streamvu.answerers.kv_cache`).

Retrieval: VLM frames carry no labels, so a sentence embedding of the question cannot be compared
with them. :meth:`VLMAnswerer.retrieval_vector` maps the question into the visual token space as the
normalised mean of the LLM input embeddings of its tokens; memory entries are ranked by cosine with
their pooled tokens. This is an approximation (input embeddings of words and projected visual tokens
share a space, not a metric); a real text-visual retriever would do better.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from streamvu.answerers.kv_cache import PrefixKVStore
from streamvu.answerers.positions import mrope_block, text_positions, token_cells
from streamvu.errors import ModelError
from streamvu.memory.ops import entry_from_frame
from streamvu.messages import Context, Evidence, FrameTokens, MemoryEntry, Question
from streamvu.models.hf_vlm import SUPPORTED_FAMILIES, VLMBundle

SYSTEM_PROMPT = (
    "You are watching a video stream. The frames seen so far are shown in time order, each after its "
    "time span in seconds. Answer the question briefly, using only what the frames show."
)
CHOICE_HINT = "Answer with the option's letter."
_MODE_HINT = {
    "now": "The question is about the moment it is asked; the last frames matter most. ",
    "past": "The question is about what happened before it was asked. ",
    "future": "The question asks what comes next; guess from the latest frames and say it is a guess. ",
    "auto": "",
}


def _clock(seconds: float) -> str:
    minutes, rest = divmod(max(0.0, seconds), 60)
    return f"{int(minutes):02d}:{rest:04.1f}"



CAPTION_PROMPT = "Describe what happens in this part of the video in one short sentence."
SUMMARY_PROMPT = "Summarize the whole video in one or two sentences."

@dataclass(frozen=True)
class ChatFormat:
    """A family's chat layout: ``header`` (with ``{system}``), ``footer`` (closes the user turn,
    opens the assistant's), the tokens that end a reply, and the time label before each entry."""

    header: str
    footer: str
    stops: tuple[str, ...]
    time_label: Callable[[float, float], str]


_CHATML = ChatFormat(
    header="<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n",
    footer="<|im_end|>\n<|im_start|>assistant\n",
    stops=("<|im_end|>", "<|endoftext|>"),
    time_label=lambda a, b: f"<t={a:.1f}-{b:.1f}s>",
)
_SMOLVLM = ChatFormat(  # SmolVLM2's chat template; its video frames are labelled "Frame from MM:SS:"
    header="<|im_start|>System: {system}<end_of_utterance>\nUser:",
    footer="<end_of_utterance>\nAssistant:",
    stops=("<end_of_utterance>", "<|endoftext|>", "<|im_end|>"),
    time_label=lambda a, b: f"\nFrame from {_clock(a)}-{_clock(b)}:",
)
CHAT_FORMATS = {"qwen2_5_vl": _CHATML, "llava_onevision": _CHATML, "smolvlm": _SMOLVLM, "idefics3": _SMOLVLM}


@dataclass(frozen=True)
class VLMAnswerConfig:
    """Settings of :class:`VLMAnswerer`.

    max_new_tokens: tokens generated at most per answer.
    repetition_penalty: divides (multiplies, if negative) the logits of tokens already generated; 1 is off.
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


@dataclass
class Segment:
    """One piece of the prompt: ``ids`` (L,) with ``visual`` (n, D) written over its image
    placeholders (in order); ``cells``/``grid`` place an entry's tokens for M-RoPE."""

    key: Hashable
    ids: torch.Tensor
    visual: torch.Tensor | None = None
    cells: torch.Tensor | None = None
    grid: tuple[int, int] | None = None


@dataclass
class PrefillInfo:
    """How the most recent answer's prompt was processed.

    prompt_tokens: tokens in the whole prompt; reused_tokens: of them, taken from a cached prefix;
    prefilled_tokens: run through the model (prompt_tokens - reused_tokens); prefill_calls: forward
    calls of the prefill; prefill_s: its wall time; position_ids: the whole prompt's ids, (3, L) for
    M-RoPE, else (L,); segments / reused_segments: prompt segments and how many came from the cache;
    generated: tokens generated.
    """

    prompt_tokens: int
    reused_tokens: int
    prefilled_tokens: int
    prefill_calls: int
    prefill_s: float
    position_ids: torch.Tensor
    segments: int
    reused_segments: int
    generated: int = 0


class VLMAnswerer:
    """Answers from memory entries with a loaded VLM; see the module docstring.

    bundle: the VLM (share the encoder's: the tokens must come from this model's vision tower).
    """

    memory_key = "both"  # retrieval compares visual keys (see retrieval_vector); text keys stay usable

    def __init__(self, bundle: VLMBundle, config: VLMAnswerConfig | None = None) -> None:
        if bundle.family not in CHAT_FORMATS:
            raise ModelError(f"no chat format for {bundle.family!r}; supported: {', '.join(CHAT_FORMATS)}")
        if bundle.tokenizer is None:
            raise ModelError(f"{bundle.name!r} has no tokenizer; the VLM answerer needs one")
        self.bundle = bundle
        self.config = config or VLMAnswerConfig()
        self.name = bundle.name
        self.family = bundle.family
        self.chat = CHAT_FORMATS[bundle.family]
        self.mrope = bundle.family == "qwen2_5_vl"
        self.kv = PrefixKVStore(self.config.kv_capacity) if self.config.kv_reuse else None
        self.last: PrefillInfo | None = None
        tok = bundle.tokenizer
        self._image_id = bundle.image_token_id
        self._stops = self._token_ids([*self.chat.stops]) | self._eos_ids()
        self._banned = [i for i in (bundle.image_token_id, bundle.video_token_id) if i is not None]
        self._newline = None
        if bundle.family == "llava_onevision":  # one image_newline embedding closes each frame's tokens
            self._newline = bundle.model.model.image_newline.detach()
        self._vocab = len(tok)

    # -- helpers -----------------------------------------------------------------------------------
    def _token_ids(self, tokens: Sequence[str]) -> set[int]:
        tok = self.bundle.tokenizer
        unk = tok.unk_token_id
        ids = {tok.convert_tokens_to_ids(t) for t in tokens}
        return {int(i) for i in ids if i is not None and i != unk}

    def _eos_ids(self) -> set[int]:
        out = set()
        for value in (self.bundle.tokenizer.eos_token_id, getattr(self.bundle.model.generation_config, "eos_token_id", None)):
            if isinstance(value, int):
                out.add(value)
            elif isinstance(value, (list, tuple)):
                out.update(int(v) for v in value)
        return out

    def _ids(self, text: str) -> list[int]:
        return list(self.bundle.tokenizer(text, add_special_tokens=False)["input_ids"]) if text else []

    def _direction(self, text: str) -> torch.Tensor | None:
        """Unit mean of the LLM input embeddings of ``text``'s tokens (float32 CPU), None if empty."""
        ids = self._ids(text)
        if not ids:
            return None
        with torch.no_grad():
            vec = self.bundle.embed_tokens(torch.tensor([ids]))[0].float().mean(dim=0).cpu()
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
        yield from self.generate(self.segments(context))

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
        return "".join(self.generate(self.segments(context), max_new_tokens)).strip()

    # -- the prompt --------------------------------------------------------------------------------
    def segments(self, context: Context) -> list[Segment]:
        """Header, one segment per entry, then the question (see the module docstring)."""
        header = self.chat.header.format(system=self.config.system_prompt)
        out = [Segment(key=("header", header), ids=torch.tensor(self._ids(header), dtype=torch.int64))]
        out += [self.entry_segment(e) for e in context.entries]
        out.append(self.question_segment(context))
        return out

    def entry_segment(self, entry: MemoryEntry) -> Segment:
        d = self.bundle.hidden_size
        if entry.tokens.ndim != 2 or entry.tokens.shape[1] != d:
            raise ModelError(
                f"memory tokens have shape {tuple(entry.tokens.shape)} but {self.name!r} takes {d}-d tokens: "
                "encode with the same VLM (encoder and answerer must be the same model)"
            )
        ph = self.bundle.placeholders
        tokens = entry.tokens.detach().to("cpu", torch.float32).contiguous()
        cells = token_cells(entry)
        visual = tokens if self._newline is None else torch.cat([tokens, self._newline.float().cpu()[None]])
        label = self.chat.time_label(entry.start, entry.end)
        before = self._ids(f"{label} {ph['start']}" if ph["start"] else f"{label} ")
        after = self._ids(ph["end"] + "\n") if ph["end"] else self._ids("\n")
        ids = torch.tensor(before + [self._image_id] * visual.shape[0] + after, dtype=torch.int64)
        digest = hashlib.blake2b(tokens.numpy().tobytes(), digest_size=16)
        digest.update(cells.numpy().tobytes())
        key = ("entry", label, tuple(entry.grid), tuple(tokens.shape), digest.hexdigest())
        return Segment(key=key, ids=ids, visual=visual, cells=cells, grid=tuple(entry.grid))

    def question_segment(self, context: Context) -> Segment:
        from streamvu.answerers.embedded import format_options

        q = context.question
        text = f"{_MODE_HINT.get(context.mode, '')}Question (asked at {q.asked_at:.1f}s): {q.text.strip()}"
        if q.options:
            text += "\nOptions:\n" + "\n".join(format_options(q.options)) + "\n" + CHOICE_HINT
        body = text + self.chat.footer
        return Segment(key=("question", body), ids=torch.tensor(self._ids(body), dtype=torch.int64))

    def positions(self, segment: Segment, start: int) -> tuple[torch.Tensor, int]:
        """Position ids of ``segment`` from ``start`` and the next free position (see ``positions``)."""
        n = int(segment.ids.shape[0])
        if not self.mrope or segment.cells is None:
            return text_positions(start, n, self.mrope), start + n
        where = (segment.ids == self._image_id).nonzero().flatten()
        first, count = int(where[0]), int(where.numel())
        pre = text_positions(start, first, True)
        block, nxt = mrope_block(start + first, segment.cells, segment.grid)
        if block.shape[1] != count:
            raise ModelError(f"{count} image placeholders for {block.shape[1]} visual tokens")
        post = text_positions(nxt, n - first - count, True)
        return torch.cat([pre, block, post], dim=1), nxt + (n - first - count)

    def embed(self, segments: Sequence[Segment]) -> torch.Tensor:
        """(1, L, D) input embeddings of ``segments``, visual tokens written over their placeholders."""
        ids = torch.cat([s.ids for s in segments])
        with torch.no_grad():
            embeds = self.bundle.embed_tokens(ids[None]).clone()
            visual = [s.visual for s in segments if s.visual is not None]
            if visual:
                mask = (ids == self._image_id).to(embeds.device)
                embeds[0, mask] = torch.cat(visual).to(embeds.device, embeds.dtype)
        return embeds

    # -- running the model -------------------------------------------------------------------------
    def _new_cache(self):
        from transformers import DynamicCache

        return DynamicCache(config=self.bundle.language_model.config)

    def _forward(self, embeds: torch.Tensor, positions: torch.Tensor, cache) -> torch.Tensor:
        """Run the decoder on ``embeds`` (extending ``cache``); logits of the last position (float32)."""
        pos = positions[:, None, :] if self.mrope else positions[None, :]
        with torch.no_grad():
            out = self.bundle.language_model(
                inputs_embeds=embeds, position_ids=pos.to(embeds.device), cache=cache, use_cache=True
            )
            return self.bundle.lm_head(out.last_hidden_state[:, -1]).float()[0]

    def prefill(self, segments: Sequence[Segment]):
        """Prefill ``segments`` (the last is the question), reusing a cached prefix when possible.

        Returns (logits of the last position, cache, next position id) and sets :attr:`last`.
        """
        started = time.perf_counter()
        spans, ends, nexts, start, total = [], [], [], 0, 0
        for seg in segments:
            pos, start = self.positions(seg, start)
            spans.append(pos)
            total += int(seg.ids.shape[0])
            ends.append(total)
            nexts.append(start)
        prefix = len(segments) - 1
        keys = [s.key for s in segments[:prefix]]
        match = self.kv.lookup(keys) if self.kv is not None and prefix else None
        done = match.segments if match is not None else 0
        cache = match.cache if done else self._new_cache()
        calls, first = 1, prefix
        if self.kv is None:  # nothing to keep: one forward over the whole prompt
            first = done
        elif done < prefix:
            self._forward(self.embed(segments[done:prefix]), torch.cat(spans[done:prefix], dim=-1), cache)
            calls += 1
            self.kv.store(keys, cache, ends[:prefix], nexts[:prefix])  # the store owns it from now on
            cache = _copy(cache)
        logits = self._forward(self.embed(segments[first:]), torch.cat(spans[first:], dim=-1), cache)
        reused = ends[done - 1] if done else 0
        self.last = PrefillInfo(
            prompt_tokens=total, reused_tokens=reused, prefilled_tokens=total - reused, prefill_calls=calls,
            prefill_s=time.perf_counter() - started, position_ids=torch.cat(spans, dim=-1),
            segments=len(segments), reused_segments=done,
        )
        return logits, cache, nexts[-1]

    def generate(self, segments: Sequence[Segment], max_new_tokens: int | None = None) -> Iterator[str]:
        """Greedy decoding after :meth:`prefill`, yielding text pieces as they decode."""
        limit = max_new_tokens or self.config.max_new_tokens
        logits, cache, pos = self.prefill(segments)
        info = self.last
        tok = self.bundle.tokenizer
        generated: list[int] = []
        emitted = ""
        for step in range(limit):
            nxt = self._pick(logits, generated)
            if nxt in self._stops:
                break
            generated.append(nxt)
            if info is not None:
                info.generated = len(generated)
            text = tok.decode(generated, skip_special_tokens=True)
            if len(text) > len(emitted) and not text.endswith("\ufffd"):
                yield text[len(emitted):]
                emitted = text
            if step + 1 == limit:
                break
            with torch.no_grad():
                embeds = self.bundle.embed_tokens(torch.tensor([[nxt]]))
            logits = self._forward(embeds, text_positions(pos, 1, self.mrope), cache)
            pos += 1
        text = tok.decode(generated, skip_special_tokens=True) if generated else ""
        if len(text) > len(emitted):
            yield text[len(emitted):]

    def _pick(self, logits: torch.Tensor, generated: list[int]) -> int:
        scores = logits[: self._vocab].clone() if logits.shape[0] > self._vocab else logits.clone()
        penalty = self.config.repetition_penalty
        if penalty != 1.0 and generated:
            seen = torch.tensor(sorted(set(generated)), device=scores.device)
            values = scores[seen]
            scores[seen] = torch.where(values > 0, values / penalty, values * penalty)
        if self._banned:
            scores[self._banned] = float("-inf")
        return int(torch.argmax(scores))


def _copy(cache):
    import copy

    return copy.deepcopy(cache)


def same_model(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True when two names/paths name the same model (local paths compared after resolving)."""
    a, b = str(a).rstrip("/"), str(b).rstrip("/")
    if os.path.exists(a) and os.path.exists(b):
        return os.path.realpath(a) == os.path.realpath(b)
    return a == b


def load_vlm_answerer(name: str, encoder, config: VLMAnswerConfig | None = None) -> VLMAnswerer:
    """The VLM answerer ``name`` (hub name or local path), sharing the encoder's loaded model.

    The memory's tokens must come from the same VLM's vision tower, so ``encoder`` must be that
    model's encoder (``build_encoder(name)``); otherwise, or when ``name`` is no supported VLM,
    :class:`ModelError` says what to choose.
    """
    bundle = getattr(encoder, "bundle", None)
    if isinstance(bundle, VLMBundle) and same_model(bundle.name, name):
        return VLMAnswerer(bundle, config)
    from transformers import AutoConfig

    from streamvu.models.hf_vlm import detect_family

    choices = f"embedded, or a Hugging Face model name or local path of a supported VLM ({', '.join(SUPPORTED_FAMILIES)})"
    try:
        cfg = AutoConfig.from_pretrained(name)
        detect_family(getattr(cfg, "model_type", "") or "")
    except (OSError, ValueError, ModelError) as exc:
        raise ModelError(f"unknown answer model {name!r}; choose one of: {choices}. Details: {exc}") from exc
    enc = getattr(encoder, "name", type(encoder).__name__)
    raise ModelError(
        f"the answer model {name!r} reads visual tokens from its own vision encoder, but the encoder is {enc!r}: "
        f"use encoder={name!r} too (the CLI's --model sets both)"
    )
