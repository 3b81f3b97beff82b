"""Answering with Hugging Face VLMs fed the memory's tokens (tiny random models saved and loaded
by path, offline): prompt layout, M-RoPE positions, streaming, prefix KV reuse, selection by name,
retrieval in the visual key space, concurrent questions, exact prompts and option likelihoods (the
whole pipeline: tests/test_vlm_pipeline.py).

Random weights make gibberish text; the assertions are on structure, determinism and exactness.
"""

from __future__ import annotations

import threading
from dataclasses import replace

import numpy as np
import pytest
import torch

from streamvu.answerers.kv_cache import PrefixKVStore
from streamvu.answerers.positions import token_cells
from streamvu.answerers.registry import load_answerer
from streamvu.answerers.vlm import Reply, VLMAnswerConfig, VLMAnswerer, load_vlm_answerer
from streamvu.encoders.hf import HFEncoderConfig, vlm_encoder
from streamvu.errors import ModelError, QuestionError
from streamvu.memory.ops import entry_from_frame, pool_entry
from streamvu.messages import Context, Frame, Question
from streamvu.models.hf_vlm import load_vlm
from streamvu.testing.tiny_vlm import save_tiny_vlm
from tests.videos import skimage_rgb

FAMILIES = ("qwen2_5_vl", "smolvlm", "llava_onevision")
SIZE = {"qwen2_5_vl": 112}  # Qwen frames at 112 px: 4x4 merged tokens (others: their native size)


@pytest.fixture(scope="module")
def dirs(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("tiny_vlm_answer")
    return {family: save_tiny_vlm(family, root / family) for family in FAMILIES}


@pytest.fixture(scope="module")
def encoders(dirs) -> dict:
    return {f: vlm_encoder(load_vlm(d), HFEncoderConfig(image_size=SIZE.get(f))) for f, d in dirs.items()}


def entries_of(encoder, n: int = 3, names=("chelsea", "coffee", "rocket", "astronaut")):
    frames = [
        Frame(t=float(i + 1), index=i, rgb=skimage_rgb(names[i % len(names)], (120, 96))) for i in range(n)
    ]
    return [entry_from_frame(item, float(i), "short") for i, item in enumerate(encoder.encode(frames))]


def context(entries, text: str = "what is happening now?", at: float | None = None, mode: str = "now"):
    at = entries[-1].end if at is None else at
    return Context(question=Question(text, at, mode), entries=list(entries), mode=mode)


def answer(ans: VLMAnswerer, ctx: Context) -> Reply:
    """Answer ``ctx`` to the end; the call's own Reply (its prefill figures, tokens generated)."""
    reply = ans.reply(ctx)
    reply.pieces = list(reply)
    return reply


def prefill(ans: VLMAnswerer, ctx: Context):
    return ans.prefiller.prefill(ans.render(ctx).segments)


# --- prompt and positions ----------------------------------------------------------------------


def test_qwen_positions_and_logits_equal_the_models_own_for_full_grids(encoders):
    enc = encoders["qwen2_5_vl"]
    ans = VLMAnswerer(enc.bundle, VLMAnswerConfig(kv_reuse=False))
    entries = entries_of(enc)
    segs = ans.render(context(entries)).segments
    ids = torch.cat([s.ids for s in segs])[None]
    mm = (ids == enc.bundle.image_token_id).int()
    assert int(mm.sum()) == sum(e.tokens.shape[0] for e in entries)
    thw = torch.tensor([[1, 2 * e.grid[0], 2 * e.grid[1]] for e in entries])
    model = enc.bundle.model
    ref_pos, _ = model.model.get_rope_index(ids, mm, image_grid_thw=thw)
    with torch.no_grad():
        ref = model(
            inputs_embeds=ans.prefiller.embed(segs), input_ids=ids, mm_token_type_ids=mm, image_grid_thw=thw
        ).logits
    done = ans.prefiller.prefill(segs)
    assert torch.equal(done.info.position_ids, ref_pos[:, 0])
    torch.testing.assert_close(done.logits, ref[0, -1].float(), atol=1e-4, rtol=1e-4)


def test_pruned_and_pooled_entries_keep_their_grid_cells_on_a_monotonic_time_axis(encoders):
    enc = encoders["qwen2_5_vl"]
    ans = VLMAnswerer(enc.bundle, VLMAnswerConfig(kv_reuse=False))
    full = entries_of(enc, 3)
    pooled = pool_entry(full[0], 4, "long")  # 4x4 -> 2x2
    keep = torch.tensor([1, 6, 7, 12])
    pruned = replace(full[1], tokens=full[1].tokens[keep].clone())
    entries = [pooled, pruned, full[2]]
    kept = [torch.arange(4), keep, torch.arange(16)]  # what the query handler puts on the Context
    assert token_cells(pruned, keep).tolist() == [[0, 1], [1, 2], [1, 3], [3, 0]]
    assert token_cells(pooled).tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    ctx = replace(context(entries), kept_indices=kept)
    segs = ans.render(ctx).segments
    info = answer(ans, ctx).prefill
    pos = info.position_ids
    ids = torch.cat([s.ids for s in segs])
    assert pos.shape == (3, ids.shape[0]) == (3, info.prompt_tokens)
    t = pos[0]
    assert bool((t[1:] >= t[:-1]).all()), "the temporal axis never goes back"
    image = (ids == enc.bundle.image_token_id).nonzero().flatten()
    blocks = torch.split(image, [4, 4, 16])
    starts = [int(t[b[0]]) for b in blocks]
    assert starts == sorted(set(starts)), "one temporal index per entry, increasing"
    for b, entry, k, s in zip(blocks, entries, kept, starts, strict=True):
        assert bool((t[b] == s).all())
        cells = token_cells(entry, k)
        assert torch.equal(pos[1, b], s + cells[:, 0]) and torch.equal(pos[2, b], s + cells[:, 1])
    # text after a block starts past the block's full extent, whatever was pruned
    after = int(blocks[1][-1]) + 1
    assert int(pos[0, after]) == starts[1] + 4


@pytest.mark.parametrize("family", FAMILIES)
def test_generation_is_deterministic_and_depends_on_the_visual_tokens(encoders, family):
    enc = encoders[family]
    ans = VLMAnswerer(enc.bundle, VLMAnswerConfig(max_new_tokens=12, kv_reuse=False))
    entries = entries_of(enc)
    ctx = context(entries)
    first, second = answer(ans, ctx), answer(ans, ctx)
    assert first.pieces == second.pieces and "".join(first.pieces)
    assert first.generated >= 1 and first.prefill.prefill_calls == 1
    logits = prefill(ans, ctx).logits
    changed = [*entries[:-1], replace(entries[-1], tokens=entries[-1].tokens.flip(0).contiguous())]
    other = prefill(ans, context(changed)).logits
    assert not torch.allclose(logits, other, atol=1e-5)
    if family != "qwen2_5_vl":
        assert first.prefill.position_ids.shape == (first.prefill.prompt_tokens,)


def test_prompt_layout_has_one_labelled_block_per_entry(encoders):
    enc = encoders["smolvlm"]
    ans = VLMAnswerer(enc.bundle)
    entries = entries_of(enc, 2)
    q = Question("which one?", 2.0, "now", options=("a cat", "a cup"))
    prompt = ans.render(Context(question=q, entries=entries, mode="now"))
    assert prompt.template == "builtin"  # the tiny checkpoint ships no chat template
    segs = prompt.segments
    tok = enc.bundle.tokenizer
    text = [tok.decode(s.ids) for s in segs]
    assert text[0].startswith("<|im_start|>System:") and len(segs) == 4
    assert "Frame from 00:00.0-00:01.0:" in text[1] and text[1].count("<image>") == 16
    assert "Frame from 00:01.0-00:02.0:" in text[2]
    assert "(A) a cat" in text[3] and text[3].endswith("Assistant:")
    assert prompt.text.count("<image>") == 2 and tok.decode(prompt.ids) == "".join(text)


# --- prefix KV reuse ---------------------------------------------------------------------------


class TokenCounter:
    """Counts tokens run through the decoder stack (a forward pre-hook: PyTorch's public API)."""

    def __init__(self, module):
        self.tokens = 0
        self.calls = 0
        self.handle = module.register_forward_pre_hook(self.hook, with_kwargs=True)

    def hook(self, module, args, kwargs):
        self.calls += 1
        self.tokens += int(kwargs["inputs_embeds"].shape[1])

    def reset(self):
        self.tokens = self.calls = 0


@pytest.mark.parametrize("family", ["qwen2_5_vl", "smolvlm"])
def test_second_question_on_the_same_snapshot_prefills_only_its_own_text(encoders, family):
    enc = encoders[family]
    ans = VLMAnswerer(enc.bundle, VLMAnswerConfig(max_new_tokens=1))
    fresh = VLMAnswerer(enc.bundle, VLMAnswerConfig(max_new_tokens=1, kv_reuse=False))
    entries = entries_of(enc, 3)
    counter = TokenCounter(enc.bundle.language_model)
    try:
        first = answer(ans, context(entries, "what is happening now?")).prefill
        assert first.reused_tokens == 0 and counter.tokens == first.prompt_tokens and counter.calls == 2
        counter.reset()
        ctx2 = context(entries, "and what color is it?")
        second = answer(ans, ctx2).prefill
        question_tokens = int(ans.render(ctx2).segments[-1].ids.shape[0])
        assert second.prefilled_tokens == question_tokens == counter.tokens and counter.calls == 1
        assert second.reused_tokens == second.prompt_tokens - question_tokens and second.reused_segments == 4
        # reuse is exact: the same logits as a full prefill
        reused_logits = prefill(ans, ctx2).logits
        full_logits = prefill(fresh, ctx2).logits
        torch.testing.assert_close(reused_logits, full_logits, atol=1e-5, rtol=1e-5)
        # one more entry arrives: only it and the question are prefilled
        more = entries_of(enc, 4)
        counter.reset()
        third = answer(ans, context(more, "what now?")).prefill
        segs = ans.render(context(more, "what now?")).segments
        assert third.reused_segments == 4 and counter.calls == 2
        assert third.prefilled_tokens == counter.tokens == int(segs[4].ids.shape[0] + segs[5].ids.shape[0])
        # the oldest entry changed (merged by memory): only the header is reused
        assert answer(ans, context(more[1:], "what now?")).prefill.reused_segments == 1
    finally:
        counter.handle.remove()
    assert ans.kv.stats.hits >= 3 and len(ans.kv) <= ans.kv.capacity


def test_prefix_store_crops_longer_chains_and_evicts_lru():
    from transformers import DynamicCache

    store = PrefixKVStore(capacity=2)
    cache = DynamicCache()
    kv = torch.arange(10.0).view(1, 1, 10, 1)
    cache.update(kv, kv.clone(), 0)
    store.store(("h", "a", "b"), cache, (4, 7, 10), (4, 7, 10))
    hit = store.lookup(("h", "a", "x"))
    assert (hit.segments, hit.tokens, hit.next_pos) == (2, 7, 7) and hit.cache.get_seq_length() == 7
    assert cache.get_seq_length() == 10, "the stored cache is never modified"
    assert store.lookup(("z",)).segments == 0
    store.store(("h", "c"), DynamicCache(), (4, 5), (4, 5))
    store.store(("q",), DynamicCache(), (1,), (1,))
    assert len(store) == 2 and store.stats.evicted == 1


# --- the Answerer contract, selection by name ----------------------------------------------------


def test_query_and_retrieval_vectors_live_in_the_token_space(encoders):
    enc = encoders["qwen2_5_vl"]
    assert VLMAnswerer(enc.bundle).query_vector("a cat on the sofa") is None  # pruning stays question-free
    vec = VLMAnswerer(enc.bundle, VLMAnswerConfig(query_pruning=True)).query_vector("a cat on the sofa")
    assert vec.shape == (64,) and abs(float(vec.norm()) - 1) < 1e-5
    key = VLMAnswerer(enc.bundle).retrieval_vector("a cat on the sofa")
    assert key.dtype == np.float32 and key.shape == (64,) and np.allclose(key, vec.numpy())
    entries = entries_of(enc, 2)
    ev = VLMAnswerer(enc.bundle).evidence(context(entries))
    assert [(e.start, e.end, e.trace) for e in ev] == [(0.0, 1.0, ""), (1.0, 2.0, "")]


def test_load_answerer_by_path_shares_the_encoders_model(dirs, encoders):
    enc = encoders["smolvlm"]
    ans = load_answerer(str(dirs["smolvlm"]) + "/", enc, embedder=None)
    assert isinstance(ans, VLMAnswerer) and ans.bundle is enc.bundle


def test_unknown_or_mismatched_answer_models_raise_model_error(dirs, encoders):
    with pytest.raises(ModelError, match="embedded.*qwen2_5_vl"):
        load_answerer("no-such-model-anywhere", encoders["qwen2_5_vl"], embedder=None)
    with pytest.raises(ModelError, match="encoder"):
        load_vlm_answerer(str(dirs["qwen2_5_vl"]), encoders["smolvlm"])
    with pytest.raises(ModelError, match="same VLM"):
        ans = VLMAnswerer(encoders["smolvlm"].bundle)
        wrong = entries_of(encoders["smolvlm"], 1)[0]
        ans.render(context([replace(wrong, tokens=torch.zeros(16, 32))]))


# --- concurrent questions, exact prompts, option likelihoods ------------------------------------


def test_concurrent_questions_each_get_their_own_prefill_figures(encoders):
    """Two threads ask at once (their prefills forced to overlap): each call's figures are its own."""
    enc = encoders["qwen2_5_vl"]
    ans = VLMAnswerer(enc.bundle, VLMAnswerConfig(max_new_tokens=4, kv_reuse=False))
    base = entries_of(enc, 3)
    contexts = [
        context(base, "what is happening now?"),
        context(base[:1], "and what did the cat on the sofa do at the very start of it?", at=1.0),
    ]
    alone = [
        answer(VLMAnswerer(enc.bundle, VLMAnswerConfig(max_new_tokens=4, kv_reuse=False)), c)
        for c in contexts
    ]
    assert alone[0].prefill.prompt_tokens != alone[1].prefill.prompt_tokens
    barrier = threading.Barrier(2)

    def together(module, args, kwargs):  # both prefills wait for each other, then run side by side
        if kwargs["inputs_embeds"].shape[1] > 1:
            barrier.wait(timeout=60)

    results: list[Reply | BaseException | None] = [None, None]

    def ask(i: int) -> None:
        try:
            results[i] = answer(ans, contexts[i])
        except BaseException as exc:  # surfaced by the assertions below
            results[i] = exc

    handle = enc.bundle.language_model.register_forward_pre_hook(together, with_kwargs=True)
    try:
        threads = [threading.Thread(target=ask, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        handle.remove()
    for got, own, ctx in zip(results, alone, contexts, strict=True):
        assert isinstance(got, Reply), got
        assert got.prefill.prompt_tokens == own.prefill.prompt_tokens == got.prompt.ids.shape[0]
        assert torch.equal(got.prefill.position_ids, own.prefill.position_ids)
        assert got.pieces == own.pieces and got.generated == own.generated
        assert ctx.question.text in got.prompt.text


OFFICIAL = (
    "Question: what is on the table?\nOptions:\nA. a cup of coffee\nB. a cat\nC. a rocket\n"
    "Answer with the option's letter from the given choices directly."
)


def test_an_exact_prompt_is_sent_verbatim_and_decoded_greedily(encoders):
    enc = encoders["qwen2_5_vl"]
    entries = entries_of(enc, 2)
    q = Question(
        "what is on the table?", 2.0, "now", options=("a cup of coffee", "a cat", "a rocket"), prompt=OFFICIAL
    )
    ctx = Context(question=q, entries=entries, mode="now")
    strong = VLMAnswerer(enc.bundle, VLMAnswerConfig(repetition_penalty=50.0, max_new_tokens=64))
    reply = strong.reply(ctx, max_new_tokens=6)
    pieces = list(reply)
    user = reply.prompt.messages[1]["content"]
    assert user[-1] == {"type": "text", "text": OFFICIAL}, "the user turn's text is the prompt, verbatim"
    assert [b["type"] for b in user[:-1]] == ["text", "image", "text", "image", "text"]
    assert reply.prompt.text.endswith(OFFICIAL + "<|im_end|>\n<|im_start|>assistant\n")
    assert "Question (asked at" not in reply.prompt.text
    assert 1 <= reply.generated <= 6, "the caller's max_new_tokens"
    plain = VLMAnswerer(enc.bundle, VLMAnswerConfig(repetition_penalty=1.0))
    assert list(plain.reply(ctx, max_new_tokens=6)) == pieces, "plain greedy: no repetition penalty"


def full_forward_loglik(bundle, prompt, continuation: list[int]) -> float:
    """The continuation's summed log-probability from one forward of the whole model over prompt +
    continuation (the model's own positions; no cache, no segments)."""
    fresh = VLMAnswerer(bundle, VLMAnswerConfig(kv_reuse=False))
    ids = torch.cat([prompt.ids, torch.tensor(continuation)])
    embeds = fresh.prefiller.embed(prompt.segments)
    with torch.no_grad():
        embeds = torch.cat([embeds, bundle.embed_tokens(torch.tensor([continuation]))], dim=1)
        extra = {}
        if bundle.family == "qwen2_5_vl":
            mm = (ids == bundle.image_token_id).int()[None]
            blocks = [b for s in prompt.segments for b in s.blocks]
            extra = dict(
                input_ids=ids[None],
                mm_token_type_ids=mm,
                image_grid_thw=torch.tensor([[1, 2 * b.grid[0], 2 * b.grid[1]] for b in blocks]),
            )
        logp = torch.log_softmax(bundle.model(inputs_embeds=embeds, **extra).logits[0].float(), dim=-1)
    start = prompt.ids.shape[0] - 1
    return float(sum(logp[start + j, t] for j, t in enumerate(continuation)))


@pytest.mark.parametrize("family", ["qwen2_5_vl", "smolvlm"])
def test_option_logliks_equal_a_full_forward_and_cost_one_prefill(encoders, family):
    from streamvu.answerers.base import ChoiceScorer

    enc = encoders[family]
    ans = VLMAnswerer(enc.bundle)
    assert isinstance(ans, ChoiceScorer)
    entries = entries_of(enc, 2)
    options = ("a cup of coffee", "a cat", "a rocket")
    ctx = Context(
        question=Question("what is on the table?", 2.0, "now", options=options), entries=entries, mode="now"
    )
    scores = ans.score_options(ctx)
    assert scores.answers == ("(A) a cup of coffee", "(B) a cat", "(C) a rocket")  # as the prompt lists them
    prefix = " " if family == "smolvlm" else ""  # SmolVLM replies "Assistant: text"
    tok = enc.bundle.tokenizer
    for text, value in zip(scores.answers, scores.logliks, strict=True):
        ids = tok(prefix + text, add_special_tokens=False)["input_ids"]
        assert value < 0 and abs(value - full_forward_loglik(enc.bundle, scores.prompt, ids)) < 1e-3
    # the same question again: the prefix is reused, the question prefilled once, one forward per option
    counter = TokenCounter(enc.bundle.language_model)
    try:
        again = ans.option_logliks(ctx, ans.evidence(ctx))
    finally:
        counter.handle.remove()
    assert again == pytest.approx(list(scores.logliks), abs=1e-4)
    assert counter.calls == 1 + len(options)
    assert counter.tokens == int(scores.prompt.segments[-1].ids.shape[0]) + sum(
        len(tok(prefix + a, add_special_tokens=False)["input_ids"]) - 1 for a in scores.answers
    )
    # an exact prompt decides how the options are written as answers
    exact = ans.score_options(
        Context(question=replace(ctx.question, prompt=OFFICIAL), entries=entries, mode="now")
    )
    assert exact.answers == ("A. a cup of coffee", "B. a cat", "C. a rocket")
    assert exact.prompt.messages[1]["content"][-1]["text"] == OFFICIAL
    with pytest.raises(QuestionError, match="image placeholder"):
        ans.render(context(entries, "what is <image> here?" if family == "smolvlm" else "<|image_pad|>?"))
