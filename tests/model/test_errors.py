"""Pydantic's errors as findings that say what to write: the ids, keys and values expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.casefiles import messages
from tests.casefiles import validate_overlay as build


def test_a_cookies_purpose_that_is_not_an_id_names_an_activity_of_the_register(
    tmp_path: Path,
) -> None:
    report, found = build(
        tmp_path,
        "cookies:\n  _ga: {provider: Hosting SAS, purpose: Orders, lifetime: 13 months, "
        "consent: exempt}\n",
    )
    assert found == [
        "register.yaml:cookies._ga.provider error[invalid-value]",
        "register.yaml:cookies._ga.purpose error[invalid-value]",
    ]
    assert messages(report, "invalid-value") == [
        "cookie '_ga' (provider): expected a recipient id such as 'hosting' (one of those under "
        "recipients:), or first_party, not 'Hosting SAS'",
        "cookie '_ga' (purpose): expected an activity id such as 'orders' (one of those under "
        "activities:), not 'Orders'",
    ]


def test_with_no_activity_to_name_the_example_is_made_from_what_was_written(
    tmp_path: Path,
) -> None:
    report, _ = build(
        tmp_path,
        "activities:\n  orders: ~\n"
        "cookies:\n  _ga: {provider: first_party, purpose: Mesure d'audience, "
        "lifetime: 13 months, consent: exempt}\n",
    )
    assert messages(report, "invalid-value") == [
        "cookie '_ga' (purpose): expected an activity id such as 'mesure-d-audience' (to be "
        'defined under activities:), not "Mesure d\'audience"'
    ]


def test_a_reference_that_is_not_an_id_names_an_entry_of_its_section(tmp_path: Path) -> None:
    report, _ = build(
        tmp_path,
        "activities:\n  orders:\n    data_categories: [Identity]\n"
        "    legal_bases: [{basis: contract, categories: [Identity Data]}]\n",
    )
    assert (
        "activity 'orders' (data_categories[0]): expected a data category id such as "
        in (messages(report, "invalid-value")[1])
    )
    assert [m.split(" such as ")[1][:10] for m in messages(report, "invalid-value")] == [
        "'identity'",
        "'identity'",
    ]


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (
            "yes",
            "'yes' is not allowed; write required (the tracker needs the person's prior "
            "consent) or exempt (it is strictly necessary)",
        ),
        (
            "Required",
            "'Required' is not allowed; write required (the tracker needs the person's "
            "prior consent) or exempt (it is strictly necessary); did you mean 'required'?",
        ),
    ],
)
def test_a_cookies_consent_is_required_or_exempt(tmp_path: Path, written: str, said: str) -> None:
    report, _ = build(
        tmp_path,
        f"cookies:\n  _ga: {{provider: first_party, purpose: orders, lifetime: 13 months, "
        f"consent: {written}}}\n",
    )
    assert messages(report, "invalid-value") == [f"cookie '_ga' (consent): {said}"]


def test_a_choice_of_two_is_said_as_two(tmp_path: Path) -> None:
    report, _ = build(tmp_path, "security_measures:\n  encryption: {type: physical}\n")
    assert messages(report, "invalid-value") == [
        "security measure 'encryption' (type): 'physical' is not allowed; write technical or "
        "organisational"
    ]


def test_a_cookies_missing_keys_are_given_a_value_to_write(tmp_path: Path) -> None:
    report, found = build(tmp_path, "cookies:\n  _ga: {description: Google Analytics}\n")
    assert found == ["register.yaml:cookies._ga error[missing-field]"] * 4
    assert messages(report, "missing-field") == [
        "cookie '_ga' lacks required key 'consent' (required, or exempt (strictly necessary)); "
        "add consent: required (or exempt)",
        "cookie '_ga' lacks required key 'lifetime' (how long it lives: 13 months, P30D, or "
        "session); add lifetime: 13 months",
        "cookie '_ga' lacks required key 'provider' (a recipient id, or first_party); add "
        "provider: hosting (or first_party)",
        "cookie '_ga' lacks required key 'purpose' (the activity it serves); add purpose: orders",
    ]
    written = (
        "cookies:\n  _ga: {description: Google Analytics, consent: required, "
        "lifetime: 13 months, provider: hosting, purpose: orders}\n"
    )
    report, _ = build(tmp_path, written)
    assert [f.rule for f in report.findings] == ["cookie-consent-basis-mismatch"], (
        "what the keys say is now judged: a consent tracker serving a contract"
    )


def test_a_missing_text_is_given_in_every_language(tmp_path: Path) -> None:
    report, _ = build(
        tmp_path,
        "policy: {languages: [en, fr]}\nactivities:\n  orders: {name: ~}\n",
    )
    assert (
        "activity 'orders' lacks required key 'name' (the purpose, as the public reads it); add "
        "name: {en: ..., fr: ...}"
    ) in messages(report, "missing-field")


@pytest.mark.parametrize(
    ("key", "said"),
    [
        ("zip", "write postal_code instead"),
        ("Postcode", "write postal_code instead"),
        ("town", "write city instead"),
        ("state", "write region instead"),
        ("ctiy", "did you mean 'city'?"),
        ("floor", "the keys here are street, postal_code, city, region, country"),
    ],
)
def test_an_unknown_key_in_an_address_names_the_key_meant(
    tmp_path: Path, key: str, said: str
) -> None:
    report, _ = build(tmp_path, f"organization:\n  address: {{{key}: x}}\n")
    assert messages(report, "unknown-field") == [
        f"unknown key '{key}' in organization (address); {said}"
    ]
