"""Fides manifests in: a manifest as Fides teams write one (taxonomy keys, no ropa ids), the
round trip of `ropa build -f fides`, and files that are not manifests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ropa.check import validate
from ropa.interop.fides import ManifestError, key_id, key_name, read_fides, read_manifest
from ropa.interop.result import Cell
from ropa.interop.write import write_register
from ropa.loader import Limits
from ropa.render import render
from tests.conftest import DATA, TODAY

#: A manifest in Fides' own style (fideslang's demo system, trimmed, and a custom category).
MANIFEST = b"""\
organization:
- fides_key: demo_org
  name: Demo Org
  controller: {name: Demo Org, address: "1 Main St, 10001 New York, US", email: privacy@demo.example, phone: "+1 555 0100"}
  data_protection_officer: {name: Dana Officer, email: dpo@demo.example}
data_category:
- fides_key: user.contact.loyalty_card
  parent_key: user.contact
  name: Loyalty card number
  description: The number on a customer's loyalty card.
system:
- fides_key: demo_analytics_system
  name: Demo Analytics System
  system_type: Service
  administrating_department: Marketing
  privacy_declarations:
  - name: Analyze customer behaviour for improvements
    data_categories: [user.contact, user.device.cookie_id, user.contact.loyalty_card]
    data_use: functional.service.improve
    data_subjects: [customer]
    legal_basis_for_processing: Legitimate interests
    impact_assessment_location: LIA-7
    retention_period: 6 years
  - name: Keep the tax records
    data_categories: [user.financial]
    data_use: essential.legal_obligation
    data_subjects: [customer]
  - name: Health survey
    data_categories: [user.health_and_medical]
    data_use: analytics.reporting
    data_subjects: [customer, patient]
    special_category_legal_basis: Explicit consent
    egress: [stats_store]
  egress:
  - {fides_key: stats_store, type: system}
"""


def test_a_fides_teams_manifest() -> None:
    imported = read_manifest(MANIFEST, "demo.yml")
    sections = imported.sections
    assert sections["organization"] == {
        "name": "Demo Org",
        "email": "privacy@demo.example",
        "phone": "+1 555 0100",
        "dpo": {"name": "Dana Officer", "email": "dpo@demo.example"},
    }
    activities = sections["activities"]
    assert list(activities) == [
        "analyze-customer-behaviour-for-improvements",
        "keep-the-tax-records",
        "health-survey",
    ]
    first = activities["analyze-customer-behaviour-for-improvements"]
    assert first["owner"] == "Marketing"
    assert first["legal_bases"] == [{"basis": "legitimate_interests", "balancing_test": "LIA-7"}]
    assert first["retention"] == [{"period": "6 years"}]
    assert first["data_categories"] == [
        "user-contact",
        "user-device-cookie_id",
        "user-contact-loyalty_card",
    ]
    assert "Fides data use: functional.service.improve" in first["notes"]
    # the data use that names the basis: a guess, reported
    assert activities["keep-the-tax-records"]["legal_bases"] == [{"basis": "legal_obligation"}]
    assert any(
        n.what == "guessed" and n.value == "essential.legal_obligation" for n in imported.notes
    )
    # no basis at all: reported where it was, and a TODO beside the activity
    survey = activities["health-survey"]
    assert "legal_bases" not in survey
    assert survey["special_conditions"] == ["a"]
    unmapped = [
        n for n in imported.notes if n.path == ("activities", "health-survey", "legal_bases")
    ]
    assert unmapped[0].cell == Cell("demo.yml", 0, "system[0].privacy_declarations[2].data_use")
    assert "Art. 6 basis" in imported.todos[("activities", "health-survey", "legal_bases")]
    assert "Fides egress: [stats_store]" in survey["notes"]
    # categories named by the manifest's own entry, else from the key; special ones flagged
    categories = sections["data_categories"]
    assert categories["user-contact-loyalty_card"]["name"] == "Loyalty card number"
    assert categories["user-device-cookie_id"]["name"] == "Device cookie id"
    assert categories["user-health_and_medical"]["special"] == "health"
    assert sections["data_subjects"]["customer"]["name"] == "Customer"
    # what the register cannot hold as Fides wrote it is a note, never dropped
    columns = {n.cell.column for n in imported.notes}
    assert "organization[0].controller.address" in columns
    assert "system[0].egress" in columns
    assert ("organization", "supervisory_authority") in imported.todos


def test_round_trip_keeps_activities_categories_and_subjects(tmp_path: Path) -> None:
    register = validate(DATA, TODAY).register
    assert register is not None
    outputs = render(register, languages=["en"], formats=["fides"])
    imported = read_manifest(outputs[Path("en/fides.yml")], "fides.yml")
    sections = imported.sections
    assert {k: v["name"] for k, v in sections["activities"].items()} == {
        a.id: a.name.get("en") for a in register.activities.values()
    }
    for activity in register.activities.values():
        back = sections["activities"][activity.id]
        assert back["data_categories"] == [c.id for c in activity.category_entries]
        assert back["data_subjects"] == [s.id for s in activity.subject_entries]
        assert [b["basis"] for b in back["legal_bases"]] == [
            b.basis.value for b in activity.legal_bases
        ]
    assert {k: v["name"] for k, v in sections["data_categories"].items()} == {
        c.id: c.name.get("en") for c in register.data_categories.values()
    }
    assert set(sections["data_subjects"]) == set(register.data_subjects)
    # and through a file
    (tmp_path / "fides.yml").write_bytes(outputs[Path("en/fides.yml")])
    assert read_fides(tmp_path / "fides.yml").sections == sections


#: What a Fides manifest cannot hold, so what a register imported from one still lacks.
NOT_IN_FIDES = {
    "missing-field",  # the policy section, the postal address as a mapping, the authority
    "consent-withdrawal-missing",
    "legitimate-interest-undescribed",
    "legal-obligation-unreferenced",
    "legal-basis-unallocated",  # which basis covers which categories
    "provision-undeclared",
    "security-measures-missing",
}


def test_the_imported_register_lacks_only_what_fides_cannot_hold(tmp_path: Path) -> None:
    register = validate(DATA, TODAY).register
    assert register is not None
    outputs = render(register, languages=["en"], formats=["fides"])
    write_register(tmp_path / "back", read_manifest(outputs[Path("en/fides.yml")], "fides.yml"))
    findings = validate(tmp_path / "back", TODAY).findings
    assert {f.rule for f in findings} <= NOT_IN_FIDES
    missing = sorted(f.message.split("'")[1] for f in findings if f.rule == "missing-field")
    assert missing == ["address", "policy", "supervisory_authority"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a: &x [1]\nb: *x\n", "demo.yml:2:4: aliases (*name) are not read in a manifest"),
        (b"\xff\xfe", "demo.yml is not UTF-8 text (byte 0)"),
        (b"- just\n- a list\n", "demo.yml is not a Fides manifest"),
        (b"system: !!python/object:os.system {}\n", "demo.yml:1:9: "),
        (b"system: [\n", "demo.yml:2:1: "),
        (b"organization: []\n", "demo.yml has no 'system:' list"),
    ],
)
def test_what_is_not_a_manifest_is_one_line(data: bytes, message: str) -> None:
    with pytest.raises(ManifestError) as caught:
        read_manifest(data, "demo.yml")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_a_file_too_large_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ropa.interop.fides.LIMITS", Limits(file_bytes=10))
    (tmp_path / "big.yml").write_bytes(b"system: []\n" * 10)
    with pytest.raises(ManifestError, match="larger than"):
        read_fides(tmp_path / "big.yml")


@pytest.mark.parametrize(
    ("key", "kind", "entry_id", "name"),
    [
        ("user.contact.email", "data_category", "user-contact-email", "Contact email"),
        ("user", "data_category", "user", "User data"),
        ("anonymous_user", "data_subject", "anonymous_user", "Anonymous user"),
        ("1x", "data_category", "fides-1x", "1x data"),
    ],
)
def test_keys_to_ids_and_names(key: str, kind: str, entry_id: str, name: str) -> None:
    assert key_id(key) == entry_id
    assert key_name(key, kind) == name


def test_ropa_import_from_fides_writes_and_validates_the_register(tmp_path: Path) -> None:
    """The whole command, as registered in ``ropa``: a manifest written by ``ropa build -f
    fides`` becomes a register folder and a report, and what Fides cannot hold is reported."""
    from typer.testing import CliRunner

    from ropa.cli import app

    runner = CliRunner()
    built = runner.invoke(app, ["build", str(DATA), "-f", "fides", "--out", str(tmp_path / "o")])
    assert built.exit_code == 0, built.output
    manifest = tmp_path / "o" / "en" / "fides.yml"
    args = ["import", str(manifest), "--from", "fides", "--out", str(tmp_path / "reg")]
    result = runner.invoke(
        app, [*args, "--report", str(tmp_path / "r.md"), "--today", "2026-11-30"]
    )
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("12 activities imported from ")
    assert sorted(p.name for p in (tmp_path / "reg").iterdir()) == [
        "activities.yaml",
        "definitions.yaml",
        "organization.yaml",
    ]
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Import of fides.yml\n")
    again = runner.invoke(app, args)
    assert again.exit_code == 2
    assert again.stderr.startswith("ropa: error: not overwriting existing files: ")
    missing = runner.invoke(app, ["import", str(manifest), "--from", "fides"])
    assert (missing.exit_code, missing.stderr) == (
        2,
        "ropa: error: ropa import --from fides needs --out DIR\n",
    )
