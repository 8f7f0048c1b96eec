"""Nearest neighbours among unit vectors, and the margin score built on them.

Exact search multiplies blocks of rows against the whole matrix (numpy), so memory
stays at ``block x n`` whatever the corpus size. The vectors may be stored as
float16 (half the memory); each block is multiplied in float32. Beyond :data:`EXACT_LIMIT` vectors
an approximate index (usearch HNSW, the ``ann`` extra) is used when installed; its
candidates are re-scored exactly, so every similarity reported is a true cosine.
Ties are broken by index, so results never depend on the order of work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "DISTRIBUTE_FROM",
    "EXACT_LIMIT",
    "Neighbours",
    "ann_available",
    "exact_rows",
    "nearest",
    "nearest_among",
    "ratio_margin",
    "rows_among",
]

#: Up to this many vectors, search is exact (about 2 x 10^11 multiply-adds at 512
#: dimensions, some seconds on two cores); beyond it, approximate when usearch is there.
EXACT_LIMIT = 20_000
_BLOCK = 1024
#: Similarities held at once by exact search (16 MB of float32): fewer rows per
#: block as the matrix grows, so search memory does not grow with n x n.
_SIMS_BUDGET = 1 << 22
#: Rows of the matrix turned into float32 at a time.
_TILE = 8192
#: From this many vectors, exact search runs on the engine's workers when it has any.
DISTRIBUTE_FROM = 8192


@dataclass(frozen=True)
class Neighbours:
    """The ``k`` nearest rows of each row: ``index`` (``-1`` pads missing ones) and
    ``similarity`` (cosine, ``-inf`` where padded), best first."""

    index: np.ndarray
    similarity: np.ndarray
    method: str

    def mean_similarity(self) -> np.ndarray:
        """Mean cosine to each row's neighbours (0 for a row with none)."""
        valid = self.index >= 0
        sims = np.where(valid, self.similarity, 0.0)
        count = valid.sum(axis=1)
        return np.divide(sims.sum(axis=1), count, out=np.zeros(len(count)), where=count > 0)


def ann_available() -> bool:
    try:
        import usearch.index  # noqa: F401
    except ImportError:
        return False
    return True


def _sorted_topk(sims: np.ndarray, cols: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the ``k`` best finite values of ``sims`` (ties by smaller column), best
    first, with their columns (``cols``: one array for all rows, or one per row).
    All rows at once: every value at or above a bound on each row's k-th value is
    sorted by row, value and column, so a tie at the cut is never split
    arbitrarily."""
    n, m = sims.shape
    idx = np.full((n, k), -1, dtype=np.int64)
    out = np.full((n, k), -np.inf, dtype=np.float32)
    if n == 0 or m == 0 or k == 0:
        return idx, out
    # A bound at or below each row's k-th value, from the maxima of column chunks:
    # the k largest chunk maxima are k values at or above it. Only values at or
    # above the bound are sorted, usually a few per row.
    chunks = min(m, 4 * k)
    starts = np.linspace(0, m, chunks, endpoint=False).astype(np.int64)
    maxima = np.maximum.reduceat(sims, starts, axis=1)
    kk = min(k, chunks)
    bound = -np.partition(-maxima, kk - 1, axis=1)[:, kk - 1]
    r, c = np.nonzero((sims >= bound[:, None]) & np.isfinite(sims))
    s = sims[r, c]
    col = cols[c] if cols.ndim == 1 else cols[r, c]
    order = np.lexsort((col, -s, r))
    r, col, s = r[order], col[order], s[order]
    rank = np.arange(len(r)) - np.searchsorted(r, np.arange(n))[r]
    keep = rank < k
    idx[r[keep], rank[keep]] = col[keep]
    out[r[keep], rank[keep]] = s[keep]
    return idx, out


#: Up to this many bytes, exact search turns the whole matrix into float32 once
#: instead of once per block of rows.
_FLOAT32_COPY = 1 << 30


def _float32_whole(vectors: np.ndarray) -> np.ndarray | None:
    """``vectors`` in float32 when that copy fits :data:`_FLOAT32_COPY`, else ``None``
    (the caller converts the rows it multiplies as it goes)."""
    return vectors.astype(np.float32, copy=False) if vectors.size * 4 <= _FLOAT32_COPY else None


def _exact(
    vectors: np.ndarray, k: int, owners: np.ndarray | None, engine: Any = None
) -> tuple[np.ndarray, np.ndarray]:
    n = len(vectors)
    block = max(64, min(_BLOCK, _SIMS_BUDGET // max(n, 1)))
    spans = [(r0, min(n, r0 + block)) for r0 in range(0, n, block)]
    if engine is not None and not engine.local and n >= DISTRIBUTE_FROM:
        # Row blocks as tasks, one per worker: every task gets a copy of all the
        # vectors, and the driver holds the copies of the tasks in flight.
        tasks = max(1, _workers(engine))
        per = -(-len(spans) // tasks)
        groups = [spans[i : i + per] for i in range(0, len(spans), per)]
        parts = engine.map(exact_rows, groups, vectors=vectors, k=k, owners=owners)
    else:
        parts = [exact_rows(spans, vectors=vectors, k=k, owners=owners)]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _workers(engine: Any) -> int:
    return int(getattr(engine, "workers", None) or 2)


def exact_rows(
    spans: list[tuple[int, int]], *, vectors: np.ndarray, k: int, owners: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """The exact ``k`` nearest other rows for the rows in ``spans`` (a task)."""
    n = len(vectors)
    cols = np.arange(n)
    whole = _float32_whole(vectors)
    idx_parts = [np.zeros((0, k), np.int64)]
    sim_parts = [np.zeros((0, k), np.float32)]
    for r0, r1 in spans:
        if whole is not None:
            sims = whole[r0:r1] @ whole.T
        else:
            rows = vectors[r0:r1].astype(np.float32)
            sims = np.empty((r1 - r0, n), dtype=np.float32)
            for c0 in range(0, n, _TILE):
                c1 = min(n, c0 + _TILE)
                tile = vectors[c0:c1].astype(np.float32, copy=False)
                np.matmul(rows, tile.T, out=sims[:, c0:c1])
        sims[np.arange(r1 - r0), np.arange(r0, r1)] = -np.inf
        if owners is not None:
            sims[owners[r0:r1, None] == owners[None, :]] = -np.inf
        i, s = _sorted_topk(sims, cols, k)
        idx_parts.append(i)
        sim_parts.append(s)
    return np.concatenate(idx_parts), np.concatenate(sim_parts)


def _approximate(
    vectors: np.ndarray, k: int, owners: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    from usearch.index import Index

    n, dim = vectors.shape
    index = Index(
        ndim=dim, metric="ip", dtype="f32", connectivity=16, expansion_add=128, expansion_search=128
    )
    # One thread: the graph, and so the candidates, are the same on every run.
    index.add(np.arange(n, dtype=np.uint64), vectors.astype(np.float32), threads=1)
    extra = 1 + (32 if owners is not None else 0)  # room for self and same-owner hits
    idx_parts, sim_parts = [], []
    for r0 in range(0, n, _BLOCK):
        r1 = min(n, r0 + _BLOCK)
        found = index.search(vectors[r0:r1].astype(np.float32), min(n, k + extra), threads=1)
        keys = np.asarray(found.keys).astype(np.int64)
        keys[(keys < 0) | (keys >= n)] = -1
        rows = np.arange(r0, r1)[:, None]
        safe = np.where(keys >= 0, keys, 0)
        sims = np.einsum(
            "ij,ikj->ik", vectors[r0:r1].astype(np.float32), vectors[safe].astype(np.float32)
        ).astype(np.float32)
        bad = (keys < 0) | (keys == rows)
        if owners is not None:
            bad |= owners[safe] == owners[r0:r1, None]
        sims[bad] = -np.inf
        i, s = _sorted_topk(sims, safe, k)
        idx_parts.append(i)
        sim_parts.append(s)
    return np.concatenate(idx_parts), np.concatenate(sim_parts)


def nearest(
    vectors: np.ndarray,
    k: int,
    *,
    owners: np.ndarray | None = None,
    exact_limit: int = EXACT_LIMIT,
    engine: Any = None,
) -> Neighbours:
    """The ``k`` nearest other rows of each row of ``vectors`` (unit rows, cosine).

    ``vectors`` may be float16 or float32; similarities are computed in float32.
    ``owners`` (one label per row) excludes rows with the same label, e.g. the other
    paragraphs of a paragraph's own document. With an ``engine`` whose work runs
    elsewhere (:mod:`aligner.engines`), exact search of :data:`DISTRIBUTE_FROM` rows
    or more is split into blocks of rows run as its tasks; the answer is the same.
    """
    if vectors.dtype not in (np.float16, np.float32):
        vectors = vectors.astype(np.float32)
    n = len(vectors)
    if n == 0 or k <= 0:
        return Neighbours(np.zeros((n, 0), np.int64), np.zeros((n, 0), np.float32), "exact")
    k = min(k, n - 1) if n > 1 else 1
    if n > exact_limit and ann_available():
        idx, sims = _approximate(vectors, k, owners)
        return Neighbours(idx, sims, "usearch")
    idx, sims = _exact(vectors, k, owners, engine)
    return Neighbours(idx, sims, "exact")


def nearest_among(
    vectors: np.ndarray,
    k: int,
    owners: np.ndarray,
    near: Sequence[np.ndarray],
    engine: Any = None,
) -> Neighbours:
    """The ``k`` nearest rows of each row among the rows of its owner's neighbours.

    ``owners`` labels each row (a paragraph's document); ``near[o]`` lists the owners
    whose rows the rows of ``o`` are compared with (``o`` itself and ``-1`` are
    skipped). Exact within that scope (ties by index), and linear in the number of
    rows for a bounded number of neighbours: each document's paragraphs meet only
    the paragraphs of its neighbouring documents instead of the whole corpus's.
    With an ``engine`` whose work runs elsewhere, ranges of owners are its tasks
    from :data:`DISTRIBUTE_FROM` rows on; the answer is the same.
    """
    n = len(vectors)
    idx = np.full((n, k), -1, dtype=np.int64)
    sims = np.full((n, k), -np.inf, dtype=np.float32)
    if engine is not None and not engine.local and n >= DISTRIBUTE_FROM:
        per = max(1, -(-len(near) // _workers(engine)))  # one range per worker
        items = [(o0, list(near[o0 : o0 + per])) for o0 in range(0, len(near), per)]
        parts = engine.map(rows_among, items, vectors=vectors, k=k, owners=owners)
    else:
        parts = [rows_among((0, list(near)), vectors=vectors, k=k, owners=owners)]
    for rows, i, v in parts:
        idx[rows], sims[rows] = i, v
    return Neighbours(idx, sims, "neighbourhood")


def rows_among(
    item: tuple[int, Sequence[np.ndarray]], *, vectors: np.ndarray, k: int, owners: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`nearest_among` for the owners ``first, first + 1, ...`` whose neighbour
    lists ``item`` holds (a task): their rows, and each row's neighbours and cosines."""
    first, near = item
    order = np.argsort(owners, kind="stable")
    starts = np.searchsorted(owners[order], np.arange(int(owners.max(initial=-1)) + 2))
    sizes = np.diff(starts)
    whole = _float32_whole(vectors)

    def rows_of(group: np.ndarray) -> np.ndarray:
        """The rows of the owners in ``group``, in index order."""
        lens = sizes[group]
        at = np.repeat(starts[group] - np.cumsum(lens) + lens, lens)
        return np.sort(order[at + np.arange(int(lens.sum()))])

    out_rows, out_idx, out_sims = [np.zeros(0, np.int64)], [], []
    for o, others in enumerate(near, first):
        if o + 1 >= len(starts):
            continue  # an owner without rows
        rows = order[starts[o] : starts[o + 1]]
        others = np.asarray(others, dtype=np.int64)
        others = others[(others >= 0) & (others != o) & (others < len(sizes))]
        if not len(rows) or not len(others):
            continue
        cols = rows_of(others)
        if not len(cols):
            continue
        if whole is not None:
            block = whole[rows] @ whole[cols].T
        else:
            block = vectors[rows].astype(np.float32) @ vectors[cols].astype(np.float32).T
        # every column sorted by (similarity, index): small blocks, no partition needed
        best = np.lexsort((np.broadcast_to(cols, block.shape), -block), axis=-1)[:, :k]
        got = np.take_along_axis(block, best, axis=1)
        i = np.full((len(rows), k), -1, dtype=np.int64)
        v = np.full((len(rows), k), -np.inf, dtype=np.float32)
        m = best.shape[1]
        i[:, :m] = np.where(np.isfinite(got), cols[best], -1)
        v[:, :m] = got
        out_rows.append(rows)
        out_idx.append(i)
        out_sims.append(v)
    if len(out_idx) == 0:
        return out_rows[0], np.zeros((0, k), np.int64), np.zeros((0, k), np.float32)
    return np.concatenate(out_rows), np.concatenate(out_idx), np.concatenate(out_sims)


def ratio_margin(similarity: float, mean_a: float, mean_b: float) -> float:
    """Similarity relative to both sides' typical neighbour similarity.

    The ratio margin of Artetxe & Schwenk (2019, "Margin-based parallel corpus
    mining"): a pair stands out only if it is closer than either side usually is
    to its nearest neighbours, so a topic's many articles do not all pair up.
    """
    denom = (mean_a + mean_b) / 2
    return float(similarity / denom) if denom > 0 else float("inf")
