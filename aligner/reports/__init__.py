"""Renderers: one function per output format, each returning a string."""

from .html import compare_html, html_iframe
from .json import to_json
from .progress import progress, working
from .text import compare_summary, compare_text, detect_text, stdout_has_colour
from .tmx import compare_tmx, to_tmx
from .tsv import compare_tsv, to_tsv

__all__ = [
    "COMPARE_FORMATS",
    "compare_html",
    "compare_summary",
    "compare_text",
    "compare_tmx",
    "compare_tsv",
    "detect_text",
    "html_iframe",
    "progress",
    "render_compare",
    "stdout_has_colour",
    "to_json",
    "to_tmx",
    "to_tsv",
    "working",
]

#: Output formats of a compare, in the order ``--format`` lists them.
COMPARE_FORMATS = ("text", "json", "html", "tmx", "tsv")


def render_compare(result, fmt: str, *, colour: bool = False, quiet: bool = False) -> str:
    """Render a :class:`~aligner.compare.CompareResult` in one of ``COMPARE_FORMATS``.

    ``colour`` and ``quiet`` (only the summary line) apply to ``text``.
    """
    if fmt == "text":
        return compare_summary(result) if quiet else compare_text(result, colour=colour)
    if fmt == "json":
        return to_json(result.to_dict())
    renderers = {"html": compare_html, "tmx": compare_tmx, "tsv": compare_tsv}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(COMPARE_FORMATS)}")
    return renderers[fmt](result)
