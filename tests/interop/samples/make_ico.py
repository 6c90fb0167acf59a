"""Writes ``ico-controller.xlsx`` and ``ico-processor.xlsx`` beside this file: the ICO's
documentation templates filled in as a small online shop would fill them (a business function
merged down over its rows, retention and bases in words, an example row left in, blanks and
"N/A"). The bytes are the same on every run (fixed creation date); ``test_ico.py`` checks that
the committed files are what this script writes.

    .venv/bin/python tests/interop/samples/make_ico.py
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter

HERE = Path(__file__).parent
CREATED = datetime(2026, 11, 2, 9, 30)

#: The controller template's headers as the shop's copy has them: the ICO's, two of them
#: reworded and one broken over two lines, and a column of their own added at the end.
CONTROLLER_HEADERS = [
    "Business function",
    "Purpose of processing",
    "Name and contact details of joint controller (if applicable)",
    "Categories of individuals",
    "Categories of personal data",
    "Categories of recipients",
    "Link to contract with processor",
    "Names of third countries or international organisations that personal data are "
    "transferred to (if applicable)",
    "Safeguards for exceptional transfers of personal data to third countries or international "
    "organisations (if applicable)",
    "Retention schedule\n(if possible)",
    "General description of technical and organisational security measures (if possible)",
    "Article 6 lawful basis for processing personal data",
    "Article 9 basis for processing special category data",
    "Legitimate interests for the processing (if applicable)",
    "Link to record of legitimate interests assessment (if applicable)",
    "Rights available to individuals",
    "Existence of automated decision-making, including profiling (if applicable)",
    "The source of the personal data (if applicable)",
    "Link to record of consent",
    "Location of personal data",
    "Data Protection Impact Assessment required?",
    "Data Protection Impact Assessment progress",
    "Link to Data Protection Impact Assessment",
    "Has the personal data been breached?",
    "Link to record of personal data breach",
    "Data Protection Act 2018 Schedule 1 Condition for processing",
    "GDPR Article 6 lawful basis for processing",
    "Link to retention and erasure policy document",
    "Is personal data retained and erased in accordance with the policy document?",
    "Reasons for not adhering to policy document (if applicable)",
    "Comments",
]

#: One row per purpose, by column letter; the business function (A) is merged down over the
#: rows of its group, as people lay it out.
ACTIVITIES: list[tuple[str, list[dict[str, str]]]] = [
    (
        "Sales",
        [
            {
                "B": "Taking and fulfilling online orders",
                "D": "Customers",
                "E": "Name, Delivery address, Email address, Order history",
                "F": "Royal Mail, Stripe, Shopify",
                "G": "See supplier contracts folder",
                "H": "United States",
                "I": "Standard Contractual Clauses",
                "J": "6 years after the end of the financial year",
                "K": "Encryption in transit (TLS); Role-based access to the shop admin",
                "L": "Contract",
                "N": "N/A",
                "P": "Access, rectification, erasure, portability",
                "Q": "No",
                "R": "Directly from the customer",
                "T": "Shopify (cloud)",
                "U": "No",
                "X": "No",
            },
            {
                "B": "Customer accounts on our website",
                "D": "Customers",
                "E": "Name, Email address, Order history",
                "F": "Shopify",
                "G": "https://www.shopify.com/legal/dpa",
                "J": "Until the customer closes the account",
                "K": "Password hashing, Two-factor authentication for staff",
                "L": "6(1)(b)",
                "P": "Access, rectification, erasure",
                "R": "Directly from the customer",
                "T": "Shopify (cloud)",
                "U": "No",
            },
            {
                "B": "Handling returns and refunds",
                "D": "Customers",
                "E": "Name, Order history, Bank details",
                "F": "Stripe",
                "J": "2 years",
                "K": "Role-based access to the shop admin",
                "L": "Contract",
                "R": "Customer",
                "U": "No",
            },
            {
                "B": "Fraud checks on orders",
                "D": "Customers",
                "E": "Name, Delivery address, IP address",
                "F": "Stripe Radar",
                "H": "United States",
                "I": "EU-US Data Privacy Framework (UK Extension)",
                "J": "13 months",
                "K": "Encryption in transit (TLS)",
                "L": "6(1)(f)",
                "N": "Preventing fraudulent orders and chargebacks",
                "O": "LIA-2024-02, Privacy > LIAs folder",
                "Q": "Yes – orders with a high risk score are held for manual review",
                "U": "Yes",
                "V": "Completed 2024-03-18",
                "W": "DPIA-2024-01",
            },
        ],
    ),
    (
        "Marketing",
        [
            {
                "B": "Email newsletter",
                "D": "Newsletter subscribers",
                "E": "Email address, Name, Email engagement",
                "F": "Mailchimp",
                "G": "Mailchimp Data Processing Addendum",
                "H": "United States",
                "I": "SCCs + UK Addendum",
                "J": "Until consent is withdrawn",
                "L": "Consent",
                "P": "Withdraw consent at any time (unsubscribe link in every email)",
                "R": "Directly from the individual",
                "S": "Mailchimp sign-up records",
                "U": "No",
            },
            {
                "B": "Website analytics",
                "D": "Website visitors",
                "E": "IP address, Browsing behaviour",
                "F": "Google Analytics",
                "H": "United States",
                "I": "Data Privacy Framework",
                "J": "14 months",
                "L": "Consent",
                "P": "Access, erasure, withdraw consent through the cookie banner",
                "U": "No",
            },
            {
                "B": "Personalised offers to existing customers",
                "D": "Customers",
                "E": "Name, Email address, Order history",
                "F": "Mailchimp",
                "J": "3 years from the last order",
                "K": "Role-based access to the shop admin",
                "L": "Legitimate interests",
                "N": "Telling existing customers about similar products (soft opt-in)",
                "Q": "Profiling by purchase history to choose the offers",
                "U": "No",
            },
        ],
    ),
    (
        "Customer service",
        [
            {
                "B": "Answering customer enquiries",
                "D": "Customers, Prospective customers",
                "E": "Name, Email address, Correspondence",
                "F": "Zendesk",
                "J": "3 years from the last contact",
                "K": "Role-based access to the shop admin",
                "L": "6(1)(b)",
                "T": "Zendesk (EU data centre)",
            },
            {
                "B": "Product reviews",
                "D": "Customers",
                "E": "Name, Review text",
                "F": "Trustpilot",
                "J": "Until the review is removed",
                "K": "Role-based access to the shop admin",
                "L": "Consent",
                "U": "N/A",
                "AE": "Reviews are moderated by Trustpilot",
            },
        ],
    ),
    (
        "Finance",
        [
            {
                "B": "Bookkeeping and VAT returns",
                "D": "Customers, Suppliers",
                "E": "Name, Invoices, Bank details",
                "F": "HMRC, Xero, Smith & Co Accountants",
                "J": "6 years after the end of the financial year",
                "K": "Two-factor authentication for staff",
                "L": "Legal obligation",
                "AB": "Retention schedule v2 (SharePoint)",
                "AC": "Yes",
            },
        ],
    ),
    (
        "HR",
        [
            {
                "B": "Payroll and pensions",
                "D": "Employees",
                "E": "Name, Bank details, National Insurance number, Sickness absence records",
                "F": "Payroll bureau (processor), HMRC, Pension provider",
                "J": "6 years after employment ends",
                "K": "Locked filing cabinet; Two-factor authentication for staff",
                "L": "Legal obligation - Income Tax (PAYE) Regulations 2003",
                "M": "Article 9(2)(b)",
                "U": "No",
                "Z": "Schedule 1, Part 1, paragraph 1 (employment, social security and social "
                "protection)",
                "AA": "6(1)(c)",
            },
            {
                "B": "Recruitment",
                "D": "Job applicants",
                "E": "Name, CV, References, Right to work documents",
                "J": "6 months after the role is filled",
                "L": "Legitimate interests",
                "R": "Recruitment agencies",
            },
        ],
    ),
]

#: The processor template, as the shop fills it for the gift-wrapping service it runs for
#: two partner shops.
PROCESSOR_HEADERS = [
    "Name and contact details of the controller(s) for whom processing is carried out",
    "Categories of processing",
    "Categories of individuals",
    "Names of third countries or international organisations that personal data are "
    "transferred to (if applicable)",
    "Safeguards for exceptional transfers of personal data to third countries or international "
    "organisations (if applicable)",
    "General description of technical and organisational security measures (if possible)",
    "Link to contract with controller",
]
PROCESSOR_ROWS = [
    [
        "Bramble & Co Ltd — orders@bramble.example — 3 Quay Street, Bristol BS1 4DJ",
        "Packing and posting gift orders",
        "Gift recipients",
        "N/A",
        "",
        "Locked stock room; Role-based access to the shop admin",
        "Fulfilment agreement 2025",
    ],
    [
        "Oak Lane Gifts — hello@oaklane.example",
        "Printing gift messages",
        "Gift recipients, Gift senders",
        "",
        "",
        "Role-based access to the shop admin",
        "",
    ],
]


def _block(sheet: Any, bold: Any, processor: bool) -> None:
    """The name and contact details block above the headers, as the template lays it out."""
    sheet.write_string(0, 0, "Hedgerow Teas Ltd – Record of processing activities", bold)
    sheet.write_row(2, 1, ["Name", "Address", "Email", "Telephone"], bold)
    who = "Processor" if processor else "Controller"
    sheet.write_row(
        3,
        0,
        [
            who,
            "Hedgerow Teas Ltd",
            "Unit 4, Mill Lane Industrial Estate, Bristol BS3 4DJ, United Kingdom",
            "privacy@hedgerowteas.co.uk",
            "0117 496 0000",
        ],
    )
    sheet.write_row(
        4,
        0,
        ["Data Protection Officer", "Priya Shah", "", "dpo@hedgerowteas.co.uk", "0117 496 0001"],
    )
    sheet.write_row(
        5,
        0,
        [
            "Representative",
            "EuroRep Services Ltd",
            "2 Grand Canal Quay, Dublin 2, D02 XY12, Ireland",
            "eurep@eurorep.example",
        ],
    )


def _letter_index(letter: str) -> int:
    index = 0
    for char in letter:
        index = index * 26 + ord(char) - ord("A") + 1
    return index - 1


def controller(path: Path) -> None:
    book = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_urls": False})
    book.set_properties({"title": "Documentation of processing activities", "created": CREATED})
    bold = book.add_format({"bold": True})
    header = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#C6E0B4"}
    )
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet("Template")
    _block(sheet, bold, processor=False)
    sheet.write_string(7, 0, "Article 30 Record of Processing Activities", bold)
    sheet.write_string(7, 11, "Privacy Notices", bold)
    sheet.write_string(7, 20, "Data Protection Impact Assessments", bold)
    sheet.write_row(8, 0, CONTROLLER_HEADERS, header)
    sheet.set_row(8, 75)
    sheet.set_column(0, len(CONTROLLER_HEADERS) - 1, 24, wrap)
    # the template's example row, left in
    sheet.write_row(9, 0, ["e.g. Finance", "e.g. Payroll", "", "e.g. Staff", "e.g. Bank details"])
    row = 10
    for function, rows in ACTIVITIES:
        if len(rows) > 1:
            sheet.merge_range(row, 0, row + len(rows) - 1, 0, function, wrap)
        else:
            sheet.write_string(row, 0, function, wrap)
        for cells in rows:
            for letter, value in cells.items():
                sheet.write_string(row, _letter_index(letter), value, wrap)
            row += 1
    book.close()


def processor(path: Path) -> None:
    book = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_urls": False})
    book.set_properties({"title": "Documentation of processing activities", "created": CREATED})
    bold = book.add_format({"bold": True})
    header = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#C6E0B4"}
    )
    sheet = book.add_worksheet("Template")
    _block(sheet, bold, processor=True)
    sheet.write_row(8, 0, PROCESSOR_HEADERS, header)
    for index, cells in enumerate(PROCESSOR_ROWS):
        for column, value in enumerate(cells):
            if value:
                sheet.write_string(9 + index, column, value)
    book.close()


def main(folder: Path = HERE) -> list[Path]:
    """Write both samples into ``folder``; their paths."""
    paths = [folder / "ico-controller.xlsx", folder / "ico-processor.xlsx"]
    controller(paths[0])
    processor(paths[1])
    return paths


if __name__ == "__main__":
    for written in main():
        print(f"{written} ({written.stat().st_size:,} bytes)")
