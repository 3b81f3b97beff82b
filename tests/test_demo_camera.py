"""The visitor's own camera in the demo: a push source with caps, and the page in real Chromium whose
camera is a Y4M clip of known content (10 s of a cup of coffee, then 6 s of a face; Chromium loops it).

The browser test saves ``artifacts/demo_camera.png``; with ``STREAMVU_UPDATE_SCREENSHOTS=1`` (or when
it is missing) also ``docs/demo_camera.png``, the README's screenshot.
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from streamvu.apps.demo.fake_camera import chromium_camera_args, coffee_then_face, rgb_to_i420
from streamvu.ingest.push import PushSource
from streamvu.ingest.sampling import SamplerConfig
from tests.test_demo import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
SHOT, DOCS_SHOT = ROOT / "artifacts" / "demo_camera.png", ROOT / "docs" / "demo_camera.png"


# -- the push source (no browser) -------------------------------------------------------------------
def test_push_source_caps_rate_and_size_and_drops_oldest():
    src = PushSource("cam", max_fps=5.0, max_side=64, max_pixels=1000 * 1000, queue_size=3)
    frames = src.frames(SamplerConfig(fps=None))
    t0 = 1000.0
    kept = [src.push(np.full((120, 160, 3), i, np.uint8), arrived=t0 + i * 0.05) for i in range(40)]
    assert sum(kept) == 10  # 2 s of 20 frames/s through a 5 fps cap (first frame at or after each 0.2 s)
    assert not src.push(np.zeros((2000, 2000, 3), np.uint8), arrived=t0 + 5)  # too large: refused
    assert not src.push("not an image", arrived=t0 + 6)
    m = src.metrics
    assert (m.frames_pushed, m.frames_in, m.frames_refused) == (42, 10, 2)
    assert m.frames_dropped == 7 and m.queue_depth == 3  # the oldest went first
    src.end()
    out = list(frames)
    assert [f.index for f in out] == [7, 8, 9] and out[0].rgb.shape == (48, 64, 3)
    assert [round(f.t, 2) for f in out] == [1.4, 1.6, 1.8]  # seconds since the first frame arrived
    assert src.metrics.frames_out == 3 and src.metrics.settle_p50_s is not None


def test_push_source_follows_the_consumers_sampling_rate_and_ends_on_close():
    src = PushSource("cam", max_fps=None, queue_size=100)
    frames = src.frames(SamplerConfig(fps=2.0, max_side=32))
    for i in range(30):  # 3 s at 10 frames/s, jittered
        src.push(np.zeros((48, 64), np.uint8), arrived=50.0 + i * 0.1 + (0.01 if i % 2 else -0.01))
    got = []
    reader = threading.Thread(target=lambda: got.extend(frames))
    reader.start()
    time.sleep(0.2)
    src.close()
    reader.join(5)
    assert not reader.is_alive() and len(got) == 6 and got[0].rgb.shape == (24, 32, 3)
    assert not src.push(np.zeros((8, 8, 3), np.uint8))  # closed: nothing more is taken


def test_y4m_clip_is_i420_of_the_content():
    rgb = np.zeros((4, 6, 3), np.uint8)
    rgb[..., 0] = 255  # red: Y 82, U 90, V 240 (BT.601 studio range)
    yuv = np.frombuffer(rgb_to_i420(rgb), np.uint8)
    assert yuv.size == 4 * 6 * 3 // 2 and yuv[0] == 82 and yuv[24] == 90 and yuv[-1] == 240


# -- the demo in Chromium with a fake camera -----------------------------------------------------------
@pytest.fixture(scope="module")
def camera_demo(encoder, embedder):
    pytest.importorskip("gradio", reason="the demo extra (gradio) is not installed")
    from streamvu.answerers.grounded.answerer import GroundedAnswerer
    from streamvu.apps.demo import DemoApp, DemoModels, build_demo, launch
    from streamvu.pipeline.engine import PipelineConfig

    models = DemoModels(
        PipelineConfig(), encoder=encoder, embedder=embedder, answerer=GroundedAnswerer(encoder, embedder)
    )
    app = DemoApp(models, max_sessions=1, camera_fps=2.0)
    demo = build_demo(app)
    _, url, _ = launch(demo, host="127.0.0.1", port=None, block=False, quiet=True)
    yield url, app
    app.close()
    demo.close()


def _ingest_threads() -> int:
    return sum(
        t.name.startswith(("streamvu-stream-ingest", "streamvu-answer")) for t in threading.enumerate()
    )


def test_browser_camera_answers_now_and_alerts_when_someone_appears(camera_demo, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    url, app = camera_demo
    clip = coffee_then_face(tmp_path / "clip.y4m", first_s=10.0, then_s=6.0, fps=5)
    threads_before = _ingest_threads()
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS + chromium_camera_args(clip), headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            page.goto(url, wait_until="load")
            page.locator("#svu-kind label", has_text="Your camera").click()
            page.locator("#svu-camera").get_by_text(
                "Click to Access Webcam"
            ).click()  # the fake camera starts: the clip's 0 s
            opened = time.monotonic()
            page.locator("#svu-camera button[aria-label='capture photo']").click()  # Record
            page.get_by_text("Watching").wait_for(timeout=20_000)
            page.wait_for_function(
                "() => /frames ingested\\s+[2-9]/.test(document.querySelector('#svu-metrics').innerText)",
                timeout=20_000,
            )
            assert time.monotonic() - opened < 8.0, "too slow to be sure the cup is still on camera"
            page.locator("#svu-question textarea").fill("tell me when someone appears")
            page.locator("#svu-ask").click()
            page.get_by_text("Watching for it").wait_for(timeout=20_000)
            page.locator("#svu-question textarea").fill("what is in the video now?")
            page.locator("#svu-ask").click()
            page.locator('#svu-chat a[href*="#t="]').first.wait_for(timeout=30_000)
            now_answer = page.locator("#svu-chat").inner_text()
            assert re.search(r"(?i)espresso|coffee|cup|mug", now_answer), now_answer
            alert = page.locator("#svu-chat mark", has_text="Alert")
            alert.wait_for(timeout=30_000)  # the face comes 10 s into the clip
            fired = time.monotonic() - opened
            toast = page.locator(".toast-body", has_text="someone appears")
            toast.first.wait_for(timeout=5_000)
            at = re.search(r"Alert at (\d+):(\d+\.\d)", alert.inner_text())
            assert at, alert.inner_text()
            t_alert = int(at.group(1)) * 60 + float(at.group(2))
            assert 7.0 <= t_alert <= 13.0, t_alert  # on stream time: the face appears ~10 s in
            assert 9.0 <= fired <= 25.0, fired
            page.locator("#svu-gallery img").first.wait_for(timeout=5_000)  # the triggering frame
            metrics = page.locator("#svu-metrics").inner_text()
            assert "camera fps" in metrics and "dropped" in metrics and "lag" in metrics
            SHOT.parent.mkdir(exist_ok=True)
            page.wait_for_timeout(600)
            page.screenshot(path=str(SHOT), full_page=True)
            if os.environ.get("STREAMVU_UPDATE_SCREENSHOTS") == "1" or not DOCS_SHOT.exists():
                DOCS_SHOT.write_bytes(SHOT.read_bytes())
            assert app.session is not None and _ingest_threads() > threads_before
            page.close()  # the tab closes: its stream and threads are freed within seconds
            deadline = time.monotonic() + 8.0
            while (
                app.session is not None or _ingest_threads() > threads_before
            ) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert app.session is None and len(app.visitors) == 0
            assert _ingest_threads() <= threads_before
        finally:
            browser.close()
    assert SHOT.stat().st_size > 20_000


def test_session_cap_is_said_in_the_page(camera_demo):
    from gradio_client import Client

    url, app = camera_demo
    first, second = Client(url, verbose=False), Client(url, verbose=False)
    try:
        assert "Watching" in first.predict("Your camera", None, "", "", 0, 1.0, api_name="/start")[0]
        status = second.predict("Your camera", None, "", "", 0, 1.0, api_name="/start")[0]
        assert "Could not start" in status and "--max-sessions 1" in status, status
    finally:
        first.predict(api_name="/stop")
    assert app.session is None


def test_a_visitor_gone_without_goodbye_is_let_go(encoder, embedder):
    from streamvu.answerers.grounded.answerer import GroundedAnswerer
    from streamvu.apps.demo import DemoApp, DemoModels
    from streamvu.pipeline.engine import PipelineConfig

    models = DemoModels(
        PipelineConfig(), encoder=encoder, embedder=embedder, answerer=GroundedAnswerer(encoder, embedder)
    )
    app = DemoApp(models, idle_s=1.0)
    try:
        before = _ingest_threads()
        assert "Watching" in app.push(
            np.zeros((480, 640, 3), np.uint8), key="tab-1"
        )  # the first frame opens it
        camera = app.visitors.peek("tab-1").camera
        assert camera is not None and camera.metrics.frames_in == 1 and _ingest_threads() > before
        deadline = time.monotonic() + 6.0
        while app.session is not None and time.monotonic() < deadline:  # no call from the tab any more
            time.sleep(0.1)
        assert app.session is None and len(app.visitors) == 0 and camera.closed
        assert _ingest_threads() <= before
    finally:
        app.close()


def test_stop_holds_the_camera_until_record_is_pressed_again(encoder, embedder, monkeypatch):
    from streamvu.answerers.grounded.answerer import GroundedAnswerer
    from streamvu.apps.demo import DemoApp, DemoModels
    from streamvu.apps.demo import app as app_module
    from streamvu.pipeline.engine import PipelineConfig

    monkeypatch.setattr(app_module, "RESUME_GAP_S", 0.5)
    models = DemoModels(
        PipelineConfig(), encoder=encoder, embedder=embedder, answerer=GroundedAnswerer(encoder, embedder)
    )
    app = DemoApp(models)
    frame = np.zeros((240, 320, 3), np.uint8)
    try:
        assert "Watching" in app.push(frame, key="tab")
        assert app.stop(key="tab").startswith("Stopped")
        for _ in range(5):  # the browser goes on sending: nothing reopens
            assert app.push(frame, key="tab") is None
            time.sleep(0.05)
        assert app.session is None
        time.sleep(0.7)  # a pause, then frames again: Record was pressed again
        assert "Watching" in app.push(frame, key="tab") and app.session is not None
    finally:
        app.close()
