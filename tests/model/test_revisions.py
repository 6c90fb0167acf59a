"""The fields issue 11 adds: ``policy.history[].changes`` (each a kind of ropa's materiality
table and a summary) and a recipient's ``since``; each mistake is one finding, said exactly."""

from __future__ import annotations

from pathlib import Path

from ropa.changes.materiality import TABLE
from ropa.model.schema import json_schema
from tests.casefiles import messages
from tests.casefiles import validate_overlay as build

HISTORY = """
policy:
  history:
    - version: "1.0"
      date: 2026-01-01
      changes:
{}
"""


def test_a_change_is_a_kind_and_a_summary(tmp_path: Path) -> None:
    report, found = build(
        tmp_path, HISTORY.format("        - {kind: purpose-added, summary: 'New purpose: X'}")
    )
    assert found == []
    assert report.register.policy is not None
    (change,) = report.register.policy.history[0].changes
    assert (change.kind, str(change.summary)) == ("purpose-added", "New purpose: X")


def test_an_unknown_kind_is_invalid_with_a_suggestion(tmp_path: Path) -> None:
    report, found = build(
        tmp_path,
        HISTORY.format(
            "        - {kind: purpose-add, summary: x}\n"
            "        - {kind: something, summary: x}\n"
            "        - {kind: [purpose-added], summary: x}"
        ),
    )
    assert found == [
        "register.yaml:policy.history[0].changes[0].kind error[invalid-value]",
        "register.yaml:policy.history[0].changes[1].kind error[invalid-value]",
        # the list under kind starts where the item does, in the YAML the test writes
        "register.yaml:policy.history[0].changes[2] error[invalid-value]",
    ]
    assert messages(report, "invalid-value") == [
        "policy (history[0].changes[0].kind): no kind of change is called 'purpose-add'; did "
        "you mean 'purpose-added'? (the README's table of kinds lists them, e.g. purpose-added, "
        "transfer-added)",
        "policy (history[0].changes[1].kind): no kind of change is called 'something' (the "
        "README's table of kinds lists them, e.g. purpose-added, transfer-added)",
        "policy (history[0].changes[2].kind): expected a kind of change such as purpose-added, "
        "not a list",
    ]


def test_a_change_needs_both_keys_and_no_other(tmp_path: Path) -> None:
    report, found = build(
        tmp_path,
        HISTORY.format(
            "        - {kind: purpose-added}\n"
            "        - {summary: x}\n"
            "        - {kind: purpose-added, summary: x, sumary: y}"
        ),
    )
    assert found == [
        "register.yaml:policy.history[0].changes[0] error[missing-field]",
        "register.yaml:policy.history[0].changes[1] error[missing-field]",
        "register.yaml:policy.history[0].changes[2].sumary error[unknown-field]",
    ]
    assert messages(report, "missing-field") == [
        "policy (history[0].changes[0]) lacks required key 'summary' (what changes, in plain "
        "words, e.g. New purpose: sending our newsletter); add summary: ...",
        "policy (history[0].changes[1]) lacks required key 'kind' (kind of change from the "
        "README's materiality table, e.g. purpose-added; a material kind makes ropa build "
        "write a notice)",
    ]
    assert messages(report, "unknown-field") == [
        "unknown key 'sumary' in policy (history[0].changes[2]); did you mean 'summary'?"
    ]


def test_a_summary_needs_every_language_of_the_policy(tmp_path: Path) -> None:
    report, found = build(
        tmp_path,
        "policy:\n  languages: [en, fr]\n  title: {en: Privacy policy, fr: Confidentialité}\n"
        + HISTORY.split("policy:\n", 1)[1].format(
            "        - {kind: purpose-added, summary: 'New purpose: X'}"
        ),
    )
    assert "register.yaml:policy.history[0].changes[0].summary error[translation-missing]" in found
    assert (
        "policy (history[0].changes[0].summary) has no French ('fr') text; write it per "
        'language: {en: "New purpose: X", fr: ...}'
    ) in messages(report, "translation-missing")


def test_since_is_a_date(tmp_path: Path) -> None:
    report, found = build(tmp_path, "recipients:\n  hosting:\n    since: 15/01/2025\n")
    assert found == ["register.yaml:recipients.hosting.since error[invalid-value]"]
    assert messages(report, "invalid-value") == [
        "recipient 'hosting' (since): expected a date written YYYY-MM-DD (e.g. 2026-09-01), not "
        "'15/01/2025'; "
        "write 2025-01-15"
    ]
    report, found = build(tmp_path, "recipients:\n  hosting:\n    since: 2025-01-15\n")
    assert found == []
    assert str(report.register.recipients["hosting"].since) == "2025-01-15"


def test_the_schema_offers_every_kind_and_since() -> None:
    definitions = json_schema()["$defs"]
    kind = definitions["RecordedChange"]["properties"]["kind"]
    assert kind["enum"] == list(TABLE)
    assert "purpose-added" in kind["description"]
    since = definitions["Recipient"]["properties"]["since"]
    assert "added on" in since["description"]
