"""A small client of the OpenAI-compatible chat completions API: streaming (SSE), timeouts, retries.

Only the standard library: ``urllib`` for HTTP, one request per call, safe to use from many threads
at once (each call opens its own connection). Failures become one-line errors:

- the server cannot be reached, times out, or keeps failing (HTTP 429/5xx after the retries), stops
  in the middle of an answer, or rejects the request: :class:`~streamvu.errors.ServerError`;
- the server does not know the model: :class:`~streamvu.errors.ModelError`;
- the prompt is longer than the model takes, or holds more images than the server allows:
  :class:`~streamvu.errors.PromptTooLongError`.

Retries happen only before the first piece of an answer arrives, so text already passed on is never
repeated. The API key is read from the environment at each request and never appears in an error.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from streamvu.answerers.served.config import ServedConfig
from streamvu.errors import ModelError, PromptTooLongError, ServerError

RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S = 30.0
_TOO_LONG = re.compile(
    r"context length|context window|maximum context|too long|too many tokens|max[-_ ]model[-_ ]len|"
    r"prompt has \d+ tokens|exceeds? the (?:maximum|limit)|input length",
    re.IGNORECASE,
)
_TOO_MANY_IMAGES = re.compile(
    r"at most \d+ image|too many images|limit[-_ ]mm[-_ ]per[-_ ]prompt|images? (?:per|in one) (?:prompt|request)",
    re.IGNORECASE,
)
_UNKNOWN_MODEL = re.compile(
    r"model\b.*\b(?:does not exist|not found|not exist|unknown|not served|is pinned)|pinned to|"
    r"unknown model|no such model|model_not_found",
    re.IGNORECASE,
)


@dataclass
class Usage:
    """What the server reported for one request (zeros when it reported nothing).

    cached_tokens: prompt tokens served from the server's prefix cache
    (``usage.prompt_tokens_details.cached_tokens``); None when the server does not say.
    """

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int | None = None

    @staticmethod
    def of(data: dict | None) -> Usage | None:
        if not isinstance(data, dict):
            return None
        details = data.get("prompt_tokens_details")
        cached = details.get("cached_tokens") if isinstance(details, dict) else None
        return Usage(
            int(data.get("prompt_tokens") or 0),
            int(data.get("completion_tokens") or 0),
            None if cached is None else int(cached),
        )


@dataclass
class UsageTotals:
    """Sums over every request of an answerer (thread-safe through :meth:`add`)."""

    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    cached_reported: bool = False

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def add(self, usage: Usage) -> None:
        with self._lock:
            self.requests += 1
            self.prompt_tokens += usage.prompt_tokens
            self.completion_tokens += usage.completion_tokens
            if usage.cached_tokens is not None:
                self.cached_tokens += usage.cached_tokens
                self.cached_reported = True

    def as_dict(self) -> dict:
        with self._lock:
            out = {
                "requests": self.requests,
                "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens,
            }
            if self.cached_reported:
                out["cached_tokens"] = self.cached_tokens
            return out


class ChatClient:
    """Requests to one server (see the module docstring). ``sleep`` is the wait between retries."""

    def __init__(self, config: ServedConfig, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self._sleep = sleep

    # -- requests ------------------------------------------------------------------------------
    def models(self) -> list[str]:
        """The model names the server lists (``GET /models``)."""
        with self._open("GET", "/models", None) as response:
            data = _json(response.read())
        items = data.get("data") if isinstance(data, dict) else None
        return [str(m.get("id")) for m in items or [] if isinstance(m, dict) and m.get("id")]

    def stream(
        self,
        model: str,
        messages: list[dict],
        max_tokens: int | None = None,
        on_usage: Callable[[Usage], None] | None = None,
    ) -> Iterator[str]:
        """Yield the answer's text as the server streams it; ``on_usage`` gets the usage when reported.

        Raises :class:`ServerError` when the stream ends before the server said it was finished.
        """
        body = {
            "model": model,
            "messages": messages,
            "max_tokens": max_tokens or self.config.max_tokens,
            "temperature": self.config.temperature,
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        finished = False
        with self._open("POST", "/chat/completions", body, model=model) as response:
            try:
                for data in _events(response):
                    if data == "[DONE]":
                        finished = True
                        break
                    chunk = _json(data.encode())
                    if isinstance(chunk, dict) and chunk.get("error"):
                        raise ServerError(f"the answer server failed mid-answer: {_message(chunk)}")
                    usage = Usage.of(chunk.get("usage")) if isinstance(chunk, dict) else None
                    if usage is not None and on_usage is not None:
                        on_usage(usage)
                    for choice in chunk.get("choices") or [] if isinstance(chunk, dict) else []:
                        text = (choice.get("delta") or {}).get("content")
                        if text:
                            yield text
                        if choice.get("finish_reason"):
                            finished = True
            except (OSError, http.client.HTTPException) as exc:
                raise ServerError(
                    f"the answer server at {self.config.base_url} stopped in the middle of an answer "
                    f"({_reason(exc)})"
                ) from None
        if not finished:
            raise ServerError(
                f"the answer server at {self.config.base_url} stopped in the middle of an answer "
                "(the stream ended before the answer was finished)"
            )

    # -- plumbing -----------------------------------------------------------------------------
    def _open(self, method: str, path: str, body: dict | None, model: str | None = None):
        """The HTTP response of one request, retried as the config says; errors as in the module doc."""
        url = self.config.base_url + path
        data = None if body is None else json.dumps(body).encode()
        tries = self.config.retries + 1
        for attempt in range(tries):
            request = urllib.request.Request(url, data=data, method=method, headers=self._headers())
            wait = self.config.backoff_s * (2**attempt)
            try:
                return urllib.request.urlopen(request, timeout=self.config.timeout_s)
            except urllib.error.HTTPError as exc:
                text = _message(_json(_read(exc)))
                if exc.code in RETRY_STATUS and attempt + 1 < tries:
                    self._sleep(_retry_after(exc, wait))
                    continue
                raise self._http_error(
                    exc.code, text, model, tries if exc.code in RETRY_STATUS else 1
                ) from None
            except (OSError, http.client.HTTPException) as exc:  # refused, reset, timeout, DNS
                if attempt + 1 < tries:
                    self._sleep(wait)
                    continue
                raise ServerError(
                    f"cannot reach the answer server at {self.config.base_url} ({_reason(exc)}; tried "
                    f"{tries} time{'s' if tries > 1 else ''}): is it running there?"
                ) from None
        raise AssertionError("unreachable")

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
        key = os.environ.get(self.config.api_key_env, "").strip()
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return headers

    def _http_error(self, status: int, text: str, model: str | None, tries: int) -> Exception:
        where = f"the answer server at {self.config.base_url}"
        if status in (401, 403):
            return ServerError(
                f"{where} refused the request (HTTP {status}: not authorised); put the API key in "
                f"${self.config.api_key_env} (--api-key-env names another variable)"
            )
        if _TOO_MANY_IMAGES.search(text):
            return PromptTooLongError(
                f"the served model takes fewer images per prompt: {text} (lower --max-images to the "
                "server's limit, e.g. vLLM's --limit-mm-per-prompt)"
            )
        if (
            model is not None
            and (status == 404 or _UNKNOWN_MODEL.search(text))
            and not _TOO_LONG.search(text)
        ):
            return ModelError(f"{where} does not serve the model {model!r}{self._listing()}")
        if _TOO_LONG.search(text) or status == 413:
            return PromptTooLongError(
                f"the prompt is too long for the served model: {text or f'HTTP {status}'} "
                "(send fewer images with --max-images, or serve the model with a longer context)"
            )
        times = f" after {tries} tries" if tries > 1 else ""
        return ServerError(f"{where} answered HTTP {status}{times}: {text or 'no details'}")

    def _listing(self) -> str:
        try:
            names = self.models()
        except Exception:  # the listing is only a hint in an error line
            return ""
        return f"; it serves: {', '.join(names[:10])}" if names else ""


def _events(response) -> Iterator[str]:
    """The ``data:`` payloads of a server-sent event stream (multi-line data joined by newlines)."""
    lines: list[str] = []
    for raw in response:
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if not line:
            if lines:
                yield "\n".join(lines)
                lines = []
            continue
        if line.startswith("data:"):
            lines.append(line[5:].lstrip(" "))
    if lines:
        yield "\n".join(lines)


def _json(raw: bytes):
    try:
        return json.loads(raw.decode("utf-8", "replace"))
    except (ValueError, UnicodeDecodeError):
        return raw.decode("utf-8", "replace").strip()


def _read(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read()
    except (OSError, http.client.HTTPException):
        return b""


def _message(data) -> str:
    """The error text of a server's JSON error body (FastAPI's ``detail``, OpenAI's ``error.message``)."""
    if isinstance(data, dict):
        for key in ("error", "detail", "message"):
            value = data.get(key)
            if isinstance(value, dict):
                value = value.get("message") or value.get("msg") or value
            if isinstance(value, list) and value:  # FastAPI validation errors
                value = "; ".join(str(v.get("msg", v)) if isinstance(v, dict) else str(v) for v in value)
            if value:
                data = value
                break
    text = " ".join(str(data).split())
    return text if len(text) <= 300 else text[:297] + "..."


def _retry_after(exc: urllib.error.HTTPError, default: float) -> float:
    try:
        value = float(exc.headers.get("Retry-After", ""))
    except (TypeError, ValueError):
        return default
    return min(max(value, 0.0), MAX_RETRY_AFTER_S)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.URLError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return "no answer within the timeout"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, (ConnectionResetError, http.client.IncompleteRead, http.client.RemoteDisconnected)):
        return "the connection was closed"
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())
