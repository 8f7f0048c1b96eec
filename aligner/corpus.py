"""Corpus scan and clean: translations, near-duplicates, shared and repeated paragraphs,
boilerplate and mixed-language paragraphs across a multilingual corpus.

How :func:`scan_corpus` decides (docs/corpus.md has the long form):

1. **Analyse** each document: paragraphs, language of the document and of each
   paragraph (mixed-language paragraphs), a normalised key per paragraph.
2. **Boilerplate candidates**: a short paragraph whose key occurs in at least
   ``boilerplate_min_docs`` documents is left out of document vectors and coverage.
3. **Embed** paragraphs (through the caching encoder); a document vector is the
   length-weighted mean of its content paragraphs.
4. **Candidates**: each document's nearest documents, and each paragraph's nearest
   paragraphs in other documents, kept when their *ratio margin* (similarity over
   the two sides' mean similarity to their own nearest neighbours) is high enough.
5. **Verify** each candidate pair: align its paragraphs (:func:`align_units`) and
   measure how much of each side lies in confident beads (``coverage``); for a
   same-language pair, word 5-gram overlap can only raise that. Both sides covered
   -> ``translation`` (languages differ) or ``near_duplicate``; some shared
   paragraphs -> ``partial_overlap``.
6. **Group** translations and near-duplicates with union-find; pick each group's
   representative (preferred language, most complete, earliest id).
7. **Report** boilerplate (a key in ``boilerplate_min_docs`` groups or more),
   repeated paragraphs inside a document, mixed-language paragraphs.

Every step is a pure function of its inputs (a partition of documents, a pair),
and the results are ordered by input position, so the work can be split across
processes without changing the answer. Steps 1 and 3 run as one task per partition
and step 5 as one task per batch of pairs; the tasks read their texts from the
corpus themselves, so the process that drives the scan holds references, float16
vectors and candidate pairs, never all texts at once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from . import __version__
from .alignment import Bead, align_units
from .corpus_io import CorpusFile, CorpusReader, Problem, Record, RecordRef, index_corpus
from .corpus_search import EXACT_LIMIT, Neighbours, nearest, nearest_among, ratio_margin
from .documents import Document, Span, split_paragraphs
from .encoders import CachedEncoder
from .engines import one_blas_thread
from .provenance import tool_info

#: Each scan step's wall time is logged here at DEBUG level (``benchmarks/`` reads it).
log = logging.getLogger(__name__)

__all__ = [
    "SCHEMA",
    "Boilerplate",
    "Group",
    "MixedParagraph",
    "Pair",
    "Problem",
    "Record",
    "RecordRef",
    "RepeatedParagraph",
    "ScanOptions",
    "ScanResult",
    "scan_corpus",
    "scan_records",
    "scan_refs",
]

SCHEMA = "aligner.scan/1"
KINDS = ("translation", "near_duplicate", "partial_overlap")
EncodeFn = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class ScanOptions:
    """Thresholds of a scan. The defaults suit the bundled encoder (multilingual USE);
    they were set on ``benchmarks/corpus_bench.py`` (see docs/corpus.md).

    Attributes:
        neighbours: nearest documents (and nearest paragraphs) looked at per item.
        doc_margin: ratio margin a neighbouring document needs to become a candidate.
        paragraph_margin: ratio margin a neighbouring paragraph needs to make its two
            documents a candidate pair.
        paragraph_similarity: cosine such a paragraph also needs.
        same_lang_similarity: a bead of one language is confident from this score.
        cross_lang_similarity: a bead across languages is confident from this score...
        cross_lang_gap: ...when it also beats every other pairing of its paragraphs
            in the pair by this much (translation scores run lower than same-language
            ones, so the bead must be the clear best match, not just a good one).
        merged_extra: a merged bead (1-2, 2-1) needs this much more to be confident.
        fill_same_similarity, fill_cross_similarity: a matched bead between two
            confident beads is confident from this score (a freely translated
            paragraph inside a translated article).
        shingle: words per n-gram in the same-language overlap measure.
        same_article_coverage: both sides at least this covered -> same article
            (``near_duplicate``).
        translation_coverage: the same across languages (``translation``): lower,
            because a freely translated paragraph can miss the confidence bar while
            a copied one never does.
        partial_coverage: one side at least this covered -> partial overlap.
        min_paragraph_chars: shorter paragraphs are not searched or checked for repeats.
        repeat_similarity, repeat_overlap: a paragraph repeats an earlier one of its
            document when their cosine and their word overlap (shared words over the
            smaller word set) both reach these; or when the cosine reaches
            ``repeat_sure_similarity`` alone.
        boilerplate_min_docs: a paragraph in this many unrelated documents is boilerplate.
        boilerplate_max_chars: only paragraphs up to this long are left out of
            coverage while the scan runs (longer repeated text is still content).
        exact_search_limit: above this many vectors, search is approximate if usearch
            is installed; above this many paragraphs, see ``paragraph_scope``.
        paragraph_scope: above ``exact_search_limit`` paragraphs, a document's
            paragraphs are compared only with the paragraphs of its nearest
            ``paragraph_scope`` documents and of the documents that count it among
            theirs (exact within that scope, linear in the corpus size); 0 compares
            them with every paragraph.
        batch_size: documents per partition (encoding batch).
        prefer_langs: languages preferred as group representatives, best first.
    """

    neighbours: int = 8
    doc_margin: float = 1.0
    paragraph_margin: float = 1.0
    paragraph_similarity: float = 0.5
    same_lang_similarity: float = 0.8
    cross_lang_similarity: float = 0.5
    cross_lang_gap: float = 0.1
    merged_extra: float = 0.1
    fill_same_similarity: float = 0.6
    fill_cross_similarity: float = 0.4
    shingle: int = 5
    same_article_coverage: float = 0.8
    translation_coverage: float = 0.75
    partial_coverage: float = 0.2
    min_paragraph_chars: int = 40
    repeat_similarity: float = 0.8
    repeat_overlap: float = 0.5
    repeat_sure_similarity: float = 0.95
    boilerplate_min_docs: int = 3
    boilerplate_max_chars: int = 200
    exact_search_limit: int = EXACT_LIMIT
    paragraph_scope: int = 64
    batch_size: int = 64
    prefer_langs: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["prefer_langs"] = list(self.prefer_langs)
        return d


# --------------------------------------------------------------------------- results


def _excerpt(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Pair:
    """Two documents that share text.

    Attributes:
        a, b: document ids, ``a`` before ``b`` in the corpus.
        kind: ``translation``, ``near_duplicate`` or ``partial_overlap``.
        score: harmonic mean of the two coverages (1.0: each fully in the other).
        coverage_a: share of ``a``'s content characters matched in ``b``.
        coverage_b: share of ``b``'s content characters matched in ``a``.
        evidence: the facts behind it (languages, similarities, aligned paragraphs).
    """

    a: str
    b: str
    kind: str
    score: float
    coverage_a: float
    coverage_b: float
    evidence: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "kind": self.kind,
            "score": round(self.score, 4),
            "coverage_a": round(self.coverage_a, 4),
            "coverage_b": round(self.coverage_b, 4),
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class Group:
    """Documents that are one article: translations and near-duplicates of each other.

    ``kind`` is ``translation`` when the members hold more than one language, else
    ``near_duplicate``; ``representative`` is the member a cleaned corpus keeps.
    """

    id: str
    kind: str
    members: tuple[str, ...]
    representative: str
    languages: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "members": list(self.members),
            "representative": self.representative,
            "languages": list(self.languages),
        }


@dataclass(frozen=True)
class RepeatedParagraph:
    """Paragraph ``paragraph`` of ``document`` says again what paragraph ``repeats`` said."""

    document: str
    paragraph: int
    repeats: int
    similarity: float
    overlap: float
    span: Span
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "paragraph": self.paragraph,
            "repeats": self.repeats,
            "similarity": round(self.similarity, 4),
            "overlap": round(self.overlap, 4),
            "span": self.span.to_list(),
            "text": _excerpt(self.text),
        }


@dataclass(frozen=True)
class Boilerplate:
    """A paragraph found in many unrelated documents.

    ``documents`` counts the documents holding it, ``groups`` the unrelated ones
    (a group of duplicates counts once); ``occurrences`` lists (document, paragraph).
    """

    text: str
    documents: int
    groups: int
    occurrences: tuple[tuple[str, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "documents": self.documents,
            "groups": self.groups,
            "occurrences": [[d, p] for d, p in self.occurrences],
        }


@dataclass(frozen=True)
class MixedParagraph:
    """A paragraph holding text in another language or script than its document."""

    document: str
    paragraph: int
    lang: str
    other_langs: tuple[str, ...]
    span: Span
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "paragraph": self.paragraph,
            "lang": self.lang,
            "other_langs": list(self.other_langs),
            "span": self.span.to_list(),
            "text": _excerpt(self.text),
        }


@dataclass(frozen=True, eq=False)
class DocumentInfo:
    """One analysed document as a scan keeps it: no text, only where to read it
    again, its languages and its paragraph spans.

    Attributes:
        ref: the input record's id and location (:class:`~aligner.corpus_io.RecordRef`).
        lang, lang_confidence: the document's language.
        spans: ``(paragraphs, 2)`` start and end offsets of its paragraphs.
        first: the row of its first paragraph in the scan's paragraph matrices.
    """

    ref: RecordRef
    lang: str
    lang_confidence: float
    spans: np.ndarray
    first: int

    @property
    def id(self) -> str:
        return self.ref.id

    @property
    def paragraph_count(self) -> int:
        return len(self.spans)

    @property
    def paragraphs(self) -> list[Span]:
        return [Span(int(a), int(b)) for a, b in self.spans]

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lang": self.lang,
            "lang_confidence": round(self.lang_confidence, 3),
            "paragraphs": self.paragraph_count,
            "chars": self.ref.chars,
        }


@dataclass(frozen=True)
class ScanResult:
    """What :func:`scan_corpus` found. ``to_dict()`` gives the ``aligner.scan/1`` JSON.

    It holds no document text (only excerpts in the findings): ``corpus`` and the
    references in ``records`` read a document again when it is needed.
    """

    source: str
    documents: tuple[DocumentInfo, ...]
    pairs: tuple[Pair, ...]
    groups: tuple[Group, ...]
    repeated_paragraphs: tuple[RepeatedParagraph, ...]
    boilerplate: tuple[Boilerplate, ...]
    mixed_paragraphs: tuple[MixedParagraph, ...]
    problems: tuple[Problem, ...]
    encoder: str
    options: ScanOptions
    search: str
    #: Every input record in corpus order, empty ones included (for clean).
    records: tuple[RecordRef, ...] = field(default=(), repr=False, compare=False)
    #: The corpus file or folder the records are read from (``None``: in memory).
    corpus: CorpusFile | None = field(default=None, repr=False, compare=False)

    def group_of(self) -> dict[str, Group]:
        return {m: g for g in self.groups for m in g.members}

    def reader(self) -> CorpusReader:
        """A reader for the texts of :attr:`records`."""
        return CorpusReader(self.corpus)

    def counts(self) -> dict[str, int]:
        kinds = Counter(p.kind for p in self.pairs)
        return {
            "documents": len(self.documents),
            **{k: kinds.get(k, 0) for k in KINDS},
            "groups": len(self.groups),
            "repeated_paragraphs": len(self.repeated_paragraphs),
            "boilerplate": len(self.boilerplate),
            "mixed_paragraphs": len(self.mixed_paragraphs),
            "problems": len(self.problems),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "tool": tool_info(self.encoder, self.options.to_dict(), search=self.search),
            "source": self.source,
            "documents": [d.summary() for d in self.documents],
            "pairs": [p.to_dict() for p in self.pairs],
            "groups": [g.to_dict() for g in self.groups],
            "repeated_paragraphs": [r.to_dict() for r in self.repeated_paragraphs],
            "boilerplate": [b.to_dict() for b in self.boilerplate],
            "mixed_paragraphs": [m.to_dict() for m in self.mixed_paragraphs],
            "problems": [p.to_dict() for p in self.problems],
            "summary": self.counts(),
        }


# --------------------------------------------------------------------------- analysis

_WORD_RE = re.compile(r"\w+")


def paragraph_key(text: str) -> int:
    """A 64-bit key equal for paragraphs that differ only in case, spacing and punctuation."""
    words = _WORD_RE.findall(text.casefold())
    norm = " ".join(words) if words else text.strip()
    digest = hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


@dataclass(frozen=True)
class AnalysedDocument:
    """A document with its text, paragraphs, languages and paragraph keys: what a
    worker holds of a document while it works on it."""

    record: Record
    doc: Document
    keys: tuple[int, ...]

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def lang(self) -> str:
        return self.doc.lang


def analyse(record: Record) -> AnalysedDocument:
    """Paragraphs, languages and paragraph keys of one non-empty record."""
    from .langid import tag_document

    doc = Document(text=record.text, path=record.id)
    doc.paragraphs = split_paragraphs(record.text)
    tag_document(doc, lang=record.lang)
    keys = tuple(paragraph_key(t) for t in doc.paragraph_texts)
    return AnalysedDocument(record, doc, keys)


@lru_cache(maxsize=1)
def _analysis_version() -> str:
    """Changes whenever paragraph splitting or language tagging could change."""
    from . import documents, langid

    h = hashlib.sha256(__version__.encode())
    for mod in (documents, langid):
        h.update(Path(mod.__file__).read_bytes())
    return h.hexdigest()[:16]


class AnalysisCache:
    """Paragraph spans and language tags on disk, keyed by the text's SHA-256, the
    declared language and the analysis code's version, beside the embedding cache.

    Tagging every paragraph is most of what a scan does besides encoding, so with
    vectors cached it would bound how much faster a second scan can be.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, timeout=60, check_same_thread=False)
        try:
            self._conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            pass  # another process is switching it at the same moment
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS analysis (key BLOB PRIMARY KEY, value TEXT NOT NULL)"
            " WITHOUT ROWID"
        )
        self._conn.commit()

    @staticmethod
    def key(record: Record) -> bytes:
        h = hashlib.sha256(f"{_analysis_version()}\0{record.lang or ''}\0".encode())
        h.update(record.text.encode("utf-8", "surrogatepass"))
        return h.digest()

    def get(self, keys: list[bytes]) -> dict[bytes, dict]:
        found = {}
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            rows = self._conn.execute(
                f"SELECT key, value FROM analysis WHERE key IN ({','.join('?' * len(part))})",
                part,
            )
            found.update((bytes(k), json.loads(v)) for k, v in rows)
        return found

    def put(self, items: list[tuple[bytes, dict]]) -> None:
        with self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO analysis (key, value) VALUES (?, ?)",
                [(k, json.dumps(v)) for k, v in items],
            )


def _open_analysis_cache(encoder: Any) -> AnalysisCache | None:
    """The analysis cache when the encoder keeps a disk cache (not under --no-cache)."""
    return _analysis_cache(getattr(encoder, "cache", None) is not None)


def _analysis_cache(on: bool) -> AnalysisCache | None:
    """The analysis cache in the cache folder, if ``on`` and it can be opened."""
    if not on:
        return None
    from .encoders import cache_dir

    try:
        return AnalysisCache(cache_dir() / "analysis.sqlite")
    except (OSError, sqlite3.Error):
        return None  # an unwritable cache folder only costs speed


def _to_cached(a: AnalysedDocument) -> dict:
    d = a.doc
    return {
        "lang": d.lang,
        "confidence": d.lang_confidence,
        "paragraphs": [[p.start, p.end] for p in d.paragraphs],
        "tags": [[t.lang, t.confidence, t.mixed, list(t.other_langs)] for t in d.paragraph_langs],
    }


def _from_cached(record: Record, value: dict) -> AnalysedDocument:
    from .langid import LangTag

    doc = Document(text=record.text, path=record.id)
    doc.paragraphs = [Span(a, b) for a, b in value["paragraphs"]]
    doc.lang, doc.lang_confidence = value["lang"], value["confidence"]
    doc.paragraph_langs = [LangTag(t[0], t[1], t[2], tuple(t[3])) for t in value["tags"]]
    keys = tuple(paragraph_key(t) for t in doc.paragraph_texts)
    return AnalysedDocument(record, doc, keys)


def analyse_records(
    records: Sequence[Record], cache: AnalysisCache | None = None
) -> list[AnalysedDocument]:
    """:func:`analyse` for a partition of records, through the cache if given."""
    if cache is None:
        return [analyse(rec) for rec in records]
    keys = [AnalysisCache.key(rec) for rec in records]
    found = cache.get(keys)
    out, new = [], []
    for rec, key in zip(records, keys):
        if key in found:
            out.append(_from_cached(rec, found[key]))
        else:
            a = analyse(rec)
            out.append(a)
            new.append((key, _to_cached(a)))
    if new:
        cache.put(new)
    return out


def _encode_once(encode: EncodeFn, texts: list[str]) -> np.ndarray:
    """``encode(texts)``; for a caching encoder, through a memory of these texts only:
    the encoder's own memory would keep every text it ever encoded."""
    owner = getattr(encode, "__self__", None)
    if not isinstance(owner, CachedEncoder):
        return np.asarray(encode(texts), dtype=np.float32)
    once = CachedEncoder(owner.inner, owner.cache)
    out = once.encode(texts)
    owner.encoded_count += once.encoded_count
    return out


@dataclass(frozen=True, eq=False)
class PartitionResult:
    """What the work on a partition of documents sends back: no text, only the
    analysis, float16 paragraph vectors and the findings inside each document.

    Attributes:
        langs, confidences: each document's language.
        counts: paragraphs per document.
        spans: ``(P, 2)`` paragraph offsets, documents one after another.
        keys: ``(P,)`` paragraph keys (:func:`paragraph_key`).
        vectors: ``(P, dim)`` paragraph vectors, float16.
        repeats, mixed: repeated and mixed-language paragraphs.
    """

    langs: tuple[str, ...]
    confidences: tuple[float, ...]
    counts: np.ndarray
    spans: np.ndarray
    keys: np.ndarray
    vectors: np.ndarray
    repeats: tuple[RepeatedParagraph, ...]
    mixed: tuple[MixedParagraph, ...]


def read_partition(
    refs: Sequence[RecordRef], reader: CorpusReader, cache: AnalysisCache | None = None
) -> list[AnalysedDocument]:
    """Read and analyse a partition of documents (the first half of :func:`scan_partition`)."""
    return analyse_records([reader.read(ref) for ref in refs], cache)


def embed_partition(
    analysed: Sequence[AnalysedDocument], encode: EncodeFn, opts: ScanOptions
) -> PartitionResult:
    """Embed a partition's paragraphs in one encoder call and find what lies inside
    each document (the second half of :func:`scan_partition`)."""
    texts = [t for a in analysed for t in a.doc.paragraph_texts]
    vecs = _encode_once(encode, texts) if texts else None
    counts = np.array([len(a.doc.paragraphs) for a in analysed], dtype=np.int64)
    spans = np.array(
        [(p.start, p.end) for a in analysed for p in a.doc.paragraphs], dtype=np.int64
    ).reshape(-1, 2)
    keys = np.array([k for a in analysed for k in a.keys], dtype=np.uint64)
    repeats: list[RepeatedParagraph] = []
    mixed: list[MixedParagraph] = []
    pos = 0
    for a, n in zip(analysed, counts):
        if vecs is not None:
            repeats.extend(find_repeats(a, vecs[pos : pos + n], opts))
        mixed.extend(find_mixed(a))
        pos += n
    dim = vecs.shape[1] if vecs is not None else 1
    return PartitionResult(
        tuple(a.doc.lang for a in analysed),
        tuple(a.doc.lang_confidence for a in analysed),
        counts,
        spans,
        keys,
        (vecs if vecs is not None else np.zeros((0, dim), np.float32)).astype(np.float16),
        tuple(repeats),
        tuple(mixed),
    )


def scan_partition(
    refs: Sequence[RecordRef],
    reader: CorpusReader,
    encode: EncodeFn,
    opts: ScanOptions,
    cache: AnalysisCache | None = None,
) -> PartitionResult:
    """Read, analyse and embed a partition of documents, one encoder call for all its
    paragraphs, and find what lies inside each document (repeats, mixed languages).

    The texts are read here, from ``reader``, and are dropped on return.
    """
    return embed_partition(read_partition(refs, reader, cache), encode, opts)


def frequent_keys(keys: np.ndarray, owners: np.ndarray, min_docs: int) -> np.ndarray:
    """Paragraph keys found in at least ``min_docs`` documents (a key counts once per
    document), sorted."""
    if len(keys) == 0:
        return np.zeros(0, np.uint64)
    pairs = np.unique(np.stack([keys, owners.astype(np.uint64)], axis=1), axis=0)
    found, counts = np.unique(pairs[:, 0], return_counts=True)
    return found[counts >= min_docs]


def document_vector(vectors: np.ndarray, lengths: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The length-weighted mean of a document's content paragraph vectors, unit length."""
    weights = lengths.astype(np.float64) * mask
    dv = (vectors.astype(np.float32) * weights[:, None]).sum(axis=0)
    norm = np.linalg.norm(dv)
    return (dv / norm if norm > 0 else dv).astype(np.float32)


#: Characters of a word its hash reads directly; longer words are hashed through
#: their BLAKE2 digest first.
_WORD_WIDTH = 32
_FNV_PRIME = np.uint64(1099511628211)
_FNV_OFFSET = np.uint64(14695981039346656037)


def _token_ids(text: str) -> np.ndarray:
    """Stable 64-bit ids of the words of ``text`` (casefolded): FNV-1a over the
    characters' code points, all words at once."""
    toks = _WORD_RE.findall(text.casefold())
    if not toks:
        return np.zeros(0, dtype=np.uint64)
    if max(map(len, toks)) > _WORD_WIDTH:
        toks = [
            t
            if len(t) <= _WORD_WIDTH
            else hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
            for t in toks
        ]
    codes = np.array(toks)
    codes = codes.view(np.uint32).reshape(len(toks), -1).astype(np.uint64)
    h = np.full(len(toks), _FNV_OFFSET, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for col in codes.T:  # padding (code 0) leaves a word's hash as it is
            h = np.where(col != 0, (h ^ col) * _FNV_PRIME, h)
    return h


def shingles(text: str, n: int) -> np.ndarray:
    """Stable 64-bit hashes of the word n-grams of ``text``, in order."""
    ids = _token_ids(text)
    if len(ids) < n:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(len(ids) - n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(n):
            h = h * np.uint64(1099511628211) + ids[j : len(ids) - n + 1 + j]
    return h


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class Candidate:
    a: int
    b: int
    doc_similarity: float
    doc_margin: float
    paragraph_hits: int


def _margins(nb: Any, mean: np.ndarray) -> np.ndarray:
    """:func:`ratio_margin` of every (row, neighbour) of ``nb``; ``-inf`` where padded."""
    idx = np.where(nb.index >= 0, nb.index, 0)
    denom = (mean[:, None] + mean[idx]) / 2
    sims = nb.similarity.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(denom > 0, sims / np.where(denom > 0, denom, 1.0), np.inf)
    return np.where(nb.index >= 0, out, -np.inf)


def _both_ways(index: np.ndarray) -> list[np.ndarray]:
    """Each row's neighbours (``-1`` pads dropped) and the rows that list it, sorted."""
    n = len(index)
    rows = np.repeat(np.arange(n, dtype=np.int64), index.shape[1])
    cols = index.ravel()
    keep = cols >= 0
    rows, cols = rows[keep], cols[keep]
    # one key per (row, neighbour), both ways; sorted, then duplicates dropped
    keys = np.concatenate([rows * n + cols, cols * n + rows])
    del rows, cols, keep
    keys.sort()
    if len(keys):
        keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
    first, second = np.divmod(keys, n)
    del keys
    return np.split(second.astype(np.int32), np.searchsorted(first, np.arange(1, n)))


def find_candidates(
    docs: np.ndarray,
    paragraphs: np.ndarray,
    owners: np.ndarray,
    opts: ScanOptions,
    engine: Any = None,
) -> tuple[list[Candidate], str]:
    """Candidate pairs from document and paragraph neighbours with margin scoring.

    ``docs`` holds one vector per document, ``paragraphs`` the vectors of the
    paragraphs worth searching (content, long enough) and ``owners`` their documents;
    ``engine`` may run large exact searches on its workers.
    """
    n = len(docs)
    if n < 2:
        return [], "exact"
    # Beyond the limit, paragraphs are searched among neighbouring documents': the
    # wider document search then gives both the scope and the nearest documents.
    scoped = len(paragraphs) > opts.exact_search_limit and opts.paragraph_scope > 0
    k = max(opts.neighbours, opts.paragraph_scope) if scoped else opts.neighbours
    wide = nearest(docs, k, exact_limit=opts.exact_search_limit, engine=engine)
    dn = Neighbours(
        wide.index[:, : opts.neighbours], wide.similarity[:, : opts.neighbours], wide.method
    )
    dmean = dn.mean_similarity()
    found: dict[tuple[int, int], list] = {}
    rows, cols = np.nonzero(_margins(dn, dmean) >= opts.doc_margin)
    for i, j in zip(rows.tolist(), dn.index[rows, cols].tolist()):
        found.setdefault((min(i, j), max(i, j)), [0])

    method = dn.method
    pn = None
    if scoped:
        pn = nearest_among(
            paragraphs, opts.neighbours, owners, _both_ways(wide.index), engine=engine
        )
    elif len(paragraphs):
        pn = nearest(
            paragraphs,
            opts.neighbours,
            owners=owners,
            exact_limit=opts.exact_search_limit,
            engine=engine,
        )
    if pn is not None:
        pmean = pn.mean_similarity()
        method = pn.method if pn.method != "exact" else method
        ok = (pn.similarity >= opts.paragraph_similarity) & (
            _margins(pn, pmean) >= opts.paragraph_margin
        )
        rows, cols = np.nonzero(ok)
        for r, q in zip(rows.tolist(), pn.index[rows, cols].tolist()):
            i, j = sorted((int(owners[r]), int(owners[q])))
            found.setdefault((i, j), [0])[0] += 1
    out = []
    for (i, j), (hits,) in sorted(found.items()):
        s = float(docs[i].astype(np.float32) @ docs[j].astype(np.float32))
        out.append(Candidate(i, j, s, ratio_margin(s, dmean[i], dmean[j]), hits))
    return out, method


# --------------------------------------------------------------------------- verification


def _same_language(a: str, b: str) -> bool:
    """Unknown languages count as the same: the stricter same-language bar applies."""
    return a == b or "und" in (a, b) or a.split("-")[0] == b.split("-")[0]


def _shingle_coverage(mine: np.ndarray, other: np.ndarray, n: int, words: int) -> float:
    """Share of my words inside an n-gram the other text also holds."""
    if words == 0 or len(mine) == 0 or len(other) == 0:
        return 0.0
    present = np.isin(mine, other).astype(np.int64)
    covered = np.convolve(present, np.ones(n, dtype=np.int64))[:words] > 0
    return float(covered.sum() / words)


def _bead_gap(sim: np.ndarray, bead: Bead) -> float:
    """How far the bead's score beats every other pairing of its units in the pair."""
    src, tgt = list(bead.src), list(bead.tgt)
    rows = np.delete(sim[src], tgt, axis=1)
    cols = np.delete(sim[:, tgt], src, axis=0)
    other = max(rows.max() if rows.size else 0.0, cols.max() if cols.size else 0.0)
    return bead.score - float(other)


@dataclass(frozen=True, eq=False)
class PairSide:
    """One document of a candidate pair as verification gets it: where to read its
    text, its language, paragraph spans, float16 paragraph vectors and content mask."""

    ref: RecordRef
    lang: str
    spans: np.ndarray
    vectors: np.ndarray
    content: np.ndarray


@dataclass(frozen=True, eq=False)
class SideText:
    """A pair side with its text read: content paragraphs, their vectors and lengths,
    and the word n-grams of its content."""

    id: str
    lang: str
    index: np.ndarray
    texts: list[str]
    vectors: np.ndarray
    lengths: np.ndarray
    shingles: np.ndarray
    words: int

    @classmethod
    def read(cls, side: PairSide, text: str, opts: ScanOptions) -> SideText:
        index = np.flatnonzero(side.content)
        texts = [text[int(a) : int(b)] for a, b in side.spans[index]]
        content_text = "\n".join(texts)
        return cls(
            side.ref.id,
            side.lang,
            index,
            texts,
            side.vectors[index].astype(np.float32),
            np.array([len(t) for t in texts], dtype=np.float64),
            shingles(content_text, opts.shingle),
            len(_WORD_RE.findall(content_text)),
        )


@dataclass(frozen=True)
class PairMeasure:
    """What the alignment of two documents shows, before any threshold on coverage.

    ``aligned_a``/``aligned_b``: share of each side's content characters in confident
    beads; ``lexical_a``/``lexical_b``: share of each side's words inside a word
    n-gram the other side also holds (same language only); ``coverage_*`` the larger
    of the two. ``confident``: confident beads; ``run``: the longest run of
    consecutive confident beads.
    """

    same_language: bool
    coverage_a: float
    coverage_b: float
    aligned_a: float
    aligned_b: float
    lexical_a: float
    lexical_b: float
    confident: int
    paragraphs_a: int
    paragraphs_b: int
    run: int
    aligned: tuple
    mean_similarity: float


def _joined_lookup(
    ta: Sequence[str], va: np.ndarray, tb: Sequence[str], vb: np.ndarray, encode: EncodeFn
) -> EncodeFn:
    """An encode function for the aligner that needs no model for known strings.

    Paragraphs get their vectors; two or three consecutive paragraphs joined as the
    aligner joins them get the length-weighted mean of theirs, normalised, as Vecalign
    does for concatenations (Thompson & Koehn 2019). Verification then needs no
    encoder call at all; any other string goes to ``encode``.
    """
    table: dict[str, np.ndarray] = {}
    for texts, vecs in ((ta, va), (tb, vb)):
        lengths = np.array([len(t) for t in texts], dtype=np.float32)
        for i, t in enumerate(texts):
            table[t] = vecs[i]
            for k in (2, 3):
                if i + k <= len(texts):
                    v = (vecs[i : i + k] * lengths[i : i + k, None]).sum(axis=0)
                    table["\n\n".join(texts[i : i + k])] = v / (np.linalg.norm(v) or 1.0)

    def lookup(strings: Sequence[str]) -> np.ndarray:
        strings = list(strings)
        missing = [s for s in dict.fromkeys(strings) if s not in table]
        if missing:
            table.update(zip(missing, encode(missing)))
        return np.stack([table[s] for s in strings]) if strings else np.zeros((0, 1))

    return lookup


def measure_pair(sa: SideText, sb: SideText, encode: EncodeFn, opts: ScanOptions) -> PairMeasure:
    """Align the content paragraphs of two documents; measure how much each side covers."""
    ia, ib = sa.index, sb.index
    lookup = _joined_lookup(sa.texts, sa.vectors, sb.texts, sb.vectors, encode)
    beads = align_units(sa.texts, sb.texts, lookup)
    sim = sa.vectors @ sb.vectors.T
    same = _same_language(sa.lang, sb.lang)
    hi = opts.same_lang_similarity if same else opts.cross_lang_similarity
    fill = opts.fill_same_similarity if same else opts.fill_cross_similarity

    matched = [k for k, bd in enumerate(beads) if bd.src and bd.tgt]

    def is_strong(bead: Bead) -> bool:
        # A merged bead (1-2, 2-1) is easier to reach by chance: it needs more.
        bar = hi + (opts.merged_extra if len(bead.src) + len(bead.tgt) > 2 else 0.0)
        return bead.score >= bar and (same or _bead_gap(sim, bead) >= opts.cross_lang_gap)

    strong = {k for k in matched if is_strong(beads[k])}
    confident = set(strong)
    for pos, k in enumerate(matched):
        # A weaker bead between two confident ones: a freely translated paragraph.
        if k in strong or beads[k].score < fill or pos == 0 or pos == len(matched) - 1:
            continue
        if matched[pos - 1] in strong and matched[pos + 1] in strong:
            confident.add(k)
    chosen = [k for k in matched if k in confident]

    len_a, len_b = sa.lengths, sb.lengths
    emb_a = float(sum(len_a[list(beads[k].src)].sum() for k in chosen) / max(len_a.sum(), 1))
    emb_b = float(sum(len_b[list(beads[k].tgt)].sum() for k in chosen) / max(len_b.sum(), 1))
    lex_a = lex_b = 0.0
    if same:
        lex_a = _shingle_coverage(sa.shingles, sb.shingles, opts.shingle, sa.words)
        lex_b = _shingle_coverage(sb.shingles, sa.shingles, opts.shingle, sb.words)
    # The longest run of consecutive confident beads, with nothing unmatched between
    # them on either side: shared passages, not chance hits.
    run = best_run = 0
    for k in range(len(beads)):
        run = run + 1 if k in confident else 0
        best_run = max(best_run, run)
    weights = [len_a[list(beads[k].src)].sum() + len_b[list(beads[k].tgt)].sum() for k in chosen]
    scores = [beads[k].score for k in chosen]
    aligned = tuple(
        (
            (tuple(int(ia[i]) for i in beads[k].src)),
            tuple(int(ib[j]) for j in beads[k].tgt),
            round(beads[k].score, 4),
        )
        for k in chosen
    )
    return PairMeasure(
        same_language=same,
        coverage_a=max(emb_a, lex_a),
        coverage_b=max(emb_b, lex_b),
        aligned_a=emb_a,
        aligned_b=emb_b,
        lexical_a=lex_a,
        lexical_b=lex_b,
        confident=len(chosen),
        paragraphs_a=len(ia),
        paragraphs_b=len(ib),
        run=best_run,
        aligned=aligned,
        mean_similarity=float(np.average(scores, weights=weights)) if scores else 0.0,
    )


def classify(m: PairMeasure, opts: ScanOptions) -> str | None:
    """The kind of a measured pair, or ``None`` when it shares too little to report."""
    bar = opts.same_article_coverage if m.same_language else opts.translation_coverage
    low, high = sorted((m.coverage_a, m.coverage_b))
    # One bead, however long, is not an article: ask for two when both sides have two
    # paragraphs (unless the words themselves are shared).
    enough = (
        m.confident >= min(2, m.paragraphs_a, m.paragraphs_b)
        or min(m.lexical_a, m.lexical_b) >= bar
    )
    if low >= bar and enough:
        return "near_duplicate" if m.same_language else "translation"
    # Shared passages, not chance hits: two confident beads in a row, or (one
    # language) word n-grams in common.
    shared = m.run >= 2 or max(m.lexical_a, m.lexical_b) >= opts.partial_coverage
    if high >= opts.partial_coverage and shared:
        return "partial_overlap"
    return None


def verify_pair(
    sa: SideText,
    sb: SideText,
    encode: EncodeFn,
    opts: ScanOptions,
    candidate: Candidate | None = None,
) -> Pair | None:
    """Measure a candidate pair and classify it; ``None`` when it is not reported."""
    m = measure_pair(sa, sb, encode, opts)
    kind = classify(m, opts)
    if kind is None:
        return None
    ca, cb = m.coverage_a, m.coverage_b
    score = 2 * ca * cb / (ca + cb) if ca + cb else 0.0
    evidence: dict[str, Any] = {
        "languages": [sa.lang, sb.lang],
        "aligned_coverage": [round(m.aligned_a, 4), round(m.aligned_b, 4)],
        "mean_similarity": round(m.mean_similarity, 4),
        "aligned_paragraphs": [[list(s), list(t), sc] for s, t, sc in m.aligned],
    }
    if m.same_language:
        evidence["word_overlap_coverage"] = [round(m.lexical_a, 4), round(m.lexical_b, 4)]
    if candidate is not None:
        evidence["document_similarity"] = round(candidate.doc_similarity, 4)
        evidence["document_margin"] = round(candidate.doc_margin, 4)
        evidence["paragraph_hits"] = candidate.paragraph_hits
    return Pair(sa.id, sb.id, kind, score, ca, cb, evidence)


def verify_batch(
    batch: Sequence[tuple[PairSide, PairSide, Candidate]],
    reader: CorpusReader,
    encode: EncodeFn,
    opts: ScanOptions,
) -> list[Pair | None]:
    """:func:`verify_pair` for a batch of candidates; each document's text is read
    once per batch, from ``reader``, and dropped on return."""
    sides: dict[str, SideText] = {}

    def side(s: PairSide) -> SideText:
        if s.ref.id not in sides:
            sides[s.ref.id] = SideText.read(s, reader.read(s.ref).text, opts)
        return sides[s.ref.id]

    return [verify_pair(side(a), side(b), encode, opts, c) for a, b, c in batch]


# --------------------------------------------------------------------------- per document


def find_repeats(
    a: AnalysedDocument, vectors: np.ndarray, opts: ScanOptions
) -> list[RepeatedParagraph]:
    """Paragraphs that say again what an earlier paragraph of the same document said."""
    paras = a.doc.paragraphs
    texts = a.doc.paragraph_texts
    long = [i for i, p in enumerate(paras) if len(p) >= opts.min_paragraph_chars]
    if len(long) < 2:
        return []
    words = {i: set(_WORD_RE.findall(texts[i].casefold())) for i in long}
    sim = vectors[long] @ vectors[long].T
    out = []
    for y in range(1, len(long)):
        best = None
        for x in range(y):
            s = float(sim[x, y])
            p, q = long[x], long[y]
            small = min(len(words[p]), len(words[q])) or 1
            overlap = len(words[p] & words[q]) / small
            exact = a.keys[p] == a.keys[q]
            if (
                exact
                or s >= opts.repeat_sure_similarity
                or (s >= opts.repeat_similarity and overlap >= opts.repeat_overlap)
            ):
                if best is None or s > best[1]:
                    best = (p, 1.0 if exact else s, overlap)
        if best is not None:
            q = long[y]
            out.append(RepeatedParagraph(a.id, q, best[0], best[1], best[2], paras[q], texts[q]))
    return out


def find_mixed(a: AnalysedDocument) -> list[MixedParagraph]:
    out = []
    for i, tag in enumerate(a.doc.paragraph_langs):
        if getattr(tag, "mixed", False):
            out.append(
                MixedParagraph(
                    a.id,
                    i,
                    tag.lang,
                    tuple(tag.other_langs),
                    a.doc.paragraphs[i],
                    a.doc.paragraph_text(i),
                )
            )
    return out


# --------------------------------------------------------------------------- groups


def union_groups(n: int, pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components of size two or more, each sorted, ordered by first member."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    comps: dict[int, list[int]] = {}
    for x in range(n):
        comps.setdefault(find(x), []).append(x)
    return sorted((c for c in comps.values() if len(c) > 1), key=lambda c: c[0])


def choose_representative(
    members: Sequence[DocumentInfo],
    pairs: Sequence[Pair],
    content_chars: Mapping[str, int],
    prefer_langs: Sequence[str] = (),
) -> DocumentInfo:
    """The member a cleaned corpus keeps.

    1. a preferred language (earlier in ``prefer_langs`` first);
    2. the most complete version: the largest mean share of the other members it
       covers (rounded to 0.01; word n-gram coverage within one language, aligned
       paragraphs across languages), then the most content characters
       (``content_chars`` by document id);
    3. the earliest id (string order).
    """
    ids = {m.id for m in members}
    contains: dict[str, list[float]] = {m.id: [] for m in members}
    for p in pairs:
        if p.a in ids and p.b in ids and p.kind != "partial_overlap":
            # Within one language, shared word n-grams see a dropped sentence that
            # paragraph alignment does not.
            cov_a, cov_b = p.evidence.get("word_overlap_coverage", (p.coverage_a, p.coverage_b))
            contains[p.a].append(cov_b)  # how much of b is in a
            contains[p.b].append(cov_a)

    def rank(m: DocumentInfo) -> tuple:
        lang = m.lang.split("-")[0]
        pref = [x.split("-")[0] for x in prefer_langs]
        lang_rank = pref.index(lang) if lang in pref else len(pref)
        got = contains[m.id]
        complete = round(sum(got) / len(got), 2) if got else 0.0
        return (lang_rank, -complete, -content_chars[m.id], m.id)

    return min(members, key=rank)


# --------------------------------------------------------------------------- driver


#: Candidate pairs per verification task.
VERIFY_BATCH = 256


def _partitions(items: Sequence, size: int) -> Iterator[Sequence]:
    for i in range(0, len(items), max(1, size)):
        yield items[i : i + size]


def scan_records(
    records: Sequence[Record],
    encoder: Any,
    options: ScanOptions | None = None,
    *,
    problems: Sequence[Problem] = (),
    source: str = "<records>",
    engine: Any = None,
) -> ScanResult:
    """Scan records already in memory (see :func:`scan_corpus`).

    ``engine`` (:mod:`aligner.engines`) runs the partitions elsewhere, e.g. on a Dask
    cluster; the result is the same. The records themselves travel to the workers.
    """
    refs = [RecordRef.of(r) for r in records]
    return scan_refs(refs, None, encoder, options, problems=problems, source=source, engine=engine)


class _StepClock:
    """Logs the wall time of each step of a scan (DEBUG level)."""

    def __init__(self) -> None:
        self.last = time.perf_counter()

    def done(self, step: str, **counts: int) -> None:
        now = time.perf_counter()
        log.debug("scan step %s: %.3f s %s", step, now - self.last, counts or "")
        self.last = now


def scan_refs(
    refs: Sequence[RecordRef],
    corpus: CorpusFile | None,
    encoder: Any,
    options: ScanOptions | None = None,
    *,
    problems: Sequence[Problem] = (),
    source: str = "<records>",
    engine: Any = None,
) -> ScanResult:
    """Scan the records ``refs`` point at, reading their texts from ``corpus``.

    This process (the driver) never holds all texts at once: each partition of
    documents is read, analysed and embedded by one task, which sends back only
    float16 paragraph vectors, paragraph spans and keys; verification tasks read
    the two texts of each candidate pair again. The driver keeps the references,
    the vectors and the candidate pairs.
    """
    from .encoders import unsupported_language_warning
    from .reports.progress import progress  # a bar on stderr only when it is a terminal

    opts = options or ScanOptions()
    remote = engine is not None and not engine.local
    problems = list(problems)
    usable: list[RecordRef] = []
    for ref in refs:
        if ref.blank:
            problems.append(
                Problem(
                    "empty_text",
                    ref.where or ref.id,
                    f"{ref.id}: the text is empty; left out",
                    ref.id,
                )
            )
        else:
            usable.append(ref)

    clock = _StepClock()
    # 1. Read, analyse and embed each partition.
    parts = list(_partitions(usable, opts.batch_size))
    spec = None
    if remote:
        from .engines import encoder_spec, scan_task

        spec = encoder_spec(encoder)
        results = engine.map(scan_task, parts, corpus=corpus, spec=spec, opts=opts)
    else:
        cache = _open_analysis_cache(encoder)
        with CorpusReader(corpus) as reader, one_blas_thread():
            results = [
                scan_partition(part, reader, encoder.encode, opts, cache)
                for part in progress(parts, len(parts), "Reading and embedding documents")
            ]

    infos: list[DocumentInfo] = []
    repeats: list[RepeatedParagraph] = []
    mixed: list[MixedParagraph] = []
    row = 0
    for part, res in zip(parts, results):
        offsets = np.concatenate([[0], np.cumsum(res.counts)])
        for k, ref in enumerate(part):
            a, b = int(offsets[k]), int(offsets[k + 1])
            infos.append(
                DocumentInfo(ref, res.langs[k], res.confidences[k], res.spans[a:b], row + a)
            )
        row += int(offsets[-1])
        repeats.extend(res.repeats)
        mixed.extend(res.mixed)
    dim = encoder.dimension
    vectors = (
        np.concatenate([r.vectors for r in results]) if row else np.zeros((0, dim), np.float16)
    )
    keys = np.concatenate([r.keys for r in results]) if row else np.zeros(0, np.uint64)
    del results
    counts = np.array([i.paragraph_count for i in infos], dtype=np.int64)
    owners = np.repeat(np.arange(len(infos)), counts)
    lengths = np.concatenate([i.spans[:, 1] - i.spans[:, 0] for i in infos]) if row else keys
    for info in infos:
        msg = unsupported_language_warning(encoder, info.lang, f"document {info.id}")
        if msg:
            problems.append(
                Problem("unsupported_language", info.ref.where or info.id, msg, info.id)
            )

    clock.done("read, analyse and embed")
    # 2. Boilerplate candidates, content paragraphs and document vectors.
    frequent = frequent_keys(keys, owners, opts.boilerplate_min_docs)
    repeated_line = np.isin(keys, frequent)
    content = ~(repeated_line & (lengths <= opts.boilerplate_max_chars))
    docs = np.zeros((len(infos), vectors.shape[1]), dtype=np.float16)
    for d, info in enumerate(infos):
        s = slice(info.first, info.first + info.paragraph_count)
        if not content[s].any():  # nothing but repeated lines: judge it on all of them
            content[s] = True
        docs[d] = document_vector(vectors[s], lengths[s], content[s])

    clock.done("content and document vectors")
    # 3. Candidates: document and paragraph neighbours.
    searched = content & (lengths >= opts.min_paragraph_chars)
    candidates, method = find_candidates(
        docs, vectors[searched], owners[searched], opts, engine if remote else None
    )

    clock.done("candidate search", candidates=len(candidates))

    # 4. Verification, a batch of candidate pairs per task.
    def side(d: int) -> PairSide:
        info = infos[d]
        s = slice(info.first, info.first + info.paragraph_count)
        return PairSide(info.ref, info.lang, info.spans, vectors[s], content[s])

    def batches() -> Iterator[list[tuple[PairSide, PairSide, Candidate]]]:
        for chunk in _partitions(candidates, VERIFY_BATCH):
            yield [(side(c.a), side(c.b), c) for c in chunk]

    n_batches = -(-len(candidates) // VERIFY_BATCH)
    pairs: list[Pair] = []
    if remote:
        from .engines import verify_task

        found = engine.map(verify_task, list(batches()), corpus=corpus, spec=spec, opts=opts)
        pairs = [p for part in found for p in part if p is not None]
        del found
    else:
        # One batch at a time: the batches are views of the vectors, but their
        # headers alone would add up to about 1 KB per candidate.
        with CorpusReader(corpus) as reader, one_blas_thread():
            for batch in progress(batches(), n_batches, "Verifying candidate pairs"):
                found = verify_batch(batch, reader, encoder.encode, opts)
                pairs.extend(p for p in found if p is not None)

    clock.done("verification", pairs=len(pairs))
    # 5. Groups and their representatives.
    pos = {info.id: k for k, info in enumerate(infos)}
    comps = union_groups(
        len(infos), [(pos[p.a], pos[p.b]) for p in pairs if p.kind != "partial_overlap"]
    )
    groups = []
    root = list(range(len(infos)))
    # each group's own pairs, so that choosing representatives stays linear
    group_of = {k: g for g, comp in enumerate(comps) for k in comp}
    group_pairs: list[list[Pair]] = [[] for _ in comps]
    for p in pairs:
        if p.kind != "partial_overlap":
            group_pairs[group_of[pos[p.a]]].append(p)
    for g, comp in enumerate(comps, 1):
        members = [infos[k] for k in comp]
        chars = {}
        for m in members:
            s = slice(m.first, m.first + m.paragraph_count)
            chars[m.id] = int(lengths[s][content[s]].sum())
        rep = choose_representative(members, group_pairs[g - 1], chars, opts.prefer_langs)
        langs = tuple(sorted({m.lang for m in members}))
        kind = (
            "translation"
            if len({x.split("-")[0] for x in langs} - {"und"}) > 1
            else "near_duplicate"
        )
        groups.append(Group(f"g{g}", kind, tuple(m.id for m in members), rep.id, langs))
        for k in comp:
            root[k] = comp[0]

    clock.done("groups")
    # 6. Boilerplate: a repeated paragraph in enough unrelated documents.
    occurrences: dict[int, list[tuple[int, int]]] = {}
    for r in np.flatnonzero(repeated_line).tolist():
        d = int(owners[r])
        occurrences.setdefault(int(keys[r]), []).append((d, r - infos[d].first))
    boiler = []
    with CorpusReader(corpus) as reader:
        for occ in occurrences.values():
            docs_in = sorted({k for k, _ in occ})
            n_groups = len({root[k] for k in docs_in})
            if n_groups >= opts.boilerplate_min_docs:
                k0, p0 = occ[0]
                a, b = infos[k0].spans[p0]
                text = reader.read(infos[k0].ref).text[int(a) : int(b)]
                occ_ids = tuple((infos[k].id, p) for k, p in occ)
                boiler.append(Boilerplate(text, len(docs_in), n_groups, occ_ids))
    boiler.sort(key=lambda b: (-b.documents, b.text))
    clock.done("boilerplate")

    return ScanResult(
        source=source,
        documents=tuple(infos),
        pairs=tuple(pairs),
        groups=tuple(groups),
        repeated_paragraphs=tuple(repeats),
        boilerplate=tuple(boiler),
        mixed_paragraphs=tuple(mixed),
        problems=tuple(problems),
        encoder=encoder.identity,
        options=opts,
        search=method,
        records=tuple(refs),
        corpus=corpus,
    )


def scan_corpus(
    source: str | Path,
    encoder: Any,
    options: ScanOptions | None = None,
    *,
    skip_bad: bool = False,
    engine: Any = None,
) -> ScanResult:
    """Scan a corpus (folder, JSON Lines or Parquet) for translations, near-duplicates,
    partial overlaps, repeated paragraphs, boilerplate and mixed-language paragraphs.

    The corpus is read once from start to end to index it, keeping no text; the
    tasks read their documents again (see :func:`scan_refs`). ``engine``
    (:func:`aligner.engines.open_engine`) says where the tasks run; by default, in
    this process.

    Raises:
        CorpusError: unreadable input, a bad record (unless ``skip_bad``), duplicate ids.
    """
    refs, problems = index_corpus(source, skip_bad=skip_bad)
    return scan_refs(
        refs,
        CorpusFile.of(source),
        encoder,
        options,
        problems=problems,
        source=str(source),
        engine=engine,
    )
