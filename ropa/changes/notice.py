"""What a notice of change announces: the material changes of the policy's newest version.

WP260 rev.01 (paras 29-30) asks that a material change be told to the people concerned, before
it takes effect, by a notice devoted to it. The changes come from one of two places:

- recorded in the declarations: the newest ``policy.history`` entry's ``changes``, each material
  when its kind's class is (ropa's table, or higher where the project raised it);
- found by comparing with a Git revision (``ropa build --against REV``): the material changes
  between REV's register and this one, said in each language of the policy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ropa.changes.materiality import Materiality, classify, overrides
from ropa.changes.report import Diff, diff
from ropa.changes.sides import read_revision
from ropa.changes.wording import Words
from ropa.config import Config
from ropa.model.policy import Policy, Revision
from ropa.model.register import Register
from ropa.model.types import Text


@dataclass(frozen=True)
class Announced:
    """One material change, as a notice says it: its kind and its summary in each language."""

    kind: str
    summary: Text


@dataclass(frozen=True)
class Announcement:
    """The version a notice announces, the day it takes effect, the editor's summary of it (if
    any) and its material changes (never empty)."""

    version: str
    effective: date
    summary: Text | None
    changes: tuple[Announced, ...]


@dataclass(frozen=True)
class Against:
    """An announcement found against a Git revision, with what reading the revision noted and
    how many errors ``ropa validate`` finds in it (it is compared as far as it loaded)."""

    announcement: Announcement | None
    label: str
    errors: int
    notes: list[str]


def _newest(policy: Policy) -> Revision | None:
    return policy.history[0] if policy.history else None


def recorded(policy: Policy, raised: Mapping[str, Materiality]) -> Announcement | None:
    """The material changes the newest ``policy.history`` entry records, or None when it records
    none. It takes effect on ``policy.effective_date`` when it is the policy's version, else on
    its own date."""
    newest = _newest(policy)
    if newest is None:
        return None
    material = tuple(
        Announced(change.kind, change.summary)
        for change in newest.changes
        if classify(change.kind, raised).materiality is Materiality.MATERIAL
    )
    if not material:
        return None
    effective = policy.effective_date if newest.version == policy.version else newest.date
    return Announcement(newest.version, effective, newest.summary, material)


def from_diff(found: Diff, policy: Policy) -> Announcement | None:
    """The material changes ``found`` between another revision and this register, for the
    policy's version (the newest history entry's summary too, when it is that version's)."""
    material = found.of(Materiality.MATERIAL)
    if not material:
        return None
    languages = list(policy.languages)
    default = languages[0]
    said = tuple(
        Announced(
            c.change.kind,
            Text({lang: Words(lang, default).summary(c.change) for lang in languages}),
        )
        for c in material
    )
    newest = _newest(policy)
    summary = newest.summary if newest is not None and newest.version == policy.version else None
    return Announcement(policy.version, policy.effective_date, summary, said)


def against(
    revision: str, folder: Path, register: Register, today: date, config: Config
) -> Against:
    """The announcement of the material changes between ``revision`` (the register folder
    ``folder`` as it was then, read from Git, as the version gate reads it: never a folder of
    that name) and ``register``, with the project's classes.

    Raises :class:`~ropa.changes.sides.SideError` when the revision cannot be read.
    """
    assert register.policy is not None
    before = read_revision(revision, folder, today, config)
    raised = overrides(config.materiality, config.source or "configuration")
    found = diff(before.label, before.register, folder.as_posix(), register, raised)
    return Against(from_diff(found, register.policy), before.label, before.errors, before.notes)
