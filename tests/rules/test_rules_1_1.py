"""The rules of format 1.1 and the rules it changed: what each says, and that each still fires
when another key of the same entry is invalid."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ropa.rules.registry import BY_ID
from tests.casefiles import CASES, OVERLAY, messages, read
from tests.casefiles import validate_overlay as build

MINE = [
    "cookie-consent-basis-mismatch",
    "legal-basis-unallocated",
    "electronic-marketing-without-consent",
    "joint-arrangement-missing",
    "automated-decision-without-exception",
    "dpia-pending",
    "hidden-purpose",
]


@pytest.mark.parametrize("rule_id", MINE)
def test_each_new_rule_is_waivable_and_documented(rule_id: str) -> None:
    rule = BY_ID[rule_id]
    assert rule.waivable
    assert rule.check is not None
    assert "Fails:" in rule.doc
    assert "Passes:" in rule.doc


@pytest.mark.parametrize("rule_id", MINE)
def test_each_new_rule_still_fires_when_another_key_of_its_activity_is_invalid(
    tmp_path: Path, rule_id: str
) -> None:
    overlay = read(CASES / rule_id / "fail" / OVERLAY)
    for activity in overlay["activities"].values():
        activity["reviewed"] = "2026-02-30"  # not a real date
    _, found = build(tmp_path, overlay)
    assert any("error[invalid-value]" in line and "reviewed" in line for line in found)
    assert any(f"[{rule_id}]" in line for line in found), found


@pytest.mark.parametrize("rule_id", MINE)
def test_each_new_rule_is_silenced_by_a_waiver_on_its_entry(tmp_path: Path, rule_id: str) -> None:
    overlay = read(CASES / rule_id / "fail" / OVERLAY)
    for activity in overlay["activities"].values():
        activity["waivers"] = [{"rule": rule_id, "reason": "Recorded for the test"}]
    _, found = build(tmp_path, overlay)
    assert not any(f"[{rule_id}]" in line for line in found), found
    assert not any("[unused-waiver]" in line for line in found), found


# --- What each says ----------------------------------------------------------------------------

AUDIENCE = """
activities:
  audience:
    name: Audience measurement
    legal_bases:
    - {basis: legitimate_interests, interest: Measuring our audience, balancing_test: LIA-1}
    - {basis: contract}
    data_subjects: [customers]
    data_categories: [identity]
    provision: {requirement: voluntary}
    retention: [{period: 13 months}]
    security_measures: [encryption]
cookies:
  _ga: {provider: first_party, purpose: audience, lifetime: 13 months, consent: required}
  _gid: {provider: first_party, purpose: audience, lifetime: 1 day, consent: required}
  session: {provider: first_party, purpose: audience, lifetime: session, consent: exempt}
"""


def test_a_consent_tracker_on_a_basis_other_than_consent_is_one_finding_naming_them(
    tmp_path: Path,
) -> None:
    report, found = build(tmp_path, AUDIENCE)
    assert (
        found.count(
            "register.yaml:activities.audience.legal_bases error[cookie-consent-basis-mismatch]"
        )
        == 1
    )
    [message] = messages(report, "cookie-consent-basis-mismatch")
    assert message.startswith(
        "activity 'audience' rests on legitimate_interests, contract, but its trackers '_ga', "
        "'_gid' need consent (consent: required)"
    )
    assert message.endswith(
        "rest it on consent instead, legal_bases: [{basis: consent, withdrawal: "
        '"Unsubscribe link in every email"}], or move the trackers to an activity that does '
        "(only a strictly necessary tracker is consent: exempt)"
    )


def test_a_tracker_of_an_activity_without_bases_is_left_to_legal_basis_missing(
    tmp_path: Path,
) -> None:
    overlay = yaml.load(AUDIENCE, Loader=yaml.BaseLoader)
    del overlay["activities"]["audience"]["legal_bases"]
    report, _ = build(tmp_path, overlay)
    assert messages(report, "legal-basis-missing") != []
    assert messages(report, "cookie-consent-basis-mismatch") == []


def test_unallocated_bases_name_the_bases_and_the_data_they_share(tmp_path: Path) -> None:
    report, _ = build(tmp_path, AUDIENCE)
    assert messages(report, "legal-basis-unallocated") == [
        "activity 'audience' rests on both legitimate_interests and contract for the same data "
        "('identity'); split the activity into one purpose per basis, or keep the one basis "
        "that applies"
    ]


def test_a_basis_without_categories_overlaps_one_with_categories(tmp_path: Path) -> None:
    _, found = build(
        tmp_path,
        """
data_categories:
  payment: {name: Payment data}
activities:
  orders:
    data_categories: [identity, payment]
    legal_bases:
    - {basis: contract}
    - {basis: legal_obligation, categories: [payment], law: Code de commerce}
""",
    )
    assert "register.yaml:activities.orders.legal_bases warning[legal-basis-unallocated]" in found


def test_a_processor_activity_has_no_basis_of_its_own_to_allocate(tmp_path: Path) -> None:
    report, _ = build(
        tmp_path,
        """
activities:
  orders:
    role: processor
    controller: {name: Each customer}
    legal_bases: [{basis: contract}, {basis: consent, withdrawal: W}]
    marketing_channels: [email]
    public: false
""",
    )
    for rule_id in (
        "legal-basis-unallocated",
        "electronic-marketing-without-consent",
        "hidden-purpose",
    ):
        assert messages(report, rule_id) == [], rule_id


@pytest.mark.parametrize(
    ("channels", "soft_opt_in", "fires"),
    [
        ("[email]", "false", True),
        ("[sms]", "false", True),
        ("[automated_call]", "false", True),
        ("[email, sms]", "true", False),
        ("[automated_call]", "true", True),  # Art. 13(2) is for electronic mail only
        ("[post, phone, online_ads, social]", "false", False),
    ],
)
def test_electronic_marketing_needs_consent_or_a_soft_opt_in_for_email_and_sms(
    tmp_path: Path, channels: str, soft_opt_in: str, fires: bool
) -> None:
    report, _ = build(
        tmp_path,
        f"activities:\n  orders:\n    marketing_channels: {channels}\n    soft_opt_in: {soft_opt_in}\n",
    )
    assert bool(messages(report, "electronic-marketing-without-consent")) is fires


def test_an_automated_call_under_a_soft_opt_in_is_told_why(tmp_path: Path) -> None:
    report, _ = build(
        tmp_path,
        "activities:\n  orders:\n    marketing_channels: [email, automated_call]\n"
        "    soft_opt_in: true\n",
    )
    assert messages(report, "electronic-marketing-without-consent") == [
        "activity 'orders' sends direct marketing by automated_call without the person's prior "
        "consent (the soft opt-in covers email and SMS only); rest it on consent, legal_bases: "
        '[{basis: consent, withdrawal: "Unsubscribe link in every email"}]'
    ]


def test_a_decision_without_legal_effect_needs_no_exception(tmp_path: Path) -> None:
    report, _ = build(
        tmp_path,
        "activities:\n  orders:\n    automated_decisions: {logic: L, significance: S}\n"
        "    dpia: {status: not_required}\n",
    )
    assert messages(report, "automated-decision-without-exception") == []


def test_a_hidden_purpose_is_told_where_people_learn_of_it(tmp_path: Path) -> None:
    report, found = build(tmp_path, "activities:\n  orders:\n    public: false\n")
    assert found == ["register.yaml:activities.orders.public warning[hidden-purpose]"]
    assert "informed_by" in messages(report, "hidden-purpose")[0]


# --- Rules changed in 1.1 ----------------------------------------------------------------------


@pytest.mark.parametrize(("days", "fires"), [("30", False), ("31", False), ("32", True)])
def test_a_response_time_of_one_month_is_31_days_at_most(
    tmp_path: Path, days: str, fires: bool
) -> None:
    report, _ = build(tmp_path, f"policy:\n  rights: {{response_days: {days}}}\n")
    assert bool(messages(report, "response-time-excessive")) is fires


def test_an_exempt_tracker_is_held_to_13_months_too(tmp_path: Path) -> None:
    report, _ = build(
        tmp_path,
        "cookies:\n  _pk_id: {provider: first_party, purpose: orders, lifetime: P2Y, "
        "consent: exempt}\n",
    )
    assert messages(report, "cookie-lifetime-excessive") == [
        "cookie '_pk_id' lives P2Y, more than the 13 months the CNIL recommends for trackers, "
        "exempt ones included; write lifetime: 13 months (or less)"
    ]


@pytest.mark.parametrize(
    ("sources", "fires"),
    [
        ("[]", True),  # no sources: all of it comes from the person
        ("[Our partner shops]", True),  # a plain source does not say which data it provides
        ("[{source: Our partner shops, categories: [identity]}]", False),
    ],
)
def test_provision_is_asked_for_the_categories_no_source_provides(
    tmp_path: Path, sources: str, fires: bool
) -> None:
    report, _ = build(
        tmp_path, f"activities:\n  orders:\n    sources: {sources}\n    provision: ~\n"
    )
    assert bool(messages(report, "provision-undeclared")) is fires


def test_provision_undeclared_names_the_categories_collected_from_the_person(
    tmp_path: Path,
) -> None:
    report, _ = build(
        tmp_path,
        """
data_categories:
  contact: {name: Contact data}
activities:
  orders:
    data_categories: [identity, contact]
    sources: [{source: A broker, categories: [identity]}]
    provision: ~
""",
    )
    [message] = messages(report, "provision-undeclared")
    assert message.startswith(
        "activity 'orders' collects 'contact' from the person (no sources[].categories names them)"
    )


def test_review_overdue_says_a_yearly_review_is_good_practice_not_the_law(
    tmp_path: Path,
) -> None:
    report, _ = build(tmp_path, "activities:\n  orders:\n    reviewed: 2025-06-01\n")
    [message] = messages(report, "review-overdue")
    assert "a yearly review is good practice for accountability (the GDPR sets no period)" in (
        message
    )


def test_an_invalid_channel_does_not_hide_electronic_marketing_without_consent(
    tmp_path: Path,
) -> None:
    _, found = build(tmp_path, "activities:\n  orders:\n    marketing_channels: [fax, email]\n")
    assert found == [
        "register.yaml:activities.orders.marketing_channels[0] error[invalid-value]",
        "register.yaml:activities.orders.marketing_channels[1] "
        "error[electronic-marketing-without-consent]",
    ]


def test_an_invalid_safeguards_value_is_reported_once(tmp_path: Path) -> None:
    _, found = build(
        tmp_path,
        """
activities:
  orders:
    dpia: {status: not_required}
    automated_decisions:
      logic: L
      significance: S
      legal_effect: true
      exception: contract
      safeguards: [a list]
""",
    )
    assert found == [
        "register.yaml:activities.orders.automated_decisions.safeguards error[invalid-value]"
    ]
