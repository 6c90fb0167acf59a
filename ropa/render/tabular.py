"""The register as tables: CSV (one row per activity) and XLSX (a sheet per subject, the
controller's Art. 30(1)(a) details first).

Spreadsheet cells never become formulas: CSV cells that a spreadsheet would read as a formula
(starting with = + - @, tab or carriage return) get a leading apostrophe (OWASP's advice), and
XLSX cells are always written as strings.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from ropa.model.activities import Activity
from ropa.render.document import N_, Document

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never evaluate."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


#: The columns of the activities table (CSV and the XLSX sheet), as catalog messages.
ACTIVITY_COLUMNS = (
    N_("Id"),
    N_("Purpose"),
    N_("Description"),
    N_("Role"),
    N_("Controller we act for"),
    N_("Joint controllers"),
    N_("Owner"),
    N_("Legal bases"),
    N_("Legitimate interests"),
    N_("Balancing tests"),
    N_("Special categories: condition"),
    N_("Data subjects"),
    N_("Personal data"),
    N_("Sources"),
    N_("Recipients"),
    N_("Transfers"),
    N_("Retention"),
    N_("Security measures"),
    N_("Automated decisions"),
    N_("Impact assessment (DPIA)"),
    N_("Public"),
    N_("Last review"),
)


def activity_row(doc: Document, activity: Activity) -> list[str]:
    """One activity's cells, in the order of :data:`ACTIVITY_COLUMNS`, in the document's language."""
    lang, rec = doc.lang, doc.record(activity)
    return [
        activity.id,
        rec.name,
        lang.text(activity.description),
        rec.role,
        lang.text(activity.controller.name) if activity.controller else "",
        "; ".join(rec.joint_controllers),
        rec.owner,
        "; ".join(v.short for v in rec.bases),
        "; ".join(v.interest for v in rec.bases if v.interest),
        "; ".join(v.balancing_test for v in rec.bases if v.balancing_test),
        "; ".join(rec.special_conditions),
        "; ".join(lang.text(s.name) for s in activity.subject_entries),
        "; ".join(name for name, _ in rec.categories),
        "; ".join(rec.sources),
        "; ".join(rec.recipients),
        "; ".join(t.line for t in rec.transfers),
        "; ".join(r.line for r in rec.retention),
        "; ".join(lang.text(m.name) for m in activity.measure_entries),
        rec.automated,
        rec.dpia,
        rec.public,
        activity.reviewed.isoformat() if activity.reviewed else "",
    ]


def activity_rows(doc: Document) -> list[list[str]]:
    return [activity_row(doc, a) for a in [*doc.controller_activities, *doc.processor_activities]]


def activity_header(doc: Document) -> list[str]:
    return [doc.lang.gettext(column) for column in ACTIVITY_COLUMNS]


def register_csv(doc: Document) -> bytes:
    """The register as CSV, separated as the language's spreadsheets expect (``;`` in French)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=doc.lang.typography.csv_separator, lineterminator="\r\n")
    writer.writerow(activity_header(doc))
    for row in activity_rows(doc):
        writer.writerow([neutralise(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: spreadsheets then read UTF-8


def _sheets(doc: Document) -> list[tuple[str, list[str], list[list[str]]]]:
    lang, _ = doc.lang, doc.lang.gettext
    recipients = [
        [
            lang.text(r.name),
            doc.role(r),
            lang.text(r.category),
            lang.country(r.country),
            r.dpa.signed.isoformat() if r.dpa and r.dpa.signed else "",
            lang.text(r.dpa.reference) if r.dpa else "",
            r.privacy_policy or "",
        ]
        for r in doc.register.recipients.values()
    ]
    transfers = [
        [
            lang.text(t.recipient.name),
            t.country,
            t.country_name,
            t.adequacy,
            t.safeguard,
            t.reference,
        ]
        for t in doc.all_transfers
    ]
    retention = [
        [
            lang.text(row.activity.name),
            row.names,
            row.retention.period.iso if row.retention.period else "",
            row.period,
            row.then,
            row.reference,
        ]
        for rec in doc.controller_records
        for row in rec.retention
    ]
    measures = [
        [lang.text(m.name), doc.measure_type(m), lang.text(m.description)]
        for m in doc.register.security_measures.values()
    ]
    controller = [[label, value] for label, value in doc.controller_rows]
    return [
        # Art. 30(1)(a): who keeps the register, as the HTML register opens with it
        (_("Controller"), [_("Item"), _("Details")], controller),
        (_("Activities"), activity_header(doc), activity_rows(doc)),
        (
            _("Recipients"),
            [
                _("Recipient"),
                _("Role"),
                _("Category"),
                _("Country"),
                _("Agreement signed"),
                _("Agreement reference"),
                _("Privacy policy"),
            ],
            recipients,
        ),
        (
            _("Transfers"),
            [
                _("Recipient"),
                _("Country code"),
                _("Country"),
                _("Adequacy decision"),
                _("Safeguard"),
                _("Reference"),
            ],
            transfers,
        ),
        (
            _("Retention"),
            [
                _("Purpose"),
                _("Data"),
                _("Period (ISO 8601)"),
                _("Period"),
                _("At the end"),
                _("Legal reference"),
            ],
            retention,
        ),
        (_("Security measures"), [_("Measure"), _("Type"), _("Description")], measures),
    ]


def register_xlsx(doc: Document) -> bytes:
    import xlsxwriter  # noqa: PLC0415  # only when a spreadsheet is asked for

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    day = doc.policy.effective_date
    stamp = datetime(day.year, day.month, day.day)  # XLSX stores naive times
    workbook.set_properties(
        {
            "title": doc.lang.gettext("Record of processing activities"),
            "author": doc.organization.name,
            "company": doc.organization.name,
            "created": stamp,
        }
    )
    workbook.set_custom_property("Policy version", doc.policy.version)
    header = workbook.add_format(
        {"bold": True, "bg_color": "#F4F6F9", "border": 1, "text_wrap": True, "valign": "top"}
    )
    cell = workbook.add_format({"text_wrap": True, "valign": "top"})
    for name, columns, rows in _sheets(doc):
        sheet = workbook.add_worksheet(name[:31])
        for col, title in enumerate(columns):
            sheet.write_string(0, col, title, header)
            longest = max([len(title), *(len(row[col]) for row in rows)]) if rows else len(title)
            sheet.set_column(col, col, min(max(12, longest * 0.9), 60), cell)
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                sheet.write_string(r, col, value)
        sheet.freeze_panes(1, 0)
        if columns:
            sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    workbook.close()
    return buffer.getvalue()
