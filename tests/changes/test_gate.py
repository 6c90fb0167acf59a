"""The version gate, ``ropa validate --against REV``, in a Git repository built in a temporary
folder: the issue's "done when" step by step, with exact output and exit codes; the revisions
it refuses; its findings in every format, under the project's configuration."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ropa.changes.gate import next_version
from ropa.cli import app
from tests.casefiles import dump, merge
from tests.changes.repository import commit, diff, git, init, register_after, write

TODAY = ["--today", "2026-11-24"]
REGISTER = "data/register.yaml"


def validate(*args: str) -> tuple[int, str, str]:
    """``ropa validate ARGS`` (the whole CLI): the exit code, the output and the error output."""
    result = CliRunner().invoke(app, ["validate", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose one commit holds the diff tests' register in ``data/`` (version
    "1.0", in effect since 2026-01-01); the current folder."""
    folder = init(tmp_path / "repo")
    write(folder / "data", register_after(0))
    commit(folder, "the register")
    monkeypatch.chdir(folder)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return folder


def policy(**changes: Any) -> dict[str, Any]:
    return {"policy": changes}


HISTORY_1_1 = {
    "history": [
        {
            "version": "1.1",
            "date": "2026-12-24",
            "summary": {"en": "Our newsletter", "fr": "Notre lettre"},
        }
    ]
}

VERSION_NOT_BUMPED = (
    'data/register.yaml:16:12: error[version-not-bumped] the version is "1.0", as at HEAD, but '
    "the policy changed in meaning: 1 material change (a new purpose); give it a new version "
    '(e.g. version: "1.1"), with its policy.history entry and an effective_date on or after '
    "2026-12-24 (30 days' notice) (ropa's judgement; WP260 rev.01 para 29)"
)
HISTORY_MISSING = (
    'data/register.yaml:16:12: error[history-missing] version "1.1" (it was "1.0" at HEAD) has '
    'no policy.history entry; add one first in the list: {version: "1.1", date: 2026-01-01, '
    "summary: …} (ropa diff HEAD says what changed) (ropa's judgement; GDPR Art. 5(2))"
)


def notice_period_short(line: int, day: str, when: str) -> str:
    return (
        f'data/register.yaml:{line}:19: warning[notice-period-short] version "1.1" takes effect '
        f"on {day}, {when}, with 1 material change (a new purpose); tell the people concerned 30 "
        "days ahead, by a notice devoted to the change: write effective_date: 2026-12-24 or "
        "later, and send the notice by then (WP260 rev.01 paras 29-30)"
    )


def purpose_not_announced(line: int, day: str, when: str) -> str:
    return (
        f"data/register.yaml:{line}:3: warning[purpose-not-announced] the new purpose “Sending "
        f'our newsletter” starts with version "1.1" on {day}, {when}; people are told of a new '
        "purpose before it starts: write policy.effective_date: 2026-12-24 or later, and start "
        "the processing then (GDPR Art. 13(3), 14(4))"
    )


def test_a_new_purpose_fails_until_version_history_and_date_follow_and_a_typo_passes(
    repository: Path,
) -> None:
    """The issue's "done when": a pull request that adds a purpose shows a Markdown summary
    saying so and fails the gate until the version, the history and the effective date
    follow; a typo fix passes with the same version."""
    # A purpose added: the summary says so, and the gate fails on the version.
    write(repository / "data", register_after(1))
    code, summary, _ = diff("HEAD", "--format", "markdown", *TODAY)
    assert code == 0
    assert summary.splitlines()[0] == "**1 material change: a new purpose**."
    assert validate("--against", "HEAD", *TODAY) == (
        1,
        f"{VERSION_NOT_BUMPED}\n"
        "1 file checked: 1 error, 0 warnings.\n"
        "What a rule asks, and why: ropa explain RULE (version-not-bumped).\n",
        "",
    )

    # The version bumped: its history entry is missing, and its date (the old version's) is
    # judged now.
    write(repository / "data", register_after(1, **policy(version="1.1")))
    assert validate("--against", "HEAD", *TODAY) == (
        1,
        f"{HISTORY_MISSING}\n"
        f"{notice_period_short(17, '2026-01-01', '327 days before 2026-11-24')}\n"
        f"{purpose_not_announced(87, '2026-01-01', '327 days before 2026-11-24')}\n"
        "1 file checked: 1 error, 2 warnings.\n"
        "What a rule asks, and why: ropa explain RULE (history-missing, notice-period-short, "
        "purpose-not-announced).\n",
        "",
    )

    # The history entry added, the effective date today: two warnings, no error.
    soon = policy(version="1.1", effective_date="2026-11-24", **HISTORY_1_1)
    write(repository / "data", register_after(1, **soon))
    expected = (
        f"{notice_period_short(17, '2026-11-24', 'the date of validation')}\n"
        f"{purpose_not_announced(93, '2026-11-24', 'the date of validation')}\n"
        "1 file checked: 0 errors, 2 warnings.\n"
        "What a rule asks, and why: ropa explain RULE (notice-period-short, "
        "purpose-not-announced).\n"
    )
    assert validate("--against", "HEAD", *TODAY) == (0, expected, "")
    assert validate("--against", "HEAD", "--strict", *TODAY) == (1, expected, "")

    # 30 days ahead: clean.
    ready = policy(version="1.1", effective_date="2026-12-24", **HISTORY_1_1)
    write(repository / "data", register_after(1, **ready))
    assert validate("--against", "HEAD", "--strict", *TODAY) == (
        0,
        "1 file checked: no findings.\n",
        "",
    )

    # Merged; the next pull request fixes typos and keeps the version: it passes.
    commit(repository, "a new purpose, version 1.1")
    write(repository / "data", register_after(2, **ready))
    code, summary, _ = diff("HEAD", "--format", "markdown", *TODAY)
    assert summary.splitlines()[0] == "**No material change**; 1 editorial change."
    assert validate("--against", "HEAD", "--strict", *TODAY) == (
        0,
        "1 file checked: no findings.\n",
        "",
    )


def test_a_notable_change_needs_a_new_version_too(repository: Path) -> None:
    """A purpose removed is notable (the history should say it): a new version, no notice."""
    removed = register_after(0)
    removed["activities"] = {}
    write(repository / "data", removed)
    code, output, _ = validate("--against", "HEAD", "-q", *TODAY)
    assert code == 1
    [line] = [line for line in output.splitlines() if "[version-not-bumped]" in line]
    assert "but the policy changed in meaning: 1 notable change (a purpose removed); " in line
    assert line.endswith(
        'give it a new version (e.g. version: "1.1"), with its policy.history entry '
        "(ropa's judgement; WP260 rev.01 para 29)"
    )


def test_an_internal_change_keeps_the_version_unless_the_project_raises_it(
    repository: Path,
) -> None:
    write(
        repository / "data",
        register_after(0, activities={"orders": {"notes": {"en": "PRIV-42", "fr": "PRIV-42"}}}),
    )
    assert validate("--against", "HEAD", *TODAY)[:2] == (0, "1 file checked: no findings.\n")
    (repository / "ropa.toml").write_text(
        '[materiality]\ninternal-changed = "notable"\n', encoding="utf-8"
    )
    code, output, _ = validate("--against", "HEAD", "-q", *TODAY)
    assert code == 1
    assert "error[version-not-bumped]" in output
    assert "1 notable change (an internal change)" in output


def test_findings_in_every_format(repository: Path) -> None:
    write(repository / "data", register_after(1))
    code, output, _ = validate("--against", "HEAD", "-f", "json", *TODAY)
    assert code == 1
    [finding] = json.loads(output)
    assert {k: finding[k] for k in ("rule", "severity", "file", "line", "column", "article")} == {
        "rule": "version-not-bumped",
        "severity": "error",
        "file": REGISTER,
        "line": 16,
        "column": 12,
        "article": "ropa's judgement; WP260 rev.01 para 29",
    }
    code, output, _ = validate("--against", "HEAD", "-f", "github", *TODAY)
    assert output.splitlines()[0].startswith(
        "::error file=data/register.yaml,line=16,col=12,title=version-not-bumped::the version is "
        '"1.0", as at HEAD'
    )
    code, output, _ = validate("--against", "HEAD", "-f", "sarif", *TODAY)
    run = json.loads(output)["runs"][0]
    [result] = run["results"]
    rules = run["tool"]["driver"]["rules"]
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == "version-not-bumped"
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 16,
        "startColumn": 12,
    }


def test_the_projects_severities_and_notice_apply(repository: Path) -> None:
    config = repository / "ropa.toml"
    config.write_text(
        'notice_days = 0\n[severity]\npurpose-not-announced = "error"\n', encoding="utf-8"
    )
    commit(repository, "the project's configuration")
    soon = policy(version="1.1", effective_date="2026-11-24", **HISTORY_1_1)
    write(repository / "data", register_after(1, **soon))
    code, output, _ = validate("--against", "HEAD", "-q", *TODAY)
    assert code == 1
    assert [line.split(" ")[1] for line in output.splitlines()] == ["error[purpose-not-announced]"]
    assert "write policy.effective_date: 2026-11-25 or later" in output


def test_a_pull_request_cannot_relax_the_gate_that_judges_it(repository: Path) -> None:
    """The configuration comes with the pull request: where it is laxer than the base's about
    the gate (a rule turned off or down, a shorter notice), the base's applies."""
    soon = policy(version="1.1", effective_date="2026-11-24", **HISTORY_1_1)
    write(repository / "data", register_after(1, **soon))
    (repository / "ropa.toml").write_text(
        'notice_days = 0\n[severity]\nnotice-period-short = "off"\n'
        'purpose-not-announced = "off"\nunused-definition = "off"\n',
        encoding="utf-8",
    )
    code, output, _ = validate("--against", "HEAD", "-q", *TODAY)
    assert code == 0
    assert [line.split(" ")[1] for line in output.splitlines()] == [
        "warning[notice-period-short]",
        "warning[purpose-not-announced]",
    ]


def test_a_waiver_cannot_silence_the_gate(repository: Path) -> None:
    waived = policy(
        waivers=[{"rule": "version-not-bumped", "reason": {"en": "Later", "fr": "Plus tard"}}]
    )
    write(repository / "data", register_after(0, **waived))
    code, output, _ = validate("-q", *TODAY)
    assert code == 1
    assert output == (
        "data/register.yaml:26:11: error[invalid-value] policy: rule 'version-not-bumped' "
        "compares the register with a Git revision and cannot be waived on an entry (the waiver "
        "would outlive the change); set its severity in the configuration's [severity] instead\n"
    )


def test_only_the_findings_of_the_files_given(repository: Path) -> None:
    """A file given is checked within its register, for its own findings: the gate's too."""
    data = register_after(1)
    head = {key: data.pop(key) for key in ("organization", "policy")}
    (repository / "data" / "register.yaml").unlink()
    (repository / "data" / "policy.yaml").write_text(dump(head), encoding="utf-8")
    (repository / "data" / "activities.yaml").write_text(dump(data), encoding="utf-8")
    activities = validate("data/activities.yaml", "--against", "HEAD", "-q", *TODAY)
    assert activities == (0, "", "")
    code, output, _ = validate("data/policy.yaml", "--against", "HEAD", "-q", *TODAY)
    assert code == 1
    assert output.startswith("data/policy.yaml:16:12: error[version-not-bumped] ")


# --- the revision ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "revision", ["--output=x", "-c core.pager=touch x", "-ccore.fsmonitor=touch x", "--", "-"]
)
def test_a_revision_that_looks_like_an_option_never_reaches_git(
    repository: Path, revision: str
) -> None:
    code, output, errors = validate(f"--against={revision}", *TODAY)
    assert (code, output) == (2, "")
    assert (
        errors == f"ropa: error: --against: '{revision}' starts with '-'; a Git revision does not\n"
    )
    assert not (repository / "x").exists()


def test_a_folder_named_like_the_revision_is_not_read(repository: Path) -> None:
    """A pull request could add ``HEAD/`` (or ``origin/main/``) holding the new register, so
    that a comparison with it sees no change."""
    write(repository / "data", register_after(1))
    write(repository / "HEAD", register_after(1))
    code, output, _ = validate("--against", "HEAD", "-q", *TODAY)
    assert code == 1
    assert output.startswith(f"{REGISTER}:16:12: error[version-not-bumped] ")
    assert diff("HEAD", *TODAY) == (
        2,
        "",
        "ropa: error: 'HEAD' names both a folder and a Git revision; write ./HEAD for the "
        "folder, or HEAD^{commit} for the revision\n",
    )
    assert diff("./HEAD", *TODAY)[:2] == (
        0,
        "./HEAD → data: No change in the meaning of the register.\n",
    )


def test_a_revision_that_cannot_be_read_is_one_line_and_exit_2(
    repository: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert validate("--against", "no-such-branch", *TODAY) == (
        2,
        "",
        "ropa: error: --against: 'no-such-branch' is not a revision of the Git repository at "
        f"{repository}\n",
    )
    assert validate("--against", "", *TODAY)[0] == 2
    outside = tmp_path / "outside"
    write(outside / "data", register_after(0))
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert validate("--against", "HEAD", *TODAY) == (
        2,
        "",
        f"ropa: error: --against: {outside} is in no Git repository to read the revision "
        "'HEAD' from\n",
    )


def test_a_revision_without_a_policy_leaves_the_gate_silent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = init(tmp_path / "repo")
    (repository / "README").write_text("nothing yet\n", encoding="utf-8")
    commit(repository, "empty")
    write(repository / "data", register_after(1))
    monkeypatch.chdir(repository)
    assert validate("--against", "HEAD", *TODAY) == (
        0,
        "1 file checked: no findings.\n",
        "ropa: note: HEAD has no register at data; compared as an empty register\n"
        "ropa: note: HEAD has no policy to compare with; the version gate is silent\n",
    )
    assert validate("--against", "HEAD", "--quiet", *TODAY) == (0, "", "")


def test_a_revision_with_errors_is_compared_as_far_as_it_loaded(repository: Path) -> None:
    broken = merge(register_after(0), {"activities": {"orders": {"reviewed": "yesterday"}}})
    write(repository / "data", broken)
    commit(repository, "a broken register")
    write(repository / "data", register_after(0))
    code, _, errors = validate("--against", "HEAD", *TODAY)
    assert code == 0
    assert errors == (
        "ropa: note: HEAD: 1 error in the register; compared as far as it could be read\n"
    )
    assert git(repository, "status", "--porcelain") == " M data/register.yaml\n"


@pytest.mark.parametrize(
    ("version", "after"),
    [
        ("1.0", "1.1"),
        ("1.9", "1.10"),
        ("2", "3"),
        ("v2", "v3"),
        ("v1.2.3", "v1.2.4"),
        ("2026-03", None),
        ("draft", None),
        ("1.0-beta", None),
    ],
)
def test_the_version_a_finding_suggests(version: str, after: str | None) -> None:
    assert next_version(version) == after
