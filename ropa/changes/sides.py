"""The two sides of a diff: a register folder, or the register folder at a Git revision.

Each side is validated like ``ropa validate`` does (the project's severities applied), so that
a side with errors is known, and compared as far as it could be read. With a spare core (on
Linux), the old side is read in a forked process while this one reads the new side: a diff
then takes about the time of one validation, plus sending one register back.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path

from ropa.changes.git import GitError, Repository
from ropa.check import validate
from ropa.config import Config
from ropa.display import shown
from ropa.findings import Severity
from ropa.model.register import Register


class SideError(Exception):
    """A side that cannot be read at all; the message is one line that says why."""


@dataclass
class Side:
    """One side: as the user named it, its register (as far as it loaded), how many errors
    ``ropa validate`` finds in it, and notes about its reading."""

    label: str
    register: Register
    errors: int
    notes: list[str] = field(default_factory=list)


def read_side(spec: str | None, register: Path, today: date, config: Config) -> Side:
    """The side ``spec`` names: a folder, a Git revision (the register folder ``register`` as
    it was then), or, for None, ``register`` in the working tree."""
    if spec is None:
        return _folder(register, register.as_posix(), today, config)
    path = Path(spec)
    if path.is_dir():
        if _is_revision(spec):
            raise SideError(
                f"'{shown(spec)}' names both a folder and a Git revision; write ./{shown(spec)} "
                f"for the folder, or {shown(spec)}^{{commit}} for the revision"
            )
        return _folder(path, spec, today, config)
    if path.exists():
        raise SideError(f"'{shown(spec)}' is a file; give a register folder or a Git revision")
    return _revision(spec, register, today, config)


def read_sides(
    old: str, new: str | None, register: Path, today: date, config: Config
) -> tuple[Side, Side]:
    """Both sides (:func:`read_side`), the old one in a forked process where one can be
    forked safely (Linux, a spare core, no other thread), else one after the other. An error
    of the old side is reported before one of the new side."""
    if not _can_fork():
        return read_side(old, register, today, config), read_side(new, register, today, config)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_worker, args=(sender, receiver, old, register, today, config), daemon=True
    )
    try:
        process.start()
    except OSError:  # no processes here (a sandbox): one side after the other
        receiver.close()
        sender.close()
        return read_side(old, register, today, config), read_side(new, register, today, config)
    sender.close()
    try:
        failed: SideError | None = None
        try:
            after = read_side(new, register, today, config)
        except SideError as exc:
            failed = exc
        try:
            kind, payload = receiver.recv()
        except (EOFError, OSError):
            kind, payload = "again", None
        if kind == "error":
            raise SideError(str(payload))
        before = payload if kind == "ok" else read_side(old, register, today, config)
        if failed is not None:
            raise failed
        assert isinstance(before, Side)
        return before, after
    finally:
        receiver.close()
        if process.is_alive():
            process.terminate()
        process.join()


def _is_revision(spec: str) -> bool:
    """Whether ``spec`` names a commit of the repository around the current folder. A side
    that is both a folder and a revision is refused, as git refuses an argument that is both
    a path and a revision: a pull request could add a folder named like the revision a CI job
    compares with (``origin/main/``), holding whatever it wants the comparison to see."""
    try:
        repository = Repository.around(Path.cwd())
    except GitError:  # a repository git refuses holds no revision to read
        return False
    return repository is not None and repository.commit(spec) is not None


def read_revision(spec: str, register: Path, today: date, config: Config) -> Side:
    """The register folder ``register`` as it was at the Git revision ``spec``, and never a
    folder of that name: the version gate compares with a revision, and a pull request could
    add a folder named like it (``origin/main/``) holding whatever passes. A name that starts
    with ``-`` is refused before git sees it."""
    if spec.startswith("-"):
        raise SideError(f"'{shown(spec)}' starts with '-'; a Git revision does not")
    return _revision(spec, register, today, config, folders=False)


def _can_fork() -> bool:
    if sys.platform != "linux" or threading.active_count() > 1:
        return False
    return len(os.sched_getaffinity(0)) > 1


def _worker(  # noqa: PLR0917  # a Process target takes its arguments positionally
    sender: Connection,
    receiver: Connection,
    spec: str,
    register: Path,
    today: date,
    config: Config,
) -> None:
    """A forked process's work: one side, sent back (or its error, in one line; or "again"
    when the register cannot be sent, for the parent to read it itself). It never prints."""
    try:
        receiver.close()
        try:
            side = read_side(spec, register, today, config)
        except SideError as exc:
            sender.send(("error", str(exc)))
            return
        try:
            data = pickle.dumps(("ok", side), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):  # an entry read in part
            sender.send(("again", None))
            return
        sender.send_bytes(data)
    except BaseException:  # multiprocessing would print a traceback; the parent reads it itself
        os._exit(1)
    finally:
        sender.close()


def _folder(path: Path, label: str, today: date, config: Config) -> Side:
    if not path.is_dir():
        raise SideError(f"no such register folder: {shown(label)}")
    return _validated(path, label, today, config, [])


def _validated(path: Path, label: str, today: date, config: Config, notes: list[str]) -> Side:
    report = validate(path, today)
    errors = sum(f.severity is Severity.ERROR for f in config.apply(report.findings))
    return Side(label, report.register, errors, notes)


def _revision(
    spec: str, register: Path, today: date, config: Config, *, folders: bool = True
) -> Side:
    """``register`` at the revision ``spec``; ``folders``: whether ``spec`` could also have
    named a folder (the messages say so)."""
    try:
        repository = Repository.around(Path.cwd())
    except GitError as exc:
        raise SideError(str(exc)) from None
    if repository is None:
        here = shown(str(Path.cwd()))
        raise SideError(
            f"'{shown(spec)}' is not a folder, and {here} is in no Git repository to read it "
            "as a revision"
            if folders
            else f"{here} is in no Git repository to read the revision '{shown(spec)}' from"
        )
    commit = repository.commit(spec)
    if commit is None:
        neither = "neither a folder nor a revision" if folders else "not a revision"
        raise SideError(
            f"'{shown(spec)}' is {neither} of the Git repository at {shown(str(repository.top))}"
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
        return _validated(root, spec, today, config, notes)
    finally:
        shutil.rmtree(work, ignore_errors=True)
