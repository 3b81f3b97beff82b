"""The embedded vision encoder and the text embedder on real images."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from streamvu.encoders.base import VisionEncoder
from streamvu.encoders.efficientnet import EfficientNetConfig, EfficientNetLite0Encoder
from streamvu.encoders.imagenet import imagenet_class_names
from streamvu.messages import Frame
from tests.videos import skimage_rgb

CAT_WORDS = ("cat", "Mau", "tabby", "lynx")


def frame(name: str, t: float = 0.0, size=(224, 224)) -> Frame:
    return Frame(t=t, index=int(t), rgb=skimage_rgb(name, size))


def test_encoder_contract_tokens_pooled_grid(encoder):
    assert isinstance(encoder, VisionEncoder)
    out = encoder.encode([frame("chelsea", 0.0), frame("coffee", 1.0, (320, 200))])
    assert [o.t for o in out] == [0.0, 1.0]
    for item in out:
        assert item.grid == (7, 7)
        assert item.tokens.shape == (49, encoder.dim) and item.tokens.dtype == torch.float32
        torch.testing.assert_close(item.pooled, item.tokens.mean(dim=0))
        assert len(item.labels) == 3
        assert item.labels[0].prob >= item.labels[1].prob >= item.labels[2].prob


def test_encoder_recognises_known_images(encoder):
    cat, coffee = encoder.encode([frame("chelsea"), frame("coffee")])
    assert any(w in cat.labels[0].name for w in CAT_WORDS), cat.trace
    assert any(w in coffee.trace for w in ("espresso", "cup", "mug")), coffee.trace


def test_batching_keeps_order_and_values(encoder):
    frames = [frame(n, float(i)) for i, n in enumerate(["chelsea", "coffee", "rocket", "astronaut", "horse"])]
    whole = encoder.encode(frames)
    parts = EfficientNetLite0Encoder(EfficientNetConfig(batch_size=2)).encode(frames)
    assert [p.t for p in parts] == [w.t for w in whole]
    for a, b in zip(whole, parts, strict=True):
        torch.testing.assert_close(a.tokens, b.tokens, atol=1e-4, rtol=1e-4)


def test_labels_for_token_subsets(encoder):
    (cat,) = encoder.encode([frame("chelsea")])
    assert encoder.labels_for(cat.tokens[:0]) == ()
    assert encoder.labels_for(cat.tokens) == cat.labels
    direction = encoder.class_directions([285])
    assert direction.shape == (encoder.dim,)
    assert float(direction.norm()) == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize(
    "kwargs", [{"image_size": 100}, {"batch_size": 0}, {"top_k": -1}, {"regions": 9}, {"region_size": 100}]
)
def test_encoder_config_rejects_bad_values(kwargs):
    with pytest.raises(ValueError):
        EfficientNetConfig(**kwargs)


def test_imagenet_names():
    names = imagenet_class_names()
    assert len(names) == 1000 and names[0] == "tench"


def test_text_embedder_unit_norm_and_meaningful(embedder):
    vecs = embedder.embed(["a cat", "tabby cat", "espresso", "a cat"])
    assert vecs.shape == (4, embedder.dim) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(vecs[0], vecs[3])
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]
    assert embedder.embed([]).shape == (0, embedder.dim)


def test_wide_frames_keep_their_aspect(encoder):
    """A letterboxed 16:9 frame is read at its own shape (a cup stays a cup; squashed it reads as a
    loudspeaker), tokens stay on the square grid, and frames of two sizes in one call keep their order."""
    from tests.videos import sample_image, side_by_side

    wide = side_by_side([sample_image("coffee")], (640, 360))
    square = skimage_rgb("chelsea")
    out = encoder.encode([Frame(0.0, 0, wide), Frame(1.0, 1, square), Frame(2.0, 2, wide)])
    assert [t.index for t in out] == [0, 1, 2]
    assert all(t.tokens.shape == (49, 1280) and t.grid == (7, 7) for t in out)
    cups = {"espresso", "tea cup", "coffee mug", "cup"}
    assert cups & {label.name for label in out[0].labels}, out[0].labels
    assert encoder.input_size(640, 360) == (384, 224) and encoder.input_size(360, 640) == (224, 384)
    squashed = EfficientNetLite0Encoder(EfficientNetConfig(keep_aspect=False))
    assert not cups & {label.name for label in squashed.encode([Frame(0.0, 0, wide)])[0].labels}


def test_the_classifier_head_is_declared(encoder):
    import torch

    w = encoder.classifier_weight
    assert w.shape == (len(encoder.class_names), encoder.dim)
    row = w[285].detach().float().cpu()  # Egyptian cat
    assert torch.allclose(encoder.class_directions([285]), row / row.norm(), atol=1e-6)
    probs = encoder.class_probs(row[None] * 10)  # the class's own direction scores it highest
    assert int(probs.argmax()) == 285


def test_wide_frames_are_also_read_in_square_crops(encoder):
    """Beside a cat, a temple fills half of a 640x360 frame: the whole frame reads the cat, and the
    crop on its side reads the temple. Square frames have no crops; ``regions=0`` turns them off."""
    from tests.videos import sample_image, side_by_side

    wide = side_by_side([sample_image("china"), sample_image("chelsea")], (640, 360))
    square = skimage_rgb("chelsea")
    out = encoder.encode([Frame(0.0, 0, wide), Frame(1.0, 1, square)])
    assert out[0].regions is not None and out[0].regions.shape == (3, 1280) and out[1].regions is None
    names = encoder.class_names
    temple = [names.index(n) for n in ("bell tower", "stupa", "church", "palace", "monastery")]
    whole = encoder.class_probs(out[0].pooled[None])[0, temple].max()
    crops = encoder.class_probs(out[0].regions)[:, temple].max(dim=1).values
    assert whole < 0.1 and crops[0] > 0.3 and crops[0] > 5 * whole, (whole, crops)
    plain = EfficientNetLite0Encoder(EfficientNetConfig(regions=0))
    assert plain.encode([Frame(0.0, 0, wide)])[0].regions is None


def test_a_16_9_frame_can_be_read_at_its_ends_and_in_each_third(encoder):
    """Three pictures side by side on a 640x360 frame: a 360-px square holds one and halves of two, so
    with ``thirds`` a 16:9 frame is read as its two end squares and a square in the middle of each third,
    and the coffee on the right, beside a cat and coins, is read in its own third; a 4:3 frame keeps
    three squares. (By default such a frame is read panel by panel: see tests/test_panels.py.)"""
    from tests.videos import sample_image, side_by_side

    wide = side_by_side([sample_image(n) for n in ("coins", "chelsea", "coffee")], (640, 360))
    thirds = EfficientNetLite0Encoder(EfficientNetConfig(thirds=True, region_size=128, panels=False))
    squares = EfficientNetLite0Encoder(EfficientNetConfig(panels=False))
    sizes = [(360, 360)] * 2 + [(213, 213)] * 3
    assert [c.shape[:2] for c in thirds.crops(wide)] == sizes
    assert [c.shape[:2] for c in thirds.crops(np.zeros((640, 360, 3), np.uint8))] == sizes
    assert [c.shape[:2] for c in thirds.crops(np.zeros((480, 640, 3), np.uint8))] == [(480, 480)] * 3
    assert [c.shape[:2] for c in squares.crops(wide)] == [(360, 360)] * 3
    panels = encoder.crops(wide)
    assert len(panels) == 3 and all(c.shape[0] == 360 and abs(c.shape[1] - 213) <= 3 for c in panels)
    names = encoder.class_names
    cup = [names.index(n) for n in ("espresso", "tea cup", "coffee mug")]
    read = thirds.class_probs(thirds.encode([Frame(0.0, 0, wide)])[0].regions)[:, cup].sum(dim=1)
    old = squares.class_probs(squares.encode([Frame(0.0, 0, wide)])[0].regions)[:, cup].sum(dim=1)
    assert float(read[4]) > 0.3 and float(read[4]) > 2 * float(old.max()), (read, old)
