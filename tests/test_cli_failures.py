"""Failure lines in plain words: no exception names, errno numbers or FFmpeg/decord internals."""

from __future__ import annotations

import errno

import pytest

from streamvu.apps.failures import describe, plain


@pytest.mark.parametrize(
    "raw, expected",
    [
        (
            "cannot open 'a.mp4' with PyAV: [Errno 1094995529] Invalid data found when processing input",
            "cannot open 'a.mp4' with PyAV: Invalid data found when processing input",
        ),
        ("ingest stopped: SourceError: the stream ended", "ingest stopped: the stream ended"),
        ("decode failed: avcodec_send_packet() failed: Invalid data", "decode failed: Invalid data"),
        (
            "decord could not read b.mp4: [16:01:02] src/video/video_reader.cc:151: Check failed: st_nb >= 0",
            "decord could not read b.mp4:",
        ),
        (
            "OverflowError: cannot convert float infinity to integer",
            "cannot convert float infinity to integer",
        ),
    ],
)
def test_plain_takes_internals_out(raw, expected):
    assert plain(raw) == expected


def test_a_full_disk_says_so():
    line = describe(OSError(errno.ENOSPC, "No space left on device", "/out/a.srt"))
    assert line == "No space left on device: /out/a.srt (the disk is full)"
    assert (
        describe(OSError(errno.EROFS, "Read-only file system"))
        == "Read-only file system (the folder is read-only)"
    )
