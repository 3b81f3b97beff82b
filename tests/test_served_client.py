"""The served answerer's HTTP client and prompt layout, against a real HTTP server on loopback that
answers as scripted (HTTP 503/429/401, a stream cut short, a slow answer): retries with backoff, the
API key, the one-line errors, SSE parsing, usage with cached tokens; and what a prompt holds."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
import torch

from streamvu.answerers.served import ChatClient, ServedAnswerer, ServedConfig, images_in
from streamvu.answerers.served.prompt import jpeg_bytes, pick_images
from streamvu.errors import ModelError, PromptTooLongError, ServerError
from streamvu.messages import Context, Label, MemoryEntry, Question


def sse(*pieces: str, usage: dict | None = None, finish: bool = True) -> bytes:
    chunks = [{"choices": [{"index": 0, "delta": {"content": p}}]} for p in pieces]
    if finish:
        chunks.append({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    if usage:
        chunks.append({"choices": [], "usage": usage})
    body = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks)
    return (body + ("data: [DONE]\n\n" if finish else "")).encode()


class Scripted(ThreadingHTTPServer):
    """Answers each request with the next scripted (status, headers, body, delay_s); records requests."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.script: list[tuple[int, dict, bytes, float]] = []
        self.requests: list[dict] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up (the timeout test) closed its end: nothing to report


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        self.server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        if self.path.endswith("/models"):
            status, headers, data, delay = 200, {}, json.dumps({"data": [{"id": "m1"}]}).encode(), 0.0
        else:
            status, headers, data, delay = self.server.script.pop(0)
        time.sleep(delay)
        self.send_response(status)
        content = "text/event-stream" if data.startswith(b"data:") else "application/json"
        self.send_header("Content-Type", content)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer


def error(status: int, message: str, **headers) -> tuple[int, dict, bytes, float]:
    return status, headers, json.dumps({"error": {"message": message}}).encode(), 0.0


@pytest.fixture
def server():
    s = Scripted()
    yield s
    s.shutdown()
    s.server_close()


def client(url: str, sleeps: list, **kw) -> ChatClient:
    return ChatClient(ServedConfig(url, model="m1", **kw), sleep=sleeps.append)


MESSAGES = [{"role": "user", "content": "hi"}]


def test_retries_503_with_doubling_backoff_then_streams(server):
    server.script = [error(503, "busy"), error(503, "busy"), (200, {}, sse("Hel", "lo"), 0.0)]
    sleeps: list[float] = []
    usage = []
    pieces = list(client(server.url, sleeps, backoff_s=0.25).stream("m1", MESSAGES, on_usage=usage.append))
    assert pieces == ["Hel", "lo"]
    assert sleeps == [0.25, 0.5]
    body = server.requests[-1]["body"]
    assert body["stream"] is True and body["model"] == "m1" and body["messages"] == MESSAGES
    assert not usage  # the server reported none


def test_429_waits_as_retry_after_says(server):
    server.script = [error(429, "slow down", **{"Retry-After": "2"}), (200, {}, sse("ok"), 0.0)]
    sleeps: list[float] = []
    assert list(client(server.url, sleeps).stream("m1", MESSAGES)) == ["ok"]
    assert sleeps == [2.0]


def test_gives_up_after_the_retries_in_one_line(server):
    server.script = [error(500, "engine dead")] * 3
    sleeps: list[float] = []
    with pytest.raises(ServerError, match=r"HTTP 500 after 3 tries: engine dead") as info:
        list(client(server.url, sleeps, retries=2).stream("m1", MESSAGES))
    assert "\n" not in str(info.value) and len(sleeps) == 2


def test_api_key_is_sent_and_never_shown(server, monkeypatch):
    monkeypatch.setenv("MY_KEY", "s3cret-value")
    server.script = [(200, {}, sse("a"), 0.0), error(401, "invalid key s3cret-value")]
    sleeps: list[float] = []
    c = client(server.url, sleeps, api_key_env="MY_KEY")
    assert list(c.stream("m1", MESSAGES)) == ["a"]
    assert server.requests[-1]["headers"]["Authorization"] == "Bearer s3cret-value"
    with pytest.raises(ServerError) as info:
        list(c.stream("m1", MESSAGES))
    assert "s3cret" not in str(info.value) and "$MY_KEY" in str(info.value)
    monkeypatch.delenv("MY_KEY")
    server.script = [(200, {}, sse("b"), 0.0)]
    list(c.stream("m1", MESSAGES))
    assert "Authorization" not in server.requests[-1]["headers"]


def test_unknown_model_and_too_long_prompt_are_told_apart(server):
    sleeps: list[float] = []
    c = client(server.url, sleeps)
    server.script = [error(404, "The model `m2` does not exist.")]
    with pytest.raises(ModelError, match="does not serve the model 'm2'; it serves: m1"):
        list(c.stream("m2", MESSAGES))
    server.script = [
        error(400, "This model's maximum context length is 4096 tokens. However, you requested 9000")
    ]
    with pytest.raises(PromptTooLongError, match="too long .*maximum context length is 4096"):
        list(c.stream("m1", MESSAGES))
    server.script = [error(400, "At most 1 image(s) may be provided in one prompt.")]
    with pytest.raises(PromptTooLongError, match="fewer images per prompt: At most 1 image.*--max-images"):
        list(c.stream("m1", MESSAGES))
    assert not sleeps  # none is retried


def test_stream_cut_short_is_an_error_after_the_pieces(server):
    server.script = [(200, {}, sse("half an ", "answer", finish=False), 0.0)]
    pieces = []
    with pytest.raises(ServerError, match="stopped in the middle of an answer"):
        for piece in client(server.url, []).stream("m1", MESSAGES):
            pieces.append(piece)
    assert pieces == ["half an ", "answer"]


def test_server_down_and_timeout(server):
    sleeps: list[float] = []
    down = ChatClient(ServedConfig("http://127.0.0.1:9/v1", model="m1", retries=1), sleep=sleeps.append)
    with pytest.raises(
        ServerError, match=r"cannot reach the answer server at http://127.0.0.1:9/v1 \(.*tried 2 times"
    ):
        list(down.stream("m1", MESSAGES))
    server.script = [(200, {}, sse("late"), 1.5)]
    slow = client(server.url, sleeps, timeout_s=0.3, retries=0)
    with pytest.raises(ServerError, match="no answer within the timeout"):
        list(slow.stream("m1", MESSAGES))


def test_usage_with_cached_tokens_is_summed(server):
    usage = {"prompt_tokens": 120, "completion_tokens": 3, "prompt_tokens_details": {"cached_tokens": 96}}
    server.script = [(200, {}, sse("x", usage=usage), 0.0), (200, {}, sse("y", usage=usage), 0.0)]
    answerer = ServedAnswerer(ServedConfig(server.url), client=client(server.url, []))
    assert answerer.name == "m1"  # the server's only model
    ctx = context(entries(3))
    for _ in range(2):
        assert "".join(answerer.stream(ctx, answerer.evidence(ctx))) in ("x", "y")
    assert answerer.last_usage.cached_tokens == 96
    assert answerer.usage.as_dict() == {
        "requests": 2,
        "prompt_tokens": 240,
        "completion_tokens": 6,
        "cached_tokens": 192,
    }


# -- what a prompt holds ------------------------------------------------------------------------------
def entries(n: int, with_images: bool = True) -> list[MemoryEntry]:
    rng = np.random.default_rng(0)
    out = []
    for i in range(n):
        jpeg = jpeg_bytes(rng.integers(0, 255, (90, 160, 3), dtype=np.uint8), 64) if with_images else None
        out.append(
            MemoryEntry(
                start=float(i),
                end=float(i) + 0.5,
                tokens=torch.zeros(1, 4),
                pooled=torch.zeros(4),
                grid=(1, 1),
                labels=(Label(f"thing{i}", 0.5),),
                text_key=None,
                thumbnail=jpeg,
            )
        )
    return out


def context(items, prompt=None, options=()) -> Context:
    q = Question("What is on the table?", asked_at=9.0, mode="now", prompt=prompt, options=options)
    return Context(question=q, entries=items, mode="now", pruned=False)


def offline(**kw) -> ServedAnswerer:
    return ServedAnswerer(ServedConfig("http://127.0.0.1:9/v1", model="m", check=False, **kw))


def test_prefix_friendly_order_images_after_time_labels():
    a = offline(max_images=16)
    ctx = context(entries(3))
    messages = a.messages(ctx, a.evidence(ctx))
    assert [m["role"] for m in messages] == ["system", "user"]
    parts = messages[1]["content"]
    kinds = [p["type"] for p in parts]
    assert kinds == ["text", "image_url", "text", "image_url", "text", "image_url", "text"]
    assert parts[0]["text"] == "[0.0-0.5 s]" and parts[2]["text"] == "[1.0-1.5 s]"
    assert parts[1]["image_url"]["url"].startswith("data:image/jpeg;base64,/9j/")
    assert parts[-1]["text"].endswith("Question (asked at 9.0 s): What is on the table?")
    # the same memory under a new question: everything before the question is byte-identical
    other = a.messages(dataclasses.replace(ctx, question=Question("Who is there?", 9.0)), a.evidence(ctx))
    assert json.dumps(other[1]["content"][:-1]) == json.dumps(parts[:-1])
    unordered = offline(prefix_order=False).messages(ctx, a.evidence(ctx))
    assert "What is on the table?\n[0.0-0.5 s]" in unordered[1]["content"][0]["text"]  # question first


def test_max_images_cap_and_text_only():
    assert pick_images(entries(10), 4) == {0, 3, 6, 9}
    assert pick_images(entries(10), 1) == {9}
    assert pick_images(entries(3, with_images=False), 4) == set()
    a = offline(max_images=2)
    ctx = context(entries(5))
    messages = a.messages(ctx, a.evidence(ctx))
    assert images_in(messages) == 2
    text = " ".join(p["text"] for p in messages[1]["content"] if p["type"] == "text")
    assert "[2.0-2.5 s] thing2 (50%)" in text  # an entry over the cap: its evidence line
    text_only = offline(max_images=0)
    messages = text_only.messages(ctx, text_only.evidence(ctx))
    content = messages[1]["content"]
    assert isinstance(content, str) and images_in(messages) == 0
    assert content.splitlines()[0] == "[0.0-0.5 s] thing0 (50%)"
    assert "observations" in messages[0]["content"]


def test_official_prompt_is_sent_verbatim_and_options_are_lettered():
    a = offline()
    official = "Question: what?\nOptions:\nA. x\nB. y\nAnswer with the option's letter."
    messages = a.messages(context(entries(1), prompt=official), [])
    assert messages[1]["content"][-1]["text"] == official
    messages = a.messages(context(entries(1), options=("a cup", "a cat")), [])
    assert "(A) a cup\n(B) a cat\nAnswer with the option's letter." in messages[1]["content"][-1]["text"]


def test_caption_prompt_holds_the_segments_frames():
    from streamvu.answerers.served.prompt import caption_messages
    from streamvu.messages import Evidence

    shots = entries(5)
    messages = caption_messages([Evidence(0.0, 5.0, "segment trace")], shots, max_images=2)
    assert images_in(messages) == 2
    text = " ".join(p["text"] for p in messages[1]["content"] if p["type"] == "text")
    assert "[1.0-1.5 s] thing1" in text and "segment trace" not in text  # past the cap: each frame's own line
    assert text.endswith("Write one short sentence describing what happens in this video segment.")
    summary = caption_messages([Evidence(0.0, 5.0, "a cat sleeps")], [], max_images=2)
    assert (
        summary[1]["content"]
        == "[0.0-5.0 s] a cat sleeps\n" + messages[1]["content"][-1]["text"].split("\n")[-1]
    )


def test_ray_workers_get_the_server_settings():
    """What a Ray worker receives (the picklable recipe and the eval work) carries the server, the key's
    variable (not the key) and the concurrency, and builds the served config there."""
    import pickle

    from streamvu.apps.cli import build_parser
    from streamvu.apps.common import PipelineSpec
    from streamvu.apps.eval.runner import EvalWork

    argv = ["eval", "ovbench", "--annotations", "a.json", "--videos", "v", "--model", "m"]
    argv += ["--server", "http://10.0.0.5:8000/v1", "--api-key-env", "MY_KEY", "--max-images", "4"]
    spec = PipelineSpec.from_args(build_parser("eval")[0].parse_args(argv))
    work = pickle.loads(pickle.dumps(EvalWork(spec, "ovbench", concurrency=8)))
    assert work.concurrency == 8
    config = work.pipeline.config
    assert config.answerer.served == ServedConfig(
        "http://10.0.0.5:8000/v1", api_key_env="MY_KEY", max_images=4
    )
    assert config.resolved_device() == "cpu" and work.pipeline.model_names() == ("efficientnet-lite0", "m")
