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


class ScriptedAnswerer(Answerer):
    """Replies ``reply(question)`` (or a fixed string), cites every context entry, records the questions."""

    name = "scripted"

    def __init__(self, reply="(B)"):
        self.reply = reply
        self.calls = []

    def query_vector(self, question):
        return None

    def evidence(self, context):
        from streamvu.messages import Evidence

        return [Evidence(start=e.start, end=e.end, trace="scripted") for e in context.entries]

    def stream(self, context, evidence):
        self.calls.append(context.question)
        yield self.reply(context.question) if callable(self.reply) else self.reply
