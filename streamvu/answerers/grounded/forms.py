"""Every question form and the function that answers it (:mod:`.present`, :mod:`.past`, :mod:`.order`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import streamvu.answerers.grounded.order as order
import streamvu.answerers.grounded.past as past
import streamvu.answerers.grounded.present as present
from streamvu.answerers.grounded.decide import Grounder
from streamvu.answerers.grounded.values import Decision, Described
from streamvu.answerers.grounded.vocabulary import EntryView
from streamvu.answerers.reading import Form, Reading

Handler = Callable[[Grounder, Sequence[EntryView], Reading, float], Decision]

HANDLERS: dict[Form, Handler] = {
    "what_now": present.what_now,
    "here_now": present.here_now,
    "was_shown": past.was_shown,
    "when": past.when,
    "first": order.first,
    "last": order.last,
    "before": order.before,
    "after": order.after,
    "count": past.count,
    "never": past.never,
    "summary": past.summary,
    "next": present.upcoming,
    "watch": present.watch,
}


def decide(grounder: Grounder, entries: Sequence[EntryView], reading: Reading, asked_at: float) -> Decision:
    """The answer to ``reading`` from ``entries`` (time-ordered, all ending by ``asked_at``)."""
    if not entries:
        return Decision(reading.form, "Nothing has been seen yet.", Described(()), recognised=False)
    decided = HANDLERS[reading.form](grounder, entries, reading, asked_at)
    if reading.beyond:  # "what colour is the car?": say what cannot be told, then what was seen
        said = f"I cannot tell {reading.beyond}: {SEES}. {decided.text}"
        return dataclasses.replace(decided, text=said)
    return decided


SEES = "I see what the classifier names, people and faces, movement and scene changes"
"""What the grounded answer reads, said when a question asks for more ("what colour ...?", "why ...?")."""
