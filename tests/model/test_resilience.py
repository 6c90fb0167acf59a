"""A missing or invalid key never silences the other rules of the same entry (issue 9, item 5).

For every section and every key its model requires, the example register with that key removed
from one entry gives exactly one finding about it (``missing-field``), keeps the entry for the
rules, and never raises; a rule about another key of the same entry still fires.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from ropa.check import validate
from ropa.model.register import SECTION_MODELS
from tests.casefiles import BASE, dump, read
from tests.conftest import DATA, TODAY

SINGLE = ("organization", "policy")


def _required() -> list[tuple[str, str]]:
    return [
        (section, key)
        for section, model in SECTION_MODELS.items()
        for key, field in model.model_fields.items()
        if field.is_required()
    ]


def _example_without(tmp: Path, section: str, key: str) -> tuple[Path, tuple[str, ...]]:
    """The example register with ``key`` removed from the first entry of ``section``."""
    folder = tmp / "data"
    shutil.copytree(DATA, folder)
    for path in sorted(folder.rglob("*.yaml")):
        data: Any = read(path)
        if not isinstance(data, dict) or section not in data:
            continue
        where: tuple[str, ...]
        if section in SINGLE:
            entry, where = data[section], (section,)
        else:
            entry_id = next(iter(data[section]))
            entry, where = data[section][entry_id], (section, entry_id)
        assert key in entry, f"the example's {where} should declare {key}"
        del entry[key]
        path.write_text(dump(data), encoding="utf-8")
        return folder, where
    raise AssertionError(f"no {section} in the example")


@pytest.mark.parametrize(("section", "key"), _required(), ids=str)
def test_a_missing_required_key_is_one_finding_and_the_entry_is_still_checked(
    tmp_path: Path, section: str, key: str
) -> None:
    folder, where = _example_without(tmp_path, section, key)
    report = validate(folder, TODAY)
    errors = [f for f in report.findings if f.severity == "error"]
    assert [(f.rule, f.severity) for f in errors] == [("missing-field", "error")], [
        f.format() for f in report.findings
    ]
    assert key in errors[0].message
    assert report.register.entry(where) is not None, "the entry must still reach the rules"


def _base_with(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = read(BASE)
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node = data
        for step in parents:
            node = node.setdefault(step, {})
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    return data


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (  # the issue's own example: no version, and a response time over a month
            {
                "policy.version": None,
                "policy.rights": {"channels": ["email"], "response_days": "45"},
            },
            {"missing-field", "response-time-excessive"},
        ),
        (  # an invalid date beside a missing legal basis
            {"activities.orders.reviewed": "2026-13-45", "activities.orders.legal_bases": None},
            {"invalid-value", "legal-basis-missing"},
        ),
        (  # a recipient without its category still needs its processing agreement
            {"recipients.hosting.category": None, "recipients.hosting.dpa": None},
            {"missing-field", "processor-without-dpa"},
        ),
        (  # an activity without its name still needs a retention period
            {"activities.orders.name": None, "activities.orders.retention": None},
            {"missing-field", "retention-missing"},
        ),
    ],
)
def test_a_broken_key_does_not_silence_another_rule(
    tmp_path: Path, changes: dict[str, Any], expected: set[str]
) -> None:
    (tmp_path / "register.yaml").write_text(dump(_base_with(**changes)), encoding="utf-8")
    report = validate(tmp_path, TODAY)
    assert {f.rule for f in report.findings} == expected, [f.format() for f in report.findings]
