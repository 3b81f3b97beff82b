"""Open-vocabulary phrase scores from a closed-set classifier.

The embedded encoder reads each memory entry as probabilities over the 1000 ImageNet classes. A
phrase ("a cat", "a cup of coffee", an option's text) is scored against an entry as the probability
mass of the classes that mean it:

    score(phrase, entry) = sum_c p_entry(c) * relevance(phrase, c)            in [0, 1]

``relevance`` comes from two sources. The text similarity (MiniLM cosine) between the phrase and
each class name, rescaled so that unrelated names count 0 and close names count 1; and, because
fine-grained names ("Egyptian Mau", "moped") are far in text from the everyday word ("a cat", "a
motorcycle"), the classifier's own geometry: a class whose head row points the same way as a
class the phrase names (cosine of the rows) inherits that relevance. So "a cat" covers "Egyptian
Mau" through "tabby cat", and "coffee" covers "espresso" through "coffee mug". A third source is
WordNet (``categories``): a class is relevant (1.0) to a phrase whose head noun names one of its
hypernyms ("a hot drink" covers espresso, "an animal" every animal class). The three combine by max.

People and faces are no ImageNet classes; detectors give each entry a person and a face score, and a
phrase that means a person ("someone", "two men", "people") or a face scores the entry by them too:

    score = max(sum_c p(c) * text(c), sum_{c: p(c) >= 0.01} p(c) * wordnet(c),
                person_w * max(person_score, face_score), face_w * face_score)

For a phrase that means a person, the text sum counts the classes that are no person and nothing worn
("a chef": restaurant, stove; "an astronaut": space shuttle) only as far as a person is seen: they are
where such a person is, not the person (an empty restaurant shows no chef). Classes that are people
(scuba diver) or worn (military uniform, sombrero) count by themselves.

(the WordNet sum skips classes below 1%: over a category of hundreds of classes, background mass adds up).

A face counts as a person (a visible face is a person on screen; a person seen from behind is no face).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import torch

from streamvu.answerers.grounded.categories import Categories, plain_words

# text cosine (MiniLM) -> relevance: below TEXT_LO unrelated (0), at or above TEXT_HI the same thing (1)
TEXT_LO, TEXT_HI = 0.35, 0.65
# classifier head-row cosine -> how much relevance a class inherits from a neighbour the phrase names
HEAD_LO, HEAD_HI = 0.15, 0.35
# class probabilities below this do not count toward a WordNet category: a category spans up to ~400
# classes, and the classifier's background mass over so many adds up to a false "yes" (an animal on a
# photo of coins). Measured in benchmarks/category_precision.py.
CATEGORY_FLOOR = 0.01
# mean class probability from which a scene's class is said as seen; below it, as a guess
SURE = 0.3


@dataclass(frozen=True)
class EntryView:
    """What the grounded answerer knows of one memory entry.

    start, end: its span in seconds. probs: (1000,) class probabilities of its pooled features.
    vkey: unit-norm pooled features (to cut scenes).
    shown: when its content was first on screen (its first frame's time; its span starts at the frame
        before), or None to use ``start``.
    people, faces: how many people / faces its frames show (the most in one frame); person_score,
        face_score: the strongest such detection in [0, 1] (>= 0.5 a clear one, 0.0 none).
    motion: motion energy in [0, 1]; cut: in [0, 1], >= 0.5 when a shot boundary lies just before it.
    moving: when its frames moved (first, last time) or None; cuts: times of its frames that start a shot.
    people_keys: one visual key per person seen, to tell people apart (see :mod:`.identities`).
    """

    start: float
    end: float
    probs: np.ndarray
    vkey: np.ndarray
    shown: float | None = None
    people: int = 0
    person_score: float = 0.0
    faces: int = 0
    face_score: float = 0.0
    motion: float = 0.0
    cut: float = 0.0
    moving: tuple[float, float] | None = None
    cuts: tuple[float, ...] = ()
    people_keys: tuple[np.ndarray, ...] = field(default=(), compare=False, repr=False)

    @property
    def first_seen(self) -> float:
        return self.start if self.shown is None else self.shown

    @property
    def mid(self) -> float:
        return 0.5 * (self.start + self.end)

    @property
    def moved(self) -> float:
        """1.0 when some of its frames moved (``moving`` is set), else 0.0."""
        return 0.0 if self.moving is None else 1.0

    @property
    def person_count(self) -> int:
        """People on screen: the person detections, or the faces where more faces than bodies were found."""
        return max(self.people, self.faces)

    @property
    def person_evidence(self) -> float:
        """How surely a person is on screen: the strongest person or face detection."""
        return max(self.person_score, self.face_score)


class EntryViews(list):
    """A time-ordered list of :class:`EntryView` with their probabilities (``probs``, (n, C)) and visual
    keys (``vkeys``, (n, D)) stacked once: every phrase score and scene cut of a question reads these
    instead of restacking the entries. ``memo`` holds what a question computes once over them."""

    def __init__(
        self,
        views: Sequence[EntryView] = (),
        probs: np.ndarray | None = None,
        vkeys: np.ndarray | None = None,
    ) -> None:
        """``probs``/``vkeys``: the views' rows already stacked (else they are stacked here)."""
        super().__init__(views)
        empty = np.zeros((0, 0), np.float32)
        self.probs = probs if probs is not None else np.stack([v.probs for v in views]) if views else empty
        self.vkeys = vkeys if vkeys is not None else np.stack([v.vkey for v in views]) if views else empty
        self.memo: dict = {}

    def floored(self) -> np.ndarray:
        """``probs`` with strengths below :data:`CATEGORY_FLOOR` zeroed (what categories read), built once."""
        if "floored" not in self.memo:
            self.memo["floored"] = np.where(self.probs >= CATEGORY_FLOOR, self.probs, 0.0).astype(np.float32)
        return self.memo["floored"]

    def column(self, name: Column) -> np.ndarray:
        """(n,) float array of one of :data:`COLUMNS` over the views, built once."""
        key = ("column", name)
        if key not in self.memo:
            self.memo[key] = np.array([COLUMNS[name](v) for v in self], dtype=np.float64)
        return self.memo[key]


Column = Literal[
    "start", "end", "first_seen", "person_evidence", "person_count", "face_score", "motion", "cut", "moved"
]
COLUMNS: dict[str, Callable[[EntryView], float]] = {
    "start": lambda v: v.start,
    "end": lambda v: v.end,
    "first_seen": lambda v: v.first_seen,
    "person_evidence": lambda v: v.person_evidence,
    "person_count": lambda v: v.person_count,
    "face_score": lambda v: v.face_score,
    "motion": lambda v: v.motion,
    "cut": lambda v: v.cut,
    "moved": lambda v: v.moved,
}
"""The :class:`EntryView` values that questions read over many entries at once, as arrays."""


def mean_probs(entries: Sequence[EntryView], idx: Sequence[int]) -> np.ndarray:
    """(C,) mean class strengths over entries ``idx`` (a slice of the stacked rows when ``idx`` is a
    range of :class:`EntryViews`)."""
    if isinstance(entries, EntryViews) and isinstance(idx, range) and idx.step == 1 and len(idx):
        return entries.probs[idx.start : idx.stop].mean(axis=0)
    return np.mean([entries[i].probs for i in idx], axis=0)


def column(entries: Sequence[EntryView], name: Column) -> np.ndarray:
    """(n,) array of one of :data:`COLUMNS` over ``entries`` (built once for :class:`EntryViews`)."""
    if isinstance(entries, EntryViews):
        return entries.column(name)
    return np.array([COLUMNS[name](v) for v in entries], dtype=np.float64)


_POINTING = frozenset("the this that my our your his her their its any some".split())
_JOINING = frozenset("with in on at of holding wearing carrying riding near by".split())
_PRONOUNS = frozenset("it they them this that these those he she him her me us you".split())
_PLURAL_WORDS = frozenset(
    "people men women children kids folks police cattle sheep fish mice geese feet teeth".split()
)


def text_key(phrase: str) -> str:
    """The wording a phrase is embedded as: one thing with "a"/"an" ("horse", "the horse", "my horse" ->
    "a horse"), several without a determiner ("the flowers" -> "flowers"). Class names carry no
    determiner, and a bare word or "the" moves the embedding: "horse" alone is near 5 classes, "a horse" 3
    (the calibration's phrases say "a"), so the same thing named either way would be seen differently."""
    words = phrase.strip().lower().split()
    if not words or not all(w.isalpha() for w in words) or words[0] in ("a", "an"):
        return " ".join(words)
    if words[0] in _POINTING and len(words) > 1:
        words = words[1:]
    noun = next((i for i, w in enumerate(words) if w in _JOINING), len(words))
    head = words[noun - 1] if noun else words[-1]
    if head.endswith(("one", "body", "thing")) or head in _PLURAL_WORDS or head in _PRONOUNS:
        return " ".join(words)
    if head.endswith("s") and not head.endswith(("ss", "us", "is")) or words[0].isdigit():
        return " ".join(words)
    return ("an " if words[0][0] in "aeiou" else "a ") + " ".join(words)


class PhraseScorer:
    """Scores phrases against entries; see the module docstring.

    class_keys: (C, 384) unit embeddings of the class names; head: (C, D) classifier rows;
    embed: the text embedder's ``embed`` (list of texts -> (n, 384)); class_names: the C names.
    categories: the WordNet categories of the classes; by default the shipped ImageNet-1k table when
        there are 1000 classes (in that order), else none (people and faces are still read).
    wordnet: False to score classes by text similarity alone (to measure what the categories add).
    """

    def __init__(
        self,
        class_names: Sequence[str],
        class_keys: np.ndarray,
        head: torch.Tensor,
        embed,
        categories: Categories | None = None,
        wordnet: bool = True,
    ) -> None:
        self.class_names = tuple(class_names)
        self.categories = Categories() if categories is None else categories
        self._use_categories = wordnet and self.categories.num_classes == len(self.class_names)
        self._name_index = {name: i for i, name in reversed(list(enumerate(self.class_names)))}
        self.class_keys = class_keys
        rows = head.detach().float().cpu()
        rows = rows / rows.norm(dim=1, keepdim=True).clamp_min(1e-12)
        near = (rows @ rows.T).numpy()
        np.fill_diagonal(near, 0.0)
        self._inherit = np.clip((near - HEAD_LO) / (HEAD_HI - HEAD_LO), 0.0, 1.0).astype(np.float32)
        self._embed = embed
        # classes that are people or worn by them (see the module docstring); without categories, all
        self._bodily = self.categories.bodily() if self._use_categories else np.ones(len(class_names), bool)
        self._cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._lock = threading.Lock()

    def prepare(self, phrases: Sequence[str]) -> None:
        """Compute the relevance of several phrases at once (one batch through the text embedder)."""
        keys = [k for k in dict.fromkeys(p.strip().lower() for p in phrases if p.strip())]
        with self._lock:
            missing = [k for k in keys if k not in self._cache]
        if not missing:
            return
        sims = self._embed([text_key(plain_words(k)) for k in missing]) @ self.class_keys.T  # (n, C)
        for key, row in zip(missing, sims, strict=True):
            direct = np.clip((row - TEXT_LO) / (TEXT_HI - TEXT_LO), 0.0, 1.0).astype(np.float32)
            inherited = (self._inherit * direct[None, :]).max(axis=1)
            text = np.maximum(direct, inherited)
            category = self.categories.relevance(key) if self._use_categories else np.zeros_like(text)
            with self._lock:
                self._cache[key] = (text, category)

    def _relevances(self, phrase: str) -> tuple[np.ndarray, np.ndarray]:
        key = phrase.strip().lower()
        self.prepare([key])
        with self._lock:
            return self._cache[key]

    def relevance(self, phrase: str) -> np.ndarray:
        """(C,) how much each class means ``phrase``, in [0, 1] (cached per phrase): the text and the
        WordNet relevance, whichever is higher."""
        text, category = self._relevances(phrase)
        return np.maximum(text, category)

    def channels(self, phrase: str) -> tuple[float, float]:
        """(person weight, face weight) in [0, 1]: how much ``phrase`` means a person / a face."""
        with self._lock:
            return self.categories.channels(phrase.strip().lower())

    def is_person_phrase(self, phrase: str) -> bool:
        """Whether ``phrase`` means people ("someone", "a man", "people", "kids"): count them with
        ``EntryView.person_count``."""
        return self.channels(phrase)[0] >= 0.5

    def is_face_phrase(self, phrase: str) -> bool:
        """Whether ``phrase`` means faces ("a face", "faces"): count them with ``EntryView.faces``."""
        return self.channels(phrase)[1] >= 0.5

    def scores(self, phrase: str, entries: Sequence[EntryView]) -> np.ndarray:
        """(len(entries),) score of ``phrase`` on each entry, in [0, 1] (see the module docstring)."""
        if not entries:
            return np.zeros(0, dtype=np.float32)
        probs = entries.probs if isinstance(entries, EntryViews) else np.stack([e.probs for e in entries])
        text, category = self._relevances(phrase)
        person_w, face_w = self.channels(phrase)
        if person_w > 0.0:  # a person's surroundings count only as far as a person is seen
            out = probs @ np.where(self._bodily, text, 0.0).astype(np.float32)
            out = out + np.minimum(
                probs @ np.where(self._bodily, 0.0, text).astype(np.float32),
                column(entries, "person_evidence"),
            )
        else:
            out = probs @ text
        if category.any():
            floored = (
                entries.floored()
                if isinstance(entries, EntryViews)
                else np.where(probs >= CATEGORY_FLOOR, probs, 0.0)
            )
            out = np.maximum(out, floored @ category)
        if person_w > 0.0:
            out = np.maximum(out, person_w * column(entries, "person_evidence"))
        if face_w > 0.0:
            out = np.maximum(out, face_w * column(entries, "face_score"))
        return np.clip(out, 0.0, 1.0).astype(np.float32)

    def kind_of(self, class_name: str) -> str | None:
        """The everyday kind of a class ("Labrador Retriever" -> "dog", "espresso" -> "drink"), for
        captions such as "a dog (Labrador Retriever 64%)"; None when none fits or without categories."""
        if not self._use_categories or class_name not in self._name_index:
            return None
        return self.categories.kind_of(self._name_index[class_name])

    def top_classes(self, probs: np.ndarray, k: int = 3, min_prob: float = 0.05) -> list[tuple[str, float]]:
        """The ``k`` most probable class names of (C,) class strengths (at least the first; the rest only
        when at least ``min_prob``), merged (at most 1.0) when two classes share a name."""
        out: dict[str, float] = {}
        m = min(3 * k, len(probs))
        # the m strongest, ties by class index (as a stable sort of the whole row gives), in that order
        floor = probs[np.argpartition(-probs, m - 1)[m - 1]]
        above = np.flatnonzero(probs > floor)
        top = np.concatenate([above, np.flatnonzero(probs == floor)[: m - len(above)]])
        for i in top[np.lexsort((top, -probs[top]))]:
            name = self.class_names[int(i)]
            out[name] = min(1.0, out.get(name, 0.0) + float(probs[int(i)]))
        ranked = sorted(out.items(), key=lambda kv: -kv[1])
        return [ranked[0]] + [kv for kv in ranked[1:k] if kv[1] >= min_prob]
