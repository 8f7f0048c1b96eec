"""Divergence checks on small made-up pairs (a cheap encoder), one rule at a time."""

from __future__ import annotations

from itertools import pairwise

import pytest

from aligner.checks import boilerplate_kind
from aligner.compare import compare
from aligner.documents import make_document

PARAS = [
    "The committee met on Monday to discuss the new budget for the coming year.",
    "Several members asked for more time to read the proposals before any vote.",
    "The chairman refused and said the decision could not wait any longer.",
    "A final vote on the whole budget will be held next week in the city hall.",
    "Local newspapers reported that the debate lasted well into the night.",
]


def doc(paragraphs, lang="en"):
    return make_document("\n\n".join(paragraphs), lang=lang)


def run(src, tgt, encoder, src_lang="en", tgt_lang="en"):
    from aligner.encoders import CachedEncoder

    return compare(doc(src, src_lang), doc(tgt, tgt_lang), CachedEncoder(encoder))


def types(result):
    return sorted((f.type, f.severity) for f in result.findings)


def test_identical_pair_has_no_findings(hash_encoder):
    result = run(PARAS, PARAS, hash_encoder)
    assert result.findings == []
    assert all(len(b.src) == 1 == len(b.tgt) for b in result.beads)


def test_omitted_paragraph(hash_encoder):
    result = run(PARAS, PARAS[:2] + PARAS[3:], hash_encoder)
    (f,) = result.findings
    assert (f.type, f.severity) == ("omission", "error")
    assert f.source_span.slice(result.source.text) == PARAS[2]
    assert f.target_span is None


def test_added_paragraph_mirrors_the_omission(hash_encoder):
    result = run(PARAS[:2] + PARAS[3:], PARAS, hash_encoder)
    (f,) = result.findings
    assert (f.type, f.severity) == ("addition", "error")
    assert f.target_span.slice(result.target.text) == PARAS[2]


def test_moved_paragraph_is_one_moved_finding(hash_encoder):
    moved = [PARAS[1], PARAS[2], PARAS[3], PARAS[4], PARAS[0]]
    result = run(PARAS, moved, hash_encoder)
    assert [f.type for f in result.findings if f.severity != "info"] == []
    (f,) = [f for f in result.findings if f.type == "moved"]
    assert f.source_span.slice(result.source.text) == PARAS[0]
    assert f.target_span.slice(result.target.text) == PARAS[0]


def test_changed_number_is_an_error(hash_encoder):
    changed = list(PARAS)
    changed[3] = changed[3].replace("next week", "on 12 May")
    src = list(PARAS)
    src[3] = src[3].replace("next week", "on 21 May")
    result = run(src, changed, hash_encoder)
    numbers = [f for f in result.findings if f.type == "number_mismatch"]
    assert len(numbers) == 1 and numbers[0].severity == "error"
    assert numbers[0].source_span.slice(result.source.text).startswith("21")
    assert numbers[0].target_span.slice(result.target.text).startswith("12")


def test_locale_formats_of_the_same_number_are_not_an_alarm(hash_encoder):
    src = [*PARAS[:3], "The city spent 2,500 euros on 3.5 tonnes of paper for the meeting."]
    tgt = [*PARAS[:3], "De stad gaf 2.500 euro uit aan 3,5 ton papier voor de vergadering."]
    result = run(src, tgt, hash_encoder, "en", "nl")
    assert not [f for f in result.findings if f.type == "number_mismatch"]


def test_untranslated_sentence(hash_encoder):
    src = PARAS
    tgt = ["Le comité s'est réuni lundi pour discuter du nouveau budget de l'année.", *PARAS[1:]]
    tgt[2] = PARAS[2]  # left identical to its source
    result = run(src, tgt, hash_encoder, "en", "fr")
    found = [f for f in result.findings if f.type == "untranslated"]
    assert any(f.target_span.slice(result.target.text) == PARAS[2] for f in found)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("T/ Satt.", "credit"),
        ("Bron: ANHA", "credit"),
        ("Source: AFP", "credit"),
        ("By Jane Doe", "credit"),
        ("31 March 2024\xa0\xa0 05:12", "dateline"),
        ("Tuesday 24/September/2019 - 04:24 PM", "dateline"),
        ("12.03.2024", "dateline"),
        ("The chairman refused and said the decision could not wait.", None),
        ("ISIS wants to return to the spotlight", None),
    ],
)
def test_boilerplate_kind(text, kind):
    assert boilerplate_kind(text) == kind


# --------------------------------------------------------------------------- partial beads


def _context(src_lines, tgt_lines, beads, encoder, src_lang="en", tgt_lang="en"):
    """A CheckContext with a fixed sentence alignment (one sentence per line)."""
    from aligner.alignment import Bead
    from aligner.checks import CheckContext

    src = make_document("\n".join(src_lines), lang=src_lang, presplit=True)
    tgt = make_document("\n".join(tgt_lines), lang=tgt_lang, presplit=True)
    sbeads = [Bead(tuple(s), tuple(t), 0.7) for s, t in beads]
    return CheckContext(src, tgt, sbeads, [], encoder.encode)


FOLDED_SRC = [
    "The committee met on Monday to discuss the new budget for the coming year.",
    "Several members asked for more time to read the proposals before any vote.",
    "The chairman refused and said the decision could not wait any longer.",
    "A final vote on the whole budget will be held next week in the city hall.",
    "Local newspapers reported that the debate lasted well into the night.",
]


def _partial(ctx):
    from aligner.checks import check_partial_beads

    return [
        (f.type, f.severity, f.evidence["text"])
        for f in check_partial_beads(ctx)
        if f.evidence.get("unit") == "sentence"
    ]


def test_folded_sentence_with_foreign_names_is_an_addition(hash_encoder, monkeypatch):
    """An inserted sentence folded into a 1-2 bead is found through its names and
    numbers, even when dropping it barely changes the bead's similarity."""
    from aligner import checks

    # only the lexical evidence may fire
    monkeypatch.setattr(checks, "_SENTENCE_GAIN", 2.0)
    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 2.0, raising=False)
    inserted = "Later that day Peter Hansen and Maria Olsen reached Oslo with 4 trucks."
    tgt = [*FOLDED_SRC[:2], inserted, *FOLDED_SRC[2:]]
    beads = [([0], [0]), ([1], [1, 2]), ([2], [3]), ([3], [4]), ([4], [5])]
    found = _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder))
    assert ("addition", "error", inserted) in found
    assert all(text == inserted for _, _, text in found)


def test_folded_sentence_without_names_needs_similarity_evidence(hash_encoder, monkeypatch):
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_GAIN", 2.0)
    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 2.0, raising=False)
    inserted = "Everyone agreed that the room had been far too warm for a long meeting."
    tgt = [*FOLDED_SRC[:2], inserted, *FOLDED_SRC[2:]]
    beads = [([0], [0]), ([1], [1, 2]), ([2], [3]), ([3], [4]), ([4], [5])]
    assert _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder)) == []
    # a clear similarity gain alone is enough, whatever the lengths say
    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.0, raising=False)
    found = _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder))
    assert [text for _, _, text in found] == [inserted]


def test_folded_fragment_with_a_missing_name_is_info(hash_encoder):
    """A two-word line (a name the other side lacks) folded into a 2-1 bead: reported,
    as context only."""
    src = [*FOLDED_SRC[:2], "Peter Streather.", *FOLDED_SRC[2:]]
    beads = [([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], [3]), ([5], [4])]
    found = _partial(_context(src, FOLDED_SRC, beads, hash_encoder))
    assert found == [("omission", "info", "Peter Streather.")]


@pytest.mark.parametrize(
    ("line", "severity"),
    [
        # a chronicle's year heading the other side lacks: content, however short
        ("4. 1954 :", "warning"),
        # the same year on the other side: a label
        ("114. 1955 :", "info"),
        ("Weiter :", "info"),
        # a small number beside OCR debris
        ("28 vv '.;, .", "info"),
    ],
)
def test_lone_fragment_with_a_missing_number_is_a_warning(line, severity, hash_encoder):
    from aligner.checks import check_unaligned

    src = [FOLDED_SRC[0], line, *FOLDED_SRC[1:]]
    tgt = [FOLDED_SRC[0], *FOLDED_SRC[1:3], "In 1955 a vote was held.", *FOLDED_SRC[3:]]
    beads = [([0], [0]), ([1], []), ([2], [1]), ([3], [2]), ([], [3]), ([4], [4]), ([5], [5])]
    ctx = _aligned_context(src, tgt, beads, hash_encoder)
    found = [(f.severity, f.evidence["text"]) for f in check_unaligned(ctx)]
    assert (severity, line) in found


@pytest.mark.parametrize(
    ("line", "severity"),
    [("4. 1954 :", "warning"), ("Peter Streather.", "info")],
)
def test_folded_fragment_with_a_missing_number_is_a_warning(line, severity, hash_encoder):
    src = [*FOLDED_SRC[:2], line, *FOLDED_SRC[2:]]
    beads = [([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], [3]), ([5], [4])]
    found = _partial(_context(src, FOLDED_SRC, beads, hash_encoder))
    assert found == [("omission", severity, line)]


def test_lexically_foreign():
    from aligner.checks import _lexically_foreign

    other = "Peter Hansen arrived in Oslo on 4 May with the whole team."
    assert _lexically_foreign("Maria Olsen left Bergen with 12 trucks.", other, "en", "en")
    assert not _lexically_foreign("Peter Hansen stayed in Oslo.", other, "en", "en")
    assert not _lexically_foreign("Everyone stayed at home.", other, "en", "en")


# --------------------------------------------------------------------------- untranslated


def _untranslated(src_lines, tgt_lines, hash_encoder):
    from aligner.checks import check_untranslated

    beads = [([i], [i]) for i in range(len(src_lines))]
    ctx = _context(src_lines, tgt_lines, beads, hash_encoder, "de", "fr")
    return [f.target_span.slice(ctx.target.text) for f in check_untranslated(ctx)]


def test_untranslated_line_in_capitals(hash_encoder):
    src = ["Chronik des Jahres", "MIT NACHTRÄGEN AUS FRÜHEREN JAHREN VON DEM VERFASSER"]
    tgt = ["Chronique de l'année", src[1]]
    assert _untranslated(src, tgt, hash_encoder) == [src[1]]


def test_short_identical_line_in_the_source_language(hash_encoder):
    src = ["Bisher wurden erstiegen :", "Nanga Parbat , Cho Oyu , Gasherbrum ."]
    # the second line is only names: the same in any language, never reported
    assert _untranslated(src, list(src), hash_encoder) == [src[0]]


# --------------------------------------------------------------------------- lone sentences


def _aligned_context(src_lines, tgt_lines, beads, encoder, src_lang="en", tgt_lang="en"):
    """Like :func:`_context`, one paragraph a side, with its paragraph bead."""
    from aligner.alignment import paragraph_beads

    ctx = _context(src_lines, tgt_lines, beads, encoder, src_lang, tgt_lang)
    ctx.paragraph_beads = paragraph_beads(
        [s.paragraph for s in ctx.source.sentences],
        [s.paragraph for s in ctx.target.sentences],
        len(ctx.source.paragraphs),
        len(ctx.target.paragraphs),
        ctx.sentence_beads,
    )
    return ctx


def _unaligned(ctx):
    from aligner.checks import check_unaligned

    return [(f.type, f.severity, f.evidence["text"]) for f in check_unaligned(ctx)]


def test_lone_piece_of_a_neighbours_translation_is_info(hash_encoder):
    """A translation cut in two at a semicolon, one half left alone by the aligner:
    joined back, the pair matches better, so it is reported as context only."""
    piece = "and said that the decision on the budget could not wait any longer."
    tgt = [*FOLDED_SRC[:2], "The chairman refused;", piece, *FOLDED_SRC[3:]]
    beads = [([0], [0]), ([1], [1]), ([2], [2]), ([], [3]), ([3], [4]), ([4], [5])]
    found = _unaligned(_aligned_context(FOLDED_SRC, tgt, beads, hash_encoder))
    assert found == [("addition", "info", piece)]


def test_lone_added_sentence_next_to_a_pair_is_an_error(hash_encoder):
    added = "Everyone agreed that the room had been far too warm for a long meeting."
    tgt = [*FOLDED_SRC[:3], added, *FOLDED_SRC[3:]]
    beads = [([0], [0]), ([1], [1]), ([2], [2]), ([], [3]), ([3], [4]), ([4], [5])]
    found = _unaligned(_aligned_context(FOLDED_SRC, tgt, beads, hash_encoder))
    assert found == [("addition", "error", added)]


# --------------------------------------------------------------------------- numbers


def _numbers(src, tgt, encoder):
    from aligner.checks import check_numbers

    ctx = _aligned_context([src], [tgt], [([0], [0])], encoder, "de", "fr")
    return [(f.severity, f.evidence.get("reference")) for f in check_numbers(ctx)]


@pytest.mark.parametrize(
    ("src", "tgt", "expected"),
    [
        # another edition of the journal, another page: context only
        (
            "Darüber wurde schon berichtet ( « Die Alpen » 1956 , S. 81 ) .",
            "On en a déjà parlé ( voir Les Alpes 1956 , p. 80 ) .",
            [("info", "page")],
        ),
        (
            "Der Bericht ( « Alpine Journal » , Nr. 293 , S. 279-295 ) zeigt es .",
            "Le rapport ( Alpine Journal , n° 293 , p. 281-297 ) le montre .",
            [("info", "page")],
        ),
        # the same edition (a page beside it agrees): a slip
        (
            "Der Bericht ( « Alpine Journal » , Nr. 293 , S. 279-295 ) zeigt es .",
            "Le rapport ( Alpine Journal , n° 293 , p. 279-297 ) le montre .",
            [("error", "page")],
        ),
        (
            "b ) Die Alpen 1956 , Varia S. 91/92 , 132/133 und das Märzheft 1957 .",
            "b ) Les Alpes 1956 , Varia p. 91/192 , 132/133 et le fascicule de mars 1957 .",
            [("error", "page")],
        ),
        # a chronicle whose items are numbered anew in translation
        (
            "21. Nördlich des Mustagh Ata liegt der Kongur Debe .",
            "18. Au nord du Muztagh Ata se dresse le Kongur Débé .",
            [("info", "item")],
        ),
        # items numbered anew beside a date that differs: two findings
        (
            "21. Nördlich liegt er . Am 19. August 1956 wurde er bezwungen .",
            "18. Au nord se dresse-t-il . Elle a été gravie le 21 août 1956 .",
            [("info", "item"), ("error", None)],
        ),
        # a day at the start of a sentence against another day: a slip, not a list
        # numbered anew (only one side numbers anything at a sentence start)
        ("11. Ruhetag im Lager .", "Le 12 , jour de repos au camp .", [("error", None)]),
        # the end of a decimal the splitter cut off ("2 fr . | 70 )") is no item
        (
            "Er bekommt 3 Rupies ( Fr. 3.60 ) pro Tag .",
            "70 ) par jour , il reçoit 3 roupies .",
            [("error", None)],
        ),
        # a height is not a page or an item number, even next to one
        (
            "21. Die Gipfel sind zwischen 5800 und 6300 m hoch .",
            "21. Les sommets cotent de 5800 à 6200 m.",
            [("error", None)],
        ),
        (
            "Die Kote ( s. « Die Alpen » 1956 , S. 83 ) ist 7422 m .",
            "La cote ( voir Les Alpes 1956 , p. 82 ) est de 7442 m.",
            [("error", None)],
        ),
        # a count rephrased: the leader set apart, one fewer counted
        (
            "Die Mannschaft bestand aus sechs Bergsteigern und zwei Ärzten .",
            "Outre le chef , l' équipe comprenait cinq alpinistes et deux médecins .",
            [("info", "count")],
        ),
        # the same counts with nobody set apart, or two apart: a slip
        (
            "Die Mannschaft bestand aus sechs Bergsteigern und zwei Ärzten .",
            "L' équipe comprenait cinq alpinistes et deux médecins .",
            [("error", None)],
        ),
        (
            "Die Mannschaft bestand aus sechs Bergsteigern und zwei Ärzten .",
            "Outre le chef , l' équipe comprenait quatre alpinistes et deux médecins .",
            [("error", None)],
        ),
    ],
)
def test_page_and_item_numbers_are_context(src, tgt, expected, hash_encoder):
    assert _numbers(src, tgt, hash_encoder) == expected


@pytest.mark.parametrize(
    ("tgt", "expected"),
    [
        # the changed number is one said elsewhere in the pair: said twice now
        (
            "Il faut des pointures 45-44 ( quelques paires de 41 et 45 , en 2 caisses ) .",
            [("error", "The source has 42 where the target has 45")],
        ),
        # a number of another size said twice: the lone number is all there is
        (
            "Il faut des pointures 2-44 ( quelques paires de 41 et 45 , en 2 caisses ) .",
            [("info", "The source has the number 42, missing from the target")],
        ),
        # two numbers said twice: which one replaced it is unknown
        (
            "Il faut des pointures 45-44 ( paires de 41 et 45 , et de 44 , en 2 caisses ) .",
            [("info", "The source has the number 42, missing from the target")],
        ),
    ],
)
def test_a_number_changed_into_one_said_elsewhere_in_the_pair(tgt, expected, hash_encoder):
    from aligner.checks import check_numbers

    src = "Man braucht Schuhe der Grössen 42-44 ( nur wenige Paare 41 und 45 , in 2 Kisten ) ."
    ctx = _aligned_context([src], [tgt], [([0], [0])], hash_encoder, "de", "fr")
    assert [(f.severity, f.message) for f in check_numbers(ctx)] == expected


@pytest.mark.parametrize(
    ("src", "tgt", "expected"),
    [
        # the 7000 is said once, and in words on the other side: the 1907 is lacking only
        (
            "Der Trisul , 1907 erstiegen , gilt als « billiger Siebentausender » .",
            "Le Trisul passe pour le plus facile des « 7000 » .",
            [("info", "The source has the number 1907, missing from the target")],
        ),
        # "une" may stand for 1, but says no item number: the 1 is changed into the 4
        (
            "1. 1950 : Annapurna I , 8078 m , Leiter M. Herzog .",
            "4. 1950 : Annapurna I , 8078 m. Chef de l' expédition M. Herzog , une équipe .",
            [("error", "The source has 1 where the target has 4")],
        ),
    ],
)
def test_a_word_for_a_number_says_it_but_an_article_no_one(src, tgt, expected, hash_encoder):
    from aligner.checks import check_numbers

    ctx = _aligned_context([src], [tgt], [([0], [0])], hash_encoder, "de", "fr")
    assert [(f.severity, f.message) for f in check_numbers(ctx)] == expected


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        # an ordinal's dot is no digit: "10." is of another size than "163"
        (
            "n° 163",
            [
                ("info", "The source has the number 10., missing from the target"),
                ("info", "The target has the number 163, not in the source"),
            ],
        ),
        # and of the size of "11": one number changed across the two pairs
        ("n° 11", [("error", "The source has 10. where the target has 11")]),
        # an ordinal of two digits is of the size of one of one digit
        ("n° 9", [("error", "The source has 10. where the target has 9")]),
    ],
)
def test_an_ordinal_is_sized_by_its_digits(extra, expected, hash_encoder):
    from aligner.checks import check_numbers

    src = ["Er wurde mehrfach besucht 10. In der Chronik steht es .", "Sie hatten Träger ."]
    tgt = ["Il fut visité souvent . La chronique le dit .", f"Ils avaient ( {extra} ) ."]
    ctx = _aligned_context(src, tgt, [([0], [0]), ([1], [1])], hash_encoder, "de", "fr")
    assert [(f.severity, f.message) for f in check_numbers(ctx)] == expected


def test_a_number_changed_into_one_the_next_pair_says(hash_encoder):
    from aligner.checks import check_numbers

    src = ["Das Lager lag auf 6100 m .", "Der Gipfel hat 6200 m ."]
    tgt = ["Le camp était à 6200 m.", "Le sommet a 6200 m."]
    ctx = _aligned_context(src, tgt, [([0], [0]), ([1], [1])], hash_encoder, "de", "fr")
    assert [(f.severity, f.message) for f in check_numbers(ctx)] == [
        ("error", "The source has 6100 where the target has 6200")
    ]


@pytest.mark.parametrize(
    ("tgt_first", "expected", "src_ref"),
    [
        # the issue number changed into the page range's end, said twice in the pair;
        # the paragraph has the old number in another pair, which it says once more
        (
            "La relation ( n° 295 , p. 279-295 ) le montre .",
            [("error", "The source has 293 where the target has 295")],
            "( Nr. 293 , S. 296-309 )",
        ),
        # left out, nothing said more often in its place: a repeat saved, no finding
        ("La relation ( p. 279-295 ) le montre .", [], "( Nr. 293 , S. 296-309 )"),
        # the same number: nothing
        ("La relation ( n° 293 , p. 279-295 ) le montre .", [], "( Nr. 293 , S. 296-309 )"),
        # said once a side, in another pair: moved across a sentence boundary
        ("La relation ( n° 295 , p. 279-295 ) le montre .", [], "( S. 296-309 )"),
    ],
)
def test_a_number_the_paragraph_repeats_is_not_found_by_its_other_mention(
    tgt_first, expected, src_ref, hash_encoder
):
    from aligner.checks import check_numbers

    src = [
        "Wie der Bericht ( Nr. 293 , S. 279-295 ) zeigt , wurde sorgfältig gearbeitet .",
        f"Darüber berichtet Trevor Braham {src_ref} .",
    ]
    tgt = [tgt_first, "Voir aussi Trevor Braham ( n° 293 , p. 296-309 ) ."]
    ctx = _aligned_context(src, tgt, [([0], [0]), ([1], [1])], hash_encoder, "de", "fr")
    assert [(f.severity, f.message) for f in check_numbers(ctx)] == expected


@pytest.mark.parametrize(
    ("count", "sunk", "expected"),
    [
        # "6 cm" found in the paragraph only by "sechs" of another sentence: still extra
        ("sechs", "4", [("error", "The source has 4 where the target has 6")]),
        # a 6 in digits there: a number moved across sentences, the 4 left alone
        ("6", "4", [("info", "The source has the number 4, missing from the target")]),
        # a lone number of another size: no partner for it
        ("sechs", "14", [("info", "The source has the number 14, missing from the target")]),
    ],
)
def test_a_number_in_digits_is_not_found_by_a_number_word_of_another_pair(
    count, sunk, expected, hash_encoder
):
    from aligner.checks import check_numbers

    # the 3 moved to another sentence: it and the 6 are both said more often in the
    # second French sentence than in its German one, so neither stands out there
    src = [
        f"Auf meinen {count} Himalaya-Fahrten sah ich oft Bären .",
        f"Der Abdruck war 28 cm tief , wo ich selbst kaum {sunk} cm einsank .",
        "Das ist 3 mal weniger .",
    ]
    tgt = [
        "Au cours de mes voyages dans l' Himalaya , j' ai souvent vu des ours .",
        "Ils étaient profonds de 28 centimètres , là où je n' enfonçais que de 6 cm , "
        "3 fois moins .",
        "Je fis ces observations à midi .",
    ]
    beads = [([0], [0]), ([1], [1]), ([2], [2])]
    ctx = _aligned_context(src, tgt, beads, hash_encoder, "de", "fr")
    assert [(f.severity, f.message) for f in check_numbers(ctx)] == expected


@pytest.mark.parametrize(
    ("height", "third", "expected"),
    [
        # the changed number sits in a piece of the next pair already reported as added
        ("9000", False, [("error", "The source has 8900 where the target has 9000")]),
        # a number of another size there is the piece's own content
        ("900", False, [("info", "The source has the number 8900, missing from the target")]),
        # a pair on the other side lacking a number too: the piece's number answers one
        (
            "9000",
            True,
            [
                ("error", "The source has 8900 where the target has 9000"),
                ("info", "The source has the number 8800, missing from the target"),
            ],
        ),
    ],
)
def test_a_number_changed_inside_a_reported_piece_of_the_next_pair(
    height, third, expected, hash_encoder
):
    from aligner.checks import Span, check_numbers

    src = ["Die Schätzungen gingen bis über 8900 m hinaus .", "Die neue Kote ist 8848 m ."]
    piece = f"On parlait de {height} m."
    tgt = ["Les estimations allaient loin .", f"{piece} La nouvelle cote est 8848 m ."]
    if third:
        src.append("Früher galt 8800 m .")
        tgt.append("Autrefois on disait autre chose .")
    beads = [([k], [k]) for k in range(len(src))]
    ctx = _aligned_context(src, tgt, beads, hash_encoder, "de", "fr")
    start = ctx.target.sentences[1].span.start
    ctx.explained_tgt.append(Span(start, start + len(piece)))
    assert [(f.severity, f.message) for f in check_numbers(ctx)] == expected


_ITEMS_DE = [
    "11. Alles Gesammelte ist der Regierung vorzulegen .",
    "12. Für die Genehmigung ist eine Abgabe zu entrichten .",
    "13. Die Nachrichten dürfen nicht dem Urheberrecht unterstellt sein .",
    "14. Alle Gesuche sind von der Regierung zu bestätigen .",
]
_ITEMS_FR = [
    "11. Tout ce qui a été recueilli doit être présenté au Gouvernement .",
    "12. Un dépôt doit être versé au Gouvernement .",
    "13. Les nouvelles ne peuvent bénéficier du copyright .",
    "14. Toutes les demandes doivent être légalisées par le Gouvernement .",
]


@pytest.mark.parametrize(
    ("tgt_numbers", "expected"),
    [
        # one item numbered otherwise between items numbered alike: a slip
        ((11, 12, 16, 14), [("error", "page-or-item", "13.", "16")]),
        # the last item, after items numbered alike
        ((11, 12, 13, 41), [("error", "page-or-item", "14.", "41")]),
        # a list numbered anew from one item on: context
        ((11, 12, 12, 13), [("info", "item", "13.", "12"), ("info", "item", "14.", "13")]),
        ((10, 11, 12, 13), [("info", "item", f"{n}.", f"{n - 1}") for n in (11, 12, 13, 14)]),
        # no item numbered alike beside it: context
        ((11, 12, 16, 15), [("info", "item", "13.", "16"), ("info", "item", "14.", "15")]),
    ],
)
def test_an_item_numbered_otherwise_between_items_numbered_alike_is_a_slip(
    tgt_numbers, expected, hash_encoder
):
    from aligner.checks import check_numbers

    tgt = [f"{n}. {line.split(' ', 1)[1]}" for n, line in zip(tgt_numbers, _ITEMS_FR)]
    beads = [([i], [i]) for i in range(4)]
    # each item a paragraph of its own
    src, tgt = [x + "\n" for x in _ITEMS_DE], [x + "\n" for x in tgt]
    ctx = _aligned_context(src, tgt, beads, hash_encoder, "de", "fr")
    found = [
        (
            f.severity,
            "page-or-item" if f.evidence.get("agrees_around") else f.evidence.get("reference"),
            f.evidence["source"][0]["text"],
            f.evidence["target"][0]["text"],
        )
        for f in check_numbers(ctx)
    ]
    assert found == expected


def test_a_number_inside_a_reported_clause_still_answers_its_changed_partner(hash_encoder):
    """The clause holding a changed number was reported as added (info): the number
    it holds is still the partner of the number the other side lacks."""
    from aligner.checks import Span, check_numbers

    src = "Mehr als 2000 Jahre lang hatte Europa den Gorilla für eine Legende gehalten ."
    tgt = "Or , pendant plus de 2003 ans , l' Europe avait tenu le gorille pour une légende ."
    ctx = _aligned_context([src], [tgt], [([0], [0])], hash_encoder, "de", "fr")
    ctx.explained_tgt.append(Span(0, tgt.index(" , l'")))
    found = check_numbers(ctx)
    assert [(f.severity, f.message) for f in found] == [
        ("error", "The source has 2000 where the target has 2003")
    ]
    # a number of another size inside the clause is its own content: the lone one is info
    ctx = _aligned_context(
        [src], [tgt.replace("2003", "200")], [([0], [0])], hash_encoder, "de", "fr"
    )
    ctx.explained_tgt.append(Span(0, tgt.index(" , l'")))
    assert [(f.severity, f.message) for f in check_numbers(ctx)] == [
        ("info", "The source has the number 2000, missing from the target")
    ]


def test_a_date_inside_a_reported_sentence_answers_the_date_its_day_changed(hash_encoder):
    """A day mistyped into one no month has ("le 106 juillet") inside a sentence
    already reported: still the partner of the date the other side lacks."""
    from aligner.checks import Span, check_numbers

    src = "Am 10. Juli 1956 erreichten Hartog und Patey den Gipfel ."
    tgt = "Le sommet fut atteint le 106 juillet 1956 par Hartog et Patey ."
    ctx = _aligned_context([src], [tgt], [([0], [0])], hash_encoder, "de", "fr")
    ctx.explained_tgt.append(Span(0, len(tgt)))
    assert [(f.severity, f.message) for f in check_numbers(ctx)] == [
        ("error", "The source has 10. Juli 1956 where the target has 106 juillet 1956")
    ]
    # another month: no longer the same date
    ctx = _aligned_context(
        [src], [tgt.replace("juillet", "août")], [([0], [0])], hash_encoder, "de", "fr"
    )
    ctx.explained_tgt.append(Span(0, len(tgt)))
    assert [(f.severity, f.message) for f in check_numbers(ctx)] == [
        ("info", "The source has the number 10. Juli 1956, missing from the target")
    ]


def test_folded_sentence_that_belongs_to_the_next_pair_is_not_reported(hash_encoder, monkeypatch):
    """The aligner drew a bead boundary one sentence off: the last sentence of a 1-2 bead
    is the first half of the next source sentence's translation."""
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.0)
    half, rest = "The chairman refused;", "and said the decision could not wait any longer."
    tgt = [FOLDED_SRC[0], FOLDED_SRC[1], half, rest, *FOLDED_SRC[3:]]
    beads = [([0], [0]), ([1], [1, 2]), ([2], [3]), ([3], [4]), ([4], [5])]
    assert _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder)) == []
    # the same place with a sentence of its own: reported
    other = "Everyone agreed that the room had been far too warm for a long meeting."
    tgt = [FOLDED_SRC[0], FOLDED_SRC[1], other, *FOLDED_SRC[2:]]
    found = _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder))
    assert [text for _, _, text in found] == [other]


_REST = "and said the decision could not wait any longer."


@pytest.mark.parametrize(
    ("piece", "rest", "reported"),
    [
        # cut at its colon, the rest opening the next pair: that pair's
        ("Time was pressing for all of them now:", _REST, False),
        # a sentence of its own: reported
        ("Time was pressing for all of them now.", _REST, True),
        # the next pair is whole without it: its lengths do not want it
        ("Time was pressing for all of them now:", "t" + FOLDED_SRC[2][1:], True),
        # it names a year and a man the next pair's other side lacks
        ("In 1988 Hansen was pressing them now:", _REST, True),
        # what follows starts a sentence of its own: no cut sentence
        ("Time was pressing for all of them now:", "And" + _REST[3:], True),
    ],
)
def test_folded_piece_whose_rest_opens_the_next_pair_is_that_pairs(
    piece, rest, reported, hash_encoder, monkeypatch
):
    """The first half of a sentence cut at a colon, folded into the pair before the one
    its rest opens: the next pair's length ratio is usual only with it."""
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.0)
    tgt = [FOLDED_SRC[0], FOLDED_SRC[1], piece, rest, *FOLDED_SRC[3:]]
    beads = [([0], [0]), ([1], [1, 2]), ([2], [3]), ([3], [4]), ([4], [5])]
    found = _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder))
    assert [text for _, _, text in found] == ([piece] if reported else [])


@pytest.mark.parametrize(
    ("before", "reported"),
    [
        # the pair before is short on this side: its sentence took the lead-in in
        ("Several members asked for more time.", False),
        # the pair before is whole: the lead-in is its own bead's
        (FOLDED_SRC[1], True),
    ],
)
@pytest.mark.parametrize("mark", [":", ";"])
def test_lead_in_opening_a_pair_is_the_pair_befores_when_its_lengths_want_it(
    before, reported, mark, hash_encoder, monkeypatch
):
    """A lead-in ("Then the explorations began:") folded into the pair it introduces,
    which the pair before renders in a clause ("…, and the explorations could begin")."""
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.0)
    lead = "Now everyone waited" + mark
    tgt = [FOLDED_SRC[0], before, lead, *FOLDED_SRC[2:]]
    beads = [([0], [0]), ([1], [1]), ([2], [2, 3]), ([3], [4]), ([4], [5])]
    found = _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder))
    # the first half of a sentence cut at a semicolon is its bead's: the rest is there
    assert [text for _, _, text in found] == ([lead] if reported or mark == ";" else [])


@pytest.mark.parametrize(
    ("before", "reported"),
    [("Several members asked for more time.", False), (FOLDED_SRC[1], True)],
)
def test_pair_before_a_lead_in_is_measured_without_its_reported_sentences(
    before, reported, hash_encoder, monkeypatch
):
    """The pair before the lead-in also holds an inserted sentence, reported: its
    lengths are judged without it, and a lead-in it takes in is no dropped clause
    either."""
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.0)
    lead = "Now everyone waited:"
    inserted = "Quick zebras jog by waxy fjords in the cold."
    tgt = [FOLDED_SRC[0], inserted, before, lead, *FOLDED_SRC[2:]]
    beads = [([0], [0]), ([1], [1, 2]), ([2], [3, 4]), ([3], [5]), ([4], [6])]
    ctx = _context(FOLDED_SRC, tgt, beads, hash_encoder)
    found = [(f.type, f.evidence["text"]) for f in checks.run_checks(ctx)]
    assert found == [("addition", inserted)] + ([("addition", lead)] if reported else [])


def test_folded_rest_of_the_sentence_before_is_the_pair_befores(hash_encoder, monkeypatch):
    """The rest of a sentence cut at a colon, folded into the pair after the one its
    first half ends."""
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.0)
    half = "Several members asked for more time:"
    for rest, reported in (
        ("to study each page before voting.", False),
        ("They study each page before voting.", True),
    ):
        tgt = [FOLDED_SRC[0], half, rest, *FOLDED_SRC[2:]]
        beads = [([0], [0]), ([1], [1]), ([2], [2, 3]), ([3], [4]), ([4], [5])]
        found = _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder))
        assert [text for _, _, text in found] == ([rest] if reported else [])


@pytest.mark.parametrize(
    ("src", "tgt", "beads", "folded"),
    [
        # an inserted sentence naming the same people and place, with numbers of its own
        (
            ["Peter Hansen reached Oslo with the whole team on Monday.", *FOLDED_SRC[1:]],
            [
                "Peter Hansen reached Oslo with the whole team on Monday.",
                "In 1988 Hansen drove 4 trucks back to Oslo.",
                *FOLDED_SRC[1:],
            ],
            [([0], [0, 1]), ([1], [2]), ([2], [3]), ([3], [4]), ([4], [5])],
            "In 1988 Hansen drove 4 trucks back to Oslo.",
        ),
        # a deleted sentence that repeats its neighbour's number
        (
            [
                "They climbed a peak of 7729 m in the middle of July.",
                "Who could possibly measure 7729 m so exactly?",
                *FOLDED_SRC[1:],
            ],
            ["They climbed a peak of 7729 m in the middle of July.", *FOLDED_SRC[1:]],
            [([0, 1], [0]), ([2], [1]), ([3], [2]), ([4], [3]), ([5], [4])],
            "Who could possibly measure 7729 m so exactly?",
        ),
    ],
)
def test_shared_names_or_numbers_do_not_prove_a_folded_sentence_translated(
    src, tgt, beads, folded, hash_encoder, monkeypatch
):
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.0)
    found = _partial(_context(src, tgt, beads, hash_encoder))
    assert [text for _, _, text in found] == [folded]


@pytest.mark.parametrize(
    ("sent", "owed"),
    [
        # the name the other side has and the rest lacks: it is owed to the sentence
        ("Le Népal nous dévoile peu à peu sa tectonique grandiose .", True),
        # a lower-case adjective is no name anyone owes ("népalaises" / "Nepal")
        ("La tectonique des chaînes népalaises nous est peu à peu dévoilée .", False),
    ],
)
def test_a_folded_sentence_is_owed_names_not_adjectives(sent, owed):
    from aligner.checks import _sentence_echoed

    other = "Die Expedition beschränkt sich auf den Berg , den die Regierung von Nepal genehmigt ."
    rest = "L' expédition bornera son activité à la montagne pour laquelle elle a l' autorisation ."
    assert _sentence_echoed(sent, rest, other, "fr", "de") is owed


# --------------------------------------------------------------------------- OCR noise

HEADER = "2 Les Alpes - 1957 - Die Alpen 17"


def test_running_header_and_garbage_are_ocr_noise():
    from aligner.checks import denoised, ocr_noise

    text = f"le travail a progressé {HEADER} avec la tectonique ."
    assert [text[a:z] for a, z in ocr_noise(text)] == [HEADER]
    assert denoised(text) == "le travail a progressé avec la tectonique ."
    text = "En attendant , l' in 29 âjJi.ïïJïW ."
    assert [text[a:z] for a, z in ocr_noise(text)] == ["âjJi.ïïJïW"]
    # names, camel-case names, references and dates are not noise
    for clean in (
        "McDonald met J.D.A.Smith in Paris on 18 May 1956 .",
        "« Die Alpen » 1956 , S. 81 , und Les Alpes , 1957 , p. 80 .",
        "Lhotse ( 8501 m ) - 1956 - Everest",
    ):
        assert ocr_noise(clean) == []


def test_numbers_and_names_of_a_running_header_are_not_compared(hash_encoder):
    src = [PARAS[0], "The river kept pace with the rising range over a long time.", *PARAS[1:]]
    tgt = [PARAS[0], f"The river kept pace with the {HEADER} rising range over a long time."]
    tgt += PARAS[1:]
    found = run(src, tgt, hash_encoder).findings
    assert not [f for f in found if f.type in ("number_mismatch", "name_mismatch")]


def test_lone_sentence_damaged_by_ocr_is_info(hash_encoder):
    damaged = "Meanwhile , the in 29 âjJi.ïïJïW ."
    tgt = [*FOLDED_SRC[:3], damaged, *FOLDED_SRC[3:]]
    beads = [([0], [0]), ([1], [1]), ([2], [2]), ([], [3]), ([3], [4]), ([4], [5])]
    ctx = _aligned_context(FOLDED_SRC, tgt, beads, hash_encoder)
    assert _unaligned(ctx) == [("addition", "info", damaged)]


def test_lone_rest_of_a_cut_sentence_is_info_by_length(hash_encoder, monkeypatch):
    """The rest of a sentence cut at a semicolon, left alone, whose pair's length ratio
    is nearer the usual one with it: info, even with no similarity gain."""
    from aligner import checks

    monkeypatch.setattr(checks, "_NEIGHBOUR_GAIN", 2.0)
    piece = "and said the decision could not wait any longer."
    for head, severity in (("The chairman refused;", "info"), ("The chairman refused.", "error")):
        tgt = [*FOLDED_SRC[:2], head, piece, *FOLDED_SRC[3:]]
        beads = [([0], [0]), ([1], [1]), ([2], [2]), ([], [3]), ([3], [4]), ([4], [5])]
        ctx = _aligned_context(FOLDED_SRC, tgt, beads, hash_encoder)
        assert _unaligned(ctx) == [("addition", severity, piece)]


def test_folded_sentence_matching_nothing_is_reported_without_a_gain(hash_encoder, monkeypatch):
    """A folded sentence that matches the other side no better than unrelated sentences
    do, beside one that matches: reported even when no similarity gain is required."""
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_GAIN", 2.0)
    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 2.0, raising=False)
    inserted = "Everyone agreed that the room had been far too warm for a long meeting."
    tgt = [*FOLDED_SRC[:2], inserted, *FOLDED_SRC[2:]]
    beads = [([0], [0]), ([1], [1, 2]), ([2], [3]), ([3], [4]), ([4], [5])]
    monkeypatch.setattr(checks, "_UNRELATED_MIN_PAIRS", 1)
    # the levels from this pair itself: nothing unrelated matches as badly
    monkeypatch.setattr(checks, "_UNRELATED_PERCENTILE", 0)
    found = _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder))
    assert [f for f in found if f[1] != "info"] == []
    monkeypatch.setattr(checks, "_UNRELATED_PERCENTILE", 100)
    monkeypatch.setattr(checks, "_RELATED_PERCENTILE", 95)
    found = _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder))
    assert found == [("addition", "error", inserted)]


# --------------------------------------------------------------------------- folded sentences


def _only_structural_evidence(monkeypatch, unrelated=-1.0, related=2.0):
    """No similarity gain is enough, and this pair's levels of unrelated and related
    similarity are fixed: by default no sentence matches as badly as unrelated ones
    and none matches clearly, so only the rule under test may report."""
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_GAIN", 2.0)
    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 2.0)
    monkeypatch.setattr(checks, "_unrelated_levels", lambda ctx, vec: (unrelated, related))


def test_folded_sentence_across_a_paragraph_break(hash_encoder, monkeypatch):
    """A sentence added at the end of a paragraph, folded by the aligner into the bead of
    the next paragraph's first sentence: reported; the same sentence inside one
    paragraph only as context, on the bead's length ratio (nothing else speaks
    against it)."""
    _only_structural_evidence(monkeypatch)
    added = "Quick zebras jog by waxy fjords."
    beads = [([0], [0]), ([1], [1]), ([2], [2, 3]), ([3], [4]), ([4], [5])]
    src = [*FOLDED_SRC[:2], "", *FOLDED_SRC[2:]]
    tgt = [*FOLDED_SRC[:2], added, "", *FOLDED_SRC[2:]]
    found = _partial(_context(src, tgt, beads, hash_encoder))
    assert found == [("addition", "warning", added)]
    tgt = [*FOLDED_SRC[:2], added, *FOLDED_SRC[2:]]
    assert _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder)) == [("addition", "info", added)]


def test_folded_piece_across_a_paragraph_break_is_not_reported(hash_encoder, monkeypatch):
    """A lead-in cut off the sentence it introduces, which the next bead holds, is part
    of that sentence's translation wherever the paragraph break fell."""
    _only_structural_evidence(monkeypatch)
    lead = "Quick zebras jog by waxy fjords:"
    beads = [([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], [3]), ([5], [4])]
    src = [FOLDED_SRC[0], FOLDED_SRC[1], "", lead, *FOLDED_SRC[2:]]
    assert _partial(_context(src, FOLDED_SRC, beads, hash_encoder)) == []
    src[3] = lead.replace(":", ".")
    found = _partial(_context(src, FOLDED_SRC, beads, hash_encoder))
    assert found == [("omission", "warning", src[3])]


def test_lead_in_matching_nothing_is_not_reported(hash_encoder, monkeypatch):
    """A lead-in ("It is very telling:") folded together with the sentence it introduces
    matches nothing on its own, since translators merge the two: not reported by the
    rule for folded sentences that match nothing; a sentence of its own is."""
    # every sentence matches as badly as unrelated ones; only a copy matches clearly
    _only_structural_evidence(monkeypatch, unrelated=2.0, related=0.9)
    lead = "It is very telling:"
    src = [FOLDED_SRC[0], lead, *FOLDED_SRC[1:]]
    beads = [([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], [3]), ([5], [4])]
    assert _partial(_context(src, FOLDED_SRC, beads, hash_encoder)) == []
    src[1] = "It was very telling."
    found = _partial(_context(src, FOLDED_SRC, beads, hash_encoder))
    assert found == [("omission", "warning", src[1])]


def test_no_folded_sentence_beside_an_untranslated_copy(hash_encoder, monkeypatch):
    """Beside a sentence left in the source language, dropping any other sentence of the
    bead leaves a perfect match: that says nothing about it. Between two versions in
    one language a copy is no slip, and the rule does not apply."""
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.0)
    rest = "Quick zebras jog by waxy fjords."
    tgt = [FOLDED_SRC[0], FOLDED_SRC[1], rest, *FOLDED_SRC[2:]]
    beads = [([0], [0]), ([1], [1, 2]), ([2], [3]), ([3], [4]), ([4], [5])]
    ctx = _context(FOLDED_SRC, tgt, beads, hash_encoder, "de", "fr")
    assert _partial(ctx) == []
    found = _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder))
    assert [text for _, _, text in found] == [rest]


def test_lone_rest_of_a_sentence_cut_inside_brackets_is_info(hash_encoder, monkeypatch):
    """A sentence cut at a colon inside brackets: its rest starts with a capital but
    closes the bracket the first part opened."""
    from aligner import checks

    monkeypatch.setattr(checks, "_NEIGHBOUR_GAIN", 2.0)
    piece = "Article 4 ) and said the decision could not wait any longer."
    for head, severity in (
        ("The chairman ( under the rules :", "info"),
        ("The chairman ( under the rules ) refused :", "error"),
    ):
        tgt = [*FOLDED_SRC[:2], head, piece, *FOLDED_SRC[3:]]
        beads = [([0], [0]), ([1], [1]), ([2], [2]), ([], [3]), ([3], [4]), ([4], [5])]
        ctx = _aligned_context(FOLDED_SRC, tgt, beads, hash_encoder)
        assert _unaligned(ctx) == [("addition", severity, piece)]


def test_folded_sentence_with_foreign_names_may_cost_a_little_similarity(hash_encoder, monkeypatch):
    """An inserted sentence whose names are missing from the other side and that shares
    some wording with it: dropping it costs the bead a little similarity, but brings
    its length ratio nearer the usual one."""
    from aligner import checks

    src = ["The whole team reached the old harbour after a difficult journey.", *FOLDED_SRC[1:]]
    kept = "On Monday the team finally reached the harbour after a journey."
    inserted = "Bergen was old and difficult for Olsen."
    tgt = [kept, inserted, *FOLDED_SRC[1:]]
    beads = [([0], [0, 1]), ([1], [2]), ([2], [3]), ([3], [4]), ([4], [5])]
    ctx = _context(src, tgt, beads, hash_encoder)
    vec = ctx.encode([src[0], kept, f"{kept} {inserted}"])
    # dropping it costs the bead a little similarity
    assert -0.04 < float(vec[0] @ vec[1]) - float(vec[0] @ vec[2]) < 0
    monkeypatch.setattr(checks, "_FOREIGN_COST", 0.0)
    assert _partial(_context(src, tgt, beads, hash_encoder)) == []
    monkeypatch.setattr(checks, "_FOREIGN_COST", 2.0)
    found = _partial(_context(src, tgt, beads, hash_encoder))
    assert found == [("addition", "warning", inserted)]


def test_folded_sentence_on_weak_evidence_is_info(hash_encoder, monkeypatch):
    """Dropping the sentence raises the bead's similarity, but the bead's length ratio
    is nearer the usual one with it (the kept translation is short): reported as
    context only; a lead-in ending with a colon is not."""
    from aligner import checks

    _only_structural_evidence(monkeypatch)
    monkeypatch.setattr(checks, "_SENTENCE_GAIN", 0.01)
    monkeypatch.setattr(checks, "_MATCHLESS_WORDS", 99)  # the rule under test alone
    short = "Several members asked for more time."
    added = "Quick zebras jog by waxy fjords today."
    beads = [([0], [0]), ([1], [1, 2]), ([2], [3]), ([3], [4]), ([4], [5])]
    tgt = [FOLDED_SRC[0], short, added, *FOLDED_SRC[2:]]
    found = _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder))
    assert found == [("addition", "info", added)]
    tgt[2] = "Quick zebras jog by waxy fjords:"
    assert _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder)) == []
    tgt[2] = added
    monkeypatch.setattr(checks, "_SENTENCE_GAIN", 2.0)
    assert _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder)) == []


def test_folded_fragment_with_a_clear_gain_is_info(hash_encoder, monkeypatch):
    """A one-word line with no name recognisable as one (a surname at the start of a
    sentence), whose removal clearly raises the bead's similarity: context only."""
    from aligner import checks

    _only_structural_evidence(monkeypatch)
    src = [*FOLDED_SRC[:2], "Streather.", *FOLDED_SRC[2:]]
    beads = [([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], [3]), ([5], [4])]
    found = _partial(_context(src, FOLDED_SRC, beads, hash_encoder))
    assert found == [("omission", "info", "Streather.")]
    monkeypatch.setattr(checks, "_FRAGMENT_GAIN", 2.0)
    assert _partial(_context(src, FOLDED_SRC, beads, hash_encoder)) == []


@pytest.mark.parametrize(
    "folded, other_mark, reported",
    [
        ("What now?", "", True),
        ("Such disappointment!", "", True),
        ("Such disappointment!", "?", True),  # a question is no exclamation
        ("What now?", "?", False),
        ("What now？", "", True),  # a mark of another script asks too
        ("What now?", "？", False),
        ("„What now?“", "", True),  # closing quotes of any style after the mark
        ("»Such disappointment!«", "", True),
        ("What now?!", "?", False),  # both kinds: either answers it
        ("What now?!", "", True),
        ("What shall we all do now?", "", False),  # the encoder can judge five words
        ("Such disappointment!", "!", False),
        ("What now.", "", False),
    ],
)
def test_folded_question_the_other_side_never_asks_is_info(
    hash_encoder, monkeypatch, folded, other_mark, reported
):
    """A question or exclamation of two words says too little for the encoder; folded
    into a bead whose other side has no mark of its kind, it is reported as context
    only, when dropping it costs the bead next to nothing."""
    from aligner import checks

    _only_structural_evidence(monkeypatch)
    monkeypatch.setattr(checks, "_FRAGMENT_GAIN", 2.0)
    monkeypatch.setattr(checks, "_MARK_COST", 2.0)  # any cost is next to nothing
    monkeypatch.setattr(checks, "_LENGTH_OFF", 5.0)  # no length ratio is far off
    src = [FOLDED_SRC[0], folded, *FOLDED_SRC[1:]]
    tgt = list(FOLDED_SRC)
    tgt[1] = tgt[1][:-1] + other_mark if other_mark else tgt[1]
    beads = [([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], [3]), ([5], [4])]
    found = _partial(_context(src, tgt, beads, hash_encoder))
    assert found == ([("omission", "info", folded)] if reported else [])
    monkeypatch.setattr(checks, "_MARK_COST", -2.0)  # no cost is small enough
    assert _partial(_context(src, tgt, beads, hash_encoder)) == []
    # a clause of the other side clearly renders it
    monkeypatch.setattr(checks, "_MARK_COST", 2.0)
    monkeypatch.setattr(checks, "_clause_echo", lambda encode, sent, other: 3.0)
    assert _partial(_context(src, tgt, beads, hash_encoder)) == []


_LABEL_ENDS_BEAD = [([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], [3])]


@pytest.mark.parametrize(
    "src_lines, beads, other_colon, reported",
    [
        # a label ending the bead, before the paragraph it labels
        (["Literature:", ""], _LABEL_ENDS_BEAD, False, True),
        # the other side ends with a label too
        (["Literature:", ""], _LABEL_ENDS_BEAD, True, False),
        # inside the bead it introduces the sentence after it
        (["Literature:"], [([0], [0]), ([1], [1]), ([2, 3], [2]), ([4], [3])], False, False),
        # three words: a lead-in a translator may merge into what follows
        (["The sources are:", ""], _LABEL_ENDS_BEAD, False, False),
    ],
)
def test_folded_label_ending_a_bead(
    hash_encoder, monkeypatch, src_lines, beads, other_colon, reported
):
    """A label of a word or two with a colon ("Literatur :"), folded at the end of a bead
    whose other side ends with no colon, is judged like any fragment (context only on
    a clear gain); a lead-in with what it introduces in the bead is not."""
    from aligner import checks

    _only_structural_evidence(monkeypatch)
    monkeypatch.setattr(checks, "_FRAGMENT_GAIN", -2.0)  # any gain is clear
    src = [FOLDED_SRC[0], FOLDED_SRC[1], *src_lines, *FOLDED_SRC[2:4]]
    tgt = list(FOLDED_SRC[:4])
    if other_colon:
        tgt[1] = tgt[1][:-1] + ":"
    found = _partial(_context(src, tgt, beads, hash_encoder))
    assert found == ([("omission", "info", src_lines[0])] if reported else [])


@pytest.mark.parametrize(
    ("label", "reported"),
    [
        # the sentence before says "proposals" too: the clause matches through it
        ("Proposals:", True),
        # a word the rest of the bead does not say: the clause renders the label
        ("Literature:", False),
    ],
)
def test_folded_label_matching_a_clause_through_a_word_its_side_repeats(
    hash_encoder, monkeypatch, label, reported
):
    """A fragment that clearly matches a clause of the other side is translated there,
    unless every word of it is said by the rest of its side as well: the clause then
    renders that rest ("Literatur :" after "… der einschlägigen Literatur …")."""
    from aligner import checks

    _only_structural_evidence(monkeypatch, related=0.5)
    monkeypatch.setattr(checks, "_FRAGMENT_GAIN", -2.0)  # any gain is clear
    # a clause of the bead's other side matches it clearly, none of the next pair's
    monkeypatch.setattr(
        checks, "_clause_echo", lambda encode, sent, other: 0.9 * other.startswith("Several")
    )
    src = [FOLDED_SRC[0], FOLDED_SRC[1], label, "", *FOLDED_SRC[2:4]]
    found = _partial(_context(src, list(FOLDED_SRC[:4]), _LABEL_ENDS_BEAD, hash_encoder))
    assert found == ([("omission", "info", label)] if reported else [])


@pytest.mark.parametrize(("unrelated", "reported"), [(0.99, True), (-1.0, False)])
def test_folded_lead_in_matching_nothing_is_info(hash_encoder, monkeypatch, unrelated, reported):
    """A lead-in folded with what it introduces is no evidence of itself, since the
    other side often says it in a clause, unless it matches nothing, no better than
    this pair's unrelated sentences ("Ich bringe daraus - in Übersetzung - ein paar
    Ausschnitte :" before a quotation): context only when dropping it raises the
    similarity."""
    from aligner import checks

    _only_structural_evidence(monkeypatch, unrelated=unrelated)
    monkeypatch.setattr(checks, "_FRAGMENT_GAIN", -2.0)  # any gain is clear
    monkeypatch.setattr(checks, "_SENTENCE_GAIN", -2.0)
    monkeypatch.setattr(checks, "_clause_echo", lambda encode, sent, other: 0.0)
    lead = "I translate a few passages of it here:"
    src = [FOLDED_SRC[0], lead, *FOLDED_SRC[1:4]]
    # the other side long enough that the lengths do not speak for dropping it
    tgt = list(FOLDED_SRC[:4])
    tgt[1] = f"{tgt[1]} {tgt[1]}"
    beads = [([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], [3])]
    found = _partial(_context(src, tgt, beads, hash_encoder))
    assert found == ([("omission", "info", lead)] if reported else [])


def test_folded_sentence_overshadowed_on_its_topic_is_info(hash_encoder, monkeypatch):
    """A sentence that matches the other side (it is on the same topic), but only the
    sentence another of the bead matches better, is context when dropping it raises
    the similarity and brings a length ratio far from the usual one at least halfway
    back (by its size when its names and numbers are missing from the other side); not
    when the sentence it matches is its own, or the lengths agree."""
    from aligner import checks

    _only_structural_evidence(monkeypatch)
    monkeypatch.setattr(checks, "_SENTENCE_GAIN", 0.01)
    monkeypatch.setattr(checks, "_SENTENCE_ECHO", -1.0)  # every sentence matches
    added = "Several members asked again for more time to read the whole budget."
    src = [FOLDED_SRC[0], added, *FOLDED_SRC[1:]]
    beads = [([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], [3]), ([5], [4])]
    found = _partial(_context(src, FOLDED_SRC, beads, hash_encoder))
    assert found == [("omission", "info", added)]
    # its own translation, however short, is the sentence it matches best
    long = (
        "The chairman refused and said that the decision on the budget could not wait "
        "for the council any longer."
    )
    src2 = [FOLDED_SRC[0], long, *FOLDED_SRC[3:]]
    tgt2 = [FOLDED_SRC[0], "The chairman refused.", *FOLDED_SRC[3:]]
    beads2 = [([0], [0]), ([1, 2], [1, 2]), ([3], [3])]
    assert _partial(_context(src2, tgt2, beads2, hash_encoder)) == []
    # the other side is short even for the sentence it translates: not halfway back
    short = [FOLDED_SRC[0], "Several reporters left early.", *FOLDED_SRC[1:]]
    tgt3 = [FOLDED_SRC[0], "Members asked for time.", *FOLDED_SRC[2:]]
    assert _partial(_context(short, tgt3, beads, hash_encoder)) == []
    monkeypatch.setattr(checks, "_LENGTH_OFF", 5.0)  # no length ratio is far off
    assert _partial(_context(src, FOLDED_SRC, beads, hash_encoder)) == []
    monkeypatch.setattr(checks, "_LENGTH_OFF", 0.2)
    # a lead-in means what it introduces in the bead
    lead = [FOLDED_SRC[0], added[:-1] + ":", *FOLDED_SRC[1:]]
    assert _partial(_context(lead, FOLDED_SRC, beads, hash_encoder)) == []
    # with its names and numbers missing from the other side it is reported by its size
    named = "Several members including Peter Hansen asked again for 4 more days."
    src[1] = named
    assert _partial(_context(src, FOLDED_SRC, beads, hash_encoder)) == [
        ("omission", "error", named)
    ]
    monkeypatch.setattr(checks, "_SENTENCE_GAIN", 2.0)
    assert _partial(_context(src, FOLDED_SRC, beads, hash_encoder)) == []


def test_identical_names_are_no_untranslated_copy(hash_encoder, monkeypatch):
    """A line of names reads the same in both languages: the sentence folded beside it is
    still judged (a copied sentence of prose would stop that)."""
    _only_structural_evidence(monkeypatch)
    names = "Brown, N. Hardie, T. Mackinnon."
    src = [FOLDED_SRC[0], names, "Streather.", *FOLDED_SRC[2:]]
    tgt = [FOLDED_SRC[0], names, *FOLDED_SRC[2:]]
    beads = [([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], [3]), ([5], [4])]
    found = _partial(_context(src, tgt, beads, hash_encoder, "de", "fr"))
    assert found == [("omission", "info", "Streather.")]


def test_numbers_of_a_lone_piece_are_compared_with_its_neighbour(hash_encoder, monkeypatch):
    """The rest of a sentence cut at a semicolon, left alone by the aligner and reported
    as likely part of the pair next to it: a number changed inside it is still a
    number replaced by another."""
    from aligner import checks

    monkeypatch.setattr(checks, "_NEIGHBOUR_GAIN", 2.0)
    src = list(FOLDED_SRC)
    src[2] = "The chairman refused and said the decision could not wait another 12 days."
    beads = [([0], [0]), ([1], [1]), ([2], [2]), ([], [3]), ([3], [4]), ([4], [5])]
    for days, expected in (("12", []), ("21", [("error", "12", "21")])):
        piece = f"and said the decision could not wait another {days} days."
        tgt = [*FOLDED_SRC[:2], "The chairman refused;", piece, *FOLDED_SRC[3:]]
        ctx = _aligned_context(src, tgt, beads, hash_encoder)
        found = checks.run_checks(ctx)
        assert [(f.type, f.severity) for f in found if f.type == "addition"] == [
            ("addition", "info")
        ]
        numbers = [
            (f.severity, f.source_span.slice(ctx.source.text), f.target_span.slice(ctx.target.text))
            for f in found
            if f.type == "number_mismatch"
        ]
        # the finding points at the numbers, wherever they lie in the pair
        assert numbers == expected


def test_a_number_of_a_date_cut_across_sentences_is_still_compared(hash_encoder):
    """A reference whose date the splitter cut ("( Nov . | 1956 )") reads as a date in
    the paragraph and as a year in the sentence: a changed year is still reported."""
    from aligner import checks

    src = ["The Alpine Journal , N° 293 ( Nov .", "1956 ) , p. 310-329 ."]
    beads = [([0], [0]), ([1], [1])]
    for year, expected in (("1956", []), ("1963", [("error", "1956", "1963")])):
        tgt = ["The Alpine Journal , n° 293 ( Nov .", f"{year} , p. 310-329 ) ."]
        ctx = _aligned_context(src, tgt, beads, hash_encoder, "de", "fr")
        found = [
            (f.severity, f.source_span.slice(ctx.source.text), f.target_span.slice(ctx.target.text))
            for f in checks.check_numbers(ctx)
        ]
        assert found == expected


def test_folded_sentence_rendering_a_clause_is_not_unrelated(hash_encoder, monkeypatch):
    """A sentence that renders one clause of a long sentence on the other side matches
    the whole sentence poorly, but the clause well: it does not count as matching
    nothing. A sentence of its own does."""
    from aligner import checks

    # the cheap encoder matches the whole sentence well too: the rule is tested alone
    monkeypatch.setattr(checks, "_SENTENCE_ECHO", 2.0)
    _only_structural_evidence(monkeypatch, unrelated=2.0, related=0.75)
    src = [
        "The committee met on Monday to discuss the new budget, and the old bridge was closed.",
        *FOLDED_SRC[1:],
    ]
    kept = "The committee met on Monday to discuss the new budget for the coming years."
    beads = [([0], [0, 1]), ([1], [2]), ([2], [3]), ([3], [4]), ([4], [5])]
    tgt = [kept, "The old bridge was closed.", *FOLDED_SRC[1:]]
    assert _partial(_context(src, tgt, beads, hash_encoder)) == []
    tgt[1] = "Quick zebras jog by waxy fjords."
    assert _partial(_context(src, tgt, beads, hash_encoder)) == [("addition", "warning", tgt[1])]


def test_clause_echo_reaches_into_sentences_left_joined(hash_encoder):
    """Two sentences the splitter left joined ("… besucht 10. In der …") are clauses too."""
    from aligner.checks import _clause_echo

    second = "The chronicle of 1955 mentioned an excursion to the Ronti group."
    other = f"It was climbed twice, by two teams 10. {second}"
    assert _clause_echo(hash_encoder.encode, second, other) > 0.99
    assert _clause_echo(hash_encoder.encode, "It was climbed twice.", "Reist .") == -1.0
    # a heading run into the sentence, in capitals or before a capitalised function word
    other = "Chronik 1956 MIT NACHTRÄGEN VON G.O.DYHRENFURTH Mit 3 Bildern In letzter Zeit ."
    for heading in ("MIT NACHTRÄGEN VON G.O.DYHRENFURTH", "Mit 3 Bildern"):
        assert _clause_echo(hash_encoder.encode, heading, other) > 0.99


def test_folded_sentence_that_breaks_the_length_ratio_is_context(hash_encoder, monkeypatch):
    """A sentence folded into a bead whose length ratio is far from the usual one and
    nearly right without it: info, on that evidence alone; a short one that leaves the
    ratio near the usual one: nothing."""
    _only_structural_evidence(monkeypatch)
    beads = [([0], [0]), ([1], [1, 2]), ([2], [3]), ([3], [4]), ([4], [5])]
    long_added = "Quick zebras jog by waxy fjords while the old brown fox sleeps in the barn."
    tgt = [*FOLDED_SRC[:2], long_added, *FOLDED_SRC[2:]]
    found = _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder))
    assert found == [("addition", "info", long_added)]
    tgt = [*FOLDED_SRC[:2], "Zebras jog on.", *FOLDED_SRC[2:]]
    assert _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder)) == []


@pytest.mark.parametrize(("unrelated", "expected"), [(0.1, "pair"), (0.01, "weak")])
def test_pair_as_unlike_as_unrelated_sentences(hash_encoder, monkeypatch, unrelated, expected):
    """An aligned pair no more similar than this document pair's unrelated sentences is
    an omission and an addition; one a little above that level is a weak match."""
    from aligner import checks
    from aligner.alignment import Bead

    monkeypatch.setattr(checks, "_unrelated_levels", lambda ctx, vec: (unrelated, 0.5))
    other = "Quick zebras jog by waxy fjords while the old brown fox sleeps in the barn."
    tgt = [*FOLDED_SRC[:2], other, *FOLDED_SRC[3:]]
    ctx = _context(FOLDED_SRC, tgt, [([k], [k]) for k in range(5)], hash_encoder)
    ctx.sentence_beads = [
        Bead(b.src, b.tgt, 0.02 if k == 2 else 0.8) for k, b in enumerate(ctx.sentence_beads)
    ]
    found = [(f.type, f.severity) for f in checks.check_weak_matches(ctx)]
    if expected == "pair":
        assert found == [("omission", "error"), ("addition", "error")]
        assert ctx.explained_src and ctx.explained_tgt
    else:
        assert found == [("weak_match", "warning")]


def test_lead_in_matching_a_clause_of_the_other_side_is_not_reported(hash_encoder, monkeypatch):
    """A lead-in cut off at its colon, which clearly matches a clause of the other side's
    sentence, was translated there: not reported however much dropping it gains; one
    that matches no clause is."""
    from aligner import checks

    _only_structural_evidence(monkeypatch, related=0.5)
    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.04)  # its own value
    # the pair before, on the same committee, is not the point here
    monkeypatch.setattr(checks, "_next_door", lambda *a, **k: None)
    lead = "the committee met at noon that day:"
    rest = "it discussed the new budget for the coming year."

    class Encoder:
        """The hash encoder, but the bead's whole target text matches nothing: dropping
        any sentence of it gains a lot (as an encoder may make a cut lead-in do)."""

        def encode(self, texts):
            vecs = hash_encoder.encode(texts)
            for i, t in enumerate(texts):
                if t == f"{lead} {rest}":
                    vecs[i] = hash_encoder.encode(["zebras quietly jog by waxy fjords"])[0]
            return vecs

    beads = [([0], [0]), ([1], [1, 2]), ([2], [3]), ([3], [4]), ([4], [5])]
    for source, expected in (
        (
            # matched as a whole no better than unrelated text, but one clause clearly
            "At noon that day the committee met , and after a long and heated exchange "
            "of views about taxes , schools , roads , bridges , parks , harbours , "
            "railways , hospitals and libraries , everyone argued over the plans for "
            "many hours .",
            [],
        ),
        (
            "Everyone discussed the new budget for the coming year at length.",
            [("addition", "warning", lead)],
        ),
    ):
        src = [FOLDED_SRC[0], source, *FOLDED_SRC[2:]]
        tgt = [FOLDED_SRC[0], lead, rest, *FOLDED_SRC[2:]]
        found = _partial(_context(src, tgt, beads, Encoder()))
        assert [f for f in found if f[2] == lead] == expected
    # a gain short of the strong one, with the length ratio for it: context only
    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 2.0)
    monkeypatch.setattr(checks, "_SENTENCE_GAIN", -2.0)
    src = [FOLDED_SRC[0], "Everyone discussed the new budget for the coming year.", *FOLDED_SRC[2:]]
    tgt = [FOLDED_SRC[0], lead, rest, *FOLDED_SRC[2:]]
    found = _partial(_context(src, tgt, beads, Encoder()))
    assert [f for f in found if f[2] == lead] == [("addition", "info", lead)]


def test_fragment_matching_nothing_is_context_when_lengths_agree(hash_encoder, monkeypatch):
    """A word or two folded into a bead ("Onward!") that matches nothing, beside a
    sentence that clearly matches, with the bead's length ratio nearer the usual one
    without it: info, whatever the similarity gain."""
    from aligner import checks

    _only_structural_evidence(monkeypatch, unrelated=0.3, related=0.9)
    monkeypatch.setattr(checks, "_FRAGMENT_GAIN", 2.0)
    beads = [([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], [3]), ([5], [4])]
    src = [*FOLDED_SRC[:2], "Zebras onward!", *FOLDED_SRC[2:]]
    found = _partial(_context(src, FOLDED_SRC, beads, hash_encoder))
    assert found == [("omission", "info", "Zebras onward!")]


def test_unaligned_sentences_message_agrees_in_number(hash_encoder):
    from aligner.checks import _unaligned_finding

    beads = [([0], [0]), ([1], []), ([2], []), ([3], [1]), ([4], [2])]
    ctx = _context(FOLDED_SRC, [FOLDED_SRC[0], *FOLDED_SRC[3:]], beads, hash_encoder)
    one = _unaligned_finding(ctx, "src", [1], False, None).message
    two = _unaligned_finding(ctx, "src", [1, 2], False, None).message
    assert one.startswith("Source sentence in paragraph 1 has no counterpart in the target")
    assert two.startswith("Source 2 sentences in paragraph 1 have no counterpart in the target")


@pytest.mark.parametrize(
    ("gain", "severity"),
    [
        # a sentence on the pair's topic gains a little without being any of it
        (0.002, "error"),
        (0.0, "error"),
        (-0.05, "error"),
        # a piece of the pair's translation gains clearly
        (0.03, "info"),
    ],
)
def test_a_lone_sentence_is_part_of_its_neighbour_only_by_a_clear_gain(
    gain, severity, hash_encoder
):
    from aligner.checks import _unaligned_finding

    beads = [([0], [0]), ([1], []), ([2], [1]), ([3], [2]), ([4], [3])]
    ctx = _context(FOLDED_SRC, [FOLDED_SRC[0], *FOLDED_SRC[2:]], beads, hash_encoder)
    found = _unaligned_finding(ctx, "src", [1], False, gain)
    assert (found.severity, found.evidence.get("part_of_neighbour", False)) == (
        severity,
        severity == "info",
    )


# --------------------------------------------------------------------------- glued sentences


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("No hidden end in this sentence at all.", []),
        # a prefix and a suffix of three words or more, never the whole sentence
        # not before a capital (the splitter saw it), nor after an initial; "Ronti,
        # 6064 m." has two words only
        ("Ronti, 6064 m. team of the summit E. Hillary.", [(15, 45)]),
        ("The U.S. Senate voted. we left.", [(0, 23)]),
        ("Shares of Acme Co.Ltd. rose sharply on Monday.", []),
        # before a capital, only after a lower-case word or a number: "Prof." stays
        ("We walked to the ridge. Then Prof. Evans stopped at the top.", [(0, 24), (24, 60)]),
        ("The peak was seen by A. von Humboldt and his friends.", []),
        # closing quotes stay with their piece, spaced apart or not; brackets stay closed
        ("He said « we go now . » then they all went out.", [(0, 24), (24, 47)]),
        ("The camp (approx. 5000 m) was reached. we stayed three days.", [(0, 39), (39, 60)]),
        # a piece may leave a bracket open at the sentence's end (cut there by the splitter)
        ("He saw it . 4° The saddle ( duc de Spoleto-Prof .", [(0, 12), (12, 49)]),
        ("8. 1956 : The year 1956 brought the decision.", [(10, 45)]),
        # the stretch between two hidden ends is a piece too; "We met;" is too short
        ("We met; the storm came early; we left.", [(0, 30), (8, 30), (8, 38)]),
        # nor is a stop after a day, an ordinal or an initial
        ("Am 6. und 7. Juli 1956 stiegen E. P. Hillary und andere auf.", []),
        ("le 107 J. Brown et I. McNaught-Davis .", []),
        # a stop inside a number or without a space after it is no hidden end
        ("It cost 2.70 francs a day.in fact less.", []),
        # closing quotes and brackets stay with the piece they end
        ('He said "we go now." then they went out.', [(0, 21), (21, 40)]),
        # a title, a byline in capitals and a caption run into the first sentence
        (
            "Chronik 1956 MIT NACHTRÄGEN VON G.O.DYHRENFURTH Mit 3 Bildern In letzter Zeit "
            "sind die Zahlen gestiegen .",
            # ("Chronik 1956" alone has two words)
            [(0, 48), (0, 62), (13, 48), (13, 62), (13, 105), (48, 62), (48, 105), (62, 105)],
        ),
        # a capitalised function word after a capitalised word or a number: a heading
        # may end before it; not after a word in lower case or a function word (a
        # name, "The New York Times"), nor before German "Sie", nor far into the text
        ("Mit 3 Bildern In letzter Zeit sind die Zahlen gestiegen .", [(0, 14), (14, 57)]),
        ("We read the report of the council Les Alpes de Savoie again.", []),
        # after a word in lower case when a word in lower case follows
        ("Avec 3 illustrations On l' oublie presque toujours .", [(0, 21), (21, 52)]),
        ("He told The New York Times that the vote was lost.", []),
        ("Können Sie mir sagen , wo der Weg ist ?", []),
        (
            "one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one "
            "twenty-two twenty-three twenty-four Twenty-five In letzter Zeit sind sie .",
            [],
        ),
        # not after a quote or bracket, nor before one word in capitals, nor inside
        # capitals in brackets (no lower-case word beside them)
        ("Er las « Die Alpen » 1956 mit grossem Vergnügen .", []),
        ("The NATO troops of the UN left the town on Monday.", []),
        ("He said ( THE END OF THE STORY ) and left us.", []),
        # an item number after a capitalised word (a caption before it), not after a
        # lower-case one (a date)
        (
            "10 - Photo Indian Air Force 6. The chronicle of last year was long.",
            [(0, 28), (28, 67)],
        ),
        ("Er kam am 6. Juli 1956 mit allen Trägern an.", []),
        ("Am 6. Juli 1956 kamen sie mit allen Trägern an.", []),
        ("Das Foto der Indian Air Force 6. Juli zeigt den Gipfel.", []),
        ("Im 2. Weltkrieg wurde die alte Hütte zerstört.", []),
        # in a script without case nothing is in capitals
        ("قال الرئيس في عام 2019 إن الحكومة ستبني مدرسة", []),
        # capitals inside a sentence, not before a capitalised word: emphasis
        ("He shouted STOP RIGHT THERE and ran off.", []),
        ("He shouted STOP RIGHT THERE Then he ran off.", [(0, 28), (11, 28), (11, 44), (28, 44)]),
    ],
)
def test_hidden_pieces(text, pieces):
    from aligner.checks import _hidden_pieces

    assert _hidden_pieces(text) == pieces


def test_hidden_pieces_keep_sentence_marks_before_heading_ends(monkeypatch):
    """Places after a sentence mark come first; the ends of headings fill the places
    left."""
    from aligner import checks

    text = "Chronik 1956 MIT NACHTRÄGEN VON G.O.DYHRENFURTH Mit 3 Bildern. wir gingen heim."
    monkeypatch.setattr(checks, "_GLUED_MAX_CUTS", 1)
    assert checks._hidden_pieces(text) == [(0, 63), (63, 79)]
    monkeypatch.setattr(checks, "_GLUED_MAX_CUTS", 2)
    assert checks._hidden_pieces(text) == [(0, 63), (13, 63), (13, 79), (63, 79)]


GLUED = "quick brown foxes jumped over the lazy dogs by the old mill"


def _glued(ctx):
    from aligner.checks import check_glued_sentences

    out = []
    for f in check_glued_sentences(ctx):
        side = ctx.target if f.type == "addition" else ctx.source
        span = f.target_span if f.type == "addition" else f.source_span
        assert f.evidence["joined"] is True
        out.append((f.type, span.slice(side.text)))
    return out


@pytest.mark.parametrize(
    ("glued", "piece"),
    [
        # joined after a stop with no capital after it, before a colon, between clauses
        (f"{FOLDED_SRC[1]} {GLUED}.", f"{GLUED}."),
        (f"{GLUED}: {FOLDED_SRC[1]}", f"{GLUED}:"),
        (
            "Several members asked for more time; " + GLUED + "; to read the proposals "
            "before any vote.",
            f"{GLUED};",
        ),
        # a heading run into the sentence: in capitals, or before a function word
        (f"{GLUED.upper()} {FOLDED_SRC[1]}", GLUED.upper()),
        (f"{FOLDED_SRC[1][:-1]} 2026 The {GLUED}.", f"The {GLUED}."),
    ],
)
def test_sentence_glued_to_an_aligned_one_is_reported(hash_encoder, monkeypatch, glued, piece):
    """A sentence with no counterpart that the splitter left joined to an aligned one is
    found as a piece of it, on either side, with its exact span."""
    _only_structural_evidence(monkeypatch, unrelated=0.3, related=0.6)
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.04)
    beads = [([i], [i]) for i in range(5)]
    tgt = [*FOLDED_SRC[:1], glued, *FOLDED_SRC[2:]]
    assert _glued(_context(FOLDED_SRC, tgt, beads, hash_encoder)) == [("addition", piece)]
    assert _glued(_context(tgt, FOLDED_SRC, beads, hash_encoder)) == [("omission", piece)]
    # the same text on both sides: nothing is missing
    assert _glued(_context(tgt, tgt, beads, hash_encoder)) == []


def test_glued_sentence_the_other_side_has_is_not_reported(hash_encoder, monkeypatch):
    """The other side has the piece as a sentence of the same bead (it cut where this
    side did not), or the pair next door has it (the bead boundary is one piece off)."""
    _only_structural_evidence(monkeypatch, unrelated=0.3, related=0.6)
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.04)
    src = [*FOLDED_SRC[:2], f"{GLUED}.", *FOLDED_SRC[2:]]
    tgt = [*FOLDED_SRC[:1], f"{FOLDED_SRC[1]} {GLUED}.", *FOLDED_SRC[2:]]
    beads = [([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], [3]), ([5], [4])]
    assert _glued(_context(src, tgt, beads, hash_encoder)) == []
    # the next pair's source starts with the piece the target glued to this pair
    src = [*FOLDED_SRC[:2], f"{GLUED}. {FOLDED_SRC[2]}", *FOLDED_SRC[3:]]
    tgt = [*FOLDED_SRC[:1], f"{FOLDED_SRC[1]} {GLUED}.", *FOLDED_SRC[2:]]
    beads = [([i], [i]) for i in range(5)]
    found = _glued(_context(src, tgt, beads, hash_encoder))
    assert ("addition", f"{GLUED}.") not in found


def _any_gain(monkeypatch, unrelated=-1.0, related=2.0):
    """Every piece's removal counts as a gain: only the rule under test may stop it."""
    _only_structural_evidence(monkeypatch, unrelated=unrelated, related=related)
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", -2.0)


def test_glued_piece_matching_the_other_side_is_not_reported(hash_encoder, monkeypatch):
    """Whatever the gain: not when the other side has the piece as a sentence of the
    bead, nor as a clause of one."""
    _any_gain(monkeypatch, related=0.9)
    tgt = [*FOLDED_SRC[:1], f"{FOLDED_SRC[1]} {GLUED}.", *FOLDED_SRC[2:]]
    src = [*FOLDED_SRC[:2], f"{GLUED}.", *FOLDED_SRC[2:]]
    beads = [([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], [3]), ([5], [4])]
    assert ("addition", f"{GLUED}.") not in _glued(_context(src, tgt, beads, hash_encoder))
    src = [*FOLDED_SRC[:1], f"{FOLDED_SRC[1][:-1]}, and {GLUED}.", *FOLDED_SRC[2:]]
    beads = [([i], [i]) for i in range(5)]
    assert ("addition", f"{GLUED}.") not in _glued(_context(src, tgt, beads, hash_encoder))


def test_glued_piece_whose_names_the_other_side_owes_it_is_not_reported(hash_encoder, monkeypatch):
    _any_gain(monkeypatch)
    piece = "then Peter Hansen reached Oslo with 4 trucks."
    tgt = [*FOLDED_SRC[:1], f"{FOLDED_SRC[1]} {piece}", *FOLDED_SRC[2:]]
    beads = [([i], [i]) for i in range(5)]
    assert ("addition", piece) in _glued(_context(FOLDED_SRC, tgt, beads, hash_encoder))
    src = [
        *FOLDED_SRC[:1],
        f"{FOLDED_SRC[1][:-1]} by Peter Hansen of Oslo (4 trucks).",
        *FOLDED_SRC[2:],
    ]
    assert ("addition", piece) not in _glued(_context(src, tgt, beads, hash_encoder))


def test_glued_pieces_reported_do_not_overlap(hash_encoder, monkeypatch):
    """Of overlapping pieces, the one whose removal helps most is reported."""
    _any_gain(monkeypatch)
    glued = f"Several members asked for more time; {GLUED}; to read the proposals before any vote."
    tgt = [*FOLDED_SRC[:1], glued, *FOLDED_SRC[2:]]
    beads = [([i], [i]) for i in range(5)]
    ctx = _context(FOLDED_SRC, tgt, beads, hash_encoder)
    from aligner.checks import check_glued_sentences

    spans = sorted((f.target_span.start, f.target_span.end) for f in check_glued_sentences(ctx))
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
    assert any(tgt_text == f"{GLUED};" for tgt_text in (ctx.target.text[a:z] for a, z in spans))


GLUED_EN = (
    "The expedition left Kathmandu in March with two hundred porters. The leader was John "
    "Hunt, a colonel of the British army. The summit team was Edmund Hillary and Tenzing "
    "Norgay. They reached the top on 29 May and came down the next day.\n\n"
    "The news reached London on the morning of the coronation."
)
GLUED_FR = (
    "L'expédition quitta Katmandou en mars avec deux cents porteurs. Le chef était John "
    "Hunt, colonel de l'armée britannique. on apprit plus tard que deux membres avaient "
    "aussi gravi un sommet voisin, 6064 m. équipe du sommet Edmund Hillary et Tenzing "
    "Norgay. Ils atteignirent le sommet le 29 mai et redescendirent le lendemain.\n\n"
    "La nouvelle parvint à Londres le matin du couronnement."
)


def test_sentence_glued_after_a_unit_with_the_bundled_encoder():
    """Running text whose splitter cannot cut before a lower-case word: the added
    sentence is reported with its own span (the pair is too short to calibrate its
    levels), and its number is not reported again."""
    from aligner.encoders import get_encoder

    result = compare(
        make_document(GLUED_EN, lang="en"), make_document(GLUED_FR, lang="fr"), get_encoder()
    )
    added = "on apprit plus tard que deux membres avaient aussi gravi un sommet voisin, 6064 m."
    found = [(f.type, f.severity, f.target_span.slice(GLUED_FR)) for f in result.findings]
    assert ("addition", "error", added) in found
    assert not [f for f in result.findings if f.type == "number_mismatch"]


def test_glued_lead_in_is_context(hash_encoder, monkeypatch):
    """A glued piece ending with a colon introduces what follows, which the other side
    may say in a clause: info, where the same piece ending with a stop is not."""
    _only_structural_evidence(monkeypatch, unrelated=0.3, related=0.6)
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.04)
    beads = [([i], [i]) for i in range(5)]
    severities = {}
    for mark in ".:":
        tgt = [*FOLDED_SRC[:1], f"{GLUED}{mark} {FOLDED_SRC[1].lower()}", *FOLDED_SRC[2:]]
        ctx = _context(FOLDED_SRC, tgt, beads, hash_encoder)
        severities[mark] = [f.severity for f in checks.check_glued_sentences(ctx)]
    assert severities == {".": ["error"], ":": ["info"]}


def test_glued_piece_on_a_small_gain_needs_the_length_ratio(hash_encoder, monkeypatch):
    """A gain under the strong one counts (as info) only when the pair's length ratio
    is nearer the usual one without the piece."""
    _only_structural_evidence(monkeypatch, unrelated=0.3, related=0.6)
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_GAIN", -2.0)
    tgt = [*FOLDED_SRC[:1], f"{FOLDED_SRC[1]} {GLUED}.", *FOLDED_SRC[2:]]
    beads = [([i], [i]) for i in range(5)]
    found = checks.check_glued_sentences(_context(FOLDED_SRC, tgt, beads, hash_encoder))
    assert [(f.severity, f.evidence["weak_evidence"]) for f in found] == [("info", True)]
    monkeypatch.setattr(checks, "_ratio_distance", lambda *args: 0.0)
    assert checks.check_glued_sentences(_context(FOLDED_SRC, tgt, beads, hash_encoder)) == []


def test_glued_piece_beside_an_untranslated_copy_or_in_ocr_debris(hash_encoder, monkeypatch):
    """Beside a sentence copied unchanged from the other language, similarity says
    nothing: no piece is reported; a piece that is mostly OCR debris is info."""
    _any_gain(monkeypatch, unrelated=0.3, related=0.6)
    from aligner import checks

    tgt = [*FOLDED_SRC[:2], f"Le comité a voté. {GLUED}.", *FOLDED_SRC[3:]]
    beads = [([0], [0]), ([1], [1, 2]), ([2], [3]), ([3], [4])]
    ctx = _context(FOLDED_SRC, tgt, beads, hash_encoder, tgt_lang="fr")
    assert checks.check_glued_sentences(ctx) == []
    # nor beside a copy run into a heading of the same sentence (between two languages)
    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.04)
    tgt = [FOLDED_SRC[0], f"{GLUED.upper()} {FOLDED_SRC[1]}", *FOLDED_SRC[2:]]
    beads = [([i], [i]) for i in range(5)]
    for lang, found in (("fr", []), ("en", [GLUED.upper()])):
        ctx = _context(FOLDED_SRC, tgt, beads, hash_encoder, tgt_lang=lang)
        assert [f.evidence["text"] for f in checks.check_glued_sentences(ctx)] == found
    debris = "quick âjJi ïïJïW foxes ïïJïWx jJïïW lazy mill."
    for piece, severity in ((f"{GLUED}.", "error"), (debris, "info")):
        tgt = [*FOLDED_SRC[:1], f"{FOLDED_SRC[1]} {piece}", *FOLDED_SRC[2:]]
        ctx = _context(FOLDED_SRC, tgt, [([i], [i]) for i in range(5)], hash_encoder)
        found = checks.check_glued_sentences(ctx)
        assert [(f.evidence["text"], f.severity) for f in found] == [(piece, severity)]


@pytest.mark.parametrize(
    ("clause", "reported"),
    [
        ("He said,", True),
        # a word alone is a connective translators drop freely
        ("However,", False),
        ("D' ailleurs,", False),
        ("Peut-être,", False),
    ],
)
def test_a_dropped_clause_has_two_words_or_more(hash_encoder, clause, reported):
    from aligner.checks import check_clauses

    quote = '"the committee met on Monday to discuss the new budget for the coming year."'
    src = [f"{clause} {quote}", *FOLDED_SRC[1:]]
    tgt = [quote, *FOLDED_SRC[1:]]
    beads = [([i], [i]) for i in range(len(src))]
    found = [f.evidence["text"] for f in check_clauses(_context(src, tgt, beads, hash_encoder))]
    assert found == ([clause.rstrip(",")] if reported else [])


@pytest.mark.parametrize(
    ("heading", "tail", "expected"),
    [
        # a year heading read as one sentence with the line it heads: a warning
        ("1. 1950 :", "", [("1. 1950", "warning")]),
        # the other side has the year: context
        ("1. 1950 :", " in 1950", [("1. 1950", "info")]),
        # a small number: context
        ("1. 12 :", "", [("1. 12", "info")]),
        # a clause of three words or more is no heading: context
        ("In the year 1950 ,", "", [("In the year 1950", "info")]),
        # the sentence after the pair on the other side has the year: context
        ("1. 1950 :", "next", [("1. 1950", "info")]),
    ],
)
def test_a_dropped_heading_holding_a_number_is_a_warning(hash_encoder, heading, tail, expected):
    from aligner.checks import check_clauses

    line = "Annapurna was climbed by the French team, led by Maurice Herzog and his men."
    src = [f"{heading} {line}", *FOLDED_SRC[1:]]
    tgt = [line[:-1] + (tail if tail != "next" else "") + ".", *FOLDED_SRC[1:]]
    if tail == "next":
        tgt[1] = "In 1950 " + tgt[1]
    beads = [([i], [i]) for i in range(len(src))]
    found = check_clauses(_context(src, tgt, beads, hash_encoder))
    assert [(f.evidence["text"], f.severity) for f in found] == expected


@pytest.mark.parametrize(
    ("folded", "reported"),
    [
        # its names and number are in neither pair's other side: its own sentence, a
        # weak pair next door that gains from any sentence on its topic notwithstanding
        ("In 1988 the chairman Peter Hansen said the decision could wait.", True),
        # nothing lexical to go by: the pair next door that matches better with it owns it
        ("Then the chairman said the decision could wait.", False),
    ],
)
def test_folded_sentence_foreign_to_the_pair_next_door_too(
    hash_encoder, monkeypatch, folded, reported
):
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.0)
    # words shared with the next pair's source are not the point here
    monkeypatch.setattr(checks, "_DOOR_CLAUSE_ECHO", 2.0)
    tgt = [FOLDED_SRC[0], FOLDED_SRC[1], folded, "The chairman refused.", *FOLDED_SRC[3:]]
    beads = [([0], [0]), ([1], [1, 2]), ([2], [3]), ([3], [4]), ([4], [5])]
    found = [text for _, _, text in _partial(_context(FOLDED_SRC, tgt, beads, hash_encoder))]
    assert found == ([folded] if reported else [])
    # the same sentence whose names and number the pair next door has: its own
    src = [*FOLDED_SRC]
    src[2] = "In 1988 the chairman Peter Hansen refused and said the decision could wait."
    tgt = [src[0], src[1], folded, "The chairman refused.", *src[3:]]
    assert _partial(_context(src, tgt, beads, hash_encoder)) == []


@pytest.mark.parametrize(
    ("piece", "next_src", "reported"),
    [
        # its names and number are in neither pair's source: reported
        (
            "In 1988 Peter Hansen said the decision could wait.",
            "The chairman refused and said the decision could not wait any longer.",
            True,
        ),
        # the pair next door has them: its own, a boundary drawn one piece off
        (
            "In 1988 Peter Hansen said the decision could wait.",
            "In 1988 Peter Hansen refused and said the decision could wait.",
            False,
        ),
    ],
)
def test_glued_piece_foreign_to_the_pair_next_door_too(
    hash_encoder, monkeypatch, piece, next_src, reported
):
    _any_gain(monkeypatch)
    src = [FOLDED_SRC[0], FOLDED_SRC[1], next_src, *FOLDED_SRC[3:]]
    tgt = [FOLDED_SRC[0], f"{FOLDED_SRC[1]} {piece}", "The chairman refused.", *FOLDED_SRC[3:]]
    beads = [([i], [i]) for i in range(5)]
    found = _glued(_context(src, tgt, beads, hash_encoder))
    assert (("addition", piece) in found) is reported


# --------------------------------------------------------------------------- cut sentences


def test_continues_sentence():
    from aligner.documents import continues_sentence

    assert continues_sentence("The chairman refused;", "and said it could not wait.")
    assert continues_sentence("The camp ( Zürich :", "Füssli 1956 ) was ready .")
    assert not continues_sentence("The chairman refused.", "and said it could not wait.")
    assert not continues_sentence("The chairman refused;", "He said it could not wait.")


def test_folded_sentence_rendering_a_clause_next_door_is_not_reported(hash_encoder, monkeypatch):
    """The aligner drew the boundary one sentence off, and the sentence translates a
    clause of the next pair's source: not reported, whatever the pair's similarity."""
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.0)
    monkeypatch.setattr(checks, "_door_owns", lambda *a: False)
    clause = "The room had been far too warm for a long meeting."
    src = [*FOLDED_SRC]
    src[2] = f"The chairman refused the vote, {clause[0].lower()}{clause[1:]}"
    tgt = [FOLDED_SRC[0], FOLDED_SRC[1], clause, "The chairman refused the vote.", *src[3:]]
    beads = [([0], [0]), ([1], [1, 2]), ([2], [3]), ([3], [4]), ([4], [5])]
    assert _partial(_context(src, tgt, beads, hash_encoder)) == []
    # with no clause of the pair next door like it: reported
    monkeypatch.setattr(checks, "_DOOR_CLAUSE_ECHO", 1.01)
    found = _partial(_context(src, tgt, beads, hash_encoder))
    assert [text for _, _, text in found] == [clause]


@pytest.mark.parametrize(
    ("piece", "percentile", "severity"),
    [
        ("and he left.", 90, "info"),
        ("and he left.", 0, "warning"),
        # a name the pair's other side lacks: no piece of that pair
        ("and Olsen left.", 90, "warning"),
    ],
)
def test_lone_rest_of_a_cut_sentence_may_leave_the_length_ratio_usual(
    hash_encoder, monkeypatch, piece, percentile, severity
):
    """The rest of a cut sentence, left alone, whose pair is a little longer than the
    usual ratio once it is joined, but no more unusual than most pairs: info, unless
    its names and numbers are missing from the pair's other side."""
    from aligner import checks

    monkeypatch.setattr(checks, "_NEIGHBOUR_GAIN", 2.0)
    monkeypatch.setattr(checks, "_PIECE_RATIO_PERCENTILE", percentile)
    src = [
        "The committee met on Monday.",
        "Several members asked for more time to read the proposals before any vote was held.",
        "The chairman refused the request.",
        "A final vote on the whole budget will be held next week in the city hall.",
        "Local newspapers reported that the debate lasted well into the night.",
    ]
    tgt = [
        "The committee met on Monday to discuss the new budget for the coming year.",
        "Several members asked for more time.",
        "The chairman refused the request that day;",
        piece,
        "A final vote on the whole budget will be held next week in the hall.",
        "Local newspapers reported that the debate lasted into the night.",
    ]
    beads = [([0], [0]), ([1], [1]), ([2], [2]), ([], [3]), ([3], [4]), ([4], [5])]
    ctx = _aligned_context(src, tgt, beads, hash_encoder)
    assert _unaligned(ctx) == [("addition", severity, piece)]


def test_lengths_of_a_bead_are_judged_without_its_inserted_sentence(hash_encoder, monkeypatch):
    """An inserted sentence makes its bead too long, so that dropping any other sentence
    seems to help the length ratio: the others are judged without the inserted one."""
    import numpy as np

    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_ECHO", 2.0)  # every sentence is examined
    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.5)
    monkeypatch.setattr(checks, "_door_owns", lambda *a: False)
    monkeypatch.setattr(checks, "_unrelated_levels", lambda ctx, vec: None)
    inserted = "Everyone agreed that the room had been far too warm for a long meeting."
    one, two = "Several members asked for more time;", "they had to read the proposals first."
    src = [*FOLDED_SRC]
    src[1] = "Several members asked for more time to read the proposals first."
    # the bead matches its source at 0.2, 1.0 without the inserted sentence (a strong
    # gain), 0.25 without either half (a small gain, which needs the lengths)
    similarity = {f"{one} {two} {inserted}": 0.2, f"{one} {two}": 1.0}
    similarity |= {f"{two} {inserted}": 0.25, f"{one} {inserted}": 0.25}

    class Encoder:
        def encode(self, texts):
            vecs = hash_encoder.encode(texts)
            o = hash_encoder.encode([src[1]])[0]
            z = hash_encoder.encode(["zebras quietly jog by waxy fjords"])[0]
            z = z - (z @ o) * o
            z /= np.linalg.norm(z)
            for i, t in enumerate(texts):
                if t in similarity:
                    vecs[i] = similarity[t] * o + np.sqrt(1 - similarity[t] ** 2) * z
            return vecs

    tgt = [FOLDED_SRC[0], one, two, inserted, *FOLDED_SRC[2:]]
    beads = [([0], [0]), ([1], [1, 2, 3]), ([2], [4]), ([3], [5]), ([4], [6])]
    found = _partial(_context(src, tgt, beads, Encoder()))
    assert [text for _, _, text in found] == [inserted]


_KEPT = "Several members asked for more time to read all the new proposals."
_KEPT_SHORT = "Several members asked for more time to read the papers."


@pytest.mark.parametrize(
    ("kept", "reported"),
    [
        # the bead is too long by less than the sentence, and about as short without
        # it: the lengths say nothing, and a small gain alone is weak evidence (info)
        ("Several members asked for more time to read all the new proposals.", False),
        # it swings past the usual ratio, but ends half as far on the other side: nearer
        ("Several members asked for more time to read all the new proposals now.", True),
        # without it the lengths agree: the small gain is enough
        ("Several members asked for much more time to read all the new proposals at first.", True),
    ],
)
def test_a_small_gain_needs_lengths_that_do_not_swing_past_the_usual(
    hash_encoder, monkeypatch, kept, reported
):
    from aligner import checks

    monkeypatch.setattr(checks, "_MATCHLESS_WORDS", 99)  # the rule under test alone
    folded = "Nobody said a word about it then."
    found = _swing_case(hash_encoder, monkeypatch, kept, folded)
    assert found == [("addition", "warning" if reported else "info", folded)]


@pytest.mark.parametrize(
    ("kept", "folded", "gain", "severity"),
    [
        # six words or more matching nothing, a clear gain: by its size, although the
        # lengths swing past the usual ratio without it
        (_KEPT, "Nobody said a word about it then.", 0.03, "warning"),
        (_KEPT, "Nobody said a word about it.", 0.03, "warning"),
        # a gain under _MATCHLESS_GAIN stays weak evidence
        (_KEPT, "Nobody said a word about it then.", 0.015, "info"),
        # five words: weak evidence
        (_KEPT, "Nobody said a word then.", 0.03, "info"),
        # a long word the other side has and the rest of its own side lacks: its
        # translation may hide in the kept sentence ("proposals")
        (_KEPT_SHORT, "Nobody said a word about proposals.", 0.03, "info"),
        (_KEPT_SHORT, "Nobody said a word about budgets.", 0.03, "warning"),
    ],
)
def test_a_sentence_matching_nothing_is_reported_on_a_clear_gain(
    hash_encoder, monkeypatch, kept, folded, gain, severity
):
    found = _swing_case(hash_encoder, monkeypatch, kept, folded, gain=gain)
    assert found == [("addition", severity, folded)]


@pytest.mark.parametrize(
    ("kept", "severity"),
    [
        # the rest of its sentence follows in the bead: the other side may say it in a
        # clause the encoder does not tie to it
        (_KEPT[0].lower() + _KEPT[1:], "info"),
        # a sentence of its own follows
        (_KEPT, "warning"),
    ],
)
def test_a_piece_matching_nothing_before_its_rest_is_weak_evidence(
    hash_encoder, monkeypatch, kept, severity
):
    folded = "Nobody said a word about it then ;"
    found = _swing_case(hash_encoder, monkeypatch, kept, folded, folded_first=True)
    assert found == [("addition", severity, folded)]


_A1 = "The committee asked the mayor for a new report."
_A2 = "It was sent on Friday to all its members."


def _lengths_case(
    hash_encoder, monkeypatch, folded, echo=0.3, second=0.6, short=False, first=False
):
    """A bead of two source sentences and three target ones, the third ``folded``: the
    target side is too long with it and about right without it; dropping it costs the
    bead 0.02 of similarity; the kept sentences match the source ones at 0.6 and
    ``second``; ``short``: the second is short, the side too short without the folded
    one; ``first``: the folded sentence opens the bead, the next in lower case."""
    import numpy as np

    from aligner import checks

    monkeypatch.setattr(checks, "_door_owns", lambda *a: False)
    monkeypatch.setattr(checks, "_unrelated_levels", lambda ctx, vec: (-1.0, 1.01))
    # as long as the source sentences: the lengths agree without the folded one
    k1, k2 = _A1.replace("mayor", "major"), _A2.replace("its members", "the readers")
    if short:
        k2 = "It was sent on Friday."
    if first:
        k1 = k1[0].lower() + k1[1:]
    dim = len(hash_encoder.encode(["x"])[0])
    e = np.eye(dim)
    other = (e[0] + e[1]) / np.sqrt(2)
    fixed = {
        _A1: e[0],
        _A2: e[1],
        f"{_A1} {_A2}": other,
        k1: 0.6 * e[0] + 0.8 * e[2],
        k2: second * e[1] + np.sqrt(1 - second**2) * e[3],
        folded: echo * e[0] + np.sqrt(1 - echo**2) * e[4],
        f"{k1} {k2} {folded}": 0.5 * other + np.sqrt(0.75) * e[5],
        f"{folded} {k1} {k2}": 0.5 * other + np.sqrt(0.75) * e[5],
        f"{k1} {k2}": 0.48 * other + np.sqrt(1 - 0.48**2) * e[6],
        f"{k1} {folded}": 0.3 * other + np.sqrt(0.91) * e[7],
        f"{k2} {folded}": 0.3 * other + np.sqrt(0.91) * e[8],
        f"{folded} {k2}": 0.3 * other + np.sqrt(0.91) * e[7],
        f"{folded} {k1}": 0.3 * other + np.sqrt(0.91) * e[8],
    }

    class Encoder:
        def encode(self, texts):
            vecs = hash_encoder.encode(texts)
            for i, t in enumerate(texts):
                if t in fixed:
                    vecs[i] = fixed[t]
                else:  # apart from the fixed ones
                    vecs[i][:9] = 0
                    vecs[i] /= np.linalg.norm(vecs[i])
            return vecs

    src = [FOLDED_SRC[0], _A1, _A2, *FOLDED_SRC[2:]]
    side = [folded, k1, k2] if first else [k1, k2, folded]
    tgt = [FOLDED_SRC[0], *side, *FOLDED_SRC[2:]]
    beads = [([0], [0]), ([1, 2], [1, 2, 3]), ([3], [4]), ([4], [5]), ([5], [6])]
    return _partial(_context(src, tgt, beads, Encoder()))


@pytest.mark.parametrize(
    ("folded", "echo", "second", "severity"),
    [
        # eight words or more, the side's least matching sentence: by its size
        ("Nobody in the hall said a single word about it.", 0.3, 0.6, "error"),
        # a kept sentence matches the other side less well: context
        ("Nobody in the hall said a single word about it.", 0.3, 0.2, "info"),
        # seven words: context
        ("Nobody whatsoever mentioned anything regarding these proposals.", 0.3, 0.6, "info"),
        # a long word the other side has (and the rest of its side lacks): context
        ("Nobody in the hall said a single word about members.", 0.3, 0.6, "info"),
        # the side not far enough off with it: context
        ("He and I did not say a word.", 0.3, 0.6, "info"),
        # the rest of a sentence cut before it: context
        ("nobody in the hall said a single word about it.", 0.3, 0.6, "info"),
    ],
)
def test_a_sentence_the_lengths_alone_speak_against_is_reported(
    hash_encoder, monkeypatch, folded, echo, second, severity
):
    found = _lengths_case(hash_encoder, monkeypatch, folded, echo, second)
    assert found == [("addition", severity, folded)]


_LONG = "Nobody in the crowded council hall said a single word about the proposal"


@pytest.mark.parametrize(
    ("folded", "short", "first", "severity"),
    [
        (_LONG + ".", 0, 0, "error"),
        # the side too short without it, by more than _LENGTH_ONLY_AFTER: context
        (_LONG + ".", 1, 0, "info"),
        # the rest of its sentence follows in the bead: context
        (_LONG + " ;", 0, 1, "info"),
        (_LONG + " .", 0, 1, "error"),
    ],
)
def test_a_sentence_the_lengths_alone_speak_against_needs_them_right_without_it(
    hash_encoder, monkeypatch, folded, short, first, severity
):
    found = _lengths_case(hash_encoder, monkeypatch, folded, short=short, first=first)
    assert found == [("addition", severity, folded)]


def test_a_lead_in_on_a_small_gain_and_swinging_lengths_is_info(hash_encoder, monkeypatch):
    """The same weak evidence about a lead-in (a colon, before another sentence of the
    bead) that matches no clause of the other side: info; one that does: nothing."""
    kept = "Several members asked for more time to read all the new proposals."
    lead = "Nobody said a word about it then:"
    assert _swing_case(hash_encoder, monkeypatch, kept, lead) == [("addition", "info", lead)]
    assert _swing_case(hash_encoder, monkeypatch, kept, lead, related=-1.0) == []


def _swing_case(
    hash_encoder, monkeypatch, kept, folded, related=1.01, gain=0.03, folded_first=False
):
    import numpy as np

    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_ECHO", 2.0)  # every sentence is examined
    monkeypatch.setattr(checks, "_door_owns", lambda *a: False)
    monkeypatch.setattr(checks, "_unrelated_levels", lambda ctx, vec: (-1.0, related))
    src = [*FOLDED_SRC]
    src[1] = "Several members asked for much more time to read all of the new proposals first."
    # dropping the folded sentence gains 0.03: more than _SENTENCE_GAIN, less than strong
    # a lead-in opens the bead, a sentence ends it
    pair = [folded, kept] if folded.endswith(":") or folded_first else [kept, folded]
    similarity = {" ".join(pair): 0.5, kept: 0.5 + gain, folded: 0.1}

    class Encoder:
        def encode(self, texts):
            vecs = hash_encoder.encode(texts)
            o = hash_encoder.encode([src[1]])[0]
            z = hash_encoder.encode(["zebras quietly jog by waxy fjords"])[0]
            z = z - (z @ o) * o
            z /= np.linalg.norm(z)
            for i, t in enumerate(texts):
                if t in similarity:
                    vecs[i] = similarity[t] * o + np.sqrt(1 - similarity[t] ** 2) * z
            return vecs

    tgt = [FOLDED_SRC[0], *pair, *FOLDED_SRC[2:]]
    beads = [([0], [0]), ([1], [1, 2]), ([2], [3]), ([3], [4]), ([4], [5])]
    return _partial(_context(src, tgt, beads, Encoder()))


@pytest.mark.parametrize(
    ("lead", "source_end"),
    [
        # a lead-in that renders a clause of the other side
        ("several members asked for more time to read;", "several members asked for time."),
        # a sentence whose name the other side owes it
        ("Peter Hansen asked for much more time to read.", "Peter Hansen asked for time."),
    ],
)
def test_a_translated_sentence_does_not_explain_away_the_lengths(
    hash_encoder, monkeypatch, lead, source_end
):
    """A sentence whose dropping gains strongly, but which is a lead-in rendering a
    clause of the other side or is owed a name by it, is no inserted sentence: the
    sentence after it is judged by the bead's own lengths."""
    import numpy as np

    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_ECHO", 2.0)  # every sentence is examined
    monkeypatch.setattr(checks, "_door_owns", lambda *a: False)
    monkeypatch.setattr(checks, "_DOOR_CLAUSE_ECHO", 2.0)
    monkeypatch.setattr(checks, "_unrelated_levels", lambda ctx, vec: (-1.0, 0.5))
    first = "The chairman refused to wait any longer."
    inserted = "Everyone agreed the room was far too warm."
    src = [*FOLDED_SRC]
    src[1] = f"The chairman refused to wait any longer, {source_end}"
    # without the lead-in the bead gains 0.05 (strong), without the inserted one 0.02
    similarity = {f"{first} {lead} {inserted}": 0.3, f"{first} {inserted}": 0.35}
    similarity |= {f"{first} {lead}": 0.32, f"{lead} {inserted}": 0.1}

    class Encoder:
        def encode(self, texts):
            vecs = hash_encoder.encode(texts)
            o = hash_encoder.encode([src[1]])[0]
            z = hash_encoder.encode(["zebras quietly jog by waxy fjords"])[0]
            z = z - (z @ o) * o
            z /= np.linalg.norm(z)
            for i, t in enumerate(texts):
                if t in similarity:
                    vecs[i] = similarity[t] * o + np.sqrt(1 - similarity[t] ** 2) * z
            return vecs

    tgt = [FOLDED_SRC[0], first, lead, inserted, *FOLDED_SRC[2:]]
    beads = [([0], [0]), ([1], [1, 2, 3]), ([2], [4]), ([3], [5]), ([4], [6])]
    found = _partial(_context(src, tgt, beads, Encoder()))
    assert found == [("addition", "error", inserted)]


def test_folded_sentence_like_a_clause_next_door_but_naming_others_is_reported(
    hash_encoder, monkeypatch
):
    from aligner import checks

    monkeypatch.setattr(checks, "_SENTENCE_STRONG_GAIN", 0.0)
    monkeypatch.setattr(checks, "_door_owns", lambda *a: False)
    folded = "Then the team of Karl Berg went up to the old hut in the valley."
    src = [*FOLDED_SRC]
    src[2] = "The chairman refused the vote, then the team of Peter Hansen went up to the old hut."
    tgt = [FOLDED_SRC[0], FOLDED_SRC[1], folded, "The chairman refused the vote.", *src[3:]]
    beads = [([0], [0]), ([1], [1, 2]), ([2], [3]), ([3], [4]), ([4], [5])]
    found = _partial(_context(src, tgt, beads, hash_encoder))
    assert [text for _, _, text in found] == [folded]


@pytest.mark.parametrize(
    ("fr_2", "fr_3", "expected"),
    [
        # the number changed, and the target says it in the next sentence: one error
        (
            "Il leur fallut deux jours .",
            "Pour 260 m , six heures de cramponnage , puis enfin l' arête .",
            [("error", "250", "260")],
        ),
        # the same number there: nothing
        (
            "Il leur fallut deux jours .",
            "Pour 250 m , six heures de cramponnage , puis enfin l' arête .",
            [],
        ),
        # a count in words against one in digits: as often rephrased, context only
        (
            "Il leur fallut deux jours .",
            "Pour trois cents mètres , six heures de cramponnage , puis l' arête .",
            [("info", "250", ""), ("info", "", "trois cents")],
        ),
        # a number dropped, another of another size added: context only
        (
            "Il leur fallut deux jours .",
            "Six heures de cramponnage , puis enfin l' arête à 6900 m .",
            [("info", "250", ""), ("info", "", "6900")],
        ),
    ],
)
def test_a_number_changed_across_a_sentence_boundary_is_an_error(
    hash_encoder, fr_2, fr_3, expected
):
    from aligner.checks import check_numbers

    src = [
        "Es ging langsam .",
        "Zwei Tage brauchten sie für die 250 m .",
        "Sechs Stunden lang kämpften sie mit Steigeisen und erreichten endlich den Grat .",
    ]
    tgt = ["Cela alla lentement .", fr_2, fr_3]
    beads = [([0], [0]), ([1], [1]), ([2], [2])]
    ctx = _aligned_context(src, tgt, beads, hash_encoder, "de", "fr")
    found = [
        (
            f.severity,
            ",".join(t["text"] for t in f.evidence["source"]),
            ",".join(t["text"] for t in f.evidence["target"]),
        )
        for f in check_numbers(ctx)
    ]
    assert found == expected
