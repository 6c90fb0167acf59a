"""Validation as a whole: load → model → rules → waivers, into one sorted list of findings."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ropa.display import shown
from ropa.findings import Finding, Rule, Severity, sorted_findings
from ropa.loader import Locator, Source, load
from ropa.model.base import Waiver
from ropa.model.register import Register, build
from ropa.reference import reference
from ropa.rules.base import Context, Hit
from ropa.rules.registry import RULES, WAIVABLE
from ropa.rules.waivers import UNUSED_WAIVER, WAIVER_EXPIRED
from ropa.vocabulary import SINGLE_SECTIONS, describe


class RegisterNotFoundError(Exception):
    """The path given as a register does not exist."""


@dataclass
class Report:
    """The outcome of validating a register."""

    register: Register
    source: Source
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)

    def failed(self, *, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the register is read.

    Reading creates hundreds of thousands of small objects that live until the end (node trees,
    values, models) and hold no reference cycles; the collector would scan them again and again,
    which measured 3x slower on 2,000 activities (``make bench``). Reference counting still frees
    everything; the collector is restored, and left to run when it next would.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def validate(root: Path, today: date) -> Report:
    """Validate the register at ``root`` as of ``today`` (for reviews and waiver expiry)."""
    if not root.exists():
        raise RegisterNotFoundError(str(root))
    with _collector_paused():
        return _validate(root, today)


def _validate(root: Path, today: date) -> Report:
    source = load(root)
    register, findings = build(source)
    findings = source.findings + findings
    context = Context(today=today, reference=reference())
    findings.extend(_run_rules(register, context, source.locator))
    return Report(register, source, sorted_findings(findings))


#: The keys of its entry a rule's conclusion rests on, when it concludes from what is not
#: there: if one of them held a value removed as invalid (its ``invalid-value`` is reported),
#: the rule's finding would only echo that one (``basis: Consent`` is one finding, not also
#: "no legal basis").
_RESTS_ON: dict[str, tuple[str, ...]] = {
    "legal-basis-missing": ("legal_bases",),
    "legal-basis-unallocated": ("legal_bases", "data_categories"),
    "electronic-marketing-without-consent": ("legal_bases", "soft_opt_in"),
    "special-category-without-condition": ("special_conditions", "data_categories"),
    "retention-missing": ("retention", "data_categories"),
    "security-measures-missing": ("security_measures",),
    "provision-undeclared": ("provision",),
    "processor-without-dpa": ("dpa", "role"),
    "transfer-without-safeguard": ("transfers", "country"),
    "transfer-undocumented": ("transfers",),
    "transfer-unassessed": ("transfers",),
    "adequacy-not-recognised": ("transfers", "country"),
    "dpia-undecided": ("dpia",),
    "dpia-pending": ("dpia",),
    "joint-arrangement-missing": ("joint_arrangement", "joint_controllers", "role"),
    "automated-decision-without-exception": ("automated_decisions", "legal_bases"),
    "eu-representative-missing": ("eu_representative", "address"),
    "hidden-purpose": ("public",),
}


def _echoes(register: Register, rule: Rule, hit: Hit) -> bool:
    """Whether ``hit`` only follows from a value already reported as invalid."""
    if register.already_reported(hit.path):
        return True
    keys = _RESTS_ON.get(rule.id)
    if not keys or not hit.path:
        return False
    head = hit.path[: 1 if hit.path[0] in SINGLE_SECTIONS else 2]
    return any(register.already_reported((*head, key)) for key in keys)


def _run_rules(register: Register, context: Context, locate: Locator) -> list[Finding]:
    findings: list[Finding] = []
    used: set[tuple[tuple[str, ...], int]] = set()
    for rule in RULES:
        if rule.check is None:
            continue
        for hit in rule.check(register, context):
            if _echoes(register, rule, hit):
                continue
            silenced_by = _waiver_for(register, rule, hit, context.today)
            if silenced_by is None:
                findings.append(_finding(rule, hit, locate, register))
            else:
                used.add(silenced_by)
    for path, entry in register.entries():
        for index, waiver in enumerate(entry.waivers):
            where: tuple[str | int, ...] = (*path, "waivers", index)
            if _expired(waiver, context.today):
                findings.append(
                    _finding(
                        WAIVER_EXPIRED,
                        Hit(
                            where,
                            f"{describe(path)}: the waiver of '{shown(waiver.rule)}' expired on "
                            f"{waiver.until}; fix what it silenced, or renew it with a new 'until'",
                        ),
                        locate,
                        register,
                    )
                )
            elif (
                path,
                index,
            ) not in used and waiver.rule in WAIVABLE:  # else invalid-value says it
                findings.append(
                    _finding(
                        UNUSED_WAIVER,
                        Hit(
                            where,
                            f"{describe(path)}: the waiver of '{shown(waiver.rule)}' silences nothing here; "
                            "remove it",
                        ),
                        locate,
                        register,
                    )
                )
    return findings


def _expired(waiver: Waiver, today: date) -> bool:
    return waiver.until is not None and waiver.until < today


def _waiver_for(
    register: Register, rule: Rule, hit: Hit, today: date
) -> tuple[tuple[str, ...], int] | None:
    """The (entry, index) of the live waiver that silences ``hit``, if any."""
    if not rule.waivable:
        return None
    entry = register.entry(hit.path)
    if entry is None:
        return None
    path = tuple(str(step) for step in hit.path[: 1 if hit.path[0] in SINGLE_SECTIONS else 2])
    for index, waiver in enumerate(entry.waivers):
        if waiver.rule == rule.id and not _expired(waiver, today):
            return path, index
    return None


def _finding(rule: Rule, hit: Hit, locate: Locator, register: Register) -> Finding:
    position = locate(register.original_path(hit.path), value=hit.value)
    return rule.finding(position, hit.message)
