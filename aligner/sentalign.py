"""Sentence alignment of a document and its translation with a multilingual encoder.

:func:`align_sentences` returns a monotone ladder of beads (1-0, 0-1 and m-n with
``m, n >= 1`` and ``m + n <= max_bead + 1``; ``max_bead`` defaults to 5, so up to 1-5,
2-4, 3-3, 4-2 and 5-1) covering every sentence of both sides exactly once.

Algorithm
---------
1. **Encoding.**  Every sentence and every window of up to ``max_bead`` consecutive
   sentences (joined with a space) is embedded once: through the encoder's window
   route when it has one (the bundled encoder runs each document through the model
   once and corrects each window at its two ends, see
   :meth:`aligner.encoders.USEEncoder.encode_windows`), else in a single ``encode``
   call with de-duplicated strings.
2. **Pass 1: anchors.**  A 1-1/1-0/0-1 dynamic programme over sentence embeddings,
   scored by *margin-normalised* cosine (cosine minus the mean of each side's k best
   candidates, which removes hubness: sentences that are similar to everything).
   Large documents are first aligned at coarser resolution (block-averaged
   embeddings) and refined inside a band around the projected path, so the work
   grows linearly with document length.
3. **Pass 2: beads.**  A banded DP around the pass-1 path with every bead shape.
   The gain of a bead is its window-to-window cosine minus the margin of both
   windows, minus a length prior ``len_w * log(L_tgt / (ratio * L_src))**2`` where
   ``ratio`` is the character-length ratio of the document pair.  Leaving a sentence
   unaligned gains ``skip``; "content-free" segments (no word of two letters and no
   number of two digits, e.g. OCR debris such as ``- _-``) gain ``skip_free``.
   The path maximises the *sum* of bead gains, which favours splitting into many
   good beads and merges only when the parts are poor matches on their own.
4. **Pass 3: lexical leakage.**  In a narrow band around the pass-2 path, each bead
   is penalised by the lexical links it cuts: tokens (numbers, 4-letter prefixes of
   words: names and cognates, accents stripped) shared by the bead's sentences
   and sentences of the *other* side in the neighbourhood, but not by the bead's
   own other side; weights are inverse document frequencies.  A split that separates
   a name from its translation is thus discouraged, which the encoder alone cannot see.
5. **Crossed beads.**  Two neighbouring m-n beads are merged when a word found
   identically on both sides (a name, a number) sits in one bead's source and the
   other bead's target and is explained by neither bead alone: part of a sentence
   was translated across the boundary, and reference alignments record one larger
   bead there.  On the Text+Berg dev set these crossings occur only at such beads.
   The merged bead may be larger than the DP's shapes (each side still at most
   ``max_bead``) when its windows match better than both beads' by ``cross_gain``.

Parameters (:data:`DEFAULT_PARAMS`) were set on the Text+Berg de-fr dev set and
checked on its two halves separately (see ``benchmarks/textberg_dev.py``); each
component's gain held on both halves.  The encoder is only called once; everything
after encoding is numpy, except the pass-3 token-set loop on the narrow band.

Bead scores: for an m-n bead, the cosine similarity of its two windows clipped to
[0, 1]; for a 1-0/0-1 bead, ``1 - best cosine of that sentence with any candidate
sentence of the other side in the band``, i.e. the confidence that it has no
counterpart.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from .alignment import Bead

__all__ = ["DEFAULT_PARAMS", "Bead", "align_sentences"]

_NEG = -1e30


DEFAULT_PARAMS: dict[str, float] = {
    # neighbourhood size of the margin (mean of the k best candidates)
    "margin_k": 4,
    # half-width (in sentences) of the pass-2 band around the pass-1 path
    "width": 16,
    # gain of leaving a sentence unaligned, and of leaving a content-free one unaligned
    "skip": -0.1,
    "skip_free": 0.0,
    # length prior: weight of the squared log length ratio, character smoothing
    "len_w": 0.2,
    "len_k": 20.0,
    # lexical leakage: weight, neighbourhood radius, cap, band half-width
    "leak_w": 0.06,
    "leak_r": 2,
    "leak_cap": 2.0,
    "leak_width": 2,
    # crossed content: merge two neighbouring beads whose names and numbers cross
    # the boundary with at least this total weight (0 turns the step off)
    "cross_min": 0.3,
    # ... where a word weighs 2 / (sentences containing it within this many of the beads)
    "cross_r": 25,
    # ... beyond the DP's shapes (m+n > max_bead+1, each side still <= max_bead) only
    # when the merged windows' cosine beats both beads' by this much
    "cross_gain": 0.03,
    # pass 1: skip gain, maximal number of DP cells before going coarse, block size
    "pass1_skip": -0.1,
    "pass1_cells": 2_500_000,
    "pass1_block": 4,
}


# ----------------------------------------------------------------------------- public


def align_sentences(
    src: Sequence[str],
    tgt: Sequence[str],
    encode: Callable[[list[str]], np.ndarray],
    *,
    max_bead: int = 5,
    windows: Callable[[list[str], int], dict[int, np.ndarray]] | None = None,
    **params: float,
) -> list[Bead]:
    """Align two lists of sentences.

    Args:
        src: source sentences.
        tgt: target sentences (a translation of ``src``).
        encode: maps a list of strings to an ``(n, d)`` array of sentence embeddings.
            It is called once, with de-duplicated strings: the sentences and the
            windows of up to ``max_bead`` consecutive sentences joined by a space.
        windows: optional faster route to the same vectors: ``windows(texts, a_max)``
            returns, for each size ``a <= a_max``, the embeddings of every window of
            ``a`` consecutive texts joined by a space (``encode_windows`` of the
            bundled encoder). ``encode`` is not called when it is given.
        max_bead: largest bead: m-n beads with ``m, n >= 1`` and ``m + n <= max_bead + 1``
            are allowed besides 1-0 and 0-1 (4: 1-1, 1-2, 2-1, 1-3, 2-2, 3-1, 1-4, 2-3,
            3-2, 4-1; the default 5 adds 1-5, 2-4, 3-3, 4-2, 5-1, which the OCR-split
            Text+Berg text needs: +0.9 strict F1 on its dev set).
        **params: overrides of :data:`DEFAULT_PARAMS`.

    Returns:
        beads in order; every sentence of both sides occurs in exactly one bead.
    """
    if max_bead < 1:
        raise ValueError("max_bead must be at least 1")
    p = dict(DEFAULT_PARAMS)
    unknown = set(params) - set(p)
    if unknown:
        raise TypeError(f"unknown parameters: {sorted(unknown)}")
    p.update(params)
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), (), 1.0) for i in range(n)] + [Bead((), (j,), 1.0) for j in range(m)]

    shapes = _shapes(max_bead)
    doc = _Doc(src, tgt, encode, shapes, windows)

    # pass 1: 1-1 anchors, coarse-to-fine
    path1 = _pass1(doc.Ws[1], doc.Wt[1], p)
    lo, hi = _band_from_path(path1, n, m, int(p["width"]))

    # pass 2: all shapes in the band
    gains, cos, best_s, best_t = _pass2_gains(doc, lo, hi, p)
    skip_s = np.where(doc.free_s, p["skip_free"], p["skip"])
    skip_t = np.where(doc.free_t, p["skip_free"], p["skip"])
    path = _banded_dp(n, m, lo, hi, gains, skip_s, skip_t)

    # pass 3: lexical leakage in a narrow band around the pass-2 path
    if p["leak_w"] > 0:
        nodes = np.array([(0, 0)] + [(i1, j1) for _, i1, _, j1 in path])
        lo3, hi3 = _band_from_path(nodes, n, m, int(p["leak_width"]))
        gains3 = _leak_gains(doc, gains, lo, hi, lo3, hi3, p)
        path = _banded_dp(n, m, lo3, hi3, gains3, skip_s, skip_t)

    # pass 4: merge neighbouring beads whose content crosses their boundary
    if p["cross_min"] > 0:
        path = _merge_crossed(
            src,
            tgt,
            path,
            set(shapes),
            float(p["cross_min"]),
            int(p["cross_r"]),
            doc.Ws,
            doc.Wt,
            float(p["cross_gain"]),
        )

    out = []
    for i0, i1, j0, j1 in path:
        a, b = i1 - i0, j1 - j0
        if a and b:
            # a crossed merge may be larger than the DP's shapes: its windows' cosine
            c = cos[(a, b)][i1, j1 - lo[i1]] if (a, b) in cos else doc.Ws[a][i0] @ doc.Wt[b][j0]
            score = float(np.clip(c, 0.0, 1.0))
        elif a:
            score = float(np.clip(1.0 - best_s[i0], 0.0, 1.0))
        else:
            score = float(np.clip(1.0 - best_t[j0], 0.0, 1.0))
        out.append(Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), score))
    return out


# ----------------------------------------------------------------------------- document


_NUM_RE = re.compile(r"\d+")
_WORD_RE = re.compile(r"[^\W\d_]{4,}")
_CONTENT_RE = re.compile(r"[^\W\d_]{2,}|\d{2,}")


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _tokens(s: str) -> frozenset[str]:
    """Tokens likely to survive translation: numbers and 4-letter word prefixes."""
    out = {w[:4] for w in _WORD_RE.findall(_strip_accents(s).lower())}
    out.update(str(int(x)) for x in _NUM_RE.findall(s))
    return frozenset(out)


def _shapes(max_bead: int) -> list[tuple[int, int]]:
    out = [(1, 1)]
    for total in range(3, max_bead + 2):
        out.extend((a, total - a) for a in range(1, total))
    return out


class _Doc:
    """Embeddings of all windows, lengths and tokens of one document pair."""

    def __init__(self, src, tgt, encode, shapes, windows=None):
        self.n, self.m = len(src), len(tgt)
        self.shapes = shapes
        self.max_a = max(a for a, _ in shapes)
        self.max_b = max(b for _, b in shapes)
        src_c = [s.strip() for s in src]
        tgt_c = [t.strip() for t in tgt]
        if windows is not None:
            self.Ws = _unit_windows(windows(src_c, self.max_a), self.max_a)
            self.Wt = _unit_windows(windows(tgt_c, self.max_b), self.max_b)
        else:
            self.Ws, self.Wt = _encoded_windows(src_c, tgt_c, encode, self.max_a, self.max_b)
        ls = np.array([len(x) for x in src_c], dtype=np.float64)
        lt = np.array([len(x) for x in tgt_c], dtype=np.float64)
        self.cls = np.concatenate([[0.0], np.cumsum(ls)])
        self.clt = np.concatenate([[0.0], np.cumsum(lt)])
        self.ratio = float(lt.sum() / ls.sum()) if ls.sum() > 0 and lt.sum() > 0 else 1.0
        self.free_s = np.array([not _CONTENT_RE.search(x) for x in src_c], dtype=bool)
        self.free_t = np.array([not _CONTENT_RE.search(x) for x in tgt_c], dtype=bool)
        self.tok_s = [_tokens(x) for x in src_c]
        self.tok_t = [_tokens(x) for x in tgt_c]


def _encoded_windows(src_c, tgt_c, encode, max_a, max_b):
    """Window embeddings (indexed by size, then start) of both sides, from one call to
    ``encode`` with de-duplicated strings."""
    win_s = {
        a: [" ".join(src_c[k : k + a]) for k in range(len(src_c) - a + 1)]
        for a in range(1, max_a + 1)
    }
    win_t = {
        b: [" ".join(tgt_c[k : k + b]) for k in range(len(tgt_c) - b + 1)]
        for b in range(1, max_b + 1)
    }
    index: dict[str, int] = {}
    for lst in (*win_s.values(), *win_t.values()):
        for s in lst:
            index.setdefault(s, len(index))
    E = np.asarray(encode(list(index)), dtype=np.float32)
    if E.ndim != 2 or len(E) != len(index):
        raise ValueError(f"encode returned shape {E.shape} for {len(index)} strings")
    E = E / np.maximum(np.linalg.norm(E, axis=1, keepdims=True), 1e-12)

    def pick(lst):
        return E[[index[s] for s in lst]] if lst else np.zeros((0, E.shape[1]), np.float32)

    return ({a: pick(lst) for a, lst in win_s.items()}, {b: pick(lst) for b, lst in win_t.items()})


def _unit_windows(vecs: dict[int, np.ndarray], max_size: int) -> dict[int, np.ndarray]:
    """Window embeddings from ``windows``: unit length, float32, an empty array for
    sizes longer than the document."""
    dim = next(iter(vecs.values())).shape[1]
    out = {}
    for a in range(1, max_size + 1):
        E = np.asarray(vecs.get(a, np.zeros((0, dim))), dtype=np.float32)
        out[a] = E / np.maximum(np.linalg.norm(E, axis=1, keepdims=True), 1e-12)
    return out


# ----------------------------------------------------------------------------- bands


def _sliding(x: np.ndarray, w: int, fn) -> np.ndarray:
    if w <= 0:
        return x.copy()
    xp = np.concatenate([np.full(w, x[0]), x, np.full(w, x[-1])])
    return fn(np.lib.stride_tricks.sliding_window_view(xp, 2 * w + 1), axis=1)


def _band_from_path(nodes: np.ndarray, n: int, m: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    """DP columns ``[lo[i], hi[i])`` of each row ``i`` within ``w`` of a monotone path.

    ``nodes`` is an array of ``(i, j)`` DP nodes (in any order, possibly sparse).
    """
    nodes = np.asarray(nodes, dtype=np.int64).reshape(-1, 2)
    nodes = np.vstack([nodes, [[0, 0], [n, m]]])
    pi, pj = nodes[:, 0], nodes[:, 1]
    order = np.lexsort((pj, pi))
    pi, pj = pi[order], pj[order]
    rows, first = np.unique(pi, return_index=True)
    last = np.r_[first[1:] - 1, len(pi) - 1]
    grid = np.arange(n + 1)
    jmin = np.interp(grid, rows, pj[first])
    jmax = np.interp(grid, rows, pj[last])
    lo = np.floor(_sliding(jmin, w, np.min)).astype(np.int64) - w
    hi = np.ceil(_sliding(jmax, w, np.max)).astype(np.int64) + w + 1
    lo = np.clip(lo, 0, m)
    hi = np.clip(hi, 1, m + 1)
    lo[0], hi[n] = 0, m + 1
    # monotone edges keep the band connected
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    return lo, hi


def _transpose_band(lo: np.ndarray, hi: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``[loT[j], hiT[j])`` whose band contains column ``j``."""
    cols = np.arange(m + 1)
    return np.searchsorted(hi, cols, side="right"), np.searchsorted(lo, cols, side="right")


# ----------------------------------------------------------------------------- DP


def _banded_dp(
    n: int,
    m: int,
    lo: np.ndarray,
    hi: np.ndarray,
    gains: dict[tuple[int, int], np.ndarray],
    skip_src: np.ndarray,
    skip_tgt: np.ndarray,
) -> list[tuple[int, int, int, int]]:
    """Maximum-gain monotone path from (0, 0) to (n, m) inside the band.

    ``gains[(a, b)][i, k]`` is the gain of the bead ``src[i-a:i]``-``tgt[j-b:j]`` with
    ``j = lo[i] + k`` (``-inf``-like where not allowed); ``skip_src[i]``/``skip_tgt[j]``
    the gain of leaving one sentence unaligned.  Rows are processed one at a time with
    numpy over the band; runs of 0-1 beads within a row use a running maximum.
    Returns the beads as half-open ``(i0, i1, j0, j1)`` ranges.
    """
    W = int((hi - lo).max())
    D = np.full((n + 1, W), _NEG)
    BP = np.full((n + 1, W), -1, dtype=np.int8)
    shapes = list(gains)
    code_del, code_ins = len(shapes), len(shapes) + 1
    cum_t = np.concatenate([[0.0], np.cumsum(skip_tgt)])
    lo_l, hi_l = lo.tolist(), hi.tolist()
    moves = [(code_del, 1, 0, None)] + [(s, a, b, gains[(a, b)]) for s, (a, b) in enumerate(shapes)]
    for i in range(n + 1):
        l0, h0 = lo_l[i], hi_l[i]
        w = h0 - l0
        cand = np.full(w, _NEG)
        bp = np.full(w, -1, dtype=np.int8)
        if i == 0:
            cand[0] = 0.0
        else:
            for code, a, b, g in moves:
                if i - a < 0:
                    continue
                lp, hp = lo_l[i - a], hi_l[i - a]
                ks = l0 - b - lp  # column in row i-a of the first cell of row i
                t0, t1 = max(0, -ks), min(w, hp - lp - ks)
                if t1 <= t0:
                    continue
                v = D[i - a, ks + t0 : ks + t1]
                v = v + (skip_src[i - 1] if g is None else g[i, t0:t1])
                seg = cand[t0:t1]
                better = v > seg
                seg[better] = v[better]
                bp[t0:t1][better] = code
        # 0-1 runs: D[j] = max_{k <= j} cand[k] + sum(skip_tgt[k:j])
        e = cand - cum_t[l0:h0]
        run = np.maximum.accumulate(e)
        bp[run > e] = code_ins
        D[i, :w] = run + cum_t[l0:h0]
        BP[i, :w] = bp
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        code = int(BP[i, j - lo[i]])
        if code == code_ins:
            a, b = 0, 1
        elif code == code_del:
            a, b = 1, 0
        elif code >= 0:
            a, b = shapes[code]
        else:  # pragma: no cover - the band always contains a path
            raise RuntimeError(f"no path through DP cell {(i, j)}")
        beads.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    beads.reverse()
    return beads


# ----------------------------------------------------------------------------- band scores


def _gather(
    Es: np.ndarray,
    Et: np.ndarray,
    a: int,
    b: int,
    lo: np.ndarray,
    hi: np.ndarray,
    W: int,
    chunk: int = 64,
) -> np.ndarray:
    """Cosine of src window ``[i-a, i)`` with tgt window ``[j-b, j)`` on the band.

    ``Es``/``Et`` hold window embeddings indexed by window start.  Result ``[i, k]``
    is for ``j = lo[i] + k``; NaN where the bead does not exist.  Computed by chunks
    of rows as dense products with the contiguous block of target windows they need.
    """
    n1 = len(lo)
    out = np.full((n1, W), np.nan)
    if len(Es) == 0 or len(Et) == 0:
        return out
    ar = np.arange(W)[None, :]
    for r0 in range(a, n1, chunk):
        rows = np.arange(r0, min(n1, r0 + chunk))
        starts = lo[rows, None] + ar - b
        ok = (starts >= 0) & (starts < len(Et)) & (starts + b < hi[rows, None])
        c0 = max(0, int(lo[rows[0]]) - b)
        c1 = min(len(Et), int(hi[rows].max()) - b)
        if c1 <= c0:
            continue
        block = Es[rows - a] @ Et[c0:c1].T
        idx = np.clip(starts - c0, 0, c1 - c0 - 1)
        sc = np.take_along_axis(block, idx, axis=1)
        out[rows] = np.where(ok, sc, np.nan)
    return out


def _topk_mean(c: np.ndarray, k: int) -> np.ndarray:
    """Mean of the ``k`` largest non-NaN entries of each row (0 for an empty row)."""
    filled = np.where(np.isnan(c), -np.inf, c)
    k = max(1, min(k, c.shape[1]))
    top = -np.partition(-filled, k - 1, axis=1)[:, :k]
    fin = np.isfinite(top)
    cnt = fin.sum(axis=1)
    return np.where(cnt > 0, np.where(fin, top, 0.0).sum(axis=1) / np.maximum(cnt, 1), 0.0)


def _block_mean(E: np.ndarray, f: int) -> np.ndarray:
    n = len(E)
    pad = (-n) % f
    X = np.concatenate([E, np.repeat(E[-1:], pad, axis=0)]) if pad else E
    X = X.reshape(-1, f, E.shape[1]).mean(axis=1)
    return X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)


def _pass1(Es: np.ndarray, Et: np.ndarray, p: dict) -> np.ndarray:
    """Nodes of a 1-1/1-0/0-1 path by margin-normalised cosine, coarse to fine."""
    n, m = len(Es), len(Et)
    if (n + 1) * (m + 1) <= p["pass1_cells"] or min(n, m) < 8:
        lo = np.zeros(n + 1, dtype=np.int64)
        hi = np.full(n + 1, m + 1, dtype=np.int64)
    else:
        f = int(p["pass1_block"])
        coarse = _pass1(_block_mean(Es, f), _block_mean(Et, f), p)
        nodes = np.minimum(coarse * f, [n, m])
        lo, hi = _band_from_path(nodes, n, m, 3 * f)
    W = int((hi - lo).max())
    k = int(p["margin_k"])
    c = _gather(Es, Et, 1, 1, lo, hi, W)
    loT, hiT = _transpose_band(lo, hi, m)
    r_s = _topk_mean(c, k)
    r_t = _topk_mean(_gather(Et, Es, 1, 1, loT, hiT, int((hiT - loT).max())), k)
    cols = np.clip(lo[:, None] + np.arange(W)[None, :], 0, m)
    g = np.nan_to_num(c - (r_s[:, None] + r_t[cols]) / 2, nan=_NEG)
    skip = float(p["pass1_skip"])
    path = _banded_dp(n, m, lo, hi, {(1, 1): g}, np.full(n, skip), np.full(m, skip))
    return np.array([(0, 0)] + [(i1, j1) for _, i1, _, j1 in path], dtype=np.int64)


def _pass2_gains(doc: _Doc, lo: np.ndarray, hi: np.ndarray, p: dict):
    """Bead gains of every shape on the band, the raw cosines and null-bead evidence."""
    n, m = doc.n, doc.m
    W = int((hi - lo).max())
    loT, hiT = _transpose_band(lo, hi, m)
    WT = int((hiT - loT).max())
    k = int(p["margin_k"])
    # k-NN similarity of every window with the single sentences of the other side
    r_src = {
        a: _topk_mean(_gather(doc.Ws[a], doc.Wt[1], a, 1, lo, hi, W), k)
        for a in range(1, doc.max_a + 1)
    }
    r_tgt = {
        b: _topk_mean(_gather(doc.Wt[b], doc.Ws[1], b, 1, loT, hiT, WT), k)
        for b in range(1, doc.max_b + 1)
    }
    rows = np.arange(n + 1)
    cols = np.clip(lo[:, None] + np.arange(W)[None, :], 0, m)
    gains, cos = {}, {}
    for a, b in doc.shapes:
        c = _gather(doc.Ws[a], doc.Wt[b], a, b, lo, hi, W)
        cos[(a, b)] = c
        g = c - (r_src[a][:, None] + r_tgt[b][cols]) / 2
        La = doc.cls[rows] - doc.cls[np.clip(rows - a, 0, n)]
        Lb = doc.clt[cols] - doc.clt[np.clip(cols - b, 0, m)]
        x = np.log((Lb + p["len_k"]) / (doc.ratio * La[:, None] + p["len_k"]))
        g = g - p["len_w"] * x * x
        gains[(a, b)] = np.nan_to_num(g, nan=_NEG)
    c11 = np.nan_to_num(cos[(1, 1)], nan=-1.0)
    best_s = c11[1:].max(axis=1)
    best_t = np.full(m + 1, -1.0)
    np.maximum.at(best_t, cols, c11)
    return gains, cos, best_s, best_t[1:]


def _leak_gains(doc: _Doc, gains, lo, hi, lo3, hi3, p: dict):
    """Pass-2 gains minus the weighted lexical links each bead cuts, on a narrow band.

    A link is a token (see :func:`_tokens`) found in the bead on one side and within
    ``leak_r`` sentences outside the bead on the other side, but not in the bead's
    own other side.  Its weight is ``2 / document frequency``; very frequent tokens
    (weight below 0.05) are ignored.
    """
    n = doc.n
    r = int(p["leak_r"])
    cap = float(p["leak_cap"])
    lam = float(p["leak_w"])
    df: Counter[str] = Counter()
    for ts in (*doc.tok_s, *doc.tok_t):
        df.update(ts)
    shared = {t for ts in doc.tok_s for t in ts} & {t for ts in doc.tok_t for t in ts}
    weight = {t: 2.0 / df[t] for t in shared if df[t] <= 40}
    tok_s = [ts & weight.keys() for ts in doc.tok_s]
    tok_t = [ts & weight.keys() for ts in doc.tok_t]

    def windows(toks, size):
        """(inside, around) token sets of the windows of ``size`` ending at each index."""
        out = [None] * (len(toks) + 1)
        for end in range(size, len(toks) + 1):
            inside = frozenset().union(*toks[end - size : end])
            around = frozenset().union(
                *toks[max(0, end - size - r) : end - size], *toks[end : end + r]
            )
            out[end] = (inside, around)
        return out

    win_s = {a: windows(tok_s, a) for a in range(1, doc.max_a + 1)}
    win_t = {b: windows(tok_t, b) for b in range(1, doc.max_b + 1)}
    W3 = int((hi3 - lo3).max())
    lo_l, hi_l, lo3_l, hi3_l = lo.tolist(), hi.tolist(), lo3.tolist(), hi3.tolist()
    out = {}
    for (a, b), g in gains.items():
        new = np.full((n + 1, W3), _NEG)
        ws, wt = win_s[a], win_t[b]
        for i in range(a, n + 1):
            j_lo = max(lo3_l[i], b, lo_l[i])
            j_hi = min(hi3_l[i], hi_l[i])
            if j_hi <= j_lo:
                continue
            S_in, S_out = ws[i]
            grow = g[i, j_lo - lo_l[i] : j_hi - lo_l[i]].tolist()
            vals = []
            for j, gv in zip(range(j_lo, j_hi), grow, strict=True):
                if gv <= _NEG / 2:
                    vals.append(_NEG)
                    continue
                T_in, T_out = wt[j]
                leak = 0.0
                if not S_in.isdisjoint(T_out):
                    for t in (S_in & T_out) - T_in:
                        leak += weight[t]
                if not T_in.isdisjoint(S_out):
                    for t in (T_in & S_out) - S_in:
                        leak += weight[t]
                vals.append(gv - lam * (leak if leak < cap else cap))
            new[i, j_lo - lo3_l[i] : j_hi - lo3_l[i]] = vals
        out[(a, b)] = new
    return out


def _words(s: str) -> frozenset[str]:
    """Whole words of 4+ letters (lower case, accents stripped) and numbers of ``s``."""
    out = set(_WORD_RE.findall(_strip_accents(s).lower()))
    out.update(str(int(x)) for x in _NUM_RE.findall(s))
    return frozenset(out)


def _merge_crossed(
    src: Sequence[str],
    tgt: Sequence[str],
    path: list[tuple[int, int, int, int]],
    shapes: set[tuple[int, int]],
    threshold: float,
    radius: int,
    Ws: dict[int, np.ndarray] | None = None,
    Wt: dict[int, np.ndarray] | None = None,
    gain: float = 0.0,
) -> list[tuple[int, int, int, int]]:
    """Merge neighbouring m-n beads ``x``, ``y`` whose names and numbers cross over.

    A word found on both sides of the document *crosses* the boundary of ``x`` and
    ``y`` when it is in ``x``'s source and ``y``'s target but in neither ``x``'s target
    nor ``y``'s source (or the mirror case): part of a sentence was translated on the
    other side of the boundary, which reference alignments record as one larger bead.
    Only identical words count (names, numbers, loanwords), not the 4-letter prefixes
    of the leakage pass: prefixes also match false friends (``Platz``/``plateau``).
    A word weighs ``2 / f`` where ``f`` is the number of sentences containing it
    within ``radius`` sentences of the two beads (both sides): a name that recurs all
    around is weak evidence, and a long document weighs the same as a short one.
    The beads are merged when the crossing words weigh at least ``threshold`` and the
    merged shape is one of ``shapes``, or is larger (each side at most the largest
    window of ``Ws``/``Wt``, the unit window embeddings indexed by size and start;
    without them only ``shapes``) and its windows' cosine beats both beads' by ``gain``:
    the DP's shape limit keeps it from building large beads out of weak evidence, but a
    crossing is direct evidence (a 2-5 bead whose 2-5 window pair matches at .75
    against .51 and .68 for its 1-1 and 1-4 parts).  Left to right, so a merged bead
    may absorb the next one.
    """
    w_s = [_words(x) for x in src]
    w_t = [_words(x) for x in tgt]
    shared = {w for ws in w_s for w in ws} & {w for ws in w_t for w in ws}
    pos_s: dict[str, list[int]] = {}
    pos_t: dict[str, list[int]] = {}
    for words, pos in ((w_s, pos_s), (w_t, pos_t)):
        for k, ws in enumerate(words):
            for w in ws & shared:
                pos.setdefault(w, []).append(k)

    def side(words, a, b):
        return frozenset().union(*words[a:b]) & shared

    def count(pos, a, b):
        return bisect.bisect_left(pos, b) - bisect.bisect_left(pos, a)

    def cosine(i0, i1, j0, j1):
        return float(Ws[i1 - i0][i0] @ Wt[j1 - j0][j0])

    def allowed(i0, i1, k1, j0, j1, l1):
        """Whether beads ``[i0, i1) x [j0, j1)`` and ``[i1, k1) x [j1, l1)`` may merge."""
        a, b = k1 - i0, l1 - j0
        if (a, b) in shapes:
            return True
        if Ws is None or Wt is None or len(Ws.get(a, ())) == 0 or len(Wt.get(b, ())) == 0:
            return False
        parts = max(cosine(i0, i1, j0, j1), cosine(i1, k1, j1, l1))
        return cosine(i0, k1, j0, l1) >= parts + gain

    out: list[tuple[int, int, int, int]] = []
    for bead in path:
        if out:
            i0, i1, j0, j1 = out[-1]
            _, k1, _, l1 = bead
            if i1 > i0 and j1 > j0 and k1 > i1 and l1 > j1:
                xs, xt = side(w_s, i0, i1), side(w_t, j0, j1)
                ys, yt = side(w_s, i1, k1), side(w_t, j1, l1)
                cross = ((xs & yt) - xt - ys) | ((ys & xt) - yt - xs)
                weight = sum(
                    2.0
                    / (
                        count(pos_s[w], i0 - radius, k1 + radius)
                        + count(pos_t[w], j0 - radius, l1 + radius)
                    )
                    for w in cross
                )
                if weight >= threshold and allowed(i0, i1, k1, j0, j1, l1):
                    out[-1] = (i0, k1, j0, l1)
                    continue
        out.append(bead)
    return out
