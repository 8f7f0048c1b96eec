"""The ``tool`` block every JSON result carries, so a report can be reproduced."""

from __future__ import annotations

from typing import Any

from . import __version__


def tool_info(encoder: str | None = None, parameters: Any = None, **extra: Any) -> dict[str, Any]:
    """``{"name", "version"[, "encoder"][, extra...][, "parameters"]}`` for a result."""
    out: dict[str, Any] = {"name": "aligner", "version": __version__}
    if encoder is not None:
        out["encoder"] = encoder
    out.update(extra)
    if parameters is not None:
        out["parameters"] = parameters
    return out
