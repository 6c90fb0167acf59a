"""Keeping the register true over time: cookies, dead definitions, reviews (Art. 5(2), 24(1))."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ropa.findings import Severity
from ropa.model.cookies import Consent
from ropa.model.register import Register
from ropa.model.types import Duration
from ropa.rules.base import Context, Hit, rule
from ropa.vocabulary import describe

#: FORMAT.md's limit: 13 months, the reference lifetime in the CNIL's 2020 texts on trackers.
MAX_COOKIE = Duration(months=13)


@rule("cookie-lifetime-excessive", Severity.WARNING, "CNIL guidelines on cookies")
def cookie_lifetime_excessive(register: Register, context: Context) -> Iterator[Hit]:
    """A cookie that needs consent lives longer than 13 months.

    FORMAT.md sets 13 months, the maximum tracker lifetime the CNIL's 2020 guidelines and
    recommendation on cookies and other trackers (deliberations 2020-091 and 2020-092) use as
    their reference; the CNIL states it expressly for audience-measurement trackers.

    Fails:   `{consent: required, lifetime: 2 years}`
    Passes:  `{consent: required, lifetime: 13 months}`
    """
    for cookie_id, cookie in register.cookies.items():
        lifetime = cookie.lifetime
        if (
            cookie.consent is Consent.REQUIRED
            and isinstance(lifetime, Duration)
            and lifetime.approx_days > MAX_COOKIE.approx_days + 0.5
        ):
            path = ("cookies", cookie_id, "lifetime")
            yield Hit(
                path,
                f"{describe(path[:2])} lives {lifetime.iso}, more than the 13 months recommended for "
                "consent cookies; write lifetime: 13 months or less",
                value=True,
            )


_USES = {
    "data_subjects": "activities' data_subjects",
    "data_categories": "activities' data_categories",
    "recipients": "activities' recipients (or a cookie's provider)",
    "security_measures": "activities' security_measures",
}


@rule("unused-definition", Severity.WARNING)
def unused_definition(register: Register, context: Context) -> Iterator[Hit]:
    """A data subject, data category, recipient or security measure that nothing uses.

    A definition no activity refers to is either dead or a sign that an activity forgot it.

    Fails:   `recipients: {stripe: ...}` and no activity lists `stripe`
    Passes:  `recipients: [stripe]` in the payment activity
    """
    used: dict[str, set[str]] = {name: set(register.broken_refs.get(name, ())) for name in _USES}
    for activity in register.activities.values():
        used["data_subjects"].update(activity.data_subjects)
        used["data_categories"].update(activity.data_categories)
        used["recipients"].update(activity.recipients)
        used["recipients"].update(activity.joint_controllers)
        used["security_measures"].update(activity.security_measures)
    for cookie in register.cookies.values():
        used["recipients"].add(cookie.provider)
    for section, where in _USES.items():
        for entry_id in register.section(section):
            if entry_id not in used[section]:
                path = (section, entry_id)
                yield Hit(
                    path,
                    f"{describe(path)} is defined but not used; list it in {where}, or remove it",
                )


def year_before(day: date) -> date:
    """The same day twelve months earlier (28 February for a 29 February)."""
    if day.year == date.min.year:
        return date.min
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@rule("review-overdue", Severity.WARNING, "GDPR Art. 5(2), 24(1)")
def review_overdue(register: Register, context: Context) -> Iterator[Hit]:
    """An activity's `reviewed` date is more than 12 months before the date of validation.

    Measures are "reviewed and updated where necessary" (Art. 24(1)); a yearly review of each
    activity is the usual practice. The date of validation is today unless `--today` is given.

    Fails:   `reviewed: 2025-01-15` validated on 2026-11-24
    Passes:  `reviewed: 2026-06-01`
    """
    limit = year_before(context.today)
    for activity_id, activity in register.activities.items():
        if activity.reviewed is not None and activity.reviewed < limit:
            path = ("activities", activity_id, "reviewed")
            yield Hit(
                path,
                f"{describe(path[:2])} was last reviewed on {activity.reviewed.isoformat()}, more than "
                f"12 months before {context.today.isoformat()}; review it and update 'reviewed'",
                value=True,
            )
