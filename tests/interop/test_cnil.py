"""The CNIL's layout: fiches built by the tests (ODS and XLSX, labels moved), the round trip of
``data/`` through ``cnil_tables`` and ``read_cnil`` in French and English, and the committed
sample (``samples/cnil-registre.ods``) imported with every cell accounted for."""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
import yaml

from ropa.check import validate
from ropa.interop.cnil import (
    is_instruction,
    is_label,
    read_cnil,
    read_mechanism,
    read_retention,
)
from ropa.interop.parse import (
    parse_basis,
    parse_condition,
    parse_country,
    parse_duration,
    read_date,
)
from ropa.interop.result import Imported
from ropa.interop.sheets import Sheet, column_letter, read
from ropa.interop.write import write_register
from ropa.model.activities import Activity
from ropa.model.definitions import SecurityMeasure
from ropa.model.recipients import Mechanism
from ropa.model.register import Register
from ropa.model.types import Text
from ropa.render.cnil import (
    BASES,
    CONDITIONS,
    GUARANTEES,
    LABELS,
    cnil_tables,
    measure_type,
    sheet_name,
)
from ropa.render.document import Document
from ropa.render.i18n import Lang
from tests.conftest import DATA, TODAY
from tests.interop.books import ods

SAMPLES = Path(__file__).parent / "samples"
SAMPLE = SAMPLES / "cnil-registre.ods"

# --- A small register, built by the test -----------------------------------------------------

# fmt: off
SUMMARY: list[list[str]] = [
    ["Registre des activités de traitement"],
    [],
    ["Nom de l'organisme", "Boulangerie Martin"],
    ["Coordonnées du responsable de l'organisme"],
    ["Nom", "Martin"],
    ["Prénom", "Paul"],
    ["Adresse", "3 place du Marché"],
    ["CP", "35000"],
    ["Ville", "Rennes"],
    ["Pays", "France"],
    ["Téléphone", "02 99 00 00 00"],
    ["Adresse de messagerie", "contact@boulangerie-martin.fr"],
    [],
    [
        "Activités",
        "Nom du traitement",
        "N° / REF",
        "Date de création",
        "Mise à jour",
        "Finalité principale",
        "Données sensibles ?",
    ],
    [
        "Activité 1",
        "Carte de fidélité",
        "fidelite",
        "01/02/2025",
        "2026-03-01",
        "Offres réservées aux clients fidèles",
        "Non",
    ],
]
#: A fiche, by section (each section's rows), as the CNIL's model lays them out.
FICHE: dict[str, list[list[str]]] = {
    "title": [["Fiche de registre", "Carte de fidélité"]],
    "description": [
        ["Nom du traitement", "Carte de fidélité"],
        ["N° / REF", "fidelite"],
        ["Mise à jour", "2026-03-01"],
    ],
    "purposes": [
        ["Finalité(s) du traitement effectué"],
        ["Finalité principale", "Offres réservées aux clients fidèles"],
        ["Sous-finalité 1", "Offres d'anniversaire"],
        ["Base légale", "Consentement"],
    ],
    "categories": [
        ["Catégories de données personnelles concernées", "Description", "Durée de conservation"],
        [
            "État civil, identité, données d'identification, images…",
            "Nom, prénom, date de naissance",
            "3 ans à compter du dernier achat",
        ],
        ["Informations d'ordre économique et financier", "Historique des achats", "3 ans"],
    ],
    "subjects": [
        ["Catégories de personnes concernées", "Description", "Précisions"],
        ["Catégorie 1", "Clients", "Titulaires de la carte"],
    ],
    "recipients": [
        ["Destinataires", "Type de destinataire", "Précisions", "Pays"],
        ["Destinataire 1", "Sous-traitants", "Brevo", "France"],
    ],
    "measures": [
        ["Mesures de sécurité", "Type", "Précisions"],
        ["Mesure 1", "Sauvegarde des données", "Sauvegarde hebdomadaire"],
    ],
    "transfers": [
        [
            "Transferts hors UE",
            "Destinataire",
            "Pays",
            "Type de garanties",
            "Lien vers la documentation",
        ],
        [
            "Organisme 1",
            "Brevo",
            "États-Unis",
            "Clauses contractuelles types",
            "Contrat Brevo, annexe 2",
        ],
    ],
}

# fmt: on

EXPECTED: dict[str, Any] = {
    "organization": {
        "name": "Boulangerie Martin",
        "address": {
            "street": "3 place du Marché",
            "postal_code": "35000",
            "city": "Rennes",
            "country": "FR",
        },
        "email": "contact@boulangerie-martin.fr",
        "phone": "02 99 00 00 00",
        "legal_representative": {"name": "Paul Martin"},
    },
    "data_subjects": {"clients": {"name": "Clients", "description": "Titulaires de la carte"}},
    "data_categories": {
        "nom-prenom-date-de-naissance": {"name": "Nom, prénom, date de naissance"},
        "historique-des-achats": {"name": "Historique des achats"},
    },
    "recipients": {
        "brevo": {
            "name": "Brevo",
            "role": "processor",
            "category": "Sous-traitants",
            "country": "FR",
            "transfers": [
                {"country": "US", "mechanism": "scc", "reference": "Contrat Brevo, annexe 2"}
            ],
        }
    },
    "security_measures": {
        "sauvegarde-hebdomadaire": {"name": "Sauvegarde hebdomadaire", "type": "technical"}
    },
    "activities": {
        "fidelite": {
            "name": "Carte de fidélité",
            "description": "Offres réservées aux clients fidèles\n\n- Offres d'anniversaire",
            "legal_bases": [{"basis": "consent"}],
            "data_subjects": ["clients"],
            "data_categories": ["nom-prenom-date-de-naissance", "historique-des-achats"],
            "recipients": ["brevo"],
            "retention": [
                {
                    "categories": ["nom-prenom-date-de-naissance"],
                    "period": "3 years",
                    "from": "le dernier achat",
                },
                {"categories": ["historique-des-achats"], "period": "3 years"},
            ],
            "security_measures": ["sauvegarde-hebdomadaire"],
            "reviewed": "2026-03-01",
            "notes": "Date de création: 01/02/2025",
        }
    },
}


def _fiche(order: tuple[str, ...] = tuple(FICHE)) -> list[list[str]]:
    return [row for section in order for row in FICHE[section]]


def _xlsx(path: Path, sheets: dict[str, list[list[str]]], merge: bool = False) -> Path:
    """An xlsx of these sheets; with ``merge``, every value of two cells or more merged over
    the empty cells to its right, as the CNIL's model merges them."""
    workbook = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if merge and c == len(row) - 1 and c >= 1 and len(row) == 2:
                    sheet.merge_range(r, c, r, c + 3, value)
                elif value:
                    sheet.write_string(r, c, value)
    workbook.close()
    return path


def test_a_small_register_reads_exactly() -> None:
    imported = read_cnil([Sheet("Registre", SUMMARY), Sheet("Fidélité", _fiche())])
    assert imported.sections == EXPECTED
    # what was read by a guess is said, where it was
    notes = {(n.cell.sheet, n.cell.row, n.cell.column, n.what) for n in imported.notes}
    assert ("Fidélité", 11, "C (Durée de conservation)", "guessed") in notes
    assert ("Registre", 15, "G (Données sensibles ?)", "guessed") in notes
    assert ("Registre", 15, "D (Date de création)", "unmapped") in notes
    assert imported.todos[("organization", "supervisory_authority")].startswith("where complaints")
    assert "the type, check" in imported.todos[("recipients", "brevo", "category")]


def test_the_same_content_in_ods_and_xlsx_reads_the_same(tmp_path: Path) -> None:
    sheets = {"Registre": SUMMARY, "Fidélité": _fiche()}
    from_ods = read_cnil(read(ods(tmp_path / "r.ods", dict(sheets.items()))))  # type: ignore[arg-type]
    from_xlsx = read_cnil(read(_xlsx(tmp_path / "r.xlsx", sheets)))
    merged = read_cnil(read(_xlsx(tmp_path / "m.xlsx", sheets, merge=True)))
    assert from_ods.sections == from_xlsx.sections == merged.sections == EXPECTED
    assert from_ods.notes == from_xlsx.notes == merged.notes


def test_labels_moved_reordered_and_reworded_still_read() -> None:
    order = ("transfers", "measures", "title", "subjects", "categories", "purposes", "recipients")
    shifted = [["", "", *row] for row in _fiche((*order, "description"))]
    reworded = {  # the words people use for the same labels
        "Nom du traitement": "Nom / sigle :",
        "Durée de conservation": "Délai d'effacement",
        "Mise à jour": "Date de dernière mise à jour",
    }
    shifted = [[reworded.get(cell, cell) for cell in row] for row in shifted]
    spaced: list[list[str]] = []
    for row in shifted:  # a blank row after each
        spaced += [row, []]
    listing, contacts = SUMMARY[13:], SUMMARY[:13]  # the list first, a column further right
    summary = [[row[0], "", *row[1:]] if row else row for row in [*listing, [], *contacts]]
    imported = read_cnil([Sheet("Fiche", spaced), Sheet("Registre", summary)])
    assert imported.sections == EXPECTED


def test_the_basic_model_rows_checks_and_instructions() -> None:
    """The CNIL's basic register: a row a kind with its value beside it, a mark for a
    category, the model's instructions left in place."""
    fiche = [
        ["Fiche de registre de l'activité", "Gestion du personnel"],
        ["Objectifs poursuivis", "Suivi des carrières et des formations"],
        ["Catégories de personnes concernées", "Salariés", "Stagiaires"],
        ["Catégories de données collectées"],
        [
            "Vie professionnelle (ex. CV, situation professionnelle, scolarité, formation, distinctions, diplômes, etc.)",
            "X",
        ],
        [
            "Données de localisation (ex. déplacements, données GPS, GSM, etc.)",
            "Ex : déplacements",
        ],
        ["Des données sensibles sont-elles traitées ?", "Non"],
        ["Durées de conservation des catégories de données", "5 ans après le départ"],
        ["Catégories de destinataires des données"],
        [
            "Destinataires internes (entité ou service, catégories de personnes habilitées, direction informatique, etc.)",
            "Service RH",
        ],
        [
            "Sous-traitants (hébergeurs, prestataires et maintenance informatiques, etc.)",
            "Lucca",
        ],
        ["Mesures de sécurité"],
        ["Contrôle d'accès des utilisateurs", "Comptes nominatifs"],
        ["Mesures de traçabilité", "Cliquez ici pour saisir du texte."],
    ]
    imported = read_cnil([Sheet("Fiche", fiche)])
    sections = imported.sections
    activity = sections["activities"]["gestion-du-personnel"]
    assert activity == {
        "name": "Gestion du personnel",
        "description": "Suivi des carrières et des formations",
        "data_subjects": ["salaries", "stagiaires"],
        "data_categories": ["vie-professionnelle"],
        "recipients": ["service-rh", "lucca"],
        "retention": [{"period": "5 years", "from": "le départ"}],
        "security_measures": ["comptes-nominatifs"],
    }
    assert sections["recipients"]["service-rh"]["role"] == "internal"
    assert sections["recipients"]["lucca"]["role"] == "processor"
    assert sections["security_measures"]["comptes-nominatifs"]["type"] == "technical"
    reasons = {(n.cell.row, n.value): n.reason for n in imported.notes}
    assert "a mark" in reasons[5, "X"]
    assert "instruction" in reasons[6, "Ex : déplacements"]
    assert "instruction" in reasons[14, "Cliquez ici pour saisir du texte."]
    assert "read as no" in reasons[7, "Non"]
    assert ("activities", "gestion-du-personnel", "legal_bases") in imported.todos


def test_an_activity_listed_without_a_fiche_is_imported_with_its_todos() -> None:
    summary = [
        *SUMMARY,
        ["Activité 2", "Vidéoprotection", "", "", "", "Sécurité du magasin", "Non"],
    ]
    imported = read_cnil([Sheet("Registre", summary), Sheet("Fidélité", _fiche())])
    activity = imported.sections["activities"]["videoprotection"]
    assert activity == {"name": "Vidéoprotection", "description": "Sécurité du magasin"}
    todos = imported.todos
    assert "no fiche" in todos[("activities", "videoprotection")]
    for key in ("legal_bases", "retention", "data_subjects", "data_categories"):
        assert ("activities", "videoprotection", key) in todos


def test_the_embedded_sheet_and_the_models_other_sheets_are_left_out() -> None:
    sheets = [
        Sheet("Tutoriel", [["Remplissez une fiche par activité."]]),
        Sheet("Registre", SUMMARY),
        Sheet("Fidélité", _fiche()),
        Sheet("4 - Exemple de fiche", _fiche()),
        Sheet("5 - Listes", [["Salariés"], ["Clients"]]),
        Sheet("ropa", [["ropa-declarations/1"]]),
    ]
    imported = read_cnil(sheets)
    assert imported.sections == EXPECTED
    skipped = {n.cell.sheet for n in imported.notes if n.cell.row == 0}
    assert skipped == {"Tutoriel", "4 - Exemple de fiche", "5 - Listes"}


# --- Free text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("13 mois", {"period": "13 months"}),
        ("3 ans", {"period": "3 years"}),
        (
            "5 ans à compter de la fin de la relation commerciale",
            {"period": "5 years", "from": "la fin de la relation commerciale"},
        ),
        (
            "13 mois à compter du dépôt du cookie",
            {"period": "13 months", "from": "le dépôt du cookie"},
        ),
        ("2 ans après le dernier contact", {"period": "2 years", "from": "le dernier contact"}),
        (
            "3 years from the end of the contract",
            {"period": "3 years", "from": "the end of the contract"},
        ),
        ("Durée du contrat + 3 ans", {"criteria": "Durée du contrat + 3 ans"}),
        ("Jusqu'à la fin du contrat", {"criteria": "Jusqu'à la fin du contrat"}),
    ],
)
def test_retention_in_words(text: str, read: dict[str, str]) -> None:
    assert read_retention(text)[0] == read


@pytest.mark.parametrize(
    ("text", "mechanism"),
    [
        ("Clauses contractuelles types", ("scc", None)),
        ("CCT", ("scc", None)),
        ("Décision d'adéquation", ("adequacy", None)),
        ("Data Privacy Framework", ("dpf", None)),
        ("BCR", ("bcr", None)),
        ("Dérogation (art. 49.1.b)", ("derogation", "b")),
        ("Privacy Shield", ("privacy_shield", None)),
        ("Aucune", None),
    ],
)
def test_guarantees_in_words(text: str, mechanism: tuple[str, str | None] | None) -> None:
    assert read_mechanism(text) == mechanism


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-09-01", "2026-09-01"),
        ("01/09/2026", "2026-09-01"),
        ("1.9.26", "2026-09-01"),
        ("1er septembre 2026", "2026-09-01"),  # as ropa writes it in French
        ("15 janvier 2025", "2025-01-15"),
        ("17 août 2026", "2026-08-17"),
        ("15 January 2025", "2025-01-15"),
        ("January 15, 2025", "2025-01-15"),
        ("31 février 2025", None),
        ("septembre 2026", None),
        ("bientôt", None),
    ],
)
def test_dates_in_figures_and_in_words(text: str, day: str | None) -> None:
    assert read_date(text) == day


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        # hashing is how passwords are checked, not encryption: access control
        ({"en": "Hashed and salted passwords", "fr": "Mots de passe hachés et salés"}, "access"),
        ({"fr": "Hachage des mots de passe"}, "access"),
        ({"en": "Passwords stored with bcrypt"}, "access"),
        ({"en": "Argon2id password hashing"}, "access"),
        ({"en": "TLS encryption of payment data"}, "encryption"),
        ({"fr": "Chiffrement des données au repos"}, "encryption"),
        ({"en": "Secure backup servers"}, "backup"),
    ],
)
def test_the_type_of_a_measure(name: dict[str, str], kind: str) -> None:
    measure = SecurityMeasure.model_validate({"name": name, "type": "technical"})
    assert measure_type(measure) == kind


def test_the_purpose_is_the_name_and_the_description_a_sub_purpose() -> None:
    """« Finalité principale » repeating the name adds nothing; a sub-purpose alone is the
    description, as written; several are listed after it."""
    fiche = [
        ["Nom du traitement", "Carte de fidélité"],
        ["Finalité(s) du traitement effectué"],
        ["Finalité principale", "Carte de fidélité"],
        ["Sous-finalité 1", "Offres réservées aux clients fidèles.\nUne ligne de plus."],
        ["Sous-finalité 2"],
    ]
    activity = read_cnil([Sheet("Fiche", fiche)]).sections["activities"]["carte-de-fidelite"]
    assert activity["description"] == "Offres réservées aux clients fidèles.\nUne ligne de plus."
    fiche[4] = ["Sous-finalité 2", "Offres d'anniversaire"]
    activity = read_cnil([Sheet("Fiche", fiche)]).sections["activities"]["carte-de-fidelite"]
    assert activity["description"] == (
        "- Offres réservées aux clients fidèles.\nUne ligne de plus.\n- Offres d'anniversaire"
    )


@pytest.mark.parametrize("language", [0, 1])
def test_the_layouts_words_read_back(language: int) -> None:
    for basis, labels in BASES.items():
        parsed = parse_basis(labels[language])
        assert parsed is not None
        assert parsed.value == basis.value
    for condition, labels in CONDITIONS.items():
        parsed_condition = parse_condition(labels[language])
        assert parsed_condition is not None
        assert parsed_condition.value == condition.value
    for mechanism, labels in GUARANTEES.items():
        text = labels[language].replace("%s", "c")
        read_back = read_mechanism(text)
        assert read_back is not None
        assert read_back[0] == mechanism.value
    for key, labels in LABELS.items():
        if key not in ("yes", "no", "summary_sheet"):
            assert is_label(labels[language]), labels[language]


def test_instructions_and_labels() -> None:
    assert is_instruction("Cliquez ici pour saisir du texte.")
    assert is_instruction("Ex : nom, prénom")
    assert not is_instruction("Ex-salariés")
    assert is_label("Données de connexion (adress IP, logs, etc.)")  # the CNIL's own typo
    assert is_label("Catégorie 3")
    assert is_label("Nom :")
    assert not is_label("Chiffrement des échanges (TLS)")


def test_sheet_names() -> None:
    taken: set[str] = set()
    names = [sheet_name(n, taken) for n in ["1 - A/B: [c]*?", "x" * 40, "x" * 40, "Registre"]]
    assert names[0] == "1 - A-B- -c---"
    assert names[1] == "x" * 31
    assert names[2] == "x" * 27 + " (2)"
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)


# --- The round trip of data/ -----------------------------------------------------------------

#: What the CNIL's layout cannot hold, so what a register read back from it lacks.
NOT_IN_CNIL = {
    "missing-field",  # the policy section and the supervisory authority
    "provision-undeclared",  # whether the data must be provided (Art. 13(2)(e))
    "processor-without-dpa",  # the processors' contracts (Art. 28(3))
    "joint-arrangement-missing",  # the Art. 26 arrangement with joint controllers
}


def _sheets(tables: list[Any]) -> list[Sheet]:
    """The tables as a reader gives them back: text trimmed, trailing empties dropped."""
    sheets = []
    for table in tables:
        rows = [[cell.strip() for cell in row] for row in table.rows]
        for row in rows:
            while row and not row[-1]:
                row.pop()
        sheets.append(Sheet(table.name, rows))
    return sheets


#: An activity with special categories, an Art. 9(2) condition and a transfer by derogation,
#: added to a copy of data/ (which has none).
EXTRA = """\
data_categories:
  health-at-work:
    name: {en: Occupational health fitness, fr: Aptitude médicale au poste}
    special: health
  offences:
    name: {en: Criminal record extract, fr: Extrait de casier judiciaire}
    special: criminal_convictions
recipients:
  occupational-health:
    name: {en: Occupational health service, fr: Service de santé au travail}
    role: controller
    category: {en: Health services, fr: Services de santé}
    country: FR
    transfers:
      - {country: IN, mechanism: derogation, derogation: b}
activities:
  staff-health:
    name: {en: Following staff fitness for work, fr: Suivi de l'aptitude des salariés}
    legal_bases:
      - basis: legal_obligation
        law: Code du travail, art. L. 4624-1
    special_conditions:
      - {condition: h, law: Code du travail, art. L. 4624-1}
      - {condition: art10, law: Code de procédure pénale, art. 776}
    data_subjects: [customers]
    data_categories: [health-at-work, offences]
    recipients: [occupational-health]
    retention:
      - {period: P5Y, from: {en: the end of the employment, fr: la fin du contrat de travail}}
    security_measures: [need-to-know-access]
    provision: {requirement: statutory}
    reviewed: 2026-09-01
"""


#: The findings of data/ with the activity added (its impact assessment is undecided).
BEFORE = {"dpia-undecided", "transfer-by-derogation"}


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Register:
    folder = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(DATA, folder)
    (folder / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    result = validate(folder, TODAY)
    assert result.register is not None
    assert {f.rule for f in result.findings} == BEFORE
    return result.register


def _text(value: Text | str | None, code: str) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else value.get(code, "en")


def _content(register: Register, code: str) -> dict[str, Any]:
    """The Art. 30 content the layout holds, by activity id, in names rather than ids."""

    def names(entries: list[Any]) -> frozenset[str]:
        return frozenset(_text(e.name, code) for e in entries)

    def activity(a: Activity) -> dict[str, Any]:
        return {
            "name": _text(a.name, code),
            "description": " ".join(_text(a.description, code).split()),
            "role": a.role.value,
            "owner": _text(a.owner, code),
            "reviewed": a.reviewed,
            "bases": sorted(
                (
                    b.basis.value,
                    _text(b.interest or b.law or b.withdrawal, code),
                    _text(b.balancing_test, code),
                    names(b.category_entries) if b.categories else frozenset(),
                )
                for b in a.legal_bases
            ),
            "conditions": sorted(
                (c.condition.value, _text(c.law, code)) for c in a.special_conditions
            ),
            "subjects": {
                (_text(s.name, code), _text(s.description, code)) for s in a.subject_entries
            },
            "categories": {(_text(c.name, code), c.special) for c in a.category_entries},
            "recipients": {
                (_text(r.name, code), r.role.value, r.country)
                for r in [*a.recipient_entries, *a.joint_controller_entries]
            },
            "joint": names(a.joint_controller_entries),
            "transfers": {
                (
                    _text(r.name, code),
                    t.country,
                    t.mechanism.value,
                    t.derogation,
                    _text(t.reference, code),
                )
                for r in [*a.recipient_entries, *a.joint_controller_entries]
                for t in r.transfers
            },
            "retention": {
                (
                    r.period.iso if r.period else "",
                    " ".join(_text(r.from_, code).split()),
                    _text(r.criteria, code),
                    names(r.category_entries),
                )
                for r in a.retention
            },
            "measures": {(_text(m.name, code), m.type.value) for m in a.measure_entries},
        }

    return {a.id: activity(a) for a in register.activities.values() if a.role.value != "processor"}


@pytest.mark.parametrize("code", ["fr", "en"])
def test_round_trip_keeps_what_the_layout_holds(
    register: Register, tmp_path: Path, code: str
) -> None:
    doc = Document(register, Lang(code, "en"))
    tables = cnil_tables(doc)
    assert tables[0].name == ("Registre" if code == "fr" else "Register")
    assert len(tables) == 1 + len(doc.controller_activities)
    for table in tables:
        assert len(table.name) <= 31
        assert not re.search(r"[\[\]:*?/\\]", table.name)
        assert all(isinstance(cell, str) for row in table.rows for cell in row)
    assert len({t.name.casefold() for t in tables}) == len(tables)
    say = {key: labels[0 if code == "fr" else 1] for key, labels in LABELS.items()}
    # the purpose as a heading (the name) in « Finalité principale », the description below it
    for activity, table in zip(doc.controller_activities, tables[1:], strict=True):
        at = next(i for i, row in enumerate(table.rows) if row[:1] == [say["main_purpose"]])
        assert table.rows[at : at + 4] == [
            [say["main_purpose"], _text(activity.name, code)],
            [f"{say['sub_purpose']} 1", _text(activity.description, code).strip()],
            [f"{say['sub_purpose']} 2", ""],
            [f"{say['sub_purpose']} 3", ""],
        ]
        updated = next(row for row in table.rows if row[:1] == [say["updated"]])
        assert updated[1:] == (["1er septembre 2026"] if code == "fr" else ["2026-09-01"])
    listed = next(row for row in tables[0].rows if row[:1] == [f"{say['activity']} 1"])
    assert listed[1] == listed[5] == _text(doc.controller_activities[0].name, code)
    guarantees = {row[3] for table in tables[1:] for row in table.rows if len(row) > 3}
    dpf = GUARANTEES[Mechanism.DPF][0 if code == "fr" else 1]
    assert dpf in guarantees
    assert dpf.startswith(
        "Cadre de protection des données UE-États-Unis (Data Privacy Framework)"
        if code == "fr"
        else "EU-US Data Privacy Framework"
    )

    sheets = _sheets(tables)
    imported = read_cnil(sheets)
    write_register(tmp_path / "back", imported)
    result = validate(tmp_path / "back", TODAY)
    assert result.register is not None
    assert {f.rule for f in result.findings} == BEFORE | NOT_IN_CNIL
    missing = sorted(f.message.split("'")[1] for f in result.findings if f.rule == "missing-field")
    assert missing == ["policy", "supervisory_authority"]
    assert _content(result.register, code) == _content(register, code)
    organization = result.register.organization
    assert organization is not None
    assert register.organization is not None
    assert organization.name == register.organization.name
    assert organization.address == register.organization.address
    assert organization.email == register.organization.email
    assert _unaccounted(sheets, imported, tmp_path / "back") == []


# --- The sample: a real-looking file, as people fill the model in ------------------------------

#: What the sample never said, so what the register imported from it still lacks.
SAMPLE_FINDINGS = {
    "missing-field",  # the policy, the authority; roles of « Autre », countries, a measure's type
    "legal-basis-missing",  # the activity listed without a fiche
    "retention-missing",  # the same, and a category with no retention
    "security-measures-missing",  # the same
    "legal-obligation-unreferenced",  # « Obligation légale » without its law
    "legitimate-interest-undescribed",  # « Intérêt légitime » without the interest
    "legitimate-interest-unassessed",
    "consent-withdrawal-missing",  # « Consentement » without how it is withdrawn
    "legal-basis-unallocated",  # « Contrat ; Intérêt légitime »: which covers what
    "special-category-without-condition",  # health data with no Art. 9(2) condition
    "dpia-undecided",
    "processor-without-dpa",
    "provision-undeclared",
    "joint-arrangement-missing",
    "transfer-undocumented",  # a guarantee with no documentation
    "transfer-unassessed",  # no transfer impact assessment
}


def _register_texts(folder: Path) -> tuple[str, set[str]]:
    """The written files' text (comments included) and every key and scalar in them."""
    raw = "".join(path.read_text(encoding="utf-8") for path in sorted(folder.iterdir()))
    strings: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                strings.add(str(key))
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        else:
            strings.add(str(value))

    for path in folder.iterdir():
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return raw, strings


def _forms(line: str) -> list[str]:
    """A cell's line and what a parser reads it as."""
    forms = [line]
    for parse in (parse_country, parse_duration, parse_basis, parse_condition):
        parsed = parse(line)
        if parsed is not None:
            forms.append(parsed.value)
    mechanism = read_mechanism(line)
    if mechanism is not None:
        forms.append(mechanism[0])
    day = read_date(line)
    if day:
        forms.append(day)
    return forms


def _unaccounted(sheets: list[Sheet], imported: Imported, folder: Path) -> list[str]:
    """Every non-empty cell that is neither a label of the model, nor in the written register
    (as written or as read), nor in a note with its sheet, row and column."""
    raw, strings = _register_texts(folder)
    noted = {(n.cell.sheet, n.cell.row, n.cell.column.split(" ")[0]) for n in imported.notes}
    whole = {n.cell.sheet for n in imported.notes if n.cell.row == 0}
    missing = []
    for sheet in sheets:
        if sheet.name in whole or sheet.name == "ropa":
            continue
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                text = value.strip()
                if not text or (r, c) in sheet.merged:
                    continue
                if (sheet.name, r + 1, column_letter(c)) in noted or is_label(text):
                    continue
                lines = [part.strip() for part in re.split(r"\n|; ", text) if part.strip()]
                if all(
                    any(f in raw or any(f in s for s in strings) for f in _forms(line))
                    for line in lines
                ):
                    continue
                missing.append(f"{sheet.name}!{column_letter(c)}{r + 1}: {text}")
    return missing


def test_the_sample_is_made_by_its_script() -> None:
    spec = importlib.util.spec_from_file_location("make_cnil", SAMPLES / "make_cnil.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    built = zipfile.ZipFile(io.BytesIO(module.build()))
    with zipfile.ZipFile(SAMPLE) as committed:  # the same files (compressed bytes vary by zlib)
        assert committed.namelist() == built.namelist()
        for name in committed.namelist():
            assert committed.read(name) == built.read(name), name
    assert SAMPLE.stat().st_size <= 40_000


def test_the_sample_imports_with_every_cell_accounted_for(tmp_path: Path) -> None:
    sheets = read(SAMPLE)
    imported = read_cnil(sheets)
    write_register(tmp_path / "reg", imported)
    assert _unaccounted(sheets, imported, tmp_path / "reg") == []
    result = validate(tmp_path / "reg", TODAY)
    assert {f.rule for f in result.findings} == SAMPLE_FINDINGS
    assert result.register is not None
    activities = imported.sections["activities"]
    assert len(activities) == 12
    assert activities["gestion-de-la-paie"]["retention"] == [
        {"period": "5 years", "from": "le départ du salarié"}
    ]
    assert activities["gestion-des-fournisseurs"]["retention"] == [
        {
            "categories": ["nom-et-coordonnees-des-interlocuteurs"],
            "criteria": "Durée du contrat + 3 ans",
        },
        {"categories": ["coordonnees-bancaires-rib-des-fournisseurs"], "period": "10 years"},
    ]
    site = activities["site-web-cookies-et-mesure-d-audience"]
    assert site["role"] == "joint_controller"
    assert site["joint_controllers"] == ["meta-platforms-ireland-limited", "google-ireland-limited"]
    recipients = imported.sections["recipients"]
    assert recipients["centre-d-appels-atlas-contact"]["transfers"] == [
        {"country": "MA", "mechanism": "scc", "reference": "Annexe 3 du contrat de prestation"}
    ]
    assert recipients["meta-platforms-ireland-limited"]["country"] == "IE"
    categories = imported.sections["data_categories"]
    assert categories["avis-d-aptitude-de-la-medecine-du-travail"]["special"] == "health"
    assert categories["donnees-de-connexion"] == {"name": "Données de connexion"}  # the « X »
    assert imported.sections["organization"]["dpo"]["name"] == "Claire Martin (DPO Conseil SAS)"
    assert "gestion-des-badges-d-acces" in activities  # listed, no fiche


def test_another_language_has_the_english_labels_and_reads_back(register: Register) -> None:
    """A document in German: the layout's labels in English, countries and periods in the
    words the import reads (English), the register's texts as it has them."""
    tables = cnil_tables(Document(register, Lang("de", "en")))
    assert tables[0].name == "Register"
    assert tables[1].rows[0][0] == "Record sheet"
    imported = read_cnil(_sheets(tables))
    staff = imported.sections["activities"]["staff-health"]
    assert staff["retention"] == [{"period": "5 years", "from": "the end of the employment"}]
    assert imported.sections["recipients"]["occupational-health-service"]["transfers"] == [
        {"country": "IN", "mechanism": "derogation", "derogation": "b"}
    ]


def test_answers_in_the_rows_of_data() -> None:
    """« Non » beside a row of data: none of it; « Oui » beside a sensitive row: that data."""
    fiche = [
        ["Nom du traitement", "Médecine du travail"],
        ["Catégories de données personnelles concernées", "Description", "Durée de conservation"],
        ["Vie personnelle (habitudes de vie, situation familiale, etc.)", "Non"],
        ["Données sensibles", "Description", "Durée de conservation"],
        ["Données concernant la santé", "Oui", "Durée du contrat"],
        ["Données génétiques", "Non"],
    ]
    imported = read_cnil([Sheet("Fiche", fiche)])
    assert imported.sections["data_categories"] == {
        "donnees-concernant-la-sante": {"name": "Données concernant la santé", "special": "health"}
    }
    activity = imported.sections["activities"]["medecine-du-travail"]
    assert activity["retention"] == [{"criteria": "Durée du contrat"}]
    reasons = {(n.cell.row, n.value): n.reason for n in imported.notes}
    assert reasons[3, "Non"] == reasons[6, "Non"] == "« Non »: the row's data are not processed"
    assert "a mark" in reasons[5, "Oui"]
