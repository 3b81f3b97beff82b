"""What a benchmark reader produces and the runner consumes: :class:`EvalItem`, and how one
response is scored (:func:`score`): by the benchmark's own rule, plus the harness's strict parser."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from streamvu.apps.eval.official import (
    mcq_process,
    mcq_score,
    ovo_choice_score,
    ovo_count_score,
    ovo_yes_no_score,
    window_letter,
)
from streamvu.apps.eval.parsing import parse_choice, parse_count, parse_yes_no

Kind = Literal["choice", "yesno", "count"]
KINDS: tuple[str, ...] = get_args(Kind)
Context = Literal["past", "present", "future"]
CONTEXTS: tuple[str, ...] = get_args(Context)
Scorer = Literal["mcq_acc", "mcq_acc_all", "window_letter", "ovo_choice", "ovo_count", "ovo_yes_no"]
"""The official rule an item is scored by:

* ``mcq_acc``: OVBench lmms-eval: ``mcq_acc`` against the gold letter; an empty response is left out
  of the accuracy (``counted`` False), as its aggregation skips empty predictions;
* ``mcq_acc_all``: VideoChat-Online's streaming script: ``mcq_acc`` against "(B) option text";
  every question counts;
* ``window_letter``: the sliding-window script: first capital A-D equals the gold letter;
* ``ovo_choice`` / ``ovo_count`` / ``ovo_yes_no``: OVO-Bench's released scorer.
"""
SCORERS: tuple[str, ...] = get_args(Scorer)


@dataclass(frozen=True)
class EvalItem:
    """One benchmark question, asked at ``time`` seconds of ``video``.

    uid: stable id (the key ``resume`` uses), unique within a run.
    video: the video's name as the annotations give it, relative to the video folder.
    question: the question text; ``options`` the choice texts without letters.
    answer: the gold answer: an option letter ("choice"), "Yes"/"No" ("yesno") or a number ("count").
    task / group: the cell and row the report files it under (OVBench: sub_answer_type / answer_type
        as the annotations name them; OVO-Bench: task code / mode).
    context: temporal context, "past" | "present" | "future".
    start: frames before this time are not given to the model (clip or window start).
    see_until: frames up to this time are given and the question is asked at it (None: ``time``);
        VideoChat-Online's streaming script shows the last question of a video the whole clip.
    fresh_memory: memory holds only frames in [start, see_until] (a sliding window), rebuilt per question.
    max_frames: with ``fresh_memory``, at most this many frames, picked uniformly (None: all).
    prompt: the exact text sent to the model (the protocol's official prompt).
    system: the protocol's system message (recorded; see the README for how it is used).
    scorer / gold: the official scoring rule and the gold string it compares with.
    source: the annotation file the question came from (accuracy is pooled within it).
    frame_fps / time_offset: for a video given as a folder of frames: its frame rate and the time
        of its first image.
    """

    uid: str
    video: str
    time: float
    question: str
    answer: str
    task: str
    group: str
    context: Context
    options: tuple[str, ...] = ()
    kind: Kind = "choice"
    start: float = 0.0
    see_until: float | None = None
    fresh_memory: bool = False
    max_frames: int | None = None
    prompt: str = ""
    system: str = ""
    scorer: Scorer = "mcq_acc_all"
    gold: str = ""
    source: str = ""
    frame_fps: float | None = None
    time_offset: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if self.context not in CONTEXTS:
            raise ValueError(f"context must be one of {CONTEXTS}, got {self.context!r}")
        if self.scorer not in SCORERS:
            raise ValueError(f"scorer must be one of {SCORERS}, got {self.scorer!r}")
        if self.kind == "choice" and len(self.options) < 2:
            raise ValueError(f"question {self.uid}: a multiple-choice question needs at least 2 options")
        if not self.time >= 0:
            raise ValueError(f"question {self.uid}: time must be >= 0, got {self.time}")

    @property
    def until(self) -> float:
        """The time frames are given up to, and the question is asked at."""
        return self.time if self.see_until is None else self.see_until


@dataclass(frozen=True)
class Score:
    """correct: by the official rule; counted: enters the official accuracy's denominator;
    official: what the official rule read from the response (a letter, a normalised text, or None);
    parsed / strict_correct: the harness's strict parser (an extra column)."""

    correct: bool
    counted: bool
    official: str | None
    parsed: str | None
    strict_correct: bool


def strict_parse(item: EvalItem, response: str) -> str | None:
    if item.kind == "choice":
        return parse_choice(response, len(item.options), item.options)
    if item.kind == "yesno":
        return parse_yes_no(response)
    return parse_count(response)


def score(item: EvalItem, response: str) -> Score:
    """Score ``response`` to ``item`` by its official rule and by the strict parser."""
    parsed = strict_parse(item, response)
    counted, official = True, None
    if item.scorer == "mcq_acc":
        counted = response != ""
        correct, official = bool(mcq_score(item.gold, response)), mcq_process(response)
    elif item.scorer == "mcq_acc_all":
        correct, official = bool(mcq_score(item.gold, response)), mcq_process(response)
    elif item.scorer == "window_letter":
        official = window_letter(response)
        correct = official == item.gold
    elif item.scorer == "ovo_choice":
        correct = bool(ovo_choice_score(item.gold, response))
    elif item.scorer == "ovo_count":
        correct = bool(ovo_count_score(item.gold, response))
    else:
        correct = bool(ovo_yes_no_score(item.gold == "Yes", response))
    return Score(
        correct=correct,
        counted=counted,
        official=official,
        parsed=parsed,
        strict_correct=parsed is not None and parsed == item.answer,
    )
