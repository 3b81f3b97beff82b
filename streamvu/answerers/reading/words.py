"""Words of a question: sentences, tense, and the content words that name the asked thing (normalising
is :mod:`.rewrites`).

Every word is either a framing word (:data:`FRAME_WORDS`: question words, auxiliaries, verbs of
appearing, time and order words -- see :mod:`.lexicon`) or content; :func:`chunks` groups the content
words into noun phrases and :func:`resolve` points "it" back to an earlier sentence.
"""

from __future__ import annotations

import re

import streamvu.answerers.reading.lexicon as lx
from streamvu.answerers.reading.types import Mode
from streamvu.answerers.reading.windows import find_window


def sentences(text: str) -> list[str]:
    """Sentences, split after . ? ! ; and at a dash between spaces ("I think I saw a cat - when?")."""
    parts = [p.strip(" -–—") for p in re.split(r"(?<=[.?!;])\s+|\s+[-–—]+\s+", text) if p.strip(" -–—")]
    return parts or [text]


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*|,|\bor\b", text)


# -- tense ----------------------------------------------------------------------------------------
_PAST_VERBS = frozenset(
    """appeared showed saw came entered arrived emerged popped turned occurred happened existed preceded
    followed moved changed switched stirred featured displayed filmed recorded captured pictured depicted
    noticed spotted observed started began reappeared returned left""".split()
)
_PRESENT_VERBS = frozenset(
    """appears shows comes enters arrives emerges pops turns occurs happens exists moves changes switches
    starts begins reappears returns leaves see""".split()
)


def has_any(words: list[str], text: str, vocab: frozenset[str], phrases: tuple[str, ...] = ()) -> bool:
    return any(w in vocab for w in words) or any(re.search(rf"\b{p}\b", text) for p in phrases)


def tense_of(words: list[str], text: str) -> Mode | None:
    """The tense the question is asked in, or None when nothing says."""
    future = has_any(words, text, lx.FUTURE_WORDS - {"later", "next"}, lx.FUTURE_PHRASES)
    past = any(w in lx.PAST_AUX or w in _PAST_VERBS for w in words) or bool(
        re.search(
            r"\b(has|have)\s+(\w+\s+){0,3}?(been|appeared|shown|seen|come|moved|changed|happened|turned|popped"
            r"|showed|arrived|passed)\b",
            text,
        )
    )
    # "up to now", "until now": what was seen before now
    now = has_any(words, text, lx.NOW, lx.NOW_PHRASES) and not re.search(
        r"\b(?:up\s+to|until|till)\s+now\b", text
    )
    past = past or bool(re.search(r"\b(?:up\s+to|until|till)\s+now\b|\bso\s+far\b", text))
    present = any(w in lx.PRESENT_AUX or w in _PRESENT_VERBS for w in words)
    if future and not past:
        return "future"
    if now and not past:
        return "now"
    if past:
        return "past"
    if present:
        return "now"
    return None


# -- content --------------------------------------------------------------------------------------
FRAME_WORDS = (
    lx.QUESTION_WORDS | lx.AUX | lx.FILLER | lx.APPEAR | lx.APPEAR_PARTICLES | lx.NOW | lx.PAST_WORDS
    | lx.FUTURE_WORDS | lx.FIRST | lx.LAST | lx.BEFORE | lx.AFTER | lx.COUNT_UNITS | lx.MOTION | lx.NEGATION
    | lx.SCENE_WORDS
    | frozenset(
        """many often frequently much number count how doing do done going happening seconds second
        minutes minute s sec secs anything something everything thing things stuff whatever ones
        options following these those listed choices among mentioned above below
        visible shown seen wait watch watching look looking looks keep eye notify alert warn ping inform signal
        message
        like want wonder curious sure possible true false yes tell let know heads shout give
        time times start starts started beginning end opening open opens opened kick kicks kicked off point moment instance once twice later earlier
        first last next previous exactly precisely roughly approximately around about until till
        since ago recently mostly mainly again more most less least happen happened happens
        occur occurs occurred change changes changed changing switch switches switched distinct
        different separate unique if whether sign signs trace traces glimpse hint kind sort type as
        period periods stretch interval return returns returned returning leave leaves leaving
        miss missed new else interesting unusual notable order sequence long where between
        describe summarize summarise summary recap overview tl dr tldr gist rundown highlights list name alone
        give current gone left
        disappeared vanished over finish finished ended best better describes described describing depicts away
        matches match matched sequence timeline storyline events event third fourth fifth 2nd 3rd 4th 5th
        depicted quick brief briefly short rundown gist went largest highest biggest greatest maximum max
        together lately think guess believe suppose remember recall wondering feel bet pretty
        misremembering mistaken imagining lost track check confirm find pick choose select identify
        spot headcount rundown synopsis highlights recap missing absent odd home
        timestamp timestamps sighting sightings whole entire overall assume reckon other longest longer shortest shorter
        hang hangs hanging hung wander wanders wandered wandering loiter loitering lurk lurking made make""".split()
    )
)  # fmt: skip
_KEEP_IN_PHRASE = frozenset("of".split())
_PERSON_PRONOUNS = frozenset("he she him her".split())


def chunks(words: list[str]) -> list[list[str]]:
    """Maximal runs of content words (determiners stay with the noun they precede; "of" joins)."""
    out: list[list[str]] = []
    cur: list[str] = []
    for i, w in enumerate(words):
        content = w not in FRAME_WORDS and w not in (",", "or", "and") and not w.isdigit()
        det = w in lx.DETERMINERS and i + 1 < len(words) and words[i + 1] not in FRAME_WORDS
        joiner = w in _KEEP_IN_PHRASE and cur and i + 1 < len(words) and words[i + 1] not in FRAME_WORDS
        if w in lx.PRONOUNS and w not in ("this", "that", "these", "those", "one"):
            content = True
        if w in ("person", "people", "someone", "somebody", "anyone", "anybody", "everyone", "everybody"):
            content = True
        if content or det or joiner:
            cur.append(w)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    # a trailing determiner or joiner belongs to nothing
    cleaned = []
    for c in out:
        while c and (c[-1] in lx.DETERMINERS or c[-1] in _KEEP_IN_PHRASE):
            c = c[:-1]
        if c:
            cleaned.append(c)
    return cleaned


_ACTION_VERBS = frozenset(
    """leave leaves left go goes went exit exits exited launch launches take took land lands fall falls
    fell jump jumps run runs ran sit sits sat stand stands stood hold holds held eat eats ate open opens
    close closes stop stops begin start starts finish finishes drive drives drove fly flies flew
    disappear disappears vanish vanishes walk walks walked head heads headed stopped pulled parked
    keep keeps kept seem seems seemed""".split()
)


# what shows a thing rather than being one ("the temple picture", "the cat photo")
_DEPICTIONS = frozenset(
    "picture pictures photo photos photograph image images painting poster drawing shot round segment clip".split()
)
# what someone seen is doing ("anybody walking about", "a cat sleeping"): not part of what they are
_DOING = frozenset(
    """walking running lying waiting hanging wandering loitering sitting standing passing coming going leaving
    arriving playing talking sleeping eating""".split()
)


def phrase_of(chunk: list[str]) -> str:
    """Cut a chunk at its first preposition or verb ("a drink on a table" -> "a drink", "the rocket
    launched" -> "the rocket", "the person leave" -> "the person"); a pointing word before an article
    is dropped ("that a cat" -> "a cat"), and so is a verb that opens it ("the drone flew off it", the
    drone being the camera, leaves "flew": no thing)."""
    if len(chunk) > 1 and chunk[-1] in _DEPICTIONS and chunk[-2] not in lx.DETERMINERS:
        chunk = chunk[:-1]  # "the temple picture" shows the temple
    if (
        len(chunk) > 2
        and chunk[0] in ("that", "this", "it")
        and chunk[1] in ("a", "an", "the", "some", "any")
    ) or (len(chunk) > 1 and chunk[0] == "it"):
        chunk = chunk[1:]  # "is it horse, kitty or spaceship?": "it" is no part of the horse
    while chunk and chunk[0] in _ACTION_VERBS:
        chunk = chunk[1:]
    if not chunk:
        return ""
    for i, w in enumerate(chunk[1:], start=1):
        verb = w in _ACTION_VERBS or w in _DOING or (w.endswith("ed") and len(w) > 4 and i == len(chunk) - 1)
        if w in lx.PREPOSITIONS or verb:
            return " ".join(chunk[:i])
    return " ".join(chunk)


def is_pronoun(phrase: str) -> bool:
    return phrase in lx.PRONOUNS or phrase in ("one", "ones")


def resolve(phrase: str, earlier: list[str]) -> str:
    """'it' -> the first thing named in an earlier sentence; 'he'/'she' -> 'a person'."""
    if not is_pronoun(phrase):
        return phrase
    for sentence in reversed(earlier):
        named = [c for c in chunks(words_of(find_window(sentence, 0.0).rest)) if not is_pronoun(" ".join(c))]
        if named:
            return phrase_of(named[0])
    return "a person" if phrase in _PERSON_PRONOUNS else ""
