"""The base every declaration model shares: strict, documented, blank values read as absent."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from ropa.model.types import Date, Str, Text


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class Model(BaseModel):
    """A part of a declaration. Unknown keys are errors; a blank value counts as absent."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=False,
        populate_by_name=False,
        validate_default=False,
        use_attribute_docstrings=True,
        arbitrary_types_allowed=False,
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_blank(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not _blank(v)}
        return data


class Waiver(Model):
    """Silences one rule for the entry that carries it, with a reason (accountability, Art. 5(2))."""

    rule: Str = Field(description="id of the rule to silence, e.g. dpia-undecided")
    reason: Text = Field(description="why the rule does not apply here; listed in the register")
    until: Date | None = Field(
        default=None, description="date after which the rule fires again (YYYY-MM-DD)"
    )


class Entry(Model):
    """An entry of a section (or a single section): it may carry waivers and knows its id."""

    waivers: list[Waiver] = Field(
        default_factory=list, description="rules silenced for this entry, each with a reason"
    )
    _id: str = PrivateAttr(default="")

    @property
    def id(self) -> str:
        """The id the entry is keyed by in its section."""
        return self._id
