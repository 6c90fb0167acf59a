"""Case registers as overlays on ``tests/cases/_base``: a case says only what differs.

A case folder (``tests/cases/<rule>[--variant]/{fail,pass}/``) holds ``expected.txt`` and either
full register files, or ``overlay.yaml``: a mapping deep-merged onto ``_base/register.yaml``
(mappings merge key by key, ``~`` removes a key, lists and values replace), plus any other
``*.yaml`` files, added as they are. The merged register is written as ``register.yaml`` in a
folder of its own, where the case is validated.

``expected.txt`` names each finding ``file:line severity[rule]``, or, in the generated
``register.yaml``, ``register.yaml:path severity[rule]`` with the YAML path of the key the
finding points at (``activities.orders.legal_bases[0]``), since its lines are not written
by hand.

The version gate's rules compare two revisions of a register (``ropa validate --against``):
their cases also hold ``before.yaml``, an overlay on ``_base`` that is the register at the
revision compared with (``{}`` for the base itself); the case's findings are then those of
``ropa validate --against`` that revision.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from ropa.check import Report, validate
from ropa.findings import Finding

CASES = Path(__file__).parent / "cases"
BASE = CASES / "_base" / "register.yaml"
OVERLAY = "overlay.yaml"
#: The register at the revision a gate case compares with, as an overlay on ``_base``.
BEFORE = "before.yaml"
REMOVE = "~"

_WORK = Path(tempfile.mkdtemp(prefix="ropa-cases-"))
atexit.register(shutil.rmtree, _WORK, ignore_errors=True)


def read(path: Path) -> Any:
    """A YAML file with every scalar a string, as ropa's loader reads it."""
    return yaml.load(
        path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader
    )  # BaseLoader builds no object


def merge(base: Any, overlay: Any) -> Any:
    """``overlay`` deep-merged onto ``base``: mappings key by key, ``~`` removes a key."""
    if not isinstance(base, dict) or not isinstance(overlay, dict):
        return overlay
    merged = dict(base)
    for key, value in overlay.items():
        if value == REMOVE:
            merged.pop(key, None)
        else:
            merged[key] = merge(base.get(key), value)
    return merged


class _PlainDumper(yaml.SafeDumper):
    """Writes strings unquoted wherever YAML's syntax allows: ropa reads every scalar as a
    string (``60``, ``2026-01-01``, ``NO``), so YAML 1.1's implicit types need no quotes."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012  # PyYAML's class attribute


def dump(data: Any) -> str:
    """The register (or an overlay) as YAML text, the same for the same data."""
    text: str = yaml.dump(
        data,
        Dumper=_PlainDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return text


def register_folder(case: Path) -> Path:
    """The folder to validate for ``case``: the case itself, or its overlay made whole."""
    if not (case / OVERLAY).exists():
        return case
    target = _WORK / case.parent.name / case.name
    if target.exists():
        return target
    target.mkdir(parents=True)
    merged = merge(read(BASE), read(case / OVERLAY))
    (target / "register.yaml").write_text(dump(merged), encoding="utf-8")
    for extra in sorted(case.glob("*.yaml")):
        if extra.name not in (OVERLAY, BEFORE):
            shutil.copy(extra, target / extra.name)
    return target


def before_folder(case: Path) -> Path | None:
    """The register a gate case compares with (``before.yaml`` made whole), or None."""
    if not (case / BEFORE).exists():
        return None
    target = _WORK / case.parent.name / f"{case.name}-before"
    if not target.exists():
        target.mkdir(parents=True)
        merged = merge(read(BASE), read(case / BEFORE) or {})
        (target / "register.yaml").write_text(dump(merged), encoding="utf-8")
    return target


def case(name: str, kind: str = "fail") -> Path:
    """The folder to validate for ``tests/cases/<name>/<kind>``."""
    return register_folder(CASES / name / kind)


def paths_by_position(text: str) -> dict[tuple[int, int], str]:
    """Every key, list item and value of a YAML text by its (line, column), as a YAML path."""
    found: dict[tuple[int, int], str] = {}

    def walk(node: Node, path: str) -> None:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                child = f"{path}.{key.value}" if path else str(key.value)
                found.setdefault((key.start_mark.line + 1, key.start_mark.column + 1), child)
                walk(value, child)
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                child = f"{path}[{index}]"
                found.setdefault((item.start_mark.line + 1, item.start_mark.column + 1), child)
                walk(item, child)
        else:
            found.setdefault((node.start_mark.line + 1, node.start_mark.column + 1), path)

    root = yaml.compose(text, Loader=yaml.BaseLoader)  # composes nodes only
    if root is not None:
        walk(root, "")
    return found


def described(folder: Path, findings: list[Finding], *, overlay: bool) -> list[str]:
    """Findings as ``expected.txt`` writes them (see the module's docstring)."""
    paths: dict[tuple[int, int], str] = {}
    if overlay:
        paths = paths_by_position((folder / "register.yaml").read_text(encoding="utf-8"))
    lines = []
    for f in findings:
        name = Path(f.position.file).relative_to(folder).as_posix()
        where: str | int = f.position.line
        if overlay and name == "register.yaml":
            where = paths.get((f.position.line, f.position.column), f"line {f.position.line}")
        lines.append(f"{name}:{where} {f.severity}[{f.rule}]")
    return lines


def validate_overlay(folder: Path, overlay: Any) -> tuple[Report, list[str]]:
    """The base register with ``overlay`` (YAML text or data) merged onto it, written to
    ``folder`` and validated: the report, and its findings as ``expected.txt`` writes them."""
    from tests.conftest import TODAY  # conftest imports this module's users

    data = yaml.load(overlay, Loader=yaml.BaseLoader) if isinstance(overlay, str) else overlay
    (folder / "register.yaml").write_text(dump(merge(read(BASE), data)), encoding="utf-8")
    report = validate(folder, TODAY)
    return report, described(folder, report.findings, overlay=True)


def messages(report: Report, rule: str) -> list[str]:
    """The messages of ``rule``'s findings in ``report``."""
    return [f.message for f in report.findings if f.rule == rule]
