"""The README is the user's manual: its commands and rule table must stay true."""

from __future__ import annotations

import re

from ropa.rules.registry import RULES
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.DOTALL)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert commands == ["make", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_rule_table_lists_every_rule_as_the_registry_says() -> None:
    rows = re.findall(
        r"^\| `([a-z-]+)` \| (error|warning) \| ([^|]*) \| ([^|]*) \|$", README, re.MULTILINE
    )
    assert [(r[0], r[1], r[2].strip()) for r in rows] == [
        (r.id, str(r.severity), r.article or "—") for r in RULES
    ]
