"""Transparency: what the public page must tell, in every language it is published in (Art. 12-13)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from ropa.display import shown
from ropa.findings import Severity
from ropa.model.activities import ActivityRole
from ropa.model.policy import MAX_RESPONSE_DAYS
from ropa.model.register import Register
from ropa.model.types import Name, Text, language_name
from ropa.rules.base import Context, Hit, Path, rule
from ropa.scaffold import is_placeholder
from ropa.vocabulary import describe, has_catalog, text_example


@rule("response-time-excessive", Severity.ERROR, "GDPR Art. 12(3)")
def response_time_excessive(register: Register, context: Context) -> Iterator[Hit]:
    """`policy.rights.response_days` is over 31.

    Art. 12(3): requests are answered "within one month", which is 31 days at most. The
    two-month extension is for complex or numerous requests, told to the person case by case
    within the first month; it is not a standing response time.

    Fails:   `rights: {response_days: 45}`
    Passes:  `rights: {response_days: 30}` (or 31)
    """
    policy = register.policy
    if policy is not None and policy.rights.response_days > MAX_RESPONSE_DAYS:
        yield Hit(
            ("policy", "rights", "response_days"),
            f"response_days is {policy.rights.response_days}; requests must be answered within one "
            f"month: write response_days: 30 (at most {MAX_RESPONSE_DAYS}; a two-month extension "
            "is told to the person case by case, for complex or numerous requests)",
            value=True,
        )


@rule("provision-undeclared", Severity.WARNING, "GDPR Art. 13(2)(e)")
def provision_undeclared(register: Register, context: Context) -> Iterator[Hit]:
    """A public controller activity collects data from the person and has no `provision`.

    When data is collected from the person, the policy must say whether providing it is a
    statutory or contractual requirement, and what happens if it is not provided (Art.
    13(2)(e)). Data comes from the person unless a source provides it: an activity with no
    `sources`, or with a data category that no `sources[].categories` ties to a source (a
    source written as a plain text does not say which data it provides), collects from the
    person.

    Fails:   an activity with no `sources` and no `provision`, or with
             `sources: ["Our partner shops"]` and no `provision`
    Passes:  `provision: {requirement: contractual, consequence: "We cannot deliver the order"}`,
             or `sources: [{source: "Our partner shops", categories: [identity]}]` covering
             every data category of the activity
    """
    consequence = text_example(
        register.languages,
        {
            "en": "We cannot process your order without them.",
            "fr": "Sans elles, nous ne pouvons pas traiter votre commande.",
        },
    )
    provision = (
        f"add provision: {{requirement: contractual, consequence: {consequence}}} "
        "(requirement: statutory, contractual, precondition or voluntary)"
    )
    for activity_id, activity in register.activities.items():
        if (
            activity.role is ActivityRole.PROCESSOR
            or not activity.public
            or activity.provision is not None
        ):
            continue
        sourced = {ref for source in activity.sources for ref in source.categories}
        from_person = [ref for ref in activity.data_categories if ref not in sourced]
        if activity.data_categories and not from_person:
            continue
        path = ("activities", activity_id)
        if not activity.sources:
            yield Hit(
                path,
                f"{describe(path)} collects data from the person but does not say whether it "
                f"must be provided; {provision}",
            )
            continue
        which = ", ".join(f"'{shown(ref)}'" for ref in from_person) or "data"
        source = (
            f"{{source: {text_example(register.languages)}, "
            f"categories: [{', '.join(shown(ref) for ref in from_person)}]}}"
        )
        yield Hit(
            path,
            f"{describe(path)} collects {which} from the person (no sources[].categories names "
            f"them) but does not say whether they must be provided; {provision}, or, if a "
            f"source provides them, name them in its categories: {source}",
        )


def texts(value: Any, path: Path) -> Iterator[tuple[Path, Text]]:
    """Every Text inside ``value`` with its path (YAML keys, so aliases such as ``from``)."""
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, key in _text_fields(type(value)):
            inner = getattr(value, name)
            if inner is not None:
                yield from texts(inner, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts(item, (*path, index))


@cache
def _text_fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(attribute, YAML key) of the fields of ``model`` that may hold a Text, however deep."""
    return tuple(
        (name, field.alias or name)
        for name, field in model.model_fields.items()
        if _may_hold_text(field.annotation)
    )


def _may_hold_text(annotation: Any) -> bool:
    if isinstance(annotation, type):
        if issubclass(annotation, Text):
            return True
        if issubclass(annotation, BaseModel):
            return bool(_text_fields(annotation))
        return False
    return any(_may_hold_text(arg) for arg in get_args(annotation))


@rule("translation-missing", Severity.ERROR)
def translation_missing(register: Register, context: Context) -> Iterator[Hit]:
    """A Text lacks one of `policy.languages`, or still holds ropa init's words to translate.

    Documents are built in every language of the policy: public texts on the policy page, and
    all texts (internal notes and waiver reasons included) in the register, so each needs all of
    them. A plain string counts as the first (default) language, except for a name (of a
    recipient, a role, an owner, a law or a reference), which reads the same in every language
    unless it is written per language. `ropa init --lang en,de` writes the English words under
    `de`, marked `# translate`: until they are translated, they count as missing.

    Fails:   `languages: [en, fr]` and `name: Newsletter`, or `name: {en: Customers,
             de: Customers}` left as `ropa init` wrote it
    Passes:  `name: {en: Newsletter, fr: Lettre d'information}`
    """
    languages = register.languages
    if len(languages) < 1:
        return
    for entry_path, entry in register.entries():
        for path, text in texts(entry, entry_path):
            if isinstance(text, Name) and text.plain:
                continue  # a name written once is the same in every language
            missing = text.missing(languages)
            if missing:
                yield Hit(path, _missing_message(path, text, missing, languages))
            if text.plain:
                continue
            for language in languages:
                value = text.values.get(language)
                if value is not None and is_placeholder(language, value):
                    where = (*path, language)
                    yield Hit(
                        where,
                        f"{describe(where)} is still the English text ropa init wrote to be "
                        f"translated ({shown(value)!r}); write the {language_name(language)} "
                        "text in its place",
                        value=True,
                    )


#: Up to this length, a text written once is quoted in the suggestion to write it per language.
_QUOTED = 80


def _missing_message(path: Path, text: Text, missing: list[str], languages: list[str]) -> str:
    names = " and ".join(language_name(m) for m in missing)
    if not text.plain:
        adds = ", ".join(f"{m}: ..." for m in missing)
        return f"{describe(path)} has no {names} text; add {adds} to it"
    (written,) = text.values.items()
    value = written[1]
    if len(value) <= _QUOTED and "\n" not in value:
        quoted = json.dumps(value, ensure_ascii=False)
        mapping = ", ".join(
            f"{lang}: {quoted}" if lang == written[0] else f"{lang}: ..." for lang in languages
        )
        return f"{describe(path)} has no {names} text; write it per language: {{{mapping}}}"
    mapping = ", ".join(f"{lang}: ..." for lang in languages)
    return (
        f"{describe(path)} has no {names} text; write it per language, the present text under "
        f"{written[0]}: {{{mapping}}}"
    )


@rule("security-measures-missing", Severity.WARNING, "GDPR Art. 30(1)(g), 30(2)(d), 32")
def security_measures_missing(register: Register, context: Context) -> Iterator[Hit]:
    """An activity lists no `security_measures`.

    The register must describe the technical and organisational security measures
    (Art. 30(1)(g)) where possible.

    Fails:   an activity with no `security_measures`
    Passes:  `security_measures: [tls, access_control]`
    """
    measures = list(register.security_measures)
    add = (
        f"add security_measures: [{', '.join(measures)}], or those of them that protect it"
        if measures
        else "describe them under security_measures: (e.g. access-control: {name: ..., type: "
        "organisational}) and list their ids in the activity's security_measures: "
        "[access-control]"
    )
    for activity_id, activity in register.activities.items():
        if not activity.security_measures:
            path = ("activities", activity_id)
            yield Hit(path, f"{describe(path)} lists no security measures; {add}")


@rule("hidden-purpose", Severity.WARNING, "GDPR Art. 13(1)(c), 14(1)(c)")
def hidden_purpose(register: Register, context: Context) -> Iterator[Hit]:
    """A controller activity is kept off the public page and says nowhere how people are told.

    People must be told of every purpose for which their data is processed (Art. 13(1)(c),
    14(1)(c)). An activity with `public: false` (staff management, say) is not on the public
    page, so `informed_by` says where its data subjects are informed instead; the register
    shows it.

    Fails:   `{public: false}` on an activity where we are controller, with no `informed_by`
    Passes:  `{public: false, informed_by: "The employee privacy notice, given at hiring"}`
    """
    informed_by = text_example(
        register.languages,
        {
            "en": "The employee privacy notice, given at hiring",
            "fr": "La notice d'information remise aux salariés à l'embauche",
        },
    )
    for activity_id, activity in register.activities.items():
        if (
            activity.role is not ActivityRole.PROCESSOR
            and not activity.public
            and activity.informed_by is None
        ):
            path = ("activities", activity_id, "public")
            yield Hit(
                path,
                f"{describe(path[:2])} is kept off the public page, but its data subjects must "
                f"still be told of this purpose; say how, e.g. informed_by: {informed_by}, or "
                "publish it",
                value=True,
            )


@rule("language-without-catalog", Severity.WARNING, "GDPR Art. 12(1)")
def language_without_catalog(register: Register, context: Context) -> Iterator[Hit]:
    """A language of `policy.languages` for which ropa has no message catalog.

    The policy must be intelligible, "using clear and plain language" (Art. 12(1)); a page in
    one language is in that language throughout. The declarations give the page its texts, but
    ropa writes its fixed sentences (headings, labels, the words around the declarations) from
    its message catalogs (`ropa/locale/<lang>/LC_MESSAGES/ropa.po`): ropa speaks English and
    French. For another language those sentences stay in English, so a German page would mix
    German texts with English headings under `<html lang="de">`. Have ropa's catalog made for
    the language and translated (`pybabel init -l de -i ropa/locale/ropa.pot -d ropa/locale -D
    ropa`, then the `.po` file), or drop the language; where English headings are acceptable
    for a while, waive this rule on `policy` with the reason.

    Fails:   `languages: [en, de]`
    Passes:  `languages: [en, fr]`, or `policy: {waivers: [{rule: language-without-catalog,
             reason: "German catalog under translation, ticket DOC-12"}]}`
    """
    policy = register.policy
    if policy is None:
        return
    languages = policy.languages
    for index, language in enumerate(languages):
        if has_catalog(language):
            continue
        path = ("policy", "languages", index)
        remove = f"remove '{language}' from languages, or " if len(languages) > 1 else ""
        yield Hit(
            path,
            f"{describe(path)}: ropa has no message catalog for {language_name(language)}, so "
            "the fixed sentences of the documents in it (headings, labels) will be in English; "
            f"{remove}accept that for now with waivers: [{{rule: language-without-catalog, "
            f"reason: {text_example(languages)}}}] under policy, until "
            f"ropa/locale/{language}/LC_MESSAGES/ropa.po is translated",
            value=True,
        )
