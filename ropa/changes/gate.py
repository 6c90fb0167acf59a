"""The version gate, ``ropa validate --against REV``: what a change of the register asks of the
policy's version, its history and its effective date.

The register is compared with the one at the Git revision REV (:func:`ropa.changes.sides.read_revision`:
never a folder, never checked out), as ``ropa diff REV`` compares them, and the gate's rules
(:mod:`ropa.rules.change_control`) judge the new version:

- a material or notable change with the same ``policy.version``: ``version-not-bumped``;
- a new version without its ``policy.history`` entry: ``history-missing``;
- a new version with a material change taking effect less than ``notice_days`` after the date
  of validation: ``notice-period-short``;
- a new purpose in a new version whose ``effective_date`` is not after the date of validation:
  ``purpose-not-announced``, at the purpose.

The dates are judged only for a new version: until the version changes, its effective date is
the old version's, and ``version-not-bumped`` asks for both. A REV without a policy (no register
there, or one whose policy could not be read) gives the gate nothing to compare.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from ropa.changes import git
from ropa.changes.change import Classified
from ropa.changes.materiality import Materiality, overrides
from ropa.changes.report import Diff, diff
from ropa.changes.sides import SideError, read_revision
from ropa.changes.wording import ENGLISH, Words
from ropa.check import Report
from ropa.config import Config, ConfigError, config_from, stricter
from ropa.discover import Checked, part
from ropa.display import shown
from ropa.findings import Finding, Rule, sorted_findings
from ropa.model.policy import Policy
from ropa.model.register import Register
from ropa.rules.base import Hit
from ropa.rules.change_control import (
    HISTORY_MISSING,
    NOTICE_PERIOD_SHORT,
    PURPOSE_NOT_ANNOUNCED,
    VERSION_NOT_BUMPED,
)
from ropa.rules.registry import GATE

#: How many kinds of change a message names before it says how many more there are.
MAX_NAMED = 5


class GateError(Exception):
    """The revision cannot be read; the message is one line that says why."""


@dataclass(frozen=True)
class Comparison:
    """What the gate's checks see: the revision as named, the policy at it and now, the
    changes between the two registers, the date of validation and the notice asked."""

    revision: str
    old: Policy
    new: Policy
    diff: Diff
    today: date
    notice_days: int

    @property
    def new_version(self) -> bool:
        return self.new.version != self.old.version

    @property
    def earliest(self) -> date:
        """The first effective date that gives the notice asked."""
        return self.today + timedelta(days=self.notice_days)

    @property
    def words(self) -> Words:
        return Words(ENGLISH, self.diff.default)


def _version(value: str) -> str:
    return f'"{shown(value)}"'


#: A version of numbers and dots (``1.0``, ``v2``, ``2026.3``), whose last number can grow.
_NUMBERED = re.compile(r"(v?(?:\d+\.)*)(\d+)")


def next_version(version: str) -> str | None:
    """The version after ``version`` when it is numbers and dots (``1.9`` → ``1.10``)."""
    numbered = _NUMBERED.fullmatch(version)
    return f"{numbered[1]}{int(numbered[2]) + 1}" if numbered else None


def _listed(comparison: Comparison, materialities: Iterable[Materiality]) -> str:
    """``1 material change (a new purpose) and 2 notable changes (…)``."""
    words = comparison.words
    said = []
    for materiality in materialities:
        group = comparison.diff.of(materiality)
        if not group:
            continue
        kinds: dict[str, list[Classified]] = {}
        for classified in group:
            kinds.setdefault(words.phrase(classified.change, 1), []).append(classified)
        phrases = [words.phrase(same[0].change, len(same)) for same in kinds.values()]
        if len(phrases) > MAX_NAMED:
            phrases = [*phrases[:MAX_NAMED], f"{len(phrases) - MAX_NAMED} more"]
        said.append(f"{words.materiality(materiality, len(group))} ({', '.join(phrases)})")
    return " and ".join(said)


def _when(day: date, today: date) -> str:
    """``2026-11-30, 6 days after 2026-11-24``: a date as far from the date of validation."""
    days = (day - today).days
    if days == 0:
        return f"{day.isoformat()}, the date of validation"
    plural = "" if abs(days) == 1 else "s"
    side = "after" if days > 0 else "before"
    return f"{day.isoformat()}, {abs(days)} day{plural} {side} {today.isoformat()}"


def version_not_bumped(comparison: Comparison) -> Iterator[Hit]:
    """``version-not-bumped``: a material or notable change, the same version."""
    if comparison.new_version:
        return
    changed = (Materiality.MATERIAL, Materiality.NOTABLE)
    if not any(comparison.diff.of(m) for m in changed):
        return
    suggested = next_version(comparison.new.version)
    example = f" (e.g. version: {_version(suggested)})" if suggested else ""
    date_too = (
        f" and an effective_date on or after {comparison.earliest.isoformat()} "
        f"({comparison.notice_days} days' notice)"
        if comparison.diff.material
        else ""
    )
    yield Hit(
        ("policy", "version"),
        f"the version is {_version(comparison.new.version)}, as at {shown(comparison.revision)}, "
        f"but the policy changed in meaning: {_listed(comparison, changed)}; give it a new "
        f"version{example}, with its policy.history entry{date_too}",
        value=True,
    )


def history_missing(comparison: Comparison) -> Iterator[Hit]:
    """``history-missing``: a new version that ``policy.history`` does not list."""
    new = comparison.new
    if not comparison.new_version or any(r.version == new.version for r in new.history):
        return
    yield Hit(
        ("policy", "version"),
        f"version {_version(new.version)} (it was {_version(comparison.old.version)} at "
        f"{shown(comparison.revision)}) has no policy.history entry; add one first in the list: "
        f"{{version: {_version(new.version)}, date: {new.effective_date.isoformat()}, summary: "
        f"…}} (ropa diff {shown(comparison.revision)} says what changed)",
        value=True,
    )


def notice_period_short(comparison: Comparison) -> Iterator[Hit]:
    """``notice-period-short``: a material change in a new version, too soon."""
    new = comparison.new
    if not comparison.new_version or not comparison.diff.material:
        return
    if new.effective_date >= comparison.earliest:
        return
    yield Hit(
        ("policy", "effective_date"),
        f"version {_version(new.version)} takes effect on {_when(new.effective_date, comparison.today)}, "
        f"with {_listed(comparison, [Materiality.MATERIAL])}; tell the people concerned "
        f"{comparison.notice_days} days ahead, by a notice devoted to the change: write "
        f"effective_date: {comparison.earliest.isoformat()} or later, and send the notice by then",
        value=True,
    )


def purpose_not_announced(comparison: Comparison) -> Iterator[Hit]:
    """``purpose-not-announced``: a new purpose in a new version that takes effect already."""
    new = comparison.new
    if not comparison.new_version or new.effective_date > comparison.today:
        return
    earliest = max(comparison.earliest, comparison.today + timedelta(days=1))
    words = comparison.words
    for classified in comparison.diff.changes:
        change = classified.change
        if change.kind != "purpose-added":
            continue
        name = change.words.get("name")
        said = words.word(name) if name is not None else f"'{shown(change.id)}'"
        yield Hit(
            ("activities", change.id),
            f"the new purpose {said} starts with version {_version(new.version)} on "
            f"{_when(new.effective_date, comparison.today)}; people are told of a new purpose "
            f"before it starts: write policy.effective_date: {earliest.isoformat()} or later, "
            "and start the processing then",
        )


#: The gate's rules and their checks, in the order a pull request meets them.
CHECKS: tuple[tuple[Rule, Callable[[Comparison], Iterator[Hit]]], ...] = (
    (VERSION_NOT_BUMPED, version_not_bumped),
    (HISTORY_MISSING, history_missing),
    (NOTICE_PERIOD_SHORT, notice_period_short),
    (PURPOSE_NOT_ANNOUNCED, purpose_not_announced),
)

#: The keys of ``policy`` each rule reads: one already reported as invalid mutes the rule.
_READS = {
    VERSION_NOT_BUMPED.id: ("version",),
    HISTORY_MISSING.id: ("version", "history"),
    NOTICE_PERIOD_SHORT.id: ("version", "effective_date"),
    PURPOSE_NOT_ANNOUNCED.id: ("version", "effective_date"),
}


def findings(
    revision: str,
    before: Register,
    report: Report,
    today: date,
    *,
    notice_days: int = 30,
    raised: Mapping[str, Materiality] | None = None,
) -> list[Finding]:
    """The gate's findings for the register of ``report`` against ``before``, the register at
    ``revision``, each at its place in the new register; none when either side has no policy."""
    after = report.register
    if before.policy is None or after.policy is None:
        return []
    found = diff(revision, before, report.source.root, after, raised)
    comparison = Comparison(revision, before.policy, after.policy, found, today, notice_days)
    locate = report.source.locator
    results = []
    for rule, check in CHECKS:
        keys = [("policy", key) for key in _READS[rule.id]]
        if any(side.already_reported(key) for side in (before, after) for key in keys):
            continue
        for hit in check(comparison):
            position = locate(after.original_path(hit.path), value=hit.value)
            results.append(rule.finding(position, hit.message))
    return sorted_findings(results)


def base_config(revision: str) -> Config:
    """The configuration that applied at ``revision``: the nearest ``ropa.toml`` or
    ``[tool.ropa]`` of ``pyproject.toml`` there, from the current folder up to the repository's
    root, as ``find_config`` looks in the working tree; ropa's defaults when there was none."""
    code, prefix, _ = git.run(["rev-parse", "--show-prefix"], Path())
    depth = prefix.decode("utf-8", "replace").strip().count("/") if code == 0 else 0
    for up in range(depth + 1):
        for name in ("ropa.toml", "pyproject.toml"):
            path = "/".join([".."] * up + [name])
            code, data, _ = git.run(["cat-file", "blob", f"{revision}:./{path}"], Path())
            if code == 0:
                config = config_from(data, f"{revision}:{path}")
                if config is not None or name == "ropa.toml":
                    return config or Config()
    return Config()


def gate(checked: Checked, revision: str, today: date, config: Config) -> list[str]:
    """Add to ``checked``'s report the gate's findings against ``revision`` (the project's
    severities applied; only those of the files given, when only some were), and return the
    notes about what was compared. A revision that cannot be read is a :class:`GateError`."""
    try:
        side = read_revision(revision, checked.target.root, today, config)
        config = stricter(config, base_config(revision), GATE)
        raised = overrides(config.materiality, config.source or "configuration")
    except (SideError, ConfigError) as exc:
        raise GateError(str(exc)) from None
    notes = list(side.notes)
    if side.register.policy is None:
        notes.append(f"{shown(revision)} has no policy to compare with; the version gate is silent")
    elif side.errors:
        plural = "" if side.errors == 1 else "s"
        notes.append(
            f"{shown(revision)}: {side.errors} error{plural} in the register; compared as far as "
            "it could be read"
        )
    report = checked.report
    found = config.apply(
        findings(
            revision, side.register, report, today, notice_days=config.notice_days, raised=raised
        )
    )
    if not checked.target.whole:
        found = part(replace(report, findings=found), checked.target.files)[1]
    report.findings = sorted_findings(report.findings + found)
    return notes
