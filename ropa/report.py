"""Findings formats, looked up by name: each turns a report into the text to print."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from ropa.check import Report
from ropa.display import neutral
from ropa.findings import Finding, Rule


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(report: Report) -> str:
    """One line: how many files were read and what was found."""
    files = _plural(len(report.source.files), "file")
    if not report.findings:
        return f"{files} checked: no findings."
    return f"{files} checked: {_plural(report.errors, 'error')}, {_plural(report.warnings, 'warning')}."


_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m"}
_DIM, _RESET = "\033[2m", "\033[0m"


def _coloured(finding: Finding) -> str:
    colour = _COLOURS[str(finding.severity)]
    article = f" {_DIM}({finding.article}){_RESET}" if finding.article else ""
    return (
        f"{_DIM}{finding.position}:{_RESET} {colour}{finding.severity}[{finding.rule}]{_RESET} "
        f"{finding.message}{article}"
    )


def explain_hint(report: Report) -> str:
    """One line pointing at ``ropa explain`` for the rules that fired."""
    rules = list(dict.fromkeys(f.rule for f in report.findings))
    return f"What a rule asks, and why: ropa explain RULE ({', '.join(rules)})."


def text(report: Report, *, colour: bool = False, quiet: bool = False) -> str:
    """One finding per line, ``file:line:col: severity[rule] message (article)`` (the form
    FORMAT.md fixes), then a summary and a hint to ``ropa explain``, unless ``quiet``."""
    lines = [_coloured(f) if colour else f.format() for f in report.findings]
    if not quiet:
        lines.append(summary(report))
        if report.findings:
            lines.append(explain_hint(report))
    return "\n".join(lines) + "\n" if lines else ""


def json_list(report: Report) -> str:
    """The findings as a JSON list of objects (rule, severity, file, line, column, message, article)."""
    return json.dumps([f.as_dict() for f in report.findings], indent=2, ensure_ascii=False) + "\n"


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(report: Report) -> str:
    """GitHub Actions workflow commands: each finding annotates its line in a pull request."""
    lines = []
    for finding in report.findings:
        p = finding.position
        suffix = f" ({finding.article})" if finding.article else ""
        lines.append(
            f"::{finding.severity} file={escape_property(neutral(p.file))},line={p.line},col={p.column},"
            f"title={escape_property(finding.rule)}::{escape_data(finding.message + suffix)}"
        )
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
#: SARIF's levels are ropa's severities: error, warning, and note (``ropa scan`` only).
_TAGS = ("gdpr", "privacy")


def _sarif_rule(rule: Rule, tags: tuple[str, ...]) -> dict[str, Any]:
    paragraphs = rule.doc.split("\n\n")
    return {
        "id": rule.id,
        "name": "".join(word.capitalize() for word in rule.id.split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {
            "text": " ".join(paragraphs[1].split()) if len(paragraphs) > 1 else rule.summary
        },
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": str(rule.severity)},
        "properties": {"article": rule.article, "waivable": rule.waivable, "tags": list(tags)},
    }


def sarif_log(  # a SARIF run is described by all of these
    findings: list[Finding],
    rules: tuple[Rule, ...],
    *,
    tool: str,
    tags: tuple[str, ...] = _TAGS,
    properties: dict[str, Any] | None = None,
) -> str:
    """SARIF 2.1.0, for GitHub code scanning and other tools: ``tool``'s ``rules`` described,
    every finding at its file, line and column (``properties``: the run's own, if any)."""
    from ropa import __version__  # noqa: PLC0415

    index = {rule.id: i for i, rule in enumerate(rules)}
    results = [
        {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": str(f.severity),
            "message": {"text": f.message + (f" ({f.article})" if f.article else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(f.position.file)},
                        "region": {"startLine": f.position.line, "startColumn": f.position.column},
                    }
                }
            ],
        }
        for f in findings
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": tool,
                "version": __version__,
                "rules": [_sarif_rule(rule, tags) for rule in rules],
            }
        },
        **({"properties": properties} if properties else {}),
        "results": results,
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def sarif(report: Report) -> str:
    """The validator's findings as SARIF 2.1.0, every rule described."""
    from ropa.rules.registry import RULES  # noqa: PLC0415

    return sarif_log(report.findings, RULES, tool="ropa")


REPORTERS: dict[str, Callable[[Report], str]] = {
    "text": text,
    "json": json_list,
    "github": github,
    "sarif": sarif,
}
