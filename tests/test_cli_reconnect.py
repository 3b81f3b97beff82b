"""``streamvu watch`` on a URL under one ``--reconnect-for`` policy: a stream that drops and never
comes back ends the program by itself (input still open), with status 1 and one line."""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from tests.test_faults import Run
from tests.videos import ffmpeg


@pytest.fixture(scope="module")
def dropping_server(tmp_path_factory):
    """Serves ``/live.ts``: the first request gets half of a 6 s MPEG-TS stream, then nothing more
    (the connection stays open, silent); every later one gets 503 (the camera is gone)."""
    root = tmp_path_factory.mktemp("drop")
    ts = root / "live.ts"
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10", "-t", "6", "-c:v", "libx264", "-g", "10",
        "-pix_fmt", "yuv420p", "-f", "mpegts", str(ts),
    )  # fmt: skip
    data = ts.read_bytes()
    served = []
    stop = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            served.append(self.path)
            if len(served) > 1:
                self.send_error(503)
                return
            self.send_response(200)
            self.send_header("Content-Type", "video/mp2t")
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
            self.end_headers()
            half = data[: len(data) // 2]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(half), half))
            self.wfile.flush()
            stop.wait(30)  # then silence

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/live.ts"
    stop.set()
    httpd.shutdown()


def test_watch_stream_lost_mid_way_ends_with_one_line(dropping_server):
    started = time.monotonic()
    run = Run(
        ["watch", dropping_server, "--reconnect-for", "2", "--timeout", "1", "-q"], stdin="what is shown?\n"
    )  # stdin left open
    assert run.finish(240) == 1, run.stderr_lines
    lines = run.stderr_lines
    assert len(lines) == 1, lines
    assert lines[0].startswith(
        "streamvu watch: error: the stream was lost and did not come back within 2 s"
    ), lines
    assert "Error:" not in lines[0] and "Errno" not in lines[0], lines
    assert time.monotonic() - started < 200
