"""Renderers for a corpus scan: a terminal view, TSV for spreadsheets, a standalone HTML page.

Each takes the ``aligner.scan/1`` dictionary (``ScanResult.to_dict()``), so a saved
JSON report can be rendered again without scanning.
"""

from __future__ import annotations

import html
from typing import Any

__all__ = ["scan_html", "scan_text", "scan_tsv"]


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def scan_text(report: dict[str, Any]) -> str:
    """The scan as a listing for a terminal."""
    tool = report["tool"]
    s = report["summary"]
    langs: dict[str, int] = {}
    for d in report["documents"]:
        langs[d["lang"]] = langs.get(d["lang"], 0) + 1
    lang_list = ", ".join(f"{k} {v}" for k, v in sorted(langs.items(), key=lambda x: (-x[1], x[0])))
    out = [
        f"corpus: {report['source']}: {s['documents']} documents ({lang_list})",
        f"encoder: {tool['encoder']}; search: {tool['search']}; aligner {tool['version']}",
        "",
    ]
    out.append(
        f"pairs: {s['translation']} translation, {s['near_duplicate']} near-duplicate, "
        f"{s['partial_overlap']} partial overlap"
    )
    for p in report["pairs"]:
        out.append(
            f"  {p['kind']:<15} {p['score']:.2f}  {p['a']} ↔ {p['b']}  "
            f"(covered {_pct(p['coverage_a'])} / {_pct(p['coverage_b'])})"
        )
    out.append("")
    out.append(f"groups: {len(report['groups'])}")
    for g in report["groups"]:
        others = [m for m in g["members"] if m != g["representative"]]
        out.append(
            f"  {g['id']} {g['kind']} [{', '.join(g['languages'])}]: keep "
            f"{g['representative']}; also {', '.join(others)}"
        )
    out.append("")
    out.append(f"repeated paragraphs: {len(report['repeated_paragraphs'])}")
    for r in report["repeated_paragraphs"]:
        out.append(
            f"  {r['document']}: paragraph {r['paragraph'] + 1} repeats paragraph "
            f"{r['repeats'] + 1} ({r['similarity']:.2f}): “{_excerpt(r['text'])}”"
        )
    out.append("")
    out.append(f"boilerplate: {len(report['boilerplate'])}")
    for b in report["boilerplate"]:
        out.append(f"  {b['documents']:>4} documents  “{_excerpt(b['text'])}”")
    out.append("")
    out.append(f"mixed-language paragraphs: {len(report['mixed_paragraphs'])}")
    doc_lang = {d["id"]: d["lang"] for d in report["documents"]}
    for m in report["mixed_paragraphs"]:
        other = ", ".join(m["other_langs"]) or "?"
        out.append(
            f"  {m['document']}: paragraph {m['paragraph'] + 1} ({other} in a "
            f"{doc_lang.get(m['document'], '?')} document): “{_excerpt(m['text'])}”"
        )
    if report["problems"]:
        out.append("")
        out.append(f"problems: {len(report['problems'])}")
        for p in report["problems"]:
            out.append(f"  {p['kind']}: {p['message']}")
    return "\n".join(out) + "\n"


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "")


TSV_COLUMNS = ("finding", "a", "b", "kind", "score", "coverage_a", "coverage_b", "detail")


def scan_tsv(report: dict[str, Any]) -> str:
    """One row per finding: pairs, groups, repeated paragraphs, boilerplate, mixed paragraphs.

    Paragraph numbers in ``detail`` count from 1, as in the terminal view (the JSON
    counts from 0).

    Tabs, newlines and backslashes inside a cell are escaped (``\\t``, ``\\n``, ``\\\\``).
    """
    rows = [TSV_COLUMNS]
    for p in report["pairs"]:
        rows.append(
            ("pair", p["a"], p["b"], p["kind"], p["score"], p["coverage_a"], p["coverage_b"], "")
        )
    for g in report["groups"]:
        rows.append(
            ("group", g["representative"], " ".join(g["members"]), g["kind"], "", "", "", g["id"])
        )
    for r in report["repeated_paragraphs"]:
        rows.append(
            (
                "repeated_paragraph",
                r["document"],
                "",
                "",
                r["similarity"],
                "",
                "",
                f"paragraph {r['paragraph'] + 1} repeats paragraph {r['repeats'] + 1}: {r['text']}",
            )
        )
    for b in report["boilerplate"]:
        rows.append(
            ("boilerplate", "", "", "", "", "", "", f"{b['documents']} documents: {b['text']}")
        )
    for m in report["mixed_paragraphs"]:
        rows.append(
            (
                "mixed_paragraph",
                m["document"],
                "",
                m["lang"],
                "",
                "",
                "",
                f"paragraph {m['paragraph'] + 1} ({', '.join(m['other_langs'])}): {m['text']}",
            )
        )
    return "".join("\t".join(_cell(c) for c in row) + "\n" for row in rows)


_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f3}.num{text-align:right;font-variant-numeric:tabular-nums}
.translation{color:#05a}.near_duplicate{color:#a50}.partial_overlap{color:#666}
small{color:#666}
"""


def scan_html(report: dict[str, Any]) -> str:
    """A standalone HTML page (no scripts, no external files)."""
    e = html.escape
    tool = report["tool"]
    s = report["summary"]

    def table(head: list[str], rows: list[list[str]]) -> str:
        if not rows:
            return "<p><small>none</small></p>"
        h = "".join(f"<th>{e(x)}</th>" for x in head)
        body = "".join("<tr>" + "".join(rows_cell for rows_cell in r) + "</tr>" for r in rows)
        return f"<table><tr>{h}</tr>{body}</table>"

    def td(x: Any, cls: str = "") -> str:
        c = f' class="{cls}"' if cls else ""
        return f"<td{c}>{e(str(x))}</td>"

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>aligner scan: {e(report['source'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>Corpus scan: {e(report['source'])}</h1>",
        f"<p>{s['documents']} documents · {s['translation']} translations · "
        f"{s['near_duplicate']} near-duplicates · {s['partial_overlap']} partial overlaps · "
        f"{s['groups']} groups<br><small>aligner {e(tool['version'])} · encoder "
        f"{e(tool['encoder'])} · search {e(tool['search'])}</small></p>",
        "<h2>Pairs</h2>",
        table(
            ["kind", "a", "b", "score", "coverage a", "coverage b"],
            [
                [
                    td(p["kind"], p["kind"]),
                    td(p["a"]),
                    td(p["b"]),
                    td(f"{p['score']:.2f}", "num"),
                    td(_pct(p["coverage_a"]), "num"),
                    td(_pct(p["coverage_b"]), "num"),
                ]
                for p in report["pairs"]
            ],
        ),
        "<h2>Groups</h2>",
        table(
            ["group", "kind", "representative", "members", "languages"],
            [
                [
                    td(g["id"]),
                    td(g["kind"], g["kind"]),
                    td(g["representative"]),
                    td(", ".join(g["members"])),
                    td(", ".join(g["languages"])),
                ]
                for g in report["groups"]
            ],
        ),
        "<h2>Repeated paragraphs</h2>",
        table(
            ["document", "paragraph", "repeats", "similarity", "text"],
            [
                [
                    td(r["document"]),
                    td(r["paragraph"] + 1, "num"),
                    td(r["repeats"] + 1, "num"),
                    td(f"{r['similarity']:.2f}", "num"),
                    td(r["text"]),
                ]
                for r in report["repeated_paragraphs"]
            ],
        ),
        "<h2>Boilerplate</h2>",
        table(
            ["documents", "text"],
            [[td(b["documents"], "num"), td(b["text"])] for b in report["boilerplate"]],
        ),
        "<h2>Mixed-language paragraphs</h2>",
        table(
            ["document", "paragraph", "language", "other", "text"],
            [
                [
                    td(m["document"]),
                    td(m["paragraph"] + 1, "num"),
                    td(m["lang"]),
                    td(", ".join(m["other_langs"])),
                    td(m["text"]),
                ]
                for m in report["mixed_paragraphs"]
            ],
        ),
    ]
    if report["problems"]:
        parts.append("<h2>Problems</h2>")
        parts.append(
            table(
                ["kind", "message"], [[td(p["kind"]), td(p["message"])] for p in report["problems"]]
            )
        )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
