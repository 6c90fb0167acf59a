"""The one Jinja2 environment factory: loader chain, autoescape, StrictUndefined, i18n, filters.

A user's templates folder may come from the same pull request as the declarations, so it is a
closed world: its templates are read only as regular files inside it, without following links
(:class:`FolderLoader`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    select_autoescape,
)
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.loaders import split_template_path
from markupsafe import Markup

from ropa import fs
from ropa.model.types import Markdown, Text
from ropa.render import markup
from ropa.render.i18n import Lang, translations

#: The largest template read from a user's folder, in bytes.
MAX_TEMPLATE = 5 * 1024 * 1024


def builtin_templates() -> Path:
    """The built-in templates: ``ropa/templates`` in a wheel, ``templates/`` in a checkout."""
    packaged = Path(str(resources.files("ropa"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


class RefusedTemplateError(TemplateError):
    """A template in the user's folder that is not read: a link leading out, a special file..."""


class FolderLoader(BaseLoader):
    """The user's templates folder, read as a closed world.

    A template is read only if it is a regular file inside the folder, through
    :func:`ropa.fs.read_beneath`: no link is followed, even one swapped in after the check, and
    nothing over :data:`MAX_TEMPLATE` is read. A link to a file inside the folder reads that
    file; anything else that is not a readable file raises :class:`RefusedTemplateError`, never
    falling back to the built-in template of the same name.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.realpath(root))  # absolute: the build may change folder

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        relative = PurePosixPath(*split_template_path(template))  # refuses ".."
        path = self.root / relative
        inner = fs.inside(self.root, path)
        if inner is None:
            raise RefusedTemplateError(
                f"{path}: it is a link to a place outside the templates folder; copy the file "
                "here instead"
            )
        real = self.root / inner
        try:
            mtime = real.lstat().st_mtime_ns
            data = fs.read_beneath(self.root, inner, limit=MAX_TEMPLATE)
        except (FileNotFoundError, NotADirectoryError):
            raise TemplateNotFound(template) from None
        except fs.TooLargeError as exc:
            raise RefusedTemplateError(
                f"{path}: too large ({exc}; at most {MAX_TEMPLATE:,} bytes)"
            ) from None
        except fs.RefusedError as exc:
            raise RefusedTemplateError(f"{path}: {exc}") from None
        except OSError as exc:
            raise RefusedTemplateError(f"{path}: cannot be read ({exc.strerror or exc})") from None
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RefusedTemplateError(f"{path}: not UTF-8 (byte {exc.start})") from None

        def uptodate() -> bool:
            try:
                unchanged = real.lstat().st_mtime_ns == mtime
            except OSError:
                return False
            return unchanged and fs.inside(self.root, path) == inner

        return source, str(path), uptodate


def _loader(user: Path | None) -> ChoiceLoader:
    """The user's folder first, then the built-in templates; ``builtin/`` always names the latter,
    so an override can ``{% extends "builtin/policy.html.j2" %}``."""
    builtin = FileSystemLoader(builtin_templates())  # ours: trusted
    loaders: list[Any] = [FolderLoader(user)] if user else []
    loaders += [PrefixLoader({"builtin": builtin}), builtin]
    return ChoiceLoader(loaders)


def _markdown_finalize(value: Any) -> Any:
    """In Markdown templates, plain values print as literal text; Markup passes as is."""
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, str):
        return markup.escape_markdown(value)
    return value


class LiteralGettext(Extension):
    """Translates ``_("a literal")`` when a template compiles, not each time it runs.

    An environment serves one language, so a sentence without placeholders is a constant: the
    thousands of labels of a large register then cost nothing (they took a sixth of its HTML
    time). ``_`` with placeholders, and ``gettext``/``ngettext``, still run as functions.
    """

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        tokens = list(stream)
        translate: Callable[[str], str] = self.environment.ropa_gettext  # type: ignore[attr-defined]
        trusted = not self.environment.ropa_markdown  # type: ignore[attr-defined]
        index = 0
        while index < len(tokens):
            token = tokens[index]
            window = tokens[index : index + 4]
            if (
                [t.type for t in window] == ["name", "lparen", "string", "rparen"]
                and token.value == "_"
                and (index == 0 or tokens[index - 1].type != "dot")
            ):
                line = token.lineno
                yield Token(line, "lparen", "(")
                yield Token(line, "string", translate(window[2].value))
                if trusted:  # as the runtime ``_`` does: our catalog is not escaped
                    yield Token(line, "pipe", "|")
                    yield Token(line, "name", "safe")
                yield Token(line, "rparen", ")")
                index += 4
                continue
            yield token
            index += 1


def make_environment(
    lang: Lang, user: Path | None = None, *, markdown: bool = False
) -> Environment:
    """A Jinja2 environment for one language; ``markdown=True`` for ``.md.j2`` templates."""
    env = Environment(
        loader=_loader(user),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2", "htm.j2", "xml.j2"),
            default_for_string=True,
            default=not markdown,
        ),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n", LiteralGettext],
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_markdown_finalize if markdown else None,
    )
    env.extend(ropa_gettext=lang.gettext, ropa_markdown=markdown)
    env.install_gettext_translations(translations(lang.code), newstyle=True)  # type: ignore[attr-defined]
    # The same gettext/ngettext as jinja2.ext.i18n's "newstyle" ones (keyword placeholders,
    # the result escaped as a whole by autoescape), called directly: the extension's wrappers
    # took a third of the time of a large register's HTML.
    if markdown:
        gettext, ngettext = lang.format_message, lang.format_plural
    else:  # the catalog is trusted; the values filled in are escaped (Markup's % does it)

        def gettext(message: str, **variables: object) -> Markup:
            trusted = Markup(lang.gettext(message))  # noqa: S704  # our own catalog
            return trusted % variables if variables else trusted

        def ngettext(singular: str, plural: str, num: int, **variables: object) -> Markup:
            trusted = Markup(lang.ngettext(singular, plural, num))  # noqa: S704  # our own catalog
            return trusted % {"num": num, **variables}

    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
    env.filters.update(
        t=lambda value: _text(lang, value, markdown=markdown),
        date=lang.date,
        duration=lang.duration,
        country=lang.country,
        language=lang.language,
        list_and=lang.join,
        ucfirst=lambda text: text[:1].upper() + text[1:] if text else text,
    )
    env.globals["colon"] = lang.colon
    return env


def _text(lang: Lang, value: Text | str | None, *, markdown: bool) -> Any:
    """A Text in the language; Markdown texts become sanitized HTML (or safe Markdown)."""
    text = lang.text(value)
    if isinstance(value, Markdown):
        return Markup(markup.to_markdown(text)) if markdown else markup.to_html(text)  # noqa: S704
    return text
