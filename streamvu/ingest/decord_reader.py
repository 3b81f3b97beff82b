"""The decord backend: batch decoding of the sampled frame indices (``get_batch``).

decord reports float32 timestamps, so frame times come from PyAV's packet scan instead
(exact ticks); decord only decodes pixels. decord 0.6 mis-decodes videos with rotation
metadata (4-channel garbage), so those are refused with a clear error. Containers without an index
(MPEG-TS/PS, FLV, raw streams) are refused as well: decord seeks in them by guessed positions and
returns neighbouring frames (measured on H.264 MPEG-TS), and it orders frames by their raw
timestamps, which mixes the halves of recordings joined together (``cat a.ts b.ts``). PyAV and
OpenCV read those, with continuous times (``timeline``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import numpy as np

from streamvu._deps import require
from streamvu.errors import SourceError
from streamvu.ingest.pyav_reader import PyAVSource
from streamvu.ingest.sampling import SamplerConfig, select_times, target_size
from streamvu.ingest.source import DecodeStats, VideoInfo, VideoSource
from streamvu.ingest.timeline import Discontinuity, continuous_ticks, frame_ticks
from streamvu.messages import Frame

log = logging.getLogger(__name__)

BATCH = 16  # frames per get_batch call: bounds memory (16 x 720p RGB = 44 MB)


class DecordSource(VideoSource):
    """Reads a local file with decord; the sampled indices are decoded in batches."""

    backend = "decord"

    def __init__(self, path: str, threads: int = 0) -> None:
        super().__init__()
        self._decord = require("decord", "the decord video backend")
        self._path = path
        self._threads = threads
        with PyAVSource(path) as probe:
            if probe.rotation:
                raise SourceError(
                    f"{path!r} has a {probe.rotation} degree rotation, which decord 0.6 "
                    "decodes wrongly: use backend='pyav' or 'opencv'"
                )
            if not probe.indexed:
                raise SourceError(
                    f"{path!r} is {probe.container_format.split(',')[0]}, a container without an index, "
                    "where decord returns neighbouring frames (and mixes recordings joined together): "
                    "use backend='pyav' or 'opencv'"
                )
            meta = probe.info
            index = probe.scan()
        self._discontinuities = index.discontinuities
        self._truncated = bool(meta.num_frames and len(index.pts) < meta.num_frames)
        self.info = VideoInfo(
            source=path,
            duration=meta.duration,
            fps=meta.fps,
            num_frames=meta.num_frames or len(index.pts) or None,
            width=meta.width,
            height=meta.height,
            backend=self.backend,
        )
        self._readers: dict[tuple[int, int], Any] = {}
        reader = self._reader(meta.width, meta.height)
        n = len(reader)
        if n == len(index.pts):
            self._times = index.times
            self._keys = np.searchsorted(index.pts, index.key_pts)
        else:  # decord saw a different frame count: trust its own (float32) timing, snapped to ticks
            log.warning(
                "%s: decord counts %d frames, the packet scan %d; using decord's timestamps",
                path,
                n,
                len(index.pts),
            )
            raw = reader.get_frame_timestamp(range(n))[:, 0].astype(np.float64)
            tb = index.time_base
            ticks = np.round(raw / float(tb)).astype(np.int64)
            ticks, found = continuous_ticks(ticks, tb, frame_ticks(meta.fps, tb))
            self._discontinuities = tuple(found)
            self._times = ticks * tb.numerator / tb.denominator
            self._keys = np.asarray(reader.get_key_indices(), np.int64)

    def _reader(self, width: int, height: int) -> Any:
        key = (width, height)
        if key not in self._readers:
            decord = self._decord
            native = not hasattr(self, "info") or key == (self.info.width, self.info.height)
            w, h = (-1, -1) if native else key
            try:
                self._readers[key] = decord.VideoReader(
                    self._path, ctx=decord.cpu(0), width=w, height=h, num_threads=self._threads
                )
            except decord.DECORDError as exc:
                raise SourceError(f"decord cannot read {self._path!r}: {str(exc).splitlines()[0]}") from exc
        return self._readers[key]

    @property
    def discontinuities(self) -> tuple[Discontinuity, ...]:
        """Where the timestamps jumped forward and how the times went on (see ``timeline``)."""
        return self._discontinuities

    def close(self) -> None:
        self._readers.clear()
        super().close()

    def select(self, cfg: SamplerConfig) -> np.ndarray:
        """Indices of the frames ``cfg`` keeps (decided from exact timestamps, before decoding)."""
        return select_times(self._times, cfg, self._keys if cfg.mode == "keyframes" else None)

    def frames(self, sampler: SamplerConfig | None = None) -> Iterator[Frame]:
        cfg = sampler or SamplerConfig()
        if self._closed:
            raise SourceError(f"{self._path!r} is closed")
        self.stats = DecodeStats(strategy="batch", discontinuities=self._discontinuities)
        return self._decode(cfg)

    def _decode(self, cfg: SamplerConfig) -> Iterator[Frame]:
        decord = self._decord
        keep = self.select(cfg)
        w, h = target_size(self.info.width, self.info.height, cfg.max_side)
        reader = self._reader(w, h)
        for lo in range(0, len(keep), BATCH):
            chunk = keep[lo : lo + BATCH]
            try:
                batch = reader.get_batch(chunk.tolist()).asnumpy()
            except decord.DECORDError as exc:  # damaged data: decode one by one, skip the bad ones
                log.debug("%s: decord batch failed (%s); decoding frame by frame", self._path, exc)
                batch = None
            for j, i in enumerate(chunk):
                if batch is not None:
                    rgb = batch[j]
                else:
                    try:
                        rgb = reader[int(i)].asnumpy()
                    except decord.DECORDError:
                        self.stats.corrupt_packets += 1
                        continue
                self.stats.frames_decoded += 1
                self.stats.frames_emitted += 1
                yield Frame(t=float(self._times[i]), index=int(i), rgb=np.ascontiguousarray(rgb))
        if self._truncated:
            self.stats.ended_early = True
            log.warning(
                "%s: the data ends after %d of %d frames: file truncated",
                self._path,
                len(self._times),
                self.info.num_frames,
            )
        if self.stats.corrupt_packets:
            log.warning(
                "%s: decoded past damaged data: %d sampled frames could not be decoded",
                self._path,
                self.stats.corrupt_packets,
            )
