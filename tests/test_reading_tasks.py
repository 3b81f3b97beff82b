"""Questions set as tasks ("State whether ...", "Report the number of ..."), addressed to someone ("hey
lobby bot, ..."), or leaning on the sentence before ("The rocket is on now. Was the cat shown before
it?", "The temple segment just ended. What came on right after?")."""

from __future__ import annotations

import pytest

from streamvu.answerers.reading import read_question


@pytest.mark.parametrize(
    ("text", "form", "target"),
    [
        ("State whether a dog is visible right now.", "here_now", "a dog"),
        ("Indicate if the bus is on screen at the moment.", "here_now", "the bus"),
        ("Please determine whether a bicycle was ever shown.", "was_shown", "a bicycle"),
        ("Report the number of times the bus appeared.", "count", "the bus"),
        ("State the total number of times a dog came into view.", "count", "a dog"),
        ("hey lobby bot, is the rocket on screen?", "here_now", "the rocket"),
        ("hi front desk: is there a cat right now?", "here_now", "a cat"),
        ("Is the image on the big screen now a guitar?", "here_now", "a guitar"),
        ("Was the picture on the monitor a pizza?", "was_shown", "a pizza"),
        ("Isn't that the rocket again?", "here_now", "the rocket"),
        ("is this the cat again?", "here_now", "the cat"),
        ("Summarize the match so far.", "summary", None),
        ("Recap the trip for me please.", "summary", None),
        ("The officer keeps popping up. How many times was she on screen?", "count", "the officer"),
    ],
)
def test_tasks_addresses_and_pictures_that_are_something(text, form, target):
    r = read_question(text, "auto", 60.0)
    assert (r.form, r.target.phrase if r.target else None) == (form, target), r


@pytest.mark.parametrize(
    ("text", "alternatives"),
    [
        ("The rocket is on now. Was the cat shown before it?", ("the cat", "the rocket")),
        ("Here comes the bus. Had a dog been on screen before it?", ("a dog", "the bus")),
        ("The astronaut is up now. Had a cat appeared before her?", ("a cat", "the astronaut")),
    ],
)
def test_a_pronoun_compared_with_is_the_thing_named_before(text, alternatives):
    """ "Was the cat shown before it?": "it" is not the cat it is compared with but what the sentence
    before named; "did the astronaut return after she left?" keeps "she" as the astronaut."""
    r = read_question(text, "auto", 60.0)
    assert (r.form, r.claim, tuple(a.phrase for a in r.alternatives)) == ("first", True, alternatives), r
    same = read_question("did the astronaut return after she left?", "auto", 60.0)
    assert same.target.phrase == "the astronaut" and not same.alternatives


@pytest.mark.parametrize(
    ("text", "form", "target"),
    [
        ("The temple segment just ended. What came on right after?", "after", "the temple"),
        ("The cat was on a moment ago. What was shown just before?", "before", "the cat"),
        ("What opened the show?", "first", None),
        ("what kicked off the stream?", "first", None),
    ],
)
def test_right_after_what_the_sentence_before_named_and_what_opened_the_show(text, form, target):
    r = read_question(text, "auto", 60.0)
    assert (r.form, r.target.phrase if r.target else None) == (form, target), r


@pytest.mark.parametrize(
    "text",
    ["What was on screen when the match started?", "what did the dashcam show when the drive began?"],
)
def test_when_the_show_started_is_the_beginning(text):
    assert read_question(text, "auto", 60.0).beginning


def test_put_these_three_in_order_names_the_three():
    r = read_question("Put these three in the order they came: the cat, the rocket, the horse.", "auto", 60.0)
    assert (r.form, tuple(a.phrase for a in r.alternatives)) == (
        "first",
        ("the cat", "the rocket", "the horse"),
    )


@pytest.mark.parametrize(
    ("text", "form", "target", "window"),
    [
        ("Now that the rocket is up, is the cat still there?", "here_now", "the cat", (None, None)),
        ("It's a news stream: was there a dog at all?", "was_shown", "a dog", (None, None)),
        ("So far today, how many times did the bus come up?", "count", "the bus", (None, None)),
        ("Counting every visit, how often was the dog shown?", "count", "the dog", (None, None)),
        ("Count the dog's appearances so far.", "count", "the dog", (None, None)),
        ("How many separate bus sightings so far?", "count", "the bus", (None, None)),
        ("What's the earliest the dog was on screen?", "when", "the dog", (None, None)),
        ("How early did the bus show up?", "when", "the bus", (None, None)),
        ("When did the van roll in?", "when", "the van", (None, None)),
        ("The bus: when was it last seen?", "when", "the bus", (None, None)),
        ("Are there any dogs left on screen?", "here_now", "any dogs", (None, None)),
        ("Over the last couple of minutes, was there a dog?", "was_shown", "a dog", (0.0, None)),
        (
            "I was out from 0:20 until just now. Did a dog show up while I was gone?",
            "was_shown",
            "a dog",
            (20.0, None),
        ),
        ("Did the bus appear between 0:10 and now?", "was_shown", "the bus", (10.0, None)),
    ],
)
def test_what_sets_the_scene_how_a_count_is_kept_and_times_said_loosely(text, form, target, window):
    """A clause that sets the scene ("now that ...", "it's a news stream:", "while I was gone") is no part
    of what is asked; "counting every visit", "the dog's appearances", "bus sightings" ask how many times;
    "the earliest", "how early" ask when; "roll in" is appearing; "any dogs left" are remaining, not
    leaving; "a couple of minutes", "until just now", "between 0:10 and now" are windows."""
    r = read_question(text, "auto", 60.0)
    assert (r.form, r.target.phrase if r.target else None, r.window) == (form, target, window), r


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("What did the lobby cam open on?", "first"),
        ("What's the tally of different things the camera has put up?", "count"),
        ("Anything on this list we have not seen?", "never"),
        ("Which of these was a no-show?", "never"),
        ("How many ball runs have there been across the screen?", "count"),
    ],
)
def test_openings_tallies_lists_and_no_shows(text, form):
    assert read_question(text, "auto", 60.0).form == form


@pytest.mark.parametrize(
    ("text", "form", "target"),
    [
        ("Guard here - is there a dog on the monitor now?", "here_now", "a dog"),
        ("Teacher at the school: is a bus on screen right now?", "here_now", "a bus"),
        ("my boss is asking: was a dog ever shown?", "was_shown", "a dog"),
        ("it's loud and I can't hear, what's on the tv right now?", "what_now", None),
        ("The monitor's showing a dog, yes?", "here_now", "a dog"),
        ("The lobby camera's got a bus on it now, right?", "here_now", "a bus"),
        ("At what mark did the bus first show up?", "when", "the bus"),
        ("From what clock time to what clock time was the dog on?", "when", "the dog"),
        ("Something's floating across the picture, right?", "here_now", "movement"),
        ("Which took over from the dog?", "after", "the dog"),
        ("what took the bus's place?", "after", "the bus"),
        ("The dog was on at some point. What was showing just ahead of it?", "before", "the dog"),
        ("How many times has the screen flipped since 0:40?", "count", "scene change"),
        ("How many pictures has the monitor cycled through so far?", "count", None),
        ("has the feed skipped any of these, and if so which?", "never", None),
        ("just walked in, sum up what has been on since kick-off", "summary", None),
    ],
)
def test_who_asks_what_the_screen_shows_and_order_said_loosely(text, form, target):
    """Who asks ("guard here -", "my boss is asking:") and why they cannot see says nothing; "the monitor's
    showing a dog" is a dog on screen; "at what mark" is when; "took over from", "took its place", "just
    ahead of" are after and before; a screen that flips is a scene change; pictures "cycled through" were
    shown; "skipped any of these" asks which was never shown."""
    r = read_question(text, "auto", 60.0)
    assert (r.form, r.target.phrase if r.target else None) == (form, target), r


def test_a_pair_that_got_airtime_is_compared():
    r = read_question("The dog or the bus: which one got airtime first?", "auto", 60.0)
    assert (r.form, tuple(a.phrase for a in r.alternatives)) == ("first", ("the dog", "the bus"))


@pytest.mark.parametrize(
    ("text", "form", "attached"),
    [
        ("what came before the woman in uniform?", "before", "uniform"),
        ("Right after the man with the umbrella left, what was on?", "after", "the umbrella"),
    ],
)
def test_the_thing_before_or_after_keeps_what_it_is_seen_with(text, form, attached):
    r = read_question(text, "auto", 60.0)
    assert (r.form, r.target.attached) == (form, attached), r


@pytest.mark.parametrize(
    ("text", "form", "target", "window"),
    [
        ("How many times has the ball crossed the screen?", "count", "movement", (None, None)),
        ("The guests are back. Sum up the feed since it started.", "summary", None, (0.0, None)),
        ("Did anything move since a minute in?", "was_shown", "movement", (60.0, None)),
        ("was the dog on before half a minute in?", "was_shown", "the dog", (None, 30.0)),
    ],
)
def test_crossing_the_screen_since_it_started_and_marks_said_in_words(text, form, target, window):
    r = read_question(text, "auto", 90.0)
    assert (r.form, r.target.phrase if r.target else None, r.window) == (form, target, window), r


@pytest.mark.parametrize("text", ["People on screen: how many?", "people on screen: how many are there?"])
def test_a_thing_set_before_a_bare_count_is_what_is_counted(text):
    """ "People on screen: how many?" is no one introducing themselves ("judge at the fair: ...")."""
    r = read_question(text, "auto", 60.0)
    assert (r.form, r.target.phrase if r.target else None) == ("count", "people"), r
