"""Triggers for future (proactive) questions: decide, frame by frame, when the evidence has arrived.

A future question such as "tell me when a cat appears" is reduced to its target ("a cat", see
:func:`~streamvu.pipeline.query.target_phrase`) and embedded with the same text embedder that keys
every encoded frame (the frame's ``text_key`` embeds its classifier trace, e.g. "Egyptian Mau, tabby
cat"). Each new frame after the ask time is scored by the cosine of the two unit vectors; the trigger
fires when ``frames`` consecutive frames score at least ``threshold``. Measured with the embedded
default (MiniLM keys of EfficientNet traces): "a cat" scores 0.62 on cat frames and at most 0.16 on
coffee frames; unrelated targets ("a dog", "a car") stay below 0.27 on both, hence 0.4.

An answerer may recognise its evidence itself (:class:`~streamvu.answerers.base.FrameMatcher`: the
grounded default scores people, faces, movement and categories on each frame); its score and
threshold then replace the text-key cosine.

A target that names nothing ("what happens next?", see :func:`~streamvu.pipeline.query.is_generic`)
fires on novelty instead: when a frame's key has cosine below ``novelty`` with the key of the latest
frame at ask time (the scene changed).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from streamvu.answerers.base import FrameMatcher
from streamvu.messages import FrameTokens


@dataclass(frozen=True)
class TriggerConfig:
    """When a pending future question fires.

    threshold: cosine between the question target's embedding and a frame's text key at or above
        which the frame matches.
    frames: consecutive matching frames needed (1 answers on the first match; more debounce noise).
    novelty: generic questions ("what happens next?") fire on the first frame whose text key has
        cosine below this with the key seen when the question was asked.
    """

    threshold: float = 0.4
    frames: int = 1
    novelty: float = 0.5

    def __post_init__(self) -> None:
        if not -1.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold must be a cosine in [-1, 1], got {self.threshold}")
        if self.frames < 1:
            raise ValueError(f"frames must be >= 1, got {self.frames}")
        if not -1.0 <= self.novelty <= 1.0:
            raise ValueError(f"novelty must be a cosine in [-1, 1], got {self.novelty}")


class FutureTrigger:
    """The state of one pending future question; :meth:`update` is called once per new frame.

    key: unit embedding of the target, or None for a generic question (novelty trigger).
    baseline: text key of the latest frame when the question was asked (novelty reference).
    matcher: the answerer's own per-frame test; when given it decides instead of ``key``.
    """

    def __init__(
        self,
        asked_at: float,
        key: np.ndarray | None,
        config: TriggerConfig,
        baseline: np.ndarray | None = None,
        matcher: FrameMatcher | None = None,
    ) -> None:
        self.asked_at = asked_at
        self.key = key
        self.config = config
        self.baseline = baseline
        self.matcher = matcher
        self.hits = 0
        self.first_hit: float | None = None
        self.best_score = -1.0
        self.best_t: float | None = None

    @property
    def generic(self) -> bool:
        return self.key is None and self.matcher is None

    def score(self, item: FrameTokens) -> float | None:
        """Match score of a frame (higher matches better), None when the frame has no text key."""
        if self.matcher is not None:
            return self.matcher.score(item)
        if item.text_key is None:
            return None
        frame_key = np.asarray(item.text_key, dtype=np.float32).reshape(-1)
        if self.key is not None:
            return float(self.key @ frame_key)
        if self.baseline is None:  # asked before any frame: the first one is the reference
            self.baseline = frame_key
            return None
        return 1.0 - float(self.baseline @ frame_key)  # novelty: 1 - similarity to the reference

    def update(self, item: FrameTokens) -> bool:
        """Score frame ``item``; True when the question should now be answered."""
        if item.t <= self.asked_at:
            return False
        score = self.score(item)
        if score is None:
            return False
        if score > self.best_score:
            self.best_score, self.best_t = score, float(item.t)
        if self.matcher is not None:
            limit = self.matcher.threshold
        else:
            limit = self.config.threshold if self.key is not None else 1.0 - self.config.novelty
        if score >= limit:
            if self.hits == 0:
                self.first_hit = float(item.t)
            self.hits += 1
        else:
            self.hits, self.first_hit = 0, None
        return self.hits >= self.config.frames
