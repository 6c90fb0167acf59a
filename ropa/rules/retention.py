"""Storage limitation (Art. 5(1)(e)): every activity and category has a retention, a long one its reason."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.display import shown
from ropa.findings import Severity
from ropa.model.activities import ActivityRole
from ropa.model.register import Register
from ropa.model.types import Duration
from ropa.rules.base import Context, Hit, rule
from ropa.vocabulary import describe, text_example


@rule("retention-missing", Severity.ERROR, "GDPR Art. 5(1)(e), 30(1)(f)")
def retention_missing(register: Register, context: Context) -> Iterator[Hit]:
    """An activity, or one of its data categories, has no retention period or criteria.

    A retention entry without `categories` covers all of the activity's categories; one with
    `categories` covers those only. Processor activities follow the controller's instructions.

    Fails:   `retention: [{period: 10 years, categories: [orders]}]` on an activity that also
             processes `identity`
    Passes:  add `{period: 3 years, from: "end of the business relationship"}`
    """
    start = text_example(
        register.languages,
        {"en": "the end of the business relationship", "fr": "la fin de la relation commerciale"},
    )
    for activity_id, activity in register.activities.items():
        if activity.role is ActivityRole.PROCESSOR:
            continue
        path = ("activities", activity_id)
        if not activity.retention:
            yield Hit(
                path,
                f"{describe(path)} declares no retention; add retention: [{{period: 3 years, "
                f"from: {start}}}], or criteria: instead of period: when no fixed period can be "
                "given",
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
                    f"the categories of a retention entry, or add an entry for it: {{period: 3 years, "
                    f"categories: [{shown(ref)}]}}",
                    value=True,
                )


#: FORMAT.md's threshold: a period longer than this needs the law or standard that justifies it.
LONG_RETENTION = Duration(years=10)


@rule("retention-unjustified", Severity.WARNING, "GDPR Art. 5(1)(e)")
def retention_unjustified(register: Register, context: Context) -> Iterator[Hit]:
    """A retention period over 10 years has no `reference`.

    Data is kept no longer than the purpose needs (Art. 5(1)(e)); a period beyond 10 years is
    rarely needed for the purpose itself and usually rests on a law (a limitation period, an
    archiving obligation): `reference` names it, so that the controller can show why
    (Art. 5(2)). Periods are compared with average month and year lengths.

    Fails:   `retention: [{period: 20 years}]`
    Passes:  `retention: [{period: 20 years, reference: "Code de la santé publique, R.1112-7"}]`
             or `{period: 10 years}`
    """
    for activity_id, activity in register.activities.items():
        for index, retention in enumerate(activity.retention):
            period = retention.period
            if (
                period is not None
                and retention.reference is None
                and period.approx_days > LONG_RETENTION.approx_days + 0.5
            ):
                path = ("activities", activity_id, "retention", index)
                yield Hit(
                    path,
                    f"{describe(path)} keeps data for {period.iso}, more than 10 years, without "
                    "saying why; add reference: the law or standard that requires the period, "
                    "or shorten it",
                )
