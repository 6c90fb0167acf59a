"""Shared test helpers: the fixed date of validation and paths."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

TODAY = date(2026, 11, 24)
TESTS = Path(__file__).parent
ROOT = TESTS.parent
CASES = TESTS / "cases"
DATA = ROOT / "data"


@pytest.fixture
def today() -> date:
    return TODAY
