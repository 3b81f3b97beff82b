"""Load a Hugging Face VLM once, by hub name or local path, for both vision encoding and answering.

``load_vlm("Qwen/Qwen2.5-VL-3B-Instruct", device="cuda")`` (or a directory written by
``save_pretrained``) returns a :class:`VLMBundle`: the whole ``*ForConditionalGeneration`` model, its
PIL image processor (never the torchvision one), its tokenizer, its chat template and the detected family. The vision
encoders (``streamvu.encoders.hf``) call the model's vision tower + projector; answer backends feed
the resulting tokens as ``inputs_embeds`` to ``bundle.language_model`` at the positions of
``bundle.image_token_id`` placeholders (see ``bundle.placeholders`` for the strings to put in a prompt).

Family is detected from ``config.model_type``; other model types raise :class:`ModelError` listing
the supported families.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from streamvu.errors import ModelError

# model_type -> (model class, PIL image processor class) in transformers
_CLASSES = {
    "qwen2_5_vl": ("Qwen2_5_VLForConditionalGeneration", "Qwen2VLImageProcessorPil"),
    "smolvlm": ("SmolVLMForConditionalGeneration", "SmolVLMImageProcessorPil"),
    "idefics3": ("Idefics3ForConditionalGeneration", "Idefics3ImageProcessorPil"),
    "llava_onevision": ("LlavaOnevisionForConditionalGeneration", "LlavaOnevisionImageProcessorPil"),
}
SUPPORTED_FAMILIES: tuple[str, ...] = tuple(_CLASSES)

# family -> prompt strings around one frame's tokens (image_token is repeated once per visual token)
_PLACEHOLDERS = {
    "qwen2_5_vl": {
        "image_token": "<|image_pad|>",
        "video_token": "<|video_pad|>",
        "start": "<|vision_start|>",
        "end": "<|vision_end|>",
    },
    "smolvlm": {
        "image_token": "<image>",
        "start": "<fake_token_around_image><global-img>",
        "end": "<fake_token_around_image>",
    },
    "idefics3": {
        "image_token": "<image>",
        "start": "<fake_token_around_image><global-img>",
        "end": "<fake_token_around_image>",
    },
    "llava_onevision": {"image_token": "<image>", "video_token": "<video>", "start": "", "end": ""},
}


def detect_family(model_type: str) -> str:
    """The streamvu family of a transformers ``model_type``; ModelError when unsupported."""
    family = model_type.strip().lower().replace("-", "_")
    if family not in _CLASSES:
        raise ModelError(
            f"unsupported VLM type {model_type!r}; supported families: {', '.join(SUPPORTED_FAMILIES)}"
        )
    return family


def resolve_dtype(dtype: str | torch.dtype, device: str) -> torch.dtype:
    """``"auto"`` is bfloat16 on CUDA and float32 elsewhere; strings like "bf16", "float16" are parsed."""
    if isinstance(dtype, torch.dtype):
        return dtype
    names = {
        "fp32": torch.float32,
        "float32": torch.float32,
        "bf16": torch.bfloat16,
        "bfloat16": torch.bfloat16,
        "fp16": torch.float16,
        "float16": torch.float16,
    }
    key = dtype.strip().lower()
    if key == "auto":
        return torch.bfloat16 if str(device).startswith("cuda") else torch.float32
    if key not in names:
        raise ValueError(f"unknown dtype {dtype!r}; choose auto, float32, bfloat16 or float16")
    return names[key]


@dataclass
class VLMBundle:
    """A loaded VLM and what is needed to feed it.

    name: the hub name or path it was loaded from.
    family: one of :data:`SUPPORTED_FAMILIES`.
    model: the ``*ForConditionalGeneration`` model (eval mode) on ``device`` in ``dtype``.
    image_processor: the PIL image processor (mean/std, sizes, patch and merge sizes are read from it).
    tokenizer: the model's tokenizer (None if the checkpoint has none).
    chat_template: the checkpoint's own chat template (Jinja), None when it ships none
        (see :func:`load_chat_template`).
    """

    name: str
    family: str
    model: Any
    image_processor: Any
    tokenizer: Any
    device: str = "cpu"
    dtype: torch.dtype = torch.float32
    chat_template: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def config(self):
        return self.model.config

    @property
    def hidden_size(self) -> int:
        """The language model's hidden size: the dimension of every visual token the encoders return."""
        return int(self.config.text_config.hidden_size)

    @property
    def language_model(self):
        """The decoder stack that takes ``inputs_embeds`` (without the LM head; see ``lm_head``)."""
        inner = self.model.model
        return getattr(inner, "language_model", None) or inner.text_model

    @property
    def lm_head(self):
        return self.model.lm_head

    def embed_tokens(self, input_ids: torch.Tensor) -> torch.Tensor:
        """Text token ids -> input embeddings (the space the visual tokens live in)."""
        return self.model.get_input_embeddings()(input_ids.to(self.device))

    @property
    def image_token_id(self) -> int:
        """Id of the placeholder token whose embeddings are replaced by visual tokens, one per token."""
        cfg = self.config
        value = getattr(cfg, "image_token_id", None)
        return int(value if value is not None else cfg.image_token_index)

    @property
    def video_token_id(self) -> int | None:
        cfg = self.config
        value = getattr(cfg, "video_token_id", None)
        value = value if value is not None else getattr(cfg, "video_token_index", None)
        return None if value is None else int(value)

    @property
    def placeholders(self) -> dict[str, str]:
        """Prompt strings around one frame: ``start + image_token * n_tokens + end``."""
        return dict(_PLACEHOLDERS[self.family])


def same_model(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True when two names/paths name the same model (local paths compared after resolving)."""
    a, b = str(a).rstrip("/"), str(b).rstrip("/")
    if os.path.exists(a) and os.path.exists(b):
        return os.path.realpath(a) == os.path.realpath(b)
    return a == b


def load_chat_template(name: str, tokenizer: Any = None) -> str | None:
    """The checkpoint's chat template: its processor's (``chat_template.jinja``, or
    ``chat_template.json`` as the hub's VLM repos ship it), else its tokenizer's; None without one."""
    from transformers.utils import cached_file

    for filename in ("chat_template.jinja", "chat_template.json"):
        try:
            path = cached_file(
                name,
                filename,
                _raise_exceptions_for_missing_entries=False,
                _raise_exceptions_for_connection_errors=False,
            )
        except OSError:
            path = None
        if not path:
            continue
        text = Path(path).read_text(encoding="utf-8")
        if filename.endswith(".json"):
            try:
                text = json.loads(text).get("chat_template")
            except (ValueError, AttributeError) as exc:
                raise ModelError(f"{name!r}: unreadable {filename}: {exc}") from exc
        if isinstance(text, str) and text.strip():
            return text
    template = getattr(tokenizer, "chat_template", None)
    return template if isinstance(template, str) and template.strip() else None


def _transformers_class(name: str):
    import transformers

    return getattr(transformers, name)


def load_vlm(
    name_or_path: str | os.PathLike, device: str = "cpu", dtype: str | torch.dtype = "auto"
) -> VLMBundle:
    """Load a supported VLM (hub name or local directory) with its image processor and tokenizer.

    Raises ModelError when the config cannot be read (unknown name, offline without a local copy) or
    the model type is not a supported family.
    """
    from transformers import AutoConfig, AutoTokenizer

    name = str(name_or_path)
    try:
        config = AutoConfig.from_pretrained(name)
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"cannot load a VLM config from {name!r} (not a local model directory, or not reachable on the "
            f"Hugging Face hub); supported families: {', '.join(SUPPORTED_FAMILIES)}"
        ) from exc
    family = detect_family(getattr(config, "model_type", "") or "")
    model_cls, proc_cls = (_transformers_class(n) for n in _CLASSES[family])
    torch_dtype = resolve_dtype(dtype, device)
    try:
        model = model_cls.from_pretrained(name, config=config, dtype=torch_dtype)
        image_processor = proc_cls.from_pretrained(name)
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load the {family} weights or image processor from {name!r}: {exc}") from exc
    try:
        tokenizer = AutoTokenizer.from_pretrained(name)
    except (OSError, ValueError):
        tokenizer = None
    model = model.to(device).eval()
    return VLMBundle(
        name=name,
        family=family,
        model=model,
        image_processor=image_processor,
        tokenizer=tokenizer,
        device=str(device),
        dtype=torch_dtype,
        chat_template=load_chat_template(name, tokenizer),
    )
