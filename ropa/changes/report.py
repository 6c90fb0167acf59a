"""A finished comparison: the two sides as named, every change with its class and reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ropa.changes.change import Classified
from ropa.changes.compare import compare
from ropa.changes.materiality import Materiality, classify
from ropa.changes.wording import ENGLISH
from ropa.model.register import Register


@dataclass(frozen=True)
class Diff:
    """The two sides as named, the changes classified (material first, then notable, then
    editorial; by section and id within a class), and the languages of the policy (the
    default first)."""

    old: str
    new: str
    changes: list[Classified]
    languages: list[str]
    #: The errors ``ropa validate`` finds in each side (old, new): compared as far as it loaded.
    errors: tuple[int, int] = (0, 0)

    @property
    def material(self) -> bool:
        return any(c.materiality is Materiality.MATERIAL for c in self.changes)

    def of(self, materiality: Materiality) -> list[Classified]:
        return [c for c in self.changes if c.materiality is materiality]

    @property
    def default(self) -> str:
        return self.languages[0] if self.languages else ENGLISH


def diff(
    old: str,
    before: Register,
    new: str,
    after: Register,
    raised: Mapping[str, Materiality] | None = None,
    *,
    errors: tuple[int, int] = (0, 0),
) -> Diff:
    """Compare two registers (named ``old`` and ``new``) and classify each change, with the
    classes the project ``raised`` (``[tool.ropa] materiality``); ``errors``: how many errors
    ``ropa validate`` finds in each."""
    classified = []
    for change in compare(before, after):
        found = classify(change.kind, raised or {})
        classified.append(Classified(change, found.materiality, found.reason))
    classified.sort(key=lambda c: -c.materiality.rank)  # stable: section and id order kept
    policy = after.policy or before.policy
    return Diff(old, new, classified, list(policy.languages) if policy else [], errors)
