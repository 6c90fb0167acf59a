"""Activities we carry out as a processor, on the controller's instructions (Art. 28-29, 30(2))."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.findings import Severity
from ropa.model.activities import ActivityRole
from ropa.model.register import Register
from ropa.rules.base import Context, Hit, rule
from ropa.vocabulary import describe


@rule("processor-activity-basis", Severity.WARNING, "GDPR Art. 28(3)(a), 29")
def processor_activity_basis(register: Register, context: Context) -> Iterator[Hit]:
    """A `processor` activity declares `legal_bases`.

    A processor processes personal data only on the controller's documented instructions
    (Art. 28(3)(a), 29); the legal basis is the controller's to choose and to declare. A basis
    in our processor record suggests that we decide the purpose, and then we are a controller
    for it (Art. 28(10)): either remove `legal_bases`, or declare the activity with role
    `controller`.

    Fails:   `{role: processor, controller: {name: ...}, legal_bases: [{basis: contract}]}`
    Passes:  `{role: processor, controller: {name: ..., contract: "Master services agreement"}}`
    """
    for activity_id, activity in register.activities.items():
        if activity.role is ActivityRole.PROCESSOR and activity.legal_bases:
            path = ("activities", activity_id, "legal_bases")
            yield Hit(
                path,
                f"{describe(path[:2])} is carried out as a processor but declares legal bases; a "
                "processor acts on the controller's basis and documented instructions: remove "
                "legal_bases, or declare role: controller if we decide the purpose",
            )
