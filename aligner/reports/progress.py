"""Progress for long work, drawn on stderr only when stderr is a terminal.

Piped or redirected, nothing is written: a script reading stderr sees only the
warnings it asked for. The bar is transient: it disappears when the work is done.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

__all__ = ["progress", "stderr_console", "working"]

T = TypeVar("T")


def stderr_console() -> Any:
    """A rich console on stderr (it knows whether stderr is a terminal)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def progress(
    items: Iterable[T],
    total: int | None = None,
    description: str = "Working",
    *,
    console: Any = None,
) -> Iterator[T]:
    """Yield ``items`` unchanged, showing a progress bar on stderr when it is a terminal.

    ``total`` is the number of items (taken from ``len(items)`` when it has one);
    ``console`` replaces the stderr console (tests pass one that is a terminal).
    """
    console = console if console is not None else stderr_console()
    if not console.is_terminal:
        yield from items
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        yield from bar.track(items, total=total, description=description)


@contextlib.contextmanager
def working(description: str, *, console: Any = None) -> Iterator[None]:
    """A spinner with ``description`` on stderr while the block runs (terminal only)."""
    console = console if console is not None else stderr_console()
    if not console.is_terminal:
        yield
        return
    with console.status(description):
        yield
