"""The live demo: its state without gradio, its gradio API through ``gradio_client``, and the page
driven in headless Chromium (Debian's chromium through Playwright; skipped with the reason when absent).

The browser test saves ``artifacts/demo.png``.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from streamvu.apps.cli import main
from streamvu.apps.demo.session import (
    ThumbStore,
    answer_markdown,
    clock,
    layer_rows,
    memory_markdown,
    resolve_choice,
)
from streamvu.memory import MemoryConfig, PyramidMemory
from streamvu.memory.synthetic import synthetic_stream
from streamvu.messages import Answer, Evidence, Question

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM = os.environ.get("STREAMVU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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
    for args, match in [(("File", None, "", "", 0), "upload"), (("Stream URL", None, "", "", 0), "URL"),
                        (("Webcam", None, "", "", "x"), "whole number"), (("Fax", None, "", "", 0), "unknown")]:
        with pytest.raises(ValueError, match=match):
            resolve_choice(*args)


def test_answer_markdown_has_clickable_timestamps():
    answer = Answer(Question("what now?", 75.0), "A cat.", [Evidence(12.0, 15.0, "tabby cat (80%), lynx (5%)")],
                    latency=0.5, kept_tokens=10, total_tokens=20)
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
def demo_url(encoder, embedder, answerer):
    """The demo served on loopback in this process, with the session's models."""
    pytest.importorskip("gradio", reason="the demo extra (gradio) is not installed")
    from streamvu.apps.demo import DemoApp, DemoModels, build_demo, launch
    from streamvu.pipeline.engine import PipelineConfig

    models = DemoModels(PipelineConfig(fps=2.0), encoder=encoder, embedder=embedder, answerer=answerer)
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
    assert {"/start", "/ask", "/refresh", "/stop"} <= set(client.view_api(print_info=False, return_format="dict")
                                                           ["named_endpoints"])
    status, player = client.predict("File", handle_file(str(short_video)), "", "", 0, 4.0,
                                    api_name="/start")
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
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium); the API is tested through gradio_client")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            page.goto(demo_url, wait_until="networkidle")
            page.locator("#svu-player input[type=file]").set_input_files(str(short_video))
            page.locator("#svu-player video").wait_for(timeout=30_000)
            page.locator("#svu-start").click()
            page.get_by_text("Watching").wait_for(timeout=60_000)
            page.get_by_text("frames ingested").wait_for(timeout=30_000)
            page.wait_for_function(
                "() => { const v = document.querySelector('#svu-latest img'); return v && v.src; }", timeout=30_000)
            page.wait_for_function(  # ask mid-stream, once 2 s of video are in memory
                "() => /stream time\\s*0:0[2-9]/.test(document.querySelector('#svu-metrics').innerText)",
                timeout=30_000)
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
