"""Project configuration: ``ropa.toml``, or ``[tool.ropa]`` in ``pyproject.toml``.

Read from the current folder, or the nearest folder above it within the repository;
command-line options win over it. An unknown key is an error, so that a typo never silently
changes what the CI gate checks.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from ropa import fs
from ropa.display import shown
from ropa.findings import Finding, Severity
from ropa.vocabulary import did_you_mean

SeverityChoice = Literal["off", "warning", "error"]
KEYS = ("data", "output", "templates", "strict", "severity", "materiality", "notice_days")


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
    #: kind of change → its class for ``ropa diff``, raised above ropa's table
    materiality: dict[str, str] = field(default_factory=dict)
    #: days a material change of the policy must be announced before it takes effect
    notice_days: int = 30
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


#: A configuration file is a few lines; past this, it is not one.
MAX_CONFIG_BYTES = 1024 * 1024


def load_config(folder: Path = Path()) -> Config:
    """The configuration of the project in ``folder`` (``ropa.toml`` first), or the defaults.

    Configuration can come from the same pull request as the declarations, so it fails closed:
    anything unreadable, malformed or mistyped is a :class:`ConfigError` naming the file; its
    folders are read relative to ``folder`` and must stay inside it.
    """
    ropa_toml = folder / "ropa.toml"
    pyproject = folder / "pyproject.toml"
    if ropa_toml.exists() or ropa_toml.is_symlink():
        return _parse(_read(folder, ropa_toml), str(ropa_toml), folder)
    if pyproject.exists() or pyproject.is_symlink():
        tool = _read(folder, pyproject).get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{pyproject}: 'tool' must be a table ([tool.ropa])")
        table = tool.get("ropa")
        if table is not None:
            return _parse(table, f"{pyproject} [tool.ropa]", folder)
    return Config()


def config_from(data: bytes, name: str) -> Config | None:
    """The configuration that the text of ``name`` (a ``ropa.toml`` or ``pyproject.toml``
    read from elsewhere, such as a Git revision) holds, or None when it holds none. Its
    folders are not used (they are read as the current folder's)."""
    table: Any = _toml(data, name)
    if PurePosixPath(name).name == "pyproject.toml":
        tool = table.get("tool", {})
        table = tool.get("ropa") if isinstance(tool, dict) else None
        if table is None:
            return None
    return _parse(table, name, Path())


def stricter(config: Config, base: Config, rules: frozenset[str]) -> Config:
    """``config``, but never laxer than ``base`` about ``rules`` and the notice period: a pull
    request brings its own configuration, and must not switch off the gate that judges it.
    A rule's severity is the higher of the two (off < warning < error); ``notice_days`` and
    each kind's materiality the greater."""
    from ropa.changes.materiality import Materiality  # noqa: PLC0415  # it imports this module
    from ropa.rules.registry import BY_ID  # noqa: PLC0415

    rank = {"off": 0, "warning": 1, "error": 2}
    severity = dict(config.severity)
    for rule in rules:
        mine, theirs = config.severity.get(rule), base.severity.get(rule)
        floor = theirs or str(BY_ID[rule].severity)
        if mine is not None and rank[mine] < rank[floor]:
            if theirs is None:
                del severity[rule]  # ropa's own severity, as the base has it
            else:
                severity[rule] = theirs

    materiality = dict(config.materiality)
    for kind, chosen in base.materiality.items():
        if (
            kind not in materiality
            or Materiality(chosen).rank > Materiality(materiality[kind]).rank
        ):
            materiality[kind] = chosen
    return replace(
        config,
        severity=severity,
        materiality=materiality,
        notice_days=max(config.notice_days, base.notice_days),
    )


def find_config() -> Config:
    """The configuration that applies in the current folder: the nearest ``ropa.toml`` or
    ``[tool.ropa]`` from here up to the repository's root (the folder holding ``.git``), so
    that ropa can be run from inside the register; outside a repository, only the current
    folder's. Its folders are returned relative to the current folder."""
    here = Path.cwd()
    above = 0
    for folder in (here, *here.parents):
        if os.path.lexists(folder / ".git"):
            break
        above += 1
    else:
        above = 0  # not in a repository: nothing above the current folder is the project's
    for up in range(above + 1):
        config = load_config(Path(*[os.pardir] * up))
        if config.source:
            return config if up == 0 else _from_here(config)
    return Config()


def _from_here(config: Config) -> Config:
    """``config``, found above the current folder, with its folders relative to here."""

    def near(path: Path) -> Path:
        return Path(os.path.relpath(path))

    return replace(
        config,
        data=near(config.data),
        output=near(config.output),
        templates=None if config.templates is None else near(config.templates),
    )


def _read(folder: Path, path: Path) -> dict[str, Any]:
    """The TOML table of a configuration file inside ``folder``; any problem is one line."""
    relative = fs.inside(folder, path)
    if relative is None:
        raise ConfigError(
            f"{path}: a link to a file outside {folder.resolve()}; put the configuration itself here"
        )
    try:
        data = fs.read_beneath(folder, relative, limit=MAX_CONFIG_BYTES)
    except fs.RefusedError as exc:
        raise ConfigError(f"{path}: not read: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    return _toml(data, path)


def _toml(data: bytes, path: Path | str) -> dict[str, Any]:
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 (byte {exc.start}); save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to read") from None


def _folder(folder: Path, value: str, key: str, where: str) -> Path:
    """A folder named in the configuration, relative to the configuration's own folder."""
    path = Path(value)
    real, root = Path(os.path.realpath(folder / path)), Path(os.path.realpath(folder))
    if path.is_absolute() or ".." in path.parts or not real.is_relative_to(root):
        raise ConfigError(
            f"{where}: {key} = {shown(value)!r} leaves the project folder; name a folder inside "
            f"it (relative to {folder.resolve()}), or pass --{key} on the command line"
        )
    return folder / path


def _parse(table: Any, where: str, folder: Path) -> Config:
    from ropa.rules.registry import BY_ID, CONFIGURABLE  # noqa: PLC0415

    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table of settings")
    for key in table:
        if key not in KEYS:
            raise ConfigError(
                f"{where}: unknown key '{shown(key)}'{did_you_mean(key, KEYS)}; the keys are {', '.join(KEYS)}"
            )
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f'{where}: severity is a table of rule = "off" | "warning" | "error"')
    for rule, choice in severity.items():
        if rule not in BY_ID:
            raise ConfigError(
                f"{where}: severity: no rule is called '{shown(rule)}'{did_you_mean(rule, sorted(BY_ID))}"
            )
        if rule not in CONFIGURABLE:
            raise ConfigError(
                f"{where}: severity: '{rule}' is about the file itself and stays an error"
            )
        if choice not in ("off", "warning", "error"):
            raise ConfigError(
                f'{where}: severity: {rule} = {shown(repr(choice))}; write "off", "warning" or "error"'
            )
    for key in ("data", "output", "templates"):
        if key in table and not isinstance(table[key], str):
            raise ConfigError(f"{where}: {key} is a folder, written as a string")
    if "strict" in table and not isinstance(table["strict"], bool):
        raise ConfigError(f"{where}: strict is true or false")
    notice_days = table.get("notice_days", 30)
    if type(notice_days) is not int or not 0 <= notice_days <= 366:
        raise ConfigError(f"{where}: notice_days is a number of days, from 0 to 366 (e.g. 30)")
    from ropa.changes.materiality import overrides  # noqa: PLC0415  # it imports ConfigError

    return Config(
        data=_folder(folder, table.get("data", "data"), "data", where),
        output=_folder(folder, table.get("output", "output"), "out", where),
        templates=_folder(folder, table["templates"], "templates", where)
        if "templates" in table
        else None,
        strict=bool(table.get("strict", False)),
        severity=dict(severity),
        materiality=dict(overrides(table.get("materiality", {}), where)),
        notice_days=notice_days,
        source=where,
    )
