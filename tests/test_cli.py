"""The command line: conventions, bad input, and the first compare on the seed pair."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner import __version__
from aligner.cli import cli

from .conftest import EN, NL, SEEDS

COMMANDS = sorted(cli.commands)


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and f"aligner {command}" in result.output


def test_python_dash_m_works():
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "aligner", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0 and __version__ in out.stdout


def _one_line_error(result, *needles):
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    err = result.stderr.strip()
    assert "Traceback" not in result.output + result.stderr
    assert len(err.splitlines()) == 1, err
    for n in needles:
        assert n in err


@pytest.mark.parametrize("command", ["detect", "compare"])
def test_missing_file(runner, command, tmp_path, fake_encoder):
    args = [str(tmp_path / "nope.txt")] + ([str(EN)] if command == "compare" else [])
    _one_line_error(runner.invoke(cli, [command, *args]), "nope.txt", "no such file")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "is a directory"),
        (b"\x00\x01\x02\x03\xff\xfe\x00", "binary"),
        (b"caf\xe9 cr\xe8me br\xfbl\xe9e", "--encoding"),
        (b"", "empty"),
        (b"  \n\n  \n", "empty"),
    ],
)
def test_bad_input_is_one_clear_line(runner, tmp_path, content, needle, fake_encoder):
    if content is None:
        path = tmp_path / "folder"
        path.mkdir()
    else:
        path = tmp_path / "bad.txt"
        path.write_bytes(content)
    _one_line_error(runner.invoke(cli, ["detect", str(path)]), needle)
    _one_line_error(runner.invoke(cli, ["compare", str(path), str(EN)]), needle)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300))
def test_random_bytes_never_crash(runner, tmp_path, data):
    path = tmp_path / "fuzz.txt"
    path.write_bytes(data)
    result = runner.invoke(cli, ["detect", str(path)])
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=200))
def test_random_bytes_through_compare(runner, tmp_path, data, fake_encoder):
    path = tmp_path / "fuzz.txt"
    path.write_bytes(data)
    result = runner.invoke(cli, ["compare", str(path), str(NL)])
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


def test_stdin_input(runner):
    result = runner.invoke(
        cli, ["detect", "-"], input="Dit is een Nederlandse zin over het weer van vandaag."
    )
    assert result.exit_code == 0
    assert "<stdin>" in result.output or "-:" in result.output
    assert " nl " in result.output or ": nl" in result.output


def test_both_sides_from_stdin_is_refused(runner):
    _one_line_error(runner.invoke(cli, ["compare", "-", "-"], input="x"), "standard input")


def test_output_never_overwritten_without_force(runner, tmp_path, fake_encoder):
    out = tmp_path / "report.json"
    out.write_text("keep me")
    result = runner.invoke(cli, ["compare", str(EN), str(NL), "--format", "json", "-o", str(out)])
    _one_line_error(result, "--force")
    assert out.read_text() == "keep me"
    result = runner.invoke(
        cli, ["compare", str(EN), str(NL), "--format", "json", "-o", str(out), "--force"]
    )
    assert result.exit_code == 0
    assert json.loads(out.read_text())["schema"] == "aligner.compare/1"


@pytest.mark.parametrize("command", ["compare", "align"])
def test_existing_output_is_refused_before_any_work(runner, tmp_path, monkeypatch, command):
    from aligner import encoders

    from .conftest import HashEncoder

    model = HashEncoder()
    monkeypatch.setattr(
        encoders, "get_encoder", lambda model_name=None, cache=True: encoders.CachedEncoder(model)
    )
    out = tmp_path / "result.txt"
    out.write_text("keep me")
    result = runner.invoke(cli, [command, str(EN), str(NL), "-o", str(out)])
    _one_line_error(result, "already exists")
    assert model.calls == []  # refused before the texts were encoded
    assert out.read_text() == "keep me"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "json", "-o", "{dir}/gone/out.json"], "no such folder"),
        (["-o", "{dir}"], "is a directory"),
        (["-o", "{dir}", "--force"], "is a directory"),
        (["-o", ""], "give a file name"),
    ],
)
def test_unusable_output_is_refused_before_any_work(runner, tmp_path, monkeypatch, args, message):
    from aligner import encoders

    from .conftest import HashEncoder

    model = HashEncoder()
    monkeypatch.setattr(encoders, "get_encoder", lambda *a, **k: encoders.CachedEncoder(model))
    args = [a.replace("{dir}", str(tmp_path)) for a in args]
    _one_line_error(runner.invoke(cli, ["compare", str(EN), str(NL), *args]), message)
    assert model.calls == []


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_pairs_output_is_refused_before_any_work(runner, tmp_path, monkeypatch, fmt):
    from aligner import encoders

    from .conftest import HashEncoder

    model = HashEncoder()
    monkeypatch.setattr(encoders, "get_encoder", lambda *a, **k: encoders.CachedEncoder(model))
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(f"{EN}\t{NL}\n")
    out = tmp_path / ("batch.json" if fmt == "json" else "report.html")
    taken = out if fmt == "json" else tmp_path / "report-0001.html"
    taken.write_text("keep me")
    args = ["compare", "--pairs", str(pairs), "--format", fmt, "-o", str(out)]
    _one_line_error(runner.invoke(cli, args), "already exists")
    assert model.calls == [] and taken.read_text() == "keep me"


def test_detect_json_on_seeds(runner):
    paths = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    result = runner.invoke(cli, ["detect", "--format", "json", *paths])
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["schema"] == "aligner.detect/1"
    assert [d["language"] for d in report["documents"]] == ["en", "nl", "en", "en", "en"]
    for path, doc in zip(paths, report["documents"]):
        text = open(path, encoding="utf-8").read()
        for p in doc["paragraphs"]:
            assert text[p["span"][0] : p["span"][1]] == p["text"]


@pytest.mark.slow
def test_compare_seed_pair_json(runner):
    """The English and Dutch seeds, as an editor would check them, with the bundled encoder."""
    result = runner.invoke(cli, ["compare", "--format", "json", "--no-cache", str(EN), str(NL)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["schema"] == "aligner.compare/1"
    assert report["tool"]["version"] == __version__
    assert report["tool"]["encoder"].startswith("use-multilingual-v3")
    assert report["source"]["language"] == "en" and report["target"]["language"] == "nl"
    en = EN.read_text(encoding="utf-8")
    nl = NL.read_text(encoding="utf-8")
    findings = report["findings"]

    def src(f):
        return en[f["source_span"][0] : f["source_span"][1]] if f["source_span"] else None

    def tgt(f):
        return nl[f["target_span"][0] : f["target_span"][1]] if f["target_span"] else None

    omitted = {src(f): f for f in findings if f["type"] == "omission"}
    lead = next(t for t in omitted if t.startswith("The Egyptian expert on terrorist groups, "))
    assert "Mustafa Amin, confirmed" in lead and omitted[lead]["severity"] == "error"
    assert omitted["31 March 2024\xa0\xa0 05:12"]["severity"] != "error"
    # a sentence of its own once cut at its colon, a clause at the start of one otherwise
    for clause, unit in (("According to Amin:", "sentence"), ("He warned, saying", "clause")):
        assert omitted[clause]["severity"] in ("warning", "info")
        assert omitted[clause]["evidence"]["unit"] == unit
    # the closing credit lines are boilerplate, never an omission or addition
    plates = [f for f in findings if f["type"] == "boilerplate"]
    assert any(src(f) == "T/ Satt." for f in plates)
    assert any(tgt(f) == "Bron: ANHA" for f in plates)
    assert "T/ Satt." not in omitted
    assert not [f for f in findings if f["type"] == "addition" and f["severity"] != "info"]
    # no number or name alarms on the aligned paragraphs
    assert not [f for f in findings if f["type"] in ("number_mismatch", "name_mismatch")]
    assert len(findings) == 5

    beads = report["alignment"]["paragraphs"]
    matched = [b for b in beads if b["source_paragraphs"] and b["target_paragraphs"]]
    assert len(matched) >= 15
    body = [b for b in matched if en[b["source_span"][0] : b["source_span"][1]] != "T/ Satt."]
    assert all(b["score"] > 0.6 for b in body)
    src_order = [b["source_paragraphs"][0] for b in matched]
    tgt_order = [b["target_paragraphs"][0] for b in matched]
    assert src_order == sorted(src_order) and tgt_order == sorted(tgt_order)
    assert matched[0]["source_paragraphs"] == [0] and matched[0]["target_paragraphs"] == [0]
    # paragraph beads agree with the sentence beads inside them
    for b in beads:
        for sb in b["sentences"]:
            if sb["source_span"]:
                assert (
                    b["source_span"][0]
                    <= sb["source_span"][0]
                    <= sb["source_span"][1]
                    <= b["source_span"][1]
                )
            if sb["target_span"]:
                assert (
                    b["target_span"][0]
                    <= sb["target_span"][0]
                    <= sb["target_span"][1]
                    <= b["target_span"][1]
                )


@pytest.mark.slow
def test_compare_directions_mirror(runner):
    """NL to EN reports as additions what EN to NL reports as omissions."""
    result = runner.invoke(cli, ["compare", "--format", "json", str(NL), str(EN)])
    report = json.loads(result.stdout)
    en = EN.read_text(encoding="utf-8")
    added = [
        en[f["target_span"][0] : f["target_span"][1]]
        for f in report["findings"]
        if f["type"] == "addition"
    ]
    assert any(t.startswith("The Egyptian expert on terrorist groups, ") for t in added)
    assert "According to Amin:" in added and "He warned, saying" in added
    assert not [
        f for f in report["findings"] if f["type"] == "omission" and f["severity"] == "error"
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "status"),
    [
        ([], 0),
        (["--fail-on", "error"], 1),
        (["--fail-on", "warning"], 1),
        (["--fail-on", "error", "--min-severity", "error"], 1),
    ],
)
def test_fail_on_gates_the_exit_status(runner, args, status):
    result = runner.invoke(cli, ["compare", *args, str(EN), str(NL)])
    assert result.exit_code == status, result.output


@pytest.mark.slow
def test_min_severity_filters(runner):
    result = runner.invoke(
        cli, ["compare", "--format", "json", "--min-severity", "warning", str(EN), str(NL)]
    )
    sev = {f["severity"] for f in json.loads(result.stdout)["findings"]}
    assert sev and sev <= {"warning", "error"}


def test_identical_texts_have_no_findings(runner, tmp_path, fake_encoder):
    path = tmp_path / "same.txt"
    path.write_text(EN.read_text(encoding="utf-8").replace("T/ Satt.", ""), encoding="utf-8")
    result = runner.invoke(cli, ["compare", "--format", "json", str(path), str(path)])
    report = json.loads(result.stdout)
    assert report["findings"] == []
    beads = report["alignment"]["paragraphs"]
    assert all(len(b["source_paragraphs"]) == 1 == len(b["target_paragraphs"]) for b in beads)


def test_one_sentence_per_line_is_read_so_unless_told_otherwise(runner, tmp_path, fake_encoder):
    text = "".join(
        f"Paragraph {p} opens here .\nIts second sentence follows .\nA third one ends it .\n\n"
        for p in range(3)
    )
    path = tmp_path / "lines.txt"
    path.write_text(text, encoding="utf-8")
    for extra, per_line, paragraphs in (([], True, 3), (["--no-presplit"], False, 9)):
        result = runner.invoke(cli, ["compare", "--format", "json", *extra, str(path), str(path)])
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        for side in ("source", "target"):
            assert report[side]["sentence_per_line"] is per_line
            assert report[side]["paragraphs"] == paragraphs
            assert report[side]["sentences"] == 9


def test_two_versions_are_read_alike_by_the_command(runner, tmp_path, fake_encoder):
    one = "".join(
        f"Paragraph {p} opens here .\nIts second sentence follows .\nA third one ends it .\n\n"
        for p in range(3)
    )
    two = "".join(
        f"Paragraph {p} opens . It goes on .\nMore comes . Then more .\nIt ends . Done .\n\n"
        for p in range(3)
    )
    src, tgt = tmp_path / "one.txt", tmp_path / "two.txt"
    src.write_text(one, encoding="utf-8")
    tgt.write_text(two, encoding="utf-8")
    for extra, per_line in (([], True), (["--no-presplit"], False)):
        for cmd in (["compare", "--format", "json"], ["align", "--format", "json"]):
            result = runner.invoke(cli, [*cmd, *extra, str(src), str(tgt)])
            assert result.exit_code == 0, result.output
            report = json.loads(result.stdout)
            assert report["target"]["sentences"] == (9 if per_line else 18)
            if cmd[0] == "compare":
                assert report["target"]["sentence_per_line"] is per_line
    # a pairs file's pair likewise
    from aligner.batch import PairJob, _run_one, _Settings
    from aligner.encoders import get_encoder

    for presplit, per_line in ((None, True), (False, False)):
        outcome = _run_one(
            PairJob(1, str(src), str(tgt)), _Settings(presplit=presplit), get_encoder()
        )
        assert outcome.result.to_dict()["target"]["sentence_per_line"] is per_line


@pytest.mark.slow
def test_compare_seed_pair_text(runner):
    result = runner.invoke(cli, ["compare", str(EN), str(NL)])
    assert result.exit_code == 0
    assert "omission" in result.output and "[en]" in result.output and "[nl]" in result.output
