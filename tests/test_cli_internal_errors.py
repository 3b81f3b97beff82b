"""Internal errors on the command line: one line, status 1, the traceback on request; bad input stays 2.

A ValueError raised from inside the running pipeline (a numpy shape bug, say) is not the user's
input: it must not be reported as a usage error (status 2) that cannot be traced.
"""

from __future__ import annotations

import numpy as np
import pytest

from streamvu.apps.cli import main
from streamvu.apps.failures import is_bad_input
from streamvu.memory.pyramid import PyramidMemory
from streamvu.pipeline.engine import PipelineConfig

HINT = "(rerun with STREAMVU_TRACEBACK=1 for the traceback)"


def _broadcast_bug(*args, **kwargs):
    np.zeros(3) + np.zeros(4)  # ValueError: operands could not be broadcast together


def _crash(*args, **kwargs):
    raise RuntimeError("the index went stale")


@pytest.mark.parametrize(
    ("bug", "message"),
    [(_broadcast_bug, "operands could not be broadcast together"), (_crash, "the index went stale")],
)
def test_an_error_inside_the_pipeline_is_internal(monkeypatch, capsys, short_video, bug, message):
    monkeypatch.delenv("STREAMVU_TRACEBACK", raising=False)
    monkeypatch.setattr(PyramidMemory, "add", bug)
    code = main(["ask", str(short_video), "what is here?", "--no-progress"])
    text = capsys.readouterr().err
    err = [line for line in text.splitlines() if line.startswith("streamvu")]  # not libraries' load bars
    assert code == 1
    assert len(err) == 1 and "Traceback" not in text, text
    assert err[0].startswith("streamvu ask: internal error: ")
    assert message in err[0] and err[0].endswith(HINT)
    assert "Traceback" not in err[0] and "ValueError" not in err[0] and "RuntimeError" not in err[0]


def test_the_traceback_is_printed_on_request(monkeypatch, capsys, short_video):
    monkeypatch.setenv("STREAMVU_TRACEBACK", "1")
    monkeypatch.setattr(PyramidMemory, "add", _broadcast_bug)
    code = main(["ask", str(short_video), "what is here?", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback (most recent call last)" in err and "_broadcast_bug" in err
    assert err.strip().splitlines()[-1].startswith("streamvu ask: internal error: operands could not")


def test_bad_arguments_are_still_usage_errors(monkeypatch, capsys, short_video):
    monkeypatch.delenv("STREAMVU_TRACEBACK", raising=False)
    code = main(["ask", str(short_video), "   "])  # the command line's own check (a QuestionError)
    assert code == 2
    assert "question is empty" in capsys.readouterr().err
    code = main(["ask", str(short_video), "what?", "--frame-fps", "5"])  # a ValueError from apps' checks
    err = capsys.readouterr().err
    assert code == 2 and "internal error" not in err and "streamvu ask: error:" in err


def test_which_value_errors_are_bad_input():
    with pytest.raises(ValueError) as config:
        PipelineConfig(fps=-1.0)  # a settings object refusing a value
    assert is_bad_input(config.value)
    with pytest.raises(ValueError) as numpy:
        _broadcast_bug()
    assert not is_bad_input(numpy.value)
    assert not is_bad_input(RuntimeError("x"))
