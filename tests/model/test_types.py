"""Value types: each parses the strings the loader hands over and says what to write instead."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic_core import PydanticCustomError

from ropa.model.types import (
    Duration,
    parse_bool,
    parse_country,
    parse_date,
    parse_int,
    parse_language,
    parse_url,
)


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("P3Y", "P3Y"),
        ("P13M", "P13M"),
        ("P1Y6M", "P1Y6M"),
        ("P30D", "P30D"),
        ("p2w", "P2W"),
        ("PT30M", "PT30M"),
        ("3 years", "P3Y"),
        ("1 year", "P1Y"),
        ("13 months", "P13M"),
        ("2 weeks", "P2W"),
        ("30 days", "P30D"),
        ("1 year 6 months", "P1Y6M"),
        ("1 year, 6 months and 2 days", "P1Y6M2D"),
        ("24 hours", "PT24H"),
    ],
)
def test_duration_forms_normalise_to_iso(written: str, iso: str) -> None:
    assert Duration.parse(written).iso == iso


@pytest.mark.parametrize(
    "written", ["P", "3 yrs", "three years", "P3X", "13", "-1 year", "1 year 2 years", ""]
)
def test_bad_durations_are_refused_with_examples(written: str) -> None:
    with pytest.raises(PydanticCustomError, match="expected a duration such as P3Y"):
        Duration.parse(written)


@pytest.mark.parametrize(
    ("written", "meant"), [("3 ans", "3 years"), ("1 an", "1 year"), ("13 mois", "13 months")]
)
def test_a_duration_in_french_words_is_given_in_english(written: str, meant: str) -> None:
    with pytest.raises(PydanticCustomError) as raised:
        Duration.parse(written)
    assert str(raised.value).endswith(f"not '{written}'; write {meant}")
    assert Duration.parse(meant)


def test_durations_compare_by_length() -> None:
    assert Duration.parse("P13M").approx_days < Duration.parse("14 months").approx_days
    assert Duration.parse("P1Y").approx_days < Duration.parse("P13M").approx_days
    assert Duration.parse("396 days").approx_days > Duration.parse("P13M").approx_days


def test_dates_are_yyyy_mm_dd_and_real() -> None:
    assert parse_date("2026-09-01") == date(2026, 9, 1)
    with pytest.raises(PydanticCustomError, match="not a real date"):
        parse_date("2026-13-45")
    with pytest.raises(PydanticCustomError, match="YYYY-MM-DD"):
        parse_date("01/09/2026")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("01/09/2026", "; write 2026-09-01"),  # day first, as Europe writes it
        ("1.9.2026", "; write 2026-09-01"),
        ("09/13/2026", "; write 2026-09-13"),  # 13 is no month: month first
        ("2026/09/01", "; write 2026-09-01"),
        ("31/02/2026", ""),  # no such day: nothing to suggest
        ("next week", ""),
    ],
)
def test_a_date_written_otherwise_is_given_as_yyyy_mm_dd(written: str, meant: str) -> None:
    with pytest.raises(PydanticCustomError) as raised:
        parse_date(written)
    assert str(raised.value) == (
        f"expected a date written YYYY-MM-DD (e.g. 2026-09-01), not '{written}'{meant}"
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("FRA", "^'FRA' is not an ISO 3166-1 alpha-2 country code; write FR$"),
        ("France", "^'France' is not an ISO 3166-1 alpha-2 country code; write FR$"),
        ("fr", "^write country codes in upper case: FR$"),
        ("UK", "^'UK' is not an ISO 3166-1 code; write GB$"),
        ("EL", "^'EL' is not an ISO 3166-1 code; write GR$"),
        ("XX", r"^'XX' is not an ISO 3166-1 alpha-2 country code \(e.g. FR, DE, US, NO\)$"),
    ],
)
def test_countries_are_iso_alpha_2(written: str, message: str) -> None:
    with pytest.raises(PydanticCustomError, match=message):
        parse_country(written)


def test_norway_is_a_country() -> None:
    assert parse_country("NO") == "NO"


def test_languages_are_iso_639_1() -> None:
    assert parse_language("fr") == "fr"
    with pytest.raises(PydanticCustomError, match="lower case"):
        parse_language("FR")
    with pytest.raises(PydanticCustomError, match="not an ISO 639-1"):
        parse_language("xx")


def test_a_web_address_without_its_scheme_is_given_one() -> None:
    with pytest.raises(PydanticCustomError) as raised:
        parse_url("www.cnil.fr")
    assert str(raised.value) == (
        "expected an absolute https:// or http:// URL, not 'www.cnil.fr'; write https://www.cnil.fr"
    )


def test_numbers_and_booleans() -> None:
    assert parse_int("30") == 30
    assert parse_bool("no") is False
    assert parse_bool("True") is True
    with pytest.raises(PydanticCustomError, match="whole number"):
        parse_int("thirty")
    with pytest.raises(PydanticCustomError, match="true or false"):
        parse_bool("maybe")
