"""Shared fixtures: the seed files, a fast fake encoder, an isolated cache folder."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest

# No model hub is reachable: never let a test wait on one.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
EN = SEEDS / "000_dcad42be065f949c.txt"
NL = SEEDS / "001_98ab83bc4f073aa9.txt"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Each test session writes its caches under a temporary folder, never the user's.

    The unpacked bundled model is shared across tests (it is read-only once written).
    """
    base = tmp_path_factory.getbasetemp() / "aligner-cache"
    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(base))
    return base


class HashEncoder:
    """A cheap deterministic encoder: hashed character trigrams, L2-normalised.

    Similar strings get similar vectors, which is all the alignment tests need
    when the real model would only make them slower.
    """

    name = "hash-trigrams"
    dimension = 256
    languages = None
    identity = "hash-trigrams/1"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts):
        texts = list(texts)
        self.calls.append(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, t in enumerate(texts):
            t = f"  {t.lower()} "
            for k in range(len(t) - 2):
                h = int.from_bytes(
                    hashlib.blake2b(t[k : k + 3].encode(), digest_size=4).digest(), "little"
                )
                out[i, h % self.dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


@pytest.fixture
def hash_encoder():
    return HashEncoder()


@pytest.fixture
def runner():
    from click.testing import CliRunner

    return CliRunner()


@pytest.fixture
def fake_encoder(monkeypatch):
    """Replace the bundled model by the hash encoder where the model is not the point."""
    from aligner import encoders

    monkeypatch.setattr(
        encoders,
        "get_encoder",
        lambda model=None, cache=True: encoders.CachedEncoder(HashEncoder()),
    )


TMX_HEADER_ATTRIBUTES = (
    "creationtool",
    "creationtoolversion",
    "segtype",
    "o-tmf",
    "adminlang",
    "srclang",
    "datatype",
)


def parse_tmx(text: str):
    """Parse a TMX document and check it is TMX 1.4 with every required header attribute."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attr in TMX_HEADER_ATTRIBUTES:
        assert header.get(attr), attr
    return root
