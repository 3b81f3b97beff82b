"""Settings of an answer server: where it is, which model, what a prompt may hold."""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class ServedConfig:
    """An OpenAI-compatible chat completions server (vLLM, SGLang, llama.cpp's server, ``transformers
    serve``) that answers questions from memory.

    url: the server's base URL, e.g. ``http://127.0.0.1:8000/v1`` (a URL with no path gets ``/v1``).
    model: the model name the server knows; None asks the server (``GET /models``) and takes its only one.
    api_key_env: the environment variable holding the API key, sent as ``Authorization: Bearer``
        (nothing is sent when it is unset; the key is never printed or logged).
    max_images: at most this many memory entries go as images in one prompt (match the server's limit,
        vLLM's ``--limit-mm-per-prompt``); the others, and all of them with 0 (a text-only model), go
        as their textual evidence line.
    image_side: longer side in pixels of the JPEG kept for each sampled frame.
    jpeg_quality: JPEG quality of those images (1-95).
    timeout_s: seconds to wait for the server to connect and then between two pieces of the answer.
    retries: further tries after a connection error, a timeout before the answer starts, HTTP 429 or 5xx.
    backoff_s: wait before the first retry; doubled at each further one (a ``Retry-After`` header wins,
        up to 30 s).
    max_tokens: longest answer, in tokens.
    temperature: sampling temperature (0: greedy, reproducible).
    prefix_order: lay the prompt out so that what changes least comes first (system, older memory,
        recent memory, question), letting vLLM/SGLang prefix caching reuse the KV of earlier questions;
        False puts the question first (only for measuring what the order is worth).
    check: ask the server for its models when the answerer is built, so a server that is down or a
        model it lacks is said in one line before any video is read.
    """

    url: str
    model: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    max_images: int = 16
    image_side: int = 384
    jpeg_quality: int = 85
    timeout_s: float = 120.0
    retries: int = 3
    backoff_s: float = 0.5
    max_tokens: int = 256
    temperature: float = 0.0
    prefix_order: bool = True
    check: bool = True

    def __post_init__(self) -> None:
        parts = urlsplit(self.url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"the server URL must look like http://HOST:PORT/v1, got {self.url!r}")
        if self.model is not None and not self.model.strip():
            raise ValueError("the served model name is empty")
        if not self.api_key_env.strip():
            raise ValueError("api_key_env must name an environment variable")
        if self.max_images < 0:
            raise ValueError(f"max_images must be >= 0, got {self.max_images}")
        if not 16 <= self.image_side <= 4096:
            raise ValueError(f"image_side must be in [16, 4096] pixels, got {self.image_side}")
        if not 1 <= self.jpeg_quality <= 95:
            raise ValueError(f"jpeg_quality must be in [1, 95], got {self.jpeg_quality}")
        if not (self.timeout_s > 0 and math.isfinite(self.timeout_s)):
            raise ValueError(f"timeout_s must be a number of seconds > 0, got {self.timeout_s}")
        if self.retries < 0 or not (self.backoff_s >= 0 and math.isfinite(self.backoff_s)):
            raise ValueError("retries and backoff_s must be >= 0")
        if self.max_tokens < 1:
            raise ValueError(f"max_tokens must be >= 1, got {self.max_tokens}")
        if not 0 <= self.temperature <= 2:
            raise ValueError(f"temperature must be in [0, 2], got {self.temperature}")

    @property
    def base_url(self) -> str:
        """The URL the API paths (``/chat/completions``, ``/models``) are appended to."""
        url = self.url.strip().rstrip("/")
        return url if urlsplit(url).path else url + "/v1"
