"""``ropa scan``: a live site's cookies and storage against the register's ``cookies:``.

Registered by ``ropa.cli`` as ``app.command("scan")(scan_command)``. Exit codes are
``ropa validate``'s: 0 when no finding is an error (notes and warnings allowed, unless
``--strict``), 1 when one is (or a warning under ``--strict``), 2 when the scan could not run
(Chromium missing, the site unreachable, the consent button not found, a bad scan file).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ropa.display import neutral, shown
from ropa.options import (
    EXIT_FINDINGS,
    EXIT_OK,
    FindingsFormat,
    FindingsFormatOption,
    StrictOption,
    default_format,
    fail,
)

if TYPE_CHECKING:
    from ropa.check import Report
    from ropa.scan.crawl import Consent
    from ropa.scan.result import Scan

DEFAULT_PAGES = 5
#: The most links ``--pages`` may ask to follow.
MAX_PAGES = 50


def scan_command(  # noqa: PLR0917  # a Typer command takes its options as parameters
    url: Annotated[
        str | None,
        typer.Argument(
            metavar="URL",
            help="The site to scan: its address, http:// or https://.",
            show_default=False,
        ),
    ] = None,
    pages: Annotated[
        int | None,
        typer.Option(
            "--pages",
            metavar="N",
            min=0,
            max=MAX_PAGES,
            help=f"Links of the site's own origin to follow beyond the URL (default {DEFAULT_PAGES}).",
            show_default=False,
        ),
    ] = None,
    accept_selector: Annotated[
        str | None,
        typer.Option(
            "--accept-selector",
            metavar="CSS",
            help="Scan again after consent: click the element this CSS selector names on the "
            "first page (the banner's accept button).",
            show_default=False,
        ),
    ] = None,
    consent_cookie: Annotated[
        str | None,
        typer.Option(
            "--consent-cookie",
            metavar="NAME=VALUE",
            help="Scan again after consent: set this cookie of the site before the first page "
            "(the cookie the banner sets on acceptance).",
            show_default=False,
        ),
    ] = None,
    register: Annotated[
        Path | None,
        typer.Option(
            "--register",
            metavar="PATH",
            help="The register to compare with (default: data, or the configuration's folder, "
            "or the current folder inside a register).",
            show_default=False,
        ),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="SCAN.json",
            help="Compare a scan stored with --out instead of visiting the site (no browser).",
            show_default=False,
        ),
    ] = None,
    output_format: FindingsFormatOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="SCAN.json",
            help="Also write the scan (every cookie, storage key and third-party request) to "
            "this file, for --from.",
            show_default=False,
        ),
    ] = None,
    write_declarations: Annotated[
        Path | None,
        typer.Option(
            "--write-declarations",
            metavar="FILE",
            help="Draft cookies: entries (YAML, with TODOs) for what the scan found and no "
            "declaration names; never overwrites FILE.",
            show_default=False,
        ),
    ] = None,
    strict: StrictOption = False,
    chromium: Annotated[
        str | None,
        typer.Option(
            "--chromium",
            metavar="PATH",
            help="The Chromium (or Chrome) to run (default: chromium on the PATH).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print the findings only, no notes.")
    ] = False,
) -> None:
    """Visit a site in headless Chromium, before consent and after it, and compare the cookies
    and storage it sets with the register's cookies: declarations."""
    stored = from_file is not None
    if stored:
        given = [
            name
            for name, value in (
                ("URL", url),
                ("--pages", pages),
                ("--accept-selector", accept_selector),
                ("--consent-cookie", consent_cookie),
                ("--out", out),
                ("--chromium", chromium),
            )
            if value is not None
        ]
        if given:
            raise fail(f"--from compares a stored scan: it takes no {', '.join(given)}")
    elif url is None:
        raise fail("give the URL of the site to scan (or --from SCAN.json, a stored scan)")
    else:
        _check_url(url)
    recording = out is not None or write_declarations is not None
    report = _register(register, required=not recording)
    _check_outputs(out, write_declarations)
    if from_file is not None:
        scan = _stored(from_file)
    else:
        assert url is not None
        scan = _visited(
            url, pages, _consent(accept_selector, consent_cookie), chromium, quiet=quiet
        )
    if not quiet:
        for phase in scan.phases:
            for note in phase.notes:
                typer.echo(f"ropa: note: {phase.label}: {neutral(note)}", err=True)
    if out is not None:
        _write_scan(out, scan)
    if write_declarations is not None:
        _write_declarations(write_declarations, scan, report)
    if report is None:
        _recorded(scan)
        raise typer.Exit(EXIT_OK)
    _compared(scan, report, output_format, strict=strict, quiet=quiet)


def _register(path: Path | None, *, required: bool) -> Report | None:
    """The register to compare with, validated (its errors are the validator's to report:
    the scan compares what could be read); ``None`` when none is found and none is needed."""
    from ropa.check import validate  # noqa: PLC0415
    from ropa.config import ConfigError, find_config  # noqa: PLC0415
    from ropa.discover import default_register, register_root  # noqa: PLC0415

    try:
        config = find_config()
    except ConfigError as exc:
        raise fail(str(exc)) from None
    root = default_register(config.data) if path is None else register_root(path, config.data)
    if not root.exists():
        if path is not None:
            raise fail(f"no such file or folder: {shown(str(path))}")
        if not required:
            return None
        raise fail(
            f"no register to compare with at {shown(str(root))}: give --register PATH (or only "
            "record the scan, with --out or --write-declarations)"
        )
    report = validate(root, date.today())
    if report.errors:
        typer.echo(
            f"ropa: note: the register {shown(root.as_posix())} has {report.errors} "
            f"error{'' if report.errors == 1 else 's'} (ropa validate {shown(root.as_posix())}); "
            "compared with the declarations that could be read",
            err=True,
        )
    return report


def _check_outputs(out: Path | None, declarations: Path | None) -> None:
    """Fail before a minute of scanning, not after: the files' folders exist, the draft does not."""
    for path in (out, declarations):
        if path is not None and not path.parent.is_dir():
            raise fail(f"no such folder for {shown(str(path))}")
    if declarations is not None and os.path.lexists(declarations):
        raise fail(
            f"not overwriting {shown(str(declarations))}: --write-declarations writes a new file"
        )


def _check_url(url: str) -> None:
    from ropa.scan.crawl import ScanError, check_url  # noqa: PLC0415

    try:
        check_url(url)
    except ScanError as exc:
        raise fail(str(exc)) from None


def _consent(selector: str | None, cookie: str | None) -> Consent | None:
    from ropa.scan.crawl import Consent  # noqa: PLC0415

    if selector is not None and cookie is not None:
        raise fail("give --accept-selector or --consent-cookie, not both: one way to consent")
    if selector is not None:
        if not selector.strip():
            raise fail("--accept-selector takes a CSS selector, such as '#accept'")
        return Consent(selector=selector)
    if cookie is None:
        return None
    name, equals, value = cookie.partition("=")
    unsafe = any(ord(c) < 0x20 or c in ";\x7f" for c in cookie)
    if not equals or not name.strip() or unsafe or any(c in name for c in " \t,="):
        raise fail(f"--consent-cookie takes NAME=VALUE, such as consent=yes; not {shown(cookie)!r}")
    return Consent(cookie=(name, value))


def _visited(
    url: str, pages: int | None, consent: Consent | None, chromium: str | None, *, quiet: bool
) -> Scan:
    from ropa.browser import BrowserError, ChromiumMissingError, find_chromium  # noqa: PLC0415
    from ropa.scan.crawl import Limits, ScanError, scan  # noqa: PLC0415

    try:
        executable = find_chromium(chromium)
        return scan(
            url,
            executable=executable,
            consent=consent,
            limits=Limits(pages=DEFAULT_PAGES if pages is None else pages),
            note=(lambda text: None)
            if quiet
            else lambda text: typer.echo(f"ropa: note: {neutral(text)}", err=True),
        )
    except ChromiumMissingError as exc:
        raise fail(f"ropa scan needs Chromium: {exc}") from None
    except (ScanError, BrowserError) as exc:
        raise fail(f"scan of {shown(url)}: {exc}") from None
    except OSError as exc:  # the temporary profile
        raise fail(f"scan of {shown(url)}: {exc.strerror or exc}") from None


def _stored(path: Path) -> Scan:
    from ropa.scan.result import ScanFileError, read_scan  # noqa: PLC0415

    try:
        return read_scan(path)
    except ScanFileError as exc:
        raise fail(str(exc)) from None


def _write_scan(path: Path, scan: Scan) -> None:
    from ropa.scan.result import write_scan  # noqa: PLC0415

    try:
        write_scan(path, scan)
    except OSError as exc:
        raise fail(f"cannot write {shown(str(path))}: {exc.strerror or exc}") from None


def _write_declarations(path: Path, scan: Scan, report: Report | None) -> None:
    from ropa.scan.declare import DeclarationsExistError, draft_text, write_new  # noqa: PLC0415

    try:
        write_new(path, draft_text(scan, None if report is None else report.register))
    except DeclarationsExistError:
        raise fail(
            f"not overwriting {shown(str(path))}: --write-declarations writes a new file"
        ) from None
    except OSError as exc:
        raise fail(f"cannot write {shown(str(path))}: {exc.strerror or exc}") from None


def _recorded(scan: Scan) -> None:
    """Without a register: what was recorded, in one line."""
    from ropa.scan.report import scanned  # noqa: PLC0415

    cookies = {(c.name, c.host) for p in scan.phases for c in p.cookies}
    keys = {(s.kind, s.origin, s.key) for p in scan.phases for s in p.storage}
    hosts = {r.host for p in scan.phases for r in p.requests}
    typer.echo(
        f"{scanned(scan)}: {len(cookies)} cookies, {len(keys)} storage keys, "
        f"{len(hosts)} third-party hosts; no register compared."
    )


def _compared(
    scan: Scan, report: Report, output_format: FindingsFormat | None, *, strict: bool, quiet: bool
) -> None:
    from ropa.scan.compare import compare  # noqa: PLC0415
    from ropa.scan.report import REPORTERS, ScanReport, text  # noqa: PLC0415

    result = ScanReport(scan, compare(scan, report.register, report.source.locator))
    if output_format is None:
        output_format = default_format()
    if output_format is FindingsFormat.TEXT and quiet:
        sys.stdout.write("".join(f"{f.format()}\n" for f in result.findings))
    else:
        sys.stdout.write(
            (text if output_format is FindingsFormat.TEXT else REPORTERS[output_format])(result)
        )
    raise typer.Exit(EXIT_FINDINGS if result.failed(strict=strict) else EXIT_OK)
