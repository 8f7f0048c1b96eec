"""Sentence beads as rows of text, with the findings that touch them (TSV, TMX)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..compare import CompareResult
from ..documents import Document, Span

__all__ = ["BeadRow", "bead_rows", "overlaps"]


def overlaps(span: Span | None, other: Span | None) -> bool:
    """True when two half-open spans share a character (an empty span: lies inside)."""
    if span is None or other is None:
        return False
    if span.start == span.end:
        return other.start <= span.start < other.end
    return span.start < other.end and other.start < span.end


@dataclass(frozen=True)
class BeadRow:
    """One sentence bead as text.

    Attributes:
        source: the source sentences of the bead, joined by a space ("" when none).
        target: the same for the target.
        score: the bead's similarity, ``None`` for a one-sided bead (omission, addition).
        findings: types of the findings whose spans overlap the bead, each once, in order.
        source_span: ``[start, end)`` of the bead in the source text, ``None`` when empty.
        target_span: the same for the target.
    """

    source: str
    target: str
    score: float | None
    findings: tuple[str, ...]
    source_span: Span | None
    target_span: Span | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "score": None if self.score is None else round(self.score, 4),
            "findings": list(self.findings),
            "source_span": self.source_span.to_list() if self.source_span else None,
            "target_span": self.target_span.to_list() if self.target_span else None,
        }


def _side(doc: Document, ids: tuple[int, ...]) -> tuple[str, Span | None]:
    if not ids:
        return "", None
    text = " ".join(doc.sentence_text(i) for i in ids)
    return text, Span(doc.sentences[ids[0]].span.start, doc.sentences[ids[-1]].span.end)


def bead_rows(result: CompareResult) -> list[BeadRow]:
    """One row per sentence bead, in document order.

    A finding belongs to every bead whose source span overlaps the finding's source
    span or whose target span overlaps its target span.
    """
    rows = []
    for b in result.sentence_beads:
        src, src_span = _side(result.source, b.src)
        tgt, tgt_span = _side(result.target, b.tgt)
        types = [
            f.type
            for f in result.findings
            if overlaps(f.source_span, src_span) or overlaps(f.target_span, tgt_span)
        ]
        rows.append(
            BeadRow(
                src,
                tgt,
                float(b.score) if b.src and b.tgt else None,
                tuple(dict.fromkeys(types)),
                src_span,
                tgt_span,
            )
        )
    return rows
