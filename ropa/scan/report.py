"""The scan's findings in the validator's formats (text, json, github, sarif), looked up by name.

The forms are ``ropa validate``'s (``ropa.report``), with one more severity, ``note``
(``cookie-not-seen``): GitHub shows it as a notice, SARIF as ``note``. The summary names the
site and the pages visited in each phase rather than files checked.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from ropa.display import neutral, shown
from ropa.findings import Finding, Severity
from ropa.report import escape_data, escape_property, sarif_log
from ropa.rules.registry import SCAN
from ropa.scan.result import Scan


@dataclass(frozen=True, slots=True)
class ScanReport:
    """A scan and its findings against a register."""

    scan: Scan
    findings: list[Finding]

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings)

    def failed(self, *, strict: bool = False) -> bool:
        """Errors fail, and warnings under ``--strict``; notes never do."""
        return self.count(Severity.ERROR) > 0 or (strict and self.count(Severity.WARNING) > 0)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def scanned(scan: Scan) -> str:
    """``http://…: 3 pages scanned before consent and 3 after``."""
    parts = [
        f"{_plural(len(phase.pages), 'page')} scanned {phase.label}"
        if index == 0
        else f"{len(phase.pages)} {phase.label.split()[0]}"
        for index, phase in enumerate(scan.phases)
    ]
    return f"{shown(scan.url)}: {' and '.join(parts)}"


def summary(report: ScanReport) -> str:
    """One line: what was scanned, and what was found."""
    if not report.findings:
        return f"{scanned(report.scan)}: no findings."
    counts = [
        _plural(report.count(Severity.ERROR), "error"),
        _plural(report.count(Severity.WARNING), "warning"),
        _plural(report.count(Severity.NOTE), "note"),
    ]
    return f"{scanned(report.scan)}: {', '.join(counts)}."


def text(report: ScanReport) -> str:
    """One finding per line, as ``ropa validate`` prints them, then the summary."""
    return "".join(f"{f.format()}\n" for f in report.findings) + summary(report) + "\n"


def json_list(report: ScanReport) -> str:
    """The findings as a JSON list of objects (rule, severity, file, line, column, message, article)."""
    return json.dumps([f.as_dict() for f in report.findings], indent=2, ensure_ascii=False) + "\n"


_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def github(report: ScanReport) -> str:
    """GitHub Actions workflow commands: each finding annotates its declaration."""
    lines = []
    for finding in report.findings:
        p = finding.position
        suffix = f" ({finding.article})" if finding.article else ""
        lines.append(
            f"::{_COMMANDS[finding.severity]} file={escape_property(neutral(p.file))},"
            f"line={p.line},col={p.column},title={escape_property(finding.rule)}::"
            f"{escape_data(finding.message + suffix)}"
        )
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def sarif(report: ScanReport) -> str:
    """SARIF 2.1.0: the scanner's rules described, each result at its declaration."""
    return sarif_log(
        report.findings,
        SCAN,
        tool="ropa scan",
        tags=("gdpr", "privacy", "eprivacy", "cookies"),
        properties={"url": report.scan.url},
    )


REPORTERS: dict[str, Callable[[ScanReport], str]] = {
    "text": text,
    "json": json_list,
    "github": github,
    "sarif": sarif,
}
