"""The ICO's documentation templates, in and out: spreadsheets in the template's layout as
people fill them (built here with XlsxWriter), the round trip of the layout ropa writes, and the
samples of ``samples/`` (written by ``samples/make_ico.py``)."""

from __future__ import annotations

import re
import runpy
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from ropa.check import validate
from ropa.interop.ico import (
    BLOCK_CONTROLLER,
    BLOCK_DPO,
    BLOCK_EU_REPRESENTATIVE,
    BLOCK_FIELDS,
    BLOCK_PROCESSOR,
    BLOCK_REPRESENTATIVE,
    BLOCK_UK_REPRESENTATIVE,
    CONTROLLER_COLUMNS,
    PROCESSOR_COLUMNS,
    IcoLayoutError,
    postal_address,
    read_ico,
    recognise,
)
from ropa.interop.parse import fold, parse_basis, parse_country, parse_duration
from ropa.interop.result import Cell, Imported, Note
from ropa.interop.sheets import Sheet, column_letter, read
from ropa.interop.write import write_register
from ropa.loader import load
from ropa.model.register import Register
from ropa.model.types import Text
from ropa.reference import reference
from ropa.render.document import Document
from ropa.render.i18n import Lang
from ropa.render.ico import ico_tables
from ropa.render.workbook import Table, ods_bytes, xlsx_bytes
from tests.conftest import DATA

TODAY = date(2026, 11, 30)
SAMPLES = Path(__file__).parent / "samples"


def _book(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    """An xlsx with these sheets, every cell written as a string."""
    book = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_urls": False})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value:
                    sheet.write_string(r, c, value)
    book.close()
    return path


def _workbook(path: Path, tables: list[Table]) -> Path:
    """The tables as ropa's workbook writer writes them, in the format of ``path``'s suffix."""
    writer = ods_bytes if path.suffix == ".ods" else xlsx_bytes
    path.write_bytes(writer(tables, title="Register", author="ropa", day=date(2026, 9, 1)))
    return path


# --- Headers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Business function", "function"),
        ("BUSINESS FUNCTION", "function"),
        ("Department", "function"),
        ("Purpose(s) of processing", "purpose"),
        ("Purpose of processing?", "purpose"),
        ("Categories of individuals\n(data subjects)", "subjects"),
        ("Catégories of personal data", "categories"),
        ("Retention schedule\n(if possible)", "retention"),
        ("Retention period", "retention"),
        ("Lawful basis", "basis"),
        ("Article 6 lawful basis for processing personal data", "basis"),
        ("GDPR Article 6 lawful basis for processing", "special_basis"),
        ("Article 9 basis for processing special category data", "condition"),
        ("Article 9 condition for processing special category data", "condition"),
        ("Names of third countries or international organisations that personal data are "
         "transferred to (if applicable)", "countries"),
        ("Safeguards for exceptional transfers of personal data to third countries or "
         "international organisations (if applicable)", "safeguards"),
        ("General description of technical and organizational security measures", "measures"),
        ("Has the personal data been breached?", "breach"),
        ("Has a personal data breach occurred?", "breach"),
        ("Data Protection Act 2018 Schedule Condition for processing", "schedule"),
        ("Data Protection Act 2018 Schedule 1 Condition for processing", "schedule"),
        ("Is personal data retained and erased in accordance with the retention and erasure "
         "policy document?", "retention_kept"),
        ("Name and contact details of the controller(s) for whom processing is carried out",
         "controller"),
        ("Categories of processing carried out on behalf of each controller", "processing"),
        ("Comments", "notes"),
        ("Colour", None),
    ],
)  # fmt: skip
def test_headers_are_read_by_meaning(header: str, key: str | None) -> None:
    assert recognise(header) == key


def test_every_header_ropa_writes_reads_back_as_its_column() -> None:
    for column in (*CONTROLLER_COLUMNS, *PROCESSOR_COLUMNS):
        assert recognise(column.header) == column.key, column.header


# --- A controller template as people fill it ------------------------------------------------------

BLOCK = [
    ["Our record of processing"],
    [],
    ["", "Name", "Address", "Email", "Telephone"],
    ["Controller", "Acme Widgets Ltd", "1 High Street, Leeds LS1 4AP, United Kingdom",
     "privacy@acme.example", "0113 496 0000"],
    ["Data Protection Officer", "Sam Jones", "", "dpo@acme.example", "0113 496 0001"],
    ["Representative", "Rep Europe BV", "Herengracht 1, 1015 BA Amsterdam, Netherlands",
     "rep@rep.example"],
    [],
]  # fmt: skip

#: Headers reordered, reworded and broken over lines, with a column of the shop's own.
HEADERS = [
    "Purpose(s) of processing",
    "Business function",
    "Lawful basis",
    "Categories of individuals\n(data subjects)",
    "Categories of personal data",
    "Categories of recipients",
    "Retention schedule\n(if possible)",
    "Names of third countries",
    "Safeguards",
    "Legitimate interests",
    "DPIA required?",
    "Owner's initials",
]


def test_a_controller_template_as_people_fill_it(tmp_path: Path) -> None:
    rows = [
        *BLOCK,
        HEADERS,
        ["e.g. Payroll", "e.g. HR", "e.g. Legal obligation"],
        ["Payroll", "HR", "Legal obligation", "Employees", "Name, Bank details", "HMRC",
         "6 years", "", "", "N/A", "No", "JB"],
        ["Newsletter", "Marketing", "Consent", "Subscribers", "Email address", "Mailchimp",
         "Until consent is withdrawn", "United States", "SCCs", "", "", ""],
        ["Fraud checks", "", "6(1)(f)", "Customers", "Name, IP address", "Payment bureau (processor)",
         "13 months", "", "", "Stopping fraud", "Yes", ""],
    ]  # fmt: skip
    imported = read_ico(read(_book(tmp_path / "acme.xlsx", {"Template": rows})))
    assert imported.sections == {
        "organization": {
            "name": "Acme Widgets Ltd",
            "address": {"street": "1 High Street", "postal_code": "LS1 4AP", "city": "Leeds",
                        "country": "GB"},
            "email": "privacy@acme.example",
            "phone": "0113 496 0000",
            "dpo": {"name": "Sam Jones", "email": "dpo@acme.example"},
            "eu_representative": {"name": "Rep Europe BV", "email": "rep@rep.example",
                                  "address": "Herengracht 1, 1015 BA Amsterdam, Netherlands"},
        },
        "activities": {
            "payroll": {
                "name": "Payroll",
                "owner": "HR",
                "data_subjects": ["employees"],
                "data_categories": ["name", "bank-details"],
                "recipients": ["hmrc"],
                "legal_bases": [{"basis": "legal_obligation"}],
                "retention": [{"period": "6 years"}],
                "dpia": {"status": "not_required"},
                "notes": "Owner's initials: JB",
            },
            "newsletter": {
                "name": "Newsletter",
                "owner": "Marketing",
                "data_subjects": ["subscribers"],
                "data_categories": ["email-address"],
                "recipients": ["mailchimp"],
                "legal_bases": [{"basis": "consent"}],
                "retention": [{"criteria": "Until consent is withdrawn"}],
            },
            "fraud-checks": {
                "name": "Fraud checks",
                "data_subjects": ["customers"],
                "data_categories": ["name", "ip-address"],
                "recipients": ["payment-bureau"],
                "legal_bases": [{"basis": "legitimate_interests", "interest": "Stopping fraud"}],
                "retention": [{"period": "13 months"}],
                "dpia": {"status": "required"},
            },
        },
        "data_subjects": {
            "employees": {"name": "Employees"},
            "subscribers": {"name": "Subscribers"},
            "customers": {"name": "Customers"},
        },
        "data_categories": {
            "name": {"name": "Name"},
            "bank-details": {"name": "Bank details"},
            "email-address": {"name": "Email address"},
            "ip-address": {"name": "IP address"},
        },
        "recipients": {
            "hmrc": {"name": "HMRC"},
            "mailchimp": {"name": "Mailchimp", "transfers": [{"country": "US", "mechanism": "scc"}]},
            "payment-bureau": {"name": "Payment bureau", "role": "processor"},
        },
    }  # fmt: skip
    notes = {(n.cell.row, n.cell.column.split(" ")[0]): n for n in imported.notes}
    assert notes[(9, "A")].reason == "the template's example row: not imported"
    assert notes[(4, "C")] == Note(
        Cell("Template", 4, "C"),
        "1 High Street, Leeds LS1 4AP, United Kingdom",
        "guessed",
        "read as street: 1 High Street, postal_code: LS1 4AP, city: Leeds, country: GB",
        ("organization", "address"),
    )
    assert notes[(6, "B")].reason == (
        "the template's representative read as the EU one (the controller is in the UK)"
    )
    assert notes[(5, "E")].what == "unmapped"  # the DPO's telephone: no key for it
    assert notes[(10, "J")].reason == "read as nothing to declare"
    assert notes[(11, "H")] == Note(
        Cell("Template", 11, "H (Names of third countries)"),
        "United States",
        "guessed",
        "a transfer to US by Mailchimp, the row's one recipient outside the organisation",
        ("recipients", "mailchimp", "transfers"),
    )
    assert notes[(12, "C")].reason == "read as legitimate_interests"
    assert imported.todos[("recipients", "payment-bureau", "dpa")].startswith("the Art. 28(3)")
    assert ("organization", "supervisory_authority") in imported.todos


def test_the_block_written_label_by_label(tmp_path: Path) -> None:
    rows = [
        ["Name and contact details"],
        ["Name", "Acme Widgets SAS"],
        ["Address", "12 rue de la Paix, 75002 Paris, France"],
        ["Email", "privacy@acme.example"],
        ["Data Protection Officer", "Jo Martin, dpo@acme.example"],
        ["UK representative", "UK Rep Ltd\nrep@ukrep.example"],
        [],
        ["Business function", "Purpose of processing", "Categories of individuals"],
        ["Sales", "Orders", "Customers"],
    ]
    imported = read_ico(read(_book(tmp_path / "acme.xlsx", {"Record": rows})))
    assert imported.sections["organization"] == {
        "name": "Acme Widgets SAS",
        "address": {
            "street": "12 rue de la Paix",
            "postal_code": "75002",
            "city": "Paris",
            "country": "FR",
        },
        "email": "privacy@acme.example",
        "dpo": {"name": "Jo Martin", "email": "dpo@acme.example"},
        "uk_representative": {"name": "UK Rep Ltd", "email": "rep@ukrep.example"},
    }
    guesses = [n.reason for n in imported.notes if n.cell.row in {5, 6}]
    assert guesses == ["read as email, name", "read as email, name"]


def test_a_processor_template(tmp_path: Path) -> None:
    rows = [
        *BLOCK[:4],
        [],
        ["Name and contact details of controller", "Categories of processing",
         "Categories of individuals", "General description of technical and organisational "
         "security measures (if possible)", "Link to contract with controller"],
        ["Bramble Ltd, orders@bramble.example", "Packing orders", "Gift recipients",
         "Locked stock room (organisational)", "Agreement 2025"],
    ]  # fmt: skip
    imported = read_ico(read(_book(tmp_path / "p.xlsx", {"Processor": rows})))
    assert imported.sections["activities"] == {
        "packing-orders": {
            "name": "Packing orders",
            "role": "processor",
            "controller": {
                "name": "Bramble Ltd",
                "email": "orders@bramble.example",
                "contract": "Agreement 2025",
            },
            "data_subjects": ["gift-recipients"],
            "security_measures": ["locked-stock-room"],
        }
    }
    assert imported.sections["security_measures"] == {
        "locked-stock-room": {"name": "Locked stock room", "type": "organisational"}
    }
    assert imported.sections["organization"]["name"] == "Acme Widgets Ltd"


def test_merged_cells_formulas_and_repeated_headers_are_noted(tmp_path: Path) -> None:
    path = tmp_path / "m.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Template")
    sheet.write_row(0, 0, ["Business function", "Purpose of processing", "Retention schedule"])
    sheet.merge_range("A2:A4", "HR")
    sheet.write_row(1, 1, ["Payroll", "6 years"])
    sheet.write_row(2, 0, ["Business function", "Purpose of processing", "Retention schedule"])
    sheet.write_string(3, 1, "Training")
    sheet.write_formula("C4", '="2 years"', None, "2 years")
    book.close()
    imported = read_ico(read(path))
    assert imported.sections["activities"] == {
        "payroll": {"name": "Payroll", "owner": "HR", "retention": [{"period": "6 years"}]},
        "training": {"name": "Training", "owner": "HR", "retention": [{"period": "2 years"}]},
    }
    reasons = {(n.cell.row, n.cell.column, n.reason) for n in imported.notes}
    assert (4, "A (Business function)", "a merged cell: the value of A2") in reasons
    assert (
        4,
        "C (Retention schedule)",
        "a formula: its cached value was read, never evaluated",
    ) in (reasons)
    assert (3, "B (Purpose of processing)", "the headers repeated: not imported") in reasons


def test_a_workbook_without_the_headers_is_one_line(tmp_path: Path) -> None:
    path = _book(tmp_path / "x.xlsx", {"Sheet1": [["Name", "Colour"], ["Ann", "Blue"]]})
    with pytest.raises(IcoLayoutError, match=r"^no sheet has the ICO template's headers"):
        read_ico(read(path))


def test_other_sheets_are_noted_and_the_embedded_register_left_alone() -> None:
    template = Sheet("Template", [["Business function", "Purpose of processing", "Retention"]])
    template.rows.append(["HR", "Payroll", "6 years"])
    guidance = Sheet("Notes", [["Headings highlighted green are required"]])
    hidden = Sheet("Old", [list(template.rows[0]), ["HR", "Old payroll", "1 year"]], hidden=True)
    embedded = Sheet("ropa", [["organization.yaml", "organization:"]])
    imported = read_ico([guidance, embedded, hidden, template])
    assert list(imported.sections["activities"]) == ["payroll"]
    assert [(n.cell.sheet, n.cell.row, n.reason) for n in imported.notes] == [
        ("Notes", 0, "no ICO template headers on this sheet: not imported"),
        ("Old", 0, "a hidden sheet: not imported (unhide it to import it)"),
    ]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("40 rue de Cléry, 75002 Paris, France",
         {"street": "40 rue de Cléry", "postal_code": "75002", "city": "Paris", "country": "FR"}),
        ("Unit 4, Mill Lane, Bristol BS3 4DJ, United Kingdom",
         {"street": "Unit 4, Mill Lane", "postal_code": "BS3 4DJ", "city": "Bristol", "country": "GB"}),
        ("10 Downing Street, London, SW1A 2AA, UK",
         {"street": "10 Downing Street", "postal_code": "SW1A 2AA", "city": "London", "country": "GB"}),
        ("1 Main St, 10001 New York, NY, US",
         {"street": "1 Main St", "postal_code": "10001", "city": "New York", "region": "NY",
          "country": "US"}),
        ("1 Main St, Springfield", None),
        ("1 Main St, 75002 Paris, Atlantis", None),
    ],
)  # fmt: skip
def test_postal_addresses(text: str, address: dict[str, str] | None) -> None:
    assert postal_address(text) == address


# --- Out: the layout ------------------------------------------------------------------------------


def _document(root: Path = DATA, language: str = "en") -> Document:
    register = validate(root, TODAY).register
    assert register is not None
    assert register.policy is not None
    return Document(register, Lang(language, register.policy.default_language))


def test_the_layout_of_the_example() -> None:
    doc = _document()
    tables = ico_tables(doc)
    assert [t.name for t in tables] == ["Template"]  # no processor activity in the example
    table = tables[0]
    assert table.rows[:8] == [
        ["Documentation of processing activities (controller) — My Little Day"],
        [],
        ["", *BLOCK_FIELDS],
        [BLOCK_CONTROLLER, "My Little Day", "40 rue de Cléry, 75002 Paris, France",
         "contact@mylittleday.fr", ""],
        # no DPO: said so, and the person responsible for the processing beside it, not as one
        [BLOCK_DPO, "None designated", "Privacy contact: Laia Guardia-Morin, contact@mylittleday.fr"],
        [BLOCK_REPRESENTATIVE, "None designated"],
        [],
        [c.header for c in CONTROLLER_COLUMNS],
    ]  # fmt: skip
    assert len(table.rows) == 8 + len(doc.controller_activities)
    assert (table.header_rows, table.title_rows, table.freeze) == (
        frozenset({2, 7}),
        frozenset({0}),
        (8, 2),
    )
    assert len(table.widths) == len(CONTROLLER_COLUMNS) == 30
    assert all(isinstance(cell, str) for row in table.rows for cell in row)
    row = dict(zip([c.key for c in CONTROLLER_COLUMNS], table.rows[8 + 2], strict=True))
    assert row["purpose"] == "Delivery management and order tracking"
    assert row["recipients"] == (
        "Delivery services: Delivery services (carriers) (processor, FR); "
        "Internal departments: After-sales service (internal department)"
    )
    assert row["basis"] == (
        "Art. 6(1)(b) contract (for: Identification data; Order data)\n"
        "Art. 6(1)(f) legitimate interests (for: Details of the person to whom an order is sent)"
    )
    assert row["retention"] == (
        "2 years — from the delivery of the order — then deleted — reference: Code de la "
        "consommation, art. L. 217-3 (legal guarantee of conformity, for defects that appear "
        "within two years of delivery)"
    )
    assert row["rights"] == "Access; rectification; erasure; restriction; portability; objection"
    first = dict(zip([c.key for c in CONTROLLER_COLUMNS], table.rows[8], strict=True))
    # the ground of a transfer beside its country, as the register states it (EU law); the
    # safeguards column is for exceptional transfers (Art. 49) only, and there are none
    assert first["countries"] == (
        "United States — Stripe Payments Europe, Limited — EU-US Data Privacy Framework: "
        "adequacy decision 2023/1795 for certified organisations — reference: Data Privacy "
        "Framework List, Stripe, Inc."
    )
    assert first["safeguards"] == ""
    assert first["contract"] == (
        "Stripe Payments Europe, Limited: Stripe Data Processing Agreement, part of the Stripe "
        "Services Agreement (signed 2025-01-15)"
    )


def test_the_french_layout_has_french_typography_and_dates_in_words() -> None:
    """A no-break space before ``:`` and ``;``, dates in words, the mechanism in French: as
    the register's French documents write them; all of it reads back (the round trip below)."""
    table = ico_tables(_document(language="fr"))[0]
    assert table.rows[4:6] == [
        [BLOCK_DPO, "Non désigné",
         "Personne chargée des traitements\u00a0: Laia Guardia-Morin, contact@mylittleday.fr"],
        [BLOCK_REPRESENTATIVE, "Non désigné"],
    ]  # fmt: skip
    keys = [c.key for c in CONTROLLER_COLUMNS]
    rows = {row[1]: dict(zip(keys, row, strict=True)) for row in table.rows[8:]}
    first = rows["Gestion du compte client, du panier avant achat et des commandes passées"]
    assert first["contract"] == (
        "Stripe Payments Europe, Limited\u00a0: Accord de traitement des données de Stripe, "
        "partie du contrat de services Stripe (signé le 15 janvier 2025)"
    )
    assert first["countries"] == (
        "États-Unis — Stripe Payments Europe, Limited — cadre de protection des données "
        "UE-États-Unis (Data Privacy Framework)\u00a0: décision d'adéquation 2023/1795 pour les "
        "organisations certifiées — référence\u00a0: liste du Data Privacy Framework, Stripe, Inc."
    )
    assert first["safeguards"] == ""
    assert first["rights"] == (
        "Accès\u00a0; rectification\u00a0; effacement\u00a0; limitation\u00a0; portabilité"
    )
    ads = rows["Affichage de publicités ciblées sur les réseaux sociaux"]
    assert ads["dpia_progress"] == "Réalisée (17 août 2026)"
    assert not any(
        re.search(r"\S[:;]\s", cell) for row in table.rows[8:] for cell in row if "http" not in cell
    )


# --- The round trip -------------------------------------------------------------------------------

#: What the ICO's layout cannot hold, so what a register read back from it still lacks.
NOT_IN_ICO = {
    "missing-field",  # the policy section and the supervisory authority: the template has neither
    "provision-undeclared",  # whether the data must be provided (Art. 13(2)(e)): no column
    "joint-arrangement-missing",  # the Art. 26 arrangement: only the joint controller's name
}


def _plain(value: Text | str | None, lang: Lang) -> str:
    return " ".join(lang.text(value).split()) if value is not None else ""


def _content(register: Register, lang: Lang) -> dict[str, Any]:
    """The Art. 30 content the layout holds, by activity name, names for ids."""

    def t(value: Text | str | None) -> str:
        return _plain(value, lang)

    def names(entries: list[Any]) -> list[str]:
        return [t(e.name) for e in entries]

    eea = reference().in_eea

    def recipient(r: Any) -> tuple[Any, ...]:
        dpa = (r.dpa.signed, t(r.dpa.reference)) if r.dpa else None
        transfers = [
            (x.country, x.mechanism.value, t(x.reference), x.derogation, x.tia)
            for x in r.transfers
            if not eea(x.country)
        ]
        return (t(r.name), r.role.value, r.country, t(r.category), dpa, transfers)

    content: dict[str, Any] = {}
    for a in register.activities.values():
        decisions = a.automated_decisions
        content[t(a.name)] = {
            "owner": t(a.owner),
            "role": a.role.value,
            "controller": (t(a.controller.name), a.controller.email, a.controller.contract)
            if a.controller
            else None,
            "subjects": names(a.subject_entries),
            "categories": [(t(c.name), c.special) for c in a.category_entries],
            "recipients": [recipient(r) for r in a.recipient_entries],
            "joint": [recipient(r) for r in a.joint_controller_entries],
            "bases": [
                (
                    b.basis.value,
                    names(b.category_entries) if b.categories else [],
                    t(b.interest),
                    t(b.balancing_test),
                    t(b.law),
                    t(b.withdrawal),
                )
                for b in a.legal_bases
            ],
            "conditions": [(c.condition.value, t(c.law)) for c in a.special_conditions],
            "retention": [
                (
                    r.period.iso if r.period else None,
                    t(r.criteria),
                    t(r.from_),
                    names(r.category_entries) if r.categories else [],
                    t(r.reference),
                    r.then.value,
                )
                for r in a.retention
            ],
            "measures": [(t(m.name), m.type.value) for m in a.measure_entries],
            "sources": [
                (t(s.source), names(s.category_entries) if s.categories else []) for s in a.sources
            ],
            "automated": (
                t(decisions.logic),
                t(decisions.significance),
                decisions.legal_effect,
                decisions.exception,
                t(decisions.law),
                t(decisions.safeguards),
            )
            if decisions
            else None,
            "dpia": (a.dpia.status.value, a.dpia.reference, a.dpia.date) if a.dpia else None,
        }
    return content


def _round_trip(
    tmp_path: Path, root: Path, language: str, suffix: str = ".xlsx"
) -> tuple[Imported, Path]:
    """The register at ``root`` written in the ICO's layout as a workbook, read back, written."""
    doc = _document(root, language)
    book = _workbook(tmp_path / f"ico-{language}{suffix}", ico_tables(doc))
    imported = read_ico(read(book))
    write_register(tmp_path / f"back-{language}", imported)
    return imported, tmp_path / f"back-{language}"


@pytest.mark.parametrize(("language", "suffix"), [("en", ".xlsx"), ("fr", ".xlsx"), ("en", ".ods")])
def test_the_example_comes_back_with_what_the_layout_holds(
    tmp_path: Path, language: str, suffix: str
) -> None:
    imported, back = _round_trip(tmp_path, DATA, language, suffix)
    report = validate(back, TODAY)
    original = validate(DATA, TODAY).register
    assert original is not None
    assert report.register is not None
    lang = Lang(language, "en")
    assert _content(report.register, lang) == _content(original, lang)
    organization = imported.sections["organization"]
    assert organization == {
        "name": "My Little Day",
        "address": {
            "street": "40 rue de Cléry",
            "postal_code": "75002",
            "city": "Paris",
            "country": "FR",
        },
        "email": "contact@mylittleday.fr",
        # beside "None designated" in the DPO's row, read back as what it is (not its role)
        "privacy_contact": {"name": "Laia Guardia-Morin", "email": "contact@mylittleday.fr"},
    }
    assert {f.rule for f in report.findings} == NOT_IN_ICO
    missing = sorted(f.message.split("'")[1] for f in report.findings if f.rule == "missing-field")
    assert missing == ["policy", "supervisory_authority"]
    # nothing ropa wrote was kept in notes or guessed, but the address written on one line,
    # and "None designated" for the DPO and the representative, read as none
    guessed = {(n.cell.row, n.cell.column): n.reason for n in imported.notes if n.what == "guessed"}
    assert sorted(guessed) == [(4, "C"), (5, "B"), (6, "B")]
    assert guessed[5, "B"] == "read as none designated: the register has no data protection officer"
    assert guessed[6, "B"] == "read as none designated: the register has no representative"
    assert "dpo" not in organization
    assert not any(n.path[-1:] == ("notes",) for n in imported.notes)


#: What the example register does not have: a processor activity, special categories with
#: their conditions, automated decisions with legal effect, transfers by safeguard and
#: derogation, a DPO and a UK representative.
EXTRA = """\
data_subjects:
  staff: {name: {en: Staff, fr: Salariés}}
  shop-customers: {name: {en: Our client shops' customers, fr: Clients de nos boutiques clientes}}
data_categories:
  health: {name: {en: Health data, fr: Données de santé}, special: health}
  criminal-records:
    name: {en: Criminal record checks, fr: Extraits de casier judiciaire}
    special: criminal_convictions
recipients:
  occupational-health:
    name: Santé Travail Paris
    role: processor
    category: {en: Occupational health services, fr: Services de santé au travail}
    country: FR
    dpa: {signed: 2025-03-01, reference: STP-2025-12}
  cloud-host:
    name: Cloud Host Inc.
    role: processor
    category: {en: Hosting providers, fr: Hébergeurs}
    country: US
    dpa: {reference: CH-DPA-3}
    transfers:
      - {country: US, mechanism: scc, reference: Module 3 (processor to processor), tia: TIA-2025-07}
      - {country: IN, mechanism: derogation, derogation: b}
activities:
  staff-health:
    name: {en: Occupational health follow-up, fr: Suivi de la santé au travail}
    owner: {en: Human resources, fr: Ressources humaines}
    legal_bases:
      - {basis: legal_obligation, law: "Code du travail, art. R. 4624-10"}
    special_conditions:
      - {condition: h, law: "Code du travail, art. L. 4624-1"}
      - {condition: art10, law: "Code de procédure pénale, art. 776"}
    data_subjects: [staff]
    data_categories: [health, criminal-records]
    sources: [{en: The occupational physician, fr: Le médecin du travail}]
    provision: {requirement: statutory}
    recipients: [occupational-health]
    retention:
      - criteria: {en: Until the end of employment, fr: Jusqu'à la fin du contrat de travail}
        then: archive
    security_measures: [need-to-know-access]
    automated_decisions:
      logic: {en: A score flags unfit staff, fr: Un score signale les inaptitudes}
      significance: {en: A flag suspends a posting, fr: Un signalement suspend une affectation}
      legal_effect: true
      exception: law
      law: Code du travail, art. L. 4624-4
      safeguards: {en: A physician reviews every flag, fr: Un médecin revoit chaque signalement}
    dpia: {status: required}
  hosting-for-shops:
    name: {en: Hosting our client shops' orders, fr: Hébergement des commandes de nos boutiques clientes}
    role: processor
    controller:
      name: {en: Each client shop, fr: Chaque boutique cliente}
      email: legal@client.example
      address: 5 rue de la Paix, 75002 Paris
      contract: Hosting terms v3
    data_subjects: [shop-customers]
    data_categories: [identification]
    recipients: [cloud-host]
    retention: [{period: 30 days}]
    security_measures: [tls-encryption]
"""
DPO = """\
  email: contact@mylittleday.fr
  phone: "+33 1 84 88 00 00"
  dpo: {name: Camille Roy, email: dpo@mylittleday.fr}
  uk_representative: {name: UK Rep Ltd, email: rep@ukrep.example, address: "1 Rep Street, London EC1A 1BB"}
"""


def test_a_register_with_what_the_example_lacks_comes_back(tmp_path: Path) -> None:
    root = tmp_path / "register"
    shutil.copytree(DATA, root)
    (root / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    organization = (root / "organization.yaml").read_text(encoding="utf-8")
    (root / "organization.yaml").write_text(
        organization.replace("  email: contact@mylittleday.fr\n", DPO, 1), encoding="utf-8"
    )
    before = validate(root, TODAY)
    assert before.register is not None
    assert {f.rule for f in before.findings} == {"dpia-pending", "transfer-by-derogation"}
    imported, back = _round_trip(tmp_path, root, "en")
    assert [t.name for t in ico_tables(_document(root))] == ["Template", "Template (processor)"]
    after = validate(back, TODAY)
    assert after.register is not None
    lang = Lang("en", "en")
    assert _content(after.register, lang) == _content(before.register, lang)
    assert {f.rule for f in after.findings} == NOT_IN_ICO | {
        "dpia-pending",
        "transfer-by-derogation",
    }
    # every transfer beside its country, with its ground; only the derogation among the
    # safeguards for exceptional transfers (Art. 49)
    processor = ico_tables(_document(root))[1]
    hosting = dict(zip([c.key for c in PROCESSOR_COLUMNS], processor.rows[8], strict=True))
    derogation = (
        "India — Cloud Host Inc. — derogation for a specific situation (GDPR Art. 49(1)(b))"
    )
    assert hosting["countries"] == (
        "United States — Cloud Host Inc. — standard contractual clauses adopted by the European "
        "Commission (GDPR Art. 46(2)(c); Commission Implementing Decision (EU) 2021/914) — "
        f"reference: Module 3 (processor to processor) — TIA: TIA-2025-07\n{derogation}"
    )
    assert hosting["safeguards"] == derogation
    organization_back = imported.sections["organization"]
    assert organization_back["phone"] == "+33 1 84 88 00 00"
    assert organization_back["dpo"] == {"name": "Camille Roy", "email": "dpo@mylittleday.fr"}
    assert organization_back["uk_representative"] == {
        "name": "UK Rep Ltd",
        "email": "rep@ukrep.example",
        "address": "1 Rep Street, London EC1A 1BB",
    }
    # the organisation given again above the processor sheet's headers: noted, not read twice
    again = [n for n in imported.notes if n.cell.sheet == "Template (processor)" and n.cell.row < 8]
    assert {n.reason for n in again} >= {"the organisation is given already, on sheet 'Template'"}


def test_none_designated_and_the_privacy_contact_in_the_block() -> None:
    """ "None designated" (or N/A) is no one, noted; the person responsible for the processing
    beside it is read as such, never as the DPO."""
    rows = [
        ["", "Name", "Address", "Email", "Telephone"],
        ["Controller", "Acme Widgets Ltd", "", "privacy@acme.example"],
        ["Data Protection Officer", "None designated",
         "Privacy contact: Jo Bloggs, jo@acme.example"],
        ["UK representative", "N/A"],
        ["EU representative", "Non désigné"],
        [],
        ["Business function", "Purpose of processing", "Categories of individuals"],
        ["Sales", "Orders", "Customers"],
    ]  # fmt: skip
    imported = read_ico([Sheet("Template", rows)])
    assert imported.sections["organization"] == {
        "name": "Acme Widgets Ltd",
        "email": "privacy@acme.example",
        "privacy_contact": {"name": "Jo Bloggs", "email": "jo@acme.example"},
    }
    reasons = {(n.cell.row, n.cell.column): n.reason for n in imported.notes}
    assert reasons[3, "B"] == "read as none designated: the register has no data protection officer"
    assert reasons[4, "B"] == "read as nothing to declare"
    assert reasons[5, "B"] == "read as none designated: the register has no EU representative"


def test_what_ropa_wrote_before_and_dates_in_words_read_back() -> None:
    """Transfers as ropa wrote them before (``Recipient: Country — mechanism``, in the
    safeguards column), dates in figures or in words, in English or French."""
    keys = ("purpose", "recipients", "contract", "countries", "safeguards", "dpia_progress")
    headers = [next(c.header for c in CONTROLLER_COLUMNS if c.key == k) for k in keys]
    rows = [
        headers,
        ["Newsletter", "Emailing: Mailchimp (processor, US)",
         "Mailchimp\u00a0: DPA v2 (signé le 1er mars 2024)", "United States",
         "Mailchimp: United States — EU-US Data Privacy Framework — reference: DPF List",
         "Réalisée (17 août 2026)"],
        ["Orders", "Hosting: Cloud Host (processor, US)", "Cloud Host: CH-3 (signed 15 January 2025)",
         "United States — Cloud Host — EU SCCs — TIA: T-1", "", "Done (2026-08-17)"],
    ]  # fmt: skip
    imported = read_ico([Sheet("Template", rows)])
    recipients = imported.sections["recipients"]
    assert recipients["mailchimp"]["dpa"] == {"signed": "2024-03-01", "reference": "DPA v2"}
    assert recipients["mailchimp"]["transfers"] == [
        {"country": "US", "mechanism": "dpf", "reference": "DPF List"}
    ]
    assert recipients["cloud-host"]["dpa"] == {"signed": "2025-01-15", "reference": "CH-3"}
    assert recipients["cloud-host"]["transfers"] == [
        {"country": "US", "mechanism": "scc", "tia": "T-1"}
    ]
    activities = imported.sections["activities"]
    assert activities["newsletter"]["dpia"] == {"status": "done", "date": "2026-08-17"}
    assert activities["orders"]["dpia"] == {"status": "done", "date": "2026-08-17"}
    assert not [n for n in imported.notes if n.what == "guessed"]


# --- The samples ----------------------------------------------------------------------------------


def test_the_samples_are_what_make_ico_writes(tmp_path: Path) -> None:
    written = runpy.run_path(str(SAMPLES / "make_ico.py"))["main"](tmp_path)
    for path in written:
        assert path.read_bytes() == (SAMPLES / path.name).read_bytes(), path.name
        assert path.stat().st_size <= 30_000


def _layout_cell(value: str) -> bool:
    """A header, or a label of the block: the layout itself, not a declaration."""
    labels = (*BLOCK_FIELDS, BLOCK_CONTROLLER, BLOCK_PROCESSOR, BLOCK_DPO, BLOCK_REPRESENTATIVE,
              BLOCK_UK_REPRESENTATIVE, BLOCK_EU_REPRESENTATIVE)  # fmt: skip
    return recognise(value) is not None or fold(value) in {fold(label) for label in labels}


def _strings(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return [str(data)]


@pytest.mark.parametrize("sample", ["ico-controller.xlsx", "ico-processor.xlsx"])
def test_every_cell_of_the_samples_is_accounted_for(tmp_path: Path, sample: str) -> None:
    """Each non-empty cell is the layout (a header, a label of the block), or its value (or
    what it was read as) is in the written register, or a note names its sheet, row and column."""
    sheets = read(SAMPLES / sample)
    imported = read_ico(sheets)
    write_register(tmp_path / "back", imported)
    written = _strings(load(tmp_path / "back").sections)
    noted = {(n.cell.sheet, n.cell.row, n.cell.column.split(" ")[0]) for n in imported.notes}
    unaccounted = []
    for sheet in sheets:
        headers = next(row for row in sheet.rows if sum(map(bool, map(recognise, row))) >= 3)
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if not value or _layout_cell(value):
                    continue
                if (sheet.name, r + 1, column_letter(c)) in noted or (sheet.name, 0, "") in noted:
                    continue
                key = recognise(headers[c]) if c < len(headers) else None
                answers = _ANSWERS.get((key, fold(value)), set())
                separated = value.replace(";", ",").replace(" — ", ",").replace("\n", ",")
                parts = [p.strip() for p in separated.split(",") if p.strip()]
                if not answers & set(written) and not all(_in(part, written) for part in parts):
                    unaccounted.append((sheet.name, r + 1, column_letter(c), value))
    assert unaccounted == []


#: Answers the template asks for, as the register holds them.
_ANSWERS: dict[tuple[str | None, str], set[str]] = {
    ("dpia_required", "yes"): {"required", "done"},
    ("dpia_required", "no"): {"not_required"},
}


def _in(part: str, written: list[str]) -> bool:
    """Whether ``part`` is in the register as written or as read (``6(1)(f)`` as
    ``legitimate_interests``); ``Name (role)`` is in it when both are."""
    read_as = [parse_duration(part), parse_basis(part), parse_country(part)]
    forms = {part, *(p.value for p in read_as if p is not None)}
    # a short word ("Yes", "No") only as a whole value: as a part of one, it proves nothing
    if any(form == text or (len(form) > 3 and form in text) for form in forms for text in written):
        return True
    suffix = re.fullmatch(r"(.+?)\s*\(([^()]*)\)", part)
    if suffix is None:
        return False
    return _in(suffix.group(1), written) and _in(suffix.group(2), written)


def test_the_controller_sample_lacks_only_what_it_never_said(tmp_path: Path) -> None:
    imported = read_ico(read(SAMPLES / "ico-controller.xlsx"))
    write_register(tmp_path / "back", imported)
    findings = validate(tmp_path / "back", TODAY).findings
    assert {f.rule for f in findings} == {
        "missing-field",  # the policy, the authority; recipients' roles, categories, countries
        "provision-undeclared",  # whether the data must be provided: no column for it
        "security-measures-missing",  # two rows leave the measures blank
        "legal-obligation-unreferenced",  # "Legal obligation" with no law named
        "legitimate-interest-undescribed",  # "Legitimate interests", the interest left blank
        "legitimate-interest-unassessed",  # no link to an assessment
        "consent-withdrawal-missing",  # "Consent", and nothing on how it is withdrawn
        "processor-without-dpa",  # "Payroll bureau (processor)": no contract linked
        "transfer-undocumented",  # "SCCs", "Data Privacy Framework": no reference
        "transfer-unassessed",  # "SCCs": no transfer impact assessment
    }
    missing = {f.message.split(" lacks")[0] for f in findings if f.rule == "missing-field"}
    assert {m.split(" '")[0] for m in missing} == {
        "the register has no",  # 'policy' section
        "organization",
        "recipient",
        "security measure",
    }


def test_the_controller_sample_reads_as_written() -> None:
    imported = read_ico(read(SAMPLES / "ico-controller.xlsx"))
    sections = imported.sections
    activities = sections["activities"]
    assert len(activities) == 12
    assert [a["owner"] for a in activities.values()] == [
        *["Sales"] * 4, *["Marketing"] * 3, *["Customer service"] * 2, "Finance", "HR", "HR",
    ]  # fmt: skip
    payroll = activities["payroll-and-pensions"]
    assert payroll["legal_bases"] == [
        {"basis": "legal_obligation", "law": "Income Tax (PAYE) Regulations 2003"}
    ]
    assert payroll["special_conditions"] == [
        {
            "condition": "b",
            "law": "Schedule 1, Part 1, paragraph 1 (employment, social security and social "
            "protection)",
        }
    ]
    assert sections["data_categories"]["sickness-absence-records"]["special"] == "health"
    assert payroll["retention"] == [{"period": "6 years", "from": "employment ends"}]
    assert activities["customer-accounts-on-our-website"]["retention"] == [
        {"criteria": "Until the customer closes the account"}
    ]
    assert activities["fraud-checks-on-orders"]["dpia"] == {
        "status": "done",
        "reference": "DPIA-2024-01",
        "date": "2024-03-18",
    }
    assert activities["email-newsletter"]["legal_bases"] == [
        {
            "basis": "consent",
            "withdrawal": "Withdraw consent at any time (unsubscribe link in every email)",
        }
    ]
    assert sections["recipients"]["mailchimp"] == {
        "name": "Mailchimp",
        "dpa": {"reference": "Mailchimp Data Processing Addendum"},
        "transfers": [{"country": "US", "mechanism": "scc"}],
    }
    assert sections["organization"]["eu_representative"]["name"] == "EuroRep Services Ltd"
    orders = activities["taking-and-fulfilling-online-orders"]
    assert orders["notes"].splitlines()[0] == (
        "Link to contract with processor: See supplier contracts folder"
    )


def test_the_processor_sample_lacks_only_what_it_never_said(tmp_path: Path) -> None:
    imported = read_ico(read(SAMPLES / "ico-processor.xlsx"))
    assert {a["role"] for a in imported.sections["activities"].values()} == {"processor"}
    write_register(tmp_path / "back", imported)
    findings = validate(tmp_path / "back", TODAY).findings
    assert {f.rule for f in findings} == {"missing-field"}  # policy, authority, measures' type
