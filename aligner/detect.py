"""The language report of ``aligner detect``: document and paragraph tags."""

from __future__ import annotations

from typing import Any

from .documents import Document
from .provenance import tool_info

SCHEMA = "aligner.detect/1"


def detect_report(docs: list[Document]) -> dict[str, Any]:
    """Language tags of ``docs`` (already loaded and tagged) as an ``aligner.detect/1`` dict."""
    out = []
    for doc in docs:
        paragraphs = []
        for i, (span, tag) in enumerate(zip(doc.paragraphs, doc.paragraph_langs)):
            paragraphs.append(
                {
                    "index": i,
                    "span": span.to_list(),
                    "text": span.slice(doc.text),
                    "language": tag.lang,
                    "confidence": round(tag.confidence, 3),
                    "mixed": tag.mixed,
                    "other_languages": list(tag.other_langs),
                }
            )
        out.append(
            {
                "path": doc.path,
                "language": doc.lang,
                "confidence": round(doc.lang_confidence, 3),
                "paragraphs": paragraphs,
            }
        )
    return {"schema": SCHEMA, "tool": tool_info(), "documents": out}
