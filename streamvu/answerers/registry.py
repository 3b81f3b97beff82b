"""Answer backends by name."""

from __future__ import annotations

from streamvu.answerers.base import Answerer
from streamvu.encoders.base import VisionEncoder
from streamvu.encoders.text import TextEmbedder
from streamvu.errors import ModelError

ANSWERERS = ("embedded",)


def load_answerer(name: str, encoder: VisionEncoder, embedder: TextEmbedder) -> Answerer:
    """Build the answerer called ``name``; unknown names raise :class:`ModelError` listing the choices."""
    key = name.strip().lower()
    if key in ("embedded", "smollm2", "default"):
        from streamvu.answerers.embedded import EmbeddedAnswerer
        from streamvu.encoders.efficientnet import EfficientNetLite0Encoder

        if not isinstance(encoder, EfficientNetLite0Encoder):
            raise ModelError("the 'embedded' answerer reads EfficientNet-Lite0 tokens; use encoder 'efficientnet-lite0'")
        return EmbeddedAnswerer(encoder, embedder)
    raise ModelError(f"unknown answer model {name!r}; choose one of: {', '.join(ANSWERERS)}")
