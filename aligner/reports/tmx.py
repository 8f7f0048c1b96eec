"""TMX 1.4 (Translation Memory eXchange): an aligned pair, ready for a translation memory.

The layout follows the TMX 1.4b specification (LISA/GALA): a ``header`` with the
seven required attributes, then one ``tu`` per aligned unit holding a ``tuv`` with
``xml:lang`` for each language. Written without a DOCTYPE, so no reader goes looking
for ``tmx14.dtd``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import __version__
from ..compare import CompareResult
from .beads import bead_rows

__all__ = ["compare_tmx", "tmx_lang", "to_tmx", "xml_escape"]

# Characters XML 1.0 forbids anywhere (section 2.2): C0 controls other than tab,
# newline and carriage return, surrogates, U+FFFE and U+FFFF.
_ILLEGAL_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SEGTYPES = ("block", "paragraph", "sentence", "phrase")


def xml_escape(text: str, *, attribute: bool = False) -> str:
    """Escape ``text`` for XML content (or a double-quoted attribute), dropping the
    characters XML 1.0 cannot hold (a null byte, other control characters)."""
    text = _ILLEGAL_XML.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attribute:
        for ch, ref in (('"', "&quot;"), ("\t", "&#9;"), ("\n", "&#10;"), ("\r", "&#13;")):
            text = text.replace(ch, ref)
    else:
        text = text.replace("\r", "&#13;")  # a parser would turn a bare CR into LF
    return text


def tmx_lang(code: str) -> str:
    """A language code as TMX writes it (RFC 4646 case: ``zh-cn`` becomes ``zh-CN``)."""
    parts = code.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for p in parts[1:]:
        out.append(p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p)
    return "-".join(out)


def to_tmx(
    pairs: Sequence[tuple[str, str]],
    src_lang: str,
    tgt_lang: str,
    *,
    segtype: str = "sentence",
    scores: Sequence[float | None] | None = None,
    notes: Sequence[str | None] | None = None,
    datatype: str = "plaintext",
    adminlang: str = "en",
) -> str:
    """A TMX 1.4 document with one ``tu`` per pair of source and target text.

    Pairs with an empty side are left out: a unit in one language only has nothing
    for a translation memory. ``scores`` (the alignment similarity, as a
    ``<prop type="x-score">``) and ``notes`` (a ``<note>``) go with the pair at the
    same index; ``None`` entries are omitted.
    """
    if segtype not in SEGTYPES:
        raise ValueError(f"segtype must be one of {', '.join(SEGTYPES)}, not {segtype!r}")
    src, tgt = tmx_lang(src_lang), tmx_lang(tgt_lang)

    def attr(v: str) -> str:
        return xml_escape(v, attribute=True)

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4">',
        f'  <header creationtool="aligner" creationtoolversion="{attr(__version__)}" '
        f'segtype="{attr(segtype)}" o-tmf="aligner" adminlang="{attr(tmx_lang(adminlang))}" '
        f'srclang="{attr(src)}" datatype="{attr(datatype)}"/>',
        "  <body>",
    ]
    for k, (a, b) in enumerate(pairs):
        if not (a.strip() and b.strip()):
            continue
        out.append("    <tu>")
        note = notes[k] if notes is not None else None
        if note:
            out.append(f"      <note>{xml_escape(note)}</note>")
        score = scores[k] if scores is not None else None
        if score is not None:
            out.append(f'      <prop type="x-score">{float(score):.4f}</prop>')
        for lang, text in ((src, a), (tgt, b)):
            out.append(f'      <tuv xml:lang="{attr(lang)}"><seg>{xml_escape(text)}</seg></tuv>')
        out.append("    </tu>")
    out += ["  </body>", "</tmx>"]
    return "\n".join(out) + "\n"


def compare_tmx(result: CompareResult) -> str:
    """One ``tu`` per sentence bead that has both sides, with its similarity and, as a
    note, the types of the findings that touch it."""
    rows = [r for r in bead_rows(result) if r.source and r.target]
    return to_tmx(
        [(r.source, r.target) for r in rows],
        result.source.lang,
        result.target.lang,
        segtype="sentence",
        scores=[r.score for r in rows],
        notes=[f"findings: {', '.join(r.findings)}" if r.findings else None for r in rows],
    )
