"""``open_video(..., fast_decode=True)``: the deblocking filter is skipped, timestamps stay exact."""

from __future__ import annotations

import numpy as np
import pytest

from streamvu.errors import SourceError
from streamvu.ingest import SamplerConfig, open_video


def frames(path, **kwargs):
    with open_video(path, **kwargs) as src:
        return list(src.frames(SamplerConfig(fps=1.0, end=12.0)))


def test_fast_decode_keeps_timestamps_and_changes_pixels_slightly(coffee_cat_video):
    exact, fast = frames(coffee_cat_video, backend="pyav"), frames(coffee_cat_video, fast_decode=True)
    assert [f.t for f in fast] == [f.t for f in exact]
    diffs = [np.abs(a.rgb.astype(int) - b.rgb.astype(int)).mean() for a, b in zip(exact, fast, strict=True)]
    assert max(diffs) < 3.0  # faint block edges, same picture
    assert any(d > 0 for d in diffs[1:])  # the filter really was skipped on predicted frames


def test_fast_decode_needs_pyav(coffee_cat_video):
    with pytest.raises(SourceError, match="pyav"):
        open_video(coffee_cat_video, backend="opencv", fast_decode=True)


def test_fast_decode_is_refused_for_live_sources(short_video):
    with pytest.raises(SourceError, match="files read directly"):
        open_video(short_video, realtime=True, fast_decode=True)


def test_cli_fast_decode_answers_and_keys_the_feature_cache_apart(short_video, tmp_path, capsys):
    import json

    from streamvu.apps.cli import main

    cache = tmp_path / "features"
    base = [
        "ask",
        str(short_video),
        "--at",
        "3",
        "what is shown?",
        "--json",
        "--no-progress",
        "--feature-cache",
        str(cache),
    ]
    assert main(base) == 0
    exact = json.loads(capsys.readouterr().out)
    assert main([*base, "--fast-decode"]) == 0
    fast = json.loads(capsys.readouterr().out)
    assert [e["end"] for e in fast["evidence"]] == [e["end"] for e in exact["evidence"]]
    assert len([p for p in cache.rglob("*") if p.is_file()]) == 2  # one entry per decoding mode
