"""`aligner align` and `aligner eval`: ladder output, formats, gold scoring, bad input."""

from __future__ import annotations

import json

import pytest

from aligner.cli import cli
from aligner.evaluation import read_ladder

from .conftest import EN, NL, parse_tmx

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

SRC = [
    "The committee met on Monday to discuss the new budget.",
    "Several members asked for more time.",
    "The chairman refused.",
    "A vote will be held next week.",
]
TGT_SAME = list(SRC)


def _write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_identical_presplit_texts_align_one_to_one(runner, tmp_path, fake_encoder):
    a = _write(tmp_path, "a.txt", SRC)
    b = _write(tmp_path, "b.txt", TGT_SAME)
    result = runner.invoke(
        cli, ["align", "--presplit", "--source-lang", "en", "--target-lang", "en", a, b]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [ln.rsplit(":", 1)[0] for ln in lines] == [f"[{i}]:[{i}]" for i in range(len(SRC))]
    assert all(float(ln.rsplit(":", 1)[1]) > 0.95 for ln in lines)
    assert read_ladder(lines) == [((i,), (i,)) for i in range(len(SRC))]


def test_deleted_sentence_is_a_one_to_zero_bead(runner, tmp_path, fake_encoder):
    a = _write(tmp_path, "a.txt", SRC)
    b = _write(tmp_path, "b.txt", SRC[:2] + SRC[3:])
    result = runner.invoke(cli, ["align", "--presplit", a, b])
    beads = read_ladder(result.output.splitlines())
    assert ((2,), ()) in beads
    assert ((3,), (2,)) in beads


def test_gold_scores_on_stderr(runner, tmp_path, fake_encoder):
    a = _write(tmp_path, "a.txt", SRC)
    b = _write(tmp_path, "b.txt", SRC)
    gold = _write(tmp_path, "gold.txt", ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]"])
    result = runner.invoke(cli, ["align", "--presplit", "--gold", gold, a, b])
    assert result.exit_code == 0
    assert "strict P 1.0000 R 1.0000 F1 1.0000" in result.stderr
    assert "strict" not in result.stdout


@pytest.mark.parametrize(
    ("gold", "test", "strict_f1", "lax_f1"),
    [
        (["[0]:[0]", "[1]:[1]"], ["[0]:[0]", "[1]:[1]"], 1.0, 1.0),
        (["[0]:[0]", "[1]:[1]"], ["[0, 1]:[0, 1]"], 0.0, 1.0),
        (["[0]:[0]", "[1]:[]"], ["[0, 1]:[0]"], 0.0, 1.0),
    ],
)
def test_eval_command(runner, tmp_path, gold, test, strict_f1, lax_f1):
    g = _write(tmp_path, "gold.txt", gold)
    t = _write(tmp_path, "test.txt", test)
    result = runner.invoke(cli, ["eval", "--format", "json", g, t])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["f1_strict"] == pytest.approx(strict_f1)
    assert scores["f1_lax"] == pytest.approx(lax_f1)


@pytest.mark.parametrize("content", ["not a ladder", "[0]:[x]"])
def test_eval_rejects_bad_ladders(runner, tmp_path, content):
    g = _write(tmp_path, "gold.txt", ["[0]:[0]"])
    t = _write(tmp_path, "bad.txt", [content])
    result = runner.invoke(cli, ["eval", g, t])
    assert result.exit_code == 2
    assert "not a ladder" in result.stderr and "Traceback" not in result.output


def test_eval_missing_file(runner, tmp_path):
    result = runner.invoke(cli, ["eval", str(tmp_path / "no"), str(tmp_path / "no2")])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_tsv_and_json_formats(runner, fake_encoder):
    result = runner.invoke(cli, ["align", "--format", "tsv", str(EN), str(NL)])
    rows = result.output.splitlines()
    assert rows[0] == "source\ttarget\tscore"
    assert all(len(r.split("\t")) == 3 for r in rows)
    result = runner.invoke(cli, ["align", "--format", "json", str(EN), str(NL)])
    report = json.loads(result.output)
    assert report["schema"] == "aligner.align/1"
    en = EN.read_text(encoding="utf-8")
    covered = sorted(i for b in report["beads"] for i in b["source"])
    assert covered == list(range(report["source"]["sentences"]))
    for b in report["beads"]:
        if b["source_span"]:
            s, e = b["source_span"]
            assert en[s:e].strip() == en[s:e]


def test_tmx_is_valid_and_complete(runner, fake_encoder):
    result = runner.invoke(cli, ["align", "--format", "tmx", str(EN), str(NL)])
    assert result.exit_code == 0
    root = parse_tmx(result.output)
    header = root.find("header")
    assert header.get("srclang") == "en"
    units = root.findall("body/tu")
    ladder = runner.invoke(cli, ["align", str(EN), str(NL)]).output.splitlines()
    both = [b for b in read_ladder(ladder) if b[0] and b[1]]
    assert len(units) == len(both)
    for tu in units:
        assert [tuv.get(XML_LANG) for tuv in tu.findall("tuv")] == ["en", "nl"]


@pytest.mark.slow
def test_real_encoder_on_the_seed_pair(runner):
    result = runner.invoke(cli, ["align", str(EN), str(NL)])
    beads = read_ladder(result.output.splitlines())
    assert beads[0] == ((0,), (0,))
    assert ((1,), ()) in beads  # the English lead has no Dutch counterpart
    matched = [b for b in beads if b[0] and b[1]]
    assert len(matched) >= 15
