"""The register inside the workbooks ropa writes in an authority's layout (``ropa build -f
ico,cnil``), so that ``ropa import`` gives it back whole.

An authority's layout cannot hold a whole register: the ICO's template has no place for the
policy's texts or the cookies, the CNIL's fiche none for the allocation of legal bases to
data. So the workbook carries, in a last sheet named ``ropa``, the declarations it was made
from (JSON, the sections as the register's files hold them) and a digest of every other
sheet's cells.
``ropa import`` restores the declarations when the other sheets are still as ropa wrote them;
once someone has edited them, the edits are what counts: the layout is read like any
spreadsheet, and the report says the ``ropa`` sheet was set aside, and why.

The sheet is text a person can read (indented JSON, in cells of at most 30,000 characters, each
between two ``|`` so that a spreadsheet program trims nothing), never formulas, and nothing in
it is trusted on import: JSON builds nothing but data, within the bounds of any sheet and of a
register file's nesting, and what it declares is validated like any register. (JSON rather
than YAML: the sheet is for ropa to read back, and a 2,000-activity register's JSON reads in
a hundredth of the time.)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from ropa.interop.result import Cell, Imported, Note
from ropa.interop.sheets import Sheet
from ropa.loader import LIMITS
from ropa.render.workbook import Table
from ropa.vocabulary import SECTIONS

#: The sheet's name, and the first cells of its rows that say what it is.
SHEET = "ropa"
FORMAT = "ropa-declarations/1"
#: Characters of JSON a cell holds: below a spreadsheet cell's 32,767.
CHUNK = 30_000
_FENCE = "|"
_HEADER_ROWS = 5


class EditedError(Exception):
    """The workbook holds ropa's sheet, but it cannot be used; the message says why."""


def digest(sheets: Iterable[tuple[str, list[list[str]]]]) -> str:
    """A digest of sheets' names and cells, each trimmed as a reader trims it, trailing empty
    cells and rows dropped: the same for the tables written and the sheets read back."""
    data = []
    for name, rows in sheets:
        trimmed = [[cell.strip() for cell in row] for row in rows]
        for row in trimmed:
            while row and not row[-1]:
                row.pop()
        while trimmed and not trimmed[-1]:
            trimmed.pop()
        data.append([name, trimmed])
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def declarations_json(declarations: dict[str, Any]) -> str:
    """The register's sections as one JSON document, in the format's order of sections; dates
    as the ISO text the register's files write them in."""
    order = {name: index for index, name in enumerate(SECTIONS)}
    ordered = dict(sorted(declarations.items(), key=lambda item: order.get(item[0], len(order))))
    return json.dumps(ordered, ensure_ascii=False, indent=1, default=_iso) + "\n"


def _iso(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a register's value")


def _chunks(text: str) -> list[str]:
    """``text`` in pieces of at most :data:`CHUNK` characters, cut after a line where one fits."""
    pieces: list[str] = []
    while text:
        if len(text) <= CHUNK:
            pieces.append(text)
            break
        cut = text.rfind("\n", 0, CHUNK) + 1 or CHUNK
        pieces.append(text[:cut])
        text = text[cut:]
    return pieces


def source_table(declarations: dict[str, Any], layout: list[Table], *, language: str) -> Table:
    """The ``ropa`` sheet for a workbook of ``layout``'s sheets."""
    pieces = _chunks(declarations_json(declarations))
    rows = [
        ["ropa", "The register this workbook was made from"],
        [
            "",
            "ropa import gives it back unchanged while the other sheets are as ropa wrote "
            "them; once they are edited, it reads them instead. Do not edit this sheet. It "
            "holds the whole register, internal notes and waivers included: delete it before "
            "sending the workbook to anyone who should not read them.",
        ],
        ["format", FORMAT],
        ["sheets", digest((table.name, table.rows) for table in layout)],
        ["language", language],
        *([f"{_FENCE}{piece}{_FENCE}"] for piece in pieces),
    ]
    return Table(SHEET, rows, widths=[100, 60], title_rows=frozenset({0}), header_rows=frozenset())


def _deeper(data: Any, limit: int) -> bool:
    """Whether ``data`` nests mappings and lists more than ``limit`` levels deep."""
    level: list[Any] = [data]
    for _ in range(limit + 1):
        level = [
            child
            for value in level
            for child in (value.values() if isinstance(value, dict) else value)
            if isinstance(child, dict | list)
        ]
        if not level:
            return False
    return True


def restore(sheets: list[Sheet], name: str) -> Imported | None:
    """The declarations a workbook ropa wrote carries, if it holds its ``ropa`` sheet (else
    None); :class:`EditedError` when the other sheets were edited since, or the sheet cannot
    be read (``name``: the file's, for the messages)."""
    mine = next((sheet for sheet in sheets if sheet.name == SHEET), None)
    if mine is None:
        return None
    rows = mine.rows
    cell = {row[0]: row[1] for row in rows[:_HEADER_ROWS] if len(row) > 1}
    if cell.get("format") != FORMAT:
        raise EditedError(
            f"its '{SHEET}' sheet is not one ropa wrote in a format it reads ({FORMAT})"
        )
    others = [(sheet.name, sheet.rows) for sheet in sheets if sheet.name != SHEET]
    if digest(others) != cell.get("sheets"):
        raise EditedError("the other sheets were edited since ropa wrote them")
    pieces: list[str] = []
    for row in rows[_HEADER_ROWS:]:
        text = row[0] if row else ""
        if len(text) < 2 or text[0] != _FENCE or text[-1] != _FENCE or len(row) > 1:
            raise EditedError(
                f"its '{SHEET}' sheet was edited (row {_HEADER_ROWS + len(pieces) + 1})"
            )
        pieces.append(text[1:-1])
    try:
        data = json.loads("".join(pieces))
    except json.JSONDecodeError as exc:
        raise EditedError(
            f"its '{SHEET}' sheet is not JSON: {exc.msg} (line {exc.lineno})"
        ) from None
    except RecursionError:
        raise EditedError(f"its '{SHEET}' sheet nests deeper than {LIMITS.depth} levels") from None
    if not isinstance(data, dict):  # a JSON object's keys are text
        raise EditedError(f"its '{SHEET}' sheet holds no register")
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise EditedError(f"its '{SHEET}' sheet holds a section ropa does not know: {unknown[0]}")
    if _deeper(data, LIMITS.depth):
        raise EditedError(f"its '{SHEET}' sheet nests deeper than {LIMITS.depth} levels")
    note = Note(
        Cell(SHEET, 1, "A"),
        "",
        "restored",
        "the other sheets are as ropa wrote them: the register was restored whole from the "
        f"'{SHEET}' sheet",
    )
    return Imported(sections=data, notes=[note])
