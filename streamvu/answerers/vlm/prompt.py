"""The prompt of a VLM answer: the checkpoint's own chat template, one visual block per memory entry.

The conversation is a system message and one user turn whose content blocks are, for each memory
entry, its time label (text) and an image, then the question (text)::

    [system: SYSTEM_PROMPT]
    [user:   "<t=12.0-15.0s>", image, "<t=15.0-18.0s>", image, ..., "\\n", question text]

It is rendered with the checkpoint's chat template (``tokenizer.apply_chat_template`` with the
template the checkpoint ships, see :func:`streamvu.models.hf_vlm.load_chat_template`), exactly as the
family's processor renders it; only a checkpoint without a template falls back to the built-in
layouts below. The rendered text holds one image placeholder per entry, as the template writes it
(Qwen2.5-VL: ``<|vision_start|><|image_pad|><|vision_end|>``; SmolVLM/Idefics3 and
LLaVA-OneVision: ``<image>``); :attr:`Prompt.text` is that text, the exact prompt sent. Its token
ids are then expanded the way the family's processor expands each placeholder for one image of
``n`` tokens (Qwen: ``<|image_pad|>`` x n; SmolVLM/Idefics3: ``<fake_token_around_image>
<global-img>`` + ``<image>`` x n + ``<fake_token_around_image>``; LLaVA-OneVision, several images:
``<image>`` x (n + 1), the last one the model's ``image_newline``), and the entry's (pruned or
pooled) tokens are later written over the ``<image>``/``<|image_pad|>`` positions.

The token ids are cut into :class:`Segment`\\ s — the header (everything before the first entry),
one per entry (from its first block to the next entry's), and the question (the rest) — so the
prefilled KV of the header and entries can be reused by the next question
(:mod:`streamvu.answerers.kv_cache`). Cutting the ids of one tokenization of the whole text (never
tokenizing pieces apart) keeps the ids exactly those of the processor. A template that lists all
images before all text (LLaVA-OneVision) puts every time label in the question segment.

With ``Question.prompt`` set (a benchmark's official prompt), the question block is exactly that
text (the system message and the entries' time labels stay); otherwise it is laid out here (mode
hint, asked-at time, lettered options).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

import torch

from streamvu.answerers.options import format_options
from streamvu.answerers.positions import token_cells
from streamvu.errors import ModelError, QuestionError
from streamvu.messages import Context, MemoryEntry
from streamvu.models.hf_vlm import VLMBundle

SYSTEM_PROMPT = (
    "You are watching a video stream. The frames seen so far are shown in time order, each after its "
    "time span in seconds. Answer the question briefly, using only what the frames show."
)
CHOICE_HINT = "Answer with the option's letter."
MODE_HINT = {
    "now": "The question is about the moment it is asked; the last frames matter most. ",
    "past": "The question is about what happened before it was asked. ",
    "future": "The question asks what comes next; guess from the latest frames and say it is a guess. ",
    "auto": "",
}
CAPTION_PROMPT = "Describe what happens in this part of the video in one short sentence."
SUMMARY_PROMPT = "Summarize the whole video in one or two sentences."

TemplateSource = Literal["checkpoint", "builtin"]


def _clock(seconds: float) -> str:
    minutes, rest = divmod(max(0.0, seconds), 60)
    return f"{int(minutes):02d}:{rest:04.1f}"


@dataclass(frozen=True)
class FamilyLayout:
    """How a family's prompt places entries (the same with its template and with the built-in layout).

    time_label: the text block before each entry's image; question_separator: a text block between
    the last image and the question; image_text: the placeholder the built-in layout writes for one
    image (the family's template writes the same); expand_before/expand_after: what the family's
    processor puts around the ``n`` image tokens of one image; block_end: a token the template writes
    right after each image's tokens (kept in the entry's segment); newline: LLaVA-OneVision adds the
    model's ``image_newline`` embedding after each image's tokens; stops: the family's end-of-turn
    tokens; reply_prefix: what the model's replies start with after the generation prompt (SmolVLM
    answers "Assistant: text"); header/footer: the built-in layout around the user turn.
    """

    time_label: Callable[[float, float], str]
    question_separator: str
    image_text: str
    expand_before: str
    expand_after: str
    block_end: str
    newline: bool
    stops: tuple[str, ...]
    reply_prefix: str
    header: str
    footer: str


_CHATML_HEADER = "<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n"
_CHATML_FOOTER = "<|im_end|>\n<|im_start|>assistant\n"
_SMOLVLM = FamilyLayout(  # SmolVLM2 labels its own video frames "Frame from MM:SS:"
    time_label=lambda a, b: f"\nFrame from {_clock(a)}-{_clock(b)}:",
    question_separator="\n",
    image_text="<image>",
    expand_before="<fake_token_around_image><global-img>",
    expand_after="<fake_token_around_image>",
    block_end="",
    newline=False,
    stops=("<end_of_utterance>", "<|endoftext|>", "<|im_end|>"),
    reply_prefix=" ",
    header="<|im_start|>System: {system}<end_of_utterance>\nUser:",
    footer="<end_of_utterance>\nAssistant:",
)
LAYOUTS = {
    "qwen2_5_vl": FamilyLayout(
        time_label=lambda a, b: f"<t={a:.1f}-{b:.1f}s>",
        question_separator="\n",
        image_text="<|vision_start|><|image_pad|><|vision_end|>",
        expand_before="",
        expand_after="",
        block_end="<|vision_end|>",
        newline=False,
        stops=("<|im_end|>", "<|endoftext|>"),
        reply_prefix="",
        header=_CHATML_HEADER,
        footer=_CHATML_FOOTER,
    ),
    "smolvlm": _SMOLVLM,
    "idefics3": _SMOLVLM,
    "llava_onevision": FamilyLayout(  # its template writes "\n" before every text block itself
        time_label=lambda a, b: f"<t={a:.1f}-{b:.1f}s>",
        question_separator="",
        image_text="<image>",
        expand_before="",
        expand_after="",
        block_end="",
        newline=True,
        stops=("<|im_end|>", "<|endoftext|>"),
        reply_prefix="",
        header=_CHATML_HEADER,
        footer=_CHATML_FOOTER,
    ),
}


@dataclass(frozen=True)
class VisualBlock:
    """One entry's visual tokens in a segment: ``visual`` (n, D) float32 (with LLaVA's newline),
    ``cells`` (n_tokens, 2) grid cells of the entry's own tokens, ``grid`` the entry's (h, w)."""

    visual: torch.Tensor
    cells: torch.Tensor
    grid: tuple[int, int]


@dataclass
class Segment:
    """A piece of the prompt's ids: ``ids`` (L,) with ``blocks``' visual tokens written over its image
    tokens, in order. ``key`` fixes the ids and the visual tokens (for prefix KV reuse)."""

    key: Hashable
    ids: torch.Tensor
    blocks: tuple[VisualBlock, ...] = ()


@dataclass
class Prompt:
    """A rendered prompt: ``text`` is the exact prompt sent (what ``apply_chat_template`` returns, one
    placeholder per image); ``messages`` the conversation it was rendered from; ``segments`` its
    expanded ids cut for KV reuse; ``template`` whether the checkpoint's template or the built-in
    layout rendered it."""

    text: str
    messages: list[dict]
    segments: list[Segment]
    template: TemplateSource

    @property
    def ids(self) -> torch.Tensor:
        return torch.cat([s.ids for s in self.segments])


def question_text(context: Context) -> str:
    """The user turn's question text: ``question.prompt`` verbatim when set, else laid out here."""
    q = context.question
    if q.prompt is not None:
        return q.prompt
    text = f"{MODE_HINT.get(context.mode, '')}Question (asked at {q.asked_at:.1f}s): {q.text.strip()}"
    if q.options:
        text += "\nOptions:\n" + "\n".join(format_options(q.options)) + "\n" + CHOICE_HINT
    return text


class PromptBuilder:
    """Builds :class:`Prompt`\\ s for one loaded VLM (see the module docstring). Holds no per-call state."""

    def __init__(self, bundle: VLMBundle) -> None:
        if bundle.family not in LAYOUTS:
            raise ModelError(f"no prompt layout for {bundle.family!r}; supported: {', '.join(LAYOUTS)}")
        if bundle.tokenizer is None:
            raise ModelError(f"{bundle.name!r} has no tokenizer; the VLM answerer needs one")
        self.bundle = bundle
        self.layout = LAYOUTS[bundle.family]
        self.template = bundle.chat_template
        tok = bundle.tokenizer
        self._image_id = bundle.image_token_id
        self._before = self._ids(self.layout.expand_before)
        self._after = self._ids(self.layout.expand_after)
        self._block_end = tok.convert_tokens_to_ids(self.layout.block_end) if self.layout.block_end else None
        self._newline = None
        if self.layout.newline:  # one image_newline embedding closes each image's tokens
            self._newline = bundle.model.model.image_newline.detach().float().cpu()[None]

    def _ids(self, text: str) -> list[int]:
        return list(self.bundle.tokenizer(text, add_special_tokens=False)["input_ids"]) if text else []

    # -- the conversation ----------------------------------------------------------------------
    def messages(self, context: Context, system: str = SYSTEM_PROMPT, text: str | None = None) -> list[dict]:
        """System message and user turn (see the module docstring); ``text`` overrides the question text."""
        content: list[dict] = []
        for entry in context.entries:
            content.append({"type": "text", "text": self.layout.time_label(entry.start, entry.end)})
            content.append({"type": "image"})
        if context.entries and self.layout.question_separator:
            content.append({"type": "text", "text": self.layout.question_separator})
        content.append({"type": "text", "text": question_text(context) if text is None else text})
        return [
            {"role": "system", "content": [{"type": "text", "text": system}]},
            {"role": "user", "content": content},
        ]

    def render(self, messages: list[dict]) -> tuple[str, TemplateSource]:
        """The prompt text of ``messages`` (generation prompt added) and which layout rendered it."""
        if self.template:
            text = self.bundle.tokenizer.apply_chat_template(
                messages, chat_template=self.template, tokenize=False, add_generation_prompt=True
            )
            return text, "checkpoint"
        system, user = messages
        body = "".join(b["text"] if b["type"] == "text" else self.layout.image_text for b in user["content"])
        header = self.layout.header.format(system=system["content"][0]["text"])
        return header + body + self.layout.footer, "builtin"

    # -- ids and segments ----------------------------------------------------------------------
    def build(self, context: Context, system: str = SYSTEM_PROMPT, text: str | None = None) -> Prompt:
        """The prompt for ``context`` (``system``, ``text``: see :meth:`messages`)."""
        entries = list(context.entries)
        messages = self.messages(context, system, text)
        rendered, source = self.render(messages)
        enc = self.bundle.tokenizer(rendered, add_special_tokens=False, return_offsets_mapping=True)
        ids, offsets = list(enc["input_ids"]), [tuple(o) for o in enc["offset_mapping"]]
        images = [i for i, t in enumerate(ids) if t == self._image_id]
        if len(images) > len(entries):
            token = self.bundle.tokenizer.convert_ids_to_tokens(self._image_id)
            raise QuestionError(f"the question must not contain the model's image placeholder {token!r}")
        if len(images) < len(entries):
            raise ModelError(
                f"the chat template wrote {len(images)} images for {len(entries)} memory entries"
            )
        labels = [self.layout.time_label(e.start, e.end) for e in entries]
        cuts = self._cuts(rendered, ids, offsets, images, labels)
        kept = context.kept_indices or [None] * len(entries)
        blocks = [self.visual_block(e, k) for e, k in zip(entries, kept, strict=True)]
        segments, used = [], 0
        for a, b in zip(cuts[:-1], cuts[1:], strict=True):
            n = sum(1 for i in images if a <= i < b)
            segments.append(self._segment(ids[a:b], blocks[used : used + n]))
            used += n
        return Prompt(text=rendered, messages=messages, segments=segments, template=source)

    def _cuts(
        self,
        text: str,
        ids: list[int],
        offsets: list[tuple[int, int]],
        images: list[int],
        labels: Sequence[str],
    ) -> list[int]:
        """Token indices where segments start, plus ``len(ids)``: header, one per entry, question."""
        if not images:
            return [0, len(ids)]

        def token_at(char: int) -> int:  # the token holding (or first after) character ``char``
            return next((k for k, (_, end) in enumerate(offsets) if end > char), len(ids))

        starts, cursor = [], 0
        for label, image in zip(labels, images, strict=True):
            pos = text.find(label, cursor) if label else -1
            cursor = pos + len(label) if pos >= 0 else cursor
            starts.append(min(token_at(pos), image) if pos >= 0 else image)
        question = images[-1] + 1
        if self._block_end is not None and question < len(ids) and ids[question] == self._block_end:
            question += 1
        inner = [*starts, question]
        if any(b <= a for a, b in pairwise(inner)):  # an unusual template: no reuse, still exact
            return [0, len(ids)]
        if inner[0] == 0:  # nothing before the first entry: no header segment
            inner = inner[1:]
        return [0, *inner, len(ids)]

    def visual_block(self, entry: MemoryEntry, kept: torch.Tensor | None = None) -> VisualBlock:
        """The entry's tokens as a block (ModelError when they are not this model's tokens)."""
        d = self.bundle.hidden_size
        if entry.tokens.ndim != 2 or entry.tokens.shape[1] != d:
            raise ModelError(
                f"memory tokens have shape {tuple(entry.tokens.shape)} but {self.bundle.name!r} takes {d}-d "
                "tokens: encode with the same VLM (encoder and answerer must be the same model)"
            )
        tokens = entry.tokens.detach().to("cpu", torch.float32).contiguous()
        visual = tokens if self._newline is None else torch.cat([tokens, self._newline])
        return VisualBlock(
            visual=visual, cells=token_cells(entry, kept), grid=(int(entry.grid[0]), int(entry.grid[1]))
        )

    def _segment(self, ids: list[int], blocks: Sequence[VisualBlock]) -> Segment:
        out: list[int] = []
        it = iter(blocks)
        for t in ids:
            if t == self._image_id:
                block = next(it)
                out += self._before + [self._image_id] * block.visual.shape[0] + self._after
            else:
                out.append(t)
        tensor = torch.tensor(out, dtype=torch.int64)
        digest = hashlib.blake2b(tensor.numpy().tobytes(), digest_size=16)
        for block in blocks:
            digest.update(block.visual.numpy().tobytes())
            digest.update(block.cells.numpy().tobytes())
            digest.update(repr(block.grid).encode())
        return Segment(key=digest.hexdigest(), ids=tensor, blocks=tuple(blocks))
