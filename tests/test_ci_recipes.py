"""The GitHub Action is valid, runs the commands the README documents, and those commands work."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from ropa.cli import app
from tests.conftest import CASES, ROOT

ACTION = ROOT / "action.yml"
README = (ROOT / "README.md").read_text(encoding="utf-8")
PLACEHOLDERS = {
    '"$ROPA_PATH"': "<path>",
    '"$ROPA_OUT"': "<out>",
    '"$ROPA_FORMATS"': "<formats>",
    '$([ "$ROPA_STRICT" = "true" ] && echo --strict)': "[--strict]",
}


def action_commands() -> list[str]:
    steps = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["runs"]["steps"]
    commands = [step["run"] for step in steps if str(step.get("run", "")).startswith("ropa ")]
    for variable, placeholder in PLACEHOLDERS.items():
        commands = [command.replace(variable, placeholder) for command in commands]
    return commands


def test_the_action_is_a_valid_github_action() -> None:
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-actions", str(ACTION)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_action_runs_the_commands_the_readme_documents() -> None:
    commands = action_commands()
    assert commands == [
        "ropa validate <path> --format github [--strict]",
        "ropa build <path> --out <out> --format <formats>",
    ]
    for command in commands:
        assert f"`{command}`" in " ".join(README.split()), command


def test_the_commands_work(tmp_path: Path) -> None:
    runner = CliRunner()
    register = str(CASES / "_base")
    validate = runner.invoke(
        app, ["validate", register, "--format", "github", "--strict", "--today", "2026-11-24"]
    )
    assert validate.exit_code == 0, validate.output
    build = runner.invoke(
        app,
        [
            "build",
            register,
            "--out",
            str(tmp_path),
            "--format",
            "html,json",
            "--today",
            "2026-11-24",
        ],
    )
    assert build.exit_code == 0, build.output


def test_the_gitlab_recipe_uses_commands_that_exist() -> None:
    block = re.search(r"# \.gitlab-ci\.yml\n(.*?)```", README, re.DOTALL)
    assert block is not None
    script = yaml.safe_load(block.group(1))["ropa"]["script"]
    assert script[1:] == ["ropa validate data --strict", "ropa build data --out output"]
