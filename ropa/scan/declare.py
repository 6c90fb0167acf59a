"""``ropa scan --write-declarations FILE``: draft ``cookies:`` entries for what a scan found.

Each cookie or storage key becomes an entry in the format's shape, with what the scan knows
written out (its name, type, lifetime, and ``first_party`` where no other site set it) and a
``# TODO`` for what it cannot know: the purpose (an activity, which carries the legal basis),
whether consent is needed, the provider's recipient id, a description for the public page. The
file is a draft to complete and paste into the register, so it is never written over: an
existing file stops the command. With a register, only what no declaration names is drafted.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from ropa.display import neutral
from ropa.interop.write import yaml_text
from ropa.loader import COOKIE_ID_PATTERN
from ropa.model.register import Register
from ropa.scan.compare import COOKIE, Stored, declaration, stored
from ropa.scan.result import Scan, StorageKind


class DeclarationsExistError(Exception):
    """The file to draft into exists already."""


def _entry_id(name: str, taken: set[str]) -> str:
    """An id for ``name``: the name itself where it is a valid cookie id, else one made of it
    (the name then goes in ``names``); never one already taken."""
    base = name
    if not COOKIE_ID_PATTERN.fullmatch(name):
        base = re.sub(r"[^A-Za-z0-9_.$-]+", "_", name).strip("_") or "tracker"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _lifetime(item: Stored) -> str | None:
    """What the scan saw of its lifetime, as a Duration; ``None`` for local storage."""
    if item.kind == str(StorageKind.LOCAL):
        return None
    if not item.persistent or item.lifetime is None:
        return "session"
    days = max(1, math.ceil(item.lifetime.total_seconds() / 86400))
    return f"{days} day{'' if days == 1 else 's'}"


def _grouped(scan: Scan, register: Register | None) -> list[Stored]:
    """What to declare, one per name (a cookie of one name on two hosts is one declaration):
    what no declaration of ``register`` names, cookies first."""
    groups: dict[tuple[bool, str], Stored] = {}
    for item in sorted(stored(scan), key=lambda i: (i.kind != COOKIE, i.name, i.where)):
        if register is not None and declaration(item, register) is not None:
            continue
        key = (item.kind == COOKIE, item.name)
        group = groups.get(key)
        if group is None:
            groups[key] = replace(
                item,
                consented=set(item.consented),
                third_parties=set(item.third_parties),
            )
            continue
        group.consented |= item.consented
        group.third_parties |= item.third_parties
        group.persistent |= item.persistent
        if item.lifetime is not None and (group.lifetime is None or item.lifetime > group.lifetime):
            group.lifetime = item.lifetime
    return list(groups.values())


def drafts(
    scan: Scan, register: Register | None
) -> tuple[dict[str, Any], dict[tuple[str | int, ...], str]]:
    """The ``cookies:`` entries to draft, and their TODO comments by path."""
    entries: dict[str, Any] = {}
    todos: dict[tuple[str | int, ...], str] = {}
    taken = set(register.cookies) if register is not None else set()
    for item in _grouped(scan, register):
        entry_id = _entry_id(item.name, taken)
        path = ("cookies", entry_id)
        entry: dict[str, Any] = {}
        if entry_id != item.name:
            entry["names"] = [item.name]
        if item.third_parties:
            hosts = ", ".join(sorted(item.third_parties))
            todos[(*path, "provider")] = (
                f"the id under recipients: of whoever sets it from {hosts} (seen by ropa scan)"
            )
        else:
            entry["provider"] = "first_party"
        todos[(*path, "purpose")] = "the id of the activity it serves (its legal basis is there)"
        lifetime = _lifetime(item)
        if lifetime is None:
            todos[(*path, "lifetime")] = (
                "how long it is kept: local storage keeps it until the site or the visitor "
                "deletes it"
            )
        else:
            entry["lifetime"] = lifetime
        before = " (the scan saw it set before consent)" if False in item.consented else ""
        todos[(*path, "consent")] = f"required; exempt only if strictly needed{before}"
        entry["type"] = "cookie" if item.kind == COOKIE else "local_storage"
        todos[(*path, "description")] = "what it stores and why, for the public page"
        entries[entry_id] = entry
    return entries, todos


def draft_text(scan: Scan, register: Register | None) -> str:
    """The drafted file's text (a comment alone when there is nothing to declare)."""
    entries, todos = drafts(scan, register)
    head = (
        f"# Drafted by ropa scan from {neutral(scan.url)} on {scan.started:%Y-%m-%d}.\n"
        "# Complete each TODO, then move the entries under the register's cookies: section.\n"
    )
    if not entries:
        return head + "# Nothing to declare: every cookie and storage key seen is declared.\n"
    return head + yaml_text({"cookies": entries}, ("cookies",), todos)


def write_new(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, which must not exist: written beside it, then linked into
    place, so that the file appears whole or not at all, and an existing one is never replaced."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115  # linked into place, then removed
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
        try:
            os.link(handle.name, path)
        except FileExistsError:
            raise DeclarationsExistError(str(path)) from None
        except OSError:  # a file system without hard links: exclusive creation instead
            try:
                with path.open("x", encoding="utf-8") as exclusive:
                    exclusive.write(text)
            except FileExistsError:
                raise DeclarationsExistError(str(path)) from None
    finally:
        with contextlib.suppress(OSError):
            Path(handle.name).unlink()
