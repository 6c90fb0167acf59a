"""Recipients: who receives the data, under which contract, and transfers outside the EEA."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from ropa.model.base import Entry, Model
from ropa.model.types import Country, Date, Name, Str, Text, Url


class RecipientRole(StrEnum):
    """How a recipient stands towards the data (Art. 4(9), 26, 28)."""

    INTERNAL = "internal"
    PROCESSOR = "processor"
    JOINT_CONTROLLER = "joint_controller"
    CONTROLLER = "controller"
    AUTHORITY = "authority"
    PUBLIC = "public"


#: Roles with no place of establishment to declare.
ROLES_WITHOUT_COUNTRY = frozenset({RecipientRole.INTERNAL, RecipientRole.PUBLIC})


class Mechanism(StrEnum):
    """The ground for a transfer outside the EEA (GDPR Chapter V)."""

    ADEQUACY = "adequacy"
    """Art. 45: an adequacy decision covers the country."""
    DPF = "dpf"
    """EU-US Data Privacy Framework, Decision 2023/1795: certified US organisations only."""
    SCC = "scc"
    """Art. 46(2)(c): standard contractual clauses of Decision 2021/914."""
    BCR = "bcr"
    """Art. 47: binding corporate rules."""
    CODE_OF_CONDUCT = "code_of_conduct"
    """Art. 46(2)(e): an approved code of conduct."""
    CERTIFICATION = "certification"
    """Art. 46(2)(f): an approved certification mechanism."""
    DEROGATION = "derogation"
    """Art. 49: a derogation for a specific situation (letters a to g)."""
    SAFE_HARBOR = "safe_harbor"
    """EU-US Safe Harbour, Decision 2000/520/EC, invalidated by the CJEU (C-362/14, 6 October 2015):
    known only to be refused."""
    PRIVACY_SHIELD = "privacy_shield"
    """Invalidated by the CJEU (C-311/18, 16 July 2020): known only to be refused."""
    SCC_2010 = "scc_2010"
    """The old clauses (Decision 2010/87/EU): no longer valid after 27 December 2022."""


class Derogation(StrEnum):
    """Art. 49(1) points (a) to (g)."""

    A = "a"
    B = "b"
    C = "c"
    D = "d"
    E = "e"
    F = "f"
    G = "g"


class Dpa(Model):
    """The Art. 28(3) contract with a processor."""

    signed: Date | None = Field(default=None, description="date signed (YYYY-MM-DD)")
    reference: Name | None = Field(default=None, description="contract reference or link")


class Transfer(Model):
    """A transfer to a country outside the EEA and its safeguard (Art. 44-49)."""

    country: Country = Field(description="ISO 3166-1 alpha-2 country receiving the data")
    mechanism: Mechanism = Field(description="adequacy, dpf, scc, bcr, ... or derogation")
    reference: Name | None = Field(
        default=None, description="where the safeguard is documented, e.g. DPA annex 3"
    )
    derogation: Derogation | None = Field(
        default=None, description="Art. 49(1) letter a..g, with mechanism: derogation"
    )
    tia: Str | None = Field(
        default=None,
        description="reference of the transfer impact assessment (C-311/18; EDPB "
        "Recommendations 01/2020), for scc, bcr, code_of_conduct and certification",
    )


class Recipient(Entry):
    """A recipient or category of recipients (Art. 13(1)(e), 30(1)(d))."""

    name: Name = Field(description="e.g. Stripe Payments Europe Ltd")
    role: RecipientRole = Field(
        description="internal, processor, joint_controller, controller, ..."
    )
    category: Text = Field(
        description="how the public page groups it, e.g. payment service providers"
    )
    service: Text | None = Field(default=None, description="what it does for us")
    country: Country | None = Field(
        default=None, description="where it is established (not for internal and public)"
    )
    dpa: Dpa | None = Field(default=None, description="the Art. 28(3) contract (processors)")
    transfers: list[Transfer] = Field(
        default_factory=list,
        description="every country outside the EEA where it receives the data, with its safeguard",
    )
    privacy_policy: Url | None = Field(default=None, description="its own privacy policy")
    since: Date | None = Field(
        default=None,
        description="date it was engaged (YYYY-MM-DD), shown as 'added on' in the register and "
        "the sub-processor list",
    )
