"""Divergence checks: one small function per finding type, each turning beads into findings.

Severity rules (the same for every check):

* ``error``: content is very likely lost, added or changed: a paragraph or a
  sentence of 8+ words with no counterpart, a number replaced by another, a target
  sentence left in the source language.
* ``warning``: worth a reviewer's look: a shorter sentence or a quotation's frame
  with no counterpart, a name replaced by another, a near-unrelated aligned pair,
  a sentence in a third language.
* ``info``: context, never a defect on its own: datelines, bylines, credit and
  source lines, moved content, fragments of one or two words, and whatever the
  evidence leaves uncertain (a lone sentence that may belong with its neighbour's
  translation, a number or name on one side only, page references and item
  numbers that differ, milder similarity outliers, a lone sentence that is mostly
  OCR debris).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from itertools import accumulate, islice, pairwise
from typing import Any, NamedTuple

import numpy as np

from .alignment import Bead
from .documents import SCRIPT_MARKS, SENTENCE_END, Document, Span, continues_sentence

__all__ = ["CheckContext", "Finding", "run_checks"]


@dataclass(frozen=True)
class Finding:
    """One divergence between source and target.

    Attributes:
        type: what was found (``omission``, ``addition``, ``number_mismatch``, ...).
        severity: ``error``, ``warning`` or ``info``.
        score: confidence in [0, 1].
        source_span: ``[start, end)`` in the source text, ``None`` when the source has nothing.
        target_span: the same for the target.
        message: one sentence for a person.
        evidence: the facts behind it (texts, numbers, similarities).
    """

    type: str
    severity: str
    score: float
    source_span: Span | None
    target_span: Span | None
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "severity": self.severity,
            "score": round(float(self.score), 4),
            "source_span": self.source_span.to_list() if self.source_span else None,
            "target_span": self.target_span.to_list() if self.target_span else None,
            "message": self.message,
            "evidence": self.evidence,
        }

    @property
    def position(self) -> tuple[int, int]:
        """Sort key: document order on the source side, then the target side."""
        s = self.source_span.start if self.source_span else -1
        t = self.target_span.start if self.target_span else -1
        return (s, t)


@dataclass
class CheckContext:
    """Everything the checks look at: both documents and their alignment."""

    source: Document
    target: Document
    sentence_beads: list[Bead]
    paragraph_beads: list[tuple[Bead, list[int]]]
    encode: Callable[[Sequence[str]], np.ndarray]
    #: Spans already reported as omitted/added or boilerplate: later checks skip
    #: numbers and names inside them, so one divergence raises one finding.
    explained_src: list[Span] = field(default_factory=list)
    explained_tgt: list[Span] = field(default_factory=list)
    #: Sentence beads that are boilerplate on both sides (no lexical checks).
    boilerplate_beads: set[int] = field(default_factory=set)
    #: Lone sentences reported as likely part of the aligned pair next to them, by the
    #: index of that pair's sentence bead: their numbers and names are compared as
    #: part of it.
    attached: dict[int, dict[str, list[int]]] = field(default_factory=dict)
    #: This pair's unrelated and related similarity levels (see _unrelated_levels),
    #: once a check has computed them.
    levels: tuple[float, float] | None = None
    levels_known: bool = False
    #: How many of ``explained_src`` / ``explained_tgt`` are OCR noise (they come first).
    noise_spans: tuple[int, int] = (0, 0)
    #: Sentences folded into a bead that belong to the pair next to it (the aligner drew
    #: the boundary one sentence off): no omission or addition, nor a dropped clause.
    next_door_src: list[Span] = field(default_factory=list)
    next_door_tgt: list[Span] = field(default_factory=list)

    def explained(self, side: str) -> list[Span]:
        """The explained spans of ``side`` (``"src"`` or ``"tgt"``)."""
        return self.explained_src if side == "src" else self.explained_tgt

    def next_door(self, side: str) -> list[Span]:
        """The sentences of ``side`` taken for the pair next to their bead."""
        return self.next_door_src if side == "src" else self.next_door_tgt

    def src_span(self, ids: Sequence[int]) -> Span:
        s = self.source.sentences
        return Span(s[ids[0]].span.start, s[ids[-1]].span.end)

    def tgt_span(self, ids: Sequence[int]) -> Span:
        s = self.target.sentences
        return Span(s[ids[0]].span.start, s[ids[-1]].span.end)

    def src_text(self, ids: Sequence[int]) -> str:
        return " ".join(self.source.sentence_text(i) for i in ids)

    def tgt_text(self, ids: Sequence[int]) -> str:
        return " ".join(self.target.sentence_text(j) for j in ids)

    @property
    def monolingual(self) -> bool:
        return self.source.lang == self.target.lang and self.source.lang != "und"


# --------------------------------------------------------------------------- helpers


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _size_severity(text: str) -> str:
    n = _words(text)
    return "error" if n >= 8 else "warning" if n >= 3 else "info"


def _fragment_owed(text: str, other: str, lang: str, other_lang: str) -> bool:
    """Whether a fragment (of a word or two) holds a number of three digits or more,
    other than its own item numbering, that ``other`` lacks: the heading of a
    chronicle's year ("4. 1954 :"), content however short (a warning rather than
    context). A small number beside OCR debris ("28 vv '.;, .") says little, and a
    name alone is as often the end of a sentence cut off at an initial ("Capt. H.R.A.
    | Streather ."): context."""
    from .lexical import compare_numbers

    item = _LEADING_ITEM.match(text)
    missing = compare_numbers(text, other, lang, other_lang).missing
    return any(
        len(_DIGIT.findall(t.text)) >= 3 and not (item and t.start < item.end()) for t in missing
    )


_LEADING_ITEM = re.compile(r"\W*\d{1,3}\s*[.)°]")  # "4." of "4. 1954 :": its numbering


# Credit, source and byline lines: "T/ Satt.", "Bron: ANHA", "Source: AFP",
# "By Jane Doe", "(Reuters)", "Photo: ...". Short by nature.
_CREDIT_RE = re.compile(
    r"""^\s*(?:
        [A-Z]{1,3}\s*/\s*\S.{0,30}                       # T/ Satt.  R/ AB
      | (?:source|bron|quelle|source\s*:|fuente|fonte|by|door|von|par|credit|credits
          |photo|foto|bild|image|copyright|©|text|tekst|reporting|editing|redactie
          |translated\ by|vertaling|übersetzung|traduction)\b.{0,60}
      | \(?[A-Z][A-Za-z]+\)?\s*$                          # (Reuters) / ANHA alone
      | [-–—]?\s*\w+\s*/\s*\w+.{0,10}                      # ANHA/Satt
    )\s*$""",
    re.I | re.X,
)
# Datelines: a date and/or a time with little else.
_MONTHS = (
    r"jan\w*|feb\w*|f[eé]v\w*|m[aä]r\w*|apr\w*|avr\w*|ma[iy]\w*|mei|jun\w*|juin|jul\w*|juil\w*"
    r"|aug\w*|ao[uû]t|sep\w*|o[ck]t\w*|nov\w*|de[cz]\w*|d[eé]c\w*"
)
_DATELINE_RE = re.compile(
    rf"^\s*(?:\w+,?\s+)?(?:\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}"
    rf"|\d{{1,2}}[./-](?:{_MONTHS})[./-]\d{{2,4}}|\d{{1,2}}\.?\s+(?:{_MONTHS})\s+\d{{2,4}}"
    rf"|(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{2,4}}|\d{{1,2}}:\d{{2}})"
    r"(?:[\s,/-]+(?:\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?|\w+))*\s*$",
    re.I,
)


def boilerplate_kind(text: str) -> str | None:
    """``"dateline"`` or ``"credit"`` when a short line is one of those, else ``None``."""
    if _words(text) > 12 or len(text) > 100:
        return None
    if _DATELINE_RE.match(text) and re.search(r"\d", text):
        return "dateline"
    if _words(text) <= 6 and _CREDIT_RE.match(text):
        return "credit"
    return None


# --------------------------------------------------------------------------- OCR noise

# Text scanned from print carries a page's running header into the sentence that
# crosses the page break ("progressé 2 Les Alpes - 1957 - Die Alpen 17
# synchroniquement"): a page number, a title of capitalised words, a separator, a
# year, possibly a second title and a page number. Tokens are classed (N number,
# Y year, T capitalised word, P separator, x anything else) and the header is looked
# for in the string of classes, so that it needs a year between separators and at
# least one page number beside it.
_HEADER_SHAPE = re.compile(r"N?T{1,4}PY(?:PT{1,4})?N?")
_SEPARATORS = frozenset("-–—|·/")


def _token_class(tok: str) -> str:
    if re.fullmatch(r"\d{4}", tok):
        return "Y"
    if re.fullmatch(r"\d{1,4}", tok):
        return "N"
    if tok in _SEPARATORS:
        return "P"
    if tok[:1].isupper() and re.fullmatch(r"[^\W\d_][^\W\d_'’.-]*", tok):
        return "T"
    return "x"


_YEAR_TOKEN = re.compile(r"(?<!\S)\d{4}(?!\S)")
_SEPARATOR_TOKEN = re.compile(r"(?<!\S)[-–—|·/](?!\S)")


def _running_headers(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each page header inside ``text`` (see ``_HEADER_SHAPE``)."""
    if not (_YEAR_TOKEN.search(text) and _SEPARATOR_TOKEN.search(text)):
        return []  # every header shape has a year and a separator
    toks = list(re.finditer(r"\S+", text))
    if len(toks) < 4:
        return []
    classes = "".join(_token_class(m.group()) for m in toks)
    out = []
    for m in _HEADER_SHAPE.finditer(classes):
        shape = m.group()
        if shape.count("N") + shape.count("Y") >= 2:
            out.append((toks[m.start()].start(), toks[m.end() - 1].end()))
    return out


_GARBAGE_SYMBOL = re.compile(r"[*^~{}<>\\]")


def _garbage_tokens(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of tokens that are no word of any language: OCR debris such as
    "âjJi.ïïJïW", with the case flipping inside it more than once (a camel-case
    name such as "McDonald" flips once), or letters mixed with symbols no word has."""
    out = []
    symbols = _GARBAGE_SYMBOL.search(text) is not None
    for m in re.finditer(r"\S+", text):
        tok = m.group()
        # a word lower-case after its first letter flips no case (the common word)
        flips = (
            0 if tok[1:].islower() else sum(a.islower() and b.isupper() for a, b in pairwise(tok))
        )
        if flips >= 2 or (
            symbols and _GARBAGE_SYMBOL.search(tok) and any(c.isalpha() for c in tok)
        ):
            out.append((m.start(), m.end()))
    return out


def ocr_noise(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that OCR put there: running page headers and garbage tokens,
    sorted. Neither is content a translator could have rendered or left out."""
    return sorted(_running_headers(text) + _garbage_tokens(text))


@lru_cache(maxsize=8192)
def denoised(text: str) -> str:
    """``text`` without its OCR noise (see :func:`ocr_noise`)."""
    spans = ocr_noise(text)
    if not spans:
        return text
    parts, pos = [], 0
    for a, z in spans:
        parts.append(text[pos:a])
        pos = z
    parts.append(text[pos:])
    return " ".join(" ".join(parts).split())


# A sentence whose letters are this much OCR garbage is not judged by what it means.
_DAMAGED_SHARE = 0.25


def _ocr_damaged(text: str) -> bool:
    """True when garbage tokens hold ``_DAMAGED_SHARE`` or more of the text's letters."""
    total = sum(c.isalpha() for c in text)
    junk = sum(c.isalpha() for a, z in _garbage_tokens(text) for c in text[a:z])
    return total > 0 and junk / total >= _DAMAGED_SHARE


def _runs(ids: list[int]) -> Iterator[list[int]]:
    """Consecutive runs inside a sorted list of ids."""
    run: list[int] = []
    for i in ids:
        if run and i != run[-1] + 1:
            yield run
            run = []
        run.append(i)
    if run:
        yield run


# --------------------------------------------------------------------------- checks


# Unmatched content on both sides that matches this well is the same content moved.
_MOVED_MIN = 0.6


def check_unaligned(ctx: CheckContext) -> list[Finding]:
    """Paragraphs and sentences with no counterpart: omissions, additions, boilerplate,
    and content that only moved (unmatched on both sides, but matching each other).

    Sentences left alone next to an aligned pair that matches better with them than
    without them are reported as info: the aligner split them off a translation it
    could not fit into one bead (see :func:`_neighbour_gains`).
    """
    units: dict[str, list[tuple[list[int], bool]]] = {"src": [], "tgt": []}
    inside_of: dict[str, list[list[int]]] = {"src": [], "tgt": []}
    for pbead, inside in ctx.paragraph_beads:
        whole = not (pbead.src and pbead.tgt)
        for side in ("src", "tgt"):
            doc = ctx.source if side == "src" else ctx.target
            if whole:
                # a whole unmatched paragraph: one finding per paragraph
                groups = [doc.sentences_of(p) for p in getattr(pbead, side)]
            else:
                lone = sorted(
                    i
                    for k in inside
                    for b in [ctx.sentence_beads[k]]
                    if not (b.src and b.tgt)
                    for i in getattr(b, side)
                )
                groups = list(_runs(lone))
            units[side].extend((ids, whole) for ids in groups if ids)
            inside_of[side].extend([] if whole else inside for ids in groups if ids)
    moved = _moved_pairs(ctx, units)
    gains = _neighbour_gains(ctx, units, inside_of)
    pieces = _sentence_pieces(ctx, units)
    out: list[Finding] = []
    for (si, ti), sim in moved.items():
        (ids_s, _), (ids_t, _) = units["src"][si], units["tgt"][ti]
        sspan, tspan = ctx.src_span(ids_s), ctx.tgt_span(ids_t)
        ctx.explained_src.append(sspan)
        ctx.explained_tgt.append(tspan)
        text = sspan.slice(ctx.source.text)
        out.append(
            Finding(
                "moved",
                "info",
                sim,
                sspan,
                tspan,
                f"This passage is translated, but in another place: “{_excerpt(text)}”",
                {"similarity": round(sim, 4), "source_sentences": ids_s, "target_sentences": ids_t},
            )
        )
    taken = {"src": {si for si, _ in moved}, "tgt": {ti for _, ti in moved}}
    for side in ("src", "tgt"):
        for k, (ids, whole) in enumerate(units[side]):
            if k in taken[side]:
                continue
            gain, piece = gains.get((side, k)), pieces.get((side, k))
            pairs = None if whole else [ctx.sentence_beads[n] for n in inside_of[side][k]]
            f = _unaligned_finding(
                ctx,
                side,
                ids,
                whole,
                gain[0] if gain else None,
                piece[0] if piece else None,
                partial(_other_side_near, ctx, side, pairs),
            )
            near = piece or gain
            if f.evidence.get("part_of_neighbour") and near is not None:
                # likely part of the pair next to it: its numbers and names are compared
                # as that pair's (a slip in them is still a slip)
                ctx.attached.setdefault(near[1], {"src": [], "tgt": []})[side].extend(ids)
                out.append(f)
                continue
            ctx.explained(side).append(f.source_span if side == "src" else f.target_span)
            out.append(f)
    return out


def _other_side_near(ctx: CheckContext, side: str, pairs: list[Bead] | None) -> str:
    """The other side's text near a run of ``side`` with no counterpart: the other side
    of the sentence pairs ``pairs`` around it, or the other document when ``pairs`` is
    ``None`` (a whole paragraph)."""
    if pairs is None:
        return ctx.target.text if side == "src" else ctx.source.text
    return " ".join(ctx.tgt_text(b.tgt) if side == "src" else ctx.src_text(b.src) for b in pairs)


def _moved_pairs(ctx: CheckContext, units) -> dict[tuple[int, int], float]:
    """Greedy one-to-one pairing of unmatched source and target units that are
    translations of each other (similar at least as much as a typical aligned pair)."""
    if not units["src"] or not units["tgt"]:
        return {}
    src = [ctx.src_text(ids) for ids, _ in units["src"]]
    tgt = [ctx.tgt_text(ids) for ids, _ in units["tgt"]]
    vecs = ctx.encode(src + tgt)
    sim = vecs[: len(src)] @ vecs[len(src) :].T
    matched = [b.score for _, b in _matched_beads(ctx)]
    floor = max(_MOVED_MIN, float(np.median(matched)) - 0.1) if matched else _MOVED_MIN
    out: dict[tuple[int, int], float] = {}
    used_s: set[int] = set()
    used_t: set[int] = set()
    for flat in np.argsort(-sim, axis=None):
        i, j = divmod(int(flat), sim.shape[1])
        if sim[i, j] < floor:
            break
        if i in used_s or j in used_t or _words(src[i]) < 3:
            continue
        used_s.add(i)
        used_t.add(j)
        out[(i, j)] = float(sim[i, j])
    return out


# Joining a lone sentence to the aligned pair next to it must raise that pair's
# similarity by more than this for the sentence to count as part of its translation: a
# sentence on the pair's topic, naming its people, gains a little without being any of
# it (0.002 for a deleted "Von diesem Unternehmen unter Leitung von Oberst E.Huerta …"
# beside "… dirigée par le colonel E.Huerta"; a real piece gains 0.03).
_NEIGHBOUR_GAIN = 0.01


def _neighbour_gains(
    ctx: CheckContext,
    units: dict[str, list[tuple[list[int], bool]]],
    inside_of: dict[str, list[list[int]]],
) -> dict[tuple[str, int], tuple[float, int]]:
    """For each run of lone sentences inside an aligned paragraph, how much the aligned
    sentence pair just before or after it gains in similarity when the run joins it
    (the better of the two), and that pair's sentence bead.

    A translation the aligner could not fit into one bead (a sentence cut in two at a
    semicolon, more sentences than ``max_bead`` allows) leaves a piece alone next to
    the rest of it: joined back, the pair matches better. A sentence that was really
    added or whose translation was deleted makes its neighbour's pair worse.
    """
    scores = [b.score for _, b in _matched_beads(ctx)]
    if not scores:
        return {}
    # only a pair that matches at least as well as this document's typical pair: a weak
    # pair (itself misaligned) gains from any text on its topic
    solid = float(np.median(scores))
    jobs: list[tuple[str, int, int, str, str, str]] = []
    for side in ("src", "tgt"):
        own_ids = (lambda b: b.src) if side == "src" else (lambda b: b.tgt)
        other_text = ctx.tgt_text if side == "src" else ctx.src_text
        own_text = ctx.src_text if side == "src" else ctx.tgt_text
        for k, ((ids, whole), inside) in enumerate(zip(units[side], inside_of[side])):
            if whole:
                continue
            for n in inside:
                b = ctx.sentence_beads[n]
                if not (b.src and b.tgt) or n in ctx.boilerplate_beads or b.score < solid:
                    continue
                near = own_ids(b)
                if near[-1] + 1 == ids[0] or ids[-1] + 1 == near[0]:
                    joined = sorted([*near, *ids])
                    jobs.append(
                        (
                            side,
                            k,
                            n,
                            own_text(near),
                            own_text(joined),
                            other_text(b.tgt if side == "src" else b.src),
                        )
                    )
    if not jobs:
        return {}
    uniq = list(dict.fromkeys(t for job in jobs for t in job[3:]))
    vec = dict(zip(uniq, ctx.encode(uniq)))
    out: dict[tuple[str, int], tuple[float, int]] = {}
    for side, k, n, near, joined, other in jobs:
        gain = float(vec[joined] @ vec[other]) - float(vec[near] @ vec[other])
        if (side, k) not in out or gain > out[(side, k)][0]:
            out[(side, k)] = (gain, n)
    return out


# Joined to its neighbour's pair, a piece of a cut sentence must leave that pair's length
# ratio nearer the typical one, or no farther from it than this percentile of the pairs.
_PIECE_RATIO_PERCENTILE = 90


def _sentence_pieces(
    ctx: CheckContext, units: dict[str, list[tuple[list[int], bool]]]
) -> dict[tuple[str, int], tuple[float, int]]:
    """Runs of lone sentences that are pieces of the aligned sentence next to them.

    Text cut into sentences at semicolons and colons, or at a page break, leaves the
    rest of a sentence on its own ("…vers le ciel ;" / "le travail d' érosion a
    progressé …"); when its neighbour is the edge of an aligned pair whose other side
    translates the whole sentence, the aligner may leave the piece alone. A run counts
    as such a piece when it continues the sentence before it or leads into the sentence
    after it (:func:`aligner.documents.continues_sentence`), and joining it to that pair
    brings the pair's length ratio nearer to the document's typical one, or leaves it
    no farther from it than most pairs' (``_PIECE_RATIO_PERCENTILE``). Returns
    ``(side, run) -> (the ratio distance saved, that pair's sentence bead)``.
    """
    beads = list(_matched_beads(ctx))
    if not beads:
        return {}
    typical = _typical_length_ratio(ctx, beads)
    # a length ratio no farther from the typical one than most pairs' is usual
    usual = float(
        np.percentile(
            [
                _ratio_distance(len(ctx.src_text(b.src)), len(ctx.tgt_text(b.tgt)), typical, "src")
                for _, b in beads
            ],
            _PIECE_RATIO_PERCENTILE,
        )
    )
    owner: dict[tuple[str, int], tuple[int, Bead]] = {}
    for n, b in beads:
        owner.update({("src", i): (n, b) for i in b.src})
        owner.update({("tgt", j): (n, b) for j in b.tgt})
    out: dict[tuple[str, int], tuple[float, int]] = {}
    for side in ("src", "tgt"):
        doc = ctx.source if side == "src" else ctx.target
        for k, (ids, whole) in enumerate(units[side]):
            if whole:
                continue
            first, last = doc.sentence_text(ids[0]), doc.sentence_text(ids[-1])
            before, after = ids[0] - 1, ids[-1] + 1
            found: tuple[int, Bead] | None = None
            if (
                before >= 0
                and continues_sentence(doc.sentence_text(before), first)
                and (side, before) in owner
            ):
                found = owner[(side, before)]
            elif (
                after < len(doc.sentences)
                and continues_sentence(last, doc.sentence_text(after))
                and (side, after) in owner
            ):
                found = owner[(side, after)]
            if found is None:
                continue
            n, near = found
            own = len(denoised(ctx.src_text(near.src) if side == "src" else ctx.tgt_text(near.tgt)))
            other_text = denoised(
                ctx.tgt_text(near.tgt) if side == "src" else ctx.src_text(near.src)
            )
            run_text = denoised(ctx.src_text(ids) if side == "src" else ctx.tgt_text(ids))
            joined = _ratio_distance(own + 1 + len(run_text), len(other_text), typical, side)
            saved = _ratio_distance(own, len(other_text), typical, side) - joined
            langs = (ctx.source.lang, ctx.target.lang)
            if saved > 0 or (
                # no nearer, but no farther off than most: then names and numbers the
                # pair's other side lacks make it no piece of that pair
                joined <= usual
                and not _lexically_foreign(
                    run_text, other_text, *(langs if side == "src" else langs[::-1])
                )
            ):
                out[(side, k)] = (saved, n)
    return out


def _unaligned_finding(
    ctx: CheckContext,
    side: str,
    ids: list[int],
    whole: bool,
    neighbour_gain: float | None,
    piece: float | None = None,
    other: Callable[[], str] | None = None,
) -> Finding:
    """The finding for a run of sentences ``ids`` of ``side`` with no counterpart;
    ``other`` gives the other side's text near it, asked for only when the run is short
    enough to be info (a fragment it owes a number is a warning)."""
    doc = ctx.source if side == "src" else ctx.target
    span = ctx.src_span(ids) if side == "src" else ctx.tgt_span(ids)
    text = span.slice(doc.text)
    kind = boilerplate_kind(text)
    first = doc.sentences[ids[0]].paragraph + 1
    if whole:
        where = f"paragraph {first}"
    else:
        where = f"{'sentence' if len(ids) == 1 else f'{len(ids)} sentences'} in paragraph {first}"
    has = "has" if whole or len(ids) == 1 else "have"
    src_span, tgt_span = (span, None) if side == "src" else (None, span)
    evidence: dict[str, Any] = {
        "unit": "paragraph" if whole else "sentence",
        "sentences": list(ids),
        "text": text,
    }
    if kind == "credit":
        other = "target" if side == "src" else "source"
        return Finding(
            "boilerplate",
            "info",
            0.8,
            src_span,
            tgt_span,
            f"Credit or source line only in the {'source' if side == 'src' else 'target'} "
            f"(paragraph {first}), none matching in the {other}: “{_excerpt(text)}”",
            {**evidence, "boilerplate": kind},
        )
    ftype = "omission" if side == "src" else "addition"
    severity = "info" if kind == "dateline" else _size_severity(text)
    langs = (ctx.source.lang, ctx.target.lang)
    if (
        severity == "info"
        and kind is None
        and other is not None
        and _fragment_owed(text, other(), *(langs if side == "src" else langs[::-1]))
    ):
        severity = "warning"
    if side == "src":
        msg = f"Source {where} {has} no counterpart in the target"
    else:
        msg = f"Target {where} {has} no counterpart in the source"
    if kind == "dateline":
        msg += " (a dateline)"
        evidence["boilerplate"] = kind
    elif _ocr_damaged(text):
        severity = "info"
        msg += " (damaged by OCR)"
        evidence["ocr_damaged"] = True
    elif (neighbour_gain is not None and neighbour_gain > _NEIGHBOUR_GAIN) or piece:
        # more likely part of the neighbouring pair's translation than a divergence
        severity = "info"
        evidence["part_of_neighbour"] = True
        if piece:
            evidence["piece_of_neighbour"] = True
        where_other = "target" if side == "src" else "source"
        msg = (
            f"{'Source' if side == 'src' else 'Target'} {where} {has} no counterpart of its "
            f"own in the {where_other}, but it may belong with the aligned sentence next to it"
        )
    if neighbour_gain is not None:
        evidence["neighbour_gain"] = round(neighbour_gain, 4)
    return Finding(
        ftype,
        severity,
        0.9 if whole else 0.8,
        src_span,
        tgt_span,
        f"{msg}: “{_excerpt(text)}”",
        evidence,
    )


def _matched_beads(ctx: CheckContext) -> Iterator[tuple[int, Bead]]:
    for k, b in enumerate(ctx.sentence_beads):
        if b.src and b.tgt and k not in ctx.boilerplate_beads:
            yield k, b


def check_boilerplate_pairs(ctx: CheckContext) -> list[Finding]:
    """Credit and source lines aligned with each other but different ("T/ Satt." and
    "Bron: ANHA"): boilerplate, never a meaning change."""
    out = []
    for k, b in enumerate(ctx.sentence_beads):
        if not (b.src and b.tgt):
            continue
        src, tgt = ctx.src_text(b.src), ctx.tgt_text(b.tgt)
        if boilerplate_kind(src) == "credit" and boilerplate_kind(tgt) == "credit":
            ctx.boilerplate_beads.add(k)
            if " ".join(src.split()) != " ".join(tgt.split()):
                out.append(
                    Finding(
                        "boilerplate",
                        "info",
                        0.8,
                        ctx.src_span(b.src),
                        ctx.tgt_span(b.tgt),
                        f"The credit or source lines differ: “{_excerpt(src)}” and "
                        f"“{_excerpt(tgt)}”",
                        {"boilerplate": "credit", "source": src, "target": tgt},
                    )
                )
    return out


# Where a clause may be cut off: after , ; : before an opening quote, around a dash.
_CLAUSE_CUT = re.compile(r"[:;,]\s+|\s+(?=[“\"«„‘])|\s[–—-]\s")
_CLAUSE_MAX_WORDS = 6
_CLAUSE_MIN_WORDS = 2
# A word as a reader counts it: an elision, a hyphen or an inner stop joins its parts
# ("D' ailleurs", "Aujourd'hui", "Peut-être", "z.B.").
_CLAUSE_WORD = re.compile(r"\w+(?:(?:['’]\s?|[-.])\w+)*")
# Removing a dropped clause from one side must raise the pair's similarity by this
# much, and the clause must not match the other side's own opening/closing clause.
_CLAUSE_GAIN = 0.008
_CLAUSE_ECHO = 0.5
# A clause that frames a quotation ("According to Amin:", "He warned, saying,", ",
# she said.") is the kind translators drop; any other clause must also leave its
# side too long for the pair's usual length ratio and raise similarity more.
_QUOTE_OPEN = '“"«„‘'
_QUOTE_CLOSE = '”"»’'
_OTHER_CLAUSE_GAIN = 0.015


def _frames_quote(text: str, edge: str, a: int, z: int) -> bool:
    if edge == "start":
        after = text[z:].lstrip()
        return text[a:z].rstrip().endswith(":") or after[:1] in _QUOTE_OPEN
    before = text[:a].rstrip(" ,")
    return before[-1:] in _QUOTE_CLOSE or before[-2:-1] in _QUOTE_CLOSE


def _edge_clauses(text: str) -> list[tuple[str, int, int, str]]:
    """Short leading and trailing clauses: (edge, start, end, the rest of the text)."""
    out = []
    for m in _CLAUSE_CUT.finditer(text):
        head = text[: m.end()]
        if 1 <= _words(head) <= _CLAUSE_MAX_WORDS and _words(text[m.end() :]) >= 4:
            out.append(("start", 0, m.end(), text[m.end() :]))
        tail = text[m.start() :]
        if 1 <= _words(tail) <= _CLAUSE_MAX_WORDS and _words(text[: m.start()]) >= 4:
            out.append(("end", m.start(), len(text), text[: m.start()]))
    return out


def _echoed(clause: str, other: str, lang: str, other_lang: str) -> bool:
    """True when the clause's numbers or names all turn up on the other side: then it
    was translated, however differently the sentence was built."""
    from .lexical import compare_names, compare_numbers

    for fn in (compare_numbers, compare_names):
        diff = fn(clause, other, lang, other_lang)
        if diff.matched and not diff.missing:
            return True
    return False


def _typical_length_ratio(ctx: CheckContext, beads: list[tuple[int, Bead]]) -> float:
    """Median source/target character ratio of the aligned beads."""
    ratios = [len(ctx.src_text(b.src)) / max(1, len(ctx.tgt_text(b.tgt))) for _, b in beads]
    return float(np.median(ratios))


def _ratio_offset(length: int, other: int, typical: float, side: str) -> float:
    """How far ``length`` against ``other`` is from the pair's typical ratio (log scale,
    above 0 when ``length`` is the longer); ``side`` says which of the two is the
    source."""
    expected = typical if side == "src" else 1 / typical
    return float(np.log(max(1, length) / max(1, other) / expected))


def _ratio_distance(length: int, other: int, typical: float, side: str) -> float:
    """The size of :func:`_ratio_offset`."""
    return abs(_ratio_offset(length, other, typical, side))


def check_clauses(ctx: CheckContext) -> list[Finding]:
    """A short clause at the start or end of one side with no counterpart on the other
    ("According to Amin:" before a quote the translation keeps).

    A clause counts as dropped when taking it away makes the pair more similar and it
    does not match the other side's own clause at the same edge.
    """
    beads = list(_matched_beads(ctx))
    if not beads:
        return []
    # a dropped clause leaves its side too long for the pair's typical length ratio
    typical = _typical_length_ratio(ctx, beads)
    jobs = []
    for k, b in beads:
        src, tgt = ctx.src_text(b.src), ctx.tgt_text(b.tgt)
        for side, text, other in (("src", src, tgt), ("tgt", tgt, src)):
            # only a clause framing a quotation, or one whose removal brings the
            # pair's length ratio nearer the typical one, can be reported
            off = _ratio_distance(len(text), len(other), typical, side)
            cands = []
            for edge, a, z, rest in _edge_clauses(text):
                if len(_CLAUSE_WORD.findall(text, a, z)) < _CLAUSE_MIN_WORDS:
                    continue  # a word alone ("Or ,", "D' ailleurs"): a connective, a heading
                frame = _frames_quote(text, edge, a, z)
                nearer = _ratio_distance(len(rest), len(other), typical, side) < off
                if frame or nearer:
                    cands.append((edge, a, z, rest, frame, nearer))
            if not cands:
                continue
            # What the clause may have been translated as: the other side's own
            # clause at the same edge, or (when the two sides cut sentences at
            # different places) the edge of the sentence just beyond it.
            own: dict[str, list[str]] = {"start": [], "end": []}
            for edge, a, z, _ in _edge_clauses(other):
                own[edge].append(other[a:z])
            other_doc, other_ids = (ctx.target, b.tgt) if side == "src" else (ctx.source, b.src)
            before, after = other_ids[0] - 1, other_ids[-1] + 1
            if before >= 0:
                prev = other_doc.sentence_text(before)
                own["start"] += [prev] + [
                    prev[a:z] for e, a, z, _ in _edge_clauses(prev) if e == "end"
                ]
            if after < len(other_doc.sentences):
                nxt = other_doc.sentence_text(after)
                own["end"] += [nxt] + [
                    nxt[a:z] for e, a, z, _ in _edge_clauses(nxt) if e == "start"
                ]
            jobs.append((k, b, side, text, other, cands, own))
    if not jobs:
        return []
    strings = []
    for _, _, _, text, other, cands, own in jobs:
        strings += [text, other]
        for _, a, z, rest, _, _ in cands:
            strings += [rest, text[a:z]]
        strings += own["start"] + own["end"]
    uniq = list(dict.fromkeys(strings))
    vec = dict(zip(uniq, ctx.encode(uniq)))
    out = []
    for _, b, side, text, other, cands, own in jobs:
        base = float(vec[text] @ vec[other])
        best: dict[str, tuple[float, str, int, int, float, bool]] = {}
        for edge, a, z, rest, frame, nearer in cands:
            gain = float(vec[rest] @ vec[other]) - base
            echo = max((float(vec[text[a:z]] @ vec[c]) for c in own[edge]), default=0.0)
            if (
                gain >= _CLAUSE_GAIN
                and echo < _CLAUSE_ECHO
                and (frame or (nearer and gain >= _OTHER_CLAUSE_GAIN))
                and not _echoed(
                    text[a:z],
                    other,
                    ctx.source.lang if side == "src" else ctx.target.lang,
                    ctx.target.lang if side == "src" else ctx.source.lang,
                )
            ):
                if edge not in best or gain > best[edge][0]:
                    best[edge] = (gain, edge, a, z, echo, frame)
        for found in best.values():
            f = _clause_finding(ctx, b, side, text, *found)
            if f is not None:
                out.append(f)
    return out


def _clause_finding(
    ctx: CheckContext,
    b: Bead,
    side: str,
    text: str,
    gain: float,
    edge: str,
    a: int,
    z: int,
    echo: float,
    frame: bool,
) -> Finding | None:
    ids = b.src if side == "src" else b.tgt
    doc = ctx.source if side == "src" else ctx.target
    clause = text[a:z].strip(" ,;:–—-")
    lead = text[a:z]
    a += len(lead) - len(lead.lstrip(" ,;:–—-"))
    # the joined text starts with the first sentence and ends with the last
    first, last = doc.sentences[ids[0]].span, doc.sentences[ids[-1]].span
    start = first.start + a if edge == "start" else last.end - (len(text) - a)
    span = Span(start, start + len(clause))
    if span.slice(doc.text) != clause:
        return None  # the clause straddles two sentences: no exact span to show
    explained = ctx.explained(side)
    if any(e.start <= span.start and span.end <= e.end for e in [*explained, *ctx.next_door(side)]):
        # already explained: a sentence of its own reported as such, or OCR noise; or a
        # sentence of the pair next door
        return None
    src_span, tgt_span = (
        (span, ctx.tgt_span(b.tgt)) if side == "src" else (ctx.src_span(b.src), span)
    )
    explained.append(span)
    # a dropped attribution is a warning, and so is a heading of a word or two holding
    # a number the other side lacks nearby, in the pair or the sentences just before
    # and after it ("1. 1950 :" before the line it heads, read as one sentence); other
    # clauses rest on weaker evidence
    words = _words(clause)
    langs = (ctx.source.lang, ctx.target.lang)
    other_doc, other_ids = (ctx.target, b.tgt) if side == "src" else (ctx.source, b.src)
    near = range(max(0, other_ids[0] - 1), min(len(other_doc.sentences), other_ids[-1] + 2))
    owed = words < 3 and _fragment_owed(
        clause,
        " ".join(other_doc.sentence_text(i) for i in near),
        *(langs if side == "src" else langs[::-1]),
    )
    return Finding(
        "omission" if side == "src" else "addition",
        "warning" if (frame and words >= 3) or owed else "info",
        min(1.0, 0.5 + gain * 10),
        src_span,
        tgt_span,
        f"The clause “{_excerpt(clause)}” at the {edge} of this sentence has no "
        f"counterpart in the {'target' if side == 'src' else 'source'}",
        {
            "unit": "clause",
            "text": clause,
            "similarity_gain": round(gain, 4),
            "other_side_clause_similarity": round(echo, 4),
            "frames_quotation": frame,
        },
    )


# A sentence inside a many-sentence bead counts as unmatched when it matches no single
# sentence of the other side and dropping it raises the bead's similarity: by
# _SENTENCE_GAIN when the bead's length ratio also moves towards the pair's usual one
# without it, by _SENTENCE_STRONG_GAIN on its own (the other side may be cut into
# sentences elsewhere, which blurs lengths), or by anything at all when most of its
# names and numbers are absent from the other side.
_SENTENCE_GAIN = 0.01
_SENTENCE_STRONG_GAIN = 0.04
_SENTENCE_ECHO = 0.45
# A sentence at a bead's edge that matches a clause of the next pair's other side this
# well belongs to that pair (a clause on the same topic matches up to about 0.4).
_DOOR_CLAUSE_ECHO = 0.45
# A folded sentence whose names and numbers are missing from the other side may cost
# the bead this much similarity when the bead's length ratio is nearer the usual one
# without it; one folded across a paragraph break may cost twice as much.
_FOREIGN_COST = 0.04
_CROSSED_COST = 0.08
# Dropping a fragment of one or two words must raise the bead's similarity this much
# for it to be reported (as info) without missing names or numbers.
_FRAGMENT_GAIN = 0.03
# Weaker evidence for a folded sentence (info): the bead is this far from the usual
# length ratio (log scale) and half as far without the sentence, which costs the bead
# less than _LENGTH_COST; or the sentence matches nothing and costs less than _FREE_COST.
_LENGTH_OFF = 0.2
# A length ratio that swings past the usual one when a sentence is dropped, ending up
# this share of its distance or more on the other side, does not come nearer.
_SWING_SHARE = 0.8
_LENGTH_COST = 0.07
_FREE_COST = 0.005
# A question or exclamation the other side lacks may cost the bead this much.
_MARK_COST = 0.01
# A sentence of _MATCHLESS_WORDS words or more that matches no sentence and no clause of
# the other side clearly, whose dropping raises the bead's similarity by
# _MATCHLESS_GAIN, is reported by its size whatever the lengths say, unless a long
# word of it has a cognate there that the rest of its side lacks ("Techniquement , son
# ascension ne présente pas de difficultés ." for "… technisch unschwierige Kuppel …").
_MATCHLESS_WORDS = 6
_MATCHLESS_GAIN = 0.02
_COGNATE_PREFIX = 6
# A sentence of _LENGTH_ONLY_WORDS words or more in a bead of two sentences or more a
# side, whose side is _LENGTH_ONLY_OFF too long for the pair's usual length ratio with
# it and within _LENGTH_ONLY_AFTER without it, and which matches the other side least
# of its side, is reported by its size on the lengths alone (the similarity may drop
# a little without it: the encoder ties it to the other side's topic).
_LENGTH_ONLY_WORDS = 8
_LENGTH_ONLY_OFF = 0.35
_LENGTH_ONLY_AFTER = 0.15


_LONG_WORD = re.compile(r"[^\W\d_]{3,}")


def _words_repeated(sent: str, rest: str) -> bool:
    """Whether every word of three letters or more of ``sent`` (one at least) is in
    ``rest`` too, whatever the case."""
    words = {w.casefold() for w in _LONG_WORD.findall(sent)}
    return bool(words) and words <= {w.casefold() for w in _LONG_WORD.findall(rest)}


def _sentence_echoed(sent: str, rest: str, other: str, lang: str, other_lang: str) -> bool:
    """True when the other side has all of the sentence's names and numbers, and at
    least one of them is not also in the rest of the sentence's own side: only then
    does the other side owe them to this sentence.

    A sentence inserted next to one on the same mountain shares its name; a deleted
    sentence that repeats its neighbour's height ("7729 m") finds that height in the
    neighbour's translation. Neither proves that the sentence was translated. Nor
    does a plain word that accounts for a name of the other side ("les chaînes
    népalaises" beside a "Nepal" the neighbour's translation left out): the
    sentence names nothing that could be owed."""
    from .lexical import compare_names, compare_numbers

    own = 0
    for fn in (compare_numbers, compare_names):
        diff = fn(sent, other, lang, other_lang)
        if diff.missing:
            return False
        in_rest = {(a.start, a.end) for a, _ in fn(sent, rest, lang, lang).matched}
        own += sum((a.start, a.end) not in in_rest and a.kind != "word" for a, _ in diff.matched)
    return own > 0


_COGNATE_WORD = re.compile(rf"[^\W\d_]{{{_COGNATE_PREFIX},}}")


def _cognate_echo(sent: str, rest: str, other: str) -> bool:
    """True when a word of six letters or more of ``sent`` starts like a word of
    ``other`` (its first six letters, accents aside) and like no word of ``rest``, the
    rest of its own side: the other side may say it ("Techniquement" and
    "technisch")."""
    from .lexical import _strip_accents

    def starts(text: str) -> set[str]:
        return {_strip_accents(w)[:_COGNATE_PREFIX] for w in _COGNATE_WORD.findall(text)}

    return bool((starts(sent) & starts(other)) - starts(rest))


def _maybe_rendered(sents: list[str], p: int, rest: str, other: str) -> bool:
    """Whether the other side may say sentence ``p`` of a bead side in a clause the
    encoder does not tie to it: the sentence is a piece whose rest follows it in the
    bead ("Le temps finit par s' améliorer ;" before "toutes les forces se mirent au
    travail …", for "Endlich klarte es auf , mit allen Kräften …"), or a long word of
    it has a cognate there (:func:`_cognate_echo`; ``rest`` is the rest of its side,
    ``other`` the other side)."""
    return (p + 1 < len(sents) and continues_sentence(sents[p], sents[p + 1])) or _cognate_echo(
        sents[p], rest, other
    )


def _lexically_foreign(text: str, other: str, lang: str, other_lang: str) -> bool:
    """True when the text's names and numbers are mostly missing from the other side."""
    from .lexical import compare_names, compare_numbers

    missing = matched = 0
    for fn in (compare_numbers, compare_names):
        diff = fn(text, other, lang, other_lang)
        missing += len(diff.missing)
        matched += len(diff.matched)
    return missing > matched


# Where a long sentence divides into clauses: , ; : brackets, a dash between spaces, and
# a full stop before a capital (two sentences the splitter left joined).
_CLAUSE_SPLIT = re.compile(r"\s*[,;:()]\s+|\s+[–—-]\s+|(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ])")


def _clause_echo(encode: Callable[[Sequence[str]], np.ndarray], sent: str, other: str) -> float:
    """The best similarity of ``sent`` to a clause of ``other``, or to two clauses side by
    side: a sentence that renders one clause of a long sentence ("Pas de difficultés
    notables ." for "…, technisch unschwierig .") matches it far better than the
    whole. A heading run into the sentence counts as a clause (see
    :func:`_heading_ends`)."""
    parts = [
        part
        for c in _CLAUSE_SPLIT.split(other)
        for a, z in pairwise([0, *_heading_ends(c), len(c)])
        if _words(part := c[a:z].strip()) >= 2
    ]
    pieces = list(dict.fromkeys([*parts, *(f"{a} {b}" for a, b in pairwise(parts))]))
    if not pieces:
        return -1.0
    vec = encode([sent, *pieces])
    return float((vec[1:] @ vec[0]).max())


def _copied(sents: list[str], other: str, others: list[str]) -> bool:
    """True when one of ``sents`` is prose copied unchanged from the other side (between
    two languages: an untranslated sentence): similarity then says nothing about the
    sentences beside it, since dropping any of them leaves a perfect match."""
    whole = {_norm(other), *(_norm(o) for o in others)}
    # names and references read the same in any language: only prose is a copy
    return any(_norm(s) in whole and len(_prose_words(s)) >= 3 for s in sents)


# Question and exclamation marks of any script ("⁈" and "⁉" are both), and the
# quotes and brackets that may close a sentence after them.
_QUESTION_MARKS = "?？؟⁇⁈⁉"
_EXCLAMATION_MARKS = "!！‼⁈⁉"
_ASKS_OR_EXCLAIMS = re.compile(
    rf"[{_QUESTION_MARKS}{_EXCLAMATION_MARKS}]+(?=[\s\"'»”’“‘«›‹)\]）》】」』]*$)"
)
_MARK_MAX_WORDS = 4


def _mark_unanswered(sent: str, other: str) -> bool:
    """True when ``sent``, of _MARK_MAX_WORDS words at most, asks or exclaims ("Was nun
    ?", "„Welche Enttäuschung!“", "Wie bitte?!") and ``other`` has no mark of any kind
    it ends with. Translators keep these marks, and a sentence of two words says too
    little for the encoder: the missing mark is the better trace of a question or
    exclamation left out."""
    if _words(sent) > _MARK_MAX_WORDS or not (m := _ASKS_OR_EXCLAIMS.search(sent)):
        return False
    kinds = [k for k in (_QUESTION_MARKS, _EXCLAMATION_MARKS) if any(c in k for c in m[0])]
    return not any(c in other for k in kinds for c in k)


def _leads_into_next(sents: list[str], p: int) -> bool:
    """True when sentence ``p`` introduces the next one in the same bead: it ends with no
    full stop, question or exclamation mark (of any script), as after a colon ("It is
    very telling:"), a semicolon, or nothing. Translators often merge such a lead-in
    into the sentence it introduces."""
    return p + 1 < len(sents) and not SENTENCE_END.search(sents[p])


def _piece_of_neighbour(doc: Document, ids: Sequence[int], p: int) -> bool:
    """True when sentence ``ids[p]`` is a piece of a sentence cut by the splitter whose
    other part lies outside the bead: it leads into the next sentence (no closing
    punctuation) and that one is not in the bead, or it continues the sentence before
    it (starts in lower case after one without closing punctuation) and that one is
    not in the bead."""
    i = ids[p]
    if (
        p == len(ids) - 1
        and i + 1 < len(doc.sentences)
        and not SENTENCE_END.search(doc.sentence_text(i))
    ):
        return True
    return _continues_before(doc, ids, p)


def _cut_at_edge(doc: Document, ids: Sequence[int], p: int) -> bool:
    """True when sentence ``ids[p]``, at an edge of the bead, and the sentence just
    outside that edge are one sentence cut in two (see
    :func:`aligner.documents.continues_sentence`)."""
    i = ids[p]
    if p == len(ids) - 1 and i + 1 < len(doc.sentences):
        return continues_sentence(doc.sentence_text(i), doc.sentence_text(i + 1))
    return _continues_before(doc, ids, p)


def _continues_before(doc: Document, ids: Sequence[int], p: int) -> bool:
    """True when sentence ``ids[p]`` opens the bead and continues the sentence just
    before it, outside the bead."""
    i = ids[p]
    return p == 0 and i > 0 and continues_sentence(doc.sentence_text(i - 1), doc.sentence_text(i))


def _across_paragraph_break(
    doc: Document,
    ids: Sequence[int],
    other_doc: Document,
    other_ids: Sequence[int],
    p: int,
    echoes: list[float],
) -> bool:
    """True when the bead's side ``ids`` spans a paragraph break the other side does not
    have, and sentence ``p`` lies in another paragraph than the sentence that matches
    the other side best: paragraphs of a translation correspond, so the aligner folded
    it across the break."""
    paras = [doc.sentences[i].paragraph for i in ids]
    if len(set(paras)) < 2 or len({other_doc.sentences[j].paragraph for j in other_ids}) > 1:
        return False
    best = max(range(len(ids)), key=echoes.__getitem__)
    return paras[p] != paras[best]


# Percentiles of the similarity between sentences of the two sides that lie more than
# one bead apart (unrelated by the alignment): at or below the first a sentence matches
# nothing; at or above the second it clearly matches something.
_UNRELATED_PERCENTILE = 60
_RELATED_PERCENTILE = 95
_UNRELATED_MIN_PAIRS = 20


def _unrelated_levels(ctx: CheckContext, vec: dict[str, np.ndarray]) -> tuple[float, float] | None:
    """This document pair's similarity of unrelated sentences, at
    ``_UNRELATED_PERCENTILE`` and ``_RELATED_PERCENTILE`` (``None`` when too few pairs
    lie far enough apart). Calibrating on the pair itself keeps the levels right for
    any encoder and language pair."""
    bead_of_src: dict[int, int] = {}
    bead_of_tgt: dict[int, int] = {}
    for k, b in enumerate(ctx.sentence_beads):
        bead_of_src.update(dict.fromkeys(b.src, k))
        bead_of_tgt.update(dict.fromkeys(b.tgt, k))
    src = np.array([vec[t] for t in ctx.source.sentence_texts])
    tgt = np.array([vec[t] for t in ctx.target.sentence_texts])
    if not len(src) or not len(tgt):
        return None
    ks = np.array([bead_of_src.get(i, -10) for i in range(len(src))])
    kt = np.array([bead_of_tgt.get(j, -10) for j in range(len(tgt))])
    far = np.abs(ks[:, None] - kt[None, :]) >= 2
    sims = (src @ tgt.T)[far]
    if sims.size < _UNRELATED_MIN_PAIRS:
        return None
    low, high = np.percentile(sims, [_UNRELATED_PERCENTILE, _RELATED_PERCENTILE])
    return float(low), float(high)


def check_partial_beads(ctx: CheckContext) -> list[Finding]:
    """Sentences folded into a many-to-one bead that have no counterpart of their own:
    a sentence deleted or inserted next to a kept one often aligns as 2-1 instead of
    1-0 + 1-1."""
    beads = list(_matched_beads(ctx))
    if not beads:
        return []
    typical = _typical_length_ratio(ctx, beads)
    jobs = []
    strings: list[str] = []
    for k, b in beads:
        for side in ("src", "tgt"):
            ids = b.src if side == "src" else b.tgt
            if len(ids) < 2:
                continue
            doc = ctx.source if side == "src" else ctx.target
            other_doc, other_ids = (ctx.target, b.tgt) if side == "src" else (ctx.source, b.src)
            sents = [doc.sentence_text(i) for i in ids]
            others = [other_doc.sentence_text(j) for j in other_ids]
            text, other = " ".join(sents), " ".join(others)
            rests = [" ".join(sents[:p] + sents[p + 1 :]) for p in range(len(sents))]
            # the pairs just before and after: an edge sentence may be theirs
            edges: dict[int, tuple[str, str, str]] = {}
            for p, n in ((0, k - 1), (len(sents) - 1, k + 1)):
                if (door := _next_door(ctx, n, side, sents[p], before=p == 0)) is not None:
                    edges[p] = door
                    strings += door
            jobs.append((k, b, side, ids, sents, text, other, others, rests, edges))
            strings += [text, other, *sents, *others, *rests]
    if not jobs:
        return []
    all_src, all_tgt = ctx.source.sentence_texts, ctx.target.sentence_texts
    uniq = list(dict.fromkeys([*strings, *all_src, *all_tgt]))
    vec = dict(zip(uniq, ctx.encode(uniq)))
    levels = ctx.levels = _unrelated_levels(ctx, vec)
    ctx.levels_known = True
    out = []
    for k, b, side, ids, sents, text, other, others, rests, edges in jobs:
        base = float(vec[text] @ vec[other])
        sims = [[float(vec[s] @ vec[o]) for o in others] for s in sents]
        echoes = [max(row) for row in sims]
        gains = [float(vec[rest] @ vec[other]) - base for rest in rests]
        lang, other_lang = (ctx.source.lang, ctx.target.lang)
        if side == "tgt":
            lang, other_lang = other_lang, lang
        # a sentence whose dropping raises the similarity strongly, matching nothing,
        # no lead-in and not owed names or numbers by the other side: the lengths of
        # the others are judged without it (an inserted sentence makes the bead too
        # long, and dropping any other sentence looks right too)
        top = max(range(len(sents)), key=gains.__getitem__)
        if not (
            gains[top] >= _SENTENCE_STRONG_GAIN
            and echoes[top] < _SENTENCE_ECHO
            and not _leads_into_next(sents, top)
            and not _sentence_echoed(sents[top], rests[top], other, lang, other_lang)
        ):
            top = -1
        if not ctx.monolingual and _copied(sents, other, others):
            continue
        doc = ctx.source if side == "src" else ctx.target
        other_doc = ctx.target if side == "src" else ctx.source
        other_ids = b.tgt if side == "src" else b.src
        for p, (sent, rest) in enumerate(zip(sents, rests)):
            gain = gains[p]
            echo = echoes[p]
            kept = [q for q in range(len(sents)) if q != top or q == p]
            length = len(" ".join(sents[q] for q in kept))
            offset = _ratio_offset(length, len(other), typical, side)
            offset_after = _ratio_offset(
                len(" ".join(sents[q] for q in kept if q != p)), len(other), typical, side
            )
            before, after = abs(offset), abs(offset_after)
            # the lengths speak for dropping the sentence when they come nearer the usual
            # ratio without it, and do not merely swing past it (a side too long by
            # less than the sentence, about as short without it, says nothing)
            shorter = after < before and (
                after < before * _SWING_SHARE or (offset > 0) == (offset_after > 0)
            )
            swings = after < before and not shorter
            # a sentence that matches the other side only as a sentence on its topic
            # does: the one it matches best is matched better by another sentence of
            # the bead, and dropping it raises the similarity and brings a length ratio
            # far from the usual one at least halfway back (context only, unless its
            # names and numbers are missing from the other side)
            best = sims[p].index(echo)
            overshadowed = (
                echo >= _SENTENCE_ECHO
                and any(sims[q][best] > echo for q in range(len(sents)) if q != p)
                and gain >= _SENTENCE_GAIN
                and before >= _LENGTH_OFF
                and after <= before / 2
                and not _leads_into_next(sents, p)
            )
            if echo >= _SENTENCE_ECHO and not overshadowed:
                continue
            others_best = max(e for q, e in enumerate(echoes) if q != p)
            # how well the sentence matches a clause of the other side: encoded once,
            # when a rule first asks
            clause_echo = cache(partial(_clause_echo, ctx.encode, sent, other))
            # a sentence that matches the other side no better than this document's
            # unrelated sentences do, beside one that matches it clearly, when the
            # bead's length ratio is nearer the usual one without it: folded in by
            # the aligner although dropping it costs the bead a little similarity
            # (a lead-in merged into the sentence it introduces matches nothing
            # either, so it does not count, nor does a sentence that clearly matches
            # a clause of the other side)
            unrelated = (
                levels is not None
                and gain > -_SENTENCE_STRONG_GAIN
                and echo <= levels[0]
                and others_best >= levels[1]
                and after < before
                and _words(sent) >= 3
                and not _leads_into_next(sents, p)
                and clause_echo() < levels[1]
            )
            # folded across a paragraph break the other side does not have, matching
            # nothing clearly (below this pair's related level)
            crossed = (
                levels is not None
                and gain > -_CROSSED_COST
                and echo < levels[1]
                and _across_paragraph_break(doc, ids, other_doc, other_ids, p, echoes)
                and not _piece_of_neighbour(doc, ids, p)
            )
            # context only (info): the bead's length ratio is far from the usual one
            # and nearly right without the sentence, which matches the other side less
            # well than the bead's other sentences and costs it little; or it matches
            # nothing (the unrelated level) beside a sentence that clearly matches, and
            # dropping it costs nothing, whatever the lengths say
            # a lead-in ends with a colon; a label of a word or two ending the bead
            # ("Literatur :" before a list), whose other side ends with none, is no
            # clause a translator merges into what follows: judged like any sentence
            lead = sent.rstrip().endswith(":") and (
                p + 1 < len(sents) or other.rstrip().endswith(":") or _words(sent) >= 3
            )
            context_only = (
                levels is not None
                and not lead
                and (
                    (
                        _words(sent) >= 3
                        and before >= _LENGTH_OFF
                        and after <= before / 2
                        and gain > -_LENGTH_COST
                        and echo < others_best
                    )
                    or (
                        gain > -_FREE_COST
                        and echo <= levels[0]
                        and others_best >= levels[1]
                        # a word or two ("Vorwärts !") only when the lengths agree
                        and (_words(sent) >= 3 or after < before)
                    )
                    # a question or exclamation the other side never asks or exclaims,
                    # matching nothing there and costing the bead next to nothing
                    or (
                        gain > -_MARK_COST
                        and echo < levels[1]
                        and _mark_unanswered(sent, other)
                        and clause_echo() < levels[1]
                    )
                )
            )
            foreign = _lexically_foreign(sent, other, lang, other_lang)
            reportable = gain >= 0 or (
                unrelated or crossed or (foreign and gain > -_FOREIGN_COST and after < before)
            )
            if not (reportable or context_only):
                continue
            # otherwise context only; an overshadowed sentence whose names and numbers
            # the other side lacks is reported by its size (its match is its topic's)
            foreign = foreign and reportable
            fragment = _words(sent) < 3
            clear = not (fragment or overshadowed) and (
                gain >= _SENTENCE_STRONG_GAIN
                or (gain >= _SENTENCE_GAIN and shorter)
                or unrelated
                or crossed
            )
            # a gain the lengths neither support nor deny: weak evidence
            demoted = not (clear or fragment) and swings and gain >= _SENTENCE_GAIN
            lead_in = not (unrelated or crossed) and _leads_into_next(sents, p)
            if lead_in and (clear or demoted or context_only):
                # a lead-in cut off at its colon or semicolon, with what it introduces
                # in the same bead: a weak gain is no evidence (the other side often
                # says it in a clause of one sentence); nor is a strong one, nor any
                # context, when it clearly matches a clause of the other side:
                # translated there
                echoed = levels is not None and clause_echo() >= levels[1]
                demoted = (clear or demoted) and not echoed and gain < _SENTENCE_STRONG_GAIN
                clear = clear and not echoed and gain >= _SENTENCE_STRONG_GAIN
                context_only = context_only and not echoed
            # weaker evidence, reported as context only: dropping a fragment of one or
            # two words clearly raises the similarity, or dropping a sentence raises it
            # although the bead's length ratio speaks against it; either way it matches
            # no sentence and no clause of the other side clearly, and it is no lead-in
            # ("Then the search began:"), whose meaning lies in what follows; a
            # fragment whose words the rest of its side says too matches the other
            # side's clause through them ("Literatur :" after "… der einschlägigen
            # Literatur erstaunlich ." for "… de la littérature correspondante .")
            weak = (
                not (clear or foreign)
                and levels is not None
                and (not lead or echo <= levels[0])
                and echo < levels[1]
                and gain >= (_FRAGMENT_GAIN if fragment else _SENTENCE_GAIN)
                and (clause_echo() < levels[1] or (fragment and _words_repeated(sent, rest)))
            )
            # whether the other side may say the sentence where the encoder does not
            # see it (:func:`_maybe_rendered`): asked by the two rules below, at most once
            rendered = cache(partial(_maybe_rendered, sents, p, rest, other))
            # a sentence matching nothing, whose dropping raises the similarity
            # clearly: the lengths' say is no more than the translator's wordiness
            if (
                weak
                and not (lead or overshadowed)
                and _words(sent) >= _MATCHLESS_WORDS
                and gain >= _MATCHLESS_GAIN
                and not rendered()
            ):
                clear, weak = True, False
            # the lengths alone: in a bead of two sentences or more a side, the bead's
            # side far too long with the sentence and about right without it, the
            # sentence a long one and the one of its side that matches the other side
            # least ("Als sie in der Scharte sind , ist es schon vollständig dunkel ."
            # beside "Es geht hinunter , im Wettlauf mit der Nacht , doch umsonst :" for
            # "La descente est une course contre la nuit ; mais c' est en vain ."); not
            # the rest of a sentence cut before it (a lower-case start), whose lengths
            # may belong with that sentence
            if (
                context_only
                and not clear
                and len(others) >= 2
                and _words(sent) >= _LENGTH_ONLY_WORDS
                and before >= _LENGTH_ONLY_OFF
                and after <= _LENGTH_ONLY_AFTER
                and echo < min(e for q, e in enumerate(echoes) if q != p)
                and not sent.lstrip()[:1].islower()  # no piece of a sentence cut before
                and not rendered()
            ):
                clear = True
            weak = weak or (not (clear or foreign) and (context_only or demoted or overshadowed))
            if not (clear or foreign or weak):
                continue
            if _sentence_echoed(sent, rest, other, lang, other_lang):
                continue
            known = partial(bool, foreign)  # worked out above
            if p in edges and (
                _door_owns(vec, edges[p], sent, known, lang, other_lang)
                or (
                    _clause_echo(ctx.encode, sent, edges[p][2]) >= _DOOR_CLAUSE_ECHO
                    and not _lexically_foreign(sent, edges[p][2], lang, other_lang)
                )
                or (
                    (
                        _cut_at_edge(doc, ids, p)
                        or (p == 0 and _leads_into_next(sents, p) and sent.rstrip().endswith(":"))
                    )
                    and _door_length_saved(
                        _door_unreported(ctx, k, p == 0, side, edges[p], sent),
                        typical,
                        side,
                    )
                    > 0
                    and not _lexically_foreign(sent, edges[p][2], lang, other_lang)
                )
            ):
                # the aligner drew the bead boundary one sentence off: the pair next
                # door matches better with the sentence, or a clause of its other side
                # renders it ("Pas de difficultés notables ." for "…, technisch
                # unschwierig ."), one naming other people or places does not; or the
                # sentence is a piece of a sentence cut at a colon or semicolon whose
                # rest opens that pair, and it brings that pair's length ratio nearer
                # the usual one ("Il s' agit de chercher une place de bivouac … :" before
                # "deux étroites banquettes …" for "Es wurde Zeit , einen Biwakplatz
                # herzurichten , zwei schmale Bänder …"); or it is a lead-in opening
                # its bead that the pair before takes in by its lengths ("Nun begannen
                # die Erkundungen :" for "… et que les reconnaissances purent commencer")
                ctx.next_door(side).append(doc.sentences[ids[p]].span)
                continue
            span = doc.sentences[ids[p]].span
            ctx.explained(side).append(span)
            para = doc.sentences[ids[p]].paragraph + 1
            where = "target" if side == "src" else "source"
            damaged = _ocr_damaged(sent)
            out.append(
                Finding(
                    "omission" if side == "src" else "addition",
                    # OCR debris says nothing about what the sentence meant; a fragment
                    # holding a number or name the other side lacks is content
                    "info"
                    if damaged or weak
                    else "warning"
                    if fragment and foreign and _fragment_owed(sent, other, lang, other_lang)
                    else _size_severity(sent),
                    min(1.0, 0.5 + gain * 10),
                    span if side == "src" else ctx.src_span(b.src),
                    span if side == "tgt" else ctx.tgt_span(b.tgt),
                    f"{'Source' if side == 'src' else 'Target'} sentence in paragraph {para} "
                    f"has no counterpart in the {where}: “{_excerpt(sent)}”",
                    {
                        "unit": "sentence",
                        "text": sent,
                        "similarity_gain": round(gain, 4),
                        "best_sentence_similarity": round(echo, 4),
                        "names_numbers_missing": foreign,
                        "across_paragraph_break": crossed,
                        "weak_evidence": weak,
                        "ocr_damaged": damaged,
                    },
                )
            )
    return out


# Inside one sentence: a sentence mark (of any script), colon or semicolon, with any
# closing quotes or brackets after it, before a space, where the splitter may have
# left two sentences joined ("… Ronti , 6064 m. équipe du sommet …", "8. 1956 :
# L'année 1956 apporta la décision .").
_HIDDEN_CUT = re.compile(rf"[.!?…{SCRIPT_MARKS}:;](?:\s*[\"'»”’)\]])*\s+")
_GLUED_MIN_WORDS = 3  # words of two letters or more, or numbers
_GLUED_MAX_CUTS = 6
_GLUED_WORD = re.compile(r"\d+|[^\W\d_]{2,}")
_BEFORE_STOP = re.compile(r"(\w+)\s?$")


def _hidden_end(text: str, m: re.Match) -> bool:
    """True when the mark matched at ``m`` may end a sentence the splitter left joined.

    Not a stop after a day or an ordinal ("am 6. und 7. Juli") or an initial ("E. P.
    Hillary", "The U.S. Senate"); one after a unit ("6064 m.") may end a sentence.
    Before a capital, a stop counts only after a word of three letters or more in
    lower case or a number of three digits or more: after a capitalised word it is
    more likely an abbreviation ("Prof. Evans", "Mrs. Joyce")."""
    if m.end() >= len(text.rstrip()):
        return False
    if text[m.start()] != ".":
        return True
    word = _BEFORE_STOP.search(text, max(0, m.start() - 12), m.start())
    if word is None:
        return True
    w = word.group(1)
    if text[word.start() - 1 : word.start()] == ".":
        return False  # the end of an abbreviation with stops inside ("U.S.", "z.B.")
    if w.isdigit():
        return len(w) > 2
    if len(w) == 1:
        # a lower-case unit after a number; never an initial
        before = text[max(0, word.start() - 2) : word.start()]
        return w.islower() and bool(re.fullmatch(r"\d\s", before))
    return not text[m.end()].isupper() or (len(w) >= 3 and w[0].islower())


def _brackets_closed(piece: str, at_end: bool) -> bool:
    """True when ``piece`` closes no bracket opened before it and, unless it ends the
    sentence, leaves none open."""
    depth = 0
    for ch in piece:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 or at_end


_TOKEN = re.compile(r"\S+")
_ITEM_NUMBER = re.compile(r"\d{1,3}\.")
# A heading run into a sentence ends among its first words; further on, capitalised
# function words are names ("Marine Le Pen", "The New York Times") or German "Sie".
_HEADING_WORDS = 24
_CAPITALISED_PRONOUNS = frozenset({"sie", "ihr", "ihnen", "ihre", "u"})


def _capitals(token: str) -> bool:
    """True for a word in capitals of two letters or more ("MIT", "G.O.DYHRENFURTH");
    not a word of a script without case."""
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _capitalised_function_word(word: str) -> bool:
    """True for "In", "Les", "The": a function word written with a capital, which inside
    a sentence starts a new one or a heading (not "Sie", a formal "you")."""
    from .lexical import _FUNCTION_WORDS, _strip_accents

    if len(word) < 2 or not word[0].isupper() or not word[1:].islower():
        return False
    folded = _strip_accents(word.casefold())
    return folded in _FUNCTION_WORDS and folded not in _CAPITALISED_PRONOUNS


def _heading_ends(text: str) -> list[int]:
    """Where a heading with no mark may end among the first _HEADING_WORDS words of a
    sentence of running text (a title, a byline and a caption run into the first
    sentence: "Himalaya-Chronik 1956 | MIT NACHTRÄGEN … VON G.O.DYHRENFURTH | Mit 3
    Bildern | In letzter Zeit sind …"): at either end of a run of two words or more in
    capitals that ends the text or comes before a capitalised word (not "he shouted
    STOP RIGHT THERE and ran"); before a capitalised function word after a
    capitalised word or a number that is no function word ("Bildern | In letzter"), or
    after any word when a word in lower case follows it ("illustrations | On l'
    oublie"; not "told The New York Times"); and, after such a capitalised word or
    number, before an item number and a capitalised function word ("… Air Force | 6.
    La chronique"; not "Am 6. Juli", "Im 2. Weltkrieg"). Never after a quote, bracket
    or other mark."""
    found = list(islice(_TOKEN.finditer(text), _HEADING_WORDS + 2))
    toks = [m[0] for m in found]
    more = len(found) == _HEADING_WORDS + 2  # the text may go on beyond them
    caps = [_capitals(t) for t in toks]
    cuts = set()
    i = 0
    while i < len(toks):
        j = i
        while j < len(toks) and caps[j]:
            j += 1
        if j - i >= 2 and (toks[j][0].isupper() if j < len(toks) else not more):
            cuts.update((i, j))
        i = max(j, i + 1)
    for k in range(1, len(toks)):
        prev, word = toks[k - 1], toks[k]
        after = toks[k + 1] if k + 1 < len(toks) else ""
        heading_before = not prev[0].islower() and not _capitalised_function_word(prev)
        if _capitalised_function_word(word):
            # after a word in lower case only when no name goes on ("illustrations |
            # On l' oublie"; not "told The New York Times")
            if heading_before or after[:1].islower():
                cuts.add(k)
        elif heading_before and _ITEM_NUMBER.fullmatch(word) and _capitalised_function_word(after):
            cuts.add(k)
    return sorted(
        found[k].start()
        for k in cuts
        if 0 < k <= min(_HEADING_WORDS, len(toks) - 1) and toks[k - 1][-1].isalnum()
    )


def _hidden_pieces(text: str) -> list[tuple[int, int]]:
    """Pieces of a sentence between hidden sentence ends (prefixes, suffixes, and the
    stretches between two of them, up to _GLUED_MAX_CUTS ends), each of at least
    _GLUED_MIN_WORDS words, inside no brackets, and leaving a word or more of the
    sentence. Hidden ends are marks the splitter passed over and the ends of headings
    run into the sentence (:func:`_heading_ends`)."""
    ends = [m.end() for m in _HIDDEN_CUT.finditer(text) if _hidden_end(text, m)]
    ends = ends[:_GLUED_MAX_CUTS]  # marks first, headings in the places left
    ends = sorted({*ends, *_heading_ends(text)[: _GLUED_MAX_CUTS - len(ends)]})
    if not ends:
        return []
    cuts = [0, *ends, len(text)]
    out = []
    for i in range(len(cuts) - 1):
        for j in range(i + 1, len(cuts)):
            a, z = cuts[i], cuts[j]
            piece = text[a:z]
            if (
                (i, j) != (0, len(cuts) - 1)
                and len(_GLUED_WORD.findall(piece)) >= _GLUED_MIN_WORDS
                and _brackets_closed(piece, j == len(cuts) - 1)
                and _GLUED_WORD.search(text[:a] + text[z:])
            ):
                out.append((a, z))
    return out


def _next_door(
    ctx: CheckContext, n: int, side: str, text: str, before: bool
) -> tuple[str, str, str] | None:
    """The aligned pair ``n`` next to a bead as (its ``side`` text, that text with
    ``text`` joined before or after it, its other side's text); ``None`` when there is
    no such pair or it is boilerplate. When the joined text matches the other side
    better, ``text`` belongs to that pair: the aligner drew the boundary one off."""
    if not 0 <= n < len(ctx.sentence_beads) or n in ctx.boilerplate_beads:
        return None
    nb = ctx.sentence_beads[n]
    if not (nb.src and nb.tgt):
        return None
    near = ctx.src_text(nb.src) if side == "src" else ctx.tgt_text(nb.tgt)
    far = ctx.tgt_text(nb.tgt) if side == "src" else ctx.src_text(nb.src)
    return near, (f"{near} {text}" if before else f"{text} {near}"), far


def _door_length_saved(door: tuple[str, str, str], typical: float, side: str) -> float:
    """How much nearer the usual length ratio the pair next door comes with the
    sentence joined (see :func:`_next_door`); negative when farther."""
    near, joined, far = door
    return _ratio_distance(len(near), len(far), typical, side) - _ratio_distance(
        len(joined), len(far), typical, side
    )


def _door_unreported(
    ctx: CheckContext, k: int, before: bool, side: str, door: tuple[str, str, str], text: str
) -> tuple[str, str, str]:
    """``door``, the pair just before (or after) bead ``k`` with ``text`` joined to it
    (see :func:`_next_door`), without the sentences of that pair already reported as
    having no counterpart: its lengths are judged on what it translates (a pair whose
    other side lost a paragraph is too long on this side with or without ``text``)."""
    nb = ctx.sentence_beads[k - 1 if before else k + 1]
    ids, doc = (nb.src, ctx.source) if side == "src" else (nb.tgt, ctx.target)
    reported = ctx.explained(side)
    kept = [doc.sentence_text(i) for i in ids if not _inside(doc.sentences[i].span.start, reported)]
    if not kept or len(kept) == len(ids):
        return door
    rest = " ".join(kept)
    return rest, (f"{rest} {text}" if before else f"{text} {rest}"), door[2]


def _door_owns(
    vec: dict[str, np.ndarray],
    door: tuple[str, str, str],
    text: str,
    foreign: Callable[[], bool],
    lang: str,
    other_lang: str,
) -> bool:
    """Whether ``text`` belongs to the pair next door (see :func:`_next_door`): that
    pair matches better with it joined, unless ``text`` is ``foreign()`` (its names and
    numbers mostly missing from its own bead's other side; asked only then) and as
    foreign to that pair's other side. A weak pair next door gains from any sentence
    on its topic, but cannot have left out a number it never had."""
    near, joined, far = door
    if float(vec[joined] @ vec[far]) <= float(vec[near] @ vec[far]):
        return False
    return not (foreign() and _lexically_foreign(text, far, lang, other_lang))


class _Piece(NamedTuple):
    """A piece of a sentence tested by :func:`check_glued_sentences`."""

    bead: Bead
    side: str
    text: str  # the bead's side, sentences joined
    other: str  # the bead's other side, joined
    others: list[str]  # the other side's sentences
    piece: str
    rest: str  # ``text`` without the piece
    span: Span
    door: tuple[str, str, str] | None  # the pair next door (see _next_door)
    para: int


def _piece_copied(sent: str, other: str) -> bool:
    """True when a piece of ``sent`` (see :func:`_hidden_pieces`) of three words of prose
    or more is copied unchanged from ``other``: an untranslated sentence run into a
    translated heading."""
    whole = _norm(other)
    return any(
        len(_prose_words(sent[a:z])) >= 3 and _norm(sent[a:z]) in whole
        for a, z in _hidden_pieces(sent)
    )


def check_glued_sentences(ctx: CheckContext) -> list[Finding]:
    """A sentence with no counterpart that the splitter joined to an aligned one (no
    capital after the stop, a colon before it): a piece of the sentence between hidden
    sentence ends that matches nothing on the other side and whose removal clearly
    raises the pair's similarity."""
    beads = list(_matched_beads(ctx))
    jobs = []
    strings: list[str] = []
    for k, b in beads:
        for side in ("src", "tgt"):
            ids, other_ids = (b.src, b.tgt) if side == "src" else (b.tgt, b.src)
            doc, other_doc = (ctx.source, ctx.target) if side == "src" else (ctx.target, ctx.source)
            sents = [doc.sentence_text(i) for i in ids]
            others = [other_doc.sentence_text(j) for j in other_ids]
            text, other = " ".join(sents), " ".join(others)
            if not ctx.monolingual and (
                _copied(sents, other, others) or any(_piece_copied(s, other) for s in sents)
            ):
                continue  # an untranslated copy: similarity says nothing about the rest
            for p, sent in enumerate(sents):
                start = doc.sentences[ids[p]].span.start
                for a, z in _hidden_pieces(sent):
                    span = Span(start + a, start + a + len(sent[a:z].rstrip()))
                    piece = sent[a:z].strip()
                    cut = f"{sent[:a].rstrip()} {sent[z:].lstrip()}".strip()
                    rest = " ".join([*sents[:p], cut, *sents[p + 1 :]])
                    # a piece at an edge of the bead may belong to the pair next door
                    door = None
                    if p == 0 and a == 0:
                        door = _next_door(ctx, k - 1, side, piece, before=True)
                    elif p == len(sents) - 1 and z >= len(sent.rstrip()):
                        door = _next_door(ctx, k + 1, side, piece, before=False)
                    para = doc.sentences[ids[p]].paragraph + 1
                    jobs.append(_Piece(b, side, text, other, others, piece, rest, span, door, para))
                    strings += [piece, *others]
    if not jobs:
        return []
    # too short a pair to know its own levels: a piece matches something from
    # _SENTENCE_ECHO on, and a strong gain alone is clear evidence
    levels = _pair_levels(ctx) or (1.0, _SENTENCE_ECHO)
    typical = _typical_length_ratio(ctx, beads)
    # pieces first (short): one that clearly matches a sentence of the other side is
    # translated there, and the long rest of its bead need not be encoded
    uniq = list(dict.fromkeys(strings))
    vec = dict(zip(uniq, ctx.encode(uniq)))
    echoes = [max(float(vec[j.piece] @ vec[o]) for o in j.others) for j in jobs]
    kept = [(j, echo) for j, echo in zip(jobs, echoes) if echo < levels[1]]
    strings = [
        s for j, _ in kept for s in (j.text, j.other, j.rest, *(j.door or ())) if s not in vec
    ]
    uniq = list(dict.fromkeys(strings))
    vec.update(zip(uniq, ctx.encode(uniq)))
    gains = [float(vec[j.rest] @ vec[j.other]) - float(vec[j.text] @ vec[j.other]) for j, _ in kept]
    out: list[Finding] = []
    # the piece whose removal helps most first: of overlapping pieces, it is the one
    for gain, (job, echo) in sorted(zip(gains, kept), key=lambda x: -x[0]):
        b, side, text, other, _, piece, rest, span, door, para = job
        if any(e.start < span.end and span.start < e.end for e in ctx.explained(side)):
            continue  # an overlapping piece was reported, or OCR noise
        before = _ratio_distance(len(text), len(other), typical, side)
        after = _ratio_distance(len(rest), len(other), typical, side)
        if not (gain >= _SENTENCE_STRONG_GAIN or (gain >= _SENTENCE_GAIN and after < before)):
            continue
        if _clause_echo(ctx.encode, piece, other) >= levels[1]:
            continue
        lang, other_lang = ctx.source.lang, ctx.target.lang
        if side == "tgt":
            lang, other_lang = other_lang, lang
        if _sentence_echoed(piece, rest, other, lang, other_lang):
            continue
        foreign = partial(_lexically_foreign, piece, other, lang, other_lang)
        if door is not None and _door_owns(vec, door, piece, foreign, lang, other_lang):
            continue  # a boundary drawn one piece off
        # clear evidence: a strong gain, matching the other side no better than
        # unrelated sentences; a lead-in ("Il s'agit de chercher une place de bivouac
        # :") means what it introduces, which the other side may say in a clause, and
        # OCR debris says nothing about what the piece meant: context only
        clear = (
            gain >= _SENTENCE_STRONG_GAIN
            and echo <= levels[0]
            and piece[-1] not in ":;"
            and not _ocr_damaged(piece)
        )
        ctx.explained(side).append(span)
        where = "target" if side == "src" else "source"
        out.append(
            Finding(
                "omission" if side == "src" else "addition",
                _size_severity(piece) if clear else "info",
                min(1.0, 0.5 + gain * 10),
                span if side == "src" else ctx.src_span(b.src),
                span if side == "tgt" else ctx.tgt_span(b.tgt),
                f"{'Source' if side == 'src' else 'Target'} text in paragraph {para}, joined "
                f"to an aligned sentence, has no counterpart in the {where}: "
                f"“{_excerpt(piece)}”",
                {
                    "unit": "sentence",
                    "text": piece,
                    "similarity_gain": round(gain, 4),
                    "best_sentence_similarity": round(echo, 4),
                    "joined": True,
                    "weak_evidence": not clear,
                },
            )
        )
    return out


_WEAK_WARNING = 0.25


def _pair_levels(ctx: CheckContext) -> tuple[float, float] | None:
    if not ctx.levels_known:
        texts = list(dict.fromkeys([*ctx.source.sentence_texts, *ctx.target.sentence_texts]))
        ctx.levels = _unrelated_levels(ctx, dict(zip(texts, ctx.encode(texts))))
        ctx.levels_known = True
    return ctx.levels


def _overlaps_explained(ctx: CheckContext, b: Bead) -> bool:
    """True when an earlier check already reported part of the bead (a sentence or a
    clause of it); OCR noise inside it does not count."""
    s, t = ctx.src_span(b.src), ctx.tgt_span(b.tgt)
    ns, nt = ctx.noise_spans
    return any(e.start < s.end and s.start < e.end for e in ctx.explained_src[ns:]) or any(
        e.start < t.end and t.start < e.end for e in ctx.explained_tgt[nt:]
    )


def _unrelated_pair(ctx: CheckContext, b: Bead, level: float) -> list[Finding]:
    """An aligned pair no more similar than this document pair's unrelated sentences:
    neither side translates the other (the aligner paired two leftovers). Reported as
    an omission and an addition, each by its size (info when it is mostly OCR debris)."""
    out = []
    for side in ("src", "tgt"):
        ids = b.src if side == "src" else b.tgt
        doc = ctx.source if side == "src" else ctx.target
        text = ctx.src_text(b.src) if side == "src" else ctx.tgt_text(b.tgt)
        span = ctx.src_span(b.src) if side == "src" else ctx.tgt_span(b.tgt)
        ctx.explained(side).append(span)
        damaged = _ocr_damaged(text)
        para = doc.sentences[ids[0]].paragraph + 1
        n = len(ids)
        what = "sentence" if n == 1 else f"{n} sentences"
        out.append(
            Finding(
                "omission" if side == "src" else "addition",
                "info" if damaged else _size_severity(text),
                float(min(1.0, 0.5 + (level - b.score) * 5)),
                span if side == "src" else ctx.src_span(b.src),
                span if side == "tgt" else ctx.tgt_span(b.tgt),
                f"{'Source' if side == 'src' else 'Target'} {what} in paragraph {para} has no "
                f"counterpart in the {'target' if side == 'src' else 'source'}: it is paired "
                f"with text no more similar ({b.score:.2f}) than this pair's unrelated "
                f"sentences ({level:.2f}): “{_excerpt(text)}”",
                {
                    "unit": "sentence",
                    "text": text,
                    "similarity": round(b.score, 4),
                    "unrelated_level": round(level, 4),
                    "ocr_damaged": damaged,
                },
            )
        )
    return out


def check_weak_matches(ctx: CheckContext) -> list[Finding]:
    """Aligned pairs whose similarity is an outlier for this document pair; a pair no
    more similar than unrelated sentences is an omission and an addition instead."""
    scores = np.array([b.score for _, b in _matched_beads(ctx)])
    if len(scores) < 5:
        return []
    med = float(np.median(scores))
    mad = float(np.median(np.abs(scores - med))) * 1.4826 or 0.05
    out = []
    for _, b in _matched_beads(ctx):
        z = (med - b.score) / mad
        if z >= 3.5 and b.score < med - 0.15:
            src = ctx.src_text(b.src)
            if _words(src) < 3:
                continue
            levels = _pair_levels(ctx)
            if (
                levels is not None
                and b.score <= levels[0]
                and _words(ctx.tgt_text(b.tgt)) >= 3
                and not _overlaps_explained(ctx, b)
            ):
                out += _unrelated_pair(ctx, b, levels[0])
                continue
            out.append(
                Finding(
                    "weak_match",
                    # near-unrelated pairs are worth a look; milder outliers are context
                    "warning" if b.score < _WEAK_WARNING else "info",
                    float(min(1.0, z / 8)),
                    ctx.src_span(b.src),
                    ctx.tgt_span(b.tgt),
                    f"These segments are aligned but their similarity {b.score:.2f} is {z:.1f} "
                    f"deviations below this pair's median {med:.2f}: the meaning may have changed",
                    {
                        "similarity": round(b.score, 4),
                        "median": round(med, 4),
                        "robust_z": round(z, 2),
                    },
                )
            )
    return out


_LOWER_WORD = re.compile(r"\b[^\W\d_A-Z][^\W\d_]*\b")


def _prose_words(text: str) -> list[str]:
    """Lower-case words: what is left of a sentence once names, titles and numbers go.

    A line of names ("Nanga Parbat, Cho Oyu") or a reference list says nothing about
    whether it was translated.
    """
    return [w for w in _LOWER_WORD.findall(text) if not w[0].isupper()]


def _uncapped(text: str) -> str:
    """A line in capitals ("WITH ADDITIONS FROM EARLIER YEARS") in lower case, so its
    words count as prose; other text unchanged."""
    return text.lower() if text.isupper() else text


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def check_untranslated(ctx: CheckContext) -> list[Finding]:
    """Target sentences identical to their source, left in the source language, or in a
    third language. Each target sentence of an aligned bead is judged on its own."""
    from .langid import detect_language

    out = []
    src_lang, tgt_lang = ctx.source.lang, ctx.target.lang
    for _, b in _matched_beads(ctx):
        sources = {_norm(ctx.source.sentence_text(i)) for i in b.src}
        src_words = {
            w.casefold()
            for i in b.src
            for w in _prose_words(_uncapped(ctx.source.sentence_text(i)))
        }
        whole_src = _norm(ctx.src_text(b.src))
        for j in b.tgt:
            tgt = ctx.target.sentence_text(j)
            prose = _prose_words(_uncapped(tgt))
            identical = not ctx.monolingual and (_norm(tgt) in sources or _norm(tgt) == whole_src)
            if len(prose) < 3 and not (
                # a short copy counts when its few words are recognisably the source's
                identical
                and len(prose) >= 2
                and detect_language(_uncapped(tgt), prior=tgt_lang).lang == src_lang
            ):
                continue
            span = ctx.target.sentences[j].span
            if identical:
                out.append(
                    Finding(
                        "untranslated",
                        "error",
                        0.95,
                        ctx.src_span(b.src),
                        span,
                        f"The target is identical to its source: “{_excerpt(tgt)}”",
                        {"identical": True},
                    )
                )
                continue
            if ctx.monolingual or len(prose) < 4:
                continue
            tag = detect_language(_uncapped(tgt), prior=tgt_lang)
            if tag.lang in ("und", tgt_lang):
                continue
            shared = sum(w.casefold() in src_words for w in prose) / len(prose)
            if (
                tag.lang == src_lang
                and tag.confidence >= 0.8
                and (shared >= 0.3 or (tag.confidence >= 0.95 and len(prose) >= 8))
            ):
                out.append(
                    Finding(
                        "untranslated",
                        "error",
                        tag.confidence,
                        ctx.src_span(b.src),
                        span,
                        f"The target is still in the source language ({src_lang}): "
                        f"“{_excerpt(tgt)}”",
                        {
                            "language": tag.lang,
                            "confidence": round(tag.confidence, 3),
                            "shared_words": round(shared, 3),
                        },
                    )
                )
            elif tag.lang != src_lang and tag.confidence >= 0.95 and len(prose) >= 8:
                out.append(
                    Finding(
                        "wrong_language",
                        "warning",
                        tag.confidence,
                        ctx.src_span(b.src),
                        span,
                        f"The target is in {tag.lang}, neither the source ({src_lang}) nor the "
                        f"target language ({tgt_lang}): “{_excerpt(tgt)}”",
                        {"language": tag.lang, "confidence": round(tag.confidence, 3)},
                    )
                )
    return out


def _still_unmatched(tok, offset: int, wide_unmatched) -> bool:
    """Whether a token left unmatched in its sentence bead stays so in the paragraph:
    its value is among the paragraph's unmatched values, or an unmatched token of the
    paragraph covers it (a date cut across two sentences, "( Nov . | 1956 )", is one
    token there, with another value)."""
    at = offset + tok.start
    return any(w.value == tok.value or w.start <= at < w.end for w in wide_unmatched)


def _inside(pos: int, spans: list[Span]) -> bool:
    return any(sp.start <= pos < sp.end for sp in spans)


def _with_attached(ctx: CheckContext, k: int) -> Bead:
    """Sentence bead ``k`` with the lone sentences attached to it (see
    :attr:`CheckContext.attached`)."""
    b = ctx.sentence_beads[k]
    extra = ctx.attached.get(k)
    if not extra:
        return b
    return Bead(
        tuple(sorted({*b.src, *extra["src"]})), tuple(sorted({*b.tgt, *extra["tgt"]})), b.score
    )


def _lexical(ctx: CheckContext, which: str) -> list[Finding]:
    """Numbers or names that one side of an aligned pair has and the other lacks.

    A token unmatched in its own sentence bead gets a second chance against the
    whole paragraph bead around it, since translators move words across sentences.
    """
    from . import lexical

    sl, tl = ctx.source.lang, ctx.target.lang
    out = []
    items_around = None
    for pbead, inside in ctx.paragraph_beads:
        if not (pbead.src and pbead.tgt):
            continue
        matched = [
            _with_attached(ctx, k)
            for k in inside
            if ctx.sentence_beads[k].src
            and ctx.sentence_beads[k].tgt
            and k not in ctx.boilerplate_beads
        ]
        if not matched:
            continue
        unmatched = _Unmatched(ctx, which, matched)
        found = [(j, b, *unmatched(j, b)) for j, b in enumerate(matched)]
        found = [x for x in found if x[2] or x[3]]
        if which == "number":
            found = _changed_across_beads(found, unmatched)
            found = _changed_into_reported(ctx, found, matched, unmatched)
        for _, b, missing, extra in found:
            src, tgt = ctx.src_text(b.src), ctx.tgt_text(b.tgt)
            kind = None
            if which == "number":
                if items_around is None:
                    items_around = _ItemNumbering(ctx)
                kind = _reference_kind(ctx, b, missing, extra)
                if kind == "item" and items_around.slip(b):
                    kind = "item_slip"
                elif kind == "page" and _pages_agree(ctx, b, missing, extra):
                    kind = "page_slip"
                items = (
                    (
                        [t for t in missing if _numbers_item(ctx.source, b.src, t)],
                        [t for t in extra if _numbers_item(ctx.target, b.tgt, t)],
                    )
                    if kind is None
                    else ([], [])
                )
                if all(items):
                    # items numbered anew on both sides beside a number that differs:
                    # two findings, the numbering for context and the rest on its own
                    numbering = "item_slip" if items_around.slip(b) else "item"
                    out.append(_lexical_finding(ctx, which, b, *items, numbering))
                    done = {id(t) for t in (*items[0], *items[1])}
                    missing = [t for t in missing if id(t) not in done]
                    extra = [t for t in extra if id(t) not in done]
                    kind = _reference_kind(ctx, b, missing, extra)
                if (
                    kind is None
                    and len(missing) == len(extra) == 1
                    and lexical.count_rephrased(missing[0], extra[0], src, tgt, sl, tl)
                ):
                    kind = "count"
            out.append(_lexical_finding(ctx, which, b, missing, extra, kind))
    return out


class _Unmatched:
    """The numbers or names of a paragraph bead's sentence pairs left unmatched in their
    pair and in the whole paragraph, and not explained by an earlier finding."""

    def __init__(self, ctx: CheckContext, which: str, matched: list[Bead]):
        from . import lexical

        self.ctx, self.numbers = ctx, which == "number"
        self.compare_fn = lexical.compare_numbers if self.numbers else lexical.compare_names
        src_texts = [ctx.src_text(b.src) for b in matched]
        tgt_texts = [ctx.tgt_text(b.tgt) for b in matched]
        self.para = " ".join(src_texts), " ".join(tgt_texts)
        self.src_at = list(accumulate((len(x) + 1 for x in src_texts), initial=0))
        self.tgt_at = list(accumulate((len(x) + 1 for x in tgt_texts), initial=0))
        self._wide = None
        self._tokens: tuple[list, list] | None = None  # the paragraph's numbers, per side

    def __call__(self, j: int, b: Bead) -> tuple[list, list]:
        """``(missing, extra)`` of bead ``b``, which starts where pair ``j`` does."""
        ctx = self.ctx
        sl, tl = ctx.source.lang, ctx.target.lang
        diff = self.compare_fn(ctx.src_text(b.src), ctx.tgt_text(b.tgt), sl, tl)
        if diff.ok:
            return [], []
        if self._wide is None:
            self._wide = self.compare_fn(*self.para, sl, tl)
        s0 = ctx.source.sentences[b.src[0]].span.start
        t0 = ctx.target.sentences[b.tgt[0]].span.start
        wide = self._wide
        missing = [t for t in diff.missing if _still_unmatched(t, self.src_at[j], wide.missing)]
        extra = [t for t in diff.extra if _still_unmatched(t, self.tgt_at[j], wide.extra)]
        if self.numbers and bool(missing) != bool(extra):
            missing, extra = self._words_elsewhere(j, diff, missing, extra)
        if self.numbers and not (missing or extra):
            return self._said_fewer_times(b, diff, s0, t0)
        open_missing = [t for t in missing if not _inside(s0 + t.start, ctx.explained_src)]
        open_extra = [t for t in extra if not _inside(t0 + t.start, ctx.explained_tgt)]
        # A number inside content already reported (a clause read as added because its
        # number changed) still answers a lone number the other side lacks, when the
        # two look like one changed into the other.
        if self.numbers and bool(open_missing) != bool(open_extra):
            lone = open_missing or open_extra
            hidden = extra if open_missing else missing
            if len(lone) == len(hidden) == 1 and _one_changed(lone[0], hidden[0]):
                return missing, extra
            if len(lone) == 1 and not hidden:
                texts = (ctx.src_text(b.src), ctx.tgt_text(b.tgt))
                own, other = texts if open_missing else texts[::-1]
                langs = (sl, tl) if open_missing else (tl, sl)
                twice = _surplus_repeat(lone[0], own, other, *langs)
                if twice is not None:
                    return (lone, [twice]) if open_missing else ([twice], lone)
        return open_missing, open_extra

    def _words_elsewhere(self, j: int, diff, missing: list, extra: list) -> tuple[list, list]:
        """A lone number in digits the pair lacks, beside a number in digits of the same
        kind and size on the other side that the paragraph matches only with number
        words of other pairs ("6 cm" here, "sechs Himalaya-Fahrten" in another
        sentence, "4 cm" lacking): a number moved to another sentence keeps its
        digits, so the two are one number changed."""
        lone = missing or extra
        if len(lone) != 1:
            return missing, extra
        side = 1 if missing else 0  # the side of the partner sought
        offset = self.tgt_at[j] if missing else self.src_at[j]
        wide = self._wide.matched
        found = []
        for tok in diff.extra if missing else diff.missing:
            at = offset + tok.start
            partners = [p[1 - side] for p in wide if p[side].start <= at < p[side].end]
            if (
                partners
                and not any(_DIGIT.search(o.text) for o in partners)
                and _one_changed(lone[0], tok)
            ):
                found.append(tok)
        if len(found) != 1:
            return missing, extra
        return (missing, found) if missing else (found, extra)

    def _said_fewer_times(self, b: Bead, diff, s0: int, t0: int) -> tuple[list, list]:
        """A number the pair lacks but the paragraph has elsewhere, found there only
        because the paragraph says it more often on its own side ("Nr. 293" twice,
        "n° 293" once): still lacking when the pair's other side says a number of its
        kind and size more often (:func:`_surplus_repeat`), the number it was changed
        into ("n° 295 , p. 279-295" for "Nr. 293 , S. 279-295")."""
        from .lexical import extract_numbers

        ctx = self.ctx
        sl, tl = ctx.source.lang, ctx.target.lang
        if self._tokens is None:
            self._tokens = extract_numbers(self.para[0], sl), extract_numbers(self.para[1], tl)
        mine, theirs = self._tokens
        fewer = [
            (t, True)
            for t in diff.missing
            if _times_said(t, mine) > _times_said(t, theirs)
            and not _inside(s0 + t.start, ctx.explained_src)
        ] + [
            (t, False)
            for t in diff.extra
            if _times_said(t, theirs) > _times_said(t, mine)
            and not _inside(t0 + t.start, ctx.explained_tgt)
        ]
        if len(fewer) != 1:
            return [], []
        lone, lacking = fewer[0]
        texts = (ctx.src_text(b.src), ctx.tgt_text(b.tgt))
        own, other = texts if lacking else texts[::-1]
        twice = _surplus_repeat(lone, own, other, *((sl, tl) if lacking else (tl, sl)))
        if twice is None:
            return [], []
        return ([lone], [twice]) if lacking else ([twice], [lone])


def _surplus_repeat(lone, own: str, other: str, lang: str, other_lang: str):
    """The number that ``other`` says more often than ``own`` does, when it is the only
    one and looks like ``lone`` changed (:func:`_one_changed`): ``lone`` changed into a
    number said elsewhere in the pair or paragraph, which hid it ("pointures 45-44 ( …
    41 et 45 )" for "42-44 ( … 41 und 45 )"). A number repeated is otherwise no
    divergence, so only a lone number on the own side makes it one; a word of the own
    side standing for the number says it too ("« 7000 »" for "« Siebentausender »" is
    no "1907" changed)."""
    from .lexical import _soft_numbers, extract_numbers

    own_tokens, other_tokens = extract_numbers(own, lang), extract_numbers(other, other_lang)
    # "un", "une", "ein" stand for 1 in nearly every sentence: no saying of a 1
    in_words = _soft_numbers(own, lang, own_tokens) - {"1"}
    found = {}
    for t in other_tokens:
        said = _times_said(t, own_tokens) + bool(t.keys & in_words)
        if _times_said(t, other_tokens) > said and _one_changed(lone, t):
            found.setdefault(t.value, t)
    return next(iter(found.values())) if len(found) == 1 else None


def _times_said(tok, tokens) -> int:
    """How many of ``tokens`` read as number token ``tok`` does."""
    return sum(bool(tok.keys & o.keys) for o in tokens)


_DIGIT = re.compile(r"\d")
# A date's value up to its day: "1956-07-" of "1956-07-10", "--05-" of "--05-41".
_DATE_BUT_DAY = re.compile(r"(?:\d{4}|-)-\d\d-(?=\d+$)")


def _one_changed(a, z) -> bool:
    """Whether number tokens ``a`` and ``z`` look like one number changed into another:
    the same kind and size (or dates of one month, whatever their days), both in
    digits (a count in words is as often rephrased). An ordinal's dot is no digit, and
    an ordinal of one or two digits is of the size of any such number: "9." may be
    "10", "10." is not "163"."""
    date = _DATE_BUT_DAY.match(a.value)
    sizes = len(a.value.rstrip(".")), len(z.value.rstrip("."))
    return (
        a.kind == z.kind
        and (
            sizes[0] == sizes[1]
            or (max(sizes) <= 2 and (a.value.endswith(".") or z.value.endswith(".")))
            or (
                date is not None
                and z.value.startswith(date.group())
                and z.value[len(date.group()) :].isdigit()
            )
        )
        and bool(_DIGIT.search(a.text))
        and bool(_DIGIT.search(z.text))
    )


def _joined(b: Bead, c: Bead) -> Bead:
    """Two neighbouring sentence pairs as one."""
    return Bead(
        tuple(sorted({*b.src, *c.src})), tuple(sorted({*b.tgt, *c.tgt})), min(b.score, c.score)
    )


def _changed_across_beads(found: list, unmatched: Callable) -> list:
    """Join two neighbouring sentence pairs of which one lacks a number and the other has
    one extra of the same kind and size, both in digits: a number changed where the two
    sides cut their sentences differently ("… gravir 250 m. Six heures …" as one
    sentence).
    ``found`` holds ``(index, bead, missing, extra)`` in order; ``unmatched(index,
    bead)`` compares a bead's numbers afresh."""
    out: list = []
    for item in found:
        if out:
            j, b, missing, extra = out[-1]
            k, c, missing2, extra2 = item
            one_sided = (missing and not extra and extra2 and not missing2) or (
                extra and not missing and missing2 and not extra2
            )
            if k == j + 1 and one_sided:
                a, z = (missing + missing2)[0], (extra + extra2)[0]
                if len(missing + missing2) == len(extra + extra2) == 1 and _one_changed(a, z):
                    joined = _joined(b, c)
                    m, e = unmatched(j, joined)
                    if m and e:
                        out[-1] = (j, joined, m, e)
                        continue
        out.append(item)
    return out


def _changed_into_reported(
    ctx: CheckContext, found: list, matched: list[Bead], unmatched: Callable
) -> list:
    """A pair lacking one number (or with one extra) beside a pair with no finding of
    its own, whose text already reported holds a number of the same kind and size:
    the two pairs joined answer the lone number with it (:func:`_one_changed`), one
    number changed inside a piece of sentence the two sides cut differently ("… bis
    über 8900 m hinaus ." beside "des estimations … jusqu' au de 9000 m. La nouvelle
    cote …", the piece reported as added).
    ``found`` holds ``(index, bead, missing, extra)`` in order, ``matched`` every pair
    of the paragraph; ``unmatched(index, bead)`` compares a bead's numbers afresh."""
    busy = {j for j, *_ in found}
    out: list = []
    for item in found:
        j, b, missing, extra = item
        if len(missing) + len(extra) == 1:
            for n in (j + 1, j - 1):
                if n in busy or not 0 <= n < len(matched):
                    continue
                joined = _joined(b, matched[n])
                m, e = unmatched(min(j, n), joined)
                # the partner found must be one inside the reported text
                partner, doc, ids, spans = (
                    (e, ctx.target, joined.tgt, ctx.explained_tgt)
                    if missing
                    else (m, ctx.source, joined.src, ctx.explained_src)
                )
                if len(m) == len(e) == 1 and _inside(
                    doc.sentences[ids[0]].span.start + partner[0].start, spans
                ):
                    item = (min(j, n), joined, m, e)
                    busy.add(n)
                    break
        out.append(item)
    return out


# A page reference: "S. 81", "p. 80", "pp. 110-117", "Seite 12", "S.91/92 , 132/133":
# a page marker, then possibly other pages of the same list before the number.
_PAGE_BEFORE = re.compile(
    r"(?<!\w)(?:S|Seiten?|[Pp]p?|pages?|blz|pag|bl)\.?\s*"
    r"(?:\d+\s*(?:[-–/,]|und|et|and|en)\s*)*$"
)
# An item or section number at the start of a sentence, before a capital: "21.
# Nördlich", "( 3 ) Ein", "3° Il", "- 12. Für"; not the end of a decimal cut by the
# splitter, "( 2 fr . | 70 ) par jour".
_ITEM_AT_START = re.compile(r"^[\s(\[–—-]*\d{1,3}\s*(?:\.|\)|°)(?!\d)(?=\W*[^\W\d_a-zß-ÿ])")


def _reference_kind(ctx: CheckContext, b: Bead, missing, extra) -> str | None:
    """``"page"`` when every differing number is a page reference, ``"item"`` when every
    one numbers an item or section at the start of a sentence, else ``None``.

    Both differ between language editions for reasons that are not a translator's
    slip: another edition is paginated differently, a translated chronicle drops or
    merges items and numbers the rest anew.
    """
    sides = ((ctx.source, b.src, missing), (ctx.target, b.tgt, extra))
    tokens = [(doc, ids, t) for doc, ids, toks in sides for t in toks]
    if not tokens:
        return None
    texts = [
        " ".join(doc.sentence_text(i) for i in ids) if toks else "" for doc, ids, toks in sides
    ]
    if all(
        _PAGE_BEFORE.search(text, 0, t.start)
        for text, (_, _, toks) in zip(texts, sides)
        for t in toks
    ):
        return "page"
    if all(_numbers_item(*x) for x in tokens):
        return "item"
    return None


def _pages_agree(ctx: CheckContext, b: Bead, missing, extra) -> bool:
    """Whether both sides of bead ``b`` hold a page reference that agrees: the same
    edition is cited, so a page that differs beside it is a slip ("p. 91/192 ,
    132/133" for "S. 91/92 , 132/133")."""
    from .lexical import extract_numbers

    for doc, ids, differ in ((ctx.source, b.src, missing), (ctx.target, b.tgt, extra)):
        text = " ".join(doc.sentence_text(i) for i in ids)
        spans = {(t.start, t.end) for t in differ}
        if not any(
            (t.start, t.end) not in spans and _PAGE_BEFORE.search(text, 0, t.start)
            for t in extract_numbers(text, doc.lang)
        ):
            return False
    return True


def _item_values(doc: Document, ids: Sequence[int]) -> list[int]:
    """The numbers of the items or sections that the sentences ``ids`` start."""
    values = []
    for i in ids:
        m = _ITEM_AT_START.match(doc.sentence_text(i))
        if m:
            values.append(int(re.search(r"\d+", m.group()).group()))
    return values


class _ItemNumbering:
    """The item numbers of the document's aligned pairs, in document order: where both
    sides of a pair number as many items, each source number beside its target one.

    A list numbered anew in translation differs from some item on (and goes on
    differing); a single item numbered otherwise between items numbered alike on both
    sides is a slip ("13." for "16." between 12 and 14)."""

    def __init__(self, ctx: CheckContext):
        self.pairs: list[tuple[int, int, frozenset[int]]] = []
        for b in ctx.sentence_beads:
            if not (b.src and b.tgt):
                continue
            src, tgt = _item_values(ctx.source, b.src), _item_values(ctx.target, b.tgt)
            if src and len(src) == len(tgt):
                self.pairs.extend((s, t, frozenset(b.src)) for s, t in zip(src, tgt))

    def slip(self, b: Bead) -> bool:
        """Whether every item of bead ``b`` numbered otherwise on the two sides lies
        between items numbered alike (one such neighbour at a list's end)."""
        ids = set(b.src)
        at = [p for p, (_, _, where) in enumerate(self.pairs) if where & ids]
        differ = [p for p in at if self.pairs[p][0] != self.pairs[p][1]]
        if not differ:
            return False
        for p in differ:
            around = [self.pairs[q] for q in (p - 1, p + 1) if 0 <= q < len(self.pairs)]
            if not around or any(s != t for s, t, _ in around):
                return False
        return True


def _numbers_item(doc: Document, ids: Sequence[int], t) -> bool:
    """True when number token ``t`` of the bead side ``ids`` (offsets into the sentence
    texts joined by spaces) numbers an item or section at the start of a sentence."""
    pos = 0
    for i in ids:
        sent = doc.sentence_text(i)
        m = _ITEM_AT_START.match(sent)
        if m and pos <= t.start < pos + m.end():
            return True
        pos += len(sent) + 1
    return False


# A page or item number that differs where the numbers around it agree: a slip.
_SLIPS = {
    "item_slip": " (the items before and after it are numbered alike on both sides)",
    "page_slip": " (the other pages cited beside it agree)",
}


def _lexical_finding(
    ctx: CheckContext, which: str, b: Bead, missing, extra, reference: str | None = None
) -> Finding:
    shown_m = ", ".join(t.text for t in missing)
    shown_e = ", ".join(t.text for t in extra)
    noun = "number" if which == "number" else "name"
    if missing and extra:
        msg = f"The source has {shown_m} where the target has {shown_e}"
    elif missing:
        msg = (
            f"The source has the {noun}{'s' if len(missing) > 1 else ''} {shown_m}, "
            f"missing from the target"
        )
    else:
        msg = (
            f"The target has the {noun}{'s' if len(extra) > 1 else ''} {shown_e}, not in the source"
        )
    # A value replaced by another is what a slip looks like; a value on one side only
    # is as often a translator's rephrasing (a year dropped, "two" for "both"), so it
    # is reported for context only, and so are page and item numbers and a count one
    # off beside a word that sets someone apart ("outre le chef, cinq" for "sechs").
    if missing and extra and reference in (None, *_SLIPS):
        severity = "error" if which == "number" else "warning"
    else:
        severity = "info"
    evidence: dict[str, Any] = {
        "source": [{"kind": t.kind, "text": t.text, "value": t.value} for t in missing],
        "target": [{"kind": t.kind, "text": t.text, "value": t.value} for t in extra],
    }
    if reference in _SLIPS:
        evidence["reference"], evidence["agrees_around"] = reference[: -len("_slip")], True
        msg += _SLIPS[reference]
    elif reference is not None:
        evidence["reference"] = reference
        msg += {
            "page": " (page references: another edition is often paginated differently)",
            "item": " (the numbering of items or sections differs)",
            "count": " (a count rephrased: one side counts someone apart)",
        }[reference]
    return Finding(
        f"{noun}_mismatch",
        severity,
        0.8 if missing and extra else 0.5,
        _token_span(ctx.source, b.src, missing) or ctx.src_span(b.src),
        _token_span(ctx.target, b.tgt, extra) or ctx.tgt_span(b.tgt),
        msg,
        evidence,
    )


def _token_span(doc: Document, ids: Sequence[int], tokens) -> Span | None:
    """The span from the first to the last token, when they all lie in one sentence of
    the bead (token offsets are relative to the sentence texts joined by spaces)."""
    if not tokens:
        return None
    start, end = min(t.start for t in tokens), max(t.end for t in tokens)
    pos = 0
    for i in ids:
        sent = doc.sentences[i].span
        if pos <= start and end <= pos + len(sent):
            return Span(sent.start + start - pos, sent.start + end - pos)
        pos += len(sent) + 1
    return None


def check_numbers(ctx: CheckContext) -> list[Finding]:
    return _lexical(ctx, "number")


def check_names(ctx: CheckContext) -> list[Finding]:
    return _lexical(ctx, "name")


# Order matters: later checks skip what earlier ones explained.
CHECKS: tuple[Callable[[CheckContext], list[Finding]], ...] = (
    check_unaligned,
    check_boilerplate_pairs,
    check_partial_beads,
    check_glued_sentences,
    check_clauses,
    check_weak_matches,
    check_untranslated,
    check_numbers,
    check_names,
)


def run_checks(ctx: CheckContext) -> list[Finding]:
    """Every check, findings in document order.

    OCR noise (running page headers, garbage tokens) is taken out of every text before
    it is encoded, and numbers and names inside it are not compared.
    """
    for doc, spans in ((ctx.source, ctx.explained_src), (ctx.target, ctx.explained_tgt)):
        for sent in doc.sentences:
            text = sent.span.slice(doc.text)
            spans.extend(Span(sent.span.start + a, sent.span.start + z) for a, z in ocr_noise(text))
    ctx.noise_spans = (len(ctx.explained_src), len(ctx.explained_tgt))
    encode = ctx.encode
    ctx.encode = lambda texts: encode([denoised(t) for t in texts])
    findings = [f for check in CHECKS for f in check(ctx)]
    findings.sort(key=lambda f: f.position)
    return findings
