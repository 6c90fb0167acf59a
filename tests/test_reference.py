"""Legal reference data: dated, sourced, in one place, and as the law stands."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa.check import validate
from ropa.cli import app
from ropa.reference import READ_BY_RULE, cited_withdrawn, explain_note, reference
from ropa.render import render
from ropa.rules.recipients import country_name
from tests.casefiles import case
from tests.conftest import CASES, TODAY

ON = date(2026, 11, 30)


def test_every_entry_has_a_source_a_date_and_says_whether_it_was_confirmed() -> None:
    data = reference()
    assert data.as_of == date(2026, 11, 30)
    for entry in data.adequacy.values():
        assert entry.source.startswith("https://")
        assert entry.decision
        assert entry.adopted <= data.as_of
        assert isinstance(entry.confirmed, bool)
        assert entry.confirmed or entry.note, f"{entry.country}: say what could not be confirmed"
        if not entry.general:
            assert entry.covers, f"{entry.country}: a limited scope is described in words"
    for gone in data.invalidated.values():
        assert gone.source.startswith("https://")
        assert gone.confirmed or gone.note
    for instrument in data.withdrawn.values():
        assert instrument.source.startswith("https://")
        assert instrument.patterns
        assert instrument.replaced_by
        assert instrument.withdrawn <= data.as_of
        assert instrument.confirmed or instrument.note
    for review in data.reviews:
        assert review.source.startswith("https://")


def test_eea_is_the_27_member_states_and_iceland_liechtenstein_norway() -> None:
    eea = reference().eea
    assert len(eea) == 30 + 7  # and the outermost regions and Åland, which have codes of their own
    assert {"IS", "LI", "NO", "FR", "GR", "RE", "AX"} <= eea
    assert "GB" not in eea
    assert "CH" not in eea


def test_adequacy_decisions() -> None:
    data = reference()
    assert data.generally_adequate("CH", ON)
    assert data.generally_adequate("GB", ON)
    assert data.adequacy["GB"].expires == date(2031, 12, 27)
    assert not data.generally_adequate("GB", date(2032, 1, 1)), "adequacy lapses when it expires"
    assert data.adequacy["BR"].decision.endswith("2026/179")
    us = data.adequacy["US"]
    assert (us.scope, us.mechanism) == ("partial", "dpf")
    assert "2023/1795" in us.decision
    assert data.adequacy["CA"].scope == "partial"
    assert not data.generally_adequate("US", ON)
    assert not data.generally_adequate("IN", ON)


@pytest.mark.parametrize(
    ("country", "decision", "words"),
    [
        ("IL", "2011/61/EU", ["automated processing", "international law"]),
        ("UY", "2012/484/EU", ["automated processing"]),
        (
            "KR",
            "(EU) 2022/254",
            ["Personal Information Protection Act", "missionary", "political parties", "credit"],
        ),
    ],
)
def test_israel_uruguay_and_korea_are_limited_scope_decisions(
    country: str, decision: str, words: list[str]
) -> None:
    entry = reference().adequacy[country]
    assert entry.decision.endswith(decision)
    assert (entry.scope, entry.mechanism) == ("partial", "adequacy")
    assert not reference().generally_adequate(country, ON), "an explicit entry is needed"
    assert entry.scope_words.startswith("only ")
    for word in words:
        assert word in entry.scope_words


def test_the_2024_review_of_the_eleven_older_decisions_is_recorded() -> None:
    data = reference()
    (review,) = data.reviews
    assert review.date == date(2024, 1, 15)
    assert "COM(2024) 7" in review.title
    assert len(review.countries) == 11
    assert data.adequacy["IL"].reviewed == date(2024, 1, 15)
    assert data.adequacy["KR"].reviewed is None, "adopted under the GDPR, not in that review"


def test_unconfirmed_entries_are_the_uk_renewal_and_uruguays_scope() -> None:
    unconfirmed = {row.label.split(":")[0] for row in reference().unconfirmed(["adequacy"])}
    assert unconfirmed == {"GB", "UY"}


def test_explain_lists_the_unconfirmed_entries_a_transfer_rule_rests_on() -> None:
    note = explain_note("transfer-without-safeguard")
    assert note.startswith(
        "Reference data not confirmed against the official text (as of 2026-11-30):"
    )
    assert "GB: Commission Implementing Decision (EU) 2021/1772" in note
    assert "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32012D0484" in note
    assert "CH:" not in note
    assert "scc_2010" in explain_note("transfer-mechanism-invalidated")
    assert explain_note("legal-basis-missing") == ""


def test_only_known_sections_are_read() -> None:
    for sections in READ_BY_RULE.values():
        reference().unconfirmed(sections)
    with pytest.raises(ValueError, match="no reference section"):
        reference().unconfirmed(["adequacies"])


def test_invalidated_mechanisms() -> None:
    gone = reference().invalidated
    assert gone["safe_harbor"].invalid_since == date(2015, 10, 6)
    assert "C-362/14" in gone["safe_harbor"].authority
    assert "2000/520/EC" in gone["safe_harbor"].reason
    assert gone["privacy_shield"].invalid_since == date(2020, 7, 16)
    assert "C-311/18" in gone["privacy_shield"].authority
    assert gone["scc_2010"].invalid_since == date(2022, 12, 28), "valid until 27 December 2022"


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        ("NS-048", [("cnil-ns-048", "NS-048")]),
        ("Conformément à la norme NS-048.", [("cnil-ns-048", "NS-048")]),
        ("ns 48", [("cnil-ns-048", "ns 48")]),
        ("NS48", [("cnil-ns-048", "NS48")]),
        ("norme simplifiée n° 48 de la CNIL", [("cnil-ns-048", "norme simplifiée n° 48")]),
        ("norme simplifiee no 48", [("cnil-ns-048", "norme simplifiee no 48")]),
        ("CNIL NS-046 (personnel)", [("cnil-simplified-standard", "NS-046")]),
        ("norme simplifiée n°56", [("cnil-simplified-standard", "norme simplifiée n°56")]),
        ("Directive 95/46/EC", [("directive-95-46", "Directive 95/46/EC")]),
        (
            "directive n° 95/46/CE du 24 octobre 1995",
            [("directive-95-46", "directive n° 95/46/CE")],
        ),
        ("Richtlinie 95/46/EG", [("directive-95-46", "Richtlinie 95/46/EG")]),
        # a `law` that names the Directive, even as replaced, still cites it
        ("GDPR, which replaced Directive 95/46", [("directive-95-46", "Directive 95/46")]),
        ("Safe Harbor certified", [("safe-harbour", "Safe Harbor")]),
        ("the Safe Harbour principles", [("safe-harbour", "Safe Harbour")]),
        ("Decision 2000/520/EC", [("safe-harbour", "2000/520/EC")]),
        ("EU-US Privacy Shield", [("privacy-shield", "Privacy Shield")]),
        ("mechanism privacy_shield", [("privacy-shield", "privacy_shield")]),
        ("SCC 2010/87/EU, module 2", [("scc-2010", "2010/87/EU")]),
        (
            "NS-048 and Directive 95/46/EC",
            [("cnil-ns-048", "NS-048"), ("directive-95-46", "Directive 95/46/EC")],
        ),
    ],
)
def test_withdrawn_instruments_are_recognised_in_free_text(
    text: str, cited: list[tuple[str, str]]
) -> None:
    assert [(c.instrument.id, c.text) for c in cited_withdrawn(text)] == cited


@pytest.mark.parametrize(
    "text",
    [
        "NS-0481-X",  # a product code that begins like NS-048
        "NS-048-B",
        "part NS-04812",
        "DNS 48 records",
        "GDPR (EU) 2016/679",
        "1995/46/EC",
        "HIPAA Safe Harbor de-identification",  # US law's other safe harbours
        "DMCA safe harbor",
        "Data Privacy Framework (Decision 2023/1795)",
        "SCC 2021/914, module 2",
        "référentiel gestion commerciale (délibération 2021-131)",
    ],
)
def test_what_is_not_a_citation_of_a_withdrawn_instrument(text: str) -> None:
    assert cited_withdrawn(text) == []


def test_a_citation_counts_only_once_the_instrument_no_longer_applies() -> None:
    assert cited_withdrawn("Privacy Shield", on=date(2020, 7, 15)) == []
    assert len(cited_withdrawn("Privacy Shield", on=date(2020, 7, 16))) == 1


def test_ropa_explain_ends_with_the_unconfirmed_entries() -> None:
    result = CliRunner().invoke(app, ["explain", "adequacy-not-recognised"])
    assert result.exit_code == 0
    assert result.output.endswith(f"\n\n{explain_note('adequacy-not-recognised')}\n")
    plain = CliRunner().invoke(app, ["explain", "legal-basis-missing"])
    assert "not confirmed" not in plain.output


def _register_with_hosting_in(tmp_path: Path, country: str, transfers: str = "") -> Path:
    """The base case register, its processor moved to ``country`` (with ``transfers`` lines)."""
    text = (CASES / "_base" / "register.yaml").read_text(encoding="utf-8")
    moved = text.replace(
        "    country: FR\n    dpa:", f"    country: {country}\n{transfers}    dpa:"
    )
    assert moved != text
    tmp_path.mkdir()
    (tmp_path / "register.yaml").write_text(moved, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("en", "reference not confirmed against the official text as of November 30, 2026"),
        ("fr", "référence non vérifiée au regard du texte officiel au 30 novembre 2026"),
    ],
)
def test_the_register_marks_a_transfer_resting_on_an_unconfirmed_entry(
    tmp_path: Path, lang: str, note: str
) -> None:
    uk = validate(_register_with_hosting_in(tmp_path / "uk", "GB"), TODAY)
    assert not uk.findings
    html = render(uk.register, languages=[lang], formats=["html"])[Path(lang) / "register.html"]
    annex = html.decode("utf-8").split('id="annex-transfers"')[1].split("</section>")[0]
    assert f'<br><span class="ropa-muted ropa-small">{note}</span></td>' in annex
    israel = validate(
        _register_with_hosting_in(
            tmp_path / "il", "IL", "    transfers:\n      - {country: IL, mechanism: adequacy}\n"
        ),
        TODAY,
    )
    assert not israel.findings
    html = render(israel.register, languages=[lang], formats=["html"])[Path(lang) / "register.html"]
    annex = html.decode("utf-8").split('id="annex-transfers"')[1].split("</section>")[0]
    assert "2011/61/" in annex, "the decision the transfer rests on"
    assert "official text" not in annex, "a confirmed entry gets no note"
    assert "texte officiel" not in annex


@pytest.mark.parametrize(
    ("name", "quoted"),
    [
        (
            "transfer-without-safeguard--israel",
            "Commission Decision 2011/61/EU on Israel (IL) covers only automated processing of "
            "personal data: automated international transfers",
        ),
        (
            "transfer-without-safeguard--uruguay",
            "Commission Implementing Decision 2012/484/EU on Uruguay (UY) covers only automated "
            "processing of personal data;",
        ),
        (
            "transfer-without-safeguard--korea",
            "covers only personal information controllers subject to the Personal Information "
            "Protection Act (PIPA), not processing by religious organisations for their missionary "
            "activities, by political parties for the nomination of candidates",
        ),
        (
            "adequacy-not-recognised--limited-scope",
            "Commission Implementing Decision (EU) 2022/254 on Korea, Republic of (KR) covers only",
        ),
    ],
)
def test_each_limited_scope_is_quoted_in_its_finding(name: str, quoted: str) -> None:
    (finding,) = validate(case(name), TODAY).findings
    assert quoted in finding.message
    if finding.rule == "transfer-without-safeguard":
        assert "mechanism: adequacy}] if the transfer falls within it, or another mechanism" in (
            finding.message
        )


def test_safe_harbour_is_refused_with_its_judgment() -> None:
    (finding,) = validate(case("transfer-mechanism-invalidated--safe-harbor"), TODAY).findings
    assert finding.message == (
        "recipient 'hosting': EU-US Safe Harbour has not been valid since 2015-10-06 "
        "(CJEU, C-362/14 (Schrems I)); use dpf (for certified US organisations) or scc, "
        "with reference: ... (and, for scc, tia: ...)"
    )


@pytest.mark.parametrize(
    ("country", "fires"),
    [
        ("NO", False),  # the EEA is the Union and Iceland, Liechtenstein, Norway
        ("LI", False),
        ("RE", False),  # an outermost region, with a code of its own
        ("AX", False),
        ("CH", True),  # an adequacy decision is not an establishment in the Union
        ("GB", True),
        ("US", True),
    ],
)
def test_a_controller_outside_the_eea_names_its_eu_representative(
    tmp_path: Path, country: str, fires: bool
) -> None:
    text = (CASES / "_base" / "register.yaml").read_text(encoding="utf-8")
    moved = text.replace("    country: FR\n  email:", f"    country: {country}\n  email:")
    assert moved != text
    (tmp_path / "register.yaml").write_text(moved, encoding="utf-8")
    findings = validate(tmp_path, TODAY).findings
    assert [f.rule for f in findings] == (["eu-representative-missing"] if fires else [])
    if fires:
        assert findings[0].message.startswith(
            f"the controller's address is in {country_name(country)}, outside the EEA,"
        )


@pytest.mark.parametrize(
    ("country", "mechanism", "rules"),
    [
        ("CH", "scc", []),  # a general adequacy decision: no safeguard needed, none assessed
        ("GB", "bcr", []),
        ("DE", "scc", []),  # within the EEA: not a transfer
        ("CA", "scc", ["transfer-undocumented", "transfer-unassessed"]),  # limited scope
        ("JP", "certification", ["transfer-undocumented", "transfer-unassessed"]),
        ("US", "dpf", ["transfer-undocumented"]),  # an adequacy decision: no assessment
        ("IL", "dpf", ["adequacy-not-recognised"]),  # the wrong mechanism, said once
    ],
)
def test_transfer_documentation_follows_the_adequacy_data(
    tmp_path: Path, country: str, mechanism: str, rules: list[str]
) -> None:
    entry = f"    transfers:\n      - {{country: {country}, mechanism: {mechanism}}}\n"
    register = _register_with_hosting_in(tmp_path / "r", country, entry)
    assert sorted(f.rule for f in validate(register, TODAY).findings) == sorted(rules)


def test_an_obsolete_reference_names_the_instrument_its_date_and_its_replacement() -> None:
    findings = validate(case("obsolete-reference--everywhere"), TODAY).findings
    by_place = {f.message.split(" cites ")[0]: f.message for f in findings}
    assert by_place["activity 'orders' (legal_bases[1].law)"] == (
        "activity 'orders' (legal_bases[1].law) cites Directive 95/46/EC, no longer applicable "
        "since 2018-05-25 and replaced by Regulation (EU) 2016/679 (GDPR), which repealed the "
        "Directive with effect from 25 May 2018 (Art. 94(1)); references to the Directive are "
        "construed as references to the Regulation (Art. 94(2)); cite that instead, and check "
        "that what rests on it still holds"
    )
    assert by_place["recipient 'hosting' (transfers[0].reference)"].startswith(
        "recipient 'hosting' (transfers[0].reference) cites the EU-US Privacy Shield "
        "(Implementing Decision (EU) 2016/1250), no longer applicable since 2020-07-16 "
        "and replaced by the EU-US Data Privacy Framework"
    )
    ns048 = [f for f in findings if "retention[0]" in f.message]
    assert len(ns048) == 1, "one finding for a citation made in two languages"
    assert "NS-048" in ns048[0].message
    assert "délibération n° 2021-131" in ns048[0].message


def test_an_instrument_is_obsolete_only_once_withdrawn() -> None:
    before = validate(case("obsolete-reference--everywhere"), date(2018, 5, 24)).findings
    cited = [f.message.split(" cites ")[1] for f in before if f.rule == "obsolete-reference"]
    assert [c.split(",")[0] for c in cited] == [
        "'Safe Harbor': the EU-US Safe Harbour (Commission Decision 2000/520/EC)"
    ], "on 2018-05-24, only Safe Harbour (2015) was gone: not yet the Directive nor NS-048"


@pytest.mark.parametrize("rule_id", ["transfer-undocumented", "transfer-unassessed"])
def test_explain_lists_the_adequacy_entries_the_documentation_rules_rest_on(rule_id: str) -> None:
    result = CliRunner().invoke(app, ["explain", rule_id])
    assert result.output.endswith(f"\n\n{explain_note('adequacy-not-recognised')}\n")
    assert "GB: " in explain_note(rule_id), "a UK transfer is not reported on the renewal's word"
