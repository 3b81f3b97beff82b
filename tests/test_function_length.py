"""Functions stay short enough to read as a sequence of named steps.

A function's length is its lines from ``def`` to its last line, less its docstring (documentation is
not steps). Over ``LIMIT`` lines, a function is in ``LONG_ON_PURPOSE`` (at most three, each with the
reason it stays long, also written in its docstring) or in ``NOT_YET_SPLIT`` (waiting to be split;
that list only shrinks).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 60

LONG_ON_PURPOSE: dict[str, str] = {
    "streamvu/kernels/prune_tall.py::_tall_kernel": (
        "one Triton program: its four numbered steps share the frame's offsets, tile sizes and loop-carried "
        "state; @triton.jit helpers would be inlined back with all of it passed through each call"
    ),
}

NOT_YET_SPLIT: dict[str, str] = {}


def _docstring_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    first = node.body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return first.end_lineno - first.lineno + 1
    return 0


def function_lengths(root: Path = ROOT / "streamvu", base: Path = ROOT) -> dict[str, int]:
    """``path::Class.name`` (path from ``base``) -> lines, docstring left out, of every function and
    method under ``root``."""
    found: dict[str, int] = {}

    def visit(node: ast.AST, rel: str, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                found[f"{rel}::{name}"] = child.end_lineno - child.lineno + 1 - _docstring_lines(child)
                visit(child, rel, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, rel, f"{prefix}{child.name}.")
            else:
                visit(child, rel, prefix)

    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(base).as_posix()
        visit(ast.parse(path.read_text(), filename=rel), rel, "")
    return found


def test_long_functions_are_listed_with_a_reason():
    listed = LONG_ON_PURPOSE.keys() | NOT_YET_SPLIT.keys()
    long = {name: n for name, n in function_lengths().items() if n > LIMIT}
    unlisted = [f"{name}: {n} lines" for name, n in sorted(long.items()) if name not in listed]
    assert not unlisted, f"split these into named steps (at most {LIMIT} lines each):\n" + "\n".join(unlisted)


def test_every_listed_function_is_still_long():
    """An entry whose function was split (or renamed) goes too: the lists only shrink."""
    lengths = function_lengths()
    stale = sorted(
        name for name in LONG_ON_PURPOSE.keys() | NOT_YET_SPLIT.keys() if lengths.get(name, 0) <= LIMIT
    )
    assert not stale, f"remove these entries, they are {LIMIT} lines or fewer now (or gone): {stale}"


def test_at_most_three_stay_long_each_with_its_reason_in_its_docstring():
    assert len(LONG_ON_PURPOSE) <= 3
    for name, reason in {**LONG_ON_PURPOSE, **NOT_YET_SPLIT}.items():
        assert len(reason.split()) >= 4, f"{name}: say why it is long"
    for name in LONG_ON_PURPOSE:
        path, qualname = name.split("::")
        tree = ast.parse((ROOT / path).read_text())
        node = next(
            n
            for n in ast.walk(tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == qualname.split(".")[-1]
        )
        assert "Long on purpose" in (ast.get_docstring(node) or ""), (
            f"{name}: write the reason in its docstring"
        )


def test_lengths_leave_out_docstrings_and_name_methods_by_class(tmp_path):
    (tmp_path / "m.py").write_text(
        "def f():\n"
        '    """Two\n    lines."""\n'
        "    return 1\n"
        "class C:\n"
        "    def g(self):\n"
        "        def inner():\n"
        "            pass\n"
        "        return inner\n"
    )
    assert function_lengths(tmp_path, tmp_path) == {"m.py::f": 2, "m.py::C.g": 4, "m.py::C.g.inner": 2}
