"""Small stand-ins for models, shared by tests that never reach them."""

from __future__ import annotations

from streamvu.answerers.base import Answerer


class UnusedAnswerer(Answerer):
    """An answerer for pipelines that only ingest: every answering method fails if called."""

    name = "unused"

    def query_vector(self, question):
        raise AssertionError("this pipeline was not supposed to answer")

    def evidence(self, context):
        raise AssertionError("this pipeline was not supposed to answer")

    def stream(self, context, evidence):
        raise AssertionError("this pipeline was not supposed to answer")
