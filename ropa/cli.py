"""The command line: parse options, call the library, print, exit. Nothing else lives here.

The library is imported inside each command, so that ``--help`` and ``--version`` are instant
and ``main()`` can tune the process before the models are built.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ropa import __version__
from ropa.changes.command import diff_command
from ropa.config import Config, ConfigError, find_config
from ropa.display import neutral, shown
from ropa.interop.command import import_command
from ropa.options import (
    EXIT_FINDINGS,
    EXIT_OK,
    FindingsFormat,
    FindingsFormatOption,
    RegisterPath,
    StrictOption,
    TemplatesOption,
    TodayOption,
    default_format,
    fail,
    stopped_by_signals,
)
from ropa.options import today as today_from
from ropa.scan.command import scan_command
from ropa.serve.command import serve_command

if TYPE_CHECKING:
    from ropa.check import Report
    from ropa.discover import Checked
    from ropa.model.register import Register
    from ropa.render import ChangeControl

DEFAULT_FORMATS = ("html", "pdf", "md", "csv", "xlsx", "json", "notice", "atom", "subprocessors")

app = typer.Typer(
    name="ropa",
    help="GDPR declarations in YAML → privacy policy and Article 30 register.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    # Click's plain help: Typer's Rich panels (0.29) print every flag as taking a value
    # ("--strict <bool>"), where Click's own help shows "--strict" alone.
    rich_markup_mode=None,
)

#: Exit codes: no error, errors found (or warnings under --strict), could not run.


class Colour(StrEnum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


def _use_colour(choice: Colour) -> bool:
    """``always`` and ``never`` mean it; ``auto`` colours a terminal unless NO_COLOR is set."""
    if choice is not Colour.AUTO:
        return choice is Colour.ALWAYS
    return not os.environ.get("NO_COLOR") and sys.stdout.isatty()


@contextmanager
def _progress_bar(*, enabled: bool) -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress bar on a terminal's stderr, shown only once a build has run for a second."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress  # noqa: PLC0415  # only for builds on a terminal

    bar = Progress(transient=True, console=None)
    task = bar.add_task("building", total=None)
    started = time.perf_counter()
    shown = False

    def advance(done: int, total: int, label: str) -> None:
        nonlocal shown
        if not shown and time.perf_counter() - started > 1.0:
            bar.start()
            shown = True
        bar.update(task, completed=done, total=total, description=label)

    try:
        yield advance
    finally:
        if shown:
            bar.stop()


def _config() -> Config:
    """The project's configuration (``ropa.toml`` or ``[tool.ropa]``); a bad one stops the run."""
    try:
        return find_config()
    except ConfigError as exc:
        raise fail(str(exc)) from None


def _default_path(config: Config) -> Path:
    """The register without a PATH: the configuration's (default data), or the current folder
    when ropa is run from inside a register."""
    from ropa.discover import default_register  # noqa: PLC0415

    return default_register(config.data)


def _checked(paths: list[Path], on: date, config: Config) -> list[Checked]:
    """Validate the registers of ``paths`` (a file: in its register, for its own findings) and
    apply the project's rule severities."""
    from ropa.check import RegisterNotFoundError  # noqa: PLC0415
    from ropa.discover import validate_paths  # noqa: PLC0415

    try:
        checked = validate_paths(paths, on, config.data)
    except RegisterNotFoundError as exc:
        raise fail(f"no such file or folder: {shown(str(exc))}") from None
    for each in checked:
        each.report.findings = config.apply(each.report.findings)
    return checked


def _gated(checked: list[Checked], revision: str, on: date, config: Config) -> list[str]:
    """Add the version gate's findings against ``revision`` to each register's report
    (``validate --against``); the notes about what was compared."""
    from ropa.changes.gate import GateError, gate  # noqa: PLC0415  # only with --against

    notes = []
    try:
        for each in checked:
            notes += gate(each, revision, on, config)
    except GateError as exc:
        raise fail(f"--against: {exc}") from None
    return notes


def _register_root(path: Path, config: Config) -> Path:
    """The register ``path`` belongs to: itself, or the register folder of a file."""
    from ropa.discover import register_root  # noqa: PLC0415

    return register_root(path, config.data)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _what_was_read(checked: list[Checked]) -> list[str]:
    """For ``--verbose``: each register read, and for which of its files findings are shown."""
    lines = []
    for each in checked:
        read = f"read {_plural(each.read, 'file')} of {shown(each.target.root.as_posix())}"
        if not each.target.whole:
            given = _plural(len(each.report.source.files), "file")
            read += f", the register of the {given} given"
        lines.append(read)
    return lines


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ropa {__version__}")
        raise typer.Exit


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """GDPR declarations in YAML → privacy policy and Article 30 register."""


@app.command("validate")
def validate_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Register folders, or files of a register: each file is checked within its "
            "register, and only its findings are shown (default: data, or the configuration's "
            "folder, or the current folder inside a register).",
            show_default=False,
        ),
    ] = None,
    strict: StrictOption = False,
    output_format: FindingsFormatOption = None,
    today: Annotated[
        str | None,
        typer.Option(
            help="Date of validation, YYYY-MM-DD, for review and waiver dates (default: today)."
        ),
    ] = None,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            metavar="REV",
            help="Also compare with the register at this Git revision (origin/main, HEAD~1, a "
            "tag): the version gate (a new policy.version, its history, its effective date).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print the findings only, no summary.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Also say which configuration was read and how long it took."
        ),
    ] = False,
    color: Annotated[
        Colour,
        typer.Option(
            "--color", help="Colour text output: auto (a terminal, unless NO_COLOR), always, never."
        ),
    ] = Colour.AUTO,
) -> None:
    """Check registers, or files each within its register; exit 0 when clean, 1 on errors (or
    warnings with --strict), 2 if it cannot run."""
    from ropa.discover import combined  # noqa: PLC0415
    from ropa.report import REPORTERS, text  # noqa: PLC0415

    config = _config()
    on = today_from(today)
    started = time.perf_counter()
    checked = _checked(paths or [_default_path(config)], on, config)
    notes = [] if against is None else _gated(checked, against, on, config)
    report = combined(checked)
    strict = strict or config.strict
    if verbose:
        typer.echo(f"configuration: {neutral(config.source) or 'none (defaults)'}", err=True)
        for line in _what_was_read(checked):
            typer.echo(line, err=True)
        typer.echo(f"validated in {time.perf_counter() - started:.2f} s", err=True)
    if not quiet:
        for note in notes:
            typer.echo(f"ropa: note: {neutral(note)}", err=True)
    output_format = output_format or default_format()
    if output_format is FindingsFormat.TEXT:
        sys.stdout.write(text(report, colour=_use_colour(color), quiet=quiet))
    else:
        sys.stdout.write(REPORTERS[output_format](report))
    raise typer.Exit(EXIT_FINDINGS if report.failed(strict=strict) else EXIT_OK)


def _findings_for_build(report: Report, *, quiet: bool) -> str:
    """The findings as ``validate`` prints them by default: GitHub annotations in GitHub
    Actions, else text."""
    from ropa.report import REPORTERS, text  # noqa: PLC0415

    output_format = default_format()
    if output_format is FindingsFormat.TEXT:
        return text(report, quiet=quiet)
    return REPORTERS[output_format](report)


def _change_control(
    register: Register, root: Path, against: str | None, on: date, config: Config
) -> ChangeControl:
    """What the build says about changes: the notice of the newest version's material changes,
    found against the revision ``against`` (Git) or recorded in ``policy.history``, and the
    project's notice period."""
    from ropa.changes.materiality import overrides  # noqa: PLC0415  # not on the validate path
    from ropa.changes.notice import against as found_against  # noqa: PLC0415
    from ropa.changes.notice import recorded  # noqa: PLC0415
    from ropa.changes.sides import SideError  # noqa: PLC0415
    from ropa.render import ChangeControl  # noqa: PLC0415

    assert register.policy is not None
    raised = overrides(config.materiality, config.source or "configuration")
    if against is None:
        return ChangeControl(recorded(register.policy, raised), config.notice_days, raised)
    try:
        found = found_against(against, root, register, on, config)
    except SideError as exc:
        raise fail(f"--against: {exc}") from None
    for note in found.notes:
        typer.echo(f"ropa: note: {neutral(note)}", err=True)
    if found.errors:
        typer.echo(
            f"ropa: {neutral(found.label)}: {_plural(found.errors, 'error')} in the register; "
            "compared as far as it could be read",
            err=True,
        )
    return ChangeControl(found.announcement, config.notice_days, raised)


@app.command("build")
def build_command(
    path: RegisterPath = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings fail too: nothing is built.")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output folder (default: output).")
    ] = None,
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Comma-separated: html,pdf,md,csv,xlsx,json,notice,atom,subprocessors (the "
            "default; notice and subprocessors are written when they apply), and on request "
            "fragment, fides (a Fides manifest), ico and cnil (the register in the ICO's and "
            "the CNIL's layouts).",
        ),
    ] = ",".join(DEFAULT_FORMATS),
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Comma-separated languages (default: policy.languages)."),
    ] = None,
    templates: TemplatesOption = None,
    today: TodayOption = None,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            metavar="REV",
            help="The notice announces the material changes since this Git revision (origin/main, "
            "HEAD~1, a tag), instead of those recorded in policy.history.",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar, no summary.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every file written.")
    ] = False,
    no_wait: Annotated[
        bool,
        typer.Option(
            "--no-wait", help="If another build is writing to OUT, exit 2 instead of waiting."
        ),
    ] = False,
) -> None:
    """Validate, then render the policy and the register into OUT/<lang>/; nothing is written on errors.

    SIGINT or SIGTERM stops a build, leaving the previous outputs, with exit 130 or 143.
    """
    from ropa.render import (  # noqa: PLC0415  # not on the validate path
        FORMATS,
        BusyError,
        Interrupted,
        RenderError,
        WriteError,
        build,
    )

    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise fail(f"unknown format {', '.join(unknown)!s}; choose among {', '.join(FORMATS)}")
    config = _config()
    out = out or config.output
    templates = templates or config.templates
    if templates is not None and not templates.is_dir():
        raise fail(f"no such templates folder: {templates}")
    on = today_from(today)
    try:
        with stopped_by_signals(Interrupted):
            # the register as a whole (a file: the register it belongs to), whose folder
            # --against also reads at the revision
            root = _register_root(path or _default_path(config), config)
            report = _checked([root], on, config)[0].report
            if report.findings:
                sys.stdout.write(_findings_for_build(report, quiet=quiet))
            if report.errors:
                typer.echo("ropa: nothing built: fix the errors above first.", err=True)
                raise typer.Exit(EXIT_FINDINGS)
            if report.failed(strict=strict or config.strict):
                typer.echo(
                    "ropa: nothing built: warnings fail the build under --strict (or strict = "
                    "true in the configuration); fix them, or record a waiver with its reason.",
                    err=True,
                )
                raise typer.Exit(EXIT_FINDINGS)
            register = report.register
            assert register.policy is not None
            languages = (
                [c.strip() for c in lang.split(",")] if lang else list(register.policy.languages)
            )
            missing = [c for c in languages if c not in register.policy.languages]
            if missing:
                raise fail(
                    f"language {', '.join(missing)} is not in policy.languages ({', '.join(register.policy.languages)})"
                )
            control = _change_control(register, root, against, on, config)
            with _progress_bar(enabled=not quiet) as progress:
                built = build(
                    register,
                    out,
                    languages=languages,
                    formats=chosen,
                    templates=templates,
                    progress=progress,
                    wait=not no_wait,
                    control=control,
                )
    except Interrupted as stop:
        outcome = (
            "its new outputs were all written"
            if stop.written
            else "the previous outputs are unchanged"
        )
        typer.echo(f"ropa: build interrupted; {outcome}", err=True)
        raise typer.Exit(128 + stop.signum) from None
    except RenderError as exc:
        typer.echo(f"ropa: error: {neutral(str(exc))}", err=True)
        raise typer.Exit(EXIT_FINDINGS) from None
    except BusyError as exc:
        raise fail(f"{exc}; wait for it to finish, or build without --no-wait") from None
    except WriteError as exc:
        raise fail(f"cannot write to {out}: {exc.strerror or exc}") from None
    except OSError as exc:  # reading a template folder, say
        raise fail(f"{exc.strerror or exc}{f': {exc.filename}' if exc.filename else ''}") from None
    if verbose:
        for file in built.written:
            typer.echo(str(file))
        for file in built.removed:
            typer.echo(f"removed: {file}")
    if not quiet:
        noun = "file" if len(built.written) == 1 else "files"
        typer.echo(f"{len(built.written)} {noun} written to {out}/ ({', '.join(languages)}).")


app.command("diff")(diff_command)
app.command("import")(import_command)
app.command("scan")(scan_command)
app.command("serve")(serve_command)


@app.command("init")
def init_command(
    folder: Annotated[Path, typer.Argument(help="Folder to create the register in.")] = Path(
        "data"
    ),
    lang: Annotated[
        str, typer.Option("--lang", help="Comma-separated languages, e.g. en,fr.")
    ] = "en",
) -> None:
    """Create a small valid register to start from, with a comment on each field."""
    from ropa.model.types import language_codes  # noqa: PLC0415
    from ropa.scaffold import ScaffoldExistsError, write  # noqa: PLC0415

    languages = [code.strip() for code in lang.split(",") if code.strip()]
    unknown = [code for code in languages if code not in language_codes()]
    if unknown or not languages:
        raise fail(f"--lang takes ISO 639-1 codes such as en,fr; not {', '.join(unknown) or lang}")
    try:
        written = write(folder, languages, date.today())  # the user's own dates
    except ScaffoldExistsError as exc:
        raise fail(f"not overwriting existing files: {exc}") from None
    typer.echo(
        f"{len(written)} files written to {folder}/; check them with: ropa validate {folder}"
    )


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema (draft 2020-12) of declaration files, for editors."""
    from ropa.model.schema import json_schema_text  # noqa: PLC0415

    sys.stdout.write(json_schema_text())


@app.command("rules")
def rules_command() -> None:
    """List every rule (ropa scan's last): id, severity, what it rests on, and what it checks."""
    from ropa.rules.registry import RULES, SCAN  # noqa: PLC0415

    width = max(len(rule.id) for rule in (*RULES, *SCAN))
    for rule in (*RULES, *SCAN):
        article = f" ({rule.article})" if rule.article else ""
        typer.echo(f"{rule.id:<{width}}  {rule.severity:<7}  {rule.summary}{article}")


@app.command("explain")
def explain_command(
    rule_id: Annotated[
        str, typer.Argument(metavar="RULE", help="A rule id, e.g. legal-basis-missing.")
    ],
) -> None:
    """Print a rule's documentation: what it checks, why, what it rests on, and examples."""
    from ropa.reference import explain_note  # noqa: PLC0415
    from ropa.rules.registry import BY_ID, SCAN  # noqa: PLC0415
    from ropa.vocabulary import did_you_mean  # noqa: PLC0415

    known = {**BY_ID, **{rule.id: rule for rule in SCAN}}
    rule = known.get(rule_id)
    if rule is None:
        raise fail(
            f"no rule is called '{rule_id}'{did_you_mean(rule_id, sorted(known))}; see 'ropa rules'"
        )
    facts = [
        f"severity: {rule.severity}",
        f"rests on: {rule.article or '-'}",
        f"can be waived: {'yes' if rule.waivable else 'no'}",
    ]
    note = explain_note(rule.id)  # the unconfirmed reference data the rule rests on, if any
    typer.echo(f"{rule.id}\n{'=' * len(rule.id)}\n{'; '.join(facts)}\n\n{rule.doc}")
    if note:
        typer.echo(f"\n{note}")


def main() -> None:
    """Console entry point.

    A run reads a register, prints and exits: it makes no reference cycles worth collecting, and
    the cyclic collector would only rescan the register's objects (see ``ropa.check``).
    """
    # Pydantic looks for plugins in every installed distribution's entry points when the first
    # model is built; ropa uses none, and the look-up costs more than validating a small register.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    gc.disable()
    app()
