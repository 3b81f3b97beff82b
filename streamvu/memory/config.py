"""Configuration of the pyramid memory bank: :class:`LayerSpec` and :class:`MemoryConfig`.

Both are plain dataclasses validated in ``__post_init__`` (bad values raise ``ValueError``),
and both round-trip through :meth:`MemoryConfig.to_dict` / :meth:`MemoryConfig.from_dict`,
which persistence uses for the manifest and its config hash.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

KeyKind = Literal["text", "visual", "both"]
_KEYS = ("text", "visual", "both")


def _is_int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


@dataclass(frozen=True)
class LayerSpec:
    """One layer of the pyramid.

    capacity: how many entries the layer holds at most (>= 1).
    tokens_per_frame: tokens kept per entry, a perfect square ``s*s``: an entry promoted into
        this layer is spatially pooled (adaptive average pool over its (h, w) grid) to an
        ``(s, s)`` grid, or to ``(min(s, h), min(s, w))`` when its grid is already smaller
        (pooling never up-samples). ``None`` keeps tokens as the encoder gives them.
    """

    capacity: int
    tokens_per_frame: int | None = None

    def __post_init__(self) -> None:
        if not _is_int(self.capacity) or self.capacity < 1:
            raise ValueError(f"LayerSpec.capacity must be an int >= 1, got {self.capacity!r}")
        tpf = self.tokens_per_frame
        if tpf is not None:
            if not _is_int(tpf) or tpf < 1:
                raise ValueError(f"LayerSpec.tokens_per_frame must be None or an int >= 1, got {tpf!r}")
            if math.isqrt(tpf) ** 2 != tpf:
                raise ValueError(
                    f"LayerSpec.tokens_per_frame must be a perfect square (pooled to an s x s grid), got {tpf}"
                )

    @property
    def side(self) -> int | None:
        """``s`` of the ``(s, s)`` pooled grid, or None for full tokens."""
        return None if self.tokens_per_frame is None else math.isqrt(self.tokens_per_frame)


DEFAULT_LAYERS = (LayerSpec(4, None), LayerSpec(16, 16), LayerSpec(64, 4))


@dataclass(frozen=True)
class MemoryConfig:
    """How the pyramid memory bank is laid out.

    layers: the pyramid, bottom (layer 0, newest frames) first. Lower layers hold few recent
        entries with many tokens, higher layers more, older entries with fewer tokens. Layers
        below the top form the short-term store, the top layer (+ archive) the long-term store.
        ``tokens_per_frame`` must not increase going up, and once a layer sets it every higher
        layer must set it too. Default: 4 x full tokens, 16 x 16 tokens, 64 x 4 tokens.
        Tuples ``(capacity, tokens_per_frame)`` are accepted and converted to :class:`LayerSpec`.
    merge_threshold: cosine similarity (pooled features) at or above which the most redundant
        adjacent pair of an overflowing layer is merged in place instead of promoting the
        layer's oldest entry up. In [-1, 1]; -1 always merges, 1 merges only duplicates.
    archive_capacity: entries kept in the bounded long-term archive beyond the top layer (>= 0).
        The top layer's promotions go there; when it overflows its most similar adjacent pair
        is merged (or its oldest entry spilled, see below). 0 = no archive: the top layer
        merges its most similar adjacent pair instead of promoting.
    archive_spill_dir: optional directory. When set, archive overflow moves the oldest archive
        entry to disk (memory-mapped ``.npy`` segments, still retrievable) instead of merging,
        so nothing is forgotten; RAM stays bounded, disk grows with the stream. Needs
        ``archive_capacity >= 1``. Not part of :meth:`config_hash` (it is a location).
    key: which embedding retrieval ranks long-term entries by.
        ``"text"`` (default): the entries' ``text_key`` (the label-text embedding); queries must
        have the text-key dimension. When the memory holds no text key at all (an encoder
        without a label head) it falls back to the visual pooled features, and queries must
        then have the token dimension D.
        ``"visual"``: the unit-normalised pooled features; queries must have dimension D.
        ``"both"``: either, chosen by the query's dimension (text keys win when they are equal).
        Entries without a text key are never returned by a text query.
    max_labels: labels kept per entry when merging (the union, top by max probability).
    """

    layers: tuple[LayerSpec, ...] = DEFAULT_LAYERS
    merge_threshold: float = 0.95
    archive_capacity: int = 256
    archive_spill_dir: str | Path | None = None
    key: KeyKind = "text"
    max_labels: int = 5

    def __post_init__(self) -> None:
        layers = tuple(
            spec if isinstance(spec, LayerSpec) else LayerSpec(*spec) for spec in (self.layers or ())
        )
        object.__setattr__(self, "layers", layers)
        if not layers:
            raise ValueError("MemoryConfig.layers must hold at least one LayerSpec")
        seen_set = False
        prev: int | None = None
        for i, spec in enumerate(layers):
            tpf = spec.tokens_per_frame
            if tpf is None and seen_set:
                raise ValueError(
                    f"MemoryConfig.layers[{i}] keeps full tokens above a pooled layer; "
                    "tokens_per_frame must be set on every layer above the first pooled one"
                )
            if tpf is not None:
                if prev is not None and tpf > prev:
                    raise ValueError(
                        f"MemoryConfig.layers[{i}].tokens_per_frame={tpf} exceeds the layer below ({prev}); "
                        "higher layers keep fewer tokens per frame"
                    )
                seen_set, prev = True, tpf
        if (
            not isinstance(self.merge_threshold, (int, float))
            or not -1.0 <= float(self.merge_threshold) <= 1.0
        ):
            raise ValueError(f"MemoryConfig.merge_threshold must be in [-1, 1], got {self.merge_threshold!r}")
        if not _is_int(self.archive_capacity) or self.archive_capacity < 0:
            raise ValueError(
                f"MemoryConfig.archive_capacity must be an int >= 0, got {self.archive_capacity!r}"
            )
        if self.archive_spill_dir is not None:
            if self.archive_capacity < 1:
                raise ValueError(
                    "MemoryConfig.archive_spill_dir needs archive_capacity >= 1 (it spills the archive)"
                )
            object.__setattr__(self, "archive_spill_dir", Path(self.archive_spill_dir))
        if self.key not in _KEYS:
            raise ValueError(f"MemoryConfig.key must be one of {_KEYS}, got {self.key!r}")
        if not _is_int(self.max_labels) or self.max_labels < 1:
            raise ValueError(f"MemoryConfig.max_labels must be an int >= 1, got {self.max_labels!r}")

    @property
    def top(self) -> int:
        """Index of the top layer."""
        return len(self.layers) - 1

    def max_entries(self) -> int:
        """Entries held in RAM at most (layers + archive); spilled entries are on disk."""
        return sum(spec.capacity for spec in self.layers) + self.archive_capacity

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict that :meth:`from_dict` turns back into an equal config."""
        return {
            "layers": [[spec.capacity, spec.tokens_per_frame] for spec in self.layers],
            "merge_threshold": float(self.merge_threshold),
            "archive_capacity": self.archive_capacity,
            "archive_spill_dir": None if self.archive_spill_dir is None else str(self.archive_spill_dir),
            "key": self.key,
            "max_labels": self.max_labels,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MemoryConfig:
        """Inverse of :meth:`to_dict`; raises ``ValueError``/``KeyError``/``TypeError`` on bad data."""
        return cls(
            layers=tuple(LayerSpec(int(c), None if t is None else int(t)) for c, t in data["layers"]),
            merge_threshold=float(data["merge_threshold"]),
            archive_capacity=int(data["archive_capacity"]),
            archive_spill_dir=data.get("archive_spill_dir"),
            key=data["key"],
            max_labels=int(data["max_labels"]),
        )

    def config_hash(self) -> str:
        """sha256 of the structural fields (everything but ``archive_spill_dir``)."""
        data = self.to_dict()
        data.pop("archive_spill_dir")
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
