"""Loading Hugging Face VLMs by path (tiny random models written with save_pretrained, offline)."""

from __future__ import annotations

import json

import pytest
import torch

from streamvu.errors import ModelError
from streamvu.models.hf_vlm import SUPPORTED_FAMILIES, detect_family, load_vlm, resolve_dtype
from streamvu.testing.tiny_vlm import save_tiny_vlm

FAMILIES = ("qwen2_5_vl", "smolvlm", "llava_onevision")


@pytest.fixture(scope="session")
def tiny_vlm_dirs(tmp_path_factory) -> dict:
    """family -> directory of a tiny random model saved like a real checkpoint."""
    root = tmp_path_factory.mktemp("tiny_vlms")
    return {family: save_tiny_vlm(family, root / family) for family in FAMILIES}


@pytest.mark.parametrize("family", FAMILIES)
def test_load_by_path_detects_family_and_exposes_the_language_model(tiny_vlm_dirs, family):
    bundle = load_vlm(tiny_vlm_dirs[family])
    assert bundle.family == family and bundle.name == str(tiny_vlm_dirs[family])
    assert bundle.hidden_size == 64 and bundle.dtype == torch.float32 and bundle.device == "cpu"
    # the image placeholder id is the tokenizer's placeholder token
    token = bundle.placeholders["image_token"]
    assert bundle.tokenizer.convert_tokens_to_ids(token) == bundle.image_token_id
    ids = torch.tensor([[bundle.image_token_id, 7, 8]])
    embeds = bundle.embed_tokens(ids)
    assert embeds.shape == (1, 3, 64)
    out = bundle.language_model(inputs_embeds=embeds)
    assert out.last_hidden_state.shape == (1, 3, 64)
    assert bundle.lm_head(out.last_hidden_state).shape[-1] == bundle.config.text_config.vocab_size


def test_bf16_load(tiny_vlm_dirs):
    bundle = load_vlm(tiny_vlm_dirs["smolvlm"], dtype="bf16")
    assert bundle.dtype == torch.bfloat16
    assert next(bundle.model.parameters()).dtype == torch.bfloat16


def test_unknown_names_raise_model_error_listing_families(tmp_path):
    with pytest.raises(ModelError, match="qwen2_5_vl"):
        load_vlm(tmp_path / "does-not-exist")
    (tmp_path / "bert").mkdir()
    (tmp_path / "bert" / "config.json").write_text(json.dumps({"model_type": "bert"}))
    with pytest.raises(ModelError) as err:
        load_vlm(tmp_path / "bert")
    assert all(f in str(err.value) for f in SUPPORTED_FAMILIES)
    with pytest.raises(ModelError):
        detect_family("whisper")


def test_chat_template_comes_from_the_checkpoint(tmp_path, tiny_vlm_dirs):
    """The processor's chat_template.jinja, else its chat_template.json, else the tokenizer's; None without."""
    from types import SimpleNamespace

    from streamvu.models.hf_vlm import load_chat_template

    assert load_vlm(tiny_vlm_dirs["smolvlm"]).chat_template is None  # the tiny checkpoints ship none
    tokenizer = SimpleNamespace(chat_template="tokenizer {{ messages }}")
    assert load_chat_template(str(tmp_path), None) is None
    assert load_chat_template(str(tmp_path), tokenizer) == "tokenizer {{ messages }}"
    (tmp_path / "chat_template.json").write_text(json.dumps({"chat_template": "json {{ messages }}"}))
    assert load_chat_template(str(tmp_path), tokenizer) == "json {{ messages }}"
    (tmp_path / "chat_template.jinja").write_text("jinja {{ messages }}")
    assert load_chat_template(str(tmp_path), tokenizer) == "jinja {{ messages }}"
    (tmp_path / "chat_template.jinja").unlink()
    (tmp_path / "chat_template.json").write_text("{not json")
    with pytest.raises(ModelError, match="chat_template.json"):
        load_chat_template(str(tmp_path), tokenizer)


def test_build_encoder_unknown_name_lists_choices():
    from streamvu.pipeline.engine import build_encoder

    with pytest.raises(ModelError, match="efficientnet-lite0.*smolvlm"):
        build_encoder("no-such-encoder-anywhere")


def test_resolve_dtype():
    assert resolve_dtype("auto", "cpu") == torch.float32
    assert resolve_dtype("auto", "cuda:0") == torch.bfloat16
    assert resolve_dtype("fp16", "cpu") == torch.float16
    with pytest.raises(ValueError):
        resolve_dtype("int3", "cpu")


# --- the vision encoders of these models ------------------------------------------------------

from streamvu.encoders.base import VisionEncoder  # noqa: E402
from streamvu.encoders.hf import HFEncoderConfig, Qwen2_5_VLVisionEncoder, load_vlm_encoder, vlm_encoder  # noqa: E402
from streamvu.messages import Frame  # noqa: E402
from tests.videos import skimage_rgb  # noqa: E402

QWEN_SIZE = 112  # 8x8 patches of 14 -> 4x4 merged tokens (the tiny model's windows are 4x4 patches)


def frames(n: int = 5) -> list[Frame]:
    names = ["chelsea", "coffee", "rocket", "astronaut", "horse"]
    return [Frame(t=float(i), index=i, rgb=skimage_rgb(names[i % 5], (120 + 8 * i, 90))) for i in range(n)]


@pytest.fixture(scope="session")
def tiny_encoders(tiny_vlm_dirs) -> dict:
    return {
        family: load_vlm_encoder(
            str(path), config=HFEncoderConfig(image_size=QWEN_SIZE if family == "qwen2_5_vl" else None)
        )
        for family, path in tiny_vlm_dirs.items()
    }


@pytest.mark.parametrize("family", FAMILIES)
def test_encoder_contract(tiny_encoders, family):
    enc = tiny_encoders[family]
    assert isinstance(enc, VisionEncoder)
    out = enc.encode(frames(3))
    assert [o.t for o in out] == [0.0, 1.0, 2.0] and [o.index for o in out] == [0, 1, 2]
    lm_dim = enc.bundle.model.get_input_embeddings().weight.shape[1]
    assert enc.dim == lm_dim == 64
    for item in out:
        assert item.grid == enc.grid and item.tokens.shape == (enc.grid[0] * enc.grid[1], lm_dim)
        assert item.tokens.dtype == torch.float32 and item.tokens.device.type == "cpu"
        torch.testing.assert_close(item.pooled, item.tokens.mean(dim=0))
        assert item.space == family and not item.cache_hit
    assert not torch.allclose(out[0].tokens, out[1].tokens)
    expected_grid = {"qwen2_5_vl": (4, 4), "smolvlm": (4, 4), "llava_onevision": (4, 4)}[family]
    assert enc.grid == expected_grid
    if family == "qwen2_5_vl":
        assert out[0].grid_thw == (1, 8, 8)  # patches before the 2x2 merge: image_grid_thw for M-RoPE


@pytest.mark.parametrize("family", FAMILIES)
def test_batching_keeps_order_and_values(tiny_vlm_dirs, tiny_encoders, family):
    whole = tiny_encoders[family]
    small = vlm_encoder(whole.bundle, HFEncoderConfig(image_size=whole.config.image_size, batch_size=2))
    a, b = whole.encode(frames(5)), small.encode(frames(5))
    assert [x.t for x in a] == [y.t for y in b]
    for x, y in zip(a, b, strict=True):
        torch.testing.assert_close(x.tokens, y.tokens, atol=1e-4, rtol=1e-4)


def test_device_and_dtype_args(tiny_vlm_dirs, tiny_encoders):
    from streamvu.pipeline.engine import build_encoder

    enc = build_encoder(str(tiny_vlm_dirs["qwen2_5_vl"]), device="cpu", dtype="bfloat16")
    assert isinstance(enc, Qwen2_5_VLVisionEncoder) and enc.device == "cpu" and enc.dtype == torch.bfloat16
    assert next(enc.bundle.model.parameters()).dtype == torch.bfloat16
    item = enc.encode(frames(1))[0]
    assert item.tokens.dtype == torch.float32  # always handed on as float32
    ref = vlm_encoder(tiny_encoders["qwen2_5_vl"].bundle).encode(frames(1))[0]
    assert ref.tokens.shape == item.tokens.shape
    cos = torch.nn.functional.cosine_similarity(item.tokens, ref.tokens, dim=-1)
    assert float(cos.mean()) > 0.95


def test_qwen_patchify_matches_the_image_processor(tiny_encoders):
    enc = tiny_encoders["qwen2_5_vl"]
    frame = Frame(t=0.0, index=0, rgb=skimage_rgb("astronaut", (QWEN_SIZE, QWEN_SIZE)))
    ours = enc.patchify(enc.pixels([frame])[0])
    theirs = enc.bundle.image_processor(images=[frame.rgb], return_tensors="pt")
    assert theirs["image_grid_thw"].tolist() == [[1, 8, 8]]
    torch.testing.assert_close(ours, theirs["pixel_values"].float(), atol=1e-4, rtol=1e-4)


def test_qwen_tokens_are_what_the_model_inserts_for_an_image(tiny_encoders):
    """The encoder's tokens equal the model's own image features, and feed the LM as inputs_embeds."""
    enc = tiny_encoders["qwen2_5_vl"]
    bundle = enc.bundle
    frame = Frame(t=0.0, index=0, rgb=skimage_rgb("coffee", (QWEN_SIZE, QWEN_SIZE)))
    inputs = bundle.image_processor(images=[frame.rgb], return_tensors="pt")
    with torch.inference_mode():
        ref = bundle.model.model.get_image_features(
            inputs["pixel_values"], image_grid_thw=inputs["image_grid_thw"]
        )
        item = enc.encode([frame])[0]
        torch.testing.assert_close(item.tokens, ref.pooler_output[0].float(), atol=1e-4, rtol=1e-4)
        ph = bundle.placeholders
        text = ph["start"] + ph["image_token"] * item.tokens.shape[0] + ph["end"] + "what is this?"
        ids = bundle.tokenizer(text, return_tensors="pt")["input_ids"]
        embeds = bundle.embed_tokens(ids)
        mask = ids[0] == bundle.image_token_id
        assert int(mask.sum()) == item.tokens.shape[0]
        embeds[0, mask] = item.tokens
        logits = bundle.model(
            inputs_embeds=embeds, input_ids=ids, image_grid_thw=torch.tensor([item.grid_thw])
        ).logits
    assert logits.shape[:2] == ids.shape and torch.isfinite(logits).all()


def test_qwen_regions(tiny_encoders):
    enc = tiny_encoders["qwen2_5_vl"]
    fr = frames(2)
    full = enc.encode(fr)
    whole, part = enc.encode_regions(fr, [(0, 0, 4, 4), (1, 1, 3, 2)])
    torch.testing.assert_close(whole, full[0].tokens, atol=1e-5, rtol=1e-5)  # the whole grid is exact
    assert part.shape == (2, 64)
