"""What the documents show, computed once per language from the linked register.

Templates stay simple: they iterate over what this module prepares (activities in reading order,
recipients grouped by category, transfer and retention rows) and print it. Which entries each
document shows is :mod:`ropa.render.selections`; the vocabulary's messages are
:mod:`ropa.render.labels`; the views built here are :mod:`ropa.render.views`. Every sentence built
here goes through the message catalog; nothing here reads an id for the reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from ropa.model.activities import Activity, ActivityRole, DecisionBasis, Retention
from ropa.model.base import Waiver
from ropa.model.cookies import Consent, Cookie
from ropa.model.definitions import DataCategory, DataSubject, SecurityMeasure
from ropa.model.organization import Address, Officer, Representative
from ropa.model.policy import Channel
from ropa.model.recipients import Mechanism, Recipient
from ropa.model.register import Register
from ropa.reference import Adequacy, reference
from ropa.render.i18n import Lang
from ropa.render.labels import (
    ACTIVITY_ROLE_LABELS,
    ADEQUACY_GROUND,
    BASIS_LABELS,
    CONDITION_LABELS,
    DECISION_LABELS,
    DECISION_PATTERN,
    DPF_GROUND,
    DPIA_LABELS,
    EXCEPTION_LABELS,
    MEASURE_TYPE_LABELS,
    MECHANISM_LABELS,
    N_,
    POST_MORTEM,
    POST_MORTEM_ELSEWHERE,
    REGISTER_BASIS_LABELS,
    REGISTER_CONDITION_LABELS,
    REGISTER_EXCEPTION_LABELS,
    REQUIREMENT_LABELS,
    ROLE_LABELS,
    SAFEGUARDS,
    THEN_LABELS,
)
from ropa.render.selections import COMPACT_FROM, Selections
from ropa.render.views import (
    ActivityRecord,
    BasisView,
    CategoryGroup,
    DecisionView,
    RetentionView,
    TransferView,
)

__all__ = [
    "COMPACT_FROM",
    "N_",
    "ActivityRecord",
    "BasisView",
    "CategoryGroup",
    "DecisionView",
    "Document",
    "RetentionView",
    "TransferView",
]


class Document(Selections):
    """A register as one language's documents present it."""

    def __init__(self, register: Register, lang: Lang) -> None:
        super().__init__(register)
        self.lang = lang

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
        return self.lang.join_names([self.lang.text(e.name) for e in entries])

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
        match = DECISION_PATTERN.fullmatch(name)
        if match is None:
            return name
        implementing, eu, number, _ = match.groups()
        label = DECISION_LABELS.get((bool(implementing), bool(eu)))
        return self._(label) % {"number": number} if label else name

    def mechanism(self, mechanism: Mechanism, point: str | None = None) -> str:
        label = self._(MECHANISM_LABELS[mechanism])
        return label % {"point": point or "?"} if mechanism is Mechanism.DEROGATION else label

    def address(self, address: Address | str | None) -> str:
        """A postal address on one line: ``40 rue de Cléry, 75002 Paris, France``."""
        if address is None:
            return ""
        if isinstance(address, str):
            return ", ".join(line.strip() for line in address.splitlines() if line.strip())
        city = f"{address.postal_code} {address.city}".strip()
        parts = [address.street, city, address.region, self.lang.country(address.country)]
        return ", ".join(p for p in parts if p)

    def contact(self, person: Officer | Representative | None) -> str:
        """``name — email — address`` of a DPO or representative (the parts it has)."""
        if person is None:
            return ""
        parts = [person.name or "", person.email or "", self.address(person.address)]
        return " — ".join(p for p in parts if p)

    def joint_controller(self, recipient: Recipient) -> str:
        """A joint controller with what reaches it: ``Name (Country) — its privacy policy —
        contact point: ...`` (the contact points of the arrangements it is party to)."""
        name = self.lang.text(recipient.name)
        if recipient.country:
            name += f" ({self.lang.country(recipient.country)})"
        contacts = [
            self.lang.text(a.joint_arrangement.contact)
            for a in self.register.activities.values()
            if a.joint_arrangement
            and a.joint_arrangement.contact
            and any(r is recipient for r in a.joint_controller_entries)
        ]
        parts = [name, recipient.privacy_policy or ""]
        label = self._("contact point:")
        parts += [f"{label} {c}" for c in dict.fromkeys(contacts)]
        return " — ".join(p for p in parts if p)

    @cached_property
    def website_link(self) -> str:
        """The organisation's website as a link target: as written when it has its scheme,
        with ``https://`` before a bare host name; "" when it is no web address."""
        site = (self.organization.website or "").strip()
        if not site or len(site.split()) != 1 or any(c in site for c in "<>\"'"):
            return ""
        if site.lower().startswith(("https://", "http://")):
            return site
        return "" if ":" in site else f"https://{site}"

    @cached_property
    def rights_channels(self) -> list[tuple[str, str, str]]:
        """How people reach us about their rights, as ``policy.rights`` says: (label, what to
        write to, link or ""); by email when it names no channel it can be reached by."""
        org, rights, _ = self.organization, self.policy.rights, self._
        email = (_("by email:"), org.email, f"mailto:{org.email}")
        rows = []
        if Channel.EMAIL in rights.channels:
            rows.append(email)
        if Channel.POST in rights.channels:
            rows.append((_("by post:"), f"{org.name}, {self.address(org.address)}", ""))
        if Channel.WEB_FORM in rights.channels and rights.web_form:
            rows.append((_("with our online form:"), rights.web_form, rights.web_form))
        return rows or [email]

    @cached_property
    def controller_rows(self) -> list[tuple[str, str]]:
        """The register's Art. 30(1)(a) block: the controller, its DPO, representatives and
        joint controllers, with their contact details (the HTML and XLSX registers)."""
        org, _, lang = self.organization, self._, self.lang
        rows = [
            (_("Name"), ", ".join(p for p in (org.name, org.legal_form, org.registration) if p)),
            (_("Address"), self.address(org.address)),
            (_("Contact"), ", ".join(p for p in (org.email, org.phone) if p)),
        ]
        if org.privacy_contact:
            person = org.privacy_contact
            rows.append(
                (
                    _("Person responsible for the processing"),
                    ", ".join(p for p in (person.name, lang.text(person.role), person.email) if p),
                )
            )
        if org.legal_representative:
            head = org.legal_representative
            rows.append(
                (
                    _("Legal representative"),
                    ", ".join(p for p in (head.name, lang.text(head.role)) if p),
                )
            )
        rows += [
            (_("Data protection officer"), self.contact(org.dpo) or _("none appointed")),
            (
                _("Representative (Art. 27)"),
                self.contact(org.eu_representative) or _("not applicable"),
            ),
        ]
        if org.uk_representative:
            rows.append(
                (_("Representative in the United Kingdom"), self.contact(org.uk_representative))
            )
        rows += [
            (
                _("Joint controllers"),
                f"{lang.semicolon} ".join(self.joint_controller(r) for r in self.joint_controllers)
                or _("none"),
            ),
            (_("Supervisory authority"), org.supervisory_authority.name),
        ]
        return rows

    @cached_property
    def post_mortem(self) -> str:
        """The right to give instructions after death, under the law of the controller's
        country (France: art. 85 of loi 78-17), whatever the document's language."""
        country = self.organization.address.country
        return self._(POST_MORTEM.get(country, POST_MORTEM_ELSEWHERE))

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
                _(REGISTER_CONDITION_LABELS[c.condition])
                + (f" — {lang.text(c.law)}" if c.law else "")
                for c in activity.special_conditions
            ],
            conditions=[
                _(CONDITION_LABELS[c.condition])
                + (f" — {_('Legal provision:')} {lang.text(c.law)}" if c.law else "")
                for c in activity.special_conditions
            ],
            special_data=self.names([c for c in activity.category_entries if c.special]),
            subjects=self.names(activity.subject_entries),
            categories=[
                (lang.text(c.name), lang.article(c.special.article) if c.special else "")
                for c in activity.category_entries
            ],
            data=self.names(activity.category_entries),
            sources=self.sources(activity),
            recipients=[f"{lang.text(r.name)} ({self.role(r)})" for r in recipients],
            transfers=self.transfers(recipients),
            retention=self.retention_rows([activity]),
            measures=self.names(activity.measure_entries),
            automated=self.automated(activity),
            dpia=self.dpia(activity),
            public=_("yes") if activity.public else _("no"),
            informed_by=lang.text(activity.informed_by),
            joint_arrangement=self.arrangement(activity),
            reviewed=lang.date(activity.reviewed),
        )

    def sources(self, activity: Activity) -> list[str]:
        """Each source with the categories it provides (Art. 14(1)(d)): ``The person who places
        the order (Contact data)``; a source that names none provides any of the activity's."""
        rows = []
        for source in activity.sources:
            names = self.lang.mid_sentence(
                self.names(source.category_entries or activity.category_entries)
            )
            text = self.lang.text(source.source)
            rows.append(f"{text} ({names})" if names else text)
        return rows

    def automated(self, activity: Activity) -> str:
        """Automated decisions as the register records them: ``logic — significance``, and for a
        decision with legal or similar effects, what allows it (Art. 22(2)) and its safeguards."""
        decisions, lang = activity.automated_decisions, self.lang
        if decisions is None:
            return ""
        parts = [lang.text(decisions.logic), lang.text(decisions.significance)]
        if decisions.legal_effect:
            effect = self._("decision with legal or similarly significant effects (Art. 22(1))")
            if decisions.exception:
                effect += f"{lang.colon} {self._(REGISTER_EXCEPTION_LABELS[decisions.exception])}"
                if decisions.law:
                    effect += f", {lang.text(decisions.law)}"
            parts.append(effect)
            if decisions.safeguards:
                label = self._("safeguards:")
                parts.append(f"{label} {lang.after_colon(lang.text(decisions.safeguards))}")
        return " — ".join(parts)

    def arrangement(self, activity: Activity) -> str:
        """The Art. 26 arrangement as the register records it: its reference and contact point."""
        arrangement = activity.joint_arrangement
        if arrangement is None:
            return ""
        contact, label = self.lang.text(arrangement.contact), self._("contact point:")
        parts = [arrangement.reference or "", f"{label} {contact}" if contact else ""]
        return " — ".join(p for p in parts if p)

    @cached_property
    def decisions(self) -> list[DecisionView]:
        """The public activities' automated decisions and profiling (Art. 13(2)(f)); for a
        decision with legal or similar effects, what allows it (Art. 22(2)) and, under a
        contract or explicit consent only, human intervention and the safeguards (Art. 22(3))."""
        views = []
        for activity in self.profiling_activities:
            decisions = activity.automated_decisions
            assert decisions is not None
            logic, significance = (
                self.lang.text(decisions.logic),
                self.lang.text(decisions.significance),
            )
            if not decisions.legal_effect:
                views.append(DecisionView(activity, logic, significance))
                continue
            exception = decisions.exception
            views.append(
                DecisionView(
                    activity,
                    logic,
                    significance,
                    self._(EXCEPTION_LABELS[exception]) % {"law": self.lang.text(decisions.law)}
                    if exception
                    else "",
                    exception in (DecisionBasis.CONTRACT, DecisionBasis.EXPLICIT_CONSENT),
                    self.lang.text(decisions.safeguards),
                )
            )
        return views

    # --- recipients and transfers --------------------------------------------------------------

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
            country: str,
            decision: Adequacy | None,
            mechanism: Mechanism,
            cited: str,
            point: str | None = None,
        ) -> TransferView:
            adequacy = self.decision(decision.decision) if decision else ""
            safeguard = self.mechanism(mechanism, point)
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
                self.ground(mechanism, adequacy, safeguard, cited),
                mechanism in SAFEGUARDS,
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
                rows.append(view(recipient.country, decision, Mechanism.ADEQUACY, named))
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
                    transfer.mechanism,
                    lang.text(transfer.reference)
                    or (named if transfer.mechanism in (Mechanism.ADEQUACY, Mechanism.DPF) else ""),
                    transfer.derogation,
                )
            )
        return rows

    def ground(self, mechanism: Mechanism, decision: str, label: str, cited: str) -> str:
        """The ground of a transfer as the public page states it: ``adequacy decision (GDPR
        Art. 45): Commission Implementing Decision (EU) 2023/1795``, or the safeguard or
        derogation relied on, with its reference; never an adequacy decision called a
        safeguard."""
        if decision and mechanism is Mechanism.ADEQUACY:
            ground = self._(ADEQUACY_GROUND) % {"decision": decision}
        elif decision and mechanism is Mechanism.DPF:
            ground = self._(DPF_GROUND) % {"decision": decision}
        else:
            ground = label
        # a dash, not a parenthesis: the ground itself often ends with one ("(Data Privacy Framework)")
        return f"{ground} — {cited}" if cited not in ("", decision) else ground

    @cached_property
    def public_transfers(self) -> list[TransferView]:
        return self.transfers(self.public_recipients)

    @cached_property
    def public_safeguards(self) -> bool:
        """Whether a public transfer rests on an Art. 46 safeguard: only then does the page say
        how to obtain a copy of the safeguards (Art. 13(1)(f))."""
        return any(t.safeguarded for t in self.public_transfers)

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

    def cookie_provider(self, cookie: Cookie) -> str:
        if cookie.provider_entry is None:
            return self.organization.name
        return self.lang.text(cookie.provider_entry.name)

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
