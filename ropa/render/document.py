"""What the documents show, computed once per language from the linked register.

Templates stay simple: they iterate over what this module prepares (activities in reading order,
recipients grouped by category, transfer and retention rows) and print it. Every sentence built
here goes through the message catalog; nothing here reads an id for the reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from ropa.model.activities import Activity, ActivityRole, Basis, LegalBasis, Retention
from ropa.model.base import Waiver
from ropa.model.cookies import Consent, Cookie
from ropa.model.definitions import DataCategory, DataSubject, MeasureType, SecurityMeasure
from ropa.model.organization import Organization
from ropa.model.policy import Policy
from ropa.model.recipients import Mechanism, Recipient, RecipientRole
from ropa.model.register import Register
from ropa.reference import Adequacy, reference
from ropa.render.i18n import Lang

#: From how many activities the register is printed compactly (:attr:`Document.compact`).
COMPACT_FROM = 100


def N_(message: str) -> str:  # noqa: N802  # the gettext convention for "mark, translate later"
    """Mark a message for the catalog; it is translated where it is shown."""
    return message


BASIS_LABELS = {
    Basis.CONSENT: N_("your consent (GDPR Art. 6(1)(a))"),
    Basis.CONTRACT: N_(
        "the performance of a contract with you, or steps taken at your request before entering "
        "into one (GDPR Art. 6(1)(b))"
    ),
    Basis.LEGAL_OBLIGATION: N_("compliance with a legal obligation (GDPR Art. 6(1)(c))"),
    Basis.VITAL_INTERESTS: N_("the protection of vital interests (GDPR Art. 6(1)(d))"),
    Basis.PUBLIC_TASK: N_("a task carried out in the public interest (GDPR Art. 6(1)(e))"),
    Basis.LEGITIMATE_INTERESTS: N_("our legitimate interests (GDPR Art. 6(1)(f))"),
}

#: The same bases as the register names them: briefly, for the people who keep it.
REGISTER_BASIS_LABELS = {
    Basis.CONSENT: N_("consent (Art. 6(1)(a))"),
    Basis.CONTRACT: N_("contract (Art. 6(1)(b))"),
    Basis.LEGAL_OBLIGATION: N_("legal obligation (Art. 6(1)(c))"),
    Basis.VITAL_INTERESTS: N_("vital interests (Art. 6(1)(d))"),
    Basis.PUBLIC_TASK: N_("public task (Art. 6(1)(e))"),
    Basis.LEGITIMATE_INTERESTS: N_("legitimate interests (Art. 6(1)(f))"),
}

MECHANISM_LABELS = {
    Mechanism.ADEQUACY: N_("adequacy decision of the European Commission (GDPR Art. 45)"),
    Mechanism.DPF: N_(
        "EU-US Data Privacy Framework: adequacy decision 2023/1795 for certified organisations"
    ),
    Mechanism.SCC: N_(
        "standard contractual clauses of the European Commission (Decision 2021/914)"
    ),
    Mechanism.BCR: N_("binding corporate rules (GDPR Art. 47)"),
    Mechanism.CODE_OF_CONDUCT: N_("approved code of conduct (GDPR Art. 46(2)(e))"),
    Mechanism.CERTIFICATION: N_("approved certification mechanism (GDPR Art. 46(2)(f))"),
    Mechanism.DEROGATION: N_("derogation for a specific situation (GDPR Art. 49(1)(%(point)s))"),
    Mechanism.SAFE_HARBOR: N_("EU-US Safe Harbour (invalid)"),
    Mechanism.PRIVACY_SHIELD: N_("EU-US Privacy Shield (invalid)"),
    Mechanism.SCC_2010: N_("standard contractual clauses of 2010 (invalid)"),
}

ROLE_LABELS = {
    RecipientRole.INTERNAL: N_("internal department"),
    RecipientRole.PROCESSOR: N_("processor"),
    RecipientRole.JOINT_CONTROLLER: N_("joint controller"),
    RecipientRole.CONTROLLER: N_("independent controller"),
    RecipientRole.AUTHORITY: N_("public authority"),
    RecipientRole.PUBLIC: N_("the public"),
}

REQUIREMENT_LABELS = {
    "statutory": N_("Providing these data is a statutory requirement."),
    "contractual": N_("Providing these data is a contractual requirement."),
    "precondition": N_("Providing these data is necessary to enter into a contract."),
    "voluntary": N_("Providing these data is optional."),
}

THEN_LABELS = {
    "delete": N_("deleted"),
    "anonymise": N_("anonymised"),
    "archive": N_("archived"),
}

#: The reference data names decisions in English; these render them in the document's language.
_DECISION = re.compile(r"Commission (Implementing )?Decision (\(EU\) )?(\S+?)(,.*)?$")
DECISION_LABELS = {
    (True, True): N_("Commission Implementing Decision (EU) %(number)s"),
    (True, False): N_("Commission Implementing Decision %(number)s"),
    (False, False): N_("Commission Decision %(number)s"),
}

DPIA_LABELS = {
    "not_required": N_("not required"),
    "required": N_("required"),
    "done": N_("done"),
}

ACTIVITY_ROLE_LABELS = {
    ActivityRole.CONTROLLER: N_("controller"),
    ActivityRole.JOINT_CONTROLLER: N_("joint controller"),
    ActivityRole.PROCESSOR: N_("processor"),
}

MEASURE_TYPE_LABELS = {
    MeasureType.TECHNICAL: N_("technical"),
    MeasureType.ORGANISATIONAL: N_("organisational"),
}


@dataclass(frozen=True)
class BasisView:
    """A legal basis as the reader sees it."""

    label: str  # as the public page says it
    basis: LegalBasis
    short: str = ""  # as the register says it
    categories: str = ""  # the names of the data it is limited to, if any
    interest: str = ""
    withdrawal: str = ""
    balancing_test: str = ""
    law: str = ""


@dataclass(frozen=True)
class TransferView:
    """A transfer outside the EEA: who, where, on what ground."""

    recipient: Recipient
    country: str
    country_name: str
    adequacy: str  # the decision's name, or ""
    safeguard: str
    reference: str
    line: str = ""  # "Recipient: Country — safeguard (reference)", for the register
    #: When the decision rests on reference data not confirmed against the official text, a note
    #: saying so, for the register's annex; "" otherwise.
    unconfirmed: str = ""


@dataclass(frozen=True)
class RetentionView:
    """One retention period, in words."""

    activity: Activity
    retention: Retention
    categories: list[DataCategory]
    period: str
    reference: str
    then: str
    names: str = ""  # the categories' names
    line: str = ""  # "Data: period, then deleted (reference)", for the register


@dataclass(frozen=True)
class ActivityRecord:
    """An activity's entry in the register, in this language's words: computed once and shared
    by the HTML and PDF register, the CSV and XLSX tables and the JSON."""

    activity: Activity
    name: str
    owner: str
    role: str  # controller, joint controller, processor
    role_text: str  # "joint controller with A and B"
    joint_controllers: list[str]
    bases: list[BasisView]
    special_conditions: list[str]  # "Art. 9(2)(b) (Code du travail)"
    subjects: str
    categories: list[tuple[str, str]]  # (name, its special article or "")
    data: str  # the categories' names, as a list in words
    sources: list[str]
    recipients: list[str]  # "Name (role)"
    transfers: list[TransferView]
    retention: list[RetentionView]
    measures: str
    automated: str  # "logic — significance", or ""
    dpia: str
    public: str  # yes / no
    reviewed: str


@dataclass(frozen=True)
class CategoryGroup:
    """Recipients that the public page shows under one category."""

    name: str
    recipients: list[Recipient]


class Document:
    """A register as one language's documents present it."""

    def __init__(self, register: Register, lang: Lang) -> None:
        assert register.organization is not None
        assert register.policy is not None
        self.register = register
        self.lang = lang
        self.organization: Organization = register.organization
        self.policy: Policy = register.policy

    # --- words -----------------------------------------------------------------------------------

    def _(self, message: str) -> str:
        return self.lang.gettext(message)

    def join_event(self, sentence: str, event: str) -> str:
        """Grammar the catalog cannot know: where the sentence joins « de » to the event's first
        word, French contracts « de le » into « du » and « de les » into « des »; the event's own
        words are left as written."""
        if self.lang.code == "fr":
            for article, contracted in (("le ", "du "), ("les ", "des ")):
                if event.startswith(article) and f"de {event}" in sentence:
                    return sentence.replace(f"de {event}", contracted + event[len(article) :], 1)
        return sentence

    def names(
        self, entries: Sequence[DataSubject | DataCategory | SecurityMeasure | Recipient]
    ) -> str:
        return self.lang.join([self.lang.text(e.name) for e in entries])

    def examples(self, category: DataCategory) -> str:
        """What follows a category's description: `` For example: a and b.`` after a sentence,
        `` (for example a and b)`` otherwise, or nothing."""
        examples = self.lang.join([self.lang.text(e) for e in category.examples])
        if not examples:
            return ""
        if self.lang.text(category.description).rstrip().endswith((".", "!", "?")):
            return " " + self._("For example: %(examples)s.") % {"examples": examples}
        return " (" + self._("for example") + " " + examples + ")"

    def role(self, recipient: Recipient) -> str:
        return self._(ROLE_LABELS[recipient.role])

    def requirement(self, activity: Activity) -> str:
        return (
            self._(REQUIREMENT_LABELS[activity.provision.requirement.value])
            if activity.provision
            else ""
        )

    def dpia(self, activity: Activity) -> str:
        if activity.dpia is None:
            return self._("undecided")
        label = self._(DPIA_LABELS[activity.dpia.status.value])
        details = [d for d in (activity.dpia.reference, self.lang.date(activity.dpia.date)) if d]
        return f"{label} ({', '.join(details)})" if details else label

    def measure_type(self, measure: SecurityMeasure) -> str:
        return self._(MEASURE_TYPE_LABELS[measure.type])

    def consent(self, cookie: Cookie) -> str:
        return (
            self._("consent required")
            if cookie.consent is Consent.REQUIRED
            else self._("exempt (strictly necessary)")
        )

    def decision(self, name: str) -> str:
        """An adequacy decision's name in this language (``décision d'exécution (UE) 2023/1795``)."""
        match = _DECISION.fullmatch(name)
        if match is None:
            return name
        implementing, eu, number, _ = match.groups()
        label = DECISION_LABELS.get((bool(implementing), bool(eu)))
        return self._(label) % {"number": number} if label else name

    def mechanism(self, mechanism: Mechanism, point: str | None = None) -> str:
        label = self._(MECHANISM_LABELS[mechanism])
        return label % {"point": point or "?"} if mechanism is Mechanism.DEROGATION else label

    def policy_sections(self) -> list[tuple[str, str]]:
        """(anchor, title) of the public page's sections, for its table of contents."""
        sections = [
            ("controller", N_("Who we are")),
            ("purposes", N_("What data we process and why")),
            ("sources", N_("Data we do not collect from you")) if self.sourced_activities else None,
            ("recipients", N_("Who receives the data")),
            ("transfers", N_("Transfers outside the European Economic Area")),
            ("retention", N_("How long we keep the data")),
            ("profiling", N_("Automated decisions and profiling"))
            if self.profiling_activities
            else None,
            ("cookies", N_("Cookies and other trackers")) if self.public_cookies else None,
            ("rights", N_("Your rights")),
            ("security", N_("How we protect your data")) if self.public_measures else None,
            ("children", N_("Children")) if self.policy.minimum_age else None,
            ("changes", N_("Changes to this policy")),
        ]
        return [(anchor, self._(title)) for anchor, title in filter(None, sections)]

    # --- activities --------------------------------------------------------------------------------

    @cached_property
    def compact(self) -> bool:
        """Whether the register shows each activity as a paragraph rather than a table: for
        registers of more than :data:`COMPACT_FROM` activities, whose PDF would otherwise take
        minutes (WeasyPrint lays out tables several times slower than paragraphs)."""
        return len(self.controller_activities) > COMPACT_FROM

    @cached_property
    def controller_activities(self) -> list[Activity]:
        """Activities where we decide (Art. 30(1)), public or not."""
        return [
            a for a in self.register.activities.values() if a.role is not ActivityRole.PROCESSOR
        ]

    @cached_property
    def public_activities(self) -> list[Activity]:
        """What the public page shows: our own activities not marked ``public: false``."""
        return [a for a in self.controller_activities if a.public]

    @cached_property
    def processor_activities(self) -> list[Activity]:
        """Activities where we act for another controller (Art. 30(2))."""
        return [a for a in self.register.activities.values() if a.role is ActivityRole.PROCESSOR]

    def bases(self, activity: Activity) -> list[BasisView]:
        text = self.lang.text
        return [
            BasisView(
                self._(BASIS_LABELS[b.basis]),
                b,
                self._(REGISTER_BASIS_LABELS[b.basis]),
                self.names(b.category_entries) if b.categories else "",
                text(b.interest),
                text(b.withdrawal),
                text(b.balancing_test),
                text(b.law),
            )
            for b in activity.legal_bases
        ]

    def record(self, activity: Activity) -> ActivityRecord:
        """The activity's register entry (computed once per document)."""
        record = self._records.get(id(activity))
        if record is None:
            record = self._records[id(activity)] = self._record(activity)
        return record

    @cached_property
    def _records(self) -> dict[int, ActivityRecord]:
        return {}

    @cached_property
    def controller_records(self) -> list[ActivityRecord]:
        return [self.record(a) for a in self.controller_activities]

    @cached_property
    def public_records(self) -> list[ActivityRecord]:
        return [self.record(a) for a in self.public_activities]

    @cached_property
    def public_retention(self) -> list[RetentionView]:
        """The retention periods of the public activities, in reading order."""
        return [row for record in self.public_records for row in record.retention]

    @cached_property
    def processor_records(self) -> list[ActivityRecord]:
        return [self.record(a) for a in self.processor_activities]

    def _record(self, activity: Activity) -> ActivityRecord:
        lang, _ = self.lang, self._
        joint = [lang.text(r.name) for r in activity.joint_controller_entries]
        role = _(ACTIVITY_ROLE_LABELS[activity.role])
        recipients = self.recipients_of(activity)
        automated = activity.automated_decisions
        return ActivityRecord(
            activity=activity,
            name=lang.text(activity.name),
            owner=lang.text(activity.owner),
            role=role,
            role_text=_("joint controller with %(names)s") % {"names": lang.join(joint)}
            if activity.role is ActivityRole.JOINT_CONTROLLER
            else role,
            joint_controllers=joint,
            bases=self.bases(activity),
            special_conditions=[
                lang.article(c.condition.article) + (f" ({lang.text(c.law)})" if c.law else "")
                for c in activity.special_conditions
            ],
            subjects=self.names(activity.subject_entries),
            categories=[
                (lang.text(c.name), lang.article(c.special.article) if c.special else "")
                for c in activity.category_entries
            ],
            data=self.names(activity.category_entries),
            sources=[lang.text(s) for s in activity.sources],
            recipients=[f"{lang.text(r.name)} ({self.role(r)})" for r in recipients],
            transfers=self.transfers(recipients),
            retention=self.retention_rows([activity]),
            measures=self.names(activity.measure_entries),
            automated=f"{lang.text(automated.logic)} — {lang.text(automated.significance)}"
            if automated
            else "",
            dpia=self.dpia(activity),
            public=_("yes") if activity.public else _("no"),
            reviewed=lang.date(activity.reviewed),
        )

    @cached_property
    def public_categories(self) -> list[DataCategory]:
        """Data categories used by public activities, in definition order."""
        used = {id(c) for a in self.public_activities for c in a.category_entries}
        return [c for c in self.register.data_categories.values() if id(c) in used]

    @cached_property
    def sourced_activities(self) -> list[Activity]:
        return [a for a in self.public_activities if a.sources]

    @cached_property
    def profiling_activities(self) -> list[Activity]:
        return [a for a in self.public_activities if a.automated_decisions]

    # --- recipients and transfers --------------------------------------------------------------

    @cached_property
    def public_recipients(self) -> list[Recipient]:
        used = {
            id(recipient)
            for activity in self.public_activities
            for recipient in [*activity.recipient_entries, *activity.joint_controller_entries]
        }
        used |= {id(c.provider_entry) for c in self.public_cookies if c.provider_entry is not None}
        return [r for r in self.register.recipients.values() if id(r) in used]

    @cached_property
    def recipient_groups(self) -> list[CategoryGroup]:
        """Recipients of the public activities grouped by their public category (Art. 13(1)(e))."""
        groups: dict[str, list[Recipient]] = {}
        for recipient in self.public_recipients:
            groups.setdefault(self.lang.text(recipient.category), []).append(recipient)
        return [CategoryGroup(name, members) for name, members in groups.items()]

    def transfers(self, recipients: list[Recipient]) -> list[TransferView]:
        """Every transfer outside the EEA of ``recipients``, with its ground."""
        return [row for recipient in recipients for row in self._transfers_of(recipient)]

    def _transfers_of(self, recipient: Recipient) -> list[TransferView]:
        """One recipient's transfers (computed once: many activities share a recipient)."""
        rows = self._transfer_cache.get(id(recipient))
        if rows is None:
            rows = self._transfer_cache[id(recipient)] = self._compute_transfers(recipient)
        return rows

    @cached_property
    def _transfer_cache(self) -> dict[int, list[TransferView]]:
        return {}

    def _compute_transfers(self, recipient: Recipient) -> list[TransferView]:
        data, day, lang = reference(), self.policy.effective_date, self.lang
        name = lang.text(recipient.name)

        def view(
            country: str, decision: Adequacy | None, safeguard: str, cited: str
        ) -> TransferView:
            adequacy = self.decision(decision.decision) if decision else ""
            line = f"{name}{lang.colon} {lang.country(country)} — {safeguard}"
            if cited not in ("", adequacy):
                line += f" ({cited})"
            unconfirmed = (
                self._(N_("reference not confirmed against the official text as of %(date)s"))
                % {"date": lang.date(data.as_of)}
                if decision and not decision.confirmed
                else ""
            )
            return TransferView(
                recipient,
                country,
                lang.country(country),
                adequacy,
                safeguard,
                cited,
                line,
                unconfirmed,
            )

        rows: list[TransferView] = []
        countries = {t.country: t for t in recipient.transfers}
        if (
            recipient.country
            and not data.in_eea(recipient.country)
            and recipient.country not in countries
        ):
            decision = data.decision(recipient.country, day)
            if decision is not None and decision.general:
                named = self.decision(decision.decision)
                rows.append(
                    view(recipient.country, decision, self.mechanism(Mechanism.ADEQUACY), named)
                )
        for transfer in recipient.transfers:
            if data.in_eea(transfer.country):
                continue
            decision = data.decision(transfer.country, day)
            named = self.decision(decision.decision) if decision else ""
            rows.append(
                view(
                    transfer.country,
                    # the decision covers this transfer only if it is general, or is the
                    # one the mechanism relies on (the DPF for certified US organisations)
                    decision
                    if decision
                    and (decision.general or decision.mechanism == transfer.mechanism.value)
                    else None,
                    self.mechanism(transfer.mechanism, transfer.derogation),
                    lang.text(transfer.reference)
                    or (named if transfer.mechanism in (Mechanism.ADEQUACY, Mechanism.DPF) else ""),
                )
            )
        return rows

    @cached_property
    def public_transfers(self) -> list[TransferView]:
        return self.transfers(self.public_recipients)

    @cached_property
    def all_transfers(self) -> list[TransferView]:
        return self.transfers(list(self.register.recipients.values()))

    # --- retention ------------------------------------------------------------------------------

    def period(self, retention: Retention) -> str:
        """``3 years from the end of the relationship`` / ``3 ans à compter de la fin...``."""
        if retention.period is None:
            return self.lang.text(retention.criteria)
        period = self.lang.duration(retention.period)
        if retention.from_ is None:
            return period
        event = self.lang.text(retention.from_)
        sentence = self._("%(period)s from %(event)s") % {"period": period, "event": event}
        return self.join_event(sentence, event)

    def retention_rows(self, activities: list[Activity]) -> list[RetentionView]:
        rows = []
        then_word, colon = self._("then"), self.lang.colon
        for activity in activities:
            for retention in activity.retention:
                names, period = self.names(retention.category_entries), self.period(retention)
                then = self._(THEN_LABELS[retention.then.value])
                reference = self.lang.text(retention.reference)
                line = f"{names}{colon} {period}, {then_word} {then}"
                rows.append(
                    RetentionView(
                        activity,
                        retention,
                        list(retention.category_entries),
                        period,
                        reference or "",
                        then,
                        names,
                        f"{line} ({reference})" if reference else line,
                    )
                )
        return rows

    # --- cookies, security, rights -------------------------------------------------------------

    @cached_property
    def cookies(self) -> list[Cookie]:
        """Every cookie (the register)."""
        return list(self.register.cookies.values())

    @cached_property
    def public_cookies(self) -> list[Cookie]:
        """The cookies of public activities (the policy)."""
        public = {id(a) for a in self.public_activities}
        return [c for c in self.cookies if id(c.purpose_entry) in public]

    def cookie_provider(self, cookie: Cookie) -> str:
        if cookie.provider_entry is None:
            return self.organization.name
        return self.lang.text(cookie.provider_entry.name)

    @cached_property
    def public_measures(self) -> list[SecurityMeasure]:
        used = {id(m) for a in self.public_activities for m in a.measure_entries}
        return [m for m in self.register.security_measures.values() if id(m) in used]

    @cached_property
    def joint_controllers(self) -> list[Recipient]:
        """Every joint controller (the register)."""
        return [
            r for r in self.register.recipients.values() if r.role is RecipientRole.JOINT_CONTROLLER
        ]

    @cached_property
    def public_joint_controllers(self) -> list[Recipient]:
        """Joint controllers of public activities (the policy)."""
        public = {id(r) for r in self.public_recipients}
        return [r for r in self.joint_controllers if id(r) in public]

    def recipients_of(self, activity: Activity) -> list[Recipient]:
        """Everyone who receives an activity's data: its recipients and joint controllers."""
        seen = {id(r): r for r in activity.recipient_entries}
        for recipient in activity.joint_controller_entries:
            seen.setdefault(id(recipient), recipient)
        return list(seen.values())

    @cached_property
    def waivers(self) -> list[tuple[str, str, Waiver]]:
        """(what, rule, waiver) for every waiver in the register, for accountability."""
        rows: list[tuple[str, str, Waiver]] = []
        for path, entry in self.register.entries():
            what = (
                path[0]
                if len(path) == 1
                else f"{path[0]}: {self.lang.text(getattr(entry, 'name', path[1]))}"
            )
            rows.extend((what, waiver.rule, waiver) for waiver in entry.waivers)
        return rows
