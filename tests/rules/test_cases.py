"""Every rule has a failing and a passing register under tests/cases, with its expected findings.

A case folder ``tests/cases/<rule>[--variant]/{fail,pass}/`` holds a register, or an overlay on
``_base`` (``tests/casefiles.py``), and ``expected.txt``: every finding it must produce, one per
line, ``file:line severity[rule]`` (or ``register.yaml:yaml.path severity[rule]`` for an overlay).
A case of the version gate also holds ``before.yaml``, the register at the revision compared
with: its findings are those of ``ropa validate --against`` (``ropa.changes.gate``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ropa.changes import gate
from ropa.check import validate
from ropa.findings import sorted_findings
from ropa.rules.registry import RULES
from tests.casefiles import OVERLAY, before_folder, described, register_folder
from tests.conftest import CASES, TODAY

CASE_DIRS = sorted(p for p in CASES.glob("*/*") if (p / "expected.txt").exists())


def found(case: Path) -> list[str]:
    folder = register_folder(case)
    report = validate(folder, TODAY)
    findings = report.findings
    before = before_folder(case)
    if before is not None:
        revision = validate(before, TODAY).register
        findings = sorted_findings(findings + gate.findings("REV", revision, report, TODAY))
    return described(folder, findings, overlay=(case / OVERLAY).exists())


def expected(folder: Path) -> list[str]:
    lines = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


@pytest.mark.parametrize("folder", CASE_DIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case_gives_exactly_its_expected_findings(folder: Path) -> None:
    assert found(folder) == expected(folder)


@pytest.mark.parametrize("rule_id", [r.id for r in RULES])
def test_every_rule_has_a_failing_and_a_passing_case(rule_id: str) -> None:
    fail, passing = CASES / rule_id / "fail", CASES / rule_id / "pass"
    assert (fail / "expected.txt").exists()
    assert (passing / "expected.txt").exists()
    assert any(f"[{rule_id}]" in line for line in expected(fail)), "the failing case must fire"
    assert not any(f"[{rule_id}]" in line for line in expected(passing)), (
        "the passing case must not"
    )
