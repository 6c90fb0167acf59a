"""The one Jinja2 environment factory: loader chain, autoescape, StrictUndefined, i18n, filters."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup

from ropa.model.types import Markdown, Text
from ropa.render import markup
from ropa.render.i18n import Lang, translations


def builtin_templates() -> Path:
    """The built-in templates: ``ropa/templates`` in a wheel, ``templates/`` in a checkout."""
    packaged = Path(str(resources.files("ropa"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


def _loader(user: Path | None) -> ChoiceLoader:
    """The user's folder first, then the built-in templates; ``builtin/`` always names the latter,
    so an override can ``{% extends "builtin/policy.html.j2" %}``."""
    builtin = FileSystemLoader(builtin_templates())
    loaders: list[Any] = [FileSystemLoader(user)] if user else []
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
