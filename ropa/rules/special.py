"""Special categories of data (Art. 9), criminal data (Art. 10) and impact assessments (Art. 35)."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.display import shown
from ropa.findings import Severity
from ropa.model.activities import NEEDS_LAW, Condition, DpiaStatus
from ropa.model.definitions import SpecialCategory
from ropa.model.register import Register
from ropa.rules.base import Context, Hit, rule
from ropa.vocabulary import describe


@rule("special-category-without-condition", Severity.ERROR, "GDPR Art. 9, 10")
def special_category_without_condition(register: Register, context: Context) -> Iterator[Hit]:
    """A special category is processed without an Art. 9(2) condition (or Art. 10 law).

    Processing Art. 9(1) data (health, biometric...) is prohibited unless one of the conditions
    of Art. 9(2) applies; criminal data (Art. 10) needs a legal basis in Union or Member State law.

    Fails:   `data_categories: [health_data]` (special: health) with no `special_conditions`
    Passes:  `special_conditions: [a]` (explicit consent), or `[{condition: art10, law: ...}]`
    """
    for activity_id, activity in register.activities.items():
        conditions = {c.condition for c in activity.special_conditions}
        has_art9 = bool(conditions - {Condition.ART10})
        for index, ref in enumerate(activity.data_categories):
            category = register.data_categories.get(ref)
            if category is None or category.special is None:
                continue
            path = ("activities", activity_id, "data_categories", index)
            if category.special is SpecialCategory.CRIMINAL_CONVICTIONS:
                if Condition.ART10 not in conditions:
                    art10 = "{condition: art10, law: ...}"
                    add = (
                        f"add {art10} to its special_conditions"
                        if conditions
                        else f"add special_conditions: [{art10}]"
                    )
                    yield Hit(
                        path,
                        f"{describe(path[:2])} processes criminal-offence data '{shown(ref)}' "
                        f"without the law that allows it (Art. 10); {add}, naming that law",
                        value=True,
                    )
            elif not has_art9:
                add = (
                    "add a (explicit consent) to its special_conditions"
                    if conditions
                    else "add special_conditions: [a] (explicit consent)"
                )
                yield Hit(
                    path,
                    f"{describe(path[:2])} processes special-category data '{shown(ref)}' ({category.special}) "
                    f"without an Art. 9(2) condition; {add}, or the letter of the condition that applies",
                    value=True,
                )


@rule("special-condition-law-missing", Severity.ERROR, "GDPR Art. 9(2), 9(4), 10")
def special_condition_law_missing(register: Register, context: Context) -> Iterator[Hit]:
    """An Art. 9(2)(b), (g), (h), (i), (j) or Art. 10 condition does not name its law.

    These conditions rest on Union or Member State law, which the register must name.

    Fails:   `special_conditions: [b]`
    Passes:  `special_conditions: [{condition: b, law: "French Labour Code, art. L.4624-1"}]`
    """
    for activity_id, activity in register.activities.items():
        for index, condition in enumerate(activity.special_conditions):
            if condition.condition.value in NEEDS_LAW and not condition.law:
                path = ("activities", activity_id, "special_conditions", index)
                yield Hit(
                    path,
                    f"{describe(path[:2])}: condition {condition.condition.article} rests on "
                    f"Union or Member State law; write {{condition: {condition.condition}, law: ...}}",
                )


@rule("dpia-undecided", Severity.WARNING, "GDPR Art. 35")
def dpia_undecided(register: Register, context: Context) -> Iterator[Hit]:
    """An activity with special categories or automated decisions has no `dpia` status.

    Such processing often needs a data protection impact assessment (Art. 35(3)); record the
    decision either way.

    Fails:   an activity with `automated_decisions` and no `dpia`
    Passes:  `dpia: {status: not_required}` or `dpia: {status: done, reference: DPIA-7}`
    """
    for activity_id, activity in register.activities.items():
        if activity.dpia is not None:
            continue
        special = any(c.special is not None for c in activity.category_entries)
        if special or activity.automated_decisions is not None:
            path = ("activities", activity_id)
            reason = "special categories" if special else "automated decisions or profiling"
            yield Hit(
                path,
                f"{describe(path)} involves {reason} but records no DPIA decision; add "
                "dpia: {status: not_required} if an assessment is not needed, or dpia: "
                "{status: done, reference: ...} once it is done (status: required while it is "
                "pending)",
            )


@rule("dpia-pending", Severity.ERROR, "GDPR Art. 35(1)")
def dpia_pending(register: Register, context: Context) -> Iterator[Hit]:
    """An activity needs a data protection impact assessment that is not done.

    Where processing is likely to result in a high risk, the controller carries out the
    assessment prior to the processing (Art. 35(1)); `status: required` records that it is
    needed and not yet done.

    Fails:   `dpia: {status: required}`
    Passes:  `dpia: {status: done, reference: DPIA-2026-02, date: 2026-05-12}`
    """
    for activity_id, activity in register.activities.items():
        if activity.dpia is not None and activity.dpia.status is DpiaStatus.REQUIRED:
            path = ("activities", activity_id, "dpia", "status")
            yield Hit(
                path,
                f"{describe(path[:2])} needs an impact assessment that is not done; carry it "
                "out before the processing starts (consult the supervisory authority if a high "
                "risk remains, Art. 36), then write dpia: {status: done, reference: ...} (and "
                "date:, the day it was completed)",
                value=True,
            )
