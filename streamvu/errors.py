"""Exceptions users can catch. Each message says what was wrong and what to do."""


class StreamvuError(Exception):
    """Base class of every error streamvu raises on purpose."""


class MissingDependencyError(StreamvuError, ImportError):
    """An optional dependency is not installed; the message holds the pip command."""


class SourceError(StreamvuError):
    """A video source could not be opened or decoded (missing file, not a video, bad URL)."""


class QuestionError(StreamvuError, ValueError):
    """A question cannot be answered as asked (empty, too long, asked before any frame, past the end)."""


class ModelError(StreamvuError):
    """A model or backend name is unknown or its weights cannot be loaded."""


class MemoryStateError(StreamvuError):
    """A saved memory is corrupt, from another version, or from an incompatible config."""


class ServerError(StreamvuError):
    """An answer server (``--server``, OpenAI-compatible) cannot be reached, failed, stopped in the middle
    of an answer, or refused the request."""


class PromptTooLongError(ServerError):
    """The prompt is longer than the served model takes (send fewer images, or serve a longer context)."""
