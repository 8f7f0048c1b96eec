"""Compare two language versions of a document paragraph by paragraph."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .alignment import Bead, align_documents, paragraph_beads
from .checks import CheckContext, Finding, run_checks
from .documents import Document
from .encoders import Encoder, unsupported_language_warning
from .provenance import tool_info

__all__ = ["SCHEMA", "CompareResult", "Finding", "compare"]

SCHEMA = "aligner.compare/1"
SEVERITIES = ("info", "warning", "error")


@dataclass(frozen=True)
class CompareResult:
    """The outcome of :func:`compare`.

    Attributes:
        beads: paragraph beads (paragraph ids on each side), in document order.
        sentence_beads: the sentence alignment they come from (sentence ids).
        members: for each paragraph bead, the indices of its sentence beads.
        findings: divergences in document order.
    """

    source: Document
    target: Document
    beads: list[Bead]
    sentence_beads: list[Bead]
    members: list[list[int]]
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

    def filtered(self, min_severity: str) -> CompareResult:
        """The same result with only the findings at or above ``min_severity``."""
        floor = SEVERITIES.index(min_severity)
        kept = [f for f in self.findings if SEVERITIES.index(f.severity) >= floor]
        return replace(
            self, findings=kept, parameters={**self.parameters, "min_severity": min_severity}
        )

    def reaches(self, severity: str) -> bool:
        """True when any finding is at or above ``severity`` (for ``--fail-on``)."""
        floor = SEVERITIES.index(severity)
        return any(SEVERITIES.index(f.severity) >= floor for f in self.findings)

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
                "sentence_per_line": doc.presplit,
            }

        def span(units, ids) -> list[int] | None:
            if not ids:
                return None
            return [units[ids[0]].start, units[ids[-1]].end]

        src_sent = [x.span for x in self.source.sentences]
        tgt_sent = [x.span for x in self.target.sentences]

        def bead(b: Bead, inside: list[int]) -> dict[str, Any]:
            return {
                "source_paragraphs": list(b.src),
                "target_paragraphs": list(b.tgt),
                "score": round(b.score, 4),
                "source_span": span(self.source.paragraphs, b.src),
                "target_span": span(self.target.paragraphs, b.tgt),
                "sentences": [
                    {
                        "source": list(sb.src),
                        "target": list(sb.tgt),
                        "score": round(sb.score, 4),
                        "source_span": span(src_sent, sb.src),
                        "target_span": span(tgt_sent, sb.tgt),
                    }
                    for sb in (self.sentence_beads[k] for k in inside)
                ],
            }

        return {
            "schema": SCHEMA,
            "tool": tool_info(self.encoder, self.parameters),
            "source": side(self.source),
            "target": side(self.target),
            "alignment": {"paragraphs": [bead(b, m) for b, m in zip(self.beads, self.members)]},
            "findings": [f.to_dict() for f in self.findings],
            "warnings": self.warnings,
            "summary": {
                **self.counts(),
                "source_coverage": round(cov_s, 4),
                "target_coverage": round(cov_t, 4),
            },
        }


def compare(
    source: Document,
    target: Document,
    encoder: Encoder,
    *,
    max_bead: int = 4,
) -> CompareResult:
    """Align ``source`` and ``target`` sentence by sentence, derive the paragraph
    pairs, and run every divergence check."""
    warnings = []
    for doc, role in ((source, "source"), (target, "target")):
        msg = unsupported_language_warning(encoder, doc.lang, f"the {role} {doc.name}")
        if msg:
            warnings.append(msg)
    sbeads = align_documents(source, target, encoder, max_bead=max_bead).beads
    pairs = paragraph_beads(
        [x.paragraph for x in source.sentences],
        [x.paragraph for x in target.sentences],
        len(source.paragraphs),
        len(target.paragraphs),
        sbeads,
        [len(x.span) for x in source.sentences],
        [len(x.span) for x in target.sentences],
    )
    ctx = CheckContext(source, target, list(sbeads), pairs, encoder.encode)
    findings = run_checks(ctx)
    return CompareResult(
        source=source,
        target=target,
        beads=[b for b, _ in pairs],
        sentence_beads=list(sbeads),
        members=[m for _, m in pairs],
        findings=findings,
        encoder=encoder.identity,
        parameters={"max_bead": max_bead, "unit": "sentence"},
        warnings=warnings,
    )
