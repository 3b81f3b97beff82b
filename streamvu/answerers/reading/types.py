"""The typed result of reading a question: its :class:`Reading` (form, tense, target, window)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, get_args

from streamvu.answerers.reading.windows import ScenesBack, Window

Form = Literal[
    "what_now",  # what is here now?
    "here_now",  # is X here now?
    "was_shown",  # was X shown / did X appear (before the ask time)?
    "when",  # when was X shown?
    "first",  # what came first? / which came first, X or Y?
    "last",  # what came last? / which came later, X or Y?
    "before",  # what came before X?
    "after",  # what came after X?
    "count",  # how many times did X appear? how many scenes? how many people are there?
    "never",  # which of these was never shown?
    "summary",  # what happened? (in a window) -- also the answer to anything unclear
    "next",  # what happens next? (cannot be told from what was seen)
    "watch",  # tell me when X appears (answered when it does)
]
FORMS: tuple[str, ...] = get_args(Form)
Mode = Literal["now", "past", "future"]
TargetKind = Literal["thing", "motion", "cut", "event"]
Beyond = Literal["", "colours", "why", "what anyone is doing", "the weather", "feelings"]
CountOf = Literal["appearances", "instances", "arrivals", "scenes", "cuts", "kinds"]
Rank = Literal["none", "most", "least", "longest", "shortest"]

_PLURAL_EXCEPTIONS = frozenset(
    "people men women children mice geese feet teeth police cattle sheep fish".split()
)
_SINGULAR_S = frozenset("glass grass bus dress class boss news series species chess lens canvas".split())


CLOTHES = (
    r"uniforms?|suits?|spacesuits?|space\s+suits?|hats?|caps?|helmets?|coats?|jackets?|dress(?:es)?|shirts?|"
    r"t-shirts?|sweaters?|hoodies?|masks?|glasses|sunglasses|aprons?|gowns?|robes?|costumes?|jerseys?|scarf|"
    r"scarves|ties?|boots|kimonos?|overalls|uniform"
)
"""Words for what people wear: a person seen "in uniform" or "with a hat" (see ``Target.worn``)."""


@dataclass(frozen=True)
class Target:
    """What a question asks about. ``phrase``: the words as asked ("the hot drink", "someone");
    ``kind``: a thing (scored against what was recognised), or the events ``motion``/``cut``;
    ``attached``: what the thing is said to be seen with ("the man with the camera" -> "the camera"):
    where both are seen, the weaker counts; where only ``attached`` is, half of it (a man in profile
    whom no detector finds, beside his camera). Something worn ("a woman in uniform") only weighs on
    the person (see ``worn``)."""

    phrase: str
    kind: TargetKind = "thing"
    attached: str = ""

    @property
    def worn(self) -> bool:
        """Whether ``attached`` is something worn ("a woman in uniform", "the man with a hat"): the
        classifier reads clothing weakly, so it only weighs on the person (see ``Grounder.scores``)."""
        return bool(self.attached) and bool(re.search(rf"\b(?:{CLOTHES})\b", self.attached.lower()))

    @property
    def plural(self) -> bool:
        words = self.phrase.lower().split()
        if not words:
            return False
        head = words[-1]
        if head in _PLURAL_EXCEPTIONS:
            return True
        return head.endswith("s") and not head.endswith(("ss", "us", "is")) and head not in _SINGULAR_S

    @property
    def text(self) -> str:
        """The phrase as an answer names it: "any animal" -> "an animal", "some cats" -> "cats",
        "anyone" -> "a person" (so "No — a person is not seen now" reads as a sentence)."""
        if self.kind == "motion":
            return "movement"
        if self.kind == "cut":
            return "a scene change"
        if self.kind == "event":
            return "movement or a scene change"
        if self.phrase.lower() in ("anyone", "anybody", "everyone", "everybody"):
            return "a person"
        words = self.phrase.split()
        if words and words[0].lower() in ("any", "some", "another", "every", "each"):
            rest = words[1:]
            if not rest:
                return self.phrase
            if self.plural or words[0].lower() == "some":
                return " ".join(rest)
            return ("an " if rest[0][0].lower() in "aeiou" else "a ") + " ".join(rest)
        if words and words[0].lower() in ("this", "that"):
            return " ".join(["the", *words[1:], *self._with()])
        return " ".join([self.phrase, *self._with()])

    def _with(self) -> list[str]:
        return ["in" if self.worn else "with", self.attached] if self.attached else []


@dataclass(frozen=True)
class Reading:
    """A question read into its parts (see the module docstring).

    target: what is asked about (None for "what is here?", "what happened?"); for ``before``/``after``
        it is the anchor. alternatives: the two or more things compared ("the cat or the camera").
    window: the time window named; beginning / ending: "at the start" / "at the end" (first / latest scene);
        scenes_back: scenes counted back from the latest (0) as (from, to): "recently" and "the last
        couple of scenes" (1, 0), "the shot before this one" (1, 1); within: the thing whose scene is
        meant ("how many people were in the shot with the motorbike?").
    count_of: for ``count``: appearances of the target, instances on screen ("how many people are
        there"), people arriving over a time ("how many people came by?"), distinct scenes, scene changes, or kinds of things ("how many different things?").
    nth: for ``when``: "when did X first appear?" (``first``), "... last ..." (``last``), or any.
    claim: a yes/no question about an order ("was the cat shown before the rocket?"): is the first of
        ``alternatives`` the ``first`` (``last``) of them?
    ordinal: for ``first``: "what was shown second?" (2), "the third scene" (3); for ``when``: "when did the
        scene change for the third time?" (3), "when did the cat come back?" (2); for ``before``/``after``:
        the anchor's appearance ("what came after the cat came back?": 2); 0 when none is named.
    at_least: for ``count`` asked as yes/no ("was the cat shown more than once?", "did it come back?"):
        yes when the target appeared at least this many times.
    claimed: for ``count`` of instances asked as yes/no ("are there two people here?"): the number
        claimed (yes when exactly that many are seen; "at least two" sets ``at_least`` instead); 0: none.
    edge: for ``when``: the moment the target came (``start``) or went ("when did the cat leave?",
        "when did the scene switch away from the rocket?": ``end``).
    duration: for ``when``: "how long was the cat on screen?" asks for the time it was seen, in all.
    negated: for ``here_now`` and ``was_shown``: the question asks for absence ("is the cat gone?", "has
        the dog left?", "was the room empty between 1:00 and 1:20?").
    than: for ``when`` with ``duration`` asked as yes/no: "was the rocket on screen for more than 10 s?"
        (``("more", 10.0)``), "... less than ..." (``("less", ...)``).
    rank: for ``count`` without a target: which thing was seen the most / least often ("which object
        appeared most often?") or the longest / shortest time in all; with ``claimed``, "what appeared
        twice?".
    relation: for ``first`` with two ``alternatives``: asked as "was X shown before or after Y?" (the
        answer is "before" or "after").
    beyond: what the question asks that the grounded answer cannot see ("what colour is the car?":
        ``colours``; "why ...?": ``why``; "what is he doing?", "is it raining?", "is she happy?"); "" when none.
    signals: the signals the form was read from (for explanations and tests).
    """

    form: Form
    mode: Mode
    target: Target | None = None
    alternatives: tuple[Target, ...] = ()
    window: Window = (None, None)
    beginning: bool = False
    ending: bool = False
    scenes_back: ScenesBack | None = None
    within: Target | None = None
    count_of: CountOf = "appearances"
    nth: Literal["any", "first", "last"] = "any"
    claim: bool = False
    ordinal: int = 0
    at_least: int = 1
    claimed: int = 0
    edge: Literal["start", "end"] = "start"
    duration: bool = False
    negated: bool = False
    than: tuple[Literal["more", "less"], float] | None = None
    rank: Rank = "none"
    relation: bool = False
    beyond: Beyond = ""
    signals: tuple[str, ...] = field(default=(), compare=False)
