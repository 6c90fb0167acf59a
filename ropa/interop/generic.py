"""The generic import (``--from csv``): a table with the user's own headers, one activity a
row, and a map (``MAP.toml``) that names which column holds which field.

.. code-block:: toml

    sheet = "Register"          # optional: the sheet to read (default: the first visible one)
    header_row = 1              # optional: the row of the headers (default: the first non-empty)

    [columns]                   # field = the column's header, as written in the sheet
    name = "Processing activity"
    legal_basis = "Lawful basis"
    retention = "Retention period"

Every non-empty cell lands somewhere: in the field its column is mapped to (read by
:mod:`ropa.interop.parse` where the field has a closed form, with a note when that took a
guess), or verbatim in the activity's ``notes`` (with a note saying why). Subjects, categories,
recipients and security measures named in cells become entries of their sections, with a
``# TODO`` for what the sheet never said.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ropa.interop.parse import (
    Parsed,
    fold,
    parse_basis,
    parse_condition,
    parse_country,
    parse_duration,
)
from ropa.interop.result import Cell, Imported, Note
from ropa.interop.sheets import Sheet, column_letter
from ropa.vocabulary import did_you_mean, suggest_id

#: The fields a column can be mapped to, and the headers (folded; en and fr) that name them.
FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name", "activity", "processing activity", "processing", "nom", "nom du traitement",
             "traitement", "activite de traitement", "intitule"),
    "purpose": ("purpose", "purposes", "purpose of processing", "purpose of the processing",
                "finalite", "finalites", "finalite principale", "finalite du traitement",
                "finalites du traitement"),
    "description": ("description", "description du traitement", "details"),
    "owner": ("owner", "business function", "department", "team", "service", "direction",
              "responsable", "responsable du traitement", "pilote"),
    "data_subjects": ("data subjects", "categories of individuals", "categories of data subjects",
                      "individuals", "personnes concernees", "categories de personnes concernees",
                      "categories de personnes"),
    "data_categories": ("data categories", "categories of personal data", "personal data",
                        "categories of data", "donnees", "donnees traitees",
                        "categories de donnees", "categories de donnees personnelles"),
    "recipients": ("recipients", "categories of recipients", "destinataires",
                   "categories de destinataires"),
    "legal_basis": ("legal basis", "lawful basis", "legal bases", "article 6 lawful basis",
                    "gdpr article 6 lawful basis", "base legale", "bases legales",
                    "base juridique", "fondement juridique", "base legale du traitement"),
    "special_condition": ("article 9 condition", "special category condition",
                          "condition article 9", "exception article 9"),
    "retention": ("retention", "retention period", "retention schedule", "duree de conservation",
                  "durees de conservation", "conservation"),
    "countries": ("countries", "third countries", "transfers", "names of third countries",
                  "pays", "pays tiers", "transferts", "transferts hors ue"),
    "security_measures": ("security measures", "security",
                          "general description of technical and organisational security measures",
                          "technical and organisational measures", "mesures de securite",
                          "securite"),
    "notes": ("notes", "comments", "remarks", "commentaires", "remarques", "observations"),
}  # fmt: skip


class MapError(Exception):
    """The map cannot be used with this sheet; the message says why, on one line."""


@dataclass
class ColumnMap:
    """What MAP.toml says: the sheet, the header row, and field → header."""

    columns: dict[str, str]
    sheet: str | None = None
    header_row: int | None = None


def read_map(text: str) -> ColumnMap:
    """MAP.toml's text → a :class:`ColumnMap`; an unknown key or field is a :class:`MapError`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MapError(f"the map is not valid TOML: {exc}") from None
    unknown = set(data) - {"sheet", "header_row", "columns"}
    if unknown:
        key = sorted(unknown)[0]
        raise MapError(
            f"unknown key {key!r} in the map{did_you_mean(key, ['sheet', 'header_row', 'columns'])}"
        )
    columns = data.get("columns", {})
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise MapError('[columns] maps fields to headers: name = "Processing activity"')
    for name in columns:
        if name not in FIELDS:
            raise MapError(
                f"unknown field {name!r} in [columns]{did_you_mean(name, list(FIELDS))}; fields: {', '.join(FIELDS)}"
            )
    sheet, header_row = data.get("sheet"), data.get("header_row")
    if sheet is not None and not isinstance(sheet, str):
        raise MapError("sheet is the name of a sheet, in quotes")
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise MapError("header_row is a row number, 1 or more")
    return ColumnMap(columns=dict(columns), sheet=sheet, header_row=header_row)


def recognise(header: str) -> str | None:
    """The field a header names (``Lawful basis`` → ``legal_basis``), if ropa knows its words."""
    folded = fold(header)
    for name, words in FIELDS.items():
        if folded in words:
            return name
    for name, words in FIELDS.items():  # ICO headers run on: "Names of third countries ... "
        if any(len(word) > 8 and folded.startswith(word + " ") for word in words):
            return name
    return None


def _toml_string(text: str) -> str:
    return (
        '"'
        + "".join(
            {'"': '\\"', "\\": "\\\\"}.get(c, c) if c >= " " else f"\\u{ord(c):04x}" for c in text
        )
        + '"'
    )


def starting_map(sheet: Sheet, header_row: int | None = None) -> str:
    """A MAP.toml for ``sheet``: the headers ropa recognises mapped, the others as comments."""
    row = _header_row(sheet, header_row)
    headers = sheet.rows[row] if row < len(sheet.rows) else []
    lines = [
        "# ropa import --from csv --map THIS_FILE: which column holds which field.",
        f"# Fields: {', '.join(FIELDS)}.",
        "# A column left out goes, cell by cell, into the activity's notes.",
        f"sheet = {_toml_string(sheet.name)}",
        f"header_row = {row + 1}",
        "",
        "[columns]",
    ]
    taken: set[str] = set()
    unknown = []
    for header in headers:
        name = recognise(header) if header else None
        if name and name not in taken:
            taken.add(name)
            lines.append(f"{name} = {_toml_string(header)}")
        elif header:
            unknown.append(header)
    lines += [f"# ? = {_toml_string(header)}" for header in unknown]
    return "\n".join(lines) + "\n"


def _header_row(sheet: Sheet, header_row: int | None) -> int:
    if header_row is not None:
        return header_row - 1
    return next((i for i, row in enumerate(sheet.rows) if any(row)), 0)


def choose_sheet(sheets: list[Sheet], name: str | None) -> Sheet:
    """The sheet the map names, else the first visible one with data."""
    if name is not None:
        for sheet in sheets:
            if sheet.name == name:
                return sheet
        names = [sheet.name for sheet in sheets]
        raise MapError(f"no sheet {name!r}{did_you_mean(name, names)}; sheets: {', '.join(names)}")
    for sheet in sheets:
        if not sheet.hidden and sheet.rows:
            return sheet
    raise MapError("the file holds no data")


# --- Rows into activities -------------------------------------------------------------------------

_SPLIT = re.compile(r"\s*(?:[;,\n]|\r\n)\s*")
#: The id of a section's entry made from a name that makes none (``123``).
_ID = re.compile(r"[a-z][a-z0-9_-]*")


def split_list(text: str) -> list[str]:
    """``a; b, c`` and one item a line → ``["a", "b", "c"]`` (list marks ``-``, ``•`` dropped)."""
    items = (re.sub(r"^[-•*]\s+", "", item.strip()) for item in _SPLIT.split(text))
    return [item for item in items if item]


def unique_id(name: str, taken: set[str] | dict[str, Any], fallback: str) -> str:
    base = suggest_id(name)[:60].strip("-_")
    if not _ID.fullmatch(base):
        base = f"{fallback}-{base}" if base else fallback
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


#: What the sheet never says about an entry it names, by section: key → TODO text.
ENTRY_TODOS: dict[str, dict[str, str]] = {
    "data_subjects": {},
    "data_categories": {
        "special": "if this is special-category data (Art. 9, 10): health, biometric..."
    },
    "recipients": {
        "role": "internal, processor, joint_controller, controller, authority or public",
        "category": "how the public page groups it",
        "country": "where it is established (ISO code), unless internal or public",
    },
    "security_measures": {"type": "technical or organisational"},
}

#: Keys an activity needs that a row may not give, and what to write.
ACTIVITY_TODOS = {
    "legal_bases": "the sheet gives no legal basis this could read: add [{basis: ...}] (Art. 6(1))",
    "retention": "the sheet gives no retention: add [{period: ...}] or [{criteria: ...}]",
    "data_subjects": "the sheet names no data subjects",
    "data_categories": "the sheet names no data categories",
}


@dataclass
class Row:
    """One row being read: its activity, where its cells went, and the import's notes."""

    imported: Imported
    sheet: Sheet
    index: int
    headers: list[str]
    activity: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    path: tuple[str | int, ...] = ()

    def cell(self, column: int) -> Cell:
        header = self.headers[column] if column < len(self.headers) else ""
        letter = column_letter(column)
        return Cell(self.sheet.name, self.index + 1, f"{letter} ({header})" if header else letter)

    def note(self, column: int, value: str, what: str, reason: str, *where: str | int) -> None:
        self.imported.notes.append(
            Note(self.cell(column), value, what, reason, (*self.path, *where))
        )

    def keep(self, column: int, value: str, reason: str) -> None:
        """Keep ``value`` verbatim in the activity's notes, and say why."""
        header = self.headers[column] if column < len(self.headers) else column_letter(column)
        self.notes.append(f"{header}: {value}" if header else value)
        self.note(column, value, "unmapped", reason, "notes")


def import_sheet(sheet: Sheet, column_map: ColumnMap) -> Imported:
    """The activities of ``sheet``, one a row below the headers, read as ``column_map`` says."""
    header_index = _header_row(sheet, column_map.header_row)
    headers = sheet.rows[header_index] if header_index < len(sheet.rows) else []
    by_header = {fold(header): i for i, header in reversed(list(enumerate(headers))) if header}
    fields: dict[int, str] = {}
    for name, header in column_map.columns.items():
        column = by_header.get(fold(header))
        if column is None:
            raise MapError(
                f"[columns] {name} = {header!r}: no such header in row {header_index + 1} of "
                f"sheet {sheet.name!r}{did_you_mean(header, [h for h in headers if h])}"
            )
        fields[column] = name
    imported = Imported(sections={"activities": {}})
    if sheet.macros:
        imported.notes.append(
            Note(
                Cell(sheet.name, 0, ""),
                "",
                "refused",
                "the workbook holds macros (VBA): they were never run, and are not imported; "
                "only the cells' values were read",
            )
        )
    for index in range(header_index + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        own = [c for c, value in enumerate(cells) if value and (index, c) not in sheet.merged]
        if not own:  # an empty row, or one that only a merged cell above reaches
            continue
        row = Row(imported, sheet, index, headers)
        _read_row(row, cells, fields)
    return imported


def _read_row(row: Row, cells: list[str], fields: dict[int, str]) -> None:
    activities: dict[str, Any] = row.imported.sections["activities"]
    name_column = next((c for c, f in fields.items() if f == "name"), None)
    if name_column is None:
        name_column = next((c for c, f in fields.items() if f == "purpose"), None)
    name = cells[name_column] if name_column is not None and name_column < len(cells) else ""
    activity_id = unique_id(name or f"row {row.index + 1}", activities, "activity")
    row.path = ("activities", activity_id)
    activities[activity_id] = row.activity
    if not name:
        row.activity["name"] = f"Row {row.index + 1}"
        row.imported.todos[(*row.path, "name")] = "the sheet gives this activity no name"
    for column, value in enumerate(cells):
        if not value:
            continue
        if (row.index, column) in row.sheet.formulas:
            row.note(
                column, value, "guessed", "a formula: its cached value was read, never evaluated"
            )
        if (row.index, column) in row.sheet.merged:
            top, left = row.sheet.merged[(row.index, column)]
            row.note(
                column,
                value,
                "guessed",
                f"a merged cell: the value of {column_letter(left)}{top + 1}",
            )
        name_of_field = fields.get(column)
        if name_of_field is None:
            row.keep(column, value, "no field is mapped to this column")
        elif column == name_column:
            row.activity["name"] = value
        else:
            _READERS[name_of_field](row, column, value)
    for key, text in ACTIVITY_TODOS.items():
        if key not in row.activity:
            row.imported.todos[(*row.path, key)] = text
    if row.notes:
        row.activity["notes"] = "\n\n".join(row.notes)


def _text_field(key: str) -> Callable[[Row, int, str], None]:
    def read(row: Row, column: int, value: str) -> None:
        if key in row.activity:
            row.keep(column, value, f"{key} is given by another column")
        else:
            row.activity[key] = value

    return read


def _purpose(row: Row, column: int, value: str) -> None:
    if "description" not in row.activity:
        row.activity["description"] = value
        row.note(
            column,
            value,
            "guessed",
            "the activity's name is its purpose; this purpose column became its description",
            "description",
        )
    else:
        row.keep(column, value, "the name and description are given by other columns")


def _entries(section: str) -> Callable[[Row, int, str], None]:
    """Names in a cell → references to entries of ``section``, made when new."""

    def read(row: Row, column: int, value: str) -> None:
        entries: dict[str, Any] = row.imported.sections.setdefault(section, {})
        refs: list[str] = row.activity.setdefault(section, [])
        for item in split_list(value):
            same = next((i for i, e in entries.items() if e.get("name") == item), None)
            entry_id = same or unique_id(item, entries, section.rstrip("s").replace("_", "-"))
            if same is None:
                entries[entry_id] = {"name": item}
                for key, text in ENTRY_TODOS[section].items():
                    row.imported.todos[(section, entry_id, key)] = text
            if entry_id not in refs:
                refs.append(entry_id)

    return read


def _parsed_list(
    key: str, parse: Callable[[str], Parsed | None], item: Callable[[str], Any], what: str
) -> Callable[[Row, int, str], None]:
    """A cell of values with a closed form: each read by ``parse``, or the cell kept verbatim."""

    def read(row: Row, column: int, value: str) -> None:
        parts = split_list(value) or [value]
        parsed = [parse(part) for part in parts]
        whole = parse(value) if None in parsed else None
        if whole is not None:
            parts, parsed = [value], [whole]
        if None in parsed:
            row.keep(column, value, f"not read as {what}: kept verbatim")
            return
        items: list[Any] = row.activity.setdefault(key, [])
        for part, result in zip(parts, parsed, strict=True):
            assert result is not None
            if item(result.value) in items:  # "Art. 6(1)(a), consent": one basis
                row.note(column, part, "guessed", f"{result.value} once: named already", key)
                continue
            items.append(item(result.value))
            if result.guessed:
                row.note(column, part, "guessed", f"read as {result.value}", key, len(items) - 1)
                row.imported.todos[(*row.path, key, len(items) - 1)] = f"read from {part!r}: check"

    return read


def _retention(row: Row, column: int, value: str) -> None:
    parsed = parse_duration(value)
    items: list[Any] = row.activity.setdefault("retention", [])
    if parsed is None:
        items.append({"criteria": value})
        row.note(
            column,
            value,
            "guessed",
            "not a fixed period: kept verbatim as the retention's criteria",
            "retention",
            len(items) - 1,
        )
        row.imported.todos[(*row.path, "retention", len(items) - 1)] = (
            "a criteria, as written: a fixed period if there is one"
        )
        return
    items.append({"period": parsed.value})
    if parsed.guessed:
        row.note(column, value, "guessed", f"read as {parsed.value}", "retention", len(items) - 1)


def _countries(row: Row, column: int, value: str) -> None:
    codes = [parse_country(part) for part in split_list(value)]
    read = ", ".join(c.value for c in codes if c) or "none"
    row.keep(
        column,
        value,
        f"transfers are declared on each recipient (recipients: transfers), which the sheet does not link to these countries; read: {read}",
    )
    row.imported.todos[(*row.path, "recipients")] = (
        f"transfers to {read}: declare them on the recipients that receive the data"
    )


_READERS: dict[str, Callable[[Row, int, str], None]] = {
    "name": _text_field("name"),
    "purpose": _purpose,
    "description": _text_field("description"),
    "owner": _text_field("owner"),
    "data_subjects": _entries("data_subjects"),
    "data_categories": _entries("data_categories"),
    "recipients": _entries("recipients"),
    "security_measures": _entries("security_measures"),
    "legal_basis": _parsed_list("legal_bases", parse_basis, lambda v: {"basis": v}, "an Art. 6 legal basis"),
    "special_condition": _parsed_list("special_conditions", parse_condition, lambda v: v, "an Art. 9(2) condition"),
    "retention": _retention,
    "countries": _countries,
    "notes": lambda row, column, value: row.notes.append(value),
}  # fmt: skip
