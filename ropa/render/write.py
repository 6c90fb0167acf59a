"""Atomic output: every file is written to a temporary file beside it, then renamed into place.

A build writes all its temporary files first and renames them only once every one is on disk,
so a failure leaves the previous outputs as they were; readers see each file old or new, never
half written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Outputs are ordinary files (mkstemp makes them 0600); read once, at import.
_MODE = 0o666 & ~_read_umask()


def _temporary(path: Path, data: bytes) -> Path:
    """``data`` in a temporary file beside ``path``, flushed to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    _temporary(path, data).replace(path)


def write_all(outputs: Mapping[Path, bytes]) -> None:
    """Write every output: all temporary files first, then every rename."""
    written: list[tuple[Path, Path]] = []
    try:
        for path, data in outputs.items():
            written.append((_temporary(path, data), path))
    except BaseException:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, path in written:
        temporary.replace(path)
