"""Scans made by hand, for the tests that need no browser: the comparison, the scan file, the
drafted declarations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ropa.scan.result import CookieSeen, Party, Phase, Scan, SetBy, StorageKind, StorageSeen

URL = "https://shop.example.co.uk/"
SEEN = datetime(2026, 1, 15, 12, 0, 0, tzinfo=UTC)

#: What each rule rests on, as a finding's text ends: `` (article)``.
EPRIVACY = "ePrivacy Directive Art. 5(3) (FR: loi 78-17 art. 82; UK: PECR reg. 6)"
UNDECLARED = f" ({EPRIVACY}; GDPR Art. 5(2) (accountability))"
BEFORE_CONSENT = (
    f" ({EPRIVACY} and EDPB Guidelines 05/2020 on consent (prior consent); C-673/17 Planet49 "
    "(active consent))"
)
LONGER = (
    f" ({EPRIVACY}, as read in C-673/17 Planet49 (the information includes the cookie's duration))"
)
PROVIDER = (
    f" ({EPRIVACY}; C-673/17 Planet49 (third parties' access); CNIL délibération 2020-091 "
    "(identity of the controllers); GDPR Art. 13(1)(e) (where the data are personal))"
)


def cookie(
    name: str,
    *,
    domain: str = "shop.example.co.uk",
    days: float | None = None,
    set_by: tuple[SetBy, ...] = (SetBy.HEADER,),
    scripts: tuple[str, ...] = (),
    party: Party = Party.FIRST,
    seen: datetime = SEEN,
) -> CookieSeen:
    """A cookie seen on the first page; ``days`` of life, or a session cookie."""
    return CookieSeen(
        name=name,
        domain=domain,
        path="/",
        expires=None if days is None else seen + timedelta(days=days),
        seen=seen,
        http_only=False,
        secure=True,
        same_site="",
        party=party,
        set_by=set_by,
        scripts=scripts,
        page=URL,
    )


def storage(
    key: str, kind: StorageKind = StorageKind.LOCAL, origin: str = "https://shop.example.co.uk"
) -> StorageSeen:
    party = Party.FIRST if origin.endswith("shop.example.co.uk") else Party.THIRD
    return StorageSeen(kind, origin, key, party, URL)


def scan(
    before: tuple[CookieSeen | StorageSeen, ...],
    after: tuple[CookieSeen | StorageSeen, ...] | None = None,
) -> Scan:
    """A scan of two pages whose phases found these cookies and storage keys."""
    pages = (URL, f"{URL}about")

    def phase(found: tuple[CookieSeen | StorageSeen, ...], consented: bool) -> Phase:
        return Phase(
            consented=consented,
            pages=pages,
            cookies=tuple(f for f in found if isinstance(f, CookieSeen)),
            storage=tuple(f for f in found if isinstance(f, StorageSeen)),
        )

    phases = [phase(before, False)]
    if after is not None:
        phases.append(phase(after, True))
    return Scan(
        url=URL,
        started=SEEN,
        browser="Chrome/156",
        consent="" if after is None else "--accept-selector #ok",
        phases=tuple(phases),
    )
