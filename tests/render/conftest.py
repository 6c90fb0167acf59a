"""What the browser tests share: the example's HTML pages, written once a module, and one
headless Chromium driven over the DevTools protocol (``ropa.browser``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ropa.browser import Chromium
from ropa.check import validate
from ropa.render import render
from tests.conftest import DATA, TODAY
from tests.system import debian_program


def chromium_executable() -> str:
    """Chromium's path; installed with apt-get where it is missing and we may (root, Debian)."""
    return debian_program("chromium", "chromium")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's HTML documents, in both languages."""
    out = tmp_path_factory.mktemp("html")
    register = validate(DATA, TODAY).register
    assert register is not None
    for path, data in render(register, languages=["en", "fr"], formats=["html"]).items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    chromium = Chromium(chromium_executable(), tmp_path_factory.mktemp("profile"))
    try:
        yield chromium
    finally:
        chromium.close()
