"""The grounded offline answerer: the evidence decides, a language model at most rephrases."""

from streamvu.answerers.grounded.answerer import GroundedAnswerer
from streamvu.answerers.grounded.decide import DEFAULT_THRESHOLD, GroundingConfig

__all__ = ["DEFAULT_THRESHOLD", "GroundedAnswerer", "GroundingConfig"]
