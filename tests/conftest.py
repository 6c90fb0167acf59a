"""Shared test helpers: the fixed date of validation and paths."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings

# `HYPOTHESIS_PROFILE=thorough make unit` tries many more inputs than the everyday run.
settings.register_profile("default", max_examples=120)
settings.register_profile("thorough", max_examples=3000)
# `make fuzz`: the hostile-input properties, long (not in CI).
settings.register_profile("fuzz", max_examples=20_000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

TODAY = date(2026, 11, 24)
TESTS = Path(__file__).parent
ROOT = TESTS.parent
CASES = TESTS / "cases"
DATA = ROOT / "data"


@pytest.fixture
def today() -> date:
    return TODAY
