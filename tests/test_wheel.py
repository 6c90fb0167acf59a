"""The wheel ships the templates, their fonts and the catalogs: installed in a fresh virtual
environment, it builds a register from another directory, its PDFs set in the shipped fonts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT
from tests.render.test_print import SHIPPED, fonts_of

pytestmark = pytest.mark.slow

#: The fonts every PDF is set in, with their licence, as the wheel must hold them.
FONTS = [
    "ropa/templates/fonts/OFL.txt",
    "ropa/templates/fonts/fonts.css",
    "ropa/templates/fonts/NotoSans-Regular.ttf",
    "ropa/templates/fonts/NotoSans-Bold.ttf",
    "ropa/templates/fonts/NotoSans-Italic.ttf",
    "ropa/templates/fonts/NotoSans-BoldItalic.ttf",
]


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
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    assert [name for name in FONTS if name not in shipped] == [], "the fonts are in the wheel"
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
    pdf = (work / "site" / "en" / "register.pdf").read_bytes()
    fonts = fonts_of(pdf)
    assert fonts, "the PDF embeds its fonts"
    assert all(SHIPPED.match(font) for font in fonts), fonts
