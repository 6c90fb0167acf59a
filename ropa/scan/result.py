"""What a scan saw, and its JSON file (``ropa scan --out``), read back strictly (``--from``).

The file is the scan's whole record: the pages visited in each phase (before consent, and after
it when the scan was told how to consent), the cookies in the browser after each page with
their attributes and who set them, the local and session storage keys by origin, and the
requests to third parties. ``ropa scan --from FILE`` compares it with a register again without
a browser, so a stored scan can be checked in CI; such a file may come from anywhere, so it is
read as untrusted input: bounded in size, every key and type checked, one-line errors.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from ropa.display import shown

#: The version of the file's shape, written as ``"ropa-scan": 1``.
FORMAT_VERSION = 1
#: A scan of 50 pages is a few hundred kilobytes; a file this large is not a scan.
MAX_FILE = 32 * 1024 * 1024
#: Items of one list (cookies, storage keys, requests, pages, notes) in one phase.
MAX_ITEMS = 20_000
#: One string: a URL, a cookie's name or domain, a note.
MAX_TEXT = 8_192
#: How ``expires`` and ``seen`` are written: UTC, to the second.
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class Party(StrEnum):
    """Whether a cookie or storage origin belongs to the scanned site or to another."""

    FIRST = "first"
    THIRD = "third"


class StorageKind(StrEnum):
    LOCAL = "local"
    SESSION = "session"

    @property
    def label(self) -> str:
        return "localStorage" if self is StorageKind.LOCAL else "sessionStorage"


class SetBy(StrEnum):
    """How a cookie was set: a ``Set-Cookie`` response header, a script (``document.cookie``,
    ``cookieStore``), or the scanner itself (``--consent-cookie``)."""

    HEADER = "header"
    SCRIPT = "script"
    SCANNER = "scanner"


@dataclass(frozen=True, slots=True)
class CookieSeen:
    """A cookie found in the browser after a page."""

    name: str
    #: As the browser keeps it: ``.example.com`` for a domain cookie, ``example.com`` for one
    #: only its host receives.
    domain: str
    path: str
    #: ``None``: a session cookie, deleted when the browser closes.
    expires: datetime | None
    #: When the scan first found it, just after the page that set it.
    seen: datetime
    http_only: bool
    secure: bool
    #: ``Strict``, ``Lax``, ``None``, or ``""`` when the cookie does not say.
    same_site: str
    party: Party
    #: How it was seen being set; empty when neither a header nor a script was caught at it.
    set_by: tuple[SetBy, ...]
    #: The hosts of the scripts that wrote it.
    scripts: tuple[str, ...]
    #: The page it was first found on.
    page: str

    @property
    def host(self) -> str:
        return self.domain.lstrip(".")

    @property
    def lifetime(self) -> timedelta | None:
        """How long it lives from when it was seen; ``None`` for a session cookie."""
        return None if self.expires is None else self.expires - self.seen


@dataclass(frozen=True, slots=True)
class StorageSeen:
    """A local or session storage key of an origin, found after a page."""

    kind: StorageKind
    origin: str
    key: str
    party: Party
    page: str


@dataclass(frozen=True, slots=True)
class RequestSeen:
    """Requests to one third-party host, of one resource type (Script, Image, XHR…)."""

    host: str
    type: str
    count: int
    page: str


@dataclass(frozen=True, slots=True)
class Phase:
    """One visit of the site in a fresh browser profile: before consent, or after it."""

    consented: bool
    pages: tuple[str, ...]
    cookies: tuple[CookieSeen, ...] = ()
    storage: tuple[StorageSeen, ...] = ()
    requests: tuple[RequestSeen, ...] = ()
    #: What the scan could not do as asked (a page that failed, a navigation blocked…).
    notes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return "after consent" if self.consented else "before consent"


@dataclass(frozen=True, slots=True)
class Scan:
    """A whole scan: the site, how consent was given, and its phases (one or two)."""

    url: str
    started: datetime
    browser: str
    #: How consent was given in the second phase: ``""`` (no second phase),
    #: ``--accept-selector CSS`` or ``--consent-cookie NAME``.
    consent: str
    phases: tuple[Phase, ...] = field(default=())


# --- writing --------------------------------------------------------------------------------


def _time(value: datetime) -> str:
    return value.astimezone(UTC).strftime(TIME_FORMAT)


def as_json(scan: Scan) -> str:
    """The scan file's text (keys in a fixed order, so that two scans compare line by line)."""
    data = {
        "ropa-scan": FORMAT_VERSION,
        "url": scan.url,
        "started": _time(scan.started),
        "browser": scan.browser,
        "consent": scan.consent,
        "phases": [
            {
                "consented": phase.consented,
                "pages": list(phase.pages),
                "cookies": [
                    {
                        "name": c.name,
                        "domain": c.domain,
                        "path": c.path,
                        "expires": None if c.expires is None else _time(c.expires),
                        "seen": _time(c.seen),
                        "http_only": c.http_only,
                        "secure": c.secure,
                        "same_site": c.same_site,
                        "party": str(c.party),
                        "set_by": [str(s) for s in c.set_by],
                        "scripts": list(c.scripts),
                        "page": c.page,
                    }
                    for c in phase.cookies
                ],
                "storage": [
                    {
                        "kind": str(s.kind),
                        "origin": s.origin,
                        "key": s.key,
                        "party": str(s.party),
                        "page": s.page,
                    }
                    for s in phase.storage
                ],
                "requests": [
                    {"host": r.host, "type": r.type, "count": r.count, "page": r.page}
                    for r in phase.requests
                ],
                "notes": list(phase.notes),
            }
            for phase in scan.phases
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_scan(path: Path, scan: Scan) -> None:
    """Write the scan file atomically: a temporary file beside it, renamed over it."""
    folder = path.parent
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115  # renamed, not closed and deleted
        "w", encoding="utf-8", dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(as_json(scan))
            handle.flush()
            os.fsync(handle.fileno())
        Path(handle.name).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(handle.name).unlink()
        raise


# --- reading --------------------------------------------------------------------------------


class ScanFileError(ValueError):
    """The file is not a scan ropa can read; the message is one line."""


class _ShapeError(ValueError):
    """A value of the wrong shape, at ``where``."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")


T = TypeVar("T")


def _text(value: Any, where: str, *, empty: bool = True) -> str:
    if not isinstance(value, str):
        raise _ShapeError(where, f"expected a string, not {_kind(value)}")
    if len(value) > MAX_TEXT:
        raise _ShapeError(where, f"longer than {MAX_TEXT:,} characters")
    if not empty and not value:
        raise _ShapeError(where, "empty")
    return value


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _ShapeError(where, f"expected true or false, not {_kind(value)}")
    return value


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 10**9:
        raise _ShapeError(where, f"expected a whole number from 1, not {_kind(value)}")
    return value


def _moment(value: Any, where: str) -> datetime:
    text = _text(value, where)
    try:
        return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise _ShapeError(
            where, f"expected a UTC time written 2026-11-24T10:00:00Z, not '{shown(text)}'"
        ) from None


def _choice(value: Any, where: str, choices: type[T]) -> T:
    text = _text(value, where)
    try:
        return choices(text)  # type: ignore[call-arg]
    except ValueError:
        allowed = ", ".join(str(c) for c in choices)  # type: ignore[attr-defined]
        raise _ShapeError(where, f"expected one of {allowed}, not '{shown(text)}'") from None


def _list(value: Any, where: str, item: Callable[[Any, str], T]) -> tuple[T, ...]:
    if not isinstance(value, list):
        raise _ShapeError(where, f"expected a list, not {_kind(value)}")
    if len(value) > MAX_ITEMS:
        raise _ShapeError(where, f"more than {MAX_ITEMS:,} items")
    return tuple(item(each, f"{where}[{index}]") for index, each in enumerate(value))


def _object(value: Any, where: str, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _ShapeError(where, f"expected an object, not {_kind(value)}")
    missing = [key for key in keys if key not in value]
    if missing:
        raise _ShapeError(where, f"missing key '{missing[0]}'")
    unknown = [key for key in value if key not in keys]
    if unknown:
        raise _ShapeError(where, f"unknown key '{shown(unknown[0], 60)}'")
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {shown(str(value), 40)}"
    if isinstance(value, str):
        return f"'{shown(value, 60)}'"
    return "a list" if isinstance(value, list) else "an object"


_SAME_SITE = ("", "Strict", "Lax", "None")


def _cookie(value: Any, where: str) -> CookieSeen:
    data = _object(value, where, tuple(CookieSeen.__dataclass_fields__))
    if data["same_site"] not in _SAME_SITE:
        raise _ShapeError(
            f"{where}.same_site",
            f"expected Strict, Lax, None or '', not {_kind(data['same_site'])}",
        )
    set_by = _list(data["set_by"], f"{where}.set_by", lambda v, w: _choice(v, w, SetBy))
    return CookieSeen(
        name=_text(data["name"], f"{where}.name"),
        domain=_text(data["domain"], f"{where}.domain", empty=False),
        path=_text(data["path"], f"{where}.path"),
        expires=None if data["expires"] is None else _moment(data["expires"], f"{where}.expires"),
        seen=_moment(data["seen"], f"{where}.seen"),
        http_only=_flag(data["http_only"], f"{where}.http_only"),
        secure=_flag(data["secure"], f"{where}.secure"),
        same_site=data["same_site"],
        party=_choice(data["party"], f"{where}.party", Party),
        set_by=tuple(sorted(set(set_by))),
        scripts=_list(data["scripts"], f"{where}.scripts", _text),
        page=_text(data["page"], f"{where}.page"),
    )


def _storage(value: Any, where: str) -> StorageSeen:
    data = _object(value, where, tuple(StorageSeen.__dataclass_fields__))
    return StorageSeen(
        kind=_choice(data["kind"], f"{where}.kind", StorageKind),
        origin=_text(data["origin"], f"{where}.origin", empty=False),
        key=_text(data["key"], f"{where}.key"),
        party=_choice(data["party"], f"{where}.party", Party),
        page=_text(data["page"], f"{where}.page"),
    )


def _request(value: Any, where: str) -> RequestSeen:
    data = _object(value, where, tuple(RequestSeen.__dataclass_fields__))
    return RequestSeen(
        host=_text(data["host"], f"{where}.host", empty=False),
        type=_text(data["type"], f"{where}.type"),
        count=_count(data["count"], f"{where}.count"),
        page=_text(data["page"], f"{where}.page"),
    )


def _phase(value: Any, where: str) -> Phase:
    data = _object(value, where, tuple(Phase.__dataclass_fields__))
    return Phase(
        consented=_flag(data["consented"], f"{where}.consented"),
        pages=_list(data["pages"], f"{where}.pages", _text),
        cookies=_list(data["cookies"], f"{where}.cookies", _cookie),
        storage=_list(data["storage"], f"{where}.storage", _storage),
        requests=_list(data["requests"], f"{where}.requests", _request),
        notes=_list(data["notes"], f"{where}.notes", _text),
    )


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _ShapeError("", f"the key '{shown(key, 60)}' appears twice in one object")
        data[key] = value
    return data


def parse_scan(data: bytes, name: str) -> Scan:
    """The scan in ``data`` (the bytes of the file ``name``, for messages); raises
    :class:`ScanFileError` with one line saying what is wrong and where."""
    if len(data) > MAX_FILE:
        raise ScanFileError(f"{name}: larger than {MAX_FILE:,} bytes, not a ropa scan file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScanFileError(
            f"{name}: not UTF-8 (byte {exc.start + 1}), not a ropa scan file"
        ) from None
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise ScanFileError(
            f"{name}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg}), not a ropa scan file"
        ) from None
    except _ShapeError as exc:
        raise ScanFileError(f"{name}: {str(exc).removeprefix(': ')}") from None
    except RecursionError:
        raise ScanFileError(f"{name}: nested too deeply, not a ropa scan file") from None
    if not isinstance(value, dict) or "ropa-scan" not in value:
        raise ScanFileError(f'{name}: not a ropa scan file (no "ropa-scan": {FORMAT_VERSION})')
    version = value["ropa-scan"]
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise ScanFileError(
            f"{name}: a scan file of format {shown(json.dumps(version), 40)}; this ropa reads "
            f"format {FORMAT_VERSION}"
        )
    try:
        data_ = _object(value, "", ("ropa-scan", "url", "started", "browser", "consent", "phases"))
        phases = _list(data_["phases"], "phases", _phase)
        if (
            not 1 <= len(phases) <= 2
            or phases[0].consented
            or not all(p.consented for p in phases[1:])
        ):
            raise _ShapeError("phases", "expected one phase before consent, then one after it")
        return Scan(
            url=_text(data_["url"], "url", empty=False),
            started=_moment(data_["started"], "started"),
            browser=_text(data_["browser"], "browser"),
            consent=_text(data_["consent"], "consent"),
            phases=phases,
        )
    except _ShapeError as exc:
        raise ScanFileError(f"{name}: {str(exc).removeprefix(': ')}") from None


def read_scan(path: Path) -> Scan:
    """The scan stored at ``path`` (at most :data:`MAX_FILE` bytes are read)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE + 1)
    except OSError as exc:
        raise ScanFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    return parse_scan(data, path.as_posix())
