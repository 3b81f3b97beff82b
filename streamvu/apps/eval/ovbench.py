"""OVBench (VideoChat-Online, CVPR 2025): reader and the three official protocols' prompts.

Annotation shapes (a JSON list; the shape is read per record, and any shape runs under any protocol):

* the lmms-eval task's files (``ava.json``, ``coin.json``, ``hirest.json``, ``tao.json``): one
  question per record with ``video``, ``question``, ``candidates`` (option texts), ``answer`` (the
  correct option's text), ``answer_type``, ``sub_answer_type`` ("PastMemory-4"),
  ``middle_frame_timestamp``, ``start``, ``end``; AVA and TAO also ``fps`` (their videos are
  folders of frames) and TAO ``image_file``. ``start``/``end`` are seconds of the video (or frame
  folder) itself, ``middle_frame_timestamp`` the question's time in the original video: for AVA,
  whose frame folders begin at a later point of the movie, the two differ by that point (895 s),
  which becomes the folder's time offset;
* the streaming script's per-video records: ``video_id``, ``clip`` [start, end], optional ``fps``,
  ``questions`` with ``middle_frame_timestamp``, ``question``, ``options`` ("A. text"), ``answer``
  (a letter), ``answer_type``, ``sub_answer_type``;
* the sliding-window script's per-question records: the same question keys beside ``video_id``
  (and ``fps``).

A record the reader does not understand stops it with the file, the record's index and the key.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from streamvu.answerers.options import OPTION_LETTERS, dotted_options, format_options
from streamvu.apps.eval.items import EvalItem
from streamvu.apps.eval.ovbench_report import format_report, summarize  # noqa: F401  (the benchmark's hooks)
from streamvu.apps.eval.runner import read_annotations

NAME = "ovbench"
TITLE = "OVBench"

Protocol = Literal["streaming", "lmms-eval", "sliding-window"]
PROTOCOLS: tuple[str, ...] = get_args(Protocol)
DEFAULT_PROTOCOL: Protocol = "streaming"
"""VideoChat-Online's own OVBench result (its paper's table, 54.9 for VideoChatOnline-4B) comes from
``eval/evaluate_online_stream_single.py`` (``shell/eval/online_bench_stream.sh``: the pyramid
memory model, 8 fps); lmms-eval is the task other models are run with."""

ANSWER_TYPES: dict[str, str] = {  # answer_type -> temporal context (the paper's grouping of the six types)
    "FuturePrediction": "future",
    "Hallucination": "past",
    "PastMemory": "past",
    "SpatialPerception": "present",
    "SpatioTemporalPerception": "present",
    "TemporalPerception": "present",
}
LMMS_POST_PROMPT = "Answer with the option's letter from the given choices directly."
SYSTEM_PROMPT = (
    "Carefully watch the video and pay attention to the cause and sequence of events, the detail and "
    "movement of objects, and the action and pose of persons. Based on your observations, select the "
    "best option that accurately addresses the question.\n"
)
STREAM_SUFFIX = "\nAnswer:"
WINDOW_SUFFIX = "\nOnly give the best option."
WINDOW_S = 32.0  # shell/eval/online_bench_sliding_window.sh: slide_window=32, FPS=2, --num_segments 64
WINDOW_FRAMES = 64
AVA_FLOOR_S = 900.0  # the sliding-window script starts AVA movie windows no earlier than 15 min


@dataclass(frozen=True)
class Raw:
    """One question as read, before a protocol is applied. Times are on the timeline frames are
    read on (AVA lmms-eval records: the movie's; ``offset`` is the frame folder's first image)."""

    source: str
    video: str
    index: str
    time: float
    time_text: str
    question: str
    options: tuple[str, ...]
    answer: str  # letter
    answer_type: str
    sub_answer_type: str
    clip_start: float
    clip_end: float | None
    fps: float | None
    offset: float
    last_in_video: bool


class _Where:
    def __init__(self, path: str, index: str, label: str = "") -> None:
        self.path, self.index, self.label = path, index, label or f"record {index}"

    def fail(self, key: str, why: str) -> ValueError:
        return ValueError(f"{self.path}: {self.label}: key {key!r}: {why}")

    def get(self, rec: dict, key: str) -> object:
        if key not in rec:
            raise self.fail(key, "missing")
        return rec[key]

    def number(self, rec: dict, key: str, default: float | None = None) -> float:
        if key not in rec and default is not None:
            return default
        v = self.get(rec, key)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v < 0:
            raise self.fail(key, f"must be a number of seconds >= 0, got {v!r}")
        return float(v)

    def text(self, rec: dict, key: str, required: bool = True) -> str:
        if key not in rec and not required:
            return ""
        v = self.get(rec, key)
        if not isinstance(v, str) or (required and not v.strip()):
            raise self.fail(key, f"must be a non-empty string, got {v!r}")
        return v

    def texts(self, rec: dict, key: str) -> list[str]:
        v = self.get(rec, key)
        if (
            not isinstance(v, list)
            or not 2 <= len(v) <= 26
            or not all(isinstance(o, str) and o.strip() for o in v)
        ):
            raise self.fail(key, f"must be a list of 2 to 26 non-empty strings, got {v!r}")
        return v

    def fps(self, rec: dict) -> float | None:
        if "fps" not in rec:
            return None
        v = rec["fps"]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
            raise self.fail("fps", f"must be a number > 0, got {v!r}")
        return float(v)

    def answer_type(self, rec: dict) -> str:
        v = self.text(rec, "answer_type")
        if v not in ANSWER_TYPES:
            raise self.fail("answer_type", f"{v!r} is not one of OVBench's {', '.join(ANSWER_TYPES)}")
        return v


_LETTERED = re.compile(r"^([A-Z])\. ")


def _lettered_options(w: _Where, rec: dict) -> tuple[tuple[str, ...], str]:
    """Options "A. text" (the streaming files' form; text = option[3:] as the scripts take it) and the letter."""
    options = w.texts(rec, "options")
    for i, o in enumerate(options):
        m = _LETTERED.match(o)
        if not m or m.group(1) != OPTION_LETTERS[i]:
            raise w.fail("options", f"option {i} must start with '{OPTION_LETTERS[i]}. ', got {o!r}")
    answer = w.text(rec, "answer").strip()
    if answer not in OPTION_LETTERS[: len(options)]:
        raise w.fail(
            "answer",
            f"must be one of the option letters {OPTION_LETTERS[: len(options)]}, got {answer!r}",
        )
    return tuple(o[3:] for o in options), answer


def _time(w: _Where, rec: dict) -> tuple[float, str]:
    t = w.number(rec, "middle_frame_timestamp")
    return t, str(rec["middle_frame_timestamp"])  # the script prints the JSON value as Python does


def _from_lmms(w: _Where, rec: dict, source: str) -> Raw:
    video = w.text(rec, "video").strip()
    question = w.text(rec, "question")
    candidates = w.texts(rec, "candidates")
    gold = w.text(rec, "answer")
    if gold not in candidates:
        raise w.fail("answer", f"{gold!r} is not one of its candidates")
    t, t_text = _time(w, rec)
    start, end = w.number(rec, "start"), w.number(rec, "end")
    if end < start:
        raise w.fail("end", f"{end} is before start {start}")
    fps = w.fps(rec)
    # frame ranges are [start, end] of the video itself; the question time is its end. Where the
    # original video's time differs (AVA), that difference is where the frames begin.
    offset = t - end
    if offset < -1e-6 or (offset > 1e-6 and fps is None):
        raise w.fail(
            "middle_frame_timestamp",
            f"{t} is before end {end}"
            if offset < 0
            else f"{t} differs from end {end} but the record has no fps (not a frame folder)",
        )
    offset = max(offset, 0.0)
    return Raw(
        source,
        video,
        w.index,
        t,
        t_text,
        question,
        tuple(candidates),
        OPTION_LETTERS[candidates.index(gold)],
        w.answer_type(rec),
        w.text(rec, "sub_answer_type"),
        start + offset,
        end + offset,
        fps,
        offset,
        False,
    )


def _from_question(
    w: _Where,
    rec: dict,
    source: str,
    video: str,
    clip: tuple[float, float | None],
    fps: float | None,
    last: bool,
) -> Raw:
    question = w.text(rec, "question")
    options, answer = _lettered_options(w, rec)
    t, t_text = _time(w, rec)
    sub = w.text(rec, "sub_answer_type", required=False)
    return Raw(
        source,
        video,
        w.index,
        t,
        t_text,
        question,
        options,
        answer,
        w.answer_type(rec),
        sub,
        clip[0],
        clip[1],
        fps,
        0.0,
        last,
    )


def read(path: str | os.PathLike) -> list[Raw]:
    """Every question of one OVBench annotation file (any of the shapes in the module docstring)."""
    doc = read_annotations(path)
    where = os.fspath(path)
    if not isinstance(doc, list):
        raise ValueError(
            f"{where}: an OVBench annotation file holds a JSON list of records, got {type(doc).__name__}"
        )
    source = Path(path).stem
    out: list[Raw] = []
    for i, rec in enumerate(doc):
        w = _Where(where, str(i))
        if not isinstance(rec, dict):
            raise ValueError(f"{where}: record {i}: must be a JSON object, got {type(rec).__name__}")
        if "questions" in rec:
            qs = rec["questions"]
            if not isinstance(qs, list) or not qs:
                raise w.fail("questions", f"must be a non-empty list of question objects, got {qs!r:.80}")
            video = w.text(rec, "video_id").strip()
            clip = w.get(rec, "clip")
            if not isinstance(clip, list) or len(clip) != 2:
                raise w.fail("clip", f"must be [start, end] in seconds, got {clip!r}")
            bounds = w.number({"clip": clip[0]}, "clip"), w.number({"clip": clip[1]}, "clip")
            if bounds[1] < bounds[0]:
                raise w.fail("clip", f"end {bounds[1]} is before start {bounds[0]}")
            fps = w.fps(rec)
            for k, q in enumerate(qs):
                qw = _Where(where, f"{i}.{k}", f"record {i}, question {k}")
                if not isinstance(q, dict):
                    raise ValueError(
                        f"{where}: record {i}: key 'questions': item {k} must be a JSON object, "
                        f"got {type(q).__name__}"
                    )
                out.append(_from_question(qw, q, source, video, bounds, fps, last=k == len(qs) - 1))
        elif "candidates" in rec:
            out.append(_from_lmms(w, rec, source))
        elif "options" in rec:
            video = w.text(rec, "video_id").strip()
            out.append(_from_question(w, rec, source, video, (0.0, None), w.fps(rec), last=False))
        else:
            raise ValueError(
                f"{where}: record {i}: has none of the keys 'candidates' (lmms-eval), 'questions' "
                "(per video) or 'options' (per question): not an OVBench record"
            )
    return out


def lmms_prompt(question: str, options: tuple[str, ...]) -> str:
    """``ovbench_doc_to_text``: the question, "A. option" lines, the post prompt."""
    lines = "".join(f"{line}\n" for line in dotted_options(options))
    return f"{question}\n{lines}{LMMS_POST_PROMPT}"


def question_block(time_text: str, question: str, options: tuple[str, ...]) -> str:
    """The VideoChat-Online scripts' ``qa_template``: "Question at {t}s: ...", "Options:", "(A) ..." lines."""
    text = f"Question at {time_text}s: {question}\nOptions:\n"
    text += "".join(f"{line}\n" for line in format_options(options))
    return text.rstrip()


def streaming_prompt(time_text: str, question: str, options: tuple[str, ...]) -> str:
    return question_block(time_text, question, options) + STREAM_SUFFIX


def window_prompt(time_text: str, question: str, options: tuple[str, ...]) -> str:
    return question_block(time_text, question, options) + WINDOW_SUFFIX


def to_item(
    raw: Raw,
    protocol: Protocol,
    *,
    window: float = WINDOW_S,
    window_frames: int = WINDOW_FRAMES,
    ava_floor: bool = False,
) -> EvalItem:
    """The item ``protocol`` asks for ``raw``: prompt, frame range and scoring rule."""
    letter_index = OPTION_LETTERS.index(raw.answer)
    common = dict(
        uid=f"{raw.source}:{raw.index}",
        video=raw.video,
        time=raw.time,
        question=raw.question,
        answer=raw.answer,
        task=raw.sub_answer_type,
        group=raw.answer_type,
        context=ANSWER_TYPES[raw.answer_type],
        options=raw.options,
        source=raw.source,
        frame_fps=raw.fps,
        time_offset=raw.offset,
    )
    if protocol == "lmms-eval":
        end = raw.clip_end if raw.clip_end is not None else raw.time
        return EvalItem(
            **common,
            start=raw.clip_start,
            see_until=end,
            prompt=lmms_prompt(raw.question, raw.options),
            scorer="mcq_acc",
            gold=raw.answer,
        )
    gold = f"({raw.answer}) {raw.options[letter_index]}"
    if protocol == "streaming":
        until = raw.clip_end if raw.last_in_video and raw.clip_end is not None else None
        return EvalItem(
            **common,
            start=raw.clip_start,
            see_until=until,
            system=SYSTEM_PROMPT,
            prompt=streaming_prompt(raw.time_text, raw.question, raw.options),
            scorer="mcq_acc_all",
            gold=gold,
        )
    if protocol == "sliding-window":
        floor = AVA_FLOOR_S if ava_floor and raw.fps is None else 0.0
        return EvalItem(
            **common,
            start=max(raw.time - window, floor),
            fresh_memory=True,
            max_frames=window_frames,
            system=SYSTEM_PROMPT,
            prompt=window_prompt(raw.time_text, raw.question, raw.options),
            scorer="window_letter",
            gold=raw.answer,
        )
    raise ValueError(f"unknown OVBench protocol {protocol!r}; choose one of: {', '.join(PROTOCOLS)}")


def load(
    paths: str | os.PathLike | list,
    protocol: Protocol = DEFAULT_PROTOCOL,
    *,
    window: float = WINDOW_S,
    window_frames: int = WINDOW_FRAMES,
    videos_dir: str | os.PathLike = "",
) -> list[EvalItem]:
    """The items of one or more annotation files under ``protocol``."""
    if protocol not in PROTOCOLS:
        raise ValueError(f"unknown OVBench protocol {protocol!r}; choose one of: {', '.join(PROTOCOLS)}")
    paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    stems = [Path(p).stem for p in paths]
    if len(set(stems)) != len(stems):
        raise ValueError(
            f"annotation files must have distinct names (their accuracies are reported by name): {stems}"
        )
    ava_floor = "AVA_Actions" in os.fspath(videos_dir)  # the sliding-window script's own test
    return [
        to_item(raw, protocol, window=window, window_frames=window_frames, ava_floor=ava_floor)
        for p in paths
        for raw in read(p)
    ]


def select(items: list[EvalItem], tasks: list[str] | None) -> list[EvalItem]:
    """Items whose answer_type ("PastMemory"), sub_answer_type ("PastMemory-4") or source file
    ("coin", or "coin:PastMemory-4") is in ``tasks`` (any case)."""
    if not tasks:
        return items
    wanted = {t.strip().lower() for t in tasks}
    return [
        i
        for i in items
        if {i.group.lower(), i.task.lower(), i.source.lower(), f"{i.source}:{i.task}".lower()} & wanted
    ]
