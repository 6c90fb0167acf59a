"""YAML from a file ropa imports, read as plain data: no tag constructs an object (a safe
loader), and aliases are refused (an import needs none, and they make bombs)."""

from __future__ import annotations

from typing import Any

import yaml


class PlainYamlError(ValueError):
    """The text is not plain YAML; the message is one line, ``name:line:col: problem``."""


def load_plain(text: str, name: str, what: str) -> Any:
    """The data of ``text``, read from ``name`` as ``what`` ("a manifest"), both for the
    messages."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        # an alias is written *name (its anchor &name): without either character there is none
        for event in yaml.parse(text, Loader=loader) if "*" in text else ():
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                assert mark is not None  # libyaml marks every event
                raise PlainYamlError(
                    f"{name}:{mark.line + 1}:{mark.column + 1}: aliases (*name) are not read in {what}"
                )
        return yaml.load(text, Loader=loader)  # noqa: S506  # a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise PlainYamlError(f"{name}{where}: {problem}") from None
