"""Every fixed sentence of the documents is in every catalog, with the same placeholders."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from ropa.render.i18n import Lang
from tests.conftest import ROOT

LOCALES = sorted(p.name for p in (ROOT / "ropa" / "locale").iterdir() if p.is_dir())
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
METHODS = [("ropa/**.py", "python"), ("templates/**.j2", "jinja2")]
OPTIONS = {
    "templates/**.j2": {
        "extensions": "jinja2.ext.i18n",
        "trim_blocks": "true",
        "lstrip_blocks": "true",
    }
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def source_messages() -> set[str]:
    found = set()
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT), METHODS, options_map=OPTIONS, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {m for m in found if m}


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_translates_every_message_with_its_placeholders(locale: str) -> None:
    with (ROOT / "ropa" / "locale" / locale / "LC_MESSAGES" / "ropa.po").open("rb") as po:
        catalog = read_po(po)
    translated = {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in catalog if m.id}
    missing = sorted(source_messages() - set(translated))
    assert missing == [], f"run `make messages` and translate: {missing}"
    for message_id, message in translated.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {message_id!r}"
        for string in strings:
            expected = set(PLACEHOLDER.findall(str(message_id)))
            assert set(PLACEHOLDER.findall(str(string))) == expected, message_id


def test_french_forms() -> None:
    from datetime import date

    from ropa.model.types import Duration

    fr = Lang("fr", "en")
    assert fr.date(date(2026, 9, 1)) == "1er septembre 2026"
    assert fr.date(date(2026, 9, 2)) == "2 septembre 2026"
    nbsp = "\u00a0"  # French typography, from CLDR
    assert fr.duration(Duration.parse("3 years")) == f"3{nbsp}ans"
    assert fr.duration(Duration.parse("13 months")) == f"13{nbsp}mois"
    assert fr.duration(Duration.parse("P1Y6M")) == f"1{nbsp}an et 6{nbsp}mois"
    assert fr.country("US") == "États-Unis"
    assert fr.language("en") == "anglais"
    en = Lang("en", "en")
    assert en.date(date(2026, 9, 1)) == "September 1, 2026"
    assert en.duration(Duration.parse("P1Y6M")) == f"1{nbsp}year and 6{nbsp}months"
    assert en.country("US") == "United States"
