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


def main() -> None:
    try:
        cli.main(prog_name="aligner", standalone_mode=True)
    except BrokenPipeError:  # output piped into head and closed early
        sys.stderr.close()
        sys.exit(0)


if __name__ == "__main__":
    main()
