"""The sub-processor list (``subprocessors.html``, ``.json``): the processors our processor
activities use, for the customers we process data for (Art. 28(2), (4)); written only when
the register has a processor activity. Its HTML is a golden file (tests/render/test_outputs.py)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ropa.check import validate
from ropa.cli import app
from ropa.render import render
from tests.casefiles import dump, read
from tests.conftest import TODAY

PROCESSOR = Path(__file__).parent / "registers" / "processor"
runner = CliRunner()


def subprocessors(folder: Path, lang: str = "en") -> dict[str, bytes]:
    register = validate(folder, TODAY).register
    outputs = render(register, languages=[lang], formats=["subprocessors"])
    return {path.name: body for path, body in outputs.items()}


def test_the_json_lists_the_processors_of_processor_activities_only() -> None:
    data = json.loads(subprocessors(PROCESSOR)["subprocessors.json"])
    assert data == {
        "format_version": 1,
        "language": "en",
        "processor": {
            "name": "Exemple Logiciel SAS",
            "email": "privacy@example.com",
            "website": "www.example.com",
        },
        "version": "2.0",
        "effective_date": "2026-10-01",
        "services": [
            {
                "id": "crm",
                "name": "Hosted CRM for our customers",
                "controller": "Each customer organisation",
            }
        ],
        "subprocessors": [
            {
                "id": "cloud",
                "name": "Cloud & Co <Inc>",
                "service": "Hosting of the CRM",
                "country": "US",
                "country_name": "United States",
                "since": "2026-10-01",
                "services": ["crm"],
                "transfers": [
                    {
                        "country": "US",
                        "country_name": "United States",
                        "ground": "standard contractual clauses adopted by the European "
                        "Commission (GDPR Art. 46(2)(c); Commission Implementing Decision (EU) "
                        "2021/914) — SCC module 3",
                        "reference": "SCC module 3",
                    }
                ],
                "privacy_policy": None,
            },
            {
                "id": "mailer",
                "name": "Mailer GmbH",
                "service": "Sending of the CRM's notifications",
                "country": "DE",
                "country_name": "Germany",
                "since": "2025-03-01",
                "services": ["crm"],
                "transfers": [],
                "privacy_policy": None,
            },
        ],
    }  # Letters SARL sends our own newsletter: our processor, no customer's sub-processor


def test_the_html_says_added_on_and_escapes_names() -> None:
    html = subprocessors(PROCESSOR, "fr")["subprocessors.html"].decode()
    assert "<title>Nos sous-traitants ultérieurs</title>" in html
    assert "Cloud &amp; Co &lt;Inc&gt;" in html
    assert '<td data-label="Ajout">ajouté le 1er octobre 2026</td>' in html
    assert "Letters SARL" not in html


def test_a_register_without_processor_activities_has_no_list(tmp_path: Path) -> None:
    data = read(PROCESSOR / "register.yaml")
    del data["activities"]["crm"]
    for recipient in ("cloud", "mailer"):
        del data["recipients"][recipient]
    (tmp_path / "register.yaml").write_text(dump(data), encoding="utf-8")
    assert subprocessors(tmp_path) == {}


def test_a_processor_activity_with_no_processor_says_so(tmp_path: Path) -> None:
    data = read(PROCESSOR / "register.yaml")
    data["activities"]["crm"]["recipients"] = []
    for recipient in ("cloud", "mailer"):
        del data["recipients"][recipient]
    (tmp_path / "register.yaml").write_text(dump(data), encoding="utf-8")
    built = subprocessors(tmp_path)
    assert json.loads(built["subprocessors.json"])["subprocessors"] == []
    assert "<p>We engage no sub-processor.</p>" in built["subprocessors.html"].decode()


def test_the_list_of_a_previous_build_goes_when_it_no_longer_applies(tmp_path: Path) -> None:
    register, out = tmp_path / "data", tmp_path / "out"
    register.mkdir()
    data = read(PROCESSOR / "register.yaml")
    (register / "register.yaml").write_text(dump(data), encoding="utf-8")

    def build() -> list[str]:
        args = ["build", str(register), "--out", str(out), "-f", "subprocessors", "--lang", "en"]
        result = runner.invoke(app, [*args, "--today", "2026-11-24"])
        assert result.exit_code == 0, result.output
        return sorted(p.name for p in (out / "en").iterdir())

    assert build() == ["subprocessors.html", "subprocessors.json"]
    data["activities"]["crm"]["role"] = "controller"  # the CRM becomes our own
    data["activities"]["crm"]["legal_bases"] = [{"basis": "contract"}]
    data["activities"]["crm"]["retention"] = [{"period": "3 years"}]
    data["activities"]["crm"]["provision"] = {"requirement": "contractual"}
    del data["activities"]["crm"]["controller"]
    (register / "register.yaml").write_text(dump(data), encoding="utf-8")
    assert build() == []


def test_the_register_shows_when_a_recipient_was_added() -> None:
    register = validate(PROCESSOR, TODAY).register
    outputs = render(register, languages=["en"], formats=["html", "json"])
    html = outputs[Path("en/register.html")].decode()
    assert (
        'Mailer GmbH<br><span class="ropa-muted ropa-small">added on March 1, 2025</span>' in html
    )
    recipients = json.loads(outputs[Path("en/register.json")])["recipients"]
    assert [(r["id"], r["since"]) for r in recipients] == [
        ("cloud", "2026-10-01"),
        ("mailer", "2025-03-01"),
        ("newsletter-tool", None),
    ]
