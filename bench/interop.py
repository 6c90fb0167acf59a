"""The import benchmark (issue 12: a 2,000-row spreadsheet in under 3 s): a generated register
of 2,000 activities, as CSV and as XLSX, imported by ``ropa import --from csv`` end to end
(read, map, write the folder and the report, validate). ``python -m bench.interop``.
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


if __name__ == "__main__":
    main()
