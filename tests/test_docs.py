"""The format reference (docs/format.md) and the README's rule table are generated: both current."""

from __future__ import annotations

from ropa.docs import FORMAT_DOC, README, format_reference, readme_with_rules, rule_table
from ropa.rules.registry import RULES


def test_the_format_reference_is_current() -> None:
    assert FORMAT_DOC.read_text(encoding="utf-8") == format_reference(), "run: make docs"


def test_the_readme_rule_table_is_current() -> None:
    readme = README.read_text(encoding="utf-8")
    assert readme_with_rules(readme) == readme, "run: make docs"


def test_the_reference_documents_every_section_key_and_rule() -> None:
    reference = format_reference()
    for section in ("organization", "policy", "activities", "cookies"):
        assert f"### `{section}`" in reference
    for key in ("`legal_bases`", "`retention`", "`transfers`", "`supervisory_authority`"):
        assert key in reference
    assert "[Retention](#retention)" in reference
    assert "### Retention" in reference
    for rule in RULES:
        assert f"| `{rule.id}` | {rule.severity} |" in rule_table()
