"""Which model answers questions, and its settings: :class:`AnswererConfig` (``PipelineConfig.answerer``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from streamvu.answerers.grounded.decide import GroundingConfig
from streamvu.answerers.served.config import ServedConfig
from streamvu.answerers.vlm.answerer import VLMAnswerConfig

__all__ = ["AnswererConfig"]


@dataclass(frozen=True)
class AnswererConfig:
    """The answer model and the settings of each kind of answerer (only the chosen kind's are read).

    model: "grounded" (the offline default; "embedded" is an alias), "smollm2" (SmolLM2 answering from
        the same evidence), or a Hugging Face VLM by hub name or local path, which then also encodes the
        frames. With ``served``: the model's name on the server ("grounded", "embedded" or "": the
        server's only model). The command line's ``--model``.
    grounding: settings of the grounded default (its calibrated thresholds for things, movement and
        scene changes; :class:`~streamvu.answerers.grounded.GroundingConfig`).
    vlm: settings of a Hugging Face VLM answerer (:class:`~streamvu.answerers.vlm.VLMAnswerConfig`).
    served: answer from a model behind an OpenAI-compatible server (vLLM, SGLang, llama.cpp,
        ``transformers serve``; :class:`~streamvu.answerers.served.ServedConfig`); memory is kept with
        efficientnet-lite0 plus a small JPEG per frame, sent with the question. Its ``model`` stays
        None here: ``model`` above names it.
    """

    model: str = "grounded"
    grounding: GroundingConfig = field(default_factory=GroundingConfig)
    vlm: VLMAnswerConfig = field(default_factory=VLMAnswerConfig)
    served: ServedConfig | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.model, str):
            raise ValueError(f"the answer model must be a name or a path, got {self.model!r}")
        if self.served is not None and self.served.model is not None:
            raise ValueError(
                "name the served model with AnswererConfig.model (--model), not ServedConfig.model"
            )
