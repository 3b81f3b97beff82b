"""Grounded captions: a segment's caption names only what its evidence names.

The evidence of a segment is its runs of frames sharing a top class (``label_runs``). The caption
lists the longest runs in time order with their span and the classifier's mean confidence, and marks
a class seen with low confidence as unsure. No word comes from anywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from streamvu.messages import Evidence, FrameTokens

UNSURE_BELOW = 0.2  # mean top-class probability under which a class is called "unsure"
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
    by_time = sorted(names.items(), key=lambda kv: -sum(e.end - e.start for e in kv[1]))[:MAX_NAMES]
    by_time.sort(key=lambda kv: kv[1][0].start)
    parts = []
    for name, spans in by_time:
        longest = max(spans, key=lambda e: e.end - e.start)
        prob = mean_probability(items, name) if items else None
        conf = "" if prob is None else f", {prob:.0%}" + (" — unsure" if prob < UNSURE_BELOW else "")
        parts.append(f"{name} ({_span(longest.start, longest.end)}{conf})")
    return "Seen: " + ", then ".join(parts) + "."
