"""Free text as spreadsheets hold it, read where it is safe: durations, countries, Art. 6 bases
and Art. 9 conditions, in English and French.

Each parser returns a :class:`Parsed` (the format's value, and whether reading it took a
guess: anything but the format's own spelling is a guess, and the report lists it), or
``None`` when the text is not understood and must be kept verbatim. A parser never half
understands: ``5 years after the end of the contract`` is not ``5 years``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from ropa.model.activities import Basis, Condition


@dataclass(frozen=True, slots=True)
class Parsed:
    """A value read from free text: the format's spelling of it, and whether it was a guess."""

    value: str
    guessed: bool


_NOT_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Lower case, accents dropped, every run of punctuation or space one space:
    ``États-Unis`` → ``etats unis``. What the tables below are keyed by. Remembered: a layout's
    reader folds the same labels and cells again and again (two million times for a CNIL
    workbook of 2,000 fiches)."""
    decomposed = unicodedata.normalize("NFKD", text[:500].casefold())
    bare = (
        decomposed
        if decomposed.isascii()
        else "".join(c for c in decomposed if not unicodedata.combining(c))
    )
    return " ".join(_NOT_WORD.sub(" ", bare).split())


# --- Durations ------------------------------------------------------------------------------------

_UNIT_WORDS = {
    "years": ("year", "years", "yr", "yrs", "an", "ans", "annee", "annees"),
    "months": ("month", "months", "mois"),
    "weeks": ("week", "weeks", "semaine", "semaines"),
    "days": ("day", "days", "jour", "jours"),
}
_UNIT = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}
_NUMBER_WORDS = {
    **dict.fromkeys(("one", "a", "an", "un", "une"), 1),
    **dict.fromkeys(("two", "deux"), 2),
    **dict.fromkeys(("three", "trois"), 3),
    **dict.fromkeys(("four", "quatre"), 4),
    **dict.fromkeys(("five", "cinq"), 5),
    **dict.fromkeys(("six",), 6),
    **dict.fromkeys(("seven", "sept"), 7),
    **dict.fromkeys(("eight", "huit"), 8),
    **dict.fromkeys(("nine", "neuf"), 9),
    **dict.fromkeys(("ten", "dix"), 10),
    **dict.fromkeys(("eleven", "onze"), 11),
    **dict.fromkeys(("twelve", "douze"), 12),
    **dict.fromkeys(("fifteen", "quinze"), 15),
    **dict.fromkeys(("eighteen", "dix huit"), 18),
    **dict.fromkeys(("twenty", "vingt"), 20),
    **dict.fromkeys(("thirty", "trente"), 30),
}
_AMOUNT = r"\d{1,4}|" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True))
_PART = re.compile(rf"({_AMOUNT}) ?({'|'.join(sorted(_UNIT, key=len, reverse=True))})\b")
_JOINER = re.compile(r" ?(?:and|et)? ?")
_ISO = re.compile(r"P(?:(\d{1,4})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,4})D)?")
_SINGULAR = {"years": "year", "months": "month", "weeks": "week", "days": "day"}


def _words(parts: list[tuple[int, str]]) -> str:
    return " ".join(f"{n} {unit if n != 1 else _SINGULAR[unit]}" for n, unit in parts)


def parse_duration(text: str) -> Parsed | None:
    """``6 years``, ``3 ans``, ``13 mois``, ``six months``, ``1 an et 6 mois``, ``P6Y`` →
    the format's words (``6 years``, ``1 year 6 months``)."""
    written = text.strip()
    iso = _ISO.fullmatch(written.upper())
    if iso and any(iso.groups()):
        amounts = [int(n) if n else 0 for n in iso.groups()]
        units = ("years", "months", "weeks", "days")
        return Parsed(_words([(n, u) for n, u in zip(amounts, units, strict=True) if n]), False)
    folded = fold(written)
    parts: list[tuple[int, str]] = []
    position = 0
    while position < len(folded):
        match = _PART.match(folded, position)
        if not match:
            return None
        amount = match.group(1)
        unit = _UNIT[match.group(2)]
        if unit in (u for _, u in parts):
            return None
        parts.append((int(amount) if amount.isdigit() else _NUMBER_WORDS[amount], unit))
        joiner = _JOINER.match(folded, match.end())
        position = joiner.end() if joiner else match.end()
    if not parts:
        return None
    parts.sort(key=lambda part: list(_UNIT_WORDS).index(part[1]))
    value = _words(parts)
    return Parsed(value, value != written)


# --- Countries ------------------------------------------------------------------------------------

#: Names people write that neither ISO nor CLDR spells so (folded).
_COUNTRY_ALIASES = {
    "usa": "US",
    "u s": "US",
    "u s a": "US",
    "america": "US",
    "etats unis d amerique": "US",
    "uk": "GB",
    "u k": "GB",
    "great britain": "GB",
    "britain": "GB",
    "grande bretagne": "GB",
    "england": "GB",
    "angleterre": "GB",
    "holland": "NL",
    "hollande": "NL",
    "south korea": "KR",
    "coree du sud": "KR",
}


@cache
def _country_table() -> dict[str, str]:
    """Folded names → alpha-2: ISO 3166-1's names and alpha-3 codes (pycountry), the English and
    French names of CLDR (Babel), and :data:`_COUNTRY_ALIASES`."""
    import pycountry  # noqa: PLC0415  # read only when a sheet is imported
    from babel import Locale  # noqa: PLC0415

    path = Path(pycountry.__file__).parent / "databases" / "iso3166-1.json"
    codes: dict[str, str] = {}
    entries = json.loads(path.read_text(encoding="utf-8"))["3166-1"]
    alpha2 = {entry["alpha_2"] for entry in entries}
    for entry in entries:
        for key in ("alpha_3", "name", "common_name", "official_name"):
            if key in entry:
                codes.setdefault(fold(entry[key]), entry["alpha_2"])
    for language in ("en", "fr"):
        for code, name in Locale(language).territories.items():
            if code in alpha2:
                codes.setdefault(fold(name), code)
    codes.update(_COUNTRY_ALIASES)
    return codes


def parse_country(text: str) -> Parsed | None:
    """``US`` (as the format writes it), ``United States``, ``États-Unis``, ``USA``, ``UK`` →
    the ISO 3166-1 alpha-2 code."""
    written = text.strip()
    table = _country_table()
    if len(written) == 2 and written.isupper() and written in table.values():
        return Parsed(written, False)
    code = table.get(fold(written))
    return Parsed(code, True) if code else None


# --- Art. 6 bases and Art. 9 conditions -----------------------------------------------------------

#: ``6(1)(f)``, ``6.1.f``, ``Art. 6 1 f`` once folded (punctuation is a space by then)
_ART6_LETTER = re.compile(r"\b6 ?1 ?([a-f])\b")
_ART9_LETTER = re.compile(r"\b9 ?2 ?([a-j])\b")
_ART10 = re.compile(r"\b(?:art|article) 10\b")

_BASIS_WORDS: dict[Basis, tuple[str, ...]] = {
    Basis.CONSENT: (r"consent", r"consentement"),
    Basis.CONTRACT: (r"contract", r"contractual", r"contrat", r"contractuel\w*"),
    Basis.LEGAL_OBLIGATION: (
        r"legal obligation",
        r"legal requirement",
        r"statutory obligation",
        r"obligation legale",
        r"obligations legales",
    ),
    Basis.VITAL_INTERESTS: (r"vital interests?", r"interets? vita(?:l|ux)"),
    Basis.PUBLIC_TASK: (
        r"public task",
        r"public interest",
        r"official authority",
        r"mission d interet public",
        r"mission de service public",
        r"autorite publique",
    ),
    Basis.LEGITIMATE_INTERESTS: (r"legitimate interests?", r"interets? legitimes?"),
}
_BASIS_PATTERNS = {
    basis: re.compile(r"\b(?:" + "|".join(words) + r")\b") for basis, words in _BASIS_WORDS.items()
}


def parse_basis(text: str) -> Parsed | None:
    """``consent`` (the format's value), ``Consent``, ``6(1)(f)``, ``Art. 6.1.f``, ``intérêt
    légitime``, ``obligation légale``, ``performance of a contract`` → a basis of the format.

    Text naming two bases, or a letter and words that disagree, is not understood."""
    written = text.strip()
    if written in {basis.value for basis in Basis}:
        return Parsed(written, False)
    folded = fold(written)
    found: set[Basis] = set()
    for match in _ART6_LETTER.finditer(folded):
        found.add(list(Basis)["abcdef".index(match.group(1))])
    for basis, pattern in _BASIS_PATTERNS.items():
        if pattern.search(folded):
            found.add(basis)
    if len(found) != 1:
        return None
    return Parsed(found.pop().value, True)


_CONDITION_WORDS: dict[Condition, tuple[str, ...]] = {
    Condition.A: (r"explicit consent", r"consentement explicite", r"consentement expres"),
    Condition.B: (r"employment", r"social security", r"social protection", r"droit du travail"),
    Condition.C: (r"vital interests?", r"interets? vita(?:l|ux)"),
    Condition.D: (r"not for profit", r"non profit", r"sans but lucratif"),
    Condition.E: (r"manifestly made public", r"rendues? manifestement publiques?"),
    Condition.F: (r"legal claims?", r"droits? en justice", r"judicial capacity"),
    Condition.G: (r"substantial public interest", r"interet public important"),
    Condition.H: (
        r"preventive or occupational medicine",
        r"occupational medicine",
        r"medecine preventive",
        r"medecine du travail",
        r"health or social care",
    ),
    Condition.I: (r"public health", r"sante publique"),
    Condition.J: (
        r"archiving",
        r"scientific or historical research",
        r"statistical purposes",
        r"archivage",
        r"recherche scientifique",
    ),
    Condition.ART10: (r"criminal convictions?", r"condamnations? penales?", r"infractions?"),
}
_CONDITION_PATTERNS = {
    condition: re.compile(r"\b(?:" + "|".join(words) + r")\b")
    for condition, words in _CONDITION_WORDS.items()
}


def parse_condition(text: str) -> Parsed | None:
    """``a`` (the format's value), ``explicit consent``, ``9(2)(a)``, ``Art. 9.2.h``,
    ``Article 10`` → an Art. 9(2) letter, or ``art10``."""
    written = text.strip()
    if written in {condition.value for condition in Condition}:
        return Parsed(written, False)
    folded = fold(written)
    found: set[Condition] = {Condition(m.group(1)) for m in _ART9_LETTER.finditer(folded)}
    if _ART10.search(folded):
        found.add(Condition.ART10)
    for condition, pattern in _CONDITION_PATTERNS.items():
        if pattern.search(folded):
            found.add(condition)
    if len(found) != 1:
        return None
    return Parsed(found.pop().value, True)


# --- Dates ----------------------------------------------------------------------------------------

_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})")
#: The months in words, folded: French, then English.
_MONTHS = {
    name: number
    for names in (
        "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
        "january february march april may june july august september october november december",
    )
    for number, name in enumerate(names.split(), start=1)
}
#: A date in words, folded: ``1er septembre 2026``, ``15 January 2025``, ``January 15, 2025``.
_IN_WORDS = re.compile(
    r"(?:(?P<day>\d{1,2})(?:er|st|nd|rd|th)? (?P<month>[a-z]+)"
    r"|(?P<month_first>[a-z]+) (?P<day_after>\d{1,2})(?:st|nd|rd|th)?) (?P<year>\d{4})"
)


def read_date(text: str) -> str | None:
    """A date as people write it → ISO (None for anything else): ``2026-09-01``; day first,
    as France writes it, ``01/09/2026``, ``1.9.26``; in words, as ropa writes it in French,
    ``1er septembre 2026``, ``15 janvier 2025``, or in English, ``15 January 2025``."""
    written = text.strip()
    try:
        return date.fromisoformat(written[:10]).isoformat()
    except ValueError:
        pass
    if match := _DAY_FIRST.fullmatch(written):
        day, month, year = (int(g) for g in match.groups())
        year += 2000 if year < 100 else 0
    elif match := _IN_WORDS.fullmatch(fold(written)):
        month = _MONTHS.get(match["month"] or match["month_first"], 0)
        day, year = int(match["day"] or match["day_after"]), int(match["year"])
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
