"""The register in the ICO's documentation templates: the controller template's sheet
(``Template``: the controller block, then a row per controller activity under the ICO's 30
headers) and, when the register has processor activities, the processor template's beside it.

The layout is :mod:`ropa.interop.ico`'s, which reads these sheets back: what a cell holds is
written so that it reads back as it was (recipients as ``Category: Name (role, country)``, one
retention a line as ``Data: 3 years — from the event — then deleted — reference: ...``), in the
document's language, with its typography where the reader sees it (French: ``référence :``,
dates in words); the ICO's headers and the block's labels are English, as the template is.
Columns the register has nothing for (the link to the record of consent, breaches, the location
of the data) stay empty.

Transfers: every transfer outside the EEA is a line of the third countries' column, ``Country —
Recipient — mechanism — reference: ...``, with the mechanism as the register states it, named
by the law it comes from (an adequacy decision of the European Commission, the EU-US Data
Privacy Framework, the Commission's standard contractual clauses): the register says nothing of
UK law, so no UK mechanism is claimed. The safeguards column is for exceptional transfers, those
on a derogation (Art. 49), and holds only them; it stays empty otherwise, as its "(if
applicable)" allows. A DPO or representative the register has none of is "None designated".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

from ropa.interop.ico import (
    BLOCK_CONTROLLER,
    BLOCK_DPO,
    BLOCK_EU_REPRESENTATIVE,
    BLOCK_FIELDS,
    BLOCK_PROCESSOR,
    BLOCK_REPRESENTATIVE,
    BLOCK_UK_REPRESENTATIVE,
    CONTROLLER_COLUMNS,
    CONTROLLER_SHEET,
    PROCESSOR_COLUMNS,
    PROCESSOR_SHEET,
    WORDS,
    Column,
    Words,
    words,
)
from ropa.model.activities import Activity, Basis, LegalBasis
from ropa.model.definitions import DataCategory
from ropa.model.organization import Officer, Representative
from ropa.model.recipients import Mechanism, Recipient, Transfer
from ropa.model.types import Text
from ropa.reference import reference
from ropa.render.document import Document
from ropa.render.i18n import Lang, duration_words
from ropa.render.labels import (
    MECHANISM_LABELS,
    REGISTER_BASIS_LABELS,
    REGISTER_CONDITION_LABELS,
)
from ropa.render.workbook import Table

#: The rights of Art. 15-21 that each basis gives (the ICO's guidance on lawful bases):
#: erasure and portability are not rights under a legal obligation; objection is, under a
#: public task or legitimate interests; portability under consent or a contract.
RIGHTS_BY_BASIS: dict[Basis, tuple[str, ...]] = {
    Basis.CONSENT: ("access", "rectification", "erasure", "restriction", "portability"),
    Basis.CONTRACT: ("access", "rectification", "erasure", "restriction", "portability"),
    Basis.LEGAL_OBLIGATION: ("access", "rectification", "restriction"),
    Basis.VITAL_INTERESTS: ("access", "rectification", "erasure", "restriction"),
    Basis.PUBLIC_TASK: ("access", "rectification", "restriction", "objection"),
    Basis.LEGITIMATE_INTERESTS: ("access", "rectification", "erasure", "restriction", "objection"),
}
_RIGHTS_ORDER = ("access", "rectification", "erasure", "restriction", "portability", "objection")

#: Column widths, in characters, by key (others: :data:`_WIDTH`).
WIDTHS = {
    "function": 18, "purpose": 36, "processing": 36, "controller": 36, "joint": 30,
    "subjects": 24, "categories": 30, "recipients": 44, "contract": 40, "countries": 20,
    "safeguards": 44, "retention": 48, "measures": 36, "basis": 32, "condition": 30,
    "interests": 36, "lia": 28, "rights": 30, "automated": 44, "source": 32,
    "dpia_required": 14, "dpia_progress": 16, "dpia_link": 26, "breach": 14,
    "controller_contract": 32,
}  # fmt: skip
_WIDTH = 20
_CITATION = re.compile(r"\s*\((?:Art|art)\..*\)$")
#: Rows of the block: the title, a blank, the block's header and its rows, a blank.
_TITLE = "Documentation of processing activities"


def ico_tables(doc: Document) -> list[Table]:
    """The controller template's sheet, and the processor template's when the register has
    processor activities; every cell a string."""
    tables = [_sheet(doc, CONTROLLER_SHEET, CONTROLLER_COLUMNS, doc.controller_activities)]
    if doc.processor_activities:
        tables.append(_sheet(doc, PROCESSOR_SHEET, PROCESSOR_COLUMNS, doc.processor_activities))
    return tables


def _sheet(
    doc: Document, name: str, columns: tuple[Column, ...], activities: list[Activity]
) -> Table:
    processor = name == PROCESSOR_SHEET
    block = _block(doc, processor)
    header = len(block)
    cells = _Cells(doc)
    rows = [*block, [c.header for c in columns]]
    rows += [[cells.cell(c.key, activity) for c in columns] for activity in activities]
    return Table(
        name=name,
        rows=rows,
        widths=[float(WIDTHS.get(c.key, _WIDTH)) for c in columns],
        header_rows=frozenset({2, header}),
        title_rows=frozenset({0}),
        repeat=(header, header),
        freeze=(header + 1, 2),
    )


def _block(doc: Document, processor: bool) -> list[list[str]]:
    """The title, then who keeps the record: Name, Address, Email, Telephone of the
    organisation, its DPO and its representatives (Art. 30(1)(a), 30(2)(a)); "None designated"
    where the register has no DPO, with the person responsible for the processing beside it
    (never called a DPO), and where it has no representative."""
    organization = doc.organization
    title = f"{_TITLE} ({'processor' if processor else 'controller'}) — {organization.name}"
    said = words(doc.lang.code)

    def person(label: str, who: Officer | Representative | None) -> list[str]:
        if who is None:
            return [label, said.none_designated]
        return [label, who.name or "", _one_line(doc.address(who.address)), who.email or ""]

    dpo = person(BLOCK_DPO, organization.dpo)
    contact = organization.privacy_contact
    if organization.dpo is None and contact is not None:
        known = ", ".join(p for p in (contact.name, contact.email) if p)
        dpo.append(f"{said.privacy_contact}{doc.lang.colon} {known}")

    people = [
        [
            BLOCK_PROCESSOR if processor else BLOCK_CONTROLLER,
            organization.name,
            _one_line(doc.address(organization.address)),
            organization.email,
            organization.phone or "",
        ],
        dpo,
    ]
    if organization.uk_representative:
        people.append(person(BLOCK_UK_REPRESENTATIVE, organization.uk_representative))
    if organization.eu_representative:
        people.append(person(BLOCK_EU_REPRESENTATIVE, organization.eu_representative))
    if not (organization.uk_representative or organization.eu_representative):
        people.append(person(BLOCK_REPRESENTATIVE, None))
    return [[title], [], ["", *BLOCK_FIELDS], *people, []]


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _Cells:
    """What each column holds for an activity, in the document's language."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.words: Words = words(doc.lang.code)
        #: the language of the words read back: the document's, if they have a table
        self.lang = doc.lang if doc.lang.code in WORDS else Lang("en", doc.lang.default)
        #: ``:`` after a label and ``;`` between items, as the language spaces them (French:
        #: ``référence :``, ``accès ; rectification``)
        self.colon = self.lang.colon
        self.separator = f"{self.lang.semicolon} "
        self.readers: dict[str, Callable[[Activity], str]] = {
            "function": lambda a: self.text(a.owner),
            "purpose": lambda a: self.text(a.name),
            "processing": lambda a: self.text(a.name),
            "controller": self.controller,
            "controller_contract": lambda a: a.controller.contract or "" if a.controller else "",
            "joint": lambda a: self.separator.join(
                self.recipient(r) for r in a.joint_controller_entries
            ),
            "subjects": lambda a: self.separator.join(self.text(s.name) for s in a.subject_entries),
            "categories": lambda a: self.separator.join(
                self.category(c) for c in a.category_entries
            ),
            "recipients": lambda a: self.separator.join(
                self.recipient(r) for r in a.recipient_entries
            ),
            "contract": self.contracts,
            "countries": self.countries,
            "safeguards": self.safeguards,
            "retention": self.retention,
            "measures": self.measures,
            "basis": self.bases,
            "condition": self.conditions,
            "interests": lambda a: self.per_interest(a, lambda b: self.text(b.interest)),
            "lia": lambda a: self.per_interest(a, lambda b: self.text(b.balancing_test)),
            "rights": self.rights,
            "automated": self.automated,
            "source": self.sources,
            "dpia_required": self.dpia_required,
            "dpia_progress": self.dpia_progress,
            "dpia_link": lambda a: a.dpia.reference or "" if a.dpia else "",
        }

    def cell(self, key: str, activity: Activity) -> str:
        reader = self.readers.get(key)
        return reader(activity) if reader else ""

    def text(self, value: Text | str | None) -> str:
        return _one_line(self.doc.lang.text(value))

    def labelled(self, label: str, value: str) -> str:
        return f"{label}{self.colon} {value}"

    def day(self, value: date) -> str:
        """A date in words in French (``15 janvier 2025``), ISO otherwise; both read back."""
        return self.lang.date(value) if self.lang.code == "fr" else value.isoformat()

    def names(self, entries: Iterable[DataCategory]) -> str:
        return self.separator.join(self.text(e.name) for e in entries)

    def category(self, category: DataCategory) -> str:
        name = self.text(category.name)
        if category.special is None:
            return name
        special = self.words.specials[category.special.value]
        return f"{name} ({self.labelled(self.words.special, special)})"

    def recipient(self, recipient: Recipient) -> str:
        inner = [self.words.roles[recipient.role.value]]
        if recipient.country:
            inner.append(recipient.country)
        category = self.text(recipient.category)
        name = self.text(recipient.name)
        if not category:
            return f"{name} ({inner[0]})"
        return f"{self.labelled(category, name)} ({', '.join(inner)})"

    def controller(self, activity: Activity) -> str:
        controller = activity.controller
        if controller is None:
            return ""
        parts = [self.text(controller.name), controller.email or ""]
        parts.append(_one_line(self.doc.address(controller.address)))
        return " — ".join(p for p in parts if p)

    def contracts(self, activity: Activity) -> str:
        lines = []
        for recipient in activity.recipient_entries:
            if recipient.dpa is None:
                continue
            text = self.text(recipient.dpa.reference)
            if recipient.dpa.signed:
                text = f"{text} ({self.words.signed} {self.day(recipient.dpa.signed)})".strip()
            lines.append(self.labelled(self.text(recipient.name), text))
        return "\n".join(lines)

    def _transfers(self, activity: Activity) -> list[tuple[Transfer, str]]:
        """Every transfer outside the EEA, and its line: ``Country — Recipient — mechanism —
        reference: … — TIA: …``, the mechanism in the words of :data:`MECHANISM_LABELS`."""
        data = reference()
        rows = []
        for recipient in self.doc.recipients_of(activity):
            for transfer in recipient.transfers:
                if data.in_eea(transfer.country):
                    continue
                mechanism = self.lang.gettext(MECHANISM_LABELS[transfer.mechanism])
                if transfer.mechanism is Mechanism.DEROGATION:
                    point = transfer.derogation.value if transfer.derogation else "?"
                    mechanism %= {"point": point}
                segments = [
                    self.doc.lang.country(transfer.country),
                    self.text(recipient.name),
                    mechanism,
                ]
                if transfer.reference:
                    segments.append(
                        self.labelled(self.words.reference, self.text(transfer.reference))
                    )
                if transfer.tia:
                    segments.append(self.labelled(self.words.tia, _one_line(transfer.tia)))
                rows.append((transfer, " — ".join(segments)))
        return rows

    def countries(self, activity: Activity) -> str:
        """Art. 30(1)(e): each third country, with who receives the data there and on what
        ground, a line each."""
        return "\n".join(line for _, line in self._transfers(activity))

    def safeguards(self, activity: Activity) -> str:
        """The exceptional transfers, on a derogation (Art. 49), and what documents them;
        nothing for the others, whose ground is in the third countries' column."""
        return "\n".join(
            line
            for transfer, line in self._transfers(activity)
            if transfer.mechanism is Mechanism.DEROGATION
        )

    def retention(self, activity: Activity) -> str:
        lines = []
        for retention in activity.retention:
            if retention.period is not None:
                what = _one_line(duration_words(retention.period, self.doc.lang.locale))
            else:
                what = self.text(retention.criteria)
            if retention.categories:
                what = self.labelled(self.names(retention.category_entries), what)
            segments = [what]
            if retention.from_ is not None:
                event = self.text(retention.from_)
                segments.append(self.doc.join_event(f"{self.words.from_} {event}", event))
            segments.append(f"{self.words.then} {self.words.thens[retention.then.value]}")
            if retention.reference is not None:
                segments.append(self.labelled(self.words.reference, self.text(retention.reference)))
            lines.append(" — ".join(segments))
        return "\n".join(lines)

    def measures(self, activity: Activity) -> str:
        return self.separator.join(
            f"{self.text(m.name)} ({self.words.types[m.type.value]})"
            for m in activity.measure_entries
        )

    def bases(self, activity: Activity) -> str:
        lines = []
        for basis in activity.legal_bases:
            letter = "abcdef"[list(Basis).index(basis.basis)]
            label = _CITATION.sub("", self.doc.lang.gettext(REGISTER_BASIS_LABELS[basis.basis]))
            line = f"Art. 6(1)({letter}) {label}"
            if basis.categories:
                line += f" ({self.labelled(self.words.for_, self.names(basis.category_entries))})"
            if basis.law:
                line += f" — {self.text(basis.law)}"
            lines.append(line)
        return "\n".join(lines)

    def conditions(self, activity: Activity) -> str:
        lines = []
        for condition in activity.special_conditions:
            value = condition.condition.value
            cited = "Art. 10" if value == "art10" else f"Art. 9(2)({value})"
            label = self.doc.lang.gettext(REGISTER_CONDITION_LABELS[condition.condition])
            line = f"{cited} {_CITATION.sub('', label)}"
            if condition.law:
                line += f" — {self.text(condition.law)}"
            lines.append(line)
        return "\n".join(lines)

    def per_interest(self, activity: Activity, value: Callable[[LegalBasis], str]) -> str:
        """A line per legitimate interests basis (``-`` where it has none), or nothing."""
        values = [value(b) for b in activity.legal_bases if b.basis is Basis.LEGITIMATE_INTERESTS]
        return "\n".join(v or "-" for v in values) if any(values) else ""

    def rights(self, activity: Activity) -> str:
        rights = {r for b in activity.legal_bases for r in RIGHTS_BY_BASIS[b.basis]}
        if activity.marketing_channels:
            rights.add("objection")  # Art. 21(2): to direct marketing, whatever the basis
        named = [self.words.rights[r] for r in _RIGHTS_ORDER if r in rights]
        joined = self.separator.join(named)
        lines = [joined[:1].upper() + joined[1:]] if named else []
        lines += [
            self.labelled(self.words.withdraw, self.text(b.withdrawal))
            for b in activity.legal_bases
            if b.basis is Basis.CONSENT and b.withdrawal
        ]
        return "\n".join(lines)

    def automated(self, activity: Activity) -> str:
        decisions = activity.automated_decisions
        if decisions is None:
            return ""
        label = self.words.decision
        lines = [
            self.labelled(label["logic"], self.text(decisions.logic)),
            self.labelled(label["significance"], self.text(decisions.significance)),
        ]
        if decisions.legal_effect:
            lines.append(self.labelled(label["legal_effect"], self.words.yes))
        if decisions.exception:
            exception = self.words.exceptions[decisions.exception.value]
            lines.append(self.labelled(label["exception"], exception))
        if decisions.law:
            lines.append(self.labelled(label["law"], self.text(decisions.law)))
        if decisions.safeguards:
            lines.append(self.labelled(label["safeguards"], self.text(decisions.safeguards)))
        return "\n".join(lines)

    def sources(self, activity: Activity) -> str:
        lines = []
        for source in activity.sources:
            line = self.text(source.source)
            if source.categories:
                line += f" ({self.labelled(self.words.for_, self.names(source.category_entries))})"
            lines.append(line)
        return "\n".join(lines)

    def dpia_required(self, activity: Activity) -> str:
        if activity.dpia is None:
            return ""
        return self.words.no if activity.dpia.status.value == "not_required" else self.words.yes

    def dpia_progress(self, activity: Activity) -> str:
        dpia = activity.dpia
        if dpia is None or dpia.status.value == "not_required":
            return ""
        if dpia.status.value == "required":
            return self.words.not_done
        return f"{self.words.done} ({self.day(dpia.date)})" if dpia.date else self.words.done
