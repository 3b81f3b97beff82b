"""Answer backends by name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from streamvu.answerers.base import Answerer
from streamvu.encoders.base import VisionEncoder
from streamvu.encoders.text import TextEmbedder
from streamvu.errors import ModelError
from streamvu.messages import NOW_WINDOW_S

if TYPE_CHECKING:
    from streamvu.answerers.config import AnswererConfig
    from streamvu.answerers.served import ServedConfig

GROUNDED_NAMES = ("embedded", "grounded", "default")
EMBEDDED_NAMES = (*GROUNDED_NAMES, "smollm2")


def is_embedded(name: str) -> bool:
    """True for the names of the offline answerers that read EfficientNet-Lite0 tokens (the grounded
    default, and plain SmolLM2)."""
    return name.strip().lower() in EMBEDDED_NAMES


def encoder_for(answerer: str, served: ServedConfig | None = None) -> str:
    """The vision encoder an answerer reads tokens from: efficientnet-lite0 for the embedded one (and for
    memory and retrieval when a server answers, ``served``), the VLM itself (same name or path) for a
    Hugging Face VLM."""
    return "efficientnet-lite0" if served is not None or is_embedded(answerer) else answerer


def load_answerer(
    answerer: AnswererConfig | str,
    encoder: VisionEncoder,
    embedder: TextEmbedder,
    now_window_s: float = NOW_WINDOW_S,
) -> Answerer:
    """Build the answerer ``answerer`` (an :class:`~streamvu.answerers.config.AnswererConfig`, or just its
    model name); unknown names raise :class:`ModelError` listing the choices.

    "grounded" (the default, also called "embedded": the evidence decides, see
    :mod:`streamvu.answerers.grounded`),
    "smollm2" (EfficientNet traces answered by SmolLM2 alone), or a Hugging Face VLM by hub name or
    local path (see :mod:`streamvu.answerers.vlm`): the encoder must then be that VLM's vision
    encoder, whose loaded model is shared (not loaded twice). The config's ``grounding`` and ``vlm`` set
    those answerers up; with its ``served``, the model called ``name`` answers from that server (see
    :mod:`streamvu.answerers.served`; "embedded" or "" there: the server's only model).
    ``now_window_s``: how far back "now" reaches (the pipeline's ``QueryConfig.now_window_s``).
    """
    from streamvu.answerers.config import AnswererConfig

    config = AnswererConfig(model=answerer) if isinstance(answerer, str) else answerer
    name, served = config.model, config.served
    if served is not None:
        from dataclasses import replace

        from streamvu.answerers.served import ServedAnswerer

        model = served.model or (None if is_embedded(name) or not name.strip() else name.strip())
        return ServedAnswerer(replace(served, model=model))
    if is_embedded(name):
        from streamvu.answerers.embedded import SmolLM2Answerer
        from streamvu.encoders.efficientnet import EfficientNetLite0Encoder

        if not isinstance(encoder, EfficientNetLite0Encoder):
            raise ModelError(
                f"the {name.strip()!r} answerer reads EfficientNet-Lite0 tokens; use encoder 'efficientnet-lite0'"
            )
        if name.strip().lower() == "smollm2":
            return SmolLM2Answerer(encoder, embedder)
        from streamvu.answerers.grounded import GroundedAnswerer

        return GroundedAnswerer(encoder, embedder, config.grounding, now_window_s=now_window_s)
    if not name.strip():
        raise ModelError(
            f"unknown answer model {name!r}; choose grounded (or its alias embedded), smollm2, or a Hugging Face "
            "VLM by hub name or local path"
        )
    from streamvu.answerers.vlm import load_vlm_answerer

    return load_vlm_answerer(name.strip(), encoder, config.vlm)
