"""Whether a new wording says something else: the words that carry meaning, compared."""

from __future__ import annotations

import pytest

from ropa.changes.meaning import Difference, Meaning, fold
from ropa.model.types import Text

MEANING = Meaning({"mailer": ["The Rocket Science Group LLC (Mailchimp, an Intuit company)"]})


def compare(before: str, after: str, language: str = "en") -> Difference | None:
    return MEANING.compare(Text({language: before}), Text({language: after}), [language])


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("We proces your orders.", "We process your orders."),
        ("Kept for 3 years after your last order", "Kept 3 years after your latest order."),
        ("Sent by Mailchimp to the United States", "Sent by Mailchimp to the United States."),
        ("Data stay in the EU", "Your data stay within the EU."),
        ("on the basis of your consent", "based on your consent"),
        ("Nous ne vendons pas vos données.", "Nous ne vendons jamais vos données."),
    ],
)
def test_a_rewording_keeps_its_meaning(before: str, after: str) -> None:
    language = "fr" if before.startswith("Nous") else "en"
    assert compare(before, after, language) is None


@pytest.mark.parametrize(
    ("before", "after", "removed", "added"),
    [
        ("Kept for 3 years", "Kept for 5 years", ["3 years"], ["5 years"]),
        ("Kept for 3 years", "Kept for 3 months", ["3 years"], ["3 months"]),
        ("Kept for three years", "Kept for 3 years", [], []),
        ("Version 2.0 of 3,5 pages", "Version 2,0 of 3.5 pages", [], []),
        ("Deliberation no. 2020-091", "Deliberation 2020-091", [], []),
        ("Sent to the United States", "Sent to India", ["United States"], ["India"]),
        ("Sent to the US", "Sent to the United States", [], []),
        ("Stays in the EU", "Stays in the EEA", ["EU"], ["EEA"]),
        ("Sent by email", "Sent by Mailchimp", [], ["Mailchimp"]),
        ("On your consent", "On our legitimate interest", ["consent"], ["legitimate interest"]),
        ("We never sell your data", "We sell your data", ["never"], []),
        ("Answered within 30 days", "Answered within 15 days", ["30 days"], ["15 days"]),
        ("Up to 10 requests a day", "Up to 20 requests a day", ["10"], ["20"]),
    ],
)
def test_a_change_of_a_word_that_carries_meaning(
    before: str, after: str, removed: list[str], added: list[str]
) -> None:
    found = compare(before, after)
    if not removed and not added:  # the same meaning, written otherwise
        assert found is None
    else:
        assert found == Difference(removed, added)


def test_french_names_and_durations_count_without_accents() -> None:
    assert compare("Transfert vers les Etats-Unis", "Transfert vers les États-Unis", "fr") is None
    assert compare("Conservées 13 mois", "Conservées 2 ans", "fr") == Difference(
        ["13 mois"], ["2 ans"]
    )


def test_every_language_both_texts_have_is_compared() -> None:
    before = Text({"en": "Kept 3 years", "fr": "Conservées 3 ans"})
    after = Text({"en": "Kept 3 years", "fr": "Conservées 5 ans"})
    assert MEANING.compare(before, after, ["en", "fr"]) == Difference(["3 ans"], ["5 ans"])


def test_folding_keeps_each_character_in_its_place() -> None:
    text = "Données ÉTATS-UNIS ’s Straße"
    assert len(fold(text)) == len(text)
    assert fold(text) == "donnees etats-unis 's straße"
