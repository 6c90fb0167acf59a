"""What a rule is: an id, a severity, the article it rests on, and a small check function."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from ropa.findings import Check, Rule, Severity

if TYPE_CHECKING:
    from ropa.reference import Reference

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check reports: where (a path into the register) and what, in words."""

    path: Path
    message: str
    #: Point at the value rather than at its key (for a finding about a value).
    value: bool = False


@dataclass(frozen=True, slots=True)
class Context:
    """What checks may know besides the register: the date of validation and the legal data."""

    today: date
    reference: Reference


def rule(
    id: str, severity: Severity, article: str = "", *, waivable: bool = True
) -> Callable[[Check], Rule]:
    """Make a check function a :class:`Rule`; its docstring is the rule's documentation."""

    def wrap(check: Check) -> Rule:
        return Rule(id, severity, article, inspect.getdoc(check) or "", check, waivable)

    return wrap


def documented(id: str, severity: Severity, article: str, doc: str) -> Rule:
    """A rule applied by the loader or the model, documented here like the others."""
    return Rule(id, severity, article, inspect.cleandoc(doc), None, waivable=False)


def checks(documented_rule: Rule) -> Callable[[Check], Rule]:
    """Give a documented rule a check as well: the models report part of what it covers
    (``missing-field``), the check the rest (keys that depend on other keys)."""

    def wrap(check: Check) -> Rule:
        return replace(documented_rule, check=check)

    return wrap
