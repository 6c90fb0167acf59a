"""The words every stage shares: the format's sections, and how a path or a typo is said.

Small and dependency-free, so that the loader, the models, the rules and the configuration
can all use it without depending on one another.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable

from ropa.display import shown

#: Sections that hold one mapping for the whole register.
SINGLE_SECTIONS = ("organization", "policy")
#: Sections that hold entries keyed by id; the same section in several files is merged.
ENTRY_SECTIONS = (
    "data_subjects",
    "data_categories",
    "recipients",
    "security_measures",
    "activities",
    "cookies",
)
SECTIONS = SINGLE_SECTIONS + ENTRY_SECTIONS

#: What one entry of a section is called in a message.
SINGULAR = {
    "organization": "organization",
    "policy": "policy",
    "data_subjects": "data subject",
    "data_categories": "data category",
    "recipients": "recipient",
    "security_measures": "security measure",
    "activities": "activity",
    "cookies": "cookie",
}


def describe(path: Sequence[str | int]) -> str:
    """A path as a reader says it: ``activity 'newsletter' (legal_bases[0].interest)``."""
    if not path:
        return "the register"
    section = str(path[0])
    if section in SINGLE_SECTIONS:
        head, rest = section, path[1:]
    elif len(path) >= 2:
        head, rest = f"{SINGULAR.get(section, section)} '{shown(str(path[1]))}'", path[2:]
    else:
        return f"section '{section}'"
    if not rest:
        return head
    tail = ""
    for step in rest:
        tail += f"[{step}]" if isinstance(step, int) else (f".{step}" if tail else step)
    return f"{head} ({tail})"


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """``"; did you mean 'x'?"`` when a choice is close to ``word``, else ``""``."""
    close = difflib.get_close_matches(word[:100], choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


#: The language of ropa's own sentences (headings, labels); every other needs a catalog.
SOURCE_LANGUAGE = "en"
#: The gettext domain of ropa's catalogs.
DOMAIN = "ropa"


def catalog(language: str) -> Traversable:
    """Where the message catalog of ``language`` is (``ropa/locale/fr/LC_MESSAGES/ropa.po``)."""
    return resources.files("ropa").joinpath("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")


def has_catalog(language: str) -> bool:
    """Whether ropa's documents say their fixed sentences in ``language``."""
    return language == SOURCE_LANGUAGE or catalog(language).is_file()


#: Letters that NFKD does not decompose into a base letter and marks.
_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th"})
_NOT_ID = re.compile(r"[^a-z0-9_-]+")


def suggest_id(written: str) -> str:
    """An id made from what was written, accents dropped rather than cut:
    ``Données navigation`` → ``donnees-navigation``, ``Straße`` → ``strasse``.

    Letters lose their accents (NFKD, combining marks dropped; ß, æ, œ, ø spelled out), anything
    else becomes ``-`` (one for a run: ``tls{-encryption`` → ``tls-encryption``). The result may still not be an id (``2fa`` starts with a digit).
    """
    text = unicodedata.normalize("NFKD", written[:200].lower().translate(_LETTERS))
    bare = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"-{2,}", "-", _NOT_ID.sub("-", bare)).strip("-_")


def text_example(languages: Sequence[str], examples: Mapping[str, str] | None = None) -> str:
    """A Text as a suggestion writes it, so that copying it makes no ``translation-missing``:
    one string for a register in one language, else one per language:
    ``{en: "Unsubscribe link in every email", fr: "Lien de désinscription..."}``.

    ``examples`` holds the example in some languages (always English); a language it lacks gets
    ``...``, for the editor to write.
    """
    examples = examples or {}
    if len(languages) <= 1:
        language = languages[0] if languages else "en"
        example = examples.get(language) or examples.get("en")
        return f'"{example}"' if example else "..."
    parts = [
        f'{lang}: "{examples[lang]}"' if examples.get(lang) else f"{lang}: ..."
        for lang in languages
    ]
    return "{" + ", ".join(parts) + "}"


#: Keys that refer to the entries of a section (key → section referred to), by the section of
#: the entry that holds them; ``categories`` is a legal basis's, a source's or a retention
#: entry's, one level down.
REFERENCES: dict[str, dict[str, str]] = {
    "activities": {
        "data_subjects": "data_subjects",
        "data_categories": "data_categories",
        "recipients": "recipients",
        "joint_controllers": "recipients",
        "security_measures": "security_measures",
        "categories": "data_categories",
    },
    "cookies": {"provider": "recipients", "purpose": "activities"},
}
