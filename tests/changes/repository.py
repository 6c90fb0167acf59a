"""Registers for the diff tests: ``register.yaml`` and its changes, in folders or in a Git
repository built in a temporary folder, and ``ropa diff`` run through typer's CliRunner on an
app of its own (``ropa.cli`` registers the command with one line)."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from ropa.changes import report
from ropa.changes.command import diff_command
from ropa.changes.materiality import Materiality
from ropa.changes.report import Diff
from ropa.changes.wording import Words
from ropa.check import validate
from tests.casefiles import dump, merge, read

HERE = Path(__file__).parent
BASE = HERE / "register.yaml"
STEPS = sorted((HERE / "steps").glob("*.yaml"))
EXPECTED = HERE / "expected"
TODAY = ["--today", "2026-11-24"]

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
app.command("diff")(diff_command)


@app.callback()
def _root() -> None:
    """A Typer app with a callback keeps ``diff`` as a subcommand, as in ``ropa.cli``."""


runner = CliRunner()


def diff(*args: str) -> tuple[int, str, str]:
    """``ropa diff ARGS``: the exit code, the output and the error output."""
    result = runner.invoke(app, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


def register_after(steps: int, **changes: Any) -> Any:
    """The register with its first ``steps`` steps applied, then ``changes`` merged on."""
    data = read(BASE)
    for step in STEPS[:steps]:
        data = merge(data, read(step))
    return merge(data, changes) if changes else data


def write(folder: Path, data: Any) -> Path:
    """``data`` as ``folder/register.yaml``; the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "register.yaml").write_text(dump(data), encoding="utf-8")
    return folder


def git(repository: Path, *args: str) -> str:
    """Run git in ``repository`` as a test sets it up: a fixed author and dates, no user or
    system configuration."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(repository),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": "2026-11-24T12:00:00Z",
        "GIT_COMMITTER_DATE": "2026-11-24T12:00:00Z",
    }
    done = subprocess.run(
        ["git", *args], cwd=repository, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def commit(repository: Path, message: str, tag: str | None = None) -> None:
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "--allow-empty", "-m", message)
    if tag:
        git(repository, "tag", tag)


def init(repository: Path) -> Path:
    repository.mkdir(parents=True, exist_ok=True)
    git(repository, "init", "-q", "-b", "main")
    return repository


def series(repository: Path) -> Path:
    """A repository whose ``data/`` is the register, then each step, one commit each, tagged
    ``s0`` (the register) to ``s6`` (the last step)."""
    init(repository)
    data = read(BASE)
    write(repository / "data", data)
    commit(repository, "the register", "s0")
    for number, step in enumerate(STEPS, start=1):
        data = merge(data, read(step))
        write(repository / "data", data)
        commit(repository, step.stem, f"s{number}")
    return repository


def compared(folder: Path, before: Any, after: Any, **raised: Any) -> Diff:
    """Two registers (as data) written under ``folder``, validated and compared."""
    old = validate(write(folder / "old", before), date(2026, 11, 24))
    new = validate(write(folder / "new", after), date(2026, 11, 24))
    return report.diff(
        "old",
        old.register,
        "new",
        new.register,
        {kind.replace("_", "-"): Materiality(choice) for kind, choice in raised.items()},
        errors=(old.errors, new.errors),
    )


def lines(found: Diff) -> list[str]:
    """Each change as ``class kind section/id: summary`` (in English)."""
    words = Words("en", found.default)
    return [
        f"{c.materiality} {c.change.kind} {c.change.section}/{c.change.id}: "
        f"{words.summary(c.change)}"
        for c in found.changes
    ]
