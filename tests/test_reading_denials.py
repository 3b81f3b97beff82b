"""Questions that deny what they ask about ("is the cat not on screen?", "was the cat never shown?", "is
there no cat?"): read as asking for absence, answered yes when the thing is not seen; questions whose
"not" leans towards yes ("isn't that a cat?", "is that not a cat?") or offers the choice ("... or not?")
stay as they were."""

from __future__ import annotations

import pytest

from streamvu.answerers.reading import read_question
from tests.test_grounded import answer, grounded, timeline  # noqa: F401  (fixtures)


@pytest.mark.parametrize(
    ("text", "form", "negated"),
    [
        ("Is the cat not on screen?", "here_now", True),
        ("is it true that the cat is not here now?", "here_now", True),
        ("Is the horse not there anymore?", "here_now", True),
        ("is there no cat on screen?", "here_now", True),
        ("Was the cat never shown?", "was_shown", True),
        ("has the cat not appeared yet?", "was_shown", True),
        ("was there no cat between 0:10 and 0:20?", "was_shown", True),
        ("isn't that a cat?", "here_now", False),
        ("is that not a cat?", "here_now", False),
        ("is the cat on screen or not?", "here_now", False),
        ("didn't we see a cat earlier?", "was_shown", False),
        ("Is the cat on screen?", "here_now", False),
    ],
)
def test_a_denied_thing_is_asked_for_its_absence(text, form, negated):
    r = read_question(text, "auto", 60.0)
    assert (r.form, r.negated) == (form, negated)
    assert r.target.phrase.endswith(("cat", "horse"))


def test_denials_are_answered_by_what_is_seen(grounded, timeline):  # noqa: F811
    """The cat is on screen at 20-40 s only (a cup of coffee before and after, a rocket at 40-50 s)."""
    during, after = 30.0, 55.0
    assert answer(grounded, timeline, "Is the cat not on screen?", at=after).value.yes
    assert not answer(grounded, timeline, "Is the cat not on screen?", at=during).value.yes
    assert not answer(grounded, timeline, "Was the cat never shown?", at=after).value.yes
    assert answer(grounded, timeline, "Was the cat never shown?", at=15.0).value.yes
    assert answer(grounded, timeline, "is there no rocket?", at=during).value.yes
    first = answer(grounded, timeline, "Is the cat not on screen?", at=after).text
    assert first.startswith("Yes — the cat is not seen now"), first
    choice = answer(grounded, timeline, "Is the cat not on screen?", at=during, options=("Yes", "No"))
    assert choice.choice == "B"


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("is this the same scene as before?", 50.0),
        ("is it still the same shot as a minute ago?", 0.0),
        ("Same view as at 0:30?", 30.0),
        ("is this the same scene as at the start?", 0.0),
    ],
)
def test_the_same_scene_as_then_asks_that_the_scene_has_not_changed_since(text, since):
    r = read_question(text, "auto", 60.0)
    assert (r.form, r.target.kind, r.negated, r.window) == ("was_shown", "cut", True, (since, None))


def test_the_same_scene_is_answered_by_the_cuts_in_between(grounded, timeline):  # noqa: F811
    from dataclasses import replace

    from streamvu.answerers.grounded.forms import decide

    entries = [replace(e, cuts=(25.0,) if e.start <= 25.0 < e.end else ()) for e in timeline if e.end <= 40.0]
    g = grounded.grounder

    def ask(text: str) -> bool:
        return decide(g, entries, read_question(text, asked_at=40.0), 40.0).value.yes

    assert ask("Is this the same scene as 30 seconds ago?") is False  # the cut at 25 s is between
    assert ask("is it still the same shot as at 0:30?") is True
