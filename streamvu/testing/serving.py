"""Real OpenAI-compatible servers on loopback for the served-answerer tests and benchmarks.

``transformers serve FOLDER`` (from ``transformers[serving]``, the project's ``serve`` extra) hosts a
model folder on 127.0.0.1 at a free port; :class:`LocalServer` starts it, waits until ``/health``
answers, and stops it (and can start it again after a test stopped it on purpose). The folders:
a tiny random plain LLaVA (CLIP vision tower, ``CLIPImageProcessorPil``: 16 image tokens per image at
56 px) built here from configs, and the converted SmolLM2-135M-Instruct of the embedded answerer.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SERVE_MODULES = ("fastapi", "uvicorn", "openai")


def missing_serving_modules() -> list[str]:
    """The modules ``transformers serve`` needs that are not installed here (none: it can run)."""
    return [m for m in SERVE_MODULES if importlib.util.find_spec(m) is None]


START_TIMEOUT_S = 240.0
_MAIN = "import sys; from transformers.cli.transformers import main; sys.argv[0] = 'transformers'; sys.exit(main())"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalServer:
    """``transformers serve FOLDER --device cpu`` on 127.0.0.1 (see the module docstring)."""

    def __init__(self, folder: Path, log: Path, *extra: str) -> None:
        self.folder = folder
        self.log = log
        self.extra = extra
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def model(self) -> str:
        return str(self.folder)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> LocalServer:
        args = [sys.executable, "-c", _MAIN, "serve", str(self.folder), "--device", "cpu"]
        args += ["--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning", *self.extra]
        # one OpenMP thread: on a small busy machine the server's threads otherwise spin against each other
        # (SmolLM2: ~10 s an answer instead of ~2 s on 2 cores)
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_VERBOSITY": "error", "OMP_NUM_THREADS": "1"}
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                args, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"transformers serve exited ({self.proc.returncode}): {self.tail()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"transformers serve did not start within {START_TIMEOUT_S:.0f} s: {self.tail()}")

    def ensure(self) -> LocalServer:
        """Running again if a test stopped it (on a new port: the old one may linger in TIME_WAIT)."""
        if not self.alive():
            self.port = free_port()
            self.start()
        return self

    def kill(self) -> None:
        """Stop it at once, as a crash would (SIGKILL)."""
        if self.alive():
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=20)

    def tail(self) -> str:
        try:
            return " | ".join(self.log.read_text(errors="replace").strip().splitlines()[-5:])
        except OSError:
            return ""


LLAVA_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n"
    "{% if m['content'] is string %}{{ m['content'] }}{% else %}{% for c in m['content'] %}"
    "{% if c['type'] == 'text' %}{{ c['text'] }}{% else %}<image>{% endif %}{% endfor %}{% endif %}"
    "<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
IMAGE_TOKENS = 16
"""Image tokens the tiny LLaVA's prompt gets per image: (56 / 14) ** 2 patches."""


def save_tiny_llava(directory: Path) -> Path:
    """A random plain LLaVA (hidden size 64, 2 layers, CLIP tower at 56 px) saved with its processor.

    Generation has no end token, so an answer always runs to ``max_tokens`` (a test can stop the
    server in the middle of one)."""
    import torch
    from transformers import CLIPImageProcessorPil, LlavaConfig, LlavaForConditionalGeneration, LlavaProcessor

    from streamvu.testing.tiny_vlm import HIDDEN, train_tokenizer

    special = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<image>"]
    tokenizer = train_tokenizer(special)
    torch.manual_seed(0)
    text = dict(
        model_type="llama",
        vocab_size=len(tokenizer),
        hidden_size=HIDDEN,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=8192,
        pad_token_id=0,
    )
    vision = dict(
        model_type="clip_vision_model",
        hidden_size=HIDDEN,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        image_size=56,
        patch_size=14,
        projection_dim=HIDDEN,
    )
    config = LlavaConfig(
        text_config=text,
        vision_config=vision,
        image_token_index=tokenizer.convert_tokens_to_ids("<image>"),
        vision_feature_select_strategy="default",
        vision_feature_layer=-1,
    )
    model = LlavaForConditionalGeneration(config).eval()
    model.generation_config.eos_token_id = None
    model.generation_config.pad_token_id = 0
    processor = LlavaProcessor(
        image_processor=CLIPImageProcessorPil(
            size={"shortest_edge": 56}, crop_size={"height": 56, "width": 56}
        ),
        tokenizer=tokenizer,
        patch_size=14,
        vision_feature_select_strategy="default",
        num_additional_image_tokens=1,
        chat_template=LLAVA_TEMPLATE,
    )
    directory.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(directory)
    processor.save_pretrained(directory)
    return directory
