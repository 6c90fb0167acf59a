"""The public page: title, version, languages and how rights are exercised (Art. 12-14)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from ropa.model.base import Entry, Model
from ropa.model.types import Date, Int, Language, Languages, Markdown, Str, Text, Url

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


class Revision(Model):
    """One revision of the policy."""

    version: Str = Field(description="version of that revision")
    date: Date = Field(description="date it took effect")
    summary: Text | None = Field(default=None, description="what changed")


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
