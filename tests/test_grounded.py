"""The grounded answerer: question forms, phrase scores, time logic, multiple choice, captions.

The logic tests build a timeline of memory entries from real EfficientNet readings of known images
(coffee 0-20 s, cat 20-40 s, rocket 40-50 s, coffee 50-60 s), so each form's answer is known; the
development suite (tests/grounding_suite.py) runs the whole streaming path on real videos.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

from streamvu.answerers.grounded import GroundedAnswerer, GroundingConfig
from streamvu.answerers.grounded.captions import grounded_caption
from streamvu.answerers.grounded.choices import choose, option_number, option_span, option_yes_no
from streamvu.answerers.grounded.forms import parse
from streamvu.answerers.grounded.phrasing import unsupported
from streamvu.answerers.grounded.vocabulary import EntryView
from streamvu.messages import Evidence, Frame
from tests.grounding_suite import image_of

SCHEDULE = (("coffee", 0, 20), ("chelsea", 20, 40), ("rocket", 40, 50), ("coffee", 50, 60))


@pytest.fixture(scope="module")
def grounded(encoder, embedder):
    return GroundedAnswerer(encoder, embedder)


@pytest.fixture(scope="module")
def timeline(grounded, encoder) -> list[EntryView]:
    """One entry per second, 0-60 s, read from the real images (a pixel of jitter per frame)."""
    names = [name for name, _, _ in SCHEDULE]
    frames = [
        Frame(0.0, i, np.roll(image_of(n), i % 3 - 1, axis=1)) for i, n in enumerate(dict.fromkeys(names))
    ]
    by_name = dict(zip(dict.fromkeys(names), encoder.encode(frames), strict=True))
    views = []
    for name, a, b in SCHEDULE:
        item = by_name[name]
        probs = encoder.class_probs(item.pooled[None]).numpy()[0]
        key = torch.nn.functional.normalize(item.pooled, dim=0).numpy()
        views += [
            EntryView(float(t - 1), float(t), probs, key, float(t)) for t in range(max(a, 1), b + (b == 60))
        ]
    return views


def answer(grounded, timeline, text, at=60.0, mode="past", options=()):
    parsed = parse(text, mode, at)
    entries = [e for e in timeline if e.end <= at + 1e-6]
    if options:
        return choose(grounded.grounder, entries, parsed, options, at, mode)
    return grounded.grounder.decide(entries, parsed, at, mode)


@pytest.mark.parametrize(
    ("text", "mode", "form", "target"),
    [
        ("what is in the video now?", "now", "now_what", ""),
        ("Is the cat still here?", "now", "now_yesno", "the cat"),
        ("Was a rocket shown?", "past", "past_yesno", "a rocket"),
        ("Did a dog appear at the beginning?", "past", "past_yesno", "a dog"),
        ("When was the cat shown?", "past", "when", "the cat"),
        ("What came first?", "past", "first", ""),
        ("What was shown just before the rocket?", "past", "before", "the rocket"),
        ("What came right after the cat?", "past", "after", "the cat"),
        ("How many times did a cup of coffee appear?", "past", "count", "a cup of coffee"),
        ("How many distinct scenes were there?", "past", "count", ""),
        ("What happened since 45 s?", "past", "describe", ""),
        ("what happens next?", "future", "future", ""),
        ("tell me when a car appears", "now", "future", "a car"),
        ("Let me know if the cat comes back", "now", "future", "the cat"),
    ],
)
def test_question_forms(text, mode, form, target):
    parsed = parse(text, mode, 60.0)
    assert (parsed.form, parsed.target) == (form, target)


def test_windows_and_alternatives():
    assert parse("What was shown between 10 and 20 seconds?", "past", 60).window == (10.0, 20.0)
    assert parse("What happened in the last 15 seconds?", "past", 60).window == (45.0, None)
    assert parse("What happened at the beginning?", "past", 60).beginning
    assert parse("Which came first, the cat or the rocket?", "past", 60).alternatives == (
        "the cat",
        "the rocket",
    )


def test_option_readers():
    assert option_span("20–40 s") == (20.0, 40.0) and option_span("from 1:00 to 1:30") == (60.0, 90.0)
    assert option_span("a cat") is None
    assert option_number("3") == 3 and option_number("twice") == 2 and option_number("a cat") is None
    assert option_yes_no("Yes.") is True and option_yes_no("no") is False and option_yes_no("maybe") is None


def test_phrase_scores_separate_present_from_absent(grounded, timeline):
    scorer = grounded.grounder.scorer
    cat = scorer.scores("a cat", timeline)
    assert cat[25] > 0.6 and cat[5] < 0.05
    assert scorer.scores("a cup of coffee", timeline)[5] > grounded.config.threshold
    assert scorer.scores("a dog", timeline).max() < grounded.config.threshold


def test_now(grounded, timeline):
    d = answer(grounded, timeline, "what is in the video now?", at=30.0, mode="now")
    assert (
        "since 20 s" in d.text and "best guesses" not in d.text and all(e.start >= 19.0 for e in d.evidence)
    )
    yes = answer(grounded, timeline, "Is there a cat now?", at=30.0, mode="now")
    assert yes.text.startswith("Yes") and yes.recognised
    no = answer(grounded, timeline, "Is the cup of coffee still here?", at=30.0, mode="now")
    assert no.text.startswith("No") and "not recognised" in no.text and "seen now" in no.text


def test_past_existence_respects_the_ask_time(grounded, timeline):
    assert answer(grounded, timeline, "Was a rocket shown?", at=60.0).text.startswith(
        "Yes: a rocket was seen at 40–49 s"
    )
    early = answer(grounded, timeline, "Was a rocket shown?", at=35.0)
    assert early.text.startswith("No") and not early.recognised
    assert "seen instead" in early.text and all(e.end <= 35.0 for e in early.evidence)


def test_unrecognised_thing_says_what_was_seen_instead(grounded, timeline):
    d = answer(grounded, timeline, "When was the dog shown?")
    assert not d.recognised and "not recognised" in d.text and "seen instead" in d.text
    assert "espresso" in d.text and d.evidence


def test_when_order_and_count(grounded, timeline):
    assert "seen at 20–39 s" in answer(grounded, timeline, "When was the cat shown?").text
    assert answer(grounded, timeline, "What came first?").text.startswith("First seen: espresso")
    before = answer(grounded, timeline, "What was shown just before the rocket?").text
    assert before.startswith("Before the rocket (40–49 s)") and "Mau" in before
    after = answer(grounded, timeline, "What came right after the cat?").text
    assert after.startswith("After the cat") and "missile" in after
    first = answer(grounded, timeline, "Which came first, the rocket or the cat?").text
    assert first.startswith("The cat came first")
    assert "2 times" in answer(grounded, timeline, "How many times was a cup of coffee shown?").text
    assert answer(grounded, timeline, "How many distinct scenes were there?").text.startswith(
        "4 distinct scenes"
    )
    since = answer(grounded, timeline, "What was shown between 42 and 48 seconds?")
    assert "missile" in since.text and all(41 <= e.start and e.end <= 49 for e in since.evidence)


def test_multiple_choice_scores_every_option(grounded, timeline):
    d = answer(
        grounded,
        timeline,
        "What is in the video now?",
        at=30.0,
        mode="now",
        options=("a rocket", "a cat", "a cup of coffee", "a dog"),
    )
    assert d.choice == "B" and d.text.startswith("B. a cat") and len(d.option_scores) == 4
    assert d.option_scores[1] == max(d.option_scores) and d.option_scores[3] < 0.1
    when = answer(grounded, timeline, "When was the cat shown?", options=("0–20 s", "40–50 s", "20–40 s"))
    assert when.choice == "C"
    yn = answer(grounded, timeline, "Did a dog appear?", options=("Yes", "No"))
    assert yn.choice == "B" and yn.option_scores[1] > yn.option_scores[0]
    count = answer(grounded, timeline, "How many times was a cup of coffee shown?", options=("1", "2", "3"))
    assert count.choice == "B"


def test_rewrite_check_rejects_added_content():
    sources = ["When was the cat shown?", "The cat was seen at 20–39 s: Egyptian Mau (80%)."]
    assert not unsupported("The cat was shown from 20 to 39 s.", sources)
    assert unsupported("A man holds the cat from 20 to 39 s.", sources) == {"man", "hold"}
    assert unsupported("The cat was seen at 25 s.", sources) == {"25"}


def test_grounded_caption_names_only_the_evidence():
    evidence = [Evidence(0.0, 3.0, "race car"), Evidence(3.0, 4.0, "tram"), Evidence(4.0, 5.0, "race car")]
    text = grounded_caption(evidence)
    assert text.startswith("Seen: race car") and "tram" in text
    allowed = {"seen", "then", "race", "car", "tram", "s"}
    assert set(re.findall(r"[a-z]+", text.lower())) <= allowed, text
    assert grounded_caption([]) == "Nothing recognised."


def test_config_is_validated():
    with pytest.raises(ValueError, match="threshold"):
        GroundingConfig(threshold=0.0)
    with pytest.raises(ValueError, match="phrasing"):
        GroundedAnswerer(None, None, phrasing="poem")  # type: ignore[arg-type]


TEMPLATE_WORDS = {
    "seen",
    "then",
    "unsure",
    "nothing",
    "recognised",
    "with",
    "confidence",
    "best",
    "guesses",
    "s",
}


def test_caption_marks_low_confidence_classes_as_guesses(encoder):
    from streamvu.messages import FrameTokens, Label

    def item(t, name, p):
        return FrameTokens(
            t=t,
            index=int(t),
            tokens=torch.zeros(1, 1),
            pooled=torch.zeros(1),
            grid=(1, 1),
            labels=(Label(name, p),),
        )

    evidence = [Evidence(0.0, 2.0, "tram"), Evidence(2.0, 3.0, "modem")]
    assert (
        grounded_caption(evidence, [item(0, "tram", 0.6), item(1, "tram", 0.5), item(2, "modem", 0.1)])
        == "Seen: tram (0–2 s, 55%); unsure: modem 10%."
    )
    assert (
        grounded_caption(evidence[1:], [item(2, "modem", 0.1)])
        == "Nothing recognised with confidence; best guesses: modem 10%."
    )


@pytest.mark.parametrize("sample", ["bikes", "carphone"])
def test_sample_captions_name_nothing_outside_their_evidence(sample, encoder, embedder, grounded):
    from streamvu.apps.captioning import caption_video
    from streamvu.ingest.samples import sample_path
    from streamvu.pipeline.engine import Pipeline, PipelineConfig

    pipe = Pipeline(PipelineConfig(), encoder=encoder, embedder=embedder, answerer=grounded)
    captions = caption_video(pipe, sample_path(sample))
    assert captions
    for cap in captions:
        allowed = TEMPLATE_WORDS | set(re.findall(r"[a-z]+", " ".join(e.trace for e in cap.evidence).lower()))
        assert set(re.findall(r"[a-z]+", cap.text.lower())) <= allowed, (cap.text, cap.evidence)
