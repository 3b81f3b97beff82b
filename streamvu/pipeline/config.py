"""The settings of a pipeline, one tree: :class:`PipelineConfig` and what it holds.

Each setting has one name, at one place in the tree::

    StreamConfig                 how a Stream runs: workers, realtime, timeouts, trigger (TriggerConfig)
      pipeline: PipelineConfig   reading, encoding, memory, questions, the answer model
        memory: MemoryConfig
        query: QueryConfig       now window, retrieval, pruning (prune: PruneWeights)
        temporal_reuse: TemporalReuseConfig | None
        answerer: AnswererConfig model, and per kind: grounding, vlm, served (ServedConfig | None)

The command line's pipeline options are these fields (``streamvu.apps.common.PIPELINE_FLAGS`` maps each
flag to its field; ``tests/test_config_tree.py`` checks the two against each other).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from streamvu.answerers.config import AnswererConfig
from streamvu.encoders.feature_cache import TemporalReuseConfig
from streamvu.ingest.source import BackendChoice
from streamvu.memory import MemoryConfig
from streamvu.pipeline.query import QueryConfig

__all__ = ["AnswererConfig", "PipelineConfig", "TemporalReuseConfig", "check_device"]


@dataclass(frozen=True)
class PipelineConfig:
    """Settings of a whole pipeline; each stage keeps its own config.

    fps: frames sampled per second of video.
    backend: decoder, "auto" | "pyav" | "decord" | "opencv" (:data:`~streamvu.ingest.source.BackendChoice`;
        checked, case-insensitively, when a source is opened).
    max_side: frames are downscaled so their longer side is at most this before encoding.
    fast_decode: skip the H.264/HEVC deblocking filter when a file is read directly (``ask``,
        ``caption``, ``eval``, streams without ``realtime``): ~15-20% faster decoding, frames with faint
        block edges; PyAV backend. Real-time replays and live sources always decode exactly.
    frame_fps, time_offset: a source that is a folder of images is read at ``frame_fps`` images per
        second, its first image at ``time_offset`` seconds (see ``streamvu.ingest.frame_folder``).
    encoder: vision encoder name; None (default) uses the one the answerer reads (efficientnet-lite0
        for the grounded and smollm2 answerers, a VLM's own vision tower for that VLM).
    device: torch device for the models: "auto" (default: CUDA for a Hugging Face VLM when this
        machine has it, else CPU; resolved when the :class:`~streamvu.pipeline.engine.Pipeline` is
        built, so a Ray worker resolves it on its own machine), "cpu", "cuda", "cuda:N".
    sightings: look for people, faces, motion and scene changes in every sampled frame (OpenCV's
        face cascade and HOG people detector, frame differencing; a few ms a frame) and keep them in
        ``FrameTokens.sightings`` and memory; False skips it.
    temporal_reuse: reuse the tokens of unchanged frames/patches within one stream (approximate, see
        ``streamvu.encoders.feature_cache``); None (default) encodes every frame.
    disk_cache: directory of the on-disk feature cache for video files ("auto": ``cache_root()/features``,
        i.e. ``$STREAMVU_CACHE_DIR/features``); a later run over the same file with the same sampling
        and encoder reads features instead of encoding. None (default) is off.
    memory, query: the stage configs.
    answerer: the answer model and its settings (:class:`~streamvu.answerers.config.AnswererConfig`);
        a string is taken as its ``model``.
    """

    fps: float = 1.0
    backend: BackendChoice = "auto"
    max_side: int | None = 448
    fast_decode: bool = False
    frame_fps: float | None = None
    time_offset: float = 0.0
    encoder: str | None = None
    device: str = "auto"
    sightings: bool = True
    temporal_reuse: TemporalReuseConfig | None = None
    disk_cache: str | None = None
    memory: MemoryConfig = field(default_factory=MemoryConfig)
    query: QueryConfig = field(default_factory=QueryConfig)
    answerer: AnswererConfig = field(default_factory=AnswererConfig)

    def __post_init__(self) -> None:
        if isinstance(self.answerer, str):  # PipelineConfig(answerer="smollm2"): the model's name
            object.__setattr__(self, "answerer", AnswererConfig(model=self.answerer))
        if not self.fps > 0:
            raise ValueError(f"fps must be > 0, got {self.fps}")
        if self.frame_fps is not None and not (0 < self.frame_fps < float("inf")):
            raise ValueError(f"frame_fps must be a number > 0, got {self.frame_fps}")
        if not (0 <= self.time_offset < float("inf")):
            raise ValueError(f"time_offset must be a number of seconds >= 0, got {self.time_offset}")
        check_device(self.device)

    def decoder_key(self) -> dict:
        """What about decoding changes the frames (part of the disk feature cache key)."""
        return {"backend": self.backend, "fast_decode": self.fast_decode}

    def resolved_device(self) -> str:
        """``device`` with "auto" resolved: CUDA for a Hugging Face VLM when this machine has it, else CPU
        (the grounded and smollm2 answerers are small; with a server, only memory's encoder runs here)."""
        if self.device != "auto":
            return self.device
        from streamvu.answerers.registry import is_embedded

        if self.answerer.served is not None or is_embedded(self.answerer.model):
            return "cpu"
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"


def check_device(device: str) -> None:
    """ValueError for a device string torch does not know, or a CUDA device this machine lacks ("auto" is
    checked once resolved)."""
    if device == "auto":
        return
    import torch

    try:
        dev = torch.device(device)
    except (RuntimeError, ValueError) as exc:
        raise ValueError(f"unknown device {device!r}: use auto, cpu, cuda or cuda:N") from exc
    if dev.type == "cuda":
        count = torch.cuda.device_count()
        if count == 0:
            raise ValueError(f"device {device!r} was asked for but this machine has no usable CUDA GPU")
        if dev.index is not None and dev.index >= count:
            raise ValueError(f"device {device!r} does not exist: this machine has {count} CUDA GPU(s)")
