"""The pre-commit hook, run by the real pre-commit tool on a passing and a failing register."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import CASES, ROOT

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(ROOT), "ropa-validate", "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), "PRE_COMMIT_HOME": str(home / "cache")},
    )


def test_the_hook_passes_a_valid_register_and_fails_an_invalid_one(tmp_path: Path) -> None:
    repo = tmp_path / "declarations"
    shutil.copytree(CASES / "_base", repo / "data")
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    passing = try_repo(repo, tmp_path)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "ropa validate" in passing.stdout
    assert "Passed" in passing.stdout

    failing_case = CASES / "legal-basis-missing" / "fail" / "register.yaml"
    shutil.copy(failing_case, repo / "data" / "register.yaml")
    git("add", "-A", cwd=repo)
    failing = try_repo(repo, tmp_path)
    assert failing.returncode == 1
    assert "Failed" in failing.stdout
    assert (
        "data/register.yaml:43:3: error[legal-basis-missing] activity 'orders' declares no legal basis"
        in failing.stdout
    )
