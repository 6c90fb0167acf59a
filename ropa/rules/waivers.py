"""Waivers: a rule silenced for one entry, with a reason and an optional end date (Art. 5(2)).

The engine in :mod:`ropa.check` applies waivers; these rules document what it reports.
"""

from __future__ import annotations

from ropa.findings import Severity
from ropa.rules.base import documented

UNUSED_WAIVER = documented(
    "unused-waiver",
    Severity.WARNING,
    "",
    """A waiver whose rule does not fire on its entry.

    A waiver that silences nothing is stale: the problem was fixed, or the waiver sits on the
    wrong entry. Remove it, or move it where the rule fires.

    Fails:   `waivers: [{rule: dpia-undecided, reason: ...}]` on an activity with a `dpia`
    Passes:  the same waiver on an activity with automated decisions and no `dpia`
    """,
)

WAIVER_EXPIRED = documented(
    "waiver-expired",
    Severity.WARNING,
    "",
    """A waiver past its `until` date; the rule it silenced fires again as well.

    Fails:   `waivers: [{rule: review-overdue, reason: ..., until: 2026-01-31}]` on 2026-11-24
    Passes:  `until: 2027-01-31`, or fix what the rule reports and remove the waiver
    """,
)
