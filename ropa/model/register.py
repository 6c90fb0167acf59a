"""The register: validated entries, references resolved into objects.

Each entry is validated on its own, so one bad entry does not hide the findings of the others.
Linking then resolves every id into the entry it names (``activity.recipient_entries``), so that
rules and renderers never look ids up by hand.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Optional, get_origin

from pydantic import Field, ValidationError, create_model

from ropa.display import shown
from ropa.findings import Finding
from ropa.loader import ANY, UNREADABLE, Source
from ropa.model.activities import Activity
from ropa.model.base import Entry
from ropa.model.cookies import FIRST_PARTY, Cookie
from ropa.model.definitions import DataCategory, DataSubject, SecurityMeasure
from ropa.model.errors import findings_from_error
from ropa.model.organization import Organization
from ropa.model.policy import Policy
from ropa.model.recipients import Recipient
from ropa.model.types import DEFAULT_LANGUAGE_KEY, parse_language
from ropa.rules.files import INVALID_VALUE, MISSING_FIELD, UNKNOWN_REFERENCE
from ropa.vocabulary import ENTRY_SECTIONS, REFERENCES, SINGULAR, describe, did_you_mean

SECTION_MODELS: dict[str, type[Entry]] = {
    "organization": Organization,
    "policy": Policy,
    "data_subjects": DataSubject,
    "data_categories": DataCategory,
    "recipients": Recipient,
    "security_measures": SecurityMeasure,
    "activities": Activity,
    "cookies": Cookie,
}


@dataclass
class Register:
    """A whole register, linked. Entry sections map id → entry, in the order they were read."""

    organization: Organization | None = None
    policy: Policy | None = None
    data_subjects: dict[str, DataSubject] = field(default_factory=dict)
    data_categories: dict[str, DataCategory] = field(default_factory=dict)
    recipients: dict[str, Recipient] = field(default_factory=dict)
    security_measures: dict[str, SecurityMeasure] = field(default_factory=dict)
    activities: dict[str, Activity] = field(default_factory=dict)
    cookies: dict[str, Cookie] = field(default_factory=dict)
    #: Entries that exist but could not be validated: references to them are not "unknown".
    broken: set[tuple[str, str]] = field(default_factory=set)
    #: Ids that broken entries refer to, by section, so they do not look unused.
    broken_refs: dict[str, set[str]] = field(default_factory=dict)
    #: Sections part of which a YAML mistake kept from being read: their ids are not known.
    unread_sections: set[str] = field(default_factory=set)
    #: The words of the text of a section a YAML mistake kept from being read: ids it may define.
    unread_words: dict[str, set[str]] = field(default_factory=dict)
    #: Ids refused as invalid (``'Newsletter'``), by section: what they meant is not unknown.
    misnamed: dict[str, list[str]] = field(default_factory=dict)
    #: (path, section, id) of the references in broken entries, checked once all are read.
    pending: list[tuple[tuple[str | int, ...], str, str]] = field(default_factory=list)
    #: The sections as read, plain YAML data: what the exports that carry the register with
    #: them (``ico``, ``cnil``) embed, so that ``ropa import`` gives it back unchanged.
    declarations: dict[str, Any] = field(default_factory=dict)

    @property
    def languages(self) -> list[str]:
        return self.policy.languages if self.policy else []

    def unknown(self, section: str, ref: str) -> bool:
        """Whether ``ref`` names nothing in ``section``, as far as the register could be read."""
        return (
            ref not in self.section(section)
            and (section, ref) not in self.broken
            and section not in self.unread_sections
            and ref not in self.unread_words.get(section, ())
            and not difflib.get_close_matches(ref, self.misnamed.get(section, ()), n=1, cutoff=0.8)
        )

    def section(self, name: str) -> dict[str, Any]:
        """The entries of an entry section by name; any other name is an error (a template may
        call this: it must never become a way to reach another attribute)."""
        if name not in ENTRY_SECTIONS:
            raise KeyError(name)
        entries: dict[str, Any] = getattr(self, name)
        return entries

    def entry(self, path: tuple[str | int, ...]) -> Entry | None:
        """The entry a path starts in: ``("policy", ...)`` or ``("activities", "x", ...)``."""
        if not path:
            return None
        if path[0] in ("organization", "policy"):
            found: Entry | None = getattr(self, str(path[0]))
            return found
        return self.section(str(path[0])).get(str(path[1])) if len(path) > 1 else None

    def original_path(self, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
        """``path`` with list indices as the user wrote them, before invalid items were removed."""
        entry = self.entry(path)
        if entry is None or not entry._kept:
            return path
        head = _head(path)
        return (*path[:head], *_as_written(path[head:], entry._kept))

    def already_reported(self, path: tuple[str | int, ...]) -> bool:
        """Whether ``path`` is, or contains below the entry level, a value removed as invalid:
        the user has an error there already, and a finding about it would only echo that."""
        entry = self.entry(path)
        if entry is None or not entry._removed:
            return False
        head = _head(path)
        rel = self.original_path(path)[head:]
        return any(
            rel[: len(gone)] == gone or (rel and gone[: len(rel)] == rel) for gone in entry._removed
        )

    def entries(self) -> Iterator[tuple[tuple[str, ...], Entry]]:
        """Every entry with its path: ``("organization",)``, ``("activities", "newsletter")``..."""
        if self.organization is not None:
            yield ("organization",), self.organization
        if self.policy is not None:
            yield ("policy",), self.policy
        for name in ENTRY_SECTIONS:
            for entry_id, entry in self.section(name).items():
                yield (name, entry_id), entry


def _head(path: tuple[str | int, ...]) -> int:
    """How many steps of ``path`` name its entry: 1 for a single section, else 2."""
    return 1 if path[0] in ("organization", "policy") else 2


def default_language(source: Source) -> str:
    """The first of ``policy.languages`` if it can be read, for plain-string Texts."""
    policy = source.sections.get("policy")
    languages = policy.get("languages") if isinstance(policy, dict) else None
    if isinstance(languages, list) and languages:
        try:
            return parse_language(languages[0])
        except ValueError:
            pass
    return "en"


def build(source: Source) -> tuple[Register, list[Finding]]:
    """Validate every entry of ``source`` and link the register."""
    register = Register(declarations=source.sections)
    findings: list[Finding] = []
    locate = source.locator
    context = {DEFAULT_LANGUAGE_KEY: default_language(source)}
    _note_unread(register, source)
    for name, model in SECTION_MODELS.items():
        if name in ("organization", "policy"):
            raw = source.sections.get(name)
            unread = _unread_keys(source, name)
            absent = raw is None and (name,) not in source.entries
            if absent and unread is not None:
                findings.append(
                    MISSING_FIELD.finding(
                        locate.default(),
                        f"the register has no '{shown(name)}' section; add one (see ropa's format reference, docs/format.md)",
                    )
                )
                continue
            if raw is UNREADABLE or absent:
                continue  # its yaml-syntax finding says it all
            entry = _validate(
                model,
                raw or {},
                path=(name,),
                context=context,
                locate=locate,
                findings=findings,
                unread=unread or frozenset(),
            )
            if entry is not None:
                setattr(register, name, entry)
            continue
        section = register.section(name)
        for entry_id, raw in source.sections.get(name, {}).items():
            entry = None
            if raw is not UNREADABLE:
                entry = _validate(
                    model,
                    raw,
                    path=(name, entry_id),
                    context=context,
                    locate=locate,
                    findings=findings,
                )
            if entry is None:
                register.broken.add((name, entry_id))
                _note_references(register, name, entry_id, raw)
            else:
                entry._id = entry_id
                section[entry_id] = entry
    findings.extend(link(register, locate))
    return register, findings


def _note_unread(register: Register, source: Source) -> None:
    """What a YAML mistake kept from being read: references to it are not unknown, and what
    its text names is not unused."""
    everything = ANY in source.unread
    for path in source.unread:
        if len(path) == 1 and path[0] in ENTRY_SECTIONS:
            register.unread_sections.add(path[0])
        elif len(path) == 2 and path[0] in ENTRY_SECTIONS:
            register.broken.add((path[0], path[1]))
    if everything:
        register.unread_sections.update(ENTRY_SECTIONS)
    words = set().union(*source.unread_words.values())
    for section in ENTRY_SECTIONS:
        if words:
            register.broken_refs.setdefault(section, set()).update(words)
    register.misnamed = source.misnamed
    register.unread_words = {
        section: found
        for section, found in source.unread_words.items()
        if any(path[0] == section for path in source.unread)
    }


def _unread_keys(source: Source, name: str) -> frozenset[str] | None:
    """The keys of a single section that a YAML mistake kept from being read; None when the
    whole section may be there unread (its absence is then not a finding)."""
    if (name,) in source.unread or ANY in source.unread:
        return None
    return frozenset(path[1] for path in source.unread if len(path) == 2 and path[0] == name)


def _note_references(register: Register, section: str, entry_id: str, raw: Any) -> None:
    """Keep the ids a broken entry names: what it uses is not unused, and typos still show."""
    if not isinstance(raw, dict):
        return
    for key, target in REFERENCES.get(section, {}).items():  # an entry's own keys, not its items'
        value = raw.get(key)
        ids = value if isinstance(value, list) else [value]
        for index, ref in enumerate(ids):
            if isinstance(ref, str):
                register.broken_refs.setdefault(target, set()).add(ref)
                step: tuple[str | int, ...] = (key, index) if isinstance(value, list) else (key,)
                register.pending.append(((section, entry_id, *step), target, ref))


_MAX_REPAIRS = 4


def _validate(
    model: type[Entry],
    raw: Any,
    *,
    path: tuple[str, ...],
    context: dict[str, str],
    locate: Any,
    findings: list[Finding],
    unread: frozenset[str] = frozenset(),
) -> Entry | None:
    """Validate one entry; report every error, then keep what is valid for the rules.

    One bad value must not hide the rest of the entry: an activity with an impossible
    ``reviewed`` date still needs its legal basis checked. So the failing parts are removed
    (a whole list item when a required key inside it fails) and the entry validated again; it
    is dropped only when a key it cannot do without is missing.
    """
    if raw is None and len(path) == 2:
        raw = {}
    try:
        return model.model_validate(raw, context=context)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        findings.extend(
            finding
            for error, finding in zip(
                errors, findings_from_error(exc, path, model, locate), strict=True
            )
            if not (error["type"] == "missing" and str(error["loc"][0]) in unread)
        )
    data = copy.deepcopy(raw)
    kept: dict[tuple[str | int, ...], list[int]] = {}
    removed: set[tuple[str | int, ...]] = set()
    missing: frozenset[str] = frozenset()
    for _ in range(_MAX_REPAIRS):
        if not isinstance(data, dict):
            return None
        targets = {_repair_target(e) for e in errors}
        if () in targets:  # a key the entry needs is missing: the rest is still checked
            missing |= {str(e["loc"][0]) for e in errors if _repair_target(e) == ()}
            targets.discard(())
            removed |= {(key,) for key in missing}
        for target in sorted(targets, key=_deepest_last_first):
            removed.add(_as_written(target, kept))
            _remove(data, target, kept)
        try:
            entry = _partial(model, missing).model_validate(data, context=context)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            continue
        except Exception:  # a validator that needs the missing key: drop the entry
            return None
        entry._kept = kept
        entry._removed = removed | {(key,) for key in unread}
        return entry
    return None


@cache
def _partial(model: type[Entry], missing: frozenset[str]) -> type[Entry]:
    """``model`` with the required keys ``missing`` made optional (``None``), so that an entry
    that lacks one is still checked by every rule about its other keys. Findings under a
    missing key are dropped as already reported (``Register.already_reported``)."""
    if not missing:
        return model
    fields: dict[str, Any] = {}
    for key in missing:
        annotation = model.model_fields[key].annotation if key in model.model_fields else None
        if get_origin(annotation) is list:  # an empty list reads as "none declared"
            fields[key] = (annotation, Field(default_factory=list))
        elif annotation is not None:
            fields[key] = (Optional[annotation], None)  # noqa: UP045  # a type built at run time
    partial: type[Entry] = create_model(
        model.__name__, __base__=model, __module__=model.__module__, **fields
    )
    return partial


def _as_written(
    rel: tuple[str | int, ...], kept: dict[tuple[str | int, ...], list[int]]
) -> tuple[str | int, ...]:
    """A path inside an entry with list indices as written, given the items removed so far."""
    result: list[str | int] = []
    current: tuple[str | int, ...] = ()
    for step in rel:
        indices = kept.get(current)
        if isinstance(step, int) and indices is not None and 0 <= step < len(indices):
            result.append(indices[step])
        else:
            result.append(step)
        current = (*current, step)
    return tuple(result)


def _repair_target(error: Any) -> tuple[str | int, ...]:
    """What to remove for an error: the bad value, or the mapping that lacks a required key."""
    loc = tuple(error["loc"])
    return loc[:-1] if error["type"] == "missing" else loc


def _deepest_last_first(loc: tuple[str | int, ...]) -> tuple[int, tuple[tuple[int, Any], ...]]:
    """Removal order: deeper paths first, then higher list indices first, so indices hold."""
    return (-len(loc), tuple((0, -step) if isinstance(step, int) else (1, step) for step in loc))


def _remove(
    data: Any, loc: tuple[str | int, ...], kept: dict[tuple[str | int, ...], list[int]]
) -> None:
    try:
        for step in loc[:-1]:
            data = data[step]
        last = loc[-1]
        if isinstance(data, list) and isinstance(last, int):
            indices = kept.setdefault(loc[:-1], list(range(len(data))))
            del indices[last]
            del data[last]
        elif isinstance(data, dict):
            data.pop(last, None)
    except (KeyError, IndexError, TypeError):
        return


@dataclass
class _Linker:
    register: Register
    locate: Any
    findings: list[Finding] = field(default_factory=list)

    def resolve(
        self,
        ids: list[str],
        section: str,
        path: tuple[str | int, ...],
        *,
        within: list[str] | None = None,
    ) -> list[Any]:
        """The entries ``ids`` name in ``section``; unknown ones become findings."""
        entries = self.register.section(section)
        resolved = []
        for index, ref in enumerate(ids):
            if ref in entries:
                if within is not None and ref not in within:
                    self.findings.append(
                        INVALID_VALUE.finding(
                            self.locate(self.register.original_path((*path, index)), value=True),
                            f"{describe(path)}: '{shown(ref)}' is not one of the "
                            f"activity's data_categories; add it there or remove it here",
                        )
                    )
                    continue
                resolved.append(entries[ref])
            elif self.register.unknown(section, ref):
                self.unknown(ref, section, (*path, index))
        return resolved

    def unknown(self, ref: str, section: str, path: tuple[str | int, ...]) -> None:
        known = list(self.register.section(section))
        self.findings.append(
            UNKNOWN_REFERENCE.finding(
                self.locate(self.register.original_path(path), value=True),
                f"{describe(path[:2])} refers to {SINGULAR[section]} '{shown(ref)}', which is not defined "
                f"under {section}{did_you_mean(ref, known)}",
            )
        )


def link(register: Register, locate: Any) -> list[Finding]:
    """Resolve every reference into the entry it names; report the ones that name nothing."""
    linker = _Linker(register, locate)
    for activity_id, activity in register.activities.items():
        path: tuple[str | int, ...] = ("activities", activity_id)
        activity._subjects = linker.resolve(
            activity.data_subjects, "data_subjects", (*path, "data_subjects")
        )
        activity._categories = linker.resolve(
            activity.data_categories, "data_categories", (*path, "data_categories")
        )
        activity._recipients = linker.resolve(
            activity.recipients, "recipients", (*path, "recipients")
        )
        activity._measures = linker.resolve(
            activity.security_measures, "security_measures", (*path, "security_measures")
        )
        activity._joint = linker.resolve(
            activity.joint_controllers, "recipients", (*path, "joint_controllers")
        )
        own = activity.data_categories
        for index, basis in enumerate(activity.legal_bases):
            basis._categories = (
                linker.resolve(
                    basis.categories,
                    "data_categories",
                    (*path, "legal_bases", index, "categories"),
                    within=own,
                )
                if basis.categories
                else list(activity.category_entries)
            )
        for index, source in enumerate(activity.sources):
            source._categories = linker.resolve(
                source.categories,
                "data_categories",
                (*path, "sources", index, "categories"),
                within=own,
            )
        for index, retention in enumerate(activity.retention):
            retention._categories = (
                linker.resolve(
                    retention.categories,
                    "data_categories",
                    (*path, "retention", index, "categories"),
                    within=own,
                )
                if retention.categories
                else list(activity.category_entries)
            )
    for path, section, ref in register.pending:
        if ref != FIRST_PARTY and register.unknown(section, ref):
            linker.unknown(ref, section, path)
    for cookie_id, cookie in register.cookies.items():
        path = ("cookies", cookie_id)
        if cookie.provider is not None and cookie.provider != FIRST_PARTY:  # None: missing
            found = linker.resolve([cookie.provider], "recipients", (*path, "provider"))
            cookie._provider = found[0] if found else None
        if cookie.purpose is not None:
            found = linker.resolve([cookie.purpose], "activities", (*path, "purpose"))
            cookie._purpose = found[0] if found else None
    return linker.findings
