"""The controller: who we are and where complaints go (Art. 13(1)(a)-(b), 77)."""

from __future__ import annotations

from pydantic import Field

from ropa.model.base import Entry, Model
from ropa.model.types import Country, Email, Name, Str, Url


class Address(Model):
    """A postal address."""

    street: Str = Field(description="street and number", examples=["40 rue de Cléry"])
    postal_code: Str = Field(description="postal code, as a string", examples=["75002"])
    city: Str = Field(description="city", examples=["Paris"])
    region: Str | None = Field(default=None, description="region or state, where one is used")
    country: Country = Field(description="ISO 3166-1 alpha-2 country code", examples=["FR"])


class Person(Model):
    """A named person with a role, such as the legal representative."""

    name: Str = Field(description="full name")
    role: Name | None = Field(default=None, description="position, e.g. President")


class Contact(Person):
    """The person responsible for the processing, with an email address."""

    email: Email | None = Field(default=None, description="email address")


class Officer(Model):
    """A data protection officer (Art. 37-39); `email` or `address` is required."""

    name: Str | None = Field(default=None, description="name, where it is published")
    email: Email | None = Field(default=None, description="email address")
    address: Address | None = Field(default=None, description="postal address")


class Representative(Model):
    """A representative in the EU or UK for a controller established outside it (Art. 27)."""

    name: Str = Field(description="name of the representative")
    email: Email | None = Field(default=None, description="email address")
    address: Address | None = Field(default=None, description="postal address")


class Authority(Model):
    """The supervisory authority complaints go to (Art. 77)."""

    name: Str = Field(description="name, e.g. CNIL", examples=["CNIL"])
    url: Url | None = Field(default=None, description="website")
    address: Address | None = Field(default=None, description="postal address")
    country: Country = Field(description="ISO 3166-1 alpha-2 country code")


class Organization(Entry):
    """The controller (Art. 4(7)): identity and contact details (Art. 13(1)(a))."""

    name: Str = Field(description="legal name", examples=["My Little Day"])
    legal_form: Str | None = Field(default=None, description="e.g. SAS, GmbH, Ltd")
    registration: Str | None = Field(default=None, description="e.g. RCS Paris 123 456 789")
    address: Address = Field(description="postal address (Art. 13(1)(a))")
    email: Email = Field(description="contact address for data protection")
    phone: Str | None = Field(default=None, description="telephone")
    website: Str | None = Field(default=None, description="website")
    privacy_contact: Contact | None = Field(
        default=None, description="person responsible for the processing"
    )
    legal_representative: Person | None = Field(
        default=None, description="legal representative, e.g. the president"
    )
    dpo: Officer | None = Field(default=None, description="data protection officer (Art. 37)")
    eu_representative: Representative | None = Field(
        default=None, description="EU representative (Art. 27)"
    )
    uk_representative: Representative | None = Field(
        default=None, description="UK representative (UK GDPR Art. 27)"
    )
    supervisory_authority: Authority = Field(description="where complaints go (Art. 77)")
