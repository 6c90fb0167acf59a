"""The example register in data/ encodes the My Little Day policy and validates clean."""

from __future__ import annotations

from ropa.check import validate
from ropa.model.activities import Basis
from tests.conftest import DATA, TODAY


def test_example_register_has_no_finding_at_all() -> None:
    report = validate(DATA, TODAY)
    assert [f.format() for f in report.findings] == []


def test_example_register_is_bilingual_and_complete() -> None:
    register = validate(DATA, TODAY).register
    assert register.languages == ["en", "fr"]
    assert register.organization is not None
    assert register.organization.name == "My Little Day"
    assert register.organization.email == "contact@mylittleday.fr"
    assert register.organization.address.postal_code == "75002"
    assert "CNIL" in register.organization.supervisory_authority.name
    assert register.policy is not None
    assert register.policy.rights.response_days == 15
    # every purpose of section 2.2 of the seed policy
    assert len(register.activities) == 10
    bases = {b.basis for a in register.activities.values() for b in a.legal_bases}
    assert {Basis.CONTRACT, Basis.CONSENT, Basis.LEGITIMATE_INTERESTS} <= bases
    names = {str(r.name) for r in register.recipients.values()}
    for expected in ("PayPal", "Stripe", "Mailchimp", "Google", "AdRoll", "Meta"):
        assert any(expected in name for name in names), expected


def test_references_are_resolved_into_objects() -> None:
    register = validate(DATA, TODAY).register
    for activity in register.activities.values():
        assert [r.id for r in activity.recipient_entries] == activity.recipients
        assert [c.id for c in activity.category_entries] == activity.data_categories
        for retention in activity.retention:
            assert retention.category_entries, "every retention covers some category"
    for cookie in register.cookies.values():
        assert cookie.purpose_entry is register.activities[cookie.purpose]


def test_assumptions_are_marked() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(DATA.rglob("*.yaml")))
    assert text.count("# assumed:") >= 20
