"""Compare two language versions of a document paragraph by paragraph."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .alignment import Bead, align_units
from .documents import Document, Span
from .encoders import Encoder, unsupported_language_warning

__all__ = ["SCHEMA", "CompareResult", "Finding", "compare"]

SCHEMA = "aligner.compare/1"
SEVERITIES = ("info", "warning", "error")


@dataclass(frozen=True)
class Finding:
    """One divergence between source and target.

    Attributes:
        type: what was found (``omission``, ``addition``, ...).
        severity: ``error``, ``warning`` or ``info``.
        score: confidence in [0, 1].
        source_span: ``[start, end)`` in the source text, ``None`` when the source has nothing.
        target_span: the same for the target.
        message: one sentence for a person.
        evidence: the facts behind it (texts, numbers, similarities).
    """

    type: str
    severity: str
    score: float
    source_span: Span | None
    target_span: Span | None
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "severity": self.severity,
            "score": round(self.score, 4),
            "source_span": self.source_span.to_list() if self.source_span else None,
            "target_span": self.target_span.to_list() if self.target_span else None,
            "message": self.message,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class CompareResult:
    """The outcome of :func:`compare`: the paragraph alignment and the findings."""

    source: Document
    target: Document
    beads: list[Bead]
    findings: list[Finding]
    encoder: str
    parameters: dict[str, Any]
    warnings: list[str]

    def coverage(self) -> tuple[float, float]:
        """Share of each side's characters that lies in a matched paragraph bead."""
        out = []
        for doc, side in ((self.source, "src"), (self.target, "tgt")):
            total = sum(len(p) for p in doc.paragraphs) or 1
            matched = sum(
                len(doc.paragraphs[i])
                for b in self.beads
                if b.src and b.tgt
                for i in getattr(b, side)
            )
            out.append(matched / total)
        return out[0], out[1]

    def counts(self) -> dict[str, dict[str, int]]:
        by_type: dict[str, int] = {}
        by_sev = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            by_type[f.type] = by_type.get(f.type, 0) + 1
            by_sev[f.severity] += 1
        return {"by_type": by_type, "by_severity": by_sev}

    def to_dict(self) -> dict[str, Any]:
        cov_s, cov_t = self.coverage()

        def side(doc: Document) -> dict[str, Any]:
            return {
                "path": doc.path,
                "language": doc.lang,
                "language_confidence": round(doc.lang_confidence, 3),
                "characters": len(doc.text),
                "paragraphs": len(doc.paragraphs),
                "sentences": len(doc.sentences),
            }

        def bead(b: Bead) -> dict[str, Any]:
            def span(doc: Document, ids: tuple[int, ...]) -> list[int] | None:
                if not ids:
                    return None
                return [doc.paragraphs[ids[0]].start, doc.paragraphs[ids[-1]].end]

            return {
                "source_paragraphs": list(b.src),
                "target_paragraphs": list(b.tgt),
                "score": round(b.score, 4),
                "source_span": span(self.source, b.src),
                "target_span": span(self.target, b.tgt),
            }

        return {
            "schema": SCHEMA,
            "tool": {
                "name": "aligner",
                "version": __version__,
                "encoder": self.encoder,
                "parameters": self.parameters,
            },
            "source": side(self.source),
            "target": side(self.target),
            "alignment": {"paragraphs": [bead(b) for b in self.beads]},
            "findings": [f.to_dict() for f in self.findings],
            "warnings": self.warnings,
            "summary": {
                **self.counts(),
                "source_coverage": round(cov_s, 4),
                "target_coverage": round(cov_t, 4),
            },
        }


def _words(text: str) -> int:
    return len(text.split())


def _unmatched_severity(text: str) -> str:
    """A full paragraph missing is an error; a short line a warning; a fragment info."""
    words = _words(text)
    if words >= 8:
        return "error"
    if words >= 3:
        return "warning"
    return "info"


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def compare(
    source: Document,
    target: Document,
    encoder: Encoder,
    *,
    threshold: float | None = None,
) -> CompareResult:
    """Align the paragraphs of ``source`` and ``target`` and report what has no counterpart."""
    warnings = []
    for doc, role in ((source, "source"), (target, "target")):
        msg = unsupported_language_warning(encoder, doc.lang, f"the {role} {doc.name}")
        if msg:
            warnings.append(msg)
    beads = align_units(
        source.paragraph_texts, target.paragraph_texts, encoder.encode, threshold=threshold
    )
    findings: list[Finding] = []
    for b in beads:
        if b.src and not b.tgt:
            for i in b.src:
                text = source.paragraph_text(i)
                findings.append(
                    Finding(
                        "omission",
                        _unmatched_severity(text),
                        0.9,
                        source.paragraphs[i],
                        None,
                        f"Source paragraph {i + 1} has no counterpart in the target: "
                        f"“{_excerpt(text)}”",
                        {"source_paragraph": i},
                    )
                )
        elif b.tgt and not b.src:
            for j in b.tgt:
                text = target.paragraph_text(j)
                findings.append(
                    Finding(
                        "addition",
                        _unmatched_severity(text),
                        0.9,
                        None,
                        target.paragraphs[j],
                        f"Target paragraph {j + 1} has no counterpart in the source: "
                        f"“{_excerpt(text)}”",
                        {"target_paragraph": j},
                    )
                )
    return CompareResult(
        source=source,
        target=target,
        beads=beads,
        findings=findings,
        encoder=encoder.identity,
        parameters={
            "threshold": threshold if threshold is not None else "auto",
            "unit": "paragraph",
        },
        warnings=warnings,
    )
