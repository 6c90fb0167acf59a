"""Languages: message catalogs (gettext) and the localized forms of dates, durations and countries.

Fixed sentences live in gettext catalogs (``ropa/locale/<lang>/LC_MESSAGES/ropa.po``), read with
Babel and installed into Jinja2 through ``jinja2.ext.i18n``; English is the source language.
Dates, durations, lists and country names come from Babel's CLDR data ("1 septembre 2026",
"3 ans", "États-Unis").
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property, lru_cache
from importlib import resources

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.units import format_unit

from ropa.model.types import Duration, Text

DOMAIN = "ropa"
Day = date  # the class below has a method called date
_NUMBER_SPACE = re.compile(r"(\d) ")
#: ``Art. 9(2)(a)``: French writes it ``art. 9.2.a`` (as the CNIL does).
_CITATION = re.compile(r"\bArt\. \d+(?:\(\w+\))*")
_CITATION_PART = re.compile(r"\d+|(?<=\()\w+(?=\))")
_UNITS = {
    "years": "duration-year",
    "months": "duration-month",
    "weeks": "duration-week",
    "days": "duration-day",
    "hours": "duration-hour",
    "minutes": "duration-minute",
    "seconds": "duration-second",
}


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog for ``language`` (English needs none: it is the source language)."""
    catalog_file = resources.files("ropa").joinpath(
        "locale", language, "LC_MESSAGES", f"{DOMAIN}.po"
    )
    if not catalog_file.is_file():
        return gettext.NullTranslations()
    catalog = read_po(io.StringIO(catalog_file.read_text(encoding="utf-8")), locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@dataclass(frozen=True)
class Lang:
    """Everything language-dependent a renderer needs, for one language."""

    code: str
    default: str  # the register's default language, for plain-string Texts

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.code)

    def gettext(self, message: str) -> str:
        return translations(self.code).gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return translations(self.code).ngettext(singular, plural, count)

    def format_message(self, message: str, **variables: object) -> str:
        """``gettext`` with ``%(name)s`` placeholders filled from keywords."""
        text = self.gettext(message)
        return text % variables if variables else text

    def format_plural(self, singular: str, plural: str, num: int, **variables: object) -> str:
        """``ngettext`` with ``%(num)d`` and keyword placeholders filled."""
        return self.ngettext(singular, plural, num) % {"num": num, **variables}

    def text(self, value: Text | str | None) -> str:
        """A Text in this language (validation guarantees it is there)."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return value.get(self.code, self.default)

    def date(self, value: Day | None) -> str:
        return _date(self, value)

    def _date(self, value: Day | None) -> str:
        """``September 1, 2026`` / ``1er septembre 2026`` (French writes the first as 1er)."""
        if not value:
            return ""
        text = format_date(value, format="long", locale=self.locale)
        if self.code == "fr" and value.day == 1:
            text = "1er" + text[1:]
        return text

    def duration(self, value: Duration | str | None) -> str:
        return _duration(self, value)

    def _duration(self, value: Duration | str | None) -> str:
        """``3 years`` / ``3 ans``; ``session`` for a session cookie."""
        if value is None:
            return ""
        if isinstance(value, str):
            return self.gettext("browser session") if value == "session" else value
        parts = [
            # a number and its unit never break apart (CLDR is not consistent about it)
            _NUMBER_SPACE.sub(
                "\\1\u00a0", format_unit(amount, _UNITS[unit], length="long", locale=self.locale)
            )
            for amount, unit in value.parts()
        ]
        return format_list(parts, locale=self.locale) if parts else ""

    def country(self, code: str | None) -> str:
        """The country's name in this language: ``États-Unis``."""
        if not code:
            return ""
        return str(self.locale.territories.get(code, code))

    def language(self, code: str) -> str:
        """The language's name as this language writes it mid-sentence (English, français)."""
        return str(self.locale.languages.get(code, code))

    def article(self, citation: str) -> str:
        """A GDPR citation in this language's style: ``Art. 9(2)(a)`` / ``art. 9.2.a``."""
        if self.code != "fr":
            return citation
        return _CITATION.sub(lambda m: "art. " + ".".join(_CITATION_PART.findall(m[0])), citation)

    @property
    def colon(self) -> str:
        """``:`` after a label, with French's non-breaking space before it."""
        return "\u00a0:" if self.code == "fr" else ":"

    def join(self, items: list[str]) -> str:
        """``a, b and c`` / ``a, b et c``."""
        items = [i for i in items if i]
        if len(items) < 2:  # CLDR's patterns join two or more; Babel's call is the slow part
            return items[0] if items else ""
        return format_list(items, locale=self.locale)


@lru_cache(maxsize=1024)
def _date(lang: Lang, value: date | None) -> str:
    return lang._date(value)


@lru_cache(maxsize=1024)
def _duration(lang: Lang, value: Duration | str | None) -> str:
    return lang._duration(value)
