"""``ropa scan``'s options and what stops it before a browser starts: each a line on standard
error and exit 2, as ``ropa validate``'s usage errors."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from ropa.scan.command import scan_command
from tests.scan import registers

app = typer.Typer()
app.command("scan")(scan_command)
app.command("other")(lambda: None)

URL = "http://127.0.0.1:9/"


@pytest.fixture
def register(tmp_path: Path) -> Path:
    return registers.write(tmp_path, "match")


def scan(*args: str) -> Result:
    return CliRunner().invoke(app, ["scan", *args])


def refused(outcome: Result) -> str:
    """The one line of an outcome that could not run."""
    assert outcome.exit_code == 2, outcome.output
    assert outcome.stdout == ""
    assert outcome.stderr.count("\n") == 1
    return outcome.stderr


def test_without_chromium_on_the_path_it_says_what_to_install(
    register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert refused(scan(URL, "--register", str(register))) == (
        "ropa: error: ropa scan needs Chromium: no chromium, chromium-browser, "
        "google-chrome-stable or google-chrome on the PATH (install it: apt-get install "
        "chromium)\n"
    )


def test_a_chromium_that_is_not_there(register: Path, tmp_path: Path) -> None:
    assert refused(scan(URL, "--register", str(register), "--chromium", str(tmp_path / "no"))) == (
        f"ropa: error: ropa scan needs Chromium: no executable Chromium at {tmp_path}/no "
        "(install it: apt-get install chromium)\n"
    )


def test_a_program_that_is_not_chromium(register: Path, tmp_path: Path) -> None:
    """A program that starts and stops at once (here, one that says it has no sandbox)."""
    bogus = tmp_path / "chromium"
    bogus.write_text("#!/bin/sh\necho 'FATAL: not a browser' >&2\nexit 1\n", encoding="utf-8")
    bogus.chmod(bogus.stat().st_mode | stat.S_IXUSR)
    assert refused(scan(URL, "--register", str(register), "--chromium", str(bogus))) == (
        f"ropa: error: scan of {URL}: Chromium did not start (Chromium stopped): FATAL: not a "
        "browser\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give the URL of the site to scan (or --from SCAN.json, a stored scan)"),
        (
            ["ftp://example.com/"],
            "ropa scan visits http:// and https:// URLs, not ftp://example.com/",
        ),
        (
            ["http://example.com:99999/"],
            "not a URL: http://example.com:99999/",
        ),
        (
            [URL, "--accept-selector", "#ok", "--consent-cookie", "c=1"],
            "give --accept-selector or --consent-cookie, not both: one way to consent",
        ),
        (
            [URL, "--consent-cookie", "novalue"],
            "--consent-cookie takes NAME=VALUE, such as consent=yes; not 'novalue'",
        ),
        (
            [URL, "--consent-cookie", "c=1; Domain=evil"],
            "--consent-cookie takes NAME=VALUE, such as consent=yes; not 'c=1; Domain=evil'",
        ),
        (
            [URL, "--accept-selector", " "],
            "--accept-selector takes a CSS selector, such as '#accept'",
        ),
    ],
)
def test_what_cannot_be_scanned_is_refused_in_one_line(
    register: Path, args: list[str], message: str, tmp_path: Path
) -> None:
    assert refused(
        scan(*args, "--register", str(register), "--chromium", str(tmp_path / "no"))
    ) == (f"ropa: error: {message}\n")


def test_from_takes_no_site_options(register: Path) -> None:
    assert refused(scan(URL, "--from", "scan.json", "--register", str(register))) == (
        "ropa: error: --from compares a stored scan: it takes no URL\n"
    )
    outcome = scan(
        "--from", "scan.json", "--out", "o.json", "--pages", "2", "--register", str(register)
    )
    assert (
        refused(outcome)
        == "ropa: error: --from compares a stored scan: it takes no --pages, --out\n"
    )


def test_pages_are_bounded(register: Path) -> None:
    outcome = scan(URL, "--pages", "51", "--register", str(register))
    assert outcome.exit_code == 2
    assert "--pages" in outcome.stderr


def test_a_register_is_needed_to_compare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert refused(scan(URL)) == (
        "ropa: error: no register to compare with at data: give --register PATH (or only record "
        "the scan, with --out or --write-declarations)\n"
    )
    assert refused(scan(URL, "--register", "elsewhere")) == (
        "ropa: error: no such file or folder: elsewhere\n"
    )


def test_outputs_are_checked_before_the_scan(register: Path, tmp_path: Path) -> None:
    """A draft that exists, or a folder that does not: refused before a browser starts (the
    Chromium given does not exist, and is never looked for)."""
    draft = tmp_path / "draft.yaml"
    draft.write_text("mine\n", encoding="utf-8")
    no = str(tmp_path / "no-chromium")
    assert refused(
        scan(URL, "--register", str(register), "--write-declarations", str(draft), "--chromium", no)
    ) == (f"ropa: error: not overwriting {draft}: --write-declarations writes a new file\n")
    assert draft.read_text(encoding="utf-8") == "mine\n"
    assert refused(
        scan(
            URL,
            "--register",
            str(register),
            "--out",
            str(tmp_path / "a" / "s.json"),
            "--chromium",
            no,
        )
    ) == (f"ropa: error: no such folder for {tmp_path}/a/s.json\n")
    assert not (tmp_path / "a").exists()
