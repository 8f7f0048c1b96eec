"""The divergence benchmark reads any data set laid out like the dev set."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location(
        "divergence_bench", ROOT / "benchmarks" / "divergence_bench.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def _triple(d: Path, name: str) -> None:
    for ext in ("de", "fr", "defr"):
        (d / f"{name}.{ext}").write_text("x\n", encoding="utf-8")


def test_corpus_files_any_name(bench, tmp_path):
    _triple(tmp_path, "test")
    (tmp_path / "LICENSE").write_text("", encoding="utf-8")
    assert bench.corpus_files(tmp_path) == tuple(
        tmp_path / f"test.{e}" for e in ("de", "fr", "defr")
    )


@pytest.mark.parametrize("names", [(), ("dev", "test")])
def test_corpus_files_needs_one_triple(bench, tmp_path, names):
    for name in names:
        _triple(tmp_path, name)
    (tmp_path / "half.defr").write_text("", encoding="utf-8")  # no half.de / half.fr
    with pytest.raises(SystemExit) as e:
        bench.corpus_files(tmp_path)
    assert "one NAME.de, NAME.fr, NAME.defr triple" in str(e.value.code)


def test_verified_divergences_keyed_by_text(bench):
    lines = [
        "Ein anderer Satz .",
        "Allerdings waren sie dann stark abgekämpft . ",
        "La  Tour de Mustagh .",  # whitespace folded
        "allerdings waren sie dann stark abgekämpft .",
        # the same start, another line: another data set's sentence
        "Die Gipfelhöhen halten sich zwischen 5800 und 6300 m. Es sind also …",
        "La Tour de Mustagh . Ein Buch von 1956 .",
    ]
    assert bench.verified_lines(lines) == {1: "omission", 2: "omission"}
    assert bench.verified_lines(["Tastend ."] * 400) == {}
