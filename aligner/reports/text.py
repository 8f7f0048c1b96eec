"""Plain-text views for people reading a terminal."""

from __future__ import annotations

from typing import Any

from ..compare import CompareResult


def _excerpt(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def detect_text(report: dict[str, Any]) -> str:
    """Render the ``aligner.detect/1`` dictionary as a listing per document."""
    lines = []
    for doc in report["documents"]:
        lines.append(
            f"{doc['path']}: {doc['language']} ({doc['confidence']:.2f}), "
            f"{len(doc['paragraphs'])} paragraphs"
        )
        for p in doc["paragraphs"]:
            tag = f"{p['language']:<5} {p['confidence']:.2f}"
            mixed = f"  mixed: {', '.join(p['other_languages'])}" if p["mixed"] else ""
            lines.append(f"  {p['index'] + 1:>3}  {tag}  {_excerpt(p['text'])}{mixed}")
        lines.append("")
    return "\n".join(lines)


def compare_text(result: CompareResult) -> str:
    """Paragraph-by-paragraph view: each bead with its score, then the findings."""
    src, tgt = result.source, result.target
    cov_s, cov_t = result.coverage()
    counts = result.counts()["by_severity"]
    out = [
        f"source: {src.name} [{src.lang}] {len(src.paragraphs)} paragraphs",
        f"target: {tgt.name} [{tgt.lang}] {len(tgt.paragraphs)} paragraphs",
        f"encoder: {result.encoder}",
        f"coverage: source {cov_s:.0%}, target {cov_t:.0%}",
        "",
    ]
    for w in result.warnings:
        out.append(f"warning: {w}")
    if result.warnings:
        out.append("")
    for b in result.beads:
        s = ",".join(str(i + 1) for i in b.src) or "-"
        t = ",".join(str(j + 1) for j in b.tgt) or "-"
        left = _excerpt(" ".join(src.paragraph_text(i) for i in b.src), 38) if b.src else ""
        right = _excerpt(" ".join(tgt.paragraph_text(j) for j in b.tgt), 38) if b.tgt else ""
        score = f"{b.score:.2f}" if b.src and b.tgt else (" om " if b.src else " add")
        out.append(f"{s:>6} ↔ {t:<6} {score}  {left:<38} | {right}")
    out.append("")
    if result.findings:
        out.append("findings:")
        for f in result.findings:
            out.append(f"  {f.severity:<7} {f.type:<10} {f.message}")
    else:
        out.append("findings: none")
    out.append(f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info")
    return "\n".join(out) + "\n"
