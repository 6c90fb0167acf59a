"""A change in the meaning of a register, as :mod:`ropa.changes.compare` finds it.

A change knows its kind, where it is (section and id) and the values before and after, as the
declarations hold them; its words (the names, durations and countries its summary says) are kept
as values, so that :mod:`ropa.changes.wording` can say it in any language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ropa.changes.materiality import Materiality
from ropa.model.types import Duration, Text


@dataclass(frozen=True, slots=True)
class Quoted:
    """A name as a summary quotes it: “Sending our newsletter” / « Envoi de la lettre »."""

    value: Text | str


@dataclass(frozen=True, slots=True)
class Country:
    """A country, named in the summary's language (ISO 3166-1 alpha-2 code)."""

    code: str


@dataclass(frozen=True, slots=True)
class Term:
    """A word of the format's vocabulary (a legal basis, a transfer ground, a consent status,
    a rights channel), said in the summary's language: ``Term("basis", "consent")``."""

    group: str
    value: str


@dataclass(frozen=True, slots=True)
class Entry:
    """An entry as a summary names it: ``purpose “Orders”``, ``the controller``."""

    section: str
    name: Text | str = ""


#: What a summary's placeholder may hold; a list is said as a list ("a, b and c").
Word = str | int | Text | Duration | Quoted | Country | Term | Entry | list[Any]


@dataclass(frozen=True)
class Change:
    """One change: its kind (a key of :data:`ropa.changes.materiality.TABLE`), where it is, the
    words of its summary, and the values before and after (JSON-ready; None where absent).

    ``variant`` picks another wording of the same kind (a purpose "added" by being published).
    """

    kind: str
    section: str
    id: str
    words: dict[str, Word] = field(default_factory=dict)
    before: Any = None
    after: Any = None
    variant: str = ""


@dataclass(frozen=True)
class Classified:
    """A change with its class and the reason that class rests on."""

    change: Change
    materiality: Materiality
    reason: str
