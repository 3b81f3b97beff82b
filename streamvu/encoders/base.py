"""The interface every vision encoder implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from streamvu.messages import Frame, FrameTokens


@runtime_checkable
class VisionEncoder(Protocol):
    """Turns frames into visual tokens.

    ``encode`` takes a batch of frames and returns one :class:`FrameTokens` per frame, in order,
    with ``tokens`` of shape (grid[0] * grid[1], dim) and ``pooled`` of shape (dim,), float32 on CPU.
    """

    name: str
    dim: int
    grid: tuple[int, int]

    def encode(self, frames: Sequence[Frame]) -> list[FrameTokens]: ...


# -- capabilities an encoder may declare (checked with isinstance, never probed by name) -----------------


@runtime_checkable
class BatchedEncoder(Protocol):
    """An encoder with a preferred batch: ``batch_size`` frames per forward pass."""

    batch_size: int


@runtime_checkable
class ConfiguredEncoder(Protocol):
    """An encoder with settings; without a ``cache_id``, their repr identifies its output."""

    config: object


@runtime_checkable
class IdentifiedEncoder(Protocol):
    """An encoder that says what identifies its output (``cache_id``; the disk feature cache keys on it)."""

    cache_id: str


@runtime_checkable
class RegionEncoder(Protocol):
    """An encoder that can recompute part of a frame (the temporal feature cache's partial hits) when
    ``supports_regions``; see :func:`streamvu.encoders.feature_cache.region_encoder`."""

    supports_regions: bool

    def encode_regions(self, frames: Sequence[Frame], boxes: Sequence[tuple[int, int, int, int]]) -> list: ...


@runtime_checkable
class Labeller(Protocol):
    """An encoder that names what a pooled feature shows (the ImageNet head of EfficientNet-Lite0)."""

    def labels_for_pooled(self, pooled, top_k: int | None = None) -> list: ...


@runtime_checkable
class ImageNetHead(Protocol):
    """An encoder whose features its ImageNet-1k head reads: ``class_probs`` maps (m, dim) features to
    (m, 1000) class probabilities."""

    def class_probs(self, pooled): ...


DEFAULT_BATCH_SIZE = 16


def batch_size_of(encoder: object) -> int:
    """Frames per batch for ``encoder``: its ``batch_size``, or :data:`DEFAULT_BATCH_SIZE`."""
    return encoder.batch_size if isinstance(encoder, BatchedEncoder) else DEFAULT_BATCH_SIZE


def config_of(encoder: object) -> object | None:
    """``encoder.config``, or None for an encoder without settings."""
    return encoder.config if isinstance(encoder, ConfiguredEncoder) else None


def class_head_of(encoder: object):
    """The ``class_probs`` of ``encoder`` or of the encoder it wraps (through any number of
    :class:`EncoderWrapper`), or None where no encoder in the chain has an ImageNet head."""
    while True:
        if isinstance(encoder, ImageNetHead):
            return encoder.class_probs
        if not isinstance(encoder, EncoderWrapper):
            return None
        encoder = encoder.encoder


def cache_id_of(encoder: VisionEncoder) -> str:
    """What identifies an encoder's output: its ``cache_id``, or its name and the repr of its config."""
    if isinstance(encoder, IdentifiedEncoder) and encoder.cache_id:
        return encoder.cache_id
    return f"{encoder.name}|{config_of(encoder)!r}"


class EncoderWrapper:
    """Base of encoders that wrap another (feature caches, disk cache, sightings): ``name``, ``dim``,
    ``grid``, ``config`` and ``batch_size`` are the wrapped encoder's; subclasses define ``encode``."""

    def __init__(self, encoder: VisionEncoder) -> None:
        self.encoder = encoder
        self.name, self.dim, self.grid = encoder.name, encoder.dim, encoder.grid

    @property
    def config(self):
        """The wrapped encoder's config."""
        return config_of(self.encoder)

    @property
    def batch_size(self) -> int:
        """The wrapped encoder's batch size (it sets the pipeline's batches)."""
        return batch_size_of(self.encoder)
