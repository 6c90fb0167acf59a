"""The pre-commit hooks, run by the real pre-commit tool on passing and failing registers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ropa.cli import app
from tests.conftest import CASES, ROOT

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=ropa", "-c", "user.email=ropa@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """ropa as this working tree has it, committed in a repository of its own (``try-repo``
    reads a repository's tracked files only, and a new module may not be tracked yet), and a
    pre-commit home shared by the tests, so the hooks' environment is installed once."""
    snapshot = tmp_path_factory.mktemp("hooks") / "ropa"
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    git("init", "-q", cwd=snapshot)
    git("add", "-A", cwd=snapshot)
    git("commit", "-q", "-m", "snapshot", cwd=snapshot)
    return snapshot, tmp_path_factory.mktemp("home")


def run_hooks(
    repo: Path, hooks: tuple[Path, Path], hook: dict[str, Any], *files: str
) -> subprocess.CompletedProcess[str]:
    """``pre-commit run`` in ``repo`` with one hook of ropa, configured as ``hook`` says (a
    configuration rather than ``try-repo``, which installs the hook's environment anew each
    time), on ``files`` or on all files."""
    snapshot, home = hooks
    config = {
        "repos": [
            {
                "repo": str(snapshot),
                "rev": git("rev-parse", "HEAD", cwd=snapshot).strip(),
                "hooks": [hook],
            }
        ]
    }
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    git("add", "-A", cwd=repo)
    which = ["--files", *files] if files else ["--all-files"]
    return subprocess.run(
        [str(PRE_COMMIT), "run", *which],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), "PRE_COMMIT_HOME": str(home / "cache")},
    )


def test_the_hooks_are_declared_as_the_readme_says() -> None:
    declared = {
        hook["id"]: hook
        for hook in yaml.safe_load(ROOT.joinpath(".pre-commit-hooks.yaml").read_text())
    }
    assert sorted(declared) == ["ropa-validate", "ropa-validate-files"]
    assert (declared["ropa-validate"]["pass_filenames"], declared["ropa-validate"]["args"]) == (
        False,
        ["data"],
    )
    files = declared["ropa-validate-files"]
    assert (files["entry"], files["pass_filenames"], files["require_serial"]) == (
        "ropa validate",
        True,
        True,
    )
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    assert "- id: ropa-validate\n" in readme
    assert "- id: ropa-validate-files\n" in readme


def test_the_hook_passes_a_valid_register_and_fails_an_invalid_one(
    tmp_path: Path, hooks: tuple[Path, Path]
) -> None:
    repo = tmp_path / "declarations"
    shutil.copytree(CASES / "_base", repo / "data")
    git("init", "-q", cwd=repo)
    passing = run_hooks(repo, hooks, {"id": "ropa-validate"})
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "ropa validate" in passing.stdout
    assert "Passed" in passing.stdout

    failing_case = CASES / "legal-basis-missing" / "fail" / "register.yaml"
    shutil.copy(failing_case, repo / "data" / "register.yaml")
    failing = run_hooks(repo, hooks, {"id": "ropa-validate"})
    assert failing.returncode == 1
    assert "Failed" in failing.stdout
    assert (
        "data/register.yaml:43:3: error[legal-basis-missing] activity 'orders' declares no legal basis"
        in failing.stdout
    )


def test_the_files_hook_checks_changed_files_within_their_register(
    tmp_path: Path, hooks: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh ``ropa init`` register, split in five files: each file passes in its register
    (alone, activities.yaml would lack everything it refers to), and only the findings of the
    files passed are shown."""
    repo = tmp_path / "declarations"
    repo.mkdir()
    monkeypatch.chdir(repo)
    assert CliRunner().invoke(app, ["init", "data"]).exit_code == 0
    git("init", "-q", cwd=repo)
    hook = {"id": "ropa-validate-files", "files": r"^data/.*\.ya?ml$"}  # as the README says
    passing = run_hooks(repo, hooks, hook, "data/activities.yaml", ".pre-commit-config.yaml")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "ropa validate (changed files)" in passing.stdout

    for name, old, new in [
        ("activities.yaml", "security_measures: [tls]", "security_measures: [tls, firewall]"),
        ("recipients.yaml", "role: processor", "role: processer"),
    ]:
        file = repo / "data" / name
        text = file.read_text(encoding="utf-8")
        assert text.count(old) == 1, (name, old)
        file.write_text(text.replace(old, new), encoding="utf-8")
    activities = (repo / "data" / "activities.yaml").read_text(encoding="utf-8").splitlines()
    row = next(n for n, text in enumerate(activities, 1) if "firewall" in text)
    column = activities[row - 1].index("firewall") + 1
    failing = run_hooks(repo, hooks, hook, "data/activities.yaml")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    lines = failing.stdout.splitlines()
    assert [line.split(": ")[0] for line in lines if "error[" in line] == [
        f"data/activities.yaml:{row}:{column}"
    ]
    assert "1 file checked: 1 error, 0 warnings." in lines
    both = run_hooks(repo, hooks, hook, "data/activities.yaml", "data/recipients.yaml")
    assert "2 files checked: 2 errors, 0 warnings." in both.stdout.splitlines()
