"""``ropa diff OLD [NEW]``: the command, whole, for the CLI to register with one line:
``app.command("diff")(diff_command)``.

It parses, calls the library, prints and exits, as every command does: 0 when the diff could
be made (it is a report, whatever it finds), 2 when it could not (``ropa: error: …``).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ropa.display import neutral
from ropa.options import EXIT_OK, fail
from ropa.options import today as today_from


class DiffFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    YAML = "yaml"


def diff_command(
    old: Annotated[
        str,
        typer.Argument(
            metavar="OLD",
            help="The register before: a folder, or a Git revision (HEAD~1, main, a tag) whose "
            "register folder is read.",
            show_default=False,
        ),
    ],
    new: Annotated[
        str | None,
        typer.Argument(
            metavar="NEW",
            help="The register after, the same way (default: the register folder of the "
            "working tree).",
            show_default=False,
        ),
    ] = None,
    register: Annotated[
        Path | None,
        typer.Option(
            "--register",
            help="The register folder, in the working tree and at each revision (default: data, "
            "or the configuration's folder, or the current folder inside a register).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        DiffFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (a terminal), markdown (a pull-request comment), json, or yaml (the "
            "policy.history changes to paste).",
        ),
    ] = DiffFormat.TEXT,
    today: Annotated[
        str | None,
        typer.Option(help="Date of validation of both sides, YYYY-MM-DD (default: today)."),
    ] = None,
) -> None:
    """Say what changed in the meaning of the register, and how much it matters: each change
    material, notable or editorial, with what it rests on. Exit 0 when the diff was made, 2 if
    it could not be."""
    from ropa.changes.formats import FORMATS  # noqa: PLC0415  # not on the validate path
    from ropa.changes.materiality import overrides  # noqa: PLC0415
    from ropa.changes.report import diff  # noqa: PLC0415
    from ropa.changes.sides import SideError, read_sides  # noqa: PLC0415
    from ropa.config import ConfigError, find_config  # noqa: PLC0415
    from ropa.discover import default_register  # noqa: PLC0415

    on = today_from(today)
    try:
        config = find_config()
        raised = overrides(config.materiality, config.source or "configuration")
    except ConfigError as exc:
        raise fail(str(exc)) from None
    folder = register or default_register(config.data)
    try:
        before, after = read_sides(old, new, folder, on, config)
    except SideError as exc:
        raise fail(str(exc)) from None
    for side in (before, after):
        for note in side.notes:
            typer.echo(f"ropa: note: {neutral(note)}", err=True)
        if side.errors:
            typer.echo(
                f"ropa: {neutral(side.label)}: {side.errors} error"
                f"{'s' if side.errors != 1 else ''} in the register; compared as far as it "
                "could be read",
                err=True,
            )
    found = diff(
        before.label,
        before.register,
        after.label,
        after.register,
        raised,
        errors=(before.errors, after.errors),
    )
    sys.stdout.write(FORMATS[output_format](found))
    raise typer.Exit(EXIT_OK)
