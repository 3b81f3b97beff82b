"""Published Qwen2.5-VL architectures, as data, and random-weight models built from them offline.

The values are those of the ``config.json`` files of ``Qwen/Qwen2.5-VL-3B-Instruct`` and
``Qwen/Qwen2.5-VL-7B-Instruct`` on the Hugging Face hub (transformers' older flat layout: text
fields at the top level, ``vision_config`` nested). Random weights give real timings and real
memory: every matrix has its published shape. Only the tokenizer differs: a tiny byte-level BPE
(:func:`streamvu.testing.tiny_vlm.train_tokenizer`) with Qwen's special tokens, whose ids are written
into the config; the embedding and LM-head matrices keep the published vocabulary size, so the
per-token cost is the real one, but a prompt's text takes more tokens than Qwen's tokenizer
would give (the visual tokens, most of a prompt, are unchanged).
"""

from __future__ import annotations

import copy
import functools
import time

import torch

_VISION = {
    "depth": 32, "hidden_act": "silu", "hidden_size": 1280, "intermediate_size": 3420, "num_heads": 16,
    "in_chans": 3, "patch_size": 14, "spatial_merge_size": 2, "spatial_patch_size": 14, "window_size": 112,
    "fullatt_block_indexes": [7, 15, 23, 31], "tokens_per_second": 2, "temporal_patch_size": 2,
}  # fmt: skip

PUBLISHED = {
    "qwen2.5-vl-3b": {
        "hidden_size": 2048, "intermediate_size": 11008, "num_hidden_layers": 36, "num_attention_heads": 16,
        "num_key_value_heads": 2, "max_position_embeddings": 128000, "max_window_layers": 70,
        "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "sliding_window": 32768, "use_sliding_window": False,
        "tie_word_embeddings": True, "vocab_size": 151936, "hidden_act": "silu",
        "rope_scaling": {"type": "mrope", "mrope_section": [16, 24, 24]},
        "vision_config": {**_VISION, "out_hidden_size": 2048},
    },
    "qwen2.5-vl-7b": {
        "hidden_size": 3584, "intermediate_size": 18944, "num_hidden_layers": 28, "num_attention_heads": 28,
        "num_key_value_heads": 4, "max_position_embeddings": 128000, "max_window_layers": 28,
        "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "sliding_window": 32768, "use_sliding_window": False,
        "tie_word_embeddings": False, "vocab_size": 152064, "hidden_act": "silu",
        "rope_scaling": {"type": "mrope", "mrope_section": [16, 24, 24]},
        "vision_config": {**_VISION, "out_hidden_size": 3584},
    },
}  # fmt: skip
"""Architecture values of the published checkpoints (token ids are set from the tokenizer)."""

PUBLISHED_PARAMS_B = {"qwen2.5-vl-3b": 3.75, "qwen2.5-vl-7b": 8.29}
"""Parameter counts of the published checkpoints (billions, from their safetensors index)."""


def make_config(name: str, token_ids: dict[str, int]):
    """A ``Qwen2_5_VLConfig`` with the published architecture of ``name`` and the tokenizer's ids."""
    from transformers import Qwen2_5_VLConfig

    values = copy.deepcopy(PUBLISHED[name])
    vision = values.pop("vision_config")
    rope = values.pop("rope_scaling")
    tie = values.pop("tie_word_embeddings")
    text = dict(values, rope_parameters={"rope_type": "default", "rope_theta": values.pop("rope_theta"),
                                          "mrope_section": rope["mrope_section"]},
                bos_token_id=token_ids["<|endoftext|>"], eos_token_id=token_ids["<|im_end|>"],
                pad_token_id=token_ids["<|endoftext|>"], tie_word_embeddings=tie)  # fmt: skip
    return Qwen2_5_VLConfig(
        text_config=text, vision_config=vision, tie_word_embeddings=tie,
        image_token_id=token_ids["<|image_pad|>"], video_token_id=token_ids["<|video_pad|>"],
        vision_start_token_id=token_ids["<|vision_start|>"], vision_end_token_id=token_ids["<|vision_end|>"],
    )  # fmt: skip


@functools.lru_cache(maxsize=1)
def tokenizer_and_ids():
    """The tiny tokenizer (trained once per process) and the ids of Qwen's special tokens in it."""
    from streamvu.testing.tiny_vlm import SPECIAL_TOKENS, train_tokenizer

    tokenizer = train_tokenizer(SPECIAL_TOKENS["qwen2_5_vl"])
    return tokenizer, {t: tokenizer.convert_tokens_to_ids(t) for t in SPECIAL_TOKENS["qwen2_5_vl"]}


def count_params_on_meta(name: str) -> int:
    """Parameters of the architecture, counted on the meta device (no memory, no weights)."""
    from transformers import Qwen2_5_VLForConditionalGeneration

    _, ids = tokenizer_and_ids()
    with torch.device("meta"):
        model = Qwen2_5_VLForConditionalGeneration._from_config(make_config(name, ids))
    return sum(p.numel() for p in model.parameters())


def build_bundle(name: str, device: str, dtype: torch.dtype):
    """A :class:`~streamvu.models.hf_vlm.VLMBundle` of ``name`` with random weights (or the tiny model
    of ``streamvu.testing.tiny_vlm`` when ``name`` is ``"tiny"``), on ``device`` in ``dtype``.

    Returns (bundle, seconds to build).
    """
    from transformers import Qwen2_5_VLForConditionalGeneration, Qwen2VLImageProcessorPil

    from streamvu.models.hf_vlm import VLMBundle

    started = time.perf_counter()
    torch.manual_seed(0)
    if name == "tiny":
        from streamvu.testing.tiny_vlm import build_tiny

        model, tokenizer, processor = build_tiny("qwen2_5_vl")
        model = model.to(device=device, dtype=dtype)
    else:
        tokenizer, ids = tokenizer_and_ids()
        with torch.device(device):
            model = Qwen2_5_VLForConditionalGeneration._from_config(make_config(name, ids), dtype=dtype)
        processor = Qwen2VLImageProcessorPil()
    model.eval()
    if str(device).startswith("cuda"):
        torch.cuda.synchronize()
    bundle = VLMBundle(name=f"{name} (random weights)", family="qwen2_5_vl", model=model,
                       image_processor=processor, tokenizer=tokenizer, device=str(device), dtype=dtype)  # fmt: skip
    return bundle, time.perf_counter() - started
