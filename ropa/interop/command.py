"""``ropa import``: a spreadsheet into a new register folder, then its findings.

Registered by ``ropa.cli`` as ``app.command("import")(import_command)``. Exit 0 when the
register was written (its findings are expected: they are what the sheet never said), 2 when
the import could not run (no such file, not a spreadsheet, a bad map, an existing folder).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ropa.display import neutral
from ropa.options import EXIT_OK, TodayOption, fail
from ropa.options import today as today_from

if TYPE_CHECKING:
    from ropa.interop.result import Imported


class Layout(StrEnum):
    """The layouts ``--from`` reads."""

    ICO = "ico"
    CNIL = "cnil"
    CSV = "csv"
    FIDES = "fides"


def import_command(  # noqa: PLR0917  # a Typer command takes its options as parameters
    source: Annotated[
        Path,
        typer.Argument(
            help="The spreadsheet (csv, xlsx, xlsm, xls or ods), or a Fides manifest.",
            show_default=False,
        ),
    ],
    layout: Annotated[
        Layout,
        typer.Option(
            "--from",
            help="Its layout: ico (the ICO's controller or processor template), cnil (the "
            "CNIL's model: fiches and registre), csv (your own headers, with --map; any "
            "spreadsheet format), or fides (a Fides manifest).",
        ),
    ] = Layout.CSV,
    column_map: Annotated[
        Path | None,
        typer.Option(
            "--map",
            metavar="MAP.toml",
            help="Which column holds which field (start from --print-map).",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="The register folder to create; never overwritten.",
            show_default=False,
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="FILE",
            help="Write a Markdown report of every cell not mapped, or mapped by a guess.",
            show_default=False,
        ),
    ] = None,
    print_map: Annotated[
        bool,
        typer.Option("--print-map", help="Print a starting map from the headers ropa recognises."),
    ] = False,
    today: TodayOption = None,
) -> None:
    """Import a register kept in a spreadsheet (the ICO's or the CNIL's template, or a table
    of your own) or a Fides manifest, every value accounted for; then validate it and print
    what the source never said."""
    from ropa.check import validate  # noqa: PLC0415
    from ropa.interop.write import (  # noqa: PLC0415
        RegisterExistsError,
        notes_count,
        report_markdown,
        write_register,
    )
    from ropa.report import text  # noqa: PLC0415

    on = today_from(today)
    if layout is Layout.FIDES:
        from ropa.interop.fides import ManifestError, read_fides  # noqa: PLC0415

        if out is None:
            raise fail("ropa import --from fides needs --out DIR")
        try:
            imported = read_fides(source)
        except ManifestError as exc:
            raise fail(str(exc)) from None
        except OSError as exc:
            raise fail(f"cannot read {source}: {exc.strerror or exc}") from None
    elif layout in (Layout.ICO, Layout.CNIL):
        if out is None:
            raise fail(f"ropa import --from {layout} needs --out DIR")
        imported = _from_layout(source, layout)
    elif not print_map and (column_map is None or out is None):
        raise fail("ropa import --from csv needs --map MAP.toml and --out DIR (or --print-map)")
    else:
        imported = _from_sheet(source, column_map, print_map=print_map)
    assert out is not None
    try:
        written = write_register(out, imported)
    except RegisterExistsError as exc:
        raise fail(f"not overwriting existing files: {exc}") from None
    except OSError as exc:
        raise fail(f"cannot write {out}: {exc.strerror or exc}") from None
    if report is not None:
        try:
            report.write_text(report_markdown(imported, source.name), encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot write the report {report}: {exc.strerror or exc}") from None
    activities = len(imported.sections.get("activities", {}))
    typer.echo(
        neutral(
            f"{activities} activities imported from {source} into {out}/ ({len(written)} files); "
            f"{notes_count(len(imported.notes))}"
            + (f", listed in {report}" if report is not None else "")
            + f"; what the source never said: ropa validate {out}"
        )
    )
    sys.stdout.write(text(validate(out, on)))
    raise typer.Exit(EXIT_OK)


def _from_layout(source: Path, layout: Layout) -> Imported:
    """A workbook in an authority's layout: the register ropa embedded in it when it wrote it
    and nobody has edited it since, else what its sheets say."""
    from ropa.interop.embedded import SHEET, EditedError, restore  # noqa: PLC0415
    from ropa.interop.result import Cell, LayoutError, Note  # noqa: PLC0415
    from ropa.interop.sheets import SheetError, read  # noqa: PLC0415

    if layout is Layout.ICO:
        from ropa.interop.ico import read_ico as read_layout  # noqa: PLC0415
    else:
        from ropa.interop.cnil import read_cnil as read_layout  # noqa: PLC0415
    set_aside = None
    try:
        sheets = read(source)
        try:
            restored = restore(sheets, source.name)
        except EditedError as exc:
            restored, set_aside = None, str(exc)
        if restored is not None:
            return restored
        imported = read_layout(sheets)
    except (SheetError, LayoutError) as exc:
        raise fail(str(exc)) from None
    if set_aside is not None:
        reason = (
            f"the register ropa embedded was set aside: {set_aside}; the sheets were read instead"
        )
        imported.notes.insert(0, Note(Cell(SHEET, 1, "A"), "", "refused", reason))
    return imported


def _from_sheet(source: Path, column_map: Path | None, *, print_map: bool) -> Imported:
    """A spreadsheet with the user's own headers, read as ``column_map`` says; with
    ``print_map``, the starting map is printed instead and the command ends."""
    from ropa.interop.generic import (  # noqa: PLC0415
        MapError,
        choose_sheet,
        import_sheet,
        read_map,
        starting_map,
    )
    from ropa.interop.sheets import SheetError, read  # noqa: PLC0415

    try:
        sheets = read(source)
        if print_map:
            sys.stdout.write(starting_map(choose_sheet(sheets, None)))
            raise typer.Exit(EXIT_OK)
        assert column_map is not None
        try:
            map_text = column_map.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(f"cannot read the map {column_map}: {exc}") from None
        chosen = read_map(map_text)
        return import_sheet(choose_sheet(sheets, chosen.sheet), chosen)
    except (SheetError, MapError) as exc:
        raise fail(str(exc)) from None
