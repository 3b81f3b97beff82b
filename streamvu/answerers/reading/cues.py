"""The patterns that signal a question's form (when, yes/no, order, counting, repetition, superlatives)
and the small readers built on them; :mod:`.rules` decides the form from them."""

from __future__ import annotations

import re

import streamvu.answerers.reading.lexicon as lx
from streamvu.answerers.reading.words import words_of

WHEN = re.compile(
    r"^\s*(?:(?:so|and|ok|okay|roughly|approximately|about|around|exactly|precisely|just)\s+)*(?:(?:from\s+)?when(?![^?,]*,\s*(?:what|which|who)\b)|how\s+many\s+(?:seconds|minutes|secs|mins)\s+in(?:to)?\b|at\s+what\s+(?:time|point|moment|second)|what\s+time|"
    r"at\s+which\s+(?:time|point|moment|second)|in\s+which\s+(?:second|minute|part)|during\s+which|"
    r"(?:during|in|for)\s+what\s+(?:period|stretch|part|span|interval)|what\s+(?:period|stretch|span|interval)|"
    r"how\s+long\s+ago|how\s+far\s+in(?:to\s+the\s+\w+)?|what\s+(?:moment|timestamp|second)|which\s+"
    r"(?:moment|timestamp|second|time))\b|\b(?:timestamps?|what\s+time)\b|\b(?:tell|show)\s+me\s+when\b|^\s*(?:pls\s+|please\s+|kindly\s+)?(?:tell|say)\s+when\b"
    r"|\bwhen\s*\??\s*$|\bwhat\s+(?:m+:s+|h:mm:ss|time\s*stamp)\b|\b(?:what\s+was|tell\s+me)\s+the\s+(?:time|moment)\s+(?:of|when)\b|^\s*(?:for\s+)?how\s+long\b(?!\s+ago)|^\s*where\s+(?:was|were|did|had)\b"
    r"|^\s*(?:please\s+)?(?:find|locate|show\s+me|point\s+(?:me\s+)?to)\s+(?:the\s+)?(?:part|moment|bit|point|time"
    r"|segment|section|spot|stretch)\b",
    re.I,
)
YESNO_START = re.compile(
    r"^\s*(?:so\s+|and\s+|ok\s+|okay\s+|hey\s+|quick\s+question\s*,?\s+)?(?:is|are|was|were|did|do|does|has|"
    r"have|had|can|could|would|will|any|anything|anyone|anybody|someone|somebody|something)\b"
    r"|\b(?:whether|yes\s+or\s+no)\b|^\s*(?:tell\s+me\s+)?if\b",
    re.I,
)
WHAT = re.compile(r"^\s*(?:so\s+|and\s+)?(?:what|which|who)\b|\b(?:describe|summari[sz]e|list)\b", re.I)
NEXT = re.compile(
    r"\bwhat\s+(?:will|is\s+going\s+to|would)\s+(?:happen|come|appear|be\s+shown)|\bwhat\s+(?:happens|comes|is)"
    r"\s+next\b|\bwhat\s+is\s+(?:coming|about\s+to)|\bpredict\b|\bwhat\s+(?:should|can)\s+we\s+expect\b",
    re.I,
)
SINCE_WORD = re.compile(r"\bsince\b", re.I)
REPEAT = re.compile(
    r"\bmore\s+than\s+(once|twice|one|two|three|\d+)|\b(twice|again|repeatedly|several\s+times|multiple\s+times|"
    r"a\s+second\s+time|come\s+back|came\s+back|been\s+back|return(?:ed)?|reappear(?:ed)?)\b",
    re.I,
)
ORDINALS = {"second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5,
            "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8, "ninth": 9, "9th": 9,
            "tenth": 10, "10th": 10}  # fmt: skip
ORDINAL = re.compile(
    r"\b(second|2nd|third|3rd|fourth|4th|fifth|5th|sixth|6th|seventh|7th|eighth|8th|ninth|9th|tenth|10th)\b"
    r"(?!\s*(?:s\b|seconds?\b|mark|minutes?|hours?|half|part|time))",
    re.I,
)
REPEAT_N = {"once": 2, "one": 2, "twice": 3, "two": 3, "three": 4}


GONE = re.compile(
    r"\b(?:once|when|after)\s+\S.*?\b(?:was|were|had\s+been|is|are)?\s*(?:gone|left|disappeared|vanished|"
    r"over|finished|ended|out\s+of\s+(?:view|the\s+picture|frame)|went\s+(?:off|away|out)|walked\s+(?:off|away|out))\b"
)


def order_cue(words: list[str], text: str) -> tuple[str, int] | None:
    """('before'|'after', index of the cue word) for an order relation to something named."""
    if m := GONE.search(text):  # "once the rocket was gone"
        return "after", len(words_of(text[: m.start()]))
    if m := re.search(r"\bbetween\s+(?!\d)", text):  # "what came between the cat and the coffee?"
        return "after", len(words_of(text[: m.start()]))
    for phrase in lx.BEFORE_PHRASES + lx.AFTER_PHRASES:
        if m := re.search(rf"\b{phrase}\b", text):
            kind = "before" if phrase in lx.BEFORE_PHRASES else "after"
            idx = len(words_of(text[: m.end()])) - 1
            return kind, idx
    for i, w in enumerate(words):
        if w in lx.BEFORE and w not in ("previous",):
            return "before", i
        if w in lx.AFTER and w not in ("then", "next", "afterwards"):
            return "after", i
    return None


def first_last(words: list[str], text: str) -> str | None:
    if re.search(
        r"\b(?:most\s+recent(?:ly)?|latest|last|final(?:ly)?|lastly|later|ended\s+with|end\s+with)\b", text
    ):
        return "last"
    if re.search(
        r"\b(?:first|earliest|initially|sooner|earlier|opening|open(?:ed|s)?\s+with|start(?:ed|s)?\s+(?:off\s+)?with|"
        r"beg[ai]ns?\s+with|kick(?:ed|s)?\s+off)\b",
        text,
    ):
        return "first"
    return None


TIMES = re.compile(r"\b(once|twice|thrice|\d+|two|three|four|five)(?:\s+times)?\b(?=\s*\??\s*$)", re.I)
THAN = re.compile(
    r"\b(?:for\s+(more|longer|less|shorter|at\s+least|over|under)\s+(?:than\s+)?|(longer|shorter)\s+than\s+)(\d+(?:\.\d+)?\s*"
    r"(?:seconds?|secs?|s|minutes?|mins?|m)\b|(?:a\s+)?half\s+(?:a|1)\s+minute|a\s+minute)",
    re.I,
)


def rank_of(text: str) -> str:
    """'most' / 'least' (how often) or 'longest' / 'shortest' (how long) when ``text`` asks for the
    extreme thing; 'none' otherwise."""
    # of two named things, the comparative asks the same: "which was on longer, the cat or the coffee?"
    if re.search(
        r"\b(?:longest|longer|for\s+the\s+most\s+time|the\s+most\s+(?:screen\s+)?time|more\s+screen\s+time)\b",
        text,
    ):
        return "longest"
    if re.search(
        r"\b(?:shortest|shorter|briefest|for\s+the\s+least\s+time|the\s+least\s+(?:screen\s+)?time)\b", text
    ):
        return "shortest"
    if re.search(
        r"\b(?:(?:most|more)\s+(?:often|frequently|times|common(?:ly)?)|the\s+most\b(?!\s+recent))", text
    ):
        return "most"
    if re.search(
        r"\b(?:(?:least|less)\s+(?:often|frequently|common(?:ly)?)|fewer\s+times|the\s+(?:fewest|least)\b)",
        text,
    ):
        return "least"
    return "none"


def absolute_first_last(text: str) -> str | None:
    """'first'/'last' said of one thing ("when did the cat last appear?"), not a comparison: "earlier"
    and "later" alone only say the tense ("what happened earlier on?")."""
    found = first_last([], text)
    if found and not re.search(r"\b(?:first|earliest|initially|opening|open(?:ed|s)?\s+with|start(?:ed|s)?\s+"
                               r"(?:off\s+)?with|beg[ai]ns?\s+with|kick(?:ed|s)?\s+off|most\s+recent(?:ly)?|latest|last|final(?:ly)?|lastly|ended\s+"
                               r"with|end\s+with)\b", text):  # fmt: skip
        return None
    return found


NUMBER = re.compile(
    r"\b(at\s+least\s+|more\s+than\s+|over\s+|exactly\s+|only\s+|just\s+)?(\d+|"
    + "|".join(sorted((re.escape(w) for w in lx.NUMBER_WORDS), key=len, reverse=True))
    + r")\s+((?:\w+\s+){0,2}?)(\w+)\b",
    re.I,
)


ALONE = re.compile(
    r"\b(?:alone|by\s+(?:him|her|them|it|your)sel(?:f|ves)|on\s+(?:his|her|their|its)\s+own|the\s+only\s+one)\b"
)


def claimed_number(q: str, phrase: str) -> tuple[int, bool, str] | None:
    """(n, at least?, the phrase without the number) when ``q`` puts a number before ``phrase``'s head
    noun ("two people", "at least 3 cars", "more than one face"); None otherwise."""
    head = phrase.split()[-1]
    if ALONE.search(q):  # "is the woman alone?", "is he there on his own?": one person, no more
        return 1, False, phrase
    for m in NUMBER.finditer(q):
        if m.group(4).lower() != head:
            continue
        word = m.group(2).lower()
        n = int(word) if word.isdigit() else lx.NUMBER_WORDS[word]
        more = (m.group(1) or "").strip().lower()
        at_least = more.startswith(("at least", "more", "over"))
        if more.startswith(("more", "over")):
            n += 1
        rest = " ".join(w for w in phrase.split() if w.lower() != word and not w.isdigit())
        return n, at_least, rest or head
    return None
