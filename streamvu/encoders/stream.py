"""The encoder a pipeline uses for one pass over one source: caches layered over the base encoder.

``stream_encoder`` wraps the base encoder in a fresh :class:`TemporalFeatureCache` (when
``temporal_reuse`` is set: reuse belongs to one stream), for local files when ``disk_cache``
is set in a :class:`DiskCachedEncoder` (so a later run skips the encoder entirely), and, when
``sightings`` is set, in a :class:`SightingsEncoder` (outermost: people, faces and motion are looked
for in every frame's pixels, cached features or not; its motion tracker belongs to this pass).
"""

from __future__ import annotations

import os
from pathlib import Path

from streamvu.encoders.base import VisionEncoder
from streamvu.encoders.disk_cache import (
    DiskCachedEncoder,
    DiskFeatureCache,
    default_feature_dir,
    file_content_hash,
)
from streamvu.encoders.feature_cache import TemporalFeatureCache, TemporalReuseConfig


def feature_dir(setting: str | os.PathLike | None) -> Path | None:
    """The disk feature cache directory for a ``PipelineConfig.disk_cache`` value ("auto": the default dir)."""
    if setting is None or str(setting).strip() == "":
        return None
    if str(setting).strip().lower() == "auto":
        return default_feature_dir()
    return Path(setting).expanduser()


def stream_encoder(
    encoder: VisionEncoder,
    source: str | os.PathLike,
    temporal_reuse: TemporalReuseConfig | None = None,
    disk_cache: str | os.PathLike | None = None,
    extra: dict | None = None,
    sightings: bool = False,
) -> VisionEncoder:
    """``encoder`` with the temporal cache and/or the disk cache for one pass over ``source``.

    extra: settings that change the decoded pixels (e.g. the decoder backend), part of the disk key.
    Sources that are not local regular files (URLs, cameras) are never disk-cached.
    """
    out: VisionEncoder = encoder
    if temporal_reuse is not None:
        out = TemporalFeatureCache(out, temporal_reuse)
    directory = feature_dir(disk_cache)
    if directory is not None and "://" not in str(source) and Path(source).is_file():
        out = DiskCachedEncoder(out, DiskFeatureCache(directory), file_content_hash(source), extra)
    if sightings:
        from streamvu.encoders.sightings import SightingsEncoder

        out = SightingsEncoder(out)
    return out
