"""Likelihood of answer texts after a prefilled prompt (multiple-choice scoring).

The prompt is prefilled once (reusing cached prefixes as any answer does); each candidate answer's
tokens are then fed after it in one short forward, its summed log-probability read off, and the
cache cropped back to the prompt for the next candidate: one prefill + N short continuations.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

from streamvu.answerers.vlm.prefill import Prefilled, Prefiller


def continuation_logliks(
    prefiller: Prefiller, prefilled: Prefilled, candidates: Sequence[Sequence[int]]
) -> list[float]:
    """Summed natural-log probability of each candidate's token ids right after the prompt.

    The first token is scored by the prompt's last logits, each later token by the forward over the
    candidate's preceding tokens. ``prefilled.cache`` is left holding exactly the prompt.
    """
    length = prefilled.cache.get_seq_length()
    first = torch.log_softmax(prefilled.logits, dim=-1)
    out = []
    for ids in candidates:
        ids = list(ids)
        if not ids:
            raise ValueError("an empty answer text has no likelihood")
        total = float(first[ids[0]])
        if len(ids) > 1:
            try:
                logits = prefiller.extend(prefilled.cache, prefilled.next_pos, ids[:-1])
            finally:  # transformers: a negative count removes that many tokens
                prefilled.cache.crop(-(prefilled.cache.get_seq_length() - length))
            logp = torch.log_softmax(logits, dim=-1)
            rows = torch.arange(len(ids) - 1, device=logp.device)
            total += float(logp[rows, torch.tensor(ids[1:], device=logp.device)].sum())
        out.append(total)
    return out
