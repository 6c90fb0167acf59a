"""Things activities refer to: data subjects, data categories and security measures."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from ropa.model.base import Entry
from ropa.model.types import Markdown, Text


class DataSubject(Entry):
    """A category of people whose data is processed (Art. 30(1)(c))."""

    name: Text = Field(description="e.g. Customers")
    description: Text | None = Field(default=None, description="who they are")


class SpecialCategory(StrEnum):
    """Special categories of personal data (Art. 9(1)) and criminal data (Art. 10)."""

    RACIAL_OR_ETHNIC_ORIGIN = "racial_or_ethnic_origin"
    POLITICAL_OPINIONS = "political_opinions"
    RELIGIOUS_OR_PHILOSOPHICAL_BELIEFS = "religious_or_philosophical_beliefs"
    TRADE_UNION_MEMBERSHIP = "trade_union_membership"
    GENETIC = "genetic"
    BIOMETRIC = "biometric"
    HEALTH = "health"
    SEX_LIFE_OR_ORIENTATION = "sex_life_or_orientation"
    CRIMINAL_CONVICTIONS = "criminal_convictions"

    @property
    def article(self) -> str:
        return "Art. 10" if self is SpecialCategory.CRIMINAL_CONVICTIONS else "Art. 9(1)"


class DataCategory(Entry):
    """A category of personal data (Art. 30(1)(c))."""

    name: Text = Field(description="e.g. Identification data")
    description: Text | None = Field(default=None, description="what it covers")
    examples: list[Text] = Field(default_factory=list, description="e.g. name, email address")
    special: SpecialCategory | None = Field(
        default=None, description="the special category (Art. 9(1)) or criminal data (Art. 10)"
    )


class MeasureType(StrEnum):
    """Whether a security measure is technical or organisational (Art. 32(1))."""

    TECHNICAL = "technical"
    ORGANISATIONAL = "organisational"


class SecurityMeasure(Entry):
    """A technical or organisational security measure (Art. 30(1)(g), 32)."""

    name: Text = Field(description="e.g. Encryption in transit")
    type: MeasureType = Field(description="technical or organisational")
    description: Markdown | None = Field(default=None, description="details")
