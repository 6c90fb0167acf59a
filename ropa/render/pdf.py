"""PDF through WeasyPrint: A4, running header, page X of Y, outline, metadata; nothing fetched.

WeasyPrint is imported only when a PDF is asked for. Its URL fetcher here refuses everything
but the template folders' own files and small ``data:`` URIs, so no declaration can make a PDF
embed a local file or reach the network. Fonts are subset with fontTools, which stamps the
time unless ``SOURCE_DATE_EPOCH`` is set: it is set from the policy's effective date.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

MAX_DATA_URI = 256 * 1024


class RenderError(Exception):
    """A document could not be rendered; the message says what to do."""


class FetchRefused(Exception):  # noqa: N818  # WeasyPrint reports it as a refused resource
    """A resource outside the template folders, or a large data: URI."""


def fetcher(allowed: list[Path]) -> Any:
    """A WeasyPrint URL fetcher limited to ``allowed`` folders and small ``data:`` URIs."""
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    roots = [folder.resolve() for folder in allowed]

    class TemplateFolderFetcher(URLFetcher):  # type: ignore[misc]
        """Fetches only the template folders' files and small data: URIs; refuses the rest."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                if len(url) > MAX_DATA_URI:
                    raise FetchRefused("data: URI too large")
                return super().fetch(url, headers)
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if path.is_file() and any(path.is_relative_to(root) for root in roots):
                    return super().fetch(url, headers)
            raise FetchRefused(f"refused to fetch {url}")

    return TemplateFolderFetcher(
        allowed_protocols=("file", "data"), allow_redirects=False, timeout=1
    )


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
    with _source_date(day), warnings.catch_warnings():
        # WeasyPrint announces (on import) that it will need libharfbuzz-subset one day; until
        # then it subsets fonts with fontTools, which works and is deterministic (see above).
        warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
        try:
            from weasyprint import HTML  # noqa: PLC0415  # slow import, only for PDFs
        except OSError as exc:  # Pango or its friends are missing
            raise RenderError(
                "WeasyPrint cannot find Pango; install it (Debian/Ubuntu: apt-get install "
                f"libpango-1.0-0 libpangoft2-1.0-0) to build PDFs ({exc})"
            ) from None
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        document = HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher(allowed))
        pdf: bytes = document.write_pdf(pdf_identifier=b"ropa", uncompressed_pdf=False)
    return pdf
