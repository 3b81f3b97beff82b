"""Categories of ImageNet classes from WordNet: "a drink" covers espresso, "an animal" every animal.

ImageNet-1k's classes are WordNet 3.0 noun synsets. ``data/imagenet_wordnet.json.gz`` (made by
``scripts/make_wordnet_table.py`` from the WordNet database files) holds, for each class in the
classifier's output order, its synset and every hypernym of it, plus the noun senses of the words that
name those synsets. A phrase's head noun ("a hot drink" -> drink, "the red cars" -> car, "someone" ->
person) is looked up there, and every class whose hypernym closure holds one of its senses is relevant
to it (1.0).

Which senses: the first sense that leads to some class, and any later one at least a fifth as frequent
in WordNet's tagged corpus ("plant": the works and the flora; "table": furniture and a laid table;
"drink": beverage, its third sense; "dog": the animal, not the frankfurter). A sense outside every
closure still reaches the classes under its direct hypernym when that hypernym is narrow, at 0.7
("a cow" -> cattle -> ox; "a latte" -> espresso; "a puppy" -> dog), for a word's first sense only and
through its narrowest such hypernym ("a cup": crockery, not container). Synsets above almost every
class (entity, object, whole, artifact) count for nothing, and vague words ("a thing", "something",
"an object", "an item", "stuff") name no category, so they do not make everything relevant. Adjectives
are dropped: "a hot drink" is every drink (WordNet does not say which are hot). A few everyday words
get the sense people film (INSTEAD_SENSES, EXTRA_SENSES below).

People and faces are channels of their own (detectors, not classes): ``channels(phrase)`` says how much
a phrase means a person ("someone", "a man", "kids", "people", "a crowd", "a pedestrian") and a face.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from importlib import resources

import numpy as np

# synsets above more classes than this say nothing (entity 1000, physical entity 997, object 958, whole
# 949, artifact 522); the broadest kept is "animal"-level (living thing 410, animal 398)
BROAD_CLASSES = 500
# a later sense counts when it is at least this frequent relative to the first sense that reaches a class
SENSE_SHARE = 0.2
# relevance of the classes under a narrow direct hypernym of a sense outside every closure
PARENT_RELEVANCE = 0.7
PERSON = 7846  # person.n.01

DETERMINERS = frozenset(
    "a an the any some every each this that these those my your his her its our their one two three four "
    "five six seven eight nine ten many several few more most other another all no only single".split()
)
# words that end the noun phrase: prepositions, conjunctions, common verbs and auxiliaries
BREAKS = frozenset(
    "with without in on at near by from to into onto for under over behind beside above below through "
    "across around inside outside next while who which that whose is are was were be been being am has "
    "have had does do did can could will would appears appear appeared enters enter shows show comes "
    "come moves move walks walk runs run sits sit stands stand holds hold wearing holding riding "
    "sitting standing walking running doing looking".split()
)
QUESTION_WORDS = frozenset("there here what when where which how many much whether if ever".split())
# "a cup of coffee" means the cup and the coffee; "a group of people" means the people
OF_MEASURES = frozenset(
    "cup cups glass glasses bottle bottles mug mugs bowl bowls plate plates can cans".split()
)
OF_EMPTY = frozenset(
    "piece pieces kind kinds type types sort sorts group groups bunch bunches pair pairs lot lots set sets "
    "couple number crowd crowds herd herds flock flocks pack packs team teams "
    "picture pictures photo photos photograph photographs image images painting paintings".split()
)
# person words WordNet files elsewhere (people: a group; human: a hominid; driver: an operator, a causal
# agent beside person) or not as nouns at all
PERSON_WORDS = frozenset(
    "people persons human humans someone somebody anyone anybody everyone "
    "everybody folks folk crowd audience family couple person driver".split()
) | {"human being"}
# people as anyone might be: a person seen may be called any of these; other person words name a kind
# of person (an astronaut, a chef, a navy officer, a child) that a detector cannot check (KIND_WEIGHT)
ANY_PERSON = PERSON_WORDS | frozenset(
    "man men woman women guy guys lady ladies gentleman gentlemen individual individuals visitor "
    "visitors stranger strangers pedestrian pedestrians passerby passersby figure figures".split()
)
KIND_WEIGHT = 0.6
"""The person weight of a kind of person no detector can check: a person seen is "an astronaut" less
surely than "someone", so an option whose description is partly seen ("a woman in uniform", the uniform
read at 30%) is chosen over one that names only an unchecked kind."""
# words that name no category (WordNet files them under object, whole, part, material)
VAGUE = frozenset(
    "thing something anything everything nothing object item stuff entity whole unit artifact artefact "
    "physical object physical entity".split()
) | {"physical object", "physical entity"}
# everyday words whose first WordNet sense is not the one people film: INSTEAD replaces the word's
# senses ("an instrument" is a musical one, not WordNet's means to an end: rifles, clocks), EXTRA adds
# ("food" is the nutrient first, the solid food -- fruit, bread -- only in a sense too rare to count;
# WordNet files buses and trains under public transport, beside vehicle)
INSTEAD_SENSES = {"instrument": "musical instrument"}
EXTRA_SENSES = {
    "food": ("solid food",),
    "vehicle": ("public transport",),
    "kitten": ("cat",),
    "tv": ("television",),
}
# everyday words WordNet 3.0 lacks or files elsewhere first ("kitty" is a pool of money first), read as
# the word they mean
INFORMAL = {
    "moggy": "cat",
    "moggie": "cat",
    "kitty": "cat",
    "doggo": "dog",
    "pupper": "dog",
    "telly": "television",
    "spacewoman": "astronaut",
    "spaceman": "astronaut",
    "cosmonaut": "astronaut",
}


def plain_words(phrase: str) -> str:
    """``phrase`` with each :data:`INFORMAL` word as the word it means ("the moggy" -> "the cat"), for the
    text embedding (which reads "moggy" as near "moped")."""
    return re.sub(r"[a-z]+", lambda m: INFORMAL.get(m.group(0), m.group(0)), phrase)


# everyday kinds a class is named by in captions ("a dog (Labrador 64%)"): the narrowest that holds it
KINDS = (
    "dog cat bird fish snake lizard turtle frog insect spider crab monkey ape bear horse cattle sheep pig "
    "rabbit mouse fox wolf whale shark butterfly beetle reptile amphibian animal car truck bus bicycle "
    "motorcycle boat ship aircraft train vehicle drink fruit vegetable food flower plant fungus chair table "
    "bed furniture tool weapon clothing hat shoe building bridge toy ball computer telephone clock "
    "lamp"
).split() + ["big cat", "musical instrument", "kitchen utensil"]
# what people wear, as WordNet files it: clothing, and the hats and shoes it files apart
WORN = ("clothing", "headdress", "footwear")
NOUN_SUFFIXES = (("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
                 ("ies", "y"), ("s", ""))  # fmt: skip


@lru_cache(maxsize=1)
def wordnet_table() -> dict:
    """The committed table (see the module docstring); loaded once."""
    raw = resources.files(__package__).joinpath("data").joinpath("imagenet_wordnet.json.gz").read_bytes()
    return json.loads(gzip.decompress(raw))


class Categories:
    """WordNet categories over the 1000 ImageNet classes, in the classifier's output order."""

    def __init__(self, table: dict | None = None) -> None:
        t = wordnet_table() if table is None else table
        self.wnids: tuple[str, ...] = tuple(t["wnids"])
        self.synsets: dict[int, tuple[str, ...]] = {int(o): tuple(ls) for o, ls in t["synsets"].items()}
        self._senses: dict[str, list] = t["senses"]
        self._person = frozenset(t["person"]) | PERSON_WORDS
        self._face = frozenset(t["face"])
        self._exc: dict[str, str] = t["exc"]
        self._known = (
            frozenset(self._senses)
            | self._person
            | self._face
            | frozenset(EXTRA_SENSES)
            | frozenset(INSTEAD_SENSES)
            | VAGUE
        )
        self.closure: tuple[frozenset[int], ...] = tuple(frozenset(c) for c in t["closure"])
        self._class_of = {int(w[1:]): i for i, w in enumerate(self.wnids)}
        members: dict[int, list[int]] = {}
        for i, closure in enumerate(self.closure):
            for o in closure:
                members.setdefault(o, []).append(i)
        self._members = {o: np.asarray(ix, dtype=np.int64) for o, ix in members.items()}
        self._cache: dict[str, np.ndarray] = {}
        self._kinds: tuple[str | None, ...] | None = None

    @property
    def num_classes(self) -> int:
        return len(self.wnids)

    # -- words ---------------------------------------------------------------------------------------
    def lemma(self, word: str) -> str | None:
        """The base form of ``word`` that the table knows ("dogs" -> dog, "people" -> people,
        "geese" -> goose, "men" -> man), or None."""
        known = self._known
        if word in INFORMAL:
            return INFORMAL[word]
        if word in known:
            return word
        if word in self._exc:
            return self._exc[word]
        for suffix, repl in NOUN_SUFFIXES:
            if word.endswith(suffix) and len(word) > len(suffix) + 1:
                base = word[: len(word) - len(suffix)] + repl
                if base in known:
                    return base
        return None

    def head_nouns(self, phrase: str) -> list[str]:
        """The base forms of the head nouns of ``phrase`` (one per conjunct; "a cup of coffee" gives
        cup and coffee), [] when none is known."""
        # "grown-up" is WordNet's grownup; "t-shirt" is its "t shirt"
        joined = re.sub(
            r"\b([a-z]+)-([a-z]+)\b", lambda m: self._hyphened(m.group(1), m.group(2)), phrase.lower()
        )
        words = re.sub(r"'s\b", "", joined.replace("-", " "))
        words = re.sub(r"[^a-z ]+", " ", words).split()
        heads: list[str] = []
        for chunk in _conjuncts(words):
            parts = _split_of(chunk)
            for part in parts:
                head = self._head(part)
                if head is not None and head not in heads:
                    heads.append(head)
        return heads

    def _hyphened(self, a: str, b: str) -> str:
        """A hyphenated word as the table knows it: joined ("grownup") when it knows that, else spaced."""
        return f"{a}{b}" if self.lemma(f"{a}{b}") is not None else f"{a} {b}"

    def _head(self, words: list[str]) -> str | None:
        """The longest known noun (up to three words) that ends the run of words before a break, else
        the last known word of the run ("a dog sleeping" -> dog)."""
        run: list[str] = []
        for w in words:
            if not run and (w in DETERMINERS or w in BREAKS or w in QUESTION_WORDS):
                continue  # "is there a dog", "how many people"
            if w in BREAKS:
                break
            run.append(w)
        # an "-ing" word the table does not know ends the run ("someone walking a dog" -> someone)
        for i, w in enumerate(run[1:], start=1):
            if w.endswith("ing") and self.lemma(w) is None:
                run = run[:i]
                break
        for n in (3, 2, 1):
            if len(run) < n:
                continue
            gram = run[-n:]
            base = self.lemma(" ".join(gram))
            if base is None and n > 1 and (last := self.lemma(gram[-1])) is not None:
                base = self.lemma(" ".join([*gram[:-1], last]))  # "sports cars" -> sports car
            if base is not None:
                return base
        for w in reversed(run):
            base = self.lemma(w)
            if base is not None:
                return base
        return None

    # -- relevance -----------------------------------------------------------------------------------
    def senses(self, word: str) -> list[tuple[int, float]]:
        """(synset offset, weight) of the senses of ``word`` that reach classes (see the module
        docstring); offsets of narrow parents stand in for senses outside every closure."""
        if word in VAGUE:
            return []
        if word in INSTEAD_SENSES:
            return self.senses(INSTEAD_SENSES[word])
        out: dict[int, float] = {}
        primary = None
        for rank, (offset, count, parents) in enumerate(self._senses.get(word, [])):
            if offset:
                targets = [offset] if len(self.members(offset)) <= BROAD_CLASSES else []
            else:  # the narrowest direct hypernym ("cup": crockery, not container), never a person
                narrow = sorted((len(self.members(o)), o) for o in parents if o != PERSON)
                targets = [narrow[0][1]] if narrow and rank == 0 else []
            if not targets:
                continue
            if primary is None:
                primary = count
            elif count < SENSE_SHARE * primary:
                continue
            weight = 1.0 if offset else PARENT_RELEVANCE
            for o in targets:
                out[o] = max(out.get(o, 0.0), weight)
        for extra in EXTRA_SENSES.get(word, ()):
            for o, w in self.senses(extra):
                out[o] = max(out.get(o, 0.0), w)
        return list(out.items())

    def bodily(self) -> np.ndarray:
        """(C,) bool: the classes that are people (scuba diver) or that people wear (military uniform, bow
        tie, sombrero): evidence of a person by themselves, where any other class a person word is near
        ("a chef": restaurant; "an astronaut": space shuttle) is only a person's surroundings."""
        out = np.zeros(self.num_classes, dtype=bool)
        out[self.members(PERSON)] = True
        for word in WORN:
            for offset, _ in self.senses(word):
                out[self.members(offset)] = True
        return out

    def members(self, offset: int) -> np.ndarray:
        """Indices of the classes whose hypernym closure holds synset ``offset``."""
        return self._members.get(offset, np.zeros(0, dtype=np.int64))

    def relevance(self, phrase: str) -> np.ndarray:
        """(C,) relevance of each class to ``phrase`` through WordNet, in [0, 1] (all 0 when the phrase's
        head noun is unknown or names no class)."""
        key = phrase.strip().lower()
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        rel = np.zeros(self.num_classes, dtype=np.float32)
        for head in self.head_nouns(key):
            if head in PERSON_WORDS:  # "someone", "people": the classes that are people (scuba diver)
                rel[self.members(PERSON)] = 1.0
            for offset, weight in self.senses(head):
                ix = self.members(offset)
                rel[ix] = np.maximum(rel[ix], weight)
        self._cache[key] = rel
        return rel

    # -- people and faces ----------------------------------------------------------------------------
    def channels(self, phrase: str) -> tuple[float, float]:
        """(person weight, face weight) of ``phrase``: 1.0 where a head noun means a person as anyone
        may be called ("someone", "two men", "a child", "people"), :data:`KIND_WEIGHT` where it names a
        kind of person ("an astronaut", "the chef"), 1.0 for a face ("a face", "faces"), else 0.0."""
        heads = self.head_nouns(phrase)
        people = [h for h in heads if self._is_person(h)]
        anyone = any(h.split()[-1] in ANY_PERSON for h in people)  # "a young woman": a woman
        person = 0.0 if not people else 1.0 if anyone else KIND_WEIGHT
        face = any(h in self._face for h in heads)
        return (person, 1.0 if face else 0.0)

    def _is_person(self, word: str) -> bool:
        """A person word, unless it also names a class that is no person ("hot dog": a show-off first,
        and the sandwich ImageNet means)."""
        if word not in self._person:
            return False
        named = [o for o, _, _ in self._senses.get(word, []) if o in self._class_of]
        return all(PERSON in self.closure[self._class_of[o]] for o in named)

    def kind_of(self, index: int) -> str | None:
        """The everyday kind class ``index`` is ("Labrador Retriever" -> dog, "espresso" -> drink,
        "taxicab" -> car), the narrowest of ``KINDS`` above it; None when none is ("hook")."""
        if self._kinds is None:
            primary = [(k, o) for k in KINDS for o, w in self.senses(k) if w == 1.0]
            kinds: list[str | None] = []
            for closure in self.closure:
                held = [(len(self.members(o)), k) for k, o in primary if o in closure]
                kinds.append(min(held)[1] if held else None)
            self._kinds = tuple(kinds)
        return self._kinds[index]

    def hypernym_names(self, index: int) -> list[str]:
        """The first lemma of each synset in class ``index``'s closure (for readers and tests)."""
        return sorted(self.synsets[o][0] for o in self.closure[index])


def _conjuncts(words: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for w in words:
        if w in ("and", "or", "nor"):
            out.append([])
        else:
            out[-1].append(w)
    return [c for c in out if c]


def _split_of(words: list[str]) -> list[list[str]]:
    """``X of Y``: Y alone when X is a count word ("a group of people"), both for a measure ("a cup of
    coffee"), X alone otherwise ("the top of the hill" is the top)."""
    if "of" not in words:
        return [words]
    i = words.index("of")
    left, right = words[:i], words[i + 1 :]
    content = [w for w in left if w not in DETERMINERS]
    if not content or content[-1] in OF_EMPTY:
        return [right]
    if content[-1] in OF_MEASURES:
        return [left, right]
    return [left]
