"""Disk cache of encoded frames for batch runs: encode a file once, reuse it on every later run.

An entry holds the :class:`FrameTokens` of one batch of frames and is keyed by the sha256 of
(format version, the video file's content hash, the frames' timestamps/indices/sizes, the
encoder's config id, extra settings such as the decoder backend). Nothing else can make two runs
share an entry, so a changed file, sampling rate, frame size or encoder simply misses.

Safety: an entry is written to a unique temporary file in the same directory, fsync'ed, then
``os.replace``-d into place, so readers (other threads or processes) see either no entry or a
whole one, and a crash mid-write leaves only a stray ``*.tmp``. Every entry carries its key, its
payload length and the payload's sha256; an entry that fails any check is deleted and reported as a
miss, so it is recomputed and never read.

File layout (no pickle): ``MAGIC``, 8-byte little-endian header length, UTF-8 JSON header, then the
payload: each frame's float32 tokens and pooled vector, in order.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from streamvu.atomic import atomic_write
from streamvu.encoders.base import EncoderWrapper, cache_id_of
from streamvu.messages import Frame, FrameTokens, Label

MAGIC = b"STREAMVU-FEATURES\x01\n"
FORMAT_VERSION = 2

_hash_memo: dict[tuple[str, int, int], str] = {}
_hash_lock = threading.Lock()


def default_feature_dir() -> Path:
    """``cache_root()/features`` (``$STREAMVU_CACHE_DIR/features`` when that is set)."""
    from streamvu.cache_dir import cache_root

    return cache_root() / "features"


def file_content_hash(path: str | os.PathLike, chunk: int = 1 << 22) -> str:
    """sha256 of a file's bytes (memoised per path, size and mtime within the process)."""
    p = Path(path).resolve()
    st = p.stat()
    memo_key = (str(p), st.st_size, st.st_mtime_ns)
    with _hash_lock:
        if memo_key in _hash_memo:
            return _hash_memo[memo_key]
    digest = hashlib.sha256()
    with open(p, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    value = digest.hexdigest()
    with _hash_lock:
        _hash_memo[memo_key] = value
    return value


def encoder_cache_id(encoder) -> str:
    """What identifies an encoder's output: its ``cache_id`` or its name + config repr."""
    return cache_id_of(encoder)


@dataclass
class DiskCacheStats:
    hits: int = 0
    misses: int = 0
    writes: int = 0
    corrupt: int = 0  # entries found broken, deleted and recomputed


class DiskFeatureCache:
    """A directory of feature entries; safe to share between threads and processes."""

    def __init__(self, directory: str | os.PathLike) -> None:
        self.directory = Path(directory).expanduser()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.stats = DiskCacheStats()

    # -- keys ----------------------------------------------------------------------------------
    @staticmethod
    def key(video_hash: str, frames: Sequence[Frame], encoder_id: str, extra: dict | None = None) -> str:
        """The entry key of ``frames`` of the video ``video_hash`` encoded by ``encoder_id``."""
        spec = [
            FORMAT_VERSION,
            video_hash,
            encoder_id,
            extra or {},
            [(round(f.t, 6), f.index, *f.rgb.shape[:2]) for f in frames],
        ]
        return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()

    def path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.svf"

    # -- read ------------------------------------------------------------------------------------
    def get(self, key: str) -> list[FrameTokens] | None:
        """The entry's frames, or None when absent or corrupt (a corrupt entry is deleted)."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.stats.misses += 1
            return None
        items = _decode(data, key)
        if items is None:
            self.stats.corrupt += 1
            self.stats.misses += 1
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            return None
        self.stats.hits += 1
        return items

    # -- write -----------------------------------------------------------------------------------
    def put(self, key: str, items: Sequence[FrameTokens]) -> Path:
        """Write the entry atomically (temp file + fsync + os.replace)."""
        path = self.path(key)
        data = _encode(key, items)
        atomic_write(path, lambda fh: fh.write(data), fsync=True)
        self.stats.writes += 1
        return path


def _encode(key: str, items: Sequence[FrameTokens]) -> bytes:
    arrays, meta = [], []
    for it in items:
        tok = it.tokens.detach().float().cpu().numpy()
        pool = it.pooled.detach().float().cpu().numpy()
        arrays += [np.ascontiguousarray(tok, dtype="<f4"), np.ascontiguousarray(pool, dtype="<f4")]
        regions = None if it.regions is None else it.regions.detach().float().cpu().numpy()
        if regions is not None:
            arrays.append(np.ascontiguousarray(regions, dtype="<f4"))
        meta.append(
            {
                "t": it.t,
                "index": it.index,
                "grid": list(it.grid),
                "tokens": list(tok.shape),
                "pooled": list(pool.shape),
                "regions": None if regions is None else list(regions.shape),
                "labels": [[lab.name, lab.prob] for lab in it.labels],
                "cache_hit": it.cache_hit,
                "reused": it.reused,
                "space": it.space,
                "grid_thw": None if it.grid_thw is None else list(it.grid_thw),
            }
        )
    payload = b"".join(a.tobytes() for a in arrays)
    header = json.dumps(
        {
            "version": FORMAT_VERSION,
            "key": key,
            "items": meta,
            "payload_len": len(payload),
            "payload_sha256": hashlib.sha256(payload).hexdigest(),
        }
    ).encode()
    return MAGIC + struct.pack("<Q", len(header)) + header + payload


def _decode(data: bytes, key: str) -> list[FrameTokens] | None:
    """Parse an entry; None on any mismatch (magic, key, lengths, checksum, shapes)."""
    try:
        if not data.startswith(MAGIC):
            return None
        start = len(MAGIC) + 8
        (hlen,) = struct.unpack("<Q", data[len(MAGIC) : start])
        header = json.loads(data[start : start + hlen].decode())
        payload = memoryview(data)[start + hlen :]
        if (
            header.get("version") != FORMAT_VERSION
            or header.get("key") != key
            or len(payload) != header["payload_len"]
            or hashlib.sha256(payload).hexdigest() != header["payload_sha256"]
        ):
            return None
        items, offset = [], 0
        for m in header["items"]:
            arrays = []
            shapes = (m["tokens"], m["pooled"], *([m["regions"]] if m["regions"] is not None else []))
            for shape in shapes:
                n = int(np.prod(shape)) * 4
                arrays.append(
                    torch.from_numpy(np.frombuffer(payload[offset : offset + n], "<f4").reshape(shape).copy())
                )
                offset += n
            items.append(
                FrameTokens(
                    t=float(m["t"]),
                    index=int(m["index"]),
                    tokens=arrays[0],
                    pooled=arrays[1],
                    grid=tuple(m["grid"]),
                    labels=tuple(Label(str(n), float(p)) for n, p in m["labels"]),
                    cache_hit=bool(m["cache_hit"]),
                    reused=float(m["reused"]),
                    space=str(m["space"]),
                    grid_thw=None if m["grid_thw"] is None else tuple(m["grid_thw"]),
                    regions=arrays[2] if len(arrays) > 2 else None,
                )
            )
        return items if offset == len(payload) else None
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, struct.error):
        return None


class DiskCachedEncoder(EncoderWrapper):
    """Wraps an encoder for one video file: each batch is looked up on disk before encoding.

    ``calls`` counts batches the wrapped encoder actually encoded.
    """

    def __init__(self, encoder, cache: DiskFeatureCache, video_hash: str, extra: dict | None = None) -> None:
        super().__init__(encoder)
        self.cache = cache
        self.video_hash = video_hash
        self.extra = extra or {}
        self.encoder_id = encoder_cache_id(encoder)
        self.calls = 0

    def encode(self, frames: Sequence[Frame]) -> list[FrameTokens]:
        if not frames:
            return []
        key = self.cache.key(self.video_hash, frames, self.encoder_id, self.extra)
        items = self.cache.get(key)
        if items is not None and len(items) == len(frames):
            return items
        self.calls += 1
        items = self.encoder.encode(frames)
        self.cache.put(key, items)
        return items
