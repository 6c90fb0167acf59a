"""The two sides of a diff: a register folder, or the register folder at a Git revision.

Each side is validated like ``ropa validate`` does (the project's severities applied), so that
a side with errors is known, and compared as far as it could be read.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ropa.changes.git import GitError, Repository
from ropa.check import Report, validate
from ropa.config import Config
from ropa.display import shown


class SideError(Exception):
    """A side that cannot be read at all; the message is one line that says why."""


@dataclass
class Side:
    """One side: as the user named it, its validated register, and notes about its reading."""

    label: str
    report: Report
    notes: list[str] = field(default_factory=list)


def read_side(spec: str | None, register: Path, today: date, config: Config) -> Side:
    """The side ``spec`` names: a folder, a Git revision (the register folder ``register`` as
    it was then), or, for None, ``register`` in the working tree."""
    if spec is None:
        return _folder(register, register.as_posix(), today, config)
    path = Path(spec)
    if path.is_dir():
        return _folder(path, spec, today, config)
    if path.exists():
        raise SideError(f"'{shown(spec)}' is a file; give a register folder or a Git revision")
    return _revision(spec, register, today, config)


def _folder(path: Path, label: str, today: date, config: Config) -> Side:
    if not path.is_dir():
        raise SideError(f"no such register folder: {shown(label)}")
    return Side(label, _validated(path, today, config))


def _validated(path: Path, today: date, config: Config) -> Report:
    report = validate(path, today)
    report.findings = config.apply(report.findings)
    return report


def _revision(spec: str, register: Path, today: date, config: Config) -> Side:
    try:
        repository = Repository.around(Path.cwd())
    except GitError as exc:
        raise SideError(str(exc)) from None
    if repository is None:
        raise SideError(
            f"'{shown(spec)}' is not a folder, and {shown(str(Path.cwd()))} is in no Git "
            "repository to read it as a revision"
        )
    commit = repository.commit(spec)
    if commit is None:
        raise SideError(
            f"'{shown(spec)}' is neither a folder nor a revision of the Git repository at "
            f"{shown(str(repository.top))}"
        )
    folder = repository.inside(register)
    if folder is None:
        raise SideError(
            f"the register folder {shown(register.as_posix())} is outside the Git repository at "
            f"{shown(str(repository.top))}; compare folders instead"
        )
    work = Path(tempfile.mkdtemp(prefix="ropa-diff-"))
    try:
        root = work / "register"
        root.mkdir()
        try:
            notes = repository.export(commit, folder, root, spec)
        except GitError as exc:
            raise SideError(str(exc)) from None
        return Side(spec, _validated(root, today, config), notes)
    finally:
        shutil.rmtree(work, ignore_errors=True)
