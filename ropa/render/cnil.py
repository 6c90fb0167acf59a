"""The register in the layout of the CNIL's model register (« modèle de registre », the
simplified ODS workbook and the basic register it derives from): a summary sheet, « Registre »,
with the organisation, its head, its DPO and representative and the list of activities, then one
« fiche de registre » a controller activity (Art. 30(1)).

The labels are the CNIL's French wording in a French document and an English rendering of it in
any other language (:data:`LABELS` and the row tables below, each ``(fr, en)``); the values are
the register's texts in the document's language, as written (no typography), so that
:mod:`ropa.interop.cnil` reads them back: legal bases and transfer guarantees in words with their
article, retention as ``3 ans à compter de …`` or the criteria, countries by their names,
dates in words in French (``1er septembre 2026``). « Finalité principale » is the activity's name,
which states its purpose (Art. 30(1)(b)); its description is « Sous-finalité 1 ».

The CNIL's fiche has no place for a legal basis; the fiche written here adds a « Base(s)
légale(s) » table after the purposes, a service in charge (the activity's owner) in its
description, a country column to the recipients and a nature (technical or organisational) to
the security measures. Everything else a register holds that the model does not (the policy,
cookies, sources, provision, marketing channels, automated decisions, impact assessments,
joint arrangements, processor contracts…) is not written: the workbook carries the register
itself in its ``ropa`` sheet for that (:mod:`ropa.interop.embedded`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from ropa.interop.parse import fold
from ropa.model.activities import Activity, Basis, Condition
from ropa.model.definitions import DataCategory, MeasureType, SecurityMeasure, SpecialCategory
from ropa.model.organization import Address, Officer, Representative
from ropa.model.recipients import Mechanism, Recipient, RecipientRole
from ropa.model.types import Text
from ropa.render.i18n import Lang
from ropa.render.workbook import Table

if TYPE_CHECKING:
    from ropa.render.document import Document

#: The layout's labels, ``(fr, en)``: French is the CNIL's wording.
LABELS: dict[str, tuple[str, str]] = {
    # the summary sheet
    "summary_sheet": ("Registre", "Register"),
    "summary_title": ("Registre des activités de traitement", "Record of processing activities"),
    "organisation": ("Nom de l'organisme", "Name of the organisation"),
    "head": ("Coordonnées du responsable de l'organisme", "Contact details of the head of the organisation"),
    "dpo": ("Nom et coordonnées du délégué à la protection des données", "Name and contact details of the data protection officer"),
    "representative": ("Représentant", "Representative"),
    "last_name": ("Nom", "Last name"),
    "first_name": ("Prénom", "First name"),
    "position": ("Fonction", "Position"),
    "street": ("Adresse", "Address"),
    "postal_code": ("CP", "Postcode"),
    "city": ("Ville", "City"),
    "country": ("Pays", "Country"),
    "phone": ("Téléphone", "Telephone"),
    "email": ("Adresse de messagerie", "Email address"),
    "activities_title": ("Activités de l'organisme impliquant le traitement de données personnelles", "Activities of the organisation involving the processing of personal data"),
    "activities": ("Activités", "Activities"),
    "activity": ("Activité", "Activity"),
    "sensitive_column": ("Données sensibles ?", "Sensitive data?"),
    # a fiche
    "fiche_title": ("Fiche de registre", "Record sheet"),
    "description": ("Description du traitement", "Description of the processing"),
    "name": ("Nom du traitement", "Name of the processing"),
    "ref": ("N° / REF", "No. / Ref."),
    "created": ("Date de création", "Date of creation"),
    "updated": ("Mise à jour", "Last update"),
    "owner": ("Service chargé de la mise en œuvre", "Department in charge"),
    "actors": ("Acteurs", "Actors"),
    "actor_name": ("Nom", "Name"),
    "controller": ("Responsable du traitement", "Controller"),
    "dpo_row": ("Délégué à la protection des données", "Data protection officer"),
    "joint": ("Responsable(s) conjoint(s)", "Joint controller(s)"),
    "purposes": ("Finalité(s) du traitement effectué", "Purpose(s) of the processing"),
    "main_purpose": ("Finalité principale", "Main purpose"),
    "sub_purpose": ("Sous-finalité", "Sub-purpose"),
    "bases": ("Base(s) légale(s)", "Legal bases"),
    "ground": ("Fondement", "Ground"),
    "basis": ("Base légale", "Legal basis"),
    "condition": ("Condition (art. 9 ou 10)", "Condition (Art. 9 or 10)"),
    "documentation": ("Documentation", "Documentation"),
    "data_concerned": ("Données concernées", "Data concerned"),
    "categories": ("Catégories de données personnelles concernées", "Categories of personal data concerned"),
    "details_description": ("Description", "Description"),
    "retention": ("Durée de conservation", "Retention period"),
    "sensitive_question": ("Des données sensibles sont-elles traitées ?", "Are sensitive data processed?"),
    "sensitive": ("Données sensibles", "Sensitive data"),
    "subjects": ("Catégories de personnes concernées", "Categories of data subjects"),
    "subject": ("Catégorie", "Category"),
    "details": ("Précisions", "Details"),
    "recipients": ("Destinataires", "Recipients"),
    "recipient": ("Destinataire", "Recipient"),
    "recipient_type": ("Type de destinataire", "Type of recipient"),
    "measures": ("Mesures de sécurité", "Security measures"),
    "measure": ("Mesure", "Measure"),
    "measure_type": ("Type", "Type"),
    "nature": ("Nature", "Nature"),
    "transfer_question": ("Des données personnelles sont-elles transmises hors de l'Union européenne ?", "Are personal data transferred outside the European Union?"),
    "transfers": ("Transferts hors UE", "Transfers outside the EU"),
    "transfer": ("Organisme", "Organisation"),
    "guarantee": ("Type de garanties", "Type of safeguards"),
    "link": ("Lien vers la documentation", "Link to the documentation"),
    "yes": ("Oui", "Yes"),
    "no": ("Non", "No"),
}  # fmt: skip

#: The rows of « Catégories de données personnelles concernées »: the simplified model's six
#: (« adress IP » sic in the CNIL's file, written correctly here) and the basic model's three
#: more (professional life, Internet, other categories).
DATA_CLASSES: dict[str, tuple[str, str]] = {
    "civil": ("État civil, identité, données d'identification, images…", "Civil status, identity, identification data, images…"),
    "personal": ("Vie personnelle (habitudes de vie, situation familiale, etc.)", "Personal life (lifestyle, family situation, etc.)"),
    "professional": ("Vie professionnelle (CV, scolarité, formation professionnelle, distinctions, etc.)", "Professional life (CV, education, vocational training, awards, etc.)"),
    "economic": ("Informations d'ordre économique et financier (revenus, situation financière, situation fiscale, etc.)", "Economic and financial information (income, financial situation, tax situation, etc.)"),
    "connection": ("Données de connexion (adresse IP, logs, etc.)", "Connection data (IP address, logs, etc.)"),
    "location": ("Données de localisation (déplacements, données GPS, GSM, etc.)", "Location data (movements, GPS and GSM data, etc.)"),
    "internet": ("Internet (cookies, traceurs, données de navigation, mesures d'audience, etc.)", "Internet (cookies, trackers, browsing data, audience measurement, etc.)"),
    "nir": ("Numéro de Sécurité Sociale (ou NIR)", "Social security number (or NIR)"),
    "other": ("Autres catégories de données", "Other categories of data"),
}  # fmt: skip

#: The rows of « Données sensibles » (Art. 9(1) and 10), by the special category they hold.
SENSITIVE: dict[SpecialCategory, tuple[str, str]] = {
    SpecialCategory.RACIAL_OR_ETHNIC_ORIGIN: ("Données révélant l'origine raciale ou ethnique", "Data revealing racial or ethnic origin"),
    SpecialCategory.POLITICAL_OPINIONS: ("Données révélant les opinions politiques", "Data revealing political opinions"),
    SpecialCategory.RELIGIOUS_OR_PHILOSOPHICAL_BELIEFS: ("Données révélant les convictions religieuses ou philosophiques", "Data revealing religious or philosophical beliefs"),
    SpecialCategory.TRADE_UNION_MEMBERSHIP: ("Données révélant l'appartenance syndicale", "Data revealing trade union membership"),
    SpecialCategory.GENETIC: ("Données génétiques", "Genetic data"),
    SpecialCategory.BIOMETRIC: ("Données biométriques aux fins d'identifier une personne physique de manière unique", "Biometric data for the purpose of uniquely identifying a natural person"),
    SpecialCategory.HEALTH: ("Données concernant la santé", "Data concerning health"),
    SpecialCategory.SEX_LIFE_OR_ORIENTATION: ("Données concernant la vie sexuelle ou l'orientation sexuelle", "Data concerning sex life or sexual orientation"),
    SpecialCategory.CRIMINAL_CONVICTIONS: ("Données relatives à des condamnations pénales ou infractions", "Data relating to criminal convictions and offences"),
}  # fmt: skip

#: « Type de destinataire »: the model's list (the first five, with their keys), and a label
#: for each recipient role the list has no word for.
RECIPIENT_TYPES: dict[str, tuple[str, str]] = {
    "internal": ("Service interne qui traite les données", "Internal department processing the data"),
    "processor": ("Sous-traitants", "Processors"),
    "third_country": ("Destinataires dans des pays tiers ou organisations internationales", "Recipients in third countries or international organisations"),
    "partner": ("Partenaires institutionnels ou commerciaux", "Institutional or commercial partners"),
    "other": ("Autre (Préciser)", "Other (specify)"),
    "joint_controller": ("Responsable conjoint", "Joint controller"),
    "authority": ("Autorités publiques", "Public authorities"),
    "public": ("Le public (données publiées)", "The public (published data)"),
}  # fmt: skip

#: A recipient's role → its type in the fiche.
TYPE_OF_ROLE: dict[RecipientRole, str] = {
    RecipientRole.INTERNAL: "internal",
    RecipientRole.PROCESSOR: "processor",
    RecipientRole.CONTROLLER: "partner",
    RecipientRole.JOINT_CONTROLLER: "joint_controller",
    RecipientRole.AUTHORITY: "authority",
    RecipientRole.PUBLIC: "public",
}

#: « Mesures de sécurité »: the model's list of types.
MEASURE_TYPES: dict[str, tuple[str, str]] = {
    "access": ("Contrôle d'accès des utilisateurs", "User access control"),
    "traceability": ("Mesures de traçabilité", "Traceability measures"),
    "software": ("Mesures de protection des logiciels", "Software protection measures"),
    "backup": ("Sauvegarde des données", "Data backup"),
    "encryption": ("Chiffrement des données", "Data encryption"),
    "processors": ("Contrôle des sous-traitants", "Control of processors"),
    "other": ("Autres mesures (à préciser)", "Other measures (to be specified)"),
}  # fmt: skip

NATURES: dict[MeasureType, tuple[str, str]] = {
    MeasureType.TECHNICAL: ("Technique", "Technical"),
    MeasureType.ORGANISATIONAL: ("Organisationnelle", "Organisational"),
}

#: « Type de garanties » of a transfer, by mechanism (``%s``: the Art. 49(1) point).
GUARANTEES: dict[Mechanism, tuple[str, str]] = {
    Mechanism.ADEQUACY: ("Décision d'adéquation (art. 45)", "Adequacy decision (Art. 45)"),
    Mechanism.DPF: ("Cadre de protection des données UE-États-Unis (Data Privacy Framework), décision d'adéquation 2023/1795", "EU-US Data Privacy Framework (adequacy decision 2023/1795)"),
    Mechanism.SCC: ("Clauses contractuelles types (art. 46.2.c)", "Standard contractual clauses (Art. 46(2)(c))"),
    Mechanism.BCR: ("Règles d'entreprise contraignantes (BCR, art. 47)", "Binding corporate rules (BCR, Art. 47)"),
    Mechanism.CODE_OF_CONDUCT: ("Code de conduite (art. 46.2.e)", "Code of conduct (Art. 46(2)(e))"),
    Mechanism.CERTIFICATION: ("Mécanisme de certification (art. 46.2.f)", "Certification mechanism (Art. 46(2)(f))"),
    Mechanism.DEROGATION: ("Dérogation (art. 49.1.%s)", "Derogation (Art. 49(1)(%s))"),
    Mechanism.SAFE_HARBOR: ("Safe Harbor (invalidé)", "Safe Harbour (invalidated)"),
    Mechanism.PRIVACY_SHIELD: ("Privacy Shield (invalidé)", "Privacy Shield (invalidated)"),
    Mechanism.SCC_2010: ("Clauses contractuelles types de 2010", "2010 standard contractual clauses"),
}  # fmt: skip

#: Art. 6(1) bases, as :func:`ropa.interop.parse.parse_basis` reads them back.
BASES: dict[Basis, tuple[str, str]] = {
    Basis.CONSENT: ("Consentement (art. 6.1.a)", "Consent (Art. 6(1)(a))"),
    Basis.CONTRACT: ("Contrat (art. 6.1.b)", "Contract (Art. 6(1)(b))"),
    Basis.LEGAL_OBLIGATION: ("Obligation légale (art. 6.1.c)", "Legal obligation (Art. 6(1)(c))"),
    Basis.VITAL_INTERESTS: ("Intérêts vitaux (art. 6.1.d)", "Vital interests (Art. 6(1)(d))"),
    Basis.PUBLIC_TASK: ("Mission d'intérêt public (art. 6.1.e)", "Public task (Art. 6(1)(e))"),
    Basis.LEGITIMATE_INTERESTS: (
        "Intérêt légitime (art. 6.1.f)",
        "Legitimate interests (Art. 6(1)(f))",
    ),
}

#: Art. 9(2) and Art. 10 conditions, as :func:`ropa.interop.parse.parse_condition` reads them.
CONDITIONS: dict[Condition, tuple[str, str]] = {
    Condition.A: ("Consentement explicite (art. 9.2.a)", "Explicit consent (Art. 9(2)(a))"),
    Condition.B: ("Obligations en matière de droit du travail et de protection sociale (art. 9.2.b)", "Employment, social security and social protection law (Art. 9(2)(b))"),
    Condition.C: ("Intérêts vitaux (art. 9.2.c)", "Vital interests (Art. 9(2)(c))"),
    Condition.D: ("Organisme à but non lucratif (art. 9.2.d)", "Not-for-profit body (Art. 9(2)(d))"),
    Condition.E: ("Données rendues manifestement publiques (art. 9.2.e)", "Manifestly made public by the data subject (Art. 9(2)(e))"),
    Condition.F: ("Constatation, exercice ou défense de droits en justice (art. 9.2.f)", "Legal claims (Art. 9(2)(f))"),
    Condition.G: ("Motifs d'intérêt public important (art. 9.2.g)", "Substantial public interest (Art. 9(2)(g))"),
    Condition.H: ("Médecine préventive ou médecine du travail (art. 9.2.h)", "Preventive or occupational medicine (Art. 9(2)(h))"),
    Condition.I: ("Santé publique (art. 9.2.i)", "Public health (Art. 9(2)(i))"),
    Condition.J: ("Archivage, recherche scientifique ou statistiques (art. 9.2.j)", "Archiving, scientific research or statistics (Art. 9(2)(j))"),
    Condition.ART10: ("Condamnations pénales\u00a0: traitement autorisé par la loi (art. 10)", "Criminal convictions: processing authorised by law (Art. 10)"),
}  # fmt: skip

#: Sub-purpose rows the fiche offers: the first holds the activity's description, the others
#: stay empty (the register's purpose is one text).
SUB_PURPOSES = 3
#: Words of a category's name or id → the row of the model it is written in; the first row
#: one of whose words is in the name wins (so the narrower rows come first).
CLASS_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nir", ("nir", "securite sociale", "social security")),
    ("connection", ("ip", "log", "logs", "connexion", "connection", "electronique", "electronic", "device", "terminal")),
    ("internet", ("cookie", "cookies", "traceur", "traceurs", "tracker", "trackers", "navigation", "browsing", "traffic", "audience", "emailing", "campagne", "campaign")),
    ("location", ("localisation", "location", "gps", "geolocalisation", "geolocation")),
    ("civil", ("identite", "identity", "identification", "etat civil", "coordonnees", "contact", "details", "photo", "image", "images")),
    ("economic", ("paiement", "payment", "bancaire", "bank", "carte", "card", "iban", "financier", "financial", "salaire", "salary", "revenu", "income", "fiscal", "tax", "facture", "invoice", "commande", "commandes", "order", "orders", "achat", "purchase")),
    ("professional", ("cv", "professionnel", "professionnelle", "professional", "emploi", "employment", "job", "carriere", "career", "formation", "diplome", "diplomes")),
    ("personal", ("vie personnelle", "personal", "personnelles", "caracteristiques", "characteristics", "habitudes", "famille", "family", "avis", "review", "reviews", "preferences")),
)  # fmt: skip
#: Words of a measure's name or id → its type in the model's list; the first row one of whose
#: words is in the name wins (hashing before encryption).
MEASURE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("backup", ("sauvegarde", "sauvegardes", "backup", "backups")),
    # hashing is not encryption: a hashed password is how users are authenticated
    ("access", ("hash", "hashed", "hashing", "hache", "haches", "hachee", "hachees", "hachage", "bcrypt", "scrypt", "argon", "argon2", "argon2id", "pbkdf2")),
    ("encryption", ("chiffrement", "chiffre", "chiffrees", "encryption", "encrypted", "tls", "ssl")),
    ("processors", ("sous traitant", "sous traitants", "processor", "processors", "partenaires", "partners", "prestataire", "prestataires")),
    ("traceability", ("tracabilite", "journalisation", "traceability", "logging", "logs", "audit")),
    ("software", ("antivirus", "logiciel", "logiciels", "software", "mise a jour", "updates", "correctifs", "patches")),
    ("access", ("acces", "access", "habilitation", "habilitations", "authorisation", "authorization", "mot de passe", "mots de passe", "password", "passwords", "identifiant", "identifiants", "credentials")),
)  # fmt: skip

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def label(key: str, code: str) -> str:
    """A label of the layout in the language ``code``: French, else English."""
    return pick(LABELS[key], code)


def pick(labels: tuple[str, str], code: str) -> str:
    """The French or English one of ``labels``, for the language ``code``."""
    return labels[0] if code == "fr" else labels[1]


def _words(*texts: str) -> str:
    return f" {' '.join(fold(t) for t in texts)} "


def _by_words(words: str, table: tuple[tuple[str, tuple[str, ...]], ...], default: str) -> str:
    return next((key for key, keys in table if any(f" {k} " in words for k in keys)), default)


def data_class(category: DataCategory) -> str:
    """The row of the model a category is written in (:data:`CLASS_WORDS`), by the words of
    its id and names."""
    return _by_words(
        _words(category.id.replace("-", " "), *category.name.values.values()), CLASS_WORDS, "other"
    )


def measure_type(measure: SecurityMeasure) -> str:
    """A measure's type in the model's list (:data:`MEASURE_WORDS`), by the words of its id
    and names."""
    return _by_words(
        _words(measure.id.replace("-", " "), *measure.name.values.values()), MEASURE_WORDS, "other"
    )


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A sheet name from ``wanted``: none of ``[]:*?/\\``, at most 31 characters, not in
    ``taken`` (case-insensitively, as spreadsheet programs compare them); added to ``taken``."""
    base = " ".join(_SHEET_FORBIDDEN.sub("-", wanted).split()).strip("'") or "Sheet"
    candidate, number = base[:31].rstrip(), 2
    while candidate.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({number})"
        candidate, number = base[: 31 - len(suffix)].rstrip() + suffix, number + 1
    taken.add(candidate)
    return candidate


class _Writer:
    """One document's workbook: its words and the texts of its register."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.code = doc.lang.code
        #: the language of the words read back (countries, durations): French or English
        self.words = doc.lang if self.code in ("fr", "en") else Lang("en", doc.lang.default)

    def label(self, key: str) -> str:
        return label(key, self.code)

    def text(self, value: Text | str | None) -> str:
        """A text in the document's language, as written (no typography: it is read back)."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return value.get(self.code, self.doc.lang.default)

    def country(self, code: str | None) -> str:
        """A country's name, as :func:`ropa.interop.parse.parse_country` reads it back."""
        return self.words.country(code) if code else ""

    def address(self, address: Address | None) -> list[str]:
        """``[street, postal code, city, country]``; an address written as one string is the
        street cell, on one line."""
        if address is None:
            return ["", "", "", ""]
        if isinstance(address, str):
            return [self.doc.address(address), "", "", ""]
        street = ", ".join(p for p in (address.street, address.region) if p)
        return [street, address.postal_code, address.city, self.country(address.country)]

    def yes_no(self, yes: bool) -> str:
        return self.label("yes" if yes else "no")

    def day(self, value: date | None) -> str:
        """A date as a French reader reads it (``1er septembre 2026``), ISO in any other
        language; :func:`ropa.interop.cnil.read_date` reads both back."""
        if value is None:
            return ""
        if self.code != "fr":
            return value.isoformat()
        return self.words.date(value).replace("\xa0", " ")

    # --- the summary ---------------------------------------------------------------------

    def summary(self, name: str) -> Table:
        doc, org, say = self.doc, self.doc.organization, self.label
        rows: list[list[str]] = [
            [say("summary_title"), ""],
            [],
            [say("organisation"), org.name],
            [],
        ]
        headers = set()
        head = org.legal_representative
        headers.add(len(rows))
        rows += [
            [say("head")],
            [say("last_name"), head.name if head else ""],
            [say("first_name"), ""],
            [say("position"), self.text(head.role) if head else ""],
            *self._address_rows(org.address),
            [say("phone"), org.phone or ""],
            [say("email"), org.email],
            [],
        ]
        for key, person in (("dpo", org.dpo), ("representative", org.eu_representative)):
            headers.add(len(rows))
            rows += [
                [say(key)],
                [say("last_name"), (person.name or "") if person else ""],
                [say("first_name"), ""],
                *self._address_rows(person.address if person else None),
                [say("email"), (person.email or "") if person else ""],
                [],
            ]
        titles = {0, len(rows)}
        rows.append([say("activities_title")])
        headers.add(len(rows))
        rows.append(
            [
                say("activities"),
                say("name"),
                say("ref"),
                say("created"),
                say("updated"),
                say("main_purpose"),
                say("sensitive_column"),
            ]
        )
        for number, activity in enumerate(doc.controller_activities, start=1):
            rows.append(
                [
                    f"{say('activity')} {number}",
                    self.text(activity.name),
                    activity.id,
                    "",
                    self.day(activity.reviewed),
                    self.purpose(activity),
                    self.yes_no(any(c.special for c in activity.category_entries)),
                ]
            )
        return Table(
            name=name,
            rows=rows,
            widths=[34, 44, 22, 14, 14, 50, 14],
            header_rows=frozenset(headers),
            title_rows=frozenset(titles),
        )

    def _address_rows(self, address: Address | None) -> list[list[str]]:
        street, postal_code, city, country = self.address(address)
        say = self.label
        return [
            [say("street"), street],
            [say("postal_code"), postal_code],
            [say("city"), city],
            [say("country"), country],
        ]

    def purpose(self, activity: Activity) -> str:
        """« Finalité principale »: the activity's name, which states its purpose (Art.
        30(1)(b)); its description goes in « Sous-finalité 1 » (:meth:`sub_purposes`)."""
        return self.text(activity.name)

    def sub_purposes(self, activity: Activity) -> list[str]:
        """The « Sous-finalité » rows: the description in the first, the others empty."""
        described = self.text(activity.description).strip()
        return [described, *[""] * (SUB_PURPOSES - 1)]

    # --- a fiche ---------------------------------------------------------------------------

    def fiche(self, activity: Activity, name: str) -> Table:
        say, doc = self.label, self.doc
        rows: list[list[str]] = [[say("fiche_title"), self.text(activity.name)], []]
        headers: set[int] = set()

        def section(header: list[str], body: list[list[str]]) -> None:
            headers.add(len(rows))
            rows.extend([header, *body, []])

        section(
            [say("description")],
            [
                [say("name"), self.text(activity.name)],
                [say("ref"), activity.id],
                [say("created"), ""],
                [say("updated"), self.day(activity.reviewed)],
                [say("owner"), self.text(activity.owner)],
            ],
        )
        section(
            [say(k) for k in ("actors", "actor_name", "street", "postal_code", "city")]
            + [say(k) for k in ("country", "phone", "email")],
            self.actors(activity),
        )
        section(
            [say("purposes")],
            [[say("main_purpose"), self.purpose(activity)]]
            + [
                [f"{say('sub_purpose')} {n}", text]
                for n, text in enumerate(self.sub_purposes(activity), start=1)
            ],
        )
        section(
            [
                say("bases"),
                say("ground"),
                say("details"),
                say("documentation"),
                say("data_concerned"),
            ],
            self.bases(activity),
        )
        section(
            [say("categories"), say("details_description"), say("retention")],
            self.categories(activity, special=False),
        )
        special = [c for c in activity.category_entries if c.special]
        rows.append([say("sensitive_question"), self.yes_no(bool(special))])
        section(
            [say("sensitive"), say("details_description"), say("retention")],
            self.categories(activity, special=True),
        )
        section(
            [say("subjects"), say("details_description"), say("details")],
            [
                [f"{say('subject')} {n}", self.text(s.name), self.text(s.description)]
                for n, s in enumerate(activity.subject_entries, start=1)
            ]
            or [[f"{say('subject')} 1"]],
        )
        recipients = doc.recipients_of(activity)
        section(
            [say("recipients"), say("recipient_type"), say("details"), say("country")],
            [
                [
                    f"{say('recipient')} {n}",
                    pick(RECIPIENT_TYPES[TYPE_OF_ROLE[r.role]], self.code),
                    self.text(r.name),
                    self.country(r.country),
                ]
                for n, r in enumerate(recipients, start=1)
            ]
            or [[f"{say('recipient')} 1"]],
        )
        section(
            [say("measures"), say("measure_type"), say("details"), say("nature")],
            [
                [
                    f"{say('measure')} {n}",
                    pick(MEASURE_TYPES[measure_type(m)], self.code),
                    self.text(m.name),
                    pick(NATURES[m.type], self.code),
                ]
                for n, m in enumerate(activity.measure_entries, start=1)
            ]
            or [[f"{say('measure')} 1"]],
        )
        transfers = self.transfers(recipients)
        rows.append([say("transfer_question"), self.yes_no(bool(transfers))])
        section(
            [say("transfers"), say("recipient"), say("country"), say("guarantee"), say("link")],
            transfers or [[f"{say('transfer')} 1"]],
        )
        while rows and not rows[-1]:
            rows.pop()
        return Table(
            name=name,
            rows=rows,
            widths=[36, 40, 40, 28, 30, 16, 16, 28],
            header_rows=frozenset(headers),
            title_rows=frozenset({0}),
        )

    def actors(self, activity: Activity) -> list[list[str]]:
        org, say = self.doc.organization, self.label

        def person(key: str, who: Officer | Representative | None) -> list[str]:
            if who is None:
                return [say(key), "", "", "", "", "", "", ""]
            return [say(key), who.name or "", *self.address(who.address), "", who.email or ""]

        rows = [
            [say("controller"), org.name, *self.address(org.address), org.phone or "", org.email],
            person("dpo_row", org.dpo),
            person("representative", org.eu_representative),
        ]
        joint = activity.joint_controller_entries
        rows += [
            [say("joint"), self.text(r.name), "", "", "", self.country(r.country), "", ""]
            for r in joint
        ] or [[say("joint")]]
        return [_trimmed(row) for row in rows]

    def bases(self, activity: Activity) -> list[list[str]]:
        say, rows = self.label, []
        for n, basis in enumerate(activity.legal_bases, start=1):
            details = {
                Basis.CONSENT: basis.withdrawal,
                Basis.LEGITIMATE_INTERESTS: basis.interest,
                Basis.LEGAL_OBLIGATION: basis.law,
                Basis.PUBLIC_TASK: basis.law,
            }.get(basis.basis)
            rows.append(
                [
                    f"{say('basis')} {n}",
                    pick(BASES[basis.basis], self.code),
                    self.text(details),
                    self.text(basis.balancing_test),
                    "; ".join(self.text(c.name) for c in basis.category_entries)
                    if basis.categories
                    else "",
                ]
            )
        for n, condition in enumerate(activity.special_conditions, start=1):
            rows.append(
                [
                    f"{say('condition')} {n}",
                    pick(CONDITIONS[condition.condition], self.code),
                    self.text(condition.law),
                ]
            )
        return [_trimmed(row) for row in rows] or [[f"{say('basis')} 1"]]

    def categories(self, activity: Activity, *, special: bool) -> list[list[str]]:
        """One row a category, under the model's row for it (several under one, or none: the
        row alone, empty, as in the model)."""
        by_row: dict[str, list[DataCategory]] = {}
        for category in activity.category_entries:
            if bool(category.special) != special:
                continue
            key = category.special.value if category.special else data_class(category)
            by_row.setdefault(key, []).append(category)
        table: dict[str, tuple[str, str]] = (
            {k.value: v for k, v in SENSITIVE.items()} if special else DATA_CLASSES
        )
        rows = []
        for key, labels in table.items():
            row_label = pick(labels, self.code)
            rows += [
                _trimmed([row_label, self.text(c.name), self.retention(activity, c)])
                for c in by_row.get(key, [])
            ] or [[row_label]]
        return rows

    def retention(self, activity: Activity, category: DataCategory) -> str:
        """The retention of one category, a period (``3 ans à compter de …``) or criteria a
        line, as :func:`ropa.interop.cnil.read_retention` reads them back."""
        lines = []
        for retention in activity.retention:
            if retention.categories and all(c is not category for c in retention.category_entries):
                continue
            if retention.period is None:
                lines.append(" ".join(self.text(retention.criteria).split()))
                continue
            period = self.words.duration(retention.period).replace("\xa0", " ")
            if retention.from_ is None:
                lines.append(period)
                continue
            event = self.text(retention.from_)
            sentence = self.words.gettext("%(period)s from %(event)s")
            lines.append(self.doc.join_event(sentence % {"period": period, "event": event}, event))
        return "\n".join(lines)

    def transfers(self, recipients: list[Recipient]) -> list[list[str]]:
        rows: list[list[str]] = []
        for recipient in recipients:
            for transfer in recipient.transfers:
                guarantee = pick(GUARANTEES[transfer.mechanism], self.code)
                if transfer.mechanism is Mechanism.DEROGATION:
                    guarantee %= transfer.derogation.value if transfer.derogation else "?"
                rows.append(
                    _trimmed(
                        [
                            f"{self.label('transfer')} {len(rows) + 1}",
                            self.text(recipient.name),
                            self.country(transfer.country),
                            guarantee,
                            self.text(transfer.reference),
                        ]
                    )
                )
        return rows


def _trimmed(row: list[str]) -> list[str]:
    while row and not row[-1]:
        row.pop()
    return row


def cnil_tables(doc: Document) -> list[Table]:
    """The register in the CNIL's layout: the summary sheet, then a fiche a controller activity
    (processor activities belong to the Art. 30(2) register, which the model does not hold)."""
    writer = _Writer(doc)
    taken: set[str] = set()
    tables = [writer.summary(sheet_name(writer.label("summary_sheet"), taken))]
    for number, activity in enumerate(doc.controller_activities, start=1):
        name = sheet_name(f"{number} - {writer.text(activity.name)}", taken)
        tables.append(writer.fiche(activity, name))
    return tables
