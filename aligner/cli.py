"""The ``aligner`` command line: parse options, call one library function, render."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import AlignerError

FORMATS_COMPARE = ("text", "json")
SEVERITIES = ("info", "warning", "error")


class UserError(click.ClickException):
    """Bad input: one line on stderr, exit status 2."""

    exit_code = 2


def _write(text: str, output: str | None, force: bool) -> None:
    """Print to stdout, or write ``output`` (never replacing a file without ``--force``)."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    path = Path(output)
    if path.exists() and not force:
        raise UserError(f"{output}: already exists; use --force to overwrite it")
    if path.is_dir():
        raise UserError(f"{output}: is a directory")
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"{output}: cannot write ({exc.strerror})") from None


def _load(path: str, encoding: str | None, lang: str | None, presplit: bool):
    from .documents import load_document

    try:
        return load_document(path, encoding=encoding, lang=lang, presplit=presplit)
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
    "--presplit", is_flag=True, help="Input has one sentence per line; blank lines end paragraphs."
)
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
@click.argument("source")
@click.argument("target")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS_COMPARE),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--model",
    metavar="NAME_OR_PATH",
    help="A sentence-transformers model instead of the bundled encoder.",
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the embedding cache.")
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
@_encoding_option
@_presplit_option
@_with(_output_options)
@click.pass_context
def compare(
    ctx,
    source,
    target,
    fmt,
    model,
    no_cache,
    source_lang,
    target_lang,
    max_bead,
    min_severity,
    fail_on,
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

    Exit status: 0, or 1 when --fail-on is given and a finding reaches it; 2 for
    bad input.

    \b
    Example:
      aligner compare en.txt nl.txt
      aligner compare --format json en.txt nl.txt -o report.json
      aligner compare --fail-on error --min-severity warning en.txt nl.txt
    """
    from .compare import compare as run_compare
    from .reports import compare_text, to_json

    if source == "-" and target == "-":
        raise UserError("only one of SOURCE and TARGET can be standard input")
    src = _load(source, encoding, source_lang, presplit)
    tgt = _load(target, encoding, target_lang, presplit)
    enc = _encoder(model, no_cache)
    try:
        result = run_compare(src, tgt, enc, max_bead=max_bead)
    except AlignerError as exc:
        raise UserError(str(exc)) from None
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)
    shown = result.filtered(min_severity)
    text = to_json(shown.to_dict()) if fmt == "json" else compare_text(shown)
    _write(text, output, force)
    if fail_on and result.reaches(fail_on):
        ctx.exit(1)


def _prefer_langs(ctx, param, value):
    if not value:
        return ()
    codes = tuple(c.strip().lower() for c in value.replace(" ", ",").split(",") if c.strip())
    if not codes:
        raise click.BadParameter("give language codes, e.g. en,de")
    return codes


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
    """
    from .corpus import scan_corpus
    from .corpus_report import scan_html, scan_text, scan_tsv
    from .reports import to_json

    if output and output != "-" and Path(output).exists() and not force:
        raise UserError(f"{output}: already exists; use --force to overwrite it")
    options = _scan_options(prefer_lang, coverage, translation_coverage, boilerplate_min_docs)
    enc = _encoder(model, no_cache)
    try:
        result = scan_corpus(corpus, enc, options, skip_bad=skip_bad)
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
    """
    from .corpus_clean import check_targets, clean_corpus, decision_log_path

    options = _scan_options(prefer_lang, coverage, translation_coverage, boilerplate_min_docs)
    log_path = log or str(decision_log_path(output))
    try:
        check_targets(corpus, output, log_path, overwrite=force)
    except AlignerError as exc:
        raise UserError(str(exc)) from None
    enc = _encoder(model, no_cache)
    try:
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


def main() -> None:
    try:
        cli.main(prog_name="aligner", standalone_mode=True)
    except BrokenPipeError:  # output piped into head and closed early
        sys.stderr.close()
        sys.exit(0)


if __name__ == "__main__":
    main()
