"""The base every declaration model shares: strict, documented, blank values read as absent."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from ropa.model.types import Date, Str, Text


class Model(BaseModel):
    """A part of a declaration. Unknown keys are errors.

    Blank values (``name:`` or ``name: " "``) count as absent: the loader leaves them out.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=False,
        populate_by_name=False,
        validate_default=False,
        arbitrary_types_allowed=False,
    )


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
    #: For an entry validated after invalid list items were removed: list path → the indices
    #: (as written) of the items kept, so that findings point at the right item.
    _kept: dict[tuple[str | int, ...], list[int]] = PrivateAttr(default_factory=dict)
    #: The places (as written) whose invalid values were removed before the rules ran.
    _removed: set[tuple[str | int, ...]] = PrivateAttr(default_factory=set)

    @property
    def id(self) -> str:
        """The id the entry is keyed by in its section."""
        return self._id
