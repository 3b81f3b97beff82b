"""What a demo visitor can make the server open, tried as a remote client would: uploads that point
at local files, and http(s) streams whose redirects or playlist segments lead into the server's
network, against real HTTP servers on loopback.

Loopback stands in for both sides: the demo's policy counts ``127.0.0.2`` as public (its
``public_networks``) while ``127.0.0.1`` stays what it is, the server itself. The "public" server
on 127.0.0.2 serves real HLS segments (made by FFmpeg from a real encoded video), redirects and
playlists whose segments lie on the "private" server on 127.0.0.1; the private server counts every
request it gets, so "nothing ingested" is checked where the data lives.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from streamvu.apps.demo.policy import (
    FILE_OPTIONS,
    SourcePolicy,
    check_stream_url,
    pinned_url,
    url_options,
)
from streamvu.errors import SourceError
from tests.videos import ffmpeg

PUBLIC, PRIVATE = "127.0.0.2", "127.0.0.1"
POLICY = SourcePolicy(remote=True, public_networks=(f"{PUBLIC}/32",))


# -- servers and files ---------------------------------------------------------------------------------------
class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        if self.path.startswith("/go?"):  # /go?to=URL: a redirect, as a hostile public server sends
            self.send_response(302)  # counted by log_message
            self.send_header("Location", parse_qs(urlsplit(self.path).query)["to"][0])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()


def _serve(host: str, directory: Path):
    server = http.server.ThreadingHTTPServer((host, 0), functools.partial(_Handler, directory=str(directory)))
    server.hits = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def web(short_video, tmp_path_factory):
    """(public server, private server, folder of both): HLS of the short video (looped to 16 s, 1 s
    segments) on both, and playlists
    on the public one whose segments lie on the private one."""
    root = tmp_path_factory.mktemp("web")
    ffmpeg(
        "-stream_loop", "3", "-i", str(short_video), "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-f", "hls", "-hls_time", "1", "-hls_list_size", "0",
        "-hls_segment_filename", str(root / "seg%d.ts"), str(root / "play.m3u8"),
    )  # fmt: skip
    public, private = _serve(PUBLIC, root), _serve(PRIVATE, root)
    play = (root / "play.m3u8").read_text()
    segments = [line for line in play.splitlines() if line.endswith(".ts")]
    assert len(segments) >= 12
    port = private.server_address[1]
    (root / "mixed.m3u8").write_text(play.replace("seg", f"http://{PRIVATE}:{port}/seg"))
    late = play  # the first 10 s public (opening reads ~5 s), the rest on the private server
    for name in segments[10:]:
        late = late.replace(f"\n{name}", f"\nhttp://{PRIVATE}:{port}/{name}")
    (root / "late.m3u8").write_text(late)
    (root / "files.m3u8").write_text(play.replace("seg", f"file://{root}/seg"))
    (root / "list.ffconcat").write_text(f"ffconcat version 1.0\nfile 'http://{PRIVATE}:{port}/seg0.ts'\n")
    (root / "cam.sdp").write_text(
        f"v=0\no=- 0 0 IN IP4 {PRIVATE}\ns=x\nc=IN IP4 {PRIVATE}\nt=0 0\nm=video {port} RTP/AVP 96\n"
    )
    yield public, private, root
    for server in (public, private):
        server.shutdown()
        server.server_close()


def _url(server, path: str) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}{path}"


def _private_hits(private) -> list[str]:
    return list(private.hits)


@pytest.fixture
def clean(web):
    public, private, _ = web
    public.hits.clear()
    private.hits.clear()
    return web


@pytest.fixture(scope="module")
def remote_demo(encoder, embedder):
    """The demo as served beyond loopback (public addresses only; 127.0.0.2 counted as public),
    listening on loopback, with real models."""
    pytest.importorskip("gradio", reason="the demo extra (gradio) is not installed")
    from streamvu.answerers.grounded.answerer import GroundedAnswerer
    from streamvu.apps.demo import DemoApp, DemoModels, build_demo, launch
    from streamvu.pipeline.engine import PipelineConfig

    models = DemoModels(
        PipelineConfig(fps=2.0),
        encoder=encoder,
        embedder=embedder,
        answerer=GroundedAnswerer(encoder, embedder),
    )
    app = DemoApp(models, policy=POLICY)
    demo = build_demo(app)
    _, url, _ = launch(demo, host="127.0.0.1", port=None, block=False, quiet=True, auth=("viewer", "s3cret"))
    yield url, app
    app.close()
    demo.close()


@pytest.fixture
def client(remote_demo):
    from gradio_client import Client

    url, app = remote_demo
    app.stop()
    return Client(url, auth=("viewer", "s3cret"), verbose=False), app


def _start_url(client, url: str) -> str:
    return client.predict("Stream URL", None, "", url, 0, 1.0, api_name="/start")[0]


def _refused(status: str, *words: str) -> None:
    assert status.startswith("**Could not start:**"), status
    assert len(status.splitlines()) == 1, status
    for word in words:
        assert word in status, status


# -- the defects, reproduced through the demo's HTTP API ---------------------------------------------------------
def test_redirect_from_a_public_host_to_the_server_itself_is_refused(clean, client):
    public, private, _ = clean
    client, app = client
    for target in (
        _url(private, "/play.m3u8"),
        _url(private, "/seg0.ts").replace(PRIVATE, "localhost"),
        _url(private, "/play.m3u8").replace("http://", "https://"),  # through the guard's CONNECT
    ):
        status = _start_url(client, _url(public, f"/go?to={target}"))
        _refused(status, "led on to", "inside its network", urlsplit(target).hostname)
        assert app.session is None
    assert _private_hits(private) == []  # not one request reached the server's own network
    assert len(public.hits) == 3


def test_hls_playlist_on_a_public_host_with_private_segments_is_refused(clean, client):
    public, private, _ = clean
    client, app = client
    status = _start_url(client, _url(public, "/mixed.m3u8"))
    _refused(status, "led on to", f"http://{PRIVATE}:", "seg0.ts", "inside its network")
    assert app.session is None and _private_hits(private) == []


def test_public_answers_that_point_at_local_files_or_other_protocols_are_refused(clean, client):
    """A public server answering with a playlist of file:// segments, a redirect to file://, a concat
    list or an SDP file (which would make FFmpeg read local files or open RTP/UDP): refused."""
    public, private, root = clean
    client, app = client
    for path, words in (
        ("/files.m3u8", ()),
        (f"/go?to=file://{root}/seg0.ts", ("does not open for visitors",)),
        ("/list.ffconcat", ()),
        ("/cam.sdp", ()),
    ):
        _refused(_start_url(client, _url(public, path)), *words)
        assert app.session is None
    assert _private_hits(private) == []


def test_segments_refused_mid_stream_end_it_with_the_reason(clean, client):
    """The first segments are public (it starts and plays them); the later ones are private: they are
    never fetched, and the stream ends with the refusal as its error."""
    public, private, _ = clean
    client, app = client
    status = _start_url(client, _url(public, "/late.m3u8"))
    assert "Watching" in status, status
    deadline = time.time() + 30
    metrics = ""
    while time.time() < deadline and "led on to" not in metrics:
        time.sleep(0.3)
        metrics = client.predict(api_name="/refresh")[0]
    assert "| error |" in metrics and "led on to" in metrics and "inside its network" in metrics, metrics
    assert "frames ingested | 0 |" not in metrics  # the public segments did play
    assert _private_hits(private) == []
    client.predict(api_name="/stop")


def test_public_streams_and_public_redirects_still_play(clean, client):
    public, private, _ = clean
    client, app = client
    for url in (_url(public, "/play.m3u8"), _url(public, f"/go?to={_url(public, '/play.m3u8')}")):
        status = _start_url(client, url)
        assert "Watching" in status, status
        deadline = time.time() + 30
        while "frames ingested | 0 |" in client.predict(api_name="/refresh")[0] and time.time() < deadline:
            time.sleep(0.3)
        assert "frames ingested | 0 |" not in client.predict(api_name="/refresh")[0]
        assert app.session is not None and app.session.tap.guard is not None  # every request went through it
        assert not app.session.tap.guard.refusals
        client.predict(api_name="/stop")
    assert "/seg1.ts" in public.hits and _private_hits(private) == []


def test_https_goes_through_the_guard_and_plays(clean, client, tmp_path):
    """A public https:// stream (a TLS server with a self-signed certificate on 127.0.0.2) plays
    through the guard's CONNECT tunnel; the guard saw it."""
    import shutil
    import ssl
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("no openssl command to make the test's certificate")
    public, private, root = clean
    client, app = client
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", f"/CN={PUBLIC}"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    server = _serve(PUBLIC, root)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    try:
        url = _url(server, "/play.m3u8").replace("http://", "https://")
        status = _start_url(client, url)
        assert "Watching" in status, status
        deadline = time.time() + 30
        while "frames ingested | 0 |" in client.predict(api_name="/refresh")[0] and time.time() < deadline:
            time.sleep(0.3)
        assert "frames ingested | 0 |" not in client.predict(api_name="/refresh")[0]
        assert "/seg1.ts" in server.hits and not app.session.tap.guard.refusals
        client.predict(api_name="/stop")
        # and a public https page redirecting into the server's network
        target = _url(private, "/play.m3u8")
        _refused(
            _start_url(client, _url(server, f"/go?to={target}").replace("http://", "https://")), "led on to"
        )
    finally:
        server.shutdown()
        server.server_close()
    assert _private_hits(private) == []


def test_a_server_path_is_not_an_upload(remote_demo, short_video):
    """The raw API, as a visitor could call it without gradio_client: a "File" value naming a path on
    the server (not uploaded) never reaches the handler."""
    import httpx

    url, app = remote_demo
    app.stop()
    with httpx.Client(base_url=url, timeout=30) as http:
        assert http.post("login", data={"username": "viewer", "password": "s3cret"}).status_code < 400
        for value in (
            {"path": str(short_video), "meta": {"_type": "gradio.FileData"}},
            {"path": "/etc/hostname"},
        ):
            event = http.post("gradio_api/call/start", json={"data": ["File", value, "", "", 0, 1.0]}).json()
            answer = http.get(f"gradio_api/call/start/{event['event_id']}").text
            assert "event: error" in answer and "Watching" not in answer, answer
    assert app.session is None


def _playlist_of_local_files(root: Path, name: str = "upload.m3u8") -> Path:
    play = (root / "play.m3u8").read_text()
    path = root / "uploads" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(play.replace("seg", f"file://{root}/seg"))
    return path


@pytest.mark.parametrize("name", ["upload.m3u8", "renamed.mp4"])
def test_uploaded_playlist_of_local_files_is_refused(web, client, name):
    from gradio_client import handle_file

    _, _, root = web
    client, app = client
    status = client.predict(
        "File", handle_file(str(_playlist_of_local_files(root, name))), "", "", 0, 1.0, api_name="/start"
    )[0]
    _refused(status, "playlist", "self-contained video")
    assert app.session is None


def test_uploads_are_refused_on_the_loopback_demo_too(web, encoder, embedder, short_video, tmp_path):
    """The handler the loopback demo's /start calls (DemoApp.start), with its default policy: a
    playlist, a concat list and an SDP file are refused; a real video plays."""
    from streamvu.answerers.grounded.answerer import GroundedAnswerer
    from streamvu.apps.demo import DemoApp, DemoModels
    from streamvu.pipeline.engine import PipelineConfig

    _, _, root = web
    concat = tmp_path / "list.txt"
    concat.write_text(f"ffconcat version 1.0\nfile '{short_video}'\n")
    sdp = tmp_path / "cam.sdp"
    sdp.write_text("v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nt=0 0\nm=video 5004 RTP/AVP 96\n")
    models = DemoModels(
        PipelineConfig(fps=2.0),
        encoder=encoder,
        embedder=embedder,
        answerer=GroundedAnswerer(encoder, embedder),
    )
    app = DemoApp(models)
    try:
        for path in (_playlist_of_local_files(root), concat, sdp):
            status, _ = app.start("File", str(path), "", "", 0, 1.0)
            _refused(status, "self-contained video")
            assert app.session is None
        status, _ = app.start("File", str(short_video), "", "", 0, 4.0)
        assert "Watching" in status and app.session.tap.inner.info.backend == "pyav"
    finally:
        app.close()


# -- the layers under the demo --------------------------------------------------------------------------------
def test_file_whitelists_refuse_a_playlist_below_the_first_bytes_check(web, short_video, tmp_path):
    """FFmpeg's own whitelists, under the demo's first-bytes check: a playlist FFmpeg would follow
    to local files is refused by every opener of a visitor's file; protocol_whitelist=file alone is
    not enough (a local playlist may list file:// segments)."""
    import av

    from streamvu.ingest import open_video

    _, _, root = web
    playlist = _playlist_of_local_files(root, "local.m3u8")
    with av.open(str(playlist), options={"protocol_whitelist": "file"}) as container:  # the defect
        assert container.format.name == "hls"
    for realtime in (True, False):
        with pytest.raises(SourceError, match="Invalid argument"):
            open_video(str(playlist), realtime=realtime, options=dict(FILE_OPTIONS))
    with open_video(str(short_video), "auto", realtime=True, options=dict(FILE_OPTIONS)) as src:
        assert src.info.backend == "pyav" and next(iter(src.frames())).rgb.size
    with pytest.raises(SourceError, match="pyav"):
        open_video(str(short_video), "opencv", options=dict(FILE_OPTIONS))


REDIRECTS = [  # (where a public server redirects FFmpeg, refused by: the guard or the whitelist)
    ("file://{root}/seg0.ts", "whitelist"),
    ("tcp://{private}/play.m3u8", "whitelist"),
    ("tls://{private}/", "whitelist"),
    ("crypto+http://{private}/seg0.ts", "whitelist"),
    ("httpproxy://{private}/x", "whitelist"),
    ("HTTP://{private}/play.m3u8", "whitelist"),
    ("http://{public}@{private}/play.m3u8", "guard"),
    ("http://[::ffff:127.0.0.1]:{port}/play.m3u8", "guard"),
    ("http://2130706433:{port}/play.m3u8", "guard"),
    ("http://0.0.0.0:{port}/play.m3u8", "guard"),
    ("https://localhost:{port}/play.m3u8", "guard"),
]


@pytest.mark.parametrize("target, by", REDIRECTS)
def test_no_redirect_hop_escapes(clean, target, by):
    """The layer under the demo's handler (PyAV with the demo's options and guard): wherever a public
    server redirects, FFmpeg opens nothing on the server's network or disk; the visitor is told in words."""
    from streamvu.apps.demo.guard import AddressGuard
    from streamvu.apps.demo.policy import whitelist_refusal
    from streamvu.ingest.pyav_reader import PyAVSource

    public, private, root = clean
    host, port = private.server_address[:2]
    target = target.format(root=root, private=f"{host}:{port}", public=PUBLIC, port=port)
    url = _url(public, f"/go?to={target}")
    with AddressGuard(POLICY.guard_resolver()) as guard:
        with pytest.raises(SourceError) as caught:
            PyAVSource(url, options=url_options(url, guard.proxy), timeout=5, live=True)
        refusals = guard.refusals
    if by == "guard":
        assert refusals and "inside its network" in refusals[0], refusals
    else:
        assert not refusals and "does not open for visitors" in whitelist_refusal(url, False, caught.value)
    assert _private_hits(private) == [] and public.hits == [f"/go?to={target}"]


def test_policy_counts_public_networks_and_refuses_self_redirecting_schemes():
    import ipaddress

    assert POLICY.checks_addresses and not SourcePolicy().checks_addresses
    assert not POLICY.is_private(ipaddress.ip_address(PUBLIC))
    assert POLICY.is_private(ipaddress.ip_address(PRIVATE))
    assert POLICY.is_private(ipaddress.ip_address("::ffff:127.0.0.1"))
    assert not POLICY.is_private(ipaddress.ip_address("::ffff:127.0.0.2"))
    assert POLICY.connect_address(PUBLIC, 80) == PUBLIC
    with pytest.raises(ValueError, match="inside its network"):
        POLICY.connect_address("localhost", 80)
    with pytest.raises(ValueError, match="public_networks"):
        SourcePolicy(public_networks=("not a network",))
    for url in ("rtsp://8.8.8.8:554/cam", "rtmp://1.1.1.1/live/x", "rtsps://8.8.8.8/cam"):
        with pytest.raises(ValueError, match="redirect"):
            check_stream_url(url, SourcePolicy.for_server("0.0.0.0", False))
        assert (
            check_stream_url(url, SourcePolicy.for_server("0.0.0.0", False, allow_private_urls=True)) == url
        )
    options = url_options("https://example.com/x.m3u8", "http://127.0.0.1:9")
    assert options["http_proxy"] == "http://127.0.0.1:9" and "file" not in options["protocol_whitelist"]
    assert "concat" not in options["format_whitelist"] and "sdp" not in options["format_whitelist"]
    loopback = SourcePolicy(remote=True, public_networks=("127.0.0.0/8", "::1/128"))
    assert pinned_url("srt://localhost:9000?mode=caller", loopback) in (
        "srt://127.0.0.1:9000?mode=caller",
        "srt://[::1]:9000?mode=caller",
    )
    assert pinned_url("http://localhost/x", loopback) == "http://localhost/x"  # the guard pins those
    with pytest.raises(ValueError, match="inside its network"):
        pinned_url("udp://localhost:1234", POLICY)
    with pytest.raises(ValueError, match="guard"):
        url_options("srt://1.1.1.1:9000", "http://127.0.0.1:9")
    assert url_options("udp://1.1.1.1:1234")["protocol_whitelist"] == "udp"
