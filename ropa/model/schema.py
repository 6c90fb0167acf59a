"""The JSON Schema (draft 2020-12) of a declaration file, generated from the models.

Editors use it for completion and hover help (the YAML language server reads it from a
``# yaml-language-server: $schema=...`` line). It describes one file: any of the sections, each
entry keyed by its id. What needs the whole register (references, rules) stays ``ropa validate``'s.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ropa.loader import COOKIE_ID_PATTERN, ID_PATTERN
from ropa.model.activities import Activity
from ropa.model.cookies import Cookie
from ropa.model.definitions import DataCategory, DataSubject, SecurityMeasure
from ropa.model.organization import Organization
from ropa.model.policy import Policy
from ropa.model.recipients import Recipient

EntryId = Annotated[str, StringConstraints(pattern=f"^{ID_PATTERN.pattern}$")]
CookieName = Annotated[str, StringConstraints(pattern=f"^{COOKIE_ID_PATTERN.pattern}$")]


class DeclarationFile(BaseModel):
    """A ropa declaration file (format version 1): any of the sections; the same section in
    several files is merged."""

    model_config = ConfigDict(extra="forbid", title="ropa declaration file")

    organization: Organization | None = Field(
        default=None, description="the controller (one, required in the register)"
    )
    policy: Policy | None = Field(
        default=None, description="the public page (one, required in the register)"
    )
    data_subjects: dict[EntryId, DataSubject] | None = Field(
        default=None, description="whose data: id → entry"
    )
    data_categories: dict[EntryId, DataCategory] | None = Field(
        default=None, description="which data: id → entry"
    )
    recipients: dict[EntryId, Recipient] | None = Field(
        default=None, description="who receives it: id → entry"
    )
    security_measures: dict[EntryId, SecurityMeasure] | None = Field(
        default=None, description="technical and organisational measures: id → entry"
    )
    activities: dict[EntryId, Activity] | None = Field(
        default=None, description="processing activities, one purpose each: id → entry"
    )
    cookies: dict[CookieName, Cookie] | None = Field(
        default=None, description="cookies and trackers, keyed by the cookie's name"
    )


def json_schema() -> dict[str, Any]:
    """The schema as a dict, with its draft."""
    schema = DeclarationFile.model_json_schema(mode="validation")
    for section in schema["properties"].values():
        for variant in section.get("anyOf", []):
            if "patternProperties" in variant:
                variant["additionalProperties"] = False  # an id of the wrong form is an error
    # A special condition may be written as its bare letter (`special_conditions: [a]`).
    activity = schema["$defs"]["Activity"]["properties"]["special_conditions"]
    activity["items"] = {
        "anyOf": [{"$ref": "#/$defs/Condition"}, {"$ref": "#/$defs/SpecialCondition"}]
    }
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def json_schema_text() -> str:
    """The schema as the text ``ropa schema`` prints and the package ships."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
