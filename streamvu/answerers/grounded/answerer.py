"""The grounded answerer, the offline default (``--model grounded``; ``embedded`` is an alias): the evidence decides the answer.

Each memory entry up to the ask time is read by EfficientNet's ImageNet head (its pooled features and
windows of its tokens, :mod:`.regions`; never pruned tokens, so pruning cannot bias a yes/no towards
the asked thing); the question is read into its form
(:mod:`streamvu.answerers.reading`); the asked phrase is scored against every entry (:mod:`.vocabulary`); the form's
time logic (:mod:`.forms`, :mod:`.choices`) decides the answer and names what was seen and when.
SmolLM2 only rephrases, when asked to, and its rewrite is kept only if it adds nothing
(:mod:`.phrasing`). Multiple-choice options are scored with the same logic; ``choice_scoring``
"generate" and "likelihood" use SmolLM2 on the same evidence instead (for comparison).
"""

from __future__ import annotations

import dataclasses
import threading
import weakref
from collections.abc import Iterator, Sequence
from typing import Literal

import torch

from streamvu.answerers.base import Answerer, DecidedAnswer, FrameMatcher
from streamvu.answerers.embedded import SmolLM2Answerer
from streamvu.answerers.grounded.captions import grounded_caption
from streamvu.answerers.grounded.choices import choose
from streamvu.answerers.grounded.decide import Grounder, GroundingConfig
from streamvu.answerers.grounded.forms import decide
from streamvu.answerers.grounded.identities import people_keys
from streamvu.answerers.grounded.phrasing import rewrite_messages, unsupported
from streamvu.answerers.grounded.regions import seen_probs
from streamvu.answerers.grounded.values import Decision
from streamvu.answerers.grounded.vocabulary import EntryView, EntryViews, PhraseScorer
from streamvu.answerers.reading import read_question
from streamvu.encoders.efficientnet import EfficientNetLite0Encoder
from streamvu.encoders.text import TextEmbedder
from streamvu.messages import NOW_WINDOW_S, Context, Evidence, FrameTokens, MemoryEntry, Sightings

Phrasing = Literal["template", "rewrite"]


class EntryReadings:
    """Each memory entry's :class:`EntryView` (class strengths, unit visual key, sightings), built once
    per entry: memory never changes an entry (merging makes a new one), so a question over a long
    memory reads only the entries it has not seen before. Held by weak reference; at most ``limit``.

    :meth:`table` also keeps the last list of entries asked about as one :class:`EntryViews` (rows
    stacked, scenes cut once): further questions on an unchanged memory read it as it is."""

    def __init__(self, limit: int = 8192) -> None:
        self.limit = limit
        self._items: dict[int, tuple[weakref.ref, EntryView]] = {}
        self._lock = threading.Lock()
        # (the entries themselves, so their ids cannot be reused while kept; their ids; their table)
        self._last: tuple[tuple, tuple[int, ...], EntryViews] | None = None

    def table(self, entries, build) -> EntryViews:
        """The :class:`EntryViews` of ``entries``: the last one when the entries are the same objects in
        the same order, else ``build(entries)`` (kept for the next question)."""
        ids = tuple(map(id, entries))
        last = self._last
        if last is not None and last[1] == ids:
            return last[2]
        views = build(entries)
        self._last = (tuple(entries), ids, views)
        return views

    def get(self, entries, compute) -> list[EntryView]:
        """The views of ``entries``; ``compute(missing)`` builds the ones not yet seen."""
        with self._lock:
            found = [self._items.get(id(e)) for e in entries]
        views = [f[1] if f is not None and f[0]() is e else None for f, e in zip(found, entries, strict=True)]
        missing = [e for e, v in zip(entries, views, strict=True) if v is None]
        if missing:
            fresh = iter(compute(missing))
            with self._lock:
                if len(self._items) + len(missing) > self.limit:
                    self._items = {k: v for k, v in self._items.items() if v[0]() is not None}
                    if len(self._items) + len(missing) > self.limit:
                        self._items.clear()
                for i, (e, v) in enumerate(zip(entries, views, strict=True)):
                    if v is None:
                        views[i] = next(fresh)
                        self._items[id(e)] = (weakref.ref(e), views[i])
        return views


def _sighting_fields(seen: Sightings | None) -> dict:
    """The :class:`EntryView` fields read from an entry's or a frame's sightings (none: zeros)."""
    if seen is None:
        return {}
    return dict(
        people=seen.count("person"),
        person_score=seen.score("person"),
        faces=seen.count("face"),
        face_score=seen.score("face"),
        motion=float(seen.motion),
        cut=float(seen.cut),
        moving=seen.moving,
        cuts=seen.cuts,
    )


class GroundedAnswerer(Answerer):
    """See the module docstring. ``phrasing="rewrite"`` lets SmolLM2 rephrase (checked); the default
    "template" answers without running a language model at all."""

    name = "grounded"
    memory_scope = "all"
    reads_tokens = False  # decisions read pooled vectors and labels: pruning would change nothing

    def __init__(
        self,
        encoder: EfficientNetLite0Encoder,
        embedder: TextEmbedder,
        config: GroundingConfig | None = None,
        phrasing: Phrasing = "template",
        generator: SmolLM2Answerer | None = None,
        now_window_s: float = NOW_WINDOW_S,
    ) -> None:
        if phrasing not in ("template", "rewrite"):
            raise ValueError(f"phrasing must be 'template' or 'rewrite', got {phrasing!r}")
        self.encoder = encoder
        self.embedder = embedder
        self.config = config or GroundingConfig()
        self.now_window_s = now_window_s  # "now": the pipeline's QueryConfig.now_window_s
        self.phrasing = phrasing
        self.generator = generator or SmolLM2Answerer(encoder, embedder)  # SmolLM2 loads only if used
        self._grounder: Grounder | None = None
        self._lock = threading.Lock()
        self.rewrites = {"kept": 0, "rejected": 0}
        self._readings = EntryReadings()

    @property
    def grounder(self) -> Grounder:
        with self._lock:
            if self._grounder is None:
                scorer = PhraseScorer(
                    self.encoder.class_names,
                    self.generator.class_keys(),
                    self.encoder.classifier_weight,
                    self.embedder.embed,
                )
                self._grounder = Grounder(scorer, self.config, self.now_window_s)
            return self._grounder

    # -- the Answerer protocol -------------------------------------------------------------------
    def query_vector(self, question: str) -> torch.Tensor | None:
        """None: decisions read each entry's pooled features, so pruning need not favour the question."""
        return None

    def views(self, entries) -> EntryViews:
        """Entries as class probabilities of their pooled features (+ unit visual keys), built once per
        list of entries (a question on an unchanged memory reuses the last one)."""
        if not entries:
            return EntryViews()
        return self._readings.table(entries, self._table)

    def prepare(self, entries: Sequence[MemoryEntry]) -> None:
        """Read the entries now in memory (the ingest thread calls this as frames arrive): a question on
        this memory finds its table ready (:meth:`views`)."""
        if entries:
            self.views(list(entries))

    def _table(self, entries) -> EntryViews:
        views = self._readings.get(entries, self._read)
        # the earliest entry starts at its first frame (see _read)
        views[0] = dataclasses.replace(views[0], shown=float(entries[0].start))
        return EntryViews(views)

    def _read(self, entries) -> list[EntryView]:
        pooled = torch.stack([e.pooled.detach().to("cpu", torch.float32).reshape(-1) for e in entries])
        probs = seen_probs(
            self.encoder.class_probs,
            pooled,
            [e.tokens for e in entries],
            [e.grid for e in entries],
            [e.regions for e in entries],
        )
        keys = torch.nn.functional.normalize(pooled, dim=1).numpy()
        # an entry spans [the frame before its first frame, its last frame]: its first frame is one frame
        # step (span / frames) after its start
        return [
            EntryView(
                float(e.start),
                float(e.end),
                p,
                k,
                float(e.start + (e.end - e.start) / max(1, e.frames)),
                **_sighting_fields(e.sightings),
                people_keys=people_keys(e),
            )
            for e, p, k in zip(entries, probs.numpy(), keys, strict=True)
        ]

    def frame_matcher(self, question: str) -> FrameMatcher | None:
        """A future question's target scored on each new frame as on a memory entry: people and faces
        by the detectors, movement by the motion probe, things by the classifier (and their categories)."""
        target = read_question(question, "future").target
        if target is None:
            return None
        grounder = self.grounder
        if target.kind == "thing":
            grounder.scorer.prepare([target.phrase])

        def score(item: FrameTokens) -> float | None:
            pooled = item.pooled.detach().to("cpu", torch.float32).reshape(1, -1)
            probs = seen_probs(
                self.encoder.class_probs, pooled, [item.tokens], [item.grid], [item.regions]
            ).numpy()[0]
            key = torch.nn.functional.normalize(pooled, dim=1).numpy()[0]
            t = float(item.t)
            view = EntryView(t, t, probs, key, t, **_sighting_fields(item.sightings))
            return float(grounder.scores(target, [view])[0])

        return FrameMatcher(score, grounder.threshold(target), target.text)

    def decision(self, context: Context) -> Decision:
        """The grounded decision for ``context`` (a multiple-choice question: every option scored)."""
        q = context.question
        reading = read_question(q.text, q.mode, q.asked_at)
        entries = self.views(context.entries)
        phrases = [t.phrase for t in (reading.target, *reading.alternatives) if t is not None]
        self.grounder.scorer.prepare([*phrases, *q.options])
        if q.options:
            return choose(self.grounder, entries, reading, q.options, q.asked_at)
        return decide(self.grounder, entries, reading, q.asked_at)

    def decide(self, context: Context) -> DecidedAnswer:
        d = self.decision(context)
        return DecidedAnswer(d.text, d.evidence, d.choice, d.option_scores, d.as_dict())

    def phrase(self, context: Context, decided: DecidedAnswer) -> Iterator[str]:
        """The template, or SmolLM2's rewrite of it when that adds no content word or number."""
        if self.phrasing == "template" or decided.choice is not None:
            yield decided.text
            return
        rewrite = self.generator.llm.generate(
            rewrite_messages(context.question.text, decided.text), max_new_tokens=60, max_sentences=2
        )
        sources = [context.question.text, decided.text, *(e.trace for e in decided.evidence)]
        ok = bool(rewrite.strip()) and not unsupported(rewrite, sources)
        self.rewrites["kept" if ok else "rejected"] += 1
        yield rewrite if ok else decided.text

    def evidence(self, context: Context) -> list[Evidence]:
        return self.decision(context).evidence

    def stream(self, context: Context, evidence: list[Evidence]) -> Iterator[str]:
        """Generation by SmolLM2 on the grounded evidence (``choice_scoring="generate"``)."""
        return self.generator.stream(context, evidence)

    def option_logliks(self, context: Context, evidence: list[Evidence]) -> list[float]:
        """SmolLM2's log-likelihood of each option given the grounded evidence (``choice_scoring="likelihood"``)."""
        return self.generator.option_logliks(context, evidence)

    # -- captions --------------------------------------------------------------------------------
    def caption(
        self, evidence: Sequence[Evidence], max_new_tokens: int = 40, items: Sequence[FrameTokens] = ()
    ) -> str:
        """A caption naming only what the segment's evidence names (see :mod:`.captions`)."""
        return grounded_caption(evidence, items)
