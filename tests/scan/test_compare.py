"""The comparison of a scan with a register, on scans made by hand: which declaration names
what, the calendar and its tolerance for lifetimes, how a provider is recognised, and where
each finding points."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ropa.check import validate
from ropa.model.types import Duration
from ropa.scan.compare import after, compare
from ropa.scan.result import Party, Scan, SetBy, StorageKind
from tests.conftest import TODAY
from tests.scan import samples
from tests.scan.registers import REGISTER
from tests.scan.samples import BEFORE_CONSENT, LONGER, PROVIDER, UNDECLARED, cookie, storage

RECIPIENTS = """
recipients:
  google-analytics:
    name: Google Ireland Limited
    role: processor
    category: Audience measurement
    country: IE
    dpa: {signed: 2025-01-15, reference: GA}
  pixels:
    name: Pixel Works SAS
    role: processor
    category: Content delivery
    country: FR
    dpa: {signed: 2025-01-15, reference: PW}
    privacy_policy: https://www.pixelco.com/privacy
"""


def findings(tmp_path: Path, cookies: str, scan: Scan, *, register: str = REGISTER) -> list[str]:
    """The scan's findings against the test register with ``cookies`` (the ``cookies:``
    section's entries, one a line), file names relative to the register."""
    root = tmp_path / "register"
    root.mkdir()
    (root / "register.yaml").write_text(register, encoding="utf-8")
    (root / "recipients.yaml").write_text(RECIPIENTS, encoding="utf-8")
    if cookies:
        (root / "cookies.yaml").write_text(f"cookies:\n{cookies}", encoding="utf-8")
    report = validate(root, TODAY)
    assert [f.format() for f in report.findings if f.severity == "error"] == []
    found = compare(scan, report.register, report.source.locator)
    return [f.format().replace(f"{root}/", "") for f in found]


def rules(lines: list[str]) -> list[str]:
    """``file:line:col: severity[rule]`` of each finding."""
    return [line.split("] ")[0] + "]" for line in lines]


EXEMPT = "purpose: shop, consent: exempt"


def test_a_declared_lifetime_is_counted_on_the_calendar_with_a_day_of_tolerance(
    tmp_path: Path,
) -> None:
    """13 months from 15 January 2026 are 396 days: 397 pass (the tolerance), a second more
    does not."""
    declared = f"  a: {{provider: first_party, {EXEMPT}, lifetime: 13 months}}\n"
    declared += f"  b: {{provider: first_party, {EXEMPT}, lifetime: 13 months}}\n"
    found = findings(
        tmp_path,
        declared,
        samples.scan((cookie("a", days=397), cookie("b", days=397 + 1 / 86400))),
    )
    assert found == [
        "cookies.yaml:3:72: warning[cookie-lifetime-longer] cookie 'b' of shop.example.co.uk "
        "lives 397 days, longer than the lifetime of 13 months its declaration states; declare "
        "lifetime: 397 days, or make the cookie expire sooner" + LONGER
    ]


def test_thirteen_months_from_the_end_of_january_end_in_february(tmp_path: Path) -> None:
    """From 31 January, 13 months end on 28 February of the next year: 393 days, and 395 are
    longer (with an average month, 13 months would be 396 days, and it would pass)."""
    seen = datetime(2026, 1, 31, 12, tzinfo=UTC)
    declared = f"  a: {{provider: first_party, {EXEMPT}, lifetime: 13 months}}\n"
    found = findings(tmp_path, declared, samples.scan((cookie("a", days=395, seen=seen),)))
    assert rules(found) == ["cookies.yaml:2:72: warning[cookie-lifetime-longer]"]


@pytest.mark.parametrize(
    ("start", "duration", "end"),
    [
        ("2026-01-15", "13 months", "2027-02-15"),
        ("2026-01-31", "1 month", "2026-02-28"),
        ("2028-01-31", "1 month", "2028-02-29"),
        ("2026-12-31", "2 months", "2027-02-28"),
        ("2024-02-29", "1 year", "2025-02-28"),
        ("2026-03-10", "P1Y2M3D", "2027-05-13"),
        ("2026-03-10", "2 weeks", "2026-03-24"),
    ],
)
def test_the_calendar(start: str, duration: str, end: str) -> None:
    moment = datetime.fromisoformat(start).replace(hour=9, tzinfo=UTC)
    assert after(moment, Duration.parse(duration)) == datetime.fromisoformat(end).replace(
        hour=9, tzinfo=UTC
    )


def test_a_session_cookie_declared_for_the_session_or_for_longer_passes(tmp_path: Path) -> None:
    declared = f"  s: {{provider: first_party, {EXEMPT}, lifetime: session}}\n"
    declared += f"  d: {{provider: first_party, {EXEMPT}, lifetime: 30 days}}\n"
    declared += f"  p: {{provider: first_party, {EXEMPT}, lifetime: session}}\n"
    found = findings(
        tmp_path, declared, samples.scan((cookie("s"), cookie("d"), cookie("p", days=0.5)))
    )
    assert found == [
        "cookies.yaml:4:72: warning[cookie-lifetime-longer] cookie 'p' of shop.example.co.uk is "
        "kept 12 hours, but its declaration says lifetime: session (deleted when the browser "
        "closes); declare lifetime: 12 hours, or make it a session cookie" + LONGER
    ]


def test_names_and_wildcards(tmp_path: Path) -> None:
    """``_ga_*`` names ``_ga_X1`` but not ``_gat``; a name written out wins over a wildcard."""
    declared = (
        '  _ga: {names: [_ga, "_ga_*"], provider: google-analytics, purpose: audience, '
        "lifetime: 13 months, consent: required}\n"
        f"  _ga_keep: {{provider: first_party, {EXEMPT}, lifetime: 13 months}}\n"
    )
    scan = samples.scan(
        (),
        (cookie("_ga", days=390), cookie("_ga_X1", days=390), cookie("_ga_keep"), cookie("_gat")),
    )
    found = findings(tmp_path, declared, scan)
    assert rules(found) == ["cookies.yaml:1:1: error[cookie-undeclared]"]
    assert (
        "cookie '_gat' of shop.example.co.uk (first party, set by a Set-Cookie header)" in found[0]
    )


def test_before_consent_is_the_first_phase(tmp_path: Path) -> None:
    declared = (
        "  early: {provider: first_party, purpose: audience, lifetime: 1 day, consent: required}\n"
        "  late: {provider: first_party, purpose: audience, lifetime: 1 day, consent: required}\n"
    )
    scan = samples.scan((cookie("early"),), (cookie("early"), cookie("late")))
    assert findings(tmp_path, declared, scan) == [
        "cookies.yaml:2:79: error[cookie-before-consent] cookie 'early' of shop.example.co.uk is "
        f"set before consent (first on {samples.URL}), but it is declared with consent: "
        "required; set it only once the visitor has accepted; only a tracker strictly necessary "
        "for the service the visitor asked for may be set before consent (then declare consent: "
        "exempt, with why)" + BEFORE_CONSENT
    ]


def test_storage_keys_are_declared_as_local_storage(tmp_path: Path) -> None:
    """A ``local_storage`` declaration names local and session storage keys; a cookie of the
    same name is still named by a cookie declaration first."""
    declared = (
        f"  cart: {{provider: first_party, {EXEMPT}, lifetime: 1 year, type: local_storage}}\n"
        f"  cart_cookie: {{names: [cart], provider: first_party, {EXEMPT}, lifetime: 1 day}}\n"
    )
    scan = samples.scan(
        (
            storage("cart"),
            storage("cart", StorageKind.SESSION),
            storage("draft", StorageKind.SESSION),
            cookie("cart", days=3),
        )
    )
    assert findings(tmp_path, declared, scan) == [
        "cookies.yaml:1:1: error[cookie-undeclared] sessionStorage key 'draft' of "
        "https://shop.example.co.uk (first party) is stored before consent, but no declaration "
        "names it; declare it under cookies: with type: local_storage (--write-declarations FILE "
        "drafts the entry)" + UNDECLARED,
        "cookies.yaml:3:97: warning[cookie-lifetime-longer] cookie 'cart' of shop.example.co.uk "
        "lives 3 days, longer than the lifetime of 1 day its declaration states; declare "
        "lifetime: 3 days, or make the cookie expire sooner" + LONGER,
    ]


def test_a_provider_is_recognised_by_its_privacy_policy_or_its_name(tmp_path: Path) -> None:
    """``pixels`` by its privacy policy's site (``pixelco.com``), ``google-analytics`` by the
    word ``google`` of its id and name; ``doubleclick.net`` is neither's."""
    declared = (
        "  px: {provider: pixels, purpose: audience, lifetime: 1 day, consent: required}\n"
        "  _ga: {provider: google-analytics, purpose: audience, lifetime: 1 day, consent: required}\n"
        "  IDE: {provider: google-analytics, purpose: audience, lifetime: 1 day, consent: required}\n"
    )
    scan = samples.scan(
        (),
        (
            cookie("px", domain=".cdn.pixelco.com", party=Party.THIRD),
            cookie("_ga", set_by=(SetBy.SCRIPT,), scripts=("www.googletagmanager.com",)),
            cookie("IDE", domain=".doubleclick.net", party=Party.THIRD),
        ),
    )
    assert findings(tmp_path, declared, scan) == [
        "cookies.yaml:4:19: warning[cookie-provider-mismatch] cookie 'IDE' of doubleclick.net "
        "is set by doubleclick.net, a third party, but its declaration names provider "
        "'google-analytics' (Google Ireland Limited); name the recipient that sets it, or, if it "
        "is 'google-analytics', give that recipient the privacy_policy address of its own site "
        "so that ropa recognises its hosts" + PROVIDER
    ]


def test_a_first_party_declaration_has_no_third_party_script(tmp_path: Path) -> None:
    declared = f"  _fbp: {{provider: first_party, {EXEMPT}, lifetime: 1 day}}\n"
    scan = samples.scan(
        (cookie("_fbp", set_by=(SetBy.SCRIPT,), scripts=("connect.facebook.net",)),)
    )
    assert rules(findings(tmp_path, declared, scan)) == [
        "cookies.yaml:2:20: warning[cookie-provider-mismatch]"
    ]


def test_an_undeclared_cookie_points_at_the_first_file_without_a_cookies_section(
    tmp_path: Path,
) -> None:
    """No ``cookies:`` key to point at: the first line of the register's first file, where
    the validator puts what belongs to no file."""
    scan = samples.scan((cookie("sid"),))
    assert rules(findings(tmp_path, "", scan)) == ["recipients.yaml:1:1: error[cookie-undeclared]"]


def test_what_is_declared_and_never_seen_is_a_note_except_a_pixel(tmp_path: Path) -> None:
    declared = (
        f"  gone: {{provider: first_party, {EXEMPT}, lifetime: 1 day}}\n"
        f"  prefs: {{provider: first_party, {EXEMPT}, lifetime: 1 day, type: local_storage}}\n"
        f"  tr: {{provider: first_party, {EXEMPT}, lifetime: 1 day, type: pixel}}\n"
    )
    found = findings(tmp_path, declared, samples.scan(()))
    assert found == [
        "cookies.yaml:2:3: note[cookie-not-seen] cookie 'gone' is declared but was not seen on "
        "the 2 pages scanned before consent; remove the declaration if the site no longer sets "
        "it, or scan the pages that do (more --pages, or one of them as the URL)",
        "cookies.yaml:3:3: note[cookie-not-seen] storage key 'prefs' is declared but was not "
        "seen on the 2 pages scanned before consent; remove the declaration if the site no "
        "longer sets it, or scan the pages that do (more --pages, or one of them as the URL)",
    ]


def test_the_longest_life_seen_is_judged(tmp_path: Path) -> None:
    """A cookie set again with a longer life after consent: the longer one."""
    declared = f"  a: {{provider: first_party, {EXEMPT}, lifetime: 30 days}}\n"
    scan = samples.scan((cookie("a", days=30),), (cookie("a", days=90),))
    assert "lives 90 days" in findings(tmp_path, declared, scan)[0]
