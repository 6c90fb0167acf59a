"""The rules about the files themselves, which the loader and the models apply as they read.

None can be waived: a file that does not say what it means cannot be excused. They live apart
from the checks so that every stage can make its findings with them (``RULE.finding``) without
depending on the rules that read the models.
"""

from __future__ import annotations

from ropa.findings import Severity
from ropa.rules.base import documented

YAML_SYNTAX = documented(
    "yaml-syntax",
    Severity.ERROR,
    "",
    """A file is not valid YAML, or uses a forbidden construct.

    The finding names the mistake and what to write instead: a tab used to indent, a key
    indented more or less than its siblings, ': ' inside a value written without quotes, an
    apostrophe that ends a single-quoted value early, a quote or bracket never closed, a
    comment or a colon inside `{…}`, a '- ' missing or extra in a list, a file that is a list
    or a text rather than a mapping of sections. Only the entry that holds the mistake is set
    aside: the rest of the file is read, and what only follows from the missing entry (a
    reference to it, a section it held) is not reported again.

    Forbidden: tags that build objects (`!!python/object`), repeated keys, aliases that expand
    to huge documents ("billion laughs"), several documents in one file, text that is not UTF-8.

    Fails:   `name: Newsletter: our news` or `evil: !!python/object/apply:os.system [ls]`
    Passes:  `name: "Newsletter: our news"`
    """,
)

UNKNOWN_FIELD = documented(
    "unknown-field",
    Severity.ERROR,
    "",
    """A key the format does not know (often a typo); the message suggests the closest key.

    Fails:   `legal_base: [{basis: consent}]`
    Passes:  `legal_bases: [{basis: consent, withdrawal: ...}]`
    """,
)

DUPLICATE_ID = documented(
    "duplicate-id",
    Severity.ERROR,
    "",
    """An id defined twice, in one file or across files; the message names both places.

    Fails:   `activities: {orders: ...}` in two files
    Passes:  each id defined once
    """,
)

UNKNOWN_REFERENCE = documented(
    "unknown-reference",
    Severity.ERROR,
    "",
    """A reference names no entry of its section.

    Fails:   `recipients: [stripe]` with no `stripe` under `recipients:`
    Passes:  `recipients: [stripe]` and `recipients: {stripe: {...}}`
    """,
)


FILE_REFUSED = documented(
    "file-refused",
    Severity.ERROR,
    "",
    """A path in the register that ropa will not read: only regular files inside the register are.

    ropa validates pull requests, so a register's files may come from anyone: a link to a file
    elsewhere on the machine (`/etc/passwd`, a secret) would otherwise be read and echoed in
    findings, or merged into the published documents. A link that leads outside the register,
    a broken link, a named pipe, device or socket, and a file or folder that cannot be read are
    each one finding, and nothing is read through them. A link to a place inside the register
    is skipped quietly: what it points to is read where it is. An extension of the format.

    Fails:   `data/common.yaml` a link to `../../shared/common.yaml`
    Passes:  `data/common.yaml` a copy of the file
    """,
)

LIMIT_EXCEEDED = documented(
    "limit-exceeded",
    Severity.ERROR,
    "",
    """A file or the register is larger than ropa reads, so that validation is always bounded.

    The bounds are far above a real register (`ropa explain limit-exceeded` lists them): 20 MiB
    and 1,000,000 lines, keys and list items per file, 50 MiB and 2,500,000 in all, 5,000
    files, 10,000 entries of one section per file, 100,000 characters per value, 200 per key
    or id, 64 levels of nesting. What lies past a bound is not read; the rest is. An extension
    of the format.

    Fails:   a 60 MB export pasted into one file
    Passes:  the same entries split into files of a few hundred each
    """,
)

MISSING_FIELD = documented(
    "missing-field",
    Severity.ERROR,
    "",
    """A required key is absent.

    Besides the keys every entry needs, some depend on others: a `processor` activity needs its
    `controller`, a `joint_controller` activity its `joint_controllers`, a non-processor activity
    its `data_categories`; a recipient other than `internal`/`public` its `country`; a
    `derogation` transfer its `derogation` letter; a `done` DPIA its `reference`; a DPO an
    `email` or `address`; a retention entry a `period` or `criteria`. The message gives a value
    to write where one can be shown: an id of the register, the first of the allowed values, a
    text in every language of the policy.

    A cookie needs `provider` (a recipient's id, or `first_party`), `purpose` (the id of the
    activity it serves), `lifetime` and `consent` (`required` or `exempt`). An address written as
    a mapping needs `street`, `postal_code`, `city` and `country` (`region` is optional); any
    other address may instead be one string.

    Fails:   `dpia: {status: done}`; `_ga: {provider: google, lifetime: 13 months}` (no
             `purpose`, no `consent`); `address: {street: 1 rue de la Paix, city: Paris,
             country: FR}` (no `postal_code`)
    Passes:  `dpia: {status: done, reference: DPIA-2026-03}`; `_ga: {provider: google,
             purpose: analytics, lifetime: 13 months, consent: required}`; `address:
             {street: 1 rue de la Paix, postal_code: "75002", city: Paris, country: FR}`, or
             `address: "1 rue de la Paix, 75002 Paris"` (except the controller's own)
    """,
)

INVALID_VALUE = documented(
    "invalid-value",
    Severity.ERROR,
    "",
    """A value of the wrong form, or one that does not fit where it stands.

    Wrong form: type, enum value, date (YYYY-MM-DD, and a real one), duration, country (ISO
    3166-1 alpha-2, upper case: `UK` is not a code, `GB` is), language (ISO 639-1), URL or id.
    Does not fit: a waiver naming a rule that does not exist or cannot be waived; a joint
    controller that is not a recipient with role `joint_controller`; a basis or retention
    listing a category the activity does not use. The message says what to write: the allowed
    values, or for a reference an id of the register (`an activity id such as 'analytics'`).

    A cookie's `purpose` is the id of an activity, not its name; its `provider` a recipient's
    id or `first_party`; its `consent` is `required` (the tracker needs prior consent) or
    `exempt` (strictly necessary), not `yes` or `no`. An address is a mapping of `street`,
    `postal_code`, `city`, `region` (optional) and `country`, or one string; the controller's
    own (`organization.address`) must be the mapping, since its country decides which Member
    State's law the documents cite.

    Fails:   `effective_date: 2026-13-45`, `country: FRA`, `period: three years`;
             `_ga: {purpose: Audience measurement, consent: yes, ...}`;
             `organization: {address: "1 rue de la Paix, 75002 Paris"}`
    Passes:  `effective_date: 2026-09-01`, `country: FR`, `period: 3 years`;
             `_ga: {purpose: analytics, consent: required, ...}`;
             `organization: {address: {street: 1 rue de la Paix, postal_code: "75002",
             city: Paris, country: FR}}`
    """,
)

VALUE_CUT_BY_COMMENT = documented(
    "value-cut-by-comment",
    Severity.WARNING,
    "",
    """A plain value that YAML cuts short because ` #` starts a comment.

    In YAML, a `#` after a space begins a comment, even inside a value written without quotes:
    `reference: Contract #42 of 2026` is read as `Contract`, and the register and the published
    documents say `Contract`. ropa warns when a comment begins right after a value with no
    space after its `#` (`#42`, `#1`: text, not a comment), or inside `{…}` or `[…]`. If the
    text belongs to the value, quote the value; if it is a comment, write a space after `#`.
    An extension of the format.

    Fails:   `reference: Contract #42 of 2026`
    Passes:  `reference: "Contract #42 of 2026"` or `country: FR  # assumed: ...`
    """,
)

CURLY_QUOTES = documented(
    "curly-quotes",
    Severity.WARNING,
    "",
    """A value wrapped in curly quotes (“…” or ‘…’), as a word processor types them.

    YAML quotes a value only with straight quotes (`"` and `'`); curly ones are kept as part of
    the text, so `version: “1.0”` publishes the quotes with the version. Retype them straight.
    An extension of the format.

    Fails:   `version: “1.0”`
    Passes:  `version: "1.0"`
    """,
)
