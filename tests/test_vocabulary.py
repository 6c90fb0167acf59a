"""The words every stage shares: ids suggested from what was written, Texts in suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from ropa.vocabulary import suggest_id, text_example
from tests.casefiles import messages, validate_overlay


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("données-navigation", "donnees-navigation"),
        ("Données navigation", "donnees-navigation"),
        ("Straße", "strasse"),
        ("Œuvres sociales", "oeuvres-sociales"),
        ("Ærø", "aero"),
        ("Łódź office", "lodz-office"),
        ("Newsletter (B2B)", "newsletter-b2b"),
        ("ﬁchiers", "fichiers"),  # a ligature NFKD decomposes
    ],
)
def test_an_id_is_suggested_with_accents_dropped_not_cut(written: str, suggested: str) -> None:
    assert suggest_id(written) == suggested


def test_an_invalid_id_suggests_its_transliteration(tmp_path: Path) -> None:
    report, _ = validate_overlay(
        tmp_path,
        """
data_subjects:
  customers: ~
  données-clients:
    name: Customers
activities:
  orders:
    data_subjects: [données-clients]
""",
    )
    assert messages(report, "invalid-value")[0] == (
        "'données-clients' is not a valid id in data_subjects: use lowercase letters, digits, "
        "'-' and '_', starting with a letter; for example 'donnees-clients'"
    )


@pytest.mark.parametrize(
    ("languages", "example"),
    [
        (["en"], '"Unsubscribe link"'),
        (["fr"], '"Lien de désinscription"'),
        (["de"], '"Unsubscribe link"'),
        (["en", "fr"], '{en: "Unsubscribe link", fr: "Lien de désinscription"}'),
        (["en", "de"], '{en: "Unsubscribe link", de: ...}'),
    ],
)
def test_a_text_in_a_suggestion_has_every_language(languages: list[str], example: str) -> None:
    words = {"en": "Unsubscribe link", "fr": "Lien de désinscription"}
    assert text_example(languages, words) == example


def test_a_text_with_no_example_is_left_to_write() -> None:
    assert text_example(["en"]) == "..."
    assert text_example(["en", "fr"]) == "{en: ..., fr: ...}"
