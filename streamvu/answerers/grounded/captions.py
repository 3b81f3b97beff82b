"""Grounded captions: a segment's caption names only what its evidence names.

The evidence of a segment is its runs of frames sharing a top class (``label_runs``). The caption
lists the classes seen longest, in time order, with their span and the classifier's mean confidence
(from the frames' labels, when given); classes below ``SURE`` are only offered as guesses, and a
segment with none above it says that nothing was recognised with confidence. No word comes from
anywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from streamvu.messages import Evidence, FrameTokens

SURE = 0.3  # mean probability from which a class is reported as seen (below: a guess)
MAX_NAMES = 3


def mean_probability(items: Sequence[FrameTokens], name: str) -> float | None:
    """Mean probability of class ``name`` over the frames whose labels include it (None when none do)."""
    values = [lab.prob for item in items for lab in item.labels if lab.name == name]
    return float(np.mean(values)) if values else None


def _span(start: float, end: float) -> str:
    return f"{start:.0f}–{end:.0f} s" if end - start >= 1.5 else f"{start:.0f} s"


def grounded_caption(evidence: Sequence[Evidence], items: Sequence[FrameTokens] = ()) -> str:
    """One sentence from ``evidence`` (and the frames' label probabilities in ``items``, if given)."""
    names: dict[str, list[Evidence]] = {}
    for ev in evidence:
        for name in (n.strip() for n in ev.trace.split(",")):
            if name and name != "nothing recognised":
                names.setdefault(name, []).append(ev)
    if not names:
        return "Nothing recognised."
    longest = sorted(names.items(), key=lambda kv: -sum(e.end - e.start for e in kv[1]))[:MAX_NAMES]
    longest.sort(key=lambda kv: kv[1][0].start)
    sure, guesses = [], []
    for name, spans in longest:
        prob = mean_probability(items, name) if items else None
        where = _span(
            spans[0].start,
            max(spans, key=lambda e: e.end - e.start).end if len(spans) == 1 else spans[-1].end,
        )
        if prob is None:
            sure.append(f"{name} ({where})")
        elif prob >= SURE:
            sure.append(f"{name} ({where}, {prob:.0%})")
        else:
            guesses.append(f"{name} {prob:.0%}")
    if not sure:
        return f"Nothing recognised with confidence; best guesses: {', '.join(guesses)}."
    tail = f"; unsure: {', '.join(guesses)}" if guesses else ""
    return "Seen: " + ", then ".join(sure) + tail + "."
