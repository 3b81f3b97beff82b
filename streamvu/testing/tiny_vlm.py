"""Tiny random VLMs for tests: real model classes, real files, no download.

``save_tiny_vlm(family, directory)`` builds a random model of ``family`` with hidden size 64 and
2 layers, trains a tiny byte-level BPE tokenizer with the family's special tokens, and writes
model + tokenizer + image processor with ``save_pretrained``, so tests load it through the same
:func:`streamvu.models.hf_vlm.load_vlm` that loads real checkpoints.
"""

from __future__ import annotations

import json
from pathlib import Path

from streamvu.errors import ModelError

HIDDEN = 64

# family -> special tokens (image/video placeholders first where the config refers to them)
SPECIAL_TOKENS = {
    "qwen2_5_vl": [
        "<|endoftext|>",
        "<|im_start|>",
        "<|im_end|>",
        "<|vision_start|>",
        "<|vision_end|>",
        "<|image_pad|>",
        "<|video_pad|>",
    ],
    "smolvlm": [
        "<|endoftext|>",
        "<|im_start|>",
        "<end_of_utterance>",
        "<image>",
        "<fake_token_around_image>",
        "<global-img>",
    ],
    "llava_onevision": ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<image>", "<video>"],
}

_CORPUS = [
    "A cat sits on the sofa while a cup of coffee cools on the table.",
    "The astronaut waves; a rocket stands on the launch pad; bikes ride past.",
    "What is happening in the video now? Describe the scene in one sentence.",
    "user assistant system answer question frame time seconds minute",
] * 8


def train_tokenizer(special_tokens: list[str], vocab_size: int = 320):
    """A byte-level BPE tokenizer trained on a few sentences, wrapped as a transformers tokenizer."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=special_tokens,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(_CORPUS, trainer=trainer)
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        eos_token=special_tokens[0],
        pad_token=special_tokens[0],
        additional_special_tokens=special_tokens[1:],
    )


def _text(vocab: int, **extra) -> dict:
    return dict(
        vocab_size=vocab,
        hidden_size=HIDDEN,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=4096,
        bos_token_id=0,
        eos_token_id=0,
        pad_token_id=0,
        **extra,
    )


def build_tiny(family: str):
    """(model, tokenizer, image_processor) of a tiny random ``family`` model (eval mode, fp32)."""
    import torch

    if family not in SPECIAL_TOKENS:
        raise ModelError(f"no tiny builder for {family!r}; choose one of: {', '.join(SPECIAL_TOKENS)}")
    tokenizer = train_tokenizer(SPECIAL_TOKENS[family])
    ids = {t: tokenizer.convert_tokens_to_ids(t) for t in SPECIAL_TOKENS[family]}
    torch.manual_seed(0)
    build = {
        "qwen2_5_vl": _tiny_qwen2_5_vl,
        "smolvlm": _tiny_smolvlm,
        "llava_onevision": _tiny_llava_onevision,
    }
    model, processor = build[family](len(tokenizer), ids)
    return model.eval(), tokenizer, processor


def _tiny_qwen2_5_vl(vocab: int, ids: dict[str, int]):
    """A tiny Qwen2.5-VL and its image processor."""
    from transformers import (
        Qwen2_5_VLConfig,
        Qwen2_5_VLForConditionalGeneration,
        Qwen2VLImageProcessorPil,
    )

    config = Qwen2_5_VLConfig(
        text_config=_text(
            vocab,
            rope_parameters={"rope_type": "default", "rope_theta": 10000.0, "mrope_section": [2, 3, 3]},
        ),
        vision_config=dict(
            depth=2,
            hidden_size=HIDDEN,
            intermediate_size=128,
            num_heads=4,
            out_hidden_size=HIDDEN,
            fullatt_block_indexes=[1],
            window_size=56,
        ),
        image_token_id=ids["<|image_pad|>"],
        video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"],
        vision_end_token_id=ids["<|vision_end|>"],
    )
    model = Qwen2_5_VLForConditionalGeneration(config)
    processor = Qwen2VLImageProcessorPil(min_pixels=56 * 56, max_pixels=224 * 224)
    return model, processor


def _tiny_smolvlm(vocab: int, ids: dict[str, int]):
    """A tiny SmolVLM and its image processor."""
    from transformers import SmolVLMConfig, SmolVLMForConditionalGeneration, SmolVLMImageProcessorPil

    config = SmolVLMConfig(
        text_config=dict(model_type="llama", **_text(vocab)),
        vision_config=dict(
            hidden_size=HIDDEN,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=4,
            image_size=128,
            patch_size=16,
        ),
        scale_factor=2,
        image_token_id=ids["<image>"],
        pad_token_id=ids["<|endoftext|>"],
    )
    model = SmolVLMForConditionalGeneration(config)
    processor = SmolVLMImageProcessorPil(
        size={"longest_edge": 128}, max_image_size={"longest_edge": 128}, do_image_splitting=False
    )
    return model, processor


def _tiny_llava_onevision(vocab: int, ids: dict[str, int]):
    """A tiny LLaVA-OneVision (SigLIP tower, Qwen2 language model) and its image processor."""
    from transformers import (
        LlavaOnevisionConfig,
        LlavaOnevisionForConditionalGeneration,
        LlavaOnevisionImageProcessorPil,
    )

    config = LlavaOnevisionConfig(
        text_config=dict(model_type="qwen2", **_text(vocab)),
        vision_config=dict(
            model_type="siglip_vision_model",
            hidden_size=HIDDEN,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=4,
            image_size=64,
            patch_size=8,
        ),
        image_token_index=ids["<image>"],
        video_token_index=ids["<video>"],
        image_grid_pinpoints=[[64, 64], [64, 128], [128, 64], [128, 128]],
    )
    model = LlavaOnevisionForConditionalGeneration(config)
    processor = LlavaOnevisionImageProcessorPil(
        size={"height": 64, "width": 64},
        crop_size={"height": 64, "width": 64},
        image_grid_pinpoints=[[64, 64], [64, 128], [128, 64], [128, 128]],
    )
    return model, processor


def save_tiny_vlm(family: str, directory: str | Path, chat_template: str | None = None) -> Path:
    """Build a tiny ``family`` model and ``save_pretrained`` it with its tokenizer and image processor.

    chat_template: written to ``chat_template.json`` as the hub's VLM checkpoints ship it (the
    tokenizer itself has none), so the model loads with that template; None writes no template.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    model, tokenizer, processor = build_tiny(family)
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    processor.save_pretrained(directory)
    if chat_template is not None:
        (directory / "chat_template.json").write_text(json.dumps({"chat_template": chat_template}))
    return directory
