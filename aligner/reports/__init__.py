"""Renderers: one function per output format, each returning a string.

Each renderer's module is imported when the renderer is first asked for, so a
command pays only for the formats it writes.
"""

from importlib import import_module
from typing import Any

# light, and ``progress`` is also the name of its module: bound here, the name is the
# function however the module is imported later
from .progress import progress, working

# renderer -> its module
_RENDERERS = {
    "compare_html": "html",
    "html_iframe": "html",
    "to_json": "json",
    "compare_summary": "text",
    "compare_text": "text",
    "detect_text": "text",
    "stdout_has_colour": "text",
    "compare_tmx": "tmx",
    "to_tmx": "tmx",
    "compare_tsv": "tsv",
    "to_tsv": "tsv",
}

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
        if quiet:
            return __getattr__("compare_summary")(result)
        return __getattr__("compare_text")(result, colour=colour)
    if fmt == "json":
        return __getattr__("to_json")(result.to_dict())
    if fmt not in COMPARE_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(COMPARE_FORMATS)}")
    return __getattr__(f"compare_{fmt}")(result)


def __getattr__(name: str) -> Any:
    module = _RENDERERS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
