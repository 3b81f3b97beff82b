"""Read the chosen option (or yes/no, or a count) out of a model's free-form answer.

These are the harness's own robust parsers, reported beside the official scores as a stricter
extra column; the benchmarks' own scoring rules live in :mod:`streamvu.apps.eval.official`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from streamvu.answerers.options import OPTION_LETTERS

# "B", "(B)", "[b]", "B.", "b)", " B: " -- the whole answer is one letter
_ONLY_LETTER = re.compile(r"^[\s\(\[\{\"'*]*([A-Za-z])[\s\)\]\}\.:,;!\"'*]*$")
# "(B) a cat", "B. a cat", "B) a cat", "B: a cat", "B - a cat", "**B**"
_LEADING = re.compile(r"^[\s\"'*]*(?:\(([A-Za-z])\)|\[([A-Za-z])\]|([A-Z])(?:[\.\):]|\s+-\s|\*\*|$))")
# "the answer is b", "Answer: (C)", "Option C: ...", "best option:(D", "choice is a."
_PHRASE = re.compile(
    r"\b(?:answer|option|choice)s?\b\s*(?:is|would be|should be|=|:)?\s*[:\-]?\s*[\(\[]?\s*([A-Za-z])(?![A-Za-z])"
    r"(\s+[a-z]+)?",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"[\(\[]([A-Z])[\)\]]")
_STANDALONE = re.compile(r"(?<![A-Za-z'’])([A-Z])(?![A-Za-z'’])(\s+[a-z]+)?")


def parse_choice(text: str | None, n_options: int, options: Sequence[str] = ()) -> str | None:
    """The option letter ``text`` chooses among ``n_options`` lettered options, or None (invalid).

    Tried in order, the first rule that finds a letter decides (a letter past the last option
    makes the answer invalid): the whole answer is a letter; it starts with a letter marker
    ("(B) ...", "B. ...", "B) ..."); an explicit phrase ("the answer is b", "Option C: ...");
    exactly one bracketed letter "(B)"; exactly one standalone capital letter (not the article
    "A ..." nor the pronoun "I"); exactly one option's text quoted. Otherwise None.
    """
    if not text or not text.strip() or n_options < 1:
        return None
    valid = OPTION_LETTERS[:n_options]
    t = text.strip()

    def decide(letter: str) -> str | None:
        letter = letter.upper()
        return letter if letter in valid else None

    m = _ONLY_LETTER.match(t)
    if m:
        return decide(m.group(1))
    m = _LEADING.match(t)
    if m:
        letter = next(g for g in m.groups() if g)
        if not (letter == "A" and re.match(r"^[\s\"'*]*A\s+[a-z]", t)):  # "A cat ..." is an article
            return decide(letter)
    for m in _PHRASE.finditer(t):
        letter, next_word = m.group(1), m.group(2)
        if letter.islower() and next_word:  # "the answer is a cat": an article, not option A
            continue
        return decide(letter)
    bracketed = set(_BRACKETED.findall(t))
    if len(bracketed) == 1:
        return decide(bracketed.pop())
    standalone = {
        m.group(1)
        for m in _STANDALONE.finditer(t)
        if m.group(1) != "I" and not (m.group(1) == "A" and m.group(2))
    }
    if len(standalone) == 1:
        return decide(standalone.pop())
    lowered = t.casefold()
    quoted = [
        i
        for i, o in enumerate(options[:n_options])
        if len(o.strip()) >= 2 and o.strip().casefold() in lowered
    ]
    if len(quoted) == 1:
        return valid[quoted[0]]
    return None


_YES = re.compile(r"\b(yes|yeah|yep|correct|true)\b", re.IGNORECASE)
_NO = re.compile(r"\b(no|not|nope|false|cannot|can't|isn't|is not)\b", re.IGNORECASE)


def parse_yes_no(text: str | None) -> str | None:
    """ "Yes" / "No" from an answer ("Y" and "N" alone count, as in OVO-Bench's scorer), else None."""
    if not text or not text.strip():
        return None
    t = text.strip()
    first = re.match(r"^[\s\"'*(]*(yes|no|y|n)\b", t, re.IGNORECASE)
    if first:
        return "Yes" if first.group(1).lower().startswith("y") else "No"
    yes, no = bool(_YES.search(t)), bool(_NO.search(t))
    if yes != no:
        return "Yes" if yes else "No"
    return None


_NUMBER_WORDS = {
    w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
}
_COUNT = re.compile(r"\b(\d+|" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


def parse_count(text: str | None) -> str | None:
    """The first whole number in an answer ("3", "three times" -> "3"), else None."""
    if not text:
        return None
    m = _COUNT.search(text)
    if not m:
        return None
    word = m.group(1).lower()
    return str(_NUMBER_WORDS[word]) if word in _NUMBER_WORDS else str(int(word))
