"""PDF through WeasyPrint: A4, running header, page X of Y, outline, metadata; nothing fetched.

WeasyPrint is imported only when a PDF is asked for. Its URL fetcher here refuses everything
but the template folders' own files and small ``data:`` URIs, so no declaration can make a PDF
embed a local file or reach the network. Fonts are subset with fontTools, which stamps the
time unless ``SOURCE_DATE_EPOCH`` is set: it is set from the policy's effective date.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

from ropa import fs

MAX_DATA_URI = 256 * 1024
#: The largest file (image, font, stylesheet) a PDF takes from a template folder, in bytes.
MAX_RESOURCE = 20 * 1024 * 1024


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
    it subsets fonts with fontTools, which works and is deterministic (see above)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
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
    """Render ``html`` to PDF bytes, deterministically for a given ``day``."""
    with _source_date(day), _quiet():
        try:
            from weasyprint import HTML  # noqa: PLC0415  # slow import, only for PDFs
        except OSError as exc:  # Pango or its friends are missing
            raise RenderError(
                "WeasyPrint cannot find Pango; install it (Debian/Ubuntu: apt-get install "
                f"libpango-1.0-0 libpangoft2-1.0-0) to build PDFs ({exc})"
            ) from None
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        base_url = Path(os.path.realpath(base)).as_uri() + "/"  # a relative folder too
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher(allowed))
        pdf: bytes = document.write_pdf(pdf_identifier=b"ropa", uncompressed_pdf=False)
    return pdf
