"""Messages that act: each finding says what to write, and what it says, copied into the file,
makes the finding go away without making another."""

from __future__ import annotations

from pathlib import Path

from tests.casefiles import messages, validate_overlay

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
