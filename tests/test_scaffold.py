"""`ropa init`: a small register that validates clean, explained line by line, never overwriting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ropa.check import validate
from ropa.cli import app
from ropa.scaffold import COMMENTS, WIDTH, WORDS, files

runner = CliRunner()


@pytest.mark.parametrize("lang", ["en", "en,fr", "fr,en", "fr"])
def test_init_writes_a_register_that_validates_with_no_finding(tmp_path: Path, lang: str) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "reg"), "--lang", lang])
    assert result.exit_code == 0
    assert (
        result.output
        == f"5 files written to {tmp_path}/reg/; check them with: ropa validate {tmp_path}/reg\n"
    )
    report = validate(tmp_path / "reg", date.today())
    assert [f.format() for f in report.findings] == []
    assert report.register.languages == lang.split(",")


def test_a_language_ropa_has_no_catalog_for_is_said(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path), "--lang", "de"])
    findings = validate(tmp_path, date.today()).findings
    assert [f.format() for f in findings if f.rule == "language-without-catalog"] == [
        f"{tmp_path}/organization.yaml:24:15: warning[language-without-catalog] policy "
        "(languages[0]): ropa has no message catalog for German ('de'), so the fixed sentences "
        "of the documents in it (headings, labels) will be in English; accept that for now with "
        "waivers: [{rule: language-without-catalog, reason: ...}] under policy, until "
        "ropa/locale/de/LC_MESSAGES/ropa.po is translated (GDPR Art. 12(1))"
    ]


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "activities.yaml").write_text("# mine\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert (
        result.output
        == f"ropa: error: not overwriting existing files: {tmp_path}/activities.yaml\n"
    )
    assert (tmp_path / "activities.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert not (tmp_path / "organization.yaml").exists(), "nothing written when anything exists"


def test_init_refuses_unknown_languages(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path), "--lang", "en,xx"])
    assert (result.exit_code, result.output) == (
        2,
        "ropa: error: --lang takes ISO 639-1 codes such as en,fr; not xx\n",
    )


def test_every_field_of_the_scaffold_is_explained() -> None:
    for name, text in files(["en"], date(2026, 9, 1)).items():
        assert text.startswith("# "), name
        assert text.count("#") >= 5, name


def test_the_scaffold_shows_a_cookie_a_dpo_and_a_name_per_language(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path), "--lang", "en,fr"])
    register = validate(tmp_path, date.today()).register
    assert register.organization is not None
    assert register.organization.dpo is not None
    assert register.organization.dpo.email == "dpo@example.org"
    cookie = register.cookies["session"]
    assert (cookie.lifetime, cookie.consent, cookie.purpose_entry) == (
        "session",
        "exempt",
        register.activities["orders"],
    )
    owner = register.activities["orders"].owner
    assert owner is not None
    assert owner.values == {"en": "Sales department", "fr": "Service commercial"}


def test_the_english_words_left_under_another_language_are_to_translate(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path), "--lang", "en,de"])
    assert '      de: "Customers"                    # translate\n' in (
        tmp_path / "definitions.yaml"
    ).read_text(encoding="utf-8")
    findings = validate(tmp_path, date.today()).findings
    placeholders = [f for f in findings if f.rule == "translation-missing"]
    assert len(placeholders) == len(WORDS["en"])
    assert [f.format() for f in placeholders if "customers" in f.message] == [
        f"{tmp_path}/definitions.yaml:6:11: error[translation-missing] data subject 'customers' "
        "(name.de) is still the English text ropa init wrote to be translated ('Customers'); "
        "write the German ('de') text in its place"
    ]
    for path in tmp_path.glob("*.yaml"):  # the editor translates every one
        text = path.read_text(encoding="utf-8")
        for key, english in WORDS["en"].items():
            text = text.replace(f'de: "{english}"', f'de: "{key} (Deutsch)"')
        path.write_text(text, encoding="utf-8")
    assert [f.rule for f in validate(tmp_path, date.today()).findings] == [
        "language-without-catalog"
    ]


@pytest.mark.parametrize("lang", ["fr", "fr,en"])
def test_a_french_register_is_explained_in_french(lang: str) -> None:
    scaffold = "\n".join(files(lang.split(","), date(2026, 9, 1)).values())
    for term in (
        "responsable du traitement",
        "bases légales (art. 6.1)",
        "durée de conservation",
        "délégué à la protection des données",
        "autorité de contrôle",
        "contrat de sous-traitance (art. 28.3)",
        "garanties",
        "personnes concernées",
    ):
        assert term in scaffold, term
    for english in COMMENTS["en"].values():
        assert english not in scaffold, english


def test_english_first_is_explained_in_english() -> None:
    scaffold = "\n".join(files(["en", "fr"], date(2026, 9, 1)).values())
    assert "# legal name" in scaffold
    assert "dénomination sociale" not in scaffold


def test_comments_change_nothing_the_files_declare() -> None:
    english = files(["fr", "de"], date(2026, 9, 1), comments="en")
    french = files(["fr", "de"], date(2026, 9, 1), comments="fr")
    for name, text in english.items():
        assert yaml.safe_load(text) == yaml.safe_load(french[name]), name
    assert "# à traduire" in french["definitions.yaml"]


@pytest.mark.parametrize("comments", sorted(COMMENTS))
def test_comments_start_in_one_column_and_stay_in_the_width(comments: str) -> None:
    for name, text in files(["en"], date(2026, 9, 1), comments=comments).items():
        for line in text.splitlines():
            code, sep, _ = line.partition("  # ")
            if sep and code.strip() and not code.lstrip().startswith("#"):
                assert len(code) + 2 == 41 or len(code) >= 39, (name, line)
            if not line.lstrip().startswith(("en:", "fr:")):
                assert len(line) <= WIDTH, (name, line)
