"""Temporal feature cache (the STC-Cacher idea): reuse tokens of frames that did not change.

Each new frame is compared with the frame whose features the cache holds, cell by cell: the frame
is shrunk (as the encoder would see it, square) to a thumbnail of ``stats_cell`` x ``stats_cell``
pixels per token cell, and a cell counts as *changed* when its mean absolute difference from the
reference (0..1 scale) exceeds ``threshold``. Then, per frame:

* no cell changed -> **hit**: the reference tokens are reused, the encoder is not called;
* a few cells changed and the encoder can encode a region (``encode_regions``: Qwen2.5-VL)
  -> **partial**: only the bounding box of the changed cells (plus context) is
  recomputed and pasted into the reference tokens;
* otherwise, or every ``refresh_every`` frames, or for the first frame -> **miss**: the whole frame.

The reference for a cell is the frame its tokens were last computed from (not the previous frame),
so slow drift cannot accumulate past the threshold. Reused tokens are approximations: the pixel
change of reused cells is summed as an *estimated* error, and with ``audit_every`` some reused
frames are also encoded in full to *measure* the token cosine (see :class:`CacheMetrics`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import torch
from PIL import Image

from streamvu.encoders.base import (
    EncoderWrapper,
    Labeller,
    RegionEncoder,
    VisionEncoder,
    cache_id_of,
)
from streamvu.messages import Frame, FrameTokens

Box = tuple[int, int, int, int]  # (r0, c0, r1, c1) in token cells, end-exclusive


@dataclass(frozen=True)
class TemporalReuseConfig:
    """Settings of the temporal feature cache (``PipelineConfig.temporal_reuse``).

    threshold: a token cell is "changed" when the mean absolute difference of its thumbnail pixels
        from the reference exceeds this (pixel values scaled to 0..1). Lower = fewer reuses, closer
        tokens; 0 reuses only bit-identical thumbnails.
    partial: recompute only the changed region when the encoder supports it (else the whole frame).
    max_changed: fraction of the token grid the changed bounding box may cover for a partial update;
        beyond it the whole frame is recomputed.
    refresh_every: at most this many frames in a row are served from reused tokens (hits or
        partials) before a full recompute (bounds the error of context the cache cannot see).
    stats_cell: thumbnail pixels per token cell side (the cost of the change test).
    audit_every: every k-th reused frame is also encoded in full to measure the real token cosine
        (0 = never; costs encoder time, for evaluation).
    """

    threshold: float = 0.02
    partial: bool = True
    max_changed: float = 0.5
    refresh_every: int = 16
    stats_cell: int = 4
    audit_every: int = 0

    def __post_init__(self) -> None:
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold must be in [0, 1], got {self.threshold}")
        if not 0.0 < self.max_changed <= 1.0:
            raise ValueError(f"max_changed must be in (0, 1], got {self.max_changed}")
        if self.refresh_every < 1:
            raise ValueError(f"refresh_every must be >= 1, got {self.refresh_every}")
        if self.stats_cell < 1:
            raise ValueError(f"stats_cell must be >= 1, got {self.stats_cell}")
        if self.audit_every < 0:
            raise ValueError(f"audit_every must be >= 0, got {self.audit_every}")


FeatureCacheConfig = TemporalReuseConfig  # its former name


@dataclass
class CacheMetrics:
    """Counters of a :class:`TemporalFeatureCache` (read them any time; ``reset()`` to start over)."""

    frames: int = 0
    hits: int = 0
    partials: int = 0
    misses: int = 0
    tokens_total: int = 0
    tokens_reused: int = 0
    reused_change_sum: float = 0.0  # sum over reused tokens of their cell's pixel change (0..1)
    audits: int = 0
    audit_cosine_sum: float = 0.0
    audit_cosine_min: float = 1.0
    encoder_seconds: float = 0.0  # time spent inside the wrapped encoder (audits excluded)

    @property
    def hit_rate(self) -> float:
        """Fraction of frames served entirely from reused tokens."""
        return self.hits / self.frames if self.frames else 0.0

    @property
    def reuse_rate(self) -> float:
        """Fraction of tokens reused (hits and the unchanged part of partial frames)."""
        return self.tokens_reused / self.tokens_total if self.tokens_total else 0.0

    @property
    def estimated_error(self) -> float:
        """Mean pixel change (0..1) under reused tokens: a cheap proxy of their error."""
        return self.reused_change_sum / self.tokens_reused if self.tokens_reused else 0.0

    @property
    def audit_cosine(self) -> float | None:
        """Mean token cosine of audited reused frames vs a full encode (None without audits)."""
        return self.audit_cosine_sum / self.audits if self.audits else None

    def as_dict(self) -> dict:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out.update(
            hit_rate=self.hit_rate,
            reuse_rate=self.reuse_rate,
            estimated_error=self.estimated_error,
            audit_cosine=self.audit_cosine,
        )
        return out


def token_cosine(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Per-token cosine similarity of two (N, D) token sets."""
    return torch.nn.functional.cosine_similarity(a.float(), b.float(), dim=-1, eps=1e-8)


def cell_stats(rgb: np.ndarray, grid: tuple[int, int], cell: int) -> np.ndarray:
    """(H, W, 3) uint8 -> (rows, cols, cell*cell*3) float32 in 0..1: the frame's thumbnail per token cell."""
    rows, cols = grid
    thumb = np.asarray(Image.fromarray(rgb).resize((cols * cell, rows * cell), Image.BOX), dtype=np.float32)
    thumb = thumb.reshape(rows, cell, cols, cell, 3).transpose(0, 2, 1, 3, 4)
    return thumb.reshape(rows, cols, cell * cell * 3) / 255.0


def cell_change(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(rows, cols) mean absolute difference of two :func:`cell_stats`."""
    return np.abs(a - b).mean(axis=-1)


def changed_box(changed: np.ndarray) -> Box:
    """Bounding box (r0, c0, r1, c1) of the True cells of a (rows, cols) mask (must have one)."""
    rows = np.flatnonzero(changed.any(axis=1))
    cols = np.flatnonzero(changed.any(axis=0))
    return int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1


def region_encoder(
    encoder: VisionEncoder,
) -> Callable[[Sequence[Frame], Sequence[Box]], list[torch.Tensor]] | None:
    """The encoder's ``encode_regions`` if it can recompute part of a frame (``supports_regions``), else None.

    Qwen2.5-VL supports it (ViT cost scales with the crop's area). EfficientNet-Lite0 does not: its
    7x7 grid has a receptive field spanning the frame, so a crop with enough context costs nearly a
    whole frame, and without context its tokens drift (mean cosine 0.89 on the bikes clip).
    """
    if isinstance(encoder, RegionEncoder) and encoder.supports_regions:
        return encoder.encode_regions
    return None


PlanKind = Literal["hit", "partial", "miss"]
"""What a frame gets: the reference's tokens (hit), a re-encoded changed region (partial), a full encode."""


@dataclass
class _Plan:
    kind: PlanKind
    change: np.ndarray  # (rows, cols) pixel change vs the reference at decision time
    box: Box | None = None
    audit: bool = False


@dataclass
class _State:
    stats: np.ndarray | None = None  # reference thumbnail per cell
    item: FrameTokens | None = None  # reference tokens (with labels)
    streak: int = 0  # reused frames since the last full encode
    reused_count: int = 0  # reused frames ever (drives audit_every)
    extra: dict = field(default_factory=dict)


class TemporalFeatureCache(EncoderWrapper):
    """A :class:`VisionEncoder` that wraps another and reuses its tokens across similar frames.

    Frames must arrive in stream order (one cache per stream; ``reset()`` between streams). The
    returned tokens of a hit are the reference frame's tensor itself: treat tokens as read-only.
    """

    def __init__(self, encoder: VisionEncoder, config: TemporalReuseConfig | None = None) -> None:
        super().__init__(encoder)
        self.cache_config = config or TemporalReuseConfig()
        self.metrics = CacheMetrics()
        self._regions = region_encoder(encoder) if self.cache_config.partial else None
        self._state = _State()
        self._lock = threading.Lock()

    @property
    def cache_id(self) -> str:
        return f"{cache_id_of(self.encoder)}|temporal:{self.cache_config!r}"

    def reset(self) -> None:
        """Forget the reference frame (call between unrelated streams)."""
        with self._lock:
            self._state = _State()

    # -- decisions ---------------------------------------------------------------------------
    def _plan(self, stats: list[np.ndarray]) -> list[_Plan]:
        cfg, st = self.cache_config, self._state
        rows, cols = self.grid
        plans = []
        ref = None if st.stats is None else st.stats.copy()
        streak, reused_count = st.streak, st.reused_count
        for s in stats:
            if ref is None or streak >= cfg.refresh_every:
                plan = _Plan("miss", np.zeros((rows, cols), np.float32))
            else:
                change = cell_change(s, ref)
                changed = change > cfg.threshold
                if not changed.any():
                    plan = _Plan("hit", change)
                else:
                    box = changed_box(changed)
                    area = (box[2] - box[0]) * (box[3] - box[1]) / (rows * cols)
                    ok = self._regions is not None and area <= cfg.max_changed
                    plan = _Plan("partial", change, box) if ok else _Plan("miss", change)
            if plan.kind == "miss":
                ref, streak = s.copy(), 0
            else:
                streak += 1
                reused_count += 1
                plan.audit = bool(cfg.audit_every) and reused_count % cfg.audit_every == 0
                if plan.box is not None:
                    r0, c0, r1, c1 = plan.box
                    ref[r0:r1, c0:c1] = s[r0:r1, c0:c1]
            plans.append(plan)
        return plans

    # -- encoding ------------------------------------------------------------------------------
    def encode(self, frames: Sequence[Frame]) -> list[FrameTokens]:
        """Encode ``frames`` (in stream order), reusing what did not change; see the module docstring."""
        if not frames:
            return []
        with self._lock:
            return self._encode(frames)

    def _encode(self, frames: Sequence[Frame]) -> list[FrameTokens]:
        """Plan every frame, encode the misses, partials and audits in batches, then build each frame's
        tokens in order (each reuses the one before)."""
        cfg, st = self.cache_config, self._state
        stats = [cell_stats(f.rgb, self.grid, cfg.stats_cell) for f in frames]
        plans = self._plan(stats)
        t0 = time.perf_counter()
        full = self._encode_where(frames, [p.kind == "miss" for p in plans])
        part_idx = [i for i, p in enumerate(plans) if p.kind == "partial"]
        parts = {}
        if part_idx:
            assert self._regions is not None
            regions = self._regions([frames[i] for i in part_idx], [plans[i].box for i in part_idx])
            parts = dict(zip(part_idx, regions, strict=True))
        self.metrics.encoder_seconds += time.perf_counter() - t0
        audits = self._encode_where(frames, [p.audit for p in plans])
        out: list[FrameTokens] = []
        for i, (frame, plan) in enumerate(zip(frames, plans, strict=True)):
            if plan.kind == "miss":
                item = full[i]
                st.stats, st.streak = stats[i], 0
                reused_mask = np.zeros(self.grid, bool)
            else:
                ref = st.item
                assert ref is not None and st.stats is not None
                st.streak += 1
                st.reused_count += 1
                reused_mask = np.ones(self.grid, bool)
                if plan.kind == "hit":
                    item = self._reused(frame, ref)
                else:
                    item = self._patched(frame, ref, plan.box, parts[i], reused_mask)
                    r0, c0, r1, c1 = plan.box
                    st.stats[r0:r1, c0:c1] = stats[i][r0:r1, c0:c1]
                if i in audits:
                    self._audit(item, audits[i])
            st.item = item
            self._count(plan, reused_mask)
            out.append(item)
        return out

    def _encode_where(self, frames: Sequence[Frame], wanted: list[bool]) -> dict[int, FrameTokens]:
        """The wrapped encoder's tokens of the frames ``wanted`` marks, by position, in one batch."""
        idx = [i for i, w in enumerate(wanted) if w]
        return dict(zip(idx, self.encoder.encode([frames[i] for i in idx]), strict=True))

    @staticmethod
    def _reused(frame: Frame, ref: FrameTokens) -> FrameTokens:
        """A hit: ``ref``'s tokens, pooled vector and labels at ``frame``'s time."""
        return FrameTokens(
            t=frame.t,
            index=frame.index,
            tokens=ref.tokens,
            pooled=ref.pooled,
            grid=ref.grid,
            labels=ref.labels,
            cache_hit=True,
            reused=1.0,
            grid_thw=ref.grid_thw,
            space=ref.space,
            regions=ref.regions,
        )

    def _patched(
        self,
        frame: Frame,
        ref: FrameTokens,
        box: tuple[int, int, int, int],
        part: torch.Tensor,
        reused_mask: np.ndarray,
    ) -> FrameTokens:
        """A partial hit: ``ref``'s tokens with the ``box`` of cells re-encoded (``part``), pooled and
        labelled again; the box is cleared in ``reused_mask``."""
        r0, c0, r1, c1 = box
        tokens = ref.tokens.clone().reshape(*self.grid, -1)
        tokens[r0:r1, c0:c1] = part.reshape(r1 - r0, c1 - c0, -1).to(tokens.dtype)
        tokens = tokens.reshape(self.grid[0] * self.grid[1], -1)
        pooled = tokens.mean(dim=0)
        labels = ref.labels
        if isinstance(self.encoder, Labeller) and ref.labels:
            labels = self.encoder.labels_for_pooled(pooled[None])[0]
        reused_mask[r0:r1, c0:c1] = False
        return FrameTokens(
            t=frame.t,
            index=frame.index,
            tokens=tokens,
            pooled=pooled,
            grid=ref.grid,
            labels=labels,
            cache_hit=False,
            reused=float(reused_mask.mean()),
            grid_thw=ref.grid_thw,
            space=ref.space,
        )

    def _audit(self, item: FrameTokens, truth: FrameTokens) -> None:
        """Compare reused tokens with a full encode of the same frame (the metrics' audit cosine)."""
        cos = float(token_cosine(item.tokens, truth.tokens).mean())
        m = self.metrics
        m.audits += 1
        m.audit_cosine_sum += cos
        m.audit_cosine_min = min(m.audit_cosine_min, cos)

    def _count(self, plan: _Plan, reused_mask: np.ndarray) -> None:
        m = self.metrics
        m.frames += 1
        m.hits += plan.kind == "hit"
        m.partials += plan.kind == "partial"
        m.misses += plan.kind == "miss"
        m.tokens_total += self.grid[0] * self.grid[1]
        m.tokens_reused += int(reused_mask.sum())
        m.reused_change_sum += float(plan.change[reused_mask].sum())
