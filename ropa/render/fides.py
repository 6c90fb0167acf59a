"""The register as a Fides manifest (fideslang 3): one ``system``, the organisation's service,
with one ``privacy_declaration`` per activity, and the ``organization``.

Fides describes processing with keys of its taxonomy; ropa's categories and subjects are the
register's own ids. The tables below map them: data categories by their ``special`` flag, then
by words of their id and English name, else the root ``user``; data subjects by words, else a
custom ``data_subject`` entry in the manifest (Fides' default taxonomy has no key for "other");
the data use by marketing channels, cookies, words of the purpose, then the legal basis.
Whatever a key cannot say (the register's own ids and names, the activity a declaration stands
for) goes into the system's ``meta.ropa``, a free mapping Fides keeps, so that
:mod:`ropa.interop.fides` can read the manifest back.

The manifest's keys are the same in every language; its names and descriptions are texts, so
each language's folder gets its own ``fides.yml``, in that language.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ropa.model.activities import Activity, ActivityRole, Basis, Condition, MarketingChannel
from ropa.model.definitions import DataCategory, DataSubject, SpecialCategory
from ropa.model.organization import Officer, PostalAddress, Representative
from ropa.model.types import Text
from ropa.render.document import Document

#: The version of the ``meta.ropa`` mapping; it changes only when a key is renamed or removed.
META_VERSION = 1

#: Art. 9 and 10 categories → fideslang default data category.
SPECIAL_CATEGORY: dict[SpecialCategory, str] = {
    SpecialCategory("racial_or_ethnic_origin"): "user.demographic.race_ethnicity",
    SpecialCategory("political_opinions"): "user.demographic.political_opinion",
    SpecialCategory("religious_or_philosophical_beliefs"): "user.demographic.religious_belief",
    SpecialCategory("trade_union_membership"): "user",  # no key in fideslang 3
    SpecialCategory("genetic"): "user.health_and_medical.genetic",
    SpecialCategory("biometric"): "user.biometric",
    SpecialCategory("health"): "user.health_and_medical",
    SpecialCategory("sex_life_or_orientation"): "user.demographic.sexual_orientation",
    SpecialCategory("criminal_convictions"): "user.criminal_history",
}

#: Words of a category's id or English name → data category; the first row that matches wins,
#: so the narrower words come first ("electronic identification" before "identification").
CATEGORY_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("ip", "cookie", "cookies", "tracker", "device", "electronic", "connection"), "user.device"),
    (("card",), "user.financial.credit_card"),
    (("bank", "iban"), "user.financial.bank_account"),
    (("payment", "payments", "billing"), "user.payment"),
    (("traffic", "browsing", "navigation", "clickstream"), "user.behavior.browsing_history"),
    (("order", "orders", "purchase", "purchases"), "user.behavior.purchase_history"),
    (("location", "geolocation", "gps"), "user.location"),
    (("health", "medical"), "user.health_and_medical"),
    (("passport", "licence", "license", "national"), "user.government_id"),
    (("account", "login", "credentials", "password"), "user.account"),
    (("email", "emailing", "newsletter"), "user.contact.email"),
    (("phone", "telephone"), "user.contact.phone_number"),
    (("address", "delivery", "postal"), "user.contact.address"),
    (("review", "reviews", "message", "messages", "content"), "user.content"),
    (("photo", "photos", "picture", "image"), "user.content.self_image"),
    (("job", "employment", "professional", "workplace"), "user.workplace"),
    (("characteristics", "demographic", "demographics", "age", "gender"), "user.demographic"),
    (("identification", "identity", "contact", "details"), "user.contact"),
)

#: Words of a data subject's id or English name → fideslang default data subject.
SUBJECT_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("applicant", "applicants", "candidate", "candidates"), "job_applicant"),
    (("employee", "employees", "staff"), "employee"),
    (("trainee", "trainees", "intern", "interns"), "trainee"),
    (("consultant", "consultants", "contractor", "contractors"), "consultant"),
    (("supplier", "suppliers", "vendor", "vendors"), "supplier_vendor"),
    (("shareholder", "shareholders"), "shareholder"),
    (("patient", "patients"), "patient"),
    (("passenger", "passengers"), "passenger"),
    (("prospect", "prospects", "subscriber", "subscribers", "lead", "leads"), "prospect"),
    (("visitor", "visitors"), "anonymous_user"),
    (("customer", "customers", "client", "clients", "reviewer", "reviewers"), "customer"),
)

#: Marketing channels → data use, the first channel of this order that the activity has.
CHANNEL_USE: tuple[tuple[MarketingChannel, str], ...] = (
    (MarketingChannel("online_ads"), "marketing.advertising"),
    (MarketingChannel("social"), "marketing.advertising"),
    (MarketingChannel("email"), "marketing.communications.email"),
    (MarketingChannel("sms"), "marketing.communications.sms"),
)

#: Words of an activity's id or English name → data use.
PURPOSE_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("recruitment", "recruiting", "hiring", "applicants"), "employment.recruitment"),
    (("payroll", "employees", "staff", "hr"), "employment"),
    (("fraud",), "essential.fraud_detection"),
    (("security",), "essential.service.security"),
    (("payment", "payments"), "essential.service.payment_processing"),
    (("audience", "analytics", "statistics", "measurement", "measuring"), "analytics"),
    (("personalisation", "personalization", "personalising", "personalizing"), "personalize"),
    (("sharing",), "third_party_sharing"),
    (
        ("quality", "improving", "improvement", "satisfaction"),
        "essential.service.operations.improve",
    ),
    (
        ("customer service", "support", "helpdesk", "after sales"),
        "essential.service.operations.support",
    ),
    (
        (
            "advertising",
            "advertisements",
            "ads",
            "offers",
            "marketing",
            "newsletter",
            "competitions",
        ),
        "marketing",
    ),
)

#: The Art. 6 basis → data use, when nothing more precise is known.
BASIS_USE: dict[Basis, str] = {
    Basis("contract"): "essential.service",
    Basis("legal_obligation"): "essential.legal_obligation",
    Basis("vital_interests"): "essential",
    Basis("public_task"): "essential",
    Basis("legitimate_interests"): "essential.service.operations",
    Basis("consent"): "functional",
}

#: The Art. 6 basis → fideslang's ``legal_basis_for_processing``.
BASIS_LABEL: dict[Basis, str] = {
    Basis("consent"): "Consent",
    Basis("contract"): "Contract",
    Basis("legal_obligation"): "Legal obligations",
    Basis("vital_interests"): "Vital interests",
    Basis("public_task"): "Public interest",
    Basis("legitimate_interests"): "Legitimate interests",
}

#: Art. 9(2) letters → fideslang's ``special_category_legal_basis`` (Art. 10 has none).
CONDITION_LABEL: dict[Condition, str] = {
    Condition("a"): "Explicit consent",
    Condition("b"): "Employment, social security and social protection",
    Condition("c"): "Vital interests",
    Condition("d"): "Not-for-profit bodies",
    Condition("e"): "Made public by the data subject",
    Condition("f"): "Legal claims or judicial acts",
    Condition("g"): "Reasons of substantial public interest (with a basis in law)",
    Condition("h"): "Health or social care (with a basis in law)",
    Condition("i"): "Public health (with a basis in law)",
    Condition("j"): "Archiving, research and statistics (with a basis in law)",
}

_WORD = re.compile(r"[a-z0-9]+")


def _words(entry_id: str, name: Text) -> str:
    """The words of an id and of its English name (else the name as first written), lower
    case, one space between them."""
    return " ".join(_WORD.findall(f"{entry_id} {name.get('en').lower()}"))


def _by_words(words: str, table: tuple[tuple[tuple[str, ...], str], ...]) -> str | None:
    """The key of the first row one of whose words (or phrases) is among ``words``."""
    padded = f" {words} "
    return next((key for keys, key in table if any(f" {k} " in padded for k in keys)), None)


def category_key(category: DataCategory) -> str:
    """The fideslang default data category for one of ours (see the tables above)."""
    if category.special is not None:
        return SPECIAL_CATEGORY[category.special]
    return _by_words(_words(category.id, category.name), CATEGORY_WORDS) or "user"


def subject_key(subject: DataSubject) -> str | None:
    """The fideslang default data subject for one of ours, or None when none fits."""
    return _by_words(_words(subject.id, subject.name), SUBJECT_WORDS)


def custom_subject_key(subject: DataSubject) -> str:
    """The key of the custom ``data_subject`` entry written for a subject none fits."""
    return subject.id


def data_use(activity: Activity, consent_cookie_purposes: set[str]) -> str:
    """The data use of an activity: its marketing channels, else a first basis of legal
    obligation, else words of its purpose, else ``analytics`` for a consent-based purpose
    served by cookies that need consent, else its first legal basis; a processor activity
    without one is a service we give our customers."""
    for channel, use in CHANNEL_USE:
        if channel in activity.marketing_channels:
            return use
    if activity.marketing_channels:
        return "marketing.communications"
    bases = [b.basis for b in activity.legal_bases]
    if Basis("legal_obligation") in bases[:1]:
        return "essential.legal_obligation"
    by_words = _by_words(_words(activity.id, activity.name), PURPOSE_WORDS)
    if by_words is not None:
        return by_words
    if activity.id in consent_cookie_purposes and Basis("consent") in bases:
        return "analytics"
    if activity.role is ActivityRole.PROCESSOR or not bases:
        return "essential.service"
    return BASIS_USE[bases[0]]


def _contact(
    name: str, address: str = "", email: str | None = None, phone: str | None = None
) -> dict[str, str]:
    return {"name": name, "address": address, "email": email or "", "phone": phone or ""}


def _address(doc: Document, address: PostalAddress | str | None) -> str:
    return " ".join(doc.address(address).split())  # one line


def _officer(doc: Document, person: Officer | Representative | None) -> dict[str, str] | None:
    if person is None:
        return None
    return _contact(person.name or "", _address(doc, person.address), person.email)


def _slug(text: str) -> str:
    return "_".join(_WORD.findall(text.lower())) or "organization"


def manifest(doc: Document) -> dict[str, Any]:
    """The manifest as data: ``organization``, ``system`` and the custom ``data_subject``s."""
    register, code = doc.register, doc.lang.code
    organization = register.organization
    assert organization is not None
    assert register.policy is not None

    default = register.policy.default_language

    def text(value: Text | None) -> str:
        return "" if value is None else value.get(code, default)

    org_key = _slug(organization.name)
    consent_cookie_purposes = {
        c.purpose for c in register.cookies.values() if c.consent.value == "required"
    }
    custom = {s.id: s for s in register.data_subjects.values() if subject_key(s) is None}
    declarations = []
    activities_meta = []
    for activity in sorted(register.activities.values(), key=lambda a: (text(a.name), a.id)):
        categories = activity.category_entries
        subjects = activity.subject_entries
        declaration: dict[str, Any] = {
            "name": text(activity.name),
            "data_categories": sorted({category_key(c) for c in categories}),
            "data_use": data_use(activity, consent_cookie_purposes),
            "data_subjects": sorted({subject_key(s) or custom_subject_key(s) for s in subjects}),
            "flexible_legal_basis_for_processing": False,
        }
        if activity.legal_bases:
            declaration["legal_basis_for_processing"] = BASIS_LABEL[activity.legal_bases[0].basis]
        balancing = next((b.balancing_test for b in activity.legal_bases if b.balancing_test), None)
        if balancing:
            declaration["impact_assessment_location"] = text(balancing)
        periods = "; ".join(row.line for row in doc.retention_rows([activity]))
        if periods:
            declaration["retention_period"] = " ".join(periods.split())
        special = [c for c in categories if c.special is not None]
        if special:
            declaration["processes_special_category_data"] = True
            letters = [c.condition for c in activity.special_conditions]
            if letters and letters[0] in CONDITION_LABEL:
                declaration["special_category_legal_basis"] = CONDITION_LABEL[letters[0]]
        recipients = [r for r in activity.recipient_entries if r.role.value != "internal"]
        if recipients:
            declaration["data_shared_with_third_parties"] = True
            declaration["third_parties"] = "; ".join(sorted({text(r.category) for r in recipients}))
        declarations.append(declaration)
        activities_meta.append(
            {
                "id": activity.id,
                "name": text(activity.name),
                "data_categories": [c.id for c in categories],
                "data_subjects": [s.id for s in subjects],
                "legal_bases": [b.basis.value for b in activity.legal_bases],
            }
        )

    org: dict[str, Any] = {
        "fides_key": org_key,
        "name": organization.name,
        "controller": _contact(
            organization.name,
            _address(doc, organization.address),
            organization.email,
            organization.phone,
        ),
    }
    dpo = _officer(doc, organization.dpo)
    if dpo is not None:
        org["data_protection_officer"] = dpo
    representative = _officer(doc, organization.eu_representative)
    if representative is not None:
        org["representative"] = representative

    roles = sorted(
        {
            "Processor" if a.role is ActivityRole.PROCESSOR else "Controller"
            for a in register.activities.values()
        }
    )
    system: dict[str, Any] = {
        "fides_key": f"{org_key}_service",
        "organization_fides_key": org_key,
        "name": organization.website or organization.name,
        "description": text(register.policy.title),
        "system_type": "Service",
        "legal_name": organization.name,
        "legal_address": _address(doc, organization.address),
        "responsibility": roles,
        "processes_personal_data": True,
        "does_international_transfers": bool(doc.all_transfers),
        "uses_cookies": bool(register.cookies),
        "privacy_declarations": declarations,
        "meta": {
            "ropa": {
                "version": META_VERSION,
                "activities": activities_meta,
                "data_categories": {
                    c.id: {"name": text(c.name), "fides": category_key(c)}
                    for c in register.data_categories.values()
                },
                "data_subjects": {
                    s.id: {"name": text(s.name), "fides": subject_key(s) or custom_subject_key(s)}
                    for s in register.data_subjects.values()
                },
            }
        },
    }
    if organization.dpo is not None and organization.dpo.email:
        system["dpo"] = organization.dpo.email
    data: dict[str, Any] = {"organization": [org], "system": [system]}
    if custom:
        data["data_subject"] = [
            {
                "fides_key": custom_subject_key(s),
                "organization_fides_key": org_key,
                "name": text(s.name),
                "description": text(s.description),
            }
            for s in sorted(custom.values(), key=lambda s: s.id)
        ]
    return data


def fides_yaml(doc: Document) -> bytes:
    """The manifest as YAML, the same bytes for the same register."""
    text = yaml.safe_dump(
        manifest(doc),
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000_000,
        default_flow_style=False,
    )
    return f"# A Fides manifest (fideslang 3) written by ropa\n{text}".encode()
