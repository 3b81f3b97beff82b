"""The README's Python example runs as written."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_python_api_example_runs(capsys):
    text = README.read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    exec(compile(code, "README.md#python-api", "exec"), {"__name__": "readme_example"})
    out = capsys.readouterr().out
    assert re.search(r"\d+\.\d-\d+\.\d+s: ", out), out  # evidence lines
    assert "fps, lag" in out and "entries" in out
