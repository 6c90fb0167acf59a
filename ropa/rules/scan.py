"""The scanner's rules: what ``ropa scan`` finds when it compares a site's real cookies and
storage with the register's ``cookies:``.

They judge what a browser saw rather than the register alone, so they are applied by
:mod:`ropa.scan.compare`, not by ``ropa validate``; they are documented here like the others,
and ``ropa scan --format sarif`` describes them. None can be waived on an entry (a waiver is a
validator's finding's, and ``ropa validate`` would not know these ids).
"""

from __future__ import annotations

from ropa.findings import Severity
from ropa.rules.base import documented

COOKIE_UNDECLARED = documented(
    "cookie-undeclared",
    Severity.ERROR,
    "ePrivacy Directive Art. 5(3); GDPR Art. 13(1)(c), (e)",
    """The site stores a cookie or a storage key that no declaration of `cookies:` names.

    Storing information on a visitor's device, or reading it, is allowed only when the visitor
    is given clear and comprehensive information about it, its purposes first (ePrivacy
    Directive Art. 5(3)), and the policy must tell people of every purpose and recipient
    (GDPR Art. 13(1)(c), (e)): a tracker the register does not know is one the policy does not
    mention. A declaration names a cookie by its id, or by `names`, where `*` stands for any
    run of characters (`_ga_*`); local and session storage keys are matched the same way.

    Fails:   the site sets `_hjid`; `cookies:` has `_ga` and `PHPSESSID` only
    Passes:  `_hjid: {provider: hotjar, purpose: audience-measurement, lifetime: 13 months,
             consent: required}`
    """,
)

COOKIE_BEFORE_CONSENT = documented(
    "cookie-before-consent",
    Severity.ERROR,
    "ePrivacy Directive Art. 5(3); C-673/17 Planet49",
    """A tracker declared `consent: required` is set before the visitor has consented.

    Consent must come before the tracker is stored or read (ePrivacy Directive Art. 5(3); the
    CJEU in C-673/17 Planet49: prior, active consent). The scan visits the site first in a
    fresh browser with no consent given; anything a declaration says needs consent and that is
    already there has been set without it. Only a strictly necessary tracker may be set
    before, and it is declared `consent: exempt`.

    Fails:   `_ga` (`consent: required`) is set on the first page, before the banner is answered
    Passes:  `_ga` appears only after the accept button is clicked; or a session cookie that
             is strictly necessary, declared `consent: exempt`
    """,
)

COOKIE_LIFETIME_LONGER = documented(
    "cookie-lifetime-longer",
    Severity.WARNING,
    "GDPR Art. 13(2)(a); ePrivacy Directive Art. 5(3)",
    """A cookie lives longer than the `lifetime` its declaration states.

    The policy tells people how long information stays on their device (the storage period,
    Art. 13(2)(a); the ePrivacy Directive's clear and comprehensive information). The cookie's
    real expiry, counted from when the scan saw it, is compared with the declared lifetime
    counted on the calendar from that moment (13 months from 15 January are 396 days), with
    one day of tolerance: enough for the time between setting and reading it, clocks, and
    sites that round to the day, and too little to hide a longer lifetime. A cookie that
    persists while its declaration says `session` lives longer too.

    Fails:   `lifetime: 30 days` for a cookie set with `Max-Age=31536000` (365 days)
    Passes:  `lifetime: 13 months` for a cookie that expires 395 days after it is set
    """,
)

COOKIE_PROVIDER_MISMATCH = documented(
    "cookie-provider-mismatch",
    Severity.WARNING,
    "GDPR Art. 13(1)(e); ePrivacy Directive Art. 5(3)",
    """A cookie is set by a third party other than the `provider` its declaration names.

    People are told who places trackers on their device and who receives what they collect
    (Art. 13(1)(e); the ePrivacy Directive's information, which names whoever stores or reads
    it). A cookie is set by a third party when its domain is another site's, or when a script
    of another site wrote it. That host is the declared provider's when it is the site of the
    recipient's `privacy_policy` address, or when it holds a word of the recipient's id or
    name (`google` in `googletagmanager.com`); a `first_party` declaration has no third party.

    Fails:   `_fbp` written by a script of `connect.facebook.net`, `provider: first_party`
    Passes:  `provider: facebook-business`, the recipient `Meta Platforms Ireland Limited
             (Facebook Business)`
    """,
)

COOKIE_NOT_SEEN = documented(
    "cookie-not-seen",
    Severity.NOTE,
    "",
    """A declared cookie or storage key was not seen on any page the scan visited.

    Not a breach: the policy may list a tracker the site no longer sets, which misinforms
    readers, or one set only on pages the scan did not reach (a checkout, a logged-in area).
    Remove the declaration in the first case; in the second, scan those pages too. Pixels
    (`type: pixel`) are requests rather than stored names, and are not looked for.

    Fails:   `__adroll` declared; the scanned pages never set it
    Passes:  the scanned pages set `__adroll`, or its declaration is removed
    """,
)

#: The scanner's rules, in the order of the README's table.
RULES = (
    COOKIE_UNDECLARED,
    COOKIE_BEFORE_CONSENT,
    COOKIE_LIFETIME_LONGER,
    COOKIE_PROVIDER_MISMATCH,
    COOKIE_NOT_SEEN,
)
