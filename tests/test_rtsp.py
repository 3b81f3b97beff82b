"""RTSP from a real server: GStreamer's RTSP server (``tests/rtsp_server.py``) serving live H.264 on
127.0.0.1, read by ``open_video``, ``Stream`` and ``streamvu watch``, including the server going
away mid-stream and coming back (reconnect with backoff, the gap in the metrics).

Needs Debian's ``gir1.2-gst-rtsp-server-1.0``, ``gstreamer1.0-plugins-good`` and ``python3-gi``
(``.ci/run`` installs them); without them the tests skip and say what is missing.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from streamvu.apps.cli import main
from streamvu.ingest import LiveSource, SamplerConfig, open_live, open_video

SERVER = Path(__file__).with_name("rtsp_server.py")
SYSTEM_PYTHON = os.environ.get("STREAMVU_GI_PYTHON", "/usr/bin/python3")


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RtspServer:
    """The server script as a child process on fixed loopback ports, so it can stop and come back."""

    def __init__(self) -> None:
        import imageio_ffmpeg

        self.ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
        self.port, self.udp_port = free_port(), free_port(socket.SOCK_DGRAM)
        self.url = f"rtsp://127.0.0.1:{self.port}/live"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 20.0) -> None:
        self.proc = subprocess.Popen(
            [
                SYSTEM_PYTHON,
                str(SERVER),
                "--ffmpeg",
                self.ffmpeg,
                "--port",
                str(self.port),
                "--udp-port",
                str(self.udp_port),
                "--lifetime",
                "150",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        ready = threading.Event()
        threading.Thread(
            target=lambda: self.proc.stdout.readline() == "ready\n" and ready.set(), daemon=True
        ).start()
        if not ready.wait(timeout):
            self.stop()
            raise RuntimeError(f"the RTSP server did not start within {timeout} s")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None


@pytest.fixture(scope="module")
def rtsp():
    try:
        check = subprocess.run(
            [SYSTEM_PYTHON, str(SERVER), "--check"], capture_output=True, text=True, timeout=60
        )
        why = None if check.returncode == 0 else (check.stdout + check.stderr).strip()
    except FileNotFoundError:
        why = f"no {SYSTEM_PYTHON}"
    if why:
        pytest.skip(
            f"no RTSP server: {why} (apt-get install gir1.2-gst-rtsp-server-1.0 "
            "gstreamer1.0-plugins-good python3-gi; set STREAMVU_GI_PYTHON to a Python with gi)"
        )
    server = RtspServer()
    server.start()
    yield server
    server.stop()


@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_open_video_reads_live_h264_over_rtsp(rtsp, transport):
    with open_video(rtsp.url, timeout=5.0, options={"rtsp_transport": transport}) as src:
        assert isinstance(src, LiveSource) and src.info.live and src.info.backend == "pyav"
        assert (src.info.width, src.info.height) == (160, 120) and src.info.duration == 0.0
        frames = []
        for frame in src.frames(SamplerConfig(fps=5)):
            frames.append(frame)
            if len(frames) == 8:
                break
        m = src.metrics
    times = [f.t for f in frames]
    assert times == sorted(set(times)) and times[0] == pytest.approx(0.0, abs=0.11)
    assert 0.15 < float(np.median(np.diff(times))) < 0.25  # 5 of the 10 frames per second
    assert frames[0].rgb.shape == (120, 160, 3) and frames[0].rgb.std() > 20  # a real picture
    assert m.reconnects == 0 and m.gaps == 0 and m.error is None


def test_server_stops_and_comes_back_mid_stream(rtsp):
    down_s = 1.5

    def bounce() -> None:
        rtsp.stop()
        time.sleep(down_s)
        rtsp.start()

    bouncer = threading.Thread(target=bounce)
    frames, before = [], 0
    src = open_live(rtsp.url, timeout=3.0, reconnect=20, backoff=(0.2, 1.0))
    deadline = time.monotonic() + 60
    with src:
        for frame in src.frames(SamplerConfig(fps=None)):
            frames.append(frame)
            if len(frames) == 15:
                before = 15
                bouncer.start()
            if src.metrics.gaps and len(frames) >= before + 15 or time.monotonic() > deadline:
                break
        m = src.metrics
    bouncer.join()
    assert m.reconnects >= 1 and m.gaps == 1 and m.error is None, m
    assert m.gap_s >= down_s  # at least the time the server was away
    times = [f.t for f in frames]
    assert times == sorted(set(times))  # no frame older than one already given
    assert [f.index for f in frames] == sorted(set(f.index for f in frames))
    jump = max(np.diff(times))  # the clock steps over the gap, following wall time
    assert jump == pytest.approx(m.gap_s, abs=0.5)
    assert len(frames) >= 30


def test_stream_answers_from_a_live_rtsp_camera(rtsp, encoder, embedder, answerer):
    from streamvu.pipeline.engine import Pipeline, PipelineConfig
    from streamvu.pipeline.stream import Stream, StreamConfig

    pipe = Pipeline(PipelineConfig(fps=2.0), encoder=encoder, embedder=embedder, answerer=answerer)
    with Stream(rtsp.url, StreamConfig(source_timeout_s=5.0), pipeline=pipe) as stream:
        assert stream.wait_until(2.0, timeout=30)
        answer = stream.ask("what is in the video now?")
        metrics = stream.metrics()
    assert answer.evidence and max(e.end for e in answer.evidence) >= 1.5
    assert metrics.frames_ingested >= 4 and metrics.source["reconnects"] == 0
    assert metrics.source["frames_in"] >= 4 and stream.info.live


def test_watch_answers_questions_on_an_rtsp_url(rtsp, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("@2 what is shown?\n"))
    start = time.monotonic()
    code = main(["watch", rtsp.url, "--timeout", "5", "--no-progress"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "[now, asked at 2.0s" in out and "] what is shown?" in out and "evidence" in out
    assert time.monotonic() - start < 60  # stopped at the end of input: a live stream never ends
