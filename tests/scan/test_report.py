"""The scan's findings in the validator's four formats, notes included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from jsonschema import Draft4Validator
from typer.testing import CliRunner

from ropa.rules.registry import SCAN
from ropa.scan.command import scan_command
from ropa.scan.result import Party, StorageKind, write_scan
from tests.conftest import TESTS
from tests.scan import registers, samples
from tests.scan.samples import cookie, storage

SCHEMA = json.loads((TESTS / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

app = typer.Typer()
app.command("scan")(scan_command)
app.command("other")(lambda: None)


@pytest.fixture
def args(tmp_path: Path) -> list[str]:
    """A stored scan that misses a cookie, sets one undeclared, and another before consent."""
    register = registers.write(tmp_path, "before-consent")
    found = (
        cookie("session_id"),
        cookie("recent"),
        cookie("lang", days=365),
        cookie("theme", days=30),
        cookie("tp_id", domain="127.0.0.2", days=180, party=Party.THIRD),
        cookie("_trk", days=365),
        cookie("consent", days=180),
        storage("cart"),
        storage("tab", StorageKind.SESSION),
        cookie("extra"),
    )
    write_scan(tmp_path / "scan.json", samples.scan(found[:5] + found[-3:], found[:-1]))
    return ["scan", "--from", str(tmp_path / "scan.json"), "--register", str(register)]


def test_sarif_describes_the_scanner_s_rules_and_locates_each_finding(args: list[str]) -> None:
    outcome = CliRunner().invoke(app, [*args, "--format", "sarif"])
    assert outcome.exit_code == 1
    log = json.loads(outcome.stdout)
    assert sorted(Draft4Validator(SCHEMA).iter_errors(log), key=str) == []
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == [rule.id for rule in SCAN]
    assert [rule["defaultConfiguration"]["level"] for rule in driver["rules"]] == [
        "error",
        "error",
        "warning",
        "warning",
        "note",
    ]
    for described in driver["rules"]:
        assert "Fails:" in described["help"]["text"]
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("cookie-undeclared", "error"),
        ("cookie-before-consent", "error"),
    ]
    assert run["results"][1]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 9,
        "startColumn": 74,
    }


def test_text_github_and_json(args: list[str]) -> None:
    text = CliRunner().invoke(app, args).stdout.splitlines()
    assert (
        text[-1]
        == f"{samples.URL}: 2 pages scanned before consent and 2 after: 2 errors, 0 warnings, 0 notes."
    )
    github = CliRunner().invoke(app, [*args, "-f", "github"]).stdout.splitlines()
    assert [line.split(" ")[0] for line in github] == ["::error", "::error", samples.URL + ":"]
    listed = json.loads(CliRunner().invoke(app, [*args, "-f", "json"]).stdout)
    assert [f["rule"] for f in listed] == ["cookie-undeclared", "cookie-before-consent"]
    quiet = CliRunner().invoke(app, [*args, "-q"])
    assert quiet.stdout.splitlines() == text[:-1]


def test_a_note_is_a_notice_in_github_and_never_fails(tmp_path: Path) -> None:
    register = registers.write(tmp_path, "match")
    write_scan(tmp_path / "scan.json", samples.scan(()))
    args = ["scan", "--from", str(tmp_path / "scan.json"), "--register", str(register)]
    github = CliRunner().invoke(app, [*args, "-f", "github"])
    assert github.exit_code == 0
    assert [line.split(" ")[0] for line in github.stdout.splitlines()] == ["::notice"] * 9 + [
        samples.URL + ":"
    ]
    assert CliRunner().invoke(app, [*args, "--strict"]).exit_code == 0
