"""``ropa diff`` over a series of commits: the exact JSON and Markdown of each step, and the
exit codes and one-line errors of the command.

The expected outputs are ``expected/<step>.json`` and ``.md``: after an intended change,
``ROPA_UPDATE_GOLDENS=1 pytest tests/changes`` rewrites them; review the diff.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest
import yaml

from ropa.config import Config
from tests.changes.repository import (
    EXPECTED,
    STEPS,
    TODAY,
    diff,
    git,
    init,
    register_after,
    series,
    write,
)

UPDATE = os.environ.get("ROPA_UPDATE_GOLDENS") == "1"


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return series(tmp_path_factory.mktemp("series") / "repo")


@pytest.fixture
def in_repository(repository: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(repository)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return repository


def golden(name: str, text: str) -> None:
    path = EXPECTED / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


STEP_NAMES = [step.stem for step in STEPS]


@pytest.mark.parametrize("number", range(1, len(STEPS) + 1), ids=STEP_NAMES)
@pytest.mark.usefixtures("in_repository")
def test_each_step_in_json(number: int) -> None:
    code, output, _ = diff(f"s{number - 1}", f"s{number}", "--format", "json", *TODAY)
    assert code == 0
    golden(f"{STEP_NAMES[number - 1]}.json", output)
    document = json.loads(output)
    assert list(document) == ["from", "to", "material", "changes"]
    assert (document["from"], document["to"]) == (f"s{number - 1}", f"s{number}")
    for change in document["changes"]:
        assert list(change) == [
            "kind",
            "class",
            "section",
            "id",
            "summary",
            "reason",
            "before",
            "after",
        ]


@pytest.mark.parametrize("number", range(1, len(STEPS) + 1), ids=STEP_NAMES)
@pytest.mark.usefixtures("in_repository")
def test_each_step_in_markdown(number: int) -> None:
    code, output, _ = diff(f"s{number - 1}", f"s{number}", "--format", "markdown", *TODAY)
    assert code == 0
    golden(f"{STEP_NAMES[number - 1]}.md", output)


@pytest.mark.usefixtures("in_repository")
def test_the_material_steps_say_so_and_the_typo_fix_does_not() -> None:
    material = {}
    for number, name in enumerate(STEP_NAMES, start=1):
        _, output, _ = diff(f"s{number - 1}", f"s{number}", "--format", "json", *TODAY)
        material[name] = json.loads(output)["material"]
    assert material == {
        "01-new-purpose": True,
        "02-typo-fix": False,
        "03-us-processor": True,
        "04-retention": True,
        "05-renamed-id": False,
        "06-invalid-side": True,
    }


@pytest.mark.usefixtures("in_repository")
def test_a_side_with_errors_is_reported_and_compared_as_far_as_it_loaded() -> None:
    code, output, errors = diff("s5", "s6", *TODAY)
    assert code == 0
    assert errors == "ropa: s6: 1 error in the register; compared as far as it could be read\n"
    assert output == (
        "s5 → s6: 1 material change.\n"
        "\n"
        "Material changes (tell the people concerned before they take effect):\n"
        "  rights-changed policy: Requests are now answered within 15 days (was 30) "
        "[WP260 rev.01 para 29 (a change as to how data subjects can exercise their rights)]\n"
    )


@pytest.mark.usefixtures("in_repository")
def test_new_defaults_to_the_working_tree_and_revisions_take_any_form() -> None:
    code, output, errors = diff("HEAD", *TODAY)
    assert (code, output) == (0, "HEAD → data: No change in the meaning of the register.\n")
    assert errors == (
        "ropa: HEAD: 1 error in the register; compared as far as it could be read\n"
        "ropa: data: 1 error in the register; compared as far as it could be read\n"
    )
    _, by_tag, _ = diff("s0", "s1", "-f", "json", *TODAY)
    _, by_ancestry, _ = diff("main~6", "HEAD~5", "-f", "json", *TODAY)
    assert json.loads(by_ancestry)["changes"] == json.loads(by_tag)["changes"]


@pytest.mark.usefixtures("in_repository")
def test_a_folder_and_a_revision_compare(repository: Path, tmp_path: Path) -> None:
    folder = write(tmp_path / "elsewhere", register_after(1))
    code, output, _ = diff(str(folder), "s1", *TODAY)
    assert (code, output) == (0, f"{folder} → s1: No change in the meaning of the register.\n")


@pytest.mark.usefixtures("in_repository")
def test_yaml_gives_the_history_changes_to_paste() -> None:
    code, output, _ = diff("s2", "s3", "--format", "yaml", *TODAY)
    assert code == 0
    nbsp = "\u00a0"
    assert output.splitlines() == [
        "# policy.history[].changes of the new version: paste under its history entry",
        "# (material and notable changes; each summary in every language of the policy)",
        '- {kind: transfer-added, summary: {en: "New transfer to the United States: “Mailer '
        'Inc.”; ground: EU-US Data Privacy Framework", fr: "Nouveau transfert hors de l\'EEE '
        f"(États-Unis){nbsp}: «{nbsp}Mailer Inc.{nbsp}»{nbsp}; fondement{nbsp}: Data Privacy "
        'Framework UE–États-Unis"}}',
        '- {kind: recipient-category-added, summary: {en: "New category of recipients, '
        '“Emailing service providers” (“Mailer Inc.”), for “Sending our newsletter”", fr: '
        f"\"Nouvelle catégorie de destinataires, «{nbsp}Prestataires d'envoi de courriels{nbsp}» "
        f"(«{nbsp}Mailer Inc.{nbsp}»), pour «{nbsp}Envoi de notre lettre d'information{nbsp}»\"}}}}",
        '- {kind: processor-added, summary: {en: "New processor: “Mailer Inc.” (Emailing service '
        f'providers)", fr: "Nouveau sous-traitant{nbsp}: «{nbsp}Mailer Inc.{nbsp}» (Prestataires '
        "d'envoi de courriels)\"}}",
    ]
    history = yaml.safe_load(output)
    assert [entry["kind"] for entry in history] == [
        "transfer-added",
        "recipient-category-added",
        "processor-added",
    ]
    assert set(history[0]["summary"]) == {"en", "fr"}


# --- exit codes and one-line errors ---------------------------------------------------------


@pytest.mark.usefixtures("in_repository")
def test_an_unknown_revision_is_one_line_and_exit_2(repository: Path) -> None:
    code, output, errors = diff("no-such-branch", *TODAY)
    assert (code, output) == (2, "")
    assert errors == (
        "ropa: error: 'no-such-branch' is neither a folder nor a revision of the Git "
        f"repository at {repository}\n"
    )


@pytest.mark.usefixtures("in_repository")
def test_an_option_looking_revision_is_not_passed_to_git(repository: Path) -> None:
    code, _, errors = diff(*TODAY, "--", "--output=/tmp/x")
    assert code == 2
    assert errors == (
        "ropa: error: '--output=/tmp/x' is neither a folder nor a revision of the Git "
        f"repository at {repository}\n"
    )


def test_outside_a_repository_a_revision_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, output, errors = diff("HEAD~1", *TODAY)
    assert (code, output) == (2, "")
    assert errors == (
        f"ropa: error: 'HEAD~1' is not a folder, and {tmp_path} is in no Git repository to "
        "read it as a revision\n"
    )


@pytest.mark.usefixtures("in_repository")
def test_a_register_outside_the_repository_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, _, errors = diff("HEAD", "--register", str(tmp_path), *TODAY)
    assert code == 2
    assert errors.startswith(f"ropa: error: the register folder {tmp_path.as_posix()} is outside")


@pytest.mark.usefixtures("in_repository")
def test_a_file_is_not_a_side(repository: Path) -> None:
    code, _, errors = diff("data/register.yaml", *TODAY)
    assert (code, errors) == (
        2,
        "ropa: error: 'data/register.yaml' is a file; give a register folder or a Git revision\n",
    )


@pytest.mark.usefixtures("in_repository")
def test_a_missing_working_tree_register_and_a_bad_date(tmp_path: Path) -> None:
    assert diff("HEAD", "--register", "nowhere", *TODAY)[0::2] == (
        2,
        "ropa: error: no such register folder: nowhere\n",
    )
    assert diff("HEAD", "--today", "24/11/2026")[0::2] == (
        2,
        "ropa: error: --today takes a date written YYYY-MM-DD, not '24/11/2026'\n",
    )


@pytest.mark.usefixtures("in_repository")
def test_an_unknown_format_is_a_usage_error() -> None:
    code, _, errors = diff("HEAD", "--format", "html", *TODAY)
    assert code == 2
    assert errors.endswith(
        "Error: Invalid value for '--format' / '-f': Value error, 'html' is not one of 'text', "
        "'markdown', 'json', 'yaml'.\n"
    )


def test_a_revision_without_the_register_compares_as_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = init(tmp_path / "repo")
    (repository / "README").write_text("nothing yet\n", encoding="utf-8")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "empty")
    write(repository / "data", register_after(0))
    monkeypatch.chdir(repository)
    code, output, errors = diff("HEAD", "-f", "json", *TODAY)
    assert code == 0
    assert errors.splitlines() == [
        "ropa: note: HEAD has no register at data; compared as an empty register",
        "ropa: HEAD: 2 errors in the register; compared as far as it could be read",
    ]
    assert json.loads(output)["changes"][0]["kind"] == "purpose-added"


@pytest.mark.usefixtures("in_repository")
def test_the_old_side_read_in_a_process_of_its_own_or_here_is_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The old side is read in a forked process where one can be; one the process cannot send
    back (an entry read in part, s6's cookie) is read here; without processes, one after the
    other. Each way gives the same diff."""
    forked = [diff(old, new, "-f", "json", *TODAY) for old, new in (("s2", "s3"), ("s6", "s5"))]
    monkeypatch.setattr("ropa.changes.sides._can_fork", lambda: False)
    alone = [diff(old, new, "-f", "json", *TODAY) for old, new in (("s2", "s3"), ("s6", "s5"))]
    assert forked == alone
    assert forked[1][0] == 0
    assert [c["kind"] for c in json.loads(forked[1][1])["changes"]] == ["rights-changed"]
    assert (
        forked[1][2] == "ropa: s6: 1 error in the register; compared as far as it could be read\n"
    )


@dataclasses.dataclass(frozen=True)
class _Configured(Config):
    """The configuration once ``ropa.config`` reads ``[tool.ropa] materiality``."""

    materiality: dict[str, str] = dataclasses.field(default_factory=dict)


@pytest.mark.usefixtures("in_repository")
def test_the_project_s_materiality_raises_a_class_and_cannot_lower_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configured = _Configured(materiality={"processor-added": "material"}, source="ropa.toml")
    monkeypatch.setattr("ropa.config.find_config", lambda: configured)
    code, output, _ = diff("s2", "s3", "-f", "markdown", *TODAY)
    assert code == 0
    assert output.splitlines()[0] == (
        "**3 material changes: a new processor, a transfer to the United States, a new "
        "category of recipients**."
    )
    lowered = _Configured(materiality={"transfer-added": "notable"}, source="ropa.toml")
    monkeypatch.setattr("ropa.config.find_config", lambda: lowered)
    code, output, errors = diff("s2", "s3", *TODAY)
    assert (code, output) == (2, "")
    assert errors == (
        "ropa: error: ropa.toml: materiality: transfer-added is material (WP260 rev.01 para 30 "
        "(introduction of transfers to a third country): told well in advance); a project may "
        "raise a class, not lower it to notable\n"
    )
