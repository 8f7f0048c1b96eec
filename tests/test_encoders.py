"""Encoders, the in-run memo and the on-disk embedding cache."""

from __future__ import annotations

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
