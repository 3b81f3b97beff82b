"""Timestamped captions of a whole video, written as SRT, WebVTT or JSON.

The video is sampled and encoded once; frames are grouped into fixed-length segments; within a
segment, runs of frames sharing their top class become the evidence, and the answer model writes
one sentence from that evidence.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from tqdm.auto import tqdm

from streamvu.messages import Evidence, FrameTokens
from streamvu.pipeline.engine import Pipeline

FORMATS = ("srt", "vtt", "json")


@dataclass(frozen=True)
class CaptionConfig:
    """segment_s: length of each captioned segment in seconds (the last one may be shorter)."""

    segment_s: float = 5.0

    def __post_init__(self) -> None:
        if not self.segment_s > 0:
            raise ValueError(f"segment length must be > 0 seconds, got {self.segment_s}")


@dataclass
class Caption:
    start: float
    end: float
    text: str
    evidence: list[Evidence]


def label_runs(items: Sequence[FrameTokens], frame_span: float) -> list[Evidence]:
    """Consecutive frames with the same top class merged into one evidence span."""
    runs: list[Evidence] = []
    for item in items:
        top = item.labels[0].name if item.labels else "nothing recognised"
        if runs and runs[-1].trace == top:
            runs[-1].end = item.t + frame_span
        else:
            runs.append(Evidence(start=item.t, end=item.t + frame_span, trace=top))
    return runs


def caption_video(
    pipeline: Pipeline, source: str | os.PathLike, config: CaptionConfig | None = None, progress: bool = False
) -> list[Caption]:
    """Caption ``source`` segment by segment; see the module docstring."""
    config = config or CaptionConfig()
    captioner = getattr(pipeline.answerer, "caption", None)
    if captioner is None:
        raise ValueError(f"the answer model {pipeline.answerer.name!r} cannot write captions")
    items = list(pipeline.encoded(source, progress=progress))
    assert pipeline.info is not None
    duration = max(pipeline.info.duration, items[-1].t if items else 0.0)
    frame_span = 1.0 / pipeline.config.fps
    segments: dict[int, list[FrameTokens]] = {}
    for item in items:
        segments.setdefault(int(item.t // config.segment_s), []).append(item)
    captions = []
    for seg in tqdm(sorted(segments), desc="caption", unit="segment", disable=not progress, leave=False):
        start = seg * config.segment_s
        end = min(start + config.segment_s, duration)
        evidence = label_runs(segments[seg], frame_span)
        for ev in evidence:
            ev.end = min(ev.end, end)
        captions.append(Caption(start=start, end=end, text=captioner(evidence), evidence=evidence))
    return captions


def _stamp(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(captions: Sequence[Caption]) -> str:
    blocks = [
        f"{i}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n{c.text}\n" for i, c in enumerate(captions, 1)
    ]
    return "\n".join(blocks)


def to_vtt(captions: Sequence[Caption]) -> str:
    blocks = [f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n{c.text}\n" for c in captions]
    return "WEBVTT\n\n" + "\n".join(blocks)


def to_json(captions: Sequence[Caption], meta: dict) -> str:
    doc = {**meta, "captions": [asdict(c) for c in captions]}
    return json.dumps(doc, indent=2, allow_nan=False)


def render(captions: Sequence[Caption], fmt: str, meta: dict) -> str:
    """Captions in ``fmt`` ("srt", "vtt" or "json")."""
    if fmt == "srt":
        return to_srt(captions)
    if fmt == "vtt":
        return to_vtt(captions)
    if fmt == "json":
        return to_json(captions, meta)
    raise ValueError(f"unknown caption format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def caption_meta(pipeline: Pipeline, source: str, config: CaptionConfig) -> dict:
    info = pipeline.info
    return {
        "video": str(source),
        "duration": info.duration if info else math.nan,
        "model": {"encoder": pipeline.encoder.name, "answerer": pipeline.answerer.name},
        "config": {"fps": pipeline.config.fps, "segment_s": config.segment_s},
    }
