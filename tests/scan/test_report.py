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


def test_the_rules_rest_on_article_5_3_and_the_national_texts_that_enforce_it(
    args: list[str],
) -> None:
    """Each point rests on its source: prior consent on Art. 5(3), active consent and the
    information's contents on Planet49; the GDPR only for accountability and, where the data
    are personal, recipients. The doc of ``cookie-before-consent`` says what the scan does not
    test."""
    log = json.loads(CliRunner().invoke(app, [*args, "--format", "sarif"]).stdout)
    described = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    eprivacy = "ePrivacy Directive Art. 5(3) (FR: loi 78-17 art. 82; UK: PECR reg. 6)"
    assert {rule: d["properties"]["article"] for rule, d in described.items()} == {
        "cookie-undeclared": f"{eprivacy}; GDPR Art. 5(2) (accountability)",
        "cookie-before-consent": f"{eprivacy} and EDPB Guidelines 05/2020 on consent (prior "
        "consent); C-673/17 Planet49 (active consent)",
        "cookie-lifetime-longer": f"{eprivacy}, as read in C-673/17 Planet49 (the information "
        "includes the cookie's duration)",
        "cookie-provider-mismatch": f"{eprivacy}; C-673/17 Planet49 (third parties' access); "
        "CNIL délibération 2020-091 (identity of the controllers); GDPR Art. 13(1)(e) (where "
        "the data are personal)",
        "cookie-not-seen": "",
    }
    before = " ".join(described["cookie-before-consent"]["help"]["text"].split())
    assert "Not tested: trackers set after the visitor refuses consent or withdraws it" in before
    assert "EDPB Guidelines 2/2023 on the technical scope of Art. 5(3)" in before
    assert "whether a tracker declared `consent: exempt` plausibly is exempt" in before
    lifetime = " ".join(described["cookie-lifetime-longer"]["help"]["text"].split())
    assert "The rule cannot see a lifetime renewed on each visit" in lifetime


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
