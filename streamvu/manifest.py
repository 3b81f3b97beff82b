"""Size-and-hash manifests of the folders streamvu derives once and reuses (converted models).

A manifest is written into a folder when it is created and lists every file with its size, its
full sha256, a *sampled* sha256 (the head, the tail and 32 slices spread over the file: ~4 MB read
whatever the size) and its modification time. :func:`check_folder` is cheap enough to run at every
load (a few ms for a 538 MB model):

* a missing, extra-sized or resized file, or a changed sampled hash, is damage;
* a file whose modification time changed (rewritten, touched or copied without times) gets its
  full sha256 compared once, and the manifest then records the new time.

So truncation, overwrites and anything written after the conversion are caught at once; only a
change that keeps the size, the sampled bytes and the modification time (bit rot on the disk) waits
until loading the files fails, when callers run the full check (``full=True``).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from streamvu.atomic import write_text_atomic

MANIFEST = "streamvu-manifest.json"
FORMAT = 1
_SLICE = 64 * 1024
_SLICES = 32
_EDGE = 1024 * 1024


def sampled_sha256(path: Path, size: int) -> str:
    """sha256 of the size, the first and last MiB, and 32 evenly spaced 64 KiB slices (the whole
    file when it is under 4 MiB)."""
    h = hashlib.sha256(str(size).encode())
    with open(path, "rb") as fh:
        if size <= 4 * _EDGE:
            h.update(fh.read())
            return h.hexdigest()
        offsets = [0, size - _EDGE] + [(size - _SLICE) * i // (_SLICES - 1) for i in range(_SLICES)]
        for offset in offsets:
            fh.seek(offset)
            h.update(fh.read(_EDGE if offset in (0, size - _EDGE) else _SLICE))
    return h.hexdigest()


def full_sha256(path: Path, chunk: int = 1 << 22) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def _record(path: Path) -> dict:
    st = path.stat()
    return {
        "size": st.st_size,
        "sha256": full_sha256(path),
        "sampled_sha256": sampled_sha256(path, st.st_size),
        "mtime_ns": st.st_mtime_ns,
    }


def write_manifest(folder: str | os.PathLike) -> Path:
    """Record every regular file of ``folder`` (not in subfolders) in its manifest; returns the manifest's path."""
    folder = Path(folder)
    files = {p.name: _record(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != MANIFEST}
    return write_text_atomic(
        folder / MANIFEST, json.dumps({"format": FORMAT, "files": files}, indent=1) + "\n"
    )


def check_folder(folder: str | os.PathLike, full: bool = False) -> str | None:
    """None when ``folder`` matches its manifest, else what is wrong (one short phrase).

    full: compare every file's full sha256 (reads every byte; ~1-2 s for 538 MB).
    """
    folder = Path(folder)
    try:
        doc = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = doc["files"]
        if doc.get("format") != FORMAT or not isinstance(files, dict) or not files:
            raise ValueError
    except FileNotFoundError:
        return "it has no manifest (from an older streamvu, or a cut-short conversion)"
    except (OSError, ValueError, KeyError, TypeError):
        return f"its {MANIFEST} is unreadable"
    refreshed = False
    for name, rec in files.items():
        path = folder / name
        try:
            st = path.stat()
            if st.st_size != rec["size"]:
                return f"{name} is {st.st_size} bytes, {rec['size']} expected"
            if sampled_sha256(path, st.st_size) != rec["sampled_sha256"]:
                return f"{name} has changed"
            if full or st.st_mtime_ns != rec["mtime_ns"]:
                if full_sha256(path) != rec["sha256"]:
                    return f"{name} has changed"
                if st.st_mtime_ns != rec["mtime_ns"]:
                    rec["mtime_ns"], refreshed = st.st_mtime_ns, True
        except FileNotFoundError:
            return f"{name} is missing"
        except (OSError, KeyError, TypeError):
            return f"{name} is unreadable or its manifest entry is malformed"
    if refreshed:  # same bytes, new times (e.g. copied): skip the full hash next time
        try:
            write_text_atomic(folder / MANIFEST, json.dumps(doc, indent=1) + "\n")
        except OSError:
            pass  # a read-only cache: the full check simply runs again next time
    return None
