"""Greedy decoding after a prefill, yielding text as soon as it decodes.

A manual loop over the decoder (see :mod:`streamvu.answerers.vlm.prefill`): at each step the most
likely token is taken (after an optional mild repetition penalty; image/video placeholder tokens are
never generated) until an end-of-turn token or ``max_new_tokens``. Text is streamed piece by piece:
a piece is emitted once the decoded text grows and does not end in a partial UTF-8 character.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import torch

from streamvu.answerers.vlm.prefill import Prefilled, Prefiller
from streamvu.models.hf_vlm import VLMBundle


@dataclass(frozen=True)
class TokenRules:
    """What decoding needs of a model: ``stops`` end a reply, ``banned`` are never generated, and
    logits past ``vocab`` (padding rows of the LM head) are ignored."""

    stops: frozenset[int]
    banned: tuple[int, ...]
    vocab: int


def token_rules(bundle: VLMBundle, stop_tokens: Sequence[str]) -> TokenRules:
    """The family's end-of-turn tokens plus every EOS id of the tokenizer and generation config."""
    tok = bundle.tokenizer
    ids = {tok.convert_tokens_to_ids(t) for t in stop_tokens}
    stops = {int(i) for i in ids if i is not None and i != tok.unk_token_id}
    for value in (tok.eos_token_id, getattr(bundle.model.generation_config, "eos_token_id", None)):
        if isinstance(value, int):
            stops.add(value)
        elif isinstance(value, (list, tuple)):
            stops.update(int(v) for v in value)
    banned = tuple(i for i in (bundle.image_token_id, bundle.video_token_id) if i is not None)
    return TokenRules(stops=frozenset(stops), banned=banned, vocab=len(tok))


def pick(logits: torch.Tensor, generated: Sequence[int], rules: TokenRules, penalty: float) -> int:
    """The greedy next token; ``penalty`` divides (multiplies, if negative) logits of tokens already
    generated (1.0: off)."""
    scores = logits[: rules.vocab].clone()
    if penalty != 1.0 and generated:
        seen = torch.tensor(sorted(set(generated)), device=scores.device)
        values = scores[seen]
        scores[seen] = torch.where(values > 0, values / penalty, values * penalty)
    if rules.banned:
        scores[list(rules.banned)] = float("-inf")
    return int(torch.argmax(scores))


@dataclass
class Decoded:
    """What one decoding produced so far: the token ids (updated while it runs)."""

    ids: list[int] = field(default_factory=list)


def decode(
    prefiller: Prefiller,
    prefilled: Prefilled,
    rules: TokenRules,
    max_new_tokens: int,
    penalty: float,
    out: Decoded,
) -> Iterator[str]:
    """Greedy decoding after ``prefilled`` (whose cache it extends), yielding text pieces; the
    generated ids accumulate in ``out``."""
    tok = prefiller.bundle.tokenizer
    logits, pos, emitted = prefilled.logits, prefilled.next_pos, ""
    for step in range(max_new_tokens):
        nxt = pick(logits, out.ids, rules, penalty)
        if nxt in rules.stops:
            break
        out.ids.append(nxt)
        text = tok.decode(out.ids, skip_special_tokens=True)
        if len(text) > len(emitted) and not text.endswith("\ufffd"):
            yield text[len(emitted) :]
            emitted = text
        if step + 1 == max_new_tokens:
            break
        logits = prefiller.extend(prefilled.cache, pos, [nxt])[-1]
        pos += 1
    text = tok.decode(out.ids, skip_special_tokens=True) if out.ids else ""
    if len(text) > len(emitted):
        yield text[len(emitted) :]
