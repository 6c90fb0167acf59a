"""The register in the ICO's documentation templates: the controller template's sheet
(``Template``: the controller block, then a row per controller activity under the ICO's 30
headers) and, when the register has processor activities, the processor template's beside it.

The layout is :mod:`ropa.interop.ico`'s, which reads these sheets back: what a cell holds is
written so that it reads back as it was (recipients as ``Category: Name (role, country)``, one
retention a line as ``Data: 3 years — from the event — then deleted — reference: ...``), in the
document's language; the ICO's headers and the block's labels are English, as the template is.
Columns the register has nothing for (the link to the record of consent, breaches, the location
of the data) stay empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

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
    Column,
    Words,
    words,
)
from ropa.model.activities import Activity, Basis, LegalBasis
from ropa.model.definitions import DataCategory
from ropa.model.organization import Officer, Representative
from ropa.model.recipients import Recipient
from ropa.model.types import Text
from ropa.reference import reference
from ropa.render.document import Document
from ropa.render.i18n import duration_words
from ropa.render.labels import REGISTER_BASIS_LABELS, REGISTER_CONDITION_LABELS
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
    organisation, its DPO and its representatives (Art. 30(1)(a), 30(2)(a))."""
    organization = doc.organization
    title = f"{_TITLE} ({'processor' if processor else 'controller'}) — {organization.name}"

    def person(label: str, who: Officer | Representative | None) -> list[str]:
        if who is None:
            return [label]
        return [label, who.name or "", _one_line(doc.address(who.address)), who.email or ""]

    people = [
        [
            BLOCK_PROCESSOR if processor else BLOCK_CONTROLLER,
            organization.name,
            _one_line(doc.address(organization.address)),
            organization.email,
            organization.phone or "",
        ],
        person(BLOCK_DPO, organization.dpo),
    ]
    if organization.uk_representative:
        people.append(person(BLOCK_UK_REPRESENTATIVE, organization.uk_representative))
    if organization.eu_representative:
        people.append(person(BLOCK_EU_REPRESENTATIVE, organization.eu_representative))
    if not (organization.uk_representative or organization.eu_representative):
        people.append([BLOCK_REPRESENTATIVE])
    return [[title], [], ["", *BLOCK_FIELDS], *people, []]


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _Cells:
    """What each column holds for an activity, in the document's language."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.words: Words = words(doc.lang.code)
        self.readers: dict[str, Callable[[Activity], str]] = {
            "function": lambda a: self.text(a.owner),
            "purpose": lambda a: self.text(a.name),
            "processing": lambda a: self.text(a.name),
            "controller": self.controller,
            "controller_contract": lambda a: a.controller.contract or "" if a.controller else "",
            "joint": lambda a: "; ".join(self.recipient(r) for r in a.joint_controller_entries),
            "subjects": lambda a: "; ".join(self.text(s.name) for s in a.subject_entries),
            "categories": lambda a: "; ".join(self.category(c) for c in a.category_entries),
            "recipients": lambda a: "; ".join(self.recipient(r) for r in a.recipient_entries),
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

    def names(self, entries: Iterable[DataCategory]) -> str:
        return "; ".join(self.text(e.name) for e in entries)

    def category(self, category: DataCategory) -> str:
        name = self.text(category.name)
        if category.special is None:
            return name
        return f"{name} ({self.words.special}: {self.words.specials[category.special.value]})"

    def recipient(self, recipient: Recipient) -> str:
        inner = [self.words.roles[recipient.role.value]]
        if recipient.country:
            inner.append(recipient.country)
        category = self.text(recipient.category)
        name = self.text(recipient.name)
        return f"{category}: {name} ({', '.join(inner)})" if category else f"{name} ({inner[0]})"

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
                text = f"{text} ({self.words.signed} {recipient.dpa.signed.isoformat()})".strip()
            lines.append(f"{self.text(recipient.name)}: {text}")
        return "\n".join(lines)

    def _transfers(self, activity: Activity) -> list[tuple[Recipient, str, str]]:
        """(recipient, country code, the safeguard line) of every transfer outside the EEA."""
        data = reference()
        rows = []
        for recipient in self.doc.recipients_of(activity):
            for transfer in recipient.transfers:
                if data.in_eea(transfer.country):
                    continue
                mechanism = self.words.mechanisms[transfer.mechanism.value]
                segments = [
                    f"{self.text(recipient.name)}: {self.doc.lang.country(transfer.country)}",
                    mechanism.format(
                        point=transfer.derogation.value if transfer.derogation else "?"
                    ),
                ]
                if transfer.reference:
                    segments.append(f"{self.words.reference}: {self.text(transfer.reference)}")
                if transfer.tia:
                    segments.append(f"{self.words.tia}: {_one_line(transfer.tia)}")
                rows.append((recipient, transfer.country, " — ".join(segments)))
        return rows

    def countries(self, activity: Activity) -> str:
        codes = dict.fromkeys(code for _, code, _ in self._transfers(activity))
        return "; ".join(self.doc.lang.country(code) for code in codes)

    def safeguards(self, activity: Activity) -> str:
        return "\n".join(line for _, _, line in self._transfers(activity))

    def retention(self, activity: Activity) -> str:
        lines = []
        for retention in activity.retention:
            if retention.period is not None:
                what = _one_line(duration_words(retention.period, self.doc.lang.locale))
            else:
                what = self.text(retention.criteria)
            if retention.categories:
                what = f"{self.names(retention.category_entries)}: {what}"
            segments = [what]
            if retention.from_ is not None:
                event = self.text(retention.from_)
                segments.append(self.doc.join_event(f"{self.words.from_} {event}", event))
            segments.append(f"{self.words.then} {self.words.thens[retention.then.value]}")
            if retention.reference is not None:
                segments.append(f"{self.words.reference}: {self.text(retention.reference)}")
            lines.append(" — ".join(segments))
        return "\n".join(lines)

    def measures(self, activity: Activity) -> str:
        return "; ".join(
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
                line += f" ({self.words.for_}: {self.names(basis.category_entries)})"
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
        lines = ["; ".join(named)[:1].upper() + "; ".join(named)[1:]] if named else []
        lines += [
            f"{self.words.withdraw}: {self.text(b.withdrawal)}"
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
            f"{label['logic']}: {self.text(decisions.logic)}",
            f"{label['significance']}: {self.text(decisions.significance)}",
        ]
        if decisions.legal_effect:
            lines.append(f"{label['legal_effect']}: {self.words.yes}")
        if decisions.exception:
            lines.append(
                f"{label['exception']}: {self.words.exceptions[decisions.exception.value]}"
            )
        if decisions.law:
            lines.append(f"{label['law']}: {self.text(decisions.law)}")
        if decisions.safeguards:
            lines.append(f"{label['safeguards']}: {self.text(decisions.safeguards)}")
        return "\n".join(lines)

    def sources(self, activity: Activity) -> str:
        lines = []
        for source in activity.sources:
            line = self.text(source.source)
            if source.categories:
                line += f" ({self.words.for_}: {self.names(source.category_entries)})"
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
        return f"{self.words.done} ({dpia.date.isoformat()})" if dpia.date else self.words.done
