"""The GitHub Action is valid, runs the commands the README documents, and those commands work."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ropa.cli import app
from tests.changes.repository import commit, git, init, register_after, write
from tests.conftest import CASES, ROOT

ACTION = ROOT / "action.yml"
README = (ROOT / "README.md").read_text(encoding="utf-8")
PLACEHOLDERS = {
    '${ROPA_AGAINST:+--against "$ROPA_AGAINST"}': "[--against <against>]",
    '"$ROPA_AGAINST"': "<against>",
    '"$ROPA_PATH"': "<path>",
    '"$ROPA_OUT"': "<out>",
    '"$ROPA_FORMATS"': "<formats>",
    '$([ "$ROPA_STRICT" = "true" ] && echo --strict)': "[--strict]",
}


def action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return loaded


def action_commands() -> list[str]:
    steps = action()["runs"]["steps"]
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
        'ropa diff <against> --register <path> --format markdown >> "$GITHUB_STEP_SUMMARY"',
        "ropa validate <path> --format github [--strict] [--against <against>]",
        "ropa build <path> --out <out> --format <formats> [--against <against>]",
    ]
    readme = " ".join(README.split())
    for command in commands:
        documented, _, appended_to = command.partition(" >> ")
        assert f"`{documented}`" in readme, command
        target = appended_to.strip('"')
        assert not target or f"appended to `{target}`" in readme, command


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


# --- the version gate and the job summary ---------------------------------------------------


def step(name: str) -> dict[str, Any]:
    steps: list[dict[str, Any]] = action()["runs"]["steps"]
    [found] = [s for s in steps if s.get("name") == name]
    return found


def test_against_defaults_to_the_pull_requests_base_and_the_summary_comes_first() -> None:
    """On a pull request, ``origin/<base>``; else nothing, and then neither the summary nor
    the gate runs. The summary is written before validation, so a failing gate keeps it."""
    against = action()["inputs"]["against"]
    assert (
        against["default"]
        == "${{ github.base_ref && format('origin/{0}', github.base_ref) || '' }}"
    )
    names = [s.get("name") for s in action()["runs"]["steps"]]
    fetch, summary, validate = (
        names.index("Fetch the revision to compare with"),
        names.index("Summarise the changes"),
        names.index("Validate"),
    )
    assert fetch < summary < validate
    for name in ("Fetch the revision to compare with", "Summarise the changes"):
        assert step(name)["if"] == "inputs.against != ''"
        assert step(name)["env"]["ROPA_AGAINST"] == "${{ inputs.against }}"
    assert step("Validate")["env"]["ROPA_AGAINST"] == "${{ inputs.against }}"


def run_step(name: str, folder: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a step's script as GitHub Actions runs a ``shell: bash`` step, with ropa of this
    checkout on PATH and no user or system Git configuration."""
    script = folder.parent / "step.sh"
    script.write_text(step(name)["run"], encoding="utf-8")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=folder,
        env={
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "HOME": str(folder.parent),
            "GIT_CONFIG_NOSYSTEM": "1",
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_the_summary_and_the_gate_on_a_pull_request_that_adds_a_purpose(tmp_path: Path) -> None:
    """The summary step appends ``ropa diff <against> -f markdown`` to the job summary; the
    validate step annotates the gate's finding; both with the action's own scripts."""
    repository = init(tmp_path / "repo")
    write(repository / "data", register_after(0))
    commit(repository, "the register")
    write(repository / "data", register_after(1))
    summary = tmp_path / "summary.md"
    summary.write_text("Earlier steps' summary.\n", encoding="utf-8")
    env = {"ROPA_PATH": "data", "ROPA_AGAINST": "HEAD", "GITHUB_STEP_SUMMARY": str(summary)}
    done = run_step("Summarise the changes", repository, **env)
    assert done.returncode == 0, done.stderr
    text = summary.read_text(encoding="utf-8").removeprefix("Earlier steps' summary.\n")
    assert text.splitlines()[:3] == [
        "**1 material change: a new purpose**.",
        "",
        "Compared: HEAD → data",
    ]
    assert (
        "| New purpose: “Sending our newsletter” | activities/newsletter | purpose-added |" in text
    )
    done = run_step("Validate", repository, ROPA_STRICT="false", **env)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(
        "::error file=data/register.yaml,line=16,col=12,title=version-not-bumped::the version is "
        '"1.0", as at HEAD, but the policy changed in meaning: 1 material change (a new purpose)'
    )
    done = run_step("Validate", repository, ROPA_PATH="data", ROPA_STRICT="false", ROPA_AGAINST="")
    assert (done.returncode, done.stdout) == (0, "1 file checked: no findings.\n")


@pytest.mark.slow
def test_the_fetch_step_fetches_the_base_a_shallow_checkout_lacks(tmp_path: Path) -> None:
    """actions/checkout fetches one commit: ``origin/main`` is not there until the action
    fetches it (depth 1, that branch only); a revision already there is left alone."""
    upstream = init(tmp_path / "upstream")
    write(upstream / "data", register_after(0))
    commit(upstream, "the register")
    git(upstream, "checkout", "-q", "-b", "feature")
    write(upstream / "data", register_after(1))
    commit(upstream, "a new purpose")
    git(
        tmp_path,
        "clone",
        "-q",
        "--depth=1",
        "--branch=feature",
        "--single-branch",
        f"file://{upstream}",
        "checkout",
    )
    checkout = tmp_path / "checkout"
    assert "origin/main" not in git(checkout, "branch", "-r").split()
    done = run_step("Fetch the revision to compare with", checkout, ROPA_AGAINST="origin/main")
    assert done.returncode == 0, done.stderr
    assert git(checkout, "rev-parse", "origin/main") == git(upstream, "rev-parse", "main")
    again = run_step("Fetch the revision to compare with", checkout, ROPA_AGAINST="origin/main")
    assert (again.returncode, again.stderr) == (0, "")
    summary = tmp_path / "summary.md"
    env = {"ROPA_PATH": "data", "ROPA_AGAINST": "origin/main", "GITHUB_STEP_SUMMARY": str(summary)}
    assert run_step("Summarise the changes", checkout, **env).returncode == 0
    assert summary.read_text(encoding="utf-8").startswith("**1 material change: a new purpose**.")
