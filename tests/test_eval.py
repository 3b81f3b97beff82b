"""The harness's own strict answer parsers (an extra column beside the official scores) and the embedded
answerer's multiple-choice prompt."""

from __future__ import annotations

import pytest

from streamvu.apps.eval.parsing import parse_choice, parse_count, parse_yes_no

OPTIONS = ("a coffee mug", "a cat", "a rocket", "a horse")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(B)", "B"),
        ("B.", "B"),
        ("b", "B"),
        ("B) a cat", "B"),
        ("**C**", "C"),
        (" [d] ", "D"),
        ("The answer is b", "B"),
        ("The answer is B because the cat is visible.", "B"),
        ("Option C: a rocket", "C"),
        ("Answer: (A)", "A"),
        ("Best option:(D", "D"),
        ("I think the answer is (C), the rocket.", "C"),
        ("The cat appears, so B", "B"),
        ("It looks like a coffee mug.", "A"),  # no letter: exactly one option's text is quoted
        ("A. a coffee mug", "A"),
        ("A", "A"),
        # invalid: nothing, no option, a letter past the last option, several options named
        ("", None),
        ("   ", None),
        (None, None),
        ("I don't know.", None),
        ("(E)", None),
        ("Option E", None),
        ("There is a coffee mug and a cat.", None),
        ("A dog runs.", None),
    ],
)
def test_parse_choice_messy_outputs(text, expected):
    assert parse_choice(text, 4, OPTIONS) == expected


def test_parse_choice_respects_the_number_of_options():
    assert parse_choice("C", 2) is None
    assert parse_choice("B", 2) == "B"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Yes.", "Yes"),
        ("no", "No"),
        ("N", "No"),
        ("Y", "Yes"),
        ("It is not happening now", "No"),
        ("maybe", None),
        ("", None),
    ],
)
def test_parse_yes_no(text, expected):
    assert parse_yes_no(text) == expected


@pytest.mark.parametrize(
    "text, expected", [("3", "3"), ("They did it three times.", "3"), ("none", None), ("2 or 3", "2")]
)
def test_parse_count(text, expected):
    assert parse_count(text) == expected


# --- prompt snapshots: the multiple-choice prompt stays stable; the open prompt is unchanged -------


def test_embedded_multiple_choice_prompt_snapshot():
    from streamvu.answerers.embedded import CHOICE_SYSTEM_PROMPT, SYSTEM_PROMPT, build_messages
    from streamvu.messages import Context, Evidence, Question

    ev = [Evidence(13.0, 15.0, "espresso (60%)")]
    q = Question("What object is on screen now?", asked_at=15.0, mode="now", options=("a cup", "a cat"))
    messages = build_messages(Context(question=q, entries=[], mode="now"), ev)
    assert messages[0] == {"role": "system", "content": CHOICE_SYSTEM_PROMPT}
    assert messages[1]["content"] == (
        "Observations:\n"
        "- 13.0s to 15.0s: espresso (60%)\n"
        "The question is about the moment it is asked; the last observations matter most.\n"
        "Question (asked at 15.0s): What object is on screen now?\n"
        "Options:\n"
        "(A) a cup\n"
        "(B) a cat\n"
        "Answer with the option's letter."
    )
    open_q = Question("What object is on screen now?", asked_at=15.0, mode="now")
    plain = build_messages(Context(question=open_q, entries=[], mode="now"), ev)
    assert plain[0]["content"] == SYSTEM_PROMPT
    assert plain[1]["content"].endswith("Question (asked at 15.0s): What object is on screen now?")
    assert "Options" not in plain[1]["content"]
