"""Joint controllers: the arrangement between them, and its essence for the people (Art. 26)."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.findings import Severity
from ropa.model.activities import ActivityRole
from ropa.model.register import Register
from ropa.rules.base import Context, Hit, Path, rule
from ropa.vocabulary import describe, text_example


@rule("joint-arrangement-missing", Severity.ERROR, "GDPR Art. 26(1)-(2)")
def joint_arrangement_missing(register: Register, context: Context) -> Iterator[Hit]:
    """An activity run with joint controllers has no `joint_arrangement`.

    Joint controllers determine their respective responsibilities in an arrangement
    (Art. 26(1)), whose essence is made available to the people concerned (Art. 26(2)), who may
    exercise their rights against each controller (Art. 26(3)).

    Fails:   `{role: joint_controller, joint_controllers: [partner]}` and no `joint_arrangement`
    Passes:  `joint_arrangement: {summary: "We inform you and answer your requests; Partner
             hosts the event.", reference: JCA-2026-01, contact: privacy@example.com}`
    """
    text = text_example(register.languages)
    for activity_id, activity in register.activities.items():
        joint = activity.joint_controllers or activity.role is ActivityRole.JOINT_CONTROLLER
        if joint and activity.joint_arrangement is None:
            path: Path = ("activities", activity_id)
            where: Path = (*path, "joint_controllers") if activity.joint_controllers else path
            yield Hit(
                where,
                f"{describe(path)} is run with joint controllers but declares no arrangement; "
                f"add joint_arrangement: {{summary: {text}, reference: ..., contact: {text}}}: "
                "the summary gives the essence of who does what towards the people (it is "
                "published), the reference the arrangement, the contact where people turn",
            )
