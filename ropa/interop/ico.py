"""The ICO's documentation templates (UK GDPR Art. 30) read into an
:class:`~ropa.interop.result.Imported`, and the layout :mod:`ropa.render.ico` writes.

The controller template (``gdpr-documentation-controller-template.xlsx``) has a sheet
``Template``: a block with the controller's, the DPO's and the representative's name and contact
details on top, then a header row of 30 columns (:data:`CONTROLLER_COLUMNS`), then one row per
purpose. The processor template has the Art. 30(2) columns: the controller each processing is
carried out for, the categories of processing, transfers and security measures
(:data:`PROCESSOR_COLUMNS`); ropa writes the same block above them.

A sheet is found by its headers, never by its name or their place: each header is folded (case,
accents, punctuation, line breaks, "(if applicable)") and matched against the words people write
for that column (:data:`COLUMNS`). A sheet whose headers name the controller a processing is
carried out for is read as the processor template: its rows are ``role: processor``
activities.

Each row is one activity; each cell lands in the field its column holds, read by
:mod:`ropa.interop.parse` where the field has a closed form, with a note when that took a guess;
a cell no field holds is kept verbatim in the activity's ``notes``; "N/A" is read as nothing,
and noted. What :mod:`ropa.render.ico` writes reads back without a guess (but for the
controller's postal address, which the block holds on one line, and "None designated" for a DPO
or representative, read as none and noted): recipients as ``Category: Name (role, country)``,
bases as ``Art. 6(1)(b) contract (for: Data; Data) — law``, one retention a line as ``Data: 3
years — from the event — then deleted — reference: ...``, transfers as ``Country — Recipient —
mechanism — reference: ...`` (and ``Recipient: Country — mechanism — ...``, as ropa wrote them
before), the person responsible for the processing as ``Privacy contact: Name, email``, dates
as ``2025-01-15`` or in words (``15 janvier 2025``). The words between values are English or
French (:data:`WORDS`), with either language's spacing before ``:`` and ``;``; the ICO's
headers are English only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ropa.interop.generic import ACTIVITY_TODOS, ENTRY_TODOS, Row, unique_id
from ropa.interop.parse import (
    Parsed,
    fold,
    parse_basis,
    parse_condition,
    parse_country,
    parse_duration,
    read_date,
)
from ropa.interop.result import Cell, Imported, LayoutError, Note
from ropa.interop.sheets import Sheet, column_letter


class IcoLayoutError(LayoutError):
    """No sheet of the workbook has the ICO template's headers; the message is one line."""


# --- The layout -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of a template: its key, its header as the ICO writes it, and other headers
    people write for it (folded, see :func:`ropa.interop.parse.fold`)."""

    key: str
    header: str
    also: tuple[str, ...] = ()


#: The controller template's columns, in its order, with its headers (sheet ``Template``, row
#: 9, columns A to AD), as two public transcriptions of ``gdpr-documentation-controller-
#: template.xlsx`` agree on them; they differ on the 26th, "Schedule 1 Condition" or "Schedule
#: Condition", both read. Each column's ``also`` holds what people write instead.
CONTROLLER_COLUMNS: tuple[Column, ...] = (
    Column("function", "Business function", ("department", "business area", "function", "team",
                                             "business function or area", "department or business function")),
    Column("purpose", "Purpose of processing", ("purpose", "purposes", "purposes of processing",
                                                "purpose of the processing", "purpose s of processing")),
    Column("joint", "Name and contact details of joint controller (if applicable)",
           ("joint controller", "joint controllers", "name and contact details of joint controllers")),
    Column("subjects", "Categories of individuals", ("data subjects", "categories of data subjects",
                                                     "individuals", "categories of individual")),
    Column("categories", "Categories of personal data", ("personal data", "data categories",
                                                         "categories of data", "type of personal data")),
    Column("recipients", "Categories of recipients", ("recipients", "recipients of personal data")),
    Column("contract", "Link to contract with processor", ("contract with processor", "processor contract",
                                                           "link to contract", "link to contract with processors",
                                                           "data processing agreement", "dpa")),
    Column("countries", "Names of third countries or international organisations that personal data are "
           "transferred to (if applicable)", ("third countries", "names of third countries",
                                              "international transfers", "third country transfers",
                                              "transfers", "countries")),
    Column("safeguards", "Safeguards for exceptional transfers of personal data to third countries or "
           "international organisations (if applicable)", ("safeguards", "transfer safeguards",
                                                           "safeguards for exceptional transfers",
                                                           "safeguards for transfers")),
    Column("retention", "Retention schedule (if possible)", ("retention", "retention period",
                                                              "retention periods", "retention schedule")),
    Column("measures", "General description of technical and organisational security measures (if possible)",
           ("security measures", "technical and organisational security measures",
            "technical and organisational measures", "general description of technical and organizational "
            "security measures", "technical and organizational measures", "security")),
    Column("basis", "Article 6 lawful basis for processing personal data",
           ("article 6 lawful basis", "lawful basis", "legal basis", "lawful basis for processing",
            "article 6 basis", "lawful bases")),
    Column("condition", "Article 9 condition for processing special category data",
           ("article 9 basis for processing special category data", "article 9 condition",
            "article 9 basis", "special category condition", "article 9 10 condition")),
    Column("interests", "Legitimate interests for the processing (if applicable)",
           ("legitimate interests", "legitimate interest")),
    Column("lia", "Link to record of legitimate interests assessment (if applicable)",
           ("legitimate interests assessment", "link to lia", "lia", "link to legitimate interests assessment")),
    Column("rights", "Rights available to individuals", ("rights", "individual rights", "individuals rights")),
    Column("automated", "Existence of automated decision-making, including profiling (if applicable)",
           ("automated decision making", "automated decision making including profiling", "profiling")),
    Column("source", "The source of the personal data (if applicable)",
           ("source of the personal data", "source of personal data", "source", "sources")),
    Column("consent_record", "Link to record of consent", ("record of consent", "consent record")),
    Column("location", "Location of personal data", ("location", "where the data is held",
                                                     "location of data", "system", "systems")),
    Column("dpia_required", "Data Protection Impact Assessment required?", ("dpia required",)),
    Column("dpia_progress", "Data Protection Impact Assessment progress", ("dpia progress", "dpia status")),
    Column("dpia_link", "Link to Data Protection Impact Assessment", ("link to dpia", "dpia link")),
    Column("breach", "Has a personal data breach occurred?", ("has the personal data been breached",
                                                              "personal data breach", "breach")),
    Column("breach_link", "Link to record of personal data breach", ("link to breach record",
                                                                     "link to record of breach")),
    Column("schedule", "Data Protection Act 2018 Schedule 1 Condition for processing",
           ("data protection act 2018 schedule condition for processing", "dpa 2018 schedule 1 condition",
            "schedule 1 condition", "dpa 2018 schedule condition")),
    Column("special_basis", "GDPR Article 6 lawful basis for processing", ()),
    Column("retention_policy", "Link to retention and erasure policy document",
           ("retention and erasure policy", "link to retention policy", "retention policy")),
    Column("retention_kept", "Is personal data retained and erased in accordance with the policy document?",
           ("is personal data retained and erased in accordance with the retention and erasure policy document",)),
    Column("retention_reasons", "Reasons for not adhering to policy document (if applicable)",
           ("reasons for not adhering to retention and erasure policy document",)),
)  # fmt: skip

#: The processor template's columns as ropa writes them: the Art. 30(2) items in the ICO's
#: wording, and the columns of the controller template that hold what a processor activity
#: needs in the register (its data subjects, its sub-processors). No copy of the ICO's own
#: processor template could be checked: its headers are read by meaning, like the others.
PROCESSOR_COLUMNS: tuple[Column, ...] = (
    Column("function", "Business function"),
    Column("controller", "Name and contact details of the controller(s) for whom processing is carried out",
           ("name and contact details of controller", "name and contact details of the controller",
            "name and contact details of each controller", "controller", "controllers",
            "controller s", "name and contact details of controller s")),
    Column("processing", "Categories of processing", ("categories of processing carried out",
                                                      "categories of processing carried out on behalf of each controller",
                                                      "processing", "processing carried out")),
    Column("subjects", "Categories of individuals"),
    Column("categories", "Categories of personal data"),
    Column("recipients", "Categories of recipients"),
    Column("contract", "Link to contract with processor"),
    Column("controller_contract", "Link to contract with controller", ("contract with controller",
                                                                       "contract with the controller")),
    Column("countries", CONTROLLER_COLUMNS[7].header),
    Column("safeguards", CONTROLLER_COLUMNS[8].header),
    Column("retention", "Retention schedule (if possible)"),
    Column("measures", CONTROLLER_COLUMNS[10].header),
)  # fmt: skip

#: Columns people add that ropa reads too; never written.
EXTRA_COLUMNS: tuple[Column, ...] = (
    Column("name", "Processing activity", ("name", "activity", "activity name",
                                           "name of processing activity", "processing activity name")),
    Column("notes", "Notes", ("comments", "remarks", "note")),
)  # fmt: skip

#: Every column ropa recognises, by key (the controller's first).
COLUMNS: dict[str, Column] = {}
for _column in (*CONTROLLER_COLUMNS, *PROCESSOR_COLUMNS, *EXTRA_COLUMNS):
    if _column.key in COLUMNS:
        _known = COLUMNS[_column.key]
        COLUMNS[_column.key] = Column(_known.key, _known.header, (*_known.also, *_column.also))
    else:
        COLUMNS[_column.key] = _column

#: The controller block: the labels of its header row (Name, Address, Email, Telephone) and of
#: its rows (who), as :mod:`ropa.render.ico` writes them.
BLOCK_FIELDS = ("Name", "Address", "Email", "Telephone")
BLOCK_CONTROLLER = "Controller"
BLOCK_PROCESSOR = "Processor"
BLOCK_DPO = "Data Protection Officer"
BLOCK_REPRESENTATIVE = "Representative"
BLOCK_UK_REPRESENTATIVE = "UK representative"
BLOCK_EU_REPRESENTATIVE = "EU representative"

#: The sheet names ropa writes: the controller template's own, and the processor's beside it.
CONTROLLER_SHEET = "Template"
PROCESSOR_SHEET = "Template (processor)"


@dataclass(frozen=True)
class Words:
    """The words written between values in one language (:data:`WORDS`)."""

    roles: dict[str, str]
    types: dict[str, str]
    special: str
    specials: dict[str, str]
    for_: str
    from_: str
    then: str
    thens: dict[str, str]
    reference: str
    signed: str
    tia: str
    withdraw: str
    rights: dict[str, str]
    decision: dict[str, str]
    exceptions: dict[str, str]
    yes: str
    no: str
    done: str
    not_done: str
    #: the answer of the block's row for a DPO or representative the register has none of
    none_designated: str
    #: the label of the person responsible for the processing, beside "None designated"
    privacy_contact: str


WORDS: dict[str, Words] = {
    "en": Words(
        roles={"internal": "internal department", "processor": "processor",
               "joint_controller": "joint controller", "controller": "independent controller",
               "authority": "public authority", "public": "the public"},
        types={"technical": "technical", "organisational": "organisational"},
        special="special category",
        specials={"racial_or_ethnic_origin": "racial or ethnic origin",
                  "political_opinions": "political opinions",
                  "religious_or_philosophical_beliefs": "religious or philosophical beliefs",
                  "trade_union_membership": "trade union membership", "genetic": "genetic data",
                  "biometric": "biometric data", "health": "health",
                  "sex_life_or_orientation": "sex life or sexual orientation",
                  "criminal_convictions": "criminal convictions and offences"},
        for_="for", from_="from", then="then",
        thens={"delete": "deleted", "anonymise": "anonymised", "archive": "archived"},
        reference="reference", signed="signed", tia="TIA",
        withdraw="Withdraw consent",
        rights={"access": "access", "rectification": "rectification", "erasure": "erasure",
                "restriction": "restriction", "portability": "portability", "objection": "objection"},
        decision={"logic": "Logic", "significance": "Significance",
                  "legal_effect": "Legal or similarly significant effects", "exception": "Exception",
                  "law": "Law", "safeguards": "Safeguards"},
        exceptions={"contract": "contract", "law": "law", "explicit_consent": "explicit consent"},
        yes="Yes", no="No", done="Done", not_done="Not done",
        none_designated="None designated", privacy_contact="Privacy contact",
    ),
    "fr": Words(
        roles={"internal": "service interne", "processor": "sous-traitant",
               "joint_controller": "responsable conjoint du traitement",
               "controller": "responsable de traitement distinct", "authority": "autorité publique",
               "public": "le public"},
        types={"technical": "technique", "organisational": "organisationnelle"},
        special="catégorie particulière",
        specials={"racial_or_ethnic_origin": "origine raciale ou ethnique",
                  "political_opinions": "opinions politiques",
                  "religious_or_philosophical_beliefs": "convictions religieuses ou philosophiques",
                  "trade_union_membership": "appartenance syndicale", "genetic": "données génétiques",
                  "biometric": "données biométriques", "health": "santé",
                  "sex_life_or_orientation": "vie sexuelle ou orientation sexuelle",
                  "criminal_convictions": "condamnations pénales et infractions"},
        for_="pour", from_="à compter de", then="puis",
        thens={"delete": "suppression", "anonymise": "anonymisation", "archive": "archivage"},
        reference="référence", signed="signé le", tia="TIA",
        withdraw="Retrait du consentement",
        rights={"access": "accès", "rectification": "rectification", "erasure": "effacement",
                "restriction": "limitation", "portability": "portabilité", "objection": "opposition"},
        decision={"logic": "Logique", "significance": "Portée",
                  "legal_effect": "Effets juridiques ou similaires", "exception": "Exception",
                  "law": "Loi", "safeguards": "Garanties"},
        exceptions={"contract": "contrat", "law": "loi", "explicit_consent": "consentement explicite"},
        yes="Oui", no="Non", done="Réalisée", not_done="Non réalisée",
        none_designated="Non désigné", privacy_contact="Personne chargée des traitements",
    ),
}  # fmt: skip


def words(language: str) -> Words:
    """The words :mod:`ropa.render.ico` writes in ``language`` (English for a language that
    has none of its own)."""
    return WORDS.get(language, WORDS["en"])


# --- Reading headers ------------------------------------------------------------------------------

_QUALIFIERS = re.compile(r" (?:if applicable|if possible|where applicable|optional)$")
#: Where the header row may be: the ICO's is row 9; a few rows more are allowed.
_HEADER_SEARCH = 60


def _recognised() -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    stems: list[tuple[str, str]] = []
    for column in COLUMNS.values():
        for text in (fold(column.header), *column.also):
            bare = _QUALIFIERS.sub("", text)
            exact.setdefault(bare, column.key)
            if len(bare) > 12:
                stems.append((bare, column.key))
    stems.sort(key=lambda stem: -len(stem[0]))
    return exact, stems


_EXACT, _STEMS = _recognised()


def recognise(header: str) -> str | None:
    """The key of the column a header names (``Retention schedule\\n(if possible)`` →
    ``retention``), if ropa knows its words."""
    folded = _QUALIFIERS.sub("", fold(header))
    if folded in _EXACT:
        return _EXACT[folded]
    return next((key for stem, key in _STEMS if folded.startswith(stem + " ")), None)


@dataclass(frozen=True)
class _Layout:
    """A sheet's header row: where it is, which column holds what, and which template."""

    index: int
    columns: dict[int, str]
    headers: list[str]
    processor: bool


def _layout(sheet: Sheet) -> _Layout | None:
    for index, row in enumerate(sheet.rows[:_HEADER_SEARCH]):
        columns: dict[int, str] = {}
        for column, cell in enumerate(row):
            key = recognise(cell) if cell else None
            if key is not None and key not in columns.values():
                columns[column] = key
        keys = set(columns.values())
        if len(keys) >= 3 and keys & {"purpose", "name", "processing"}:
            headers = [" ".join(cell.split()) for cell in row]
            processor = bool(keys & {"controller", "processing"})
            return _Layout(index, columns, headers, processor)
    return None


# --- Small readers --------------------------------------------------------------------------------

_BULLET = re.compile(r"^(?:[-•*▪·]|\d{1,2}[.)])\s+")
_EMAIL = re.compile(r"[^@\s,;<>()]+@[^@\s,;<>()]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?\d[\d ()./-]{6,}\d")
_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_SUFFIX = re.compile(r"^(?P<body>.*?\S)\s*\((?P<inner>[^()]*)\)$", re.DOTALL)
_SEGMENT = " — "
_NOTHING = {"n a", "na", "not applicable", "none", "nil", "nothing", "non applicable", "sans objet"}
_NO = {"no", "n", "non", "false", "none", "no automated decision making", "not required"}
_YES = {"yes", "y", "oui", "true", "required"}
#: Columns where "No" means there is nothing to declare.
_NO_IS_NOTHING = {"joint", "countries", "safeguards", "automated", "interests", "lia",
                  "condition", "schedule", "special_basis", "contract", "source", "breach",
                  "breach_link", "consent_record"}  # fmt: skip


@cache
def _cutters(separators: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The separators, and the separators and parentheses, as compiled patterns."""
    escaped = re.escape(separators)
    return re.compile(f"[{escaped}]"), re.compile(f"[(){escaped}]")


def _split(text: str, separators: str = "\n;") -> list[str]:
    """``text`` cut at each of ``separators`` outside parentheses, items stripped of list marks."""
    cut, marks = _cutters(separators)
    if "(" not in text and ")" not in text:
        items = cut.split(text)
    else:
        items, depth, start = [], 0, 0
        for mark in marks.finditer(text):
            char = mark.group()
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            elif depth <= 0:
                items.append(text[start : mark.start()])
                start = mark.end()
        items.append(text[start:])
    stripped = (_BULLET.sub("", item.strip()).strip() for item in items)
    return [item for item in stripped if item]


def _items(text: str, whole: Callable[[str], bool] = lambda _: False) -> list[str]:
    """A list as people write it in a cell: one item a line, or separated by ``;``, else by
    commas (unless ``whole`` says the cell is one item); parentheses are never cut."""
    items = _split(text)
    if len(items) == 1 and not whole(items[0]):
        return _split(items[0], ",")
    return items


def _lines(text: str) -> list[str]:
    return _split(text, "\n")


def _nothing(value: str) -> bool:
    return fold(value) in _NOTHING or value.strip() in {"-", "–", "—", "/"}


def _plain(text: str) -> str:
    return " ".join(text.split())


def _labelled(line: str, labels: dict[str, str]) -> tuple[str, str] | None:
    """``Label: value`` → (the label's key, value) when the label folds to one of ``labels``
    (folded label → key)."""
    match = re.match(r"^([^:]{1,80}?)\s*:\s*(.*)$", line, re.DOTALL)
    if match is None:
        return None
    key = labels.get(fold(match.group(1)))
    return (key, match.group(2).strip()) if key else None


def _table(pick: Callable[[Words], dict[str, str]]) -> dict[str, str]:
    """Folded words of every language → their key."""
    return {fold(word): key for w in WORDS.values() for key, word in pick(w).items()}


_ROLES = _table(lambda w: w.roles) | {
    "internal": "internal", "internal team": "internal", "interne": "internal",
    "data processor": "processor", "sub processor": "processor", "subprocessor": "processor",
    "controller": "controller", "separate controller": "controller", "third party": "controller",
    "independent third party": "controller", "responsable de traitement": "controller",
    "responsable du traitement": "controller", "tiers": "controller",
    "responsable conjoint": "joint_controller", "co responsable": "joint_controller",
    "authority": "authority", "regulator": "authority", "autorite": "authority",
    "public": "public",
}  # fmt: skip
_TYPES = _table(lambda w: w.types) | {"organizational": "organisational"}
_SPECIALS = _table(lambda w: w.specials)
_SPECIAL_LABELS = {fold(w.special) for w in WORDS.values()}
_THENS = _table(lambda w: w.thens) | {
    "delete": "delete", "deletion": "delete", "erased": "delete", "erase": "delete",
    "destroyed": "delete", "anonymise": "anonymise", "anonymize": "anonymise",
    "anonymized": "anonymise", "archive": "archive",
}  # fmt: skip
_RIGHTS = _table(lambda w: w.rights)
_DECISION = _table(lambda w: w.decision) | {
    "envisaged consequences": "significance", "consequences": "significance",
    "importance": "significance", "legal effect": "legal_effect",
}  # fmt: skip
_EXCEPTIONS = _table(lambda w: w.exceptions)
_WITHDRAW = {fold(w.withdraw) for w in WORDS.values()} | {"right to withdraw consent", "withdrawal"}
_FOR = "|".join(re.escape(w.for_) for w in WORDS.values())
_FOR_SUFFIX = re.compile(rf"^(?P<body>.*?)\s*\((?:{_FOR})\s*:\s*(?P<names>[^()]*)\)$", re.DOTALL)
#: ``from the event``; in French, ``à compter de l'événement``, ``du``/``des`` for ``de le``/``de les``.
_FROM_SEGMENT = re.compile(
    r"^(?:from|à compter (?:de|(?P<contracted>du|des)))\s+(?P<event>.+)$", re.DOTALL
)
_THEN = "|".join(re.escape(w.then) for w in WORDS.values())
_REFERENCE = {fold(w.reference) for w in WORDS.values()}
_TIA = {fold(w.tia) for w in WORDS.values()}
_SIGNED = "|".join(re.escape(w.signed) for w in WORDS.values())
_SIGNED_SUFFIX = re.compile(rf"^(?P<body>.*?)\s*\((?:{_SIGNED})\s+(?P<date>[^()]+)\)$")
#: A date in parentheses at the end: ``Done (2026-08-17)``, ``Réalisée (17 août 2026)``.
_DATE_SUFFIX = re.compile(r"^(?P<body>.*?)\s*\((?P<date>[^()]+)\)$", re.DOTALL)
_DONE = {fold(w.done) for w in WORDS.values()} | {
    "complete", "completed", "finished", "signed off", "approved", "yes", "realisee", "terminee", "faite",
}  # fmt: skip
_NOT_DONE = {fold(w.not_done) for w in WORDS.values()} | {
    "in progress", "not started", "ongoing", "planned", "draft", "to do", "pending", "en cours",
    "a faire", "no",
}  # fmt: skip
#: Free-text retention that names a period and the event it runs from.
_PERIOD_FROM = re.compile(
    r"^(?P<period>.+?)\s+(?:after|from|following|since|à compter de|après)\s+(?P<event>.+)$",
    re.IGNORECASE | re.DOTALL,
)
#: A source that is the person themselves: no ``sources`` entry (Art. 13, not 14).
_FROM_PERSON = re.compile(
    r"^(?:collected )?(?:directly )?(?:from )?(?:the )?(?:individual|data subject|person|customer|"
    r"client|employee|candidate|applicant|user|member|staff member|visitor)s?(?: themselves| concerned)?"
    r"(?: directly)?$|^(?:directement )?aupres de la personne(?: concernee)?$|^la personne concernee$"
)
#: Words that make a data category a special category (a guess, noted).
_SPECIAL_WORDS: tuple[tuple[str, str], ...] = (
    (r"health|medical|sickness|illness|disabilit\w*|allerg\w*|medication|fit notes?|sante|maladie",
     "health"),
    (r"racial|ethnic\w*|race", "racial_or_ethnic_origin"),
    (r"political", "political_opinions"),
    (r"religio\w*|philosophical", "religious_or_philosophical_beliefs"),
    (r"trade union\w*|syndica\w*", "trade_union_membership"),
    (r"genetic|dna|genetique", "genetic"),
    (r"biometric|fingerprints?|facial recognition|biometrique", "biometric"),
    (r"sexual orientation|sex life|sexuality", "sex_life_or_orientation"),
    (r"criminal|convictions?|offences?|dbs checks?|dbs", "criminal_convictions"),
)  # fmt: skip


def _special_of(name: str) -> str | None:
    folded = fold(name)
    return next(
        (key for words_, key in _SPECIAL_WORDS if re.search(rf"\b(?:{words_})\b", folded)), None
    )


def _mechanism(text: str) -> tuple[str, str | None] | None:
    """The transfer mechanism ``text`` names, and its Art. 49(1) letter for a derogation; None
    when it names none, or several (the Data Privacy Framework named with the adequacy decision
    it rests on is one)."""
    folded = fold(text)
    found: set[str] = set()
    rest = folded
    for pattern, mechanism in _MECHANISMS:
        if re.search(rf"\b(?:{pattern})\b", rest):
            found.add(mechanism)
            rest = re.sub(rf"\b(?:{pattern})\b", " ", rest)
    if found == {"dpf", "adequacy"}:
        found = {"dpf"}
    if len(found) != 1:
        return None
    mechanism = found.pop()
    if mechanism != "derogation":
        return mechanism, None
    letter = re.search(r"\b49 ?1 ?([a-g])\b", folded)
    return (mechanism, letter.group(1)) if letter else None


#: Words that name a mechanism (folded), the narrower first; the UK's IDTA and Addendum are
#: read as standard contractual clauses, the UK Extension as the Data Privacy Framework.
_MECHANISMS = (
    (r"(?:standard contractual clauses|clauses contractuelles types|sccs?) (?:of |de )?2010", "scc_2010"),
    (r"data privacy framework|dpf|uk extension", "dpf"),
    (r"standard contractual clauses|sccs?|model clauses|idta|international data transfer agreement|"
     r"uk addendum|clauses contractuelles(?: types)?", "scc"),
    (r"binding corporate rules|bcrs?|regles d entreprise contraignantes", "bcr"),
    (r"adequacy|adequate|adequation", "adequacy"),
    (r"code of conduct|code de conduite", "code_of_conduct"),
    (r"certification", "certification"),
    (r"derogations?|article 49|art 49", "derogation"),
    (r"privacy shield", "privacy_shield"),
    (r"safe harbou?r", "safe_harbor"),
)  # fmt: skip


def _contact(text: str) -> tuple[dict[str, str], list[str]]:
    """A name and contact details in one cell → (name, email, address), and the parts ropa has
    no key for (a telephone number)."""
    parts = [p for p in re.split(r"\s*(?:\n|;| — | – )\s*", text) if p.strip()]
    found: dict[str, str] = {}
    rest: list[str] = []
    phones: list[str] = []
    for part in parts:
        email = _EMAIL.search(part)
        if email and "email" not in found:
            found["email"] = email.group()
            remaining = (part[: email.start()] + part[email.end() :]).strip(" ,:")
            remaining = re.sub(r"^(?:e ?mail|email address)\s*:?\s*$", "", remaining, flags=re.I)
            if remaining:
                rest.append(remaining)
        elif _PHONE.fullmatch(re.sub(r"^(?:tel|telephone|phone)\s*:?\s*", "", part, flags=re.I)):
            phones.append(part)
        else:
            rest.append(part)
    if len(rest) == 1 and "," in rest[0]:
        name, address = rest[0].split(",", 1)
        rest = [name.strip(), address.strip()]
    if rest:
        found["name"] = rest[0]
    if len(rest) > 1:
        found["address"] = ", ".join(rest[1:])
    return found, phones


_LEADING_CODE = re.compile(
    r"(?P<code>\d{4,6}|\d{2,3}[ -]\d{2,3}|\d{4} ?[A-Z]{2}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\s+(?P<city>\D.*)"
)
_TRAILING_CODE = re.compile(r"(?P<city>.*\D)\s+(?P<code>[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{4,6})")
_UK_CODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}")


def postal_address(text: str) -> dict[str, str] | None:
    """An address on one line (``40 rue de Cléry, 75002 Paris, France``; ``12 Mill Lane,
    Bristol BS1 4DJ, United Kingdom``) → ``{street, postal_code, city, [region,] country}``,
    or None when its parts cannot be told apart."""
    parts = [p.strip() for p in re.split(r"\s*[,\n]\s*", text) if p.strip()]
    if len(parts) < 3:
        return None
    country = parse_country(parts[-1])
    if country is None:
        return None
    for index in range(len(parts) - 2, 0, -1):
        part, city, code = parts[index], "", ""
        if _UK_CODE.fullmatch(part) and index >= 2:
            city, code, street_end = parts[index - 1], part, index - 1
        elif match := _LEADING_CODE.fullmatch(part) or _TRAILING_CODE.fullmatch(part):
            city, code, street_end = match.group("city"), match.group("code"), index
        else:
            continue
        address = {"street": ", ".join(parts[:street_end]), "postal_code": code, "city": city}
        if index < len(parts) - 2:
            address["region"] = ", ".join(parts[index + 1 : -1])
        address["country"] = country.value
        return address
    return None


# --- The workbook ---------------------------------------------------------------------------------


def read_ico(sheets: list[Sheet]) -> Imported:
    """The activities of every sheet in the ICO controller or processor template's layout,
    and the organisation from the block above their headers. A sheet named ``ropa`` (the
    register ropa embeds in its exports) is left to the caller; a sheet without the ICO's
    headers is noted and left out. :class:`IcoLayoutError` if no sheet has them."""
    reader = _Reader(Imported(sections={"activities": {}}))
    preferred = ("template", "controller", "processor")
    ordered = sorted(
        (s for s in sheets if fold(s.name) != "ropa"),
        key=lambda s: next((i for i, p in enumerate(preferred) if p in fold(s.name)), 3),
    )
    found = False
    for sheet in ordered:
        layout = _layout(sheet)
        if layout is None or sheet.hidden:
            if any(any(row) for row in sheet.rows):
                reason = (
                    "a hidden sheet: not imported (unhide it to import it)"
                    if layout is not None
                    else "no ICO template headers on this sheet: not imported"
                )
                reader.result.notes.append(Note(Cell(sheet.name, 0, ""), "", "unmapped", reason))
            continue
        found = True
        reader.read(sheet, layout)
    if not found:
        raise IcoLayoutError(
            "no sheet has the ICO template's headers (Purpose of processing, Categories of "
            "individuals, Categories of personal data...); for a table of your own, use --from csv"
        )
    if any(sheet.macros for sheet in sheets):
        reader.result.notes.append(
            Note(
                Cell(sheets[0].name, 0, ""),
                "",
                "refused",
                "the workbook holds macros (VBA): they were never run, and are not imported; "
                "only the cells' values were read",
            )
        )
    reader.finish()
    return reader.result


@dataclass
class _Reader:
    """One workbook's reading: the sections it fills and the notes it takes."""

    result: Imported
    organization_from: str = ""

    def note(self, cell: Cell, value: str, what: str, reason: str, *path: str | int) -> None:
        self.result.notes.append(Note(cell, value, what, reason, tuple(path)))

    def todo(self, path: tuple[str | int, ...], text: str) -> None:
        self.result.todos.setdefault(path, text)

    def read(self, sheet: Sheet, layout: _Layout) -> None:
        _Block(self, sheet, layout).read()
        for index in range(layout.index + 1, len(sheet.rows)):
            cells = sheet.rows[index]
            own = [c for c, value in enumerate(cells) if value and (index, c) not in sheet.merged]
            if not own:  # an empty row, or one only a merged cell above reaches
                continue
            skipped = _skipped(cells, layout)
            if skipped:
                for column, value in enumerate(cells):
                    if value:
                        header = layout.headers[column] if column < len(layout.headers) else ""
                        letter = column_letter(column)
                        where = f"{letter} ({header})" if header else letter
                        self.note(Cell(sheet.name, index + 1, where), value, "unmapped", skipped)
                continue
            _Activity(self, sheet, layout, index).read()

    def finish(self) -> None:
        """What the sheets never said about the entries they named, once every row is read."""
        for entry_id, entry in self.result.sections.get("recipients", {}).items():
            if entry.get("role") == "processor" and "dpa" not in entry:
                self.todo(
                    ("recipients", entry_id, "dpa"),
                    "the Art. 28(3) contract: {signed: YYYY-MM-DD, reference: ...}",
                )
            if entry.get("role") in {"internal", "public"}:
                self.result.todos.pop(("recipients", entry_id, "country"), None)
        organization = self.result.sections.get("organization")
        if organization is not None:
            self.todo(
                ("organization", "supervisory_authority"),
                "where complaints go: {name, country} (the ICO's template does not hold it)",
            )
            for key in ("name", "email"):
                if key not in organization:
                    self.todo(
                        ("organization", key), f"the controller's {key}: the sheet gives none"
                    )


def _skipped(cells: list[str], layout: _Layout) -> str:
    """Why a row is not an activity: the template's example row, or its headers again."""
    values = [(c, v) for c, v in enumerate(cells) if v]
    folded = [fold(v) for _, v in values]
    example = re.compile(r"^(?:e g|eg|example|for example|i e|ie)\b")
    if folded[0] in {"example", "e g", "eg"} or sum(
        bool(example.match(f)) for f in folded
    ) * 2 >= len(folded):
        return "the template's example row: not imported"
    same = sum(c < len(layout.headers) and fold(v) == fold(layout.headers[c]) for c, v in values)
    if same * 2 >= len(values):
        return "the headers repeated: not imported"
    return ""


# --- The block above the headers ------------------------------------------------------------------

_BLOCK_FIELDS = {
    "name": "name", "names": "name", "organisation name": "name", "organization name": "name",
    "address": "address", "postal address": "address",
    "email": "email", "e mail": "email", "email address": "email",
    "telephone": "phone", "phone": "phone", "telephone number": "phone", "tel": "phone",
    "phone number": "phone",
}  # fmt: skip
_BLOCK_WHO = {
    "controller": "organization", "processor": "organization", "organisation": "organization",
    "organization": "organization", "your organisation": "organization", "company": "organization",
    "name and contact details": "organization", "controller details": "organization",
    "name and contact details of controller": "organization",
    "name and contact details of processor": "organization",
    "data protection officer": "dpo", "dpo": "dpo", "data protection officer dpo": "dpo",
    "representative": "representative", "uk representative": "uk_representative",
    "representative uk": "uk_representative", "representative in the uk": "uk_representative",
    "eu representative": "eu_representative", "representative eu": "eu_representative",
    "representative in the eu": "eu_representative",
}  # fmt: skip
#: What the block's row for a DPO or representative says when there is none.
_NONE_DESIGNATED = {fold(w.none_designated) for w in WORDS.values()} | {
    "none appointed", "not appointed", "not designated", "no dpo", "no representative",
    "non designee", "non nomme", "aucun", "aucune", "neant",
}  # fmt: skip
_PRIVACY_CONTACT = {fold(w.privacy_contact): "privacy_contact" for w in WORDS.values()} | {
    "person responsible for the processing": "privacy_contact",
}
#: Who a row of the block is about, as a note says it.
_WHO = {"dpo": "data protection officer", "representative": "representative",
        "uk_representative": "UK representative", "eu_representative": "EU representative"}  # fmt: skip
#: The template's own words above the headers (its title, the groups of columns).
_TEMPLATE_TEXT = re.compile(
    r"^(?:article 30 record of processing activities|record of processing activities\b.*|"
    r"documentation of processing activities\b.*|privacy notices|consent|access requests|"
    r"data protection impact assessments|personal data breaches|"
    r"data protection act 2018 special category or criminal conviction and offence data|"
    r"retention and erasure|use this template\b.*|for more detailed guidance\b.*)$"
)


@dataclass
class _Block:
    """The controller block of one sheet: the rows above its headers."""

    reader: _Reader
    sheet: Sheet
    layout: _Layout
    found: dict[str, dict[str, str]] = field(default_factory=dict)
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)

    def cell(self, index: int, column: int) -> Cell:
        return Cell(self.sheet.name, index + 1, column_letter(column))

    def read(self) -> None:
        rows = self.sheet.rows[: self.layout.index]
        fields_at: dict[int, str] = {}
        who = "organization"
        for index, cells in enumerate(rows):
            values = [(c, v) for c, v in enumerate(cells) if v]
            if not values:
                continue
            labels = {c: _BLOCK_FIELDS.get(fold(v)) for c, v in values}
            if sum(bool(label) for label in labels.values()) >= 2:  # Name | Address | Email...
                fields_at = {c: label for c, label in labels.items() if label}
                for column, value in values:
                    if column not in fields_at:
                        self.template_text(index, column, value)
                continue
            first = values[0][1]
            role = _BLOCK_WHO.get(fold(first))
            field_name = _BLOCK_FIELDS.get(fold(first))
            rest = values[1:]
            if role is not None:
                who = role
                rest = self.answers(index, who, rest)
                if fields_at and rest:
                    for column, value in rest:
                        if column in fields_at:
                            self.put(who, fields_at[column], value, self.cell(index, column))
                        else:
                            self.unmapped(
                                index,
                                column,
                                value,
                                "not under a Name, Address, Email or Telephone heading",
                            )
                elif rest:
                    text = "\n".join(value for _, value in rest)
                    self.contact(who, text, self.cell(index, rest[0][0]))
                continue
            if field_name is not None and rest:
                for column, value in rest[:1]:
                    self.put(who, field_name, value, self.cell(index, column))
                for column, value in rest[1:]:
                    self.unmapped(index, column, value, f"a second value beside {first!r}")
                continue
            for column, value in values:
                self.template_text(index, column, value)
        self.store()

    def answers(self, index: int, who: str, values: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """The values of a person's row but its answers: "None designated" for a DPO or a
        representative (read as none, noted), and the person responsible for the processing
        given beside it (``Privacy contact: Name, email``: read as such, never as the DPO)."""
        kept = []
        for column, value in values:
            if who != "organization" and fold(value) in _NONE_DESIGNATED:
                reason = f"read as none designated: the register has no {_WHO[who]}"
                self.reader.note(self.cell(index, column), value, "guessed", reason)
            elif who != "organization" and _nothing(value):
                self.reader.note(
                    self.cell(index, column), value, "guessed", "read as nothing to declare"
                )
            elif contact := _labelled(value, _PRIVACY_CONTACT):
                self.privacy_contact(index, column, value, contact[1])
            else:
                kept.append((column, value))
        return kept

    def privacy_contact(self, index: int, column: int, value: str, text: str) -> None:
        cell = self.cell(index, column)
        email = _EMAIL.search(text)
        name = _plain((text[: email.start()] + text[email.end() :]) if email else text)
        name = name.strip(" ,;")
        if not name:
            self.unmapped(index, column, value, "a person responsible for the processing unnamed")
            return
        self.put("privacy_contact", "name", name, cell)
        if email:
            self.put("privacy_contact", "email", email.group(), cell)

    def template_text(self, index: int, column: int, value: str) -> None:
        if _TEMPLATE_TEXT.match(fold(value)) or _BLOCK_WHO.get(fold(value)) == "organization":
            self.reader.note(self.cell(index, column), value, "unmapped", "the template's own text")
        else:
            self.unmapped(
                index, column, value, "above the headers, and not in the controller block"
            )

    def unmapped(self, index: int, column: int, value: str, reason: str) -> None:
        self.reader.note(self.cell(index, column), value, "unmapped", f"{reason}: not imported")

    def put(self, who: str, key: str, value: str, cell: Cell) -> None:
        person = self.found.setdefault(who, {})
        if key in person:
            self.reader.note(cell, value, "unmapped", f"a second {key} for the {who}: not imported")
            return
        person[key] = value
        self.cells[(who, key)] = cell

    def contact(self, who: str, text: str, cell: Cell) -> None:
        """Name and contact details written in one cell: a guess at which part is which."""
        found, phones = _contact(text)
        for key, value in found.items():
            self.put(who, key, value, cell)
        for phone in phones:
            self.put(who, "phone", phone, cell)
        if found:
            self.reader.note(cell, text, "guessed", f"read as {', '.join(found)}", "organization")

    def store(self) -> None:
        if not self.found:
            return
        sections = self.reader.result.sections
        if "organization" in sections:
            for (who, key), cell in self.cells.items():
                self.reader.note(
                    cell,
                    self.found[who][key],
                    "unmapped",
                    f"the organisation is given already, on sheet {self.reader.organization_from!r}",
                    "organization",
                )
            return
        self.reader.organization_from = self.sheet.name
        organization: dict[str, Any] = {}
        own = self.found.get("organization", {})
        for key in ("name", "address", "email", "phone"):
            if key in own:
                self.organization_field(organization, key, own[key])
        country = (organization.get("address") or {}).get("country")
        for who, person in self.found.items():
            if who == "organization" or not person:
                continue
            target = who
            if who == "privacy_contact":
                organization.setdefault(who, person)
                continue
            if who == "representative":
                target = "eu_representative" if country == "GB" else "uk_representative"
                self.reader.note(
                    next(c for (w, _), c in self.cells.items() if w == who),
                    person.get("name", ""),
                    "guessed",
                    "the template's representative read as the "
                    + (
                        "EU one (the controller is in the UK)"
                        if country == "GB"
                        else "UK one (UK GDPR Art. 27)"
                    ),
                    "organization",
                    target,
                )
            entry = {k: person[k] for k in ("name", "email", "address") if k in person}
            if "phone" in person:
                self.reader.note(
                    self.cells[(who, "phone")],
                    person["phone"],
                    "unmapped",
                    "the register has no telephone for this person: not imported",
                    "organization",
                    target,
                )
            if entry:
                if target in organization:
                    self.reader.note(
                        self.cells[(who, next(iter(entry)))],
                        entry.get("name", ""),
                        "unmapped",
                        f"a second {target}: not imported",
                        "organization",
                    )
                else:
                    organization[target] = entry
        sections["organization"] = organization

    def organization_field(self, organization: dict[str, Any], key: str, value: str) -> None:
        cell = self.cells[("organization", key)]
        if key != "address":
            organization[key] = value
            return
        address = postal_address(value)
        if address is None:
            self.reader.note(
                cell,
                value,
                "unmapped",
                "the address is one line; the register wants street, postal code, city and country",
                "organization",
            )
            self.reader.todo(
                ("organization", "address"),
                f"write {value!r} as {{street, postal_code, city, country}}",
            )
            return
        organization["address"] = address
        self.reader.note(
            cell,
            value,
            "guessed",
            "read as " + ", ".join(f"{k}: {v}" for k, v in address.items()),
            "organization",
            "address",
        )


# --- One row: one activity ------------------------------------------------------------------------

#: The order columns are read in: what a column refers to is read before it.
_ORDER = (
    "name", "purpose", "processing", "function", "controller", "controller_contract", "joint",
    "subjects", "categories", "recipients", "contract", "basis", "interests", "lia", "condition",
    "schedule", "special_basis", "rights", "transfers", "retention", "retention_policy",
    "measures", "automated", "source", "dpia_required", "dpia_progress", "dpia_link", "notes",
)  # fmt: skip


@dataclass
class _Activity:
    """One row of a template read into an activity."""

    reader: _Reader
    sheet: Sheet
    layout: _Layout
    index: int
    row: Row = field(init=False)

    def __post_init__(self) -> None:
        self.row = Row(self.reader.result, self.sheet, self.index, self.layout.headers)

    @property
    def activity(self) -> dict[str, Any]:
        return self.row.activity

    @property
    def sections(self) -> dict[str, Any]:
        return self.reader.result.sections

    def guess(self, column: int, value: str, reason: str, *where: str | int) -> None:
        self.row.note(column, value, "guessed", reason, *where)

    def report(self, column: int, value: str, what: str, reason: str, *path: str | int) -> None:
        """A note whose ``path`` is not under the activity (the report only, when empty)."""
        self.reader.note(self.row.cell(column), value, what, reason, *path)

    def read(self) -> None:
        cells = self.sheet.rows[self.index]
        by_key: dict[str, tuple[int, str]] = {}
        others: list[tuple[int, str]] = []
        for column, value in enumerate(cells):
            if not value:
                continue
            key = self.layout.columns.get(column)
            if key is None:
                others.append((column, value))
            else:
                by_key[key] = (column, value)
        self.name(by_key)
        for column, value in enumerate(cells):
            if value:
                self.cell_notes(column, value)
        if self.layout.processor:
            self.activity["role"] = "processor"
        for key in ("countries", "safeguards"):
            if key in by_key and _nothing_in(key, by_key[key][1]):
                self.report(*by_key.pop(key), "guessed", "read as nothing to declare")
        if "countries" in by_key or "safeguards" in by_key:
            by_key["transfers"] = (-1, "")
        for key in _ORDER:
            if key not in by_key or key in {"name", "purpose", "processing"}:
                continue
            column, value = by_key.pop(key)
            if key != "transfers" and _nothing_in(key, value):
                self.nothing(key, column, value)
                continue
            getattr(self, f"read_{key}")(column, value, by_key)
        for key, (column, value) in by_key.items():
            if key in {"name", "purpose", "processing", "countries", "safeguards"}:
                continue
            if _nothing(value):
                self.report(column, value, "guessed", "read as nothing to declare")
            else:
                self.row.keep(column, value, "the register has no key for this column")
        for column, value in others:
            self.row.keep(column, value, "no ICO column has this header")
        self.finish()

    def name(self, by_key: dict[str, tuple[int, str]]) -> None:
        activities: dict[str, Any] = self.sections["activities"]
        named = next((k for k in ("name", "processing", "purpose") if k in by_key), None)
        name = by_key[named][1] if named else ""
        activity_id = unique_id(name or f"row {self.index + 1}", activities, "activity")
        self.row.path = ("activities", activity_id)
        activities[activity_id] = self.activity
        if not name:
            self.activity["name"] = f"Row {self.index + 1}"
            self.reader.todo((*self.row.path, "name"), "the sheet gives this activity no purpose")
        else:
            self.activity["name"] = _plain(name)
        for key in ("processing", "purpose"):
            if key in by_key and key != named:
                column, value = by_key[key]
                if "description" in self.activity:
                    self.row.keep(
                        column, value, "the name and description are given by other columns"
                    )
                else:
                    self.activity["description"] = value

    def cell_notes(self, column: int, value: str) -> None:
        if (self.index, column) in self.sheet.formulas:
            self.guess(column, value, "a formula: its cached value was read, never evaluated")
        if (self.index, column) in self.sheet.merged:
            top, left = self.sheet.merged[(self.index, column)]
            self.guess(column, value, f"a merged cell: the value of {column_letter(left)}{top + 1}")

    def nothing(self, key: str, column: int, value: str) -> None:
        if key == "dpia_required":
            self.activity["dpia"] = {"status": "not_required"}
            self.guess(column, value, "read as not required", "dpia", "status")
        else:
            self.report(column, value, "guessed", "read as nothing to declare")

    def finish(self) -> None:
        todos = self.reader.result.todos
        needed = {"data_subjects": ACTIVITY_TODOS["data_subjects"]}
        if not self.layout.processor:
            needed = ACTIVITY_TODOS
        elif "controller" not in self.activity:
            needed = {
                **needed,
                "controller": "the controller this is done for: {name: ..., contract: ...}",
            }
        for key, text in needed.items():
            if key not in self.activity:
                todos.setdefault((*self.row.path, key), text)
        dpia = self.activity.get("dpia")
        if isinstance(dpia, dict) and dpia.get("status") == "done" and "reference" not in dpia:
            todos[(*self.row.path, "dpia", "reference")] = (
                "where the assessment is (required when done)"
            )
        if self.row.notes:
            self.activity["notes"] = "\n\n".join(self.row.notes)

    # --- entries: subjects, categories, recipients, measures --------------------------------------

    def entry(self, column: int, section: str, name: str, extra: dict[str, Any]) -> str:
        """The id of the entry of ``section`` named ``name``, made when new, with ``extra``'s
        keys (the first row to give a key gives it; a later one that differs is noted)."""
        entries: dict[str, Any] = self.sections.setdefault(section, {})
        todos = self.reader.result.todos
        same = next((i for i, e in entries.items() if e.get("name") == name), None)
        if same is None:
            same = unique_id(name, entries, section.rstrip("s").replace("_", "-"))
            entries[same] = {"name": name}
            for key, text in ENTRY_TODOS[section].items():
                todos[(section, same, key)] = text
        entry = entries[same]
        for key, value in extra.items():
            if key not in entry:
                entry[key] = value
                todos.pop((section, same, key), None)
            elif entry[key] != value:
                self.report(
                    column,
                    name,
                    "unmapped",
                    f"{key} {value!r}, not {entry[key]!r} as given before",
                    section,
                    same,
                )
        return same

    def refs(self, key: str, ids: Iterable[str]) -> None:
        refs: list[str] = self.activity.setdefault(key, [])
        refs.extend(i for i in ids if i not in refs)

    def read_subjects(self, column: int, value: str, _: object) -> None:
        self.refs(
            "data_subjects", [self.entry(column, "data_subjects", n, {}) for n in _items(value)]
        )

    def read_categories(self, column: int, value: str, _: object) -> None:
        ids = []
        for item in _items(value, _has_special):
            name, special = _special_suffix(item)
            extra: dict[str, Any] = {}
            if special is not None:
                extra["special"] = special
            else:
                guessed = _special_of(name)
                known = self.sections.get("data_categories", {})
                if guessed and not any(e.get("name") == name for e in known.values()):
                    extra["special"] = guessed
                    entry_id = self.entry(column, "data_categories", name, extra)
                    self.report(
                        column,
                        item,
                        "guessed",
                        f"a special category ({guessed}) by its words",
                        "data_categories",
                        entry_id,
                        "special",
                    )
                    ids.append(entry_id)
                    continue
            ids.append(self.entry(column, "data_categories", name, extra))
        self.refs("data_categories", ids)

    def read_measures(self, column: int, value: str, _: object) -> None:
        ids = []
        for item in _items(value, lambda text: _type_suffix(text)[1] is not None):
            name, kind = _type_suffix(item)
            ids.append(
                self.entry(column, "security_measures", name, {"type": kind} if kind else {})
            )
        self.refs("security_measures", ids)

    def read_recipients(self, column: int, value: str, _: object) -> None:
        ids = []
        for item in _items(value, lambda text: _recipient(text)[2] is not None):
            name, category, role, country = _recipient(item)
            extra: dict[str, Any] = {}
            if role:
                extra["role"] = role
            if category:
                extra["category"] = category
            if country:
                extra["country"] = country.value
            entry_id = self.entry(column, "recipients", name, extra)
            if country and country.guessed:
                self.report(
                    column,
                    item,
                    "guessed",
                    f"country read as {country.value}",
                    "recipients",
                    entry_id,
                    "country",
                )
            ids.append(entry_id)
        self.refs("recipients", ids)

    def read_joint(self, column: int, value: str, _: object) -> None:
        ids = []
        for item in _split(value):
            if _EMAIL.fullmatch(item) or _PHONE.fullmatch(item):
                self.row.keep(
                    column, item, "contact details of a joint controller: ropa keeps none"
                )
                continue
            name, category, role, country = _recipient(item)
            if role is None and re.search(r",.*(?:@|\d)", name):
                name, contact = (part.strip() for part in name.split(",", 1))
                self.row.keep(
                    column, contact, "contact details of a joint controller: ropa keeps none"
                )
            extra: dict[str, Any] = {"role": "joint_controller"}
            if role not in (None, "joint_controller"):
                self.row.note(
                    column, item, "unmapped", f"named {role} in a joint controller column"
                )
            if category:
                extra["category"] = category
            if country:
                extra["country"] = country.value
            ids.append(self.entry(column, "recipients", name, extra))
        if ids:
            self.refs("joint_controllers", ids)
            if not self.layout.processor:
                self.activity["role"] = "joint_controller"
            self.reader.todo(
                (*self.row.path, "joint_arrangement"),
                "the Art. 26 arrangement: {summary, reference, contact} (the template holds none)",
            )

    def recipients_here(self) -> dict[str, dict[str, Any]]:
        entries = self.sections.get("recipients", {})
        ids = [*self.activity.get("recipients", []), *self.activity.get("joint_controllers", [])]
        return {entries[i]["name"]: {"id": i, **entries[i]} for i in ids}

    def read_contract(self, column: int, value: str, _: object) -> None:
        here = self.recipients_here()
        entries = self.sections.get("recipients", {})
        for line in _lines(value):
            head, sep, rest = line.partition(": ")
            target = here.get(head.strip()) if sep else None
            text = rest if target else line
            match = _SIGNED_SUFFIX.match(text)
            signed = read_date(match.group("date")) if match else None
            dpa: dict[str, str] = {}
            if match and signed:
                text = match.group("body")
                dpa["signed"] = signed
            if text.strip():
                dpa["reference"] = text.strip()
            if target is None:
                candidates = [
                    r
                    for r in here.values()
                    if r.get("role") in (None, "processor") and "dpa" not in r
                ]
                if len(candidates) != 1:
                    self.row.keep(column, line, "a contract the row does not tie to one recipient")
                    continue
                target = candidates[0]
                self.report(
                    column,
                    line,
                    "guessed",
                    f"the contract of {target['name']}, the row's one processor",
                    "recipients",
                    target["id"],
                    "dpa",
                )
            entry = entries[target["id"]]
            if entry.get("dpa", dpa) != dpa:
                self.report(
                    column,
                    line,
                    "unmapped",
                    "differs from the contract given before",
                    "recipients",
                    target["id"],
                    "dpa",
                )
                continue
            entry["dpa"] = dpa
            self.reader.result.todos.pop(("recipients", target["id"], "dpa"), None)

    # --- legal bases and conditions ----------------------------------------------------------------

    def category_ids(self, names: str) -> list[str] | None:
        """The ids of the row's categories named in ``A; B`` (None if one is not the row's)."""
        entries = self.sections.get("data_categories", {})
        mine = {entries[i]["name"]: i for i in self.activity.get("data_categories", [])}
        found = [mine.get(name.strip()) for name in names.split(";")]
        return None if None in found else [f for f in found if f]

    def read_basis(self, column: int, value: str, _: object) -> None:
        items = _split(value)
        if len(items) == 1 and "," in items[0]:
            parts = _split(items[0], ",")
            if all(parse_basis(p) for p in parts):
                items = parts
        bases: list[dict[str, Any]] = self.activity.setdefault("legal_bases", [])
        for item in items:
            self.basis_item(column, item, bases)
        if not bases:
            del self.activity["legal_bases"]

    def basis_item(self, column: int, item: str, bases: list[dict[str, Any]]) -> None:
        head, categories, extra = self.split_item(item)
        parsed = parse_basis(head)
        if parsed is None:
            self.row.keep(column, item, "not read as an Art. 6 legal basis: kept verbatim")
            return
        basis: dict[str, Any] = {"basis": parsed.value}
        if categories is not None:
            basis["categories"] = categories
        guessed = parsed.guessed and not re.fullmatch(r"Art\. 6\(1\)\([a-f]\)(?: .*)?", head)
        if extra and parsed.value in {"legal_obligation", "public_task"}:
            basis["law"] = extra
        elif extra:
            self.row.keep(column, item, f"read as {parsed.value}; the rest has no key")
        if any(
            b["basis"] == parsed.value and b.get("categories") == basis.get("categories")
            for b in bases
        ):
            self.guess(column, item, f"{parsed.value} once: named already", "legal_bases")
            return
        bases.append(basis)
        if guessed:
            self.guess(column, item, f"read as {parsed.value}", "legal_bases", len(bases) - 1)

    def split_item(self, item: str) -> tuple[str, list[str] | None, str]:
        """``head (for: A; B) — rest`` → (head, the categories' ids, rest); a trailing
        parenthesis that names no categories is the rest."""
        head, _, rest = item.partition(_SEGMENT)
        if not rest:
            for separator in (" – ", " - "):
                head, _, rest = item.partition(separator)
                if rest:
                    break
            else:
                head, rest = item, ""
        categories = None
        match = _FOR_SUFFIX.match(head)
        if match and (ids := self.category_ids(match.group("names"))) is not None:
            head, categories = match.group("body"), ids
        elif (
            not rest
            and (suffix := _SUFFIX.match(head))
            and not re.fullmatch(r"\w{1,3}", suffix.group("inner"))
        ):
            head, rest = suffix.group("body"), suffix.group("inner")
        return head.strip(), categories, rest.strip()

    def line_per_basis(self, column: int, value: str, key: str) -> None:
        """The interests or assessments of the legitimate interests bases: a line each."""
        bases = self.activity.setdefault("legal_bases", [])
        interests = [b for b in bases if b["basis"] == "legitimate_interests"]
        if not interests:
            bases.append({"basis": "legitimate_interests"})
            interests = bases[-1:]
            self.guess(
                column,
                value,
                "a legitimate interest is stated: read as the basis",
                "legal_bases",
                len(bases) - 1,
            )
        lines = _lines(value)
        if len(interests) == 1:
            lines = [value.strip()]
        if len(lines) != len(interests):
            self.row.keep(column, value, "not one line per legitimate interests basis")
            return
        for basis, line in zip(interests, lines, strict=True):
            if not _nothing(line):
                basis[key] = line

    def read_interests(self, column: int, value: str, _: object) -> None:
        self.line_per_basis(column, value, "interest")

    def read_lia(self, column: int, value: str, _: object) -> None:
        self.line_per_basis(column, value, "balancing_test")

    def read_special_basis(self, column: int, value: str, _: object) -> None:
        parsed = parse_basis(value)
        bases = self.activity.setdefault("legal_bases", [])
        if parsed is None:
            self.row.keep(column, value, "not read as an Art. 6 legal basis: kept verbatim")
        elif any(b["basis"] == parsed.value for b in bases):
            self.guess(
                column,
                value,
                f"{parsed.value}, named already by the Article 6 column",
                "legal_bases",
            )
        else:
            bases.append({"basis": parsed.value})
            self.guess(
                column,
                value,
                f"the basis of the special category data, read as {parsed.value}",
                "legal_bases",
                len(bases) - 1,
            )
        if not bases:
            del self.activity["legal_bases"]

    def read_condition(self, column: int, value: str, _: object) -> None:
        conditions: list[Any] = self.activity.setdefault("special_conditions", [])
        for item in _split(value):
            head, _, law = self.split_item(item)
            parsed = parse_condition(head)
            if parsed is None:
                self.row.keep(column, item, "not read as an Art. 9(2) condition: kept verbatim")
                continue
            conditions.append({"condition": parsed.value, "law": law} if law else parsed.value)
            canonical = re.fullmatch(r"Art\. (?:9\(2\)\([a-j]\)|10)(?: .*)?", head)
            if parsed.guessed and not canonical:
                self.guess(
                    column,
                    item,
                    f"read as {parsed.value}",
                    "special_conditions",
                    len(conditions) - 1,
                )
        if not conditions:
            del self.activity["special_conditions"]

    def read_schedule(self, column: int, value: str, _: object) -> None:
        conditions = self.activity.get("special_conditions", [])
        lawless = [i for i, c in enumerate(conditions) if isinstance(c, str)]
        if len(lawless) != 1:
            self.row.keep(column, value, "no one Art. 9 condition of the row to attach this law to")
            return
        index = lawless[0]
        conditions[index] = {"condition": conditions[index], "law": _plain(value)}
        self.guess(
            column,
            value,
            "the law of the Art. 9 condition (DPA 2018, Schedule 1)",
            "special_conditions",
            index,
            "law",
        )

    def read_rights(self, column: int, value: str, _: object) -> None:
        consents = [b for b in self.activity.get("legal_bases", []) if b["basis"] == "consent"]
        derived: list[str] = []
        for line in _lines(value):
            label = _labelled(line, dict.fromkeys(_WITHDRAW, "withdraw"))
            for item in [line] if label else _split(line, ";,"):
                if label or fold(item).startswith(("withdraw", "right to withdraw", "retrait")):
                    target = next((b for b in consents if "withdrawal" not in b), None)
                    if target is None:
                        self.row.keep(
                            column,
                            item,
                            "how consent is withdrawn, for no consent basis of the row",
                        )
                        continue
                    target["withdrawal"] = label[1] if label else item
                    if label is None:
                        self.guess(column, item, "read as how consent is withdrawn", "legal_bases")
                elif _right(item):
                    derived.append(item)
                else:
                    self.row.keep(column, item, "not a right ropa knows")
        if derived:
            self.report(
                column,
                "; ".join(derived),
                "unmapped",
                "ropa states the rights from each legal basis: not imported",
            )

    # --- transfers, retention, measures, decisions, sources, DPIA ---------------------------------

    def read_transfers(self, _column: int, _value: str, by_key: dict[str, tuple[int, str]]) -> None:
        countries_at = by_key.pop("countries", None)
        safeguards_at = by_key.pop("safeguards", None)
        here = self.recipients_here()
        entries = self.sections.get("recipients", {})
        done: set[str] = set()

        def transfers_in(text: str) -> list[str]:
            """Read the lines that are transfers as ropa writes them; the others back."""
            others = []
            for line in _lines(text):
                transfer = self.transfer_line(line, here)
                if transfer is None:
                    others.append(line)
                    continue
                recipient_id, entry = transfer
                transfers = entries[recipient_id].setdefault("transfers", [])
                if entry not in transfers:
                    transfers.append(entry)
                done.add(entry["country"])
            return others

        countries = transfers_in(countries_at[1]) if countries_at else []
        leftover = transfers_in(safeguards_at[1]) if safeguards_at else []
        wanted: list[tuple[str, Parsed]] = []
        unread: list[str] = []
        if countries:
            for item in _items("\n".join(countries)):
                country = parse_country(item)
                if country is None:
                    unread.append(item)
                elif country.value not in done:
                    wanted.append((item, country))
        if not wanted and not unread and not leftover:
            return
        if not wanted and not unread and safeguards_at:
            self.row.keep(
                safeguards_at[0], "\n".join(leftover), "a safeguard for no country of the row"
            )
            return
        self.loose_transfers(
            countries_at=countries_at,
            safeguards_at=safeguards_at,
            wanted=wanted,
            unread=unread,
            leftover=leftover,
            here=here,
        )

    def transfer_line(
        self, line: str, here: dict[str, dict[str, Any]]
    ) -> tuple[str, dict[str, Any]] | None:
        """``Country — Recipient — mechanism — reference: … — TIA: …`` as ropa writes it (and
        ``Recipient: Country — mechanism — …``, as it wrote it before)."""
        segments = line.split(_SEGMENT)
        head, sep, country_text = segments[0].rpartition(": ")
        recipient = here.get(head.strip()) if sep else None
        if recipient is None and len(segments) > 2:
            country_text, recipient = segments[0], here.get(segments[1].strip())
            segments = segments[1:]
        country = parse_country(country_text) if recipient else None
        mechanism = _mechanism(segments[1]) if country and len(segments) > 1 else None
        if recipient is None or country is None or mechanism is None:
            return None
        entry: dict[str, Any] = {"country": country.value, "mechanism": mechanism[0]}
        if mechanism[1]:
            entry["derogation"] = mechanism[1]
        for segment in segments[2:]:
            label = _labelled(
                segment, {**dict.fromkeys(_REFERENCE, "reference"), **dict.fromkeys(_TIA, "tia")}
            )
            if label is None:
                return None
            entry[label[0]] = label[1]
        return recipient["id"], entry

    def loose_transfers(
        self,
        *,
        countries_at: tuple[int, str] | None,
        safeguards_at: tuple[int, str] | None,
        wanted: list[tuple[str, Parsed]],
        unread: list[str],
        leftover: list[str],
        here: dict[str, dict[str, Any]],
    ) -> None:
        """Countries and safeguards as people write them: tied to the row's one recipient
        outside the organisation when there is one and the safeguard names one mechanism (a
        guess); else kept in notes."""
        candidates = [
            r for r in here.values() if r.get("role") not in {"internal", "public", "authority"}
        ]
        mechanism = _mechanism(" ".join(leftover)) if leftover else None
        if wanted and not unread and mechanism and len(candidates) == 1:
            recipient = candidates[0]
            transfers = self.sections["recipients"][recipient["id"]].setdefault("transfers", [])
            for item, country in wanted:
                entry: dict[str, Any] = {"country": country.value, "mechanism": mechanism[0]}
                if mechanism[1]:
                    entry["derogation"] = mechanism[1]
                if entry not in transfers:
                    transfers.append(entry)
                assert countries_at is not None
                self.report(
                    countries_at[0],
                    item,
                    "guessed",
                    f"a transfer to {country.value} by {recipient['name']}, "
                    "the row's one recipient outside the organisation",
                    "recipients",
                    recipient["id"],
                    "transfers",
                )
            assert safeguards_at is not None
            self.report(
                safeguards_at[0],
                "\n".join(leftover),
                "guessed",
                f"read as {mechanism[0]}",
                "recipients",
                recipient["id"],
                "transfers",
            )
            return
        read = ", ".join(c.value for _, c in wanted) or "none"
        if countries_at:
            self.row.keep(
                countries_at[0],
                countries_at[1],
                "transfers are declared on each recipient (recipients: transfers), which "
                f"the row does not tie to these countries; read: {read}",
            )
        if safeguards_at and leftover:
            self.row.keep(
                safeguards_at[0],
                "\n".join(leftover),
                "a safeguard the row does not tie to one recipient and country",
            )
        self.reader.todo(
            (*self.row.path, "recipients"),
            f"transfers to {read}: declare them on the recipients that receive the data",
        )

    def read_retention(self, column: int, value: str, _: object) -> None:
        items: list[dict[str, Any]] = self.activity.setdefault("retention", [])
        for line in _lines(value):
            parsed = self.retention_line(line)
            if parsed is not None:
                items.append(parsed)
                continue
            entry, reason = _free_retention(line)
            items.append(entry)
            if reason:
                self.guess(column, line, reason, "retention", len(items) - 1)
            if "criteria" in entry:
                self.reader.todo(
                    (*self.row.path, "retention", len(items) - 1),
                    "a criteria, as written: a fixed period if there is one",
                )

    def retention_line(self, line: str) -> dict[str, Any] | None:
        """``Data; Data: 3 years — from the event — then deleted — reference: …`` as ropa
        writes it (None for anything else)."""
        segments = line.split(_SEGMENT)
        if len(segments) < 2:
            return None
        first = segments[0]
        entry: dict[str, Any] = {}
        head, sep, rest = first.partition(": ")
        if sep and (ids := self.category_ids(head)) is not None:
            entry["categories"], first = ids, rest
        period = parse_duration(first)
        if period is not None:
            entry["period"] = period.value
        else:
            entry["criteria"] = first
        for segment in segments[1:]:
            if match := _FROM_SEGMENT.match(segment):
                article = {"du": "le ", "des": "les "}.get(match.group("contracted") or "", "")
                entry["from"] = article + match.group("event")
            elif (match := re.match(rf"^(?:{_THEN})\s+(.+)$", segment)) and fold(
                match.group(1)
            ) in _THENS:
                then = _THENS[fold(match.group(1))]
                if then != "delete":
                    entry["then"] = then
            elif label := _labelled(segment, dict.fromkeys(_REFERENCE, "reference")):
                entry["reference"] = label[1]
            else:
                return None
        order = ("categories", "period", "criteria", "from", "reference", "then")
        return {key: entry[key] for key in order if key in entry}

    def read_retention_policy(self, column: int, value: str, _: object) -> None:
        items = [r for r in self.activity.get("retention", []) if "reference" not in r]
        if not items:
            self.row.keep(column, value, "no retention of the row to attach this policy to")
            return
        for item in items:
            item["reference"] = _plain(value)
        self.guess(column, value, "the reference of the row's retention", "retention")

    def read_automated(self, column: int, value: str, _: object) -> None:
        found: dict[str, Any] = {}
        for line in _lines(value):
            label = _labelled(line, _DECISION)
            if label is None:
                found = {}
                break
            key, text = label
            if key == "legal_effect":
                found[key] = fold(text) in _YES
            elif key == "exception":
                if fold(text) not in _EXCEPTIONS:
                    found = {}
                    break
                found[key] = _EXCEPTIONS[fold(text)]
            else:
                found[key] = text
        if "logic" in found and "significance" in found:
            order = ("logic", "significance", "legal_effect", "exception", "law", "safeguards")
            self.activity["automated_decisions"] = {k: found[k] for k in order if k in found}
            return
        if fold(value) in _NO:
            self.report(column, value, "guessed", "read as no automated decisions")
            return
        self.row.keep(column, value, "automated decisions need their logic and significance")
        self.reader.todo(
            (*self.row.path, "automated_decisions"),
            "the sheet says there are some: {logic: ..., significance: ...}",
        )

    def read_source(self, column: int, value: str, _: object) -> None:
        sources: list[Any] = []
        for line in _split(value):
            if _FROM_PERSON.match(fold(line)):
                self.report(
                    column,
                    line,
                    "guessed",
                    "collected from the person: no source to declare (Art. 13)",
                )
                continue
            match = _FOR_SUFFIX.match(line)
            ids = self.category_ids(match.group("names")) if match else None
            if match and ids is not None:
                sources.append({"source": match.group("body"), "categories": ids})
            else:
                sources.append(line)
        if sources:
            self.activity["sources"] = sources

    def read_dpia_required(self, column: int, value: str, _: object) -> None:
        answer = fold(value)
        if answer in _YES or answer.startswith("yes "):
            self.activity["dpia"] = {"status": "required"}
        elif answer in _NO or answer.startswith("no "):
            self.activity["dpia"] = {"status": "not_required"}
        else:
            self.row.keep(column, value, "not read as yes or no")
            return
        if answer not in {fold(w.yes) for w in WORDS.values()} | {
            fold(w.no) for w in WORDS.values()
        }:
            self.guess(
                column, value, f"read as {self.activity['dpia']['status']}", "dpia", "status"
            )

    def read_dpia_progress(self, column: int, value: str, _: object) -> None:
        iso = _ISO_DATE.search(value)
        date, answer = (iso.group(1), fold(_ISO_DATE.sub("", value))) if iso else (None, "")
        if iso is None:
            suffix = _DATE_SUFFIX.match(value.strip())
            date = read_date(suffix.group("date")) if suffix else None
            answer = fold(suffix.group("body") if suffix and date else value)
        dpia = self.activity.setdefault("dpia", {})
        if answer in _DONE:
            dpia["status"] = "done"
            if date:
                dpia["date"] = date
        elif answer in _NOT_DONE:
            dpia["status"] = "required"
        else:
            self.row.keep(column, value, "not read as done or not done")
            if not dpia:
                del self.activity["dpia"]
            return
        if answer not in {fold(w.done) for w in WORDS.values()} | {
            fold(w.not_done) for w in WORDS.values()
        }:
            self.guess(column, value, f"read as {dpia['status']}", "dpia", "status")

    def read_dpia_link(self, column: int, value: str, _: object) -> None:
        dpia = self.activity.setdefault("dpia", {})
        if dpia.get("status") == "not_required":
            self.row.keep(column, value, "an assessment, though the row says none is required")
            return
        if "status" not in dpia:
            dpia["status"] = "done"
            self.guess(column, value, "an assessment is linked: read as done", "dpia", "status")
        dpia["reference"] = _plain(value)
        order = ("status", "reference", "date")
        self.activity["dpia"] = {k: dpia[k] for k in order if k in dpia}

    # --- plain fields ---------------------------------------------------------------------------

    def read_function(self, column: int, value: str, _: object) -> None:
        self.activity["owner"] = _plain(value)

    def read_controller(self, column: int, value: str, _: object) -> None:
        found, phones = _contact(value)
        if "name" not in found:
            self.row.keep(column, value, "no controller's name read")
            return
        controller = self.activity.setdefault("controller", {})
        controller.update({k: found[k] for k in ("name", "email", "address") if k in found})
        for phone in phones:
            self.row.keep(column, phone, "the register has no telephone for the controller")
        if len(found) > 1 or phones:
            parts = [p for p in value.split(_SEGMENT) if p]
            if len(parts) != len(found) or any(p.strip() not in found.values() for p in parts):
                self.guess(
                    column, value, f"read as the controller's {', '.join(found)}", "controller"
                )

    def read_controller_contract(self, column: int, value: str, _: object) -> None:
        self.activity.setdefault("controller", {})["contract"] = _plain(value)

    def read_notes(self, column: int, value: str, _: object) -> None:
        self.row.notes.append(value)


_KNOWN_RIGHTS = {
    "be informed", "informed", "information", "all", "all rights", "all rights apply", "be forgotten",
    "data portability", "restrict processing", "object", "objection", "rectify", "erase",
    "rights related to automated decision making including profiling", "automated decision making",
    "not be subject to automated decision making", "complain", "lodge a complaint",
}  # fmt: skip


def _right(item: str) -> bool:
    """Whether ``item`` names a right of the data subject (``Right of access``, ``erasure``)."""
    folded = fold(item)
    bare = re.sub(
        r"^(?:the )?(?:rights? (?:of|to) (?:the )?|droit (?:d |de (?:la |l )?|a (?:la |l )?)?)",
        "",
        folded,
    )
    return bare in _RIGHTS or folded in _KNOWN_RIGHTS or bare in _KNOWN_RIGHTS


def _nothing_in(key: str, value: str) -> bool:
    return _nothing(value) or (key in _NO_IS_NOTHING and fold(value) in _NO)


def _special_suffix(item: str) -> tuple[str, str | None]:
    """``Sickness records (special category: health)`` → (name, ``health``)."""
    match = _SUFFIX.match(item)
    if match:
        label, _, kind = match.group("inner").partition(":")
        if fold(label) in _SPECIAL_LABELS and fold(kind) in _SPECIALS:
            return match.group("body"), _SPECIALS[fold(kind)]
    return item, None


def _has_special(item: str) -> bool:
    return _special_suffix(item)[1] is not None


def _type_suffix(item: str) -> tuple[str, str | None]:
    """``Encryption (technical)`` → (name, ``technical``)."""
    match = _SUFFIX.match(item)
    if match and fold(match.group("inner")) in _TYPES:
        return match.group("body"), _TYPES[fold(match.group("inner"))]
    return item, None


def _recipient(item: str) -> tuple[str, str | None, str | None, Parsed | None]:
    """``Category: Name (role, country)`` → (name, category, role, country); the
    parenthesis is read only when each of its parts is a role or a country, the category only
    with it."""
    match = _SUFFIX.match(item)
    if match is None:
        return item, None, None, None
    role: str | None = None
    country: Parsed | None = None
    for part in (p.strip() for p in match.group("inner").split(",")):
        if fold(part) in _ROLES and role is None:
            role = _ROLES[fold(part)]
        elif (parsed := parse_country(part)) is not None and country is None:
            country = parsed
        else:
            return item, None, None, None
    body = match.group("body")
    category, sep, name = body.partition(": ")
    if sep and role is not None and name.strip():
        return name.strip(), category.strip(), role, country
    return body, None, role, country


def _free_retention(line: str) -> tuple[dict[str, Any], str]:
    """Retention as people write it: a period (``13 months``), a period and the event it runs
    from (``6 years after the end of the financial year``), else the text as the criteria; and
    the guess it took ("" when the period is written as the format writes it)."""
    period = parse_duration(line)
    if period is not None:
        return {"period": period.value}, f"read as {period.value}" if period.guessed else ""
    match = _PERIOD_FROM.match(line.strip())
    if match and (period := parse_duration(match.group("period"))) is not None:
        event = match.group("event").strip()
        return {"period": period.value, "from": event}, f"read as {period.value} from {event!r}"
    return {"criteria": line}, "not a fixed period: kept verbatim as the retention's criteria"
