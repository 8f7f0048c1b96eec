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
    "Problem",
    "Record",
    "atomic_write_files",
    "corpus_format",
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


def _iter_folder(root: Path) -> Iterator[Item]:
    files = []
    for p in root.rglob("*"):
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue  # hidden files and folders (.git, editor backups)
        if p.suffix.lower() in TEXT_SUFFIXES and p.is_file():
            files.append((rel.as_posix(), p))
    files.sort()
    for rel, p in files:
        try:
            data = p.read_bytes()
        except OSError as exc:
            yield _bad(str(p), f"cannot read ({exc.strerror})", rel)
            continue
        try:
            text, _ = decode_bytes(data, None, name=str(p))
        except InputError as exc:
            if not data.decode("utf-8", "ignore").strip("\ufeff \t\r\n\v\f"):
                text = ""
            else:
                yield None, Problem("bad_record", str(p), str(exc), rel)
                continue
        yield Record(rel, text, None, {}, str(p)), None


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


def _iter_jsonl(path: Path) -> Iterator[Item]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror})") from None
    with fh:
        for n, raw in enumerate(fh, 1):
            where = f"{path}:{n}"
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield _bad(where, f"not UTF-8 (byte {exc.start})")
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield _bad(where, f"not valid JSON ({exc.msg}, column {exc.colno})")
                continue
            yield _record_from(obj, where)


def _iter_parquet(path: Path) -> Iterator[Item]:
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
            row += 1
            yield _record_from(obj, f"{path}: row {row}")


def iter_corpus(path: str | Path) -> Iterator[Item]:
    """Records (or problems) of a corpus, in the corpus's fixed order."""
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
    records: list[Record] = []
    problems: list[Problem] = []
    for record, problem in iter_corpus(path):
        if problem is not None:
            if not skip_bad:
                raise CorpusError(f"{problem.message} (use --skip-bad to skip it and go on)")
            problems.append(problem)
            continue
        assert record is not None
        records.append(record)
    counts = Counter(r.id for r in records)
    dups = sorted(i for i, c in counts.items() if c > 1)
    if dups:
        shown = ", ".join(repr(d) for d in dups[:10])
        more = f" and {len(dups) - 10} more" if len(dups) > 10 else ""
        raise CorpusError(f"{path}: duplicate ids: {shown}{more}; every id must be unique")
    if not records and not problems:
        raise CorpusError(f"{path}: the corpus holds no documents")
    return records, problems


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
