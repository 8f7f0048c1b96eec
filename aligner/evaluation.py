"""Sentence-alignment ladders: reading, writing and scoring.

A *ladder* (or alignment) is a list of beads ``(src_ids, tgt_ids)``, each side a tuple
of 0-based sentence indices.  The text format is one bead per line::

    [0]:[0]
    [1, 2]:[1]
    []:[2]
    [3]:[3, 4]:0.831      <- optional trailing score

Scoring follows the convention of the scorer commonly used for sentence alignment
(the one shipped with Vecalign, also used by Bertalign's evaluation), re-implemented
here from its documented behaviour:

* Beads empty on *both* sides are dropped; duplicate beads count once (both sides are
  compared as sets of beads).
* **Precision** is computed over every remaining *test* bead, including 1-0/0-1 beads:

  - *strict hit*: the bead occurs exactly in the gold ladder.  A null (1-0 / 0-1) test
    bead **can** be a strict hit, when the gold ladder has exactly that null bead
    (e.g. both say that target sentence 16 is untranslated).
  - *lax hit*: every strict hit is also a lax hit; otherwise, a bead is a lax hit if some
    gold bead shares at least one source **and** at least one target sentence with it.
    A null test bead therefore is never a lax hit *unless it is a strict hit*
    (it has no sentence on one side to overlap with).

* **Recall** is the same computation with the roles swapped, restricted to beads that
  have both sides non-empty ("recall is precision with no insertions/deletions"): every
  gold m-n bead (m, n >= 1) is checked against the test m-n beads.
* For several documents the four counts of precision and of recall are summed over
  all documents before the ratios are taken (a micro average).  A 0/0 ratio is 0.

Decision documented: we keep the reference scorer's behaviour that an exactly
matching null bead is a strict (and hence lax) hit for precision.  Passing
``null_hits=False`` to :func:`score_alignments` instead treats every test bead with an
empty side as a miss for both strict and lax precision.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from os import PathLike
from pathlib import Path

__all__ = [
    "Bead",
    "Ladder",
    "format_ladder",
    "read_ladder",
    "score_alignments",
]

Bead = tuple[tuple[int, ...], tuple[int, ...]]
Ladder = list[Bead]

_LINE_RE = re.compile(
    r"^\s*\[(?P<src>[\d,\s]*)\]\s*:\s*\[(?P<tgt>[\d,\s]*)\]\s*(?::\s*(?P<score>\S+))?\s*$"
)


def _parse_ids(text: str) -> tuple[int, ...]:
    return tuple(int(tok) for tok in text.replace(",", " ").split())


def parse_bead_line(line: str) -> tuple[Bead, float | None]:
    """Parse one ladder line into ``((src, tgt), score_or_None)``.

    Raises:
        ValueError: when the line is not of the form ``[i, ...]:[j, ...]`` with an
            optional ``:score``.
    """
    m = _LINE_RE.match(line)
    if m is None:
        raise ValueError(f"not an alignment line: {line!r}")
    score = m.group("score")
    return (_parse_ids(m.group("src")), _parse_ids(m.group("tgt"))), (
        float(score) if score is not None else None
    )


def read_ladder(source: str | PathLike[str] | Iterable[str]) -> Ladder:
    """Read a ladder from a file path or from an iterable of lines.

    A ``str`` or path-like argument is a file name; any other iterable yields lines.
    Blank lines are skipped; a trailing ``:score`` on a line is accepted and ignored.
    """
    if isinstance(source, (str, PathLike)):
        lines: Iterable[str] = Path(source).read_text(encoding="utf-8").splitlines()
    else:
        lines = source
    beads: Ladder = []
    for line in lines:
        if not line.strip():
            continue
        bead, _ = parse_bead_line(line)
        beads.append(bead)
    return beads


def _fmt_side(ids: Sequence[int]) -> str:
    return "[" + ", ".join(str(int(i)) for i in ids) + "]"


def format_ladder(beads: Iterable[object], *, digits: int = 3) -> str:
    """Format beads one per line as ``[0, 1]:[2]`` or ``[0, 1]:[2]:0.831``.

    Each bead is either a ``(src, tgt)`` pair, a ``(src, tgt, score)`` triple, or any
    object with ``src`` and ``tgt`` attributes and an optional ``score`` attribute
    (such as :class:`aligner.sentalign.Bead`).  A score of ``None`` is omitted.
    The result ends with a newline unless there are no beads.
    """
    out = []
    for bead in beads:
        score = None
        if hasattr(bead, "src") and hasattr(bead, "tgt"):
            src, tgt = bead.src, bead.tgt  # type: ignore[attr-defined]
            score = getattr(bead, "score", None)
        else:
            parts = tuple(bead)  # type: ignore[arg-type]
            src, tgt = parts[0], parts[1]
            if len(parts) > 2:
                score = parts[2]
        line = f"{_fmt_side(src)}:{_fmt_side(tgt)}"
        if score is not None:
            line += f":{float(score):.{digits}f}"
        out.append(line)
    return "".join(line + "\n" for line in out)


def _normalise(ladder: Iterable[Sequence[Sequence[int]]]) -> set[Bead]:
    beads = set()
    for bead in ladder:
        src = tuple(int(i) for i in bead[0])
        tgt = tuple(int(i) for i in bead[1])
        if src or tgt:
            beads.add((src, tgt))
    return beads


def _counts(gold: set[Bead], test: set[Bead], null_hits: bool) -> tuple[int, int, int, int]:
    """Return (strict hits, strict misses, lax hits, lax misses) of ``test`` vs ``gold``."""
    src_to_tgts: dict[int, set[int]] = defaultdict(set)
    for g_src, g_tgt in gold:
        for s in g_src:
            src_to_tgts[s].update(g_tgt)
    tp_s = fp_s = tp_l = fp_l = 0
    for bead in test:
        src, tgt = bead
        if bead in gold and (null_hits or (src and tgt)):
            tp_s += 1
            tp_l += 1
            continue
        fp_s += 1
        reachable: set[int] = set()
        for s in src:
            reachable |= src_to_tgts.get(s, set())
        if reachable.intersection(tgt):
            tp_l += 1
        else:
            fp_l += 1
    return tp_s, fp_s, tp_l, fp_l


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _int_depth(x: object, depth: int = 0) -> int | None:
    """Nesting depth of the first ``int`` found depth-first in ``x`` (None if none)."""
    if isinstance(x, int):
        return depth
    if isinstance(x, (str, bytes)):
        return None
    try:
        items = iter(x)  # type: ignore[call-overload]
    except TypeError:
        return None
    for item in items:
        d = _int_depth(item, depth + 1)
        if d is not None:
            return d
    return None


def _as_documents(gold: Sequence, test: Sequence) -> tuple[Sequence, Sequence]:
    # A single ladder has its ids at depth 3 (ladder -> bead -> side -> id), a list of
    # ladders at depth 4.  Without any id nothing can be scored: follow the other one.
    dg, dt = _int_depth(gold), _int_depth(test)
    if 3 in (dg, dt) and dg in (3, None) and dt in (3, None):
        return [gold], [test]
    return gold, test


def score_alignments(
    gold_list: Sequence,
    test_list: Sequence,
    *,
    null_hits: bool = True,
) -> dict[str, float | int]:
    """Score test alignments against gold alignments.

    Args:
        gold_list: a list of gold ladders, one per document (a single ladder is also
            accepted and treated as one document).
        test_list: the test ladders, in the same order.
        null_hits: whether an exactly matching null bead counts as a precision hit
            (the reference convention; see the module docstring).

    Returns:
        a dict with ``precision_strict``, ``recall_strict``, ``f1_strict``,
        ``precision_lax``, ``recall_lax``, ``f1_lax`` and the raw counts
        (``p_tp_strict``, ``p_fp_strict``, ``p_tp_lax``, ``p_fp_lax`` and the same with
        ``r_`` for recall).
    """
    gold_list, test_list = _as_documents(gold_list, test_list)
    if len(gold_list) != len(test_list):
        raise ValueError(f"{len(gold_list)} gold documents but {len(test_list)} test documents")
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold_ladder, test_ladder in zip(gold_list, test_list, strict=True):
        gold = _normalise(gold_ladder)
        test = _normalise(test_ladder)
        for k, v in enumerate(_counts(gold, test, null_hits)):
            p[k] += v
        gold_nn = {b for b in gold if b[0] and b[1]}
        test_nn = {b for b in test if b[0] and b[1]}
        for k, v in enumerate(_counts(test_nn, gold_nn, True)):
            r[k] += v
    ps, pl = _ratio(p[0], p[0] + p[1]), _ratio(p[2], p[2] + p[3])
    rs, rl = _ratio(r[0], r[0] + r[1]), _ratio(r[2], r[2] + r[3])
    result: dict[str, float | int] = {
        "precision_strict": ps,
        "recall_strict": rs,
        "f1_strict": _f1(ps, rs),
        "precision_lax": pl,
        "recall_lax": rl,
        "f1_lax": _f1(pl, rl),
    }
    for prefix, counts in (("p", p), ("r", r)):
        for name, v in zip(("tp_strict", "fp_strict", "tp_lax", "fp_lax"), counts, strict=True):
            result[f"{prefix}_{name}"] = v
    return result
