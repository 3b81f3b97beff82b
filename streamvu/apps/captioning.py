"""Timestamped captions of a whole video, written as SRT, WebVTT and JSON, resumable.

The video is sampled and encoded in one streaming pass (memory stays bounded whatever its length);
a :class:`~streamvu.apps.segments.Segmenter` cuts the frames into clips (fixed length or at scene
changes); within a clip, runs of frames sharing their top class become the evidence, and the
answer model writes one sentence from that evidence. An optional summary is written from the
captions' evidence at the end.

:func:`caption_file` writes every requested output atomically after *each* clip. Its JSON document
(the state) records the config hash and the source's size and mtime; a rerun with the same
settings skips the clips already captioned and starts decoding at the end of the last one, and a
finished file is skipped entirely.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm.auto import tqdm

from streamvu.answerers.base import Captioner
from streamvu.apps.segments import Clip, SegmentConfig, Segmenter
from streamvu.atomic import write_text_atomic
from streamvu.ingest.source import VideoSource
from streamvu.messages import Evidence, FrameTokens
from streamvu.pipeline.engine import Pipeline, PipelineConfig

FORMATS = ("srt", "vtt", "json")
STATE_VERSION = 1


@dataclass(frozen=True)
class CaptionConfig:
    """How a video is captioned.

    segment_s: fixed segmentation: seconds per caption (the last one may be shorter).
    segmentation: "fixed" or "scene" (a caption per visual scene, see :mod:`streamvu.apps.segments`).
    scene_threshold, min_segment_s, max_segment_s: scene segmentation settings.
    summary: also write a summary of the whole video (JSON field ``summary``, a WebVTT NOTE).
    """

    segment_s: float = 5.0
    segmentation: str = "fixed"
    scene_threshold: float = 0.4
    min_segment_s: float = 2.0
    max_segment_s: float = 30.0
    summary: bool = False

    def __post_init__(self) -> None:
        self.segments()  # validates

    def segments(self) -> SegmentConfig:
        return SegmentConfig(
            mode=self.segmentation,
            length_s=self.segment_s,
            threshold=self.scene_threshold,
            min_s=self.min_segment_s,
            max_s=self.max_segment_s,
        )


@dataclass
class Caption:
    start: float
    end: float
    text: str
    evidence: list[Evidence]


# -- evidence and captions -------------------------------------------------------------------------
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


def captioner_of(pipeline: Pipeline) -> Callable[..., str]:
    """The answer model's ``caption`` (see :class:`~streamvu.answerers.base.Captioner`); ValueError
    when it has none."""
    answerer = pipeline.answerer
    if not isinstance(answerer, Captioner):
        raise ValueError(f"the answer model {answerer.name!r} cannot write captions")
    return answerer.caption


def caption_clip(captioner: Callable[..., str], clip: Clip, frame_span: float) -> Caption:
    evidence = label_runs(clip.items, frame_span)
    for ev in evidence:
        ev.end = min(ev.end, clip.end)
    return Caption(
        start=clip.start, end=clip.end, text=captioner(evidence, items=clip.items), evidence=evidence
    )


def summary_evidence(captions: Sequence[Caption], max_lines: int = 12) -> list[Evidence]:
    """At most ``max_lines`` evidence lines over the whole video: captions grouped into equal chunks,
    each described by its two labels seen longest."""
    if not captions:
        return []
    per = math.ceil(len(captions) / max_lines)
    out = []
    for i in range(0, len(captions), per):
        chunk = captions[i : i + per]
        seen: Counter[str] = Counter()
        for cap in chunk:
            for ev in cap.evidence:
                seen[ev.trace] += ev.end - ev.start
        out.append(
            Evidence(chunk[0].start, chunk[-1].end, ", ".join(name for name, _ in seen.most_common(2)))
        )
    return out


def summarize(pipeline: Pipeline, captions: Sequence[Caption]) -> str:
    """A sentence about the whole video: the answer model's ``caption`` over :func:`summary_evidence`."""
    return captioner_of(pipeline)(summary_evidence(captions), max_new_tokens=60)


# -- the streaming pass ------------------------------------------------------------------------------
@dataclass
class VideoPass:
    """Filled in while :func:`caption_clips` runs: what the source reported.

    discontinuities: where the source's own timestamps jumped and how stream time went on (JSON-ready
    dicts of :class:`~streamvu.ingest.timeline.Discontinuity`; caption times are on the continuous time).
    """

    duration: float = 0.0
    info: object | None = None
    discontinuities: list[dict] | None = None


def encoded_frames(
    pipeline: Pipeline,
    source: str,
    start: float = 0.0,
    bar: tqdm | None = None,
    info: VideoPass | None = None,
) -> Iterator[FrameTokens]:
    """:meth:`Pipeline.encoded` from ``start`` seconds (kept on the same time grid as a pass from 0), with
    ``bar`` advanced and ``info`` filled in from the source."""
    opened: list[VideoSource] = []

    def on_open(video: VideoSource) -> None:
        opened.append(video)
        if info is not None:
            info.info, info.duration = video.info, float(video.info.duration or 0.0)
            info.discontinuities = [asdict(d) for d in video.discontinuities]
            if bar is not None and info.duration:
                bar.total = round(info.duration, 1)
                bar.refresh()

    for item in pipeline.encoded(source, start=start, on_open=on_open):
        _advance(bar, item.t)
        yield item
    if info is not None and opened:  # a live source finds them while it runs
        info.discontinuities = [asdict(d) for d in opened[0].discontinuities]


def _advance(bar: tqdm | None, t: float) -> None:
    if bar is not None and t > bar.n:
        bar.update(round(t - bar.n, 1))


def caption_clips(
    pipeline: Pipeline,
    source: str,
    config: CaptionConfig,
    start: float = 0.0,
    bar: tqdm | None = None,
    info: VideoPass | None = None,
) -> Iterator[Caption]:
    """Caption ``source`` from ``start`` seconds (a clip boundary), yielding each caption as its clip closes."""
    captioner = captioner_of(pipeline)
    info = info or VideoPass()
    frame_span = 1.0 / pipeline.config.fps
    segmenter = Segmenter(config.segments(), start=start)
    last_t = start
    for item in encoded_frames(pipeline, source, start, bar, info):
        last_t = float(item.t)
        clip = segmenter.push(item)
        if clip is not None:
            yield caption_clip(captioner, clip, frame_span)
    clip = segmenter.finish(max(info.duration, last_t + frame_span) if info.duration else last_t + frame_span)
    if clip is not None:
        yield caption_clip(captioner, clip, frame_span)


def caption_video(
    pipeline: Pipeline, source: str | os.PathLike, config: CaptionConfig | None = None, progress: bool = False
) -> list[Caption]:
    """All captions of ``source`` in memory (no files, no resume); see :func:`caption_file` for those."""
    config = config or CaptionConfig()
    info = VideoPass()
    bar = tqdm(unit="s", desc="caption", disable=not progress, leave=False)
    try:
        captions = list(caption_clips(pipeline, os.fspath(source), config, bar=bar, info=info))
    finally:
        bar.close()
    pipeline.info = info.info  # type: ignore[assignment]
    return captions


# -- formats -------------------------------------------------------------------------------------------
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


def to_vtt(captions: Sequence[Caption], summary: str | None = None) -> str:
    blocks = [f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n{c.text}\n" for c in captions]
    note = f"NOTE summary: {' '.join(summary.replace('-->', '->').split())}\n\n" if summary else ""
    return "WEBVTT\n\n" + note + "\n".join(blocks)


def to_json(captions: Sequence[Caption], meta: dict) -> str:
    doc = {**meta, "captions": [asdict(c) for c in captions]}
    return json.dumps(doc, indent=2, allow_nan=False)


def render(captions: Sequence[Caption], fmt: str, meta: dict) -> str:
    """Captions in ``fmt`` ("srt", "vtt" or "json")."""
    if fmt == "srt":
        return to_srt(captions)
    if fmt == "vtt":
        return to_vtt(captions, meta.get("summary"))
    if fmt == "json":
        return to_json(captions, meta)
    raise ValueError(f"unknown caption format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so readers never see half a file."""
    write_text_atomic(path, text)


# -- metadata, state, resume -----------------------------------------------------------------------
def config_dict(pipeline: Pipeline, config: CaptionConfig) -> dict:
    """Everything that changes the captions: models, sampling, segmentation."""
    return settings_dict(pipeline.encoder.name, pipeline.answerer.name, pipeline.config, config)


def settings_dict(encoder: str, answerer: str, cfg: PipelineConfig, config: CaptionConfig) -> dict:
    """:func:`config_dict` from the model names, without a loaded pipeline (a Ray driver uses it to
    find finished files before any worker loads a model)."""
    return {
        "encoder": encoder,
        "answerer": answerer,
        "fps": cfg.fps,
        "max_side": cfg.max_side,
        **asdict(config),
        # the key keeps its first name: captions written before the rename stay up to date
        **({"feature_reuse": asdict(cfg.temporal_reuse)} if cfg.temporal_reuse is not None else {}),
    }


def config_hash(pipeline: Pipeline, config: CaptionConfig) -> str:
    return settings_hash(config_dict(pipeline, config))


def settings_hash(settings: dict) -> str:
    blob = json.dumps(settings, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def fingerprint(source: str) -> dict | None:
    """Size and modification time of a local file (None for URLs)."""
    try:
        st = os.stat(source)
    except OSError:
        return None
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def caption_meta(
    pipeline: Pipeline, source: str, config: CaptionConfig, duration: float | None = None
) -> dict:
    if duration is None:
        duration = pipeline.info.duration if pipeline.info else math.nan
    return {
        "version": STATE_VERSION,
        "video": str(source),
        "duration": duration if duration is not None and math.isfinite(duration) else None,
        "model": {"encoder": pipeline.encoder.name, "answerer": pipeline.answerer.name},
        "config": config_dict(pipeline, config),
        "config_hash": config_hash(pipeline, config),
        "source": fingerprint(str(source)),
        "complete": True,
        "summary": None,
    }


@dataclass
class CaptionState:
    """What a (partial) JSON document says was done."""

    captions: list[Caption] = field(default_factory=list)
    complete: bool = False
    summary: str | None = None
    discontinuities: list[dict] = field(default_factory=list)


def load_state(path: Path, expect: dict) -> CaptionState | None:
    """Captions already written to ``path`` by a run with the same settings and the same source file;
    None when the file is missing, unreadable, or from other settings or another version of the video."""
    try:
        return parse_state(path.read_bytes(), expect)
    except OSError:
        return None


def parse_state(data: bytes | str, expect: dict) -> CaptionState | None:
    """:func:`load_state` from the document's content."""
    try:
        doc = json.loads(data)
        if (
            doc.get("version") != STATE_VERSION
            or doc.get("config_hash") != expect["config_hash"]
            or doc.get("source") != expect["source"]
        ):
            return None
        caps = [
            Caption(c["start"], c["end"], c["text"], [Evidence(**e) for e in c["evidence"]])
            for c in doc["captions"]
        ]
        jumps = [dict(d) for d in doc.get("discontinuities") or ()]
        return CaptionState(caps, bool(doc.get("complete")), doc.get("summary"), jumps)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


@dataclass
class FileReport:
    """The outcome of captioning one video.

    status: "done" (captioned from the start), "resumed" (continued a partial run), "skipped" (already
    complete with the same settings) or "failed" (``error`` says why).
    new: captions written by this run; captions: in the file now; seconds: wall time.
    """

    source: str
    status: str
    captions: int = 0
    new: int = 0
    duration: float = 0.0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    error: str | None = None


def state_path(outputs: dict[str, Path]) -> Path:
    """Where the resumable JSON document lives: the JSON output, else a hidden file beside the first output."""
    if "json" in outputs:
        return outputs["json"]
    first = next(iter(outputs.values()))
    return first.with_name(f".{first.stem}.captions.json")


def caption_file(
    pipeline: Pipeline,
    source: str,
    outputs: dict[str, Path],
    config: CaptionConfig | None = None,
    *,
    resume: bool = True,
    progress: bool = False,
    position: int = 0,
    desc: str | None = None,
    on_caption: Callable[[Caption], None] | None = None,
) -> FileReport:
    """Caption ``source`` into ``outputs`` ({format: path}), rewriting every output atomically after each
    caption, so an interrupted run loses at most the clip in progress; see the module docstring."""
    config = config or CaptionConfig()
    if not outputs:
        raise ValueError("no output format chosen")
    for fmt in outputs:
        if fmt not in FORMATS:
            raise ValueError(f"unknown caption format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    started = time.perf_counter()
    meta = caption_meta(pipeline, source, config, duration=0.0)
    state_file = state_path(outputs)
    state = (load_state(state_file, meta) if resume else None) or CaptionState()
    report = FileReport(
        source,
        "skipped" if state.complete else "resumed" if state.captions else "done",
        outputs=[*outputs.values()] + ([state_file] if "json" not in outputs else []),
    )
    doc = _CaptionDocument(outputs, state_file, meta, state)
    if state.complete and all(p.exists() for p in outputs.values()):
        report.captions = len(doc.captions)
        report.duration = doc.captions[-1].end if doc.captions else 0.0
        return report
    if state.complete:  # a format was added: write it from the state, no model needed
        report.status = "done"
    summary = state.summary
    if not state.complete:
        bar = tqdm(
            total=None,
            initial=round(doc.captions[-1].end if doc.captions else 0.0, 1),
            unit="s",
            desc=desc or Path(source).name,
            position=position,
            disable=not progress,
            leave=position == 0,
            dynamic_ncols=True,
        )
        try:
            report.new = _caption_rest(pipeline, source, config, doc, bar, on_caption)
        finally:
            bar.close()
    if config.summary and doc.captions and (summary is None or not state.complete):
        summary = summarize(pipeline, doc.captions)
    doc.save(complete=True, summary=summary)
    report.captions = len(doc.captions)
    report.duration = doc.duration()
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class _CaptionDocument:
    """A file's captions so far and every output written from them (the JSON document is the state)."""

    outputs: dict[str, Path]
    state_file: Path
    meta: dict
    state: CaptionState
    info: VideoPass = field(default_factory=VideoPass)
    captions: list[Caption] = field(init=False)

    def __post_init__(self) -> None:
        self.captions = list(self.state.captions)

    def duration(self) -> float:
        return self.info.duration or (self.captions[-1].end if self.captions else 0.0)

    def save(self, complete: bool, summary: str | None = None) -> None:
        """Rewrite every output (and the hidden state file when JSON is not one) atomically."""
        doc = {
            **self.meta,
            "duration": self.duration(),
            "complete": complete,
            "summary": summary,
            # where the video's own timestamps jumped; caption times run on over them (ingest.timeline)
            "discontinuities": self.state.discontinuities
            if self.info.info is None
            else self.info.discontinuities,
        }
        for fmt, path in self.outputs.items():
            write_atomic(path, render(self.captions, fmt, doc))
        if "json" not in self.outputs:
            write_atomic(self.state_file, render(self.captions, "json", doc))


def _caption_rest(
    pipeline: Pipeline,
    source: str,
    config: CaptionConfig,
    doc: _CaptionDocument,
    bar: tqdm,
    on_caption: Callable[[Caption], None] | None,
) -> int:
    """Caption ``source`` from the end of the last caption in ``doc``, saving after each; how many."""
    new = 0
    start = doc.captions[-1].end if doc.captions else 0.0
    for cap in caption_clips(pipeline, source, config, start=start, bar=bar, info=doc.info):
        doc.captions.append(cap)
        new += 1
        doc.save(complete=False)
        if on_caption is not None:
            on_caption(cap)
    return new
