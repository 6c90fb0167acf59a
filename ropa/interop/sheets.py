"""Spreadsheets read as text: xlsx, xlsm, xls and ods through python-calamine, csv through the
standard library, within bounds that a hostile file cannot push.

What is refused, each as one :class:`SheetError` line: a file over 20 MB; a file that is none of
these (a renamed PDF, a zip that is not a workbook); a zip whose members would inflate past
200 MB (checked from its directory before anything is inflated); a password-protected workbook;
a sheet with data past row 100,000 or column 200. Trailing empty rows are not read: a sheet
stops after 1,000 empty rows in a row, so 100,000 rows that Excel formatted cost nothing.

What calamine gives, and so what ropa knows:

- **formulas** are never evaluated: calamine returns the value the spreadsheet program cached
  when it last saved the file. Its Python binding does not say which cells hold a formula, so
  for xlsx ropa reads the sheet's XML for ``<f>`` elements (:attr:`Sheet.formulas`); for ods
  and xls it cannot tell, and a formula's cached value is read like any value.
- **merged cells**: calamine gives the value in the top-left cell only and the others empty.
  For xlsx it lists the merged ranges, and ropa copies the top-left value into every cell of
  the range within the rows that hold data (:attr:`Sheet.merged`), since a merged "Business
  function" speaks for each row; for ods and xls it lists none, and the other cells stay empty.
- **hidden sheets** are read, and marked (:attr:`Sheet.hidden`); hidden columns and rows are
  read like the others (calamine does not tell them apart).
- **macros** (an xlsm's VBA project) are never run: calamine reads values only. A workbook that
  holds them is marked (:attr:`Sheet.macros`), and the import says they were left out.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

#: Bounds: far above a real register, far below what would exhaust memory or time.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
MAX_ROWS = 100_000
MAX_COLUMNS = 200
#: A sheet ends after this many empty rows in a row.
EMPTY_ROWS_END = 1_000

_ZIP, _CFB = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class SheetError(Exception):
    """The file cannot be read as a spreadsheet; the message says why, on one line."""


@dataclass
class Sheet:
    """One sheet as text: ``rows[i][j]`` is the cell at row ``i + 1``, column ``j`` (``""``
    when empty); trailing empty cells and rows are dropped."""

    name: str
    rows: list[list[str]] = field(default_factory=list)
    hidden: bool = False
    #: Cells (0-based row, column) that hold a formula, whose cached value ``rows`` has.
    formulas: set[tuple[int, int]] = field(default_factory=set)
    #: Cells (0-based) given the value of a merged range's top-left cell → that cell.
    merged: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    #: The workbook holds macros (an xlsm's VBA project): never run, never imported.
    macros: bool = False


def column_letter(index: int) -> str:
    """``0`` → ``A``, ``27`` → ``AB``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read(path: Path) -> list[Sheet]:
    """The sheets of the spreadsheet or CSV file at ``path``; :class:`SheetError` if it is
    not one, or is past a bound."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise SheetError(f"{path} is not a file")
        if size > MAX_FILE_BYTES:
            raise SheetError(f"{path} is {size:,} bytes; ropa reads spreadsheets up to 20 MB")
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise SheetError(f"cannot read {path}: {exc.strerror or exc}") from None
    if head.startswith(_ZIP):
        formulas = _check_zip(path)
        sheets = _workbook(path, formulas)
        if _has_macros(path):
            for sheet in sheets:
                sheet.macros = True
        return sheets
    if head.startswith(_CFB):  # an xls, or an xlsx encrypted into a compound file
        if "EncryptedPackage".encode("utf-16-le") in path.read_bytes():
            raise SheetError(f"{path} is password-protected; save a copy without a password")
        return _workbook(path, {})
    return [_csv(path)]


def _has_macros(path: Path) -> bool:
    """Whether an xlsx/xlsm holds a VBA project (macros): calamine reads values only, so the
    macros never run; the import says they were left out."""
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.endswith("vbaProject.bin") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def _check_zip(path: Path) -> dict[str, set[tuple[int, int]]]:
    """Refuse a zip that is no workbook or would inflate too far; an xlsx's formula cells."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise SheetError(f"{path} holds {len(members):,} files: not a spreadsheet")
            total = sum(member.file_size for member in members)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise SheetError(
                    f"{path} would inflate to {total:,} bytes (over 200 MB): refused, a "
                    "spreadsheet of a register is far smaller"
                )
            names = {member.filename for member in members}
            if "EncryptedPackage" in names:
                raise SheetError(f"{path} is password-protected; save a copy without a password")
            if "xl/workbook.xml" in names:
                return _xlsx_formulas(archive)
            if "content.xml" in names and "mimetype" in names:
                return {}
            raise SheetError(f"{path} is a zip archive, not an xlsx or ods spreadsheet")
    except (zipfile.BadZipFile, ET.ParseError, KeyError, EOFError) as exc:
        raise SheetError(f"{path} is not a readable spreadsheet ({exc})") from None


def _xlsx_formulas(archive: zipfile.ZipFile) -> dict[str, set[tuple[int, int]]]:
    """The cells of each sheet (by name) that hold a formula: ``<c r="B3"><f>`` in its XML.

    ElementTree resolves no external entity, and expat (2.4 and later, which Python 3.11
    bundles) refuses entity expansion bombs; the members' sizes are bounded already."""
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314  # see above
    try:
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
    except KeyError:
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_RELS}Relationship")}
    found: dict[str, set[tuple[int, int]]] = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_R_ID), "").lstrip("/")
        member = target if target.startswith("xl/") else f"xl/{target}"
        if member not in archive.namelist():
            continue
        cells: set[tuple[int, int]] = set()
        with archive.open(member) as stream:
            for _, element in ET.iterparse(stream):  # noqa: S314  # see above
                if element.tag == f"{_MAIN}c":
                    if element.find(f"{_MAIN}f") is not None:
                        cells.add(_cell_index(element.get("r", "")))
                    element.clear()
        found[sheet.get("name", "")] = cells
    return found


_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")


def _cell_index(ref: str) -> tuple[int, int]:
    match = _REF.fullmatch(ref)
    if not match:
        return (-1, -1)
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(match.group(2)) - 1, column - 1


def _workbook(path: Path, formulas: dict[str, set[tuple[int, int]]]) -> list[Sheet]:
    import python_calamine as calamine  # noqa: PLC0415  # only when a workbook is imported

    try:
        with calamine.CalamineWorkbook.from_path(str(path)) as book:
            sheets = []
            for meta in book.sheets_metadata:
                if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                    continue
                data = book.get_sheet_by_name(meta.name)
                sheet = Sheet(
                    name=meta.name,
                    hidden=meta.visible != calamine.SheetVisibleEnum.Visible,
                    formulas=formulas.get(meta.name, set()),
                )
                sheet.rows = _bounded_rows(path, meta.name, data.iter_rows(), data.start)
                _fill_merged(sheet, data.merged_cell_ranges or [])
                sheets.append(sheet)
            return sheets
    except calamine.PasswordError:
        raise SheetError(f"{path} is password-protected; save a copy without a password") from None
    except (calamine.CalamineError, ValueError, OSError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise SheetError(f"{path} is not a readable spreadsheet ({reason})") from None


def _bounded_rows(
    path: Path, sheet: str, rows: Any, start: tuple[int, int] | None = None
) -> list[list[str]]:
    """Rows as text, trailing empties dropped, within :data:`MAX_ROWS` and
    :data:`MAX_COLUMNS`; the first :data:`EMPTY_ROWS_END` empty rows in a row end the sheet."""
    left = start[1] if start else 0  # calamine yields rows from the first, columns from the start
    out: list[list[str]] = []
    empty_run = 0
    for row in rows:
        cells = [_text(value) for value in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            empty_run += 1
            if empty_run >= EMPTY_ROWS_END:
                break
            out.append([])
            continue
        empty_run = 0
        cells = [""] * left + cells
        if len(out) >= MAX_ROWS:
            raise SheetError(
                f"{path}, sheet {sheet!r}: data past row {MAX_ROWS:,}; ropa reads up to {MAX_ROWS:,} rows"
            )
        if len(cells) > MAX_COLUMNS:
            raise SheetError(
                f"{path}, sheet {sheet!r}: data in column {column_letter(len(cells) - 1)} "
                f"(past {MAX_COLUMNS}); ropa reads up to {MAX_COLUMNS} columns"
            )
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


def _text(value: Any) -> str:
    """A cell as text: numbers without a needless ``.0``, dates in ISO 8601."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


def _fill_merged(sheet: Sheet, ranges: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    for (top, left), (bottom, right) in ranges:
        if top >= len(sheet.rows) or left >= len(sheet.rows[top]):
            continue
        value = sheet.rows[top][left]
        for row in range(top, min(bottom, len(sheet.rows) - 1) + 1):
            for column in range(left, min(right, MAX_COLUMNS - 1) + 1):
                if (row, column) == (top, left):
                    continue
                cells = sheet.rows[row]
                cells.extend([""] * (column + 1 - len(cells)))
                cells[column] = value
                sheet.merged[(row, column)] = (top, left)


def _csv(path: Path) -> Sheet:
    """A CSV file: UTF-8 (with or without a BOM), else Windows-1252 as Excel writes it;
    the delimiter (``,``, ``;`` or tab) sniffed from the first line."""
    data = path.read_bytes()
    if b"\x00" in data:
        raise SheetError(f"{path} is neither a spreadsheet (xlsx, ods, xls) nor a CSV text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        if re.search(r"[\x00-\x08\x0e-\x1f]", text):
            raise SheetError(
                f"{path} is neither a spreadsheet (xlsx, ods, xls) nor a CSV text file"
            ) from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = _bounded_rows(path, path.name, reader)
    except csv.Error as exc:
        raise SheetError(f"{path} is not a readable CSV file ({exc})") from None
    return Sheet(name=path.name, rows=rows)
