"""Reading files inside a folder, and only there: the register, the templates, the configuration.

A pull request controls every name and link under these folders. Every read here walks from
the folder's own descriptor one name at a time with ``O_NOFOLLOW``, so a symbolic link, even
one swapped in between a check and the read, can never lead outside; special files (FIFOs,
devices, sockets) are refused without blocking on them; and nothing larger than a bound is
read into memory.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# O_NONBLOCK: opening a FIFO swapped in for a file must not wait for a writer.
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK


class RefusedError(OSError):
    """A path that may not be read: its message says why, in words a user can act on."""


class TooLargeError(RefusedError):
    """A file over the size bound; ``size`` is its size in bytes."""

    def __init__(self, message: str, size: int) -> None:
        super().__init__(message)
        self.size = size


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"


def _parts(relative: PurePosixPath | str) -> list[str]:
    parts = [part for part in PurePosixPath(relative).parts if part not in ("", ".")]
    if not parts or ".." in parts or PurePosixPath(relative).is_absolute():
        raise RefusedError(f"'{relative}' is not a path inside the folder")
    return parts


def read_beneath(root: Path, relative: PurePosixPath | str, *, limit: int) -> bytes:
    """The bytes of the regular file ``root/relative``, reached without following any link.

    Raises :class:`RefusedError` for a link, a special file or a file over ``limit`` bytes
    (:class:`TooLargeError`), and ``OSError`` when the file cannot be read.
    """
    parts = _parts(relative)
    folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in parts[:-1]:
            try:
                inner = os.open(part, _DIRECTORY, dir_fd=folder)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise RefusedError(
                        f"'{part}' is a link, not a folder; links are not followed"
                    ) from None
                raise
            os.close(folder)
            folder = inner
        try:
            handle = os.open(parts[-1], _FILE, dir_fd=folder)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise RefusedError("it is a link; links are not followed") from None
            raise
    finally:
        os.close(folder)
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise RefusedError(f"it is {_kind(info.st_mode)}, not a file")
        if info.st_size > limit:
            raise TooLargeError(f"{info.st_size:,} bytes", info.st_size)
        data = stream.read(limit + 1)  # a file that grows while it is read is still bounded
    if len(data) > limit:
        raise TooLargeError(f"over {limit:,} bytes", len(data))
    return data


@dataclass(frozen=True, slots=True)
class Problem:
    """A path under the folder that was not read, and why (a sentence a user can act on);
    ``limit`` when it was a bound, not the path itself, that stopped the reading."""

    path: Path
    message: str
    limit: bool = False


@dataclass
class Listing:
    """What a walk of a folder found: the files to read and the paths it refused."""

    files: list[PurePosixPath]
    problems: list[Problem]


def walk(
    root: Path, suffixes: tuple[str, ...], *, max_files: int, what: str = "register"
) -> Listing:
    """Every file below ``root`` whose name ends in one of ``suffixes``, relative and sorted.

    Links are not followed. A link that stays inside ``root`` is skipped: what it points to is
    read where it is. A link that leads outside, a broken link, a special file with one of the
    suffixes and a folder that cannot be listed are :class:`Problem` s. At most ``max_files``
    files are listed; the walk stops there with a problem saying so.
    """
    real_root = Path(os.path.realpath(root))
    files: list[PurePosixPath] = []
    problems: list[Problem] = []
    pending = [PurePosixPath()]
    while pending:
        relative = pending.pop()
        here = root / relative
        try:
            with os.scandir(here) as entries:
                found = sorted(entries, key=lambda entry: entry.name)
        except OSError as exc:
            problems.append(Problem(here, f"the folder cannot be read: {exc.strerror or exc}"))
            continue
        folders = []
        for entry in found:
            path = relative / entry.name
            try:
                if entry.is_symlink():
                    problem = _link_problem(real_root, root / path, entry.name, suffixes, what)
                    if problem is not None:
                        problems.append(problem)
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(path)
                elif entry.name.endswith(suffixes):
                    mode = entry.stat(follow_symlinks=False).st_mode
                    if stat.S_ISREG(mode):
                        files.append(path)
                    else:
                        problems.append(
                            Problem(
                                root / path, f"{_kind(mode)}, not a file, is never read; remove it"
                            )
                        )
            except OSError as exc:
                problems.append(Problem(root / path, f"cannot be read: {exc.strerror or exc}"))
        pending.extend(reversed(folders))
    files.sort()
    if len(files) > max_files:
        problems.append(
            Problem(
                root,
                f"the register holds {len(files):,} files; the first {max_files:,} are read: "
                "keep the register smaller, or validate parts of it",
                limit=True,
            )
        )
        files = files[:max_files]
    return Listing(files, problems)


def _link_problem(
    real_root: Path, link: Path, name: str, suffixes: tuple[str, ...], what: str
) -> Problem | None:
    """None when ``link`` may be skipped quietly; else why it is refused."""
    target = Path(os.path.realpath(link))
    if not target.exists():
        if name.endswith(suffixes):
            return Problem(link, "a link that leads nowhere; put the file itself here")
        return None
    if target == real_root or target.is_relative_to(real_root):
        return None  # what it points to is inside, and read there
    if target.is_dir() or name.endswith(suffixes):
        noun = "folder" if target.is_dir() else "file"
        return Problem(
            link,
            f"a link to a {noun} outside the {what}: only what is inside the {what} is read; "
            f"copy the {noun} here instead",
        )
    return None


def inside(root: Path, path: Path) -> PurePosixPath | None:
    """``path`` relative to ``root`` when, links resolved, it lies inside ``root``; else None."""
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(path))
    if real == real_root or not real.is_relative_to(real_root):
        return None
    return PurePosixPath(real.relative_to(real_root).as_posix())
