"""A question taken apart once: its window, tense, events, content phrases and target, for the rules
(:mod:`.rules`) that decide its form."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import streamvu.answerers.reading.lexicon as lx
from streamvu.answerers.reading.cues import YESNO_START, claimed_number, order_cue
from streamvu.answerers.reading.rewrites import normalise
from streamvu.answerers.reading.types import CLOTHES, Form, Mode, Reading, Target
from streamvu.answerers.reading.windows import MOMENT_S, FoundWindow, find_window
from streamvu.answerers.reading.words import (
    chunks,
    is_pronoun,
    phrase_of,
    resolve,
    sentences,
    tense_of,
    words_of,
)

_TAG = re.compile(
    r",?\s*(?:right|correct|yes|no|yeah|huh|true|ok(?:ay)?|isn'?t\s+it|wasn'?t\s+it|didn'?t\s+(?:we|it|they|you)"
    r"|did\s+not\s+(?:we|it|they|you)|is\s+not\s+it|was\s+not\s+it|am\s+i\s+right)\s*\?\s*$"
    # "the temple has not come back, has it?": a tag after a comma (not "when was that?")
    r"|,\s*(?:has|have|had|is|are|was|were|did|does|do|can|could|will|would)(?:\s+not)?\s+"
    r"(?:it|he|she|they|there|we|you|that|this)\s*\?\s*$"
)
_DOUBT = re.compile(
    r"(?:or\s+)?(?:am\s+i|are\s+we)\s+(?:\w+\s+)?(?:misremembering|wrong|mistaken|imagining(?:\s+\w+)?|confused|"
    r"crazy|making\s+(?:this|that|it)\s+up)\s*\?|(?:right|correct|true|yes|no)\s*\?"
)
_REQUEST = re.compile(
    r"^\s*(?:please\s+)?(?:describe|summari[sz]e|list|tell|name|give|show|count|recap|explain)\b"
)
_CUT_VERB = re.compile(
    r"\b(?:scenes?|shots?|views?|pictures?|cameras?|angles?|images?|frames?|footage|feed|screens?|layouts?|displays?"
    r"|tiles?|grids?|galler(?:y|ies)|video)\b(?:\s+\w+){0,5}?\s+"
    r"(?:change[sd]?|changing|switch(?:e[sd])?|cut|flip(?:s|ped)?)\b"
)


@dataclass(frozen=True)
class Parsed:
    """What the words of a question say before its form is decided.

    q: the question (its last sentence asking something), lower case, the window's words removed;
    words: its words; earlier: the sentences before it ("Earlier there was a drink. When was it shown?").
    mode: the mode the caller asked for ("auto" reads the tense); tense: the tense read (or forced).
    found: the time window named; event: movement or a scene change when the question is about one;
    cut: the question is about a scene change; phrases: the content phrases, "it" resolved;
    claimed: (n, at least?, phrase) when a number is put before the first phrase ("two people");
    target: what is asked about; yes_no: the question opens like a yes/no question; asked: it ends
    with a question mark; cue: an order relation to something named ("before"/"after", the index of
    its word), read once for the rules that ask.
    """

    q: str
    words: list[str]
    earlier: list[str]
    mode: str
    tense: Mode | None
    found: FoundWindow
    event: Target | None
    cut: bool
    motion: bool
    phrases: list[str]
    claimed: tuple[int, bool, str] | None
    target: Target | None
    yes_no: bool
    asked: bool
    cue: tuple[str, int] | None

    @property
    def asks_yes_no(self) -> bool:
        """Asks yes or no: opens like it, or names a thing without a question word ("rocket came back
        after it left?", "coffee came back again or not")."""
        return self.yes_no or (
            (self.asked or bool(re.search(r"\bor\s+not\s*\??\s*$", self.q)))
            and not re.match(r"^\s*(?:what|which|who|when|where|why|how)\b", self.q)
        )

    @property
    def windowed(self) -> bool:
        f = self.found
        return (
            f.window != (None, None) or f.beginning or f.ending or f.scenes_back is not None or bool(f.within)
        )

    def compared(self) -> tuple[Target, ...]:
        """The things an either-or question compares ("the cat or the lady in uniform": the lady seen
        with a uniform); one said to move ("the ball rolling across or the astronaut?") is movement."""
        out: list[Target] = []
        for x in self.phrases:
            if x in _PARTICLES or any(x == t.attached for t in out):
                continue
            after = re.search(rf"\b{re.escape(x)}((?:\s+\w+){{0,2}})", self.q)
            moves = any(w in lx.MOTION for w in [x.split()[-1], *(after.group(1).split() if after else [])])
            phrase, attached = _attached(self.q, [x])
            target = Target("movement", "motion") if moves else Target(phrase, attached=attached)
            if target not in out:
                out.append(target)
        return tuple(out)

    def reading(self, form: Form, mode: Mode, signal: str, **kw) -> Reading:
        """The question read as ``form`` in ``mode`` because of ``signal``; ``target`` defaults to the
        parsed one, the window to the one named."""
        kw.setdefault("target", self.target)
        f = self.found
        return Reading(
            form,
            mode,
            signals=(signal,),
            window=f.window,
            beginning=f.beginning,
            ending=f.ending,
            scenes_back=f.scenes_back,
            within=Target(f.within) if f.within else None,
            **kw,
        )


def _window(question: str, earlier: list[str], asked_at: float) -> FoundWindow:
    """The question's window, or one named in an earlier sentence ("In the last 30 seconds. Did anything move?")."""
    found = find_window(question, asked_at)
    if _OF_ITS_OWN.search(question):
        # "The cuppa was here a minute ago; is it still there now?": the earlier time is the context
        return found
    for s in earlier:
        if not _names_window(found):
            prior = find_window(s, asked_at)
            if _names_window(prior):
                found = FoundWindow(
                    prior.window, prior.beginning, prior.ending, found.rest, prior.scenes_back
                )
    return found


# a question about what still holds or came again after the time of the sentence before: that time is
# context, not the question's window (unlike "I looked away at 1:25. Different picture now?")
_OF_ITS_OWN = re.compile(
    r"\b(?:still|anymore|any\s+more|come\s+back|came\s+back|return(?:s|ed)?|again|reappear\w*)\b"
)


def _names_window(f: FoundWindow) -> bool:
    return f.window != (None, None) or f.beginning or f.ending or f.scenes_back is not None or bool(f.within)


def _the_question(text: str) -> tuple[str, list[str], bool]:
    """(the sentence that asks, the other sentences, whether it is a statement with a tag such as
    "..., right?", which asks whether it is so)."""
    parts = [
        p for p in sentences(normalise(text)) if not _DOUBT.fullmatch(p)
    ]  # "or am I wrong?" asks nothing
    parts = parts or [normalise(text)]
    # "I stepped away for 2 minutes, what happened?": what the asker says of themselves is a sentence apart
    parts = [s for p in parts for s in _about_me_apart(p)]
    # the last sentence that asks: ends with "?" or makes a request ("Describe ...")
    asks = [i for i, p in enumerate(parts) if p.endswith("?") or _REQUEST.match(p)]
    at = asks[-1] if asks else len(parts) - 1
    short = len(words_of(parts[at])) <= 2 and not re.search(r"\b(?:\w+ed|happen\w*|miss)\b", parts[at])
    if at and (short or _fragment(parts[at - 1])):
        # "One of these was never shown - which?", "The cat or the flower - which was earlier?": one question
        # (not "I was away. What happened?")
        parts[at - 1 : at + 1] = [f"{parts[at - 1].rstrip('.!;')} {parts[at]}"]
        at -= 1
    elif at and _fragment(parts[at].rstrip("?")) and re.match(r"^(?:which|what|who)\b", parts[at - 1]):
        # "which was first to appear - temple, horse or cat?": the options of the question before the dash
        parts[at - 1 : at + 1] = [f"{parts[at - 1].rstrip('.!;:')}: {parts[at]}"]
        at -= 1
    after = parts[at + 1].rstrip(".!") if at + 1 < len(parts) else ""
    if after and _fragment(after) and re.search(r"\b(?:these|those|them|the\s+following)\b", parts[at]):
        # "Can you put these in order? The cat, the rocket, the coffee.": the list the question points to
        parts[at : at + 2] = [f"{parts[at].rstrip('?')}: {after}?"]
    question = parts[at]
    return _TAG.sub("?", question), [s for i, s in enumerate(parts) if i != at], bool(_TAG.search(question))


# "anything going on?", "did something happen?", "any activity?": on a camera, something happening is
# movement or a scene change ("what happened?" asks for a summary)
_HAPPENING = re.compile(
    r"^(?!\s*what\b).*\b(?:anything|something)\b.*\b(?:going\s+on|go(?:es)?\s+on|went\s+on|happen\w*|occur\w*)\b"
    r"|\bany\s+(?:activity|action)\b",
)
_VERB = re.compile(r"\b(?:is|are|was|were|be|been|am|do|does|did|has|have|had|saw|see|seen|think|thought)\b")


_ABOUT_ME = re.compile(
    r"^((?:i|i'm|i've|sorry|just(?!\s+(?:before|after|prior|ahead|then|now|as|when|once)\b))\b[^,?]{0,80}),\s*((?:so\s+)?(?:what|when|which|who|how|did|was|were|is|are|"
    r"has|have|anything|any)\b.*)$"
)


def _about_me_apart(part: str) -> list[str]:
    """``part``, or what the asker says of themselves and the question after it as two sentences."""
    m = _ABOUT_ME.match(part)
    return [f"{m.group(1)}.", m.group(2)] if m else [part]


def _fragment(part: str) -> bool:
    """Whether ``part`` is a bare phrase set off by a dash ("the cat or the flower - which first?"): no
    sentence end, no verb."""
    return (
        not part.endswith((".", "?", "!", ";"))
        and not _VERB.search(part)
        and tense_of(words_of(part), part) is None
    )


_PARTICLES = frozenset("across by past through in out up down over away off around along back".split())
_ATTACHING = (
    r"with|holding|carrying|wearing|walking(?!\s+(?:about|around|by|past|in|into|through|along|away|off|up|down|over|across)\b)"
    r"|riding|pushing|pulling|"
    rf"in(?=\s+(?:(?:a|an|the|his|her|their)\s+)?(?:[\w-]+\s+){{0,2}}(?:{CLOTHES})\b)"
)
"""Words that join a thing to what it is seen with: "the man with a camera", "a woman in uniform" (only
clothing after "in": "the dog in the park" asks about the dog wherever it is)."""


def _attached(q: str, phrases: list[str]) -> tuple[str, str]:
    """The first phrase and what it is said to be seen with ("the man with the camera", "the woman
    holding an umbrella" -> "the camera", "an umbrella"; "a man walking a dog" read as one phrase ->
    "a man", "a dog"), or (that phrase, "")."""
    if not phrases:
        return "", ""
    inside = re.match(rf"(.+?)\s+(?:{_ATTACHING})\s+(.+)$", phrases[0])
    if inside:
        return inside.group(1), inside.group(2)
    found = re.search(rf"\b{re.escape(phrases[0])}\s+(?:{_ATTACHING})\s+(.+)$", q)
    rest = chunks(words_of(found.group(1))) if found else []
    return phrases[0], phrase_of(rest[0]) if rest else ""


_AT_PLACE = (
    "".join(
        rf"(?<!{w}\s)"
        for w in "look looks looked looking stare staring glance glancing point pointing".split()
    )
    + "at"
)
_LOCATIVE = rf"(?:in|on|{_AT_PLACE}|inside|outside|near|across|along|past|through|around|into|onto|under|behind|beneath)"
_TO_PLACE = (
    "".join(
        rf"(?<!{w}\s)"
        for w in "next close up due prior compared related similar according addition thanks relative".split()
    )
    + "to"
)


def _place(phrase: str, q: str, cut: bool) -> bool:
    """Whether ``phrase`` is said as where something is ("in the sports hall", "at the door", "came back to
    the hall"), not what (the picture has no places): after a preposition of place, and no clothing ("a
    woman in uniform" names what she wears); with a scene change, "to the rocket" is what it changed to."""
    if re.search(rf"\b(?:{CLOTHES})\b", phrase):
        return False
    if phrase.split()[0] not in lx.DETERMINERS:  # "on marina", as people type: a bare word after on/in/at
        return len(phrase.split()) == 1 and bool(
            re.search(rf"\b(?:on|in|at|inside|near)\s+{re.escape(phrase)}\b", q)
        )
    before = _LOCATIVE if cut else f"(?:{_LOCATIVE}|{_TO_PLACE})"
    return bool(re.search(rf"\b{before}\s+{re.escape(phrase)}\b", q))


def _changed(phrase: str, q: str) -> bool:
    """With a scene change asked about, whether ``phrase`` names what changed rather than a thing: "has the
    picture changed?", "did the doorbell picture switch?", "has the lecture view changed?" (the view
    changed; the lecture is whose view it is)."""
    named = "|".join(sorted(lx.CUT_NOUNS))
    return phrase.split()[-1] in lx.CUT_NOUNS or bool(re.search(rf"\b{re.escape(phrase)}\s+(?:{named})\b", q))


def _events_in(sentences_: list[str]) -> tuple[bool, bool]:
    """(a scene change, movement) named in ``sentences_``."""
    text = " ".join(sentences_)
    return bool(lx.CUT_PHRASES.search(text) or _CUT_VERB.search(text)), any(
        w in lx.MOTION for w in words_of(text)
    )


def _named(words: list[str], q: str, cut: bool, earlier: list[str]) -> list[str]:
    """The content phrases of ``words``, each said once: "it", "she" after a thing named in the question
    is that thing ("did the astronaut return after she left?"), otherwise one named in an earlier sentence."""
    out: list[str] = []
    for c in chunks(words):
        x = phrase_of(c)
        before = [y for y in out if not _place(y, q, cut)]
        prior = resolve(x, earlier)
        if is_pronoun(x) and earlier and _compared_with(x, q) and prior != x:
            before = []  # "had a cat been on before her?": the one she is compared with is not her
        x = before[-1] if is_pronoun(x) and x not in ("one", "ones") and before else prior
        if x and x not in out:
            out.append(x)
    return out


def _compared_with(pronoun: str, q: str) -> bool:
    """Whether ``pronoun`` closes its clause after "before", "after" or "than": it is not the clause's own
    subject then, but a thing named before the question."""
    return bool(re.search(rf"\b(?:before|after|than)\s+{re.escape(pronoun)}\s*(?:[?.!,;]|$)", q))


# "What came on right after?": after what the sentence before named
_DANGLING = re.compile(
    r"\b(?:right\s+|just\s+|straight\s+|immediately\s+)?(?:before|after)(?:wards?)?\s*(?=[?.!]*$)"
)


def parse(text: str, mode: str, asked_at: float) -> Parsed:
    """Take ``text`` apart (see :class:`Parsed`)."""
    question, earlier, tagged = _the_question(text)
    if earlier and _DANGLING.search(question) and re.match(r"^(?:what|which|who)\b", question):
        question = question.rstrip("?.! ") + " it?"
    found = _window(question, earlier, asked_at)
    q = found.rest
    words = words_of(q)
    tense = tense_of(words, q) or tense_of(words_of(" ".join(earlier)), " ".join(earlier))
    if mode in ("now", "past", "future"):
        tense = mode  # type: ignore[assignment]
    motion = any(w in lx.MOTION for w in words)
    cut = bool(lx.CUT_PHRASES.search(q)) or bool(_CUT_VERB.search(q))
    if cut and found.scenes_back == (1, 0):  # "did the shot change a moment ago?": a cut is a moment
        found = dataclasses.replace(found, window=(max(0.0, asked_at - MOMENT_S), None), scenes_back=None)
    event = Target("scene change", "cut") if cut else Target("movement", "motion") if motion else None
    if event is None and _HAPPENING.search(q):
        event, motion = Target("something happening", "event"), True
    phrases = _named(words, q, cut, earlier)
    earlier_cut, earlier_motion = _events_in(earlier)
    if not phrases and earlier and not (earlier_cut or earlier_motion):
        if re.search(r"\b(?:that|it|this|them|those|they)\b", q):
            named = resolve("it", earlier)  # "I think I saw a woman - when was that?"
            phrases = [named] if named else []
    phrases = [p for p in phrases if not _place(p, q, cut) and not (cut and _changed(p, q))]
    claimed = claimed_number(q, phrases[0]) if phrases else None
    if claimed is not None:  # "are there two people here?": the number is a claim, not part of the thing
        phrases[0] = claimed[2]
    # "did the camera move?", "is the cat moving?": movement is what can be seen, not who made it
    if event is None and not phrases and earlier:  # "The picture switched a bit ago. When was that?"
        if earlier_cut:
            event, cut = Target("scene change", "cut"), True
        elif earlier_motion:
            event, motion = Target("movement", "motion"), True
    first, attached = _attached(q, phrases)
    if attached and len(phrases) > 1 and phrases[1] == attached:  # "the man with the camera": one thing
        phrases = [phrases[0], *phrases[2:]]
    if phrases:
        phrases[0] = first
    target = event if motion and not cut else Target(phrases[0], attached=attached) if phrases else event
    if target is None and re.match(r"^\s*who\b", q):
        target = Target("a person")
    return Parsed(
        q,
        words,
        earlier,
        mode,
        tense,
        found,
        event,
        cut,
        motion,
        phrases,
        claimed,
        target,
        tagged or bool(YESNO_START.search(q)),
        question.rstrip().endswith("?"),
        order_cue(words, q),
    )
