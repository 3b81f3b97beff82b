"""Test scaffolding lives in ``streamvu.testing`` and the pipeline never depends on it."""

from __future__ import annotations

from tests.test_layout import graph


def test_nothing_outside_the_testing_package_imports_it():
    users = sorted(
        name
        for name, targets in graph().items()
        if not name.startswith("streamvu.testing")
        and any(t == "streamvu.testing" or t.startswith("streamvu.testing.") for t in targets)
    )
    assert not users, f"modules of the package that import test scaffolding: {users}"


def test_the_scaffolding_is_not_in_the_pipeline_packages():
    modules = graph().keys()
    assert "streamvu.testing.tiny_vlm" in modules and "streamvu.testing.synthetic" in modules
    assert not {"streamvu.models.tiny", "streamvu.memory.synthetic"} & modules


def test_synthetic_frames_are_deterministic_and_scenes_are_similar_inside():
    import torch

    from streamvu.testing.synthetic import synthetic_frame

    a, b = synthetic_frame(3, seed=1, scene_length=4), synthetic_frame(3, seed=1, scene_length=4)
    assert torch.equal(a.tokens, b.tokens) and a.t == b.t == 3.0
    same_scene = torch.cosine_similarity(a.pooled, synthetic_frame(2, seed=1, scene_length=4).pooled, dim=0)
    next_scene = torch.cosine_similarity(a.pooled, synthetic_frame(4, seed=1, scene_length=4).pooled, dim=0)
    assert same_scene > next_scene
