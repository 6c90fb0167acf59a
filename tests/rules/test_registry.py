"""The rule registry matches FORMAT.md's table, and every rule documents itself."""

from __future__ import annotations

import re

import pytest

from ropa.rules.registry import BY_ID, EXTENSIONS, RULES
from tests.conftest import ROOT

FORMAT = ROOT.parent / "shared" / "FORMAT.md"


def format_table() -> dict[str, tuple[str, str]]:
    rows = {}
    for line in FORMAT.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5:  # the rules added in 1.1 have a `since` column
            cells = [cells[0], *cells[2:]]
        if (
            len(cells) == 4
            and re.fullmatch(r"[a-z-]+", cells[0])
            and cells[1] in ("error", "warning")
        ):
            rows[cells[0]] = (cells[1], cells[3])
    return rows


@pytest.mark.skipif(not FORMAT.exists(), reason="needs ../shared/FORMAT.md beside the checkout")
def test_every_rule_of_format_md_is_implemented_with_its_severity_and_article() -> None:
    table = format_table()
    assert len(table) == 29 + 13  # the rules of 1.0, and those added in 1.1
    assert set(table) == set(BY_ID) - EXTENSIONS
    for rule_id, (severity, article) in table.items():
        rule = BY_ID[rule_id]
        assert rule.severity == severity, rule_id
        assert article.replace("–", "-") in rule.article, rule_id


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_documents_a_failing_and_a_passing_example(rule: object) -> None:
    doc = getattr(rule, "doc", "")
    assert doc.splitlines()[0].endswith(".")
    assert "Fails:" in doc
    assert "Passes:" in doc


def test_rules_about_the_file_cannot_be_waived() -> None:
    for rule_id in (
        "yaml-syntax",
        "unknown-field",
        "invalid-value",
        "missing-field",
        "duplicate-id",
        "unknown-reference",
        *EXTENSIONS,
    ):
        assert not BY_ID[rule_id].waivable


def test_rule_ids_are_unique() -> None:
    assert len({r.id for r in RULES}) == len(RULES)
