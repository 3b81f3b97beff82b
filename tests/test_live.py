"""Live sources: real-time replay, drop-oldest queue, HTTP/HLS over loopback, drops, stalls, bad URLs."""

from __future__ import annotations

import http.server
import io
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from streamvu import _deps
from streamvu.apps.cli import main
from streamvu.errors import SourceError
from streamvu.ingest import IngestMetrics, LiveSource, SamplerConfig, open_live, open_video, replay_realtime
from streamvu.ingest.live import DropOldestQueue
from tests.videos import ffmpeg

FAST = (0.05, 0.2)  # reconnect backoff in tests


class Handler(http.server.BaseHTTPRequestHandler):
    """/files/NAME: whole file (Content-Length, Range); /drop/NAME: first request cut in half,
    second whole (chunked, properly ended), then 404; /stall/NAME: half the bytes, then silence."""

    protocol_version = "HTTP/1.1"

    root: Path
    counts: dict[str, int]
    stop: threading.Event

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        kind, _, name = self.path.strip("/").partition("/")
        path = self.root / name
        if not path.is_file() or kind not in ("files", "drop", "stall", "hls"):
            self.send_error(404)
            return
        data = path.read_bytes()
        self.counts[self.path] = n = self.counts.get(self.path, 0) + 1
        if kind in ("files", "hls"):
            start = 0
            rng = self.headers.get("Range")
            if rng and rng.startswith("bytes="):
                start = int(rng[6:].split("-")[0] or 0)
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            else:
                self.send_response(200)
            self.send_header("Content-Length", str(len(data) - start))
            self.end_headers()
            self.wfile.write(data[start:])
            return
        if kind == "drop" and n > 2:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "video/mp2t")
        self.send_header("Transfer-Encoding", "chunked")  # a live stream of unknown length
        self.send_header("Connection", "close")
        self.end_headers()
        half = data[: len(data) // 2]
        if kind == "drop" and n == 2:  # the whole stream, properly ended: a clean end of stream
            self.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(data), data))
            return
        self.wfile.write(b"%x\r\n%s\r\n" % (len(half), half))
        self.wfile.flush()
        if kind == "stall":  # then silence, connection open
            self.stop.wait(30)
        # drop: connection cut mid-stream (no end chunk)


@pytest.fixture(scope="module")
def stream_files(tmp_path_factory, short_video) -> Path:
    root = tmp_path_factory.mktemp("served")
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=160x120:rate=10",
        "-t",
        "6",
        "-c:v",
        "libx264",
        "-g",
        "10",
        "-pix_fmt",
        "yuv420p",
        "-f",
        "mpegts",
        str(root / "live.ts"),
    )
    for name in ("watch.ts", "paced.ts"):  # the drop handler counts requests per path: one per test
        (root / name).write_bytes((root / "live.ts").read_bytes())
    ffmpeg("-i", str(short_video), "-c", "copy", "-movflags", "+faststart", str(root / "clip.mp4"))
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=160x120:rate=10",
        "-t",
        "4",
        "-c:v",
        "libx264",
        "-g",
        "10",
        "-pix_fmt",
        "yuv420p",
        "-f",
        "hls",
        "-hls_time",
        "1",
        "-hls_playlist_type",
        "vod",
        str(root / "play.m3u8"),
    )
    return root


@pytest.fixture(scope="module")
def server(stream_files):
    stop = threading.Event()
    handler = type("H", (Handler,), {"root": stream_files, "counts": {}, "stop": stop})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    stop.set()
    httpd.shutdown()
    httpd.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_drop_oldest_queue_never_blocks():
    q = DropOldestQueue(2)
    assert [q.put(i) for i in range(5)] == [False, False, True, True, True]
    assert q.dropped == 3 and len(q) == 2
    assert [q.get(0.1), q.get(0.1)] == [3, 4]
    with pytest.raises(TimeoutError):
        q.get(0.05)
    with pytest.raises(ValueError, match="queue_size must be >= 1"):
        DropOldestQueue(0)


def test_realtime_replay_is_paced_by_timestamps(short_video):
    start = time.monotonic()
    with open_video(short_video, realtime=True, speed=4.0) as src:
        assert (
            isinstance(src, LiveSource)
            and src.info.live
            and src.info.duration == pytest.approx(4.0, abs=0.11)
        )
        frames = list(src.frames(SamplerConfig(fps=2)))
        metrics = src.metrics
    elapsed = time.monotonic() - start
    assert [f.t for f in frames] == pytest.approx([0.5 * k for k in range(8)])
    assert 0.8 < elapsed < 3.0  # 3.5 s of video at 4x real time
    assert isinstance(metrics, IngestMetrics)
    assert (metrics.frames_in, metrics.frames_out, metrics.frames_dropped) == (8, 8, 0)
    assert metrics.ended and metrics.error is None and metrics.reconnects == 0


def test_slow_consumer_drops_oldest_and_ingest_never_blocks(short_video):
    with open_live(short_video, "pyav", realtime=True, speed=4.0, queue_size=2) as src:
        got, ended_while_consuming = [], False
        for frame in src.frames(SamplerConfig(fps=None)):
            got.append(frame)
            time.sleep(0.1)  # 10 frames/s against 40 frames/s coming in
            ended_while_consuming |= src.metrics.ended and len(got) < 15
        m = src.metrics
    assert ended_while_consuming  # the reader finished on time, it never waited for us
    assert m.frames_in == 40 and m.frames_dropped > 15
    assert m.frames_out == len(got) == m.frames_in - m.frames_dropped
    assert got[-1].t == pytest.approx(3.9)  # the newest frames survive
    times = [f.t for f in got]
    assert times == sorted(set(times))
    assert m.max_lag_s >= m.lag_s > 0.0 and m.max_lag_s > 0.05


def test_replay_helper_and_single_iteration(short_video):
    frames = list(replay_realtime(short_video, SamplerConfig(fps=1), speed=8.0))
    assert [f.index for f in frames] == [0, 10, 20, 30]
    with open_video(short_video, realtime=True, speed=8.0) as src:
        list(src.frames())
        with pytest.raises(SourceError, match="iterated only once"):
            src.frames()


def test_close_stops_a_running_replay(short_video):
    src = open_video(short_video, realtime=True, speed=0.5)  # would take 8 s
    it = src.frames(SamplerConfig(fps=None))
    first = next(it)
    start = time.monotonic()
    src.close()
    assert time.monotonic() - start < 2.0 and first.t == 0.0
    assert src.metrics.ended


def test_http_file_stream(server, short_video):
    with open_video(f"{server}/files/clip.mp4") as src:
        assert isinstance(src, LiveSource) and src.info.backend == "pyav"
        frames = list(src.frames(SamplerConfig(fps=2)))
        assert src.metrics.error is None and src.metrics.reconnects == 0
    with open_video(short_video) as local:
        expected = [(f.t, f.index) for f in local.frames(SamplerConfig(fps=2))]
    assert [(f.t, f.index) for f in frames] == expected


def test_hls_playlist(server):
    with open_video(f"{server}/hls/play.m3u8", timeout=5.0) as src:
        frames = list(src.frames(SamplerConfig(fps=None)))
    assert len(frames) == 40
    assert [f.t for f in frames] == pytest.approx([i / 10 for i in range(40)], abs=1e-6)


def test_wrong_urls_fail_fast():
    start = time.monotonic()
    with pytest.raises(SourceError, match="cannot open 'http://127.0.0.1:.*"):
        open_video(f"http://127.0.0.1:{free_port()}/nothing.mp4", timeout=3.0)
    with pytest.raises(SourceError, match="cannot open 'rtsp://127.0.0.1:"):
        open_video(f"rtsp://127.0.0.1:{free_port()}/cam", timeout=3.0)
    assert time.monotonic() - start < 8.0


def test_missing_url_on_a_live_server(server):
    with pytest.raises(SourceError, match="404|Not Found|cannot open"):
        open_video(f"{server}/files/missing.mp4", timeout=3.0)


def test_stream_drop_reconnects_with_backoff_and_ends_cleanly(server, caplog):
    src = open_live(f"{server}/drop/live.ts", reconnect=2, backoff=FAST, timeout=5.0)
    with src:
        frames = list(src.frames(SamplerConfig(fps=None)))
        m = src.metrics
    assert m.reconnects >= 1 and m.error is None and m.ended
    times = [f.t for f in frames]
    assert times == sorted(set(times))  # the clock keeps running across the reconnect
    assert len(frames) > 60  # the half stream, then the whole stream again
    assert [f.index for f in frames] == sorted(set(f.index for f in frames))
    assert "reconnecting" in caplog.text


def test_stream_that_stops_sending_raises_instead_of_hanging(server):
    start = time.monotonic()
    src = open_live(f"{server}/stall/live.ts", reconnect=1, backoff=FAST, timeout=1.0)
    got = []
    with (
        src,
        pytest.raises(
            SourceError,
            match="not recovered after 1 reconnect attempts: .*timed out after 1 s waiting for data",
        ),
    ):
        for frame in src.frames(SamplerConfig(fps=None)):
            got.append(frame)
    assert time.monotonic() - start < 15.0
    assert got and src.metrics.error and src.metrics.reconnects == 1


@pytest.fixture
def silent_server():
    """A loopback TCP server that accepts connections and never sends a byte (stops with the test)."""
    stop = threading.Event()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    held: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(5)
    for conn in held:
        conn.close()
    listener.close()


@pytest.mark.parametrize("scheme", ["http", "rtsp"])
def test_server_that_never_sends_times_out_with_a_clear_reason(silent_server, scheme):
    start = time.monotonic()
    with pytest.raises(SourceError, match=r"timed out after 1 s waiting for data") as info:
        open_video(f"{scheme}://127.0.0.1:{silent_server}/cam", timeout=1.0)
    assert "Immediate exit" not in str(info.value)
    assert time.monotonic() - start < 6.0


def test_urls_are_live_even_when_realtime_is_asked(server):
    """realtime pacing is for files: a URL is read as it comes, and it reconnects when it drops."""
    start = time.monotonic()
    frames = []
    with open_video(f"{server}/drop/paced.ts", realtime=True, timeout=5.0) as src:
        for frame in src.frames(SamplerConfig(fps=None)):
            frames.append(frame)
            if frame.t >= 8.0:  # the server is gone after this: leave before the reconnect budget runs out
                break
        m = src.metrics
    assert time.monotonic() - start < 4.0  # 8 s of video: not paced
    assert m.reconnects >= 1 and m.gaps == 1 and m.gap_s > 0.3 and m.error is None  # default backoff 0.5 s
    times = [f.t for f in frames]
    assert len(frames) > 60 and times == sorted(set(times))
    with pytest.raises(SourceError, match="speed= applies to replays of files"):
        open_video(f"{server}/files/clip.mp4", realtime=True, speed=2.0)


def test_watch_reconnects_a_url_without_fast(server, monkeypatch, capsys, caplog):
    # 7 s is reached only after the reconnect: the first connection gives 3 s of video
    monkeypatch.setattr("sys.stdin", io.StringIO("@7 what is shown?\n"))
    code = main(["watch", f"{server}/drop/watch.ts", "--no-progress"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "[now, asked at 7.0s" in out and "reconnecting" in caplog.text


def test_watch_on_a_server_that_never_sends(silent_server, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("what now?\n"))
    url = f"http://127.0.0.1:{silent_server}/live.ts"
    code = main(["watch", url, "--timeout", "1", "--reconnect-for", "0", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1 and "Immediate exit" not in err and "Traceback" not in err  # a stream lost: status 1
    assert err.strip().splitlines()[-1].startswith(f"streamvu watch: error: cannot reach {url}")
    assert err.strip().endswith("timed out after 1 s waiting for data")


def test_watch_refuses_speed_and_bad_timeout_on_urls(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["watch", "rtsp://127.0.0.1:1/cam", "--speed", "2", "--no-progress"]) == 2
    assert "--speed applies to video files" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:  # argparse refuses it, naming the flag
        main(["watch", "rtsp://127.0.0.1:1/cam", "--timeout", "0", "--no-progress"])
    assert refused.value.code == 2 and "argument --timeout" in capsys.readouterr().err


@pytest.mark.parametrize(
    "backend",
    [
        "pyav",
        pytest.param("opencv", marks=pytest.mark.skipif(not _deps.HAS_OPENCV, reason="opencv not installed")),
    ],
)
def test_missing_webcam_is_a_clear_error(backend):
    with pytest.raises(SourceError, match="webcam 9|video9"):
        open_video(9, backend, timeout=2.0)
    with pytest.raises(SourceError, match="decord cannot read cameras"):
        open_video(0, "decord")


def test_rtsp_stream_over_loopback():
    """A real RTSP session: ffmpeg publishes (ANNOUNCE/RECORD) to our reader in listen mode."""
    import subprocess

    import imageio_ffmpeg

    url = f"rtsp://127.0.0.1:{free_port()}/live"
    cmd = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-v",
        "error",
        "-nostdin",
        "-re",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=160x120:rate=10",
        "-t",
        "2",
        "-c:v",
        "libx264",
        "-g",
        "10",
        "-pix_fmt",
        "yuv420p",
        "-f",
        "rtsp",
        "-rtsp_transport",
        "tcp",
        url,
    ]
    publisher = threading.Timer(0.5, lambda: subprocess.run(cmd, timeout=30, capture_output=True))
    publisher.start()
    try:
        src = open_live(
            url, reconnect=0, timeout=10.0, options={"rtsp_flags": "listen", "listen_timeout": "10"}
        )
        with src:
            assert src.info.live and (src.info.width, src.info.height) == (160, 120)
            frames = list(src.frames(SamplerConfig(fps=2)))
            m = src.metrics
    finally:
        publisher.join()
    assert len(frames) >= 3 and m.error is None and m.ended
    times = [f.t for f in frames]
    assert times == sorted(set(times)) and times[0] == pytest.approx(0.0, abs=0.11)
    assert [round(d, 1) for d in np.diff(times)] == [0.5] * (len(times) - 1)
