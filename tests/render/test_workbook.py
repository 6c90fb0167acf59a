"""The workbooks of the authorities' layouts: every cell read back exactly as written, never a
formula, the same bytes on every run, and files LibreOffice opens and prints."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from ropa.interop.sheets import read
from ropa.render.workbook import Table, ods_bytes, xlsx_bytes
from tests.system import debian_program

TABLES = [
    Table(
        "Fiche 1 - Paie",
        [
            ["Fiche de registre"],
            [],
            ["Nom / sigle", "Gestion de la paie", "=1+2"],
            ["", "  two spaces\n  indented\nlines", "+33 1 23 45 67 89"],
            ["@SUM(A1:A2)", "-1", "\ttab"],
        ],
        widths=[30, 50],
        header_rows=frozenset({2}),
        title_rows=frozenset({0}),
        repeat=(2, 2),
        freeze=(3, 0),
    ),
    Table("Registre", [["Activités", "Désignation"], ["Activité 1", "Paie & <RH>"]]),
]
WRITERS = {".xlsx": xlsx_bytes, ".ods": ods_bytes}


def _book(suffix: str) -> bytes:
    return WRITERS[suffix](TABLES, title="Registre", author="Org & Co", day=date(2026, 1, 2))


@pytest.mark.parametrize("suffix", sorted(WRITERS))
def test_every_cell_reads_back_as_written(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"book{suffix}"
    path.write_bytes(_book(suffix))
    sheets = read(path)
    assert [sheet.name for sheet in sheets] == ["Fiche 1 - Paie", "Registre"]
    assert sheets[0].rows == [
        ["Fiche de registre"],
        [],
        ["Nom / sigle", "Gestion de la paie", "=1+2"],
        ["", "two spaces\n  indented\nlines", "+33 1 23 45 67 89"],  # the reader trims
        ["@SUM(A1:A2)", "-1", "tab"],
    ]
    assert not sheets[0].formulas


def test_no_cell_is_a_formula() -> None:
    with zipfile.ZipFile(io.BytesIO(_book(".xlsx"))) as archive:
        xml = b"".join(archive.read(name) for name in archive.namelist())
    assert b"<f>" not in xml
    assert b"=1+2" in xml
    with zipfile.ZipFile(io.BytesIO(_book(".ods"))) as archive:
        content = archive.read("content.xml")
    assert b"table:formula" not in content
    assert b"<text:p>=1+2</text:p>" in content


_SCRIPT = """
import hashlib, sys
from datetime import date
from tests.render.test_workbook import TABLES, WRITERS
for suffix, write in sorted(WRITERS.items()):
    data = write(TABLES, title="Registre", author="Org", day=date(2026, 1, 2))
    print(suffix, hashlib.sha256(data).hexdigest())
"""


def test_the_same_bytes_on_every_run() -> None:
    """odfpy declares namespaces from a set: another hash seed, another order, unless fixed."""
    runs = {
        subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parents[2],
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1, runs


def test_the_odf_package_is_dated_by_the_document_not_the_clock() -> None:
    with zipfile.ZipFile(io.BytesIO(_book(".ods"))) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        meta = archive.read("meta.xml").decode()
    assert "<meta:creation-date>2026-01-02T00:00:00</meta:creation-date>" in meta
    assert "<meta:initial-creator>Org &amp; Co</meta:initial-creator>" in meta


@pytest.mark.slow
def test_libreoffice_opens_and_prints_both(tmp_path: Path) -> None:
    soffice = debian_program("soffice", "libreoffice-calc-nogui", recommends=False)
    books = []
    for suffix in sorted(WRITERS):
        books.append(tmp_path / f"book{suffix[1:]}{suffix}")
        books[-1].write_bytes(_book(suffix))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *map(str, books),
        ],
        capture_output=True,
        check=True,
        timeout=300,
    )
    for book in books:
        pdf = (tmp_path / "pdf" / book.name).with_suffix(".pdf")
        assert pdf.read_bytes().startswith(b"%PDF-"), pdf
