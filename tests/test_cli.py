"""The command line: exact output and exit codes, through typer's CliRunner."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa.cli import app
from tests.casefiles import case
from tests.conftest import DATA, ROOT

runner = CliRunner()
TODAY = ["--today", "2026-11-24"]


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def test_clean_register_exits_0() -> None:
    code, output = run("validate", "tests/cases/_base", *TODAY)
    assert (code, output) == (0, "1 file checked: no findings.\n")


def test_default_path_is_data() -> None:
    code, output = run("validate", *TODAY)
    assert code == 0
    assert output.endswith("files checked: no findings.\n")


def test_errors_exit_1_with_one_line_per_finding_then_a_summary() -> None:
    code, output = run("validate", "tests/cases/unknown-field--typo/fail", *TODAY)
    assert code == 1
    assert output == (
        "tests/cases/unknown-field--typo/fail/register.yaml:43:3: error[legal-basis-missing] "
        "activity 'orders' declares no legal basis; add legal_bases: [{basis: contract}] "
        "(or consent, legal_obligation, vital_interests, public_task, legitimate_interests) "
        "(GDPR Art. 6(1))\n"
        "tests/cases/unknown-field--typo/fail/register.yaml:45:5: error[unknown-field] "
        "unknown key 'legal_base' in activity 'orders'; did you mean 'legal_bases'?\n"
        "1 file checked: 2 errors, 0 warnings.\n"
        "What a rule asks, and why: ropa explain RULE (legal-basis-missing, unknown-field).\n"
    )


def test_warnings_alone_exit_0_and_1_under_strict() -> None:
    folder = "tests/cases/provision-undeclared/fail"
    code, output = run("validate", folder, *TODAY)
    assert code == 0
    assert output.endswith(
        "1 file checked: 0 errors, 1 warning.\n"
        "What a rule asks, and why: ropa explain RULE (provision-undeclared).\n"
    )
    assert "warning[provision-undeclared]" in output
    code, _ = run("validate", folder, "--strict", *TODAY)
    assert code == 1


def test_json_format_lists_findings() -> None:
    code, output = run("validate", "tests/cases/waiver-expired/fail", "--format", "json", *TODAY)
    assert code == 0
    findings = json.loads(output)
    assert findings == [
        {
            "rule": "provision-undeclared",
            "severity": "warning",
            "file": "tests/cases/waiver-expired/fail/register.yaml",
            "line": 43,
            "column": 3,
            "message": "activity 'orders' collects data from the person but does not say whether "
            "it must be provided; add provision: {requirement: contractual, consequence: "
            '"We cannot process your order without them."} (requirement: statutory, '
            "contractual, precondition or voluntary)",
            "article": "GDPR Art. 13(2)(e)",
        },
        {
            "rule": "waiver-expired",
            "severity": "warning",
            "file": "tests/cases/waiver-expired/fail/register.yaml",
            "line": 56,
            "column": 9,
            "message": "activity 'orders': the waiver of 'provision-undeclared' expired on "
            "2026-01-31; fix what it silenced, or renew it with a new 'until'",
            "article": "",
        },
    ]


def test_json_format_of_a_clean_register_is_an_empty_list() -> None:
    assert run("validate", "tests/cases/_base", "-f", "json", *TODAY) == (0, "[]\n")


def test_the_date_of_validation_decides_expiry() -> None:
    folder = "tests/cases/waiver-expired/fail"
    code, output = run("validate", folder, "--today", "2026-01-15")
    assert (code, output) == (0, "1 file checked: no findings.\n")


def test_missing_folder_exits_2() -> None:
    code, output = run("validate", "no/such/folder")
    assert code == 2
    assert output == "ropa: error: no such file or folder: no/such/folder\n"


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--format", "xml"],
        ["validate", "--no-such-option"],
        ["validate", "--today", "tomorrow"],
    ],
)
def test_bad_options_exit_2(args: list[str]) -> None:
    code, _ = run(*args)
    assert code == 2


def test_version() -> None:
    assert run("--version") == (0, "ropa 0.1.0\n")


def test_a_single_file_can_be_validated() -> None:
    code, output = run("validate", "tests/cases/_base/register.yaml", *TODAY)
    assert (code, output) == (0, "1 file checked: no findings.\n")


def test_validate_imports_no_renderer() -> None:
    """The CI gate stays fast: no WeasyPrint, Jinja2 or Markdown on the validation path."""
    code = (
        "import sys\n"
        "from ropa.cli import main\n"
        "sys.argv = ['ropa', 'validate', 'data', '--today', '2026-11-24']\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "loaded = [m for m in ('weasyprint', 'jinja2', 'markdown') if m in sys.modules]\n"
        "print('LOADED', loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.stdout.strip().endswith("LOADED []"), result.stderr


def test_the_console_script_runs_as_a_process() -> None:
    ropa = Path(sys.executable).parent / "ropa"
    result = subprocess.run(
        [str(ropa), "validate", str(case("legal-basis-missing")), *TODAY],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "error[legal-basis-missing]" in result.stdout
    assert result.stderr == ""


def test_github_format_annotates_lines_and_escapes_what_github_needs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # chosen automatically in GitHub Actions
    code, output = run("validate", "tests/cases/unknown-field--typo/fail", *TODAY)
    assert code == 1
    assert output.splitlines() == [
        "::error file=tests/cases/unknown-field--typo/fail/register.yaml,line=43,col=3,"
        "title=legal-basis-missing::activity 'orders' declares no legal basis; add legal_bases: "
        "[{basis: contract}] (or consent, legal_obligation, vital_interests, public_task, "
        "legitimate_interests) (GDPR Art. 6(1))",
        "::error file=tests/cases/unknown-field--typo/fail/register.yaml,line=45,col=5,"
        "title=unknown-field::unknown key 'legal_base' in activity 'orders'; did you mean 'legal_bases'?",
        "1 file checked: 2 errors, 0 warnings.",
    ]
    assert run("validate", "tests/cases/unknown-field--typo/fail", "-f", "text", *TODAY)[
        1
    ].startswith("tests/")


def test_github_escaping() -> None:
    from ropa.report import escape_data, escape_property

    assert escape_data("50%\nnext") == "50%25%0Anext"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"


def test_rules_lists_every_rule_with_its_severity_and_article() -> None:
    from ropa.rules.registry import RULES, SCAN

    code, output = run("rules")
    assert code == 0
    lines = output.splitlines()
    assert [line.split()[0] for line in lines] == [r.id for r in (*RULES, *SCAN)]
    assert lines[-1].split()[:2] == ["cookie-not-seen", "note"]
    assert lines[6].split()[:2] == ["legal-basis-missing", "error"]
    assert lines[6].endswith("An activity has no legal basis. (GDPR Art. 6(1))")


def test_explain_knows_the_scan_rules() -> None:
    code, output = run("explain", "cookie-before-consent")
    assert code == 0
    assert output.startswith(
        "cookie-before-consent\n=====================\nseverity: error; rests on: ePrivacy "
        "Directive Art. 5(3) (FR: loi 78-17 art. 82; UK: PECR reg. 6) and EDPB Guidelines "
        "05/2020 on consent (prior consent); C-673/17 Planet49 (active consent); can be "
        "waived: no\n"
    )


def test_explain_prints_the_rule_documentation() -> None:
    code, output = run("explain", "consent-withdrawal-missing")
    assert code == 0
    assert output.startswith(
        "consent-withdrawal-missing\n==========================\n"
        "severity: error; rests on: GDPR Art. 7(3); can be waived: yes\n\n"
        "A `consent` basis does not say how consent is withdrawn.\n"
    )
    assert "Fails:" in output
    assert "Passes:" in output


def test_explain_an_unknown_rule_exits_2_with_a_suggestion() -> None:
    assert run("explain", "legal-basis") == (
        2,
        "ropa: error: no rule is called 'legal-basis'; did you mean 'legal-basis-missing'?; "
        "see 'ropa rules'\n",
    )


def test_colour_follows_the_option() -> None:
    folder = "tests/cases/waiver-expired/fail"
    _, coloured = run("validate", folder, "--color", "always", *TODAY)
    assert coloured.startswith(
        "\x1b[2mtests/cases/waiver-expired/fail/register.yaml:43:3:\x1b[0m "
        "\x1b[1;33mwarning[provision-undeclared]\x1b[0m activity 'orders'"
    )
    _, plain = run("validate", folder, "--color", "never", *TODAY)
    assert "\x1b[" not in plain
    _, auto = run("validate", folder, *TODAY)  # not a terminal
    assert auto == plain


def test_no_color_turns_automatic_colour_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from ropa.cli import Colour, _use_colour

    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert _use_colour(Colour.AUTO)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not _use_colour(Colour.AUTO)
    assert _use_colour(Colour.ALWAYS), "an explicit request wins"


def test_quiet_prints_the_findings_only() -> None:
    code, output = run("validate", "tests/cases/provision-undeclared/fail", "--quiet", *TODAY)
    assert code == 0
    assert output.splitlines() == [
        "tests/cases/provision-undeclared/fail/register.yaml:43:3: warning[provision-undeclared] "
        "activity 'orders' collects data from the person but does not say whether it must be provided; "
        'add provision: {requirement: contractual, consequence: "We cannot process your order '
        'without them."} (requirement: statutory, contractual, precondition or voluntary) '
        "(GDPR Art. 13(2)(e))"
    ]
    assert run("validate", "tests/cases/_base", "-q", *TODAY) == (0, "")


def test_verbose_says_what_was_read() -> None:
    result = CliRunner().invoke(app, ["validate", "tests/cases/_base", "--verbose", *TODAY])
    assert result.exit_code == 0
    assert result.output.splitlines()[:2] == [
        "configuration: none (defaults)",
        "read 1 file of tests/cases/_base",
    ]
    assert result.output.splitlines()[2].startswith("validated in ")


def test_build_quiet_and_verbose(tmp_path: Path) -> None:
    assert run(
        "build", "tests/cases/_base", "--out", str(tmp_path / "q"), "-f", "json", "-q", *TODAY
    ) == (0, "")
    code, output = run(
        "build", "tests/cases/_base", "--out", str(tmp_path / "v"), "-f", "json", "-v", *TODAY
    )
    assert code == 0
    assert output.splitlines() == [
        str(tmp_path / "v" / "en" / "register.json"),
        f"1 file written to {tmp_path}/v/ (en).",
    ]


def test_progress_bar_only_on_a_terminal_and_after_a_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ropa import cli

    with cli._progress_bar(enabled=True) as progress:
        assert progress is None, "not a terminal: no bar"
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    clock = itertools.chain([0.0, 0.5], itertools.repeat(2.0))
    monkeypatch.setattr("ropa.cli.time.perf_counter", lambda: next(clock))
    started: list[bool] = []
    monkeypatch.setattr("rich.progress.Progress.start", lambda self: started.append(True))
    monkeypatch.setattr("rich.progress.Progress.stop", lambda self: None)
    with cli._progress_bar(enabled=True) as progress:
        assert progress is not None
        progress(0, 4, "en: html")
        assert started == [], "not within the first second"
        progress(1, 4, "en: pdf")
        assert started == [True]
    with cli._progress_bar(enabled=False) as progress:
        assert progress is None


def test_build_prints_findings_as_validate_would_in_github_actions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = "tests/cases/provision-undeclared/fail"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, output = run("build", folder, "--out", str(tmp_path), "-f", "json", *TODAY)
    assert code == 0
    assert output.splitlines()[0].startswith(
        f"::warning file={folder}/register.yaml,line=43,col=3,title=provision-undeclared::"
    )
    assert output.splitlines()[0] == run("validate", folder, *TODAY)[1].splitlines()[0]
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert run("build", folder, "--out", str(tmp_path), "-f", "json", *TODAY)[1].startswith(
        f"{folder}/register.yaml:43:3: warning[provision-undeclared]"
    )


# One file of a register (issue 10, item 4) ------------------------------------------------


def findings_of(output: str) -> list[str]:
    """The finding lines of text output (without the summary and the hint)."""
    return [line for line in output.splitlines() if ": error[" in line or ": warning[" in line]


def test_a_file_of_the_split_example_is_checked_within_its_register() -> None:
    """Alone, data/activities/marketing.yaml gave 47 errors (every reference unknown, no
    organization, no policy); within its register it has none."""
    assert run("validate", "data/activities/marketing.yaml", *TODAY) == (
        0,
        "1 file checked: no findings.\n",
    )


@pytest.mark.parametrize(
    "file", sorted(p.relative_to(ROOT).as_posix() for p in DATA.rglob("*.yaml"))
)
def test_each_file_gives_what_validating_its_register_gives_for_it(file: str) -> None:
    late = ["--today", "2027-10-01"]  # reviews overdue: findings in the activity files
    _, whole = run("validate", "data", *late)
    code, output = run("validate", file, *late)
    expected = [line for line in findings_of(whole) if line.startswith(f"{file}:")]
    assert findings_of(output) == expected
    assert code == 0, "warnings only"
    assert output.splitlines()[len(expected)].startswith("1 file checked: ")


@pytest.fixture
def broken_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example in a repository of its own, with an error in recipients.yaml and three
    warnings in cookies.yaml."""
    (tmp_path / ".git").mkdir()
    shutil.copytree(DATA, tmp_path / "data")
    recipients, cookies = tmp_path / "data" / "recipients.yaml", tmp_path / "data" / "cookies.yaml"
    recipients.write_text(
        recipients.read_text(encoding="utf-8").replace("country: LU", "country: XX"),
        encoding="utf-8",
    )
    cookies.write_text(
        cookies.read_text(encoding="utf-8").replace("lifetime: 13 months", "lifetime: 14 months"),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_only_the_findings_of_the_files_named_and_their_exit_code(broken_copy: Path) -> None:
    _, whole = run("validate", "data", *TODAY)
    assert whole.splitlines()[4] == "8 files checked: 1 error, 3 warnings."
    in_cookies = [line for line in findings_of(whole) if line.startswith("data/cookies.yaml:")]
    in_recipients = [line for line in findings_of(whole) if line.startswith("data/recipients")]
    assert (len(in_cookies), len(in_recipients)) == (3, 1)

    code, output = run("validate", "data/cookies.yaml", *TODAY)
    assert (code, findings_of(output)) == (0, in_cookies), "warnings only: exit 0"
    assert output.splitlines()[3] == "1 file checked: 0 errors, 3 warnings."
    assert run("validate", "data/cookies.yaml", "--strict", *TODAY)[0] == 1

    code, output = run("validate", "data/recipients.yaml", "data/cookies.yaml", *TODAY)
    assert (code, findings_of(output)) == (1, in_cookies + in_recipients)
    assert output.splitlines()[4] == "2 files checked: 1 error, 3 warnings."

    assert run("validate", "data/security.yaml", *TODAY) == (0, "1 file checked: no findings.\n")
    code, output = run("validate", "data/recipients.yaml", "-f", "json", *TODAY)
    assert code == 1
    assert [(f["file"], f["line"]) for f in json.loads(output)] == [("data/recipients.yaml", 56)]


def test_a_finding_of_no_file_is_shown_at_the_file_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A register without its organization section, found by the configuration."""
    shutil.copytree(DATA, tmp_path / "declarations")
    (tmp_path / "declarations" / "organization.yaml").unlink()
    (tmp_path / "ropa.toml").write_text('data = "declarations"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    missing = (
        "error[missing-field] the register has no '{}' section; add one (see ropa's format "
        "reference, docs/format.md)"
    )
    assert run("validate", "declarations/activities/marketing.yaml", *TODAY) == (
        1,
        f"declarations/activities/marketing.yaml:1:1: {missing.format('organization')}\n"
        f"declarations/activities/marketing.yaml:1:1: {missing.format('policy')}\n"
        "1 file checked: 2 errors, 0 warnings.\n"
        "What a rule asks, and why: ropa explain RULE (missing-field).\n",
    )


def test_files_of_several_registers_each_register_read_once(tmp_path: Path) -> None:
    alone = tmp_path / "notes.yaml"
    alone.write_text("activities: {}\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    result = CliRunner().invoke(
        app,
        [
            "validate",
            "data/activities/marketing.yaml",
            "tests/cases/_base/register.yaml",
            "data/cookies.yaml",
            str(alone),
            "--verbose",
            *TODAY,
        ],
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:4] == [
        "configuration: none (defaults)",
        "read 8 files of data, the register of the 2 files given",
        "read 1 file of tests/cases/_base, the register of the 1 file given",
        f"read 1 file of {alone}",
    ]
    assert lines[4].startswith("validated in ")
    assert lines[5:] == [
        f"{alone}:1:1: error[missing-field] the register has no 'organization' section; add one "
        "(see ropa's format reference, docs/format.md)",
        f"{alone}:1:1: error[missing-field] the register has no 'policy' section; add one "
        "(see ropa's format reference, docs/format.md)",
        "4 files checked: 2 errors, 0 warnings.",
        "What a rule asks, and why: ropa explain RULE (missing-field).",
    ]


def test_a_path_that_does_not_exist_among_several_stops_the_run() -> None:
    assert run("validate", "data/cookies.yaml", "data/nowhere.yaml", *TODAY) == (
        2,
        "ropa: error: no such file or folder: data/nowhere.yaml\n",
    )


def test_a_file_name_cannot_forge_a_line(broken_copy: Path) -> None:
    forged = broken_copy / "data" / "x\n::error file=a,line=1::forged.yaml"
    forged.write_text("activities:\n  x:\n    nam: X\n", encoding="utf-8")
    code, output = run("validate", str(forged.relative_to(broken_copy)), "-v", *TODAY)
    assert code == 1
    assert not [line for line in output.splitlines() if line.startswith("::")]
    assert '"data/x\\n::error file=a,line=1::forged.yaml":3:5: error[unknown-field]' in output


def test_without_a_path_inside_a_register_the_current_folder_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DATA)
    assert run("validate", *TODAY) == (0, "8 files checked: no findings.\n")
    assert run("build", "-f", "json", "--out", str(tmp_path), *TODAY) == (
        0,
        f"2 files written to {tmp_path}/ (en, fr).\n",
    )
    monkeypatch.chdir(DATA / "activities")
    assert run("validate", *TODAY) == (2, "ropa: error: no such file or folder: data\n")


def test_the_configuration_above_names_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    shutil.copytree(case("provision-undeclared"), tmp_path / "declarations")
    (tmp_path / "ropa.toml").write_text('data = "declarations"\nstrict = true\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "declarations")
    result = CliRunner().invoke(app, ["validate", "-v", *TODAY])
    assert result.exit_code == 1, "strict, from the configuration above"
    lines = result.output.splitlines()
    assert lines[:2] == ["configuration: ../ropa.toml", "read 1 file of ."]
    assert lines[3].startswith("register.yaml:43:3: warning[provision-undeclared]")


# ropa build --strict, and a file of a register (issue 10, item 5) -------------------------


def test_build_strict_fails_on_warnings_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = str(case("provision-undeclared"))
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", folder, "--strict", "-f", "json", "--out", str(out), *TODAY]
    )
    assert result.exit_code == 1
    assert result.stdout == run("validate", folder, *TODAY)[1], "the findings, as validate's"
    assert result.stderr == (
        "ropa: nothing built: warnings fail the build under --strict (or strict = true in the "
        "configuration); fix them, or record a waiver with its reason.\n"
    )
    assert not out.exists()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ropa.toml").write_text("strict = true\n", encoding="utf-8")
    assert run("build", folder, "-f", "json", "--out", str(out), *TODAY)[0] == 1
    assert not out.exists()
    (tmp_path / "ropa.toml").write_text("strict = false\n", encoding="utf-8")
    code, output = run("build", folder, "-f", "json", "--out", str(out), *TODAY)
    assert (code, output.splitlines()[-1]) == (0, f"1 file written to {out}/ (en).")


def test_build_of_a_file_builds_its_register(tmp_path: Path) -> None:
    code, output = run(
        "build", "data/cookies.yaml", "-f", "json", "--out", str(tmp_path), "-q", *TODAY
    )
    assert (code, output) == (0, "")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.json")) == [
        "en/register.json",
        "fr/register.json",
    ]


# Help: every boolean option is a flag -------------------------------------------------------


@pytest.mark.parametrize(
    "command", [[], ["validate"], ["build"], ["init"], ["schema"], ["rules"], ["explain"]]
)
def test_help_shows_boolean_options_as_flags(command: list[str]) -> None:
    code, output = run(*command, "--help")
    assert code == 0
    assert "<bool>" not in output
    assert re.search(r"^  --help {2,}Show this message and exit\.$", output, re.MULTILINE)


def test_help_of_validate_and_build() -> None:
    _, validate = run("validate", "--help")
    assert validate.startswith("Usage: ropa validate [OPTIONS] [PATH]...\n")
    for flag, help_text in [
        ("--strict", "Warnings fail too."),
        ("-q, --quiet", "Print the findings only, no summary."),
    ]:
        assert re.search(rf"^  {flag} {{2,}}{re.escape(help_text)}$", validate, re.MULTILINE)
    _, build = run("build", "--help")
    assert build.startswith("Usage: ropa build [OPTIONS] [PATH]\n")
    for flag in ("--strict", "-q, --quiet", "-v, --verbose", "--no-wait"):
        assert re.search(rf"^  {flag} {{2,}}[A-Z]", build, re.MULTILINE), flag
    _, main = run("--help")
    for flag in ("--version", "--install-completion", "--show-completion"):
        assert re.search(rf"^  {flag} {{2,}}[A-Z]", main, re.MULTILINE), flag


# No message cites a file the repository does not ship ------------------------------------------


def test_no_output_cites_format_md() -> None:
    from ropa.rules.registry import RULES

    outputs = [run("rules")[1], run("schema")[1], run("validate", "--help")[1]]
    outputs += [run("explain", rule.id)[1] for rule in RULES]
    outputs.append(run("validate", "tests/cases/_base", "-f", "sarif", *TODAY)[1])
    cited = [output[:80] for output in outputs if "FORMAT.md" in output]
    assert cited == []
