"""``ropa serve``: a live preview of the policy and the register, rebuilt as their files change.

Registered by ``ropa.cli`` as ``app.command("serve")(serve_command)``. It runs until Ctrl-C
(exit 130) or SIGTERM (143); it cannot start (exit 2) when the port is in use, the register or
the templates folder does not exist, or an option is wrong.
"""

from __future__ import annotations

import errno
import gc
import os
import socket
import threading
import time
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from ropa.display import neutral, shown
from ropa.options import RegisterPath, TemplatesOption, fail, stopped_by_signals
from ropa.options import today as today_from

if TYPE_CHECKING:
    from ropa.findings import Finding
    from ropa.serve.preview import Outcome

#: The port without --port: the one documentation previewers use (mkdocs serve, python -m
#: http.server), which a team previewing its policy next to its docs sees taken and changes.
DEFAULT_PORT = 8000
DEFAULT_HOST = "127.0.0.1"


class Stopped(BaseException):  # as KeyboardInterrupt: nothing may swallow it
    """SIGINT or SIGTERM asked the preview to stop."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _free_port_after(host: str, port: int) -> int | None:
    """The first port after ``port`` that ``host`` can listen on, among the next twenty."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for candidate in range(port + 1, min(port + 21, 65536)):
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, candidate))
            except OSError:
                continue
            return candidate
    return None


def _cannot_listen(exc: OSError, host: str, port: int) -> str:
    """One line saying why the server cannot listen, and what to do."""
    if exc.errno == errno.EADDRINUSE:
        where = f"port {port}" if host == DEFAULT_HOST else f"port {port} of {host}"
        free = _free_port_after(host, port)
        instead = f"--port {free}" if free is not None else "another --port"
        return f"{where} is in use; try {instead} (or --port 0 for any free port)"
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port}; choose one above 1023"
    if isinstance(exc, socket.gaierror):
        return f"cannot listen on {shown(host)}: no such host"
    return f"cannot listen on {shown(host)} port {port}: {exc.strerror or exc}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class _Terminal:
    """What the preview prints: one line a rebuild, and the findings when they change."""

    def __init__(self, *, quiet: bool) -> None:
        self.quiet = quiet
        self._shown: tuple[Finding, ...] | None = None
        self._lock = threading.Lock()

    def outcome(self, outcome: Outcome) -> None:
        with self._lock:
            if self.quiet:
                return
            lines = []
            if outcome.findings != self._shown or outcome.problems:
                lines += [f.format() for f in outcome.findings]
                lines += [f"ropa: error: {neutral(p)}" for p in outcome.problems]
                self._shown = outcome.findings
            lines += [f"ropa: error: {neutral(failure)}" for failure in outcome.failures]
            when = datetime.now().strftime("%H:%M:%S")  # local time
            took = f"{outcome.seconds * 1000:.0f} ms"
            found = (
                f"{_plural(outcome.errors, 'error')}, {_plural(outcome.warnings, 'warning')}"
                if outcome.errors or outcome.warnings
                else "no findings"
            )
            if not outcome.ready:
                lines.append(f"ropa: {when} {found}; no page yet ({took})")
            elif outcome.stale:
                lines.append(
                    f"ropa: {when} {found}; the pages show the last version without errors ({took})"
                )
            elif not outcome.published:
                lines.append(f"ropa: {when} {found}; the pages are unchanged ({took})")
            else:
                lines.append(f"ropa: {when} {found}; pages rebuilt ({took})")
            typer.echo("\n".join(lines))

    def warn(self, message: str) -> None:
        typer.echo(f"ropa: warning: {neutral(message)}", err=True)


def serve_command(  # noqa: PLR0917  # a Typer command takes its options as parameters
    path: RegisterPath = None,
    port: Annotated[
        int,
        typer.Option(
            "--port",
            "-p",
            min=0,
            max=65535,
            help="Port to listen on; 0 picks a free one (the first line says which).",
        ),
    ] = DEFAULT_PORT,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on. Only this machine can read the preview on 127.0.0.1; "
            "another address (0.0.0.0: all of them) shows the register to the network.",
        ),
    ] = DEFAULT_HOST,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Comma-separated languages (default: policy.languages)."),
    ] = None,
    templates: TemplatesOption = None,
    today: Annotated[
        str | None,
        typer.Option(help="Date of validation, YYYY-MM-DD (default: the day of each rebuild)."),
    ] = None,
    editor_url: Annotated[
        str | None,
        typer.Option(
            "--editor-url",
            envvar="ROPA_EDITOR_URL",
            metavar="URL",
            help="Make each finding's position open your editor: a URL with {path}, {line} "
            "and {column}, e.g. vscode://file/{path}:{line}:{column} (default: clicking a "
            "position copies path:line:column).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing on each rebuild.")
    ] = False,
) -> None:
    """Preview the policy and the register in a browser, rebuilt and reloaded on each save.

    Findings show at the top of the page; while the register has errors, the page shows the
    last version without errors, marked stale. Nothing is written. Ctrl-C stops it.
    """
    from ropa.config import ConfigError, find_config  # noqa: PLC0415
    from ropa.serve.page import editor_url_problem  # noqa: PLC0415
    from ropa.serve.preview import Preview, Settings  # noqa: PLC0415

    try:
        from ropa.serve.session import Session  # noqa: PLC0415  # it needs watchfiles
    except ImportError as exc:
        raise fail(f"ropa serve needs {exc.name}: pip install {exc.name}") from None

    # ropa.cli.main switches the cyclic collector off for commands that read, print and exit;
    # a preview runs for hours, rebuilding, and its threads and templates make cycles.
    gc.enable()
    try:
        config = find_config()
    except ConfigError as exc:
        raise fail(str(exc)) from None
    on = today_from(today) if today else None
    languages = tuple(code.strip() for code in (lang or "").split(",") if code.strip())
    chosen = templates or config.templates
    if chosen is not None and not chosen.is_dir():
        raise fail(f"no such templates folder: {chosen}")
    if editor_url is not None and (problem := editor_url_problem(editor_url)):
        raise fail(problem)
    preview = Preview(Settings(path, templates, languages, on), config)
    root = preview.root()
    if not os.path.lexists(root):
        raise fail(f"no such file or folder: {shown(str(root))}")
    terminal = _Terminal(quiet=quiet)
    try:
        session = Session(
            preview, host, port, editor=editor_url, report=terminal.outcome, warn=terminal.warn
        )
    except OSError as exc:
        raise fail(_cannot_listen(exc, host, port)) from None
    try:
        with stopped_by_signals(Stopped):
            try:
                first = session.start()
                if preview.language_problem and preview.state.good is None:
                    raise fail(preview.language_problem)
                shown_languages = ", ".join(preview.state.languages) or "no page yet"
                typer.echo(
                    f"ropa: serving {shown(str(root))} at {session.url} ({shown_languages}); "
                    "Ctrl-C to stop"
                )
                if not (host == DEFAULT_HOST or _is_loopback(host)):
                    typer.echo(
                        f"ropa: note: listening on {shown(host)}: other machines can read the "
                        "register",
                        err=True,
                    )
                terminal.outcome(first)
                while True:
                    time.sleep(3600)
            finally:
                session.close()
    except Stopped as stop:
        typer.echo("ropa: serve stopped", err=True)
        raise typer.Exit(128 + stop.signum) from None


def _is_loopback(host: str) -> bool:
    from ropa.serve.server import is_loopback  # noqa: PLC0415

    return is_loopback(host)
