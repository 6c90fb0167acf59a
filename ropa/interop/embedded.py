"""The register inside the workbooks ropa writes in an authority's layout (``ropa build -f
ico,cnil``), so that ``ropa import`` gives it back whole.

An authority's layout cannot hold a whole register: the ICO's template has no place for the
policy's texts or the cookies, the CNIL's fiche none for the allocation of legal bases to
data. So the workbook carries, in a last sheet named ``ropa``, the declarations it was made
from (YAML, as the register's files hold them) and a digest of every other sheet's cells.
``ropa import`` restores the declarations when the other sheets are still as ropa wrote them;
once someone has edited them, the edits are what counts: the layout is read like any
spreadsheet, and the report says the ``ropa`` sheet was set aside, and why.

The sheet is text a person can read (YAML lines, in cells of at most 30,000 characters, each
between two ``|`` so that a spreadsheet program trims nothing), never formulas, and nothing in
it is trusted on import: it is YAML read with aliases refused and no tag constructing anything,
within the bounds of any sheet, and what it declares is validated like any register.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

import yaml

from ropa.interop.plainyaml import PlainYamlError, load_plain
from ropa.interop.result import Cell, Imported, Note
from ropa.interop.sheets import Sheet
from ropa.loader import LIMITS
from ropa.render.workbook import Table
from ropa.vocabulary import SECTIONS

#: The sheet's name, and the first cells of its rows that say what it is.
SHEET = "ropa"
FORMAT = "ropa-declarations/1"
#: Characters of YAML a cell holds: below a spreadsheet cell's 32,767.
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


#: libyaml's emitter where PyYAML has it (its wheels do): 30 times faster than Python's.
_Emitter = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_Emitter):  # type: ignore[misc,valid-type]
    """Texts of several lines as literal blocks, as a person writes them."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    lines = value.split("\n")
    block = len(lines) > 1 and all(line == line.rstrip() for line in lines)
    style = "|" if block and not value[:1].isspace() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def declarations_yaml(declarations: dict[str, Any]) -> str:
    """The register's sections as one YAML document, in the format's order of sections."""
    order = {name: index for index, name in enumerate(SECTIONS)}
    ordered = dict(sorted(declarations.items(), key=lambda item: order.get(item[0], len(order))))
    return yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


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
    pieces = _chunks(declarations_yaml(declarations))
    rows = [
        ["ropa", "The register this workbook was made from"],
        [
            "",
            "ropa import gives it back unchanged while the other sheets are as ropa wrote "
            "them; once they are edited, it reads them instead. Do not edit this sheet.",
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
            raise EditedError(f"its '{SHEET}' sheet was edited (row {len(pieces) + 6})")
        pieces.append(text[1:-1])
    try:
        data = load_plain("".join(pieces), f"{name} ({SHEET} sheet)", "a register")
    except PlainYamlError as exc:
        raise EditedError(str(exc)) from None
    if not isinstance(data, dict) or not all(isinstance(key, str) for key in data):
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
