"""The version gate's rules: what a change of the register asks of the policy's version, its
history and its effective date (``ropa validate --against REV``).

They compare two revisions of a register, so they are applied by :mod:`ropa.changes.gate`
rather than by a check of one register; they are documented here like the others. None can be
waived on an entry: a waiver would stay in the register after the change it excused, and
silence the next one. A project sets their severity (or turns one off) in its configuration.
"""

from __future__ import annotations

from ropa.findings import Severity
from ropa.rules.base import documented

VERSION_NOT_BUMPED = documented(
    "version-not-bumped",
    Severity.ERROR,
    "ropa's judgement; WP260 rev.01 para 29",
    """The policy changed in meaning since the revision compared with, but `policy.version` did not.

    `ropa validate --against REV` compares the register with the one at the Git revision REV,
    as `ropa diff REV` does, and each change is material, notable or editorial (the README's
    table of kinds). A material or notable change of what the policy tells people needs a new
    version: the notice of the change (a material change is communicated to people by a notice
    devoted to it, WP260 rev.01 para 29), the policy's history and the documents name the
    version people were told. The law asks for no version number; tying a new version to every
    change that matters is ropa's judgement. Editorial changes (misspellings, style, grammar:
    not material, para 29) and internal ones (notes, owners, review dates, hidden activities)
    may keep the version. A kind of change a project raises (`[tool.ropa] materiality`) needs a
    new version once raised to notable.

    Fails:   a purpose added since REV, and `version: "1.0"` on both sides
    Passes:  `version: "1.1"` with its `policy.history` entry; or a typo fixed, `version: "1.0"`
    """,
)

HISTORY_MISSING = documented(
    "history-missing",
    Severity.ERROR,
    "ropa's judgement; GDPR Art. 5(2)",
    """A new `policy.version` has no entry in `policy.history`.

    The history says which version took effect when, and what it changed: with it the
    controller can show what people were told and from when (accountability, Art. 5(2)), and
    readers see how the policy changed. Asking an entry for every new version is ropa's
    judgement. A version is new when it differs from the one at the revision given to
    `ropa validate --against`.

    Fails:   `version: "1.1"` (REV has "1.0") and no `history` entry with `version: "1.1"`
    Passes:  `history: [{version: "1.1", date: 2026-12-24, summary: Our newsletter}, ...]`
    """,
)

NOTICE_PERIOD_SHORT = documented(
    "notice-period-short",
    Severity.WARNING,
    "WP260 rev.01 paras 29-30",
    """A new version with a material change takes effect less than `notice_days` after the date of validation.

    A material change is communicated to the people concerned before it takes effect, by a
    notice devoted to it, and a fundamental one (such as a transfer to a third country) well in
    advance (WP260 rev.01 paras 29-30). The guidelines give no number of days: ropa asks 30 by
    default, the notice GitHub gives for material changes of its own terms, and a project sets
    its own with `[tool.ropa] notice_days` (0 to 366). The change takes effect on the new
    version's `policy.effective_date`; the date of validation is today unless `--today` is
    given. Compared with the revision given to `ropa validate --against`, and judged when the
    version changed (before that, `version-not-bumped` asks for a new version and its date).

    Fails:   a transfer to India added, `effective_date: 2026-12-01` validated on 2026-11-24
    Passes:  `effective_date: 2026-12-24` or later, and the notice sent by then
    """,
)

PURPOSE_NOT_ANNOUNCED = documented(
    "purpose-not-announced",
    Severity.WARNING,
    "GDPR Art. 13(3), 14(4)",
    """A new purpose takes effect on a `policy.effective_date` not after the date of validation.

    Before personal data are processed for a purpose other than the one they were obtained for,
    the controller tells the people concerned of that purpose (Art. 13(3), 14(4)); people whose
    data are collected for it are told at collection (Art. 13(1)). Either way a purpose the
    page did not list cannot start on or before the day the page first says it: the new
    version's `effective_date` must be later than the date of validation, and the processing
    must wait for it. Compared with the revision given to `ropa validate --against`. A rule of
    its own beside `notice-period-short`: it rests on the GDPR rather than on guidelines, holds
    whatever `notice_days` says (0 included), and points at the new purpose itself.

    Fails:   a purpose `loyalty` added and `effective_date: 2026-11-24`, validated on 2026-11-24
    Passes:  `effective_date: 2026-12-24`, the new purpose starting then
    """,
)

#: The gate's rules, in the order a pull request meets them.
RULES = (VERSION_NOT_BUMPED, HISTORY_MISSING, NOTICE_PERIOD_SHORT, PURPOSE_NOT_ANNOUNCED)
