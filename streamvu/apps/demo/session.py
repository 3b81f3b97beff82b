"""The live demo's state, without gradio: a :class:`~streamvu.pipeline.stream.Stream` over the chosen
source, the frames it saw (latest frame, bounded thumbnails), and the text the panels show.

One :class:`DemoSession` per watched stream; the models (:class:`DemoModels`) load once and are
shared by every stream the app starts.
"""

from __future__ import annotations

import bisect
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import numpy as np
from PIL import Image

from streamvu.apps.demo.guard import AddressGuard
from streamvu.apps.demo.policy import (
    FILE_OPTIONS,
    GUARDED_SCHEMES,
    SourcePolicy,
    check_file,
    check_stream_url,
    check_webcam,
    pinned_url,
    url_options,
    whitelist_refusal,
)
from streamvu.errors import SourceError
from streamvu.ingest.push import PushSource
from streamvu.ingest.source import VideoSource
from streamvu.messages import Answer, Frame

SOURCE_KINDS = ("File", "Stream URL", "Webcam")


# -- frames seen -------------------------------------------------------------------------------------
class ThumbStore:
    """Small thumbnails of the frames ingested, keyed by stream time, bounded to ``capacity``: when
    full, every other thumbnail of the older half is dropped, so old parts of a long stream keep
    sparser thumbnails instead of vanishing (like the memory they illustrate)."""

    def __init__(self, capacity: int = 600, width: int = 192) -> None:
        if capacity < 4:
            raise ValueError(f"capacity must be >= 4, got {capacity}")
        self.capacity, self.width = capacity, width
        self._times: list[float] = []
        self._images: list[np.ndarray] = []
        self._lock = threading.Lock()

    def add(self, t: float, rgb: np.ndarray) -> None:
        h, w = rgb.shape[:2]
        size = (self.width, max(1, round(h * self.width / max(w, 1))))
        thumb = (
            np.asarray(Image.fromarray(rgb).resize(size, Image.BILINEAR)) if w > self.width else rgb.copy()
        )
        with self._lock:
            if self._times and t <= self._times[-1]:
                return
            self._times.append(float(t))
            self._images.append(thumb)
            if len(self._times) > self.capacity:
                half = len(self._times) // 2
                self._times = self._times[:half:2] + self._times[half:]
                self._images = self._images[:half:2] + self._images[half:]

    def __len__(self) -> int:
        return len(self._times)

    def nearest(self, t: float) -> tuple[float, np.ndarray] | None:
        """The thumbnail closest in time to ``t`` (None when empty)."""
        with self._lock:
            if not self._times:
                return None
            i = bisect.bisect_left(self._times, t)
            best = min(
                (j for j in (i - 1, i) if 0 <= j < len(self._times)), key=lambda j: abs(self._times[j] - t)
            )
            return self._times[best], self._images[best]


class TapSource(VideoSource):
    """A video source passed through unchanged, remembering the latest frame and thumbnails. With a
    ``guard``, a stream that ends or fails after the guard refused one of its requests ends with
    the refusal as its error (not FFmpeg's "403 Forbidden")."""

    def __init__(  # noqa: D107 (no super: stats delegate)
        self, inner: VideoSource, thumbs: ThumbStore, guard: AddressGuard | None = None
    ) -> None:
        self.inner = inner
        self.info = inner.info
        self.thumbs = thumbs
        self.guard = guard
        self.latest: Frame | None = None
        self._closed = False
        self._lock = threading.Lock()

    @property
    def stats(self):  # type: ignore[override]
        return self.inner.stats

    @property
    def metrics(self) -> object | None:
        return self.inner.metrics

    def frames(self, sampler=None) -> Iterator[Frame]:
        try:
            for frame in self.inner.frames(sampler):
                self.latest = frame
                self.thumbs.add(frame.t, frame.rgb)
                yield frame
        except SourceError:
            self._refused()
            raise
        self._refused()

    def _refused(self) -> None:
        refusals = self.guard.refusals if self.guard is not None else []
        if refusals and not self._closed:
            raise SourceError(refusals[0])

    def close(self) -> None:
        self._closed = True
        try:
            self.inner.close()
        finally:
            if self.guard is not None:
                self.guard.close()


# -- models and one watched stream ---------------------------------------------------------------------
@dataclass
class DemoModels:
    """The models every stream of the demo shares, loaded once (lazily, thread-safely)."""

    config: object = None  # PipelineConfig; None: defaults
    encoder: object = None
    embedder: object = None
    answerer: object = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def pipeline(self, fps: float | None = None):
        """A fresh :class:`Pipeline` (empty memory) over the shared models (sampling ``fps`` frames a
        second when given, else the config's rate)."""
        import dataclasses

        from streamvu.answerers.registry import encoder_for, load_answerer
        from streamvu.encoders.text import TextEmbedder
        from streamvu.pipeline.engine import Pipeline, PipelineConfig, build_encoder

        with self._lock:
            if self.config is None:
                self.config = PipelineConfig()
            cfg = self.config
            device = cfg.resolved_device()
            if self.encoder is None:
                model = cfg.answerer.model
                self.encoder = build_encoder(cfg.encoder or encoder_for(model, cfg.answerer.served), device)
            if self.embedder is None:
                self.embedder = TextEmbedder(device)
            if self.answerer is None:
                self.answerer = load_answerer(
                    cfg.answerer, self.encoder, self.embedder, cfg.query.now_window_s
                )
            self.answerer.warm_up()  # load a lazy language model now, not in the first answer
        if fps is not None and fps != cfg.fps:
            cfg = dataclasses.replace(cfg, fps=float(fps))
        return Pipeline(cfg, encoder=self.encoder, embedder=self.embedder, answerer=self.answerer)


def resolve_choice(
    kind: str,
    video: str | None,
    sample: str | None,
    url: str | None,
    webcam,
    policy: SourcePolicy | None = None,
) -> tuple[str | int, bool]:
    """(source, is_file) for the source picked in the UI; ValueError with a hint when it is incomplete
    or when ``policy`` (default: a demo on loopback) does not let a visitor open it."""
    from streamvu.ingest.samples import PREFIX, SAMPLES, resolve_source

    policy = policy or SourcePolicy()
    if kind == "File":
        if video:
            return str(video), True  # an upload: gradio keeps it in its own cache folder
        if sample:
            if not sample.startswith(PREFIX) or sample[len(PREFIX) :] not in SAMPLES:
                raise ValueError(
                    f"unknown sample {sample[:60]!r}; choose one of: "
                    f"{', '.join(PREFIX + name for name in SAMPLES)}"
                )
            return resolve_source(sample), True
        raise ValueError("upload a video file or pick a sample first")
    if kind == "Stream URL":
        if not (url or "").strip():
            raise ValueError("type a stream URL (rtsp://, http(s)://, rtmp://, udp://, srt://) first")
        return check_stream_url(url or "", policy), False
    if kind == "Webcam":
        check_webcam(policy)
        try:
            index = int(webcam if webcam not in (None, "") else 0)
        except (TypeError, ValueError):
            raise ValueError(f"the webcam index must be a whole number, got {webcam!r}") from None
        if index < 0:
            raise ValueError(f"the webcam index must be >= 0, got {index}")
        return index, False
    raise ValueError(f"unknown source kind {kind!r}; choose one of: {', '.join(SOURCE_KINDS)}")


def _open(
    source: str | int, is_file: bool, backend: str, policy: SourcePolicy, speed: float, queue_size: int
) -> tuple[VideoSource, AddressGuard | None]:
    """Open a demo's file, URL or webcam under ``policy`` (and the guard of an http(s) URL's requests);
    ValueError with the reason when the policy refused a part of it."""
    from streamvu.ingest import open_video

    options, guard = None, None
    if is_file:  # decord and OpenCV take no FFmpeg options: PyAV, with the file-only whitelists
        backend, options = "pyav", dict(FILE_OPTIONS)
    elif not isinstance(source, int):
        if policy.checks_addresses and urlsplit(source).scheme.lower() in GUARDED_SCHEMES:
            guard = AddressGuard(policy.guard_resolver())
        options = url_options(source, guard.proxy if guard else None)
    try:
        inner = open_video(
            source if isinstance(source, int) or is_file else pinned_url(source, policy),
            backend,
            realtime=is_file,
            speed=speed if is_file else 1.0,
            queue_size=queue_size,
            options=options,
        )
    except Exception as exc:
        if guard is not None:
            guard.close()
        refusals = guard.refusals if guard is not None else []
        reason = refusals[0] if refusals else whitelist_refusal(str(source), is_file, exc)
        if reason:
            raise ValueError(reason) from None
        raise
    if guard is not None and guard.refusals:  # opened, but a hop or segment was refused
        inner.close()
        guard.close()
        raise ValueError(guard.refusals[0])
    return inner, guard


class DemoSession:
    """One watched stream: a file replayed in real time (``speed`` x), a URL, a webcam, or frames
    pushed from the visitor's browser (``source`` an opened :class:`VideoSource`, e.g. a
    :class:`~streamvu.ingest.push.PushSource`: nothing is opened for it; ``fps`` its sampling rate).

    ``policy`` (default: a demo on loopback) decides what FFmpeg may open for it (see
    :mod:`~streamvu.apps.demo.policy`): a file is read by PyAV as one self-contained video; a URL
    with its scheme's protocols only, and, when the policy checks addresses, an http(s) URL with
    every request through an :class:`~streamvu.apps.demo.guard.AddressGuard`.
    """

    def __init__(
        self,
        models: DemoModels,
        source: str | int | VideoSource,
        is_file: bool,
        speed: float = 1.0,
        queue_size: int = 8,
        thumbs: int = 600,
        policy: SourcePolicy | None = None,
        fps: float | None = None,
    ) -> None:
        from streamvu.pipeline.stream import Stream, StreamConfig

        if not speed > 0:
            raise ValueError(f"speed must be > 0, got {speed}")
        policy = policy or SourcePolicy()
        pushed = isinstance(source, VideoSource)
        is_file = is_file and not pushed
        if is_file:
            check_file(str(source))
        pipeline = models.pipeline(fps)
        cfg = pipeline.config
        self.source = source
        self.is_file = is_file
        self.thumbs = ThumbStore(thumbs)
        if pushed:
            inner, guard = source, None
        else:
            inner, guard = _open(source, is_file, cfg.backend, policy, speed, queue_size)
        self.tap = TapSource(inner, self.thumbs, guard)
        self.stream = Stream(
            self.tap,
            StreamConfig(pipeline=cfg, realtime=is_file, speed=speed, queue_size=queue_size),
            pipeline=pipeline,
        )
        self.started = time.time()
        self.last_answer: Answer | None = None

    @property
    def name(self) -> str:
        if isinstance(self.source, VideoSource):
            return self.source.info.source
        return f"webcam {self.source}" if isinstance(self.source, int) else os.path.basename(str(self.source))

    def close(self) -> None:
        if isinstance(self.tap.inner, PushSource):  # pushed frames: the end now, not after a timeout
            self.tap.inner.end()
        self.stream.close(cancel=True, timeout=3.0)

    def ask(self, question: str) -> Iterator[tuple[str, Answer | None]]:
        """Yield (text so far, None) while the answer streams, then (final text, Answer)."""
        pieces = self.stream.ask_stream(question)
        text = ""
        for piece in pieces:
            text += piece
            yield text, None
        answer = pieces.answer()
        self.last_answer = answer
        yield answer.text, answer

    # -- panels ------------------------------------------------------------------------------------
    def latest_frame(self) -> np.ndarray | None:
        frame = self.tap.latest
        return None if frame is None else frame.rgb

    def evidence_gallery(self, answer: Answer | None = None) -> list[tuple[np.ndarray, str]]:
        """Thumbnails of the clips an answer relied on (default: the last answer), with their times."""
        answer = answer or self.last_answer
        out = []
        for ev in (answer.evidence if answer else [])[:12]:
            found = self.thumbs.nearest(0.5 * (ev.start + ev.end))
            if found is not None:
                out.append((found[1], f"{span(ev.start, ev.end)}: {ev.trace}"))
        return out

    def metrics_markdown(self) -> str:
        return metrics_markdown(self.stream.metrics(), self.name)

    def memory_markdown(self) -> str:
        return memory_markdown(self.stream.memory)


# -- text of the panels -----------------------------------------------------------------------------------
def clock(seconds: float) -> str:
    """12.0 -> '0:12.0'; 3725.5 -> '1:02:05.5'."""
    minutes, s = divmod(max(0.0, seconds), 60)
    h, m = divmod(int(minutes), 60)
    return f"{h}:{m:02d}:{s:04.1f}" if h else f"{m}:{s:04.1f}"


def span(start: float, end: float) -> str:
    return clock(start) if end - start < 0.05 else f"{clock(start)}–{clock(end)}"


def answer_markdown(text: str, answer: Answer | None) -> str:
    """The chat message of an answer: its text, then clickable evidence timestamps (``#t=SECONDS``
    links; the page's script seeks the player there) and the latency."""
    if answer is None:
        return text or "…"
    lines = [answer.text.strip() or "(no answer)"]
    if answer.evidence:
        links = " · ".join(
            f"[{span(e.start, e.end)}](#t={e.start:.2f}) {e.trace.split(',')[0].strip()}"
            for e in answer.evidence[:8]
        )
        lines.append(f"**Evidence:** {links}")
    asked = answer.question.asked_at
    extra = (
        f", answered at {clock(answer.answered_at)}" if answer.mode == "future" and answer.answered_at else ""
    )
    lines.append(
        f"*{answer.mode} question at {clock(asked)}{extra} · {answer.latency:.2f} s · "
        f"{answer.kept_tokens}/{answer.total_tokens} visual tokens*"
    )
    return "\n\n".join(lines)


def _fmt(value: float | None, unit: str = "", digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}{unit}"


def metrics_markdown(m, name: str = "") -> str:
    """A :class:`StreamMetrics` as a small Markdown table."""
    lat = m.latency
    rows = [
        ("source", name or "–"),
        ("state", m.state),
        ("stream time", "–" if m.stream_time is None else clock(m.stream_time)),
        ("ingest fps", _fmt(m.ingest_fps, "", 2)),
        ("speed", _fmt(m.speed, "x", 2)),
        ("lag", _fmt(m.lag_s, " s")),
        ("drops", str(m.drops)),
        ("frames ingested", str(m.frames_ingested)),
        ("answer latency p50 / p95", f"{_fmt(lat.latency_p50, ' s')} / {_fmt(lat.latency_p95, ' s')}"),
        ("first token p50", _fmt(lat.ttft_p50, " s")),
        ("answered / pending", f"{m.answered} / {m.pending + m.answering}"),
    ]
    if m.error:
        rows.append(("error", m.error))
    return "| metric | value |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)


def layer_rows(snapshot, config) -> list[tuple[str, int, int | None, int, str, str]]:
    """(layer, entries, capacity, frames merged in, tokens per entry, time span) per pyramid layer,
    bottom (newest) first, then the archive and the spilled entries."""
    sizes = list(snapshot.layer_sizes)
    top = len(sizes) - 1
    short = list(snapshot.short_term)  # layers top-1 ... 0, oldest layer first
    long = list(snapshot.long_term)  # spilled, archive, top layer
    groups: dict[int, list] = {}
    pos = 0
    for i in reversed(range(top)):
        groups[i] = short[pos : pos + sizes[i]]
        pos += sizes[i]
    groups[top] = long[len(long) - sizes[top] :] if sizes[top] else []
    spilled = long[: snapshot.spilled_size]
    archive = long[snapshot.spilled_size : snapshot.spilled_size + snapshot.archive_size]
    rows = []
    for i, spec in enumerate(config.layers):
        rows.append(_row(f"layer {i}", groups.get(i, []), spec.capacity, spec.tokens_per_frame))
    if archive or config.archive_capacity:
        rows.append(_row("archive", archive, config.archive_capacity, None))
    if spilled:
        rows.append(_row("spilled", spilled, None, None))
    return rows


def _row(name: str, entries: list, capacity: int | None, tpf: int | None):
    frames = sum(e.frames for e in entries)
    tokens = str(tpf) if tpf else (str(int(entries[-1].tokens.shape[0])) if entries else "full")
    when = span(entries[0].start, entries[-1].end) if entries else "–"
    return name, len(entries), capacity, frames, tokens, when


def memory_markdown(memory) -> str:
    """The pyramid memory now: entries, frames and tokens per layer, as a Markdown table."""
    snapshot = memory.snapshot()
    rows = layer_rows(snapshot, memory.config)
    table = "\n".join(
        f"| {name} | {n}{'' if cap is None else f' / {cap}'} | {frames} | {tokens} | {when} |"
        for name, n, cap, frames, tokens, when in rows
    )
    mb = memory.nbytes() / 2**20
    return (
        f"**{len(snapshot)} entries · {snapshot.frames_seen} frames seen · {mb:.1f} MiB**\n\n"
        "| layer | entries | frames | tokens / entry | covers |\n|---|---|---|---|---|\n" + table
    )
