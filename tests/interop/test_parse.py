"""Free text read where it is safe, kept verbatim (None) where it is not: exact outputs."""

from __future__ import annotations

import pytest

from ropa.interop.parse import Parsed, parse_basis, parse_condition, parse_country, parse_duration
from ropa.model.types import Duration

DURATIONS = [
    ("6 years", Parsed("6 years", guessed=False)),
    ("1 year", Parsed("1 year", guessed=False)),
    ("P6Y", Parsed("6 years", guessed=False)),
    ("P1Y6M", Parsed("1 year 6 months", guessed=False)),
    ("3 ans", Parsed("3 years", guessed=True)),
    ("13 mois", Parsed("13 months", guessed=True)),
    ("six months", Parsed("6 months", guessed=True)),
    ("1 an et 6 mois", Parsed("1 year 6 months", guessed=True)),
    ("two years, 3 months", Parsed("2 years 3 months", guessed=True)),
    ("6 mois et 1 an", Parsed("1 year 6 months", guessed=True)),
    ("30 jours", Parsed("30 days", guessed=True)),
    ("Trois années", Parsed("3 years", guessed=True)),
    ("6 Years", Parsed("6 years", guessed=True)),
    # kept verbatim: more than a duration, or not one
    ("5 years after the end of the contract", None),
    ("5 ans à compter de la fin du contrat", None),
    ("until the account is closed", None),
    ("durée du contrat", None),
    ("3 years 2 years", None),
    ("", None),
    ("P", None),
]


@pytest.mark.parametrize(("text", "expected"), DURATIONS)
def test_durations(text: str, expected: Parsed | None) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", [t for t, e in DURATIONS if e is not None])
def test_every_duration_read_is_one_the_format_accepts(text: str) -> None:
    parsed = parse_duration(text)
    assert parsed is not None
    Duration.parse(parsed.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("US", Parsed("US", guessed=False)),
        ("FR", Parsed("FR", guessed=False)),
        ("United States", Parsed("US", guessed=True)),
        ("États-Unis", Parsed("US", guessed=True)),
        ("Etats-Unis", Parsed("US", guessed=True)),
        ("USA", Parsed("US", guessed=True)),
        ("U.S.A.", Parsed("US", guessed=True)),
        ("UK", Parsed("GB", guessed=True)),
        ("Royaume-Uni", Parsed("GB", guessed=True)),
        ("United Kingdom", Parsed("GB", guessed=True)),
        ("Allemagne", Parsed("DE", guessed=True)),
        ("Inde", Parsed("IN", guessed=True)),
        ("  india ", Parsed("IN", guessed=True)),
        ("Corée du Sud", Parsed("KR", guessed=True)),
        ("NOR", Parsed("NO", guessed=True)),
        # kept verbatim
        ("EU", None),
        ("Union européenne", None),
        ("worldwide", None),
        ("us", None),
        ("", None),
    ],
)
def test_countries(text: str, expected: Parsed | None) -> None:
    assert parse_country(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("consent", Parsed("consent", guessed=False)),
        ("legitimate_interests", Parsed("legitimate_interests", guessed=False)),
        ("Consent", Parsed("consent", guessed=True)),
        ("Consentement", Parsed("consent", guessed=True)),
        ("6(1)(f)", Parsed("legitimate_interests", guessed=True)),
        ("Art. 6.1.f", Parsed("legitimate_interests", guessed=True)),
        ("Article 6(1)(c) GDPR", Parsed("legal_obligation", guessed=True)),
        ("Art 6(1)(b) - contract", Parsed("contract", guessed=True)),
        ("intérêt légitime", Parsed("legitimate_interests", guessed=True)),
        ("Intérêts légitimes", Parsed("legitimate_interests", guessed=True)),
        ("obligation légale", Parsed("legal_obligation", guessed=True)),
        ("performance of a contract", Parsed("contract", guessed=True)),
        ("Exécution d'un contrat", Parsed("contract", guessed=True)),
        ("Public task", Parsed("public_task", guessed=True)),
        ("Mission d'intérêt public", Parsed("public_task", guessed=True)),
        ("Vital interests", Parsed("vital_interests", guessed=True)),
        # kept verbatim: two bases, a letter and words that disagree, nothing known
        ("Consent and contract", None),
        ("Art 6(1)(a) - contract", None),
        ("see the legal team", None),
        ("16(1)(a)", None),
        ("", None),
    ],
)
def test_bases(text: str, expected: Parsed | None) -> None:
    assert parse_basis(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a", Parsed("a", guessed=False)),
        ("art10", Parsed("art10", guessed=False)),
        ("explicit consent", Parsed("a", guessed=True)),
        ("Consentement explicite", Parsed("a", guessed=True)),
        ("9(2)(a)", Parsed("a", guessed=True)),
        ("Art. 9.2.h", Parsed("h", guessed=True)),
        ("Article 9(2)(b) - employment", Parsed("b", guessed=True)),
        ("Article 10", Parsed("art10", guessed=True)),
        ("Substantial public interest", Parsed("g", guessed=True)),
        ("Public health", Parsed("i", guessed=True)),
        ("Legal claims", Parsed("f", guessed=True)),
        # kept verbatim: Art. 9 wants explicit consent; two conditions; nothing known
        ("Consent", None),
        ("9(2)(a) and 9(2)(h)", None),
        ("N/A", None),
    ],
)
def test_conditions(text: str, expected: Parsed | None) -> None:
    assert parse_condition(text) == expected
