"""`ropa build -f fides`: a Fides manifest that fideslang's own models accept, whose taxonomy
keys exist in fideslang's default taxonomy (or in the manifest's own entries), the same bytes
from build to build, and never among the default formats."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from fideslang.default_taxonomy import DEFAULT_TAXONOMY
from fideslang.models import Taxonomy
from typer.testing import CliRunner

from ropa.check import validate
from ropa.cli import app
from ropa.model.register import Register
from ropa.render import DEFAULT_FORMATS, FORMATS, render
from tests.conftest import DATA, TODAY


@cache
def example() -> Register:
    register = validate(DATA, TODAY).register
    assert register is not None
    return register


def manifests() -> dict[str, bytes]:
    outputs = render(example(), languages=["en", "fr"], formats=["fides"])
    return {path.parent.name: body for path, body in outputs.items()}


@pytest.fixture(scope="module")
def built() -> dict[str, bytes]:
    return manifests()


def keys(kind: str) -> set[str]:
    return {entry.fides_key for entry in getattr(DEFAULT_TAXONOMY, kind)}


def test_fides_is_opt_in() -> None:
    assert "fides" in FORMATS
    assert "fides" not in DEFAULT_FORMATS


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_fideslang_accepts_the_manifest(built: dict[str, bytes], lang: str) -> None:
    data: dict[str, Any] = yaml.safe_load(built[lang])
    taxonomy = Taxonomy.model_validate(data)  # warnings are errors in this suite
    (system,) = taxonomy.system
    assert len(system.privacy_declarations) == len(example().activities)
    assert taxonomy.organization[0].name == "My Little Day"
    assert system.organization_fides_key == taxonomy.organization[0].fides_key
    custom = {s.fides_key for s in taxonomy.data_subject}
    for declaration in system.privacy_declarations:
        assert set(declaration.data_categories) <= keys("data_category")
        assert declaration.data_use in keys("data_use")
        assert set(declaration.data_subjects) <= keys("data_subject") | custom
    # a custom subject is only for what the default taxonomy cannot say
    assert custom == {"contest-participants", "delivery-recipients"}
    assert not custom & keys("data_subject")


def test_names_are_in_each_language_and_keys_the_same(built: dict[str, bytes]) -> None:
    en, fr = (yaml.safe_load(built[lang])["system"][0] for lang in ("en", "fr"))
    names = {d["name"] for d in fr["privacy_declarations"]}
    assert "Gestion des livraisons et suivi des commandes" in names
    assert sorted(d["data_use"] for d in en["privacy_declarations"]) == sorted(
        d["data_use"] for d in fr["privacy_declarations"]
    )


def test_the_bytes_are_the_same_from_build_to_build(built: dict[str, bytes]) -> None:
    assert manifests() == built


def test_the_mapping_of_the_example(built: dict[str, bytes]) -> None:
    system = yaml.safe_load(built["en"])["system"][0]
    by_id = {
        entry["id"]: declaration
        for entry, declaration in zip(
            system["meta"]["ropa"]["activities"], system["privacy_declarations"], strict=True
        )
    }
    assert by_id["accounting"]["data_use"] == "essential.legal_obligation"
    assert by_id["accounting"]["legal_basis_for_processing"] == "Legal obligations"
    assert by_id["customer-accounts"]["data_use"] == "essential.service"
    assert by_id["customer-accounts"]["data_categories"] == [
        "user.behavior.purchase_history",
        "user.contact",
        "user.device",
        "user.financial.credit_card",
    ]
    assert by_id["targeted-offers"]["data_use"] == "marketing.advertising"  # social and email
    assert by_id["audience-measurement"]["data_use"] == "analytics"
    assert by_id["customer-reviews"]["impact_assessment_location"].startswith("LIA-2026-02")
    assert by_id["social-advertising"]["data_subjects"] == [
        "anonymous_user",
        "customer",
        "prospect",
    ]
    assert "3 years" in by_id["customer-reviews"]["retention_period"]


def test_ropa_build_dash_f_fides_writes_one_manifest_per_language(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["build", str(DATA), "--out", str(tmp_path), "-f", "fides", "--today", "2026-11-24"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.yml")) == [
        "en/fides.yml",
        "fr/fides.yml",
    ]
