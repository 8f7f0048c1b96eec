"""Table-driven tests pinning the ladder format and the scoring convention."""

from __future__ import annotations

import pytest

from aligner.evaluation import format_ladder, read_ladder, score_alignments

# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize(
    ("line", "bead"),
    [
        ("[0]:[0]", ((0,), (0,))),
        ("[8, 9]:[10, 11, 12]", ((8, 9), (10, 11, 12))),
        ("[]:[16]", ((), (16,))),
        ("[3]:[]", ((3,), ())),
        ("[0, 1]:[2]:0.831", ((0, 1), (2,))),
        ("  [4,5]:[6]:1  ", ((4, 5), (6,))),
        ("[7]:[7]:-0.25", ((7,), (7,))),
        ("[]:[]", ((), ())),
    ],
)
def test_read_ladder_line(line, bead):
    assert read_ladder([line]) == [bead]


@pytest.mark.parametrize("line", ["0:0", "[a]:[1]", "[1]", "[1]:[2]:x:y", "[1]-[2]"])
def test_read_ladder_rejects_garbage(line):
    with pytest.raises(ValueError):
        read_ladder([line])


def test_read_ladder_from_path_skips_blank_lines(tmp_path):
    path = tmp_path / "a.ladder"
    path.write_text("[0]:[0]\n\n[1, 2]:[1]:0.5\n[]:[2]\n", encoding="utf-8")
    expected = [((0,), (0,)), ((1, 2), (1,)), ((), (2,))]
    assert read_ladder(path) == expected
    assert read_ladder(str(path)) == expected


# --------------------------------------------------------------------------- writing


@pytest.mark.parametrize(
    ("beads", "text"),
    [
        ([((0, 1), (2,))], "[0, 1]:[2]\n"),
        ([((0, 1), (2,), 0.8312)], "[0, 1]:[2]:0.831\n"),
        ([((), (5,), 0.0), ((3,), ())], "[]:[5]:0.000\n[3]:[]\n"),
        ([((1,), (1,), None)], "[1]:[1]\n"),
        ([], ""),
    ],
)
def test_format_ladder(beads, text):
    assert format_ladder(beads) == text


def test_format_ladder_accepts_objects_and_round_trips():
    class B:
        def __init__(self, src, tgt, score):
            self.src, self.tgt, self.score = src, tgt, score

    text = format_ladder([B((0,), (0, 1), 0.91234), B((1,), (), 0.1)])
    assert text == "[0]:[0, 1]:0.912\n[1]:[]:0.100\n"
    assert read_ladder(text.splitlines()) == [((0,), (0, 1)), ((1,), ())]


# --------------------------------------------------------------------------- scoring

G = [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), (3, 4)), ((4,), ())]


# Each row: gold ladder, test ladder,
#   expected precision counts (strict hits, strict misses, lax hits, lax misses),
#   expected recall counts in the same order.
SCORING_TABLE = [
    pytest.param(G, G, (5, 0, 5, 0), (3, 0, 3, 0), id="identical"),
    pytest.param(
        G,
        [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((), (2,)), ((3,), (3, 4)), ((4,), ())],
        # [1]:[1] is a lax hit (shares 1 and 1 with [1,2]:[1]); [2]:[] is a null
        # bead not in gold: miss for both; []:[2] and [4]:[] match gold exactly.
        (4, 2, 5, 1),
        # recall: gold [1,2]:[1] is lax-covered by test [1]:[1]
        (2, 1, 3, 0),
        id="split-merge-and-null",
    ),
    pytest.param(
        [((0,), (0,)), ((), (1,))],
        [((0,), (0, 1))],
        # the 1-2 test bead overlaps gold [0]:[0]: lax hit only
        (0, 1, 1, 0),
        # the gold null bead is not part of recall
        (0, 1, 1, 0),
        id="absorbed-insertion",
    ),
    pytest.param(
        [((0,), (0,))],
        [((0,), ()), ((), (0,))],
        # null beads never lax-overlap anything
        (0, 2, 0, 2),
        # recall: no test m-n bead at all
        (0, 1, 0, 1),
        id="null-beads-never-lax",
    ),
    pytest.param(
        [((0,), (1,)), ((1,), (0,))],
        [((0,), (0,)), ((1,), (1,))],
        # source 0 maps to target 1 in gold: the test [0]:[0] shares no pair
        (0, 2, 0, 2),
        (0, 2, 0, 2),
        id="crossed-no-lax",
    ),
    pytest.param(
        [((0, 1), (0, 1))],
        [((0,), (1,)), ((1,), (0,))],
        # both test beads share one source and one target sentence with the 2-2
        (0, 2, 2, 0),
        (0, 1, 1, 0),
        id="lax-needs-one-shared-on-each-side",
    ),
    pytest.param(
        [((0,), (0,)), ((), ())],
        [((0,), (0,)), ((0,), (0,)), ((), ())],
        # empty-empty beads are dropped, duplicates count once
        (1, 0, 1, 0),
        (1, 0, 1, 0),
        id="empty-and-duplicate-beads",
    ),
    pytest.param([], [], (0, 0, 0, 0), (0, 0, 0, 0), id="empty"),
]


@pytest.mark.parametrize(("gold", "test", "pcounts", "rcounts"), SCORING_TABLE)
def test_score_counts(gold, test, pcounts, rcounts):
    res = score_alignments([gold], [test])
    got_p = tuple(res[f"p_{k}"] for k in ("tp_strict", "fp_strict", "tp_lax", "fp_lax"))
    got_r = tuple(res[f"r_{k}"] for k in ("tp_strict", "fp_strict", "tp_lax", "fp_lax"))
    assert got_p == pcounts
    assert got_r == rcounts

    def ratio(a, b):
        return a / (a + b) if a + b else 0.0

    for kind, (tp, fp) in (("strict", pcounts[:2]), ("lax", pcounts[2:])):
        assert res[f"precision_{kind}"] == pytest.approx(ratio(tp, fp))
    for kind, (tp, fp) in (("strict", rcounts[:2]), ("lax", rcounts[2:])):
        assert res[f"recall_{kind}"] == pytest.approx(ratio(tp, fp))
    for kind in ("strict", "lax"):
        p, r = res[f"precision_{kind}"], res[f"recall_{kind}"]
        assert res[f"f1_{kind}"] == pytest.approx(2 * p * r / (p + r) if p + r else 0.0)


def test_single_ladder_is_one_document():
    assert score_alignments(G, G) == score_alignments([G], [G])


def test_null_hits_switch():
    gold = [((0,), (0,)), ((), (1,))]
    test = [((0,), (0,)), ((), (1,))]
    assert score_alignments([gold], [test])["precision_strict"] == 1.0
    res = score_alignments([gold], [test], null_hits=False)
    assert (res["p_tp_strict"], res["p_fp_strict"], res["p_tp_lax"], res["p_fp_lax"]) == (
        1,
        1,
        1,
        1,
    )


def test_counts_are_summed_over_documents_before_ratios():
    # doc 1: 1 of 1 beads right; doc 2: 0 of 3 right.  Micro average: 1/4, not (1 + 0) / 2.
    gold1, test1 = [((0,), (0,))], [((0,), (0,))]
    gold2 = [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    test2 = [((0,), (1,)), ((1,), (2,)), ((2,), (0,))]
    res = score_alignments([gold1, gold2], [test1, test2])
    assert res["precision_strict"] == pytest.approx(1 / 4)
    assert res["recall_strict"] == pytest.approx(1 / 4)
    assert res["f1_strict"] == pytest.approx(1 / 4)
    # the same document ids in two files never interact
    res2 = score_alignments([gold1, gold1], [test1, [((0,), (1,))]])
    assert (res2["p_tp_strict"], res2["p_fp_strict"]) == (1, 1)


def test_mismatched_document_counts_raise():
    with pytest.raises(ValueError):
        score_alignments([G, G], [G, G, G])
