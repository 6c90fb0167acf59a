"""What every command shares: its exit codes, its one-line error and the ``--today`` date.

``ropa.cli`` and the commands that live with their library (``ropa.changes.command``) use
these, so that every command fails and reads a date the same way.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ropa.display import neutral


class FindingsFormat(StrEnum):
    """How findings are printed (``validate``, ``build``, ``scan``)."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"


def default_format() -> FindingsFormat:
    """GitHub annotations inside GitHub Actions, else text."""
    return (
        FindingsFormat.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else FindingsFormat.TEXT
    )


#: The options several commands take, declared once.
FindingsFormatOption = Annotated[
    FindingsFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="How to print findings (default: text; github in GitHub Actions).",
        show_default=False,
    ),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Warnings fail too.")]
RegisterPath = Annotated[
    Path | None,
    typer.Argument(
        metavar="PATH",
        help="Register folder, or a file of it (default: data, or the configuration's "
        "folder, or the current folder inside a register).",
        show_default=False,
    ),
]
TemplatesOption = Annotated[
    Path | None,
    typer.Option("--templates", help="Folder of templates that override the built-in ones."),
]
TodayOption = Annotated[
    str | None, typer.Option(help="Date of validation, YYYY-MM-DD (default: today).")
]

#: 0: no error; 1: findings that fail (errors, or warnings with --strict); 2: could not run.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def fail(message: str) -> typer.Exit:
    """Print one line (user text in it made safe, ``ropa.display``); exit 2, "could not run"."""
    typer.echo(f"ropa: error: {neutral(message)}", err=True)
    return typer.Exit(EXIT_USAGE)


def today(value: str | None) -> date:
    """The date of validation: ``--today`` (YYYY-MM-DD), else the local calendar day, which
    is what reviewers mean."""
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"--today takes a date written YYYY-MM-DD, not {value!r}") from None


@contextmanager
def stopped_by_signals(stop: Callable[[int], BaseException]) -> Iterator[None]:
    """Within, the first SIGINT or SIGTERM raises ``stop(signum)``, which the command turns
    into a clean stop (workers ended, temporary files removed); a second one does not cut that
    cleaning up short. Only the main thread may set handlers: elsewhere, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stopped = False

    def handler(signum: int, frame: object) -> None:
        nonlocal stopped
        if not stopped:
            stopped = True
            raise stop(signum)

    previous = {
        number: signal.signal(number, handler) for number in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for number, before in previous.items():
            signal.signal(number, before)
