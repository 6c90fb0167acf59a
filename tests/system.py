"""Programs from Debian that some tests drive (Chromium, LibreOffice): found on the PATH, else
installed with apt-get where the tests may (root, as on CI); a test without its program is
skipped, except on CI (``CI`` set), where it fails."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest


def debian_program(name: str, package: str, *, recommends: bool = True) -> str:
    """The path of the program ``name``, from Debian's ``package`` if it must be installed
    (with the packages it recommends, unless ``recommends`` is false)."""
    found = shutil.which(name)
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (
            ["apt-get", "update", "-qq"],
            [
                "apt-get",
                "install",
                "-y",
                "-qq",
                *([] if recommends else ["--no-install-recommends"]),
                package,
            ],
        ):
            subprocess.run(command, env=quiet, capture_output=True, check=False, timeout=900)
        found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed and could not be (Debian: apt-get install {package})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found
