"""Value types of the declaration format: Text, Markdown, Duration, Country, Language, Url, dates.

The loader hands every scalar over as a string, so each type here parses strings itself and
says, in its error, what to write instead. Errors are ``PydanticCustomError("invalid_value", ...)``
(or ``"missing"`` for a Text that is blank), which :mod:`ropa.model.errors` turns into findings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationError, ValidationInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError, core_schema

from ropa.display import MAX_SHOWN
from ropa.display import shown as bounded

DEFAULT_LANGUAGE_KEY = "default_language"


def invalid(message: str) -> PydanticCustomError:
    """The error every type here raises for a value of the wrong form."""
    return PydanticCustomError("invalid_value", message)


def shown(value: Any) -> str:
    """A value as a message quotes it: Python's quoting, cut past a bound (``ropa.display``)."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str) and len(value) > MAX_SHOWN:
        return f"{value[:MAX_SHOWN]!r}… ({len(value):,} characters)"
    return repr(value)


# --- Text and Markdown ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """A text in one or more languages.

    Written as a plain string (in the register's default language) or as a mapping of language
    code to string: ``{en: Customers, fr: Clients}``. Blank translations count as absent.
    """

    values: dict[str, str]
    plain: bool = False

    kind: ClassVar[str] = "text"

    def get(self, language: str, fallback: str | None = None) -> str:
        """The text in ``language``, else in ``fallback``, else the first one written."""
        if language in self.values:
            return self.values[language]
        if fallback is not None and fallback in self.values:
            return self.values[fallback]
        return next(iter(self.values.values()))

    def missing(self, languages: list[str]) -> list[str]:
        """The languages among ``languages`` this text lacks."""
        return [lang for lang in languages if lang not in self.values]

    def __str__(self) -> str:
        return next(iter(self.values.values()))

    @classmethod
    def parse(cls, value: Any, info: ValidationInfo) -> Text:
        if isinstance(value, Text):
            return value
        context = info.context or {}
        if isinstance(value, str):
            if not value.strip():
                raise PydanticCustomError("missing", "blank text")
            return cls({context.get(DEFAULT_LANGUAGE_KEY, "en"): value}, plain=True)
        if isinstance(value, dict):
            values: dict[str, str] = {}
            for lang, text in value.items():
                if not isinstance(lang, str) or not LANGUAGE_PATTERN.fullmatch(lang):
                    raise invalid(
                        f"'{bounded(lang)}' is not a language code; write a text as a string or as "
                        "{en: ..., fr: ...} with ISO 639-1 codes"
                    )
                if text is None or (isinstance(text, str) and not text.strip()):
                    continue
                if not isinstance(text, str):
                    raise invalid(f"the '{bounded(lang)}' text must be a string, not {shown(text)}")
                values[lang] = text
            if not values:
                raise PydanticCustomError("missing", "blank text")
            return cls(values)
        raise invalid(f"expected a text (a string, or {{en: ..., fr: ...}}), not {shown(value)}")

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.with_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda t: t.values),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: Any, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "propertyNames": {"pattern": "^[a-z]{2}$"},
                    "additionalProperties": {"type": "string"},
                    "minProperties": 1,
                },
            ],
            "description": f"A {cls.kind} in the default language, or {{en: ..., fr: ...}}",
        }


@dataclass(frozen=True, slots=True)
class Markdown(Text):
    """A Text whose strings are Markdown; raw HTML in it is removed on output."""

    kind: ClassVar[str] = "Markdown text"


@dataclass(frozen=True, slots=True)
class Name(Text):
    """A string shown as written in every language (a company, a law's title), or a mapping of
    language code to string where it does translate: ``{en: Accounting, fr: Comptabilité}``.

    Unlike a Text, a plain string is complete in every language; a mapping must have them all.
    """

    kind: ClassVar[str] = "name"


# --- Dates, numbers, booleans --------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})")


def _date_meant(value: str) -> str:
    """``; write 2026-09-01`` for a date written day first (``01/09/2026``), as Europe writes
    it (a date whose second number cannot be a month is read month first), or with other
    separators (``2026/09/01``)."""
    text = value.strip()
    if match := _YEAR_FIRST.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_FIRST.fullmatch(text):
        first, second, year = (int(part) for part in match.groups())
        day, month = (second, first) if second > 12 >= first else (first, second)
    else:
        return ""
    try:
        return f"; write {date(year, month, day).isoformat()}"
    except ValueError:
        return ""


def parse_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        meant = _date_meant(value) if isinstance(value, str) else ""
        raise invalid(
            f"expected a date written YYYY-MM-DD (e.g. 2026-09-01), not {shown(value)}{meant}"
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise invalid(f"{value!r} is not a real date; write YYYY-MM-DD (e.g. 2026-09-01)") from None


def parse_int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value.strip()):
        return int(value)
    raise invalid(f"expected a whole number (e.g. 30), not {shown(value)}")


_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    raise invalid(f"expected true or false, not {shown(value)}")


# --- Duration -------------------------------------------------------------------------------------

_ISO_DURATION = re.compile(  # at most six digits a unit: a traceback-free bound
    r"P(?!$)(?:(?P<years>\d{1,6})Y)?(?:(?P<months>\d{1,6})M)?(?:(?P<weeks>\d{1,6})W)?(?:(?P<days>\d{1,6})D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d{1,6})H)?(?:(?P<minutes>\d{1,6})M)?(?:(?P<seconds>\d{1,6})S)?)?"
)
_UNITS = ("years", "months", "weeks", "days", "hours", "minutes", "seconds")
_WORD = r"\d{1,6} *(?:[Yy]ear|[Mm]onth|[Ww]eek|[Dd]ay|[Hh]our|[Mm]inute|[Ss]econd)s?"
#: The same forms as a JSON Schema (ECMA-262) pattern, for editors.
DURATION_PATTERN = (
    r"^(?:[Pp](?=.)(?:\d{1,6}[Yy])?(?:\d{1,6}[Mm])?(?:\d{1,6}[Ww])?(?:\d{1,6}[Dd])?"
    r"(?:[Tt](?=\d)(?:\d{1,6}[Hh])?(?:\d{1,6}[Mm])?(?:\d{1,6}[Ss])?)?"
    rf"|{_WORD}(?:(?: *, *| +and +| +){_WORD})*)$"
)
_WORD_PART = re.compile(r"(\d{1,6})\s*(year|month|week|day|hour|minute|second)s?", re.IGNORECASE)
_WORD_SEPARATOR = re.compile(r"\s*(?:,|\band\b)?\s*", re.IGNORECASE)
#: Average lengths in days, to compare durations written in different units.
_DAYS_PER_UNIT = {
    "years": 365.2425,
    "months": 30.436875,
    "weeks": 7.0,
    "days": 1.0,
    "hours": 1 / 24,
    "minutes": 1 / 1440,
    "seconds": 1 / 86400,
}


@dataclass(frozen=True, slots=True, order=False)
class Duration:
    """A length of time: ISO 8601 (``P3Y``, ``P1Y6M``, ``PT30M``) or words (``3 years``, ``13 months``).

    Kept as written in units (3 years is not 36 months in a policy), normalised to ISO 8601.
    """

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int = 0
    minutes: int = 0
    seconds: int = 0

    @property
    def iso(self) -> str:
        date_part = "".join(
            f"{getattr(self, unit)}{letter}"
            for unit, letter in (("years", "Y"), ("months", "M"), ("weeks", "W"), ("days", "D"))
            if getattr(self, unit)
        )
        time_part = "".join(
            f"{getattr(self, unit)}{letter}"
            for unit, letter in (("hours", "H"), ("minutes", "M"), ("seconds", "S"))
            if getattr(self, unit)
        )
        text = "P" + date_part + ("T" + time_part if time_part else "")
        return text if text != "P" else "PT0S"

    @property
    def approx_days(self) -> float:
        """The length in days, with average month and year lengths: for comparisons only."""
        return float(sum(getattr(self, unit) * per for unit, per in _DAYS_PER_UNIT.items()))

    def parts(self) -> list[tuple[int, str]]:
        """The non-zero (amount, unit) pairs, largest unit first: ``[(1, "years"), (6, "months")]``."""
        return [(getattr(self, unit), unit) for unit in _UNITS if getattr(self, unit)]

    def __str__(self) -> str:
        return self.iso

    @classmethod
    def parse(cls, value: Any) -> Duration:
        if isinstance(value, Duration):
            return value
        if isinstance(value, str):
            text = value.strip()
            match = _ISO_DURATION.fullmatch(text.upper())
            if match:
                return cls(**{k: int(v) for k, v in match.groupdict().items() if v})
            words = cls._from_words(text)
            if words is not None:
                return words
        raise invalid(
            f"expected a duration such as P3Y, P13M, P1Y6M, P30D or '3 years', '13 months', "
            f"'30 days', not {shown(value)}{_duration_meant(value)}"
        )

    @classmethod
    def _from_words(cls, text: str) -> Duration | None:
        """``3 years``, ``1 year 6 months``, ``2 years and 3 months``: English words only."""
        amounts: dict[str, int] = {}
        position = 0
        while position < len(text):
            match = _WORD_PART.match(text, position)
            if not match:
                return None
            unit = match.group(2).lower() + "s"
            if unit in amounts:
                return None
            amounts[unit] = int(match.group(1))
            position = match.end()
            separator = _WORD_SEPARATOR.match(text, position)
            position = separator.end() if separator else position
        return cls(**amounts) if amounts else None

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda d: d.iso),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: Any, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": DURATION_PATTERN,
            "description": "ISO 8601 (P3Y, P13M, P1Y6M, P30D) or 'N years|months|weeks|days'",
            "examples": ["P3Y", "13 months", "10 years"],
        }


#: Units as French writes them (a French register is often written by French speakers).
_FRENCH_UNITS = {
    "an": "year",
    "ans": "year",
    "année": "year",
    "années": "year",
    "mois": "month",
    "semaine": "week",
    "semaines": "week",
    "jour": "day",
    "jours": "day",
    "heure": "hour",
    "heures": "hour",
}
_FRENCH_DURATION = re.compile(r"(\d{1,6})\s*([a-zéè]+)", re.IGNORECASE)


def _duration_meant(value: Any) -> str:
    """``; write '3 years'`` for ``3 ans``: durations are written in English or ISO 8601."""
    if not isinstance(value, str):
        return ""
    match = _FRENCH_DURATION.fullmatch(value.strip())
    unit = _FRENCH_UNITS.get(match.group(2).lower()) if match else None
    if match is None or unit is None:
        return ""
    amount = int(match.group(1))
    return f"; write {amount} {unit}{'s' if amount != 1 else ''}"


# --- Codes and identifiers ------------------------------------------------------------------------

LANGUAGE_PATTERN = re.compile(r"[a-z]{2}")
#: Codes people write for a country that ISO 3166-1 spells otherwise.
_COUNTRY_ALIASES = {"UK": "GB", "EL": "GR", "EN": "GB"}


def _iso_codes(database: str, table: str) -> frozenset[str]:
    """The alpha-2 codes of one of pycountry's ISO databases (Debian's iso-codes).

    Read straight from its JSON: pycountry's own objects for all 7,900 ISO 639-3 languages
    take longer to build than validating a small register.
    """
    import pycountry  # noqa: PLC0415  # only when a code is checked

    path = Path(pycountry.__file__).parent / "databases" / database
    entries = json.loads(path.read_text(encoding="utf-8"))[table]
    return frozenset(entry["alpha_2"] for entry in entries if "alpha_2" in entry)


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 country codes."""
    return _iso_codes("iso3166-1.json", "3166-1")


@cache
def language_codes() -> frozenset[str]:
    """ISO 639-1 language codes."""
    return _iso_codes("iso639-3.json", "639-3")


@cache
def _language_names() -> dict[str, str]:
    import pycountry  # noqa: PLC0415  # only when a language is named

    path = Path(pycountry.__file__).parent / "databases" / "iso639-3.json"
    entries = json.loads(path.read_text(encoding="utf-8"))["639-3"]
    # "Modern Greek (1453-)": the period is ISO 639-3's, not how a reader names the language
    return {e["alpha_2"]: re.sub(r" \(.*\)$", "", e["name"]) for e in entries if "alpha_2" in e}


def language_name(code: str) -> str:
    """A language as a finding names it: ``German ('de')``."""
    name = _language_names().get(code)
    return f"{name} ('{code}')" if name else f"'{code}'"


@cache
def _country_names() -> dict[str, str]:
    """Alpha-2 codes by alpha-3 code and by English name, folded: ``FRA`` and ``france`` → FR."""
    import pycountry  # noqa: PLC0415  # only when a country is misspelt

    path = Path(pycountry.__file__).parent / "databases" / "iso3166-1.json"
    codes: dict[str, str] = {}
    for entry in json.loads(path.read_text(encoding="utf-8"))["3166-1"]:
        for key in ("alpha_3", "name", "common_name", "official_name"):
            if key in entry:
                codes[entry[key].casefold()] = entry["alpha_2"]
    return codes


def parse_country(value: Any) -> str:
    if not isinstance(value, str):
        raise invalid(f"expected an ISO 3166-1 alpha-2 country code such as FR, not {shown(value)}")
    code = value.strip()
    if code.upper() in _COUNTRY_ALIASES:
        raise invalid(
            f"'{bounded(code)}' is not an ISO 3166-1 code; write {_COUNTRY_ALIASES[code.upper()]}"
        )
    if code.upper() in country_codes():
        if code != code.upper():
            raise invalid(f"write country codes in upper case: {code.upper()}")
        return code
    meant = _country_names().get(code.casefold())
    if meant:
        raise invalid(f"'{bounded(code)}' is not an ISO 3166-1 alpha-2 country code; write {meant}")
    raise invalid(
        f"'{bounded(code)}' is not an ISO 3166-1 alpha-2 country code (e.g. FR, DE, US, NO)"
    )


def parse_language(value: Any) -> str:
    if not isinstance(value, str):
        raise invalid(f"expected an ISO 639-1 language code such as en, not {shown(value)}")
    code = value.strip()
    if code.lower() in language_codes():
        if code != code.lower():
            raise invalid(f"write language codes in lower case: {code.lower()}")
        return code
    raise invalid(f"'{bounded(code)}' is not an ISO 639-1 language code (e.g. en, fr, de)")


_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)


def parse_url(value: Any) -> str:
    if isinstance(value, str) and _URL.fullmatch(value.strip()):
        return value.strip()
    meant = ""
    if isinstance(value, str) and _URL.fullmatch(f"https://{value.strip()}"):
        meant = f"; write https://{value.strip()}"
    raise invalid(f"expected an absolute https:// or http:// URL, not {shown(value)}{meant}")


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: it holds a dict
class Plain:
    """Validates a value with ``parse`` and shows ``json_schema`` to editors."""

    parse: Any
    json_schema: dict[str, Any]

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(self.parse)

    def __get_pydantic_json_schema__(
        self, schema: Any, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return dict(self.json_schema)


Country = Annotated[
    str, Plain(parse_country, {"type": "string", "pattern": "^[A-Z]{2}$", "examples": ["FR", "US"]})
]
Language = Annotated[
    str,
    Plain(parse_language, {"type": "string", "pattern": "^[a-z]{2}$", "examples": ["en", "fr"]}),
]
Url = Annotated[str, Plain(parse_url, {"type": "string", "format": "uri", "pattern": "^https?://"})]


@dataclass(frozen=True, slots=True)
class _RustStr:
    """A string checked by pydantic-core itself (no Python call per value), with our message."""

    pattern: str | None
    message: str

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.custom_error_schema(
            core_schema.str_schema(pattern=self.pattern, strict=True),
            custom_error_type="invalid_value",
            custom_error_message=self.message,
        )


ID_REGEX = "^[a-z][a-z0-9_-]*$"
Id = Annotated[
    str,
    _RustStr(
        ID_REGEX,
        "expected an id (lowercase letters, digits, '-' and '_', starting with a letter)",
    ),
]
Str = Annotated[str, _RustStr(None, "expected a string")]
#: An email address: no spaces, and none of ``? & # / : < >`` that would let a ``mailto:`` link
#: carry headers (``?bcc=``) or point elsewhere.
Email = Annotated[
    str,
    _RustStr(
        r"^[^@\s?&#/:<>\\\"']+@[^@\s?&#/:<>\\\"']+\.[^@\s?&#/:<>\\\"']+$",
        "expected an email address such as privacy@example.org",
    ),
]
Int = Annotated[int, Plain(parse_int, {"type": "integer", "minimum": 0})]
Bool = Annotated[bool, Plain(parse_bool, {"type": "boolean"})]
Date = Annotated[
    date, Plain(parse_date, {"type": "string", "format": "date", "examples": ["2026-09-01"]})
]


# --- Lists that name each entry once --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unique:
    """A list that may name each entry (or language) once: the second mention is invalid.

    The items are validated first, so a bad item and a repeated one are both reported in one
    pass; a repeated item is compared as written (``fr`` and ``fr`` , an id and the same id).
    """

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_wrap_validator_function(_unique, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: Any, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(schema), "uniqueItems": True}


def _unique(value: Any, handler: Any) -> Any:
    if not isinstance(value, list):
        return handler(value)
    failed: ValidationError | None = None
    errors: list[ErrorDetails] = []
    try:
        result = handler(value)
    except ValidationError as exc:
        failed, errors = exc, exc.errors(include_url=False)
    bad = {e["loc"][0] for e in errors if e["loc"]}
    first: dict[str, int] = {}
    repeated: list[InitErrorDetails] = []
    for index, item in enumerate(value):
        if index in bad or not isinstance(item, str):
            continue
        key = item.strip()
        if key not in first:
            first[key] = index
            continue
        repeated.append(
            InitErrorDetails(
                type=invalid(
                    f"'{bounded(key)}' is named twice (first at [{first[key]}]); remove this one"
                ),
                loc=(index,),
                input=item,
            )
        )
    if not repeated:
        if failed is not None:
            raise failed
        return result
    kept = [
        InitErrorDetails(
            type=PydanticCustomError(e["type"], e["msg"]), loc=tuple(e["loc"]), input=e["input"]
        )
        for e in errors
    ]
    raise ValidationError.from_exception_data("list", [*kept, *repeated])


#: Ids of entries of another section, each named once.
Refs = Annotated[list[Id], Unique()]
#: Language codes, each named once.
Languages = Annotated[list[Language], Unique()]
