"""The README is the user's manual: its commands, its sample outputs and its rule table stay true.

Every line of its ``sh`` blocks is run (``ropa`` in-process, as the console script would run it,
on the example register in ``data/`` or the register an earlier line of the block made), and must
exit as documented; every ``console`` block (``$ ropa ...`` then what it prints) is run and its
output compared, character for character. The date of validation is fixed (``TODAY``), so that a
review falling due does not change what the README shows.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Self

import pytest
from typer.testing import CliRunner

from ropa.cli import app
from ropa.rules.registry import RULES
from tests.conftest import CASES, DATA, ROOT, TODAY

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)

#: Commands of the README whose exit code is documented as other than 0 (none, today).
EXIT_CODES: dict[str, int] = {}

#: ``make`` targets the README shows that take minutes (registers of 10,000 activities, PDFs of
#: 2,000): make's dry run checks that the target exists and what it would run.
DRY_RUN = {"bench": "-m bench.run"}


@dataclass(frozen=True)
class Block:
    """A fenced block of the README: its language, its first line's number and its text."""

    language: str
    line: int
    text: str

    @property
    def id(self) -> str:
        return f"{self.language}-line-{self.line}"


def blocks(language: str) -> list[Block]:
    return [
        Block(m.group(1), README.count("\n", 0, m.start()) + 2, m.group(2))
        for m in BLOCK.finditer(README)
        if m.group(1) == language
    ]


def commands(block: Block) -> list[list[str]]:
    """The commands of an ``sh`` block, one a line, comments removed."""
    return [shlex.split(line, comments=True) for line in block.text.splitlines() if line.strip()]


def transcript(block: Block) -> list[tuple[list[str], str]]:
    """The commands of a ``console`` block (``$ `` lines) with the output shown after each."""
    steps: list[tuple[list[str], str]] = []
    for line in block.text.splitlines(keepends=True):
        if line.startswith("$ "):
            steps.append((shlex.split(line[2:]), ""))
        else:
            assert steps, f"line {block.line}: output before any command"
            steps[-1] = (steps[-1][0], steps[-1][1] + line)
    return steps


class _Today(date):
    @classmethod
    def today(cls) -> Self:
        return cls(TODAY.year, TODAY.month, TODAY.day)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder as a reader of the README has it: the example register in data/, the test
    registers in tests/cases/, the templates the README shows in my-templates/, in a
    repository of its own; the working folder, and today is ``TODAY``."""
    shutil.copytree(DATA, tmp_path / "data")
    _commit_twice(tmp_path)
    shutil.copytree(CASES, tmp_path / "tests" / "cases")
    samples = Path("tests") / "interop" / "samples"
    shutil.copytree(ROOT / samples, tmp_path / samples, ignore=shutil.ignore_patterns("*.py"))
    for block in BLOCK.finditer(README):
        named = re.match(r"(?:\{#|/\*) (my-templates/[\w.-]+) (?:#\}|\*/)\n", block.group(2))
        if named:
            (tmp_path / named.group(1)).parent.mkdir(exist_ok=True)
            (tmp_path / named.group(1)).write_text(block.group(2), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("ropa.options.date", _Today)
    for variable in ("GITHUB_ACTIONS", "NO_COLOR"):
        monkeypatch.delenv(variable, raising=False)
    return tmp_path


def _commit_twice(folder: Path) -> None:
    """Make ``folder`` a Git repository whose last two commits hold what it holds, so that
    the README's ``ropa diff HEAD~1`` has a revision to compare with."""
    git = ["git", "-c", "user.name=ropa", "-c", "user.email=ropa@example.org", "-C", str(folder)]
    if not (folder / ".git").exists():
        subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    for message in ("before", "after"):
        subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", message], check=True)


def ropa(argv: list[str]) -> tuple[int, str]:
    """Run ``ropa ARGS [> FILE]`` as the console script would; its exit code and output."""
    target = None
    if ">" in argv:
        argv, target = argv[: argv.index(">")], argv[argv.index(">") + 1]
    result = CliRunner().invoke(app, argv[1:], catch_exceptions=False)
    if target is not None:
        Path(target).write_text(result.stdout, encoding="utf-8")
        return result.exit_code, result.stderr
    return result.exit_code, result.output


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second() -> None:
    first_block = blocks("sh")[0]
    assert [" ".join(command) for command in commands(first_block)] == ["make", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("block", blocks("sh")[1:], ids=lambda block: block.id)
def test_every_command_of_the_readme_runs(block: Block, workspace: Path) -> None:
    for command in commands(block):
        line = shlex.join(command)
        if command[0] in (".venv/bin/ropa", "ropa"):
            code, output = ropa(command)
            assert code == EXIT_CODES.get(line, 0), f"{line}\n{output}"
        elif command[0] == "make":
            dry = subprocess.run(
                ["make", "-n", *command[1:]], cwd=ROOT, capture_output=True, text=True, check=False
            )
            assert dry.returncode == 0, dry.stderr
            assert DRY_RUN[command[1]] in dry.stdout, line
        else:
            pytest.fail(f"README line {block.line}: a command this test cannot run: {line}")


def test_the_readme_shows_commands_in_sh_and_console_blocks() -> None:
    shown = [" ".join(c[:2]) for b in blocks("sh")[1:] for c in commands(b)]
    assert "ropa validate" in " ".join(shown)
    assert shown.count(".venv/bin/ropa build") == 5
    assert len(blocks("console")) == 3


@pytest.mark.parametrize("block", blocks("console"), ids=lambda block: block.id)
def test_every_sample_output_is_what_ropa_prints(block: Block, workspace: Path) -> None:
    for command, shown in transcript(block):
        assert command[0] == "ropa", command
        code, output = ropa(command)
        assert output == shown, shlex.join(command)
        assert code == (1 if ": error[" in shown else 0)


def test_the_sample_files_of_the_readme_are_the_example_s(workspace: Path) -> None:
    """The findings sample is a real register of this repository, the one-file sample real files."""
    assert (workspace / "tests/cases/unknown-field--typo/fail/register.yaml").is_file()
    assert (workspace / "data/activities/marketing.yaml").is_file()
    assert sorted(p.name for p in (workspace / "my-templates").iterdir()) == [
        "policy.html.j2",
        "style.css",
    ]


def test_readme_rule_table_lists_every_rule_as_the_registry_says() -> None:
    rows = re.findall(
        r"^\| `([a-z-]+)` \| (error|warning) \| ([^|]*) \| ([^|]*) \|$", README, re.MULTILINE
    )
    assert [(r[0], r[1], r[2].strip()) for r in rows] == [
        (r.id, str(r.severity), r.article or "—") for r in RULES
    ]


def test_the_readme_cites_no_file_the_repository_does_not_ship() -> None:
    assert "FORMAT.md" not in README, "the format's contract is not part of this repository"
    links = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", README)
    assert "docs/format.md" in links
    assert [link for link in links if not (ROOT / link).exists()] == []


def _on_fresh_register(command: list[str], language: str) -> list[str]:
    """``command`` with the example register replaced by a fresh ``ropa init`` one in ``mine/``:
    ``data`` is ``mine``, a file of ``data/`` is the scaffold's file of the same section, and
    an output of the example's English (``…/en/…``) is one in the register's first language."""
    return [
        "mine"
        if arg in {"data", "data/"}
        else "mine/activities.yaml"
        if arg.startswith("data/")
        else arg.replace("/en/", f"/{language}/")
        for arg in command
    ]


@pytest.mark.parametrize("language", ["en,fr", "fr"])
def test_every_command_of_the_readme_runs_on_a_fresh_register(
    workspace: Path, language: str
) -> None:
    """A new user's register, straight from ``ropa init``, passes every command the README
    shows (the README's example register is ``data/``; theirs is their own)."""
    code, output = ropa(["ropa", "init", "mine", "--lang", language])
    assert code == 0, output
    _commit_twice(workspace)
    ran = 0
    for block in blocks("sh")[1:]:
        for command in commands(block):
            if command[0] not in (".venv/bin/ropa", "ropa") or command[1] == "init":
                continue
            fresh = _on_fresh_register(command, language.split(",", maxsplit=1)[0])
            line = shlex.join(fresh)
            code, output = ropa(fresh)
            assert code == EXIT_CODES.get(line, 0), f"{line}\n{output}"
            ran += 1
    assert ran >= 10  # the README shows a dozen; a change that hid them all would fail here
