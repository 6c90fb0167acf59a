"""The public page: title, version, languages and how rights are exercised (Art. 12-14)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from ropa.changes.materiality import TABLE
from ropa.display import shown as bounded
from ropa.model.base import Entry, Model
from ropa.model.types import (
    Date,
    Int,
    Language,
    Languages,
    Markdown,
    Plain,
    Str,
    Text,
    Url,
    invalid,
    shown,
)
from ropa.vocabulary import did_you_mean

#: The response time a policy states when it does not say.
DEFAULT_RESPONSE_DAYS = 30
#: Art. 12(3): a response "without undue delay and in any event within one month"; the longest
#: month has 31 days.
MAX_RESPONSE_DAYS = 31


class Channel(StrEnum):
    """A way data subjects can exercise their rights (Art. 12(2))."""

    EMAIL = "email"
    POST = "post"
    WEB_FORM = "web_form"


class Rights(Model):
    """How data subjects exercise their rights (Art. 12, 15-22)."""

    channels: list[Channel] = Field(
        default_factory=list, description="email, post, web_form", examples=[["email", "post"]]
    )
    web_form: Url | None = Field(default=None, description="address of the rights request form")
    response_days: Int = Field(
        default=DEFAULT_RESPONSE_DAYS,
        description="days to answer a request; default 30, at most 31: one month (Art. 12(3))",
    )
    identity_check: Markdown | None = Field(
        default=None, description="how identity is checked before answering"
    )


def parse_kind(value: Any) -> str:
    """A kind of change of ``ropa diff``'s materiality table, or an error that suggests one."""
    if not isinstance(value, str):
        raise invalid(f"expected a kind of change such as purpose-added, not {shown(value)}")
    kind = value.strip()
    if kind not in TABLE:
        raise invalid(
            f"no kind of change is called '{bounded(kind)}'{did_you_mean(kind, sorted(TABLE))} "
            "(the README's table of kinds lists them, e.g. purpose-added, transfer-added)"
        )
    return kind


#: A kind of change (``purpose-added``, ``retention-lengthened``...): a key of the table
#: ``ropa diff`` classifies changes by.
Kind = Annotated[
    str,
    Plain(parse_kind, {"type": "string", "enum": list(TABLE), "examples": ["purpose-added"]}),
]


class RecordedChange(Model):
    """One change a revision made, as ``ropa diff --format yaml`` writes it: its kind and, in
    words, what it changes for the reader."""

    kind: Kind = Field(
        description="kind of change from the README's materiality table, e.g. purpose-added; "
        "a material kind makes ropa build write a notice"
    )
    summary: Text = Field(
        description="what changes, in plain words, e.g. New purpose: sending our newsletter"
    )


class Revision(Model):
    """One revision of the policy."""

    version: Str = Field(description="version of that revision")
    date: Date = Field(description="date it took effect")
    summary: Text | None = Field(default=None, description="what changed")
    changes: list[RecordedChange] = Field(
        default_factory=list,
        description="the changes of this revision, each {kind, summary} (ropa diff --format "
        "yaml writes them): ropa build writes a notice of the newest revision's material "
        "changes, and the changes feed lists them all",
    )


class Policy(Entry):
    """The public privacy policy page."""

    title: Text = Field(description="title of the page")
    version: Str = Field(
        description="version, e.g. 1.0 (write it in quotes if it looks like a number)"
    )
    effective_date: Date = Field(description="date this version takes effect (YYYY-MM-DD)")
    languages: Languages = Field(
        min_length=1,
        description="languages rendered, each once; the first is the default language",
    )
    governing_language: Language | None = Field(
        default=None, description="which version prevails when translations differ"
    )
    minimum_age: Int | None = Field(
        default=None, description="age below which parental consent is needed (Art. 8)"
    )
    intro: Markdown | None = Field(default=None, description="opening paragraphs")
    rights: Rights = Field(default_factory=Rights, description="how rights are exercised")
    history: list[Revision] = Field(default_factory=list, description="revisions, newest first")

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def prevailing_language(self) -> str:
        return self.governing_language or self.languages[0]
