"""Monotonic alignment of two sequences of text units by embedding similarity.

A *bead* pairs a run of source units with a run of target units (either run may
be empty: an omission or an addition). The aligner finds the sequence of beads
that covers both sides in order and maximises the total gain, where a matched
bead gains in proportion to how far its similarity rises above a skip threshold
and an unmatched unit gains nothing (the classic length/similarity dynamic
programme of Gale & Church, with similarity in place of length).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .documents import Document

__all__ = ["AlignResult", "Bead", "align_documents", "align_units", "paragraph_beads"]

EncodeFn = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Bead:
    """Source unit ids and target unit ids aligned together, with a score in [0, 1]."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    def to_dict(self) -> dict:
        return {"src": list(self.src), "tgt": list(self.tgt), "score": round(self.score, 4)}


# Bead shapes the paragraph aligner considers: (source units, target units).
PARAGRAPH_SHAPES = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))
# A merged bead must beat the best 1-1 pair inside it by this much to be allowed:
# a unit that adds nothing to the similarity (a short credit line next to the
# last paragraph) is an addition or omission, not part of a 1-2.
MERGE_MARGIN = 0.04


def _joined(texts: Sequence[str], i: int, n: int) -> str:
    return "\n\n".join(texts[i : i + n])


def align_units(
    src: Sequence[str],
    tgt: Sequence[str],
    encode: EncodeFn,
    *,
    threshold: float | None = None,
    shapes: Sequence[tuple[int, int]] = PARAGRAPH_SHAPES,
) -> list[Bead]:
    """Align two sequences of texts; every unit appears in exactly one bead, in order.

    ``threshold`` is the similarity below which a pair is better left unmatched;
    by default it is derived from the pair's own similarity distribution (halfway
    between the typical unrelated pair and the typical best match).
    """
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]

    # Every string that any bead needs, embedded once.
    keys: dict[tuple[str, int, int], str] = {}
    for a, b in shapes:
        for side, texts, k in (("s", src, a), ("t", tgt, b)):
            if k >= 1:
                for i in range(len(texts) - k + 1):
                    keys[(side, i, k)] = _joined(texts, i, k)
    uniq = list(dict.fromkeys(keys.values()))
    vecs = encode(uniq)
    index = {t: v for t, v in zip(uniq, vecs)}

    def stacked(side: str, count: int, k: int) -> np.ndarray:
        return np.stack([index[keys[(side, i, k)]] for i in range(count - k + 1)])

    s1, t1 = stacked("s", n, 1), stacked("t", m, 1)
    sim = s1 @ t1.T
    if threshold is None:
        threshold = _auto_threshold(sim)

    # Every bead's score at once, per shape: score[(a, b)][i][j] is the score of
    # source units i..i+a-1 against target units j..j+b-1; for merged shapes also
    # the best 1-1 pair inside the bead.
    score: dict[tuple[int, int], list[list[float]]] = {}
    inner: dict[tuple[int, int], list[list[float]]] = {}
    for a, b in shapes:
        if a == 0 or b == 0 or a > n or b > m:
            continue
        sv = s1 if a == 1 else stacked("s", n, a)
        tv = t1 if b == 1 else stacked("t", m, b)
        score[(a, b)] = (sv @ tv.T).tolist()
        if a + b > 2:
            rows, cols = n - a + 1, m - b + 1
            best = sim[:rows, :cols].copy()
            for da in range(a):
                for db in range(b):
                    np.maximum(best, sim[da : da + rows, db : db + cols], out=best)
            inner[(a, b)] = best.tolist()

    neg = -1e18
    gain = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float]]] = [[(0, 0, 0.0)] * (m + 1) for _ in range(n + 1)]
    gain[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, arg = neg, (0, 0, 0.0)
            for a, b in shapes:
                if a > i or b > j or gain[i - a][j - b] <= neg:
                    continue
                if a == 0 or b == 0:
                    sc = 0.0
                    g = gain[i - a][j - b]
                else:
                    sc = score[(a, b)][i - a][j - b]
                    if a + b > 2 and sc < inner[(a, b)][i - a][j - b] + MERGE_MARGIN:
                        continue
                    g = gain[i - a][j - b] + (sc - threshold) * (a + b)
                if g > best:
                    best, arg = g, (a, b, sc)
            gain[i][j] = best
            back[i][j] = arg
    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b, sc = back[i][j]
        beads.append(
            Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), float(np.clip(sc, 0.0, 1.0)))
        )
        i, j = i - a, j - b
    beads.reverse()
    return beads


def _auto_threshold(sim: np.ndarray) -> float:
    """Halfway between a typical unrelated pair and a typical best match."""
    best = np.concatenate([sim.max(axis=1), sim.max(axis=0)])
    typical_best = float(np.median(best))
    typical_other = float(np.median(sim))
    return float(np.clip((typical_best + typical_other) / 2, 0.2, 0.7))


def paragraph_beads(
    src_paragraph_of: Sequence[int],
    tgt_paragraph_of: Sequence[int],
    n_src_paragraphs: int,
    n_tgt_paragraphs: int,
    sentence_beads: Sequence[Bead],
    src_lengths: Sequence[int] | None = None,
    tgt_lengths: Sequence[int] | None = None,
) -> list[tuple[Bead, list[int]]]:
    """Paragraph beads derived from sentence beads, each with the sentence beads inside it.

    A source paragraph and a target paragraph belong to the same paragraph bead when
    a sentence bead links a sentence of one with a sentence of the other; the
    connected groups become m-n paragraph beads, so a paragraph split or merged in
    translation still pairs up. Paragraphs that no bead links stand alone (1-0, 0-1).
    The score is the mean of the linked sentence beads' scores, weighted by length.
    """
    src_len = list(src_lengths) if src_lengths is not None else [1] * len(src_paragraph_of)
    tgt_len = list(tgt_lengths) if tgt_lengths is not None else [1] * len(tgt_paragraph_of)
    # nodes: source paragraphs 0..n-1, target paragraphs n..n+m-1
    parent = list(range(n_src_paragraphs + n_tgt_paragraphs))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for b in sentence_beads:
        if not (b.src and b.tgt):
            continue
        nodes = {src_paragraph_of[i] for i in b.src} | {
            n_src_paragraphs + tgt_paragraph_of[j] for j in b.tgt
        }
        first, *rest = nodes
        for other in rest:
            parent[find(other)] = find(first)

    groups: dict[int, tuple[list[int], list[int]]] = {}
    for p in range(n_src_paragraphs):
        groups.setdefault(find(p), ([], []))[0].append(p)
    for q in range(n_tgt_paragraphs):
        groups.setdefault(find(n_src_paragraphs + q), ([], []))[1].append(q)

    members: dict[int, list[int]] = {}
    for k, b in enumerate(sentence_beads):
        if b.src:
            root = find(src_paragraph_of[b.src[0]])
        else:
            root = find(n_src_paragraphs + tgt_paragraph_of[b.tgt[0]])
        members.setdefault(root, []).append(k)

    out = []
    for root, (ps, qs) in groups.items():
        inside = members.get(root, [])
        weight = total = 0.0
        for k in inside:
            b = sentence_beads[k]
            if b.src and b.tgt:
                w = sum(src_len[i] for i in b.src) + sum(tgt_len[j] for j in b.tgt)
                weight += w
                total += w * b.score
        score = total / weight if weight else 0.0
        out.append((Bead(tuple(ps), tuple(qs), score), inside))

    # Monotonic sentence beads give groups in order; sort by the first sentence bead
    # inside each (every paragraph holds at least one sentence).
    out.sort(key=lambda item: item[1][0] if item[1] else -1)
    return out


SCHEMA_ALIGN = "aligner.align/1"


@dataclass(frozen=True)
class AlignResult:
    """Sentence beads between two documents, with provenance.

    Attributes:
        source, target: the two documents (sentence ids index their ``sentences``).
        beads: monotonic beads covering every sentence once, scores in [0, 1].
        encoder: identity of the encoder used.
        parameters: the aligner's settings.
    """

    source: Document
    target: Document
    beads: list[Bead]
    encoder: str
    parameters: dict

    def pairs(self) -> list[tuple[str, str, float]]:
        """(source text, target text, score) per bead; a missing side is ``""``."""
        return [
            (
                " ".join(self.source.sentence_text(i) for i in b.src),
                " ".join(self.target.sentence_text(j) for j in b.tgt),
                b.score,
            )
            for b in self.beads
        ]

    def to_dict(self) -> dict:
        from .provenance import tool_info

        def span(doc: Document, ids: tuple[int, ...]) -> list[int] | None:
            if not ids:
                return None
            return [doc.sentences[ids[0]].span.start, doc.sentences[ids[-1]].span.end]

        return {
            "schema": SCHEMA_ALIGN,
            "tool": tool_info(self.encoder, self.parameters),
            "source": {
                "path": self.source.path,
                "language": self.source.lang,
                "sentences": len(self.source.sentences),
            },
            "target": {
                "path": self.target.path,
                "language": self.target.lang,
                "sentences": len(self.target.sentences),
            },
            "beads": [
                {
                    "source": list(b.src),
                    "target": list(b.tgt),
                    "score": round(b.score, 4),
                    "source_span": span(self.source, b.src),
                    "target_span": span(self.target, b.tgt),
                }
                for b in self.beads
            ],
        }


def align_documents(
    source: Document, target: Document, encoder, *, max_bead: int = 5
) -> AlignResult:
    """Align the sentences of two documents (see :mod:`aligner.sentalign`)."""
    from .sentalign import align_sentences

    beads = align_sentences(
        source.sentence_texts,
        target.sentence_texts,
        encoder.encode,
        max_bead=max_bead,
        windows=getattr(encoder, "encode_windows", None),
    )
    return AlignResult(source, target, list(beads), encoder.identity, {"max_bead": max_bead})
