"""Divergence checks on real parallel text with injected corruptions.

The Text+Berg German-French dev set is cut into articles of paragraphs along its
gold alignment. Each article is compared once clean and once with each of these
corruptions injected into its French side:

    delete_paragraph   a French paragraph removed        -> omission (source span)
    delete_sentence    a sentence inside a paragraph     -> omission (source span)
    insert_sentence    a sentence from another article   -> addition (target span)
    change_number      a number both sides share changed -> number_mismatch
    untranslated       a sentence replaced by its German -> untranslated

The corpus's own unaligned sentences (gold 1-0 and 0-1
beads) are real divergences: reporting them counts as correct.

The gold alignment says nothing about content inside aligned sentences, yet the
corpus's own translation has slips there too (a height or a year changed, a title
left out). A few were checked by reading both sides (``VERIFIED_DIVERGENCES``);
precision and false alarms are printed twice: strictly by the gold alignment, and
with these verified divergences counted as correct.

    python benchmarks/divergence_bench.py [--data DIR] [--seed 1] [--verbose]

Reports recall per injected type (by a finding of any severity, and by a warning or
an error alone), precision of warnings and errors, false alarms
(warning or error) per clean article, and for the noise of context findings the info
findings per clean article that no divergence explains; ``--verbose`` lists every
false alarm, every miss and every divergence found only by an info finding.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aligner.compare import compare  # noqa: E402
from aligner.documents import agree_layouts, make_document  # noqa: E402
from aligner.encoders import get_encoder  # noqa: E402
from aligner.evaluation import read_ladder  # noqa: E402

KINDS = ("delete_paragraph", "delete_sentence", "insert_sentence", "change_number", "untranslated")
EXPECTED_TYPE = {
    "delete_paragraph": ("omission", "src"),
    "delete_sentence": ("omission", "src"),
    "insert_sentence": ("addition", "tgt"),
    "change_number": ("number_mismatch", "tgt"),
    "untranslated": ("untranslated", "tgt"),
}
NUMBER_RE = re.compile(r"(?<![\w.,])\d+(?![\w.,]\d)")
WORD_RE = re.compile(r"[^\W\d_]+")


# Divergences of the corpus's own translation inside gold-aligned sentences, checked by
# reading both sides: the start of the German line -> the finding type that reports it
# and a digest of the whole line (whitespace folded). Keyed by text, not line number,
# so that another data set credits none of them.
VERIFIED_DIVERGENCES = {
    # 60 ft = 18,29 m; the French has 19,29 m
    "= 18,29 m erhöht werden müsse": ("number_mismatch", "6872a6ee4b1d"),
    # six peaks between 5800 and 6100 m; the French has 6200 m
    "Es waren vier Mitglieder vom Ladies Alpine Club": ("number_mismatch", "48be38f14bed"),
    # the French cites another article and issue (octobre 1955)
    "Swami Pranavananda hat kürzlich einen interessanten Artikel": (
        "number_mismatch",
        "52720d8d1bd2",
    ),
    # peaks up to 6300 m; the French has 6200 m
    "Die Gipfelhöhen halten sich zwischen 5800 und 6300 m.": ("number_mismatch", "b2904db33bcb"),
    # a height of 6719 m; the French has 6179 m
    "Erst am 12. Juni konnte das Basislager bei etwa 4500 m": ("number_mismatch", "dc130d8a2d91"),
    # "in thick snow squalls" left out; "tastend" merged into the sentence before
    "Tastend , unter dichten Schneeböen arbeiten sie sich abwärts": ("omission", "2318daa08b2a"),
    # the title of the cited article, left out of the French
    "La Tour de Mustagh .": ("omission", "8153633afee2"),
    # "they were badly worn out by then", left out of the French
    "Allerdings waren sie dann stark abgekämpft .": ("omission", "49477304f2f5"),
    # item 21 of the chronicle, after items 19 and 20 on both sides; the French has 18
    "21. Nördlich des Mustagh Ata , ebenfalls am Ostrande": ("number_mismatch", "9b65efbc9b85"),
    # named so since 1938; the French has 1937
    "= 7422 m , und das ist eben die amtliche Höhenzahl": ("number_mismatch", "0b8b2e38f764"),
}


def verified_lines(de: list[str]) -> dict[int, str]:
    """0-based German lines that hold a verified divergence -> its finding type."""
    out = {}
    for i, line in enumerate(de):
        folded = " ".join(line.split())
        for start, (kind, digest) in VERIFIED_DIVERGENCES.items():
            if folded.startswith(start) and _digest(folded) == digest:
                out[i] = kind
    return out


def _digest(folded: str) -> str:
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()[:12]


def corpus_files(data: Path) -> tuple[Path, Path, Path]:
    """The German, French and ladder files of DATA: ``NAME.de``, ``NAME.fr`` and
    ``NAME.defr`` (``dev`` in the dev set; any one name in another set)."""
    names = sorted(
        p.stem
        for p in data.glob("*.defr")
        if (data / f"{p.stem}.de").is_file() and (data / f"{p.stem}.fr").is_file()
    )
    if len(names) != 1:
        found = ", ".join(names) or "none"
        sys.exit(f"error: {data} must hold one NAME.de, NAME.fr, NAME.defr triple (found: {found})")
    return data / f"{names[0]}.de", data / f"{names[0]}.fr", data / f"{names[0]}.defr"


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _lower_words(text: str) -> int:
    return sum(w[0].islower() for w in WORD_RE.findall(text))


@dataclass
class Article:
    """Paragraphs as lists of sentences on each side, plus the gold divergences."""

    de: list[list[str]]
    fr: list[list[str]]
    # (side, paragraph, sentence) of gold 1-0 / 0-1 sentences
    gold_unaligned: list[tuple[str, int, int]] = field(default_factory=list)
    # (paragraph, German sentence, French sentence) of gold 1-1 beads: the only
    # places where one French sentence is known to translate one German sentence
    one_to_one: list[tuple[int, int, int]] = field(default_factory=list)
    # (paragraph, German sentence, finding type) of VERIFIED_DIVERGENCES
    verified: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass
class Case:
    name: str
    de_text: str
    fr_text: str
    kind: str | None  # None: clean
    spans: dict[str, tuple[int, int]]  # where the injected divergence is, per side
    gold_spans: list[tuple[str, tuple[int, int]]]
    verified_spans: list[tuple[str, tuple[int, int]]]  # (finding type, source span)


def load_articles(data: Path, rng: random.Random) -> list[Article]:
    de_path, fr_path, ladder_path = corpus_files(data)
    de = de_path.read_text(encoding="utf-8").splitlines()
    fr = fr_path.read_text(encoding="utf-8").splitlines()
    beads = read_ladder(ladder_path)
    verified = verified_lines(de)
    articles: list[Article] = []
    k = 0
    while k < len(beads):
        n_par = rng.randint(4, 7)
        art = Article([], [])
        for _ in range(n_par):
            if k >= len(beads):
                break
            take = beads[k : k + rng.randint(2, 4)]
            k += len(take)
            dp: list[str] = []
            fp: list[str] = []
            for s, t in take:
                if s and not t:
                    art.gold_unaligned.extend(
                        ("de", len(art.de), len(dp) + i) for i in range(len(s))
                    )
                if t and not s:
                    art.gold_unaligned.extend(
                        ("fr", len(art.fr), len(fp) + i) for i in range(len(t))
                    )
                if len(s) == 1 and len(t) == 1:
                    art.one_to_one.append((len(art.de), len(dp), len(fp)))
                art.verified.extend(
                    (len(art.de), len(dp) + n, verified[i])
                    for n, i in enumerate(s)
                    if i in verified
                )
                dp.extend(de[i] for i in s)
                fp.extend(fr[j] for j in t)
            if dp and fp:
                art.de.append(dp)
                art.fr.append(fp)
            else:  # a paragraph empty on one side: keep the gold info simple, drop it
                art.gold_unaligned = [
                    g for g in art.gold_unaligned if g[1] < len(art.de if g[0] == "de" else art.fr)
                ]
                art.one_to_one = [g for g in art.one_to_one if g[0] < len(art.de)]
                art.verified = [g for g in art.verified if g[0] < len(art.de)]
        if len(art.de) >= 3:
            articles.append(art)
    return articles


def render(
    paragraphs: list[list[str]], running: bool = False
) -> tuple[str, dict[tuple[int, int], tuple[int, int]]]:
    """A blank line between paragraphs; one sentence per line, or with ``running``
    each paragraph one line of sentences joined by spaces; spans of every sentence."""
    parts: list[str] = []
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    pos = 0
    for p, sents in enumerate(paragraphs):
        if p:
            parts.append("\n")
            pos += 1
        for s, sent in enumerate(sents):
            spans[(p, s)] = (pos, pos + len(sent))
            last = s == len(sents) - 1
            sep = "\n" if last or not running else " "
            parts.append(sent + sep)
            pos += len(sent) + 1
    return "".join(parts), spans


def make_case(
    art: Article,
    kind: str | None,
    rng: random.Random,
    donor: list[str],
    name: str,
    running: bool = False,
) -> Case | None:
    de = [list(p) for p in art.de]
    fr = [list(p) for p in art.fr]
    gold = list(art.gold_unaligned)
    where: dict[str, tuple[int, int]] = {}
    mark: tuple[str, int, int] | None = None
    if kind == "delete_paragraph":
        p = rng.randrange(len(fr))
        del fr[p]
        mark = ("de_par", p, -1)
        gold = [g for g in gold if not (g[0] == "fr" and g[1] == p)]
        gold = [(s, (i - 1 if s == "fr" and i > p else i), j) for s, i, j in gold]
    elif kind == "delete_sentence":
        # a French sentence of a gold 1-1 bead, so that the German sentence marked as
        # omitted is the one whose translation went (equal sentence counts in a
        # paragraph do not make the i-th sentences translations of each other)
        options = [(p, i, j) for p, i, j in art.one_to_one if len(fr[p]) >= 2 and len(de[p]) >= 2]
        if not options:
            return None
        p, i, j = rng.choice(options)
        del fr[p][j]
        mark = ("de", p, i)
        gold = [
            (g0, g1, g2 - 1 if g0 == "fr" and g1 == p and g2 > j else g2) for g0, g1, g2 in gold
        ]
    elif kind == "insert_sentence":
        p = rng.randrange(len(fr))
        s = rng.randrange(len(fr[p]) + 1)
        fr[p].insert(s, rng.choice(donor))
        mark = ("fr", p, s)
        gold = [
            (g0, g1, g2 + 1 if g0 == "fr" and g1 == p and g2 >= s else g2) for g0, g1, g2 in gold
        ]
    elif kind == "change_number":
        options = []
        for p in range(min(len(de), len(fr))):
            for s, sent in enumerate(fr[p]):
                for m in NUMBER_RE.finditer(sent):
                    if any(m.group() in re.findall(r"\d+", d) for d in de[p]):
                        options.append((p, s, m))
        if not options:
            return None
        p, s, m = rng.choice(options)
        old = int(m.group())
        new = str(old + rng.choice([1, 2, 3, 7, 10, 100]))
        fr[p][s] = fr[p][s][: m.start()] + new + fr[p][s][m.end() :]
        mark = ("fr", p, s)
    elif kind == "untranslated":
        # the German of a gold 1-1 bead in place of its French; German prose: three
        # lower-case words or more (German capitalises nouns; punctuation is
        # tokenised apart in this corpus, so tokens are not words), since a list of
        # names or a reference ("« Berge der Welt » , Bd.XI , S. 161-177") is left
        # as it is by translators too, and it must differ from its French
        options = [
            (p, i, j)
            for p, i, j in art.one_to_one
            if _lower_words(de[p][i]) >= 3 and _norm(de[p][i]) != _norm(fr[p][j])
        ]
        if not options:
            return None
        p, i, j = rng.choice(options)
        fr[p][j] = de[p][i]
        mark = ("fr", p, j)
    de_text, de_spans = render(de, running)
    fr_text, fr_spans = render(fr, running)
    if mark is not None:
        side, p, s = mark
        if side == "de_par":
            first, last = de_spans[(p, 0)], de_spans[(p, len(de[p]) - 1)]
            where["src"] = (first[0], last[1])
        elif side == "de":
            where["src"] = de_spans[(p, s)]
        else:
            where["tgt"] = fr_spans[(p, s)]
    gold_spans = []
    for side, p, s in gold:
        table = de_spans if side == "de" else fr_spans
        if (p, s) in table:
            gold_spans.append(("src" if side == "de" else "tgt", table[(p, s)]))
    verified = [(t, de_spans[(p, s)]) for p, s, t in art.verified]
    return Case(name, de_text, fr_text, kind, where, gold_spans, verified)


def overlaps(a: tuple[int, int] | list[int] | None, b: tuple[int, int]) -> bool:
    return a is not None and a[0] < b[1] and b[0] < a[1]


def main() -> None:
    ap = argparse.ArgumentParser(description="Divergence-check benchmark on Text+Berg dev.")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "textberg-dev")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument(
        "--layout",
        choices=("presplit", "lines", "running"),
        default="presplit",
        help="presplit: one sentence per line, read as such and languages given "
        "(default); lines: the same files read as the command reads them by default, "
        "languages detected; running: each paragraph one line of sentences, split and "
        "languages detected by the tool",
    )
    ap.add_argument(
        "--dump", type=Path, metavar="DIR", help="also write every case's two texts into DIR"
    )
    args = ap.parse_args()
    running = args.layout == "running"
    presplit = args.layout == "presplit"
    rng = random.Random(args.seed)
    articles = load_articles(args.data, rng)
    donor_pool = [s for a in articles for p in a.fr for s in p if len(s.split()) >= 6]
    cases: list[Case] = []
    for i, art in enumerate(articles):
        far = [s for s in donor_pool if not any(s in p for p in art.fr)]
        for kind in (None, *KINDS):  # every article once clean and once per corruption
            case = make_case(art, kind, rng, far, f"article-{i:02d}-{kind or 'clean'}", running)
            if case is not None:
                cases.append(case)

    encoder = get_encoder()
    found = {k: 0 for k in KINDS}
    alarmed = {k: 0 for k in KINDS}  # found by a warning or an error
    total = {k: 0 for k in KINDS}
    # warnings and errors: [correct, false alarms, false alarms in clean articles],
    # strictly by the gold alignment and with the verified divergences as correct
    strict = [0, 0, 0]
    lenient = [0, 0, 0]
    clean_info = 0  # info findings in clean articles that no divergence explains
    clean_articles = 0
    t0 = time.perf_counter()
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        for case in cases:
            (args.dump / f"{case.name}.de.txt").write_text(case.de_text, encoding="utf-8")
            (args.dump / f"{case.name}.fr.txt").write_text(case.fr_text, encoding="utf-8")
    for case in cases:
        src = make_document(
            case.de_text,
            f"{case.name}.de",
            lang="de" if presplit else None,
            presplit=presplit or None,
        )
        tgt = make_document(
            case.fr_text,
            f"{case.name}.fr",
            lang="fr" if presplit else None,
            presplit=presplit or None,
        )
        if not presplit:  # as the command reads two files
            src, tgt = agree_layouts(src, tgt)
        result = compare(src, tgt, encoder)
        hit = alarm = False
        for f in result.findings:
            fd = f.to_dict()
            good = False
            if case.kind is not None:
                want, side = EXPECTED_TYPE[case.kind]
                span = fd["source_span"] if side == "src" else fd["target_span"]
                if overlaps(span, case.spans[side]):
                    good = True
                    if fd["type"] == want:
                        hit = True
                        alarm = alarm or fd["severity"] in ("warning", "error")
            for side, gspan in case.gold_spans:
                span = fd["source_span"] if side == "src" else fd["target_span"]
                if overlaps(span, gspan):
                    good = True
            verified = any(
                fd["type"] == t and overlaps(fd["source_span"], vspan)
                for t, vspan in case.verified_spans
            )
            if fd["severity"] not in ("warning", "error"):
                clean_info += case.kind is None and not (good or verified)
                continue
            for tally, ok in ((strict, good), (lenient, good or verified)):
                tally[0 if ok else 1] += 1
                tally[2] += not ok and case.kind is None
            if not good and args.verbose:
                note = " (a verified divergence)" if verified else ""
                print(f"  false alarm in {case.name}: {fd['type']} {fd['message']}{note}")
        if case.kind is None:
            clean_articles += 1
        else:
            total[case.kind] += 1
            found[case.kind] += hit
            alarmed[case.kind] += alarm
            if args.verbose and not alarm:
                side = EXPECTED_TYPE[case.kind][1]
                a, z = case.spans[side]
                text = (case.de_text if side == "src" else case.fr_text)[a:z]
                what = "found only as info:" if hit else "missed"
                print(f"  {what} {case.kind} in {case.name}: “{' '.join(text.split())[:100]}”")
    elapsed = time.perf_counter() - t0
    print(
        f"{len(cases)} articles ({clean_articles} clean), seed {args.seed}, "
        f"layout {args.layout}, {elapsed:.1f} s\n"
    )
    print("| injected | recall | by a warning or error |")
    print("|---|---|---|")
    for k in KINDS:
        if total[k]:
            print(
                f"| {k} | {found[k] / total[k]:.3f} ({found[k]}/{total[k]}) "
                f"| {alarmed[k] / total[k]:.3f} ({alarmed[k]}/{total[k]}) |"
            )
    for label, (tp, fp, clean_alarms) in (
        ("", strict),
        (", verified divergences counted as correct", lenient),
    ):
        precision = tp / (tp + fp) if tp + fp else 1.0
        print(f"\nprecision of warnings and errors{label}: {precision:.3f} ({tp}/{tp + fp})")
        print(
            f"false alarms per clean article{label}: "
            f"{clean_alarms / max(clean_articles, 1):.3f} ({clean_alarms}/{clean_articles})"
        )
    print(
        "\ninfo findings per clean article that no divergence explains (not counted "
        f"above): {clean_info / max(clean_articles, 1):.3f} ({clean_info}/{clean_articles})"
    )


if __name__ == "__main__":
    main()
