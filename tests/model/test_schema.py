"""The JSON Schema for editors: generated from the models, shipped in sync, true to the examples."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from ropa.cli import app
from ropa.model.schema import json_schema, json_schema_text
from tests.casefiles import case as case_folder
from tests.conftest import DATA, ROOT

SHIPPED = ROOT / "ropa" / "register.schema.json"


class Yaml12Loader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2 core schema): dates and
    yes/no/on/off stay strings."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)


def errors(document: Any) -> list[str]:
    return sorted(e.message for e in Draft202012Validator(json_schema()).iter_errors(document))


def test_the_shipped_schema_is_what_ropa_schema_prints() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.output == json_schema_text()
    assert SHIPPED.read_text(encoding="utf-8") == result.output, (
        "run: ropa schema > ropa/register.schema.json"
    )


def test_the_schema_is_a_valid_draft_2020_12_schema_with_descriptions() -> None:
    schema = json_schema()
    Draft202012Validator.check_schema(schema)
    activity = schema["$defs"]["Activity"]["properties"]
    assert all("description" in field for field in activity.values())
    assert schema["$defs"]["Basis"]["enum"] == [
        "consent",
        "contract",
        "legal_obligation",
        "vital_interests",
        "public_task",
        "legitimate_interests",
    ]


@pytest.mark.parametrize(
    "path", sorted(DATA.rglob("*.yaml")), ids=lambda p: p.relative_to(DATA).as_posix()
)
def test_every_example_file_is_valid_and_points_editors_at_the_schema(path: Path) -> None:
    assert errors(load(path)) == []
    first = path.read_text(encoding="utf-8").splitlines()[0]
    target = first.removeprefix("# yaml-language-server: $schema=")
    assert first != target
    assert (path.parent / target).resolve() == SHIPPED


STRUCTURAL = [
    "unknown-field",
    "unknown-field--typo",
    "invalid-value--bad-id",
    "invalid-value--bad-duration",
    "invalid-value--bad-country",
    "invalid-value",
    "missing-field",
]


@pytest.mark.parametrize("case", STRUCTURAL)
def test_structurally_invalid_registers_are_rejected(case: str) -> None:
    folder = case_folder(case)
    assert any(errors(load(path)) for path in sorted(folder.glob("*.yaml"))), case


def test_the_editor_schema_accepts_invalidated_mechanisms_so_ropa_can_explain_them() -> None:
    document = {
        "recipients": {
            "x": {
                "name": "X",
                "role": "processor",
                "category": "C",
                "country": "US",
                "transfers": [{"country": "US", "mechanism": "privacy_shield"}],
            }
        }
    }
    assert errors(document) == []  # known by name, so ropa can say why it is refused
    assert json.dumps(json_schema()).count("privacy_shield") >= 1
