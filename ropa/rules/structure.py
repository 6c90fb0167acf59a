"""Rules about the form of the files, applied mostly by the loader and the models.

These cannot be waived: a file that does not say what it means cannot be excused.
The conditional requirements that depend on other keys (a processor activity needs its
controller, a processor recipient's country...) are checked here.
"""

from __future__ import annotations

from collections.abc import Iterator

from ropa.display import shown
from ropa.model.activities import ActivityRole, DpiaStatus
from ropa.model.recipients import ROLES_WITHOUT_COUNTRY, Mechanism, RecipientRole
from ropa.model.register import Register
from ropa.rules.base import Context, Hit, Path, checks
from ropa.rules.files import INVALID_VALUE, MISSING_FIELD
from ropa.vocabulary import describe, did_you_mean, text_example


@checks(MISSING_FIELD)
def missing_field(register: Register, context: Context) -> Iterator[Hit]:
    """The keys that depend on other keys; see ``MISSING_FIELD`` for the rule."""
    organization = register.organization
    if organization is not None:
        if organization.dpo and not (organization.dpo.email or organization.dpo.address):
            domain = organization.email.partition("@")[2] if organization.email else ""
            email = f"dpo@{domain}" if domain else "..."
            yield Hit(
                ("organization", "dpo"),
                "the DPO needs an 'email' or an 'address', published so that people can reach "
                f"them (Art. 37(7)); add email: {email} (the DPO's own), or address: ...",
            )
        for key in ("eu_representative", "uk_representative"):
            representative = getattr(organization, key)
            if representative and not (representative.email or representative.address):
                yield Hit(
                    ("organization", key),
                    f"the {key.replace('_', ' ')} needs an 'email' or an 'address'; add "
                    "address: ... (its postal address), or its email:",
                )
    for recipient_id, recipient in register.recipients.items():
        path: Path = ("recipients", recipient_id)
        role = recipient.role  # None when it is missing (its own finding)
        if recipient.country is None and role is not None and role not in ROLES_WITHOUT_COUNTRY:
            yield Hit(
                (*path, "country"),  # under the key: a country removed as invalid says it all
                f"{describe(path)} lacks required key 'country' (where it is established); add "
                "its ISO code, e.g. country: FR",
            )
        for index, transfer in enumerate(recipient.transfers):
            if transfer.mechanism is Mechanism.DEROGATION and transfer.derogation is None:
                yield Hit(
                    (*path, "transfers", index),
                    f"{describe(path)}: a derogation transfer needs 'derogation', the Art. 49(1) "
                    "letter a to g; add it, e.g. derogation: a (explicit consent to the transfer)",
                )
    text = text_example(register.languages)
    joint = [r for r, e in register.recipients.items() if e.role is RecipientRole.JOINT_CONTROLLER]
    categories = list(register.data_categories)
    for activity_id, activity in register.activities.items():
        path = ("activities", activity_id)
        if activity.role is ActivityRole.PROCESSOR and activity.controller is None:
            yield Hit(
                path,
                f"{describe(path)} is a processor activity and lacks 'controller', the controller "
                f"we act for (Art. 30(2)(a)); add controller: {{name: {text}}}",
            )
        if activity.role is ActivityRole.JOINT_CONTROLLER and not activity.joint_controllers:
            add = (
                f"add joint_controllers: [{', '.join(joint)}]"
                if joint
                else "add joint_controllers: [...] with the ids of recipients of role "
                "joint_controller"
            )
            yield Hit(
                path,
                f"{describe(path)} is a joint-controller activity and lacks 'joint_controllers' "
                f"(Art. 26); {add}",
            )
        if activity.role is not ActivityRole.PROCESSOR and not activity.data_categories:
            add = (
                f"e.g. data_categories: [{categories[0]}]"
                if categories
                else "data_categories: [...] with ids of entries under data_categories"
            )
            yield Hit(
                (*path, "data_categories"),
                f"{describe(path)} lacks required key 'data_categories'; add it, {add}",
            )
        if (
            activity.dpia
            and activity.dpia.status is DpiaStatus.DONE
            and not activity.dpia.reference
        ):
            yield Hit(
                (*path, "dpia"),
                f"{describe(path)}: a done DPIA needs its 'reference'; add reference: ..., where "
                "the assessment is kept (e.g. reference: DPIA-2026-02)",
            )
        for index, retention in enumerate(activity.retention):
            if retention.period is None and retention.criteria is None:
                yield Hit(
                    (*path, "retention", index),
                    f"{describe(path)}: retention[{index}] needs a 'period' or 'criteria'; add "
                    f"period: 3 years, or, when no fixed period can be given, criteria: {text} "
                    "(Art. 13(2)(a))",
                )


@checks(INVALID_VALUE)
def invalid_combination(register: Register, context: Context) -> Iterator[Hit]:
    """The keys that depend on other keys; see ``INVALID_VALUE`` for the rule."""
    from ropa.rules.registry import BY_ID, GATE, WAIVABLE  # noqa: PLC0415  # it imports this module

    for path, entry in register.entries():
        for index, waiver in enumerate(entry.waivers):
            if waiver.rule not in BY_ID:
                yield Hit(
                    (*path, "waivers", index, "rule"),
                    f"{describe(path)}: no rule is called '{shown(waiver.rule)}'{did_you_mean(waiver.rule, sorted(BY_ID))}",
                    value=True,
                )
            elif waiver.rule in GATE:
                yield Hit(
                    (*path, "waivers", index, "rule"),
                    f"{describe(path)}: rule '{shown(waiver.rule)}' compares the register with a Git "
                    "revision and cannot be waived on an entry (the waiver would outlive the "
                    "change); set its severity in the configuration's [severity] instead",
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
