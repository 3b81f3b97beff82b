"""Save and load the state of a :class:`~streamvu.memory.pyramid.PyramidMemory` (resume after a restart).

The memory hands over a copy of its runs (``SavedState``) and gets one back; this module knows
the file format only, not the memory class.

A save is a directory with two files:

* ``manifest.json``: ``format``, ``version`` (:data:`FORMAT_VERSION`), the config and its
  :meth:`MemoryConfig.config_hash`, the stream counters (``frames_seen``, ``latest_t``, dims),
  one record per entry (group ``layer<i>``/``archive``/``spilled``, span, grid, frames, store,
  labels, sightings when set) and the sha256 and size of the tensor file (saves written before
  sightings existed have no such field and load with ``sightings=None``);
* ``tensors.safetensors``: ``e<i>.tokens``, ``e<i>.pooled`` and (when set) ``e<i>.text_key`` and
  ``e<i>.regions`` (saves written before regions existed load with ``regions=None``).

Writes are atomic: everything goes to a temporary sibling directory, fsynced, which is then
renamed over ``directory`` (an existing save there is replaced; any other non-empty directory
is refused). Loading checks format, version, config hash, file size and checksum, and every
record, and raises :class:`MemoryStateError` with what is wrong instead of returning a
half-restored memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file, save_file

from streamvu.errors import MemoryStateError
from streamvu.memory.config import MemoryConfig
from streamvu.memory.ops import Slot
from streamvu.messages import DETECTION_KINDS, Detection, Label, MemoryEntry, Sightings

FORMAT = "streamvu.memory"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TENSORS = "tensors.safetensors"


@dataclass
class SavedState:
    """A memory's runs and counters as saved.

    groups: slots per run, tagged ``layer<i>`` / ``archive`` / ``spilled``, oldest first.
    counters: ``frames_seen``, ``latest_t``, ``dim``, ``text_dim``.
    """

    config: MemoryConfig
    groups: dict[str, list[Slot]]
    counters: dict


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _regions(regions: torch.Tensor | None, pooled: torch.Tensor, i: int) -> torch.Tensor | None:
    if regions is not None and (regions.ndim != 2 or regions.shape[1] != pooled.numel()):
        raise ValueError(f"entry {i}: regions of shape {tuple(regions.shape)} do not match its pooled vector")
    return regions


def _sightings_record(s: Sightings) -> dict:
    return {
        "detections": [[d.kind, [float(v) for v in d.box], float(d.score)] for d in s.detections],
        "motion": float(s.motion),
        "cut": float(s.cut),
        "moving": None if s.moving is None else [float(v) for v in s.moving],
        "cuts": [float(v) for v in s.cuts],
    }


def _sightings_from(rec: dict | None) -> Sightings | None:
    """The :class:`Sightings` of a manifest record (``ValueError`` on a malformed one)."""
    if rec is None:
        return None
    detections = []
    for kind, box, score in rec["detections"]:
        if kind not in DETECTION_KINDS or len(box) != 4:
            raise ValueError(f"bad detection {kind!r} {box!r}")
        detections.append(Detection(kind, tuple(float(v) for v in box), float(score)))
    moving = rec.get("moving")  # saves from before these fields load without them
    if moving is not None and len(moving) != 2:
        raise ValueError(f"bad moving span {moving!r}")
    return Sightings(
        tuple(detections),
        float(rec["motion"]),
        float(rec["cut"]),
        None if moving is None else (float(moving[0]), float(moving[1])),
        tuple(float(v) for v in rec.get("cuts", ())),
    )


def _entry_tensors(e: MemoryEntry, i: int) -> dict[str, torch.Tensor]:
    """The tensors of entry ``i`` as the tensor file names them."""
    out = {
        f"e{i}.tokens": e.tokens.detach().to(torch.float32).contiguous().clone(),
        f"e{i}.pooled": e.pooled.detach().to(torch.float32).contiguous().clone(),
    }
    if e.text_key is not None:
        out[f"e{i}.text_key"] = torch.from_numpy(np.array(e.text_key, dtype=np.float32))
    if e.regions is not None:
        out[f"e{i}.regions"] = e.regions.detach().to(torch.float32).contiguous().clone()
    return out


def save_memory(saved: SavedState, directory: str | Path) -> Path:
    """Write ``saved`` to ``directory`` atomically and return its path.

    Raises ``FileExistsError`` if ``directory`` is a non-empty directory that is not a memory save.
    """
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()) and not (directory / MANIFEST).is_file():
        raise FileExistsError(f"{directory} is not empty and is not a memory save; refusing to replace it")
    tensors: dict[str, torch.Tensor] = {}
    records = []
    i = 0
    for group, slots in saved.groups.items():
        for slot in slots:
            e = slot.entry
            tensors.update(_entry_tensors(e, i))
            records.append(
                {
                    "group": group,
                    "start": e.start,
                    "end": e.end,
                    "grid": list(e.grid),
                    "frames": e.frames,
                    "store": e.store,
                    "labels": [[label.name, label.prob] for label in e.labels],
                    "text_key": e.text_key is not None,
                    **({} if e.sightings is None else {"sightings": _sightings_record(e.sightings)}),
                }
            )
            i += 1
    parent = directory.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.tmp-", dir=parent))
    try:
        save_file(tensors, str(tmp / TENSORS), metadata={"format": FORMAT})
        _fsync(tmp / TENSORS)
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "config": saved.config.to_dict(),
            "config_hash": saved.config.config_hash(),
            **saved.counters,
            "entries": records,
            "tensors": {
                "file": TENSORS,
                "sha256": _sha256(tmp / TENSORS),
                "bytes": (tmp / TENSORS).stat().st_size,
            },
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1))
        _fsync(tmp / MANIFEST)
        if directory.exists():
            old = parent / f".{directory.name}.old-{uuid.uuid4().hex[:8]}"
            os.rename(directory, old)
            os.rename(tmp, directory)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, directory)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return directory


def read_manifest(directory: str | Path) -> dict:
    """The manifest of a save, checked for format and version (``MemoryStateError`` otherwise)."""
    path = Path(directory) / MANIFEST
    if not path.is_file():
        raise MemoryStateError(f"no memory save at {directory}: {MANIFEST} is missing")
    try:
        manifest = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MemoryStateError(
            f"memory save {directory}: {MANIFEST} is corrupt or truncated ({exc})"
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise MemoryStateError(f"{path} is not a streamvu memory manifest")
    if manifest.get("version") != FORMAT_VERSION:
        raise MemoryStateError(
            f"memory save {directory} has format version {manifest.get('version')!r}; this streamvu reads "
            f"version {FORMAT_VERSION}. Re-create the memory (or load it with the streamvu that wrote it)."
        )
    return manifest


def load_memory(directory: str | Path, config: MemoryConfig | None = None) -> SavedState:
    """Read and check a save written by :func:`save_memory` (see ``PyramidMemory.load``)."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    try:
        saved = MemoryConfig.from_dict(manifest["config"])
    except (KeyError, TypeError, ValueError) as exc:
        raise MemoryStateError(f"memory save {directory}: invalid config in manifest ({exc})") from exc
    if saved.config_hash() != manifest.get("config_hash"):
        raise MemoryStateError(
            f"memory save {directory}: config hash mismatch, the manifest was altered or corrupted"
        )
    if config is not None and config.config_hash() != saved.config_hash():
        raise MemoryStateError(
            f"memory save {directory} was written with an incompatible config "
            f"({saved.to_dict()}); got {config.to_dict()}"
        )
    config = config if config is not None else saved
    tensor_path = directory / TENSORS
    try:
        meta = manifest["tensors"]
        if not tensor_path.is_file():
            raise MemoryStateError(f"memory save {directory}: {TENSORS} is missing")
        size = tensor_path.stat().st_size
        if size != meta["bytes"]:
            raise MemoryStateError(
                f"memory save {directory}: {TENSORS} has {size} bytes, expected {meta['bytes']} (truncated?)"
            )
        if _sha256(tensor_path) != meta["sha256"]:
            raise MemoryStateError(f"memory save {directory}: {TENSORS} checksum mismatch (corrupt)")
        tensors = load_file(str(tensor_path))
        groups: dict[str, list[Slot]] = {}
        for i, rec in enumerate(manifest["entries"]):
            tokens, pooled = tensors[f"e{i}.tokens"], tensors[f"e{i}.pooled"]
            grid = (int(rec["grid"][0]), int(rec["grid"][1]))
            if tokens.ndim != 2 or grid[0] * grid[1] != tokens.shape[0] or pooled.numel() != tokens.shape[1]:
                raise ValueError(f"entry {i}: tensor shapes {tuple(tokens.shape)} do not match grid {grid}")
            text_key = tensors[f"e{i}.text_key"].numpy() if rec["text_key"] else None
            entry = MemoryEntry(
                start=float(rec["start"]),
                end=float(rec["end"]),
                tokens=tokens,
                pooled=pooled,
                grid=grid,
                labels=tuple(Label(str(n), float(p)) for n, p in rec["labels"]),
                text_key=text_key,
                store=str(rec["store"]),
                frames=int(rec["frames"]),
                sightings=_sightings_from(rec.get("sightings")),
                regions=_regions(tensors.get(f"e{i}.regions"), pooled, i),
            )
            groups.setdefault(rec["group"], []).append(Slot.of(entry))
        _check_groups(config, groups, manifest)
        counters = {k: manifest[k] for k in ("frames_seen", "latest_t", "dim", "text_dim")}
    except MemoryStateError:
        raise
    except Exception as exc:  # safetensors, KeyError, shape errors...: all mean a bad save
        raise MemoryStateError(f"memory save {directory} is corrupt or inconsistent: {exc}") from exc
    return SavedState(config, groups, counters)


def _check_groups(config: MemoryConfig, groups: dict[str, list[Slot]], manifest: dict) -> None:
    """Raise ``ValueError`` unless the groups fit the config and the counters."""
    known = {f"layer{i}" for i in range(len(config.layers))} | {"archive", "spilled"}
    if set(groups) - known:
        raise ValueError(f"unknown groups {sorted(set(groups) - known)}")
    for i, spec in enumerate(config.layers):
        if len(groups.get(f"layer{i}", [])) > spec.capacity:
            raise ValueError(f"layer {i} holds more than its capacity {spec.capacity}")
    if len(groups.get("archive", [])) > config.archive_capacity:
        raise ValueError("archive holds more than archive_capacity")
    frames = sum(s.entry.frames for slots in groups.values() for s in slots)
    if frames != manifest["frames_seen"]:
        raise ValueError(f"entries hold {frames} frames, manifest says frames_seen={manifest['frames_seen']}")
