"""Scan throughput against the encoder's own throughput, at growing corpus sizes.

A corpus of N documents is built from real sentences (the Text+Berg German-French
dev set and the seed articles), shuffled into short articles of three paragraphs
of two sentences:

    translation   a German article cut along the gold alignment, and its French side
    duplicate     a same-language copy with one sentence dropped and a line added
    distinct      sentences drawn at random (every paragraph new)

About 10% of the documents are in each of the first two kinds. The corpus is
written to a JSON Lines file and scanned from there, as ``aligner scan`` does. Each
size runs in its own process (so peak memory is that size's), with no embedding or
analysis cache, and reports documents/s, characters/s, peak resident memory, and
the raw encoder throughput measured in the same process: the bare model (loaded,
no cache) encoding the very paragraphs the scan encodes, in the scan's partitions
(one call per 64 documents), for the first 1,000 documents (``--raw-docs``), once
before and once after the scan; the mean of the two is the baseline.

    python benchmarks/scale_bench.py                      # N = 1000 and 4000
    python benchmarks/scale_bench.py --sizes 1000 4000 16000 --json
    python benchmarks/scale_bench.py --engine dask --workers 2

The data is GPL: it is read from --data, never copied into the repository.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data" / "textberg-dev"
ADDED = ["Aktualisierte Fassung", "Version mise à jour", "Aus unserem Archiv"]


def _detok(s: str) -> str:
    s = re.sub(r"\s+([,.;:!?%)\]])", r"\1", s.strip())
    s = re.sub(r"([(\[])\s+", r"\1", s)
    return re.sub(r"\b([dlnjstcmqu]|qu)' ", r"\1'", s, flags=re.I)


def _ladder(path: Path) -> list[tuple[list[int], list[int]]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            left, right = line.split(":")[:2]
            out.append((json.loads(left), json.loads(right)))
    return out


def build_corpus(n: int, data: Path, seed: int = 0) -> tuple[list, set, set]:
    """``n`` records, the known translation pairs and the known duplicate pairs."""
    from aligner.corpus import Record

    rng = random.Random(seed)
    de = [_detok(x) for x in (data / "dev.de").read_text("utf-8").splitlines()]
    fr = [_detok(x) for x in (data / "dev.fr").read_text("utf-8").splitlines()]
    beads = [(s, t) for s, t in _ladder(data / "dev.defr") if s and t]
    pool = [s for s in de + fr if len(s) > 30]
    for seed_file in sorted((ROOT / "seeds").glob("*.txt")):
        text = seed_file.read_text("utf-8")
        pool += [s for s in re.split(r"(?<=[.!?。])\s+", text) if len(s) > 30]

    def distinct() -> list[str]:
        return [" ".join(rng.sample(pool, 2)) for _ in range(3)]

    records: list = []
    translations: set = set()
    duplicates: set = set()
    k = 0
    while len(records) < n:
        kind = rng.random()
        if kind < 0.05 and len(records) + 2 <= n:
            start = rng.randrange(0, len(beads) - 6)
            chunk = beads[start : start + 6]
            pd = [" ".join(de[i] for s, _ in chunk[j : j + 2] for i in s) for j in (0, 2, 4)]
            pf = [" ".join(fr[i] for _, t in chunk[j : j + 2] for i in t) for j in (0, 2, 4)]
            # A distinct twist, so two draws of the same beads are not duplicates
            # of each other: each article gets its own last paragraph.
            extra = " ".join(rng.sample(pool, 2))
            a, b = f"t{k}-de", f"t{k}-fr"
            records.append(Record(a, "\n\n".join([*pd, extra]) + "\n", "de"))
            records.append(Record(b, "\n\n".join([*pf, extra]) + "\n", "fr"))
            translations.add((a, b))
        elif kind < 0.10 and len(records) + 2 <= n:
            paras = distinct()
            copy = list(paras)
            copy[1] = copy[1].split(". ", 1)[-1]
            a, b = f"d{k}", f"d{k}-copy"
            records.append(Record(a, "\n\n".join(paras) + "\n"))
            records.append(Record(b, "\n\n".join([rng.choice(ADDED), *copy]) + "\n"))
            duplicates.add((a, b))
        else:
            records.append(Record(f"x{k}", "\n\n".join(distinct()) + "\n"))
        k += 1
    return records, translations, duplicates


class _StepLog(logging.Handler):
    """Collects the scan's step times from the ``aligner.corpus`` log."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seconds: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("scan step"):
            self.seconds[record.args[0]] = round(record.args[1], 2)


class TimedEncoder:
    """Wraps the model and adds up the seconds spent inside it."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name, self.dimension = inner.name, inner.dimension
        self.languages, self.identity = inner.languages, inner.identity
        self.seconds = 0.0
        self.characters = 0

    def encode(self, texts):
        t = time.perf_counter()
        out = self.inner.encode(texts)
        self.seconds += time.perf_counter() - t
        self.characters += sum(map(len, texts))
        return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _raw_encoder_rate(texts_by_partition: list[list[str]], blas_threads: int | None) -> tuple:
    """Characters per second (wall, CPU) of the bare model on these partitions, with
    ``blas_threads`` BLAS threads (``None``: the library's default)."""
    import contextlib

    from threadpoolctl import threadpool_limits

    from aligner.encoders import USEEncoder

    raw = USEEncoder()
    raw.encode(["warm up"])
    chars = sum(len(t) for part in texts_by_partition for t in part)
    limit = threadpool_limits(blas_threads, user_api="blas") if blas_threads else None
    with limit or contextlib.nullcontext():
        t, c = time.perf_counter(), time.process_time()
        for part in texts_by_partition:
            raw.encode(part)
        wall, cpu = time.perf_counter() - t, time.process_time() - c
    return chars / wall, chars / cpu


def run_one(n: int, data: Path, engine_name: str, workers: int | None, raw_docs: int) -> dict:
    import tempfile

    from aligner.corpus import ScanOptions, scan_corpus
    from aligner.documents import split_paragraphs
    from aligner.encoders import CachedEncoder, USEEncoder
    from aligner.engines import open_engine

    records, translations, duplicates = build_corpus(n, data)
    chars = sum(len(r.text) for r in records)
    opts = ScanOptions()
    tmp = tempfile.TemporaryDirectory()
    path = Path(tmp.name) / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps({"id": r.id, "text": r.text, "lang": r.lang}) + "\n")

    # Raw encoder: the very paragraphs the scan encodes, in the scan's partitions (one
    # encoder call per batch_size documents), model loaded, no cache, for the first
    # raw_docs documents; with the default BLAS threads and with one (as the scan
    # runs it), each before and after the scan. The faster setting is the baseline.
    sample = [
        [
            r.text[p.start : p.end]
            for r in records[i : i + opts.batch_size]
            for p in split_paragraphs(r.text)
        ]
        for i in range(0, min(n, raw_docs), opts.batch_size)
    ]
    del records
    settings = {"default": None, "one": 1}
    raw = {k: [_raw_encoder_rate(sample, v)] for k, v in settings.items()}

    base_rss = _rss_mb()
    # No disk cache: every paragraph is encoded. Worker processes build the bundled
    # encoder themselves (inside the timed scan), so the model's own time is only
    # counted in this process; their CPU time is (local workers only: they are this
    # process's children, counted once the pool has shut down).
    timed = TimedEncoder(USEEncoder())
    enc = CachedEncoder(timed if engine_name == "local" else USEEncoder(), None)
    enc.encode(["warm up"])
    timed.seconds = timed.characters = 0
    steps = _StepLog()
    logging.getLogger("aligner.corpus").addHandler(steps)
    logging.getLogger("aligner.corpus").setLevel(logging.DEBUG)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    c = time.process_time()
    with open_engine(engine_name, workers=workers) as engine:
        t = time.perf_counter()
        result = scan_corpus(path, enc, opts, engine=engine)
        scan_s = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    scan_cpu = time.process_time() - c
    if engine_name == "processes":
        scan_cpu += (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    peak = _rss_mb()
    for k, v in settings.items():
        raw[k].append(_raw_encoder_rate(sample, v))
    mean = {k: (sum(x[0] for x in r) / 2, sum(x[1] for x in r) / 2) for k, r in raw.items()}
    best = max(mean, key=lambda k: mean[k][0])
    raw_cps, raw_cpu_cps = mean[best]
    found = {(p.a, p.b): p.kind for p in result.pairs}
    paragraphs = sum(d.paragraph_count for d in result.documents)
    tmp.cleanup()
    return {
        "documents": n,
        "characters": chars,
        "paragraphs": paragraphs,
        "engine": engine_name,
        "scan_seconds": round(scan_s, 2),
        "documents_per_second": round(n / scan_s, 1),
        "characters_per_second": round(chars / scan_s),
        "raw_encoder_characters_per_second": round(raw_cps),
        "raw_encoder_blas_threads": best,
        "raw_encoder_samples": {k: [round(x[0]) for x in r] for k, r in raw.items()},
        "scan_over_raw": round(chars / scan_s / raw_cps, 3),
        # The same ratio in CPU seconds of this process and its worker processes
        # (Dask workers' CPU time is not counted).
        "scan_over_raw_cpu": (
            round(chars / scan_cpu / raw_cpu_cps, 3) if engine_name != "dask" else None
        ),
        # Inside the same scan: the share of the wall time spent in the model.
        "encoder_seconds_in_scan": round(timed.seconds, 2),
        # wall seconds of each step of the scan (aligner.corpus logs them)
        "steps": steps.seconds,
        "encoder_share_of_scan": (
            round(timed.seconds / scan_s, 3) if engine_name == "local" else None
        ),
        "peak_rss_mb": round(peak, 1),
        # the largest worker process (local worker processes only)
        "worker_peak_rss_mb": (
            round(after.ru_maxrss / 1024, 1) if engine_name == "processes" else None
        ),
        "rss_growth_mb": round(peak - base_rss, 1),
        "vectors_mb_float16": round(paragraphs * 512 * 2 / 2**20, 1),
        "pairs": len(result.pairs),
        "translation_recall": round(
            sum(found.get(p) == "translation" for p in translations) / max(1, len(translations)),
            3,
        ),
        "duplicate_recall": round(
            sum(found.get(p) == "near_duplicate" for p in duplicates) / max(1, len(duplicates)),
            3,
        ),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--engine", choices=["local", "processes", "dask"], default="local")
    ap.add_argument("--workers", type=int)
    ap.add_argument(
        "--raw-docs",
        type=int,
        default=1000,
        help="documents whose paragraphs the raw encoder is timed on (default 1000)",
    )
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process
    args = ap.parse_args()
    if not (args.data / "dev.defr").is_file():
        sys.exit(f"{args.data}: no Text+Berg dev set here (dev.de, dev.fr, dev.defr); use --data")
    if args.one:
        print(json.dumps(run_one(args.one, args.data, args.engine, args.workers, args.raw_docs)))
        return
    rows = []
    for n in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(n), "--data", str(args.data)]
        cmd += ["--engine", args.engine, "--raw-docs", str(args.raw_docs)]
        cmd += ["--workers", str(args.workers)] if args.workers else []
        out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True).stdout
        row = json.loads(out.strip().splitlines()[-1])
        rows.append(row)
        if not args.json:
            print(
                f"N={n:>6}  {row['scan_seconds']:>8.1f} s"
                f"  {row['documents_per_second']:>7.1f} doc/s"
                f"  {row['characters_per_second']:>8} char/s  raw encoder "
                f"{row['raw_encoder_characters_per_second']:>8} char/s  scan/raw "
                f"{row['scan_over_raw']:.2f} (cpu {row['scan_over_raw_cpu'] or 0:.2f})"
                f"  encoder share {row['encoder_share_of_scan'] or 0:.2f}"
                f"  peak {row['peak_rss_mb']:.0f} MB (+{row['rss_growth_mb']:.0f} MB in the scan,"
                f" float16 vectors {row['vectors_mb_float16']:.0f} MB)"
                f"  recall tr {row['translation_recall']:.2f} dup {row['duplicate_recall']:.2f}",
                flush=True,
            )
    for a, b in itertools.pairwise(rows):
        ratio = b["scan_seconds"] / a["scan_seconds"]
        size = b["documents"] / a["documents"]
        if not args.json:
            print(f"time({b['documents']}) / time({a['documents']}) = {ratio:.2f} (x{size:.0f})")
    if args.json:
        print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
