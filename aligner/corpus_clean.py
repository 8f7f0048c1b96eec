"""Clean a corpus: keep one representative per group, optionally strip boilerplate and
repeated paragraphs, write the cleaned corpus and a decision log, atomically.

The decisions are a pure function of a :class:`~aligner.corpus.ScanResult`
(:func:`decide`); :func:`clean_corpus` scans, decides and writes. The input is
only ever read.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .corpus import ScanOptions, ScanResult, scan_corpus
from .corpus_io import atomic_write_files, corpus_format
from .documents import Document
from .errors import CorpusError

__all__ = [
    "CleanResult",
    "Decision",
    "check_targets",
    "clean_corpus",
    "decide",
    "decision_log_path",
    "stripped_text",
]


@dataclass(frozen=True)
class Decision:
    """What clean did with one input record (a line of the decision log).

    ``action`` is ``keep``, ``drop`` or ``skip`` (a bad record); ``removed`` lists the
    paragraphs stripped from a kept document.
    """

    id: str | None
    action: str
    reason: str
    group: str | None = None
    removed: tuple[int, ...] = ()
    where: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "action": self.action,
            "reason": self.reason,
            "group": self.group,
        }
        if self.removed:
            d["removed_paragraphs"] = list(self.removed)
        if self.where is not None:
            d["where"] = self.where
        return d


@dataclass(frozen=True)
class CleanResult:
    """Counts and paths of a clean run (the scan it was based on included)."""

    output: str
    log: str
    decisions: tuple[Decision, ...]
    scan: ScanResult

    def counts(self) -> dict[str, int]:
        c = Counter(d.action for d in self.decisions)
        return {
            "keep": c.get("keep", 0),
            "drop": c.get("drop", 0),
            "skip": c.get("skip", 0),
            "stripped": sum(1 for d in self.decisions if d.removed),
        }


def decide(
    result: ScanResult,
    *,
    strip_boilerplate: bool = False,
    strip_repeated: bool = False,
) -> list[Decision]:
    """One decision per input record, in corpus order, then one per skipped bad record."""
    group_of = result.group_of()
    infos = {d.id: d for d in result.documents}
    strip: dict[str, set[int]] = {}
    if strip_boilerplate:
        for b in result.boilerplate:
            for doc_id, p in b.occurrences:
                strip.setdefault(doc_id, set()).add(p)
    if strip_repeated:
        for r in result.repeated_paragraphs:
            strip.setdefault(r.document, set()).add(r.paragraph)
    out = []
    for rec in result.records:
        info = infos.get(rec.id)
        if info is None:
            out.append(Decision(rec.id, "drop", "empty text"))
            continue
        g = group_of.get(rec.id)
        if g is not None and g.representative != rec.id:
            what = (
                "translation"
                if g.kind == "translation" and info.lang != infos[g.representative].lang
                else "near-duplicate"
            )
            out.append(Decision(rec.id, "drop", f"{what} of {g.representative}", g.id))
            continue
        removed = tuple(sorted(strip.get(rec.id, ())))
        if removed and len(removed) == info.paragraph_count:
            out.append(
                Decision(
                    rec.id, "drop", "nothing left after stripping", g.id if g else None, removed
                )
            )
            continue
        reason = f"representative of {g.id}" if g else "no duplicate"
        if removed:
            reason += f"; {len(removed)} paragraph(s) stripped"
        out.append(Decision(rec.id, "keep", reason, g.id if g else None, removed))
    for p in result.problems:
        if p.kind == "bad_record":
            out.append(Decision(p.id, "skip", p.message, None, (), p.where))
    return out


def stripped_text(doc: Document, removed: Iterable[int]) -> str:
    """The text without the removed paragraphs, keeping the original separators."""
    removed = set(removed)
    if not removed:
        return doc.text
    kept = [p for i, p in enumerate(doc.paragraphs) if i not in removed]
    if not kept:
        return ""
    parts = [doc.text[: doc.paragraphs[0].start]]
    for k, p in enumerate(kept):
        parts.append(doc.text[p.start : p.end])
        if k + 1 < len(kept):
            # the separator that followed this paragraph in the original
            nxt = next(q for q in doc.paragraphs if q.start >= p.end)
            parts.append(doc.text[p.end : nxt.start])
    parts.append(doc.text[doc.paragraphs[-1].end :])
    return "".join(parts)


def decision_log_path(output: str | Path) -> Path:
    """``out.jsonl`` -> ``out.decisions.jsonl``, beside the output."""
    out = Path(output)
    stem = out.name[: -len(out.suffix)] if out.suffix else out.name
    return out.with_name(f"{stem}.decisions.jsonl")


def check_targets(
    source: str | Path, output: str | Path, log: str | Path, *, overwrite: bool
) -> None:
    """Refuse outputs that exist (without ``overwrite``), that are the input itself, or
    whose folder is missing: before any work, not after a long scan."""
    src = Path(source).resolve()
    for target in (Path(output), Path(log)):
        t = target.resolve()
        if t == src:
            raise CorpusError(f"{target}: is the input corpus; write the cleaned corpus elsewhere")
        if target.is_dir():
            raise CorpusError(f"{target}: is a folder")
        if target.exists() and not overwrite:
            raise CorpusError(f"{target}: already exists; use --force to overwrite it")
        if not t.parent.is_dir():
            raise CorpusError(f"{target}: no folder {t.parent} to write into")
    if Path(output).resolve() == Path(log).resolve():
        raise CorpusError(f"{output}: the decision log needs another name than the output")


def clean_corpus(
    source: str | Path,
    output: str | Path,
    encoder: Any,
    options: ScanOptions | None = None,
    *,
    log: str | Path | None = None,
    strip_boilerplate: bool = False,
    strip_repeated: bool = False,
    skip_bad: bool = False,
    overwrite: bool = False,
    engine: Any = None,
) -> CleanResult:
    """Scan ``source`` and write the cleaned corpus to ``output`` (JSON Lines), one
    representative per group, with a decision log beside it.

    The input is only read. Both files are written through temporary files and
    renamed at the end, so an interrupted run leaves no half-written corpus.
    ``engine`` runs the scan elsewhere (see :func:`~aligner.corpus.scan_corpus`).
    """
    corpus_format(source)
    log_path = Path(log) if log is not None else decision_log_path(output)
    check_targets(source, output, log_path, overwrite=overwrite)
    result = scan_corpus(source, encoder, options, skip_bad=skip_bad, engine=engine)
    decisions = decide(result, strip_boilerplate=strip_boilerplate, strip_repeated=strip_repeated)
    infos = {d.id: d for d in result.documents}
    refs = {r.id: r for r in result.records}

    def corpus_lines() -> Iterator[str]:
        # One document at a time, read again from the input: the scan kept no text.
        with result.reader() as reader:
            for d in decisions:
                if d.action != "keep":
                    continue
                info = infos[d.id]
                rec = reader.read(refs[d.id])
                doc = Document(rec.text, paragraphs=info.paragraphs)
                row = {
                    "id": rec.id,
                    **rec.fields,
                    "lang": rec.lang or info.lang,
                    "text": stripped_text(doc, d.removed),
                }
                yield json.dumps(row, ensure_ascii=False, default=str) + "\n"

    def log_lines() -> Iterator[str]:
        for d in decisions:
            yield json.dumps(d.to_dict(), ensure_ascii=False) + "\n"

    atomic_write_files(
        [(log_path, log_lines()), (Path(output), corpus_lines())], overwrite=overwrite
    )
    return CleanResult(str(output), str(log_path), tuple(decisions), result)
