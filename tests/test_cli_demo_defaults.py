"""The demo's building blocks with their defaults: the first Start works without any argument."""

from __future__ import annotations

from streamvu.apps.demo import DemoModels


def test_demo_models_with_defaults_build_a_pipeline():
    models = DemoModels()  # no config, no models: the defaults are loaded on first use
    pipeline = models.pipeline()
    assert pipeline.encoder.name == "efficientnet-lite0"
    assert models.pipeline().encoder is pipeline.encoder  # loaded once, shared by every stream
