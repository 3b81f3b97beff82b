"""Answers from a model behind an OpenAI-compatible server (vLLM, SGLang, llama.cpp, ``transformers serve``).

``ServedConfig`` says where and how; ``ServedAnswerer`` sends a question's memory entries as images (or,
for a text-only model, as evidence lines) and streams the reply; ``ChatClient`` is the HTTP client.
"""

from streamvu.answerers.served.answerer import ServedAnswerer, images_in
from streamvu.answerers.served.client import ChatClient, Usage, UsageTotals
from streamvu.answerers.served.config import ServedConfig

__all__ = ["ChatClient", "ServedAnswerer", "ServedConfig", "Usage", "UsageTotals", "images_in"]
