"""The HTML report in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

``tests/setup.sh`` installs the browser; Playwright's own browser download is never
used. Every request the page makes is recorded: the report may load itself and
nothing else.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

import pytest

from aligner import compare, get_encoder, load_document, make_document
from aligner.reports import compare_html

from .conftest import EN, NL, HashEncoder

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (bash tests/setup.sh installs it)"
)


@pytest.fixture(scope="module")
def browser_context():
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="aligner-chromium-")
    try:
        with sync_playwright() as p:
            ctx = p.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=ARGS,
                viewport={"width": 1280, "height": 900},
                service_workers="block",
            )
            try:
                yield ctx
            finally:
                ctx.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


class Opened:
    """A report opened in a fresh page, with everything the page did recorded."""

    def __init__(self, ctx, path: Path) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = ctx.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))

        def dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def assert_offline(self) -> None:
        """Nothing but the report itself (and inline data) was requested."""
        assert self.requests, "the page recorded no request at all"
        for url in self.requests:
            assert url == self.url or url.startswith(("data:", "about:")), url

    def count(self, selector: str) -> int:
        return self.page.locator(selector).count()

    def highlighted(self) -> int:
        """Distinct findings with at least one visible highlight."""
        return self.page.evaluate(
            """() => {
              const ids = new Set();
              document.querySelectorAll("mark.hl:not(.off)").forEach(m => {
                const a = (m.getAttribute("data-f") || "") + " " + (m.getAttribute("data-c") || "");
                a.split(" ").filter(Boolean).forEach(x => ids.add(x));
              });
              return ids.size;
            }"""
        )


def _write(tmp_path: Path, page: str) -> Path:
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seed_report():
    """The English-Dutch seed pair through the bundled model, as a user would run it."""
    result = compare(load_document(EN), load_document(NL), get_encoder())
    return result, compare_html(result)


@pytest.mark.slow
def test_seed_pair_report(browser_context, seed_report, tmp_path):
    result, page = seed_report
    opened = Opened(browser_context, _write(tmp_path, page))
    view = opened.page

    # one row per paragraph pair, every finding highlighted
    assert opened.count("#rows > .row") == len(result.beads)
    gaps = sum(1 for b in result.beads if not (b.src and b.tgt))
    assert gaps >= 1 and opened.count("#rows .cell.gap") == gaps
    n = len(result.findings)
    assert n >= 3 and opened.highlighted() == n
    assert view.inner_text("#shown") == f"{n} of {n} findings shown"

    # a severity filter hides that severity's findings and says so
    sev = result.findings[-1].severity
    hidden = sum(1 for f in result.findings if f.severity == sev)
    view.click(f"button[data-sev={sev}]")
    assert view.get_attribute(f"button[data-sev={sev}]", "aria-pressed") == "false"
    assert opened.highlighted() == n - hidden
    assert view.inner_text("#shown") == f"{n - hidden} of {n} findings shown"
    assert opened.count("#findings li:not(.hidden)") == n - hidden
    view.click(f"button[data-sev={sev}]")
    assert opened.highlighted() == n

    # the type filter, and "only pairs with findings"
    kind = result.findings[0].type
    view.click(f"button[data-type={kind}]")
    assert opened.highlighted() == n - sum(1 for f in result.findings if f.type == kind)
    view.click(f"button[data-type={kind}]")
    view.check("#only")
    with_findings = view.evaluate(
        "() => [...document.querySelectorAll('#rows > .row')]"
        ".filter(r => r.querySelector('mark.hl:not(.off)')).length"
    )
    assert 0 < with_findings < len(result.beads)
    assert opened.count("#rows > .row:not(.hidden)") == with_findings
    view.uncheck("#only")

    # keys walk the findings in order; the focused one shows its message
    view.locator("h1").click()
    view.keyboard.press("j")
    first = view.evaluate("() => document.activeElement.getAttribute('data-f')")
    assert first is not None and "0" in first.split()
    assert view.is_visible("#tip")
    assert result.findings[0].message in view.inner_text("#tip")
    view.keyboard.press("j")
    view.keyboard.press("k")
    again = view.evaluate("() => document.activeElement.getAttribute('data-f')")
    assert again == first

    # the languages are tagged on the paragraphs
    assert view.get_attribute("#rows .cell.src p", "lang") == "en"
    assert view.get_attribute("#rows .cell.tgt p", "lang") == "nl"

    # print: the controls go, the pairs stay
    view.emulate_media(media="print")
    assert not view.is_visible("nav.controls")
    assert view.is_visible("#rows > .row")
    view.emulate_media(media="screen")

    shot = view.screenshot(full_page=True)
    _assert_not_blank(shot)
    (tmp_path / "report.png").write_bytes(shot)

    opened.assert_offline()
    assert not opened.errors, opened.errors


def _assert_not_blank(png: bytes) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    assert width >= 800 and height >= 600
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50, "the screenshot is (nearly) blank"
    # text drawn over the page: more than a sliver of it is not the background
    background = max(colours)[1]
    drawn = sum(c for c, rgb in colours if rgb != background)
    assert drawn > 0.02 * width * height


HOSTILE = (
    "Intro <script>window.__pwned = 1</script> ends here today.\n\n"
    "A textarea </textarea><script>window.__pwned = 2</script> closes too early.\n\n"
    'An image "><img src=x onerror="window.__pwned = 3"> appears in the text.\n\n'
    "A null \x00 byte and a </script><script>window.__pwned = 4</script> break-out.\n\n"
    "A style </style><style>body{display:none}</style> and <!-- a comment."
)


def test_hostile_text_runs_nothing(browser_context, tmp_path):
    src = make_document(HOSTILE, "<script>alert(1)</script>.txt", lang="en")
    tgt = make_document(
        "Only this <iframe src=https://example.org/></iframe> line.", '"><img src=y>', lang="en"
    )
    result = compare(src, tgt, HashEncoder())
    opened = Opened(browser_context, _write(tmp_path, compare_html(result)))
    view = opened.page
    assert view.evaluate("() => window.__pwned") is None
    assert opened.count("img") == 0 and opened.count("iframe") == 0
    assert view.evaluate("() => document.scripts.length") == 2
    assert view.is_visible("#rows")
    text = view.inner_text("#rows")
    assert "<script>window.__pwned = 1</script>" in text
    assert '"><img src=x onerror="window.__pwned = 3">' in text
    assert "<iframe src=https://example.org/></iframe>" in text
    assert "\ufffd" in text  # the null byte, shown as a replacement character
    assert "<script>alert(1)</script>.txt" in view.inner_text("h1")
    opened.assert_offline()
    assert not opened.dialogs and not opened.errors, (opened.dialogs, opened.errors)


def test_arabic_is_right_to_left(browser_context, tmp_path):
    ar = (
        "هذه فقرة باللغة العربية عن الطقس اليوم في المدينة الكبيرة.\n\n"
        "وهذه فقرة ثانية عن الأخبار المحلية والدولية."
    )
    src = make_document("A paragraph in English about the weather.", "en.txt", lang="en")
    tgt = make_document(ar, "ar.txt", lang="ar")
    page = compare_html(compare(src, tgt, HashEncoder()))
    opened = Opened(browser_context, _write(tmp_path, page))
    directions = opened.page.evaluate(
        "() => [...document.querySelectorAll('#rows p')]"
        ".map(p => [p.lang, getComputedStyle(p).direction])"
    )
    assert ["ar", "rtl"] in directions and ["en", "ltr"] in directions
    assert all(d == "rtl" for lang, d in directions if lang == "ar")
    opened.assert_offline()
