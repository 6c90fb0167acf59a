"""Legal reference data: EEA members, adequacy decisions, invalidated mechanisms, withdrawn texts.

The data lives in YAML files beside this module, each entry with its source, its dates and
whether it was confirmed against the official text, so that a change in the law is a change to
one file: ``transfers.yaml`` (Chapter V of the GDPR) and ``withdrawn.yaml`` (instruments that
declarations still cite although they no longer apply).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
    covers: str | None  # for a partial decision: what it covers, quotable after "covers only"
    mechanism: str  # the ropa mechanism that relies on it: "adequacy" or "dpf"
    decision: str
    adopted: date
    expires: date | None
    source: str
    confirmed: bool = True  # checked against the official text
    excludes: str | None = None  # what a partial decision leaves out, quotable after "not"
    note: str | None = None  # what was, or could not be, checked
    reviewed: date | None = None  # the Commission's latest periodic review that maintained it

    def in_force(self, on: date) -> bool:
        return self.adopted <= on and (self.expires is None or on <= self.expires)

    @property
    def general(self) -> bool:
        return self.scope == "general"

    @property
    def scope_words(self) -> str:
        """What a partial decision covers, as a finding quotes it: ``only X, not Y``."""
        words = f"only {self.covers}" if self.covers else "only part of the transfers"
        return f"{words}, not {self.excludes}" if self.excludes else words


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
    confirmed: bool = True
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Review:
    """A periodic review of adequacy decisions by the Commission (Art. 45(3), 97)."""

    title: str
    date: date
    outcome: str
    countries: frozenset[str]
    source: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class Withdrawn:
    """An instrument no longer in force, and how a citation of it is recognised in free text."""

    id: str
    name: str
    patterns: tuple[re.Pattern[str], ...]
    withdrawn: date  # the first day it no longer applied
    replaced_by: str
    source: str
    confirmed: bool
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a text cites a withdrawn instrument: ``text[start:end]`` is the citation."""

    instrument: Withdrawn
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Unconfirmed:
    """A reference entry not confirmed against the official text, as ``ropa explain`` lists it."""

    label: str
    source: str
    note: str | None


@dataclass(frozen=True, slots=True)
class Reference:
    """All reference data, as of ``as_of``."""

    as_of: date
    eea: frozenset[str]
    adequacy: dict[str, Adequacy]
    invalidated: dict[str, Invalidated]
    withdrawn: dict[str, Withdrawn]
    reviews: tuple[Review, ...] = ()

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

    def cited(self, text: str, on: date | None = None) -> list[Citation]:
        """The withdrawn instruments ``text`` cites (no longer applying ``on``, if given), in the
        order of the text; the words several patterns of one instrument match are one citation."""
        found: list[Citation] = []
        for instrument in self.withdrawn.values():
            if on is not None and on < instrument.withdrawn:
                continue
            spans = sorted(
                (m.start(), m.end())
                for pattern in instrument.patterns
                for m in pattern.finditer(text)
            )
            merged: list[list[int]] = []
            for start, stop in spans:  # patterns matching the same words make one citation
                if merged and start < merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], stop)
                else:
                    merged.append([start, stop])
            found += [Citation(instrument, a, b, text[a:b]) for a, b in merged]
        return sorted(found, key=lambda c: (c.start, c.end))

    def unconfirmed(self, sections: Iterable[str]) -> list[Unconfirmed]:
        """The entries of ``sections`` (``adequacy``, ``invalidated``, ``withdrawn``) that were not
        confirmed against the official text."""
        rows: list[Unconfirmed] = []
        for section in sections:
            if section == "adequacy":
                rows += [
                    Unconfirmed(f"{a.country}: {a.decision}", a.source, a.note)
                    for a in self.adequacy.values()
                    if not a.confirmed
                ]
            elif section == "invalidated":
                rows += [
                    Unconfirmed(f"{i.key}: {i.name}", i.source, i.note)
                    for i in self.invalidated.values()
                    if not i.confirmed
                ]
            elif section == "withdrawn":
                rows += [
                    Unconfirmed(f"{w.id}: {w.name}", w.source, w.note)
                    for w in self.withdrawn.values()
                    if not w.confirmed
                ]
            else:
                raise ValueError(f"no reference section is called {section!r}")
        return rows


#: Which sections of the reference data each rule reads, so that ``ropa explain`` can say which
#: of the entries behind a rule are unconfirmed.
READ_BY_RULE: dict[str, tuple[str, ...]] = {
    "transfer-without-safeguard": ("adequacy",),
    "adequacy-not-recognised": ("adequacy",),
    "transfer-mechanism-invalidated": ("invalidated",),
    "transfer-undocumented": ("adequacy",),  # entries under a general decision are not reported
    "transfer-unassessed": ("adequacy",),
    "obsolete-reference": ("withdrawn",),
}


def explain_note(rule_id: str) -> str:
    """For ``ropa explain``: the unconfirmed reference entries a rule rests on, with their
    sources; empty when the rule reads no reference data or all of it is confirmed."""
    data = reference()
    rows = data.unconfirmed(READ_BY_RULE.get(rule_id, ()))
    if not rows:
        return ""
    lines = [
        f"Reference data not confirmed against the official text (as of {data.as_of.isoformat()}):"
    ]
    for row in rows:
        lines.append(f"  - {row.label}\n    {row.source}")
    return "\n".join(lines)


def cited_withdrawn(text: str, on: date | None = None) -> list[Citation]:
    """The withdrawn instruments ``text`` cites, from the packaged data (see :meth:`Reference.cited`)."""
    return reference().cited(text, on)


def _date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def _required_date(item: dict[str, Any], key: str) -> date:
    found = _date(item[key])
    if found is None:
        raise ValueError(f"reference entry {item!r} has no {key}")
    return found


def _confirmed(item: dict[str, Any]) -> bool:
    """Every entry says whether it was confirmed: a missing or non-boolean flag is a data error."""
    value = item.get("confirmed")
    if not isinstance(value, bool):
        raise TypeError(f"reference entry {item!r} needs confirmed: true or false")
    return value


def _read(name: str) -> Any:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=yaml.CSafeLoader)  # our own file; CSafeLoader is safe


def _adequacy(item: dict[str, Any], reviews: tuple[Review, ...]) -> Adequacy:
    country = item["country"]
    reviewed = [r.date for r in reviews if country in r.countries and r.outcome == "maintained"]
    return Adequacy(
        country=country,
        scope=item["scope"],
        covers=item.get("covers"),
        mechanism=item["mechanism"],
        decision=item["decision"],
        adopted=_required_date(item, "adopted"),
        expires=_date(item.get("expires")),
        source=item["source"],
        confirmed=_confirmed(item),
        excludes=item.get("excludes"),
        note=item.get("note"),
        reviewed=max(reviewed, default=None),
    )


def _withdrawn(item: dict[str, Any]) -> Withdrawn:
    return Withdrawn(
        id=item["id"],
        name=item["name"],
        patterns=tuple(re.compile(p, re.IGNORECASE) for p in item["patterns"]),
        withdrawn=_required_date(item, "withdrawn"),
        replaced_by=item["replaced_by"],
        source=item["source"],
        confirmed=_confirmed(item),
        note=item.get("note"),
    )


@cache
def reference() -> Reference:
    """The packaged reference data (read once)."""
    data = _read("transfers.yaml")
    reviews = tuple(
        Review(
            title=item["title"],
            date=_required_date(item, "date"),
            outcome=item["outcome"],
            countries=frozenset(item["countries"]),
            source=item["source"],
            confirmed=_confirmed(item),
        )
        for item in data.get("reviews", ())
    )
    adequacy = {item["country"]: _adequacy(item, reviews) for item in data["adequacy"]}
    invalidated = {
        key: Invalidated(
            key=key,
            name=item["name"],
            invalid_since=_required_date(item, "invalid_since"),
            authority=item["authority"],
            reason=item["reason"],
            replacement=item["replacement"],
            source=item["source"],
            confirmed=_confirmed(item),
            note=item.get("note"),
        )
        for key, item in data["invalidated"].items()
    }
    gone = _read("withdrawn.yaml")
    withdrawn = {entry.id: entry for entry in map(_withdrawn, gone["withdrawn"])}
    eea = frozenset(data["eea"]["members"]) | frozenset(data["eea"].get("territories", ()))
    # the data is as current as the file checked longest ago
    as_of = min(_required_date(data, "as_of"), _required_date(gone, "as_of"))
    return Reference(as_of, eea, adequacy, invalidated, withdrawn, reviews)
