"""Renderers: one function per output format, each returning a string."""

from .json import to_json
from .text import compare_text, detect_text

__all__ = ["compare_text", "detect_text", "to_json"]
