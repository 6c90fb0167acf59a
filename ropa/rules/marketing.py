"""Direct marketing by electronic means: prior consent, or the soft opt-in for customers
(ePrivacy Directive 2002/58/EC Art. 13)."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.findings import Severity
from ropa.model.activities import (
    ELECTRONIC_CHANNELS,
    SOFT_OPT_IN_CHANNELS,
    ActivityRole,
    Basis,
)
from ropa.model.register import Register
from ropa.rules.base import Context, Hit, rule
from ropa.rules.legal_bases import withdrawal_example
from ropa.vocabulary import describe


@rule(
    "electronic-marketing-without-consent",
    Severity.ERROR,
    "ePrivacy Directive 2002/58/EC Art. 13(1)-(2)",
)
def electronic_marketing_without_consent(register: Register, context: Context) -> Iterator[Hit]:
    """Direct marketing by email, SMS or automated calls without consent or a soft opt-in.

    Art. 13(1) of the ePrivacy Directive allows direct marketing by electronic mail (SMS
    included), automated calling machines and fax only with the person's prior consent. Art.
    13(2) lets a seller email (or text) its own customers about its own similar products, with
    an easy opt-out at collection and in every message: `soft_opt_in: true`. That exception is
    for electronic mail only; automated calls always need consent. Where national law allows
    prospecting professionals on an opt-out basis, record a waiver that cites that law.

    Fails:   `marketing_channels: [email]` with `legal_bases: [{basis: legitimate_interests}]`
    Passes:  `legal_bases: [{basis: consent, withdrawal: "Unsubscribe link in every email"}]`,
             or `soft_opt_in: true` for customers and similar products
    """
    for activity_id, activity in register.activities.items():
        if activity.role is ActivityRole.PROCESSOR:
            continue
        if any(b.basis is Basis.CONSENT for b in activity.legal_bases):
            continue
        exempt = SOFT_OPT_IN_CHANNELS if activity.soft_opt_in else frozenset()
        channels = [
            c
            for c in dict.fromkeys(activity.marketing_channels)
            if c in ELECTRONIC_CHANNELS and c not in exempt
        ]
        if not channels:
            continue
        # at the first channel concerned: an invalid channel beside it does not hide the finding
        first = activity.marketing_channels.index(channels[0])
        path = ("activities", activity_id, "marketing_channels", first)
        names = ", ".join(str(c) for c in channels)
        note = " (the soft opt-in covers email and SMS only)" if activity.soft_opt_in else ""
        opt_in = (
            "; or, for email and SMS to existing customers about our own similar products, with "
            "an opt-out at collection and in every message, soft_opt_in: true"
            if not activity.soft_opt_in and SOFT_OPT_IN_CHANNELS.intersection(channels)
            else ""
        )
        consent = f"{{basis: consent, withdrawal: {withdrawal_example(register.languages)}}}"
        yield Hit(
            path,
            f"{describe(path[:2])} sends direct marketing by {names} without the person's prior "
            f"consent{note}; rest it on consent, legal_bases: [{consent}]{opt_in}",
            value=True,
        )
