"""Compare many translations in one run: ``aligner compare --pairs PAIRS.tsv``.

A pairs file has one pair per line, two tab-separated columns: the source path and
the target path (relative paths are relative to the pairs file's folder; blank lines
and lines starting with ``#`` are skipped; a first line ``source<TAB>target`` is a
header). Pairs run in parallel worker processes, each building the encoder once from
a picklable recipe (:class:`~aligner.engines.EncoderSpec`), and come back in input
order. The combined report is ``aligner.compare-batch/1`` JSON, a text summary, or
an HTML index linking one standalone report per pair.
"""

from __future__ import annotations

import html
import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import AlignerError
from .provenance import tool_info

__all__ = [
    "SCHEMA",
    "BatchError",
    "BatchResult",
    "PairJob",
    "PairOutcome",
    "compare_pairs",
    "read_pairs",
    "write_html_reports",
]

SCHEMA = "aligner.compare-batch/1"
SEVERITIES = ("info", "warning", "error")


class BatchError(AlignerError):
    """A pairs file cannot be used: missing, malformed line, or a missing document."""


@dataclass(frozen=True)
class PairJob:
    """One line of the pairs file: ``line`` (1-based), ``source`` and ``target`` paths."""

    line: int
    source: str
    target: str


def read_pairs(path: str | Path) -> list[PairJob]:
    """The pairs of a TSV file, checked before any work: every line has two columns and
    both files exist.

    Raises:
        BatchError: naming the file and line, and what to fix.
    """
    p = Path(path)
    if not p.is_file():
        raise BatchError(f"{path}: no such pairs file")
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise BatchError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    base = p.parent
    jobs = []
    for n, raw in enumerate(lines, 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = raw.split("\t")
        if len(cols) != 2 or not cols[0].strip() or not cols[1].strip():
            raise BatchError(
                f"{path}:{n}: expected two tab-separated columns (source path, target path), "
                f"got {len(cols)} column(s): {raw[:60]!r}"
            )
        src, tgt = (c.strip() for c in cols)
        if not jobs and (src.lower(), tgt.lower()) == ("source", "target"):
            continue  # a header
        resolved = []
        for col in (src, tgt):
            q = Path(col) if Path(col).is_absolute() else base / col
            if not q.is_file():
                raise BatchError(f"{path}:{n}: {col}: no such file (looked for {q})")
            resolved.append(str(q))
        jobs.append(PairJob(n, resolved[0], resolved[1]))
    if not jobs:
        raise BatchError(f"{path}: no pairs; give one 'source<TAB>target' line per pair")
    return jobs


@dataclass(frozen=True)
class PairOutcome:
    """The comparison of one pair, or the error that stopped it (an unreadable file)."""

    job: PairJob
    result: Any = None  # CompareResult, already filtered to min_severity
    error: str | None = None

    def reaches(self, severity: str) -> bool:
        return self.result is not None and self.result.reaches(severity)

    def status(self, fail_on: str | None) -> str:
        if self.error is not None:
            return "error"
        return "fail" if fail_on and self.reaches(fail_on) else "ok"


@dataclass(frozen=True)
class BatchResult:
    """Every pair's outcome in input order, with what is needed to reproduce the run."""

    outcomes: tuple[PairOutcome, ...]
    encoder: str
    parameters: dict[str, Any] = field(default_factory=dict)

    def failed(self) -> bool:
        """True when a pair reaches ``--fail-on`` (see ``parameters['fail_on']``)."""
        fail_on = self.parameters.get("fail_on")
        return bool(fail_on) and any(o.reaches(fail_on) for o in self.outcomes)

    def errors(self) -> int:
        return sum(1 for o in self.outcomes if o.error is not None)

    def totals(self) -> dict[str, Any]:
        fail_on = self.parameters.get("fail_on")
        status = Counter(o.status(fail_on) for o in self.outcomes)
        by_sev = dict.fromkeys(SEVERITIES, 0)
        by_type: Counter = Counter()
        for o in self.outcomes:
            for f in o.result.findings if o.result is not None else ():
                by_sev[f.severity] += 1
                by_type[f.type] += 1
        return {
            "pairs": len(self.outcomes),
            "ok": status.get("ok", 0),
            "failed": status.get("fail", 0),
            "errors": status.get("error", 0),
            "by_severity": by_sev,
            "by_type": dict(sorted(by_type.items())),
        }

    def to_dict(self, reports: Sequence[str | None] = ()) -> dict[str, Any]:
        fail_on = self.parameters.get("fail_on")
        entries = []
        for k, o in enumerate(self.outcomes):
            entry: dict[str, Any] = {
                "line": o.job.line,
                "source": o.job.source,
                "target": o.job.target,
                "status": o.status(fail_on),
            }
            if o.error is not None:
                entry["error"] = o.error
            else:
                d = o.result.to_dict()
                entry["languages"] = [d["source"]["language"], d["target"]["language"]]
                entry["summary"] = d["summary"]
                entry["findings"] = d["findings"]
                entry["warnings"] = d["warnings"]
            if k < len(reports) and reports[k]:
                entry["report"] = reports[k]
            entries.append(entry)
        return {
            "schema": SCHEMA,
            "tool": tool_info(self.encoder, self.parameters),
            "pairs": entries,
            "totals": self.totals(),
        }

    def to_text(self) -> str:
        fail_on = self.parameters.get("fail_on")
        lines = []
        for o in self.outcomes:
            head = f"{o.status(fail_on):5}  {o.job.source} -> {o.job.target}"
            if o.error is not None:
                lines.append(f"{head}\n       {o.error}")
                continue
            c = o.result.counts()["by_severity"]
            cs, ct = o.result.coverage()
            lines.append(
                f"{head}\n       {c['error']} error(s), {c['warning']} warning(s), "
                f"{c['info']} info; coverage {cs:.0%} / {ct:.0%}"
            )
        t = self.totals()
        lines.append(
            f"{t['pairs']} pair(s): {t['ok']} ok, {t['failed']} failed, {t['errors']} error(s); "
            f"findings: {t['by_severity']['error']} error, {t['by_severity']['warning']} warning, "
            f"{t['by_severity']['info']} info"
        )
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class _Settings:
    max_bead: int = 4
    encoding: str | None = None
    presplit: bool | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    min_severity: str = "info"


def _run_one(job: PairJob, settings: _Settings, encoder: Any) -> PairOutcome:
    from .compare import compare
    from .documents import load_pair

    try:
        src, tgt = load_pair(
            job.source,
            job.target,
            encoding=settings.encoding,
            source_lang=settings.source_lang,
            target_lang=settings.target_lang,
            presplit=settings.presplit,
        )
        result = compare(src, tgt, encoder, max_bead=settings.max_bead)
    except AlignerError as exc:
        return PairOutcome(job, None, str(exc))
    return PairOutcome(job, result.filtered(settings.min_severity))


_WORKER_ENCODER: Any = None


def _init_worker(spec: Any) -> None:
    global _WORKER_ENCODER
    from .engines import one_blas_thread

    one_blas_thread()  # for the worker's life: the workers already use every core
    _WORKER_ENCODER = spec.build()


def _run_in_worker(job: PairJob, settings: _Settings) -> PairOutcome:
    return _run_one(job, settings, _WORKER_ENCODER)


def compare_pairs(
    pairs: Sequence[PairJob],
    encoder: Any,
    *,
    jobs: int = 1,
    max_bead: int = 4,
    encoding: str | None = None,
    presplit: bool | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
    min_severity: str = "info",
    fail_on: str | None = None,
) -> BatchResult:
    """Compare every pair, ``jobs`` at a time in worker processes; results in input order.

    A pair whose file cannot be read becomes an outcome with an ``error``, so one bad
    file does not lose the rest of a long run.
    """
    settings = _Settings(max_bead, encoding, presplit, source_lang, target_lang, min_severity)
    jobs = max(1, min(jobs, len(pairs)))
    if jobs == 1:
        outcomes = [_run_one(p, settings, encoder) for p in pairs]
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from .engines import encoder_spec

        spec = encoder_spec(encoder)
        # spawn, not fork: the driver may hold threads (the encoder's, SQLite's).
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(jobs, ctx, initializer=_init_worker, initargs=(spec,)) as pool:
            outcomes = list(pool.map(_run_in_worker, pairs, [settings] * len(pairs)))
    parameters = {
        "max_bead": max_bead,
        "unit": "sentence",
        "min_severity": min_severity,
        "fail_on": fail_on,
    }
    return BatchResult(tuple(outcomes), encoder.identity, parameters)


# --------------------------------------------------------------------------- html


def _index_html(batch: BatchResult, reports: Sequence[str | None]) -> str:
    fail_on = batch.parameters.get("fail_on")
    rows = []
    for o, href in zip(batch.outcomes, reports):
        status = o.status(fail_on)
        if o.error is not None:
            detail = f'<td colspan="4">{html.escape(o.error)}</td>'
        else:
            c = o.result.counts()["by_severity"]
            cs, ct = o.result.coverage()
            detail = (
                f"<td>{c['error']}</td><td>{c['warning']}</td><td>{c['info']}</td>"
                f"<td>{cs:.0%} / {ct:.0%}</td>"
            )
        name = f"{html.escape(o.job.source)} → {html.escape(o.job.target)}"
        link = f'<a href="{html.escape(href)}">{name}</a>' if href else name
        rows.append(
            f'<tr class="{status}"><td>{o.job.line}</td><td>{link}</td>'
            f"<td>{status}</td>{detail}</tr>"
        )
    t = batch.totals()
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        "<title>aligner: batch comparison</title><style>"
        "body{font-family:system-ui,sans-serif;margin:2em}"
        "table{border-collapse:collapse}td,th{padding:.3em .6em;border-bottom:1px solid #ddd;"
        "text-align:left}tr.fail td,tr.error td{background:#fde8e8}"
        "</style></head><body>"
        f"<h1>Batch comparison</h1><p>{t['pairs']} pair(s): {t['ok']} ok, {t['failed']} failed,"
        f" {t['errors']} error(s). Encoder {html.escape(batch.encoder)}, aligner {__version__}."
        "</p><table><thead><tr><th>line</th><th>pair</th><th>status</th><th>errors</th>"
        "<th>warnings</th><th>info</th><th>coverage</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></body></html>\n"
    )


def html_targets(output: str | Path, n: int) -> tuple[Path, list[Path]]:
    """Where the index and the per-pair pages go: ``DIR/index.html`` and
    ``DIR/pair-0001.html``..., or ``NAME.html`` and ``NAME-0001.html``... beside it."""
    out = Path(output)
    if out.suffix.lower() in (".html", ".htm") and not out.is_dir():
        stem = out.name[: -len(out.suffix)]
        return out, [out.with_name(f"{stem}-{k:04d}.html") for k in range(1, n + 1)]
    return out / "index.html", [out / f"pair-{k:04d}.html" for k in range(1, n + 1)]


def write_html_reports(batch: BatchResult, output: str | Path, *, overwrite: bool = False) -> Path:
    """Write the HTML index, one report per compared pair and the combined JSON beside
    the index (``index.json``); returns the index path.

    Raises:
        BatchError: a file exists (without ``overwrite``) or cannot be written.
    """
    from .corpus_io import atomic_write_files
    from .reports.html import compare_html

    index, pages = html_targets(output, len(batch.outcomes))
    if index.parent != Path() and not index.parent.exists():
        try:
            index.parent.mkdir(parents=True)
        except OSError as exc:
            raise BatchError(f"{index.parent}: cannot create ({exc.strerror})") from None
    reports: list[str | None] = []
    files = []
    for o, page in zip(batch.outcomes, pages):
        if o.result is None:
            reports.append(None)
            continue
        title = f"{Path(o.job.source).name} → {Path(o.job.target).name}"
        files.append((page, iter([compare_html(o.result, title=title)])))
        reports.append(os.path.relpath(page, index.parent))
    files.append((index, iter([_index_html(batch, reports)])))
    # The combined JSON beside the index, with each pair's page.
    combined = json.dumps(batch.to_dict(reports), ensure_ascii=False, indent=2) + "\n"
    files.append((index.with_suffix(".json"), iter([combined])))
    try:
        atomic_write_files(files, overwrite=overwrite)
    except AlignerError as exc:
        raise BatchError(str(exc)) from None
    return index
