"""Reading spreadsheets: xlsx, ods and csv as text; formulas, merged cells, hidden sheets;
hostile files refused in one line, within bounds."""

from __future__ import annotations

import time
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
import xlsxwriter

from ropa.interop.sheets import Sheet, SheetError, column_letter, read
from tests.interop.books import ods


def test_xlsx_cells_as_text_formulas_merged_and_hidden(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Register")
    sheet.write("B2", "Name")
    sheet.write("C2", "Years")
    sheet.write("D2", "Reviewed")
    sheet.write("B3", "Payroll")
    sheet.write_formula("C3", "=3+3", None, 6)
    sheet.write_datetime("D3", datetime(2026, 1, 31), book.add_format({"num_format": "yyyy-mm-dd"}))
    sheet.merge_range("B4:B5", "Marketing")
    sheet.write("C4", 1.5)
    sheet.write("C5", True)
    blank = book.add_format({"bold": True})
    for row in range(10, 50_000):  # formatted, never filled
        sheet.write_blank(row, 0, None, blank)
    hidden = book.add_worksheet("Lists")
    hidden.write("A1", "secret")
    hidden.hide()
    book.close()
    assert read(path) == [
        Sheet(
            name="Register",
            rows=[
                [],
                ["", "Name", "Years", "Reviewed"],
                ["", "Payroll", "6", "2026-01-31"],
                ["", "Marketing", "1.5"],
                ["", "Marketing", "true"],
            ],
            formulas={(2, 2)},
            merged={(4, 1): (3, 1)},
        ),
        Sheet(name="Lists", rows=[["secret"]], hidden=True),
    ]


def test_ods_cached_values_are_read_formulas_cannot_be_told(tmp_path: Path) -> None:
    path = ods(tmp_path / "r.ods", {"Fiche": [[None, "Nom"], [None, "Paie", "=1+2|3"]]})
    assert read(path) == [Sheet(name="Fiche", rows=[["", "Nom"], ["", "Paie", "3"]])]


@pytest.mark.parametrize(
    ("data", "rows"),
    [
        (b"name,years\nPayroll,6\n", [["name", "years"], ["Payroll", "6"]]),
        ("\ufeffnom;durée\nPaie;6 ans\n".encode(), [["nom", "durée"], ["Paie", "6 ans"]]),
        ("nom;durée\r\nPaie;6 ans\r\n".encode("cp1252"), [["nom", "durée"], ["Paie", "6 ans"]]),
        (b'a\tb\n"x\ny"\t\n\n\n', [["a", "b"], ["x\ny"]]),
    ],
)
def test_csv_encodings_and_delimiters(tmp_path: Path, data: bytes, rows: list[list[str]]) -> None:
    (tmp_path / "r.csv").write_bytes(data)
    assert read(tmp_path / "r.csv") == [Sheet(name="r.csv", rows=rows)]


def test_a_million_trailing_empty_rows_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_bytes(b"a,b\n1,2\n" + b",\n" * 1_000_000)
    started = time.perf_counter()
    assert read(tmp_path / "r.csv")[0].rows == [["a", "b"], ["1", "2"]]
    assert time.perf_counter() - started < 2


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/workbook.xml", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(201):
                member.write(chunk)
    return path


def _plain_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return path


def _encrypted(path: Path) -> Path:
    """What Excel writes for a password: a compound file with an EncryptedPackage stream."""
    entry = "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + entry + b"\0" * 512)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: (p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x01"), p)[1],
            "is neither a spreadsheet (xlsx, ods, xls) nor a CSV text file",
        ),
        (_zip_bomb, "would inflate to 210,763,784 bytes (over 200 MB): refused"),
        (_plain_zip, "is a zip archive, not an xlsx or ods spreadsheet"),
        (_encrypted, "is password-protected; save a copy without a password"),
        (
            lambda p: (p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), p)[1],
            "is not a readable spreadsheet",
        ),
        (
            lambda p: (p.write_bytes(b"PK\x03\x04 truncated"), p)[1],
            "is not a readable spreadsheet",
        ),
        (
            lambda p: (p.write_bytes(b"a\n" * 100_001), p)[1],
            "data past row 100,000; ropa reads up to 100,000 rows",
        ),
        (
            lambda p: (p.write_bytes(b",".join([b"x"] * 201)), p)[1],
            "data in column GS (past 200); ropa reads up to 200 columns",
        ),
    ],
)
def test_hostile_files_are_one_error(tmp_path: Path, make: object, message: str) -> None:
    path = make(tmp_path / "register.xlsx")  # type: ignore[operator]
    with pytest.raises(SheetError) as error:
        read(path)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_file_over_20_mb_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)  # sparse: nothing to read
    with pytest.raises(
        SheetError, match=r"is 20,971,521 bytes; ropa reads spreadsheets up to 20 MB"
    ):
        read(path)


def test_no_such_file(tmp_path: Path) -> None:
    with pytest.raises(SheetError, match="cannot read"):
        read(tmp_path / "nope.csv")


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (199, "GR")])
def test_column_letters(index: int, letters: str) -> None:
    assert column_letter(index) == letters
