"""Questions about split screens and video calls: a tile's position is no thing and no leaving, a layout
or a display that changes is a scene change, and joining, dropping off and rejoining a call are
appearing, leaving and coming back."""

from __future__ import annotations

import pytest

from streamvu.answerers.reading import read_question


@pytest.mark.parametrize(
    "text",
    [
        "Is there a rocket on the left, middle or right screen at the moment?",
        "Is there a rocket in any of the tiles, left, middle or right, right now?",
        "Is that a rocket in one of the tiles now?",
        "is the rocket on the left?",
        "is there a rocket in the top left corner?",
        "is the rocket on the right side now?",
    ],
)
def test_a_tiles_position_is_where_not_what(text):
    r = read_question(text, "auto", 40.0)
    assert (r.form, r.target.phrase.split()[-1], r.alternatives, r.negated) == (
        "here_now",
        "rocket",
        (),
        False,
    )


@pytest.mark.parametrize(
    ("text", "form", "window"),
    [
        ("Has the gallery layout changed since 0:33?", "was_shown", (33.0, None)),
        ("When did the display first change?", "when", (None, None)),
        ("did the tiles switch in the last 10 seconds?", "was_shown", (30.0, None)),
    ],
)
def test_a_layout_or_display_changing_is_a_scene_change(text, form, window):
    r = read_question(text, "auto", 40.0)
    assert (r.form, r.target.kind, r.window) == (form, "cut", window)


def test_joining_leaving_and_rejoining_a_call():
    joined = read_question("When did the astronaut first join the call?", "auto", 40.0)
    assert (joined.form, joined.target.phrase, joined.nth) == ("when", "the astronaut", "first")
    order = read_question(
        "Put these in the order they first joined the call: the temple, the cat.", "auto", 60.0
    )
    assert [a.phrase for a in order.alternatives] == ["the temple", "the cat"]
    for text in (
        "Did the astronaut rejoin the call after dropping off?",
        "did the coffee ever come back after it went off the wall",
        "Did the cat make a second appearance on the display?",
    ):
        r = read_question(text, "auto", 90.0)
        assert r.form == "count" and r.target.kind == "thing", text
    assert read_question("has the cat left?", "auto", 40.0).negated
    assert read_question("Which list is in the right order?", "auto", 40.0).form == "summary"


def test_the_screens_of_a_display_are_the_video():
    r = read_question("What were the three screens showing when the display started?", "auto", 30.0)
    assert (r.form, r.target, r.beginning) == ("summary", None, True)
