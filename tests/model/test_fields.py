"""The fields of format 1.1: each is read, checked and resolved, and every 1.0 file stays valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from ropa.model.activities import DecisionBasis, MarketingChannel
from ropa.model.organization import PostalAddress, address_lines
from ropa.model.schema import json_schema
from tests.casefiles import messages
from tests.casefiles import validate_overlay as build

# --- Address ---------------------------------------------------------------------------------


def test_an_address_may_be_one_string_on_one_line_or_several(tmp_path: Path) -> None:
    report, found = build(
        tmp_path,
        """
organization:
  dpo: {email: dpo@example.com, address: "DPO, 1 rue de la Paix, 75002 Paris"}
  eu_representative:
    name: Rep GmbH
    address: |
      Rep GmbH
      Hauptstraße 1

      10115 Berlin
  supervisory_authority:
    address: 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07
""",
    )
    assert found == []
    organization = report.register.organization
    assert organization is not None
    assert organization.eu_representative is not None
    address = organization.eu_representative.address
    assert address == "Rep GmbH\nHauptstraße 1\n10115 Berlin"
    assert address_lines(address) == ["Rep GmbH", "Hauptstraße 1", "10115 Berlin"]
    assert isinstance(organization.address, PostalAddress)
    assert address_lines(organization.address) == ["1 rue de la Paix", "75002 Paris", "FR"]


def test_an_address_may_still_be_a_mapping_and_its_keys_are_checked(tmp_path: Path) -> None:
    report, found = build(
        tmp_path,
        """
organization:
  dpo: {address: {street: 1 rue X, postal_code: "75002", city: Paris, country: FR}}
  supervisory_authority: {address: {street: 1 rue Y, city: Paris, country: FR}}
""",
    )
    assert found == [
        "register.yaml:organization.supervisory_authority.address error[missing-field]"
    ]
    assert messages(report, "missing-field") == [
        "organization (supervisory_authority.address) lacks required key 'postal_code' "
        "(postal code, as a string)"
    ]


def test_the_controllers_address_must_be_a_mapping_and_the_error_names_its_keys(
    tmp_path: Path,
) -> None:
    report, found = build(
        tmp_path, "organization:\n  address: 1 rue de la Paix, 75002 Paris, France\n"
    )
    assert found == ["register.yaml:organization.address error[invalid-value]"]
    assert messages(report, "invalid-value") == [
        "organization (address): the controller's address must be a mapping, since its country "
        "decides which Member State's law the documents cite: write {street: ..., postal_code: "
        "..., city: ..., country: FR} with its ISO country code (region: optional)"
    ]
    written = "organization:\n  address: {street: ..., postal_code: ..., city: ..., country: FR}\n"
    assert build(tmp_path, written)[1] == []


def test_a_processor_activitys_controller_may_have_an_address_of_either_form(
    tmp_path: Path,
) -> None:
    report, _ = build(
        tmp_path,
        """
activities:
  orders:
    role: processor
    controller: {name: Each customer, address: {street: 1 rue X, postal_code: "1000", city: Bruxelles, country: BE}}
""",
    )
    activity = report.register.activities["orders"]
    assert activity.controller is not None
    assert str(activity.controller.address) == "1 rue X, 1000 Bruxelles, BE"


# --- Activities ------------------------------------------------------------------------------


def test_the_new_activity_fields_are_read(tmp_path: Path) -> None:
    report, found = build(
        tmp_path,
        """
activities:
  orders:
    marketing_channels: [email, post]
    soft_opt_in: "true"
    informed_by: The order confirmation email
    joint_arrangement: {summary: We answer every request., reference: JCA-1, contact: privacy@example.com}
    automated_decisions:
      logic: A score of the order
      significance: An order may be refused
      legal_effect: "true"
      exception: contract
      safeguards: A person reviews any refusal on request.
    dpia: {status: done, reference: DPIA-1}
""",
    )
    assert found == []
    activity = report.register.activities["orders"]
    assert activity.marketing_channels == [MarketingChannel.EMAIL, MarketingChannel.POST]
    assert activity.soft_opt_in is True
    assert activity.informed_by is not None
    assert activity.joint_arrangement is not None
    assert activity.joint_arrangement.reference == "JCA-1"
    decisions = activity.automated_decisions
    assert decisions is not None
    assert decisions.legal_effect is True
    assert decisions.exception is DecisionBasis.CONTRACT
    assert decisions.exception.article == "Art. 22(2)(a)"


def test_an_unknown_marketing_channel_or_exception_is_invalid(tmp_path: Path) -> None:
    report, found = build(
        tmp_path,
        """
activities:
  orders:
    marketing_channels: [email, fax]
    automated_decisions: {logic: L, significance: S, exception: consent}
""",
    )
    assert found == [
        "register.yaml:activities.orders warning[dpia-undecided]",
        "register.yaml:activities.orders.marketing_channels[0] "
        "error[electronic-marketing-without-consent]",
        "register.yaml:activities.orders.marketing_channels[1] error[invalid-value]",
        "register.yaml:activities.orders.automated_decisions.exception error[invalid-value]",
    ]
    assert "write one of: email, sms, automated_call" in messages(report, "invalid-value")[0]
    assert "did you mean 'explicit_consent'?" in messages(report, "invalid-value")[1]


def test_a_joint_arrangement_needs_its_summary(tmp_path: Path) -> None:
    report, found = build(
        tmp_path, "activities:\n  orders:\n    joint_arrangement: {reference: JCA-1}\n"
    )
    assert found == ["register.yaml:activities.orders.joint_arrangement error[missing-field]"]
    assert "lacks required key 'summary'" in messages(report, "missing-field")[0]


def test_sources_are_texts_or_name_the_categories_they_provide(tmp_path: Path) -> None:
    report, found = build(
        tmp_path,
        """
data_categories:
  contact: {name: Contact data}
activities:
  orders:
    data_categories: [identity, contact]
    retention: [{period: 3 years}]
    sources:
      - The customer who places the order
      - {en: Our partner shops}
      - source: A list broker
        categories: [contact]
""",
    )
    assert found == []
    sources = report.register.activities["orders"].sources
    assert [str(s.source) for s in sources] == [
        "The customer who places the order",
        "Our partner shops",
        "A list broker",
    ]
    assert [s.categories for s in sources] == [[], [], ["contact"]]
    assert [c.id for c in sources[2].category_entries] == ["contact"]


def test_a_sources_categories_are_references_to_the_activitys_own(tmp_path: Path) -> None:
    report, found = build(
        tmp_path,
        """
data_categories:
  contact: {name: Contact data}
activities:
  orders:
    sources:
      - {source: A broker, categories: [identiy, contact, identity]}
""",
    )
    assert found == [
        "register.yaml:data_categories.contact warning[unused-definition]",
        "register.yaml:activities.orders.sources[0].categories[0] error[unknown-reference]",
        "register.yaml:activities.orders.sources[0].categories[1] error[invalid-value]",
    ]
    assert "did you mean 'identity'?" in messages(report, "unknown-reference")[0]
    assert messages(report, "invalid-value") == [
        "activity 'orders' (sources[0].categories): 'contact' is not one of the activity's "
        "data_categories; add it there or remove it here"
    ]


def test_a_source_with_a_bad_key_says_so(tmp_path: Path) -> None:
    _, found = build(
        tmp_path,
        "activities:\n  orders:\n    sources: [{source: A broker, categorie: [identity]}]\n",
    )
    assert found == ["register.yaml:activities.orders.sources[0].categorie error[unknown-field]"]


# --- Lists that name an entry or a language twice --------------------------------------------


@pytest.mark.parametrize(
    ("key", "written", "where"),
    [
        ("data_subjects", "[customers, customers]", "data_subjects[1]"),
        ("data_categories", "[identity, identity]", "data_categories[1]"),
        ("recipients", "[hosting, hosting]", "recipients[1]"),
        ("security_measures", "[encryption, encryption]", "security_measures[1]"),
        (
            "legal_bases",
            "[{basis: contract, categories: [identity, identity]}]",
            "legal_bases[0].categories[1]",
        ),
        (
            "retention",
            "[{period: 1 year, categories: [identity, identity]}]",
            "retention[0].categories[1]",
        ),
        (
            "sources",
            "[{source: S, categories: [identity, identity]}]",
            "sources[0].categories[1]",
        ),
    ],
)
def test_a_list_that_names_an_entry_twice_is_invalid_at_the_second_mention(
    tmp_path: Path, key: str, written: str, where: str
) -> None:
    report, found = build(tmp_path, f"activities: {{orders: {{{key}: {written}}}}}")
    assert found == [f"register.yaml:activities.orders.{where} error[invalid-value]"]
    name = re.findall(r"[a-z]+", written.rsplit("[", maxsplit=1)[-1])[0]
    assert messages(report, "invalid-value") == [
        f"activity 'orders' ({where}): '{name}' is named twice (first at [0]); remove this one"
    ]


def test_a_language_listed_twice_is_invalid_and_the_rest_still_checked(tmp_path: Path) -> None:
    report, found = build(
        tmp_path, "policy:\n  languages: [en, fr, en]\n  rights: {response_days: 45}\n"
    )
    assert "register.yaml:policy.languages[2] error[invalid-value]" in found
    assert "register.yaml:policy.rights.response_days error[response-time-excessive]" in found
    assert messages(report, "invalid-value") == [
        "policy (languages[2]): 'en' is named twice (first at [0]); remove this one"
    ]


def test_a_repeated_item_and_a_bad_one_are_both_reported_in_one_pass(tmp_path: Path) -> None:
    _, found = build(
        tmp_path, "activities: {orders: {data_categories: [identity, Identity, identity]}}"
    )
    assert found == [
        "register.yaml:activities.orders.data_categories[1] error[invalid-value]",
        "register.yaml:activities.orders.data_categories[2] error[invalid-value]",
    ]


# --- Editors' schema -------------------------------------------------------------------------


def test_the_schema_accepts_both_forms_of_an_address_and_of_a_source() -> None:
    document = {
        "organization": {
            "name": "X",
            "address": {"street": "1", "postal_code": "1", "city": "C", "country": "FR"},
            "email": "a@b.fr",
            "dpo": {"address": "1 rue X\n75002 Paris"},
            "supervisory_authority": {"name": "CNIL", "country": "FR", "address": "3 place"},
        },
        "activities": {
            "a": {
                "name": "A",
                "data_subjects": ["s"],
                "sources": ["A broker", {"en": "A"}, {"source": "B", "categories": ["c"]}],
                "marketing_channels": ["email"],
                "soft_opt_in": True,
                "informed_by": "Notice",
                "joint_arrangement": {"summary": "S"},
                "automated_decisions": {
                    "logic": "L",
                    "significance": "S",
                    "legal_effect": True,
                    "exception": "law",
                    "law": "Code",
                },
            }
        },
    }
    assert list(Draft202012Validator(json_schema()).iter_errors(document)) == []
    document["organization"]["address"] = "1 rue X"  # type: ignore[index]
    document["activities"]["a"]["data_subjects"] = ["s", "s"]  # type: ignore[index]
    assert len(list(Draft202012Validator(json_schema()).iter_errors(document))) == 2
