"""Finding the register a file belongs to, and the findings of some of its files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ropa.check import validate
from ropa.discover import (
    Target,
    belongs_to_no_file,
    default_register,
    holds_organization,
    part,
    plan,
    register_of,
)
from ropa.findings import Position
from ropa.rules.files import MISSING_FIELD
from tests.conftest import DATA, TODAY


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository (a folder holding .git) with the example register in data/, as the cwd."""
    (tmp_path / ".git").mkdir()
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("organization:\n  name: X\n", True),
        ('"organization": {name: X}\n', True),
        ("'organization' :\n  name: X\n", True),
        ("\ufefforganization:\n  name: X\n", True),
        ("policy: {}\norganization:\n  name: X\n", True),
        ("activities:\n  organization:\n    name: X\n", False),  # not a top-level key
        ("# organization:\npolicy: {}\n", False),
        ("organizations:\n  name: X\n", False),
    ],
)
def test_the_organization_section_is_a_top_level_key(
    tmp_path: Path, text: str, *, holds: bool
) -> None:
    write(tmp_path / "a.yaml", text)
    assert holds_organization(tmp_path) is holds


def test_only_yaml_files_directly_in_the_folder_count(tmp_path: Path) -> None:
    write(tmp_path / "sub" / "organization.yaml", "organization: {}\n")
    write(tmp_path / "organization.txt", "organization: {}\n")
    assert not holds_organization(tmp_path)
    write(tmp_path / "organization.yml", "organization: {}\n")
    assert holds_organization(tmp_path)


def test_a_link_is_never_followed(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "organization.yaml", "organization: {}\n")
    (tmp_path / "register").mkdir()
    (tmp_path / "register" / "organization.yaml").symlink_to(outside)
    assert not holds_organization(tmp_path / "register")


def test_a_file_belongs_to_the_nearest_folder_with_the_organization_section(repo: Path) -> None:
    assert register_of(Path("data/activities/marketing.yaml"), Path("elsewhere")) == Path("data")
    assert register_of(Path("data/cookies.yaml"), Path("elsewhere")) == Path("data")
    assert register_of(repo / "data/cookies.yaml", Path("elsewhere")) == repo / "data"


def test_the_configured_folder_wins_over_a_nearer_organization_section(repo: Path) -> None:
    write(repo / "data" / "activities" / "organization.yaml", "organization: {}\n")
    marketing = Path("data/activities/marketing.yaml")
    assert register_of(marketing, Path("elsewhere")) == Path("data/activities")
    assert register_of(marketing, Path("data")) == Path("data")
    assert register_of(marketing, repo / "data") == Path("data")


def test_the_walk_stops_at_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path / "organization.yaml", "organization: {}\n")
    inner = tmp_path / "project"
    (inner / ".git").mkdir(parents=True)
    file = write(inner / "declarations" / "activities.yaml", "activities: {}\n")
    assert register_of(file, Path("elsewhere")) is None, "not above the repository's root"
    write(inner / "organization.yaml", "organization: {}\n")
    assert register_of(file, Path("elsewhere")) == inner, "the root itself is looked into"


def test_files_are_planned_by_register_each_once(repo: Path) -> None:
    alone = write(repo / "notes" / "extra.yaml", "activities: {}\n")
    marketing, cookies = Path("data/activities/marketing.yaml"), Path("data/cookies.yaml")
    assert plan([marketing, alone, cookies], Path("elsewhere")) == [
        Target(Path("data"), [marketing, cookies]),
        Target(alone, whole=True),
    ]
    assert plan([marketing, Path("data")], Path("elsewhere")) == [
        Target(Path("data"), [marketing], whole=True)
    ], "the folder named too: the whole register"
    assert plan([Path("data/activities")], Path("elsewhere")) == [
        Target(Path("data/activities"), whole=True)
    ], "a folder is always a register of its own"


def test_the_default_register(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_register(Path("data")) == Path("data")
    monkeypatch.chdir(repo / "data")
    assert default_register(Path("data")) == Path(), "inside the register"
    monkeypatch.chdir(repo / "data" / "activities")
    assert default_register(Path("data")) == Path("data"), "not a register: the error names data"


def test_a_missing_section_belongs_to_no_file_and_is_shown_at_the_first_named(
    repo: Path,
) -> None:
    organization = (DATA / "organization.yaml").read_text(encoding="utf-8")
    write(repo / "data" / "organization.yaml", organization.split("\npolicy:")[0])
    report = validate(Path("data"), TODAY)
    missing = [f for f in report.findings if belongs_to_no_file(f, report)]
    assert [(f.rule, f.position, f.message) for f in missing] == [
        (
            MISSING_FIELD.id,
            Position("data/activities/customers.yaml", 1, 1),
            "the register has no 'policy' section; add one (see ropa's format reference, "
            "docs/format.md)",
        )
    ]
    names, findings = part(report, [Path("data/cookies.yaml"), Path("data/security.yaml")])
    assert names == ["data/cookies.yaml", "data/security.yaml"]
    assert [(f.rule, f.position) for f in findings] == [
        (MISSING_FIELD.id, Position("data/cookies.yaml", 1, 1))
    ]
    names, findings = part(report, [Path("data/activities/customers.yaml")])
    assert [(f.rule, f.position) for f in findings] == [
        (MISSING_FIELD.id, Position("data/activities/customers.yaml", 1, 1))
    ], "once, where it already was"


def test_a_finding_at_a_folder_belongs_to_no_file(repo: Path) -> None:
    report = validate(Path("data"), TODAY)
    at_folder = MISSING_FIELD.finding(Position("data/activities", 1, 1), "m")
    at_file_start = MISSING_FIELD.finding(Position("data/activities/customers.yaml", 1, 1), "m")
    assert belongs_to_no_file(at_folder, report)
    assert not belongs_to_no_file(at_file_start, report), "not the missing-section message"


def test_each_folder_is_looked_into_once_for_many_files(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ropa import discover

    looked: list[Path] = []

    def counted(folder: Path) -> bool:
        looked.append(folder)
        return holds_organization(folder)

    monkeypatch.setattr(discover, "holds_organization", counted)
    files = sorted((repo / "data" / "activities").glob("*.yaml"))
    assert plan(files, Path("elsewhere")) == [Target(repo / "data", files)]
    assert looked == [repo / "data" / "activities", repo / "data"]
