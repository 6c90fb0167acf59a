"""The materiality table, the project's raised classes, and the words of every kind."""

from __future__ import annotations

import pytest

from ropa.changes.materiality import TABLE, Materiality, classify, markdown_table, overrides
from ropa.changes.wording import PHRASES, REASONS, SUMMARIES
from ropa.config import ConfigError

WHERE = "ropa.toml"


def test_every_reason_cites_what_it_rests_on_or_says_it_is_a_judgement() -> None:
    for kind, found in TABLE.items():
        assert found.reason.startswith(("WP260 rev.01 para", "GDPR Art.", "ropa's judgement:")), (
            kind
        )


def test_what_wp260_calls_material_is_material() -> None:
    """WP260 rev.01 para 29 (purpose, controller, rights), para 30 (recipients, transfers),
    Art. 13(3) (a new purpose) and Art. 28(2) (sub-processors)."""
    material = {kind for kind, found in TABLE.items() if found.materiality is Materiality.MATERIAL}
    assert {
        "purpose-added",
        "controller-changed",
        "rights-changed",
        "recipient-category-added",
        "transfer-added",
        "subprocessor-added",
        "subprocessor-replaced",
    } <= material
    assert TABLE["wording-changed"].materiality is Materiality.EDITORIAL


def test_every_kind_is_said_in_english_and_french() -> None:
    for language in ("en", "fr"):
        assert set(PHRASES[language]) == set(TABLE), language
        assert {kind for kind, _ in SUMMARIES[language]} == set(TABLE), language
    assert set(SUMMARIES["en"]) == set(SUMMARIES["fr"])
    assert set(REASONS["fr"]) == set(TABLE)


def test_a_project_raises_a_class() -> None:
    raised = overrides({"cookie-added": "material", "wording-changed": "notable"}, WHERE)
    assert raised == {"cookie-added": Materiality.MATERIAL, "wording-changed": Materiality.NOTABLE}
    assert classify("cookie-added", raised).materiality is Materiality.MATERIAL
    assert classify("purpose-added", raised) == TABLE["purpose-added"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"purpose-added": "notable"},
            "ropa.toml: materiality: purpose-added is material (WP260 rev.01 para 29 (a change "
            "in processing purpose); GDPR Art. 13(3), 14(4): told before the new purpose "
            "starts); a project may raise a class, not lower it to notable",
        ),
        (
            {"cookie-add": "material"},
            "ropa.toml: materiality: no kind of change is called 'cookie-add'; did you mean "
            "'cookie-added'? (the README's table lists them)",
        ),
        (
            {"cookie-added": "high"},
            'ropa.toml: materiality: cookie-added = \'high\'; write "material", "notable" or '
            '"editorial"',
        ),
        (
            ["cookie-added"],
            'ropa.toml: materiality is a table of kind = "material" | "notable" | "editorial"',
        ),
    ],
)
def test_a_class_cannot_be_lowered_nor_a_kind_mistyped(table: object, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        overrides(table, WHERE)
    assert str(raised.value) == message


def test_the_readme_table_lists_every_kind() -> None:
    table = markdown_table().splitlines()
    assert table[:2] == ["| kind | class | rests on |", "|---|---|---|"]
    assert [row.split("`")[1] for row in table[2:]] == list(TABLE)
