"""The pipeline: source -> sampler -> encoder -> memory, and questions answered from memory.

``Pipeline.ingest`` reads a video up to a time and feeds memory; ``Pipeline.ask`` answers from a
snapshot of memory. Heavy parts (the language model) load on first use.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from tqdm.auto import tqdm

from streamvu.answerers.base import Answerer, FrameKeeper
from streamvu.answerers.registry import encoder_for, load_answerer
from streamvu.encoders.base import VisionEncoder, batch_size_of
from streamvu.encoders.stream import stream_encoder
from streamvu.encoders.text import TextEmbedder
from streamvu.errors import ModelError, QuestionError
from streamvu.ingest import SamplerConfig, VideoInfo, open_video
from streamvu.ingest.source import VideoSource
from streamvu.memory import PyramidMemory
from streamvu.messages import Answer, ChoiceScoring, Frame, FrameTokens, QuestionMode
from streamvu.pipeline.config import PipelineConfig, check_device
from streamvu.pipeline.query import QueryHandler
from streamvu.pipeline.request import AskRequest


def build_encoder(name: str, device: str = "cpu", dtype: str = "auto") -> VisionEncoder:
    """The vision encoder called ``name``; unknown names raise ModelError listing the choices.

    "efficientnet-lite0" (the embedded default), or a Hugging Face VLM by hub name or local path
    (Qwen2.5-VL, SmolVLM/SmolVLM2/Idefics3, LLaVA-OneVision): its vision tower + projector, giving
    tokens in the LLM's embedding space. dtype "auto" is bfloat16 on CUDA, float32 on CPU.
    """
    from streamvu.errors import ModelError

    if name.strip().lower() in ("efficientnet-lite0", "efficientnet", "embedded"):
        from streamvu.encoders.efficientnet import EfficientNetConfig, EfficientNetLite0Encoder

        return EfficientNetLite0Encoder(EfficientNetConfig(device=device))
    from streamvu.encoders.hf import load_vlm_encoder
    from streamvu.models.hf_vlm import SUPPORTED_FAMILIES

    try:
        return load_vlm_encoder(name, device=device, dtype=dtype)
    except ModelError as exc:
        raise ModelError(
            f"unknown vision encoder {name!r}; choose efficientnet-lite0, or a Hugging Face model name or "
            f"local path of a supported VLM family ({', '.join(SUPPORTED_FAMILIES)}). Details: {exc}"
        ) from exc


class Pipeline:
    """One video stream's models, memory and query handler."""

    def __init__(
        self,
        config: PipelineConfig | None = None,
        *,
        encoder: VisionEncoder | None = None,
        embedder: TextEmbedder | None = None,
        answerer: Answerer | None = None,
    ) -> None:
        config = config or PipelineConfig()
        self.config = replace(config, device=config.resolved_device())  # "auto" resolved on this machine
        check_device(self.config.device)
        answer = self.config.answerer
        if encoder is None:
            # a VLM answerer reads its own vision tower's tokens: with the default encoder, encode with it
            # (load_answerer then shares the loaded model instead of loading it twice)
            name = self.config.encoder or encoder_for(answer.model, answer.served)
            try:
                encoder = build_encoder(name, self.config.device)
            except ModelError as exc:
                if self.config.encoder is not None:
                    raise
                raise ModelError(
                    f"unknown answer model {answer.model!r}; choose grounded (or its alias "
                    "embedded), smollm2, or a Hugging Face model name or local path of a supported VLM. "
                    f"Details: {exc}"
                ) from exc
        self.encoder = encoder
        self.embedder = embedder or TextEmbedder(self.config.device)
        self.answerer = answerer or load_answerer(
            answer, self.encoder, self.embedder, self.config.query.now_window_s
        )
        key = self.answerer.memory_key  # VLM memories have no labels: retrieve by visual keys
        if key is not None and self.config.memory.key == "text":
            self.config = replace(self.config, memory=replace(self.config.memory, key=key))
        self.memory = PyramidMemory(self.config.memory)
        self.queries = QueryHandler(self.config.query, self.embedder, self.answerer, self.config.device)
        self.info: VideoInfo | None = None

    # -- ingest ------------------------------------------------------------------------------
    def encode(self, frames: Sequence[Frame], encoder: VisionEncoder | None = None) -> list[FrameTokens]:
        """Encode frames (with ``encoder``, default ``self.encoder``) and attach each frame's text key."""
        items = (encoder or self.encoder).encode(frames)
        keys = self.embedder.embed([item.trace for item in items])
        for item, key in zip(items, keys, strict=True):
            item.text_key = key
        if isinstance(self.answerer, FrameKeeper) and len(items) == len(frames):  # a served model's JPEGs
            for item, frame in zip(items, frames, strict=True):
                item.thumbnail = self.answerer.keep_frame(frame)
        return items

    def encoded(
        self,
        source: str | os.PathLike,
        until: float | None = None,
        progress: bool = False,
        *,
        frame_fps: float | None = None,
        time_offset: float | None = None,
        start: float = 0.0,
        on_open: Callable[[VideoSource], None] | None = None,
    ) -> Iterator[FrameTokens]:
        """Sample ``source`` at ``config.fps`` up to ``until`` seconds and yield encoded frames in order,
        in batches of the encoder's batch size (the one encode loop: ingest, captions and eval use it).

        frame_fps, time_offset: for a folder of frames, override ``config.frame_fps`` / ``config.time_offset``.
        start: the first second yielded, on the same time grid as a pass from 0 (a resumed caption run).
        on_open: called with the opened source before its first frame is read (its info, its jumps).

        Raises SourceError for unreadable sources and QuestionError when ``until`` lies past the end.
        """
        if os.path.isdir(source):  # a folder of frames: the config's frame rate unless given here
            frame_fps = self.config.frame_fps if frame_fps is None else frame_fps
            time_offset = self.config.time_offset if time_offset is None else time_offset
        folder = {"frame_fps": frame_fps, "time_offset": time_offset or 0.0}
        grid = math.floor(start * self.config.fps + 1e-6) / self.config.fps
        sampler = SamplerConfig(
            fps=self.config.fps, start=max(0.0, grid), end=until, max_side=self.config.max_side
        )
        with open_video(
            source,
            backend=self.config.backend,
            sampler=sampler,
            fast_decode=self.config.fast_decode,
            **folder,
        ) as video:
            self.info = video.info
            check_time_in_video(until, video.info)
            if on_open is not None:
                on_open(video)
            end = until if until is not None else video.info.duration
            bar = tqdm(total=round(end, 1), unit="s", desc="encode", disable=not progress, leave=False)
            batch: list[Frame] = []
            size = batch_size_of(self.encoder)
            encoder = stream_encoder(
                self.encoder,
                source,
                self.config.temporal_reuse,
                self.config.disk_cache,
                extra=self.config.decoder_key(),
                sightings=self.config.sightings,
            )
            for frame in video.frames(sampler):
                if frame.t < start - 1e-6:
                    continue
                batch.append(frame)
                if len(batch) >= size:
                    yield from self._flush(batch, bar, encoder)
            yield from self._flush(batch, bar, encoder)
            bar.close()

    def _flush(
        self, batch: list[Frame], bar: tqdm, encoder: VisionEncoder | None = None
    ) -> Iterator[FrameTokens]:
        if not batch:
            return
        items = self.encode(batch, encoder)
        bar.update(round(batch[-1].t - bar.n, 1) if batch[-1].t > bar.n else 0)
        batch.clear()
        yield from items

    def ingest(self, source: str | os.PathLike, until: float | None = None, progress: bool = False) -> int:
        """Feed memory with ``source`` up to ``until`` seconds; returns the number of frames added."""
        count = 0
        for item in self.encoded(source, until, progress):
            self.memory.add(item)
            count += 1
        return count

    # -- questions ---------------------------------------------------------------------------
    def ask(
        self,
        text: str,
        at: float | None = None,
        mode: QuestionMode = "auto",
        on_token: Callable[[str], None] | None = None,
        options: Sequence[str] = (),
        prompt: str | None = None,
        choice_scoring: ChoiceScoring = "auto",
    ) -> Answer:
        """Answer ``text`` as if asked at ``at`` seconds (default: the latest frame in memory).

        options: the choices of a multiple-choice question (the answer names one by its letter).
        prompt: the exact text a generative model is given (a benchmark's official prompt); None lets
            the answerer lay out ``text`` and ``options``.
        choice_scoring: how such a question is decided (see :data:`~streamvu.messages.ChoiceScoring`);
            the chosen letter is ``Answer.choice`` when it was decided by scoring.
        The arguments make one :class:`~streamvu.pipeline.request.AskRequest`, which raises
        :class:`QuestionError` for a wrong value (an unknown mode or choice scoring, a negative time).
        """
        request = AskRequest(text, at, mode, options, prompt, choice_scoring)
        snapshot = self.memory.snapshot()
        if request.at is not None:
            at = request.at
        elif snapshot.latest_t is not None:
            at = snapshot.latest_t
        else:
            raise QuestionError("no frame has arrived yet; nothing to answer from")
        question = request.question(at)
        return self.queries.answer(question, snapshot, on_token)


def check_time_in_video(t: float | None, info: VideoInfo) -> None:
    """Raise QuestionError when ``t`` is negative or past the end of a (non-live) video."""
    if t is None:
        return
    if t < 0:
        raise QuestionError(f"time {t} s is negative")
    if not info.live and info.duration > 0 and t > info.duration + 0.5:
        raise QuestionError(f"time {t:.1f} s is past the end of the video ({info.duration:.1f} s long)")
