"""The demo's browser camera under load: what the server sustains from 1 and from 4 concurrent cameras.

The demo is served in this process with the default models (as ``streamvu demo`` runs it), pinned
to ``--cores`` CPU cores with as many torch threads. Headless Chromium (Debian's, through
Playwright) opens one tab per camera; each tab's camera is a Y4M clip of known content (8 s of a
cup of coffee, then 8 s of a face, 320x240 at 5 fps, looped by Chromium), started with the page's
own Record button, so frames travel the real path: getUserMedia -> gradio's streaming webcam input
-> ``PushSource`` -> ``Stream`` -> memory. For ``--seconds`` after every camera streams it reads:

  * frames/s kept per camera and in all (frames that reached memory / wall seconds), frames
    arriving from the browsers, skipped by the fps cap, dropped by a full queue;
  * arrival -> memory latency p50 / p95 (a frame's arrival at the server until the stream's ingest
    thread comes back for the next one: encoded, sightings looked for, in memory). The browser's
    capture-to-upload time is not in it: gradio's streaming input carries no capture time;
  * answer latency of a "now" question asked on every camera's stream during the run (p50 / p95);
  * server RSS per session (RSS with the sessions running minus RSS with the models loaded and
    no session, divided by the sessions) and the server's CPU seconds per kept frame.

Prints a table and writes benchmarks/results/demo_camera.json.

    python benchmarks/demo_camera.py                           # 1 and 4 cameras, 20 s each
    python benchmarks/demo_camera.py --cameras 1 2 4 --seconds 30 --camera-fps 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def open_camera_tab(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url, wait_until="load")
    page.locator("#svu-kind label", has_text="Your camera").click()
    page.locator("#svu-camera").get_by_text("Click to Access Webcam").click()
    page.locator("#svu-camera button[aria-label='capture photo']").click()
    return page


def run_cameras(app, url: str, clip: Path, n: int, seconds: float, chromium: str, proc) -> dict:
    from playwright.sync_api import sync_playwright

    from streamvu.apps.demo.fake_camera import HEADLESS_CHROMIUM_ARGS, chromium_camera_args

    rss_idle = proc.memory_info().rss
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium, args=HEADLESS_CHROMIUM_ARGS + chromium_camera_args(clip), headless=True
        )
        try:
            pages = [open_camera_tab(browser, url) for _ in range(n)]
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:  # every camera's first frames are in memory
                sessions = app.visitors.sessions()
                if len(sessions) == n and all(s.stream.metrics().frames_ingested >= 2 for s in sessions):
                    break
                time.sleep(0.2)
            sessions = app.visitors.sessions()
            if len(sessions) != n:
                raise RuntimeError(f"{len(sessions)} of {n} cameras streamed within 60 s")
            cameras = [s.tap.inner for s in sessions]
            start = [
                (s.stream.metrics().frames_ingested, c.metrics)
                for s, c in zip(sessions, cameras, strict=True)
            ]
            cpu0, t0 = sum(proc.cpu_times()[:2]), time.monotonic()
            answers: list[float] = []

            def ask_all():  # one "now" question per camera every few seconds, all at once
                while time.monotonic() - t0 < seconds - 2:
                    time.sleep(seconds / 4)
                    threads = []
                    for s in sessions:

                        def one(s=s):
                            a0 = time.perf_counter()
                            s.stream.ask("what is in the video now?", timeout=60)
                            answers.append(time.perf_counter() - a0)

                        threads.append(threading.Thread(target=one))
                        threads[-1].start()
                    for t in threads:
                        t.join()

            asker = threading.Thread(target=ask_all)
            asker.start()
            time.sleep(seconds)
            wall = time.monotonic() - t0
            cpu = sum(proc.cpu_times()[:2]) - cpu0
            rss = proc.memory_info().rss
            end = [
                (s.stream.metrics().frames_ingested, c.metrics)
                for s, c in zip(sessions, cameras, strict=True)
            ]
            asker.join()
            kept = [e[0] - s0[0] for s0, e in zip(start, end, strict=True)]
            pushed = [e[1].frames_pushed - s0[1].frames_pushed for s0, e in zip(start, end, strict=True)]
            p50s = [e[1].settle_p50_s for e in end if e[1].settle_p50_s is not None]
            p95s = [e[1].settle_p95_s for e in end if e[1].settle_p95_s is not None]
            for page in pages:
                page.close()
        finally:
            browser.close()
    deadline = time.monotonic() + 15
    while app.visitors.sessions() and time.monotonic() < deadline:  # tabs closed: sessions freed
        time.sleep(0.1)
    return {
        "cameras": n,
        "seconds": round(wall, 1),
        "fps_per_camera": round(statistics.mean(kept) / wall, 2),
        "fps_total": round(sum(kept) / wall, 2),
        "arriving_fps_per_camera": round(statistics.mean(pushed) / wall, 2),
        "skipped_by_cap": sum(
            e[1].frames_skipped - s0[1].frames_skipped for s0, e in zip(start, end, strict=True)
        ),
        "dropped": sum(e[1].frames_dropped - s0[1].frames_dropped for s0, e in zip(start, end, strict=True)),
        "arrival_to_memory_p50_s": round(statistics.median(p50s), 3) if p50s else None,
        "arrival_to_memory_p95_s": round(max(p95s), 3) if p95s else None,
        "answers": len(answers),
        "answer_p50_s": None if not answers else round(quantile(answers, 0.5), 3),
        "answer_p95_s": None if not answers else round(quantile(answers, 0.95), 3),
        "rss_per_session_mib": round((rss - rss_idle) / n / 2**20, 1),
        "server_cpu_s_per_frame": round(cpu / max(1, sum(kept)), 3),
        "freed_after_close": not app.visitors.sessions(),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cameras", type=int, nargs="+", default=[1, 4])
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument(
        "--camera-fps",
        type=float,
        nargs="+",
        default=[2.0, 5.0],
        help="the demo's camera caps to try (2: its default)",
    )
    ap.add_argument("--warmup", type=float, default=6.0, help="seconds of one camera first, not reported")
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--chromium", default=os.environ.get("STREAMVU_CHROMIUM", "/usr/bin/chromium"))
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "demo_camera.json"))
    args = ap.parse_args()

    cores = sorted(os.sched_getaffinity(0))[: args.cores]
    os.sched_setaffinity(0, cores)
    import psutil
    import torch

    torch.set_num_threads(len(cores))
    from streamvu.apps.demo import DemoApp, DemoModels, build_demo, launch
    from streamvu.apps.demo.fake_camera import coffee_then_face

    proc = psutil.Process()
    models = DemoModels()
    t = time.perf_counter()
    models.pipeline()  # load the default models, as `streamvu demo` does before serving
    load_s = time.perf_counter() - t
    rss_models = proc.memory_info().rss
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        clip = coffee_then_face(Path(tmp) / "clip.y4m", 8.0, 8.0, fps=5)
        for fps in args.camera_fps:
            app = DemoApp(models, max_sessions=max(args.cameras), camera_fps=fps)
            demo = build_demo(app)
            _, url, _ = launch(demo, host="127.0.0.1", port=None, block=False, quiet=True)
            try:
                if args.warmup > 0 and not rows:  # first inferences, gradio's lazy parts: not measured
                    run_cameras(app, url, clip, 1, args.warmup, args.chromium, proc)
                for n in args.cameras:
                    rows.append(
                        {
                            "camera_fps": fps,
                            **run_cameras(app, url, clip, n, args.seconds, args.chromium, proc),
                        }
                    )
                    print(f"  {rows[-1]}", file=sys.stderr, flush=True)
            finally:
                app.close()
                demo.close()

    cols = [
        ("camera_fps", "cap fps"),
        ("cameras", "cameras"),
        ("fps_per_camera", "fps/cam"),
        ("fps_total", "fps all"),
        ("arriving_fps_per_camera", "in fps/cam"),
        ("dropped", "dropped"),
        ("arrival_to_memory_p50_s", "->mem p50 s"),
        ("arrival_to_memory_p95_s", "->mem p95 s"),
        ("answer_p50_s", "answer p50 s"),
        ("answer_p95_s", "answer p95 s"),
        ("rss_per_session_mib", "RSS/session MiB"),
        ("server_cpu_s_per_frame", "CPU s/frame"),
    ]
    print(" | ".join(h for _, h in cols))
    for row in rows:
        print(" | ".join(str(row[k]) for k, _ in cols))
    load = os.getloadavg()
    result = {
        "benchmark": "demo_camera",
        "clip": "320x240 Y4M at 5 fps: 8 s coffee, 8 s astronaut (looped by Chromium)",
        "cores": len(cores),
        "cpu": platform.processor() or platform.machine(),
        "load_average_1m": round(load[0], 2),
        "models_load_s": round(load_s, 2),
        "rss_models_loaded_mib": round(rss_models / 2**20, 1),
        "rows": rows,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
