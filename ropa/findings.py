"""The one finding type every stage of the pipeline produces."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ropa.display import file_name, neutral

if TYPE_CHECKING:
    from ropa.model.register import Register
    from ropa.rules.base import Context, Hit

#: A message longer than this is cut: each value in it is already bounded, so only a message
#: that quotes very many values reaches it.
MAX_MESSAGE = 2_000


class Severity(StrEnum):
    """How bad a finding is: an error fails validation, a warning only under ``--strict``; a
    note never (only ``ropa scan`` makes notes: ``cookie-not-seen``)."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True, order=True)
class Position:
    """A place in a declaration file; line and column count from 1."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        """``file:line:col``, the file name quoted when it could be misread (see ``file_name``)."""
        return f"{file_name(self.file)}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a register, at the exact place the user wrote it."""

    rule: str
    severity: Severity
    position: Position
    message: str
    article: str = ""

    def __post_init__(self) -> None:
        # Messages quote keys, values and ids: whatever they hold, a finding prints as one line.
        message = neutral(self.message)
        if len(message) > MAX_MESSAGE:
            message = f"{message[:MAX_MESSAGE]}… (message cut)"
        object.__setattr__(self, "message", message)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        p = self.position
        return (p.file, p.line, p.column, self.rule, self.message)

    def format(self) -> str:
        """The one-line text form: ``file:line:col: severity[rule] message (article)``."""
        suffix = f" ({self.article})" if self.article else ""
        return f"{self.position}: {self.severity}[{self.rule}] {self.message}{suffix}"

    def as_dict(self) -> dict[str, str | int]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "file": neutral(self.position.file),
            "line": self.position.line,
            "column": self.position.column,
            "message": self.message,
            "article": self.article,
        }


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """Findings in reading order: by file, line, column, then rule."""
    return sorted(set(findings), key=lambda f: f.sort_key)


#: A rule's check: the register and the context in, what it finds out.
Check = Callable[["Register", "Context"], Iterable["Hit"]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule of the format: its id, severity, the article it rests on, its documentation.

    ``check`` is ``None`` for the rules the loader and the models apply while reading; every
    finding, theirs included, is made by its rule (:meth:`finding`), never from an id typed
    as a string.
    """

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

    def finding(self, position: Position, message: str) -> Finding:
        """A finding of this rule at ``position``."""
        return Finding(self.id, self.severity, position, message, self.article)
