"""Where finished units are written: a local path, or any ``pyarrow.fs`` URI (``s3://``, ``gs://``,
``hdfs://``, ``file://``...), always atomically: a reader sees the old file or the whole new one.

A target is a ``Path`` (or a plain path string) or a URI string ``scheme://...``. Local paths go
through :mod:`streamvu.atomic` (temporary file + rename); other file systems get a temporary object
beside the target, then a move (a rename on HDFS-like stores; on object stores the upload itself is
already all-or-nothing). URIs need pyarrow (``pip install 'streamvu[ray]'``).
"""

from __future__ import annotations

import posixpath
import threading
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from streamvu.atomic import atomic_write

Target = str | Path

_BUCKET_SCHEMES = frozenset({"s3", "gs", "gcs", "abfs", "abfss"})  # the authority is the bucket
_FILESYSTEMS: dict[str, Any] = {}  # "scheme://authority" -> pyarrow FileSystem (one connection each)
_LOCK = threading.Lock()


def is_uri(target: Target) -> bool:
    """True for ``scheme://...`` strings (``file://`` too: it goes through pyarrow like the others)."""
    return isinstance(target, str) and "://" in target


def local_path(target: Target) -> Path:
    """A non-URI target as a Path."""
    return Path(target)


def join(base: Target, *parts: str) -> Target:
    """``base/parts...`` for a path or a URI."""
    if is_uri(base):
        return posixpath.join(str(base).rstrip("/"), *parts)
    return local_path(base).joinpath(*parts)


def with_name(target: Target, name: str) -> Target:
    """The sibling of ``target`` called ``name``."""
    if is_uri(target):
        return posixpath.join(posixpath.dirname(str(target)), name)
    return local_path(target).with_name(name)


def _resolve(uri: str) -> tuple[Any, str]:
    """(file system, path in it) for a URI; one file system object per scheme and bucket/host."""
    from streamvu._deps import require

    fs = require("pyarrow.fs", f"reading and writing {uri.split('://', 1)[0]}:// URIs")
    parts = urlsplit(uri)
    key = f"{parts.scheme}://{parts.netloc}"
    with _LOCK:
        if key not in _FILESYSTEMS:
            _FILESYSTEMS[key] = fs.FileSystem.from_uri(uri)[0]
    path = parts.netloc + parts.path if parts.scheme in _BUCKET_SCHEMES else parts.path
    return _FILESYSTEMS[key], path


def write_bytes(target: Target, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically (parent folders are created)."""
    if not is_uri(target):
        atomic_write(local_path(target), lambda fh: fh.write(data))
        return
    filesystem, path = _resolve(str(target))
    parent = posixpath.dirname(path)
    if parent:
        filesystem.create_dir(parent, recursive=True)
    tmp = posixpath.join(parent, f".{posixpath.basename(path)}.{uuid.uuid4().hex}.tmp")
    try:
        with filesystem.open_output_stream(tmp) as out:
            out.write(data)
        filesystem.move(tmp, path)
    except BaseException:
        try:
            filesystem.delete_file(tmp)
        except OSError:
            pass
        raise


def read_bytes(target: Target) -> bytes | None:
    """The content of ``target``; None when it does not exist."""
    if not is_uri(target):
        try:
            return local_path(target).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
    filesystem, path = _resolve(str(target))
    try:
        with filesystem.open_input_stream(path) as inp:
            return inp.read()
    except (FileNotFoundError, OSError):
        return None


def exists(target: Target) -> bool:
    """True when ``target`` is an existing file."""
    if not is_uri(target):
        return local_path(target).is_file()
    from streamvu._deps import require

    fs = require("pyarrow.fs", "reading URIs")
    filesystem, path = _resolve(str(target))
    return filesystem.get_file_info(path).type == fs.FileType.File
