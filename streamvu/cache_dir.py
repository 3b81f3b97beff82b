"""Where streamvu keeps files it derives once and reuses (converted weights, features)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    """``$STREAMVU_CACHE_DIR`` if set, else the user cache dir (e.g. ``~/.cache/streamvu``)."""
    env = os.environ.get("STREAMVU_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("streamvu"))
