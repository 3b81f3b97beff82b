"""What a grounded answer decided, as typed values: the sentence, the multiple-choice scoring and the
JSON output all read these, never the answer text.

* :class:`YesNo` -- "is X here now?", "was X shown?": the decision and the score it rests on;
* :class:`Spans` -- "when was X shown?": every appearance, in time order (and how long it lasted);
* :class:`Count` -- "how many times / how many people?": the number and what was counted;
* :class:`Ordering` -- "which came first?", "what came before X?": things by when they were first seen;
* :class:`Described` -- "what is here?", "what happened?": the scenes described.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from streamvu.answerers.reading import Form
from streamvu.messages import Evidence

SpanT = tuple[float, float]


@dataclass(frozen=True)
class YesNo:
    """``negated``: the question asks for absence ("is the cat gone?"): yes when ``score`` is below
    ``threshold``. ``weak``: the score is short of the threshold but a weak match
    (:data:`~.decide.DEFAULT_WEAK`) on screen now, so the answer is "probably" -- present for a plain
    question, not gone for a negated one."""

    yes: bool
    score: float
    threshold: float
    span: SpanT | None = None
    negated: bool = False
    weak: bool = False
    kind: Literal["yes_no"] = "yes_no"


@dataclass(frozen=True)
class Spans:
    """``seconds``: how long the appearances were on screen in all (from each one's first frame to one
    frame step after its last)."""

    spans: tuple[SpanT, ...]
    scores: tuple[float, ...]
    seconds: float = 0.0
    kind: Literal["spans"] = "spans"


@dataclass(frozen=True)
class Count:
    n: int
    of: str
    spans: tuple[SpanT, ...] = ()
    kind: Literal["count"] = "count"


@dataclass(frozen=True)
class Ordering:
    """``items``: (what, first seen at, or None when never recognised), earliest first."""

    items: tuple[tuple[str, float | None], ...]
    kind: Literal["ordering"] = "ordering"


@dataclass(frozen=True)
class Described:
    """``scenes``: (start, end, what was seen) of each scene described."""

    scenes: tuple[tuple[float, float, str], ...]
    kind: Literal["described"] = "described"


Value = YesNo | Spans | Count | Ordering | Described


@dataclass
class Decision:
    """A decided answer: its form, the sentence (first the answer, then the evidence), the evidence
    spans, whether the asked thing was recognised, and the typed value; for a multiple-choice
    question also the chosen letter and every option's score."""

    form: Form
    text: str
    value: Value
    evidence: list[Evidence] = field(default_factory=list)
    recognised: bool = True
    choice: str | None = None
    option_scores: tuple[float, ...] = ()

    def as_dict(self) -> dict:
        """The decision as plain JSON-ready data (form, value, recognised)."""
        return {"form": self.form, "recognised": self.recognised, "value": asdict(self.value)}
