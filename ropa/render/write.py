"""Atomic output: every file is written to a temporary file beside it, then renamed into place.

A build writes all its temporary files first and renames them only once every one is on disk,
so a failure leaves the previous outputs as they were; readers see each file old or new, never
half written. Builds into one folder take turns (``locked``), so its outputs always come from
one build, and a build removes the temporary files a killed one left behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

#: Every temporary file starts so, which is how a later build recognises a killed one's.
TEMPORARY_PREFIX = ".ropa-tmp-"
#: The lock file in the output folder that builds into it take turns on.
LOCK_NAME = ".ropa.lock"
#: The signals that stop a build (``Interrupted``); they wait while the outputs are renamed.
STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


class Interrupted(BaseException):  # as KeyboardInterrupt: no `except Exception` may swallow it
    """A build stopped by ``signum`` (raised by the caller's signal handler).

    ``written`` is true when the signal came while the outputs were being renamed into place:
    the renames were finished first, so the new outputs are all there.
    """

    def __init__(self, signum: int, *, written: bool = False) -> None:
        super().__init__(signum)
        self.signum = signum
        self.written = written


class BusyError(Exception):
    """Another build holds the output folder's lock, and this one was told not to wait."""


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Outputs are ordinary files (mkstemp makes them 0600); read once, at import.
_MODE = 0o666 & ~_read_umask()


def _temporary(path: Path, data: bytes) -> Path:
    """``data`` in a temporary file beside ``path`` (whose folder exists), flushed to disk."""
    handle, name = tempfile.mkstemp(prefix=f"{TEMPORARY_PREFIX}{path.name}-", dir=path.parent)
    temporary = Path(name)
    try:
        temporary.chmod(_MODE)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _make_folders(folder: Path, made: list[Path]) -> None:
    """Create ``folder`` and its missing parents, adding each one made to ``made``."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(exist_ok=True)
        made.append(each)


def _remove_folders(made: list[Path]) -> None:
    """Remove the folders ``_make_folders`` made, those still empty."""
    for folder in reversed(made):
        with contextlib.suppress(OSError):  # something else was put there meanwhile: keep it
            folder.rmdir()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _temporary(path, data).replace(path)


def write_all(outputs: Mapping[Path, bytes], removing: Iterable[Path] = ()) -> list[Path]:
    """Write every output: all temporary files first, then every rename; with the renames,
    remove the files of ``removing`` that exist (outputs of a previous build that no longer
    apply). Returns those removed.

    Until the renames, a failure (or an interruption) removes the temporary files and the
    folders made for them; the renames and removals themselves are never interrupted halfway.
    """
    written: list[tuple[Path, Path]] = []
    made: list[Path] = []
    try:
        for path, data in outputs.items():
            _make_folders(path.parent, made)
            written.append((_temporary(path, data), path))
    except BaseException:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        _remove_folders(made)
        raise
    removed: list[Path] = []
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        for temporary, path in written:
            temporary.replace(path)
        for path in removing:
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed.append(path)
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        raise
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a signal held back arrives here
    except Interrupted as stop:
        raise Interrupted(stop.signum, written=True) from None
    return removed


def _same_file(fd: int, path: Path) -> bool:
    try:
        at_path = path.lstat()
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (at_path.st_dev, at_path.st_ino) == (held.st_dev, held.st_ino)


@contextlib.contextmanager
def locked(
    out: Path, *, wait: bool = True, waiting: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold ``out``'s build lock: an advisory ``flock`` on ``out/.ropa.lock``, a file made for
    the time of the build (and ``out`` with it if need be: removed again if the build fails).
    While another build holds it, call ``waiting()`` and wait, or, unless ``wait``, raise
    ``BusyError``.

    The holder removes the lock file before it lets go (an output folder is often published
    as it is), so a lock won on a file no longer at that path locks nothing: it is taken again
    on the file there now. Two builds never hold different locks on one folder.
    """
    path = out / LOCK_NAME
    while True:
        made: list[Path] = []
        _make_folders(out, made)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
        except FileNotFoundError:  # a failed build just removed the folder it had made
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    raise BusyError(f"another build is writing to {out}") from None
                if waiting is not None:
                    waiting()
                fcntl.flock(fd, fcntl.LOCK_EX)
            if _same_file(fd, path):
                try:
                    yield
                except BaseException:
                    path.unlink(missing_ok=True)
                    _remove_folders(made)
                    raise
                path.unlink(missing_ok=True)
                return
        finally:
            os.close(fd)  # which lets the lock go


def remove_stale_temporaries(out: Path) -> list[Path]:
    """Remove the temporary files that killed builds left in ``out`` and its subfolders (one
    level down); returns them. Call it holding ``out``'s lock, so no live build's are among them."""
    removed = []
    folders = [out]
    try:
        folders += [p for p in out.iterdir() if p.is_dir() and not p.is_symlink()]
    except FileNotFoundError:
        return []
    for folder in folders:
        for path in folder.iterdir():
            if path.name.startswith(TEMPORARY_PREFIX) and stat.S_ISREG(path.lstat().st_mode):
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed
