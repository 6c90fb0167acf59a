"""Writes ``cnil-registre.ods``: the CNIL's simplified model register (« registre-traitement-
simplifie.ods ») filled in as a small French company fills it in: a summary sheet and eleven
fiches, merged cells where the model merges them, free-text retention, legal bases as words,
countries by their French names, Oui/Non answers, blanks, and the model's instruction text left
in some cells. A twelfth activity is listed in the summary without a fiche.

Run it from the repository's root: ``.venv/bin/python tests/interop/samples/make_cnil.py``.
The bytes are the same on every run (fixed zip dates, namespaces in one order, no meta.xml
timestamps), so that the committed file changes only when this script does.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableCellProperties, TableColumnProperties, TextProperties
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
from odf.text import P

from ropa.render.workbook import sorted_namespaces

OUT = Path(__file__).with_name("cnil-registre.ods")
_DATE = (2026, 9, 15, 0, 0, 0)

#: A cell: its text, and how many columns and rows it spans (the model's merged cells).
Cell = str | tuple[str, int] | tuple[str, int, int] | None

COMPANY = "Atelier Boréal SARL"
ADDRESS = ("12 rue des Tanneurs", "69002", "Lyon", "France")
PHONE = "04 72 10 20 30"
EMAIL = "rgpd@atelier-boreal.fr"
DPO = ("Claire Martin", "8 quai Saint-Vincent", "69001", "Lyon", "France", "04 78 00 11 22", "dpo@dpo-conseil.fr")  # fmt: skip

#: The simplified model's rows of data categories (« adress IP » as the CNIL writes it).
CIVIL = "État civil, identité, données d'identification, images…"
PERSONAL = "Vie personnelle (habitudes de vie, situation familiale, etc.)"
ECONOMIC = "Informations d'ordre économique et financier (revenus, situation financière, situation fiscale, etc.)"  # fmt: skip
CONNECTION = "Données de connexion (adress IP, logs, etc.)"
LOCATION = "Données de localisation (déplacements, données GPS, GSM, etc.)"
NIR = "Numéro de Sécurité Sociale (ou NIR)"
SENSITIVE = (
    "Données révélant l'origine raciale ou ethnique",
    "Données révélant les opinions politiques",
    "Données révélant les convictions religieuses ou philosophiques",
    "Données révélant l'appartenance syndicale",
    "Données génétiques",
    "Données biométriques aux fins d'identifier une personne physique de manière unique",
    "Données concernant la santé",
    "Données concernant la vie sexuelle ou l'orientation sexuelle",
    "Données relatives à des condamnations pénales ou infractions",
)
INTERNAL = "Service interne qui traite les données"
PROCESSOR = "Sous-traitants"
PARTNER = "Partenaires institutionnels ou commerciaux"
OTHER = "Autre (Préciser)"


@dataclass
class Fiche:
    """One activity as the company wrote it in the model's fiche."""

    ref: str
    name: str
    created: str
    updated: str
    purpose: str
    subs: list[str]
    basis: str
    data: dict[str, tuple[str, str]]  # row of the model → (description, retention)
    persons: list[tuple[str, str]]
    recipients: list[tuple[str, str]]
    measures: list[tuple[str, str]]
    sensitive: dict[str, tuple[str, str]] = field(default_factory=dict)
    joint: list[tuple[str, str]] = field(default_factory=list)
    transfers: list[tuple[str, str, str, str]] = field(default_factory=list)
    extra_rows: list[tuple[str, str, str]] = field(default_factory=list)


LEAVE = "5 ans à compter du départ du salarié"
FICHES = [
    Fiche(
        "T-01", "Gestion de la paie", "12/03/2021", "15/09/2026",
        "Calcul et versement des salaires, bulletins de paie et déclarations sociales (DSN)",
        ["Remboursement des frais professionnels", "Prélèvement à la source de l'impôt sur le revenu", "Cliquez ici pour saisir du texte."],
        "Obligation légale",
        {
            CIVIL: ("Nom, prénom, adresse, date de naissance", LEAVE),
            PERSONAL: ("Situation familiale, nombre d'enfants à charge", LEAVE),
            ECONOMIC: ("RIB, salaire, primes, taux de prélèvement à la source", LEAVE),
            NIR: ("Numéro de sécurité sociale des salariés", LEAVE),
        },
        [("Salariés", "Salariés en CDI et CDD, apprentis et stagiaires gratifiés")],
        [
            (INTERNAL, "Service des ressources humaines"),
            (PROCESSOR, "Cabinet Expertis (prestataire de paie)"),
            (OTHER, "Organismes sociaux (URSSAF, caisses de retraite) et administration fiscale"),
        ],
        [
            ("Contrôle d'accès des utilisateurs", "Accès au logiciel de paie réservé au service RH"),
            ("Sauvegarde des données", "Sauvegarde quotidienne chiffrée"),
            ("Contrôle des sous-traitants", "Clauses RGPD dans le contrat du prestataire de paie"),
        ],
        sensitive={SENSITIVE[6]: ("Arrêts de travail pour maladie (dates, sans motif médical)", LEAVE)},
    ),
    Fiche(
        "T-02", "Gestion des clients et des prospects", "12/03/2021", "02/06/2026",
        "Suivi de la relation commerciale : devis, commandes, facturation, fidélisation",
        ["Relances des devis non signés", "", ""],
        "Contrat ; Intérêt légitime",
        {
            CIVIL: ("Nom, prénom, adresse postale, e-mail, téléphone", "3 ans à compter du dernier contact"),
            PERSONAL: ("Ex : habitudes de vie, centres d'intérêt", ""),
            ECONOMIC: ("Historique des commandes et des paiements", "5 ans à compter de la fin de la relation commerciale"),
        },
        [("Clients", "Particuliers et professionnels ayant passé commande"), ("Prospects", "Personnes ayant demandé un devis")],
        [(INTERNAL, "Service commercial"), (PROCESSOR, "Sellsy (logiciel de gestion commerciale)")],
        [
            ("Contrôle d'accès des utilisateurs", "Comptes nominatifs et mots de passe robustes"),
            ("Sauvegarde des données", "Sauvegarde quotidienne chiffrée"),
        ],
    ),
    Fiche(
        "T-03", "Gestion des fournisseurs", "12/03/2021", "02/06/2026",
        "Commandes aux fournisseurs de bois et de quincaillerie, suivi des livraisons et des paiements",
        ["", "", ""],
        "Contrat",
        {
            CIVIL: ("Nom et coordonnées des interlocuteurs", "Durée du contrat + 3 ans"),
            ECONOMIC: ("Coordonnées bancaires (RIB) des fournisseurs", "10 ans"),
        },
        [("Fournisseurs", "Interlocuteurs chez nos fournisseurs")],
        [(INTERNAL, "Service achats et comptabilité")],
        [("Contrôle d'accès des utilisateurs", "Comptes nominatifs et mots de passe robustes")],
    ),
    Fiche(
        "T-04", "Recrutement", "05/01/2022", "10/07/2026",
        "Gestion des candidatures et des entretiens d'embauche",
        ["Constitution d'un vivier de candidats (avec leur accord)", "", ""],
        "Mesures précontractuelles (contrat)",
        {CIVIL: ("CV, lettre de motivation, coordonnées", "2 ans après le dernier contact avec le candidat")},
        [("Candidats", "Candidats à un emploi ou à un stage")],
        [(INTERNAL, "Direction et managers concernés"), (PROCESSOR, "Welcome to the Jungle (diffusion des offres)")],
        [("Contrôle d'accès des utilisateurs", "Accès aux candidatures limité aux recruteurs")],
        extra_rows=[("Vie professionnelle (CV, diplômes)", "Diplômes, expériences professionnelles", "2 ans après le dernier contact avec le candidat")],
    ),
    Fiche(
        "T-05", "Vidéosurveillance des locaux", "05/01/2022", "10/07/2026",
        "Sécurité des biens et des personnes dans l'atelier et le showroom",
        ["", "", ""],
        "Intérêt légitime",
        {CIVIL: ("Images des personnes filmées", "30 jours")},
        [("Salariés", ""), ("Autres", "Visiteurs, clients et livreurs")],
        [(INTERNAL, "Gérant"), (OTHER, "Forces de l'ordre, sur réquisition")],
        [
            ("Contrôle d'accès des utilisateurs", "Visionnage réservé au gérant"),
            ("Mesures de traçabilité", "Journal des accès aux enregistrements"),
        ],
    ),
    Fiche(
        "T-06", "Messagerie professionnelle", "05/01/2022", "10/07/2026",
        "Messagerie électronique et agenda partagé des salariés",
        ["", "", ""],
        "Intérêt légitime",
        {
            CIVIL: ("Nom, adresse e-mail professionnelle", "Durée du contrat de travail"),
            CONNECTION: ("X", "1 an"),
        },
        [("Salariés", "")],
        [(PROCESSOR, "Microsoft Ireland Operations Ltd (Microsoft 365)")],
        [
            ("Chiffrement des données", "Chiffrement des échanges (TLS)"),
            ("Contrôle d'accès des utilisateurs", "Authentification à deux facteurs"),
        ],
        transfers=[("Microsoft Ireland Operations Ltd (Microsoft 365)", "États-Unis", "Data Privacy Framework", "https://www.dataprivacyframework.gov/list")],
    ),
    Fiche(
        "T-07", "Site web, cookies et mesure d'audience", "20/04/2023", "10/07/2026",
        "Mesure d'audience du site et publicité ciblée sur les réseaux sociaux",
        ["", "", ""],
        "Consentement",
        {CONNECTION: ("Adresse IP, identifiants des cookies", "13 mois")},
        [("Autres", "Visiteurs du site")],
        [(PARTNER, "Meta Platforms Ireland Limited"), (PROCESSOR, "Matomo Cloud (InnoCraft)")],
        [("Chiffrement des données", "Chiffrement des échanges (TLS)")],
        joint=[("Meta Platforms Ireland Limited", "Irlande"), ("Google Ireland Limited", "Irlande")],
        transfers=[("Meta Platforms Ireland Limited", "États-Unis", "Data Privacy Framework", "")],
    ),
    Fiche(
        "T-08", "Comptabilité", "12/03/2021", "02/06/2026",
        "Tenue de la comptabilité générale et conservation des pièces comptables",
        ["", "", ""],
        "Obligation légale",
        {
            CIVIL: ("Nom et adresse des clients et fournisseurs", "10 ans à compter de la clôture de l'exercice"),
            ECONOMIC: ("Factures et règlements", "10 ans à compter de la clôture de l'exercice"),
        },
        [("Clients", ""), ("Fournisseurs", "")],
        [
            (INTERNAL, "Service achats et comptabilité"),
            (PROCESSOR, "Cabinet Expertis (expert-comptable)"),
            (OTHER, "Commissaire aux comptes et administration fiscale"),
        ],
        [("Sauvegarde des données", "Sauvegarde quotidienne chiffrée")],
    ),
    Fiche(
        "T-09", "Newsletter", "20/04/2023", "10/07/2026",
        "Envoi de la lettre d'information et d'offres promotionnelles",
        ["", "", ""],
        "Consentement",
        {CIVIL: ("Adresse e-mail, prénom", "3 ans à compter du dernier clic ou de la dernière ouverture")},
        [("Prospects", "Abonnés à la newsletter"), ("Clients", "")],
        [(PROCESSOR, "Mailchimp (The Rocket Science Group LLC)")],
        [("Autres mesures (à préciser)", "Lien de désinscription dans chaque message")],
        transfers=[("Mailchimp (The Rocket Science Group LLC)", "États-Unis", "Clauses contractuelles types", "")],
    ),
    Fiche(
        "T-10", "Service après-vente", "20/04/2023", "10/07/2026",
        "Traitement des réclamations et des demandes de réparation",
        ["", "", ""],
        "Contrat",
        {
            CIVIL: ("Nom, coordonnées, numéro de commande", "5 ans à compter de la fin de la garantie"),
            PERSONAL: ("Échanges avec le client, photos du meuble endommagé", "5 ans à compter de la fin de la garantie"),
        },
        [("Clients", "")],
        [(INTERNAL, "Service après-vente"), (PROCESSOR, "Centre d'appels Atlas Contact")],
        [("Contrôle d'accès des utilisateurs", "Comptes nominatifs et mots de passe robustes")],
        transfers=[("Centre d'appels Atlas Contact", "Maroc", "Clauses contractuelles types", "Annexe 3 du contrat de prestation")],
    ),
    Fiche(
        "T-11", "Gestion administrative du personnel", "12/03/2021", "15/09/2026",
        "Registre du personnel, congés, formations et visites médicales",
        ["", "", ""],
        "Obligation légale",
        {
            CIVIL: ("Nom, prénom, adresse, date de naissance", LEAVE),
            NIR: ("Numéro de sécurité sociale des salariés", LEAVE),
        },
        [("Salariés", "")],
        [(INTERNAL, "Service des ressources humaines"), (OTHER, "Service de santé au travail")],
        [("Contrôle d'accès des utilisateurs", "Dossiers du personnel dans une armoire fermée à clé")],
        sensitive={SENSITIVE[6]: ("Avis d'aptitude de la médecine du travail", "Durée du contrat + 5 ans")},
    ),
]  # fmt: skip

#: The summary's list: each fiche, and one activity nobody wrote a fiche for.
LISTED = [
    *((f.name, f.ref, f.created, f.updated, f.purpose, "Oui" if f.sensitive else "Non") for f in FICHES),
    ("Gestion des badges d'accès", "T-12", "10/07/2026", "10/07/2026", "Contrôle des accès aux locaux", "Non"),
]  # fmt: skip


def fiche_rows(fiche: Fiche) -> list[list[Cell]]:
    """A fiche in the model's layout: nine columns, labels in A, values merged across."""
    rows: list[list[Cell]] = [
        [("Modèle de fiche de registre", 8), fiche.ref],
        [("Cet onglet est la fiche opérationnelle d'un traitement.", 9)],
        [("Description du traitement", 9)],
        ["Nom du traitement", (fiche.name, 8)],
        ["N° / REF", (fiche.ref, 8)],
        ["Date de création de la fiche", (fiche.created, 8)],
        ["Dernière mise à jour de la fiche", (fiche.updated, 8)],
        [],
        ["Acteurs", "Nom", "Adresse", "Code postal", "Ville", "Pays", "Téléphone", ("Adresse mél", 2)],
        ["Responsable du traitement", COMPANY, *ADDRESS, PHONE, (EMAIL, 2)],
        ["Délégué à la protection des données", *DPO[:-1], (DPO[-1], 2)],
        ["Représentant", ("Non applicable", 8)],
    ]  # fmt: skip
    if len(fiche.joint) > 1:  # the label merged over the rows of several joint controllers
        first, *more = fiche.joint
        rows.append(
            [
                ("Responsable(s) conjoint(s)", 1, len(fiche.joint)),
                first[0],
                None,
                None,
                None,
                first[1],
            ]
        )
        rows += [[name, None, None, None, country] for name, country in more]  # A is covered
    else:
        row: list[Cell] = ["Responsable(s) conjoint(s)"]
        for name, country in fiche.joint:
            row += [name, None, None, None, country]
        rows.append(row)
    rows += [
        [],
        [("Finalité(s) du traitement effectué", 9)],
        ["Finalité principale", (fiche.purpose, 8)],
        *_numbered("Sous-finalité", [[(text, 8)] for text in fiche.subs]),
        ["Base légale", (fiche.basis, 8)],
        [],
        [("Catégories de données personnelles concernées", 3), ("Description", 3), ("Durée de conservation", 3)],
    ]  # fmt: skip
    for label in (CIVIL, PERSONAL, ECONOMIC, CONNECTION, LOCATION, NIR):
        description, retention = fiche.data.get(label, ("", ""))
        rows.append([(label, 3), (description, 3), (retention, 3)])
    rows += [[(label, 3), (d, 3), (r, 3)] for label, d, r in fiche.extra_rows]
    rows += [[], [("Données sensibles", 3), ("Description", 3), ("Durée de conservation", 3)]]
    for label in SENSITIVE:
        description, retention = fiche.sensitive.get(label, ("", ""))
        rows.append([(label, 3), (description, 3), (retention, 3)])
    rows += [[], [("Catégories de personnes concernées", 3), ("Description", 3), ("Précisions", 3)]]
    persons = fiche.persons + [("", "")] * (3 - len(fiche.persons))
    rows += [[(f"Catégorie {n}", 3), (d, 3), (p, 3)] for n, (d, p) in enumerate(persons, 1)]
    rows += [[], [("Destinataires", 3), ("Type de destinataire", 3), ("Précisions", 3)]]
    recipients = fiche.recipients + [("", "")] * (3 - len(fiche.recipients))
    rows += [[(f"Destinataire {n}", 3), (t, 3), (p, 3)] for n, (t, p) in enumerate(recipients, 1)]
    rows += [[], [("Mesures de sécurité", 3), ("Type", 3), ("Précisions", 3)]]
    measures = fiche.measures + [("", "")] * (3 - len(fiche.measures))
    rows += [[(f"Mesure {n}", 3), (t, 3), (p, 3)] for n, (t, p) in enumerate(measures, 1)]
    rows += [
        [],
        [("Transferts hors UE", 2), ("Destinataire", 2), ("Pays", 2), ("Garanties", 2), "Documentation"],
    ]  # fmt: skip
    transfers = fiche.transfers or [("", "", "", "")]
    rows += [
        [(f"Organisme {n}", 2), (r, 2), (c, 2), (g, 2), d]
        for n, (r, c, g, d) in enumerate(transfers, 1)
    ]
    return rows


def _numbered(label: str, rows: list[list[Cell]]) -> list[list[Cell]]:
    """``label 1``, ``label 2``… before each of ``rows``."""
    return [[f"{label} {n}", *row] for n, row in enumerate(rows, start=1)]


def _listed() -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for name, ref, created, updated, purpose, sensitive in LISTED:
        rows.append([name, ref, created, updated, (purpose, 3), sensitive])
    return rows


def summary_rows() -> list[list[Cell]]:
    """The model's « 2 - Liste des traitements »: the controller, its representative and DPO
    as label and value pairs, then the list."""
    street, postal_code, city, country = ADDRESS
    name, dpo_street, dpo_code, dpo_city, dpo_country, dpo_phone, dpo_email = DPO
    first, last = name.split(" ", 1)
    return [
        [("Registre des activités de traitement", 9)],
        [],
        ["Responsable du traitement", "Nom :", COMPANY, "Adresse :", (street, 3), "Adresse mél :", EMAIL],
        [None, "CP :", postal_code, "Ville :", city, "Pays :", country, "Téléphone :", PHONE],
        ["Représentant", "Nom :", ("Cliquez ici pour saisir le nom.", 7)],
        [],
        ["Délégué à la protection des données (DPO)", "Nom :", last, "Prénom :", first, "Société :", "DPO Conseil SAS"],
        [None, "Adresse :", dpo_street, "CP :", dpo_code, "Ville :", dpo_city, "Pays :", dpo_country],
        [None, "Téléphone :", dpo_phone, "Adresse mél :", (dpo_email, 3)],
        [],
        ["Nom du traitement", "N° / REF", "Date de création de la fiche", "Dernière mise à jour de la fiche", ("Finalité du traitement", 3), "Données sensibles ? Oui/non"],
        *_listed(),
    ]  # fmt: skip


TUTORIAL = [
    ["Tutoriel"],
    [
        "1. Renseignez l'onglet « Liste des traitements » : vos coordonnées et la liste de vos activités."
    ],
    ["2. Dupliquez l'onglet « Modèle de fiche de registre » pour chaque activité et complétez-le."],
]


class _Styles:
    """The few styles the model uses: bold headings, wrapped cells, column widths."""

    def __init__(self, document: OpenDocumentSpreadsheet) -> None:
        self.document = document
        self.heading = self._cell("heading", bold=True, shade="#DDEBF7")
        self.title = self._cell("title", bold=True, shade="#1F4E79", colour="#FFFFFF")
        self.label = self._cell("label", bold=True)
        self.plain = self._cell("plain")
        self.widths: dict[str, Style] = {}

    def _cell(self, name: str, *, bold: bool = False, shade: str = "", colour: str = "") -> Style:
        style = Style(name=name, family="table-cell")
        properties = {"wrapoption": "wrap", "verticalalign": "top", "border": "0.5pt solid #808080"}
        if shade:
            properties["backgroundcolor"] = shade
        style.addElement(TableCellProperties(**properties))
        if bold or colour:
            style.addElement(TextProperties(fontweight="bold", color=colour or "#000000"))
        self.document.automaticstyles.addElement(style)
        return style

    def width(self, cm: str) -> Style:
        if cm not in self.widths:
            style = Style(name=f"col{len(self.widths)}", family="table-column")
            style.addElement(TableColumnProperties(columnwidth=cm))
            self.document.automaticstyles.addElement(style)
            self.widths[cm] = style
        return self.widths[cm]


_HEADINGS = frozenset(
    {
        "Description du traitement", "Acteurs", "Finalité(s) du traitement effectué",
        "Catégories de données personnelles concernées", "Données sensibles",
        "Catégories de personnes concernées", "Destinataires", "Mesures de sécurité",
        "Transferts hors UE", "Nom du traitement",
    }
)  # fmt: skip


def add_sheet(document: OpenDocumentSpreadsheet, styles: _Styles, name: str, rows: list[list[Cell]]) -> None:  # fmt: skip
    sheet = Table(name=name)
    for cm in ("6.5cm", "5cm", "4cm", "2.2cm", "3cm", "2.5cm", "3cm", "3.5cm", "3.5cm"):
        sheet.addElement(TableColumn(stylename=styles.width(cm)))
    covered: set[tuple[int, int]] = set()  # cells below a cell merged over several rows
    for r, row in enumerate(rows):
        line = TableRow()
        heading = bool(row) and isinstance(row[0], tuple) and row[0][0] in _HEADINGS
        heading = heading or (bool(row) and row[0] in _HEADINGS and len(row) > 2)
        column = 0
        for cell in row:
            while (r, column) in covered:
                line.addElement(CoveredTableCell())
                column += 1
            text, across, down = _spans(cell)
            style = styles.title if r == 0 else styles.heading if heading else styles.label if column == 0 else styles.plain  # fmt: skip
            attributes: dict[str, object] = {"stylename": style}
            if across > 1:
                attributes["numbercolumnsspanned"] = across
            if down > 1:
                attributes["numberrowsspanned"] = down
                covered.update((r + d, column + a) for d in range(1, down) for a in range(across))
            if text:
                attributes |= {"valuetype": "string"}
            element = TableCell(**attributes)
            if text:
                element.addElement(P(text=text))
            line.addElement(element)
            if across > 1:
                line.addElement(CoveredTableCell(numbercolumnsrepeated=across - 1))
            column += across
        sheet.addElement(line)
    document.spreadsheet.addElement(sheet)


def _spans(cell: Cell) -> tuple[str, int, int]:
    if cell is None:
        return "", 1, 1
    if isinstance(cell, str):
        return cell, 1, 1
    if len(cell) == 2:
        return cell[0], cell[1], 1
    return cell[0], cell[1], cell[2]


_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def build() -> bytes:
    document = OpenDocumentSpreadsheet()
    styles = _Styles(document)
    add_sheet(document, styles, "Tutoriel", [list(row) for row in TUTORIAL])
    add_sheet(document, styles, "2 - Liste des traitements", summary_rows())
    for fiche in FICHES:
        add_sheet(document, styles, f"{fiche.ref} - {fiche.name}"[:31], fiche_rows(fiche))
    content = document.contentxml()
    content = content if isinstance(content, bytes) else content.encode()
    parts = {
        "mimetype": document.mimetype.encode(),
        "content.xml": sorted_namespaces(content),
        "styles.xml": sorted_namespaces(document.stylesxml().encode()),
        "META-INF/manifest.xml": _MANIFEST.encode(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, _DATE)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


if __name__ == "__main__":
    OUT.write_bytes(build())
    print(f"{OUT}: {OUT.stat().st_size:,} bytes")
