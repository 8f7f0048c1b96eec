"""Wall time and peak memory of ``aligner compare`` on the seed pair, in a new process.

    python benchmarks/compare_speed.py [--runs 7] [--format text|json] [--baseline DIR]
                                       [--source]

Each run is a fresh interpreter with ``--no-cache`` (no stored embeddings), so
imports, model loading, segmentation, language tagging, encoding, alignment and
checks are all counted. The package is timed as ``pip install .`` leaves it, byte-
compiled: each checkout's ``aligner`` folder is copied to a temporary folder and
compiled there (the checkout is not touched). ``--source`` times the checkout itself,
which an interpreter run with ``PYTHONDONTWRITEBYTECODE`` compiles anew in every
process. A bare interpreter that only imports numpy is timed the
same way as the baseline. ``--baseline DIR`` also times the code of another
checkout (``git worktree add DIR COMMIT``), its runs alternating with this one's,
and prints the ratio of the medians (wall and processor time), which a busy
machine disturbs less than the seconds themselves.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EN = ROOT / "seeds" / "000_dcad42be065f949c.txt"
NL = ROOT / "seeds" / "001_98ab83bc4f073aa9.txt"


def timed(cmd: list[str], root: Path = ROOT) -> tuple[float, float, float]:
    """Seconds, processor seconds and peak resident memory (MB) of one child process
    running the code of the checkout ``root``."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    # from inside the checkout: ``python -m`` puts the working folder first on the path
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env, cwd=root)
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu, max(after.ru_maxrss, before.ru_maxrss) / 1024


def compiled_copy(root: Path, into: Path) -> Path:
    """A byte-compiled copy of the checkout's package, as an installed one is."""
    shutil.copytree(
        root / "aligner", into / "aligner", ignore=shutil.ignore_patterns("__pycache__")
    )
    if not compileall.compile_dir(into / "aligner", quiet=1):
        sys.exit(f"compare_speed: could not byte-compile {root / 'aligner'}")
    return into


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--format", choices=("text", "json"), default="text")
    ap.add_argument("--baseline", metavar="DIR", help="a checkout of other code to compare with")
    ap.add_argument(
        "--source", action="store_true", help="time the checkouts as they are, not compiled copies"
    )
    args = ap.parse_args()
    compare = [sys.executable, "-m", "aligner", "compare", "--no-cache"]
    compare += ["--format", args.format, str(EN), str(NL)]
    trees = {"this": ROOT}
    if args.baseline:
        trees["baseline"] = Path(args.baseline).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.source:
            trees = {name: compiled_copy(root, Path(tmp) / name) for name, root in trees.items()}
        run(args, compare, trees)


def run(args: argparse.Namespace, compare: list[str], trees: dict[str, Path]) -> None:
    for root in trees.values():  # unpack the model once
        timed(compare, root)
    base = [timed([sys.executable, "-c", "import numpy"])[0] for _ in range(args.runs)]
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in trees}
    for i in range(args.runs):
        for name in list(trees)[:: 1 if i % 2 == 0 else -1]:
            runs[name].append(timed(compare, trees[name]))
    b = statistics.median(base)
    print("| measure | value |")
    print("|---|---|")
    medians = {}
    for name, rows in runs.items():
        t = statistics.median(x for x, _, _ in rows)
        cpu = statistics.median(c for _, c, _ in rows)
        medians[name] = (t, cpu)
        what = f"compare seed pair ({args.format}), {name} code"
        what += ", from source" if args.source else ", byte-compiled"
        print(f"| {what}, median of {args.runs} new processes | {t:.2f} s |")
        print(f"| {what}, processor time, median | {cpu:.2f} s |")
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: the compare runs dominate
    peak = max(m for rows in runs.values() for _, _, m in rows)
    print(f"| peak resident memory, largest run | {peak:.0f} MB |")
    print(f"| bare interpreter + numpy, median | {b:.2f} s |")
    print(f"| ratio compare / bare interpreter | {medians['this'][0] / b:.1f}x |")
    if "baseline" in medians:
        (t, c), (t0, c0) = medians["this"], medians["baseline"]
        print(f"| ratio this / baseline, wall | {t / t0:.2f} |")
        print(f"| ratio this / baseline, processor | {c / c0:.2f} |")


if __name__ == "__main__":
    main()
