"""Split screens: panels found on real encoded video (pictures side by side, in a grid, between bars),
none on single photos, and the encoder reading each panel as a picture of its own."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from benchmarks.sets.media import sample_image, side_by_side, write_shots_video
from streamvu import SamplerConfig, open_video
from streamvu.encoders.panels import panel_boxes
from streamvu.messages import Frame

W, H = 640, 360
PHOTOS = ("coffee", "chelsea", "rocket", "china", "stereo_motorcycle", "astronaut", "grace_hopper")


def grid(names: tuple[str, ...], cols: int) -> np.ndarray:
    rows = [side_by_side([sample_image(n) for n in names[i : i + cols]], (W, H // 2)) for i in (0, cols)]
    return np.concatenate(rows, axis=0)


@pytest.fixture(scope="module")
def decoded(tmp_path_factory) -> dict[str, np.ndarray]:
    """Each layout as a 2-s still of an H.264 video, decoded at 1 fps and 448 px as the pipeline does."""
    layouts = {
        "pair": side_by_side([sample_image(n) for n in ("rocket", "chelsea")], (W, H)),
        "triple": side_by_side([sample_image(n) for n in ("china", "coffee", "astronaut")], (W, H)),
        "grid": grid(("rocket", "china", "chelsea", "stereo_motorcycle"), 2),
        "barred": side_by_side([sample_image("chelsea", (300, 300))], (W, H)),
        **{name: sample_image(name, (W, H)) for name in PHOTOS},
    }
    path = Path(tmp_path_factory.mktemp("panels")) / "layouts.mp4"
    write_shots_video(path, [(rgb, 2.0, None) for rgb in layouts.values()], fps=2.0)
    frames = list(open_video(str(path)).frames(SamplerConfig(fps=1.0, max_side=448)))
    return {name: frames[2 * i + 1].rgb for i, name in enumerate(layouts)}


def edges(boxes, axis: int) -> list[float]:
    """The boxes' inner edges along x (axis 0) or y (1), as shares of the 448x252 frame."""
    size = (448, 252)[axis]
    return sorted({b[axis + 2] / size for b in boxes if b[axis + 2] < size})


def test_pictures_side_by_side_are_found_as_panels(decoded):
    pair, triple = panel_boxes(decoded["pair"]), panel_boxes(decoded["triple"])
    assert len(pair) == 2 and edges(pair, 0) == pytest.approx([0.5], abs=0.02)
    assert len(triple) == 3 and edges(triple, 0) == pytest.approx([1 / 3, 2 / 3], abs=0.02)
    assert all(b[1] == 0 and b[3] == 252 for b in pair + triple)


def test_a_grid_is_found_cell_by_cell(decoded):
    cells = panel_boxes(decoded["grid"])
    assert len(cells) == 4
    assert edges(cells, 0) == pytest.approx([0.5], abs=0.02)
    assert edges(cells, 1) == pytest.approx([0.5], abs=0.03)


def test_a_picture_between_bars_is_one_panel_without_them(decoded):
    (box,) = panel_boxes(decoded["barred"])
    x0, y0, x1, y1 = box
    assert (y0, y1) == (0, 252)
    assert abs(x0 - 98) <= 6 and abs(x1 - 350) <= 6  # 252 px wide picture centred in 448


@pytest.mark.parametrize("name", PHOTOS)
def test_one_photo_filling_the_frame_has_no_panels(decoded, name):
    assert panel_boxes(decoded[name]) == []


def test_flat_frames_and_tiny_frames_have_no_panels():
    assert panel_boxes(np.full((252, 448, 3), 90, np.uint8)) == []
    assert panel_boxes(np.zeros((8, 8, 3), np.uint8)) == []


def test_the_encoder_reads_each_panel_on_its_own(decoded):
    from streamvu.encoders.efficientnet import EfficientNetConfig, EfficientNetLite0Encoder

    encoder = EfficientNetLite0Encoder()
    triple = decoded["triple"]
    crops = encoder.crops(triple)
    assert [c.shape[1] for c in crops] == [b[2] - b[0] for b in panel_boxes(triple)]
    assert len(encoder.crops(decoded["chelsea"])) == encoder.config.regions  # no panels: squares
    squares = EfficientNetLite0Encoder(EfficientNetConfig(panels=False)).crops(triple)
    assert [c.shape[:2] for c in squares] == [(252, 252)] * 3
    assert len(encoder.crops(decoded["pair"])) == encoder.config.regions  # two: squares hold one each
    assert len(encoder.crops(decoded["grid"])) == 4


def test_the_middle_of_three_pictures_is_seen_through_its_panel(decoded):
    """The cup of coffee between a temple and the astronaut: a square crop holds it and halves of the
    others; its panel holds it alone."""
    import torch

    from streamvu.answerers.grounded.regions import seen_probs
    from streamvu.encoders.efficientnet import EfficientNetConfig, EfficientNetLite0Encoder

    espresso = EfficientNetLite0Encoder().class_names.index("espresso")

    def seen(encoder) -> float:
        item = encoder.encode([Frame(0.0, 0, decoded["triple"])])[0]
        probs = seen_probs(encoder.class_probs, item.pooled[None], [item.tokens], [item.grid], [item.regions])
        return float(probs[0, espresso])

    with torch.inference_mode():
        panels, squares = (
            seen(EfficientNetLite0Encoder()),
            seen(EfficientNetLite0Encoder(EfficientNetConfig(panels=False))),
        )
    assert panels >= 0.2 > squares


def test_a_tile_switching_on_a_split_screen_is_a_scene_change():
    """One of three tiles switching to another picture changes the shot; a ball rolling over one tile
    does not."""
    from benchmarks.sets.media import disc, paste
    from streamvu.encoders.motion import MotionTracker

    def three(names: tuple[str, str, str]) -> np.ndarray:
        return side_by_side([sample_image(n) for n in names], (448, 252))

    tracker = MotionTracker()
    before, after = (
        three(("grace_hopper", "astronaut", "coffee")),
        three(("grace_hopper", "astronaut", "rocket")),
    )
    assert tracker.update(before) == (0.0, 0.0)
    assert tracker.update(before)[1] < 0.2
    assert tracker.update(after)[1] >= 0.5
    rolled = [tracker.update(paste(after, disc(14), x, 110))[1] for x in (100, 160, 220)]
    assert max(rolled) < 0.5


def test_a_cut_between_pictures_between_bars_is_a_scene_change(tmp_path):
    """4:3 pictures between grey bars in an 854x480 H.264 video: the bars look the same on both sides of
    a cut and took the whole frame's score under 0.5 (the cat to the motorbike: 0.47, read as movement);
    the picture between them is compared on its own. Something sliding over a barred picture is movement,
    no cut."""
    from benchmarks.sets.grounding import ShotVideo, write_shot_videos
    from benchmarks.sets.tables import shots
    from streamvu.encoders.motion import MotionTracker

    spec = "chelsea 0-4, stereo_motorcycle 4-8, stereo_motorcycle~ 8-12"
    path = write_shot_videos(tmp_path, [ShotVideo("barred", shots(spec), size=(854, 480))])["barred"]
    tracker = MotionTracker()
    with open_video(str(path)) as src:
        scores = {f.t: tracker.update(f.rgb) for f in src.frames(SamplerConfig(fps=1, max_side=448))}
    assert scores[4.0][1] >= 0.5 and scores[4.0][0] == 0.0  # the cut, and no movement across it
    assert all(cut < 0.5 for t, (_, cut) in scores.items() if t != 4.0)
    assert min(motion for t, (motion, _) in scores.items() if 9.0 <= t <= 11.0) >= 0.3  # the square moving
