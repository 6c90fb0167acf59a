"""The controller: who we are and where complaints go (Art. 13(1)(a)-(b), 27, 37, 77)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationInfo,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from ropa.model.base import Entry, Model
from ropa.model.types import Country, Email, Name, Str, Url, invalid, shown


class PostalAddress(Model):
    """A postal address written as a mapping; `region` is optional."""

    street: Str = Field(description="street and number", examples=["40 rue de Cléry"])
    postal_code: Str = Field(description="postal code, as a string", examples=["75002"])
    city: Str = Field(description="city", examples=["Paris"])
    region: Str | None = Field(default=None, description="region or state, where one is used")
    country: Country = Field(description="ISO 3166-1 alpha-2 country code", examples=["FR"])

    @property
    def lines(self) -> list[str]:
        """The address as it is written on an envelope, the country as its code."""
        town = f"{self.postal_code} {self.city}"
        return [self.street, town, *([self.region] if self.region else []), self.country]

    def __str__(self) -> str:
        return ", ".join(self.lines)


def address_lines(address: PostalAddress | str) -> list[str]:
    """The lines of an address in either form: a mapping's parts, or the lines of one string."""
    return address.lines if isinstance(address, PostalAddress) else address.splitlines()


def parse_address(value: Any, info: ValidationInfo) -> PostalAddress | str:
    """A mapping (validated as a :class:`PostalAddress`) or one string, on one line or several."""
    if isinstance(value, PostalAddress):
        return value
    if isinstance(value, dict):
        return PostalAddress.model_validate(value, context=info.context)
    if isinstance(value, str):
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        if not lines:
            raise PydanticCustomError("missing", "blank address")
        return "\n".join(lines)
    raise invalid(
        "expected an address: one string, or a mapping of street, postal_code, city and "
        f"country (region optional), not {shown(value)}"
    )


@dataclass(frozen=True, slots=True)
class _AddressSchema:
    """Validation by :func:`parse_address`; editors see a mapping or a string."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.with_info_plain_validator_function(
            parse_address,
            json_schema_input_schema=handler.generate_schema(PostalAddress | str),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda a: a if isinstance(a, str) else a.model_dump(mode="json")
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: Any, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return handler(schema)


#: A postal address: a mapping (:class:`PostalAddress`), or one string on one line or several.
Address = Annotated[PostalAddress | str, _AddressSchema()]


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
    address: Address | None = Field(
        default=None, description="postal address: a mapping, or one string (lines allowed)"
    )


class Representative(Model):
    """A representative in the EU or UK for a controller established outside it (Art. 27);
    `name` and an `email` or `address` are required."""

    name: Str = Field(description="name of the representative")
    email: Email | None = Field(default=None, description="email address")
    address: Address | None = Field(
        default=None, description="postal address: a mapping, or one string (lines allowed)"
    )


class Authority(Model):
    """The supervisory authority complaints go to (Art. 77)."""

    name: Str = Field(description="name, e.g. CNIL", examples=["CNIL"])
    url: Url | None = Field(default=None, description="website")
    address: Address | None = Field(
        default=None,
        description="postal address: a mapping, or one string (lines allowed)",
        examples=["3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07"],
    )
    country: Country = Field(description="ISO 3166-1 alpha-2 country code")


class Organization(Entry):
    """The controller (Art. 4(7)): identity and contact details (Art. 13(1)(a))."""

    name: Str = Field(description="legal name", examples=["My Little Day"])
    legal_form: Str | None = Field(default=None, description="e.g. SAS, GmbH, Ltd")
    registration: Str | None = Field(default=None, description="e.g. RCS Paris 123 456 789")
    address: PostalAddress = Field(
        description="postal address (Art. 13(1)(a)), as a mapping: its country decides which "
        "Member State's law the documents cite"
    )
    email: Email = Field(description="contact address for data protection")
    phone: Str | None = Field(default=None, description="telephone")
    website: Str | None = Field(default=None, description="website")
    privacy_contact: Contact | None = Field(
        default=None, description="person responsible for the processing"
    )
    legal_representative: Person | None = Field(
        default=None, description="legal representative, e.g. the president"
    )
    dpo: Officer | None = Field(
        default=None, description="data protection officer, where appointed (Art. 37)"
    )
    eu_representative: Representative | None = Field(
        default=None, description="EU representative, for a controller outside the EU (Art. 27)"
    )
    uk_representative: Representative | None = Field(
        default=None,
        description="UK representative, for a controller outside the UK (UK GDPR Art. 27)",
    )
    supervisory_authority: Authority = Field(description="where complaints go (Art. 77)")

    @field_validator("address", mode="before")
    @classmethod
    def _mapping(cls, value: Any) -> Any:
        """The controller's address is read part by part (its country decides the law cited)."""
        if not isinstance(value, dict | PostalAddress):
            raise invalid(
                "the controller's address must be a mapping, since its country decides which "
                "Member State's law the documents cite: write {street: ..., postal_code: ..., "
                "city: ..., country: FR} with its ISO country code (region: optional)"
            )
        return value
