"""Terminal views for people: a listing per document, and the compare report.

The compare view is drawn with rich. Each finding's span is marked with ``⟦`` and
``⟧``; in colour (a terminal, ``NO_COLOR`` unset) the severities are coloured and the
span is highlighted as well; plain text (a pipe, a file, ``NO_COLOR``) has no escape
codes at all.
Renderers return strings: the CLI decides where they go.
"""

from __future__ import annotations

import bisect
import io
import re
from typing import Any

from ..compare import SEVERITIES, CompareResult, Finding
from ..documents import Document, Span

__all__ = ["compare_summary", "compare_text", "detect_text", "stdout_has_colour"]

#: Marks around a finding's span in plain output.
MARK_OPEN, MARK_CLOSE = "⟦", "⟧"
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SPAN_STYLE = {"error": "bold white on red", "warning": "black on yellow", "info": "black on cyan"}


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


def stdout_has_colour() -> bool:
    """True when standard output is a terminal that takes colour and ``NO_COLOR`` is unset."""
    from rich.console import Console

    console = Console()
    return console.is_terminal and not console.no_color and console.color_system is not None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def _counts_line(result: CompareResult) -> str:
    c = result.counts()["by_severity"]
    return ", ".join(_plural(c[s], s) for s in reversed(SEVERITIES))


def compare_summary(result: CompareResult) -> str:
    """One line: both files, their languages, finding counts by severity, coverage."""
    src, tgt = result.source, result.target
    cov_s, cov_t = result.coverage()
    return (
        f"{src.name} [{src.lang}] → {tgt.name} [{tgt.lang}]: {_counts_line(result)}; "
        f"coverage {cov_s:.0%} / {cov_t:.0%}\n"
    )


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _paragraph_of(doc: Document, pos: int) -> int:
    starts = [p.start for p in doc.paragraphs]
    return max(0, bisect.bisect_right(starts, pos) - 1)


def _context_window(
    doc: Document, span: Span, before: int = 30, inside: int = 90, after: int = 30
) -> tuple[int, str, str, str]:
    """The paragraph holding ``span`` and a short excerpt cut around it:
    ``(paragraph, text before, the span's text, text after)``."""
    p = _paragraph_of(doc, span.start)
    para = doc.paragraphs[p]
    start, end = max(span.start, para.start), min(span.end, para.end)
    head = _squash(doc.text[para.start : start])
    body = _squash(doc.text[start:end])
    tail = _squash(doc.text[end : para.end])
    if len(head) > before:
        head = "…" + head[-before:].lstrip()
    if len(body) > inside:
        body, tail = body[: inside - 1].rstrip() + "…", ""
    elif span.end > para.end:
        body += "…"  # the span goes on into the next paragraphs
    if len(tail) > after:
        tail = tail[:after].rstrip() + "…"
    return p, head, body, tail


def _context_sides(f: Finding) -> tuple[bool, bool]:
    """Which spans are the finding itself (True) and which only show where it sits:
    an omission's target span and an addition's source span are context."""
    return f.type != "addition", f.type != "omission"


def _render(result: CompareResult, Text: Any) -> list[Any]:
    """The compare view as a list of rich ``Text`` lines."""
    src, tgt = result.source, result.target
    cov_s, cov_t = result.coverage()
    lines: list[Any] = [
        Text(f"source: {src.name} [{src.lang}] {len(src.paragraphs)} paragraphs"),
        Text(f"target: {tgt.name} [{tgt.lang}] {len(tgt.paragraphs)} paragraphs"),
        Text(f"encoder: {result.encoder}"),
        Text(f"coverage: source {cov_s:.0%}, target {cov_t:.0%}"),
    ]
    counts = Text("findings: ")
    by_sev = result.counts()["by_severity"]
    for k, sev in enumerate(reversed(SEVERITIES)):
        if k:
            counts.append(", ")
        counts.append(_plural(by_sev[sev], sev), style=SEVERITY_STYLE[sev] if by_sev[sev] else "")
    lines += [counts, Text()]
    for w in result.warnings:
        lines.append(Text(f"warning: {w}", style="yellow"))
    if result.warnings:
        lines.append(Text())

    for b in result.beads:
        s = ",".join(str(i + 1) for i in b.src) or "-"
        t = ",".join(str(j + 1) for j in b.tgt) or "-"
        left = _excerpt(" ".join(src.paragraph_text(i) for i in b.src), 38) if b.src else ""
        right = _excerpt(" ".join(tgt.paragraph_text(j) for j in b.tgt), 38) if b.tgt else ""
        line = Text(f"{s:>6} ↔ {t:<6} ")
        if b.src and b.tgt:
            style = "green" if b.score >= 0.7 else "yellow" if b.score >= 0.5 else "red"
            line.append(f"{b.score:.2f}", style=style)
        else:
            line.append(" om " if b.src else " add", style="bold red")
        line.append(f"  {left:<38} | {right}")
        lines.append(line)
    lines.append(Text())

    if not result.findings:
        lines.append(Text("findings: none"))
    else:
        lines.append(Text("findings:"))
    for f in result.findings:
        head = Text("  ")
        head.append(f"{f.severity:<7}", style=SEVERITY_STYLE.get(f.severity, ""))
        head.append(f" {f.type:<10} {f.message}")
        lines.append(head)
        own = _context_sides(f)
        for (doc, span), mine in zip(((src, f.source_span), (tgt, f.target_span)), own):
            if span is None:
                continue
            p, before, body, after = _context_window(doc, span)
            line = Text(f"{'':10}")
            line.append(f"{doc.lang:<4}¶{p + 1:<4} ", style="dim")
            line.append(before)
            if mine:
                line.append(MARK_OPEN, style="dim")
                line.append(body, style=SPAN_STYLE.get(f.severity, "reverse"))
                line.append(MARK_CLOSE, style="dim")
            else:
                line.append(body, style="dim")
            line.append(after)
            lines.append(line)
    lines.append(Text(_counts_line(result)))
    return lines


def compare_text(result: CompareResult, *, colour: bool = False) -> str:
    """Header (files, languages, encoder, coverage, counts), the paragraph pairs with
    their scores, then each finding with its paragraph and an excerpt where the span is
    highlighted (``colour``) or marked ``⟦…⟧`` (plain)."""
    from rich.console import Console
    from rich.text import Text

    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=colour,
        no_color=not colour,
        color_system="standard" if colour else None,
        highlight=False,
        markup=False,
        emoji=False,
        width=120,
    )
    for line in _render(result, Text):
        # soft_wrap: never cut or wrap lines; a terminal wraps them itself
        console.print(line, soft_wrap=True)
    return buf.getvalue()
