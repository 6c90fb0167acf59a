"""A scan against the register's ``cookies:``: the scanner's findings (``ropa.rules.scan``).

Where a finding points: at the declaration it is about, as the validator's findings do (the
register's own locator), and there at the key that is contradicted: the ``consent`` value for
``cookie-before-consent``, ``lifetime`` for ``cookie-lifetime-longer``, ``provider`` for
``cookie-provider-mismatch``, the entry's id for ``cookie-not-seen``. A cookie no declaration
names has no declaration to point at: ``cookie-undeclared`` points at the ``cookies:`` key,
where its entry belongs (in a register without one, at the first line of its first file, where
the validator puts findings that belong to no file). The page and the host are in the message;
a file position keeps every format (GitHub annotations, SARIF) on the files a pull request
changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from ropa.display import shown
from ropa.findings import Finding, Position, sorted_findings
from ropa.loader import Locator
from ropa.model.cookies import FIRST_PARTY, SESSION, Consent, Cookie, TrackerType
from ropa.model.register import Register
from ropa.model.types import Duration
from ropa.rules.scan import (
    COOKIE_BEFORE_CONSENT,
    COOKIE_LIFETIME_LONGER,
    COOKIE_NOT_SEEN,
    COOKIE_PROVIDER_MISMATCH,
    COOKIE_UNDECLARED,
)
from ropa.scan.result import Party, Scan, SetBy, StorageKind
from ropa.scan.sites import domain_words, host, site

#: A cookie may outlive its declared lifetime by this much before it lives longer: the time
#: between its setting and the scan's reading it, clocks, and sites that round to the day.
TOLERANCE = timedelta(days=1)
#: Words of a recipient's id or name too common to recognise its hosts by.
_COMMON_TEXT = (
    "limited gmbh ireland europe european services service platforms platform company corp "
    "corporation group holdings international online business technologies technology media "
    "digital analytics advertising marketing cloud data software systems solutions network "
    "networks site sites tracking"
)
_COMMON_WORDS = frozenset(_COMMON_TEXT.split())
COOKIE = "cookie"


@dataclass
class Stored:
    """One thing the site stored on the device, over every phase: a cookie (by name and
    domain) or a storage key (by kind, origin and key)."""

    kind: str  # COOKIE, or a StorageKind's value
    name: str
    where: str  # the cookie's domain without its leading dot, or the storage's origin
    party: Party
    page: str
    consented: set[bool] = field(default_factory=set)
    set_by: set[SetBy] = field(default_factory=set)
    #: The hosts of the scripts that wrote it.
    scripts: set[str] = field(default_factory=set)
    #: Hosts of other sites that set it (its own domain, the scripts that wrote it).
    third_parties: set[str] = field(default_factory=set)
    persistent: bool = False
    #: The longest time it was seen to live, and from when.
    lifetime: timedelta | None = None
    seen: datetime | None = None

    @property
    def what(self) -> str:
        if self.kind == COOKIE:
            return f"cookie '{shown(self.name)}' of {shown(self.where)}"
        return f"{StorageKind(self.kind).label} key '{shown(self.name)}' of {shown(self.where)}"

    @property
    def compatible(self) -> tuple[TrackerType, ...]:
        """The declaration types that describe it best."""
        if self.kind == COOKIE:
            return (TrackerType.COOKIE, TrackerType.PIXEL)
        return (TrackerType.LOCAL_STORAGE,)


def stored(scan: Scan) -> list[Stored]:
    """Everything the scan found stored, each once, phases merged."""
    found: dict[tuple[str, str, str], Stored] = {}
    own = site(host(scan.url))
    for phase in scan.phases:
        for cookie in phase.cookies:
            key = (COOKIE, cookie.name, cookie.host.lower())
            item = found.setdefault(
                key, Stored(COOKIE, cookie.name, key[2], cookie.party, cookie.page)
            )
            item.consented.add(phase.consented)
            item.set_by.update(cookie.set_by)
            item.scripts.update(cookie.scripts)
            if cookie.party is Party.THIRD:
                item.third_parties.add(cookie.host.lower())
            item.third_parties.update(s for s in cookie.scripts if site(s) != own)
            lifetime = cookie.lifetime
            if lifetime is not None:
                item.persistent = True
                if item.lifetime is None or lifetime > item.lifetime:
                    item.lifetime, item.seen = lifetime, cookie.seen
        for entry in phase.storage:
            key = (str(entry.kind), entry.key, entry.origin)
            item = found.setdefault(
                key, Stored(str(entry.kind), entry.key, entry.origin, entry.party, entry.page)
            )
            item.consented.add(phase.consented)
            if entry.party is Party.THIRD:
                item.third_parties.add(host(entry.origin))
    return list(found.values())


@cache
def _pattern(name: str) -> re.Pattern[str]:
    """A declared name, where ``*`` stands for any run of characters."""
    return re.compile(".*".join(re.escape(part) for part in name.split("*")), re.DOTALL)


def _names(cookie_id: str, cookie: Cookie) -> list[str]:
    return list(cookie.names) or [cookie_id]


def declaration(item: Stored, register: Register) -> str | None:
    """The id of the declaration that names ``item``: a name written out before a wildcard,
    one of the item's own type before another."""
    candidates = [
        (cookie.type not in item.compatible, "*" in name, index, cookie_id)
        for index, (cookie_id, cookie) in enumerate(register.cookies.items())
        for name in _names(cookie_id, cookie)
        if _pattern(name).fullmatch(item.name)
    ]
    return min(candidates)[3] if candidates else None


def _when(consented: Iterable[bool]) -> str:
    phases = set(consented)
    if phases == {False, True}:
        return "before and after consent"
    return "after consent" if True in phases else "before consent"


def _how(item: Stored) -> str:
    scripts = sorted(item.scripts)
    ways = []
    if SetBy.HEADER in item.set_by:
        ways.append("a Set-Cookie header")
    if SetBy.SCRIPT in item.set_by:
        ways.append(f"a script of {', '.join(scripts)}" if scripts else "a script")
    if SetBy.SCANNER in item.set_by:
        ways.append("ropa scan itself (--consent-cookie)")
    return f"set by {' and '.join(ways)}" if ways else "set by means the scan did not catch"


def _span(value: timedelta) -> str:
    """A lifetime in words: days, or hours below one day, or minutes below one hour."""
    seconds = value.total_seconds()
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size or unit == "minute":
            count = max(round(seconds / size), 1 if seconds > 0 else 0)
            return f"{count} {unit}{'' if count == 1 else 's'}"
    raise AssertionError  # pragma: no cover


def _duration(value: Duration) -> str:
    return " ".join(f"{n} {unit[:-1] if n == 1 else unit}" for n, unit in value.parts()) or "0 days"


def after(start: datetime, value: Duration) -> datetime:
    """``start`` plus ``value`` on the calendar: months and years keep the day of the month
    (the last day when the month is shorter), the other units are exact."""
    months = start.month - 1 + value.years * 12 + value.months
    year, month = start.year + months // 12, months % 12 + 1
    last = (datetime(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    moved = start.replace(year=year, month=month, day=min(start.day, last))
    return moved + timedelta(
        weeks=value.weeks,
        days=value.days,
        hours=value.hours,
        minutes=value.minutes,
        seconds=value.seconds,
    )


def _recognised(hostname: str, recipient_id: str, register: Register) -> bool:
    """Whether ``hostname`` is the recipient's: the site of its privacy policy, or a host that
    holds one of the distinctive words of its id or name."""
    recipient = register.recipients.get(recipient_id)
    if recipient is None:
        return True  # an unknown reference: the validator says so, not the scan
    if recipient.privacy_policy and site(host(str(recipient.privacy_policy))) == site(hostname):
        return True
    words = {
        word
        for word in re.split(
            r"[^a-z0-9]+", " ".join([recipient_id, *recipient.name.values.values()]).lower()
        )
        if len(word) >= 4 and word not in _COMMON_WORDS
    }
    label = domain_words(hostname)
    return any(word in label for word in words)


@dataclass(frozen=True)
class Places:
    """Where the scanner's findings point in the register."""

    locate: Locator

    def section(self) -> Position:
        """The ``cookies:`` key (in a register without one, its first file's first line)."""
        return self.locate(("cookies",))

    def declaration(self, cookie_id: str, key: str | None = None) -> Position:
        """The declaration ``cookie_id``, at the value of ``key`` when given."""
        if key is None:
            return self.locate(("cookies", cookie_id))
        return self.locate(("cookies", cookie_id, key), value=True)


def compare(scan: Scan, register: Register, locate: Locator) -> list[Finding]:
    """The scanner's findings about ``scan`` against ``register``, sorted by position."""
    places = Places(locate)
    items = stored(scan)
    findings: list[Finding] = []
    used: set[str] = set()
    for item in items:
        cookie_id = declaration(item, register)
        if cookie_id is None:
            findings.append(_undeclared(item, places))
            continue
        used.add(cookie_id)
        findings.extend(_against(item, cookie_id, register, places))
    pages = len({page for phase in scan.phases for page in phase.pages})
    for cookie_id, cookie in register.cookies.items():
        if cookie_id not in used and cookie.type is not TrackerType.PIXEL:
            findings.append(_not_seen(cookie_id, cookie, scan, pages, places))
    return sorted_findings(findings)


def _undeclared(item: Stored, places: Places) -> Finding:
    if item.kind == COOKIE:
        detail = f"{item.party} party, {_how(item)}"
        add = "declare it under cookies: with its provider, purpose, lifetime and consent"
        verb = "is set"
    else:
        detail = f"{item.party} party"
        add = "declare it under cookies: with type: local_storage"
        verb = "is stored"
    return COOKIE_UNDECLARED.finding(
        places.section(),
        f"{item.what} ({detail}) {verb} {_when(item.consented)}, but no declaration names it; "
        f"{add} (--write-declarations FILE drafts the entry)",
    )


def _declared(item: Stored, cookie_id: str) -> str:
    """``declared`` or ``declared as cookie '_ga_*'`` when the id is not the item's name."""
    return "declared" if cookie_id == item.name else f"declared as '{shown(cookie_id)}'"


def _against(item: Stored, cookie_id: str, register: Register, places: Places) -> Iterator[Finding]:
    cookie = register.cookies[cookie_id]
    declared = _declared(item, cookie_id)
    if False in item.consented and cookie.consent is Consent.REQUIRED:
        verb = "is set" if item.kind == COOKIE else "is stored"
        yield COOKIE_BEFORE_CONSENT.finding(
            places.declaration(cookie_id, "consent"),
            f"{item.what} {verb} before consent (first on {shown(item.page)}), but it is "
            f"{declared} with consent: required; set it only once the visitor has accepted; "
            "only a tracker strictly necessary for the service the visitor asked for may be "
            "set before consent (then declare consent: exempt, with why)",
        )
    longer = _longer(item, cookie)
    if longer:
        yield COOKIE_LIFETIME_LONGER.finding(
            places.declaration(cookie_id, "lifetime"), f"{item.what} {longer}"
        )
    if item.third_parties:
        yield from _provider(item, cookie_id, cookie, register, places)


def _longer(item: Stored, cookie: Cookie) -> str:
    """What is wrong with the item's lifetime, or ``""``."""
    if item.kind != COOKIE or not item.persistent or item.lifetime is None or item.seen is None:
        return ""
    lives = _span(item.lifetime)
    if cookie.lifetime == SESSION:
        return (
            f"is kept {lives}, but its declaration says lifetime: session (deleted when the "
            f"browser closes); declare lifetime: {lives}, or make it a session cookie"
        )
    assert isinstance(cookie.lifetime, Duration)
    if item.seen + item.lifetime <= after(item.seen, cookie.lifetime) + TOLERANCE:
        return ""
    return (
        f"lives {lives}, longer than the lifetime of {_duration(cookie.lifetime)} its declaration "
        f"states; declare lifetime: {lives}, or make the cookie expire sooner"
    )


def _provider(
    item: Stored, cookie_id: str, cookie: Cookie, register: Register, places: Places
) -> Iterator[Finding]:
    verb = "is set" if item.kind == COOKIE else "is stored"
    hosts = ", ".join(sorted(item.third_parties))
    position = places.declaration(cookie_id, "provider")
    if cookie.provider == FIRST_PARTY:
        yield COOKIE_PROVIDER_MISMATCH.finding(
            position,
            f"{item.what} {verb} by {hosts}, a third party, but its declaration says provider: "
            "first_party; name the recipient that sets it (provider: an id of recipients:)",
        )
        return
    strangers = [
        h for h in sorted(item.third_parties) if not _recognised(h, cookie.provider, register)
    ]
    if strangers:
        recipient = register.recipients.get(cookie.provider)
        name = f" ({shown(str(recipient.name))})" if recipient is not None else ""
        yield COOKIE_PROVIDER_MISMATCH.finding(
            position,
            f"{item.what} {verb} by {', '.join(strangers)}, a third party, but its declaration "
            f"names provider '{shown(cookie.provider)}'{name}; name the recipient that sets it, "
            f"or, if it is '{shown(cookie.provider)}', give that recipient the privacy_policy "
            "address of its own site so that ropa recognises its hosts",
        )


def _not_seen(cookie_id: str, cookie: Cookie, scan: Scan, pages: int, places: Places) -> Finding:
    when = _when(phase.consented for phase in scan.phases)
    where = f"on the {pages} page{'' if pages == 1 else 's'} scanned {when}"
    kind = "storage key" if cookie.type is TrackerType.LOCAL_STORAGE else "cookie"
    if cookie.names:
        names = ", ".join(shown(name) for name in cookie.names)
        what = f"none of the {kind}s of '{shown(cookie_id)}' ({names}) was seen {where}"
    else:
        what = f"{kind} '{shown(cookie_id)}' is declared but was not seen {where}"
    return COOKIE_NOT_SEEN.finding(
        places.declaration(cookie_id),
        f"{what}; remove the declaration if the site no longer sets it, or scan the pages that "
        "do (more --pages, or one of them as the URL)",
    )
