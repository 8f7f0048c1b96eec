"""Wall time and peak memory of ``aligner compare`` on the seed pair, in a new process.

    python benchmarks/compare_speed.py [--runs 7]

Each run is a fresh interpreter with ``--no-cache`` (no stored embeddings), so
imports, model loading, segmentation, language tagging, encoding, alignment and
checks are all counted. A bare interpreter that only imports numpy is timed the
same way as the baseline.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EN = ROOT / "seeds" / "000_dcad42be065f949c.txt"
NL = ROOT / "seeds" / "001_98ab83bc4f073aa9.txt"


def timed(cmd: list[str]) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    compare = [
        sys.executable,
        "-m",
        "aligner",
        "compare",
        "--no-cache",
        "--format",
        "json",
        str(EN),
        str(NL),
    ]
    subprocess.run(compare, check=True, stdout=subprocess.DEVNULL)  # unpack the model once
    base = [timed([sys.executable, "-c", "import numpy"])[0] for _ in range(args.runs)]
    runs = [timed(compare) for _ in range(args.runs)]
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: the compare runs dominate
    peak = max(m for _, m in runs)
    t = statistics.median(x for x, _ in runs)
    b = statistics.median(base)
    print("| measure | value |")
    print("|---|---|")
    print(f"| compare seed pair, median of {args.runs} new processes | {t:.2f} s |")
    print(f"| bare interpreter + numpy, median | {b:.2f} s |")
    print(f"| ratio compare / bare interpreter | {t / b:.1f}x |")
    print(f"| peak resident memory | {peak:.0f} MB |")


if __name__ == "__main__":
    main()
