"""Validation as a whole: every finding of an entry, even when one of its values is invalid."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from ropa.check import validate
from tests.conftest import CASES, TODAY

BASE = CASES / "_base" / "register.yaml"


def register_with(tmp_path: Path, extra: str) -> Path:
    shutil.copy(BASE, tmp_path / "register.yaml")
    (tmp_path / "extra.yaml").write_text(extra, encoding="utf-8")
    return tmp_path


def found(folder: Path, today: date = TODAY) -> list[tuple[str, str, int]]:
    return [
        (f.rule, Path(f.position.file).name, f.position.line)
        for f in validate(folder, today).findings
    ]


def test_one_bad_value_does_not_hide_the_rules_findings_of_its_entry(tmp_path: Path) -> None:
    folder = register_with(
        tmp_path,
        "activities:\n  news:\n    name: News\n    data_subjects: [customers]\n"
        "    data_categories: [identity]\n    reviewed: 2026-02-30\n",
    )
    rules = {rule for rule, file, _ in found(folder) if file == "extra.yaml"}
    assert rules == {
        "invalid-value",
        "legal-basis-missing",
        "retention-missing",
        "security-measures-missing",
        "provision-undeclared",
    }


def test_a_removed_value_is_not_reported_twice(tmp_path: Path) -> None:
    folder = register_with(
        tmp_path,
        "activities:\n  news:\n    name: News\n    legal_bases: [{basis: contract}]\n"
        "    data_subjects: [customers]\n    data_categories: [identity]\n"
        "    provision: {requirement: voluntary}\n    security_measures: [encryption]\n"
        "    retention:\n      - period: 3 yrs\n      - period: 1 year\n        reference: ref\n",
    )
    assert found(folder) == [("invalid-value", "extra.yaml", 10)]


def test_findings_after_a_removed_list_item_point_at_the_item_written(tmp_path: Path) -> None:
    folder = register_with(
        tmp_path,
        "activities:\n  news:\n    name: News\n    legal_bases:\n      - basis: contrat\n"
        "      - basis: consent\n    data_subjects: [customers]\n    data_categories: [identity]\n"
        "    provision: {requirement: voluntary}\n    security_measures: [encryption]\n"
        "    retention: [{period: 1 year}]\n",
    )
    assert found(folder) == [
        ("invalid-value", "extra.yaml", 5),
        ("consent-withdrawal-missing", "extra.yaml", 6),
    ]


def test_an_empty_processing_agreement_is_no_agreement(tmp_path: Path) -> None:
    folder = register_with(
        tmp_path,
        "recipients:\n  mailer: {name: M, role: processor, category: Mailing, country: FR, dpa: {}}\n",
    )
    assert ("processor-without-dpa", "extra.yaml", 2) in found(folder)


def test_dpf_is_for_the_united_states_only(tmp_path: Path) -> None:
    folder = register_with(
        tmp_path,
        "recipients:\n  swiss:\n    {name: S, role: controller, category: C, country: CH, "
        "transfers: [{country: CH, mechanism: dpf}]}\n",
    )
    messages = [
        f.message for f in validate(folder, TODAY).findings if f.rule == "adequacy-not-recognised"
    ]
    assert messages == [
        "recipient 'swiss': the Data Privacy Framework covers only the United States; Switzerland "
        "(CH) has a general adequacy decision: write mechanism: adequacy, or no entry at all"
    ]


def test_outermost_regions_are_in_the_eea(tmp_path: Path) -> None:
    folder = register_with(
        tmp_path, "recipients:\n  reunion: {name: R, role: controller, category: C, country: RE}\n"
    )
    assert [r for r, *_ in found(folder) if r.startswith("transfer")] == []


def test_extreme_dates_and_durations_are_findings_not_tracebacks(tmp_path: Path) -> None:
    folder = register_with(
        tmp_path,
        "cookies:\n  _ga: {provider: first_party, purpose: orders, consent: required, lifetime: P"
        + "9" * 400
        + "Y}\n",
    )
    assert ("invalid-value", "extra.yaml", 2) in found(folder)
    validate(CASES / "_base", date.min)
    validate(CASES / "_base", date.max)


def test_a_waiver_of_an_unknown_rule_is_reported_once(tmp_path: Path) -> None:
    folder = register_with(
        tmp_path,
        "data_subjects:\n  visitors:\n    name: V\n    waivers: [{rule: no-such-rule, reason: r}]\n",
    )
    rules = [rule for rule, file, _ in found(folder) if file == "extra.yaml"]
    assert rules == ["unused-definition", "invalid-value"]
