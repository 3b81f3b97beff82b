"""The demo's visitors, without gradio: one :class:`Visitor` per browser tab (gradio's session), each
with its own stream and memory, its chat, and the alerts its future questions fired.

:class:`VisitorBook` keeps them: it caps the streams open at once (``max_sessions``), and frees a
visitor's stream when the tab says goodbye (``leave``) or stops calling for ``idle_s`` seconds (a
tab closed without a word: the page's timer calls every second while it is open).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

import numpy as np

from streamvu.apps.demo.session import DemoSession, answer_markdown, clock
from streamvu.ingest.push import PushSource

CAMERA = "Your camera"
GONE_S = 60.0  # how long calls from a closed tab are still expected (frames, timer ticks in flight)


@dataclass(frozen=True)
class Alert:
    """A future question's answer, to show at once: ``at`` is the stream time of the frame that
    triggered it, ``thumb`` that frame (small) when kept; ``fired`` False for a timeout."""

    question: str
    text: str
    at: float | None
    thumb: np.ndarray | None
    fired: bool


class Visitor:
    """One tab: its stream (``session``, None before Start), chat and alerts; thread-safe."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.session: DemoSession | None = None
        self.history: list[dict] = []
        self.version = 0  # bumped at every change of ``history``
        self.seen = time.monotonic()
        self.note: str | None = None  # why the camera could not start (the cap), for the panels
        self.held = False  # camera frames are dropped (after Stop or a refusal) until they pause
        self.last_frame = float("-inf")  # time.monotonic() of the last camera frame
        self._alerts: list[Alert] = []
        self._lock = threading.Lock()

    @property
    def camera(self):
        """The :class:`~streamvu.ingest.push.PushSource` of the visitor's camera session, if any."""
        inner = self.session.tap.inner if self.session is not None else None
        return inner if isinstance(inner, PushSource) else None

    # -- chat --------------------------------------------------------------------------------------
    def say(self, role: str, content: str) -> int:
        """Append a message; returns its index (to update it while an answer streams)."""
        with self._lock:
            self.history.append({"role": role, "content": content})
            self.version += 1
            return len(self.history) - 1

    def update(self, index: int, content: str) -> None:
        with self._lock:
            self.history[index] = {"role": self.history[index]["role"], "content": content}
            self.version += 1

    def chat(self) -> list[dict]:
        with self._lock:
            return [dict(m) for m in self.history]

    # -- alerts --------------------------------------------------------------------------------------
    def watch(self, session: DemoSession, question: str) -> None:
        """Register a future question once; its answer lands in the chat (and the alert list) the
        moment the stream's ingest thread finds its evidence."""
        future = session.stream.ask_async(question)
        future.add_done_callback(lambda f: self._fired(session, question, f))

    def _fired(self, session: DemoSession, question: str, future: Future) -> None:
        try:
            answer = future.result()
        except Exception as exc:  # noqa: BLE001 - a failed answer is said in the chat
            self.say("assistant", f"⚠️ “{question}”: {exc}")
            return
        fired = answer.status != "timeout"
        at = answer.answered_at
        thumb = None
        if fired and at is not None:
            found = session.thumbs.nearest(at)
            thumb = None if found is None else found[1]
        alert = Alert(question, answer.text.strip(), at, thumb, fired)
        if fired:
            when = "" if at is None else f" at {clock(at)}"
            head = f"<mark>**Alert{when}** · “{question}”</mark>"
            self.say("assistant", f"{head}\n\n{answer_markdown(answer.text, answer)}")
        else:
            self.say("assistant", f"Not seen: “{question}”: {answer.text.strip()}")
        with self._lock:
            self._alerts.append(alert)

    def take_alerts(self) -> list[Alert]:
        """The alerts fired since the last call (each is shown once as a toast)."""
        with self._lock:
            alerts, self._alerts = self._alerts, []
            return alerts


class VisitorBook:
    """The visitors of one app, keyed by gradio's session hash (see the module doc)."""

    def __init__(self, max_sessions: int = 4, idle_s: float = 120.0, reap_every_s: float = 1.0) -> None:
        if max_sessions < 1:
            raise ValueError(f"max_sessions must be >= 1, got {max_sessions}")
        self.max_sessions = max_sessions
        self.idle_s = idle_s
        self._visitors: dict[str, Visitor] = {}
        self._gone: dict[str, float] = {}  # tabs that said goodbye -> when (late calls open nothing)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._reaper = threading.Thread(
            target=self._reap_loop, args=(reap_every_s,), name="streamvu-demo-reaper", daemon=True
        )
        self._reaper.start()

    def get(self, key: str | None) -> Visitor:
        """The visitor of ``key`` (created on first sight), marked as seen now."""
        key = key or "local"
        with self._lock:
            if key in self._gone:  # a call still in flight when the tab closed: a visitor of nothing
                return Visitor(key)
            visitor = self._visitors.get(key)
            if visitor is None:
                visitor = self._visitors[key] = Visitor(key)
            visitor.seen = time.monotonic()
            return visitor

    def peek(self, key: str | None) -> Visitor | None:
        with self._lock:
            return self._visitors.get(key or "local")

    def sessions(self) -> list[DemoSession]:
        with self._lock:
            return [v.session for v in self._visitors.values() if isinstance(v.session, DemoSession)]

    def __len__(self) -> int:
        with self._lock:
            return len(self._visitors)

    def open(self, visitor: Visitor, make: Callable[[], DemoSession]) -> DemoSession:
        """Replace ``visitor``'s stream with ``make()``; ValueError (the page's message) when
        ``max_sessions`` other visitors are watching already."""
        self.close_session(visitor)
        with self._lock:
            if self._visitors.get(visitor.key) is not visitor:
                raise ValueError("this page was closed; reload it to start again")
            others = sum(1 for v in self._visitors.values() if v.session is not None and v is not visitor)
            if others >= self.max_sessions:
                raise ValueError(
                    f"{others} streams are being watched, the most this demo serves at once "
                    f"(--max-sessions {self.max_sessions}); try again when one ends"
                )
            visitor.session = _OPENING  # holds the place while the source opens
        try:
            session = make()
        except BaseException:
            with self._lock:
                visitor.session = None
            raise
        with self._lock:
            alive = self._visitors.get(visitor.key) is visitor
            visitor.session = session if alive else None
        if not alive:  # the tab closed while its stream was opening
            session.close()
            raise ValueError("this page was closed; reload it to start again")
        return session

    def close_session(self, visitor: Visitor) -> DemoSession | None:
        """Stop the visitor's stream (its threads end, its memory is freed); returns it, if any."""
        with self._lock:
            session, visitor.session = visitor.session, None
        if session is None or session is _OPENING:
            return None
        session.close()
        return session

    def leave(self, key: str | None, goodbye: bool = True) -> bool:
        """The tab is gone: stop its stream and forget it (with ``goodbye``, calls from it that were
        still in flight open nothing). True when it was known."""
        key = key or "local"
        now = time.monotonic()
        with self._lock:
            visitor = self._visitors.pop(key, None)
            if goodbye:
                self._gone = {k: t for k, t in self._gone.items() if now - t < GONE_S}
                self._gone[key] = now
        if visitor is None:
            return False
        self.close_session(visitor)
        return True

    def reap(self) -> int:
        """Forget the visitors not seen for ``idle_s`` seconds; returns how many."""
        now = time.monotonic()
        with self._lock:
            idle = [k for k, v in self._visitors.items() if now - v.seen > self.idle_s]
        return sum(self.leave(k, goodbye=False) for k in idle)

    def _reap_loop(self, every: float) -> None:
        while not self._stop.wait(every):
            try:
                self.reap()
            except Exception:  # noqa: BLE001 - the reaper must outlive one bad close
                pass

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            keys = list(self._visitors)
        for key in keys:
            self.leave(key)


class _Opening:  # the place of a session being opened (counts against the cap)
    def close(self) -> None:
        pass


_OPENING = _Opening()


def camera_markdown(camera) -> str:
    """The camera's own counters (what arrived from the browser, what the caps let through)."""
    m = camera.metrics
    p50, p95 = m.settle_p50_s, m.settle_p95_s
    rows = [
        ("camera fps (arriving)", f"{m.arrival_fps:.1f}"),
        ("frames pushed / kept", f"{m.frames_pushed} / {m.frames_in}"),
        ("skipped by the fps cap", str(m.frames_skipped)),
        ("dropped (queue full)", str(m.frames_dropped)),
        ("refused (too large)", str(m.frames_refused)),
        ("queue wait", f"{m.lag_s:.2f} s"),
        (
            "arrival → memory p50 / p95",
            "–" if p50 is None else f"{p50:.2f} s / {p95:.2f} s",
        ),
    ]
    return "| camera | value |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)


__all__ = ["CAMERA", "Alert", "Visitor", "VisitorBook", "camera_markdown"]
