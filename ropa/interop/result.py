"""What an importer gives back: the declarations it read, and an account of every cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class LayoutError(ValueError):
    """The workbook is in none of the layouts its reader knows; the message is one line."""


@dataclass(frozen=True, slots=True)
class Cell:
    """Where a value was in the source: a sheet (or file), a 1-based row and a column name
    (a spreadsheet's letter and header, a manifest's key path)."""

    sheet: str
    row: int
    column: str


@dataclass(frozen=True, slots=True)
class Note:
    """A value not mapped, or mapped by a guess: where it was, what it was, what was done.

    ``path`` is where it went in the register (``("activities", "payroll", "retention")``), or
    the entry whose ``notes`` now keep it verbatim; empty when it went nowhere (a report line)."""

    cell: Cell
    value: str
    what: str  # "unmapped", "guessed", "refused" or "restored" (a whole register ropa embedded)
    reason: str
    path: tuple[str | int, ...] = ()


@dataclass
class Imported:
    """Declarations read from a source, in the format's sections (``organization``, ``policy``,
    ``activities``…; entry sections keyed by id), as YAML would hold them (strings, lists,
    mappings), and the notes about the cells."""

    sections: dict[str, Any] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    #: Comments to write beside a key: path of the key → text (``# TODO: …``)
    todos: dict[tuple[str | int, ...], str] = field(default_factory=dict)
