"""Reading a corpus (a folder, a JSON Lines file, a Parquet file) and writing files safely.

A corpus is read into :class:`Record` objects, in a fixed order: folder files sorted
by their path relative to the folder, JSON Lines and Parquet rows in file order.
Input that cannot be used is either an error (:class:`~aligner.errors.CorpusError`,
naming the file and line) or, with ``skip_bad``, a :class:`Problem` in the result;
empty texts are always problems, never errors.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .documents import decode_bytes
from .errors import CorpusError, InputError

__all__ = [
    "CorpusFile",
    "CorpusReader",
    "Problem",
    "Record",
    "RecordRef",
    "atomic_write_files",
    "corpus_format",
    "index_corpus",
    "read_corpus",
]

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
PARQUET_SUFFIXES = (".parquet", ".pq")
#: Fields of a record besides ``id`` and ``text`` that the tool understands.
KNOWN_FIELDS = ("lang", "title", "url", "date")


@dataclass(frozen=True)
class Record:
    """One input document.

    Attributes:
        id: unique id (a folder file's path relative to the folder, posix style).
        text: the decoded text, unaltered ("" when the input had none).
        lang: the language the input declares, or ``None`` to detect it.
        fields: every other field of the input record (``title``, ``url``, ``date``...),
            carried into a cleaned corpus unchanged.
        where: where it came from, for messages (``file:line`` or a path).
    """

    id: str
    text: str
    lang: str | None = None
    fields: dict[str, Any] = field(default_factory=dict, compare=False)
    where: str = ""


@dataclass(frozen=True)
class RecordRef:
    """Where an input record is, without its text: what a scan keeps of each record.

    Attributes:
        id, lang, where: as in :class:`Record`.
        chars: the length of the text.
        blank: the text is empty or only white space.
        at: how to read it again: the path relative to the folder, ``(byte offset,
            line)`` in a JSON Lines file, the row of a Parquet file, or the
            :class:`Record` itself for records given in memory.
    """

    id: str
    lang: str | None
    where: str
    chars: int
    blank: bool
    at: Any = field(compare=False)

    @classmethod
    def of(cls, record: Record, at: Any = None) -> RecordRef:
        """The reference of ``record``; without ``at``, it holds the record itself."""
        return cls(
            record.id,
            record.lang,
            record.where,
            len(record.text),
            not record.text.strip(),
            record if at is None else at,
        )


@dataclass(frozen=True)
class Problem:
    """Input that was reported and left out or kept with a warning, never fatal.

    ``kind`` is ``bad_record`` (skipped with ``skip_bad``), ``empty_text`` or
    ``unsupported_language``.
    """

    kind: str
    where: str
    message: str
    id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "where": self.where, "id": self.id, "message": self.message}


# --------------------------------------------------------------------------- reading


def corpus_format(path: str | Path) -> str:
    """``"folder"``, ``"jsonl"`` or ``"parquet"`` for ``path``."""
    p = Path(path)
    if not p.exists():
        raise CorpusError(f"{path}: no such file or folder")
    if p.is_dir():
        return "folder"
    suffix = p.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    raise CorpusError(
        f"{path}: not a corpus; give a folder of .txt/.md files, a JSON Lines file "
        "(.jsonl) or a Parquet file (.parquet)"
    )


# Each reader yields (record, None) or (None, problem) for input that cannot be used.
Item = tuple[Record | None, Problem | None]


def _bad(where: str, message: str, id_: str | None = None) -> Item:
    return None, Problem("bad_record", where, f"{where}: {message}", id_)


def _read_file(root: Path, rel: str) -> Item:
    """One file of a folder corpus, ``rel`` its posix path relative to ``root``."""
    p = root / rel
    try:
        data = p.read_bytes()
    except OSError as exc:
        return _bad(str(p), f"cannot read ({exc.strerror})", rel)
    try:
        text, _ = decode_bytes(data, None, name=str(p))
    except InputError as exc:
        if not data.decode("utf-8", "ignore").strip("\ufeff \t\r\n\v\f"):
            text = ""
        else:
            return None, Problem("bad_record", str(p), str(exc), rel)
    return Record(rel, text, None, {}, str(p)), None


def _iter_folder(root: Path) -> Iterator[tuple[Item, Any]]:
    files = []
    for p in root.rglob("*"):
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue  # hidden files and folders (.git, editor backups)
        if p.suffix.lower() in TEXT_SUFFIXES and p.is_file():
            files.append(rel.as_posix())
    files.sort()
    for rel in files:
        yield _read_file(root, rel), rel


def _record_from(obj: Any, where: str) -> Item:
    """A record from a decoded JSON object or Parquet row."""
    if not isinstance(obj, dict):
        return _bad(where, "expected an object with 'id' and 'text'")
    id_ = obj.get("id")
    if isinstance(id_, bool) or not isinstance(id_, (str, int)) or str(id_) == "":
        return _bad(where, "missing or invalid 'id' (a string or an integer)")
    id_ = str(id_)
    if "text" not in obj:
        return _bad(where, "missing 'text'", id_)
    text = obj["text"]
    if text is None:
        text = ""
    if not isinstance(text, str):
        return _bad(where, "'text' is not a string", id_)
    lang = obj.get("lang")
    if lang is not None and not isinstance(lang, str):
        return _bad(where, "'lang' is not a string", id_)
    fields = {k: v for k, v in obj.items() if k not in ("id", "text", "lang")}
    return Record(id_, text, lang or None, fields, where), None


def _jsonl_line(raw: bytes, path: Path, n: int) -> Item | None:
    """The record on line ``n`` (``None`` for a blank line)."""
    where = f"{path}:{n}"
    if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _bad(where, f"not UTF-8 (byte {exc.start})")
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return _bad(where, f"not valid JSON ({exc.msg}, column {exc.colno})")
    return _record_from(obj, where)


def _iter_jsonl(path: Path) -> Iterator[tuple[Item, Any]]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror})") from None
    with fh:
        offset = 0
        for n, raw in enumerate(fh, 1):
            item = _jsonl_line(raw, path, n)
            if item is not None:
                yield item, (offset, n)
            offset += len(raw)


def _iter_parquet(path: Path) -> Iterator[tuple[Item, Any]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise CorpusError(
            f"{path}: reading Parquet needs pyarrow; install the extra: "
            "pip install 'aligner[parquet]'"
        ) from None
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise CorpusError(f"{path}: not a readable Parquet file ({exc})") from None
    names = pf.schema_arrow.names
    missing = [c for c in ("id", "text") if c not in names]
    if missing:
        raise CorpusError(f"{path}: no column {', '.join(map(repr, missing))}")
    row = 0
    # Row batches keep memory flat: the whole table is never materialised at once.
    for batch in pf.iter_batches(batch_size=1024):
        for obj in batch.to_pylist():
            yield _record_from(obj, f"{path}: row {row + 1}"), row
            row += 1


def iter_corpus(path: str | Path) -> Iterator[tuple[Item, Any]]:
    """Records (or problems) of a corpus in the corpus's fixed order, each with where
    it is (see :attr:`RecordRef.at`)."""
    kind = corpus_format(path)
    p = Path(path)
    if kind == "folder":
        return _iter_folder(p)
    if kind == "jsonl":
        return _iter_jsonl(p)
    return _iter_parquet(p)


def read_corpus(path: str | Path, *, skip_bad: bool = False) -> tuple[list[Record], list[Problem]]:
    """Read every record of a corpus.

    Raises:
        CorpusError: a record cannot be used (unless ``skip_bad``: then it is a
            problem), ids repeat, the format is unknown, or pyarrow is missing.
    """
    return _collect(path, skip_bad, lambda rec, at: rec)


def index_corpus(
    path: str | Path, *, skip_bad: bool = False
) -> tuple[list[RecordRef], list[Problem]]:
    """Read a corpus once, from start to end, keeping only where each record is.

    Memory holds one record at a time: :class:`CorpusReader` reads a record again
    when its text is needed. Checks and errors are those of :func:`read_corpus`.
    """
    return _collect(path, skip_bad, lambda rec, at: RecordRef.of(rec, at))


def _collect(path: str | Path, skip_bad: bool, keep: Any) -> tuple[list, list[Problem]]:
    records: list = []
    problems: list[Problem] = []
    for (record, problem), at in iter_corpus(path):
        if problem is not None:
            if not skip_bad:
                raise CorpusError(f"{problem.message} (use --skip-bad to skip it and go on)")
            problems.append(problem)
            continue
        assert record is not None
        records.append(keep(record, at))
    counts = Counter(r.id for r in records)
    dups = sorted(i for i, c in counts.items() if c > 1)
    if dups:
        shown = ", ".join(repr(d) for d in dups[:10])
        more = f" and {len(dups) - 10} more" if len(dups) > 10 else ""
        raise CorpusError(f"{path}: duplicate ids: {shown}{more}; every id must be unique")
    if not records and not problems:
        raise CorpusError(f"{path}: the corpus holds no documents")
    return records, problems


@dataclass(frozen=True)
class CorpusFile:
    """A corpus on disk, small enough to send to a worker: it opens a
    :class:`CorpusReader` there to read its records by :attr:`RecordRef.at`."""

    path: str
    kind: str

    @classmethod
    def of(cls, path: str | Path) -> CorpusFile:
        return cls(str(path), corpus_format(path))

    def open(self) -> CorpusReader:
        return CorpusReader(self)


class CorpusReader:
    """Reads single records of a corpus again, by where :func:`index_corpus` found them.

    ``corpus`` may be ``None`` when every reference holds its record (records given
    in memory). A reader keeps a JSON Lines file open, and one Parquet row group.
    """

    def __init__(self, corpus: CorpusFile | None) -> None:
        self.corpus = corpus
        self._fh: Any = None
        self._parquet: Any = None
        self._group: tuple[int, int, Any] | None = None  # (first row, rows, table)

    def read(self, ref: RecordRef) -> Record:
        """The record ``ref`` points at, text and fields included.

        Raises:
            CorpusError: it cannot be read any more, or is no longer the same record.
        """
        if isinstance(ref.at, Record):
            return ref.at
        if self.corpus is None:
            raise CorpusError(f"{ref.where or ref.id}: no corpus to read the record from")
        path = Path(self.corpus.path)
        try:
            if self.corpus.kind == "folder":
                item = _read_file(path, ref.at)
            elif self.corpus.kind == "jsonl":
                if self._fh is None:
                    self._fh = path.open("rb")
                offset, line = ref.at
                self._fh.seek(offset)
                item = _jsonl_line(self._fh.readline(), path, line) or (None, None)
            else:
                item = self._parquet_row(path, ref.at)
        except OSError as exc:
            raise CorpusError(f"{ref.where}: cannot read ({exc.strerror})") from None
        record = item[0]
        if record is None or record.id != ref.id or len(record.text) != ref.chars:
            raise CorpusError(f"{ref.where}: the record changed while the corpus was scanned")
        return record

    def _parquet_row(self, path: Path, row: int) -> Item:
        import pyarrow.parquet as pq

        if self._parquet is None:
            self._parquet = pq.ParquetFile(path)
        g = self._group
        if g is None or not g[0] <= row < g[0] + g[1]:
            meta, first = self._parquet.metadata, 0
            for k in range(meta.num_row_groups):
                rows = meta.row_group(k).num_rows
                if row < first + rows:
                    self._group = g = (first, rows, self._parquet.read_row_group(k))
                    break
                first += rows
            else:
                return None, None
        obj = g[2].slice(row - g[0], 1).to_pylist()[0]
        return _record_from(obj, f"{path}: row {row + 1}")

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        self._parquet = self._group = None

    def __enter__(self) -> CorpusReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------- writing


def atomic_write_files(
    files: Iterable[tuple[Path, Iterable[str]]], *, overwrite: bool = False
) -> None:
    """Write each ``(path, chunks)`` through a temporary file beside it, then rename.

    Nothing is renamed until every file is complete, so an interrupted run leaves
    the old files (or none) in place, never a half-written one.

    Raises:
        CorpusError: a target exists and ``overwrite`` is false, or cannot be written.
    """
    files = list(files)
    for path, _ in files:
        if path.is_dir():
            raise CorpusError(f"{path}: is a folder")
        if path.exists() and not overwrite:
            raise CorpusError(f"{path}: already exists; use --force to overwrite it")
    temps: list[tuple[Path, Path]] = []
    try:
        for path, chunks in files:
            tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
            temps.append((tmp, path))
            with tmp.open("w", encoding="utf-8", newline="\n") as fh:
                for chunk in chunks:
                    fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, path in temps:
            os.replace(tmp, path)
    except OSError as exc:
        raise CorpusError(f"{exc.filename or 'output'}: cannot write ({exc.strerror})") from None
    finally:
        for tmp, _ in temps:
            if tmp.exists():
                tmp.unlink()
