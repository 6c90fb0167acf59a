"""The authorities' layouts end to end, through the commands: ``ropa build -f ico,cnil`` writes
workbooks LibreOffice opens, the same bytes every time; ``ropa import --from ico|cnil`` gives
back the register whole while they are unedited, and reads their cells once they are."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa.check import validate
from ropa.cli import app
from ropa.interop.sheets import read
from ropa.render import render
from ropa.render.workbook import Table, xlsx_bytes
from tests.conftest import DATA, TODAY
from tests.system import debian_program

#: Each layout's files, and the one its import reads back.
LAYOUTS = {"ico": ["register.ico.xlsx"], "cnil": ["register.cnil.ods", "register.cnil.xlsx"]}
#: The outputs that show the whole register: the public policy and the Art. 30 record.
SHOWN = ["html", "md", "json", "csv"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = CliRunner().invoke(
        app, ["build", str(DATA), "--out", str(out), "-f", ",".join(LAYOUTS), "--today", str(TODAY)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_each_language_gets_each_layout(built: Path) -> None:
    files = sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
    assert files == sorted(
        f"{lang}/{name}" for lang in ("en", "fr") for names in LAYOUTS.values() for name in names
    )


def test_the_same_bytes_every_time(built: Path) -> None:
    register = validate(DATA, TODAY).register
    assert register is not None
    again = render(register, languages=["en", "fr"], formats=list(LAYOUTS))
    for path, data in again.items():
        assert (built / path).read_bytes() == data, path


def _import(book: Path, layout: str, out: Path) -> str:
    report = ["--report", str(out.with_suffix(".md"))]
    result = CliRunner().invoke(
        app,
        ["import", str(book), "--from", layout, "--out", str(out), "--today", str(TODAY), *report],
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    ("layout", "name"), [(layout, name) for layout, names in LAYOUTS.items() for name in names]
)
def test_an_unedited_workbook_imports_back_whole(
    built: Path, tmp_path: Path, layout: str, name: str
) -> None:
    output = _import(built / "fr" / name, layout, tmp_path / "back")
    assert output.endswith("files checked: no findings.\n")
    report = (tmp_path / "back.md").read_text(encoding="utf-8")
    assert "1 note: 0 guessed, 0 kept verbatim, 0 refused, 1 restored." in report
    before, after = validate(DATA, TODAY).register, validate(tmp_path / "back", TODAY).register
    assert before is not None
    assert after is not None
    languages = before.languages
    first = render(before, languages=languages, formats=SHOWN)
    second = render(after, languages=languages, formats=SHOWN)
    assert first == second


def test_an_edited_workbook_is_read_from_its_cells(built: Path, tmp_path: Path) -> None:
    """A person changed an activity's purpose: the edit counts, the embedded register is set
    aside, and the report says so first."""
    sheets = read(built / "en" / "register.ico.xlsx")
    template = sheets[0]
    row = next(i for i, cells in enumerate(template.rows) if "Purpose of processing" in cells)
    column = template.rows[row].index("Purpose of processing")
    template.rows[row + 1][column] = "A purpose edited by hand"
    tables = [Table(sheet.name, sheet.rows) for sheet in sheets]
    book = tmp_path / "edited.xlsx"
    book.write_bytes(xlsx_bytes(tables, title="t", author="a", day=TODAY))
    _import(book, "ico", tmp_path / "back")
    report = (tmp_path / "back.md").read_text(encoding="utf-8").splitlines()
    assert report[6] == (
        "| ropa | 1 | A |  | refused | — | the register ropa embedded was set aside: the other "
        "sheets were edited since ropa wrote them; the sheets were read instead |"
    )
    activities = (tmp_path / "back" / "activities.yaml").read_text(encoding="utf-8")
    assert "A purpose edited by hand" in activities


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        ("ico", "ropa: no sheet has the ICO template's headers (Purpose of processing, Categories of individuals, Categories of personal data...); for a table of your own, use --from csv\n"),
        ("cnil", "ropa: no sheet has the CNIL model's labels (Nom du traitement, Finalité principale, Catégories de données...); for a table of your own, use --from csv\n"),
    ],
)  # fmt: skip
def test_a_workbook_in_no_known_layout_is_one_line(
    tmp_path: Path, layout: str, message: str
) -> None:
    book = tmp_path / "other.xlsx"
    book.write_bytes(
        xlsx_bytes(
            [Table("Sheet1", [["Name", "Colour"], ["a", "b"]])], title="t", author="a", day=TODAY
        )
    )
    result = CliRunner().invoke(
        app, ["import", str(book), "--from", "ico", "--out", str(tmp_path / "x")]
    )
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert result.output.startswith("ropa: ")
    assert not (tmp_path / "x").exists()


@pytest.mark.slow
def test_libreoffice_opens_and_prints_every_export(built: Path, tmp_path: Path) -> None:
    soffice = debian_program("soffice", "libreoffice-calc-nogui", recommends=False)
    books = sorted(built.rglob("register.*.*"))
    for book in books:
        out = tmp_path / book.parent.name
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(book),
            ],
            capture_output=True,
            check=True,
            timeout=300,
        )
        pdf = out / (book.name.rsplit(".", 1)[0] + ".pdf")
        assert pdf.read_bytes().startswith(b"%PDF-"), book
