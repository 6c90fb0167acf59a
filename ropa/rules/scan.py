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

#: Where the rules that rest on Art. 5(3) rest: the Directive, and the national texts enforced.
EPRIVACY = "ePrivacy Directive Art. 5(3) (FR: loi 78-17 art. 82; UK: PECR reg. 6)"

COOKIE_UNDECLARED = documented(
    "cookie-undeclared",
    Severity.ERROR,
    f"{EPRIVACY}; GDPR Art. 5(2) (accountability)",
    """The site stores a cookie or a storage key that no declaration of `cookies:` names.

    Storing information on a visitor's device, or reading it, is allowed when the visitor has
    consented after clear and comprehensive information, or when it is exempt: solely for the
    transmission of a communication, or strictly necessary for a service the visitor asked for,
    in which case neither consent nor that information is owed (ePrivacy Directive Art. 5(3);
    FR: loi 78-17 art. 82; UK: PECR reg. 6). The register must know every tracker to show which
    case each is in (GDPR Art. 5(2), accountability): an undeclared tracker is not necessarily
    unlawful, but it is one ropa cannot check. A declaration names a cookie by its id, or by
    `names`, where `*` stands for any run of characters (`_ga_*`); local and session storage
    keys are matched the same way.

    Fails:   the site sets `_hjid`; `cookies:` has `_ga` and `PHPSESSID` only
    Passes:  `_hjid: {provider: hotjar, purpose: audience-measurement, lifetime: 13 months,
             consent: required}`
    """,
)

COOKIE_BEFORE_CONSENT = documented(
    "cookie-before-consent",
    Severity.ERROR,
    f"{EPRIVACY} and EDPB Guidelines 05/2020 on consent (prior consent); "
    "C-673/17 Planet49 (active consent)",
    """A tracker declared `consent: required` is set before the visitor has consented.

    Consent is prior (ePrivacy Directive Art. 5(3); FR: loi 78-17 art. 82; UK: PECR reg. 6;
    EDPB Guidelines 05/2020 on consent): given before the tracker is stored or read. It is
    active (C-673/17 Planet49): a pre-ticked box is not consent. Planet49 also holds that
    Art. 5(3) applies whether or not the information stored or read is personal data. The scan
    visits the site first in a fresh browser with no consent given; anything a declaration says
    needs consent and that is already there has been set without it. Only a tracker solely for
    the transmission of a communication, or strictly necessary for a service the visitor asked
    for, may be set before consent; it is declared `consent: exempt`, saying why.

    Not tested: trackers set after the visitor refuses consent or withdraws it (the scan's
    second visit always counts as consent); pixels and other tracking without a cookie or a
    storage key, which Art. 5(3) covers as well (EDPB Guidelines 2/2023 on the technical scope
    of Art. 5(3)): the scan records requests to third parties but judges only cookies and
    storage keys; whether a tracker declared `consent: exempt` plausibly is exempt.

    Fails:   `_ga` (`consent: required`) is set on the first page, before the banner is answered
    Passes:  `_ga` appears only after the accept button is clicked; or a session cookie that
             is strictly necessary, declared `consent: exempt`
    """,
)

COOKIE_LIFETIME_LONGER = documented(
    "cookie-lifetime-longer",
    Severity.WARNING,
    f"{EPRIVACY}, as read in C-673/17 Planet49 (the information includes the cookie's duration)",
    """A cookie lives longer than the `lifetime` its declaration states.

    The information given before consent includes how long the cookie lives (ePrivacy
    Directive Art. 5(3), as read by the CJEU in C-673/17 Planet49); how long collected data
    are kept is another matter (GDPR Art. 13(2)(a)), stated by an activity's `retention`. An
    exempt tracker is owed no such information, but a wrong declaration is still wrong. The
    cookie's real expiry, counted from when the scan saw it, is compared with the declared
    lifetime counted on the calendar from that moment (13 months from 15 January are 396
    days), with one day of tolerance: enough for the time between setting and reading it,
    clocks, and sites that round to the day, and too little to hide a longer lifetime. A cookie
    that persists while its declaration says `session` lives longer too. The rule cannot see a
    lifetime renewed on each visit: a cookie set again with a fresh expiry on every visit lives
    as long as the visitor keeps coming back, while the scan sees one expiry at a time.

    Fails:   `lifetime: 30 days` for a cookie set with `Max-Age=31536000` (365 days)
    Passes:  `lifetime: 13 months` for a cookie that expires 395 days after it is set
    """,
)

COOKIE_PROVIDER_MISMATCH = documented(
    "cookie-provider-mismatch",
    Severity.WARNING,
    f"{EPRIVACY}; C-673/17 Planet49 (third parties' access); CNIL délibération 2020-091 "
    "(identity of the controllers); GDPR Art. 13(1)(e) (where the data are personal)",
    """A cookie is set by a third party other than the `provider` its declaration names.

    The information given before consent says whether third parties have access to the cookie
    (ePrivacy Directive Art. 5(3), as read in C-673/17 Planet49) and, in France, who the
    controllers that store or read it are (CNIL délibération 2020-091); where the data are
    personal, the policy names their recipients or categories of recipients as well
    (GDPR Art. 13(1)(e)). An exempt tracker is owed no information under Art. 5(3), but a wrong
    declaration is still wrong. A cookie is set by a third party when its domain is another
    site's, or when a script of another site wrote it. That host is the declared provider's
    when it is the site of the recipient's `privacy_policy` address, or when it holds a word of
    the recipient's id or name (`google` in `googletagmanager.com`); a `first_party`
    declaration has no third party.

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
