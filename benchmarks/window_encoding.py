"""Window embeddings: the encoder's window route against encoding every joined string.

    python benchmarks/window_encoding.py [--sentences 150] [--max-size 5]

The aligner needs the embedding of every window of up to ``max-size`` consecutive
sentences of both documents. Encoding each joined string runs the model over about
``max-size * (max-size + 1) / 2`` times the document's tokens; the bundled encoder's
window route (:meth:`aligner.encoders.USEEncoder.encode_windows`) runs it over the
document once and corrects each window at its ends. Both run in this process on
the first ``--sentences`` lines of each side of the Text+Berg dev set, one BLAS
thread, model loaded beforehand; the script prints the time of each, their ratio and
the smallest cosine between the two routes' vectors.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "textberg-dev"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--sentences", type=int, default=150)
    ap.add_argument("--max-size", type=int, default=5)
    args = ap.parse_args()

    from threadpoolctl import threadpool_limits

    from aligner.encoders import USEEncoder

    sides = [
        [line.strip() for line in (Path(args.data) / name).read_text("utf-8").splitlines()]
        for name in ("dev.de", "dev.fr")
    ]
    sides = [s[: args.sentences] for s in sides]
    model = USEEncoder(use_disk_cache=True)
    model.encode(["warm-up"])
    with threadpool_limits(1, user_api="blas"):
        t0 = time.perf_counter()
        fast = [model.encode_windows(s, args.max_size) for s in sides]
        t_fast = time.perf_counter() - t0
        t0 = time.perf_counter()
        worst, strings = 1.0, 0
        for s, vecs in zip(sides, fast):
            for a, got in vecs.items():
                joined = [" ".join(s[k : k + a]) for k in range(len(s) - a + 1)]
                strings += len(joined)
                worst = min(worst, float(np.sum(model.encode(joined) * got, axis=1).min()))
        t_direct = time.perf_counter() - t0
    print("| route | seconds | windows |")
    print("|---|---|---|")
    print(f"| encode every joined string | {t_direct:.2f} | {strings} |")
    print(f"| window route | {t_fast:.2f} | {strings} |")
    print(f"\nspeed-up {t_direct / t_fast:.1f}x; smallest cosine between the routes {worst:.6f}")


if __name__ == "__main__":
    main()
