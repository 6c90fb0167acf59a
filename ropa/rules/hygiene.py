"""Keeping the register true over time: dead definitions, reviews (Art. 5(2), 24(1))."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ropa.findings import Severity
from ropa.model.register import Register
from ropa.rules.base import Context, Hit, rule
from ropa.vocabulary import describe

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
        misnamed = register.misnamed.get(section, ())  # its invalid-value is enough
        for entry_id in register.section(section):
            if entry_id not in used[section] and entry_id not in misnamed:
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

    Measures are "reviewed and updated where necessary" (Art. 24(1)), and the controller must
    be able to show that the register is accurate (Art. 5(2)). The GDPR sets no period: a
    yearly review of each activity is good practice for accountability, not a legal deadline.
    The date of validation is today unless `--today` is given.

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
                f"12 months before {context.today.isoformat()}; a yearly review is good practice for "
                "accountability (the GDPR sets no period): review it, then write "
                f"reviewed: {context.today.isoformat()}",
                value=True,
            )
