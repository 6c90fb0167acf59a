"""Citations that have aged: a `reference` or `law` naming an instrument no longer in force (Art. 5(2))."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from ropa.display import shown
from ropa.findings import Severity
from ropa.model.register import Register
from ropa.model.types import Text
from ropa.reference import Citation
from ropa.rules.base import Context, Hit, Path, rule
from ropa.vocabulary import describe

#: The keys whose value cites a law or a standard, wherever they appear in the format.
CITING_KEYS = frozenset({"reference", "law"})


def citing_values(value: Any, path: Path) -> Iterator[tuple[Path, list[str]]]:
    """Every `reference` and `law` inside ``value``, with its path (YAML keys) and its strings,
    one a language for a value written per language."""
    if isinstance(value, BaseModel):
        for name, key, citing in _fields(type(value)):
            inner = getattr(value, name)
            if inner is None:
                continue
            if citing and isinstance(inner, Text):
                yield (*path, key), list(inner.values.values())
            elif citing and isinstance(inner, str):
                yield (*path, key), [inner]
            else:
                yield from citing_values(inner, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from citing_values(item, (*path, index))


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, str, bool], ...]:
    """(attribute, key, is a citing key) of the fields of ``model`` worth reading: the citing
    keys, and those that may hold a model (a register has tens of thousands of other values)."""
    return tuple(
        (name, field.alias or name, (field.alias or name) in CITING_KEYS)
        for name, field in model.model_fields.items()
        if (field.alias or name) in CITING_KEYS or _holds_model(field.annotation)
    )


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(argument) for argument in get_args(annotation))


@rule("obsolete-reference", Severity.WARNING, "GDPR Art. 5(2)")
def obsolete_reference(register: Register, context: Context) -> Iterator[Hit]:
    """A `reference` or `law` cites an instrument no longer in force.

    Every `reference` and `law` of the register is read, in every language: a retention's
    reference, a legal basis's or a special condition's law, a transfer's or a contract's
    reference, and so on. A citation of an instrument that no longer applies (a CNIL simplified
    standard `NS-0xx`, Directive 95/46/EC, Safe Harbour, Privacy Shield, the old standard
    contractual clauses) suggests a period, a basis or a safeguard that was never reviewed since.
    The instruments, when they stopped applying and what replaced them are dated data kept with
    the adequacy decisions (`ropa/reference/withdrawn.yaml`), each entry with its source.

    Fails:   `retention: [{period: 3 years, reference: "CNIL NS-048"}]`
    Passes:  `reference: "CNIL référentiel on commercial activities (délibération 2021-131)"`
    """
    for entry_path, entry in register.entries():
        for path, strings in citing_values(entry, entry_path):
            seen: set[str] = set()
            for text in strings:
                for citation in context.reference.cited(text, on=context.today):
                    if citation.instrument.id not in seen:
                        seen.add(citation.instrument.id)
                        yield Hit(path, _message(path, citation), value=True)


def _message(path: Path, citation: Citation) -> str:
    instrument = citation.instrument
    quoted = citation.text.casefold() in instrument.name.casefold()
    cited = instrument.name if quoted else f"'{shown(citation.text)}': {instrument.name}"
    return (
        f"{describe(path)} cites {cited}, no longer applicable since "
        f"{instrument.withdrawn.isoformat()} and replaced by {instrument.replaced_by}; cite that "
        "instead, and check that what rests on it still holds"
    )
