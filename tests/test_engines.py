"""Engines: the same scan in this process and on a Dask cluster, and clear errors.

The Dask tests start a LocalCluster of two worker processes once per module; the
workers build the hash encoder themselves from a picklable recipe.
"""

from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner

from aligner.cli import cli
from aligner.corpus import scan_corpus, scan_records
from aligner.corpus_clean import clean_corpus
from aligner.encoders import CachedEncoder, EmbeddingCache, USEEncoder
from aligner.engines import (
    DaskEngine,
    EncoderSpec,
    EngineError,
    LocalEngine,
    ProcessEngine,
    encoder_spec,
    open_engine,
)

from .conftest import HashEncoder
from .test_corpus import _write_jsonl, corpus_records  # noqa: F401  (fixture)


def _square(x: int, *, offset: int = 0) -> int:
    return x * x + offset


def _scan_json(result) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=True)


# --------------------------------------------------------------------------- local


def test_local_engine_maps_in_order_with_shared_arguments():
    with LocalEngine() as engine:
        assert engine.map(_square, [3, 1, 2], offset=1) == [10, 2, 5]
        assert engine.map(_square, []) == []


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"name": "spark"}, "unknown engine"),
        ({"name": "local", "workers": 2}, "needs --engine processes or --engine dask"),
        ({"name": "local", "scheduler": "tcp://x:1"}, "needs --engine dask"),
        ({"name": "processes", "scheduler": "tcp://x:1"}, "needs --engine dask"),
        ({"name": "processes", "workers": 0}, "at least 1"),
        ({"name": "dask", "workers": 0}, "at least 1"),
    ],
)
def test_engine_options_are_checked(kwargs, needle):
    name = kwargs.pop("name")
    with pytest.raises(EngineError, match=needle):
        open_engine(name, **kwargs)


def test_missing_dask_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(EngineError, match=r"aligner\[dask\]"):
        DaskEngine(workers=1)


def test_missing_dask_is_exit_status_2(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    path = _write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": "Some text here."}])
    result = CliRunner().invoke(cli, ["scan", str(path), "--engine", "dask", "--workers", "1"])
    assert result.exit_code == 2
    assert "aligner[dask]" in result.output


def test_scheduler_and_workers_are_not_both_allowed(tmp_path):
    path = _write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": "Some text here."}])
    args = ["scan", str(path), "--engine", "dask", "--workers", "2", "--scheduler", "tcp://x:1"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "not both" in result.output


def test_encoder_spec_names_the_model_or_copies_the_object(tmp_path):
    use = CachedEncoder(USEEncoder(), EmbeddingCache(tmp_path / "e.sqlite"))
    spec = encoder_spec(use)
    assert spec.model is None and spec.obj is None
    assert spec.cache_path == str(tmp_path / "e.sqlite")
    assert spec.identity == use.identity

    spec = encoder_spec(CachedEncoder(HashEncoder()))
    assert isinstance(spec.obj, HashEncoder) and spec.cache_path is None
    built = spec.build()
    assert built.identity == HashEncoder.identity
    assert built.encode(["abc"]).shape == (1, HashEncoder.dimension)


class _Unpicklable(HashEncoder):
    def __init__(self) -> None:
        super().__init__()
        self.hook = lambda: None  # a lambda cannot be pickled


def test_unpicklable_encoder_is_a_clear_error():
    with pytest.raises(EngineError, match="cannot be sent"):
        encoder_spec(CachedEncoder(_Unpicklable()))


def test_spec_refuses_a_different_encoder_on_the_worker():
    spec = EncoderSpec(model=None, identity="some-other-model@1")
    with pytest.raises(EngineError, match="install the same model"):
        spec.build()


# --------------------------------------------------------------------------- dask


@pytest.fixture(scope="module")
def dask_engine():
    pytest.importorskip("dask.distributed")
    engine = DaskEngine(workers=2)
    yield engine
    engine.close()


def test_unreachable_scheduler_is_a_clear_error():
    pytest.importorskip("dask.distributed")
    with pytest.raises(EngineError, match="cannot reach the Dask scheduler"):
        DaskEngine("tcp://127.0.0.1:9", timeout=1)


def test_dask_engine_maps_in_order(dask_engine):
    assert dask_engine.map(_square, list(range(20)), offset=1) == [x * x + 1 for x in range(20)]
    assert "2 worker(s)" in dask_engine.describe()


def test_dask_scan_equals_local_scan(dask_engine, corpus_records):  # noqa: F811
    from aligner.corpus import ScanOptions

    # Small partitions and verification batches: many tasks, so order matters.
    opts = ScanOptions(batch_size=2)
    local = scan_records(corpus_records, CachedEncoder(HashEncoder()), opts)
    remote = scan_records(corpus_records, CachedEncoder(HashEncoder()), opts, engine=dask_engine)
    assert local.pairs and local.groups  # the corpus has something to find
    assert _scan_json(remote) == _scan_json(local)


def test_dask_scan_with_a_shared_disk_cache(dask_engine, corpus_records, tmp_path):  # noqa: F811
    cache = EmbeddingCache(tmp_path / "emb.sqlite")
    local = scan_records(corpus_records, CachedEncoder(HashEncoder()))
    remote = scan_records(corpus_records, CachedEncoder(HashEncoder(), cache), engine=dask_engine)
    assert _scan_json(remote) == _scan_json(local)
    # the workers wrote their vectors into the shared cache
    n = cache._conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
    assert n > 0


# --------------------------------------------------------------------------- processes


@pytest.fixture(scope="module")
def process_engine():
    engine = ProcessEngine(workers=2)
    yield engine
    engine.close()


def _die(x: int) -> int:
    import os

    os._exit(3)  # a worker killed in the middle of a task


def test_a_dead_worker_is_a_clear_error():
    with ProcessEngine(workers=1) as engine, pytest.raises(EngineError, match="stopped"):
        engine.map(_die, [1, 2])


def test_process_engine_maps_in_order(process_engine):
    assert process_engine.map(_square, list(range(20)), offset=1) == [x * x + 1 for x in range(20)]
    assert process_engine.map(_square, []) == []
    assert "2 local worker" in process_engine.describe()


def test_process_search_equals_local_search(process_engine, monkeypatch):
    import numpy as np

    from aligner import corpus_search

    rng = np.random.default_rng(5)
    v = rng.normal(size=(500, 16)).astype(np.float16)
    v /= np.linalg.norm(v.astype(np.float32), axis=1, keepdims=True).astype(np.float16)
    owners = np.repeat(np.arange(100), 5)
    # 8 blocks of rows, a task per worker; the same blocks in one process (a product of
    # another shape may round its last bit otherwise)
    monkeypatch.setattr(corpus_search, "_BLOCK", 64)
    local = corpus_search.nearest(v, 6, owners=owners)
    monkeypatch.setattr(corpus_search, "DISTRIBUTE_FROM", 100)
    sent = []
    real_map = process_engine.map

    def watch(fn, items, **shared):
        sent.append(len(items))
        return real_map(fn, items, **shared)

    monkeypatch.setattr(process_engine, "map", watch)
    remote = corpus_search.nearest(v, 6, owners=owners, engine=process_engine)
    assert sent == [2]
    assert np.array_equal(remote.index, local.index)
    assert np.array_equal(remote.similarity, local.similarity)


def test_process_neighbourhood_search_equals_local(process_engine, monkeypatch):
    import numpy as np

    from aligner import corpus_search

    rng = np.random.default_rng(6)
    v = rng.normal(size=(300, 16)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    owners = np.repeat(np.arange(60), 5)
    near = [np.array([(o + 1) % 60, (o + 7) % 60, (o + 13) % 60]) for o in range(62)]
    local = corpus_search.nearest_among(v, 4, owners, near)
    monkeypatch.setattr(corpus_search, "DISTRIBUTE_FROM", 10)
    remote = corpus_search.nearest_among(v, 4, owners, near, engine=process_engine)
    assert np.array_equal(remote.index, local.index)
    assert np.array_equal(remote.similarity, local.similarity)
    assert (local.index >= 0).all()


@pytest.mark.parametrize(("distribute_from", "scope"), [(10**9, None), (1, None), (1, 2)])
def test_process_scan_equals_local_scan(
    process_engine,
    corpus_records,  # noqa: F811
    monkeypatch,
    distribute_from,
    scope,
):
    from aligner import corpus_search
    from aligner.corpus import ScanOptions

    # with 1, the document and paragraph searches run as tasks too; with a scope,
    # paragraphs are searched among two neighbouring documents' (as tasks)
    monkeypatch.setattr(corpus_search, "DISTRIBUTE_FROM", distribute_from)
    extra = {} if scope is None else {"exact_search_limit": 3, "paragraph_scope": scope}
    opts = ScanOptions(batch_size=2, **extra)  # many tasks: order matters
    local = scan_records(corpus_records, CachedEncoder(HashEncoder()), opts)
    remote = scan_records(corpus_records, CachedEncoder(HashEncoder()), opts, engine=process_engine)
    assert local.pairs and local.groups
    assert _scan_json(remote) == _scan_json(local)


# --------------------------------------------------------------------------- both


@pytest.mark.parametrize("engine_fixture", ["dask_engine", "process_engine"])
def test_clean_writes_the_same_files_on_every_engine(
    engine_fixture,
    request,
    corpus_records,  # noqa: F811
    tmp_path,
):
    engine = request.getfixturevalue(engine_fixture)
    src = _write_jsonl(
        tmp_path / "in.jsonl", [{"id": r.id, "text": r.text} for r in corpus_records]
    )
    outs = {}
    for name, runner in (("local", None), (engine.name, engine)):
        out = tmp_path / f"{name}.jsonl"
        clean_corpus(src, out, CachedEncoder(HashEncoder()), strip_boilerplate=True, engine=runner)
        outs[name] = (out.read_bytes(), (tmp_path / f"{name}.decisions.jsonl").read_bytes())
    assert outs[engine.name] == outs["local"]
    assert b"drop" in outs["local"][1]


@pytest.mark.parametrize("engine", ["dask", "processes"])
def test_scan_command_with_workers_gives_the_same_report(
    tmp_path,
    corpus_records,  # noqa: F811
    fake_encoder,
    engine,
):
    if engine == "dask":
        pytest.importorskip("dask.distributed")
    path = _write_jsonl(
        tmp_path / "in.jsonl", [{"id": r.id, "text": r.text} for r in corpus_records]
    )
    runner = CliRunner()
    base = ["scan", str(path), "--format", "json"]
    local = runner.invoke(cli, base)
    remote = runner.invoke(cli, [*base, "--engine", engine, "--workers", "2"])
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout


def test_scheduler_with_worker_processes_is_exit_status_2(tmp_path):
    path = _write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": "Some text here."}])
    bad = CliRunner().invoke(
        cli, ["scan", str(path), "--engine", "processes", "--scheduler", "tcp://x:1"]
    )
    assert bad.exit_code == 2 and "needs --engine dask" in bad.output


# --------------------------------------------------------------------------- batch compare

_EN = (
    "The council met on Monday to discuss the new budget. It approved 12 million for roads.\n\n"
    "Schools will receive more teachers next year. The mayor said this was overdue.\n"
)
_EN_SHORT = "The council met on Monday to discuss the new budget.\n"


@pytest.fixture
def pairs_tsv(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(_EN, "utf-8")
    (tmp_path / "docs" / "b.txt").write_text(_EN, "utf-8")
    (tmp_path / "docs" / "c.txt").write_text(_EN_SHORT, "utf-8")
    path = tmp_path / "pairs.tsv"
    path.write_text(
        "source\ttarget\n# identical\ndocs/a.txt\tdocs/b.txt\n\ndocs/a.txt\tdocs/c.txt\n", "utf-8"
    )
    return path


def test_read_pairs_skips_header_comments_and_blank_lines(pairs_tsv):
    from aligner.batch import read_pairs

    jobs = read_pairs(pairs_tsv)
    assert [j.line for j in jobs] == [3, 5]
    assert jobs[1].target == str(pairs_tsv.parent / "docs" / "c.txt")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("docs/a.txt\n", "pairs.tsv:1: expected two tab-separated columns"),
        ("docs/a.txt\tdocs/b.txt\tx\n", "pairs.tsv:1: expected two"),
        ("docs/a.txt\tdocs/b.txt\ndocs/a.txt\t\n", "pairs.tsv:2: expected two"),
        ("docs/a.txt\tdocs/missing.txt\n", "pairs.tsv:1: docs/missing.txt: no such file"),
        ("# nothing\n", "no pairs"),
    ],
)
def test_bad_pairs_file_names_the_line(pairs_tsv, content, needle):
    from aligner.batch import BatchError, read_pairs

    pairs_tsv.write_text(content, "utf-8")
    with pytest.raises(BatchError, match=needle):
        read_pairs(pairs_tsv)
    result = CliRunner().invoke(cli, ["compare", "--pairs", str(pairs_tsv)])
    assert result.exit_code == 2
    assert needle in result.output


def test_batch_in_parallel_equals_one_by_one(pairs_tsv):
    from aligner.batch import compare_pairs, read_pairs

    jobs = read_pairs(pairs_tsv)
    serial = compare_pairs(jobs, CachedEncoder(HashEncoder()), jobs=1, fail_on="warning")
    parallel = compare_pairs(jobs, CachedEncoder(HashEncoder()), jobs=2, fail_on="warning")
    assert parallel.to_dict() == serial.to_dict()
    d = serial.to_dict()
    assert d["schema"] == "aligner.compare-batch/1"
    assert [e["line"] for e in d["pairs"]] == [3, 5]
    assert d["pairs"][0]["findings"] == [] and d["pairs"][0]["status"] == "ok"
    assert d["pairs"][1]["findings"]  # the short target omits a paragraph
    assert d["totals"]["pairs"] == 2 and d["totals"]["ok"] + d["totals"]["failed"] == 2


@pytest.mark.parametrize(("fail_on", "status"), [(None, 0), ("info", 1)])
def test_batch_command_json_and_exit_status(pairs_tsv, fake_encoder, fail_on, status):
    args = ["compare", "--pairs", str(pairs_tsv), "--format", "json", "--jobs", "1"]
    result = CliRunner().invoke(cli, args + (["--fail-on", fail_on] if fail_on else []))
    assert result.exit_code == status, result.output
    report = json.loads(result.stdout)
    assert report["schema"] == "aligner.compare-batch/1"
    assert report["tool"]["encoder"] == HashEncoder.identity
    assert report["pairs"][1]["status"] == ("fail" if fail_on else "ok")


def test_batch_command_html_index_links_every_pair(pairs_tsv, fake_encoder, tmp_path):
    out = tmp_path / "reports"
    args = ["compare", "--pairs", str(pairs_tsv), "--format", "html", "-o", str(out)]
    result = CliRunner().invoke(cli, [*args, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text("utf-8")
    assert 'href="pair-0001.html"' in index and 'href="pair-0002.html"' in index
    assert "<html" in (out / "pair-0002.html").read_text("utf-8")
    combined = json.loads((out / "index.json").read_text("utf-8"))
    assert [e["report"] for e in combined["pairs"]] == ["pair-0001.html", "pair-0002.html"]
    again = CliRunner().invoke(cli, [*args, "--jobs", "1"])
    assert again.exit_code == 2 and "already exists" in again.output


def test_unreadable_document_is_reported_and_the_rest_goes_on(pairs_tsv, fake_encoder):
    (pairs_tsv.parent / "docs" / "c.txt").write_bytes(b"")
    args = ["compare", "--pairs", str(pairs_tsv), "--format", "json", "--jobs", "1"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert [e["status"] for e in report["pairs"]] == ["ok", "error"]
    assert "error: line 5" in result.stderr


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["a.txt"], "not both"),
        (["--format", "tmx"], "text, json or html"),
        (["--format", "html"], "needs -o"),
        (["--quiet"], "--quiet is for one pair"),
    ],
)
def test_batch_option_conflicts(pairs_tsv, extra, needle):
    result = CliRunner().invoke(cli, ["compare", "--pairs", str(pairs_tsv), *extra])
    assert result.exit_code == 2
    assert needle in result.output


def test_compare_needs_two_files_or_pairs():
    result = CliRunner().invoke(cli, ["compare"])
    assert result.exit_code == 2
    assert "--pairs" in result.output


def test_scheduler_without_workers_is_a_clear_error():
    pytest.importorskip("dask.distributed")
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as cluster:
        with pytest.raises(EngineError, match="has no workers"):
            DaskEngine(cluster.scheduler_address, timeout=1)


def test_joining_a_running_cluster_by_address(corpus_records):  # noqa: F811
    pytest.importorskip("dask.distributed")
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as cluster:
        with open_engine("dask", scheduler=cluster.scheduler_address) as engine:
            remote = scan_records(corpus_records, CachedEncoder(HashEncoder()), engine=engine)
    local = scan_records(corpus_records, CachedEncoder(HashEncoder()))
    assert _scan_json(remote) == _scan_json(local)


# --------------------------------------------------------------------------- driver memory


class _RecordingEngine(LocalEngine):
    """Runs tasks here, as a remote engine would (from an encoder recipe, reading the
    corpus themselves), and keeps what a cluster would have been sent."""

    local = False

    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def map(self, fn, items, **shared):
        import pickle

        # Tasks get copies, as on a cluster (the encoder object there is not this one).
        items = [pickle.dumps(x) for x in items]
        shared = {k: pickle.dumps(v) for k, v in shared.items()}
        self.sent += [*items, *shared.values()]
        copies = {k: pickle.loads(v) for k, v in shared.items()}
        return [fn(pickle.loads(x), **copies) for x in items]


def _marker_corpus(tmp_path, corpus_records):  # noqa: F811
    """The test corpus as JSON Lines; every document gets a sentence of its own."""
    rows = [
        {"id": r.id, "text": f"Marker sentence number {k} stands alone here.\n\n{r.text}"}
        for k, r in enumerate(corpus_records)
    ]
    markers = [f"Marker sentence number {k}".encode() for k in range(len(rows))]
    return _write_jsonl(tmp_path / "in.jsonl", rows), markers


def test_tasks_get_references_not_texts(tmp_path, corpus_records):  # noqa: F811
    path, markers = _marker_corpus(tmp_path, corpus_records)
    engine = _RecordingEngine()
    remote = scan_corpus(path, CachedEncoder(HashEncoder()), engine=engine)
    local = scan_corpus(path, CachedEncoder(HashEncoder()))
    assert _scan_json(remote) == _scan_json(local)
    assert remote.pairs and len(engine.sent) > 2  # partitions and pair batches were sent
    for payload in engine.sent:
        assert not any(m in payload for m in markers)


@pytest.mark.parametrize("engine", [None, "recording"])
def test_the_driver_keeps_no_text(tmp_path, corpus_records, monkeypatch, engine):  # noqa: F811
    import gc
    import pickle
    import weakref

    from aligner import corpus as corpus_mod
    from aligner.corpus_io import CorpusReader

    path, markers = _marker_corpus(tmp_path, corpus_records)
    read: list[weakref.ref] = []
    real_read = CorpusReader.read

    def read_and_watch(self, ref):
        record = real_read(self, ref)
        read.append(weakref.ref(record))
        return record

    alive_at_search: list[int] = []
    real_search = corpus_mod.find_candidates

    def search_and_count(*args, **kwargs):
        gc.collect()
        alive_at_search.append(sum(r() is not None for r in read))
        return real_search(*args, **kwargs)

    monkeypatch.setattr(CorpusReader, "read", read_and_watch)
    monkeypatch.setattr(corpus_mod, "find_candidates", search_and_count)
    result = scan_corpus(
        path,
        CachedEncoder(HashEncoder()),
        engine=_RecordingEngine() if engine else None,
    )
    # Every document was read, and none of them is held once its partition is done.
    assert len(read) >= len(corpus_records)
    assert alive_at_search == [0]
    # What the scan returns holds references and vectors, not the texts.
    kept = pickle.dumps(result)
    assert not any(m in kept for m in markers)
