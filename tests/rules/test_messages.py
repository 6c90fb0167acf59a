"""Messages that act: each finding says what to write, and what it says, copied into the file,
makes the finding go away without making another."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from ropa.rules.registry import BY_ID
from tests.casefiles import messages, read, validate_overlay
from tests.conftest import CASES

# --- Languages ---------------------------------------------------------------------------------


def test_a_language_without_catalog_is_named_with_what_its_pages_will_say(
    tmp_path: Path,
) -> None:
    report, found = validate_overlay(tmp_path, "policy: {languages: [de]}")
    assert found == ["register.yaml:policy.languages[0] warning[language-without-catalog]"]
    assert messages(report, "language-without-catalog") == [
        "policy (languages[0]): ropa has no message catalog for German ('de'), so the fixed "
        "sentences of the documents in it (headings, labels) will be in English; accept that "
        "for now with waivers: [{rule: language-without-catalog, reason: ...}] under policy, "
        "until ropa/locale/de/LC_MESSAGES/ropa.po is translated"
    ]


def test_the_waiver_a_language_without_catalog_suggests_is_one_per_language(
    tmp_path: Path,
) -> None:
    """In a register in two languages, the suggested waiver's reason is written in both."""
    texts = """
policy:
  languages: [fr, de]
  title: {fr: Politique de confidentialité, de: Datenschutzerklärung}
data_subjects: {customers: {name: {fr: Clients, de: Kunden}}}
data_categories: {identity: {name: {fr: Identité, de: Identität}}}
security_measures: {encryption: {name: {fr: Chiffrement, de: Verschlüsselung}}}
recipients: {hosting: {category: {fr: Hébergeurs, de: Hosting-Anbieter}}}
activities:
  orders:
    name: {fr: Commandes, de: Bestellungen}
    provision: {consequence: {fr: Sans elles, pas de commande., de: Ohne sie keine Bestellung.}}
"""
    report, found = validate_overlay(tmp_path, texts)
    assert found == ["register.yaml:policy.languages[1] warning[language-without-catalog]"]
    assert messages(report, "language-without-catalog") == [
        "policy (languages[1]): ropa has no message catalog for German ('de'), so the fixed "
        "sentences of the documents in it (headings, labels) will be in English; remove 'de' "
        "from languages, or accept that for now with waivers: [{rule: language-without-catalog, "
        "reason: {fr: ..., de: ...}}] under policy, until ropa/locale/de/LC_MESSAGES/ropa.po is "
        "translated"
    ]
    waived = texts.replace(
        "  languages: [fr, de]\n",
        "  languages: [fr, de]\n"
        "  waivers: [{rule: language-without-catalog, reason: {fr: ..., de: ...}}]\n",
    )
    assert validate_overlay(tmp_path, waived)[1] == []


# --- Suggestions copied as they are ------------------------------------------------------------

#: The base register in English and French: every text of it written in both.
BILINGUAL = read(CASES / "translation-missing" / "pass" / "overlay.yaml")
#: In a case's template, the line that takes the suggestion: in the failing register it holds
#: what precedes the mark (or is dropped), in the corrected one the suggestion instead.
HERE = "<<suggestion>>"


def _register(template: str, suggestion: str) -> Any:
    rows = []
    for row in template.splitlines():
        if HERE not in row:
            rows.append(row)
        elif suggestion:
            rows.append(row[: len(row) - len(row.lstrip())] + suggestion)
        elif row.replace(HERE, "").strip():
            rows.append(row.replace(HERE, "").rstrip())
    return _keeping_removals(BILINGUAL, yaml.load("\n".join(rows), Loader=yaml.BaseLoader))


def _keeping_removals(base: Any, overlay: Any) -> Any:
    """``overlay`` merged onto ``base`` with its ``~`` kept, to remove keys of ``_base`` too."""
    if not isinstance(base, dict) or not isinstance(overlay, dict):
        return overlay
    return {**base, **{k: _keeping_removals(base.get(k), v) for k, v in overlay.items()}}


SUGGESTIONS: list[tuple[str, ...]] = [
    (
        "consent-withdrawal-missing",
        """
activities:
  orders:
    legal_bases:
      - basis: consent
        <<suggestion>>
""",
        'withdrawal: {en: "Unsubscribe link in every email", '
        'fr: "Lien de désinscription dans chaque courriel"}',
    ),
    (
        "legitimate-interest-undescribed",
        """
activities:
  orders:
    legal_bases:
      - basis: legitimate_interests
        balancing_test: LIA-2026-04
        <<suggestion>>
""",
        'interest: {en: "Preventing fraud", fr: "Prévenir la fraude"}',
    ),
    (
        "legal-obligation-unreferenced",
        """
activities:
  orders:
    legal_bases:
      - basis: legal_obligation
        <<suggestion>>
""",
        'law: "French Commercial Code, art. L.123-22"',
    ),
    (
        "hidden-purpose",
        """
activities:
  orders:
    public: false
    <<suggestion>>
""",
        'informed_by: {en: "The employee privacy notice, given at hiring", '
        "fr: \"La notice d'information remise aux salariés à l'embauche\"}",
    ),
    (
        "provision-undeclared",
        """
activities:
  orders:
    provision: ~ <<suggestion>>
""",
        'provision: {requirement: contractual, consequence: {en: "We cannot process your order '
        'without them.", fr: "Sans elles, nous ne pouvons pas traiter votre commande."}}',
    ),
    (
        "retention-missing",
        """
activities:
  orders:
    retention: ~ <<suggestion>>
""",
        'retention: [{period: 3 years, from: {en: "the end of the business relationship", '
        'fr: "la fin de la relation commerciale"}}]',
    ),
    (
        "security-measures-missing",
        """
activities:
  orders:
    security_measures: ~ <<suggestion>>
""",
        "security_measures: [encryption]",
    ),
    (
        "processor-without-dpa",
        """
recipients:
  hosting:
    dpa: ~ <<suggestion>>
""",
        "dpa: {signed: 2026-11-24, reference: ...}",
    ),
    (
        "transfer-without-safeguard",
        """
recipients:
  hosting:
    country: US
    <<suggestion>>
""",
        "transfers: [{country: US, mechanism: dpf, reference: ...}]",
    ),
    (
        "transfer-without-safeguard",
        """
recipients:
  hosting:
    country: IN
    <<suggestion>>
""",
        "transfers: [{country: IN, mechanism: scc, reference: ..., tia: ...}]",
    ),
    (
        "dpia-undecided",
        """
activities:
  orders:
    automated_decisions:
      logic: {en: A score, fr: Un score}
      significance: {en: Faster orders, fr: Des commandes plus rapides}
    <<suggestion>>
""",
        "dpia: {status: not_required}",
    ),
    (
        "dpia-pending",
        """
activities:
  orders:
    dpia: {status: required} <<suggestion>>
""",
        "dpia: {status: done, reference: ...}",
    ),
    (
        "joint-arrangement-missing",
        """
recipients:
  partner:
    name: Partner SAS
    role: joint_controller
    category: {en: Partners, fr: Partenaires}
    country: FR
activities:
  orders:
    joint_controllers: [partner]
    <<suggestion>>
""",
        "joint_arrangement: {summary: {en: ..., fr: ...}, reference: ..., "
        "contact: {en: ..., fr: ...}}",
    ),
    (
        "automated-decision-without-exception",
        """
activities:
  orders:
    dpia: {status: not_required}
    automated_decisions:
      logic: {en: A score, fr: Un score}
      significance: {en: A refusal, fr: Un refus}
      legal_effect: true
      exception: contract
      <<suggestion>>
""",
        'safeguards: {en: "A person reviews any refusal on request; you may give your view and '
        'contest it.", fr: "Une personne réexamine tout refus sur demande ; vous pouvez faire '
        'valoir votre point de vue et le contester."}',
    ),
    (
        "cookie-consent-basis-mismatch",
        """
activities:
  orders:
    reviewed: 2026-06-01
    <<suggestion>>
cookies:
  _ga: {provider: first_party, purpose: orders, lifetime: 13 months, consent: required}
""",
        'legal_bases: [{basis: consent, withdrawal: {en: "Unsubscribe link in every email", '
        'fr: "Lien de désinscription dans chaque courriel"}}]',
    ),
    (
        "electronic-marketing-without-consent",
        """
activities:
  orders:
    marketing_channels: [email]
    <<suggestion>>
""",
        'legal_bases: [{basis: consent, withdrawal: {en: "Unsubscribe link in every email", '
        'fr: "Lien de désinscription dans chaque courriel"}}]',
    ),
    (
        "legal-basis-unallocated",
        """
data_categories:
  orders-data: {name: {en: Orders, fr: Commandes}}
activities:
  orders:
    data_categories: [identity, orders-data]
    legal_bases:
      - basis: contract
        <<suggestion>>
      - basis: legal_obligation
        law: Code de commerce, art. L. 123-22
        categories: [orders-data]
""",
        "categories: [identity]",
    ),
    (
        "missing-field",
        """
activities:
  orders:
    retention:
      - from: {en: the order, fr: la commande}
        <<suggestion>>
""",
        "period: 3 years",
    ),
    (
        "missing-field",
        """
organization:
  dpo:
    name: Camille Martin
    <<suggestion>>
""",
        "email: dpo@example.com",
    ),
    (
        "review-overdue",
        """
activities:
  orders:
    reviewed: 2020-01-15 <<suggestion>>
""",
        "reviewed: 2026-11-24",
    ),
    (
        "response-time-excessive",
        """
policy:
  rights:
    response_days: 45 <<suggestion>>
""",
        "response_days: 30",
    ),
    (
        "cookie-lifetime-excessive",
        """
cookies:
  session:
    provider: first_party
    purpose: orders
    consent: exempt
    lifetime: 2 years <<suggestion>>
""",
        "lifetime: 13 months",
    ),
    (
        "translation-missing",
        """
activities:
  orders:
    name: Order management <<suggestion>>
""",
        '{en: "Order management", fr: ...}',
        'name: {en: "Order management", fr: ...}',
    ),
]


@pytest.mark.parametrize("case", SUGGESTIONS, ids=[case[0] for case in SUGGESTIONS])
def test_a_suggestion_written_as_it_stands_ends_the_finding_and_makes_no_other(
    tmp_path: Path, case: tuple[str, ...]
) -> None:
    """``case``: the rule, the register's template, the suggestion as the message words it and,
    when the message gives a value without its key, the line written."""
    rule, template, suggestion, *written = case
    before, _ = validate_overlay(tmp_path, _register(template, ""))
    assert any(suggestion in message for message in messages(before, rule)), messages(before, rule)
    after, _ = validate_overlay(tmp_path, _register(template, (written or [suggestion])[0]))
    gone = Counter(f.rule for f in after.findings) - Counter(f.rule for f in before.findings)
    assert not gone, [f.format() for f in after.findings]
    assert len(messages(after, rule)) < len(messages(before, rule))


@pytest.mark.parametrize("rule", ["invalid-value", "missing-field"])
def test_ropa_explain_shows_a_cookie_and_an_address(rule: str) -> None:
    doc = BY_ID[rule].doc
    assert "_ga: {" in doc
    assert "postal_code" in doc
    assert "`required`" in doc
    assert "`exempt`" in doc
