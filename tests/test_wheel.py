"""The wheel ships the templates and catalogs: installed in a fresh virtual environment, it
builds a register from another directory."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import DATA, ROOT


def run(*command: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, cwd=cwd, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_installed_wheel_builds_from_another_directory(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        dist,
        ROOT,
    )
    (wheel,) = dist.glob("ropa-*.whl")
    env = tmp_path / "env"
    run(sys.executable, "-m", "venv", env)
    run(env / "bin" / "pip", "install", "-q", wheel)
    work = tmp_path / "elsewhere"
    shutil.copytree(DATA, work / "declarations")
    where = run(
        env / "bin" / "python",
        "-c",
        "import ropa.render.environment as e; print(e.builtin_templates())",
        cwd=work,
    )
    assert where.strip().startswith(str(env)), "templates come from the installed package"
    output = run(
        env / "bin" / "ropa",
        "build",
        "declarations",
        "--out",
        "site",
        "-f",
        "html,md,pdf",
        "--today",
        "2026-11-24",
        cwd=work,
    )
    assert output == "10 files written to site/ (en, fr).\n"
    assert "Vos droits" in (work / "site" / "fr" / "policy.html").read_text(encoding="utf-8")
    assert (work / "site" / "en" / "register.pdf").read_bytes().startswith(b"%PDF")
