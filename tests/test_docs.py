"""The README keeps its promises: its commands exist, CI runs its test command."""

from __future__ import annotations

import re

from aligner.cli import cli

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    section = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, re.S)


def test_readme_has_exactly_two_setup_commands():
    commands = _setup_commands()
    assert len(commands) == 2
    main_job, tests = commands
    assert "aligner detect seeds/" in main_job and "aligner compare seeds/000_" in main_job
    assert "pytest" in tests and "ruff" in tests


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _setup_commands()[1] in ci


def test_every_command_is_in_the_readme():
    for name in cli.commands:
        assert f"`aligner {name}" in README, name
