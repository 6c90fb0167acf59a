"""The example register in data/ encodes the My Little Day policy and validates clean.

Where the published policy is legally wrong, data/ corrects it (each point marked `# corrected:`);
the policy as published is tests/cases/seed-as-published/fail. The tests below hold the corrections.
"""

from __future__ import annotations

import re
from itertools import combinations

from ropa.check import validate
from ropa.model.activities import ActivityRole, Basis, MarketingChannel
from ropa.model.cookies import Consent
from ropa.model.recipients import RecipientRole
from ropa.model.register import Register
from tests.conftest import CASES, DATA, TODAY

SEED = CASES / "seed-as-published" / "fail"


def example() -> Register:
    return validate(DATA, TODAY).register


def bases(register: Register, activity_id: str) -> list[Basis]:
    return [b.basis for b in register.activities[activity_id].legal_bases]


def test_example_register_has_no_finding_at_all() -> None:
    report = validate(DATA, TODAY)
    assert [f.format() for f in report.findings] == []


def test_example_register_is_bilingual_and_complete() -> None:
    register = example()
    assert register.languages == ["en", "fr"]
    assert register.organization is not None
    assert register.organization.name == "My Little Day"
    assert register.organization.email == "contact@mylittleday.fr"
    assert register.organization.address.postal_code == "75002"
    assert "CNIL" in register.organization.supervisory_authority.name
    assert register.policy is not None
    assert register.policy.rights.response_days == 15
    # every purpose of section 2.2 of the seed policy, plus two it ran together with others:
    # keeping the accounts (legal obligation) and improving quality from customer service (interest)
    assert len(register.activities) == 12
    assert {"accounting", "service-quality"} <= set(register.activities)
    all_bases = {b.basis for a in register.activities.values() for b in a.legal_bases}
    assert {
        Basis.CONTRACT,
        Basis.CONSENT,
        Basis.LEGITIMATE_INTERESTS,
        Basis.LEGAL_OBLIGATION,
    } <= all_bases
    names = {str(r.name) for r in register.recipients.values()}
    for expected in ("PayPal", "Stripe", "Mailchimp", "Google", "AdRoll", "Meta"):
        assert any(expected in name for name in names), expected


def test_references_are_resolved_into_objects() -> None:
    register = example()
    for activity in register.activities.values():
        assert [r.id for r in activity.recipient_entries] == activity.recipients
        assert [c.id for c in activity.category_entries] == activity.data_categories
        for retention in activity.retention:
            assert retention.category_entries, "every retention covers some category"
    for cookie in register.cookies.values():
        assert cookie.purpose_entry is register.activities[cookie.purpose]


def test_assumptions_and_corrections_are_marked() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(DATA.rglob("*.yaml")))
    assert text.count("# assumed:") >= 20
    assert text.count("# corrected: published text") >= 15


# The corrections of the published policy (issue 9, item 8).


def test_trackers_that_need_consent_serve_only_activities_resting_on_consent() -> None:
    register = example()
    for cookie in register.cookies.values():
        if cookie.consent is Consent.REQUIRED:
            assert bases(register, cookie.purpose) == [Basis.CONSENT], cookie.id
    for activity_id in (
        "social-advertising",
        "audience-measurement",
        "site-personalisation",
        "social-sharing",
    ):
        assert bases(register, activity_id) == [Basis.CONSENT], activity_id


def test_no_two_bases_of_an_activity_cover_the_same_data() -> None:
    for activity in example().activities.values():
        for first, second in combinations(activity.legal_bases, 2):
            if first.basis is second.basis:
                continue
            covered = set(first.categories or activity.data_categories)
            assert not covered & set(second.categories or activity.data_categories), activity.id
    register = example()
    reviews = {b.basis: b.categories for b in register.activities["customer-reviews"].legal_bases}
    assert reviews == {
        Basis.LEGITIMATE_INTERESTS: ["identification", "orders"],
        Basis.CONSENT: ["reviews"],
    }


def test_the_person_a_parcel_is_sent_to_is_no_party_to_the_contract() -> None:
    deliveries = example().activities["deliveries"]
    by_basis = {b.basis: b.categories for b in deliveries.legal_bases}
    assert by_basis[Basis.LEGITIMATE_INTERESTS] == ["delivery-recipient"]
    assert "delivery-recipient" not in by_basis[Basis.CONTRACT]
    assert [s.categories for s in deliveries.sources] == [["delivery-recipient"]]


def test_no_reference_cites_the_withdrawn_simplified_standard() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(DATA.rglob("*.yaml")))
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())  # comments may quote it
    assert not re.search(r"NS[ -]?0?48", code)
    assert "2021-131" in code, "the CNIL référentiel that succeeded NS-048"


def test_commercial_code_l123_22_covers_accounting_documents_only() -> None:
    register = example()
    for activity in register.activities.values():
        for retention in activity.retention:
            if retention.reference is not None and "L. 123-22" in str(retention.reference):
                assert activity.id == "accounting"
                assert [c.id for c in retention.category_entries] == ["orders"]
    accounting = register.activities["accounting"]
    assert bases(register, "accounting") == [Basis.LEGAL_OBLIGATION]
    law = accounting.legal_bases[0].law
    assert law is not None
    assert str(law) == "Code de commerce, art. L. 123-22, al. 2"
    assert bases(register, "customer-accounts") == [Basis.CONTRACT]
    identification = [
        r
        for r in register.activities["customer-accounts"].retention
        if "identification" in r.categories
    ]
    assert [r.period.iso for r in identification if r.period] == ["P3Y"]


def test_payment_providers_are_controllers_for_their_own_obligations() -> None:
    recipients = example().recipients
    paypal, stripe = recipients["paypal"], recipients["stripe"]
    assert paypal.role is RecipientRole.CONTROLLER
    assert paypal.dpa is None, "no Art. 28 contract"
    assert not paypal.transfers, "its onward transfers are its own"
    assert stripe.role is RecipientRole.PROCESSOR
    assert stripe.dpa is not None
    assert stripe.service is not None
    assert paypal.service is not None
    assert "anti-money-laundering" in stripe.service.get("en")
    assert "independent controller" in stripe.service.get("en")
    assert "responsable de traitement indépendant" in stripe.service.get("fr")
    assert "independent controller" in paypal.service.get("en")
    assert "responsable de traitement indépendant" in paypal.service.get("fr")


def test_passwords_are_hashed_and_salted_not_encrypted() -> None:
    measures = example().security_measures
    assert "encrypted-passwords" not in measures
    passwords = measures["hashed-passwords"]
    assert passwords.name.get("en") == "Hashed and salted passwords with complexity rules"
    assert passwords.name.get("fr") == "Mots de passe hachés et salés et règles de complexité"
    assert passwords.description is not None
    assert "salted hash" in passwords.description.get("en")
    assert "empreinte salée" in passwords.description.get("fr")
    for language in ("en", "fr"):
        assert "encrypt" not in passwords.description.get(language)
        assert "chiffré" not in passwords.description.get(language)


def test_meta_is_a_joint_controller_with_a_published_arrangement() -> None:
    register = example()
    assert register.recipients["facebook-business"].role is RecipientRole.JOINT_CONTROLLER
    joint = [a for a in register.activities.values() if a.joint_controllers]
    assert {a.id for a in joint} == {"social-advertising", "social-sharing", "audience-measurement"}
    for activity in joint:
        assert activity.role is ActivityRole.JOINT_CONTROLLER
        assert activity.joint_arrangement is not None
        assert "facebook-business" in activity.recipients


def test_tracking_data_are_not_called_anonymous() -> None:
    description = example().activities["audience-measurement"].description
    assert description is not None
    assert "does not allow a specific person to be identified" not in description.get("en")
    assert "personal data" in description.get("en")
    assert "données à caractère personnel" in description.get("fr")


def test_direct_marketing_declares_its_channels_and_no_open_ended_medium() -> None:
    register = example()
    offers = register.activities["targeted-offers"]
    assert offers.marketing_channels == [MarketingChannel.EMAIL, MarketingChannel.SOCIAL]
    assert "other medium" not in offers.name.get("en")
    assert "autre support" not in offers.name.get("fr")
    assert register.activities["social-advertising"].marketing_channels


def test_every_transfer_names_its_reference() -> None:
    for recipient in example().recipients.values():
        for transfer in recipient.transfers:
            assert transfer.reference, recipient.id


def test_the_impact_assessment_of_targeted_advertising_is_done() -> None:
    dpia = example().activities["social-advertising"].dpia
    assert dpia is not None
    assert dpia.status == "done"
    assert dpia.reference
    assert dpia.date


def test_the_seed_as_published_keeps_what_the_example_corrects() -> None:
    seed = validate(SEED, TODAY).register
    assert bases(seed, "social-advertising") == [Basis.LEGITIMATE_INTERESTS]
    assert bases(seed, "audience-measurement") == [Basis.LEGITIMATE_INTERESTS]
    assert seed.recipients["paypal"].role is RecipientRole.PROCESSOR
    assert "encrypted-passwords" in seed.security_measures
    assert len(seed.activities) == 10
