"""Which register a path belongs to, so that one file of a split register is checked in it.

References cross files (an activity in ``activities/marketing.yaml`` names recipients declared
in ``recipients.yaml``), so a file of a register cannot be validated alone. ``ropa validate
FILE...`` validates each register the files belong to once, as a whole, and reports the
findings of the files given (with those that belong to no file: a missing section).

A file's register is the configured register folder when the file lies inside it; else the
nearest folder, walking up from the file, that directly holds a YAML file with a top-level
``organization:`` key; the walk stops at the repository's root (the folder holding ``.git``)
or the filesystem's. A file outside any register is validated alone.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ropa import fs

if TYPE_CHECKING:
    from ropa.check import Report
    from ropa.findings import Finding

#: The files a register is made of (``ropa.loader`` reads the same).
SUFFIXES = (".yaml", ".yml")

#: A top-level ``organization`` key, plain or quoted, at the start of a line (after a BOM on
#: the first). Matching text rather than parsing YAML keeps the walk cheap; validation then
#: says whatever else is wrong with the file.
_ORGANIZATION = re.compile(
    rb"^(?:\xef\xbb\xbf)?(?:organization|\"organization\"|'organization')[ \t]*:", re.MULTILINE
)

#: The loader reads no file larger than this (``ropa.loader.LIMITS.file_bytes``); neither does
#: the walk, so finding a register never reads more than validating it would.
MAX_FILE_BYTES = 20 * 1024 * 1024

#: How a missing ``organization`` or ``policy`` section begins (``ropa.model.register``): it is
#: placed at the register's first file, though it belongs to none.
_MISSING_SECTION = "the register has no '"


def holds_organization(folder: Path) -> bool:
    """Whether a YAML file directly in ``folder`` (not in its subfolders) has a top-level
    ``organization:`` key. Only regular files are read, through ``ropa.fs`` (no link is
    followed), within the loader's bound on a file."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(
                entry.name
                for entry in entries
                if entry.name.endswith(SUFFIXES) and entry.is_file(follow_symlinks=False)
            )
    except OSError:
        return False
    for name in names:
        try:
            data = fs.read_beneath(folder, name, limit=MAX_FILE_BYTES)
        except OSError:  # refused (a link, a special file, too large) or unreadable
            continue
        if _ORGANIZATION.search(data):
            return True
    return False


def _upward(folder: Path) -> Iterator[Path]:
    """``folder`` and the folders above it, up to the repository's root or the filesystem's."""
    for here in (folder, *folder.parents):
        yield here
        if os.path.lexists(here / ".git"):
            return


def _inside(path: Path, folder: Path) -> bool:
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _absolute(path: Path) -> Path:
    """``path`` made absolute, ``..`` removed as written (links are resolved only to compare)."""
    return Path(os.path.normpath(path.absolute()))


def _as_given(folder: Path, given: Path) -> Path:
    """``folder`` written as the user wrote ``given``: absolute, or relative to here."""
    return folder if given.is_absolute() else Path(os.path.relpath(folder))


def register_of(file: Path, configured: Path, seen: dict[Path, bool] | None = None) -> Path | None:
    """The register folder ``file`` belongs to, or None when it lies in none.

    ``configured`` is the register folder of the configuration (or the default, ``data``):
    inside it, that folder is the register, wherever its ``organization`` section is.
    ``seen`` keeps what folders were found to hold, for the next file of the same run: a
    hundred files of one folder then read its files once, not a hundred times.
    """
    seen = {} if seen is None else seen
    parent = _absolute(file).parent
    if configured.is_dir() and _inside(parent, configured):
        return _as_given(_absolute(configured), file)
    for folder in _upward(parent):
        if folder not in seen:
            seen[folder] = holds_organization(folder)
        if seen[folder]:
            return _as_given(folder, file)
    return None


def _is_declaration_file(path: Path) -> bool:
    return path.name.endswith(SUFFIXES) and not path.is_dir()


def register_root(path: Path, configured: Path) -> Path:
    """What to validate as a register for ``path``: a folder is one; a file is its register,
    or itself when it belongs to none."""
    if _is_declaration_file(path):
        return register_of(path, configured) or path
    return path


def default_register(configured: Path) -> Path:
    """The register ``ropa validate`` and ``ropa build`` read without a PATH: the configured
    folder (default ``data``) where it exists, else the current folder when it holds the
    ``organization`` section (ropa is run from inside the register)."""
    if not os.path.lexists(configured) and holds_organization(Path()):
        return Path()
    return configured


@dataclass
class Target:
    """One register to validate, and the files of it whose findings are wanted (``whole``:
    all of them, the register was named itself, or the file is a register of its own)."""

    root: Path
    files: list[Path] = field(default_factory=list)
    whole: bool = False


def plan(paths: Sequence[Path], configured: Path) -> list[Target]:
    """The registers to validate for ``paths``, each once, in the order first named.

    A folder is a register, validated as a whole; a YAML file is validated in its register
    (``register_of``), or alone as a register of one file when it belongs to none.
    """
    targets: dict[str, Target] = {}
    seen: dict[Path, bool] = {}
    for path in paths:
        root = register_of(path, configured, seen) if _is_declaration_file(path) else None
        if root is None:
            targets.setdefault(os.path.realpath(path), Target(path)).whole = True
        else:
            targets.setdefault(os.path.realpath(root), Target(root)).files.append(path)
    return list(targets.values())


def _is_folder(name: str) -> bool:
    path = Path(name)
    return path.is_dir() and not path.is_symlink()


def belongs_to_no_file(finding: Finding, report: Report) -> bool:
    """A finding about the register as a whole: a missing ``organization`` or ``policy``
    section (placed at the register's first file), or one placed at a folder (the register's
    bound on files, a folder that cannot be read)."""
    from ropa.rules.files import MISSING_FIELD  # noqa: PLC0415

    if (
        finding.rule == MISSING_FIELD.id
        and finding.message.startswith(_MISSING_SECTION)
        and finding.position == report.source.locator.default()
    ):
        return True
    return _is_folder(finding.position.file)


def part(report: Report, files: Sequence[Path]) -> tuple[list[str], list[Finding]]:
    """The files of ``report`` named by ``files`` (as the register names them) and their
    findings, with those that belong to no file placed at the first of them."""
    from ropa.findings import Position  # noqa: PLC0415

    wanted = {os.path.realpath(file): file for file in files}
    named = {os.path.realpath(name): name for name in report.source.files}
    names = sorted(named.get(real, given.as_posix()) for real, given in wanted.items())
    real: dict[str, str] = {}
    chosen = []
    for finding in report.findings:
        file = finding.position.file
        if real.setdefault(file, os.path.realpath(file)) in wanted:
            chosen.append(finding)
        elif belongs_to_no_file(finding, report):
            chosen.append(replace(finding, position=Position(names[0], 1, 1)))
    return names, chosen


@dataclass
class Checked:
    """A register validated for some paths: its report (narrowed to the files given, when
    only some were), and how many files were read to make it."""

    target: Target
    report: Report
    read: int


def validate_paths(paths: Sequence[Path], today: date, configured: Path) -> list[Checked]:
    """Validate the registers of ``paths`` (``plan``) as of ``today``: for each, its report
    narrowed to the files given. Raises ``RegisterNotFoundError`` for a path that does not
    exist, before anything is read."""
    from ropa.check import RegisterNotFoundError, validate  # noqa: PLC0415

    for path in paths:
        if not os.path.lexists(path):
            raise RegisterNotFoundError(str(path))
    checked = []
    for target in plan(paths, configured):
        report = validate(target.root, today)
        read = len(report.source.files)
        if not target.whole:
            names, findings = part(report, target.files)
            report = replace(report, source=replace(report.source, files=names), findings=findings)
        checked.append(Checked(target, report, read))
    return checked


def combined(checked: Sequence[Checked]) -> Report:
    """One report of several registers' (a single one is returned as it is)."""
    from ropa.check import Report  # noqa: PLC0415
    from ropa.findings import sorted_findings  # noqa: PLC0415
    from ropa.loader import Source  # noqa: PLC0415
    from ropa.model.register import Register  # noqa: PLC0415

    if len(checked) == 1:
        return checked[0].report
    files = [name for each in checked for name in each.report.source.files]
    findings = [finding for each in checked for finding in each.report.findings]
    return Report(Register(), Source(root="", files=files), sorted_findings(findings))
