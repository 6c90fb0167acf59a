"""Legal reference data for transfers: EEA members, adequacy decisions, invalidated mechanisms.

The data lives in ``transfers.yaml`` beside this module, each entry with its source and dates,
so that a change in the law is a change to that one file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class Adequacy:
    """An adequacy decision (Art. 45) for one country."""

    country: str
    scope: str  # "general" or "partial"
    covers: str | None
    mechanism: str  # the ropa mechanism that relies on it: "adequacy" or "dpf"
    decision: str
    adopted: date
    expires: date | None
    source: str

    def in_force(self, on: date) -> bool:
        return self.adopted <= on and (self.expires is None or on <= self.expires)

    @property
    def general(self) -> bool:
        return self.scope == "general"


@dataclass(frozen=True, slots=True)
class Invalidated:
    """A transfer mechanism that no longer holds."""

    key: str
    name: str
    invalid_since: date
    authority: str
    reason: str
    replacement: str
    source: str


@dataclass(frozen=True, slots=True)
class Reference:
    """All transfer reference data, as of ``as_of``."""

    as_of: date
    eea: frozenset[str]
    adequacy: dict[str, Adequacy]
    invalidated: dict[str, Invalidated]

    def in_eea(self, country: str) -> bool:
        return country in self.eea

    def decision(self, country: str, on: date) -> Adequacy | None:
        """The adequacy decision in force for ``country`` on ``on``, if any."""
        found = self.adequacy.get(country)
        return found if found is not None and found.in_force(on) else None

    def generally_adequate(self, country: str, on: date) -> bool:
        """Whether transfers to ``country`` need no safeguard: EEA, or a general decision."""
        found = self.decision(country, on)
        return self.in_eea(country) or (found is not None and found.general)


def _date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


@cache
def reference() -> Reference:
    """The packaged reference data (read once)."""
    text = resources.files(__package__).joinpath("transfers.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=yaml.CSafeLoader)  # our own file; CSafeLoader is safe
    adequacy = {}
    for item in data["adequacy"]:
        adopted = _date(item["adopted"])
        assert adopted is not None
        adequacy[item["country"]] = Adequacy(
            country=item["country"],
            scope=item["scope"],
            covers=item.get("covers"),
            mechanism=item["mechanism"],
            decision=item["decision"],
            adopted=adopted,
            expires=_date(item.get("expires")),
            source=item["source"],
        )
    invalidated = {
        key: Invalidated(
            key=key,
            name=item["name"],
            invalid_since=date.fromisoformat(str(item["invalid_since"])),
            authority=item["authority"],
            reason=item["reason"],
            replacement=item["replacement"],
            source=item["source"],
        )
        for key, item in data["invalidated"].items()
    }
    as_of = _date(data["as_of"])
    assert as_of is not None
    eea = frozenset(data["eea"]["members"]) | frozenset(data["eea"].get("territories", ()))
    return Reference(as_of, eea, adequacy, invalidated)
