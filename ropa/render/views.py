"""What the documents print, computed once: a legal basis, a transfer, a retention period, an
activity's register entry, in one language's words (built by :class:`~ropa.render.document.Document`)."""

from __future__ import annotations

from dataclasses import dataclass

from ropa.model.activities import Activity, LegalBasis, Retention
from ropa.model.definitions import DataCategory
from ropa.model.recipients import Recipient


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
    safeguard: str  # the mechanism relied on, as the register names it
    reference: str
    line: str = ""  # "Recipient: Country — mechanism (reference)", for the register
    #: When the decision rests on reference data not confirmed against the official text, a note
    #: saying so, for the register's annex; "" otherwise.
    unconfirmed: str = ""
    #: The ground of the transfer as the public page states it: the adequacy decision (Art. 45)
    #: or the safeguard (Art. 46) or derogation (Art. 49) relied on, with its reference.
    ground: str = ""
    #: Whether it rests on an appropriate safeguard (Art. 46, 47), of which people may obtain
    #: a copy (Art. 13(1)(f)).
    safeguarded: bool = False


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
    special_conditions: list[str]  # "employment and social security law (Art. 9(2)(b)) (...)"
    #: The Art. 9(2) or Art. 10 conditions as the public page states them, with their law.
    conditions: list[str]
    special_data: str  # the names of the special categories processed
    subjects: str
    categories: list[tuple[str, str]]  # (name, its special article or "")
    data: str  # the categories' names, as a list in words
    sources: list[str]  # "source (the categories it provides)"
    recipients: list[str]  # "Name (role)"
    transfers: list[TransferView]
    retention: list[RetentionView]
    measures: str
    automated: str  # "logic — significance", or ""
    dpia: str
    public: str  # yes / no
    informed_by: str  # how the people of an activity kept off the public page are told
    joint_arrangement: str  # "reference — contact point: ...", for the register
    reviewed: str


@dataclass(frozen=True)
class DecisionView:
    """Automated decisions or profiling as the public page states them (Art. 13(2)(f), 22)."""

    activity: Activity
    logic: str
    significance: str
    #: For a decision with legal or similarly significant effects (Art. 22(1)): what allows it
    #: (Art. 22(2)), and whether the person may obtain human intervention (Art. 22(3): under a
    #: contract or explicit consent only); "" and False otherwise.
    exception: str = ""
    human_intervention: bool = False
    safeguards: str = ""


@dataclass(frozen=True)
class CategoryGroup:
    """Recipients that the public page shows under one category."""

    name: str
    recipients: list[Recipient]
