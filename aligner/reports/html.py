"""A self-contained HTML report of a compare: source and target side by side.

One file, CSS and JavaScript inline, nothing fetched (a Content-Security-Policy
forbids it): it opens from disk, in a mail attachment or inside a notebook. Every
piece of document text is escaped; the findings travel as JSON inside a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` written as
``\\u`` escapes, and the script only ever sets ``textContent``.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from itertools import pairwise
from typing import Any

from .. import __version__
from ..compare import SEVERITIES, CompareResult, Finding
from ..documents import Document

__all__ = ["FINDING_TYPES", "compare_html", "html_iframe", "text_direction"]

#: Finding types in the order the report lists them (with their colours below).
FINDING_TYPES = (
    "omission",
    "addition",
    "number_mismatch",
    "name_mismatch",
    "untranslated",
    "wrong_language",
    "weak_match",
    "moved",
    "boilerplate",
)
_TYPE_COLOURS = {
    "omission": "#f8b4b4",
    "addition": "#a8e6b0",
    "number_mismatch": "#fcd38d",
    "name_mismatch": "#d8b4fe",
    "untranslated": "#93c5fd",
    "wrong_language": "#67e8f9",
    "weak_match": "#fde68a",
    "moved": "#c7d2fe",
    "boilerplate": "#d1d5db",
}
_OTHER_COLOUR = "#e5e7eb"

# Languages written right to left (ISO 639-1 and the few 639-3 codes langdetect and
# other taggers use).
RTL_LANGS = frozenset("ar he iw fa ur ps yi dv ug sd ckb syr arc ku-arab".split())

# Characters HTML cannot carry as text: NUL and the other C0 controls (bar tab,
# newline, form feed, carriage return), lone surrogates, non-characters at U+FFFE/F.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

_SEV_RANK = {s: k for k, s in enumerate(SEVERITIES)}

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


def _e(text: Any) -> str:
    """Escape for HTML text and double- or single-quoted attributes."""
    return html.escape(_UNSAFE.sub("\ufffd", str(text)), quote=True)


def _json_for_script(data: Any) -> str:
    """JSON that cannot end its ``<script>`` element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return _UNSAFE.sub("\ufffd", text)


def text_direction(text: str, lang: str | None = None) -> str:
    """``"rtl"`` or ``"ltr"``: from the language when it is known, else from the first
    strongly directional character (the rule of Unicode's bidi algorithm, P2-P3)."""
    if lang and lang != "und":
        code = lang.lower()
        return "rtl" if code in RTL_LANGS or code.split("-")[0] in RTL_LANGS else "ltr"
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return "rtl"
        if bidi == "L":
            return "ltr"
    return "ltr"


def _primary_sides(f: Finding) -> tuple[bool, bool]:
    """An omission's target span and an addition's source span only show where the
    finding sits (the sentence around a dropped clause): shown as context."""
    return f.type != "addition", f.type != "omission"


class _Side:
    """One document's text, cut at sentence and finding boundaries for rendering."""

    def __init__(self, doc: Document, sentence_bead: list[int], findings: list[Finding]) -> None:
        self.doc = doc
        self.findings = findings
        self.sentence_bead = sentence_bead
        # (start, end, finding id, primary)
        self.marks: list[tuple[int, int, int, bool]] = []

    def add(self, start: int, end: int, fid: int, primary: bool) -> None:
        if end > start:
            self.marks.append((start, end, fid, primary))

    def _segments(self, start: int, end: int) -> str:
        """``doc.text[start:end]`` with finding marks."""
        marks = [m for m in self.marks if m[0] < end and m[1] > start]
        cuts = sorted({start, end} | {max(start, min(end, x)) for m in marks for x in m[:2]})
        out = []
        for a, b in pairwise(cuts):
            if a == b:
                continue
            piece = _e(self.doc.text[a:b])
            inside = [m for m in marks if m[0] < b and m[1] > a]
            if not inside:
                out.append(piece)
                continue
            prim = sorted({m[2] for m in inside if m[3]})
            ctx = sorted({m[2] for m in inside if not m[3]} - set(prim))
            attrs = f' data-f="{" ".join(map(str, prim))}"' if prim else ""
            attrs += f' data-c="{" ".join(map(str, ctx))}"' if ctx else ""
            # the script repaints these classes when filters change
            top = max(prim or ctx, key=lambda i: _SEV_RANK.get(self.findings[i].severity, 0))
            f = self.findings[top]
            cls = f"t-{_e(f.type)} " + (f"sev-{_e(f.severity)}" if prim else "ctx")
            out.append(
                f'<mark class="hl {cls}" tabindex="0" aria-describedby="tip"{attrs}>{piece}</mark>'
            )
        return "".join(out)

    def paragraph(self, p: int) -> str:
        """One paragraph: its number, language tag and text, sentence by sentence."""
        doc = self.doc
        span = doc.paragraphs[p]
        tag = doc.paragraph_langs[p] if p < len(doc.paragraph_langs) else None
        lang = tag.lang if tag is not None else doc.lang
        text = span.slice(doc.text)
        direction = text_direction(text, lang if lang != "und" else None)
        body = []
        pos = span.start
        for i in doc.sentences_of(p):
            s = doc.sentences[i].span
            if s.start > pos:
                body.append(self._segments(pos, s.start))
            k = self.sentence_bead[i]
            body.append(f'<span class="s" data-sb="{k}">{self._segments(s.start, s.end)}</span>')
            pos = s.end
        if pos < span.end:
            body.append(self._segments(pos, span.end))
        if tag is not None:
            title = f"language {tag.lang}, confidence {tag.confidence:.2f}"
            label = tag.lang
            if tag.mixed:
                others = ", ".join(tag.other_langs)
                title += f"; also holds {others}"
                label += " + " + others
            badge = f'<span class="lang{" mixed" if tag.mixed else ""}" title="{_e(title)}">'
            badge += f"{_e(label)}</span>"
        else:
            badge = f'<span class="lang">{_e(lang)}</span>'
        lang_attr = "" if lang == "und" else f' lang="{_e(lang)}"'
        return (
            f'<div class="para" data-p="{p}"><div class="ptag"><span class="pn">¶{p + 1}</span>'
            f'{badge}</div><p dir="{direction}"{lang_attr}>{"".join(body)}</p></div>'
        )


def _sentence_bead_index(result: CompareResult) -> tuple[list[int], list[int]]:
    src = [-1] * len(result.source.sentences)
    tgt = [-1] * len(result.target.sentences)
    for k, b in enumerate(result.sentence_beads):
        for i in b.src:
            src[i] = k
        for j in b.tgt:
            tgt[j] = k
    return src, tgt


def _row(result: CompareResult, k: int, src: _Side, tgt: _Side) -> str:
    b = result.beads[k]
    s = ",".join(str(i + 1) for i in b.src) or "–"
    t = ",".join(str(j + 1) for j in b.tgt) or "–"
    if b.src and b.tgt:
        kind = "match"
        if len(b.src) > 1 or len(b.tgt) > 1:
            kind += " split" if len(b.src) < len(b.tgt) else " merged"
        pct = max(0.0, min(1.0, b.score)) * 100
        level = "hi" if b.score >= 0.7 else "mid" if b.score >= 0.5 else "lo"
        sim = (
            f'<div class="sim {level}" title="similarity {b.score:.2f}">'
            f'<div class="bar" role="meter" aria-valuemin="0" aria-valuemax="1" '
            f'aria-valuenow="{b.score:.2f}" aria-label="similarity">'
            f'<span style="width:{pct:.0f}%"></span></div>'
            f'<span class="val">{b.score:.2f}</span></div>'
        )
    else:
        kind = "omitted" if b.src else "added"
        sim = f'<div class="sim none"><span class="val">{kind}</span></div>'
    shape = kind.split(" ")[1] if " " in kind else ""
    label = f'<span class="shape">{shape}</span>' if shape else ""

    def cell(side: _Side, ids: tuple[int, ...], cls: str, other: str) -> str:
        if not ids:
            return (
                f'<div class="cell {cls} gap" aria-label="no counterpart">'
                f"<span>no counterpart in the {other}</span></div>"
            )
        return f'<div class="cell {cls}">{"".join(side.paragraph(p) for p in ids)}</div>'

    return (
        f'<div class="row {kind}" data-bead="{k}">'
        f'<div class="num">{s} ↔ {t}{label}</div>'
        f"{cell(src, b.src, 'src', 'source')}{sim}{cell(tgt, b.tgt, 'tgt', 'target')}</div>"
    )


def compare_html(result: CompareResult, *, title: str | None = None) -> str:
    """The compare report as one standalone HTML page (see the module docstring)."""
    src_doc, tgt_doc = result.source, result.target
    s_index, t_index = _sentence_bead_index(result)
    src = _Side(src_doc, s_index, result.findings)
    tgt = _Side(tgt_doc, t_index, result.findings)
    for fid, f in enumerate(result.findings):
        prim_s, prim_t = _primary_sides(f)
        if f.source_span is not None:
            src.add(f.source_span.start, f.source_span.end, fid, prim_s)
        if f.target_span is not None:
            tgt.add(f.target_span.start, f.target_span.end, fid, prim_t)

    counts = result.counts()
    by_type = counts["by_type"]
    types = [t for t in FINDING_TYPES if t in by_type] + sorted(
        t for t in by_type if t not in FINDING_TYPES
    )
    cov_s, cov_t = result.coverage()
    title = title or f"aligner compare: {src_doc.name} → {tgt_doc.name}"

    sev_buttons = "".join(
        f'<button type="button" class="chip sev-{s}" data-sev="{s}" aria-pressed="true"'
        f"{' disabled' if not counts['by_severity'][s] else ''}>{s} "
        f"<b>{counts['by_severity'][s]}</b></button>"
        for s in reversed(SEVERITIES)
    )
    type_buttons = "".join(
        f'<button type="button" class="chip" data-type="{_e(t)}" aria-pressed="true">'
        f'<i class="sw t-{_e(t)}"></i>{_e(t.replace("_", " "))} <b>{by_type[t]}</b></button>'
        for t in types
    )
    items = "".join(
        f'<li data-fid="{fid}" class="sev-{_e(f.severity)}"><span class="sev">{_e(f.severity)}'
        f'</span> <span class="type"><i class="sw t-{_e(f.type)}"></i>{_e(f.type)}</span> '
        f'<a href="#" class="goto" data-goto="{fid}">{_e(f.message)}</a></li>'
        for fid, f in enumerate(result.findings)
    )
    warnings = "".join(f'<p class="warn">warning: {_e(w)}</p>' for w in result.warnings)
    data = {
        "schema": "aligner.compare-html/1",
        "findings": [
            {"type": f.type, "severity": f.severity, "message": f.message} for f in result.findings
        ],
    }

    def side_meta(role: str, doc: Document) -> str:
        return (
            f"<div><dt>{role}</dt><dd><code>{_e(doc.name)}</code> "
            f'<span class="lang">{_e(doc.lang)}</span> {len(doc.paragraphs)} paragraphs, '
            f"{len(doc.sentences)} sentences</dd></div>"
        )

    rows = "".join(_row(result, k, src, tgt) for k in range(len(result.beads)))
    colours = "".join(
        f".t-{t}{{--c:{_TYPE_COLOURS.get(t, _OTHER_COLOUR)}}}" for t in (*FINDING_TYPES, *types)
    )
    src_dir = text_direction(src_doc.text, src_doc.lang if src_doc.lang != "und" else None)
    tgt_dir = text_direction(tgt_doc.text, tgt_doc.lang if tgt_doc.lang != "und" else None)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="aligner {_e(__version__)}">
<title>{_e(title)}</title>
<style>{_CSS}{colours}</style>
</head>
<body>
<header>
<h1>{_e(title)}</h1>
<dl class="meta">{side_meta("source", src_doc)}{side_meta("target", tgt_doc)}
<div><dt>coverage</dt><dd>source {cov_s:.0%}, target {cov_t:.0%}</dd></div>
<div><dt>encoder</dt><dd><code>{_e(result.encoder)}</code> · aligner {_e(__version__)}</dd></div>
</dl>
{warnings}
</header>
<nav class="controls" aria-label="Filters and navigation">
<div class="group" role="group" aria-label="Severity">{sev_buttons}</div>
<div class="group" role="group" aria-label="Type">{type_buttons}</div>
<div class="group"><span id="shown" aria-live="polite">{len(result.findings)} of
{len(result.findings)} findings shown</span>
<label><input type="checkbox" id="only"> only pairs with findings</label>
<button type="button" id="prev" title="previous finding (k or p)">◀ previous</button>
<button type="button" id="next" title="next finding (j or n)">next ▶</button>
<span class="keys">keys: <kbd>j</kbd>/<kbd>n</kbd> next, <kbd>k</kbd>/<kbd>p</kbd>
previous</span></div>
</nav>
<details class="list" open><summary>Findings ({len(result.findings)})</summary>
<ol id="findings">{items}</ol></details>
<main>
<div class="row head" aria-hidden="true"><div class="num">¶</div>
<div class="cell src" dir="{src_dir}">source · {_e(src_doc.lang)}</div><div class="sim"></div>
<div class="cell tgt" dir="{tgt_dir}">target · {_e(tgt_doc.lang)}</div></div>
<div id="rows">{rows}</div>
</main>
<div id="tip" role="tooltip" hidden></div>
<script type="application/json" id="aligner-data">{_json_for_script(data)}</script>
<script>{_JS}</script>
</body>
</html>
"""


def html_iframe(page: str, *, height: int = 600) -> str:
    """``page`` inside an ``<iframe srcdoc>``, for a notebook cell
    (``IPython.display.HTML(html_iframe(compare_html(result)))``): its styles and
    keys stay inside the frame."""
    return (
        f'<div class="aligner-report"><iframe srcdoc="{html.escape(page, quote=True)}" '
        f'sandbox="allow-scripts" style="width:100%;height:{int(height)}px;'
        'border:1px solid #ccc" title="aligner compare report"></iframe></div>'
    )


_CSS = """
:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#fff;--gap:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
color:var(--fg);background:var(--bg)}
header{padding:12px 20px 0;background:#fff}
h1{font-size:18px;margin:0 0 6px;overflow-wrap:anywhere}
dl.meta{display:flex;flex-wrap:wrap;gap:4px 24px;margin:0 0 8px;font-size:13px}
dl.meta div{display:flex;gap:6px}dl.meta dt{color:var(--muted)}dl.meta dd{margin:0}
code{font-size:12px;overflow-wrap:anywhere}
.warn{color:#9a6700;margin:4px 0}
nav.controls{position:sticky;top:0;z-index:2;background:#fff;padding:6px 20px;
display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center;border-bottom:1px solid var(--line)}
.group{display:flex;flex-wrap:wrap;gap:4px;align-items:center;font-size:13px}
button{font:inherit;font-size:13px;border:1px solid var(--line);background:#f6f8fa;
border-radius:14px;padding:2px 10px;cursor:pointer}
button:disabled{opacity:.45;cursor:default}
.chip[aria-pressed=false]{background:#fff;color:var(--muted);text-decoration:line-through}
.chip.sev-error b{color:#cf222e}.chip.sev-warning b{color:#9a6700}.chip.sev-info b{color:#0969da}
.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;
background:var(--c);border:1px solid rgba(0,0,0,.2)}
.keys{color:var(--muted)}kbd{border:1px solid var(--line);border-radius:3px;padding:0 3px;
font-size:11px}
details.list{font-size:13px;margin:6px 20px 0}
details.list ol{margin:4px 0;padding-left:28px;max-height:30vh;overflow:auto}
details.list li.hidden{display:none}
details.list .sev{font-weight:600}
li.sev-error .sev{color:#cf222e}li.sev-warning .sev{color:#9a6700}li.sev-info .sev{color:#0969da}
details.list a{color:inherit}
main{padding:0 20px 40px}
.row{display:grid;grid-template-columns:64px minmax(0,1fr) 64px minmax(0,1fr);gap:0 12px;
border-bottom:1px solid var(--line);padding:6px 0}
.row.head{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;
border-bottom:2px solid var(--line)}
.row.hidden{display:none}
.num{font-size:12px;color:var(--muted);padding-top:2px;white-space:nowrap}
.shape{display:block;font-size:11px;color:#8250df}
.cell{min-width:0}
.cell.gap{background:repeating-linear-gradient(135deg,var(--gap) 0 8px,#eaeef2 8px 16px);
border:1px dashed #afb8c1;border-radius:6px;display:flex;align-items:center;
justify-content:center;min-height:2.5em;color:var(--muted);font-size:12px;font-style:italic}
.row.omitted .cell.src,.row.added .cell.tgt{border-left:3px solid #cf222e;padding-left:8px}
.para+.para{margin-top:8px;padding-top:6px;border-top:1px dotted var(--line)}
.ptag{font-size:11px;color:var(--muted);display:flex;gap:6px}
.lang{font-size:11px;border:1px solid var(--line);border-radius:8px;padding:0 5px;
color:var(--muted)}
.lang.mixed{border-color:#bf8700;color:#9a6700}
p{margin:0;overflow-wrap:anywhere}
p[dir=rtl]{font-size:1.05em}
.s.linked{background:#ddf4ff;border-radius:2px}
.sim{display:flex;flex-direction:column;align-items:center;gap:2px;padding-top:6px;font-size:12px}
.sim .bar{width:48px;height:6px;background:#eaeef2;border-radius:3px;overflow:hidden}
.sim .bar span{display:block;height:100%;background:#2da44e}
.sim.mid .bar span{background:#bf8700}.sim.lo .bar span{background:#cf222e}
.sim.none .val{color:#cf222e;font-style:italic}
mark.hl{background:var(--c,#fde68a);color:inherit;border-radius:2px;padding:0 1px;
-webkit-print-color-adjust:exact;print-color-adjust:exact}
mark.hl.sev-error{box-shadow:inset 0 -2px 0 #cf222e}
mark.hl.sev-warning{box-shadow:inset 0 -2px 0 #bf8700}
mark.hl.ctx{background:transparent;text-decoration:underline dotted 2px;
text-decoration-color:var(--c,#8c959f)}
mark.hl.off{background:transparent;box-shadow:none;text-decoration:none}
mark.hl:focus{outline:2px solid #0969da;outline-offset:1px}
mark.hl.current{outline:2px solid #0969da}
#tip{position:fixed;z-index:5;max-width:420px;background:#24292f;color:#fff;font-size:13px;
padding:6px 10px;border-radius:6px;box-shadow:0 4px 12px rgba(0,0,0,.25);pointer-events:none}
#tip div+div{margin-top:4px;border-top:1px solid #57606a;padding-top:4px}
#tip b{text-transform:uppercase;font-size:11px;margin-right:4px}
@media print{
body{font-size:10pt}header{border:0}nav.controls,#tip,.keys{display:none}
details.list ol{max-height:none;overflow:visible}
.row{break-inside:avoid}a{text-decoration:none}
.cell.gap{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("aligner-data").textContent);
  var F = data.findings;
  var ORDER = {info: 0, warning: 1, error: 2};
  var offSev = {}, offType = {};
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.hl"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("#rows .row"));
  var tip = document.getElementById("tip");
  var current = -1;

  function ids(el, key) {
    var v = el.getAttribute(key);
    return v ? v.split(" ").map(Number) : [];
  }
  function visible(i) {
    return !offSev[F[i].severity] && !offType[F[i].type];
  }
  function best(list) {
    var b = -1;
    list.forEach(function (i) {
      if (visible(i) && (b < 0 || ORDER[F[i].severity] > ORDER[F[b].severity])) { b = i; }
    });
    return b;
  }
  function paint() {
    var shown = 0;
    F.forEach(function (f, i) { if (visible(i)) { shown += 1; } });
    marks.forEach(function (m) {
      var p = best(ids(m, "data-f")), c = best(ids(m, "data-c"));
      var i = p >= 0 ? p : c;
      m.className = "hl";
      if (i < 0) { m.classList.add("off"); return; }
      m.classList.add("t-" + F[i].type);
      if (p >= 0) { m.classList.add("sev-" + F[i].severity); } else { m.classList.add("ctx"); }
      if (m.dataset.cur === "1") { m.classList.add("current"); }
    });
    document.querySelectorAll("#findings li").forEach(function (li) {
      li.classList.toggle("hidden", !visible(Number(li.dataset.fid)));
    });
    var only = document.getElementById("only").checked;
    rows.forEach(function (r) {
      var any = r.querySelector("mark.hl:not(.off)") !== null;
      r.classList.toggle("hidden", only && !any);
    });
    document.getElementById("shown").textContent = shown + " of " + F.length + " findings shown";
  }
  function toggle(btn, table, key) {
    var on = btn.getAttribute("aria-pressed") !== "true";
    btn.setAttribute("aria-pressed", on ? "true" : "false");
    if (on) { delete table[key]; } else { table[key] = true; }
    paint();
  }
  document.querySelectorAll("[data-sev]").forEach(function (b) {
    b.addEventListener("click", function () { toggle(b, offSev, b.dataset.sev); });
  });
  document.querySelectorAll("[data-type]").forEach(function (b) {
    b.addEventListener("click", function () { toggle(b, offType, b.dataset.type); });
  });
  document.getElementById("only").addEventListener("change", paint);

  function showTip(m) {
    var list = ids(m, "data-f").concat(ids(m, "data-c")).filter(visible);
    if (!list.length) { hideTip(); return; }
    tip.textContent = "";
    list.forEach(function (i) {
      var d = document.createElement("div");
      var b = document.createElement("b");
      b.textContent = F[i].severity + " " + F[i].type;
      d.appendChild(b);
      d.appendChild(document.createTextNode(F[i].message));
      tip.appendChild(d);
    });
    tip.hidden = false;
    var r = m.getBoundingClientRect();
    var top = r.bottom + 6;
    if (top + tip.offsetHeight > window.innerHeight) {
      top = Math.max(0, r.top - tip.offsetHeight - 6);
    }
    tip.style.top = top + "px";
    tip.style.left = Math.max(4, Math.min(r.left, window.innerWidth - tip.offsetWidth - 4)) + "px";
  }
  function hideTip() { tip.hidden = true; }
  marks.forEach(function (m) {
    m.addEventListener("mouseenter", function () { showTip(m); });
    m.addEventListener("mouseleave", function () {
      if (document.activeElement !== m) { hideTip(); }
    });
    m.addEventListener("focus", function () { showTip(m); });
    m.addEventListener("blur", hideTip);
  });

  function firstMark(i) {
    var sel = 'mark.hl[data-f~="' + i + '"]';
    var m = document.querySelector(sel);
    return m || document.querySelector('mark.hl[data-c~="' + i + '"]');
  }
  function go(i) {
    var m = firstMark(i);
    if (!m) { return; }
    marks.forEach(function (x) { delete x.dataset.cur; x.classList.remove("current"); });
    m.dataset.cur = "1";
    m.classList.add("current");
    current = i;
    var row = m.closest(".row");
    if (row) { row.classList.remove("hidden"); }
    m.scrollIntoView({block: "center"});
    m.focus({preventScroll: true});
  }
  function step(dir) {
    var n = F.length;
    for (var k = 1; k <= n; k += 1) {
      var i = current < 0 ? (dir > 0 ? k - 1 : n - k) : (current + dir * k + n * k) % n;
      if (visible(i) && firstMark(i)) { go(i); return; }
    }
  }
  document.getElementById("next").addEventListener("click", function () { step(1); });
  document.getElementById("prev").addEventListener("click", function () { step(-1); });
  document.querySelectorAll("a.goto").forEach(function (a) {
    a.addEventListener("click", function (ev) { ev.preventDefault(); go(Number(a.dataset.goto)); });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var t = ev.target.tagName;
    if (t === "INPUT" || t === "TEXTAREA" || t === "SELECT") { return; }
    if (ev.key === "j" || ev.key === "n") { step(1); ev.preventDefault(); }
    else if (ev.key === "k" || ev.key === "p") { step(-1); ev.preventDefault(); }
    else if (ev.key === "Escape") { hideTip(); }
  });

  // a sentence and its counterpart light up together
  document.querySelectorAll(".s").forEach(function (s) {
    function light(on) {
      document.querySelectorAll('.s[data-sb="' + s.dataset.sb + '"]').forEach(function (x) {
        x.classList.toggle("linked", on);
      });
    }
    s.addEventListener("mouseenter", function () { light(true); });
    s.addEventListener("mouseleave", function () { light(false); });
  });
  paint();
})();
"""
