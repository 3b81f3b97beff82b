"""People in the grounded answer: options that name nobody, several people or things at once, what a
person wears; people arriving over time; an empty room; movement compared with a thing; movements
kept apart after memory merged the entries between them."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from streamvu.answerers.grounded import GroundedAnswerer
from streamvu.answerers.grounded.choices import choose, option_evidence
from streamvu.answerers.grounded.forms import decide
from streamvu.answerers.grounded.identities import distinct
from streamvu.answerers.grounded.option_readers import option_conjuncts, option_nobody
from streamvu.answerers.grounded.vocabulary import EntryView
from streamvu.answerers.reading import Target, read_question
from tests.test_grounded import timeline  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def grounded(encoder, embedder):
    return GroundedAnswerer(encoder, embedder)


def _people(entries: list[EntryView], schedule: list[tuple[int, int, int]]) -> list[EntryView]:
    """``entries`` with ``n`` people (clear detections) on the entries ending in (a, b]."""
    out = list(entries)
    for a, b, n in schedule:
        for i, e in enumerate(out):
            if a < e.end <= b:
                out[i] = replace(e, people=n, person_score=0.9 if n else 0.0)
    return out


def _ask(grounded, entries, text, at, options=()):
    reading = read_question(text, "auto", at)
    g = grounded.grounder
    g.scorer.prepare([t.phrase for t in (reading.target, *reading.alternatives) if t])
    seen = [e for e in entries if e.end <= at + 1e-6]
    return choose(g, seen, reading, options, at) if options else decide(g, seen, reading, at)


def test_option_readers_for_people_and_several_things():
    assert option_nobody("nobody") and option_nobody("No one.") and option_nobody("There was no one there")
    assert not option_nobody("None of the above") and not option_nobody("a person")
    both = option_conjuncts("a woman in uniform and a temple")
    assert [t.phrase for t in both] == ["a woman", "a temple"] and both[0].attached == "uniform"
    assert both[0].worn and not both[1].worn
    assert option_conjuncts("the ball rolling across") == [Target("movement", "motion")]
    walker = option_conjuncts("a man walking a dog")
    assert walker == [Target("a man", attached="a dog")] and not walker[0].worn
    assert read_question("is the dog in the park?").target == Target("the dog")  # a place is no clothing


def test_who_is_here_weighs_nobody_and_how_many_each_option_names(grounded, timeline):  # noqa: F811
    entries = _people(timeline, [(20, 40, 2)])
    options = ("nobody", "a rocket", "a man", "a woman and a man")
    at_cat = _ask(grounded, entries, "Who is here now?", 35.0, options)
    assert at_cat.choice == "D", at_cat.option_scores  # two people seen: the option naming two
    assert at_cat.option_scores[0] < 0.2  # "nobody" is the complement of the people seen
    alone = _ask(grounded, _people(timeline, [(20, 40, 1)]), "Who is here now?", 35.0, options)
    assert alone.choice == "C" and alone.option_scores[2] > alone.option_scores[3]
    empty = _ask(grounded, timeline, "Who is here now?", 15.0, ("a child", "nobody"))
    assert empty.choice == "B"
    # a person seen at the strength of a clear sighting (0.5) rules out "nobody", even against a kind of
    # person no detector can check
    faint = [replace(e, person_score=0.5) if e.people else e for e in _people(timeline, [(20, 40, 1)])]
    someone = _ask(grounded, faint, "who is that?", 35.0, ("nobody", "an astronaut"))
    assert someone.choice == "B" and someone.option_scores[0] == 0.0, someone.option_scores
    # in a window, "nobody" is right only when no one was seen anywhere in it
    window = _ask(grounded, entries, "Who showed up in the last 25 seconds?", 45.0, ("nobody", "a woman"))
    assert window.choice == "B" and window.option_scores[0] < 0.2


def test_something_worn_weighs_on_the_person_only(grounded, timeline):  # noqa: F811
    entries = _people(timeline, [(20, 40, 1)])
    g = grounded.grounder
    worn = read_question("when did the woman in uniform first appear?").target
    assert worn.worn and worn.text == "the woman in uniform"
    g.scorer.prepare([worn.phrase, worn.attached])
    scores = g.scores(worn, entries)
    bare = g.scores(Target("the woman"), entries)
    on = [i for i, e in enumerate(entries) if 20 < e.end <= 40]
    assert np.all(scores[on] >= 0.5 * bare[on] - 1e-6) and np.all(scores[on] <= bare[on] + 1e-6)
    assert (
        _ask(grounded, entries, "when did the woman in uniform first appear?", 50.0).value.spans[0][0] == 21.0
    )
    carried = option_evidence(g, entries, "a man walking a dog")  # a dog must be seen: none is
    assert float(np.max(carried[on])) < g.config.threshold


def test_people_arriving_are_counted_one_by_one(grounded, timeline):  # noqa: F811
    # one person 10-20 s, gone, two 30-40 s (one missed for a frame at 35 s), then one again 45-50 s
    entries = _people(timeline, [(10, 20, 1), (30, 40, 2), (34, 35, 1), (45, 50, 1)])
    came = _ask(grounded, entries, "How many people came by so far?", 55.0)
    assert came.value.n == 4 and "came into view" in came.text, came.text
    assert (
        _ask(grounded, entries, "How many different people have we seen?", 55.0, ("2", "3", "4")).choice
        == "C"
    )
    most = _ask(grounded, entries, "What's the most people we've had in view at once?", 55.0)
    assert most.value.n == 2
    within = _ask(grounded, entries, "How many people came by between 0:25 and 0:42?", 55.0)
    assert within.value.n == 2
    none = _ask(grounded, timeline, "How many people came by?", 55.0)
    assert none.value.n == 0 and none.text.startswith("No person was recognised")


def test_an_empty_room_is_one_with_nobody_in_it(grounded, timeline):  # noqa: F811
    entries = _people(timeline, [(20, 40, 1)])
    now_empty = _ask(grounded, entries, "Is the room empty?", 15.0)
    assert now_empty.value.yes and now_empty.value.negated
    assert not _ask(grounded, entries, "is the desk empty right now?", 30.0).value.yes
    assert _ask(grounded, entries, "Was the room empty between 0:42 and 0:55?", 58.0).value.yes
    busy = _ask(grounded, entries, "Was the room empty between 0:10 and 0:30?", 58.0)
    assert not busy.value.yes and busy.text.startswith("No — a person was seen")
    assert _ask(grounded, entries, "Was the room empty then?", 58.0, ("Yes", "No")).choice == "B"


def test_movement_compared_with_a_thing_and_kept_apart_across_merged_entries(grounded, timeline):  # noqa: F811
    # memory merged 0-17 s (still), 17-29 s (moved 19-29 s), 29-41 s (still), 41-55 s (moved 43-55 s)
    spans = [(0.0, 17.0, None), (17.0, 29.0, (19.0, 29.0)), (29.0, 41.0, None), (41.0, 55.0, (43.0, 55.0))]
    entries = [
        replace(timeline[int(a) + 1], start=a, end=b, shown=a + 1.0, motion=0.7 if m else 0.0, moving=m)
        for a, b, m in spans
    ]
    count = _ask(grounded, entries, "how often did something go past?", 55.0)
    assert count.value.n == 2, count.text
    reading = read_question("Which happened first: the ball rolling across or the rocket?")
    assert reading.alternatives == (Target("movement", "motion"), Target("the rocket"))
    pick = _ask(
        grounded, entries, "Which happened first: the ball rolling across or the cat?", 55.0,
        ("the cat", "the ball rolling across"),
    )  # fmt: skip
    assert pick.choice == "B", pick.text


def test_someone_who_comes_back_is_one_person_by_their_looks(grounded, timeline):  # noqa: F811
    rng = np.random.default_rng(0)
    a, b = (v / np.linalg.norm(v) for v in rng.normal(size=(2, 64)))
    near_a = a + 0.3 * rng.normal(size=64) / 8.0  # the same person, another shot
    near_a /= np.linalg.norm(near_a)
    entries = _people(timeline, [(10, 20, 1), (30, 40, 2), (45, 50, 1)])
    keyed = [
        replace(e, people_keys=(a,) if 10 < e.end <= 20 else (a, b) if 30 < e.end <= 40 else (near_a,))
        if e.people else e
        for e in entries
    ]  # fmt: skip
    assert distinct([a, near_a, b, a]) == 2 and distinct([a, b]) == 2
    came = _ask(grounded, keyed, "How many different people came by?", 55.0)
    assert came.value.n == 2 and "4 arrivals: someone came back" in came.text, came.text
    # looks never count fewer than were seen at once, nor more than arrived
    alike = [replace(e, people_keys=(a,) * e.people) if e.people else e for e in entries]
    assert _ask(grounded, alike, "How many different people came by?", 55.0).value.n == 2


def test_a_portrait_seen_again_in_another_layout_keeps_its_looks(tmp_path, encoder, embedder):
    """Real frames: Grace Hopper, then the astronaut, then Grace Hopper beside a cup (a 640x360 video,
    encoded and detected as a stream is): two different people, three arrivals."""
    from benchmarks.sets.media import sample_image, side_by_side, write_shots_video
    from streamvu.pipeline.engine import Pipeline, PipelineConfig

    size, room = (640, 360), side_by_side([sample_image("china")], (640, 360))
    shots = [
        (side_by_side([sample_image("grace_hopper")], size), 4.0, None),
        (room, 4.0, None),
        (side_by_side([sample_image("astronaut")], size), 4.0, None),
        (room, 4.0, None),
        (side_by_side([sample_image("grace_hopper"), sample_image("coffee")], size), 4.0, None),
    ]
    video = write_shots_video(tmp_path / "visits.mp4", shots, fps=2.0)
    pipe = Pipeline(PipelineConfig(fps=1.0), encoder=encoder, embedder=embedder)
    pipe.ingest(video)
    came = pipe.ask("How many different people came by?", at=19.0)
    assert came.text.startswith("2 people came into view") and "3 arrivals" in came.text, (
        came.text,
        came.decision,
    )


def test_none_of_these_nothing_happened_and_unchecked_kinds_of_people(grounded, timeline):  # noqa: F811
    # the timeline: coffee 0-20 s, a cat 20-40 s, a rocket 40-50 s, coffee 50-60 s
    none = _ask(
        grounded, timeline, "Which of these is on screen?", 45.0, ("a guitar", "none of these", "a dog")
    )
    assert none.choice == "B" and none.option_scores[1] > 0.5, none.option_scores
    seen = _ask(grounded, timeline, "Which of these is on screen?", 45.0, ("none of these", "a rocket"))
    assert seen.choice == "B" and seen.option_scores[0] == 0.0
    quiet = ("nothing, it was quiet", "a cup of coffee, then a cat")
    assert _ask(grounded, timeline, "what happened so far?", 35.0, quiet).choice == "B"
    busy = _people(timeline, [(20, 40, 1)])
    assert _ask(grounded, busy, "what happened so far?", 35.0, quiet).option_scores[0] == 0.0
    # a kind of person no detector checks weighs less than someone described by what is seen
    g = grounded.grounder
    g.scorer.prepare(["an astronaut", "a person", "a cup of coffee"])
    astronaut, anyone = g.scores(Target("an astronaut"), busy), g.scores(Target("a person"), busy)
    on = [i for i, e in enumerate(busy) if e.people]
    assert np.all(astronaut[on] < anyone[on]) and np.all(astronaut[on] >= g.config.threshold)
    said = _ask(grounded, busy, "was the astronaut here?", 45.0).text
    assert said.startswith("Yes") and "no detector can tell whether it is the astronaut" in said, said
    assert "no detector" not in _ask(grounded, busy, "was a woman here?", 45.0).text


def test_while_a_thing_was_there_means_any_time_it_was(grounded, timeline):  # noqa: F811
    # coffee 0-20 s and 50-60 s; movement only in the second coffee shot
    moved = [
        replace(e, motion=0.8, moving=(e.first_seen, e.end)) if 52 < e.end <= 56 else e for e in timeline
    ]
    yes = _ask(grounded, moved, "Did anything move while the coffee was there?", 59.0)
    assert yes.value.yes, yes.text
    assert not _ask(grounded, moved, "Did anything move while the cat was there?", 59.0).value.yes


def test_something_happening_is_movement_or_a_scene_change(grounded, timeline):  # noqa: F811
    entries = list(timeline)
    entries[19] = replace(entries[19], cut=0.9, cuts=(entries[19].end,))  # a cut at 20 s
    for i in range(40, 45):  # movement at 41-45 s
        entries[i] = replace(entries[i], motion=0.7, moving=(entries[i].end, entries[i].end))
    quiet = _ask(grounded, entries, "Did anything happen between 0:05 and 0:15?", 58.0)
    assert not quiet.value.yes and quiet.text.startswith("No — movement or a scene change was not"), (
        quiet.text
    )
    cut = _ask(grounded, entries, "Anything going on between 0:15 and 0:25?", 58.0)
    assert cut.value.yes and cut.text.startswith("Yes — a scene change was seen at"), cut.text
    assert _ask(grounded, entries, "did anything happen in the last 20 seconds?", 50.0).value.yes
    assert not _ask(grounded, entries, "is anything happening right now?", 35.0).value.yes
    moving = _ask(grounded, entries, "any activity right now?", 45.0)
    assert moving.value.yes and moving.text.startswith("Yes — movement is on screen now"), moving.text
