"""Cookies and other trackers: prior consent, and how long they live (ePrivacy Directive Art. 5(3))."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.display import shown
from ropa.findings import Severity
from ropa.model.activities import Activity, ActivityRole, Basis
from ropa.model.cookies import Consent, Cookie
from ropa.model.register import Register
from ropa.model.types import Duration
from ropa.rules.base import Context, Hit, rule
from ropa.rules.legal_bases import withdrawal_example
from ropa.vocabulary import describe

#: FORMAT.md's limit: 13 months, the reference lifetime in the CNIL's 2020 texts on trackers.
MAX_COOKIE = Duration(months=13)


@rule(
    "cookie-consent-basis-mismatch",
    Severity.ERROR,
    "ePrivacy Directive Art. 5(3); C-673/17 Planet49; Art. 6(1)(a) GDPR",
)
def cookie_consent_basis_mismatch(register: Register, context: Context) -> Iterator[Hit]:
    """A tracker that needs consent serves an activity that does not rest on consent.

    Reading or storing information on a device needs the person's prior consent unless it is
    strictly necessary (ePrivacy Directive Art. 5(3)), and that consent is the GDPR's
    (C-673/17 Planet49): the processing the tracker feeds then rests on consent, not on
    legitimate interests or a contract. One finding per activity, naming its trackers.

    Fails:   cookie `_fbp` with `consent: required` and `purpose: social-advertising`, an
             activity whose `legal_bases` are `[{basis: legitimate_interests, ...}]`
    Passes:  `legal_bases: [{basis: consent, withdrawal: "Cookie settings link on every page"}]`,
             or `consent: exempt` for a tracker that is strictly necessary
    """
    trackers: dict[str, list[Cookie]] = {}
    for cookie in register.cookies.values():
        activity = cookie.purpose_entry
        if cookie.consent is Consent.REQUIRED and activity is not None:
            trackers.setdefault(activity.id, []).append(cookie)
    for activity_id, cookies in trackers.items():
        activity = register.activities[activity_id]
        if not _needs_consent_basis(activity):
            continue
        path = ("activities", activity_id, "legal_bases")
        names = ", ".join(f"'{shown(c.id)}'" for c in cookies)
        trackers_need = f"trackers {names} need" if len(cookies) > 1 else f"tracker {names} needs"
        bases = ", ".join(dict.fromkeys(str(b.basis) for b in activity.legal_bases))
        consent = f"{{basis: consent, withdrawal: {withdrawal_example(register.languages)}}}"
        yield Hit(
            path,
            f"{describe(path[:2])} rests on {bases}, but its {trackers_need} consent "
            f"(consent: required): rest it on consent instead, legal_bases: [{consent}], or "
            "move the trackers to an activity that does (only a strictly necessary tracker is "
            "consent: exempt)",
        )


def _needs_consent_basis(activity: Activity) -> bool:
    """Whether an activity has bases, none of them consent (no bases: legal-basis-missing)."""
    if activity.role is ActivityRole.PROCESSOR or not activity.legal_bases:
        return False
    return all(b.basis is not Basis.CONSENT for b in activity.legal_bases)


@rule("cookie-lifetime-excessive", Severity.WARNING, "CNIL guidelines on cookies")
def cookie_lifetime_excessive(register: Register, context: Context) -> Iterator[Hit]:
    """A cookie or tracker lives longer than 13 months.

    The format sets 13 months, the maximum tracker lifetime the CNIL's 2020 guidelines and
    recommendation on cookies and other trackers (deliberations 2020-091 and 2020-092) use as
    their reference. It applies to every tracker, those exempt from consent included: the CNIL
    states it expressly for the audience-measurement trackers it exempts.

    Fails:   `{consent: required, lifetime: 2 years}` or `{consent: exempt, lifetime: 25 months}`
    Passes:  `{consent: exempt, lifetime: 13 months}` or `{lifetime: session}`
    """
    for cookie_id, cookie in register.cookies.items():
        lifetime = cookie.lifetime
        if isinstance(lifetime, Duration) and lifetime.approx_days > MAX_COOKIE.approx_days + 0.5:
            path = ("cookies", cookie_id, "lifetime")
            yield Hit(
                path,
                f"{describe(path[:2])} lives {lifetime.iso}, more than the 13 months the CNIL "
                "recommends for trackers, exempt ones included; write lifetime: 13 months (or "
                "less)",
                value=True,
            )
