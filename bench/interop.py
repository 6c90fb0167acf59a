"""The import benchmark (issue 12: a 2,000-row spreadsheet in under 3 s): a generated register
of 2,000 activities, as CSV and as XLSX, imported by ``ropa import --from csv`` end to end
(read, map, write the folder and the report, validate); then the same register built in the
ICO's and the CNIL's layouts and imported back. ``python -m bench.interop``.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

import typer
import xlsxwriter
from typer.testing import CliRunner

from ropa.interop.command import import_command
from ropa.model.register import Register
from ropa.render.workbook import Table

ROWS = 2_000
TARGET_SECONDS = 3.0
HEADERS = [
    "Processing activity",
    "Business function",
    "Purpose of processing",
    "Categories of individuals",
    "Categories of personal data",
    "Recipients",
    "Lawful basis",
    "Retention period",
    "Third countries",
    "Security measures",
    "Comments",
]
BASES = ["Consent", "6(1)(b)", "Obligation légale", "Legitimate interests", "Public task"]
RETENTIONS = ["6 ans", "13 mois", "3 years after the last order", "P1Y6M", "six months"]
MAP = "[columns]\n" + "".join(
    f'{field} = "{header}"\n'
    for field, header in zip(
        [
            "name",
            "owner",
            "purpose",
            "data_subjects",
            "data_categories",
            "recipients",
            "legal_basis",
            "retention",
            "countries",
            "security_measures",
            "notes",
        ],
        HEADERS,
        strict=True,
    )
)


def rows() -> list[list[str]]:
    """Rows as people write them: free-text bases and retention, lists in cells."""
    return [
        [
            f"Activity {i}",
            f"Team {i % 12}",
            f"Purpose of activity {i}",
            f"Subjects {i % 20}; Customers",
            f"Category {i % 50}, Identity",
            f"Vendor {i % 40}",
            BASES[i % len(BASES)],
            RETENTIONS[i % len(RETENTIONS)],
            "États-Unis" if i % 3 == 0 else "",
            "Encryption; Access control",
            f"Reviewed by team {i % 12}" if i % 2 else "",
        ]
        for i in range(ROWS)
    ]


def run(path: Path, folder: Path) -> float:
    app = typer.Typer()
    app.command("import")(import_command)
    app.command("other")(lambda: None)
    (folder / "map.toml").write_text(MAP, encoding="utf-8")
    out = folder / f"out-{path.suffix[1:]}"
    args = ["import", str(path), "--map", str(folder / "map.toml"), "--out", str(out)]
    started = time.perf_counter()
    result = CliRunner().invoke(app, [*args, "--report", str(folder / "report.md")])
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        sys.exit(f"import failed: {result.output}")
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        data = rows()
        with (folder / "register.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([HEADERS, *data])
        book = xlsxwriter.Workbook(folder / "register.xlsx")
        sheet = book.add_worksheet("Register")
        for index, row in enumerate([HEADERS, *data]):
            sheet.write_row(index, 0, row)
        book.close()
        for path in (folder / "register.csv", folder / "register.xlsx"):
            seconds = run(path, folder)
            verdict = (
                "ok" if seconds < TARGET_SECONDS else f"over the {TARGET_SECONDS:.0f} s target"
            )
            print(
                f"{path.name}: {ROWS:,} rows imported and validated in {seconds:.2f} s ({verdict})"
            )
    with tempfile.TemporaryDirectory() as name:
        _layouts(Path(name))


# --- The authorities' layouts: ropa build -f ico,cnil, and their import back ----------------

LAYOUT_ACTIVITIES = 2_000


def _layouts(folder: Path) -> None:
    """A generated register of 2,000 activities built as ``ico`` and ``cnil``, then imported
    back: whole from the ``ropa`` sheet, and from the layout's cells alone (that sheet
    removed, as when a person has edited the workbook)."""
    from datetime import date  # noqa: PLC0415

    from bench.generate import generate  # noqa: PLC0415
    from ropa.check import validate  # noqa: PLC0415
    from ropa.render import render  # noqa: PLC0415
    from ropa.render.workbook import ods_bytes, xlsx_bytes  # noqa: PLC0415

    generate(folder / "register", LAYOUT_ACTIVITIES)
    register = validate(folder / "register", date(2026, 11, 30)).register
    assert register is not None
    for layout, files in (("ico", ["register.ico.xlsx"]), ("cnil", ["register.cnil.ods"])):
        started = time.perf_counter()
        outputs = render(register, languages=["en"], formats=[layout])
        built = time.perf_counter() - started
        sizes = ", ".join(
            f"{name} {len(data) / 1e6:.1f} MB" for path, data in outputs.items()
            for name in [path.name]
        )  # fmt: skip
        print(
            f"ropa build -f {layout}, {LAYOUT_ACTIVITIES:,} activities, 1 language: {built:.2f} s ({sizes})"
        )
        for name in files:
            book = folder / name
            book.write_bytes(outputs[Path("en") / name])
            whole = _import(book, layout, folder / f"whole-{layout}")
            tables = _layout_tables(register, layout)
            write = ods_bytes if name.endswith(".ods") else xlsx_bytes
            cells = folder / f"cells-{name}"
            cells.write_bytes(write(tables, title="t", author="a", day=date(2026, 1, 1)))
            read = _import(cells, layout, folder / f"cells-{layout}")
            verdict = "ok" if read < TARGET_SECONDS else f"over the {TARGET_SECONDS:.0f} s target"
            print(
                f"ropa import --from {layout} {name}: restored whole in {whole:.2f} s; "
                f"from the cells alone in {read:.2f} s ({verdict})"
            )


def _layout_tables(register: Register, layout: str) -> list[Table]:
    from ropa.render.document import Document  # noqa: PLC0415
    from ropa.render.i18n import Lang  # noqa: PLC0415

    doc = Document(register, Lang("en", "en"))
    if layout == "ico":
        from ropa.render.ico import ico_tables  # noqa: PLC0415

        return list(ico_tables(doc))
    from ropa.render.cnil import cnil_tables  # noqa: PLC0415

    return list(cnil_tables(doc))


def _import(book: Path, layout: str, out: Path) -> float:
    app = typer.Typer()
    app.command("import")(import_command)
    app.command("other")(lambda: None)
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["import", str(book), "--from", layout, "--out", str(out)])
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        sys.exit(f"import failed: {result.output}")
    return elapsed


if __name__ == "__main__":
    main()
