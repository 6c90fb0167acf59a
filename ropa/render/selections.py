"""Which entries each document shows, in reading order: the public page shows the public
controller activities and what they use; the register shows everything. Language plays no part
here (the words are :class:`~ropa.render.document.Document`'s)."""

from __future__ import annotations

from functools import cached_property

from ropa.model.activities import Activity, ActivityRole, Basis
from ropa.model.cookies import Cookie
from ropa.model.definitions import DataCategory, SecurityMeasure
from ropa.model.organization import Organization
from ropa.model.policy import Policy
from ropa.model.recipients import Recipient, RecipientRole
from ropa.model.register import Register

#: From how many activities the register is printed compactly (:attr:`Selections.compact`).
COMPACT_FROM = 100


class Selections:
    """The entries of a register that each document shows."""

    def __init__(self, register: Register) -> None:
        assert register.organization is not None
        assert register.policy is not None
        self.register = register
        self.organization: Organization = register.organization
        self.policy: Policy = register.policy

    # --- activities --------------------------------------------------------------------------------

    @cached_property
    def compact(self) -> bool:
        """Whether the register shows each activity as a paragraph rather than a table: for
        registers of more than :data:`COMPACT_FROM` activities, whose PDF would otherwise take
        minutes (WeasyPrint lays out tables several times slower than paragraphs)."""
        return len(self.controller_activities) > COMPACT_FROM

    @cached_property
    def controller_activities(self) -> list[Activity]:
        """Activities where we decide (Art. 30(1)), public or not."""
        return [
            a for a in self.register.activities.values() if a.role is not ActivityRole.PROCESSOR
        ]

    @cached_property
    def public_activities(self) -> list[Activity]:
        """What the public page shows: our own activities not marked ``public: false``."""
        return [a for a in self.controller_activities if a.public]

    @cached_property
    def processor_activities(self) -> list[Activity]:
        """Activities where we act for another controller (Art. 30(2))."""
        return [a for a in self.register.activities.values() if a.role is ActivityRole.PROCESSOR]

    @cached_property
    def public_categories(self) -> list[DataCategory]:
        """Data categories used by public activities, in definition order."""
        used = {id(c) for a in self.public_activities for c in a.category_entries}
        return [c for c in self.register.data_categories.values() if id(c) in used]

    @cached_property
    def sourced_activities(self) -> list[Activity]:
        return [a for a in self.public_activities if a.sources]

    @cached_property
    def profiling_activities(self) -> list[Activity]:
        return [a for a in self.public_activities if a.automated_decisions]

    @cached_property
    def consent_withdrawable(self) -> bool:
        """Whether some public activity rests on consent: only then does a notice of change say
        that consent can be withdrawn (Art. 7(3))."""
        return any(
            basis.basis is Basis.CONSENT
            for activity in self.public_activities
            for basis in activity.legal_bases
        )

    @cached_property
    def objection_to_marketing(self) -> bool:
        """Whether some public activity is direct marketing (it declares its channels): only
        then does the page state the unconditional right to object to it (Art. 21(2)-(3))."""
        return any(activity.marketing_channels for activity in self.public_activities)

    @cached_property
    def decisions_with_effect(self) -> bool:
        """Whether some public activity takes decisions based solely on automated processing
        with legal or similarly significant effects: only then does the page speak of Art. 22."""
        return any(
            a.automated_decisions and a.automated_decisions.legal_effect
            for a in self.public_activities
        )

    @cached_property
    def joint_arrangements(self) -> list[Activity]:
        """Public activities with an arrangement between joint controllers (Art. 26(2))."""
        return [a for a in self.public_activities if a.joint_arrangement]

    @cached_property
    def objection_on_grounds(self) -> bool:
        """Whether some public activity rests on legitimate interests or a public task: only
        then does the page state the right to object on grounds relating to one's particular
        situation (Art. 21(1))."""
        return any(
            basis.basis in (Basis.LEGITIMATE_INTERESTS, Basis.PUBLIC_TASK)
            for activity in self.public_activities
            for basis in activity.legal_bases
        )

    # --- recipients -------------------------------------------------------------------------------

    @cached_property
    def public_recipients(self) -> list[Recipient]:
        used = {
            id(recipient)
            for activity in self.public_activities
            for recipient in [*activity.recipient_entries, *activity.joint_controller_entries]
        }
        used |= {id(c.provider_entry) for c in self.public_cookies if c.provider_entry is not None}
        return [r for r in self.register.recipients.values() if id(r) in used]

    @cached_property
    def joint_controllers(self) -> list[Recipient]:
        """Every joint controller (the register)."""
        return [
            r for r in self.register.recipients.values() if r.role is RecipientRole.JOINT_CONTROLLER
        ]

    @cached_property
    def public_joint_controllers(self) -> list[Recipient]:
        """Joint controllers of public activities (the policy)."""
        public = {id(r) for r in self.public_recipients}
        return [r for r in self.joint_controllers if id(r) in public]

    @cached_property
    def subprocessors(self) -> list[Recipient]:
        """The processors our processor activities use: the sub-processors of the controllers
        we act for (Art. 28(2), (4)), in definition order."""
        used = {
            id(recipient)
            for activity in self.processor_activities
            for recipient in activity.recipient_entries
            if recipient.role is RecipientRole.PROCESSOR
        }
        return [r for r in self.register.recipients.values() if id(r) in used]

    def recipients_of(self, activity: Activity) -> list[Recipient]:
        """Everyone who receives an activity's data: its recipients and joint controllers."""
        seen = {id(r): r for r in activity.recipient_entries}
        for recipient in activity.joint_controller_entries:
            seen.setdefault(id(recipient), recipient)
        return list(seen.values())

    # --- cookies and security ---------------------------------------------------------------------

    @cached_property
    def cookies(self) -> list[Cookie]:
        """Every cookie (the register)."""
        return list(self.register.cookies.values())

    @cached_property
    def public_cookies(self) -> list[Cookie]:
        """The cookies of public activities (the policy)."""
        public = {id(a) for a in self.public_activities}
        return [c for c in self.cookies if id(c.purpose_entry) in public]

    @cached_property
    def public_measures(self) -> list[SecurityMeasure]:
        used = {id(m) for a in self.public_activities for m in a.measure_entries}
        return [m for m in self.register.security_measures.values() if id(m) in used]
