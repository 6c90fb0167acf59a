"""Cookies and similar trackers (ePrivacy Directive Art. 5(3); CNIL guidelines)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, PrivateAttr

from ropa.model.activities import Activity
from ropa.model.base import Entry
from ropa.model.recipients import Recipient
from ropa.model.types import DURATION_PATTERN, Duration, Id, Plain, Str, Text

FIRST_PARTY = "first_party"
SESSION = "session"


class Consent(StrEnum):
    """Whether a tracker needs prior consent or is strictly necessary (exempt)."""

    REQUIRED = "required"
    EXEMPT = "exempt"


class TrackerType(StrEnum):
    """What kind of tracker it is."""

    COOKIE = "cookie"
    LOCAL_STORAGE = "local_storage"
    PIXEL = "pixel"


def parse_lifetime(value: Any) -> Duration | str:
    """A Duration, or ``session`` for a cookie deleted when the browser closes."""
    if isinstance(value, str) and value.strip().lower() == SESSION:
        return SESSION
    return Duration.parse(value)


Lifetime = Annotated[
    Duration | str,
    Plain(
        parse_lifetime,
        {
            "anyOf": [{"const": SESSION}, {"type": "string", "pattern": DURATION_PATTERN}],
            "examples": ["13 months", "P1D", "session"],
        },
    ),
]


class Cookie(Entry):
    """A cookie or tracker, keyed by its name (`_ga`), or a group of them with `names`."""

    names: list[Str] = Field(default_factory=list, description="the cookie names, for a group")
    provider: Id = Field(description="a recipient id, or first_party")
    purpose: Id = Field(description="the activity it serves")
    lifetime: Lifetime = Field(description="how long it lives: 13 months, P30D, or session")
    consent: Consent = Field(description="required, or exempt (strictly necessary)")
    type: TrackerType = Field(
        default=TrackerType.COOKIE, description="cookie, local_storage, pixel"
    )
    description: Text | None = Field(default=None, description="what it stores")

    _provider: Recipient | None = PrivateAttr(default=None)
    _purpose: Activity | None = PrivateAttr(default=None)

    @property
    def provider_entry(self) -> Recipient | None:
        """The recipient that sets it, or None for a first-party cookie."""
        return self._provider

    @property
    def purpose_entry(self) -> Activity | None:
        return self._purpose
