"""Grounded captions: a segment's caption names only what its evidence names.

The evidence of a segment is its runs of frames sharing a top class (``label_runs``). The caption
lists the classes seen longest, in time order, with their span and the classifier's mean confidence
(from the frames' labels, when given); classes below ``SURE`` are only offered as guesses, and a
segment with none above it says that nothing was recognised with confidence. People, motion and
scene changes come first when the frames' sightings show them ("Seen: 2 people (1–3 s), moving
(2–4 s); Labrador retriever (0–4 s, 64%)."). No word comes from anywhere else.

:func:`sightings_text` and :func:`entries_sightings_text` give the same few words for one frame's or a
span of memory entries' sightings, for evidence traces and ``watch`` lines.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np

from streamvu.answerers.grounded.vocabulary import SURE
from streamvu.encoders.sightings import CUT, MOVING, people_words, sightings_text
from streamvu.memory.ops import merge_sightings
from streamvu.messages import Evidence, FrameTokens, MemoryEntry

__all__ = [
    "CUT",
    "MOVING",
    "entries_sightings_text",
    "grounded_caption",
    "sightings_phrase",
    "sightings_text",
]

MAX_NAMES = 3


def entries_sightings_text(entries: Sequence[MemoryEntry]) -> str:
    """:func:`sightings_text` of several entries' sightings merged as memory merges them (people: the
    count of the frame with the most; motion and cut: the max)."""
    merged = functools.reduce(merge_sightings, (e.sightings for e in entries), None)
    return sightings_text(merged)


def sightings_phrase(items: Sequence[FrameTokens]) -> str:
    """People, motion and scene changes over a segment's frames, with their spans: "2 people (1–3 s),
    moving (2–4 s), scene change at 5 s"; "" when the frames show none (or carry no sightings). A span
    runs from its first frame to one frame interval after its last, as the label spans do."""
    seen = [(item.t, item.sightings) for item in items if item.sightings is not None]
    step = min((b.t - a.t for a, b in zip(items, items[1:], strict=False) if b.t > a.t), default=0.0)
    parts = []
    with_people = [(t, s) for t, s in seen if people_words(s)]
    if with_people:
        most = max((s for _, s in with_people), key=lambda s: (s.count("person"), s.count("face")))
        parts.append(f"{people_words(most)} ({_span(with_people[0][0], with_people[-1][0] + step)})")
    moving = [t for t, s in seen if s.motion >= MOVING and s.cut < CUT]
    if moving:
        parts.append(f"moving ({_span(moving[0], moving[-1] + step)})")
    cuts = [t for t, s in seen[1:] if s.cut >= CUT]  # a cut on the first frame is the segment's own start
    if cuts:
        parts.append(
            "scene change at " + ", ".join(f"{t:.0f} s" for t in cuts[:3]) + (" ..." if len(cuts) > 3 else "")
        )
    return ", ".join(parts)


def mean_probability(items: Sequence[FrameTokens], name: str) -> float | None:
    """Mean probability of class ``name`` over the frames whose labels include it (None when none do)."""
    values = [lab.prob for item in items for lab in item.labels if lab.name == name]
    return float(np.mean(values)) if values else None


def _span(start: float, end: float) -> str:
    return f"{start:.0f}–{end:.0f} s" if end - start >= 1.5 else f"{start:.0f} s"


def grounded_caption(evidence: Sequence[Evidence], items: Sequence[FrameTokens] = ()) -> str:
    """One sentence from ``evidence`` (and the frames' label probabilities and sightings in ``items``,
    if given)."""
    seen = sightings_phrase(items)
    text = _labels_caption(evidence, items)
    if not seen:
        return text
    if text.startswith("Seen: "):
        return f"Seen: {seen}; {text[len('Seen: ') :]}"
    if text == "Nothing recognised.":
        return f"Seen: {seen}; nothing else recognised."
    return f"Seen: {seen}; no object recognised with confidence{text[len('Nothing recognised with confidence') :]}"


def _labels_caption(evidence: Sequence[Evidence], items: Sequence[FrameTokens]) -> str:
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
