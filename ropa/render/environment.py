"""The one Jinja2 environment factory: loader chain, autoescape, StrictUndefined, i18n, filters.

A user's templates folder may come from the same pull request as the declarations, so it is a
closed world and a sandbox: its templates are read only as regular files inside it, without
following links (:class:`FolderLoader`), and they render in Jinja's sandbox (:class:`Sandbox`)
together with the built-in templates they extend. Without a user folder, only our own
templates run, unsandboxed.
"""

from __future__ import annotations

import os
import types
from collections.abc import Callable, Iterator
from importlib import resources
from io import IOBase
from pathlib import Path, PurePath, PurePosixPath
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
    TemplateRuntimeError,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.exceptions import SecurityError
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup
from pydantic import BaseModel

from ropa import fs
from ropa.display import neutral
from ropa.model.register import Register
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
        parts = split_template_path(template)  # refuses ".."
        if not parts:
            raise TemplateNotFound(template)
        relative = PurePosixPath(*parts)
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


#: Values no template may reach: classes and modules lead to Python's internals, paths and
#: files to the file system.
_UNREACHABLE = (type, types.ModuleType, PurePath, IOBase, os.DirEntry)
#: pydantic's own API on every model (``parse_file`` reads a file; ``model_fields`` leads to
#: classes); the models' fields are not in it.
_MODEL_API = frozenset(name for name in dir(BaseModel) if not name.startswith("_"))
#: How many decisions :class:`Sandbox` remembers.
_SAFE_NAMES = 10_000
#: Classes a template may call: Jinja's own globals.
_CALLABLE_CLASSES = frozenset({dict, Cycler, Joiner, Namespace})


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, closed further around what ropa puts in a template's context.

    Jinja's sandbox refuses private attributes and changing lists or dicts; this one also
    refuses pydantic's model API, ``Register.section`` (it looks any attribute up by name,
    ``__class__`` included, which leads out of the sandbox), any class, module, path or file
    reached, and calling a class, a private or special method or a module's built-in function
    (``open``).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: (type of the object, name) → whether a template may read it, whatever its value:
        #: every check but the value's depends on these only, and made anew on each access
        #: they were most of the sandbox's cost.
        self.safe_names: dict[tuple[type, str], bool] = {}

    def getattr(self, obj: Any, attribute: str) -> Any:
        if _model_api(obj, attribute):  # refused before it is read: some of it warns
            return self.unsafe_undefined(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if _model_api(obj, argument):
            return self.unsafe_undefined(obj, argument)
        return super().getitem(obj, argument)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        safe = self.safe_names.get(key)
        if safe is None:
            safe = (
                super().is_safe_attribute(obj, attr, value)
                and not isinstance(obj, types.ModuleType)
                and not _model_api(obj, attr)
                and not (attr == "section" and isinstance(obj, Register))
            )
            if len(self.safe_names) < _SAFE_NAMES:  # a template may make up names
                self.safe_names[key] = safe
        return safe and not isinstance(value, _UNREACHABLE)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if not self.is_safe_callable(obj):  # Jinja's message would hold the object's repr
            name = getattr(obj, "__qualname__", None) or type(obj).__name__
            raise SecurityError(f"calling {name} is not allowed")
        return super().call(context, obj, *args, **kwargs)

    def is_safe_callable(self, obj: Any) -> bool:
        if not super().is_safe_callable(obj):
            return False
        if isinstance(obj, type):
            return obj in _CALLABLE_CLASSES
        if isinstance(obj, types.BuiltinFunctionType) and isinstance(
            obj.__self__, types.ModuleType
        ):
            return False
        return not str(getattr(obj, "__name__", "")).startswith("_")


def _model_api(obj: Any, name: object) -> bool:
    """Whether ``obj.name`` is pydantic's API rather than a field (the name is checked first: it
    is the cheaper test)."""
    return name in _MODEL_API and isinstance(obj, BaseModel)


def describe_error(template: str, exc: Exception) -> str:
    """One line saying what went wrong rendering ``template``, and where when a template says;
    what a template or its file names hold is made safe to print (:func:`ropa.display.neutral`).

    A runtime error's place is the innermost template frame of its traceback (Jinja rewrites
    tracebacks so that those frames carry the template's file and line): the sandbox's
    :class:`~jinja2.sandbox.SecurityError` has no line of its own.
    """
    if isinstance(exc, TemplateSyntaxError):
        where = f"{exc.filename}:{exc.lineno}: "
    elif isinstance(exc, TemplateRuntimeError | TemplateNotFound):
        where = _template_line(exc)  # for a missing template: the line that asked for it
    else:
        where = ""
    if type(exc) is TemplateNotFound:  # its message is the name alone
        message = f"no template named {exc.name!r}"
    elif isinstance(exc, TemplateError):
        message = exc.message or str(exc)
    else:
        message = f"{type(exc).__name__}: {exc}"
    return neutral(f"template {template}: {where}{_one_line(message)}")


def _template_line(exc: BaseException) -> str:
    """``file:line: `` of the innermost template frame in ``exc``'s traceback, or ``""``."""
    where = ""
    tb = exc.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:  # a frame Jinja made for a template
            where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return where


def _one_line(message: str, limit: int = 300) -> str:
    """``message`` on one line, cut at ``limit`` characters (a repr may hold a whole register)."""
    line = " ".join(message.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


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
    """A Jinja2 environment for one language; ``markdown=True`` for ``.md.j2`` templates.

    With a ``user`` folder of templates, every template renders in :class:`Sandbox`.
    """
    kind = Sandbox if user else Environment
    env = kind(
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
