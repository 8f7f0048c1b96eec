"""The ``aligner`` command line: parse options, call one library function, render."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .engines import one_blas_thread
from .errors import AlignerError

FORMATS_COMPARE = ("text", "json", "html", "tmx", "tsv")
SEVERITIES = ("info", "warning", "error")


class UserError(click.ClickException):
    """Bad input: one line on stderr, exit status 2."""

    exit_code = 2


def _check_output(output: str | None, force: bool) -> None:
    """Refuses an output path before any work is done: an existing file without
    ``--force``, or a folder."""
    if output is None or output == "-":
        return
    if not output:
        raise UserError("-o/--output: give a file name, or - for standard output")
    path = Path(output)
    if path.is_dir():
        raise UserError(f"{output}: is a directory")
    if path.exists() and not force:
        raise UserError(f"{output}: already exists; use --force to overwrite it")
    if not path.parent.is_dir():
        raise UserError(f"{output}: no such folder {path.parent}")


def _check_html_targets(output: str, count: int, force: bool) -> None:
    """Refuses, before any work, HTML batch reports that would replace files."""
    from .batch import html_targets

    if not output:
        raise UserError("-o/--output: give a folder or an index file name")
    index, pages = html_targets(output, count)
    if not force:
        for path in (index, index.with_suffix(".json"), *pages):
            if path.exists():
                raise UserError(f"{path}: already exists; use --force to overwrite it")


def _write(text: str, output: str | None, force: bool) -> None:
    """Print to stdout, or write ``output`` (never replacing a file without ``--force``)."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    _check_output(output, force)  # again: the file may have appeared meanwhile
    path = Path(output)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"{output}: cannot write ({exc.strerror})") from None


def _load(path: str, encoding: str | None, lang: str | None, presplit: bool | None):
    from .documents import load_document

    try:
        return load_document(path, encoding=encoding, lang=lang, presplit=presplit)
    except AlignerError as exc:
        raise UserError(str(exc)) from None


def _load_pair(
    source: str,
    target: str,
    encoding: str | None,
    source_lang: str | None,
    target_lang: str | None,
    presplit: bool | None,
):
    """Both documents (see :func:`aligner.documents.load_pair`)."""
    from .documents import load_pair

    try:
        return load_pair(
            source,
            target,
            encoding=encoding,
            source_lang=source_lang,
            target_lang=target_lang,
            presplit=presplit,
        )
    except AlignerError as exc:
        raise UserError(str(exc)) from None


def _encoder(model: str | None, no_cache: bool):
    from .encoders import get_encoder

    try:
        return get_encoder(model, cache=not no_cache)
    except AlignerError as exc:
        raise UserError(str(exc)) from None


_encoding_option = click.option(
    "--encoding", metavar="NAME", help="Input encoding (default: UTF-8, or as the BOM says)."
)
_presplit_option = click.option(
    "--presplit/--no-presplit",
    default=None,
    help="Input has one sentence per line, blank lines ending paragraphs (or not). "
    "Default: decided from the text (the two files of a pair alike where their "
    "blank-line blocks allow).",
)
_encoder_options = [
    click.option(
        "--model",
        metavar="NAME_OR_PATH",
        help="A sentence-transformers model instead of the bundled encoder.",
    ),
    click.option("--no-cache", is_flag=True, help="Do not read or write the embedding cache."),
]
_output_options = [
    click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout."),
    click.option("--force", is_flag=True, help="Overwrite an existing output file."),
]


def _with(options):
    def deco(f):
        for opt in reversed(options):
            f = opt(f)
        return f

    return deco


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aligner")
def cli() -> None:
    """Align two language versions of a text and report what differs.

    \b
    Example:
      aligner detect seeds/*.txt
      aligner compare seeds/000_dcad42be065f949c.txt seeds/001_98ab83bc4f073aa9.txt
    """


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@_encoding_option
@_with(_output_options)
def detect(files, fmt, encoding, output, force):
    """Tag the language of each FILE and of each of its paragraphs.

    Paragraphs too short or too ambiguous to tell are tagged 'und'; a paragraph
    holding text in another language than its document is marked mixed.

    \b
    Example:
      aligner detect seeds/*.txt
      aligner detect --format json article.md
    """
    from .detect import detect_report
    from .reports import detect_text, to_json

    docs = [_load(f, encoding, None, False) for f in files]
    report = detect_report(docs)
    _write(to_json(report) if fmt == "json" else detect_text(report), output, force)


@cli.command()
@click.argument("source", required=False)
@click.argument("target", required=False)
@click.option(
    "--pairs",
    "pairs_file",
    metavar="PAIRS.tsv",
    help="Compare every pair listed in PAIRS.tsv (source path TAB target path) instead.",
)
@click.option(
    "--jobs",
    type=click.IntRange(1),
    help="With --pairs: pairs compared at once, in worker processes (default: CPU count).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS_COMPARE),
    default="text",
    show_default=True,
    help="Output format.",
)
@_with(_encoder_options)
@click.option("--source-lang", metavar="CODE", help="Source language (default: detected).")
@click.option("--target-lang", metavar="CODE", help="Target language (default: detected).")
@click.option(
    "--max-bead",
    type=click.IntRange(1, 8),
    default=4,
    show_default=True,
    help="Largest number of sentences on one side of a bead.",
)
@click.option(
    "--min-severity",
    type=click.Choice(SEVERITIES),
    default="info",
    show_default=True,
    help="Report only findings at or above this severity.",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    help="Exit with status 1 when any finding reaches this severity.",
)
@click.option(
    "-q", "--quiet", is_flag=True, help="Print only the summary line (with --format text)."
)
@_encoding_option
@_presplit_option
@_with(_output_options)
@click.pass_context
def compare(
    ctx,
    source,
    target,
    pairs_file,
    jobs,
    fmt,
    model,
    no_cache,
    source_lang,
    target_lang,
    max_bead,
    min_severity,
    fail_on,
    quiet,
    encoding,
    presplit,
    output,
    force,
):
    """Compare SOURCE with its translation TARGET and report what differs.

    Aligns the sentences of both texts, pairs their paragraphs (split and merged
    paragraphs included) and reports omissions, additions, number and name
    mismatches, untranslated text, weak matches and boilerplate, each with a
    severity and character spans. Use - for standard input.

    Formats: text (a terminal view, coloured on a terminal unless NO_COLOR is
    set), json (aligner.compare/1), html (a standalone side-by-side report), tmx
    (TMX 1.4, one unit per aligned sentence pair) and tsv (one row per sentence
    bead).

    Exit status: 0, or 1 when --fail-on is given and a finding reaches it; 2 for
    bad input.

    \b
    Example:
      aligner compare en.txt nl.txt
      aligner compare --format json en.txt nl.txt -o report.json
      aligner compare --format html en.txt nl.txt -o report.html
      aligner compare --fail-on error --min-severity warning en.txt nl.txt
      aligner compare --pairs pairs.tsv --format html -o reports/ --fail-on error

    With --pairs, every line of PAIRS.tsv names a source and a target (paths relative
    to the pairs file); the pairs run in parallel and give one combined report:
    text, json (aligner.compare-batch/1) or html (-o DIR or FILE.html: an index
    linking one report per pair). Exit status 1 when any pair reaches --fail-on.
    """
    from .compare import compare as run_compare
    from .reports import render_compare, stdout_has_colour, working

    if pairs_file is not None:
        _compare_batch(
            ctx, pairs_file, source, target, jobs, fmt, model, no_cache, source_lang,
            target_lang, max_bead, min_severity, fail_on, quiet, encoding, presplit,
            output, force,
        )  # fmt: skip
        return
    if jobs is not None:
        raise UserError("--jobs goes with --pairs")
    if source is None or target is None:
        raise UserError("give SOURCE and TARGET, or --pairs PAIRS.tsv")
    if source == "-" and target == "-":
        raise UserError("only one of SOURCE and TARGET can be standard input")
    if quiet and fmt != "text":
        raise UserError(f"--quiet prints the text summary; leave it out with --format {fmt}")
    _check_output(output, force)
    src, tgt = _load_pair(source, target, encoding, source_lang, target_lang, presplit)
    enc = _encoder(model, no_cache)
    try:
        with working("Comparing"), one_blas_thread():
            result = run_compare(src, tgt, enc, max_bead=max_bead)
    except AlignerError as exc:
        raise UserError(str(exc)) from None
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)
    shown = result.filtered(min_severity)
    colour = fmt == "text" and output in (None, "-") and stdout_has_colour()
    _write(render_compare(shown, fmt, colour=colour, quiet=quiet), output, force)
    if fail_on and result.reaches(fail_on):
        ctx.exit(1)


def _compare_batch(
    ctx, pairs_file, source, target, jobs, fmt, model, no_cache, source_lang, target_lang,
    max_bead, min_severity, fail_on, quiet, encoding, presplit, output, force,
):  # fmt: skip
    """``compare --pairs``: read the pairs, compare them all, write one report."""
    from .batch import compare_pairs, read_pairs, write_html_reports
    from .reports import to_json, working

    if source is not None or target is not None:
        raise UserError("give either SOURCE and TARGET or --pairs, not both")
    if fmt not in ("text", "json", "html"):
        raise UserError(f"--pairs writes text, json or html, not {fmt}")
    if quiet:
        raise UserError("--quiet is for one pair; the --pairs text report is already a summary")
    if fmt == "html" and output in (None, "-"):
        raise UserError("--format html with --pairs needs -o DIR or -o INDEX.html")
    try:
        pairs = read_pairs(pairs_file)
    except AlignerError as exc:
        raise UserError(str(exc)) from None
    if fmt == "html":
        _check_html_targets(output, len(pairs), force)
    else:
        _check_output(output, force)
    enc = _encoder(model, no_cache)
    try:
        with working(f"Comparing {len(pairs)} pairs"), one_blas_thread():
            batch = compare_pairs(
                pairs,
                enc,
                jobs=jobs or os.cpu_count() or 1,
                max_bead=max_bead,
                encoding=encoding,
                presplit=presplit,
                source_lang=source_lang,
                target_lang=target_lang,
                min_severity=min_severity,
                fail_on=fail_on,
            )
        if fmt == "html":
            index = write_html_reports(batch, output, overwrite=force)
            n = len(pairs) - batch.errors()
            click.echo(f"wrote {index}, {index.with_suffix('.json').name} and {n} pair report(s)")
        elif fmt == "json":
            _write(to_json(batch.to_dict()), output, force)
        else:
            _write(batch.to_text(), output, force)
    except AlignerError as exc:
        raise UserError(str(exc)) from None
    for o in batch.outcomes:
        if o.error is not None:
            click.echo(f"error: line {o.job.line}: {o.error}", err=True)
        for w in o.result.warnings if o.result is not None else ():
            click.echo(f"warning: line {o.job.line}: {w}", err=True)
    if batch.errors():
        ctx.exit(2)
    if batch.failed():
        ctx.exit(1)


def _prefer_langs(ctx, param, value):
    if not value:
        return ()
    codes = tuple(c.strip().lower() for c in value.replace(" ", ",").split(",") if c.strip())
    if not codes:
        raise click.BadParameter("give language codes, e.g. en,de")
    return codes


_engine_options = [
    click.option(
        "--engine",
        type=click.Choice(["local", "processes", "dask"]),
        default="local",
        show_default=True,
        help="Where the work runs: in this process, in worker processes on this "
        "machine (every core), or on a Dask cluster.",
    ),
    click.option(
        "--scheduler",
        metavar="ADDRESS",
        help="With --engine dask: join the cluster at ADDRESS (e.g. tcp://host:8786).",
    ),
    click.option(
        "--workers",
        type=click.IntRange(1),
        help="With --engine processes: N worker processes (default: one per core); "
        "with --engine dask: start a local cluster of N worker processes.",
    ),
]

_corpus_options = [
    click.option(
        "--model",
        metavar="NAME_OR_PATH",
        help="A sentence-transformers model instead of the bundled encoder.",
    ),
    click.option(
        "--no-cache", is_flag=True, help="Do not read or write the embedding and analysis caches."
    ),
    click.option(
        "--prefer-lang",
        metavar="CODES",
        callback=_prefer_langs,
        help="Languages to keep as a group's representative, best first (e.g. en,de).",
    ),
    click.option(
        "--coverage",
        type=click.FloatRange(0, 1),
        default=0.8,
        show_default=True,
        help="Share of each side that must be matched for a near-duplicate.",
    ),
    click.option(
        "--translation-coverage",
        type=click.FloatRange(0, 1),
        default=0.75,
        show_default=True,
        help="The same across languages, for a translation.",
    ),
    click.option(
        "--boilerplate-min-docs",
        type=click.IntRange(2),
        default=3,
        show_default=True,
        help="A paragraph in this many unrelated documents is boilerplate.",
    ),
    click.option(
        "--skip-bad", is_flag=True, help="Skip malformed records (reported) instead of stopping."
    ),
]


def _scan_options(prefer_lang, coverage, translation_coverage, boilerplate_min_docs):
    from .corpus import ScanOptions

    return ScanOptions(
        prefer_langs=prefer_lang,
        same_article_coverage=coverage,
        translation_coverage=translation_coverage,
        boilerplate_min_docs=boilerplate_min_docs,
    )


def _warn_problems(problems) -> None:
    for p in problems:
        click.echo(f"warning: {p.message}", err=True)


@cli.command()
@click.argument("corpus")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html", "tsv"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@_with(_corpus_options)
@_with(_output_options)
@_with(_engine_options)
def scan(
    corpus,
    fmt,
    model,
    no_cache,
    prefer_lang,
    coverage,
    translation_coverage,
    boilerplate_min_docs,
    skip_bad,
    output,
    force,
    engine,
    scheduler,
    workers,
):
    """Find translations, near-duplicates, shared and repeated paragraphs, boilerplate
    and mixed-language paragraphs in CORPUS.

    CORPUS is a folder (its .txt and .md files, recursively; a document's id is its
    path inside the folder), a JSON Lines file (one object per line: id, text, and
    optionally lang, title, url, date) or a Parquet file with those columns.
    Empty texts and unsupported languages are reported on stderr, not fatal.

    \b
    Example:
      aligner scan seeds/
      aligner scan corpus.jsonl --format json -o scan.json
      aligner scan corpus.parquet --format html -o scan.html
      aligner scan corpus.jsonl --engine processes --format json -o scan.json
      aligner scan corpus.jsonl --engine dask --workers 4 --format json -o scan.json
      aligner scan corpus.jsonl --engine dask --scheduler tcp://head:8786 -o scan.txt

    With --engine processes, reading, encoding and verification run as tasks in
    worker processes on every core of this machine; with --engine dask, on a Dask
    cluster (pip install 'aligner[dask]'). The report is the same.
    """
    from .corpus import scan_corpus
    from .corpus_report import scan_html, scan_text, scan_tsv
    from .engines import open_engine
    from .reports import to_json

    _check_output(output, force)
    options = _scan_options(prefer_lang, coverage, translation_coverage, boilerplate_min_docs)
    enc = _encoder(model, no_cache)
    try:
        with open_engine(engine, scheduler=scheduler, workers=workers) as runner:
            result = scan_corpus(corpus, enc, options, skip_bad=skip_bad, engine=runner)
    except AlignerError as exc:
        raise UserError(str(exc)) from None
    _warn_problems(result.problems)
    report = result.to_dict()
    render = {"json": to_json, "html": scan_html, "tsv": scan_tsv, "text": scan_text}[fmt]
    _write(render(report), output, force)


@cli.command()
@click.argument("corpus")
@click.option(
    "-o",
    "--output",
    metavar="OUT.jsonl",
    required=True,
    help="Where to write the cleaned corpus (JSON Lines).",
)
@click.option(
    "--log",
    metavar="FILE",
    help="Where to write the decision log (default: OUT.decisions.jsonl beside OUT).",
)
@click.option(
    "--strip-boilerplate", is_flag=True, help="Remove boilerplate paragraphs from kept documents."
)
@click.option(
    "--strip-repeated", is_flag=True, help="Remove repeated paragraphs inside a document."
)
@click.option("--force", is_flag=True, help="Overwrite existing output and log files.")
@_with(_corpus_options)
@_with(_engine_options)
def clean(
    corpus,
    output,
    log,
    strip_boilerplate,
    strip_repeated,
    force,
    model,
    no_cache,
    prefer_lang,
    coverage,
    translation_coverage,
    boilerplate_min_docs,
    skip_bad,
    engine,
    scheduler,
    workers,
):
    """Write CORPUS without its duplicates to OUT.jsonl: one document per group of
    translations and near-duplicates, with a decision log beside it.

    A group keeps one representative: a --prefer-lang language first, then the
    most complete version, then the earliest id. Every input record gets a line
    in the log (id, action, reason, group). The input is never modified; OUT is
    written through a temporary file and renamed, and is not replaced without
    --force.

    \b
    Example:
      aligner clean corpus.jsonl -o clean.jsonl
      aligner clean seeds/ -o clean.jsonl --prefer-lang en --strip-boilerplate
      aligner clean corpus.jsonl -o clean.jsonl --engine dask --workers 4
    """
    from .corpus_clean import check_targets, clean_corpus, decision_log_path
    from .engines import open_engine

    options = _scan_options(prefer_lang, coverage, translation_coverage, boilerplate_min_docs)
    log_path = log or str(decision_log_path(output))
    try:
        check_targets(corpus, output, log_path, overwrite=force)
    except AlignerError as exc:
        raise UserError(str(exc)) from None
    enc = _encoder(model, no_cache)
    try:
        with open_engine(engine, scheduler=scheduler, workers=workers) as runner:
            result = clean_corpus(
                corpus,
                output,
                enc,
                options,
                log=log_path,
                strip_boilerplate=strip_boilerplate,
                strip_repeated=strip_repeated,
                skip_bad=skip_bad,
                overwrite=force,
                engine=runner,
            )
    except AlignerError as exc:
        raise UserError(str(exc)) from None
    _warn_problems(result.scan.problems)
    c = result.counts()
    click.echo(
        f"kept {c['keep']} of {len(result.decisions)} records "
        f"(dropped {c['drop']}, skipped {c['skip']}, stripped {c['stripped']}); "
        f"wrote {result.output} and {result.log}"
    )


@cli.command()
@click.argument("source")
@click.argument("target")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ladder", "tsv", "json", "tmx"]),
    default="ladder",
    show_default=True,
    help="ladder: [0, 1]:[2]:0.831 per bead (0-based sentence ids); tsv: source, target, "
    "score; json: beads with spans; tmx: a TMX 1.4 translation memory.",
)
@click.option(
    "--max-bead",
    type=click.IntRange(1, 8),
    default=5,
    show_default=True,
    help="Largest number of sentences on one side of a bead.",
)
@click.option(
    "--gold",
    metavar="FILE",
    help="A gold ladder: print strict and lax precision, recall and F1 on stderr.",
)
@_with(_encoder_options)
@click.option("--source-lang", metavar="CODE", help="Source language (default: detected).")
@click.option("--target-lang", metavar="CODE", help="Target language (default: detected).")
@_encoding_option
@_presplit_option
@_with(_output_options)
def align(
    source,
    target,
    fmt,
    max_bead,
    gold,
    model,
    no_cache,
    source_lang,
    target_lang,
    encoding,
    presplit,
    output,
    force,
):
    """Align the sentences of SOURCE and TARGET.

    Beads are monotonic and cover every sentence once: 1-0 and 0-1 for
    sentences with no counterpart, and many-to-many up to --max-bead sentences
    on a side. With --presplit each non-blank line is one sentence and the
    ladder's indices are line numbers among non-blank lines; a file written one
    sentence per line with blank lines between paragraphs is read so too, unless
    --no-presplit is given, and so is the other file when its blocks are laid out
    the same way and its sentence count stays about as near the first's.

    \b
    Example:
      aligner align --presplit de.txt fr.txt > de-fr.ladder
      aligner align --presplit de.txt fr.txt --gold gold.ladder
      aligner align --format tmx en.txt nl.txt -o en-nl.tmx
    """
    from .alignment import align_documents
    from .evaluation import format_ladder

    if source == "-" and target == "-":
        raise UserError("only one of SOURCE and TARGET can be standard input")
    gold_ladder = _read_ladder(gold) if gold else None
    _check_output(output, force)
    src, tgt = _load_pair(source, target, encoding, source_lang, target_lang, presplit)
    enc = _encoder(model, no_cache)
    try:
        with one_blas_thread():
            result = align_documents(src, tgt, enc, max_bead=max_bead)
    except AlignerError as exc:
        raise UserError(str(exc)) from None
    if fmt == "ladder":
        text = format_ladder(result.beads)
    elif fmt == "json":
        from .reports import to_json

        text = to_json(result.to_dict())
    elif fmt == "tsv":
        from .reports.tsv import to_tsv

        text = to_tsv(result.pairs(), header=("source", "target", "score"))
    else:
        from .reports.tmx import to_tmx

        pairs = result.pairs()
        text = to_tmx(
            [(a, b) for a, b, _ in pairs], src.lang, tgt.lang, scores=[s for _, _, s in pairs]
        )
    _write(text, output, force)
    if gold_ladder is not None:
        from .evaluation import score_alignments

        click.echo(
            _scores_line(score_alignments([gold_ladder], [[(b.src, b.tgt) for b in result.beads]])),
            err=True,
        )


def _read_ladder(path: str):
    from .evaluation import read_ladder

    if not Path(path).is_file():
        raise UserError(f"{path}: no such file")
    try:
        return read_ladder(path)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: not a ladder file ({exc})") from None


def _scores_line(scores) -> str:
    return (
        f"strict P {scores['precision_strict']:.4f} R {scores['recall_strict']:.4f} "
        f"F1 {scores['f1_strict']:.4f} | lax P {scores['precision_lax']:.4f} "
        f"R {scores['recall_lax']:.4f} F1 {scores['f1_lax']:.4f}"
    )


@cli.command(name="eval")
@click.argument("gold", nargs=1)
@click.argument("test", nargs=1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def eval_command(gold, test, fmt):
    """Score the TEST ladder against the GOLD ladder.

    Strict and lax precision, recall and F1 as the common alignment scorer
    computes them: precision over every test bead (strict: the bead is in the
    gold; lax: a gold bead shares a source and a target sentence with it),
    recall over the gold beads with both sides non-empty.

    \b
    Example:
      aligner eval gold.ladder test.ladder
      aligner eval --format json gold.ladder test.ladder
    """
    from .evaluation import score_alignments
    from .reports import to_json

    scores = score_alignments([_read_ladder(gold)], [_read_ladder(test)])
    click.echo(to_json(scores) if fmt == "json" else _scores_line(scores), nl=fmt != "json")


def main() -> None:
    try:
        cli.main(prog_name="aligner", standalone_mode=True)
    except BrokenPipeError:  # output piped into head and closed early
        sys.stderr.close()
        sys.exit(0)


if __name__ == "__main__":
    main()
