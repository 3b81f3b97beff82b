"""The command line's first second is cheap: ``--version``, an argument error and a file that is not a
video are answered without importing torch (1-2 s) or loading any model."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
from streamvu.apps.cli import main
try:
    code = main({argv!r})
except SystemExit as exc:
    code = exc.code
print("torch imported" if "torch" in sys.modules else "torch not imported", code)
"""


@pytest.mark.parametrize(
    "argv, code",
    [
        (["--version"], 0),
        (["caption", "{short}", "--segment", "inf"], 2),
        (["ask", "{short}", "what?", "--fps", "1e308"], 2),
        (["eval", "ovbench", "--annotations", "a.json", "--videos", ".", "--window", "nan"], 2),
        (["caption", "{notvideo}"], 2),
        (["ask", "{notvideo}", "what?"], 2),
        (["watch", "{notvideo}"], 2),
    ],
)
def test_refused_without_importing_torch(argv, code, short_video, not_a_video):
    argv = [a.format(short=short_video, notvideo=not_a_video) for a in argv]
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(argv=argv)], capture_output=True, text=True, timeout=120
    )
    assert out.stdout.split("\n")[-2] == f"torch not imported {code}", (out.stdout, out.stderr)
    assert len([line for line in out.stderr.splitlines() if line.strip()]) == (0 if code == 0 else 1), (
        out.stderr
    )
