"""Pydantic's validation errors as findings: the one place that translation happens."""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Sequence
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ropa.display import shown as bounded
from ropa.findings import Finding, Position
from ropa.model.types import shown
from ropa.rules.files import INVALID_VALUE, MISSING_FIELD, UNKNOWN_FIELD
from ropa.vocabulary import describe, did_you_mean

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


def findings_from_error(
    error: ValidationError, prefix: Path, model: type[BaseModel], locate: Locate
) -> list[Finding]:
    """Every error of one model validation, as findings at the place the user wrote."""
    findings = []
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
                message = f"{describe(path[:-1])} lacks required key '{bounded(key)}'" + (
                    f" ({hint})" if hint else ""
                )
            findings.append(MISSING_FIELD.finding(locate(path), message))
        elif kind == "extra_forbidden":
            key = str(rel[-1])
            suggestion = did_you_mean(key, known_keys(model, rel[:-1]))
            message = f"unknown key '{bounded(key)}' in {describe(path[:-1])}{suggestion}"
            findings.append(UNKNOWN_FIELD.finding(locate(path), message))
        else:
            findings.append(
                INVALID_VALUE.finding(
                    locate(path, value=True),
                    _invalid_message(detail, path),
                )
            )
    return findings


def _invalid_message(detail: ErrorDetails, path: Path) -> str:
    kind = detail["type"]
    where = describe(path)
    value = detail.get("input")
    if kind == "invalid_value":
        message = detail["msg"]
        if message.startswith("expected") and ", not " not in message:  # from pydantic-core
            message += f", not {shown(value)}"
        return f"{where}: {message}"
    if kind == "enum":
        choices = _choices(detail)
        written = value if isinstance(value, str) else type(value).__name__
        return (
            f"{where}: '{bounded(written)}' is not allowed; write one of: {', '.join(choices)}"
            f"{did_you_mean(str(written), choices)}"
        )
    if kind in ("list_type", "tuple_type"):
        return f"{where}: expected a list (e.g. [a, b] or one '- item' per line)"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{where}: expected a mapping of keys and values"
    if kind == "too_short":
        return f"{where}: needs at least one item"
    return f"{where}: {detail['msg']}"
