"""The benchmarks' own answer-scoring rules, reimplemented rule for rule (quirks included).

* ``mcq_process`` / ``mcq_score``: OVBench's lmms-eval task and VideoChat-Online's streaming script
  (``mcq_acc``): a response starting "B. ..." (any case) is B; otherwise the text is flattened,
  punctuation removed, lower-cased, and the first single letter a-e standing alone is the choice, so
  the article in "a cat" reads as A; with no such letter the normalised text itself is compared
  (and never equals a letter). The gold string goes through the same function.
* ``window_letter``: VideoChat-Online's sliding-window script: a few answer prefixes are removed,
  then the first capital A-D anywhere is the choice ("A cat" is A; a lower-case "a" is nothing).
  The script stops with an assertion when there is none; here that answer is invalid (wrong).
* ``ovo_choice_score``, ``ovo_count_score``, ``ovo_yes_no_score``: OVO-Bench's released scorer: the
  gold letter (or "Yes"/"No") anywhere in the response counts, case-sensitively; a lone "Y"/"N"
  counts for yes/no; for counts, all digits of the response are joined and compared.
"""

from __future__ import annotations

import re

_PUNCT = (
    ";",
    "/",
    "[",
    "]",
    '"',
    "{",
    "}",
    "(",
    ")",
    "=",
    "+",
    "\\",
    "_",
    "-",
    ">",
    "<",
    "@",
    "`",
    ",",
    "?",
    "!",
)
_PERIOD = re.compile(r"(?!<=\d)(\.)(?!\d)")  # as written upstream: a lookahead, so any "." not before a digit
_DIGIT_COMMA = re.compile(r"(\d)(,)(\d)")
_LEADING_OPTION = re.compile(r"^([A-E])\.\s*(.+)$", re.IGNORECASE)
_LONE_LETTER = re.compile(r"\b([A-E])\b", re.IGNORECASE)
PERIODS_REMOVED = 32  # upstream passes re.UNICODE (= 32) where re.sub takes its count


def _strip_punctuation(text: str) -> str:
    out = text
    for p in _PUNCT:  # the test looks at the text as given, the replacement at the text so far
        if p + " " in text or " " + p in text or _DIGIT_COMMA.search(text) is not None:
            out = out.replace(p, "")
        else:
            out = out.replace(p, " ")
    return _PERIOD.sub("", out, count=PERIODS_REMOVED)


def mcq_process(text: str) -> str:
    """``mcq_acc``'s normalisation: an upper-case letter A-E, or the normalised text."""
    m = _LEADING_OPTION.match(text.strip())
    if m:
        return m.group(1).upper()
    out = text.replace("\n", " ").replace("\t", " ").strip()
    out = _strip_punctuation(out)
    out = out.strip("'").strip('"').strip(")").strip("(").strip().lower()
    m = _LONE_LETTER.search(out)
    return m.group(1).upper() if m else out


def mcq_score(gold: str, response: str) -> int:
    """1 when ``response`` and ``gold`` normalise to the same thing, else 0."""
    return int(mcq_process(response) == mcq_process(gold))


_WINDOW_PREFIXES = (  # upstream's list, where two pairs of strings are joined by a missing comma
    "The best answer is",
    "The correct answer is",
    "The answer is",
    "The answer",
    "The best option isThe correct option is",
    "Best answer:Best option:",
    "Answer:",
)
_CAPITAL_AD = re.compile(r"[ABCD]")


def window_letter(text: str) -> str | None:
    """The sliding-window script's choice: the first capital A-D after removing answer prefixes."""
    s = text.strip()
    for prefix in _WINDOW_PREFIXES:
        s = s.replace(prefix, "").strip()
    m = _CAPITAL_AD.search(s)
    return m.group(0) if m else None


def ovo_choice_score(gold_letter: str, response: str | None) -> int:
    """OVO-Bench backward / real-time: the gold letter anywhere in the response (case-sensitive)."""
    return 0 if response is None else int(gold_letter in response)


def ovo_count_score(gold_count: int | str, response: str | None) -> int:
    """OVO-Bench REC: every digit of the response joined, compared with the count."""
    return 0 if response is None else int("".join(re.findall(r"\d+", response)) == str(gold_count))


def ovo_yes_no_score(gold_yes: bool, response: str | None) -> int:
    """OVO-Bench SSR / CRR: a lone "Y"/"N", or "Yes"/"No" anywhere in the response (case-sensitive)."""
    if response is None:
        return 0
    if (response == "Y" and gold_yes) or (response == "N" and not gold_yes):
        return 1
    return int(("Yes" if gold_yes else "No") in response)
