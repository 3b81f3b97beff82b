"""Folder manifests (converted models are checked against them at every load) and whole-line appends."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys

import pytest

from streamvu.atomic import append_line
from streamvu.manifest import MANIFEST, check_folder, write_manifest


@pytest.fixture
def folder(tmp_path):
    """A model-like folder: a 6 MB weights file (sampled, not read whole) and a small config."""
    (tmp_path / "model.safetensors").write_bytes(os.urandom(6 * 1024 * 1024))
    (tmp_path / "config.json").write_text('{"hidden_size": 64}')
    write_manifest(tmp_path)
    return tmp_path


def test_intact_folder_passes(folder):
    assert check_folder(folder) is None and check_folder(folder, full=True) is None


def test_truncated_weights_are_caught(folder):
    with open(folder / "model.safetensors", "r+b") as fh:
        fh.truncate(1000)
    assert "model.safetensors is 1000 bytes" in check_folder(folder)


def test_broken_config_is_caught(folder):
    (folder / "config.json").write_text("{")
    assert "config.json is 1 bytes" in check_folder(folder)


def test_same_size_overwrite_is_caught(folder):
    path = folder / "model.safetensors"
    stat = path.stat()
    with open(path, "r+b") as fh:  # one byte in the middle, the modification time put back
        fh.seek(3 * 1024 * 1024 + 12345)
        byte = fh.read(1)
        fh.seek(-1, 1)
        fh.write(bytes([byte[0] ^ 0xFF]))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert check_folder(folder, full=True) == "model.safetensors has changed"
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # a new time: the full hash runs
    assert check_folder(folder) == "model.safetensors has changed"


def test_touched_but_unchanged_files_pass_and_the_new_times_are_recorded(folder):
    path = folder / "model.safetensors"
    os.utime(path, ns=(0, path.stat().st_mtime_ns + 10**9))
    assert check_folder(folder) is None
    recorded = json.loads((folder / MANIFEST).read_text())["files"]["model.safetensors"]["mtime_ns"]
    assert recorded == path.stat().st_mtime_ns


def test_missing_or_unreadable_manifest_and_missing_files(folder):
    (folder / "config.json").unlink()
    assert check_folder(folder) == "config.json is missing"
    (folder / MANIFEST).write_text("[")
    assert "unreadable" in check_folder(folder)
    (folder / MANIFEST).unlink()
    assert "no manifest" in check_folder(folder)


def test_append_line_never_leaves_half_a_line(tmp_path):
    """A write past a file size limit (a full disk) leaves the file as it was."""
    path = tmp_path / "pred.jsonl"
    code = (
        "import resource, sys\n"
        "from streamvu.atomic import append_line\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))\n"
        f"with open({str(path)!r}, 'a', encoding='utf-8') as fh:\n"
        "    append_line(fh, 'x' * 60)\n"
        "    try:\n"
        "        append_line(fh, 'y' * 60)\n"
        "    except OSError as exc:\n"
        "        sys.exit(exc.errno)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == errno.EFBIG, done.stderr
    assert path.read_text() == "x" * 60 + "\n"
    with open(path, "a", encoding="utf-8") as fh:
        append_line(fh, "z")
    assert path.read_text().splitlines() == ["x" * 60, "z"]
