"""PDF through WeasyPrint: A4, running header, page X of Y, outline, metadata, tags (PDF/UA-1);
nothing fetched.

WeasyPrint is imported only when a PDF is asked for. Its URL fetcher here refuses everything
but the template folders' own files and small ``data:`` URIs, so no declaration can make a PDF
embed a local file or reach the network. Every PDF is set in the fonts shipped with the templates
(``fonts/``, declared by ``fonts/fonts.css``), never in the machine's: the same declarations
give the same bytes on any machine. Fonts are subset with fontTools, which stamps the
time unless ``SOURCE_DATE_EPOCH`` is set: it is set from the policy's effective date. Long runs
of text without a space are given break opportunities first (:func:`breakable`): WeasyPrint
would take minutes over one long word.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import re
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

from ropa import fs
from ropa.render.environment import builtin_templates

MAX_DATA_URI = 256 * 1024
#: The largest file (image, font, stylesheet) a PDF takes from a template folder, in bytes.
MAX_RESOURCE = 20 * 1024 * 1024
#: The stylesheet that declares the PDF's fonts (@font-face), in the built-in templates.
FONTS = PurePosixPath("fonts/fonts.css")
#: Tagged PDF for screen readers (PDF/UA-1, ISO 14289-1, on PDF 1.7): a structure tree of the
#: document's headings, paragraphs, lists and tables (table headers tied to their cells), its
#: language (``<html lang>``), its title shown as the window's title, links described. The
#: variant implies the tags; ``pdf_tags`` says so too, so that they stay without the variant.
PDF_VARIANT = "pdf/ua-1"


class RenderError(Exception):
    """A document could not be rendered; the message says what to do."""


class FetchRefused(Exception):  # noqa: N818  # WeasyPrint reports it as a refused resource
    """A resource outside the template folders, or a large data: URI."""


def fetcher(allowed: list[Path]) -> Any:
    """A WeasyPrint URL fetcher limited to ``allowed`` folders and small ``data:`` URIs.

    It reads a folder's files itself, through :func:`ropa.fs.read_beneath`, and hands WeasyPrint
    their bytes: no link is followed, even one swapped in after the check, and WeasyPrint never
    opens a path of its own (it would reopen an image's path when writing the PDF).
    """
    with _quiet():
        from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415

    roots = [Path(os.path.realpath(folder)) for folder in allowed]

    class Resource(URLFetcherResponse):  # type: ignore[misc]
        """A file's bytes, with no path for WeasyPrint to open again."""

        @property
        def path(self) -> None:
            return None

    class TemplateFolderFetcher(URLFetcher):  # type: ignore[misc]
        """Fetches only the template folders' files and small data: URIs; refuses the rest."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                if len(url) > MAX_DATA_URI:
                    raise FetchRefused("data: URI too large")
                return super().fetch(url, headers)
            parsed = urlparse(url)
            if parsed.scheme == "file" and not parsed.netloc:
                path = Path(url2pathname(parsed.path))
                for root in roots:
                    inner = fs.inside(root, path)
                    if inner is not None:
                        return Resource(url, _read(root, inner), {"Content-Type": _mime(path)})
            raise FetchRefused(f"refused to fetch {url}")

    return TemplateFolderFetcher(
        allowed_protocols=("file", "data"), allow_redirects=False, timeout=1
    )


def _read(root: Path, inner: PurePosixPath) -> bytes:
    try:
        return fs.read_beneath(root, inner, limit=MAX_RESOURCE)
    except OSError as exc:  # refused, too large or unreadable: WeasyPrint leaves it out
        raise FetchRefused(f"refused to fetch {root / inner}: {exc}") from None


def _mime(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


@contextmanager
def _quiet() -> Iterator[None]:
    """WeasyPrint announces (on import) that it will need libharfbuzz-subset one day; until then
    it subsets fonts with fontTools, which works and is deterministic (see above). On a machine
    without fonts it warns of ugly output: not ours, whose fonts come with the templates."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
        warnings.filterwarnings("ignore", "No fonts configured in FontConfig", UserWarning)
        yield


@contextmanager
def _source_date(day: date) -> Iterator[None]:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(
        int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
    )
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def html_to_pdf(html: str, *, base: Path, allowed: list[Path], day: date) -> bytes:
    """Render ``html`` to PDF bytes, deterministically for a given ``day``.

    The built-in templates' fonts are declared to WeasyPrint alone (a stylesheet of the user's
    origin, whose @font-face rules the document's own stylesheets can use or override).
    """
    with _source_date(day), _quiet():
        try:
            from weasyprint import CSS, HTML  # noqa: PLC0415  # slow import, only for PDFs
            from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415
        except OSError as exc:  # Pango or its friends are missing
            raise RenderError(
                "WeasyPrint cannot find Pango; install it (Debian/Ubuntu: apt-get install "
                f"libpango-1.0-0 libpangoft2-1.0-0) to build PDFs ({exc})"
            ) from None
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        builtin = Path(os.path.realpath(builtin_templates()))
        fetch = fetcher([*allowed, builtin])
        fonts = FontConfiguration()
        shipped = CSS(url=(builtin / FONTS).as_uri(), url_fetcher=fetch, font_config=fonts)
        base_url = Path(os.path.realpath(base)).as_uri() + "/"  # a relative folder too
        document = HTML(string=breakable(html), base_url=base_url, url_fetcher=fetch)
        pdf: bytes = document.write_pdf(
            stylesheets=[shipped],
            font_config=fonts,
            pdf_identifier=b"ropa",
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
            uncompressed_pdf=False,
        )
    return pdf


#: The longest run of text without a break opportunity WeasyPrint is given. WeasyPrint lays a
#: text out again for each of its lines, so a text that cannot break takes time that grows with
#: the square of its length (one word of 5,000 characters took 19 s, one of 20,000 over a
#: minute). A ``<wbr>`` ends the text there, where U+200B would not: WeasyPrint lays out the
#: rest of a text whole when it finds no space in it.
MAX_RUN = 100
_BREAK = "<wbr>"
#: Around a run so broken, so that a piece wider than its line breaks too. Only there: on the
#: whole document, ``overflow-wrap`` made WeasyPrint three times slower.
_RUN_START, _RUN_END = '<span style="overflow-wrap: anywhere">', "</span>"
#: What the text of an HTML document lies between, each matched whole so that nothing in it is
#: touched: comments; elements whose content is not text to lay out (a stylesheet, a script,
#: the title, which becomes metadata); tags, their quoted attribute values whatever they hold.
_MARKUP_OR_TEXT = re.compile(
    r"<!--.*?-->"
    r"|<(script|style|title|textarea)\b[^>]*>.*?</\1\s*>"
    r"|<[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>"
    r"|(?P<text>[^<]+)",
    re.DOTALL | re.IGNORECASE,
)
#: A run of text longer than MAX_RUN with no space in it (U+200B does not count: see above).
_LONG_RUN = re.compile(rf"[^ \t\n\r\f]{{{MAX_RUN + 1},}}")
#: One character of text, or one character reference (``&amp;``), which is never split.
_UNIT = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|.", re.DOTALL)
_JOINERS = frozenset("\u200d\ufe0e\ufe0f")  # zero width joiner, variation selectors


def breakable(html: str) -> str:
    """``html`` with a ``<wbr>`` at least every :data:`MAX_RUN` characters of its text, each run
    so broken in a span that lets its pieces break too where they are wider than their line.

    Only text is touched, never a tag, an attribute (a URL), a character reference, a
    stylesheet or the title; a run of text no longer than :data:`MAX_RUN` is left as it is, so
    ordinary documents come out unchanged. For the PDF only: the HTML outputs are published as
    they are.
    """
    return _MARKUP_OR_TEXT.sub(_break_text, html)


def _break_text(match: re.Match[str]) -> str:
    text = match["text"]
    if text is None or len(text) <= MAX_RUN:
        return match[0]
    return _LONG_RUN.sub(_break_run, text)


def _break_run(match: re.Match[str]) -> str:
    pieces: list[str] = []
    length = 0  # units since the last break
    for unit in _UNIT.findall(match[0]):
        if length >= MAX_RUN and (length >= 2 * MAX_RUN or _may_break_before(unit, pieces[-1])):
            pieces.append(_BREAK)
            length = 0
        pieces.append(unit)
        length += 1
    if _BREAK not in pieces:  # short after all: its character references count one each
        return match[0]
    return _RUN_START + "".join(pieces) + _RUN_END


def _may_break_before(unit: str, previous: str) -> bool:
    """Whether a break between ``previous`` and ``unit`` keeps what a reader sees: not before
    a combining mark (an accent written apart) nor inside a joined sequence (an emoji)."""
    return (
        not unicodedata.category(unit[0]).startswith("M")
        and unit not in _JOINERS
        and previous[-1] != "\u200d"
    )
