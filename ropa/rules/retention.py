"""Storage limitation: every activity and every category it uses has a retention (Art. 5(1)(e))."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.display import shown
from ropa.findings import Severity
from ropa.model.activities import ActivityRole
from ropa.model.register import Register
from ropa.rules.base import Context, Hit, rule
from ropa.vocabulary import describe


@rule("retention-missing", Severity.ERROR, "GDPR Art. 5(1)(e), 30(1)(f)")
def retention_missing(register: Register, context: Context) -> Iterator[Hit]:
    """An activity, or one of its data categories, has no retention period or criteria.

    A retention entry without `categories` covers all of the activity's categories; one with
    `categories` covers those only. Processor activities follow the controller's instructions.

    Fails:   `retention: [{period: 10 years, categories: [orders]}]` on an activity that also
             processes `identity`
    Passes:  add `{period: 3 years, from: "end of the business relationship"}`
    """
    for activity_id, activity in register.activities.items():
        if activity.role is ActivityRole.PROCESSOR:
            continue
        path = ("activities", activity_id)
        if not activity.retention:
            yield Hit(
                path,
                f"{describe(path)} declares no retention; add retention: [{{period: 3 years, "
                "from: ...}] or criteria when no fixed period can be given",
            )
            continue
        covered: set[str] = set()
        for retention in activity.retention:
            covered.update(retention.categories or activity.data_categories)
        for index, ref in enumerate(activity.data_categories):
            if ref not in covered:
                yield Hit(
                    (*path, "data_categories", index),
                    f"{describe(path)}: no retention entry covers data category '{shown(ref)}'; add it to "
                    "the categories of a retention entry, or add an entry for it",
                    value=True,
                )
