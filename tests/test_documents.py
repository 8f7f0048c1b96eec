"""Loading, decoding, paragraph and sentence segmentation with exact offsets."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.documents import (
    agree_layouts,
    decode_bytes,
    iter_units,
    load_document,
    make_document,
    sentence_per_line,
    split_paragraphs,
)
from aligner.errors import InputError

from .conftest import EN, NL, SEEDS


def check_offsets(doc):
    """Every unit slices out its own text; units never overlap; only whitespace between."""
    text = doc.text
    for units in (doc.paragraphs, [s.span for s in doc.sentences]):
        pos = 0
        for sp in units:
            assert 0 <= sp.start < sp.end <= len(text)
            piece = text[sp.start : sp.end]
            assert piece == piece.strip() and piece
            assert sp.start >= pos, "units overlap or go backwards"
            assert text[pos : sp.start].strip() == "", "non-whitespace left outside every unit"
            pos = sp.end
        assert text[pos:].strip() == ""
    # each sentence lies inside the paragraph it names
    for s in doc.sentences:
        p = doc.paragraphs[s.paragraph]
        assert p.start <= s.span.start and s.span.end <= p.end


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("héllo wörld".encode(), "héllo wörld"),
        (codecs.BOM_UTF8 + "héllo".encode(), "héllo"),
        ("héllo\r\nwörld".encode("utf-16"), "héllo\r\nwörld"),  # BOM included by the codec
        (codecs.BOM_UTF16_BE + "ŝ".encode("utf-16-be"), "ŝ"),
        ("مرحبا".encode(), "مرحبا"),
    ],
)
def test_decode_known_encodings(data, expected):
    text, _ = decode_bytes(data)
    assert text == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"caf\xe9 au lait", "--encoding"),
        (b"\x00\x01\x02binary\x03", "binary"),
        (b"   \n\n\t ", "empty"),
        (b"", "empty"),
    ],
)
def test_decode_rejects_with_a_hint(data, message):
    with pytest.raises(InputError, match=message):
        decode_bytes(data)


def test_explicit_encoding_is_used():
    text, enc = decode_bytes("café".encode("latin-1"), "latin-1")
    assert text == "café" and enc == "latin-1"
    with pytest.raises(InputError, match="unknown encoding"):
        decode_bytes(b"x", "no-such-codec")


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("One.\n\nTwo.\n\n\nThree.", ["One.", "Two.", "Three."]),
        (
            "Title\nFirst line of a body that goes on.\nSecond.",
            ["Title", "First line of a body that goes on.", "Second."],
        ),
        # hard-wrapped prose stays one paragraph
        (
            "This paragraph has been wrapped at a fixed width by an editor\n"
            "so that every line is about as long as the one before it and\n"
            "only the last line is short.",
            [
                "This paragraph has been wrapped at a fixed width by an editor\n"
                "so that every line is about as long as the one before it and\n"
                "only the last line is short."
            ],
        ),
        ("  lead\r\n\r\n  body \r\n", ["lead", "body"]),
        ("# Heading\n- item one\n- item two", ["# Heading", "- item one", "- item two"]),
    ],
)
def test_paragraph_rules(text, paragraphs):
    assert [sp.slice(text) for sp in split_paragraphs(text)] == paragraphs


def test_seed_004_one_paragraph_per_line():
    doc = load_document(SEEDS / "004_1b22e3069897ef7a.txt", lang="en", tag=False)
    lines = [ln for ln in doc.text.splitlines() if ln.strip()]
    assert len(doc.paragraphs) == len(lines)
    assert doc.paragraph_text(0).startswith("From Syria and Iraq to the Maghreb")
    assert doc.paragraph_text(len(lines) - 1) == "CITY"


def test_seed_002_short_lines_are_paragraphs():
    doc = load_document(SEEDS / "002_1a28a7af85bf95b1.txt", lang="en", tag=False)
    texts = doc.paragraph_texts
    assert texts[:3] == ["Issued by CEMO Center - Paris", "ad a b", "ad ad ad"]
    assert "طباعة" in texts and "The Reference" in texts


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")))
def test_seed_offsets(path):
    doc = load_document(path, lang="en", tag=False)
    check_offsets(doc)
    assert len(doc.sentences) >= len(doc.paragraphs)


@pytest.mark.parametrize(
    ("lang", "text", "sentences"),
    [
        (
            "en",
            "Dr. Smith paid $2.50 at 3 p.m. on Jan. 5. Then he left.",
            ["Dr. Smith paid $2.50 at 3 p.m. on Jan. 5.", "Then he left."],
        ),
        ("en", 'He said: "Go home." She stayed.', ['He said: "Go home."', "She stayed."]),
        (
            "de",
            "Das kostet ca. 3,5 Mio. Euro. Der Bau beginnt z.B. im Mai.",
            ["Das kostet ca. 3,5 Mio. Euro.", "Der Bau beginnt z.B. im Mai."],
        ),
        (
            "fr",
            "M. Dupont est arrivé à 10 h. Il pleuvait.",
            ["M. Dupont est arrivé à 10 h.", "Il pleuvait."],
        ),
        (
            "nl",
            "Het kost ca. 2.500 euro, bijv. voor de bouw. Dat is veel.",
            ["Het kost ca. 2.500 euro, bijv. voor de bouw.", "Dat is veel."],
        ),
        (
            "ar",
            "ذهب الولد إلى المدرسة. ثم عاد إلى البيت؟ نعم!",
            ["ذهب الولد إلى المدرسة.", "ثم عاد إلى البيت؟", "نعم!"],
        ),
        # a semicolon or colon between clauses of three words or more cuts
        (
            "fr",
            "Il y a trois sources d' erreurs : a ) la réfraction des rayons ; "
            "b ) la déviation des forces . Bron: ANHA.",
            [
                "Il y a trois sources d' erreurs :",
                "a ) la réfraction des rayons ;",
                "b ) la déviation des forces .",
                "Bron: ANHA.",
            ],
        ),
        # no cut before a lower-case word, after an item number alone, after an
        # initial, or after a piece with no sentence mark
        (
            "de",
            "Sie kamen am 6. und 7. Juli 1956 . Dabei waren J. Brown und I. McNaught-Davis . "
            "17. So unglaublich es klingt , es ging . Das oberste Lager stand bei 7200 m. "
            "21. Nördlich davon steht er .",
            [
                "Sie kamen am 6. und 7. Juli 1956 .",
                "Dabei waren J. Brown und I. McNaught-Davis .",
                "17. So unglaublich es klingt , es ging .",
                "Das oberste Lager stand bei 7200 m.",
                "21. Nördlich davon steht er .",
            ],
        ),
        # a unit after a number ends a sentence when a capitalised word follows
        (
            "de",
            "Die alte Kote war 8470 m ; der neue amtliche Wert ist 8481 m. Das ist genauer "
            "als früher . Der Gipfel ist 8035 m hoch .",
            [
                "Die alte Kote war 8470 m ;",
                "der neue amtliche Wert ist 8481 m.",
                "Das ist genauer als früher .",
                "Der Gipfel ist 8035 m hoch .",
            ],
        ),
        # a sentence mark with its closers set apart by spaces; a closing quote cut
        # off its sentence goes back to it
        (
            "de",
            "Er rief : ( ,Das ist bestimmt kein Bär ! ' )  Gestern hatte er mir geholfen . "
            'Er sagte: "Wir gehen." Dann ging er.',
            [
                "Er rief : ( ,Das ist bestimmt kein Bär ! ' )",
                "Gestern hatte er mir geholfen .",
                'Er sagte: "Wir gehen."',
                "Dann ging er.",
            ],
        ),
        # a stop set apart from a long word ends a sentence despite an odd quote; one
        # set apart from a short word before a number is an abbreviation's
        (
            "de",
            "Sie glaubten , es sei ein ,Yeti ' gewesen .  Swami Pranavananda schrieb "
            "darüber im Alpine Journal No .  293 , Nov .  1956 , S. 340 . Leiter war "
            "Pasang Dawa Lama . 6. 1955 : Makalu , 8481 m .",
            [
                "Sie glaubten , es sei ein ,Yeti ' gewesen .",
                "Swami Pranavananda schrieb darüber im Alpine Journal No .  293 , Nov .  "
                "1956 , S. 340 .",
                "Leiter war Pasang Dawa Lama .",
                "6. 1955 : Makalu , 8481 m .",
            ],
        ),
        # closing quotes of every style end their sentence; an initial before a word
        # that starts sentences is a letter ending one; a time is no clause end
        (
            "de",
            "Er sagte: „Wir gehen jetzt nach Hause.“ Dann kam er.",
            ["Er sagte: „Wir gehen jetzt nach Hause.“", "Dann kam er."],
        ),
        (
            "en",
            "It ended with World War I. The start was slow. We met at 10: 30 in the big hall.",
            [
                "It ended with World War I.",
                "The start was slow.",
                "We met at 10: 30 in the big hall.",
            ],
        ),
        # an abbreviation before a number ends no sentence; an item number left at the
        # end of a sentence after a closing bracket goes with the sentence it numbers
        (
            "fr",
            "Voir La Montagne , octobre 1956 , p. 261-270 . )  18. Dans mon livre , j' avais "
            "recommandé une tentative . Il y avait S. 81 et Nr. 57 .",
            [
                "Voir La Montagne , octobre 1956 , p. 261-270 . )",
                "18. Dans mon livre , j' avais recommandé une tentative .",
                "Il y avait S. 81 et Nr. 57 .",
            ],
        ),
        # an hour before its minutes ends no sentence; an hour before a capital does
        (
            "fr",
            "La vue est unique ;  A 20 h. 30 ils étaient au pied de la pyramide .  Il "
            "faisait nuit à 21 h. Le lendemain ils partirent .",
            [
                "La vue est unique ;",
                "A 20 h. 30 ils étaient au pied de la pyramide .",
                "Il faisait nuit à 21 h.",
                "Le lendemain ils partirent .",
            ],
        ),
        # an ellipsis before a capital ends a sentence; before a lower-case word not
        (
            "fr",
            "Nos sherpas étaient persuadés que c' étaient les traces d' un ,yéti ' ...  "
            "Swami Pranavananda hat einen Artikel geschrieben . Enfin , à 13 heures ... le "
            "sommet , si étroit qu' on peut à peine s' y tenir .",
            [
                "Nos sherpas étaient persuadés que c' étaient les traces d' un ,yéti ' ...",
                "Swami Pranavananda hat einen Artikel geschrieben .",
                "Enfin , à 13 heures ... le sommet , si étroit qu' on peut à peine s' y tenir .",
            ],
        ),
        # or after a colon ending a lead-in of four words or more; after a label it is
        # a value
        (
            "en",
            "Final score: 3. The fans went home happy.",
            ["Final score: 3.", "The fans went home happy."],
        ),
        (
            "fr",
            "» - Les prescriptions du Gouvernement , scrupuleusement traduites , disent ceci :  "
            "4. Les expéditions doivent prendre un officier de liaison .",
            [
                "» - Les prescriptions du Gouvernement , scrupuleusement traduites , disent ceci :",
                "4. Les expéditions doivent prendre un officier de liaison .",
            ],
        ),
        # a colon inside brackets ends no clause
        (
            "de",
            "Es waren Spuren eines roten ( wir würden sagen : braunen ) Bären im Schnee . "
            "Es ist doch sehr bedeutsam : Wann immer davon berichtet wurde , kam es so .",
            [
                "Es waren Spuren eines roten ( wir würden sagen : braunen ) Bären im Schnee .",
                "Es ist doch sehr bedeutsam :",
                "Wann immer davon berichtet wurde , kam es so .",
            ],
        ),
        (
            "my",
            "ကျွန်တော် စာအုပ် ဖတ်တယ်။ သူ အိမ် ပြန်နေတယ်။ မနက်ဖြန် လာမယ်။",
            ["ကျွန်တော် စာအုပ် ဖတ်တယ်။", "သူ အိမ် ပြန်နေတယ်။", "မနက်ဖြန် လာမယ်။"],
        ),
        (
            "fr",
            "Ils pensaient qu' il s' agissait d' un ,Yeti ' ailleurs .  « Swami Pranavananda a "
            "publié un article .",
            [
                "Ils pensaient qu' il s' agissait d' un ,Yeti ' ailleurs .",
                "« Swami Pranavananda a publié un article .",
            ],
        ),
        # a stop set apart from a short word inside a quotation the segmenter keeps
        # whole: a sentence end unless the word is an abbreviation
        (
            "fr",
            "« Il l' a comparé au Gigantopithecus disparu .  Ce serait un homme plutôt qu' "
            "un Affe .  Il pense que la terreur est due à ses instincts . »",
            [
                "« Il l' a comparé au Gigantopithecus disparu .",
                "Ce serait un homme plutôt qu' un Affe .",
                "Il pense que la terreur est due à ses instincts . »",
            ],
        ),
        (
            "de",
            "« Wir lasen es im Alpine Journal , Nov .  Heft sieben war es , glaube ich . »",
            ["« Wir lasen es im Alpine Journal , Nov .  Heft sieben war es , glaube ich . »"],
        ),
        (
            "fr",
            "« Il a parlé au capt .  Smith , qui était là . »",
            ["« Il a parlé au capt .  Smith , qui était là . »"],
        ),
        # a word with no vowel is an abbreviation ("Tsd", thousand), whatever the lists
        (
            "de",
            "« Es kostete damals rund 5 Tsd .  Euro und niemand wollte das zahlen . »",
            ["« Es kostete damals rund 5 Tsd .  Euro und niemand wollte das zahlen . »"],
        ),
        # another language's abbreviation ("pas", Dutch) is a French word
        (
            "fr",
            "« Il dit qu' il ne viendrait pas .  Il pense que tout ira bien . »",
            ["« Il dit qu' il ne viendrait pas .", "Il pense que tout ira bien . »"],
        ),
    ],
)
def test_sentence_segmentation(lang, text, sentences):
    doc = make_document(text, lang=lang, tag=False)
    assert doc.sentence_texts == sentences
    check_offsets(doc)


_ONE_PER_LINE = (
    "Die Expedition brach am 3. Mai auf .\nSie erreichte das Lager nach zehn Tagen .\n"
    "Das Wetter war schlecht ;\n\n"
    "Am 8. Juli stand man auf dem Gipfel , 8035 m. Chef war F. Morawec .\n"
    "Der Abstieg verlief ohne Zwischenfall .\n\n"
    "1. Vom Kangchendzönga ist nichts Neues zu berichten .\n"
    "- « Die Alpen » 1956 , S. 81 .\nNäheres ist nicht bekannt .\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_ONE_PER_LINE, True),
        # a single block: lines are paragraphs
        (_ONE_PER_LINE.replace("\n\n", "\n"), False),
        # a heading line over each paragraph of several sentences
        (
            "Title one\nThe first paragraph says a thing. Then another. And a third one.\n\n"
            "Title two\nThe second paragraph is long too. It has two sentences.\n\n"
            "Title three\nMore text here. And more. Still more.\n",
            False,
        ),
        # most blocks a single line
        ("One.\nTwo.\n\nThree.\nFour.\n\nFive.\n\nSix.\n\nSeven.\n\nEight.\n\nNine.\n", False),
        # lines of several sentences in a script the English rules do not cut
        ("\n\n".join(["मैं घर गया। वह रुका।\nमैं घर गया। वह रुका।"] * 4), False),
        # a title block: one full line over a short one is no hard-wrapped paragraph
        (
            "MIT NACHTRÄGEN AUS FRÜHEREN JAHREN VON G.O.DYHRENFURTH UND ANDEREN\n"
            "Mit 3 Bildern\n\n" + _ONE_PER_LINE,
            True,
        ),
        # paragraphs of two hard-wrapped lines, and nothing longer
        (
            "This paragraph has been wrapped at a fixed width by an editor so\n"
            "that it ends on a short line.\n\n"
            "Another paragraph that has been wrapped at a fixed width, so that\n"
            "it also ends on a short one.\n\n"
            "A third paragraph has been wrapped at the same fixed width, and\n"
            "it ends here as well.\n",
            False,
        ),
        # the same beside a longer block (a list): a wrapped pair not opening the file
        (
            "The expedition left Kathmandu on the third of May and reached\n"
            "the base camp ten days later.\n\n"
            "The weather was bad for most of the approach, and the porters\n"
            "carried thirty kilos each.\n\n"
            "On the eighth of July the first pair stood on the summit, and\n"
            "the descent went without incident.\n\n"
            "Members:\nJohn Smith, leader\nPaul Martin, doctor\n",
            False,
        ),
        # hard-wrapped prose
        (
            "This paragraph has been wrapped at a fixed width by an editor\n"
            "so that every line is about as long as the one before it and\n"
            "only the last line is short.\n\n"
            "Another paragraph that has been wrapped at a fixed width, so\n"
            "that each of its lines is about as long as the one before it\n"
            "and this one is short.\n",
            False,
        ),
    ],
)
def test_sentence_per_line_is_recognised(text, expected):
    assert sentence_per_line(text) is expected
    doc = make_document(text, tag=False, lang="de")
    assert doc.presplit is expected
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if expected:
        assert doc.sentence_texts == lines
        assert len(doc.paragraphs) == text.count("\n\n") + 1
    assert make_document(text, tag=False, lang="de", presplit=False).presplit is False
    check_offsets(doc)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")))
def test_seeds_are_not_read_one_sentence_per_line(path):
    assert not load_document(path, lang="en", tag=False).presplit


def test_presplit_reads_one_sentence_per_line():
    text = "First sentence. Still first\nSecond\n\nThird in a new paragraph\n"
    doc = make_document(text, presplit=True, tag=False, lang="en")
    assert doc.sentence_texts == [
        "First sentence. Still first",
        "Second",
        "Third in a new paragraph",
    ]
    assert [s.paragraph for s in doc.sentences] == [0, 0, 1]
    check_offsets(doc)


def test_seeds_are_byte_identical_to_shared_copies():
    shared = SEEDS.parent.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("shared seeds not beside the checkout")
    for src in shared.glob("*.txt"):
        assert (SEEDS / src.name).read_bytes() == src.read_bytes()


def test_en_nl_seeds_load():
    en = load_document(EN, lang="en", tag=False)
    nl = load_document(NL, lang="nl", tag=False)
    assert en.paragraph_text(2) == "31 March 2024\xa0\xa0 05:12"
    assert nl.paragraph_text(len(nl.paragraphs) - 1) == "Bron: ANHA"


# Text built from pieces that stress segmentation: abbreviations, quotes, CRLF,
# odd whitespace, markdown markers, digits, RTL script.
_pieces = st.sampled_from(
    [
        "Dr.",
        "e.g.",
        "3.5",
        "2,500",
        '"',
        "“",
        "”",
        "?",
        "!",
        ".",
        "...",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "\t",
        "\xa0",
        "\u2028",
        "#",
        "- ",
        "1. ",
        "word",
        "Mot",
        "كلمة",
        "ISIS",
        "(",
        ")",
        ":",
        # the shapes the extra cuts and mends look for
        " ; ",
        " : ",
        " m. ",
        " . ",
        " ' ) ",
        "No . ",
        "17. ",
        "b ) ",
        "I. ",
        "« ",
        " Bergsteiger",
        " p. ",
        " . )  18. ",
        "[",
        "]",
    ]
)
_texts = st.lists(st.one_of(_pieces, st.text(min_size=1, max_size=8)), min_size=1, max_size=60).map(
    "".join
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts, presplit=st.sampled_from([True, False, None]))
def test_offsets_property(text, presplit):
    if not text.strip():
        with pytest.raises(InputError):
            make_document(text, tag=False)
        return
    doc = make_document(text, presplit=presplit, tag=False, lang="en")
    check_offsets(doc)
    assert all(sp.slice(doc.text) for sp in iter_units(doc))


# lines of two sentences each in blocks laid out like _ONE_PER_LINE's
_TWO_PER_LINE = (
    "Die Expedition brach auf . Sie kam an .\nDas Lager stand . Das Wetter war schlecht .\n\n"
    "Am 8. Juli stand man oben . Der Abstieg begann .\nMan kam zurück . Alle waren froh .\n\n"
    "Die Träger gingen heim . Sie waren müde .\nDas Buch folgt . Es hat Bilder .\n"
)


_PARAGRAPHS = [
    ("Aufbruch", ["Die Expedition brach auf .", "Sie kam an .", "Das Lager stand ."]),
    ("Gipfel", ["Am 8. Juli stand man oben .", "Der Abstieg begann ."]),
    ("Rückkehr", ["Die Träger gingen heim .", "Sie waren müde .", "Man kam zurück ."]),
]
# each block a heading over its sentences, one a line
_HEADED_LINES = "\n".join("\n".join([head, *sents]) + "\n" for head, sents in _PARAGRAPHS)
# each block a heading over its paragraph on one line
_HEADED_PARAGRAPHS = "\n".join(f"{head}\n{' '.join(sents)}\n" for head, sents in _PARAGRAPHS)


@pytest.mark.parametrize(
    ("one", "other", "agreed"),
    [
        # blocks of several lines, though the lines look less like single sentences
        (_ONE_PER_LINE, _TWO_PER_LINE, True),
        # as far from the other side's count either way (6 lines, 10 sentences, 8 there)
        (
            _ONE_PER_LINE,
            "Die Expedition brach auf . Sie kam an .\nDas Lager stand .\n\n"
            "Im Juli stand man oben . Der Abstieg begann .\nMan kam zurück .\n\n"
            "Die Träger gingen heim . Sie waren müde .\nDas Buch folgt . Es hat Bilder .\n",
            True,
        ),
        # one paragraph per line: read as prose whatever the other side
        (_ONE_PER_LINE, _TWO_PER_LINE.replace("\n\n", "\n").replace(" .\n", " .\n\n"), False),
        # a heading over a whole paragraph in each block: read as lines, each paragraph
        # would be one sentence, further from the other side's count than as prose
        (_HEADED_LINES, _HEADED_PARAGRAPHS, False),
    ],
)
def test_two_versions_are_read_alike(one, other, agreed):
    assert sentence_per_line(other, "de") is False
    lines = make_document(one, "one.txt", lang="de", tag=False)
    prose = make_document(other, "other.txt", lang="it", tag=False, encoding="cp1252")
    assert lines.presplit and not prose.presplit
    for src, tgt in ((lines, prose), (prose, lines)):
        a, b = (
            agree_layouts(src, tgt, "de", "it")
            if src is lines
            else agree_layouts(src, tgt, "it", "de")
        )
        assert (a.presplit, b.presplit) == (True, True) if agreed else (a, b) == (src, tgt)
        reread = b if src is lines else a
        if agreed:
            assert reread.sentence_texts == [ln for ln in other.splitlines() if ln.strip()]
            # the language the caller gave, where the text came from and how it was read
            assert (reread.lang, reread.lang_confidence) == ("it", 1.0)
            assert (reread.path, reread.encoding) == ("other.txt", "cp1252")
            assert reread.paragraph_langs == []  # built untagged, kept so
            check_offsets(reread)
