"""A register as it was at a Git revision, read without checking anything out.

``git ls-tree`` lists the register's folder at the revision, and one ``git cat-file --batch``
process hands over its files, which are written into a private temporary folder for ropa's own
loader to read: only regular files (modes 100644 and 100755) whose names end in ``.yaml`` or
``.yml``, as the loader reads them; a symbolic link is left out with a note (a link in a
register is never followed). Within the loader's bounds (``ropa.loader.LIMITS``): a file or a
register past them is left out with a note.

Git runs with a fixed environment (no pager, no system configuration, no prompt, literal
paths, the C locale) and ``core.quotepath=off``; its output is read within bounds, and any
failure is a :class:`GitError` of one line.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from ropa.display import shown
from ropa.loader import LIMITS

#: The files ropa reads in a register (``ropa.loader``).
SUFFIXES = (".yaml", ".yml")
#: What git may print for one listing or one line of an answer; past it, git is stopped.
MAX_LISTING = 16 * 1024 * 1024
MAX_HEADER = 1024
MAX_MESSAGE = 4096
#: The environment variables git keeps from ours: where programs are, the user's home (its
#: safe.directory settings), and where the search for a repository stops.
_KEPT = ("PATH", "HOME", "SYSTEMROOT", "TMPDIR", "USER", "LOGNAME", "GIT_CEILING_DIRECTORIES")
_FIXED = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_LITERAL_PATHSPECS": "1",
    "LC_ALL": "C",
}
_REGULAR = ("100644", "100755")
_LINK = "120000"


class GitError(Exception):
    """Git could not do what was asked; the message is one line that says why."""


def environment() -> dict[str, str]:
    """The environment git runs in: ours reduced to :data:`_KEPT`, plus :data:`_FIXED`."""
    kept = {name: os.environ[name] for name in _KEPT if name in os.environ}
    return {**kept, **_FIXED}


def _command(*args: str) -> list[str]:
    return ["git", "--no-pager", "-c", "core.quotepath=off", *args]


def _first_line(data: bytes) -> str:
    lines = data.decode("utf-8", "replace").strip().splitlines()
    return shown(lines[0].removeprefix("fatal: ")) if lines else "no message"


def _start(args: list[str], cwd: Path, errors: IO[bytes], *, stdin: int) -> subprocess.Popen[bytes]:
    """git with ``args`` in ``cwd``, its environment fixed, its errors into ``errors``."""
    try:
        return subprocess.Popen(  # noqa: S603  # git, with arguments of ours
            _command(*args),
            cwd=cwd,
            env=environment(),
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=errors,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None


def run(args: list[str], cwd: Path, *, limit: int = MAX_LISTING) -> tuple[int, bytes, str]:
    """Run git: its exit code, its output (at most ``limit`` bytes, else :class:`GitError`)
    and the first line of its error output."""
    with tempfile.TemporaryFile() as errors:
        process = _start(list(args), cwd, errors, stdin=subprocess.DEVNULL)
        with process:
            assert process.stdout is not None
            output = process.stdout.read(limit + 1)
            if len(output) > limit:
                process.kill()
                raise GitError(f"git {args[0]} printed more than {limit:,} bytes; stopped")
        errors.seek(0)
        message = _first_line(errors.read(MAX_MESSAGE))
    return process.returncode, output, message


@dataclass(frozen=True)
class Listed:
    """A file of the register at a revision: its path inside the register, blob and size."""

    path: PurePosixPath
    blob: str
    size: int


@dataclass(frozen=True)
class Repository:
    """The Git repository the current folder is in."""

    top: Path

    @classmethod
    def around(cls, folder: Path) -> Repository | None:
        """The repository ``folder`` is in, or None outside one; a :class:`GitError` when git
        refuses it (a repository of another user, not listed as a safe.directory)."""
        code, output, message = run(["rev-parse", "--show-toplevel"], folder, limit=MAX_HEADER * 4)
        if code != 0 and "not a git repository" not in message.lower():
            raise GitError(f"git: {message}")
        if code != 0 or not output.strip():
            return None
        return cls(Path(os.fsdecode(output.rstrip(b"\n"))))

    def commit(self, revision: str) -> str | None:
        """The commit ``revision`` names (``HEAD~1``, ``main``, a tag), or None."""
        if not revision or revision.startswith("-") or any(c in revision for c in "\0\n\r"):
            return None
        code, output, _ = run(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"],
            self.top,
            limit=MAX_HEADER,
        )
        sha = output.decode("ascii", "replace").strip()
        return sha if code == 0 and sha else None

    def inside(self, folder: Path) -> PurePosixPath | None:
        """``folder`` (of the working tree, existing or not) relative to the repository's top,
        or None when it lies outside."""
        real = Path(os.path.realpath(folder))
        top = Path(os.path.realpath(self.top))
        if real != top and not real.is_relative_to(top):
            return None
        return PurePosixPath(real.relative_to(top).as_posix())

    def listing(
        self, commit: str, folder: PurePosixPath, label: str
    ) -> tuple[list[Listed], list[str], bool]:
        """The register files under ``folder`` at ``commit``, the notes about what is left
        out, and whether anything at all is there."""
        pathspec = [] if str(folder) == "." else ["--", str(folder)]
        code, output, message = run(["ls-tree", "-r", "-l", "-z", commit, *pathspec], self.top)
        if code != 0:
            raise GitError(f"git ls-tree could not list {shown(label)}: {message}")
        prefix = "" if str(folder) == "." else f"{folder}/"
        files: list[Listed] = []
        notes: list[str] = []
        found = False
        for record in output.split(b"\0"):
            if not record:
                continue
            meta, _, raw_path = record.partition(b"\t")
            path = raw_path.decode("utf-8", "surrogateescape")
            if not path.startswith(prefix):
                continue
            found = True
            parts = meta.decode("ascii", "replace").split()
            if len(parts) != 4 or not path.endswith(SUFFIXES):
                continue
            mode, kind, blob, size = parts
            inner = PurePosixPath(path[len(prefix) :])
            if mode == _LINK:
                notes.append(f"{label}: {shown(path)} is a symbolic link; not read")
            elif mode in _REGULAR and kind == "blob" and size.isdigit():
                files.append(Listed(inner, blob, int(size)))
        return files, notes, found

    def export(self, commit: str, folder: PurePosixPath, into: Path, label: str) -> list[str]:
        """Write the register under ``folder`` at ``commit`` into the empty folder ``into``;
        the notes about what was left out (a link, a bound, an empty revision)."""
        files, notes, found = self.listing(commit, folder, label)
        if not found:
            notes.append(
                f"{label} has no register at {shown(str(folder))}; compared as an empty register"
            )
        chosen: list[Listed] = []
        total = 0
        for listed in files:
            where = f"{label}: {shown(str(folder / listed.path))}"
            if len(chosen) >= LIMITS.files:
                notes.append(f"{label}: over {LIMITS.files:,} files; the first are read")
                break
            if listed.size > LIMITS.file_bytes:
                notes.append(
                    f"{where} is {listed.size:,} bytes; at most {LIMITS.file_bytes:,} are read: "
                    "left out"
                )
                continue
            if total + listed.size > LIMITS.register_bytes:
                notes.append(
                    f"{where}: the register is over {LIMITS.register_bytes:,} bytes here; this "
                    "file and those after it are left out"
                )
                break
            total += listed.size
            chosen.append(listed)
        if chosen:
            self._write(chosen, into, label)
        return notes

    def _write(self, files: list[Listed], into: Path, label: str) -> None:
        """One ``git cat-file --batch`` for all the blobs, each written as its file."""
        with tempfile.TemporaryFile() as errors:
            process = _start(["cat-file", "--batch"], self.top, errors, stdin=subprocess.PIPE)
            with process:
                assert process.stdin is not None
                assert process.stdout is not None
                try:
                    for listed in files:
                        _write_file(into, listed.path, _blob(process.stdin, process.stdout, listed))
                except (GitError, OSError) as exc:
                    process.kill()
                    errors.seek(0)
                    detail = str(exc) or _first_line(errors.read(MAX_MESSAGE))
                    raise GitError(
                        f"git cat-file could not read {shown(label)}: {detail}"
                    ) from None


def _blob(stdin: IO[bytes], stdout: IO[bytes], listed: Listed) -> bytes:
    """Ask the batch process for one blob and read it, within its announced size."""
    stdin.write(listed.blob.encode("ascii") + b"\n")
    stdin.flush()
    header = stdout.readline(MAX_HEADER).split()
    if (
        len(header) != 3
        or header[1] != b"blob"
        or not header[2].isdigit()
        or int(header[2]) != listed.size
    ):
        raise GitError(f"unexpected answer for {listed.path}")
    data = stdout.read(listed.size)
    if len(data) != listed.size or stdout.read(1) != b"\n":
        raise GitError(f"{listed.path} was cut short")
    return data


def _write_file(root: Path, path: PurePosixPath, data: bytes) -> None:
    """Write ``data`` at ``root/path``, creating its folders; a path that would leave ``root``
    (a part that is ``..``, empty or absolute) is refused."""
    parts = path.parts
    if not parts or path.is_absolute() or any(p in ("", ".", "..") for p in parts):
        raise GitError(f"refused path {shown(str(path))}")
    folder = root.joinpath(*parts[:-1])
    folder.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    handle = os.open(folder / parts[-1], flags, 0o600)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
