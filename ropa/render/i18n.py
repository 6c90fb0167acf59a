"""Languages: message catalogs (gettext) and the localized forms of dates, durations and countries.

Fixed sentences live in gettext catalogs (``ropa/locale/<lang>/LC_MESSAGES/ropa.po``), read with
Babel and installed into Jinja2 through ``jinja2.ext.i18n``; English is the source language.
Dates, durations, lists and country names come from Babel's CLDR data ("1 septembre 2026",
"3 ans", "États-Unis"). Each language's typography (:mod:`ropa.render.typography`) applies to the
catalog's sentences and to the declarations' texts in that language.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property, lru_cache

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.units import format_unit

from ropa.model.types import Duration, Text
from ropa.render import typography as typo
from ropa.vocabulary import catalog as catalog_file_of

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


def duration_words(value: Duration, locale: Locale | str, space: str = "\u00a0") -> str:
    """``3 years`` / ``3 ans``, ``1 year and 6 months``; a number and its unit joined by
    ``space``, a no-break space by default (CLDR is not consistent about it)."""
    return format_list(
        [
            _NUMBER_SPACE.sub(
                f"\\1{space}", format_unit(amount, _UNITS[unit], length="long", locale=locale)
            )
            for amount, unit in value.parts()
        ],
        locale=locale,
    )


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog for ``language`` (English needs none: it is the source language)."""
    catalog_file = catalog_file_of(language)
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

    @cached_property
    def typography(self) -> typo.Typography:
        return typo.typography(self.code)

    @cached_property
    def typeset(self) -> Callable[[str], str]:
        """``text`` with this language's typography (French: ``Attention\u00a0: « x »``)."""
        return typo.typesetter(self.typography)

    def gettext(self, message: str) -> str:
        return self.typeset(translations(self.code).gettext(message))

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.typeset(translations(self.code).ngettext(singular, plural, count))

    def format_message(self, message: str, **variables: object) -> str:
        """``gettext`` with ``%(name)s`` placeholders filled from keywords."""
        text = self.gettext(message)
        return text % variables if variables else text

    def format_plural(self, singular: str, plural: str, num: int, **variables: object) -> str:
        """``ngettext`` with ``%(num)d`` and keyword placeholders filled."""
        return self.ngettext(singular, plural, num) % {"num": num, **variables}

    def text(self, value: Text | str | None) -> str:
        """A Text in this language (validation guarantees it is there), with this language's
        typography; a plain string (a name, an address) as written."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if self.code in value.values or value.plain:  # a plain Text is for every language
            return self.typeset(value.get(self.code, self.default))
        return value.get(self.code, self.default)  # another language's text, as written there

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
        return duration_words(value, self.locale) if value.parts() else ""

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

    @cached_property
    def colon(self) -> str:
        """``:`` after a label, with French's non-breaking space before it."""
        return self.typeset("a:")[1:]

    @cached_property
    def semicolon(self) -> str:
        """``;`` between the items of a list that hold commas, as this language spaces it."""
        return self.typeset("a;")[1:]

    def after_colon(self, text: str) -> str:
        """A value as it follows a label and its colon: ``Legal basis: Your consent`` /
        ``Base légale : votre consentement`` (French puts no capital after a colon)."""
        # a YAML block scalar (`|`) ends with a line break, which would print as a space
        return typo.after_colon(text.rstrip(), self.typography)

    def join(self, items: list[str]) -> str:
        """``a, b and c`` / ``a, b et c``; ``a as well as b and c`` / ``a ainsi que b et c``
        when an item holds the conjunction itself."""
        items = [i for i in items if i]
        if len(items) < 2:  # CLDR's patterns join two or more; Babel's call is the slow part
            return items[0] if items else ""
        instead = typo.ending(items, self.typography)
        if instead:
            return ", ".join(items[:-1]) + f" {instead}" + items[-1]
        return format_list(items, locale=self.locale)

    def mid_sentence(self, text: str) -> str:
        """A name as it reads inside a sentence: in French, ``(données de contact)``."""
        return typo.lower_first(text) if self.typography.lower_in_lists else text

    def join_names(self, names: list[str]) -> str:
        """Names of things (data, people, measures) as a list in running text: in French,
        ``Données d'identification et données de commande``."""
        return self.join(typo.in_list([n for n in names if n], self.typography))

    def language_adjective(self, code: str) -> str:
        """What qualifies a version in that language: ``the French version`` / ``la version
        française`` (``la version en letton`` where this language's table has no adjective)."""
        adjectives = LANGUAGE_ADJECTIVES.get(self.code)
        if adjectives is None:
            return self.language(code)
        return adjectives.get(code) or "en " + self.language(code)


#: French agrees the adjective of a language with « version »: ``la version française``.
LANGUAGE_ADJECTIVES: dict[str, dict[str, str]] = {
    "fr": {
        "bg": "bulgare",
        "cs": "tchèque",
        "da": "danoise",
        "de": "allemande",
        "el": "grecque",
        "en": "anglaise",
        "es": "espagnole",
        "et": "estonienne",
        "fi": "finnoise",
        "fr": "française",
        "ga": "irlandaise",
        "hr": "croate",
        "hu": "hongroise",
        "it": "italienne",
        "lt": "lituanienne",
        "lv": "lettone",
        "mt": "maltaise",
        "nl": "néerlandaise",
        "pl": "polonaise",
        "pt": "portugaise",
        "ro": "roumaine",
        "sk": "slovaque",
        "sl": "slovène",
        "sv": "suédoise",
    },
}


@lru_cache(maxsize=1024)
def _date(lang: Lang, value: date | None) -> str:
    return lang._date(value)


@lru_cache(maxsize=1024)
def _duration(lang: Lang, value: Duration | str | None) -> str:
    return lang._duration(value)
