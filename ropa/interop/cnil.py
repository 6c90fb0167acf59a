"""The CNIL's model register (``--from cnil``), in ODS or XLSX: a summary sheet (« Registre »,
« Liste des traitements »: the organisation, its head, DPO and representative, the list of
activities) and a « fiche de registre » an activity.

Sheets are read by their labels, never by their names or positions: a label is matched by
meaning (case, accents and punctuation folded, the CNIL's examples in parentheses optional,
``Nom / sigle`` or ``Nom du traitement``), its value is to its right, a table's columns are
named by its header row and its rows are below it; so moved, reordered or extra rows and
columns still read. Three shapes are understood: the CNIL's simplified workbook (tables of
« Catégorie 1 », « Destinataire 1 »… with a type and « Précisions »), its basic register (a row
a kind, the value beside it) and the layout ropa writes (:mod:`ropa.render.cnil`).

Every non-empty cell is accounted for: mapped to a key (free text read by
:mod:`ropa.interop.parse`, with a note when that took a guess), or kept verbatim in the
activity's ``notes`` with a note saying why, or, for the model's instruction text (« Cliquez
ici », « Ex : »), marks and answers (« X », « Oui », « Non »), a note saying how it was read.
Labels of the model are recognised (:func:`is_label`) and need no note.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ropa.interop.embedded import SHEET as EMBEDDED
from ropa.interop.generic import ACTIVITY_TODOS, ENTRY_TODOS, unique_id
from ropa.interop.parse import (
    fold,
    parse_basis,
    parse_condition,
    parse_country,
    parse_duration,
    read_date,
)
from ropa.interop.result import Cell, Imported, LayoutError, Note
from ropa.interop.sheets import Sheet, column_letter
from ropa.model.activities import Basis
from ropa.model.definitions import MeasureType
from ropa.model.recipients import Mechanism
from ropa.render.cnil import (
    BASES,
    CONDITIONS,
    DATA_CLASSES,
    GUARANTEES,
    LABELS,
    MEASURE_TYPES,
    NATURES,
    RECIPIENT_TYPES,
    SENSITIVE,
)

_ID = re.compile(r"[a-z][a-z0-9_-]*")
Path_ = tuple[str | int, ...]


def _cut(label: str) -> str:
    """A label without the CNIL's examples: « Vie personnelle (habitudes…) » → « Vie
    personnelle »; « Responsable(s) conjoint(s) » stays whole."""
    return re.split(r" \(|…|\.\.\.", label)[0].strip(" :")


def _forms(*texts: str) -> tuple[str, ...]:
    """The folded forms a label is known by: each text, with and without its examples."""
    return tuple(dict.fromkeys(f for t in texts for f in (fold(t), fold(_cut(t))) if f))


def _labels(key: str, *more: str) -> tuple[str, ...]:
    """The forms of a label of :data:`ropa.render.cnil.LABELS` (French and English), and
    ``more`` wordings of it."""
    return _forms(*LABELS[key], *more)


def _matches(text: str, forms: Iterable[str]) -> bool:
    """Whether ``text`` is one of ``forms``, or starts with one long enough to be a label
    (``Vie personnelle (habitudes de vie…)`` is ``vie personnelle``)."""
    return _match(text, forms if isinstance(forms, tuple) else tuple(forms))


@lru_cache(maxsize=131_072)
def _match(text: str, forms: tuple[str, ...]) -> bool:
    """:func:`_matches`, remembered: a workbook repeats its labels on every fiche."""
    folded = fold(text)
    return any(folded == f or (len(f) >= 10 and folded.startswith(f + " ")) for f in forms)


def _numbered(text: str, forms: Iterable[str]) -> bool:
    """``Catégorie 3``, ``Destinataire 12``: one of ``forms`` and a number."""
    match = re.fullmatch(r"(.+) \d{1,3}", fold(text))
    return match is not None and match.group(1) in set(forms)


# --- The vocabulary: sections, their rows and columns ---------------------------------------------

# fmt: off
#: The fields of a person: the summary's contact blocks, the fiche's « Acteurs » columns.
_PERSON = {
    "last_name": _labels("last_name", "Nom", "Name", "Nom / Raison sociale", "Raison sociale"),
    "first_name": _labels("first_name", "Prénoms"),
    "position": _labels("position", "Qualité", "Fonction / qualité", "Title"),
    "company": _forms("Société", "Société (si DPO externe)", "Organisme", "Company", "Organisation"),
    "street": _labels("street", "Adresse postale", "Postal address", "Street"),
    "postal_code": _labels("postal_code", "Code postal", "Postal code", "Zip code", "Post code"),
    "city": _labels("city", "Town", "Commune"),
    "country": _labels("country"),
    "phone": _labels("phone", "Tél.", "Tel", "Numéro de téléphone", "Phone", "Telephone number"),
    "email": _labels("email", "Adresse mél", "Adresse mail", "Adresse e-mail", "Adresse électronique",
                     "Courriel", "Mél", "E-mail", "Email"),
}
#: The fields of a fiche's description: rows recognised in any section.
_DESCRIPTION = {
    "name": _labels("name", "Nom / sigle", "Nom du traitement / activité", "Nom de l'activité",
                    "Nom de l'activité de traitement", "Intitulé", "Intitulé du traitement",
                    "Activité", "Name of the processing activity"),
    "ref": _labels("ref", "N° / Réf", "Numéro / référence", "Référence", "Réf", "N°", "Ref",
                   "Reference"),
    "created": _labels("created", "Date de création de la fiche", "Date de création du traitement",
                       "Créé le", "Created"),
    "updated": _labels("updated", "Dernière mise à jour", "Date de dernière mise à jour",
                       "Dernière mise à jour de la fiche", "Mise à jour du traitement",
                       "Dernière MAJ", "Mis à jour le", "Updated"),
    "owner": _labels("owner", "Service(s) chargé(s) de la mise en œuvre", "Service responsable",
                     "Direction / service", "Service", "Owner"),
    "software": _forms("Nom du logiciel ou de l'application", "Logiciel", "Application", "Software"),
    "objectives": _forms("Objectifs poursuivis", "Objectif", "Objectifs", "Objectives"),
}
_GLOBAL = {
    **_DESCRIPTION,
    "sensitive_question": _labels("sensitive_question", "Données sensibles ? Oui/non",
                                  "Traitement de données sensibles"),
    "transfer_question": _labels("transfer_question", "Transferts hors UE ? Oui/non",
                                 "Des données sont-elles transférées hors de l'UE ?"),
    "basis": _labels("basis", "Base juridique", "Fondement juridique", "Base légale du traitement",
                     "Bases légales", "Lawful basis"),
    "retention": _forms("Durées de conservation des catégories de données", "Durée de conservation",
                        "Durées de conservation", "Retention period"),
}
_DATA_COLUMNS = {
    "description": _labels("details_description", "Détail", "Données traitées", "Données collectées"),
    "retention": _labels("retention", "Durées de conservation", "Délai d'effacement",
                         "Délais d'effacement", "Délai d'effacement / durée de conservation",
                         "Time limit for erasure"),
}
_DATA_ROWS = dict(zip(DATA_CLASSES, (
    ("État-civil, identité, données d'identification, images", "Etat civil, identité", "État civil"),
    ("Vie personnelle",),
    ("Vie professionnelle",),
    ("Informations d'ordre économique et financier", "Informations économiques et financières"),
    ("Données de connexion",),
    ("Données de localisation",),
    ("Internet",),
    ("Numéro de sécurité sociale", "NIR", "Numéro d'identification national unique",
     "Numéro d'identification national unique (NIR pour la France)"),
    ("Autres catégories de données (précisez)", "Autres catégories", "Autres"),
), strict=True))
_SENSITIVE_ROWS = dict(zip(SENSITIVE, (
    ("Origine raciale ou ethnique", "Origine prétendument raciale ou ethnique"),
    ("Opinions politiques",),
    ("Convictions religieuses ou philosophiques",),
    ("Appartenance syndicale",),
    ("Génétiques",),
    ("Données biométriques", "Biométriques"),
    ("Santé", "Données de santé"),
    ("Vie sexuelle ou orientation sexuelle", "Orientation sexuelle", "Vie sexuelle"),
    ("Condamnations pénales ou infractions", "Infractions",
     "Données relatives aux condamnations pénales et aux infractions"),
), strict=True))
_MEASURE_ROWS = dict(zip(MEASURE_TYPES, (
    (),
    ("Mesure de traçabilité",),
    ("Mesure de protection des logiciels", "Mesures de protection logicielle", "Protection des logiciels"),
    ("Sauvegarde",),
    ("Chiffrement",),
    (),
    ("Autres mesures", "Autre mesure"),
), strict=True))
#: Words of « Type de destinataire » beyond the model's list, by the type they mean.
_RECIPIENT_WORDS = {
    "internal": ("Service interne", "Services internes", "Destinataires internes", "Interne", "Internal",
                 "Destinataires internes (entité ou service, catégories de personnes habilitées, direction informatique, etc.)"),
    "processor": ("Sous-traitant", "Subcontractors", "Processor",
                  "Sous-traitants (hébergeurs, prestataires et maintenance informatiques, etc.)"),
    "partner": ("Organismes externes", "Organismes externes (filiales, partenaires, etc.)",
                "Partenaires", "Partenaire", "Partners", "Tiers", "Third party"),
    "joint_controller": ("Responsable(s) conjoint(s)", "Co-responsable"),
    "authority": ("Autorité publique", "Administration", "Autorités", "Authorities"),
}
_SENSITIVE_NIR = _forms("Numéro de Sécurité Sociale (ou NIR)", "NIR", "Numéro d'identification national unique",
                        "Numéro d'identification national unique (NIR pour la France)")
# fmt: on


@dataclass(frozen=True)
class _Section:
    """A block of a sheet: the labels that start it, and its rows or columns."""

    key: str
    forms: tuple[str, ...]
    #: a table's columns, key → header forms; None for a block of ``label | value`` rows
    columns: dict[str, tuple[str, ...]] | None = None
    #: what a row's values are, by position, when no header names the columns
    defaults: tuple[str, ...] = ()
    #: row key → label forms
    rows: dict[Any, tuple[str, ...]] = field(default_factory=dict)
    #: forms of the numbered row labels (« Catégorie 1 »)
    numbered: tuple[str, ...] = ()


# fmt: off
_SECTIONS = (
    _Section("summary_title", _labels("summary_title", "Registre des activités de traitement de",
                                      "Registre de traitement")),
    _Section("organisation", _labels("organisation", "Nom de l'organisme", "Organisme",
                                     "Nom de la structure", "Raison sociale de l'organisme")),
    _Section("head", _labels("head", "Responsable de l'organisme", "Responsable du traitement",
                             "Responsable de traitement", "Coordonnées du responsable de traitement"),
             rows=_PERSON),
    _Section("dpo", _labels("dpo", "Délégué à la protection des données",
                            "Délégué à la protection des données (DPO)", "DPO", "Data protection officer"),
             rows=_PERSON),
    _Section("representative", _labels("representative", "Représentant du responsable de traitement"),
             rows=_PERSON),
    _Section(
        "activities",
        _labels("activities", *LABELS["activities_title"], "Liste des traitements", "Liste des activités",
                "Activités de l'organisme"),
        columns={
            **{k: _DESCRIPTION[k] for k in ("name", "ref", "created", "updated")},
            "purpose": _labels("main_purpose", "Finalité du traitement", "Finalité", "Finalités", "Purpose"),
            "sensitive": _labels("sensitive_column", "Données sensibles", "Données sensibles ? Oui/non"),
        },
        defaults=("name",),
        numbered=_labels("activity"),
    ),
    _Section("fiche_title", _labels("fiche_title", "Modèle de fiche de registre",
                                    "Fiche de registre de l'activité", "Fiche registre")),
    _Section("description", _labels("description", "Identification du traitement", "Description")),
    _Section(
        "actors",
        _labels("actors", "Acteurs du traitement"),
        columns={
            "name": _forms(*LABELS["actor_name"], *_PERSON["last_name"]),
            **{k: v for k, v in _PERSON.items() if k not in ("last_name", "first_name", "position", "company")},
        },
        defaults=("name", "street", "postal_code", "city", "country", "phone", "email"),
        rows={
            "controller": _labels("controller", "Responsable de traitement",
                                  "Responsable du traitement ou son représentant"),
            "dpo": _labels("dpo_row", "DPO", "Délégué à la protection des données (DPO)"),
            "dpo_company": _forms("Société du DPO", "Organisme du DPO", "Société (si DPO externe)"),
            "representative": _labels("representative", "Représentant du responsable"),
            "joint": _labels("joint", "Responsable conjoint", "Responsables conjoints", "Co-responsable",
                             "Co-responsables", "Responsable(s) conjoint(s) du traitement",
                             "Nom du responsable conjoint du traitement"),
        },
    ),
    _Section(
        "purposes",
        _labels("purposes", "Finalité(s) du traitement", "Finalités du traitement", "Finalités",
                "Finalité du traitement"),
        rows={"main_purpose": _labels("main_purpose", "Finalité")},
        numbered=_labels("sub_purpose", "Sous finalité"),
    ),
    _Section(
        "bases",
        _labels("bases", "Bases légales", "Base légale et conditions"),
        columns={
            "ground": _labels("ground", "Base légale", "Type", "Fondement juridique"),
            "details": _labels("details", "Détails", "Intérêt poursuivi", "Texte"),
            "documentation": _labels("documentation", "Mise en balance", "Référence"),
            "data": _labels("data_concerned", "Catégories de données concernées", "Données"),
        },
        defaults=("ground", "details", "documentation", "data"),
        numbered=_labels("basis") + _labels("condition", "Condition", "Condition (art. 9)", "Exception (art. 9)"),
    ),
    _Section(
        "categories",
        _labels("categories", "Catégories de données collectées", "Catégories de données",
                "Données collectées", "Catégories de données personnelles"),
        columns=_DATA_COLUMNS,
        defaults=("description", "retention"),
        rows={k: _forms(*DATA_CLASSES[k], *more) for k, more in _DATA_ROWS.items()},
    ),
    _Section(
        "sensitive",
        _labels("sensitive", "Catégories particulières de données", "Données particulièrement sensibles"),
        columns=_DATA_COLUMNS,
        defaults=("description", "retention"),
        rows={k.value: _forms(*SENSITIVE[k], SENSITIVE[k][0].replace("révélant", "révèlant"), *more)
              for k, more in _SENSITIVE_ROWS.items()} | {"nir": _SENSITIVE_NIR},
    ),
    _Section(
        "subjects",
        _labels("subjects", "Catégories de personnes", "Personnes concernées"),
        columns={"description": _labels("details_description", "Catégorie", "Type de personnes"),
                 "details": _labels("details", "Détails")},
        defaults=("description", "details"),
        numbered=_labels("subject"),
    ),
    _Section(
        "recipients",
        _labels("recipients", "Catégories de destinataires", "Catégories de destinataires des données",
                "Destinataires des données"),
        columns={"type": _labels("recipient_type", "Type", "Catégorie de destinataire"),
                 "details": _labels("details", "Détails", "Nom", "Destinataire"),
                 "country": _labels("country")},
        defaults=("type", "details", "country"),
        rows={k: _forms(*labels, *_RECIPIENT_WORDS.get(k, ())) for k, labels in RECIPIENT_TYPES.items()},
        numbered=_labels("recipient"),
    ),
    _Section(
        "measures",
        _labels("measures", "Mesures de sécurité techniques et organisationnelles"),
        columns={"type": _labels("measure_type", "Type de mesure", "Catégorie"),
                 "details": _labels("details", "Description", "Détails", "Mesure"),
                 "nature": _labels("nature", "Technique ou organisationnelle")},
        defaults=("type", "details", "nature"),
        rows={k: _forms(*MEASURE_TYPES[k], *more) for k, more in _MEASURE_ROWS.items()},
        numbered=_labels("measure"),
    ),
    _Section(
        "transfers",
        _labels("transfers", "Transferts des données hors UE", "Transferts de données hors UE",
                "Transferts hors de l'Union européenne"),
        columns={"recipient": _labels("recipient", "Organisme destinataire", "Destinataires"),
                 "country": _labels("country", "Pays destinataire", "Pays tiers"),
                 "guarantee": _labels("guarantee", "Garanties", "Garantie", "Type de garantie", "Safeguards"),
                 "link": _labels("link", "Documentation", "Lien", "Lien vers la documentation des garanties")},
        defaults=("recipient", "country", "guarantee", "link"),
        numbered=_labels("transfer", "Organisme destinataire"),
    ),
)
# fmt: on
_BY_KEY = {section.key: section for section in _SECTIONS}
_TOP = _Section("top", ())
_SUMMARY = frozenset(
    {"summary_title", "organisation", "head", "dpo", "representative", "activities"}
)
#: Sheets of the CNIL's workbook that hold no register: its tutorial, example and lists.
_SKIPPED = re.compile(r"^(?:\d+ )?(?:(?:exemple|example|tutoriel|tutorial)\b.*|listes?|lists?)$")

_YES = frozenset({"oui", "yes", "o", "y", "x", "vrai", "true"})
_NO = frozenset({"non", "no", "n", "faux", "false"})
_CHECKED = frozenset({"x", "X", "\u2713", "\u2714", "\u2611", "\u2612", "\u2715"})
_OTHERS = frozenset({"autres", "autre", "other", "others"})
#: Values that say there is nothing: read as empty, with a note.
_NOTHING = frozenset(
    {"na", "n a", "neant", "non concerne", "non concernee", "non applicable", "sans objet"}
    | {"aucun", "aucune", "none", "not applicable", "nil"}
)
_DASHES = re.compile(r"^[\s\-–—_./?]*$")
#: The model's instructions and examples, left in cells by the people who filled it in.
_INSTRUCTION = re.compile(
    r"^\s*(?:(?:cliquez ici|click here|si oui|if yes|pr[ée]cisez|d[ée]crivez|listez|indiquez"
    r"|remplissez|renseignez|s[ée]lectionnez|choisissez|specify|describe|fill in|select"
    r"|cet onglet|this sheet|this tab)\b|ex\s*[.:]|e\.\s?g\.|exemples?\s*:|examples?\s*:)",
    re.IGNORECASE,
)


def is_instruction(text: str) -> bool:
    """The model's instruction or example text (« Cliquez ici », « Ex : … », « Si oui,
    lesquelles »), not a value."""
    return bool(_INSTRUCTION.match(text))


def _all_labels() -> frozenset[str]:
    forms = [f for fs in [*_GLOBAL.values(), *_PERSON.values()] for f in fs]
    for section in _SECTIONS:
        forms += [*section.forms, *section.numbered]
        forms += [f for table in (section.columns or {}, section.rows) for fs in table.values() for f in fs]  # fmt: skip
    # the model's lists of types (a measure's, a recipient's) and natures: closed words, not data
    for table in (MEASURE_TYPES, RECIPIENT_TYPES, NATURES):
        forms += [f for labels in table.values() for f in _forms(*labels)]
    return frozenset(forms)


_ALL_LABELS = _all_labels()
_ALL_NUMBERED = frozenset(f for s in _SECTIONS for f in s.numbered)


def is_label(text: str) -> bool:
    """Whether ``text`` is a label of the CNIL's layouts (a section, a row, a column or a type
    this module reads), in French or English, with or without its examples: a cell that needs
    no note."""
    return bool({fold(text), fold(_cut(text))} & _ALL_LABELS) or _numbered(text, _ALL_NUMBERED)


# --- Sheets into blocks ---------------------------------------------------------------------------


@dataclass
class _Value:
    """A cell's text and where it was."""

    text: str
    cell: Cell


@dataclass
class _Row:
    """A row of a block: its key (a row of the model, ``numbered``, ``header`` for values
    beside a block's label, or ``None`` for an unknown label), its label and its values by
    column key (``value`` in a block of fields, ``items`` beside a table's label)."""

    key: Any
    label: _Value | None
    values: dict[str, list[_Value]] = field(default_factory=dict)

    def first(self, key: str) -> _Value | None:
        values = self.values.get(key)
        return values[0] if values else None

    def all(self) -> list[_Value]:
        return [v for values in self.values.values() for v in values]


@dataclass
class _Block:
    """A section of a sheet as read."""

    section: _Section
    header: _Value | None
    rows: list[_Row] = field(default_factory=list)


class _SheetReader:
    """One sheet into blocks; instruction text and empty answers noted and dropped."""

    def __init__(self, sheet: Sheet, notes: list[Note]) -> None:
        self.sheet = sheet
        self.notes = notes
        #: the first block holds the rows known everywhere (description, questions)
        self.blocks = [_Block(_TOP, None)]
        self.block = self.blocks[0]
        #: the current table's columns (index → key), their headers, and the labels' column
        self.columns: dict[int, str] = {}
        self.headers: dict[int, str] = {}
        self.label_column: int | None = None

    def read(self) -> list[_Block]:
        for index, cells in enumerate(self.sheet.rows):
            own = [
                (c, text.strip())
                for c, text in enumerate(cells)
                if text.strip() and (index, c) not in self.sheet.merged  # a merged cell's copy
            ]
            if own:
                self._row(index, own)
        return self.blocks

    def _value(self, index: int, column: int, label: str = "") -> Cell:
        letter = column_letter(column)
        return Cell(self.sheet.name, index + 1, f"{letter} ({label})" if label else letter)

    def _useful(self, value: _Value) -> bool:
        """Whether a value says something: the model's instructions and « - », « N/A »,
        « Néant » are noted and dropped."""
        if is_instruction(value.text):
            reason = "the model's instruction or example text: not a value"
        elif fold(value.text) in _NOTHING or _DASHES.match(value.text):
            reason = "says there is nothing here: read as empty"
        else:
            return True
        self.notes.append(Note(value.cell, value.text, "guessed", reason))
        return False

    def _row_key(self, text: str, *, first: bool) -> Any:
        """The key of a row label of the current block, else (for a row's first cell) of a
        label known everywhere."""
        section = self.block.section
        key = next((k for k, forms in section.rows.items() if _matches(text, forms)), None)
        if key is None and _numbered(text, section.numbered):
            key = "numbered"
        if key is None and first:
            key = next((k for k, forms in _GLOBAL.items() if _matches(text, forms)), None)
        return key

    def _row(self, index: int, own: list[tuple[int, str]]) -> None:
        column, text = own[0]
        key = self._row_key(text, first=False)
        table = self.block.section.columns is not None
        if key is None and not (table and self._continues(column)):
            first = _Value(text, self._value(index, column))
            # in a list without row labels, only a section's very label starts a new block
            exact = table and self.label_column is None
            section = next(
                (
                    s
                    for s in _SECTIONS
                    if (fold(text) in s.forms if exact else _matches(text, s.forms))
                ),
                None,
            )
            if section is not None:
                self._open(section, first, column, index, own[1:])
                return
            if table and self._named(self.block.section, own) == len(own) > 1:  # new headers
                self._open(self.block.section, None, None, index, own)
                return
            if self._named(_BY_KEY["activities"], own) >= 3:  # the list, from its first column
                self._open(_BY_KEY["activities"], None, None, index, own)
                return
            key = self._row_key(text, first=True)
            if key in _GLOBAL:
                row = _Row(key, first)
                self._values(row, index, own[1:], lambda _: "value", text)
                self.blocks[0].rows.append(row)  # the block in progress goes on after it
                return
        if table:
            self._table_row(index, own, key)
        else:
            self._fields(index, own)

    def _continues(self, column: int) -> bool:
        """Whether a row whose first cell is right of the labels continues the row above
        (a label merged over several rows)."""
        labels = self.label_column
        return labels is not None and column > labels and bool(self.block.rows)

    def _named(self, section: _Section, own: list[tuple[int, str]]) -> int:
        """How many of ``own`` name a column of ``section``."""
        columns = (section.columns or {}).values()
        return sum(any(_matches(t, forms) for forms in columns) for _, t in own)

    def _open(
        self,
        section: _Section,
        header: _Value | None,
        label_column: int | None,
        index: int,
        rest: list[tuple[int, str]],
    ) -> None:
        """Start a block: a table's header row names its columns; the rest of a block of
        fields' label row is its first fields (or values beside its label)."""
        self.block = _Block(section, header)
        self.blocks.append(self.block)
        self.columns, self.headers, self.label_column = {}, {}, label_column
        if section.columns is None:
            if rest:
                self._fields(index, rest, header=header)
            return
        if rest and not self._named(section, rest):  # « Personnes concernées | Salariés | … »
            row = _Row(None, header)
            self._values(row, index, rest, lambda _: "items")
            self.block.rows.append(row)
            return
        for c, t in rest:
            self.headers[c] = t
            key = next((k for k, forms in section.columns.items() if _matches(t, forms)), None)
            if key is None or key in self.columns.values():
                reason = "a column the model does not have: its cells go to the activity's notes"
                self.notes.append(Note(self._value(index, c), t, "guessed", reason))
                key = f"?{t}"
            self.columns[c] = key

    def _values(
        self, row: _Row, index: int, cells: list[tuple[int, str]], key: Any, label: str = ""
    ) -> None:
        """The useful ``cells`` into ``row``, each under ``key(column)``."""
        for c, t in cells:
            column = key(c)
            named = [h for h in self.headers if h <= c]
            header = label or (self.headers[max(named)] if named else column.lstrip("?"))
            value = _Value(t, self._value(index, c, header))
            if self._useful(value):
                row.values.setdefault(column, []).append(value)

    def _table_row(self, index: int, own: list[tuple[int, str]], key: Any) -> None:
        section, cells = self.block.section, own
        if self.label_column is not None and own[0][0] == self.label_column:
            row = _Row(key, _Value(own[0][1], self._value(index, own[0][0])))
            cells = own[1:]
        elif self._continues(own[0][0]):
            row = _Row(self.block.rows[-1].key, self.block.rows[-1].label)
        else:
            row = _Row(key, None)
        positions = itertools.chain(section.defaults, (f"?{n}" for n in itertools.count(2)))

        def column(c: int) -> str:
            named = [h for h in self.columns if h <= c]
            return self.columns[max(named)] if named else next(positions)

        self._values(row, index, cells, column)
        self.block.rows.append(row)

    def _fields(self, index: int, own: list[tuple[int, str]], header: _Value | None = None) -> None:
        """``label | value`` pairs, several on a row (``Nom | X | Prénom | Y``); values before
        any label belong to ``header`` (values beside a block's label), else the first cell
        is an unknown label."""
        current = None
        if header is not None:
            current = _Row("header", header)
            self.block.rows.append(current)
        for position, (c, t) in enumerate(own):
            key = self._row_key(t, first=position == 0 and header is None)
            label = current.label.text if current and current.label else ""
            value = _Value(t, self._value(index, c, "" if key else label))
            if key is not None or current is None:  # a label, known or not
                current = _Row(key, value)
                self.block.rows.append(current)
            elif self._useful(value):
                current.values.setdefault("value", []).append(value)


# --- Free text ------------------------------------------------------------------------------------

#: A retention's period and the event it runs from: ``5 ans à compter de la fin du contrat``.
_FROM = re.compile(
    r"^(?P<period>.+?)\s+(?P<word>(?:à|a) compter|(?:à|a) partir|après|apres|suivant|from|after"
    r"|following)\s+(?P<event>.+)$",
    re.IGNORECASE | re.DOTALL,
)
#: « à compter du dépôt » → the event « le dépôt »
_ARTICLES = (("du ", "le "), ("des ", "les "), ("de ", ""), ("d'", ""), ("d’", ""))


def read_retention(text: str) -> tuple[dict[str, str], bool]:
    """A retention in words → the format's keys (``period`` and ``from``, or ``criteria``), and
    whether that took a guess: ``13 mois``, ``5 ans à compter de la fin de la relation
    commerciale``; anything else is the criteria, verbatim."""
    parsed = parse_duration(text)
    if parsed is not None:
        return {"period": parsed.value}, parsed.guessed
    match = _FROM.match(text.strip())
    period = parse_duration(match.group("period")) if match else None
    if match is None or period is None:
        return {"criteria": text.strip()}, True
    event = match.group("event").strip()
    if fold(match.group("word")).endswith(("compter", "partir")):
        for article, instead in _ARTICLES:
            if event.lower().startswith(article):
                event = instead + event[len(article) :]
                break
    return {"period": period.value, "from": event}, True


# fmt: off
_MECHANISM_WORDS: tuple[tuple[Mechanism, tuple[str, ...]], ...] = (
    (Mechanism.PRIVACY_SHIELD, ("privacy shield",)),
    (Mechanism.SAFE_HARBOR, ("safe harbor", "safe harbour")),
    (Mechanism.SCC_2010, ("2010",)),
    (Mechanism.DPF, ("data privacy framework", "dpf")),
    (Mechanism.SCC, ("clauses contractuelles", "cct", "scc", "standard contractual", "model clauses")),
    (Mechanism.BCR, ("bcr", "regles d entreprise contraignantes", "regles internes d entreprise",
                     "binding corporate")),
    (Mechanism.CODE_OF_CONDUCT, ("code de conduite", "code of conduct")),
    (Mechanism.CERTIFICATION, ("certification",)),
    (Mechanism.DEROGATION, ("derogation", "derogations", "article 49", "art 49")),
    (Mechanism.ADEQUACY, ("adequation", "adequacy", "adequat", "adequate")),
)
# fmt: on


def read_mechanism(text: str) -> tuple[str, str | None] | None:
    """A transfer's « Type de garanties » → its mechanism and, for a derogation, the Art. 49(1)
    point; ``None`` when the words name none."""
    folded = f" {fold(text)} "
    for mechanism, words in _MECHANISM_WORDS:
        if any(f" {w} " in folded for w in words):
            point = re.search(r" 49 ?1 ?([a-g]) ", folded)
            derogation = mechanism is Mechanism.DEROGATION and point
            return mechanism.value, point.group(1) if derogation and point else None
    return None


def _answer(text: str) -> bool | None:
    """« Oui », « X », Yes → True; « Non », No → False."""
    folded = fold(text)
    if folded in _YES or text.strip() in _CHECKED:
        return True
    return False if folded in _NO else None


def _kind(text: str, table: dict[str, tuple[str, str]], words: dict[str, tuple[str, ...]]) -> Any:
    """The key of ``table`` (the model's list) whose words ``text`` is."""
    return next(
        (k for k, labels in table.items() if _matches(text, _forms(*labels, *words.get(k, ())))),
        None,
    )


def _nature(text: str) -> str | None:
    """« Technique », « Organisationnelle », Technical, Organizational → a measure's type."""
    folded = fold(text)
    if folded.startswith("techn"):
        return MeasureType.TECHNICAL.value
    return MeasureType.ORGANISATIONAL.value if folded.startswith("organi") else None


def _scalars(value: Any) -> Iterator[Any]:
    if isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _scalars(item)
    else:
        yield value


# --- Blocks into declarations ---------------------------------------------------------------------

#: A recipient's type → its role (``None``: the type does not say).
_ROLE_OF_TYPE: dict[Any, str | None] = {
    "internal": "internal",
    "processor": "processor",
    "partner": "controller",
    "joint_controller": "joint_controller",
    "authority": "authority",
    "public": "public",
}
#: The model's types of measure → a measure's type (« Autres mesures »: none).
_MEASURE_NATURE = dict.fromkeys(("access", "traceability", "software", "backup", "encryption"), "technical") | {"processors": "organisational"}  # fmt: skip
#: What a basis's « Précisions » hold.
_DETAILS_OF = {
    Basis.CONSENT.value: "withdrawal",
    Basis.LEGITIMATE_INTERESTS.value: "interest",
    Basis.LEGAL_OBLIGATION.value: "law",
    Basis.PUBLIC_TASK.value: "law",
}
_TYPE_FORMS = frozenset(f for labels in RECIPIENT_TYPES.values() for f in _forms(*labels))
#: The guarantees as ropa writes them, and as it wrote them before (read without a guess).
_GUARANTEE_FORMS = frozenset(fold(t) for labels in GUARANTEES.values() for t in labels) | {
    fold("Data Privacy Framework UE-États-Unis (décision d'adéquation 2023/1795)")
}
_BASIS_FORMS = frozenset(fold(t) for labels in BASES.values() for t in labels)
_CONDITION_FORMS = frozenset(fold(t) for labels in CONDITIONS.values() for t in labels)
_CONDITION_ROW = _labels("condition", "Condition", "Condition (art. 9)", "Exception (art. 9)")
_SPLIT = re.compile(r"\s*[;\n]\s*")


class _Builder:
    """Blocks of every sheet into the register's sections."""

    def __init__(self, imported: Imported) -> None:
        self.imported = imported
        self.organization: dict[str, Any] = {}
        self.activities: dict[str, dict[str, Any]] = {}
        self.entries: dict[str, dict[str, dict[str, Any]]] = {
            "data_subjects": {},
            "data_categories": {},
            "recipients": {},
            "security_measures": {},
        }
        #: what was read of someone and not kept (a DPO's phone): no difference later
        self.seen: dict[Path_, set[str]] = {}
        #: the activity being built, and the lines of its notes
        self.path: Path_ = ()
        self.notes: list[str] = []

    # --- notes and entries ---------------------------------------------------------------------

    def note(self, value: _Value, what: str, reason: str, path: Path_ = ()) -> None:
        """A note about ``value``; ``path``: where it went, from the register's top."""
        self.imported.notes.append(Note(value.cell, value.text, what, reason, path))

    def here(self, *where: str | int) -> Path_:
        """A path in the activity being built."""
        return (*self.path, *where)

    def keep(self, value: _Value, reason: str, label: str = "") -> None:
        """``value`` verbatim in the activity's notes (after ``label``), and why; outside an
        activity, a line of the report."""
        if not self.path:
            self.note(value, "unmapped", reason)
            return
        self.notes.append(f"{label}: {value.text}" if label else value.text)
        self.note(value, "unmapped", reason, self.here("notes"))

    def todo(self, path: Path_, text: str) -> None:
        todos = self.imported.todos
        if path not in todos:
            todos[path] = text
        elif text not in todos[path]:
            todos[path] = f"{todos[path]}; {text}"

    def entry(self, section: str, name: str, fallback: str) -> tuple[str, dict[str, Any], bool]:
        """The entry of ``section`` named ``name`` (case and accents aside), made if new."""
        entries = self.entries[section]
        for entry_id, entry in entries.items():
            if fold(str(entry["name"])) == fold(name):
                return entry_id, entry, False
        entry_id = unique_id(name, entries, fallback)
        entries[entry_id] = {"name": name}
        return entry_id, entries[entry_id], True

    @staticmethod
    def refer(activity: dict[str, Any], key: str, entry_id: str) -> None:
        refs: list[str] = activity.setdefault(key, [])
        if entry_id not in refs:
            refs.append(entry_id)

    # --- the summary -----------------------------------------------------------------------------

    def summary(self, blocks: list[_Block]) -> list[dict[str, _Value]]:
        """The organisation from the summary's blocks; the list of activities as read."""
        listed: list[dict[str, _Value]] = []
        heads: list[dict[str, _Value]] = []
        for block in blocks:
            key = block.section.key
            if key in ("summary_title", "organisation"):
                self._organisation_name(block)
            elif key == "head":
                heads.append(self._person(block))
            elif key in ("dpo", "representative"):
                self._officer(key, self._person(block))
            else:
                for row in block.rows:
                    entry = {k: v[0] for k, v in row.values.items()}
                    extras = [v for values in row.values.values() for v in values[1:]]
                    if row.key is None and row.label is not None:
                        extras.append(row.label)
                    entry |= {f"?{v.cell.column}": v for v in extras}
                    if entry:
                        listed.append(entry)
        for fields in heads:  # once the organisation's name is known
            self._head(fields)
        return listed

    def _organisation_name(self, block: _Block) -> None:
        org, header = self.organization, block.header
        if block.section.key == "summary_title" and header is not None:
            rest = re.sub(r"(?i)^.*?traitement\s+(?:de\s+|d['’]\s*)", "", header.text).strip()
            if rest != header.text.strip() and "name" not in org:
                org["name"] = rest
                reason = f"the title names the organisation: {rest!r}"
                self.note(header, "guessed", reason, ("organization", "name"))
        for row in block.rows:
            values = row.values.get("value", [])
            if row.key != "header":
                for value in [*([row.label] if row.label else []), *values]:
                    self.note(value, "unmapped", "not a field of the summary: not imported")
            for value in values if row.key == "header" else []:
                if "name" not in org:
                    org["name"] = value.text
                elif fold(org["name"]) != fold(value.text):
                    reason = "a second name of the organisation: the first was kept"
                    self.note(value, "unmapped", reason, ("organization", "name"))
                    self.todo(("organization", "name"), f"the sheet also says {value.text!r}")

    def _person(self, block: _Block) -> dict[str, _Value]:
        """A contact block's fields (the values of a field joined)."""
        fields: dict[str, _Value] = {}
        for row in block.rows:
            values = row.values.get("value", [])
            if row.key in (None, "header"):
                for value in [*([row.label] if row.key is None and row.label else []), *values]:
                    self.note(value, "unmapped", "not a field of the model's contact block")
                continue
            for value in values:
                before = fields.get(row.key)
                if before is None:
                    fields[row.key] = value
                else:
                    fields[row.key] = _Value(f"{before.text} {value.text}", before.cell)
                    self.note(value, "guessed", f"joined to {before.text!r}")
        return fields

    def _name(self, fields: dict[str, _Value], where: Path_) -> str | None:
        names = [fields[k] for k in ("first_name", "last_name") if k in fields]
        name = " ".join(v.text for v in names) or None
        for value in names if len(names) == 2 else []:
            self.note(value, "guessed", f"first and last name joined: {name!r}", (*where, "name"))
        return name

    def _country(self, value: _Value, where: Path_) -> str | None:
        parsed = parse_country(value.text)
        if parsed is None:
            self.todo(where, f"the sheet says {value.text!r}: write its ISO 3166-1 code")
            return None
        if parsed.guessed:
            self.note(value, "guessed", f"read as {parsed.value}", where)
        return parsed.value

    def _address(self, fields: dict[str, _Value], where: Path_, *, mapping: bool) -> Any:
        """An address: a mapping when street, postal code, city and country are all there (or
        ``mapping`` is asked for), else one line."""
        parts = {k: fields[k] for k in ("street", "postal_code", "city", "country") if k in fields}
        if not parts:
            return None
        country = self._country(parts["country"], (*where, "country")) if "country" in parts else None  # fmt: skip
        if "country" in parts and country is None:
            self.note(parts["country"], "unmapped", "not a country ropa knows", (*where, "country"))
        if mapping or (len(parts) == 4 and country):
            address = {k: parts[k].text for k in ("street", "postal_code", "city") if k in parts}
            for key in ("street", "postal_code", "city", "country"):
                if key not in parts:
                    self.todo((*where, key), "the sheet does not give it")
            return address | ({"country": country} if country else {})
        for value in parts.values():
            self.note(value, "guessed", "part of an address written as one line", where)
        city = " ".join(parts[k].text for k in ("postal_code", "city") if k in parts)
        lines = (parts["street"].text if "street" in parts else "", city)
        return ", ".join(t for t in (*lines, parts["country"].text if "country" in parts else "") if t)  # fmt: skip

    def _contact(
        self, target: dict[str, Any], fields: dict[str, _Value], where: Path_, *, mapping: bool
    ) -> None:
        """Address, email and phone from ``fields`` into ``target`` where it has none yet."""
        if "address" not in target:
            address = self._address(fields, (*where, "address"), mapping=mapping)
            if address:
                target["address"] = address
        if "email" in fields:
            target.setdefault("email", fields["email"].text)
        phone = fields.get("phone")
        if phone is not None and where == ("organization",):
            target.setdefault("phone", phone.text)
        elif phone is not None and phone.text not in self.seen.setdefault(where, set()):
            self.seen[where].add(phone.text)
            self.note(phone, "unmapped", "the register holds no telephone for this person", where)
            self.todo(where, f"the sheet gives the telephone {phone.text}, which it does not hold")

    def _head(self, fields: dict[str, _Value]) -> None:
        """« Coordonnées du responsable de l'organisme »: a person is the legal representative
        when the organisation is named apart, else the name is the organisation's own."""
        org, where = self.organization, ("organization",)
        position = fields.get("position")
        if "name" not in org:
            name = self._name(fields, where)
            if name:
                org["name"] = name
                for value in (fields[k] for k in ("first_name", "last_name") if k in fields):
                    reason = "no organisation is named apart: read as the organisation's name"
                    self.note(value, "guessed", reason, (*where, "name"))
        elif name := self._name(fields, (*where, "legal_representative")):
            person = {"name": name} | ({"role": position.text} if position else {})
            position = None
            if "legal_representative" in org:
                names = {k: v for k, v in fields.items() if k in ("first_name", "last_name")}
                self._compare(org["legal_representative"], names, (*where, "legal_representative"))  # fmt: skip
            else:
                org["legal_representative"] = person
                for value in (fields[k] for k in ("first_name", "last_name") if k in fields):
                    reason = "the head of the organisation, read as its legal representative"
                    self.note(value, "guessed", reason, (*where, "legal_representative"))
        for extra in (position, fields.get("company")):
            if extra is not None:
                self.note(extra, "unmapped", "the register holds no position or company here")
        self._contact(org, fields, where, mapping=True)
        contact = ("street", "postal_code", "city", "country", "email", "phone")
        self._compare(org, {k: v for k, v in fields.items() if k in contact}, where)

    def _officer(self, key: str, fields: dict[str, _Value]) -> None:
        """The DPO or the representative (Art. 27): their block, or their row of « Acteurs »."""
        target = "dpo" if key == "dpo" else "eu_representative"
        where: Path_ = ("organization", target)
        if not fields:
            return
        if target in self.organization:
            self._compare(self.organization[target], fields, where)
            return
        person: dict[str, Any] = {}
        name = self._name(fields, where)
        if "company" in fields:
            company = fields["company"]
            name = f"{name} ({company.text})" if name else company.text
            self.note(company, "guessed", "the company is written with the name", (*where, "name"))
        if name:
            person["name"] = name
        elif target == "eu_representative":
            self.todo((*where, "name"), "the representative's name")
        if "position" in fields:
            reason = "the register holds no position for this person"
            self.note(fields["position"], "unmapped", reason, where)
        self.organization[target] = person
        self._contact(person, fields, where, mapping=False)

    def _compare(self, known: dict[str, Any], fields: dict[str, _Value], where: Path_) -> None:
        """Details of someone read before: what differs is kept (in the activity's notes,
        else as a line of the report)."""
        text = " ".join(str(v) for v in [*_scalars(known), *self.seen.get(where, ())])
        for key, value in fields.items():
            country = parse_country(value.text) if key == "country" else None
            if fold(value.text) in fold(text) or (country and country.value in text.split()):
                continue
            label = LABELS[key][0] if key in LABELS else key
            whose = "/".join(str(p) for p in where[1:]) or "organisation"
            self.keep(value, f"differs from the {whose}'s details read before", label)

    # --- a fiche ---------------------------------------------------------------------------------

    def activity(self, blocks: list[_Block], listed: dict[str, _Value] | None, sheet: str) -> None:
        """One fiche (and its entry in the summary's list) as an activity."""
        self.notes = []
        fields: dict[str, list[_Value]] = {}
        unknown: list[_Row] = []
        rows: dict[str, list[_Row]] = {}
        for block in blocks:
            section = block.section.key
            if section not in ("top", "description", "fiche_title", "purposes"):
                rows.setdefault(section, []).extend(block.rows)
                continue
            for row in block.rows:
                key = row.key
                if key == "header":  # values beside the block's label
                    key = "title" if section == "fiche_title" else "objectives"
                if key is None:
                    unknown.append(row)
                else:
                    fields.setdefault(str(key), []).extend(row.values.get("value", []))
        for key, value in (listed or {}).items():
            fields.setdefault(f"list:{key}", []).append(value)
        keys = ("name", "list:name", "title", "main_purpose", "list:purpose")
        named = next((v[0] for k in keys if (v := fields.get(k))), None)
        name = named.text if named else sheet
        ref = next((v[0] for k in ("ref", "list:ref") if (v := fields.get(k))), None)
        if ref is not None and _ID.fullmatch(ref.text) and ref.text not in self.activities:
            activity_id = ref.text
        else:
            activity_id = unique_id(name, self.activities, "activity")
        activity: dict[str, Any] = {"name": name}
        self.activities[activity_id] = activity
        self.path = ("activities", activity_id)
        if named is None:
            self.todo(self.here("name"), f"the fiche gives no name: its sheet's ({sheet}) was used")
        elif named not in fields.get("name", []):
            reason = "the fiche has no « Nom du traitement »: the activity is named from here"
            self.note(named, "guessed", reason, self.here("name"))
        for row in unknown:
            label = row.label.text if row.label else ""
            if row.label is not None and not row.all():
                self.keep(row.label, "a line the model does not have")
            for value in row.all():
                self.keep(value, "a field the model does not have", label)
        self._description(activity, fields, named, activity_id)
        self._actors(activity, rows.get("actors", []))
        self._categories(activity, rows.get("categories", []), special=False)
        self._categories(activity, rows.get("sensitive", []), special=True)
        for value in fields.get("retention", []):
            self._retention(activity, value, [])
        self._finish_retention(activity)
        self._bases(activity, rows.get("bases", []), fields.get("basis", []))
        self._subjects(activity, rows.get("subjects", []))
        self._recipients(activity, rows.get("recipients", []))
        self._measures(activity, rows.get("measures", []))
        self._transfers(activity, rows.get("transfers", []))
        self._questions(activity, fields)
        self._todos(activity)
        if self.notes:
            activity["notes"] = "\n\n".join(self.notes)
        self.path = ()

    def _todos(self, activity: dict[str, Any]) -> None:
        for key, text in ACTIVITY_TODOS.items():
            if key not in activity:
                self.todo(self.here(key), text.replace("the sheet", "the fiche"))
        categories = self.entries["data_categories"]
        if "special_conditions" not in activity and any(
            categories[c].get("special") for c in activity.get("data_categories", [])
        ):
            text = "the fiche names sensitive data but no Art. 9(2) condition (or Art. 10 law)"
            self.todo(self.here("special_conditions"), text)
        if activity.get("joint_controllers"):
            text = "the Art. 26 arrangement: {summary, reference, contact} (the fiche has no place for it)"  # fmt: skip
            self.todo(self.here("joint_arrangement"), text)

    def _description(
        self,
        activity: dict[str, Any],
        fields: dict[str, list[_Value]],
        named: _Value | None,
        activity_id: str,
    ) -> None:
        """The name, reference, owner and date of update; the description from the purposes:
        a « Finalité principale » that repeats the name adds nothing (ropa writes the name
        there, the purpose as a heading), another is the description; a sub-purpose alone is
        the description (ropa writes it in « Sous-finalité 1 »), several follow as a list."""
        name = activity["name"]
        refs = {activity_id, *(v.text for k in ("ref", "list:ref") for v in fields.get(k, []))}
        for value in [*fields.get("name", []), *fields.get("list:name", []), *fields.get("title", [])]:  # fmt: skip
            if value is not named and fold(value.text) != fold(name) and value.text not in refs:
                self.keep(value, "a second name for the activity", LABELS["name"][0])
        refs_seen: list[str] = []
        for value in [*fields.get("ref", []), *fields.get("list:ref", [])]:
            if value.text != activity_id and value.text not in refs_seen:
                refs_seen.append(value.text)
                reason = "the fiche's reference, which is not an id (a-z, 0-9, -, _)"
                self.keep(value, reason if len(refs_seen) == 1 else "a second reference", LABELS["ref"][0])  # fmt: skip
        described: list[str] = []
        for key in ("main_purpose", "objectives", "list:purpose"):
            for value in fields.get(key, []):
                if value is named or fold(value.text) in {fold(name), *map(fold, described)}:
                    continue
                described.append(value.text)
                if key != "main_purpose":
                    reason = "the purpose, read as the activity's description"
                    self.note(value, "guessed", reason, self.here("description"))
        subs = fields.get("numbered", [])
        if len(subs) == 1 and not described:  # the description, verbatim, as ropa writes it
            described, subs = [subs[0].text], []
        for value in subs:
            reason = "a sub-purpose, listed in the activity's description"
            self.note(value, "guessed", reason, self.here("description"))
        text = "\n\n".join([*described, "\n".join(f"- {v.text}" for v in subs)] if subs else described)  # fmt: skip
        if text:
            activity["description"] = text
        for value in fields.get("owner", []):
            if "owner" in activity:
                self.keep(value, "a second service in charge", LABELS["owner"][0])
            else:
                activity["owner"] = value.text
        for value in [*fields.get("updated", []), *fields.get("list:updated", [])]:
            day = read_date(value.text)
            if day is None:
                reason = "not a date (YYYY-MM-DD, DD/MM/YYYY or 1er septembre 2026)"
                self.keep(value, reason, LABELS["updated"][0])
            elif "reviewed" not in activity:
                activity["reviewed"] = day
                reason = f"the fiche's last update, read as its last review ({day})"
                self.note(value, "guessed", reason, self.here("reviewed"))
            elif activity["reviewed"] != day:
                self.keep(value, "a second date of update", LABELS["updated"][0])
        created: set[str] = set()
        for value in [*fields.get("created", []), *fields.get("list:created", [])]:
            if value.text in created:
                self.note(value, "unmapped", "given already", self.here("notes"))
            else:
                created.add(value.text)
                self.keep(value, "the register has no date of creation", LABELS["created"][0])
        for value in fields.get("software", []):
            self.keep(value, "the register has no software name", "Logiciel")
        for value in (v for k, vs in fields.items() if k.startswith("list:?") for v in vs):
            self.keep(value, "a column of the list the model does not have")

    def _actors(self, activity: dict[str, Any], rows: list[_Row]) -> None:
        for row in rows:
            fields = {k: v[0] for k, v in row.values.items() if not k.startswith("?")}
            for k, values in row.values.items():
                for value in values if k.startswith("?") else values[1:]:
                    self.keep(value, "a cell of « Acteurs » the model does not have", k.lstrip("?"))
            if row.key in (None, "numbered"):
                for value in [*([row.label] if row.label else []), *fields.values()]:
                    self.keep(value, "an actor the model does not have")
                continue
            if "name" in fields:
                fields["last_name"] = fields.pop("name")
            if row.key == "controller" and fields:
                org = self.organization
                if "last_name" in fields and "name" not in org:
                    org["name"] = fields["last_name"].text
                self._contact(org, fields, ("organization",), mapping=True)
                self._compare(org, fields, ("organization",))
            elif row.key in ("dpo", "representative"):
                self._officer(row.key, fields)
            elif row.key == "dpo_company" and "last_name" in fields:
                self._officer("dpo", {"company": fields.pop("last_name")})
                for key, value in fields.items():
                    self.keep(value, "the register holds the DPO's details, not its company's", key)
            elif row.key == "joint" and fields:
                self._joint(activity, fields)

    def _joint(self, activity: dict[str, Any], fields: dict[str, _Value]) -> None:
        name = fields.get("last_name")
        if name is None:
            for key, value in fields.items():
                self.keep(value, "a joint controller's details without its name", key)
            return
        recipient_id, recipient, new = self.entry("recipients", name.text, "joint-controller")
        if new:
            recipient |= {"role": "joint_controller", "category": RECIPIENT_TYPES["joint_controller"][0]}  # fmt: skip
            reason = "a joint controller: a recipient of role joint_controller"
            self.note(name, "guessed", reason, self.here("joint_controllers"))
            self.todo(("recipients", recipient_id, "category"), "how the public page groups it: check")  # fmt: skip
        elif recipient.get("role") != "joint_controller":
            reason = f"a joint controller here, {recipient.get('role')} elsewhere: left so"
            self.note(name, "guessed", reason, self.here("joint_controllers"))
        if "country" in fields:
            self._established(recipient_id, recipient, fields["country"])
        for key, value in fields.items():
            if key not in ("last_name", "country"):
                reason = "the register holds no address or contact for a recipient"
                self.keep(value, reason, f"{name.text}, {key}")
        self.refer(activity, "joint_controllers", recipient_id)
        if activity.get("role") != "joint_controller":
            activity["role"] = "joint_controller"
            reason = "the fiche names a joint controller: the activity's role is joint_controller"
            self.note(name, "guessed", reason, self.here("role"))

    def _established(self, recipient_id: str, recipient: dict[str, Any], value: _Value) -> None:
        """Where a recipient is established."""
        label = f"{recipient['name']}, {LABELS['country'][0]}"
        code = self._country(value, ("recipients", recipient_id, "country"))
        if code is None:
            self.keep(value, "not a country ropa knows", label)
        elif recipient.get("country", code) != code:
            self.keep(value, f"another country than {recipient['country']}", label)
        else:
            recipient["country"] = code

    def _categories(self, activity: dict[str, Any], rows: list[_Row], *, special: bool) -> None:
        for row in rows:
            descriptions = row.values.get("description", []) + row.values.get("items", [])
            retention = row.values.get("retention", [])
            for key, values in row.values.items():
                for value in values if key not in ("description", "retention", "items") else []:
                    self.keep(value, "a cell of the data the model does not have", key.lstrip("?"))
            custom = row.key is None and row.label is not None and not is_label(row.label.text)
            if custom and row.label is not None:
                reason = "a row of the data the model does not have"
                self.keep(row.label, reason if descriptions or retention else f"{reason}, empty")
            if not descriptions and not retention:
                continue
            label = _cut(row.label.text) if row.label else ""
            names: list[tuple[str, _Value | None]] = []
            for value in descriptions:
                if fold(value.text) in _NO:
                    self.note(value, "guessed", "« Non »: the row's data are not processed")
                elif (value.text in _CHECKED or fold(value.text) in _YES) and not label:
                    self.keep(value, "a mark without a row")
                elif value.text in _CHECKED or fold(value.text) in _YES:
                    reason = f"a mark: the category is the row's, {label!r}"
                    self.note(value, "guessed", reason, self.here("data_categories"))
                    names.append((label, None))
                else:
                    names.append((value.text, value))
            if not names and not retention:
                continue
            if not names:
                for value in retention:
                    reason = f"a retention without a description: the category is the row's, {label!r}"  # fmt: skip
                    self.note(value, "guessed", reason, self.here("data_categories"))
                names.append((label or "Données", None))
            kind = row.key if special and row.key not in (None, "nir", "numbered") else None
            ids = [self._category(activity, name, said, kind, special) for name, said in names]
            for value in retention:
                self._retention(activity, value, ids)

    def _category(
        self, activity: dict[str, Any], name: str, said: _Value | None, kind: Any, special: bool
    ) -> str:
        category_id, category, new = self.entry("data_categories", name, "category")
        where: Path_ = ("data_categories", category_id, "special")
        if kind is not None and category.get("special", kind) != kind:
            if said is not None:
                reason = f"{kind} here, {category['special']} elsewhere: left so"
                self.note(said, "guessed", reason, where)
        elif kind is not None:
            category["special"] = kind
            if said is not None:
                reason = f"a special category ({kind}), by its row of « Données sensibles »"
                self.note(said, "guessed", reason, where)
        elif special and new:
            self.todo(where, ENTRY_TODOS["data_categories"]["special"])
        self.refer(activity, "data_categories", category_id)
        return category_id

    def _retention(self, activity: dict[str, Any], value: _Value, categories: list[str]) -> None:
        """A cell of retention, a period or criteria a line, for ``categories`` (none: all the
        activity's)."""
        items: list[dict[str, Any]] = activity.setdefault("retention", [])
        for line in (line.strip() for line in value.text.splitlines() if line.strip()):
            read, guessed = read_retention(line)
            same = next((i for i in items if {k: i[k] for k in i if k[0] != "_" and k != "categories"} == read), None)  # fmt: skip
            if same is None:
                same = read | {"categories": []}
                items.append(same)
            same["categories"] += [c for c in categories if c not in same["categories"]]
            if not categories:
                same["_all"] = True
            where = self.here("retention", items.index(same))
            shown = _Value(line, value.cell)
            if "criteria" in read:
                reason = "not a fixed period: kept verbatim as the retention's criteria"
                self.note(shown, "guessed", reason, where)
                self.todo(where, "a criteria, as written: a fixed period if there is one")
            elif guessed:
                event = f" from {read['from']!r}" if "from" in read else ""
                self.note(shown, "guessed", f"read as {read['period']}{event}", where)

    @staticmethod
    def _finish_retention(activity: dict[str, Any]) -> None:
        """A retention given for the whole activity, or for all its categories, names none."""
        everything = set(activity.get("data_categories", []))
        for item in activity.get("retention", []):
            if item.pop("_all", False) or set(item["categories"]) >= everything:
                del item["categories"]
            ordered = {
                k: item[k] for k in ("categories", "period", "criteria", "from") if k in item
            }
            item.clear()
            item.update(ordered)

    def _bases(self, activity: dict[str, Any], rows: list[_Row], simple: list[_Value]) -> None:
        entries = self.entries["data_categories"]
        names = {fold(str(entries[c]["name"])): c for c in activity.get("data_categories", [])}
        for value in simple:  # « Base légale | Contrat ; Intérêt légitime »
            for part in (p for p in _SPLIT.split(value.text) if p):
                self._basis(activity, _Value(part, value.cell), {}, names)
        for row in rows:
            cells = {k: v[0] for k, v in row.values.items() if k in ("ground", "details", "documentation", "data")}  # fmt: skip
            for key, values in row.values.items():
                for value in values[1:] if key in cells else values:
                    self.keep(value, "a cell of the legal bases the model does not have", key)
            ground = cells.pop("ground", None)
            label = re.sub(r"\s*\d+$", "", row.label.text) if row.label else ""
            if ground is None:
                for value in cells.values():
                    self.keep(value, "details of a legal basis the row does not name")
            elif _matches(label, _CONDITION_ROW) or (
                parse_basis(ground.text) is None and parse_condition(ground.text) is not None
            ):
                self._condition(activity, ground, cells)
            else:
                self._basis(activity, ground, cells, names)

    def _basis(
        self,
        activity: dict[str, Any],
        ground: _Value,
        cells: dict[str, _Value],
        names: dict[str, str],
    ) -> None:
        parsed = parse_basis(ground.text)
        if parsed is None:
            for value in (ground, *cells.values()):
                self.keep(value, "not read as an Art. 6 legal basis: kept verbatim", "Base légale")
            self.todo(self.here("legal_bases"), f"the fiche says {ground.text!r}: write the basis")
            return
        bases: list[dict[str, Any]] = activity.setdefault("legal_bases", [])
        basis: dict[str, Any] = {"basis": parsed.value}
        bases.append(basis)
        where = self.here("legal_bases", len(bases) - 1)
        if parsed.guessed and fold(ground.text) not in _BASIS_FORMS:
            self.note(ground, "guessed", f"read as {parsed.value}", where)
            self.todo(where, f"read from {ground.text!r}: check")
        details, documentation, data = (cells.get(k) for k in ("details", "documentation", "data"))
        key = _DETAILS_OF.get(parsed.value)
        if details is not None and key is not None:
            basis[key] = details.text
        elif details is not None:
            self.keep(details, "details of a basis that holds none", LABELS["details"][0])
        if documentation is not None and parsed.value == Basis.LEGITIMATE_INTERESTS.value:
            basis["balancing_test"] = documentation.text
        elif documentation is not None:
            self.keep(documentation, "documentation of a basis that holds none", "Documentation")
        if data is not None:
            written = [n for n in _SPLIT.split(data.text) if n]
            refs = list(dict.fromkeys(names[fold(n)] for n in written if fold(n) in names))
            unknown = [n for n in written if fold(n) not in names]
            if refs:
                basis["categories"] = refs
            if unknown:
                reason = f"names data the fiche does not list ({', '.join(unknown)})"
                self.keep(data, reason, LABELS["data_concerned"][0])

    def _condition(self, activity: dict[str, Any], ground: _Value, cells: dict[str, _Value]) -> None:  # fmt: skip
        parsed = parse_condition(ground.text)
        law = cells.pop("details", None)
        if parsed is None:
            for value in (ground, *([law] if law else [])):
                self.keep(value, "not read as an Art. 9(2) or 10 condition: kept verbatim", "Condition")  # fmt: skip
        else:
            conditions: list[Any] = activity.setdefault("special_conditions", [])
            conditions.append({"condition": parsed.value, "law": law.text} if law else parsed.value)
            if parsed.guessed and fold(ground.text) not in _CONDITION_FORMS:
                where = self.here("special_conditions", len(conditions) - 1)
                self.note(ground, "guessed", f"read as {parsed.value}", where)
        for value in cells.values():
            self.keep(value, "the register holds no documentation or data for a condition", "Condition")  # fmt: skip

    def _subjects(self, activity: dict[str, Any], rows: list[_Row]) -> None:
        for row in rows:
            names = row.values.get("description", []) + row.values.get("items", [])
            details = row.values.get("details", [])
            for key, values in row.values.items():
                for value in values if key not in ("description", "details", "items") else []:
                    self.keep(value, "a cell of the persons the model does not have", key.lstrip("?"))  # fmt: skip
            if row.key is None and row.label is not None and not is_label(row.label.text):
                if names or details:
                    self.keep(row.label, "a row the model does not have")
                else:
                    names = [row.label]  # « Salariés » as a row of its own
            if not names:
                names, details = details[:1], details[1:]
            for index, written in enumerate(names):
                value, detail = written, details[index] if index < len(details) else None
                if fold(value.text) in _OTHERS and detail is not None:
                    reason = "« Autres »: the persons are named by the details"
                    self.note(value, "guessed", reason, self.here("data_subjects"))
                    value, detail = detail, None
                subject_id, subject, _ = self.entry("data_subjects", value.text, "subject")
                if detail is not None and "description" not in subject:
                    subject["description"] = detail.text
                elif detail is not None and fold(subject["description"]) != fold(detail.text):
                    self.keep(detail, "the persons are described otherwise elsewhere", value.text)
                self.refer(activity, "data_subjects", subject_id)
            for value in details[len(names) :]:
                self.keep(value, "details without a category of persons")

    def _typed(
        self, row: _Row, table: dict[str, tuple[str, str]], words: dict[str, tuple[str, ...]]
    ) -> tuple[Any, _Value | None, list[_Value]]:
        """A row's type (its type column, else its label), the cell that said it, and the
        cells that name its entries (a type column holding no type names one)."""
        kind, said = None, None
        names = row.values.get("details", []) + row.values.get("items", [])
        for value in row.values.get("type", []):
            found = _kind(value.text, table, words)
            if found is not None and kind is None:
                kind, said = found, value
            else:
                names.append(value)
        if kind is None and row.key not in (None, "numbered"):
            kind = row.key
        if not names and said is not None:
            names = [said]
        custom = row.key is None and row.label is not None and not is_label(row.label.text)
        if custom and row.label is not None and names:
            self.keep(row.label, "a row the model does not have")
        elif custom and row.label is not None:
            names = [row.label]
        return kind, said, names

    def _recipients(self, activity: dict[str, Any], rows: list[_Row]) -> None:
        for row in rows:
            kind, said, names = self._typed(row, RECIPIENT_TYPES, _RECIPIENT_WORDS)
            countries = row.values.get("country", [])
            for key, values in row.values.items():
                for value in values if key not in ("type", "details", "country", "items") else []:
                    self.keep(value, "a cell of the recipients the model does not have", key.lstrip("?"))  # fmt: skip
            for value in countries if not names else []:
                self.keep(value, "a country without a recipient", LABELS["country"][0])
            for value in names:
                self._recipient(activity, value, kind, said, countries)

    def _recipient(
        self,
        activity: dict[str, Any],
        name: _Value,
        kind: Any,
        said: _Value | None,
        countries: list[_Value],
    ) -> None:
        recipient_id, recipient, new = self.entry("recipients", name.text, "recipient")
        where: Path_ = ("recipients", recipient_id)
        role = _ROLE_OF_TYPE.get(kind)
        ours = said is not None and fold(said.text) in _TYPE_FORMS
        if new and role is not None:
            recipient["role"] = role
            if said is not None and not ours:
                self.note(said, "guessed", f"read as the role {role}", (*where, "role"))
        elif new:
            self.todo((*where, "role"), ENTRY_TODOS["recipients"]["role"])
        elif role is not None and recipient.setdefault("role", role) != role and said is not None:
            reason = f"{role} here, {recipient['role']} elsewhere: left so"
            self.note(said, "guessed", reason, (*where, "role"))
        if new and kind is not None:
            recipient["category"] = RECIPIENT_TYPES[kind][0] if said is None or ours else said.text
            self.todo((*where, "category"), "how the public page groups it: the type, check")
        elif new:
            self.todo((*where, "category"), ENTRY_TODOS["recipients"]["category"])
        if name is said:
            self.note(name, "guessed", "no details: named by its type", (*where, "name"))
        for index, value in enumerate(countries):
            if index == 0:
                self._established(recipient_id, recipient, value)
            else:
                self.keep(value, "a second country for this recipient", name.text)
        self.refer(activity, "recipients", recipient_id)

    def _measures(self, activity: dict[str, Any], rows: list[_Row]) -> None:
        for row in rows:
            kind, said, names = self._typed(row, MEASURE_TYPES, {})
            natures = row.values.get("nature", [])
            for key, values in row.values.items():
                for value in values if key not in ("type", "details", "items", "nature") else []:
                    self.keep(value, "a cell of the measures the model does not have", key.lstrip("?"))  # fmt: skip
            for value in natures[1:] + (natures[:1] if not names else []):
                self.keep(value, "a second nature, or one without a measure", "Nature")
            for value in names:
                self._measure(activity, value, kind, said, natures[0] if natures else None)

    def _measure(
        self,
        activity: dict[str, Any],
        name: _Value,
        kind: Any,
        said: _Value | None,
        nature: _Value | None,
    ) -> None:
        measure_id, measure, new = self.entry("security_measures", name.text, "measure")
        where: Path_ = ("security_measures", measure_id, "type")
        if name is said:
            self.note(name, "guessed", "no details: named by its type", (*where[:2], "name"))
        read = _nature(nature.text) if nature is not None else None
        if nature is not None and read is None:
            self.keep(nature, "not read as technical or organisational", "Nature")
        elif nature is not None and not new and measure.get("type", read) != read:
            self.keep(nature, f"{read} here, {measure['type']} elsewhere", name.text)
        if new and read is not None:
            measure["type"] = read
        elif new and kind in _MEASURE_NATURE:
            measure["type"] = _MEASURE_NATURE[kind]
            reason = f"{measure['type']}, by the model's type of measure"
            self.note(said or name, "guessed", reason, where)
            self.todo(where, "guessed from the type of measure: check")
        elif new:
            self.todo(where, ENTRY_TODOS["security_measures"]["type"])
        self.refer(activity, "security_measures", measure_id)

    def _transfers(self, activity: dict[str, Any], rows: list[_Row]) -> None:
        for row in rows:
            cells = {k: v[0] for k, v in row.values.items() if k in ("recipient", "guarantee", "link")}  # fmt: skip
            countries = row.values.get("country", [])
            for key, values in row.values.items():
                for value in values[1:] if key in cells else values if key != "country" else []:
                    self.keep(value, "a cell of the transfers the model does not have", key)
            name = cells.pop("recipient", None)
            if name is not None:
                self._transfer(activity, name, countries, cells.get("guarantee"), cells.get("link"))
                continue
            for value in [*countries, *cells.values()]:
                reason = "a transfer without its recipient: declare it on the recipient"
                self.keep(value, reason, LABELS["transfers"][0])
            if countries:
                self.todo(
                    self.here("recipients"), "a transfer without its recipient: see the notes"
                )

    def _transfer(
        self,
        activity: dict[str, Any],
        name: _Value,
        countries: list[_Value],
        guarantee: _Value | None,
        link: _Value | None,
    ) -> None:
        recipient_id, recipient, new = self.entry("recipients", name.text, "recipient")
        where: Path_ = ("recipients", recipient_id, "transfers")
        if new:
            for key in ("role", "category"):
                self.todo(("recipients", recipient_id, key), ENTRY_TODOS["recipients"][key])
        self.refer(activity, "recipients", recipient_id)
        codes = []
        for value in countries:
            for part in (p.strip() for p in re.split(r"[;,\n]", value.text) if p.strip()):
                code = self._country(_Value(part, value.cell), where)
                if code is None:
                    self.keep(_Value(part, value.cell), "not a country ropa knows", name.text)
                else:
                    codes.append(code)
        mechanism = read_mechanism(guarantee.text) if guarantee is not None else None
        if not codes or (guarantee is not None and mechanism is None):
            for extra in (guarantee, link) if not codes else (guarantee,):
                if extra is not None:
                    self.keep(extra, "no country, or not read as a transfer mechanism", name.text)
            if not codes:
                self.todo(where, "a transfer without a country ropa reads")
                return
        transfers: list[dict[str, Any]] = recipient.setdefault("transfers", [])
        for code in codes:
            same = next((t for t in transfers if t["country"] == code), None)
            if same is not None:  # the same transfer, from another fiche
                if guarantee and mechanism and same.get("mechanism") != mechanism[0]:
                    self.keep(guarantee, f"another safeguard for {code} than read before", name.text)  # fmt: skip
                if link is not None and same.get("reference") != link.text:
                    self.keep(link, f"another documentation for {code} than read before", name.text)  # fmt: skip
                continue
            transfer: dict[str, Any] = {"country": code}
            transfers.append(transfer)
            here = (*where, len(transfers) - 1, "mechanism")
            if mechanism is None:
                self.todo(here, "the safeguard the transfer rests on (the fiche does not say)")
            else:
                transfer["mechanism"] = mechanism[0]
                if mechanism[1]:
                    transfer["derogation"] = mechanism[1]
                if guarantee is not None and fold(guarantee.text) not in _GUARANTEE_FORMS:
                    self.note(guarantee, "guessed", f"read as {mechanism[0]}", here)
            if link is not None:
                transfer["reference"] = link.text

    def _questions(self, activity: dict[str, Any], fields: dict[str, list[_Value]]) -> None:
        """The Oui/Non answers: read, noted, checked against the rows."""
        categories, recipients = self.entries["data_categories"], self.entries["recipients"]
        special = any(categories[c].get("special") for c in activity.get("data_categories", []))
        transfers = any(
            recipients[r].get("transfers")
            for r in [*activity.get("recipients", []), *activity.get("joint_controllers", [])]
        )
        for key, has, what, target in (
            ("sensitive_question", special, "sensitive data", "data_categories"),
            ("list:sensitive", special, "sensitive data", "data_categories"),
            ("transfer_question", transfers, "transfers outside the EU", "recipients"),
        ):
            for value in fields.get(key, []):
                answer = _answer(value.text)
                if answer is None:
                    self.keep(value, f"not read as yes or no ({what})", what)
                    continue
                agree = "as the rows say" if answer == has else "which the rows contradict: check"
                reason = f"an answer, read as {'yes' if answer else 'no'} ({what}), {agree}"
                self.note(value, "guessed", reason)
                if answer and not has:
                    self.todo(self.here(target), f"the fiche says there are {what}, names none")


# --- The workbook ---------------------------------------------------------------------------------


class CnilLayoutError(LayoutError):
    """No sheet of the workbook has the CNIL model's labels; the message is one line."""


def read_cnil(sheets: list[Sheet]) -> Imported:
    """The register a workbook in the CNIL's layout holds: the organisation and the list of
    activities of its summary sheet, an activity a fiche (matched to the list by reference,
    else name; an activity listed without a fiche is imported too, with its TODOs), every
    non-empty cell accounted for. The sheet ``ropa`` (the register ropa embeds) is left to
    the caller; the model's tutorial, example and lists sheets are left out, with a note."""
    imported = Imported()
    builder = _Builder(imported)
    read: list[tuple[Sheet, list[_Block]]] = []
    for sheet in sheets:
        if sheet.name == EMBEDDED:  # the register ropa embeds: the caller restores it
            continue
        if not _SKIPPED.match(fold(sheet.name)):
            read.append((sheet, _SheetReader(sheet, imported.notes).read()))
        elif any(any(cell.strip() for cell in row) for row in sheet.rows):
            reason = "the model's tutorial, example or lists sheet: not imported"
            imported.notes.append(Note(Cell(sheet.name, 0, ""), "", "unmapped", reason))
    listed = builder.summary([b for _, blocks in read for b in blocks if b.section.key in _SUMMARY])
    used: set[int] = set()
    for sheet, blocks in read:
        fiche = [b for b in blocks if b.section.key not in _SUMMARY]
        if _is_fiche(fiche):
            builder.activity(fiche, _listed(fiche, listed, used), sheet.name)
            continue
        summary = len(fiche) < len(blocks)
        reason = "outside the summary's blocks" if summary else "a sheet without the model's labels"
        for row in (row for block in fiche for row in block.rows):
            for value in [*([row.label] if row.label and row.key is None else []), *row.all()]:
                builder.note(value, "unmapped", f"{reason}: not imported")
    for index, entry in enumerate(listed):
        if index not in used:
            builder.activity([], entry, next(iter(entry.values())).cell.sheet)
            activity_id = next(reversed(builder.activities))
            text = "listed in the summary, with no fiche in the workbook: its details are to write"
            builder.todo(("activities", activity_id), text)
    if not builder.activities and not builder.organization:
        raise CnilLayoutError(
            "no sheet has the CNIL model's labels (Nom du traitement, Finalité principale, "
            "Catégories de données...); for a table of your own, use --from csv"
        )
    org = builder.organization
    for key, text in (
        ("name", "the organisation's legal name (the sheet does not give it)"),
        ("address", "the postal address: {street, postal_code, city, country}"),
        ("email", "the contact address for data protection"),
        ("supervisory_authority", _AUTHORITY),
    ):
        if key not in org:
            builder.todo(("organization", key), text)
    imported.sections["organization"] = _ordered(org, _ORGANIZATION_KEYS)
    imported.sections |= {name: entries for name, entries in builder.entries.items() if entries}
    imported.sections["activities"] = {
        activity_id: _ordered(activity, _ACTIVITY_KEYS)
        for activity_id, activity in builder.activities.items()
    }
    return imported


_AUTHORITY = "where complaints go (Art. 77): {name: CNIL, country: FR} in France (the model has no place for it)"
_ORGANIZATION_KEYS = ("name", "address", "email", "phone", "legal_representative", "dpo")
_ACTIVITY_KEYS = (
    "name", "description", "role", "joint_controllers", "owner", "legal_bases",
    "special_conditions", "data_subjects", "data_categories", "recipients", "retention",
    "security_measures", "reviewed", "notes",
)  # fmt: skip


def _ordered(entry: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """``entry``'s keys in the format's order, as ``ropa init`` writes them."""
    return {k: entry[k] for k in keys if k in entry} | {k: v for k, v in entry.items() if k not in keys}  # fmt: skip


def _is_fiche(blocks: list[_Block]) -> bool:
    """Whether a sheet's blocks are a fiche: a section of one, or a field of its description."""
    return any(b.rows or b.header for b in blocks if b.section.key != "top") or any(
        row.key in _DESCRIPTION or row.key in ("basis", "retention")
        for b in blocks
        for row in b.rows
    )


def _listed(
    blocks: list[_Block], listed: list[dict[str, _Value]], used: set[int]
) -> dict[str, _Value] | None:
    """The summary's entry for a fiche: by reference, else by name."""
    fiche: dict[str, str] = {}
    for row in (row for block in blocks for row in block.rows):
        if row.key in ("ref", "name") and row.values.get("value"):
            fiche.setdefault(row.key, fold(row.values["value"][0].text))
    for key in ("ref", "name"):
        for index, entry in enumerate(listed):
            if index not in used and key in entry and fold(entry[key].text) == fiche.get(key):
                used.add(index)
                return entry
    return None
