"""Documents: decoding, paragraphs and sentences, each with exact character offsets.

The decoded text is never altered. Every paragraph and sentence is a :class:`Span`
of ``(start, end)`` offsets into it, so ``doc.text[span.start:span.end]`` is the
unit's text, and any result computed on units can be shown in context.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from .errors import InputError

__all__ = [
    "SENTENCE_END",
    "Document",
    "Span",
    "continues_sentence",
    "decode_bytes",
    "load_document",
    "make_document",
    "split_paragraphs",
    "split_sentences",
]


@dataclass(frozen=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets into a document's text."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def slice(self, text: str) -> str:
        return text[self.start : self.end]

    def to_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True)
class Sentence:
    """A sentence: its span and the index of the paragraph that holds it."""

    span: Span
    paragraph: int


@dataclass
class Document:
    """A decoded text with its paragraphs and sentences.

    Attributes:
        text: the decoded input (BOM removed, line endings as in the file).
        path: where it came from (``"-"`` for standard input, ``None`` when built in memory).
        paragraphs: paragraph spans, in order.
        sentences: sentences in order, each pointing at its paragraph.
        lang: document language code, ``"und"`` when unknown (filled by language tagging).
        lang_confidence: confidence of ``lang`` in [0, 1].
        paragraph_langs: per-paragraph language tags (filled by language tagging).
        encoding: the encoding the bytes were decoded with.
        presplit: whether each line was read as one sentence.
    """

    text: str
    path: str | None = None
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    lang: str = "und"
    lang_confidence: float = 0.0
    paragraph_langs: list = field(default_factory=list)
    encoding: str = "utf-8"
    presplit: bool = False

    def paragraph_text(self, i: int) -> str:
        return self.paragraphs[i].slice(self.text)

    def sentence_text(self, i: int) -> str:
        return self.sentences[i].span.slice(self.text)

    @property
    def paragraph_texts(self) -> list[str]:
        return [p.slice(self.text) for p in self.paragraphs]

    @property
    def sentence_texts(self) -> list[str]:
        return [s.span.slice(self.text) for s in self.sentences]

    def sentences_of(self, paragraph: int) -> list[int]:
        """Indices of the sentences inside paragraph ``paragraph``."""
        return [i for i, s in enumerate(self.sentences) if s.paragraph == paragraph]

    @property
    def name(self) -> str:
        return self.path or "<text>"


# --------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 controls other than tab, newline, carriage return, form feed and vertical tab
# mark a binary file: text never contains them.
_BINARY_RE = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def decode_bytes(
    data: bytes, encoding: str | None = None, name: str = "<input>"
) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding_used)``.

    Without ``encoding``: a BOM selects UTF-8, UTF-16 or UTF-32; otherwise the bytes
    must be valid UTF-8. The BOM is removed; nothing else is changed.

    Raises:
        InputError: the bytes are binary, undecodable, or hold no text.
    """
    if encoding is None:
        for bom, enc in _BOMS:
            if data.startswith(bom):
                encoding = enc
                break
        else:
            encoding = "utf-8"
            if b"\x00" in data[:8192]:  # UTF-8 text never holds NUL; UTF-16 would have a BOM
                raise InputError(f"{name}: looks like a binary file, not text")
    else:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"{name}: unknown encoding {encoding!r}") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        hint = (
            "" if encoding != "utf-8" else "; if it is not UTF-8, name its encoding with --encoding"
        )
        raise InputError(f"{name}: cannot decode as {encoding} (byte {exc.start}){hint}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if _BINARY_RE.search(text):
        raise InputError(f"{name}: looks like a binary file (control characters), not text")
    if not text.strip():
        raise InputError(f"{name}: the document is empty")
    return text, encoding


def read_input(path: str, encoding: str | None = None) -> tuple[str, str]:
    """Read and decode a file path, or standard input when ``path`` is ``"-"``."""
    if path == "-":
        data = sys.stdin.buffer.read()
        return decode_bytes(data, encoding, name="<stdin>")
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory, expected a text file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return decode_bytes(data, encoding, name=path)


# --------------------------------------------------------------------------- paragraphs

_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE_RE = re.compile(r"[^\n]+")
_MD_LINE_START = re.compile(r"\s*(?:#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|>|\|)")
# A block whose lines are all about the same length and which never ends a line
# with a sentence end is hard-wrapped prose: one paragraph.
_WRAP_MIN_LINE = 40


def _strip_span(text: str, start: int, end: int) -> Span | None:
    seg = text[start:end]
    left = len(seg) - len(seg.lstrip())
    right = len(seg.rstrip())
    if right <= left:
        return None
    return Span(start + left, start + right)


def _blocks(text: str, start: int, end: int) -> list[Span]:
    """Blank-line separated blocks of ``text[start:end]``, stripped of outer whitespace."""
    out = []
    pos = start
    for m in _BLANK_LINE_RE.finditer(text, start, end):
        if (sp := _strip_span(text, pos, m.start())) is not None:
            out.append(sp)
        pos = m.end() - 1  # the second newline may open the next separator
    if (sp := _strip_span(text, pos, end)) is not None:
        out.append(sp)
    return out


def _is_wrapped(lines: list[str]) -> bool:
    """True when a multi-line block looks like prose hard-wrapped at a fixed width."""
    body = [ln.strip() for ln in lines]
    if any(_MD_LINE_START.match(ln) for ln in lines[1:]):
        return False
    head = body[:-1]  # the last line of a wrapped paragraph may be short
    width = max(len(x) for x in body)
    if width > 120 or min(len(x) for x in head) < max(_WRAP_MIN_LINE, 0.6 * width):
        return False
    # A wrapped line rarely ends a sentence; a one-paragraph-per-line file always does.
    ends = sum(1 for x in head if x[-1] in '.!?:;"”»)')
    return ends <= len(head) // 2


def split_paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Paragraph spans of ``text[start:end]``.

    Blank lines separate paragraphs. Inside a block with several lines, each line is
    its own paragraph (headings, datelines, one-paragraph-per-line files) unless the
    block is hard-wrapped prose, which stays one paragraph.
    """
    end = len(text) if end is None else end
    spans: list[Span] = []
    for block in _blocks(text, start, end):
        b0, b1 = block.start, block.end
        lines = [(m.start(), m.end()) for m in _LINE_RE.finditer(text, b0, b1)]
        lines = [ln for ln in lines if text[ln[0] : ln[1]].strip()]
        if len(lines) > 1 and not _is_wrapped([text[a:b] for a, b in lines]):
            for a, b in lines:
                sp = _strip_span(text, a, b)
                if sp:
                    spans.append(sp)
        else:
            sp = _strip_span(text, b0, b1)
            if sp:
                spans.append(sp)
    return spans


# Layout detection: enough multi-line blocks, and most of their lines one sentence (the
# segmenter cuts some real sentences at an abbreviation or "8035 m. Chef": not all).
_LAYOUT_SAMPLE = 200  # lines given to the segmenter at most
_LAYOUT_SINGLE_SHARE = 0.6
_LAYOUT_MEAN_PIECES = 1.5


# Sentence marks of scripts other than the Latin one (the English rules do not cut at
# them), and such a mark inside a line.
SCRIPT_MARKS = "。！？؟।॥۔։።፧။"
_INNER_SCRIPT_MARK = re.compile(rf"[{SCRIPT_MARKS}](?=\s*\S)")

# A sentence ends with one of these (closing quotes and brackets may follow).
SENTENCE_END = re.compile(rf"[.!?…{SCRIPT_MARKS}．｡‼⁇⁈⁉][\s\"'»”’)\]）》】」』]*$")
_BRACKETS = re.compile(r"[()\[\]]")


def continues_sentence(before: str, text: str) -> bool:
    """True when ``text`` is the rest of ``before``, a sentence cut short (at a semicolon,
    a colon or a page break): ``before`` has no closing punctuation, and ``text`` starts
    in lower case or closes a bracket that ``before`` left open ("… ( Zürich :" /
    "Orell Füssli 1956 ) vorliegt …")."""
    if SENTENCE_END.search(before):
        return False
    if text[:1].islower():
        return True
    opened = _BRACKETS.findall(before)
    closed = _BRACKETS.findall(text)
    return bool(opened and closed) and opened[-1] in "([" and closed[0] in ")]"


def sentence_per_line(text: str, lang: str | None = None, *, blocks_only: bool = False) -> bool:
    """True when ``text`` looks written one sentence per line, blank lines ending paragraphs.

    That is: at least two blank-line blocks have several lines, they are at least a
    third of all blocks, none is hard-wrapped prose (a first block of two lines that
    looks wrapped counts only when no block is longer: it may be a title over its
    subtitle), and of all lines (a sample of up to 200) six in ten are one sentence
    each for the segmenter, with 1.5 sentences a line at most on average. A file of
    one paragraph per line, or of short heading lines over paragraphs, fails the last
    two. ``blocks_only`` looks at the blocks alone (see :func:`agree_layouts`).
    """
    blocks = _blocks(text, 0, len(text))
    lines: list[str] = []
    multi = 0
    longest = 0
    wrapped_pair = False  # a first block of two lines that looks wrapped
    for b in blocks:
        block = [ln for m in _LINE_RE.finditer(text, b.start, b.end) if (ln := m.group().strip())]
        if len(block) > 1:
            if _is_wrapped(block):
                if len(block) > 2 or b is not blocks[0]:
                    return False
                wrapped_pair = True
            multi += 1
            longest = max(longest, len(block))
        lines.extend(block)
    # one full line over a short one opening the file, beside longer blocks that are
    # not wrapped: a title and its subtitle, no wrapped paragraph
    if multi < 2 or 3 * multi < len(blocks) or (wrapped_pair and longest < 3):
        return False
    if blocks_only:
        return True
    step = max(1, -(-len(lines) // _LAYOUT_SAMPLE))
    sample = lines[::step]
    seg = lang if lang in _PYSBD_LANGS else "en"
    counts = [
        max(
            len([p for p in _pieces(ln, seg) if p.strip()]), 1 + len(_INNER_SCRIPT_MARK.findall(ln))
        )
        for ln in sample
    ]
    single = sum(n <= 1 for n in counts)
    return single >= _LAYOUT_SINGLE_SHARE * len(sample) and sum(
        counts
    ) <= _LAYOUT_MEAN_PIECES * len(sample)


def presplit_lines(text: str) -> list[Span]:
    """One unit per non-blank line (for ``--presplit`` input)."""
    out = []
    for m in _LINE_RE.finditer(text):
        sp = _strip_span(text, m.start(), m.end())
        if sp:
            out.append(sp)
    return out


# --------------------------------------------------------------------------- sentences

# Languages pysbd has rules for; others fall back to the English rules.
_PYSBD_LANGS = frozenset(
    "en hi mr zh es am ar hy bg ur ru pl fa nl da fr my el it ja de kk sk".split()
)
_SEGMENTERS: dict[str, object] = {}


def _segmenter(lang: str):
    lang = lang if lang in _PYSBD_LANGS else "en"
    seg = _SEGMENTERS.get(lang)
    if seg is None:
        import pysbd

        seg = pysbd.Segmenter(language=lang, clean=False)
        _SEGMENTERS[lang] = seg
    return seg


@functools.cache
def _abbreviations(lang: str) -> frozenset[str]:
    """Abbreviations (without their stop, case folded) of the segmenter's lists for
    ``lang`` and for English, and a few short ones they lack. Not every language's
    lists: those hold everyday words of other languages ("aus", "pas", "mit")."""
    from pysbd.languages import LANGUAGE_CODES

    return (
        frozenset(
            a.casefold()
            for code in {lang, "en"}
            if (language := LANGUAGE_CODES.get(code)) is not None
            for a in getattr(getattr(language, "Abbreviation", None), "ABBREVIATIONS", ())
        )
        | _MORE_ABBREVIATIONS
    )


# Short abbreviations that stand before a capitalised word, some of them missing from
# the segmenter's lists (German capitalises nouns: "5 Tsd . Euro", "Hptm . Schmid").
_MORE_ABBREVIATIONS = frozenset(
    "nov capt gén dipl inkl ste sté éts réf vve succ liv cdt cne lcl avr juil déc mlle "
    "mgr bzw usw vgl ggf evtl hrsg ders ebd zit abb jh jhs jhdt dt frz engl ital span "
    "russ geb gest verh frl hr tsd aufl verf bez abt ausg anl beil ziff lfg komp btl "
    "oblt hptm gefr uffz fw kpt kapt pfr mk pfd ztr stck".split()
)
_VOWELS = frozenset("aeiouyàáâãäåæèéêëìíîïòóôõöøœùúûüý")


def _abbreviation(word: str, lang: str) -> bool:
    """True when a word of two to four letters before a stop may be an abbreviation:
    one of the lists', or a Latin-script word with no vowel ("Tsd", "Hptm", "cf")."""
    w = word.casefold()
    return w in _abbreviations(lang) or (w.isascii() and not _VOWELS.intersection(w))


def _pieces(text: str, lang: str) -> list[str]:
    try:
        return [str(s) for s in _segmenter(lang).segment(text)]
    except Exception:  # a rule-based segmenter can trip on odd input: keep the text whole
        return [text]


_WORD_RE = re.compile(r"\w")


def _has_word(chunk: str, start: int, end: int) -> bool:
    return _WORD_RE.search(chunk, start, end) is not None


# Sentence marks of the scripts the segmenter knows, and what may close a sentence
# after them (quotes of every style, brackets, full-width closers).
_MARKS = f".!?…{SCRIPT_MARKS}\u037e‼⁇⁈⁉．｡"
_CLOSERS = "'\"’”“‘»«›‹)\\]）》】」』"
# Closers that never open anything, so that one set apart by a space still closes
# the sentence before it.
_PURE_CLOSERS = "’”»)\\]）》】」』"

# A semicolon or colon that ends a clause (not a time, "10: 30"), with at least three
# words on either side before the next cut: a unit of its own, as translators often
# make it one.
_CLAUSE_END = re.compile(r"(?<!\d)[;:](?=\s)")
# A numbered item after a sentence mark the segmenter took for an abbreviation's
# ("bei etwa 7200 m.  21. Nördlich des ..."): the item starts a sentence.
_ITEM_AFTER_MARK = re.compile(r"(?<=[.!?])\s+(?=\d{1,3}\.\s+([^\W\d_]))")
# A sentence mark with closing quotes or brackets set apart by spaces (tokenised text:
# "kein Bär ! ' )  Gestern"), before a capitalised word.
_SPACED_CLOSE = re.compile(rf"[.!?](?:\s*['\"{_PURE_CLOSERS}])+\s+(?=([^\W\d_]))")
# A full stop set apart from a word of five letters or more (tokenised text) ends a
# sentence before a capitalised word, even where an odd quote (",Yeti '") made the
# segmenter think it was inside a quotation; shorter words may be abbreviations cut
# off their stop ("capt .", "Nov .").
_TOKEN_STOP = re.compile(r"(?<=[^\W\d_]{5})\s\.\s+(?=(?:[«\"„“‘(\[]\s*)?([^\W\d_]))")
# The same after a word of two to four letters that cannot be an abbreviation (see
# _abbreviation): "moyen âge .  Als", "Affe .  Il"; not "capt .  Smith", "Nov .  Der".
_SHORT_TOKEN_STOP = re.compile(r"(?<![\w.])([^\W\d_]{2,4})\s\.\s+(?=(?:[«\"„“‘(\[]\s*)?([^\W\d_]))")
# An ellipsis before a capitalised word ends a sentence ("… d' un ,yéti ' ...  Swami
# Pranavananda hat …"); inside one, a word in lower case follows ("um 13 Uhr ... der
# Gipfel").
_ELLIPSIS_STOP = re.compile(r"(?<=\S)\s?(?:\.{3,}|…)\s+(?=(?:[«\"„“‘(\[]\s*)?([^\W\d_]))")
# A unit of measure after a number takes no full stop but at a sentence's end
# ("stand Lager 2 bei 6100 m. Der Sturm ..."): a cut before the capitalised word.
_UNIT_STOP = re.compile(r"(?<=\d)\s?(?:m|km|cm|mm|kg|ft|mi)\.\s+(?=([^\W\d_]))")
_CLAUSE_MIN_WORDS = 3
_WORDS_RE = re.compile(r"[^\W\d_]+")

_BARE_ITEM = re.compile(r"^\W*\d{1,3}\s*[.)]$")  # "17." or "( 3 )" alone
_INITIAL_END = re.compile(r"(?<![\w.])([^\W\d_])\.$")  # "... I." (an initial)
_CLOSER_AFTER_CUT = re.compile(rf"[{_CLOSERS}]+(?=\s)|(?:\s*[{_PURE_CLOSERS}])+(?=\s)")
_NUMBERED_ITEM = re.compile(r"\d{1,3}\.(?!\d)")
_SPACED_SHORT_END = re.compile(r"(?<![\w.])[^\W\d_]{1,4}\s\.$")
_SHORT_END = re.compile(r"(?<![\w.])(?:\d+|[^\W\d_]{1,4})\.$")  # "6.", "ca.", "Abs."
# Abbreviations that stand before a number: "p. | 261-270", "S. | 81", "Nr. | 57".
_NUMBER_ABBREVIATION_END = re.compile(
    r"(?<![\w.])(?:p|pp|S|Nr|No|no|nr|vol|Vol|Bd|Abb|fig|Fig|art|Art|ca|env|cf|Tab)\.$"
)
# An item number the segmenter left at the end of the sentence before it
# ("… p. 261-270 . ) 18. | Dans mon livre", "disent ceci :  4. | Les expéditions"):
# it belongs to the next sentence. Only after a closing bracket or quote, or a
# colon ending a lead-in of _LIST_LEAD_WORDS words or more: "Jan. 5." is a date,
# "Final score: 3." a value.
_TRAILING_ITEM = re.compile(rf"(?:[.!?](?:\s*[{_PURE_CLOSERS}'\"])+|(:))\s+(\d{{1,3}}\.)$")
_LIST_LEAD_WORDS = 4
# An hour before its minutes: "A 20 h. | 30 ils étaient", "um 8 h . | 15".
_HOUR_END = re.compile(r"(?<![\w.])\d{1,2}\s?h\s?\.$")
_MINUTES = re.compile(r"[0-5]\d(?!\d)")
_ITEM_START = re.compile(r"(?:[a-z]|[ivx]{1,4})\s*[.)]\s")  # "b ) la", "ii. the"
_ENDS_SENTENCE = re.compile(rf"[{_MARKS}:;][{_CLOSERS}]*$")
# Words that start sentences far more often than surnames do: after "War I." or
# "plan B." they begin a new sentence, not the rest of a name.
_SENTENCE_STARTERS = frozenset(
    "the a an this that these it he she we they there in on at but and then "
    "der die das ein eine es er sie wir dann aber und im am "
    "le la les un une il elle ils nous on ce cette mais et puis en "
    "de het een dit dat hij zij wij maar en toen".split()
)
_TAIL = 80  # characters of the text before a cut that the mending rules look at


def _mended_cuts(chunk: str, cuts: list[int]) -> list[int]:
    """The segmenter's cuts without those no sentence boundary makes: after a piece that
    ends with no sentence mark ("am | 6. und"), before a lower-case word after a number or
    a short abbreviation ("6. | und"; not a lettered item, "b ) la"), before a number
    after a short word whose stop stands apart ("No . | 293"), between an hour and its
    minutes ("20 h. | 30"), after an item number
    alone ("17. | Si incroyable"), and between an initial and a name ("I. |
    McNaught-Davis"); a closing quote or bracket cut off its sentence goes back to it.
    Only the end of the text before a cut is looked at, so the cost stays linear."""
    if len(cuts) < 2:
        return list(cuts)
    out = [cuts[0]]
    cuts = list(cuts)
    for k in range(1, len(cuts) - 1):
        # a closing quote right after the sentence mark ends that sentence:
        # 'sagte: "Wir gehen.|" Dann' -> 'sagte: "Wir gehen."| Dann'
        if (m := _CLOSER_AFTER_CUT.match(chunk, cuts[k])) and cuts[k] + len(m[0]) < cuts[k + 1]:
            cuts[k] += len(m[0])
        prev = chunk[max(out[-1], cuts[k] - _TAIL) : cuts[k]].strip()
        nxt = chunk[cuts[k] : min(cuts[k + 1], cuts[k] + _TAIL)].lstrip()
        first = nxt[:1]
        lower = first.islower() and bool(_SHORT_END.search(prev)) and not _ITEM_START.match(nxt)
        # a short word with its stop set apart before a number: "No . | 293", "Nov . | 1956"
        cut_abbreviation = (
            first.isdigit()
            and bool(_SPACED_SHORT_END.search(prev) or _NUMBER_ABBREVIATION_END.search(prev))
            and not _NUMBERED_ITEM.match(nxt)  # "Lama . | 6. 1955 :" is a new item
        ) or (bool(_HOUR_END.search(prev)) and bool(_MINUTES.match(nxt)))
        bare_item = cuts[k] - out[-1] <= 12 and _BARE_ITEM.match(prev)
        if lower or cut_abbreviation or bare_item or not _ENDS_SENTENCE.search(prev):
            continue
        if (
            first.isupper()
            and (m := _INITIAL_END.search(prev))
            and m[1].isupper()
            and _WORDS_RE.match(nxt)
            and _WORDS_RE.match(nxt)[0].casefold() not in _SENTENCE_STARTERS
        ):
            continue
        if (
            first.isupper()
            and (m := _TRAILING_ITEM.search(chunk, max(out[-1], cuts[k] - _TAIL), cuts[k]))
            and (not m[1] or len(_WORDS_RE.findall(chunk, out[-1], m.start())) >= _LIST_LEAD_WORDS)
        ):
            cuts[k] = m.start(2)  # the item number goes with the sentence it numbers
        out.append(cuts[k])
    out.append(cuts[-1])
    return out


_OPEN_BRACKET = re.compile(r"[(\[]")
_CLOSE_BRACKET = re.compile(r"[)\]]")


def _clause_cuts(chunk: str, cuts: list[int], lang: str = "en") -> list[int]:
    """``cuts`` with more cuts inside each piece: at a semicolon or colon between clauses,
    before a numbered item after a stop, after a unit after a number, after spaced-apart
    closers, after an ellipsis before a capital, and after a stop set apart from a long
    word, or from a short one that is
    no abbreviation in ``lang`` (see the patterns above), each only with three words or
    more on either side before the next cut."""
    out = [cuts[0]]
    for a, b in pairwise(cuts):
        last = a
        ends = [m.end() for m in _CLAUSE_END.finditer(chunk, a, b)]
        if ends and (opens := [m.start() for m in _OPEN_BRACKET.finditer(chunk, a, b)]):
            # a colon or semicolon inside brackets ends no clause: "( wir würden sagen :
            # braunen )" (the mark is the character before each end)
            closes = [m.start() for m in _CLOSE_BRACKET.finditer(chunk, a, b)]
            ends = [
                e
                for e in ends
                if bisect.bisect_left(opens, e - 1) <= bisect.bisect_left(closes, e - 1)
            ]
        ends += [m.start() for m in _ITEM_AFTER_MARK.finditer(chunk, a, b) if m[1].isupper()]
        ends += [
            m.end()
            for rx in (_UNIT_STOP, _SPACED_CLOSE, _TOKEN_STOP, _ELLIPSIS_STOP)
            for m in rx.finditer(chunk, a, b)
            if m[1].isupper()
        ]
        ends += [
            m.end()
            for m in _SHORT_TOKEN_STOP.finditer(chunk, a, b)
            if m[2].isupper() and not _abbreviation(m[1], lang)
        ]
        if not ends:
            out.append(b)
            continue
        starts = [m.start() for m in _WORDS_RE.finditer(chunk, a, b)]
        for end in sorted(set(ends)):
            before = bisect.bisect_left(starts, end) - bisect.bisect_left(starts, last)
            after = len(starts) - bisect.bisect_left(starts, end)
            if before >= _CLAUSE_MIN_WORDS and after >= _CLAUSE_MIN_WORDS:
                out.append(end)
                last = end
        out.append(b)
    return out


def split_sentences(text: str, span: Span, lang: str = "en") -> list[Span]:
    """Sentence spans inside ``span``.

    The segmenter proposes pieces; only their end positions are used, located in the
    original text, so the sentences always cover the span with nothing but whitespace
    between them, whatever the segmenter does to the characters. Its cuts are then
    mended (:func:`_mended_cuts`) and more are added at clause ends and at sentence
    ends it missed (:func:`_clause_cuts`).
    """
    chunk = span.slice(text)
    cuts = [0]
    pos = 0
    for piece in _pieces(chunk, lang):
        core = piece.strip()
        if not core:
            continue
        found = chunk.find(core, pos)
        if found < 0:
            continue
        pos = found + len(core)
        cuts.append(pos)
    if cuts[-1] != len(chunk):
        cuts.append(len(chunk))
    cuts = _clause_cuts(chunk, _mended_cuts(chunk, cuts), lang)
    # A piece with no letter or digit (a closing quote or bracket the segmenter split
    # off) belongs to the sentence before it.
    cuts = [
        c for k, c in enumerate(cuts) if k in (0, len(cuts) - 1) or _has_word(chunk, c, cuts[k + 1])
    ]
    if len(cuts) > 2 and not _has_word(chunk, cuts[0], cuts[1]):
        del cuts[1]  # a leading piece of punctuation joins the first sentence
    out = []
    for a, b in pairwise(cuts):
        sp = _strip_span(text, span.start + a, span.start + b)
        if sp:
            out.append(sp)
    return out


# --------------------------------------------------------------------------- documents


def make_document(
    text: str,
    path: str | None = None,
    *,
    lang: str | None = None,
    presplit: bool | None = None,
    tag: bool = True,
    encoding: str = "utf-8",
) -> Document:
    """Build a :class:`Document` from decoded text: paragraphs, language, sentences.

    ``presplit`` reads one sentence per line (paragraphs are still blank-line blocks);
    ``None`` decides from the text (:func:`sentence_per_line`).
    ``lang`` forces the document language; otherwise it is detected when ``tag`` is true.
    """
    if not text.strip():
        raise InputError(f"{path or '<text>'}: the document is empty")
    if presplit is None:
        presplit = sentence_per_line(text, lang)
    doc = Document(text=text, path=path, encoding=encoding, presplit=presplit)
    if presplit:
        doc.paragraphs = _blocks(text, 0, len(text))
    else:
        doc.paragraphs = split_paragraphs(text)
    if tag:
        from .langid import tag_document

        tag_document(doc, lang=lang)
    elif lang:
        doc.lang, doc.lang_confidence = lang, 1.0
    seg_lang = doc.lang if doc.lang != "und" else "en"
    sentences: list[Sentence] = []
    for i, p in enumerate(doc.paragraphs):
        if presplit:
            units = [
                sp
                for m in _LINE_RE.finditer(text, p.start, p.end)
                if (sp := _strip_span(text, m.start(), m.end()))
            ]
        else:
            units = split_sentences(text, p, seg_lang)
        sentences.extend(Sentence(u, i) for u in units)
    doc.sentences = sentences
    return doc


def load_document(
    path: str | Path,
    *,
    encoding: str | None = None,
    lang: str | None = None,
    presplit: bool | None = None,
    tag: bool = True,
) -> Document:
    """Load a ``.txt``/``.md`` file (or ``"-"`` for standard input) as a :class:`Document`."""
    path = str(path)
    text, used = read_input(path, encoding)
    return make_document(text, path, lang=lang, presplit=presplit, tag=tag, encoding=used)


def load_pair(
    source: str | Path,
    target: str | Path,
    *,
    encoding: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
    presplit: bool | None = None,
) -> tuple[Document, Document]:
    """The two files of a comparison (:func:`load_document`), read alike when the
    reading is left to the text (:func:`agree_layouts`; a reading forced by
    ``presplit`` is the same for both already)."""
    src = load_document(source, encoding=encoding, lang=source_lang, presplit=presplit)
    tgt = load_document(target, encoding=encoding, lang=target_lang, presplit=presplit)
    return agree_layouts(src, tgt, source_lang, target_lang)


def agree_layouts(
    source: Document,
    target: Document,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> tuple[Document, Document]:
    """Two versions of one text, one read one sentence per line and the other not: the
    other is read that way too when its blank-line blocks alone would be (see
    :func:`sentence_per_line`, ``blocks_only``) and that does not take its sentence
    count clearly further from the other side's, though its lines looked less like
    single sentences (a list of "Makalu , 8481 m. Chef J.Franco ;" lines). Only for
    readings decided from the text; ``*_lang`` are the languages the caller gave,
    if any."""
    if source.presplit == target.presplit:
        return source, target

    def reread(doc: Document, lang: str | None, other: Document) -> Document:
        if not sentence_per_line(doc.text, doc.lang, blocks_only=True):
            return doc
        new = make_document(
            doc.text,
            doc.path,
            lang=lang,
            presplit=True,
            tag=bool(doc.paragraph_langs),  # as it was built
            encoding=doc.encoding,
        )
        want = len(other.sentences)
        # lines that are whole paragraphs (a heading over one in each block) would
        # turn paragraphs into sentences, taking the count clearly further from the
        # other side's: not its reading after all (a sentence or two either way, or a
        # tenth, is what translation does to a count)
        slack = max(2, want // 10)
        if abs(len(new.sentences) - want) > abs(len(doc.sentences) - want) + slack:
            return doc
        return new

    if source.presplit:
        return source, reread(target, target_lang, source)
    return reread(source, source_lang, target), target


def iter_units(doc: Document) -> Iterable[Span]:
    """All paragraph and sentence spans of ``doc`` (for invariant checks)."""
    yield from doc.paragraphs
    for s in doc.sentences:
        yield s.span
