"""Lexical evidence that survives translation: numbers and names.

A translation changes almost every word of a sentence, but a few things come
through untouched or nearly so: numbers (written in the local format), dates,
proper names (spelled the local way), acronyms, URLs, e-mail addresses,
hashtags and mentions.  This module finds them, puts each into a comparable
form, and compares two aligned segments:

* :func:`compare_numbers` / :func:`compare_names` give the translation-QA
  checker its ``number_mismatch`` and ``name_mismatch`` evidence;
* :func:`lexical_profile` / :func:`profile_similarity` (and the one-shot
  :func:`lexical_similarity`) give the sentence aligner a cheap extra
  similarity signal for short segments.

Both comparisons lean towards silence: a difference is reported only when no
reasonable reading makes the two sides agree (either locale reading of
``2.500``, an exonym, a transliteration, the other text's plain words).  An
editor who sees an alarm should find a real difference behind it.

Languages with rules of their own: English, Dutch, German and French (month
names, written-out numbers, decimal and thousands separators).  Other
languages get the language-neutral part (digits, dates in digits, acronyms,
capitalised names, URLs...).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise
from typing import Any

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

__all__ = [
    "LexicalDiff",
    "LexicalProfile",
    "NameDiff",
    "NumberDiff",
    "Token",
    "compare_names",
    "compare_numbers",
    "count_rephrased",
    "extract_names",
    "extract_numbers",
    "lexical_profile",
    "lexical_similarity",
    "names_match",
    "profile_similarity",
]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Token:
    """A number or name found in a text.

    Attributes:
        kind: ``number``, ``name``, ``acronym``, ``url``, ``email``, ``hashtag``,
            ``mention``; ``word`` only in :attr:`LexicalDiff.matched`, for a plain
            word of the other text that accounts for a name.
        text: as written; always ``text[start:end]`` of the text it came from.
        value: the normalised comparable key (``2500``, ``3.5``, ``50%``,
            ``2024-03-31``, ``--03-31`` (no year), ``2024-03``, ``05:12``, ``3.``
            (ordinal), ``putin``...).
        start: offset of the first character.
        end: offset after the last character.
        alts: other readings that also count as a match (``2,500`` is 2500 in
            English and 2.5 in Dutch; ``03/04/2024`` may be 3 April or 4 March).
    """

    kind: str
    text: str
    value: str
    start: int
    end: int
    alts: tuple[str, ...] = ()

    @property
    def keys(self) -> frozenset[str]:
        """Every value this token may stand for."""
        return frozenset((self.value, *self.alts))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "text": self.text,
            "value": self.value,
            "start": self.start,
            "end": self.end,
        }
        if self.alts:
            out["alts"] = list(self.alts)
        return out


@dataclass(frozen=True)
class LexicalDiff:
    """What one segment has that the other lacks.

    Attributes:
        missing: tokens of the source with no counterpart in the target.
        extra: tokens of the target with no counterpart in the source.
        matched: ``(source token, target token)`` pairs that agree.
    """

    missing: list[Token]
    extra: list[Token]
    matched: list[tuple[Token, Token]]

    @property
    def ok(self) -> bool:
        """True when nothing is missing and nothing is extra."""
        return not self.missing and not self.extra

    def to_dict(self) -> dict[str, Any]:
        return {
            "missing": [t.to_dict() for t in self.missing],
            "extra": [t.to_dict() for t in self.extra],
            "matched": [[s.to_dict(), t.to_dict()] for s, t in self.matched],
        }


@dataclass(frozen=True)
class NumberDiff(LexicalDiff):
    """The outcome of :func:`compare_numbers`."""


@dataclass(frozen=True)
class NameDiff(LexicalDiff):
    """The outcome of :func:`compare_names`."""


# --------------------------------------------------------------------------- helpers


def _lang(lang: str | None) -> str | None:
    """``en-GB`` -> ``en``; ``None`` stays ``None``."""
    if not lang:
        return None
    return lang.replace("_", "-").split("-")[0].lower() or None


@lru_cache(maxsize=1 << 16)
def _strip_accents(word: str) -> str:
    """Lower case without diacritics (``Fünf`` -> ``funf``), for word look-ups."""
    word = word.lower().replace("ß", "ss")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    """ASCII lower case (``Syrië`` -> ``syrie``, ``Путин`` -> ``putin``), spaces collapsed."""
    out = text if text.isascii() else anyascii(text)
    return " ".join(out.lower().split())


def _fmt(d: Decimal) -> str:
    """``Decimal('2.500E+3')`` -> ``2500``, ``Decimal('3.50')`` -> ``3.5``."""
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


# Languages writing 2,500 for two thousand five hundred; the others write 2.500.
_COMMA_THOUSANDS = frozenset({"en", "zh", "ja", "ko", "he", "th", "hi", "ms", "tl", "ga"})

_HS = r"[^\S\r\n]"  # horizontal white space, NBSP and narrow NBSP included
_GROUP_SP = "[ \u00a0\u202f\u2009]"  # white space used as a thousands separator


# --------------------------------------------------------------------------- months

# fmt: off
_MONTH_NAMES: dict[str, tuple[str, ...]] = {
    # Capitalised languages first; nl and fr write months in lower case.
    "en": (
        "January Jan", "February Feb", "March Mar", "April Apr", "May", "June Jun",
        "July Jul", "August Aug", "September Sep Sept", "October Oct", "November Nov",
        "December Dec",
    ),
    "de": (
        "Januar Jänner Jan Jän", "Februar Feber Feb", "März Maerz Mrz", "April Apr", "Mai",
        "Juni", "Juli", "August Aug", "September Sep Sept", "Oktober Okt",
        "November Nov", "Dezember Dez",
    ),
    "nl": (
        "januari jan", "februari feb", "maart mrt", "april apr", "mei", "juni jun",
        "juli jul", "augustus aug", "september sep sept", "oktober okt",
        "november nov", "december dec",
    ),
    "fr": (
        "janvier janv", "février fevrier févr fevr", "mars", "avril avr", "mai",
        "juin", "juillet juil", "août aout", "septembre sept", "octobre oct",
        "novembre nov", "décembre decembre déc dec",
    ),
}
# fmt: on


def _month_forms() -> dict[str, int]:
    forms: dict[str, int] = {}
    for lang, months in _MONTH_NAMES.items():
        for number, names in enumerate(months, start=1):
            for name in names.split():
                variants = {name, name.upper()}
                if lang in ("nl", "fr"):
                    variants |= {name.lower(), name.capitalize()}
                for v in variants:
                    forms[v] = number
                    if len(v) <= 5 and v.lower() not in ("mai", "mei", "mars", "juin", "juni"):
                        forms[v + "."] = number  # abbreviation with its dot
    return forms


_MONTHS = _month_forms()
_MONTH_RE = "(?:" + "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True)) + ")"

# Month and weekday names are capitalised in English and German but are not names.
_CALENDAR_WORDS = frozenset(
    _strip_accents(w)
    for w in (
        *(n for names in _MONTH_NAMES.values() for group in names for n in group.split()),
        "monday tuesday wednesday thursday friday saturday sunday",
        "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
        "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag",
        "lundi mardi mercredi jeudi vendredi samedi dimanche",
    )
    for w in w.split()
)


# --------------------------------------------------------------------------- number regex

_CORE = (
    rf"\d{{1,3}}(?:(?:[,.'’]|{_GROUP_SP})\d{{3}})+(?:[.,]\d+)?(?!\d)"
    r"|\d+(?:[.,]\d+)?(?!\d)"
)
_DAY_WORD_SUFFIX = r"(?:st|nd|rd|th|ère|ème|er|re|ste|de|e)"
_SCALE_WORDS = (
    r"thousand|duizend|tausend|tsd\.?|mille|millions?|miljoen|millionen|mio\.?|mln\.?"
    r"|milliards?|milliarden?|miljard|mrd\.?|bn|billions?|billionen|biljoen|trillions?"
)
_PCT_WORDS = (
    rf"procent|percent|per{_HS}cent|prozent|pour{_HS}?cent|por{_HS}ciento|per{_HS}cento|pct\.?"
)
_NO_NUM_AFTER = r"(?!\w|[.,/:-]\d)"  # a date or time is not followed by more digits

_NUM_RE = re.compile(
    # A cheap guard first: every match starts at a digit, a currency sign or code, or a
    # month name followed by a digit; other positions fail here at once (2-3x faster).
    r"(?=\d|[½¼¾$€£¥₹₽₺]|(?:US|A|C|HK|NZ)\$|USD|EUR|GBP|CHF|JPY|[^\W\d_]{3,9}"
    rf"(?:{_HS}?\.)?{_HS}+\d)(?:"
    # ISO-like dates: 2024-03-31, 2024/03/31
    rf"(?<![\w.,/:-])(?P<iso_y>\d{{4}})(?P<iso_s>[-/.])(?P<iso_m>[01]?\d)(?P=iso_s)"
    rf"(?P<iso_d>[0-3]?\d){_NO_NUM_AFTER}"
    # 31/03/2024, 31-03-2024, 31.03.2024, 31/03/24 (two-digit years only with '/')
    rf"|(?<![\w.,/:-])(?P<dmy_a>[0-3]?\d)(?P<dmy_s>[-/.])(?P<dmy_b>[0-3]?\d)(?P=dmy_s)"
    rf"(?P<dmy_y>\d{{4}}|(?<=/)\d{{2}}){_NO_NUM_AFTER}"
    # 31 March 2024, 31. März 2024, 9.Mai, 1er mars, the 31st of March
    rf"|(?<![\w.,])(?P<td_d>[0-3]?\d)(?:\.{_HS}*|{_DAY_WORD_SUFFIX}?{_HS}+)(?:of{_HS}+)?"
    rf"(?P<td_m>{_MONTH_RE})(?!\w)(?:,?{_HS}+(?P<td_y>\d{{4}})(?!\w))?"
    # March 31, 2024 / March 31st / March 2024 / Nov . 1956 (tokenised abbreviation)
    rf"|(?<!\w)(?P<md_m>{_MONTH_RE})(?:{_HS}\.)?{_HS}+(?:(?P<md_d>[0-3]?\d)(?:st|nd|rd|th)?{_NO_NUM_AFTER}"
    rf"(?:,?{_HS}+(?P<md_y>\d{{4}})(?!\w))?|(?P<my_y>\d{{4}})(?!\w))"
    # 05:12, 5:12 pm, 05h12, 14u30
    rf"|(?<![\w.,:])(?P<t1_h>[0-2]?\d)(?:[:h]|u(?=\d))(?P<t1_m>[0-5]\d)(?::[0-5]\d)?"
    rf"{_NO_NUM_AFTER}(?:{_HS}?(?P<t1_x>uur|Uhr|u\.|h(?!\w)|[ap]\.m\.|[AaPp][Mm](?!\w)))?"
    # 5.12 uur, 17.30 Uhr
    rf"|(?<![\w.,:])(?P<t2_h>[0-2]?\d)\.(?P<t2_m>[0-5]\d){_HS}?(?P<t2_x>uur|Uhr|u\.?|h)(?!\w)"
    # 5 pm, 5pm, 5 a.m.
    rf"|(?<![\w.,:])(?P<ap_h>1[0-2]|0?\d){_HS}?(?P<ap_x>[ap]\.m\.|[AaPp][Mm](?!\w))"
    # 13 h 30, 15 h. 30 (French, tokenised)
    rf"|(?<![\w.,:])(?P<t4_h>[0-2]?\d){_HS}?h\.?{_HS}?(?P<t4_m>[0-5]\d)(?!\w|[.,]\d)"
    # 10 uur, 10 Uhr, 10 o'clock, 15h
    rf"|(?<![\w.,:])(?P<t3_h>[0-2]?\d){_HS}?(?P<t3_x>uur|Uhr|o['’]clock|h)(?!\w)"
    # 1 ½, ¾
    rf"|(?<![\w.,])(?:(?P<fr_i>\d+){_HS}?)?(?P<fr_f>[½¼¾])"
    # numbers: $2.5 million, 2 500, 3,5 %, 50 procent, 1st, 3e, 3. (de ordinal); after an
    # abbreviation glued to it too: S.298, Nr.57, ca.7315
    r"|(?P<cur>(?:US|A|C|HK|NZ)?\$|[€£¥₹₽₺]|(?<!\w)(?:USD|EUR|GBP|CHF|JPY)"
    rf"{_HS}?)?(?:(?<![\w.,])|(?<=[^\W\d_]\.))(?P<n>{_CORE})"
    rf"(?:(?P<pct>{_HS}?[%‰]|{_HS}(?i:{_PCT_WORDS})(?!\w))"
    r"|(?P<ord>(?:st|nd|rd|th|ste|de|ère|ème|eme|er|re|e)(?!\w))"
    rf"|(?P<sc>(?:{_HS}|-)?(?P<scw>(?i:{_SCALE_WORDS}))(?!\w))"
    rf"|(?P<dot>\.(?={_HS}+[^\W\d_])))?"
    rf"(?P<cur2>{_HS}?[€$£¥₹₽₺](?!\w))?"
    r")"
)

_DIGIT_RE = re.compile(r"\d")
_DIGITS_RE = re.compile(r"\d+")
_CLOCK_LIKE_RE = re.compile(r"(\d{1,2})\.(\d{2})")
_PCT_AFTER = re.compile(rf"{_HS}?(?:%|(?i:{_PCT_WORDS})(?!\w))")

# fmt: off
_SCALES: dict[str, int] = {
    "thousand": 10**3, "duizend": 10**3, "tausend": 10**3, "tsd": 10**3, "mille": 10**3,
    "million": 10**6, "millions": 10**6, "miljoen": 10**6, "millionen": 10**6,
    "mio": 10**6, "mln": 10**6,
    "milliard": 10**9, "milliards": 10**9, "milliarde": 10**9, "milliarden": 10**9,
    "miljard": 10**9, "mrd": 10**9, "bn": 10**9,
    "billion": 10**9, "billions": 10**9,  # English; German and French: see _scale()
    "billionen": 10**12, "biljoen": 10**12, "trillion": 10**12, "trillions": 10**12,
}
# fmt: on


def _scale(word: str, lang: str | None) -> tuple[int, tuple[int, ...]]:
    """Multiplier of a scale word and, when the language leaves it open, other readings."""
    key = word.lower().rstrip(".")
    if key in ("billion", "billions"):
        if lang in ("de", "fr", "nl", "es", "it"):
            return 10**12, ()
        if lang is None:  # "Billion" (capital, German noun) or English "billion"
            return (10**12, (10**9,)) if word[0].isupper() else (10**9, (10**12,))
    return _SCALES[key], ()


def _parse_core(s: str, lang: str | None) -> tuple[Decimal, tuple[Decimal, ...]]:
    """Read a digit string with separators; second item: other plausible readings."""
    seps = re.findall(r"\D", s)
    parts = re.split(r"\D", s)
    if not seps:
        return Decimal(s), ()
    if len(seps) == 1:
        sep, (a, b) = seps[0], parts
        if sep not in ".,":  # space or apostrophe: only ever a thousands separator
            return Decimal(a + b), ()
        if len(b) == 3 and len(a) <= 3 and a != "0":
            # 2,500 / 2.500: thousands or decimals, the language decides, the other reading
            # stays available for the comparison.
            thousands, decimal = Decimal(a + b), Decimal(f"{a}.{b}")
            comma_lang = lang in _COMMA_THOUSANDS
            dot_lang = lang is not None and not comma_lang
            first_is_thousands = not dot_lang if sep == "," else not comma_lang
            if first_is_thousands:
                return thousands, (decimal,)
            return decimal, (thousands,)
        return Decimal(f"{a}.{b}"), ()
    if all(x == seps[0] for x in seps) and len(parts[-1]) == 3:
        return Decimal("".join(parts)), ()  # 2,500,000 or 2.500.000 or 2 500 000
    # Mixed separators: the last one is the decimal mark (1,234.5 / 1.234,5 / 1 234,5).
    return Decimal("".join(parts[:-1]) + "." + parts[-1]), ()


# --------------------------------------------------------------------------- written numbers

_UNITS = {
    "en": "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen",
    "nl": "nul een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien "
    "vijftien zestien zeventien achttien negentien",
    "de": "null eins zwei drei vier funf sechs sieben acht neun zehn elf zwolf dreizehn "
    "vierzehn funfzehn sechzehn siebzehn achtzehn neunzehn",
    "fr": "zero un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze "
    "quinze seize dix-sept dix-huit dix-neuf",
}
_TENS = {
    "en": "twenty thirty forty fifty sixty seventy eighty ninety",
    "nl": "twintig dertig veertig vijftig zestig zeventig tachtig negentig",
    "de": "zwanzig dreissig vierzig funfzig sechzig siebzig achtzig neunzig",
    "fr": "vingt trente quarante cinquante soixante",
}
_HUNDRED = {"en": "hundred", "nl": "honderd", "de": "hundert", "fr": "cent"}
_THOUSAND = {"en": "thousand", "nl": "duizend", "de": "tausend", "fr": "mille"}
# fmt: off
_WORD_SCALES = {
    "en": {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9,
           "trillion": 10**12},
    "nl": {"honderd": 100, "duizend": 10**3, "miljoen": 10**6, "miljard": 10**9,
           "biljoen": 10**12},
    "de": {"hundert": 100, "tausend": 10**3, "million": 10**6, "millionen": 10**6,
           "milliarde": 10**9, "milliarden": 10**9, "billion": 10**12, "billionen": 10**12},
    "fr": {"cent": 100, "cents": 100, "mille": 10**3, "million": 10**6, "millions": 10**6,
           "milliard": 10**9, "milliards": 10**9, "billion": 10**12, "billions": 10**12},
}
# fmt: on
# "a"/"one" words: articles in every language here, so a lone 1 is never read from words,
# and a 1 in digits is not reported missing when the other side has one of these.
_ONE_WORDS = frozenset("one a an een ein eine einen einem einer eines eins un une uno una".split())
_ONE_RE = re.compile(r"(?i)(?<!\w)(?:one|an?|e[eé]n|één|ein(?:e[nmrs]?|s)?|une?|un[oa])(?!\w)")
_CONNECTORS = frozenset({"and", "en", "und", "et"})
# Words that are a number in one language and a common word in another: only read
# when the text's language is known ("ten" is a Dutch preposition, "onze" Dutch for
# "our", "seize" an English verb, "cent" an English coin...).
_AMBIGUOUS_NUMBER_WORDS = frozenset(
    {"ten", "onze", "seize", "sept", "cent", "cents", "null", "nul", "billion", "billions"}
)


def _number_words() -> dict[str | None, dict[str, int]]:
    tables: dict[str | None, dict[str, int]] = {}
    for lang in ("en", "nl", "de", "fr"):
        units = _UNITS[lang].split()
        d = {w: i for i, w in enumerate(units)}
        tens = dict(zip(range(20, 100, 10), _TENS[lang].split()))
        for t, tw in tens.items():
            d[tw] = t
            for u in range(1, 10):
                if lang == "en":
                    d[f"{tw}-{units[u]}"] = t + u
                elif lang == "nl":
                    uw = units[u]
                    d[f"{uw}{'e' if uw.endswith('e') else ''}n{tw}"] = t + u
                    d[f"{uw}en{tw}"] = t + u
                elif lang == "de":
                    d[f"{'ein' if u == 1 else units[u]}und{tw}"] = t + u
                else:
                    d[f"{tw}-et-un" if u == 1 else f"{tw}-{units[u]}"] = t + u
        if lang == "fr":
            d["soixante-dix"] = 70
            d["soixante-et-onze"] = 71
            for u in range(2, 10):
                d[f"soixante-{units[10 + u]}"] = 70 + u
            d["quatre-vingt"] = d["quatre-vingts"] = 80
            for u in range(1, 20):
                d[f"quatre-vingt-{units[u]}"] = 80 + u
        if lang in ("nl", "de"):
            # Closed compounds: tweehonderd(vijftig), zweihundert(fünfzig), tweeduizend...
            below_100 = {w: v for w, v in d.items() if 0 < v < 100}
            below_100["een" if lang == "nl" else "ein"] = 1
            hundred, thousand = _HUNDRED[lang], _THOUSAND[lang]
            for h in range(1, 10):
                heads = [units[h]] if h > 1 else ["", "een" if lang == "nl" else "ein"]
                for head in heads:
                    d[head + hundred] = 100 * h
                    for w, v in below_100.items():
                        d[head + hundred + w] = 100 * h + v
            for w, v in below_100.items():
                d[w + thousand] = 1000 * v
            d[thousand] = 1000
        if lang == "de":
            d["zwo"], d["fuenf"], d["zwoelf"], d["dreissig"] = 2, 5, 12, 30
            d["fuenfzehn"], d["fuenfzig"] = 15, 50
        tables[lang] = d
    union: dict[str, int] = {}
    clash: set[str] = set()
    for d in tables.values():
        for w, v in d.items():
            if union.get(w, v) != v:
                clash.add(w)
            union[w] = v
    tables[None] = {w: v for w, v in union.items() if w not in clash | _AMBIGUOUS_NUMBER_WORDS}
    return tables


_NUMBER_WORDS = _number_words()
_SCALE_BY_LANG: dict[str | None, dict[str, int]] = {k: v for k, v in _WORD_SCALES.items()}
_SCALE_BY_LANG[None] = {
    w: v for d in _WORD_SCALES.values() for w, v in d.items() if w not in _AMBIGUOUS_NUMBER_WORDS
}
# A bare scale word is a number on its own in nl/de/fr ("honderd mensen"); English
# says "a hundred" (handled as article + scale).
_BARE_SCALES = frozenset({"honderd", "duizend", "hundert", "tausend", "mille", "cent"})

_WORD_RE = re.compile(r"[^\W_](?:\w|['’](?=[^\W_])|[-‐‑](?=[^\W_]))*")


# --------------------------------------------------------------------------- extract_numbers


def _time_value(h: int, m: int) -> str:
    return f"{h:02d}:{m:02d}"


def _date_value(y: int | None, m: int, d: int | None) -> str | None:
    if not 1 <= m <= 12 or (d is not None and not 1 <= d <= 31):
        return None
    if d is None:
        return f"{y:04d}-{m:02d}" if y is not None else None
    return f"{y:04d}-{m:02d}-{d:02d}" if y is not None else f"--{m:02d}-{d:02d}"


def _regex_number(m: re.Match[str], lang: str | None, text: str) -> list[Token]:
    """Turn one match of :data:`_NUM_RE` into tokens (one, or the bare numbers of a bad date)."""
    g = m.group
    start, end = m.start(), m.end()
    value: str | None = None
    alts: tuple[str, ...] = ()
    if g("iso_y"):
        value = _date_value(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
    elif g("dmy_a"):
        a, b, y = int(g("dmy_a")), int(g("dmy_b")), g("dmy_y")
        year = int(y) if len(y) == 4 else 2000 + int(y) if int(y) < 50 else 1900 + int(y)
        if b > 12 >= a:  # only month/day reads (US style)
            a, b = b, a
        value = _date_value(year, b, a)
        if value and a <= 12 and a != b:  # 03/04/2024: 3 April or 4 March
            alts = tuple(v for v in (_date_value(year, a, b),) if v)
    elif g("td_d"):
        y = int(g("td_y")) if g("td_y") else None
        value = _date_value(y, _MONTHS[g("td_m")], int(g("td_d")))
    elif g("md_m"):
        month = _MONTHS[g("md_m")]
        if g("my_y"):
            # "avril 1956" for an issue the other side calls "1956": the year alone agrees
            value, alts = _date_value(int(g("my_y")), month, None), (str(int(g("my_y"))),)
        else:
            y = int(g("md_y")) if g("md_y") else None
            value = _date_value(y, month, int(g("md_d")))
    elif g("t1_h"):
        h, mi = int(g("t1_h")), int(g("t1_m"))
        marker = (g("t1_x") or "").lower().replace(".", "")
        if marker == "pm" and h < 12:
            h += 12
        elif marker == "am" and h == 12:
            h = 0
        if h <= 24:
            value = _time_value(h, mi)
    elif g("t2_h"):
        h, mi = int(g("t2_h")), int(g("t2_m"))
        if h <= 24:
            value = _time_value(h, mi)
    elif g("ap_h"):
        marker = g("ap_x").lower().replace(".", "")
        if g("ap_x") == "am" and lang == "de":
            # German "am" is a preposition ("um 5 am Morgen"): keep the bare number.
            return _bare_numbers(text, *m.span("ap_h"), scanned=m.string)
        h = int(g("ap_h")) % 12 + (12 if marker == "pm" else 0)
        value, alts = _time_value(h, 0), (str(int(g("ap_h"))),)
    elif g("t4_h"):
        h, mi = int(g("t4_h")), int(g("t4_m"))
        if h <= 24:
            value = _time_value(h, mi)
    elif g("t3_h"):
        h = int(g("t3_h"))
        if h <= 24:  # "10 uur" is a time and a duration: keep the plain number too
            value, alts = _time_value(h, 0), (str(h),)
    elif g("fr_f"):
        whole = Decimal(g("fr_i") or 0) + _FRACTIONS[g("fr_f")]
        value = _fmt(whole)
    else:
        tok = _plain_number(m, lang, text)
        return [tok] if tok is not None else []
    if value is None:  # 32 March, 31/13/2024, 25 uur: not a date or time, still numbers
        return _bare_numbers(text, start, end, scanned=m.string)
    return [Token("number", text[start:end], value, start, end, alts)]


def _bare_numbers(text: str, start: int, end: int, scanned: str | None = None) -> list[Token]:
    """Each run of digits in ``text[start:end]`` as a plain number.

    ``scanned`` is the text the digits are read from when it differs from ``text``
    (OCR repairs of the same length); the token text always comes from ``text``.
    """
    return [
        Token("number", text[d.start() : d.end()], str(int(d.group())), d.start(), d.end())
        for d in _DIGITS_RE.finditer(scanned or text, start, end)
    ]


_FRACTIONS = {"½": Decimal("0.5"), "¼": Decimal("0.25"), "¾": Decimal("0.75")}
# "1952/53", "1954-55": the short second year of a range stands for the full one.
_YEAR_RANGE_BEFORE = re.compile(r"(?<!\d)(1[0-9]|20)(\d\d)[/–-]$")
# "1'" is OCR for the French article "l'" (1'«Human Interest», de 1' officier).
_OCR_ONE_APOSTROPHE = re.compile(r"['’](?!\d)")


def _plain_number(m: re.Match[str], lang: str | None, text: str) -> Token | None:
    g = m.group
    core = g("n")
    scanned = m.string
    if (
        core == "1"
        and not (g("cur") or g("pct") or g("ord") or g("sc") or g("dot") or g("cur2"))
        and _OCR_ONE_APOSTROPHE.match(scanned, m.end())
    ):
        return None
    first, others = _parse_core(core, lang)  # the regex lets only digits and separators in
    readings = [first, *others]
    start, end = m.start(), m.end()
    if g("sc"):
        factor, other_factors = _scale(g("scw"), lang)
        readings = [r * f for r in readings for f in (factor, *other_factors)]
    texts = list(dict.fromkeys(_fmt(r) for r in readings))
    if g("pct"):
        texts = [t + "%" for t in texts]
    elif g("ord") or (g("dot") and lang == "de"):
        # 1st = 1e = 1er = 1. ; an ordinal also matches the bare number.
        texts = [texts[0] + ".", texts[0]]
    else:
        if g("dot"):
            end = m.start("dot")
        hm = _CLOCK_LIKE_RE.fullmatch(core)
        if hm and int(hm.group(1)) <= 24 and int(hm.group(2)) <= 59:
            texts.append(_time_value(int(hm.group(1)), int(hm.group(2))))  # 12.30 = 12:30
        if len(core) == 2 and not g("cur"):
            yr = _YEAR_RANGE_BEFORE.search(scanned, max(0, m.start("n") - 5), m.start("n"))
            if yr and int(core) > int(yr.group(2)):
                texts.append(yr.group(1) + core)  # 1952/53: 1953
    return Token("number", text[start:end], texts[0], start, end, tuple(texts[1:]))


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _word_numbers(text: str, lang: str | None, taken: list[tuple[int, int]]) -> list[Token]:
    """Written-out numbers: ``three``, ``vijfentwintig``, ``vingt et un``, ``a hundred``."""
    table = _NUMBER_WORDS.get(lang, _NUMBER_WORDS[None])
    scales = _SCALE_BY_LANG.get(lang, _SCALE_BY_LANG[None])
    words = [(w.start(), w.end(), _strip_accents(w.group())) for w in _WORD_RE.finditer(text)]
    out: list[Token] = []
    covered = bytearray(len(text))  # characters already inside a number read from digits
    for s, e in taken:
        covered[s:e] = b"\x01" * (e - s)

    def adjacent(i: int, j: int) -> bool:
        if j >= len(words):
            return False
        gap = text[words[i][1] : words[j][0]]
        return 0 < len(gap) <= 2 and not gap.strip()

    i = 0
    while i < len(words):
        s, e, w = words[i]
        value = table.get(w)
        if any(covered[s:e]):
            i += 1
            continue
        j = i + 1
        if value is None:
            if w in _ONE_WORDS and adjacent(i, j) and words[j][2] in scales:
                value = 1  # "a hundred", "een miljoen": the scale word multiplies it below
            elif w in _BARE_SCALES and w in scales:
                value = scales[w]
            else:
                i += 1
                continue
        if 20 <= value <= 90 and value % 10 == 0 and adjacent(i, j):
            nxt = words[j][2]
            unit = _NUMBER_WORDS["en"].get(nxt) if lang in ("en", None) else None
            if unit is not None and 1 <= unit <= 9:
                value, j = value + unit, j + 1  # twenty one
            elif nxt == "et" and adjacent(j, j + 1) and words[j + 1][2] in ("un", "une", "onze"):
                value, j = value + (11 if words[j + 1][2] == "onze" else 1), j + 2  # vingt et un
        if adjacent(j - 1, j) and words[j][2] in scales and value < 1000:
            factor = scales[words[j][2]]
            value, j = value * factor, j + 1
            if factor in (100, 1000):
                k = j
                if adjacent(k - 1, k) and words[k][2] in _CONNECTORS:
                    k += 1
                if adjacent(k - 1, k) and 0 < table.get(words[k][2], 100) < 100:
                    value, j = value + table[words[k][2]], k + 1
        end = words[j - 1][1]
        if value == 1 or any(covered[s:end]):
            i = j
            continue
        shown = str(value)
        pct = _PCT_AFTER.match(text, end)
        if pct:
            end, shown = pct.end(), shown + "%"
        out.append(Token("number", text[s:end], shown, s, end))
        i = j
    return out


def extract_numbers(text: str, lang: str | None = None) -> list[Token]:
    """Numbers, amounts, percentages, dates, times and ordinals in ``text``.

    ``lang`` (``en``, ``nl``, ``de``, ``fr``...) settles ``2.500`` versus
    ``2,500`` and decides which written-out numbers are read; ``None`` reads
    both separator conventions (the less usual one as an alternative) and only
    the number words that mean nothing else in en/nl/de/fr.
    """
    lang = _lang(lang)
    out: list[Token] = []
    if _DIGIT_RE.search(text):  # every pattern of _NUM_RE holds a digit; most text has none
        # OCR reads a zero as a capital O next to digits ("7O.Jahrgang"); the repair keeps
        # every offset, and token texts still come from the text as written.
        scanned = _OCR_ZERO_RE.sub("0", text) if "O" in text else text
        for m in _NUM_RE.finditer(scanned):
            out.extend(_regex_number(m, lang, text))
    out.extend(_word_numbers(text, lang, [(t.start, t.end) for t in out]))
    out.sort(key=lambda t: t.start)
    if len(out) > 1:
        _spread_date_ranges(out, text)
    if out:
        out = _impossible_days(out, text)
    return _with_idioms(out, text)


_OCR_ZERO_RE = re.compile(r"(?<=\d)O|O(?=\d)")
# A month name after a number, as in a date: "41 mai", "106 juillet 1956"; names as
# written, no abbreviation of three letters but "Mai" and "May", and not "sept" (seven).
_FULL_MONTHS = sorted(
    (
        m
        for m in _MONTHS
        if not m.endswith(".")
        and (len(m) > 3 or m.lower() in ("mai", "mei", "may"))
        and m.lower() != "sept"
    ),
    key=len,
    reverse=True,
)
_MONTH_AFTER_RE = re.compile(
    r"[ \t]+(?P<m>" + "|".join(map(re.escape, _FULL_MONTHS)) + r")(?![\w-])"
)


_YEAR_MONTH_RE = re.compile(r"\d{4}-\d\d")
_YEAR_GAP_RE = re.compile(r",?[ \t]+")


def _impossible_days(tokens: list[Token], text: str) -> list[Token]:
    """A number of 32 to 999 written as a date's day ("le 41 mai", "le 106 juillet
    1956") read as a date with that impossible day, which no real date matches: a day
    mistyped in translation differs from the other side's date instead of being a
    stray number beside it."""
    out: list[Token] = []
    skip = -1
    for i, tok in enumerate(tokens):
        if i == skip:
            continue
        m = None
        if tok.text.isdigit() and 32 <= int(tok.text) <= 999 and not tok.alts:
            m = _MONTH_AFTER_RE.match(text, tok.end)
        if m is None:
            out.append(tok)
            continue
        month = _MONTHS[m.group("m")]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt.start == m.start("m") and _YEAR_MONTH_RE.fullmatch(nxt.value):
            # the month and its year were read as one token: the date takes it in
            value, end, skip = f"{nxt.value}-{tok.text}", nxt.end, i + 1
        elif (
            nxt is not None
            and _YEAR_RE.fullmatch(nxt.text)
            and _YEAR_GAP_RE.fullmatch(text, m.end("m"), nxt.start)
        ):
            # "32 March 2024": the year (:data:`_YEAR_RE`) was left a number of its own
            value, end, skip = f"{nxt.text}-{month:02d}-{tok.text}", nxt.end, i + 1
        else:
            value, end = f"--{month:02d}-{tok.text}", m.end("m")
        out.append(Token(tok.kind, text[tok.start : end], value, tok.start, end))
    return out


# Between the days of a range: "6./7. Juli", "6. und 7. Juli", "13 , 15 et 17 juin".
_RANGE_GAP_RE = re.compile(
    r"\.?\s*(?:[/,–-]|and|und|et|en|bis|au|à|to|or|oder|ou|of)?\s*", re.IGNORECASE
)
_DAY_OF_DATE_RE = re.compile(r"(?:\d{4}|-)-(\d\d)-(\d\d)")
# Idioms counting days for weeks: "quinze jours" is a fortnight, "huit jours" a week.
_DAYS_AFTER_RE = re.compile(r"\s+(?:jours|Tage|Tagen|days|dagen)(?!\w)")
_WEEK_IDIOMS = {"15": ("14", "2"), "14": ("15", "2"), "8": ("7", "1")}


def _spread_date_ranges(tokens: list[Token], text: str) -> None:
    """Give the first days of a date range the month (and year) of the last one, in place."""
    for i in range(len(tokens) - 2, -1, -1):
        tok, nxt = tokens[i], tokens[i + 1]
        day = tok.value.rstrip(".")
        date = _DAY_OF_DATE_RE.fullmatch(nxt.value)
        if (
            date is None
            or not day.isdigit()
            or not 1 <= int(day) <= 31
            or not tok.text.rstrip(".").isdigit()
            or not _RANGE_GAP_RE.fullmatch(text, tok.end, nxt.start)
        ):
            continue
        value = nxt.value[:-2] + f"{int(day):02d}"
        tokens[i] = Token(tok.kind, tok.text, value, tok.start, tok.end, (tok.value, *tok.alts))


def _with_idioms(tokens: list[Token], text: str) -> list[Token]:
    out = tokens
    for i, tok in enumerate(tokens):
        extra = _WEEK_IDIOMS.get(tok.value)
        if extra and _DAYS_AFTER_RE.match(text, tok.end):
            if out is tokens:
                out = list(tokens)
            out[i] = Token(tok.kind, tok.text, tok.value, tok.start, tok.end, (*tok.alts, *extra))
    return out


# --------------------------------------------------------------------------- exonyms

_EXONYMS: tuple[str, ...] = (
    # one entry a line: spellings of one place or body in en | nl | de | fr (| others)
    "Germany|Duitsland|Deutschland|Allemagne|Alemania|Germania",
    "Netherlands|Nederland|Niederlande|Pays-Bas|Holland|Países Bajos|Paesi Bassi",
    "Belgium|België|Belgien|Belgique|Bélgica",
    "France|Frankrijk|Frankreich|Francia",
    "United Kingdom|UK|Verenigd Koninkrijk|Vereinigtes Königreich|Royaume-Uni|Britain"
    "|Great Britain|Groot-Brittannië|Großbritannien|Grande-Bretagne",
    "United States|US|USA|U.S.|U.S.A.|VS|Verenigde Staten|Vereinigte Staaten|États-Unis"
    "|America|Amerika|Amérique|Estados Unidos",
    "Russia|Rusland|Russland|Russie|Rusia",
    "Ukraine|Oekraïne|Ucrania|Ucraina",
    "Turkey|Turkije|Türkei|Turquie|Türkiye|Turquía|Turchia",
    "Egypt|Egypte|Ägypten|Égypte|Egipto|Egitto",
    "Syria|Syrië|Syrien|Syrie|Siria",
    "Iraq|Irak",
    "Iran|Perzië|Persia",
    "Afghanistan|Afganistán",
    "Saudi Arabia|Saoedi-Arabië|Saudi-Arabien|Arabie saoudite|Arabia Saudita",
    "Lebanon|Libanon|Liban|Líbano",
    "Jordan|Jordanië|Jordanien|Jordanie",
    "Palestine|Palestina|Palästina",
    "Libya|Libië|Libyen|Libye|Libia",
    "Morocco|Marokko|Maroc|Marruecos",
    "Algeria|Algerije|Algerien|Algérie|Argelia",
    "Tunisia|Tunesië|Tunesien|Tunisie|Túnez",
    "Switzerland|Zwitserland|Schweiz|Suisse|Suiza|Svizzera",
    "Austria|Oostenrijk|Österreich|Autriche",
    "Australia|Australië|Australien|Australie",
    "Spain|Spanje|Spanien|Espagne|España",
    "Italy|Italië|Italien|Italie|Italia",
    "Greece|Griekenland|Griechenland|Grèce|Grecia",
    "Poland|Polen|Pologne|Polonia",
    "Sweden|Zweden|Schweden|Suède|Suecia",
    "Norway|Noorwegen|Norwegen|Norvège|Noruega",
    "Denmark|Denemarken|Dänemark|Danemark|Dinamarca",
    "China|Chine",
    "Japan|Japon|Japón|Giappone",
    "Niger",
    "Nigeria|Nigéria",
    "Slovakia|Slowakije|Slowakei|Slovaquie",
    "Slovenia|Slovenië|Slowenien|Slovénie",
    "Serbia|Servië|Serbien|Serbie",
    "Europe|Europa",
    "Africa|Afrika|Afrique|África",
    "Moscow|Moskou|Moskau|Moscou|Moscú|Mosca",
    "The Hague|Hague|Den Haag|Haag|'s-Gravenhage|La Haye|Haye",
    "Brussels|Brussel|Brüssel|Bruxelles|Bruselas",
    "Vienna|Wenen|Wien|Vienne|Viena",
    "Munich|München|Munique",
    "Cologne|Keulen|Köln",
    "Geneva|Genève|Genf|Ginebra",
    "Basel|Bâle|Basle|Bazel",
    "Bern|Berne",
    "Lucerne|Luzern",
    "Valais|Wallis",
    "Warsaw|Warschau|Varsovie|Varsovia",
    "Beijing|Peking|Pékin|Pekín",
    "Cairo|Caïro|Kairo|Le Caire|Caire|El Cairo",
    "Damascus|Damaskus|Damas",
    "Jerusalem|Jeruzalem|Jérusalem",
    "Lisbon|Lissabon|Lisbonne|Lisboa",
    "Athens|Athene|Athen|Athènes|Atenas",
    "Prague|Praag|Prag|Praga",
    "Copenhagen|Kopenhagen|Copenhague",
    "Kyiv|Kiev|Kiew|Kyjiw|Kiev",
    "London|Londen|Londres",
    "Antwerp|Antwerpen|Anvers|Amberes",
    "Tehran|Teheran|Téhéran|Teherán",
    "Mecca|Mekka|La Mecque|Mecque|Makkah",
    "European Union|EU|UE|Europese Unie|Europäische Union|Union européenne|Unión Europea",
    "United Nations|UN|VN|UNO|ONU|Verenigde Naties|Vereinte Nationen|Nations unies|Naciones Unidas",
    "NATO|NAVO|OTAN",
    "Soviet Union|USSR|Sowjetunion|UdSSR|Union soviétique|URSS|Sovjet-Unie|Sovjetunie",
    # Mountain countries and regions (Text+Berg): the spelling rules miss these.
    "Nepal|Népal",
    "India|Indien|Inde|Indië",
    "Pakistan",
    "Tibet",
    "Kashmir|Kaschmir|Cachemire|Kasjmir",
    "Tien Shan|Tian Shan|Tien-Schan|Tian Chan|Tianshan|Tien-Chan|Tjan Sjan",
    "Karakoram|Karakorum",
    "Kangchenjunga|Kanchenjunga|Kangchendzönga|Kangchendzonga|Kantschendzönga|Kantch",
    "Mount Everest|Everest|Mont Everest|Chomolungma|Chomo Lungma|Chomo-Lungma",
    "Pamir|Pamirs",
    # The commonest personal name has too many romanisations for the spelling rules.
    "Muhammad|Mohammed|Mohamed|Mohammad|Mohamad|Muhammed|Mohamet",
)


def _is_acronym_shape(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and " " not in text.strip() and all(c.isupper() for c in letters)


def _exonym_table() -> tuple[dict[str, int], list[tuple[str, ...]], frozenset[str]]:
    ids: dict[str, int] = {}
    variants: list[tuple[str, ...]] = []
    short_acronyms: set[str] = set()
    words: set[str] = set()
    for i, line in enumerate(_EXONYMS):
        forms = tuple(dict.fromkeys(_name_key(v) for v in line.split("|")))
        variants.append(forms)
        for f in forms:
            ids[f] = i
        for v in line.split("|"):
            k = _name_key(v)
            (short_acronyms if _is_acronym_shape(v) and len(k) <= 3 else words).add(k)
    # "UN", "US", "VS", "EU" name something only in capitals: not "Un", "us", "Vs".
    return ids, variants, frozenset(short_acronyms - words)


def _exonym_id(text: str, key: str) -> int | None:
    """The exonym line of a name, if any; short acronyms count only in capitals."""
    i = _EXONYM_IDS.get(key)
    if i is not None and key in _SHORT_ACRONYM_KEYS and not _is_acronym_shape(text):
        return None
    return i


@lru_cache(maxsize=1 << 16)
def _name_key(name: str) -> str:
    """Folded comparable form of a name: ASCII lower case, no dots, one kind of hyphen."""
    out = _fold(name).replace(".", "")
    out = _KEY_POSSESSIVE_RE.sub("", out)
    return _KEY_HYPHEN_RE.sub("-", out).strip(" '")


_KEY_POSSESSIVE_RE = re.compile(r"'s$")
_KEY_HYPHEN_RE = re.compile(r"\s*-\s*")


_EXONYM_IDS, _EXONYM_VARIANTS, _SHORT_ACRONYM_KEYS = _exonym_table()

# Tokens that never settle a match on their own (both sides of "Saint-Denis" / "Saint-
# Étienne", "West Bank" / "West Africa") and particles inside names.
_GENERIC_TOKENS = frozenset(
    "saint st san santa sankt sint new nieuw neu nouveau nouvelle great groot grand grande "
    "upper lower west east north south noord zuid oost nord sud ost sued central centraal "
    "zentral centre center republic republiek republik republique united".split()
)
_PARTICLES = frozenset(
    "al el ad as ash at ibn bin ben abu de den der des du la le van von ter zu di da del "
    "do dos y the of 's".split()
)
# English capitalises titles, religions, compass adjectives and a few common nouns that
# the other languages write in lower case; alone, they are not names.
_CAPITALISED_COMMON = frozenset(
    "mr mrs ms miss dr prof sir madam dhr mevr herr frau mme mlle monsieur madame "
    "president minister prime king queen pope prince princess general colonel "
    "government parliament army police ministry senate court council church state "
    "western eastern northern southern muslim muslims islamic islamist islamists "
    "christian christians jewish jews jew catholic catholics protestant sunni sunnis "
    "shia shiite shiites crusader crusaders jihadist jihadists internet".split()
)


# --------------------------------------------------------------------------- name matching

# Transliteration-like spelling normalisation, applied in order on ASCII lower case.
# fmt: off
_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    ("dzj", "j"), ("tsj", "ch"), ("dj", "j"), ("zj", "j"), ("sj", "sh"),
    ("oe", "u"), ("ou", "u"), ("ie", "i"), ("ph", "f"), ("kh", "k"), ("ch", "k"),
    ("ck", "k"), ("th", "t"), ("gh", "g"), ("c", "k"), ("q", "k"), ("x", "ks"),
    ("z", "s"), ("w", "v"), ("y", "i"), ("j", "i"), ("'", ""), ("-", ""),
)
# fmt: on
# Endings that vary between languages or between a country and its adjective
# (Syria/Syrië/Syrien, Russia/Rusland, Egyptian/Egyptische, Turkish/Turkse).
# fmt: off
_ENDINGS = (
    "atische", "atisch", "atique", "ischen", "ischer", "isches", "ische", "isch", "ienne",
    "iens", "ians", "ian", "ien", "aises", "aise", "ais", "oises", "oise", "ois",
    "ije", "iya", "ish", "ese", "ean", "sche", "land", "ie", "ia", "se", "an", "en", "ic",
    "ik", "es", "e", "a", "i", "s",
)
# fmt: on
_DOUBLE_RE = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 16)
def _skeleton(token: str) -> str:
    """Spelling skeleton of a folded token: ``poetin`` -> ``putin``, ``tadzjiek`` -> ``taik``."""
    for a, b in _SKELETON_RULES:
        if a in token:
            token = token.replace(a, b)
    return _DOUBLE_RE.sub(r"\1", token)


@lru_cache(maxsize=1 << 16)
def _stems(token: str) -> frozenset[str]:
    """Skeletons of the token and of the token without each ending it may carry."""
    out = {_skeleton(token)}
    for e in _ENDINGS:
        # A genitive or plural -s only comes off long words: Moskaus, but not Hamas;
        # likewise a French plural -es: Abruzzes (Abruzzi), but not Jones.
        if token.endswith(e) and len(token) - len(e) >= (5 if e in ("s", "es") else 3):
            out.add(_skeleton(token[: -len(e)]))
    return frozenset(s for s in out if len(s) >= 3)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _spelling_match(a: str, b: str) -> bool:
    """Two folded single tokens spelled alike modulo transliteration and endings.

    Also true when one starts with nearly all of the other, which lets a Dutch or
    German compound stand for the name it starts with.
    """
    if _stems(a) & _stems(b):
        return True
    sa, sb = _skeleton(a), _skeleton(b)
    n = min(len(sa), len(sb))
    # Lengths as written: the skeleton of Lerch/Larch is 4 letters, the names have 5.
    written = min(len(a), len(b))
    if written < 5 or n < 4:  # short names must agree exactly: Iraq/Iran, Amin/Adam
        return False
    allowed = 2 if n >= 10 else 1
    if Levenshtein.distance(sa, sb, score_cutoff=allowed) <= allowed:
        return True
    # A long shared start: Organization/Organisatie, Crocodile/Krokodillencel (compounds).
    p = _common_prefix(sa, sb)
    if p >= 6 and p >= 0.8 * n:
        return True
    # A name swallowed whole by a German or Dutch compound, a word of its own after it:
    # Hunza/Hunzalandes, Makalu/Makalugebiet. The rest must start with a consonant, so
    # that it is no ending (Niger/Nigerianer); names under five letters never count.
    short, long_ = sorted((a, b), key=len)
    rest = long_[len(short) :]
    return (
        len(short) >= 5
        and long_.startswith(short)
        and len(rest) >= 4
        and rest[0].isalpha()
        and rest[0] not in "aeiouy"
    )


@lru_cache(maxsize=1 << 16)
def _token_match(a: str, b: str) -> bool:
    """Folded single tokens: equal, exonyms of each other, or spelled alike."""
    if a == b:
        return True
    ia, ib = _EXONYM_IDS.get(a), _EXONYM_IDS.get(b)
    if ia is not None and ib is not None:
        return ia == ib
    if ia is not None:  # a listed name against an unlisted spelling: try each listed one
        return any(_spelling_match(v, b) for v in _EXONYM_VARIANTS[ia] if " " not in v)
    if ib is not None:
        return any(_spelling_match(a, v) for v in _EXONYM_VARIANTS[ib] if " " not in v)
    return _spelling_match(a, b)


@lru_cache(maxsize=1 << 16)
def _content_tokens(key: str) -> tuple[str, ...]:
    """The tokens of a name key that carry it: ``osama bin laden`` -> ``osama``, ``laden``."""
    return tuple(t for t in _TOKEN_SPLIT_RE.split(key) if t and t not in _PARTICLES)


_TOKEN_SPLIT_RE = re.compile(r"[\s/-]+")
_COMPACT_RE = re.compile(r"[\s-]+")


@lru_cache(maxsize=1 << 14)
def names_match(a: str, b: str) -> bool:
    """Whether two names written in two languages name the same thing.

    Tolerates case and accents, exonyms (Moscow/Moskou, Germany/Duitsland),
    transliteration (Putin/Poetin, Tajik/Tadzjiek, Mustafa/Moestafa), language
    endings (Syria/Syrië, Russia/Rusland, Egyptian/Egyptische), a name against
    part of a longer one (Amin/Mustafa Amin) and hyphenated compounds sharing a
    component (Khorasan-branch/Khorasan-tak).  Acronyms only match themselves
    or a listed equivalent (UN/VN/ONU).  Unrelated names stay apart: Putin/Paris,
    Iraq/Iran, Austria/Australia, Amin/Adam, Syria/Serbia.
    """
    ka, kb = _name_key(a), _name_key(b)
    if not ka or not kb:
        return False
    if ka == kb or _COMPACT_RE.sub("", ka) == _COMPACT_RE.sub("", kb):
        return True  # also "BlackTooth" / "Black Tooth", "Tienschan" / "Tien-Schan"
    ia, ib = _exonym_id(a, ka), _exonym_id(b, kb)
    if ia is not None and ib is not None:
        return ia == ib
    if _is_acronym_shape(a) or _is_acronym_shape(b):
        # An acronym against an unlisted acronym or name: only exact equality counts.
        return False
    if ia is not None:
        return any(_free_match(v, kb) for v in _EXONYM_VARIANTS[ia])
    if ib is not None:
        return any(_free_match(ka, v) for v in _EXONYM_VARIANTS[ib])
    return _free_match(ka, kb)


def _free_match(ka: str, kb: str) -> bool:
    ta, tb = _content_tokens(ka), _content_tokens(kb)
    if not ta or not tb:
        return False
    if len(ta) == 1 and len(tb) == 1:
        return _token_match(ta[0], tb[0])
    if "-" in ka or "-" in kb:
        # Hyphenated compound: one shared distinctive component is enough.
        return any(
            _token_match(x, y)
            for x in ta
            if x not in _GENERIC_TOKENS
            for y in tb
            if y not in _GENERIC_TOKENS
        )
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if all(t in _GENERIC_TOKENS for t in short):
        return False
    # Every token of the shorter name, in order, within the longer one (Amin / Mustafa Amin).
    k = 0
    for t in short:
        while k < len(long_) and not _token_match(t, long_[k]):
            k += 1
        if k == len(long_):
            return False
        k += 1
    return True


# --------------------------------------------------------------------------- extract_names

_SPECIAL_RE = re.compile(
    r"(?P<url>(?:https?://|www\.)[^\s<>\"“”‘’'()\[\]{}]+)"
    r"|(?P<email>(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    r"|(?P<domain>(?<![\w@.-])[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*"
    r"\.(?:com|org|net|gov|edu|info|io|eu|nl|de|fr|be|uk|ch|at)(?![\w-])"
    r"(?:/[^\s<>\"“”'()]*)?)"
    r"|(?P<mention>(?<![\w@])@[A-Za-z0-9_]{2,}(?![\w@]))"
    r"|(?P<hashtag>(?<![\w#&])#[^\W\d_]\w*)"
)
_URL_PREFIX_RE = re.compile(r"^(?:https?://)?(?:www\.)?")
_TRAILING_PUNCT = ".,;:!?)]}'\"”’»"
_ELISION_RE = re.compile(
    r"(?i)(?:[ldjmnst]|qu|jusqu|lorsqu|puisqu|dell|all|nell|sull|dall)['’](?=[^\W\d_])"
)
_CONTRACTION_RE = re.compile(r"I['’](?:m|d|ll|ve)$")
_ROMAN_RE = re.compile(r"[IVX]{2,5}")
# Compass points (German O for Ost, French O for ouest): NE, SO, WNW are not names.
_COMPASS_RE = re.compile(r"[NSEWO]{1,3}")
# Capitalised at the start of a sentence, a title or after an enumeration, these
# function words never make a name on their own, nor start one.
_FUNCTION_WORDS = frozenset(
    _strip_accents(w)
    for w in
    # en
    "the a an this that these those he she it we they you his her its our their my "
    "in on at of for with by from to and but or if when as so not all some there here "
    # de
    "der die das den dem des ein eine einer eines einem einen er sie es wir ihr ich du "
    "im am um zu zur zum vom beim bei mit von für fur auf aus an als wie wenn und oder aber "
    "dieser diese dieses nach vor über uber unter durch dann doch noch nur man auch "
    # fr
    "le la les l un une du de d au aux cet cette ces il ils elle elles on nous vous je "
    "tu en dans par pour sur sous avec sans et ou mais donc ni car si que qui quand comme "
    "à y ses leur leurs notre nos votre vos mes puis ainsi alors enfin aussi tout tous "
    "toute toutes quant dès apres après avant depuis lorsque comment pourquoi combien quel "
    "quelle quels quelles "
    # nl
    "het een dit dat deze die hij zij ze wij we jij ik op aan voor met door bij uit naar "
    "maar".split()
)
# French capitalises institutions, titles and nationality nouns ("le Gouvernement",
# "la Société", "les Japonais") that German or English write as common words.
_FR_CAPITALISED_COMMON = frozenset(
    "gouvernement societe fondation club conseil comite association federation institut "
    "office etat republique universite academie commission ministere musee bibliotheque "
    "eglise parlement assemblee armee cour tribunal chambre departement canton "
    "confederation ville pays nord sud est ouest orient occident ecole college ambassade "
    "consulat administration direction service bureau compagnie union ligue parti "
    "mouvement section groupe expedition revue journal chef capitaine colonel general "
    "president roi reine prince princesse docteur monsieur madame mademoiselle mont monts "
    "pic col glacier lac tour pointe aiguille dent plateau ocean mer vallee riviere fleuve "
    "massif chaine sommet region province blanc blancs noir noirs russe russes suisse "
    "suisses belge belges grec grecs turc turcs sherpa sherpas basque basques arabe arabes "
    "kurde kurdes tcheque tcheques hindou hindous occidental occidentaux oriental orientaux"
    "".split()
)
_FR_DEMONYM_RE = re.compile(
    r"(?:ais|aises|ois|oises|iens|iennes|ains|aines|ands|andes|eens|ins|iques)$"
)
_FR_INDEFINITE_BEFORE_RE = re.compile(r"(?i)(?<!\w)une?\s+$")
_POSSESSIVE_RE = re.compile(r"['’]s$")
_HYPHEN_SPLIT_RE = re.compile(r"([-‐‑])")
_NEWLINE_RE = re.compile(r"\n")
_QUOTES_OPENERS = "\"'“”‘’«»„‚‹›([{¿¡*•–—-"
_QUOTE_MARKS = "\"'“”‘’«»„‚‹›"
_SENTENCE_END = "!?…:"
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st gen col lt sgt rev dhr mevr mw hr fr sr jr vs nr no".split()
)


def _is_sentence_initial(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` starts a sentence, a line, a quotation after a colon..."""
    i = pos - 1
    quoted = False
    while i >= 0 and (text[i] in " \t\u00a0\u202f\u2009" or text[i] in _QUOTES_OPENERS):
        quoted = quoted or text[i] in _QUOTE_MARKS
        i -= 1
    if i < 0 or quoted or text[i] in "\r\n" or text[i] in _SENTENCE_END:
        return True  # a quotation starts with a capital wherever it stands
    if text[i] == ".":
        before = re.search(r"(\w+)\.*$", text[max(0, i - 12) : i])
        if before:
            w = before.group(1)
            if w.lower() in _ABBREVIATIONS or (len(w) == 1 and w.isupper()):
                return False  # "Dr. Amin", "J. Smith"
        return True
    return False


@dataclass
class _Word:
    start: int
    end: int
    text: str
    cap: bool  # has a capitalised (non-acronym) component
    initial: bool = False
    roman: bool = False  # a Roman numeral (II, XIV): part of a name, never one alone


@dataclass(frozen=True)
class _NameAnalysis:
    tokens: list[Token]
    words: list[tuple[str, int, int]]  # every word of the text: (text, start, end)
    text: str


def _shouted_runs(text: str, words: list[_Word], idx: list[int], shout: set[int]) -> None:
    """Add to ``shout`` the words of runs in capitals inside a line: a title in capitals
    run into a sentence ("BERICHT MIT NACHTRÄGEN AUS FRÜHEREN JAHREN von ..."), three
    or more words in capitals with only spaces between them, three of them four letters
    long (a list of acronyms has commas between them)."""
    run: list[int] = []
    for i in [*idx, -1]:
        capital = i >= 0 and len(words[i].text) >= 2 and words[i].text.isupper()
        if capital and run and text[words[run[-1]].end : words[i].start].strip():
            capital = None  # punctuation between: the run ends, this word may start one
        if capital:
            run.append(i)
            continue
        if sum(len(words[j].text) >= 4 for j in run) >= 3:
            shout.update(run)
        run = [i] if capital is None else []


def _line_flags(text: str, words: list[_Word], lang: str | None) -> tuple[set[int], set[int]]:
    """Indices of words in Title Case headlines and in ALL-CAPS lines.

    A headline here is a line of at least four long words, not ending like a
    sentence, whose long words are mostly capitalised.  German is left out: it
    capitalises every noun anyway.
    """
    title: set[int] = set()
    shout: set[int] = set()
    breaks = [m.start() for m in _NEWLINE_RE.finditer(text)]
    by_line: dict[int, list[int]] = {}
    for i, w in enumerate(words):
        by_line.setdefault(bisect.bisect(breaks, w.start), []).append(i)
    for line, idx in by_line.items():
        _shouted_runs(text, words, idx, shout)
        long_words = [words[i].text for i in idx if len(words[i].text) >= 4]
        if len(long_words) < 4:
            continue
        if sum(w.isupper() for w in long_words) >= 0.6 * len(long_words):
            shout.update(idx)
        elif lang != "de" and sum(w[0].isupper() for w in long_words) >= 0.75 * len(long_words):
            end = breaks[line] if line < len(breaks) else len(text)
            if not text[:end].rstrip().endswith((".", "!", "?", ":", ";", ",")):
                title.update(idx)
    return title, shout


def _analyse_names(text: str, lang: str | None) -> _NameAnalysis:
    lang = _lang(lang)
    tokens: list[Token] = []
    masked = list(text)
    for m in _SPECIAL_RE.finditer(text):
        kind = m.lastgroup or "url"
        s, e = m.start(), m.end()
        if kind in ("url", "domain"):
            while e > s and text[e - 1] in _TRAILING_PUNCT:
                e -= 1
            raw = text[s:e]
            value = _URL_PREFIX_RE.sub("", raw.lower()).rstrip("/")
            kind = "url"
        elif kind == "hashtag":
            raw = text[s:e]
            value = "#" + _fold(raw[1:])
        else:
            raw = text[s:e]
            value = raw.lower()
        tokens.append(Token(kind, raw, value, s, e))
        masked[s:e] = " " * (e - s)
    masked_text = "".join(masked)

    words: list[_Word] = []
    all_words: list[tuple[str, int, int]] = []
    acronyms: list[tuple[int, int, str]] = []
    for m in _WORD_RE.finditer(masked_text):
        s, e = m.start(), m.end()
        w = m.group()
        if w.islower() and w.isalpha():  # the common case: a plain lower-case word
            all_words.append((w, s, e))
            words.append(_Word(s, e, w, False))
            continue
        el = _ELISION_RE.match(masked_text, s)
        if el and el.end() < e:
            s = el.end()  # l'Égypte -> Égypte
        if _POSSESSIVE_RE.search(masked_text, s, e):
            e -= 2  # Putin's -> Putin
        w = masked_text[s:e]
        all_words.append((w, s, e))
        if w[0].isdigit() or _CONTRACTION_RE.match(w):
            words.append(_Word(s, e, w, False))
            continue
        cap = False
        pos = s
        for comp in _HYPHEN_SPLIT_RE.split(w):
            if comp and comp not in "-‐‑":
                core = comp[:-1] if len(comp) > 2 and comp.endswith("s") else comp
                letters = [c for c in core if c.isalpha()]
                is_acr = (
                    bool(letters)
                    and core[0].isalpha()
                    and all(c.isupper() for c in letters)
                    and (len(letters) >= 2 or any(c.isdigit() for c in core))
                    and not _ROMAN_RE.fullmatch(core)
                )
                if is_acr and _COMPASS_RE.fullmatch(core):
                    pass  # NE, WNW, SO: compass points
                elif is_acr:
                    acronyms.append((pos, pos + len(comp), core))
                elif comp[0].isupper() or any(c.isupper() for c in comp[1:]):
                    cap = True
            pos += len(comp)
        if cap and w[1:].islower() and _strip_accents(w) in _FUNCTION_WORDS:
            cap = False  # "Le", "Der", "The" at the start of a sentence or a title
        words.append(_Word(s, e, w, cap, roman=bool(_ROMAN_RE.fullmatch(w))))

    title, shout = _line_flags(text, words, lang) if words else (set(), set())
    for i, word in enumerate(words):
        if word.cap:
            word.initial = i in title or _is_sentence_initial(masked_text, word.start)
    # A sentence-initial word counts when the same word is capitalised mid-sentence
    # elsewhere, or when it is a known place (keep it simple and conservative).
    mid_caps = {_name_key(x.text) for x in words if x.cap and not x.initial}
    for word in words:
        if word.cap and word.initial:
            key = _name_key(word.text)
            word.cap = key in mid_caps or _exonym_id(word.text, key) is not None

    shout_spans = [(words[i].start, words[i].end) for i in shout]
    for s, e, core in acronyms:
        if shout_spans and _overlaps(s, e, shout_spans) and _name_key(core) not in _EXONYM_IDS:
            continue
        tokens.append(Token("acronym", text[s:e], _name_key(core), s, e))

    i = 0
    while i < len(words):
        if not words[i].cap:
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < len(words):
            gap = masked_text[words[run[-1]].end : words[j].start]
            if len(gap) != 1 or gap.strip():
                break
            if words[j].cap:
                run.append(j)
                j += 1
                continue
            if lang == "de":
                # German joins common nouns with articles: "Regierung von Nepal", "Berg
                # der Erde"; only adjacent capitals make a multiword name.
                break
            k = j  # particles bridging two capitalised words: Osama bin Laden
            while (
                k < len(words)
                and not words[k].cap
                and words[k].text.lower() in _PARTICLES
                and len(masked_text[words[k - 1].end : words[k].start]) == 1
            ):
                k += 1
            if (
                k > j
                and k < len(words)
                and words[k].cap
                and masked_text[words[k - 1].end : words[k].start] == " "
            ):
                run.extend(range(j, k + 1))
                j = k + 1
                continue
            break
        i = j
        if all(words[r].roman for r in run):
            continue  # "camp II", "Lager IV"
        if lang == "fr":
            # "le Gouvernement du Népal": the institution is no part of the name
            while (
                len(run) > 2
                and _strip_accents(words[run[0]].text) in _FR_CAPITALISED_COMMON
                and not words[run[1]].cap
            ):
                run = run[1:]
                while run and not words[run[0]].cap:
                    run = run[1:]
        s, e = words[run[0]].start, words[run[-1]].end
        key = _name_key(text[s:e])
        if len(run) == 1:
            word = words[run[0]]
            bare = _strip_accents(word.text)
            if bare in _CALENDAR_WORDS or bare in _CAPITALISED_COMMON:
                continue
            known = _exonym_id(word.text, key) is not None
            if lang == "de" and not known:
                continue  # German capitalises every noun: a lone capital proves nothing
            if lang == "fr" and not known and _french_common_noun(bare, masked_text, s):
                continue
            if sum(c.isalpha() for c in word.text) < 2:
                continue
        tokens.append(Token("name", text[s:e], key, s, e))
    tokens.sort(key=lambda t: (t.start, t.end))
    return _NameAnalysis(tokens, all_words, text)


def _french_common_noun(bare: str, text: str, start: int) -> bool:
    """A French capitalised word that is a common noun: "le Gouvernement", "les Japonais",
    "un Blanc" (names take no indefinite article)."""
    return (
        bare in _FR_CAPITALISED_COMMON
        or bool(_FR_DEMONYM_RE.search(bare))
        or bool(_FR_INDEFINITE_BEFORE_RE.search(text, max(0, start - 5), start))
    )


def extract_names(text: str, lang: str | None = None) -> list[Token]:
    """Proper names, acronyms, URLs, e-mail addresses, #hashtags and @mentions.

    Names are capitalised words that do not start a sentence (or that do, but
    are also capitalised mid-sentence elsewhere in the text, or are known
    places), joined into multiword names (``Mustafa Amin``, ``Osama bin
    Laden``).  Capitalised common words (titles, religions, months, weekdays)
    are not names on their own.  For German (``lang="de"``), which capitalises
    every noun, a lone capitalised word is a name only when it is a known
    place, and a multiword name is a run of adjacent capitalised words (no
    articles or prepositions inside: "Regierung von Nepal" is not one name);
    acronyms and the rest are kept.  For French, lone capitalised institutions,
    titles and nationality nouns ("Gouvernement", "Société", "Japonais",
    "Autrichiens", "un Blanc") are not names.  Everywhere, compass points (NE,
    SO, WNW), lone Roman numerals (II, IV) and capitalised function words ("Le",
    "Der", "Un") are not names either.
    """
    return _analyse_names(text, lang).tokens


# --------------------------------------------------------------------------- comparisons


def _date_compatible(a: Token, b: Token) -> bool:
    """``--03-31`` (no year) and ``2024-03-31``: a translation may drop an obvious year.

    Also ``2024-03`` and ``2024-03-31``: "in March 2024" for "on 31 March 2024".
    """
    for x in a.keys:
        for y in b.keys:
            if _date_part_of(x, y) or _date_part_of(y, x):
                return True
    return False


def _date_part_of(x: str, y: str) -> bool:
    """``x`` is ``--MM-DD`` or ``YYYY-MM`` and ``y`` a full date ``YYYY-MM-DD`` agreeing."""
    if len(y) != 10 or y[4] != "-" or y[7] != "-":
        return False
    if x.startswith("--"):
        return y.endswith(x[1:])
    return len(x) == 7 and x[4] == "-" and y.startswith(x)


_YEAR_RE = re.compile(r"1\d{3}|20\d\d")
_DATE_DAY_RE = re.compile(r"(?:\d{4}|-)-\d\d-(\d\d)")


def _day_number(tok: Token) -> int | None:
    """The day of month a bare ``11`` or ``11.`` may be ("le 11 au matin", "am 11.")."""
    v = tok.value.rstrip(".")
    if v.isdigit() and 1 <= int(v) <= 31 and tok.text.rstrip(".").isdigit():
        return int(v)
    return None


def _month(value: str) -> tuple[str | None, str]:
    """(year or None, month) of a date value ("1956-08-21", "--08-21")."""
    head = value[:-3]
    return (head[:-3] if len(head) > 4 else None), head[-2:]


def _same_month(a: str, b: str) -> bool:
    (ya, ma), (yb, mb) = _month(a), _month(b)
    return ma == mb and (ya is None or yb is None or ya == yb)


def _loose_find(tok: Token, others: Sequence[Token], rivals: Sequence[Token] = ()) -> Token | None:
    """A weaker partner: a bare year against a date in that year, a day against a date.

    "1956" is found in "avril 1956" or "18 mai 1956" (not the reverse: a full date
    needs a date); "11. Juli" and "le 11" agree when the other side leaves the month
    to the context. ``rivals`` are the dates left unmatched on the side of the bare
    day: a date of the same month there is the counterpart of a date here, so the two
    differ, and the bare day ("21." numbering an item) is not this date's day.
    """
    if _YEAR_RE.fullmatch(tok.value) and tok.text.isdigit():
        prefix = tok.value + "-"
        return next((o for o in others if o.value.startswith(prefix)), None)
    date = _DATE_DAY_RE.fullmatch(tok.value)
    if date:
        if any(_same_month(tok.value, r.value) for r in rivals):
            return None
        day = int(date.group(1))
        return next((o for o in others if _day_number(o) == day), None)
    day_num = _day_number(tok)
    if day_num is not None:
        for o in others:
            d = _DATE_DAY_RE.fullmatch(o.value)
            if (
                d
                and int(d.group(1)) == day_num
                and not any(_same_month(o.value, r.value) for r in rivals)
            ):
                return o
    return None


# A decimal split by tokenisation or written the Swiss way: "2 , 70", "2 fr . 70".
_SPLIT_DECIMAL_GAP_RE = re.compile(r"\s*(?:[,.]|(?i:fr|frs|fr\.|francs?)\s*\.?)\s*")


def _split_decimals(
    tokens: Sequence[Token], text: str
) -> list[tuple[frozenset[str], Token, Token]]:
    """Readings of two neighbouring integers as one decimal number, with the two parts."""
    out = []
    for x, y in pairwise(tokens):
        if (
            x.value.isdigit()
            and x.text.isdigit()
            and y.text.isdigit()
            and len(y.text) <= 2
            and _SPLIT_DECIMAL_GAP_RE.fullmatch(text, x.end, y.start)
        ):
            out.append((frozenset({_fmt(Decimal(f"{x.value}.{y.text}"))}), x, y))
    return out


# fmt: off
_LENGTH_UNITS: dict[str, Decimal] = {
    "mm": Decimal("0.001"), "cm": Decimal("0.01"), "dm": Decimal("0.1"), "m": Decimal(1),
    "km": Decimal(1000), "ft": Decimal("0.3048"), "feet": Decimal("0.3048"),
    "foot": Decimal("0.3048"), "pied": Decimal("0.3048"), "pieds": Decimal("0.3048"),
    "fuss": Decimal("0.3048"), "fuß": Decimal("0.3048"), "inch": Decimal("0.0254"),
    "inches": Decimal("0.0254"), "pouce": Decimal("0.0254"), "pouces": Decimal("0.0254"),
    "zoll": Decimal("0.0254"), "yard": Decimal("0.9144"), "yards": Decimal("0.9144"),
    "yd": Decimal("0.9144"), "mile": Decimal("1609.344"), "miles": Decimal("1609.344"),
    "meilen": Decimal("1609.344"), "milles": Decimal("1609.344"),
}
# fmt: on
_UNIT_AFTER_RE = re.compile(
    r"\s*(" + "|".join(sorted(_LENGTH_UNITS, key=len, reverse=True)) + r")(?![^\W\d_])",
    re.IGNORECASE,
)
_DECIMAL_RE = re.compile(r"\d+(?:\.\d+)?")


def _length(tok: Token, text: str) -> tuple[str, Decimal] | None:
    """``(unit, metres)`` of a number followed by a length unit ("30 cm", "12 pouces")."""
    if not _DECIMAL_RE.fullmatch(tok.value):
        return None
    m = _UNIT_AFTER_RE.match(text, tok.end)
    if not m:
        return None
    unit = m.group(1).lower()
    return unit, Decimal(tok.value) * _LENGTH_UNITS[unit]


def _converted(a: tuple[str, Decimal], b: tuple[str, Decimal]) -> bool:
    """Two lengths in different units that agree once converted, up to rounding (3 %)."""
    if a[0] == b[0] or _LENGTH_UNITS[a[0]] == _LENGTH_UNITS[b[0]]:
        return False  # the same unit: the numbers themselves must agree
    top = max(a[1], b[1])
    return top > 0 and abs(a[1] - b[1]) <= Decimal("0.03") * top


# Words that stand for a number without being one: "beide" (2), "un siècle" (100), an
# ordinal ("zweiten", "troisième"), a German compound ("Achttausender", "zehntägige").
# A number of the other side that one of them accounts for is not reported.
# fmt: off
_ORDINAL_STEMS: dict[str, dict[str, int]] = {
    "de": {"erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "funft": 5, "fuenft": 5,
           "sechst": 6, "siebt": 7, "siebent": 7, "acht": 8, "neunt": 9, "zehnt": 10,
           "elft": 11, "zwolft": 12, "zwoelft": 12},
    "fr": {"premier": 1, "premiere": 1, "second": 2, "seconde": 2, "deuxieme": 2,
           "troisieme": 3, "quatrieme": 4, "cinquieme": 5, "sixieme": 6, "septieme": 7,
           "huitieme": 8, "neuvieme": 9, "dixieme": 10, "onzieme": 11, "douzieme": 12},
    "en": {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
           "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12},
    "nl": {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6,
           "zevende": 7, "achtste": 8, "negende": 9, "tiende": 10, "elfde": 11,
           "twaalfde": 12},
}
_COUNT_WORDS: dict[str, int] = {
    "beide": 2, "beiden": 2, "beider": 2, "beides": 2, "both": 2, "paar": 2, "pair": 2,
    "paire": 2, "couple": 2, "doppelt": 2, "double": 2, "twice": 2, "dubbel": 2,
    "dutzend": 12, "douzaine": 12, "dozen": 12, "dozijn": 12, "dizaine": 10,
    "quinzaine": 15, "fortnight": 14, "jahrhundert": 100, "siecle": 100, "century": 100,
    "eeuw": 100, "centaine": 100, "millier": 1000,
}
# fmt: on


def _soft_table(lang: str | None) -> dict[str, int]:
    table: dict[str, int] = dict(_COUNT_WORDS)
    langs = [lang] if lang in _ORDINAL_STEMS else list(_ORDINAL_STEMS)
    for x in langs:
        table.update({w: v for w, v in _NUMBER_WORDS[x].items() if len(w) >= 3 and v >= 2})
        table.update(_ORDINAL_STEMS[x])
    return table


_SOFT_TABLES = {lang: _soft_table(lang) for lang in (*_ORDINAL_STEMS, None)}
_ROMAN_NUMBER_RE = re.compile(r"(?<![\w.])(?=[IVX])(X{0,3})(IX|IV|V?I{0,3})(?!\w)")
_ROMAN_UNITS = dict(zip(("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"), range(10)))


def _soft_numbers(text: str, lang: str | None, tokens: Sequence[Token]) -> frozenset[str]:
    """Values that words, Roman numerals and digits glued to letters of ``text`` stand for."""
    values: set[int] = set()
    spans = [(t.start, t.end) for t in tokens]
    for d in _DIGITS_RE.finditer(text):
        if not _overlaps(d.start(), d.end(), spans):
            values.add(int(d.group()))  # K2 for "K 2", Nr.212
    for r in _ROMAN_NUMBER_RE.finditer(text):
        values.add(10 * len(r.group(1)) + _ROMAN_UNITS[r.group(2)])  # Lager IV, camp II
    table = _SOFT_TABLES.get(lang, _SOFT_TABLES[None])
    compounds = lang in (None, "de", "nl")  # languages writing compounds as one word
    for m in _WORD_RE.finditer(text):
        w = _strip_accents(m.group())
        v = table.get(w)
        if v is None and compounds and len(w) >= 5:
            # The longest known start of a compound or an ordinal: Achttausender,
            # zehntägige, Vieren, dritte.
            for n in range(min(len(w) - 1, 16), 2, -1):
                v = table.get(w[:n])
                if v is not None:
                    break
        if v is not None:
            values.add(v)
    return frozenset(k for v in values for k in (str(v), f"{v}."))


def _find_number(tok: Token, others: Sequence[Token]) -> Token | None:
    for o in others:
        if o.value == tok.value:
            return o
    for o in others:
        if tok.keys & o.keys:
            return o
    for o in others:
        if _date_compatible(tok, o):
            return o
    return None


def _merge_pairs(
    forward: Iterable[tuple[Token, Token]], backward: Iterable[tuple[Token, Token]]
) -> list[tuple[Token, Token]]:
    """Source-target pairs from both directions, each once, in source order."""
    seen: set[tuple[int, int, int, int]] = set()
    out: list[tuple[Token, Token]] = []
    for s, t in [*forward, *((s, t) for t, s in backward)]:
        key = (s.start, s.end, t.start, t.end)
        if key not in seen:
            seen.add(key)
            out.append((s, t))
    out.sort(key=lambda p: (p[0].start, p[1].start))
    return out


# Words that set someone apart from a count or add them to it: "besides the leader, five
# climbers" counts the same team as "six climbers".
# fmt: off
_COUNT_APART = {
    "en": ("besides", "apart from", "aside from", "except", "excluding", "including",
           "not counting", "other than", "in addition to"),
    "nl": ("behalve", "exclusief", "inclusief", "met inbegrip van", "niet meegerekend",
           "afgezien van"),
    "de": ("außer", "ausser", "einschließlich", "einschliesslich", "inklusive",
           "abgesehen von", "nicht mitgerechnet", "nicht gerechnet"),
    "fr": ("outre", "en plus de", "sans compter", "excepté", "sauf", "hormis",
           "y compris", "non compris", "en dehors de", "à part"),
}
# fmt: on
_COUNT_APART_RE = {
    lang: re.compile(r"(?i)(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
    for lang, words in _COUNT_APART.items()
}


def count_rephrased(
    missing: Token,
    extra: Token,
    src: str,
    tgt: str,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> bool:
    """Whether a count that differs by one between ``src`` and ``tgt`` was rephrased
    rather than changed: one side sets someone apart from the count or adds them to it
    ("sechs Bergsteiger" / "outre le chef, cinq alpinistes"; "five plus the leader").

    Only whole numbers below 100 count, and only with such a word in either text
    (each read in its own language; English, Dutch, German and French).
    """
    try:
        a, b = int(missing.value), int(extra.value)
    except ValueError:
        return False
    if abs(a - b) != 1 or max(a, b) >= 100:
        return False
    return any(
        (rx := _COUNT_APART_RE.get(lang or "")) is not None and rx.search(text) is not None
        for text, lang in ((src, _lang(src_lang)), (tgt, _lang(tgt_lang)))
    )


def compare_numbers(
    src: str, tgt: str, src_lang: str | None = None, tgt_lang: str | None = None
) -> NumberDiff:
    """Numbers of ``src`` absent from ``tgt`` (``missing``) and the reverse (``extra``).

    Each side is read in its own language; a number matches when any reading
    of it agrees with any reading on the other side (``2,500`` en = ``2.500``
    nl; ``2.500`` with no language also reads as 2.5).  Repeats do not count: a
    number said twice in the source and once in the target is not missing.  A
    ``1`` in digits is not reported when the other side has a word that may
    stand for it ("een aanslag" for "1 attack").

    Numbers left over get a second, looser chance: a bare year is found in a
    date of that year ("1956" / "avril 1956"), a day in a date ("le 11" / "11.
    Juli"), a decimal in a tokenised or Swiss one ("2.70" / "2 , 70" / "2 fr .
    70"), a length in the same length in another unit ("30 cm" / "12 pouces (
    305 mm )", within 3 %; in the same unit the numbers must agree).  Finally a
    number is not reported when the other side has a word or sign standing for
    it: "beide" (2), "un siècle" (100), an ordinal ("zweiten" for "2e"), a
    German compound ("Achttausender" for "8000", "zehntägige" for "dix"), a
    Roman numeral ("camp IV" for "Lager 4") or digits glued to letters ("K2"
    for "K 2").
    """
    sl, tl = _lang(src_lang), _lang(tgt_lang)
    a, b = extract_numbers(src, sl), extract_numbers(tgt, tl)
    forward = [(t, o) for t in a if (o := _find_number(t, b)) is not None]
    backward = [(t, o) for t in b if (o := _find_number(t, a)) is not None]
    found_a = {id(t) for t, _ in forward}
    found_b = {id(t) for t, _ in backward}
    if len(found_a) < len(a) or len(found_b) < len(b):
        # the dates each side has left unmatched: rivals for a loose day-to-date match
        open_a = [t for t in a if id(t) not in found_a and _DATE_DAY_RE.fullmatch(t.value)]
        open_b = [t for t in b if id(t) not in found_b and _DATE_DAY_RE.fullmatch(t.value)]
        _second_chance(a, b, forward, found_a, open_a, open_b)
        _second_chance(b, a, backward, found_b, open_b, open_a)
        _second_chance_split(a, b, tgt, forward, found_a, found_b, backward)
        _second_chance_split(b, a, src, backward, found_b, found_a, forward)
        _second_chance_units(a, b, src, tgt, forward, backward, found_a, found_b)
    _range_ends(a, b, src, tgt, found_a, found_b, forward, backward)
    missing = [t for t in a if id(t) not in found_a]
    extra = [t for t in b if id(t) not in found_b]
    if missing:
        soft = _soft_numbers(tgt, tl, b)
        missing = [t for t in missing if not t.keys & soft]
    if extra:
        soft = _soft_numbers(src, sl, a)
        extra = [t for t in extra if not t.keys & soft]
    if _ONE_RE.search(tgt):
        missing = [t for t in missing if not {"1", "1."} & t.keys]
    if _ONE_RE.search(src):
        extra = [t for t in extra if not {"1", "1."} & t.keys]
    # A loose partner is one-way (a bare year finds a date, not the reverse): a token
    # still reported is not shown as matched.
    reported = {id(t) for t in (*missing, *extra)}
    pairs = [
        (s, t)
        for s, t in _merge_pairs(forward, backward)
        if id(s) not in reported and id(t) not in reported
    ]
    return NumberDiff(missing, extra, pairs)


# Between the two ends of a range: "1954/55", "110-117", "20 à 25", "6 bis 8".
_NUMBER_RANGE_GAP_RE = re.compile(r"\s*(?:[/–-]|à|au|bis|to|tot|till?)\s*", re.IGNORECASE)


def _ranges(tokens: list[Token], text: str) -> list[tuple[Token, Token]]:
    """Neighbouring plain numbers joined by a dash, a slash or a word of range."""
    return [
        (x, y)
        for x, y in pairwise(tokens)
        if x.text.isdigit()
        and y.text.isdigit()
        and _NUMBER_RANGE_GAP_RE.fullmatch(text, x.end, y.start)
    ]


def _range_end(start: Token, end: Token) -> set[str]:
    """The readings of a range's end: its own, and for an end written short after a
    start of three digits or more, the full number ("295-98" ends at 298, "1999-01" at
    2001; "12-3" is no short range but a score)."""
    out = set(end.keys)
    cut = len(start.text) - len(end.text)
    if len(start.text) >= 3 and cut > 0:
        full = int(start.text[:cut] + end.text)
        if full <= int(start.text):
            full += 10 ** len(end.text)
        out.add(str(full))
    return out


def _range_ends(
    a: list[Token],
    b: list[Token],
    src: str,
    tgt: str,
    found_a: set[int],
    found_b: set[int],
    forward: list[tuple[Token, Token]],
    backward: list[tuple[Token, Token]],
) -> None:
    """A range that starts as a range of the other side does but ends elsewhere differs,
    even when each end is found somewhere on the other side by itself ("1954/55" and
    "1954/56" beside "1956"): both ends are unmatched, and so is a number whose only
    partner was such an end.  An end written short ("295-98" for "295-298") agrees.
    A range's start whose only partners are the full readings of short ends of the
    other side's ranges is unmatched too ("1957/57" for "1956/57": 1957 is not the 57).
    Linear in the number of ranges (starts are looked up by value)."""
    ra, rb = _ranges(a, src), _ranges(b, tgt)
    if not (ra and rb):
        return
    _starts_read_as_ends(ra, rb, found_a, found_b, forward, backward)

    def by_start(ranges: list[tuple[Token, Token]]) -> dict[str, list[set[str]]]:
        out: dict[str, list[set[str]]] = {}
        for x, y in ranges:
            for key in x.keys:
                out.setdefault(key, []).append(_range_end(x, y))
        return out

    ends_a, ends_b = by_start(ra), by_start(rb)
    lost_a: list[Token] = []
    lost_b: list[Token] = []
    for (x, y), (starts, lost, found) in (
        *((r, (ends_b, lost_a, found_a)) for r in ra),
        *((r, (ends_a, lost_b, found_b)) for r in rb),
    ):
        others = [e for key in x.keys for e in starts.get(key, ())]
        if not others:
            continue
        mine = _range_end(x, y)
        if any(mine & e for e in others):
            found.add(id(y))
        else:
            lost.append(y)
    if lost_a or lost_b:
        _unfind(lost_a, found_a, backward, found_b, a)
        _unfind(lost_b, found_b, forward, found_a, b)


def _starts_read_as_ends(
    ra: list[tuple[Token, Token]],
    rb: list[tuple[Token, Token]],
    found_a: set[int],
    found_b: set[int],
    forward: list[tuple[Token, Token]],
    backward: list[tuple[Token, Token]],
) -> None:
    """Unmatch each range start of either side whose partners are all short range ends
    of the other side read in full (not by their own value)."""
    for ranges, others, found, pairs in (
        (ra, rb, found_a, forward),
        (rb, ra, found_b, backward),
    ):
        short_ends = {id(y) for _, y in others}
        for x, _ in ranges:
            partners = [o for t, o in pairs if t is x]
            if partners and all(id(o) in short_ends and o.value != x.value for o in partners):
                found.discard(id(x))


def _unfind(
    lost: list[Token],
    found: set[int],
    other_pairs: list[tuple[Token, Token]],
    other_found: set[int],
    side: list[Token],
) -> None:
    """The ``lost`` tokens unmatched; so is each token of the other side that was paired
    with one of them and matches no token of this side still found."""
    gone = {id(t) for t in lost}
    found.difference_update(gone)
    if not gone:
        return
    keys = {k for t in side if id(t) in found for k in t.keys}
    for o, partner in other_pairs:
        if id(partner) in gone and not o.keys & keys:
            other_found.discard(id(o))


def _second_chance(
    side: list[Token],
    other: list[Token],
    pairs: list[tuple[Token, Token]],
    found: set[int],
    own_dates: list[Token],
    other_dates: list[Token],
) -> None:
    """Loose partners (:func:`_loose_find`) for the tokens of ``side`` still unmatched;
    ``own_dates`` and ``other_dates`` are the dates each side left unmatched."""
    for t in side:
        rivals = other_dates if _DATE_DAY_RE.fullmatch(t.value) else own_dates
        if id(t) not in found and (o := _loose_find(t, other, rivals)) is not None:
            pairs.append((t, o))
            found.add(id(t))


def _second_chance_split(
    side: list[Token],
    other: list[Token],
    other_text: str,
    pairs: list[tuple[Token, Token]],
    found: set[int],
    other_found: set[int],
    other_pairs: list[tuple[Token, Token]],
) -> None:
    """Unmatched decimals of ``side`` against split decimals ("2 fr . 70") of ``other``."""
    todo = [t for t in side if id(t) not in found and "." in t.value.rstrip(".")]
    if not todo:
        return
    splits = _split_decimals(other, other_text)
    for t in todo:
        for keys, x, y in splits:
            if t.keys & keys:
                pairs.append((t, x))
                found.add(id(t))
                for part in (x, y):
                    if id(part) not in other_found:
                        other_found.add(id(part))
                        other_pairs.append((part, t))
                break


def _second_chance_units(
    a: list[Token],
    b: list[Token],
    src: str,
    tgt: str,
    forward: list[tuple[Token, Token]],
    backward: list[tuple[Token, Token]],
    found_a: set[int],
    found_b: set[int],
) -> None:
    """Lengths converted between units: "30 cm" and "12 pouces ( 305 mm )"."""
    la = [(t, x) for t in a if id(t) not in found_a and (x := _length(t, src))]
    lb = [(t, x) for t in b if id(t) not in found_b and (x := _length(t, tgt))]
    for s, xs in la:
        for t, xt in lb:
            if _converted(xs, xt):
                if id(s) not in found_a:
                    found_a.add(id(s))
                    forward.append((s, t))
                if id(t) not in found_b:
                    found_b.add(id(t))
                    backward.append((t, s))
    _glossed_lengths(a, src, forward, found_a)
    _glossed_lengths(b, tgt, backward, found_b)


# A number and a length in another unit in brackets right after it, the same quantity
# said twice: "8 ( 203 mm )", "12 pouces ( 305 mm )", "5 miles (8 km)".
_GLOSS_OPEN_RE = re.compile(
    r"\s*(?:(?:" + "|".join(sorted(_LENGTH_UNITS, key=len, reverse=True)) + r")\.?\s*)?\(\s*",
    re.IGNORECASE,
)
_METRIC = frozenset({"mm", "cm", "dm", "m", "km"})


def _unitless_gloss(tok: Token, gloss: tuple[str, Decimal]) -> bool:
    """Whether a number without a unit is the bracketed length in a unit of the other
    system ("8 ( 203 mm )": 8 inches; "Camp 4 (7,000 m)" and "3 (30 cm)" are not)."""
    if not _DECIMAL_RE.fullmatch(tok.value) or not tok.text[:1].isdigit():
        return False
    metric = gloss[0].lower() in _METRIC
    return any(
        _converted((unit, Decimal(tok.value) * factor), gloss)
        for unit, factor in _LENGTH_UNITS.items()
        if (unit in _METRIC) != metric
    )


def _glossed_lengths(
    side: list[Token], text: str, pairs: list[tuple[Token, Token]], found: set[int]
) -> None:
    """A number and the bracketed length glossing it stand or fall together: when the
    gloss found a partner, the number is found too (with the same partner), and the
    reverse when the number has a unit of its own that the gloss converts ("60 ft (
    18,29 m )"; "60 pieds ( 19,29 m )" is no gloss)."""
    partner = {id(x): y for x, y in pairs}
    for x, y in pairwise(side):
        m = _GLOSS_OPEN_RE.match(text, x.end)
        if not (m and m.end() == y.start and (gloss := _length(y, text))):
            continue
        own = _length(x, text)
        if own is not None and not _converted(own, gloss):
            continue
        if own is None and not _unitless_gloss(x, gloss):
            continue
        for one, other in ((y, x), (x, y)) if own else ((y, x),):
            if id(one) in found and id(other) not in found and id(one) in partner:
                found.add(id(other))
                pairs.append((other, partner[id(one)]))


def _names_agree(a: Token, b: Token) -> bool:
    plain = ("url", "email", "mention")
    if a.kind in plain or b.kind in plain:
        return a.kind == b.kind and a.value == b.value
    if a.kind == "hashtag" or b.kind == "hashtag":
        return a.value.lstrip("#") == b.value.lstrip("#")
    return names_match(a.text, b.text)


def _word_fallback(tok: Token, other: _NameAnalysis) -> Token | None:
    """A plain word of the other text that accounts for ``tok``, as a ``word`` token."""
    if tok.kind in ("url", "email", "mention"):
        m = re.search(re.escape(tok.value), other.text, re.IGNORECASE)
        return Token("word", m.group(), tok.value, m.start(), m.end()) if m else None
    if tok.kind == "acronym" and any(c.isdigit() for c in tok.text):
        # K2 and "K 2" (tokenised), MH17 and "MH 17"
        pattern = r"(?<!\w)" + r"\s?".join(re.escape(c) for c in tok.text) + r"(?!\w)"
        m = re.search(pattern, other.text)
        if m:
            return Token("word", m.group(), tok.value, m.start(), m.end())
    if tok.kind == "hashtag":
        keys = [tok.value.lstrip("#")]
    elif tok.kind == "acronym":
        keys = [tok.value]
    else:
        keys = [t for t in _content_tokens(tok.value) if t not in _GENERIC_TOKENS]
        if " " in tok.value and keys:
            # A multiword name needs its head (the surname, the noun): "Mustafa" alone
            # must not account for "Mustafa Amin". A hyphenated one needs any part.
            keys = keys[-1:]
    for w, s, e in other.words:
        fw = _name_key(w)
        if tok.kind == "acronym":
            # "US" must not find the English pronoun "us": only capitalised words count.
            ok = (w.isupper() or (len(fw) >= 4 and w[0].isupper())) and (
                fw == keys[0] or names_match(tok.text, w)
            )
        else:
            ok = any(_token_match(k, p) for k in keys for p in _content_tokens(fw))
        if ok:
            return Token("word", w, fw, s, e)
    return None


def _match_names(
    side: _NameAnalysis, other: _NameAnalysis
) -> tuple[list[tuple[Token, Token]], list[Token]]:
    pairs: list[tuple[Token, Token]] = []
    unmatched: list[Token] = []
    for tok in side.tokens:
        partner = next((o for o in other.tokens if o.value == tok.value), None)
        if partner is None:
            partner = next((o for o in other.tokens if _names_agree(tok, o)), None)
        if partner is None:
            partner = _word_fallback(tok, other)
        if partner is None:
            unmatched.append(tok)
        else:
            pairs.append((tok, partner))
    return pairs, unmatched


def compare_names(
    src: str, tgt: str, src_lang: str | None = None, tgt_lang: str | None = None
) -> NameDiff:
    """Names of ``src`` absent from ``tgt`` (``missing``) and the reverse (``extra``).

    A name is present when a name of the other side matches it
    (:func:`names_match`) or, failing that, when a plain word of the other side
    does (Dutch writes "westerse" and "moslims" in lower case, German compounds
    swallow names).  Matched pairs with such a word carry a ``word`` token.

    A German name with no counterpart is reported only when it is clearly a
    name (:func:`_german_name_reportable`): German capitalises every noun, so an
    unmatched "Ende Juni" or "Berner Bergsteigern" proves nothing.
    """
    sl, tl = _lang(src_lang), _lang(tgt_lang)
    a, b = _analyse_names(src, sl), _analyse_names(tgt, tl)
    forward, missing = _match_names(a, b)
    backward, extra = _match_names(b, a)
    if sl == "de":
        missing = [t for t in missing if _german_name_reportable(t, src)]
    if tl == "de":
        extra = [t for t in extra if _german_name_reportable(t, tgt)]
    return NameDiff(missing, extra, _merge_pairs(forward, backward))


# A title or an initial right before a German name: "Dr. Georg Weiler", "Mrs. Joyce ...".
_TITLE_BEFORE_RE = re.compile(
    r"(?<!\w)(?:(?:Dr|Prof|Herrn?|Frau|Fräulein|Mrs?|Ms|Miss|Sir|Lord|Lady|Captain|Capt"
    r"|Kapitän|Hauptmann|Oberst|General|Major|Leutnant|Pater|Abbé|Sherpa)\.?"
    r"|[A-Z]\.)\s*$"
)
# Common given names: a German capitalised run is a person's name when one of them comes
# before its last word (folded: "jurg" for Jürg).
# fmt: off
_GIVEN_NAMES = frozenset("""
adolf albert albrecht alexander alfred alois andre andreas anna anton armin arnold arthur
august augustin bernhard bruno carl charles christian christoph claude daniel david dieter
edmund eduard edward elisabeth elizabeth emil erich ernst erwin eugen felix ferdinand franz
francois frank franco friedrich fritz georg george georges gerhard gottfried gustav guido
hans hansruedi hansrudolf harald heinrich heinz helmut henri henry herbert hermann hugo
jacques jakob james jean joachim johann johannes john josef joseph joyce jurg jurgen karl
klaus konrad kurt leo leopold lorenz louis ludwig lukas marcel maria marie markus martin
max michael michel monica norbert otto paul peter philipp pierre raymond reinhold richard
robert roger rolf rudolf ruedi sepp stefan thomas toni trevor ulrich urs walter werner
wilhelm william willy wolfgang
abdul abdullah ahmad ahmed ali hassan hussein ibrahim khalid mahmoud mohammed muhammad
mustafa omar yusuf ivan sergei vladimir
""".split())
# fmt: on


def _german_name_reportable(tok: Token, text: str) -> bool:
    """Whether a German name with no counterpart is worth reporting.

    German capitalises every noun, so "Regierung von Nepal", "Ende Juni" or "Berner
    Bergsteigern" look like names and are not.  An unmatched capitalised run is
    reported only when it is clearly a name: a known place, a run after a title or
    an initial ("Dr. Georg Weiler"), or a given name followed by a surname
    ("Albert Zimmermann", "Experte Mustafa Amin").  Acronyms, URLs, e-mails,
    hashtags and mentions always are.
    """
    if tok.kind != "name":
        return True
    if _exonym_id(tok.text, tok.value) is not None:
        return True
    if _TITLE_BEFORE_RE.search(text, max(0, tok.start - 12), tok.start):
        return True
    parts = _content_tokens(tok.value)
    return any(p in _GIVEN_NAMES for p in parts[:-1])  # "Experte Mustafa Amin"


# --------------------------------------------------------------------------- similarity

_PUNCT_CLASSES: tuple[str, ...] = ("?", "!", ":", ";", '"“”„«»‘’', "()[]", "…", "–—")
_VOWELS_RE = re.compile(r"[aeiouh]")


@dataclass(frozen=True)
class LexicalProfile:
    """What :func:`profile_similarity` needs of one segment; compute it once per segment.

    Attributes:
        numbers: the readings of each number (:attr:`Token.keys`).
        number_keys: every reading of every number, for fast look-ups.
        names: language-neutral keys of the names (exonym ids, consonant skeletons).
        cognates: character trigrams of capitalised and long words, spelling-normalised.
        punctuation: counts of ``? ! : ; quotes brackets … dashes``.
    """

    numbers: tuple[frozenset[str], ...]
    number_keys: frozenset[str]
    names: frozenset[str]
    cognates: frozenset[str]
    punctuation: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "numbers": [sorted(k) for k in self.numbers],
            "names": sorted(self.names),
            "cognates": len(self.cognates),
            "punctuation": list(self.punctuation),
        }


def _name_profile_keys(tok: Token) -> set[str]:
    if tok.value in _EXONYM_IDS:  # UN and VN, Moscow and Moskou share one key
        return {f"={_EXONYM_IDS[tok.value]}"}
    if tok.kind != "name":
        return {tok.value}
    out: set[str] = set()
    for t in _content_tokens(tok.value):
        if t in _EXONYM_IDS:
            out.add(f"={_EXONYM_IDS[t]}")
            continue
        stems = sorted(_stems(t), key=len) or [_skeleton(t)]
        stem = stems[0]  # the shortest stem: Egyptian and Egyptische agree on "egipt"
        out.add(stem[0] + _VOWELS_RE.sub("", stem[1:]))
    return out


def lexical_profile(text: str, lang: str | None = None) -> LexicalProfile:
    """The lexical evidence of one segment, for :func:`profile_similarity`."""
    numbers = tuple(t.keys for t in extract_numbers(text, lang))
    names: set[str] = set()
    for tok in extract_names(text, lang):
        names |= _name_profile_keys(tok)
    grams: set[str] = set()
    for m in _WORD_RE.finditer(text):
        w = m.group()
        if len(w) >= 7 or (w[0].isupper() and len(w) >= 3):
            sk = "^" + _skeleton(_fold(w)) + "$"
            grams.update(sk[i : i + 3] for i in range(len(sk) - 2))
    counts = [sum(text.count(c) for c in group) for group in _PUNCT_CLASSES]
    counts[_PUNCT_CLASSES.index("…")] += text.count("...")
    return LexicalProfile(
        numbers=numbers,
        number_keys=frozenset().union(*numbers) if numbers else frozenset(),
        names=frozenset(names),
        cognates=frozenset(grams),
        punctuation=tuple(counts),
    )


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b))


def profile_similarity(p: LexicalProfile, q: LexicalProfile) -> float:
    """Similarity in [0, 1] of two profiles.

    A weighted mean of the overlap of numbers (0.35), names (0.30), cognates
    (0.20) and the punctuation profile (0.15), over the parts for which at
    least one side has evidence.  With little evidence the mean is divided by
    at least 0.5, so punctuation alone never scores above 0.3.
    """
    parts: list[tuple[float, float]] = []
    if p.numbers or q.numbers:
        hits = sum(bool(k & q.number_keys) for k in p.numbers)
        hits += sum(bool(k & p.number_keys) for k in q.numbers)
        parts.append((0.35, hits / (len(p.numbers) + len(q.numbers))))
    if p.names or q.names:
        parts.append((0.30, _dice(p.names, q.names)))
    if p.cognates or q.cognates:
        parts.append((0.20, _dice(p.cognates, q.cognates)))
    top = sum(max(x, y) for x, y in zip(p.punctuation, q.punctuation))
    if top:
        low = sum(min(x, y) for x, y in zip(p.punctuation, q.punctuation))
        parts.append((0.15, low / top))
    if not parts:
        return 0.0
    weight = sum(w for w, _ in parts)
    return min(1.0, sum(w * s for w, s in parts) / max(weight, 0.5))


def lexical_similarity(src: str, tgt: str) -> float:
    """:func:`profile_similarity` of two texts; for many pairs, profile each text once."""
    return profile_similarity(lexical_profile(src), lexical_profile(tgt))
