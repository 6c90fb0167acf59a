"""Workbooks in the authorities' layouts, written from tables of text: XLSX (XlsxWriter) and
ODS (odfpy's document model, zipped here with fixed dates so that the bytes are the same on
every machine).

A layout (:mod:`ropa.render.ico`, :mod:`ropa.render.cnil`) says what goes in which cell as a
list of :class:`Table`; this module only writes them. Every cell is a string cell: nothing a
declaration holds (``=HYPERLINK(...)``, ``+1``, ``@SUM``) can become a formula.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Table:
    """One sheet: its name (at most 31 characters, unique in the workbook) and its cells as
    text, ``rows[i][j]`` at row ``i + 1`` and column ``j`` (``""`` is an empty cell)."""

    name: str
    rows: list[list[str]]
    #: Column widths, in characters (the others get a default).
    widths: list[float] = field(default_factory=list)
    #: Rows (0-based) set as headings: bold, shaded, bordered.
    header_rows: frozenset[int] = frozenset()
    #: Rows (0-based) set as a title: bold and larger.
    title_rows: frozenset[int] = frozenset()
    #: The rows (0-based, first and last) printed again atop every page, if any.
    repeat: tuple[int, int] | None = None
    #: Where panes freeze, as (rows above, columns left), if they do.
    freeze: tuple[int, int] | None = None


#: The fill and border of heading cells, the same in both formats.
_SHADE = "#F4F6F9"
_BORDER = "#8A94A6"
_DEFAULT_WIDTH = 14.0
#: ZIP entries' dates: the policy's effective date would do, but a fixed one keeps the
#: workbooks of every version alike where they are alike (the document's date is in its meta).
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


#: Points a line of wrapped 11 pt text takes, and the most a row grows to (Excel's limit is 409).
_LINE_POINTS = 15.0
_MAX_ROW_POINTS = 400.0


def _width(table: Table, column: int) -> float:
    return table.widths[column] if column < len(table.widths) else _DEFAULT_WIDTH


def row_heights(table: Table) -> list[float | None]:
    """Each row's height in points, from its longest cell's lines wrapped at its column's
    width; None for a row of one line. Spreadsheet programs grow rows to their text when they
    edit a cell, not when they open a file (LibreOffice prints rows as the file sets them)."""
    heights: list[float | None] = []
    for row in table.rows:
        lines = 1
        for column, value in enumerate(row):
            width = max(1, int(_width(table, column) * 1.1))  # characters a line, roughly
            count = sum(max(1, -(-len(part) // width)) for part in value.split("\n"))
            lines = max(lines, count)
        heights.append(min(lines * _LINE_POINTS, _MAX_ROW_POINTS) if lines > 1 else None)
    return heights


def _print_width(table: Table) -> int:
    """How many pages wide a sheet prints: about eight columns a landscape page."""
    columns = max((len(row) for row in table.rows), default=1)
    return max(1, -(-columns // 8))


def xlsx_bytes(tables: list[Table], *, title: str, author: str, day: date) -> bytes:
    """The tables as an XLSX workbook dated ``day``: string cells only, headings shaded,
    printed landscape on A4 with the heading rows repeated."""
    import xlsxwriter  # noqa: PLC0415  # only when a workbook is asked for

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    workbook.set_properties(
        {
            "title": title,
            "author": author,
            "company": author,
            "created": datetime(day.year, day.month, day.day),  # XLSX stores naive times
        }
    )
    cell = workbook.add_format({"text_wrap": True, "valign": "top"})
    heading = workbook.add_format(
        {
            "bold": True,
            "bg_color": _SHADE,
            "border": 1,
            "border_color": _BORDER,
            "text_wrap": True,
            "valign": "top",
        }
    )
    big = workbook.add_format({"bold": True, "font_size": 14, "valign": "top"})
    for table in tables:
        sheet = workbook.add_worksheet(table.name)
        columns = max((len(row) for row in table.rows), default=0)
        for col in range(columns):
            sheet.set_column(col, col, _width(table, col), cell)
        for r, height in enumerate(row_heights(table)):
            if height is not None:
                sheet.set_row(r, height)
        for r, row in enumerate(table.rows):
            style = big if r in table.title_rows else heading if r in table.header_rows else None
            for col, value in enumerate(row):
                if value or style is heading:
                    sheet.write_string(r, col, value, style)
        if table.freeze is not None:
            sheet.freeze_panes(*table.freeze)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(_print_width(table), 0)
        if table.repeat is not None:
            sheet.repeat_rows(*table.repeat)
    workbook.close()
    return buffer.getvalue()


def ods_bytes(tables: list[Table], *, title: str, author: str, day: date) -> bytes:
    """The tables as an ODS spreadsheet dated ``day``, alike to :func:`xlsx_bytes`'s."""
    from odf import style, table, teletype, text  # noqa: PLC0415  # only when asked for
    from odf.opendocument import OpenDocumentSpreadsheet  # noqa: PLC0415

    document = OpenDocumentSpreadsheet()
    sheet_styles: dict[int, style.Style] = {}

    def sheet_style(pages_wide: int) -> style.Style:
        """A sheet printed landscape on A4, ``pages_wide`` pages across, as long as it takes."""
        if pages_wide not in sheet_styles:
            page = style.PageLayout(name=f"landscape{pages_wide}")
            page.addElement(
                style.PageLayoutProperties(
                    printorientation="landscape", pagewidth="29.7cm", pageheight="21cm",
                    margin="1.5cm", scaletox=str(pages_wide), scaletoy="0",
                )
            )  # fmt: skip
            document.automaticstyles.addElement(page)
            master = style.MasterPage(name=f"Wide{pages_wide}", pagelayoutname=page)
            document.masterstyles.addElement(master)
            sheet = style.Style(name=f"sheet{pages_wide}", family="table", masterpagename=master)
            sheet.addElement(style.TableProperties(display="true"))
            document.automaticstyles.addElement(sheet)
            sheet_styles[pages_wide] = sheet
        return sheet_styles[pages_wide]

    wrap = {"wrapoption": "wrap", "verticalalign": "top"}
    cell = style.Style(name="cell", family="table-cell")
    cell.addElement(style.TableCellProperties(**wrap))
    heading = style.Style(name="heading", family="table-cell")
    heading.addElement(
        style.TableCellProperties(backgroundcolor=_SHADE, border=f"0.5pt solid {_BORDER}", **wrap)
    )
    heading.addElement(style.TextProperties(fontweight="bold"))
    big = style.Style(name="title", family="table-cell")
    big.addElement(style.TableCellProperties(verticalalign="top"))
    big.addElement(style.TextProperties(fontweight="bold", fontsize="14pt"))
    for item in (cell, heading, big):
        document.automaticstyles.addElement(item)
    widths: dict[float, style.Style] = {}

    def width_style(width: float) -> style.Style:
        if width not in widths:
            column = style.Style(name=f"width{len(widths)}", family="table-column")
            # a character of the default 10 pt font is about 0.2 cm wide
            column.addElement(style.TableColumnProperties(columnwidth=f"{width * 0.2:.2f}cm"))
            document.automaticstyles.addElement(column)
            widths[width] = column
        return widths[width]

    heights: dict[float, style.Style] = {}

    def height_style(height: float) -> style.Style:
        if height not in heights:
            row_style = style.Style(name=f"height{len(heights)}", family="table-row")
            row_style.addElement(style.TableRowProperties(rowheight=f"{height:.0f}pt"))
            document.automaticstyles.addElement(row_style)
            heights[height] = row_style
        return heights[height]

    for item in tables:
        sheet = table.Table(name=item.name, stylename=sheet_style(_print_width(item)))
        columns = max((len(row) for row in item.rows), default=0)
        for col in range(columns):
            sheet.addElement(
                table.TableColumn(
                    stylename=width_style(_width(item, col)), defaultcellstylename=cell
                )
            )
        repeated = table.TableHeaderRows()  # the rows printed again on every page
        for r, (row, height) in enumerate(zip(item.rows, row_heights(item), strict=True)):
            style_of = big if r in item.title_rows else heading if r in item.header_rows else None
            styled = {"stylename": style_of} if style_of else {}  # else the column's default
            line = table.TableRow(**({"stylename": height_style(height)} if height else {}))
            for column, group in itertools.groupby(enumerate(row), key=lambda c: bool(c[1])):
                if not column:  # a run of empty cells is one element
                    count = len(list(group))
                    repeat = {"numbercolumnsrepeated": str(count)} if count > 1 else {}
                    line.addElement(table.TableCell(**styled, **repeat))
                    continue
                for _, value in group:
                    entry = table.TableCell(valuetype="string", **styled)  # its text: its <p>s
                    for paragraph in value.split("\n"):
                        if _PLAIN_TEXT.fullmatch(paragraph):
                            entry.addElement(text.P(text=paragraph))
                        else:  # runs of spaces and tabs are elements of their own
                            p = text.P()
                            teletype.addTextToElement(p, paragraph)
                            entry.addElement(p)
                    line.addElement(entry)
            if item.repeat is not None and item.repeat[0] <= r <= item.repeat[1]:
                repeated.addElement(line)
                if r == item.repeat[1]:
                    sheet.addElement(repeated)
            else:
                sheet.addElement(line)
        document.spreadsheet.addElement(sheet)
    return _fixed_zip(document, title=title, author=author, day=day)


#: Text an ODF paragraph holds as it is: no tab, no run of spaces, no space at either end.
_PLAIN_TEXT = re.compile(r"(?:[^\s]|(?<=[^\s]) (?=[^\s]))*")

_META = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" \
xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta>\
<meta:generator>ropa</meta:generator><dc:title>{title}</dc:title>\
<meta:initial-creator>{author}</meta:initial-creator>\
<meta:creation-date>{day}T00:00:00</meta:creation-date></office:meta></office:document-meta>"""


_NAMESPACE = re.compile(rb'\s+xmlns:([\w-]+)="[^"]*"')
_PREFIX = re.compile(rb"[<\s/]([a-z][\w-]*):[\w-]")


def sorted_namespaces(xml: bytes) -> bytes:
    """The root element's namespace declarations, those in use, in one order: odfpy declares
    them from a set, a different selection in a different order from one run to the next."""
    start = xml.find(b"<", xml.find(b"?>") + 2 if xml.startswith(b"<?") else 0)
    end = xml.find(b">", start)
    tag = xml[start:end]
    rest = _NAMESPACE.sub(b"", tag)
    used = set(_PREFIX.findall(rest + xml[end:]))
    names = sorted(m.group(0).strip() for m in _NAMESPACE.finditer(tag) if m.group(1) in used)
    first = rest.find(b" ") if b" " in rest else len(rest)
    return xml[:start] + rest[:first] + b"".join(b" " + n for n in names) + rest[first:] + xml[end:]


def _fixed_zip(document: Any, *, title: str, author: str, day: date) -> bytes:
    """odfpy's package, its entries re-dated and its meta ropa's own: odfpy stamps the time
    of saving and its own version, which would make each build's bytes different."""
    written = io.BytesIO()
    document.write(written)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(written) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "meta.xml":
                data = _META.format(
                    title=escape(title), author=escape(author), day=day.isoformat()
                ).encode()
            elif info.filename.endswith(".xml"):
                data = sorted_namespaces(data)
            entry = zipfile.ZipInfo(info.filename, _ZIP_DATE)
            entry.compress_type = info.compress_type  # the mimetype stays stored, first
            entry.external_attr = info.external_attr
            archive.writestr(entry, data)
    return out.getvalue()
