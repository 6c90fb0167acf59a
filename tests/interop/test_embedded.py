"""The register a workbook in an authority's layout carries (the ``ropa`` sheet): given back
whole while the other sheets are as ropa wrote them, set aside once they are edited."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ropa.check import validate
from ropa.interop.embedded import CHUNK, EditedError, declarations_json, restore, source_table
from ropa.interop.sheets import Sheet, read
from ropa.interop.write import write_register
from ropa.model.register import Register
from ropa.render import render
from ropa.render.workbook import Table, ods_bytes, xlsx_bytes
from tests.conftest import DATA, TODAY

#: A stand-in for an authority's layout: what matters here is only that it is digested.
LAYOUT = [
    Table("Layout", [["Activity", "Basis"], ["Payroll", "Legal obligation"], ["", "  x  "]]),
    Table("Second", [[], ["=1+2", "+33 1 23", "@SUM(A1)"]]),
]
#: The outputs that show the whole register: the public policy and the Art. 30 record.
SHOWN = ["html", "md", "json", "csv"]


def _register(root: Path) -> Register:
    report = validate(root, TODAY)
    assert report.register is not None
    assert not [f for f in report.findings if f.severity == "error"], report.findings
    return report.register


@pytest.fixture(scope="module")
def register() -> Register:
    return _register(DATA)


def _workbook(register: Register, path: Path, layout: list[Table] = LAYOUT) -> Path:
    write = ods_bytes if path.suffix == ".ods" else xlsx_bytes
    source = source_table(register.declarations, layout, language="en")
    path.write_bytes(write([*layout, source], title="Register", author="Org", day=TODAY))
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_an_unedited_workbook_gives_back_the_register_whole(
    register: Register, tmp_path: Path, suffix: str
) -> None:
    sheets = read(_workbook(register, tmp_path / f"book{suffix}"))
    restored = restore(sheets, "book")
    assert restored is not None
    assert [note.reason for note in restored.notes] == [
        "the other sheets are as ropa wrote them: the register was restored whole from the "
        "'ropa' sheet"
    ]
    write_register(tmp_path / "back", restored)
    back = _register(tmp_path / "back")
    languages = register.languages
    before = render(register, languages=languages, formats=SHOWN)
    after = render(back, languages=languages, formats=SHOWN)
    assert sorted(before) == sorted(after)
    for path, data in before.items():
        assert after[path] == data, path


def test_a_long_text_is_cut_into_cells_and_joined_back(tmp_path: Path) -> None:
    text = "word " * (CHUNK // 2)  # one line longer than a cell holds
    declarations = {"organization": {"name": "Org", "notes": text.strip(), "list": ["a"] * 5000}}
    register = Register(declarations=declarations)
    sheets = read(_workbook(register, tmp_path / "long.xlsx"))
    source = next(sheet for sheet in sheets if sheet.name == "ropa")
    assert len(source.rows) > 7
    assert all(len(row[0]) <= CHUNK + 2 for row in source.rows)
    restored = restore(sheets, "long.xlsx")
    assert restored is not None
    assert restored.sections == declarations


def test_a_workbook_without_the_sheet_is_not_ropas() -> None:
    assert restore([Sheet("Template", [["a"]])], "book.xlsx") is None


def _edited(sheets: list[Sheet], name: str, row: int, column: int, value: str) -> list[Sheet]:
    for sheet in sheets:
        if sheet.name == name:
            while len(sheet.rows) <= row:
                sheet.rows.append([])
            cells = sheet.rows[row]
            cells.extend([""] * (column + 1 - len(cells)))
            cells[column] = value
    return sheets


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("Layout", 1, 1, "Consent"), "the other sheets were edited since ropa wrote them"),
        (("Second", 5, 0, "a new row"), "the other sheets were edited since ropa wrote them"),
        (("ropa", 2, 1, "ropa-declarations/9"), "its 'ropa' sheet is not one ropa wrote in a format it reads (ropa-declarations/1)"),
        (("ropa", 6, 0, '"organization": 1'), "its 'ropa' sheet was edited (row 7)"),
        (("ropa", 5, 0, '|{"a": [1,\n|'), "its 'ropa' sheet is not JSON: Expecting value (line 2)"),
        (("ropa", 5, 0, "|[1, 2]\n|"), "its 'ropa' sheet holds no register"),
        (("ropa", 5, 0, '|{"organization": {}, "secrets": 1}\n|'), "its 'ropa' sheet holds a section ropa does not know: secrets"),
        (("ropa", 5, 0, '|{"organization": ' + "[" * 200 + "]" * 200 + "}\n|"), "its 'ropa' sheet nests deeper than 64 levels"),
        (("ropa", 5, 0, '|{"organization": ' + "[" * 100_000 + "]" * 100_000 + "}\n|"), "its 'ropa' sheet nests deeper than 64 levels"),
    ],
)  # fmt: skip
def test_an_edited_workbook_is_read_from_its_sheets(
    tmp_path: Path, edit: tuple[str, int, int, str], message: str
) -> None:
    small = Register(declarations={"organization": {"name": "Org"}})
    sheets = read(_workbook(small, tmp_path / "book.xlsx"))
    with pytest.raises(EditedError) as caught:
        restore(_edited(sheets, *edit), "book")
    assert str(caught.value).startswith(message)


def test_the_sheet_is_json_a_person_can_read(register: Register) -> None:
    text = declarations_json(register.declarations)
    assert text.startswith('{\n "organization": {\n  "name": "My Little Day",\n')
    assert '"effective_date": "2026-09-01"' in text  # dates as the files write them


def test_cells_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    _workbook(Register(declarations={"organization": {"name": "=HYPERLINK(1)"}}), path)
    with zipfile.ZipFile(path) as archive:  # no <f> element anywhere: not one formula
        assert not any(b"<f>" in archive.read(name) for name in archive.namelist())
        assert b"=HYPERLINK(1)" in archive.read("xl/sharedStrings.xml")
