"""The live demo: its state without gradio, its gradio API through ``gradio_client``, and the page
driven in headless Chromium (Debian's chromium through Playwright; skipped with the reason when absent).

The browser test saves ``artifacts/demo.png``.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from streamvu.apps.cli import main
from streamvu.apps.demo.fake_camera import HEADLESS_CHROMIUM_ARGS
from streamvu.apps.demo.session import (
    ThumbStore,
    answer_markdown,
    clock,
    layer_rows,
    memory_markdown,
    resolve_choice,
)
from streamvu.memory import MemoryConfig, PyramidMemory
from streamvu.messages import Answer, Evidence, Question
from streamvu.testing.synthetic import synthetic_stream

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM = os.environ.get("STREAMVU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = HEADLESS_CHROMIUM_ARGS


# -- state and panels (no gradio needed) ---------------------------------------------------------------
def test_thumb_store_is_bounded_and_finds_the_nearest():
    store = ThumbStore(capacity=10, width=8)
    for i in range(100):
        store.add(float(i), np.full((12, 16, 3), i, np.uint8))
    assert len(store) <= 10
    t, img = store.nearest(97.2)
    assert t == 97.0 and img.shape == (6, 8, 3) and img[0, 0, 0] == 97
    assert store.nearest(0.0)[0] < 50  # the old half is thinned, not dropped


def test_resolve_choice_explains_what_is_missing(short_video):
    assert resolve_choice("File", str(short_video), "", "", 0) == (str(short_video), True)
    assert resolve_choice("File", None, "sample:carphone", "", 0)[0].endswith("carphone_distorted.mp4")
    assert resolve_choice("Stream URL", None, "", " rtsp://cam/1 ", 0) == ("rtsp://cam/1", False)
    assert resolve_choice("Webcam", None, "", "", 2.0) == (2, False)
    for args, match in [
        (("File", None, "", "", 0), "upload"),
        (("Stream URL", None, "", "", 0), "URL"),
        (("Webcam", None, "", "", "x"), "whole number"),
        (("Fax", None, "", "", 0), "unknown"),
    ]:
        with pytest.raises(ValueError, match=match):
            resolve_choice(*args)


def test_answer_markdown_has_clickable_timestamps():
    answer = Answer(
        Question("what now?", 75.0),
        "A cat.",
        [Evidence(12.0, 15.0, "tabby cat (80%), lynx (5%)")],
        latency=0.5,
        kept_tokens=10,
        total_tokens=20,
    )
    text = answer_markdown("A cat.", answer)
    assert "[0:12.0–0:15.0](#t=12.00) tabby cat (80%)" in text and "1:15.0" in text
    assert clock(3725.5) == "1:02:05.5"


def test_memory_panel_counts_every_frame_per_layer():
    memory = PyramidMemory(MemoryConfig(layers=((2, None), (4, 4), (8, 1)), archive_capacity=4))
    for item in synthetic_stream(30):
        memory.add(item)
    snapshot = memory.snapshot()
    rows = layer_rows(snapshot, memory.config)
    assert [r[1] for r in rows[:3]] == list(snapshot.layer_sizes)
    assert sum(r[3] for r in rows) == snapshot.frames_seen == 30
    assert "| layer 0 | 2 / 2 |" in memory_markdown(memory)


def test_missing_gradio_gives_the_install_hint(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "gradio", None)  # import gradio -> ImportError
    assert main(["demo", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "gradio" in err and "pip install 'streamvu[demo]'" in err


def test_demo_cli_defaults_to_loopback_without_share():
    from streamvu.apps.cli import build_parser

    args = build_parser()[0].parse_args(["demo"])
    assert args.host == "127.0.0.1" and args.share is False


# -- the served app ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_url(encoder, embedder):
    """The demo served on loopback in this process, with the session's models and the default
    (grounded) answerer, as ``streamvu demo`` runs it."""
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
    app = DemoApp(models)
    demo = build_demo(app)
    _, url, _ = launch(demo, host="127.0.0.1", port=None, block=False, quiet=True)
    assert url.startswith("http://127.0.0.1:")
    yield url
    app.close()
    demo.close()


def test_gradio_api_start_ask_refresh_stop(demo_url, short_video):
    from gradio_client import Client, handle_file

    client = Client(demo_url, verbose=False)
    assert {"/start", "/ask", "/refresh", "/stop"} <= set(
        client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    )
    status, player = client.predict("File", handle_file(str(short_video)), "", "", 0, 4.0, api_name="/start")
    assert "Watching" in status and player
    deadline = time.time() + 30
    while "frames ingested | 0 |" in client.predict(api_name="/refresh")[0] and time.time() < deadline:
        time.sleep(0.3)
    job = client.submit("what is in the video now?", [], api_name="/ask")
    history, _, gallery = job.result(timeout=120)
    reply = history[-1]["content"]
    reply = reply[0]["text"] if isinstance(reply, list) else reply
    assert "#t=" in reply and "Evidence" in reply and gallery
    metrics, memory, latest = client.predict(api_name="/refresh")
    assert "ingest fps" in metrics and "answered / pending | 1 /" in metrics
    assert "layer 0" in memory and latest
    bad = client.predict("Stream URL", None, "", "", 0, 1.0, api_name="/start")[0]
    assert "Could not start" in bad and "URL" in bad
    assert "Stopped" in client.predict(api_name="/stop") or "Nothing" in client.predict(api_name="/stop")


def test_browser_asks_and_sees_a_timestamped_answer(demo_url, short_video):
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM} (apt-get install chromium); the API is tested through gradio_client"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            page.goto(demo_url, wait_until="load")  # never network-idle: the page's timers call every 0.5 s
            page.locator("#svu-player input[type=file]").set_input_files(str(short_video))
            page.locator("#svu-player video").wait_for(timeout=30_000)
            page.locator("#svu-start").click()
            page.get_by_text("Watching").wait_for(timeout=60_000)
            page.get_by_text("frames ingested").wait_for(timeout=30_000)
            page.wait_for_function(
                "() => { const v = document.querySelector('#svu-latest img'); return v && v.src; }",
                timeout=30_000,
            )
            page.wait_for_function(  # ask mid-stream, once 2 s of video are in memory
                "() => /stream time\\s*0:0[2-9]/.test(document.querySelector('#svu-metrics').innerText)",
                timeout=30_000,
            )
            page.locator("#svu-question textarea").fill("what is in the video now?")
            page.locator("#svu-ask").click()
            link = page.locator('#svu-chat a[href*="#t="]').first
            link.wait_for(timeout=120_000)
            page.wait_for_timeout(1500)  # let the panels refresh once more
            page.screenshot(path=str(ARTIFACTS / "demo.png"), full_page=True)
            target = float(link.get_attribute("href").split("#t=")[1])
            link.click()
            assert page.evaluate("window.__streamvuSeek") == pytest.approx(target)
            assert page.url.split("#")[0].rstrip("/") == demo_url.rstrip("/")  # no navigation away
            chat = page.locator("#svu-chat").inner_text()
            assert "Evidence" in chat and "visual tokens" in chat
        finally:
            browser.close()
    assert (ARTIFACTS / "demo.png").stat().st_size > 10_000


# -- who may open what ---------------------------------------------------------------------------------------
REFUSED_EVERYWHERE = [
    ("/etc/hostname", "only live stream URLs"),
    ("file:///etc/hostname", "only live stream URLs"),
    ("file:/etc/hostname", "only live stream URLs"),
    ("concat:/etc/hostname|/etc/hosts", "only live stream URLs"),
    ("subfile,,start,0,end,64,,:/etc/hostname", "only live stream URLs"),
    ("data:video/mp4;base64,AAAA", "only live stream URLs"),
    ("ftp://127.0.0.1/x.mp4", "only live stream URLs"),
    ("hls+http://127.0.0.1/x.m3u8", "only live stream URLs"),
    ("rtsp:/cam", "only live stream URLs"),
    ("http://", "names no host"),
    ("http://127.0.0.1:x/", "not a valid stream URL"),
    ("rtsp://cam/1 -i file.mp4", "spaces"),
]
REFUSED_REMOTELY = [
    "rtsp://127.0.0.1:8554/live",
    "http://localhost:7860/",
    "http://[::1]/x.m3u8",
    "http://0.0.0.0/x",
    "http://2130706433/x",
    "udp://:1234",
    "udp://239.0.0.1:1234",
    "rtsp://10.1.2.3/cam",
    "rtsp://192.168.1.20/cam",
    "http://169.254.169.254/latest/meta-data",
    "rtsp://[fe80::1]/cam",
    "http://[::ffff:127.0.0.1]/x",
]


@pytest.mark.parametrize("url, reason", REFUSED_EVERYWHERE)
def test_stream_url_field_takes_live_urls_only(url, reason):
    from streamvu.apps.demo.policy import SourcePolicy, check_stream_url

    for policy in (SourcePolicy(), SourcePolicy(remote=True, allow_private_urls=True)):
        with pytest.raises(ValueError, match=reason):
            check_stream_url(url, policy)


def test_remote_demo_opens_public_addresses_only():
    from streamvu.apps.demo.policy import SourcePolicy, check_stream_url

    local, remote = (
        SourcePolicy.for_server("127.0.0.1", share=False),
        SourcePolicy.for_server("0.0.0.0", False),
    )
    assert not local.remote and local.allow_webcam and local.allow_private_urls
    assert remote.remote and not remote.allow_webcam and not remote.allow_private_urls
    assert SourcePolicy.for_server("localhost", share=True).remote
    for url in REFUSED_REMOTELY:  # checked without connecting anywhere
        if url != "udp://:1234":
            assert check_stream_url(url, local) == url
        with pytest.raises(ValueError, match="inside its network|names no host"):
            check_stream_url(url, remote)
    lan = SourcePolicy.for_server("0.0.0.0", False, allow_private_urls=True)
    assert check_stream_url("rtsp://192.168.1.20/cam", lan) == "rtsp://192.168.1.20/cam"
    for url in ("http://8.8.8.8/live.m3u8", "https://[2001:4860:4860::8888]/live.m3u8", "srt://1.1.1.1:9000"):
        assert check_stream_url(f" {url} ", remote) == url
    with pytest.raises(ValueError, match="redirect"):  # rtsp servers redirect out of the guard's sight
        check_stream_url("rtsp://8.8.8.8:554/cam", remote)
    with pytest.raises(ValueError, match="webcam source is off"):
        resolve_choice("Webcam", None, "", "", 0, remote)
    with pytest.raises(ValueError, match="unknown sample"):
        resolve_choice("File", None, "/etc/hostname", "", 0, local)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--host", "0.0.0.0"], "--host 0.0.0.0 is reachable from other machines: pass --auth USER:PASS"),
        (["--share"], "--share makes a public link: pass --auth USER:PASS"),
        (["--host", "0.0.0.0", "--auth", "nopassword"], "--auth takes USER:PASS"),
        (["--auth", "a:b", "--no-auth"], "exclude each other"),
    ],
)
def test_demo_beyond_loopback_needs_auth_or_no_auth(argv, message, capsys):
    pytest.importorskip("gradio", reason="the demo extra (gradio) is not installed")
    start = time.monotonic()
    assert main(["demo", *argv, "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert time.monotonic() - start < 5  # refused before any model loads


@pytest.fixture(scope="module")
def remote_demo():
    """The demo as served beyond loopback (its policy and a password), listening on loopback only."""
    pytest.importorskip("gradio", reason="the demo extra (gradio) is not installed")
    from streamvu.apps.demo import DemoApp, DemoModels, SourcePolicy, build_demo, launch

    app = DemoApp(DemoModels(), policy=SourcePolicy.for_server("0.0.0.0", share=False))
    demo = build_demo(app)
    _, url, _ = launch(demo, host="127.0.0.1", port=None, block=False, quiet=True, auth=("viewer", "s3cret"))
    yield url, app
    app.close()
    demo.close()


def test_remote_visitors_need_the_password(remote_demo):
    from gradio_client import Client

    url, _ = remote_demo
    with pytest.raises(Exception, match="(?i)login|auth|401|credentials|unauthorized"):
        Client(url, verbose=False).predict(api_name="/stop")
    with pytest.raises(Exception):  # noqa: B017 - gradio_client's error type differs across versions
        Client(url, auth=("viewer", "wrong"), verbose=False)
    assert (
        Client(url, auth=("viewer", "s3cret"), verbose=False).predict(api_name="/stop")
        == "Nothing is playing."
    )


def test_remote_visitors_cannot_open_local_files_private_urls_or_the_webcam(remote_demo):
    from gradio_client import Client

    url, app = remote_demo
    client = Client(url, auth=("viewer", "s3cret"), verbose=False)
    refused = [(u, r) for u, r in REFUSED_EVERYWHERE] + [
        (u, "inside its network|names no host") for u in REFUSED_REMOTELY[:6]
    ]
    for stream_url, reason in refused:
        status = client.predict("Stream URL", None, "", stream_url, 0, 1.0, api_name="/start")[0]
        assert status.startswith("**Could not start:**") and re.search(reason, status), status
    try:  # gradio may refuse a choice the page does not offer before the handler sees it
        status = client.predict("Webcam", None, "", "", 0, 1.0, api_name="/start")[0]
        assert "webcam source is off" in status
    except Exception as exc:  # noqa: BLE001
        assert "Webcam" in str(exc) or "choices" in str(exc), exc
    try:
        status = client.predict("File", None, "/etc/hostname", "", 0, 1.0, api_name="/start")[0]
        assert "unknown sample" in status
    except Exception as exc:  # noqa: BLE001
        assert "/etc/hostname" in str(exc) or "choices" in str(exc), exc
    assert app.session is None  # nothing was opened


def test_local_demo_refuses_files_and_other_protocols_in_the_url_field(demo_url):
    from gradio_client import Client

    client = Client(demo_url, verbose=False)
    for stream_url in (
        "/etc/hostname",
        "file:/etc/hostname",
        "concat:/etc/hostname|/etc/hosts",
        "subfile,,start,0,end,64,,:/etc/hostname",
    ):
        status = client.predict("Stream URL", None, "", stream_url, 0, 1.0, api_name="/start")[0]
        assert "Could not start" in status and "only live stream URLs" in status, status
