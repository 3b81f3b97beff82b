"""Phrasing: the template answer, and the check a language model's rewrite of it must pass.

A rewrite is kept only when every content word in it (letters, not a function word, compared on a
crude stem) appears in the question, the evidence traces or the template: a small model may make
the sentence read better, but it may not add an object, a person, an action or a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_FUNCTION_WORDS = frozenset(
    """
a an the and or but if then than so of in on at to from for with by as into onto about over under up down
out off since until till before after during while between through is are was were be been being am do does
did done has have had having it its this that these those there here what which who whom whose when where why
how not no yes nothing something anything everything i you he she we they me him her us them my your our their
can could will would shall should may might must also still now just only very too more most less least
seen see sees saw shown show shows showed appear appears appeared appearing visible recognised recognized
score match best weak clearly none option options instead scene scenes time times video clip seconds second
s sec first last next then later earlier again around approximately about yet latest currently one
""".split()
)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    """The stems of ``text``'s content words (lower-case letters only, function words dropped)."""
    return {_stem(w) for w in re.findall(r"[a-z]+", text.lower()) if w not in _FUNCTION_WORDS}


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", text))


def unsupported(rewrite: str, sources: Iterable[str]) -> set[str]:
    """Content words and numbers of ``rewrite`` found in none of ``sources`` (empty when it passes)."""
    allowed_words: set[str] = set()
    allowed_numbers: set[str] = set()
    for text in sources:
        allowed_words |= content_words(text)
        allowed_numbers |= numbers(text)
    return (content_words(rewrite) - allowed_words) | (numbers(rewrite) - allowed_numbers)


REWRITE_PROMPT = (
    "Rewrite the answer below as one short, natural sentence for the question. Keep every fact, time and "
    "name exactly; add nothing."
)


def rewrite_messages(question: str, template: str) -> list[dict[str, str]]:
    """The chat prompt asking a language model to rephrase ``template`` (and nothing more)."""
    return [
        {"role": "system", "content": REWRITE_PROMPT},
        {"role": "user", "content": f"Question: {question}\nAnswer: {template}\nRewritten answer:"},
    ]
