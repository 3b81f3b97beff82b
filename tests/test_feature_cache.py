"""The temporal feature cache on real decoded frames: decisions, quality, partial updates, metrics."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from streamvu.encoders.base import VisionEncoder
from streamvu.encoders.feature_cache import TemporalFeatureCache, TemporalReuseConfig, token_cosine
from streamvu.ingest import SamplerConfig, open_video
from streamvu.messages import Frame
from tests.doubles import UnusedAnswerer
from tests.videos import skimage_rgb, write_video


def decode(path, fps: float) -> list[Frame]:
    with open_video(path) as video:
        return list(video.frames(SamplerConfig(fps=fps, max_side=448)))


@pytest.fixture(scope="module")
def still_video(video_dir):
    """6 s at 10 fps, no jitter: 3 s coffee then 3 s chelsea (static content with one cut)."""
    return write_video(
        video_dir / "still_cut.mp4",
        [(skimage_rgb("coffee"), 3.0), (skimage_rgb("chelsea"), 3.0)],
        fps=10,
        jitter=False,
    )


def test_static_frames_hit_and_a_scene_change_misses(encoder, still_video):
    frames = decode(still_video, fps=2)  # t = 0, 0.5, ... 5.5
    cache = TemporalFeatureCache(encoder)
    assert isinstance(cache, VisionEncoder)
    out = cache.encode(frames)
    kinds = ["hit" if o.cache_hit else "miss" for o in out]
    cut = next(i for i, f in enumerate(frames) if f.t >= 3.0)
    assert kinds[0] == "miss" and kinds[cut] == "miss", kinds
    assert all(k == "hit" for i, k in enumerate(kinds) if i not in (0, cut)), kinds
    assert all(o.reused == 1.0 for o in out if o.cache_hit)
    m = cache.metrics
    assert (m.frames, m.misses, m.hits) == (len(frames), 2, len(frames) - 2)
    assert m.hit_rate == pytest.approx((len(frames) - 2) / len(frames))
    # hits reuse the reference's labels and tokens: the trace stays coherent
    assert out[1].labels == out[0].labels and out[cut + 1].labels == out[cut].labels


@pytest.mark.parametrize(
    "fixture, min_reuse, min_cos", [("still_video", 0.6, 0.995), ("coffee_cat_video", 0.0, 0.98)]
)
def test_cached_tokens_stay_close_to_fresh_ones(request, encoder, fixture, min_reuse, min_cos):
    """Default settings on real decoded video: the still clip is mostly reused, the fixture whose
    frames shift by a pixel or two (coffee_cat) reuses little; both keep mean token cosine high."""
    frames = [f for f in decode(request.getfixturevalue(fixture), fps=2) if f.t < 12]
    fresh = encoder.encode(frames)
    cache = TemporalFeatureCache(encoder, TemporalReuseConfig(audit_every=2))
    cached = [x for i in range(0, len(frames), 8) for x in cache.encode(frames[i : i + 8])]
    assert [c.t for c in cached] == [f.t for f in frames]
    cos = torch.stack([token_cosine(a.tokens, b.tokens).mean() for a, b in zip(cached, fresh, strict=True)])
    m = cache.metrics
    assert m.reuse_rate >= min_reuse, m
    assert float(cos.mean()) >= min_cos, float(cos.mean())
    if m.audits:
        assert m.audit_cosine >= min_cos
    assert 0.0 <= m.estimated_error <= cache.cache_config.threshold


def test_refresh_every_bounds_reuse(encoder, still_video):
    frames = decode(still_video, fps=4)[:10]  # all coffee
    cache = TemporalFeatureCache(encoder, TemporalReuseConfig(refresh_every=3))
    hits = [o.cache_hit for o in cache.encode(frames)]
    assert hits == [False, True, True, True, False, True, True, True, False, True]


def test_threshold_zero_and_reset(encoder, still_video):
    frames = decode(still_video, fps=2)[:3]
    cache = TemporalFeatureCache(encoder, TemporalReuseConfig(threshold=0.0))
    cache.encode(frames[:1])
    cache.reset()
    assert not cache.encode(frames[:1])[0].cache_hit  # no reference after reset
    with pytest.raises(ValueError):
        TemporalReuseConfig(threshold=2.0)


@pytest.fixture(scope="module")
def tiny_qwen(tmp_path_factory):
    from streamvu.encoders.hf import HFEncoderConfig, load_vlm_encoder
    from streamvu.testing.tiny_vlm import save_tiny_vlm

    path = save_tiny_vlm("qwen2_5_vl", tmp_path_factory.mktemp("qwen") / "tiny")
    return load_vlm_encoder(str(path), config=HFEncoderConfig(image_size=112))


def test_partial_update_recomputes_only_the_changed_cells(tiny_qwen):
    base = skimage_rgb("astronaut", (112, 112))
    moved = base.copy()
    moved[:28, :28] = 255 - moved[:28, :28]  # the top-left token cell changes
    frames = [Frame(0.0, 0, base), Frame(1.0, 1, moved), Frame(2.0, 2, moved)]
    cache = TemporalFeatureCache(tiny_qwen)
    first, second, third = cache.encode(frames)
    assert not first.cache_hit and not second.cache_hit and third.cache_hit
    assert second.reused == pytest.approx(15 / 16)
    grid_a, grid_b = first.tokens.reshape(4, 4, -1), second.tokens.reshape(4, 4, -1)
    assert not torch.allclose(grid_a[0, 0], grid_b[0, 0])
    keep = np.ones((4, 4), bool)
    keep[0, 0] = False
    torch.testing.assert_close(grid_a[torch.from_numpy(keep)], grid_b[torch.from_numpy(keep)])
    assert second.grid_thw == (1, 8, 8) and second.space == "qwen2_5_vl"
    m = cache.metrics
    assert (m.misses, m.partials, m.hits) == (1, 1, 1)
    assert m.tokens_reused == 15 + 16
    # the changed cell's tokens come from a crop: close to the full encode of the new frame
    fresh = tiny_qwen.encode(frames[1:2])[0].tokens.reshape(4, 4, -1)
    assert float(token_cosine(grid_b[0, 0][None], fresh[0, 0][None])) > 0.5


def test_pipeline_temporal_reuse_marks_hits(encoder, embedder, still_video):
    from streamvu.pipeline.engine import Pipeline, PipelineConfig

    pipe = Pipeline(
        PipelineConfig(fps=2, temporal_reuse=TemporalReuseConfig()),
        encoder=encoder,
        embedder=embedder,
        answerer=UnusedAnswerer(),
    )
    items = list(pipe.encoded(still_video))
    assert sum(i.cache_hit for i in items) == len(items) - 2
    assert all(i.text_key is not None for i in items)
