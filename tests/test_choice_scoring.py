"""Multiple-choice questions through ``Pipeline.ask``: scored against the evidence (grounded default),
by SmolLM2's log-likelihood of each option, or generated and left to the parser."""

from __future__ import annotations

import math

import pytest

from streamvu.answerers.grounded import GroundedAnswerer
from streamvu.errors import QuestionError
from streamvu.pipeline.engine import Pipeline, PipelineConfig

OPTIONS = ("a cup of coffee", "a cat", "a rocket")


@pytest.fixture(scope="module")
def pipes(encoder, embedder, answerer, coffee_cat_video):
    """The grounded default and plain SmolLM2 over the same memory (0-20 s coffee, 20-40 s cat), at 35 s."""
    grounded = Pipeline(
        PipelineConfig(),
        encoder=encoder,
        embedder=embedder,
        answerer=GroundedAnswerer(encoder, embedder, generator=answerer),
    )
    grounded.ingest(coffee_cat_video, until=35.0)
    plain = Pipeline(PipelineConfig(), encoder=encoder, embedder=embedder, answerer=answerer)
    plain.memory = grounded.memory
    return grounded, plain


def test_grounded_scores_options_against_the_evidence(pipes):
    grounded, _ = pipes
    a = grounded.ask("What is in the video now?", at=35.0, options=OPTIONS)
    assert a.choice == "B" and a.text.startswith("B. a cat") and len(a.option_scores) == 3
    assert a.prompt == "" and a.option_scores[1] > grounded.answerer.config.threshold > a.option_scores[0]


def test_likelihood_scores_every_option_with_smollm2(pipes):
    a = pipes[1].ask("What is in the video now?", at=35.0, options=OPTIONS, choice_scoring="likelihood")
    assert len(a.option_scores) == 3 and all(math.isfinite(s) and s < 0 for s in a.option_scores)
    best = max(range(3), key=lambda i: a.option_scores[i])
    assert a.choice == "ABC"[best] and a.text == f"{a.choice}. {OPTIONS[best]}"


class _FixedScorer:
    """Stands in for SmolLM2 behind the grounded answerer: fixed option log-likelihoods, records the evidence."""

    def __init__(self, real) -> None:
        self.real, self.evidence = real, None

    def class_keys(self):
        return self.real.class_keys()

    def option_logliks(self, context, evidence):
        self.evidence = evidence
        return [-3.0, -1.0, -2.0]


def test_grounded_likelihood_goes_to_its_language_model_with_the_grounded_evidence(pipes, encoder, embedder):
    scorer = _FixedScorer(pipes[1].answerer)
    pipe = Pipeline(
        PipelineConfig(),
        encoder=encoder,
        embedder=embedder,
        answerer=GroundedAnswerer(encoder, embedder, generator=scorer),
    )
    pipe.memory = pipes[0].memory
    a = pipe.ask("What is in the video now?", at=35.0, options=OPTIONS, choice_scoring="likelihood")
    assert a.choice == "B" and a.option_scores == (-3.0, -1.0, -2.0) and a.text == "B. a cat"
    assert scorer.evidence == a.evidence and a.evidence


def test_generate_leaves_the_letter_to_the_parser(pipes):
    a = pipes[0].ask("What is in the video now?", at=35.0, options=OPTIONS, choice_scoring="generate")
    assert a.choice is None and a.option_scores == () and a.text


def test_unknown_choice_scoring_is_refused(pipes):
    with pytest.raises(QuestionError, match="choice scoring"):
        pipes[0].ask("What is in the video now?", at=35.0, options=OPTIONS, choice_scoring="vote")  # type: ignore[arg-type]


def test_options_pair_with_the_things_the_question_names_in_other_words():
    """ "Rocket or blossom, which came first?" with options "the flower", "the rocket": the rocket pairs
    with the rocket, so the flower with the blossom, though "flower" and "blossom" share little."""
    import numpy as np

    from streamvu.answerers.grounded.option_readers import paired_alternatives
    from streamvu.answerers.reading import Target

    vectors = {
        "rocket": [1.0, 0.0, 0.0],
        "the rocket": [1.0, 0.0, 0.0],
        "blossom": [0.1, 0.3, 0.9],
        "the flower": [0.2, 0.9, 0.1],
    }

    def relevance(phrase: str) -> np.ndarray:
        return np.asarray(vectors[phrase], np.float32)

    alts = (Target("rocket"), Target("blossom"))
    paired = paired_alternatives(relevance, ["the flower", "the rocket"], alts)
    assert [t.phrase for t in paired] == ["blossom", "rocket"]
    assert paired_alternatives(relevance, ["the flower"], alts) == [None]  # counts differ: no pairing
