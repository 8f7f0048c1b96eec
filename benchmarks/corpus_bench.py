"""Corpus scan on real text: translations, edited copies, splices and distinct articles.

The Text+Berg German-French dev set is cut into articles along its gold alignment
(both sides cut at the same beads, paragraphs of 2-5 sentences). Each draw builds a
corpus from them:

    bilingual   an article present in German and in French   -> translation pair
    monolingual an article present in one language only       -> no pair
    edited      a same-language copy with sentences dropped, a line added and
                other boilerplate                             -> near_duplicate pair
                (and a translation pair with the other language's version)
    spliced     the first half of one article and the second half of another
                (cut at the paragraph boundary nearest to half the characters)
                                                              -> never translation or
                                                                 near_duplicate
    seeds       the five seed articles                        -> only 000-001 (translation)

About half the documents get boilerplate lines ("Drucken", "Teilen", ...), so
distinct articles share short lines and near-duplicates differ in them.
The Text+Berg text is one long chronicle of Himalaya expeditions: every article
is on the same topic, which is the hard case for a duplicate finder.

    python benchmarks/corpus_bench.py [--data DIR] [--draws 5] [--seed 0] [--json]

Reports translation and near-duplicate precision, recall and F1 over all draws,
false translation/near-duplicate pairs involving spliced or distinct articles,
boilerplate recall, and the time of a first scan (empty embedding cache) against a
second scan of the same corpus (warm cache, new encoder object).
The data is GPL: it is read from --data, never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = ("translation", "near_duplicate")
BOILERPLATE = {
    "de": ["Drucken", "Teilen", "Weitere Artikel", "Tags: Himalaya, Expedition"],
    "fr": ["Imprimer", "Partager", "Autres articles", "Mots-clés : Himalaya, expédition"],
}
ADDED_LINE = {
    "de": [
        "Aktualisierte Fassung",
        "Nachtrag der Redaktion: Angaben ohne Gewähr.",
        "Aus unserem Archiv",
    ],
    "fr": [
        "Version mise à jour",
        "Note de la rédaction : informations sans garantie.",
        "De nos archives",
    ],
}


# --------------------------------------------------------------------------- data


def read_ladder(path: Path) -> list[tuple[list[int], list[int]]]:
    """Gold beads from a ladder file: one ``[0, 1]:[2]`` line per bead, 0-based."""
    beads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            left, right = line.split(":")[:2]
            beads.append((json.loads(left), json.loads(right)))
    return beads


def detok(sentence: str) -> str:
    """Undo the corpus's tokenisation enough to read like running text."""
    s = re.sub(r"\s+([,.;:!?%)\]])", r"\1", sentence.strip())
    s = re.sub(r"([(\[])\s+", r"\1", s)
    return re.sub(r"\b([dlnjstcmqu]|qu)' ", r"\1'", s, flags=re.I)


@dataclass
class Article:
    """An article as paragraphs of sentences, on each side."""

    de: list[list[str]]
    fr: list[list[str]]


def cut_articles(
    data: Path, rng: random.Random, min_sentences: int = 15, max_sentences: int = 40
) -> list[Article]:
    """Cut the dev set into articles at gold bead boundaries, paragraphs of 2-5 sentences."""
    de = (data / "dev.de").read_text(encoding="utf-8").splitlines()
    fr = (data / "dev.fr").read_text(encoding="utf-8").splitlines()
    beads = read_ladder(data / "dev.defr")
    articles: list[Article] = []
    k = 0
    while k < len(beads):
        target = rng.randint(min_sentences, max_sentences)
        art = Article([], [])
        count = 0
        while k < len(beads) and count < target:
            size = rng.randint(2, 5)
            dp: list[str] = []
            fp: list[str] = []
            while k < len(beads) and len(dp) < size:
                s, t = beads[k]
                k += 1
                dp.extend(detok(de[i]) for i in s)
                fp.extend(detok(fr[j]) for j in t)
            dp = [x for x in dp if x]
            fp = [x for x in fp if x]
            if dp and fp:
                art.de.append(dp)
                art.fr.append(fp)
            count += len(dp)
        if count >= min_sentences // 2 and len(art.de) >= 3:
            articles.append(art)
    return articles


def render(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


def with_boilerplate(paragraphs: list[list[str]], lang: str, rng: random.Random):
    """Half the time, one or two boilerplate lines at the start or the end."""
    out = [list(p) for p in paragraphs]
    if rng.random() < 0.5:
        for line in rng.sample(BOILERPLATE[lang], rng.randint(1, 2)):
            if rng.random() < 0.5:
                out.insert(0, [line])
            else:
                out.append([line])
    return out


def edited(paragraphs: list[list[str]], lang: str, rng: random.Random) -> list[list[str]]:
    """Drop about a tenth of the sentences (at least one) and add a line."""
    out = [list(p) for p in paragraphs]
    places = [(i, j) for i, p in enumerate(out) for j in range(len(p)) if len(p) > 1]
    n_drop = max(1, len(places) // 10)
    for i, j in sorted(rng.sample(places, min(n_drop, len(places))), reverse=True):
        if len(out[i]) > 1:
            del out[i][j]
    where = rng.choice([0, len(out)])
    out.insert(where, [rng.choice(ADDED_LINE[lang])])
    return out


def half(paragraphs: list[list[str]]) -> int:
    """The paragraph boundary closest to half the article's characters (1 to n-1)."""
    sizes = [sum(len(s) for s in p) for p in paragraphs]
    total, acc, best = sum(sizes), 0, (float("inf"), 1)
    for k in range(1, len(sizes)):
        acc += sizes[k - 1]
        best = min(best, (abs(acc - total / 2), k))
    return best[1]


@dataclass
class Draw:
    records: list[dict]
    gold: dict[tuple[str, str], str]  # sorted id pair -> kind
    spliced: set[str] = field(default_factory=set)
    boilerplate: set[str] = field(default_factory=set)


def build_draw(
    data: Path, seed: int, with_seeds: bool = True, sizes: tuple[int, int] = (15, 40)
) -> Draw:
    rng = random.Random(seed)
    articles = cut_articles(data, rng, *sizes)
    records: list[dict] = []
    versions: dict[int, list[tuple[str, str]]] = {}  # article -> [(id, lang)]
    order = list(range(len(articles)))
    rng.shuffle(order)
    n = len(order)
    bilingual = set(order[: round(n * 0.45)])
    for a in range(n):
        art = articles[a]
        langs = ["de", "fr"] if a in bilingual else [rng.choice(["de", "fr"])]
        for lang in langs:
            doc_id = f"tb{seed}/a{a:02d}.{lang}"
            paras = with_boilerplate(getattr(art, lang), lang, rng)
            records.append({"id": doc_id, "text": render(paras), "lang": lang})
            versions.setdefault(a, []).append((doc_id, lang))
        if rng.random() < 0.35:
            lang = rng.choice(langs)
            doc_id = f"tb{seed}/a{a:02d}.{lang}.edited"
            paras = with_boilerplate(edited(getattr(art, lang), lang, rng), lang, rng)
            records.append({"id": doc_id, "text": render(paras), "lang": lang})
            versions[a].append((doc_id, lang))
    spliced = set()
    for s in range(max(2, n // 6)):
        a, b = rng.sample(range(n), 2)
        lang = rng.choice(["de", "fr"])
        pa, pb = getattr(articles[a], lang), getattr(articles[b], lang)
        paras = pa[: half(pa)] + pb[half(pb) :]
        doc_id = f"tb{seed}/spliced{s}.a{a:02d}+a{b:02d}.{lang}"
        records.append({"id": doc_id, "text": render(with_boilerplate(paras, lang, rng))})
        spliced.add(doc_id)
    gold: dict[tuple[str, str], str] = {}
    for vs in versions.values():
        for i, (x, lx) in enumerate(vs):
            for y, ly in vs[i + 1 :]:
                gold[tuple(sorted((x, y)))] = "translation" if lx != ly else "near_duplicate"
    if with_seeds:
        seeds = sorted((ROOT / "seeds").glob("0*.txt"))
        for p in seeds:
            records.append({"id": f"seeds/{p.name}", "text": p.read_text(encoding="utf-8")})
        gold[(f"seeds/{seeds[0].name}", f"seeds/{seeds[1].name}")] = "translation"
    rng.shuffle(records)
    lines = {x for v in BOILERPLATE.values() for x in v}
    return Draw(records, gold, spliced, lines)


# --------------------------------------------------------------------------- scoring


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def f1(self) -> float:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(self.f1(), 4),
        }


def score(result: dict, draw: Draw, tallies: dict[str, Tally], errors: list[str]) -> dict:
    """Add this draw's counts to ``tallies``; return the false-positive counts."""
    predicted = {}
    for p in result["pairs"]:
        if p["kind"] in KINDS:
            predicted[tuple(sorted((p["a"], p["b"])))] = p["kind"]
    for kind in KINDS:
        t = tallies[kind]
        for pair, k in predicted.items():
            if k == kind:
                if draw.gold.get(pair) == kind:
                    t.tp += 1
                else:
                    t.fp += 1
                    errors.append(f"FP {kind}: {pair[0]} {pair[1]} (gold {draw.gold.get(pair)})")
        for pair, k in draw.gold.items():
            if k == kind and predicted.get(pair) != kind:
                t.fn += 1
                errors.append(f"FN {kind}: {pair[0]} {pair[1]} (got {predicted.get(pair)})")
    spliced_fp = sum(1 for pair in predicted if set(pair) & draw.spliced)
    distinct_fp = sum(
        1 for pair in predicted if pair not in draw.gold and not set(pair) & draw.spliced
    )
    found = {b["text"] for b in result["boilerplate"]}
    return {
        "spliced_fp": spliced_fp,
        "distinct_fp": distinct_fp,
        "boilerplate_found": len(found & draw.boilerplate),
        "boilerplate_used": len(
            {
                r
                for r in draw.boilerplate
                if sum(r in x["text"].splitlines() for x in draw.records) >= 3
            }
        ),
        "boilerplate_extra": sorted(found - draw.boilerplate),
    }


# --------------------------------------------------------------------------- main


def run_scan(records: list[dict], folder: Path, name: str):
    from aligner.corpus import scan_corpus
    from aligner.encoders import get_encoder

    path = folder / f"{name}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    timings = []
    result = None
    for _ in range(2):
        encoder = get_encoder()  # a new object: only the disk cache carries over
        t0 = time.perf_counter()
        result = scan_corpus(path, encoder)
        timings.append(time.perf_counter() - t0)
    return result, timings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "textberg-dev")
    ap.add_argument("--draws", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--sentences",
        type=int,
        nargs=2,
        default=(15, 40),
        metavar=("MIN", "MAX"),
        help="Article length in German sentences (default: 15 40).",
    )
    ap.add_argument("--json", action="store_true", help="Print the summary as JSON.")
    ap.add_argument(
        "--cache",
        type=Path,
        help="Keep the embedding cache in this folder "
        "(default: a new temporary one, so the first scan starts cold).",
    )
    ap.add_argument("--verbose", action="store_true", help="List every error.")
    args = ap.parse_args()
    if not (args.data / "dev.defr").exists():
        sys.exit(f"{args.data}: no Text+Berg dev set here (dev.de, dev.fr, dev.defr); use --data")

    tallies = {k: Tally() for k in KINDS}
    errors: list[str] = []
    totals = {"spliced_fp": 0, "distinct_fp": 0, "boilerplate_found": 0, "boilerplate_used": 0}
    extra: list[str] = []
    times = []
    docs = 0
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ALIGNER_CACHE_DIR"] = str(args.cache or Path(tmp) / "cache")
        from aligner.encoders import get_encoder

        get_encoder().encode(["warm up: unpack the bundled model once"])
        for d in range(args.draws):
            draw = build_draw(args.data, args.seed + d, sizes=tuple(args.sentences))
            docs += len(draw.records)
            result, timing = run_scan(draw.records, Path(tmp), f"draw{d}")
            times.append(timing)
            counts = score(result.to_dict(), draw, tallies, errors)
            for k in totals:
                totals[k] += counts[k]
            extra.extend(counts["boilerplate_extra"])
    first = sum(t[0] for t in times)
    second = sum(t[1] for t in times)
    summary = {
        "draws": args.draws,
        "documents": docs,
        "translation": tallies["translation"].to_dict(),
        "near_duplicate": tallies["near_duplicate"].to_dict(),
        **totals,
        "boilerplate_extra": sorted(set(extra)),
        "first_scan_s": round(first, 2),
        "second_scan_s": round(second, 2),
        "rescan_speedup": round(first / second, 1) if second else None,
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        for k in KINDS:
            t = summary[k]
            print(
                f"{k:<15} P {t['precision']:.3f}  R {t['recall']:.3f}  F1 {t['f1']:.3f}"
                f"  (tp {t['tp']}, fp {t['fp']}, fn {t['fn']})"
            )
        print(
            f"false translation/near-duplicate pairs: spliced {totals['spliced_fp']},"
            f" distinct {totals['distinct_fp']}"
        )
        print(
            f"boilerplate lines found {totals['boilerplate_found']}"
            f" of {totals['boilerplate_used']} used in 3+ documents;"
            f" other boilerplate reported: {summary['boilerplate_extra']}"
        )
        print(
            f"{docs} documents in {args.draws} draws; scan {first:.1f} s with an empty"
            f" embedding cache, {second:.1f} s again (x{summary['rescan_speedup']})"
        )
    if args.verbose or not args.json:
        for e in errors if args.verbose else errors[:20]:
            print("  " + e, file=sys.stderr)


if __name__ == "__main__":
    main()
