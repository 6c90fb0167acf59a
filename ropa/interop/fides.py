"""A Fides manifest (fideslang 3 YAML: ``organization``, ``system`` with
``privacy_declarations``, custom ``data_category``, ``data_subject`` and ``data_use`` entries)
read into an :class:`~ropa.interop.result.Imported`.

Each privacy declaration becomes an activity; the taxonomy keys it uses become data
categories and data subjects, named from the manifest's own entries where it defines them,
else from the key (``user.contact.email`` → "Contact email"). A manifest ropa wrote
(:mod:`ropa.render.fides`) carries the register's ids and names in ``system[].meta.ropa``:
they are used first, so that a register comes back with its own ids.

Fides holds no retention period but as text, no legal basis details (the interest, the law, how
consent is withdrawn), no transfers per recipient, no security measures, no policy: what it does
not say is a ``# TODO``; what it says that ropa has no key for (the data use, the third parties)
goes into the activity's ``notes``, and every such value is a :class:`~ropa.interop.result.Note`.

The file is untrusted: it is read with a size bound, as UTF-8, by PyYAML's safe loader (no
object is constructed), with aliases refused (a manifest needs none, and they make bombs).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ropa.interop.parse import parse_duration
from ropa.interop.plainyaml import PlainYamlError, load_plain
from ropa.interop.result import Cell, Imported, Note
from ropa.loader import LIMITS

#: fideslang's ``legal_basis_for_processing`` → the Art. 6 basis.
BASIS_BY_LABEL = {
    "Consent": "consent",
    "Contract": "contract",
    "Legal obligations": "legal_obligation",
    "Vital interests": "vital_interests",
    "Public interest": "public_task",
    "Legitimate interests": "legitimate_interests",
}

#: fideslang's ``special_category_legal_basis`` → the Art. 9(2) letter.
CONDITION_BY_LABEL = {
    "Explicit consent": "a",
    "Employment, social security and social protection": "b",
    "Vital interests": "c",
    "Not-for-profit bodies": "d",
    "Made public by the data subject": "e",
    "Legal claims or judicial acts": "f",
    "Reasons of substantial public interest (with a basis in law)": "g",
    "Health or social care (with a basis in law)": "h",
    "Public health (with a basis in law)": "i",
    "Archiving, research and statistics (with a basis in law)": "j",
}

#: Data uses that say the legal basis themselves.
BASIS_BY_USE = {
    "essential.legal_obligation": "legal_obligation",
    "third_party_sharing.legal_obligation": "legal_obligation",
}

#: Default data categories that are special categories (Art. 9, 10), by their key's prefix.
SPECIAL_BY_KEY = {
    "user.demographic.race_ethnicity": "racial_or_ethnic_origin",
    "user.demographic.political_opinion": "political_opinions",
    "user.demographic.religious_belief": "religious_or_philosophical_beliefs",
    "user.health_and_medical.genetic": "genetic",
    "user.biometric": "biometric",
    "user.authorization.biometric": "biometric",
    "user.health_and_medical": "health",
    "user.demographic.sexual_orientation": "sex_life_or_orientation",
    "user.criminal_history": "criminal_convictions",
}

#: Keys of a declaration this module reads; any other with a value is a note.
_DECLARATION_KEYS = frozenset(
    {
        "name",
        "data_categories",
        "data_use",
        "data_subjects",
        "legal_basis_for_processing",
        "flexible_legal_basis_for_processing",
        "special_category_legal_basis",
        "processes_special_category_data",
        "retention_period",
        "impact_assessment_location",
        "data_shared_with_third_parties",
        "third_parties",
    }
)
#: Keys of a system read here (the rest, when they hold something, are notes).
_SYSTEM_KEYS = frozenset(
    {"fides_key", "organization_fides_key", "name", "privacy_declarations", "meta", "system_type"}
)
_ID = re.compile(r"[a-z][a-z0-9_-]*")
_NOT_ID = re.compile(r"[^a-z0-9_-]+")


class ManifestError(ValueError):
    """The file cannot be read as a manifest at all (too large, not UTF-8, not YAML, aliases,
    not a mapping); the message is one line."""


def read_fides(path: Path) -> Imported:
    """Read the manifest at ``path`` (at most ropa's bound on one file)."""
    with path.open("rb") as stream:
        data = stream.read(LIMITS.file_bytes + 1)
    return read_manifest(data, path.name)


def read_manifest(data: bytes, name: str) -> Imported:
    """Read a manifest's bytes; ``name`` (the file's name) is the notes' ``sheet``."""
    return _Reader(name).read(_load(data, name))


def _load(data: bytes, name: str) -> dict[str, Any]:
    if len(data) > LIMITS.file_bytes:
        raise ManifestError(f"{name} is larger than {LIMITS.file_bytes // (1024 * 1024)} MB")
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode()
    except UnicodeDecodeError as exc:
        raise ManifestError(f"{name} is not UTF-8 text (byte {exc.start})") from None
    try:
        document = load_plain(text, name, "a manifest")
    except PlainYamlError as exc:
        raise ManifestError(str(exc)) from None
    if not isinstance(document, dict):
        raise ManifestError(f"{name} is not a Fides manifest (a mapping with 'system:' at the top)")
    return document


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {}, False)


def _verbatim(value: Any) -> str:
    """A value as the manifest wrote it: text as is, a list or mapping in YAML's flow style."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, list | dict):
        return str(value)
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**9).strip()


def key_id(key: str) -> str:
    """A register id for a taxonomy key: ``user.contact.email`` → ``user-contact-email``."""
    slug = _NOT_ID.sub("-", key.lower().replace(".", "-")).strip("-_")
    return slug if _ID.fullmatch(slug) else f"fides-{slug}".rstrip("-")


def key_name(key: str, kind: str = "data_category") -> str:
    """A name for a taxonomy key: ``user.behavior.purchase_history`` → "Behavior purchase
    history", ``user`` → "User data", the subject ``anonymous_user`` → "Anonymous user"."""
    parts = key.split(".")
    words = " ".join(parts[1:] if len(parts) > 1 and parts[0] in {"user", "system"} else parts)
    words = words.replace("_", " ").strip()
    words = words[:1].upper() + words[1:]
    return f"{words} data" if len(parts) == 1 and kind == "data_category" else words


class _Reader:
    """One manifest's reading: the sections it fills and the notes it takes."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.result = Imported()
        self.activities: dict[str, dict[str, Any]] = {}
        self.categories: dict[str, dict[str, Any]] = {}
        self.subjects: dict[str, dict[str, Any]] = {}
        #: custom taxonomy entries of the manifest, by kind and key
        self.custom: dict[str, dict[str, dict[str, Any]]] = {}
        #: the system being read: its ``meta.ropa`` (when ropa wrote it) and its department
        self.known: dict[str, Any] = {}
        self.owner: Any = None

    def note(
        self, column: str, value: Any, what: str, reason: str, path: tuple[str | int, ...] = ()
    ) -> None:
        self.result.notes.append(
            Note(Cell(self.sheet, 0, column), _verbatim(value), what, reason, path)
        )

    def todo(self, path: tuple[str | int, ...], text: str) -> None:
        """A ``# TODO`` beside the key at ``path`` (where it would go, when it is missing); a
        second one there joins the first."""
        todos = self.result.todos
        todos[path] = f"{todos[path]}; {text}" if path in todos else text

    def read(self, document: dict[str, Any]) -> Imported:
        for kind in ("data_category", "data_subject", "data_use"):
            entries = document.get(kind) or []
            if isinstance(entries, list):
                self.custom[kind] = {
                    str(e["fides_key"]): e
                    for e in entries
                    if isinstance(e, dict) and "fides_key" in e
                }
        for top, value in document.items():
            if top in {"data_category", "data_subject", "data_use", "organization", "system"}:
                continue
            if _filled(value):
                self.note(str(top), value, "unmapped", f"ropa has no section for Fides '{top}'")
        organizations = document.get("organization") or []
        if isinstance(organizations, list) and organizations:
            self._organization(organizations)
        systems = document.get("system") or []
        if not isinstance(systems, list) or not systems:
            raise ManifestError(f"{self.sheet} has no 'system:' list, so no declaration to import")
        for index, system in enumerate(systems):
            if isinstance(system, dict):
                self._system(system, f"system[{index}]")
        sections = self.result.sections
        sections["activities"] = self.activities
        if self.subjects:
            sections["data_subjects"] = self.subjects
        if self.categories:
            sections["data_categories"] = self.categories
        return self.result

    # --- organisation -------------------------------------------------------------------------

    def _organization(self, organizations: list[Any]) -> None:
        org = organizations[0]
        if not isinstance(org, dict):
            return
        for index, extra in enumerate(organizations[1:], start=1):
            self.note(
                f"organization[{index}]", extra, "unmapped", "a register has one organization"
            )
        out: dict[str, Any] = {}
        controller: dict[str, Any] = (
            org["controller"] if isinstance(org.get("controller"), dict) else {}
        )
        out["name"] = org.get("name") or controller.get("name") or org.get("fides_key")
        if controller.get("email"):
            out["email"] = controller["email"]
        if controller.get("phone"):
            out["phone"] = controller["phone"]
        path: tuple[str | int, ...] = ("organization",)
        if controller.get("address"):
            self.note(
                "organization[0].controller.address",
                controller["address"],
                "unmapped",
                "the address is one line in Fides; the register wants street, postal code, city and country",
                path,
            )
            self.todo(
                (*path, "address"),
                f"write {controller['address']!r} as {{street, postal_code, city, country}}",
            )
        for key, target in (
            ("data_protection_officer", "dpo"),
            ("representative", "eu_representative"),
        ):
            person = org.get(key)
            if not isinstance(person, dict) or not any(person.values()):
                continue
            entry = {k: person[k] for k in ("name", "email", "address") if person.get(k)}
            out[target] = entry
            if person.get("phone"):
                self.note(
                    f"organization[0].{key}.phone",
                    person["phone"],
                    "unmapped",
                    "no phone for this person in the register",
                    (*path, target),
                )
            if target == "eu_representative":
                self.note(
                    f"organization[0].{key}",
                    person,
                    "guessed",
                    "Fides has one representative: read as the EU representative (Art. 27); move it to uk_representative if it is that one",
                    (*path, target),
                )
        for key, value in org.items():
            if key in {
                "fides_key",
                "name",
                "controller",
                "data_protection_officer",
                "representative",
            }:
                continue
            if _filled(value):
                self.note(
                    f"organization[0].{key}", value, "unmapped", "ropa has no key for it", path
                )
        self.todo((*path, "supervisory_authority"), "where complaints go (Fides does not hold it)")
        self.result.sections["organization"] = out

    # --- systems and declarations ---------------------------------------------------------------

    def _system(self, system: dict[str, Any], where: str) -> None:
        meta = system.get("meta")
        ropa_meta = meta.get("ropa") if isinstance(meta, dict) else None
        self.known = known = (
            ropa_meta if isinstance(ropa_meta, dict) and ropa_meta.get("version") == 1 else {}
        )
        by_name: dict[str, list[dict[str, Any]]] = {}
        for entry in known.get("activities") or []:
            if isinstance(entry, dict):
                by_name.setdefault(str(entry.get("name")), []).append(entry)
        for key, value in meta.items() if isinstance(meta, dict) else ():
            if key != "ropa" and _filled(value):
                self.note(f"{where}.meta.{key}", value, "unmapped", "ropa has no key for it")
        for key, value in system.items():
            if key in _SYSTEM_KEYS or not _filled(value):
                continue
            self.note(
                f"{where}.{key}",
                value,
                "unmapped",
                "a system-wide fact ropa keeps per activity or not at all",
            )
        self.owner = system.get("administrating_department")
        declarations = system.get("privacy_declarations") or []
        for index, declaration in enumerate(declarations if isinstance(declarations, list) else []):
            if not isinstance(declaration, dict):
                continue
            name = str(
                declaration.get("name") or declaration.get("data_use") or f"declaration {index + 1}"
            )
            mine = by_name.get(name, [])
            self._declaration(
                declaration,
                f"{where}.privacy_declarations[{index}]",
                name,
                mine.pop(0) if mine else None,
            )

    def _declaration(
        self,
        declaration: dict[str, Any],
        where: str,
        name: str,
        mine: dict[str, Any] | None,
    ) -> None:
        """One declaration as an activity; ``mine``: its entry in ``meta.ropa``, if any."""
        known, owner = self.known, self.owner
        activity_id = self._unique(str(mine["id"]) if mine else key_id(name))
        path: tuple[str | int, ...] = ("activities", activity_id)
        activity: dict[str, Any] = {"name": mine.get("name", name) if mine else name}
        if isinstance(owner, str) and owner:
            activity["owner"] = owner
        notes: list[str] = []
        self.activities[activity_id] = activity

        # subjects and categories: the register's own ids when ropa wrote the manifest
        for field, kind, table in (
            ("data_subjects", "data_subject", self.subjects),
            ("data_categories", "data_category", self.categories),
        ):
            keys = [str(k) for k in declaration.get(field) or []]
            own = (mine or {}).get(field)
            if isinstance(own, list) and own:
                activity[field] = [str(i) for i in own]
                for entry_id in activity[field]:
                    entry = (known.get(field) or {}).get(entry_id) or {}
                    if entry_id not in table:
                        table[entry_id] = {"name": entry.get("name") or entry_id}
                        if entry.get("fides") in SPECIAL_BY_KEY:
                            table[entry_id]["special"] = SPECIAL_BY_KEY[entry["fides"]]
                continue
            activity[field] = []
            for key in keys:
                entry_id = key_id(key)
                activity[field].append(entry_id)
                if entry_id not in table:
                    table[entry_id] = self._taxonomy_entry(kind, key)

        # legal basis
        use = declaration.get("data_use")
        label = declaration.get("legal_basis_for_processing")
        own_bases = (mine or {}).get("legal_bases")
        if isinstance(own_bases, list) and own_bases:
            activity["legal_bases"] = [{"basis": str(b)} for b in own_bases]
        elif label in BASIS_BY_LABEL:
            activity["legal_bases"] = [{"basis": BASIS_BY_LABEL[str(label)]}]
        elif use in BASIS_BY_USE:
            activity["legal_bases"] = [{"basis": BASIS_BY_USE[str(use)]}]
            self.note(
                f"{where}.data_use",
                use,
                "guessed",
                "the data use names the basis",
                (*path, "legal_bases"),
            )
        else:
            self.note(
                f"{where}.data_use",
                use,
                "unmapped",
                "Fides gives no legal basis for this declaration",
                (*path, "legal_bases"),
            )
            self.todo(
                (*path, "legal_bases"),
                f"the Art. 6 basis (Fides said only the data use '{use}')",
            )
        if "legal_bases" in activity:
            self.todo(
                (*path, "legal_bases"),
                "the basis's details Fides does not hold (interest, law, withdrawal)",
            )
        if use:
            notes.append(f"Fides data use: {use}")
            self.note(
                f"{where}.data_use",
                use,
                "unmapped",
                "kept in notes: ropa has no data use",
                (*path, "notes"),
            )

        special = declaration.get("special_category_legal_basis")
        if special in CONDITION_BY_LABEL:
            activity["special_conditions"] = [CONDITION_BY_LABEL[str(special)]]
        elif _filled(special):
            self.note(
                f"{where}.special_category_legal_basis",
                special,
                "unmapped",
                "not an Art. 9(2) condition fideslang knows",
                path,
            )

        assessment = declaration.get("impact_assessment_location")
        bases = activity.get("legal_bases") or []
        interest = next((b for b in bases if b["basis"] == "legitimate_interests"), None)
        if _filled(assessment) and interest is not None:
            interest["balancing_test"] = str(assessment)
        elif _filled(assessment):
            notes.append(f"Impact assessment: {assessment}")
            self.note(
                f"{where}.impact_assessment_location",
                assessment,
                "unmapped",
                "no legitimate interest to attach it to",
                (*path, "notes"),
            )

        self._retention(
            declaration.get("retention_period"), f"{where}.retention_period", path, activity
        )

        third = declaration.get("third_parties")
        if _filled(third):
            notes.append(f"Shared with: {third}")
            self.note(
                f"{where}.third_parties",
                third,
                "unmapped",
                "recipients are entries with a role and a country in the register; kept in notes",
                (*path, "notes"),
            )
            self.todo(
                (*path, "recipients"),
                "declare the third parties in notes under recipients: and list them here",
            )
        for key, value in declaration.items():
            if key not in _DECLARATION_KEYS and _filled(value):
                notes.append(f"Fides {key}: {_verbatim(value)}")
                self.note(
                    f"{where}.{key}",
                    value,
                    "unmapped",
                    "ropa has no key for it; kept in notes",
                    (*path, "notes"),
                )
        if notes:
            activity["notes"] = "\n\n".join(notes)

    def _retention(
        self, period: Any, column: str, path: tuple[str | int, ...], activity: dict[str, Any]
    ) -> None:
        if not _filled(period):
            self.todo((*path, "retention"), "how long the data is kept (Fides did not say)")
            return
        parsed = parse_duration(str(period))
        if parsed is not None:
            activity["retention"] = [{"period": parsed.value}]
            if parsed.guessed:
                self.note(
                    column, period, "guessed", f"read as {parsed.value}", (*path, "retention")
                )
            return
        activity["retention"] = [{"criteria": str(period)}]
        self.note(
            column,
            period,
            "guessed",
            "kept verbatim as the criteria; write a period where there is one",
            (*path, "retention"),
        )
        self.todo((*path, "retention"), "split into periods per category where the text gives them")

    def _taxonomy_entry(self, kind: str, key: str) -> dict[str, Any]:
        """A data category or subject for a taxonomy key: the manifest's own entry when it
        defines one, else named from the key."""
        custom = self.custom.get(kind, {}).get(key)
        entry: dict[str, Any] = {"name": str((custom or {}).get("name") or key_name(key, kind))}
        if custom and custom.get("description"):
            entry["description"] = str(custom["description"])
        else:
            entry["description"] = f"Fides {kind.replace('_', ' ')} {key}"
        if kind == "data_category":
            special = next(
                (v for k, v in SPECIAL_BY_KEY.items() if key == k or key.startswith(f"{k}.")), None
            )
            if special is not None:
                entry["special"] = special
                self.note(
                    kind,
                    key,
                    "guessed",
                    f"a special category ({special}) by its Fides key",
                    ("data_categories", key_id(key), "special"),
                )
        return entry

    def _unique(self, activity_id: str) -> str:
        candidate, number = activity_id, 2
        while candidate in self.activities:
            candidate, number = f"{activity_id}-{number}", number + 1
        return candidate
