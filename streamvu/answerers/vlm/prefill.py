"""Running a VLM's decoder on a prompt's segments: embeddings, position ids, prefix-KV reuse.

The ids of each :class:`~streamvu.answerers.vlm.prompt.Segment` are embedded with the model's input
embeddings and each visual block's tokens are written over its image-token positions; the decoder
stack (``bundle.language_model``) runs on ``inputs_embeds`` with position ids computed here (Qwen's
M-RoPE ``(t, h, w)``, see :mod:`streamvu.answerers.positions`; 1-D for the other families) and a
``DynamicCache`` this module owns. The model's ``generate`` and its internal ``rope_deltas`` state
are not used, so concurrent calls share no mutable state: each :meth:`Prefiller.prefill` returns its
own cache and :class:`PrefillInfo`.

Prefilled prefixes (header + entries) are kept in a :class:`PrefixKVStore`: a second question over
the same entries prefills only its own text.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch

from streamvu.answerers.kv_cache import PrefixKVStore
from streamvu.answerers.positions import mrope_block, text_positions
from streamvu.answerers.vlm.prompt import Segment
from streamvu.errors import ModelError
from streamvu.models.hf_vlm import VLMBundle


@dataclass(frozen=True)
class PrefillInfo:
    """How one call's prompt was processed.

    prompt_tokens: tokens in the whole prompt; reused_tokens: of them, taken from a cached prefix;
    prefilled_tokens: run through the model (prompt_tokens - reused_tokens); prefill_calls: forward
    calls of the prefill; prefill_s: its wall time; position_ids: the whole prompt's ids, (3, L) for
    M-RoPE, else (L,); segments / reused_segments: prompt segments and how many came from the cache.
    """

    prompt_tokens: int
    reused_tokens: int
    prefilled_tokens: int
    prefill_calls: int
    prefill_s: float
    position_ids: torch.Tensor
    segments: int
    reused_segments: int


@dataclass
class Prefilled:
    """A prefilled prompt, private to one call: ``logits`` (vocab,) float32 of the last position,
    the ``cache`` holding the whole prompt, the next free position id, and the :class:`PrefillInfo`."""

    logits: torch.Tensor
    cache: Any
    next_pos: int
    info: PrefillInfo


class Prefiller:
    """Embeds, positions and prefills prompts of one loaded VLM; see the module docstring.

    kv: the prefix store (None: no reuse, one forward over the whole prompt).
    """

    def __init__(self, bundle: VLMBundle, kv: PrefixKVStore | None) -> None:
        self.bundle = bundle
        self.kv = kv
        self.mrope = bundle.family == "qwen2_5_vl"
        self._image_id = bundle.image_token_id

    def positions(self, segment: Segment, start: int) -> tuple[torch.Tensor, int]:
        """Position ids of ``segment`` from ``start`` and the next free position."""
        ids = segment.ids
        n = int(ids.shape[0])
        if not self.mrope or not segment.blocks:
            return text_positions(start, n, self.mrope), start + n
        image = (ids == self._image_id).nonzero().flatten().tolist()
        parts, at, pos, k = [], 0, start, 0
        for block in segment.blocks:
            count = int(block.cells.shape[0])
            if k + count > len(image) or image[k + count - 1] - image[k] != count - 1:
                raise ModelError(f"{len(image)} image tokens in a segment do not hold {count} visual tokens")
            first = image[k]
            parts.append(text_positions(pos, first - at, True))
            pos += first - at
            grid_pos, pos = mrope_block(pos, block.cells, block.grid)
            parts.append(grid_pos)
            at, k = first + count, k + count
        if k != len(image):
            raise ModelError(f"{len(image)} image tokens for {k} visual tokens")
        parts.append(text_positions(pos, n - at, True))
        return torch.cat(parts, dim=1), pos + (n - at)

    def embed(self, segments: Sequence[Segment]) -> torch.Tensor:
        """(1, L, D) input embeddings of ``segments``, visual tokens written over their image tokens."""
        ids = torch.cat([s.ids for s in segments])
        with torch.no_grad():
            embeds = self.bundle.embed_tokens(ids[None]).clone()
            visual = [b.visual for s in segments for b in s.blocks]
            if visual:
                mask = (ids == self._image_id).to(embeds.device)
                embeds[0, mask] = torch.cat(visual).to(embeds.device, embeds.dtype)
        return embeds

    def new_cache(self):
        from transformers import DynamicCache

        return DynamicCache(config=self.bundle.language_model.config)

    def forward(
        self, embeds: torch.Tensor, positions: torch.Tensor, cache, every: bool = False
    ) -> torch.Tensor:
        """Run the decoder on ``embeds`` (extending ``cache``): float32 logits of the last position
        (vocab,), or of every position (L, vocab) when ``every``."""
        pos = positions[:, None, :] if self.mrope else positions[None, :]
        with torch.no_grad():
            out = self.bundle.language_model(
                inputs_embeds=embeds, position_ids=pos.to(embeds.device), cache=cache, use_cache=True
            )
            hidden = out.last_hidden_state[0] if every else out.last_hidden_state[:, -1]
            logits = self.bundle.lm_head(hidden).float()
        return logits if every else logits[0]

    def prefill(self, segments: Sequence[Segment]) -> Prefilled:
        """Prefill ``segments`` (the last is the question), reusing a cached prefix when possible."""
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
        cache = match.cache if done else self.new_cache()
        calls, first = 1, prefix
        if self.kv is None:  # nothing to keep: one forward over the whole prompt
            first = done
        elif done < prefix:
            self.forward(self.embed(segments[done:prefix]), torch.cat(spans[done:prefix], dim=-1), cache)
            calls += 1
            self.kv.store(keys, cache, ends[:prefix], nexts[:prefix])  # the store owns it from now on
            cache = copy.deepcopy(cache)
        logits = self.forward(self.embed(segments[first:]), torch.cat(spans[first:], dim=-1), cache)
        reused = ends[done - 1] if done else 0
        info = PrefillInfo(
            prompt_tokens=total,
            reused_tokens=reused,
            prefilled_tokens=total - reused,
            prefill_calls=calls,
            prefill_s=time.perf_counter() - started,
            position_ids=torch.cat(spans, dim=-1),
            segments=len(segments),
            reused_segments=done,
        )
        return Prefilled(logits=logits, cache=cache, next_pos=nexts[-1], info=info)

    def extend(self, cache, start: int, ids: Sequence[int]) -> torch.Tensor:
        """Feed text ``ids`` at positions from ``start`` (``cache`` grows): logits (len(ids), vocab)."""
        with torch.no_grad():
            embeds = self.bundle.embed_tokens(torch.tensor([list(ids)]))
        return self.forward(embeds, text_positions(start, len(ids), self.mrope), cache, every=True)
