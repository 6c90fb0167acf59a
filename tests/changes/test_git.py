"""Reading a register at a Git revision: only regular YAML blobs, within bounds, git in a fixed
environment."""

from __future__ import annotations

import dataclasses
from pathlib import Path, PurePosixPath

import pytest

from ropa.changes import git as git_module
from ropa.changes.git import Repository, environment
from ropa.loader import LIMITS
from tests.changes.repository import TODAY, commit, diff, git, init, register_after, write


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A register split in files: one executable, one in a subfolder, a link, a README."""
    repository = init(tmp_path / "repo")
    write(repository / "data", register_after(1))
    extra = repository / "data" / "more" / "subjects.yml"
    extra.parent.mkdir()
    extra.write_text("data_subjects:\n  prospects:\n    name: {en: Prospects, fr: Prospects}\n")
    extra.chmod(0o755)
    (repository / "data" / "README.md").write_text("not a declaration\n")
    (repository / "data" / "link.yaml").symlink_to("register.yaml")
    commit(repository, "split register")
    monkeypatch.chdir(repository)
    return repository


def test_only_regular_yaml_blobs_are_written(repository: Path, tmp_path: Path) -> None:
    found = Repository.around(repository)
    assert found is not None
    commit_id = found.commit("HEAD")
    assert commit_id is not None
    into = tmp_path / "out"
    into.mkdir()
    notes = found.export(commit_id, PurePosixPath("data"), into, "HEAD")
    assert notes == ["HEAD: data/link.yaml is a symbolic link; not read"]
    written = sorted(p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file())
    assert written == ["more/subjects.yml", "register.yaml"]
    assert (into / "register.yaml").read_bytes() == (repository / "data/register.yaml").read_bytes()


def test_the_note_about_a_link_is_printed_and_the_rest_compared(repository: Path) -> None:
    code, output, errors = diff("HEAD", *TODAY)
    assert (code, output) == (0, "HEAD → data: No change in the meaning of the register.\n")
    assert errors == "ropa: note: HEAD: data/link.yaml is a symbolic link; not read\n"


def test_a_file_past_the_loader_s_bound_is_left_out_with_a_note(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(git_module, "LIMITS", dataclasses.replace(LIMITS, file_bytes=200))
    code, _, errors = diff("HEAD", "-f", "json", *TODAY)
    assert code == 0
    size = (repository / "data/register.yaml").stat().st_size
    assert errors.splitlines()[:2] == [
        "ropa: note: HEAD: data/link.yaml is a symbolic link; not read",
        f"ropa: note: HEAD: data/register.yaml is {size:,} bytes; at most 200 are read: left out",
    ]


def test_git_runs_in_a_fixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_DIR", "/nowhere")
    monkeypatch.setenv("GIT_PAGER", "false")
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", "'core.pager'='false'")
    env = environment()
    assert "GIT_DIR" not in env
    assert "GIT_CONFIG_PARAMETERS" not in env
    assert env["GIT_PAGER"] == "cat"
    assert env["GIT_CONFIG_NOSYSTEM"] == "1"
    assert env["GIT_TERMINAL_PROMPT"] == "0"
    assert env["GIT_LITERAL_PATHSPECS"] == "1"


def test_a_hostile_environment_changes_nothing(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_DIR", "/nowhere")
    monkeypatch.setenv("GIT_PAGER", "false")
    monkeypatch.setenv("GIT_EXTERNAL_DIFF", "false")
    git(repository, "config", "core.pager", "false")
    code, output, _ = diff("HEAD", *TODAY)
    assert (code, output) == (0, "HEAD → data: No change in the meaning of the register.\n")


def test_a_register_at_the_repository_s_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = init(tmp_path / "root")
    write(repository, register_after(0))
    commit(repository, "register at the root")
    write(repository, register_after(1))
    monkeypatch.chdir(repository)
    code, output, _ = diff("HEAD", "--register", ".", "-f", "json", *TODAY)
    assert code == 0
    assert '"kind": "purpose-added"' in output
