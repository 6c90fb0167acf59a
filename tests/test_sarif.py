"""SARIF output validates against the official SARIF 2.1.0 schema, with every rule described."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from typer.testing import CliRunner

from ropa.cli import app
from ropa.rules.registry import RULES
from tests.conftest import ROOT

SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)


def sarif_of(folder: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, dict[str, object]]:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        app, ["validate", folder, "--format", "sarif", "--today", "2026-11-24"]
    )
    return result.exit_code, json.loads(result.output)


def test_sarif_is_valid_and_locates_every_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    code, log = sarif_of("tests/cases/unknown-field--typo/fail", monkeypatch)
    assert code == 1
    errors = sorted(Draft4Validator(SCHEMA).iter_errors(log), key=str)
    assert errors == []
    run = log["runs"][0]  # type: ignore[index]
    driver = run["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == [rule.id for rule in RULES]
    for described in driver["rules"]:
        assert described["shortDescription"]["text"]
        assert described["fullDescription"]["text"]
        assert "Fails:" in described["help"]["text"]
        assert "article" in described["properties"]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("legal-basis-missing", "error"),
        ("unknown-field", "error"),
    ]
    location = results[0]["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "tests/cases/unknown-field--typo/fail/register.yaml"},
        "region": {"startLine": 43, "startColumn": 3},
    }
    assert driver["rules"][results[0]["ruleIndex"]]["id"] == "legal-basis-missing"


def test_sarif_of_a_clean_register_has_no_result(monkeypatch: pytest.MonkeyPatch) -> None:
    code, log = sarif_of("tests/cases/_base", monkeypatch)
    assert code == 0
    assert list(Draft4Validator(SCHEMA).iter_errors(log)) == []
    assert log["runs"][0]["results"] == []  # type: ignore[index]
