"""Reports people read and files tools read: the terminal view, HTML, TMX and TSV.

The hash encoder stands in for the model: these tests are about rendering, so any
alignment with omissions and additions in it will do.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner import compare, load_document, make_document
from aligner.cli import cli
from aligner.documents import Span
from aligner.reports import (
    compare_html,
    compare_summary,
    compare_text,
    compare_tmx,
    compare_tsv,
    html_iframe,
    progress,
    render_compare,
    to_tmx,
    to_tsv,
    working,
)
from aligner.reports.beads import bead_rows, overlaps
from aligner.reports.html import text_direction
from aligner.reports.text import MARK_CLOSE, MARK_OPEN, stdout_has_colour
from aligner.reports.tmx import tmx_lang, xml_escape

from .conftest import EN, NL, HashEncoder, parse_tmx

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

SOURCE = """Annual report of the river authority

The river authority inspected 42 bridges in 2023 and found three in poor condition.

Repairs on the northern bridge will cost 1.2 million euros and start in May.

The board thanks all volunteers for their help during the floods.

Photo: Jan de Vries"""

# The target drops the volunteers paragraph and adds one near the top (alignment is
# monotonic, so neither can pair with the other) and changes a number.
TARGET = """Annual report of the river authority

A completely unrelated sentence about music festivals appears here instead.

The river authority inspected 42 bridges in 2023 and found three in poor condition.

Repairs on the northern bridge will cost 1.5 million euros and start in May.

Photo: Jan de Vries"""


@pytest.fixture(autouse=True)
def _no_forced_colour(monkeypatch):
    """A CI that forces colour must not change what these tests read."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def result():
    src = make_document(SOURCE, "report-en.txt", lang="en")
    tgt = make_document(TARGET, "report-copy.txt", lang="en")
    return compare(src, tgt, HashEncoder())


@pytest.fixture
def seed_result():
    """The seed pair through the hash encoder: real documents, rough alignment."""
    return compare(load_document(EN), load_document(NL), HashEncoder())


# --------------------------------------------------------------------------- terminal


def test_fixture_has_findings_on_both_sides(result):
    types = {f.type for f in result.findings}
    assert {"omission", "addition", "number_mismatch"} <= types


def test_plain_text_view(result):
    out = compare_text(result)
    assert not ANSI.search(out)
    lines = out.splitlines()
    assert lines[0] == "source: report-en.txt [en] 5 paragraphs"
    assert lines[1].startswith("target: report-copy.txt [en]")
    assert lines[2] == "encoder: hash-trigrams/1"
    assert lines[3].startswith("coverage: source ")
    assert re.fullmatch(r"findings: \d+ errors?, \d+ warnings?, \d+ info", lines[4])
    for f in result.findings:
        assert f.message in out
    # every finding's span shows up marked, in its paragraph
    marked = re.findall(f"{MARK_OPEN}(.*?){MARK_CLOSE}", out)
    assert len(marked) >= len(result.findings)
    assert "The board thanks all volunteers" in "".join(marked)
    assert lines[-1] == compare_summary(result).split(": ", 1)[1].split(";")[0]


def test_findings_come_in_document_order(seed_result):
    out = compare_text(seed_result)
    positions = [out.index(f.message) for f in seed_result.findings]
    assert positions == sorted(positions)


def test_excerpt_points_at_the_paragraph(result):
    out = compare_text(result)
    omission = next(f for f in result.findings if f.type == "omission")
    p = next(
        i
        for i, sp in enumerate(result.source.paragraphs)
        if sp.start <= omission.source_span.start < sp.end
    )
    assert f"en  ¶{p + 1} " in out


def test_colour_view_is_the_plain_view_with_escape_codes(result):
    coloured = compare_text(result, colour=True)
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == compare_text(result)


def test_colour_only_on_a_terminal_without_no_color(monkeypatch):
    assert not stdout_has_colour()  # pytest captures stdout: not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert stdout_has_colour()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not stdout_has_colour()


def test_summary_is_one_line(result):
    line = compare_summary(result)
    assert line.endswith("\n") and line.count("\n") == 1
    assert line.startswith("report-en.txt [en] → report-copy.txt [en]: ")
    assert "coverage" in line


def test_cli_text_is_plain_when_piped(fake_encoder):
    out = CliRunner().invoke(cli, ["compare", str(EN), str(NL)])
    assert out.exit_code == 0, out.output
    assert not ANSI.search(out.output)
    assert "[en]" in out.output and "findings:" in out.output


def test_cli_quiet_prints_the_summary_line_only(fake_encoder):
    out = CliRunner().invoke(cli, ["compare", "--quiet", str(EN), str(NL)])
    assert out.exit_code == 0, out.output
    lines = out.stdout.splitlines()
    assert len(lines) == 1 and "[en] →" in lines[0] and "[nl]:" in lines[0]


def test_cli_quiet_refuses_other_formats(fake_encoder):
    out = CliRunner().invoke(cli, ["compare", "-q", "--format", "json", str(EN), str(NL)])
    assert out.exit_code == 2
    assert "--quiet" in out.stderr and len(out.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("html", lambda s: s.startswith("<!DOCTYPE html>")),
        ("tmx", lambda s: ET.fromstring(s.encode()).tag == "tmx"),
        ("tsv", lambda s: s.startswith("source\ttarget\tscore\tfindings")),
        ("json", lambda s: json.loads(s)["schema"] == "aligner.compare/1"),
    ],
)
def test_cli_formats_write_files(fake_encoder, tmp_path, fmt, check):
    path = tmp_path / f"report.{fmt}"
    out = CliRunner().invoke(cli, ["compare", "--format", fmt, str(EN), str(NL), "-o", str(path)])
    assert out.exit_code == 0, out.output
    assert out.stdout == ""
    assert check(path.read_text(encoding="utf-8"))


def test_render_compare_rejects_unknown_format(result):
    with pytest.raises(ValueError, match="unknown format"):
        render_compare(result, "pdf")


# --------------------------------------------------------------------------- progress


def test_progress_is_silent_when_stderr_is_not_a_terminal(capsys):
    assert list(progress(range(5), 5, "Counting")) == [0, 1, 2, 3, 4]
    with working("Thinking"):
        pass
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_progress_draws_on_a_terminal():
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=80)
    assert list(progress(iter("abc"), 3, "Letters", console=console)) == ["a", "b", "c"]
    assert "Letters" in buf.getvalue()


# --------------------------------------------------------------------------- HTML


class _Page(HTMLParser):
    """Collects tags, attributes, and the text of each paragraph and mark."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.paragraphs: list[dict] = []
        self.marks: list[dict] = []
        self.scripts: list[str] = []
        self._stack: list[dict] = []
        self._in_script: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._in_script = ""
        if tag == "p" or tag == "mark":
            node = {"attrs": a, "text": ""}
            (self.paragraphs if tag == "p" else self.marks).append(node)
            self._stack.append(node)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.scripts.append(self._in_script)
            self._in_script = None
        if tag in ("p", "mark") and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script += data
        for node in self._stack:
            node["text"] += data


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def _shown(text: str) -> str:
    """What the report shows for a text: characters HTML cannot carry become U+FFFD."""
    return re.sub("[\x00-\x08\x0b\x0e-\x1f\x7f]", "\ufffd", text)


def test_html_rows_gaps_and_marks(result):
    page = _parse(compare_html(result))
    rows = [a for t, a in page.tags if t == "div" and "row" in (a.get("class") or "").split()]
    rows = [a for a in rows if "head" not in a["class"].split()]
    assert len(rows) == len(result.beads)
    gaps = [a for t, a in page.tags if t == "div" and "gap" in (a.get("class") or "").split()]
    assert len(gaps) == sum(1 for b in result.beads if not (b.src and b.tgt))
    ids = set()
    for m in page.marks:
        for key in ("data-f", "data-c"):
            ids |= {int(x) for x in (m["attrs"].get(key) or "").split()}
    assert ids == set(range(len(result.findings)))
    # each paragraph is shown whole, in order, source then target within a row
    shown = [p["text"] for p in page.paragraphs]
    expected = []
    for b in result.beads:
        expected += [result.source.paragraph_text(i) for i in b.src]
        expected += [result.target.paragraph_text(j) for j in b.tgt]
    assert shown == expected


def test_html_marks_cover_exactly_the_finding_spans(result):
    page = _parse(compare_html(result))
    omission = next(f for f in result.findings if f.type == "omission")
    fid = result.findings.index(omission)
    pieces = [m["text"] for m in page.marks if str(fid) in (m["attrs"].get("data-f") or "").split()]
    text = omission.source_span.slice(result.source.text)
    assert "".join(pieces) == re.sub(r"\s+", "", text) or " ".join(pieces).split() == text.split()


def test_html_is_self_contained(seed_result):
    page = compare_html(seed_result)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    parsed = _parse(page)
    for tag, attrs in parsed.tags:
        assert "src" not in attrs, tag
        assert tag not in ("link", "img", "iframe", "object", "embed", "base")
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
    assert "@import" not in page and "url(" not in page
    assert not re.search(r"https?://", page)


HOSTILE = (
    "Intro <script>window.__pwned = 1</script> ends.\n\n"
    "A textarea </textarea><script>window.__pwned = 2</script> closes.\n\n"
    'An image "><img src=x onerror="window.__pwned = 3"> appears.\n\n'
    "A null \x00 byte and a </script><script>window.__pwned = 4</script> break-out.\n\n"
    "A comment <!-- opens and &amp; entities &lt; stay text."
)


def _hostile_result():
    src = make_document(HOSTILE, "<b>evil</b>.txt", lang="en")
    tgt = make_document(HOSTILE.replace("Intro", "Start"), '"><svg onload=alert(1)>', lang="en")
    return compare(src, tgt, HashEncoder())


def test_html_escapes_every_piece_of_text():
    r = _hostile_result()
    page = compare_html(r)
    parsed = _parse(page)
    assert [t for t, _ in parsed.tags].count("script") == 2  # the data and the report's own
    assert not [t for t, _ in parsed.tags if t in ("img", "svg", "textarea")]
    for _, attrs in parsed.tags:
        assert not [k for k in attrs if k.startswith("on")]
    assert "\x00" not in page
    texts = [p["text"] for p in parsed.paragraphs]
    for doc in (r.source, r.target):
        for t in doc.paragraph_texts:
            assert _shown(t) in texts
    assert any("<script>window.__pwned = 1</script>" in t for t in texts)
    assert any('"><img src=x onerror="window.__pwned = 3">' in t for t in texts)
    # the embedded findings are JSON that cannot close its script element
    data = next(s for s in parsed.scripts if s.lstrip().startswith("{"))
    assert "</" not in data and "<!--" not in data
    assert json.loads(data)["findings"] == [
        {"type": f.type, "severity": f.severity, "message": _shown(f.message)} for f in r.findings
    ]
    assert "<b>evil</b>" not in page and "&lt;b&gt;evil&lt;/b&gt;" in page
    assert "<svg" not in page


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    paras=st.lists(
        st.text(
            alphabet=st.sampled_from([*"ab <>&\"'/ \x00\x0bé.!?", "ش", "\u202e", "中"]),
            min_size=1,
            max_size=40,
        ).filter(lambda t: t.strip()),
        min_size=1,
        max_size=4,
    )
)
def test_html_shows_any_text_verbatim(paras):
    text = "\n\n".join(p.strip().replace("\n", " ") for p in paras)
    doc = make_document(text, "x.txt", lang="en")
    other = make_document("Something else entirely.", "y.txt", lang="en")
    r = compare(doc, other, HashEncoder())
    parsed = _parse(compare_html(r))
    shown = [p["text"] for p in parsed.paragraphs]
    for p in doc.paragraph_texts:
        assert _shown(p) in shown
    assert not [t for t, _ in parsed.tags if t not in _ALLOWED_TAGS]


_ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "dl", "div", "dt", "dd",
    "code", "span", "nav", "button", "b", "i", "label", "input", "kbd", "details", "summary",
    "ol", "li", "a", "main", "p", "mark", "script", "br",
}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "lang", "direction"),
    [
        ("مرحبا بالعالم", "ar", "rtl"),
        ("שלום עולם", "he", "rtl"),
        ("Hello world", "en", "ltr"),
        ("مرحبا", None, "rtl"),
        ("31 — مرحبا March", None, "rtl"),  # the first strong character decides
        ("2024 Hello مرحبا", None, "ltr"),
        ("2024 !", None, "ltr"),
        ("Hello", "fa", "rtl"),  # a known language wins over the letters
    ],
)
def test_text_direction(text, lang, direction):
    assert text_direction(text, lang) == direction


def test_arabic_paragraphs_are_right_to_left():
    ar = "هذه فقرة باللغة العربية عن الطقس اليوم في المدينة.\n\nوهذه فقرة ثانية عن الأخبار."
    src = make_document("A paragraph in English about the weather.", "en.txt", lang="en")
    tgt = make_document(ar, "ar.txt", lang="ar")
    parsed = _parse(compare_html(compare(src, tgt, HashEncoder())))
    dirs = {p["text"]: p["attrs"].get("dir") for p in parsed.paragraphs}
    assert dirs["A paragraph in English about the weather."] == "ltr"
    assert dirs["وهذه فقرة ثانية عن الأخبار."] == "rtl"
    langs = [p["attrs"].get("lang") for p in parsed.paragraphs]
    assert "ar" in langs and "en" in langs


def test_html_iframe_escapes_the_page(result):
    frame = html_iframe(compare_html(result), height=300)
    assert '<iframe srcdoc="&lt;!DOCTYPE html&gt;' in frame
    assert "<script" not in frame and "height:300px" in frame


# --------------------------------------------------------------------------- TMX


def test_tmx_is_valid_and_has_one_unit_per_two_sided_bead(seed_result):
    root = parse_tmx(compare_tmx(seed_result))
    header = root.find("header")
    assert header.get("srclang") == "en" and header.get("segtype") == "sentence"
    units = root.findall("body/tu")
    two_sided = [b for b in seed_result.sentence_beads if b.src and b.tgt]
    assert len(units) == len(two_sided) > 10
    for tu, b in zip(units, two_sided):
        tuvs = tu.findall("tuv")
        assert [t.get(XML_LANG) for t in tuvs] == ["en", "nl"]
        src = " ".join(seed_result.source.sentence_text(i) for i in b.src)
        assert tuvs[0].findtext("seg") == src
        assert float(tu.findtext("prop[@type='x-score']")) == pytest.approx(b.score, abs=1e-4)


def test_tmx_drops_one_sided_pairs_and_keeps_scores_and_notes():
    out = to_tmx(
        [("a", "b"), ("only source", ""), ("c", "d")],
        "de",
        "zh-cn",
        scores=[0.5, None, 0.25],
        notes=[None, "x", "check <this>"],
        segtype="paragraph",
    )
    root = ET.fromstring(out)
    units = root.findall("body/tu")
    assert len(units) == 2
    assert [t.get(XML_LANG) for t in units[1].findall("tuv")] == ["de", "zh-CN"]
    assert units[1].findtext("note") == "check <this>"
    assert units[0].find("note") is None
    assert root.find("header").get("segtype") == "paragraph"


def test_tmx_rejects_an_unknown_segtype():
    with pytest.raises(ValueError, match="segtype"):
        to_tmx([("a", "b")], "en", "nl", segtype="word")


@pytest.mark.parametrize(
    ("code", "tmx"), [("en", "en"), ("zh-cn", "zh-CN"), ("sr_latn", "sr-Latn")]
)
def test_tmx_language_codes(code, tmx):
    assert tmx_lang(code) == tmx


@given(st.text(), st.text())
def test_tmx_carries_any_text(a, b):
    """Whatever the text, the TMX parses and holds it (less what XML 1.0 cannot hold)."""
    root = ET.fromstring(to_tmx([("x" + a, "y" + b)], "en", "nl").encode("utf-8"))
    segs = [s.text or "" for s in root.iter("seg")]
    legal = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

    def keep(t: str) -> str:
        return "".join(ch for ch in t if legal.fullmatch(ch))

    assert segs == [keep("x" + a), keep("y" + b)]
    assert ET.fromstring(f'<a t="{xml_escape(a, attribute=True)}"/>').get("t") == keep(a)


# --------------------------------------------------------------------------- TSV


def _unescape(cell: str) -> str:
    return re.sub(
        r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[m.group(1)], cell
    )


def test_tsv_has_one_row_per_sentence_bead(result):
    lines = compare_tsv(result).splitlines()
    assert lines[0].split("\t") == [
        "source", "target", "score", "findings", "source_span", "target_span",
    ]  # fmt: skip
    rows = [line.split("\t") for line in lines[1:]]
    assert len(rows) == len(result.sentence_beads)
    assert all(len(r) == 6 for r in rows)
    for row, b in zip(rows, result.sentence_beads):
        src = " ".join(result.source.sentence_text(i) for i in b.src)
        assert _unescape(row[0]) == src
        assert (row[2] == "") == (not (b.src and b.tgt))
        if row[4]:
            a, z = map(int, row[4].split(":"))
            assert result.source.text[a:z].startswith(result.source.sentence_text(b.src[0]))
    omitted = next(r for r in rows if r[0].startswith("The board thanks"))
    assert omitted[1] == "" and "omission" in omitted[3].split(",")
    added = next(r for r in rows if r[1].startswith("A completely unrelated"))
    assert added[0] == "" and "addition" in added[3].split(",")


@given(st.lists(st.lists(st.text(), min_size=3, max_size=3), max_size=5))
def test_tsv_cells_never_break_a_row(rows):
    out = to_tsv(rows, ["a", "b", "c"])
    lines = out.split("\n")
    assert lines[-1] == "" and len(lines) == len(rows) + 2
    for line, row in zip(lines[1:], rows):
        assert [_unescape(c) for c in line.split("\t")] == row


def test_tsv_formats_scores_and_empty_cells():
    assert to_tsv([[None, 0.123456, 3]]) == "\t0.1235\t3\n"


# --------------------------------------------------------------------------- beads


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 5), (5, 9), False),
        ((0, 6), (5, 9), True),
        ((6, 7), (5, 9), True),
        ((5, 5), (5, 9), True),  # an empty span inside
        ((9, 9), (5, 9), False),
        (None, (0, 1), False),
    ],
)
def test_overlaps(a, b, expected):
    assert overlaps(Span(*a) if a else None, Span(*b)) is expected


def test_every_finding_belongs_to_some_bead(seed_result):
    rows = bead_rows(seed_result)
    for f in seed_result.findings:
        assert any(f.type in r.findings for r in rows), f
    assert all(r.to_dict()["score"] is None for r in rows if not (r.source and r.target))


def test_renderers_are_functions_whatever_was_imported_first():
    """Renderers load with their modules on first use; ``progress`` stays the function
    although a module of that name is imported beside it."""
    code = (
        "import sys, types\n"
        "from aligner.reports import working\n"
        "import aligner.reports.progress\n"
        "from aligner.reports import progress, to_json, compare_tsv\n"
        "assert not isinstance(progress, types.ModuleType)\n"
        "assert [f.__name__ for f in (progress, to_json, compare_tsv)] == "
        "['progress', 'to_json', 'compare_tsv']\n"
        "assert 'aligner.reports.html' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
