"""Whether a new wording says something else: the words that carry meaning, before and after.

A typo fix, a reworded sentence or a translation touched up is editorial (WP260 rev.01
para 29); a text whose number, duration, country, named recipient, legal basis or negation
changed may say something else. Each text is read for those words, in each language it has on
both sides, and the two lists are compared as multisets (order and repetition aside):

- durations (``3 years``, ``13 mois``, ``two weeks``: a number or a number word from one to
  twelve, then a unit; ``three years`` is ``3 years``), and other numbers (``30``, ``3.5`` and
  ``3,5`` alike);
- countries, by their name in English or French (CLDR) or by an upper-case ISO code (``US``);
  ``EU``, ``EEA`` and their names;
- recipients, by their id or their name in any language, or the parts of a name before a comma
  or inside brackets (``Google Analytics`` in ``Google Ireland Limited (Google Analytics)``);
- the legal bases (``consent``, ``legitimate interest``, ``obligation légale``...);
- negations (``not``, ``never``, ``without``, ``ne``, ``pas``, ``jamais``, ``sans``...; not
  ``no.`` as in "deliberation no. 2021-131").

Letters are compared without case or accents, so ``Etats-Unis`` is ``États-Unis``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from babel import Locale

from ropa.model.types import Text, country_codes

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
}
_UNITS = {
    "year": "Y",
    "years": "Y",
    "yr": "Y",
    "yrs": "Y",
    "an": "Y",
    "ans": "Y",
    "annee": "Y",
    "annees": "Y",
    "month": "M",
    "months": "M",
    "mois": "M",
    "week": "W",
    "weeks": "W",
    "semaine": "W",
    "semaines": "W",
    "day": "D",
    "days": "D",
    "jour": "D",
    "jours": "D",
    "hour": "H",
    "hours": "H",
    "heure": "H",
    "heures": "H",
    "minute": "MIN",
    "minutes": "MIN",
}
_AMOUNT = r"\d+|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_DURATION = re.compile(rf"\b({_AMOUNT})[\s-]*({'|'.join(sorted(_UNITS, key=len, reverse=True))})\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CODE = re.compile(r"\b[A-Z]{2,3}\b")
_CODE_ALIASES = {"UK": "GB", "USA": "US", "EU": "region:EU", "UE": "region:EU"}
_REGION_CODES = {"EEA": "region:EEA", "EEE": "region:EEA"}
_NAMED_REGIONS = {
    "european union": "region:EU",
    "union europeenne": "region:EU",
    "european economic area": "region:EEA",
    "espace economique europeen": "region:EEA",
    "united states of america": "country:US",
    "u.s.": "country:US",
    "u.s.a.": "country:US",
    "america": "country:US",
    "great britain": "country:GB",
}
_BASES = {
    "consent": r"consent(?:s|ed|ing)?|consentements?",
    "contract": r"contract(?:s|ual)?|contrats?|contractuel(?:le)?s?",
    "legal_obligation": r"legal obligations?|obligations? legales?",
    "vital_interests": r"vital interests?|interets? vita(?:l|ux)",
    "public_task": r"public (?:task|interest)|mission d'interet public|interet public",
    "legitimate_interests": r"legitimate interests?|interets? legitimes?",
}
_BASIS = re.compile(
    r"\b(?:" + "|".join(f"(?P<{key}>{pattern})" for key, pattern in _BASES.items()) + r")\b"
)
_NEGATION = re.compile(
    r"\b(?:not|no(?![.°])|never|none|nor|without|cannot|ne|pas|jamais|aucun|aucune|aucuns|aucunes|"
    r"sans|ni|nul|nulle)\b|n't\b|\bn'"
)
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})


def fold(text: str) -> str:
    """``text`` lower-cased, without accents, with straight apostrophes, character for
    character (so that a match's span is the span of the words as written)."""
    folded = []
    for char in text.translate(_APOSTROPHES):
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        lower = base.lower() if len(base) == 1 else char.lower()
        folded.append(lower if len(lower) == 1 else char)
    return "".join(folded)


def _alternation(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern that finds any of ``names`` (folded) as whole words, longest first."""
    unique = sorted({name for name in names if name}, key=lambda n: (-len(n), n))
    if not unique:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in unique) + r")(?!\w)")


@cache
def _countries() -> tuple[re.Pattern[str], dict[str, str]]:
    """Country names in English and French (CLDR), folded → ``country:XX``."""
    codes = country_codes()
    names: dict[str, str] = dict(_NAMED_REGIONS)
    for language in ("en", "fr"):
        for code, name in Locale.parse(language).territories.items():
            if code in codes:
                names.setdefault(fold(name), f"country:{code}")
    pattern = _alternation(names)
    assert pattern is not None
    return pattern, names


@dataclass(frozen=True)
class Difference:
    """The meaning-carrying words a text lost and gained, as written (in one language)."""

    removed: list[str]
    added: list[str]


class Meaning:
    """Reads texts for the words that carry meaning; knows the register's recipients."""

    def __init__(self, recipients: Mapping[str, Iterable[str]]) -> None:
        """``recipients``: each recipient's id → its names, in every language, on both sides."""
        self._recipients: dict[str, str] = {}
        for recipient_id, names in recipients.items():
            self._recipients[fold(recipient_id)] = recipient_id
            for name in names:
                for part in _name_parts(name):
                    self._recipients.setdefault(fold(part), recipient_id)
        self._recipient_pattern = _alternation(self._recipients)

    def tokens(self, text: str) -> list[tuple[str, str]]:
        """The meaning-carrying words of ``text``: (what it means, as written)."""
        folded = fold(text)
        found: list[tuple[str, str]] = []

        def add(meaning: str, match: re.Match[str]) -> None:
            found.append((meaning, text[match.start() : match.end()]))

        durations = set()
        for match in _DURATION.finditer(folded):
            amount = match.group(1)
            number = amount if amount.isdigit() else str(_NUMBER_WORDS[amount])
            add(f"duration:{int(number)}{_UNITS[match.group(2)]}", match)
            durations.add(match.start())
        for match in _NUMBER.finditer(folded):
            if match.start() not in durations:  # a duration's number is the duration's
                add("number:" + match.group().replace(",", "."), match)
        countries, names = _countries()
        for match in countries.finditer(folded):
            add(names[match.group()], match)
        for match in _CODE.finditer(text):
            code = match.group()
            if code in _CODE_ALIASES:
                meaning = _CODE_ALIASES[code]
                add(meaning if meaning.startswith("region:") else f"country:{meaning}", match)
            elif code in _REGION_CODES:
                add(_REGION_CODES[code], match)
            elif len(code) == 2 and code in country_codes():
                add(f"country:{code}", match)
        if self._recipient_pattern is not None:
            for match in self._recipient_pattern.finditer(folded):
                add(f"recipient:{self._recipients[match.group()]}", match)
        for match in _BASIS.finditer(folded):
            add(f"basis:{match.lastgroup}", match)
        for match in _NEGATION.finditer(folded):
            add("negation", match)
        return found

    def compare(self, before: Text, after: Text, languages: Iterable[str]) -> Difference | None:
        """What meaning-carrying words changed between two texts, in the first of ``languages``
        (then any other language both have) where some did; None if none did."""
        shared = [lang for lang in before.values if lang in after.values]
        if not shared:  # nothing to compare word for word: a new text
            return Difference([], [])
        ordered = [lang for lang in languages if lang in shared]
        ordered += [lang for lang in shared if lang not in ordered]
        for lang in ordered:
            old, new = self.tokens(before.values[lang]), self.tokens(after.values[lang])
            removed = Counter(meaning for meaning, _ in old)
            added = Counter(meaning for meaning, _ in new)
            if removed == added:
                continue
            removed, added = removed - added, added - removed
            return Difference(_written(old, removed), _written(new, added))
        return None


def _written(tokens: list[tuple[str, str]], wanted: Counter[str]) -> list[str]:
    """The words as written for the meanings ``wanted``, in the order of the text."""
    left = Counter(wanted)
    words = []
    for meaning, written in tokens:
        if left[meaning] > 0:
            left[meaning] -= 1
            if written not in words:
                words.append(written)
    return words


_BRACKETS = re.compile(r"\(([^()]*)\)")


def _name_parts(name: str) -> list[str]:
    """A recipient's name and the parts a text may use alone: before a comma or a bracket,
    and inside brackets (``Mailchimp`` in ``The Rocket Science Group LLC (Mailchimp, an Intuit
    company)``). Parts shorter than three letters are left out."""
    parts = [name, re.split(r"[,(]", name)[0]]
    for inner in _BRACKETS.findall(name):
        parts.extend([inner, inner.split(",")[0]])
    return [part.strip() for part in parts if len(part.strip()) >= 3]
