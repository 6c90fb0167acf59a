"""The notice of change (``notice.html``, ``notice.md``): written when the newest version has a
material change, recorded in ``policy.history`` or found against a Git revision; never left
behind by a later build that has none. Its exact text, in both languages, is a golden file
(tests/render/test_outputs.py); the policy's own "changes" section says how notice is given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ropa.check import validate
from ropa.cli import app
from ropa.render import render
from tests.casefiles import dump, merge, read
from tests.changes.repository import BASE, STEPS, commit, init, write
from tests.conftest import TODAY

runner = CliRunner()
NOTICE = ["notice.html", "notice.md"]


def history(*changes: dict[str, Any]) -> dict[str, Any]:
    """The base register of the change tests, at version 1.1 with these recorded changes."""
    entry = {
        "version": "1.1",
        "date": "2026-12-01",
        "summary": {"en": "A newsletter.", "fr": "Une lettre d'information."},
        "changes": list(changes),
    }
    older = {"version": "1.0", "date": "2026-01-01"}
    policy = {"version": "1.1", "effective_date": "2026-12-15", "history": [entry, older]}
    data: dict[str, Any] = merge(read(BASE), {"policy": policy})
    return data


NEW_PURPOSE = {
    "kind": "purpose-added",
    "summary": {"en": "New purpose: “Newsletter”", "fr": "Nouvelle finalité : « Lettre »"},
}
TYPO = {"kind": "wording-changed", "summary": {"en": "Typo fixed", "fr": "Coquille corrigée"}}


def notices(folder: Path, data: Any, formats: list[str] | None = None) -> dict[Path, bytes]:
    register = validate(write(folder, data), TODAY).register
    outputs = render(register, languages=["en", "fr"], formats=formats or ["notice"])
    return {path: body for path, body in outputs.items() if path.name in NOTICE}


def test_a_material_recorded_change_makes_a_notice_in_each_language(tmp_path: Path) -> None:
    found = notices(tmp_path, history(TYPO, NEW_PURPOSE))
    assert sorted(p.as_posix() for p in found) == [
        "en/notice.html",
        "en/notice.md",
        "fr/notice.html",
        "fr/notice.md",
    ]
    english = found[Path("en/notice.md")].decode()
    # the policy's effective date, since the newest entry is the policy's version
    assert (
        "Example SAS is changing its privacy policy. The new version, 1.1, takes effect on "
        "December 15, 2026." in english
    )
    assert "- New purpose: “Newsletter”\n" in english
    assert "Typo" not in english, "an editorial change is not announced"
    french = found[Path("fr/notice.md")].decode()
    assert "La nouvelle version, 1.1, entre en vigueur le 15 décembre 2026." in french
    # French typography: no-break spaces before the colon and inside the quotes
    assert "- Nouvelle finalité\u00a0: «\u00a0Lettre\u00a0»\n" in french


def test_editorial_and_notable_changes_make_no_notice(tmp_path: Path) -> None:
    notable = {"kind": "processor-added", "summary": "New processor: Mailer"}
    assert notices(tmp_path, history(TYPO, notable)) == {}


def test_no_history_or_no_recorded_changes_make_no_notice(tmp_path: Path) -> None:
    assert notices(tmp_path / "a", read(BASE)) == {}
    assert notices(tmp_path / "b", history()) == {}


def test_an_older_entry_s_material_changes_are_not_announced_again(tmp_path: Path) -> None:
    data = history(TYPO)
    data["policy"]["history"][1]["changes"] = [NEW_PURPOSE]
    assert notices(tmp_path, data) == {}


def test_the_notice_is_escaped_and_says_what_the_reader_can_do(tmp_path: Path) -> None:
    hostile = {"kind": "purpose-added", "summary": {"en": "<script>x</script> & co", "fr": "x"}}
    found = notices(tmp_path, merge(history(hostile), read(STEPS[0])))  # a consent purpose
    html = found[Path("en/notice.html")].decode()
    assert "<li>&lt;script&gt;x&lt;/script&gt; &amp; co</li>" in html
    assert "you can withdraw it at any time" in html
    assert "for direct marketing" in html  # the newsletter's email channel
    assert '<a href="mailto:privacy@example.com">privacy@example.com</a>' in html
    markdown = found[Path("en/notice.md")].decode()
    assert "- \\<script\\>x\\</script\\> & co\n" in markdown


# --- the build: stale notices, formats, --against --------------------------------------------


def build(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["build", *args, "--today", "2026-11-24"])
    return result.exit_code, result.output


def files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())


def test_a_later_build_without_material_change_removes_the_notice(tmp_path: Path) -> None:
    register, out = tmp_path / "data", tmp_path / "out"
    write(register, history(NEW_PURPOSE))
    assert build(str(register), "--out", str(out), "-f", "html,notice", "--lang", "en")[0] == 0
    assert files(out) == ["en/notice.html", "en/notice.md", "en/policy.html", "en/register.html"]
    write(register, history(TYPO))
    # a build that does not ask for notices leaves them
    assert build(str(register), "--out", str(out), "-f", "html", "--lang", "en")[0] == 0
    assert "en/notice.md" in files(out)
    code, output = build(str(register), "--out", str(out), "-f", "html,notice", "-v")
    assert code == 0, output
    assert f"removed: {out}/en/notice.md\n" in output
    assert f"removed: {out}/fr/notice.html\n" not in output, "never there"
    assert files(out) == [
        "en/policy.html",
        "en/register.html",
        "fr/policy.html",
        "fr/register.html",
    ]


def repository(tmp_path: Path, steps: int) -> Path:
    """A repository of the change tests' register, committed and tagged ``s0``, then with its
    first ``steps`` steps in the working tree (uncommitted)."""
    repo = init(tmp_path / "repo")
    data = read(BASE)
    write(repo / "data", data)
    commit(repo, "the register", "s0")
    for step in STEPS[:steps]:
        data = merge(data, read(step))
    (repo / "data" / "register.yaml").write_text(dump(data), encoding="utf-8")
    return repo


def test_against_a_revision_the_notice_announces_the_material_changes_since(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = repository(tmp_path, 3)  # a new purpose, a typo fixed, a processor in the US
    monkeypatch.chdir(repo)
    code, output = build("data", "--against", "s0", "-f", "notice", "--out", "out")
    assert (code, output) == (0, "4 files written to out/ (en, fr).\n")
    english = (repo / "out" / "en" / "notice.md").read_text(encoding="utf-8")
    what = english.split("## What changes\n\n")[1].split("\n\n")[0]
    assert what.splitlines() == [
        "- New transfer to the United States: “Mailer Inc.”; ground: EU-US Data Privacy Framework",
        "- New purpose: “Sending our newsletter”",
    ]  # the typo fix (editorial) and the new processor (notable) are not announced
    assert "The new version, 1.0, takes effect on January 1, 2026." in english
    french = (repo / "out" / "fr" / "notice.md").read_text(encoding="utf-8")
    assert (
        "- Nouvelle finalité\u00a0: «\u00a0Envoi de notre lettre d'information\u00a0»\n" in french
    )


def test_against_a_revision_with_only_a_typo_fixed_there_is_no_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = repository(tmp_path, 0)
    data = merge(read(BASE), read(STEPS[1]))  # the typo fix alone
    (repo / "data" / "register.yaml").write_text(dump(data), encoding="utf-8")
    monkeypatch.chdir(repo)
    assert build("data", "--against", "s0", "-f", "notice", "--out", "out") == (
        0,
        "0 files written to out/ (en, fr).\n",
    )


def test_against_a_revision_git_cannot_read_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = repository(tmp_path, 1)
    monkeypatch.chdir(repo)
    result = runner.invoke(
        app, ["build", "data", "--against", "nope", "-f", "notice", "--today", "2026-11-24"]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"ropa: error: --against: 'nope' is not a revision of the Git repository at {repo}\n"
    )
    assert not (repo / "output").exists()


# --- the policy says how changes are notified ---------------------------------------------------


@pytest.mark.parametrize(
    ("days", "said"),
    [
        (None, "we tell you of it at least 30 days in advance, by a notice on this page"),
        (45, "we tell you of it at least 45 days in advance, by a notice on this page"),
        (1, "we tell you of it at least 1 day in advance, by a notice on this page"),
        (0, "exercise your rights), we tell you of it by a notice on this page"),
    ],
)
def test_the_policy_says_how_material_changes_are_notified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, days: int | None, said: str
) -> None:
    write(tmp_path / "data", read(BASE))
    if days is not None:
        (tmp_path / "ropa.toml").write_text(f"notice_days = {days}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert build("-f", "md", "--lang", "en")[0] == 0
    policy = (tmp_path / "output" / "en" / "policy.md").read_text(encoding="utf-8")
    assert said in policy
    assert "regularly" not in policy  # WP260 rev.01 para 30: not "check this page regularly"
