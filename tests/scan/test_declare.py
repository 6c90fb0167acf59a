"""``--write-declarations``: entries in the format's ``cookies:`` shape for what a scan found,
with a TODO for what a scan cannot know; a new file only."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ropa.check import validate
from ropa.scan.command import scan_command
from ropa.scan.declare import DeclarationsExistError, draft_text, write_new
from ropa.scan.result import Party, SetBy, StorageKind, write_scan
from tests.conftest import TODAY
from tests.scan import registers, samples
from tests.scan.samples import cookie, storage

app = typer.Typer()
app.command("scan")(scan_command)
app.command("other")(lambda: None)

SCAN = samples.scan(
    (
        cookie("sid"),
        cookie("_ga", days=395.2, set_by=(SetBy.SCRIPT,), scripts=("www.googletagmanager.com",)),
        cookie("IDE", domain=".doubleclick.net", days=390, party=Party.THIRD),
        cookie("IDE", domain=".doubleclick.com", days=390, party=Party.THIRD),
        cookie("odd name", days=1),
        storage("prefs"),
        storage("ab:test", StorageKind.SESSION),
    ),
)

DRAFT = """\
# Drafted by ropa scan from https://shop.example.co.uk/ on 2026-01-15.
# Complete each TODO, then move the entries under the register's cookies: section.
cookies:
  "IDE":
    lifetime: "390 days"
    type: "cookie"
    # TODO: provider: the id under recipients: of whoever sets it from doubleclick.com,
    # doubleclick.net (seen by ropa scan)
    # TODO: purpose: the id of the activity it serves (its legal basis is there)
    # TODO: consent: required; exempt only if strictly needed (the scan saw it set before consent)
    # TODO: description: what it stores and why, for the public page
  "_ga":
    lifetime: "396 days"
    type: "cookie"
    # TODO: provider: the id under recipients: of whoever sets it from www.googletagmanager.com
    # (seen by ropa scan)
    # TODO: purpose: the id of the activity it serves (its legal basis is there)
    # TODO: consent: required; exempt only if strictly needed (the scan saw it set before consent)
    # TODO: description: what it stores and why, for the public page
  odd_name:
    names:
      - "odd name"
    provider: "first_party"
    lifetime: "1 day"
    type: "cookie"
    # TODO: purpose: the id of the activity it serves (its legal basis is there)
    # TODO: consent: required; exempt only if strictly needed (the scan saw it set before consent)
    # TODO: description: what it stores and why, for the public page
  sid:
    provider: "first_party"
    lifetime: "session"
    type: "cookie"
    # TODO: purpose: the id of the activity it serves (its legal basis is there)
    # TODO: consent: required; exempt only if strictly needed (the scan saw it set before consent)
    # TODO: description: what it stores and why, for the public page
  ab_test:
    names:
      - "ab:test"
    provider: "first_party"
    lifetime: "session"
    type: "local_storage"
    # TODO: purpose: the id of the activity it serves (its legal basis is there)
    # TODO: consent: required; exempt only if strictly needed (the scan saw it set before consent)
    # TODO: description: what it stores and why, for the public page
  prefs:
    provider: "first_party"
    type: "local_storage"
    # TODO: purpose: the id of the activity it serves (its legal basis is there)
    # TODO: lifetime: how long it is kept: local storage keeps it until the site or the visitor
    # deletes it
    # TODO: consent: required; exempt only if strictly needed (the scan saw it set before consent)
    # TODO: description: what it stores and why, for the public page
"""


def test_the_draft_holds_what_the_scan_knows_and_a_todo_for_the_rest() -> None:
    assert draft_text(SCAN, None) == DRAFT


def test_completed_it_is_a_valid_register_section(tmp_path: Path) -> None:
    """Once each TODO is answered (here, the same answers for all), the register validates."""
    register = registers.write(tmp_path, "match")
    answers = {
        "provider": "adnet",
        "purpose": "shop",
        "lifetime": "1 year",
        "consent": "exempt",
        "description": "What it stores.",
    }
    lines = []
    for line in DRAFT.splitlines():
        if line.startswith("    # TODO: "):
            key = line.removeprefix("    # TODO: ").split(":")[0]
            lines.append(f"    {key}: {answers[key]}")
        elif not line.startswith("    # "):  # the end of a TODO wrapped onto a second line
            lines.append(line)
    (register / "cookies.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [f.format() for f in validate(register, TODAY).findings] == []


def test_with_a_register_only_what_no_declaration_names(tmp_path: Path) -> None:
    register = registers.write(tmp_path, "match")
    scan = samples.scan((cookie("session_id"), cookie("theme", days=30), cookie("new")))
    assert draft_text(scan, validate(register, TODAY).register).endswith(
        'cookies:\n  new:\n    provider: "first_party"\n    lifetime: "session"\n'
        '    type: "cookie"\n'
        "    # TODO: purpose: the id of the activity it serves (its legal basis is there)\n"
        "    # TODO: consent: required; exempt only if strictly needed (the scan saw it set before consent)\n"
        "    # TODO: description: what it stores and why, for the public page\n"
    )
    assert draft_text(
        samples.scan((cookie("session_id"),)), validate(register, TODAY).register
    ).endswith("# Nothing to declare: every cookie and storage key seen is declared.\n")


def test_never_over_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "draft.yaml"
    write_new(path, "one\n")
    with pytest.raises(DeclarationsExistError):
        write_new(path, "two\n")
    assert path.read_text(encoding="utf-8") == "one\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.yaml"]


def test_without_a_register_the_scan_is_only_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No register to compare with: everything is drafted, and one line says what was seen."""
    monkeypatch.chdir(tmp_path)
    write_scan(tmp_path / "scan.json", SCAN)
    outcome = CliRunner().invoke(
        app, ["scan", "--from", "scan.json", "--write-declarations", "d.yaml"]
    )
    assert outcome.exit_code == 0
    assert outcome.stdout == (
        "https://shop.example.co.uk/: 2 pages scanned before consent: 5 cookies, 2 storage "
        "keys, 0 third-party hosts; no register compared.\n"
    )
    assert (tmp_path / "d.yaml").read_text(encoding="utf-8") == DRAFT
