"""Language tagging speed, and the detector against langdetect's own loop.

    python benchmarks/langid_speed.py

Documents of six lines each are built from the Text+Berg dev set (German and French)
plus the five seeds. The script reports :func:`aligner.langid.tag_document`'s
throughput in characters per CPU second, then times the detection step alone on
every paragraph twice in this process, over the same languages with the same seed:
langdetect's detector loop, and the project's replay of it; it checks that the two
give the same probabilities.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "textberg-dev"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(DATA))
    args = ap.parse_args()

    from aligner.documents import make_document
    from aligner.langid import _SCRIPT_LANGS, _probabilities, langdetect_reference, tag_document

    lines = [
        line.strip()
        for name in ("dev.de", "dev.fr")
        for line in (Path(args.data) / name).read_text("utf-8").splitlines()
    ]
    texts = ["\n\n".join(lines[i : i + 6]) for i in range(0, len(lines), 6)]
    texts += [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    docs = [make_document(t, tag=False) for t in texts]
    tag_document(make_document("Warm up the tables.", tag=False))
    t0 = time.process_time()
    for d in docs:
        tag_document(d)
    tagging = time.process_time() - t0
    chars = sum(map(len, texts))

    paragraphs = [p for t in texts for p in t.split("\n\n") if p.strip()]
    allowed = _SCRIPT_LANGS["Latin"]
    t0 = time.process_time()
    ref = [langdetect_reference(p, allowed) for p in paragraphs]
    t_ref = time.process_time() - t0
    t0 = time.process_time()
    ours = [dict(_probabilities.__wrapped__(p, allowed)) for p in paragraphs]
    t_ours = time.process_time() - t0
    worst = max(
        abs(a.get(k, 0.0) - b.get(k, 0.0)) for a, b in zip(ref, ours) for k in set(a) | set(b)
    )
    print("| measure | value |")
    print("|---|---|")
    print(f"| tag_document, {len(docs)} documents | {chars / tagging:,.0f} characters per CPU s |")
    print(f"| detection, langdetect's loop, {len(paragraphs)} paragraphs | {t_ref:.2f} CPU s |")
    print(f"| detection, replay | {t_ours:.2f} CPU s ({t_ref / t_ours:.1f}x faster) |")
    print(f"| largest probability difference | {worst:.1e} |")


if __name__ == "__main__":
    main()
