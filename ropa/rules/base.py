"""What a rule is: an id, a severity, the article it rests on, and a small check function."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from ropa.findings import Severity
from ropa.model.register import Register
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


Check = Callable[[Register, Context], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule of the format. ``check`` is ``None`` for rules the loader or the model apply."""

    id: str
    severity: Severity
    article: str
    doc: str
    check: Check | None = None
    waivable: bool = True

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.splitlines()[0] if self.doc else ""


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
