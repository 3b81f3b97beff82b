"""Small helpers the benchmark reports share: accuracies and markdown tables."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence


def accuracy(records: Iterable[dict]) -> dict:
    """{"n", "correct", "invalid", "acc"} with ``acc`` in percent (None when there is nothing)."""
    n = correct = invalid = 0
    for rec in records:
        n += 1
        correct += bool(rec.get("correct"))
        invalid += not rec.get("valid", True)
    return {"n": n, "correct": correct, "invalid": invalid, "acc": 100.0 * correct / n if n else None}


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None (None when there are none)."""
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]], left: int = 1) -> str:
    """A GitHub-flavoured markdown table; the first ``left`` columns left-aligned, the rest right-aligned."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return (
            "| "
            + " | ".join(
                c.ljust(w) if i < left else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
            + " |"
        )

    rule = "|" + "|".join(("-" * (w + 1) + ("-" if i < left else ":")) for i, w in enumerate(widths)) + "|"
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def write_json(path: str | os.PathLike, doc: dict) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
