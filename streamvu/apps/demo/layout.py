"""The gradio Blocks of ``streamvu demo``: three columns of components (source, chat, memory), the
handlers that call :class:`~streamvu.apps.demo.app.DemoApp`, and the events that wire them.

Components are made inside the ``gr.Blocks`` / ``gr.Row`` contexts :func:`build_demo` opens (gradio
places each component in the innermost open one), so each column is built by its own function.
"""

# no ``from __future__ import annotations``: gradio reads ``request: gr.Request`` of the handlers
# from their live annotations

import inspect
from types import SimpleNamespace

from streamvu import _deps
from streamvu.apps.demo.app import CAMERA_HINT, SAMPLES, TITLE, DemoApp
from streamvu.apps.demo.page import CSS, HEAD, PLAY_JS
from streamvu.apps.demo.session import SOURCE_KINDS, DemoModels, clock
from streamvu.apps.demo.visitors import CAMERA


def build_demo(app: DemoApp | None = None, models: DemoModels | None = None):
    """The gradio Blocks of the demo (``app``: its state; default: a new one over ``models``)."""
    gr = _deps.require("gradio", "the live demo (streamvu demo)")
    app = app or DemoApp(models or DemoModels())
    blocks_kwargs = {} if _style_on_launch(gr) else {"css": CSS, "head": HEAD}
    with gr.Blocks(title=TITLE, **blocks_kwargs) as demo:
        gr.Markdown(
            f"## {TITLE}\nWatch a video stream or your own camera and ask about it at any moment: answers "
            "come from a bounded pyramid memory of what was seen so far, with the evidence's timestamps. "
            "Ask “tell me when someone appears” and the answer pops up when it happens."
        )
        with gr.Row():
            with gr.Column(scale=5):
                ui = _source_column(gr, app)
            with gr.Column(scale=6):
                ui.update(_chat_column(gr))
            with gr.Column(scale=5):
                ui.update(_memory_column(gr))
        ui["chat_version"] = gr.State(-1)
        handlers = _handlers(gr, app)
        _wire(gr, app, SimpleNamespace(**ui), handlers)
        demo.unload(handlers.on_leave)
    demo.streamvu_app = app  # type: ignore[attr-defined]
    return demo


def _source_column(gr, app: DemoApp) -> dict:
    """The source picker, the player (or the visitor's camera), Start / Stop and the status line."""
    side = app.camera_max_side
    kinds = [k for k in SOURCE_KINDS if k != "Webcam" or app.policy.allow_webcam]
    kinds.insert(1, CAMERA)
    ui = {
        "kind": gr.Radio(kinds, value="File", label="Source", elem_id="svu-kind"),
        "player": gr.Video(
            label="Video (upload a file, or pick a sample)",
            sources=["upload"],
            elem_id="svu-player",
            height=300,
        ),
        "camera": gr.Image(
            label=f"Your camera (sent at {app.camera_fps:g} frames/s, at most {side} px)",
            sources=["webcam"],
            streaming=True,
            type="numpy",
            visible=False,
            height=300,
            elem_id="svu-camera",
            webcam_options=gr.WebcamOptions(
                mirror=True,
                constraints={"video": {"width": {"ideal": min(side, 640)}, "frameRate": {"max": 15}}},
            ),
        ),
        "sample": gr.Dropdown(["", *SAMPLES], value="", label="…or a sample video", elem_id="svu-sample"),
        "url": gr.Textbox(
            label="Stream URL",
            placeholder="rtsp://…, http(s)://….m3u8, rtmp://…, udp://…",
            visible=False,
            elem_id="svu-url",
        ),
        "webcam": gr.Number(
            value=0,
            precision=0,
            label="Webcam index (on the machine running the demo)",
            visible=False,
            elem_id="svu-webcam",
        ),
        "speed": gr.Slider(
            0.25, 8.0, value=1.0, step=0.25, label="Replay speed (files)", elem_id="svu-speed"
        ),
    }
    with gr.Row():
        ui["start"] = gr.Button("Start", variant="primary", elem_id="svu-start")
        ui["stop"] = gr.Button("Stop", elem_id="svu-stop")
    ui["status"] = gr.Markdown("*Pick a source and press Start.*", elem_id="svu-status")
    return ui


def _chat_column(gr) -> dict:
    """The chat, the question box and the gallery of retrieved clips and alert frames."""
    ui = {"chat": gr.Chatbot(label="Questions", elem_id="svu-chat", height=420)}
    with gr.Row():
        ui["question"] = gr.Textbox(
            placeholder="Ask at any moment, e.g. “what is in the video now?”",
            show_label=False,
            scale=5,
            elem_id="svu-question",
        )
        ui["send"] = gr.Button("Ask", variant="primary", scale=1, elem_id="svu-ask")
    ui["gallery"] = gr.Gallery(
        label="Retrieved clips (last answer) · alert frames",
        columns=4,
        height=190,
        elem_id="svu-gallery",
    )
    return ui


def _memory_column(gr) -> dict:
    """The latest frame in memory, the memory panel and the live metrics."""
    return {
        "latest": gr.Image(
            label="Latest frame in memory", height=180, interactive=False, elem_id="svu-latest"
        ),
        "memory": gr.Markdown("*Memory is empty.*", elem_id="svu-memory"),
        "metrics": gr.Markdown("*No stream yet.*", elem_id="svu-metrics"),
    }


def _handlers(gr, app: DemoApp) -> SimpleNamespace:
    """The event handlers: each finds the visitor by gradio's session hash and calls ``app``."""

    def key(request: gr.Request):
        return getattr(request, "session_hash", None)

    def show(choice):
        return (
            gr.update(visible=choice == "File"),
            gr.update(visible=choice == CAMERA),
            gr.update(visible=choice == "File"),
            gr.update(visible=choice == "Stream URL"),
            gr.update(visible=choice == "Webcam"),
            gr.update(visible=choice == "File"),
            CAMERA_HINT if choice == CAMERA else gr.skip(),
        )

    def on_start(kind, video, sample, url, webcam, speed, request: gr.Request):
        return app.start(kind, video, sample, url, webcam, speed, key=key(request))

    def on_stop(request: gr.Request):
        return app.stop(key=key(request))

    def on_ask(question, history, request: gr.Request):
        yield from app.ask(question, history, key=key(request))

    def on_refresh(request: gr.Request):
        return app.refresh(key=key(request))

    def on_frame(frame, request: gr.Request):
        news = app.push(frame, key=key(request))
        return gr.skip() if news is None else news

    def on_poll(seen, request: gr.Request):
        history, shots, alerts, version = app.poll(seen, key=key(request))
        for alert in alerts:
            when = "" if alert.at is None else f" at {clock(alert.at)}"
            if alert.fired:
                gr.Info(f"{alert.question}{when}: {alert.text}", duration=8)
            else:
                gr.Warning(f"{alert.question}: {alert.text}", duration=8)
        return (
            gr.skip() if history is None else history,
            gr.skip() if shots is None else shots,
            version,
        )

    def on_leave(request: gr.Request):
        app.leave(key=key(request))

    return SimpleNamespace(
        show=show,
        on_start=on_start,
        on_stop=on_stop,
        on_ask=on_ask,
        on_refresh=on_refresh,
        on_frame=on_frame,
        on_poll=on_poll,
        on_leave=on_leave,
    )


def _wire(gr, app: DemoApp, ui: SimpleNamespace, h: SimpleNamespace) -> None:
    """The events: source choice, Start / Stop, the camera's frames, questions, and the two timers
    (metrics every second, alerts every half second)."""
    ui.kind.change(
        h.show,
        ui.kind,
        [ui.player, ui.camera, ui.sample, ui.url, ui.webcam, ui.speed, ui.status],
        api_name=False,
        queue=False,
    )
    started = ui.start.click(
        h.on_start,
        [ui.kind, ui.player, ui.sample, ui.url, ui.webcam, ui.speed],
        [ui.status, ui.player],
        api_name="start",
        concurrency_limit=1,
    )
    started.then(None, js=PLAY_JS)
    ui.stop.click(h.on_stop, None, ui.status, api_name="stop")
    ui.camera.stream(
        h.on_frame,
        [ui.camera],
        [ui.status],
        stream_every=round(0.8 / app.camera_fps, 3),  # a little faster than the cap: it keeps its rate
        time_limit=app.camera_limit_s,
        concurrency_limit=4 * app.visitors.max_sessions,
        show_progress="hidden",
        api_name=False,
    )
    for trigger in (ui.send.click, ui.question.submit):
        trigger(
            h.on_ask,
            [ui.question, ui.chat],
            [ui.chat, ui.question, ui.gallery],
            api_name="ask" if trigger == ui.send.click else False,
            concurrency_limit=4,
            show_progress="hidden",
        )
    gr.Timer(1.0).tick(
        h.on_refresh,
        None,
        [ui.metrics, ui.memory, ui.latest],
        api_name="refresh",
        show_progress="hidden",
        concurrency_limit=2,
    )
    gr.Timer(0.5).tick(
        h.on_poll,
        [ui.chat_version],
        [ui.chat, ui.gallery, ui.chat_version],
        api_name=False,
        show_progress="hidden",
        concurrency_limit=8,
    )


def _style_on_launch(gr) -> bool:
    """gradio 6 takes ``css`` / ``head`` in ``launch()``, gradio 5 in ``Blocks()``."""
    return "head" in inspect.signature(gr.Blocks.launch).parameters
