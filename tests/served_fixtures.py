"""Real OpenAI-compatible servers on loopback for the served-answerer tests: the servers and the tiny
LLaVA live in :mod:`streamvu.testing.serving`; this adds the skip when they cannot run here."""

from __future__ import annotations

import pytest

from streamvu.testing.serving import (  # noqa: F401  (re-exported for the tests)
    IMAGE_TOKENS,
    LocalServer,
    free_port,
    missing_serving_modules,
    save_tiny_llava,
)


def require_serving() -> None:
    """Skip the calling test module when ``transformers serve`` cannot run here."""
    missing = missing_serving_modules()
    if missing:
        pytest.skip(
            f"transformers[serving] is not installed ({', '.join(missing)} missing): pip install -e '.[serve]'",
            allow_module_level=True,
        )
