"""The HTML of ``ropa serve`` around the documents: the findings panel and the reload script
injected into each previewed page, and the index, compare and "no page yet" pages.

Its templates are ``templates/serve/`` (shipped in the wheel with the others), rendered by an
environment of their own with autoescape on: finding messages quote the register, which comes
from pull requests. What is injected goes into the page served, never into a built file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ropa.findings import Finding, Severity
from ropa.render.environment import builtin_templates

#: The panel lists this many findings at most, then says how many more there are (every
#: page carries it: a register of thousands of findings must not make each one megabytes).
MAX_ITEMS = 200
#: What ``--editor-url`` fills in: the absolute path (URL-encoded), the line and the column.
EDITOR_FIELDS = ("{path}", "{line}", "{column}")
#: Schemes an editor link may not use: they would run code in the page.
_SCRIPT_SCHEMES = frozenset({"javascript", "data", "vbscript", "blob"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
#: The opening tag of the body, where the panel goes; its closing tag, before which the script goes.
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)


@cache
def environment() -> Environment:
    """The environment of the serve UI's templates (not the documents': those are the user's
    to override, these are not)."""
    return Environment(
        loader=FileSystemLoader(builtin_templates() / "serve"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _render(template: str, **context: object) -> Markup:
    return Markup(environment().get_template(template).render(**context))  # noqa: S704  # autoescaped


def editor_url_problem(template: str) -> str | None:
    """Why ``template`` cannot be an ``--editor-url``, or None when it can."""
    scheme = _SCHEME.match(template)
    if scheme is None:
        return "--editor-url is a URL with a scheme, such as vscode://file/{path}:{line}:{column}"
    if scheme.group(1).lower() in _SCRIPT_SCHEMES:
        return f"--editor-url may not use the {scheme.group(1)}: scheme"
    if "{path}" not in template:
        return "--editor-url must say where the file goes: {path} (and {line}, {column})"
    return None


def absolute(file: str) -> Path:
    """``file`` as an absolute path, ``..`` removed as written (links are not followed)."""
    return Path(os.path.normpath(Path(file).absolute()))


def editor_link(file: str, line: int, column: int, template: str | None) -> str:
    """Where a finding's position links: ``template`` filled in, else the file's ``file://``
    URL with ``#L<line>`` (which the page's script turns into a copy, browsers refusing to
    open ``file:`` links from a web page)."""
    path = absolute(file)
    if template is None:
        return f"{path.as_uri()}#L{line}"
    return (
        template.replace("{path}", quote(str(path), safe="/"))
        .replace("{line}", str(line))
        .replace("{column}", str(column))
    )


@dataclass(frozen=True)
class Item:
    """One finding as the panel shows it."""

    severity: str
    rule: str
    where: str  # file:line:col as the validator prints it
    href: str
    copy: str  # the absolute position, to paste in an editor's "go to file"
    hint: str
    message: str
    article: str


def items(findings: Sequence[Finding], editor: str | None) -> list[Item]:
    """The panel's lines, in the validator's order."""
    hint = "Open in your editor" if editor else "Copy the position (path:line:column)"
    result = []
    for finding in findings:
        p = finding.position
        result.append(
            Item(
                severity=str(finding.severity),
                rule=finding.rule,
                where=str(p),
                href=editor_link(p.file, p.line, p.column, editor),
                copy=f"{absolute(p.file)}:{p.line}:{p.column}",
                hint=hint,
                message=finding.message,
                article=finding.article,
            )
        )
    return result


@dataclass(frozen=True)
class Status:
    """What the panel reports: the register's findings, the problems that are not findings (a
    configuration that cannot be read, a template that fails), and whether the page shown is
    older than the declarations."""

    findings: tuple[Finding, ...] = ()
    problems: tuple[str, ...] = ()
    stale: bool = False
    built_at: datetime | None = None
    checked_at: datetime | None = None

    @property
    def errors(self) -> int:
        return len(self.problems) + sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _clock(moment: datetime | None) -> str:
    return moment.strftime("%H:%M:%S") if moment else ""


def panel(status: Status, editor: str | None, *, style: bool = True) -> Markup:
    """The findings panel (with its stylesheet unless the page has it), or nothing when there
    is nothing to say."""
    if not status.findings and not status.problems and not status.stale:
        return Markup()
    parts = [_plural(status.errors, "error")] if status.errors else []
    if status.warnings:
        parts.append(_plural(status.warnings, "warning"))
    notes = len(status.findings) + len(status.problems) - status.errors - status.warnings
    if notes:
        parts.append(_plural(notes, "note"))
    link_hint = (
        "A position opens the file in your editor."
        if editor
        else "Click a position to copy it, then paste it in your editor's “go to file” "
        "(ropa serve --editor-url makes it open your editor)."
    )
    html = _render(
        "panel.html.j2",
        items=items(status.findings[:MAX_ITEMS], editor),
        more=max(0, len(status.findings) - MAX_ITEMS),
        problems=status.problems,
        errors=status.errors,
        stale=status.stale,
        built_at=_clock(status.built_at),
        checked_at=_clock(status.checked_at),
        headline=", ".join(parts) or "no findings",
        link_hint=link_hint,
    )
    if style:
        css = environment().get_template("serve.css").render()
        return Markup("<style>\n{}</style>\n{}").format(Markup(css), html)  # noqa: S704  # ours
    return html


def script(nonce: str, version: str, events: str, *, compare: bool = False) -> Markup:
    """The reload script: ``events`` is the URL of the server's events, with the pages this one
    shows; it reloads the page when the server's version is no longer ``version``."""
    return _render("script.html.j2", nonce=nonce, version=version, events=events, compare=compare)


def inject(document: str, panel_html: Markup, script_html: Markup) -> str:
    """``document`` with the panel at the top of its body and the script at its end."""
    opening = _BODY.search(document)
    at = opening.end() if opening else 0
    document = f"{document[:at]}\n{panel_html}{document[at:]}"
    closings = list(_BODY_END.finditer(document))
    end = closings[-1].start() if closings else len(document)
    return f"{document[:end]}{script_html}\n{document[end:]}"


@dataclass(frozen=True)
class Language:
    code: str
    name: str


def language_name(code: str) -> str:
    """The language's name in itself (``français``), or its code where Babel does not know it."""
    from babel import Locale, UnknownLocaleError  # noqa: PLC0415

    try:
        return Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code


def index(
    name: str, root: str, languages: Sequence[str], panel_html: Markup, script_html: Markup
) -> str:
    """The start page: each language's policy and register, and the comparison."""
    return str(
        _render(
            "index.html.j2",
            name=name,
            root=root,
            languages=[Language(code, language_name(code)) for code in languages],
            panel=panel_html,
            script=script_html,
        )
    )


@dataclass(frozen=True)
class Choice:
    href: str
    text: str
    current: bool


@dataclass(frozen=True)
class Column:
    title: str
    src: str | None  # None: no page yet


DOCUMENT_TITLES = {"policy": "Privacy policy", "register": "Record of processing activities"}


def compare(  # noqa: PLR0917  # the page's parts, each computed by the server
    document: str,
    left: str,
    right: str,
    languages: Sequence[str],
    ready: bool,
    panel_html: Markup,
    script_html: Markup,
) -> str:
    """Two languages of ``document`` side by side, each in a frame of its own."""
    from urllib.parse import urlencode  # noqa: PLC0415

    def href(doc: str, pair: tuple[str, str]) -> str:
        return "/compare?" + urlencode({"doc": doc, "left": pair[0], "right": pair[1]})

    documents = [
        Choice(href(doc, (left, right)), title, doc == document)
        for doc, title in DOCUMENT_TITLES.items()
    ]
    pairs = [(a, b) for a in languages for b in languages if a < b]
    swaps = (
        [Choice(href(document, pair), " | ".join(pair), pair == (left, right)) for pair in pairs]
        if len(pairs) > 1
        else []
    )
    columns = [
        Column(
            f"{DOCUMENT_TITLES[document]} — {language_name(code)} ({code})",
            f"/{code}/{document}.html?embedded=1" if ready else None,
        )
        for code in (left, right)
    ]
    return str(
        _render(
            "compare.html.j2",
            label=DOCUMENT_TITLES[document],
            left=left,
            right=right,
            documents=documents,
            swaps=swaps,
            columns=columns,
            panel=panel_html,
            script=script_html,
        )
    )


def waiting(reason: str, what: str, panel_html: Markup, script_html: Markup) -> str:
    """The page served where a document has never been built: what stops it, and the panel."""
    return str(
        _render("waiting.html.j2", reason=reason, what=what, panel=panel_html, script=script_html)
    )
