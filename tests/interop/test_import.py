"""ropa import --from csv: a map, one activity a row, every cell accounted for, the register
written and validated; through a tiny Typer app, as ropa.cli will register the command."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
import typer
import xlsxwriter
from typer.testing import CliRunner

from ropa.check import validate
from ropa.interop.command import import_command
from ropa.interop.generic import (
    MapError,
    import_sheet,
    read_map,
    recognise,
    split_list,
    starting_map,
)
from ropa.interop.parse import parse_duration
from ropa.interop.sheets import Sheet
from ropa.loader import load

app = typer.Typer()
app.command("import")(import_command)
app.command("other")(lambda: None)  # two commands, so that "import" is named as in ropa
runner = CliRunner()

CSV = """\
Processing activity;Business function;Purpose of processing;Categories of individuals;Categories of personal data;Recipients;Lawful basis;Retention period;Third countries;Security measures;Comments;Extra
Payroll;HR;Paying staff;Employees;Identity, Bank details;Payroll provider;Obligation légale;6 ans;;Encryption;;kept
Newsletter;Marketing;Sending news;Customers;Identity;Mailchimp;Consent;3 years after last contact;États-Unis;;"# careful: value";
Recruitment;HR;Hiring;Candidates;"Identity
CV";;6(1)(b), intérêt légitime;P2Y;UK, Inde;;;
Payroll;HR;;Employees;;;see legal;;;;;
;;;;;;;;;;;
"""

MAP = """\
[columns]
name = "Processing activity"
owner = "Business function"
purpose = "Purpose of processing"
data_subjects = "Categories of individuals"
data_categories = "Categories of personal data"
recipients = "Recipients"
legal_basis = "Lawful basis"
retention = "Retention period"
countries = "Third countries"
security_measures = "Security measures"
notes = "Comments"
"""


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    (tmp_path / "reg.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "map.toml").write_text(MAP, encoding="utf-8")
    return tmp_path


def test_print_map_maps_the_headers_it_recognises(sheet: Path) -> None:
    result = runner.invoke(app, ["import", str(sheet / "reg.csv"), "--print-map"])
    assert result.exit_code == 0
    assert result.output.splitlines()[3:] == [
        'sheet = "reg.csv"',
        "header_row = 1",
        "",
        *MAP.splitlines(),
        '# ? = "Extra"',
    ]


def test_import_writes_validates_and_reports(sheet: Path) -> None:
    out, report = sheet / "reg", sheet / "report.md"
    args = ["import", str(sheet / "reg.csv"), "--from", "csv", "--map", str(sheet / "map.toml")]
    result = runner.invoke(
        app, [*args, "--out", str(out), "--report", str(report), "--today", "2026-11-30"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        f"4 activities imported from {sheet}/reg.csv into {out}/ (3 files); 13 notes, listed in "
        f"{report}; what the source never said: ropa validate {out}"
    )
    assert lines[-2] == "3 files checked: 13 errors, 9 warnings."
    findings = validate(out, date(2026, 11, 30)).findings
    assert {f.rule for f in findings} == {
        "missing-field",
        "provision-undeclared",
        "legal-obligation-unreferenced",
        "security-measures-missing",
        "consent-withdrawal-missing",
        "legal-basis-unallocated",
        "legitimate-interest-unassessed",
        "legitimate-interest-undescribed",
        "legal-basis-missing",
        "retention-missing",
    }
    sections = load(out).sections
    assert list(sections["activities"]) == ["payroll", "newsletter", "recruitment", "payroll-2"]
    assert sections["activities"]["payroll"] == {
        "name": "Payroll",
        "owner": "HR",
        "description": "Paying staff",
        "data_subjects": ["employees"],
        "data_categories": ["identity", "bank-details"],
        "recipients": ["payroll-provider"],
        "legal_bases": [{"basis": "legal_obligation"}],
        "retention": [{"period": "6 years"}],
        "security_measures": ["encryption"],
        "notes": "Extra: kept",
    }
    assert sections["activities"]["newsletter"]["notes"] == (
        "Third countries: États-Unis\n\n# careful: value"
    )
    assert sections["activities"]["newsletter"]["retention"] == [
        {"criteria": "3 years after last contact"}
    ]
    assert sections["activities"]["recruitment"]["legal_bases"] == [
        {"basis": "contract"},
        {"basis": "legitimate_interests"},
    ]
    assert sections["activities"]["payroll-2"]["notes"] == "Lawful basis: see legal"
    assert sections["recipients"] == {
        "payroll-provider": {"name": "Payroll provider"},
        "mailchimp": {"name": "Mailchimp"},
    }
    text = (out / "recipients.yaml").read_text()
    assert (
        "    # TODO: role: internal, processor, joint_controller, controller, authority or public"
        in text
    )
    markdown = report.read_text().splitlines()
    assert markdown[2] == "13 notes: 9 guessed, 4 kept verbatim, 0 refused."
    assert (
        "| reg.csv | 3 | I (Third countries) | États-Unis | kept verbatim | activities.newsletter.notes | "
        "transfers are declared on each recipient (recipients: transfers), which the sheet does not "
        "link to these countries; read: US |"
    ) in markdown
    assert (
        "| reg.csv | 5 | G (Lawful basis) | see legal | kept verbatim | activities.payroll-2.notes | "
        "not read as an Art. 6 legal basis: kept verbatim |"
    ) in markdown


def test_every_non_empty_cell_is_mapped_or_noted(sheet: Path) -> None:
    """Each cell's value is in the register (mapped) or in a note, never lost."""
    rows = [line.split(";") for line in CSV.replace('"Identity\nCV"', "Identity, CV").splitlines()]
    imported = import_sheet(
        Sheet("reg.csv", [[c.strip('"') for c in row] for row in rows]), read_map(MAP)
    )
    written = repr(imported.sections)
    noted = {(n.cell.row, n.cell.column.split(" ")[0]) for n in imported.notes}
    for r, row in enumerate(rows[1:], start=2):
        for c, raw in enumerate(row):
            value = raw.strip('"')
            if value:
                read = [parse_duration(part) for part in split_list(value)]
                assert (r, "ABCDEFGHIJKL"[c]) in noted or all(
                    part in written or part.lower() in written or (p and p.value in written)
                    for part, p in zip(split_list(value), read, strict=True)
                ), (r, c, value)


def test_an_xlsx_with_merged_cells_and_formulas(tmp_path: Path) -> None:
    book = xlsxwriter.Workbook(tmp_path / "reg.xlsx")
    sheet = book.add_worksheet("Register")
    sheet.write_row(0, 0, ["Business function", "Processing activity", "Retention period"])
    sheet.merge_range("A2:A3", "HR")
    sheet.write_row(1, 1, ["Payroll", "6 years"])
    sheet.write("B3", "Training")
    sheet.write_formula("C3", '="2 ans"', None, "2 ans")
    book.close()
    (tmp_path / "map.toml").write_text(
        '[columns]\nowner = "Business function"\nname = "Processing activity"\n'
        'retention = "Retention period"\n'
    )
    out, report = tmp_path / "out", tmp_path / "r.md"
    args = ["import", str(tmp_path / "reg.xlsx"), "--map", str(tmp_path / "map.toml")]
    result = runner.invoke(app, [*args, "--out", str(out), "--report", str(report)])
    assert result.exit_code == 0, result.output
    activities = load(out).sections["activities"]
    assert activities["training"] == {
        "name": "Training",
        "owner": "HR",
        "retention": [{"period": "2 years"}],
    }
    markdown = report.read_text()
    assert (
        "| Register | 3 | A (Business function) | HR | guessed | activities.training | "
        "a merged cell: the value of A2 |"
    ) in markdown
    assert (
        "| Register | 3 | C (Retention period) | 2 ans | guessed | activities.training | "
        "a formula: its cached value was read, never evaluated |"
    ) in markdown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "{tmp}/existing"], "not overwriting existing files: {tmp}/existing/keep.yaml"),
        (["--out", "{tmp}/new"], None),
        ([], "ropa import --from csv needs --map MAP.toml and --out DIR (or --print-map)"),
    ],
)
def test_never_overwrites_and_needs_its_options(
    sheet: Path, args: list[str], message: str | None
) -> None:
    (sheet / "existing").mkdir()
    (sheet / "existing" / "keep.yaml").write_text("mine")
    full = [a.replace("{tmp}", str(sheet)) for a in args]
    with_map = ["--map", str(sheet / "map.toml")] if args else []
    result = runner.invoke(app, ["import", str(sheet / "reg.csv"), *with_map, *full])
    if message is None:
        assert result.exit_code == 0
        return
    assert result.exit_code == 2
    assert result.output == f"ropa: error: {message.replace('{tmp}', str(sheet))}\n"
    assert (sheet / "existing" / "keep.yaml").read_text() == "mine"


@pytest.mark.parametrize(
    ("map_text", "message"),
    [
        ('[columns]\nname = "Nope"\n', "[columns] name = 'Nope': no such header in row 1"),
        (
            '[columns]\nlegal_bases = "Lawful basis"\n',
            "unknown field 'legal_bases' in [columns]; did you mean 'legal_basis'?",
        ),
        ('sheets = "x"\n', "unknown key 'sheets' in the map; did you mean 'sheet'?"),
        ('sheet = "Other"\n[columns]\n', "no sheet 'Other'; sheets: reg.csv"),
        ("[columns\n", "the map is not valid TOML"),
    ],
)
def test_a_bad_map_is_one_line(sheet: Path, map_text: str, message: str) -> None:
    (sheet / "map.toml").write_text(map_text)
    result = runner.invoke(
        app,
        [
            "import",
            str(sheet / "reg.csv"),
            "--map",
            str(sheet / "map.toml"),
            "--out",
            str(sheet / "o"),
        ],
    )
    assert result.exit_code == 2
    assert result.output.startswith(f"ropa: error: {message}")
    assert len(result.output.splitlines()) == 1
    assert not (sheet / "o").exists()


def test_a_file_that_is_no_spreadsheet_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "r.xlsx").write_bytes(b"%PDF-1.7\n\x00\x01\x02")
    result = runner.invoke(app, ["import", str(tmp_path / "r.xlsx"), "--print-map"])
    assert result.exit_code == 2
    assert result.output == (
        f"ropa: error: {tmp_path}/r.xlsx is neither a spreadsheet (xlsx, ods, xls) nor a CSV text file\n"
    )


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Nom du traitement", "name"),
        ("Finalité principale", "purpose"),
        ("Catégories de personnes concernées", "data_subjects"),
        ("Base légale", "legal_basis"),
        ("Durée de conservation", "retention"),
        ("Article 6 lawful basis", "legal_basis"),
        (
            "Names of third countries or international organisations that personal data are "
            "transferred to (if applicable)",
            "countries",
        ),
        (
            "General description of technical and organisational security measures",
            "security_measures",
        ),
        ("Colour", None),
    ],
)
def test_headers_recognised_in_english_and_french(header: str, field: str | None) -> None:
    assert recognise(header) == field


def test_starting_map_of_an_empty_sheet() -> None:
    assert "[columns]" in starting_map(Sheet("s", []))


def test_map_errors_are_map_errors() -> None:
    with pytest.raises(MapError):
        read_map("header_row = 0\n")


def test_a_basis_named_twice_is_one() -> None:
    sheet = Sheet("s", [["Name", "Basis"], ["Orders", "Art. 6(1)(b); contract"]])
    imported = import_sheet(sheet, read_map('[columns]\nname = "Name"\nlegal_basis = "Basis"\n'))
    assert imported.sections["activities"]["orders"]["legal_bases"] == [{"basis": "contract"}]
    assert [n.reason for n in imported.notes] == [
        "read as contract",
        "contract once: named already",
    ]


def test_a_workbook_with_macros_is_read_for_its_values_and_says_so(tmp_path: Path) -> None:
    """An xlsm's VBA project is never run: the values are read, and the report says the macros
    were left out."""
    book = xlsxwriter.Workbook(tmp_path / "reg.xlsm")
    book.add_worksheet("Register").write_row(0, 0, ["Processing activity"])
    book.worksheets()[0].write_row(1, 0, ["Payroll"])
    book.close()
    with zipfile.ZipFile(tmp_path / "reg.xlsm", "a") as archive:
        archive.writestr("xl/vbaProject.bin", b'Attribute VB_Name = "Evil"')
    (tmp_path / "map.toml").write_text('[columns]\nname = "Processing activity"\n')
    out, report = tmp_path / "out", tmp_path / "r.md"
    args = ["import", str(tmp_path / "reg.xlsm"), "--map", str(tmp_path / "map.toml")]
    result = runner.invoke(app, [*args, "--out", str(out), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert load(out).sections["activities"] == {"payroll": {"name": "Payroll"}}
    assert "the workbook holds macros (VBA): they were never run, and are not imported" in (
        report.read_text(encoding="utf-8")
    )
