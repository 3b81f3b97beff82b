"""Lettering of multiple-choice options, shared by every answerer and benchmark prompt that writes
them: ``(A) cup`` (:func:`format_options`) or ``A. cup`` (:func:`dotted_options`)."""

from __future__ import annotations

from collections.abc import Sequence

OPTION_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def option_letter(index: int) -> str:
    """0 -> 'A', 1 -> 'B', ...; ValueError past 'Z'."""
    if not 0 <= index < len(OPTION_LETTERS):
        raise ValueError(f"at most {len(OPTION_LETTERS)} options, got index {index}")
    return OPTION_LETTERS[index]


def format_options(options: Sequence[str]) -> list[str]:
    """['cup', 'cat'] -> ['(A) cup', '(B) cat'] (OVBench's lettering)."""
    if len(options) > len(OPTION_LETTERS):
        raise ValueError(f"at most {len(OPTION_LETTERS)} options, got {len(options)}")
    return [f"({OPTION_LETTERS[i]}) {text}" for i, text in enumerate(options)]


def dotted_options(options: Sequence[str]) -> list[str]:
    """['cup', 'cat'] -> ['A. cup', 'B. cat'] (lmms-eval's and OVO-Bench's lettering)."""
    return [f"{option_letter(i)}. {text}" for i, text in enumerate(options)]


def answer_texts(options: Sequence[str], prompt: str) -> list[str]:
    """How each option is written as an answer: the way ``prompt`` lists it.

    ``(A) cup`` when the prompt lists options as ``(A) ...``, ``A. cup`` when it lists them as
    ``A. ...`` (lmms-eval's and OVO-Bench's layout), and ``A. cup`` when neither is found.
    """
    if options and f"(A) {options[0]}" in prompt:
        return format_options(options)
    return dotted_options(options)
