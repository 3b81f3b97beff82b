"""Options are lettered in one place (``answerers.options``), whichever prompt writes them."""

from __future__ import annotations

import pytest

from streamvu.answerers.options import answer_texts, dotted_options, format_options, option_letter
from streamvu.apps.eval.ovbench import lmms_prompt, question_block
from streamvu.apps.eval.ovobench import choice_prompt


def test_both_letterings_and_the_prompts_that_use_them():
    options = ("a cup", "a cat")
    assert format_options(options) == ["(A) a cup", "(B) a cat"]
    assert dotted_options(options) == ["A. a cup", "B. a cat"]
    assert "A. a cup\nB. a cat\n" in lmms_prompt("What is it?", options)
    assert question_block("3", "What is it?", options).endswith("(A) a cup\n(B) a cat")
    assert "A. a cup; B. a cat;" in choice_prompt("What is it?", options)
    assert answer_texts(options, question_block("3", "q", options)) == format_options(options)
    assert answer_texts(options, lmms_prompt("q", options)) == dotted_options(options)
    assert option_letter(25) == "Z"
    with pytest.raises(ValueError, match="at most 26 options"):
        dotted_options([str(i) for i in range(27)])
