"""VLM prompts built with each family's published chat template, checked against the family's own
transformers processor (built offline around the tiny model's tokenizer and image processor).

The templates below are data: the chat templates the families publish with their checkpoints
(Qwen/Qwen2.5-VL-3B-Instruct, HuggingFaceTB/SmolVLM2-2.2B-Instruct, llava-hf/llava-onevision-
qwen2-0.5b-ov-hf; the last two as transformers' own processor code and tests carry them).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from streamvu.answerers.vlm import VLMAnswerConfig, VLMAnswerer
from streamvu.messages import Context, MemoryEntry, Question
from streamvu.models.hf_vlm import load_vlm
from streamvu.testing.tiny_vlm import save_tiny_vlm

QWEN2_5_VL_TEMPLATE = (
    "{% set image_count = namespace(value=0) %}{% set video_count = namespace(value=0) %}{% for message in "
    "messages %}{% if loop.first and message['role'] != 'system' %}<|im_start|>system\nYou are a helpful "
    "assistant.<|im_end|>\n{% endif %}<|im_start|>{{ message['role'] }}\n{% if message['content'] is string "
    "%}{{ message['content'] }}<|im_end|>\n{% else %}{% for content in message['content'] %}{% if "
    "content['type'] == 'image' or 'image' in content or 'image_url' in content %}{% set image_count.value = "
    "image_count.value + 1 %}{% if add_vision_id %}Picture {{ image_count.value }}: {% endif "
    "%}<|vision_start|><|image_pad|><|vision_end|>{% elif content['type'] == 'video' or 'video' in content "
    "%}{% set video_count.value = video_count.value + 1 %}{% if add_vision_id %}Video {{ video_count.value "
    "}}: {% endif %}<|vision_start|><|video_pad|><|vision_end|>{% elif 'text' in content %}{{ content['text'] "
    "}}{% endif %}{% endfor %}<|im_end|>\n{% endif %}{% endfor %}{% if add_generation_prompt "
    "%}<|im_start|>assistant\n{% endif %}"
)
SMOLVLM2_TEMPLATE = (
    "<|im_start|>{% for message in messages %}{{message['role'] | capitalize}}{% if "
    "message['content'][0]['type'] == 'image' %}{{':'}}{% else %}{{': '}}{% endif %}{% for line in "
    "message['content'] %}{% if line['type'] == 'text' %}{{line['text']}}{% elif line['type'] == 'image' %}{{ "
    "'<image>' }}{% elif line['type'] == 'video' %}{{ '<video>' }}{% endif %}{% endfor "
    "%}<end_of_utterance>\n{% endfor %}{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}"
)
LLAVA_ONEVISION_TEMPLATE = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + ' '}}{# Render all images first "
    "#}{% for content in message['content'] | selectattr('type', 'equalto', 'image') %}{{ '<image>' }}{% "
    "endfor %}{# Render all video then #}{% for content in message['content'] | selectattr('type', 'equalto', "
    "'video') %}{{ '<video>' }}{% endfor %}{# Render all text next #}{% if message['role'] != 'assistant' "
    "%}{% for content in message['content'] | selectattr('type', 'equalto', 'text') %}{{ '\\n' + "
    "content['text'] }}{% endfor %}{% else %}{% for content in message['content'] | selectattr('type', "
    "'equalto', 'text') %}{% generation %}{{ '\\n' + content['text'] }}{% endgeneration %}{% endfor %}{% "
    "endif %}{{'<|im_end|>'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% "
    "endif %}"
)
TEMPLATES = {
    "qwen2_5_vl": QWEN2_5_VL_TEMPLATE,
    "smolvlm": SMOLVLM2_TEMPLATE,
    "llava_onevision": LLAVA_ONEVISION_TEMPLATE,
}
IMAGE_SIZE = {"qwen2_5_vl": 112, "smolvlm": 128, "llava_onevision": 64}  # 4x4 = 16 tokens per image


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("tiny_vlm_templates")
    return {f: load_vlm(save_tiny_vlm(f, root / f, chat_template=t)) for f, t in TEMPLATES.items()}


def entries(n: int = 3, dim: int = 64) -> list[MemoryEntry]:
    gen = torch.Generator().manual_seed(1)
    out = []
    for i in range(n):
        tokens = torch.randn(16, dim, generator=gen)
        out.append(
            MemoryEntry(
                start=float(i),
                end=float(i + 1),
                tokens=tokens,
                pooled=tokens.mean(0),
                grid=(4, 4),
                labels=(),
                text_key=None,
            )
        )
    return out


def offline_processor(family: str, bundle):
    """The family's processor around the tiny tokenizer and image processor (no video processor: it
    needs torchvision; SmolVLM's own processor needs num2words for videos, so Idefics3's, whose image
    expansion SmolVLM shares, stands in)."""
    import transformers

    name = {
        "qwen2_5_vl": "Qwen2_5_VLProcessor",
        "smolvlm": "Idefics3Processor",
        "llava_onevision": "LlavaOnevisionProcessor",
    }[family]

    class Offline(getattr(transformers, name)):
        def check_argument_for_proper_class(self, argument_name, argument):
            return (
                None if argument is None else super().check_argument_for_proper_class(argument_name, argument)
            )

    kwargs = {
        "image_processor": bundle.image_processor,
        "tokenizer": bundle.tokenizer,
        "chat_template": TEMPLATES[family],
    }
    if family == "qwen2_5_vl":
        return Offline(video_processor=None, **kwargs)
    if family == "smolvlm":
        return Offline(image_seq_len=16, **kwargs)
    return Offline(video_processor=None, num_image_tokens=16, vision_feature_select_strategy="full", **kwargs)


def processor_inputs(family: str, bundle, text: str, n: int) -> dict:
    size = IMAGE_SIZE[family]
    images = [np.full((size, size, 3), 40 * i, dtype=np.uint8) for i in range(n)]
    return offline_processor(family, bundle)(
        text=[text], images=[images] if family != "qwen2_5_vl" else images, return_tensors="pt"
    )


@pytest.mark.parametrize("family", list(TEMPLATES))
def test_prompt_ids_are_the_family_processors(bundles, family):
    """The exact prompt is the template's rendering, and its ids — image placeholders expanded — are
    what the family's processor makes of that text and one image per entry."""
    bundle = bundles[family]
    assert bundle.chat_template == TEMPLATES[family], "the checkpoint's chat_template.json is loaded"
    ans = VLMAnswerer(bundle)
    ctx = Context(
        question=Question("what is the cat doing?", 3.0, "now", options=("sleeping", "eating")),
        entries=entries(3),
        mode="now",
    )
    prompt = ans.render(ctx)
    assert prompt.template == "checkpoint"
    processor = offline_processor(family, bundle)
    assert prompt.text == processor.apply_chat_template(
        prompt.messages, add_generation_prompt=True, tokenize=False
    )
    inputs = processor_inputs(family, bundle, prompt.text, 3)
    assert prompt.ids.tolist() == inputs["input_ids"][0].tolist()
    per_image = {"qwen2_5_vl": 16, "smolvlm": 16, "llava_onevision": 17}[family]  # LLaVA: + image_newline
    assert int((prompt.ids == bundle.image_token_id).sum()) == 3 * per_image
    # header, one segment per entry, the question; each entry's tokens in its own segment
    assert len(prompt.segments) == 5
    assert [int((s.ids == bundle.image_token_id).sum()) for s in prompt.segments] == [0, *[per_image] * 3, 0]
    head = bundle.tokenizer.decode(prompt.segments[0].ids)
    assert ans.config.system_prompt in head and "<t=" not in head and "Frame from" not in head
    if family != "llava_onevision":  # its template writes all images before all text
        first = bundle.tokenizer.decode(prompt.segments[1].ids)
        assert first.startswith(("<t=0.0-1.0s>", "\nFrame from 00:00.0-00:01.0:"))


def test_qwen_positions_and_logits_are_the_models_own_with_its_template(bundles):
    bundle = bundles["qwen2_5_vl"]
    ans = VLMAnswerer(bundle, VLMAnswerConfig(kv_reuse=False))
    ctx = Context(question=Question("what is here?", 3.0, "now"), entries=entries(3), mode="now")
    prompt = ans.render(ctx)
    inputs = processor_inputs("qwen2_5_vl", bundle, prompt.text, 3)
    model = bundle.model
    ref_pos, _ = model.model.get_rope_index(
        inputs["input_ids"], inputs["mm_token_type_ids"], image_grid_thw=inputs["image_grid_thw"]
    )
    done = ans.prefiller.prefill(prompt.segments)
    assert torch.equal(done.info.position_ids, ref_pos[:, 0])
    with torch.no_grad():
        ref = model(
            inputs_embeds=ans.prefiller.embed(prompt.segments),
            input_ids=inputs["input_ids"],
            mm_token_type_ids=inputs["mm_token_type_ids"],
            image_grid_thw=inputs["image_grid_thw"],
        ).logits
    torch.testing.assert_close(done.logits, ref[0, -1].float(), atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("family", list(TEMPLATES))
def test_template_prompts_reuse_the_prefix_and_answer(bundles, family):
    ans = VLMAnswerer(bundles[family], VLMAnswerConfig(max_new_tokens=3))
    base = entries(3)
    first = ans.reply(Context(question=Question("what now?", 3.0, "now"), entries=base, mode="now"))
    assert "".join(first) is not None and first.generated >= 1
    second = ans.reply(Context(question=Question("and the color?", 3.0, "now"), entries=base, mode="now"))
    list(second)
    assert second.prefill.reused_segments == 4
    assert second.prefill.prefilled_tokens == second.prompt.segments[-1].ids.shape[0]
    assert first.prefill.reused_segments == 0, "each call keeps its own figures"
