"""Tab-separated values: one row per bead, for spreadsheets and scripts.

Cells escape backslash, tab, newline and carriage return as ``\\\\``, ``\\t``,
``\\n`` and ``\\r`` (the convention of PostgreSQL's ``COPY`` text format), so every
row stays one line and a cell never splits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..compare import CompareResult
from .beads import bead_rows

__all__ = ["COMPARE_TSV_COLUMNS", "compare_tsv", "to_tsv", "tsv_cell"]

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})

COMPARE_TSV_COLUMNS = ("source", "target", "score", "findings", "source_span", "target_span")


def tsv_cell(value: Any) -> str:
    """One cell: ``None`` is empty, floats get 4 decimals, text is escaped."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value).translate(_ESCAPES)


def to_tsv(rows: Iterable[Sequence[Any]], header: Sequence[str] | None = None) -> str:
    """Render ``rows`` (and an optional ``header``) as TSV, one line per row."""
    lines = []
    if header is not None:
        lines.append("\t".join(tsv_cell(h) for h in header))
    lines.extend("\t".join(tsv_cell(c) for c in row) for row in rows)
    return "".join(line + "\n" for line in lines)


def compare_tsv(result: CompareResult) -> str:
    """One row per sentence bead (one-sided beads included): source text, target text,
    score (empty for a one-sided bead), finding types (comma-separated), and the
    ``start:end`` character spans of both sides."""

    def span(s) -> str:
        return f"{s.start}:{s.end}" if s else ""

    rows = []
    for r in bead_rows(result):
        types = ",".join(r.findings)
        rows.append((r.source, r.target, r.score, types, span(r.source_span), span(r.target_span)))
    return to_tsv(rows, COMPARE_TSV_COLUMNS)
