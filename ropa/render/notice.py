"""What the documents say about changes of the policy: the notice of the newest version's material
changes (``notice.html``, ``notice.md``), and the days of notice the policy promises.

The notice itself is a template (``notice.html.j2``, ``notice.md.j2``): a short message devoted
to the change (WP260 rev.01 para 30), ready for an email or a banner; which changes it
announces is :mod:`ropa.changes.notice`'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ropa.changes.materiality import Materiality
from ropa.config import Config

if TYPE_CHECKING:
    from ropa.changes.notice import Announcement
    from ropa.model.register import Register

#: The days of notice a policy promises when the project does not set ``notice_days``.
DEFAULT_NOTICE_DAYS = Config().notice_days


@dataclass(frozen=True)
class ChangeControl:
    """What a build says about changes: the announcement the notice gives (None: no material
    change, no notice), how many days ahead material changes are told (``notice_days``), and
    the classes the project raised (``[tool.ropa] materiality``)."""

    announcement: Announcement | None = None
    notice_days: int = DEFAULT_NOTICE_DAYS
    raised: Mapping[str, Materiality] = field(default_factory=dict)


def recorded_control(register: Register) -> ChangeControl:
    """What the declarations alone say: the notice of the material changes the newest
    ``policy.history`` entry records (ropa's classes), the default notice period."""
    from ropa.changes.notice import recorded  # noqa: PLC0415  # it reads Git: not at import

    assert register.policy is not None
    return ChangeControl(recorded(register.policy, {}))
