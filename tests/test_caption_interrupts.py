"""Ctrl-C and SIGTERM sent to real ``streamvu caption`` processes (real models, real videos): the
process ends within about a second with status 130, prints one line and no traceback, and leaves
only whole files (the clips finished so far, resumable)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.videos import ffmpeg

ROOT = Path(__file__).resolve().parents[1]
STOP_WITHIN_S = 3.0  # the promise is ~1 s; the margin absorbs a loaded CI machine

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")


@pytest.fixture(scope="module")
def long_videos(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("long")
    for name, src in (("one", "testsrc2"), ("two", "mandelbrot")):
        ffmpeg(
            "-f",
            "lavfi",
            "-i",
            f"{src}=size=160x120:rate=10",
            "-t",
            "24",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            str(folder / f"{name}.mp4"),
        )
    return folder


def start(*args: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    code = (
        "import faulthandler, signal, sys; faulthandler.register(signal.SIGUSR1, all_threads=True); "
        "from streamvu.apps.cli import main; sys.exit(main())"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, "caption", *args, "--no-progress", "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def handles_sigterm(pid: int) -> bool:
    """True once the process has installed its own SIGTERM handler (Python leaves SIGTERM alone by default)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (signal.SIGTERM - 1) & 1)
    return False


def wait_for(condition, proc: subprocess.Popen, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"exited early with {proc.returncode}: {proc.stderr.read()[-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("timed out waiting for the process")
        time.sleep(0.05)


def interrupt(proc: subprocess.Popen, sig: int) -> tuple[float, str]:
    """Send ``sig``; returns (seconds until exit, stderr)."""
    proc.send_signal(sig)
    sent = time.monotonic()
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGUSR1)  # faulthandler: where every thread is stuck
        time.sleep(1)
        proc.kill()
        pytest.fail(f"still running 30 s after {signal.Signals(sig).name}: {proc.communicate()[1][-6000:]}")
    return time.monotonic() - sent, err


def assert_clean(elapsed: float, err: str, returncode: int, out: Path | None = None) -> None:
    assert returncode == 130, err[-2000:]
    assert elapsed < STOP_WITHIN_S, f"took {elapsed:.1f} s to stop"
    assert "Traceback" not in err and "terminate called" not in err, err[-2000:]
    lines = [line for line in err.splitlines() if "interrupted" in line]
    # before the command has parsed its arguments the line cannot name how to resume yet
    assert len(lines) == 1 and lines[0] in (
        "streamvu caption: interrupted",
        "streamvu caption: interrupted; run the same command again to resume",
    )
    if out is not None:
        assert not list(out.rglob("*.tmp"))
        for state in out.rglob(".*.captions.json"):  # whole documents of the clips finished so far
            doc = json.loads(state.read_text())
            assert doc["complete"] is False and all(c["text"] for c in doc["captions"])


def first_clip_written(out: Path):
    return lambda: any(out.glob(".*.captions.json"))


def test_ctrl_c_with_two_workers_stops_at_once(long_videos, tmp_path):
    out = tmp_path / "out"
    proc = start(str(long_videos), "-o", str(out), "--segment", "2", "--workers", "2")
    wait_for(first_clip_written(out), proc)
    elapsed, err = interrupt(proc, signal.SIGINT)
    assert_clean(elapsed, err, proc.returncode, out)


def test_sigterm_with_one_worker_exits_130_not_abort(long_videos, tmp_path):
    out = tmp_path / "out"
    proc = start(str(long_videos / "one.mp4"), "-o", str(out), "--segment", "2")
    wait_for(first_clip_written(out), proc)
    elapsed, err = interrupt(proc, signal.SIGTERM)
    assert_clean(elapsed, err, proc.returncode, out)


def test_ctrl_c_while_loading_models_prints_no_traceback(long_videos, tmp_path):
    proc = start(str(long_videos / "one.mp4"), "-o", str(tmp_path / "out"))
    wait_for(lambda: handles_sigterm(proc.pid), proc)  # the command is running: parsing done, models loading
    elapsed, err = interrupt(proc, signal.SIGINT)
    assert_clean(elapsed, err, proc.returncode)
