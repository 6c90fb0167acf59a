"""Spreadsheets built by the tests: xlsx with XlsxWriter, ods written by hand (the smallest
document LibreOffice and calamine read: a mimetype and a content.xml)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>
</office:document-content>"""


_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
<manifest:file-entry manifest:full-path="/"
 manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def _cell(value: str | None) -> str:
    if value is None:
        return "<table:table-cell/>"
    if value.startswith("="):  # "=formula|cached"
        formula, cached = value[1:].split("|", 1)
        return (
            f'<table:table-cell table:formula="of:={escape(formula)}" office:value-type="string"'
            f' office:string-value="{escape(cached)}"><text:p>{escape(cached)}</text:p>'
            "</table:table-cell>"
        )
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def ods(path: Path, sheets: dict[str, list[list[str | None]]]) -> Path:
    """An ods file with these sheets; a cell ``"=1+2|3"`` holds a formula and its cached value."""
    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(
            "<table:table-row>" + "".join(_cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", _CONTENT.format(tables=tables))
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
    return path
