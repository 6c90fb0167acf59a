"""Rules about the form of the files, applied mostly by the loader and the models.

These cannot be waived: a file that does not say what it means cannot be excused.
The conditional requirements that depend on other keys (a processor activity needs its
controller, a processor recipient's country...) are checked here.
"""

from __future__ import annotations

from collections.abc import Iterator

from ropa.display import shown
from ropa.findings import Severity
from ropa.loader import did_you_mean
from ropa.model.activities import ActivityRole, DpiaStatus
from ropa.model.errors import describe
from ropa.model.recipients import ROLES_WITHOUT_COUNTRY, Mechanism, RecipientRole
from ropa.model.register import Register
from ropa.rules.base import Context, Hit, Path, documented, rule

YAML_SYNTAX = documented(
    "yaml-syntax",
    Severity.ERROR,
    "",
    """A file is not valid YAML, or uses a forbidden construct.

    Forbidden: tags that build objects (`!!python/object`), repeated keys, aliases that expand
    to huge documents ("billion laughs"), several documents in one file, text that is not UTF-8.

    Fails:   `name: [unclosed` or `evil: !!python/object/apply:os.system [ls]`
    Passes:  `name: Newsletter`
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


@rule("missing-field", Severity.ERROR, waivable=False)
def missing_field(register: Register, context: Context) -> Iterator[Hit]:
    """A required key is absent.

    Besides the keys every entry needs, some depend on others: a `processor` activity needs its
    `controller`, a `joint_controller` activity its `joint_controllers`, a non-processor activity
    its `data_categories`; a recipient other than `internal`/`public` its `country`; a
    `derogation` transfer its `derogation` letter; a `done` DPIA its `reference`; a DPO an
    `email` or `address`; a retention entry a `period` or `criteria`.

    Fails:   `dpia: {status: done}`
    Passes:  `dpia: {status: done, reference: DPIA-2026-03}`
    """
    organization = register.organization
    if organization is not None:
        if organization.dpo and not (organization.dpo.email or organization.dpo.address):
            yield Hit(
                ("organization", "dpo"), "the DPO needs an 'email' or an 'address' (Art. 37(7))"
            )
        for key in ("eu_representative", "uk_representative"):
            representative = getattr(organization, key)
            if representative and not (representative.email or representative.address):
                yield Hit(
                    ("organization", key),
                    f"the {key.replace('_', ' ')} needs an 'email' or an 'address'",
                )
    for recipient_id, recipient in register.recipients.items():
        path: Path = ("recipients", recipient_id)
        if recipient.country is None and recipient.role not in ROLES_WITHOUT_COUNTRY:
            yield Hit(
                path,
                f"{describe(path)} lacks required key 'country' (where it is established, e.g. FR)",
            )
        for index, transfer in enumerate(recipient.transfers):
            if transfer.mechanism is Mechanism.DEROGATION and transfer.derogation is None:
                yield Hit(
                    (*path, "transfers", index),
                    f"{describe(path)}: a derogation transfer needs 'derogation', the Art. 49(1) letter a..g",
                )
    for activity_id, activity in register.activities.items():
        path = ("activities", activity_id)
        if activity.role is ActivityRole.PROCESSOR and activity.controller is None:
            yield Hit(
                path,
                f"{describe(path)} is a processor activity and lacks 'controller', the controller we act for (Art. 30(2)(a))",
            )
        if activity.role is ActivityRole.JOINT_CONTROLLER and not activity.joint_controllers:
            yield Hit(
                path,
                f"{describe(path)} is a joint-controller activity and lacks 'joint_controllers' (Art. 26)",
            )
        if activity.role is not ActivityRole.PROCESSOR and not activity.data_categories:
            yield Hit(
                path, f"{describe(path)} lacks required key 'data_categories' (data category ids)"
            )
        if (
            activity.dpia
            and activity.dpia.status is DpiaStatus.DONE
            and not activity.dpia.reference
        ):
            yield Hit((*path, "dpia"), f"{describe(path)}: a done DPIA needs its 'reference'")
        for index, retention in enumerate(activity.retention):
            if retention.period is None and retention.criteria is None:
                yield Hit(
                    (*path, "retention", index),
                    f"{describe(path)}: retention[{index}] needs a 'period' (e.g. 3 years) or, "
                    "when no fixed period can be given, 'criteria' (Art. 13(2)(a))",
                )


@rule("invalid-value", Severity.ERROR, waivable=False)
def invalid_combination(register: Register, context: Context) -> Iterator[Hit]:
    """A value of the wrong form, or one that does not fit where it stands.

    Wrong form: type, enum value, date (YYYY-MM-DD, and a real one), duration, country (ISO
    3166-1 alpha-2, upper case), language (ISO 639-1), URL or id. Does not fit: a waiver naming a
    rule that does not exist or cannot be waived; a joint controller that is not a recipient with
    role `joint_controller`; a basis or retention listing a category the activity does not use.

    Fails:   `effective_date: 2026-13-45`, `country: FRA`, `period: three years`
    Passes:  `effective_date: 2026-09-01`, `country: FR`, `period: 3 years`
    """
    from ropa.rules import BY_ID, WAIVABLE  # noqa: PLC0415  # the registry imports this module

    for path, entry in register.entries():
        for index, waiver in enumerate(entry.waivers):
            if waiver.rule not in BY_ID:
                yield Hit(
                    (*path, "waivers", index, "rule"),
                    f"{describe(path)}: no rule is called '{shown(waiver.rule)}'{did_you_mean(waiver.rule, sorted(BY_ID))}",
                    value=True,
                )
            elif waiver.rule not in WAIVABLE:
                yield Hit(
                    (*path, "waivers", index, "rule"),
                    f"{describe(path)}: rule '{shown(waiver.rule)}' is about the file itself and cannot be waived; fix the file",
                    value=True,
                )
    for activity_id, activity in register.activities.items():
        for index, ref in enumerate(activity.joint_controllers):
            recipient = register.recipients.get(ref)
            if recipient is not None and recipient.role is not RecipientRole.JOINT_CONTROLLER:
                yield Hit(
                    ("activities", activity_id, "joint_controllers", index),
                    f"{describe(('activities', activity_id))}: '{shown(recipient.id)}' is a {recipient.role} recipient; "
                    "give it role: joint_controller or remove it from joint_controllers",
                    value=True,
                )
