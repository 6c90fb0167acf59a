"""`ropa build`: validation first, then every file in its place, atomically."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa.cli import app
from tests.casefiles import case
from tests.conftest import DATA

runner = CliRunner()
FILES = [
    "policy.html",
    "policy.pdf",
    "policy.md",
    "register.html",
    "register.pdf",
    "register.csv",
    "register.xlsx",
    "register.json",
    # data/'s newest history entry records material changes: their notice, and the feed
    "notice.html",
    "notice.md",
    "changes.atom",
]
FAST = "html,md,csv,xlsx,json"


def build(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["build", *args, "--today", "2026-11-24"])
    return result.exit_code, result.output


def test_build_writes_every_file_in_every_language(tmp_path: Path) -> None:
    code, output = build(str(DATA), "--out", str(tmp_path))
    assert code == 0, output
    assert output == f"22 files written to {tmp_path}/ (en, fr).\n"
    for lang in ("en", "fr"):
        assert sorted(p.name for p in (tmp_path / lang).iterdir()) == sorted(FILES)


def test_errors_stop_the_build_and_write_nothing(tmp_path: Path) -> None:
    code, output = build(str(case("legal-basis-missing")), "--out", str(tmp_path), "-f", FAST)
    assert code == 1
    assert "error[legal-basis-missing]" in output
    assert list(tmp_path.iterdir()) == []


def test_warnings_are_printed_and_the_build_goes_on(tmp_path: Path) -> None:
    code, output = build(str(case("provision-undeclared")), "--out", str(tmp_path), "-f", FAST)
    assert code == 0
    assert "warning[provision-undeclared]" in output
    assert (tmp_path / "en" / "policy.html").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-f", "html,doc"],
            "ropa: error: unknown format doc; choose among html, pdf, md, csv, xlsx, json, "
            "notice, atom, subprocessors, fragment, fides, ico, cnil\n",
        ),
        (["--lang", "de"], "ropa: error: language de is not in policy.languages (en, fr)\n"),
        (["--templates", "no/such"], "ropa: error: no such templates folder: no/such\n"),
    ],
)
def test_bad_options_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    code, output = build(str(DATA), "--out", str(tmp_path), *args)
    assert (code, output) == (2, message)


def test_formats_and_languages_can_be_chosen(tmp_path: Path) -> None:
    code, _ = build(str(DATA), "--out", str(tmp_path), "-f", "json,md", "--lang", "fr")
    assert code == 0
    assert sorted(
        p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()
    ) == [
        "fr/policy.md",
        "fr/register.json",
    ]


def test_an_unwritable_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, output = build(str(DATA), "--out", str(blocker / "out"), "-f", "json")
    assert code == 2
    assert output.startswith(f"ropa: error: cannot write to {blocker}/out: ")


def test_the_cli_default_formats_are_the_renderers_defaults() -> None:
    from ropa import cli, render

    assert cli.DEFAULT_FORMATS == render.DEFAULT_FORMATS


def test_the_register_lists_every_waiver_with_its_reason(tmp_path: Path) -> None:
    import json

    from ropa.check import validate
    from ropa.render import render
    from tests.conftest import TODAY

    folder = case("waiver-expired", "pass")
    register = validate(folder, TODAY).register
    outputs = render(register, languages=["en"], formats=["html", "json"])
    html = outputs[Path("en") / "register.html"].decode()
    waivers = json.loads(outputs[Path("en") / "register.json"])["waivers"]
    assert waivers, "the pass case carries a live waiver"
    assert "Annex: waived rules" in html
    for waiver in waivers:
        assert waiver["reason"] in html
        assert waiver["rule"] in html


def test_shell_completion_is_offered() -> None:
    from ropa.cli import app

    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.output
    assert "--show-completion" in result.output
