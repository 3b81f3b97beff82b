"""Answering with a Hugging Face VLM: prompt layout (``prompt``), prefill with prefix-KV reuse
(``prefill``), greedy decoding (``decoding``), option likelihoods (``scoring``), and the answerer
that joins them (``answerer``)."""

from streamvu.answerers.vlm.answerer import (
    OptionScores,
    Reply,
    VLMAnswerConfig,
    VLMAnswerer,
    load_vlm_answerer,
)
from streamvu.answerers.vlm.prefill import PrefillInfo
from streamvu.answerers.vlm.prompt import Prompt

__all__ = [
    "OptionScores",
    "PrefillInfo",
    "Prompt",
    "Reply",
    "VLMAnswerConfig",
    "VLMAnswerer",
    "load_vlm_answerer",
]
