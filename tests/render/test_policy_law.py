"""The public page and the register say what the law says (issue 9, item 6).

Each test builds a small register from ``tests/cases/_base`` plus the lines that matter, renders
it, and reads the words a lawyer would check.
"""

from __future__ import annotations

import copy
import html
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from ropa.check import validate
from ropa.render import render
from tests.casefiles import BASE, dump, merge, read
from tests.conftest import TODAY


def build(
    tmp_path: Path, overlay: dict[str, Any], formats: list[str], lang: str = "en"
) -> dict[str, str]:
    """The outputs (``policy.md``, ``register.html``...) of ``_base`` with ``overlay`` merged in,
    in ``lang`` (the base's plain strings are then read as that language)."""
    data = merge(read(BASE), overlay)
    data["policy"]["languages"] = [lang]
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "register.yaml").write_text(dump(data), encoding="utf-8")
    report = validate(tmp_path, TODAY)
    assert report.register is not None
    outputs = render(report.register, languages=[lang], formats=formats)
    return {
        path.name: data.decode("utf-8") if not path.name.endswith(".xlsx") else data.hex()
        for path, data in outputs.items()
    }


def text_of(page: str) -> str:
    """An HTML page's text, one space between words (non-breaking spaces kept)."""
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.DOTALL)
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def pages(tmp_path: Path, overlay: dict[str, Any], lang: str = "en") -> tuple[str, str]:
    """The policy's HTML text and its Markdown."""
    out = build(tmp_path, overlay, ["html", "md"], lang)
    return text_of(out["policy.html"]), re.sub(r"[ \t\r\n]+", " ", out["policy.md"])


HEALTH: dict[str, Any] = {
    "data_categories": {"health": {"name": "Health data", "special": "health"}},
    "activities": {
        "orders": {
            "data_categories": ["identity", "health"],
            "special_conditions": ["a"],
        },
        "care": {
            "name": "Occupational health",
            "legal_bases": [
                {"basis": "legal_obligation", "law": "Code du travail, art. R. 4624-10"}
            ],
            "data_subjects": ["customers"],
            "data_categories": ["health"],
            "special_conditions": [{"condition": "h", "law": "Code du travail, art. L. 4622-2"}],
            "provision": {"requirement": "statutory"},
            "retention": [{"period": "P5Y"}],
            "security_measures": ["encryption"],
            "reviewed": "2026-06-01",
        },
    },
}


def test_each_purpose_with_special_categories_states_its_art_9_2_condition(
    tmp_path: Path,
) -> None:
    for page in pages(tmp_path / "en", HEALTH, "en"):
        orders = page.split("Order management")[1].split("Occupational health")[0]
        assert "Your explicit consent (GDPR Art. 9(2)(a))" in orders
        assert "Health data" in orders
        care = page.split("Occupational health")[1]
        assert (
            "Preventive or occupational medicine, medical diagnosis, the provision of health or "
            "social care or treatment, or the management of health or social care systems and "
            "services (GDPR Art. 9(2)(h))"
        ) in care
        assert "Code du travail, art. L. 4622-2" in care
    html_fr, md_fr = pages(tmp_path / "fr", HEALTH, "fr")
    assert "Votre consentement explicite (art. 9.2.a du RGPD)" in html_fr
    assert (
        "**Condition permettant le traitement de ces données**\u00a0: votre consentement "
        "explicite (art. 9.2.a du RGPD)"
    ) in md_fr


def test_a_purpose_without_special_categories_states_no_condition(tmp_path: Path) -> None:
    for page in pages(tmp_path, {}, "en"):
        assert "Art. 9" not in page


LEGITIMATE = {
    "activities": {
        "orders": {
            "legal_bases": [
                {
                    "basis": "legitimate_interests",
                    "interest": "Preventing fraud",
                    "balancing_test": "LIA-1",
                }
            ]
        }
    }
}
PUBLIC_TASK = {
    "activities": {"orders": {"legal_bases": [{"basis": "public_task", "law": "Loi X"}]}}
}


def test_the_art_21_1_box_is_shown_only_for_legitimate_interests_or_public_task(
    tmp_path: Path,
) -> None:
    for page in pages(tmp_path / "contract", {}):
        assert "Art. 21(1)" not in page
        assert "on grounds relating to your particular situation" not in page
    for overlay, name in ((LEGITIMATE, "li"), (PUBLIC_TASK, "task")):
        for page in pages(tmp_path / name, overlay):
            assert (
                "You may object at any time, on grounds relating to your particular situation, "
                "to processing based on our legitimate interests or on a task carried out in the "
                "public interest (GDPR Art. 21(1))."
            ) in page


US_RECIPIENT = {
    "recipients": {
        "mailer": {
            "name": "Mailer Inc",
            "role": "processor",
            "category": "Emailing service providers",
            "country": "US",
            "dpa": {"signed": "2025-01-01", "reference": "DPA-M"},
            "transfers": [{"country": "US", "mechanism": "dpf", "reference": "DPF list: Mailer"}],
        }
    },
    "activities": {"orders": {"recipients": ["hosting", "mailer"]}},
}


def with_mechanism(mechanism: str, reference: str) -> dict[str, Any]:
    overlay: dict[str, Any] = copy.deepcopy(US_RECIPIENT)
    overlay["recipients"]["mailer"]["transfers"] = [
        {"country": "US", "mechanism": mechanism, "reference": reference, "tia": "TIA-1"}
    ]
    return overlay


def test_an_adequacy_decision_is_a_ground_never_a_safeguard(tmp_path: Path) -> None:
    for page in pages(tmp_path, US_RECIPIENT):
        assert "Safeguard" not in page
        assert "Ground of the transfer" in page
        assert (
            "Adequacy decision (GDPR Art. 45): Commission Implementing Decision (EU) 2023/1795, "
            "for organisations certified under the EU-US Data Privacy Framework"
        ) in page
        assert "copy of the safeguards" not in page


def test_an_art_46_safeguard_comes_with_how_to_obtain_a_copy(tmp_path: Path) -> None:
    for page in pages(tmp_path, with_mechanism("scc", "SCC module 2, 2025")):
        assert (
            "Standard contractual clauses adopted by the European Commission (GDPR Art. "
            "46(2)(c); Commission Implementing Decision (EU) 2021/914) — SCC module 2, 2025"
        ) in page
        assert (
            "You can obtain a copy of the safeguards, or learn where they are made available, "
            "by writing to privacy@example.com."
        ) in page


def test_a_derogation_is_not_an_art_46_safeguard(tmp_path: Path) -> None:
    overlay = with_mechanism("derogation", "")
    overlay["recipients"]["mailer"]["transfers"] = [
        {
            "country": "US",
            "mechanism": "derogation",
            "derogation": "b",
        }
    ]
    for page in pages(tmp_path, overlay):
        assert "Derogation for a specific situation (GDPR Art. 49(1)(b))" in page
        assert "copy of the safeguards" not in page


BELGIAN = {
    "organization": {
        "address": {
            "street": "Rue de la Loi 16",
            "postal_code": "1000",
            "city": "Bruxelles",
            "country": "BE",
        },
        "supervisory_authority": {"name": "Autorité de protection des données", "country": "BE"},
    }
}


def test_member_state_law_follows_the_controllers_country_not_the_language(
    tmp_path: Path,
) -> None:
    for page in pages(tmp_path / "fr-en", {}, "en"):
        assert (
            "to give instructions on what becomes of your data after your death (Art. 85 of "
            "French law no. 78-17 of 6 January 1978 on data processing, files and freedoms)"
        ) in page
    for page in pages(tmp_path / "be-fr", BELGIAN, "fr"):
        assert "78-17" not in page
        assert "art. 85" not in page
        assert "lorsque le droit national le prévoit" in page
    for page in pages(tmp_path / "fr-fr", {}, "fr"):
        assert "(art. 85 de la loi n° 78-17 du 6 janvier 1978" in page


def test_the_register_speaks_as_an_internal_record(tmp_path: Path) -> None:
    """The tool's own words in the register never address a reader: the base's texts hold no
    "you", so any in the register would be the tool's."""
    overlay = merge(HEALTH, US_RECIPIENT)
    overlay["activities"]["orders"]["provision"] = {"requirement": "contractual"}
    overlay["activities"]["orders"]["automated_decisions"] = {
        "logic": "Score",
        "significance": "Refusal",
        "legal_effect": True,
        "exception": "contract",
        "safeguards": "Review",
    }
    for lang, second_person in (
        ("en", r"\b(you|your|yours)\b"),
        ("fr", r"\b(vous|votre|vos)\b"),
    ):
        out = build(tmp_path / lang, overlay, ["html", "csv"], lang)
        for name in ("register.html", "register.csv"):
            words = text_of(out[name]) if name.endswith(".html") else out[name]
            assert not re.search(second_person, words, re.IGNORECASE), (lang, name)


def xlsx_sheets(tmp_path: Path, overlay: dict[str, Any]) -> dict[str, list[list[str]]]:
    """Each sheet of the XLSX register as rows of cell texts (read from its XML)."""
    data = bytes.fromhex(build(tmp_path, overlay, ["xlsx"])["register.xlsx"])
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        names = re.findall(r'<sheet name="([^"]*)"', book.read("xl/workbook.xml").decode())
        shared = [
            html.unescape(re.sub(r"<[^>]+>", "", si))
            for si in re.findall(
                r"<si>(.*?)</si>", book.read("xl/sharedStrings.xml").decode(), re.S
            )
        ]
        sheets = {}
        for number, name in enumerate(names, start=1):
            xml = book.read(f"xl/worksheets/sheet{number}.xml").decode()
            sheets[html.unescape(name)] = [
                [shared[int(v)] for v in re.findall(r'<c [^>]*t="s"[^>]*><v>(\d+)</v></c>', row)]
                for row in re.findall(r"<row [^>]*>(.*?)</row>", xml, re.S)
            ]
    return sheets


CONTROLLER_BLOCK = {
    "organization": {
        "dpo": {"name": "Jane Officer", "email": "dpo@example.com"},
        "eu_representative": {"name": "Rep EU", "email": "rep@example.eu"},
        "privacy_contact": {"name": "Paul Contact", "email": "paul@example.com"},
    },
    "recipients": {
        "partner": {
            "name": "Partner SA",
            "role": "joint_controller",
            "category": "Partners",
            "country": "FR",
            "privacy_policy": "https://partner.example/privacy",
        }
    },
    "activities": {"orders": {"joint_controllers": ["partner"], "role": "joint_controller"}},
}


def test_the_xlsx_register_opens_with_the_art_30_1_a_block(tmp_path: Path) -> None:
    sheets = xlsx_sheets(tmp_path, CONTROLLER_BLOCK)
    first = next(iter(sheets))
    assert first == "Controller"
    rows = {row[0]: row[1] for row in sheets[first][1:]}
    assert rows["Name"] == "Example SAS"
    assert rows["Address"] == "1 rue de la Paix, 75002 Paris, France"
    assert rows["Data protection officer"] == "Jane Officer — dpo@example.com"
    assert rows["Representative (Art. 27)"] == "Rep EU — rep@example.eu"
    assert "Partner SA" in rows["Joint controllers"]
    assert "https://partner.example/privacy" in rows["Joint controllers"]
    assert rows["Supervisory authority"] == "CNIL"


def automated(**decision: Any) -> dict[str, Any]:
    return {
        "activities": {
            "orders": {
                "automated_decisions": {
                    "logic": "A score computed from the order history",
                    "significance": "An order may be refused",
                    **decision,
                },
                "dpia": {"status": "done", "reference": "DPIA-1"},
            }
        }
    }


ART_22_1 = (
    "You have the right not to be subject to a decision based solely on automated processing, "
    "including profiling, which produces legal effects concerning you or similarly "
    "significantly affects you (GDPR Art. 22(1))"
)
ART_22_3 = (
    "you may obtain human intervention on our part, express your point of view and contest "
    "the decision (GDPR Art. 22(3))"
)


def test_no_art_22_text_without_a_decision_with_legal_effect(tmp_path: Path) -> None:
    for page in pages(tmp_path, automated()):
        assert "A score computed from the order history" in page
        assert "Art. 22" not in page
        assert "human intervention" not in page


@pytest.mark.parametrize(
    ("exception", "allowed"),
    [
        (
            "contract",
            "necessary for entering into, or performing, a contract between you and us (GDPR Art. 22(2)(a))",
        ),
        ("explicit_consent", "based on your explicit consent (GDPR Art. 22(2)(c))"),
    ],
)
def test_a_decision_under_contract_or_consent_offers_human_intervention_and_its_safeguards(
    tmp_path: Path, exception: str, allowed: str
) -> None:
    overlay = automated(
        legal_effect=True, exception=exception, safeguards="A credit analyst reviews every refusal."
    )
    for page in pages(tmp_path, overlay):
        assert ART_22_1 in page
        assert allowed in page
        assert ART_22_3 in page
        assert "A credit analyst reviews every refusal." in page


def test_a_decision_authorised_by_law_states_the_law_and_no_human_intervention(
    tmp_path: Path,
) -> None:
    overlay = automated(
        legal_effect=True, exception="law", law="Code monétaire et financier, art. L. 561-5"
    )
    for page in pages(tmp_path, overlay):
        assert ART_22_1 in page
        assert (
            "authorised by Code monétaire et financier, art. L. 561-5, which lays down suitable "
            "measures to safeguard your rights and freedoms and legitimate interests "
            "(GDPR Art. 22(2)(b))"
        ) in page
        assert "human intervention" not in page


def test_the_unconditional_objection_to_direct_marketing_only_with_marketing_channels(
    tmp_path: Path,
) -> None:
    right = (
        "You may object at any time, without giving reasons, to the processing of your data for "
        "direct marketing, including profiling to the extent that it is related to it; your "
        "data are then no longer processed for that purpose (GDPR Art. 21(2) and (3))."
    )
    for page in pages(tmp_path / "none", {}):
        assert "Art. 21(2)" not in page
        assert "Your right to object" not in page, "no box at all: neither 21(1) nor 21(2)"
    marketing = {
        "activities": {
            "orders": {
                "marketing_channels": ["email", "post"],
                "legal_bases": [{"basis": "consent", "withdrawal": "Unsubscribe link"}],
            }
        }
    }
    for page in pages(tmp_path / "marketing", marketing):
        assert right in page
        assert "Art. 21(1)" not in page


JOINT = {
    "recipients": {
        "partner": {
            "name": "Partner SA",
            "role": "joint_controller",
            "category": "Partners",
            "country": "FR",
        }
    },
    "activities": {
        "orders": {
            "role": "joint_controller",
            "joint_controllers": ["partner"],
            "joint_arrangement": {
                "summary": "We inform you and answer your requests; Partner SA secures the data.",
                "reference": "JCA-2026-01",
                "contact": "joint@example.com",
            },
        }
    },
}


def test_the_essence_of_a_joint_arrangement_and_its_contact_point_are_published(
    tmp_path: Path,
) -> None:
    for page in pages(tmp_path, JOINT):
        section = page.split("Order management")[1]
        assert "Partner SA" in section
        assert "We inform you and answer your requests; Partner SA secures the data." in section
        assert "joint@example.com" in section
        assert "Art. 26(2)" in section
        assert (
            "Whatever the arrangement, you may exercise your rights in respect of and against "
            "each of the joint controllers (GDPR Art. 26(3))."
        ) in page
        assert "JCA-2026-01" not in page, "the document's reference is for the register"
    register = text_of(build(tmp_path / "register", JOINT, ["html"])["register.html"])
    assert "JCA-2026-01" in register
    assert "joint@example.com" in register


SOURCED = {
    "data_categories": {"contact": {"name": "Contact data"}},
    "activities": {
        "orders": {
            "data_categories": ["identity", "contact"],
            "sources": [
                {"source": "The person who places the order", "categories": ["contact"]},
                "A public directory",
            ],
        }
    },
}


def test_each_source_lists_the_categories_it_provides_in_html_and_markdown(
    tmp_path: Path,
) -> None:
    for page in pages(tmp_path, SOURCED):
        sources = page.split("Data we do not collect from you")[-1]
        assert "The person who places the order (Contact data)" in sources
        assert "A public directory (Identity data and Contact data)" in sources


def test_the_json_register_carries_the_1_1_fields(tmp_path: Path) -> None:
    overlay: dict[str, Any] = merge(
        merge(merge(JOINT, SOURCED), US_RECIPIENT),
        automated(legal_effect=True, exception="contract", safeguards="Review"),
    )
    overlay["activities"]["orders"]["marketing_channels"] = ["post"]
    data = json.loads(build(tmp_path, overlay, ["json"])["register.json"])
    orders = data["activities"][0]
    assert orders["source_categories"] == [["contact"], []]
    assert orders["marketing_channels"] == ["post"]
    assert orders["joint_arrangement"]["contact"] == "joint@example.com"
    assert orders["automated_decisions"]["exception"] == "contract"
    assert orders["transfers"][0]["ground"].startswith("adequacy decision (GDPR Art. 45)")
