"""Processing activities: one purpose each, with everything Art. 13-14 and 30 ask about it."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, Field, PrivateAttr, field_validator

from ropa.model.base import Entry, Model
from ropa.model.definitions import DataCategory, DataSubject, SecurityMeasure
from ropa.model.organization import Address
from ropa.model.recipients import Recipient
from ropa.model.types import Bool, Date, Duration, Email, Markdown, Name, Refs, Str, Text


class ActivityRole(StrEnum):
    """Our role in an activity; `processor` activities go to the Art. 30(2) register only."""

    CONTROLLER = "controller"
    JOINT_CONTROLLER = "joint_controller"
    PROCESSOR = "processor"


class Basis(StrEnum):
    """The lawful bases of Art. 6(1)(a) to (f)."""

    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    VITAL_INTERESTS = "vital_interests"
    PUBLIC_TASK = "public_task"
    LEGITIMATE_INTERESTS = "legitimate_interests"

    @property
    def article(self) -> str:
        return "Art. 6(1)(" + "abcdef"[list(Basis).index(self)] + ")"


class LegalBasis(Model):
    """A lawful basis for an activity (Art. 6(1)), with what that basis needs."""

    basis: Basis = Field(description="consent, contract, legal_obligation, ... (Art. 6(1))")
    categories: Refs = Field(
        default_factory=list,
        description="data category ids this basis covers, each of the activity's own; default "
        "all of them. Say which basis covers which data when there are several",
    )
    interest: Text | None = Field(
        default=None, description="the legitimate interest pursued (Art. 13(1)(d))"
    )
    balancing_test: Name | None = Field(
        default=None, description="reference of the documented balancing test"
    )
    law: Name | None = Field(
        default=None, description="the law behind a legal obligation or public task (Art. 6(3))"
    )
    withdrawal: Text | None = Field(
        default=None, description="how consent is withdrawn (Art. 7(3))"
    )
    _categories: list[DataCategory] = PrivateAttr(default_factory=list)

    @property
    def category_entries(self) -> list[DataCategory]:
        """The data categories this basis covers, resolved."""
        return self._categories


def _text_or_source(schema: dict[str, Any]) -> None:
    """Editors accept a source written as a Text, as the model does."""
    schema["items"] = {"anyOf": [Text.__get_pydantic_json_schema__(None, None), schema["items"]]}  # type: ignore[arg-type]


def _is_source_mapping(value: Any) -> bool:
    """Whether a `sources` item is written as ``{source, categories}`` rather than as a Text."""
    return isinstance(value, dict) and any(k in value for k in ("source", "categories"))


#: Art. 9(2) points; those that rest on Union or Member State law must name it.
NEEDS_LAW = frozenset({"b", "g", "h", "i", "j", "art10"})


class Condition(StrEnum):
    """A condition for special-category data: Art. 9(2)(a)-(j), or Art. 10."""

    A = "a"
    B = "b"
    C = "c"
    D = "d"
    E = "e"
    F = "f"
    G = "g"
    H = "h"
    I = "i"  # noqa: E741  # the letter of Art. 9(2)(i)
    J = "j"
    ART10 = "art10"

    @property
    def article(self) -> str:
        return "Art. 10" if self is Condition.ART10 else f"Art. 9(2)({self.value})"


class SpecialCondition(Model):
    """An Art. 9(2) condition (written as its letter) or `{condition: art10, law: ...}`."""

    condition: Condition = Field(description="Art. 9(2) letter a..j, or art10")
    law: Name | None = Field(
        default=None, description="Union or Member State law it rests on (b, g, h, i, j, art10)"
    )

    @field_validator("condition", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value


class Requirement(StrEnum):
    """Whether providing the data is required (Art. 13(2)(e))."""

    STATUTORY = "statutory"
    CONTRACTUAL = "contractual"
    PRECONDITION = "precondition"
    VOLUNTARY = "voluntary"


class Provision(Model):
    """Whether the person must provide the data, and what happens if not (Art. 13(2)(e))."""

    requirement: Requirement = Field(description="statutory, contractual, precondition, voluntary")
    consequence: Text | None = Field(default=None, description="what happens if it is not given")


class Then(StrEnum):
    """What happens to data when its retention period ends."""

    DELETE = "delete"
    ANONYMISE = "anonymise"
    ARCHIVE = "archive"


class Retention(Model):
    """How long data is kept (Art. 5(1)(e), 13(2)(a), 30(1)(f))."""

    model_config = ConfigDict(populate_by_name=True)

    period: Duration | None = Field(default=None, description="e.g. 3 years, P13M")
    criteria: Text | None = Field(
        default=None, description="how the period is set, when no fixed period can be given"
    )
    from_: Text | None = Field(
        default=None, alias="from", description="the event that starts the period"
    )
    categories: Refs = Field(
        default_factory=list,
        description="data category ids concerned, each of the activity's own; default all of them",
    )
    reference: Name | None = Field(
        default=None, description="the law or standard behind the period"
    )
    then: Then = Field(default=Then.DELETE, description="delete, anonymise or archive")
    _categories: list[DataCategory] = PrivateAttr(default_factory=list)

    @property
    def category_entries(self) -> list[DataCategory]:
        """The data categories this period covers, resolved."""
        return self._categories


class DecisionBasis(StrEnum):
    """What allows a decision based solely on automated processing with legal or similarly
    significant effects (Art. 22(2)(a)-(c))."""

    CONTRACT = "contract"
    """Art. 22(2)(a): necessary for entering into, or performing, a contract with the person."""
    LAW = "law"
    """Art. 22(2)(b): authorised by Union or Member State law, which lays down safeguards."""
    EXPLICIT_CONSENT = "explicit_consent"
    """Art. 22(2)(c): the person's explicit consent."""

    @property
    def article(self) -> str:
        return "Art. 22(2)(" + "abc"[list(DecisionBasis).index(self)] + ")"


class AutomatedDecisions(Model):
    """Automated decisions or profiling (Art. 13(2)(f), 22); `logic` and `significance` are
    required, and a decision with `legal_effect` needs its `exception` (Art. 22(2))."""

    logic: Text = Field(description="the logic involved (Art. 13(2)(f))")
    significance: Text = Field(
        description="significance and envisaged consequences for the person (Art. 13(2)(f))"
    )
    legal_effect: Bool = Field(
        default=False,
        description="true when a decision based solely on automated processing has legal or "
        "similarly significant effects on the person (Art. 22(1))",
    )
    exception: DecisionBasis | None = Field(
        default=None,
        description="what allows such a decision: contract, law or explicit_consent "
        "(Art. 22(2)(a)-(c)); needed with legal_effect",
    )
    law: Name | None = Field(
        default=None,
        description="the Union or Member State law, for exception: law (Art. 22(2)(b))",
    )
    safeguards: Text | None = Field(
        default=None,
        description="the measures that protect the person, at least human intervention, "
        "expressing one's view and contesting the decision (Art. 22(3)); needed for contract "
        "and explicit_consent",
    )


class DpiaStatus(StrEnum):
    """Whether a data protection impact assessment is needed (Art. 35)."""

    NOT_REQUIRED = "not_required"
    REQUIRED = "required"
    DONE = "done"


class Dpia(Model):
    """The data protection impact assessment (Art. 35)."""

    status: DpiaStatus = Field(description="not_required, required or done")
    reference: Str | None = Field(default=None, description="where it is (required when done)")
    date: Date | None = Field(default=None, description="when it was done")


class ControllerForUs(Model):
    """The controller we act for, in a processor activity (Art. 30(2)(a))."""

    name: Text = Field(description="the controller, or the class, e.g. each customer organisation")
    email: Email | None = Field(default=None, description="contact email")
    address: Address | None = Field(
        default=None, description="postal address: a mapping, or one string (lines allowed)"
    )
    contract: Str | None = Field(default=None, description="the contract that binds us")


class JointArrangement(Model):
    """The arrangement between joint controllers (Art. 26(1)); its essence is published
    (Art. 26(2))."""

    summary: Markdown = Field(
        description="the essence of the arrangement, shown on the public page: who informs "
        "people, who answers their requests (Art. 26(2))"
    )
    reference: Str | None = Field(default=None, description="the document, e.g. JCA-2026-01")
    contact: Text | None = Field(
        default=None, description="the contact point for data subjects (Art. 26(1))"
    )


class MarketingChannel(StrEnum):
    """A channel of direct marketing. `email`, `sms` and `automated_call` are electronic
    communications that need prior consent (ePrivacy Directive 2002/58/EC Art. 13(1))."""

    EMAIL = "email"
    SMS = "sms"
    AUTOMATED_CALL = "automated_call"
    PHONE = "phone"
    POST = "post"
    ONLINE_ADS = "online_ads"
    SOCIAL = "social"


#: The channels ePrivacy Art. 13(1) subjects to prior consent.
ELECTRONIC_CHANNELS = frozenset(
    {MarketingChannel.EMAIL, MarketingChannel.SMS, MarketingChannel.AUTOMATED_CALL}
)
#: The "electronic mail" (Art. 2(h): SMS included) for which Art. 13(2) allows a soft opt-in.
SOFT_OPT_IN_CHANNELS = frozenset({MarketingChannel.EMAIL, MarketingChannel.SMS})


class Source(Model):
    """Where data comes from when not from the person (Art. 14(1)(d), 14(2)(f)): written as a
    Text, or as `{source, categories}` to say which data categories come from it."""

    source: Text = Field(description="the source, e.g. the customer who places the order")
    categories: Refs = Field(
        default_factory=list,
        description="data category ids obtained from this source, each of the activity's own; "
        "the others come from the person",
    )
    _categories: list[DataCategory] = PrivateAttr(default_factory=list)

    @property
    def category_entries(self) -> list[DataCategory]:
        """The data categories obtained from this source, resolved (empty when not said)."""
        return self._categories


class Activity(Entry):
    """A processing activity: one purpose (Art. 30(1)(b))."""

    name: Text = Field(description="the purpose, as the public reads it")
    description: Markdown | None = Field(default=None, description="details")
    role: ActivityRole = Field(default=ActivityRole.CONTROLLER, description="our role")
    controller: ControllerForUs | None = Field(
        default=None, description="the controller we act for (processor activities)"
    )
    joint_controllers: Refs = Field(
        default_factory=list, description="recipients that are joint controllers (Art. 26)"
    )
    joint_arrangement: JointArrangement | None = Field(
        default=None,
        description="the Art. 26 arrangement with the joint controllers: its essence, the "
        "document, the contact point",
    )
    owner: Name | None = Field(default=None, description="internal team accountable")
    legal_bases: list[LegalBasis] = Field(
        default_factory=list, description="one or more lawful bases (Art. 6(1))"
    )
    special_conditions: list[SpecialCondition] = Field(
        default_factory=list, description="Art. 9(2) letters, or {condition: art10, law: ...}"
    )
    data_subjects: Refs = Field(min_length=1, description="data subject ids")
    data_categories: Refs = Field(default_factory=list, description="data category ids")
    sources: list[Source] = Field(
        default_factory=list,
        description="where data comes from when not from the person: a text, or {source, "
        "categories} naming the categories it provides (Art. 14(1)(d), 14(2)(f))",
        json_schema_extra=_text_or_source,
    )
    marketing_channels: list[MarketingChannel] = Field(
        default_factory=list,
        description="direct marketing and its channels; the page then states the unconditional "
        "right to object (Art. 21(2)-(3))",
    )
    soft_opt_in: Bool = Field(
        default=False,
        description="email or SMS marketing to existing customers for similar products, with an "
        "easy opt-out at collection and in every message (ePrivacy Directive Art. 13(2))",
    )
    provision: Provision | None = Field(
        default=None, description="whether providing the data is required (Art. 13(2)(e))"
    )
    recipients: Refs = Field(default_factory=list, description="recipient ids")
    retention: list[Retention] = Field(
        default_factory=list, description="retention periods (Art. 5(1)(e))"
    )
    security_measures: Refs = Field(default_factory=list, description="security measure ids")
    automated_decisions: AutomatedDecisions | None = Field(
        default=None, description="only if Art. 22 decisions or profiling happen"
    )
    dpia: Dpia | None = Field(default=None, description="impact assessment status (Art. 35)")
    public: Bool = Field(default=True, description="false keeps it out of the public page")
    informed_by: Text | None = Field(
        default=None,
        description="for an activity kept off the public page: how its data subjects are "
        "informed instead, e.g. the employee privacy notice given at hiring (Art. 13, 14)",
    )
    reviewed: Date | None = Field(default=None, description="date of the last review")
    notes: Markdown | None = Field(default=None, description="internal notes, never published")

    _subjects: list[DataSubject] = PrivateAttr(default_factory=list)
    _categories: list[DataCategory] = PrivateAttr(default_factory=list)
    _recipients: list[Recipient] = PrivateAttr(default_factory=list)
    _measures: list[SecurityMeasure] = PrivateAttr(default_factory=list)
    _joint: list[Recipient] = PrivateAttr(default_factory=list)

    @field_validator("special_conditions", mode="before")
    @classmethod
    def _letters(cls, value: Any) -> Any:
        """A bare letter stands for ``{condition: letter}``."""
        if isinstance(value, list):
            return [{"condition": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("sources", mode="before")
    @classmethod
    def _texts(cls, value: Any) -> Any:
        """A source written as a Text (a string, or ``{en: ..., fr: ...}``) stands for
        ``{source: text}``."""
        if isinstance(value, list):
            return [v if _is_source_mapping(v) else {"source": v} for v in value]
        return value

    @property
    def subject_entries(self) -> list[DataSubject]:
        return self._subjects

    @property
    def category_entries(self) -> list[DataCategory]:
        return self._categories

    @property
    def recipient_entries(self) -> list[Recipient]:
        return self._recipients

    @property
    def measure_entries(self) -> list[SecurityMeasure]:
        return self._measures

    @property
    def joint_controller_entries(self) -> list[Recipient]:
        return self._joint
