"""Project configuration: ``ropa.toml``, or ``[tool.ropa]`` in ``pyproject.toml``.

Read from the current folder; command-line options win over it. An unknown key is an error, so
that a typo never silently changes what the CI gate checks.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ropa.findings import Finding, Severity
from ropa.loader import did_you_mean

SeverityChoice = Literal["off", "warning", "error"]
KEYS = ("data", "output", "templates", "strict", "severity")


class ConfigError(Exception):
    """The configuration file says something ropa cannot use; the message says what."""


@dataclass(frozen=True)
class Config:
    """What a project can set once instead of on every command line."""

    data: Path = Path("data")
    output: Path = Path("output")
    templates: Path | None = None
    strict: bool = False
    severity: dict[str, SeverityChoice] = field(default_factory=dict)
    source: str = ""

    def apply(self, findings: list[Finding]) -> list[Finding]:
        """Findings with this project's severities: ``off`` drops a rule's findings."""
        if not self.severity:
            return findings
        changed = []
        for finding in findings:
            choice = self.severity.get(finding.rule)
            if choice == "off":
                continue
            changed.append(
                finding
                if choice is None
                else Finding(
                    finding.rule,
                    Severity(choice),
                    finding.position,
                    finding.message,
                    finding.article,
                )
            )
        return changed


def load_config(folder: Path = Path()) -> Config:
    """The configuration of the project in ``folder`` (``ropa.toml`` first), or the defaults."""
    ropa_toml = folder / "ropa.toml"
    pyproject = folder / "pyproject.toml"
    if ropa_toml.is_file():
        return _parse(_read(ropa_toml), str(ropa_toml))
    if pyproject.is_file():
        table = _read(pyproject).get("tool", {}).get("ropa")
        if table is not None:
            return _parse(table, f"{pyproject} [tool.ropa]")
    return Config()


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _parse(table: Any, where: str) -> Config:
    from ropa.rules import BY_ID, WAIVABLE  # noqa: PLC0415

    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table of settings")
    for key in table:
        if key not in KEYS:
            raise ConfigError(
                f"{where}: unknown key '{key}'{did_you_mean(key, KEYS)}; the keys are {', '.join(KEYS)}"
            )
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f'{where}: severity is a table of rule = "off" | "warning" | "error"')
    for rule, choice in severity.items():
        if rule not in BY_ID:
            raise ConfigError(
                f"{where}: severity: no rule is called '{rule}'{did_you_mean(rule, sorted(BY_ID))}"
            )
        if rule not in WAIVABLE:
            raise ConfigError(
                f"{where}: severity: '{rule}' is about the file itself and stays an error"
            )
        if choice not in ("off", "warning", "error"):
            raise ConfigError(
                f'{where}: severity: {rule} = {choice!r}; write "off", "warning" or "error"'
            )
    for key in ("data", "output", "templates"):
        if key in table and not isinstance(table[key], str):
            raise ConfigError(f"{where}: {key} is a folder, written as a string")
    if "strict" in table and not isinstance(table["strict"], bool):
        raise ConfigError(f"{where}: strict is true or false")
    return Config(
        data=Path(table.get("data", "data")),
        output=Path(table.get("output", "output")),
        templates=Path(table["templates"]) if "templates" in table else None,
        strict=bool(table.get("strict", False)),
        severity=dict(severity),
        source=where,
    )
