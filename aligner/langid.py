"""Language tagging of documents and paragraphs.

Built on ``langdetect`` (n-gram profiles for 55 languages), made deterministic and
made careful about short text:

* **Deterministic.** The profiles are loaded once per process into a private
  detector factory, in sorted file order, with a fixed seed; every call builds a
  fresh detector, so a text always gets the same answer whatever was detected
  before it, in this process or another.
* **Script first.** Letters are counted per Unicode script (Latin, Arabic, Cyrillic,
  Greek, Han, Hebrew...). Detection runs on the letters of the text's main script
  only, and only over the languages written in that script: Chinese characters are
  never Korean, a short Cyrillic line is never Dutch, an Arabic word inside an
  English sentence does not derail it.
* **Short text is not confident.** ``langdetect`` reports 0.99999 for a five-letter
  word, so its probability is scaled by how much evidence the text holds (letters
  outside all-capital words, CJK characters counting triple) before it is called a
  confidence. Too little evidence, or too ambiguous a result, gives ``"und"``.
* **The document is a prior.** A paragraph whose candidates include the document's
  language with a reasonable probability is tagged with it.
* **Mixed paragraphs.** A paragraph is *mixed* when it holds a run of letters in a
  script foreign to its own main script, when its main script is foreign to the
  document's, or when it is long and confidently in another language than the
  document's.

Nothing heavy is imported at module import: ``langdetect`` is loaded on first use.
"""

from __future__ import annotations

import json
import os
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = [
    "UND",
    "LangTag",
    "detect_language",
    "script_counts",
    "script_of",
    "supported_languages",
    "tag_document",
]

UND = "und"

# --------------------------------------------------------------------------- thresholds

# Fewer evidence letters than this: no language at all.
MIN_EVIDENCE = 3
# A language other than the prior needs a top probability of at least this...
MIN_TOP_PROB = 0.5
# ...and a length-scaled confidence of at least this, else "und"; when the prior is
# written in the same script (so it competed and lost) it must beat the stricter bar.
MIN_CONFIDENCE = 0.3
MIN_CONFIDENCE_VS_PRIOR = 0.5
# The prior wins when langdetect gives it at least this probability (2 of its 7 trials).
PRIOR_MIN_PROB = 0.2
# A paragraph confidently in another language than the document's is mixed when it
# is at least this confident and holds at least LONG_EVIDENCE evidence letters.
MIXED_CONFIDENCE = 0.9
LONG_EVIDENCE = 40
# Letters of a foreign script needed to count as a run (a lone "π" is a symbol).
MIN_RUN = 2
# CJK characters carry about a word's worth of information each.
_CJK_WEIGHT = 3

# --------------------------------------------------------------------------- scripts

# Languages langdetect knows, by the script they are written in. Han alone means
# Chinese; Japanese and Korean are recognised by their kana and Hangul.
_SCRIPT_LANGS: dict[str, tuple[str, ...]] = {
    "Latin": tuple(
        "af ca cs cy da de en es et fi fr hr hu id it lt lv nl no pl pt ro sk sl so sq sv"
        " sw tl tr vi".split()
    ),
    "Cyrillic": ("bg", "mk", "ru", "uk"),
    "Arabic": ("ar", "fa", "ur"),
    "Devanagari": ("hi", "mr", "ne"),
    "Han": ("zh-cn", "zh-tw"),
    "Bopomofo": ("zh-tw",),
    "Hiragana": ("ja",),
    "Katakana": ("ja",),
    "Hangul": ("ko",),
    "Greek": ("el",),
    "Hebrew": ("he",),
    "Thai": ("th",),
    "Bengali": ("bn",),
    "Gujarati": ("gu",),
    "Gurmukhi": ("pa",),
    "Tamil": ("ta",),
    "Telugu": ("te",),
    "Kannada": ("kn",),
    "Malayalam": ("ml",),
}

# The script each language is written in (Japanese: kana, compatible with Han).
_LANG_SCRIPT: dict[str, str] = {
    lang: script
    for script, langs in _SCRIPT_LANGS.items()
    for lang in langs
    if script not in ("Bopomofo", "Katakana")
}

# Scripts that share a text without making it mixed: Japanese writes Han with kana,
# Korean sometimes writes Han among Hangul.
_COMPATIBLE: dict[str, frozenset[str]] = {
    "Han": frozenset({"Hiragana", "Katakana", "Hangul", "Bopomofo"}),
    "Hiragana": frozenset({"Han", "Katakana"}),
    "Katakana": frozenset({"Han", "Hiragana"}),
    "Hangul": frozenset({"Han"}),
    "Bopomofo": frozenset({"Han"}),
}

_CJK = frozenset({"Han", "Hiragana", "Katakana", "Hangul", "Bopomofo"})

# Evidence letters for full confidence. Latin is shared by some thirty languages,
# Cyrillic by four close ones; a script with one language needs little.
_FULL_EVIDENCE: dict[str, int] = {
    "Latin": 30,
    "Cyrillic": 25,
    "Devanagari": 20,
    "Arabic": 15,
    "Han": 24,  # 8 characters
}
_FULL_EVIDENCE_DEFAULT = 8  # single-language scripts

# First words of Unicode character names that are not the script's name.
_NAME_ALIASES = {"CJK": "Han"}
_NAME_SKIP = frozenset({"FULLWIDTH", "HALFWIDTH", "SMALL", "CAPITAL", "MODIFIER"})
_NAME_LETTER_WORDS = ("LETTER", "SYLLABLE", "CHARACTER", "IDEOGRAPH", "LIGATURE", "VOWEL")

_LETTERS_RE = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=8192)
def _char_script(ch: str) -> str | None:
    """Script of one character, or ``None`` when it is not a letter of any script."""
    if "a" <= ch <= "z" or "A" <= ch <= "Z":
        return "Latin"
    if not unicodedata.category(ch).startswith("L"):
        return None
    name = unicodedata.name(ch, "")
    if not name:
        # Unnamed letters are CJK or Hangul extensions in older Unicode tables.
        return "Han" if 0x3400 <= ord(ch) <= 0x3FFFF else None
    words = name.split()
    while len(words) > 1 and words[0] in _NAME_SKIP:
        words = words[1:]
    first = words[0]
    if first in _NAME_ALIASES:
        return _NAME_ALIASES[first]
    if not any(w in _NAME_LETTER_WORDS for w in words[1:]):
        return None  # e.g. FEMININE ORDINAL INDICATOR: a symbol, not a script's letter
    return first.title()


def script_counts(text: str) -> dict[str, int]:
    """Number of letters per script in ``text`` (only scripts that occur)."""
    counts: Counter[str] = Counter()
    for ch, k in Counter(text).items():  # each distinct character looked up once
        s = _char_script(ch)
        if s is not None:
            counts[s] += k
    return dict(counts)


def _dominant(counts: dict[str, int], prefer: str | None = None) -> str | None:
    if not counts:
        return None
    # Ties go to the preferred script, then alphabetical order: deterministic.
    return max(counts, key=lambda s: (counts[s], s == prefer, [-ord(c) for c in s]))


def script_of(text: str) -> str | None:
    """The script most letters of ``text`` are written in (``"Latin"``, ``"Arabic"``,
    ``"Han"``...), or ``None`` when ``text`` has no letters."""
    return _dominant(script_counts(text))


def _compatible(a: str, b: str) -> bool:
    return a == b or b in _COMPATIBLE.get(a, frozenset())


def _keep_script(text: str, keep: frozenset[str]) -> str:
    """``text`` with letters of scripts outside ``keep`` replaced by spaces."""
    drop = {
        ord(ch): " " for ch in set(text) if (s := _char_script(ch)) is not None and s not in keep
    }
    return text.translate(drop) if drop else text


def _capital_words(text: str) -> str:
    """The all-capital words of ``text`` (two letters or more), joined."""
    return " ".join(w for w in _LETTERS_RE.findall(text) if len(w) > 1 and w.isupper())


def _evidence(text: str, scripts: frozenset[str]) -> int:
    """Letters of ``scripts`` that a detector can learn from, CJK counting triple.

    All-capital words (acronyms, ``CITY``) are left out, as langdetect ignores them.
    """

    def weighted(counts: dict[str, int]) -> int:
        return sum((_CJK_WEIGHT if s in _CJK else 1) * n for s, n in counts.items() if s in scripts)

    return weighted(script_counts(text)) - weighted(script_counts(_capital_words(text)))


def _run_letters(text: str, script: str) -> int:
    """Letters of ``script`` in ``text``; all-capital Latin words (acronyms, codes such
    as ``ISIS`` or ``COVID`` in a Russian text) do not make a run."""
    n = script_counts(text).get(script, 0)
    if script == "Latin":
        n -= script_counts(_capital_words(text)).get(script, 0)
    return n


# --------------------------------------------------------------------------- langdetect

_FACTORY: Any = None
_FACTORY_LOCK = threading.Lock()


def _factory() -> Any:
    """langdetect's profiles, loaded once per process in a fixed order with seed 0.

    A private factory, not langdetect's global one, so nobody else's settings leak
    in; sorted file order, so language indices (and float sums) never depend on the
    file system's listing order.
    """
    global _FACTORY
    if _FACTORY is None:
        with _FACTORY_LOCK:
            if _FACTORY is None:
                from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
                from langdetect.utils.lang_profile import LangProfile

                DetectorFactory.seed = 0
                factory = _load_built_factory(DetectorFactory)
                if factory is None:
                    factory = DetectorFactory()
                    factory.seed = 0
                    names = sorted(
                        n for n in os.listdir(PROFILES_DIRECTORY) if not n.startswith(".")
                    )
                    for index, name in enumerate(names):
                        with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as fh:
                            profile = LangProfile(**json.load(fh))
                        factory.add_profile(profile, index, len(names))
                    _save_built_factory(factory)
                _FACTORY = factory
    return _FACTORY


def _built_factory_path():
    """Where the built profiles are kept: parsing 55 JSON profiles costs about half a
    second per process, loading the built tables a fraction of that. Named after the
    profile files (names and sizes), so other profiles build their own."""
    import hashlib

    from langdetect.detector_factory import PROFILES_DIRECTORY

    from .encoders import cache_dir

    digest = hashlib.sha256()
    for name in sorted(os.listdir(PROFILES_DIRECTORY)):
        size = os.path.getsize(os.path.join(PROFILES_DIRECTORY, name))
        digest.update(f"{name}\0{size}\0".encode())
    return cache_dir() / "models" / f"langdetect-profiles-{digest.hexdigest()[:16]}"


def _with(path: Any, suffix: str) -> Any:
    return path.parent / (path.name + suffix)


class _ProbTable(dict):
    """langdetect's n-gram table read from the built matrix, for langdetect's own
    detector (:func:`langdetect_reference`; detection here reads
    the matrix directly, see :func:`_tables`): the lists it expects are made on first
    use of each n-gram, so a process pays only for the n-grams its texts hold."""

    def __init__(self, keys: Any, matrix: Any) -> None:
        super().__init__()
        self._keys = keys  # the n-grams, sorted; row i of the matrix is keys[i]'s
        self._matrix = matrix
        self._rows: dict[str, int] | None = None

    def _index(self) -> dict[str, int]:
        if self._rows is None:
            self._rows = {w: i for i, w in enumerate(self._keys.tolist())}
        return self._rows

    def __contains__(self, key: object) -> bool:
        return key in self._index()

    def __missing__(self, key: str) -> list[float]:
        value = self._matrix[self._index()[key]].tolist()
        self[key] = value
        return value


def _load_built_factory(cls: Any) -> Any:
    import pickle

    import numpy as np

    path = _built_factory_path()
    try:
        with open(_with(path, ".pkl"), "rb") as fh:
            state = pickle.load(fh)
        keys = np.load(_with(path, "-keys.npy"))
        matrix = np.load(_with(path, ".npy"), mmap_mode="r")
    except Exception:  # absent, stale or unreadable: build from the profiles
        return None
    factory = cls()
    factory.word_lang_prob_map = _ProbTable(keys, matrix)
    factory.langlist = state["langlist"]
    factory.seed = 0
    return factory


def _sorted_table(table: dict[str, list[float]]) -> tuple[Any, Any]:
    """The n-grams sorted (a numpy string array) and their probability rows."""
    import numpy as np

    words = sorted(table)
    keys = np.array(words, dtype=f"U{max(map(len, words))}")
    return keys, np.array([table[w] for w in words], dtype=np.float64)


def _save_built_factory(factory: Any) -> None:
    import pickle

    import numpy as np

    from .encoders import _atomic_write

    keys, matrix = _sorted_table(factory.word_lang_prob_map)
    path = _built_factory_path()
    try:
        _atomic_write(_with(path, ".npy"), lambda fh: np.save(fh, matrix))
        _atomic_write(_with(path, "-keys.npy"), lambda fh: np.save(fh, keys))
        # the language list is written last: its presence means the rest is complete
        state = {"langlist": factory.langlist}
        _atomic_write(_with(path, ".pkl"), lambda fh: pickle.dump(state, fh, 5))
    except OSError:
        pass  # a read-only cache folder only costs speed


def langdetect_reference(text: str, allowed: tuple[str, ...]) -> dict[str, float]:
    """langdetect's own detector loop over the ``allowed`` languages, with the same
    profiles and seed: what :func:`_probabilities` replays, kept as the yardstick the
    tests and the benchmark compare it with. Languages with probability zero are left
    out; empty when the text holds no usable n-gram."""
    from langdetect.lang_detect_exception import LangDetectException

    factory = _factory()
    detector = factory.create()
    detector.set_prior_map(dict.fromkeys(allowed, 1.0))
    detector.append(text)
    try:
        detector.get_probabilities()
    except LangDetectException:
        return {}
    return {k: p for k, p in zip(factory.get_lang_list(), detector.langprob) if p > 0}


def supported_languages() -> frozenset[str]:
    """Language codes langdetect can return (ISO 639-1, plus ``zh-cn`` and ``zh-tw``)."""
    return frozenset(_factory().get_lang_list())


_TABLES: Any = None


def _tables() -> tuple[Any, Any]:
    """The n-grams with a profile, sorted (a numpy string array), and the (n-grams x
    languages) probability matrix, row i for the i-th n-gram."""
    global _TABLES
    if _TABLES is None:
        import numpy as np

        table = _factory().word_lang_prob_map
        if isinstance(table, _ProbTable):
            _TABLES = (table._keys, np.asarray(table._matrix))
        else:  # just built from the profiles
            _TABLES = _sorted_table(table)
    return _TABLES


class _Draws:
    """The 32-bit outputs of Python's Mersenne Twister seeded with ``seed``, as numpy
    reads them, so that ``random.Random(seed)``'s calls can be replayed in bulk."""

    def __init__(self, seed: int) -> None:
        import random

        import numpy as np

        state = random.Random(seed).getstate()[1]
        self._bits = np.random.MT19937()
        self._bits.state = {
            "bit_generator": "MT19937",
            "state": {"key": np.array(state[:624], dtype=np.uint32), "pos": state[624]},
        }
        self.words = np.zeros(0, dtype=np.uint64)
        self._lock = threading.Lock()

    def upto(self, n: int) -> Any:
        """At least the first ``n`` words."""
        if len(self.words) < n:
            import numpy as np

            with self._lock:
                if len(self.words) < n:  # another thread may have extended it meanwhile
                    more = max(n - len(self.words), 1 << 15)
                    self.words = np.concatenate([self.words, self._bits.random_raw(more)])
        return self.words


_DRAWS: dict[int, _Draws] = {}
# Steps of a walk computed before looking for its end (most walks end before this).
_FIRST_STEPS = 121


def _trials(rows: Any, seed: int, size: int = 4096) -> Any:
    """langdetect's estimate from the probability rows of a text's n-grams: seven
    trials, each a random walk over the n-grams (multiplying the languages'
    probabilities by each n-gram's, smoothed by a jittered ``alpha``) until one
    language holds 0.99999 of the mass at a check every five steps, or 1000 steps.

    The same random draws and stopping points as langdetect's loop (the Mersenne
    Twister words it consumes, turned into ``gauss`` and ``choice`` values the way
    Python's ``random`` does), computed in log space for a whole walk at once, and
    only over the languages given (the others have a zero prior and stay zero).
    """
    import math

    import numpy as np
    from langdetect.detector import Detector as D

    draws = _DRAWS.get(seed) or _DRAWS.setdefault(seed, _Draws(seed))
    n, width = rows.shape
    bits = 32 - n.bit_length()  # random.choice: getrandbits(n.bit_length()) until < n
    steps = D.ITERATION_LIMIT + 1
    # the steps where langdetect checks convergence, in a short first stage (most
    # walks end there) and the rest
    stages = ((0, _FIRST_STEPS), (_FIRST_STEPS, steps))
    at = [np.arange(-(-a // 5) * 5, b, 5) - a for a, b in stages]
    bar = 1.0 / D.CONV_THRESHOLD
    total = np.zeros(width)
    # the first ``size`` words of the stream as choice candidates, and which of them
    # are accepted (a walk starting at word ``pos`` draws the accepted ones after it)
    cand = draws.upto(size)[:size] >> bits
    accepted = np.flatnonzero(cand < n)
    pos, spare = 0, None
    for _ in range(7):  # langdetect's number of trials
        if spare is None:  # random.gauss: two values from two random() calls
            w1, w2, w3, w4 = draws.upto(pos + 4)[pos : pos + 4].tolist()
            u1 = ((w1 >> 5) * 67108864.0 + (w2 >> 6)) / 9007199254740992.0
            u2 = ((w3 >> 5) * 67108864.0 + (w4 >> 6)) / 9007199254740992.0
            pos += 4
            x2pi, g2rad = u1 * 2.0 * math.pi, math.sqrt(-2.0 * math.log(1.0 - u2))
            z, spare = math.cos(x2pi) * g2rad, math.sin(x2pi) * g2rad
        else:
            z, spare = spare, None
        weight = (D.ALPHA_DEFAULT + z * D.ALPHA_WIDTH) / D.BASE_FREQ
        first = int(np.searchsorted(accepted, pos))
        taken = accepted[first : first + steps]
        acc = 0.0
        for (start, end), rel in zip(stages, at):
            if len(taken) < end:  # the stream read so far is too short: read more
                return _trials(rows, seed, size * 4)
            cum = np.cumsum(np.log(weight + rows[cand[taken[start:end]]]), axis=0)
            cum += acc
            acc = cum[-1]
            mass = cum[rel]
            mass -= mass.max(axis=1, keepdims=True)
            np.exp(mass, out=mass)
            sums = mass.sum(axis=1)  # 1 / the largest normalised probability at each check
            done = np.flatnonzero(sums < bar)
            if len(done) or end == steps:
                stop = int(done[0]) if len(done) else len(rel) - 1
                break
        pos = int(taken[start + rel[stop]]) + 1
        total += mass[stop] / sums[stop]
    return total / 7


_NORMAL: dict[str, str] = {}
_UPPER: dict[str, bool] = {" ": False}


def _prepared(text: str) -> str:
    """The text langdetect's detector works on: ``Detector.append`` (URLs and e-mail
    addresses blanked, Vietnamese marks composed, cut at the length limit, runs of
    spaces as one) then ``Detector.cleaning_text`` (Latin letters dropped from text
    mostly in other scripts). The same string, built with whole-string operations
    instead of langdetect's character loops."""
    from langdetect.detector import Detector
    from langdetect.utils.ngram import NGram
    from langdetect.utils.unicode_block import unicode_block

    text = Detector.URL_RE.sub(" ", text)
    text = Detector.MAIL_RE.sub(" ", text)
    text = NGram.normalize_vi(text)
    text = _SPACES.sub(" ", text[:_MAX_TEXT_LENGTH])
    latin = non_latin = 0
    for ch, k in Counter(text).items():
        if "A" <= ch <= "z":
            latin += k
        elif ch >= "\u0300" and unicode_block(ch) != "Latin Extended Additional":
            non_latin += k
    if latin * 2 < non_latin:
        text = text.translate(_DROP_LATIN)
    return text


#: ``Detector``'s default length limit (characters read from a text).
_MAX_TEXT_LENGTH = 10_000
_DROP_LATIN = dict.fromkeys(range(ord("A"), ord("z") + 1))


def _gram_rows(text: str, keys: Any) -> Any:
    """Rows of the 1- to 3-grams langdetect draws from, in its order: characters
    normalised as langdetect does (each character once, then remembered); at each
    character its 1-gram, the 2-gram ending there and the 3-gram ending there;
    nothing at the second and later capitals of a run of capitals; only grams that
    have a profile. Grams langdetect never forms (a space alone, a 2-gram ending in a
    space, a 3-gram across one) have none, so they drop out with the unknown ones.
    Built with whole-string operations instead of langdetect's character-by-character
    state machine."""
    from itertools import chain, pairwise
    from operator import add

    import numpy as np
    from langdetect.utils.ngram import NGram

    normal, upper = _NORMAL, _UPPER
    for ch in set(text) - normal.keys():
        normal[ch] = n = NGram.normalize(ch)
        upper[n] = n.isupper()
    # normalised, runs of spaces as one (a space after a space adds nothing), and a
    # leading space: langdetect's buffer starts as one
    norm = " " + _SPACES.sub(" ", "".join(map(normal.__getitem__, text))).lstrip(" ")
    if len(norm) < 2:
        return np.zeros(0, dtype=np.int64)
    chars = list(norm[1:])
    bigrams = list(map(add, norm[:-1], chars))
    trigrams = ["", *map(add, bigrams[:-1], chars[1:])]
    caps = list(map(upper.__getitem__, norm))
    if any(caps):
        for k in [k for k, (a, b) in enumerate(pairwise(caps)) if a and b]:
            chars[k] = bigrams[k] = trigrams[k] = ""  # inside an all-capital word
    grams = np.array(list(chain.from_iterable(zip(chars, bigrams, trigrams))), dtype=keys.dtype)
    rows = np.searchsorted(keys, grams)
    np.minimum(rows, len(keys) - 1, out=rows)
    return rows[keys[rows] == grams]


_SPACES = re.compile(" {2,}")


@lru_cache(maxsize=4096)
def _probabilities(text: str, allowed: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """langdetect's probabilities for ``text`` over the ``allowed`` languages, best first.

    Deterministic: the walk is seeded by the factory's seed, so the result depends on
    the text alone. Empty when the text holds no usable n-gram.
    """
    factory = _factory()
    langlist = factory.get_lang_list()
    allowed = tuple(lang for lang in allowed if lang in langlist)
    if not allowed:
        return ()
    if len(allowed) == 1:
        return ((allowed[0], 1.0),)
    index, matrix = _tables()
    rows = _gram_rows(_prepared(text), index)
    if not len(rows):
        return ()
    columns = sorted(langlist.index(lang) for lang in allowed)
    probs = _trials(matrix[rows][:, columns], factory.seed)
    ranked = sorted(
        # langdetect's products underflow to zero below about 1e-308; in log space
        # they do not, so such leftovers are dropped as langdetect drops them
        ((langlist[c], float(p)) for c, p in zip(columns, probs) if p > 1e-300),
        key=lambda x: (-x[1], x[0]),
    )
    return tuple(ranked)


def _allowed(counts: dict[str, int], main: str) -> tuple[str, ...]:
    """Candidate languages for text whose main script is ``main``."""
    if main in _CJK:
        if counts.get("Hiragana", 0) + counts.get("Katakana", 0) > 0:
            return ("ja",)
        if counts.get("Hangul", 0) > 0:
            return ("ko",)
        return _SCRIPT_LANGS["Han"]
    return _SCRIPT_LANGS.get(main, ())


def _group(main: str) -> frozenset[str]:
    return frozenset({main}) | _COMPATIBLE.get(main, frozenset())


def _candidates(text: str, main: str) -> tuple[tuple[str, float], ...]:
    """Language probabilities for the letters of ``text`` in ``main``'s script group."""
    group = _group(main)
    sub = _keep_script(text, group)
    counts = {s: n for s, n in script_counts(sub).items() if s in group}
    return _probabilities(sub, _allowed(counts, main))


def _run_language(text: str, script: str) -> str:
    """Best guess for a run of ``script`` letters: the top candidate when it has at
    least an even chance, however short the run; ``"und"`` otherwise."""
    cands = _candidates(text, script)
    if cands and cands[0][1] >= MIN_TOP_PROB:
        return cands[0][0]
    return UND


# --------------------------------------------------------------------------- tagging


@dataclass(frozen=True)
class LangTag:
    """The language of a text.

    Attributes:
        lang: ISO 639-1 code as langdetect gives it (``"en"``, ``"zh-cn"``...), or
            ``"und"`` when the text is too short or too ambiguous to tell.
        confidence: in [0, 1]; langdetect's probability scaled down for short text.
        mixed: the text holds a run in another language or script than its main
            language, or than the document's.
        other_langs: languages (or ``"und"``) of those foreign runs.
    """

    lang: str
    confidence: float
    mixed: bool = False
    other_langs: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "lang": self.lang,
            "confidence": round(self.confidence, 3),
            "mixed": self.mixed,
            "other_langs": list(self.other_langs),
        }


def _choose(
    cands: tuple[tuple[str, float], ...], evidence: int, main: str, prior: str | None
) -> tuple[str, float]:
    """Pick the language and its confidence from the candidates (see module rules)."""
    if evidence < MIN_EVIDENCE or not cands:
        return UND, 0.0
    scale = min(1.0, evidence / _FULL_EVIDENCE.get(main, _FULL_EVIDENCE_DEFAULT))
    probs = dict(cands)
    if prior is not None and probs.get(prior, 0.0) >= PRIOR_MIN_PROB:
        return prior, min(1.0, probs[prior] * scale)
    top, p = cands[0]
    prior_script = _LANG_SCRIPT.get(prior) if prior is not None else None
    competed = prior_script is not None and _compatible(prior_script, main)
    bar = MIN_CONFIDENCE_VS_PRIOR if competed else MIN_CONFIDENCE
    if p < MIN_TOP_PROB or p * scale < bar:
        return UND, 0.0
    return top, min(1.0, p * scale)


@dataclass(frozen=True)
class _Analysis:
    lang: str
    confidence: float
    counts: dict[str, int]
    main: str | None  # main script
    evidence: int  # evidence letters in the main script's group


def _analyse(text: str, prior: str | None, home: str | None) -> _Analysis:
    """Language and script facts of ``text``; ``home`` breaks script ties."""
    counts = script_counts(text)
    main = _dominant(counts, prefer=home)
    if main is None:
        return _Analysis(UND, 0.0, counts, None, 0)
    evidence = _evidence(text, _group(main))
    lang, conf = _choose(_candidates(text, main), evidence, main, prior)
    return _Analysis(lang, conf, counts, main, evidence)


def _tag(text: str, prior: str | None, home: str | None) -> LangTag:
    """Tag ``text``; ``prior`` is the document's language, ``home`` its script."""
    a = _analyse(text, prior, home)
    lang, conf, counts, main = a.lang, a.confidence, a.counts, a.main
    if main is None:
        return LangTag(UND, 0.0)
    group = _group(main)
    others: list[str] = []
    # The text's own script is foreign to the document's: the text is the foreign run.
    if home is not None and not _compatible(main, home) and counts[main] >= MIN_RUN:
        others.append(lang if lang != UND else _run_language(text, main))
    # Runs of another script inside the text, largest first.
    for script in sorted(counts, key=lambda s: (-counts[s], s)):
        if script not in group and _run_letters(text, script) >= MIN_RUN:
            others.append(_run_language(text, script))
    # Long, confident, and not the document's language.
    if (
        prior is not None
        and lang not in (UND, prior)
        and conf >= MIXED_CONFIDENCE
        and a.evidence >= LONG_EVIDENCE
    ):
        others.append(lang)
    other_langs = tuple(dict.fromkeys(others))  # unique, in order of discovery
    return LangTag(lang, conf, mixed=bool(other_langs), other_langs=other_langs)


def _norm_code(lang: str | None) -> str | None:
    if lang is None:
        return None
    code = lang.strip().lower().replace("_", "-")
    return code if code and code != UND else None


def detect_language(text: str, *, prior: str | None = None) -> LangTag:
    """Detect the language of ``text``.

    ``prior`` is the document's language: a short or ambiguous text whose candidates
    give it at least 0.2 is tagged with it (confidence: its probability, scaled for
    length), and the text is *mixed* when its script is foreign to the prior's or
    when it is long and confidently in another language.

    Returns ``"und"`` (confidence 0) when the text has fewer than 3 evidence letters,
    is in a script langdetect does not know, or when the best language other than
    the prior has a probability under 0.5 or a length-scaled confidence under 0.3
    (under 0.5 when the prior is written in the same script, i.e. it was a candidate
    and lost: overruling the document takes more than a short line).
    """
    prior = _norm_code(prior)
    return _tag(text, prior, _LANG_SCRIPT.get(prior) if prior else None)


def tag_document(doc: Any, lang: str | None = None) -> None:
    """Set ``doc.lang``, ``doc.lang_confidence`` and ``doc.paragraph_langs``.

    The document language is ``lang`` when given (confidence 1.0), else the language
    detected on the whole text. Each paragraph gets a :class:`LangTag`, with the
    document language as prior and its script as the home script (the text's own
    main script when the language is unknown).
    """
    forced = _norm_code(lang)
    if forced is not None:
        doc.lang, doc.lang_confidence = forced, 1.0
    else:
        whole = _analyse(doc.text, None, None)
        doc.lang, doc.lang_confidence = whole.lang, whole.confidence
    prior = doc.lang if doc.lang != UND else None
    home = _LANG_SCRIPT.get(prior) if prior else None
    if home is None:
        home = script_of(doc.text)
    doc.paragraph_langs = [_tag(p.slice(doc.text), prior, home) for p in doc.paragraphs]
