"""Pydantic's validation errors as findings: the one place that translation happens."""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ropa.display import shown as bounded
from ropa.findings import Finding, Position
from ropa.loader import ID_PATTERN, Locator
from ropa.model.types import Duration, Name, Text, shown
from ropa.rules.files import INVALID_VALUE, MISSING_FIELD, UNKNOWN_FIELD
from ropa.vocabulary import (
    REFERENCES,
    SINGULAR,
    describe,
    did_you_mean,
    suggest_id,
    text_example,
)

Path = tuple[str | int, ...]
Locate = Callable[..., Position]


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is not None and getattr(origin, "__name__", "") == "Annotated":
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            annotation = members[0]
        else:
            return annotation


def _walk(model: type[BaseModel], rel: Sequence[str | int]) -> tuple[Any, str] | None:
    """The annotation at ``rel`` (relative to ``model``) and its field's description, or None
    when ``rel`` leads outside the models."""
    annotation: Any = model
    description = ""
    for step in rel:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            fields = {(f.alias or n): f for n, f in annotation.model_fields.items()}
            field = fields.get(step) if isinstance(step, str) else None
            if field is None:
                return None
            annotation, description = field.annotation, field.description or ""
        elif get_origin(annotation) in (list, dict):
            annotation, description = get_args(annotation)[-1], ""
        else:
            return None
    return annotation, description


def known_keys(model: type[BaseModel], rel: Sequence[str | int]) -> list[str]:
    """The keys a mapping at ``rel`` (relative to ``model``) may hold, for "did you mean"."""
    found = _walk(model, rel)
    annotation = _unwrap(found[0]) if found else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [f.alias or n for n, f in annotation.model_fields.items()]
    return []


def _description(model: type[BaseModel], rel: Sequence[str | int]) -> str:
    found = _walk(model, rel)
    return found[1] if found else ""


def _choices(error: ErrorDetails) -> list[str]:
    expected = str((error.get("ctx") or {}).get("expected", ""))
    return re.findall(r"'([^']*)'", expected)


#: What a reference to a section looks like when the register has no entry to show.
_ID_EXAMPLES = {
    "data_subjects": "customers",
    "data_categories": "identity",
    "recipients": "hosting",
    "security_measures": "encryption",
    "activities": "analytics",
}
#: Keys people write for an address's parts, and the format's names for them.
_SYNONYMS = {
    "zip": "postal_code",
    "zipcode": "postal_code",
    "zip_code": "postal_code",
    "postcode": "postal_code",
    "post_code": "postal_code",
    "postal": "postal_code",
    "code_postal": "postal_code",
    "cp": "postal_code",
    "town": "city",
    "ville": "city",
    "locality": "city",
    "state": "region",
    "province": "region",
    "county": "region",
    "address": "street",
    "line1": "street",
    "address_line_1": "street",
    "street_address": "street",
    "rue": "street",
    "adresse": "street",
    "pays": "country",
    "country_code": "country",
}
#: How pydantic-core words a value that is not an id (``types.Id``).
_NOT_AN_ID = "expected an id"
#: A duration to show for a key that holds one.
_DURATIONS = {"lifetime": "13 months", "period": "3 years"}
#: What a value of a choice means, where its name alone does not say it.
_CHOICES_SAID = {
    "consent": "required (the tracker needs the person's prior consent) or exempt (it is "
    "strictly necessary)",
}
#: Up to this many keys, an unknown key is told all the keys its mapping takes.
_FEW_KEYS = 8


def referenced_section(path: Path) -> str | None:
    """The section whose ids the value at ``path`` names, if it is a reference."""
    keys = [step for step in path[2:] if isinstance(step, str)]
    if not path or not keys:
        return None
    if path[0] == "cookies" and len(keys) == 1:
        return REFERENCES["cookies"].get(keys[0])
    if path[0] == "activities" and (len(keys) == 1 or keys[-1] == "categories"):
        return REFERENCES["activities"].get(keys[-1])
    return None


class _Register:
    """What the file says beyond the entry being validated: the ids it defines, its languages."""

    def __init__(self, locate: Locate) -> None:
        self.sections: dict[str, Any] = (
            locate.source.sections if isinstance(locate, Locator) else {}
        )

    def ids(self, section: str) -> list[str]:
        entries = self.sections.get(section)
        names = entries if isinstance(entries, dict) else {}
        return [str(name) for name in names if ID_PATTERN.fullmatch(str(name))]

    @property
    def languages(self) -> list[str]:
        policy = self.sections.get("policy")
        languages = policy.get("languages") if isinstance(policy, dict) else None
        if not isinstance(languages, list):
            return []
        return [code for code in languages if isinstance(code, str)]

    def example_id(self, section: str, written: Any = None) -> str:
        """An id of ``section`` to suggest: the register's closest to ``written``, its first, or
        (when it has none) one made from ``written`` or a usual one."""
        ids = self.ids(section)
        guess = suggest_id(written) if isinstance(written, str) else ""
        if ids:
            # 'Google' is 'google-analytics' rather than the first id: a word of the id first
            worded = [i for i in ids if guess and guess in re.split(r"[-_]", i)]
            if worded:
                return worded[0]
            close = did_you_mean(guess or str(written), ids)
            return close.split("'")[1] if close else ids[0]
        return guess if ID_PATTERN.fullmatch(guess) else _ID_EXAMPLES.get(section, "an-id")


def _reference_message(section: str, path: Path, value: Any, register: _Register) -> str:
    singular = SINGULAR[section]
    article = "an" if singular[0] in "aeiou" else "a"
    example = register.example_id(section, value)
    where = "one of those" if register.ids(section) else "to be defined"
    also = ", or first_party" if path[-1] == "provider" else ""
    return (
        f"expected {article} {singular} id such as '{example}' ({where} under {section}:){also}, "
        f"not {shown(value)}"
    )


def _missing_hint(model: type[BaseModel], rel: Path, path: Path, register: _Register) -> str:
    """``; add key: value`` for a missing key, when a value can be shown that makes no finding."""
    key = str(rel[-1])
    found = _walk(model, rel)
    annotation = _unwrap(found[0]) if found else None
    section = referenced_section(path)
    if section is not None:
        also = " (or first_party)" if key == "provider" else ""
        return f"; add {key}: {register.example_id(section)}{also}"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        first, *others = (str(member.value) for member in annotation)
        rest = f" (or {', '.join(others)})" if others else ""
        return f"; add {key}: {first}{rest}"
    if isinstance(annotation, type) and issubclass(annotation, Text):
        plain = issubclass(annotation, Name)
        return f"; add {key}: {'...' if plain else text_example(register.languages)}"
    if annotation is Duration:
        return f"; add {key}: {_DURATIONS.get(key, '3 years')}"
    return ""


def findings_from_error(
    error: ValidationError, prefix: Path, model: type[BaseModel], locate: Locate
) -> list[Finding]:
    """Every error of one model validation, as findings at the place the user wrote."""
    findings = []
    register = _Register(locate)
    for detail in error.errors(include_url=False):
        rel: Path = tuple(detail["loc"])
        path = prefix + rel
        kind = detail["type"]
        if kind == "missing":
            if rel and isinstance(rel[-1], int):
                message = f"{describe(path)} is blank; write a value or remove the item"
            else:
                key = str(rel[-1]) if rel else "?"
                hint = _description(model, rel)
                message = (
                    f"{describe(path[:-1])} lacks required key '{bounded(key)}'"
                    + (f" ({hint})" if hint else "")
                    + (_missing_hint(model, rel, path, register) if rel else "")
                )
            findings.append(MISSING_FIELD.finding(locate(path), message))
        elif kind == "extra_forbidden":
            findings.append(UNKNOWN_FIELD.finding(locate(path), _unknown_message(model, rel, path)))
        else:
            findings.append(
                INVALID_VALUE.finding(
                    locate(path, value=True),
                    _invalid_message(detail, path, register),
                )
            )
    return findings


def _unknown_message(model: type[BaseModel], rel: Path, path: Path) -> str:
    key = str(rel[-1])
    keys = known_keys(model, rel[:-1])
    meant = _SYNONYMS.get(key.lower())
    suggestion = f"; write {meant} instead" if meant in keys else did_you_mean(key, keys)
    if not suggestion and 0 < len(keys) <= _FEW_KEYS:
        suggestion = f"; the keys here are {', '.join(keys)}"
    return f"unknown key '{bounded(key)}' in {describe(path[:-1])}{suggestion}"


def _invalid_message(detail: ErrorDetails, path: Path, register: _Register) -> str:
    kind = detail["type"]
    where = describe(path)
    value = detail.get("input")
    section = referenced_section(path)
    if section is not None and str(detail["msg"]).startswith(_NOT_AN_ID):
        return f"{where}: {_reference_message(section, path, value, register)}"
    if kind == "invalid_value":
        message = detail["msg"]
        if message.startswith("expected") and ", not " not in message:  # from pydantic-core
            message += f", not {shown(value)}"
        return f"{where}: {message}"
    if kind == "enum":
        choices = _choices(detail)
        written = value if isinstance(value, str) else type(value).__name__
        allowed = " or ".join(choices) if len(choices) == 2 else "one of: " + ", ".join(choices)
        allowed = _CHOICES_SAID.get(str(path[-1]), allowed)
        return (
            f"{where}: '{bounded(written)}' is not allowed; write {allowed}"
            f"{did_you_mean(str(written), choices)}"
        )
    if kind in ("list_type", "tuple_type"):
        return f"{where}: expected a list (e.g. [a, b] or one '- item' per line)"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{where}: expected a mapping of keys and values"
    if kind == "too_short":
        return f"{where}: needs at least one item"
    return f"{where}: {detail['msg']}"
