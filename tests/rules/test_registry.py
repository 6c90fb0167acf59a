"""The rule registry matches FORMAT.md's two rule tables, and every rule documents itself."""

from __future__ import annotations

import re
from typing import NamedTuple

import pytest

from ropa.rules.registry import BY_ID, EXTENSIONS, RULES
from tests.conftest import ROOT

FORMAT = ROOT.parent / "shared" / "FORMAT.md"


class Row(NamedTuple):
    """A row of one of FORMAT.md's rule tables."""

    severity: str
    article: str
    since: str  # "1.0" for the first table, which has no `since` column


def format_tables() -> tuple[dict[str, Row], dict[str, Row]]:
    """FORMAT.md's two rule tables: the rules of 1.0 (4 columns), then those added later (5
    columns, with `since`), each in FORMAT.md's order."""
    first: dict[str, Row] = {}
    added: dict[str, Row] = {}
    for line in FORMAT.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not re.fullmatch(r"[a-z-]+", cells[0]):
            continue
        if len(cells) == 4 and cells[1] in ("error", "warning"):
            first[cells[0]] = Row(cells[1], cells[3], "1.0")
        elif len(cells) == 5 and cells[2] in ("error", "warning"):
            added[cells[0]] = Row(cells[2], cells[4], cells[1])
    return first, added


def format_table() -> dict[str, Row]:
    """Every rule of FORMAT.md, both tables."""
    first, added = format_tables()
    return {**first, **added}


needs_format = pytest.mark.skipif(
    not FORMAT.exists(), reason="needs ../shared/FORMAT.md beside the checkout"
)


@needs_format
def test_format_md_has_29_rules_and_13_added_in_1_1() -> None:
    first, added = format_tables()
    assert len(first) == 29
    assert len(added) == 13
    assert {row.since for row in added.values()} == {"1.1"}


@needs_format
def test_every_rule_of_format_md_is_implemented_with_its_severity_and_article() -> None:
    table = format_table()
    assert sorted(set(table) - set(BY_ID)) == [], "rules of FORMAT.md missing from the registry"
    assert sorted(set(BY_ID) - EXTENSIONS - set(table)) == [], "rules FORMAT.md does not list"
    for rule_id, row in table.items():
        rule = BY_ID[rule_id]
        assert rule.severity == row.severity, rule_id
        assert row.article.replace("–", "-") in rule.article, rule_id


@needs_format
def test_the_registry_follows_format_mds_tables_then_ropas_extensions() -> None:
    first, added = format_tables()
    ids = [r.id for r in RULES]
    assert ids == [*first, *added, *sorted(EXTENSIONS, key=ids.index)]
    assert set(ids[-len(EXTENSIONS) :]) == EXTENSIONS


@needs_format
def test_every_rule_added_in_1_1_can_be_waived() -> None:
    _, added = format_tables()
    for rule_id in added:
        assert rule_id in BY_ID, rule_id
        assert BY_ID[rule_id].waivable, rule_id


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
        *(EXTENSIONS - {"language-without-catalog"}),  # about the documents, not the file
    ):
        assert not BY_ID[rule_id].waivable


def test_a_language_without_catalog_can_be_waived() -> None:
    """English headings on a page can be accepted for a while, with the reason."""
    assert BY_ID["language-without-catalog"].waivable
    assert BY_ID["language-without-catalog"].article == "GDPR Art. 12(1)"


def test_rule_ids_are_unique() -> None:
    assert len({r.id for r in RULES}) == len(RULES)
