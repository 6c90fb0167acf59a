"""``ropa diff OLD [NEW]``: the command, whole, for the CLI to register with one line:
``app.command("diff")(diff_command)``.

It parses, calls the library, prints and exits, as every command does: 0 when the diff could
be made (it is a report, whatever it finds), 2 when it could not (``ropa: error: …``).
"""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ropa.display import neutral

EXIT_OK, EXIT_USAGE = 0, 2


class DiffFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    YAML = "yaml"


def _fail(message: str) -> typer.Exit:
    """Print one line (user text in it made safe); exit 2, "could not run"."""
    typer.echo(f"ropa: error: {neutral(message)}", err=True)
    return typer.Exit(EXIT_USAGE)


def _today(value: str | None) -> date:
    if value is None:
        return date.today()  # the local calendar day is what reviewers mean
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(f"--today takes a date written YYYY-MM-DD, not {value!r}") from None


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

    on = _today(today)
    try:
        config = find_config()
        raised = overrides(config.materiality, config.source or "configuration")
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    folder = register or default_register(config.data)
    try:
        before, after = read_sides(old, new, folder, on, config)
    except SideError as exc:
        raise _fail(str(exc)) from None
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
