"""WordNet categories of the ImageNet classes, and the people / faces channels of phrase scores."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from streamvu.answerers.grounded.categories import Categories, wordnet_table
from streamvu.answerers.grounded.vocabulary import EntryView, PhraseScorer, text_key
from streamvu.encoders.imagenet import imagenet_class_names

NAMES = imagenet_class_names()
WORDNET = Path("/usr/share/wordnet")


def index(name: str) -> int:
    return NAMES.index(name)


def names_of(rel: np.ndarray, at_least: float = 0.5) -> set[str]:
    return {NAMES[i] for i in np.flatnonzero(rel >= at_least)}


@pytest.fixture(scope="module")
def cats() -> Categories:
    return Categories()


@pytest.fixture(scope="module")
def scorer(encoder, embedder) -> PhraseScorer:
    """The real scorer: MiniLM class keys, EfficientNet head rows, WordNet categories."""
    keys = embedder.embed(list(encoder.class_names))
    return PhraseScorer(encoder.class_names, keys, encoder.model._fc.weight, embedder.embed)


class StubScorer(PhraseScorer):
    """WordNet alone: an embedder that finds every class name unrelated to every phrase."""

    def __init__(self) -> None:
        keys = np.eye(len(NAMES), 8, dtype=np.float32)
        head = __import__("torch").eye(len(NAMES), 4)
        super().__init__(NAMES, keys, head, lambda texts: np.zeros((len(texts), 8), np.float32))


# -- the table ---------------------------------------------------------------------------------------
def test_table_follows_the_classifier_order(cats):
    assert len(cats.wnids) == 1000 == len(NAMES)
    assert cats.wnids[0] == "n01440764"  # tench
    assert cats.wnids[index("espresso")] == "n07920052"
    assert cats.wnids[index("Egyptian Mau")] == "n02124075"
    assert cats.wnids[index("tabby cat")] == "n02123045"
    # each class's own synset is in its closure and names the class
    assert cats.synsets[int(cats.wnids[index("espresso")][1:])][0] == "espresso"
    assert all(int(w[1:]) in c for w, c in zip(cats.wnids, cats.closure, strict=True))


def test_closures_hold_the_known_hypernyms(cats):
    assert {"beverage", "coffee", "food", "espresso"} <= set(cats.hypernym_names(index("espresso")))
    mau = set(cats.hypernym_names(index("Egyptian Mau")))
    assert {"domestic cat", "cat", "feline", "carnivore", "mammal", "animal"} <= mau
    assert "dog" not in mau
    taxi = set(cats.hypernym_names(index("taxicab")))
    assert {"car", "motor vehicle", "vehicle", "artifact"} <= taxi
    assert "animal" not in taxi
    assert "person" in cats.hypernym_names(index("scuba diver"))


@pytest.mark.skipif(not (WORDNET / "data.noun").exists(), reason="needs Debian's wordnet-base")
def test_the_committed_table_is_what_the_script_makes(tmp_path):
    out = tmp_path / "table.json.gz"
    script = Path(__file__).resolve().parents[1] / "scripts" / "make_wordnet_table.py"
    subprocess.run([sys.executable, str(script), "--out", str(out)], check=True, capture_output=True)
    assert json.loads(gzip.decompress(out.read_bytes())) == wordnet_table()


# -- phrases -> heads -> classes ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "head"),
    [
        ("a hot drink", "drink"),
        ("the red car", "car"),
        ("any animal", "animal"),
        ("dogs", "dog"),
        ("people", "people"),
        ("geese", "goose"),
        ("two men", "man"),
        ("sports cars", "sports car"),
        ("someone walking a dog", "someone"),
        ("a group of people", "people"),
        ("a dog's bowl", "bowl"),
        ("is there a dog on the sofa", "dog"),
        ("how many people", "people"),
        ("a picture of a cat", "cat"),  # what a picture shows
        ("a grown-up", "grownup"),
    ],
)
def test_head_nouns(cats, phrase, head):
    assert cats.head_nouns(phrase)[0] == head


# (phrase, classes it must cover, classes it must not cover)
CATEGORY_CASES = [
    ("a hot drink", {"espresso", "red wine"}, {"tabby cat", "Egyptian Mau", "coffee mug", "taxicab"}),
    ("a beverage", {"espresso", "eggnog"}, {"tabby cat", "water bottle"}),
    (
        "an animal",
        {"tabby cat", "goldfish", "ostrich", "Labrador Retriever", "tarantula"},
        {"taxicab", "espresso"},
    ),
    (
        "a dog",
        {"Labrador Retriever", "Chihuahua", "Pembroke Welsh Corgi"},
        {"tabby cat", "red fox", "hot dog"},
    ),
    ("a cat", {"tabby cat", "Egyptian Mau", "Persian cat"}, {"Chihuahua", "catamaran"}),
    ("a vehicle", {"taxicab", "moped", "airliner", "fire truck", "tractor"}, {"espresso", "tabby cat"}),
    ("food", {"cheeseburger", "pizza", "banana"}, {"tabby cat", "taxicab"}),
    ("a building", {"church", "palace", "barn"}, {"taxicab", "banana"}),
    ("furniture", {"rocking chair", "dining table", "bookcase"}, {"espresso", "church"}),
    ("an instrument", {"acoustic guitar", "grand piano", "violin"}, {"tabby cat", "banana", "assault rifle"}),
    (
        "a container",
        {"beer bottle", "bucket", "coffee mug", "tea cup"},
        {"taxicab", "wheelbarrow", "espresso"},
    ),
    ("a table", {"dining table", "desk"}, {"tabby cat"}),
    ("a tool", {"hammer", "screwdriver", "shovel"}, {"violin", "tabby cat"}),
    ("clothing", {"T-shirt", "cardigan", "sock"}, {"tabby cat", "taxicab"}),
    ("a bird", {"ostrich", "goldfinch", "bald eagle", "hen"}, {"tabby cat", "airliner"}),
    ("fruit", {"banana", "strawberry", "orange", "Granny Smith apple"}, {"comic book", "tabby cat"}),
    ("vehicles", {"taxicab", "school bus"}, {"espresso"}),
    ("a cow", {"ox"}, {"tabby cat", "espresso"}),
    ("a puppy", {"Labrador Retriever"}, {"tabby cat"}),
    (
        "a stallion",
        {"common sorrel horse"},
        {"tabby cat", "Labrador Retriever"},
    ),  # two steps up: male horse, horse
    ("a pagoda", {"stupa", "church"}, {"taxicab", "tabby cat"}),  # temple, place of worship
    ("a cuppa", {"espresso"}, {"tabby cat"}),  # tea, a drink
    ("the moggy", {"tabby cat", "Egyptian Mau"}, {"moped", "Labrador Retriever"}),  # informal: a cat
]


@pytest.mark.parametrize(("phrase", "covers", "excludes"), CATEGORY_CASES, ids=[c[0] for c in CATEGORY_CASES])
def test_category_relevance(cats, phrase, covers, excludes):
    got = names_of(cats.relevance(phrase))
    assert covers <= got, covers - got
    assert not (excludes & got), excludes & got


@pytest.mark.parametrize("phrase", ["a thing", "something", "an object", "an item", "stuff", "anything"])
def test_vague_words_name_no_category(cats, phrase):
    assert not cats.relevance(phrase).any()


# -- people and faces --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "phrase",
    ["someone", "a person", "people", "a man", "two women", "anybody", "a crowd",
     "a pedestrian", "a guy", "somebody", "a group of people", "the man with a dog", "a driver",
     "a young woman", "humans", "everyone"],
)  # fmt: skip
def test_person_phrases(cats, phrase):
    assert cats.channels(phrase) == (1.0, 0.0)


@pytest.mark.parametrize(
    "phrase",
    ["workers", "a police officer", "a cyclist", "an astronaut", "the chef", "kids", "a child", "a grown-up"],
)
def test_kinds_of_person_weigh_less_than_anyone(cats, phrase):
    from streamvu.answerers.grounded.categories import KIND_WEIGHT

    assert cats.channels(phrase) == (KIND_WEIGHT, 0.0) and 0.5 <= KIND_WEIGHT < 1.0  # still people


@pytest.mark.parametrize("phrase", ["a face", "faces", "a human face"])
def test_face_phrases(cats, phrase):
    assert cats.channels(phrase) == (0.0, 1.0)


@pytest.mark.parametrize(
    "phrase", ["a dog", "a hot dog", "a boxer", "a monitor", "espresso", "a car", "something", "a building"]
)
def test_things_are_no_people(cats, phrase):
    assert cats.channels(phrase) == (0.0, 0.0)


def view(probs=None, **kw) -> EntryView:
    p = np.zeros(1000, np.float32) if probs is None else probs
    return EntryView(0.0, 1.0, p, np.zeros(4, np.float32), **kw)


def test_scores_read_people_and_faces():
    scorer = StubScorer()
    nobody = view()
    body = view(people=2, person_score=0.8)
    face = view(faces=1, face_score=0.6)
    cat = np.zeros(1000, np.float32)
    cat[index("tabby cat")] = 0.9
    kitty = view(cat)
    someone = scorer.scores("someone", [nobody, body, face, kitty])
    assert someone.tolist() == pytest.approx([0.0, 0.8, 0.6, 0.0])  # a face is a person on screen
    faces = scorer.scores("a face", [nobody, body, face, kitty])
    assert faces.tolist() == pytest.approx([0.0, 0.0, 0.6, 0.0])  # a body is no face
    cats_ = scorer.scores("a cat", [nobody, body, face, kitty])
    assert cats_.tolist() == pytest.approx([0.0, 0.0, 0.0, 0.9])
    assert scorer.is_person_phrase("how many people") and not scorer.is_person_phrase("a cat")
    assert scorer.is_face_phrase("faces") and not scorer.is_face_phrase("people")
    assert [body.person_count, face.person_count, nobody.person_count] == [2, 1, 0]


def test_a_kind_of_person_needs_a_person_seen_not_only_their_surroundings(scorer, cats):
    """ "An astronaut" is near "space shuttle" in text and "a chef" near "restaurant": on a picture of the
    shuttle or an empty restaurant no such person is seen; with a person seen, the surroundings say which
    kind. What people wear (a military uniform) and classes that are people (scuba diver) count alone."""

    def only(name: str, p: float = 0.9) -> np.ndarray:
        probs = np.zeros(1000, np.float32)
        probs[index(name)] = p
        return probs

    shuttle, restaurant, uniform = only("space shuttle"), only("restaurant"), only("military uniform")
    empty = [view(shuttle), view(restaurant), view(uniform), view(only("scuba diver"))]
    astronaut, chef, soldier, diver = (
        scorer.scores(p, empty) for p in ("an astronaut", "a chef", "a soldier", "a diver")
    )
    assert astronaut[0] < 0.05 and chef[1] < 0.05, (astronaut, chef)  # surroundings alone
    assert soldier[2] >= 0.5 and diver[3] >= 0.5, (soldier, diver)  # worn, or a person class
    seen = [view(shuttle, people=1, person_score=0.9), view(restaurant, people=1, person_score=0.9)]
    with_person = scorer.scores("an astronaut", seen)[0], scorer.scores("a chef", seen)[1]
    plain = scorer.scores("someone", seen)
    assert (
        min(with_person) > 0.3
        and with_person[1] > scorer.scores("a chef", [view(people=1, person_score=0.9)])[0]
    )
    assert plain.tolist() == pytest.approx([0.9, 0.9])
    assert {"military uniform", "bow tie", "sombrero", "scuba diver"} <= {
        NAMES[i] for i in np.flatnonzero(cats.bodily())
    }
    assert not {"space shuttle", "restaurant", "tabby cat"} & {
        NAMES[i] for i in np.flatnonzero(cats.bodily())
    }


def test_background_mass_over_a_wide_category_is_no_sighting():
    """0.05% on each class is 20% on the ~400 animals: a category counts only classes of 1% or more."""
    scorer = StubScorer()
    diffuse = np.full(1000, 0.0005, np.float32)
    clear = diffuse.copy()
    clear[index("goldfish")] = 0.4
    animal = scorer.scores("an animal", [view(diffuse), view(clear)])
    assert animal[0] < 0.05 and animal[1] >= 0.4
    assert scorer.relevance("an animal")[index("goldfish")] == 1.0


def test_everyday_kinds_of_classes():
    scorer = StubScorer()
    kinds = {
        n: scorer.kind_of(n) for n in ("Labrador Retriever", "espresso", "taxicab", "tabby cat", "banana")
    }
    assert kinds == {
        "Labrador Retriever": "dog",
        "espresso": "drink",
        "taxicab": "car",
        "tabby cat": "cat",
        "banana": "fruit",
    }
    assert scorer.kind_of("not a class") is None


def test_stub_scorer_relevance_is_wordnet_alone():
    rel = StubScorer().relevance("a drink")
    assert rel[index("espresso")] == 1.0 and rel[index("tabby cat")] == 0.0


# -- the real scorer (MiniLM + head rows + WordNet) --------------------------------------------------
def test_real_scorer_understands_categories(scorer):
    espresso = np.zeros(1000, np.float32)
    espresso[index("espresso")] = 0.87
    espresso[index("coffee mug")] = 0.05
    cat = np.zeros(1000, np.float32)
    cat[index("Egyptian Mau")] = 0.6
    cat[index("tabby cat")] = 0.3
    taxi = np.zeros(1000, np.float32)
    taxi[index("taxicab")] = 0.9
    entries = [view(espresso), view(cat), view(taxi)]
    drink = scorer.scores("a hot drink", entries)
    assert drink[0] >= 0.85 and drink[1] < 0.1 and drink[2] < 0.1
    animal = scorer.scores("an animal", entries)
    assert animal[1] >= 0.85 and animal[0] < 0.1 and animal[2] < 0.1
    vehicle = scorer.scores("a vehicle", entries)
    assert vehicle[2] >= 0.85 and vehicle[0] < 0.1 and vehicle[1] < 0.1
    # a word WordNet lacks still works through MiniLM
    assert scorer.relevance("kitty")[index("tabby cat")] > 0.5
    # nothing is everything
    assert scorer.scores("something", entries).max() < 0.5


@pytest.mark.parametrize(
    ("phrase", "key"),
    [
        ("horse", "a horse"),
        ("the horse", "a horse"),
        ("my coffee", "a coffee"),
        ("any animal", "an animal"),
        ("the flowers", "flowers"),
        ("the old coins", "old coins"),
        ("the woman in navy uniform", "a woman in navy uniform"),
        ("a cat", "a cat"),
        ("someone", "someone"),
        ("people", "people"),
        ("two cats", "two cats"),
    ],
)
def test_a_thing_is_embedded_the_same_however_it_is_introduced(phrase, key):
    assert text_key(phrase) == key


def test_the_and_a_bare_word_score_as_a(scorer):
    """ "the horse", "horse" and "a horse" are one thing: the same relevance over the classes."""
    for word in ("horse", "flower", "cat"):
        rows = [scorer.relevance(p) for p in (word, f"the {word}", f"a {word}")]
        assert np.array_equal(rows[0], rows[2]) and np.array_equal(rows[1], rows[2])
