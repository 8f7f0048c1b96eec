"""The paragraph aligner and paragraph beads derived from sentence beads."""

from __future__ import annotations

import pytest

from aligner.alignment import Bead, align_units, paragraph_beads


def test_identical_paragraphs_align_one_to_one(hash_encoder):
    texts = [f"Paragraph number {i} talks about topic {chr(65 + i)} at length." for i in range(6)]
    beads = align_units(texts, texts, hash_encoder.encode)
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(6)]
    assert all(b.score > 0.99 for b in beads)


def test_missing_paragraph_becomes_an_omission(hash_encoder):
    src = [
        "alpha beta gamma delta",
        "epsilon zeta eta theta",
        "iota kappa lambda mu",
        "nu xi omicron pi",
    ]
    tgt = [src[0], src[1], src[3]]
    beads = align_units(src, tgt, hash_encoder.encode)
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]


def test_split_paragraph_becomes_one_to_two(hash_encoder):
    a = "the quick brown fox jumps over the lazy dog near the river bank"
    b = "while seven wild horses gallop across the open plain at dawn"
    src = ["an opening line about weather", f"{a} {b}", "a closing line about sport"]
    tgt = ["an opening line about weather", a, b, "a closing line about sport"]
    beads = align_units(src, tgt, hash_encoder.encode)
    assert ((1,), (1, 2)) in [(x.src, x.tgt) for x in beads]


def test_empty_side():
    beads = align_units(["a", "b"], [], lambda t: None)
    assert [(b.src, b.tgt) for b in beads] == [((0,), ()), ((1,), ())]


@pytest.mark.parametrize(
    ("src_par", "tgt_par", "beads", "expected"),
    [
        # two paragraphs each, one sentence each, aligned 1-1
        ([0, 1], [0, 1], [((0,), (0,)), ((1,), (1,))], [((0,), (0,)), ((1,), (1,))]),
        # source paragraph 0 (two sentences) split into target paragraphs 0 and 1
        (
            [0, 0, 1],
            [0, 1, 2],
            [((0,), (0,)), ((1,), (1,)), ((2,), (2,))],
            [((0,), (0, 1)), ((1,), (2,))],
        ),
        # a source paragraph with nothing aligned stands alone
        (
            [0, 1, 2],
            [0, 1],
            [((0,), (0,)), ((1,), ()), ((2,), (1,))],
            [((0,), (0,)), ((1,), ()), ((2,), (1,))],
        ),
        # an added target paragraph
        ([0], [0, 1], [((0,), (0,)), ((), (1,))], [((0,), (0,)), ((), (1,))]),
        # one sentence omitted inside an aligned paragraph: still one 1-1 paragraph bead
        ([0, 0], [0], [((0,), (0,)), ((1,), ())], [((0,), (0,))]),
    ],
)
def test_paragraph_beads_from_sentence_beads(src_par, tgt_par, beads, expected):
    sbeads = [Bead(s, t, 0.8 if s and t else 0.0) for s, t in beads]
    out = paragraph_beads(src_par, tgt_par, max(src_par) + 1, max(tgt_par) + 1, sbeads)
    assert [(b.src, b.tgt) for b, _ in out] == expected
    # every sentence bead lands in exactly one paragraph bead
    inside = sorted(k for _, ks in out for k in ks)
    assert inside == list(range(len(sbeads)))
    for b, _ in out:
        assert 0.0 <= b.score <= 1.0
        assert (b.score > 0) == bool(b.src and b.tgt)
