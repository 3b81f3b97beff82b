"""``grounded`` is the default answer model's name (``embedded`` still works); the SmolLM2 answerer is
called what it is."""

from __future__ import annotations

import pytest

from streamvu.answerers.embedded import EmbeddedAnswerer, SmolLM2Answerer
from streamvu.answerers.grounded import GroundedAnswerer
from streamvu.answerers.registry import load_answerer
from streamvu.apps.cli import build_parser
from streamvu.pipeline.engine import PipelineConfig


def test_the_default_is_called_grounded():
    assert PipelineConfig().answerer.model == "grounded"
    parser, _ = build_parser("ask")
    assert parser.parse_args(["ask", "v.mp4", "what?"]).model == "grounded"


@pytest.mark.parametrize("name", ["grounded", "embedded", " Grounded "])
def test_grounded_and_its_alias_load_the_grounded_answerer(encoder, embedder, name):
    assert isinstance(load_answerer(name, encoder, embedder), GroundedAnswerer)


def test_the_smollm2_answerer_is_named_for_its_model(encoder, embedder):
    answerer = load_answerer("smollm2", encoder, embedder)
    assert type(answerer) is SmolLM2Answerer and answerer.name == "smollm2"
    assert EmbeddedAnswerer is SmolLM2Answerer  # the old name still imports
