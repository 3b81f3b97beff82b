"""The served answerer: questions answered by a model behind an OpenAI-compatible server.

streamvu keeps ingest, memory and retrieval (EfficientNet-Lite0 tokens and labels, MiniLM text keys, as
the offline default) and keeps a small JPEG of every sampled frame (:meth:`ServedAnswerer.keep_frame`,
called by the pipeline as frames are encoded; a merged memory entry keeps one of its frames). A
question's selected entries go to the server as images after their time labels (see
:mod:`streamvu.answerers.served.prompt`) and the streamed reply is the answer. The server does the rest:
vLLM or SGLang batch the questions of many streams, cache image encodings and reuse prompt prefixes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from streamvu.answerers.base import Answerer
from streamvu.answerers.served.client import ChatClient, Usage, UsageTotals
from streamvu.answerers.served.config import ServedConfig
from streamvu.answerers.served.prompt import build_messages, caption_messages, jpeg_bytes
from streamvu.encoders.sightings import sightings_text
from streamvu.errors import ModelError
from streamvu.messages import Context, Evidence, Frame, FrameTokens, Label, Sightings


@dataclass(frozen=True)
class _Shot:
    """One encoded frame of a caption segment, laid out as a memory entry for the prompt."""

    start: float
    end: float
    trace: str
    thumbnail: bytes | None


def entry_trace(labels: Sequence[Label], sightings: Sightings | None) -> str:
    """The textual evidence of an entry: people/movement words, then its classes with probabilities."""
    classes = ", ".join(f"{label.name} ({label.prob:.0%})" for label in labels)
    seen = sightings_text(sightings)
    return f"{seen}; {classes}" if seen and classes else seen or classes


class ServedAnswerer(Answerer):
    """See the module docstring. ``usage`` sums what the server reported over every request
    (prompt, completion and prefix-cached tokens); ``last_usage`` is the latest request's."""

    memory_key = None
    memory_scope = "retrieved"
    reads_tokens = False  # the server reads the frames' JPEGs, not memory's tokens: no pruning

    def __init__(self, config: ServedConfig, client: ChatClient | None = None) -> None:
        self.config = config
        self.client = client or ChatClient(config)
        self.usage = UsageTotals()
        self._local = threading.local()
        model = config.model
        if config.check or model is None:
            served = self.client.models()
            if model is None:
                if len(served) != 1:
                    listing = ", ".join(served[:10]) or "none"
                    raise ModelError(
                        f"name the model with --model: the answer server at {config.base_url} serves "
                        f"{len(served)} models ({listing})"
                    )
                model = served[0]
        self.model = model
        self.name = model

    @property
    def last_usage(self) -> Usage | None:
        """What the server reported for this thread's latest request (None before one, or when unsaid)."""
        return getattr(self._local, "usage", None)

    # -- frames ---------------------------------------------------------------------------------
    def keep_frame(self, frame: Frame) -> bytes | None:
        """The JPEG kept with a sampled frame (longer side ``image_side``), sent when its entry is; None
        when no image is ever sent (``max_images`` 0)."""
        if self.config.max_images == 0:
            return None
        return jpeg_bytes(frame.rgb, self.config.image_side, self.config.jpeg_quality)

    # -- answering ------------------------------------------------------------------------------
    def query_vector(self, question: str):
        return None

    def evidence(self, context: Context) -> list[Evidence]:
        return [Evidence(e.start, e.end, entry_trace(e.labels, e.sightings)) for e in context.entries]

    def messages(self, context: Context, evidence: Sequence[Evidence]) -> list[dict]:
        """The chat messages sent for ``context`` (see :func:`~streamvu.answerers.served.prompt.build_messages`)."""
        return build_messages(context, evidence, self.config.max_images, self.config.prefix_order)

    def stream(self, context: Context, evidence: list[Evidence]) -> Iterator[str]:
        return self._stream(self.messages(context, evidence))

    def caption(
        self, evidence: Sequence[Evidence], max_new_tokens: int = 40, items: Sequence[FrameTokens] = ()
    ) -> str:
        """One sentence for a segment: its frames' JPEGs (or evidence lines), answered by the server."""
        shots = [
            _Shot(item.t, item.t, entry_trace(item.labels, item.sightings), item.thumbnail) for item in items
        ]
        messages = caption_messages(evidence, shots, self.config.max_images)
        text = "".join(self._stream(messages, max_new_tokens)).strip()
        return text.split("\n")[0].strip()

    def _stream(self, messages: list[dict], max_tokens: int | None = None) -> Iterator[str]:
        self._local.usage = None

        def record(usage: Usage) -> None:
            self._local.usage = usage
            self.usage.add(usage)

        yield from self.client.stream(self.model, messages, max_tokens, on_usage=record)


def images_in(messages: list[dict]) -> int:
    """How many images a list of chat messages carries."""
    return sum(
        1
        for m in messages
        if isinstance(m.get("content"), list)
        for part in m["content"]
        if part.get("type") == "image_url"
    )
