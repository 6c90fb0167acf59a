"""Project configuration: ropa.toml or [tool.ropa]; the command line wins; typos are errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.casefiles import case

runner = CliRunner()
TODAY = ["--today", "2026-11-24"]


def run(*args: str) -> tuple[int, str]:
    from ropa.cli import app

    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with a register that has one warning, in declarations/."""
    shutil.copytree(case("provision-undeclared"), tmp_path / "declarations")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def test_ropa_toml_sets_the_folder_and_strict_mode(project: Path) -> None:
    (project / "ropa.toml").write_text('data = "declarations"\nstrict = true\n', encoding="utf-8")
    code, output = run("validate", *TODAY)
    assert code == 1, "strict: the warning fails"
    assert output.startswith("declarations/register.yaml:43:3: warning[provision-undeclared]")


def test_pyproject_tool_ropa_is_read_too(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.ropa]\ndata = "declarations"\n', encoding="utf-8"
    )
    code, output = run("validate", *TODAY)
    assert code == 0
    assert "1 file checked: 0 errors, 1 warning.\n" in output


def test_rule_severities_can_be_changed_or_turned_off(project: Path) -> None:
    (project / "ropa.toml").write_text(
        'data = "declarations"\n[severity]\nprovision-undeclared = "error"\n', encoding="utf-8"
    )
    code, output = run("validate", *TODAY)
    assert code == 1
    assert "error[provision-undeclared]" in output
    (project / "ropa.toml").write_text(
        'data = "declarations"\n[severity]\nprovision-undeclared = "off"\n', encoding="utf-8"
    )
    assert run("validate", *TODAY) == (0, "1 file checked: no findings.\n")


def test_the_command_line_wins(project: Path) -> None:
    (project / "ropa.toml").write_text('data = "nowhere"\noutput = "site"\n', encoding="utf-8")
    code, _ = run("validate", "declarations", *TODAY)
    assert code == 0
    code, output = run("build", "declarations", "-f", "json", *TODAY)
    assert code == 0
    assert output.endswith("1 file written to site/ (en).\n")
    code, output = run("build", "declarations", "-f", "json", "--out", "elsewhere", *TODAY)
    assert output.endswith("1 file written to elsewhere/ (en).\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "stric = true\n",
            "ropa.toml: unknown key 'stric'; did you mean 'strict'?; the keys are data, output, "
            "templates, strict, severity, materiality, notice_days",
        ),
        (
            '[severity]\nlegal-basis-mising = "off"\n',
            "ropa.toml: severity: no rule is called 'legal-basis-mising'; did you mean 'legal-basis-missing'?",
        ),
        (
            '[severity]\nyaml-syntax = "off"\n',
            "ropa.toml: severity: 'yaml-syntax' is about the file itself and stays an error",
        ),
        (
            '[severity]\ndpia-undecided = "loud"\n',
            'ropa.toml: severity: dpia-undecided = \'loud\'; write "off", "warning" or "error"',
        ),
        ('strict = "yes"\n', "ropa.toml: strict is true or false"),
        (
            "notice_days = -1\n",
            "ropa.toml: notice_days is a number of days, from 0 to 366 (e.g. 30)",
        ),
        (
            '[materiality]\npurpose-added = "editorial"\n',
            "ropa.toml: materiality: purpose-added is material (WP260 rev.01 para 29 (a change in "
            "processing purpose); GDPR Art. 13(3), 14(4): told before the new purpose starts); a "
            "project may raise a class, not lower it to editorial",
        ),
        (
            '[materiality]\ncookie-add = "material"\n',
            "ropa.toml: materiality: no kind of change is called 'cookie-add'; did you mean "
            "'cookie-added'? (the README's table lists them)",
        ),
        ("strict = \n", "ropa.toml: not valid TOML: "),
    ],
)
def test_a_bad_configuration_stops_with_exit_2(project: Path, text: str, message: str) -> None:
    (project / "ropa.toml").write_text(text, encoding="utf-8")
    code, output = run("validate", "declarations", *TODAY)
    assert code == 2
    assert output.startswith(f"ropa: error: {message}")


def test_the_nearest_configuration_above_within_the_repository_applies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ropa.config import find_config

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "declarations" / "activities").mkdir(parents=True)
    (repo / "ropa.toml").write_text(
        'data = "declarations"\noutput = "site"\ntemplates = "look"\nstrict = true\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(repo / "declarations" / "activities")
    config = find_config()
    assert (config.data, config.output, config.templates, config.strict, config.source) == (
        Path(".."),
        Path("../../site"),
        Path("../../look"),
        True,
        "../../ropa.toml",
    )
    monkeypatch.chdir(repo)
    assert find_config().data == Path("declarations")


def test_a_pyproject_without_tool_ropa_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ropa.config import find_config

    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.ropa]\ndata = "regs"\n', encoding="utf-8")
    (tmp_path / "regs").mkdir()
    (tmp_path / "regs" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "regs")
    config = find_config()
    assert (config.data, config.source) == (Path(), "../pyproject.toml [tool.ropa]")


def test_nothing_above_the_repository_or_outside_one_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ropa.config import Config, find_config

    (tmp_path / "ropa.toml").write_text("strict = true\n", encoding="utf-8")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "repo")
    assert find_config() == Config(), "above the repository's root"
    (tmp_path / "outside").mkdir()
    monkeypatch.chdir(tmp_path / "outside")
    assert find_config() == Config(), "outside a repository: the current folder only"
    monkeypatch.chdir(tmp_path)
    assert find_config().strict


def test_a_bad_configuration_above_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "ropa.toml").write_text("stric = true\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    code, output = run("validate", *TODAY)
    assert code == 2
    assert output.startswith("ropa: error: ../ropa.toml: unknown key 'stric'")
