"""Corpus scan and clean: reading corpora, bad input, pairs and groups, the cleaned corpus.

Most tests run on the hash encoder (fast, same-language only); the few marked slow
scan the seed articles with the bundled encoder.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner import corpus as corpus_mod
from aligner import corpus_clean
from aligner.cli import cli
from aligner.corpus import (
    SCHEMA,
    Pair,
    Record,
    RecordRef,
    ScanOptions,
    choose_representative,
    scan_corpus,
    scan_records,
    union_groups,
)
from aligner.corpus_clean import clean_corpus, decision_log_path, stripped_text
from aligner.corpus_io import read_corpus
from aligner.corpus_search import nearest, ratio_margin
from aligner.documents import Document, split_paragraphs
from aligner.encoders import CachedEncoder, EmbeddingCache
from aligner.errors import CorpusError

from .conftest import SEEDS, HashEncoder

# --------------------------------------------------------------------------- test corpus

_SYLLABLES = "ka ri to mu sen dal vor pi ne lo gus tam fe ri bo chu lan dre ko mi".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))


def _sentence(rng: random.Random) -> str:
    words = [_word(rng) for _ in range(rng.randint(9, 14))]
    return " ".join(words).capitalize() + "."


def _article(seed: int, paragraphs: int = 5) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(_sentence(rng) for _ in range(3)) for _ in range(paragraphs)]


def _text(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


def _edited(paragraphs: list[str]) -> list[str]:
    """A near-duplicate: a sentence dropped, a new headline, other boilerplate."""
    out = list(paragraphs)
    first = out[1].split(". ")
    out[1] = ". ".join(first[1:])
    return ["A new headline for the same story", *out, "Share this article"]


@pytest.fixture
def corpus_records() -> list[Record]:
    """Three unrelated articles, an edited copy of the first, a document sharing two
    paragraphs of the second, boilerplate in four documents, a repeated paragraph."""
    a, b, c = _article(1), _article(2), _article(3)
    c_repeated = [*c[:3], c[1], *c[3:]]
    mixed = [*_article(4, 3)[:2], *b[1:3]]
    plate = "Other news"
    return [
        Record("a", _text([*a, plate])),
        Record("b", _text([*b, plate])),
        Record("c", _text([*c_repeated, plate])),
        Record("a-edited", _text(_edited(a))),
        Record("mixed", _text([*mixed, plate])),
    ]


@pytest.fixture
def scanned(corpus_records):
    return scan_records(corpus_records, CachedEncoder(HashEncoder()))


def _write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _digest(path) -> str:
    h = hashlib.sha256()
    for p in sorted(path.rglob("*")) if path.is_dir() else [path]:
        if p.is_file():
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


# --------------------------------------------------------------------------- reading


def test_folder_is_read_recursively_with_relative_ids(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "b.txt").write_text("Second text.", "utf-8")
    (tmp_path / "a.md").write_text("# First text", "utf-8")
    (tmp_path / "sub" / "deeper" / "c.txt").write_text("Third text.", "utf-8")
    (tmp_path / "notes.json").write_text("{}", "utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("hidden", "utf-8")
    records, problems = read_corpus(tmp_path)
    assert [r.id for r in records] == ["a.md", "b.txt", "sub/deeper/c.txt"]
    assert records[1].text == "Second text." and not problems


def test_jsonl_keeps_fields_and_declared_language(tmp_path):
    path = _write_jsonl(
        tmp_path / "c.jsonl",
        [
            {
                "id": "x",
                "text": "Bonjour à tous.",
                "lang": "fr",
                "title": "Salut",
                "url": "u",
                "date": "2024-01-01",
            },
            {"id": 7, "text": "Hello."},
        ],
    )
    records, _ = read_corpus(path)
    assert records[0].lang == "fr"
    assert records[0].fields == {"title": "Salut", "url": "u", "date": "2024-01-01"}
    assert records[1].id == "7" and records[1].lang is None


def test_parquet_is_read_in_row_order(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({"id": ["p1", "p2"], "text": ["One text.", None], "title": ["T", None]})
    pq.write_table(table, tmp_path / "c.parquet")
    records, _ = read_corpus(tmp_path / "c.parquet")
    assert [r.id for r in records] == ["p1", "p2"]
    assert records[1].text == "" and records[0].fields == {"title": "T"}


def test_missing_parquet_dependency_names_the_extra(tmp_path, monkeypatch):
    (tmp_path / "c.parquet").write_bytes(b"PAR1")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(CorpusError, match=r"aligner\[parquet\]"):
        read_corpus(tmp_path / "c.parquet")


@pytest.mark.parametrize(
    ("name", "message"),
    [("nope.jsonl", "no such file"), ("corpus.csv", "not a corpus")],
)
def test_unknown_or_missing_corpus(tmp_path, name, message):
    if name.endswith(".csv"):
        (tmp_path / name).write_text("id,text\n", "utf-8")
    with pytest.raises(CorpusError, match=message):
        read_corpus(tmp_path / name)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ('{"id": "b", "text": "unterminated', "not valid JSON"),
        ('["a list"]', "expected an object"),
        ('{"text": "no id"}', "'id'"),
        ('{"id": "b"}', "missing 'text'"),
        ('{"id": "b", "text": 3}', "not a string"),
    ],
)
def test_bad_jsonl_line_names_file_and_line(tmp_path, line, needle):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a", "text": "Fine."}\n\n' + line + "\n", "utf-8")
    with pytest.raises(CorpusError) as err:
        read_corpus(path)
    assert f"{path}:3" in str(err.value) and needle in str(err.value)
    assert "--skip-bad" in str(err.value)


def test_skip_bad_logs_the_line_and_goes_on(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a", "text": "Fine."}\nnot json\n{"id": "c", "text": "Also."}\n')
    records, problems = read_corpus(path, skip_bad=True)
    assert [r.id for r in records] == ["a", "c"]
    assert problems[0].kind == "bad_record" and problems[0].where == f"{path}:2"


def test_duplicate_ids_are_named(tmp_path):
    path = _write_jsonl(
        tmp_path / "c.jsonl",
        [
            {"id": "x", "text": "1"},
            {"id": "y", "text": "2"},
            {"id": "x", "text": "3"},
            {"id": "y", "text": "4"},
            {"id": "z", "text": "5"},
        ],
    )
    with pytest.raises(CorpusError, match=r"duplicate ids: 'x', 'y'"):
        read_corpus(path, skip_bad=True)


def test_empty_texts_are_reported_not_fatal(tmp_path):
    path = _write_jsonl(
        tmp_path / "c.jsonl",
        [
            {"id": "full", "text": _text(_article(1))},
            {"id": "blank", "text": "  \n"},
            {"id": "null", "text": None},
        ],
    )
    result = scan_corpus(path, CachedEncoder(HashEncoder()))
    assert [d.id for d in result.documents] == ["full"]
    assert [(p.kind, p.id) for p in result.problems] == [
        ("empty_text", "blank"),
        ("empty_text", "null"),
    ]


def test_unsupported_language_is_reported_not_fatal():
    class Picky(HashEncoder):
        languages = frozenset({"en"})

    records = [
        Record("fi", "Tämä on suomenkielinen lause, joka kertoo säästä ja vuorista.", lang="fi")
    ]
    result = scan_records(records, CachedEncoder(Picky()))
    assert [d.id for d in result.documents] == ["fi"]
    assert result.problems[0].kind == "unsupported_language"
    assert "'fi'" in result.problems[0].message


# --------------------------------------------------------------------------- scan


def test_near_duplicate_pair_and_group(scanned):
    kinds = {(p.a, p.b): p.kind for p in scanned.pairs}
    assert kinds[("a", "a-edited")] == "near_duplicate"
    (group,) = scanned.groups
    assert group.members == ("a", "a-edited") and group.kind == "near_duplicate"
    assert group.representative == "a"  # the more complete version


def test_partial_overlap_reports_each_side(scanned):
    (pair,) = [p for p in scanned.pairs if p.kind == "partial_overlap"]
    assert (pair.a, pair.b) == ("b", "mixed")
    assert 0.3 < pair.coverage_a < 0.6 and 0.3 < pair.coverage_b < 0.7


def test_unrelated_articles_are_not_paired(scanned):
    paired = {frozenset((p.a, p.b)) for p in scanned.pairs}
    for x, y in [("a", "b"), ("a", "c"), ("b", "c"), ("c", "mixed")]:
        assert frozenset((x, y)) not in paired


def test_repeated_paragraph_inside_a_document(scanned):
    (rep,) = scanned.repeated_paragraphs
    assert (rep.document, rep.paragraph, rep.repeats) == ("c", 3, 1)
    ref = next(r for r in scanned.records if r.id == "c")
    assert rep.span.slice(scanned.reader().read(ref).text) == _article(3)[1]


def test_boilerplate_across_documents(scanned):
    (plate,) = scanned.boilerplate
    assert plate.text == "Other news" and plate.documents == 4
    assert ("a", 5) in plate.occurrences


def test_copies_of_one_article_are_not_boilerplate():
    art = _article(5)
    records = [Record(f"copy{i}", _text(art)) for i in range(4)]
    result = scan_records(records, CachedEncoder(HashEncoder()))
    assert not result.boilerplate
    assert result.groups[0].members == ("copy0", "copy1", "copy2", "copy3")
    assert result.groups[0].representative == "copy0"  # all equal: the earliest id


def test_partitions_do_not_change_the_answer(corpus_records):
    enc = CachedEncoder(HashEncoder())
    one = scan_records(corpus_records, enc, ScanOptions(batch_size=1)).to_dict()
    many = scan_records(corpus_records, enc, ScanOptions(batch_size=64)).to_dict()
    one["tool"]["parameters"].pop("batch_size")
    many["tool"]["parameters"].pop("batch_size")
    assert one == many


def test_json_schema_and_provenance(scanned):
    report = scanned.to_dict()
    assert report["schema"] == SCHEMA
    assert set(report) >= {
        "schema",
        "tool",
        "documents",
        "pairs",
        "groups",
        "repeated_paragraphs",
        "boilerplate",
        "mixed_paragraphs",
        "problems",
    }
    assert report["tool"]["encoder"] == "hash-trigrams/1"
    assert report["tool"]["parameters"]["same_article_coverage"] == 0.8
    assert set(report["documents"][0]) >= {"id", "lang", "paragraphs", "chars"}
    pair = report["pairs"][0]
    assert set(pair) >= {"a", "b", "kind", "score", "coverage_a", "coverage_b", "evidence"}
    assert set(report["groups"][0]) >= {"kind", "members", "representative"}
    json.dumps(report)


def test_mixed_language_paragraph_is_reported():
    text = (
        "A short report on the weather in the mountains today.\n\nطباعة\n\n"
        "The storm is expected to pass during the night, the guides said."
    )
    result = scan_records([Record("m", text)], CachedEncoder(HashEncoder()))
    (mixed,) = result.mixed_paragraphs
    assert mixed.paragraph == 1 and "ar" in mixed.other_langs


def test_second_scan_encodes_and_tags_nothing(tmp_path, corpus_records, monkeypatch):
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    first_enc = CachedEncoder(HashEncoder(), cache)
    first = scan_records(corpus_records, first_enc)
    assert first_enc.encoded_count > 0
    again = CachedEncoder(HashEncoder(), cache)
    calls = []
    real = corpus_mod.analyse
    monkeypatch.setattr(corpus_mod, "analyse", lambda *a: calls.append(a) or real(*a))
    second = scan_records(corpus_records, again)
    assert again.encoded_count == 0 and not calls
    # paragraphs and languages come back from the analysis cache unchanged
    assert second.to_dict() == first.to_dict()


# --------------------------------------------------------------------------- pieces


def test_nearest_is_exact_sorted_and_excludes_owners():
    rng = np.random.default_rng(0)
    v = rng.normal(size=(30, 8)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    owners = np.repeat(np.arange(10), 3)
    nb = nearest(v, 4, owners=owners)
    sims = v @ v.T
    for i in range(30):
        ok = [j for j in np.argsort(-sims[i]) if owners[j] != owners[i]][:4]
        assert list(nb.index[i]) == ok
        assert np.all(np.diff(nb.similarity[i]) <= 0)


def test_nearest_breaks_ties_by_index():
    v = np.tile(np.array([[1.0, 0.0]], np.float32), (5, 1))
    nb = nearest(v, 2)
    assert nb.index.tolist() == [[1, 2], [0, 2], [0, 1], [0, 1], [0, 1]]


def test_nearest_with_ties_and_short_rows_matches_a_row_by_row_reference(monkeypatch):
    from aligner import corpus_search

    rng = np.random.default_rng(2)
    v = np.round(rng.normal(size=(200, 6)), 0).astype(np.float32)  # many equal rows
    v[v.sum(axis=1) == 0, 0] = 1.0
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    owners = np.repeat(np.arange(40), 5)
    owners[:196] = 0  # most rows have only 4 others: fewer than k, padded with -1
    k = 7

    def reference(vectors):
        sims = vectors.astype(np.float32) @ vectors.astype(np.float32).T
        out = []
        for i in range(len(vectors)):
            cand = [j for j in range(len(vectors)) if owners[j] != owners[i]]
            best = sorted(cand, key=lambda j: (-sims[i, j], j))[:k]
            out.append(best + [-1] * (k - len(best)))
        return out

    for vectors in (v, v.astype(np.float16)):
        expected = reference(vectors)
        for copy_limit in (1 << 30, 0):  # whole matrix in float32, or tile by tile
            monkeypatch.setattr(corpus_search, "_FLOAT32_COPY", copy_limit)
            nb = nearest(vectors, k, owners=owners)
            assert nb.index.tolist() == expected


def test_approximate_search_agrees_with_exact():
    pytest.importorskip("usearch")
    rng = np.random.default_rng(1)
    v = rng.normal(size=(300, 16)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    exact = nearest(v, 5)
    approx = nearest(v, 5, exact_limit=100)
    assert approx.method == "usearch"
    agree = np.mean([len(set(a) & set(b)) / 5 for a, b in zip(exact.index, approx.index)])
    assert agree > 0.95
    # every similarity reported is a true cosine
    rows = np.arange(300)[:, None]
    assert np.allclose(approx.similarity, np.einsum("ij,ikj->ik", v, v[approx.index]), atol=1e-5)
    assert not np.any(approx.index == rows)


def test_scan_with_the_approximate_index_finds_the_same_pairs(corpus_records, scanned):
    pytest.importorskip("usearch")
    approx = scan_records(
        corpus_records,
        CachedEncoder(HashEncoder()),
        ScanOptions(exact_search_limit=3, paragraph_scope=0),
    )
    assert approx.search == "usearch"
    assert [p.to_dict() for p in approx.pairs] == [p.to_dict() for p in scanned.pairs]


def test_nearest_among_searches_only_the_neighbouring_owners():
    from aligner.corpus_search import nearest_among

    rng = np.random.default_rng(3)
    v = rng.normal(size=(60, 8)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    owners = np.repeat(np.arange(12), 5)
    near = [[(o + 1) % 12, (o + 2) % 12, o, -1] for o in range(12)]  # self and -1 skipped
    nb = nearest_among(v.astype(np.float16), 4, owners, near)
    sims = v.astype(np.float16).astype(np.float32) @ v.astype(np.float16).astype(np.float32).T
    for i in range(60):
        o = owners[i]
        allowed = [j for j in range(60) if owners[j] in ((o + 1) % 12, (o + 2) % 12)]
        expected = sorted(allowed, key=lambda j: (-sims[i, j], j))[:4]
        assert nb.index[i].tolist() == expected
        assert np.allclose(nb.similarity[i], sims[i, expected], atol=1e-6)
    assert nb.method == "neighbourhood"


def test_scan_with_paragraphs_searched_among_neighbouring_documents(corpus_records, scanned):
    # a scope as large as the corpus: the same candidates as the search of all paragraphs
    everyone = len(corpus_records)
    wide = scan_records(
        corpus_records,
        CachedEncoder(HashEncoder()),
        ScanOptions(exact_search_limit=3, paragraph_scope=everyone),
    )
    assert [p.to_dict() for p in wide.pairs] == [p.to_dict() for p in scanned.pairs]
    # a scope of one document still finds pairs whose documents are nearest neighbours
    narrow = scan_records(
        corpus_records,
        CachedEncoder(HashEncoder()),
        ScanOptions(exact_search_limit=3, paragraph_scope=1),
    )
    assert narrow.pairs and narrow.search == "neighbourhood"


def test_ratio_margin():
    assert ratio_margin(0.9, 0.6, 0.6) == pytest.approx(1.5)
    assert ratio_margin(0.9, 0.9, 0.9) == pytest.approx(1.0)


def test_union_groups_are_sorted_components():
    assert union_groups(6, [(4, 1), (2, 3), (1, 0)]) == [[0, 1, 4], [2, 3]]


def _info(doc_id, lang):
    ref = RecordRef(doc_id, None, "", 0, False, None)
    return corpus_mod.DocumentInfo(ref, lang, 1.0, np.zeros((0, 2), np.int64), 0)


def test_representative_rule():
    infos = [_info("b", "de"), _info("a", "fr"), _info("c", "fr")]
    chars = {"a": 500, "b": 500, "c": 500}
    full = [Pair("b", "a", "translation", 1, 1, 1), Pair("b", "c", "translation", 1, 1, 1)]
    assert choose_representative(infos, full, chars).id == "a"  # all equal: earliest id
    assert choose_representative(infos, full, chars, ["de"]).id == "b"
    assert choose_representative(infos, full, chars, ["it", "fr"]).id == "a"
    # c holds all of b, b only 70% of c: c is the more complete version
    partial = [Pair("b", "c", "translation", 0.8, 1.0, 0.7)]
    assert choose_representative(infos[::2], partial, chars).id == "c"
    # equally complete: the one with more content characters
    assert choose_representative(infos, full, {**chars, "c": 600}).id == "c"


@settings(max_examples=60, deadline=None)
@given(
    paras=st.lists(
        st.text("abc xyz.", min_size=1, max_size=12).filter(str.strip), min_size=1, max_size=6
    ),
    seps=st.lists(st.sampled_from(["\n\n", "\n \n", "\n\n\n"]), min_size=6, max_size=6),
    drop=st.sets(st.integers(0, 5)),
)
def test_stripping_keeps_the_other_paragraphs_as_they_were(paras, seps, drop):
    text = " " + "".join(p + s for p, s in zip(paras, seps))
    doc = Document(text)
    doc.paragraphs = split_paragraphs(text)
    kept = [doc.paragraph_text(i) for i in range(len(doc.paragraphs)) if i not in drop]
    out = stripped_text(doc, drop)
    again = split_paragraphs(out)
    assert [sp.slice(out) for sp in again] == kept
    if not drop & set(range(len(doc.paragraphs))):
        assert out == text


# --------------------------------------------------------------------------- clean


def test_clean_keeps_one_per_group_and_logs_every_record(tmp_path, corpus_records):
    src = _write_jsonl(
        tmp_path / "in.jsonl",
        [{"id": r.id, "text": r.text, "title": f"T-{r.id}"} for r in corpus_records]
        + [{"id": "empty", "text": ""}],
    )
    before = _digest(src)
    out = tmp_path / "out.jsonl"
    result = clean_corpus(src, out, CachedEncoder(HashEncoder()), strip_boilerplate=True)
    assert _digest(src) == before
    rows = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c", "mixed"]
    assert rows[0]["title"] == "T-a" and "Other news" not in rows[0]["text"]
    log = [json.loads(x) for x in decision_log_path(out).read_text("utf-8").splitlines()]
    assert [(d["id"], d["action"]) for d in log] == [
        ("a", "keep"),
        ("b", "keep"),
        ("c", "keep"),
        ("a-edited", "drop"),
        ("mixed", "keep"),
        ("empty", "drop"),
    ]
    assert log[3]["reason"] == "near-duplicate of a" and log[3]["group"] == "g1"
    assert log[0]["removed_paragraphs"] == [5]
    assert result.counts() == {"keep": 4, "drop": 2, "skip": 0, "stripped": 4}


def test_clean_refuses_to_overwrite_and_writes_atomically(tmp_path, corpus_records, monkeypatch):
    src = _write_jsonl(
        tmp_path / "in.jsonl", [{"id": r.id, "text": r.text} for r in corpus_records]
    )
    out = tmp_path / "out.jsonl"
    out.write_text("old", "utf-8")
    enc = CachedEncoder(HashEncoder())
    with pytest.raises(CorpusError, match="--force"):
        clean_corpus(src, out, enc)
    with pytest.raises(CorpusError, match="input"):
        clean_corpus(src, src, enc, overwrite=True)
    with pytest.raises(CorpusError, match="no folder"):
        clean_corpus(src, tmp_path / "missing" / "out.jsonl", enc)

    real_dumps = json.dumps
    calls = {"n": 0}

    def dying_dumps(obj, **kw):  # the run dies in the middle of the corpus
        calls["n"] += 1
        if "text" in obj and calls["n"] > 8:
            raise KeyboardInterrupt
        return real_dumps(obj, **kw)

    monkeypatch.setattr(corpus_clean.json, "dumps", dying_dumps)
    with pytest.raises(KeyboardInterrupt):
        clean_corpus(src, out, enc, overwrite=True)
    assert out.read_text("utf-8") == "old"
    assert not decision_log_path(out).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_clean_strips_repeated_paragraphs(tmp_path, corpus_records):
    src = _write_jsonl(
        tmp_path / "in.jsonl", [{"id": r.id, "text": r.text} for r in corpus_records]
    )
    out = tmp_path / "o.jsonl"
    clean_corpus(src, out, CachedEncoder(HashEncoder()), strip_repeated=True)
    rows = {r["id"]: r for r in map(json.loads, out.read_text("utf-8").splitlines())}
    assert rows["c"]["text"].count(_article(3)[1]) == 1


# --------------------------------------------------------------------------- command line


@pytest.fixture
def corpus_file(tmp_path, corpus_records):
    return _write_jsonl(
        tmp_path / "in.jsonl", [{"id": r.id, "text": r.text} for r in corpus_records]
    )


@pytest.mark.parametrize(
    ("fmt", "needle"),
    [
        ("text", "near_duplicate"),
        ("json", '"schema": "aligner.scan/1"'),
        ("html", "<table>"),
        ("tsv", "pair\ta\ta-edited\tnear_duplicate"),
    ],
)
def test_scan_formats(runner, corpus_file, fake_encoder, fmt, needle):
    result = runner.invoke(cli, ["scan", str(corpus_file), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert needle in result.output


def test_scan_reports_problems_on_stderr(runner, tmp_path, fake_encoder):
    path = _write_jsonl(
        tmp_path / "c.jsonl", [{"id": "a", "text": "Some text here."}, {"id": "b", "text": ""}]
    )
    result = runner.invoke(cli, ["scan", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert "warning: b: the text is empty" in result.stderr
    assert json.loads(result.stdout)["problems"][0]["kind"] == "empty_text"


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        ('{"id": "a", "text": "x"}\n{oops\n', ["c.jsonl:2", "not valid JSON"]),
        ('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', ["duplicate ids", "'a'"]),
    ],
)
def test_scan_bad_input_is_one_line(runner, tmp_path, fake_encoder, content, needles):
    path = tmp_path / "c.jsonl"
    path.write_text(content, "utf-8")
    result = runner.invoke(cli, ["scan", str(path)])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    for n in needles:
        assert n in result.stderr


def test_scan_skip_bad(runner, tmp_path, fake_encoder):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a", "text": "Some text."}\n{oops\n', "utf-8")
    result = runner.invoke(cli, ["scan", str(path), "--skip-bad", "--format", "json"])
    assert result.exit_code == 0
    assert "c.jsonl:2" in result.stderr


def test_clean_command(runner, tmp_path, corpus_file, fake_encoder):
    out = tmp_path / "clean.jsonl"
    before = _digest(corpus_file)
    result = runner.invoke(cli, ["clean", str(corpus_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "kept 4 of 5 records" in result.output
    assert _digest(corpus_file) == before
    assert len(out.read_text("utf-8").splitlines()) == 4
    assert (tmp_path / "clean.decisions.jsonl").exists()
    again = runner.invoke(cli, ["clean", str(corpus_file), "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.stderr
    forced = runner.invoke(
        cli, ["clean", str(corpus_file), "-o", str(out), "--force", "--prefer-lang", "de, en"]
    )
    assert forced.exit_code == 0, forced.output


def test_clean_folder_keeps_input_untouched(runner, tmp_path, fake_encoder):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, name in enumerate(["x.txt", "y.md"]):
        (folder / name).write_text(_text(_article(20 + i)), "utf-8")
    (folder / "x-copy.txt").write_text(_text(_article(20)), "utf-8")
    before = _digest(folder)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        cli, ["clean", str(folder), "-o", str(out), "--log", str(tmp_path / "log.jsonl")]
    )
    assert result.exit_code == 0, result.output
    assert _digest(folder) == before
    kept = [json.loads(x)["id"] for x in out.read_text("utf-8").splitlines()]
    assert kept == ["x-copy.txt", "y.md"]  # identical copies: the earliest id ('-' < '.')


# --------------------------------------------------------------------------- the seeds


@pytest.fixture(scope="module")
def seed_scan(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeds")
    for p in sorted(SEEDS.glob("0*.txt")):
        shutil.copy(p, folder / p.name)
    from aligner.encoders import get_encoder

    return scan_corpus(folder, get_encoder(cache=False))


@pytest.mark.slow
def test_seeds_only_pair_is_the_translation(seed_scan):
    assert [(p.a[:3], p.b[:3], p.kind) for p in seed_scan.pairs] == [("000", "001", "translation")]
    (group,) = seed_scan.groups
    assert group.representative.startswith("000")  # the English version holds more


@pytest.mark.slow
def test_seed_004_repeats_its_lead(seed_scan):
    reps = [(r.document[:3], r.paragraph, r.repeats) for r in seed_scan.repeated_paragraphs]
    assert reps == [("004", 2, 1)]


@pytest.mark.slow
def test_seed_002_arabic_line_is_mixed(seed_scan):
    mixed = [(m.document[:3], m.text) for m in seed_scan.mixed_paragraphs]
    assert ("002", "طباعة") in mixed
